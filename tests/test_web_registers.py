"""The registers on the web desk (Flask test client): ทะเบียนหนังสือส่ง / รับ / คำสั่ง / ผู้ยื่นคำขอ of the
desk's office by year, searched (Thai digits ๑๒ find what Arabic 12 finds; words of the subject), and
printed through the engine's own register PDF and XLSX, read back with pdftotext and openpyxl.
Another office's lines never show, and every route is refused to a user without a role here."""

from __future__ import annotations

import io
import re
from datetime import date, datetime

import pytest
from extract import pdf_words, pdftotext, squash
from web_helpers import OFFICE, OTHER, login, make_app, unlabelled

from docengine import Office, Register

TWELFTH = "ขอเชิญประชุมคณะกรรมการพัฒนาเทศบาล"
ORDER = "คำสั่งแต่งตั้งคณะกรรมการตรวจรับพัสดุ"
SECRET = "หนังสือภายในของอำเภอเท่านั้น"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The sample office's books: 13 letters of 2569 (the 12th about a meeting), 2 orders, one letter of
    2568, 12 receipts (the 12th from อำเภอฝาง), one elderly-allowance form; and the district's own lines."""
    folder = tmp_path_factory.mktemp("webreg")
    app, url, _ = make_app(folder)
    reg = Register.open(url, office=Office.sample())
    subjects = [f"เรื่องทดสอบลำดับ {i}" for i in range(1, 14)]
    subjects[11] = TWELFTH
    reg.allocate_many(OFFICE, "normal", 2569, [{"subject": s, "letter_date": date(2026, 1, i + 1)}
                                               for i, s in enumerate(subjects)], hold=True)
    reg.allocate_many(OFFICE, "order", 2569, [{"subject": ORDER, "letter_date": date(2026, 2, 2)},
                                              {"subject": "คำสั่งมอบหมายงาน", "letter_date": date(2026, 2, 3)}], hold=True)
    reg.allocate(OFFICE, "normal", 2568, hold=True, subject="เรื่องของปีก่อน", letter_date=date(2025, 6, 1))
    for i in range(1, 13):
        reg.receive(OFFICE, sender_book_number=f"ชม 0023.05/{100 + i}", sender_date=date(2026, 3, i),
                    sender_agency="อำเภอฝาง", subject="แจ้งการอบรมอาสาสมัคร" if i == 12 else f"หนังสือรับที่ {i}",
                    received_at=datetime(2026, 3, i, 10, 30))
    reg.allocate_many(OFFICE, "form-elderly", 2570, [{"subject": "คำขอลงทะเบียนรับเงินเบี้ยยังชีพผู้สูงอายุ",
                                                      "recipients": "นางสมศรี ใจงาม", "letter_date": date(2026, 11, 10)}],
                      hold=True)
    reg.allocate(OTHER, "normal", 2569, hold=True, subject=SECRET, letter_date=date(2026, 1, 12))
    reg.receive(OTHER, sender_book_number="มท 0810.6/12", sender_date=date(2026, 3, 12), sender_agency="กรม",
                subject=SECRET, received_at=datetime(2026, 3, 12, 9, 0))
    reg.close()
    return app, url


def _client(app, name="clerk"):
    c = app.test_client()
    assert login(c, name).status_code == 302, name
    return c


