"""Errors that users see: every problem at once, with where it is, in Thai and English.

>>> p = Problem(field="date", value="2024-13-01", th="วันที่ไม่ถูกต้อง", en="impossible date", row=3)
>>> print(p)
row 3, date='2024-13-01': impossible date / วันที่ไม่ถูกต้อง
"""

from __future__ import annotations

from dataclasses import dataclass

# Exit codes of the ``docengine`` command (docs/exit-codes.md).
EXIT_OK = 0
EXIT_INPUT = 1        # bad input or data: the message names the file, row and field
EXIT_USAGE = 2        # wrong options or arguments (click's usage errors)
EXIT_CONFLICT = 3     # the register refuses: duplicate receipt, number or file already used
EXIT_IO = 4           # a file or the register database cannot be read or written
EXIT_INTERNAL = 70    # a bug in docengine (EX_SOFTWARE); the message asks for a report
EXIT_INTERRUPTED = 130  # Ctrl-C / SIGINT


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
        value = "" if self.value is None else f"={_short(self.value)}"
        return f"{prefix}{self.field}{value}: {self.en} / {self.th}"


def _short(value, limit: int = 120) -> str:
    """A value as shown in a message: its repr, cut so hostile input is not echoed whole."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"


class DocengineError(Exception):
    """Base for errors shown to users without a traceback. Message is bilingual.

    ``exit_code`` is what the command exits with (docs/exit-codes.md).
    """

    exit_code = EXIT_INPUT

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


class RegisterConflict(DocengineError):
    """The register refuses a change that would contradict what it holds."""

    exit_code = EXIT_CONFLICT


class ReferenceDataError(DocengineError):
    """A shipped or office-supplied data file is malformed."""
