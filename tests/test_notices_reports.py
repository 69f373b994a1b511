"""Count reports, PR notice and citizen's manual as users get them."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "docengine", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def expected_money(path: Path, kind: str, fy: int = 2570) -> dict[str, list[int]]:
    """Per LAO (or ''): [people, existing, new, monthly baht, yearly baht], from the allowance rules."""
    from docengine.allowance import AllowanceError, monthly_rate
    from docengine.records.people import read_people

    people = read_people(path, fy=fy, kind=kind, purpose="rollup" if "laos" in path.name else "list")
    months = [date(2026 + (m < 10), m, 1) for m in (10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9)]
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for p in people:
        rates = []
        for m in months:
            try:
                rates.append(monthly_rate(kind, p.birth, on=m))
            except AllowanceError:
                rates.append(0)
        paid = [r for r in rates if r]
        row = out[p.lao or ""]
        row[0] += 1
        row[1 if p.status == "รายเดิม" else 2] += 1
        row[3] += paid[0]
        row[4] += sum(rates)
    return dict(out)


@pytest.fixture(scope="module")
def rollup(tmp_path_factory):
    out = tmp_path_factory.mktemp("rollup")
    pdf, xlsx = out / "r.pdf", out / "r.xlsx"
    res = run_cli("reports", "counts", "--kind", "elderly", "--fy", "2570", "--data", str(SAMPLES / "people-laos.csv"),
                  "--pdf", str(pdf), "--xlsx", str(xlsx))
    assert res.returncode == 0, res.stderr
    return pdf, xlsx


def test_rollup_rows_equal_per_lao_sums_and_total(rollup):
    from openpyxl import load_workbook

    pdf, xlsx = rollup
    expected = expected_money(SAMPLES / "people-laos.csv", "elderly")
    ws = load_workbook(xlsx, data_only=True).worksheets[0]  # totals: the cached values of their SUMs
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    lao_rows = {r[2]: r for r in rows if r[2]}
    assert set(lao_rows) == set(expected)
    for lao, (people, existing, new, monthly, yearly) in expected.items():
        r = lao_rows[lao]
        assert (r[-3], r[-2], r[-1]) == (people, monthly, yearly), lao
        assert r[7] == existing and r[12] == new
        assert sum(r[3:7]) == existing and sum(r[8:12]) == new
    total = rows[-1]
    assert total[0] == "รวมทั้งสิ้น"
    for col in range(3, len(total)):
        assert total[col] == sum(r[col] for r in lao_rows.values())
    text = pdf_text(pdf)
    grand = sum(v[4] for v in expected.values())
    assert f"{grand:,}".translate(THAI) in text
    assert "ผู้จัดทำข้อมูล" in text and "ผู้รับรองความถูกต้อง" in text and "ผส.๒" in text


def test_single_lao_disability_report(tmp_path):
    from openpyxl import load_workbook

    pdf, xlsx = tmp_path / "d.pdf", tmp_path / "d.xlsx"
    data = SAMPLES / "people-disability.csv"
    res = run_cli("reports", "counts", "--kind", "disability", "--fy", "2570", "--data", str(data),
                  "--pdf", str(pdf), "--xlsx", str(xlsx))
    assert res.returncode == 0, res.stderr
    people, existing, new, monthly, yearly = expected_money(data, "disability")[""]
    rows = list(load_workbook(xlsx, data_only=True).worksheets[0].iter_rows(min_row=3, values_only=True))
    assert rows[-1][2:] == (existing, new, people, monthly, yearly)
    assert [r[0] for r in rows[:-1]] == ["ต่ำกว่า 18 ปี", "18 ปีขึ้นไป"]
    text = pdf_text(pdf)
    assert "พก.๑" in text and f"{yearly:,}".translate(THAI) in text
    with subprocess.Popen(["pdfinfo", str(pdf)], stdout=subprocess.PIPE, text=True) as p:
        info = p.stdout.read()
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert width > height  # A4 landscape


def test_registration_pr_computes_window_and_cohort(tmp_path):
    import docx

    pdf, out_docx = tmp_path / "pr.pdf", tmp_path / "pr.docx"
    res = run_cli("notices", "registration-pr", "--kind", "elderly", "--fy", "2570", "--pdf", str(pdf),
                  "--docx", str(out_docx))
    assert res.returncode == 0, res.stderr
    text = re.sub(r"\s+", " ", pdf_text(pdf))
    cohort = "ผู้ที่เกิดตั้งแต่วันที่ ๒ กันยายน ๒๕๐๙ ถึงวันที่ ๑ กันยายน ๒๕๑๐"
    window = ("ตั้งแต่วันพุธที่ ๑ ตุลาคม ๒๕๖๘ ถึงวันอาทิตย์ที่ ๓๐ พฤศจิกายน ๒๕๖๘ "
              "และตั้งแต่วันพฤหัสบดีที่ ๑ มกราคม ๒๕๖๙ ถึงวันพุธที่ ๓๐ กันยายน ๒๕๖๙")  # from the calendar
    for needle in (cohort, window, "ประจำปีงบประมาณ พ.ศ. ๒๕๗๐", "เทศบาลตำบลสันทราย", "ชม ๕๐๑๑๐"):
        assert needle in text
    assert "{" not in text and not re.search(r"[0-9]", text.replace("santhai.go.th", ""))
    # the DOCX keeps dates whole with no-break spaces (docengine.render.docx.glue_protected_spaces)
    words = " ".join(p.text for p in docx.Document(out_docx).paragraphs).replace("\u00a0", " ")
    assert cohort in words and window in words


def test_citizen_manual_speaks_for_one_lao(tmp_path):
    pdf = tmp_path / "m.pdf"
    res = run_cli("notices", "citizen-manual", "--kind", "elderly", "--fy", "2570", "--pdf", str(pdf))
    assert res.returncode == 0, res.stderr
    text = re.sub(r"\s+", " ", pdf_text(pdf))
    assert "คู่มือสำหรับประชาชน" in text and "ขั้นตอน ระยะเวลา และส่วนงานที่รับผิดชอบ" in text
    assert "เทศบาลตำบลสันทราย อำเภอฝาง จังหวัดเชียงใหม่ กระทรวงมหาดไทย" in text
    districts = set(re.findall(r"อำเภอ(\S+)", text))
    assert districts == {"ฝาง"}
    assert "- ๒ -" in text and "พ.ศ. ๒๕๖๖" in text


def test_reports_bad_data_writes_nothing(tmp_path):
    rows = (SAMPLES / "people-laos.csv").read_text(encoding="utf-8").splitlines()[:5]
    rows[3] = rows[3].replace("รายเดิม", "ไม่ทราบ")
    data = tmp_path / "bad.csv"
    data.write_text("\n".join(rows) + "\n", encoding="utf-8")
    pdf = tmp_path / "c.pdf"
    res = run_cli("reports", "counts", "--kind", "elderly", "--fy", "2570", "--data", str(data), "--pdf", str(pdf))
    assert res.returncode != 0 and "row 3" in res.stderr and "Traceback" not in res.stderr
    assert not pdf.exists()
