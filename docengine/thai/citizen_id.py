"""Thai citizen ID numbers (เลขประจำตัวประชาชน): check, display, mask.

Thirteen digits, the last a check digit (domain brief §7); the check itself is
python-stdnum's ``stdnum.th.pin``. Input may carry dashes, spaces or Thai
digits. Displayed in groups 1-4-5-2-1.

Masking for public lists (PDPA, brief §8) hides the first nine digits and
shows the last four, which in the 1-4-5-2-1 grouping are the last digit of
the third group, the two-digit fourth group and the check digit:
``X-XXXX-XXXX8-89-0``, or ungrouped ``XXXXXXXXX8890`` as in the "X5" measure.

>>> validate("๓-๑๐๐๖-๐๐๔๔๕-๖๓-๕")
'3100600445635'
>>> format("3100600445635")
'3-1006-00445-63-5'
>>> mask("3100600445635")
'X-XXXX-XXXX5-63-5'
"""

from __future__ import annotations

import re

from stdnum import exceptions as stdnum_errors
from stdnum.th import pin

from .digits import arabic_digits, in_digits
from .errors import CitizenIdError

SHOWN = 4  # digits left visible by mask()
MASK_CHAR = "X"

_SEPARATORS = re.compile(r"[\s\-\u200b]+")


def validate(number: str | int) -> str:
    """The 13-digit ID without separators, or :class:`CitizenIdError` saying what is wrong.

    >>> validate("3 1006 00445 63 5")
    '3100600445635'
    """
    if isinstance(number, int) and not isinstance(number, bool):
        number = str(number)
    if not isinstance(number, str):
        raise CitizenIdError(
            f"a citizen ID is 13 digits, not {type(number).__name__} {number!r}",
            f"เลขประจำตัวประชาชนต้องเป็นตัวเลข ๑๓ หลัก ไม่ใช่ {number!r}",
        )
    compact = _SEPARATORS.sub("", arabic_digits(number))
    try:
        return pin.validate(compact)
    except stdnum_errors.InvalidLength:
        raise CitizenIdError(
            f"citizen ID {number!r} has {len(compact)} characters, not 13 digits",
            f"เลขประจำตัวประชาชน {number!r} มี {len(compact)} ตัว ต้องมี ๑๓ หลัก",
        ) from None
    except stdnum_errors.InvalidFormat:
        raise CitizenIdError(
            f"citizen ID {number!r} may contain only digits, dashes and spaces",
            f"เลขประจำตัวประชาชน {number!r} ต้องเป็นตัวเลขเท่านั้น (มีขีดหรือเว้นวรรคได้)",
        ) from None
    except stdnum_errors.InvalidComponent:
        raise CitizenIdError(
            f"citizen ID {number!r} cannot start with {compact[:1]} (the first digit is a category 1-8)",
            f"เลขประจำตัวประชาชน {number!r} ขึ้นต้นด้วย {compact[:1]} ไม่ได้ (หลักแรกต้องเป็น ๑-๘)",
        ) from None
    except stdnum_errors.InvalidChecksum:
        raise CitizenIdError(
            f"citizen ID {number!r} fails its check digit; a digit is probably mistyped",
            f"เลขประจำตัวประชาชน {number!r} ไม่ถูกต้องตามหลักตรวจสอบ (หลักสุดท้าย) อาจพิมพ์ผิด",
        ) from None
    except stdnum_errors.ValidationError as exc:  # future stdnum error kinds
        raise CitizenIdError(
            f"citizen ID {number!r} is not valid: {exc}",
            f"เลขประจำตัวประชาชน {number!r} ไม่ถูกต้อง",
        ) from None


def is_valid(number: object) -> bool:
    """True when ``number`` is a valid citizen ID (in any accepted spelling).

    >>> is_valid("3100600445635"), is_valid("3100600445636")
    (True, False)
    """
    try:
        validate(number)  # type: ignore[arg-type]
    except CitizenIdError:
        return False
    return True


def format(number: str | int, digits: str = "arabic") -> str:  # noqa: A001 - the domain's word
    """The validated ID grouped 1-4-5-2-1 with hyphens.

    >>> format("3100600445635", digits="thai")
    '๓-๑๐๐๖-๐๐๔๔๕-๖๓-๕'
    """
    return in_digits(pin.format(validate(number)), digits)


def mask(number: str | int, digits: str = "arabic", grouped: bool = True) -> str:
    """The validated ID with all but the last four digits replaced by ``X``.

    >>> mask("3100600445635", grouped=False, digits="thai")
    'XXXXXXXXX๕๖๓๕'
    """
    compact = validate(number)
    masked = MASK_CHAR * (len(compact) - SHOWN) + compact[-SHOWN:]
    return in_digits(pin.format(masked) if grouped else masked, digits)

