"""What a pre-filled proxy letter (หนังสือมอบอำนาจ, brief §6.4) shows for one people-file row.

The beneficiary is the grantor; the row's proxy columns give the attorney. A row paid by
method 4 (transfer to the attorney's account) gets the bank-account variant.

>>> from docengine.allowance import BirthDate
>>> from docengine.models.person import Person, Proxy
>>> p = Person("3100600445635", "นาง", "บัวคำ", "ใจดี", BirthDate(2500, 1, 5), payment_method=4,
...            proxy=Proxy("นาย", "สมหมาย", "ใจดี", relation="บุตร"))
>>> variant, v = proxy_values(p, fy=2570, place="เทศบาลตำบลสันทราย")
>>> variant, v["g_name"], v["a_name"], v["g_cid"]
('bank', 'นางบัวคำ ใจดี', 'นายสมหมาย ใจดี', '๓-๑๐๐๖-๐๐๔๔๕-๖๓-๕')
"""

from __future__ import annotations

from datetime import date

from ..models.person import Person
from ..thai import citizen_id, format_date, thai_digits
from .values import date_parts


def _t(value) -> str:
    return thai_digits(str(value)) if value not in (None, "") else ""


def names_proxy(person: Person) -> bool:
    """Does the row name an authorised person (so that a proxy letter is wanted)?

    >>> from docengine.allowance import BirthDate
    >>> names_proxy(Person("3100600445635", "นาง", "บัวคำ", "ใจดี", BirthDate(2500)))
    False
    """
    return bool(person.proxy and person.proxy.first_name and person.proxy.last_name)


def proxy_values(person: Person, *, fy: int, filed_on: date | None = None,
                 place: str = "") -> tuple[str, dict[str, str]]:
    a = person.address
    variant = "bank" if person.payment_method == 4 else ""
    v = {
        "place": place, "g_name": person.full_name, "g_sign": person.full_name,
        "g_cid": _t(citizen_id.format(person.citizen_id)),
        "g_house_no": _t(a.house_no), "g_moo": _t(a.moo), "g_soi": _t(a.soi), "g_road": _t(a.road),
        "g_subdistrict": a.subdistrict or "", "g_district": a.district or "", "g_province": a.province or "",
        "g_issued_at": person.id_issued_at or "",
        "g_issued_on": format_date(person.id_issued_on) if person.id_issued_on else "",
    }
    v.update(date_parts("filed", filed_on))
    p = person.proxy
    if p and p.full_name:
        v.update({"a_name": p.full_name, "a_sign": p.full_name, "a_relation": p.relation or "",
                  "a_cid": _t(citizen_id.format(p.citizen_id)) if p.citizen_id else "",
                  "a_address": _t(p.address), "a_issued_at": p.id_issued_at or "",
                  "a_issued_on": format_date(p.id_issued_on) if p.id_issued_on else ""})
    if variant:
        v.update({"bank": person.bank or "", "bank_branch": person.bank_branch or "",
                  "account_no": _t(person.account_no), "account_name": person.account_name or ""})
    return variant, {k: val for k, val in v.items() if val}
