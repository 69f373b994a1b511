"""What clerks see from docengine.thai where mutation testing (scripts/mutate.py) found no test:
cleaned Thai text, the exact bilingual refusals, fiscal-year limits and province suggestions."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from docengine.thai.calendar import ThaiDateError, check_not_future
from docengine.thai.fiscal import fiscal_year_bounds
from docengine.thai.marks import TextError, clean_text
from docengine.thai.places import ProvinceError, province_code, province_name

BKK = timezone(timedelta(hours=7))
NOW = datetime(2024, 1, 9, 8, 0, tzinfo=BKK)


@pytest.mark.parametrize("typed, printed", [
    ("ก\u0e48\u0e34ง", "กิ่ง"),          # tone typed before the vowel
    ("ก\u0e34\u0e48", "กิ่"),            # already in order
    ("ก\u0e48\u0e48", "ก่"),             # doubled tone
    ("ข\u0e31\u0e49\u0e31", "ขั้"),      # doubled vowel around a tone
    ("ก\u0e33\u0e48", "ก่ำ"),            # ำ typed before the tone
    ("ก\u0e33\u0e48\u0e48", "ก่ำ"),      # … and the tone doubled after it
    ("ก\u0e33\u0e48ข", "ก่ำข"),          # … with a letter after it
    ("ก\u0e34\u0e33\u0e48", "กิ่ำ"),
    ("ก่ำ", "ก่ำ"),
    ("x\r\ny\rz", "x\ny\nz"),            # Windows and old-Mac line ends
    ("line\tok\n", "line\tok\n"),
    ("abc", "abc"),
    ("กา ข\u0e48\u0e34 ค", "กา ขิ่ ค"),  # only the cluster that needs it changes
])
def test_clean_text_prints_marks_in_order(typed, printed):
    assert clean_text(typed) == printed


@pytest.mark.parametrize("typed, en, th", [
    ("ก\u0e34\u0e35", "two different vowels on one letter: กิี", "มีสระสองตัวต่างกันบนอักษรตัวเดียว: กิี"),
    ("ก\u0e48\u0e49", "two different tone marks on one letter: ก่้",
     "มีวรรณยุกต์สองตัวต่างกันบนอักษรตัวเดียว: ก่้"),
    ("ก\u0e33\u0e48\u0e49", "two different tone marks on one letter: ก่้",
     "มีวรรณยุกต์สองตัวต่างกันบนอักษรตัวเดียว: ก่้"),
    ("\u0e48ก", "a Thai mark with no letter before it at position 1: '่ก'",
     "มีสระหรือวรรณยุกต์ที่ไม่มีพยัญชนะนำหน้า (ตำแหน่งที่ 1)"),
    ("abcde \u0e34xyz", "a Thai mark with no letter before it at position 7: 'de \u0e34xy'",
     "มีสระหรือวรรณยุกต์ที่ไม่มีพยัญชนะนำหน้า (ตำแหน่งที่ 7)"),
    # the first and the last Thai mark, after a line end (the text is not the common case)
    ("\r\u0e31", "a Thai mark with no letter before it at position 2: '\\nั'",
     "มีสระหรือวรรณยุกต์ที่ไม่มีพยัญชนะนำหน้า (ตำแหน่งที่ 2)"),
    ("\r\u0e4e", "a Thai mark with no letter before it at position 2: '\\n\u0e4e'",
     "มีสระหรือวรรณยุกต์ที่ไม่มีพยัญชนะนำหน้า (ตำแหน่งที่ 2)"),
    ("a\u202eb", "contains the bidirectional control U+202E (RIGHT-TO-LEFT OVERRIDE)",
     "มีอักขระควบคุมทิศทางข้อความ U+202E"),
    ("a\u2066b", "contains the bidirectional control U+2066 (LEFT-TO-RIGHT ISOLATE)",
     "มีอักขระควบคุมทิศทางข้อความ U+2066"),
    ("a\x00b", "contains the control character U+0000", "มีอักขระควบคุม U+0000"),
    ("ก\x1bข", "contains the control character U+001B", "มีอักขระควบคุม U+001B"),
])
def test_clean_text_refuses_in_english_and_thai(typed, en, th):
    with pytest.raises(TextError) as err:
        clean_text(typed)
    assert (err.value.en, err.value.th) == (en, th)


def test_a_date_within_the_tolerance_is_returned_unchanged():
    one_day = timedelta(days=1)
    assert check_not_future(date(2024, 1, 10), tolerance=one_day, what="d", now=NOW) == date(2024, 1, 10)
    moment = datetime(2024, 1, 10, 8, 0, tzinfo=BKK)
    assert check_not_future(moment, tolerance=one_day, what="t", now=NOW) is moment
    # 01:00 UTC on the 10th is 08:00 Bangkok: exactly at the limit, accepted.
    utc = datetime(2024, 1, 10, 1, 0, tzinfo=timezone.utc)
    assert check_not_future(utc, tolerance=one_day, what="t", now=NOW) is utc


@pytest.mark.parametrize("value, days, now, en, th", [
    (date(2024, 1, 11), 1, NOW,
     "วันที่รับ 2024-01-11 is in the future (more than 1 day after now, 2024-01-09 08:00 Bangkok time); "
     "check the year, or raise future_tolerance_days in the office config",
     "วันที่รับ 2024-01-11 เป็นวันเวลาในอนาคต เกินกว่า 1 วันจากเวลาปัจจุบัน (2024-01-09 08:00 เวลาประเทศไทย) "
     "กรุณาตรวจสอบปี"),
    (datetime(2024, 1, 12, 2, 0, tzinfo=timezone.utc), 2, NOW,
     "วันที่รับ 2024-01-12 09:00 is in the future (more than 2 days after now, 2024-01-09 08:00 Bangkok time); "
     "check the year, or raise future_tolerance_days in the office config",
     "วันที่รับ 2024-01-12 09:00 เป็นวันเวลาในอนาคต เกินกว่า 2 วันจากเวลาปัจจุบัน "
     "(2024-01-09 08:00 เวลาประเทศไทย) กรุณาตรวจสอบปี"),
    # now given in UTC is shown in Bangkok time; half a day of tolerance from 20:00 the evening before
    (datetime(2024, 1, 9, 8, 1, tzinfo=BKK), 0.5, datetime(2024, 1, 8, 13, 0, tzinfo=timezone.utc),
     "วันที่รับ 2024-01-09 08:01 is in the future (more than 0.5 days after now, 2024-01-08 20:00 Bangkok time); "
     "check the year, or raise future_tolerance_days in the office config",
     "วันที่รับ 2024-01-09 08:01 เป็นวันเวลาในอนาคต เกินกว่า 0.5 วันจากเวลาปัจจุบัน "
     "(2024-01-08 20:00 เวลาประเทศไทย) กรุณาตรวจสอบปี"),
])
def test_a_future_date_is_refused_with_bangkok_times(value, days, now, en, th):
    with pytest.raises(ThaiDateError) as err:
        check_not_future(value, tolerance=timedelta(days=days), what="วันที่รับ", now=now)
    assert (err.value.en, err.value.th) == (en, th)


def test_the_default_now_is_the_current_bangkok_time():
    tomorrow_plus = datetime.now(BKK) + timedelta(days=3)
    with pytest.raises(ThaiDateError):
        check_not_future(tomorrow_plus, tolerance=timedelta(days=1), what="t")
    yesterday = datetime.now(BKK) - timedelta(days=1)
    assert check_not_future(yesterday, tolerance=timedelta(0), what="t") is yesterday


@pytest.mark.parametrize("year, bounds", [
    (2567, (date(2023, 10, 1), date(2024, 9, 30))),
    (2484, (date(1940, 10, 1), date(1941, 9, 30))),
    (10542, (date(9998, 10, 1), date(9999, 9, 30))),
])
def test_fiscal_year_runs_from_october_to_september(year, bounds):
    assert fiscal_year_bounds(year) == bounds


@pytest.mark.parametrize("year, en, th", [
    (2024, "fiscal year 2024 looks like a CE year; fiscal years are named in BE — did you mean 2567?",
     "ปีงบประมาณ ๒๐๒๔ ดูเป็นปี ค.ศ. ปีงบประมาณใช้ปี พ.ศ. หมายถึง ๒๕๖๗ หรือไม่"),
    (True, "a fiscal year is a BE year number, not True", "ปีงบประมาณต้องเป็นเลขปี พ.ศ. ไม่ใช่ True"),
    ("2567", "a fiscal year is a BE year number, not '2567'", "ปีงบประมาณต้องเป็นเลขปี พ.ศ. ไม่ใช่ '2567'"),
    (2400, "fiscal year 2400 is outside the supported range 2484–10542", "ปีงบประมาณ ๒๔๐๐ อยู่นอกช่วงที่รองรับ"),
    (2483, "fiscal year 2483 is outside the supported range 2484–10542", "ปีงบประมาณ ๒๔๘๓ อยู่นอกช่วงที่รองรับ"),
    (10543, "fiscal year 10543 is outside the supported range 2484–10542", "ปีงบประมาณ ๑๐๕๔๓ อยู่นอกช่วงที่รองรับ"),
])
def test_fiscal_year_refusals(year, en, th):
    with pytest.raises(ThaiDateError) as err:
        fiscal_year_bounds(year)
    assert (err.value.en, err.value.th) == (en, th)


def test_a_misspelt_province_gets_suggestions_in_both_languages():
    with pytest.raises(ProvinceError) as err:
        province_code("เชียงใหม")
    assert err.value.en == "'เชียงใหม' is not one of the 77 provinces; did you mean เชียงใหม่, เชียงราย?"
    assert err.value.th == "'เชียงใหม' ไม่ใช่ชื่อจังหวัด หรือหมายถึง เชียงใหม่, เชียงราย"
    with pytest.raises(ProvinceError) as err:
        province_code("xyz")
    assert (err.value.en, err.value.th) == ("'xyz' is not one of the 77 provinces", "'xyz' ไม่ใช่ชื่อจังหวัด")


def test_province_names_and_codes_ignore_spacing_and_prefix():
    assert province_code("จังหวัด  เชียงใหม่") == "ชม"
    assert province_code("  จังหวัดบึงกาฬ ") == "บก"
    assert province_name("ช ม") == "เชียงใหม่"
    assert province_name("กทม.") == "กรุงเทพมหานคร"
    with pytest.raises(ProvinceError) as err:
        province_name("zz")
    assert err.value.en == "'zz' is not a province code (two Thai letters such as ชม for เชียงใหม่)"
    assert err.value.th == "'zz' ไม่ใช่รหัสจังหวัด (อักษรไทยสองตัว เช่น ชม = เชียงใหม่)"
