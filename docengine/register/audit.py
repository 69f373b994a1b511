"""The register's audit log: every change to the books, hash-chained, written with the change.

One hook (:func:`watch`, installed by ``db.write_session`` on every write
transaction) turns each flushed change of an audited table into an entry of
``audit_log``, in the same transaction as the change itself, so a change and
its entry are committed together or not at all. An entry holds the changed
row as canonical JSON (read back from the database, exactly as stored) and

    hash = sha256(prev_hash + canonical JSON of {seq, at, kind, target, actor, data})

with ``prev_hash`` the hash of the entry before (``"0" * 64`` for the first).
Appends are serialised: SQLite's ``BEGIN IMMEDIATE`` already holds the
database's write lock for the transaction; on PostgreSQL ``write_session``
takes a transaction-level advisory lock first, before any row lock, so appends
queue and never deadlock.

:func:`verify` walks the chain (every hash, every link, seq without gaps) and
then compares every audited row with its latest entry: a row edited, added or
deleted behind docengine's back is named, as is an edited entry.

>>> canonical({"b": 1, "a": "ก"})
'{"a":"ก","b":1}'
>>> entry_hash("0" * 64, 1, "2024-01-08T02:15:00+00:00", "number.taken", "letters:1", "clerk@host", "{}")[:12]
'b381264a3e7a'
"""

from __future__ import annotations

import getpass
import hashlib
import json
import socket
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime, timezone

from sqlalchemy import event, inspect, select, text

GENESIS = "0" * 64
PG_LOCK_KEY = 0x646F63617564  # "docaud": serialises audit appends on PostgreSQL
ACTOR_KEY = "docengine_actor"


def audited_classes():
    """The tables whose every change is logged (the books, their files, signatures, users)."""
    from .tables import (Counter, Delegation, DocumentFile, Endorsement, Letter, Receipt, RegisterUser, Signature,
                         SignRequest, UserRole)

    return (Counter, Letter, Receipt, Endorsement, DocumentFile, RegisterUser, Signature, UserRole, Delegation,
            SignRequest)


# --- canonical form ---------------------------------------------------------------------


def _plain(value):
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return value


