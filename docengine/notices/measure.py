"""How wide a line of Thai text prints, so lists can be paginated in Python.

Every list row is one printed line; a name too long for its column is set smaller
(:meth:`TextMeasure.fit`) rather than wrapped, so that rows keep one height and pages hold a known number of
rows. Widths come from HarfBuzz shaping (docengine.render.shaping), the width model
the pre-filled forms draw with: Thai marks sit on their base, ำ and kerning count.

>>> m = text_measure()
>>> 2.0 < m.width_cm("นางสาวพิมพ์ใจ ดวงแก้ว", 16) < 4.5
True
"""

from __future__ import annotations

import math
import subprocess
from functools import cache, lru_cache
from pathlib import Path

from docengine.render.fonts import FontFamily, font_family

CM_PER_PT = 2.54 / 72


class TextMeasure:
    """Shaped widths of one font face, in standard points (scaled like the documents)."""

    def __init__(self, family: FontFamily, face_file: Path):
        from docengine.render.shaping import shaped_font

        self.family = family
        self._shaped = shaped_font(face_file)

    def width_cm(self, text: str, standard_pt: float) -> float:
        """Printed width of ``text`` set at the standard's ``standard_pt`` points."""
        return self._em(text) * self.family.pt(standard_pt) * CM_PER_PT

    def _em(self, text: str) -> float:
        return self._shaped.em(text)

    @lru_cache(maxsize=4096)  # noqa: B019 - one instance per family, kept for the process
    def fit(self, text: str, standard_pt: float, width_cm: float) -> tuple[float, float]:
        """(size, width in cm): the largest size (standard points, at most ``standard_pt``,
        in steps of 0.1) at which ``text`` fits ``width_cm`` on one line, and its width there.

        A list row never wraps and never runs onto the next column: a long name is set
        smaller, as small as it takes (a real Thai name fits at about 70 %).

        >>> m = text_measure()
        >>> m.fit("ก", 14, 5.0)[0]
        14
        >>> size, width = m.fit("ก" * 200, 14, 5.0)
        >>> size < 14 * 0.3, width <= 5.0
        (True, True)
        """
        width = self.width_cm(text, standard_pt)
        if width <= width_cm:
            return standard_pt, width
        size = max(math.floor(standard_pt * width_cm / width * 10) / 10, 0.1)
        return size, width * size / standard_pt


@cache
def text_measure(family_name: str | None = None) -> TextMeasure:
    family = font_family(family_name)
    face = family.faces.get("regular") or _system_face(family.name)
    return TextMeasure(family, face)


def _system_face(name: str) -> Path:
    out = subprocess.run(["fc-match", "-f", "%{file}", name], capture_output=True, text=True, check=False)
    return Path(out.stdout.strip())
