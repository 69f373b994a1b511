"""Thai distributed justification for WeasyPrint (what Word calls "Thai Distributed").

WeasyPrint justifies a line by widening its spaces only (U+0020 and U+00A0), so a Thai
line, which has few or no spaces, stays ragged. :func:`install` replaces WeasyPrint's
``justify_line`` so that a justified line holding Thai text spreads its slack evenly
over every grapheme-cluster boundary of the line instead:

* the spacing goes *between* grapheme clusters: it is written into the glyphs Pango
  shaped for the line (a cluster's first glyph moves right, the glyph before it gets a
  wider advance), so a mark (ุ ู ่ ้ ั …) moves with its base, SARA AM (ำ) stays
  with its consonant, and no glyph's own advance changes;
* every gap of the line is the same: a word boundary (U+200B ZWSP or U+2060 WORD
  JOINER from the segmentation pass) is no wider than a letter gap, and nothing is
  added before the first or after the last visible cluster, so the ink of a justified
  line starts and ends at its box's edges (within 0.3 pt, measured on the demo);
* the gaps are counted on the same shaping that is drawn, and the text box is widened
  by exactly what was written, so the box tree is what the PDF shows;
* the last line of a paragraph stays natural (WeasyPrint's ``text-align-last``), and
  lines without Thai keep WeasyPrint's own space justification.

Why not Pango's letter-spacing attribute (the first version did that): its result is
not linear in the spacing, so counting the gaps from a measurement is wrong. A run
that ends in a mark (the text before an unspaced ZWSP: "ปี|บริบูรณ์") gets its right
half twice, once on the base (a mark follows it) and once on the mark (the run's last
glyph); and for a whole number of pixels Pango "hints" the spacing, putting all of it
on a cluster's left, so that at 1 px the doubled half is 0. Counted at 1 px, a line
came out half a gap per such run wider than its box: up to 8 px (1.8 mm) past the
margin on a loose line; those gaps were 1.5 times the others (3.66 pt against
2.44 pt), and pypdf read a space there ("ปี บริบูรณ์"); a trailing ZWSP left half a
gap after the line's last glyph. Lines re-laid out at a page
break were not the cause: no line box is justified twice (every re-layout starts
from fresh boxes), and the lines that overflowed did so mid-page as well.

Turned on by plain CSS ``text-align: justify`` (letters' body paragraphs; the office
setting ``justify: left`` turns it off, docengine.office).

Why an extension of WeasyPrint's justification and not a measured second pass
(render, read every line's width from the box tree, re-render with per-line
``letter-spacing`` spans): measured on the sample letters, justifying inside the first
layout costs one extra Pango shaping of each justified line (bench/letters.py: the
one-page letter 1.03x its ragged-right render, 1.18x raw WeasyPrint), while a second
pass costs a whole second layout (about +75 %, over the 1.3x budget), and per-line
spans can change where Pango breaks the re-rendered line. The text layer is the
letter's own text: poppler reads /ActualText, and pypdf, which ignores it, sees each
gap as two small position adjustments, balanced against a mark's own offset, well
below its word-gap threshold of half a space (tests/test_typeset_layout.py checks
both).

Written against WeasyPrint 70 (``weasyprint.layout.inline.justify_line``,
``weasyprint.text.line_break.Layout`` and ``weasyprint.draw.text.draw_first_line``,
which draws the glyph geometry of the layout's first line as shaped, once
``single_paragraph_mode`` is set); :func:`install` refuses other major versions
rather than patch code it was not tested with.

>>> install()
>>> import weasyprint.layout.inline as inline
>>> inline.justify_line is justify_line
True
"""

from __future__ import annotations

import re
import threading
import unicodedata as _unicodedata
from functools import cache, lru_cache

