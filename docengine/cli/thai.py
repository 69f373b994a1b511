"""``docengine thai``: try the Thai formatters from the command line.

Examples::

    docengine thai date 2024-01-05 --style abbr      # ๕ ม.ค. ๒๕๖๗
    docengine thai parse "๕ ม.ค. ๒๕๖๗"                # 2024-01-05
    docengine thai baht 650700                        # หกแสนห้าหมื่นเจ็ดร้อยบาทถ้วน
    docengine thai id 3100600445635 --mask            # X-XXXX-XXXX5-63-5

The formatters are imported inside each command so that ``docengine --help``
stays fast.
"""

from __future__ import annotations

import click

from .output import reports, result, say

DIGITS = click.Choice(["thai", "arabic"])
DIGITS_HELP = "Thai or Arabic digits / ใช้เลขไทยหรือเลขอารบิก"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def thai():
    """Thai formatting helpers: dates, times, baht, citizen IDs, provinces.

    เครื่องมือจัดรูปแบบภาษาไทย: วันที่ เวลา จำนวนเงิน เลขประจำตัวประชาชน จังหวัด
    """


@thai.command("date", short_help="Write a date the Thai way / แสดงวันที่แบบไทย")
@click.argument("when", required=False)
@click.option(
    "--style",
    type=click.Choice(["full", "abbr", "short", "weekday"]),
    default="full",
    show_default=True,
    help="full ๕ มกราคม ๒๕๖๗, abbr ๕ ม.ค. ๒๕๖๗, short ๕ ม.ค. ๖๗, weekday วันศุกร์ที่ … / รูปแบบวันที่",
)
@click.option("--digits", type=DIGITS, default="thai", show_default=True, help=DIGITS_HELP)
@reports("thai")
def date_command(when, style, digits):
    """Write WHEN (2024-01-05, 5/1/2567, ๕ ม.ค. ๒๕๖๗; default today) as a Thai date.

    แสดงวันที่ WHEN (ค่าเริ่มต้น: วันนี้) แบบไทย ปี พ.ศ.
    """
    from docengine.thai import format_date, format_weekday_date

    day = _day(when)
    text = format_weekday_date(day, digits=digits) if style == "weekday" else format_date(day, style=style,
                                                                                          digits=digits)
    say(text)
    result({"text": text, "date": day.isoformat()})


@thai.command("parse", short_help="Read a Thai date into ISO / อ่านวันที่แบบไทยเป็น ISO")
@click.argument("text")
@reports("thai")
def parse_command(text):
    """Read a Thai date (or a bare BE year) and print it as an ISO (CE) date.

    อ่านวันที่แบบไทย (หรือปี พ.ศ.) แล้วแสดงเป็นวันที่ ISO (ค.ศ.)
    """
    from docengine.thai import parse_be_date_or_year

    parsed = parse_be_date_or_year(text)
    shown = str(parsed) if isinstance(parsed, int) else parsed.isoformat()
    say(shown)
    result({"text": shown, "year": parsed} if isinstance(parsed, int) else {"text": shown, "date": shown})


@thai.command("time", short_help="Write a time in Bangkok time / แสดงเวลาแบบไทย")
@click.argument("when", required=False)
@click.option("--digits", type=DIGITS, default="thai", show_default=True, help=DIGITS_HELP)
@reports("thai")
def time_command(when, digits):
    """Write WHEN (ISO time or datetime, e.g. 2024-01-04T23:30Z; default now) in Bangkok time.

    แสดงเวลา WHEN ตามเวลากรุงเทพฯ เช่น ๐๖.๓๐ น. (ค่าเริ่มต้น: ขณะนี้)
    """
    from datetime import datetime, time

    from docengine.errors import DocengineError
    from docengine.thai import bangkok_now, format_time

    if when is None:
        moment = bangkok_now()
    else:
        try:
            moment = datetime.fromisoformat(when) if "-" in when[:5] else time.fromisoformat(when)
        except ValueError:
            raise DocengineError(
                f"{when!r} is not an ISO time or datetime (e.g. 10:30 or 2024-01-05T10:30+07:00)",
                f"{when!r} ไม่ใช่เวลาแบบ ISO (เช่น 10:30 หรือ 2024-01-05T10:30+07:00)",
            ) from None
    text = format_time(moment, digits=digits)
    say(text)
    result({"text": text, "time": moment.isoformat()})


