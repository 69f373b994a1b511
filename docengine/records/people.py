"""Read and check a people file (CSV or XLSX) for allowance forms, lists and reports.

The columns are described once, in ``data/people_columns.yaml`` (also rendered
as ``docs/people-columns.md``); each is accepted under its English key or its
Thai header. Every problem in the file is collected and reported at once with
its data row (counting from 1, the line after the header), column and value,
in Thai and English. Nothing is returned until the whole file is good.

>>> import tempfile, pathlib
>>> f = pathlib.Path(tempfile.mkdtemp()) / "p.csv"
>>> _ = f.write_text("เลขประจำตัวประชาชน,คำนำหน้า,ชื่อ,นามสกุล,วันเกิด,สถานะ\\n"
...                  "3100600445635,นาง,บัวคำ,ใจดี,2 ก.ย. 2509,รายใหม่\\n", encoding="utf-8")
>>> [(p.full_name, p.birth.be_text()) for p in read_people(f, fy=2570, kind="elderly")]
[('นางบัวคำ ใจดี', '2/09/2509')]
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path

from docengine.allowance import (
    BirthDate,
    BirthDateError,
    PaymentMethod,
    disability_types,
    elderly_cohort_fy,
    elderly_first_payment,
    is_eligible_for_fy,
    payment_methods,
)
from docengine.allowance.birth import BE_OFFSET
from docengine.allowance.rates import check_kind
from docengine import limits
from docengine.errors import DocengineError, Problem, ValidationError
from docengine.models.person import EXISTING, Address, Person, Proxy
from docengine.thai import arabic_digits, bangkok_today, citizen_id, fiscal_year_bounds, parse_be_date_or_year
from docengine.thai.marks import SUSPECT, TextError, clean_text

from .columns import Column, columns, header_index, normalise_header, purposes
from .tabular import open_table

# Registry extracts write unknown parts as zeros: 00/00/2510, 00/03/2510 (brief §5.4).
_ZERO_DAY_MONTH = re.compile(r"0{1,2}[/.-]0{1,2}[/.-](\d{4})")
_ZERO_DAY = re.compile(r"0{1,2}[/.-](\d{1,2})[/.-](\d{4})")
_YEAR_AT_END = re.compile(r"(\d{4})$")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\ufeff]")
_SPACES = re.compile(r"\s+")
# Anything that needs cleaning beyond strip(): invisible characters, odd or repeated spaces.
_UNTIDY = re.compile(r"[\u200b\u200c\u200d\ufeff\xa0\t\r\n]|\s\s")
_EMPTY_MARKS = {"", "-", "–", "—"}
_FIRST_BE_YEAR_AS_CE = 2484
# Years repeat their calendar (leap days, weekdays) every 28 years, so a pre-2484
# BE date can be checked by the shared date reader 56 years later (see read_birth_date).
_CALENDAR_SHIFT = 56


class PeopleFileError(DocengineError):
    """A people file that cannot be read for a reason other than its rows (bad purpose, kind...)."""


# --------------------------------------------------------------- cell values


class _Bad(Exception):
    """A cell value that is wrong; carries the bilingual reason."""

    def __init__(self, en: str, th: str):
        super().__init__(en)
        self.en, self.th = en, th


def _clean_cell(text: str) -> str:
    """A cell's text within CELL_CHARS, Thai marks in order, no control or bidi characters."""
    if len(text) > limits.CELL_CHARS:
        raise TextError(f"{len(text):,} characters, more than the limit of {limits.CELL_CHARS:,}",
                        f"ยาว {len(text):,} ตัวอักษร เกินกำหนด {limits.CELL_CHARS:,}")
    return clean_text(text)


def _text(value: object) -> str:
    """Cell text: spreadsheets give ints, floats and dates; CSV gives strings."""
    if value is None:
        return ""
    if type(value) is str:
        text = value.strip()
        if _UNTIDY.search(text):
            text = _SPACES.sub(" ", _INVISIBLE.sub("", text).replace("\xa0", " ")).strip()
        return "" if text in _EMPTY_MARKS else text
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    text = _SPACES.sub(" ", _INVISIBLE.sub("", str(value)).replace("\xa0", " ")).strip()
    return "" if text in _EMPTY_MARKS else text


