"""Register users (signers with a PIN) and the signatures recorded on letters and receipts.

>>> import os, tempfile
>>> from docengine.register import open_register
>>> reg = open_register(os.path.join(tempfile.mkdtemp(), "s.sqlite3"))
>>> add_user(reg, "somchai", name="นายสมชาย ใจดี", position="นายกเทศมนตรีตำบลสันทราย", pin="2567").role
'signer'
>>> authenticate(reg, "somchai", "2567").name
'นายสมชาย ใจดี'

Every change here goes through ``write_session``, so it is in the audit log
(user.created, letter.signed, signature.checked).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import select

from docengine.errors import DocengineError

from .db import read_session, write_session
from .models import RegisterUser, Signature

ROLES = ("signer", "clerk")


class NotAuthorised(DocengineError):
    """A wrong login or PIN, or a user without the signer role."""


@dataclass(frozen=True)
class UserRecord:
    id: int
    login: str
    name: str
    position: str
    role: str
    active: bool

    def to_dict(self) -> dict:
        return {"id": self.id, "login": self.login, "name": self.name, "position": self.position,
                "role": self.role, "active": self.active}


@dataclass(frozen=True)
class SignatureRecord:
    id: int
    kind: str  # typed / pades / received
    signer: str
    signed_at: datetime | None
    sha256: str
    status: str
    letter_id: int | None = None
    receipt_id: int | None = None
    path: str | None = None
    detail: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"id": self.id, "kind": self.kind, "signer": self.signer,
                "signed_at": self.signed_at.isoformat() if self.signed_at else None, "sha256": self.sha256,
                "status": self.status, "letter_id": self.letter_id, "receipt_id": self.receipt_id,
                "path": self.path, "detail": self.detail}


def _user(u: RegisterUser) -> UserRecord:
    return UserRecord(u.id, u.login, u.name, u.position, u.role, bool(u.active))


def _signature(s: Signature) -> SignatureRecord:
    return SignatureRecord(s.id, s.kind, s.signer, s.signed_at, s.sha256, s.status, s.letter_id, s.receipt_id,
                           s.path, dict(s.detail or {}))


def add_user(reg, login: str, *, name: str, position: str, pin: str, role: str = "signer") -> UserRecord:
    """Add a register user; the PIN is stored as an scrypt hash only."""
    from docengine.sign.pin import hash_pin

    login = (login or "").strip()
    problems = []
    if not login or len(login) > 80 or any(c.isspace() for c in login):
        problems.append(("login: 1-80 characters, no spaces", "ชื่อผู้ใช้ 1-80 ตัวอักษร ไม่มีช่องว่าง"))
    if role not in ROLES:
        problems.append((f"role {role!r}: use {' or '.join(ROLES)}", f"บทบาท {role!r} ไม่ถูกต้อง"))
    if not (name or "").strip() or not (position or "").strip():
        problems.append(("name and position are required", "ต้องระบุชื่อและตำแหน่ง"))
    if problems:
        raise DocengineError("; ".join(p[0] for p in problems), "; ".join(p[1] for p in problems))
    stored = hash_pin(pin)
    with write_session(reg.engine) as s:
        if s.scalars(select(RegisterUser).where(RegisterUser.login == login)).first():
            raise DocengineError(f"user {login!r} already exists", f"มีผู้ใช้ {login!r} อยู่แล้ว")
        row = RegisterUser(login=login, name=name.strip(), position=position.strip(), role=role, pin_hash=stored,
                           active=True, created_at=datetime.now(timezone.utc))
        s.add(row)
        s.flush()
        return _user(row)


def users(reg) -> list[UserRecord]:
    with read_session(reg.engine) as s:
        return [_user(u) for u in s.scalars(select(RegisterUser).order_by(RegisterUser.login))]


def authenticate(reg, login: str, pin: str, *, role: str = "signer") -> UserRecord:
    """The user ``login`` if ``pin`` is theirs and they hold ``role``; else NotAuthorised (same message
    for an unknown login and a wrong PIN)."""
    from docengine.sign.pin import check_pin

    with read_session(reg.engine) as s:
        row = s.scalars(select(RegisterUser).where(RegisterUser.login == login)).first()
        ok = row is not None and row.active and check_pin(pin or "", row.pin_hash)
        if not ok:
            raise NotAuthorised(f"login {login!r} or PIN is wrong", f"ชื่อผู้ใช้ {login!r} หรือรหัส PIN ไม่ถูกต้อง")
        if row.role != role:
            raise NotAuthorised(f"{login} has the role {row.role}, not {role}",
                                f"{login} ไม่มีสิทธิ์ลงนาม (บทบาท {row.role})")
        return _user(row)


def record_signature(reg, *, kind: str, signer: str, sha256: str, status: str, letter_id: int | None = None,
                     receipt_id: int | None = None, user_id: int | None = None, signed_at: datetime | None = None,
                     path: str | None = None, detail: dict | None = None) -> SignatureRecord:
    with write_session(reg.engine) as s:
        row = Signature(kind=kind, signer=signer, sha256=sha256, status=status, letter_id=letter_id,
                        receipt_id=receipt_id, user_id=user_id, signed_at=signed_at, path=path,
                        detail=detail or {}, created_at=datetime.now(timezone.utc))
        s.add(row)
        s.flush()
        return _signature(row)


def signatures(reg, *, letter_id: int | None = None, receipt_id: int | None = None) -> list[SignatureRecord]:
    with read_session(reg.engine) as s:
        q = select(Signature).order_by(Signature.id)
        if letter_id is not None:
            q = q.where(Signature.letter_id == letter_id)
        if receipt_id is not None:
            q = q.where(Signature.receipt_id == receipt_id)
        return [_signature(x) for x in s.scalars(q)]
