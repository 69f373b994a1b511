"""Stamp values onto a blank form: shaped Thai text, one shared font, an exact text layer.

Rendering a thousand filled forms with WeasyPrint costs about 90 ms a page. Instead the
blank is rendered once (docengine.forms.layout), each of its pages becomes one form
XObject shared by every copy, and each copy adds only a small content stream that draws
its values with one embedded font:

* HarfBuzz shapes every value (Thai marks, ำ, tone-mark stacking) exactly as WeasyPrint
  would; shapes are cached, since most values repeat (province, district, month names);
* each value is wrapped in ``/Span <</ActualText …>> BDC … EMC`` so pdftotext gives the
  source string exactly, and the font carries a ToUnicode map from its cmap for
  extractors that ignore ActualText;
* a value wider than its blank wraps onto the blank's continuation line (a slot named
  ``<name>_cont``) at a word boundary; without one it is set smaller, but never below
  85 % of the form's size (a value that still does not fit is reported, not shrunk);
* a value on a dotted line stands on the dots; a tick or an ID digit is centred in its box.

>>> s = Overlay.for_family()
>>> s.text_width("ผู้สูงอายุ", 12) > 0
True
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from ..render.shaping import Glyph
from .layout import BlankForm, Slot

FONT_KEY = "/FV"
MIN_SCALE = 0.85  # never smaller than this (issue 9); longer values wrap or are reported


class Overlay:
    """Draws text runs with one TrueType font (units are the font's design units)."""

    def __init__(self, font_path: Path):
        from fontTools.ttLib import TTFont

        from ..render.shaping import shaped_font

        self.path = Path(font_path)
        self.shaped = shaped_font(self.path)  # the one width model (docengine.render.shaping)
        self.blob = self.shaped.blob
        tt = TTFont(io.BytesIO(self.blob))
        self.upem = tt["head"].unitsPerEm
        self.widths = [tt["hmtx"][name][0] for name in tt.getGlyphOrder()]
        self.name = tt["name"].getDebugName(6) or self.path.stem
        head, hhea, os2 = tt["head"], tt["hhea"], tt["OS/2"]
        self.bbox = [head.xMin, head.yMin, head.xMax, head.yMax]
        self.ascent, self.descent = hhea.ascent, hhea.descent
        self.cap_height = getattr(os2, "sCapHeight", hhea.ascent) or hhea.ascent
        self.to_unicode = _reverse_cmap(tt)
        glyf = tt["glyf"] if "glyf" in tt else None
        self.ink = [(getattr(glyf[name], "yMin", 0), getattr(glyf[name], "yMax", 0)) if glyf else (0, 0)
                    for name in tt.getGlyphOrder()]

    @classmethod
    @cache
    def for_family(cls, family: str | None = None, face: str = "regular") -> Overlay:
        """The process-wide overlay for the office font's regular face."""
        from ..render.fonts import font_family

        fam = font_family(family)
        if not fam.faces:
            from ..errors import DocengineError

            raise DocengineError(
                f"pre-filled forms need a bundled font; {fam.name!r} is a system font",
                f"แบบคำขอที่กรอกข้อมูลแล้วต้องใช้แบบอักษรที่มากับโปรแกรม ไม่ใช่ {fam.name!r}",
            )
        return cls(fam.faces[face])

    def shape(self, text: str) -> tuple[tuple[Glyph, ...], int]:
        """Glyphs and total advance of ``text`` (design units); a character the form font
        has no glyph for is refused (the form would print a box)."""
        glyphs, advance = self.shaped.shape(text)
        for g in glyphs:
            if g.gid == 0:
                from ..render.textlayer import MissingGlyphError

                raise MissingGlyphError(
                    f"the form font has no glyph for a character in {text!r}",
                    f"แบบอักษรไม่มีรูปอักขระบางตัวใน {text!r}",
                )
        return glyphs, advance

    def text_width(self, text: str, size: float) -> float:
        return self.shape(text)[1] * size / self.upem

    def show(self, text: str, x: float, y: float, size: float) -> str:
        """PDF operators drawing ``text`` with its baseline starting at (x, y)."""
        glyphs, _ = self.shape(text)
        upem = self.upem
        out = [f"/Span<</ActualText<FEFF{text.encode('utf-16-be').hex().upper()}>>>BDC BT {FONT_KEY} {_n(size)} Tf "
               f"{_n(x)} {_n(y)} Td"]
        array: list[str] = []
        pen = current = rise = 0
        for g in glyphs:
            if g.dy != rise:
                if array:
                    out.append(f"[{''.join(array)}]TJ")
                    array = []
                rise = g.dy
                out.append(f"{_n(rise * size / upem)} Ts")
            shift = pen + g.dx - current
            if shift:
                array.append(_n(-shift * 1000 / upem))
            array.append(f"<{g.gid:04X}>")
            current = pen + g.dx + self.widths[g.gid]
            pen += g.advance
        if array:
            out.append(f"[{''.join(array)}]TJ")
        if rise:
            out.append("0 Ts")
        out.append("ET EMC")
        return " ".join(out)

    def ink_middle(self, text: str) -> float:
        """Vertical middle of the glyphs' ink above the baseline (design units)."""
        glyphs, _ = self.shape(text)
        lows = [self.ink[g.gid][0] + g.dy for g in glyphs if self.ink[g.gid] != (0, 0)]
        highs = [self.ink[g.gid][1] + g.dy for g in glyphs if self.ink[g.gid] != (0, 0)]
        return (min(lows) + max(highs)) / 2 if lows else self.cap_height / 2

    @staticmethod
    def room(slot: Slot) -> float:
        return slot.width - 2 * min(2.0, slot.width * 0.05)

    def fits(self, slot: Slot, text: str) -> bool:
        """Does ``text`` fit its blank at the form's own size?"""
        return self.text_width(text, slot.size) <= self.room(slot)

    def split_to_fit(self, slot: Slot, text: str, breaker=None) -> tuple[str, str]:
        """(the longest head that fits at full size, the rest), cut where a line of the PDF
        pages may break (:func:`docengine.typeset.wrap`: never inside a project word or a
        protected token such as a date or an ID). ``(text, "")`` when no head fits.

        >>> s = Overlay.for_family()
        >>> slot = Slot(name="a", page=0, x=0, width=130, baseline=15, size=16)  # "…เมื่อ ๒๘" would fit
        >>> s.split_to_fit(slot, "ออกให้เมื่อ ๒๘ พฤศจิกายน ๒๕๖๓")
        ('ออกให้เมื่อ', '๒๘ พฤศจิกายน ๒๕๖๓')
        """
        from docengine.typeset import wrap

        lines = wrap(text, lambda line: self.fits(slot, line), breaker)
        head = lines[0] if lines else text
        if len(lines) < 2 or not self.fits(slot, head):
            return text, ""
        return head, text[len(head):].lstrip()

    def fits_at_least(self, slot: Slot, text: str) -> bool:
        """Does ``text`` fit its blank at the smallest size a value may be set (MIN_SCALE)?"""
        return self.text_width(text, slot.size * MIN_SCALE) <= self.room(slot)

    def fill_slot(self, slot: Slot, text: str) -> str:
        size = slot.size
        width = self.text_width(text, size)
        room = self.room(slot)
        if width > room > 0:
            size = max(size * room / width, size * MIN_SCALE)
            width = self.text_width(text, size)
        if slot.align == "center":
            x = slot.x + (slot.width - width) / 2
        elif slot.align == "right":
            x = slot.x + slot.width - width - 1.5
        else:
            x = slot.x + 1.5
        baseline = slot.baseline
        if slot.kind == "box" and slot.box_mid is not None:
            baseline = slot.box_mid - self.ink_middle(text) * size / self.upem
        return self.show(text, x, baseline, size)

    # -- PDF objects ---------------------------------------------------------------
    def font_dictionary(self, pdf):
        """A Type0 / CIDFontType2 font (Identity-H, glyph ids as CIDs) for ``pdf``."""
        import pikepdf
        from pikepdf import Array, Dictionary, Name

        k = 1000 / self.upem
        descriptor = Dictionary(
            Type=Name.FontDescriptor, FontName=Name("/" + self.name), Flags=4,
            FontBBox=Array([round(v * k) for v in self.bbox]), ItalicAngle=0,
            Ascent=round(self.ascent * k), Descent=round(self.descent * k),
            CapHeight=round(self.cap_height * k), StemV=80,
            FontFile2=pikepdf.Stream(pdf, self.blob),
        )
        cid_font = Dictionary(
            Type=Name.Font, Subtype=Name.CIDFontType2, BaseFont=Name("/" + self.name),
            CIDSystemInfo=Dictionary(Registry="Adobe", Ordering="Identity", Supplement=0),
            FontDescriptor=pdf.make_indirect(descriptor), CIDToGIDMap=Name.Identity,
            W=Array([0, Array([round(w * k) for w in self.widths])]),
        )
        return pdf.make_indirect(Dictionary(
            Type=Name.Font, Subtype=Name.Type0, BaseFont=Name("/" + self.name),
            Encoding=Name("/Identity-H"), DescendantFonts=Array([pdf.make_indirect(cid_font)]),
            ToUnicode=pikepdf.Stream(pdf, _cmap(self.to_unicode)),
        ))


def placed(overlay: Overlay, blank: BlankForm, values: dict[str, str], breaker=None):
    """(slot, text) for each value of one copy: a value wider than its blank goes on in
    the blank's continuation slot (``<name>_cont``), if it has one."""
    for name, text in values.items():
        slot = blank.slots.get(name)
        if slot is None or not text:
            continue
        cont = blank.slots.get(f"{name}_cont")
        if cont is not None and not overlay.fits(slot, text):
            head, rest = overlay.split_to_fit(slot, text, breaker)
            yield slot, head
            if rest:
                yield cont, rest
        else:
            yield slot, text


def overlay_values(overlay: Overlay, blank: BlankForm, values: dict[str, str], breaker=None,
                 too_long: list | None = None) -> list[str]:
    """Content-stream text for each page of one filled copy of ``blank``; values that do
    not fit even at MIN_SCALE are added to ``too_long`` (see :func:`overflow`)."""
    pages = [[] for _ in range(blank.pages)]
    for slot, text in placed(overlay, blank, values, breaker):
        if too_long is not None and not overlay.fits_at_least(slot, text):
            too_long.append(overflow(overlay, slot, text))
        pages[slot.page].append(overlay.fill_slot(slot, text))
    return ["\n".join(p) for p in pages]


def overflow(overlay: Overlay, slot: Slot, text: str) -> tuple:
    """(slot, text, cm needed at MIN_SCALE, cm of room) of a value too long for its blank."""
    cm = 2.54 / 72
    return slot, text, overlay.text_width(text, slot.size * MIN_SCALE) * cm, overlay.room(slot) * cm


def too_long(overlay: Overlay, blank: BlankForm, values: dict[str, str], breaker=None) -> list[tuple]:
    """:func:`overflow` of each value that would not fit its blank even at MIN_SCALE:
    printed, it would run over the form's own words."""
    return [overflow(overlay, slot, text) for slot, text in placed(overlay, blank, values, breaker)
            if not overlay.fits_at_least(slot, text)]


def assemble(copies: Iterable[tuple[BlankForm, list[str]]], overlay: Overlay, *,
             title: str = "", progress=None) -> bytes:
    """One PDF: for each (blank, page streams), the blank's pages with the values on top.

    Each distinct blank page is stored once as a form XObject; the font is embedded once.
    """
    import pikepdf
    from pikepdf import Array, Dictionary, Name

    out = pikepdf.new()
    font = overlay.font_dictionary(out)
    xobjects: dict[int, list] = {}
    sources = []
    for blank, streams in copies:
        key = id(blank)
        if key not in xobjects:
            src = pikepdf.open(io.BytesIO(blank.pdf))
            sources.append(src)
            xobjects[key] = [out.copy_foreign(pikepdf.Page(p).as_form_xobject()) for p in src.pages]
        for number, (xobj, text) in enumerate(zip(xobjects[key], streams)):
            width, height = blank.page_sizes[number]
            content = f"q /B Do Q\n{text}".encode("latin-1")
            page = Dictionary(
                Type=Name.Page, MediaBox=Array([0, 0, width, height]),
                Resources=Dictionary(XObject=Dictionary(B=xobj), Font=Dictionary(FV=font)),
                Contents=pikepdf.Stream(out, content),
            )
            out.pages.append(pikepdf.Page(page))
        if progress is not None:
            progress.update(1)
    out.docinfo["/Title"] = title
    out.docinfo["/Producer"] = "docengine"
    out.Root.Lang = pikepdf.String("th-TH")
    buffer = io.BytesIO()
    out.save(buffer, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    for src in sources:
        src.close()
    return buffer.getvalue()


def _n(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"


def _reverse_cmap(tt) -> dict[int, str]:
    order = {name: i for i, name in enumerate(tt.getGlyphOrder())}
    mapping: dict[int, str] = {}
    for codepoint, name in sorted((tt.getBestCmap() or {}).items()):
        mapping.setdefault(order[name], chr(codepoint))
    return mapping


def _cmap(mapping: dict[int, str]) -> bytes:
    entries = sorted(mapping.items())
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
             "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
    for start in range(0, len(entries), 100):
        chunk = entries[start:start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [f"<{gid:04X}> <{text.encode('utf-16-be').hex().upper()}>" for gid, text in chunk]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode("ascii")