TESTED_WEASYPRINT = ("70",)
_THAI = re.compile("[\u0e00-\u0e7f]")
# Characters that never start a grapheme cluster (no gap before them): combining marks
# and format characters (U+200B ZWSP and U+2060 WORD JOINER, inserted by the
# segmentation pass, U+FEFF, ZWJ/ZWNJ, soft hyphen); SARA AM (ำ) is tested apart.
_NOT_STARTS = frozenset({"Mn", "Mc", "Me", "Cf"})

_lock = threading.Lock()
_original_justify_line = None


def install() -> None:
    """Make WeasyPrint justify Thai lines by clusters (idempotent)."""
    global _original_justify_line
    with _lock:
        if _original_justify_line is not None:
            return
        import weasyprint
        import weasyprint.layout.inline as inline

        major = weasyprint.__version__.split(".")[0]
        if major not in TESTED_WEASYPRINT:
            raise RuntimeError(
                f"docengine.render.justify was written for WeasyPrint {TESTED_WEASYPRINT}, "
                f"found {weasyprint.__version__}: re-check justify_line/Layout before use")
        _original_justify_line = inline.justify_line
        inline.justify_line = justify_line


def justify_line(context, line, extra_width):
    """WeasyPrint's hook: stretch ``line`` by ``extra_width`` CSS px."""
    boxes_ = _text_boxes(line)
    if not any(_THAI.search(box.text) for box in boxes_) or any(
            box.style["word_spacing"] for box in boxes_):
        return _original_justify_line(context, line, extra_width)
    counted = [_counted(box) for box in boxes_]
    if any(layout is None for layout, _ in counted):  # right-to-left text: not ours
        return _original_justify_line(context, line, extra_width)
    # every text box boundary inside the line is one more cluster gap
    total = sum(gaps for _, gaps in counted) + max(0, len(boxes_) - 1)
    if total <= 0 or extra_width <= 0:
        return None
    spacing = extra_width / total
    # WeasyPrint writes each glyph's advance correction truncated to a whole 1/1000 em,
    # which loses [0, 1) unit per gap (about 0.5 pt over a line). Half a unit more per
    # gap makes those errors cancel: measured line ends land within ±0.3 pt.
    spacing += 0.5 * boxes_[0].style["font_size"] / 1000
    _spread(line, spacing, 0.0, iter(counted), first=[True])
    return None


def _text_boxes(box) -> list:
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        return [box] if box.text else []
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        return [t for child in box.children if child.is_in_normal_flow()
                for t in _text_boxes(child)]
    return []


def _counted(box):
    """``(layout, gaps)``: an unspaced layout of ``box.text`` and the number of cluster
    gaps inside it (``(None, 0)`` for right-to-left text)."""
    layout = _layout_class()(box.style)
    layout.set_text(box.text, justify=True)
    gaps = _space_clusters(layout, 0)
    return (None, 0) if gaps is None else (layout, gaps)


