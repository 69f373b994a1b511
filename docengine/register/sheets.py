"""The registers as spreadsheets, in the column layout of the paper books (brief §3.5).

ทะเบียนหนังสือรับ: ทะเบียนรับที่ | ที่ | ลงวันที่ | จาก | ถึง | เรื่อง | การปฏิบัติ | หมายเหตุ
ทะเบียนหนังสือส่ง: ทะเบียนส่งที่ | ที่ | ลงวันที่ | จาก | ถึง | เรื่อง | การปฏิบัติ | หมายเหตุ

As in the paper book, each day starts with a heading row ("ทะเบียนหนังสือรับ
วันที่ 8 เดือน มกราคม พ.ศ. 2567").  Digits stay Arabic: this is a numeric table
(brief §4.3), and running numbers stay numbers so the sheet sorts.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from docengine.thai import be_year, format_date, month_name

BANGKOK = ZoneInfo("Asia/Bangkok")

TITLES = {"send": "ทะเบียนหนังสือส่ง", "receive": "ทะเบียนหนังสือรับ"}
COLUMNS = {
    "send": ["ทะเบียนส่งที่", "ที่", "ลงวันที่", "จาก", "ถึง", "เรื่อง", "การปฏิบัติ", "หมายเหตุ"],
    "receive": ["ทะเบียนรับที่", "ที่", "ลงวันที่", "จาก", "ถึง", "เรื่อง", "การปฏิบัติ", "หมายเหตุ"],
}
WIDTHS = [14, 22, 14, 30, 30, 60, 30, 24]
STATUS_TH = {"reserved": "จองเลข", "issued": "ส่งแล้ว", "cancelled": "ยกเลิก", "failed": "ออกเลขไม่สำเร็จ"}
SERIES_TH = {"normal": "", "circular": "หนังสือเวียน", "order": "คำสั่ง", "memo": "บันทึกข้อความ"}


def _abbr(d) -> str:
    return format_date(d, "abbr", digits="arabic")


def day_heading(book: str, d: date) -> str:
    """The heading that opens each day of the book.

    >>> day_heading("receive", date(2024, 1, 8))
    'ทะเบียนหนังสือรับ วันที่ 8 เดือน มกราคม พ.ศ. 2567'
    """
    return f"{TITLES[book]} วันที่ {d.day} เดือน {month_name(d.month)} พ.ศ. {be_year(d)}"


def _send_row(r, agencies) -> tuple[date, list]:
    sender = agencies.get(r.agency_code)
    note = "; ".join(x for x in (SERIES_TH.get(r.series, ""), r.reason or "") if x)
    return r.date, [r.running_no, r.book_number, _abbr(r.date), sender.name if sender else r.agency_code,
                    r.recipients or "", r.subject or "", STATUS_TH.get(r.status, r.status), note]


def _receive_row(r, agencies) -> tuple[date, list]:
    receiver = agencies.get(r.agency_code)
    day = r.received_at.astimezone(BANGKOK).date()
    # การปฏิบัติ: the units it was routed to, then the latest endorsement.
    parts = ([", ".join(r.routing)] if r.routing else []) + [f"{e.position}: {e.text}" for e in r.endorsements[-1:]]
    action = "; ".join(parts)
    return day, [r.receipt_no, r.sender_book_number, _abbr(r.sender_date), r.sender_agency,
                 r.addressee or (receiver.name if receiver else r.agency_code), r.subject, action, r.note or ""]


def book_rows(book: str, rows, agencies=None) -> list[tuple[date, list]]:
    """(day, cells) of each line in book order, grouped by day: what the XLSX and the PDF print."""
    make = _send_row if book == "send" else _receive_row
    return sorted((make(r, agencies or {}) for r in rows), key=lambda dv: dv[0])


def write_register_xlsx(path, book: str, rows, start: date, end: date, agency=None, agencies=None) -> Path:
    """Write ``rows`` (from ``Register.list``) to ``path``; returns the path."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    agencies = agencies or {}
    make = _send_row if book == "send" else _receive_row
    wb = Workbook()
    ws = wb.active
    ws.title = TITLES[book]
    title = TITLES[book] + (f" {agency.name}" if agency else "") + f" ({_abbr(start)} – {_abbr(end)})"
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(COLUMNS[book])
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    ws.freeze_panes = "A3"
    current = None
    for day, values in sorted((make(r, agencies) for r in rows), key=lambda dv: dv[0]):
        if day != current:
            ws.append([day_heading(book, day)])
            ws.cell(ws.max_row, 1).font = Font(bold=True)
            ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=len(COLUMNS[book]))
            current = day
        ws.append(values)
        for cell in ws[ws.max_row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, width in enumerate(WIDTHS, 1):
        ws.column_dimensions[ws.cell(2, i).column_letter].width = width
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out
