"""Issue 14 item 9: a typo in --db is refused; a register is created only by `register init`."""

from __future__ import annotations

import pytest

from docengine.resources import data_path
from hostile.harness import assert_refused, run, snapshot

LETTER = data_path("samples", "documents", "external.yaml")


@pytest.mark.parametrize("url", [
    "postgresql:/127.0.0.1/saraban", "foo://", "mysql://u@h/db", "sqlite://", "sqlite:///",
    "postgresql://", "postgresql://127.0.0.1", "sqlite:saraban.db",
])
def test_malformed_or_unknown_urls_are_usage_errors(tmp_path, url):
    env = {"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data")}
    before = snapshot(tmp_path)
    result = run(["--db", url, "register", "list"], cwd=tmp_path, env=env)
    assert_refused(result, code=2, before=before, after=snapshot(tmp_path), mentions=("--db", "sqlite:///PATH"))
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("command", [
    ["register", "list"],
    ["letter", "issue", "--data", str(LETTER), "--pdf", "x.pdf"],
    ["receive", "--agency", "ชม 52101", "--number", "ชม 0023.3/ว 63", "--date", "2 ม.ค. 2567", "--from", "จังหวัด",
     "--subject", "ทดสอบ"],
    ["register", "reserve", "--agency", "ชม 52101"],
])
def test_a_missing_register_is_not_created(tmp_path, command):
    book = tmp_path / "typo.sqlite3"
    before = snapshot(tmp_path)
    result = run(["--db", book, *command], cwd=tmp_path)
    assert_refused(result, code=1, before=before, after=snapshot(tmp_path),
                   mentions=("register init", "typo.sqlite3"))
    assert not list(tmp_path.iterdir())


def test_the_default_register_is_not_created_either(tmp_path):
    env = {"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data"), "DOCENGINE_DB": ""}
    result = run(["register", "list"], cwd=tmp_path, env=env)
    assert_refused(result, code=1, mentions=("register init",))
    assert not list(tmp_path.iterdir())


def test_an_empty_file_is_not_a_register(tmp_path):
    book = tmp_path / "empty.sqlite3"
    book.write_bytes(b"")
    before = snapshot(tmp_path)
    result = run(["--db", book, "register", "list"], cwd=tmp_path)
    assert_refused(result, code=1, before=before, after=snapshot(tmp_path), mentions=("register init",))


def test_register_init_creates_it_and_then_commands_work(tmp_path):
    book = tmp_path / "sub" / "new.sqlite3"
    result = run(["--db", book, "register", "init"], cwd=tmp_path)
    assert result.code == 0 and "ทะเบียนพร้อมใช้งาน" in result.stdout, result.stderr
    assert book.is_file()
    listed = run(["--db", f"sqlite:///{book}", "register", "list"], cwd=tmp_path)
    assert listed.code == 0 and "no entries" in listed.stdout, listed.stderr
    again = run(["--db", book, "register", "init"], cwd=tmp_path)  # idempotent
    assert again.code == 0, again.stderr
