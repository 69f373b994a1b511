"""Buddhist-Era dates: write them as Thai documents do, and read them back.

Three written styles (domain brief §4.1), month and weekday names from
``data/months.yaml``:

* ``full``  ``๕ มกราคม ๒๕๖๗``  date line of letters, orders, announcements
* ``abbr``  ``๕ ม.ค. ๒๕๖๗``    stamps, registers, endorsements, lists
* ``short`` ``๕ ม.ค. ๖๗``      two-digit year (Ministry of Defence only)

BE = CE + 543 holds from 1 January 2484 (1941 CE), when the Thai new year moved
from 1 April to 1 January. Earlier dates have no single conversion, so they
are refused rather than written wrong (brief §4.2).

>>> from datetime import date
>>> format_date(date(2024, 1, 5))
'๕ มกราคม ๒๕๖๗'
>>> format_date(date(2024, 1, 8), style="abbr", digits="arabic")
'8 ม.ค. 2567'
>>> parse_date("วันที่ ๕ มกราคม พ.ศ. ๒๕๖๗")
datetime.date(2024, 1, 5)
>>> format_weekday_date(date(2015, 12, 25))
'วันศุกร์ที่ ๒๕ ธันวาคม ๒๕๕๘'
"""

from __future__ import annotations

import re
from functools import cache
from datetime import date, datetime
from typing import Any

from docengine import refdata

from .clock import bangkok_today, to_bangkok
from .digits import arabic_digits, in_digits, thai_digits
from .errors import ThaiDateError

BE_OFFSET = 543
FIRST_BE_YEAR = 2484  # first year that began on 1 January
FIRST_CE_YEAR = FIRST_BE_YEAR - BE_OFFSET
# A four-digit year below this is a CE year typed where a BE year belongs:
# BE years in use are 2484 and later, CE years of living people are below 2100.
CE_LOOKING_BELOW = 2400

STYLES = ("full", "abbr", "short")

# Zero-width spaces are common in Thai text copied from the web or Word.
_INVISIBLE = re.compile(r"[\s\u200b\u200c\u200d\ufeff]+")


@refdata.dataset("months", "months.yaml")
def validate_months(content: dict[str, Any]) -> list[str]:
    """Problems with the month/weekday names file (empty when it is good).

    >>> validate_months({"full": ["มกราคม"], "abbr": [], "weekdays": []})[0]
    'full: expected a list of 12 non-empty names, got 1'
    """
    problems = []
    for key, count in (("full", 12), ("abbr", 12), ("weekdays", 7)):
        names = content.get(key)
        if not isinstance(names, list) or len(names) != count:
            got = len(names) if isinstance(names, list) else type(names).__name__
            problems.append(f"{key}: expected a list of {count} non-empty names, got {got}")
        elif not all(isinstance(n, str) and n.strip() == n and n for n in names):
            problems.append(f"{key}: every name must be a non-empty string without surrounding spaces")
        elif len(set(names)) != count:
            problems.append(f"{key}: names must be unique")
    if problems:
        return problems
    if "พฤษจิกายน" in content["full"]:
        problems.append("full: 'พฤษจิกายน' is a misspelling of 'พฤศจิกายน'")
    undotted = [a for a in content["abbr"] if not a.endswith(".")]
    if undotted:
        problems.append(f"abbr: Royal Institute abbreviations end with a dot: {undotted}")
    if not all(w.startswith("วัน") for w in content["weekdays"]):
        problems.append("weekdays: names start with 'วัน' (วันจันทร์ … วันอาทิตย์)")
    variants = content.get("parse_variants", {})
    if not isinstance(variants, dict):
        problems.append("parse_variants: expected a mapping of spelling -> month number")
    else:
        canonical = set(content["full"]) | set(content["abbr"])
        for spelling, month in variants.items():
            if not isinstance(month, int) or isinstance(month, bool) or not 1 <= month <= 12:
                problems.append(f"parse_variants.{spelling}: month must be a number 1-12, got {month!r}")
            if spelling in canonical:
                problems.append(f"parse_variants.{spelling}: already a canonical name")
    return problems


def _names() -> dict[str, Any]:
    return refdata.load("months")


def month_name(month: int, style: str = "full") -> str:
    """The Thai name of ``month`` (1–12): ``full`` or ``abbr``.

    >>> month_name(11), month_name(11, "abbr")
    ('พฤศจิกายน', 'พ.ย.')
    """
    key = "full" if style == "full" else "abbr" if style in ("abbr", "short") else None
    if key is None:
        _bad_style(style)
    if not isinstance(month, int) or not 1 <= month <= 12:
        raise ThaiDateError(f"month must be 1-12, not {month!r}", f"เดือนต้องเป็น ๑-๑๒ ไม่ใช่ {month!r}")
    return _names()[key][month - 1]


