"""Build DOCX templates whose every run is properly Thai (brief §10.2–10.4).

Used by ``scripts/build_docx_templates.py`` to write each set's ``template.docx``; the
same run-property rules are applied again to rendered documents by
:func:`docengine.render.docx.thai_runs`, so an office's own Word template is fixed too.

Word treats Thai as a complex script: a run needs ``w:cs`` fonts, ``w:szCs`` and
``w:bCs`` besides the Latin ones, ``<w:cs/>`` and ``w:lang w:bidi="th-TH"``; body
paragraphs use ``thaiDistribute`` alignment.
"""

from __future__ import annotations

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "thai": "thaiDistribute",
    "both": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


TAB_ALIGN = {"left": WD_TAB_ALIGNMENT.LEFT, "center": WD_TAB_ALIGNMENT.CENTER,
             "right": WD_TAB_ALIGNMENT.RIGHT}
TAB_LEADER = {None: WD_TAB_LEADER.SPACES, "dot": WD_TAB_LEADER.DOTS}


def set_run_thai(rpr, *, font: str, half_points: int | None = None, bold: bool = False) -> None:
    """Give a ``w:rPr`` element the complex-script properties, in schema order."""
    order = ["w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps",
             "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint",
             "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing",
             "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
             "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang"]

    def ensure(tag):
        el = rpr.find(qn(tag))
        if el is None:
            el = OxmlElement(tag)
            pos = order.index(tag)
            for other in rpr:
                name = other.tag.split("}")[1]
                if f"w:{name}" in order and order.index(f"w:{name}") > pos:
                    other.addprevious(el)
                    break
            else:
                rpr.append(el)
        return el

    fonts = ensure("w:rFonts")
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), font)
    if bold or rpr.find(qn("w:b")) is not None:
        ensure("w:b")
        ensure("w:bCs")
    if rpr.find(qn("w:i")) is not None:
        ensure("w:iCs")
    sz = rpr.find(qn("w:sz"))
    if half_points is None and sz is not None:
        half_points = int(sz.get(qn("w:val")))
    if half_points:
        ensure("w:sz").set(qn("w:val"), str(half_points))
        ensure("w:szCs").set(qn("w:val"), str(half_points))
    ensure("w:cs")
    ensure("w:lang").set(qn("w:bidi"), "th-TH")


