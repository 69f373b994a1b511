#!/usr/bin/env python3
"""Write the ``template.docx`` of the allowance notice sets (PR notice, citizen's manual).

The same context that feeds each set's HTML feeds these docxtpl templates, so the Word
copy says what the PDF says. Run after changing a layout:

    .venv/bin/python scripts/build_notices_docx.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from docengine import refdata  # noqa: E402
from docengine.render.docxbuild import DocxBuilder  # noqa: E402
from docengine.resources import templates_path  # noqa: E402


def docx_font() -> str:
    fonts = refdata.load("fonts")
    return fonts["families"][fonts["default"]].get("docx_family", fonts["default"])


def items(b: DocxBuilder, var: str, indent_cm: float = 1.0) -> None:
    """One paragraph per item of ``var`` (items already carry their Thai numbers)."""
    b.tag(f"{{%p for item in {var} %}}")
    b.paragraph("{{ item }}", left_cm=indent_cm + 0.6, hanging_cm=0.6)
    b.tag("{%p endfor %}")


def grid(b: DocxBuilder, headers: list[str] | None, cells: list[str], widths_cm: list[float],
         loop: str | None = None) -> None:
    """A ruled table as in the PDF: a bold header row, then one row per item of ``loop``
    (docxtpl ``{%tr for … %}`` rows), or the single row ``cells``."""
    rows = (1 if headers else 0) + (3 if loop else 1)
    t = b.table(rows, len(cells), widths_cm)
    t.style = "Table Grid"
    r = 0
    if headers:
        for cell, text in zip(t.rows[0].cells, headers):
            b.paragraph((text, {"bold": True}), align="center", container=cell)
        r = 1
    if loop:
        b.tag(f"{{%tr for {loop} %}}", container=t.rows[r].cells[0])
        for cell in t.rows[r].cells[1:]:
            cell.add_paragraph()
        r += 1
    for cell, text in zip(t.rows[r].cells, cells):
        b.paragraph(text, container=cell)
    if loop:
        b.tag("{%tr endfor %}", container=t.rows[r + 1].cells[0])
        for cell in t.rows[r + 1].cells[1:]:
            cell.add_paragraph()


def registration_pr() -> DocxBuilder:
    b = DocxBuilder(font=docx_font(), margins_cm=(2.0, 2.0, 2.0, 3.0), different_first_page=False)
    b.paragraph(("ข้อความประชาสัมพันธ์", {"bold": True, "size": 22}), align="center")
    b.paragraph(("{{ title }}", {"bold": True, "size": 18}), align="center")
    b.paragraph("ประจำปีงบประมาณ พ.ศ. {{ fy_text }}", align="center")
    b.tag("{%p for p in invitation %}")
    b.paragraph("{{ p }}", align="thai", first_line_cm=2.5, space_before_pt=6)
    b.tag("{%p endfor %}")
    items(b, "who")
    b.paragraph("{{ when }}", align="thai", first_line_cm=2.5, space_before_pt=6)
    b.paragraph("{{ benefit }}", align="thai", first_line_cm=2.5, space_before_pt=6)
    # the PDF's box: a one-cell ruled table holding the heading and the list
    box = b.table(1, 1, [16.0])
    box.style = "Table Grid"
    from docx.oxml import OxmlElement  # the box moves to the next page whole, as in the PDF
    box.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    cell = box.cell(0, 0)
    b.paragraph(("หลักฐานที่ต้องนำมาแสดง", {"bold": True}), space_before_pt=4, container=cell)
    b.tag("{%p for item in documents %}", container=cell)
    b.paragraph("{{ item }}", left_cm=1.6, hanging_cm=0.6, container=cell)
    b.tag("{%p endfor %}", container=cell)
    b.paragraph("", container=cell)
    b.paragraph("{{ enquiries }}", align="thai", first_line_cm=2.5, space_before_pt=12)
    return b


def citizen_manual() -> DocxBuilder:
    b = DocxBuilder(font=docx_font(), margins_cm=(2.0, 2.0, 2.0, 2.5), different_first_page=False)
    # the cover page, as in the PDF
    b.paragraph(("คู่มือสำหรับประชาชน", {"bold": True, "size": 28}), align="center", space_before_pt=160)
    b.paragraph(("{{ process }}", {"bold": True, "size": 28}), align="center")
    b.paragraph(("{{ lao_name }}", {"bold": True, "size": 20}), align="center", space_before_pt=60)
    b.paragraph(("อำเภอ{{ district }} จังหวัด{{ province }}", {"bold": True, "size": 20}), align="center")
    first = b.paragraph(("คู่มือสำหรับประชาชน : ", {"bold": True}), "{{ process }}")
    first.paragraph_format.page_break_before = True
    b.paragraph(("หน่วยงานที่ให้บริการ : ", {"bold": True}), "{{ service_unit }}")
    sections = [
        ("หลักเกณฑ์ วิธีการ เงื่อนไข (ถ้ามี) ในการยื่นคำขอ และในการพิจารณาอนุญาต", "criteria"),
        ("วิธีการ", "procedure"),
    ]
    b.paragraph((sections[0][0], {"bold": True}), space_before_pt=12)
    b.paragraph("ตาม{{ regulation }} ผู้มีสิทธิจะได้รับเงินเบี้ยยังชีพผู้สูงอายุ ต้องมีคุณสมบัติดังนี้", align="thai",
                first_line_cm=1.0)
    items(b, "criteria")
    b.paragraph("วิธีการ", left_cm=1.0)
    items(b, "procedure")
    b.paragraph(("ช่องทางการให้บริการ", {"bold": True}), space_before_pt=12)
    grid(b, ["สถานที่ให้บริการ", "ระยะเวลาเปิดให้บริการ"],
         ["{{ place }} ลงทะเบียนสำหรับปีงบประมาณ พ.ศ. {{ fy_text }} ได้ใน{{ window }}", "{{ hours }}"], [10.5, 5.5])
    b.paragraph(("ขั้นตอน ระยะเวลา และส่วนงานที่รับผิดชอบ", {"bold": True}), space_before_pt=12)
    b.paragraph("ระยะเวลาในการดำเนินการรวม {{ total_time }}", left_cm=1.0)
    grid(b, ["ลำดับ", "ขั้นตอน", "ระยะเวลา", "ส่วนที่รับผิดชอบ"],
         ["{{ s.number }}", "{{ s.step }}", "{{ s.time }}", "{{ s.unit }}"], [1.3, 7.7, 2.5, 4.5], loop="s in steps")
    b.paragraph(("รายการเอกสาร หลักฐานประกอบ", {"bold": True}), space_before_pt=12)
    grid(b, ["ลำดับ", "ชื่อเอกสาร", "จำนวนและรายละเอียดเพิ่มเติม", "หน่วยงานภาครัฐผู้ออกเอกสาร"],
         ["{{ d.number }}", "{{ d.name }}", "{{ d.copies }}", "{{ d.issuer }}"], [1.3, 6.2, 4.5, 4.0],
         loop="d in documents")
    b.paragraph(("ค่าธรรมเนียม", {"bold": True}), space_before_pt=12)
    b.paragraph("{{ fee }}", left_cm=1.0)
    b.paragraph(("ช่องทางการร้องเรียน แนะนำบริการ", {"bold": True}), space_before_pt=12)
    items(b, "complaints")
    b.paragraph(("แบบฟอร์ม ตัวอย่างและคู่มือการกรอก", {"bold": True}), space_before_pt=12)
    b.paragraph("{{ forms }}", left_cm=1.0)
    b.paragraph(("หมายเหตุ", {"bold": True}), space_before_pt=12)
    items(b, "notes")
    b.paragraph(("ข้อมูลสำหรับเจ้าหน้าที่", {"bold": True}), space_before_pt=12)
    grid(b, None, ["{{ label }}", "{{ value }}"], [6.0, 10.0], loop="label, value in staff")
    return b


BUILDERS = {"registration-pr": registration_pr, "citizen-manual": citizen_manual}


def main(names: list[str]) -> None:
    for name in names or BUILDERS:
        path = templates_path() / "notices" / name / "template.docx"
        BUILDERS[name]().save(path)
        print(f"wrote {path}")


if __name__ == "__main__":
    main(sys.argv[1:])
