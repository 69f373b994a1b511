"""From when a registrant is paid: the one rule behind every start date printed on a
slip, a beneficiary list, a notice and the registration-cycle calendar.

Elderly (brief §5.4): the month after the month in which 60 is completed, but not
before the fiscal year the person registers for starts (someone already 60 is paid
from October); the filing date must lie in that fiscal year's registration window.

Disability (brief §5.3, registration any time): the month after the month of filing.
The fiscal year of the slip is the fiscal year of that month, so a filing date and a
stated fiscal year that disagree are refused, never printed side by side.

>>> from datetime import date
>>> first_payment("disability", date(2010, 6, 1), filed_on=date(2026, 5, 4))
Entitlement(fy=2569, first_month=datetime.date(2026, 6, 1), rate=1000)
>>> first_payment("elderly", date(1967, 3, 15), fy=2570, filed_on=date(2026, 5, 4))
Entitlement(fy=2570, first_month=datetime.date(2027, 4, 1), rate=600)
>>> try:
...     first_payment("disability", date(2010, 6, 1), fy=2570, filed_on=date(2026, 5, 4))
... except FilingDateError as exc:
...     print(exc.en)
filed on 2026-05-04: a disability registrant is paid from 06/2569, in FY2569, not FY2570
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from docengine.thai import fiscal_year, fiscal_year_bounds, format_date, thai_digits

from .birth import BE_OFFSET, BirthDate
from .cohort import Born, NotEligibleError, elderly_first_payment, monthly_rate, registration_window
from .rates import AllowanceError, check_kind


class FilingDateError(AllowanceError):
    """A filing date that contradicts the fiscal year it is filed for."""


@dataclass(frozen=True)
class Entitlement:
    """What a slip prints: the fiscal year, the first month paid (its 1st day; ``None``
    when it depends on a filing date not yet known) and the LAO rate for that month."""

    fy: int
    first_month: date | None
    rate: int | None


def next_month(d: date) -> date:
    """First day of the month after ``d``.

    >>> next_month(date(2026, 12, 31)), next_month(date(2026, 9, 1))
    (datetime.date(2027, 1, 1), datetime.date(2026, 10, 1))
    """
    return date(d.year + (d.month == 12), d.month % 12 + 1, 1)


def _month_text(d: date) -> str:
    return f"{d.month:02d}/{d.year + BE_OFFSET}"


def filing_fy(kind: str, filed_on: date, fy: int | None = None) -> int:
    """The fiscal year a registration filed on ``filed_on`` is for; checks ``fy`` if given.

    >>> filing_fy("disability", date(2026, 9, 30)), filing_fy("elderly", date(2026, 9, 30))
    (2570, 2570)
    >>> try:
    ...     filing_fy("elderly", date(2025, 12, 15))
    ... except FilingDateError as exc:
    ...     print(exc.en)
    filed on 2025-12-15: outside every elderly registration window (FY2570 takes 2025-10-01 – 2025-11-30, 2026-01-01 – 2026-09-30)
    """
    check_kind(kind)
    if kind == "disability":
        implied = fiscal_year(next_month(filed_on))
        if fy is not None and fy != implied:
            first = next_month(filed_on)
            raise FilingDateError(
                f"filed on {filed_on.isoformat()}: a disability registrant is paid from "
                f"{_month_text(first)}, in FY{implied}, not FY{fy}",
                f"ยื่นคำขอวันที่ {format_date(filed_on)} จะได้รับเงินตั้งแต่เดือน "
                f"{thai_digits(_month_text(first))} ซึ่งอยู่ในปีงบประมาณ พ.ศ. {thai_digits(implied)} "
                f"ไม่ใช่ปีงบประมาณ พ.ศ. {thai_digits(fy)}",
            )
        return implied
    # Elderly: people register in the fiscal year before the one they are paid in.
    wanted = fy if fy is not None else fiscal_year(filed_on) + 1
    window = registration_window(wanted, kind)
    if filed_on not in window:
        spans = ", ".join(f"{a.isoformat()} – {b.isoformat()}" for a, b in window.periods)
        spans_th = " และ ".join(f"{format_date(a)} – {format_date(b)}" for a, b in window.periods)
        raise FilingDateError(
            f"filed on {filed_on.isoformat()}: outside "
            + (f"the FY{fy} elderly registration window ({spans})" if fy is not None
               else f"every elderly registration window (FY{wanted} takes {spans})"),
            f"วันที่ยื่นคำขอ {format_date(filed_on)} อยู่นอกช่วงลงทะเบียนเบี้ยยังชีพผู้สูงอายุ"
            f"ของปีงบประมาณ พ.ศ. {thai_digits(wanted)} ({spans_th})",
        )
    return wanted


def first_payment(kind: str, born: Born, *, fy: int | None = None, filed_on: date | None = None,
                  rule: str | None = None) -> Entitlement:
    """Fiscal year, first month paid and its rate for one registrant.

    ``fy`` and ``filed_on`` may each be omitted (a blank form has no filing date; the
    FY then comes from the date). With neither, there is nothing to count from.

    >>> first_payment("elderly", date(1950, 1, 5), fy=2570)
    Entitlement(fy=2570, first_month=datetime.date(2026, 10, 1), rate=700)
    >>> first_payment("disability", date(2010, 6, 1), fy=2570)
    Entitlement(fy=2570, first_month=None, rate=None)
    """
    check_kind(kind)
    if filed_on is not None:
        fy = filing_fy(kind, filed_on, fy)
    elif fy is None:
        raise AllowanceError("a first payment needs a fiscal year or a filing date",
                             "การคำนวณเดือนที่เริ่มรับเงินต้องมีปีงบประมาณหรือวันที่ยื่นคำขอ")
    fy_start, fy_end = fiscal_year_bounds(fy)
    birth = BirthDate.of(born)
    if kind == "elderly":
        first = max(elderly_first_payment(birth, rule=rule), fy_start)
        if first > fy_end:
            raise NotEligibleError(
                f"born {birth.be_text()} (BE): not 60 in time to be paid in FY{fy} "
                f"(first month {_month_text(first)})",
                f"เกิด {birth.be_text()} อายุไม่ครบ ๖๐ ปีทันรับเงินในปีงบประมาณ พ.ศ. {thai_digits(fy)}",
            )
    elif filed_on is None:
        return Entitlement(fy, None, None)
    else:
        first = next_month(filed_on)
    return Entitlement(fy, first, monthly_rate(kind, birth, on=first, rule=rule))
