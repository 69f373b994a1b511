"""A birth date as the civil registry holds it: a Buddhist-Era year, perhaps without day or month.

Ages are counted in BE so that births before 2484 (1941 CE), when the Thai year
began on 1 April, never go through CE (domain brief §4.2). Only anniversaries,
which fall in 2484 or later for anyone we count, are turned into ``date``.

>>> b = BirthDate(2510)
>>> b.effective()
BirthDate(be_year=2510, month=1, day=1)
>>> b.age_on(date(2024, 1, 1))
57
>>> BirthDate.of(date(1967, 3, 15))
BirthDate(be_year=2510, month=3, day=15)
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from docengine.errors import DocengineError

# BE = CE + 543 for every date from 1 January 2484 (brief §4.2).
BE_OFFSET = 543
FIRST_MODERN_BE_YEAR = 2484


@dataclass(frozen=True, order=True)
class BirthDate:
    """Birth date in BE; ``month``/``day`` are ``None`` when the registry does not know them."""

    be_year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise BirthDateError("a day without a month", "มีวันที่แต่ไม่มีเดือน")
        if self.month is not None and not 1 <= self.month <= 12:
            raise BirthDateError(f"no month {self.month}", f"ไม่มีเดือนที่ {self.month}")
        if self.day is not None:
            # BE and CE years share leap years from 2484 on; earlier ones follow the
            # same 4-year cycle (CE + 543), which is what the registry's dates use.
            last = calendar.monthrange(self.be_year - BE_OFFSET, self.month)[1]
            if not 1 <= self.day <= last:
                raise BirthDateError(
                    f"no day {self.day} in month {self.month} of BE {self.be_year}",
                    f"ไม่มีวันที่ {self.day} ในเดือนที่ {self.month} ปี พ.ศ. {self.be_year}",
                )

    @classmethod
    def of(cls, born: BirthDate | date | int) -> BirthDate:
        """Accept a ``BirthDate``, a CE ``date``, or a bare BE year (``int``)."""
        if isinstance(born, BirthDate):
            return born
        if isinstance(born, date):
            return cls(born.year + BE_OFFSET, born.month, born.day)
        if isinstance(born, int) and not isinstance(born, bool):
            return cls(born)
        raise BirthDateError(
            f"a birth date must be a date or a BE year, not {born!r}",
            f"วันเกิดต้องเป็นวันที่หรือปี พ.ศ. ไม่ใช่ {born!r}",
        )

    @property
    def is_exact(self) -> bool:
        return self.day is not None

    def effective(self) -> BirthDate:
        """The date counted from: 1 January if day and month are unknown, the 1st if only the day is.

        >>> BirthDate(2510, 3).effective()
        BirthDate(be_year=2510, month=3, day=1)
        """
        # 1 January for unknown day and month [chaikram.go.th; seed S4]; 1st of the
        # month for unknown day (CCC s.16; unverified for allowance practice).
        return BirthDate(self.be_year, self.month or 1, self.day or 1)

    def anniversary(self, years: int) -> date:
        """The CE date of the ``years``-th birthday; 29 Feb becomes 1 Mar in a common year."""
        eff = self.effective()
        ce_year = eff.be_year + years - BE_OFFSET
        if ce_year + BE_OFFSET < FIRST_MODERN_BE_YEAR:
            raise BirthDateError(
                f"anniversary in BE {ce_year + BE_OFFSET} is before 2484",
                f"วันครบรอบปี พ.ศ. {ce_year + BE_OFFSET} อยู่ก่อนปี ๒๔๘๔",
            )
        if eff.month == 2 and eff.day == 29 and not calendar.isleap(ce_year):
            return date(ce_year, 3, 1)
        return date(ce_year, eff.month, eff.day)

    def completes(self, years: int, offset_days: int = 1) -> date:
        """Last day of the ``years``-th year of age (the day before the anniversary by default).

        >>> BirthDate(2509, 9, 2).completes(60)
        datetime.date(2026, 9, 1)
        """
        return self.anniversary(years) - timedelta(days=offset_days)

    def age_on(self, on: date) -> int:
        """Completed years of age at the start of ``on`` (BE arithmetic)."""
        eff = self.effective()
        years = on.year + BE_OFFSET - eff.be_year
        # A 29 February birthday counts from 1 March in common years, which
        # this tuple comparison gives for free.
        if (on.month, on.day) < (eff.month, eff.day):
            years -= 1
        return years

    def be_text(self) -> str:
        """Numeric BE form as lists print it (d/mm/yyyy), or the bare year.

        >>> BirthDate(2510, 1, 5).be_text(), BirthDate(2510).be_text()
        ('5/01/2510', '2510')
        """
        if self.day is None and self.month is None:
            return str(self.be_year)
        if self.day is None:
            return f"{self.month:02d}/{self.be_year}"
        return f"{self.day}/{self.month:02d}/{self.be_year}"

    def to_date(self) -> date:
        """The effective birth date in CE; refuses births before 2484 (no CE round trip)."""
        eff = self.effective()
        if eff.be_year < FIRST_MODERN_BE_YEAR:
            raise BirthDateError(
                f"birth in BE {eff.be_year} is before 2484 and is kept in BE",
                f"วันเกิดปี พ.ศ. {eff.be_year} อยู่ก่อนปี ๒๔๘๔ จึงเก็บเป็น พ.ศ. เท่านั้น",
            )
        return date(eff.be_year - BE_OFFSET, eff.month, eff.day)


class BirthDateError(DocengineError, ValueError):
    """A birth date that cannot exist."""
