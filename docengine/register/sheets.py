"""The registers as spreadsheets, in the column layout of the paper books (brief §3.5).

ทะเบียนหนังสือรับ: ทะเบียนรับที่ | วันเวลาที่รับ | ที่ | ลงวันที่ | จาก | ถึง | เรื่อง | การปฏิบัติ | หมายเหตุ
ทะเบียนหนังสือส่ง: ทะเบียนส่งที่ | ที่ | ลงวันที่ | จาก | ถึง | เรื่อง | การปฏิบัติ | หมายเหตุ
ทะเบียนผู้ยื่นคำขอ (forms, brief §3.7): ทะเบียนเลขที่ | วันที่ยื่น | ชื่อผู้ยื่นคำขอ | แบบคำขอ | สถานะ | หมายเหตุ

One book per year of the book (:func:`book_parts`): the saraban books run for a
BE calendar year and start again at 1 on 1 January (brief §3.3); the forms'
books run for a fiscal year and one per allowance.  A range that crosses the
new year prints two books, each with its own title, never one list whose
numbers start again half-way.  As in the paper book, each day starts with a
heading row ("ทะเบียนหนังสือรับ วันที่ 8 เดือน มกราคม พ.ศ. 2567").  Digits stay
Arabic: this is a numeric table (brief §4.3), and running numbers stay numbers
so the sheet sorts.  The XLSX goes through the one workbook writer
(docengine.render.workbook): ลงวันที่ and วันที่ยื่น are date cells shown in BE, and every
text (a received subject, a sender) is text even when it starts with "=".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from docengine.thai import be_year, be_year_bounds, fiscal_year_bounds, format_date, format_time, month_name, status_word, to_bangkok

from .numbering import SERIES

TITLES = {"send": "ทะเบียนหนังสือส่ง", "receive": "ทะเบียนหนังสือรับ", "forms": "ทะเบียนผู้ยื่นคำขอ",
          "order": "ทะเบียนคำสั่ง"}  # order: the send book's คำสั่ง series alone, with the send book's columns
COLUMNS = {
    "send": ["ทะเบียนส่งที่", "ที่", "ลงวันที่", "จาก", "ถึง", "เรื่อง", "การปฏิบัติ", "หมายเหตุ"],
    "receive": ["ทะเบียนรับที่", "วันเวลาที่รับ", "ที่", "ลงวันที่", "จาก", "ถึง", "เรื่อง", "การปฏิบัติ", "หมายเหตุ"],
    "forms": ["ทะเบียนเลขที่", "วันที่ยื่น", "ชื่อผู้ยื่นคำขอ", "แบบคำขอ", "สถานะ", "หมายเหตุ"],
}
COLUMNS["order"] = ["คำสั่งที่"] + COLUMNS["send"][1:]
# What each column holds in the XLSX (docengine.render.workbook kinds); the dates are also the
# columns book_rows prints as text for the PDF.
KINDS = {
    "send": ["number", "id", "date", "text", "text", "text", "text", "text"],
    "receive": ["id", "text", "id", "date", "text", "text", "text", "text", "text"],
    "forms": ["id", "date", "text", "text", "text", "text"],
}
KINDS["order"] = KINDS["send"]
FORM_SHEETS = {"form-elderly": "คำขอเบี้ยผู้สูงอายุ", "form-disability": "คำขอเบี้ยความพิการ"}
SERIES_TH = {"normal": "", "circular": "หนังสือเวียน", "order": "คำสั่ง", "memo": "บันทึกข้อความ"}


def _abbr(d) -> str:
    return format_date(d, "abbr", digits="arabic")


def day_heading(book: str, d: date) -> str:
    """The heading that opens each day of the book.

    >>> day_heading("receive", date(2024, 1, 8))
    'ทะเบียนหนังสือรับ วันที่ 8 เดือน มกราคม พ.ศ. 2567'
    """
    return f"{TITLES[book]} วันที่ {d.day} เดือน {month_name(d.month)} พ.ศ. {be_year(d)}"


@dataclass(frozen=True)
class Book:
    """One printed book: its title, a sheet name (≤ 31 characters) and its lines."""

    title: str
    sheet: str
    rows: list
    first: date  # the days this book covers (a calendar or fiscal year)
    last: date

    def period(self, start: date, end: date) -> str:
        """The printed range: the asked range cut to this book's year."""
        return f"{_abbr(max(start, self.first))} – {_abbr(min(end, self.last))}"


