"""Targeted tests for mutants of docengine.allowance that the other tests let survive
(scripts/mutate.py, docs/testing.md): the exact bilingual refusals a clerk reads, the dates of
the registration calendar and its notes, the 29 February rule."""

from __future__ import annotations

from datetime import date

import pytest

from docengine import refdata
from docengine.allowance.birth import BirthDate, BirthDateError
from docengine.allowance.cohort import monthly_rate, registration_window
from docengine.allowance.cycle import payment_day, registration_cycle
from docengine.allowance.rates import AllowanceError, cohort_rule, disability_type
from docengine.allowance.start import FilingDateError, filing_fy, first_payment


def refusal(exc_info) -> tuple[str, str]:
    return exc_info.value.en, exc_info.value.th


def test_a_day_without_a_month_is_refused_in_both_languages():
    with pytest.raises(BirthDateError) as e:
        BirthDate(2510, None, 5)
    assert refusal(e) == ("a day without a month", "มีวันที่แต่ไม่มีเดือน")


def test_an_anniversary_before_2484_names_its_be_year():
    with pytest.raises(BirthDateError) as e:
        BirthDate(2400).anniversary(60)
    assert refusal(e) == ("anniversary in BE 2460 is before 2484", "วันครบรอบปี พ.ศ. 2460 อยู่ก่อนปี ๒๔๘๔")


def test_a_29_february_birthday_falls_on_1_march_in_a_common_year():
    born = BirthDate(2507, 2, 29)  # 1964, a leap year
    assert born.anniversary(61) == date(2025, 3, 1)
    assert born.anniversary(60) == date(2024, 2, 29)
    assert born.completes(61) == date(2025, 2, 28)


def test_a_disability_allowance_is_paid_to_a_baby_in_its_first_year():
    assert monthly_rate("disability", date(2026, 3, 1), on=date(2026, 6, 1)) == 1000
    with pytest.raises(AllowanceError) as e:
        monthly_rate("disability", date(2026, 7, 1), on=date(2026, 6, 1))
    assert refusal(e) == ("born 1/07/2569 (BE), after 2026-06-01", "เกิด 1/07/2569 หลังวันที่ 2026-06-01")


def test_the_registration_window_keeps_its_kind():
    assert registration_window(2570, "disability").kind == "disability"
    assert registration_window(2570).kind == "elderly"


def test_calendar_notes_a_day_the_office_is_closed_and_is_blank_otherwise():
    events = registration_cycle(2570).registration
    assert (events[0].end, events[0].note_th, events[0].note_en) == \
        (date(2025, 11, 30), "ตรงกับวันหยุดสุดสัปดาห์", "falls on a weekend")
    assert (events[1].note_th, events[1].note_en) == ("", "")


def test_a_payment_moved_off_a_weekend_says_so_and_one_moved_off_a_holiday_names_it():
    payments = {e.moved_from: e for e in registration_cycle(2570).payments if e.moved_from}
    weekend = payments[date(2026, 10, 10)]
    assert (weekend.start, weekend.note_th) == (date(2026, 10, 9), "วันที่ 10 ตรงกับวันหยุดสุดสัปดาห์ จ่ายในวันทำการก่อนหน้า")
    assert weekend.note_en == "the 10th is a holiday or weekend: paid the working day before"
    assert payments[date(2026, 12, 10)].note_th == "วันที่ 10 ตรงกับวันรัฐธรรมนูญ จ่ายในวันทำการก่อนหน้า"


def test_the_disability_list_is_announced_14_days_after_the_fiscal_year_starts():
    cycle = registration_cycle(2570, "disability")
    assert cycle.first("announcement").start == date(2026, 10, 14)
    assert (cycle.first("objection").start, cycle.first("objection").end) == (date(2026, 10, 14), date(2026, 10, 28))
    assert registration_cycle(2570).first("announcement").start == date(2026, 10, 15)  # elderly: window + 15


def test_payment_on_holiday_none_pays_on_the_rule_day(monkeypatch):
    real = refdata.load

    def load(name):
        content = real(name)
        return {**content, "payment_on_holiday": "none"} if name == "allowance_cycle" else content

    monkeypatch.setattr(refdata, "load", load)
    assert payment_day(date(2026, 10, 1)) == (date(2026, 10, 10), None)  # a Saturday, paid as is


def test_the_word_default_is_not_a_cohort_rule():
    with pytest.raises(AllowanceError) as e:
        cohort_rule("default")
    en, th = refusal(e)
    assert en.startswith("unknown cohort rule 'default'; known rules: ") and "default" not in en[30:]
    assert th.startswith("ไม่รู้จักหลักเกณฑ์การนับอายุ 'default' (มี: ")


def test_an_unknown_disability_type_is_refused_in_both_languages():
    with pytest.raises(AllowanceError) as e:
        disability_type(8)
    assert refusal(e) == ("disability type must be 1-7, not 8", "ประเภทความพิการต้องเป็นเลข 1-7 ไม่ใช่ 8")


def test_a_filing_date_outside_the_fiscal_years_window_names_that_year():
    with pytest.raises(FilingDateError) as e:
        filing_fy("elderly", date(2025, 12, 15), 2570)
    en, th = refusal(e)
    assert en == ("filed on 2025-12-15: outside the FY2570 elderly registration window "
                  "(2025-10-01 – 2025-11-30, 2026-01-01 – 2026-09-30)")
    assert th.startswith("วันที่ยื่นคำขอ ") and "ของปีงบประมาณ พ.ศ. ๒๕๗๐ (" in th


def test_a_first_payment_with_neither_year_nor_filing_date_is_refused():
    with pytest.raises(AllowanceError) as e:
        first_payment("elderly", date(1950, 1, 5))
    assert refusal(e) == ("a first payment needs a fiscal year or a filing date",
                          "การคำนวณเดือนที่เริ่มรับเงินต้องมีปีงบประมาณหรือวันที่ยื่นคำขอ")
