"""The government fiscal year (ปีงบประมาณ): 1 October to 30 September.

A fiscal year is named by the BE year in which it ends (domain brief §4.4):
ปีงบประมาณ พ.ศ. ๒๕๖๖ runs from 1 October 2565 to 30 September 2566. Allowance
cohorts, rates and lists are keyed by fiscal year; saraban registers by
calendar year.

The October start is applied to every supported date (from 2484 BE); the
older fiscal calendars of the 2480s–2500s are not modelled.

>>> from datetime import date
>>> fiscal_year(date(2022, 10, 1)), fiscal_year(date(2023, 9, 30))
(2566, 2566)
>>> fiscal_year_bounds(2566)
(datetime.date(2022, 10, 1), datetime.date(2023, 9, 30))
"""

from __future__ import annotations

from datetime import date, datetime

from .calendar import BE_OFFSET, CE_LOOKING_BELOW, FIRST_BE_YEAR, checked_date
from .digits import thai_digits
from .errors import ThaiDateError

FIRST_MONTH = 10  # October


def fiscal_year(d: date | datetime) -> int:
    """The BE fiscal year that ``d`` falls in (datetimes are taken in Bangkok time).

    >>> fiscal_year(date(2023, 12, 20))
    2567
    """
    d = checked_date(d)
    year = d.year + BE_OFFSET
    return year + 1 if d.month >= FIRST_MONTH else year


def fiscal_quarter(d: date | datetime) -> int:
    """Quarter 1–4 of the fiscal year: Q1 is October–December.

    >>> fiscal_quarter(date(2024, 1, 5))
    2
    """
    return (checked_date(d).month - FIRST_MONTH) % 12 // 3 + 1


def fiscal_year_bounds(be_year: int) -> tuple[date, date]:
    """First and last day (CE ``date`` objects) of BE fiscal year ``be_year``.

    >>> fiscal_year_bounds(2567)
    (datetime.date(2023, 10, 1), datetime.date(2024, 9, 30))
    """
    if not isinstance(be_year, int) or isinstance(be_year, bool):
        raise ThaiDateError(
            f"a fiscal year is a BE year number, not {be_year!r}",
            f"ปีงบประมาณต้องเป็นเลขปี พ.ศ. ไม่ใช่ {be_year!r}",
        )
    if be_year < CE_LOOKING_BELOW:
        raise ThaiDateError(
            f"fiscal year {be_year} looks like a CE year; fiscal years are named in BE — "
            f"did you mean {be_year + BE_OFFSET}?",
            f"ปีงบประมาณ {thai_digits(be_year)} ดูเป็นปี ค.ศ. ปีงบประมาณใช้ปี พ.ศ. "
            f"หมายถึง {thai_digits(be_year + BE_OFFSET)} หรือไม่",
        )
    if not FIRST_BE_YEAR <= be_year <= 9999 + BE_OFFSET:
        raise ThaiDateError(
            f"fiscal year {be_year} is outside the supported range {FIRST_BE_YEAR}–{9999 + BE_OFFSET}",
            f"ปีงบประมาณ {thai_digits(be_year)} อยู่นอกช่วงที่รองรับ",
        )
    ce = be_year - BE_OFFSET
    return date(ce - 1, FIRST_MONTH, 1), date(ce, 9, 30)

