"""Chunked, parallel rendering of long lists: continuous Thai page numbers, one copy of each font."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


@pytest.fixture(scope="module")
def merged(tmp_path_factory):
    from docengine.notices.chunks import render_paged
    from docengine.notices.listdoc import beneficiary_list_document
    from docengine.records.people import read_people
    from docengine.render.document import Renderer

    renderer = Renderer()
    people = read_people(ROOT / "data" / "samples" / "people.csv", fy=2570, kind="elderly")
    doc = beneficiary_list_document(renderer, people, kind="elderly", fy=2570)
    seen = []
    pdf = render_paged(renderer, doc.prepared, doc.pages, chunk_pages=2, workers=2, progress=seen.append)
    path = tmp_path_factory.mktemp("chunks") / "merged.pdf"
    path.write_bytes(pdf)
    return path, doc, seen


def test_pages_continuous_across_chunks(merged):
    path, doc, seen = merged
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
    pages = text.split("\f")[:-1]
    assert len(pages) == doc.page_count == sum(seen)
    for i, page in enumerate(pages, 1):
        assert f"หน้า {str(i).translate(THAI)} / {str(len(pages)).translate(THAI)}" in page


def test_font_files_stored_once(merged):
    import pikepdf

    path, doc, _ = merged
    pdf = pikepdf.open(path)
    files = set()
    for page in pdf.pages:
        for _, font in page.obj.Resources.Font.items():
            for d in font.get("/DescendantFonts", [font]):
                if "/FontDescriptor" in d and "/FontFile2" in d.FontDescriptor:
                    files.add(d.FontDescriptor.FontFile2.objgen)
    assert 1 <= len(files) <= 2  # regular and bold, whatever the number of chunks


def test_text_layer_exact_in_merged_pdf(merged):
    path, doc, _ = merged
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    for name in ("นางสาวทองคำ คำมูล", "เบี้ยยังชีพผู้สูงอายุ", "ผู้รับรองความถูกต้อง"):
        assert name in text
