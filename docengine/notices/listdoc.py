"""The beneficiary-list announcement as a PDF: context, pagination, chunked rendering.

>>> from docengine.office import Office
>>> from docengine.render.document import Renderer
>>> from docengine.records.people import read_people
>>> from docengine.resources import data_path
>>> people = read_people(data_path("samples", "people.csv"), fy=2570, kind="elderly")
>>> doc = beneficiary_list_document(Renderer(Office.sample()), people, kind="elderly", fy=2570)
>>> doc.blist.counts["total"] == len(people), doc.page_count > 1
(True, True)
"""

from __future__ import annotations

import math
from urllib.parse import quote
from dataclasses import dataclass
from functools import cached_property
from datetime import date

from markupsafe import Markup

from docengine.models.person import Person
from docengine.render.document import Prepared, Renderer
from docengine.thai import bangkok_today, format_date
from docengine.thai.digits import in_digits

from .beneficiaries import BeneficiaryList, build_beneficiary_list, count_text
from .chunks import Progress, render_paged
from .measure import text_measure
from .paginate import SECTION_OPENING, ListPage, paginate
from .settings import fill, wording

SET = "notices/beneficiary-list"


@dataclass
class ListDocument:
    """A paginated list ready to render: its pages (:mod:`.paginate`) and its layout."""

    blist: BeneficiaryList
    prepared: Prepared
    listed: list[ListPage]
    layout: dict
    digits: str

    @property
    def page_count(self) -> int:
        return len(self.listed)

    @cached_property
    def pages(self) -> list[dict]:
        """What the template draws for each page, rows included (the WeasyPrint path)."""
        return [_page_view(p, self.layout, self.digits) for p in self.listed]


def lao_identity(office) -> dict[str, str]:
    """Name, district and province of the LAO the office is (from the office config)."""
    data = office.data
    lao = data.get("lao") or {}
    return {
        "lao": lao.get("name") or data.get("name", ""),
        "district": data.get("district", ""),
        "province": data.get("province", ""),
        "executive": lao.get("executive_title", ""),
    }


def beneficiary_list_document(renderer: Renderer, people: list[Person], *, kind: str, fy: int,
                              on: date | None = None, full_ids: bool = False) -> ListDocument:
    """Validate the options, build the list and paginate it (nothing rendered yet)."""
    tset = renderer.find(SET)
    digits = tset.page.get("digits", "thai")
    on = on or bangkok_today()
    data = {"kind": kind, "fy": fy, "date": on.isoformat(), "full_ids": full_ids}
    # Validate the options first so a bad --fy or --kind is reported like any input.
    renderer.prepare(tset, data, extra={"pages": []})
    blist = build_beneficiary_list(people, kind=kind, fy=fy, full_ids=full_ids, digits=digits)
    layout = _layout(tset.page["layout"], full_ids)
    texts = _texts(renderer.office, blist, on, digits, tset.page.get("date_prefix", ""))
    layout["head_height_cm"], head_units = _head_height(layout, texts["intro"])
    layout["running_title"] = texts["running_title"]
    closing = _closing_lines(renderer.office, blist, texts, digits)
    pages = paginate(blist.sections, units=layout["units"], head_units=head_units,
                     closing_units=len(closing))
    extra = {**texts, "L": layout, "closing_lines": closing, "pages": [],
             "total_pages_text": in_digits(str(len(pages)), digits), "full_ids_raw": full_ids}
    prepared = renderer.prepare(tset, data, extra=extra)
    return ListDocument(blist, prepared, pages, layout, digits)


def render_list_pdf(renderer: Renderer, doc: ListDocument, *, progress: Progress | None = None,
                    workers: int | None = None, meanwhile=None) -> bytes:
    """PDF bytes of the whole list.

    With a bundled font (the default), each kind of page is rendered once and the rows
    are written over it as shaped text (:mod:`.listpdf`: about 0.1 ms a row, one process).
    An office font that is a system font cannot be embedded that way, so such a list is
    rendered whole by WeasyPrint, in parallel chunks (:mod:`.chunks`, ``workers``).
    """
    ctx = doc.prepared.context
    metadata = {"Title": f"{ctx['subject']} {ctx['lao_name']} ปีงบประมาณ {doc.blist.fy}",
                "Subject": "ฉบับใช้ภายใน" if doc.blist.full_ids else "ฉบับเผยแพร่"}
    if {"regular", "bold"} <= renderer.pdf_engine.family.faces.keys():
        from .listpdf import list_pdf

        if meanwhile:
            meanwhile()
        return list_pdf(renderer, doc, progress=progress, metadata=metadata)
    return render_paged(renderer, doc.prepared, doc.pages, progress=progress, workers=workers,
                        metadata=metadata, meanwhile=meanwhile)


