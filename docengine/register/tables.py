"""The register's tables: agencies, number counters, the send and receive books.

One row of ``letters`` is one line of the outgoing books (ทะเบียนหนังสือส่ง, the
circular and order books and the memo book): it exists from the moment a
number is reserved (จองเลข) and is never deleted, so the book has no holes.
One row of ``receipts`` is one line of ทะเบียนหนังสือรับ.

Timestamps are stored in UTC and come back timezone-aware; letter dates are
plain calendar dates (the date printed on the letter, Bangkok time).
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class UTCDateTime(TypeDecorator):
    """Aware datetimes in, aware UTC datetimes out, on every backend.

    SQLite keeps no time zone, so values are normalised to UTC before storing;
    a naive datetime is refused because its meaning would depend on the server.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: give a time zone (Asia/Bangkok)")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


class Base(DeclarativeBase):
    pass


class Meta(Base):
    """Small key/value facts about this database (e.g. the hash of the synced agency data)."""

    __tablename__ = "register_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Agency(Base):
    """A หน่วยงาน that sends or receives letters, keyed by its code (``มท 0810.6``)."""

    __tablename__ = "agencies"
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    short_name: Mapped[str | None] = mapped_column(Text)
    issuer: Mapped[str | None] = mapped_column(Text)  # as cited: "สำเนาหนังสือ<issuer> ที่ …"
    kind: Mapped[str] = mapped_column(String(20))
    parent_code: Mapped[str | None] = mapped_column(String(40))
    address: Mapped[list] = mapped_column(JSON, default=list)
    phone: Mapped[str | None] = mapped_column(Text)
    fax: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(Text)
    signers: Mapped[list] = mapped_column(JSON, default=list)
    owner_units: Mapped[list] = mapped_column(JSON, default=list)
    routing: Mapped[list] = mapped_column(JSON, default=list)
    origin: Mapped[str] = mapped_column(String(20))  # data / sample / office


class Counter(Base):
    """The last number given in one (agency, series, BE year) book.

    Allocation locks this row, bumps it and inserts the book line in one
    transaction, so a number is either taken and recorded or not taken at all.
    """

    __tablename__ = "counters"
    agency_code: Mapped[str] = mapped_column(ForeignKey("agencies.code"), primary_key=True)
    series: Mapped[str] = mapped_column(String(16), primary_key=True)
    year_be: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_no: Mapped[int] = mapped_column(Integer, default=0)
    # "start from N" for an agency moving from a paper book mid-year.
    start_no: Mapped[int] = mapped_column(Integer, default=1)


