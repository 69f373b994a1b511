"""Chunked, parallel rendering of long lists: continuous Thai page numbers, one copy of each font."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from docengine.office import Office

ROOT = Path(__file__).resolve().parent.parent
THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


@pytest.fixture(scope="module")
def merged(tmp_path_factory):
    from docengine.notices.chunks import render_paged
    from docengine.notices.listdoc import beneficiary_list_document
    from docengine.records.people import read_people
    from docengine.render.document import Renderer

    renderer = Renderer(Office.sample())
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


class _DyingRenderer:
    """Renders a one-page PDF per chunk; the worker given the chunk [3] is SIGKILLed
    while a marker file is missing (``kills`` times in all: the marker counts them)."""

    pdf_engine = line_breaker = None  # what render_paged warms up before forking

    def __init__(self, marker: Path, kills: int):
        self.marker, self.kills = marker, kills

    def render_pdf(self, prepared, full_fonts=False):
        import io
        import os
        import signal

        import pikepdf

        if prepared.context["pages"] == [3]:
            died = len(self.marker.read_text()) if self.marker.exists() else 0
            if died < self.kills:
                self.marker.write_text("x" * (died + 1))
                os.kill(os.getpid(), signal.SIGKILL)
        pdf = pikepdf.new()
        pdf.add_blank_page()
        pdf.docinfo["/Title"] = str(prepared.context["pages"])
        buf = io.BytesIO()
        pdf.save(buf)
        return buf.getvalue()


def _dying_job(tmp_path, kills):
    from dataclasses import dataclass

    @dataclass
    class Job:
        context: dict

    return _DyingRenderer(tmp_path / "deaths", kills), Job({"pages": []})


def test_a_killed_worker_is_replaced_and_every_chunk_rendered(tmp_path):
    import pikepdf

    from docengine.notices.chunks import render_paged

    renderer, job = _dying_job(tmp_path, kills=1)
    seen = []
    pdf = render_paged(renderer, job, [1, 2, 3, 4, 5], chunk_pages=1, workers=2, progress=seen.append)
    assert (tmp_path / "deaths").read_text() == "x"  # the worker really died once
    assert len(pikepdf.open(__import__("io").BytesIO(pdf)).pages) == 5
    assert sorted(seen) == [1, 1, 1, 1, 1]


def test_a_worker_that_keeps_dying_stops_the_job_with_a_bilingual_error(tmp_path):
    from docengine.notices.chunks import RETRIES, WorkerLost, render_paged

    renderer, job = _dying_job(tmp_path, kills=99)
    with pytest.raises(WorkerLost) as err:
        render_paged(renderer, job, [1, 2, 3, 4], chunk_pages=1, workers=2)
    assert len((tmp_path / "deaths").read_text()) == RETRIES + 1
    assert "1 chunk(s) not rendered" in err.value.en and "กระบวนการ" in err.value.th
