"""The web desk's allowance desk (issue 11, page 6): one applicant's form with the engine's checks
while typing and its printed PDF; a people file's validation report and merged print pack."""

from __future__ import annotations

import io
import json
import re
import time

import pytest
from extract import pdftotext
from web_helpers import OFFICE, OTHER, csrf, login, make_app

from docengine.resources import data_path

GOOD = {"kind": "elderly", "fy": "2570", "version": "2566", "filed_on": "4 พ.ค. 2569",
        "citizen_id": "3-5009-93720-26-9", "title": "นางสาว", "first_name": "พิมพ์ใจ", "last_name": "ดวงแก้ว",
        "birth_date": "๕ มิถุนายน ๒๕๑๐", "house_no": "240", "moo": "12", "subdistrict": "เวียง",
        "district": "ฝาง", "province": "เชียงใหม่", "payment_method": "1"}
WRONG_DIGIT = "3-5009-93720-26-8"  # GOOD's ID with its check digit off by one
CHECK_DIGIT_TH = "ไม่ถูกต้องตามหลักตรวจสอบ (หลักสุดท้าย)"
CHECK_DIGIT_EN = "fails its check digit"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    app, url, other_id = make_app(tmp_path_factory.mktemp("allowance"))
    return app, url, other_id


def _client(app, name="clerk"):
    c = app.test_client()
    assert login(c, name).status_code == 302
    return c


def _form(c, **fields):
    page = c.get(f"/allowance/applicant?kind={fields.get('kind', 'elderly')}")
    assert page.status_code == 200
    return {"csrf_token": csrf(page.text), **GOOD, **fields}


def _error_span(html: str, field: str) -> str:
    """The text of the error span next to ``field`` (its aria-describedby)."""
    m = re.search(rf'<span class="errors" id="aerr-{field}"[^>]*>(.*?)</span>\s*(?:</div>|\n)', html, re.S)
    assert m, f"no error span for {field}"
    return m[1]


def test_a_wrong_check_digit_shows_the_engines_message_next_to_the_field(site):
    app, _, _ = site
    c = _client(app)
    # while typing (htmx): the message is swapped into the citizen ID's own error span
    got = c.post("/allowance/applicant/check", data=_form(c, citizen_id=WRONG_DIGIT), headers={"HX-Request": "true"})
    assert got.status_code == 200
    here = _error_span(got.text, "citizen-id")
    assert CHECK_DIGIT_TH in here and CHECK_DIGIT_EN in here
    assert _error_span(got.text, "first-name") == ""  # nothing said of a good field
    # printing anyway is refused, the message again next to the field, and no PDF
    page = c.post("/allowance/applicant/print", data=_form(c, citizen_id=WRONG_DIGIT))
    assert page.status_code == 422
    assert CHECK_DIGIT_TH in _error_span(page.text, "citizen-id")
    assert "/allowance/forms/" not in page.text
    # a required field left empty is said when printing, not while typing
    typing = c.post("/allowance/applicant/check", data=_form(c, house_no=""), headers={"HX-Request": "true"})
    assert _error_span(typing.text, "house-no") == ""
    printing = c.post("/allowance/applicant/print", data=_form(c, house_no=""))
    assert printing.status_code == 422 and "ไม่ได้กรอกบ้านเลขที่" in _error_span(printing.text, "house-no")
    # a CE fiscal year: the engine's "did you mean 2570?" next to the fiscal year, here and on the pack
    ce_fy = c.post("/allowance/applicant/check", data=_form(c, fy="2027"), headers={"HX-Request": "true"})
    assert "หมายถึง ๒๕๗๐" in _error_span(ce_fy.text, "fy") and "did you mean 2570" in _error_span(ce_fy.text, "fy")
    # a CE year for the birth date: the engine's reading of it
    ce = c.post("/allowance/applicant/check", data=_form(c, birth_date="5/6/1967"), headers={"HX-Request": "true"})
    assert "2510" in _error_span(ce.text, "birth-date") or "๒๕๑๐" in _error_span(ce.text, "birth-date")