def canonical(value) -> str:
    """Sorted keys, no spaces, UTF-8 text as is: the one JSON form that is hashed."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_plain)


def entry_hash(prev: str, seq: int, at: str, kind: str, target: str, actor: str, data: str | None) -> str:
    body = canonical({"seq": seq, "at": at, "kind": kind, "target": target, "actor": actor, "data": data})
    return hashlib.sha256((prev + body).encode("utf-8")).hexdigest()


def _target(mapper, pk) -> str:
    return f"{mapper.local_table.name}:" + "/".join(str(v) for v in pk)


def row_snapshot(conn, cls, pk) -> str | None:
    """Canonical JSON of the stored row of ``cls`` with primary key ``pk`` (None if gone)."""
    table = inspect(cls).local_table
    cols = list(table.primary_key.columns)
    row = conn.execute(select(table).where(*(c == v for c, v in zip(cols, pk)))).mappings().first()
    if row is None:
        return None
    return canonical({k: _plain(v) for k, v in _masked(cls, dict(row)).items()})


def _masked(cls, row: dict) -> dict:
    # A PIN or password hash is a secret: the log keeps its digest, which still shows any edit.
    for key in ("pin_hash", "password_hash"):
        if row.get(key) is not None:
            row[key] = "sha256:" + hashlib.sha256(str(row[key]).encode()).hexdigest()
    return row


# --- what happened ----------------------------------------------------------------------


def _kind(obj, is_new: bool, is_deleted: bool) -> str:
    name = type(obj).__name__
    if is_deleted:
        return f"{inspect(obj).mapper.local_table.name}.deleted"
    if name == "Letter":
        status = obj.status
        if is_new:
            return "number.taken" if obj.owner_pid is not None else "number.reserved"
        if status == "issued":
            forwarded = obj.parent_id is not None or obj.forwards_receipt_id is not None
            return "letter.forwarded" if forwarded else "letter.registered"
        return {"cancelled": "number.cancelled", "failed": "number.failed"}.get(status, "letter.updated")
    if name == "Receipt":
        return "letter.received" if is_new else "receipt.updated"
    if name == "Endorsement":
        return "letter.endorsed"
    if name == "DocumentFile":
        return "file.recorded" if is_new else "file.updated"
    if name == "Counter":
        return "book.counter"
    if name == "RegisterUser":
        return "user.created" if is_new else "user.updated"
    if name == "UserRole":
        return "role.granted" if is_new else "role.updated"
    if name == "Signature":
        return "letter.signed" if obj.kind != "received" else "signature.checked"
    if name == "Delegation":
        return "delegation.added" if is_new else "delegation.changed"
    if name == "SignRequest":
        return "sign.requested" if is_new else {"issuing": "sign.numbering"}.get(obj.status, f"sign.{obj.status}")
    return f"{name.lower()}.changed"


# Who acts, when a caller knows better than the OS login (the web desk: "web:<login>").
_ACTOR: ContextVar[str | None] = ContextVar("docengine_actor", default=None)


@contextmanager
def acting_as(actor: str):
    """Every audit entry written inside the block names ``actor``."""
    token = _ACTOR.set(actor)
    try:
        yield
    finally:
        _ACTOR.reset(token)


def default_actor() -> str:
    actor = _ACTOR.get()
    if actor:
        return actor
    try:
        user = getpass.getuser()
    except Exception:  # no login name (containers)
        user = "unknown"
    return f"{user}@{socket.gethostname()}"


def watch(session) -> None:
    """Log every change ``session`` flushes to an audited table (installed by write_session)."""
    event.listen(session, "after_flush", _after_flush)


def _after_flush(session, _context) -> None:
    audited = audited_classes()
    changes = []
    for objs, new, deleted in ((session.new, True, False), (session.dirty, False, False),
                               (session.deleted, False, True)):
        for obj in objs:
            if not isinstance(obj, audited):
                continue
            if not new and not deleted and not session.is_modified(obj, include_collections=False):
                continue
            pk = inspect(obj).mapper.primary_key_from_instance(obj)
            changes.append((obj, tuple(pk), new, deleted))
    if not changes:
        return
    conn = session.connection()
    actor = session.info.get(ACTOR_KEY) or default_actor()
    seq, prev = _head(conn)
    at = datetime.now(timezone.utc).isoformat()
    # A stable order inside one flush: table, then key.
    for obj, pk, new, deleted in sorted(changes, key=lambda c: (type(c[0]).__name__, str(c[1]))):
        cls = type(obj)
        data = None if deleted else row_snapshot(conn, cls, pk)
        seq += 1
        target = _target(inspect(cls), pk)
        kind = _kind(obj, new, deleted)
        prev = _append(conn, prev, seq, at, kind, target, actor, data)


def _append(conn, prev: str, seq: int, at: str, kind: str, target: str, actor: str, data: str | None) -> str:
    """Insert one entry after ``prev``; returns its hash."""
    digest = entry_hash(prev, seq, at, kind, target, actor, data)
    conn.execute(text("INSERT INTO audit_log (seq, at, kind, target, actor, data, prev_hash, hash) "
                      "VALUES (:seq, :at, :kind, :target, :actor, :data, :prev, :hash)"),
                 {"seq": seq, "at": at, "kind": kind, "target": target, "actor": actor, "data": data,
                  "prev": prev, "hash": digest})
    return digest


def lock_for_append(session) -> None:
    """Take the PostgreSQL advisory lock that serialises appends (first thing in a write transaction)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(f"SELECT pg_advisory_xact_lock({PG_LOCK_KEY})"))


# --- checking ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Broken:
    """The first thing that does not match, in English and Thai."""

    seq: int | None
    target: str | None
    en: str
    th: str

    def __str__(self) -> str:
        where = f"entry {self.seq}" if self.seq is not None else "row"
        return f"{where} ({self.target}): {self.en} / {self.th}"


@dataclass(frozen=True)
class Verified:
    entries: int
    head: str
    rows: int
    broken: Broken | None

    @property
    def ok(self) -> bool:
        return self.broken is None


