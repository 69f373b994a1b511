"""Where the register lives (docengine.register.db): every form of --db that ``resolve_url`` takes or refuses
(with the exact messages), the SQLite file of a URL, the engines made for SQLite and PostgreSQL (no server
needed: nothing connects), the SQLite settings and the write lock, write and read sessions, ``describe``,
$DOCENGINE_DB and the default file; and the schema upgrade on open (docengine.register.migrate), and what
``docengine.register`` exports."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import event, text

import docengine.register as register_pkg
from docengine.errors import EXIT_USAGE, DocengineError
from docengine.register import db, migrate, open_register
from docengine.register.db import BadDatabaseURL, resolve_url
from docengine.register.tables import Meta

HINT_EN = " (use a file path, sqlite:///PATH or postgresql://USER@HOST/DB)"
HINT_TH = " (ใช้ที่อยู่แฟ้ม sqlite:///PATH หรือ postgresql://USER@HOST/DB)"


def refused(url):
    with pytest.raises(BadDatabaseURL) as e:
        resolve_url(url)
    return e.value


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """The user data folder, under tmp_path."""
    import platformdirs

    folder = tmp_path / "data"
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda app: str(folder / app))
    return folder / "docengine"


# --- resolve_url --------------------------------------------------------------------------


def test_no_url_is_the_default_file_in_the_user_data_folder(data_dir):
    assert db.default_url() == f"sqlite:///{data_dir / 'register.sqlite3'}"
    assert resolve_url(None) == f"sqlite:///{data_dir / 'register.sqlite3'}"
    assert resolve_url("") == f"sqlite:///{data_dir / 'register.sqlite3'}"


def test_a_relative_path_is_a_sqlite_file_in_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert resolve_url("book.sqlite3") == f"sqlite:///{tmp_path.resolve() / 'book.sqlite3'}"
    assert resolve_url(Path("sub") / "book.sqlite3") == f"sqlite:///{tmp_path.resolve() / 'sub' / 'book.sqlite3'}"


def test_a_home_relative_path_is_expanded(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    assert resolve_url("~/r.sqlite3") == f"sqlite:///{tmp_path.resolve() / 'r.sqlite3'}"


def test_a_one_letter_prefix_is_a_file_name_not_a_scheme(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert resolve_url("c:book.sqlite3") == f"sqlite:///{tmp_path.resolve() / 'c:book.sqlite3'}"


def test_a_folder_is_refused(tmp_path):
    e = refused(str(tmp_path))
    assert e.en == f"--db {str(tmp_path)!r}: is a folder, not a register file" + HINT_EN
    assert e.th == f"--db {str(tmp_path)!r}: เป็นโฟลเดอร์ ไม่ใช่แฟ้มทะเบียน" + HINT_TH
    assert e.exit_code == EXIT_USAGE


def test_a_url_without_its_slashes_is_refused():
    e = refused("sqlite:/tmp/r.sqlite3")
    assert e.en == "--db 'sqlite:/tmp/r.sqlite3': looks like a URL but has no '://'" + HINT_EN
    assert e.th == "--db 'sqlite:/tmp/r.sqlite3': ดูเหมือนที่อยู่ URL แต่ไม่มี '://'" + HINT_TH


def test_an_unknown_scheme_is_refused():
    e = refused("mysql://u@h/db")
    assert e.en == "--db 'mysql://u@h/db': unknown database scheme 'mysql'" + HINT_EN
    assert e.th == "--db 'mysql://u@h/db': ไม่รู้จักชนิดฐานข้อมูล 'mysql'" + HINT_TH


@pytest.mark.parametrize("url, resolved", [
    ("sqlite:///tmp/r.sqlite3", "sqlite:///tmp/r.sqlite3"),
    ("sqlite:////tmp/r.sqlite3", "sqlite:////tmp/r.sqlite3"),
    ("SQLite:///tmp/r.sqlite3", "sqlite:///tmp/r.sqlite3"),
    ("sqlite+pysqlite:///tmp/r.sqlite3", "sqlite:///tmp/r.sqlite3"),
    ("sqlite:///:memory:", "sqlite:///:memory:"),
    ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
    ("postgres://u:pw@h:5433/db", "postgresql+psycopg://u:pw@h:5433/db"),
    ("PostgreSQL://u@h/db?sslmode=require", "postgresql+psycopg://u@h/db?sslmode=require"),
    ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
    ("postgresql://u@h/db?options=sqlite://x", "postgresql+psycopg://u@h/db?options=sqlite://x"),
])
def test_a_url_gets_the_driver_docengine_ships_with(url, resolved):
    assert resolve_url(url) == resolved


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///", "sqlite:////", "sqlite://r.sqlite3"])
def test_a_sqlite_url_without_a_file_is_refused(url):
    e = refused(url)
    assert e.en == f"--db {url!r}: a SQLite URL needs a file: sqlite:///PATH" + HINT_EN
    assert e.th == f"--db {url!r}: ที่อยู่ SQLite ต้องระบุแฟ้ม sqlite:///PATH" + HINT_TH


@pytest.mark.parametrize("url", ["postgresql:///db", "postgresql://h", "postgresql://h/", "postgresql://h/?x=1"])
def test_a_postgresql_url_without_a_host_or_a_database_is_refused(url):
    e = refused(url)
    assert e.en == f"--db {url!r}: a PostgreSQL URL needs a host and a database: postgresql://USER@HOST/DB" + HINT_EN
    assert e.th == f"--db {url!r}: ที่อยู่ PostgreSQL ต้องมีเครื่องและชื่อฐานข้อมูล" + HINT_TH


# --- sqlite_file, engines -----------------------------------------------------------------


def test_the_file_of_a_sqlite_register_and_none_for_memory_or_postgresql(tmp_path):
    assert db.sqlite_file(f"sqlite:///{tmp_path / 'r.sqlite3'}") == tmp_path / "r.sqlite3"
    assert db.sqlite_file(str(tmp_path / "r.sqlite3")) == tmp_path.resolve() / "r.sqlite3"
    assert db.sqlite_file("sqlite:///:memory:") is None
    assert db.sqlite_file("postgresql://u@h/db") is None


def test_a_postgresql_engine_is_made_without_connecting_and_described_without_its_password():
    engine = db.create_register_engine("postgresql://clerk:secret@db.example:5433/saraban")
    assert engine.dialect.name == "postgresql" and engine.dialect.driver == "psycopg"
    assert engine.pool._pre_ping is True
    assert db.is_sqlite(engine) is False
    assert db.describe(engine) == "postgresql+psycopg://clerk:***@db.example:5433/saraban"


def test_a_sqlite_engine_uses_wal_a_busy_timeout_and_foreign_keys(tmp_path):
    engine = db.create_register_engine(f"sqlite:///{tmp_path / 'r.sqlite3'}")
    assert db.is_sqlite(engine) is True
    assert db.describe(engine) == f"sqlite:///{tmp_path / 'r.sqlite3'}"
    with engine.connect() as conn:
        got = [conn.exec_driver_sql(f"PRAGMA {p}").scalar() for p in
               ("journal_mode", "busy_timeout", "foreign_keys", "synchronous")]
    assert got == ["wal", 30000, 1, 1]
    engine.dispose()


def test_a_write_session_takes_the_write_lock_first_and_a_read_session_does_not(tmp_path):
    reg = open_register(f"sqlite:///{tmp_path / 'r.sqlite3'}")
    begun = []
    event.listen(reg.engine, "before_cursor_execute",
                 lambda conn, cur, statement, *a: begun.append(statement) if statement.startswith("BEGIN") else None)
    with db.write_session(reg.engine) as s:
        s.merge(Meta(key="k", value="1"))
    with db.read_session(reg.engine) as s:
        s.get(Meta, "k")
    assert begun == ["BEGIN IMMEDIATE", "BEGIN"]
    reg.close()


def test_a_write_session_commits_and_a_failing_one_rolls_back(tmp_path):
    reg = open_register(f"sqlite:///{tmp_path / 'r.sqlite3'}")
    with db.write_session(reg.engine) as s:
        kept = Meta(key="k", value="kept")
        s.add(kept)
    assert kept.value == "kept"  # still readable after the commit
    with pytest.raises(ValueError), db.write_session(reg.engine) as s:
        s.merge(Meta(key="k", value="lost"))
        s.flush()
        raise ValueError("no")
    with db.read_session(reg.engine) as s:
        row = s.get(Meta, "k")
        s.merge(Meta(key="read", value="never committed"))
        s.flush()
    assert row.value == "kept"  # still readable: objects are not expired on commit
    with db.read_session(reg.engine) as s:
        assert s.get(Meta, "read") is None
    reg.close()


def test_a_postgresql_url_with_a_port_that_is_not_a_number_is_refused_as_not_a_database_url():
    with pytest.raises(BadDatabaseURL) as e:
        db.create_register_engine("postgresql://u@h:abc/db")
    assert e.value.en == "--db 'postgresql://u@h:abc/db': not a database URL" + HINT_EN
    assert e.value.th == "--db 'postgresql://u@h:abc/db': รูปแบบที่อยู่ฐานข้อมูลไม่ถูกต้อง" + HINT_TH


def test_docengine_db_names_the_register_and_empty_is_unset(monkeypatch):
    monkeypatch.delenv("DOCENGINE_DB", raising=False)
    assert db.env_url() is None
    monkeypatch.setenv("DOCENGINE_DB", "")
    assert db.env_url() is None
    monkeypatch.setenv("DOCENGINE_DB", "sqlite:///tmp/x.sqlite3")
    assert db.env_url() == "sqlite:///tmp/x.sqlite3"


# --- migrate ------------------------------------------------------------------------------


def test_a_new_database_is_empty_until_upgraded_and_a_second_upgrade_does_nothing(tmp_path):
    engine = db.create_register_engine(f"sqlite:///{tmp_path / 'r.sqlite3'}")
    assert migrate.is_empty(engine) is True
    with engine.connect() as conn:
        assert migrate.current_revision(conn) is None
    begun = []
    event.listen(engine, "before_cursor_execute",
                 lambda conn, cur, statement, *a: begun.append(statement) if statement.startswith("BEGIN") else None)
    assert migrate.upgrade(engine) is True
    assert "BEGIN IMMEDIATE" in begun  # migrating holds the write lock
    assert migrate.is_empty(engine) is False
    with engine.connect() as conn:
        assert migrate.current_revision(conn) == migrate.head_revision()
    assert migrate.upgrade(engine) is False
    engine.dispose()


def test_a_database_from_a_newer_docengine_is_refused(tmp_path):
    reg = open_register(f"sqlite:///{tmp_path / 'r.sqlite3'}")
    with reg.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'f00dfeed'"))
    with pytest.raises(DocengineError) as e:
        migrate.upgrade(reg.engine)
    assert e.value.en == ("the register database is at schema revision 'f00dfeed', which this docengine does not "
                          "know: it was written by a newer version; upgrade docengine")
    assert e.value.th == "ฐานข้อมูลทะเบียนสร้างโดย docengine รุ่นใหม่กว่า (revision 'f00dfeed') กรุณาปรับรุ่นโปรแกรม"
    reg.close()


def test_the_migrate_command_upgrades_then_says_it_is_at_head(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'r.sqlite3'}"
    migrate._main(["upgrade", "--db", url])
    migrate._main(["upgrade", "--db", url])
    migrate._main(["current", "--db", url])
    out = capsys.readouterr().out.splitlines()
    assert out == ["migrated", "already at head", f"{migrate.head_revision()} head: {migrate.head_revision()}"]


# --- the package's exports ----------------------------------------------------------------


def test_the_package_exports_its_names_sorted_and_loads_them_on_use():
    from docengine.register import agencies, books, entries

    assert register_pkg.__all__ == sorted(register_pkg._EXPORTS)
    assert register_pkg.__all__ == [
        "AgencyInfo", "Allocation", "ChainNode", "EndorsementRecord", "FileRecord", "LetterRecord", "NoRegister",
        "NotFound", "ReceiptRecord", "Register", "STATUSES", "Signer", "UnknownAgency", "init_register",
        "open_register"]
    assert register_pkg.AgencyInfo is agencies.AgencyInfo and register_pkg.UnknownAgency is agencies.UnknownAgency
    assert register_pkg.LetterRecord is entries.LetterRecord and register_pkg.Register is books.Register
    assert register_pkg.__getattr__("STATUSES") is books.STATUSES
    assert set(register_pkg._EXPORTS) <= set(dir(register_pkg)) and "db" in dir(register_pkg)
    assert dir(register_pkg) == sorted(dir(register_pkg))


def test_an_unknown_name_of_the_package_is_an_attribute_error():
    with pytest.raises(AttributeError) as e:
        register_pkg.__getattr__("Nothing")
    assert str(e.value) == "module 'docengine.register' has no attribute 'Nothing'"
