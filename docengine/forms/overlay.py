"""Stamp values onto a blank form: shaped Thai text, one shared font, an exact text layer.

The blank is rendered once (docengine.forms.layout) and each copy only writes its values
over it, as shaped text (docengine.render.overlay: the blank's pages are form XObjects
shared by every copy, one embedded font, an exact /ActualText text layer):

* a value wider than its blank wraps onto the blank's continuation line (a slot named
  ``<name>_cont``) at a word boundary; without one it is set smaller, but never below
  85 % of the form's size (a value that still does not fit is reported, not shrunk);
* a value on a dotted line stands on the dots; a tick or an ID digit is centred in its box.

>>> s = Overlay.for_family()
>>> s.text_width("ผู้สูงอายุ", 12) > 0
True
"""

from __future__ import annotations

from collections.abc import Iterable

from ..render.overlay import TextOverlay, assemble_pages
from .layout import BlankForm, Slot

MIN_SCALE = 0.85  # never smaller than this (issue 9); longer values wrap or are reported


class Overlay(TextOverlay):
    """Writes a form's values into its blanks (slots of docengine.forms.layout)."""

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
    blanks: dict[int, int] = {}
    backgrounds: list[bytes] = []

    def pages():
        for blank, streams in copies:
            source = blanks.setdefault(id(blank), len(backgrounds))
            if source == len(backgrounds):
                backgrounds.append(blank.pdf)
            for number, text in enumerate(streams):
                yield source, number, text
            if progress is not None:
                progress.update(1)

    # the backgrounds list grows while pages() runs, before each new blank is first used
    return assemble_pages(backgrounds, pages(), [overlay], title=title)
