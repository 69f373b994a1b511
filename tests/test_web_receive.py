"""ลงรับ and เกษียน on the web desk (Flask test client): our own letter uploaded and received
(เลขรับ 001/YEAR, its stamped copy served), a tampered copy refused with the engine's message and
no receipt taken, anyone's PDF with the fields typed in, a CE year refused, a double submit taking
one receipt, an endorsement re-making the stamped copy, another office's receipt not found."""

from __future__ import annotations

import hashlib
import io
import re
import threading

import pytest
from extract import pdftotext
from web_helpers import OFFICE, PASSWORD, csrf, login, make_app, make_register

from docengine import Office, Register


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("webrecv")
    app, url, _ = make_app(folder)
    return app, url, folder / "district.pdf"


def _client(app, name="clerk"):
    c = app.test_client()
    assert login(c, name).status_code == 302
    return c


def _form(c, **fields):
    page = c.get("/receipts/new")
    assert page.status_code == 200, page.text
    return {"csrf_token": csrf(page.text),
            "receive_token": re.search(r'name="receive_token" value="([^"]+)"', page.text)[1], **fields}


def _post(c, form, blob, name="letter.pdf"):
    data = {k: v for k, v in form.items()}
    data["pdf"] = (io.BytesIO(blob), name, "application/pdf")
    return c.post("/receipts/new", data=data, content_type="multipart/form-data")


def _endorse(c, rid, **fields):
    page = c.get(f"/receipts/{rid}").text
    form = {"csrf_token": csrf(page), **fields}
    found = re.search(r'name="endorse_token" value="([^"]+)"', page)
    form["endorse_token"] = found[1] if found else "y" * 32
    return c.post(f"/receipts/{rid}/endorse", data=form)


def _receipts(url):
    reg = Register.open(url, office=Office.sample())
    try:
        return reg.list("receive", agency=OFFICE)
    finally:
        reg.close()


def test_receive_tampered_then_ours_then_endorse(site):
    app, url, district = site
    c = _client(app)
    blob = district.read_bytes()
    # a tampered copy of our own letter: refused, the hash named, no receipt taken
    r = _post(c, _form(c), blob + b"\n% changed\n", name="district-copy.pdf")
    assert r.status_code == 422
    assert "SHA-256" in r.text and "district-copy.pdf" in r.text and "ไม่ใช่แฟ้มที่ลงทะเบียนไว้" in r.text
    assert _receipts(url) == []
    # the real one: เลขรับ 001/<year>, routed, stamped copy served
    form = _form(c, route=["กองคลัง", "งานธุรการ"])
    r = _post(c, form, blob, name="district.pdf")
    assert r.status_code == 302, r.text
    page = c.get(r.headers["Location"])
    receipt = _receipts(url)[0]
    assert re.fullmatch(r"001/25\d\d", receipt.receipt_no) and receipt.letter_id
    assert set(receipt.routing) == {"กองคลัง", "งานธุรการ"}
    from docengine import thai

    assert thai.thai_digits(receipt.receipt_no) in page.text and "หนังสือของอำเภอ" in page.text
    pdf = c.get(f"/receipts/{receipt.id}/pdf?inline=1")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    before = hashlib.sha256(pdf.data).hexdigest()
    text = pdftotext(pdf.data).replace(" ", "")
    assert "หนังสือของอำเภอ" in text and thai.thai_digits(receipt.receipt_no) in text or receipt.receipt_no in text
    # the same form sent again: the same receipt, no second one
    r2 = _post(c, form, blob, name="district.pdf")
    assert r2.status_code == 302 and f"/receipts/{receipt.id}" in r2.headers["Location"]
    assert len(_receipts(url)) == 1
    # the inbox lists it
    assert thai.thai_digits(receipt.receipt_no) in c.get("/").text
    # a clerk may not endorse; the endorser may
    page = c.get(f"/receipts/{receipt.id}").text
    assert _endorse(c, receipt.id, choice="ทราบ").status_code == 404
    e = _client(app, "endorser")
    page = e.get(f"/receipts/{receipt.id}").text
    assert "แจ้ง กองคลัง งานธุรการ ทราบ" in page
    token = re.search(r'name="endorse_token" value="([^"]+)"', page)[1]
    form = {"csrf_token": csrf(page), "endorse_token": token, "choice": "เพื่อโปรดพิจารณา"}
    r = e.post(f"/receipts/{receipt.id}/endorse", data=form)
    assert r.status_code == 302, r.text
    assert e.post(f"/receipts/{receipt.id}/endorse", data=form).status_code == 302  # a double click: one
    after = _receipts(url)[0]
    assert [x.seq for x in after.endorsements] == [1] and after.endorsements[0].text == "เพื่อโปรดพิจารณา"
    assert after.endorsements[0].actor == "ผู้ใช้ endorser"
    new = e.get(f"/receipts/{receipt.id}/pdf?inline=1").data
    assert hashlib.sha256(new).hexdigest() != before
    assert "เพื่อโปรดพิจารณา" in pdftotext(new).replace(" ", "")
    # free text
    assert _endorse(e, receipt.id, text="  ").status_code == 422  # nothing to write
    r = _endorse(e, receipt.id, text="มอบกองคลังดำเนินการ")
    assert r.status_code == 302 and [x.seq for x in _receipts(url)[0].endorsements] == [1, 2]
    # audited as the web user
    from sqlalchemy import text as sql

    from docengine.register.audit import verify

    engine = app.extensions["docengine"].register.engine
    with engine.connect() as conn:
        actors = {a for (a,) in conn.execute(sql("SELECT actor FROM audit_log WHERE target = :t"),
                                             {"t": f"receipts:{receipt.id}"})}
    assert any(a.startswith("web:clerk@") for a in actors) and any(a.startswith("web:endorser@") for a in actors)
    assert verify(engine).ok


