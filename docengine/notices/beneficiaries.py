"""The beneficiary list of one allowance for one fiscal year: sections, rows, counts.

Rows hold display strings only; the counts and the total are computed here from the
rows and never typed by anyone. The public list (the default) masks all but the last
four ID digits and shows the birth year only (brief §8); ``full_ids=True`` gives the
internal list with full IDs and birth dates.

>>> from docengine.allowance import BirthDate
>>> from docengine.models.person import Person
>>> p = Person(citizen_id="3100600445635", title="นาง", first_name="บัวคำ", last_name="ใจดี",
...            birth=BirthDate(2509, 9, 2), status="รายใหม่")
>>> blist = build_beneficiary_list([p], kind="elderly", fy=2570)
>>> blist.counts, blist.sections[1].rows[0].citizen_id
({'existing': 0, 'new': 1, 'total': 1}, 'X-XXXX-XXXX๕-๖๓-๕')
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from docengine.allowance import age_reference_date, reference_age
from docengine.allowance.start import first_payment
from docengine.allowance.rates import check_kind
from docengine.models.person import NEW, Person
from docengine.thai import citizen_id, fiscal_year_bounds, format_date, thai_digits
from docengine.thai.digits import in_digits

from .settings import wording

SECTION_KEYS = ("existing", "new")  # รายเดิม first, then รายใหม่ (brief §6.5)


@dataclass(frozen=True)
class ListRow:
    """One printed line of the list."""

    number: str
    name: str
    citizen_id: str
    birth: str
    age: str
    remark: str = ""
    born: object = None  # the BirthDate, for the XLSX (a date cell or the BE year)


@dataclass
class ListSection:
    key: str  # "existing" | "new"
    title: str
    rows: list[ListRow] = field(default_factory=list)


@dataclass
class BeneficiaryList:
    kind: str
    fy: int
    full_ids: bool
    sections: list[ListSection]
    age_date: date

    @property
    def counts(self) -> dict[str, int]:
        counts = {s.key: len(s.rows) for s in self.sections}
        counts["total"] = sum(counts.values())
        return counts

    def __len__(self) -> int:
        return self.counts["total"]


def build_beneficiary_list(people: Iterable[Person], *, kind: str, fy: int, full_ids: bool = False,
                           digits: str = "thai") -> BeneficiaryList:
    """Sort people into รายเดิม / รายใหม่ and make each one's printed row."""
    check_kind(kind)
    titles = wording("lists")["sections"]
    sections = {key: ListSection(key, titles[key]) for key in SECTION_KEYS}
    age_date = age_reference_date(kind, fy)
    fy_start = fiscal_year_bounds(fy)[0]
    remark = wording("lists")["new_remark"]
    for person in people:
        section = sections["new" if person.status == NEW else "existing"]
        number = in_digits(str(len(section.rows) + 1), digits)
        note = ""
        if kind == "elderly" and person.status == NEW:
            first = first_payment(kind, person.birth, fy=fy).first_month
            if first > fy_start:
                note = remark.format(month=_month_year(first, digits))
        section.rows.append(ListRow(
            number=number,
            name=person.full_name,
            citizen_id=(citizen_id.format(person.citizen_id, digits=digits) if full_ids
                        else citizen_id.mask(person.citizen_id, digits=digits)),
            birth=in_digits(person.birth.be_text() if full_ids else str(person.birth.be_year), digits),
            age=in_digits(str(reference_age(kind, person.birth, fy)), digits),
            remark=note,
            born=person.birth,
        ))
    return BeneficiaryList(kind, fy, full_ids, [sections[k] for k in SECTION_KEYS], age_date)


def _month_year(d: date, digits: str) -> str:
    """"เม.ย. ๒๕๗๐" – the abbreviated month and BE year of ``d``."""
    return format_date(d, style="abbr", digits=digits).split(" ", 1)[1]


def count_text(n: int, digits: str = "thai") -> str:
    """``n`` with thousands separators in the document's digits: ``๑,๔๐๐``."""
    text = f"{n:,}"
    return thai_digits(text) if digits == "thai" else text
