"""Every saraban template set renders to PDF and DOCX that read as the same letter."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from docx import Document
from docx.oxml.ns import qn
from extract import docx_text, pdftotext, pypdf_text, squash

from docengine.render.document import Renderer, load_sample
from docengine.render.templateset import set_folders
from docengine.office import Office

MM = 72 / 25.4
LETTER_SETS = [k for k in set_folders() if k.startswith("letters/") and "/_" not in k]


@pytest.fixture(scope="module")
def renderer():
    return Renderer(Office.sample())


@pytest.fixture(scope="module")
def rendered(renderer):
    out = {}
    for key in LETTER_SETS:
        prepared = renderer.prepare(key, load_sample(key))
        out[key] = (prepared, renderer.render_pdf(prepared), renderer.render_docx(prepared))
    return out


def test_all_five_kinds_are_shipped():
    names = {k.split("/")[1] for k in LETTER_SETS}
    assert {"external", "memo", "stamped", "order", "announcement"} <= names


@pytest.mark.parametrize("key", LETTER_SETS)
def test_pdf_and_docx_carry_the_same_text(rendered, key):
    _, pdf, docx = rendered[key]
    assert squash(pdftotext(pdf, below_running_head_mm=33)) == squash(docx_text(docx))


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


class _Shown(HTMLParser):
    """The text nodes of a page's HTML: exactly what the reader sees."""

    def __init__(self):
        super().__init__()
        self.texts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("title", "style", "head")

    def handle_endtag(self, tag):
        self._skip -= tag in ("title", "style", "head")

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.append(data.strip())


@pytest.mark.parametrize("key", LETTER_SETS)
def test_pdf_text_layer_is_exact(renderer, rendered, key):
    """pdftotext gives back every text node of the page exactly, tone marks and ำ included."""
    prepared, pdf, _ = rendered[key]
    text = squash(pdftotext(pdf))
    shown = _Shown()
    shown.feed(renderer.html(prepared))
    assert len(shown.texts) >= 7  # the announcement: 7 (the Garuda frame's label is a picture, not text)
    for s in shown.texts:
        assert squash(s) in text, s


def test_thai_marks_survive_extraction(renderer):
    data = load_sample("external").data
    data["body"] = ["น้ำ ผู้สูงอายุ เบี้ยยังชีพ ประชาชน กำหนด ทำ ค่ำ ซ้ำ"]
    pdf = renderer.render_pdf(renderer.prepare("external", data))
    assert "น้ำ ผู้สูงอายุ เบี้ยยังชีพ ประชาชน กำหนด ทำ ค่ำ ซ้ำ" in pdftotext(pdf)
    # pypdf ignores ActualText; with the rebuilt ToUnicode map it still reads the letters
    # (SARA AM comes out as NIKHAHIT + SARA AA, the glyphs' own order).
    reading = pypdf_text(pdf).replace("\u0e4d\u0e32", "\u0e33").replace("\u0e4d\u0e49\u0e32", "\u0e49\u0e33")
    assert "ประชาชน" in reading and "ผู้สูงอายุ" in reading


def test_digits_are_thai_except_in_email_and_urls(rendered):
    _, pdf, _ = rendered["letters/external"]
    text = pdftotext(pdf)
    assert "ที่ มท ๐๘๑๐.๖/ว ๕๒๕๖" in text
    assert "๑๓ ธันวาคม ๒๕๖๖" in text
    assert "saraban@dla.go.th" in text
    assert "https://www.dla.go.th/servlet/DocumentServlet?id=2566" in squash(text)
    body = re.sub(r"\S*@\S*|https?://\S+|DocumentServlet\?id=\d+", "", text)
    assert not re.search(r"[0-9]", body), "Arabic digits outside e-mail/URL"


def test_speed_mark_and_signer_capacity(rendered):
    _, pdf, _ = rendered["letters/external"]
    text = pdftotext(pdf)
    assert text.lstrip().startswith("ด่วนที่สุด")
    assert "(นายศิริพันธ์ ศรีกงพลี)\nรองอธิบดี ปฏิบัติราชการแทน\nอธิบดีกรมส่งเสริมการปกครองท้องถิ่น" in text