def verify(engine) -> Verified:
    """Walk the chain, then compare every audited row with its latest entry; stops at the first mismatch."""
    with engine.connect() as conn:
        prev, expected_seq, latest = GENESIS, 1, {}
        count = 0
        rows = conn.execute(text("SELECT seq, at, kind, target, actor, data, prev_hash, hash FROM audit_log "
                                 "ORDER BY seq"))
        for seq, at, kind, target, actor, data, prev_hash, digest in rows:
            count += 1
            if seq != expected_seq:
                return Verified(count, prev, 0, Broken(seq, target, f"entry {expected_seq} is missing (found {seq})",
                                                       f"รายการที่ {expected_seq} หายไป (พบ {seq})"))
            if prev_hash != prev:
                return Verified(count, prev, 0, Broken(seq, target, "its prev_hash is not the hash of the entry before",
                                                       "ค่า prev_hash ไม่ตรงกับรายการก่อนหน้า"))
            if entry_hash(prev, seq, at, kind, target, actor, data) != digest:
                return Verified(count, prev, 0, Broken(seq, target, f"{kind}: its content does not match its hash "
                                                       "(edited after it was written)",
                                                       f"{kind}: ข้อมูลไม่ตรงกับค่าแฮช (ถูกแก้ไขภายหลัง)"))
            latest[target] = data
            prev, expected_seq = digest, expected_seq + 1
        checked = 0
        for cls in audited_classes():
            mapper = inspect(cls)
            table = mapper.local_table
            name = table.name
            pk_cols = list(table.primary_key.columns)
            for row in conn.execute(select(*pk_cols).order_by(*pk_cols)):
                checked += 1
                target = _target(mapper, tuple(row))
                snap = row_snapshot(conn, cls, tuple(row))
                if target not in latest:
                    return Verified(count, prev, checked, Broken(None, target, "row is in the register but not in "
                                                                 "the audit log (added outside docengine)",
                                                                 "มีรายการในทะเบียนที่ไม่มีในบันทึกตรวจสอบ (เพิ่มจากภายนอก)"))
                if latest[target] != snap:
                    return Verified(count, prev, checked, Broken(None, target, "row differs from its last audit "
                                                                 "entry (edited outside docengine)",
                                                                 "รายการในทะเบียนไม่ตรงกับบันทึกตรวจสอบล่าสุด (ถูกแก้ไขจากภายนอก)"))
            for target, data in latest.items():
                if target.startswith(name + ":") and data is not None:
                    pk = target.split(":", 1)[1].split("/")
                    if row_snapshot(conn, cls, _typed(pk_cols, pk)) is None:
                        return Verified(count, prev, checked, Broken(None, target, "row was deleted outside docengine",
                                                                     "รายการถูกลบออกจากทะเบียนจากภายนอก"))
        conn.rollback()
        return Verified(count, prev, checked, None)


def _typed(cols, values):
    out = []
    for c, v in zip(cols, values):
        try:
            out.append(c.type.python_type(v))
        except (NotImplementedError, ValueError, TypeError):
            out.append(v)
    return tuple(out)


def baseline(engine) -> int:
    """Log every audited row that has no entry yet (a register from before the audit log), and
    every row a schema upgrade gave new columns (its old columns exactly as last logged, only
    new keys added: ``register.migrated``); returns how many entries were written. A row whose
    logged columns differ is left alone, so an edit made before the upgrade still shows."""
    from .db import write_session

    added = 0
    with write_session(engine) as s:
        conn = s.connection()
        latest = {}
        for target, data in conn.execute(text("SELECT target, data FROM audit_log ORDER BY seq")):
            latest[target] = data
        seq, prev = _head(conn)
        at, actor = datetime.now(timezone.utc).isoformat(), "docengine@baseline"
        for cls in audited_classes():
            mapper = inspect(cls)
            pk_cols = list(mapper.local_table.primary_key.columns)
            for row in conn.execute(select(*pk_cols).order_by(*pk_cols)).all():
                target = _target(mapper, tuple(row))
                snap = row_snapshot(conn, cls, tuple(row))
                if target in latest:
                    if latest[target] is None or latest[target] == snap or not _only_new_keys(latest[target], snap):
                        continue
                    kind = "register.migrated"
                else:
                    kind = "register.baseline"
                seq += 1
                prev = _append(conn, prev, seq, at, kind, target, actor, snap)
                added += 1
    return added


def _only_new_keys(logged: str, now: str) -> bool:
    """Whether ``now`` is ``logged`` with keys added (a migration's new columns) and none changed."""
    old, new = json.loads(logged), json.loads(now)
    return isinstance(old, dict) and isinstance(new, dict) and set(old) < set(new) \
        and all(new[k] == v for k, v in old.items())


def _head(conn) -> tuple[int, str]:
    row = conn.execute(text("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")).first()
    return (row[0], row[1]) if row else (0, GENESIS)


def head(engine) -> tuple[int, str]:
    """(seq, hash) of the newest entry: what an annual export prints."""
    with engine.connect() as conn:
        found = _head(conn)
        conn.rollback()
    return found
