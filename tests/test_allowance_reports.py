"""Counts, roll-ups and officials: the same records and the same people everywhere (issue 9).

Reads what users get: the PDF (pdftotext) and the XLSX (openpyxl).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from docengine.cli import main
from docengine.office import load_office
from docengine.resources import data_path
from docengine.thai import arabic_digits
from docengine.office import Office

from extract import pdftotext, squash

PEOPLE = data_path("samples", "people.csv")
LAOS = data_path("samples", "people-laos.csv")
DISABLED = data_path("samples", "people-disability.csv")


def counts(tmp: Path, data: Path, kind: str = "elderly") -> tuple[Path, Path]:
    pdf, xlsx = tmp / f"{data.stem}-{kind}.pdf", tmp / f"{data.stem}-{kind}.xlsx"
    main(["reports", "counts", "--kind", kind, "--fy", "2570", "--data", str(data), "--pdf", str(pdf),
          "--xlsx", str(xlsx), "--date", "2026-12-01"])
    return pdf, xlsx


def total_row(xlsx: Path) -> tuple:
    rows = list(load_workbook(xlsx, data_only=True).worksheets[0].iter_rows(values_only=True))
    return next(r for r in rows if r[0] == "รวมทั้งสิ้น")


def split_by_lao(tmp: Path) -> dict[str, Path]:
    with LAOS.open(encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        rows, fields = list(reader), [f for f in reader.fieldnames if f != "lao"]
    files = {}
    for lao in sorted({r["lao"] for r in rows}):
        path = tmp / f"lao-{len(files)}.csv"
        with path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=fields, extrasaction="ignore")
            w.writeheader()
            w.writerows(r for r in rows if r["lao"] == lao)
        files[lao] = path
    return files


@pytest.fixture(scope="module")
def rollup(tmp_path_factory):
    return counts(tmp_path_factory.mktemp("rollup"), LAOS)


def test_rollup_rows_equal_each_lao_report(rollup, tmp_path):
    """Every roll-up row (ผส.๒) equals the total row of that LAO's own report (ผส.๑)."""
    _, xlsx = rollup
    rows = {r[2]: r for r in load_workbook(xlsx, data_only=True).worksheets[0].iter_rows(min_row=3, values_only=True) if r[2]}
    per_lao = split_by_lao(tmp_path)
    assert set(rows) == set(per_lao) and len(rows) == 5
    for lao, data in per_lao.items():
        own = total_row(counts(tmp_path, data)[1])
        # own: label, None, existing, new, total, monthly, annual; roll-up: ..., existing sum at 7,
        # new sum at 12, then total, monthly, annual
        assert (rows[lao][7], rows[lao][12], *rows[lao][-3:]) == tuple(own[2:7]), lao


def test_demo_data_is_one_data_set(rollup, tmp_path):
    """The LAO's own ผส.๑ (people.csv) and its row in the roll-up agree (they said 300 vs 50)."""
    pdf, xlsx = counts(tmp_path, PEOPLE)
    own = total_row(xlsx)
    pdf_total = next(line for line in pdftotext(pdf, layout=True).splitlines() if "รวมทั้งสิ้น" in line)
    assert [int(n) for n in arabic_digits(pdf_total).replace(",", "").split()[1:]] == list(own[2:7])
    rows = {r[2]: r for r in load_workbook(rollup[1], data_only=True).worksheets[0].iter_rows(min_row=3, values_only=True) if r[2]}
    assert rows["เทศบาลตำบลสันทราย"][-3] == own[4] == 300


def test_rollup_is_certified_by_the_rollup_levels_official(rollup, tmp_path):
    office = Office.sample()
    text = pdftotext(rollup[0], layout=True)
    district = office.official("district_official")
    assert f"({district['name']})" in text and "ตำแหน่ง ท้องถิ่นอำเภอฝาง" in text
    assert office.official("executive")["name"] not in text and "นายกเทศมนตรี" not in text
    assert "อำเภอฝาง จังหวัดเชียงใหม่" in text
    # LAOs in two districts: the province's roll-up, certified by the ท้องถิ่นจังหวัด
    with LAOS.open(encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    moved = [lines[0]] + [re.sub(",ฝาง,", ",แม่อาย,", line) if "ม่อนปิ่น" in line.split(",")[-1] else line
                          for line in lines[1:]]
    two = tmp_path / "two-districts.csv"
    two.write_text("\n".join(moved) + "\n", encoding="utf-8")
    text = pdftotext(counts(tmp_path, two)[0], layout=True)
    province = office.official("province_official")
    assert f"({province['name']})" in text and "ท้องถิ่นจังหวัดเชียงใหม่" in text
    assert district["name"] not in text


def test_disability_report_states_its_age_date_and_counts_the_lists_under_18s(tmp_path):
    pdf, xlsx = counts(tmp_path, DISABLED, "disability")
    text = squash(pdftotext(pdf, layout=True))
    assert "อายุนับถึงวันที่๑ตุลาคม๒๕๖๙" in text
    under18 = next(r for r in load_workbook(xlsx, data_only=True).worksheets[0].iter_rows(values_only=True)
                   if str(r[0]).startswith("ต่ำกว่า"))
    listed = tmp_path / "list.xlsx"
    main(["notices", "beneficiary-list", "--kind", "disability", "--fy", "2570", "--data", str(DISABLED),
          "--pdf", str(tmp_path / "list.pdf"), "--xlsx", str(listed), "--date", "2026-12-01"])
    wb = load_workbook(listed, data_only=True)
    young = {}
    for name in ("รายเดิม", "รายใหม่"):
        young[name] = sum(1 for r in wb[name].iter_rows(min_row=3, values_only=True)
                          if isinstance(r[4], int) and r[4] < 18)
    assert (under18[2], under18[3]) == (young["รายเดิม"], young["รายใหม่"])
    assert "อายุนับถึงวันที่๑ตุลาคม๒๕๖๙" in squash(pdftotext(tmp_path / "list.pdf"))


def test_one_set_of_officials_in_every_demo_document(tmp_path):
    """Every signer, certifier and committee member of the LAO's documents is in the office file."""
    main(["demo", "--out", str(tmp_path / "demo")])
    office = Office.sample()
    known = {p["name"] for p in office.officials().values()}
    seen: dict[str, set[str]] = {}
    others: set[str] = set()  # signers of the ministry's, province's and district's letters
    for pdf in sorted((tmp_path / "demo").glob("*/*.pdf")):
        text = pdftotext(pdf, layout=True)
        names = re.findall(r"\(\s*((?:นาย|นางสาว|นาง)[^\s()]+ [^\s()]+)\s*\)", text)
        if pdf.name in ("external.pdf", "external-long.pdf") or (pdf.parent.name == "chain" and pdf.name[:2] in ("1-", "3-", "5-")):
            others.update(names)
            continue
        for name in names:
            seen.setdefault(name, set()).add(pdf.name)
    # what is left are the applicants' own names on their forms and letters
    own = {"elderly-registration-2566-filled.pdf", "elderly-registration-old-filled.pdf",
           "disability-registration-filled.pdf", "proxy-filled.pdf"}
    strangers = {p: files for p, files in seen.items()
                 if p not in known | others and not files <= own}
    assert not strangers
    mayor = office.official("executive")["name"]
    assert {"order.pdf", "announcement.pdf", "memo.pdf", "counts-elderly.pdf"} <= seen[mayor]
    for member in office.committee():
        assert "elderly-registration-2566-filled.pdf" in seen[member["name"]]