def read_birth_date(value: object, *, today: date | None = None) -> BirthDate:
    """A birth date as people files write it, kept in BE.

    Accepts what :func:`docengine.thai.parse_be_date_or_year` accepts, registry
    zeros for unknown parts, spreadsheet date cells (a year of 2400 or more in a
    date cell is a BE year typed into it), and BE dates before 2484, which are
    read without converting them to CE (domain brief §4.2).

    >>> read_birth_date("00/00/2510"), read_birth_date("5 ม.ค. 2470")
    (BirthDate(be_year=2510, month=None, day=None), BirthDate(be_year=2470, month=1, day=5))
    """
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        if value.year >= 2400:
            return BirthDate(value.year, value.month, value.day)
        return BirthDate.of(value)
    shown = _text(value)
    text = arabic_digits(shown).replace(" ", "")
    if m := _ZERO_DAY_MONTH.fullmatch(text):
        return BirthDate(int(m[1]))
    if m := _ZERO_DAY.fullmatch(text):
        return BirthDate(int(m[2]), int(m[1]))
    year_at_end = _YEAR_AT_END.search(text)
    old_year = int(year_at_end[1]) if year_at_end else None
    if old_year is not None and 2400 <= old_year < _FIRST_BE_YEAR_AS_CE and len(text) > 4:
        # The shared reader refuses dates before 2484 (no single CE equivalent);
        # read day and month from the same text 56 years on, keep the BE year.
        shifted = text[: year_at_end.start()] + str(old_year + _CALENDAR_SHIFT)
        try:
            parsed = parse_be_date_or_year(shifted, today=today)
        except DocengineError:
            raise BirthDateError(
                f"{shown!r} is not a date; expected e.g. '5 ม.ค. {old_year}' or '5/01/{old_year}'",
                f"{shown!r} ไม่ใช่วันที่ที่ถูกต้อง ตัวอย่าง: '5 ม.ค. {old_year}' หรือ '5/01/{old_year}'",
            ) from None
        if isinstance(parsed, date):
            return BirthDate(old_year, parsed.month, parsed.day)
    parsed = parse_be_date_or_year(shown, today=today)
    return BirthDate(parsed) if isinstance(parsed, int) else BirthDate.of(parsed)


def _digits(text: str, drop: str = "- ()") -> str:
    return arabic_digits(text).translate({ord(c): None for c in drop})


def _convert(col: Column, raw: object, text: str, today: date) -> object:
    """The cell's value in the Person, or ``_Bad``. ``None`` means empty."""
    try:
        if isinstance(raw, date):  # a spreadsheet date cell
            if col.type in ("birth_date", "date"):
                return _CONVERTERS[col.type](col, raw, today)
            return text
        if not text:
            return None
        return _CONVERTERS[col.type](col, text, today)
    except DocengineError as exc:  # includes the Thai readers' errors
        raise _Bad(exc.en, exc.th or exc.en) from None


def _as_citizen_id(col: Column, text: str, today: date) -> str:
    return citizen_id.validate(text)


def _as_birth_date(col: Column, text: str | date, today: date) -> BirthDate:
    birth = read_birth_date(text, today=today)
    if birth.age_on(today) < 0:
        raise _Bad(f"birth date {text!r} is in the future", f"วันเกิด {text!r} อยู่ในอนาคต")
    return birth


def _as_date(col: Column, text: str | date, today: date) -> date:
    """A whole past date (an ID card's issue date, a moving date), BE or ISO."""
    parsed = parse_be_date_or_year(text, today=today)
    if not isinstance(parsed, date):
        raise _Bad(f"{col.key} needs day, month and year, e.g. 12 ม.ค. 2565",
                   f"{col.th}ต้องมีวัน เดือน และปี เช่น 12 ม.ค. 2565")
    if parsed > today:
        raise _Bad(f"{col.key} {text!r} is in the future", f"{col.th} {text!r} อยู่ในอนาคต")
    return parsed


