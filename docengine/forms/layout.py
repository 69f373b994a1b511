"""A blank form rendered once, and where each of its blanks landed on the page.

The blank is laid out by WeasyPrint (exact geometry, fonts, text layer); the position of
every ``data-slot`` element is read from WeasyPrint's own box tree, so values stamped
later (docengine.forms.overlay) sit on the dotted lines the reader sees, whatever the CSS
says. Nothing here hand-types a coordinate.

>>> # blank = BlankForm.render(renderer, prepared); blank.slots["name"].page
"""

from __future__ import annotations

from dataclasses import dataclass

PX_TO_PT = 0.75  # WeasyPrint lays out in CSS px (1/96 in); PDF space is in points (1/72 in)
# A value written on a dotted line stands on it: its baseline this far above the dots
# (the acceptance limit is 0.5 mm = 1.42 pt), so below-vowels and descenders cross the dots
# as they do in handwriting.
ABOVE_DOTS_PT = 0.8


@dataclass(frozen=True)
class Slot:
    """One blank: page (0-based), left edge and width of its writing area, text baseline
    (PDF points, origin bottom-left), the form's font size there, and alignment.

    ``kind`` is ``line`` for a dotted line (the baseline stands just on the dots) or
    ``box`` for a check box or an ID-digit box (``box_mid`` is its vertical centre, where
    the value's glyphs are centred)."""

    name: str
    page: int
    x: float
    width: float
    baseline: float
    size: float
    align: str = "left"
    kind: str = "line"
    box_mid: float | None = None


@dataclass(frozen=True)
class BlankForm:
    pdf: bytes
    page_sizes: tuple[tuple[float, float], ...]  # (width, height) in points
    slots: dict[str, Slot]

    @property
    def pages(self) -> int:
        return len(self.page_sizes)

    @classmethod
    def render(cls, renderer, prepared) -> BlankForm:
        """Lay out ``prepared`` (a form with no values) and record its blanks."""
        from ..render.textlayer import glyph_guard

        engine = renderer.pdf_engine
        with glyph_guard():
            document = engine.render_document(renderer.html(prepared), base_url=prepared.tset.folder,
                                              line_breaker=renderer.line_breaker,
                                              stylesheets=renderer.stylesheets(prepared.tset),
                                              **renderer.pdf_access(prepared.tset))
            pdf = document.write_pdf()
        sizes = tuple((p.width * PX_TO_PT, p.height * PX_TO_PT) for p in document.pages)
        return cls(pdf=pdf, page_sizes=sizes, slots=find_slots(document))


def find_slots(document) -> dict[str, Slot]:
    """Every element with ``data-slot`` in a laid-out WeasyPrint document, by name."""
    from weasyprint.formatting_structure import boxes

    slots: dict[str, Slot] = {}
    for number, page in enumerate(document.pages):
        height = page.height
        for box in page._page_box.descendants():
            if not isinstance(box, boxes.InlineBlockBox) or box.element is None:
                continue
            name = box.element.get("data-slot")
            if not name or name in slots:
                continue
            classes = (box.element.get("class") or "").split()
            bottom_px = box.border_box_y() + box.border_height()
            if "slot" in classes:  # a dotted line: stand the value on the dots
                dots_px = bottom_px - box.border_bottom_width / 2
                kind, baseline, mid = "line", (height - dots_px) * PX_TO_PT + ABOVE_DOTS_PT, None
            else:  # a check box or an ID-digit box: centre the value in it
                mid = (height - (box.border_box_y() + box.border_height() / 2)) * PX_TO_PT
                kind, baseline = "box", mid
            slots[name] = Slot(
                name=name, page=number,
                x=box.padding_box_x() * PX_TO_PT,
                width=box.padding_width() * PX_TO_PT,
                baseline=baseline,
                size=box.style["font_size"] * PX_TO_PT,
                align=box.element.get("data-align") or "left",
                kind=kind, box_mid=mid,
            )
    return slots
