"""Free space on a PDF page: where a stamp or an endorsement can go without covering text.

The page is rasterised into a 1 mm occupancy grid from what pdfplumber sees
(characters, rules, boxes, curves, images), each grown by a padding; a 2-D
prefix sum then answers "is this rectangle empty?" in constant time, so every
1 mm position can be tried and the best one (by a preference function) taken.

>>> grid = FreeSpace(210, 297)
>>> grid.occupy((30, 40, 180, 60))
>>> grid.find(50, 25, lambda x, y: y)      # highest free spot
(4, 4)
>>> grid.is_free(30, 40, 10, 10)
False
"""

from __future__ import annotations

import math
from collections.abc import Callable

MM = 72 / 25.4  # points per millimetre


class FreeSpace:
    """Occupancy of one page in millimetres, origin top-left (as pdfplumber's ``top``)."""

    def __init__(self, width_mm: float, height_mm: float, *, edge_mm: int = 4, pad_mm: float = 1.5,
                 text_gap_mm: float = 5.0):
        self.w, self.h = int(width_mm), int(height_mm)
        # Beside text the gap is wider: a block closer than a few spaces to a line of the letter
        # would be read (pdftotext, screen readers) as part of that line.
        self.edge, self.pad, self.text_gap = edge_mm, pad_mm, text_gap_mm
        self.cells = [[0] * self.w for _ in range(self.h)]
        self._sums = None

    @classmethod
    def of_page(cls, page, **kw) -> "FreeSpace":
        """The grid of a pdfplumber page: every drawn object is an obstacle."""
        grid = cls(page.width / MM, page.height / MM, **kw)
        for obj in (*page.chars, *page.rects, *page.lines, *page.curves, *page.images):
            if obj.get("top") is None:
                continue
            box = (obj["x0"] / MM, obj["top"] / MM, obj["x1"] / MM, obj["bottom"] / MM)
            if obj.get("object_type") == "char":
                grid.occupy((box[0] - grid.text_gap + grid.pad, box[1], box[2] + grid.text_gap - grid.pad, box[3]))
            else:
                grid.occupy(box)
        return grid

    def occupy(self, box, pad: float | None = None) -> None:
        """Mark ``box`` = (x0, top, x1, bottom) in mm, grown by the padding, as taken."""
        pad = self.pad if pad is None else pad
        x0, y0 = max(0, math.floor(box[0] - pad)), max(0, math.floor(box[1] - pad))
        x1, y1 = min(self.w, math.ceil(box[2] + pad)), min(self.h, math.ceil(box[3] + pad))
        for y in range(y0, y1):
            row = self.cells[y]
            for x in range(x0, x1):
                row[x] = 1
        self._sums = None

    def _prefix(self):
        if self._sums is None:
            sums = [[0] * (self.w + 1) for _ in range(self.h + 1)]
            for y in range(self.h):
                acc, row, above, out = 0, self.cells[y], sums[y], sums[y + 1]
                for x in range(self.w):
                    acc += row[x]
                    out[x + 1] = above[x + 1] + acc
            self._sums = sums
        return self._sums

    def is_free(self, x: int, y: int, w: int, h: int) -> bool:
        if x < self.edge or y < self.edge or x + w > self.w - self.edge or y + h > self.h - self.edge:
            return False
        s = self._prefix()
        return s[y + h][x + w] - s[y][x + w] - s[y + h][x] + s[y][x] == 0

    def find(self, w_mm: float, h_mm: float, prefer: Callable[[int, int], float | None],
             limit: float | None = None) -> tuple[int, int] | None:
        """Top-left (x, y) in mm of the free ``w × h`` spot with the lowest ``prefer(x, y)``.

        ``prefer`` returns None for a spot that is not allowed; spots scoring above
        ``limit`` are not taken either.
        """
        w, h = math.ceil(w_mm), math.ceil(h_mm)
        best, best_score = None, None
        for y in range(self.edge, self.h - self.edge - h + 1):
            for x in range(self.edge, self.w - self.edge - w + 1):
                if self.is_free(x, y, w, h):
                    score = prefer(x, y)
                    if score is None or (limit is not None and score > limit):
                        continue
                    if best_score is None or score < best_score:
                        best, best_score = (x, y), score
        return best
