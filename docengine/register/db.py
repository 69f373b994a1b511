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
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from docengine.errors import DocengineError

DEFAULT_FILE = "register.sqlite3"

# A clerk's command may wait this long behind another writer before giving up.
BUSY_TIMEOUT_MS = 30_000

_WRITE = "docengine_write"


def default_url() -> str:
    """SQLite file under ``platformdirs.user_data_dir("docengine")``."""
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("docengine"))
    return f"sqlite:///{folder / DEFAULT_FILE}"


def resolve_url(url: str | None) -> str:
    """The SQLAlchemy URL for ``url``: ``None`` is the default file, a bare path is SQLite,
    and ``postgresql://`` gets the psycopg 3 driver (the only one docengine ships with)."""
    if not url:
        return default_url()
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def create_register_engine(url: str | None) -> Engine:
    """An engine for ``url`` with the locking behaviour the numbering relies on."""
    resolved = resolve_url(url)
    try:
        parsed = make_url(resolved)
    except Exception:
        raise DocengineError(
            f"not a database URL: {url!r} (use a file path, sqlite:///… or postgresql://…)",
            f"รูปแบบที่อยู่ฐานข้อมูลไม่ถูกต้อง: {url!r}",
        ) from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(resolved, parsed.database)
    if backend == "postgresql":
        return create_engine(resolved, pool_pre_ping=True)
    raise DocengineError(
        f"unsupported database {backend!r}: docengine keeps its register in SQLite or PostgreSQL",
        f"ไม่รองรับฐานข้อมูลชนิด {backend!r} (ใช้ได้เฉพาะ SQLite หรือ PostgreSQL)",
    )


def _sqlite_engine(resolved: str, database: str | None) -> Engine:
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
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

    On SQLite the lock is the database's (BEGIN IMMEDIATE); on PostgreSQL the
    callers lock the rows they change (SELECT … FOR UPDATE).
    """
    with engine.connect() as conn:
        conn = conn.execution_options(**{_WRITE: True})
        with Session(bind=conn, expire_on_commit=False) as session:
            with session.begin():
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
