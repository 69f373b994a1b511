"""Where the register lives and how to talk to it safely.

The default register is one SQLite file in the user's data folder, in WAL mode
so that readers never wait for the writer.  PostgreSQL works through the same
URL mechanism (psycopg 3).  Anything that changes a book takes the database's
write lock up front (``BEGIN IMMEDIATE`` on SQLite, a row lock on PostgreSQL),
so two clerks numbering letters at the same moment queue instead of colliding.

>>> resolve_url("postgresql://u@h/db")
'postgresql+psycopg://u@h/db'
>>> resolve_url("/tmp/book.sqlite3")
'sqlite:////tmp/book.sqlite3'
"""

from __future__ import annotations

import os
import re
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from docengine.errors import EXIT_USAGE, DocengineError

DEFAULT_FILE = "register.sqlite3"

# A clerk's command may wait this long behind another writer before giving up.
BUSY_TIMEOUT_MS = 30_000

_WRITE = "docengine_write"


def default_url() -> str:
    """SQLite file under ``platformdirs.user_data_dir("docengine")``."""
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("docengine"))
    return f"sqlite:///{folder / DEFAULT_FILE}"


# Schemes a --db URL may use; anything else (a typo such as ``postgresql:/host/db`` or
# ``foo://``) is refused instead of silently becoming a new SQLite file.
SCHEMES = {"sqlite": "sqlite", "sqlite+pysqlite": "sqlite", "postgresql": "postgresql+psycopg",
           "postgres": "postgresql+psycopg", "postgresql+psycopg": "postgresql+psycopg"}
_SCHEME_LIKE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+:")


class BadDatabaseURL(DocengineError):
    """A --db value that is neither a file path nor a URL docengine can use."""

    exit_code = EXIT_USAGE

    def __init__(self, url: str, why: str, why_th: str):
        super().__init__(
            f"--db {url!r}: {why} (use a file path, sqlite:///PATH or postgresql://USER@HOST/DB)",
            f"--db {url!r}: {why_th} (ใช้ที่อยู่แฟ้ม sqlite:///PATH หรือ postgresql://USER@HOST/DB)")


def resolve_url(url: str | None) -> str:
    """The SQLAlchemy URL for ``url``: ``None`` is the default file, a bare path is SQLite,
    and ``postgresql://`` gets the psycopg 3 driver (the only one docengine ships with).
    A malformed or unknown URL raises :class:`BadDatabaseURL`.

    >>> resolve_url("postgresql:/127.0.0.1/saraban")
    Traceback (most recent call last):
    ...
    docengine.register.db.BadDatabaseURL: --db 'postgresql:/127.0.0.1/saraban': looks like a URL but has no '://' (use a file path, sqlite:///PATH or postgresql://USER@HOST/DB) / --db 'postgresql:/127.0.0.1/saraban': ดูเหมือนที่อยู่ URL แต่ไม่มี '://' (ใช้ที่อยู่แฟ้ม sqlite:///PATH หรือ postgresql://USER@HOST/DB)
    """
    if not url:
        return default_url()
    url = os.fspath(url)  # a pathlib.Path names a SQLite file
    if "://" not in url:
        if _SCHEME_LIKE.match(url):
            raise BadDatabaseURL(url, "looks like a URL but has no '://'", "ดูเหมือนที่อยู่ URL แต่ไม่มี '://'")
        path = Path(url).expanduser().resolve()
        if path.is_dir():
            raise BadDatabaseURL(url, "is a folder, not a register file", "เป็นโฟลเดอร์ ไม่ใช่แฟ้มทะเบียน")
        return f"sqlite:///{path}"
    scheme, rest = url.split("://", 1)
    if scheme.lower() not in SCHEMES:
        raise BadDatabaseURL(url, f"unknown database scheme {scheme!r}", f"ไม่รู้จักชนิดฐานข้อมูล {scheme!r}")
    driver = SCHEMES[scheme.lower()]
    if driver == "sqlite":
        if not rest.startswith("/") or rest in ("/", "//"):
            raise BadDatabaseURL(url, "a SQLite URL needs a file: sqlite:///PATH",
                                 "ที่อยู่ SQLite ต้องระบุแฟ้ม sqlite:///PATH")
        return f"sqlite://{rest}"
    host_part = rest.split("/", 1)
    if not host_part[0] or len(host_part) < 2 or not host_part[1].split("?")[0]:
        raise BadDatabaseURL(url, "a PostgreSQL URL needs a host and a database: postgresql://USER@HOST/DB",
                             "ที่อยู่ PostgreSQL ต้องมีเครื่องและชื่อฐานข้อมูล")
    return f"{driver}://{rest}"


def sqlite_file(url: str | None) -> Path | None:
    """The file of a SQLite register URL (None for PostgreSQL or in-memory)."""
    parsed = make_url(resolve_url(url))
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def create_register_engine(url: str | None) -> Engine:
    """An engine for ``url`` with the locking behaviour the numbering relies on."""
    resolved = resolve_url(url)
    try:
        parsed = make_url(resolved)
    except (ArgumentError, ValueError):  # e.g. a port that is not a number
        raise BadDatabaseURL(str(url), "not a database URL", "รูปแบบที่อยู่ฐานข้อมูลไม่ถูกต้อง") from None
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(resolved, parsed.database)
    return create_engine(resolved, pool_pre_ping=True)  # resolve_url gives SQLite or PostgreSQL only


def _sqlite_engine(resolved: str, database: str | None) -> Engine:
    engine = create_engine(resolved, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        # Let SQLAlchemy, not the driver, decide when transactions begin, so
        # that we can choose BEGIN IMMEDIATE for writers.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # A deferred transaction that later wants to write can fail with
        # SQLITE_BUSY without waiting; IMMEDIATE takes the write lock first.
        immediate = conn.get_execution_options().get(_WRITE)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


@contextmanager
def write_session(engine: Engine):
    """A session holding the write lock for its whole transaction; commits on success.

    On SQLite the lock is the database's (BEGIN IMMEDIATE); on PostgreSQL an
    advisory lock serialises the audit log's appends and the callers lock the
    rows they change (SELECT … FOR UPDATE).
    """
    from . import audit

    with engine.connect() as conn:
        conn = conn.execution_options(**{_WRITE: True})
        with Session(bind=conn, expire_on_commit=False) as session:
            # Every change is logged in the same transaction (docengine.register.audit).
            audit.watch(session)
            with session.begin():
                audit.lock_for_append(session)
                yield session


@contextmanager
def read_session(engine: Engine):
    """A session for reading; nothing it does is committed."""
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    with factory() as session:
        yield session


def describe(engine: Engine) -> str:
    """The URL without its password, for messages."""
    return engine.url.render_as_string(hide_password=True)


def env_url() -> str | None:
    return os.environ.get("DOCENGINE_DB") or None
