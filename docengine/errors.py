"""Errors that users see: every problem at once, with where it is, in Thai and English.

>>> p = Problem(field="date", value="2024-13-01", th="วันที่ไม่ถูกต้อง", en="impossible date", row=3)
>>> print(p)
row 3, date='2024-13-01': impossible date / วันที่ไม่ถูกต้อง
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input."""

    field: str
    value: object
    th: str
    en: str
    row: int | None = None  # data rows count from 1
    source: str | None = None  # file name, when known

    def where(self) -> str:
        parts = []
        if self.source:
            parts.append(str(self.source))
        if self.row is not None:
            parts.append(f"row {self.row}")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.where()
        prefix = f"{where}, " if where else ""
        value = "" if self.value is None else f"={self.value!r}"
        return f"{prefix}{self.field}{value}: {self.en} / {self.th}"


class DocengineError(Exception):
    """Base for errors shown to users without a traceback. Message is bilingual."""

    def __init__(self, en: str, th: str | None = None):
        self.en = en
        self.th = th
        super().__init__(f"{en} / {th}" if th else en)


class ValidationError(DocengineError):
    """Input failed validation; ``problems`` lists all of them."""

    def __init__(self, problems: list[Problem], context: str = "input"):
        self.problems = list(problems)
        n = len(self.problems)
        en = f"{context}: {n} problem{'s' if n != 1 else ''} found"
        th = f"พบปัญหาในข้อมูล {n} รายการ"
        super().__init__(en, th)

    def report(self) -> str:
        lines = [str(self)]
        lines += [f"  - {p}" for p in self.problems]
        return "\n".join(lines)


class ReferenceDataError(DocengineError):
    """A shipped or office-supplied data file is malformed."""
