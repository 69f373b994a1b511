"""`docengine render` works for every template set `templates list` shows, from its sample input.

Each set's manifest names its context builder (``context:``); each has a sample input in
data/samples/documents/<set>.yaml. The forms' samples name the 300-row sample people file; here
they are pointed at a few of its rows so that the test reads every copy it makes.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from docx import Document as DocxDocument
from openpyxl import load_workbook

from docengine.cli import cli
from docengine.render.templateset import list_sets
from docengine.resources import data_path
from extract import pdftotext

SAMPLES = data_path("samples", "documents")
SETS = {t.key: t for t in list_sets()}  # "letters/external" -> TemplateSet
XLSX_SETS = {"notices/beneficiary-list", "notices/count-report", "notices/registration-calendar"}
# What each kind's first page says, read back from the PDF (spaces removed: Thai wraps anywhere).
TITLE_WORDS = {
    "forms/disability-registration": "เบี้ยความพิการ",
    "forms/elderly-registration": "เบี้ยยังชีพผู้สูงอายุ",
    "forms/proxy": "หนังสือมอบอำนาจ",
    "notices/beneficiary-list": "บัญชีรายชื่อ",
    "notices/citizen-manual": "คู่มือสำหรับประชาชน",
    "notices/count-report": "รายงานจำนวนผู้มีสิทธิ",
    "notices/registration-calendar": "ปฏิทิน",
    "notices/registration-pr": "ลงทะเบียน",
}


def _few_people(tmp_path: Path, source: str, *, proxies: int, others: int) -> tuple[str, int, int]:
    """A copy of the sample people file with up to ``proxies`` rows that name an authorised
    person and ``others`` that do not: (its absolute path, rows naming one, all rows)."""
    with open(data_path("samples", source), encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    named = [r for r in rows if (r.get("proxy_first_name") or "").strip()][:proxies]
    plain = [r for r in rows if not (r.get("proxy_first_name") or "").strip()][:others]
    out = tmp_path / f"few-{source}"
    with open(out, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(named + plain)
    return str(out), len(named), len(named) + len(plain)


def _sample(tmp_path: Path, key: str) -> tuple[Path, tuple[int, int]]:
    """The set's sample input, copied with its people file's path made absolute; for a form,
    a few rows (see :func:`_few_people`): (the data file, (rows naming a proxy, all rows))."""
    rows = (0, 0)
    name = key.split("/")[1]
    source = SAMPLES / f"{name}.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    if key.startswith("forms/") and data.get("people"):
        data["people"], *rows = _few_people(tmp_path, Path(data["people"]).name, proxies=2, others=2)
    elif isinstance(data.get("people"), str):
        data["people"] = str((source.parent / data["people"]).resolve())
    target = tmp_path / source.name
    target.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return target, tuple(rows)


def run(capsys, *argv) -> tuple[int, str]:
    """``docengine ARGV`` in this process, as the console script runs it: (exit code, stdout + stderr)."""
    from docengine.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(list(argv))
        raise SystemExit(0)
    out = capsys.readouterr()
    return exit_.value.code or 0, out.out + out.err


def test_every_listed_set_has_a_sample_input():
    listed = CliRunner().invoke(cli, ["templates", "list"])
    assert listed.exit_code == 0, listed.output
    names = re.findall(r"^(?:letters|forms|notices)/(\S+)", listed.output, re.M)
    assert len(names) == len(SETS) >= 12
    assert sorted(n for n in names if not (SAMPLES / f"{n}.yaml").exists()) == []


@pytest.mark.parametrize("key", sorted(SETS))
def test_render_writes_every_format_of_the_set_from_its_sample(tmp_path, key):
    data, (named, total) = _sample(tmp_path, key)
    formats = ["pdf"] + (["docx"] if SETS[key].docx_template is not None else []) + (
        ["xlsx"] if key in XLSX_SETS else [])
    args = ["--office", str(data_path("samples", "office.yaml")), "render", key.split("/")[1], "--data", str(data)]
    for fmt in formats:
        args += [f"--{fmt}", str(tmp_path / f"out.{fmt}")]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert f"wrote {tmp_path / 'out.pdf'}" in result.output

    text = re.sub(r"\s+", "", pdftotext(tmp_path / "out.pdf"))
    assert TITLE_WORDS.get(key, "") in text
    if key.startswith("letters/") and key != "letters/stamped":  # หนังสือประทับตรา has no เรื่อง line
        subject = yaml.safe_load(data.read_text(encoding="utf-8")).get("subject")
        if subject:
            assert re.sub(r"\s+", "", subject)[:12] in text
    if key.startswith("forms/"):
        # one filled copy per row; a proxy letter only for the rows that name an authorised person
        copies = named if key == "forms/proxy" else total
        assert copies >= 2 and f"{copies} forms" in result.output
    if "docx" in formats:
        doc = DocxDocument(tmp_path / "out.docx")
        body = "".join(p.text for p in doc.paragraphs) + "".join(
            c.text for t in doc.tables for row in t.rows for c in row.cells)
        assert TITLE_WORDS.get(key, "")[:6] in re.sub(r"\s+", "", body)
    if "xlsx" in formats:
        wb = load_workbook(tmp_path / "out.xlsx")
        cells = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
        assert len(cells) > 10


def test_render_a_list_reads_a_people_file_given_as_the_data(tmp_path, capsys):
    """--data people.csv stands for {people: people.csv} with every option at its default: a list
    of the sample people needs kind and fy, which the set's schema reports all at once."""
    code, output = run(capsys, "render", "beneficiary-list", "--data", str(data_path("samples", "people.csv")),
                       "--pdf", str(tmp_path / "l.pdf"))
    assert code == 1, output  # bad input (docs/exit-codes.md)
    assert "kind" in output and "fy" in output and "2 problems" in output
    assert "Traceback" not in output
    assert not (tmp_path / "l.pdf").exists()


def test_render_proxy_with_no_row_naming_a_proxy_is_a_clear_error(tmp_path, capsys):
    data = tmp_path / "proxy.yaml"
    people, _, _ = _few_people(tmp_path, "people.csv", proxies=0, others=2)
    data.write_text(f"fy: 2570\nallowance: elderly\nfiled_on: 2026-05-04\npeople: {people}\n", encoding="utf-8")
    code, output = run(capsys, "render", "proxy", "--data", str(data), "--pdf", str(tmp_path / "p.pdf"))
    assert code == 1, output
    assert "none of the 2 rows names an authorised person" in output
    assert "ไม่มีแถวใดระบุผู้รับมอบอำนาจ" in output
    assert not (tmp_path / "p.pdf").exists()


def test_render_refuses_a_format_the_set_does_not_have(tmp_path, capsys):
    data, _ = _sample(tmp_path, "notices/registration-pr")
    code, output = run(capsys, "render", "registration-pr", "--data", str(data),
                       "--pdf", str(tmp_path / "a.pdf"), "--xlsx", str(tmp_path / "a.xlsx"))
    assert code == 1, output
    assert "has no XLSX version" in output and "ไม่มีแฟ้ม XLSX" in output
    assert not (tmp_path / "a.pdf").exists()  # all or nothing


def test_a_manifest_may_name_only_docengine_context_builders(tmp_path):
    from docengine.render.templateset import TemplateSetError, _builder

    with pytest.raises(TemplateSetError):
        _builder("docengine.io:write_all", tmp_path / "manifest.yaml")  # a docengine function, not a builder
    assert _builder("docengine.forms.context:build", tmp_path / "manifest.yaml").__docengine_context_builder__
