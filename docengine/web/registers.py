"""The registers (ทะเบียน) of the desk's office: on screen by year, searched, printed as PDF and XLSX.

ทะเบียนหนังสือส่ง, ทะเบียนหนังสือรับ, ทะเบียนคำสั่ง (the send book's คำสั่ง series) and, when the
office has numbered allowance forms, ทะเบียนผู้ยื่นคำขอ. Lines come from ``Register.list``; each
line's cells are the engine's own (docengine.register.sheets.book_rows, what the printed book
shows), so the screen and the print never differ; printing is the engine's
:func:`docengine.chain.book.register_pdf` and :func:`docengine.register.sheets.register_xlsx`,
as ``docengine register print`` makes them, for the book's whole year. Only the desk's own
office's books: there is no parameter naming another office.

A search in Thai digits finds what the same number in Arabic digits finds (``๑๒`` = ``12``): a
query of digits alone is a number of the book (ทะเบียนส่งที่ / ทะเบียนรับที่ / ทะเบียนเลขที่);
anything else is looked for in the line's text (ที่, จาก, ถึง, เรื่อง …).
"""

from __future__ import annotations

import re

from flask import Blueprint, Response, abort, render_template, request, url_for

from docengine import thai

from . import desk
from .letters import _slug
from .permissions import guarded

bp = Blueprint("registers", __name__)
# page key -> (the engine's book to list, the printed book, Thai label, English label)
BOOKS = {
    "send": ("send", "send", "ทะเบียนหนังสือส่ง", "Sent"),
    "receive": ("receive", "receive", "ทะเบียนหนังสือรับ", "Received"),
    "order": ("send", "order", "ทะเบียนคำสั่ง", "Orders"),
    "forms": ("forms", "forms", "ทะเบียนผู้ยื่นคำขอ", "Allowance forms"),
}
NUMBER = re.compile(r"^\d+$")


def init(app) -> None:
    app.register_blueprint(bp)


def books() -> list[str]:
    """The books this office has: send, receive and order always; forms once a form is numbered."""
    d = desk()
    keys = ["send", "receive", "order"]
    if d.register.list("forms", agency=d.agency_code):
        keys.append("forms")
    return keys


def _book(key: str | None) -> str:
    key = key or "send"
    if key not in BOOKS or key not in books():
        abort(404)
    return key


def lines(key: str, year: int | None) -> list:
    """The records of book ``key`` of the desk's office for BE ``year`` (None: every year)."""
    d = desk()
    listed, _, _, _ = BOOKS[key]
    rows = d.register.list(listed, year, agency=d.agency_code)
    return [r for r in rows if r.series == "order"] if key == "order" else rows


def current_year(key: str) -> int:
    today = thai.bangkok_today()
    return thai.fiscal_year(today) if key == "forms" else thai.be_year(today)


def years(key: str) -> list[int]:
    """The years of the book with lines, and this year, newest first."""
    return sorted({r.year_be for r in lines(key, None)} | {current_year(key)}, reverse=True)


def _year(key: str) -> int:
    """The asked BE year (Thai digits read), else the newest year with lines, else this year."""
    raw = thai.arabic_digits(request.args.get("year") or "").strip()
    if not raw:
        with_lines = {r.year_be for r in lines(key, None)}
        return max(with_lines) if with_lines else current_year(key)
    return _checked_year(raw)


def _checked_year(raw) -> int:
    from docengine.errors import DocengineError
    from docengine.register.numbering import check_year_be

    try:
        return check_year_be(int(raw)) if NUMBER.match(str(raw)) else abort(404)
    except DocengineError:
        abort(404)


def matches(record, cells: list, query: str) -> bool:
    """Whether a line answers ``query`` (Thai or Arabic digits alike).

    >>> from types import SimpleNamespace as R
    >>> line = R(running_no=12)
    >>> matches(line, ["12", "ชม 52101/12", "ขอเชิญประชุม"], "๑๒"), matches(line, [], "12")
    (True, True)
    >>> matches(line, ["12", "ชม 52101/12", "ขอเชิญประชุม"], "เชิญ"), matches(line, ["12"], "13")
    (True, False)
    """
    q = " ".join(thai.arabic_digits(query).split()).casefold()
    if not q:
        return True
    if NUMBER.match(q):
        return record.running_no == int(q)
    text = " ".join(thai.arabic_digits(str(c)) for c in cells if c is not None).casefold()
    return q in text


def _rows(key: str, records, query: str) -> list[dict]:
    """The lines as the printed book shows them: grouped by day, each with its link."""
    from docengine.register.sheets import book_rows, day_heading

    d = desk()
    _, printed, _, _ = BOOKS[key]
    names = {a.code: a for a in d.register.agencies()}
    out = []
    for r in records:
        day, cells = book_rows(printed, [r], names)[0]
        if not matches(r, cells, query):
            continue
        link = (url_for("receipts.receipt", receipt_id=r.id) if key == "receive"
                else url_for("letters.letter", letter_id=r.id) if key != "forms" else None)
        out.append({"day": day, "heading": day_heading(printed, day), "cells": cells, "link": link})
    out.sort(key=lambda line: line["day"])  # stable: book order within a day, as printed
    return out


@bp.route("/registers")
@guarded("registers")
def index():
    key = _book(request.args.get("book"))
    year = _year(key)
    query = (request.args.get("q") or "").strip()
    from docengine.register.sheets import COLUMNS

    records = lines(key, year)
    rows = _rows(key, records, query)
    return render_template("registers.html", book=key, books=[(k, BOOKS[k]) for k in books()], year=year,
                           years=years(key), query=query, rows=rows, total=len(records),
                           columns=COLUMNS[BOOKS[key][1]], label=BOOKS[key][2], label_en=BOOKS[key][3])


def _period(key: str, year: int):
    if key == "forms":
        return thai.fiscal_year_bounds(year)
    return thai.be_year_bounds(year)


@bp.route("/registers/<book>/<int:year>.<fmt>")
@guarded("print_registers")
def printed(book, year, fmt):
    """The book's whole year as the engine prints it: PDF (A4 landscape, Thai digits) or XLSX."""
    key = _book(book)
    if fmt not in ("pdf", "xlsx"):
        abort(404)
    year = _checked_year(year)
    d = desk()
    records = lines(key, year)
    start, end = _period(key, year)
    agency = d.register.agency(d.agency_code)
    names = {a.code: a for a in d.register.agencies()}
    printed_book = BOOKS[key][1]
    name = f"register-{key}-{_slug(d.agency_code)}-{year}.{fmt}"
    if fmt == "pdf":
        from docengine.chain.book import register_pdf

        with d.render_lock:
            body = register_pdf(printed_book, records, start, end, agency, names, renderer=d.engine.renderer)
        mimetype = "application/pdf"
    else:
        from docengine.register.sheets import register_xlsx

        body = register_xlsx(printed_book, records, start, end, agency, names)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    disposition = "inline" if request.args.get("inline") and fmt == "pdf" else "attachment"
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'{disposition}; filename="{name}"',
                                                      "Cache-Control": "no-store"})