def _spread(box, spacing: float, x_advance: float, counted, first) -> float:
    """Move and widen boxes like WeasyPrint's add_word_spacing, by clusters."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.text.ffi import TO_UNITS

    if isinstance(box, boxes.TextBox):
        if not box.text:
            box.position_x += x_advance
            return x_advance
        if not first[0]:
            x_advance += spacing  # the gap between this box and the previous one
        first[0] = False
        box.position_x += x_advance
        layout, gaps = next(counted)
        if gaps > 0:
            units = round(spacing * TO_UNITS)
            layout.cluster_spacing = units
            layout.deactivate()
            box.pango_layout = layout
            extra = gaps * units / TO_UNITS
            box.width += extra
            x_advance += extra
        return x_advance
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        box.position_x += x_advance
        before = x_advance
        for child in box.children:
            if child.is_in_normal_flow():
                x_advance = _spread(child, spacing, x_advance, counted, first)
        box.width += x_advance - before
        return x_advance
    box.translate(x_advance, 0)
    return x_advance


@cache
def _layout_class():
    from weasyprint.text.ffi import pango
    from weasyprint.text.line_break import Layout

    class ClusterSpacedLayout(Layout):
        """A Pango layout whose glyphs are moved apart at grapheme-cluster starts by
        ``cluster_spacing`` Pango units; kept through WeasyPrint's
        deactivate/reactivate (reactivate calls set_text, which re-shapes)."""

        cluster_spacing = None

        def set_text(self, text, justify=False):
            super().set_text(text, justify)
            # what WeasyPrint's draw_first_line sets; set first, so that drawing does
            # not lay the text out again and drop the spacing written into its glyphs
            pango.pango_layout_set_single_paragraph_mode(self.layout, True)
            if self.cluster_spacing:
                _space_clusters(self, self.cluster_spacing)

    return ClusterSpacedLayout


def _space_clusters(layout, units: int) -> int | None:
    """Widen the gap before every grapheme cluster of ``layout``'s first line but its
    first by ``units`` Pango units, written into the shaped glyphs; returns the number
    of gaps (None, and nothing changed, if the line holds right-to-left text).

    A gap opens where a glyph cluster starts with a character that starts a grapheme
    cluster: not a combining mark (ั ิ ุ ่ ์ …), not SARA AM (ำ, part of its
    consonant's cluster), not a zero-width format character (ZWSP, WORD JOINER,
    U+FEFF, ZWJ…), so a word boundary is as wide as a letter gap and a mark never
    leaves its base. Nothing goes before the first or after the last visible cluster:
    the line's ink starts and ends at its box's edges.

    Each gap is split between the last drawn glyph before it (a wider advance) and the
    cluster's first glyph (moved right: x offset and advance, so its marks follow).
    WeasyPrint writes each as its own position adjustment in the PDF, the first one
    together with that glyph's own x offset (a tone mark stacked left over an upper
    vowel: ้ in พื้ is -59/1000 em); the split evens the two adjustments out, so a
    reader that ignores /ActualText (pypdf: a space for an adjustment of half a space
    or more) reads two small offsets, not a word gap ("พื้ นที่").
    """
    from weasyprint.text.ffi import ffi, pango

    line, _ = layout.get_first_line()
    starts = _cluster_starts(layout.text)
    # previous: the last drawn glyph, and its x offset as shaped (what WeasyPrint's
    # adjustment after it undoes; the left part of a gap given to it cancels out there)
    gaps, seen, previous, previous_offset = 0, False, None, 0
    run = line.runs
    empty = pango.PANGO_GLYPH_EMPTY
    while run != ffi.NULL:
        item, glyphs = run.data.item, run.data.glyphs
        run = run.next
        if item.analysis.level % 2:
            return None
        clusters = glyphs.log_clusters
        for i in range(glyphs.num_glyphs):
            glyph = glyphs.glyphs[i]
            offset = glyph.geometry.x_offset
            if (i == 0 or clusters[i] != clusters[i - 1]) and \
                    starts.get(item.offset + clusters[i], False):
                if seen:
                    gaps += 1
                    if units:
                        before = 0
                        if previous is not None:
                            # adjustments written: -(after previous) and -(before this)
                            before = min(units, max(0, (units + offset + previous_offset) // 2))
                            previous.geometry.width += before
                        glyph.geometry.x_offset += units - before
                        glyph.geometry.width += units - before
                seen = True
            if glyph.glyph != empty:
                previous, previous_offset = glyph, offset
    return gaps


@lru_cache(maxsize=2048)
def _cluster_starts(text: str) -> dict[int, bool]:
    """{UTF-8 byte offset: whether the character there starts a grapheme cluster}
    (cached: a line's text is looked at when counted and again when drawn)."""
    out, offset = {}, 0
    for char in text:
        out[offset] = _starts_cluster(char)
        offset += len(char.encode())
    return out


@cache
def _starts_cluster(char: str) -> bool:
    return not (_unicodedata.category(char) in _NOT_STARTS or char in "\u0e33\u0eb3")
