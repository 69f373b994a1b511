"""What docengine/render writes, read back exactly: the DOCX's core and custom properties, its
Garuda and seal pictures, a form's DOCX tables (cell margins in twips, columns, borders,
page breaks), merged DOCX, the text overlay's PDF (fonts, shared backgrounds, metadata),
WeasyPrint's PDF (metadata, attachments, the exact text layer, refused fallback fonts), the
XLSX (cell types, named styles, number formats, column widths) and a letter's future date.

Every test builds its own renderer or engine (mutmut credits a function to the first test
that calls it, so nothing is cached across tests).
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime

import docx
import pikepdf
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm
from lxml import etree

from docengine.errors import DocengineError, ValidationError
from docengine.office import Office
from docengine.render.document import Renderer, load_sample
from extract import pdftotext

CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
CUSTOM_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


def custom_properties(blob: bytes) -> list[tuple[str, str, str, str]]:
    """(pid, name, value type, value) of every custom property in a DOCX, in file order."""
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        root = etree.fromstring(z.read("docProps/custom.xml"))
    assert root.tag == f"{{{CUSTOM_NS}}}Properties"
    out = []
    for prop in root:
        assert prop.tag == f"{{{CUSTOM_NS}}}property" and prop.get("fmtid") == FMTID
        (value,) = prop
        out.append((prop.get("pid"), prop.get("name"), value.tag, value.text))
    return out


def package_parts(blob: bytes) -> tuple[list[str], str, str]:
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        return z.namelist(), z.read("[Content_Types].xml").decode(), z.read("_rels/.rels").decode()


# --- a DOCX's properties ------------------------------------------------------------------

def test_custom_properties_are_numbered_from_two_with_strings_kept_and_the_rest_as_json():
    from docengine.render.docx import set_custom_properties

    document = docx.Document()
    set_custom_properties(document, {"docengine_book_number": "ชม 52101/1", "pages": 2,
                                     "signers": ["นาย ก", 3], "date": date(2024, 1, 5),
                                     'odd "name"': "<a & b>"})
    out = io.BytesIO()
    document.save(out)
    lp = f"{{{VT_NS}}}lpwstr"
    assert custom_properties(out.getvalue()) == [
        ("2", "docengine_book_number", lp, "ชม 52101/1"), ("3", "pages", lp, "2"),
        ("4", "signers", lp, '["นาย ก", 3]'), ("5", "date", lp, '"2024-01-05"'),
        ("6", 'odd "name"', lp, "<a & b>")]
    names, types, rels = package_parts(out.getvalue())
    assert names.count("docProps/custom.xml") == 1
    assert f'<Override PartName="/docProps/custom.xml" ContentType="{CUSTOM_CT}"/>' in types
    assert rels.count(CUSTOM_RT) == 1 and 'Target="docProps/custom.xml"' in rels


def test_writing_custom_properties_again_replaces_them():
    from docengine.render.docx import set_custom_properties

    document = docx.Document()
    set_custom_properties(document, {"a": "หนึ่ง", "b": "สอง"})
    set_custom_properties(document, {"c": "สาม"})
    out = io.BytesIO()
    document.save(out)
    assert custom_properties(out.getvalue()) == [("2", "c", f"{{{VT_NS}}}lpwstr", "สาม")]
    names, _, rels = package_parts(out.getvalue())
    assert names.count("docProps/custom.xml") == 1 and rels.count(CUSTOM_RT) == 1


def _letter(renderer, name="external", **changes):
    data = dict(load_sample(name).data, **changes)
    return renderer.prepare(name, data)


def test_a_letters_docx_carries_its_record_in_core_and_custom_properties():
    from docengine.render.docx import DocxEngine

    renderer = Renderer(Office.sample())
    prepared = _letter(renderer)
    metadata = {"book_number": "ชม 52101/7", "docengine_kind": "letters/external", "pages": 1}
    blob = DocxEngine().render(prepared.tset.docx_template, prepared.context, renderer.env, metadata=metadata,
                               identifier="ชม 52101/7")
    props = docx.Document(io.BytesIO(blob)).core_properties
    assert props.comments == '{"book_number": "ชม 52101/7", "docengine_kind": "letters/external", "pages": 1}'
    assert props.identifier == "ชม 52101/7"
    assert props.language == "th-TH"
    assert props.title == prepared.context["subject"]
    lp = f"{{{VT_NS}}}lpwstr"
    assert custom_properties(blob) == [("2", "book_number", lp, "ชม 52101/7"),
                                       ("3", "docengine_kind", lp, "letters/external"), ("4", "pages", lp, "1")]


def test_a_record_too_long_for_words_comments_goes_only_into_the_custom_properties():
    from docengine.render.docx import DocxEngine

    renderer = Renderer(Office.sample())
    prepared = _letter(renderer)
    long = "ก" * 240
    metadata = {"docengine_book_number": "ชม 52101/8", "note": long}
    assert len(json.dumps(metadata, ensure_ascii=False)) > 255
    blob = DocxEngine().render(prepared.tset.docx_template, prepared.context, renderer.env, metadata=metadata)
    props = docx.Document(io.BytesIO(blob)).core_properties
    assert props.comments == "" and props.author == ""  # not the template builder's "generated by python-docx"
    assert props.identifier == ""  # only the identifier given
    assert [(name, value) for _, name, _, value in custom_properties(blob)] == [
        ("docengine_book_number", "ชม 52101/8"), ("note", long)]


def test_a_record_of_exactly_255_characters_still_goes_into_the_comments():
    from docengine.render.docx import DocxEngine

    renderer = Renderer(Office.sample())
    prepared = _letter(renderer)
    base = json.dumps({"n": ""}, ensure_ascii=False)
    metadata = {"n": "ข" * (255 - len(base))}
    assert len(json.dumps(metadata, ensure_ascii=False)) == 255
    blob = DocxEngine().render(prepared.tset.docx_template, prepared.context, renderer.env, metadata=metadata)
    props = docx.Document(io.BytesIO(blob)).core_properties
    assert props.comments == json.dumps(metadata, ensure_ascii=False)
    assert props.identifier == ""


def test_without_a_record_the_docx_has_no_custom_properties_and_no_identifier():
    from docengine.render.docx import DocxEngine

    renderer = Renderer(Office.sample())
    prepared = _letter(renderer)
    blob = DocxEngine().render(prepared.tset.docx_template, prepared.context, renderer.env)
    names, types, rels = package_parts(blob)
    assert "docProps/custom.xml" not in names and CUSTOM_RT not in rels
    props = docx.Document(io.BytesIO(blob)).core_properties
    assert props.identifier == "" and props.language == "th-TH"
    assert (props.comments, props.author) == ("", "")


def test_a_docx_without_a_subject_is_titled_by_its_title_cut_to_250_characters():
    from docengine.render.docx import DocxEngine

    renderer = Renderer(Office.sample())
    prepared = _letter(renderer)
    context = dict(prepared.context, subject="", title="ประกาศ" + "ก" * 300)
    blob = DocxEngine().render(prepared.tset.docx_template, context, renderer.env)
    assert docx.Document(io.BytesIO(blob)).core_properties.title == ("ประกาศ" + "ก" * 300)[:250]


def test_a_draft_docx_has_the_draft_watermark_in_the_letters_font_and_a_final_one_has_none():
    from docengine.render.docx import DocxEngine
    from docengine.render.draft import docx_watermarks

    renderer = Renderer(Office.sample())
    draft = renderer.prepare("external", load_sample("external"), draft=True)
    final = renderer.prepare("external", load_sample("external"))
    engine = DocxEngine()
    drafted = engine.render(draft.tset.docx_template, draft.context, renderer.env)
    assert docx_watermarks(drafted) == ["ร่าง"]
    with zipfile.ZipFile(io.BytesIO(drafted)) as z:
        headers = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/header"))
    assert 'font-family:&quot;TH SarabunPSK&quot;' in headers
    assert docx_watermarks(engine.render(final.tset.docx_template, final.context, renderer.env)) == []


def test_a_docx_template_is_read_once_per_engine():
    from docengine.render.docx import DocxEngine
    from docengine.resources import templates_path

    engine = DocxEngine()
    path = templates_path("letters", "external", "template.docx")
    first = engine.template_bytes(path)
    assert first == path.read_bytes() and engine.template_bytes(path) is first


# --- the Garuda and the seal ---------------------------------------------------------------

def test_the_garuda_pictures_are_the_frames_at_3_and_1_5_cm_and_the_seal_3_2_cm_square(tmp_path):
    from docxtpl import DocxTemplate

    from docengine.render.docx import garuda_frame_path, garuda_pictures, seal_path
    from docengine.resources import templates_path

    tpl = DocxTemplate(str(templates_path("letters", "external", "template.docx")))
    pictures = garuda_pictures(tpl, None)
    assert sorted(pictures) == ["garuda", "garuda_small", "seal"]
    big, small, seal = pictures["garuda"], pictures["garuda_small"], pictures["seal"]
    assert (big.image_descriptor, big.width, big.height) == (str(garuda_frame_path("large")), None, Cm(3.0))
    assert (small.image_descriptor, small.width, small.height) == (str(garuda_frame_path("small")), None, Cm(1.5))
    assert (seal.image_descriptor, seal.width, seal.height) == (str(seal_path()), Cm(3.2), Cm(3.2))
    emblem = tmp_path / "garuda.png"
    emblem.write_bytes(garuda_frame_path("large").read_bytes())
    with_emblem = garuda_pictures(tpl, emblem)
    assert with_emblem["garuda"].image_descriptor == with_emblem["garuda_small"].image_descriptor == str(emblem)
    assert (with_emblem["garuda"].height, with_emblem["garuda_small"].height) == (Cm(3.0), Cm(1.5))


@pytest.mark.parametrize("emblem, alt", [(False, "กรอบตราครุฑ (ใส่ภาพตราครุฑแทน)"), (True, "ตราครุฑ")])
def test_the_garudas_alt_text_says_whether_it_is_the_emblem_or_the_frame(tmp_path, emblem, alt):
    from PIL import Image

    from docengine.render.docx import DocxEngine

    path = None
    if emblem:
        path = tmp_path / "garuda.png"
        Image.new("RGB", (270, 300), (180, 120, 20)).save(path)
    renderer = Renderer(Office.sample())
    prepared = _letter(renderer)
    blob = DocxEngine().render(prepared.tset.docx_template, prepared.context, renderer.env, emblem=path)
    body = docx.Document(io.BytesIO(blob)).element.body
    (inline,) = body.iter(qn("wp:inline"))
    assert inline.find(qn("wp:docPr")).get("descr") == alt
    assert int(inline.find(qn("wp:extent")).get("cy")) == Cm(3.0)


def test_a_picture_anchored_behind_the_text_has_words_required_attributes_in_order():
    from docengine.render.docx import _anchored, garuda_frame_path

    document = docx.Document()
    document.add_picture(str(garuda_frame_path("small")), width=Cm(2), height=Cm(1))
    (inline,) = document.element.body.iter(qn("wp:inline"))
    anchor = etree.fromstring(_anchored(inline, 1234, 5678))
    wp = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
    assert anchor.tag == f"{wp}anchor"
    assert dict(anchor.attrib) == {
        "distT": "0", "distB": "0", "distL": "0", "distR": "0", "simplePos": "0",
        "relativeHeight": "251658240", "behindDoc": "1", "locked": "0", "layoutInCell": "1",
        "allowOverlap": "1"}
    assert [etree.QName(c).localname for c in anchor] == [
        "simplePos", "positionH", "positionV", "extent", "effectExtent", "wrapNone", "docPr",
        "cNvGraphicFramePr", "graphic"]
    assert dict(anchor.find(f"{wp}simplePos").attrib) == {"x": "0", "y": "0"}
    h, v = anchor.find(f"{wp}positionH"), anchor.find(f"{wp}positionV")
    assert (h.get("relativeFrom"), h.find(f"{wp}posOffset").text) == ("margin", "1234")
    assert (v.get("relativeFrom"), v.find(f"{wp}posOffset").text) == ("paragraph", "5678")
    extent = anchor.find(f"{wp}extent")
    assert (int(extent.get("cx")), int(extent.get("cy"))) == (Cm(2), Cm(1))
    assert anchor.find(f"{wp}docPr").get("descr") == "ตราชื่อส่วนราชการ (ใส่ภาพตราจริงแทน)"
    assert len(anchor.find(f"{wp}wrapNone")) == 0


def test_the_stamped_letters_seal_is_centred_on_the_stamp_column_0_2_cm_below_its_paragraph():
    from docengine.render.docx import DocxEngine

    renderer = Renderer(Office.sample())
    prepared = renderer.prepare("stamped", load_sample("stamped"))
    blob = DocxEngine().render(prepared.tset.docx_template, prepared.context, renderer.env)
    document = docx.Document(io.BytesIO(blob))
    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    (anchor,) = document.element.body.iter(qn("wp:anchor"))
    left = int(anchor.find(qn("wp:positionH")).find(qn("wp:posOffset")).text)
    top = int(anchor.find(qn("wp:positionV")).find(qn("wp:posOffset")).text)
    assert left == Cm(7.0) + (text_width - Cm(7.0)) // 2 - Cm(3.2) // 2
    assert top == Cm(0.2)
    extent = anchor.find(qn("wp:extent"))
    assert int(extent.get("cx")) == int(extent.get("cy")) == Cm(3.2)
    assert anchor.find(qn("wp:docPr")).get("descr") == "ตราชื่อส่วนราชการ (ใส่ภาพตราจริงแทน)"


# --- a form's DOCX from its HTML -----------------------------------------------------------

FORM = """<html><body>
<p class="indent">ชื่อ <span class="slot" style="width: 3cm"></span> อายุ <span class="slot">๗๐</span>
<span class="cb">x</span><span class="cb"></span></p>
<div class="boxed"><p>ในกล่อง</p></div>
<div class="order"><p>คำสั่ง</p></div>
<div class="office"><p>ซ้าย</p><div><p>ขวา</p></div></div>
<div class="signs"><p>ลงชื่อ ๑</p><p>ลงชื่อ ๒</p><p>ลงชื่อ ๓</p></div>
<div class="grid2"><p>ก</p><p>ข</p><p>ค</p></div>
<div class="cols"><p>ซ</p><p>ฌ</p></div>
<div class="office"></div>
<div class="sign"><p>ผู้รับรอง</p></div>
<div class="indent"><p>ย่อหน้า</p></div>
<h3>หัวข้อ</h3>
<div class="page"><p class="title">หน้าสอง</p></div>
<p class="cut">ตัดตามรอยประ</p>
<p>เลข <span class="cid"><span class="box">1</span><span>-</span><span class="box"></span></span> ท้าย</p>
</body></html>"""


def _form(html=FORM):
    from docengine.render.docxhtml import form_docx

    return docx.Document(io.BytesIO(form_docx(html))).element.body


def _tables(body):
    return [t for t in body if t.tag == qn("w:tbl")]


def _margins(tbl):
    mar = tbl.find(qn("w:tblPr")).find(qn("w:tblCellMar"))
    return [(etree.QName(el).localname, el.get(qn("w:w")), el.get(qn("w:type"))) for el in mar]


def _grid(tbl):
    return [int(c.get(qn("w:w"))) for c in tbl.find(qn("w:tblGrid"))]


def _text(el):
    return "".join(t.text or "" for t in el.iter(qn("w:t")))


def _sides(tc):
    borders = tc.find(qn("w:tcPr")).find(qn("w:tcBorders"))
    return None if borders is None else {etree.QName(el).localname: el.get(qn("w:val")) for el in borders}


def test_a_forms_tables_have_left_and_right_cell_margins_in_twips_by_kind():
    boxed, order, office, signs, grid2, cols, cid = _tables(_form())
    assert _margins(boxed) == _margins(order) == [("left", "142", "dxa"), ("right", "142", "dxa")]  # 0.25 cm
    assert _margins(office) == [("left", "113", "dxa"), ("right", "113", "dxa")]  # 0.2 cm
    assert _margins(signs) == _margins(grid2) == _margins(cols) == [("left", "28", "dxa"), ("right", "28", "dxa")]
    assert _margins(cid) == [("left", "0", "dxa"), ("right", "0", "dxa")]


def test_a_forms_boxes_span_the_text_width_and_an_order_box_is_open_at_the_top():
    boxed, order, *_ = _tables(_form())
    assert _grid(boxed) == _grid(order) == [round(17.7 * 567)]
    (box_tc,), (order_tc,) = boxed.iter(qn("w:tc")), order.iter(qn("w:tc"))
    assert _sides(box_tc) == {"top": "single", "left": "single", "bottom": "single", "right": "single"}
    assert _sides(order_tc) == {"top": "nil", "left": "single", "bottom": "single", "right": "single"}
    single = box_tc.find(qn("w:tcPr")).find(qn("w:tcBorders")).find(qn("w:left"))
    assert (single.get(qn("w:sz")), single.get(qn("w:color"))) == ("6", "000000")
    assert (_text(box_tc), _text(order_tc)) == ("ในกล่อง", "คำสั่ง")


def test_a_forms_column_blocks_are_centred_tables_one_column_per_child():
    _, _, office, signs, grid2, cols, _ = _tables(_form())
    for tbl in (office, signs, grid2, cols):
        assert tbl.find(qn("w:tblPr")).find(qn("w:jc")).get(qn("w:val")) == "center"
    assert _grid(office) == [round(17.7 / 2 * 567)] * 2 and _grid(signs) == [round(17.7 / 3 * 567)] * 3
    assert _grid(grid2) == [round(17.7 / 2 * 567)] * 2 and _grid(cols) == [round(17.7 / 2 * 567)] * 2
    # the office part is boxed cell by cell; the others have no borders at all
    assert [_sides(tc) for tc in office.iter(qn("w:tc"))] == [
        {"top": "single", "left": "single", "bottom": "single", "right": "single"}] * 2
    assert office.find(qn("w:tblPr")).find(qn("w:tblBorders")) is None
    for tbl in (signs, grid2, cols):
        borders = tbl.find(qn("w:tblPr")).find(qn("w:tblBorders"))
        assert [(etree.QName(b).localname, b.get(qn("w:val"))) for b in borders] == [
            (s, "nil") for s in ("top", "left", "bottom", "right", "insideH", "insideV")]
        assert all(_sides(tc) is None for tc in tbl.iter(qn("w:tc")))
    assert [_text(tc) for tc in office.iter(qn("w:tc"))] == ["ซ้าย", "ขวา"]
    # signatures are centred under each other; a grid is two a row, its last cell left empty
    assert [p.find(qn("w:pPr")).find(qn("w:jc")).get(qn("w:val")) for p in signs.iter(qn("w:p"))] == ["center"] * 3
    assert [[_text(tc) for tc in tr.iter(qn("w:tc"))] for tr in grid2.iter(qn("w:tr"))] == [["ก", "ข"], ["ค", ""]]
    assert [p.find(qn("w:pPr")).find(qn("w:jc")).get(qn("w:val")) for p in grid2.iter(qn("w:p")) if _text(p)] == \
        ["left"] * 3


def test_a_forms_paragraphs_keep_their_indent_alignment_and_page():
    body = _form()
    paragraphs = {_text(p): p for p in body if p.tag == qn("w:p") and _text(p)}

    def jc(text):
        return paragraphs[text].find(qn("w:pPr")).find(qn("w:jc")).get(qn("w:val"))

    def indent(text):
        ind = paragraphs[text].find(qn("w:pPr")).find(qn("w:ind"))
        return None if ind is None else ind.get(qn("w:left"))

    first = next(t for t in paragraphs if t.startswith("ชื่อ"))
    assert indent(first) == str(round(Cm(0.8).twips)) and indent("ย่อหน้า") == str(round(Cm(0.8).twips))
    assert indent("ผู้รับรอง") is None and jc("ผู้รับรอง") == "center"
    assert jc("หัวข้อ") == "left" and jc("หน้าสอง") == "center" and jc("ตัดตามรอยประ") == "center"
    breaks = [_text(p) for p in body.iter(qn("w:p")) if p.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}") is not None]
    assert breaks == ["หน้าสอง"]
    title_run = paragraphs["หน้าสอง"].find(qn("w:r")).find(qn("w:rPr"))
    assert title_run.find(qn("w:b")) is not None and title_run.find(qn("w:sz")).get(qn("w:val")) == "34"
    top = paragraphs["ตัดตามรอยประ"].find(qn("w:pPr")).find(qn("w:pBdr")).find(qn("w:top"))
    assert [top.get(qn(f"w:{k}")) for k in ("val", "sz", "space", "color")] == ["dashed", "8", "1", "000000"]


def test_a_forms_blanks_are_dotted_runs_and_its_tick_boxes_are_ticked_or_not():
    body = _form()
    first = next(p for p in body if p.tag == qn("w:p"))
    runs = [(_text(r), r.find(f"{qn('w:rPr')}/{qn('w:u')}")) for r in first.iter(qn("w:r"))]
    dotted = [text for text, u in runs if u is not None and u.get(qn("w:val")) == "dotted"]
    assert dotted == ["\u00a0" * round(3 * 4.2), "\u00a0๗๐\u00a0"]
    assert "☑\u00a0" in [t for t, _ in runs] and "☐\u00a0" in [t for t, _ in runs]


def test_a_page_div_at_the_start_of_a_form_breaks_no_page_and_a_later_one_breaks_before_its_id_row():
    body = _form('<html><body><div class="page"><p>หน้าแรก</p></div><div class="page">'
                 '<p>เลข <span class="cid"><span class="box">1</span></span></p></div></body></html>')
    first = next(p for p in body if p.tag == qn("w:p"))
    assert _text(first) == "หน้าแรก" and first.find(f".//{qn('w:pageBreakBefore')}") is None
    (row,) = _tables(body)
    before = row.getprevious()
    assert before.tag == qn("w:p") and before.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}") is not None
    assert _text(before) == "" and len(list(body.iter(qn("w:pageBreakBefore")))) == 1


def test_a_citizen_id_is_a_row_of_boxes_after_its_label():
    *_, cid = _tables(_form())
    cells = list(cid.iter(qn("w:tc")))
    assert [_text(tc) for tc in cells] == ["เลข", "1", "-", "\u00a0", " ท้าย"]
    assert [_sides(tc) is not None for tc in cells] == [False, True, False, True, False]
    assert _grid(cid)[1:] == [round(0.46 * 567), round(0.3 * 567), round(0.46 * 567), round(2.5 * 567)]
    ind = cid.find(qn("w:tblPr")).find(qn("w:tblInd"))
    assert (ind.get(qn("w:w")), ind.get(qn("w:type"))) == ("0", "dxa")


# --- merged DOCX ----------------------------------------------------------------------------

def _docx_bytes(build) -> bytes:
    document = docx.Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_merged_docx_start_each_part_on_a_new_page_in_order():
    from docengine.render.docxmerge import merge_docx

    def styled(d):
        p = d.add_paragraph("สอง", style="Heading 1")
        p.paragraph_format.keep_with_next = True

    parts = [_docx_bytes(lambda d: d.add_paragraph("หนึ่ง")), _docx_bytes(styled),
             _docx_bytes(lambda d: d.add_table(1, 1).cell(0, 0).paragraphs[0].add_run("สาม")),
             _docx_bytes(lambda d: d.add_paragraph("สี่"))]
    body = docx.Document(io.BytesIO(merge_docx(parts))).element.body
    kids = list(body)
    assert kids[-1].tag == qn("w:sectPr") and len(body.findall(qn("w:sectPr"))) == 1
    assert [_text(k) for k in kids[:-1]] == ["หนึ่ง", "สอง", "", "สาม", "สี่"]
    one, two, brk, table, four = kids[:-1]
    assert one.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}") is None
    # the break goes after the style and the keep (the schema's order)
    assert [etree.QName(e).localname for e in two.find(qn("w:pPr"))][:3] == ["pStyle", "keepNext", "pageBreakBefore"]
    assert [etree.QName(e).localname for e in four.find(qn("w:pPr"))] == ["pageBreakBefore"]
    # a part that starts with a table is preceded by a page break of its own
    assert brk.tag == qn("w:p") and [b.get(qn("w:type")) for b in brk.iter(qn("w:br"))] == ["page"]
    assert table.tag == qn("w:tbl")


def test_merging_one_docx_gives_its_text_back():
    from docengine.render.docxmerge import merge_docx

    body = docx.Document(io.BytesIO(merge_docx([_docx_bytes(lambda d: d.add_paragraph("เดียว"))]))).element.body
    assert [_text(p) for p in body.iter(qn("w:p"))] == ["เดียว"]
    assert not list(body.iter(qn("w:pageBreakBefore")))


def test_a_docx_with_a_picture_is_refused_in_both_languages():
    from docengine.render.docx import garuda_frame_path
    from docengine.render.docxmerge import merge_docx

    parts = [_docx_bytes(lambda d: d.add_paragraph("ก")),
             _docx_bytes(lambda d: d.add_picture(str(garuda_frame_path("small"))))]
    with pytest.raises(DocengineError) as got:
        merge_docx(parts)
    assert got.value.en == "a DOCX with images or links cannot be merged into one file; use --docx-dir"
    assert got.value.th == "รวมแฟ้ม DOCX ที่มีรูปภาพหรือลิงก์เป็นแฟ้มเดียวไม่ได้ ให้ใช้ --docx-dir"


# --- the text overlay's PDF -----------------------------------------------------------------

def _overlay(face="regular"):
    from docengine.render.fonts import font_family
    from docengine.render.overlay import FONT_KEYS, TextOverlay

    return TextOverlay(font_family(None).faces[face], FONT_KEYS[face])


def test_the_overlays_font_is_an_embedded_identity_cid_font_with_its_widths():
    from fontTools.ttLib import TTFont

    overlay = _overlay()
    pdf = pikepdf.new()
    font = overlay.font_dictionary(pdf)
    tt = TTFont(io.BytesIO(overlay.blob))
    k = 1000 / tt["head"].unitsPerEm
    name = "/" + tt["name"].getDebugName(6)
    assert font.is_indirect
    assert (font.Type, font.Subtype, font.BaseFont, font.Encoding) == ("/Font", "/Type0", name, "/Identity-H")
    (cid,) = font.DescendantFonts
    assert (cid.Type, cid.Subtype, cid.BaseFont, cid.CIDToGIDMap) == ("/Font", "/CIDFontType2", name, "/Identity")
    assert dict(cid.CIDSystemInfo) == {"/Registry": "Adobe", "/Ordering": "Identity", "/Supplement": 0}
    assert cid.W[0] == 0 and list(cid.W[1]) == [round(tt["hmtx"][g][0] * k) for g in tt.getGlyphOrder()]
    d = cid.FontDescriptor
    head, hhea = tt["head"], tt["hhea"]
    assert (d.Type, d.FontName, d.Flags, d.ItalicAngle, d.StemV) == ("/FontDescriptor", name, 4, 0, 80)
    assert list(d.FontBBox) == [round(v * k) for v in (head.xMin, head.yMin, head.xMax, head.yMax)]
    assert (d.Ascent, d.Descent) == (round(hhea.ascent * k), round(hhea.descent * k))
    assert d.CapHeight == round(tt["OS/2"].sCapHeight * k)
    assert d.FontFile2.read_bytes() == overlay.blob
    cmap = font.ToUnicode.read_bytes().decode()
    assert "/CMapName /Adobe-Identity-UCS def" in cmap and "1 begincodespacerange\n<0000> <FFFF>" in cmap
    gid = tt.getGlyphOrder().index(tt.getBestCmap()[ord("ก")])
    assert f"<{gid:04X}> <0E01>" in cmap


def _backgrounds(n_pages=2, size=(595, 842)) -> bytes:
    pdf = pikepdf.new()
    for _ in range(n_pages):
        pdf.add_blank_page(page_size=size)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_overlaid_pages_share_each_background_and_print_their_own_text():
    from docengine.render.overlay import assemble_pages

    regular, bold = _overlay("regular"), _overlay("bold")
    seen = []
    backgrounds = [_backgrounds(2)]

    def pages():
        yield 0, 0, regular.show("นายสมหมาย", 72, 700, 14)
        yield 0, 1, bold.show("ประชาชน", 72, 700, 14)
        backgrounds.append(_backgrounds(1, (842, 595)))  # a background added while pages are made
        yield 1, 0, regular.show("ผู้สูงอายุ", 72, 500, 14)
        yield 0, 0, regular.show("ตำบลสันทราย", 72, 700, 14)

    blob = assemble_pages(backgrounds, pages(), [regular, bold], title="บัญชีรายชื่อ",
                          metadata={"docengine_kind": "list", "rows": 4}, progress=seen.append)
    assert seen == [1, 1, 1, 1]
    pdf = pikepdf.open(io.BytesIO(blob))
    assert len(pdf.pages) == 4
    assert [list(map(float, p.mediabox)) for p in pdf.pages] == [[0, 0, 595, 842]] * 2 + [[0, 0, 842, 595], [0, 0, 595, 842]]
    xobjects = [p.Resources.XObject.B.objgen for p in pdf.pages]
    assert xobjects[0] == xobjects[3] and len({xobjects[0], xobjects[1], xobjects[2]}) == 3
    for page in pdf.pages:
        assert sorted(page.Resources.Font.keys()) == ["/FB", "/FV"]
        assert page.Contents.read_bytes().startswith(b"q /B Do Q\n")
    assert pdf.pages[0].Resources.Font.FV.objgen == pdf.pages[3].Resources.Font.FV.objgen
    assert pdf.pages[1].Resources.Font.FB.BaseFont == "/" + bold.name
    info = pdf.docinfo
    assert (str(info.Title), str(info.Producer)) == ("บัญชีรายชื่อ", "docengine")
    assert (str(info["/docengine_kind"]), str(info["/rows"])) == ("list", "4")
    assert str(pdf.Root.Lang) == "th-TH"
    assert [t.strip() for t in pdftotext(blob).split("\f")[:4]] == ["นายสมหมาย", "ประชาชน", "ผู้สูงอายุ", "ตำบลสันทราย"]


def test_an_overlay_without_metadata_is_titled_empty_and_calls_no_progress():
    from docengine.render.overlay import assemble_pages

    overlay = _overlay()
    blob = assemble_pages([_backgrounds(1)], [(0, 0, overlay.show("ก", 10, 10, 12))], [overlay])
    pdf = pikepdf.open(io.BytesIO(blob))
    assert sorted(pdf.docinfo.keys()) == ["/Producer", "/Title"] and str(pdf.docinfo.Title) == ""
    assert sorted(pdf.pages[0].Resources.Font.keys()) == ["/FV"]


# --- WeasyPrint's PDF -----------------------------------------------------------------------

def _engine():
    from docengine.render.fonts import font_family
    from docengine.render.pdf import PdfEngine

    return PdfEngine(font_family(None))


def test_a_pdfs_metadata_goes_into_its_document_info_and_its_attachments_are_embedded():
    calls = []
    engine = _engine()
    blob = engine.write_pdf("<p>ประชาชน</p>", metadata={"docengine": "ชม 52101/1", "pages": 1},
                            attachments={"record.json": '{"a": "ข"}', "data.bin": b"\x00\x01"},
                            finish=lambda document: calls.append(len(document.pages)))
    assert calls == [1]
    pdf = pikepdf.open(io.BytesIO(blob))
    assert (str(pdf.docinfo["/docengine"]), str(pdf.docinfo["/pages"])) == ("ชม 52101/1", "1")
    files = {name: spec.get_file().read_bytes() for name, spec in pdf.attachments.items()}
    assert files == {"record.json": '{"a": "ข"}'.encode(), "data.bin": b"\x00\x01"}
    assert pdftotext(blob).strip() == "ประชาชน"


def test_a_pdf_without_metadata_or_attachments_has_neither():
    blob = _engine().write_pdf("<p>ประชาชน</p>")
    pdf = pikepdf.open(io.BytesIO(blob))
    assert sorted(pdf.docinfo.keys()) == ["/Producer"] and len(pdf.attachments) == 0


def test_each_text_run_carries_its_source_text_as_actual_text():
    blob = _engine().write_pdf("<p>ประชาชน</p><p><b>ผู้สูงอายุ</b></p>")
    pdf = pikepdf.open(io.BytesIO(blob))
    spans = [(str(ops[0]), str(ops[1].get("/ActualText"))) for ops, op in pikepdf.parse_content_stream(pdf.pages[0])
             if str(op) == "BDC"]
    assert spans == [("/Span", "ประชาชน"), ("/Span", "ผู้สูงอายุ")]
    ends = [op for _, op in pikepdf.parse_content_stream(pdf.pages[0]) if str(op) == "EMC"]
    assert len(ends) == 2
    # the rebuilt ToUnicode map gives the letters even to an extractor that ignores ActualText
    from extract import pypdf_text

    assert "ประชาชน" in pypdf_text(blob).replace("\n", "")


def test_installing_the_text_layer_twice_patches_weasyprint_once():
    import weasyprint.draw as wdraw
    import weasyprint.pdf as wpdf

    from docengine.render import textlayer

    textlayer.install()
    drawn, fonts = wdraw.draw_text, wpdf.build_fonts_dictionary
    textlayer.install()
    assert wdraw.draw_text is drawn and wpdf.build_fonts_dictionary is fonts
    assert drawn.__module__ == "docengine.render.textlayer" and fonts.__module__ == "docengine.render.textlayer"


def test_text_in_another_installed_font_is_refused_naming_the_characters_and_that_font():
    from docengine.render.textlayer import MissingGlyphError

    with pytest.raises(MissingGlyphError) as got:
        _engine().write_pdf("<p style=\"font-family: 'DejaVu Sans'\">abc</p>")
    assert got.value.en == ("characters not in the font 'Sarabun': 'abc' (drawn with DejaVu Sans); "
                            "output would depend on the fonts installed on this machine")
    assert got.value.th == "แบบอักษร Sarabun ไม่มีอักขระ 'abc' (drawn with DejaVu Sans)"


def test_a_character_no_font_has_is_refused_instead_of_printing_a_box():
    from docengine.render.textlayer import MissingGlyphError

    with pytest.raises(MissingGlyphError) as got:
        _engine().write_pdf("<p>ก\ue000</p>")
    assert got.value.en.startswith("the font has no glyph for some characters (they would print as boxes): "
                                   ".notdef glyph rendered")
    assert "U+E000" in got.value.en
    assert got.value.th == "แบบอักษรไม่มีรูปอักขระบางตัว (จะพิมพ์ออกมาเป็นกล่องสี่เหลี่ยม)"


def test_a_long_letters_carry_over_words_are_artifacts_with_empty_actual_text():
    renderer = Renderer(Office.sample())
    body = ["ด้วยเทศบาลตำบลสันทรายจะจัดประชุมเพื่อพิจารณาเรื่องสำคัญ " * 12] * 6 + ["จึงเรียนมาเพื่อโปรดทราบ"]
    prepared = renderer.prepare("external", {"date": "2024-01-05", "subject": "ขอเชิญประชุม",
                                             "recipient": "นายอำเภอฝาง", "body": body})
    pdf = pikepdf.open(io.BytesIO(renderer.render_pdf(prepared)))
    assert len(pdf.pages) >= 2
    artifacts = 0
    for page in pdf.pages:
        marks = [(str(ops[0]), ops[1]) for ops, op in pikepdf.parse_content_stream(page) if str(op) == "BDC"]
        for i, (tag, props) in enumerate(marks):
            if tag == "/Artifact":
                artifacts += 1
                assert (str(props.Type), str(props.Subtype)) == ("/Pagination", "/Footer")
                assert marks[i + 1][0] == "/Span" and str(marks[i + 1][1].ActualText) == ""
            else:
                assert tag == "/Span"
    assert artifacts >= len(pdf.pages) - 1


# --- spreadsheets ---------------------------------------------------------------------------

def _book(sheet):
    """(the first sheet as openpyxl reads it, the XLSX bytes)."""
    from openpyxl import load_workbook

    from docengine.render.workbook import workbook_bytes

    blob = workbook_bytes([sheet])
    return load_workbook(io.BytesIO(blob)).active, blob


def _ws(sheet):
    return _book(sheet)[0]


def test_each_kind_of_value_is_written_with_its_type_style_and_format():
    from docengine.render.workbook import Column, Sheet

    cols = [Column("ข้อความ"), Column("เลข", "id"), Column("จำนวน", "int"), Column("เงิน", "money"),
            Column("ทศนิยม", "decimal"), Column("ปี", "number"), Column("วันที่", "date")]
    rows = [["ก", "0023", "12,000", "๑๒", "๑๒.๕", 2567, date(2024, 1, 8)],
            ["", None, "ไม่ทราบ", True, "1.25", "-3", datetime(2024, 1, 9, 10, 30)],
            [None, "x", -4, 0, 2.5, "2567", date(1800, 1, 1)]]
    ws = _ws(Sheet("s", "t", cols, rows))
    got = [[(c.value, c.data_type, c.style, c.number_format) for c in ws[r]] for r in (3, 4, 5)]
    assert got[0] == [("ก", "s", "dx-text", "@"), ("0023", "s", "dx-id", "@"), (12000, "n", "dx-int", "#,##0"),
                      (12, "n", "dx-money", "#,##0"), (12.5, "n", "dx-decimal", "#,##0.00"),
                      (2567, "n", "dx-number", "0"),
                      (datetime(2024, 1, 8), "d", "dx-date", "[$-107041E]d mmm yyyy")]
    assert got[1] == [(None, "n", "dx-text", "@"), (None, "n", "dx-id", "@"), ("ไม่ทราบ", "s", "dx-text", "@"),
                      ("True", "s", "dx-text", "@"), (1.25, "n", "dx-decimal", "#,##0.00"),
                      (-3, "n", "dx-number", "0"),
                      (datetime(2024, 1, 9, 10, 30), "d", "dx-date", "[$-107041E]d mmm yyyy")]
    assert got[2] == [(None, "n", "dx-text", "@"), ("x", "s", "dx-id", "@"), (-4, "n", "dx-int", "#,##0"),
                      (0, "n", "dx-money", "#,##0"), (2.5, "n", "dx-decimal", "#,##0.00"),
                      (2567, "n", "dx-number", "0"), ("1800-01-01", "s", "dx-text", "@")]


def test_a_short_row_gets_the_styles_of_its_missing_cells():
    from docengine.render.workbook import Column, Sheet

    ws = _ws(Sheet("s", "t", [Column("ก"), Column("ข", "int"), Column("ค", "date")], [["หนึ่ง"]]))
    assert [c.style for c in ws[3]] == ["dx-text", "dx-int", "dx-date"]


def test_a_row_longer_than_the_columns_is_refused():
    from docengine.render.workbook import Column, Sheet, workbook_bytes

    with pytest.raises(ValueError, match=r"^row has 3 values for 2 columns: \['a', 'b', 'c'\]$"):
        workbook_bytes([Sheet("s", "t", [Column("ก"), Column("ข")], [["a", "b", "c"]])])


def test_the_named_styles_fonts_alignments_and_borders():
    from docengine.render.workbook import Column, Heading, Sheet, Total

    cols = [Column("ชื่อ"), Column("เลข", "id"), Column("จำนวน", "int", total=True), Column("ปี", "number"),
            Column("วันที่", "date"), Column("เงิน", "money", total=True), Column("ทศ", "decimal")]
    ws = _ws(Sheet("s", "ชื่อเรื่อง", cols, [Heading("กลุ่ม"), ["ก", "1", 2, 2567, date(2024, 1, 1), 5, 1.5],
                                             Total("รวม")], notes=["หมายเหตุ"]))
    title, note, header, heading = ws["A1"], ws["A2"], ws["A3"], ws["A4"]
    data, total_label, total = ws[5], ws["A6"], ws["C6"]

    def look(cell):
        a, f, b = cell.alignment, cell.font, cell.border
        return (f.name, f.sz, bool(f.b), a.horizontal, a.vertical, bool(a.wrap_text),
                *(getattr(side, "style", None) for side in (b.left, b.right, b.top, b.bottom)))

    box = ("thin",) * 4
    none = (None,) * 4
    assert look(title) == ("TH SarabunPSK", 16, True, "center", "center", True) + none
    assert look(note) == ("TH SarabunPSK", 14, False, "center", None, True) + none
    assert look(header) == ("TH SarabunPSK", 14, True, "center", "center", True) + box
    assert look(heading) == ("TH SarabunPSK", 14, True, "left", "center", False) + box
    assert [look(c) for c in data] == [
        ("TH SarabunPSK", 14, False, None, "top", True) + box,
        ("TH SarabunPSK", 14, False, "center", "top", False) + box,
        ("TH SarabunPSK", 14, False, None, "top", False) + box,
        ("TH SarabunPSK", 14, False, "center", "top", False) + box,
        ("TH SarabunPSK", 14, False, "center", "top", False) + box,
        ("TH SarabunPSK", 14, False, None, "top", False) + box,
        ("TH SarabunPSK", 14, False, None, "top", False) + box]
    assert look(total_label) == ("TH SarabunPSK", 14, True, "center", "center", False) + box
    assert look(total) == ("TH SarabunPSK", 14, True, None, None, False) + box
    assert (total.style, total.number_format, ws["F6"].number_format) == ("dx-total", "#,##0", "#,##0")
    assert [ws.cell(6, c).style for c in range(3, 8)] == ["dx-total"] * 5
    assert "A6:B6" in {str(r) for r in ws.merged_cells.ranges}
    assert [ws.row_dimensions[r].height for r in (4, 6)] == [22, 22]
    names = {s.name if hasattr(s, "name") else s for s in ws.parent.named_styles}
    assert {"dx-title", "dx-note", "dx-header", "dx-heading", "dx-text", "dx-id", "dx-int", "dx-money",
            "dx-decimal", "dx-number", "dx-date", "dx-total-label", "dx-total"} <= names


def test_a_total_with_nothing_above_it_is_zero_and_no_formula():
    from openpyxl import load_workbook

    from docengine.render.workbook import Column, Sheet, Total, workbook_bytes

    blob = workbook_bytes([Sheet("s", "t", [Column("ก"), Column("จำนวน", "int", total=True)],
                                 [Total("รวม"), Total("รวมทั้งสิ้น", of="totals")])])
    ws = load_workbook(io.BytesIO(blob)).active
    assert [(ws.cell(r, 1).value, ws.cell(r, 2).value, ws.cell(r, 2).style) for r in (3, 4)] == [
        ("รวม", 0, "dx-total"), ("รวมทั้งสิ้น", 0, "dx-total")]
    assert not ws.merged_cells.ranges or all(str(r).startswith("A1") for r in ws.merged_cells.ranges)


def test_a_totals_row_with_no_subtotals_sums_every_data_row():
    from openpyxl import load_workbook

    from docengine.render.workbook import Column, Sheet, Total, workbook_bytes

    blob = workbook_bytes([Sheet("s", "t", [Column("ก"), Column("ข"), Column("จำนวน", "money", total=True)],
                                 [["a", "b", 1000], ["c", "d", "2,500"], Total("รวมทั้งสิ้น", of="totals")])])
    ws = load_workbook(io.BytesIO(blob)).active
    values = load_workbook(io.BytesIO(blob), data_only=True).active
    assert (ws["C5"].value, values["C5"].value, ws["C5"].number_format) == ("=SUM(C3:C4)", 3500, "#,##0")
    assert "A5:B5" in {str(r) for r in ws.merged_cells.ranges}


def test_text_width_is_the_shaped_advance_in_excel_column_units():
    from fontTools.ttLib import TTFont

    from docengine.render.fonts import font_family
    from docengine.render.workbook import text_width

    faces = font_family().faces
    for bold, face in ((False, "regular"), (True, "bold")):
        tt = TTFont(str(faces[face]))
        advance = tt["hmtx"][tt.getBestCmap()[ord("ก")]][0] / tt["head"].unitsPerEm
        assert text_width("ก", bold=bold) == pytest.approx(advance * 14 * 96 / 72 / 7)
        assert text_width("ก", pt=28, bold=bold) == pytest.approx(advance * 28 * 96 / 72 / 7)
    assert text_width("กขค", bold=True) > text_width("กขค")
    assert text_width("") == 0


def test_columns_are_as_wide_as_their_widest_content_within_5_and_60():
    from docengine.render.workbook import Column, Sheet, Total, text_width

    long = "ขอความร่วมมือสำรวจผู้สูงอายุ " * 10
    cols = [Column("ที่"), Column("เรื่องที่ขอ ความร่วมมือ"), Column("จำนวนเงินรวม (บาท)", "money", total=True),
            Column("ยาว"), Column("ว", "decimal")]
    ws = _ws(Sheet("s", "t", cols, [["1", "ขอเชิญประชุม", 1_000_000, long, "12.5"], ["2", "ก", 234_567, "", 3],
                                    Total("รวม")]))
    widths = [ws.column_dimensions[c].width for c in "ABCDE"]
    assert widths[0] == 5 + 1.5  # the narrowest column
    header_b = max(text_width("เรื่องที่ขอ", bold=True), text_width("ความร่วมมือ", bold=True),
                   text_width("เรื่องที่ขอ ความร่วมมือ", bold=True) / 2)
    assert widths[1] == round(max(header_b, text_width("ขอเชิญประชุม")) + 1.5, 1)
    assert widths[2] == round(max(text_width("1,234,567", bold=True), text_width("จำนวนเงินรวม", bold=True),
                                  text_width("จำนวนเงินรวม (บาท)", bold=True) / 2) + 1.5, 1)
    assert widths[3] == 60
    assert widths[4] == round(max(5, text_width("12.50"), text_width("ว", bold=True)) + 1.5, 1)


def test_a_sheets_notes_and_header_rows_and_frozen_panes_follow_the_notes():
    from docengine.render.workbook import LINE_PT, Column, Sheet

    ws = _ws(Sheet("s", "ชื่อเรื่อง", [Column("ก"), Column("ข")], [["1", "2"]], notes=["หนึ่ง", "สอง"]))
    assert [ws.cell(r, 1).value for r in range(1, 6)] == ["ชื่อเรื่อง", "หนึ่ง", "สอง", "ก", "1"]
    assert [ws.cell(r, 1).style for r in range(1, 6)] == ["dx-title", "dx-note", "dx-note", "dx-header", "dx-text"]
    assert ws["B4"].value == "ข" and ws["B4"].style == "dx-header"
    assert {"A1:B1", "A2:B2", "A3:B3"} == {str(r) for r in ws.merged_cells.ranges}
    assert ws.freeze_panes == "A5" and ws.print_title_rows == "$4:$4"
    assert ws.row_dimensions[1].height == LINE_PT * 1.2 and ws.row_dimensions[2].height == LINE_PT


def test_a_one_column_sheet_merges_nothing():
    from docengine.render.workbook import Column, Heading, Sheet

    ws = _ws(Sheet("s", "ชื่อเรื่อง", [Column("ก")], [Heading("กลุ่ม"), ["1"]], notes=["หมายเหตุ"]))
    assert not ws.merged_cells.ranges
    assert [ws.cell(r, 1).value for r in range(1, 6)] == ["ชื่อเรื่อง", "หมายเหตุ", "ก", "กลุ่ม", "1"]


# --- a letter's date ------------------------------------------------------------------------

def test_a_letter_dated_beyond_the_offices_tolerance_is_refused_in_both_languages():
    renderer = Renderer(Office.sample())
    with pytest.raises(ValidationError) as got:
        renderer.prepare("external", {"date": "2099-01-05", "subject": "ขอเชิญประชุม", "recipient": "นายอำเภอฝาง",
                                      "body": ["จึงเรียนมาเพื่อโปรดทราบ"]})
    (problem,) = got.value.problems
    assert (problem.field, problem.value) == ("date", "2099-01-05")
    assert problem.en.startswith("date 2099-01-05 is in the future (more than 1 day after now, ")
    assert problem.en.endswith(" Bangkok time); check the year, or raise future_tolerance_days in the office config")
    assert problem.th.startswith("date 2099-01-05 เป็นวันเวลาในอนาคต เกินกว่า 1 วันจากเวลาปัจจุบัน (")
    assert problem.th.endswith(" เวลาประเทศไทย) กรุณาตรวจสอบปี")


def test_an_office_with_a_long_tolerance_may_date_a_letter_far_ahead(tmp_path):
    import yaml

    office = yaml.safe_load(Office.sample().path.read_text(encoding="utf-8"))
    office["future_tolerance_days"] = 40000
    path = tmp_path / "office.yaml"
    path.write_text(yaml.safe_dump(office, allow_unicode=True), encoding="utf-8")
    prepared = Renderer(path).prepare("external", {"date": "2099-01-05", "subject": "ขอเชิญประชุม",
                                                   "recipient": "นายอำเภอฝาง", "body": ["จึงเรียนมาเพื่อโปรดทราบ"]})
    assert prepared.data["date"] == date(2099, 1, 5)
