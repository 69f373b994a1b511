"""The beneficiary list drawn fast (frames once, rows as shaped text) is the list the template draws.

Issue 12: the rows of a long list are written over a frame rendered once per kind of page
(docengine.notices.listpdf). Read back from the PDF, every row must stand where the
template path puts it (same baseline, same text), every cell inside its column and the
centred ones centred, the page numbers right-aligned after the red marker, and each kind
of page stored once however many pages show it.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docengine.office import Office

from extract import pdf_words, pdftotext

ROOT = Path(__file__).resolve().parent.parent
PT_PER_CM = 72 / 2.54
THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def _people(n: int, long_name: bool = False):
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    from make_sample_people import generate_people

    people = generate_people(n, seed=7, kind="elderly")
    if long_name:
        people[5]["first_name"] = "ประเสริฐศักดิ์สิทธิ์วัฒนาพงษ์"
        people[5]["last_name"] = "ศรีสุวรรณวงศ์ไพบูลย์"
    return people


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """A 130-row list (4 pages: head, full page, section change, closing) both ways."""
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    from make_sample_people import write_csv

    from docengine.notices.chunks import render_paged
    from docengine.notices.listdoc import beneficiary_list_document
    from docengine.notices.listpdf import list_pdf
    from docengine.records.people import read_people
    from docengine.render.document import Renderer

    folder = tmp_path_factory.mktemp("listpdf")
    write_csv(_people(130, long_name=True), folder / "people.csv")
    renderer = Renderer(Office.sample())
    people = read_people(folder / "people.csv", fy=2570, kind="elderly")
    doc = beneficiary_list_document(renderer, people, kind="elderly", fy=2570)
    fast = list_pdf(renderer, doc)
    template = render_paged(renderer, doc.prepared, doc.pages, workers=1)
    return doc, fast, template


def _rows(words: list[dict], below: float) -> dict[float, list[dict]]:
    """Words below ``below`` (pt from the top) grouped by their line (bottom within 1 pt)."""
    rows: dict[float, list[dict]] = {}
    for w in words:
        if w["top"] < below:
            continue
        key = next((k for k in rows if abs(k - w["bottom"]) < 1), w["bottom"])
        rows.setdefault(key, []).append(w)
    return rows


def test_every_row_stands_where_the_template_puts_it_with_the_same_text(both):
    doc, fast, template = both
    assert doc.page_count >= 4
    for page in range(1, doc.page_count + 1):
        mine = _rows(pdf_words(fast, page), 0)
        ref = _rows(pdf_words(template, page), 0)
        assert len(mine) == len(ref), page
        for (y_mine, w_mine), (y_ref, w_ref) in zip(sorted(mine.items()), sorted(ref.items())):
            assert abs(y_mine - y_ref) < 0.3, (page, y_mine, y_ref)
            assert _text(w_mine) == _text(w_ref), page


def _text(words: list[dict]) -> str:
    """A line's words left to right, spaces squashed (the template path spaces its cells)."""
    return " ".join(" ".join(w["text"] for w in sorted(words, key=lambda w: w["x0"])).split())


def test_each_cell_is_inside_its_column_and_centred_ones_are_centred(both):
    doc, fast, _ = both
    layout = doc.layout
    left = layout["margins_cm"][3] * PT_PER_CM
    columns = [(left + c["left_cm"] * PT_PER_CM, left + (c["left_cm"] + c["width_cm"]) * PT_PER_CM,
                c.get("align") == "center") for c in layout["columns"]]
    row = doc.listed[1].segments[0].rows[0]  # the first row of page 2
    words = [w for w in pdf_words(fast, 2) if abs(w["bottom"] - _bottom_of(fast, 2, row.number)) < 1]
    assert len(words) >= 5
    for w in words:
        x0, x1, centred = next(c for c in columns if c[0] <= w["x0"] < c[1])
        assert w["x1"] <= x1 - 1, w  # never onto the next column's rule
        if centred:
            assert abs((w["x0"] + w["x1"]) / 2 - (x0 + x1) / 2) < 1.0, w
        else:
            assert abs(w["x0"] - (x0 + layout.get("cell_pad_cm", 0.12) * PT_PER_CM)) < 1.0, w


def _bottom_of(pdf: bytes, page: int, number_text: str) -> float:
    return next(w["bottom"] for w in pdf_words(pdf, page) if w["text"] == number_text and w["x0"] < 110)


def test_a_long_name_is_set_smaller_and_stays_in_its_column(both):
    import pdfplumber

    doc, fast, _ = both
    layout = doc.layout
    left = layout["margins_cm"][3] * PT_PER_CM
    name_col = next(c for c in layout["columns"] if c["key"] == "name")
    right = left + (name_col["left_cm"] + name_col["width_cm"]) * PT_PER_CM
    with pdfplumber.open(io.BytesIO(fast)) as pdf:
        chars = [c for c in pdf.pages[0].chars if c["fontname"].endswith("Sarabun-Regular")]
    sizes = {round(c["size"], 2) for c in chars}
    assert len(sizes) >= 2 and min(sizes) < 10.71 * 0.72  # the long name, smaller than 72 %
    small = [c for c in chars if round(c["size"], 2) == min(sizes)]
    assert max(c["x1"] for c in small) < right
    assert "ประเสริฐศักดิ์สิทธิ์วัฒนาพงษ์ ศรีสุวรรณวงศ์ไพบูลย์" in pdftotext(fast)


def test_page_numbers_are_thai_right_aligned_after_the_red_marker(both):
    import pdfplumber

    doc, fast, _ = both
    right = (21.0 - doc.layout["margins_cm"][1]) * PT_PER_CM
    total = str(doc.page_count).translate(THAI)
    for page in range(1, doc.page_count + 1):
        words = pdf_words(fast, page)
        last = max((w for w in words if w["top"] < 60), key=lambda w: w["x1"])
        assert last["text"].endswith(f" {total}") and abs(last["x1"] - right) < 0.5, (page, last)
        head = _text([w for w in words if w["top"] < 60 and w["x0"] > 400])
        assert head.endswith(f"ฉบับเผยแพร่ หน้า {str(page).translate(THAI)} / {total}"), head
    with pdfplumber.open(io.BytesIO(fast)) as pdf:
        marker = [c for c in pdf.pages[1].chars if c["top"] < 60 and "Bold" in c["fontname"]]
    assert marker and all(tuple(round(v, 2) for v in c["non_stroking_color"]) == (0.69, 0, 0) for c in marker)


def test_each_kind_of_page_is_stored_once(tmp_path):
    import sys

    import pikepdf

    sys.path.insert(0, str(ROOT / "scripts"))
    from make_sample_people import write_csv

    from docengine.notices.listdoc import beneficiary_list_document
    from docengine.notices.listpdf import list_pdf
    from docengine.records.people import read_people
    from docengine.render.document import Renderer

    write_csv(_people(900), tmp_path / "people.csv")
    renderer = Renderer(Office.sample())
    doc = beneficiary_list_document(renderer, read_people(tmp_path / "people.csv", fy=2570, kind="elderly"),
                                    kind="elderly", fy=2570)
    with pikepdf.open(io.BytesIO(list_pdf(renderer, doc))) as pdf:
        assert len(pdf.pages) == doc.page_count >= 20
        frames = {p.obj.Resources.XObject.B.objgen for p in pdf.pages}
        fonts = {p.obj.Resources.Font.FV.objgen for p in pdf.pages}
    # first page, full pages of each section, the page where the sections meet, the last
    assert len(frames) <= 5 and len(fonts) == 1