def list_xlsx(doc: ListDocument) -> bytes:
    """The list's XLSX copy: the same rows, title, LAO and PDPA note as its PDF (the
    ``notices beneficiary-list --xlsx`` file and the batch's, docengine.batch)."""
    from .workbook import list_workbook

    c = doc.prepared.context
    return list_workbook(doc.blist, title=c["subject"], lao=c["lao_name"], note=c["pdpa_note"])


# ----------------------------------------------------------------------------- parts


def _layout(spec: dict, full_ids: bool) -> dict:
    """The manifest's layout plus derived sizes (actual font points, column offsets)."""
    measure = text_measure()
    layout = dict(spec)
    top, _, bottom, _ = layout["margins_cm"]
    layout["sheet_cm"] = round(29.7 - top - bottom - 0.05, 2)
    layout["text_size"] = round(measure.family.pt(layout["text_pt"]), 2)
    layout["title_size"] = round(measure.family.pt(20), 2)
    layout["small_size"] = round(measure.family.pt(layout.get("small_pt", layout["text_pt"])), 2)
    left, columns = 0.0, []
    for col in layout["columns"]:
        label = col.get("label_full", col["label"]) if full_ids else col["label"]
        columns.append({**col, "left_cm": round(left, 3), "shown_label": label})
        left += col["width_cm"]
    layout["columns"] = columns
    layout["table_cm"] = round(left, 3)
    layout["rules_tile"] = _rules_tile({"columns": columns, "row_cm": layout["row_cm"]})
    # Never more rows than the sheet holds (0.2 cm kept free for rounding in the renderer).
    fit = math.floor((layout["sheet_cm"] - layout["running_cm"] - 0.2) / layout["row_cm"])
    layout["units"] = min(layout["units"], fit)
    layout.setdefault("small_pt", layout["text_pt"])
    return layout


def _texts(office, blist: BeneficiaryList, on: date, digits: str, date_prefix: str) -> dict:
    who = wording("lists")[blist.kind]
    lists = wording("lists")
    ident = lao_identity(office)
    fy_text = in_digits(str(blist.fy), digits)
    values = {"lao": ident["lao"], "who": who["who"], "fy": fy_text,
              "regulation": wording("regulation")[blist.kind]}
    issued = format_date(on, style="full", digits=digits)
    if date_prefix:
        day, month, year = issued.split(" ")
        issued = f"{day} {month} {date_prefix} {year}"
    return {
        "lao_name": ident["lao"],
        "running_title": f"{who['subject']} ปีงบประมาณ พ.ศ. {fy_text}",
        "subject": who["subject"],
        "fy_text": fy_text,
        "ident_line": f"{ident['lao']} อำเภอ{ident['district']} จังหวัด{ident['province']}",
        "pdpa_note": lists["internal_note"] if blist.full_ids else lists["public_note"],
        "marker": "ฉบับใช้ภายใน ห้ามเผยแพร่" if blist.full_ids else "ฉบับเผยแพร่",
        "intro": fill(lists["intro"], **values),
        "issued": issued,
        "who": who["who"],
        "age_note": fill(lists["age_note"], age_date=format_date(blist.age_date, digits=digits)),
    }


def _head_height(layout: dict, intro: str) -> tuple[float, int]:
    """Height of the page-1 head (cm) rounded up to whole row units, and those units."""
    width = text_measure().width_cm(intro, layout["intro_pt"])
    # The first line is indented 2.5 cm; Thai breaks between words, so allow a 6 % loss.
    lines = max(1, math.ceil((width + 2.5) / (layout["intro_width_cm"] * 0.94)))
    height = layout["head_cm"] + lines * layout["intro_line_cm"]
    units = math.ceil(height / layout["row_cm"])
    return round(units * layout["row_cm"], 3), units


def _closing_lines(office, blist: BeneficiaryList, texts: dict, digits: str) -> list[dict]:
    """Counts, date and certification, one row unit per line (brief §6.5)."""
    counts = blist.counts
    labels = wording("lists")["count_lines"]
    certifier = office.data.get("certifier") or office.data.get("signer") or {}
    lines = [{"text": texts["age_note"], "cls": "small"}]
    for key in ("existing", "new", "total"):
        label = fill(labels[key], who=texts["who"])
        lines.append({"text": f"{label}  {count_text(counts[key], digits)}  คน", "cls": "counts"})
    lines += [
        {"text": "", "cls": ""},
        {"text": f"ประกาศ ณ วันที่ {texts['issued']}", "cls": "centre-right"},
        {"text": "", "cls": ""},
        {"text": "", "cls": ""},
        {"text": "(ลงชื่อ) ..........................................  ผู้รับรองความถูกต้อง", "cls": "sign-line"},
        {"text": f"({certifier.get('name', '')})", "cls": "centre-right"},
    ]
    for position in certifier.get("position") or []:
        lines.append({"text": f"ตำแหน่ง {position}", "cls": "centre-right"})
    lines.append({"text": "วันที่ ........ เดือน .......................... พ.ศ. ..........", "cls": "centre-right"})
    return lines


