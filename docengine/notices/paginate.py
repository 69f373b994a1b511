"""Page a beneficiary list in Python: every row is one line of a known height.

Because a row never wraps (long names are set smaller, see :mod:`.measure`), a page
holds a fixed number of line units, and pagination is exact before anything is
rendered. That lets the pages be rendered in independent chunks (in parallel) with
continuous page numbers, the table header on every page and no row split.

Units: one unit is one table row. A page has ``layout.units`` of them below its
running head; the announcement head takes some on page 1, each section opens with
a title and a header row, a continued section with a header row, and the counts and
certification block need ``closing_units`` at the end.

>>> from docengine.notices.beneficiaries import ListRow, ListSection
>>> rows = [ListRow(str(i), "ก", "X", "2510", "60") for i in range(100)]
>>> pages = paginate([ListSection("existing", "รายเดิม", rows)], units=40, head_units=10,
...                  closing_units=12)
>>> [sum(len(s.rows) for s in p.segments) for p in pages], pages[-1].closing
([28, 39, 33, 0], True)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .beneficiaries import ListRow, ListSection

SECTION_OPENING = 2  # section title + header row
CONTINUATION = 1  # header row


@dataclass
class Segment:
    """Consecutive rows of one section on one page."""

    key: str
    title: str | None  # None when the section continues from the previous page
    rows: list[ListRow] = field(default_factory=list)


@dataclass
class ListPage:
    number: int
    head: bool = False
    segments: list[Segment] = field(default_factory=list)
    closing: bool = False
    continued: str | None = None  # title of the section continued onto this page


def paginate(sections: list[ListSection], *, units: int, head_units: int,
             closing_units: int) -> list[ListPage]:
    """Pages of the list; a section with no rows still prints its title and a dash line."""
    if units < SECTION_OPENING + 2 or head_units + SECTION_OPENING + 1 > units or closing_units > units:
        raise ValueError("page too small for the list layout")
    pages = [ListPage(1, head=True)]
    free = units - head_units

    def new_page() -> None:
        nonlocal free
        pages.append(ListPage(len(pages) + 1))
        free = units

    for section in sections:
        if free < SECTION_OPENING + 1:
            new_page()
        segment = Segment(section.key, section.title)
        pages[-1].segments.append(segment)
        free -= SECTION_OPENING
        if not section.rows:
            free -= 1  # the "ไม่มี" line
            continue
        for row in section.rows:
            if free < 1:
                new_page()
                pages[-1].continued = section.title
                segment = Segment(section.key, None)
                pages[-1].segments.append(segment)
                free -= CONTINUATION
            segment.rows.append(row)
            free -= 1
    if free < closing_units:
        new_page()
    pages[-1].closing = True
    return pages
