"""Where a line of Thai may break: segmentation, protected tokens and the marks that carry them.

Thai has no spaces between words, so a renderer must guess where a line may end.
Pango guesses with libthai's own dictionary, which splits "ผู้สูง / อายุ" and "ลงวัน / ที่".
Docengine decides instead, once, for every text that is laid out:

* Thai runs are segmented with pythainlp's ``newmm`` and a custom dictionary (the default
  one plus the project words, :mod:`docengine.typeset.dictionary`); a break may fall
  between two segments, never inside a project word;
* protected tokens never break inside: a book number with its ที่ (``ที่ ชม ๐๐๒๓.๓/ว ๖๓``), a date
  (``๒ มกราคม ๒๕๖๗``, ``๕ ม.ค. ๖๗``), an era year (``พ.ศ. ๒๕๖๗``), a time or time range
  (``๐๘.๓๐ – ๑๖.๓๐ น.``), a phone or fax number, a citizen ID, an amount with its unit
  (``๑,๐๐๐ บาท``) and a title with the first name (``นางสาวสมศรี``);
* ๆ and ฯ never start a line.

The decision travels with the text as two invisible marks: ZWSP (U+200B) where a line may
break between Thai words, and WORD JOINER (U+2060) after a space that must not break.
:func:`break_points` reads them back; docengine.typeset.weasy makes WeasyPrint break
only there. :func:`strip_marks` gives back the source text exactly.

>>> b = line_breaker()
>>> shown(b.mark("ขอเชิญผู้สูงอายุมาลงทะเบียน"))
'ขอ|เชิญ|ผู้สูงอายุ|มา|ลงทะเบียน'
>>> shown(b.mark("ที่ ชม ๐๐๒๓.๓/ว ๖๓ ลงวันที่ ๒ มกราคม ๒๕๖๗"))
'ที่_ชม_๐๐๒๓.๓/ว_๖๓ ลงวันที่ ๒_มกราคม_๒๕๖๗'
>>> strip_marks(b.mark("ต่าง ๆ")) == "ต่าง ๆ"
True
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

ZWSP = "\u200b"  # a line may break here
WJ = "\u2060"  # the space just before this mark must not break
MARKS = ZWSP + WJ
_MARK_TABLE = str.maketrans("", "", MARKS)

D = "[0-9๐-๙]"
_THAI_LETTER = re.compile(r"[\u0e01-\u0e4e]")
_HAS_THAI = re.compile(r"[\u0e01-\u0e5b]")
_NEVER_START = "ๆฯ"

# Titles that precede a first name, and words that merely start like a title ("นายก...").
_TITLES = r"(?:นางสาว|นาง|นาย|เด็กชาย|เด็กหญิง|ด\.ช\.|ด\.ญ\.|ว่าที่ร้อยตรี|ว่าที่ ร\.ต\.)"
_NOT_A_NAME = (r"(?!ก(?:เทศมนตรี|องค์การ|รัฐมนตรี|อบต|อบจ)|อำเภอ|ทะเบียน|ช่าง|จ้าง|หน้า|ตรวจ|ประกัน|"
               r"ทุน|งาน|ด่าน|พราน|แพทย์|ห้าง|ร้อย|พัน|พล|สิบ|ดาบ|เวร|ท้าย|บ้าน|พยาบาล)")
_UNITS = (r"(?:บาท|สตางค์|คน|ราย|ชุด|ฉบับ|แห่ง|เดือน|ปี|วัน|ครั้ง|หน้า|แผ่น|เล่ม|หมู่บ้าน|ตำบล|"
          r"ชั่วโมง|นาที|กิโลเมตร|เมตร|ปีงบประมาณ)")
_NUMBER = rf"{D}{{1,3}}(?:,{D}{{3}})*(?:\.{D}+)?|{D}+(?:\.{D}+)?"


def strip_marks(text: str) -> str:
    """``text`` without the break marks: the source text.

    >>> strip_marks("ผู้สูงอายุ\u200bและ\u200bคนพิการ ๒ \u2060มกราคม")
    'ผู้สูงอายุและคนพิการ ๒ มกราคม'
    """
    return text.translate(_MARK_TABLE)


def shown(marked: str) -> str:
    """Marked text made readable: ``|`` for a break opportunity, ``_`` for a glued space."""
    return marked.replace(ZWSP, "|").replace(" " + WJ, "_").replace(WJ, "")


def break_points(marked: str) -> list[int]:
    """Indices of ``marked`` where a line may break (the next line starts there).

    Only text with Thai in it is decided here: after a ZWSP, or after white space that
    no WORD JOINER follows. Text without Thai keeps the renderer's own rules (``None``).

    >>> break_points("ก\u200bข ค \u2060ง")
    [2, 4]
    >>> break_points("no Thai here") is None
    True
    """
    if not _HAS_THAI.search(marked):
        return None
    return [m.start() for m in _BREAK_POINT.finditer(marked)]


# After a ZWSP (not at the very end), or after white space followed by neither a WORD
# JOINER nor more white space (``\s`` is exactly str.isspace here). Called for every text
# WeasyPrint lays out, so one regex scan instead of a Python loop per character.
_BREAK_POINT = re.compile(rf"(?<={ZWSP})(?=.)|(?<=\s)(?=[^{WJ}\s])", re.DOTALL)


@cache
def _protected_pattern() -> re.Pattern:
    from docengine import refdata

    months = refdata.load("months")
    month = "|".join(re.escape(m) for m in sorted(months["full"] + months["abbr"], key=len, reverse=True))
    year = rf"(?:(?:พ\.ศ\.|ค\.ศ\.)\s?)?{D}{{2,4}}"
    parts = [
        # book number with its ที่: two-consonant code, owner number, sub-units, /ว, running number
        rf"(?:ที่\s)?(?<![\u0e01-\u0e4e])[ก-ฮ]{{2}}\s?{D}{{4,5}}(?:\.{D}+)*(?:/ว?(?:\s?{D}+)?)?(?!{D})",
        # a date with day and month (and year), or month and year
        rf"(?<!{D}){D}{{1,2}}\s?(?:{month})(?:\s?{year})?(?![\u0e01-\u0e4e])",
        rf"(?<![\u0e01-\u0e4e])(?:{month})\s?(?:พ\.ศ\.\s?)?{D}{{4}}",
        # era year
        rf"(?:พ\.ศ\.|ค\.ศ\.|ร\.ศ\.)\s?{D}{{1,4}}",
        # a time or a time range, with its น.
        rf"(?<!{D}){D}{{1,2}}[.:]{D}{{2}}(?:\s?[–-]\s?{D}{{1,2}}[.:]{D}{{2}})?(?:\s?น\.)?",
        # a citizen ID (grouped 1-4-5-2-1, maybe masked)
        rf"(?<!{D})[0-9๐-๙Xx][ -]?[0-9๐-๙Xx]{{4}}[ -]?[0-9๐-๙Xx]{{5}}[ -]?[0-9๐-๙Xx]{{2}}[ -]?[0-9๐-๙Xx](?![0-9๐-๙Xx])",
        # a phone or fax number, with its extension
        rf"(?:โทร(?:ศัพท์|สาร)?\.?(?:/โทรสาร)?\s?)?(?<!{D})[0๐](?:[ -]?{D}){{7,9}}(?!{D})(?:\s?ต่อ\s?{D}{{1,5}})?",
        # an amount (or a range of amounts) with its unit, and a percentage
        # (the unit is a whole word: "๘๑ รายใหม่" and "๒๕๖๖ วันที่" are no amounts)
        rf"(?<!{D})(?:{_NUMBER})(?:\s?[–-]\s?(?:{_NUMBER}))?\s?{_UNITS}"
        rf"(?:ถ้วน|ต่อ(?:เดือน|ปี|คน|ราย|วัน))?(?![\u0e01-\u0e4e])",
        rf"ร้อยละ\s?(?:{_NUMBER})",
        # a title with the first name
        rf"{_TITLES}{_NOT_A_NAME}[\u0e01-\u0e4e]{{1,20}}(?![\u0e01-\u0e4e])",
    ]
    return re.compile("|".join(f"(?:{p})" for p in parts))


def protected_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every protected token in ``text``.

    >>> t = "โทร. ๐ ๕๓๔๕ ๐๑๒๓ เวลา ๐๘.๓๐ – ๑๖.๓๐ น."
    >>> [t[a:b] for a, b in protected_spans(t)]
    ['โทร. ๐ ๕๓๔๕ ๐๑๒๓', '๐๘.๓๐ – ๑๖.๓๐ น.']
    """
    return [m.span() for m in _protected_pattern().finditer(text)]