def test_signer_capacity_from_structured_fields(renderer):
    data = load_sample("external").data
    data["signer"] = {"name": "นายปรีชา สิรินาม", "position": ["ปลัดอำเภอ"],
                      "capacity": "รักษาราชการแทน", "principal": "นายอำเภอฝาง"}
    text = pdftotext(renderer.render_pdf(renderer.prepare("external", data)))
    assert "ปลัดอำเภอ รักษาราชการแทน\nนายอำเภอฝาง" in text


def test_references_single_inline_several_numbered(renderer):
    data = load_sample("external").data
    data["references"] = ["หนังสือ ก", "หนังสือ ข"]
    text = pdftotext(renderer.render_pdf(renderer.prepare("external", data)))
    assert "อ้างถึง๑.หนังสือก๒.หนังสือข" in squash(text)
    single = pdftotext(renderer.render_pdf(renderer.prepare("external", load_sample("external"))))
    assert "อ้างถึงหนังสือกระทรวงมหาดไทย" in squash(single)


def test_speed_deadline_and_secrecy(renderer):
    data = load_sample("external").data
    data.pop("speed")
    data["speed_deadline"] = "2024-01-10T16:30"
    data["secrecy"] = "ลับ"
    pdf = renderer.render_pdf(renderer.prepare("external", data))
    text = pdftotext(pdf)
    assert "ด่วนภายใน ๑๐ มกราคม ๒๕๖๗ เวลา ๑๖.๓๐ น." in text
    pages = text.split("\f")
    # secrecy at top and bottom of every page
    for page in [p for p in pages if p.strip()]:
        assert page.count("ลับ") >= 2


def test_continuation_pages_numbered_thai(rendered):
    """"- ๒ -" centred at the top of every page after the first; none on page one."""
    import io

    import pdfplumber

    from docengine.thai import thai_digits

    _, pdf, _ = rendered["letters/external"]
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        assert len(doc.pages) >= 2
        for n, page in enumerate(doc.pages, start=1):
            top_line = [c for c in page.chars if c["top"] < 32 * MM]
            text = "".join(c["text"] for c in sorted(top_line, key=lambda c: c["x0"]))
            if n == 1:
                assert thai_digits(f"- {n} -").replace(" ", "") not in text.replace(" ", "")
                continue
            assert text.replace(" ", "") == thai_digits(f"-{n}-")
            centre = (min(c["x0"] for c in top_line) + max(c["x1"] for c in top_line)) / 2
            assert abs(centre - 110 * MM) < 1 * MM  # centre of the 3 cm–19 cm text block


def test_order_and_announcement_heads(rendered):
    text = pdftotext(rendered["letters/order"][1])
    assert "คำสั่งเทศบาลตำบลสันทราย\nที่ ๑๒/๒๕๖๗" in text
    assert "ทั้งนี้ ตั้งแต่วันที่ ๕ มกราคม พ.ศ. ๒๕๖๗ เป็นต้นไป" in text
    assert "สั่ง ณ วันที่ ๕ มกราคม พ.ศ. ๒๕๖๗" in text
    text = pdftotext(rendered["letters/announcement"][1])
    assert "ประกาศเทศบาลตำบลสันทราย" in text
    assert "ประกาศ ณ วันที่ ๑ พฤศจิกายน พ.ศ. ๒๕๖๗" in text


def test_memo_approval_blocks(rendered):
    text = pdftotext(rendered["letters/memo"][1])
    for heading in ("ความเห็นของหัวหน้าสำนักปลัด", "ความเห็นของปลัดเทศบาล", "ความเห็นของนายกเทศมนตรี"):
        assert heading in text
    assert "อนุมัติ" in text and "ไม่อนุมัติ เนื่องจาก" in text
    from docengine.office import load_office

    registrar = Office.sample().official("registrar")  # the memo's writer, from the office file
    assert f"({registrar['name']})" in text and registrar["position"][0] in text


def test_enclosures_are_appended_in_order(renderer, tmp_path):
    one = renderer.render_pdf(renderer.prepare("order", load_sample("order")))
    enc = tmp_path / "enc.pdf"
    enc.write_bytes(one)
    letter = renderer.prepare("external", load_sample("external"))
    plain = renderer.render_pdf(letter)
    merged = renderer.render_pdf(letter, enclosures=[enc, enc])
    from docengine.render.document import count_pages

    assert count_pages(merged) == count_pages(plain) + 2 * count_pages(one)
    assert pdftotext(merged).count("คำสั่งเทศบาลตำบลสันทราย") == 2


