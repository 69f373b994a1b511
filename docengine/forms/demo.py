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
    from .document import FormJob

    folder = out / "forms"
    renderer = Renderer(office)
    filed = date(2026, 5, 4)
    elderly = read_people(data_path("samples", "people.csv"), fy=2570, kind="elderly", purpose="form")
    disabled = read_people(data_path("samples", "people-disability.csv"), fy=2570, kind="disability",
                           purpose="form")
    with_proxy = [p for p in elderly if p.proxy][:3]
    jobs = [
        ("elderly-registration-2566", FormJob(renderer, "elderly-registration", fy=2570, filed_on=filed),
         elderly[:SAMPLE_ROWS]),
        ("elderly-registration-old", FormJob(renderer, "elderly-registration", fy=2570, version="old",
                                             filed_on=filed), elderly[:SAMPLE_ROWS]),
        ("disability-registration", FormJob(renderer, "disability-registration", fy=2570, filed_on=filed),
         disabled[:SAMPLE_ROWS]),
        ("proxy", FormJob(renderer, "proxy", fy=2570, filed_on=filed), elderly[:2] + with_proxy),
    ]
    outputs: dict[Path, bytes] = {}
    for name, job, people in jobs:
        outputs[folder / f"{name}-blank.pdf"] = job.blank_pdf()
        outputs[folder / f"{name}-filled.pdf"] = job.filled_pdf(people)
        outputs[folder / f"{name}-filled-1.docx"] = job.docx(people[-1])
    outputs[folder / "proxy-bank-blank.pdf"] = jobs[3][1].blank_pdf("bank")
    for path, blob in outputs.items():
        write_atomic(path, blob)
    return list(outputs)