def test_computed_while_typing_and_the_printed_form_has_the_name_and_first_month(site):
    app, _, _ = site
    c = _client(app)
    got = c.post("/allowance/applicant/check", data=_form(c), headers={"HX-Request": "true"})
    facts = re.search(r'<div id="facts"[^>]*>(.*?)</div>', got.text, re.S)[1]
    # the engine's cohort and first payment: 60 completed on 4 Jun 2570, paid from July 2570
    assert "๓-๕๐๐๙-๙๓๗๒๐-๒๖-๙" in facts
    assert "๕ มิถุนายน ๒๕๑๐" in facts
    assert re.search(r'id="fact-cohort">พ.ศ. ๒๕๗๐<', facts)
    assert "กรกฎาคม ๒๕๗๐" in facts
    # a filing date outside the FY 2570 window: the engine's message next to the filing date
    late = c.post("/allowance/applicant/check", data=_form(c, filed_on="5 ธ.ค. 2569"), headers={"HX-Request": "true"})
    assert "อยู่นอกช่วงลงทะเบียน" in _error_span(late.text, "filed-on")
    printed = c.post("/allowance/applicant/print", data=_form(c), headers={"HX-Request": "true"})
    assert printed.status_code == 200
    link = re.search(r'href="(/allowance/forms/[0-9a-f]{32}\.pdf)"', printed.text)[1]
    pdf = c.get(link)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = pdftotext(pdf.data).replace(" ", "")
    assert "พิมพ์ใจ" in text and "ดวงแก้ว" in text
    assert "กรกฎาคม" in text and "๒๕๗๐" in text
    # every field has a label (for=id), Thai first; each group says what it is in English too
    page = c.get("/allowance/applicant").text
    legends = re.findall(r'<fieldset class="group" id="group-(\w+)"><legend>([^<]+) <small lang="en">([^<]+)</small>', page)
    assert [(g, en) for g, _, en in legends][:3] == [("applicant", "Applicant"), ("address", "Registered address"),
                                                     ("payment", "Payment")], legends
    assert '<label for="a-citizen-id" title="' in page and "Citizen ID</small>" in page
    ids = re.findall(r'<(?:input|select) id="([^"]+)"', page)
    assert len(ids) > 40 and all(f'<label for="{i}"' in page for i in ids)
    # the disability form is offered from its own schema (no edition choice)
    dis = c.get("/allowance/applicant?kind=disability").text
    assert 'name="disability_type"' in dis and 'name="version"' not in dis
    # disability: paid from the month after filing (the engine's rule), no cohort; the type is required
    dform = {**_form(c, kind="disability"), "kind": "disability", "disability_type": "2", "filed_on": "2 พ.ย. 2569"}
    dfacts = c.post("/allowance/applicant/check", data=dform, headers={"HX-Request": "true"}).text
    assert "ธันวาคม ๒๕๖๙" in re.search(r'id="fact-first">(.*?)</dd>', dfacts, re.S)[1]
    assert 'id="fact-cohort"' not in dfacts
    nodtype = c.post("/allowance/applicant/print", data={**dform, "disability_type": ""})
    assert nodtype.status_code == 422 and "ไม่ได้กรอกประเภทความพิการ" in _error_span(nodtype.text, "disability-type")
    # another user's printed form is not theirs to fetch
    other = _client(app, "clerk")
    assert other.get(link).status_code == 200  # the same user, a new session
    from docengine.register.signers import add_user

    add_user(app.extensions["docengine"].register, "clerk2", name="ผู้ใช้ clerk2", position="เจ้าหน้าที่",
             role="clerk", office_roles=["clerk"], agency=OFFICE, password="desk-pass-2567")
    assert _client(app, "clerk2").get(link).status_code == 404


