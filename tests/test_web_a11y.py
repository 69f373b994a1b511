"""Accessibility basics of the web desk (issue 11): contrast AA, every field labelled, every
field reachable with Tab, and each role's menu in a real browser.

* Contrast: every text colour declared in static/desk.css is measured (WCAG 2 relative
  luminance) against the background it sits on — its own rule's, the nearest enclosing rule's
  (``header.top a`` on ``header.top``), else every light surface the stylesheet declares — and
  every badge's background against its text; under 4.5:1 fails. Focus rings and field borders
  (non-text, WCAG 1.4.11) must reach 3:1.
* Labels: every page a role can reach by following the desk's links (crawled from the inbox
  with the Flask test client) has a ``<label for>`` for every field (web_helpers.unlabelled).
* Keyboard and menus (Playwright on /usr/bin/chromium): each role logs in, sees its own menu
  and not the others', and on each of its pages Tab reaches every visible field and button.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from web_helpers import OFFICE, PASSWORD, login, make_app, unlabelled

CSS = Path(__file__).resolve().parent.parent / "docengine" / "web" / "static" / "desk.css"


# --- contrast ---------------------------------------------------------------------------

def _rgb(value: str, variables: dict) -> tuple[float, float, float, float] | None:
    value = value.strip()
    found = re.fullmatch(r"var\((--[\w-]+)\)", value)
    if found:
        return _rgb(variables[found[1]], variables)
    if value.startswith("#"):
        h = value[1:]
        if len(h) in (3, 4):
            h = "".join(c * 2 for c in h)
        a = int(h[6:8], 16) / 255 if len(h) == 8 else 1.0
        return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16), a
    found = re.fullmatch(r"rgba?\(([^)]*)\)", value)
    if found:
        parts = [float(p) for p in re.split(r"[,\s/]+", found[1].strip()) if p]
        return parts[0], parts[1], parts[2], parts[3] if len(parts) > 3 else 1.0
    if value in ("white",):
        return 255, 255, 255, 1.0
    return None  # none, inherit, transparent, currentColor …


def _over(fg, bg):
    """``fg`` (maybe translucent) composited over the opaque ``bg``."""
    a = fg[3]
    return tuple(fg[i] * a + bg[i] * (1 - a) for i in range(3)) + (1.0,)


def luminance(c) -> float:
    def lin(v):
        v /= 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2])


def contrast(a, b) -> float:
    """WCAG 2 contrast ratio.

    >>> round(contrast((0, 0, 0, 1), (255, 255, 255, 1)), 1)
    21.0
    """
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _rules(css: str):
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"@media[^{]*\{((?:[^{}]*\{[^}]*\})*)\s*\}", r"\1", css)
    for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
        decls = {}
        for d in body.split(";"):
            if ":" in d:
                k, v = d.split(":", 1)
                decls[k.strip()] = v.strip()
        for sel in selectors.split(","):
            yield sel.strip(), decls


def _background(decls, variables):
    for key in ("background-color", "background"):
        if key in decls:
            for token in re.findall(r"#[0-9a-fA-F]{3,8}|rgba?\([^)]*\)|var\([^)]*\)|\bwhite\b", decls[key]):
                c = _rgb(token, variables)
                if c:
                    return c
    return None


def colour_pairs(css: str):
    """(what, text colour, background colour, minimum ratio) for every pair the stylesheet declares."""
    rules = list(_rules(css))
    variables = {k: v for sel, d in rules if sel == ":root" for k, v in d.items() if k.startswith("--")}
    white = (255, 255, 255, 1.0)
    page = _rgb(variables["--bg"], variables)
    bgs = {sel: _background(d, variables) for sel, d in rules if _background(d, variables)}
    colours = {sel: _rgb(d["color"], variables) for sel, d in rules if "color" in d and _rgb(d["color"], variables)}
    decls_of = dict(rules)

    def pill(sel):
        """A background hugging its own text (no vertical padding: a badge, a count), not a surface."""
        return re.match(r"0(px)?\s", decls_of.get(sel, {}).get("padding", "") + " ") is not None

    # The light surfaces text without a background of its own may sit on: the page, cards, tables …
    surfaces = {"page (body)": page, **{sel: _over(c, white) for sel, c in bgs.items()
                                        if luminance(_over(c, white)) > 0.4 and not pill(sel)}}

    def context(sel):
        """The background of ``sel`` itself, else of the nearest enclosing selector that has one."""
        parts = sel.split()
        for n in range(len(parts), 0, -1):
            prefix = " ".join(parts[:n])
            for candidate in (prefix, re.sub(r"[:\[].*$", "", prefix)):
                if candidate in bgs:
                    return candidate, bgs[candidate]
        return None, None

    out = []
    for sel, fg in colours.items():
        where, bg = context(sel)
        if bg is not None:
            base = page if where in ("body", ":root") else white
            out.append((f"{sel} on {where}", fg, _over(bg, base), 4.5))
        elif not any(re.fullmatch(re.escape(sel) + r"\.[\w-]+", b) for b in bgs):
            out += [(f"{sel} on {name}", fg, surf, 4.5) for name, surf in surfaces.items()]
        # else: a badge's base rule, whose variants give the background (checked below)
    ink = _rgb(variables.get("--ink", "#000"), variables)
    for sel, bg in bgs.items():  # badges and tags: a dark background, the text colour from their base rule
        if sel in colours:
            continue
        if pill(sel) and luminance(_over(bg, white)) > 0.4:  # a light pill: the inherited ink on it
            out.append((f"{sel} (ink)", ink, _over(bg, white), 4.5))
        parent = re.sub(r"\.[\w-]+$", "", sel)
        base = colours.get(parent)
        if base is not None and luminance(_over(bg, white)) <= 0.4:
            out.append((f"{sel} (text of {parent})", base, _over(bg, white), 4.5))
    # Non-text (WCAG 1.4.11): focus rings and field borders, 3:1 against where they are drawn.
    for sel, d in rules:
        for key in ("outline", "outline-color", "box-shadow", "border"):
            if key not in d or ("focus" not in sel and not (key == "border" and re.search(r"\binput|select|textarea", sel))):
                continue
            for token in re.findall(r"#[0-9a-fA-F]{3,8}|var\([^)]*\)", d[key]):
                ring = _rgb(token, variables)
                where, bg = context(sel)
                targets = {where: _over(bg, white)} if bg is not None and "focus" not in sel else surfaces
                if sel.startswith("header.top") and "header.top" in bgs:
                    targets = {"header.top": bgs["header.top"]}
                out += [(f"{sel} {key} on {name}", ring, surf, 3.0) for name, surf in targets.items()]
    return out


def test_every_declared_colour_pair_meets_wcag_aa():
    pairs = colour_pairs(CSS.read_text(encoding="utf-8"))
    assert len(pairs) > 40  # the stylesheet's pairs were found, not skipped
    failing = [(what, round(contrast(fg, bg), 2), need) for what, fg, bg, need in pairs if contrast(fg, bg) < need]
    assert not failing, failing
    badges = [p for p in pairs if p[0].startswith((".badge", ".kind-tag"))]
    assert {p[0].split()[0] for p in badges} >= {".badge.speed", ".badge.secret", ".badge.here", ".kind-tag.receipt"}


def test_the_contrast_check_catches_a_pale_colour():
    """The measure itself: grey #999 text on white is 2.8:1 and is reported."""
    css = ":root { --bg: #ffffff; } .card { background: #fff; } .note { color: #999; }"
    failing = [w for w, fg, bg, need in colour_pairs(css) if contrast(fg, bg) < need]
    assert ".note on page (body)" in failing and ".note on .card" in failing


