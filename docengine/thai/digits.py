"""Thai digits (๐–๙, U+0E50–U+0E59) and Arabic digits, converted per field.

Only digit characters change; everything else, including punctuation, stays.
Convert a field at render time, never a whole page: URLs, e-mail addresses,
file names and codes keep Arabic digits (domain brief §4.3).

>>> thai_digits("5 มกราคม 2567")
'๕ มกราคม ๒๕๖๗'
>>> arabic_digits("๐๘.๓๐ น.")
'08.30 น.'
"""

from __future__ import annotations

from .errors import ThaiFormatError

_ARABIC = "0123456789"
_THAI = "".join(chr(0x0E50 + i) for i in range(10))
_TO_THAI = str.maketrans(_ARABIC, _THAI)
_TO_ARABIC = str.maketrans(_THAI, _ARABIC)

DIGIT_KINDS = ("thai", "arabic")


def thai_digits(text: str | int) -> str:
    """``text`` with every Arabic digit 0–9 replaced by its Thai digit.

    >>> thai_digits(2567)
    '๒๕๖๗'
    """
    return str(text).translate(_TO_THAI)


def arabic_digits(text: str | int) -> str:
    """``text`` with every Thai digit ๐–๙ replaced by its Arabic digit.

    >>> arabic_digits("๒,๕๐๐.๕๐")
    '2,500.50'
    """
    return str(text).translate(_TO_ARABIC)


def in_digits(text: str, digits: str) -> str:
    """``text`` written with ``digits`` (``"thai"`` or ``"arabic"``).

    >>> in_digits("10.30", "thai")
    '๑๐.๓๐'
    """
    if digits == "thai":
        return thai_digits(text)
    if digits == "arabic":
        return arabic_digits(text)
    raise ThaiFormatError(
        f"digits must be 'thai' or 'arabic', not {digits!r}",
        f"ชนิดตัวเลขต้องเป็น 'thai' (เลขไทย) หรือ 'arabic' (เลขอารบิก) ไม่ใช่ {digits!r}",
    )
