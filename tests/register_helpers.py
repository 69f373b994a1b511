"""Helpers for the register tests: fresh databases, and the worker run in child processes.

Child processes are started with the "spawn" method, so everything they run
must be importable from here.
"""

from __future__ import annotations

import os
import time
import uuid
from datetime import date, datetime

import pytest

# A letter a clerk would issue from the sample office (the chain and register CLI tests).
LETTER = {
    "agency": {"code": "ชม 52101", "name": "เทศบาลตำบลสันทราย", "address": "อำเภอฝาง จังหวัดเชียงใหม่ 50110"},
    "date": "2024-01-10",
    "subject": "ขอเชิญประชุมคณะกรรมการ",
    "recipient": "นายอำเภอฝาง",
    "body": ["ด้วยเทศบาลตำบลสันทรายจะจัดประชุมคณะกรรมการในวันที่ 20 มกราคม 2567", "จึงเรียนมาเพื่อโปรดทราบ"],
    "signer": {"name": "นายสมหมาย ตัวอย่างใจ", "position": ["นายกเทศมนตรีตำบลสันทราย"]},
    "owner_unit": {"name": ["สำนักปลัดเทศบาล"], "phone": "0 5345 0123", "email": "saraban@santhai.go.th"},
}


def fresh_register(tmp_path, monkeypatch, name: str = "r.sqlite3") -> str:
    """A new SQLite register for CLI tests, created as a clerk would (``register init``),
    and named in $DOCENGINE_DB; returns its URL."""
    from docengine.register import init_register

    url = f"sqlite:///{tmp_path / name}"
    monkeypatch.setenv("DOCENGINE_DB", url)
    init_register(url).close()
    return url


def fresh_pg_database(server_url: str) -> str:
    """Create an empty database on the test server and return its URL."""
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(server_url)
    name = f"t_{uuid.uuid4().hex[:12]}"
    try:
        with psycopg.connect(host=url.host, port=url.port, user=url.username, dbname=url.database,
                             password=url.password, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        pytest.fail(f"cannot create a test database on {server_url}: {exc}")
    return url.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def backend_url(request, tmp_path):
    """A fresh register database: SQLite, then a real PostgreSQL server (the session's pg_url)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'register.sqlite3'}"
    return fresh_pg_database(request.getfixturevalue("pg_url"))


def allocate_worker(url: str, worker: int, count: int, barrier, results) -> None:
    """Take ``count`` normal numbers (and a receipt every fifth) as fast as possible."""
    from docengine.register import open_register

    reg = open_register(url)
    got, receipts = [], []
    barrier.wait()
    started = time.perf_counter()
    for i in range(count):
        got.append(reg.allocate("ชม 0023.05", "normal", 2567).running_no)
        if i % 5 == 0:
            r = reg.receive("ชม 52101", sender_book_number=f"ชม 0023.05/{worker}-{i}", sender_date=date(2024, 1, 5),
                            sender_agency="อำเภอฝาง", subject="ทดสอบ", received_at=datetime(2024, 1, 8, 9, 0))
            receipts.append(r.running_no)
    results.put((worker, got, receipts, time.perf_counter() - started))
    reg.close()


def form_batch_worker(url: str, worker: int, batches: int, size: int, barrier, results) -> None:
    """Take ``batches`` batches of ``size`` form numbers (ทะเบียนเลขที่, FY 2570) as fast as possible."""
    from docengine.register import open_register

    reg = open_register(url)
    got = []
    barrier.wait()
    for b in range(batches):
        lines = [{"subject": "แบบคำขอ", "recipients": f"ผู้ยื่น {worker}-{b}-{i}", "letter_date": date(2026, 5, 4)}
                 for i in range(size)]
        got.append([a.running_no for a in reg.allocate_many("ชม 52101", "form-elderly", 2570, lines)])
    results.put((worker, got))
    reg.close()


def crash_after_allocation(url: str) -> None:
    """Take a number and die before any file is written (no cleanup, no atexit)."""
    from docengine.register import open_register

    reg = open_register(url)
    alloc = reg.allocate("ชม 0023.05", "normal", 2567)
    print(alloc.id, flush=True)
    os._exit(3)


def run(capsys, *argv):
    """Run the real entry point; returns (exit code, stdout, stderr)."""
    from docengine.cli import main

    try:
        main([str(a) for a in argv])
        code = 0
    except SystemExit as exc:
        code = exc.code or 0
    out = capsys.readouterr()
    return code, out.out, out.err
