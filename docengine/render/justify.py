"""Thai distributed justification for WeasyPrint (what Word calls "Thai Distributed").

WeasyPrint justifies a line by widening its spaces only (U+0020 and U+00A0), so a Thai
line, which has few or no spaces, stays ragged. :func:`install` replaces WeasyPrint's
``justify_line`` so that a justified line holding Thai text spreads its slack evenly
over every grapheme-cluster boundary of the line instead:

* the spacing goes *between* clusters, through Pango's letter-spacing, which only acts
  at cursor positions: a mark (ุ ู ่ ้ ั ำ …) never leaves its base, and a glyph's own
  advance is unchanged;
* the number of gaps of each text box is measured (width with 1 px of spacing minus the
  width without), so Pango's own notion of clusters decides, not a second guess;
* zero-width break opportunities (U+200B ZWSP, U+2060 WORD JOINER, inserted by the
  segmentation pass) get no spacing, so a word boundary is not wider than a letter gap,
  and neither does a consonant with SARA AM (กำ), which Pango would split;
* the last line of a paragraph stays natural (WeasyPrint's ``text-align-last``), and
  lines without Thai keep WeasyPrint's own space justification.

Turned on by plain CSS ``text-align: justify`` (letters' body paragraphs; the office
setting ``justify: left`` turns it off, docengine.office).

Why an extension of WeasyPrint's justification and not a measured second pass
(render, read every line's width from the box tree, re-render with per-line
``letter-spacing`` spans): measured on the one-page sample letter (bench/letters.py),
justifying inside the first layout costs one extra Pango shaping of each justified
line (about 3 % of a render), while a second pass costs a whole second layout
(about +80 %, over the 1.3x budget), and per-line spans can change where Pango
breaks the re-rendered line. Both draw the same glyph positions, so the text layer is
the same: poppler reads /ActualText, and pypdf, which ignores it, sees the spacing as
small TJ adjustments well below its word-gap threshold (tests/test_typeset_layout.py
checks both).

Written against WeasyPrint 70 (``weasyprint.layout.inline.justify_line`` and
``weasyprint.text.line_break.Layout``); :func:`install` refuses other major versions
rather than patch code it was not tested with.

>>> install()
>>> import weasyprint.layout.inline as inline
>>> inline.justify_line is justify_line
True
"""

from __future__ import annotations

import re
import threading
from functools import cache

TESTED_WEASYPRINT = ("70",)
_THAI = re.compile("[\u0e00-\u0e7f]")
# Runs that get no spacing inside: zero-width break opportunities and joiners, and a
# consonant with SARA AM (ำ): Pango puts a cursor position before ำ, which would pull
# its NIKHAHIT circle off the consonant (UAX #29 keeps them one grapheme cluster).
_UNSPACED = re.compile("[\u200b\u2060\ufeff]|[\u0e01-\u0e2e][\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]*\u0e33")

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
    gaps = [_gap_count(box) for box in boxes_]
    # every text box boundary inside the line is one more cluster gap
    total = sum(gaps) + max(0, len(boxes_) - 1)
    if total <= 0 or extra_width <= 0:
        return None
    spacing = extra_width / total
    # WeasyPrint writes each glyph's position adjustment truncated to a whole 1/1000 em,
    # which loses [0, 1) unit per gap (about 0.5 pt over a line). Half a unit more per
    # gap makes those errors cancel: measured line ends land within ±0.5 pt.
    spacing += 0.5 * boxes_[0].style["font_size"] / 1000
    _spread(line, spacing, 0.0, iter(gaps), first=[True])
    return None


def _text_boxes(box) -> list:
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        return [box] if box.text else []
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        return [t for child in box.children if child.is_in_normal_flow()
                for t in _text_boxes(child)]
    return []


def _gap_count(box) -> float:
    """How many letter-spacing slots Pango puts inside ``box.text`` (0 for one cluster)."""
    plain = _layout(box, 0.0).width()
    return round(_layout(box, 1.0).width() - plain, 3)


def _spread(box, spacing: float, x_advance: float, gaps, first) -> float:
    """Move and widen boxes like WeasyPrint's add_word_spacing, by clusters."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        if not box.text:
            box.position_x += x_advance
            return x_advance
        if not first[0]:
            x_advance += spacing  # the gap between this box and the previous one
        first[0] = False
        box.position_x += x_advance
        n = next(gaps)
        if n > 0:
            layout = _layout(box, spacing)
            layout.deactivate()
            box.pango_layout = layout
            box.width += spacing * n
            x_advance += spacing * n
        return x_advance
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        box.position_x += x_advance
        before = x_advance
        for child in box.children:
            if child.is_in_normal_flow():
                x_advance = _spread(child, spacing, x_advance, gaps, first)
        box.width += x_advance - before
        return x_advance
    box.translate(x_advance, 0)
    return x_advance


def _layout(box, spacing: float):
    layout = _layout_class()(box.style)
    layout.cluster_spacing = spacing
    layout.set_text(box.text, justify=True)
    return layout


@cache
def _layout_class():
    from weasyprint.text.line_break import Layout, line_size

    class ClusterSpacedLayout(Layout):
        """A Pango layout with ``cluster_spacing`` px between grapheme clusters; kept
        through WeasyPrint's deactivate/reactivate (reactivate calls set_text)."""

        cluster_spacing = 0.0

        def set_text(self, text, justify=False):
            super().set_text(text, justify)
            if self.cluster_spacing:
                _add_cluster_spacing(self, self.cluster_spacing)

        def width(self) -> float:
            line, _ = self.get_first_line()
            return line_size(line, self.style)[0]

    return ClusterSpacedLayout


def _add_cluster_spacing(layout, spacing: float) -> None:
    from weasyprint.text.ffi import TO_UNITS, ffi, pango, unicode_to_char_p

    letter = layout.style["letter_spacing"]
    base = 0 if letter == "normal" else letter
    _, bytestring = unicode_to_char_p(layout.text)
    attrs = pango.pango_layout_get_attributes(layout.layout)
    if attrs == ffi.NULL:
        attrs = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)

    def add(start, end, value):
        if end > start:
            attr = pango.pango_attr_letter_spacing_new(int(value * TO_UNITS))
            attr.start_index, attr.end_index = start, end
            pango.pango_attr_list_change(attrs, attr)

    add(0, len(bytestring), base + spacing)
    text = layout.text
    for match in _UNSPACED.finditer(text):
        start = len(text[:match.start()].encode())
        add(start, start + len(match.group().encode()), base)
    pango.pango_layout_set_attributes(layout.layout, attrs)
