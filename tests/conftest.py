"""Shared fixtures. Keep this file small and neutral: area fixtures live in their test modules."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def own_user_data(tmp_path_factory):
    """The user's data folder (the default register, the default output folder) is one of the test
    session's own, for the tests and the commands they start: a test never reads or writes the
    real one (a test that forgot --db found a register another run had left there)."""
    saved = {k: os.environ.get(k) for k in ("XDG_DATA_HOME", "DOCENGINE_DB")}
    os.environ["XDG_DATA_HOME"] = str(tmp_path_factory.mktemp("user-data"))
    os.environ.pop("DOCENGINE_DB", None)
    yield Path(os.environ["XDG_DATA_HOME"])
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="session")
def pg_url():
    """SQLAlchemy URL of a real PostgreSQL server for this test session.

    ``$DOCENGINE_TEST_PG_URL`` if set; otherwise a throwaway cluster started by
    scripts/pg.sh (installing PostgreSQL when root) and stopped at the end.
    Tests are skipped, with the reason in the summary, only if it cannot start.
    """
    given = os.environ.get("DOCENGINE_TEST_PG_URL")
    if given:
        yield given
        return
    folder = tempfile.mkdtemp(prefix="docengine-pg-")
    env = dict(os.environ, DOCENGINE_PG_DIR=folder)
    script = str(ROOT / "scripts" / "pg.sh")
    try:
        started = subprocess.run([script, "start"], env=env, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.skip(f"POSTGRESQL TESTS SKIPPED: scripts/pg.sh start failed: {exc}")
    if started.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.skip(f"POSTGRESQL TESTS SKIPPED: scripts/pg.sh start failed: {started.stderr.strip()[-400:]}")
    try:
        yield started.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run([script, "stop"], env=env, capture_output=True, timeout=120)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def reg(tmp_path):
    """A new SQLite register in the test's folder, with the sample office's agencies (function-scoped:
    mutmut credits a function to the first test that calls it, so every test builds its own)."""
    from docengine.register import open_register

    r = open_register(f"sqlite:///{tmp_path / 'r.sqlite3'}")
    yield r
    r.close()


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory):
    """What ``docengine demo`` writes, run once per test session (a child process, like a user)."""
    import sys

    out = tmp_path_factory.mktemp("demo-out")
    env = dict(os.environ, PYTHONPATH=str(ROOT))  # this checkout's docengine, whatever is installed
    done = subprocess.run([sys.executable, "-m", "docengine", "demo", "--out", str(out), "--json"], cwd=out,
                          env=env, capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stderr[-2000:]
    # what it reported, beside (not in) its folder: tests/test_cli_json.py checks its shape
    out.with_name(f"{out.name}.json").write_text(done.stdout, encoding="utf-8")
    return out
