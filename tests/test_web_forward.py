"""Forward down the chain on the web desk (Flask test client): the province's letter received at the
district (อำเภอฝาง, ชม 0023.05), forwarded in one click to the LAO (เทศบาลตำบลสันทราย, ticked from
the district's agencies); the forwarding PDF's text cites the original's ที่ and date as the register
holds them, the copy is appended; once per form; then received at the LAO, linked to the letter.
Only the receiving office's clerk may forward."""

from __future__ import annotations

import io
import re
import threading

import pytest
from extract import docx_text, pdftotext, squash
from web_helpers import PASSWORD, csrf, login, unlabelled

from docengine import Office, Register
from docengine.thai import thai_digits

DISTRICT = "ชม 0023.05"
LAO = "ชม 52101"
PROVINCE = "ชม 0023.3"
SUBJECT = "ขอให้ประชาสัมพันธ์การลงทะเบียนรับเงินเบี้ยยังชีพผู้สูงอายุ"
USERS = {"fang": (DISTRICT, ["clerk"]), "fang-endorser": (DISTRICT, ["endorser"]),
         "fang-signer": (DISTRICT, ["signer"]), "fang-admin": (DISTRICT, ["admin"]), "santhai": (LAO, ["clerk"])}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A register with the province's letters ชม 0023.3/1 of 20 Nov 2569 (for the web to receive) and
    ชม 0023.3/2 of 22 Nov 2569, received through the engine at the district and at the LAO; the district's
    desk and the LAO's. Every test stands alone (xdist runs them on any worker, in any company)."""
    from docengine import Engine, issue_letter
    from docengine.chain import receive_pdf
    from docengine.register.signers import add_user
    from docengine.web import create_app

    folder = tmp_path_factory.mktemp("webfwd")
    url = f"sqlite:///{folder / 'r.sqlite3'}"
    reg = Register.open(url, office=Office.sample(), create=True)
    for name, (code, roles) in USERS.items():
        add_user(reg, name, name=f"ผู้ใช้ {name}", position="เจ้าหน้าที่", role="signer" if "signer" in roles else "clerk",
                 pin="2567" if "signer" in roles else None, office_roles=roles, agency=code, password=PASSWORD)
    province = issue_letter(reg, _province_letter(SUBJECT, "2026-11-20", "ด้วยจังหวัดเชียงใหม่ขอให้ประชาสัมพันธ์การลงทะเบียน"),
                            pdf=folder / "province.pdf", docx=folder / "province.docx")
    issue_letter(reg, _province_letter("ขอให้สำรวจข้อมูลผู้พิการ", "2026-11-22", "ด้วยจังหวัดเชียงใหม่ขอให้สำรวจข้อมูล"),
                 pdf=folder / "province-b.pdf")
    office = folder / "fang.yaml"
    office.write_text(f"agency_code: {DISTRICT}\nname: สำนักงานส่งเสริมการปกครองท้องถิ่นอำเภอฝาง\nfont: Sarabun\n"
                      "routing_list: [ท้องถิ่นอำเภอ, งานธุรการ, งานส่งเสริมและพัฒนาท้องถิ่น]\n", encoding="utf-8")
    fang_receipt, _ = receive_pdf(reg, folder / "province-b.pdf", DISTRICT, out=folder / "b-fang.pdf",
                                  renderer=Engine(Office.load(office)).renderer)
    lao_receipt, _ = receive_pdf(reg, folder / "province-b.pdf", LAO, out=folder / "b-santhai.pdf",
                                 renderer=Engine(Office.sample()).renderer)
    reg.close()
    district = create_app(db=url, office=office, files=folder / "files")
    lao = create_app(db=url, files=folder / "files")
    for app in (district, lao):
        app.config["TESTING"] = True
    return {"district": district, "lao": lao, "url": url, "province": province, "pdf": folder / "province.pdf",
            "fang_receipt": fang_receipt.id, "lao_receipt": lao_receipt.id}


