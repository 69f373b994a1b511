"""Clean one typed text value: Thai marks in a safe order, no control or bidi characters.

Thai vowels above/below and tone marks are separate code points typed after their
consonant. Keyboards and OCR produce them in the wrong order (tone before vowel: ก่ิ)
or doubled (ก่่); both print wrongly or differently from what pdftotext reads back.
:func:`clean_text` fixes what has one reading and refuses what has not (two different
tone marks on one consonant, a mark with no consonant). Control characters (NUL, ESC …)
and bidirectional overrides (U+202E RIGHT-TO-LEFT OVERRIDE, which can make a printed
number read backwards) are refused: a Thai official document never needs them.

>>> clean_text("ที่\u0e48\u0e35")  # doubled tone after reordering: ท + ี + ่
'ที่'
>>> clean_text("กิ่ง") == clean_text("ก\u0e48\u0e34ง")  # tone typed before the vowel
True
>>> clean_text("ก\u0e48\u0e49")
Traceback (most recent call last):
...
docengine.thai.marks.TextError: two different tone marks on one letter: ก่้ / มีวรรณยุกต์สองตัวต่างกันบนอักษรตัวเดียว: ก่้
"""

from __future__ import annotations

import re
import unicodedata

from .errors import ThaiFormatError

CONSONANTS = {chr(c) for c in range(0x0E01, 0x0E2F)}  # ก … ฮ (ฤ ฦ included)
VOWELS = {"\u0e31", "\u0e34", "\u0e35", "\u0e36", "\u0e37", "\u0e38", "\u0e39", "\u0e3a"}  # ั ิ ี ึ ื ุ ู ฺ
TONES = {"\u0e47", "\u0e48", "\u0e49", "\u0e4a", "\u0e4b", "\u0e4c", "\u0e4d", "\u0e4e"}  # ็ ่ ้ ๊ ๋ ์ ํ ๎
SARA_AM = "\u0e33"
# Bidirectional embeddings, overrides, isolates and marks (Thai text is left to right).
BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)}
KEEP = {"\n", "\t"}

_V = "\u0e31\u0e34-\u0e3a"
_T = "\u0e47-\u0e4e"
# Anything clean_text would change or refuse: a control or bidi character, a tone before
# a vowel, a doubled or second mark, a mark after ำ or with no consonant before it.
SUSPECT = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\r]"
    f"|[{_T}][{_V}]|[{_V}][{_V}]|[{_T}][{_T}]|\u0e33[{_T}]"
    f"|(?:^|[^\u0e01-\u0e2e{_V}{_T}])[{_V}{_T}]")


class TextError(ThaiFormatError):
    """A text value that cannot be printed as typed."""


def clean_text(text: str) -> str:
    """``text`` with Thai marks in order and line ends normalised; raises TextError."""
    if not SUSPECT.search(text):
        return text  # the common case, one regex scan
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for ch in text:
        if ch in BIDI:
            raise TextError(f"contains the bidirectional control U+{ord(ch):04X} ({unicodedata.name(ch, '?')})",
                            f"มีอักขระควบคุมทิศทางข้อความ U+{ord(ch):04X}")
        if ch not in KEEP and unicodedata.category(ch) == "Cc":
            raise TextError(f"contains the control character U+{ord(ch):04X}",
                            f"มีอักขระควบคุม U+{ord(ch):04X}")
    if not any("\u0e31" <= ch <= "\u0e4e" for ch in text):
        return text
    return _order_marks(text)


def _order_marks(text: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in VOWELS or ch in TONES:
            raise TextError(f"a Thai mark with no letter before it at position {i + 1}: {text[max(0, i - 3):i + 3]!r}",
                            f"มีสระหรือวรรณยุกต์ที่ไม่มีพยัญชนะนำหน้า (ตำแหน่งที่ {i + 1})")
        out.append(ch)
        i += 1
        if ch not in CONSONANTS:
            continue
        j = i
        while j < len(text) and (text[j] in VOWELS or text[j] in TONES):
            j += 1
        marks = text[i:j]
        # ำ typed before the tone (ก ำ ่): the tone belongs before it.
        am = j < len(text) and text[j] == SARA_AM
        if am:
            j += 1
            while j < len(text) and text[j] in TONES:
                marks += text[j]
                j += 1
        if marks:
            out.append(_cluster(ch, marks))
        if am:
            out.append(SARA_AM)
        i = j
    return "".join(out)


def _cluster(base: str, marks: str) -> str:
    vowels = list(dict.fromkeys(m for m in marks if m in VOWELS))
    tones = list(dict.fromkeys(m for m in marks if m in TONES))
    if len(vowels) > 1:
        raise TextError(f"two different vowels on one letter: {base}{''.join(vowels)}",
                        f"มีสระสองตัวต่างกันบนอักษรตัวเดียว: {base}{''.join(vowels)}")
    if len(tones) > 1:
        raise TextError(f"two different tone marks on one letter: {base}{''.join(tones)}",
                        f"มีวรรณยุกต์สองตัวต่างกันบนอักษรตัวเดียว: {base}{''.join(tones)}")
    return "".join(vowels + tones)
