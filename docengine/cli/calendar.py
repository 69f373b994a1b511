"""``docengine calendar``: the LAO's registration-cycle calendar of one fiscal year.

    docengine calendar --fy 2570 --kind elderly --out DIR      # DIR/calendar-elderly-2570.{pdf,xlsx,ics}
    docengine calendar --fy 2570 --ics cycle.ics              # only the files named

Heavy imports stay inside the command so that ``docengine --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path

import click

from .notices import KIND, _renderer, _write, office_option
from .output import reports
from .params import FY


@click.command()
@click.option("--fy", type=FY, required=True, help="Fiscal year, BE (e.g. 2570) / ปีงบประมาณ พ.ศ.")
@click.option("--kind", type=KIND, default="elderly", show_default=True, help="elderly | disability / ประเภทเบี้ย")
@click.option("--out", "out_dir", type=click.Path(file_okay=False),
              help="Folder for calendar-KIND-FY.pdf, .xlsx and .ics / โฟลเดอร์ผลลัพธ์")
@click.option("--pdf", "pdf_out", type=click.Path(dir_okay=False), help="PDF output")
@click.option("--xlsx", "xlsx_out", type=click.Path(dir_okay=False), help="XLSX output")
@click.option("--ics", "ics_out", type=click.Path(dir_okay=False), help="iCalendar (RFC 5545) output")
@office_option
@reports("files")
@click.pass_context
def calendar(ctx, fy, kind, out_dir, pdf_out, xlsx_out, ics_out, office):
    """The registration cycle's dates with weekdays and holidays / ปฏิทินการรับลงทะเบียน."""
    from docengine.notices.calendar import calendar_ics, calendar_prepared, calendar_workbook
    from docengine.notices.listdoc import lao_identity

    if not (out_dir or pdf_out or xlsx_out or ics_out):
        raise click.UsageError("say where to write: --out DIR, or --pdf/--xlsx/--ics FILE / "
                               "ระบุที่เก็บผลลัพธ์ --out หรือ --pdf/--xlsx/--ics")
    if out_dir:
        from docengine.io import claim_output

        stem = Path(out_dir) / f"calendar-{kind}-{fy}"
        pdf_out = pdf_out or claim_output("--pdf (default name)", f"{stem}.pdf")
        xlsx_out = xlsx_out or claim_output("--xlsx (default name)", f"{stem}.xlsx")
        ics_out = ics_out or claim_output("--ics (default name)", f"{stem}.ics")
    renderer = _renderer(ctx, office)
    prepared, cycle = calendar_prepared(renderer, kind=kind, fy=fy)
    lao = lao_identity(renderer.office)["lao"]
    outputs: dict[Path, bytes] = {}
    if pdf_out:
        outputs[Path(pdf_out)] = renderer.render_pdf(prepared)
    if xlsx_out:
        outputs[Path(xlsx_out)] = calendar_workbook(cycle, lao=lao)
    if ics_out:
        outputs[Path(ics_out)] = calendar_ics(cycle, lao=lao).encode("utf-8")
    _write(outputs)
