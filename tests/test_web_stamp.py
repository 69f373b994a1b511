"""The receive page's stamp placement: page 1 shown with the engine's suggested stamp box, the
clerk's position posted with ลงรับ, checked by the engine (inside the page, over no text) and the
stamp put there — read back from the stamped PDF's words; kept when an endorsement re-stamps;
a position over text or off the page refused with the engine's bilingual message and no number
taken; a Playwright test drags the box (and moves it with the arrow keys)."""

from __future__ import annotations

import io
import re

import pytest
from extract import pdf_words
from web_helpers import OFFICE, PASSWORD, csrf, login, make_app, make_register

from docengine import Office, Register

MM = 72 / 25.4


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("webstamp")
    app, url, _ = make_app(folder)
    return app, url, (folder / "district.pdf").read_bytes()


def _fresh_letter(url, folder, subject: str) -> bytes:
    """Another letter of the other office, laid out as the fixture's (a letter is received once)."""
    from docengine import issue_letter
    from web_helpers import OTHER

    reg = Register.open(url, office=Office.sample())
    try:
        issue_letter(reg, {"subject": subject, "recipient": "นายกเทศมนตรีตำบลสันทราย",
                           "agency": {"code": OTHER, "name": "ศาลากลางจังหวัดเชียงใหม่"},
                           "body": ["ด้วยอำเภอฝางแจ้งมา"]}, pdf=folder / f"{subject}.pdf", docx=folder / f"{subject}.docx")
    finally:
        reg.close()
    return (folder / f"{subject}.pdf").read_bytes()


def _client(app, name="clerk"):
    c = app.test_client()
    assert login(c, name).status_code == 302
    return c


def _form(c):
    page = c.get("/receipts/new").text
    return {"csrf_token": csrf(page), "receive_token": re.search(r'name="receive_token" value="([^"]+)"', page)[1]}


def _multipart(form, blob, **fields):
    return {**form, **fields, "pdf": (io.BytesIO(blob), "district.pdf", "application/pdf")}


def _receipts(url):
    reg = Register.open(url, office=Office.sample())
    try:
        return reg.list("receive", agency=OFFICE)
    finally:
        reg.close()


def _stamp_words(pdf: bytes, receipt_no: str):
    """The words of the stamp on page 1: its เลขรับ in Thai digits (mm boxes)."""
    from docengine import thai

    no = thai.thai_digits(receipt_no.split("/")[0])
    found = [w for w in pdf_words(pdf, 1) if no in w["text"]]
    return [{k: (v / MM if k != "text" else v) for k, v in w.items()} for w in found]


def test_the_placement_shows_page_one_with_the_engines_free_spot(site):
    app, _, blob = site
    c = _client(app)
    form = _form(c)
    r = c.post("/receipts/placement", data=_multipart(form, blob), content_type="multipart/form-data")
    assert r.status_code == 200
    assert 'src="data:image/png;base64,' in r.text
    # The engine's spot for this letter: top right, inside the 4 mm margin.
    x, y = int(re.search(r'id="stamp-x" name="stamp_x" value="(\d+)"', r.text)[1]), \
        int(re.search(r'id="stamp-y" name="stamp_y" value="(\d+)"', r.text)[1])
    assert x > 120 and y <= 10, (x, y)
    assert re.search(r'data-page-w="210(\.0)?" data-page-h="297(\.0)?"', r.text)
    # The live check answers as the engine would.
    ok = c.post("/receipts/placement/check", data={**form, "stamp_x": "30", "stamp_y": "205"})
    assert 'id="stamp-free"' in ok.text
    bad = c.post("/receipts/placement/check", data={**form, "stamp_x": "40", "stamp_y": "92"})
    assert 'id="stamp-refused"' in bad.text and "ทับข้อความ" in bad.text and "would cover" in bad.text
    # Others may not.
    for who in ("endorser", "signer", "admin"):
        other = _client(app, who)
        theirs = {**form, "csrf_token": csrf(other.get("/receipts/new").text)}  # a 404 page has the log-out form
        assert other.post("/receipts/placement", data=_multipart(theirs, blob),
                          content_type="multipart/form-data").status_code == 404
        assert other.post("/receipts/placement/check", data={**theirs, "stamp_x": "1", "stamp_y": "1"}).status_code == 404


