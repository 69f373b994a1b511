"""The beneficiary list's PDF at the speed of its rows: frames drawn once, rows as shaped text.

A 10,000-row list has some 220 pages but only a handful of kinds of page: the first
(with the announcement's head), the full pages of each section, the page where one
section ends and the next begins, the last (with the counts and the certification).
Every page of a kind looks the same but for its rows and its number. So:

1. each kind of page is rendered once by WeasyPrint, from the very template of the
   list, with its rows and page number left empty (its *frame*: running head, section
   titles, column headings, the grid, the "- ไม่มี -" line, the closing block);
2. every page of the list is its frame (one form XObject, stored once) with the page
   number and the rows' cells written on top as text shaped by HarfBuzz
   (docengine.render.overlay, the engine the pre-filled forms use), each cell where
   CSS would put it: the same column offsets and fitted sizes as the template path
   (:func:`.listdoc.row_cells`), the baseline of a CSS line box of the row's height.

Pagination is still done in Python (docengine.notices.paginate), so every visible
property stays: the header on every page, rows never split, Thai page numbers, masked
IDs, a long name set smaller rather than wrapped. Each cell carries its /ActualText,
so pdftotext reads the rows exactly. Cost: about 0.1 ms a row, flat in the list's length.

>>> from docengine.office import Office
>>> from docengine.render.document import Renderer
>>> from docengine.records.people import read_people
>>> from docengine.resources import data_path
>>> from .listdoc import beneficiary_list_document
>>> people = read_people(data_path("samples", "people.csv"), fy=2570, kind="elderly")
>>> renderer = Renderer(Office.sample())
>>> doc = beneficiary_list_document(renderer, people, kind="elderly", fy=2570)
>>> pdf = list_pdf(renderer, doc)
>>> from docengine.render.merge import count_pages
>>> count_pages(pdf) == doc.page_count
True
"""

from __future__ import annotations

from dataclasses import replace

from docengine.errors import DocengineError
from docengine.render.document import Renderer
from docengine.render.overlay import TextOverlay, assemble_pages
from docengine.thai.digits import in_digits

from .listdoc import ListDocument, _page_view, row_cells
from .measure import text_measure
from .paginate import ListPage

PT_PER_CM = 72 / 2.54
A4_PT = (210 / 25.4 * 72, 297 / 25.4 * 72)
GRID_RULE_PT = 0.6  # the grid's top border (border-top in page.html.j2), inside its height
MARK_RGB = "0.69 0 0"  # the marker's colour, #b00000 in page.html.j2


def list_pdf(renderer: Renderer, doc: ListDocument, *, progress=None, metadata: dict | None = None) -> bytes:
    """The list's PDF: each page its frame plus its number and rows written on top."""
    regular = TextOverlay.for_family(renderer.office.font)
    bold = TextOverlay.for_family(renderer.office.font, "bold")
    frames: dict[tuple, int] = {}
    views: list[dict] = []
    plan: list[tuple[int, ListPage]] = []
    for page in doc.listed:
        view = _page_view(page, doc.layout, doc.digits, rows=False)
        key = _frame_key(view)
        if key not in frames:
            frames[key] = len(views)
            views.append(view)
        plan.append((frames[key], page))
    prepared = replace(doc.prepared, context={**doc.prepared.context, "pages": views})
    frames_pdf = renderer.render_pdf(prepared)
    from docengine.render.merge import count_pages

    if count_pages(frames_pdf) != len(views):
        raise DocengineError(f"the list template gave {count_pages(frames_pdf)} frames for {len(views)} kinds of page",
                             f"แม่แบบบัญชีรายชื่อสร้างหน้าได้ไม่ครบ ({len(views)} แบบ)")
    sheet = PageText(doc, regular, bold)
    metadata = dict(metadata or {})
    title = metadata.pop("Title", "")
    pdf = assemble_pages([frames_pdf], ((0, frame, sheet.text(page)) for frame, page in plan),
                         [regular, bold], title=title, metadata=metadata, progress=progress)
    if renderer.pdfa:
        from docengine.archive import pdfa as archival

        pdf = archival.conform_bytes(pdf, renderer.pdfa)
        archival.ensure(pdf, renderer.pdfa, doc.prepared.tset.key)
    return pdf


def _frame_key(view: dict) -> tuple:
    """Pages with the same key have the same frame."""
    return (view["head"], view["closing"], str(view["running"]),
            tuple((s["title"], len(s["lines"]), s["empty"]) for s in view["segments"]))


class PageText:
    """The content stream written over one page's frame: its number and its rows.

    Positions follow the template's boxes (all heights are fixed in page.html.j2): the
    top margin, the running head, the page-1 head, then per section its title unit and
    its grid (the top rule, the heading row, one row unit per line).
    """

    def __init__(self, doc: ListDocument, regular: TextOverlay, bold: TextOverlay):
        L = doc.layout
        self.doc, self.regular, self.bold = doc, regular, bold
        top, right, _, left = (v * PT_PER_CM for v in L["margins_cm"])
        self.width, self.height = A4_PT
        self.top, self.left, self.right = top, left, self.width - right
        self.row = L["row_cm"] * PT_PER_CM
        self.running = L["running_cm"] * PT_PER_CM
        self.head = L["head_height_cm"] * PT_PER_CM
        family = text_measure().family
        self.size = round(family.pt(L["text_pt"]), 2)
        self.small = round(family.pt(L["small_pt"]), 2)
        self.pt = lambda standard: round(family.pt(standard), 2)  # noqa: E731
        self.total = in_digits(str(doc.page_count), doc.digits)
        self.marker = doc.prepared.context["marker"]

    def text(self, page: ListPage) -> str:
        ops = [self._number(page)]
        y = self.top + self.running + (self.head if page.head else 0)
        for seg in page.segments:
            if seg.title:
                y += self.row
            first = y + GRID_RULE_PT + self.row
            for i, row in enumerate(seg.rows):
                baseline = self.height - self.regular.baseline(first + i * self.row, self.row, self.size)
                for cell in row_cells(row, self.doc.layout):
                    size = self.size if cell.size == self.doc.layout["text_pt"] else self.pt(cell.size)
                    ops.append(self.regular.show(cell.text, self.left + cell.x_cm * PT_PER_CM, baseline, size))
            y += (max(len(seg.rows), 1) + 1) * self.row
        return "\n".join(ops)

    def _number(self, page: ListPage) -> str:
        """"<marker> หน้า N / T" at the right of the running head, the marker bold and red."""
        rest = f" หน้า {in_digits(str(page.number), self.doc.digits)} / {self.total}"
        baseline = self.height - self.regular.baseline(self.top, self.running, self.small)
        x = self.right - self.regular.text_width(rest, self.small)
        mark_x = x - self.bold.text_width(self.marker, self.small)
        return (f"{MARK_RGB} rg {self.bold.show(self.marker, mark_x, baseline, self.small)} 0 g "
                f"{self.regular.show(rest, x, baseline, self.small)}")
