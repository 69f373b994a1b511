"""Filled registration forms numbered from the register: ทะเบียนเลขที่ (brief §3.7).

Each LAO keeps one book per allowance (``form-elderly``, ``form-disability``) and
fiscal year; a batch of forms takes consecutive numbers in one transaction,
through the same allocation and locking as letter numbers
(:meth:`~docengine.register.books.Register.reserving_many`). Order as for
letters: the people file and the options are validated first (bad input burns
no number), the numbers are taken, the PDF and DOCX files are rendered with
them and written all-or-nothing, and only then are the numbers issued with the
files' SHA-256. A render or write that fails marks the numbers ``failed``; a
killed process leaves them ``reserved`` under its pid until the next open of
the register marks them ``failed``. Numbers are never reused or skipped.

>>> # reg = open_register(url, office="office.yaml")
>>> # records = fill_registered(job, people, reg=reg, pdf="forms.pdf")
>>> # records[0].book_number  -> '1/2570', printed "ทะเบียนเลขที่ ๑/๒๕๗๐" on form and slip
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..errors import DocengineError
from ..io import write_all
from ..register.numbering import form_series


def register_lines(job, people, filed_on: date | None = None) -> list[dict]:
    """One book line per applicant: the form's title, the applicant's name, the filing date."""
    title = job.page_extra().get("form_title") or job.set_name
    return [{"subject": title, "recipients": p.full_name, "letter_date": filed_on} for p in people]


def fill_registered(job, people, *, reg, pdf: str | Path, docx_paths: list[Path] | None = None,
                    docx_merged: Path | None = None, progress=None) -> list:
    """Number, fill, write and register ``people``'s forms; returns the issued book lines.

    ``docx_paths[i]``, if given, is where row i's editable copy goes; ``docx_merged``, if given,
    receives all of them as one DOCX, a page per applicant.
    """
    if not job.numbered:
        raise DocengineError(f"{job.set_name} carries no ทะเบียนเลขที่", f"{job.set_name} ไม่มีทะเบียนเลขที่")
    code = job.renderer.office.get("agency_code")
    if not code:
        raise DocengineError(
            "the office file has no agency_code, so the forms' register book is unknown: add agency_code "
            "to the office file, or use --no-register to leave ทะเบียนเลขที่ blank",
            "แฟ้มตั้งค่าหน่วยงานไม่มี agency_code จึงออกทะเบียนเลขที่ไม่ได้ "
            "กรุณาเพิ่ม agency_code หรือใช้ --no-register เพื่อเว้นว่างไว้",
        )
    agency = reg.agency(code)  # unknown agency → clear error, nothing taken
    job.check_fit(people)  # a value that would print over the form → refused before numbering
    series = form_series(job.kind)
    with reg.reserving_many(agency.code, series, job.fy, register_lines(job, people, job.filed_on)) as allocs:
        numbers = [a.running_no for a in allocs]
        outputs: dict[Path, bytes] = {Path(pdf): job.filled_pdf(people, numbers=numbers, progress=progress)}
        for path, person, number in zip(docx_paths or [], people, numbers):
            outputs[Path(path)] = job.docx(person, number)
        if docx_merged:
            from docengine.render.docxmerge import merge_docx

            outputs[Path(docx_merged)] = merge_docx([job.docx(p, n) for p, n in zip(people, numbers)])
        write_all(outputs)
        own = [[("docx", p)] for p in docx_paths] if docx_paths else None
        return reg.issue_many(allocs, files=[("form", Path(pdf))], files_of=own)