@thai.command("baht", short_help="Write an amount in words / เขียนจำนวนเงินเป็นตัวอักษร")
@click.argument("amount")
@click.option("--figures", is_flag=True, help="Also print the figures: ๖๕๐,๗๐๐ บาท (…) / แสดงตัวเลขด้วย")
@click.option("--digits", type=DIGITS, default="thai", show_default=True, help=DIGITS_HELP)
@reports("thai")
def baht_command(amount, figures, digits):
    """Write AMOUNT (e.g. 650700 or 2,500.50) in Thai words.

    เขียนจำนวนเงิน AMOUNT เป็นตัวอักษร เช่น หกแสนห้าหมื่นเจ็ดร้อยบาทถ้วน
    """
    from docengine.thai import baht_text, format_amount

    words = baht_text(amount)
    shown = format_amount(amount, digits=digits)
    say(f"{shown} บาท ({words})" if figures else words)
    result({"text": words, "figures": f"{shown} บาท"})


@thai.command("id", short_help="Check, format or mask a citizen ID / ตรวจและแสดงเลขประจำตัวประชาชน")
@click.argument("number")
@click.option("--mask", is_flag=True, help="Show only the last four digits (PDPA) / ปกปิดเหลือเพียงสี่หลักท้าย")
@click.option("--digits", type=DIGITS, default="arabic", show_default=True, help=DIGITS_HELP)
@reports("thai")
def id_command(number, mask, digits):
    """Check a citizen ID and print it grouped 1-4-5-2-1 (or masked).

    ตรวจเลขประจำตัวประชาชนและแสดงแบบแบ่งกลุ่ม (หรือแบบปกปิด)
    """
    from docengine.thai import citizen_id

    text = citizen_id.mask(number, digits=digits) if mask else citizen_id.format(number, digits=digits)
    say(text)
    result({"text": text, "valid": True, "masked": mask})


@thai.command("fy", short_help="Fiscal year and its span / ปีงบประมาณ")
@click.argument("when", required=False)
@click.option("--digits", type=DIGITS, default="thai", show_default=True, help=DIGITS_HELP)
@reports("thai")
def fy_command(when, digits):
    """Fiscal year of a date, or the span of a BE fiscal year (default: today).

    ปีงบประมาณของวันที่ หรือช่วงวันของปีงบประมาณ พ.ศ. ที่ระบุ (ค่าเริ่มต้น: วันนี้)
    """
    from docengine.thai import bangkok_today, fiscal_year, fiscal_year_bounds, format_date, parse_be_date_or_year
    from docengine.thai.digits import in_digits

    parsed = bangkok_today() if when is None else parse_be_date_or_year(when)
    year = parsed if isinstance(parsed, int) else fiscal_year(parsed)
    start, end = fiscal_year_bounds(year)
    text = in_digits(f"ปีงบประมาณ พ.ศ. {year}: ", digits) + \
        f"{format_date(start, digits=digits)} – {format_date(end, digits=digits)}"
    say(text)
    result({"text": text, "year": year, "start": start.isoformat(), "end": end.isoformat()})


@thai.command("province", short_help="Province code ⇄ name / รหัสจังหวัด")
@click.argument("name_or_code")
@reports("thai")
def province_command(name_or_code):
    """Province code of a name (เชียงใหม่ → ชม), or name of a code (ชม → เชียงใหม่).

    รหัสจังหวัดจากชื่อ หรือชื่อจังหวัดจากรหัส
    """
    from docengine.thai import ProvinceError, province_code, province_name

    try:
        code = province_code(name_or_code)
        name = province_name(code)
        shown = code
    except ProvinceError as not_a_name:
        try:
            name = province_name(name_or_code)
        except ProvinceError:
            raise not_a_name from None
        code, shown = province_code(name), name
    say(shown)
    result({"text": shown, "code": code, "name": name})


def _day(when):
    """The date a command is about: today in Bangkok when not given."""
    from docengine.errors import DocengineError
    from docengine.thai import bangkok_today, parse_be_date_or_year

    if when is None:
        return bangkok_today()
    parsed = parse_be_date_or_year(when)
    if isinstance(parsed, int):
        raise DocengineError(
            f"{when!r} is a year; a day is needed (e.g. 5/1/{parsed})",
            f"{when!r} เป็นปี ต้องระบุวันที่ด้วย (เช่น 5/1/{parsed})",
        )
    return parsed