def _province_letter(subject, day, body) -> dict:
    """A letter of the province (ชม 0023.3) as its own desk would send it: its letterhead, signer, unit."""
    return {"subject": subject, "recipient": "นายอำเภอทุกอำเภอ", "series": "normal", "date": day, "body": [body],
            "agency": {"code": PROVINCE, "name": "ศาลากลางจังหวัดเชียงใหม่", "address": "ถนนโชตนา ชม 50300"},
            "signer": {"name": "นางสาวสมใจ ตัวอย่างงาม", "position": ["ท้องถิ่นจังหวัด"], "capacity": "ปฏิบัติราชการแทน",
                       "principal": "ผู้ว่าราชการจังหวัดเชียงใหม่"},
            "owner_unit": {"name": ["สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด"], "phone": "0-5313-2637", "fax": "",
                           "email": "", "coordinator": ""}}


def _client(app, name):
    c = app.test_client()
    assert login(c, name).status_code == 302, name
    return c


def _receive(c, blob: bytes, name="province.pdf") -> int:
    page = c.get("/receipts/new").text
    form = {"csrf_token": csrf(page), "receive_token": re.search(r'name="receive_token" value="([^"]+)"', page)[1],
            "pdf": (io.BytesIO(blob), name, "application/pdf")}
    r = c.post("/receipts/new", data=form, content_type="multipart/form-data")
    assert r.status_code == 302, r.text
    return int(re.search(r"/receipts/(\d+)", r.headers["Location"])[1])


def _form(c, rid, **fields) -> dict:
    """The forward page's form as the browser sends it: what is ticked and typed, then ``fields``."""
    import html as h

    page = c.get(f"/receipts/{rid}/forward")
    assert page.status_code == 200, page.text
    text = page.text
    form = {"csrf_token": csrf(text), "forward_token": re.search(r'name="forward_token" value="([^"]+)"', text)[1],
            "to": [h.unescape(v) for v in re.findall(r'name="to" value="([^"]+)" checked', text)]}
    for name in ("to_other", "date", "gist"):
        form[name] = h.unescape(re.search(rf'name="{name}" type="text" value="([^"]*)"', text)[1])
    form.update(series="", speed="", para="")
    form.update(fields)
    return form


def _letters(url, code=DISTRICT):
    reg = Register.open(url, office=Office.sample())
    try:
        return reg.list("send", agency=code)
    finally:
        reg.close()


