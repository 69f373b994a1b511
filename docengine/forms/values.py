"""What a pre-filled form shows for one applicant: blank name → display string.

Everything printed about a person is computed here, in Python, from a validated
:class:`~docengine.models.person.Person` (never typed by the user, never computed in a
template): Thai digits, BE dates, the ID split into its 13 boxes, ticks, and the
tear-off receipt's first payment month and monthly rate (brief §5.4, §5.8).

>>> from datetime import date
>>> from docengine.allowance import BirthDate
>>> from docengine.models.person import Person
>>> p = Person(citizen_id="3100600445635", title="นาง", first_name="บัวคำ", last_name="ใจดี",
...            birth=BirthDate(2510, 3, 15), payment_method=1)
>>> v = applicant_values(p, kind="elderly", fy=2570, filed_on=date(2026, 5, 4))
>>> v["name"], v["born_y"], v["cid_0"], v["first_m"], v["first_y"], v["rate"], v["pay_1"]
('นางบัวคำ', '๒๕๑๐', '๓', 'เมษายน', '๒๕๗๐', '๖๐๐', '√')
"""

from __future__ import annotations

from datetime import date

from ..allowance import payment_method
from ..allowance import NotEligibleError
from ..allowance.start import Entitlement, first_payment
from ..models.person import Person
from ..thai import be_year, bangkok_today, citizen_id, format_amount, format_date, month_name, thai_digits

TICK = "√"  # the bundled Sarabun has no ✓ or ☐; √ is the tick Thai forms have always used


def date_parts(prefix: str, d: date | None) -> dict[str, str]:
    """``{prefix_d, prefix_m, prefix_y}`` for the day / month / BE year blanks."""
    if d is None:
        return {}
    return {f"{prefix}_d": thai_digits(str(d.day)), f"{prefix}_m": month_name(d.month),
            f"{prefix}_y": thai_digits(str(be_year(d)))}


def id_boxes(prefix: str, cid: str | None) -> dict[str, str]:
    """One Thai digit per box: ``prefix_0`` … ``prefix_12``."""
    if not cid:
        return {}
    return {f"{prefix}_{i}": thai_digits(ch) for i, ch in enumerate(cid)}


def _t(value) -> str:
    return thai_digits(str(value)) if value not in (None, "") else ""


def _tick_matching(prefix: str, options: list[str], value: str | None) -> dict[str, str]:
    if not value:
        return {}
    for i, option in enumerate(options, 1):
        if value == option or value.replace(" ", "") == option.replace(" ", ""):
            return {f"{prefix}_{i}": TICK}
    return {}


def applicant_values(person: Person, *, kind: str, fy: int, filed_on: date | None = None,
                     marital: list[str] = (), titles: list[str] = (),
                     relations: list[str] = (), welfare: list[str] = (),
                     declarations: int = 0) -> dict[str, str]:
    """Every blank of a registration form that the people file can fill, for one applicant."""
    born = person.birth
    age_on = filed_on or bangkok_today()
    try:
        ent = first_payment(kind, person.birth, fy=fy, filed_on=filed_on)
    except NotEligibleError:  # filed early (a warning): the office writes the month in later
        ent = Entitlement(fy, None, None)
    a = person.address
    fid = thai_digits(citizen_id.format(person.citizen_id))
    v: dict[str, str] = {
        "name": f"{person.title}{person.first_name}", "surname": person.last_name,
        "first_name": person.first_name, "title_other": "",
        "born_d": _t(born.day) if born.day else "", "born_y": _t(born.be_year),
        "born_m": month_name(born.month) if born.month else "",
        "age": _t(born.age_on(age_on)), "nationality": person.nationality or "ไทย",
        "house_no": _t(a.house_no), "moo": _t(a.moo), "community": a.community or "", "soi": _t(a.soi),
        "road": _t(a.road), "subdistrict": a.subdistrict or "", "district": a.district or "",
        "province": a.province or "", "postcode": _t(a.postcode), "phone": _t(person.phone),
        "occupation": person.occupation or "",
        "income": format_amount(person.monthly_income) if person.monthly_income is not None else "",
        "bank": person.bank or "", "bank_branch": person.bank_branch or "",
        "account_no": _t(person.account_no), "account_name": person.account_name or "",
        "reference_name": person.reference_name or "", "reference_phone": _t(person.reference_phone),
        "check_name": person.full_name, "check_cid": fid,
        "receipt_name": person.full_name, "receipt_cid": fid,
        "first_m": month_name(ent.first_month.month) if ent.first_month else "",
        "first_y": _t(be_year(ent.first_month)) if ent.first_month else "",
        "rate": format_amount(ent.rate) if ent.rate else "",
        "signer_name": person.full_name,
        "attach_1": TICK, "attach_2": TICK,
    }
    v.update(id_boxes("cid", person.citizen_id))
    v.update(date_parts("filed", filed_on))
    v.update(date_parts("rfiled", filed_on))
    v.update(_tick_matching("marital", list(marital), person.marital_status))
    v.update(_tick_matching("welfare", list(welfare), person.welfare_status))
    if person.moved_on:
        v["moved_on"] = format_date(person.moved_on)
    if person.consent == "ยินยอม":  # the applicant's own boxes, ticked only when the data records it
        v.update({f"declare_{i}": TICK for i in range(1, declarations + 1)})
    if person.title in titles and person.title != titles[-1]:
        v.update(_tick_matching("title", list(titles), person.title))
    elif titles:
        v[f"title_{len(titles)}"], v["title_other"] = TICK, person.title
    if person.payment_method:
        method = payment_method(person.payment_method)
        v[f"pay_{method.number}"] = TICK
        if method.needs_bank:
            v["attach_3"] = TICK
    for t in person.disability_types:
        v[f"dtype_{t}"] = TICK
    if person.proxy and person.proxy.full_name:
        p = person.proxy
        v.update({"proxy_name": p.full_name, "proxy_relation": p.relation or "",
                  "proxy_address": _t(p.address), "proxy_phone": _t(p.phone),
                  "signer_name": p.full_name, "attach_4": TICK})
        v.update(id_boxes("proxy_cid", p.citizen_id))
        v.update(_tick_matching("relation", list(relations), p.relation))
    return {k: val for k, val in v.items() if val}



def registration_number_values(running_no: int | None) -> dict[str, str]:
    """ทะเบียนเลขที่ for the form's head and for its tear-off slip: the same number in both blanks.

    The form prints "/<fiscal year>" after the blank, so ``12`` reads "ทะเบียนเลขที่ ๑๒/๒๕๗๐".

    >>> registration_number_values(12)
    {'reg_no': '๑๒', 'reg_no2': '๑๒'}
    >>> registration_number_values(None)
    {}
    """
    if running_no is None:
        return {}
    text = thai_digits(str(running_no))
    return {"reg_no": text, "reg_no2": text}
