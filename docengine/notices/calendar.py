"""The LAO's registration-cycle calendar as PDF, XLSX and ICS, from one computed cycle.

Every date comes from :func:`docengine.allowance.cycle.registration_cycle`; the Thai
weekday of each is computed (never typed: the seeds' notices carry wrong weekdays), and
the ICS file (RFC 5545, all-day events) is what phone calendars import.

>>> from datetime import datetime, timezone
>>> from docengine.allowance.cycle import registration_cycle
>>> ics = calendar_ics(registration_cycle(2570, "elderly"), lao="เทศบาลตำบลสันทราย",
...                    now=datetime(2026, 12, 1, tzinfo=timezone.utc))
>>> ics.splitlines()[0], "DTSTART;VALUE=DATE:20261009" in ics.splitlines()
('BEGIN:VCALENDAR', True)
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta, timezone

from docengine.allowance.cycle import Cycle, cycle_holidays, registration_cycle
from docengine.allowance.rates import allowance_name
from docengine.render.document import Prepared, Renderer
from docengine.thai import format_date, format_weekday_date
from docengine.thai.digits import in_digits

from .listdoc import lao_identity



def when_text(start: date, end: date, digits: str = "thai") -> str:
    """``วันพุธที่ ๑ ตุลาคม ๒๕๖๘`` or ``ตั้งแต่… ถึง…`` for a run of days, weekdays computed."""
    if start == end:
        return format_weekday_date(start, digits)
    return f"ตั้งแต่{format_weekday_date(start, digits)} ถึง{format_weekday_date(end, digits)}"


def _title(event, kind: str, digits: str = "thai") -> str:
    if event.key == "payment":
        return f"จ่ายเงิน{allowance_name(kind)} งวดเดือน{format_date(event.start, digits=digits).split(' ', 1)[1]}"
    return event.title_th


def calendar_rows(cycle: Cycle, digits: str = "thai") -> list[dict]:
    rows = []
    for n, e in enumerate(cycle.events, 1):
        note = e.note_th
        lines = ([format_weekday_date(e.start, digits)] if e.start == e.end else
                 [f"ตั้งแต่{format_weekday_date(e.start, digits)}", f"ถึง{format_weekday_date(e.end, digits)}"])
        rows.append({"number": in_digits(str(n), digits), "title": _title(e, cycle.kind, digits),
                     "when": when_text(e.start, e.end, digits), "when_lines": lines,
                     "note": in_digits(note, digits)})
    return rows


def calendar_prepared(renderer: Renderer, *, kind: str, fy: int) -> tuple[Prepared, Cycle]:
    from .documents import fy_span

    tset = renderer.find("notices/registration-calendar")
    digits = tset.page.get("digits", "thai")
    renderer.prepare(tset, {"kind": kind, "fy": fy})  # reports bad options before computing
    cycle = registration_cycle(fy, kind)
    holidays = cycle_holidays(cycle)
    extra = {
        "title": f"ปฏิทินการรับลงทะเบียนและการจ่ายเงิน{allowance_name(kind)}",
        "lao": lao_identity(renderer.office)["lao"], "fy_text": in_digits(str(fy), digits),
        "fy_span": fy_span(fy, digits), "rows": calendar_rows(cycle, digits),
        "holidays": [{"when": format_weekday_date(h.day, digits),
                      "name": h.name + (" (คำนวณ ยังไม่ประกาศ)" if h.uncertain else "")} for h in holidays],
        "source_note": ("วันที่ทุกวันคำนวณจากระเบียบและข้อมูลวันหยุดราชการ (data/holidays.yaml) "
                        "เลื่อนเฉพาะวันจ่ายเงินที่ตรงกับวันหยุดไปเป็นวันทำการก่อนหน้า ตามหลักเกณฑ์การจ่ายเงิน "
                        "ภายในวันที่ ๑๐ ของทุกเดือน วันอื่นไม่เลื่อน แต่แจ้งไว้ในหมายเหตุ"),
    }
    return renderer.prepare(tset, {"kind": kind, "fy": fy}, extra=extra), cycle


def calendar_workbook(cycle: Cycle, *, lao: str) -> bytes:
    """The calendar as a sheet (docengine.render.workbook): dates are date cells shown in BE."""
    from docengine.render.workbook import Column, Sheet, sheet_name, workbook_bytes

    title = f"ปฏิทินการรับลงทะเบียน{allowance_name(cycle.kind)} {lao} ปีงบประมาณ พ.ศ. {cycle.fy}"
    events = Sheet(sheet_name(f"ปฏิทิน {cycle.fy}"), title,
                   [Column("ลำดับ", "int"), Column("รายการ"), Column("วันเริ่ม", "date"),
                    Column("วันสิ้นสุด", "date"), Column("วัน"), Column("หมายเหตุ")],
                   rows=[[n, _title(e, cycle.kind, "arabic"), e.start, e.end,
                          when_text(e.start, e.end, "arabic"), e.note_th]
                         for n, e in enumerate(cycle.events, 1)])
    holidays = Sheet("วันหยุดราชการ", f"วันหยุดราชการ {lao} ปีงบประมาณ พ.ศ. {cycle.fy}",
                     [Column("วันที่", "date"), Column("วันหยุดราชการ")],
                     rows=[[h.day, h.name + (" (คำนวณ ยังไม่ประกาศ)" if h.uncertain else "")]
                           for h in cycle_holidays(cycle)])
    return workbook_bytes([events, holidays])


# ----------------------------------------------------------------------------- ICS


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """RFC 5545 §3.1: lines of at most 75 octets, continued with a leading space, never
    splitting a UTF-8 character."""
    out, current = [], ""
    for ch in line:
        limit = 75 if not out else 74
        if len((current + ch).encode("utf-8")) > limit:
            out.append(current)
            current = ch
        else:
            current += ch
    out.append(current)
    return [out[0]] + [" " + part for part in out[1:]]


def calendar_ics(cycle: Cycle, *, lao: str, now: datetime | None = None) -> str:
    """An iCalendar file of the cycle: one all-day event per entry (RFC 5545)."""
    stamp = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//docengine//registration calendar//TH",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{_escape(f'{allowance_name(cycle.kind)} {lao} ปีงบประมาณ {cycle.fy}')}",
             "X-WR-TIMEZONE:Asia/Bangkok"]
    for e in cycle.events:
        key = f"{lao}|{cycle.kind}|{cycle.fy}|{e.key}|{e.start.isoformat()}"
        uid = hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]
        description = " ".join(x for x in (e.title_en, e.note_th, e.note_en and f"({e.note_en})") if x)
        lines += ["BEGIN:VEVENT", f"UID:{uid}@docengine", f"DTSTAMP:{stamp}",
                  f"DTSTART;VALUE=DATE:{e.start:%Y%m%d}",
                  f"DTEND;VALUE=DATE:{e.end + timedelta(days=1):%Y%m%d}",
                  f"SUMMARY:{_escape(f'{_title(e, cycle.kind)} ({lao})')}",
                  f"DESCRIPTION:{_escape(description)}", "TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))