class DocxBuilder:
    """A saraban page in Word: A4, margins, Thai defaults, and helpers for paragraphs."""

    def __init__(self, *, font: str, size_pt: float = 16, margins_cm=(1.5, 2.0, 2.0, 3.0),
                 landscape: bool = False, different_first_page: bool = True):
        self.font = font
        self.size = size_pt
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = Cm(29.7), Cm(21.0)
        top, right, bottom, left = margins_cm
        section.top_margin, section.right_margin = Cm(top), Cm(right)
        section.bottom_margin, section.left_margin = Cm(bottom), Cm(left)
        section.header_distance, section.footer_distance = Cm(1.2), Cm(1.0)
        section.different_first_page_header_footer = different_first_page
        self._defaults()
        # python-docx starts with one empty paragraph; remove it.
        body = self.doc.element.body
        for p in body.findall(qn("w:p")):
            body.remove(p)

    def _defaults(self) -> None:
        styles = self.doc.styles.element
        rpr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
        set_run_thai(rpr_default, font=self.font, half_points=round(self.size * 2))
        normal = self.doc.styles["Normal"]
        normal.paragraph_format.space_before = Pt(0)
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.line_spacing = 1.0
        set_run_thai(normal.element.get_or_add_rPr(), font=self.font, half_points=round(self.size * 2))
        # Compatibility mode 15 makes Word break Thai between words (brief §10.2).
        settings = self.doc.settings.element
        compat = settings.find(qn("w:compat"))
        if compat is None:
            compat = OxmlElement("w:compat")
            settings.append(compat)
        for el in compat.findall(qn("w:compatSetting")):
            if el.get(qn("w:name")) == "compatibilityMode":
                compat.remove(el)
        setting = OxmlElement("w:compatSetting")
        setting.set(qn("w:name"), "compatibilityMode")
        setting.set(qn("w:uri"), "http://schemas.microsoft.com/office/word")
        setting.set(qn("w:val"), "15")
        compat.append(setting)

    def paragraph(self, *runs, align: str = "left", first_line_cm: float | None = None,
                  left_cm: float | None = None, hanging_cm: float | None = None,
                  space_before_pt: float = 0, tabs_cm: tuple = (), keep_next: bool = False,
                  container=None):
        """Add a paragraph; each run is text or (text, {"bold": …, "size": …, "color": …}).

        A tab stop is a position in cm (left aligned) or ``(cm, "left"|"center"|"right", "dot"|None)``:
        ``(16.0, "right", "dot")`` is a dotted leader to the right margin of a saraban page.
        """
        p = (container or self.doc).add_paragraph()
        fmt = p.paragraph_format
        if align == "thai":
            jc = OxmlElement("w:jc")
            jc.set(qn("w:val"), "thaiDistribute")
            p._p.get_or_add_pPr().append(jc)
        else:
            p.alignment = ALIGN[align]
        if first_line_cm is not None:
            fmt.first_line_indent = Cm(first_line_cm)
        if left_cm is not None:
            fmt.left_indent = Cm(left_cm)
        if hanging_cm is not None:
            fmt.first_line_indent = Cm(-hanging_cm)
        fmt.space_before = Pt(space_before_pt)
        fmt.keep_with_next = keep_next
        for tab in tabs_cm:
            pos, align, leader = tab if isinstance(tab, tuple) else (tab, "left", None)
            fmt.tab_stops.add_tab_stop(Cm(pos), TAB_ALIGN[align], TAB_LEADER[leader])
        for run in runs:
            text, opts = (run, {}) if isinstance(run, str) else run
            self.run(p, text, **opts)
        return p

    def run(self, paragraph, text: str, *, bold: bool = False, size: float | None = None,
            color: str | None = None, raise_pt: float = 0):
        r = paragraph.add_run(text)
        r.bold = bold or None
        if color:
            r.font.color.rgb = RGBColor.from_string(color)
        rpr = r._r.get_or_add_rPr()
        set_run_thai(rpr, font=self.font, half_points=round((size or self.size) * 2), bold=bold)
        if raise_pt:  # w:position, in half-points, in its place in the schema's order (before w:sz)
            position = OxmlElement("w:position")
            position.set(qn("w:val"), str(round(raise_pt * 2)))
            rpr.find(qn("w:sz")).addprevious(position)
        return r

    def tag(self, text: str, container=None):
        """A paragraph holding only a docxtpl paragraph tag such as ``{%p for x in xs %}``."""
        p = (container or self.doc).add_paragraph()
        p.add_run(text)
        return p

    def header(self, *runs, first_page: bool = False, align: str = "center"):
        section = self.doc.sections[0]
        hdr = section.first_page_header if first_page else section.header
        hdr.is_linked_to_previous = False
        for p in list(hdr.paragraphs):
            p._p.getparent().remove(p._p)
        return self.paragraph(*runs, align=align, container=hdr)

    def page_number_header(self, digits: str = "thai") -> None:
        """"- ๒ -" centred at the top of continuation pages."""
        p = self.header("- ")
        self._field(p, "PAGE", thai=digits == "thai")
        self.run(p, " -")
        if digits == "thai":
            # in CT_SectPr's order (after pgMar, before cols): Word rejects or ignores an
            # out-of-order child, and an appended one lands after docGrid
            sect = self.doc.sections[0]._sectPr
            pg = sect.find(qn("w:pgNumType"))
            if pg is None:
                pg = OxmlElement("w:pgNumType")
                sect.find(qn("w:pgMar")).addnext(pg)
            pg.set(qn("w:fmt"), "thaiNumbers")

    def _field(self, paragraph, instr: str, thai: bool) -> None:
        # Thai digits come from the section's pgNumType (w:fmt="thaiNumbers"), not a switch.
        code = f" {instr} "
        for kind, text in (("begin", None), ("instr", code), ("separate", None), ("text", "๒" if thai else "2"),
                           ("end", None)):
            r = self.run(paragraph, "") if kind != "text" else self.run(paragraph, text)
            if kind in ("begin", "separate", "end"):
                fc = OxmlElement("w:fldChar")
                fc.set(qn("w:fldCharType"), kind)
                r._r.append(fc)
            elif kind == "instr":
                it = OxmlElement("w:instrText")
                it.set(qn("xml:space"), "preserve")
                it.text = text
                r._r.append(it)

    def table(self, rows: int, cols: int, widths_cm: list[float], container=None):
        t = (container or self.doc).add_table(rows=rows, cols=cols)
        t.autofit = False
        for row in t.rows:
            for cell, w in zip(row.cells, widths_cm):
                cell.width = Cm(w)
                for p in list(cell.paragraphs):
                    p._p.getparent().remove(p._p)
        return t

    def save(self, path) -> None:
        """Write the document to ``path`` (a path, or a binary file object)."""
        self.doc.save(path if hasattr(path, "write") else str(path))
