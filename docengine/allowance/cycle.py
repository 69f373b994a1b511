"""The registration cycle of one fiscal year: what the LAO's calendar and the PR notice print.

Registration periods (``windows.yaml``), the list announcement and objection period, and
the payment day of each month of the fiscal year (``cycle.yaml``). Weekdays and holidays
come from :mod:`docengine.thai`; only the payment day moves when it falls on a holiday,
because only its rule says so (brief §5.5); every other date is shown with a warning.

>>> c = registration_cycle(2570, "elderly")
>>> [(e.start.isoformat(), e.end.isoformat()) for e in c.registration]
[('2025-10-01', '2025-11-30'), ('2026-01-01', '2026-09-30')]
>>> c.first("announcement").start, c.first("objection").end
(datetime.date(2026, 10, 15), datetime.date(2026, 10, 29))
>>> p = c.payments[0]
>>> p.start, p.moved_from                      # 10 Oct 2569 is a Saturday
(datetime.date(2026, 10, 9), datetime.date(2026, 10, 10))
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from docengine import refdata
from docengine.thai import fiscal_year_bounds
from docengine.thai.holidays import holiday, holidays_between, is_working_day, working_day_on_or_before

from .cohort import registration_window
from .rates import check_kind
from .start import next_month

TITLES = {
    "registration": ("ช่วงลงทะเบียน", "Registration period"),
    "announcement": ("ประกาศบัญชีรายชื่อผู้มีสิทธิ", "Beneficiary list announced"),
    "objection": ("ระยะเวลายื่นคัดค้านบัญชีรายชื่อ", "Objection period"),
    "payment": ("วันจ่ายเงินเบี้ย", "Payment day"),
}


@dataclass(frozen=True)
class CycleEvent:
    """One entry of the calendar: a day (``end`` == ``start``) or a run of days."""

    key: str
    start: date
    end: date
    title_th: str
    title_en: str
    moved_from: date | None = None  # the rule's day, when a holiday moved it
    note_th: str = ""
    note_en: str = ""


@dataclass(frozen=True)
class Cycle:
    fy: int
    kind: str
    events: tuple[CycleEvent, ...]

    @property
    def registration(self) -> list[CycleEvent]:
        return [e for e in self.events if e.key == "registration"]

    @property
    def payments(self) -> list[CycleEvent]:
        return [e for e in self.events if e.key == "payment"]

    def first(self, key: str) -> CycleEvent:
        return next(e for e in self.events if e.key == key)

    @property
    def span(self) -> tuple[date, date]:
        return min(e.start for e in self.events), max(e.end for e in self.events)


@refdata.dataset("allowance_cycle", "allowance/cycle.yaml")
def _validate(content) -> list[str]:
    problems = []
    for kind in ("elderly", "disability"):
        a = ((content or {}).get("announcement") or {}).get(kind) or {}
        if a.get("after") not in ("window_close", "fy_start"):
            problems.append(f"announcement.{kind}.after: window_close or fy_start")
        if not str(a.get("days", "")).isdigit():
            problems.append(f"announcement.{kind}.days: a number of days")
    for key in ("objection_days", "payment_day"):
        if not str((content or {}).get(key, "")).isdigit():
            problems.append(f"{key}: a number")
    if (content or {}).get("payment_on_holiday") not in ("previous_working_day", "next_working_day", "none"):
        problems.append("payment_on_holiday: previous_working_day, next_working_day or none")
    return problems


def _flag(d: date) -> tuple[str, str]:
    """A warning for a day of the cycle that no rule moves but the office is closed."""
    h = holiday(d)
    if h is not None:
        extra = " (ยังไม่ประกาศ)" if h.uncertain else ""
        return f"ตรงกับ{h.name}{extra}", f"falls on a public holiday{' (not yet announced)' if h.uncertain else ''}"
    if d.weekday() >= 5:
        return "ตรงกับวันหยุดสุดสัปดาห์", "falls on a weekend"
    return "", ""


def _event(key: str, start: date, end: date | None = None, **kw) -> CycleEvent:
    th, en = TITLES[key]
    end = end or start
    note_th, note_en = _flag(end)
    return CycleEvent(key, start, end, th, en, note_th=kw.get("note_th", note_th),
                      note_en=kw.get("note_en", note_en), moved_from=kw.get("moved_from"))


def payment_day(month: date) -> tuple[date, date | None]:
    """(the day paid in ``month``, the rule's day if a holiday moved it)."""
    rules = refdata.load("allowance_cycle")
    rule_day = month.replace(day=int(rules["payment_day"]))
    how = rules["payment_on_holiday"]
    if how == "none" or is_working_day(rule_day):
        return rule_day, None
    if how == "previous_working_day":
        return working_day_on_or_before(rule_day), rule_day
    d = rule_day
    while not is_working_day(d):
        d += timedelta(days=1)
    return d, rule_day


def registration_cycle(fy: int, kind: str = "elderly") -> Cycle:
    """Every date of the registration cycle for fiscal year ``fy``."""
    check_kind(kind)
    rules = refdata.load("allowance_cycle")
    window = registration_window(fy, kind)
    fy_start, fy_end = fiscal_year_bounds(fy)
    runs: list[list[date]] = []
    for a, b in window.periods:  # months that follow on are one run (disability: all year)
        if runs and runs[-1][1] + timedelta(days=1) == a:
            runs[-1][1] = b
        else:
            runs.append([a, b])
    events = [_event("registration", a, b) for a, b in runs]
    a = rules["announcement"][kind]
    base = window.closes if a["after"] == "window_close" else fy_start - timedelta(days=1)
    announced = base + timedelta(days=int(a["days"]))
    events.append(_event("announcement", announced))
    events.append(_event("objection", announced,
                         announced + timedelta(days=int(rules["objection_days"]) - 1)))
    month = fy_start
    while month <= fy_end:
        paid, moved = payment_day(month)
        if moved:
            why = holiday(moved)
            name = why.name if why else "วันหยุดสุดสัปดาห์"
            note_th = f"วันที่ {moved.day} ตรงกับ{name} จ่ายในวันทำการก่อนหน้า"
            note_en = f"the {moved.day}th is a holiday or weekend: paid the working day before"
        else:
            note_th = note_en = ""
        events.append(_event("payment", paid, moved_from=moved, note_th=note_th, note_en=note_en))
        month = next_month(month)
    return Cycle(fy, kind, tuple(sorted(events, key=lambda e: (e.start, e.key))))


def cycle_holidays(cycle: Cycle):
    """The public holidays over the cycle's span (printed with the calendar)."""
    return holidays_between(*cycle.span)