def be_year(d: date | datetime) -> int:
    """The Buddhist-Era year of ``d`` (from 2484 on).

    >>> be_year(date(2024, 1, 5))
    2567
    """
    return checked_date(d).year + BE_OFFSET


def be_year_bounds(year: int) -> tuple[date, date]:
    """First and last day (CE ``date`` objects) of BE calendar year ``year``: 1 January – 31 December.

    Since 2484 the Thai year begins on 1 January, so the saraban books, which run for a
    calendar year, start again then (brief §3.3, §4.2).

    >>> be_year_bounds(2567)
    (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
    """
    ce = int(year) - BE_OFFSET
    return checked_date(date(ce, 1, 1)), date(ce, 12, 31)


def format_date(d: date | datetime, style: str = "full", digits: str = "thai") -> str:
    """``d`` written in Thai with a Buddhist-Era year.

    ``style`` is ``full`` (๕ มกราคม ๒๕๖๗), ``abbr`` (๕ ม.ค. ๒๕๖๗) or ``short``
    (๕ ม.ค. ๖๗); ``digits`` is ``thai`` or ``arabic``. Aware datetimes are
    converted to Bangkok time first; naive ones are taken as Bangkok time.

    >>> format_date(date(2024, 1, 5), style="short")
    '๕ ม.ค. ๖๗'
    """
    d = checked_date(d)
    year = d.year + BE_OFFSET
    if style == "full":
        text = f"{d.day} {month_name(d.month, 'full')} {year}"
    elif style == "abbr":
        text = f"{d.day} {month_name(d.month, 'abbr')} {year}"
    elif style == "short":
        text = f"{d.day} {month_name(d.month, 'abbr')} {year % 100:02d}"
    else:
        _bad_style(style)
    return in_digits(text, digits)


def format_weekday_date(d: date | datetime, digits: str = "thai") -> str:
    """Weekday and full date, as printed (never typed): ``วันศุกร์ที่ ๒๕ ธันวาคม ๒๕๕๘``.

    >>> format_weekday_date(date(2014, 12, 19), digits="arabic")
    'วันศุกร์ที่ 19 ธันวาคม 2557'
    """
    d = checked_date(d)
    return f"{_names()['weekdays'][d.weekday()]}ที่ {format_date(d, 'full', digits)}"


def parse_date(text: str, *, today: date | None = None) -> date:
    """Read a Thai BE date in any of the three styles back into a (CE) ``date``.

    Thai or Arabic digits; spaces anywhere are ignored; an optional ``วันที่``
    or weekday (``วันศุกร์ที่``, checked against the date) before the day, an
    optional ``เดือน`` before the month and ``พ.ศ.`` before the year. A
    four-digit year below 2400 is a CE year and is refused with the BE year
    suggested. A two-digit year is the BE year nearest ``today`` (default:
    today in Bangkok) — from 50 years before it to 49 years after.

    >>> parse_date("8 ม.ค. 67", today=date(2024, 6, 1))
    datetime.date(2024, 1, 8)
    >>> parse_date("๑๙ ธ.ค. ๒๕๕๗")
    datetime.date(2014, 12, 19)
    """
    result = _read_thai_date(text, today)
    if result is None:
        raise ThaiDateError(
            f"{text!r} is not a Thai date; expected e.g. '5 มกราคม 2567', '5 ม.ค. 2567' or '5 ม.ค. 67'",
            f"{text!r} ไม่ใช่วันที่แบบไทย ตัวอย่างที่ถูกต้อง: '๕ มกราคม ๒๕๖๗', '๕ ม.ค. ๒๕๖๗' หรือ '๕ ม.ค. ๖๗'",
        )
    return result


