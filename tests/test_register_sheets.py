"""The registers as spreadsheets (docengine/register/sheets.py): one book per year (and per
allowance for forms), a heading row opening each day, the paper books' columns and each
cell's value and type, read back from the XLSX with openpyxl."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from types import SimpleNamespace

import openpyxl

from docengine.register import sheets

DISTRICT, LAO = "ชม 0023.05", "ชม 52101"
DISTRICT_NAME = "สำนักงานส่งเสริมการปกครองท้องถิ่นอำเภอฝาง"


def names(reg) -> dict:
    return {a.code: a for a in reg.agencies()}


def workbook(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def letter(**kw):
    base = dict(series="normal", year_be=2567, running_no=1, book_number="ชม 0023.05/1", date=date(2024, 1, 5),
                agency_code=DISTRICT, recipients="ผู้รับ", subject="เรื่อง", status="issued", reason=None)
    return SimpleNamespace(**{**base, **kw})


def test_the_books_titles_and_columns_are_the_paper_books():
    assert sheets.TITLES == {"send": "ทะเบียนหนังสือส่ง", "receive": "ทะเบียนหนังสือรับ", "forms": "ทะเบียนผู้ยื่นคำขอ",
                             "order": "ทะเบียนคำสั่ง"}
    assert sheets.COLUMNS["send"] == ["ทะเบียนส่งที่", "ที่", "ลงวันที่", "จาก", "ถึง", "เรื่อง", "การปฏิบัติ", "หมายเหตุ"]
    assert sheets.COLUMNS["order"] == ["คำสั่งที่", "ที่", "ลงวันที่", "จาก", "ถึง", "เรื่อง", "การปฏิบัติ", "หมายเหตุ"]
    assert sheets.COLUMNS["receive"] == ["ทะเบียนรับที่", "วันเวลาที่รับ", "ที่", "ลงวันที่", "จาก", "ถึง", "เรื่อง",
                                         "การปฏิบัติ", "หมายเหตุ"]
    assert sheets.COLUMNS["forms"] == ["ทะเบียนเลขที่", "วันที่ยื่น", "ชื่อผู้ยื่นคำขอ", "แบบคำขอ", "สถานะ", "หมายเหตุ"]
    assert sheets.KINDS["order"] == sheets.KINDS["send"]


def test_each_day_of_each_book_opens_with_its_heading():
    assert sheets.day_heading("send", date(2024, 1, 8)) == "ทะเบียนหนังสือส่ง วันที่ 8 เดือน มกราคม พ.ศ. 2567"
    assert sheets.day_heading("forms", date(2026, 10, 31)) == "ทะเบียนผู้ยื่นคำขอ วันที่ 31 เดือน ตุลาคม พ.ศ. 2569"
    assert sheets.day_heading("order", date(2023, 12, 1)) == "ทะเบียนคำสั่ง วันที่ 1 เดือน ธันวาคม พ.ศ. 2566"


def test_lines_are_split_into_one_book_per_year_oldest_first():
    rows = [letter(year_be=2567, running_no=1), letter(year_be=2566, running_no=9), letter(year_be=2567, running_no=2)]
    parts = sheets.book_parts("receive", rows)
    assert [(b.title, b.sheet, [r.running_no for r in b.rows], b.first, b.last) for b in parts] == [
        ("ทะเบียนหนังสือรับ พ.ศ. 2566", "ทะเบียนหนังสือรับ 2566", [9], date(2023, 1, 1), date(2023, 12, 31)),
        ("ทะเบียนหนังสือรับ พ.ศ. 2567", "ทะเบียนหนังสือรับ 2567", [1, 2], date(2024, 1, 1), date(2024, 12, 31))]
    assert sheets.book_parts("send", []) == []


def test_forms_are_split_by_allowance_and_fiscal_year():
    rows = [letter(series="form-elderly", year_be=2570), letter(series="form-disability", year_be=2570),
            letter(series="form-elderly", year_be=2569)]
    parts = sheets.book_parts("forms", rows)
    assert [(b.title, b.sheet, b.first, b.last) for b in parts] == [
        ("ทะเบียนผู้ยื่นคำขอรับเงินเบี้ยความพิการ ปีงบประมาณ พ.ศ. 2570", "คำขอเบี้ยความพิการ ปีงบ 2570",
         date(2026, 10, 1), date(2027, 9, 30)),
        ("ทะเบียนผู้ยื่นคำขอรับเงินเบี้ยยังชีพผู้สูงอายุ ปีงบประมาณ พ.ศ. 2569", "คำขอเบี้ยผู้สูงอายุ ปีงบ 2569",
         date(2025, 10, 1), date(2026, 9, 30)),
        ("ทะเบียนผู้ยื่นคำขอรับเงินเบี้ยยังชีพผู้สูงอายุ ปีงบประมาณ พ.ศ. 2570", "คำขอเบี้ยผู้สูงอายุ ปีงบ 2570",
         date(2026, 10, 1), date(2027, 9, 30))]


def test_a_books_printed_range_is_the_asked_range_cut_to_its_year():
    (book,) = sheets.book_parts("send", [letter()])
    assert book.period(date(2023, 12, 1), date(2024, 1, 31)) == "1 ม.ค. 2567 – 31 ม.ค. 2567"
    assert book.period(date(2024, 3, 2), date(2025, 2, 1)) == "2 มี.ค. 2567 – 31 ธ.ค. 2567"
    empty = sheets.empty_book("receive", date(2024, 1, 1), date(2024, 1, 31))
    assert (empty.title, empty.sheet, empty.rows, empty.first, empty.last) == (
        "ทะเบียนหนังสือรับ", "ทะเบียนหนังสือรับ", [], date(2024, 1, 1), date(2024, 1, 31))


def test_a_send_line_shows_the_sender_the_status_word_and_the_series_with_the_reason(reg):
    agencies = names(reg)
    got = sheets.book_rows("send", [
        letter(series="circular", book_number="ชม 0023.05/ว 4", running_no=4, status="cancelled", reason="ผิด"),
        letter(agency_code="ชม 99999", recipients=None, subject=None, status="reserved", date=date(2024, 1, 4)),
        letter(series="memo", status="failed", date=date(2024, 1, 6))], agencies)
    assert got == [
        (date(2024, 1, 4), [1, "ชม 0023.05/1", "4 ม.ค. 2567", "ชม 99999", "", "", "จองเลข", ""]),
        (date(2024, 1, 5), [4, "ชม 0023.05/ว 4", "5 ม.ค. 2567", DISTRICT_NAME, "ผู้รับ", "เรื่อง", "ยกเลิก",
                            "หนังสือเวียน; ผิด"]),
        (date(2024, 1, 6), [1, "ชม 0023.05/1", "6 ม.ค. 2567", DISTRICT_NAME, "ผู้รับ", "เรื่อง", "ออกเลขไม่สำเร็จ",
                            "บันทึกข้อความ"])]
    assert sheets.book_rows("order", [letter(series="order", reason="แทนฉบับเดิม")])[0][1][6:] == [
        "ออกเลขแล้ว", "คำสั่ง; แทนฉบับเดิม"]
    assert sheets.book_rows("send", [letter(reason="x")])[0][1][7] == "x"


def test_the_time_of_receipt_is_shown_in_bangkok_time():
    assert sheets.received_when(datetime(2023, 12, 31, 17, 30, tzinfo=UTC)) == "1 ม.ค. 2567 00.30 น."
    assert sheets.received_when(datetime(2024, 1, 8, 2, 5, tzinfo=UTC)) == "8 ม.ค. 2567 09.05 น."


def test_a_receive_line_shows_the_routing_and_the_latest_endorsement(reg):
    endorsement = [SimpleNamespace(position="ปลัดเทศบาล", text="เพื่อทราบ"), SimpleNamespace(position="นายก", text="อนุมัติ")]
    receipt = dict(agency_code=LAO, receipt_no="001/2567", received_at=datetime(2024, 1, 8, 2, 30, tzinfo=UTC),
                   sender_book_number="ชม 0023.05/1", sender_date=date(2024, 1, 5), sender_agency="อำเภอฝาง",
                   addressee=None, subject="เรื่องรับ", routing=("สำนักปลัด", "กองคลัง"), endorsements=endorsement,
                   note=None)
    ((day, cells),) = sheets.book_rows("receive", [SimpleNamespace(**receipt)], names(reg))
    assert day == date(2024, 1, 8)
    assert cells == ["001/2567", "8 ม.ค. 2567 09.30 น.", "ชม 0023.05/1", "5 ม.ค. 2567", "อำเภอฝาง",
                     "เทศบาลตำบลสันทราย", "เรื่องรับ", "สำนักปลัด, กองคลัง; นายก: อนุมัติ", ""]
    bare = SimpleNamespace(**{**receipt, "routing": (), "endorsements": [], "addressee": "นายก", "note": "ด่วน",
                              "agency_code": "ชม 99999"})
    assert sheets.book_rows("receive", [bare])[0][1][5:] == ["นายก", "เรื่องรับ", "", "ด่วน"]
    only_routed = SimpleNamespace(**{**receipt, "endorsements": [], "agency_code": "ชม 99999", "addressee": None})
    assert sheets.book_rows("receive", [only_routed])[0][1][5:8] == ["ชม 99999", "เรื่องรับ", "สำนักปลัด, กองคลัง"]
    # 17:30 UTC on 31 December is already 1 January in Bangkok: the day of the line
    late = SimpleNamespace(**{**receipt, "received_at": datetime(2023, 12, 31, 17, 30, tzinfo=UTC)})
    assert sheets.book_rows("receive", [late])[0][0] == date(2024, 1, 1)


def test_a_forms_line_shows_the_applicant_the_form_and_the_status():
    form = letter(series="form-elderly", book_number="3/2570", date=date(2026, 10, 2), recipients="นาง ข",
                  subject="แบบคำขอ", status="cancelled", reason="ยื่นซ้ำ")
    assert sheets.book_rows("forms", [form]) == [
        (date(2026, 10, 2), ["3/2570", "2 ต.ค. 2569", "นาง ข", "แบบคำขอ", "ยกเลิก", "ยื่นซ้ำ"])]
    blank = letter(series="form-elderly", book_number="4/2570", recipients=None, subject=None, date=None,
                   status="reserved")
    assert sheets.book_rows("forms", [blank])[0][1] == ["4/2570", "", "", "", "จองเลข", ""]


def test_the_send_book_workbook_has_a_title_headers_day_headings_and_typed_cells(reg, tmp_path):
    a = reg.allocate(DISTRICT, "circular", 2567, letter_date=date(2024, 1, 5))
    reg.issue(a, subject="=SUM(1)", recipients="นายก")
    reg.cancel(reg.allocate(DISTRICT, "normal", 2567, letter_date=date(2024, 1, 3)), "ผิด")
    reg.allocate(DISTRICT, "normal", 2567, letter_date=date(2024, 1, 5), subject="จอง")
    out = sheets.write_register_xlsx(tmp_path / "send.xlsx", "send", reg.list("send"), date(2024, 1, 1),
                                     date(2024, 1, 31), reg.agency(DISTRICT), names(reg))
    assert out == tmp_path / "send.xlsx"
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["ทะเบียนหนังสือส่ง 2567"]
    ws = wb.active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == f"ทะเบียนหนังสือส่ง พ.ศ. 2567 {DISTRICT_NAME} (1 ม.ค. 2567 – 31 ม.ค. 2567)"
    assert list(rows[1]) == sheets.COLUMNS["send"]
    assert [r[0] for r in rows[2:]] == ["ทะเบียนหนังสือส่ง วันที่ 3 เดือน มกราคม พ.ศ. 2567", 1,
                                        "ทะเบียนหนังสือส่ง วันที่ 5 เดือน มกราคม พ.ศ. 2567", 1, 2]
    assert rows[3] == (1, "ชม 0023.05/1", datetime(2024, 1, 3), DISTRICT_NAME, None, None, "ยกเลิก", "ผิด")
    assert rows[5] == (1, "ชม 0023.05/ว 1", datetime(2024, 1, 5), DISTRICT_NAME, "นายก", "=SUM(1)", "ออกเลขแล้ว",
                       "หนังสือเวียน")
    assert rows[6][5:7] == ("จอง", "จองเลข")
    number, book_no, day, subject = ws["A4"], ws["B4"], ws["C4"], ws["F6"]
    assert (number.data_type, book_no.data_type, day.data_type, subject.data_type) == ("n", "s", "d", "s")
    assert day.number_format == "[$-107041E]d mmm yyyy"


def test_the_workbook_of_a_range_across_the_new_year_has_a_sheet_per_year(reg):
    for day in (date(2023, 12, 29), date(2024, 1, 2)):
        reg.allocate(DISTRICT, "normal", day.year + 543, letter_date=day)
    wb = workbook(sheets.register_xlsx("send", reg.list("send"), date(2023, 12, 1), date(2024, 1, 31)))
    assert wb.sheetnames == ["ทะเบียนหนังสือส่ง 2566", "ทะเบียนหนังสือส่ง 2567"]
    assert wb.worksheets[0]["A1"].value == "ทะเบียนหนังสือส่ง พ.ศ. 2566 (1 ธ.ค. 2566 – 31 ธ.ค. 2566)"
    assert wb.worksheets[1]["A1"].value == "ทะเบียนหนังสือส่ง พ.ศ. 2567 (1 ม.ค. 2567 – 31 ม.ค. 2567)"
    assert wb.worksheets[0]["D4"].value == "ชม 0023.05"  # no agency names given: the code


def test_an_empty_range_prints_the_books_name_and_headers_only():
    wb = workbook(sheets.register_xlsx("forms", [], date(2024, 1, 1), date(2024, 1, 31)))
    assert wb.sheetnames == ["ทะเบียนผู้ยื่นคำขอ"]
    assert list(wb.active.iter_rows(values_only=True)) == [
        ("ทะเบียนผู้ยื่นคำขอ (1 ม.ค. 2567 – 31 ม.ค. 2567)", None, None, None, None, None),
        tuple(sheets.COLUMNS["forms"])]


def test_the_sheets_carry_the_agency_in_the_title_and_footer(reg):
    reg.allocate_many(LAO, "form-elderly", 2570, [{"recipients": "นาย ก", "subject": "แบบคำขอ",
                                                   "letter_date": date(2026, 10, 2)}])
    agency = reg.agency(LAO)
    (sheet,) = sheets.register_sheets("forms", reg.list("forms"), date(2026, 10, 1), date(2026, 10, 31), agency)
    assert (sheet.name, sheet.footer) == ("คำขอเบี้ยผู้สูงอายุ ปีงบ 2570", "เทศบาลตำบลสันทราย")
    assert sheet.title == ("ทะเบียนผู้ยื่นคำขอรับเงินเบี้ยยังชีพผู้สูงอายุ ปีงบประมาณ พ.ศ. 2570 เทศบาลตำบลสันทราย "
                           "(1 ต.ค. 2569 – 31 ต.ค. 2569)")
    assert [(c.header, c.kind) for c in sheet.columns] == list(zip(sheets.COLUMNS["forms"], sheets.KINDS["forms"]))
    assert [getattr(r, "text", r) for r in sheet.rows] == [
        "ทะเบียนผู้ยื่นคำขอ วันที่ 2 เดือน ตุลาคม พ.ศ. 2569",
        ["1/2570", date(2026, 10, 2), "นาย ก", "แบบคำขอ", "จองเลข", ""]]
    (plain,) = sheets.register_sheets("forms", [], date(2026, 10, 1), date(2026, 10, 31))
    assert (plain.footer, plain.title) == ("", "ทะเบียนผู้ยื่นคำขอ (1 ต.ค. 2569 – 31 ต.ค. 2569)")


def kinds(ws, row: int) -> list[tuple]:
    """(data type, number format, horizontal alignment) of each cell of ``row``."""
    return [(c.data_type, c.number_format, c.alignment.horizontal) for c in ws[row]]


NUMBER, ID, DATE, TEXT = ("n", "0", "center"), ("s", "@", "center"), ("d", "[$-107041E]d mmm yyyy", "center"), \
    ("s", "@", None)


def test_each_column_of_the_send_and_order_books_holds_its_kind(reg):
    reg.allocate(DISTRICT, "order", 2567, letter_date=date(2024, 1, 5), subject="คำสั่ง")
    records = reg.list("send")
    for book in ("send", "order"):
        ws = workbook(sheets.register_xlsx(book, records, date(2024, 1, 1), date(2024, 1, 31), None,
                                           names(reg))).active
        assert ws["A2"].value == sheets.COLUMNS[book][0]
        assert kinds(ws, 4)[:3] + kinds(ws, 4)[5:7] == [NUMBER, ID, DATE, TEXT, TEXT]
        assert (ws["A4"].value, ws["B4"].value, ws["F4"].value) == (1, "1/2567", "คำสั่ง")


def test_each_column_of_the_receive_book_holds_its_kind(reg):
    reg.receive(LAO, sender_book_number="ศธ 04001/ว 9", sender_date=date(2024, 1, 5), sender_agency="สพฐ.",
                subject="=เรื่องรับ", received_at=datetime(2024, 1, 8, 9, 30), routing=["กองคลัง"])
    ws = workbook(sheets.register_xlsx("receive", reg.list("receive"), date(2024, 1, 1), date(2024, 1, 31),
                                       reg.agency(LAO), names(reg))).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "ทะเบียนหนังสือรับ พ.ศ. 2567 เทศบาลตำบลสันทราย (1 ม.ค. 2567 – 31 ม.ค. 2567)"
    assert list(rows[1]) == sheets.COLUMNS["receive"]
    assert rows[2][0] == "ทะเบียนหนังสือรับ วันที่ 8 เดือน มกราคม พ.ศ. 2567"
    assert rows[3] == ("001/2567", "8 ม.ค. 2567 09.30 น.", "ศธ 04001/ว 9", datetime(2024, 1, 5), "สพฐ.",
                       "เทศบาลตำบลสันทราย", "=เรื่องรับ", "กองคลัง", None)
    assert kinds(ws, 4)[:4] == [ID, TEXT, ID, DATE]


def test_each_column_of_the_forms_book_holds_its_kind(reg):
    reg.allocate_many(LAO, "form-disability", 2570, [{"recipients": "นาง ข", "subject": "แบบคำขอ",
                                                      "letter_date": date(2026, 10, 2)}])
    ws = workbook(sheets.register_xlsx("forms", reg.list("forms"), date(2026, 10, 1), date(2026, 10, 31))).active
    assert ws.title == "คำขอเบี้ยความพิการ ปีงบ 2570"
    assert [c.value for c in ws[4]] == ["1/2570", datetime(2026, 10, 2), "นาง ข", "แบบคำขอ", "จองเลข", None]
    assert kinds(ws, 4)[:3] == [ID, DATE, TEXT]