def test_receive_at_the_district_then_forward_to_the_lao(site):
    c = _client(site["district"], "fang")
    rid = _receive(c, site["pdf"].read_bytes())
    receipt_page = c.get(f"/receipts/{rid}").text
    assert f'href="/receipts/{rid}/forward"' in receipt_page  # the one click
    page = c.get(f"/receipts/{rid}/forward")
    assert page.status_code == 200 and not unlabelled(page.text)  # every field has its label
    # drafted from the register: the citation names the original's ที่ and date; the LAO ticked
    citation = re.search(r'id="citation">([^<]+)', page.text)[1]
    assert squash(citation) == squash("สำเนาหนังสือจังหวัดเชียงใหม่ ที่ ชม ๐๐๒๓.๓/๑ ลงวันที่ ๒๐ พฤศจิกายน ๒๕๖๙ จำนวน ๑ ฉบับ")
    assert re.search(r'name="to" value="ชม 52101" checked>\s*<label[^>]*>นายกเทศมนตรีตำบลสันทราย', page.text)
    preview = re.search(r'id="preview-pdf" src="([^"#]+)', page.text)[1]
    draft = squash(pdftotext(c.get(preview).data))
    assert "ร่าง" in draft and "ที่ชม๐๐๒๓.๓/๑ลงวันที่๒๐พฤศจิกายน๒๕๖๙" in draft
    before = {r.id for r in _letters(site["url"])}
    assert not [r for r in _letters(site["url"]) if r.forwards_receipt_id == rid]  # a draft takes no number
    form = _form(c, rid)
    assert form["to"] == [LAO]
    r = c.post(f"/receipts/{rid}/forward", data=form)
    assert r.status_code == 302, r.text
    letter_url = r.headers["Location"].split("?")[0]
    page = c.get(r.headers["Location"]).text
    (letter,) = [r for r in _letters(site["url"]) if r.id not in before]
    number = thai_digits(letter.book_number)
    assert re.fullmatch(r"ชม 0023\.05/\d+", letter.book_number) and letter.series == "normal"
    assert "ออกเลขและลงทะเบียนแล้ว" in page and f"ที่ {number}" in page
    assert letter.recipients == "นายกเทศมนตรีตำบลสันทราย"
    assert letter.parent_id == site["province"].id and letter.forwards_receipt_id == rid
    assert letter.enclosures[0]["book_number"] == "ชม 0023.3/1" and letter.enclosures[0]["date"] == "2026-11-20"
    # the forwarding PDF as downloaded: its citation names the original's ที่ and date
    pdf = c.get(f"{letter_url}/pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert "letter-0023.05-1-" in pdf.headers["Content-Disposition"]
    text = squash(pdftotext(pdf.data))
    assert "ที่" + squash(number) in text and "เรียนนายกเทศมนตรีตำบลสันทราย" in text
    assert "สิ่งที่ส่งมาด้วยสำเนาหนังสือจังหวัดเชียงใหม่ที่ชม๐๐๒๓.๓/๑ลงวันที่๒๐พฤศจิกายน๒๕๖๙" in text
    assert "ร่าง" not in text and "สำเนา" in text and squash(SUBJECT) in text  # the copy appended
    docx = c.get(f"{letter_url}/docx")
    assert docx.status_code == 200
    assert "ชม 0023.3/1" in docx_text(docx.data) or "ชม ๐๐๒๓.๓/๑" in docx_text(docx.data)
    # the receipt page links the letter that forwarded it
    forwarded = re.search(r'id="forwarded">(.*?)</dd>', c.get(f"/receipts/{rid}").text, re.S)[1]
    assert f'href="{letter_url}"' in forwarded and f"ที่ {number}" in forwarded
    # the same form again (a double click, a re-sent form): the same letter, no second number
    assert c.post(f"/receipts/{rid}/forward", data=form).headers["Location"].split("?")[0] == letter_url
    assert len([r for r in _letters(site["url"]) if r.id not in before]) == 1
    # down the chain: the LAO receives the forwarding letter; it is linked to the district's letter
    lao = _client(site["lao"], "santhai")
    lao_rid = _receive(lao, pdf.data, name="fang.pdf")
    reg = Register.open(site["url"], office=Office.sample())
    try:
        assert reg.get_receipt(lao_rid).letter_id == letter.id
    finally:
        reg.close()
    # numbered as the web user, and the register still verifies
    from sqlalchemy import text as sql

    from docengine.register.audit import verify

    engine = site["district"].extensions["docengine"].register.engine
    with engine.connect() as conn:
        actors = {a for (a,) in conn.execute(sql("SELECT actor FROM audit_log WHERE target = :t"),
                                             {"t": f"letters:{letter.id}"})}
    assert actors and all(a.startswith("web:fang@") for a in actors), actors
    assert verify(engine).ok


def test_an_office_with_no_agency_below_types_the_addressees(site):
    """At the LAO (the end of the chain) nobody is ticked: the page opens without a problem, and a
    typed addressee gives the default tier's covering letter citing the district's letter."""
    lao_rid = site["lao_receipt"]
    c = _client(site["lao"], "santhai")
    page = c.get(f"/receipts/{lao_rid}/forward")
    assert page.status_code == 200 and 'name="to" value=' not in page.text
    assert "พิมพ์ผู้รับแล้วกด" in page.text and 'class="problem"' not in page.text and "problem-box" not in page.text
    form = _form(c, lao_rid, to_other="กำนันตำบลสันทราย")
    draft = c.post(f"/receipts/{lao_rid}/forward/preview", data=form)
    assert draft.status_code == 200
    assert squash("สำเนาหนังสือจังหวัดเชียงใหม่ ที่ ชม ๐๐๒๓.๓/๒ ลงวันที่ ๒๒ พฤศจิกายน ๒๕๖๙") in squash(draft.text)
    text = squash(pdftotext(c.get(re.search(r'id="preview-pdf" src="([^"#]+)', draft.text)[1]).data))
    assert "เรียนกำนันตำบลสันทราย" in text and "ด้วยจังหวัดเชียงใหม่ได้มีหนังสือที่ชม๐๐๒๓.๓/๒" in text


def test_two_clicks_at_once_take_one_number(site):
    c = _client(site["district"], "fang")
    rid = site["fang_receipt"]
    before = {r.id for r in _letters(site["url"])}
    form = _form(c, rid, to=[], to_other="นายกองค์การบริหารส่วนตำบล ทุกแห่ง")
    answers = []

    def send():
        answers.append(c.post(f"/receipts/{rid}/forward", data=form).status_code)

    threads = [threading.Thread(target=send) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert answers == [302, 302]
    (new,) = [r for r in _letters(site["url"]) if r.id not in before]
    # a group as the addressee: the engine's rule makes it a circular (ว)
    assert new.series == "circular" and re.fullmatch(r"ชม 0023\.05/ว \d+", new.book_number), new.book_number
    assert new.recipients == "นายกองค์การบริหารส่วนตำบล ทุกแห่ง"


def test_bad_input_takes_no_number(site):
    c = _client(site["district"], "fang")
    rid = site["fang_receipt"]
    before = len(_letters(site["url"]))
    r = c.post(f"/receipts/{rid}/forward", data=_form(c, rid, to=[], to_other=""))
    assert r.status_code == 422 and "เลือกหรือพิมพ์ผู้รับ" in r.text
    r = c.post(f"/receipts/{rid}/forward", data=_form(c, rid, date="1 พ.ย. 2569"))  # before the original
    assert r.status_code == 422 and "อยู่ก่อนวันที่ของหนังสือที่ส่งต่อ" in r.text
    r = c.post(f"/receipts/{rid}/forward", data=_form(c, rid, date="5/12/2026"))  # a CE year
    assert r.status_code == 422 and "ค.ศ." in r.text
    assert len(_letters(site["url"])) == before
    # a paper letter (received without its PDF): the engine's reason, shown on the page; nothing numbered
    from datetime import date, datetime

    reg = Register.open(site["url"], office=Office.sample())
    try:
        paper = reg.receive(DISTRICT, sender_book_number="ชม 0023.3/99", sender_date=date(2026, 11, 1),
                            sender_agency="จังหวัดเชียงใหม่", subject="หนังสือกระดาษ", received_at=datetime(2026, 11, 2, 9))
    finally:
        reg.close()
    page = c.get(f"/receipts/{paper.id}/forward")
    assert page.status_code == 200 and "ไม่มีแฟ้ม PDF ของหนังสือที่จะส่งต่อ" in page.text and "preview-pdf" not in page.text
    r = c.post(f"/receipts/{paper.id}/forward", data=_form(c, paper.id))
    assert r.status_code == 422 and "ไม่มีแฟ้ม PDF" in r.text
    assert len(_letters(site["url"])) == before
    # no CSRF token: 400
    form = _form(c, rid)
    del form["csrf_token"]
    assert c.post(f"/receipts/{rid}/forward", data=form).status_code == 400


def test_only_the_receiving_offices_clerk_forwards(site):
    rid, lao_rid = site["fang_receipt"], site["lao_receipt"]
    clerk = _client(site["district"], "fang")
    for name in ("fang-endorser", "fang-signer", "fang-admin"):
        c = _client(site["district"], name)
        form = {**_form(clerk, rid), "csrf_token": csrf(c.get("/").text)}  # the clerk's form, this session's token
        assert c.get(f"/receipts/{rid}/forward").status_code == 404, name
        assert c.post(f"/receipts/{rid}/forward", data=form).status_code == 404, name
        assert c.post(f"/receipts/{rid}/forward/preview", data=form).status_code == 404, name
        page = c.get(f"/receipts/{rid}")
        assert page.status_code == (404 if name == "fang-admin" else 200), name
        assert "forward-button" not in page.text, name
    # the LAO's receipt is not the district clerk's to forward (nor to see); the LAO clerk cannot log in here
    assert clerk.get(f"/receipts/{lao_rid}/forward").status_code == 404
    assert clerk.post(f"/receipts/{lao_rid}/forward", data=_form(clerk, rid)).status_code == 404
    assert clerk.get(f"/receipts/{lao_rid}").status_code == 404
    assert login(site["district"].test_client(), "santhai").status_code == 401
    # and the district clerk cannot log in at the LAO's desk to forward its receipts
    assert login(site["lao"].test_client(), "fang").status_code == 401
    logged_out = site["district"].test_client()
    r = logged_out.get(f"/receipts/{rid}/forward")
    assert r.status_code == 302 and "/login" in r.headers["Location"]


# --- in a real browser (Debian's Chromium through Playwright), photographed under out/web/ ---------


@pytest.fixture(scope="module")
def district_server(site):
    from werkzeug.serving import make_server

    httpd = make_server("127.0.0.1", 0, site["district"], threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join(10)


@pytest.mark.slow
def test_in_the_browser_one_click_drafts_then_numbers_the_forwarding_letter(site, district_server, tmp_path):
    import os

    from browser import ARGS, CHROMIUM, log_in, shot

    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing: run scripts/sysdeps.sh test")
    from playwright.sync_api import sync_playwright

    from docengine import issue_letter

    # another letter of the province, received at the district in the browser
    reg = Register.open(site["url"], office=Office.sample())
    try:
        second = issue_letter(reg, _province_letter("ขอความร่วมมือสำรวจข้อมูลผู้สูงอายุ", "2026-11-25",
                                                    "ด้วยจังหวัดเชียงใหม่ขอความร่วมมือสำรวจข้อมูล"), pdf=tmp_path / "second.pdf")
    finally:
        reg.close()
    base = district_server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True, locale="th-TH")
        context.set_default_timeout(30_000)
        page = context.new_page()
        log_in(page, base, "fang")
        page.wait_for_url(f"{base}/")
        page.goto(f"{base}/receipts/new")
        page.set_input_files("input[type=file]", str(tmp_path / "second.pdf"))
        page.get_by_role("button", name=re.compile("ลงรับ")).click()
        page.wait_for_url(re.compile(r"/receipts/\d+"))
        page.wait_for_timeout(1200)
        shot(page, "fwd-1-receipt")
        page.click("#forward-button")  # the one click
        page.wait_for_url(re.compile(r"/receipts/\d+/forward$"))
        citation = "".join(page.locator("#citation").inner_text().split())
        assert "ที่" + squash(thai_digits(second.book_number)) + "ลงวันที่๒๕พฤศจิกายน๒๕๖๙" in citation, citation
        assert page.get_by_label(re.compile("นายกเทศมนตรีตำบลสันทราย")).is_checked()
        page.locator("#preview-pdf").wait_for()
        page.wait_for_timeout(1500)  # let the PDF viewer draw the page
        shot(page, "fwd-2-draft")
        page.click("#forward-issue")
        page.wait_for_url(re.compile(r"/letters/\d+"))
        page.locator("#book-number").wait_for()
        shown = page.locator("#book-number").inner_text()
        page.wait_for_timeout(1500)
        shot(page, "fwd-3-issued")
        with page.expect_download() as got:
            page.click("#download-pdf")
        pdf = tmp_path / got.value.suggested_filename
        got.value.save_as(pdf)
        text = squash(pdftotext(pdf))
        assert "สำเนาหนังสือจังหวัดเชียงใหม่ที่" + squash(thai_digits(second.book_number)) + "ลงวันที่๒๕พฤศจิกายน๒๕๖๙" in text
        with page.expect_download() as got:
            page.click("#download-docx")
        assert got.value.suggested_filename.endswith(".docx")
        page.go_back()  # the receipt page again: it links the forwarding letter
        page.go_back()
        page.reload()
        assert shown in page.locator("#forwarded").inner_text()
        page.wait_for_timeout(1200)
        shot(page, "fwd-4-receipt-forwarded")
        context.close()
        browser.close()
    reg = Register.open(site["url"], office=Office.sample())
    try:
        mine = [r for r in reg.list("send", agency=DISTRICT) if r.parent_id == second.id]
        assert len(mine) == 1
        assert shown == thai_digits(mine[0].book_number) and re.fullmatch(r"ชม 0023\.05/\d+", mine[0].book_number)
    finally:
        reg.close()
