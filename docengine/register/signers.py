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
from .tables import RegisterUser, Signature, UserRole

ROLES = ("signer", "clerk")
# Roles in one office (agency code), as Thai e-saraban systems have them (issue 11): the clerk
# drafts and numbers, the endorser writes เกษียน, the signer approves and signs, the admin
# manages users (and sees no document unless also given another role).
OFFICE_ROLES = ("clerk", "endorser", "signer", "admin")
NO_PIN = "!"  # pin_hash of a user without a PIN: matches no PIN
MIN_PASSWORD = 8
LOCK_AFTER = 5  # failed log-ins in a row …
LOCK_MINUTES = 15  # … lock the log-in this long


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
    roles: tuple[tuple[str, str], ...] = ()  # (agency code, office role), sorted
    has_password: bool = False

    def to_dict(self) -> dict:
        return {"id": self.id, "login": self.login, "name": self.name, "position": self.position,
                "role": self.role, "active": self.active,
                "roles": [{"agency": a, "role": r} for a, r in self.roles], "has_password": self.has_password}

    def roles_in(self, agency_code: str) -> frozenset[str]:
        """This user's roles in the office ``agency_code``."""
        return frozenset(r for a, r in self.roles if a == agency_code)


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


def _user(u: RegisterUser, roles=()) -> UserRecord:
    return UserRecord(u.id, u.login, u.name, u.position, u.role, bool(u.active),
                      tuple(sorted((r.agency_code, r.role) for r in roles)), bool(u.password_hash))


def _with_roles(s, u: RegisterUser) -> UserRecord:
    return _user(u, s.scalars(select(UserRole).where(UserRole.user_id == u.id)).all())


def _signature(s: Signature) -> SignatureRecord:
    return SignatureRecord(s.id, s.kind, s.signer, s.signed_at, s.sha256, s.status, s.letter_id, s.receipt_id,
                           s.path, dict(s.detail or {}))


def add_user(reg, login: str, *, name: str, position: str, pin: str | None = None, role: str = "signer",
             office_roles: tuple[str, ...] | list[str] = (), agency: str | None = None,
             password: str | None = None) -> UserRecord:
    """Add a register user; the PIN (needed to sign, optional for other users) and the web
    desk's password are stored as scrypt hashes only. ``office_roles`` are granted in the
    office ``agency`` (an agency code the register knows)."""
    from docengine.sign.pin import hash_pin

    login = (login or "").strip()
    problems = []
    if not login or len(login) > 80 or any(c.isspace() for c in login):
        problems.append(("login: 1-80 characters, no spaces", "ชื่อผู้ใช้ 1-80 ตัวอักษร ไม่มีช่องว่าง"))
    if role not in ROLES:
        problems.append((f"role {role!r}: use {' or '.join(ROLES)}", f"บทบาท {role!r} ไม่ถูกต้อง"))
    if not (name or "").strip() or not (position or "").strip():
        problems.append(("name and position are required", "ต้องระบุชื่อและตำแหน่ง"))
    if role == "signer" and not pin:
        problems.append(("a signer needs a PIN ($DOCENGINE_PIN)", "ผู้ลงนามต้องมีรหัส PIN ($DOCENGINE_PIN)"))
    problems += _role_problems(office_roles)
    if "signer" in office_roles and role != "signer":
        problems.append(_not_a_signer(login))
    if office_roles and not agency:
        problems.append(("give the office (agency code) of the roles", "ระบุหน่วยงาน (รหัส) ของบทบาท"))
    if problems:
        raise DocengineError("; ".join(p[0] for p in problems), "; ".join(p[1] for p in problems))
    stored = hash_pin(pin) if pin else NO_PIN
    secret = hash_password(password) if password else None
    code = reg.agency(agency).code if office_roles else None  # an unknown agency is refused here
    with write_session(reg.engine) as s:
        if s.scalars(select(RegisterUser).where(RegisterUser.login == login)).first():
            raise DocengineError(f"user {login!r} already exists", f"มีผู้ใช้ {login!r} อยู่แล้ว")
        now = datetime.now(timezone.utc)
        row = RegisterUser(login=login, name=name.strip(), position=position.strip(), role=role, pin_hash=stored,
                           active=True, created_at=now, password_hash=secret, failed_logins=0)
        s.add(row)
        s.flush()
        for r in dict.fromkeys(office_roles):
            s.add(UserRole(user_id=row.id, agency_code=code, role=r, created_at=now))
        s.flush()
        return _with_roles(s, row)


def _not_a_signer(login: str) -> tuple[str, str]:
    return (f"{login} is not a signer (no PIN to sign with): the office's signer role is for signers",
            f"{login} ไม่ใช่ผู้ลงนาม (ไม่มีรหัส PIN) จึงให้บทบาทผู้ลงนามของหน่วยงานไม่ได้")


def _role_problems(roles) -> list[tuple[str, str]]:
    return [(f"office role {r!r}: use {', '.join(OFFICE_ROLES)}", f"บทบาท {r!r} ไม่ถูกต้อง "
             f"(ใช้ {', '.join(OFFICE_ROLES)})") for r in roles if r not in OFFICE_ROLES]


