"""Who is paid what, from when: cohorts, first payment, age brackets and monthly rates.

The counting follows domain brief §5.4: a year of age is completed at the end of
the day before the birthday (``completion_offset_days`` in ``rates.yaml``), the
first payment is the month after the month in which 60 is completed, and the
cohort fiscal year is the fiscal year of that first payment. The older rule
("october") paid from the October after the fiscal year of the 60th birthday.

``born`` is a ``date`` (CE), a bare BE year (``int``; deemed 1 January), or a
:class:`BirthDate`. Fiscal years are BE ints.

>>> elderly_cohort_fy(date(1966, 9, 2))          # 2 Sep 2509
2570
>>> elderly_first_payment(2510)                   # year only: deemed 1 Jan 2510
datetime.date(2027, 1, 1)
>>> monthly_rate("elderly", 2480, on=date(2026, 11, 1))
1000
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from docengine.thai import fiscal_year, fiscal_year_bounds, format_date

from .birth import BE_OFFSET, BirthDate
from .rates import AllowanceError, CohortRule, age_reference, bracket_rule, check_kind, cohort_rule
from .rates import cohort_sentence_template, schedule_on, window_entries

ELDERLY_AGE = 60

Born = BirthDate | date | int


class NotEligibleError(AllowanceError):
    """The person is not entitled to the allowance at the date or fiscal year asked about."""


def _next_month(d: date) -> date:
    return date(d.year + (d.month == 12), d.month % 12 + 1, 1)


def _entitled_from(birth: BirthDate, years: int, rule: CohortRule) -> date:
    """First day of the first month counted at ``years`` of age under ``rule``."""
    completes = birth.completes(years, rule.completion_offset_days)
    if rule.payment_start == "next_fiscal_year":
        return fiscal_year_bounds(fiscal_year(completes) + 1)[0]
    return _next_month(completes)


def age_on(born: Born, on: date) -> int:
    """Completed years of age at the start of ``on``, counted in BE.

    >>> age_on(2500, date(2027, 1, 1))
    70
    """
    return BirthDate.of(born).age_on(on)


def age_reference_date(kind: str, fy: int) -> date:
    """The day of fiscal year ``fy`` that lists and count reports count ages to.

    >>> age_reference_date("elderly", 2570), age_reference_date("disability", 2570)
    (datetime.date(2027, 9, 1), datetime.date(2026, 10, 1))
    """
    month, day = age_reference(kind)
    first, last = fiscal_year_bounds(fy)
    return date(first.year if month >= first.month else last.year, month, day)


def reference_age(kind: str, born: Born, fy: int) -> int:
    """The age a list prints and a count report counts by: completed years on
    :func:`age_reference_date` (the one age rule of lists and reports).

    >>> reference_age("disability", date(2008, 10, 2), 2570), reference_age("disability", date(2008, 10, 1), 2570)
    (17, 18)
    """
    return BirthDate.of(born).age_on(age_reference_date(kind, fy))


def elderly_first_payment(born: Born, *, rule: str | None = None) -> date:
    """First day of the first month paid to a new elderly registrant (brief §5.4).

    >>> elderly_first_payment(date(1967, 3, 15))     # 15 Mar 2510 -> April 2570
    datetime.date(2027, 4, 1)
    """
    return _entitled_from(BirthDate.of(born), ELDERLY_AGE, cohort_rule(rule))


def elderly_cohort_fy(born: Born, *, rule: str | None = None) -> int:
    """BE fiscal year of the cohort the person joins on turning 60.

    >>> elderly_cohort_fy(date(1951, 10, 1), rule="october")  # 1 Oct 2494
    2556
    """
    return fiscal_year(elderly_first_payment(born, rule=rule))


def is_eligible_for_fy(born: Born, fy: int, *, kind: str = "elderly", rule: str | None = None) -> bool:
    """May the person be listed for fiscal year ``fy``?

    Elderly: the first payment month falls in ``fy`` or earlier, i.e. the person
    completes 60 in time to be paid at least one month of ``fy``. Disability: the
    person is born by the last day of ``fy``.

    >>> is_eligible_for_fy(date(1967, 9, 1), 2570), is_eligible_for_fy(date(1967, 9, 2), 2570)
    (True, False)
    """
    check_kind(kind)
    if kind == "elderly":
        return elderly_cohort_fy(born, rule=rule) <= fy
    return BirthDate.of(born).age_on(fiscal_year_bounds(fy)[1]) >= 0


def cohort_birth_range(fy: int, *, rule: str | None = None) -> tuple[date, date]:
    """First and last birth dates (CE) of the elderly cohort of ``fy``.

    >>> cohort_birth_range(2570)
    (datetime.date(1966, 9, 2), datetime.date(1967, 9, 1))
    """
    r = cohort_rule(rule)
    start, end = fiscal_year_bounds(fy)
    if r.payment_start == "next_fiscal_year":
        first_completes, last_completes = fiscal_year_bounds(fy - 1)
    else:
        # Paid from the month after completion: completion falls between the first
        # day of the month before the FY and the last day of its penultimate month.
        first_completes = (start - timedelta(days=1)).replace(day=1)
        last_completes = end.replace(day=1) - timedelta(days=1)
    offset = timedelta(days=r.completion_offset_days)

    def born_for(completes: date) -> date:
        anniversary = completes + offset
        return anniversary.replace(year=anniversary.year - ELDERLY_AGE)

    return born_for(first_completes), born_for(last_completes)


def cohort_sentence(fy: int, *, rule: str | None = None, digits: str = "thai") -> str:
    """The PR-notice sentence naming the cohort's birth range, in Thai digits.

    >>> cohort_sentence(2570)
    'ผู้ที่เกิดตั้งแต่วันที่ ๒ กันยายน ๒๕๐๙ ถึงวันที่ ๑ กันยายน ๒๕๑๐'
    """
    first, last = cohort_birth_range(fy, rule=rule)
    return cohort_sentence_template().format(
        first=format_date(first, style="full", digits=digits),
        last=format_date(last, style="full", digits=digits),
    )


# ------------------------------------------------------------------ brackets


@dataclass(frozen=True)
class AgeBracket:
    """The bracket a person is paid under: label as reports print it, rate, and the age used."""

    kind: str
    label: str
    rate: int
    age: int
    min_age: int
    max_age: int | None

    def __str__(self) -> str:
        return self.label


def bracket_age(kind: str, born: Born, on: date, *, rule: str | None = None) -> int:
    """The age that picks the rate bracket for the payment month containing ``on``.

    ``bracket_rule: fiscal_year`` in rates.yaml gives one age for the whole fiscal
    year: the highest age whose first counted month (as for the first payment at
    60) falls in that fiscal year or earlier. ``month_after_birthday`` counts from
    the month after the age is completed.

    >>> bracket_age("elderly", date(1956, 3, 15), date(2025, 10, 1))   # 70 on 15 Mar 2569
    70
    """
    birth = BirthDate.of(born)
    r = cohort_rule(rule)
    month = on.replace(day=1)
    by_fiscal_year = bracket_rule(kind) == "fiscal_year"
    fy = fiscal_year(on)

    def counted(years: int) -> bool:
        start = _entitled_from(birth, years, r)
        return fiscal_year(start) <= fy if by_fiscal_year else start <= month

    age = max(birth.age_on(on), 0)
    while age > 0 and not counted(age):
        age -= 1
    while counted(age + 1):
        age += 1
    return age


def age_bracket(kind: str, born: Born, on: date, *, rule: str | None = None) -> AgeBracket:
    """Bracket label and rate for the payment month containing ``on``.

    >>> str(age_bracket("elderly", 2505, date(2026, 11, 1)))
    '60-69 ปี'
    """
    check_kind(kind)
    birth = BirthDate.of(born)
    _require_entitled(kind, birth, on, rule)
    age = bracket_age(kind, birth, on, rule=rule)
    schedule = schedule_on(kind, on)
    bracket = schedule.bracket_for(age)
    if bracket is None:
        raise NotEligibleError(
            f"no {kind} rate bracket for age {age} on {on.isoformat()}",
            f"ไม่มีอัตราเบี้ยสำหรับอายุ {age} ปี ณ วันที่ {on.isoformat()}",
        )
    return AgeBracket(kind, bracket.label, bracket.rate, age, bracket.min_age, bracket.max_age)


def monthly_rate(kind: str, born: Born, on: date, *, rule: str | None = None) -> int:
    """Baht per month paid by the LAO for the month containing ``on`` (brief §5.8).

    >>> monthly_rate("disability", date(2015, 6, 1), on=date(2026, 1, 1))
    1000
    """
    return age_bracket(kind, born, on, rule=rule).rate


def _require_entitled(kind: str, birth: BirthDate, on: date, rule: str | None) -> None:
    if kind == "elderly":
        first = elderly_first_payment(birth, rule=rule)
        if on < first:
            raise NotEligibleError(
                f"born {birth.be_text()} (BE): not entitled before {first.isoformat()}",
                f"เกิด {birth.be_text()} ยังไม่มีสิทธิรับเบี้ยก่อนวันที่ {first.isoformat()}",
            )
    elif birth.age_on(on) < 0:
        raise NotEligibleError(
            f"born {birth.be_text()} (BE), after {on.isoformat()}",
            f"เกิด {birth.be_text()} หลังวันที่ {on.isoformat()}",
        )


# ------------------------------------------------------- registration windows


@dataclass(frozen=True)
class RegistrationWindow:
    """When people register for fiscal year ``fy``: one or more runs of whole months (CE dates)."""

    fy: int
    kind: str
    periods: tuple[tuple[date, date], ...]
    rule_th: str

    @property
    def opens(self) -> date:
        return self.periods[0][0]

    @property
    def closes(self) -> date:
        return self.periods[-1][1]

    def __contains__(self, day: date) -> bool:
        return any(first <= day <= last for first, last in self.periods)


def registration_window(fy: int, kind: str = "elderly") -> RegistrationWindow:
    """The registration window for ``fy`` from ``windows.yaml``.

    >>> w = registration_window(2570)
    >>> [(a.isoformat(), b.isoformat()) for a, b in w.periods]
    [('2025-10-01', '2025-11-30'), ('2026-01-01', '2026-09-30')]
    >>> date(2025, 12, 15) in w
    False
    """
    entries = [e for e in window_entries(kind) if e["from_fy"] <= fy]
    if not entries:
        first = window_entries(kind)[0]["from_fy"]
        raise AllowanceError(
            f"no {kind} registration window is configured before FY{first} (asked for FY{fy})",
            f"ไม่มีการกำหนดช่วงลงทะเบียนก่อนปีงบประมาณ พ.ศ. {first} (ขอปี {fy})",
        )
    entry = entries[-1]
    periods = []
    for p in entry["periods"]:
        ce_year = fy + p["year_offset"] - BE_OFFSET
        last_day = calendar.monthrange(ce_year, p["last_month"])[1]
        periods.append((date(ce_year, p["first_month"], 1), date(ce_year, p["last_month"], last_day)))
    return RegistrationWindow(fy, kind, tuple(periods), entry["rule_th"])
