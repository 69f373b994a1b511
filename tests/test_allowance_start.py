"""The one start-date rule (docengine.allowance.start) at month and fiscal-year boundaries,
and the disability slip that prints it (read back from the PDF)."""

from __future__ import annotations

import csv
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docengine.allowance import BirthDate, NotEligibleError
from docengine.allowance.start import FilingDateError, filing_fy, first_payment, next_month
from docengine.cli import main
from docengine.resources import data_path
from docengine.thai import fiscal_year, fiscal_year_bounds

from extract import pdftotext, squash

days = st.dates(min_value=date(2017, 10, 1), max_value=date(2035, 9, 30))
child = BirthDate(2555, 6, 1)  # under 18 through the 2560s-2570s


@given(days)
def test_disability_paid_from_the_month_after_filing(filed):
    ent = first_payment("disability", child, filed_on=filed)
    assert ent.first_month.day == 1 and ent.first_month > filed
    assert (ent.first_month - filed).days <= 31
    assert ent.first_month.month == filed.month % 12 + 1
    assert ent.fy == fiscal_year(ent.first_month)


@given(days)
def test_disability_filing_date_and_stated_fy_must_agree(filed):
    implied = fiscal_year(next_month(filed))
    assert first_payment("disability", child, fy=implied, filed_on=filed).fy == implied
    for wrong in (implied - 1, implied + 1):
        with pytest.raises(FilingDateError):
            first_payment("disability", child, fy=wrong, filed_on=filed)


@given(st.integers(min_value=2562, max_value=2578))
def test_fiscal_year_boundary(fy):
    start, end = fiscal_year_bounds(fy)
    # the last filing day of a FY's eleventh month pays in the same FY, the last day of
    # September pays from October, i.e. in the next FY
    assert first_payment("disability", child, filed_on=end - timedelta(days=30)).fy == fy
    last = first_payment("disability", child, filed_on=end)
    assert last.fy == fy + 1 and last.first_month == start.replace(year=start.year + 1)
    assert first_payment("disability", child, filed_on=start - timedelta(days=1)).first_month == start


@settings(max_examples=60)
@given(st.dates(min_value=date(1935, 1, 1), max_value=date(1967, 9, 1)), days)
def test_elderly_first_month_is_month_after_60_but_not_before_the_fy(born, filed):
    try:
        fy = filing_fy("elderly", filed)
    except FilingDateError:
        return  # December, or a window that was a single month: refused, tested below
    try:
        ent = first_payment("elderly", born, filed_on=filed)
    except NotEligibleError:
        assert BirthDate.of(born).age_on(fiscal_year_bounds(fy)[1]) <= 60
        return
    start, end = fiscal_year_bounds(fy)
    assert start <= ent.first_month <= end and ent.first_month.day == 1
    assert ent.fy == fy
    if ent.first_month > start:  # a new 60: the month after the day before the 60th birthday
        completes = BirthDate.of(born).completes(60)
        assert ent.first_month == next_month(completes)


def test_elderly_filing_outside_the_window_is_refused():
    with pytest.raises(FilingDateError) as err:
        first_payment("elderly", date(1960, 1, 1), fy=2570, filed_on=date(2025, 12, 15))
    assert "window" in err.value.en and "ช่วงลงทะเบียน" in err.value.th
    with pytest.raises(FilingDateError):  # filed in the FY2571 window, stated FY2570
        filing_fy("elderly", date(2026, 10, 5), 2570)


def _one_disabled(tmp_path):
    src = data_path("samples", "people-disability.csv")
    with src.open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))[:2]
    dest = tmp_path / "d.csv"
    with dest.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return dest


def test_disability_slip_prints_the_month_after_filing(tmp_path):
    """Filed 4 พ.ค. ๒๕๖๙: paid from มิถุนายน ๒๕๖๙ (the demo used to print ตุลาคม ๒๕๖๙)."""
    pdf = tmp_path / "d.pdf"
    main(["forms", "fill", "disability-registration", "--no-register", "--data", str(_one_disabled(tmp_path)),
          "--fy", "2569", "--date", "2026-05-04", "--pdf", str(pdf)])
    text = squash(pdftotext(pdf, layout=True))
    assert "ตั้งแต่เดือนมิถุนายนพ.ศ.๒๕๖๙" in text and "ประจำปีงบประมาณพ.ศ.๒๕๖๙" in text
    assert "ตุลาคม" not in text.split("ตั้งแต่เดือน")[1][:10]


def test_disability_filing_date_outside_the_fy_is_an_error(tmp_path, capsys):
    pdf = tmp_path / "d.pdf"
    with pytest.raises(SystemExit) as exit_info:
        main(["forms", "fill", "disability-registration", "--no-register", "--data", str(_one_disabled(tmp_path)),
              "--fy", "2570", "--date", "2026-05-04", "--pdf", str(pdf)])
    assert exit_info.value.code == 1 and not pdf.exists()
    err = capsys.readouterr().err
    assert "FY2569" in err and "ปีงบประมาณ" in err
