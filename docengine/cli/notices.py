"""``docengine notices …`` and ``docengine reports counts``: allowance lists, PR notices,
the citizen's manual and count reports.

Everything is validated and rendered in memory first; files are written (atomically)
only when every output succeeded, so bad input leaves no files behind.

    docengine notices beneficiary-list --kind elderly --fy 2570 --data people.csv --pdf list.pdf --xlsx list.xlsx
    docengine notices registration-pr --kind elderly --fy 2570 --pdf pr.pdf --docx pr.docx
    docengine notices citizen-manual --kind elderly --fy 2570 --pdf manual.pdf
    docengine reports counts --kind elderly --fy 2570 --data people-laos.csv --pdf counts.pdf --xlsx counts.xlsx
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .output import files_result, say
from .output import reports as json_report  # `reports` is the command group below

from .params import DATE, FY

KIND = click.Choice(["elderly", "disability"])
# Lists longer than this show a progress bar on stderr (a few seconds of rendering).
PROGRESS_PAGES = 20


def _office(ctx, office):
    return office or (ctx.obj or {}).get("office")


def _renderer(ctx, office):
    from docengine.render.document import Renderer

    return Renderer(_office(ctx, office))


def _warn(people, fy, kind, source) -> None:
    """Print what a clerk should look at (docengine.records.warnings); the command goes on."""
    from docengine.records.warnings import echo_warnings, people_warnings

    echo_warnings(people_warnings(people, fy=fy, kind=kind, source=source))


def _write(outputs: dict[Path, bytes], **extra) -> None:
    from docengine.io import write_all

    write_all(outputs)
    for path, blob in outputs.items():
        say(f"wrote {path} ({len(blob) / 1024:.0f} KB)")
    files_result(outputs, **extra)


def _progress(total_pages: int):
    """A stderr progress bar for long lists, or None."""
    if total_pages < PROGRESS_PAGES:
        return None, None
    bar = click.progressbar(length=total_pages, label="rendering pages / กำลังสร้างหน้า",
                            file=sys.stderr, show_pos=True)
    bar.__enter__()
    return bar, bar.update


office_option = click.option("--office", type=click.Path(dir_okay=False),
                             help="Office config YAML (overrides the global --office) / แฟ้มตั้งค่าหน่วยงาน")
fy_option = click.option("--fy", type=FY, required=True, help="Fiscal year, BE (e.g. 2570) / ปีงบประมาณ พ.ศ.")


@click.group()
def notices():
    """Allowance notices: lists, PR notices, citizen's manual / ประกาศ ประชาสัมพันธ์ และคู่มือประชาชน."""


@notices.command("beneficiary-list")
@click.option("--kind", type=KIND, required=True, help="elderly | disability / ประเภทเบี้ย")
@fy_option
@click.option("--data", "data_file", type=click.Path(exists=True, dir_okay=False), required=True,
              help="People file (CSV or XLSX) / แฟ้มรายชื่อ")
@click.option("--pdf", "pdf_out", type=click.Path(dir_okay=False), required=True, help="PDF output")
@click.option("--xlsx", "xlsx_out", type=click.Path(dir_okay=False), help="XLSX output (optional)")
@click.option("--full-ids", is_flag=True,
              help="Internal copy with full IDs and birth dates; never publish it (PDPA) / ฉบับใช้ภายใน")
@click.option("--date", "on", type=DATE,
              help="Date of the announcement, e.g. 2026-06-01 or 1 มิ.ย. 2569 (default today) / ประกาศ ณ วันที่")
@office_option
@json_report("files")
@click.pass_context
def beneficiary_list(ctx, kind, fy, data_file, pdf_out, xlsx_out, full_ids, on, office):
    """Beneficiary-list announcement (รายเดิม / รายใหม่) / ประกาศบัญชีรายชื่อผู้มีสิทธิ."""
    from docengine.notices.listdoc import beneficiary_list_document, list_xlsx, render_list_pdf
    from docengine.records.people import read_people

    renderer = _renderer(ctx, office)
    people = read_people(data_file, fy=fy, kind=kind)
    _warn(people, fy, kind, data_file)
    doc = beneficiary_list_document(renderer, people, kind=kind, fy=fy, on=on, full_ids=full_ids)
    if full_ids:
        click.echo("warning: --full-ids: internal copy with full citizen IDs; do not publish it (PDPA) / "
                   "ฉบับใช้ภายใน ห้ามเผยแพร่", err=True)
    outputs: dict[Path, bytes] = {}

    def workbook():  # built while the workers render the PDF
        if xlsx_out:
            outputs[Path(xlsx_out)] = list_xlsx(doc)

    bar, update = _progress(doc.page_count)
    try:
        pdf = render_list_pdf(renderer, doc, progress=update, meanwhile=workbook)
    finally:
        if bar:
            bar.__exit__(None, None, None)
    counts = doc.blist.counts
    _write({Path(pdf_out): pdf, **outputs}, people={k: counts[k] for k in ("existing", "new", "total")},
           full_ids=bool(full_ids))
    say(f"{counts['existing']} existing + {counts['new']} new = {counts['total']} people, "
        f"{doc.page_count} pages / รายเดิม {counts['existing']} รายใหม่ {counts['new']} "
        f"รวม {counts['total']} คน")