def _as_number(col: Column, text: str, today: date) -> str:
    digits = arabic_digits(text)
    if not digits.isdigit():
        raise _Bad(f"{col.key} must be a number", f"{col.th}ต้องเป็นตัวเลข")
    return str(int(digits))


def _as_postcode(col: Column, text: str, today: date) -> str:
    digits = arabic_digits(text)
    if not (len(digits) == 5 and digits.isdigit()):
        raise _Bad("a postcode has 5 digits", "รหัสไปรษณีย์ต้องเป็นตัวเลข ๕ หลัก")
    return digits


def _as_phone(col: Column, text: str, today: date) -> str:
    digits = _digits(text)
    if not (digits.isdigit() and len(digits) in (9, 10) and digits.startswith("0")):
        raise _Bad(
            "a telephone number has 9 or 10 digits starting with 0",
            "หมายเลขโทรศัพท์ต้องเป็นตัวเลข ๙ หรือ ๑๐ หลัก ขึ้นต้นด้วย ๐",
        )
    return digits


def _as_account_no(col: Column, text: str, today: date) -> str:
    digits = _digits(text)
    if not (digits.isdigit() and 10 <= len(digits) <= 15):
        raise _Bad(
            "a bank account number has 10 to 15 digits (dashes allowed)",
            "เลขที่บัญชีต้องเป็นตัวเลข ๑๐-๑๕ หลัก (มีขีดได้)",
        )
    return digits


def _as_amount(col: Column, text: str, today: date) -> float:
    try:
        amount = float(arabic_digits(text).replace(",", ""))
    except ValueError:
        raise _Bad("must be an amount in baht, e.g. 3000", "ต้องเป็นจำนวนเงิน (บาท) เช่น 3000") from None
    if amount < 0:
        raise _Bad("an amount cannot be negative", "จำนวนเงินติดลบไม่ได้")
    return amount


def _as_choice(col: Column, text: str, today: date) -> str:
    if text in col.choices:
        return text
    aliases = dict(col.choice_aliases)
    if text.casefold() in aliases:
        return aliases[text.casefold()]
    allowed = ", ".join(col.choices)
    raise _Bad(f"must be one of: {allowed}", f"ต้องเป็นค่าใดค่าหนึ่งต่อไปนี้: {allowed}")


@cache
def _payment_methods() -> dict[int, PaymentMethod]:
    return {m.number: m for m in payment_methods()}


@cache
def _disability_numbers() -> list[int]:
    return [t.number for t in disability_types()]


def _as_payment_method(col: Column, text: str, today: date) -> int:
    numbers = list(_payment_methods())
    digits = arabic_digits(text)
    if not digits.isdigit() or int(digits) not in numbers:
        raise _Bad(
            f"payment method must be a number {numbers[0]}-{numbers[-1]}",
            f"วิธีรับเงินต้องเป็นเลข {numbers[0]}-{numbers[-1]} ตามแบบคำขอ",
        )
    return int(digits)


def _as_disability_types(col: Column, text: str, today: date) -> tuple[int, ...]:
    numbers = _disability_numbers()
    found: list[int] = []
    for part in re.split(r"[,/ ;]+", arabic_digits(text)):
        if not part.isdigit() or int(part) not in numbers:
            raise _Bad(
                f"disability type must be a number {numbers[0]}-{numbers[-1]} (several may be given as 1,3)",
                f"ประเภทความพิการต้องเป็นเลข {numbers[0]}-{numbers[-1]} (หลายประเภทคั่นด้วยจุลภาค เช่น 1,3)",
            )
        if int(part) not in found:
            found.append(int(part))
    return tuple(found)


_CONVERTERS: dict[str, Callable[[Column, str, date], object]] = {
    "text": lambda col, text, today: text,
    "citizen_id": _as_citizen_id,
    "birth_date": _as_birth_date,
    "date": _as_date,
    "number": _as_number,
    "postcode": _as_postcode,
    "phone": _as_phone,
    "choice": _as_choice,
    "amount": _as_amount,
    "payment_method": _as_payment_method,
    "account_no": _as_account_no,
    "disability_types": _as_disability_types,
}


