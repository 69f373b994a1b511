"""Count reports: people and money by rate bracket, per LAO and rolled up (brief §6.8).

Every figure is computed from the people file: counts by bracket and status, the
monthly amount at full entitlement (people × rate), and the year's amount summed
month by month over the months each person is actually entitled to in the fiscal
year, at the rate in force for that month (a new registrant paid from April counts
six months; a disabled child turning 18 changes rate mid-year).

>>> from docengine.allowance import BirthDate
>>> from docengine.models.person import Person
>>> p = Person(citizen_id="3100600445635", title="นาง", first_name="ก", last_name="ข",
...            birth=BirthDate(2500, 1, 5), status="รายเดิม")
>>> c = count_lao([p], kind="elderly", fy=2570, lao="ทต.สันทราย")
>>> [(b.label, b.existing, b.monthly) for b in c.brackets if b.total], c.annual
([('70-79 ปี', 1, 700)], 8400)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from docengine.allowance import AllowanceError, age_bracket, reference_age, schedule_on
from docengine.allowance.birth import BirthDate
from docengine.allowance.rates import check_kind
from docengine.models.person import NEW, Person
from docengine.thai import fiscal_year_bounds


@dataclass
class BracketCount:
    label: str
    rate: int
    existing: int = 0
    new: int = 0
    monthly: int = 0  # baht per month at full entitlement
    annual: int = 0  # baht over the fiscal year, month by month

    @property
    def total(self) -> int:
        return self.existing + self.new


@dataclass
class LaoCount:
    """One LAO's counts for one allowance and fiscal year."""

    lao: str
    district: str
    brackets: list[BracketCount] = field(default_factory=list)

    def _sum(self, attr: str) -> int:
        return sum(getattr(b, attr) for b in self.brackets)

    existing = property(lambda self: self._sum("existing"))
    new = property(lambda self: self._sum("new"))
    total = property(lambda self: self._sum("total"))
    monthly = property(lambda self: self._sum("monthly"))
    annual = property(lambda self: self._sum("annual"))


def by_district(counts: list[LaoCount]) -> dict[str, list[LaoCount]]:
    """The LAOs of a roll-up grouped by district, in the order they came (report rows, XLSX)."""
    out: dict[str, list[LaoCount]] = {}
    for c in counts:
        out.setdefault(c.district, []).append(c)
    return out


def fy_months(fy: int) -> list[date]:
    """First days of the twelve payment months of ``fy`` (October to September)."""
    start = fiscal_year_bounds(fy)[0]
    return [date(start.year + (start.month + i - 1) // 12, (start.month + i - 1) % 12 + 1, 1)
            for i in range(12)]


@lru_cache(maxsize=65536)
def _entitlement(kind: str, birth: BirthDate, fy: int) -> tuple[str, int, int] | None:
    """(bracket label, its rate, baht over the year) for one birth date; None if never entitled.

    The bracket a person is counted in is the one of the age the beneficiary list prints
    (:func:`~docengine.allowance.reference_age`, stated on the report); the year's amount
    is summed month by month at the rate of each month.
    """
    year, entitled = 0, False
    for month in fy_months(fy):
        try:
            year += age_bracket(kind, birth, month).rate
            entitled = True
        except AllowanceError:  # not yet entitled this month
            continue
    if not entitled:
        return None
    schedule = schedule_on(kind, fiscal_year_bounds(fy)[0])
    bracket = schedule.bracket_for(max(reference_age(kind, birth, fy), 0)) or schedule.brackets[0]
    return bracket.label, bracket.rate, year


def count_lao(people: list[Person], *, kind: str, fy: int, lao: str, district: str = "") -> LaoCount:
    """Counts and amounts of one LAO, one row per bracket of the rate table in force."""
    check_kind(kind)
    schedule = schedule_on(kind, fiscal_year_bounds(fy)[0])
    rows = {b.label: BracketCount(b.label, b.rate) for b in schedule.brackets}
    for person in people:
        ent = _entitlement(kind, person.birth, fy)
        if ent is None:
            continue
        label, rate, year = ent
        row = rows.setdefault(label, BracketCount(label, rate))
        if person.status == NEW:
            row.new += 1
        else:
            row.existing += 1
        row.monthly += rate
        row.annual += year
    return LaoCount(lao, district, list(rows.values()))


def roll_up(people: list[Person], *, kind: str, fy: int, default_lao: str = "") -> list[LaoCount]:
    """One LaoCount per LAO (the people file's ``lao`` column), ordered by district then LAO.

    A LAO's district is the one most of its people's addresses name.
    """
    groups: dict[str, list[Person]] = {}
    for person in people:
        groups.setdefault(person.lao or default_lao, []).append(person)
    result = []
    for lao, members in groups.items():
        districts = Counter(p.address.district for p in members if p.address.district)
        district = districts.most_common(1)[0][0] if districts else ""
        result.append(count_lao(members, kind=kind, fy=fy, lao=lao, district=district))
    return sorted(result, key=lambda c: (c.district, c.lao))
