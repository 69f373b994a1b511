"""The demo's web desk: one user per role of the office, on the letter chain's register.

``docengine demo`` ends with :func:`desk_users`: the register is the chain step's
(``out/chain/register.sqlite3``, seed S1's letters, received and endorsed at เทศบาลตำบลสันทราย), so
``docengine --db … serve`` opens on real work; the users are clerk, endorser, signer and admin of
the office, named after the office's own officials, each given a new random password on every run
(printed by the demo; the signer also a PIN). Passwords are stored as scrypt hashes only
(docengine.register.signers), as ``docengine register user add`` stores them.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

# login -> (the office role, the office official it is named after, fallback name and position)
DEMO_USERS = {
    "clerk": ("clerk", "registrar", "เจ้าหน้าที่ธุรการ ตัวอย่าง", "เจ้าพนักงานธุรการ"),  # drafts: the preparer
    "endorser": ("endorser", "clerk", "ปลัด ตัวอย่าง", "ปลัด"),  # the ปลัด writes เกษียน
    "signer": ("signer", "executive", "ผู้บริหาร ตัวอย่าง", "ผู้บริหารท้องถิ่น"),  # the office's signer
    "admin": ("admin", None, "ผู้ดูแลระบบ ตัวอย่าง", "ผู้ดูแลระบบ"),
}

ROLE_NAMES = {"clerk": "เจ้าหน้าที่ธุรการ / clerk", "endorser": "ผู้เกษียน / endorser", "signer": "ผู้ลงนาม / signer",
              "admin": "ผู้ดูแลระบบ / admin"}


@dataclass(frozen=True)
class DemoUser:
    login: str
    role: str
    name: str
    password: str
    pin: str | None = None  # a new signer's PIN (None: not a signer, or the PIN given before)


def register_file(out: Path) -> Path:
    """The demo desk's register: the chain step's."""
    return Path(out) / "chain" / "register.sqlite3"


def desk_users(out: Path, office) -> tuple[Path, list[DemoUser]]:
    """Give the demo office one user per role with new random passwords; (the register file, users).

    A user already there (the chain step did not run again) gets the new password, its role
    back and is enabled, so the printed passwords are always the ones that work.
    """
    from docengine.register import init_register
    from docengine.register.signers import add_user, grant, set_active, set_password, users

    file = register_file(out)
    file.parent.mkdir(parents=True, exist_ok=True)
    reg = init_register(f"sqlite:///{file.resolve()}", office=getattr(office, "path", None))
    try:
        code = office.get("agency_code")
        officials = office.data.get("officials") or {}
        existing = {u.login for u in users(reg)}
        made = []
        for login, (role, official, name, position) in DEMO_USERS.items():
            who = officials.get(official) or {} if official else {}
            name = who.get("name") or name
            position = " ".join(who.get("position") or []) or position
            password = secrets.token_urlsafe(9)
            pin = f"{secrets.randbelow(10 ** 6):06d}" if role == "signer" else None
            if login in existing:  # a PIN cannot be changed here: the signer keeps the one printed before
                set_password(reg, login, password)
                grant(reg, login, code, [role])
                set_active(reg, login, True)
                pin = None
            else:
                add_user(reg, login, name=name, position=position, role="signer" if pin else "clerk", pin=pin,
                         office_roles=[role], agency=code, password=password)
            made.append(DemoUser(login, role, name, password, pin))
        return file, made
    finally:
        reg.close()