# -------------------------------------------------------------------- reader


def read_people(
    path: str | Path,
    *,
    fy: int | None = None,
    kind: str | None = None,
    purpose: str = "list",
    today: date | None = None,
) -> list[Person]:
    """Every person in a CSV, XLSX or Parquet file, or :class:`ValidationError` listing every problem.

    ``purpose`` (``list``, ``form`` or ``rollup``) decides which columns are
    required; ``kind`` (``elderly`` or ``disability``) adds the kind's columns;
    with both ``fy`` and ``kind`` each person must be entitled in that fiscal
    year (elderly: completes 60 in time to be paid in ``fy``; disability: born
    by its last day) and a รายเดิม must have been entitled before ``fy``.
    """
    options = check_options(fy=fy, kind=kind, purpose=purpose, today=today)
    with open_table(path) as table:
        header = header_problems(table.header, **options, source=table.name)
        part = check_rows(table.header, table.rows, **options, source=table.name)
    return merge_checked([part], header_problems=header, source=table.name)


def check_options(*, fy: int | None = None, kind: str | None = None, purpose: str = "list",
                  today: date | None = None) -> dict:
    """The options of :func:`read_people`, checked (a bad one is refused before any row
    is read), with ``today`` fixed, so that every part of a file is read alike."""
    if purpose not in purposes():
        raise PeopleFileError(
            f"purpose must be one of {', '.join(purposes())}, not {purpose!r}",
            f"วัตถุประสงค์ต้องเป็น {', '.join(purposes())} ไม่ใช่ {purpose!r}",
        )
    if kind is not None:
        check_kind(kind)
    if fy is not None:
        fiscal_year_bounds(fy)  # refuses CE-looking or impossible years with a clear message
    return {"fy": fy, "kind": kind, "purpose": purpose, "today": today or bangkok_today()}


@dataclass
class CheckedRows:
    """Some rows of a people file, checked: the people, the problems (every one, with its
    row), and the first row of each citizen ID, for the duplicates across parts."""

    people: list[Person]
    problems: list[Problem]
    ids: dict[str, int]
    id_label: str = "citizen_id"  # the ID column's name as the file writes it


def header_problems(header: list[str], *, source: str | None = None, **options) -> list[Problem]:
    """What is wrong with a people file's column names (unknown, twice, a required one missing)."""
    checker = _RowChecker(**options)
    checker.source = source
    checker.read_header(header)
    return checker.problems


def check_rows(header: list[str], rows, *, first_row: int = 1, source: str | None = None,
               **options) -> CheckedRows:
    """Check data rows numbered from ``first_row`` (a part of a file, or all of it) under
    ``header``; the header's own problems are :func:`header_problems`'. A batch checks
    the parts of a large file on its workers at once (docengine.batch.validate)."""
    checker = _RowChecker(**options)
    checker.source = source
    checker.read_header(header)
    checker.problems = []
    people = [p for n, cells in enumerate(rows, start=first_row) if (p := checker.read_row(n, cells))]
    return CheckedRows(people, checker.problems, checker.seen_ids, checker._label("citizen_id"))


def merge_checked(parts: list[CheckedRows], *, header_problems: list[Problem], source: str) -> list[Person]:
    """The people of a file checked in ``parts`` (in file order), or :class:`ValidationError`
    with every problem: the header's, each part's, and a citizen ID on rows of two parts."""
    problems = list(header_problems)
    seen: dict[str, int] = {}
    for part in parts:
        problems += part.problems
        for cid, row in part.ids.items():
            first = seen.setdefault(cid, row)
            if first != row:
                problems.append(duplicate_id(part.id_label, cid, first, row, source))
    if problems:
        problems.sort(key=lambda p: p.row or 0)  # stable: a row's problems keep their order
        raise ValidationError(problems, context=source)
    people = [p for part in parts for p in part.people]
    if not people:
        # A header and nothing else would print an empty announcement or list.
        raise PeopleFileError(f"{source} has column names but no people",
                              f"{source} มีแต่ชื่อคอลัมน์ ไม่มีรายชื่อ")
    return people


