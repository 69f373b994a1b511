"""Rate ladders, brackets and effective dates (domain brief §5.8, §5.9), and the data files behind them."""

from __future__ import annotations

from datetime import date

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from docengine import refdata
from docengine.allowance import (
    AllowanceError,
    BirthDate,
    NotEligibleError,
    age_bracket,
    bracket_age,
    disability_type,
    disability_types,
    elderly_cohort_fy,
    elderly_first_payment,
    monthly_rate,
    payment_methods,
)
from docengine.allowance import rates
from docengine.thai import fiscal_year_bounds

FY2570 = date(2026, 10, 1)  # first month of FY2570


@pytest.mark.parametrize(
    ("born_year", "rate", "label"),
    [
        (2510, 600, "60-69 ปี"),  # 60 in FY2570
        (2501, 600, "60-69 ปี"),  # 69
        (2500, 700, "70-79 ปี"),  # 70
        (2491, 700, "70-79 ปี"),  # 79
        (2490, 800, "80-89 ปี"),  # 80
        (2481, 800, "80-89 ปี"),  # 89
        (2480, 1000, "90 ปีขึ้นไป"),  # 90
        (2460, 1000, "90 ปีขึ้นไป"),  # 110
    ],
)
def test_elderly_ladder_at_bracket_boundaries(born_year, rate, label):
    # Bare years: deemed 1 Jan, so the age for FY2570 is 2570 - year.
    on = date(2027, 9, 1)  # any month of FY2570 gives the same bracket
    assert monthly_rate("elderly", born_year, on=on) == rate
    assert str(age_bracket("elderly", born_year, on)) == label
    if born_year != 2510:  # the 2510 cohort is paid only from January 2570
        assert monthly_rate("elderly", born_year, on=FY2570) == rate


def test_fiscal_year_bracket_holds_for_the_whole_year():
    # Completes 70 on 14 Mar 2569 -> 700 for all of FY2569 (Oct 2568 - Sep 2569), 600 before.
    born = BirthDate(2499, 3, 15)
    start, end = fiscal_year_bounds(2569)
    assert monthly_rate("elderly", born, on=date(2025, 9, 1)) == 600  # FY2568
    assert monthly_rate("elderly", born, on=start) == 700
    assert monthly_rate("elderly", born, on=end) == 700
    assert bracket_age("elderly", born, start) == 70


def test_month_after_birthday_bracket_rule_is_a_setting(monkeypatch):
    monkeypatch.setattr("docengine.allowance.cohort.bracket_rule", lambda kind: "month_after_birthday")
    born = BirthDate(2499, 3, 15)  # completes 70 on 14 Mar 2569 (2026)
    assert monthly_rate("elderly", born, on=date(2026, 3, 1)) == 600
    assert monthly_rate("elderly", born, on=date(2026, 4, 1)) == 700


def test_rate_effective_dates():
    born = 2480  # 90 in FY2570; 75 in FY2555
    assert monthly_rate("elderly", born, on=date(2011, 9, 1)) == 500  # flat 500 until Sep 2554
    assert monthly_rate("elderly", born, on=date(2011, 10, 1)) == 700  # ladder from 1 Oct 2554
    assert str(age_bracket("elderly", born, date(2011, 9, 30))) == "60 ปีขึ้นไป"
    with pytest.raises(AllowanceError) as err:
        monthly_rate("elderly", born, on=date(2008, 1, 1))
    assert err.value.th


def test_not_paid_before_the_first_payment_month():
    born = BirthDate(2510, 3, 15)  # first paid April 2570
    with pytest.raises(NotEligibleError) as err:
        monthly_rate("elderly", born, on=date(2027, 3, 31))
    assert "2027-04-01" in err.value.en and err.value.th
    assert monthly_rate("elderly", born, on=date(2027, 4, 1)) == 600


def test_disability_rates_and_the_switch_at_18():
    born = BirthDate(2552, 3, 15)  # completes 18 on 14 Mar 2570 (2027)
    assert monthly_rate("disability", born, on=date(2027, 3, 1)) == 1000
    assert monthly_rate("disability", born, on=date(2027, 4, 1)) == 800
    assert str(age_bracket("disability", born, date(2027, 3, 1))) == "ต่ำกว่า 18 ปี"
    assert monthly_rate("disability", BirthDate(2500, 1, 1), on=date(2020, 9, 1)) == 800  # FY2558-FY2563
    assert monthly_rate("disability", BirthDate(2555, 1, 1), on=date(2020, 9, 1)) == 800  # before the split
    assert monthly_rate("disability", BirthDate(2555, 1, 1), on=date(2020, 10, 1)) == 1000  # 1 Oct 2563
    assert monthly_rate("disability", BirthDate(2500, 1, 1), on=date(2014, 9, 1)) == 500


def test_disability_not_paid_before_birth():
    with pytest.raises(NotEligibleError):
        monthly_rate("disability", BirthDate(2570, 5, 1), on=date(2027, 1, 1))


def test_unknown_kind():
    with pytest.raises(AllowanceError) as err:
        monthly_rate("aids", 2500, on=FY2570)
    assert "elderly" in err.value.en and "ผู้สูงอายุ" in err.value.th


@given(st.dates(date(2440 - 543, 1, 1), date(2530 - 543, 12, 31)), st.integers(2555, 2600))
def test_rate_follows_age_for_fiscal_year(born_ce, fy):
    born = BirthDate.of(born_ce)
    if elderly_cohort_fy(born) > fy:
        return
    on = max(fiscal_year_bounds(fy)[0], elderly_first_payment(born))
    age = fy - elderly_cohort_fy(born) + 60
    expected = 600 if age < 70 else 700 if age < 80 else 800 if age < 90 else 1000
    assert monthly_rate("elderly", born, on=on) == expected


def test_disability_types_canonical_order():
    types = disability_types()
    assert [t.number for t in types] == list(range(1, 8))
    assert types[0].th == "ความพิการทางการเห็น" and types[6].th == "ความพิการทางออทิสติก"
    with pytest.raises(AllowanceError):
        disability_type(8)


def test_payment_methods():
    methods = payment_methods()
    assert [m.number for m in methods] == [1, 2, 3, 4]
    assert methods[3].label("disability").endswith("ผู้มีสิทธิ/ผู้ดูแล")
    assert [m.number for m in methods if m.needs_proxy] == [2, 4]


def test_shipped_allowance_data_is_valid():
    for name in ("allowance_rates", "allowance_windows", "disability_types", "payment_methods", "people_columns"):
        assert refdata.load(name)["source"]


def test_rates_validator_catches_a_broken_file():
    content = yaml.safe_load(refdata.data_path("allowance", "rates.yaml").read_text(encoding="utf-8"))
    content["elderly"]["bracket_rule"] = "lunar"
    del content["elderly"]["schedules"][1]["brackets"][0]["rate"]
    content["cohort_rules"]["default"] = "missing"
    problems = rates._validate_rates(content)
    assert any("bracket_rule" in p for p in problems)
    assert any("brackets[0].rate" in p for p in problems)
    assert any("cohort_rules" in p for p in problems)
