"""What render's surviving mutants changed (scripts/mutate.py render; docs/testing.md), each
asserted as the clerk or the office's template maker gets it."""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import pytest

from docengine import Engine, Office
from docengine.errors import DocengineError, ValidationError
from docengine.records.datafile import parse_yaml
from docengine.resources import templates_path

ROOT = Path(__file__).resolve().parent.parent

LETTER = """\
date: 2024-01-05
subject: ขอเชิญประชุม
recipient: นายอำเภอฝาง
body:
  - ด้วยเทศบาลตำบลสันทรายจะจัดประชุม
  - "จึงเรียนมา\\x07เพื่อโปรดทราบ"
"""


@pytest.fixture
def engine():  # per test: mutmut credits a fixture's calls to the first test that uses it
    return Engine(Office.sample())


def test_a_problem_in_a_list_item_names_the_items_own_line(engine, tmp_path):
    """A bell character pasted into the second paragraph: body[2], line 6 of the file, not
    line 4 where ``body:`` starts."""
    path = tmp_path / "letter.yaml"
    path.write_text(LETTER, encoding="utf-8")
    with pytest.raises(ValidationError) as got:
        engine.render("external", parse_yaml(LETTER, path))
    (problem,) = got.value.problems
    assert problem.field == "body[2]" and problem.source == "letter.yaml:6"
    assert "U+0007" in problem.en


def test_asking_a_letter_for_a_workbook_says_which_formats_it_has(engine):
    doc = engine.render("external", {"date": "2024-01-05", "subject": "ขอเชิญประชุม", "recipient": "นายอำเภอฝาง",
                                     "body": ["จึงเรียนมาเพื่อโปรดทราบ"]})
    with pytest.raises(DocengineError) as got:
        doc.xlsx()
    assert "has no XLSX version (it has PDF, DOCX)" in got.value.en
    assert "ไม่มีแฟ้ม XLSX (มี PDF, DOCX)" in got.value.th


def test_a_space_has_no_ink_so_it_does_not_move_a_values_middle():
    """A value written into a form's blank is centred on its ink: the spaces between words
    (glyphs with no outline) count for nothing."""
    from docengine.render.fonts import font_family
    from docengine.render.overlay import TextOverlay

    overlay = TextOverlay(font_family(None).faces["regular"])  # not the process-wide cached one
    assert overlay.ink_middle("นาย สมหมาย") == overlay.ink_middle("นายสมหมาย")
    assert overlay.ink_middle(" ") == overlay.cap_height / 2


def test_merging_no_documents_is_refused():
    from docengine.render.docxmerge import merge_docx

    with pytest.raises(ValueError, match="^nothing to merge$"):
        merge_docx([])


