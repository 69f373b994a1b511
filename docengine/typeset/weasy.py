"""Make WeasyPrint break Thai lines only where docengine.typeset.breaks says.

Pango (under WeasyPrint) breaks Thai with libthai's dictionary, and a ZWSP only *adds*
a break opportunity: measured on Pango 1.50 / libthai 0.1.29, "ผู้สูงอายุ" still broke as
"ผู้สูง / อายุ" with ZWSPs around it, and a WORD JOINER between every letter made libthai
break between letters. So for every text that has Thai in it we tell Pango the whole
answer: between two of our break points (:func:`~docengine.typeset.breaks.break_points`)
breaks are not allowed, through Pango's ``allow_breaks`` attribute on layouts and the
same rule on the log attributes WeasyPrint asks for between inline boxes. Text without
Thai keeps Pango's own rules. :func:`install` is idempotent and called by the PDF engine.
"""

from __future__ import annotations

import threading
from functools import lru_cache

from .breaks import break_points

_lock = threading.Lock()
_NEVER_WRAPS = frozenset({"pre", "nowrap"})
_installed = False


@lru_cache(maxsize=100_000)
def no_break_ranges(text: str) -> tuple[tuple[int, int], ...] | None:
    """(start, end) character ranges inside which no line may break; ``None``: Pango decides.

    Cached per text: WeasyPrint lays the same cell text out several times (measuring
    columns, then each line), and a list repeats its place names on every row.

    >>> no_break_ranges("ก\u200bข ค \u2060ง")
    ((0, 2), (2, 4), (4, 8))
    """
    points = break_points(text)
    if points is None:
        return None
    edges = [0, *points, len(text)]
    return tuple((a, b) for a, b in zip(edges, edges[1:]) if b - a > 1)


@lru_cache(maxsize=100_000)
def no_break_bytes(text: str) -> tuple[tuple[int, int], ...] | None:
    """:func:`no_break_ranges` as UTF-8 byte ranges, as Pango's attributes want them.

    >>> no_break_bytes("ก\u200bข ค \u2060ง")
    ((0, 6), (6, 10), (10, 20))
    """
    ranges = no_break_ranges(text)
    if not ranges:
        return ranges
    offsets = _byte_offsets(text, {i for r in ranges for i in r})
    return tuple((offsets[a], offsets[b]) for a, b in ranges)


def install() -> None:
    """Patch WeasyPrint's Pango layouts and log attributes (once per process).

    A layout keeps the attribute list WeasyPrint gave it (font features, spacing); ours
    go on a copy, so the next text of the same layout starts clean. When WeasyPrint's
    ``overflow-wrap`` last resort breaks a too-long word at any character (WRAP_CHAR),
    the clean list is put back: a word wider than the whole line still breaks rather
    than run past the margin (table columns are widened first, see the register CSS).
    """
    global _installed
    with _lock:
        if _installed:
            return
        from weasyprint.text import ffi as wffi
        from weasyprint.text import line_break

        wffi.ffi.cdef("""
            PangoAttribute * pango_attr_allow_breaks_new (gboolean allow_breaks);
            PangoAttrList * pango_attr_list_copy (PangoAttrList *list);
            PangoAttrList * pango_attr_list_ref (PangoAttrList *list);
        """)
        ffi, pango = wffi.ffi, wffi.pango
        wrap_char = line_break.PANGO_WRAP_MODE["WRAP_CHAR"]
        last = threading.local()  # (layout, clean attribute list) of the latest marked text
        original_set_text = line_break.Layout.set_text
        original_log_attrs = line_break.get_log_attrs

        def set_text(self, text, justify=False):
            clean = getattr(self, "_docengine_clean", None)
            if clean is not None and clean[0] == self.layout:
                pango.pango_layout_set_attributes(self.layout, clean[1])
            self._docengine_clean = None
            original_set_text(self, text, justify)
            if self.style["white_space"] in _NEVER_WRAPS:
                return  # Pango is given no width to wrap in: nothing to forbid
            ranges = no_break_bytes(self.text)
            if not ranges:
                return
            base = pango.pango_layout_get_attributes(self.layout)
            if base == ffi.NULL:
                keep, marked = ffi.NULL, pango.pango_attr_list_new()
            else:
                keep = ffi.gc(pango.pango_attr_list_ref(base), pango.pango_attr_list_unref)
                marked = pango.pango_attr_list_copy(base)
            marked = ffi.gc(marked, pango.pango_attr_list_unref)
            for start, end in ranges:
                attr = pango.pango_attr_allow_breaks_new(False)
                attr.start_index, attr.end_index = start, end
                pango.pango_attr_list_insert(marked, attr)
            pango.pango_layout_set_attributes(self.layout, marked)
            self._docengine_clean = last.value = (self.layout, keep)

        def set_wrap(layout, mode):
            held = getattr(last, "value", None)
            if mode == wrap_char and held is not None and held[0] == layout:
                pango.pango_layout_set_attributes(layout, held[1])
            pango.pango_layout_set_wrap(layout, mode)

        def get_log_attrs(text, lang):
            log_attrs = original_log_attrs(text, lang)
            for start, end in no_break_ranges(text) or ():
                for i in range(start + 1, end):
                    log_attrs[i].is_line_break = False
            return log_attrs

        line_break.Layout.set_text = set_text
        line_break.get_log_attrs = get_log_attrs
        line_break.pango = _Pango(pango, pango_layout_set_wrap=set_wrap)
        _installed = True


class _Pango:
    """The Pango library as WeasyPrint's line breaker sees it, with some functions replaced."""

    def __init__(self, lib, **replaced):
        self._lib = lib
        self.__dict__.update(replaced)

    def __getattr__(self, name):
        value = getattr(self._lib, name)
        self.__dict__[name] = value  # later look-ups are plain attribute reads
        return value


def _byte_offsets(text: str, indices) -> dict[int, int]:
    """UTF-8 byte offset of each character index in ``indices`` (``len(text)`` allowed).

    >>> _byte_offsets("aก b", {0, 1, 2, 4})
    {0: 0, 1: 1, 2: 4, 4: 6}
    """
    offsets, pos, last = {}, 0, 0
    for i in sorted(indices):
        pos += len(text[last:i].encode("utf-8"))
        offsets[i], last = pos, i
    return offsets