# --- DOCX: what Word needs for Thai ---------------------------------------------------
THAI = re.compile("[\u0e00-\u0e7f]")


@pytest.mark.parametrize("key", LETTER_SETS)
def test_docx_thai_runs_have_complex_script_properties(rendered, key):
    import io

    doc = Document(io.BytesIO(rendered[key][2]))
    runs = [r for r in doc.element.body.iter(qn("w:r"))
            if THAI.search("".join(t.text or "" for t in r.iter(qn("w:t"))))]
    assert runs
    for r in runs:
        rpr = r.find(qn("w:rPr"))
        assert rpr is not None
        fonts = rpr.find(qn("w:rFonts"))
        assert fonts is not None and fonts.get(qn("w:cs"))
        assert rpr.find(qn("w:szCs")) is not None
        assert rpr.find(qn("w:lang")).get(qn("w:bidi")) == "th-TH"
        assert rpr.find(qn("w:cs")) is not None
        if rpr.find(qn("w:b")) is not None:
            assert rpr.find(qn("w:bCs")) is not None


@pytest.mark.parametrize("key", LETTER_SETS)
def test_docx_page_setup_matches_pdf(rendered, key):
    import io

    from docx.shared import Cm

    doc = Document(io.BytesIO(rendered[key][2]))
    section = doc.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.05) and abs(section.page_height - Cm(29.7)) < Cm(0.05)
    assert abs(section.left_margin - Cm(3)) < Cm(0.05)
    assert abs(section.right_margin - Cm(2)) < Cm(0.05)


def test_docx_body_paragraphs_use_thai_distributed(rendered):
    import io

    doc = Document(io.BytesIO(rendered["letters/external"][2]))
    body_paras = [p for p in doc.paragraphs if p.text.startswith("ด้วยกรมส่งเสริม")]
    assert body_paras
    jc = body_paras[0]._p.pPr.find(qn("w:jc"))
    assert jc.get(qn("w:val")) == "thaiDistribute"


def test_office_font_switch_scales_sizes(tmp_path):
    """An office may use an installed SIPA-derived font; sizes scale by its factor."""
    import io

    import pdfplumber
    import yaml

    from docengine.office import load_office
    from docengine.render.fonts import font_family

    office = yaml.safe_load(Office.sample().path.read_text(encoding="utf-8"))
    office["font"] = "Laksaman"
    path = tmp_path / "office.yaml"
    path.write_text(yaml.safe_dump(office, allow_unicode=True), encoding="utf-8")
    r = Renderer(path)
    pdf = r.render_pdf(r.prepare("external", load_sample("external")))
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        fonts = {c["fontname"].split("+")[-1] for c in doc.pages[0].chars}
        sizes = {round(c["size"], 2) for c in doc.pages[0].chars}
    assert fonts and all("Laksaman" in f for f in fonts)
    assert round(font_family("Laksaman").pt(16), 2) in sizes
    assert "น้ำ" in pdftotext(r.render_pdf(r.prepare("external", dict(load_sample("external").data,
                                                                       body=["น้ำ"]))))


def test_office_emblem_is_placed_at_standard_size(tmp_path):
    import io

    import pdfplumber
    import yaml
    from PIL import Image

    from docengine.office import load_office

    emblem = tmp_path / "garuda.png"
    Image.new("RGB", (270, 300), (180, 120, 20)).save(emblem)
    office = yaml.safe_load(Office.sample().path.read_text(encoding="utf-8"))
    office["emblem"] = str(emblem)
    path = tmp_path / "office.yaml"
    path.write_text(yaml.safe_dump(office, allow_unicode=True), encoding="utf-8")
    r = Renderer(path)
    prepared = r.prepare("external", load_sample("external"))
    with pdfplumber.open(io.BytesIO(r.render_pdf(prepared))) as doc:
        (image,) = doc.pages[0].images
        assert abs((image["bottom"] - image["top"]) / MM - 30) <= 1
        assert abs(image["top"] / MM - 15) <= 1
    assert "[ตราครุฑ]" not in pdftotext(r.render_pdf(prepared))
    docx = r.render_docx(prepared)
    from docx import Document

    assert Document(io.BytesIO(docx)).inline_shapes, "the DOCX carries the emblem picture"