def _rules_tile(layout: dict) -> str:
    """One table row's rules (column lines and the bottom line) as an SVG tile, in
    hundredths of a cm; the grid repeats it down the table. A repeated background is
    drawn once as a PDF pattern, far cheaper than a rule per row or an image per table."""
    widths = [c["width_cm"] for c in layout["columns"]]
    w, h = round(sum(widths) * 100), round(layout["row_cm"] * 100)
    xs, x = [1], 0.0
    for width in widths:
        x += width
        xs.append(min(round(x * 100), w - 1))
    d = "".join(f"M{v} 0V{h}" for v in xs) + f"M0 {h - 1}H{w}"
    svg = (f"<svg xmlns='http://www.w3.org/2000/svg' width='{w}' height='{h}' viewBox='0 0 {w} {h}'>"
           f"<path d='{d}' stroke='black' stroke-width='2.1' fill='none'/></svg>")
    return "data:image/svg+xml," + quote(svg)


@dataclass(frozen=True)
class Cell:
    """One table cell's text where it prints: ``x_cm`` from the table's left edge,
    ``size`` in standard points (smaller than the text size for a long name)."""

    text: str
    x_cm: float
    size: float
    width_cm: float
    centred: bool


def row_cells(row, layout: dict) -> list[Cell]:
    """The cells of one table row (``row`` None: the "- ไม่มี -" line of an empty
    section), centred or left in their columns, with a long value set smaller to fit."""
    measure = text_measure()
    text_pt = layout["text_pt"]
    pad = layout.get("cell_pad_cm", 0.12)
    cells = []
    for col in layout["columns"]:
        text = "- ไม่มี -" if row is None and col["key"] == "name" else (
            getattr(row, col["key"]) if row is not None else "")
        if not text:
            continue
        centred = col.get("align") == "center"
        # centred text needs no indent, only clearance from the rules
        room = col["width_cm"] - (0.12 if centred else 2 * pad)
        size, width = measure.fit(text, text_pt, room)
        x = col["left_cm"] + ((col["width_cm"] - width) / 2 if centred else pad)
        cells.append(Cell(text, x, size, width, centred))
    return cells


def running_text(page: ListPage, layout: dict):
    """The running head left of the page number: the list's title, and on a page that
    continues a section, "– <section> (ต่อ)"; set smaller if it would reach the number."""
    if page.head:
        return ""
    measure = text_measure()
    running = layout["running_title"]
    if page.continued:
        running += f" – {page.continued.split(' (')[0]} (ต่อ)"
    size, _ = measure.fit(running, layout["small_pt"], layout["running_left_cm"])
    if size < layout["small_pt"]:
        running = Markup('<span class="fit" style="font-size:{}pt">{}</span>').format(
            round(measure.family.pt(size), 2), running)
    return running


def _page_view(page: ListPage, layout: dict, digits: str, *, rows: bool = True) -> dict:
    """What the template draws for one page: per segment, one pre-set text line per row.

    A row is ONE line of text whose cells are placed by spaces computed from measured
    widths (centred or left in their columns, to within half a space, about 0.4 mm).
    WeasyPrint's cost grows with the number of line boxes, so one box per row instead
    of one per cell makes long lists several times faster; the cell rules are drawn
    separately and do not depend on the text.

    ``rows=False`` gives the page's frame (docengine.notices.listpdf): the same page
    with its rows' lines and its page number left empty, to be written over it.
    """
    measure = text_measure()
    space = measure.width_cm(" ", layout["text_pt"])
    segments = []
    for seg in page.segments:
        lines = []
        for row in seg.rows or [None]:
            if row is not None and not rows:
                lines.append("")
                continue
            parts, x = [], 0.0
            for cell in row_cells(row, layout):
                # left-aligned text may start late by up to a space, never early (onto the rule)
                steps = (cell.x_cm - x) / space
                spaces = max(1 if parts else 0, round(steps) if cell.centred else math.ceil(steps))
                x += spaces * space + cell.width_cm
                shown = cell.text if cell.size == layout["text_pt"] else Markup(
                    '<span class="fit" style="font-size:{}pt">{}</span>').format(
                    round(measure.family.pt(cell.size), 2), cell.text)
                parts.append(Markup(" " * spaces) + shown)
            lines.append(Markup("").join(parts))
        segments.append({"title": seg.title, "lines": lines, "empty": not seg.rows,
                         "height_cm": round((len(lines) + 1) * layout["row_cm"], 3)})
    return {"number_text": in_digits(str(page.number), digits) if rows else None, "head": page.head,
            "running": running_text(page, layout), "closing": page.closing, "segments": segments}


assert SECTION_OPENING == 2  # the template draws a title unit and a header unit per section
