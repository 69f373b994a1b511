#!/usr/bin/env python3
"""Write the ``template.docx`` of each shipped template set.

The DOCX templates are docxtpl files an office can open and edit in Word; this script
is how the shipped ones are made, from the same blocks for every saraban kind. Run it
after changing a layout:  .venv/bin/python scripts/build_docx_templates.py [set … | frames]
(with no argument: every set and the Garuda frame pictures).
"""

from __future__ import annotations

import sys
from pathlib import Path

from docengine import refdata
from docengine.render.docx import STAMP_INDENT_CM
from docengine.render.docxbuild import DocxBuilder
from docengine.resources import templates_path

BLOCK = 25  # pt before head blocks and body paragraphs: one empty line plus 6 pt (brief §1.1)


def docx_font() -> str:
    fonts = refdata.load("fonts")
    spec = fonts["families"][fonts["default"]]
    return spec.get("docx_family", fonts["default"])


# --- shared blocks -------------------------------------------------------------------
def secrecy(b: DocxBuilder, where: str):
    b.tag("{%p if secrecy %}")
    b.paragraph(("{{ secrecy }}", {"bold": True, "size": 20, "color": "CC0000"}), align="center")
    b.tag("{%p endif %}")


def speed_and_garuda(b: DocxBuilder):
    """ชั้นความเร็ว at the top left and the Garuda centred, on one line as the PDF places them
    (its speed mark is out of the flow, level with the Garuda's top): a paragraph of its own
    would push the Garuda and the whole letter down by a line of 32 pt. The mark is raised to
    the top of the 3 cm line the picture makes."""
    b.paragraph(("{{ speed_mark }}", {"bold": True, "size": 32, "color": "CC0000", "raise_pt": 30}),
                "\t{{ garuda }}", tabs_cm=((text_width_cm(b) / 2, "center", None),))


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


