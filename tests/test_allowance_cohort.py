"""Cohorts, first payment and eligibility (domain brief §5.4), against its published examples."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docengine.allowance import (
    AllowanceError,
    BirthDate,
    cohort_birth_range,
    cohort_sentence,
    elderly_cohort_fy,
    elderly_first_payment,
    is_eligible_for_fy,
    registration_window,
)
from docengine.thai import fiscal_year, fiscal_year_bounds

# The brief's §5.4 table: born (BE) -> first payment (CE month start), cohort FY.
PUBLISHED = [
    (BirthDate(2509, 9, 1), date(2026, 9, 1), 2569),  # last member of FY2569
    (BirthDate(2509, 9, 2), date(2026, 10, 1), 2570),  # first member of FY2570
    (BirthDate(2510, 3, 15), date(2027, 4, 1), 2570),
    (2510, date(2027, 1, 1), 2570),  # year only: deemed 1 Jan 2510
    (BirthDate(2510, 9, 1), date(2027, 9, 1), 2570),  # last member of FY2570
    (BirthDate(2510, 9, 2), date(2027, 10, 1), 2571),
]


@pytest.mark.parametrize(("born", "first_paid", "cohort"), PUBLISHED)
def test_published_cohort_table(born, first_paid, cohort):
    assert elderly_first_payment(born) == first_paid
    assert elderly_cohort_fy(born) == cohort


def test_ce_date_and_be_triple_agree():
    assert elderly_cohort_fy(date(1966, 9, 2)) == elderly_cohort_fy(BirthDate(2509, 9, 2)) == 2570


@pytest.mark.parametrize(
    ("fy", "first", "last"),
    [
        (2564, date(1960, 9, 2), date(1961, 9, 1)),  # 2 Sep 2503 - 1 Sep 2504
        (2570, date(1966, 9, 2), date(1967, 9, 1)),  # 2 Sep 2509 - 1 Sep 2510
    ],
)
def test_published_cohort_ranges(fy, first, last):
    assert cohort_birth_range(fy) == (first, last)


def test_older_october_rule_fy2556():
    # FY2556 cohort: born 1 Oct 2494 - 30 Sep 2495, paid from October 2555.
    assert cohort_birth_range(2556, rule="october") == (date(1951, 10, 1), date(1952, 9, 30))
    assert elderly_cohort_fy(BirthDate(2494, 10, 1), rule="october") == 2556
    assert elderly_cohort_fy(BirthDate(2495, 9, 30), rule="october") == 2556
    assert elderly_cohort_fy(BirthDate(2494, 9, 30), rule="october") == 2555
    assert elderly_first_payment(BirthDate(2495, 9, 30), rule="october") == date(2012, 10, 1)


def test_older_rule_matches_s4_fy2560_pr_sample():
    # "ที่จะมีอายุครบ ๖๐ ปีบริบูรณ์ นับจนถึงวันที่ ๓๐ กันยายน ๒๕๕๙" -> FY2560
    assert elderly_cohort_fy(BirthDate(2499, 9, 30), rule="october") == 2560
    assert elderly_cohort_fy(BirthDate(2499, 10, 1), rule="october") == 2561


def test_unknown_rule_is_a_bilingual_error():
    with pytest.raises(AllowanceError) as err:
        elderly_cohort_fy(2510, rule="november")
    assert "current" in err.value.en and err.value.th


def test_month_only_birth_counts_from_the_first():
    assert elderly_first_payment(BirthDate(2510, 3)) == date(2027, 3, 1)  # completes 28 Feb 2570


def test_29_february_birth():
    # Completes 60 at the end of 28 Feb in a common year (CCC s.193/5).
    assert BirthDate(2511, 2, 29).completes(60) == date(2028, 2, 28)
    assert elderly_first_payment(BirthDate(2511, 2, 29)) == date(2028, 3, 1)


def test_impossible_birth_dates_are_refused():
    with pytest.raises(ValueError):
        BirthDate(2510, 2, 29)  # 1967 is not a leap year
    with pytest.raises(ValueError):
        BirthDate(2510, 13)


def test_pre_2484_birth_keeps_be_arithmetic():
    born = BirthDate(2470, 2, 10)
    assert born.age_on(date(2027, 2, 9)) == 99  # 2570 - 2470 - 1
    assert born.age_on(date(2027, 2, 10)) == 100
    assert elderly_cohort_fy(born) == 2530
    with pytest.raises(ValueError):
        born.to_date()  # no CE round trip for these


def test_eligibility_for_fy():
    assert is_eligible_for_fy(BirthDate(2510, 9, 1), 2570)
    assert not is_eligible_for_fy(BirthDate(2510, 9, 2), 2570)
    assert is_eligible_for_fy(2440, 2570)
    assert is_eligible_for_fy(BirthDate(2570, 9, 30), 2570, kind="disability")
    assert not is_eligible_for_fy(BirthDate(2570, 10, 1), 2570, kind="disability")


def test_cohort_sentence_in_thai_digits():
    assert cohort_sentence(2570) == "ผู้ที่เกิดตั้งแต่วันที่ ๒ กันยายน ๒๕๐๙ ถึงวันที่ ๑ กันยายน ๒๕๑๐"
    assert cohort_sentence(2564, digits="arabic") == "ผู้ที่เกิดตั้งแต่วันที่ 2 กันยายน 2503 ถึงวันที่ 1 กันยายน 2504"


def test_registration_window_fy2570():
    w = registration_window(2570)
    assert w.periods == ((date(2025, 10, 1), date(2025, 11, 30)), (date(2026, 1, 1), date(2026, 9, 30)))
    assert date(2025, 12, 1) not in w and date(2026, 9, 30) in w
    assert w.opens == date(2025, 10, 1) and w.closes == date(2026, 9, 30)


def test_registration_window_history_and_limits():
    assert registration_window(2560).periods == ((date(2015, 11, 1), date(2015, 11, 30)),)  # Nov 2558 (seed S4)
    assert registration_window(2570, "disability").closes == date(2027, 9, 30)
    with pytest.raises(AllowanceError):
        registration_window(2540)


# Any birth date in 2440-2530 BE.
births = st.dates(date(2440 - 543, 1, 1), date(2530 - 543, 12, 31)).map(
    lambda d: BirthDate(d.year + 543, d.month, d.day)
)


@given(births)
def test_cohort_fy_is_where_age_60_is_completed(born):
    completes = born.completes(60)
    first = elderly_first_payment(born)
    cohort = elderly_cohort_fy(born)
    # Paid from the first of the month after completing 60, in the cohort FY.
    assert first.day == 1 and first > completes and (first - completes).days <= 31
    assert fiscal_year(first) == cohort
    start, end = fiscal_year_bounds(cohort)
    assert start <= first <= end
    # The month before the first payment is the month of completing 60.
    assert (first - timedelta(days=1)).replace(day=1) == completes.replace(day=1)
    # Eligibility switches exactly at the cohort FY.
    assert is_eligible_for_fy(born, cohort) and not is_eligible_for_fy(born, cohort - 1)


@given(births)
def test_birth_range_contains_the_person(born):
    first, last = cohort_birth_range(elderly_cohort_fy(born))
    assert BirthDate.of(first) <= born <= BirthDate.of(last)


@given(st.integers(2440, 2530))
def test_bare_year_is_deemed_1_january(year):
    assert elderly_cohort_fy(year) == elderly_cohort_fy(BirthDate(year, 1, 1)) == year + 60


@given(births)
def test_older_rule_pays_from_the_october_after(born):
    cohort = elderly_cohort_fy(born, rule="october")
    assert elderly_first_payment(born, rule="october") == fiscal_year_bounds(cohort)[0]
    assert fiscal_year(born.anniversary(60)) == cohort - 1
