"""Shaped Thai text drawn over rendered pages: the fast path of forms and lists.

WeasyPrint costs about 90 ms a page, and most of a filled form or a long list is the
same on every page. So the parts that repeat are rendered once (a blank form, a list
page's frame), each of their pages becomes one form XObject that every copy shares, and
each copy adds only a small content stream that writes its text with embedded fonts:

* HarfBuzz shapes every string (Thai marks, ำ, tone-mark stacking) exactly as WeasyPrint
  would, with the one width model (docengine.render.shaping); shaped runs are cached,
  since most values repeat (province, district, month names, ages);
* each string is wrapped in ``/Span <</ActualText …>> BDC … EMC`` so pdftotext gives the
  source string exactly, and the font carries a ToUnicode map from its cmap for
  extractors that ignore ActualText.

The blank forms (docengine.forms.overlay) and the beneficiary list
(docengine.notices.listpdf) both build on :class:`TextOverlay` and :func:`assemble_pages`.

>>> s = TextOverlay.for_family()
>>> s.text_width("ผู้สูงอายุ", 12) > 0
True
>>> s.show("๑", 10, 20, 12).startswith("/Span<</ActualText<FEFF0E51>>>BDC BT /FV 12 Tf 10 20 Td")
True
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path

from .shaping import Glyph

FONT_KEYS = {"regular": "/FV", "bold": "/FB"}  # resource names of the faces in a page


class TextOverlay:
    """Draws text runs with one TrueType face (units are the font's design units)."""

    def __init__(self, font_path: Path, key: str = "/FV"):
        from fontTools.ttLib import TTFont

        from .shaping import shaped_font

        self.path = Path(font_path)
        self.key = key  # the font's name in each page's /Resources /Font
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
    def for_family(cls, family: str | None = None, face: str = "regular"):
        """The process-wide overlay for a face of the office font (a bundled family)."""
        from .fonts import font_family

        fam = font_family(family)
        if face not in fam.faces:
            from ..errors import DocengineError

            raise DocengineError(
                f"drawing text over pages needs a bundled font; {fam.name!r} is a system font",
                f"การพิมพ์ข้อความทับหน้าเอกสารต้องใช้แบบอักษรที่มากับโปรแกรม ไม่ใช่ {fam.name!r}",
            )
        return cls(fam.faces[face], FONT_KEYS.get(face, "/FV"))

    def shape(self, text: str) -> tuple[tuple[Glyph, ...], int]:
        """Glyphs and total advance of ``text`` (design units); a character the font has
        no glyph for is refused (it would print a box)."""
        glyphs, advance = self.shaped.shape(text)
        for g in glyphs:
            if g.gid == 0:
                from .textlayer import MissingGlyphError

                raise MissingGlyphError(
                    f"the font has no glyph for a character in {text!r}",
                    f"แบบอักษรไม่มีรูปอักขระบางตัวใน {text!r}",
                )
        return glyphs, advance

    def text_width(self, text: str, size: float) -> float:
        return self.shape(text)[1] * size / self.upem

    def show(self, text: str, x: float, y: float, size: float) -> str:
        """PDF operators drawing ``text`` with its baseline starting at (x, y)."""
        return f"{self._opening(text)} BT {self.key} {_n(size)} Tf {_n(x)} {_n(y)} Td {self._runs(text, size)} ET EMC"

    @lru_cache(maxsize=4096)  # noqa: B019 - one instance per face, kept for the process
    def _opening(self, text: str) -> str:
        return f"/Span<</ActualText<FEFF{text.encode('utf-16-be').hex().upper()}>>>BDC"

    @lru_cache(maxsize=4096)  # noqa: B019 - one instance per face, kept for the process
    def _runs(self, text: str, size: float) -> str:
        """The TJ arrays (and rises for stacked marks) of ``text`` at ``size``, from the pen."""
        glyphs, _ = self.shape(text)
        upem = self.upem
        out: list[str] = []
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
        return " ".join(out)

    def baseline(self, top: float, line_height: float, size: float) -> float:
        """Distance from a line box's top to its baseline, as CSS lays out a line of this
        face at ``size`` in a box ``line_height`` tall (half the leading above the ascent)."""
        ascent, descent = self.ascent / self.upem * size, -self.descent / self.upem * size
        return top + (line_height - ascent - descent) / 2 + ascent

    def ink_middle(self, text: str) -> float:
        """Vertical middle of the glyphs' ink above the baseline (design units)."""
        glyphs, _ = self.shape(text)
        lows = [self.ink[g.gid][0] + g.dy for g in glyphs if self.ink[g.gid] != (0, 0)]
        highs = [self.ink[g.gid][1] + g.dy for g in glyphs if self.ink[g.gid] != (0, 0)]
        return (min(lows) + max(highs)) / 2 if lows else self.cap_height / 2

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


def assemble_pages(backgrounds: list[bytes], pages: Iterable[tuple[int, int, str]],
                   overlays: list[TextOverlay], *, title: str = "", metadata: dict | None = None,
                   progress=None) -> bytes:
    """One PDF whose pages are background pages with text drawn on top.

    ``backgrounds`` are rendered PDFs (the list may grow while ``pages`` is consumed); each page of them is stored once, as a form
    XObject, however many pages show it. ``pages`` gives, in order, (background index,
    page index in it, content-stream text); the text may use the ``overlays``' fonts
    (by their ``key``), each embedded once. ``progress(1)`` is called per page.
    """
    import pikepdf
    from pikepdf import Array, Dictionary, Name

    out = pikepdf.new()
    fonts = Dictionary({o.key: o.font_dictionary(out) for o in overlays})
    sources: dict[int, pikepdf.Pdf] = {}  # opened on first use: ``pages`` may add backgrounds
    xobjects: dict[tuple[int, int], tuple] = {}
    for source, number, text in pages:
        key = (source, number)
        if key not in xobjects:
            if source not in sources:
                sources[source] = pikepdf.open(io.BytesIO(backgrounds[source]))
            src_page = sources[source].pages[number]
            box = [float(v) for v in src_page.mediabox]
            xobjects[key] = (out.copy_foreign(src_page.as_form_xobject()), box)
        xobj, box = xobjects[key]
        page = Dictionary(
            Type=Name.Page, MediaBox=Array(box),
            Resources=Dictionary(XObject=Dictionary(B=xobj), Font=fonts),
            Contents=pikepdf.Stream(out, f"q /B Do Q\n{text}".encode("latin-1")),
        )
        out.pages.append(pikepdf.Page(page))
        if progress is not None:
            progress(1)
    out.docinfo["/Title"] = title
    out.docinfo["/Producer"] = "docengine"
    for k, v in (metadata or {}).items():
        out.docinfo[Name("/" + k)] = str(v)
    out.Root.Lang = pikepdf.String("th-TH")
    buffer = io.BytesIO()
    out.save(buffer, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    for src in sources.values():
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