class LineBreaker:
    """Marks break opportunities in text for one set of never-break words.

    Built once per dictionary (:func:`line_breaker`); marking is cached per distinct string.
    """

    def __init__(self, words: frozenset[str]):
        from pythainlp.corpus.common import thai_words

        self.words = frozenset(words)
        self._trie = _word_trie(set(thai_words()) | set(self.words))
        ordered = sorted(self.words, key=len, reverse=True)
        self._compounds = re.compile("|".join(re.escape(w) for w in ordered)) if ordered else None
        self.mark = lru_cache(maxsize=200_000)(self._mark)

    def segments(self, text: str) -> list[str]:
        """newmm words of ``text`` with the project dictionary (spaces kept as tokens)."""
        from pythainlp.tokenize import word_tokenize

        return word_tokenize(text, custom_dict=self._trie, engine="newmm", keep_whitespace=True)

    def kept_spans(self, text: str) -> list[tuple[int, int]]:
        """Spans no break may fall inside: project words and protected tokens."""
        spans = protected_spans(text)
        if self._compounds is not None:
            spans += [m.span() for m in self._compounds.finditer(text)]
        return spans

    def word_breaks(self, text: str) -> list[int]:
        """Indices between two Thai letters of ``text`` (unmarked) where a line may break."""
        if not _HAS_THAI.search(text):
            return []
        inside = bytearray(len(text) + 1)
        for start, end in self.kept_spans(text):
            for i in range(start + 1, end):
                inside[i] = 1
        candidates, pos = set(), 0
        for token in self.segments(text)[:-1]:
            pos += len(token)
            candidates.add(pos)
        # The default dictionary has long compounds ("นายกองค์การบริหารส่วนตำบล"): a project
        # word inside one still gives a break opportunity at its edges.
        if self._compounds is not None:
            for m in self._compounds.finditer(text):
                candidates.update(m.span())
        return sorted(p for p in candidates
                      if 0 < p < len(text) and not inside[p] and _THAI_LETTER.match(text[p - 1])
                      and _THAI_LETTER.match(text[p]) and text[p] not in _NEVER_START
                      and unicodedata.category(text[p]) != "Mn")

    def glued_spaces(self, text: str) -> list[int]:
        """Indices of white space in ``text`` that must not break (inside protected tokens, before ๆ ฯ)."""
        glued = {i for start, end in protected_spans(text) for i in range(start, end) if text[i].isspace()}
        glued |= {m.start() for m in re.finditer(rf"\s(?=[{_NEVER_START}])", text)}
        return sorted(glued)

    def _mark(self, text: str) -> str:
        if not text or not _HAS_THAI.search(text):
            return text
        text = strip_marks(text)
        inserts = {i: ZWSP for i in self.word_breaks(text)}
        for i in self.glued_spaces(text):
            inserts[i + 1] = WJ
        out, pos = [], 0
        for i in sorted(inserts):
            out.append(text[pos:i])
            out.append(inserts[i])
            pos = i
        out.append(text[pos:])
        return "".join(out)


