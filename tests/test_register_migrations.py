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
from docengine.register.models import Base


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
