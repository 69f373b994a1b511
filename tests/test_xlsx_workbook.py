"""Every XLSX works as a spreadsheet: read back with openpyxl (cell types, number formats,
formulas and their cached values, merged titles, frozen panes, print set-up) and, once, through
LibreOffice (what a clerk sees printed)."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from docengine.render.workbook import (DATE_FORMAT, FORMULA_START, Column, Heading, Sheet, Total, sheet_name,
                                       text_width, workbook_bytes)
from extract import office_pdfs, pdftotext

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "docengine", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=180)


def books(blob: bytes):
    """(formulas, cached values) views of one workbook."""
    return load_workbook(io.BytesIO(blob)), load_workbook(io.BytesIO(blob), data_only=True)


def sample_sheet(n: int = 3) -> Sheet:
    cols = [Column("ลำดับ", "int"), Column("ชื่อ – สกุล"), Column("เลขประจำตัวประชาชน", "id"),
            Column("ลงวันที่", "date"), Column("จำนวน (คน)", "int", total=True),
            Column("เงิน (บาท)", "money", total=True)]
    rows: list = [Heading("กลุ่มที่ ๑")]
    rows += [[i, f"นายทดสอบ คนที่{i}", f"3-5009-0000{i % 10}-00-1", date(2024, 1, i % 28 + 1), "๑๒", 1200 * i]
             for i in range(1, n + 1)]
    rows.append(Total("รวมทั้งสิ้น"))
    return Sheet("ตัวอย่าง", "บัญชีทดสอบ ประจำปีงบประมาณ พ.ศ. 2570", cols, rows, notes=["ฉบับเผยแพร่"],
                 footer="เทศบาลตำบลสันทราย")


def test_cells_are_typed_and_formatted():
    wb, values = books(workbook_bytes([sample_sheet()]))
    ws = wb.active
    assert ws["A4"].value == "กลุ่มที่ 1"  # a heading row: Arabic digits in cells
    assert (ws["A5"].value, ws["A5"].data_type) == (1, "n")
    assert ws["B5"].data_type == "s"
    assert (ws["C5"].value, ws["C5"].data_type, ws["C5"].number_format) == ("3-5009-00001-00-1", "s", "@")
    assert ws["D5"].is_date and ws["D5"].value == datetime(2024, 1, 2) and ws["D5"].number_format == DATE_FORMAT
    assert (ws["E5"].value, ws["E5"].number_format) == (12, "#,##0")  # "๑๒" became the number 12
    assert (ws["F7"].value, ws["F7"].number_format) == (3600, "#,##0")


def test_totals_are_sum_formulas_with_cached_values():
    wb, values = books(workbook_bytes([sample_sheet()]))
    assert wb.active["E8"].value == "=SUM(E5:E7)" and wb.active["F8"].value == "=SUM(F5:F7)"
    assert values.active["E8"].value == 36 and values.active["F8"].value == 7200
    assert "E8" not in {c for r in wb.active.merged_cells.ranges for c in (r.coord,)}
    assert "A8:D8" in {str(r) for r in wb.active.merged_cells.ranges}  # the label spans the leading columns
    assert wb.calculation.fullCalcOnLoad


def test_subtotals_and_grand_total_of_subtotals():
    cols = [Column("อำเภอ"), Column("คน", "int", total=True)]
    rows = [["ก", 1], ["ข", 2], Total("รวม ๑"), ["ค", 4], Total("รวม ๒"), Total("รวมทั้งสิ้น", of="totals")]
    wb, values = books(workbook_bytes([Sheet("s", "t", cols, rows)]))
    ws = wb.active
    assert [ws[f"B{r}"].value for r in (5, 7, 8)] == ["=SUM(B3:B4)", "=SUM(B6:B6)", "=SUM(B5,B7)"]
    assert [values.active[f"B{r}"].value for r in (5, 7, 8)] == [3, 4, 7]


def test_title_merged_freeze_print_setup():
    wb, _ = books(workbook_bytes([sample_sheet()]))
    ws = wb.active
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:F1", "A2:F2", "A4:F4"} <= merged  # title, note, heading row
    assert ws.freeze_panes == "A4"  # under the header row (row 3)
    assert ws.print_title_rows == "$3:$3"
    assert ws.page_setup.paperSize == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0
    assert "๒๕๗๐" in ws.oddHeader.center.text  # Thai digits in the print header
    assert "หน้า &P จาก &N" in ws.oddFooter.center.text
    assert "เทศบาลตำบลสันทราย" in ws.oddFooter.left.text


def test_column_widths_fit_content():
    ws = load_workbook(io.BytesIO(workbook_bytes([sample_sheet()]))).active
    widths = {c: ws.column_dimensions[c].width for c in "ABCDEF"}
    assert widths["B"] > widths["A"] and widths["C"] > widths["E"]
    assert widths["B"] >= text_width("นายทดสอบ คนที่3")
    assert all(5 <= w <= 62 for w in widths.values())


def test_wide_sheets_print_landscape():
    cols = [Column(f"คอลัมน์ที่ {i} มีหัวยาวมากพอสมควร") for i in range(12)]
    ws = load_workbook(io.BytesIO(workbook_bytes([Sheet("w", "t", cols, [["ข้อความยาวพอสมควร"] * 12])]))).active
    assert ws.page_setup.orientation == "landscape"
    assert load_workbook(io.BytesIO(workbook_bytes([sample_sheet()]))).active.page_setup.orientation == "portrait"


def test_thai_marks_take_no_width():
    assert text_width("ผู้สูงอายุ") == text_width("ผสงอาย")
    assert text_width("ปี่") == text_width("ป")
    assert text_width("ก" * 20) > text_width("ก" * 10) * 1.9


@pytest.mark.parametrize("start", FORMULA_START)
def test_text_that_looks_like_a_formula_stays_text(start):
    value = f'{start}HYPERLINK("http://x","y")'
    cols = [Column("ชื่อ"), Column("เลข", "id"), Column("จำนวน", "int")]
    blob = workbook_bytes([Sheet(value, value, cols, [[value, value, value], [Heading(value)][0]])])
    ws = load_workbook(io.BytesIO(blob)).active
    for ref in ("A1", "A3", "B3", "C3", "A4"):
        assert ws[ref].data_type == "s" and ws[ref].value == value, ref
        assert ws[ref].quotePrefix, ref
    assert b"<f>" not in blob  # no formula anywhere (also checked in the zip below)
    import zipfile

    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        assert not any("<f>" in z.read(n).decode() for n in z.namelist() if n.endswith(".xml"))


def test_control_characters_are_refused_with_a_bilingual_error():
    from docengine.errors import DocengineError

    with pytest.raises(DocengineError) as exc:
        workbook_bytes([Sheet("s", "t", [Column("ชื่อ")], [["นาย\x01ก"]])])
    assert exc.value.th and exc.value.en


WORDS = ["บัญชี", "รายชื่อ", "ผู้สูงอายุ", "ประจำปี", "ทะเบียน", "หนังสือ", "2570", "abc"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(WORDS + [" "]), min_size=1, max_size=14))
def test_sheet_names_are_whole_words_within_31(parts):
    text = "".join(parts)
    clean = " ".join(text.split())
    name = sheet_name(text)
    assert 0 < len(name) <= 31 and (clean.startswith(name) or not clean)
    if clean and name != clean:
        rest = clean[len(name):].lstrip()
        assert any(rest.startswith(w) for w in WORDS), (name, rest)  # the next word starts whole
        assert any(name.rstrip().endswith(w) for w in WORDS), (name, rest)  # and the last kept ends whole


def test_sheet_names_drop_forbidden_characters():
    assert sheet_name("ก/ข:[ค]*?\\ง") == "ก ข ค ง"
    assert len(sheet_name("ทะเบียนหนังสือรับ เทศบาลตำบลสันทราย อำเภอฝาง")) <= 31


def test_sheet_names_unique():
    blob = workbook_bytes([Sheet("รายเดิม", "t", [Column("a")]), Sheet("รายเดิม", "t", [Column("a")])])
    assert load_workbook(io.BytesIO(blob)).sheetnames == ["รายเดิม", "รายเดิม (2)"]


# --- the workbooks the commands write ------------------------------------------------------------------


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    out = tmp_path_factory.mktemp("xlsx")
    res = run_cli("notices", "beneficiary-list", "--kind", "elderly", "--fy", "2570", "--data",
                  str(SAMPLES / "people.csv"), "--pdf", str(out / "list.pdf"), "--xlsx", str(out / "list.xlsx"),
                  "--date", "2026-12-20")
    assert res.returncode == 0, res.stderr
    res = run_cli("notices", "beneficiary-list", "--kind", "disability", "--fy", "2570", "--data",
                  str(SAMPLES / "people-disability.csv"), "--pdf", str(out / "internal.pdf"), "--xlsx",
                  str(out / "internal.xlsx"), "--full-ids")
    assert res.returncode == 0, res.stderr
    res = run_cli("reports", "counts", "--kind", "elderly", "--fy", "2570", "--data", str(SAMPLES / "people-laos.csv"),
                  "--pdf", str(out / "rollup.pdf"), "--xlsx", str(out / "rollup.xlsx"))
    assert res.returncode == 0, res.stderr
    return out


def test_list_workbook(outputs):
    wb = load_workbook(outputs / "list.xlsx")
    assert wb.sheetnames[0] == "สรุป"
    ws = wb[wb.sheetnames[1]]
    assert ws.freeze_panes == "A4" and ws.print_title_rows == "$3:$3"
    assert any(str(r).startswith("A1:F1") for r in ws.merged_cells.ranges)
    row = [c for c in ws[4]]
    assert row[0].data_type == "n" and row[2].data_type == "s" and row[2].value.startswith("X-XXXX-XXXX")
    assert row[3].data_type == "n" and 2400 < row[3].value < 2600 and row[3].number_format == "0"  # BE year
    summary = wb["สรุป"]
    last = summary.max_row
    assert summary.cell(last, 2).value.startswith("=SUM(")
    cached = load_workbook(outputs / "list.xlsx", data_only=True)["สรุป"].cell(last, 2).value
    assert cached == sum(ws.max_row - 3 for ws in wb.worksheets[1:])


def test_internal_list_has_real_birth_dates(outputs):
    wb = load_workbook(outputs / "internal.xlsx")
    dates = [r[3] for ws in wb.worksheets[1:] for r in ws.iter_rows(min_row=4)]
    assert dates and sum(c.is_date for c in dates) >= len(dates) // 2
    assert all(c.number_format == DATE_FORMAT for c in dates if c.is_date)


def test_full_id_list_labels_the_birth_date(outputs):
    """The internal list's column says วัน/เดือน/ปีเกิด over date cells; the public one ปีเกิด (พ.ศ.) over
    years (review mutant M9 labelled the dates a birth year)."""
    internal = load_workbook(outputs / "internal.xlsx")
    public = load_workbook(outputs / "list.xlsx")
    for wb, label, is_date in ((internal, "วัน/เดือน/ปีเกิด", True), (public, "ปีเกิด (พ.ศ.)", False)):
        ws = wb.worksheets[1]
        header = [c.value for c in ws[3]]
        col = header.index(label)
        assert sum(h in ("วัน/เดือน/ปีเกิด", "ปีเกิด (พ.ศ.)") for h in header) == 1
        cells = [row[col] for row in ws.iter_rows(min_row=4) if row[col].value is not None]
        assert cells and any(c.is_date for c in cells) == is_date


def test_rollup_workbook_formulas_match_the_pdf(outputs):
    wb, values = load_workbook(outputs / "rollup.xlsx"), load_workbook(outputs / "rollup.xlsx", data_only=True)
    ws, vs = wb.active, values.active
    last = ws.max_row
    assert ws.cell(last, 1).value == "รวมทั้งสิ้น"
    assert ws.cell(last, ws.max_column).value.startswith("=SUM(")
    grand = vs.cell(last, ws.max_column).value
    assert isinstance(grand, int) and grand > 0
    assert f"{grand:,}".translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")) in pdftotext(outputs / "rollup.pdf")
    assert ws.page_setup.orientation == "landscape"
    subtotal_rows = [r for r in range(3, last) if str(ws.cell(r, 1).value).startswith("รวมอำเภอ")]
    assert subtotal_rows and ws.cell(last, 4).value == "=SUM(" + ",".join(f"D{r}" for r in subtotal_rows) + ")"


def test_libreoffice_shows_be_dates_cached_totals_and_print_setup(tmp_path, outputs):
    """What a clerk sees: LibreOffice prints BE dates, the totals, the header on every page and
    the Thai footer; the roll-up prints landscape, one page wide."""
    long = sample_sheet(120)
    (tmp_path / "sample.xlsx").write_bytes(workbook_bytes([long]))
    pdfs = office_pdfs([tmp_path / "sample.xlsx", outputs / "rollup.xlsx"], tmp_path / "pdf")
    assert len(pdfs) == 2, "LibreOffice did not convert both workbooks"
    pages = pdftotext(pdfs[tmp_path / "sample.xlsx"]).split("\f")[:-1]
    assert len(pages) >= 2
    assert all("เลขประจำตัวประชาชน" in p for p in pages)  # header row repeated
    assert "2 ม.ค. 2567" in pages[0]  # a date cell shown in BE
    assert "หน้า 1 จาก" in pages[0] and "๒๕๗๐" in pages[0]  # footer; Thai digits in the print header
    assert f"{sum(1200 * i for i in range(1, 121)):,}" in pages[-1]
    info = subprocess.run(["pdfinfo", str(pdfs[outputs / "rollup.xlsx"])], capture_output=True, text=True).stdout
    w, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert w > h
    assert re.search(r"^Pages:\s+1$", info, re.M)  # 10 LAOs: one page wide and, here, one page
