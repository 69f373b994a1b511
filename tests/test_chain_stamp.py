"""Where the stamp and endorsements go when the page has no room, and the free-space grid itself."""

from __future__ import annotations

import io
from datetime import datetime

import pdfplumber
import pytest

from docengine.chain.placement import FreeSpace
from docengine.chain.stamp import stamp_pdf, stamp_values
from docengine.render.document import Renderer
from docengine.office import Office

MM = 72 / 25.4


def test_free_space_never_overlaps_and_prefers_what_it_is_told():
    grid = FreeSpace(210, 297)
    grid.occupy((0, 0, 210, 100))
    x, y = grid.find(50, 20, lambda x, y: -x + y)  # top-right of what is left
    assert (x, y) == (210 - 4 - 50, 102) and grid.is_free(x, y, 50, 20)
    assert grid.find(50, 300, lambda x, y: 0) is None
    assert grid.find(50, 20, lambda x, y: None) is None  # nothing allowed


@pytest.fixture(scope="module")
def full_page():
    """A page covered with text from edge to edge: no free room anywhere."""
    from docengine.render.pdf import pdf_engine

    words = " ".join(["ข้อความเต็มหน้า"] * 900)
    html = f"<html><body style='margin:0'><p style='font-size:9pt; line-height:1.1'>{words}</p></body></html>"
    css = pdf_engine().stylesheet_from_string("@page { size: A4; margin: 2mm }", ("test-full-page",))
    return pdf_engine().write_pdf(html, stylesheets=[css])


def test_no_room_stamp_goes_above_the_page_and_endorsements_on_a_sheet(full_page):
    endorsements = [{"text": ["เพื่อโปรดพิจารณา"], "name": f"นาย ก{i}", "position": "ปลัด", "date": "9 ม.ค. 2567"}
                    for i in (1, 2)]
    out = stamp_pdf(full_page, renderer=Renderer(Office.sample()), endorsements=endorsements,
                    stamp=stamp_values(receipt_no="069/2567", agency="เทศบาลตำบลสันทราย",
                                       received_at=datetime(2024, 1, 8, 9, 15)),
                    sheet={"agency": "เทศบาลตำบลสันทราย", "receipt_no": "069/2567", "book_number": "ชม 0023.05/ว 655",
                           "letter_date": "2024-01-05", "subject": "ทดสอบ"})
    with pdfplumber.open(io.BytesIO(full_page)) as a, pdfplumber.open(io.BytesIO(out)) as b:
        assert len(b.pages) == len(a.pages) + 1
        grown = b.pages[0].height - a.pages[0].height
        assert grown > 20 * MM  # a strip was added at the top for the stamp
        label = next(w for w in b.pages[0].extract_words() if w["text"].startswith("เลขรับ"))
        assert label["bottom"] < grown  # the stamp is in the strip, above the old top edge
        sheet = b.pages[-1].extract_text()
    import subprocess

    text = subprocess.run(["pdftotext", "-f", str(len(b.pages)), "-l", str(len(b.pages)), "-", "-"], input=out,
                          capture_output=True).stdout.decode()
    assert "บันทึกเกษียนหนังสือ" in text and "๐๖๙/๒๕๖๗" in text
    assert text.index("(นาย ก๑)") < text.index("(นาย ก๒)")
    assert sheet
