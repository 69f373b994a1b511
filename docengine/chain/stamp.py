"""The stamped copy of a received letter: receipt stamp, routing ticks and เกษียน on page 1.

Blocks are rendered with the Renderer (template set ``register/receipt-stamp``,
so their Thai text layer is exact), each on its own page, trimmed to its
content, and overlaid onto page 1 of the received PDF with pikepdf as form
XObjects; the letter's own content stream is not touched, so its text extracts
exactly as before. Where each block goes (docengine.chain.placement):

* the stamp: the free spot nearest the top-right corner (brief §2.7), or the spot the clerk
  chose (``stamp_at``, top-left in mm; checked with :func:`place_stamp_at`: inside the page and
  over nothing the letter draws, else refused). A chosen spot is kept in the stamped copy
  (:func:`stamp_at_of`), so re-stamping with each endorsement leaves the stamp there;
* the routing list: the free spot nearest the stamp (left of it or below);
* endorsements, in the order written: the first near the lower left of the
  page, each next one nearest the spot just below the previous one;
* a block that finds no room is tried at 85 % and 70 % size. If the stamp or
  routing list still has no room, page 1 is lengthened at the top by a strip
  that holds them (never over the text). Endorsements without room, and every
  one after them (to keep the order), go on an A4 "บันทึกเกษียน" sheet
  (``register/endorsement-sheet``) appended at the end.

The received original is embedded in the stamped copy as ``received-original.pdf``
so the copy can be re-generated with every endorsement (:func:`restamp_bytes`).

>>> stamp_values(receipt_no="069/2567", agency="เทศบาลตำบลสันทราย",
...              received_at=__import__("datetime").datetime(2024, 1, 8, 9, 15))["date"]
'8 ม.ค. 2567'
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from datetime import datetime

from docengine.errors import DocengineError
from docengine.thai import format_date, format_time, to_bangkok

from .placement import MM, FreeSpace
from .sets import register_set

ORIGINAL = "received-original.pdf"
SCALES = (1.0, 0.85, 0.7)


@dataclass
class Block:
    kind: str  # stamp / routing / endorsement
    index: int  # page of the blocks PDF
    w: float  # mm
    h: float  # mm
    seq: int = 0  # endorsement order


@dataclass
class Placed:
    block: Block
    x: float  # mm from the left of page 1
    y: float  # mm from the top of page 1
    scale: float

    @property
    def box(self):
        return (self.x, self.y, self.x + self.block.w * self.scale, self.y + self.block.h * self.scale)


def stamp_values(*, receipt_no: str, agency: str, received_at: datetime) -> dict:
    """Stamp fields as written (ASCII digits; the set converts to Thai digits)."""
    moment = to_bangkok(received_at)
    return {"agency": agency, "receipt_no": receipt_no, "date": format_date(moment.date(), "abbr", digits="arabic"),
            "time": format_time(moment, digits="arabic")}


def endorsement_values(e) -> dict:
    when = to_bangkok(e.endorsed_at).date() if e.endorsed_at else e.endorsed_on
    return {"text": [line for line in str(e.text).splitlines() if line.strip()] or [e.text], "name": e.actor,
            "position": e.position, "date": format_date(when, "abbr", digits="arabic")}


def routing_values(units, ticked, sections=()) -> list[dict]:
    """The routing list as ticked boxes: ``units`` are agency routing entries ({unit, sections})
    or plain names (an office's ``routing_list``; names in ``sections`` are indented as งาน of a unit).

    >>> [(r["label"], r["ticked"], r["sub"]) for r in routing_values([{"unit": "สำนักปลัด", "sections": ["งานธุรการ"]},
    ...  {"unit": "กองคลัง"}], ["งานธุรการ"])]
    [('สำนักปลัด', False, False), ('งานธุรการ', True, True), ('กองคลัง', False, False)]
    """
    out, chosen, sections = [], set(ticked or ()), set(sections)
    for u in units or ():
        if isinstance(u, dict):
            out.append({"label": u["unit"], "ticked": u["unit"] in chosen, "sub": False})
            out += [{"label": s, "ticked": s in chosen, "sub": True} for s in u.get("sections") or ()]
        else:
            out.append({"label": str(u), "ticked": str(u) in chosen, "sub": str(u) in sections})
    return out


def _render_blocks(renderer, values: dict) -> tuple[bytes, list[Block]]:
    import pdfplumber

    tset = register_set(renderer.office.template_dir, "receipt-stamp")
    prepared = renderer.prepare(tset, values)
    blob = renderer.render_pdf(prepared)
    kinds = ["stamp"] + (["routing"] if values.get("routing") else []) + ["endorsement"] * len(
        values.get("endorsements") or ())
    blocks = []
    with pdfplumber.open(io.BytesIO(blob)) as doc:
        if len(doc.pages) != len(kinds):
            raise DocengineError(f"the receipt-stamp template gave {len(doc.pages)} pages for {len(kinds)} blocks",
                                 "แม่แบบตรารับหนังสือให้จำนวนหน้าไม่ตรงกับจำนวนส่วน")
        seq = 0
        for i, (page, kind) in enumerate(zip(doc.pages, kinds)):
            objs = [*page.chars, *page.rects, *page.lines, *page.curves]
            bottom = max((o["bottom"] for o in objs), default=10 * MM) + 0.8 * MM
            seq += kind == "endorsement"
            blocks.append(Block(kind, i, page.width / MM, bottom / MM, seq if kind == "endorsement" else 0))
    return blob, blocks


def _place(grid: FreeSpace, block: Block, prefer, near=(), scales=SCALES) -> Placed | None:
    """The best spot at full size, else smaller; with ``near`` (score limits), first every size
    within the first limit, then within the next, then anywhere."""
    for limit in (*near, None):
        for scale in scales:
            spot = grid.find(block.w * scale, block.h * scale, prefer, limit)
            if spot:
                placed = Placed(block, spot[0], spot[1], scale)
                grid.occupy(placed.box)
                return placed
    return None


def _reading_order(prev: Placed | None, top: float):
    """Preference for the next endorsement: the next free spot in reading order after ``prev``
    (same band to its right, or lower down), or from ``top`` for the first one."""
    if prev is None:
        return lambda x, y: None if y < top else y * 1000 + x
    px0, py0, px1, py1 = prev.box

    def prefer(x, y):
        if y < py0 or (y < py1 and x < px1):
            return None
        return y * 1000 + x
    return prefer


class StampNotFree(DocengineError):
    """A chosen stamp position outside page 1 or over what the letter draws."""


def place_stamp_at(grid: FreeSpace, block: Block, at) -> Placed:
    """The stamp ``block`` with its top-left at ``at`` = (x, y) mm on the page of ``grid``, at
    full size or, where only that fits, 85 % or 70 % (as :func:`_place` shrinks it); marks it
    taken. Refused (:class:`StampNotFree`) outside the page's margin or over text, rules,
    boxes or images (with the placement module's padding)."""
    try:
        x, y = (int(round(float(v))) for v in at)
    except (TypeError, ValueError):
        raise StampNotFree(f"stamp position {at!r}: give x and y in millimetres",
                           "ตำแหน่งตรารับต้องเป็นตัวเลข (มิลลิเมตร)") from None
    for scale in SCALES:
        if grid.is_free(x, y, math.ceil(block.w * scale), math.ceil(block.h * scale)):
            placed = Placed(block, x, y, scale)
            grid.occupy(placed.box)
            return placed
    w, h = math.ceil(block.w * SCALES[-1]), math.ceil(block.h * SCALES[-1])
    if x < grid.edge or y < grid.edge or x + w > grid.w - grid.edge or y + h > grid.h - grid.edge:
        raise StampNotFree(
            f"the receipt stamp at x {x} mm, y {y} mm is outside page 1 ({grid.w} × {grid.h} mm, "
            f"{grid.edge} mm margin): move it onto the page",
            f"ตรารับที่ตำแหน่ง x {x} มม. y {y} มม. อยู่นอกหน้าแรก ({grid.w} × {grid.h} มม.) กรุณาเลื่อนเข้ามาในหน้า")
    raise StampNotFree(
        f"the receipt stamp at x {x} mm, y {y} mm would cover the letter's text or drawings: "
        f"move it to a free space",
        f"ตรารับที่ตำแหน่ง x {x} มม. y {y} มม. ทับข้อความหรือภาพของหนังสือ กรุณาเลื่อนไปยังที่ว่าง")


def layout(page, blocks: list[Block], stamp_at=None) -> tuple[list[Placed], list[Placed], list[Block]]:
    """(placed on the page, placed in an added top strip, endorsements left over) for pdfplumber
    ``page``; the stamp at ``stamp_at`` (x, y mm) when given (:func:`place_stamp_at`)."""
    grid = FreeSpace.of_page(page)
    width = grid.w
    placed, strip, leftover = [], [], []
    stamp = prev = None
    for block in blocks:
        if block.kind == "stamp" and stamp_at is not None:
            stamp = place_stamp_at(grid, block, stamp_at)
            placed.append(stamp)
        elif block.kind == "stamp":
            stamp = _place(grid, block, lambda x, y, w=block.w: (width - x - w) + 2 * y)
            (placed.append(stamp) if stamp else strip.append(Placed(block, 0, 0, 1.0)))
        elif block.kind == "routing":
            got = None
            if stamp:
                sx0, sy0, sx1, sy1 = stamp.box
                # Left of the stamp, top-aligned, or under it, right-aligned: as a clerk would put it.
                got = _place(grid, block, lambda x, y, w=block.w: min(abs(x + w - sx0) + abs(y - sy0),
                                                                         abs(x + w - sx1) + abs(y - sy1)),
                             near=(25, 60), scales=SCALES[:2])  # smaller than 85 % is hard to read
            (placed.append(got) if got else strip.append(Placed(block, 0, 0, 1.0)))
        elif not leftover:
            got = _place(grid, block, _reading_order(prev, grid.h * 0.45))
            if got:
                placed.append(got)
                prev = got
            else:
                leftover.append(block)
        else:
            leftover.append(block)
    return placed, strip, leftover


def suggest_stamp(original: bytes, *, renderer, stamp: dict) -> dict:
    """Where the receipt stamp goes on page 1 of ``original`` unless the clerk moves it:
    ``{"page": [w, h], "stamp": [x, y, w, h] or None, "size": [w, h]}`` in mm, top-left origin
    (None: no free room, the page would be lengthened at the top)."""
    import pdfplumber

    _, blocks = _render_blocks(renderer, {**stamp, "routing": [], "endorsements": []})
    block = blocks[0]
    try:
        with pdfplumber.open(io.BytesIO(original)) as doc:
            page = doc.pages[0]
            size = [page.width / MM, page.height / MM]
            placed, _, _ = layout(page, [block])
    except Exception as exc:  # pdfminer raises many types on damaged files
        raise DocengineError(f"cannot read page 1 of the received PDF: {exc}",
                             "อ่านหน้าแรกของแฟ้ม PDF ที่รับไม่ได้") from None
    box = [placed[0].x, placed[0].y, block.w * placed[0].scale, block.h * placed[0].scale] if placed else None
    return {"page": size, "stamp": box, "size": [block.w, block.h]}


def check_stamp_at(original: bytes, at, *, renderer, stamp: dict) -> Placed:
    """The stamp placed at ``at`` on page 1 of ``original``, or :class:`StampNotFree`."""
    import pdfplumber

    _, blocks = _render_blocks(renderer, {**stamp, "routing": [], "endorsements": []})
    try:
        with pdfplumber.open(io.BytesIO(original)) as doc:
            grid = FreeSpace.of_page(doc.pages[0])
    except Exception as exc:  # pdfminer raises many types on damaged files
        raise DocengineError(f"cannot read page 1 of the received PDF: {exc}",
                             "อ่านหน้าแรกของแฟ้ม PDF ที่รับไม่ได้") from None
    return place_stamp_at(grid, blocks[0], at)


def stamp_at_of(stamped: bytes) -> tuple[int, int] | None:
    """The stamp position the clerk chose, as kept in a stamped copy (None: the engine's spot)."""
    import pikepdf

    try:
        with pikepdf.open(io.BytesIO(stamped)) as pdf:
            at = pdf.Root.PieceInfo.Docengine.Private.StampAt
            return int(at[0]), int(at[1])
    except Exception:  # no such key, or a copy pikepdf cannot read: the engine's own spot
        return None


def stamp_pdf(original: bytes, *, renderer, stamp: dict, routing: list[dict] = (), endorsements: list[dict] = (),
              sheet: dict | None = None, stamp_at=None) -> bytes:
    """``original`` with the stamp, routing list and endorsements added (see the module notes).

    ``stamp`` holds agency / receipt_no / date / time (:func:`stamp_values`);
    ``sheet`` the letter facts for an appended endorsement sheet (agency,
    receipt_no, book_number, letter_date, subject); ``stamp_at`` the clerk's (x, y) mm for the
    stamp (kept in the copy's catalog, /PieceInfo /Docengine, for :func:`stamp_at_of`).
    """
    import pdfplumber
    import pikepdf

    values = {**stamp, "routing": list(routing), "endorsements": list(endorsements)}
    blocks_pdf, blocks = _render_blocks(renderer, values)
    try:
        with pdfplumber.open(io.BytesIO(original)) as doc:
            placed, strip, leftover = layout(doc.pages[0], blocks, stamp_at)
    except StampNotFree:
        raise
    except Exception as exc:  # pdfminer raises many types on damaged files
        raise DocengineError(f"cannot read page 1 of the received PDF: {exc}",
                             "อ่านหน้าแรกของแฟ้ม PDF ที่รับไม่ได้") from None
    out = pikepdf.open(io.BytesIO(original))
    src = pikepdf.open(io.BytesIO(blocks_pdf))
    page1 = out.pages[0]
    x_off, y_off, _, top = [float(v) for v in page1.mediabox]
    if strip:
        # No free room: lengthen page 1 at the top and put the blocks side by side there.
        height = max(p.block.h for p in strip) + 6
        top_new = top + height * MM
        page1.mediabox = pikepdf.Array([x_off, y_off, float(page1.mediabox[2]), top_new])
        if "/CropBox" in page1.obj:
            del page1.obj["/CropBox"]
        x = (float(page1.mediabox[2]) - x_off) / MM - 4
        for p in strip:
            x -= p.block.w
            p.x, p.y = x, -height + 3  # negative: above the old top edge
            x -= 3
        placed = strip + placed
    for p in placed:
        block_page = src.pages[p.block.index]
        _, _, bw, bh = [float(v) for v in block_page.mediabox]
        box = pikepdf.Array([0, bh - p.block.h * MM, bw, bh])
        # Every box: pikepdf maps the page's TrimBox (WeasyPrint writes one) onto ``rect``.
        for name in ("/MediaBox", "/CropBox", "/TrimBox", "/BleedBox", "/ArtBox"):
            block_page.obj[name] = box
        x0, y0, x1, y1 = p.box
        rect = pikepdf.Rectangle(x_off + x0 * MM, top - y1 * MM, x_off + x1 * MM, top - y0 * MM)
        page1.add_overlay(block_page, rect)
    if leftover:
        if sheet is None:
            raise DocengineError("no room for the endorsements and no sheet data", "ไม่มีที่ว่างสำหรับเกษียน")
        sheet_set = register_set(renderer.office.template_dir, "endorsement-sheet")
        chosen = [endorsements[b.seq - 1] for b in leftover]
        extra = renderer.render_pdf(renderer.prepare(sheet_set, {**sheet, "endorsements": chosen,
                                                                 "continued": len(chosen) < len(endorsements)}))
        out.pages.extend(pikepdf.open(io.BytesIO(extra)).pages)
    out.attachments[ORIGINAL] = pikepdf.AttachedFileSpec(out, original, mime_type="application/pdf")
    chosen = next((p for p in placed if p.block.kind == "stamp"), None) if stamp_at is not None else None
    if chosen is not None:
        from datetime import timezone

        stamp_time = datetime.now(timezone.utc).strftime("D:%Y%m%d%H%M%SZ")
        out.Root.PieceInfo = pikepdf.Dictionary(Docengine=pikepdf.Dictionary(
            LastModified=pikepdf.String(stamp_time),
            Private=pikepdf.Dictionary(StampAt=pikepdf.Array([int(chosen.x), int(chosen.y)]))))
    if renderer.pdfa:
        # The copy stays PDF/A (brief: stamped copies too); the original is its source.
        from docengine.archive.pdfa import conform

        conform(out, renderer.pdfa, {ORIGINAL: "Source"})
    buf = io.BytesIO()
    out.save(buf)
    if renderer.pdfa:
        from docengine.archive.pdfa import ensure

        ensure(buf.getvalue(), renderer.pdfa, "the stamped copy")
    return buf.getvalue()


def original_of(stamped: bytes) -> bytes:
    """The received original embedded in a stamped copy."""
    import pikepdf

    with pikepdf.open(io.BytesIO(stamped)) as pdf:
        spec = pdf.attachments.get(ORIGINAL)
        if spec is None:
            raise DocengineError("this stamped copy does not embed the received original",
                                 "สำเนาที่ประทับตรารับนี้ไม่มีต้นฉบับที่รับฝังอยู่")
        return spec.get_file().read_bytes()
