"""Archival PDF (PDF/A-2u, PDF/A-3u): the levels, how WeasyPrint writes them, and keeping them.

WeasyPrint writes the XMP pdfaid claim, the sRGB OutputIntent and the trailer /ID
(``pdf_variant``); docengine's rebuilt ToUnicode (docengine.render.textlayer)
gives the "u" level its text. What this module adds:

* attachments: PDF/A-3u embeds docengine's routing JSON (and the e-GIF XML,
  when there is one) as associated files with /AFRelationship /Data; PDF/A-2u
  allows only PDF/A attachments, so the routing record travels in the document
  information entries alone (docengine.chain.metadata reads either);
* :func:`conform` for PDFs edited with pikepdf after WeasyPrint (stamped copies,
  merged enclosures, signatures): every embedded file gets a MIME type and, in
  PDF/A-3, an /AFRelationship and a place in the catalog's /AF; XMP and
  document-information dates stay equal;
* :func:`ensure`: the structural check (docengine.archive.check) on what we
  wrote, turned into a bilingual error naming the broken rule.

>>> check_level("2U"), check_level("pdf/a-3u"), check_level(None)
('2u', '3u', None)
>>> weasyprint_variant("3u")
'pdf/a-3u'
"""

from __future__ import annotations

import io
from datetime import datetime, timezone

from docengine.errors import DocengineError

LEVELS = ("2u", "3u")


def check_level(value) -> str | None:
    """``"2u"`` / ``"3u"`` (or None) from what a user or an office file wrote."""
    if value in (None, "", False):
        return None
    text = str(value).strip().lower().removeprefix("pdf/a-").removeprefix("pdfa-").removeprefix("a-")
    if text not in LEVELS:
        raise DocengineError(f"PDF/A level {value!r}: use 2u or 3u (PDF/A-1b is not supported: "
                             "WeasyPrint writes transparency there)",
                             f"ระดับ PDF/A {value!r} ไม่ถูกต้อง ใช้ 2u หรือ 3u")
    return text


def weasyprint_variant(level: str) -> str:
    return f"pdf/a-{level}"


def part_of(level: str) -> int:
    return int(level[0])


def writer_attachments(level: str | None, attachments: dict | None) -> tuple[dict, str]:
    """(attachments to embed, AFRelationship) for ``level``: PDF/A-2 keeps only PDF files."""
    attachments = dict(attachments or {})
    if level and part_of(level) == 2:
        attachments = {name: data for name, data in attachments.items()
                       if isinstance(data, bytes) and data.startswith(b"%PDF")}
    return attachments, "Data"


MIME = {".json": "application/json", ".xml": "application/xml", ".pdf": "application/pdf"}


def conform(pdf, level: str, relationships: dict[str, str] | None = None) -> None:
    """Make a pikepdf ``pdf`` (edited after WeasyPrint) keep its PDF/A ``level``.

    ``relationships`` maps an embedded file's name to its /AFRelationship
    (default /Data; a stamped copy's received original is /Source).
    """
    import pikepdf

    relationships = relationships or {}
    af = pikepdf.Array()
    for name, spec in pdf.attachments.items():
        obj = spec.obj
        stream = obj.EF.F
        if "/Subtype" not in stream:
            suffix = name[name.rfind("."):].lower() if "." in name else ""
            stream.Subtype = pikepdf.Name("/" + MIME.get(suffix, "application/octet-stream"))
        if part_of(level) >= 3:
            obj.AFRelationship = pikepdf.Name("/" + relationships.get(name, "Data"))
            af.append(obj)
    if part_of(level) >= 3:
        pdf.Root.AF = af
    elif "/AF" in pdf.Root:
        del pdf.Root["/AF"]
    if not any(str(oi.get("/S")) == "/GTS_PDFA1" for oi in pdf.Root.get("/OutputIntents") or []):
        pdf.Root.OutputIntents = pikepdf.Array([_srgb_intent(pdf)])
    now = datetime.now(timezone.utc).replace(microsecond=0)
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=True) as meta:
        meta["xmp:ModifyDate"] = now.isoformat()
        meta["xmp:MetadataDate"] = now.isoformat()
        meta["pdfaid:part"] = str(part_of(level))
        meta["pdfaid:conformance"] = "U"


def _srgb_intent(pdf):
    """An sRGB /GTS_PDFA1 OutputIntent (the ICC profile WeasyPrint ships) for a PDF made elsewhere."""
    import pikepdf
    from importlib.resources import files

    profile = files("weasyprint.pdf").joinpath("sRGB2014.icc").read_bytes()
    stream = pikepdf.Stream(pdf, profile)
    stream.N = 3
    return pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFA1, OutputConditionIdentifier="sRGB IEC61966-2.1",
        Info="sRGB IEC61966-2.1", DestOutputProfile=stream))


def conform_bytes(blob: bytes, level: str, relationships: dict[str, str] | None = None) -> bytes:
    """:func:`conform` on PDF bytes (e.g. after enclosures were appended)."""
    import pikepdf

    with pikepdf.open(io.BytesIO(blob)) as pdf:
        conform(pdf, level, relationships)
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def ensure(blob: bytes, level: str, what: str = "PDF") -> bytes:
    """``blob`` unchanged if it passes the structural check for ``level``, else a bilingual error."""
    from .check import check_pdfa

    findings = check_pdfa(blob, level)
    if findings:
        raise DocengineError(
            f"{what} is not PDF/A-{level}: " + "; ".join(f"[{f.rule}] {f.en}" for f in findings),
            f"{what} ไม่เป็น PDF/A-{level}: " + "; ".join(f"[{f.rule}] {f.th}" for f in findings),
        )
    return blob
