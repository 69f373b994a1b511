"""Issue 14 item 1, formula injection: user text that starts with = + - @ (or tab, CR) goes
into every workbook as text, never as a live formula.

The command succeeds here (a name may start with anything); the assertion is on the cells:
each hostile value is read back with openpyxl as data_type "s" with the same text, and the only
formulas in the file are docengine's own totals (=SUM(...) in a totals row).
"""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from hostile.harness import LIMIT_MB
from hostile.harness import run as bounded_run

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "samples"
HYPERLINK = '=HYPERLINK("http://x","y")'
DDE = "=cmd|' /C calc'!A0"


def run(args, **kw):
    """These commands succeed and do real work (render a list, a report): no hostile-case
    time bound, only a generous kill timer against a hang (the machine is shared)."""
    return bounded_run(args, timeout=600, **kw)


def ok(result):
    """The command succeeded (no time bound: these are ordinary runs, timed by the harness only)."""
    assert result.code == 0, result.output[-2000:]
    assert "Traceback" not in result.output
    assert result.peak_mb <= LIMIT_MB


def formulas(xlsx: Path) -> list[str]:
    """Every formula in the file, read from the sheet XML itself (not through openpyxl)."""
    import re

    with zipfile.ZipFile(xlsx) as z:
        return [f for n in z.namelist() if n.startswith("xl/worksheets/")
                for f in re.findall(r"<f>([^<]*)</f>", z.read(n).decode())]


def cells_holding(xlsx: Path, needle: str) -> list:
    wb = load_workbook(xlsx)
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if isinstance(c.value, str) and needle in c.value]


def assert_text_only(xlsx: Path, value: str, *, at_least: int = 1) -> None:
    found = cells_holding(xlsx, value)
    assert len(found) >= at_least, f"{value!r} not in {xlsx.name}"
    for cell in found:
        assert cell.data_type == "s", (cell.coordinate, cell.data_type)
    assert all(f.startswith("SUM(") for f in formulas(xlsx)), formulas(xlsx)


def people_file(tmp_path: Path, source: Path, **changes) -> Path:
    with source.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    for (field, value), row in zip(changes.items(), rows):
        row[field] = value
    out = tmp_path / "people.csv"
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return out


def test_people_file_title_and_name_on_the_list(tmp_path):
    data = people_file(tmp_path, SAMPLES / "people.csv", title=HYPERLINK, first_name="@SUM(1+1)*cmd",
                       last_name="+1-1")
    xlsx = tmp_path / "list.xlsx"
    ok(run(["notices", "beneficiary-list", "--kind", "elderly", "--fy", "2570", "--data", str(data),
            "--pdf", str(tmp_path / "list.pdf"), "--xlsx", str(xlsx)]))
    assert_text_only(xlsx, HYPERLINK)
    assert_text_only(xlsx, "@SUM(1+1)*cmd")


def test_lao_column_on_the_count_rollup(tmp_path):
    data = people_file(tmp_path, SAMPLES / "people-laos.csv", lao=HYPERLINK)
    xlsx = tmp_path / "counts.xlsx"
    ok(run(["reports", "counts", "--kind", "elderly", "--fy", "2570", "--data", str(data),
            "--pdf", str(tmp_path / "counts.pdf"), "--xlsx", str(xlsx)]))
    assert_text_only(xlsx, HYPERLINK)


@pytest.fixture
def register(tmp_path):
    from docengine.register import open_register

    url = f"sqlite:///{tmp_path / 'r.sqlite3'}"
    open_register(url)  # created explicitly, as `register init` would
    return {"DOCENGINE_DB": url}


def test_register_from_and_subject(tmp_path, register):
    ok(run(["receive", "--agency", "ชม 52101", "--number", "ชม 0023.3/ว 63", "--date", "2 ม.ค. 2567", "--from", DDE,
            "--subject", HYPERLINK, "--at", "2024-01-08T09:00"], cwd=tmp_path, env=register))
    ok(run(["receive", "--agency", "ชม 52101", "--number", "-2+3", "--date", "3 ม.ค. 2567", "--from", "\tอำเภอฝาง",
            "--subject", "\r=1+1", "--at", "2024-01-08T10:00"], cwd=tmp_path, env=register))
    xlsx = tmp_path / "receive.xlsx"
    ok(run(["register", "print", "--book", "receive", "--from", "2024-01-01", "--to", "2024-01-31",
            "--xlsx", str(xlsx)], cwd=tmp_path, env=register))
    for value in (DDE, HYPERLINK, "-2+3", "\tอำเภอฝาง"):
        assert_text_only(xlsx, value)


def test_egif_subject(tmp_path, register):
    from register_helpers import LETTER

    data = tmp_path / "letter.yaml"
    data.write_text(yaml.safe_dump({**LETTER, "subject": HYPERLINK}, allow_unicode=True), encoding="utf-8")
    r = run(["letter", "issue", "--data", str(data), "--pdf", str(tmp_path / "letter.pdf"), "--json"],
            cwd=tmp_path, env=register)
    ok(r)
    letter = json.loads(r.stdout)
    xml = tmp_path / "letter.xml"
    ok(run(["letter", "export-egif", str(letter["id"]), "--out", str(xml)], cwd=tmp_path, env=register))
    assert HYPERLINK.replace('"', "&quot;") in xml.read_text() or HYPERLINK in xml.read_text()
    ok(run(["letter", "import-egif", str(xml), "--as", "ชม 0023.05", "--out", str(tmp_path / "in.pdf"),
            "--at", "2024-01-11T10:00"], cwd=tmp_path, env=register))
    for book in ("receive", "send"):
        xlsx = tmp_path / f"{book}.xlsx"
        ok(run(["register", "print", "--book", book, "--from", "2024-01-01", "--to", "2024-01-31",
                "--agency", "ชม 0023.05" if book == "receive" else "ชม 52101", "--xlsx", str(xlsx)],
               cwd=tmp_path, env=register))
        assert_text_only(xlsx, HYPERLINK)
