"""A blank form rendered once, and where each of its blanks landed on the page.

The blank is laid out by WeasyPrint (exact geometry, fonts, text layer); the position of
every ``data-slot`` element is read from WeasyPrint's own box tree, so values stamped
later (docengine.forms.stamp) sit on the dotted lines the reader sees, whatever the CSS
says. Nothing here hand-types a coordinate.

>>> # blank = BlankForm.render(renderer, prepared); blank.slots["name"].page
"""

from __future__ import annotations

from dataclasses import dataclass

PX_TO_PT = 0.75  # WeasyPrint lays out in CSS px (1/96 in); PDF space is in points (1/72 in)


@dataclass(frozen=True)
class Slot:
    """One blank: page (0-based), left edge and width of its writing area, text baseline
    (PDF points, origin bottom-left), the form's font size there, and alignment."""

    name: str
    page: int
    x: float
    width: float
    baseline: float
    size: float
    align: str = "left"


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
            text = next((b for b in box.descendants() if isinstance(b, boxes.TextBox)), None)
            baseline_px = (text.position_y + text.baseline) if text is not None else (
                box.content_box_y() + box.height * 0.8)
            slots[name] = Slot(
                name=name, page=number,
                x=box.padding_box_x() * PX_TO_PT,
                width=box.padding_width() * PX_TO_PT,
                baseline=(height - baseline_px) * PX_TO_PT,
                size=box.style["font_size"] * PX_TO_PT,
                align=box.element.get("data-align") or "left",
            )
    return slots
