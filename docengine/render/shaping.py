"""How wide text prints: HarfBuzz shaping of one font face, the one width model.

The pre-filled forms (docengine.forms.overlay) draw what this shapes, and the lists
(docengine.notices.measure) paginate with the same widths, so a width measured for a
list cell is the width the font really takes: Thai marks on their base, ำ, kerning.

>>> f = shaped_font(default_face())
>>> f.width("ผู้สูงอายุ", 16) == f.width("ผสงอาย", 16)  # marks take no room
True
>>> f.width("ผู้สูงอายุ", 16) > 0
True
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple


class Glyph(NamedTuple):  # a tuple: made a million times for a long list, so cheap to make
    gid: int
    advance: int
    dx: int
    dy: int


class ShapedFont:
    """One TrueType/OpenType face shaped with HarfBuzz (units are the font's design units)."""

    def __init__(self, font_path: Path):
        import uharfbuzz as hb

        self.path = Path(font_path)
        self.blob = self.path.read_bytes()
        self._hb = hb
        face = hb.Face(self.blob)
        self._font = hb.Font(face)
        self.upem = face.upem

    # Most strings repeat (ages, years, months, places), names and IDs mostly do not: a
    # small cache keeps the repeats without holding every name of a 100,000-row list.
    @lru_cache(maxsize=4096)  # noqa: B019 - one instance per face, kept for the process
    def shape(self, text: str) -> tuple[tuple[Glyph, ...], int]:
        """Glyphs and total advance of ``text`` (design units); gid 0 where the face has no glyph."""
        if not text:
            return (), 0
        hb = self._hb
        buf = hb.Buffer()
        buf.add_str(text)
        buf.guess_segment_properties()
        hb.shape(self._font, buf, {})
        glyphs = tuple(Glyph(i.codepoint, p.x_advance, p.x_offset, p.y_offset)
                       for i, p in zip(buf.glyph_infos, buf.glyph_positions))
        return glyphs, sum(g.advance for g in glyphs)

    def em(self, text: str) -> float:
        """Width of ``text`` in ems."""
        return self.shape(text)[1] / self.upem

    def width(self, text: str, size: float) -> float:
        """Width of ``text`` set at ``size`` (in the unit of ``size``)."""
        return self.em(text) * size


@cache
def shaped_font(path: str | Path) -> ShapedFont:
    """The process-wide :class:`ShapedFont` of the face file ``path``."""
    return ShapedFont(Path(path))


def default_face() -> Path:
    """The regular face of the default (bundled) font family."""
    from .fonts import font_family

    return font_family(None).faces["regular"]
