"""The printed registers: ทะเบียนหนังสือรับ / ทะเบียนหนังสือส่ง as an A4-landscape PDF (brief §3.5).

>>> # write_register_pdf("out/receive.pdf", "receive", reg.list("receive", ...), start, end, agency)

Rows are the same as the XLSX (docengine.register.sheets.book_rows), so the two
never disagree; the PDF writes them with Thai digits (template set
``register/book``), one table per book (a new page for each year of the book),
a heading row per day, and the header repeated on every page.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from docengine.io import write_atomic
from docengine.register.sheets import COLUMNS, TITLES, book_parts, book_rows, day_heading, empty_book
from docengine.thai import format_date

from .sets import register_set


def register_values(book: str, rows, start: date, end: date, agency=None, agencies=None) -> dict:
    """Template values: one table per book (year of the book, see ``sheets.book_parts``)."""
    books = []
    for part in book_parts(book, rows) or [empty_book(book, start, end)]:
        days: list[dict] = []
        for day, cells in book_rows(book, part.rows, agencies):
            if not days or days[-1]["_day"] != day:
                days.append({"_day": day, "heading": day_heading(book, day), "rows": []})
            # one item per column, empty ones too: a blank ถึง must not move เรื่อง under it
            days[-1]["rows"].append({"cells": [{"text": "" if c is None else str(c)} for c in cells]})
        for d in days:
            del d["_day"]
        books.append({"title": part.title, "period": part.period(start, end), "days": days})
    return {"kind": book, "title": TITLES[book], "agency": agency.name if agency else None,
            "period": f"{format_date(start, 'abbr', digits='arabic')} – {format_date(end, 'abbr', digits='arabic')}",
            "columns": COLUMNS[book], "books": books}


def register_pdf(book: str, rows, start: date, end: date, agency=None, agencies=None, *, renderer) -> bytes:
    """The printed register as PDF bytes, in the ``renderer``'s office's font and templates."""
    tset = register_set(renderer.office.template_dir, "book")
    values = {k: v for k, v in register_values(book, rows, start, end, agency, agencies).items() if v is not None}
    return renderer.render_pdf(renderer.prepare(tset, values))


def write_register_pdf(path, book: str, rows, start: date, end: date, agency=None, agencies=None, *,
                       renderer) -> Path:
    """Render the register and write it atomically; returns the path."""
    return write_atomic(Path(path), register_pdf(book, rows, start, end, agency, agencies, renderer=renderer))
