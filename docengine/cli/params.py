"""The value types and deprecated spellings every ``docengine`` command shares (docs/cli.md).

One click parameter type per concept, each delegating to ``docengine.thai`` (the one
home of the era and year rules):

* ``DATE`` — a date typed by a user: ISO (CE) ``2024-01-05`` or Thai BE ``5 ม.ค. 2567``,
  ``๕/๑/๒๕๖๗``, ``5/1/2567``; a CE year where BE belongs (``5/1/2024``) is refused.
* ``MOMENT`` — a date and time in Bangkok: ``2024-01-08T09:30``, ``8/1/2567 09:30``.
* ``FY`` — a fiscal year, BE: ``2570`` or ``๒๕๗๐``; ``2027`` is refused with 2570 suggested.

A value that does not read is bad input (exit 1, docs/exit-codes.md) with one bilingual
line naming the option.

    >>> DATE.convert("๕/๑/๒๕๖๗", None, None)
    datetime.date(2024, 1, 5)
    >>> FY.convert("๒๕๗๐", None, None)
    2570

``deprecated(old)`` keeps an old spelling of an option working, hidden from ``--help``:
it fills the option it stands for and prints a note on standard error.
"""

from __future__ import annotations

import functools

import click

from docengine.errors import DocengineError


def _flag(param: click.Parameter | None, default: str) -> str:
    if param is None:
        return default
    return next((o for o in param.opts if o.startswith("--")), param.human_readable_name)


class ThaiDateType(click.ParamType):
    """ISO (CE) or Thai BE date → ``datetime.date`` (docengine.thai.parse_be_date_or_year)."""

    name = "date"

    def get_metavar(self, param, ctx=None):
        return "DATE"

    def convert(self, value, param, ctx):
        from datetime import date

        if isinstance(value, date):
            return value
        from docengine.thai import ThaiDateError, parse_be_date_or_year

        option = _flag(param, "date")
        try:
            parsed = parse_be_date_or_year(str(value))
        except ThaiDateError as exc:
            raise DocengineError(f"{option}: {exc.en}", f"{option}: {exc.th}") from None
        if not isinstance(parsed, date):
            raise DocengineError(
                f"{option} {value!r}: give a whole date, not just a year (e.g. 2024-01-09 or 9/1/2567)",
                f"{option} {value!r}: ต้องระบุวัน เดือน ปี ไม่ใช่ปีอย่างเดียว")
        return parsed


class MomentType(click.ParamType):
    """A date and time in Bangkok → aware ``datetime`` (docengine.thai.parse_moment)."""

    name = "date-time"

    def get_metavar(self, param, ctx=None):
        return "DATETIME"

    def convert(self, value, param, ctx):
        from datetime import datetime

        from docengine.thai import ThaiDateError, parse_moment

        if isinstance(value, datetime):
            return value
        option = _flag(param, "time")
        try:
            return parse_moment(str(value))
        except ThaiDateError as exc:
            raise DocengineError(f"{option}: {exc.en}", f"{option}: {exc.th}") from None


class FiscalYearType(click.ParamType):
    """A BE fiscal year → ``int`` (checked by docengine.thai.fiscal_year_bounds)."""

    name = "fiscal-year"

    def get_metavar(self, param, ctx=None):
        return "FY"

    def convert(self, value, param, ctx):
        from docengine.thai import ThaiDateError, arabic_digits, fiscal_year_bounds

        option = _flag(param, "--fy")
        if isinstance(value, int) and not isinstance(value, bool):
            year = value
        else:
            text = arabic_digits(str(value)).strip()
            if not text.isdigit():
                raise DocengineError(f"{option} {value!r}: a fiscal year is a BE year number, e.g. 2570",
                                     f"{option} {value!r}: ปีงบประมาณต้องเป็นเลขปี พ.ศ. เช่น ๒๕๗๐")
            year = int(text)
        try:
            fiscal_year_bounds(year)
        except ThaiDateError as exc:
            raise DocengineError(f"{option}: {exc.en}", f"{option}: {exc.th}") from None
        return year


DATE = ThaiDateType()
MOMENT = MomentType()
FY = FiscalYearType()


class DeprecatedOption(click.Option):
    """A hidden old spelling of another option of the same command (``canonical``)."""

    def __init__(self, *args, canonical: str, **kwargs):
        super().__init__(*args, hidden=True, **kwargs)
        self.canonical = canonical


def deprecated(old: str, target: str):
    """Keep ``old`` (e.g. ``--as``) working as a hidden alias of the parameter ``target``.

    Put it right under ``@click.command``: it copies the target option's type, fills the
    target when only the old spelling is given, and refuses the two with different values.
    """

    def decorate(f):
        params = getattr(f, "__click_params__", [])
        option = next(p for p in params if p.name == target)
        canonical = _flag(option, target)
        name = "deprecated_" + old.lstrip("-").replace("-", "_")
        required = option.required
        option.required = False  # checked below, so that the old spelling alone is enough

        @functools.wraps(f)
        def wrapper(*args, **kwargs):
            value = kwargs.pop(name, None)
            if value not in (None, ()) and not (option.is_flag and value is False):
                current = kwargs.get(target)
                if current not in (None, (), option.default) and current != value:
                    raise click.UsageError(f"{old} and {canonical} are the same option; give it once / "
                                           f"{old} กับ {canonical} คือตัวเลือกเดียวกัน ให้ระบุครั้งเดียว")
                kwargs[target] = value
                click.echo(f"note: {old} is deprecated, use {canonical} / "
                           f"หมายเหตุ: {old} เลิกใช้แล้ว ให้ใช้ {canonical}", err=True)
            if required and kwargs.get(target) in (None, ()):
                raise click.MissingParameter(ctx=click.get_current_context(), param=option)
            return f(*args, **kwargs)

        alias = DeprecatedOption([old, name], canonical=canonical, type=option.type, multiple=option.multiple,
                                 is_flag=option.is_flag, help=f"Deprecated spelling of {canonical}")
        wrapper.__click_params__ = [*params, alias]
        return wrapper

    return decorate
