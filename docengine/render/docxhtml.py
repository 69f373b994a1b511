"""A form's DOCX made from the same HTML as its PDF, so the two are the same document.

The allowance forms are written in a small HTML vocabulary (templates/forms/_base): paragraphs,
boxed sections, the two-column office part, rows of signatures, blanks on dotted lines, tick
boxes and the 13 boxes of a citizen ID. Each becomes its Word equivalent:

==================  =============================================================
HTML                DOCX
==================  =============================================================
``p``               a paragraph (``right``/``center``/``regno``/``title`` align it;
                    ``head`` bold, ``u`` underlined, ``indent`` indented 0.8 cm)
``span.slot``       a run on a dotted underline: the value, or spaces to write on
``span.cb``         ☑ / ☐
``span.cid``        a one-row table: the label, 13 bordered boxes grouped 1-4-5-2-1
``div.boxed``,      a one-cell bordered table holding the paragraphs
``.order``,
``.receipt``
``div.office``      a two-column bordered table
``div.signs``,      a borderless table, one column per child
``div.grid2``
``p.cut``           a centred paragraph under a dashed rule (ตัดตามรอยประ)
``div.page``        a new page
==================  =============================================================

Text is taken as it is in the HTML (no invisible break characters are added), so the
DOCX reads exactly like the PDF.
"""

from __future__ import annotations

import io
import re

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from .docxbuild import DocxBuilder

TEXT_WIDTH_CM = 17.7  # A4 less the forms' margins (1.8 cm left, 1.5 cm right)
NBSP_PER_CM = 4.2  # no-break spaces per cm of a blank at 14 pt
INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
TICKED = "☑"
UNTICKED = "☐"


def classes(el) -> set[str]:
    return set((el.get("class") or "").split())


def _cm(style: str | None, prop: str = "width") -> float | None:
    m = re.search(rf"{prop}\s*:\s*([\d.]+)cm", style or "")
    return float(m.group(1)) if m else None


def _borders(cell_or_table, *, sides=("top", "left", "bottom", "right"), val="single", size=6) -> None:
    """Set cell borders (python-docx has no API for them)."""
    tcpr = cell_or_table._tc.get_or_add_tcPr()
    borders = tcpr.find(qn("w:tcBorders"))
    if borders is None:
        borders = OxmlElement("w:tcBorders")
        tcpr.append(borders)
    for side in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{side}")
        if side in sides:
            el.set(qn("w:val"), val)
            el.set(qn("w:sz"), str(size))
            el.set(qn("w:color"), "000000")
        else:
            el.set(qn("w:val"), "nil")
        borders.append(el)


def _no_table_borders(table) -> None:
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tblpr.append(borders)


def _cell_margins(table, cm: float = 0.15) -> None:
    tblpr = table._tbl.tblPr
    mar = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(round(cm * 567)))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    tblpr.append(mar)


def _fixed_widths(table, widths_cm: list[float]) -> None:
    """Column widths that Word and LibreOffice keep: a fixed layout and the grid set to them."""
    tblpr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.append(layout)
    tblw = tblpr.find(qn("w:tblW"))
    if tblw is None:
        tblw = OxmlElement("w:tblW")
        tblpr.append(tblw)
    tblw.set(qn("w:w"), str(round(sum(widths_cm) * 567)))
    tblw.set(qn("w:type"), "dxa")
    grid = table._tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths_cm):
        col.set(qn("w:w"), str(round(w * 567)))
    for row in table.rows:
        for cell, w in zip(row.cells, widths_cm):
            cell.width = Cm(w)


