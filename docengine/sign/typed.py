"""A typed-name electronic signature (ลงนามอิเล็กทรอนิกส์), for a register that verifies who signs.

The 2564 amendment lets a typed name replace the handwritten signature in a system with
identity verification (domain brief §9.1). Here the identity check is a register user with
the signer role and their PIN (docengine.register.signers); the letter's signature block then
prints the signer's name and position and, in the space left for a pen, the words
"ลงนามอิเล็กทรอนิกส์" with the date and time (Bangkok, Thai digits); the register records
who, when and the SHA-256 of the PDF that was signed.

>>> from datetime import datetime, timezone
>>> esign_lines(datetime(2024, 1, 8, 2, 30, tzinfo=timezone.utc))
['ลงนามอิเล็กทรอนิกส์', 'เมื่อวันที่ ๘ มกราคม ๒๕๖๗ เวลา ๐๙.๓๐ น.']
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from docengine.thai import format_date, format_time, to_bangkok


@dataclass(frozen=True)
class Approval:
    """A signer's approval: who (a register user) and when."""

    user_id: int
    name: str
    position: str
    at: datetime

    def signer(self) -> dict:
        """The letter's ``signer`` as the signature block prints it."""
        return {"name": self.name, "position": [line for line in self.position.splitlines() if line.strip()]}


def esign_lines(at: datetime, digits: str = "thai") -> list[str]:
    """The two lines printed in the signature space."""
    moment = to_bangkok(at)
    return ["ลงนามอิเล็กทรอนิกส์",
            f"เมื่อวันที่ {format_date(moment, 'full', digits=digits)} เวลา {format_time(moment, digits=digits)}"]


def approve(reg, login: str, pin: str, *, at: datetime | None = None) -> Approval:
    """Check ``login``'s PIN and signer role; the approval to pass to ``issue_letter(esign=…)``."""
    from docengine.register.signers import authenticate
    from docengine.thai import bangkok_now

    user = authenticate(reg, login, pin)
    return Approval(user.id, user.name, user.position, at or bangkok_now())