def test_registering_the_form_takes_one_number_from_the_forms_book(site):
    app, _, _ = site
    c = _client(app)
    reg = app.extensions["docengine"].register
    before = len(reg.list("forms", agency=OFFICE))
    form = _form(c)
    token = re.search(r'name="form_token" value="([^"]+)"', c.get("/allowance/applicant").text)[1]
    bad = c.post("/allowance/applicant/register", data={**form, "form_token": token, "citizen_id": WRONG_DIGIT})
    assert bad.status_code == 422 and CHECK_DIGIT_TH in _error_span(bad.text, "citizen-id")
    assert len(reg.list("forms", agency=OFFICE)) == before  # bad input takes no number
    first = c.post("/allowance/applicant/register", data={**form, "form_token": token})
    again = c.post("/allowance/applicant/register", data={**form, "form_token": token})  # a double click
    assert first.status_code == again.status_code == 302
    assert first.headers["Location"].split("?")[0] == again.headers["Location"]
    lines = reg.list("forms", agency=OFFICE)
    assert len(lines) == before + 1
    line = lines[-1]
    assert line.series == "form-elderly" and line.recipients == "นางสาวพิมพ์ใจ ดวงแก้ว" and line.status == "issued"
    page = c.get(first.headers["Location"]).text
    assert "ลงทะเบียนรับคำขอแล้ว" in page and "นางสาวพิมพ์ใจ ดวงแก้ว" in page
    pdf = c.get(f"/allowance/registered/{line.id}.pdf")
    from docengine.thai import thai_digits

    text = re.sub(r"\s", "", pdftotext(pdf.data))
    number = thai_digits(str(line.running_no))
    assert f"ทะเบียนเลขที่{number}/๒๕๗๐" in text, text[:400]
    assert "กรกฎาคม" in text
    # not a letter's page, nor another user's token
    assert c.get("/allowance/registered/1").status_code == 404  # letter 1 is the district's letter
    from docengine.register.signers import add_user

    add_user(reg, "clerk3", name="ผู้ใช้ clerk3", position="เจ้าหน้าที่", role="clerk", office_roles=["clerk"],
             agency=OFFICE, password="desk-pass-2567")
    other = _client(app, "clerk3")
    assert other.post("/allowance/applicant/register", data={**_form(other), "form_token": token}).status_code == 404


def _upload(c, blob: bytes, name="people.csv", **fields):
    page = c.get("/allowance/pack")
    token = re.search(r'name="pack_token" value="([^"]+)"', page.text)[1]
    data = {"csrf_token": csrf(page.text), "pack_token": token, "kind": "elderly", "fy": "2570", "on": "1 มิ.ย. 2569",
            **fields, "people": (io.BytesIO(blob), name)}
    return c.post("/allowance/pack", data=data, content_type="multipart/form-data")


def _finished(c, job: str) -> str:
    deadline = time.monotonic() + 120
    while 'hx-trigger="every 1s"' in (frag := c.get(f"/allowance/pack/{job}/status").text):
        if time.monotonic() > deadline:
            pytest.fail(f"the print pack {job} still renders after 120 s (a hang)")
        time.sleep(0.3)
    return frag


def _sample(rows: int) -> str:
    lines = data_path("samples", "people.csv").read_text(encoding="utf-8").splitlines()
    return "\n".join(lines[: rows + 1]) + "\n"


def test_a_bad_people_file_lists_every_problem_with_row_and_column(site):
    app, _, _ = site
    c = _client(app)
    lines = _sample(4).splitlines()
    header = lines[0].split(",")
    rows = [line.split(",") for line in lines[1:]]
    rows[0][header.index("citizen_id")] = "3-5009-93720-26-8"  # row 1: check digit
    rows[1][header.index("birth_date")] = "31 ก.พ. 2492"  # row 2: no such day
    rows[2][header.index("status")] = ""  # row 3: the list needs รายเดิม / รายใหม่
    rows[3][header.index("house_no")] = ""  # row 4: the form needs the house number
    blob = "\n".join([",".join(header), *(",".join(r) for r in rows)]).encode("utf-8")
    got = _upload(c, blob, "bad.csv")
    assert got.status_code == 422
    table = re.search(r'<table class="book" id="problems">(.*?)</table>', got.text, re.S)[1]
    cells = [tds for tr in re.findall(r"<tr>(.*?)</tr>", table, re.S) if (tds := re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S))]
    cells = [[re.sub(r"<br><small>.*?</small>", "", cell) for cell in tds] for tds in cells]  # the column's Thai name
    found = {(row, col) for row, col, *_ in cells}
    assert found == {("1", "citizen_id"), ("2", "birth_date"), ("3", "status"), ("4", "house_no")}, cells
    by = {(row, col): problem for row, col, _, problem in cells}
    assert CHECK_DIGIT_TH in by[("1", "citizen_id")] and CHECK_DIGIT_EN in by[("1", "citizen_id")]
    assert "ไม่ได้กรอกสถานะ" in by[("3", "status")]
    assert "๔ ข้อ" in got.text
    assert not list((app.extensions["docengine"].files).glob("*/packs/*/status.json"))  # nothing was started
    # the same from an XLSX (the first sheet), as Excel saves it
    import openpyxl

    book = openpyxl.Workbook()
    for r in [header, *rows]:
        book.active.append(r)
    xlsx = io.BytesIO()
    book.save(xlsx)
    got = _upload(c, xlsx.getvalue(), "bad.xlsx")
    assert got.status_code == 422 and "๔ ข้อ" in got.text and CHECK_DIGIT_TH in got.text
    # a fiscal year the PR notice cannot be dated for (no holidays yet): said on upload, nothing started
    ahead = _upload(c, _sample(2).encode("utf-8"), "ahead.csv", fy="2571")
    assert ahead.status_code == 422 and "2571" in ahead.text and "holidays.yaml" in ahead.text
    assert not list((app.extensions["docengine"].files).glob("*/packs/*/status.json"))
    ce = _upload(c, _sample(2).encode("utf-8"), "ce.csv", fy="2027")
    assert ce.status_code == 422 and "หมายถึง ๒๕๗๐" in ce.text
    # not a people file at all, and too large
    assert "ต้องเป็น .csv หรือ .xlsx" in _upload(c, b"x", "people.pdf").text
    app.config["PEOPLE_UPLOAD_MB"] = 1
    try:
        big = _upload(c, b"a" * (1024 * 1024 + 10), "big.csv")
        assert big.status_code == 422 and "ใหญ่เกิน" in big.text
    finally:
        app.config.pop("PEOPLE_UPLOAD_MB")


