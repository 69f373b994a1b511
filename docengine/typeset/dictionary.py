"""The project dictionary: the words a line never breaks inside.

Three sources, one list: the compounds and place names of ``data/typeset/words.yaml``,
every province of ``data/provinces.yaml`` and the names the agency files and the office
file know (a name like "เทศบาลตำบลสันทราย" contributes "สันทราย": the LAO may wrap after
its kind, the place name never), plus the ``words:`` an office lists in its office file.

>>> words = project_words()
>>> {"ผู้สูงอายุ", "ลงวันที่", "เชียงใหม่", "สันทราย"} <= words
True
>>> check_words(["สันทราย", "สัน ทราย", ""])
['words[2]: "สัน ทราย" has white space (a word is written without spaces)', 'words[3]: empty word']
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from docengine import refdata

MAX_WORD = 40  # characters; a longer "word" would force an unbreakable line in a table cell

# Kinds that prefix a name; the name after them is the place ("อำเภอฝาง" -> "ฝาง").
_KIND_PREFIX = re.compile(
    r"^(?:องค์การบริหารส่วนตำบล|องค์การบริหารส่วนจังหวัด|เทศบาลตำบล|เทศบาลเมือง|เทศบาลนคร|"
    r"สำนักงานส่งเสริมการปกครองท้องถิ่น(?:จังหวัด|อำเภอ)|ที่ว่าการอำเภอ|ศาลากลางจังหวัด|"
    r"จังหวัด|อำเภอ|ตำบล|อบต\.|อบจ\.|ทต\.|ทม\.|ทน\.|สถจ\.|สถอ\.)"
)
_THAI = re.compile(r"[\u0e01-\u0e5b]")


@refdata.dataset("typeset_words", "typeset/words.yaml")
def validate_words(content: dict) -> list[str]:
    """Problems with the words file (empty when it is good).

    >>> validate_words({"compounds": ["ผู้สูงอายุ"], "places": "ฝาง"})
    ['places: expected a list of words']
    """
    problems = []
    for key in ("compounds", "places"):
        words = content.get(key)
        if not isinstance(words, list):
            problems.append(f"{key}: expected a list of words")
            continue
        problems += [f"{key}.{p}" for p in check_words(words)]
    return problems


def check_words(words: Iterable) -> list[str]:
    """Problems with a list of never-break words, one line each (English)."""
    return [f"words[{i}]: {en}" for i, _, en, _ in _word_problems(words)]


def office_word_problems(words) -> list:
    """Problems with an office's ``words:``, as :class:`docengine.errors.Problem` (Thai and English).

    >>> [(p.field, p.en, p.th) for p in office_word_problems(["ผู้ใหญ่บ้าน", "abc"])]
    [('words[2]', '"abc" has no Thai letters', '"abc" ไม่มีอักษรไทย')]
    """
    from docengine.errors import Problem

    if words is None:
        return []
    return [Problem(f"words[{i}]", word, th, en) for i, word, en, th in _word_problems(words)]


def _word_problems(words: Iterable):
    for i, word in enumerate(words, 1):
        if not isinstance(word, str) or not word.strip():
            yield i, word, "empty word", "คำว่างเปล่า"
        elif re.search(r"\s", word):
            yield (i, word, f'"{word}" has white space (a word is written without spaces)',
                   f'"{word}" มีช่องว่าง (คำต้องเขียนติดกัน)')
        elif len(word) > MAX_WORD:
            yield (i, word, f'"{word}" is longer than {MAX_WORD} characters',
                   f'"{word}" ยาวเกิน {MAX_WORD} ตัวอักษร')
        elif not _THAI.search(word):
            yield i, word, f'"{word}" has no Thai letters', f'"{word}" ไม่มีอักษรไทย'


def place_name(name: str) -> str:
    """The place part of an agency or LAO name.

    >>> place_name("เทศบาลตำบลสันทราย"), place_name("สำนักงานส่งเสริมการปกครองท้องถิ่นอำเภอฝาง")
    ('สันทราย', 'ฝาง')
    """
    name = name.strip()
    while True:
        stripped = _KIND_PREFIX.sub("", name, count=1).strip()
        if stripped == name or not stripped:
            return name
        name = stripped


@cache
def _shipped_words() -> frozenset[str]:
    words = refdata.load("typeset_words")
    found = set(words["compounds"]) | set(words["places"])
    found |= set(refdata.load("provinces")["provinces"])
    from docengine.register.agencies import shipped_entries

    for agency in shipped_entries():
        found |= _names_of(agency.get("name"), agency.get("issuer"))
    return frozenset(found)


def _names_of(*names) -> set[str]:
    out = set()
    for name in names:
        if isinstance(name, str) and name.strip():
            place = place_name(name)
            if not check_words([place]):
                out.add(place)
    return out


def project_words(office=None) -> frozenset[str]:
    """Every never-break word for ``office`` (an :class:`docengine.office.Office`, or the shipped ones)."""
    if office is None:
        return _shipped_words()
    data = office.data
    lao = data.get("lao") or {}
    own = _names_of(office.name, data.get("subdistrict"), data.get("district"),
                    data.get("province"), lao.get("name"))
    return _shipped_words() | own | frozenset(data.get("words") or ())