def _word_trie(words: set[str]):
    """The words as the trie pythainlp's newmm segments with, held by marisa-trie.

    newmm asks the trie one thing, ``prefixes(text, start)``: the words that begin at
    ``start``. pythainlp's own Trie builds in Python (0.2-0.6 s for its 62,000 words, in
    every process that breaks lines); marisa-trie builds the same set in C++ in 0.04 s.

    >>> t = _word_trie({"ผู้", "ผู้สูงอายุ", "และ"})
    >>> sorted(t.prefixes("ขอเชิญผู้สูงอายุและ", 6)), len(t), "และ" in t
    (['ผู้', 'ผู้สูงอายุ'], 3, True)
    """
    import marisa_trie
    from pythainlp.util import Trie

    class MarisaWords(Trie):
        def __init__(self, words: set[str]):  # noqa: D401 - replaces Trie's Python nodes
            self._trie = marisa_trie.Trie(words)
            self._longest = max(map(len, words), default=0)

        def prefixes(self, text: str, start: int = 0) -> list[str]:
            return self._trie.prefixes(text[start:start + self._longest])

        def __contains__(self, key) -> bool:
            return key in self._trie

        def __iter__(self):
            return iter(self._trie.keys())

        def __len__(self) -> int:
            return len(self._trie)

    return MarisaWords(words)


