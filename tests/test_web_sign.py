"""The signer's side of the web desk and the inbox per role (Flask test client).

A clerk sends a drafted letter for signature (once per draft); the signer sees it under รอลงนาม,
a wrong PIN is refused with the engine's message, the right one approves it; the clerk numbers it
(once) and its PDF carries the typed e-signature and, on a date inside the signer's delegation,
ปฏิบัติราชการแทน + the principal — not a day after the delegation ends. Every step is audited as
the web user. The inbox shows each role its own sections (to number, to receive, to endorse, to
sign) with the speed and secrecy badges, most urgent and newest first."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from extract import pdftotext
from sqlalchemy import text as sql
from web_helpers import LETTER, OFFICE, OTHER, csrf, draft_form, login, make_app

from docengine import Office, Register
from docengine.register.delegations import add_delegation
from docengine.register.signers import users

PRINCIPAL = "นายกเทศมนตรีตำบลสันทราย"
DISTRICT = "ชม 0023.05"  # our parent office (อำเภอฝาง)
SECTIONS = {"number", "receive", "endorse", "sign"}


@pytest.fixture
def site(tmp_path):
    app, url, _ = make_app(tmp_path)
    reg = Register.open(url, office=Office.sample())
    add_delegation(reg, OFFICE, login="signer", capacity="ปฏิบัติราชการแทน", principal=PRINCIPAL,
                   starts_on=date(2024, 1, 1), ends_on=date(2024, 1, 31))
    reg.close()
    return app, url, tmp_path


def _client(app, name):
    c = app.test_client()
    assert login(c, name).status_code == 302
    return c


def _send(c, **fields):
    form = draft_form(c, **{"subject": LETTER["subject"], "recipient": LETTER["recipient"],
                            "body": LETTER["body"], **fields})
    return form, c.post("/letters/sign-request", data=form)


def _sections(html: str) -> dict[str, list[str]]:
    """section key -> the text of its rows, in order."""
    found = {}
    for key, body in re.findall(r'<section class="work" id="work-(\w+)".*?>(.*?)</section>', html, re.S):
        found[key] = [re.sub(r"<[^>]+>|\s+", " ", row).strip()
                      for row in re.findall(r'<tr class="work-item".*?</tr>', body, re.S)]
    return found


def _post(c, path, page_path, **fields):
    return c.post(path, data={"csrf_token": csrf(c.get(page_path).text), **fields})


def _pdf_text(c, letter_url) -> str:
    letter_id = int(re.search(r"/letters/(\d+)", letter_url)[1])
    r = c.get(f"/letters/{letter_id}/pdf")
    assert r.status_code == 200
    return "".join(pdftotext(r.data).split())


def test_send_sign_with_the_pin_and_number_inside_and_after_the_delegation(site):
    app, url, _ = site
    clerk, signer, endorser = _client(app, "clerk"), _client(app, "signer"), _client(app, "endorser")
    form, r = _send(clerk, date="31 ม.ค. 2567", speed="ด่วนที่สุด")
    assert r.status_code == 302, r.text
    where = r.headers["Location"]
    rid = int(re.search(r"/sign/(\d+)", where)[1])
    assert "เสนอลงนามแล้ว" in clerk.get(where).text
    assert clerk.post("/letters/sign-request", data=form).headers["Location"].split("?")[0] == where.split("?")[0]

    # the signer's inbox: รอลงนาม with the badge; the clerk and the endorser have no such section
    inbox = signer.get("/").text
    assert set(_sections(inbox)) == {"sign"}
    (row,) = _sections(inbox)["sign"]
    assert LETTER["subject"] in row and "ด่วนที่สุด" in row and "รอลงนาม" in row
    assert "sign" not in _sections(clerk.get("/").text) and "sign" not in _sections(endorser.get("/").text)

    page = signer.get(f"/sign/{rid}").text
    lines = re.search(r'<dd id="signer-lines">(.*?)</dd>', page, re.S)[1]
    assert "ปฏิบัติราชการแทน" in lines and PRINCIPAL in lines  # the delegation, shown before signing
    draft = signer.get(f"/sign/{rid}/draft.pdf")
    assert draft.status_code == 200 and "ปฏิบัติราชการแทน" in "".join(pdftotext(draft.data).split())

    # not the clerk's to sign, nor the endorser's; nothing to number yet
    assert _post(clerk, f"/sign/{rid}/approve", f"/sign/{rid}", pin="2567").status_code == 404
    assert _post(endorser, f"/sign/{rid}/approve", f"/sign/{rid}", pin="2567").status_code == 404
    assert _post(clerk, f"/sign/{rid}/issue", f"/sign/{rid}").status_code == 404
    # a wrong PIN: the engine's message, still waiting
    r = _post(signer, f"/sign/{rid}/approve", f"/sign/{rid}", pin="0000")
    assert r.status_code == 422 and "PIN" in r.text and "รอลงนาม" in r.text
    r = _post(signer, f"/sign/{rid}/approve", f"/sign/{rid}", pin="2567")
    assert r.status_code == 302 and "ลงนามแล้ว" in signer.get(r.headers["Location"]).text
    assert _post(signer, f"/sign/{rid}/approve", f"/sign/{rid}", pin="2567").status_code == 302  # again: no harm
    assert "sign" not in _sections(signer.get("/").text) or not _sections(signer.get("/").text)["sign"]
    assert _post(signer, f"/sign/{rid}/issue", f"/sign/{rid}").status_code == 404  # numbering is the clerk's

    # the clerk's รอออกเลข, then ออกเลข once
    (row,) = _sections(clerk.get("/").text)["number"]
    assert LETTER["subject"] in row and "ลงนามแล้ว" in row
    r = _post(clerk, f"/sign/{rid}/issue", f"/sign/{rid}")
    assert r.status_code == 302 and "/letters/" in r.headers["Location"]
    again = _post(clerk, f"/sign/{rid}/issue", f"/sign/{rid}")
    assert again.headers["Location"].split("?")[0] == r.headers["Location"].split("?")[0]
    assert _sections(clerk.get("/").text)["number"] == []
    text = _pdf_text(clerk, r.headers["Location"])
    assert "ลงนามอิเล็กทรอนิกส์" in text and "(ผู้ใช้signer)" in text
    assert "เจ้าหน้าที่ปฏิบัติราชการแทน" + PRINCIPAL in text and "ด่วนที่สุด" in text

    # a day after the delegation ends: signed in the signer's own position only
    _, r = _send(clerk, date="2024-02-01")
    rid2 = int(re.search(r"/sign/(\d+)", r.headers["Location"])[1])
    assert rid2 != rid
    assert _post(signer, f"/sign/{rid2}/approve", f"/sign/{rid2}", pin="2567").status_code == 302
    r = _post(clerk, f"/sign/{rid2}/issue", f"/sign/{rid2}")
    text = _pdf_text(clerk, r.headers["Location"])
    assert "ลงนามอิเล็กทรอนิกส์" in text and "ปฏิบัติราชการแทน" not in text and PRINCIPAL not in text

    # the audit trail names the web users
    reg = Register.open(url, office=Office.sample())
    try:
        with reg.engine.connect() as conn:
            rows = conn.execute(sql("select kind, actor from audit_log where target = :t order by seq"),
                                {"t": f"sign_requests:{rid}"}).all()
        kinds = [(k, a.split("@")[0]) for k, a in rows]
        assert kinds == [("sign.requested", "web:clerk"), ("sign.approved", "web:signer"),
                         ("sign.numbering", "web:clerk"), ("sign.issued", "web:clerk")]
        from docengine.register.audit import verify

        assert verify(reg.engine).ok
    finally:
        reg.close()


def test_a_signer_sends_it_back_and_another_office_cannot_see_it(site):
    app, url, _ = site
    clerk, signer = _client(app, "clerk"), _client(app, "signer")
    _, r = _send(clerk, date="2024-01-10")
    rid = int(re.search(r"/sign/(\d+)", r.headers["Location"])[1])
    assert _post(signer, f"/sign/{rid}/return", f"/sign/{rid}", note="").status_code == 422
    r = _post(signer, f"/sign/{rid}/return", f"/sign/{rid}", note="แก้วันประชุม")
    assert r.status_code == 302
    (row,) = _sections(clerk.get("/").text)["number"]
    assert "ส่งคืนแก้ไข" in row and "แก้วันประชุม" in row
    assert _post(signer, f"/sign/{rid}/approve", f"/sign/{rid}", pin="2567").status_code == 302
    assert _post(clerk, f"/sign/{rid}/issue", f"/sign/{rid}").status_code == 404  # not signed
    assert signer.get(f"/sign/{rid}/redraft").status_code == 404 and _client(app, "endorser").get(
        f"/sign/{rid}/redraft").status_code == 404
    # the clerk corrects it on the draft form (its data back in the fields) and sends it again
    assert 'id="redraft-button"' in clerk.get(f"/sign/{rid}").text
    page = clerk.get(f"/sign/{rid}/redraft")
    assert page.status_code == 200 and LETTER["subject"] in page.text and f'name="replaces" value="{rid}"' in page.text
    import html as h

    form = {"csrf_token": csrf(page.text), "kind": "external", "replaces": str(rid),
            "draft_token": re.search(r'name="draft_token" value="([^"]+)"', page.text)[1]}
    for name, value in re.findall(r'<input id="[^"]+" name="([^"]+)" value="([^"]*)"', page.text):
        form[name] = h.unescape(value)
    for name, value in re.findall(r'<textarea id="[^"]+" name="([^"]+)"[^>]*>([^<]*)</textarea>', page.text):
        form[name] = h.unescape(value)
    for name, body in re.findall(r'<select id="[^"]+" name="([^"]+)"[^>]*>(.*?)</select>', page.text, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', body)
        form[name] = h.unescape(chosen[1]) if chosen else ""
    assert form["date"] == "2024-01-10" and form["signer_id"]
    form["body"] = "ด้วยเทศบาลตำบลสันทรายเลื่อนการประชุม\nจึงเรียนมาเพื่อโปรดทราบ"
    r = clerk.post("/letters/sign-request", data=form)
    assert r.status_code == 302, r.text
    new = int(re.search(r"/sign/(\d+)", r.headers["Location"])[1])
    assert new != rid and "แก้ไขและเสนอใหม่แล้ว" in clerk.get(f"/sign/{rid}").text
    assert _sections(clerk.get("/").text)["number"] == []
    (row,) = _sections(signer.get("/").text)["sign"]
    assert LETTER["subject"] in row
    assert clerk.get(f"/sign/{rid}/redraft").status_code == 404  # closed
    admin = _client(app, "admin")
    assert admin.get(f"/sign/{rid}").status_code == 404 and admin.get(f"/sign/{rid}/draft.pdf").status_code == 404
    # a letter of another office waiting for its signer: not there for anyone here
    from docengine.register.sign_requests import request_signature

    reg = Register.open(url, office=Office.sample())
    try:
        from docengine.register.signers import add_user

        add_user(reg, "dsigner", name="ผู้ลงนามอำเภอ", position="นายอำเภอ", pin="1357", office_roles=["signer"],
                 agency=OTHER)
        dsigner = next(u for u in users(reg) if u.login == "dsigner")
        other = request_signature(reg, OTHER, "letters/external", {"subject": "ขอลงนามเฉพาะอำเภอ", "recipient": "x"},
                                  signer_id=dsigner.id, requested_by=dsigner.id)
    finally:
        reg.close()
    for name in ("clerk", "endorser", "signer", "admin"):
        c = _client(app, name)
        for path in (f"/sign/{other.id}", f"/sign/{other.id}/draft.pdf"):
            assert c.get(path).status_code == 404, (name, path)
        for action in ("approve", "return", "issue"):
            r = c.post(f"/sign/{other.id}/{action}", data={"csrf_token": csrf(c.get("/").text), "pin": "1357",
                                                            "note": "x"})
            assert r.status_code == 404, (name, action)
        assert "ขอลงนามเฉพาะอำเภอ" not in c.get("/").text
    # five wrong PINs lock the signer (signing and log-in) for 15 minutes, as five wrong passwords do
    _, r = _send(clerk, date="2024-01-11", subject="ทดสอบรหัส PIN")
    pid = int(re.search(r"/sign/(\d+)", r.headers["Location"])[1])
    codes = [_post(signer, f"/sign/{pid}/approve", f"/sign/{pid}", pin=f"000{n}").status_code for n in range(5)]
    assert codes == [422] * 5
    r = _post(signer, f"/sign/{pid}/approve", f"/sign/{pid}", pin="2567")
    assert r.status_code == 422 and "ระงับ" in r.text and "รอลงนาม" in r.text
    assert login(app.test_client(), "signer").status_code == 401
    # a draft with a problem is not sent
    _, r = _send(clerk, date="5/1/2024")
    assert r.status_code == 422 and "2567" in r.text


def _receive(c, blob):
    page = c.get("/receipts/new").text
    data = {"csrf_token": csrf(page), "receive_token": re.search(r'name="receive_token" value="([^"]+)"', page)[1],
            "pdf": (io.BytesIO(blob), "district.pdf", "application/pdf")}
    return c.post("/receipts/new", data=data, content_type="multipart/form-data")


def test_each_role_sees_its_own_sections_most_urgent_and_newest_first(site):
    app, url, folder = site
    clerk, signer = _client(app, "clerk"), _client(app, "signer")
    endorser, admin = _client(app, "endorser"), _client(app, "admin")
    subjects = {}
    for n, speed in enumerate(["", "ด่วน", "ด่วนที่สุด", "", "ด่วน"]):
        subject = f"เรื่องทดสอบลำดับ {n}"
        _, r = _send(clerk, subject=subject, speed=speed, date="2024-01-10")
        assert r.status_code == 302, r.text
        subjects[n] = subject
    signer_rows = _sections(signer.get("/").text)["sign"]
    order = [next(n for n, s in subjects.items() if s in row) for row in signer_rows]
    assert order == [2, 4, 1, 3, 0]  # ด่วนที่สุด, then ด่วน newest first, then the others newest first
    assert "ด่วนที่สุด" in signer_rows[0] and "ด่วน" in signer_rows[1]

    # the district's letters down the chain to us wait to be received, the most urgent first (the
    # province's letter of the fixture, another office's, is not told); once received, endorsed
    from docengine import issue_letter

    reg = Register.open(url, office=Office.sample())
    try:
        assert reg.agency(OFFICE).parent_code == DISTRICT
        for subject, speed in (("แจ้งอำเภอธรรมดา", None), ("แจ้งอำเภอด่วนมาก", "ด่วนมาก"),
                               ("แจ้งตำบลอื่น", None)):
            data = {"subject": subject, "recipient": PRINCIPAL if "ตำบลอื่น" not in subject else "นายก อบต.แม่งอน",
                    "agency": {"code": DISTRICT, "name": "ที่ว่าการอำเภอฝาง"}, "body": ["ด้วยอำเภอฝางแจ้งมา"],
                    "date": "2024-01-10", **({"speed": speed} if speed else {})}
            issue_letter(reg, data, pdf=folder / f"{subject}.pdf")
    finally:
        reg.close()
    rows = _sections(clerk.get("/").text)["receive"]
    assert len(rows) == 2 and "แจ้งอำเภอด่วนมาก" in rows[0] and "ด่วนมาก" in rows[0] and "แจ้งอำเภอธรรมดา" in rows[1]
    assert "รอลงรับ" in rows[0] and "หนังสือของอำเภอ" not in clerk.get("/").text
    assert _receive(clerk, (folder / "แจ้งอำเภอด่วนมาก.pdf").read_bytes()).status_code == 302
    (row,) = _sections(clerk.get("/").text)["receive"]
    assert "แจ้งอำเภอธรรมดา" in row
    (row,) = _sections(endorser.get("/").text)["endorse"]
    assert "แจ้งอำเภอด่วนมาก" in row and "รอเกษียน" in row and "ด่วนมาก" in row
    rid = int(re.search(r'/receipts/(\d+)"', endorser.get("/").text)[1])
    page = endorser.get(f"/receipts/{rid}").text
    token = re.search(r'name="endorse_token" value="([^"]+)"', page)[1]
    r = endorser.post(f"/receipts/{rid}/endorse", data={"csrf_token": csrf(page), "endorse_token": token,
                                                         "text": "ทราบ"})
    assert r.status_code == 302
    assert _sections(endorser.get("/").text)["endorse"] == []

    assert set(_sections(clerk.get("/").text)) == {"number", "receive"}
    assert set(_sections(endorser.get("/").text)) == {"endorse"}
    assert set(_sections(signer.get("/").text)) == {"sign"}
    assert _sections(admin.get("/").text) == {}
    # a second signer sees only what was sent to them
    reg = Register.open(url, office=Office.sample())
    try:
        from docengine.register.signers import add_user

        add_user(reg, "signer2", name="ผู้ใช้ signer2", position="ปลัดเทศบาล", pin="1234", role="signer",
                 office_roles=["signer"], agency=OFFICE, password="desk-pass-2567")
        assert {u.login for u in users(reg)} >= {"signer2"}
    finally:
        reg.close()
    assert _sections(_client(app, "signer2").get("/").text) == {"sign": []}


# --- in a real browser (Debian's Chromium through Playwright), every page photographed --------


@pytest.fixture
def served(site):
    import threading

    from werkzeug.serving import make_server

    app, url, folder = site
    reg = Register.open(url, office=Office.sample())
    try:
        from docengine import issue_letter

        issue_letter(reg, {"subject": "ขอความร่วมมือสำรวจผู้สูงอายุ", "recipient": PRINCIPAL, "speed": "ด่วนมาก",
                           "agency": {"code": DISTRICT, "name": "ที่ว่าการอำเภอฝาง"}, "date": "2024-01-12",
                           "body": ["ด้วยอำเภอฝางขอความร่วมมือ"]}, pdf=folder / "down.pdf")
    finally:
        reg.close()
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}", app, folder
    httpd.shutdown()
    thread.join(10)


@pytest.mark.slow
def test_in_the_browser_the_clerk_sends_the_signer_signs_the_clerk_numbers(served, tmp_path):
    import os

    from browser import ARGS, CHROMIUM, double_click, log_in, shot

    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing: run scripts/sysdeps.sh test")
    from playwright.sync_api import sync_playwright

    base, _, folder = served
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            def page_as(name):
                ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True,
                                          locale="th-TH")
                ctx.set_default_timeout(30_000)
                pg = ctx.new_page()
                log_in(pg, base, name)
                pg.wait_for_url(f"{base}/")
                return pg

            clerk = page_as("clerk")
            shot(clerk, "sign-1-clerk-inbox")
            assert clerk.locator("#work-receive .work-item").count() == 1
            assert "ด่วนมาก" in clerk.locator("#work-receive .work-item").first.inner_text()
            assert clerk.locator("#work-sign").count() == 0
            clerk.goto(f"{base}/letters/new")
            clerk.fill("#f-subject", LETTER["subject"])
            clerk.fill("#f-date", "๓๑ ม.ค. ๒๕๖๗")
            clerk.fill("#f-recipient", LETTER["recipient"])
            clerk.fill("#f-body", LETTER["body"])
            clerk.select_option("#f-speed", "ด่วนที่สุด")
            shot(clerk, "sign-2-draft-send-for-signature")
            clerk.click("#sign-request-button")
            clerk.wait_for_url(re.compile(r"/sign/\d+"))
            clerk.wait_for_timeout(1500)
            shot(clerk, "sign-3-sent")
            assert "เสนอลงนามแล้ว" in clerk.content()

            signer = page_as("signer")
            shot(signer, "sign-4-signer-inbox")
            rows = signer.locator("#work-sign .work-item")
            assert rows.count() == 1 and "ด่วนที่สุด" in rows.first.inner_text()
            rows.first.locator("a").click()
            signer.wait_for_url(re.compile(r"/sign/\d+"))
            assert "ปฏิบัติราชการแทน" in signer.locator("#signer-lines").inner_text()
            signer.fill("#pin", "9999")
            signer.click("#approve-button")
            signer.locator("#sign-problem").wait_for()
            signer.wait_for_timeout(1500)  # let the PDF viewer draw the draft
            shot(signer, "sign-5-wrong-pin")
            signer.fill("#pin", "2567")
            signer.click("#approve-button")
            signer.wait_for_url(re.compile(r"signed=1"))
            shot(signer, "sign-6-signed")

            # the clerk receives the district's letter: it leaves รอลงรับ and waits for เกษียน
            clerk.goto(f"{base}/receipts/new")
            clerk.set_input_files("#pdf", str(folder / "down.pdf"))
            clerk.click("#receive-button")
            clerk.wait_for_selector("#receipt-no")
            endorser = page_as("endorser")
            assert "ขอความร่วมมือสำรวจผู้สูงอายุ" in endorser.locator("#work-endorse .work-item").first.inner_text()
            shot(endorser, "sign-7-endorser-inbox")
            assert endorser.locator("#work-endorse").count() == 1 and endorser.locator("#work-sign").count() == 0

            clerk.goto(f"{base}/")
            rows = clerk.locator("#work-number .work-item")
            assert rows.count() == 1 and "ลงนามแล้ว" in rows.first.inner_text()
            assert clerk.locator("#work-receive .work-item").count() == 0
            shot(clerk, "sign-8-clerk-to-number")
            rows.first.locator("a").click()
            clerk.wait_for_url(re.compile(r"/sign/\d+"))
            assert re.search(r"/letters/\d+(\?|$)", double_click(clerk, "#issue-signed-button", "#download-pdf"))
            clerk.wait_for_timeout(1500)
            shot(clerk, "sign-9-numbered")
            with clerk.expect_download() as got:
                clerk.click("#download-pdf")
            pdf = tmp_path / "signed.pdf"
            got.value.save_as(pdf)
            text = "".join(pdftotext(pdf).split())
            assert "ลงนามอิเล็กทรอนิกส์" in text and "ปฏิบัติราชการแทน" + PRINCIPAL in text
        finally:
            browser.close()
