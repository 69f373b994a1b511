"""Helpers for the browser tests: Debian's Chromium driven by Playwright (never `playwright
install`; scripts/sysdeps.sh installs `chromium`), screenshots under out/web/, logging in."""

from __future__ import annotations

from pathlib import Path

from web_helpers import PASSWORD

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SHOTS = Path(__file__).resolve().parent.parent / "out" / "web"


def shot(page, name: str) -> None:
    """A full-page screenshot ``out/web/<name>.png``, to be looked at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def log_in(page, base, name="clerk", password=PASSWORD):
    page.goto(f"{base}/login")
    page.get_by_label("ชื่อผู้ใช้").fill(name)
    page.get_by_label("รหัสผ่าน").fill(password)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
