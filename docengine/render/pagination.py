"""Page furniture of letters decided after layout: the carry-over word (คำต่อเนื่อง).

Typing practice ends every page of a letter that continues with the first word of the
next page after a slash, at the bottom right ("/จึงเรียนมา…"). Which word that is is
only known once the letter is laid out, so the letters' stylesheet reserves an empty
``@bottom-right`` margin box on every page (templates/letters/_base/letter.css.j2) and
:func:`finish_letter_pages` writes the word into the laid-out box tree of the first
render, before the PDF is drawn. No second layout pass: page breaks cannot move,
because the margin box sits outside the page area.

The word, and the continuation-page number "- ๒ -", are drawn as page furniture
(docengine.render.textlayer marks them as an /Artifact with an empty /ActualText), so
searching or copying the letter finds each word once and a paragraph that runs onto
the next page reads on without a page number inside it: pdftotext gives exactly the
source text.

Keeping the closing and signature with the body is done in CSS (``break-before:
avoid``, ``widows``/``orphans``); :func:`signature_pages` is the check, used by tests.

>>> first_word("จึงเรียนมาเพื่อโปรดพิจารณา")
'จึงเรียน'
>>> first_word("(องค์การมหาชน) เชื่อมโยง")
'(องค์การมหาชน)'
"""

from __future__ import annotations

from typing import Any, Iterator

_LONG_CHUNK = 14  # a space-free run longer than this is split with the word segmenter
_MIN_WORD = 4     # too short a carry-over word ("ๆ", "ที่") takes the next word along


def finish_letter_pages(document: Any, *, carry_over_word: bool = True) -> list[str]:
    """Page furniture of a laid-out letter, before it is drawn.

    The continuation-page number ("- ๒ -", ``@top-center``) and the carry-over slot
    (``@bottom-right``) are marked as furniture, so the text layer is the letter's own
    text, with no page number in the middle of a paragraph that runs on; with
    ``carry_over_word``, every page but the last gets "/word…". ``document`` is a
    WeasyPrint Document (``HTML(...).render()``); returns the words written.
    """
    from weasyprint.formatting_structure import boxes

    written = []
    pages = document.pages
    for index, page in enumerate(pages):
        margin = {child.at_keyword: child for child in page._page_box.children
                  if isinstance(child, boxes.MarginBox)}
        for keyword in ("@top-center", "@bottom-right"):
            for text in _texts(margin.get(keyword), boxes):
                text.furniture = True
        slot = next(iter(_texts(margin.get("@bottom-right"), boxes)), None)
        if slot is None or not carry_over_word or index + 1 >= len(pages):
            continue
        line = first_line_text(pages[index + 1]._page_box)
        word = first_word(line) if line else ""
        if word:
            _set_text(slot, f"/{word}…")
            written.append(word)
    return written


def _texts(box, boxes) -> list:
    if box is None:
        return []
    return [t for t in box.descendants() if isinstance(t, boxes.TextBox)]


def first_line_text(page_box: Any) -> str:
    """The text of the first line of a page's content, in normal flow (running heads,
    fixed marks and positioned blocks left out)."""
    from weasyprint.formatting_structure import boxes

    for line in _flow_lines(page_box, boxes):
        text = "".join(t.text for t in line.descendants() if isinstance(t, boxes.TextBox))
        if text.strip():
            return text.strip()
    return ""


def first_word(text: str) -> str:
    """The first word of a line.

    Text marked by the segmentation pass (docengine.typeset) carries its break
    opportunities: a ZWSP, or a space not followed by a WORD JOINER; the first word
    ends at the first of them, however long (a compound is one word). Unmarked text
    ends its first word at a space, or, for a long spaceless Thai run, where the
    pythainlp segmenter ends its first word (at least 4 characters).

    >>> first_word("๒⁠ ⁠มกราคม ๒๕๖๗ เป็นต้นไป")
    '๒ มกราคม'
    >>> first_word("องค์กรปกครองส่วนท้องถิ่น​ประชาสัมพันธ์")
    'องค์กรปกครองส่วนท้องถิ่น'
    """
    text = text.strip()
    end = next((i for i, ch in enumerate(text) if ch == "​" or (
        ch in "  " and text[i + 1:i + 2] != "⁠")), len(text))
    word = text[:end].replace("⁠", "").replace("​", "")
    if "​" in text or len(word) <= _LONG_CHUNK:
        return word
    from pythainlp.tokenize import word_tokenize

    first = ""
    for token in word_tokenize(word, engine="newmm", keep_whitespace=False):
        first += token
        if len(first) >= _MIN_WORD:
            break
    return first


def signature_pages(document: Any) -> list[tuple[int, int]]:
    """(page number, body lines on it) for the page where a letter's closing or
    signature block (``.sign``/``.stamp-block``, memo approval blocks aside) starts."""
    from weasyprint.formatting_structure import boxes

    for number, page in enumerate(document.pages, start=1):
        body_lines = 0
        for box, classes in _flow_boxes(page._page_box, boxes):
            if isinstance(box, boxes.LineBox) and "body" in classes:
                body_lines += 1
            if {"sign", "stamp-block"} & _classes(box) and "approval" not in classes:
                return [(number, body_lines)]
    return []


def _classes(box) -> set[str]:
    element = getattr(box, "element", None)
    if element is None or getattr(box, "element_tag", None) is None:
        return set()
    return set((element.get("class") or "").split())


def _flow_boxes(box, boxes, classes: frozenset = frozenset()) -> Iterator[tuple[Any, frozenset]]:
    """(box, classes of its ancestors and itself) for every in-flow box, in order."""
    for child in getattr(box, "children", ()):
        if isinstance(child, boxes.MarginBox) or not child.is_in_normal_flow():
            continue
        inner = classes | _classes(child)
        yield child, inner
        if not isinstance(child, boxes.LineBox):
            yield from _flow_boxes(child, boxes, inner)


def _flow_lines(box, boxes) -> Iterator[Any]:
    for child, _ in _flow_boxes(box, boxes):
        if isinstance(child, boxes.LineBox):
            yield child


def _set_text(textbox, text: str) -> None:
    """Replace a laid-out text box's text, keeping its right edge where it was."""
    from weasyprint.text.line_break import Layout, line_size

    layout = Layout(textbox.style)
    layout.set_text(text)
    line, _ = layout.get_first_line()
    width, _ = line_size(line, textbox.style)
    layout.deactivate()
    right = textbox.position_x + textbox.width
    textbox.text = text
    textbox.pango_layout = layout
    textbox.width = width
    textbox.position_x = right - width
