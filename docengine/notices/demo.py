"""The ``make demo`` step: a sample of every allowance notice and report.

Writes under ``out/demo/notices/`` and ``out/demo/reports/`` from the sample people files.
"""

from __future__ import annotations

from pathlib import Path

from docengine.io import write_atomic
from docengine.resources import data_path

FY = 2570


def notices_and_reports(out: Path, office) -> list[Path]:
    from docengine.records.people import read_people
    from docengine.render.document import Renderer

    from .documents import citizen_manual_prepared, count_report_prepared, registration_pr_prepared
    from .listdoc import beneficiary_list_document, render_list_pdf
    from .workbook import count_report_workbook, list_workbook

    renderer = Renderer(office)
    notices, reports = out / "notices", out / "reports"
    files: dict[Path, bytes] = {}
    samples = {"elderly": "people.csv", "disability": "people-disability.csv"}
    for kind, sample in samples.items():
        people = read_people(data_path("samples", sample), fy=FY, kind=kind)
        doc = beneficiary_list_document(renderer, people, kind=kind, fy=FY)
        ctx = doc.prepared.context
        files[notices / f"beneficiary-list-{kind}.pdf"] = render_list_pdf(renderer, doc)
        files[notices / f"beneficiary-list-{kind}.xlsx"] = list_workbook(
            doc.blist, title=ctx["subject"], lao=ctx["lao_name"], note=ctx["pdpa_note"])
        pr = registration_pr_prepared(renderer, kind=kind, fy=FY)
        files[notices / f"registration-pr-{kind}.pdf"] = renderer.render_pdf(pr)
        files[notices / f"registration-pr-{kind}.docx"] = renderer.render_docx(pr)
        prepared, scope, counts = count_report_prepared(renderer, people, kind=kind, fy=FY)
        files[reports / f"counts-{kind}.pdf"] = renderer.render_pdf(prepared)
        files[reports / f"counts-{kind}.xlsx"] = count_report_workbook(scope, counts,
                                                                       title=prepared.context["title"], fy=FY)
    laos = read_people(data_path("samples", "people-laos.csv"), fy=FY, kind="elderly", purpose="rollup")
    prepared, scope, counts = count_report_prepared(renderer, laos, kind="elderly", fy=FY)
    files[reports / "counts-elderly-rollup.pdf"] = renderer.render_pdf(prepared)
    files[reports / "counts-elderly-rollup.xlsx"] = count_report_workbook(scope, counts,
                                                                          title=prepared.context["title"], fy=FY)
    from .calendar import calendar_ics, calendar_prepared, calendar_workbook

    for kind in samples:  # the registration-cycle calendar the PR notices take their dates from
        prepared, cycle = calendar_prepared(renderer, kind=kind, fy=FY)
        lao = prepared.context["lao"]
        files[notices / f"calendar-{kind}-{FY}.pdf"] = renderer.render_pdf(prepared)
        files[notices / f"calendar-{kind}-{FY}.xlsx"] = calendar_workbook(cycle, lao=lao)
        files[notices / f"calendar-{kind}-{FY}.ics"] = calendar_ics(cycle, lao=lao).encode("utf-8")
    manual = citizen_manual_prepared(renderer, kind="elderly", fy=FY)
    files[notices / "citizen-manual-elderly.pdf"] = renderer.render_pdf(manual)
    files[notices / "citizen-manual-elderly.docx"] = renderer.render_docx(manual)
    for path, blob in files.items():
        write_atomic(path, blob)
    return list(files)