def test_anyones_pdf_with_typed_fields_and_a_ce_year(site, tmp_path):
    app, url, district = site
    c = _client(app)
    blob = _plain_pdf(tmp_path / "plain.pdf")
    fields = {"book_number": "ชม 0023.3/ว 63", "sender": "ที่ว่าการอำเภอฝาง", "subject": "แจ้งกำหนดการประชุม"}
    n = len(_receipts(url))
    r = _post(c, _form(c), blob, name="plain.pdf")  # no metadata and nothing typed: say what to type
    assert r.status_code == 422 and "plain.pdf ไม่มีข้อมูลหนังสือของ docengine กรุณากรอก ที่ ลงวันที่ จาก และ เรื่อง" in r.text
    r = _post(c, _form(c, date="5/1/2024", **fields), blob, name="plain.pdf")
    assert r.status_code == 422 and "ค.ศ." in r.text and "2024" in r.text
    assert len(_receipts(url)) == n
    r = _post(c, _form(c, date="5 ม.ค. 2567", **fields), blob, name="plain.pdf")
    assert r.status_code == 302, r.text
    got = [x for x in _receipts(url) if x.subject == "แจ้งกำหนดการประชุม"]
    assert len(got) == 1 and got[0].sender_date.isoformat() == "2024-01-05" and got[0].letter_id is None


def _plain_pdf(path):
    import pikepdf

    with pikepdf.new() as p:
        p.add_blank_page(page_size=(595, 842))
        p.save(path)
    return path.read_bytes()


