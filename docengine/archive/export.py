"""The annual archive of the registers: one signed PDF/A of a year's books and the audit log's head.

``docengine register export --year 2567 --agency "ชม 52101" --p12 agency.p12 --out registers-2567.pdf``
writes a cover sheet (template set ``register/export``: the books included and their line
counts, the audit log's newest entry and its SHA-256, the result of ``register verify``, the
retention class from data/retention.yaml), then the year's ทะเบียนหนังสือส่ง and ทะเบียนหนังสือรับ
as printed by ``register print``, as one PDF/A-2u, signed with PAdES in the cover's signature
block. The head hash ties the paper to the database: anyone can later run ``register verify``
and compare the hash of the same entry.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from docengine import refdata
from docengine.errors import DocengineError


@refdata.dataset("retention", "retention.yaml")
def _check(content: Any) -> list[str]:
    problems = refdata.require_keys(content, {"classes": dict, "registers": dict})
    if not problems:
        for book, cls in content["registers"].items():
            if cls not in content["classes"]:
                problems.append(f"registers.{book}: unknown class {cls!r}")
    return problems


def retention_label(book: str) -> str:
    data = refdata.load("retention")
    return data["classes"][data["registers"][book]]["label"]


def export_year(reg, year_be: int, agency_code: str, *, renderer, signer, level: str = "B-B",
                tsa_url: str | None = None, timestamper=None) -> bytes:
    """The signed PDF/A-2u export of ``agency_code``'s books of BE ``year_be``."""
    import pikepdf

    from docengine.chain.book import register_values
    from docengine.chain.sets import register_set
    from docengine.register.audit import verify
    from docengine.register.sheets import TITLES
    from docengine.sign.pades import _subject_name, sign_pdf
    from docengine.thai import bangkok_now, be_year_bounds, format_date, format_time

    from .pdfa import conform, ensure

    if renderer.pdfa is None:
        from docengine.render.document import Renderer

        renderer = Renderer(renderer.office, pdfa="2u")
    level_pdfa = renderer.pdfa
    agency = reg.agency(agency_code)
    checked = verify(reg.engine)
    start, end = be_year_bounds(year_be)
    names = {a.code: a for a in reg.agencies()}
    books, parts = [], []
    book_set = register_set(renderer.office.template_dir, "book")
    for book in ("send", "receive"):
        rows = reg.list(book, agency=agency.code, date_from=start, date_to=end)
        values = {k: v for k, v in register_values(book, rows, start, end, agency, names).items() if v is not None}
        parts.append(renderer.render_pdf(renderer.prepare(book_set, values)))
        books.append({"title": TITLES[book], "lines": str(len(rows))})
    now = bangkok_now()
    cover_values = {
        "agency": agency.name, "year": str(year_be), "books": books,
        "audit_seq": str(checked.entries), "audit_hash": checked.head,
        "verified": ("ถูกต้อง ไม่พบการแก้ไข" if checked.ok else f"ไม่ผ่าน: {checked.broken.th}"),
        "exported_at": f"{format_date(now, 'full', digits='arabic')} เวลา {format_time(now, digits='arabic')}",
        "retention": f"{TITLES['send']}: {retention_label('send')}; {TITLES['receive']}: {retention_label('receive')}",
        "exported_by": _subject_name(signer.signing_cert),
    }
    if not checked.ok:
        raise DocengineError(f"the audit log does not verify ({checked.broken.en}); nothing exported",
                             f"บันทึกตรวจสอบไม่ถูกต้อง ({checked.broken.th}) จึงไม่ส่งออก")
    cover = renderer.render_pdf(renderer.prepare(register_set(renderer.office.template_dir, "export"), cover_values))
    # The cover goes last: the signature block is found on the last page (docengine.sign.pades).
    with pikepdf.open(io.BytesIO(parts[0])) as pdf:
        for extra in (parts[1], cover):
            with pikepdf.open(io.BytesIO(extra)) as src:
                pdf.pages.extend(src.pages)
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["dc:title"] = f"ทะเบียนหนังสือประจำปี {year_be} {agency.name}"
        pdf.docinfo["/DocengineAuditHead"] = f"{checked.entries}:{checked.head}"
        conform(pdf, level_pdfa)
        out = io.BytesIO()
        pdf.save(out)
    merged = ensure(out.getvalue(), level_pdfa, "the register export")
    signed = sign_pdf(merged, signer, level=level, timestamper=timestamper, tsa_url=tsa_url,
                      font=renderer.office.font)
    return ensure(signed, level_pdfa, "the signed register export")