@cache
def _breaker_for(words: frozenset[str]) -> LineBreaker:
    return LineBreaker(words)


def line_breaker(office=None) -> LineBreaker:
    """The process-wide breaker for ``office``'s dictionary (the shipped words when ``None``)."""
    from .dictionary import project_words

    return _breaker_for(project_words(office))


_TAG = re.compile(r"(<head\b.*?</head>|<style\b.*?</style>|<script\b.*?</script>|<!--.*?-->|<[^>]*>)",
                  re.DOTALL | re.IGNORECASE)


_NOWRAP = re.compile(r"<[a-z][^>]*\sdata-nowrap[\s=>/]", re.IGNORECASE)


def mark_html(html: str, breaker: LineBreaker) -> str:
    """``html`` with every text node marked (tags, attributes, head and styles untouched).

    Text that the template lays out without wrapping (``white-space: pre``: lines made in
    Python, as the beneficiary list's rows) is marked ``data-nowrap`` on the element it
    sits directly in, and is left as it is: marking it would cost a segmentation of every
    row for breaks that can never happen.

    >>> shown(mark_html("<head><title>ผู้สูงอายุ</title></head><p class='ผู้'>ผู้สูงอายุและคนพิการ</p>",
    ...                 line_breaker()))
    "<head><title>ผู้สูงอายุ</title></head><p class='ผู้'>ผู้สูงอายุ|และ|คนพิการ</p>"
    >>> shown(mark_html("<div data-nowrap>ผู้สูงอายุและคนพิการ</div><p>และคนพิการ</p>", line_breaker()))
    '<div data-nowrap>ผู้สูงอายุและคนพิการ</div><p>และ|คนพิการ</p>'
    """
    parts = _TAG.split(html)
    for i in range(0, len(parts), 2):  # even items are text between tags
        if parts[i] and not (i and _NOWRAP.match(parts[i - 1])):
            parts[i] = breaker.mark(parts[i])
    return "".join(parts)


def wrap(text: str, fits, breaker: LineBreaker | None = None) -> list[str]:
    """``text`` in lines, each as long as ``fits(line)`` allows, broken only where a line may break.

    For text drawn in code (the pre-filled forms): the same rules as the PDF pages. A
    single unbreakable piece longer than the room stays whole on its own line (the caller
    shrinks it); lines are source text, without marks or the space they broke at.

    >>> wrap("ขอเชิญผู้สูงอายุมาลงทะเบียน", lambda s: len(s) <= 12)
    ['ขอเชิญ', 'ผู้สูงอายุมา', 'ลงทะเบียน']
    """
    marked = (breaker or line_breaker()).mark(text)
    points = break_points(marked)
    if points is None:
        points = [m.end() for m in re.finditer(r"\s+", marked)]
    pieces, pos = [], 0
    for p in points + [len(marked)]:
        pieces.append(marked[pos:p])
        pos = p
    lines: list[str] = []
    current = ""
    for piece in pieces:
        candidate = current + piece
        if current and not fits(strip_marks(candidate).rstrip()):
            lines.append(strip_marks(current).rstrip())
            current = piece
        else:
            current = candidate
    if current:
        lines.append(strip_marks(current).rstrip())
    return lines