class Letter(Base):
    """One line of an outgoing book, from reservation to issue (or cancellation / failure)."""

    __tablename__ = "letters"
    __table_args__ = (UniqueConstraint("agency_code", "series", "year_be", "running_no", name="uq_letter_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_code: Mapped[str] = mapped_column(ForeignKey("agencies.code"), index=True)
    series: Mapped[str] = mapped_column(String(16))
    year_be: Mapped[int] = mapped_column(Integer)
    running_no: Mapped[int] = mapped_column(Integer)
    book_number: Mapped[str] = mapped_column(Text)  # ที่, ASCII digits
    status: Mapped[str] = mapped_column(String(12), index=True)
    letter_date: Mapped[date] = mapped_column(Date)
    subject: Mapped[str | None] = mapped_column(Text)  # เรื่อง
    recipients: Mapped[str | None] = mapped_column(Text)  # เรียน / ถึง, as printed
    references: Mapped[list] = mapped_column(JSON, default=list)  # อ้างถึง
    enclosures: Mapped[list] = mapped_column(JSON, default=list)  # สิ่งที่ส่งมาด้วย
    speed: Mapped[str | None] = mapped_column(String(20))
    secrecy: Mapped[str | None] = mapped_column(String(20))
    signer: Mapped[dict | None] = mapped_column(JSON)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("letters.id"), index=True)
    # No foreign key: receipts also point at letters, and the cycle would need
    # ALTER TABLE on SQLite; the register checks the id when it writes it.
    forwards_receipt_id: Mapped[int | None] = mapped_column(Integer)
    chain_id: Mapped[int | None] = mapped_column(Integer, index=True)
    reason: Mapped[str | None] = mapped_column(Text)  # why cancelled / failed
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Who holds a reservation, so a dead process's number can be marked failed.
    owner_host: Mapped[str | None] = mapped_column(String(255))
    owner_pid: Mapped[int | None] = mapped_column(Integer)
    # When that process started (boot id and start tick): a recycled pid is not the owner.
    owner_started: Mapped[str | None] = mapped_column(String(64))

    files: Mapped[list[DocumentFile]] = relationship(
        back_populates="letter", order_by="DocumentFile.id", foreign_keys="DocumentFile.letter_id"
    )


class Receipt(Base):
    """One line of ทะเบียนหนังสือรับ."""

    __tablename__ = "receipts"
    __table_args__ = (
        UniqueConstraint("agency_code", "year_be", "running_no", name="uq_receipt_number"),
        UniqueConstraint("agency_code", "letter_id", name="uq_receipt_letter"),
        UniqueConstraint("agency_code", "sender_book_number", "sender_date", name="uq_receipt_sender_number"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_code: Mapped[str] = mapped_column(ForeignKey("agencies.code"), index=True)
    year_be: Mapped[int] = mapped_column(Integer)
    running_no: Mapped[int] = mapped_column(Integer)
    receipt_no: Mapped[str] = mapped_column(String(32))  # เลขรับ "069/2567"
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sender_book_number: Mapped[str] = mapped_column(Text)
    sender_date: Mapped[date] = mapped_column(Date)
    sender_agency: Mapped[str] = mapped_column(Text)  # จาก, as printed
    sender_agency_code: Mapped[str | None] = mapped_column(String(40))
    addressee: Mapped[str | None] = mapped_column(Text)  # ถึง
    subject: Mapped[str] = mapped_column(Text)
    letter_id: Mapped[int | None] = mapped_column(ForeignKey("letters.id"), index=True)
    routing: Mapped[list] = mapped_column(JSON, default=list)  # units ticked
    action: Mapped[str | None] = mapped_column(Text)  # การปฏิบัติ
    note: Mapped[str | None] = mapped_column(Text)  # หมายเหตุ
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # "stamp" while the stamped copy is still to be (re-)made; owner_* name the process doing it.
    pending: Mapped[str | None] = mapped_column(String(20))
    owner_host: Mapped[str | None] = mapped_column(String(255))
    owner_pid: Mapped[int | None] = mapped_column(Integer)
    owner_started: Mapped[str | None] = mapped_column(String(64))

    endorsements: Mapped[list[Endorsement]] = relationship(
        back_populates="receipt", order_by="Endorsement.seq"
    )
    files: Mapped[list[DocumentFile]] = relationship(
        order_by="DocumentFile.id", foreign_keys="DocumentFile.receipt_id"
    )


class Endorsement(Base):
    """One เกษียน step on a received letter: who wrote what, and when."""

    __tablename__ = "endorsements"
    __table_args__ = (UniqueConstraint("receipt_id", "seq", name="uq_endorsement_seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    receipt_id: Mapped[int] = mapped_column(ForeignKey("receipts.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)  # 1, 2, … in the order written
    actor: Mapped[str] = mapped_column(Text)
    position: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    endorsed_on: Mapped[date] = mapped_column(Date)  # Bangkok date, as written by hand
    endorsed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # when a time is known
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    receipt: Mapped[Receipt] = relationship(back_populates="endorsements")


class DocumentFile(Base):
    """A rendered file of a letter (or a stamped copy of a receipt) and its SHA-256."""

    __tablename__ = "document_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    letter_id: Mapped[int | None] = mapped_column(ForeignKey("letters.id"), index=True)
    receipt_id: Mapped[int | None] = mapped_column(ForeignKey("receipts.id"), index=True)
    role: Mapped[str] = mapped_column(String(32))  # letter / enclosure / stamped / …
    path: Mapped[str] = mapped_column(Text, index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str | None] = mapped_column(String(100))
    # The temp name the file is written under until it is renamed to ``path``
    # (recorded first, renamed second: a crash in between is finished by recovery).
    staged_path: Mapped[str | None] = mapped_column(Text)

    letter: Mapped[Letter | None] = relationship(back_populates="files", foreign_keys=[letter_id])


class AuditEvent(Base):
    """One entry of the hash-chained audit log (docengine.register.audit).

    ``data`` is the changed row as canonical JSON, exactly as hashed; ``hash`` is
    sha256 over ``prev_hash`` and the entry's canonical JSON, so editing any entry,
    or any audited row without a matching entry, shows in ``register verify``.
    """

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(40))  # UTC, ISO 8601 (text: hashed as stored)
    kind: Mapped[str] = mapped_column(String(40))  # number.taken, letter.received, …
    target: Mapped[str] = mapped_column(String(80), index=True)  # "letters:12"
    actor: Mapped[str] = mapped_column(Text)
    data: Mapped[str | None] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class RegisterUser(Base):
    """A person who works in the register (CLI user): a signer approves letters with a PIN."""

    __tablename__ = "register_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    login: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(Text)
    position: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(20))  # signer / clerk
    pin_hash: Mapped[str] = mapped_column(Text)  # scrypt, docengine.sign.pin ("!" for no PIN)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The web desk's log-in (docengine.web): a password hashed like the PIN (scrypt), failed
    # log-ins in a row and, after 5 of them, until when the log-in is locked.
    password_hash: Mapped[str | None] = mapped_column(Text)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)


class UserRole(Base):
    """A role of a user in one office (agency code): clerk, endorser, signer or admin."""

    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(ForeignKey("register_users.id"), primary_key=True)
    agency_code: Mapped[str] = mapped_column(ForeignKey("agencies.code"), primary_key=True)
    role: Mapped[str] = mapped_column(String(20), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class IssueToken(Base):
    """A one-time token of a drafted letter in the web desk: the first ออกเลข with it takes the
    number, a second one (a double click, a re-sent form) finds the letter it made."""

    __tablename__ = "issue_tokens"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("register_users.id"))
    agency_code: Mapped[str] = mapped_column(String(40))
    letter_id: Mapped[int | None] = mapped_column(ForeignKey("letters.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Signature(Base):
    """A signature on a letter or a received PDF: typed-name approval or PAdES, with what was signed."""

    __tablename__ = "signatures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    letter_id: Mapped[int | None] = mapped_column(ForeignKey("letters.id"), index=True)
    receipt_id: Mapped[int | None] = mapped_column(ForeignKey("receipts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # typed / pades / received
    signer: Mapped[str] = mapped_column(Text)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("register_users.id"))
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sha256: Mapped[str] = mapped_column(String(64))  # of the PDF signed
    path: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))  # approved / valid / invalid / untrusted / unsigned
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Delegation(Base):
    """A delegation (คำสั่งมอบหมาย / แต่งตั้ง) in one office: from ``starts_on`` to ``ends_on``
    (both inclusive, Bangkok dates) the signer signs ``capacity`` (ปฏิบัติราชการแทน, รักษาราชการแทน, …)
    for ``principal`` (the principal's position). A letter of the office signed by them on a
    date inside gets those lines in its signature block (docengine.register.delegations)."""

    __tablename__ = "delegations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_code: Mapped[str] = mapped_column(ForeignKey("agencies.code"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("register_users.id"))  # a register user, if one
    name: Mapped[str] = mapped_column(Text)  # the signer's name as printed
    position: Mapped[str] = mapped_column(Text)  # the signer's own position
    capacity: Mapped[str] = mapped_column(String(40))  # the letter schema's signer.capacity choices
    principal: Mapped[str] = mapped_column(Text)  # the principal's position, as printed
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)  # e.g. the order it comes from
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SignRequest(Base):
    """A drafted letter sent for signature in the web desk (เสนอลงนาม): the clerk sends the data,
    the signer approves it with their PIN (approved_*), the clerk numbers it (letter_id)."""

    __tablename__ = "sign_requests"
    __table_args__ = (UniqueConstraint("token", name="uq_sign_requests_token"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The draft form's one-time token: the same form sent twice makes one request.
    token: Mapped[str | None] = mapped_column(String(64))
    agency_code: Mapped[str] = mapped_column(ForeignKey("agencies.code"), index=True)
    set_name: Mapped[str] = mapped_column(String(80))  # the letter's template set
    data: Mapped[dict] = mapped_column(JSON)  # the letter's data, as the draft form read it
    subject: Mapped[str | None] = mapped_column(Text)
    speed: Mapped[str | None] = mapped_column(String(20))
    secrecy: Mapped[str | None] = mapped_column(String(20))
    signer_id: Mapped[int] = mapped_column(ForeignKey("register_users.id"))  # who is asked to sign
    requested_by: Mapped[int] = mapped_column(ForeignKey("register_users.id"))
    status: Mapped[str] = mapped_column(String(12), index=True)  # waiting / approved / issued / returned
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str | None] = mapped_column(Text)  # why it was returned
    letter_id: Mapped[int | None] = mapped_column(ForeignKey("letters.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
