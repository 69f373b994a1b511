#!/usr/bin/env python3
"""Write the ``template.docx`` of each shipped template set.

The DOCX templates are docxtpl files an office can open and edit in Word; this script
is how the shipped ones are made, from the same blocks for every saraban kind. Run it
after changing a layout:  .venv/bin/python scripts/build_docx_templates.py [set …]
"""

from __future__ import annotations

import sys
from pathlib import Path

from docengine import refdata
from docengine.render.docxbuild import DocxBuilder
from docengine.resources import templates_path

BLOCK = 25  # pt before head blocks and body paragraphs: one empty line plus 6 pt (brief §1.1)


def docx_font() -> str:
    fonts = refdata.load("fonts")
    spec = fonts["families"][fonts["default"]]
    return spec.get("docx_family", fonts["default"])


# --- shared blocks -------------------------------------------------------------------
def speed(b: DocxBuilder):
    b.tag("{%p if speed_mark %}")
    b.paragraph(("{{ speed_mark }}", {"bold": True, "size": 32, "color": "CC0000"}))
    b.tag("{%p endif %}")


def secrecy(b: DocxBuilder, where: str):
    b.tag("{%p if secrecy %}")
    b.paragraph(("{{ secrecy }}", {"bold": True, "size": 20, "color": "CC0000"}), align="center")
    b.tag("{%p endif %}")


def garuda(b: DocxBuilder, small: bool = False):
    b.paragraph("{{ garuda_small }}" if small else "{{ garuda }}", align="left" if small else "center")


def labelled(b: DocxBuilder, label: str, var: str, indent_cm: float):
    """Label, then items aligned after it; several items are numbered by the context."""
    b.tag(f"{{%p if {var} %}}")
    b.paragraph(f"{label}\t{{{{ {var}[0] }}}}", left_cm=indent_cm, hanging_cm=indent_cm,
                tabs_cm=(indent_cm,), space_before_pt=BLOCK)
    b.tag(f"{{%p for item in {var}[1:] %}}")
    b.paragraph("\t{{ item }}", left_cm=indent_cm, hanging_cm=indent_cm, tabs_cm=(indent_cm,))
    b.tag("{%p endfor %}")
    b.tag("{%p endif %}")


def body(b: DocxBuilder):
    b.tag("{%p for para in body %}")
    b.paragraph("{{ para }}", align="thai", first_line_cm=2.5, space_before_pt=BLOCK)
    b.tag("{%p endfor %}")


def signature(b: DocxBuilder, closing: bool = True):
    if closing:
        b.paragraph("{{ closing }}", align="center", left_cm=7.0, space_before_pt=BLOCK, keep_next=True)
    for _ in range(3):
        b.paragraph("", keep_next=True)
    b.paragraph("{{ signer_block.name }}", align="center", left_cm=7.0, keep_next=True)
    b.tag("{%p for line in signer_block.positions %}")
    b.paragraph("{{ line }}", align="center", left_cm=7.0)
    b.tag("{%p endfor %}")


def owner_unit(b: DocxBuilder):
    b.tag("{%p for line in footer_lines %}")
    b.paragraph("{{ line }}", space_before_pt=0)
    b.tag("{%p endfor %}")


def copies(b: DocxBuilder):
    b.tag("{%p for item in copies_to %}")
    b.paragraph("{{ 'สำเนาส่ง' if loop.first else '' }}\t{{ item }}", left_cm=2.0, hanging_cm=2.0,
                tabs_cm=(2.0,))
    b.tag("{%p endfor %}")


# --- the sets ----------------------------------------------------------------------------
def external(b: DocxBuilder):
    speed(b)
    garuda(b)
    t = b.table(1, 2, [9.0, 7.0])
    b.paragraph("ที่ {{ book_number }}", container=t.cell(0, 0))
    b.paragraph("{{ agency.name }}", container=t.cell(0, 1))
    b.paragraph("{{ agency.address }}", container=t.cell(0, 1))
    b.paragraph("{{ date }}", left_cm=8.0)
    b.paragraph("เรื่อง\t{{ subject }}", left_cm=1.25, hanging_cm=1.25, tabs_cm=(1.25,),
                space_before_pt=BLOCK)
    b.paragraph("{{ salutation }} {{ recipient }}", space_before_pt=BLOCK)
    labelled(b, "อ้างถึง", "references_list", 1.6)
    labelled(b, "สิ่งที่ส่งมาด้วย", "enclosures_list", 3.0)
    body(b)
    signature(b)
    b.paragraph("")
    owner_unit(b)
    copies(b)


SETS = {
    "letters/external": (external, {}),
}


def build(key: str) -> Path:
    fn, opts = SETS[key]
    b = DocxBuilder(font=docx_font(), **opts)
    b.page_number_header(digits="thai")
    fn(b)
    out = templates_path(*key.split("/"), "template.docx")
    b.save(out)
    return out


def main(argv: list[str]) -> None:
    for key in argv or SETS:
        print(build(key))


if __name__ == "__main__":
    main(sys.argv[1:])
