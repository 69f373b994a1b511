"""The enclosed copy of a forwarded letter, as offices send it: "สำเนา" and สำเนาถูกต้อง.

When a letter is forwarded (docengine.chain.forward), the received letter goes
along as สิ่งที่ส่งมาด้วย. Offices mark such a copy "สำเนา" and certify it: the
words สำเนาถูกต้อง, a signature line, the name and the position of the official
who certifies. Who that is comes from configuration, never from code
(:func:`copy_certifier`): the office file's ``copy_certifier`` when the
forwarding agency is the office, else the agency's signer with key ``copies``
(data/agencies.yaml); with neither, name and position are dotted lines to fill
in by hand.

Both blocks are rendered with the Renderer (template set ``register/certified-copy``),
trimmed to their content and overlaid with pikepdf as form XObjects, as the
receipt stamp is (docengine.chain.stamp); the copy's own content stream is not
touched, so its text extracts as before. Where they go (docengine.chain.placement):
"สำเนา" on every page, at the free spot nearest the top centre; the
certification on the last page, at the free spot nearest the lower right. A page
without room for a block is lengthened (at the top for the mark, at the bottom
for the certification) by a strip that holds it, never over the text.

>>> copy_certifier(None, {"copy_certifier": {"name": "นาย ก", "position": ["ปลัดเทศบาล"]}}, is_office=True)
{'name': 'นาย ก', 'position': ['ปลัดเทศบาล']}
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from docengine.errors import DocengineError

from .placement import MM, FreeSpace
from .sets import register_set

MARK, TITLE = "สำเนา", "สำเนาถูกต้อง"
SCALES = (1.0, 0.85)


def copy_certifier(agency, office_data: dict, *, is_office: bool) -> dict:
    """{name, position lines} of who certifies copies for ``agency`` (empty values: write by hand)."""
    if is_office and office_data.get("copy_certifier"):
        c = office_data["copy_certifier"]
        return {"name": c.get("name") or "", "position": list(c.get("position") or [])}
    signer = next((s for s in (agency.signers if agency else ()) if s.key == "copies"), None)
    if signer:
        return {"name": signer.name, "position": signer.position_lines()}
    return {"name": "", "position": []}


@dataclass
class _Block:
    index: int  # page of the blocks PDF
    w: float  # mm
    h: float  # mm


def _render_blocks(renderer, certifier: dict) -> tuple[bytes, _Block, _Block]:
    import pdfplumber

    tset = register_set(renderer.office.template_dir, "certified-copy")
    values = {"mark": MARK, "title": TITLE, **{k: v for k, v in certifier.items() if v}}
    blob = renderer.render_pdf(renderer.prepare(tset, values))
    with pdfplumber.open(io.BytesIO(blob)) as doc:
        if len(doc.pages) != 2:
            raise DocengineError(f"the certified-copy template gave {len(doc.pages)} pages, not 2",
                                 "แม่แบบคำรับรองสำเนาให้จำนวนหน้าไม่เท่ากับ ๒")
        blocks = []
        for i, page in enumerate(doc.pages):
            objs = [*page.chars, *page.rects, *page.lines, *page.curves]
            bottom = max((o["bottom"] for o in objs), default=10 * MM) + 0.8 * MM
            blocks.append(_Block(i, page.width / MM, bottom / MM))
    return blob, blocks[0], blocks[1]


def _top_centre(grid, w, h):
    return lambda x, y: 3 * y + abs(x + w / 2 - grid.w / 2)


def _lower_right(grid, w, h):
    return lambda x, y: (grid.w - x - w) + 2 * (grid.h - y - h)


def certify_copy(pdf: bytes, *, renderer, certifier: dict) -> bytes:
    """``pdf`` marked "สำเนา" on every page and certified on its last page (see the module notes)."""
    import pdfplumber
    import pikepdf

    blocks_pdf, mark, cert = _render_blocks(renderer, certifier)
    try:
        with pdfplumber.open(io.BytesIO(pdf)) as doc:
            spots = []
            for page in doc.pages:
                grid = FreeSpace.of_page(page)
                spots.append((_place(grid, mark, _top_centre), grid))
            # On the last page the certification also keeps clear of the mark.
            cert_spot = _place(spots[-1][1], cert, _lower_right)
    except Exception as exc:  # pdfminer raises many types on damaged files
        raise DocengineError(f"cannot read the PDF to be enclosed: {exc}", "อ่านแฟ้ม PDF ที่จะแนบไม่ได้") from None
    out = pikepdf.open(io.BytesIO(pdf))
    src = pikepdf.open(io.BytesIO(blocks_pdf))
    last = out.pages[len(out.pages) - 1]
    # The certification first: a strip added at the top for the mark must not shift it.
    _overlay(last, src.pages[cert.index], cert, cert_spot or _lengthen(last, cert, top=False))
    for page, (spot, _) in zip(out.pages, spots):
        _overlay(page, src.pages[mark.index], mark, spot or _lengthen(page, mark, top=True))
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def _place(grid: FreeSpace, block: _Block, prefer) -> tuple[float, float, float] | None:
    """(x, y, scale) of the best free spot for ``block`` (taken on ``grid``), or None."""
    for scale in SCALES:
        w, h = block.w * scale, block.h * scale
        found = grid.find(w, h, prefer(grid, w, h))
        if found:
            grid.occupy((found[0], found[1], found[0] + w, found[1] + h))
            return found[0], found[1], scale
    return None


def _lengthen(page, block: _Block, *, top: bool) -> tuple[float, float, float]:
    """Add a strip above or below ``page`` that holds ``block``; returns its spot (mm from the new top)."""
    import pikepdf

    x0, y0, x1, y1 = [float(v) for v in page.mediabox]
    strip = block.h + 6
    width, height = (x1 - x0) / MM, (y1 - y0) / MM
    if top:
        page.mediabox = pikepdf.Array([x0, y0, x1, y1 + strip * MM])
        spot = ((width - block.w) / 2, 3.0, 1.0)
    else:
        page.mediabox = pikepdf.Array([x0, y0 - strip * MM, x1, y1])
        spot = (width - block.w - 12, height + 3.0, 1.0)
    for name in ("/CropBox", "/TrimBox", "/BleedBox", "/ArtBox"):
        if name in page.obj:
            del page.obj[name]
    return spot


def _overlay(page, block_page, block: _Block, spot) -> None:
    import pikepdf

    x, y, scale = spot
    _, _, bw, bh = [float(v) for v in block_page.mediabox]
    box = pikepdf.Array([0, bh - block.h * MM, bw, bh])
    # Every box: pikepdf maps the page's TrimBox (WeasyPrint writes one) onto ``rect``.
    for name in ("/MediaBox", "/CropBox", "/TrimBox", "/BleedBox", "/ArtBox"):
        block_page.obj[name] = box
    x_off, _, _, top = [float(v) for v in page.mediabox]
    w, h = block.w * scale, block.h * scale
    rect = pikepdf.Rectangle(x_off + x * MM, top - (y + h) * MM, x_off + (x + w) * MM, top - y * MM)
    page.add_overlay(block_page, rect)
