"""The schema comes from the shipped Alembic revisions, matches the models, and refuses a newer database."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from register_helpers import fresh_pg_database
from sqlalchemy import text

from docengine.errors import DocengineError
from docengine.register import open_register
from docengine.register.agencies import _validate_entries
from docengine.register.tables import Base


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_migrated_schema_matches_the_models(backend, tmp_path, request):
    url = f"sqlite:///{tmp_path / 'm.sqlite3'}" if backend == "sqlite" else fresh_pg_database(request.getfixturevalue("pg_url"))
    reg = open_register(url)
    with reg.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []


def test_a_database_from_a_newer_docengine_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.sqlite3'}"
    reg = open_register(url)
    with reg.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    reg.close()
    with pytest.raises(DocengineError, match="newer version"):
        open_register(url)


def test_agency_entries_are_validated():
    problems = _validate_entries(
        [{"code": "ชม 1", "name": "x", "kind": "village",
          "signers": [{"name": "ก", "position": "ปลัด", "capacity": "ปฏิบัติราชการแทน"}]}],
        ["", "ปฏิบัติราชการแทน"], "agencies")
    assert any("kind" in p for p in problems)
    assert any("principal" in p for p in problems)


def _register_at_0003_with_a_user(url: str, *, edit_after_logging: bool = False):
    """A register as docengine at revision 0003 left it: one user, logged in the audit trail."""
    from alembic import command
    from sqlalchemy import select

    from docengine.register import audit, migrate
    from docengine.register.db import create_register_engine, write_session
    from docengine.register.tables import RegisterUser

    engine = create_register_engine(url)
    with engine.connect() as conn, conn.begin():
        command.upgrade(migrate._config(conn), "0003")
    with write_session(engine) as s:
        conn = s.connection()
        conn.execute(text("INSERT INTO register_users (id, login, name, position, role, pin_hash, active, created_at) "
                          "VALUES (1, 'somchai', 'นายสมชาย', 'นายก', 'signer', 'scrypt$x', 1, '2024-01-01 00:00:00')"))
        t = RegisterUser.__table__
        old = [c for c in t.columns if c.name not in ("password_hash", "failed_logins", "locked_until")]
        row = conn.execute(select(*old).where(t.c.id == 1)).mappings().first()
        data = audit.canonical({k: audit._plain(v) for k, v in audit._masked(RegisterUser, dict(row)).items()})
        audit._append(conn, audit.GENESIS, 1, "2024-01-01T00:00:00+00:00", "user.created", "register_users:1",
                      "clerk@host", data)
        if edit_after_logging:
            conn.execute(text("UPDATE register_users SET name = 'นายแก้ไข' WHERE id = 1"))
    engine.dispose()


def test_an_upgraded_register_with_users_still_verifies(tmp_path):
    """Revision 0004 gives register_users new columns: the rows logged before are logged again
    (register.migrated) so `register verify` passes; an edit made before the upgrade still shows."""
    from docengine.register.audit import verify

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    _register_at_0003_with_a_user(url)
    reg = open_register(url)
    found = verify(reg.engine)
    assert found.ok, found.broken
    with reg.engine.connect() as conn:
        kinds = [k for (k,) in conn.execute(text("SELECT kind FROM audit_log ORDER BY seq"))]
    assert kinds == ["user.created", "register.migrated"]
    reg.close()

    edited = f"sqlite:///{tmp_path / 'edited.sqlite3'}"
    _register_at_0003_with_a_user(edited, edit_after_logging=True)
    reg = open_register(edited)
    found = verify(reg.engine)
    assert not found.ok and found.broken.target == "register_users:1"
    reg.close()
