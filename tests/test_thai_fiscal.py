from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docengine.thai import ThaiDateError, fiscal_quarter, fiscal_year, fiscal_year_bounds


@pytest.mark.parametrize(
    "d, fy",
    [
        (date(2022, 9, 30), 2565),
        (date(2022, 10, 1), 2566),  # ปีงบประมาณ ๒๕๖๖ = ต.ค. ๒๕๖๕ – ก.ย. ๒๕๖๖
        (date(2023, 9, 30), 2566),
        (date(2023, 12, 20), 2567),
        (date(2024, 1, 5), 2567),
    ],
)
def test_fiscal_year_boundaries(d, fy):
    assert fiscal_year(d) == fy


def test_bounds():
    assert fiscal_year_bounds(2566) == (date(2022, 10, 1), date(2023, 9, 30))


def test_datetime_is_taken_in_bangkok():
    # 30 Sep 2023 18:00 UTC is already 1 Oct in Bangkok: the next fiscal year.
    assert fiscal_year(datetime(2023, 9, 30, 18, 0, tzinfo=timezone.utc)) == 2567


@given(st.dates(min_value=date(1941, 1, 1), max_value=date(2400, 12, 31)))
def test_every_date_lies_within_its_fiscal_year(d):
    start, end = fiscal_year_bounds(fiscal_year(d))
    assert start <= d <= end
    assert (end - start).days + 1 in (365, 366)
    if start.year > 1940:  # the day before FY 2484 is before the supported range
        assert fiscal_year(start - timedelta(days=1)) == fiscal_year(d) - 1


@pytest.mark.parametrize("d, q", [(date(2023, 10, 1), 1), (date(2023, 12, 31), 1), (date(2024, 1, 1), 2),
                                  (date(2024, 6, 30), 3), (date(2024, 7, 1), 4), (date(2024, 9, 30), 4)])
def test_quarters(d, q):
    assert fiscal_quarter(d) == q


def test_ce_fiscal_year_is_refused():
    with pytest.raises(ThaiDateError) as err:
        fiscal_year_bounds(2024)
    assert "2567" in err.value.en and "๒๕๖๗" in err.value.th


@pytest.mark.parametrize("bad", ["2567", 2567.0, True, 2483])
def test_bad_fiscal_years(bad):
    with pytest.raises(ThaiDateError):
        fiscal_year_bounds(bad)


def test_dates_before_2484_are_refused():
    with pytest.raises(ThaiDateError):
        fiscal_year(date(1940, 12, 31))