def hash_password(password: str) -> str:
    """The web desk's password as an scrypt hash (the PIN's hashing, docengine.sign.pin)."""
    from docengine.sign.pin import hash_pin

    if not password or len(password) < MIN_PASSWORD or len(password) > 128:
        raise DocengineError(f"a password has {MIN_PASSWORD} to 128 characters",
                             f"รหัสผ่านต้องมี {MIN_PASSWORD} ถึง 128 ตัวอักษร")
    return hash_pin(password)


def _user_row(s, login: str) -> RegisterUser:
    row = s.scalars(select(RegisterUser).where(RegisterUser.login == login)).first()
    if row is None:
        raise DocengineError(f"no user {login!r}", f"ไม่มีผู้ใช้ {login!r}")
    return row


def set_password(reg, login: str, password: str) -> UserRecord:
    """Give ``login`` a new web password (and lift a log-in lock)."""
    secret = hash_password(password)
    with write_session(reg.engine) as s:
        row = _user_row(s, login)
        row.password_hash, row.failed_logins, row.locked_until = secret, 0, None
        s.flush()
        return _with_roles(s, row)


def set_active(reg, login: str, active: bool) -> UserRecord:
    """Disable (or enable again) ``login``: a disabled user can neither log in nor sign."""
    with write_session(reg.engine) as s:
        row = _user_row(s, login)
        row.active = bool(active)
        s.flush()
        return _with_roles(s, row)


def grant(reg, login: str, agency: str, roles, *, revoke: bool = False) -> UserRecord:
    """Grant (or with ``revoke``, take back) office roles of ``login`` in ``agency``."""
    problems = _role_problems(roles)
    if problems:
        raise DocengineError("; ".join(p[0] for p in problems), "; ".join(p[1] for p in problems))
    code = reg.agency(agency).code
    with write_session(reg.engine) as s:
        row = _user_row(s, login)
        if not revoke and "signer" in roles and row.role != "signer":
            raise DocengineError(*_not_a_signer(login))
        have = {r.role: r for r in s.scalars(select(UserRole).where(UserRole.user_id == row.id,
                                                                     UserRole.agency_code == code))}
        for r in dict.fromkeys(roles):
            if revoke and r in have:
                s.delete(have[r])
            elif not revoke and r not in have:
                s.add(UserRole(user_id=row.id, agency_code=code, role=r, created_at=datetime.now(timezone.utc)))
        s.flush()
        return _with_roles(s, row)


def user(reg, user_id: int) -> UserRecord | None:
    """The user with ``user_id`` and their office roles (None if there is none)."""
    with read_session(reg.engine) as s:
        row = s.get(RegisterUser, user_id)
        return _with_roles(s, row) if row is not None else None


class LoginLocked(NotAuthorised):
    """Too many wrong passwords in a row: the log-in is locked for a while."""

    def __init__(self, until: datetime):
        from docengine.thai import to_bangkok

        at = to_bangkok(until).strftime("%H:%M")
        super().__init__(f"too many wrong passwords: log-in locked until {at}",
                         f"ใส่รหัสผ่านผิดเกิน {LOCK_AFTER} ครั้ง ระงับการเข้าสู่ระบบถึงเวลา {at} น.")
        self.until = until


def log_in(reg, login: str, password: str, *, now: datetime | None = None) -> UserRecord:
    """The web desk's log-in: the active user ``login`` if ``password`` is theirs. Every wrong
    password counts; the 5th in a row locks the log-in for 15 minutes (:class:`LoginLocked`,
    even for the right password then). The same NotAuthorised for an unknown login and a
    wrong password."""
    from docengine.sign.pin import check_pin

    now = now or datetime.now(timezone.utc)
    wrong = NotAuthorised(f"login {login!r} or password is wrong", "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง")
    with read_session(reg.engine) as s:
        row = s.scalars(select(RegisterUser).where(RegisterUser.login == (login or ""))).first()
        if row is None or not row.active or not row.password_hash:
            check_pin(password or "", _DUMMY)  # about as slow as a real check
            raise wrong
        if row.locked_until is not None and row.locked_until > now:
            raise LoginLocked(row.locked_until)
        ok = check_pin(password or "", row.password_hash)
    with write_session(reg.engine) as s:
        row = _user_row(s, login)
        if ok:
            if row.failed_logins or row.locked_until:
                row.failed_logins, row.locked_until = 0, None
            s.flush()
            return _with_roles(s, row)
        expired = row.locked_until is not None and row.locked_until <= now
        row.failed_logins = (0 if expired else row.failed_logins or 0) + 1
        if row.failed_logins >= LOCK_AFTER:
            from datetime import timedelta

            row.failed_logins, row.locked_until = 0, now + timedelta(minutes=LOCK_MINUTES)
            s.flush()
            locked = LoginLocked(row.locked_until)
        else:
            row.locked_until = None
            s.flush()
            locked = None
    raise locked or wrong


_DUMMY = "scrypt$16384$8$1$00000000000000000000000000000000$" + "0" * 64


def users(reg) -> list[UserRecord]:
    with read_session(reg.engine) as s:
        return [_with_roles(s, u) for u in s.scalars(select(RegisterUser).order_by(RegisterUser.login))]


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
