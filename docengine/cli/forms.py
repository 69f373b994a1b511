"""``docengine forms``: allowance registration forms and proxy letters, blank or pre-filled.

    docengine forms blank elderly-registration --pdf blank.pdf [--docx blank.docx]
    docengine forms fill elderly-registration --data people.csv --fy 2570 --pdf forms.pdf [--docx-dir DIR]

Heavy imports stay inside the commands so that ``docengine --help`` stays fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

FORMS = ["elderly-registration", "disability-registration", "proxy"]
PROGRESS_FROM = 200  # rows; smaller batches finish in about a second


def _common(f):
    f = click.option("--office", type=click.Path(dir_okay=False),
                     help="Office config YAML (overrides the global --office) / แฟ้มตั้งค่าหน่วยงาน")(f)
    f = click.option("--version", "version", type=click.Choice(["2566", "old"]), default="2566", show_default=True,
                     help="Elderly form: 2566 ยืนยันสิทธิ or the old ลงทะเบียน version / ฉบับของแบบคำขอ")(f)
    f = click.option("--allowance", type=click.Choice(["elderly", "disability"]), default=None,
                     help="Proxy letter: which allowance it covers (default from the form) / ประเภทเบี้ย")(f)
    f = click.option("--date", "filed_on", metavar="YYYY-MM-DD",
                     help="Filing date printed on the form (Common Era) / วันที่ยื่นคำขอ")(f)
    return f


def _job(ctx, form, office, fy, version, allowance, filed_on):
    import datetime as dt

    from docengine.forms import FormJob
    from docengine.render.document import Renderer

    day = None
    if filed_on:
        try:
            day = dt.date.fromisoformat(filed_on)
        except ValueError:
            raise click.BadParameter(f"{filed_on!r} is not a date YYYY-MM-DD (Common Era) / "
                                     "วันที่ต้องเป็น ปปปป-ดด-วว ปีคริสต์ศักราช", param_hint="--date") from None
    if fy is not None and fy < 2400:
        raise click.BadParameter(f"{fy} looks like a Common Era year; fiscal years are Buddhist Era — "
                                 f"did you mean {fy + 543}? / ปี {fy} เป็นปีคริสต์ศักราช ปีงบประมาณใช้ พ.ศ. "
                                 f"หมายถึง {fy + 543} หรือไม่", param_hint="--fy")
    renderer = Renderer(office or (ctx.obj or {}).get("office"))
    job = FormJob(renderer, form, fy=fy, version=version, filed_on=day, allowance=allowance or "elderly")
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
@click.option("--fy", type=int, default=None, help="Fiscal year (BE) printed on the form; default: next / ปีงบประมาณ")
@_common
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
        click.echo(f"wrote {path}")


@forms.command()
@click.argument("form", type=click.Choice(FORMS))
@click.option("--data", "data_file", type=click.Path(exists=True, dir_okay=False), required=True,
              help="People file (CSV or XLSX) / แฟ้มรายชื่อ")
@click.option("--fy", type=int, required=True, help="Fiscal year (BE), e.g. 2570 / ปีงบประมาณ")
@click.option("--pdf", "pdf_out", type=click.Path(dir_okay=False), required=True,
              help="One printable PDF, a form per row in input order / แฟ้ม PDF สำหรับพิมพ์")
@click.option("--docx-dir", type=click.Path(file_okay=False), help="Also one DOCX per row / แฟ้ม Word รายคน")
@_common
@click.pass_context
def fill(ctx, form, data_file, fy, pdf_out, docx_dir, office, version, allowance, filed_on):
    """Pre-fill a form for every row of a people file / กรอกแบบฟอร์มจากแฟ้มรายชื่อ."""
    import time

    from docengine.forms.document import FORM_SETS
    from docengine.io import write_all
    from docengine.records.people import read_people

    started = time.perf_counter()
    kind = allowance or "elderly" if form == "proxy" else FORM_SETS[form]
    job = _job(ctx, form, office, fy, version, kind if form == "proxy" else allowance, filed_on)
    # Every row is checked (all problems reported at once) before anything is rendered or written.
    people = read_people(data_file, fy=fy, kind=kind, purpose="form")
    if not people:
        raise click.ClickException("the people file has no rows / แฟ้มรายชื่อไม่มีข้อมูล")
    if len(people) >= PROGRESS_FROM:
        with click.progressbar(length=len(people), label="forms / แบบคำขอ", file=sys.stderr) as bar:
            pdf = job.filled_pdf(people, progress=bar)
    else:
        pdf = job.filled_pdf(people)
    outputs = {Path(pdf_out): pdf}
    if docx_dir:
        for n, person in enumerate(people, 1):
            outputs[Path(docx_dir) / docx_name(n, person)] = job.docx(person)
    write_all(outputs)
    pages = len(people) * job.blank(job.values(people[0])[0]).pages
    click.echo(f"wrote {pdf_out}: {len(people)} forms, {pages} pages, {len(pdf) / 1e6:.1f} MB "
               f"in {time.perf_counter() - started:.1f} s")
    if docx_dir:
        click.echo(f"wrote {len(people)} DOCX files to {docx_dir}")


def docx_name(n: int, person) -> str:
    """Row number and name, not the citizen ID (PDPA: file names leak into listings and mail)."""
    import unicodedata

    # Keep Thai vowels and tone marks (category M), drop path separators and punctuation.
    safe = "".join(ch for ch in f"{person.first_name}-{person.last_name}"
                   if unicodedata.category(ch)[0] in "LMN" or ch in "-_")
    return f"{n:04d}-{safe}.docx"