def test_a_concurrent_double_submit_takes_one_receipt_and_another_office_gets_404(site, tmp_path):
    app, url, _ = site
    c = _client(app)
    blob = _plain_pdf(tmp_path / "other.pdf")
    form = _form(c, book_number="ชม 0023.3/ว 70", date="9 ม.ค. 2567", sender="ที่ว่าการอำเภอฝาง",
                 subject="ส่งสองครั้งพร้อมกัน")
    results = []

    def send():
        cc = app.test_client()
        cc.set_cookie("session", c.get_cookie("session").value)
        r = _post(cc, form, blob, name="other.pdf")
        results.append((r.status_code, r.headers.get("Location") or r.text))

    before = len(_receipts(url))
    threads = [threading.Thread(target=send) for _ in range(2)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert [s for s, _ in results] == [302, 302], results
    assert len({loc.split("?")[0] for _, loc in results}) == 1
    got = [x for x in _receipts(url) if x.subject == "ส่งสองครั้งพร้อมกัน"]
    assert len(got) == 1 and len(_receipts(url)) == before + 1
    # sent again later: the same receipt
    r = _post(c, form, blob, name="other.pdf")
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/receipts/{got[0].id}")
    rid = got[0].id
    # another office's receipt: not there for this office's users
    from datetime import date

    reg = Register.open(url, office=Office.sample())
    theirs = reg.receive("ชม 0023.3", sender_book_number="มท 0810.2/ว 1", sender_date=date(2024, 1, 3),
                         sender_agency="กรมส่งเสริมการปกครองท้องถิ่น", subject="หนังสือรับของอำเภอ").id
    reg.close()
    for name in ("clerk", "endorser", "signer", "admin"):
        u = _client(app, name)
        assert u.get(f"/receipts/{theirs}").status_code == 404, name
        assert u.get(f"/receipts/{theirs}/pdf").status_code == 404, name
        assert u.post(f"/receipts/{theirs}/endorse", data={"csrf_token": csrf(u.get("/").text), "choice": "ทราบ",
                                                           "endorse_token": "z" * 32}).status_code == 404, name
        assert "หนังสือรับของอำเภอ" not in u.get("/").text
    # a clerk of another office: not found (they cannot log in here at all; their session has no role)
    d = app.test_client()
    assert login(d, "district").status_code == 401
    assert d.get(f"/receipts/{rid}").status_code == 302  # to the log-in page
    # a user with no role in this office, logged in through the permission function: 404
    from docengine.register.signers import UserRecord
    from docengine.web.permissions import permitted

    district = UserRecord(9, "district", "ก", "จนท.", "clerk", True, (("ชม 0023.3", "clerk"),))
    assert not any(permitted(district, a, got[0].agency_code) for a in ("view", "download", "receive", "endorse"))
    # the signer sees but cannot endorse, the admin sees nothing
    s = _client(app, "signer")
    page = s.get(f"/receipts/{rid}")
    assert page.status_code == 200 and "endorse-form" not in page.text
    assert _endorse(s, rid, choice="ทราบ").status_code == 404
    assert _client(app, "admin").get(f"/receipts/{rid}").status_code == 404
    assert _client(app, "endorser").get("/receipts/new").status_code == 404


# --- in a real browser (Debian's Chromium through Playwright, as tests/test_web_browser.py) ---


@pytest.mark.slow
def test_in_the_browser_a_clerk_uploads_routes_and_receives_and_the_endorser_endorses(tmp_path):

    from docengine.web import create_app

    from browser import SHOTS, desk_in_chromium

    url, _ = make_register(tmp_path / "r.sqlite3")
    app = create_app(db=url, files=tmp_path / "files")
    with desk_in_chromium(app, width=1400, height=1000) as (page, base, ctx):

        def log_in(name):
            page.goto(f"{base}/login")
            page.get_by_label("ชื่อผู้ใช้").fill(name)
            page.get_by_label("รหัสผ่าน").fill(PASSWORD)
            page.get_by_role("button", name="เข้าสู่ระบบ").click()
            page.wait_for_url(f"{base}/")

        log_in("clerk")
        page.get_by_role("link", name="ลงรับหนังสือ").first.click()
        page.set_input_files("#pdf", str(tmp_path / "district.pdf"))
        page.get_by_label("กองคลัง").check()
        page.get_by_label("งานพัฒนาชุมชน").check()
        page.screenshot(path=str(SHOTS / "08-receive.png"), full_page=True)
        page.get_by_role("button", name="ลงรับ").click()
        page.wait_for_selector("#receipt-no")
        number = page.inner_text("#receipt-no")
        assert re.fullmatch(r"๐๐๑/๒๕[๐-๙]{2}", number), number
        assert "ลงรับแล้ว" in page.inner_text(".flash")
        page.wait_for_timeout(800)  # the PDF viewer draws the stamped copy
        page.screenshot(path=str(SHOTS / "09-receipt.png"), full_page=True)
        stamped = page.request.get(base + page.get_attribute("#download-stamped", "href"))
        assert stamped.ok and pdftotext(stamped.body()).replace(" ", "").count("กองคลัง") >= 1
        receipt_url = page.url.split("?")[0]
        # the inbox lists it in the receive book
        page.goto(f"{base}/")
        assert number in page.inner_text("#receive-book")
        ctx.clear_cookies()
        log_in("endorser")
        page.goto(receipt_url)
        page.get_by_role("button", name="แจ้ง งานพัฒนาชุมชน กองคลัง ทราบ").click()
        page.wait_for_selector("#endorsement-list")
        assert "แจ้ง งานพัฒนาชุมชน กองคลัง ทราบ" in page.inner_text("#endorsement-list")
        page.wait_for_timeout(800)
        page.screenshot(path=str(SHOTS / "10-endorse.png"), full_page=True)
        again = page.request.get(base + page.get_attribute("#download-stamped", "href")).body()
        assert hashlib.sha256(again).hexdigest() != hashlib.sha256(stamped.body()).hexdigest()
        assert "แจ้งงานพัฒนาชุมชนกองคลังทราบ" in pdftotext(again).replace(" ", "")