@notices.command("registration-pr")
@click.option("--kind", type=KIND, required=True, help="elderly | disability / ประเภทเบี้ย")
@fy_option
@click.option("--pdf", "pdf_out", type=click.Path(dir_okay=False), help="PDF output")
@click.option("--docx", "docx_out", type=click.Path(dir_okay=False), help="DOCX output")
@office_option
@json_report("files")
@click.pass_context
def registration_pr(ctx, kind, fy, pdf_out, docx_out, office):
    """PR notice inviting registration / ข้อความประชาสัมพันธ์การรับลงทะเบียน."""
    from docengine.notices.documents import registration_pr_prepared

    _render_short(ctx, office, lambda r: registration_pr_prepared(r, kind=kind, fy=fy), pdf_out, docx_out)


@notices.command("citizen-manual")
@click.option("--kind", type=click.Choice(["elderly"]), default="elderly", show_default=True,
              help="Allowance kind / ประเภทเบี้ย")
@click.option("--fy", type=FY, help="Fiscal year whose window is stated (default: next FY) / ปีงบประมาณ")
@click.option("--pdf", "pdf_out", type=click.Path(dir_okay=False), help="PDF output")
@click.option("--docx", "docx_out", type=click.Path(dir_okay=False), help="DOCX output")
@office_option
@json_report("files")
@click.pass_context
def citizen_manual(ctx, kind, fy, pdf_out, docx_out, office):
    """คู่มือสำหรับประชาชน (citizen's service manual)."""
    from docengine.notices.documents import citizen_manual_prepared
    from docengine.thai import bangkok_today, fiscal_year

    fy = fy or fiscal_year(bangkok_today()) + 1
    _render_short(ctx, office, lambda r: citizen_manual_prepared(r, kind=kind, fy=fy), pdf_out, docx_out)


def _render_short(ctx, office, prepare, pdf_out, docx_out) -> None:
    if not pdf_out and not docx_out:
        raise click.UsageError("give --pdf and/or --docx / ระบุ --pdf หรือ --docx")
    renderer = _renderer(ctx, office)
    prepared = prepare(renderer)
    outputs = {}
    if pdf_out:
        outputs[Path(pdf_out)] = renderer.render_pdf(prepared)
    if docx_out:
        outputs[Path(docx_out)] = renderer.render_docx(prepared)
    _write(outputs)


@click.group()
def reports():
    """Allowance count reports / รายงานสรุปจำนวนผู้มีสิทธิ."""


@reports.command("counts")
@click.option("--kind", type=KIND, required=True, help="elderly | disability / ประเภทเบี้ย")
@fy_option
@click.option("--data", "data_file", type=click.Path(exists=True, dir_okay=False), required=True,
              help="People file (CSV or XLSX); a `lao` column gives a roll-up / แฟ้มรายชื่อ")
@click.option("--pdf", "pdf_out", type=click.Path(dir_okay=False), required=True, help="PDF output")
@click.option("--xlsx", "xlsx_out", type=click.Path(dir_okay=False), help="XLSX output (optional)")
@click.option("--date", "on", type=DATE,
              help="Date of the report, e.g. 2026-06-01 or 1 มิ.ย. 2569 (default today) / วันที่จัดทำ")
@office_option
@json_report("files")
@click.pass_context
def counts(ctx, kind, fy, data_file, pdf_out, xlsx_out, on, office):
    """Counts and amounts by bracket, per LAO or rolled up / รายงานจำนวนและงบประมาณ."""
    from docengine.notices.documents import count_report_prepared
    from docengine.notices.workbook import count_report_workbook
    from docengine.records.people import names_laos, read_people

    has_lao = names_laos(data_file)
    people = read_people(data_file, fy=fy, kind=kind, purpose="rollup" if has_lao else "list")
    _warn(people, fy, kind, data_file)
    renderer = _renderer(ctx, office)
    prepared, scope, figures = count_report_prepared(renderer, people, kind=kind, fy=fy, on=on)
    outputs = {Path(pdf_out): renderer.render_pdf(prepared)}
    if xlsx_out:
        outputs[Path(xlsx_out)] = count_report_workbook(scope, figures, title=prepared.context["title"], fy=fy)
    total = sum(c.total for c in figures)
    _write(outputs, laos=len(figures), people={"total": total})
    say(f"{scope}: {len(figures)} LAO(s), {total} people / รวม {total} คน")