def duplicate_id(field: str, cid: str, first: int, row: int, source: str | None) -> Problem:
    return Problem(field=field, value=cid, row=row, source=source,
                   en=f"the same citizen ID is on rows {first} and {row}",
                   th=f"เลขประจำตัวประชาชนซ้ำกันในแถวที่ {first} และแถวที่ {row}")


class _RowChecker:
    """Turns rows into people while collecting problems; one per file."""

    def __init__(self, *, purpose: str, fy: int | None, kind: str | None, today: date):
        self.purpose, self.fy, self.kind, self.today = purpose, fy, kind, today
        self.source: str | None = None
        self.problems: list[Problem] = []
        self.by_position: dict[int, Column] = {}
        self.labels: dict[str, str] = {}  # key -> header as written in the file
        self.unnamed: set[int] = set()
        self.width = 0
        self.seen_ids: dict[str, int] = {}
        self.required: list[Column] = []

    def _problem(self, field: str, value: object, en: str, th: str, row: int | None = None) -> None:
        self.problems.append(Problem(field=field, value=value, en=en, th=th, row=row, source=self.source))

    # -- header

    def read_header(self, header: list[str]) -> None:
        index = header_index()
        self.width = len(header)
        for pos, name in enumerate(header):
            if not _text(name):
                self.unnamed.add(pos)
                continue
            col = index.get(normalise_header(name))
            if col is None:
                self._unknown_column(name, index)
            elif col.key in self.labels:
                self._problem(
                    col.key, name,
                    f"column {col.key} appears twice (as {self.labels[col.key]!r} and {name!r})",
                    f"คอลัมน์ {col.th} ซ้ำกัน ({self.labels[col.key]!r} และ {name!r})",
                )  # fmt: skip
            else:
                self.by_position[pos] = col
                self.labels[col.key] = col.key if normalise_header(name) == normalise_header(col.key) else f"{name} ({col.key})"
        self.birth_pos = next((p for p, c in self.by_position.items() if c.key == "birth_date"), self.width)
        self.required = [
            c for c in columns()
            if self.purpose in c.required_for or (self.kind and c.required_for_kind == self.kind)
        ]  # fmt: skip
        for col in self.required:
            if col.key not in self.labels:
                self._problem(
                    col.key, None,
                    f"required column missing: {col.key} (Thai header {col.th})",
                    f"ไม่มีคอลัมน์ที่ต้องมี: {col.th} ({col.key})",
                )  # fmt: skip

    def _unknown_column(self, name: str, index: dict[str, Column]) -> None:
        near = difflib.get_close_matches(normalise_header(name), list(index), n=1, cutoff=0.5)
        if near:
            col = index[near[0]]
            hint_en, hint_th = f"; did you mean {col.key} ({col.th})?", f" หมายถึง {col.th} ({col.key}) หรือไม่"
        else:
            hint_en, hint_th = "; see docs/people-columns.md", " ดูรายชื่อคอลัมน์ใน docs/people-columns.md"
        self._problem(name, None, f"unknown column {name!r}{hint_en}", f"ไม่รู้จักคอลัมน์ {name!r}{hint_th}")

    # -- rows

    def read_row(self, row: int, cells: list[object]) -> Person | None:
        texts = [_text(c) for c in cells]
        if not any(texts):
            return None  # blank line: skipped, but still counted
        values: dict[str, object] = {}
        before = len(self.problems)
        for pos, text in enumerate(texts):
            if text and (len(text) > limits.CELL_CHARS or SUSPECT.search(text)):
                try:
                    texts[pos] = _clean_cell(text)
                except TextError as bad:
                    col = self.by_position.get(pos)
                    self._problem(self.labels[col.key] if col else f"column {pos + 1}", text[:40],
                                  bad.en, bad.th, row)
                    texts[pos] = ""
                    cells[pos] = None
        width = len(cells)
        for pos, col in self.by_position.items():
            if pos >= width or not (texts[pos] or isinstance(cells[pos], date)):
                values[col.key] = None
                continue
            try:
                values[col.key] = _convert(col, cells[pos], texts[pos], self.today)
            except _Bad as bad:
                self._problem(self.labels[col.key], texts[pos], bad.en, bad.th, row)
                values[col.key] = _INVALID
        for pos in self.unnamed.union(range(self.width, len(cells))):
            if pos < len(texts) and texts[pos]:
                self._problem(
                    f"column {pos + 1}", texts[pos],
                    "value in a column without a header", "มีข้อมูลในคอลัมน์ที่ไม่มีชื่อคอลัมน์", row,
                )  # fmt: skip
        self._check_required(row, values)
        self._check_payment(row, values)
        self._check_duplicate(row, values)
        self._check_entitlement(row, values, texts[self.birth_pos] if self.birth_pos < len(texts) else "")
        if len(self.problems) > before:
            return None
        return _person(row, values)

    def _label(self, key: str) -> str:
        return self.labels.get(key, key)

    def _missing(self, row: int, key: str, en_why: str = "", th_why: str = "") -> None:
        col = next(c for c in columns() if c.key == key)
        self._problem(
            self._label(key), None,
            f"{key} is empty{en_why}", f"ไม่ได้กรอก{col.th}{th_why}", row,
        )  # fmt: skip

    def _check_required(self, row: int, values: dict[str, object]) -> None:
        for col in self.required:
            if col.key in self.labels and values.get(col.key) is None:
                self._missing(row, col.key)

    def _check_payment(self, row: int, values: dict[str, object]) -> None:
        number = values.get("payment_method")
        if not isinstance(number, int):
            return
        method = _payment_methods()[number]
        if method.needs_bank:
            for key in ("bank", "account_no"):
                if values.get(key) is None:
                    self._missing(row, key, f" (payment method {number} is a bank transfer)",
                                  f" (วิธีรับเงินแบบที่ {number} โอนเข้าบัญชีธนาคาร)")  # fmt: skip
        if method.needs_proxy:
            for key in ("proxy_first_name", "proxy_last_name"):
                if values.get(key) is None:
                    self._missing(row, key, f" (payment method {number} pays an authorised person)",
                                  f" (วิธีรับเงินแบบที่ {number} จ่ายให้ผู้รับมอบอำนาจ)")  # fmt: skip

    def _check_duplicate(self, row: int, values: dict[str, object]) -> None:
        cid = values.get("citizen_id")
        if not isinstance(cid, str):
            return
        first = self.seen_ids.setdefault(cid, row)
        if first != row:
            self.problems.append(duplicate_id(self._label("citizen_id"), cid, first, row, self.source))

    def _check_entitlement(self, row: int, values: dict[str, object], shown: str) -> None:
        birth = values.get("birth_date")
        if self.fy is None or self.kind is None or not isinstance(birth, BirthDate):
            return
        label = self._label("birth_date")
        if self.kind == "disability":
            if not is_eligible_for_fy(birth, self.fy, kind="disability"):
                self._problem(
                    label, shown, f"born after the end of FY{self.fy}",
                    f"เกิดหลังสิ้นปีงบประมาณ พ.ศ. {self.fy}", row,
                )  # fmt: skip
            return
        try:
            cohort = elderly_cohort_fy(birth)
        except DocengineError as exc:
            self._problem(label, shown, exc.en, exc.th or exc.en, row)
            return
        if cohort > self.fy and self.purpose == "form":
            return  # a form may be filed early: a warning (docengine.records.warnings), not an error
        if cohort > self.fy:
            first = elderly_first_payment(birth)
            month = f"{first.month:02d}/{first.year + BE_OFFSET}"
            self._problem(
                label, shown,
                f"not 60 in time for FY{self.fy}: paid from month {month} BE (FY{cohort})",
                f"อายุไม่ครบ 60 ปีทันปีงบประมาณ พ.ศ. {self.fy} จะได้รับเงินตั้งแต่เดือน {month} "
                f"(ปีงบประมาณ พ.ศ. {cohort})", row,
            )  # fmt: skip
        elif values.get("status") == EXISTING and cohort == self.fy:
            self._problem(
                self._label("status"), EXISTING,
                f"listed as existing (รายเดิม) but first entitled in FY{self.fy}; should be รายใหม่",
                f"ระบุเป็นรายเดิม แต่เพิ่งมีสิทธิในปีงบประมาณ พ.ศ. {self.fy} ควรเป็นรายใหม่", row,
            )  # fmt: skip


