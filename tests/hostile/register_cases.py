"""Shared set-up of the register hostile cases: a register, a letter data file, the books' rows.

The register lives outside the watched folder (SQLite rewrites its WAL even when a
command changes nothing); what the books hold is compared with :func:`rows`.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import yaml
from sqlalchemy import create_engine, inspect, text

from docengine.thai import bangkok_today

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "samples" / "documents" / "external.yaml"
SENDER = "มท 0810.6"
RECEIVER = "ชม 52101"


def letter_data(folder: Path, name: str = "letter.yaml", **changes) -> Path:
    """The sample external letter without its fixed number (numbers come from the book)."""
    data = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    data.pop("book_number", None)
    data["agency"]["code"] = SENDER
    data.update(changes)
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def days_from_today(n: int) -> str:
    return (bangkok_today() + timedelta(days=n)).isoformat()


def new_register(folder: Path) -> str:
    """URL of a fresh SQLite register in ``folder`` (created and migrated)."""
    from docengine.register import open_register

    folder.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{folder / 'register.sqlite3'}"
    open_register(url).close()
    return url


def rows(url: str) -> dict[str, list]:
    """Every row of every table of the register, in a stable order."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            out = {}
            for table in sorted(inspect(conn).get_table_names()):
                out[table] = [tuple(r) for r in conn.execute(text(f'SELECT * FROM "{table}" ORDER BY 1'))]
            return out
    finally:
        engine.dispose()


def issued_book(base: Path) -> dict:
    """A fresh register in ``base``/db with one letter issued to ``base``/l.pdf (work files in ``base``/work)."""
    import json

    from hostile.harness import run

    work = base / "work"
    work.mkdir()
    url = new_register(base / "db")
    r = run(["--db", url, "letter", "issue", "--data", str(letter_data(work)), "--pdf", str(base / "l.pdf"),
             "--json"], timeout=120)
    assert r.code == 0, r.output
    return {"url": url, "work": work, "base": base, "letter": json.loads(r.stdout), "pdf": base / "l.pdf"}


def refused(book: dict, args: list, *mentions):
    """Run ``args`` against ``book``: refused, bilingual, and nothing in work/ or the register changed."""
    from hostile.harness import assert_refused, run, snapshot

    work = book["work"]
    files_before, rows_before = snapshot(work), rows(book["url"])
    r = run(["--db", book["url"], *args])
    assert_refused(r, before=files_before, after=snapshot(work), mentions=mentions)
    assert rows(book["url"]) == rows_before
    return r