def book_parts(book: str, rows) -> list[Book]:
    """The books in ``rows``: one per year of the book (and per allowance for forms), oldest first.

    The year is the book's own (``year_be`` of each line, the year its number
    was taken in), so a book holds exactly one run of numbers from 1.

    >>> from types import SimpleNamespace as L
    >>> [(b.title, len(b.rows)) for b in book_parts("send", [L(year_be=2567), L(year_be=2566), L(year_be=2567)])]
    [('ทะเบียนหนังสือส่ง พ.ศ. 2566', 1), ('ทะเบียนหนังสือส่ง พ.ศ. 2567', 2)]
    """
    parts: dict[tuple, list] = {}
    for r in rows:
        series = r.series if book == "forms" else ""
        parts.setdefault((series, r.year_be), []).append(r)
    out = []
    for (series, year), lines in sorted(parts.items()):
        if book == "forms":
            out.append(Book(f"{SERIES[series]} ปีงบประมาณ พ.ศ. {year}", f"{FORM_SHEETS[series]} ปีงบ {year}", lines,
                            *fiscal_year_bounds(year)))
        else:
            out.append(Book(f"{TITLES[book]} พ.ศ. {year}", f"{TITLES[book]} {year}", lines, *be_year_bounds(year)))
    return out


def empty_book(book: str, start: date, end: date) -> Book:
    """What a range with no lines prints: the book's name and "ไม่มีรายการ"."""
    return Book(TITLES[book], TITLES[book], [], start, end)


def _send_row(r, agencies) -> tuple[date, list]:
    sender = agencies.get(r.agency_code)
    note = "; ".join(x for x in (SERIES_TH.get(r.series, ""), r.reason or "") if x)
    return r.date, [r.running_no, r.book_number, r.date, sender.name if sender else r.agency_code,
                    r.recipients or "", r.subject or "", status_word(r.status), note]


def received_when(moment) -> str:
    """Date and time of receipt as the book shows it, in Bangkok time.

    >>> from datetime import datetime, timezone
    >>> received_when(datetime(2024, 1, 8, 2, 30, tzinfo=timezone.utc))
    '8 ม.ค. 2567 09.30 น.'
    """
    local = to_bangkok(moment)
    return f"{_abbr(local.date())} {format_time(local, digits='arabic')}"


def _receive_row(r, agencies) -> tuple[date, list]:
    receiver = agencies.get(r.agency_code)
    day = to_bangkok(r.received_at).date()
    # การปฏิบัติ: the units it was routed to, then the latest endorsement.
    parts = ([", ".join(r.routing)] if r.routing else []) + [f"{e.position}: {e.text}" for e in r.endorsements[-1:]]
    action = "; ".join(parts)
    return day, [r.receipt_no, received_when(r.received_at), r.sender_book_number, r.sender_date,
                 r.sender_agency, r.addressee or (receiver.name if receiver else r.agency_code), r.subject,
                 action, r.note or ""]


def _forms_row(r, agencies) -> tuple[date, list]:
    return r.date, [r.book_number, r.date, r.recipients or "", r.subject or "",
                    status_word(r.status), r.reason or ""]


_ROWS = {"send": _send_row, "receive": _receive_row, "forms": _forms_row, "order": _send_row}


def _dated_rows(book: str, rows, agencies=None) -> list[tuple[date, list]]:
    make = _ROWS[book]
    return sorted((make(r, agencies or {}) for r in rows), key=lambda dv: dv[0])


def book_rows(book: str, rows, agencies=None) -> list[tuple[date, list]]:
    """(day, cells) of each line in book order, grouped by day: what the PDF prints (the XLSX
    has the same cells, its date columns as dates)."""
    dates = [i for i, kind in enumerate(KINDS[book]) if kind == "date"]
    return [(day, [(_abbr(c) if c else "") if i in dates else c for i, c in enumerate(cells)])
            for day, cells in _dated_rows(book, rows, agencies)]


def register_sheets(book: str, rows, start: date, end: date, agency=None, agencies=None) -> list:
    """The register as workbook sheets (docengine.render.workbook.Sheet), one per book (year)."""
    from docengine.render.workbook import Column, Heading, Sheet

    columns = [Column(h, k) for h, k in zip(COLUMNS[book], KINDS[book])]
    sheets = []
    for part in book_parts(book, rows) or [empty_book(book, start, end)]:
        title = part.title + (f" {agency.name}" if agency else "") + f" ({part.period(start, end)})"
        lines: list = []
        current = None
        for day, values in _dated_rows(book, part.rows, agencies):
            if day != current:
                lines.append(Heading(day_heading(book, day)))
                current = day
            lines.append(values)
        sheets.append(Sheet(part.sheet, title, columns, lines, footer=agency.name if agency else ""))
    return sheets


def write_register_xlsx(path, book: str, rows, start: date, end: date, agency=None, agencies=None) -> Path:
    """Write ``rows`` (from ``Register.list``) to ``path`` atomically; returns the path."""
    from docengine.io import write_atomic

    return write_atomic(Path(path), register_xlsx(book, rows, start, end, agency, agencies))


def register_xlsx(book: str, rows, start: date, end: date, agency=None, agencies=None) -> bytes:
    """The register of ``rows`` (from ``Register.list``) as XLSX bytes, one sheet per book (year)."""
    from docengine.render.workbook import workbook_bytes

    return workbook_bytes(register_sheets(book, rows, start, end, agency, agencies))