def test_a_good_people_file_makes_one_merged_pack_with_progress(site):
    app, _, _ = site
    c = _client(app)
    got = _upload(c, _sample(6).encode("utf-8"), "village.csv")
    assert got.status_code == 302, got.text[-2000:]
    job_page = got.headers["Location"]
    job = job_page.rsplit("/", 1)[1]
    first = c.get(job_page).text
    assert "village.csv" in first and "๖ คน" in first
    polled = 0
    deadline = time.monotonic() + 120
    while True:  # as the page's htmx does: every second until the fragment stops polling
        frag = c.get(f"/allowance/pack/{job}/status").text
        if 'hx-trigger="every 1s"' not in frag:
            break
        assert 'id="pack-progress"' in frag
        polled += 1
        if time.monotonic() > deadline:
            pytest.fail(f"the print pack {job} still renders at its deadline (a hang)")
        time.sleep(0.5)
    assert "สร้างชุดเอกสารแล้ว" in frag, frag
    href = re.search(r'id="pack-download" href="([^"]+)"', frag)[1]
    pdf = c.get(href)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    from docengine.render.merge import count_pages

    status = json.loads(next(app.extensions["docengine"].files.glob(f"*/packs/{job}/status.json")).read_text())
    parts = {p["key"]: p["pages"] for p in status["parts"]}
    assert list(parts) == ["forms", "proxy", "list", "pr", "counts"]
    assert parts["forms"] == 6 * 2  # a two-page form per row
    assert parts["proxy"] == 1  # row 5 names an authorised person: one proxy letter
    assert count_pages(pdf.data) == sum(parts.values()) == status["pages"]
    text = pdftotext(pdf.data).replace(" ", "")
    for words in ("พิมพ์ใจ", "คำป้อ", "หนังสือมอบอำนาจ", "ประกาศ", "บัญชีรายชื่อผู้มีสิทธิ", "ประชาสัมพันธ์"):
        assert words in text, words
    assert "รวม" in text and "๖" in text  # the counts: 6 people
    assert polled >= 0  # (the pack of 6 may finish before the first poll on a fast machine)


