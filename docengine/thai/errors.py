"""Errors raised by the Thai formatters and readers.

Each is a :class:`~docengine.errors.DocengineError` (shown to users without a
traceback, in English and Thai) and also a :class:`ValueError`, so code that
only knows Python's conventions still catches them.

>>> err = ThaiDateError("no such date", "ไม่มีวันที่นี้")
>>> str(err)
'no such date / ไม่มีวันที่นี้'
>>> isinstance(err, ValueError)
True
"""

from __future__ import annotations

from docengine.errors import DocengineError


class ThaiFormatError(DocengineError, ValueError):
    """A value cannot be written or read in the Thai form asked for."""


class ThaiDateError(ThaiFormatError):
    """A date or year that cannot be written or read as a Buddhist-Era date."""


class AmountError(ThaiFormatError):
    """An amount of money that cannot be written in figures or words."""


class CitizenIdError(ThaiFormatError):
    """A Thai citizen ID (เลขประจำตัวประชาชน) that is not valid."""


class ProvinceError(ThaiFormatError):
    """A province name or code that is not one of the 77."""
