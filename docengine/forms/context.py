"""The context builder of the form sets (``context: docengine.forms.context:build``).

The data holds the form's options (``fy``, ``version``, ``filed_on``, ``allowance``)
and, for filled copies, ``people``: a people file (CSV or XLSX) beside the data file.
Without ``people`` the document is the blank form; with it, one filled copy per row in
input order (a proxy letter only for rows that name an authorised person). ทะเบียนเลขที่
is left blank, as nothing is taken from the register here; ``docengine forms fill``
numbers the forms from the register.

>>> from docengine.office import Office
>>> from docengine.render.document import Renderer
>>> doc = Renderer(Office.sample()).document("proxy", {"fy": "2570"})
>>> doc.summary, doc.formats
('blank form', ('pdf', 'docx'))
"""

from __future__ import annotations

from ..errors import DocengineError
from ..render.output import Document, context_builder


@context_builder
def build(renderer, tset, data, *, draft: bool = False) -> Document:
    from ..records.people import people_of
    from .document import FORM_SETS, FormJob

    if draft:
        raise DocengineError(f"{tset.key}: a form has no draft (ร่าง) mark; --draft is for letters",
                             f"{tset.key}: แบบฟอร์มไม่มีเครื่องหมาย ร่าง (--draft ใช้กับหนังสือเท่านั้น)")
    options = dict(data.data) if isinstance(data.data, dict) else data.data
    people_value = options.pop("people", None) if isinstance(options, dict) else None
    # Validates the options against the set's schema (every problem at once, with its line).
    values = renderer.prepare(tset, type(data)(data.path, options, data.lines)).data
    job = FormJob(renderer, tset.name, fy=values["fy"], version=values.get("version") or "2566",
                  filed_on=values.get("filed_on"), allowance=values.get("allowance") or "elderly")
    job.prepare()
    if people_value is None:
        return Document(tset, {"pdf": job.blank_pdf, "docx": job.docx}, summary="blank form")
    kind = job.kind if tset.name == "proxy" else FORM_SETS[tset.name]
    base = data.path.parent if data.path else None
    rows = people_of(people_value, base=base, fy=job.fy, kind=kind, purpose="form")
    people = job.rows_to_fill(rows)
    if not people:
        raise DocengineError(
            f"none of the {len(rows)} rows names an authorised person (proxy_first_name, proxy_last_name)",
            "ไม่มีแถวใดระบุผู้รับมอบอำนาจ")

    def docx() -> bytes:
        from ..render.docxmerge import merge_docx

        return merge_docx([job.docx(person) for person in people])

    summary = f"{len(people)} forms / {len(people)} ฉบับ"
    if len(people) < len(rows):
        skipped = len(rows) - len(people)
        summary += (f"; skipped {skipped} rows that name no authorised person / "
                    f"ข้าม {skipped} แถวที่ไม่มีผู้รับมอบอำนาจ")
    return Document(tset, {"pdf": lambda: job.filled_pdf(people), "docx": docx}, summary=summary)