def test_the_shipped_docx_templates_are_what_the_builder_makes():
    """scripts/build_docx_templates.py makes every set's template.docx (the header "- {PAGE} -"
    with Thai page numbers among them): the shipped files are its output, part for part, so a
    change of the builder that is not rebuilt, or a hand edit of a shipped file, fails here."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import build_docx_templates as builder
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    for key in builder.SETS:
        made = io.BytesIO()
        builder.build(key, made)
        new, old = zipfile.ZipFile(made), zipfile.ZipFile(templates_path(*key.split("/"), "template.docx"))
        assert sorted(new.namelist()) == sorted(old.namelist()), key
        changed = [name for name in new.namelist() if new.read(name) != old.read(name)]
        assert not changed, f"{key}: {changed} differ from scripts/build_docx_templates.py's output"


# --- spreadsheets: what a clerk sees when the workbook opens ----------------------------
def _workbook(tmp_path):
    from openpyxl import load_workbook

    from docengine.render.workbook import Column, Heading, Sheet, workbook_bytes

    long = "ขอความร่วมมือสำรวจผู้สูงอายุในพื้นที่ " * 12
    sheet = Sheet(name="ทะเบียน", title="ทะเบียนหนังสือส่ง พ.ศ. 2569",
                  columns=[Column("ที่"), Column("เรื่อง")],
                  rows=[Heading("วันที่ 12 เดือน มกราคม พ.ศ. 2569"), ["ชม 52101/1", "ขอเชิญประชุม"],
                        ["ชม 52101/2", long]])
    path = tmp_path / "book.xlsx"
    path.write_bytes(workbook_bytes([sheet]))
    return load_workbook(path).active


def test_a_workbooks_title_and_day_headings_are_bold(tmp_path):
    from docengine.render.workbook import CELL_PT, TITLE_PT

    ws = _workbook(tmp_path)
    title = ws["A1"]
    assert title.value == "ทะเบียนหนังสือส่ง พ.ศ. 2569" and title.font.b and title.font.sz == TITLE_PT
    (heading,) = [row[0] for row in ws.iter_rows() if row[0].value == "วันที่ 12 เดือน มกราคม พ.ศ. 2569"]
    assert heading.font.b and heading.font.sz == CELL_PT
    (plain,) = [row[1] for row in ws.iter_rows() if row[1].value == "ขอเชิญประชุม"]
    assert not plain.font.b


def test_a_long_subject_makes_its_row_as_tall_as_its_wrapped_lines(tmp_path):
    from docengine.render.workbook import LINE_PT

    ws = _workbook(tmp_path)
    rows = {row[0].value: row[0].row for row in ws.iter_rows()}
    assert ws.row_dimensions[rows["ชม 52101/1"]].height == LINE_PT
    assert ws.row_dimensions[rows["ชม 52101/2"]].height >= 3 * LINE_PT


# --- a form's DOCX: the boxes of the printed form ----------------------------------------
def test_a_forms_boxes_have_all_four_sides_in_the_docx(engine):
    """Each bordered cell names its four sides, in the schema's order; the boxed sections
    of the registration form are closed on every side, as in the PDF."""
    import docx
    from docx.oxml.ns import qn

    doc = engine.render("forms/elderly-registration", {"fy": 2570})
    sides = []
    for borders in docx.Document(io.BytesIO(doc.docx())).element.body.iter(qn("w:tcBorders")):
        sides.append({el.tag.split("}")[1]: el.get(qn("w:val")) for el in borders})
        assert list(sides[-1]) == ["top", "left", "bottom", "right"]
    assert {"top": "single", "left": "single", "bottom": "single", "right": "single"} in sides


@pytest.fixture  # per test: mutmut credits a module fixture's calls to the first test only
def form_docx(engine):
    """(the elderly registration form's DOCX, its PDF's page count)."""
    import docx
    import pikepdf

    doc = engine.render("forms/elderly-registration", {"fy": 2570})
    return docx.Document(io.BytesIO(doc.docx())), len(pikepdf.open(io.BytesIO(doc.pdf())).pages)


def test_a_forms_docx_breaks_pages_where_its_pdf_does(form_docx):
    from docx.oxml.ns import qn

    document, pages = form_docx
    body = document.element.body
    breaks = list(body.iter(qn("w:pageBreakBefore"))) + [
        b for b in body.iter(qn("w:br")) if b.get(qn("w:type")) == "page"]
    assert pages == 2 and len(breaks) == pages - 1
    first = next(iter(body))
    assert first.find(f".//{qn('w:pageBreakBefore')}") is None  # page 1 is not preceded by a blank page


def test_a_forms_register_number_is_right_aligned_and_its_heading_said_once(form_docx):
    document, _ = form_docx
    (regno,) = [p for p in document.paragraphs if p.text.startswith("ทะเบียนเลขที่")]
    assert regno.alignment == 2 and regno.text.endswith("/๒๕๗๐")
    (head,) = [p for p in document.paragraphs if "เขียนที่" in p.text]
    assert head.text.startswith("ข้อมูลผู้สูงอายุ\tเขียนที่") and head.text.count("ข้อมูลผู้สูงอายุ") == 1


def test_a_forms_single_boxes_are_closed_on_every_side(form_docx):
    from docx.oxml.ns import qn

    document, _ = form_docx
    boxes = [t for t in document.element.body.iter(qn("w:tbl"))
             if len(t.findall(qn("w:tr"))) == 1 and len(t.find(qn("w:tr")).findall(qn("w:tc"))) == 1]
    owned = [b.find(qn("w:tr")).find(qn("w:tc")).find(qn("w:tcPr")) for b in boxes]
    owned = [pr.find(qn("w:tcBorders")) for pr in owned if pr is not None and pr.find(qn("w:tcBorders")) is not None]
    assert len(owned) >= 2
    for borders in owned:
        sides = {el.tag.split("}")[1]: el.get(qn("w:val")) for el in borders}
        assert sides["left"] == sides["bottom"] == sides["right"] == "single", sides


def test_no_run_in_a_letters_docx_repeats_a_property(engine):
    """Word refuses a run whose properties hold the same element twice (two w:rFonts, say)."""
    import docx
    from docx.oxml.ns import qn

    doc = engine.render("external", parse_yaml((ROOT / "data/samples/documents/external.yaml").read_text("utf-8")))
    for rpr in docx.Document(io.BytesIO(doc.docx())).element.body.iter(qn("w:rPr")):
        tags = [child.tag for child in rpr]
        assert len(tags) == len(set(tags)), tags


def test_a_stamped_letters_seal_is_anchored_to_its_paragraph(engine):
    """The seal of a หนังสือประทับตรา floats behind the text, placed from the left margin and
    from the top of the paragraph it belongs to (both are required by Word)."""
    import docx
    from docx.oxml.ns import qn

    doc = engine.render("stamped", parse_yaml((ROOT / "data/samples/documents/stamped.yaml").read_text("utf-8")))
    body = docx.Document(io.BytesIO(doc.docx())).element.body
    (anchor,) = body.iter(qn("wp:anchor"))
    assert anchor.get("behindDoc") == "1"
    assert anchor.find(qn("wp:positionH")).get("relativeFrom") == "margin"
    assert anchor.find(qn("wp:positionV")).get("relativeFrom") == "paragraph"


def test_a_thai_run_an_office_typed_into_its_own_template_gets_the_thai_font_and_language():
    """A run Word saved with no properties (an office's own edit of a template) is given the
    complex-script font and language at rendering (its size comes from the
    style), or Word shows its Thai in a Latin font."""
    import docx
    from docx.oxml.ns import qn

    from docengine.render.docx import thai_runs

    document = docx.Document(str(templates_path("letters", "external", "template.docx")))
    run = document.add_paragraph().add_run("ขอแสดงความนับถือ")
    thai_runs(document)
    assert run._r.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:cs")) == "TH SarabunPSK"
    # the office's own template with its own default font: its Thai runs get that font
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    defaults.find(qn("w:rFonts")).set(qn("w:cs"), "TH Sarabun New")
    run = document.add_paragraph().add_run("ขอแสดงความนับถือ")
    assert run._r.find(qn("w:rPr")) is None
    thai_runs(document)
    rpr = run._r.find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:cs")) == fonts.get(qn("w:ascii")) == "TH Sarabun New"
    assert rpr.find(qn("w:cs")) is not None and rpr.find(qn("w:lang")).get(qn("w:bidi")) == "th-TH"


@pytest.mark.parametrize("fax, lines", [
    ("0 5345 0123", ["โทร./โทรสาร ๐ ๕๓๔๕ ๐๑๒๓"]),
    ("0 5345 0124", ["โทร. ๐ ๕๓๔๕ ๐๑๒๓", "โทรสาร ๐ ๕๓๔๕ ๐๑๒๔"]),
])
def test_a_letters_footer_joins_phone_and_fax_only_when_they_are_one_number(engine, fax, lines):
    from extract import pdftotext

    doc = engine.render("external", {"date": "2024-01-05", "subject": "ขอเชิญประชุม", "recipient": "นายอำเภอฝาง",
                                     "body": ["จึงเรียนมาเพื่อโปรดทราบ"],
                                     "owner_unit": {"name": ["สำนักปลัด"], "phone": "0 5345 0123", "fax": fax}})
    text = pdftotext(doc.pdf(), layout=True)
    assert [line.strip() for line in text.splitlines() if "โทร" in line] == lines
