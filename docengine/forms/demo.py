"""Demo step: blank and pre-filled forms and proxy letters under ``out/demo/forms/``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

SAMPLE_ROWS = 5


def forms(out: Path, office) -> list[Path]:
    """Blank forms (both elderly versions, disability, proxy) and a few filled ones, FY 2570."""
    from ..io import write_atomic
    from ..records.people import read_people
    from ..render.document import Renderer
    from ..resources import data_path
    from .batch import docx_outputs
    from .document import FormJob

    folder = out / "forms"
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
                                             filed_on=filed), elderly[:SAMPLE_ROWS]),
        ("disability-registration", FormJob(renderer, "disability-registration", fy=2570,
                                                    filed_on=filed_disability),
         disabled[:SAMPLE_ROWS]),
        ("proxy", FormJob(renderer, "proxy", fy=2570, filed_on=filed), elderly),
    ]
    outputs: dict[Path, bytes] = {}
    for name, job, people in jobs:
        people = job.rows_to_fill(people)[:SAMPLE_ROWS]  # proxy letters only for rows naming one
        outputs[folder / f"{name}-blank.pdf"] = job.blank_pdf()
        outputs[folder / f"{name}-filled.pdf"] = job.filled_pdf(people)
        # the batch's DOCX both ways: one file a page per applicant, and one file per applicant
        outputs.update(docx_outputs(job, people, folder / f"{name}-filled.docx", per_row=False))
        outputs.update(docx_outputs(job, people, folder / f"{name}-filled-docx", per_row=True))
    outputs[folder / "proxy-bank-blank.pdf"] = jobs[3][1].blank_pdf("bank")
    for path, blob in outputs.items():
        write_atomic(path, blob)
    return list(outputs)
