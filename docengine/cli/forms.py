"""``docengine forms``: allowance registration forms and proxy letters, blank or pre-filled.

    docengine forms blank elderly-registration --pdf blank.pdf [--docx blank.docx]
    docengine forms fill elderly-registration --data people.csv --fy 2570 --pdf forms.pdf [--docx-dir DIR]
    docengine forms fill proxy --data people.csv --fy 2570 --kind disability --pdf proxy.pdf

Heavy imports stay inside the commands so that ``docengine --help`` stays fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .output import files_result, reports, say

from docengine.cli.params import DATE, FY, DeprecatedOption, deprecated

FORMS = ["elderly-registration", "disability-registration", "proxy"]
PROGRESS_FROM = 200  # rows; smaller batches finish in about a second


def _common(f):
    f = click.option("--office", type=click.Path(dir_okay=False),
                     help="Office config YAML (overrides the global --office) / แฟ้มตั้งค่าหน่วยงาน")(f)
    f = click.option("--edition", "version", type=click.Choice(["2566", "old"]), default="2566", show_default=True,
                     help="Elderly form: 2566 ยืนยันสิทธิ or the old ลงทะเบียน edition / ฉบับของแบบคำขอ")(f)
    f = click.option("--kind", "allowance", type=click.Choice(["elderly", "disability"]), default=None,
                     help="Proxy letter: which allowance it covers (default from the form) / ประเภทเบี้ย")(f)
    f = click.option("--date", "filed_on", type=DATE,
                     help="Filing date printed on the form, e.g. 2026-05-04 or 4 พ.ค. 2569 / วันที่ยื่นคำขอ")(f)
    f = deprecated("--version", "version")(f)
    return deprecated("--allowance", "allowance")(f)


def _job(ctx, form, office, fy, version, allowance, filed_on):
    from docengine.forms import FormJob
    from docengine.render.document import Renderer

    renderer = Renderer(office or (ctx.obj or {}).get("office"))
    job = FormJob(renderer, form, fy=fy, version=version, filed_on=filed_on, allowance=allowance or "elderly")
    job.prepare()  # validates the options (e.g. a Buddhist-era --date) before any work
    return job


def _default_fy() -> int:
    from docengine.thai import bangkok_today, fiscal_year

    return fiscal_year(bangkok_today()) + 1  # people register in the year before they are paid


@click.group()
def forms():
    """Allowance registration forms and proxy letters / แบบคำขอลงทะเบียนและหนังสือมอบอำนาจ."""


@forms.command()
@click.argument("form", type=click.Choice(FORMS))
@click.option("--pdf", "pdf_out", type=click.Path(dir_okay=False), required=True, help="Output PDF / แฟ้ม PDF")
@click.option("--docx", "docx_out", type=click.Path(dir_okay=False), help="Also an editable DOCX / แฟ้ม Word")
@click.option("--fy", type=FY, default=None, help="Fiscal year (BE) printed on the form; default: next / ปีงบประมาณ")
@_common
@reports("files")
@click.pass_context
def blank(ctx, form, pdf_out, docx_out, fy, office, version, allowance, filed_on):
    """Print a blank form / พิมพ์แบบฟอร์มเปล่า."""
    from docengine.io import write_all

    job = _job(ctx, form, office, fy or _default_fy(), version, allowance, filed_on)
    outputs = {Path(pdf_out): job.blank_pdf()}
    if docx_out:
        outputs[Path(docx_out)] = job.docx()
    write_all(outputs)
    for path in outputs:
        say(f"wrote {path}")
    files_result(outputs, form=form, fy=job.fy)


@forms.command()
@click.argument("form", type=click.Choice(FORMS))
@click.option("--data", "data_file", type=click.Path(exists=True, dir_okay=False), required=True,
              help="People file (CSV or XLSX) / แฟ้มรายชื่อ")
@click.option("--fy", type=FY, required=True, help="Fiscal year (BE), e.g. 2570 / ปีงบประมาณ")
@click.option("--pdf", "pdf_out", type=click.Path(dir_okay=False), required=True,
              help="One printable PDF, a form per row in input order / แฟ้ม PDF สำหรับพิมพ์")
@click.option("--docx", "docx_out", type=click.Path(dir_okay=False),
              help="Also the editable DOCX: one file, a page per applicant / แฟ้ม Word")
@click.option("--docx-per-row", cls=DeprecatedOption, canonical="--docx-dir", is_flag=True,
              help="Deprecated: --docx DIR --docx-per-row is --docx-dir DIR")
@click.option("--docx-dir", type=click.Path(file_okay=False),
              help="Also the editable DOCX, one per applicant in this folder, named by row and ID / แฟ้ม Word รายคน")
@click.option("--no-register", "no_register", is_flag=True,
              help="Leave ทะเบียนเลขที่ blank instead of numbering the forms from the register "
                   "/ ไม่ออกทะเบียนเลขที่ (เว้นว่างไว้เขียนเอง)")
@click.option("--blank-for-missing", is_flag=True,
              help="Proxy letter: also print rows that name no authorised person, with the attorney part "
                   "blank / พิมพ์หนังสือมอบอำนาจแบบเว้นว่างสำหรับแถวที่ไม่มีผู้รับมอบอำนาจ")
@_common
@reports("files")
@click.pass_context
def fill(ctx, form, data_file, fy, pdf_out, docx_out, docx_per_row, docx_dir, no_register, blank_for_missing,
         office, version, allowance, filed_on):
    """Pre-fill a form for every row of a people file / กรอกแบบฟอร์มจากแฟ้มรายชื่อ.

    Registration forms get their ทะเบียนเลขที่ from the register (global --db):
    one book per LAO (the office's agency_code), allowance and fiscal year,
    consecutive numbers for the batch, printed on the form and on its slip as
    "๑๒/๒๕๗๐". See them with `docengine register list --book forms`.
    A proxy letter is made only for rows that name an authorised person
    (``--blank-for-missing`` prints the others with the attorney part blank).
    """
    import time

    from docengine.forms.batch import docx_name
    from docengine.forms.document import FORM_SETS
    from docengine.io import write_all
    from docengine.records.people import read_people

    started = time.perf_counter()
    kind = allowance or "elderly" if form == "proxy" else FORM_SETS[form]
    job = _job(ctx, form, office, fy, version, kind if form == "proxy" else allowance, filed_on)
    # Every row is checked (all problems reported at once) before anything is rendered or written.
    rows = read_people(data_file, fy=fy, kind=kind, purpose="form")
    if not rows:
        raise click.ClickException("the people file has no rows / แฟ้มรายชื่อไม่มีข้อมูล")
    from docengine.records.warnings import echo_warnings, people_warnings

    echo_warnings(people_warnings(rows, fy=fy, kind=kind, source=data_file))
    people = job.rows_to_fill(rows, blank_for_missing=blank_for_missing)
    if not people:
        raise click.ClickException(
            f"none of the {len(rows)} rows names an authorised person (proxy_first_name, proxy_last_name); "
            "use --blank-for-missing to print blank proxy letters / ไม่มีแถวใดระบุผู้รับมอบอำนาจ "
            "ใช้ --blank-for-missing เพื่อพิมพ์หนังสือมอบอำนาจแบบเว้นว่าง")
    if docx_dir and docx_out:
        raise click.UsageError("give --docx or --docx-dir, not both / ระบุ --docx หรือ --docx-dir อย่างใดอย่างหนึ่ง")
    if docx_per_row and not docx_out:
        raise click.UsageError("--docx-per-row needs --docx FOLDER / ต้องระบุ --docx โฟลเดอร์")
    if docx_per_row:
        click.echo("note: --docx DIR --docx-per-row is deprecated, use --docx-dir DIR / "
                   "หมายเหตุ: --docx-per-row เลิกใช้แล้ว ให้ใช้ --docx-dir", err=True)
    if docx_dir:
        docx_out, docx_per_row = docx_dir, True
    # one DOCX per applicant named by row and ID, or one DOCX a page per applicant
    docx_paths = [Path(docx_out) / docx_name(p, n) for n, p in enumerate(people, 1)] if docx_per_row else []
    merged = Path(docx_out) if docx_out and not docx_per_row else None
    numbered = job.numbered and not no_register

    def produce(progress=None):
        if numbered:
            from docengine.forms.registered import fill_registered
            from docengine.register import open_register

            root = ctx.find_root().obj or {}
            reg = open_register(root.get("db"), office=office or root.get("office"), create=False)
            return fill_registered(job, people, reg=reg, pdf=pdf_out, docx_paths=docx_paths, docx_merged=merged,
                                   progress=progress)
        outputs = {Path(pdf_out): job.filled_pdf(people, progress=progress)}
        for path, person in zip(docx_paths, people):
            outputs[path] = job.docx(person)
        if merged:
            from docengine.render.docxmerge import merge_docx

            outputs[merged] = merge_docx([job.docx(person) for person in people])
        write_all(outputs)
        return []

    if len(people) >= PROGRESS_FROM:
        with click.progressbar(length=len(people), label="forms / แบบคำขอ", file=sys.stderr) as bar:
            lines = produce(bar)
    else:
        lines = produce()
    pages = len(people) * job.blank(job.values(people[0])[0]).pages
    size = Path(pdf_out).stat().st_size
    say(f"wrote {pdf_out}: {len(people)} forms, {pages} pages, {size / 1e6:.1f} MB "
        f"in {time.perf_counter() - started:.1f} s")
    if lines:
        say(f"ทะเบียนเลขที่ {lines[0].book_number} – {lines[-1].book_number} "
            f"({lines[0].agency_code}, {lines[0].series})")
    if len(people) < len(rows):
        say(f"skipped {len(rows) - len(people)} rows that name no authorised person "
            "(--blank-for-missing prints them) / ข้ามแถวที่ไม่มีผู้รับมอบอำนาจ "
            f"{len(rows) - len(people)} แถว")
    if docx_paths:
        say(f"wrote {len(people)} DOCX files to {docx_out}")
    elif merged:
        say(f"wrote {merged}: {len(people)} forms, a page break between them")
    files_result([Path(pdf_out), *docx_paths, *([merged] if merged else [])], form=form, forms=len(people),
                 skipped=len(rows) - len(people), numbers=[line.book_number for line in lines])
