"""Helpers for the browser tests: Debian's Chromium driven by Playwright (never `playwright
install`; scripts/sysdeps.sh installs `chromium`), screenshots under out/web/, logging in."""

from __future__ import annotations

from contextlib import contextmanager
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


def double_click(page, selector: str, landmark: str) -> str:
    """Double-click ``selector`` (a form's submit button, as a hurried clerk does) and wait for
    ``landmark`` on the page it ends on; its URL. The second click submits the form again, and
    the browser may abort the first navigation (net::ERR_ABORTED) — so wait for the landed
    page's element, which survives that, not for a navigation event."""
    page.dblclick(selector)
    page.locator(landmark).wait_for()
    return page.url


def log_in(page, base, name="clerk", password=PASSWORD):
    page.goto(f"{base}/login")
    page.get_by_label("ชื่อผู้ใช้").fill(name)
    page.get_by_label("รหัสผ่าน").fill(password)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()


@contextmanager
def desk_in_chromium(app, *, width: int = 1400, height: int = 1000):
    """(page, base URL, browser context): ``app`` served on 127.0.0.1 in a thread (werkzeug,
    threaded) and one Chromium page on it, Thai locale, 30 s timeouts; all closed after.
    Skips when Chromium is missing (fails on CI, where scripts/sysdeps.sh installs it)."""
    import os
    import threading

    import pytest
    from werkzeug.serving import make_server

    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: scripts/sysdeps.sh test installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is missing: run scripts/sysdeps.sh test")
    from playwright.sync_api import sync_playwright

    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            try:
                ctx = browser.new_context(viewport={"width": width, "height": height}, locale="th-TH",
                                          accept_downloads=True)
                ctx.set_default_timeout(30_000)
                yield ctx.new_page(), f"http://127.0.0.1:{httpd.server_port}", ctx
            finally:
                browser.close()
    finally:
        httpd.shutdown()
