"""Beneficiary lists as users get them: read back from the PDF and XLSX, checked against the input."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "samples" / "people.csv"
THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def th(text) -> str:
    return str(text).translate(THAI)


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "docengine", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)


def sample_rows(path: Path = SAMPLE) -> list[dict]:
    with path.open(encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def compact(cid: str) -> str:
    return re.sub(r"\D", "", cid)


def masked(cid: str) -> str:
    """The public form, written independently of docengine: last four digits shown."""
    d = compact(cid)
    return th(f"X-XXXX-XXXX{d[9]}-{d[10:12]}-{d[12]}")


def page_texts(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    return out.split("\f")[:-1]


@pytest.fixture(scope="module")
def public_list(tmp_path_factory):
    out = tmp_path_factory.mktemp("list")
    pdf, xlsx = out / "list.pdf", out / "list.xlsx"
    res = run_cli("notices", "beneficiary-list", "--kind", "elderly", "--fy", "2570", "--data", str(SAMPLE),
                  "--pdf", str(pdf), "--xlsx", str(xlsx), "--date", "2026-12-20")
    assert res.returncode == 0, res.stderr
    return pdf, xlsx


def test_masked_ids_present_and_no_full_id_phone_or_account(public_list):
    pdf, _ = public_list
    text = "\n".join(page_texts(pdf))
    flat = re.sub(r"[\s-]", "", text)
    for row in sample_rows():
        assert masked(row["citizen_id"]) in text
        d = compact(row["citizen_id"])
        assert d not in flat and th(d) not in flat
        for secret in (row["phone"], row["account_no"]):
            if secret:
                s = compact(secret)
                assert s not in flat and th(s) not in flat
    assert "ฉบับเผยแพร่" in text and "ฉบับใช้ภายใน" not in text


def test_counts_and_total_match_the_input(public_list):
    pdf, _ = public_list
    rows = sample_rows()
    existing = sum(r["status"] == "รายเดิม" for r in rows)
    new = sum(r["status"] == "รายใหม่" for r in rows)
    last = page_texts(pdf)[-1]
    squeeze = re.sub(r"\s+", " ", last)
    assert f"รายเดิม {th(f'{existing:,}')} คน" in squeeze
    assert f"รายใหม่ {th(f'{new:,}')} คน" in squeeze
    assert f"ทั้งสิ้น {th(f'{existing + new:,}')} คน" in squeeze
    assert "ผู้รับรองความถูกต้อง" in last and "ประกาศ ณ วันที่ ๒๐ ธันวาคม พ.ศ. ๒๕๖๙" in squeeze


def test_every_page_has_header_and_thai_page_number(public_list):
    import pdfplumber

    pdf, _ = public_list
    texts = page_texts(pdf)
    n = len(texts)
    assert n >= 3
    for i, text in enumerate(texts, 1):
        assert f"หน้า {th(i)} / {th(n)}" in text
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            # pdfplumber ignores /ActualText: sara am comes out decomposed
            words = [{**w, "text": w["text"].replace("\u0e4d\u0e32", "ำ")} for w in page.extract_words()]
            # the table header row: the topmost "ลำดับ" on the page, with the other headings on its line
            heads = [w for w in words if w["text"] == "ลำดับ"]
            if page.page_number == n and not heads:
                continue  # the last page may hold only the counts and certification
            assert heads, f"no header row on page {page.page_number}"
            top = min(h["top"] for h in heads)
            line = " ".join(w["text"] for w in words if abs(w["top"] - top) < 3)
            assert "เลขประจำตัวประชาชน" in line and "หมายเหตุ" in line, line


def test_rows_are_whole_and_names_exact(public_list):
    """Each person's number, name and masked ID share one printed line on one page."""
    pdf, _ = public_list
    lines_by_page = [t.splitlines() for t in page_texts(pdf)]
    for row in sample_rows():
        name = f"{row['title']}{row['first_name']} {row['last_name']}"
        hits = [ln for lines in lines_by_page for ln in lines if name in ln and masked(row["citizen_id"]) in ln]
        assert len(hits) == 1, name
    # names with sara am and tone marks survive the text layer of the merged chunks
    assert any("คำ" in r["first_name"] + r["last_name"] for r in sample_rows())


def test_xlsx_values(public_list):
    from openpyxl import load_workbook

    _, xlsx = public_list
    wb = load_workbook(xlsx, read_only=True, data_only=True)
    rows = sample_rows()
    summary = [r for r in wb["สรุป"].iter_rows(values_only=True)]
    assert summary[-1][:2] == ("รวมทั้งสิ้น", len(rows))
    existing = [r for r in wb["รายเดิม"].iter_rows(min_row=4, values_only=True)]
    assert len(existing) == sum(r["status"] == "รายเดิม" for r in rows)
    assert existing[0][0] == 1 and existing[-1][0] == len(existing)
    ids = {r[2] for r in existing}
    assert all(i.startswith("X-XXXX-XXXX") for i in ids)


