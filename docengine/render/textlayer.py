"""An exact text layer for WeasyPrint's Thai PDFs, and no silent missing glyphs.

HarfBuzz decomposes SARA AM (ำ) into NIKHAHIT + SARA AA and reorders tone marks, and
WeasyPrint's ToUnicode map records one string per glyph: the first cluster a glyph
was seen in. A glyph first seen inside "ำ" then maps to "ำ" everywhere, so "ประชาชน"
extracts as "ประชำชน". Two fixes, installed once per process by :func:`install`:

1. every drawn text run is wrapped in ``/Span <</ActualText (…)>> BDC … EMC``, so
   extractors that honour ActualText (poppler's pdftotext, Acrobat, pdf.js) give the
   source text exactly — without the invisible line-break marks (ZWSP, WORD JOINER)
   that docengine.typeset puts into the HTML;
2. the ToUnicode map is rebuilt from the font's own cmap (and glyph names for
   contextual variants), which is the best a per-glyph map can do for extractors that
   ignore ActualText (pypdf): correct letters, marks in visual order.

A glyph the font lacks makes WeasyPrint draw .notdef (a box); we raise instead, and
we refuse silent fallback to another family than the document's.
"""

from __future__ import annotations

import io
import logging
import threading

import pydyf
from fontTools.ttLib import TTFont

from ..errors import DocengineError
from ..typeset import strip_marks
from ..typeset import weasy as typeset_weasy

_installed = False
_lock = threading.Lock()
_unicode_maps: dict[tuple[str, int], dict[int, str]] = {}


class MissingGlyphError(DocengineError):
    """Text needs a glyph the document's font does not have."""


class _NotdefWatch(logging.Handler):
    """Collects WeasyPrint's '.notdef glyph rendered' warnings."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.local = threading.local()

    def emit(self, record):
        if ".notdef glyph" in record.getMessage():
            seen = getattr(self.local, "seen", None)
            if seen is not None:
                seen.append(record.getMessage())


_watch = _NotdefWatch()


def install() -> None:
    """Patch WeasyPrint's text drawing and font dictionary building (idempotent)."""
    global _installed
    with _lock:
        if _installed:
            return
        import weasyprint.draw as wdraw
        import weasyprint.pdf as wpdf

        typeset_weasy.install()

        original_draw_text = wdraw.draw_text
        original_build_fonts = wpdf.build_fonts_dictionary

        def draw_text(stream, textbox, *args, **kwargs):
            text = strip_marks(textbox.text)
            if not text.strip():
                return original_draw_text(stream, textbox, *args, **kwargs)
            # Page furniture (the carry-over word, docengine.render.pagination) repeats
            # text that is elsewhere: an artifact whose ActualText is empty.
            furniture = getattr(textbox, "furniture", False)
            if furniture:
                stream.begin_marked_content("Artifact", pydyf.Dictionary(
                    {"Type": "/Pagination", "Subtype": "/Footer"}))
            stream.begin_marked_content(
                "Span", pydyf.Dictionary({"ActualText": pydyf.String("" if furniture else text)})
            )
            try:
                return original_draw_text(stream, textbox, *args, **kwargs)
            finally:
                stream.end_marked_content()
                if furniture:
                    stream.end_marked_content()

        def build_fonts_dictionary(pdf, fonts, *args, **kwargs):
            family = getattr(_watch.local, "family", None)
            for font in fonts.values():
                _improve_to_unicode(font)
                if family and font.family.casefold() != family.casefold():
                    seen = getattr(_watch.local, "fallback", None)
                    if seen is not None:
                        chars = "".join(sorted(set("".join(font.to_unicode.values()))))
                        seen.append(f"{chars!r} (drawn with {font.family})")
            return original_build_fonts(pdf, fonts, *args, **kwargs)

        wdraw.draw_text = draw_text
        wpdf.build_fonts_dictionary = build_fonts_dictionary
        logging.getLogger("weasyprint").addHandler(_watch)
        _installed = True


class glyph_guard:
    """Context manager: raise MissingGlyphError if rendering drew any .notdef glyph, or
    (with ``family``) took any glyph from another font than the document's family —
    output must not depend on what else happens to be installed.

    >>> with glyph_guard("Sarabun"):
    ...     pass
    """

    def __init__(self, family: str | None = None):
        self.family = family

    def __enter__(self):
        _watch.local.seen = []
        _watch.local.fallback = []
        _watch.local.family = self.family
        return self

    def __exit__(self, exc_type, exc, tb):
        seen, _watch.local.seen = _watch.local.seen, None
        fallback, _watch.local.fallback = _watch.local.fallback, None
        _watch.local.family = None
        if exc_type is None and fallback:
            raise MissingGlyphError(
                f"characters not in the font {self.family!r}: {'; '.join(sorted(set(fallback)))}; "
                "output would depend on the fonts installed on this machine",
                f"แบบอักษร {self.family} ไม่มีอักขระ {'; '.join(sorted(set(fallback)))}",
            )
        if exc_type is None and seen:
            raise MissingGlyphError(
                "the font has no glyph for some characters (they would print as boxes): "
                + "; ".join(sorted(set(seen))[:5]),
                "แบบอักษรไม่มีรูปอักขระบางตัว (จะพิมพ์ออกมาเป็นกล่องสี่เหลี่ยม)",
            )
        return False


def _improve_to_unicode(font) -> None:
    mapping = _unicode_map(font)
    for glyph_id in list(font.to_unicode):
        better = mapping.get(glyph_id)
        if better:
            font.to_unicode[glyph_id] = better


def _unicode_map(font) -> dict[int, str]:
    """glyph id -> text, from the font's cmap and uniXXXX glyph names (cached per face)."""
    key = (font.hash, len(font.file_content))
    mapping = _unicode_maps.get(key)
    if mapping is None:
        mapping = {}
        try:
            tt = TTFont(io.BytesIO(font.file_content), fontNumber=font.index, lazy=True)
            order = tt.getGlyphOrder()
            ids = {name: i for i, name in enumerate(order)}
            for codepoint, name in (tt.getBestCmap() or {}).items():
                mapping.setdefault(ids[name], chr(codepoint))
            for name, glyph_id in ids.items():
                if glyph_id in mapping or not name.startswith("uni"):
                    continue
                hexpart = name[3:].split(".")[0].split("_")[0]
                if len(hexpart) >= 4 and len(hexpart) % 4 == 0:
                    try:
                        mapping[glyph_id] = "".join(
                            chr(int(hexpart[i : i + 4], 16)) for i in range(0, len(hexpart), 4)
                        )
                    except ValueError:
                        pass
        except Exception:  # a font fontTools cannot read keeps WeasyPrint's own map
            mapping = {}
        _unicode_maps[key] = mapping
    return mapping