def body_paragraphs(b: DocxBuilder, var: str = "body"):
    """The body's paragraphs, in the style that marks them as the body (BODY_STYLE): after
    rendering, docengine.render.docx.keep_body_with_closing keeps the last of them with the
    closing and signature, as the PDF does; a docxtpl loop cannot mark only its last paragraph."""
    from docx.enum.style import WD_STYLE_TYPE

    from docengine.render.docx import BODY_STYLE, BODY_STYLE_NAME

    if BODY_STYLE_NAME not in [s.name for s in b.doc.styles]:
        style = b.doc.styles.add_style(BODY_STYLE_NAME, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = b.doc.styles["Normal"]
        style.paragraph_format.widow_control = True  # at least two lines either side of a page break
        assert style.style_id == BODY_STYLE
    b.tag(f"{{%p for para in {var} %}}")
    p = b.paragraph("{{ para }}", align="thai", first_line_cm=2.5, space_before_pt=BLOCK)
    p.style = b.doc.styles[BODY_STYLE_NAME]
    b.tag("{%p endfor %}")


def body(b: DocxBuilder):
    body_paragraphs(b)


def signature(b: DocxBuilder, closing: bool = True, block: str = "signer_block", blank_lines: int = 3):
    if closing:
        b.paragraph("{{ closing }}", align="center", left_cm=7.0, space_before_pt=BLOCK, keep_next=True)
    for _ in range(blank_lines):
        b.paragraph("", keep_next=True)
    b.paragraph(f"{{{{ {block}.name }}}}", align="center", left_cm=7.0, keep_next=True)
    b.tag(f"{{%p for line in {block}.positions %}}")
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


def text_width_cm(b: DocxBuilder) -> float:
    section = b.doc.sections[0]
    return round((section.page_width - section.left_margin - section.right_margin) / 360000, 2)


# --- the sets ----------------------------------------------------------------------------
def external(b: DocxBuilder):
    speed_and_garuda(b)
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


def memo(b: DocxBuilder):
    secrecy(b, "top")
    b.paragraph("{{ garuda_small }}\t", ("บันทึกข้อความ", {"bold": True, "size": 29}), tabs_cm=(5.5,))
    b.tag("{%p if speed_mark %}")
    b.paragraph(("{{ speed_mark }}", {"bold": True, "size": 32, "color": "CC0000"}), align="center")
    b.tag("{%p endif %}")
    # แบบที่ ๒๙: each head field runs on in a dotted leader to the margin (ที่ to the middle,
    # where วันที่ starts), as the PDF's leader("\a0") boxes do; never an underline (it would
    # cross ุ ู ฺ)
    width = text_width_cm(b)
    to_margin = (width, "right", "dot")
    b.paragraph(("ส่วนราชการ", {"bold": True, "size": 20}), " {{ department }}\t", tabs_cm=(to_margin,))
    b.paragraph(("ที่", {"bold": True, "size": 20}), " {{ book_number }}\t",
                ("วันที่", {"bold": True, "size": 20}), " {{ date }}\t",
                tabs_cm=((width / 2, "left", "dot"), to_margin))
    b.paragraph(("เรื่อง", {"bold": True, "size": 20}), " {{ subject }}\t", tabs_cm=(to_margin,))
    b.paragraph("{{ salutation }} {{ recipient }}", space_before_pt=BLOCK)
    labelled(b, "อ้างถึง", "references_list", 1.6)
    labelled(b, "สิ่งที่ส่งมาด้วย", "enclosures_list", 3.0)
    body(b)
    signature(b, closing=False)
    b.tag("{%p for step in approvals_blocks %}")
    b.paragraph(("{{ step.title }}", {"bold": True}), space_before_pt=14, keep_next=True)
    b.tag("{%p for line in step.opinion %}")
    b.paragraph("{{ line }}")
    b.tag("{%p endfor %}")
    # a step without a typed opinion: dotted lines to write it on, margin to margin
    b.tag("{%p for _ in range(step.blank_lines) %}")
    b.paragraph("\t", tabs_cm=(to_margin,), keep_next=True)
    b.tag("{%p endfor %}")
    b.tag("{%p if step.decide %}")
    b.paragraph("{{ '☑' if step.decision == 'อนุมัติ' else '☐' }} อนุมัติ", left_cm=2.5)
    b.paragraph("{{ '☑' if step.decision == 'ไม่อนุมัติ' else '☐' }} ไม่อนุมัติ เนื่องจาก {{ step.reason }}",
                left_cm=2.5)
    b.tag("{%p endif %}")
    signature(b, closing=False, block="step.signer_block", blank_lines=2)
    b.tag("{%p endfor %}")


def stamped(b: DocxBuilder):
    speed_and_garuda(b)
    b.paragraph("ที่ {{ book_number }}")
    b.paragraph("ถึง {{ recipient }}", space_before_pt=BLOCK)
    labelled(b, "สิ่งที่ส่งมาด้วย", "enclosures_list", 3.0)
    body(b)
    b.paragraph("{{ agency.name }}", align="center", left_cm=STAMP_INDENT_CM, space_before_pt=BLOCK,
                keep_next=True)
    seal_and_initials(b)
    b.paragraph("{{ date }}", align="center", left_cm=STAMP_INDENT_CM)
    b.paragraph("")
    owner_unit(b)
    copies(b)


def seal_and_initials(b: DocxBuilder):
    """The seal (a picture behind the text, docengine.render.docx.seal_picture) with the
    official's initials typed in its lower half, as the PDF's .stamp-seal. The picture is
    anchored at the top of an empty paragraph with no space before (so Word and LibreOffice
    agree where that top is), exactly as tall as the circle's top margin, the label's offset
    and the label's line; the initials' paragraph follows, its space after the rest of the
    circle and its bottom margin."""
    from docx.shared import Pt

    from docengine.render.docx import SEAL_CM, SEAL_TOP_CM

    label_top_cm, line_pt = SEAL_LABEL_TOP_CM, 1.2 * SEAL_TEXT_PT  # the PDF's line-height: 1.2
    cm_pt = 72 / 2.54
    anchor = b.paragraph("{{ seal }}", align="center", left_cm=STAMP_INDENT_CM, keep_next=True)
    anchor.paragraph_format.line_spacing = Pt(round((SEAL_TOP_CM + label_top_cm) * cm_pt + line_pt, 1))
    p = b.paragraph(("{{ stamp_initials }}", {"color": "CC0000", "size": SEAL_TEXT_PT}),
                    align="center", left_cm=STAMP_INDENT_CM, keep_next=True)
    fmt = p.paragraph_format
    fmt.line_spacing = Pt(line_pt)  # exactly
    fmt.space_after = Pt(round((SEAL_CM - label_top_cm + SEAL_TOP_CM) * cm_pt - 2 * line_pt, 1))


def centred_head(b: DocxBuilder, word: str, numbered: bool):
    garuda(b)
    b.paragraph((f"{word}{{{{ issuer }}}}", {"bold": True, "size": 18}), align="center")
    if numbered:
        b.paragraph("ที่ {{ book_number }}", align="center")
    else:
        b.tag("{%p if book_number %}")
        b.paragraph("ที่ {{ book_number }}", align="center")
        b.tag("{%p endif %}")
    b.paragraph("เรื่อง {{ subject }}", align="center")
    b.paragraph("────────", align="center")
    body_paragraphs(b, "body_with_effect")


def order(b: DocxBuilder):
    centred_head(b, "คำสั่ง", numbered=True)
    b.paragraph("สั่ง ณ วันที่ {{ date }}", left_cm=5.0, space_before_pt=BLOCK, keep_next=True)
    signature(b, closing=False)


def announcement(b: DocxBuilder):
    centred_head(b, "ประกาศ", numbered=False)
    b.paragraph("ประกาศ ณ วันที่ {{ date }}", left_cm=5.0, space_before_pt=BLOCK, keep_next=True)
    signature(b, closing=False)


SETS = {
    "letters/external": (external, {}),
    "letters/memo": (memo, {}),
    "letters/stamped": (stamped, {}),
    "letters/order": (order, {}),
    "letters/announcement": (announcement, {}),
}


# --- the Garuda frame ----------------------------------------------------------------
# An office without an emblem file gets, in the DOCX, a picture of the empty frame the PDF
# draws (templates/letters/_base: .garuda.placeholder): a 0.75 pt #888 border round the
# Garuda's box with the light-grey label [ตราครุฑ] as pixels, not text. It goes through the
# same InlineImage as an office's emblem (docengine.render.docx.garuda_pictures), so in Word
# "Change Picture" puts the real Garuda in at the standard size and place.
FRAMES = {  # size: (width cm, height cm, label pt at TH SarabunPSK size, label top cm)
    "large": (2.7, 3.0, 12, 1.1),
    "small": (1.35, 1.5, 9, 0.35),
}
FRAME_DPI = 600
# The seal (templates/letters/stamped: .stamp-seal): a 1.5 pt #c00 circle, its label in #c00 at
# 12 pt (TH SarabunPSK size) with its line box 1.1 cm below the circle's top; the initials are
# text on the next line.
SEAL_TEXT_PT, SEAL_LABEL_TOP_CM, SEAL_BORDER_PT = 12, 1.1, 1.5


def build_frames() -> list[Path]:
    from PIL import Image, ImageDraw, ImageFont

    from docengine.render.docx import GARUDA_LABEL, SEAL_CM, SEAL_LABEL, garuda_frame_path, seal_path
    from docengine.render.fonts import font_family

    family = font_family()
    px = lambda cm: round(cm / 2.54 * FRAME_DPI)  # noqa: E731
    out = []
    for size, (w_cm, h_cm, label_pt, top_cm) in FRAMES.items():
        w, h = px(w_cm), px(h_cm)
        img = Image.new("RGBA", (w, h), (255, 255, 255, 0))
        draw = ImageDraw.Draw(img)
        border = max(1, round(0.75 / 72 * FRAME_DPI))
        draw.rectangle([0, 0, w - 1, h - 1], outline=(0x88, 0x88, 0x88, 255), width=border)
        em = family.pt(label_pt) / 72 * FRAME_DPI
        font = ImageFont.truetype(str(family.faces["regular"]), round(em))
        # the PDF's line box is 1.2 em from top_cm; its text sits in the middle of it
        draw.text((w / 2, px(top_cm) + 0.6 * em), GARUDA_LABEL, font=font, anchor="mm",
                  fill=(0x66, 0x66, 0x66, 255))
        path = garuda_frame_path(size)
        img.save(path, dpi=(FRAME_DPI, FRAME_DPI), optimize=True)
        out.append(path)
    d = px(SEAL_CM)
    img = Image.new("RGBA", (d, d), (255, 255, 255, 0))
    draw = ImageDraw.Draw(img)
    red = (0xCC, 0x00, 0x00, 255)
    draw.ellipse([0, 0, d - 1, d - 1], outline=red, width=round(SEAL_BORDER_PT / 72 * FRAME_DPI))
    em = family.pt(SEAL_TEXT_PT) / 72 * FRAME_DPI
    font = ImageFont.truetype(str(family.faces["regular"]), round(em))
    draw.text((d / 2, px(SEAL_LABEL_TOP_CM) + 0.6 * em), SEAL_LABEL, font=font, anchor="mm", fill=red)
    img.save(seal_path(), dpi=(FRAME_DPI, FRAME_DPI), optimize=True)
    out.append(seal_path())
    return out


def build(key: str, out=None):
    """Write set ``key``'s template.docx (or into ``out``, a path or a binary file)."""
    fn, opts = SETS[key]
    b = DocxBuilder(font=docx_font(), **opts)
    b.page_number_header(digits="thai")
    fn(b)
    out = templates_path(*key.split("/"), "template.docx") if out is None else out
    b.save(out)
    return out


def main(argv: list[str]) -> None:
    if not argv or "frames" in argv:
        for path in build_frames():
            print(path)
    for key in [a for a in argv if a != "frames"] if argv else SETS:
        print(build(key))


if __name__ == "__main__":
    main(sys.argv[1:])
