"""Amounts of baht in figures (``๖๕๐,๗๐๐``) and in words (``หกแสนห้าหมื่นเจ็ดร้อยบาทถ้วน``).

Amounts are exact: give a ``Decimal``, an ``int`` or a string. A string may
use Thai digits and thousands separators (``"๒,๕๐๐.๕๐"``). A ``float`` is
read as its shortest decimal form (``repr``), so ``2500.5`` is 2,500.50, but
``2.675`` is refused like every amount with more than two decimal places:
there is no rounding anywhere, because a figure and its words must agree
with the source document. Negative, NaN and infinite amounts are refused.

Words follow Excel's BAHTTEXT and the brief §4.6: เอ็ด for a final 1 after a
higher digit (สิบเอ็ด, หนึ่งร้อยเอ็ด, หนึ่งล้านเอ็ด), ยี่สิบ, สิบ not หนึ่งสิบ,
ล้าน repeated for millions of millions, ถ้วน when there are no satang, and
amounts below one baht as satang only (ยี่สิบห้าสตางค์).

>>> baht_text("650700")
'หกแสนห้าหมื่นเจ็ดร้อยบาทถ้วน'
>>> baht_text(Decimal("2500.50"))
'สองพันห้าร้อยบาทห้าสิบสตางค์'
>>> format_amount(Decimal("2500.5"))
'๒,๕๐๐.๕๐'
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, localcontext

from .digits import arabic_digits, in_digits
from .errors import AmountError

_CENT = Decimal("0.01")
_MILLION = 10**6
# Far beyond any budget; stops a string like "1e999999" from building a huge integer.
_MAX_DIGITS = 60
_GROUPED = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?")
_PLAIN = re.compile(r"\d+(\.\d+)?|\.\d+")


def as_amount(value: Decimal | int | str | float) -> Decimal:
    """``value`` as a non-negative Decimal with exactly two decimal places.

    >>> as_amount("๒,๕๐๐.๕")
    Decimal('2500.50')
    >>> as_amount(2500.5)
    Decimal('2500.50')
    """
    if isinstance(value, bool):
        raise _not_a_number(value)
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise _not_finite(value)
        amount = Decimal(repr(value))
    elif isinstance(value, Decimal):
        amount = value
    elif isinstance(value, str):
        text = arabic_digits(value).strip()
        if not (_GROUPED.fullmatch(text) or _PLAIN.fullmatch(text)):
            if text.startswith("-"):
                raise _negative(value)
            raise _not_a_number(value)
        amount = Decimal(text.replace(",", ""))
    else:
        raise _not_a_number(value)
    if not amount.is_finite():
        raise _not_finite(value)
    if amount < 0:
        raise _negative(value)
    if amount.adjusted() >= _MAX_DIGITS:
        raise AmountError(
            f"amount {value!r} is too large (at most {_MAX_DIGITS} digits)",
            f"จำนวนเงิน {value!r} มากเกินไป (ไม่เกิน {_MAX_DIGITS} หลัก)",
        )
    with localcontext(prec=_MAX_DIGITS + 10):  # the default 28 digits would not hold big amounts
        exact = amount.quantize(_CENT)
    if exact != amount:
        raise AmountError(
            f"amount {value!r} has more than two decimal places; satang are whole numbers "
            "and docengine does not round money",
            f"จำนวนเงิน {value!r} มีทศนิยมเกินสองตำแหน่ง (สตางค์ต้องเป็นจำนวนเต็ม) ระบบจะไม่ปัดเศษให้",
        )
    return exact


def baht_text(amount: Decimal | int | str | float) -> str:
    """``amount`` in Thai words, as written in brackets after the figures.

    >>> baht_text(0), baht_text("0.25"), baht_text(1000001)
    ('ศูนย์บาทถ้วน', 'ยี่สิบห้าสตางค์', 'หนึ่งล้านเอ็ดบาทถ้วน')
    """
    baht, satang = _baht_and_satang(as_amount(amount))
    if baht == 0 and satang == 0:
        return "ศูนย์บาทถ้วน"
    text = f"{number_words(baht)}บาท" if baht else ""
    return text + (f"{number_words(satang)}สตางค์" if satang else "ถ้วน")


def format_amount(amount: Decimal | int | str | float, digits: str = "thai", always_satang: bool = False) -> str:
    """``amount`` in figures with thousands separators; satang only when there are some.

    ``always_satang=True`` gives two decimals always, as system reports print
    (``650,700.00``).

    >>> format_amount(650700), format_amount("650700", digits="arabic", always_satang=True)
    ('๖๕๐,๗๐๐', '650,700.00')
    """
    baht, satang = _baht_and_satang(as_amount(amount))
    text = f"{baht:,}.{satang:02d}" if always_satang or satang else f"{baht:,}"
    return in_digits(text, digits)


def number_words(n: int) -> str:
    """A whole number (≥ 0) read in Thai, as in amounts: ``101`` → ``หนึ่งร้อยเอ็ด``.

    Builds on PyThaiNLP's reading of numbers below a million and repeats ล้าน
    above it; PyThaiNLP reads a lone 1 after a ล้าน group as หนึ่ง
    (1,000,001,000,000 → หนึ่งล้านหนึ่งล้าน) where the เอ็ด rule gives
    หนึ่งล้านเอ็ดล้าน.

    >>> number_words(21_000_000), number_words(1_000_001_000_000)
    ('ยี่สิบเอ็ดล้าน', 'หนึ่งล้านเอ็ดล้าน')
    """
    from pythainlp.util import num_to_thaiword

    if n < _MILLION:
        return num_to_thaiword(n)
    millions, rest = divmod(n, _MILLION)
    text = number_words(millions) + "ล้าน"
    if rest == 1:
        return text + "เอ็ด"
    return text + (num_to_thaiword(rest) if rest else "")


def _baht_and_satang(exact: Decimal) -> tuple[int, int]:
    # Through the exact digits: Decimal arithmetic would round big amounts to 28 digits.
    baht_digits, satang_digits = f"{exact:f}".split(".")
    return int(baht_digits), int(satang_digits)


def _not_a_number(value: object) -> AmountError:
    return AmountError(
        f"{value!r} is not an amount of money; write digits like 2500.50 or 2,500.50",
        f"{value!r} ไม่ใช่จำนวนเงิน ให้เขียนเป็นตัวเลข เช่น ๒๕๐๐.๕๐ หรือ ๒,๕๐๐.๕๐",
    )


def _not_finite(value: object) -> AmountError:
    return AmountError(
        f"{value!r} is not a finite amount of money",
        f"{value!r} ไม่ใช่จำนวนเงินที่มีค่าแน่นอน",
    )


def _negative(value: object) -> AmountError:
    return AmountError(
        f"amount {value!r} is negative; amounts in words are for zero or more baht",
        f"จำนวนเงิน {value!r} ติดลบ การเขียนจำนวนเงินเป็นตัวอักษรใช้ได้กับจำนวนศูนย์ขึ้นไป",
    )
