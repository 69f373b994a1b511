"""Thai government holidays (วันหยุดราชการ) and working days, from ``data/holidays.yaml``.

Fixed-date holidays repeat every year; Buddhist holidays are listed per BE year; a
holiday on a Saturday or Sunday gives a substitute day (วันหยุดชดเชย) on the next working
day. A year without a Buddhist-holiday list is refused: a calendar is never computed as
if those days were working days.

>>> from datetime import date
>>> holiday(date(2026, 12, 7)).name                  # 5 Dec 2569 is a Saturday
'ชดเชยวันคล้ายวันพระบรมราชสมภพของพระบาทสมเด็จพระบรมชนกาธิเบศร มหาภูมิพลอดุลยเดชมหาราช บรมนาถบพิตร วันชาติ และวันพ่อแห่งชาติ'
>>> is_working_day(date(2026, 10, 9)), is_working_day(date(2026, 10, 13))
(True, False)
>>> working_day_on_or_before(date(2026, 10, 10))     # a Saturday
datetime.date(2026, 10, 9)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from docengine import refdata

from .errors import ThaiDateError

BE_OFFSET = 543


@dataclass(frozen=True)
class Holiday:
    day: date
    name: str
    uncertain: bool = False  # computed, not yet announced by the Cabinet
    substitute: bool = False  # วันหยุดชดเชย for a holiday on a weekend


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


@refdata.dataset("holidays", "holidays.yaml")
def _validate(content) -> list[str]:
    problems = []
    if not str((content or {}).get("source") or "").strip():
        problems.append("source: say where the holiday list comes from")
    for i, h in enumerate((content or {}).get("fixed") or []):
        try:
            month, day = (int(x) for x in str(h["date"]).split("-"))
            date(2024, month, day)
        except (KeyError, ValueError, TypeError):
            problems.append(f"fixed[{i}].date: expected MM-DD, got {h.get('date')!r}")
        if not isinstance(h.get("name"), str):
            problems.append(f"fixed[{i}].name: must be text")
    for year, items in ((content or {}).get("lunar") or {}).items():
        for i, h in enumerate(items or []):
            try:
                d = _as_date(h["date"])
            except (KeyError, ValueError, TypeError):
                problems.append(f"lunar.{year}[{i}].date: expected YYYY-MM-DD (CE)")
                continue
            if d.year + BE_OFFSET != int(year):
                problems.append(f"lunar.{year}[{i}].date: {d} is not in BE {year}")
    return problems


@cache
def _year(ce_year: int) -> dict[date, Holiday]:
    content = refdata.load("holidays")
    be = ce_year + BE_OFFSET
    lunar = {int(k): v for k, v in (content.get("lunar") or {}).items()}
    if be not in lunar:
        known = ", ".join(str(y) for y in sorted(lunar))
        raise ThaiDateError(
            f"no Buddhist-holiday dates for BE {be} in data/holidays.yaml (it has {known}); "
            "add the year's Cabinet list before computing a calendar that reaches it",
            f"ไม่มีวันหยุดทางพุทธศาสนาของปี พ.ศ. {be} ใน data/holidays.yaml (มีปี {known}) "
            "ให้เพิ่มวันหยุดราชการประจำปีตามประกาศก่อน")
    days: dict[date, Holiday] = {}
    for h in content.get("fixed") or []:
        if int(h.get("since") or 0) > be:
            continue
        month, day = (int(x) for x in str(h["date"]).split("-"))
        d = date(ce_year, month, day)
        days[d] = Holiday(d, h["name"])
    for h in lunar[be]:
        d = _as_date(h["date"])
        days[d] = Holiday(d, h["name"], uncertain=str(h.get("uncertain", "")).lower() == "true")
    # วันหยุดชดเชย: each weekend holiday moves to the next day that is neither a weekend
    # nor a holiday nor another substitute (in date order, so Songkran's run shifts as one).
    for h in sorted(days.values(), key=lambda h: h.day):
        if h.day.weekday() >= 5 and not h.substitute:
            d = h.day + timedelta(days=1)
            while d.weekday() >= 5 or d in days:
                d += timedelta(days=1)
            if d.year == ce_year:
                days[d] = Holiday(d, f"ชดเชย{h.name}", uncertain=h.uncertain, substitute=True)
    return days


def holiday(d: date) -> Holiday | None:
    """The holiday on ``d``, or ``None`` (weekends are not holidays, only non-working days)."""
    return _year(d.year).get(d)


def is_working_day(d: date) -> bool:
    """Monday to Friday and not a government holiday."""
    return d.weekday() < 5 and holiday(d) is None


def working_day_on_or_before(d: date) -> date:
    """``d`` if it is a working day, else the last working day before it."""
    while not is_working_day(d):
        d -= timedelta(days=1)
    return d


def working_day_on_or_after(d: date) -> date:
    """``d`` if it is a working day, else the first working day after it."""
    while not is_working_day(d):
        d += timedelta(days=1)
    return d


def holidays_between(first: date, last: date) -> list[Holiday]:
    """Every holiday from ``first`` to ``last`` inclusive, in date order."""
    out = []
    for year in range(first.year, last.year + 1):
        out += [h for d, h in _year(year).items() if first <= d <= last]
    return sorted(out, key=lambda h: h.day)
