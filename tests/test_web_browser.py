"""The web desk in a real browser: Debian's Chromium driven by Playwright (never `playwright
install`; the project's scripts/sysdeps.sh installs `chromium` for the tests).

One clerk logs in, drafts a letter, sees the engine's problem next to a field, previews it,
double-clicks ออกเลข (one number is taken), downloads the PDF and DOCX and reads them back;
another office's letter is not found, a POST without its CSRF token is refused, five wrong
passwords lock the log-in. Every page is photographed under out/web/.
"""

from __future__ import annotations

import os
import re
import threading
from urllib.parse import urlparse

import pytest
from extract import pdftotext
from web_helpers import LETTER, OFFICE, PASSWORD, make_register

from browser import ARGS, CHROMIUM, double_click, log_in, shot

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from werkzeug.serving import make_server

    from docengine.web import create_app

    folder = tmp_path_factory.mktemp("webdesk")
    url, other_id = make_register(folder / "r.sqlite3")
    app = create_app(db=url, files=folder / "files")
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}", app, other_id
    httpd.shutdown()
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: scripts/sysdeps.sh test installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is missing: run scripts/sysdeps.sh test")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True, locale="th-TH")
    context.set_default_timeout(30_000)
    pg = context.new_page()
    yield pg
    context.close()


def test_a_clerk_drafts_previews_numbers_once_and_downloads_a_letter(server, page, tmp_path):
    base, app, _ = server
    reg = app.extensions["docengine"].register
    page.goto(f"{base}/login")
    shot(page, "01-login")
    log_in(page, base)
    page.wait_for_url(f"{base}/")
    assert page.get_by_role("heading", name=re.compile("งานรอคุณ")).is_visible()
    page.get_by_role("link", name=re.compile("ร่างหนังสือใหม่")).click()
    page.wait_for_url(re.compile(r"/letters/new"))

    # the engine's bilingual problem appears next to the field as the clerk types (htmx)
    page.fill("#f-subject", LETTER["subject"])
    page.fill("#f-date", "5/1/2024")  # a CE year where the BE year belongs: refused, 2567 suggested
    page.locator("#f-date").dispatch_event("change")
    date_error = page.locator("#err-date .problem")
    date_error.wait_for()
    assert re.search(r"[\u0e00-\u0e7f]", date_error.inner_text()) and "2567" in date_error.inner_text()
    assert page.locator("#err-subject .problem").count() == 0
    shot(page, "02-draft-problem")
    page.fill("#f-date", "๕ ม.ค. ๒๕๖๗")  # typed the Thai way
    page.fill("#f-recipient", LETTER["recipient"])
    page.fill("#f-body", LETTER["body"])
    page.locator("#f-body").dispatch_event("change")
    page.locator("#err-date .problem").wait_for(state="detached")

    # preview: the draft PDF inline, not numbered
    page.click("#preview-button")
    frame = page.locator("#preview-pdf")
    frame.wait_for()
    preview = page.request.get(base + frame.get_attribute("src").split("#")[0])
    assert preview.ok and preview.headers["content-type"] == "application/pdf"
    draft_text = "".join(pdftotext(preview.body()).split())
    assert "ร่าง" in draft_text and LETTER["subject"].replace(" ", "") in draft_text
    page.wait_for_timeout(1500)  # let the PDF viewer draw the page
    shot(page, "03-draft-preview")

    # ออกเลข sent twice at once by the page (what a double click on a slow line does), then
    # the button double-clicked: one number
    before = len(reg.list("send", agency=OFFICE))
    finals = page.evaluate("""async () => {
        const form = document.getElementById("draft-form");
        const send = () => fetch(form.action, {method: "POST", body: new FormData(form)});
        const got = await Promise.all([send(), send()]);
        return got.map(r => [r.status, new URL(r.url).pathname]);
    }""")
    assert [status for status, _ in finals] == [200, 200] and len({path for _, path in finals}) == 1, finals
    assert urlparse(double_click(page, "#issue-button", "#book-number")).path == finals[0][1]
    rows = reg.list("send", agency=OFFICE)
    assert len(rows) == before + 1
    mine = [r for r in rows if r.subject == LETTER["subject"]]
    assert len(mine) == 1 and mine[0].status == "issued"
    number = mine[0].book_number
    from docengine.thai import thai_digits

    assert page.locator("#book-number").inner_text() == thai_digits(number)
    page.wait_for_timeout(1500)
    shot(page, "04-letter-issued")

    # download the PDF and the DOCX of the issued letter and read them back
    with page.expect_download() as got:
        page.click("#download-pdf")
    pdf = tmp_path / got.value.suggested_filename
    got.value.save_as(pdf)
    text = "".join(pdftotext(pdf).split())
    assert "ที่" + thai_digits(number).replace(" ", "") in text
    assert "เรื่อง" + LETTER["subject"].replace(" ", "") in text and "ร่าง" not in text
    assert "๕มกราคม๒๕๖๗" in text and mine[0].date.isoformat() == "2024-01-05"
    with page.expect_download() as got:
        page.click("#download-docx")
    docx = tmp_path / got.value.suggested_filename
    got.value.save_as(docx)
    from docx import Document

    words = " ".join(p.text for p in Document(str(docx)).paragraphs)
    assert LETTER["subject"] in words
    assert got.value.suggested_filename.endswith(".docx") and pdf.name.endswith(".pdf")

    page.goto(f"{base}/")
    shot(page, "05-inbox")
    first = page.locator("table.book tbody tr").first.inner_text()
    assert thai_digits(number) in first  # newest first


def test_another_offices_letter_and_a_post_without_csrf(server, page):
    base, _, other_id = server
    log_in(page, base)
    page.wait_for_url(f"{base}/")
    r = page.goto(f"{base}/letters/{other_id}")
    assert r.status == 404
    shot(page, "06-other-office-404")
    r = page.request.post(f"{base}/letters/issue", form={"kind": "external", "draft_token": "a" * 32})
    assert r.status == 400 and "คำขอไม่ถูกต้อง" in r.text()


def test_five_wrong_passwords_lock_the_log_in(server, page):
    base, _, _ = server
    for i in range(5):
        log_in(page, base, name="endorser", password=f"wrong-{i}")
        page.locator("#login-error").wait_for()
    log_in(page, base, name="endorser", password=PASSWORD)
    message = page.locator("#login-error").inner_text()
    assert "ระงับการเข้าสู่ระบบ" in message and "locked" in message
    assert page.url.endswith("/login")
    shot(page, "07-login-locked")