def _lines(html: str) -> list[str]:
    """The table's lines (not the day headings) as text."""
    body = html.split('id="register-table"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", r).split()) for r in rows if "<td" in r and 'class="empty"' not in r]


def test_the_send_book_by_year_searched_in_thai_or_arabic_digits(site):
    app, _ = site
    c = _client(app)
    page = c.get("/registers")
    assert page.status_code == 200 and not unlabelled(page.text)  # every field has its label
    assert "ทะเบียนหนังสือส่ง" in page.text and "พ.ศ. ๒๕๖๙" in page.text  # the newest year with lines
    lines = _lines(page.text)
    assert len(lines) == 15  # 13 letters and the 2 orders: the send book, as `register print --book send`
    assert not any(SECRET in line for line in lines)  # the district's line is not here
    assert "ทะเบียนหนังสือส่ง วันที่ ๑๒ เดือน มกราคม พ.ศ. ๒๕๖๙" in page.text  # a day heading, as printed
    thai = _lines(c.get("/registers?q=๑๒").text)
    arabic = _lines(c.get("/registers?q=12").text)
    assert thai == arabic and len(thai) == 1 and TWELFTH in thai[0] and "ชม ๕๒๑๐๑/๑๒" in thai[0]
    assert _lines(c.get("/registers?q=ประชุมคณะกรรมการ").text) == thai  # words of the subject
    assert _lines(c.get("/registers?q=ชม ๕๒๑๐๑/๑๒").text) == thai  # the ที่ as printed
    assert _lines(c.get("/registers?q=99").text) == []
    old = _lines(c.get("/registers?year=๒๕๖๘").text)  # a year typed in Thai digits
    assert len(old) == 1 and "เรื่องของปีก่อน" in old[0]
    assert c.get("/registers?year=2024").status_code == 404  # a CE year is no book
    # the district's code as a parameter changes nothing: only the desk's own office
    assert _lines(c.get(f"/registers?agency={OTHER}").text) == lines


def test_receive_and_order_books_and_the_forms_book(site):
    app, _ = site
    c = _client(app)
    receive = c.get("/registers?book=receive")
    assert "ทะเบียนหนังสือรับ" in receive.text and len(_lines(receive.text)) == 12
    twelfth = _lines(c.get("/registers?book=receive&q=๑๒").text)
    assert twelfth == _lines(c.get("/registers?book=receive&q=12").text)
    assert len(twelfth) == 1 and "แจ้งการอบรมอาสาสมัคร" in twelfth[0] and "๐๑๒/๒๕๖๙" in twelfth[0]
    assert _lines(c.get("/registers?book=receive&q=อบรม").text) == twelfth
    orders = _lines(c.get("/registers?book=order").text)
    assert len(orders) == 2 and ORDER in orders[0] and not any("เรื่องทดสอบ" in line for line in orders)
    forms = c.get("/registers?book=forms")
    assert forms.status_code == 200 and "ปีงบประมาณ" in forms.text and "นางสมศรี ใจงาม" in forms.text
    assert 'href="/registers?book=forms"' in forms.text  # offered, since this office numbers forms


def test_printed_pdf_and_xlsx_are_the_engines_registers(site):
    from openpyxl import load_workbook

    app, _ = site
    c = _client(app)
    pdf = c.get("/registers/send/2569.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert 'filename="register-send-52101-2569.pdf"' in pdf.headers["Content-Disposition"]
    text = squash(pdftotext(pdf.data))
    assert "ทะเบียนหนังสือส่งพ.ศ.๒๕๖๙เทศบาลตำบลสันทราย" in text  # the engine's title, Thai digits
    assert "ชม๕๒๑๐๑/๑๒" in text and squash(TWELFTH) in text and squash(ORDER) in text
    assert SECRET not in text and "เรื่องของปีก่อน" not in text  # one office, one year
    xlsx = c.get("/registers/send/2569.xlsx")
    assert xlsx.status_code == 200 and "spreadsheetml" in xlsx.mimetype
    book = load_workbook(io.BytesIO(xlsx.data))
    (sheet,) = book.worksheets
    assert sheet.title == "ทะเบียนหนังสือส่ง 2569"
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    twelfth = [r for r in rows if r[1] == "ชม 52101/12"]
    assert len(twelfth) == 1 and twelfth[0][0] == 12 and twelfth[0][5] == TWELFTH
    assert twelfth[0][2] is not None and twelfth[0][2].date() == date(2026, 1, 12)  # a date cell
    assert not any(SECRET in str(v) for r in rows for v in r)
    # the order book: its own title, its lines alone, each cell under its own column even when ถึง is blank
    order_pdf = c.get("/registers/order/2569.pdf").data
    words = pdf_words(order_pdf, 1)
    heads = {w["text"]: w for w in words if w["text"] in ("ถึง", "เรื่อง", "การปฏิบัติ")}
    status = next(w for w in words if w["text"] == "จองเลข")
    subject = next(w for w in words if w["text"].startswith("คำสั่งแต่งตั้ง"))
    assert heads["การปฏิบัติ"]["x0"] - 60 < status["x0"] < heads["การปฏิบัติ"]["x1"] + 10, (status, heads)
    assert heads["เรื่อง"]["x0"] - 200 < subject["x0"] and subject["x0"] > heads["ถึง"]["x1"], (subject, heads)
    text = squash(pdftotext(order_pdf))
    assert "ทะเบียนคำสั่งพ.ศ.๒๕๖๙" in text and squash(ORDER) in text and "เรื่องทดสอบ" not in text
    sheet = load_workbook(io.BytesIO(c.get("/registers/order/2569.xlsx").data)).worksheets[0]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert sheet.title == "ทะเบียนคำสั่ง 2569" and "คำสั่งที่" in values[1 if values[0][0] else 0] + values[1]
    assert sum(1 for r in values if r[5] == ORDER) == 1
    # the receive book
    text = squash(pdftotext(c.get("/registers/receive/2569.pdf").data))
    assert "ทะเบียนหนังสือรับพ.ศ.๒๕๖๙" in text and "แจ้งการอบรมอาสาสมัคร" in text and SECRET not in text
    rows = [[cell.value for cell in row] for row in
            load_workbook(io.BytesIO(c.get("/registers/receive/2569.xlsx").data)).worksheets[0].iter_rows()]
    assert any(r[0] == "012/2569" and r[6] == "แจ้งการอบรมอาสาสมัคร" for r in rows)
    assert not any(SECRET in str(v) for r in rows for v in r)
    # the forms book: the fiscal year's
    text = squash(pdftotext(c.get("/registers/forms/2570.pdf").data))
    assert "ปีงบประมาณพ.ศ.๒๕๗๐" in text and "นางสมศรีใจงาม" in text


ROUTES = ["/registers", "/registers?book=receive", "/registers?book=order", "/registers?book=forms",
          "/registers/send/2569.pdf", "/registers/send/2569.xlsx", "/registers/receive/2569.pdf",
          "/registers/receive/2569.xlsx", "/registers/order/2569.pdf", "/registers/forms/2570.xlsx"]


def test_every_register_route_is_refused_outside_the_users_office(site):
    from docengine.register.signers import grant

    app, url = site
    # the admin sees no documents; the endorser and signer read the books but do not print them
    admin = _client(app, "admin")
    for path in ROUTES:
        assert admin.get(path).status_code == 404, path
    for name in ("endorser", "signer"):
        c = _client(app, name)
        assert c.get("/registers").status_code == 200 and "print-pdf" not in c.get("/registers").text
        for path in ROUTES:
            assert c.get(path).status_code == (404 if "." in path.rsplit("/", 1)[-1] else 200), (name, path)
    # a user of another office: the district's clerk cannot log in here at all
    assert login(app.test_client(), "district").status_code == 401
    # and a clerk whose role moves to the district, logged in here, gets 404 on every route at once
    c = _client(app, "clerk")
    assert c.get("/registers").status_code == 200
    reg = Register.open(url, office=Office.sample())
    try:
        grant(reg, "clerk", OTHER, ["clerk"])
        grant(reg, "clerk", OFFICE, ["clerk"], revoke=True)
        for path in ROUTES:
            assert c.get(path).status_code == 404, path
    finally:
        grant(reg, "clerk", OFFICE, ["clerk"])
        grant(reg, "clerk", OTHER, ["clerk"], revoke=True)
        reg.close()
    logged_out = app.test_client()
    for path in ROUTES:
        r = logged_out.get(path)
        assert r.status_code == 302 and "/login" in r.headers["Location"], path


@pytest.mark.slow
def test_in_the_browser_search_then_print(site, tmp_path):
    """A clerk opens ทะเบียน, types ๑๒, gets the 12th letter; switches books; downloads the PDF and XLSX."""
    import os
    import threading

    from browser import ARGS, CHROMIUM, log_in, shot
    from werkzeug.serving import make_server

    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing: run scripts/sysdeps.sh test")
    from playwright.sync_api import sync_playwright

    app, _ = site
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_port}"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
            page = context.new_page()
            log_in(page, base)
            page.wait_for_url(f"{base}/")
            page.get_by_role("link", name=re.compile("ทะเบียน")).first.click()
            page.wait_for_url(re.compile(r"/registers"))
            assert page.locator("#register-table tbody tr:not(.day)").count() == 15
            shot(page, "reg-1-send")
            page.get_by_label(re.compile("ค้นหา")).fill("๑๒")
            page.click("#reg-search")
            page.wait_for_url(re.compile(r"q="))
            rows = page.locator("#register-table tbody tr:not(.day)")
            assert rows.count() == 1 and TWELFTH in rows.first.inner_text()
            shot(page, "reg-2-search")
            page.get_by_role("link", name=re.compile("ทะเบียนหนังสือรับ")).click()
            page.wait_for_url(re.compile(r"book=receive"))
            shot(page, "reg-3-receive")
            page.get_by_role("link", name=re.compile("ทะเบียนคำสั่ง")).click()
            page.wait_for_url(re.compile(r"book=order"))
            shot(page, "reg-4-order")
            with page.expect_download() as got:
                page.click("#print-pdf")
            pdf = tmp_path / got.value.suggested_filename
            got.value.save_as(pdf)
            assert pdf.name == "register-order-52101-2569.pdf" and squash(ORDER) in squash(pdftotext(pdf))
            with page.expect_download() as got:
                page.click("#print-xlsx")
            assert got.value.suggested_filename == "register-order-52101-2569.xlsx"
            context.close()
            browser.close()
    finally:
        httpd.shutdown()
        thread.join(10)