_INVALID = object()  # a cell that failed; already reported, not "missing"


def _person(row: int, v: dict[str, object]) -> Person:
    def get(key: str):
        return v.get(key)

    proxy = Proxy(
        title=get("proxy_title"),
        first_name=get("proxy_first_name"),
        last_name=get("proxy_last_name"),
        citizen_id=get("proxy_citizen_id"),
        relation=get("proxy_relation"),
        address=get("proxy_address"),
        phone=get("proxy_phone"),
        id_issued_at=get("proxy_id_issued_at"),
        id_issued_on=get("proxy_id_issued_on"),
    )
    return Person(
        citizen_id=get("citizen_id"),
        title=get("title"),
        first_name=get("first_name"),
        last_name=get("last_name"),
        birth=get("birth_date"),
        status=get("status"),
        sex=get("sex"),
        address=Address(
            house_no=get("house_no"),
            moo=get("moo"),
            soi=get("soi"),
            road=get("road"),
            community=get("community"),
            subdistrict=get("subdistrict"),
            district=get("district"),
            province=get("province"),
            postcode=get("postcode"),
        ),
        phone=get("phone"),
        nationality=get("nationality"),
        marital_status=get("marital_status"),
        occupation=get("occupation"),
        monthly_income=get("monthly_income"),
        payment_method=get("payment_method"),
        bank=get("bank"),
        bank_branch=get("bank_branch"),
        account_no=get("account_no"),
        account_name=get("account_name"),
        disability_types=get("disability_type") or (),
        reference_name=get("reference_name"),
        reference_phone=get("reference_phone"),
        id_issued_at=get("id_issued_at"),
        id_issued_on=get("id_issued_on"),
        welfare_status=get("welfare_status"),
        moved_on=get("moved_on"),
        consent=get("consent"),
        proxy=proxy if any(getattr(proxy, f) for f in proxy.__dataclass_fields__) else None,
        lao=get("lao"),
        row=row,
    )