def test_a_position_in_free_space_puts_the_stamp_there_and_an_endorsement_keeps_it(site):
    app, url, blob = site
    c = _client(app)
    before = len(_receipts(url))
    r = c.post("/receipts/new", data=_multipart(_form(c), blob, stamp_x="30", stamp_y="205"),
               content_type="multipart/form-data")
    assert r.status_code == 302, r.text
    rid = int(re.search(r"/receipts/(\d+)", r.headers["Location"])[1])
    receipt = next(x for x in _receipts(url) if x.id == rid)
    assert len(_receipts(url)) == before + 1
    stamped = c.get(f"/receipts/{rid}/pdf").data
    (word,) = _stamp_words(stamped, receipt.receipt_no)
    # The เลขรับ line sits inside the 48 × 21 mm stamp whose top-left is (30, 205).
    assert 30 <= word["x0"] < word["x1"] <= 30 + 48, word
    assert 205 <= word["top"] < word["bottom"] <= 205 + 22, word
    from docengine.chain.stamp import stamp_at_of

    assert stamp_at_of(stamped) == (30, 205)
    # An endorsement re-makes the copy from the original: the stamp stays where the clerk put it.
    e = _client(app, "endorser")
    page = e.get(f"/receipts/{rid}").text
    token = re.search(r'name="endorse_token" value="([^"]+)"', page)[1]
    assert e.post(f"/receipts/{rid}/endorse", data={"csrf_token": csrf(page), "endorse_token": token,
                                                    "choice": "ทราบ"}).status_code == 302
    again = c.get(f"/receipts/{rid}/pdf").data
    assert again != stamped
    (word2,) = _stamp_words(again, receipt.receipt_no)
    assert abs(word2["x0"] - word["x0"]) < 0.5 and abs(word2["top"] - word["top"]) < 0.5


@pytest.mark.parametrize("x, y, th, en", [
    ("40", "92", "ทับข้อความ", "would cover the letter's text"),  # over เรียน นายกเทศมนตรี…
    ("190", "4", "อยู่นอกหน้าแรก", "is outside page 1"),  # its right side off the page
    ("ซ้าย", "4", "ต้องเป็นตัวเลข", "give millimetres"),
])
def test_a_position_over_text_or_off_the_page_is_refused_and_takes_no_number(site, tmp_path, x, y, th, en):
    app, url, _ = site
    blob = _fresh_letter(url, tmp_path, f"หนังสือทดสอบตำแหน่ง {x} {y}")
    c = _client(app)
    before = len(_receipts(url))
    form = _form(c)
    r = c.post("/receipts/new", data=_multipart(form, blob, stamp_x=x, stamp_y=y), content_type="multipart/form-data")
    assert r.status_code == 422
    import html

    assert th in r.text and en in html.unescape(r.text), r.text[:3000]
    assert len(_receipts(url)) == before  # no เลขรับ taken
    # The page shows the box again where it was, and the kept upload needs no second choice.
    assert 'id="stamp-box"' in r.text and "แฟ้มที่เลือกไว้" in r.text
    if x.isdigit():
        assert f'name="stamp_x" value="{x}"' in r.text
    moved = c.post("/receipts/new", data={**form, "pdf_name": "district.pdf", "stamp_x": "30", "stamp_y": "205"})
    assert moved.status_code == 302
    assert len(_receipts(url)) == before + 1


