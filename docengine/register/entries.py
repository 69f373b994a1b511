"""What the register hands back: frozen records of book lines, free of the database.

Every record has ``to_dict()`` giving JSON-ready values (ISO dates, UTC
timestamps with offset), the shape of ``docengine register list --json``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from .numbering import FORM_SERIES


@dataclass(frozen=True)
class FileRecord:
    """A rendered file of a letter and the SHA-256 it had when it was recorded."""

    role: str
    path: str
    sha256: str
    size: int
    media_type: str | None = None
    staged_path: str | None = None  # temp name while not yet renamed to ``path``

    def to_dict(self) -> dict:
        return {"role": self.role, "path": self.path, "sha256": self.sha256, "size": self.size,
                "media_type": self.media_type, **({"staged_path": self.staged_path} if self.staged_path else {})}


@dataclass(frozen=True)
class Allocation:
    """A number taken from a book (จองเลข); the line exists with status ``reserved``.

    ``book_number`` is what goes after "ที่" on the letter (ASCII digits).
    """

    id: int
    agency_code: str
    series: str
    year_be: int
    running_no: int
    book_number: str


@dataclass(frozen=True)
class EndorsementRecord:
    """One เกษียน: who wrote what on a received letter, and when (Bangkok date)."""

    id: int
    receipt_id: int
    seq: int
    actor: str
    position: str
    text: str
    endorsed_on: date
    endorsed_at: datetime | None

    def to_dict(self) -> dict:
        return {"id": self.id, "receipt_id": self.receipt_id, "seq": self.seq, "actor": self.actor,
                "position": self.position, "text": self.text, "date": self.endorsed_on.isoformat(),
                "timestamp": self.endorsed_at.isoformat() if self.endorsed_at else None}


@dataclass(frozen=True)
class ReceiptRecord:
    """One line of ทะเบียนหนังสือรับ, with its endorsements in order."""

    id: int
    agency_code: str
    year_be: int
    running_no: int
    receipt_no: str  # เลขรับ, e.g. "069/2567"
    received_at: datetime  # aware, UTC
    sender_book_number: str
    sender_date: date
    sender_agency: str
    sender_agency_code: str | None
    subject: str
    addressee: str | None
    letter_id: int | None
    routing: tuple = ()
    action: str | None = None
    note: str | None = None
    endorsements: tuple[EndorsementRecord, ...] = ()
    files: tuple[FileRecord, ...] = ()
    pending: str | None = None  # "stamp": the stamped copy is still to be (re-)made

    def to_dict(self) -> dict:
        return {
            "id": self.id, "book": "receive", "agency_code": self.agency_code, "receipt_no": self.receipt_no,
            "running_no": self.running_no, "year": self.year_be, "received_at": self.received_at.isoformat(),
            "book_number": self.sender_book_number, "date": self.sender_date.isoformat(),
            "sender_agency": self.sender_agency, "sender_agency_code": self.sender_agency_code,
            "addressee": self.addressee, "subject": self.subject, "letter_id": self.letter_id,
            "routing": list(self.routing), "action": self.action, "note": self.note,
            "endorsements": [e.to_dict() for e in self.endorsements],
            "files": [f.to_dict() for f in self.files], "pending": self.pending,
        }


@dataclass(frozen=True)
class LetterRecord:
    """One line of an outgoing book (ส่ง, ว, คำสั่ง, บันทึก), whatever its status."""

    id: int
    agency_code: str
    series: str
    year_be: int
    running_no: int
    book_number: str  # ที่
    status: str  # reserved / issued / cancelled / failed
    date: date
    subject: str | None
    recipients: str | None
    references: tuple = ()
    enclosures: tuple = ()
    speed: str | None = None
    secrecy: str | None = None
    signer: dict | None = None
    parent_id: int | None = None
    forwards_receipt_id: int | None = None
    chain_id: int | None = None
    reason: str | None = None
    created_at: datetime | None = None
    issued_at: datetime | None = None
    files: tuple[FileRecord, ...] = ()
    receipts: tuple[ReceiptRecord, ...] = ()  # who has registered this letter as received

    def to_dict(self) -> dict:
        return {
            "id": self.id, "book": "forms" if self.series in FORM_SERIES else "send",
            "agency_code": self.agency_code, "book_number": self.book_number,
            "series": self.series, "running_no": self.running_no, "year": self.year_be, "status": self.status,
            "date": self.date.isoformat(), "subject": self.subject, "recipients": self.recipients,
            "references": list(self.references), "enclosures": list(self.enclosures),
            "speed": self.speed, "secrecy": self.secrecy, "signer": self.signer,
            "parent_id": self.parent_id, "forwards_receipt_id": self.forwards_receipt_id,
            "chain_id": self.chain_id, "reason": self.reason,
            "created_at": self.created_at.isoformat() if self.created_at else None,
            "issued_at": self.issued_at.isoformat() if self.issued_at else None,
            "files": [f.to_dict() for f in self.files],
            "receipts": [{"id": r.id, "agency_code": r.agency_code, "receipt_no": r.receipt_no,
                          "received_at": r.received_at.isoformat()} for r in self.receipts],
        }


@dataclass(frozen=True)
class ChainNode:
    """A letter in a chain, the receipts of it, and the letters that forward it."""

    letter: LetterRecord
    receipts: tuple[ReceiptRecord, ...] = ()
    children: tuple[ChainNode, ...] = field(default_factory=tuple)

    def walk(self, depth: int = 0):
        """(depth, node) pairs from this node down, depth first, in issue order."""
        yield depth, self
        for child in self.children:
            yield from child.walk(depth + 1)

    def to_dict(self) -> dict:
        return {"letter": self.letter.to_dict(), "receipts": [r.to_dict() for r in self.receipts],
                "children": [c.to_dict() for c in self.children]}