def people_of(value, *, base: Path | None = None, fy: int | None = None, kind: str | None = None,
              purpose: str = "list") -> list[Person]:
    """The people a document's data names in ``people:``: a CSV/XLSX file name (relative to
    ``base``, the data file's folder), or, from Python, a list of :class:`Person` already read.

    >>> from docengine.resources import data_path
    >>> people_of("people.csv", base=data_path("samples"), fy=2570, kind="elderly")[0].first_name
    'พิมพ์ใจ'
    """
    if isinstance(value, (list, tuple)) and value and all(isinstance(p, Person) for p in value):
        return list(value)
    return read_people(people_path(value, base), fy=fy, kind=kind, purpose=purpose)


def people_path(value, base: Path | None = None) -> Path:
    """The people file a data file's ``people:`` names, relative to ``base`` (the data file's folder)."""
    if not isinstance(value, (str, Path)) or not str(value).strip():
        raise PeopleFileError("people: give the name of a people file (CSV or XLSX) beside the data file",
                              "people: ระบุชื่อแฟ้มรายชื่อ (CSV หรือ XLSX) ที่อยู่กับแฟ้มข้อมูล")
    path = Path(str(value).strip()).expanduser()
    return path if path.is_absolute() or base is None else base / path


def names_laos(path: str | Path) -> bool:
    """Whether a people file has a ``lao`` column (so its counts are a roll-up across LAOs)."""
    with open_table(path, max_rows=limits.BATCH_ROWS) as table:  # its header only
        index = header_index()
        return any((c := index.get(normalise_header(h or ""))) and c.key == "lao" for h in table.header)