def test_in_the_browser_the_clerk_drags_the_stamp_and_it_is_stamped_there(tmp_path):

    from docengine.web import create_app

    from browser import SHOTS, desk_in_chromium

    url, _ = make_register(tmp_path / "r.sqlite3")
    app = create_app(db=url, files=tmp_path / "files")
    with desk_in_chromium(app, width=1400, height=1100) as (page, base, ctx):
        page.goto(f"{base}/login")
        page.get_by_label("ชื่อผู้ใช้").fill("clerk")
        page.get_by_label("รหัสผ่าน").fill(PASSWORD)
        page.get_by_role("button", name="เข้าสู่ระบบ").click()
        page.wait_for_url(f"{base}/")
        page.goto(f"{base}/receipts/new")
        page.set_input_files("#pdf", str(tmp_path / "district.pdf"))
        box = page.locator("#stamp-box")
        box.wait_for()
        x0, y0 = int(page.input_value("#stamp-x")), int(page.input_value("#stamp-y"))
        shot_sheet = page.locator(".stamp-sheet").bounding_box()
        px_per_mm = shot_sheet["width"] / 210
        page.screenshot(path=str(SHOTS / "20-stamp-suggested.png"), full_page=True)
        # Drag from the suggested top right to over the body text: refused live.
        bb = box.bounding_box()
        cx, cy = bb["x"] + bb["width"] / 2, bb["y"] + bb["height"] / 2
        page.mouse.move(cx, cy)
        page.mouse.down()
        target = (shot_sheet["x"] + 40 * px_per_mm + bb["width"] / 2, shot_sheet["y"] + 92 * px_per_mm + bb["height"] / 2)
        page.mouse.move(*target, steps=12)
        page.mouse.up()
        page.wait_for_selector("#stamp-refused")
        page.wait_for_selector("#stamp-box.refused[aria-invalid=true]")  # the box turns red
        assert abs(int(page.input_value("#stamp-x")) - 40) <= 1
        page.screenshot(path=str(SHOTS / "21-stamp-over-text.png"), full_page=True)
        # Drag it down to the free space below the footer, then two arrow keys right.
        bb = box.bounding_box()
        page.mouse.move(bb["x"] + 10, bb["y"] + 10)
        page.mouse.down()
        page.mouse.move(shot_sheet["x"] + 28 * px_per_mm + 10, shot_sheet["y"] + 205 * px_per_mm + 10, steps=12)
        page.mouse.up()
        page.wait_for_selector("#stamp-free")
        assert "refused" not in box.get_attribute("class")
        box.focus()
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        x, y = int(page.input_value("#stamp-x")), int(page.input_value("#stamp-y"))
        assert (abs(x - 30) <= 1, abs(y - 205) <= 1) == (True, True), (x, y, x0, y0)
        assert page.inner_text("#stamp-where") == f"x {x} มม., y {y} มม."
        page.wait_for_selector("#stamp-free")
        page.screenshot(path=str(SHOTS / "22-stamp-dragged.png"), full_page=True)
        page.get_by_role("button", name="ลงรับ").click()
        page.wait_for_selector("#receipt-no")
        rid = int(re.search(r"/receipts/(\d+)", page.url)[1])
        stamped = page.request.get(f"{base}/receipts/{rid}/pdf").body()
    receipt = _receipts(url)[-1]
    assert receipt.id == rid
    (word,) = _stamp_words(stamped, receipt.receipt_no)
    assert x <= word["x0"] < word["x1"] <= x + 48 and y <= word["top"] < word["bottom"] <= y + 22, (word, x, y)


def test_a_chosen_position_keeps_a_pdfa_copy_pdfa():
    """The position kept in the copy (/PieceInfo in the catalog) does not break PDF/A (2u, 3u)."""
    from datetime import datetime

    from docengine.archive.check import check_pdfa
    from docengine.chain.stamp import stamp_at_of, stamp_pdf, stamp_values
    from docengine.render.document import Renderer, load_sample

    stamp = stamp_values(receipt_no="001/2567", agency="เทศบาลตำบลสันทราย", received_at=datetime(2024, 1, 8, 9, 15))
    for level in ("2u", "3u"):
        r = Renderer(Office.sample(), pdfa=level)
        letter = r.render_pdf(r.prepare("external", load_sample("external")),
                              attachments={"docengine.json": b'{"a": 1}'}, metadata={"DocengineBookNumber": "x"})
        copy = stamp_pdf(letter, renderer=r, stamp=stamp, stamp_at=(20, 240))
        assert check_pdfa(copy, level) == []
        assert stamp_at_of(copy) == (20, 240)
