"""DOCX batches of filled forms: one file per applicant named by row and ID, or one merged
file with a page per applicant; read back with python-docx (and LibreOffice in test_docx_parity)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import docx
import pytest

from docengine.cli import main
from docengine.forms import FormJob
from docengine.forms.batch import docx_name, docx_outputs
from docengine.records.people import read_people
from docengine.render.document import Renderer
from docengine.resources import data_path
from docengine.office import Office
from extract import docx_text

PEOPLE = data_path("samples", "people.csv")


def cli(*args: str) -> int:
    try:
        main(list(args))
    except SystemExit as exc:
        return exc.code or 0
    return 0


def people_with_a_blank_line(dest: Path, n: int = 3) -> Path:
    """The first ``n`` sample rows with a blank line after the first: data rows 1, 3, 4 …"""
    with PEOPLE.open(encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        rows = [r for _, r in zip(range(n), reader)]
        fields = reader.fieldnames
    lines = [",".join(fields)]
    for i, r in enumerate(rows):
        lines.append(",".join(f'"{r[f]}"' for f in fields))
        if i == 0:
            lines.append("")
    dest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dest


def test_per_row_files_are_named_by_row_and_id_and_hold_that_row(tmp_path):
    data = people_with_a_blank_line(tmp_path / "people.csv")
    out = tmp_path / "docx"
    assert cli("forms", "fill", "elderly-registration", "--data", str(data), "--fy", "2570", "--pdf",
               str(tmp_path / "f.pdf"), "--docx", str(out), "--docx-per-row", "--date", "2026-05-04", "--no-register") == 0
    people = read_people(data, purpose="form")
    assert [p.row for p in people] == [1, 3, 4]
    files = sorted(out.glob("*.docx"))
    assert [f.name for f in files] == [docx_name(p) for p in people]
    assert files[1].name.startswith(f"0003-{people[1].citizen_id[-4:]}-")
    for f, p in zip(files, people):
        text = docx_text(f)
        assert p.first_name in text and p.last_name in text, f.name
        others = [q for q in people if q is not p]
        assert not any(q.first_name + " " in text and q.last_name in text for q in others), f.name


def test_no_file_is_named_by_its_position(tmp_path):
    """The old demo wrote "<form>-filled-1.docx" holding the fifth record."""
    job = FormJob(Renderer(Office.sample()), "elderly-registration", fy=2570)
    people = read_people(PEOPLE, fy=2570, kind="elderly", purpose="form")[:5]
    outputs = docx_outputs(job, people[4:5], tmp_path, per_row=True)
    (name,) = [p.name for p in outputs]
    assert name.startswith(f"0005-{people[4].citizen_id[-4:]}-")
    assert people[4].first_name in docx_text(next(iter(outputs.values())))


def test_merged_docx_has_a_page_per_applicant_in_order(tmp_path):
    data = people_with_a_blank_line(tmp_path / "people.csv")
    merged = tmp_path / "forms.docx"
    assert cli("forms", "fill", "elderly-registration", "--data", str(data), "--fy", "2570", "--pdf",
               str(tmp_path / "f.pdf"), "--docx", str(merged), "--date", "2026-05-04", "--no-register") == 0
    people = read_people(data, purpose="form")
    text = docx_text(merged)
    positions = [text.index(p.first_name) for p in people]
    assert positions == sorted(positions)
    body = docx.Document(str(merged)).element.body
    breaks = body.xpath(".//w:pageBreakBefore") + body.xpath('.//w:br[@w:type="page"]')
    single = docx.Document(io.BytesIO(FormJob(Renderer(Office.sample()), "elderly-registration", fy=2570).docx(people[0])))
    own = len(single.element.body.xpath(".//w:pageBreakBefore") + single.element.body.xpath('.//w:br[@w:type="page"]'))
    assert len(breaks) == (own + 1) * len(people) - 1  # one more break per applicant after the first


def test_docx_per_row_needs_a_folder(tmp_path, capsys):
    assert cli("forms", "fill", "elderly-registration", "--data", str(PEOPLE), "--fy", "2570", "--pdf",
               str(tmp_path / "f.pdf"), "--docx-per-row") == 2
    assert "--docx" in capsys.readouterr().err
    assert not (tmp_path / "f.pdf").exists()
