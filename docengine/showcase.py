"""A one-page showcase of Thai formatting, written by the demo.

Fixed example values (dates from the seed letters, the python-stdnum sample
citizen ID) so the page is the same on every run.

>>> import tempfile
>>> paths = write_showcase(Path(tempfile.mkdtemp()))
>>> paths[0].name
'thai-formatting.md'
"""

from __future__ import annotations

import os
import tempfile
from datetime import date, datetime, time, timezone
from decimal import Decimal
from pathlib import Path

FILE_NAME = "thai-formatting.md"

_DATES = [date(2024, 1, 5), date(2024, 1, 8), date(2014, 12, 19), date(2015, 12, 25), date(1941, 1, 1)]
_TIMES = [time(8, 30), time(16, 30), datetime(2024, 1, 4, 23, 30, tzinfo=timezone.utc)]
_AMOUNTS = [Decimal("650700"), Decimal("2500.50"), Decimal("0.25"), Decimal("21"), Decimal("101"),
            Decimal("1000001"), Decimal("0")]
_CITIZEN_ID = "3100600445635"  # python-stdnum's documented example, not a real person's
_FISCAL_DATES = [date(2022, 9, 30), date(2022, 10, 1), date(2024, 1, 5)]
_PROVINCES = ["เชียงใหม่", "กระบี่", "บึงกาฬ", "กรุงเทพมหานคร"]


def showcase_text() -> str:
    """The showcase page as Markdown."""
    from docengine import thai
    from docengine.thai import citizen_id

    lines = ["# การจัดรูปแบบภาษาไทย / Thai formatting showcase", ""]
    lines += ["## วันที่ / Dates", ""]
    lines += ["| ISO (CE) | full | abbr | short | arabic | weekday |", "|---|---|---|---|---|---|"]
    for d in _DATES:
        cells = [d.isoformat()] + [thai.format_date(d, style) for style in ("full", "abbr", "short")]
        cells += [thai.format_date(d, digits="arabic"), thai.format_weekday_date(d)]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "## เวลา / Times (Asia/Bangkok)", "", "| input | เวลา |", "|---|---|"]
    for t in _TIMES:
        lines.append(f"| {t.isoformat()} | {thai.format_time(t)} |")
    lines += ["", "## จำนวนเงิน / Amounts", "", "| amount | ตัวเลข | ตัวอักษร |", "|---|---|---|"]
    for a in _AMOUNTS:
        lines.append(f"| {a} | {thai.format_amount(a)} บาท | ({thai.baht_text(a)}) |")
    lines += ["", "## เลขประจำตัวประชาชน / Citizen ID", ""]
    lines += [
        f"- grouped: {citizen_id.format(_CITIZEN_ID)} / {citizen_id.format(_CITIZEN_ID, digits='thai')}",
        f"- masked (PDPA): {citizen_id.mask(_CITIZEN_ID)}"
        f" / {citizen_id.mask(_CITIZEN_ID, grouped=False, digits='thai')}",
    ]
    lines += ["", "## ปีงบประมาณ / Fiscal years", "", "| date | ปีงบประมาณ | ช่วง |", "|---|---|---|"]
    for d in _FISCAL_DATES:
        fy = thai.fiscal_year(d)
        start, end = thai.fiscal_year_bounds(fy)
        span = f"{thai.format_date(start)} – {thai.format_date(end)}"
        lines.append(f"| {thai.format_date(d, 'abbr')} | พ.ศ. {thai.thai_digits(fy)} | {span} |")
    lines += ["", "## รหัสจังหวัด / Province codes", ""]
    lines += [f"- {name}: {thai.province_code(name)}" for name in _PROVINCES]
    return "\n".join(lines) + "\n"


def write_showcase(out_dir: Path) -> list[Path]:
    """Write the showcase into ``out_dir`` (created if needed); returns the files written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / FILE_NAME
    _write_atomically(target, showcase_text())
    return [target]


def _write_atomically(target: Path, text: str) -> None:
    # A reader never sees half a file: write beside the target, then rename over it.
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
