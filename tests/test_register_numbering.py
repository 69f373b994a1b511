"""Number series (docengine/register/numbering.py): which books exist, which year a number
belongs to, how a number is written and typed back, and how a book's counter is taken,
predicted and started from a paper book's number (through the register, as a clerk does)."""

from __future__ import annotations

from datetime import date

import pytest

from docengine.errors import DocengineError
from docengine.register import numbering
from docengine.register.db import read_session, write_session

DISTRICT, PROVINCE, LAO = "ชม 0023.05", "ชม 0023.3", "ชม 52101"


def refused(call, *args) -> tuple[str, str]:
    with pytest.raises(DocengineError) as e:
        call(*args)
    return e.value.en, e.value.th


def test_the_books_and_their_thai_names():
    assert numbering.SERIES == {
        "normal": "ทะเบียนหนังสือส่ง", "circular": "ทะเบียนหนังสือเวียน (ว)", "order": "ทะเบียนคำสั่ง",
        "memo": "ทะเบียนบันทึกข้อความ", "receive": "ทะเบียนหนังสือรับ",
        "form-elderly": "ทะเบียนผู้ยื่นคำขอรับเงินเบี้ยยังชีพผู้สูงอายุ",
        "form-disability": "ทะเบียนผู้ยื่นคำขอรับเงินเบี้ยความพิการ"}
    assert numbering.SEND_SERIES == ("normal", "circular", "order", "memo")
    assert numbering.FORM_SERIES == ("form-elderly", "form-disability")
    assert (numbering.MIN_YEAR_BE, numbering.MAX_YEAR_BE) == (2484, 2700)


def test_each_allowance_has_its_forms_book_and_no_other_does():
    assert (numbering.form_series("elderly"), numbering.form_series("disability")) == ("form-elderly", "form-disability")
    assert refused(numbering.form_series, "child") == (
        "unknown number series 'form-child'; use one of form-elderly, form-disability",
        "ไม่มีชุดเลขทะเบียน 'form-child' (ใช้ได้: form-elderly, form-disability)")


def test_saraban_books_turn_on_1_january_and_forms_books_on_1_october():
    for series in ("normal", "circular", "order", "memo", "receive"):
        assert numbering.book_year(series, date(2023, 12, 31)) == 2566
        assert numbering.book_year(series, date(2024, 1, 1)) == 2567
        assert numbering.book_year(series, date(2024, 10, 1)) == 2567
    for series in numbering.FORM_SERIES:
        assert numbering.book_year(series, date(2023, 9, 30)) == 2566
        assert numbering.book_year(series, date(2023, 10, 1)) == 2567
        assert numbering.book_year(series, date(2024, 1, 1)) == 2567


def test_any_series_is_accepted_by_default_and_an_unknown_one_names_them_all():
    assert [numbering.check_series(s) for s in numbering.SERIES] == list(numbering.SERIES)
    assert numbering.check_series("memo", numbering.SEND_SERIES) == "memo"
    assert refused(numbering.check_series, "weekly") == (
        ("unknown number series 'weekly'; use one of normal, circular, order, memo, receive, form-elderly, "
         "form-disability"),
        "ไม่มีชุดเลขทะเบียน 'weekly' (ใช้ได้: normal, circular, order, memo, receive, form-elderly, form-disability)")
    assert refused(numbering.check_series, "receive", numbering.SEND_SERIES)[0] == (
        "unknown number series 'receive'; use one of normal, circular, order, memo")


def test_the_be_years_the_register_accepts_are_2484_to_2700():
    assert [numbering.check_year_be(y) for y in (2484, 2567, 2700)] == [2484, 2567, 2700]
    assert numbering.check_year_be("2567") == 2567 and numbering.check_year_be(2567.0) == 2567
    for year in (2483, 2701, 1940, 2158, 0, -5):
        assert refused(numbering.check_year_be, year) == (
            f"year {year} is outside 2484-2700 (Buddhist Era)", f"ปี พ.ศ. {year} อยู่นอกช่วง 2484-2700")


def test_a_ce_year_gets_the_be_year_suggested_at_both_ends():
    assert refused(numbering.check_year_be, 1941) == (
        "year 1941 looks like a Common Era year; registers count in Buddhist Era (พ.ศ.): did you mean 2484?",
        "ปี 1941 เป็นปีคริสต์ศักราช ทะเบียนใช้ปีพุทธศักราช หมายถึง พ.ศ. 2484 หรือไม่")
    assert refused(numbering.check_year_be, 2157)[0].endswith("did you mean 2700?")
    assert refused(numbering.check_year_be, "2024")[0].endswith("did you mean 2567?")


