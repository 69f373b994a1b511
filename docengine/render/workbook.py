"""The one XLSX writer: every workbook docengine makes (lists, count reports, registers,
calendars) is built here, so every spreadsheet follows the same rules (docs/spreadsheets.md):

- user text always goes in as text (never a formula, whatever it starts with: = + - @ tab CR);
- numbers are numbers with a thousands format; years plain; IDs text;
- dates are real date cells shown in Buddhist Era (``[$-107041E]d mmm yyyy`` → 8 ม.ค. 2567);
- totals are ``SUM`` formulas whose computed value is cached in the file, so a viewer that
  does not recalculate still shows the figure the PDF prints;
- the title is merged across the table, columns are as wide as their content (measured with
  the bundled Thai font), panes freeze under the header, and each sheet prints on A4 (landscape
  when wide), one page wide, header row repeated, with a Thai header and page footer;
- digits: Arabic in cells (so they compute), Thai in the print header and footer.

>>> from datetime import date
>>> sheet = Sheet("ตัวอย่าง", "บัญชีตัวอย่าง", [Column("ชื่อ"), Column("จำนวน", "int", total=True),
...               Column("วันที่", "date")], rows=[["=HYPERLINK(1)", 1200, date(2024, 1, 8)], ["ข", 34, None],
...               Total("รวม")])
>>> from openpyxl import load_workbook
>>> import io
>>> ws = load_workbook(io.BytesIO(workbook_bytes([sheet]))).active
>>> ws["A3"].value, ws["A3"].data_type, ws["B5"].value, ws["B3"].number_format
('=HYPERLINK(1)', 's', '=SUM(B3:B4)', '#,##0')
>>> load_workbook(io.BytesIO(workbook_bytes([sheet])), data_only=True).active["B5"].value
1234
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache

from docengine.errors import DocengineError
from docengine.thai import arabic_digits, thai_digits

# Buddhist-Era date format: [$-NNCCLLLL] = digits 01 (Western), calendar 07 (Thai Buddhist),
# locale 041E (Thai). Excel and LibreOffice both show 45299 as "8 ม.ค. 2567"; openpyxl reads
# the cell back as a date.
DATE_FORMAT = "[$-107041E]d mmm yyyy"
INT_FORMAT = "#,##0"
MONEY_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.00"
PLAIN_FORMAT = "0"
KINDS = ("text", "id", "int", "money", "decimal", "number", "date")
# Text that a spreadsheet would take for a formula if typed in (OWASP CSV/formula injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SHEET_NAME_MAX = 31
CELL_FONT = "TH SarabunPSK"  # the national font on office machines; LibreOffice substitutes
CELL_PT = 14
TITLE_PT = 16
LINE_PT = 22  # row height of one line of 14 pt Thai text (marks above and below included)
MAX_WIDTH = 60  # wider content wraps
MIN_WIDTH = 5
PORTRAIT_WIDTH = 100  # column-width units that fit A4 portrait at 100 %; wider sheets print landscape
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class Column:
    """A column: its header and what its cells hold (one of KINDS); ``total`` columns get SUMs."""

    header: str
    kind: str = "text"
    total: bool = False

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"column kind {self.kind!r} is not one of {KINDS}")


@dataclass(frozen=True)
class Heading:
    """A row of one text merged across the table (a day in a register, a section of a list)."""

    text: str


@dataclass(frozen=True)
class Total:
    """A totals row: the label over the leading columns, SUM formulas under the ``total`` columns.

    ``of="rows"`` sums the data rows since the previous rows-total (a subtotal);
    ``of="totals"`` sums the subtotals above it (or every data row when there are none).
    """

    label: str
    of: str = "rows"


@dataclass
class Sheet:
    """One sheet: title (merged, row 1), optional note lines, the header row, then ``rows``
    (lists of values in column order, Heading or Total)."""

    name: str
    title: str
    columns: list[Column]
    rows: list = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    footer: str = ""  # printed left in the page footer (Thai digits)


def workbook_bytes(sheets: list[Sheet]) -> bytes:
    """The XLSX file of ``sheets``, with the values of its formulas cached."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    styles = _styles(wb)
    names: set[str] = set()
    cached: list[dict[str, object]] = []
    for sheet in sheets:
        ws = wb.create_sheet(sheet_name(sheet.name, taken=names))
        names.add(ws.title)
        cached.append(_write_sheet(ws, sheet, styles))
    wb.calculation.fullCalcOnLoad = True  # Excel recalculates anyway; the cache is for viewers
    out = io.BytesIO()
    wb.save(out)
    return _cache_formula_values(out.getvalue(), cached)