class FormDocx:
    """Build the DOCX of one rendered form page set (HTML string → DOCX bytes)."""

    def __init__(self, *, font: str, size_pt: float = 14, margins_cm=(1.1, 1.5, 1.0, 1.8)):
        self.b = DocxBuilder(font=font, size_pt=size_pt, margins_cm=margins_cm, different_first_page=False)
        self.size = size_pt
        self._new_page = False

    # --- blocks ------------------------------------------------------------------------

    def blocks(self, parent, container, *, indent: float = 0.0, align: str | None = None,
               width: float = TEXT_WIDTH_CM) -> None:
        for el in parent:
            if not isinstance(el.tag, str):
                continue
            cls = classes(el)
            if el.tag == "div" and "page" in cls:
                self._new_page = container is None and self._started(container)
                self.blocks(el, container, width=width)
            elif el.tag == "p":
                self.paragraph(el, container, indent=indent + (0.8 if "indent" in cls else 0), align=align)
            elif el.tag == "div" and cls & {"boxed", "order", "receipt"}:
                self.boxed(el, container, width, top="order" not in cls, indent=indent)
            elif el.tag == "div" and "office" in cls:
                self.columns(el, container, width, bordered=True)
            elif el.tag == "div" and cls & {"signs", "grid2", "cols"}:
                self.columns(el, container, width, bordered=False,
                             align="center" if "signs" in cls else None, per_row=2 if "grid2" in cls else 0)
            elif el.tag == "div":
                self.blocks(el, container, indent=indent + (0.8 if "indent" in cls else 0),
                            align="center" if cls & {"sign", "center"} else align, width=width)
            else:
                self.paragraph(el, container, indent=indent, align=align)

    def _started(self, container) -> bool:
        return len(self.b.doc.element.body) > 1  # more than the section properties

    def boxed(self, el, container, width: float, *, top: bool = True, indent: float = 0.0) -> None:
        table = self.b.table(1, 1, [width], container=container)
        _fixed_widths(table, [width])
        _cell_margins(table, 0.25)
        cell = table.cell(0, 0)
        _borders(cell, sides=("top", "left", "bottom", "right") if top else ("left", "bottom", "right"))
        self.blocks(el, cell, width=width - 0.5)
        self._fill_empty(cell)
        self._mark_page(table)

    def columns(self, el, container, width: float, *, bordered: bool, align: str | None = None,
                per_row: int = 0) -> None:
        kids = [k for k in el if isinstance(k.tag, str)]
        if not kids:
            return
        ncol = per_row or len(kids)
        nrow = -(-len(kids) // ncol)
        table = self.b.table(nrow, ncol, [width / ncol] * ncol, container=container)
        _fixed_widths(table, [width / ncol] * ncol)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _cell_margins(table, 0.2 if bordered else 0.05)
        if not bordered:
            _no_table_borders(table)
        for i, kid in enumerate(kids):
            cell = table.cell(i // ncol, i % ncol)
            if bordered:
                _borders(cell)
            if kid.tag == "p":
                self.paragraph(kid, cell, align=align)
            else:
                self.blocks(kid, cell, align=align, width=width / ncol - 0.4)
        for row in table.rows:
            for cell in row.cells:
                self._fill_empty(cell)
        self._mark_page(table)

    @staticmethod
    def _fill_empty(cell) -> None:
        """A cell must end with a paragraph (Word refuses a cell that ends with a table)."""
        last = cell._tc[-1] if len(cell._tc) else None
        if last is None or last.tag != qn("w:p"):
            cell.add_paragraph()

    def _mark_page(self, table) -> None:
        """A table that starts a new page: an empty paragraph with a page break before it."""
        if self._new_page:
            self._new_page = False
            p = OxmlElement("w:p")
            ppr = OxmlElement("w:pPr")
            ppr.append(OxmlElement("w:pageBreakBefore"))
            p.append(ppr)
            table._tbl.addprevious(p)

    # --- paragraphs ----------------------------------------------------------------------

    def paragraph(self, el, container, *, indent: float = 0.0, align: str | None = None) -> None:
        cls = classes(el)
        if el.find(".//span[@class='cid']") is not None:
            self.cid_row(el, container, indent=indent)
            return
        if "right" in cls or "regno" in cls:
            align = "right"
        elif cls & {"center", "title", "subtitle", "cut"}:
            align = "center"
        p = self.b.paragraph(align=align or "left", left_cm=indent or None, container=container)
        if self._new_page:
            p.paragraph_format.page_break_before = True
            self._new_page = False
        if "cut" in cls:
            self._rule_above(p)
        bold = bool(cls & {"head", "title", "subtitle"})
        size = 17 if "title" in cls else (11 if "cut" in cls else (12 if "small" in cls else None))
        floats = [s for s in el if isinstance(s.tag, str) and "float: left" in (s.get("style") or "")]
        if floats and align == "right":
            # "ข้อมูลผู้สูงอายุ ………… เขียนที่ ……": the left part, then a right tab to the rest
            p.alignment = None
            p.paragraph_format.tab_stops.add_tab_stop(Cm(TEXT_WIDTH_CM - indent), alignment=2)
            self.inline(floats[0], p, bold=bold, size=size, underline=False)
            self.b.run(p, "\t")
            self.inline(el, p, bold=bold, size=size, skip=floats[0])
            return
        self.inline(el, p, bold=bold, size=size, underline="u" in cls)

    @staticmethod
    def _rule_above(p) -> None:
        ppr = p._p.get_or_add_pPr()
        bdr = OxmlElement("w:pBdr")
        top = OxmlElement("w:top")
        for k, v in (("val", "dashed"), ("sz", "8"), ("space", "1"), ("color", "000000")):
            top.set(qn(f"w:{k}"), v)
        bdr.append(top)
        ppr.append(bdr)
        p.paragraph_format.space_before = Pt(10)

    def inline(self, el, p, *, bold=False, size=None, underline=False, skip=None) -> None:
        """The runs of ``el``'s text and inline children, in order."""
        self._text(el.text, p, bold, size, underline)
        for child in el:
            if child is skip or not isinstance(child.tag, str):
                self._text(child.tail, p, bold, size, underline)
                continue
            cls = classes(child)
            if child.tag == "br":
                p.add_run().add_break()
            elif "slot" in cls:
                value = self._clean(child.text_content()).strip()
                blank = "\u00a0" * max(3, round((_cm(child.get("style")) or 2) * NBSP_PER_CM))
                text = f"\u00a0{value}\u00a0" if value else blank
                r = self.b.run(p, text, bold=bold, size=size)
                self._dotted(r)
            elif "cb" in cls:
                self.b.run(p, (TICKED if child.text_content().strip() else UNTICKED) + "\u00a0", size=size)
            else:
                sub_bold = bold or "head" in cls
                self.inline(child, p, bold=sub_bold, size=12 if "small" in cls else size,
                            underline=underline or "u" in cls)
            self._text(child.tail, p, bold, size, underline)

    def _text(self, text, p, bold, size, underline) -> None:
        if not text:
            return
        text = self._clean(text)
        text = re.sub(r"\s+", " ", text)
        if not text.strip() and not p.runs:
            return
        if not p.runs:
            text = text.lstrip()
        r = self.b.run(p, text, bold=bold, size=size)
        if underline:
            r.underline = True

    @staticmethod
    def _clean(text: str) -> str:
        return INVISIBLE.sub("", text)

    @staticmethod
    def _dotted(run) -> None:
        rpr = run._r.get_or_add_rPr()
        u = OxmlElement("w:u")
        u.set(qn("w:val"), "dotted")
        rpr.append(u)

    def cid_row(self, el, container, *, indent: float = 0.0) -> None:
        """"เลขประจำตัวประชาชน [□]-[□□□□]-…": a one-row table, label then 13 boxes."""
        cid = el.find(".//span[@class='cid']")
        boxes = [s for s in cid if isinstance(s.tag, str)]
        label = self._clean(el.text or "")
        for child in el:
            if child is cid or cid in child.iterdescendants():
                break
            label += self._clean(child.text_content() + (child.tail or ""))
        after = self._clean(cid.tail or "")
        for sib in cid.itersiblings():
            after += self._clean(sib.text_content() + (sib.tail or ""))
        label, after = " ".join(label.split()), " ".join(after.split())
        widths = [0.46 if "box" in classes(s) else 0.3 for s in boxes]
        label_w = max(2.0, TEXT_WIDTH_CM - indent - sum(widths) - (2.5 if after else 0) - 0.4)
        label_w = min(label_w, 0.19 * len(label) + 0.4)
        cols = [label_w, *widths] + ([2.5] if after else [])
        table = self.b.table(1, len(cols), cols, container=container)
        _fixed_widths(table, cols)
        _no_table_borders(table)
        _cell_margins(table, 0.0)
        cells = table.rows[0].cells
        tbl_ind = OxmlElement("w:tblInd")
        tbl_ind.set(qn("w:w"), str(round(indent * 567)))
        tbl_ind.set(qn("w:type"), "dxa")
        table._tbl.tblPr.append(tbl_ind)
        self.b.paragraph(label, container=cells[0])
        for cell, span in zip(cells[1:], boxes):
            text = self._clean(span.text_content()).strip()
            self.b.paragraph(text or "\u00a0", align="center", container=cell)
            if "box" in classes(span):
                _borders(cell)
        if after:
            self.b.paragraph(" " + after, container=cells[-1])
        self._mark_page(table)

    def save(self) -> bytes:
        from .docx import glue_protected_spaces

        glue_protected_spaces(self.b.doc)  # protected tokens keep together, as in every DOCX
        out = io.BytesIO()
        self.b.doc.save(out)
        return out.getvalue()


def docx_font() -> str:
    """The family DOCX files name (data/fonts.yaml ``docx_family``: TH SarabunPSK)."""
    from docengine import refdata

    fonts = refdata.load("fonts")
    return fonts["families"][fonts["default"]].get("docx_family", fonts["default"])


def form_docx(html: str, *, font: str | None = None, size_pt: float = 14) -> bytes:
    """The DOCX of a rendered form (the HTML the PDF was made from)."""
    from lxml import html as lxml_html

    font = font or docx_font()
    root = lxml_html.fromstring(html)
    body = root.find("body") if root.tag != "body" else root
    cls = classes(body)
    size = 16 if "proxy" in cls else (13 if "dense" in cls else size_pt)
    doc = FormDocx(font=font, size_pt=size)
    doc.blocks(body, None)
    return doc.save()