def test_a_year_that_is_not_a_number_is_refused():
    assert refused(numbering.check_year_be, "abc") == ("not a year: 'abc'", "ปีไม่ถูกต้อง: 'abc'")
    assert refused(numbering.check_year_be, None) == ("not a year: None", "ปีไม่ถูกต้อง: None")


def test_how_each_series_writes_its_number():
    bn = numbering.book_number
    assert bn("ชม 0023.05", "normal", 655, 2567) == "ชม 0023.05/655"
    assert bn("ชม 0023.05", "memo", 7, 2567) == "ชม 0023.05/7"
    assert bn("ชม 0023.3", "circular", 63, 2567) == "ชม 0023.3/ว 63"
    assert bn(LAO, "order", 12, 2567) == "12/2567"
    assert bn(LAO, "form-elderly", 3, 2570) == "3/2570" == bn(LAO, "form-disability", 3, 2570)
    assert bn(LAO, "receive", 69, 2567) == "069/2567"
    assert bn(LAO, "receive", 69, 2567, receipt_width=4) == "0069/2567"
    assert bn(LAO, "receive", 1234, 2567) == "1234/2567"
    with pytest.raises(ValueError, match="weekly"):
        bn(LAO, "weekly", 1, 2567)


def test_what_a_letter_prints_after_its_agency_before_it_is_numbered():
    assert numbering.book_number_prefix(DISTRICT, "normal") == "ชม 0023.05/"
    assert numbering.book_number_prefix(DISTRICT, "memo") == "ชม 0023.05/"
    assert numbering.book_number_prefix(PROVINCE, "circular") == "ชม 0023.3/ว"
    for series in ("order", "receive", "form-elderly"):
        assert refused(numbering.book_number_prefix, LAO, series) == (
            f"a letter of the {series} series cannot be printed without its number",
            f"หนังสือชุดเลข {series} ต้องมีเลขที่ จึงพิมพ์โดยเว้นเลขไม่ได้")


@pytest.mark.parametrize("typed, stored", [
    ("ชม ๐๐๒๓.๓/ว๖๓", "ชม 0023.3/ว 63"),
    ("ชม0023.3/ว  63", "ชม 0023.3/ว 63"),
    ("ชม 0023.05/ 655", "ชม 0023.05/655"),
    ("  ชม   0023.05 /655 ", "ชม 0023.05/655"),
    (" 12 / 2567 ", "12/2567"),
    ("๐๖๙/๒๕๖๗", "069/2567"),
    ("มท0810.6/ว1", "มท 0810.6/ว 1"),
    ("ว 5", "ว 5"),
])
def test_a_typed_number_is_stored_in_one_form(typed, stored):
    assert numbering.normalize_book_number(typed) == stored


def test_a_new_books_counter_starts_at_one_and_each_number_follows(reg):
    with write_session(reg.engine) as s:
        assert numbering.peek_next(s, DISTRICT, "normal", 2567) == 1
        assert [numbering.take_next(s, DISTRICT, "normal", 2567) for _ in range(3)] == [1, 2, 3]
        assert numbering.take_next(s, DISTRICT, "normal", 2566) == 1
    with read_session(reg.engine) as s:
        assert numbering.peek_next(s, DISTRICT, "normal", 2567) == 4
        assert numbering.peek_next(s, DISTRICT, "memo", 2567) == 1


def test_a_start_is_a_floor_for_the_next_number_and_locks_once_a_number_is_taken(reg):
    with write_session(reg.engine) as s:
        numbering.set_start(s, PROVINCE, "circular", 2567, 63)
        numbering.set_start(s, PROVINCE, "circular", 2567, 60)  # changed again before any number
        assert numbering.peek_next(s, PROVINCE, "circular", 2567) == 60
        assert numbering.take_next(s, PROVINCE, "circular", 2567) == 60
        assert numbering.take_next(s, PROVINCE, "circular", 2567) == 61
        numbering.set_start(s, PROVINCE, "normal", 2567, 1)
        assert numbering.take_next(s, PROVINCE, "normal", 2567) == 1
    with write_session(reg.engine) as s, pytest.raises(DocengineError) as e:
        numbering.set_start(s, PROVINCE, "circular", 2567, 61)
    assert e.value.en == ("the circular book of ชม 0023.3 for 2567 already reached 61; its starting number can no "
                          "longer change (that would leave a gap)")
    with write_session(reg.engine) as s, pytest.raises(DocengineError) as e:
        numbering.set_start(s, LAO, "receive", 2567, 0)
    assert (e.value.en, e.value.th) == ("a book starts at 1 or later, not 0", "เลขเริ่มต้นต้องไม่น้อยกว่า 1 (0)")
    assert reg.next_number(LAO, "receive", 2567) == 1

