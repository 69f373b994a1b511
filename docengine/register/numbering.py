"""Number series (เลขทะเบียน): which books exist, how a number is written, how it is taken.

Each agency keeps one book per series per BE calendar year (the allowance forms'
books: per fiscal year, see :func:`book_year`); every book runs
from 1 (or from a "start from N" floor for an agency moving off a paper book),
never skips and never reuses a number (brief §3.1-§3.6).

How numbers are written (ASCII digits; Thai digits are a rendering matter):

>>> book_number("ชม 0023.05", "normal", 655, 2567)
'ชม 0023.05/655'
>>> book_number("ชม 0023.3", "circular", 63, 2567)
'ชม 0023.3/ว 63'
>>> book_number("ชม 52101", "order", 12, 2567)
'12/2567'
>>> book_number("ชม 52101", "receive", 69, 2567, receipt_width=3)
'069/2567'
>>> book_number("ชม 52101", "form-elderly", 12, 2570)
'12/2570'

The receipt's zero padding follows the seed stamp "069/2567" (brief §2.7) and is
set by ``numbering.receipt_width`` in data/agencies.yaml; letter numbers have
no leading zeros.  The memo book (บันทึกข้อความ) is written like the ordinary
one; it is a separate book, so the same running number can occur in both.
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from docengine.errors import DocengineError
from docengine.thai import arabic_digits

from .tables import Counter

# series -> (Thai name of the book, brief section)
SERIES = {
    "normal": "ทะเบียนหนังสือส่ง",
    "circular": "ทะเบียนหนังสือเวียน (ว)",
    "order": "ทะเบียนคำสั่ง",
    "memo": "ทะเบียนบันทึกข้อความ",
    "receive": "ทะเบียนหนังสือรับ",
    "form-elderly": "ทะเบียนผู้ยื่นคำขอรับเงินเบี้ยยังชีพผู้สูงอายุ",
    "form-disability": "ทะเบียนผู้ยื่นคำขอรับเงินเบี้ยความพิการ",
}
SEND_SERIES = ("normal", "circular", "order", "memo")
# ทะเบียนเลขที่ of the allowance forms (brief §3.7): the allowance register, not saraban;
# one book per LAO, allowance and *fiscal* year, numbered "12/2570".
FORM_SERIES = ("form-elderly", "form-disability")


def form_series(kind: str) -> str:
    """The book of the registration forms of allowance ``kind`` (elderly / disability).

    >>> form_series("elderly")
    'form-elderly'
    """
    return check_series(f"form-{kind}", FORM_SERIES)


def book_year(series: str, day) -> int:
    """The year of the book a number of ``series`` taken on ``day`` belongs to.

    Saraban books (send, circular, order, memo, receive) run for a BE calendar
    year and start again at 1 on 1 January (brief §3.3); the forms' books run
    for a fiscal year (brief §3.7), so they start again on 1 October.

    >>> from datetime import date
    >>> book_year("circular", date(2024, 1, 1)), book_year("circular", date(2023, 12, 31))
    (2567, 2566)
    >>> book_year("form-elderly", date(2023, 10, 1))
    2567
    """
    from docengine.thai import be_year, fiscal_year

    return fiscal_year(day) if series in FORM_SERIES else be_year(day)

# BE years the register accepts: from the year Thailand began the year on
# 1 January (2484, brief §4.2) to well past any working life of this program.
MIN_YEAR_BE, MAX_YEAR_BE = 2484, 2700


def check_series(series: str, allowed=tuple(SERIES)) -> str:
    if series not in allowed:
        raise DocengineError(
            f"unknown number series {series!r}; use one of {', '.join(allowed)}",
            f"ไม่มีชุดเลขทะเบียน {series!r} (ใช้ได้: {', '.join(allowed)})",
        )
    return series


def check_year_be(year: int) -> int:
    """``year`` if it is a plausible Buddhist-era year; a CE year gets a pointed message.

    >>> check_year_be(2567)
    2567
    >>> check_year_be(2024)
    Traceback (most recent call last):
    ...
    docengine.errors.DocengineError: year 2024 looks like a Common Era year; registers count in Buddhist Era (พ.ศ.): did you mean 2567? / ปี 2024 เป็นปีคริสต์ศักราช ทะเบียนใช้ปีพุทธศักราช หมายถึง พ.ศ. 2567 หรือไม่
    """
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise DocengineError(f"not a year: {year!r}", f"ปีไม่ถูกต้อง: {year!r}") from None
    if MIN_YEAR_BE <= year <= MAX_YEAR_BE:
        return year
    if MIN_YEAR_BE - 543 <= year <= MAX_YEAR_BE - 543:
        raise DocengineError(
            f"year {year} looks like a Common Era year; registers count in Buddhist Era (พ.ศ.): "
            f"did you mean {year + 543}?",
            f"ปี {year} เป็นปีคริสต์ศักราช ทะเบียนใช้ปีพุทธศักราช หมายถึง พ.ศ. {year + 543} หรือไม่",
        )
    raise DocengineError(
        f"year {year} is outside {MIN_YEAR_BE}-{MAX_YEAR_BE} (Buddhist Era)",
        f"ปี พ.ศ. {year} อยู่นอกช่วง {MIN_YEAR_BE}-{MAX_YEAR_BE}",
    )


def book_number(agency_code: str, series: str, running_no: int, year_be: int, *, receipt_width: int = 3) -> str:
    """The number as written in the book and on the letter ("ที่" or "เลขรับ")."""
    if series in ("normal", "memo"):
        return f"{agency_code}/{running_no}"
    if series == "circular":
        return f"{agency_code}/ว {running_no}"
    if series == "order" or series in FORM_SERIES:
        return f"{running_no}/{year_be}"
    if series == "receive":
        return f"{running_no:0{receipt_width}d}/{year_be}"
    raise ValueError(series)


def book_number_prefix(agency_code: str, series: str) -> str:
    """What a letter prints after "ที่" before its number is given (offices number at dispatch).

    >>> book_number_prefix("ชม 0023.3", "circular")
    'ชม 0023.3/ว'
    >>> book_number_prefix("ชม 0023.05", "normal")
    'ชม 0023.05/'
    """
    if series in ("normal", "memo"):
        return f"{agency_code}/"
    if series == "circular":
        return f"{agency_code}/ว"
    raise DocengineError(
        f"a letter of the {series} series cannot be printed without its number",
        f"หนังสือชุดเลข {series} ต้องมีเลขที่ จึงพิมพ์โดยเว้นเลขไม่ได้",
    )


def normalize_book_number(text: str) -> str:
    """A book number as stored: ASCII digits, "ว" followed by one space, no space after "/".

    Typed and OCR'd numbers vary in spacing and digits; the register compares
    them in this one form.

    >>> normalize_book_number("ชม ๐๐๒๓.๓/ว๖๓")
    'ชม 0023.3/ว 63'
    >>> normalize_book_number("ชม 0023.05/ 655")
    'ชม 0023.05/655'
    >>> normalize_book_number(" 12 / 2567 ")
    '12/2567'
    """
    s = " ".join(arabic_digits(str(text)).split())
    s = re.sub(r"\s*/\s*", "/", s)
    s = re.sub(r"/ว\s*(?=\d)", "/ว ", s)
    return re.sub(r"^([\u0E01-\u0E2E]+)\s*(?=\d)", r"\1 ", s)


def _ensure_counter(session: Session, agency_code: str, series: str, year_be: int) -> None:
    """Create the book's counter row unless it exists, without racing another creator."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    stmt = insert(Counter).values(agency_code=agency_code, series=series, year_be=year_be, last_no=0, start_no=1)
    session.execute(stmt.on_conflict_do_nothing())