def parse_be_date_or_year(value: str | date | int, *, today: date | None = None) -> date | int:
    """Read a date or a bare year as input files give them.

    Returns a ``date`` for a date and an ``int`` (the BE year) for a bare year:

    * ISO CE date ``2024-01-05`` → ``date(2024, 1, 5)``
    * Thai BE text ``5 ม.ค. 2500`` / ``๕ มกราคม ๒๕๐๐`` → ``date(1957, 1, 5)``
    * numeric BE day/month/year ``5/1/2500`` (also ``-`` or ``.``) → ``date(1957, 1, 5)``
    * bare BE year ``2500`` or ``พ.ศ. 2500`` → ``2500``

    One rule tells the eras apart: a four-digit year below 2400 is CE, 2400
    and above is BE. So ``5/1/2024`` and ``2024`` are refused as CE years
    typed where BE belongs, and ``2567-01-05`` as a BE year in an ISO date.
    A ``date``/``datetime`` (a spreadsheet cell) is returned as a date, an
    ``int`` is checked as a bare BE year. Bare years before 2484 are allowed
    (they need no conversion); dates before 2484 are not.

    >>> parse_be_date_or_year("5/01/2510")
    datetime.date(1967, 1, 5)
    >>> parse_be_date_or_year("๒๕๐๐")
    2500
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return _check_bare_year(value, str(value))
    if not isinstance(value, str):
        raise ThaiDateError(
            f"expected a date or a year, not {type(value).__name__} {value!r}",
            f"ต้องเป็นวันที่หรือปี พ.ศ. ไม่ใช่ {value!r}",
        )
    compact = _INVISIBLE.sub("", arabic_digits(value))
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", compact):
        year, month, day = (int(g) for g in m.groups())
        check_ce_year(year, value, month=month, day=day)
        return _make_date(year, month, day, value)
    if m := re.fullmatch(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})", compact):
        day, month, year = int(m[1]), int(m[3]), int(m[4])
        return _be_date(_check_be_year(year, value), month, day, value)
    if m := re.fullmatch(r"(?:พ\.ศ\.)?(\d{4})", compact):
        return _check_bare_year(int(m[1]), value)
    result = _read_thai_date(value, today)
    if result is None:
        raise ThaiDateError(
            f"{value!r} is neither a date nor a year; expected e.g. '2024-01-05', "
            "'5 ม.ค. 2567', '5/1/2567' or '2567'",
            f"{value!r} ไม่ใช่วันที่หรือปี ตัวอย่างที่ถูกต้อง: '2024-01-05', '๕ ม.ค. ๒๕๖๗', "
            "'5/1/2567' หรือ '2567'",
        )
    return result


# --- reading ----------------------------------------------------------------


@cache
def _date_pattern() -> tuple[dict[str, int], re.Pattern]:
    """Month lookup and the compiled date pattern, built once from data/months.yaml."""
    names = _names()
    months = {name: i + 1 for i, name in enumerate(names["full"])}
    months.update({name: i + 1 for i, name in enumerate(names["abbr"])})
    months.update(names.get("parse_variants", {}))
    # Longest first, so "มีนาคม" is not read as "มี" + rest and "มี.ค." before "มีค".
    month_alt = "|".join(re.escape(m) for m in sorted(months, key=len, reverse=True))
    weekday_alt = "|".join(re.escape(w) for w in names["weekdays"])
    pattern = re.compile(
        rf"(?:(?P<weekday>{weekday_alt})ที่|วันที่)?(?P<day>\d{{1,2}})"
        rf"(?:เดือน)?(?P<month>{month_alt})(?:พ\.ศ\.)?(?P<year>\d+)"
    )
    return months, pattern


def _read_thai_date(text: object, today: date | None) -> date | None:
    """The date in ``text``, or None when it does not look like a Thai date at all."""
    if not isinstance(text, str):
        raise ThaiDateError(
            f"expected Thai date text, not {type(text).__name__} {text!r}",
            f"ต้องเป็นข้อความวันที่ ไม่ใช่ {text!r}",
        )
    names = _names()
    months, pattern = _date_pattern()
    # Whitespace carries no meaning between digits and Thai letters, so drop it all.
    compact = _INVISIBLE.sub("", arabic_digits(text))
    m = pattern.fullmatch(compact)
    if m is None:
        return None
    day, month, year_text = int(m["day"]), months[m["month"]], m["year"]
    if len(year_text) == 2:
        year = _expand_two_digit_year(int(year_text), today)
    elif len(year_text) == 4:
        year = _check_be_year(int(year_text), text)
    else:
        raise ThaiDateError(
            f"{text!r}: the year must have 4 digits (BE, e.g. 2567) or 2 (e.g. 67)",
            f"{text!r}: ปี พ.ศ. ต้องมี ๔ หลัก (เช่น ๒๕๖๗) หรือ ๒ หลัก (เช่น ๖๗)",
        )
    result = _be_date(year, month, day, text)
    if m["weekday"] and m["weekday"] != names["weekdays"][result.weekday()]:
        actual = names["weekdays"][result.weekday()]
        raise ThaiDateError(
            f"{text!r}: that date was a {result:%A} ({actual}), not {m['weekday']}",
            f"{text!r}: วันที่นี้ตรงกับ{actual} ไม่ใช่{m['weekday']}",
        )
    return result


def _expand_two_digit_year(yy: int, today: date | None) -> int:
    current = be_year(today or bangkok_today())
    earliest = current - 50
    return earliest + (yy - earliest) % 100


def check_ce_year(year: int, text: object, *, month: int | None = None, day: int | None = None) -> int:
    """``year`` of an ISO (Common-Era) date; a year of 2400 or more is a BE year typed by mistake.

    The one rule for every ISO date and time input (data files, ``--at``, e-GIF).

    >>> check_ce_year(2567, "2567-01-09T09:00")
    Traceback (most recent call last):
    ...
    docengine.thai.errors.ThaiDateError: '2567-01-09T09:00': 2567 looks like a Buddhist-era year (a BE year), but ISO dates (year-month-day) use Common-Era years — did you mean 2024? / '2567-01-09T09:00': ปี ๒๕๖๗ ดูเป็นปีพุทธศักราช (พ.ศ.) แต่วันที่รูปแบบ ISO ใช้ปีคริสต์ศักราช (ค.ศ.) หมายถึง ค.ศ. 2024 หรือไม่
    """
    if year >= CE_LOOKING_BELOW:
        ce = year - BE_OFFSET
        hint = f" (write {ce}-{month:02d}-{day:02d} or {day}/{month}/{year})" if month and day else ""
        raise ThaiDateError(
            f"{text!r}: {year} looks like a Buddhist-era year (a BE year), but ISO dates (year-month-day) "
            f"use Common-Era years — did you mean {ce}?{hint}",
            f"{text!r}: ปี {thai_digits(year)} ดูเป็นปีพุทธศักราช (พ.ศ.) แต่วันที่รูปแบบ ISO ใช้ปีคริสต์ศักราช "
            f"(ค.ศ.) หมายถึง ค.ศ. {ce} หรือไม่",
        )
    return year


_TIME = re.compile(r"(?:T|\s+)(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:\.\d+)?)?(?:\s*น\.)?"
                   r"\s*(Z|[+-]\d{2}:?\d{2})?$")


def parse_moment(value: str | datetime) -> datetime:
    """A date and time typed by a user, as an aware Bangkok datetime.

    The date part is anything :func:`parse_be_date_or_year` reads as a date (ISO CE
    ``2024-01-09``, BE ``9/1/2567``, ``9 ม.ค. 2567``), so BE/CE mistakes get the same
    message as everywhere else; the time is ``HH:MM`` (or ``HH.MM น.``), optionally
    with seconds and a UTC offset. Without an offset the time is Bangkok time; without
    a time it is midnight.

    >>> parse_moment("2024-01-09T09:00").isoformat()
    '2024-01-09T09:00:00+07:00'
    >>> parse_moment("9/1/2567 09.30 น.").isoformat()
    '2024-01-09T09:30:00+07:00'
    """
    from datetime import time, timedelta, timezone

    if isinstance(value, datetime):
        return to_bangkok(value)
    text = str(value).strip()
    compact = arabic_digits(text)
    m = _TIME.search(compact)
    clock, offset = time(0, 0), None
    if m:
        hour, minute, second = int(m[1]), int(m[2]), int(m[3] or 0)
        if hour > 23 or minute > 59 or second > 59:
            raise ThaiDateError(f"{text!r}: {m[0].strip()} is not a time of day (00:00-23:59)",
                                f"{text!r}: {m[0].strip()} ไม่ใช่เวลาที่ถูกต้อง (00:00-23:59)")
        clock = time(hour, minute, second)
        if m[4]:
            sign = -1 if m[4].startswith("-") else 1
            digits = m[4].lstrip("+-").replace(":", "")
            offset = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0))) \
                if m[4] != "Z" else timezone.utc
        compact = compact[:m.start()]
    if iso := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", compact.strip()):
        check_ce_year(int(iso[1]), text)  # the message quotes the whole input
    day = parse_be_date_or_year(compact.strip())
    if not isinstance(day, date):
        raise ThaiDateError(f"{text!r}: give a whole date and time, e.g. 2024-01-09T09:30 or 9/1/2567 09:30",
                            f"{text!r}: ต้องระบุวัน เดือน ปี และเวลา ตัวอย่าง 2024-01-09T09:30 หรือ 9/1/2567 09:30")
    checked_date(day)
    moment = datetime.combine(day, clock)
    return to_bangkok(moment.replace(tzinfo=offset) if offset else moment)


def check_not_future(value: date | datetime, *, tolerance, what: str, now: datetime | None = None):
    """``value`` unless it lies more than ``tolerance`` (a timedelta) after ``now`` (Bangkok).

    A date counts from its start: with one day's tolerance, tomorrow is accepted and
    the day after is not. ``what`` names the input in the message.

    >>> from datetime import timedelta
    >>> check_not_future(date(2024, 1, 10), tolerance=timedelta(days=1), what="date",
    ...                  now=datetime(2024, 1, 9, 8, 0, tzinfo=to_bangkok(datetime(2024, 1, 1)).tzinfo))
    datetime.date(2024, 1, 10)
    """
    now = to_bangkok(now) if now is not None else to_bangkok(datetime.now().astimezone())
    limit = now + tolerance
    late = (to_bangkok(value) > limit) if isinstance(value, datetime) else (value > limit.date())
    if late:
        shown = to_bangkok(value).strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else value.isoformat()
        days = tolerance.total_seconds() / 86400
        allowed = f"{days:g} day" + ("" if days == 1 else "s")
        raise ThaiDateError(
            f"{what} {shown} is in the future (more than {allowed} after now, "
            f"{now.strftime('%Y-%m-%d %H:%M')} Bangkok time); check the year, or raise "
            "future_tolerance_days in the office config",
            f"{what} {shown} เป็นวันเวลาในอนาคต เกินกว่า {days:g} วันจากเวลาปัจจุบัน "
            f"({now.strftime('%Y-%m-%d %H:%M')} เวลาประเทศไทย) กรุณาตรวจสอบปี",
        )
    return value


def _check_be_year(year: int, text: object) -> int:
    if year < CE_LOOKING_BELOW:
        raise ThaiDateError(
            f"{text!r}: {year} looks like a CE (Christian-era) year; Thai documents use BE "
            f"(พ.ศ.) years — did you mean {year + BE_OFFSET}?",
            f"{text!r}: ปี {thai_digits(year)} ดูเป็นปี ค.ศ. เอกสารราชการใช้ปี พ.ศ. "
            f"หมายถึง {thai_digits(year + BE_OFFSET)} หรือไม่",
        )
    return year


def _check_bare_year(year: int, text: object) -> int:
    _check_be_year(year, text)
    if year > 9999:
        raise ThaiDateError(f"{text!r}: year {year} is too large", f"{text!r}: ปี {year} มากเกินไป")
    return year


def _be_date(year: int, month: int, day: int, text: object) -> date:
    if year < FIRST_BE_YEAR:
        raise _before_2484(text)
    return _make_date(year - BE_OFFSET, month, day, text)


def _make_date(year: int, month: int, day: int, text: object) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ThaiDateError(
            f"{text!r} is not a real date (no day {day} in month {month} of that year)",
            f"{text!r} ไม่มีอยู่จริงในปฏิทิน (ไม่มีวันที่ {thai_digits(day)} ในเดือนนั้น)",
        ) from None


# --- writing ----------------------------------------------------------------


def checked_date(d: object) -> date:
    """``d`` as a Bangkok calendar date, refused before 1 January 2484 BE.

    >>> from datetime import timezone
    >>> checked_date(datetime(2024, 1, 4, 23, 30, tzinfo=timezone.utc))
    datetime.date(2024, 1, 5)
    """
    if isinstance(d, datetime):
        d = to_bangkok(d).date()
    elif not isinstance(d, date):
        raise ThaiDateError(
            f"expected a date, not {type(d).__name__} {d!r}",
            f"ต้องเป็นวันที่ (date) ไม่ใช่ {d!r}",
        )
    if d.year < FIRST_CE_YEAR:
        raise _before_2484(d.isoformat())
    return d


def _before_2484(what: object) -> ThaiDateError:
    return ThaiDateError(
        f"{what}: dates before 1 January 2484 BE (1941 CE) are not supported — until 2483 the Thai "
        "year began on 1 April, so BE = CE + 543 does not hold; keep such dates as the BE text of the source",
        f"{what}: ไม่รองรับวันที่ก่อน ๑ มกราคม ๒๔๘๔ เพราะก่อนปี ๒๔๘๔ ปีใหม่เริ่มวันที่ ๑ เมษายน "
        "การแปลง พ.ศ. = ค.ศ. + ๕๔๓ จึงใช้ไม่ได้ ให้เก็บวันที่ตามต้นฉบับ พ.ศ.",
    )


def _bad_style(style: object):
    raise ThaiDateError(
        f"date style must be one of {', '.join(STYLES)}, not {style!r}",
        f"รูปแบบวันที่ต้องเป็น full (เต็ม), abbr (ย่อ) หรือ short (ปีสองหลัก) ไม่ใช่ {style!r}",
    )
