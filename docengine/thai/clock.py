"""Bangkok time: every stamp, register entry and endorsement is Asia/Bangkok.

A server left on UTC would print times seven hours early and date anything
stamped before 07.00 on the previous day (domain brief §4.5), so aware
datetimes are converted here and naive ones are taken as Bangkok time.

>>> from datetime import datetime, timezone
>>> format_time(datetime(2024, 1, 4, 23, 30, tzinfo=timezone.utc))
'๐๖.๓๐ น.'
>>> format_time(time(8, 30), digits="arabic")
'08.30 น.'
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from .digits import in_digits
from .errors import ThaiFormatError

BANGKOK = ZoneInfo("Asia/Bangkok")

# Any date will do to attach a fixed-offset zone to a bare time: Bangkok has
# kept UTC+7 without daylight saving since 1920.
_ANCHOR = date(2000, 1, 1)


def bangkok_now() -> datetime:
    """The current time in Bangkok, timezone-aware."""
    return datetime.now(BANGKOK)


def bangkok_today() -> date:
    """Today's date in Bangkok (not the server's local date)."""
    return bangkok_now().date()


def to_bangkok(moment: datetime) -> datetime:
    """``moment`` as Bangkok wall-clock time; naive datetimes are taken as Bangkok time.

    >>> from datetime import timezone
    >>> to_bangkok(datetime(2024, 1, 4, 23, 30, tzinfo=timezone.utc)).isoformat()
    '2024-01-05T06:30:00+07:00'
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.replace(tzinfo=BANGKOK)
    return moment.astimezone(BANGKOK)


def format_time(t: time | datetime, digits: str = "thai") -> str:
    """Hours.minutes + " น." in Bangkok time, as on stamps: ``๑๐.๓๐ น.``.

    Seconds are dropped (not rounded), as a clock on the wall reads.

    >>> format_time(datetime(2024, 1, 5, 10, 30, 59))
    '๑๐.๓๐ น.'
    """
    if isinstance(t, datetime):
        t = to_bangkok(t).time()
    elif isinstance(t, time):
        if t.tzinfo is not None and t.utcoffset() is not None:
            t = to_bangkok(datetime.combine(_ANCHOR, t)).time()
    else:
        raise ThaiFormatError(
            f"a time or datetime is needed, not {type(t).__name__} {t!r}",
            f"ต้องเป็นเวลา (time หรือ datetime) ไม่ใช่ {t!r}",
        )
    return in_digits(f"{t.hour:02d}.{t.minute:02d} น.", digits)
