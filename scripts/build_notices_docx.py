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
    b.paragraph(("หลักฐานที่ต้องนำมาแสดง", {"bold": True}), space_before_pt=12)
    items(b, "documents")
    b.paragraph("{{ enquiries }}", align="thai", first_line_cm=2.5, space_before_pt=12)
    return b


def citizen_manual() -> DocxBuilder:
    b = DocxBuilder(font=docx_font(), margins_cm=(2.0, 2.0, 2.0, 2.5), different_first_page=False)
    b.paragraph(("คู่มือสำหรับประชาชน : ", {"bold": True}), "{{ process }}")
    b.paragraph(("หน่วยงานที่ให้บริการ : ", {"bold": True}), "{{ service_unit }}")
    sections = [
        ("หลักเกณฑ์ วิธีการ เงื่อนไข (ถ้ามี) ในการยื่นคำขอ และในการพิจารณาอนุญาต", "criteria"),
        ("วิธีการ", "procedure"),
    ]
    for title, var in sections:
        b.paragraph((title, {"bold": True}), space_before_pt=12)
        items(b, var)
    b.paragraph(("ช่องทางการให้บริการ", {"bold": True}), space_before_pt=12)
    b.paragraph("สถานที่ให้บริการ {{ place }} ลงทะเบียนสำหรับปีงบประมาณ พ.ศ. {{ fy_text }} ได้ใน{{ window }}",
                left_cm=1.0)
    b.paragraph("ระยะเวลาเปิดให้บริการ {{ hours }}", left_cm=1.0)
    b.paragraph(("ขั้นตอน ระยะเวลา และส่วนงานที่รับผิดชอบ", {"bold": True}), space_before_pt=12)
    b.paragraph("ระยะเวลาในการดำเนินการรวม {{ total_time }}", left_cm=1.0)
    b.tag("{%p for s in steps %}")
    b.paragraph("{{ s.number }}. {{ s.step }} ({{ s.time }}) – {{ s.unit }}", left_cm=1.6, hanging_cm=0.6)
    b.tag("{%p endfor %}")
    b.paragraph(("รายการเอกสาร หลักฐานประกอบ", {"bold": True}), space_before_pt=12)
    b.tag("{%p for d in documents %}")
    b.paragraph("{{ d.number }}. {{ d.name }} – {{ d.copies }} (ผู้ออกเอกสาร: {{ d.issuer }})",
                left_cm=1.6, hanging_cm=0.6)
    b.tag("{%p endfor %}")
    b.paragraph(("ค่าธรรมเนียม", {"bold": True}), space_before_pt=12)
    b.paragraph("{{ fee }}", left_cm=1.0)
    b.paragraph(("ช่องทางการร้องเรียน แนะนำบริการ", {"bold": True}), space_before_pt=12)
    items(b, "complaints")
    b.paragraph(("แบบฟอร์ม ตัวอย่างและคู่มือการกรอก", {"bold": True}), space_before_pt=12)
    b.paragraph("{{ forms }}", left_cm=1.0)
    b.paragraph(("หมายเหตุ", {"bold": True}), space_before_pt=12)
    items(b, "notes")
    b.paragraph(("ข้อมูลสำหรับเจ้าหน้าที่", {"bold": True}), space_before_pt=12)
    b.tag("{%p for label, value in staff %}")
    b.paragraph("{{ label }} : {{ value }}", left_cm=1.0)
    b.tag("{%p endfor %}")
    return b


BUILDERS = {"registration-pr": registration_pr, "citizen-manual": citizen_manual}


def main(names: list[str]) -> None:
    for name in names or BUILDERS:
        path = templates_path() / "notices" / name / "template.docx"
        BUILDERS[name]().save(path)
        print(f"wrote {path}")


if __name__ == "__main__":
    main(sys.argv[1:])