# --- a site with something on every page ---------------------------------------------------

@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The desk with one letter of ours (numbered), the district's letter received with a stamped
    copy, and an endorsement: every page kind has something to show."""
    from docengine import Office, Register, issue_letter
    from docengine.chain import receive_pdf

    folder = tmp_path_factory.mktemp("weba11y")
    app, url, _ = make_app(folder)
    reg = Register.open(url, office=Office.sample())
    issue_letter(reg, {"subject": "ขอเชิญประชุม", "recipient": "นายอำเภอฝาง", "body": ["ด้วยเทศบาลขอเชิญประชุม"]},
                 pdf=folder / "ours.pdf", docx=folder / "ours.docx")
    receipt, _ = receive_pdf(reg, folder / "district.pdf", OFFICE, out=folder / "stamped.pdf", routing=["กองคลัง"])
    from docengine.chain import endorse_receipt

    endorse_receipt(reg, receipt.id, by="ผู้ใช้ endorser", position="ปลัด", text="ทราบ")
    reg.close()
    return app, url, folder


SKIP = re.compile(r"\.(pdf|docx|xlsx|png|js|css|ttf|otf)(\?|$)|/static/|/fonts?/|[?&]inline=|/logout")


def crawl(client, start="/", limit=80) -> dict[str, str]:
    """Every desk page reachable from ``start`` by links: {path: html}."""
    seen, queue, pages = set(), [start], {}
    while queue and len(pages) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        r = client.get(path)
        if r.status_code != 200 or not r.content_type.startswith("text/html"):
            continue
        pages[path] = r.text
        for href in re.findall(r'href="(/[^"#]*)"', r.text):
            href = href.replace("&amp;", "&")
            if not SKIP.search(href) and href not in seen:
                queue.append(href)
    return pages


@pytest.mark.parametrize("who", ["clerk", "endorser", "signer", "admin"])
def test_every_field_on_every_page_a_role_reaches_has_a_label(site, who):
    app, _, folder = site
    c = app.test_client()
    pages = {"/login": c.get("/login").text}
    assert login(c, who).status_code == 302
    pages.update(crawl(c))
    if who == "clerk":  # the receive page after a PDF is chosen: the stamp placement's fields
        import io

        from web_helpers import csrf

        form = c.get("/receipts/new").text
        token = re.search(r'name="receive_token" value="([^"]+)"', form)[1]
        pages["/receipts/placement"] = c.post("/receipts/placement", data={
            "csrf_token": csrf(form), "receive_token": token,
            "pdf": (io.BytesIO((folder / "ours.pdf").read_bytes()), "ours.pdf")},
            content_type="multipart/form-data").text
        assert "stamp-x" in pages["/receipts/placement"]
    expected = {"clerk": ["/letters/new", "/receipts/new", "/registers", "/allowance", "/receipts/"],
                "endorser": ["/registers", "/receipts/"], "signer": ["/registers"],
                "admin": ["/admin/users", "/admin/reference"]}[who]
    for prefix in expected:
        assert any(p.startswith(prefix) for p in pages), (who, prefix, sorted(pages))
    if who == "admin":
        assert not any(p.startswith(("/letters/", "/receipts/", "/registers")) for p in pages)
    missing = {p: unlabelled(h) for p, h in pages.items() if unlabelled(h)}
    assert not missing, missing


# --- in the browser: each role's menu, every field reachable with Tab ------------------------

MENU = {  # role -> (menu links it must have, menu links it must not have)
    "clerk": ({"งานรอคุณ", "ร่างหนังสือ", "ลงรับหนังสือ", "ทะเบียน", "เบี้ยยังชีพ"}, {"ผู้ใช้"}),
    "endorser": ({"งานรอคุณ", "ทะเบียน"}, {"ร่างหนังสือ", "ลงรับหนังสือ", "เบี้ยยังชีพ", "ผู้ใช้"}),
    "signer": ({"งานรอคุณ", "ทะเบียน"}, {"ร่างหนังสือ", "ลงรับหนังสือ", "เบี้ยยังชีพ", "ผู้ใช้"}),
    "admin": ({"ผู้ใช้"}, {"ร่างหนังสือ", "ลงรับหนังสือ", "ทะเบียน", "เบี้ยยังชีพ"}),
}

_FOCUSABLE = """() => {
  const all = [...document.querySelectorAll('input, select, textarea, button, summary, [tabindex]:not([tabindex="-1"])')];
  const shut = e => { const d = e.closest('details:not([open])'); return d && e !== d.querySelector('summary'); };
  const visible = all.filter(e => e.type !== 'hidden' && !e.disabled && e.getClientRects().length
                                  && getComputedStyle(e).visibility !== 'hidden' && !shut(e));
  visible.forEach((e, i) => e.dataset.a11y = String(i));
  return visible.map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.name ? '[' + e.name + ']' : ''));
}"""


def _tab_walk(page) -> tuple[list[str], set[int]]:
    wanted = page.evaluate(_FOCUSABLE)
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    page.mouse.click(1, 1)  # start from the document, not a field
    reached = set()
    for _ in range(len(wanted) + 60):
        page.keyboard.press("Tab")
        got = page.evaluate("() => document.activeElement && document.activeElement.dataset"
                            " ? document.activeElement.dataset.a11y : null")
        if got is not None:
            reached.add(int(got))
        if len(reached) == len(wanted):
            break
    return wanted, reached


def test_each_role_sees_its_menu_and_reaches_every_field_with_tab(site):
    import os
    import threading

    from werkzeug.serving import make_server

    from browser import ARGS, CHROMIUM, SHOTS

    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing: run scripts/sysdeps.sh test")
    from playwright.sync_api import sync_playwright

    app, _, folder = site
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_port}"
    SHOTS.mkdir(parents=True, exist_ok=True)
    unreached = {}
    walked = 0
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            for who in ("clerk", "endorser", "signer", "admin"):
                ctx = b.new_context(viewport={"width": 1400, "height": 1000}, locale="th-TH")
                ctx.set_default_timeout(30_000)
                page = ctx.new_page()
                page.goto(f"{base}/login")
                if who == "clerk":
                    wanted, reached = _tab_walk(page)
                    walked += 1
                    if len(reached) != len(wanted):
                        unreached["/login"] = [w for i, w in enumerate(wanted) if i not in reached]
                page.get_by_label("ชื่อผู้ใช้").fill(who)
                page.get_by_label("รหัสผ่าน").fill(PASSWORD)
                page.get_by_label("รหัสผ่าน").press("Enter")  # the keyboard logs in too
                page.wait_for_url(f"{base}/")
                menu = {m.split()[0] if m.split() else m for m in page.locator("header nav a").all_inner_texts()}
                have, not_have = MENU[who]
                assert have <= menu and not (not_have & menu), (who, menu)
                page.screenshot(path=str(SHOTS / f"30-menu-{who}.png"), full_page=False)
                client = app.test_client()
                login(client, who)
                paths = [pth for pth in crawl(client, limit=40)]
                for pth in paths:
                    page.goto(base + pth)
                    if who == "admin" and pth in ("/admin/users", "/admin/reference"):
                        page.screenshot(path=str(SHOTS / f"31-admin-{pth.split('/')[-1]}.png"), full_page=True)
                    if who == "clerk" and pth == "/receipts/new":
                        page.set_input_files("#pdf", str(folder / "ours.pdf"))
                        page.locator("#stamp-box").wait_for()
                    wanted, reached = _tab_walk(page)
                    walked += 1
                    if len(reached) != len(wanted):
                        unreached[f"{who} {pth}"] = [w for i, w in enumerate(wanted) if i not in reached]
                    summaries = page.locator("details > summary")
                    if summaries.count():  # open each as a keyboard user would (Enter), then walk again
                        for i in range(summaries.count()):
                            summaries.nth(i).focus()
                            page.keyboard.press("Enter")
                        wanted, reached = _tab_walk(page)
                        if len(reached) != len(wanted):
                            unreached[f"{who} {pth} (opened)"] = [w for i, w in enumerate(wanted) if i not in reached]
                ctx.close()
            b.close()
    finally:
        httpd.shutdown()
    assert walked >= 12
    assert not unreached, unreached
