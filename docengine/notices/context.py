"""Context builders of the notice sets, named in their manifests (``context: docengine.notices.context:…``).

The data holds the set's options (``kind``, ``fy``, ``date`` …, see ``docengine templates
show``) and, for the list and the count report, ``people``: a people file (CSV or XLSX)
beside the data file. A date left out is today (Bangkok). Each builder validates the
options and the people file, computes every count, window and date, and returns a
:class:`~docengine.render.output.Document` (PDF, and DOCX or XLSX as the set has them).

>>> from docengine.office import Office
>>> from docengine.render.document import Renderer
>>> doc = Renderer(Office.sample()).document("registration-calendar", {"kind": "elderly", "fy": "2570"})
>>> doc.formats
('pdf', 'xlsx')
"""

from __future__ import annotations

from pathlib import Path

from ..errors import DocengineError
from ..render.output import Document, context_builder


def _options(renderer, tset, data, *, draft: bool, dated: bool = False):
    """(validated options, people value, base folder): the options checked against the set's
    schema with every problem at once, ``people`` taken out, a missing ``date`` made today."""
    from ..records.datafile import DataFile
    from ..thai import bangkok_today

    if draft:
        raise DocengineError(f"{tset.key}: a notice has no draft (ร่าง) mark; --draft is for letters",
                             f"{tset.key}: ประกาศนี้ไม่มีเครื่องหมาย ร่าง (--draft ใช้กับหนังสือเท่านั้น)")
    options = dict(data.data) if isinstance(data.data, dict) else data.data
    people = options.pop("people", None) if isinstance(options, dict) else None
    if dated and isinstance(options, dict) and not options.get("date"):
        options["date"] = bangkok_today().isoformat()
    values = renderer.prepare(tset, DataFile(data.path, options, data.lines)).data
    return values, people, (data.path.parent if data.path else None)


def _people(value, base, *, fy, kind, purpose="list", what: str):
    from ..records.people import people_of

    if value is None:
        raise DocengineError(f"{what} needs people: the people file (CSV or XLSX) beside the data file",
                             f"{what} ต้องระบุ people: แฟ้มรายชื่อ (CSV หรือ XLSX)")
    return people_of(value, base=base, fy=fy, kind=kind, purpose=purpose)


@context_builder
def beneficiary_list(renderer, tset, data, *, draft: bool = False) -> Document:
    """ประกาศบัญชีรายชื่อ: the options, and the people file in ``people``."""
    from .listdoc import beneficiary_list_document, render_list_pdf
    from .workbook import list_workbook

    values, value, base = _options(renderer, tset, data, draft=draft, dated=True)
    kind, fy = values["kind"], values["fy"]
    people = _people(value, base, fy=fy, kind=kind, what=tset.key)
    doc = beneficiary_list_document(renderer, people, kind=kind, fy=fy, on=values["date"],
                                    full_ids=bool(values.get("full_ids")))
    ctx = doc.prepared.context
    counts = doc.blist.counts
    return Document(tset, {
        "pdf": lambda: render_list_pdf(renderer, doc),
        "xlsx": lambda: list_workbook(doc.blist, title=ctx["subject"], lao=ctx["lao_name"], note=ctx["pdpa_note"]),
    }, prepared=doc.prepared,
        summary=f"{counts['existing']} existing + {counts['new']} new = {counts['total']} people, "
                f"{doc.page_count} pages / รายเดิม {counts['existing']} รายใหม่ {counts['new']} "
                f"รวม {counts['total']} คน")


@context_builder
def count_report(renderer, tset, data, *, draft: bool = False) -> Document:
    """รายงานสรุปจำนวน: per LAO, or a roll-up when the people file has a ``lao`` column."""
    from ..records.people import names_laos, people_path
    from .documents import count_report_prepared
    from .workbook import count_report_workbook

    values, value, base = _options(renderer, tset, data, draft=draft, dated=True)
    kind, fy = values["kind"], values["fy"]
    rollup = isinstance(value, (str, Path)) and names_laos(people_path(value, base))
    people = _people(value, base, fy=fy, kind=kind, purpose="rollup" if rollup else "list", what=tset.key)
    prepared, scope, figures = count_report_prepared(renderer, people, kind=kind, fy=fy, on=values["date"])
    total = sum(c.total for c in figures)
    return Document(tset, {
        "pdf": lambda: renderer.render_pdf(prepared),
        "xlsx": lambda: count_report_workbook(scope, figures, title=prepared.context["title"], fy=fy),
    }, prepared=prepared, summary=f"{scope}: {len(figures)} LAO(s), {total} people / รวม {total} คน")


@context_builder
def registration_pr(renderer, tset, data, *, draft: bool = False) -> Document:
    """ข้อความประชาสัมพันธ์: window, cohort and dates computed for ``kind`` and ``fy``."""
    from ..render.context import prepared_document
    from .documents import registration_pr_prepared

    values, _, _ = _options(renderer, tset, data, draft=draft)
    return prepared_document(renderer, registration_pr_prepared(renderer, kind=values["kind"], fy=values["fy"]))


@context_builder
def citizen_manual(renderer, tset, data, *, draft: bool = False) -> Document:
    """คู่มือสำหรับประชาชน for ``kind`` and ``fy``."""
    from ..render.context import prepared_document
    from .documents import citizen_manual_prepared

    values, _, _ = _options(renderer, tset, data, draft=draft)
    return prepared_document(renderer, citizen_manual_prepared(renderer, kind=values["kind"], fy=values["fy"]))


@context_builder
def registration_calendar(renderer, tset, data, *, draft: bool = False) -> Document:
    """ปฏิทินการรับลงทะเบียน of ``fy``: PDF and XLSX (``docengine calendar`` also writes ICS)."""
    from .calendar import calendar_prepared, calendar_workbook

    values, _, _ = _options(renderer, tset, data, draft=draft)
    prepared, cycle = calendar_prepared(renderer, kind=values["kind"], fy=values["fy"])
    lao = prepared.context["lao"]
    return Document(tset, {"pdf": lambda: renderer.render_pdf(prepared),
                           "xlsx": lambda: calendar_workbook(cycle, lao=lao)}, prepared=prepared)