# --- sheet names -----------------------------------------------------------------------


def sheet_name(text: str, *, taken: set[str] = frozenset()) -> str:
    """A valid sheet name: characters Excel forbids removed, at most 31 characters cut at a
    word boundary (spaces, else Thai word segmentation), unique among ``taken``.

    >>> sheet_name("ทะเบียนหนังสือรับ")
    'ทะเบียนหนังสือรับ'
    >>> sheet_name("บัญชีรายชื่อผู้มีสิทธิรับเงินเบี้ยยังชีพผู้สูงอายุ 2570")
    'บัญชีรายชื่อผู้มีสิทธิรับเงิน'
    >>> sheet_name("รายเดิม", taken={"รายเดิม"})
    'รายเดิม (2)'
    """
    clean = " ".join(re.sub(r"[\[\]:*?/\\]", " ", text).split()).strip("'") or "Sheet"
    name = _cut_words(clean, SHEET_NAME_MAX)
    n = 1
    candidate = name
    while candidate.lower() in {t.lower() for t in taken}:
        n += 1
        suffix = f" ({n})"
        candidate = _cut_words(clean, SHEET_NAME_MAX - len(suffix)) + suffix
    return candidate


def _cut_words(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    words = _words(text)
    out = ""
    for word in words:
        if len(out + word) > limit:
            break
        out += word
    return out.strip() or text[:limit]


def _words(text: str) -> list[str]:
    """Words with their following spaces kept, Thai runs segmented by dictionary."""
    from pythainlp.tokenize import word_tokenize  # heavy; only for a long name

    return word_tokenize(text, engine="newmm", keep_whitespace=True)


# --- cells ---------------------------------------------------------------------------


def _styles(wb) -> dict:
    """Named styles (registered once per workbook; cells share them instead of copying fonts)."""
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side

    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    font = Font(name=CELL_FONT, size=CELL_PT)
    spec = {
        "dx-title": dict(font=Font(name=CELL_FONT, size=TITLE_PT, bold=True),
                         alignment=Alignment(horizontal="center", vertical="center", wrap_text=True)),
        "dx-note": dict(font=font, alignment=Alignment(horizontal="center", wrap_text=True)),
        "dx-header": dict(font=Font(name=CELL_FONT, size=CELL_PT, bold=True), border=box,
                          alignment=Alignment(horizontal="center", vertical="center", wrap_text=True)),
        "dx-heading": dict(font=Font(name=CELL_FONT, size=CELL_PT, bold=True), border=box,
                           alignment=Alignment(horizontal="left", vertical="center")),
        "dx-text": dict(font=font, border=box, number_format="@",
                        alignment=Alignment(vertical="top", wrap_text=True)),
        "dx-id": dict(font=font, border=box, number_format="@", alignment=Alignment(horizontal="center",
                                                                                   vertical="top")),
        "dx-int": dict(font=font, border=box, number_format=INT_FORMAT, alignment=Alignment(vertical="top")),
        "dx-money": dict(font=font, border=box, number_format=MONEY_FORMAT, alignment=Alignment(vertical="top")),
        "dx-decimal": dict(font=font, border=box, number_format=DECIMAL_FORMAT,
                           alignment=Alignment(vertical="top")),
        "dx-number": dict(font=font, border=box, number_format=PLAIN_FORMAT,
                        alignment=Alignment(horizontal="center", vertical="top")),
        "dx-date": dict(font=font, border=box, number_format=DATE_FORMAT,
                        alignment=Alignment(horizontal="center", vertical="top")),
        "dx-total-label": dict(font=Font(name=CELL_FONT, size=CELL_PT, bold=True), border=box,
                               alignment=Alignment(horizontal="center", vertical="center")),
        "dx-total": dict(font=Font(name=CELL_FONT, size=CELL_PT, bold=True), border=box,
                         number_format=INT_FORMAT),
    }
    for name, kw in spec.items():
        wb.add_named_style(NamedStyle(name=name, **kw))
    return spec


def text_value(value) -> str:
    """What a text cell holds: the text with Arabic digits, controls refused.

    >>> text_value("ที่ ชม ๐๐๒๓.๓/ว ๖๓")
    'ที่ ชม 0023.3/ว 63'
    """
    text = arabic_digits(str(value))
    if _ILLEGAL.search(text):
        raise DocengineError(f"a control character cannot go into a spreadsheet cell: {text[:40]!r}",
                             f"ข้อความมีอักขระควบคุมที่ใส่ในเซลล์ตารางคำนวณไม่ได้: {text[:40]!r}")
    return text


def _put_text(cell, value, style: str) -> None:
    text = text_value(value)
    cell.value = text
    cell.data_type = "s"  # never "f": a value starting with "=" stays the user's text
    cell.style = style
    if text.startswith(FORMULA_START):
        cell.quotePrefix = True  # Excel keeps it text when the cell is edited


def _number(value):
    """An int/float from a number or its printed form ('12,000', '๑๒,๐๐๐'); None if it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value
    plain = arabic_digits(str(value)).replace(",", "").strip()
    if re.fullmatch(r"-?\d+", plain):
        return int(plain)
    if re.fullmatch(r"-?\d+\.\d+", plain):
        return float(plain)
    return None


def _put(cell, column: Column, value) -> object:
    """Write one data value; returns the number written (for totals) or None."""
    if value is None or value == "":
        cell.style = f"dx-{column.kind}" if column.kind != "id" else "dx-id"
        return None
    kind = column.kind
    if kind == "date":
        if isinstance(value, (date, datetime)) and value.year >= 1900:
            cell.value = value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)
            cell.style = "dx-date"
            cell.number_format = DATE_FORMAT
            return None
        _put_text(cell, value, "dx-text")
        return None
    if kind in ("int", "money", "decimal", "number"):
        number = _number(value)
        if number is not None:
            cell.value = number
            cell.style = f"dx-{kind}"
            return number
        _put_text(cell, value, "dx-text")
        return None
    _put_text(cell, value, "dx-id" if kind == "id" else "dx-text")
    return None


def _shown(column: Column, value) -> str:
    """The text a cell shows (to measure the column)."""
    if value is None:
        return ""
    if column.kind == "date" and isinstance(value, (date, datetime)):
        return "88 ม.ค. 8888"
    number = _number(value) if column.kind in ("int", "money", "decimal") else None
    if number is not None:
        return f"{number:,.2f}" if column.kind == "decimal" else f"{number:,}"
    return arabic_digits(str(value))


# --- widths ----------------------------------------------------------------------------


@cache
def _face(bold: bool):
    """The bundled Thai font's face as shaped by HarfBuzz (docengine.render.shaping, the
    one width model of the PDFs), or None for a system family.

    Sarabun at the nominal size is as wide as Laksaman (LibreOffice's substitute for TH SarabunPSK
    on Debian) and a little wider than TH SarabunPSK itself: columns fit in both."""
    from docengine.render.fonts import font_family
    from docengine.render.shaping import shaped_font

    family = font_family()
    path = family.faces.get("bold" if bold else "regular") or family.faces.get("regular")
    return shaped_font(path) if path is not None else None


def text_width(text: str, *, pt: float = CELL_PT, bold: bool = False) -> float:
    """Column-width units (Excel's: widths of '0' in the default 11 pt Calibri, 7 px) that
    ``text`` needs at ``pt`` in the cell font: its shaped width, so Thai marks take no room.

    >>> text_width("ผู้สูงอายุ") == text_width("ผสงอาย")
    True
    """
    face = _face(bold)
    ems = face.em(text) if face is not None else 0.55 * sum(
        unicodedata.category(ch) not in ("Mn", "Me", "Cf") for ch in text)
    return ems * pt * 96 / 72 / 7


def _fit_widths(ws, sheet: Sheet, totals: dict[int, list[str]]) -> list[float]:
    from openpyxl.utils import get_column_letter

    widest = []
    for i, column in enumerate(sheet.columns):
        # a header may wrap onto two lines: its longest word, or half of it, whichever is more
        header = max([text_width(w, bold=True) for w in column.header.split()] + [0])
        header = max(header, text_width(column.header, bold=True) / 2)
        data = 0.0
        for row in sheet.rows:
            if isinstance(row, list) and i < len(row):
                data = max(data, text_width(_shown(column, row[i])))
        for shown in totals.get(i, []):
            data = max(data, text_width(shown, bold=True))
        widest.append(min(MAX_WIDTH, max(MIN_WIDTH, header, data) + 1.5))
    for i, width in enumerate(widest, 1):
        ws.column_dimensions[get_column_letter(i)].width = round(width, 1)
    return widest


def _lines(text: str, width: float, *, pt: float = CELL_PT, bold: bool = False) -> int:
    return max(1, math.ceil(text_width(text, pt=pt, bold=bold) / max(1.0, width - 1.5)))


def _fit_heights(ws, sheet: Sheet, widths: list[float], header_row: int, placed) -> None:
    """Row heights for wrapped text: spreadsheet programs do not grow merged cells, and
    LibreOffice does not grow rows for Thai marks by itself."""
    table = sum(widths)
    ws.row_dimensions[1].height = LINE_PT * 1.2 * _lines(sheet.title, table, pt=TITLE_PT, bold=True)
    for r, note in enumerate(sheet.notes, 2):
        ws.row_dimensions[r].height = LINE_PT * _lines(note, table)
    ws.row_dimensions[header_row].height = LINE_PT * max(
        _lines(c.header, w, bold=True) for c, w in zip(sheet.columns, widths))
    for r, values in placed:
        ws.row_dimensions[r].height = LINE_PT * max(
            [_lines(_shown(c, v), w) for c, v, w in zip(sheet.columns, values, widths) if c.kind == "text"] + [1])


# --- the sheet -------------------------------------------------------------------------


def _write_sheet(ws, sheet: Sheet, styles) -> dict[str, object]:
    from openpyxl.utils import get_column_letter

    ncol = len(sheet.columns)
    cached: dict[str, object] = {}

    def merged_line(r: int, text: str, style: str) -> None:
        _put_text(ws.cell(r, 1), text, style)
        if ncol > 1:
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncol)

    merged_line(1, sheet.title, "dx-title")
    r = 2
    for note in sheet.notes:
        merged_line(r, note, "dx-note")
        r += 1
    header_row = r
    for c, column in enumerate(sheet.columns, 1):
        _put_text(ws.cell(header_row, c), column.header, "dx-header")
    r += 1
    first_data = None  # first data row of the sheet
    group_start = None  # first data row of the current subtotal group
    subtotal_rows: list[int] = []
    sums = {c: 0 for c, col in enumerate(sheet.columns, 1) if col.total}
    group_sums = dict(sums)
    shown_totals: dict[int, list[str]] = {}  # totals are wider than the rows: measured too
    label_span = next((i for i, col in enumerate(sheet.columns) if col.total), ncol) or 1
    placed: list[tuple[int, list]] = []  # (sheet row, values) of the data rows, for their heights
    for row in sheet.rows:
        if isinstance(row, Heading):
            merged_line(r, row.text, "dx-heading")
            ws.row_dimensions[r].height = LINE_PT
        elif isinstance(row, Total):
            _put_text(ws.cell(r, 1), row.label, "dx-total-label")
            ws.row_dimensions[r].height = LINE_PT
            for c in range(2, label_span + 1):
                ws.cell(r, c).style = "dx-total-label"
            if label_span > 1:
                ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=label_span)
            for c, col in enumerate(sheet.columns, 1):
                if not col.total:
                    if c > label_span:
                        ws.cell(r, c).style = "dx-total"
                    continue
                letter = get_column_letter(c)
                if row.of == "totals" and subtotal_rows:
                    formula = "=SUM(" + ",".join(f"{letter}{s}" for s in subtotal_rows) + ")"
                    value = sums[c]
                elif row.of == "totals":
                    formula, value = f"=SUM({letter}{first_data}:{letter}{r - 1})", sums[c]
                else:
                    formula, value = f"=SUM({letter}{group_start}:{letter}{r - 1})", group_sums[c]
                cell = ws.cell(r, c)
                if (first_data if row.of == "totals" else group_start) is None:  # nothing above to sum
                    cell.value = 0
                else:
                    cell.value = formula
                    cached[cell.coordinate] = value
                cell.style = "dx-total"
                cell.number_format = MONEY_FORMAT if col.kind == "money" else INT_FORMAT
                shown_totals.setdefault(c - 1, []).append(f"{value:,}")
            if row.of == "rows":
                subtotal_rows.append(r)
                group_sums = {c: 0 for c in sums}
            group_start = None
        else:
            first_data = first_data or r
            group_start = group_start or r
            placed.append((r, row))
            if len(row) > ncol:
                raise ValueError(f"row has {len(row)} values for {ncol} columns: {row!r}")
            for c, (column, value) in enumerate(zip(sheet.columns, row), 1):
                number = _put(ws.cell(r, c), column, value)
                if column.total and number is not None:
                    sums[c] += number
                    group_sums[c] += number
            for c in range(len(row) + 1, ncol + 1):
                ws.cell(r, c).style = f"dx-{sheet.columns[c - 1].kind}"
        r += 1
    widths = _fit_widths(ws, sheet, shown_totals)
    _fit_heights(ws, sheet, widths, header_row, placed)
    ws.freeze_panes = f"A{header_row + 1}"
    _print_setup(ws, sheet, header_row, landscape=sum(widths) > PORTRAIT_WIDTH)
    return cached


def _print_setup(ws, sheet: Sheet, header_row: int, *, landscape: bool) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as it takes
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.page_margins.header = ws.page_margins.footer = 0.3
    font = f"{CELL_FONT},Regular"
    ws.oddHeader.center.text = _header_text(thai_digits(sheet.title))
    ws.oddHeader.center.font = font
    ws.oddHeader.center.size = 12
    # &P and &N are drawn by the spreadsheet program, which has no field for Thai digits.
    ws.oddFooter.center.text = "หน้า &P จาก &N"
    ws.oddFooter.center.font = font
    ws.oddFooter.center.size = 12
    if sheet.footer:
        ws.oddFooter.left.text = _header_text(thai_digits(sheet.footer))
        ws.oddFooter.left.font = font
        ws.oddFooter.left.size = 12


def _header_text(text: str) -> str:
    """Header/footer text with '&' escaped and cut to what Excel accepts (255 characters in all)."""
    return text.replace("&", "&&")[:120]


# --- cached formula values ----------------------------------------------------------------


def _cache_formula_values(blob: bytes, cached: list[dict[str, object]]) -> bytes:
    """Put each formula's computed value into the file (openpyxl writes an empty <v/>)."""
    if not any(cached):
        return blob
    src = zipfile.ZipFile(io.BytesIO(blob))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            m = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", item.filename)
            if m and int(m.group(1)) <= len(cached) and cached[int(m.group(1)) - 1]:
                data = _fill(data.decode(), cached[int(m.group(1)) - 1]).encode()
            dst.writestr(item, data)
    return out.getvalue()


def _fill(xml: str, values: dict[str, object]) -> str:
    def one(m: re.Match) -> str:
        ref = m.group(2)
        if ref not in values:
            return m.group(0)
        return f"{m.group(1)}<f>{m.group(3)}</f><v>{values[ref]}</v>"

    return re.sub(r'(<c r="([A-Z]+\d+)"[^>]*>)<f>([^<]*)</f>(?:<v\s*/>|<v></v>)', one, xml)