def test_a_numbered_pack_takes_the_forms_numbers_once_per_form(site):
    app, _, _ = site
    c = _client(app)
    reg = app.extensions["docengine"].register
    before = reg.list("forms", agency=OFFICE)
    page = c.get("/allowance/pack").text
    token = re.search(r'name="pack_token" value="([^"]+)"', page)[1]
    form = {"csrf_token": csrf(page), "pack_token": token, "kind": "elderly", "fy": "2570", "numbered": "1"}

    def send():
        return c.post("/allowance/pack", data={**form, "people": (io.BytesIO(_sample(3).encode()), "three.csv")},
                      content_type="multipart/form-data")

    first = send()
    assert first.status_code == 302
    frag = _finished(c, first.headers["Location"].rsplit("/", 1)[1])
    again = send()  # the same form again: the same pack, no more numbers
    assert again.headers["Location"] == first.headers["Location"]
    lines = [r for r in reg.list("forms", agency=OFFICE) if r.id not in {b.id for b in before}]
    assert [r.recipients for r in lines] == ["นางสาวพิมพ์ใจ ดวงแก้ว", "นายวิชัย คำมูล", "นางสาวทองคำ คำมูล"]
    from docengine.thai import thai_digits

    assert f"ทะเบียนเลขที่ {thai_digits(lines[0].book_number)} – {thai_digits(lines[-1].book_number)}" in frag
    pdf = c.get(re.search(r'id="pack-download" href="([^"]+)"', frag)[1]).data
    text = re.sub(r"\s", "", pdftotext(pdf, layout=True))  # in reading order: the number after its label
    for r in lines:
        assert f"ทะเบียนเลขที่{thai_digits(str(r.running_no))}/๒๕๗๐" in text
    # audited as the web user who uploaded it, and the audit chain verifies
    from sqlalchemy import text as sql

    from docengine.register.audit import verify

    with reg.engine.connect() as conn:
        actors = {a for (a,) in conn.execute(sql("SELECT actor FROM audit_log WHERE target = :t"),
                                             {"t": f"letters:{lines[0].id}"})}
    assert actors and all(a.startswith("web:clerk@") for a in actors), actors
    assert verify(reg.engine).ok


def test_every_allowance_route_is_the_clerks_of_this_office(site):
    app, _, _ = site
    routes = ["/allowance", "/allowance/applicant", "/allowance/pack"]
    for name in ("endorser", "signer", "admin"):
        c = _client(app, name)
        for route in routes:
            assert c.get(route).status_code == 404, (name, route)
        token = csrf(c.get("/").text) if name != "admin" else csrf(c.get("/").text)
        for route in ("/allowance/applicant/check", "/allowance/applicant/print", "/allowance/pack"):
            assert c.post(route, data={"csrf_token": token, **GOOD}).status_code == 404, (name, route)
        assert "เบี้ยยังชีพ" not in c.get("/").text  # no nav link either
    # no CSRF token: 400, nothing read
    c = _client(app)
    assert c.post("/allowance/pack", data={"kind": "elderly", "fy": "2570"}).status_code == 400
    assert c.post("/allowance/applicant/check", data=GOOD).status_code == 400
    # the other office's clerk cannot log in here at all
    assert login(app.test_client(), "district").status_code == 401
    # a pack of another office (its status says so) is not there for this office's clerk
    folder = app.extensions["docengine"].files / "52101" / "packs" / ("0" * 32)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "status.json").write_text(json.dumps({"state": "done", "agency_code": OTHER, "kind": "elderly",
                                                    "fy": 2570, "file": "x.csv", "people": 1, "done": 1,
                                                    "total": 1, "parts": [], "pages": 1, "size": 1}))
    (folder / "pack.pdf").write_bytes(b"%PDF-1.4")
    c = _client(app)
    for route in (f"/allowance/pack/{'0' * 32}", f"/allowance/pack/{'0' * 32}/status", f"/allowance/pack/{'0' * 32}.pdf"):
        assert c.get(route).status_code == 404, route
    assert c.get("/allowance/pack/../../etc").status_code == 404
    # a pack of this office whose rendering process has gone: said, and the page stops polling
    import os

    stale = folder.parent / ("1" * 32)
    stale.mkdir()
    (stale / "status.json").write_text(json.dumps({"state": "running", "agency_code": OFFICE, "kind": "elderly",
                                                   "fy": 2570, "file": "x.csv", "people": 1, "done": 0,
                                                   "total": 9, "parts": [], "step": "forms"}))
    assert 'hx-trigger="every 1s"' in c.get(f"/allowance/pack/{'1' * 32}/status").text
    os.utime(stale / "status.json", (time.time() - 600, time.time() - 600))
    frag = c.get(f"/allowance/pack/{'1' * 32}/status").text
    assert "หยุดไปโดยไม่เสร็จ" in frag and 'hx-trigger="every 1s"' not in frag
    assert "เบี้ยยังชีพ" in c.get("/").text  # the clerk's nav has the link


