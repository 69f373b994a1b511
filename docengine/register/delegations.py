"""Delegations: who signs ปฏิบัติราชการแทน / รักษาราชการแทน whom, from when until when.

A delegation of an office (agency code) names the signer (a register user, or a name and
position), the capacity (the letter schema's ``signer.capacity`` choices), the principal's
position and its first and last day (both inclusive). A letter of that office signed by that
signer on a date inside gets the capacity and the principal in its signature block
(:func:`fill_signer`, called by ``issue_letter``), unless its data already says how it is signed.

>>> import os, tempfile
>>> from datetime import date
>>> from docengine.register import open_register
>>> reg = open_register(os.path.join(tempfile.mkdtemp(), "d.sqlite3"))
>>> d = add_delegation(reg, "ชม 52101", name="นายสมศักดิ์ รักงาน", position="ปลัดเทศบาล",
...                    capacity="ปฏิบัติราชการแทน", principal="นายกเทศมนตรีตำบลสันทราย",
...                    starts_on=date(2024, 1, 1), ends_on=date(2024, 1, 31))
>>> signer = {"name": "นายสมศักดิ์  รักงาน", "position": ["ปลัดเทศบาล"]}
>>> fill_signer(reg, "ชม 52101", signer, date(2024, 1, 31))["capacity"]
'ปฏิบัติราชการแทน'
>>> "capacity" in fill_signer(reg, "ชม 52101", signer, date(2024, 2, 1))
False
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import cache

from sqlalchemy import select

from docengine.errors import DocengineError

from .db import read_session, write_session
from .tables import Delegation, RegisterUser


@cache
def capacities() -> tuple[str, ...]:
    """The capacities a signer may sign in: the external letter schema's ``signer.capacity`` choices."""
    from docengine.render.templateset import find_set

    return tuple(find_set("letters/external").schema.fields["signer"].fields["capacity"].choices)


@dataclass(frozen=True)
class DelegationRecord:
    id: int
    agency_code: str
    user_id: int | None
    login: str | None
    name: str
    position: str
    capacity: str
    principal: str
    starts_on: date
    ends_on: date
    note: str | None = None

    def covers(self, on: date) -> bool:
        return self.starts_on <= on <= self.ends_on

    def to_dict(self) -> dict:
        return {"id": self.id, "agency": self.agency_code, "user_id": self.user_id, "login": self.login,
                "name": self.name, "position": self.position, "capacity": self.capacity,
                "principal": self.principal, "from": self.starts_on.isoformat(), "until": self.ends_on.isoformat(),
                "note": self.note}


def _record(s, row: Delegation) -> DelegationRecord:
    login = s.get(RegisterUser, row.user_id).login if row.user_id is not None else None
    return DelegationRecord(row.id, row.agency_code, row.user_id, login, row.name, row.position, row.capacity,
                            row.principal, row.starts_on, row.ends_on, row.note)


def _squeeze(text) -> str:
    return "".join(str(text or "").split())


def add_delegation(reg, agency: str, *, capacity: str, principal: str, starts_on: date, ends_on: date,
                   login: str | None = None, name: str | None = None, position: str | None = None,
                   note: str | None = None) -> DelegationRecord:
    """Record that in office ``agency`` the signer (``login``, a register user, or ``name`` and
    ``position``) signs ``capacity`` ``principal`` from ``starts_on`` until ``ends_on`` (inclusive)."""
    problems = []
    if capacity not in capacities():
        problems.append((f"capacity {capacity!r}: use one of {', '.join(capacities())}",
                         f"การลงนามแทน {capacity!r} ต้องเป็นค่าใดค่าหนึ่งใน {', '.join(capacities())}"))
    if not (principal or "").strip():
        problems.append(("give the principal's position (--principal)", "ต้องระบุตำแหน่งผู้มอบ (--principal)"))
    if not login and not ((name or "").strip() and (position or "").strip()):
        problems.append(("name the signer: --user LOGIN, or --name and --position",
                         "ระบุผู้ลงนาม: --user หรือ --name และ --position"))
    if starts_on and ends_on and ends_on < starts_on:
        problems.append((f"the delegation ends ({ends_on}) before it starts ({starts_on})",
                         "วันสิ้นสุดการมอบหมายอยู่ก่อนวันเริ่ม"))
    if problems:
        raise DocengineError("; ".join(p[0] for p in problems), "; ".join(p[1] for p in problems))
    code = reg.agency(agency).code  # an unknown agency is refused here
    with write_session(reg.engine) as s:
        user_id = None
        if login:
            u = s.scalars(select(RegisterUser).where(RegisterUser.login == login)).first()
            if u is None:
                raise DocengineError(f"no user {login!r}", f"ไม่มีผู้ใช้ {login!r}")
            user_id, name, position = u.id, name or u.name, position or u.position
        row = Delegation(agency_code=code, user_id=user_id, name=name.strip(), position=position.strip(),
                         capacity=capacity, principal=principal.strip(), starts_on=starts_on, ends_on=ends_on,
                         note=note, created_at=datetime.now(timezone.utc))
        s.add(row)
        s.flush()
        return _record(s, row)


def end_delegation(reg, delegation_id: int, *, on: date) -> DelegationRecord:
    """End delegation ``delegation_id`` on ``on`` (its last day; not later than it was to end)."""
    with write_session(reg.engine) as s:
        row = s.get(Delegation, delegation_id)
        if row is None:
            raise DocengineError(f"no delegation {delegation_id}", f"ไม่มีการมอบหมายลำดับที่ {delegation_id}")
        if on < row.starts_on:
            raise DocengineError(f"{on} is before the delegation starts ({row.starts_on})",
                                 "วันสิ้นสุดอยู่ก่อนวันเริ่มการมอบหมาย")
        row.ends_on = min(row.ends_on, on)
        s.flush()
        return _record(s, row)


def delegations(reg, agency: str | None = None, *, on: date | None = None) -> list[DelegationRecord]:
    """The delegations of ``agency`` (default every office), those in force ``on`` if given."""
    with read_session(reg.engine) as s:
        q = select(Delegation).order_by(Delegation.starts_on, Delegation.id)
        if agency:
            q = q.where(Delegation.agency_code == reg.agency(agency).code)
        rows = [_record(s, r) for r in s.scalars(q)]
    return [r for r in rows if on is None or r.covers(on)]


def delegation_for(reg, agency: str, on: date, *, user_id: int | None = None,
                   name: str | None = None) -> DelegationRecord | None:
    """The delegation under which the signer (``user_id``, else ``name``) signs for ``agency`` on
    ``on``: the latest started one if several cover the day; None if there is none."""
    found = [d for d in delegations(reg, agency, on=on)
             if (user_id is not None and d.user_id == user_id) or (name and _squeeze(d.name) == _squeeze(name))]
    return max(found, key=lambda d: (d.starts_on, d.id)) if found else None


def fill_signer(reg, agency: str, signer: dict | None, on: date, *, user_id: int | None = None) -> dict | None:
    """``signer`` with the capacity and principal of the delegation in force ``on``, unless it
    already gives either (the data says how it is signed)."""
    if not isinstance(signer, dict) or signer.get("capacity") or signer.get("principal"):
        return signer
    d = delegation_for(reg, agency, on, user_id=user_id, name=signer.get("name"))
    if d is None:
        return signer
    return {**signer, "capacity": d.capacity, "principal": d.principal}