def _locked_counter(session: Session, agency_code: str, series: str, year_be: int) -> Counter:
    _ensure_counter(session, agency_code, series, year_be)
    # FOR UPDATE holds the row until commit on PostgreSQL; SQLite ignores it
    # and is already serialised by BEGIN IMMEDIATE.
    query = (
        select(Counter)
        .where(Counter.agency_code == agency_code, Counter.series == series, Counter.year_be == year_be)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return session.execute(query).scalar_one()


def take_next(session: Session, agency_code: str, series: str, year_be: int) -> int:
    """Bump the book's counter and return the new running number.

    Must run inside a write transaction that also inserts the book line for the
    number: then a number is never taken without being recorded.
    """
    counter = _locked_counter(session, agency_code, series, year_be)
    number = max(counter.last_no + 1, counter.start_no)
    counter.last_no = number
    session.flush()
    return number


def peek_next(session: Session, agency_code: str, series: str, year_be: int) -> int:
    """The running number :func:`take_next` would return now, without taking it (read only):
    what a file name is predicted from before the number is taken."""
    counter = session.execute(select(Counter).where(
        Counter.agency_code == agency_code, Counter.series == series, Counter.year_be == year_be)).scalar_one_or_none()
    if counter is None:
        return 1
    return max(counter.last_no + 1, counter.start_no)


def set_start(session: Session, agency_code: str, series: str, year_be: int, start_no: int) -> None:
    """Make the book start at ``start_no`` (agencies moving from a paper book mid-year).

    Only before the first number of that book is taken: raising the floor later
    would leave a hole in the book.
    """
    if start_no < 1:
        raise DocengineError(f"a book starts at 1 or later, not {start_no}", f"เลขเริ่มต้นต้องไม่น้อยกว่า 1 ({start_no})")
    counter = _locked_counter(session, agency_code, series, year_be)
    if counter.last_no:
        raise DocengineError(
            f"the {series} book of {agency_code} for {year_be} already reached {counter.last_no}; "
            "its starting number can no longer change (that would leave a gap)",
            f"ทะเบียน {SERIES[series]} ของ {agency_code} ปี {year_be} ออกเลขถึง {counter.last_no} แล้ว "
            "เปลี่ยนเลขเริ่มต้นไม่ได้ (จะทำให้เลขขาดช่วง)",
        )
    counter.start_no = start_no