def test_in_the_browser_a_wrong_check_digit_shows_the_message_next_to_the_field(tmp_path):
    from browser import SHOTS, desk_in_chromium
    from web_helpers import PASSWORD

    app, _, _ = make_app(tmp_path)
    app.config["TESTING"] = False
    with desk_in_chromium(app, width=1400, height=1000) as (page, base, ctx):
        page.goto(f"{base}/login")
        page.get_by_label("ชื่อผู้ใช้").fill("clerk")
        page.get_by_label("รหัสผ่าน").fill(PASSWORD)
        page.get_by_role("button", name="เข้าสู่ระบบ").click()
        page.wait_for_url(f"{base}/")
        page.get_by_role("link", name="เบี้ยยังชีพ").click()
        page.screenshot(path=str(SHOTS / "11-allowance.png"), full_page=True)
        page.click("#applicant-elderly")
        page.fill("#a-fy", "2570")
        page.fill("#a-filed-on", "4 พ.ค. 2569")
        page.fill("#a-first-name", "พิมพ์ใจ")
        page.fill("#a-birth-date", "5 มิ.ย. 2510")
        page.locator("#a-citizen-id").press_sequentially(WRONG_DIGIT, delay=10)
        page.wait_for_selector("#aerr-citizen-id .problem")
        message = page.inner_text("#aerr-citizen-id")
        assert CHECK_DIGIT_TH in message and CHECK_DIGIT_EN in message
        assert "กรกฎาคม ๒๕๗๐" in page.inner_text("#fact-first")  # computed while typing
        page.screenshot(path=str(SHOTS / "12-allowance-check-digit.png"), full_page=True)
        # fixed: the message goes, the rest typed, printed
        page.fill("#a-citizen-id", GOOD["citizen_id"])
        page.locator("#a-citizen-id").dispatch_event("change")
        page.wait_for_function("!document.querySelector('#aerr-citizen-id .problem')")
        for name in ("title", "last_name", "house_no", "moo", "subdistrict", "district", "province"):
            page.fill(f"#a-{name.replace('_', '-')}", GOOD[name])
        page.click("#print-button")
        page.wait_for_selector("#form-download")
        pdf = page.request.get(base + page.get_attribute("#form-download", "href"))
        assert pdf.ok and "ดวงแก้ว" in pdftotext(pdf.body()).replace(" ", "")
        page.wait_for_timeout(800)
        page.screenshot(path=str(SHOTS / "13-allowance-printed.png"), full_page=True)
        page.click("#register-button")  # ลงทะเบียนรับคำขอ: the next ทะเบียนเลขที่ of the forms book
        page.wait_for_selector("#form-number")
        assert page.inner_text("#form-number") == "๑/๒๕๗๐"
        page.wait_for_timeout(800)
        page.screenshot(path=str(SHOTS / "13b-allowance-registered.png"), full_page=True)
        # a bad people file: the report on screen
        page.goto(f"{base}/allowance/pack")
        page.fill("#p-fy", "2570")
        bad = tmp_path / "bad.csv"
        bad.write_text(_sample(3).replace("3-5009-93720-26-9", WRONG_DIGIT).replace(",รายเดิม,", ",,"),
                       encoding="utf-8")
        page.set_input_files("#p-people", str(bad))
        page.click("#pack-button")
        page.wait_for_selector("#problems")
        page.screenshot(path=str(SHOTS / "14-allowance-people-report.png"), full_page=True)
        # a good one: the progress, then the download
        good = tmp_path / "good.csv"
        good.write_text(_sample(6), encoding="utf-8")
        page.set_input_files("#p-people", str(good))
        page.click("#pack-button")
        page.wait_for_selector("#progress")
        page.screenshot(path=str(SHOTS / "15-allowance-pack-progress.png"), full_page=True)
        page.wait_for_selector("#pack-download, #progress .problem-box", timeout=120_000)
        assert page.locator("#pack-download").count(), page.inner_text("#progress")
        page.screenshot(path=str(SHOTS / "16-allowance-pack-done.png"), full_page=True)
        pack = page.request.get(base + page.get_attribute("#pack-download", "href"))
        assert pack.ok and "หนังสือมอบอำนาจ" in pdftotext(pack.body()).replace(" ", "")
