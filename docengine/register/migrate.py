"""Bring a register database to the schema this docengine expects.

Runs the Alembic revisions shipped in ``docengine/register/migrations`` on an
open engine, so an installed wheel migrates without any alembic.ini.  Two
processes opening a new database at once are serialised by the write lock
(SQLite) or an advisory lock (PostgreSQL); the second finds nothing to do.

Developers create a revision from the tables (``tables.py``) with::

    python -m docengine.register.migrate revision "add due date" --db /tmp/dev.sqlite3
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Connection, Engine

from docengine.errors import DocengineError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

# Any fixed number: the key of the PostgreSQL advisory lock taken while migrating.
_PG_LOCK_KEY = 0x5A2ABA


def _config(connection: Connection | None = None):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head()


def current_revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def is_empty(engine: Engine) -> bool:
    """True when the database holds no docengine register (no schema revision yet)."""
    with engine.connect() as conn:
        current = current_revision(conn)
        conn.rollback()
    return current is None


def upgrade(engine: Engine) -> bool:
    """Migrate to head if needed; True when something was done (a new or older database)."""
    head = head_revision()
    with engine.connect() as conn:
        current = current_revision(conn)
        conn.rollback()
    if current == head:
        return False
    _check_known(current)
    from alembic import command

    with engine.connect() as conn:
        conn = conn.execution_options(docengine_write=True)
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_LOCK_KEY})")
            # Someone else may have migrated while we waited for the lock.
            if current_revision(conn) == head:
                return False
            command.upgrade(_config(conn), "head")
    return True


def _check_known(revision: str | None) -> None:
    if revision is None:
        return
    from alembic.script import ScriptDirectory

    try:
        ScriptDirectory.from_config(_config()).get_revision(revision)
    except Exception:
        raise DocengineError(
            f"the register database is at schema revision {revision!r}, which this docengine does not "
            "know: it was written by a newer version; upgrade docengine",
            f"ฐานข้อมูลทะเบียนสร้างโดย docengine รุ่นใหม่กว่า (revision {revision!r}) กรุณาปรับรุ่นโปรแกรม",
        ) from None


def _main(argv: list[str]) -> None:
    import argparse

    from alembic import command

    from .db import create_register_engine

    parser = argparse.ArgumentParser(prog="python -m docengine.register.migrate")
    parser.add_argument("action", choices=["upgrade", "revision", "current"])
    parser.add_argument("message", nargs="?", default="")
    parser.add_argument("--db", default=None)
    args = parser.parse_args(argv)
    engine = create_register_engine(args.db)
    if args.action == "upgrade":
        print("migrated" if upgrade(engine) else "already at head")
    elif args.action == "current":
        with engine.connect() as conn:
            print(current_revision(conn), "head:", head_revision())
    else:
        upgrade(engine)
        with engine.begin() as conn:
            command.revision(_config(conn), message=args.message, autogenerate=True)


if __name__ == "__main__":
    import sys

    _main(sys.argv[1:])
