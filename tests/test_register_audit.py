"""The hash-chained audit log and ``register verify``: every change logged, any edit behind docengine's back named.

Edits are made directly in the database (SQLite and a real PostgreSQL server), as someone with database access
would; the concurrent-append case is in test_register_concurrency.py.
"""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from register_helpers import fresh_pg_database, run
from sqlalchemy import text

from docengine.register import open_register
from docengine.register.audit import GENESIS, entry_hash, verify


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'register.sqlite3'}"
    return fresh_pg_database(request.getfixturevalue("pg_url"))


def fill(reg):
    """A small day of work: a letter issued, a number reserved and cancelled, a receipt endorsed."""
    a = reg.allocate("ชม 0023.05", "normal", 2567, letter_date=date(2024, 1, 5))
    letter = reg.issue(a, subject="ประชาสัมพันธ์ทางรัฐ", recipients="นายกเทศมนตรีตำบล ทุกแห่ง")
    held = reg.allocate("ชม 0023.05", "normal", 2567, hold=True, letter_date=date(2024, 1, 5))
    reg.cancel(held.id, "ออกเลขซ้ำซ้อน")
    r = reg.receive("ชม 52101", letter_id=letter.id, received_at=datetime(2024, 1, 8, 9, 15))
    reg.endorse(r.id, by="นายสมปอง ตัวอย่างการ", position="ปลัดเทศบาล", text="เพื่อโปรดพิจารณา")
    return letter, held, r


def kinds(reg) -> list[str]:
    with reg.engine.connect() as conn:
        return [k for (k,) in conn.execute(text("SELECT kind FROM audit_log ORDER BY seq"))]


def test_every_register_event_is_logged_and_the_chain_verifies(db_url):
    reg = open_register(db_url)
    fill(reg)
    assert [k for k in kinds(reg) if k != "book.counter"] == [
        "number.taken", "letter.registered", "number.reserved", "number.cancelled", "letter.received",
        "letter.endorsed"]
    checked = verify(reg.engine)
    assert checked.ok and checked.entries == 9 and checked.rows == 6
    # the chain is what the docs say: sha256 over the previous hash and the entry
    with reg.engine.connect() as conn:
        first = conn.execute(text("SELECT seq, at, kind, target, actor, data, prev_hash, hash FROM audit_log "
                                  "WHERE seq = 1")).one()
    assert first.prev_hash == GENESIS
    assert first.hash == entry_hash(GENESIS, 1, first.at, first.kind, first.target, first.actor, first.data)
    assert json.loads(first.data)["last_no"] == 1


def test_cancelled_numbers_stay_cancelled_and_are_never_reused(db_url):
    reg = open_register(db_url)
    _, held, _ = fill(reg)
    lines = {l.running_no: l for l in reg.list("send", 2567)}
    assert lines[held.running_no].status == "cancelled" and lines[held.running_no].reason == "ออกเลขซ้ำซ้อน"
    assert reg.allocate("ชม 0023.05", "normal", 2567).running_no == held.running_no + 1
    assert verify(reg.engine).ok


@pytest.mark.parametrize("edit, names", [
    ("UPDATE letters SET subject = 'เรื่องที่ถูกแก้' WHERE id = 1", "letters:1"),
    ("UPDATE letters SET status = 'reserved' WHERE id = 2", "letters:2"),  # un-cancel a number
    ("UPDATE counters SET last_no = 1", "counters:"),  # make a number reusable
    ("UPDATE receipts SET received_at = received_at WHERE 1 = 0", None),  # a no-op changes nothing
    ("UPDATE audit_log SET actor = 'someone-else' WHERE seq = 3", "entry 3"),
    ("DELETE FROM audit_log WHERE seq = 4", "entry 5"),
    ("DELETE FROM endorsements", "endorsements:1"),
])
def test_a_direct_edit_is_named_by_verify(db_url, edit, names, capsys, monkeypatch):
    reg = open_register(db_url)
    fill(reg)
    with reg.engine.begin() as conn:
        conn.execute(text(edit))
    checked = verify(reg.engine)
    monkeypatch.setenv("DOCENGINE_DB", db_url)
    code, out, err = run(capsys, "register", "verify")
    if names is None:
        assert checked.ok and code == 0 and out.startswith("ok:")
        return
    assert not checked.ok and names in str(checked.broken)
    assert code == 1 and names in err and "FAIL" in err


def test_a_row_added_behind_docengines_back_is_named(db_url):
    reg = open_register(db_url)
    fill(reg)
    with reg.engine.begin() as conn:
        conn.execute(text("INSERT INTO endorsements (receipt_id, seq, actor, position, text, endorsed_on, created_at) "
                          "VALUES (1, 9, 'x', 'y', 'z', '2024-01-09', '2024-01-09 00:00:00')"))
    checked = verify(reg.engine)
    assert not checked.ok and "endorsements:" in str(checked.broken) and "not in the audit log" in checked.broken.en


def test_rewriting_an_entry_and_its_hash_still_breaks_the_next_link(tmp_path):
    reg = open_register(f"sqlite:///{tmp_path / 'r.sqlite3'}")
    fill(reg)
    with reg.engine.begin() as conn:
        row = conn.execute(text("SELECT * FROM audit_log WHERE seq = 2")).one()
        forged = entry_hash(row.prev_hash, 2, row.at, row.kind, row.target, "forger", row.data)
        conn.execute(text("UPDATE audit_log SET actor = 'forger', hash = :h WHERE seq = 2"), {"h": forged})
    broken = verify(reg.engine).broken
    assert broken.seq == 3 and "prev_hash" in broken.en
