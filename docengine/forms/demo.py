"""Demo step: blank and pre-filled forms and proxy letters under ``out/demo/forms/``.

The filled registration forms are numbered from a register of their own
(``out/demo/forms/register.sqlite3``, made afresh on every run so the demo repeats), as
``docengine forms fill`` numbers them, and the forms' book (ทะเบียนแบบคำขอ) is printed
as PDF and XLSX.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

SAMPLE_ROWS = 5
REGISTER = "register.sqlite3"


def forms(out: Path, office) -> list[Path]:
    """Blank forms (both elderly versions, disability, proxy) and a few filled ones, FY 2570."""
    from ..io import write_atomic
    from ..records.people import read_people
    from ..register import init_register
    from ..render.document import Renderer
    from ..resources import data_path
    from .batch import docx_name, docx_outputs
    from .document import FormJob
    from .registered import fill_registered

    folder = out / "forms"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / REGISTER).unlink(missing_ok=True)  # our own file only: the demo must be repeatable
    reg = init_register(f"sqlite:///{folder / REGISTER}", office=getattr(office, "path", None))
    renderer = Renderer(office)
    filed = date(2026, 5, 4)  # in the FY2570 elderly window (Jan-Sep 2569)
    # Disability registration is any time and paid from the next month, so the FY2570
    # form is filed in FY2570 itself (brief §5.3): 2 พ.ย. 2569, paid from ธันวาคม 2569.
    filed_disability = date(2026, 11, 2)
    elderly = read_people(data_path("samples", "people.csv"), fy=2570, kind="elderly", purpose="form")
    disabled = read_people(data_path("samples", "people-disability.csv"), fy=2570, kind="disability",
                           purpose="form")
    jobs = [
        ("elderly-registration-2566", FormJob(renderer, "elderly-registration", fy=2570, filed_on=filed),
         elderly[:SAMPLE_ROWS]),
        ("elderly-registration-old", FormJob(renderer, "elderly-registration", fy=2570, version="old",
                                             filed_on=filed), elderly[SAMPLE_ROWS:]),  # other applicants
        ("disability-registration", FormJob(renderer, "disability-registration", fy=2570,
                                                    filed_on=filed_disability),
         disabled[:SAMPLE_ROWS]),
        ("proxy", FormJob(renderer, "proxy", fy=2570, filed_on=filed), elderly),
    ]
    outputs: dict[Path, bytes] = {}
    numbered: list[Path] = []
    for name, job, people in jobs:
        people = job.rows_to_fill(people)[:SAMPLE_ROWS]  # proxy letters only for rows naming one
        outputs[folder / f"{name}-blank.pdf"] = job.blank_pdf()
        filled, merged, per_row = (folder / f"{name}-filled.pdf", folder / f"{name}-filled.docx",
                                   folder / f"{name}-filled-docx")
        if job.numbered:
            # ทะเบียนเลขที่ from the register; the batch's DOCX both ways: one file a page per
            # applicant, and one file per applicant, carrying the same numbers
            paths = [per_row / docx_name(p, n) for n, p in enumerate(people, 1)]
            fill_registered(job, people, reg=reg, pdf=filled, docx_paths=paths, docx_merged=merged)
            numbered += [filled, merged, *paths]
            continue
        outputs[filled] = job.filled_pdf(people)
        outputs.update(docx_outputs(job, people, merged, per_row=False))
        outputs.update(docx_outputs(job, people, per_row, per_row=True))
    outputs[folder / "proxy-bank-blank.pdf"] = jobs[3][1].blank_pdf("bank")
    for path, blob in outputs.items():
        write_atomic(path, blob)
    return [*outputs, *numbered, *_forms_book(folder, reg, renderer)]


def _forms_book(folder: Path, reg, renderer) -> list[Path]:
    """The forms' book of FY 2570 (1 Oct 2569 – 30 Sep 2570) as PDF and XLSX."""
    from ..chain.book import register_pdf
    from ..io import write_all
    from ..register.sheets import register_xlsx

    start, end = date(2025, 10, 1), date(2027, 9, 30)  # the filing dates span FY2569 and FY2570
    rows = reg.list("forms", date_from=start, date_to=end)
    names = {a.code: a for a in reg.agencies()}
    agency = reg.agency(rows[0].agency_code) if rows else None
    return write_all({
        folder / "register-forms.pdf": register_pdf("forms", rows, start, end, agency, names, renderer=renderer),
        folder / "register-forms.xlsx": register_xlsx("forms", rows, start, end, agency, names),
    })