def test_full_ids_only_with_the_flag_and_said_visibly(tmp_path):
    pdf = tmp_path / "internal.pdf"
    data = ROOT / "data" / "samples" / "people-disability.csv"
    res = run_cli("notices", "beneficiary-list", "--kind", "disability", "--fy", "2570", "--data", str(data),
                  "--pdf", str(pdf), "--full-ids")
    assert res.returncode == 0, res.stderr
    assert "do not publish" in res.stderr
    texts = page_texts(pdf)
    text = "\n".join(texts)
    for row in sample_rows(data):
        d = compact(row["เลขประจำตัวประชาชน"])  # this sample uses the Thai headers
        assert th(f"{d[0]}-{d[1:5]}-{d[5:10]}-{d[10:12]}-{d[12]}") in text
    assert all("ฉบับใช้ภายใน ห้ามเผยแพร่" in t for t in texts)
    assert "ห้ามเผยแพร่ต่อสาธารณะ" in texts[0]


def test_bad_input_lists_every_problem_and_writes_nothing(tmp_path):
    rows = SAMPLE.read_text(encoding="utf-8").splitlines()
    bad = rows[:4]
    bad[1] = bad[1].replace(bad[1].split(",")[0], "3-5009-93720-26-0", 1)  # wrong check digit
    bad[2] = bad[2].replace(bad[2].split(",")[4], "31/02/2510", 1)  # impossible date
    data = tmp_path / "bad.csv"
    data.write_text("\n".join(bad) + "\n", encoding="utf-8")
    pdf, xlsx = tmp_path / "out.pdf", tmp_path / "out.xlsx"
    res = run_cli("notices", "beneficiary-list", "--kind", "elderly", "--fy", "2570", "--data", str(data),
                  "--pdf", str(pdf), "--xlsx", str(xlsx))
    assert res.returncode != 0
    assert "2 problems" in res.stderr and "row 1" in res.stderr and "row 2" in res.stderr
    assert "Traceback" not in res.stderr
    assert not pdf.exists() and not xlsx.exists()
    assert not list(tmp_path.glob(".out*"))


def test_bad_fiscal_year_is_refused(tmp_path):
    pdf = tmp_path / "x.pdf"
    res = run_cli("notices", "beneficiary-list", "--kind", "elderly", "--fy", "2027", "--data", str(SAMPLE),
                  "--pdf", str(pdf))
    assert res.returncode != 0 and "Traceback" not in res.stderr
    assert not pdf.exists()


@pytest.mark.parametrize("given, shown", [("1 มิ.ย. 2569", "๑ มิถุนายน พ.ศ. ๒๕๖๙"),
                                          ("2026-06-01", "๑ มิถุนายน พ.ศ. ๒๕๖๙")])
def test_announcement_date_is_taken_as_iso_or_thai(tmp_path, given, shown):
    """--date goes through the one date type (docs/cli.md): ISO or Thai BE, as everywhere."""
    pdf = tmp_path / "l.pdf"
    res = run_cli("notices", "beneficiary-list", "--kind", "elderly", "--fy", "2570", "--data", str(SAMPLE),
                  "--pdf", str(pdf), "--date", given)
    assert res.returncode == 0, res.stderr
    assert f"ประกาศ ณ วันที่ {shown}" in " ".join(page_texts(pdf)[-1].split())


def test_a_buddhist_era_year_in_an_iso_date_is_refused(tmp_path):
    pdf = tmp_path / "l.pdf"
    res = run_cli("notices", "beneficiary-list", "--kind", "elderly", "--fy", "2570", "--data", str(SAMPLE),
                  "--pdf", str(pdf), "--date", "2569-06-01")
    assert res.returncode == 1 and "Traceback" not in res.stderr, res.stderr
    assert "--date" in res.stderr and re.search("[ก-๙]", res.stderr)
    assert not pdf.exists()


from hypothesis import given, strategies as st  # noqa: E402

from docengine.notices.beneficiaries import count_text  # noqa: E402
from docengine.thai import arabic_digits  # noqa: E402


@given(st.integers(min_value=0, max_value=20_000_000), st.sampled_from(["thai", "arabic"]))
def test_counts_keep_thousands_separators(n, digits):
    """The list's closing counts group digits by thousands: ๑,๔๐๐ คน (review mutant M6 dropped the commas)."""
    text = count_text(n, digits)
    assert re.fullmatch(r"\d{1,3}(,\d{3})*", arabic_digits(text))
    assert int(arabic_digits(text).replace(",", "")) == n
    assert set(text) <= set("๐๑๒๓๔๕๖๗๘๙," if digits == "thai" else "0123456789,")
