"""XLSX copies of lists and count reports (openpyxl), with computed values only.

Totals are written as numbers computed in Python, not as formulas, so every reader
(including ones that do not recalculate) sees the same figures as the PDF.

>>> from docengine.notices.beneficiaries import BeneficiaryList, ListSection, ListRow
>>> from datetime import date
>>> b = BeneficiaryList("elderly", 2570, False, [ListSection("existing", "รายเดิม",
...     [ListRow("1", "นายก ข", "X-XXXX-XXXX1-23-4", "2500", "70")]), ListSection("new", "รายใหม่")],
...     date(2027, 9, 1))
>>> len(list_workbook(b, title="บัญชี", lao="ทต.", note="ฉบับเผยแพร่")) > 1000
True
"""

from __future__ import annotations

import io

from docengine.thai import arabic_digits

LIST_HEADER = ["ลำดับ", "ชื่อ – สกุล", "เลขประจำตัวประชาชน", "ปีเกิด (พ.ศ.)", "อายุ (ปี)", "หมายเหตุ"]
LIST_HEADER_FULL = ["ลำดับ", "ชื่อ – สกุล", "เลขประจำตัวประชาชน", "วัน/เดือน/ปีเกิด", "อายุ (ปี)", "หมายเหตุ"]


def _number(text: str) -> int | str:
    plain = arabic_digits(text)
    return int(plain) if plain.isdigit() else plain


def list_workbook(blist, *, title: str, lao: str, note: str) -> bytes:
    """The beneficiary list as XLSX: one sheet per section plus a summary sheet."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    summary = wb.create_sheet("สรุป")
    summary.append([f"{title} {lao} ประจำปีงบประมาณ พ.ศ. {blist.fy}"])
    summary.append([note])
    counts = blist.counts
    for section in blist.sections:
        summary.append([section.title, counts[section.key], "คน"])
    summary.append(["รวมทั้งสิ้น", counts["total"], "คน"])
    header = LIST_HEADER_FULL if blist.full_ids else LIST_HEADER
    for section in blist.sections:
        ws = wb.create_sheet(section.title.split(" ")[0])
        ws.column_dimensions["B"].width = 32
        ws.column_dimensions["C"].width = 22
        ws.append([note])
        ws.append(header)
        for row in section.rows:
            # Numbers stay numbers (sortable); IDs and dates stay text as printed.
            ws.append([_number(row.number), row.name, arabic_digits(row.citizen_id),
                       arabic_digits(row.birth), _number(row.age), row.remark])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def table_workbook(sheets: list[tuple[str, list[list], int]]) -> bytes:
    """A workbook of simple tables: (sheet name, rows, number of header rows)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows, header_rows in sheets:
        ws = wb.create_sheet(name[:31])
        for row in rows:
            ws.append(row)
        for r in ws.iter_rows(min_row=1, max_row=header_rows):
            for cell in r:
                cell.font = Font(bold=True)
                cell.alignment = Alignment(wrap_text=True, horizontal="center")
        ws.column_dimensions["B"].width = 18
        ws.column_dimensions["C"].width = 30
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
