"""The register: the saraban's books behind one Python object.

A letter's life in the outgoing book::

    reg = open_register(url)                      # None: the default SQLite file
    alloc = reg.allocate("ชม 0023.05", "normal", 2567)
    alloc.book_number                             # 'ชม 0023.05/655' → render it
    reg.issue(alloc, subject="…", recipients="…", files=[pdf])   # after the files exist
    # or, if rendering failed: reg.fail(alloc, "WeasyPrint crashed")

and in the receiving agency's book::

    r = reg.receive("ชม 52101", letter_id=letter.id)   # เลขรับ 069/2567
    reg.endorse(r.id, by="นาย ก", position="ปลัดเทศบาล", text="เพื่อโปรดพิจารณา")

A number, once taken, is a line of the book for ever: ``reserved`` until its
files are recorded (``issued``), or ``failed`` if rendering broke, or
``cancelled`` by a clerk with a reason.  A process that dies between taking a
number and recording its files leaves the line ``reserved``; the next open on
the same machine, or :meth:`Register.recover_stale`, marks it ``failed``.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import socket
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import and_, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from docengine.errors import DocengineError, RegisterConflict
from docengine.processes import owner_is_dead, this_process
from docengine.thai import BANGKOK, be_year

from . import agencies as ag
from . import audit, migrate, numbering
from .db import create_register_engine, describe, read_session, write_session
from .entries import (
    Allocation,
    ChainNode,
    EndorsementRecord,
    FileRecord,
    LetterRecord,
    ReceiptRecord,
)
from .tables import Agency, DocumentFile, Endorsement, Letter, Meta, Receipt

RESERVED, ISSUED, CANCELLED, FAILED = "reserved", "issued", "cancelled", "failed"
STATUSES = (RESERVED, ISSUED, CANCELLED, FAILED)
# send: ทะเบียนหนังสือส่ง and the ว / คำสั่ง / บันทึก books; receive: ทะเบียนหนังสือรับ;
# forms: ทะเบียนเลขที่ of the allowance registration forms (one series per allowance).
BOOKS = ("send", "receive", "forms")

_AGENCY_DIGEST = "agency_data_sha256"
# register_meta keys "folder:<sha256[:32] of the path>" hold folders commands write into.
_FOLDER_KEY = "folder:"


class NotFound(DocengineError):
    """An id that names no line of the books."""


def open_register(url: str | None = None, office: str | os.PathLike | None = None, *, recover: bool = True,
                  create: bool = True, samples: bool | None = None) -> "Register":
    """Open (creating or upgrading if needed) the register at ``url``.

    With ``create=False`` (what every command but ``register init`` uses) a register
    that does not exist yet is not created: :class:`NoRegister` tells the user to run
    ``docengine register init``, so a typo in ``--db`` never starts an empty book.

    ``url`` is a SQLAlchemy URL, a path to a SQLite file, or ``None`` for
    ``$DOCENGINE_DB`` or else the default file in the user data folder.  The
    agencies of data/agencies.yaml and of the ``office`` YAML file (``agency:`` or
    ``agencies:``) are synced in; the sample agencies (data/samples/agencies.yaml) only
    with ``samples=True``, or when no office or the sample office is named (the
    command line's default). :meth:`Register.open` is the public form.
    """
    from .db import env_url

    return Register(url or env_url(), office=office, recover=recover, create=create, samples=samples)


def init_register(url: str | None = None, office: str | os.PathLike | None = None, *,
                  samples: bool | None = None) -> "Register":
    """Create the register at ``url`` (or bring an existing one to the current schema).

    >>> import tempfile, os
    >>> init_register(os.path.join(tempfile.mkdtemp(), "new.sqlite3")).list("send")
    []
    """
    from .db import env_url, sqlite_file

    file = sqlite_file(url or env_url())
    if file is not None:
        file.parent.mkdir(parents=True, exist_ok=True)
    return Register(url or env_url(), office=office, create=True, samples=samples)


def _is_sqlite_register(file: Path) -> bool:
    """Whether ``file`` is a SQLite database holding a register, checked read-only
    (opening it through the engine would already switch it to WAL mode)."""
    import sqlite3

    try:
        with open(file, "rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                return False
        conn = sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True)
    except (OSError, sqlite3.Error):
        return False
    try:
        return conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'alembic_version'").fetchone() is not None
    except sqlite3.Error:
        return False
    finally:
        conn.close()


class NoRegister(DocengineError):
    """The register named by --db does not exist yet."""

    def __init__(self, where: str):
        super().__init__(f"no register at {where}: create it with `docengine register init` "
                         "(check --db / DOCENGINE_DB for a typo)",
                         f"ไม่พบทะเบียนที่ {where} สร้างใหม่ด้วยคำสั่ง docengine register init "
                         "(ตรวจสอบ --db หรือ DOCENGINE_DB ว่าพิมพ์ถูกต้อง)")


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _bangkok(moment: datetime) -> datetime:
    """Aware Bangkok time; a naive datetime is taken as Bangkok wall-clock time."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.replace(tzinfo=BANGKOK)
    return moment.astimezone(BANGKOK)


def bangkok_today() -> date:
    return datetime.now(BANGKOK).date()


def sha256_file(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def verified_file(f: FileRecord, owner: str, purpose: str = "it is needed") -> Path:
    """The registered file ``f`` of ``owner`` ("letter ชม 0023.05/12"), refusing one that is gone
    or whose SHA-256 (or size) differs from the one recorded when it was registered."""
    path = Path(f.path)
    if not path.is_file():
        raise DocengineError(f"{path}, the registered file of {owner}, is missing; {purpose}",
                             f"ไม่พบแฟ้ม {path} ของ {owner} ที่บันทึกไว้ในทะเบียน")
    sha, size = sha256_file(path)
    if sha != f.sha256 or size != f.size:
        raise DocengineError(
            f"{path}, the registered file of {owner}, changed since it was registered "
            f"(SHA-256 {sha[:12]}…, recorded {f.sha256[:12]}…); {purpose}: restore the registered copy",
            f"แฟ้ม {path} ของ {owner} ถูกแก้ไขหลังลงทะเบียน (SHA-256 ไม่ตรงกับที่บันทึกไว้)",
        )
    return path


def file_row(role: str, path: str | os.PathLike, *, data: bytes | None = None,
             staged: str | os.PathLike | None = None) -> dict:
    """What the books record of one file: its final path, SHA-256 and size.

    The hash is of ``data`` when given (e.g. a PDF that came inside an e-GIF), else of
    the ``staged`` temp file it is still written under, else of the file at ``path``.
    """
    path = Path(path)
    if data is not None:
        sha, size = hashlib.sha256(data).hexdigest(), len(data)
    else:
        source = Path(staged) if staged else path
        try:
            sha, size = sha256_file(source)
        except OSError as exc:
            raise DocengineError(f"cannot read rendered file {path}: {exc.strerror}",
                                 f"อ่านแฟ้มเอกสาร {path} ไม่ได้") from None
    final = path.parent.resolve() / path.name if path.name else path.resolve()
    return {"role": role, "path": str(final), "sha256": sha, "size": size,
            "media_type": mimetypes.guess_type(path.name)[0],
            "staged_path": str(Path(staged).resolve()) if staged else None}


def _hash_files(files: Iterable) -> list[dict]:
    """Rows for ``files``: paths, (role, path) or (role, path, staged temp name) tuples, or
    :func:`file_row` dicts. The first plain path is the letter."""
    rows = []
    for i, item in enumerate(files):
        if isinstance(item, dict):
            rows.append(item)
            continue
        if not isinstance(item, tuple):
            item = ("letter" if i == 0 else "enclosure", item)
        role, path, *staged = item
        rows.append(file_row(role, path, staged=staged[0] if staged else None))
    return rows


_NO_OWNER = {"owner_host": None, "owner_pid": None, "owner_started": None}


def _is_sample_office(office) -> bool:
    from docengine.office import sample_office_path

    file = getattr(office, "path", office)
    try:
        return file is not None and Path(file).resolve() == sample_office_path().resolve()
    except OSError:
        return False


class Register:
    """The books of every agency in one database. Thread-compatible, process-safe."""

    def __init__(self, url: str | None = None, office=None, *, recover: bool = True, create: bool = True,
                 samples: bool | None = None):
        from .db import sqlite_file

        file = sqlite_file(url)
        if not create and file is not None and not _is_sqlite_register(file):
            raise NoRegister(str(file))
        if create and file is not None:
            file.parent.mkdir(parents=True, exist_ok=True)
        self.engine = create_register_engine(url)
        if not create and migrate.is_empty(self.engine):
            where = describe(self.engine)
            self.engine.dispose()
            raise NoRegister(where)
        if migrate.upgrade(self.engine):
            audit.baseline(self.engine)  # rows from before the audit log get their first entry
        if samples is None:
            samples = office is None or _is_sample_office(office)
        self._samples = samples
        self._office = office
        self._sync_agencies(office)
        self._receipt_width = ag.numbering_rules()["receipt_width"]
        # What this open finished or closed of dead processes' work (see recover()).
        self.recovered = self.recover() if recover else Recovery()

    @classmethod
    def open(cls, url: str | None = None, *, office=None, create: bool = False,
             samples: bool | None = None) -> "Register":
        """The register at ``url`` (a SQLAlchemy URL or a SQLite file; None: ``$DOCENGINE_DB``,
        else the user data folder), with the agencies of data/agencies.yaml and of the
        ``office`` (an Office or its file) synced in. ``create=True`` creates it when it does
        not exist yet (otherwise :class:`NoRegister`). The sample agencies come in only when
        named: ``samples=True``, or ``office=Office.sample()``.

        >>> import tempfile, os
        >>> reg = Register.open(os.path.join(tempfile.mkdtemp(), "r.sqlite3"), create=True)
        >>> reg.list("send"), "ชม 52101" in {a.code for a in reg.agencies()}  # no sample agency
        ([], False)
        """
        from .db import env_url

        if samples is None:
            samples = office is not None and _is_sample_office(office)
        return cls(url or env_url(), office=office, create=create, samples=samples)

    @cached_property
    def office(self):
        """The :class:`~docengine.office.Office` the register was opened for: its office file,
        or the sample office when it was opened with the sample agencies and no office file.
        Opened with neither, there is none to write letters for (an error says so)."""
        from docengine.office import Office

        if self._office:
            return self._office if isinstance(self._office, Office) else Office.load(self._office)
        if self._samples:
            return Office.sample()
        raise DocengineError("this register was opened without an office: give office= to Register.open, "
                             "or renderer= to the operation",
                             "ทะเบียนนี้เปิดโดยไม่ได้ระบุหน่วยงาน: ระบุ office= หรือ renderer=")

    @property
    def future_tolerance(self) -> timedelta:
        """How far ahead of now a date or time given to the books may be (office ``future_tolerance_days``)."""
        if not self._office and not self._samples:
            from docengine.office import OFFICE_SCHEMA

            return timedelta(days=OFFICE_SCHEMA.fields["future_tolerance_days"].default)
        return self.office.future_tolerance

    def _not_future(self, value, what: str):
        from docengine.thai import check_not_future

        return check_not_future(value, tolerance=self.future_tolerance, what=what)

    def __repr__(self) -> str:
        return f"Register({describe(self.engine)!r})"

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # --- agencies -------------------------------------------------------------------

    def _sync_agencies(self, office) -> None:
        file = getattr(office, "path", office)  # an Office, or its file
        entries = ag.shipped_entries(samples=self._samples) + (ag.office_entries(file) if file else [])
        digest = ag.entries_digest(entries)
        with read_session(self.engine) as s:
            if s.get(Meta, _AGENCY_DIGEST) is not None and s.get(Meta, _AGENCY_DIGEST).value == digest:
                return
        # Later entries win (an office file may restate a shipped agency).
        values = list({v["code"]: v for v in map(ag.row_values, entries)}.values())
        with write_session(self.engine) as s:
            known = set(s.scalars(select(Agency.code)))
            ag.check_parents(values, known)
            for v in values:
                s.merge(Agency(**v))
            s.merge(Meta(key=_AGENCY_DIGEST, value=digest))

    def agency(self, code: str) -> ag.AgencyInfo:
        """The agency with ``code`` (any spelling: Thai digits, missing space).

        Raises :class:`agencies.UnknownAgency` naming the nearest known codes.
        """
        with read_session(self.engine) as s:
            return ag.to_info(self._agency_row(s, code))

    def agencies(self) -> list[ag.AgencyInfo]:
        with read_session(self.engine) as s:
            return [ag.to_info(a) for a in s.scalars(select(Agency).order_by(Agency.code))]

    def _agency_row(self, s, code: str) -> Agency:
        norm = ag.normalize_code(code)
        row = s.get(Agency, norm)
        if row is None:
            names = dict(s.execute(select(Agency.code, Agency.name)).all())
            raise ag.UnknownAgency(code, ag.nearest_codes(norm, names))
        return row

    # --- the outgoing books -----------------------------------------------------------

    def allocate(self, agency_code: str, series: str = "normal", year_be: int | None = None, *,
                 hold: bool = False, subject: str | None = None, letter_date: date | None = None) -> Allocation:
        """Take the next number of ``agency_code``'s ``series`` book for ``year_be`` (default: this BE year).

        The line is written at once with status ``reserved``.  By default the
        reservation belongs to this process: if it dies before :meth:`issue`,
        the number is later marked ``failed``.  ``hold=True`` is a clerk's
        จองเลข that outlives the process and stays reserved until issued or
        cancelled.
        """
        numbering.check_series(series, numbering.SEND_SERIES)
        line = {"subject": subject, "letter_date": letter_date}
        return self.allocate_many(agency_code, series, year_be, [line], hold=hold)[0]

    def next_number(self, agency_code: str, series: str = "normal", year_be: int | None = None) -> int:
        """The running number the book's next :meth:`allocate` (or receipt) takes unless another
        process takes one first; nothing is taken (to check a file name before the number is).
        ``series`` is a send series or ``"receive"``."""
        year_be = year_be if year_be is not None else be_year(datetime.now(BANGKOK))
        with read_session(self.engine) as s:
            return numbering.peek_next(s, self._agency_row(s, agency_code).code, series, year_be)

    def next_receipt_no(self, agency_code: str, received_at: datetime | None = None) -> str:
        """The เลขรับ ("001/2567") of the next receipt of ``agency_code`` received at ``received_at``
        (default now) unless another process receives first; nothing is taken."""
        year_be = be_year(_bangkok(received_at or datetime.now(BANGKOK)))
        code = self.agency(agency_code).code
        return numbering.book_number(code, "receive", self.next_number(code, "receive", year_be), year_be,
                                     receipt_width=self._receipt_width)

    def allocate_many(self, agency_code: str, series: str, year_be: int | None, lines: Sequence[dict], *,
                      hold: bool = False) -> list[Allocation]:
        """Take one number per line, consecutive, in one transaction (a batch of forms, brief §3.7).

        Each line is a dict with optional ``subject``, ``recipients`` (for a
        form: the applicant) and ``letter_date`` (default today in Bangkok).
        ``year_be`` defaults to the book year of the first line's date
        (:func:`numbering.book_year`: calendar year for letters, fiscal year
        for forms).  The numbers are taken and their lines written together, or
        none are.
        """
        numbering.check_series(series, numbering.SEND_SERIES + numbering.FORM_SERIES)
        if not lines:
            return []
        dates = [line.get("letter_date") or bangkok_today() for line in lines]
        year_be = numbering.check_year_be(year_be if year_be is not None else numbering.book_year(series, dates[0]))
        owner = _NO_OWNER if hold else this_process()
        with write_session(self.engine) as s:
            code = self._agency_row(s, agency_code).code
            rows = []
            for line, letter_date in zip(lines, dates):
                running = numbering.take_next(s, code, series, year_be)
                row = Letter(
                    agency_code=code, series=series, year_be=year_be, running_no=running,
                    book_number=numbering.book_number(code, series, running, year_be),
                    status=RESERVED, letter_date=letter_date, subject=line.get("subject"),
                    recipients=line.get("recipients"), references=[], enclosures=[], created_at=_now(),
                    **owner,
                )
                s.add(row)
                rows.append(row)
            s.flush()
            return [Allocation(r.id, code, series, year_be, r.running_no, r.book_number) for r in rows]

    @contextmanager
    def reserving(self, agency_code: str, series: str = "normal", year_be: int | None = None, **kw):
        """``allocate`` for a ``with`` block: an exception inside marks the number ``failed``.

        >>> # with reg.reserving("ชม 0023.05") as alloc:
        >>> #     pdf = render(alloc.book_number); reg.issue(alloc, files=[pdf], …)
        """
        alloc = self.allocate(agency_code, series, year_be, **kw)
        try:
            yield alloc
        except BaseException as exc:
            try:
                self.fail(alloc, f"{type(exc).__name__}: {exc}")
            except DocengineError:
                pass  # already issued: its files are recorded and recovery finishes them
            raise

    @contextmanager
    def reserving_many(self, agency_code: str, series: str, year_be: int | None, lines: Sequence[dict]):
        """``allocate_many`` for a ``with`` block: an exception inside marks every number ``failed``.

        >>> # with reg.reserving_many("ชม 52101", "form-elderly", 2570, lines) as allocs:
        >>> #     pdf = fill(n.running_no for n in allocs); reg.issue_many(allocs, files=[pdf])
        """
        allocs = self.allocate_many(agency_code, series, year_be, lines)
        try:
            yield allocs
        except BaseException as exc:
            left = [a.id for a in allocs if self.get(a.id).status == RESERVED]  # issued ones keep their files
            if left:
                self._close_many(left, FAILED, f"{type(exc).__name__}: {exc}", allowed=(RESERVED,))
            raise  # the caller's error, as in reserving

    def issue_many(self, allocations: Sequence[Allocation], files: Sequence = (),
                   files_of: Sequence[Sequence] | None = None) -> list[LetterRecord]:
        """Record a batch of reserved numbers as issued, with the files they were printed in.

        ``files`` belong to every line (e.g. the one PDF of a batch of forms);
        ``files_of[i]``, if given, to line ``i`` only (its own DOCX).  One
        transaction: every number is issued with its files, or nothing changes.
        """
        shared = _hash_files([f if isinstance(f, tuple) else ("form", f) for f in files])
        own = [_hash_files([f if isinstance(f, tuple) else ("docx", f) for f in group])
               for group in (files_of or [()] * len(allocations))]
        with write_session(self.engine) as s:
            for alloc, mine in zip(allocations, own):
                row = self._letter_row(s, alloc.id, lock=True)
                if row.status != RESERVED:
                    raise DocengineError(
                        f"{row.book_number} (id {row.id}) is {row.status}, not reserved: it cannot be issued",
                        f"เลข {row.book_number} (id {row.id}) มีสถานะ {row.status} ไม่ใช่เลขที่จองไว้ จึงออกเลขไม่ได้",
                    )
                row.status, row.issued_at = ISSUED, _now()
                row.owner_host = row.owner_pid = row.owner_started = None
                for f in shared + mine:
                    s.add(DocumentFile(letter_id=row.id, **f))
        return [self.get(a.id) for a in allocations]

    def start_from(self, agency_code: str, series: str, year_be: int, start_no: int) -> None:
        """Begin ``series`` of ``year_be`` at ``start_no`` (an agency moving off a paper book)."""
        numbering.check_series(series)
        year_be = numbering.check_year_be(year_be)
        with write_session(self.engine) as s:
            code = self._agency_row(s, agency_code).code
            numbering.set_start(s, code, series, year_be, start_no)

    def issue(self, allocation: Allocation | int, *, subject: str, recipients: str,
              files: Sequence = (), date: date | None = None, references: Sequence[dict] = (),
              enclosures: Sequence[dict] = (), speed: str | None = None, secrecy: str | None = None,
              signer: dict | ag.Signer | None = None, parent_id: int | None = None,
              forwards_receipt_id: int | None = None) -> LetterRecord:
        """Record the letter behind a reserved number, with its rendered ``files``.

        ``files`` are paths (the first is the letter itself, the rest
        enclosures) or ``(role, path)`` pairs; their SHA-256 is computed here.
        ``parent_id`` is the registered letter this one forwards; or give
        ``forwards_receipt_id``, the receipt of the letter being forwarded, and
        the parent is taken from it when that letter is in the register.  All of
        it is written in one transaction: the number is issued with its files,
        or nothing changes.
        """
        letter_id = allocation.id if isinstance(allocation, Allocation) else int(allocation)
        file_rows = _hash_files(files)  # before taking the lock: reading files can be slow
        if isinstance(signer, ag.Signer):
            signer = signer.to_dict()
        with write_session(self.engine) as s:
            row = self._letter_row(s, letter_id, lock=True)
            if row.status != RESERVED:
                raise DocengineError(
                    f"{row.book_number} (id {row.id}) is {row.status}, not reserved: it cannot be issued",
                    f"เลข {row.book_number} (id {row.id}) มีสถานะ {row.status} ไม่ใช่เลขที่จองไว้ จึงออกหนังสือไม่ได้",
                )
            when = date or row.letter_date
            if be_year(when) != row.year_be:
                raise DocengineError(
                    f"{row.book_number} belongs to the {row.year_be} book but the letter is dated "
                    f"{when.isoformat()} (BE {be_year(when)}); cancel it and take a number from that year's book",
                    f"เลข {row.book_number} เป็นของทะเบียนปี {row.year_be} แต่หนังสือลงวันที่ปี {be_year(when)}",
                )
            taken = [(f["path"], owner) for f in file_rows
                     if (owner := self._registered_file(s, f["path"], letter_id=row.id))]
            if taken:
                raise _registered_error(taken)
            parent_id = self._resolve_parent(s, row, parent_id, forwards_receipt_id)
            row.letter_date = when
            row.subject, row.recipients = subject, recipients
            row.references, row.enclosures = [dict(r) for r in references], [dict(e) for e in enclosures]
            row.speed, row.secrecy, row.signer = speed, secrecy, signer
            row.parent_id, row.forwards_receipt_id = parent_id, forwards_receipt_id
            row.chain_id = self._letter_row(s, parent_id).chain_id if parent_id else row.id
            row.status, row.issued_at = ISSUED, _now()
            if not any(f.get("staged_path") for f in file_rows):
                row.owner_host = row.owner_pid = row.owner_started = None
            for f in file_rows:
                s.add(DocumentFile(letter_id=row.id, **f))
            s.flush()
        return self.get(letter_id)

    def _resolve_parent(self, s, row: Letter, parent_id, forwards_receipt_id) -> int | None:
        if forwards_receipt_id is not None:
            receipt = s.get(Receipt, forwards_receipt_id)
            if receipt is None:
                raise NotFound(f"no receipt with id {forwards_receipt_id}",
                               f"ไม่พบรายการรับหนังสือ id {forwards_receipt_id}")
            if receipt.agency_code != row.agency_code:
                raise DocengineError(
                    f"receipt {receipt.receipt_no} was received by {receipt.agency_code}, "
                    f"not by {row.agency_code}, which is forwarding it",
                    f"หนังสือเลขรับ {receipt.receipt_no} ลงรับโดย {receipt.agency_code} ไม่ใช่ {row.agency_code}",
                )
            if parent_id is not None and receipt.letter_id not in (None, parent_id):
                raise DocengineError(
                    f"receipt {receipt.receipt_no} is of letter id {receipt.letter_id}, not {parent_id}",
                    f"เลขรับ {receipt.receipt_no} เป็นของหนังสือ id {receipt.letter_id} ไม่ใช่ {parent_id}",
                )
            parent_id = parent_id if parent_id is not None else receipt.letter_id
        if parent_id is not None:
            parent = self._letter_row(s, parent_id)
            if parent.status != ISSUED:
                raise DocengineError(f"letter id {parent_id} is {parent.status}; only an issued letter can be forwarded",
                                     f"หนังสือ id {parent_id} มีสถานะ {parent.status} ส่งต่อไม่ได้")
        return parent_id

    def fail(self, allocation: Allocation | int, reason: str) -> LetterRecord:
        """Mark a reserved number ``failed`` (rendering or writing broke); it stays in the book."""
        return self._close(allocation, FAILED, reason, allowed=(RESERVED,))

    def cancel(self, number_id: Allocation | int, reason: str) -> LetterRecord:
        """Cancel a number (reserved, issued or failed); the line stays in the book with ``reason``."""
        return self._close(number_id, CANCELLED, reason, allowed=(RESERVED, ISSUED, FAILED))

    def _close(self, allocation, status: str, reason: str, allowed) -> LetterRecord:
        letter_id = allocation.id if isinstance(allocation, Allocation) else int(allocation)
        self._close_many([letter_id], status, reason, allowed)
        return self.get(letter_id)

    def _close_many(self, letter_ids: Sequence[int], status: str, reason: str, allowed) -> None:
        if not (reason or "").strip():
            raise DocengineError("give a reason: it is written in the book", "กรุณาระบุเหตุผล (บันทึกไว้ในทะเบียน)")
        with write_session(self.engine) as s:
            for letter_id in letter_ids:
                row = self._letter_row(s, letter_id, lock=True)
                if row.status not in allowed:
                    raise DocengineError(
                        f"{row.book_number} (id {row.id}) is already {row.status}; it cannot become {status}",
                        f"เลข {row.book_number} (id {row.id}) มีสถานะ {row.status} อยู่แล้ว เปลี่ยนเป็น {status} ไม่ได้",
                    )
                row.status, row.reason = status, reason.strip()
                row.owner_host = row.owner_pid = row.owner_started = None

    def files_in_place(self, *, letter_id: int | None = None, receipt_id: int | None = None):
        """Record that the staged files of a letter or receipt now have their final names."""
        with write_session(self.engine) as s:
            q = select(DocumentFile).where(DocumentFile.staged_path.is_not(None))
            q = q.where(DocumentFile.letter_id == letter_id) if letter_id is not None else \
                q.where(DocumentFile.receipt_id == receipt_id)
            for f in s.scalars(q):
                f.staged_path = None
            if letter_id is not None:
                row = self._letter_row(s, letter_id, lock=True)
                if row.status != RESERVED:
                    row.owner_host = row.owner_pid = row.owner_started = None
            else:
                row = self._receipt_row(s, receipt_id, lock=True)
                row.pending = row.owner_host = row.owner_pid = row.owner_started = None
        return self.get(letter_id) if letter_id is not None else self.get_receipt(receipt_id)

    def recover_stale(self, older_than: timedelta | None = None) -> list[int]:
        """Finish or close what dead processes left; returns the ids of numbers marked ``failed``.

        See :meth:`recover` for what is done; this is run on every open.
        """
        return self.recover(older_than).failed

    def recover(self, older_than: timedelta | None = None) -> "Recovery":
        """Close what processes that died mid-command left behind, and only that.

        A process's work is recovered when the process is provably dead: it ran on
        this machine, and its pid is free or belongs to a process started at another
        time (:func:`owner_is_dead`). ``older_than`` adds reservations taken on *other*
        machines (shared PostgreSQL registers), whose processes cannot be checked,
        once they are that old. A live command is never touched, whatever ``older_than``.

        * a number reserved by a dead process becomes ``failed`` (no file was recorded);
        * a letter or stamped copy recorded but not yet renamed from its temp name is
          renamed (its SHA-256 checked first); one whose temp file is gone is closed:
          the letter ``failed`` (and any of its files already in place set aside as
          ``*.failed``), the stamped copy forgotten;
        * a receipt whose stamped copy was not (re-)made keeps ``pending = "stamp"``;
          its id is in ``restamp`` (``docengine register recover`` re-makes it).

        Held reservations (จองเลข, ``hold=True``) are never touched.
        """
        cutoff = _now() - older_than if older_than is not None else None
        result = Recovery()
        with read_session(self.engine) as s:
            letters = s.execute(select(Letter.id, Letter.status, Letter.owner_host, Letter.owner_pid,
                                       Letter.owner_started, Letter.created_at)
                                .where(Letter.owner_pid.is_not(None))).all()
            receipts = s.execute(select(Receipt.id, Receipt.owner_host, Receipt.owner_pid, Receipt.owner_started)
                                 .where(Receipt.owner_pid.is_not(None))).all()
        host = socket.gethostname()
        for r in letters:
            dead = owner_is_dead(r.owner_host, r.owner_pid, r.owner_started)
            stale = r.status == RESERVED and cutoff is not None and r.owner_host != host and r.created_at <= cutoff
            if dead or stale:
                self._recover_letter(r.id, result)
        for r in receipts:
            if owner_is_dead(r.owner_host, r.owner_pid, r.owner_started):
                self._recover_receipt(r.id, result)
        if result.failed or result.finished or result.finished_receipts or result.restamp:
            # a command killed between staging and recording left temp files nobody records
            result.removed_temp_files = self.remove_stray_temp_files()
        return result

    def note_output_folders(self, paths: Iterable[str | Path]) -> None:
        """Remember the folders of ``paths`` before staging files there, so that a command
        killed before it records them leaves temp files :meth:`recover` can find."""
        folders = {str(Path(p).resolve().parent) for p in paths}
        keys = {_FOLDER_KEY + hashlib.sha256(f.encode()).hexdigest()[:32]: f for f in folders}
        with read_session(self.engine) as s:
            known = set(s.scalars(select(Meta.key).where(Meta.key.in_(list(keys)))))
        if known >= set(keys):
            return
        with write_session(self.engine) as s:
            for key, folder in keys.items():
                if key not in known:
                    s.merge(Meta(key=key, value=folder))

    def file_folders(self) -> list[Path]:
        """Every folder the register's files live in or a command noted it would write into."""
        with read_session(self.engine) as s:
            files = {str(Path(p).parent) for p in s.scalars(select(DocumentFile.path).distinct())}
            noted = set(s.scalars(select(Meta.value).where(Meta.key.startswith(_FOLDER_KEY))))
        return [Path(f) for f in sorted(files | noted)]

    def remove_stray_temp_files(self, folders: Iterable[str | Path] = ()) -> list[Path]:
        """Remove the temp files that killed commands left in :meth:`file_folders` and
        ``folders`` (:func:`docengine.io.stray_temp_files`: only provably dead writers')."""
        from docengine.io import remove_stray_temp_files

        return remove_stray_temp_files([*self.file_folders(), *map(Path, folders)])

    def unstamped_receipts(self) -> list[int]:
        """Receipts whose stamped copy is still to be (re-)made and no live process is making."""
        with read_session(self.engine) as s:
            return list(s.scalars(select(Receipt.id).where(Receipt.pending.is_not(None),
                                                           Receipt.owner_pid.is_(None)).order_by(Receipt.id)))

    def _recover_letter(self, letter_id: int, result: "Recovery") -> None:
        with write_session(self.engine) as s:
            row = self._letter_row(s, letter_id, lock=True)
            if row.owner_pid is None:  # finished meanwhile
                return
            who = f"pid {row.owner_pid} on {row.owner_host}"
            if row.status == RESERVED:
                row.status = FAILED
                row.reason = (f"the process that took this number ({who}) ended before recording its files "
                              "/ กระบวนการที่ออกเลขสิ้นสุดก่อนบันทึกแฟ้ม")
                result.failed.append(letter_id)
            else:
                pending = [f for f in row.files if f.staged_path]
                lost = [f for f in pending if not _finish_rename(f)]
                if lost:
                    for f in row.files:
                        _set_aside(f)
                    row.status = FAILED
                    row.reason = (f"the process that issued it ({who}) ended before its files were in place and "
                                  f"{', '.join(Path(f.staged_path).name for f in lost)} is gone "
                                  "/ กระบวนการสิ้นสุดก่อนเขียนแฟ้มเสร็จ")
                    result.failed.append(letter_id)
                else:
                    result.finished.append(letter_id)
                for f in pending:
                    f.staged_path = None
            row.owner_host = row.owner_pid = row.owner_started = None

    def _recover_receipt(self, receipt_id: int, result: "Recovery") -> None:
        with write_session(self.engine) as s:
            row = self._receipt_row(s, receipt_id, lock=True)
            if row.owner_pid is None:
                return
            for f in [f for f in row.files if f.staged_path]:
                if _finish_rename(f):
                    f.staged_path = None
                    row.pending = None
                else:
                    s.delete(f)  # that copy was never in place; the receipt still needs one
            if row.pending:
                result.restamp.append(receipt_id)
            else:
                result.finished_receipts.append(receipt_id)
            row.owner_host = row.owner_pid = row.owner_started = None

    # --- registered files ---------------------------------------------------------------

    def registered_file(self, path: str | os.PathLike) -> str | None:
        """What the file at ``path`` is in the books ("letter ชม 0023.05/12 (id 5)"), or None.

        Paths are compared resolved (symlinks and ``..`` followed), as the books store them.
        """
        with read_session(self.engine) as s:
            return self._registered_file(s, path)

    def _registered_file(self, s, path, *, letter_id: int | None = None) -> str | None:
        target = str(Path(path).resolve())
        rows = s.scalars(select(DocumentFile).where(DocumentFile.path == target)).all()
        for f in rows:
            if letter_id is not None and f.letter_id == letter_id:
                continue
            if f.letter_id is not None:
                letter = s.get(Letter, f.letter_id)
                return f"the {f.role} file of letter {letter.book_number} (id {letter.id})"
            receipt = s.get(Receipt, f.receipt_id)
            return f"the {f.role} file of receipt {receipt.receipt_no} of {receipt.agency_code} (id {receipt.id})"
        return None

    def refuse_registered(self, *paths) -> None:
        """Refuse to write over any registered file among ``paths`` (before anything is done)."""
        problems = [(p, owner) for p in paths if p is not None and (owner := self.registered_file(p))]
        if problems:
            raise _registered_error(problems)

    # --- the receiving book -----------------------------------------------------------

    def receive(self, agency_code: str, *, letter_id: int | None = None, sender_book_number: str | None = None,
                sender_date: date | None = None, sender_agency: str | None = None, subject: str | None = None,
                received_at: datetime | None = None, addressee: str | None = None,
                routing: Sequence[str] = (), action: str | None = None, note: str | None = None,
                files: Sequence = (), pending: str | None = None, outputs: Sequence = ()) -> ReceiptRecord:
        """Register an incoming letter in ``agency_code``'s receiving book and give it a เลขรับ.

        Give ``letter_id`` for a letter in this register (its number, date,
        sender and subject are copied), or the sender's ``sender_book_number``,
        ``sender_date``, ``sender_agency`` and ``subject`` as printed; a
        registered letter with that number and date is linked automatically.
        ``received_at`` defaults to now (naive = Bangkok time).  ``routing``
        lists the units ticked on the agency's routing list.  Receiving the
        same letter twice in one agency is an error and takes no number.
        ``files`` (e.g. the received original with its SHA-256) are recorded in the
        same transaction; ``pending="stamp"`` marks the stamped copy as still to be
        made by this process (see :meth:`recover`). ``outputs`` (the stamped copy's
        path) may not be registered files: the check comes after the duplicate check.
        """
        file_rows = _hash_files(files)
        moment = _bangkok(received_at or datetime.now(BANGKOK))
        self._not_future(moment, "time of receipt / เวลารับ")
        if sender_date is not None:
            self._not_future(sender_date, "letter date / ลงวันที่")
        with write_session(self.engine) as s:
            agency = self._agency_row(s, agency_code)
            letter = self._find_letter(s, letter_id, sender_book_number, sender_date)
            if letter is not None:
                sender = s.get(Agency, letter.agency_code)
                mismatch = []
                if sender_book_number and numbering.normalize_book_number(sender_book_number) != letter.book_number:
                    mismatch.append(f"book number / ที่: {sender_book_number} ≠ {letter.book_number}")
                if sender_date and sender_date != letter.letter_date:
                    mismatch.append(f"date / ลงวันที่: {sender_date} ≠ {letter.letter_date}")
                if mismatch:
                    detail = "; ".join(mismatch)
                    raise DocengineError(f"letter id {letter.id} does not match what was given: {detail}",
                                         f"ข้อมูลไม่ตรงกับหนังสือ id {letter.id} ในทะเบียน: {detail}")
                sender_book_number, sender_date = letter.book_number, letter.letter_date
                sender_agency = sender_agency or sender.issuer or sender.name
                subject = subject or letter.subject
            missing = [n for n, v in (("sender_book_number", sender_book_number), ("sender_date", sender_date),
                                      ("sender_agency", sender_agency), ("subject", subject)) if not v]
            if missing:
                raise DocengineError(f"to receive a letter not in the register give {', '.join(missing)}",
                                     f"หนังสือที่ไม่มีในทะเบียน ต้องระบุ {', '.join(missing)}")
            if moment.date() < sender_date:
                raise DocengineError(
                    f"received {moment.date().isoformat()} before the letter's date {sender_date.isoformat()}",
                    f"วันที่รับ ({moment.date().isoformat()}) อยู่ก่อนวันที่ของหนังสือ ({sender_date.isoformat()})",
                )
            self._check_routing(agency, routing)
            book_no = numbering.normalize_book_number(sender_book_number)
            duplicate = s.scalars(select(Receipt).where(
                Receipt.agency_code == agency.code,
                or_(and_(Receipt.sender_book_number == book_no, Receipt.sender_date == sender_date),
                    Receipt.letter_id == letter.id if letter is not None else False),
            )).first()
            if duplicate is not None:
                raise _duplicate_error(agency.code, duplicate)
            taken = [(p, owner) for p in outputs if p is not None and (owner := self._registered_file(s, p))]
            if taken:
                raise _registered_error(taken)
            year_be = be_year(moment)
            running = numbering.take_next(s, agency.code, "receive", year_be)
            row = Receipt(
                agency_code=agency.code, year_be=year_be, running_no=running,
                receipt_no=numbering.book_number(agency.code, "receive", running, year_be,
                                                 receipt_width=self._receipt_width),
                received_at=moment, sender_book_number=book_no, sender_date=sender_date,
                sender_agency=sender_agency,
                sender_agency_code=letter.agency_code if letter is not None else None,
                addressee=addressee, subject=subject, letter_id=letter.id if letter is not None else None,
                routing=list(routing), action=action, note=note, created_at=_now(),
                pending=pending, **(this_process() if pending else _NO_OWNER),
            )
            s.add(row)
            try:
                s.flush()
            except IntegrityError:
                # Only reachable if two receivers race past the check above on
                # PostgreSQL; the transaction rolls back and no number is used.
                raise DocengineError(f"{book_no} of {sender_date} is already in the receiving book of {agency.code}",
                                     f"หนังสือ {book_no} ลงวันที่ {sender_date} ลงรับในทะเบียนของ {agency.code} แล้ว") from None
            receipt_id = row.id
            for f in file_rows:
                s.add(DocumentFile(receipt_id=receipt_id, **f))
        return self.get_receipt(receipt_id)

    def _find_letter(self, s, letter_id, book_number, letter_date) -> Letter | None:
        if letter_id is not None:
            letter = self._letter_row(s, letter_id)
            if letter.status != ISSUED:
                raise DocengineError(f"letter id {letter_id} ({letter.book_number}) is {letter.status}, not issued",
                                     f"หนังสือ id {letter_id} ({letter.book_number}) ยังไม่ได้ออก (สถานะ {letter.status})")
            return letter
        if book_number and letter_date:
            return s.scalars(select(Letter).where(
                Letter.book_number == numbering.normalize_book_number(book_number), Letter.letter_date == letter_date,
                Letter.status == ISSUED)).first()
        return None

    @staticmethod
    def _check_routing(agency: Agency, routing: Sequence[str]) -> None:
        allowed = set()
        for unit in agency.routing or ():
            allowed.add(unit["unit"])
            allowed.update(unit.get("sections") or ())
        unknown = [u for u in routing if u not in allowed]
        if unknown:
            raise DocengineError(
                f"not on the routing list of {agency.code}: {', '.join(unknown)} (known: {', '.join(sorted(allowed)) or 'none'})",
                f"ไม่มีในรายการหน่วยงานของ {agency.code}: {', '.join(unknown)}",
            )

    def attach_receipt_files(self, receipt_id: int, files: Sequence) -> ReceiptRecord:
        """Record files made for a receipt (e.g. the copy with the receipt stamp) with their SHA-256."""
        rows = _hash_files([f if isinstance(f, (tuple, dict)) else ("stamped", f) for f in files])
        with write_session(self.engine) as s:
            receipt = self._receipt_row(s, receipt_id, lock=True)
            if any(f.get("staged_path") for f in rows) and receipt.owner_pid is None:
                receipt.owner_host, receipt.owner_pid, receipt.owner_started = this_process().values()
            for f in rows:
                s.add(DocumentFile(receipt_id=receipt_id, **f))
        return self.get_receipt(receipt_id)

    def endorse(self, receipt_id: int, by: str, position: str, text: str,
                when: date | datetime | None = None, *, restamp: bool = False) -> EndorsementRecord:
        """Add the next เกษียน to a received letter.

        ``when`` is a date (as handwritten), an aware or Bangkok-naive datetime,
        or ``None`` for now.  It may not precede the receipt.
        """
        blank = [n for n, v in (("by", by), ("position", position), ("text", text)) if not (v or "").strip()]
        if blank:
            raise DocengineError(f"an endorsement needs {', '.join(blank)}", f"การเกษียนต้องระบุ {', '.join(blank)}")
        if when is None:
            when = datetime.now(BANGKOK)
        if isinstance(when, datetime):
            moment, on = _bangkok(when), _bangkok(when).date()
        else:
            moment, on = None, when
        self._not_future(moment or on, "endorsement date / วันที่เกษียน")
        with write_session(self.engine) as s:
            receipt = self._receipt_row(s, receipt_id, lock=True)
            received_on = _bangkok(receipt.received_at).date()
            if on < received_on:
                raise DocengineError(
                    f"endorsement dated {on.isoformat()} precedes the receipt ({received_on.isoformat()})",
                    f"วันที่เกษียน ({on.isoformat()}) อยู่ก่อนวันที่ลงรับ ({received_on.isoformat()})",
                )
            seq = (s.scalar(select(func.max(Endorsement.seq)).where(Endorsement.receipt_id == receipt_id)) or 0) + 1
            row = Endorsement(receipt_id=receipt_id, seq=seq, actor=by.strip(), position=position.strip(),
                              text=text.strip(), endorsed_on=on, endorsed_at=moment, created_at=_now())
            if restamp:  # the stamped copy is re-made next; until then the receipt says so
                receipt.pending = "stamp"
                receipt.owner_host, receipt.owner_pid, receipt.owner_started = this_process().values()
            s.add(row)
            s.flush()
            return _endorsement(row)

    # --- reading ----------------------------------------------------------------------

    def get(self, letter_id: int) -> LetterRecord:
        """The line of the outgoing books with ``letter_id``."""
        with read_session(self.engine) as s:
            row = self._letter_row(s, letter_id)
            receipts = s.scalars(_receipt_query().where(Receipt.letter_id == row.id)).all()
            return _letter(row, receipts)

    def letter_by_number(self, book_number: str, letter_date: date) -> LetterRecord | None:
        """The line of the outgoing books with this ที่ and date, whatever its status (None if none)."""
        with read_session(self.engine) as s:
            row = s.scalars(select(Letter).options(selectinload(Letter.files)).where(
                Letter.book_number == numbering.normalize_book_number(book_number),
                Letter.letter_date == letter_date).order_by(Letter.id.desc())).first()
            return _letter(row) if row is not None else None

    def get_receipt(self, receipt_id: int) -> ReceiptRecord:
        with read_session(self.engine) as s:
            return _receipt(self._receipt_row(s, receipt_id))

    def chain(self, letter_id: int) -> ChainNode:
        """The whole chain ``letter_id`` belongs to, from its root down, receipts under each letter."""
        with read_session(self.engine) as s:
            row = self._letter_row(s, letter_id)
            root_id = row.chain_id or row.id
            letters = s.scalars(
                select(Letter).options(selectinload(Letter.files))
                .where(or_(Letter.chain_id == root_id, Letter.id == root_id)).order_by(Letter.id)
            ).all()
            ids = [l.id for l in letters]
            receipts = s.scalars(_receipt_query().where(Receipt.letter_id.in_(ids)).order_by(Receipt.id)).all()
        by_letter: dict[int, list] = {}
        for r in receipts:
            by_letter.setdefault(r.letter_id, []).append(r)
        kids: dict[int | None, list[Letter]] = {}
        for l in letters:
            kids.setdefault(l.parent_id if l.id != root_id else None, []).append(l)

        def node(l: Letter) -> ChainNode:
            mine = by_letter.get(l.id, [])
            return ChainNode(_letter(l, mine), tuple(_receipt(r) for r in mine),
                             tuple(node(k) for k in kids.get(l.id, [])))

        root = next(l for l in letters if l.id == root_id)
        return node(root)

    def list(self, book: str = "send", year: int | None = None, *, agency: str | None = None,
             date_from: date | None = None, date_to: date | None = None) -> list:
        """Lines of the ``send`` books (LetterRecord), the ``receive`` book (ReceiptRecord) or the
        ``forms`` books (LetterRecord of the form series, brief §3.7), in book order.

        ``year`` is a BE year (for ``forms``: the fiscal year of the book);
        ``date_from``/``date_to`` filter on the letter's date (send), the filing
        date (forms) or the Bangkok date of receipt (receive), both inclusive.
        """
        if book not in BOOKS:
            raise DocengineError(f"unknown book {book!r}: use {', '.join(BOOKS)}",
                                 f"ไม่มีทะเบียน {book!r} (ใช้ {', '.join(BOOKS)})")
        if year is not None:
            year = numbering.check_year_be(year)
        with read_session(self.engine) as s:
            code = self._agency_row(s, agency).code if agency else None
            if book in ("send", "forms"):
                series = numbering.SEND_SERIES if book == "send" else numbering.FORM_SERIES
                q = select(Letter).options(selectinload(Letter.files)).where(Letter.series.in_(series))
                if year is not None:
                    q = q.where(Letter.year_be == year)
                if code:
                    q = q.where(Letter.agency_code == code)
                if date_from:
                    q = q.where(Letter.letter_date >= date_from)
                if date_to:
                    q = q.where(Letter.letter_date <= date_to)
                rows = s.scalars(q.order_by(Letter.agency_code, Letter.year_be, Letter.series, Letter.running_no)).all()
                receipts = s.scalars(_receipt_query().where(Receipt.letter_id.in_([r.id for r in rows]))).all()
                by_letter: dict[int, list] = {}
                for r in receipts:
                    by_letter.setdefault(r.letter_id, []).append(r)
                return [_letter(r, by_letter.get(r.id, [])) for r in rows]
            q = _receipt_query()
            if year is not None:
                q = q.where(Receipt.year_be == year)
            if code:
                q = q.where(Receipt.agency_code == code)
            rows = [_receipt(r) for r in s.scalars(q.order_by(Receipt.agency_code, Receipt.year_be, Receipt.running_no))]
        if date_from or date_to:
            rows = [r for r in rows if (not date_from or _bangkok(r.received_at).date() >= date_from)
                    and (not date_to or _bangkok(r.received_at).date() <= date_to)]
        return rows

    # --- helpers ----------------------------------------------------------------------

    def _letter_row(self, s, letter_id: int, lock: bool = False) -> Letter:
        q = select(Letter).options(selectinload(Letter.files)).where(Letter.id == int(letter_id))
        if lock:
            q = q.with_for_update(of=Letter).execution_options(populate_existing=True)
        row = s.scalars(q).first()
        if row is None:
            raise NotFound(f"no letter with id {letter_id} in the register", f"ไม่พบหนังสือ id {letter_id} ในทะเบียน")
        return row

    def _receipt_row(self, s, receipt_id: int, lock: bool = False) -> Receipt:
        q = _receipt_query().where(Receipt.id == int(receipt_id))
        if lock:
            q = q.with_for_update(of=Receipt).execution_options(populate_existing=True)
        row = s.scalars(q).first()
        if row is None:
            raise NotFound(f"no receipt with id {receipt_id} in the register",
                           f"ไม่พบรายการรับหนังสือ id {receipt_id} ในทะเบียน")
        return row


@dataclass
class Recovery:
    """What :meth:`Register.recover` did: ids of letters failed / finished, receipts finished / to
    restamp, and the temp files of killed commands it removed."""

    failed: list = field(default_factory=list)
    finished: list = field(default_factory=list)
    finished_receipts: list = field(default_factory=list)
    restamp: list = field(default_factory=list)
    removed_temp_files: list = field(default_factory=list)


def _finish_rename(f: DocumentFile) -> bool:
    """Put a recorded file from its temp name in place; False if neither holds the recorded bytes."""
    final, tmp = Path(f.path), Path(f.staged_path)
    if tmp.is_file() and sha256_file(tmp) == (f.sha256, f.size):
        os.replace(tmp, final)
        return True
    if tmp.is_file():
        tmp.unlink()
    return final.is_file() and sha256_file(final) == (f.sha256, f.size)


def _set_aside(f: DocumentFile) -> None:
    """A file of a failed letter must not look like an issued one: rename it ``*.failed``."""
    final = Path(f.path)
    if final.is_file() and sha256_file(final) == (f.sha256, f.size):
        os.replace(final, final.with_name(final.name + ".failed"))


def _registered_error(problems) -> DocengineError:
    en = "; ".join(f"{p} is {owner}" for p, owner in problems)
    th = "; ".join(f"{p} เป็นแฟ้มที่ลงทะเบียนแล้ว" for p, _ in problems)
    return DocengineError(f"{en}: a registered file is never replaced; choose another output name "
                          "(nothing was numbered or written)",
                          f"{th} แฟ้มที่ลงทะเบียนแล้วจะไม่ถูกเขียนทับ กรุณาใช้ชื่อแฟ้มอื่น (ยังไม่ได้ออกเลขหรือเขียนแฟ้มใด)")


def _duplicate_error(agency_code: str, dup: Receipt) -> DocengineError:
    when = _bangkok(dup.received_at).date().isoformat()
    return RegisterConflict(
        f"{agency_code} already received {dup.sender_book_number} ({dup.sender_date.isoformat()}) "
        f"as receipt no. {dup.receipt_no} on {when}",
        f"{agency_code} ลงรับหนังสือ {dup.sender_book_number} แล้ว เลขรับ {dup.receipt_no} เมื่อ {when}",
    )


def _receipt_query():
    return select(Receipt).options(selectinload(Receipt.endorsements), selectinload(Receipt.files))


def _file(f: DocumentFile) -> FileRecord:
    return FileRecord(f.role, f.path, f.sha256, f.size, f.media_type, f.staged_path)


def _endorsement(e: Endorsement) -> EndorsementRecord:
    return EndorsementRecord(e.id, e.receipt_id, e.seq, e.actor, e.position, e.text, e.endorsed_on, e.endorsed_at)


def _receipt(r: Receipt) -> ReceiptRecord:
    return ReceiptRecord(
        id=r.id, agency_code=r.agency_code, year_be=r.year_be, running_no=r.running_no, receipt_no=r.receipt_no,
        received_at=r.received_at, sender_book_number=r.sender_book_number, sender_date=r.sender_date,
        sender_agency=r.sender_agency, sender_agency_code=r.sender_agency_code, subject=r.subject,
        addressee=r.addressee, letter_id=r.letter_id, routing=tuple(r.routing or ()), action=r.action,
        note=r.note, endorsements=tuple(_endorsement(e) for e in r.endorsements),
        files=tuple(_file(f) for f in r.files), pending=r.pending,
    )


def _letter(l: Letter, receipts=()) -> LetterRecord:
    return LetterRecord(
        id=l.id, agency_code=l.agency_code, series=l.series, year_be=l.year_be, running_no=l.running_no,
        book_number=l.book_number, status=l.status, date=l.letter_date, subject=l.subject,
        recipients=l.recipients, references=tuple(l.references or ()), enclosures=tuple(l.enclosures or ()),
        speed=l.speed, secrecy=l.secrecy, signer=l.signer, parent_id=l.parent_id,
        forwards_receipt_id=l.forwards_receipt_id, chain_id=l.chain_id, reason=l.reason,
        created_at=l.created_at, issued_at=l.issued_at, files=tuple(_file(f) for f in l.files),
        receipts=tuple(_receipt(r) for r in receipts),
    )
