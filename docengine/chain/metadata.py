"""Routing metadata that travels inside our PDFs and DOCX files (brief §9.3).

A receiver's docengine registers a letter from the file alone: the number (ที่),
date, sender, subject, chain and register ids and the SHA-256 of the letter body
are written three times, so that any one survives:

* a ``docengine.json`` embedded file (the full record, read first);
* PDF document-information entries ``DocengineBookNumber`` … and
  ``DocengineJson`` (what ``pdfinfo -custom`` and Acrobat's properties show; PDF
  names keep letters and digits only, hence the CamelCase);
* DOCX custom document properties with the same names.

>>> meta = routing_metadata(book_number="ชม 0023.3/ว 63", date="2024-01-02", subject="ทดสอบ",
...     sender={"code": "ชม 0023.3", "name": "สถจ.", "issuer": "จังหวัดเชียงใหม่"}, body=["ด้วย…"])
>>> meta["body_sha256"] == body_sha256(["ด้วย…"])
True
>>> info_entries(meta)["DocengineBookNumber"]
'ชม 0023.3/ว 63'
"""

from __future__ import annotations

import hashlib
import io
import json
import unicodedata
import zipfile
from datetime import date as _date
from pathlib import Path

from docengine.errors import DocengineError

FORMAT = "docengine-routing/1"
ATTACHMENT = "docengine.json"
PREFIX = "Docengine"
# The flat fields also written as separate document properties (readable without JSON).
FLAT = ("book_number", "date", "subject", "register_id", "chain_id", "body_sha256")


class NoMetadata(DocengineError):
    """A file that carries no docengine routing metadata."""


def body_sha256(body) -> str:
    """SHA-256 of the letter body: NFC paragraphs joined by newlines, UTF-8.

    The hash is of the text as drafted (ASCII digits), so it does not depend on
    fonts or on the PDF writer; a receiver can recompute it from ``body``.
    """
    text = "\n".join(unicodedata.normalize("NFC", str(p)) for p in (body or ()))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def routing_metadata(*, book_number: str, date, subject: str, sender: dict, body=(), recipients=None,
                     register_id=None, chain_id=None, parent_id=None, series=None, running_no=None,
                     year=None, references=(), enclosures=(), speed=None, secrecy=None, signer=None) -> dict:
    """The record a receiver needs, JSON-ready (ISO CE dates, ASCII digits)."""
    return {
        "format": FORMAT, "book_number": book_number, "date": str(date), "subject": subject,
        "sender": {k: sender.get(k) for k in ("code", "name", "issuer")}, "recipients": recipients,
        "register_id": register_id, "chain_id": chain_id, "parent_id": parent_id, "series": series,
        "running_no": running_no, "year": year, "references": list(references),
        "enclosures": list(enclosures), "speed": speed, "secrecy": secrecy, "signer": signer,
        "body": list(body or ()), "body_sha256": body_sha256(body),
    }


def to_json(meta: dict) -> str:
    return json.dumps(meta, ensure_ascii=False, sort_keys=True, default=str)


def info_entries(meta: dict) -> dict[str, str]:
    """Document-information / custom-property entries for ``meta`` (all strings)."""
    out = {_name(k): "" if meta.get(k) is None else str(meta[k]) for k in FLAT}
    sender = meta.get("sender") or {}
    out[_name("sender_code")] = sender.get("code") or ""
    out[_name("sender_name")] = sender.get("name") or ""
    out[_name("json")] = to_json(meta)
    return out


def _name(key: str) -> str:
    """``book_number`` → ``DocengineBookNumber``."""
    return PREFIX + "".join(part.capitalize() for part in key.split("_"))


EGIF_ATTACHMENT = "egif.xml"


def pdf_outputs(meta: dict, *, egif: bool = False) -> dict:
    """Keyword arguments for ``Renderer.render_pdf``: ``metadata`` and ``attachments``.

    With ``egif`` (PDF/A-3 letters) the letter's e-GIF CorrespondenceLetter (without
    the PDF itself) is attached too, as an associated file beside ``docengine.json``.
    """
    attachments = {ATTACHMENT: to_json(meta).encode("utf-8")}
    if egif:
        from .egif import letter_xml

        sender = meta.get("sender") or {}
        attachments[EGIF_ATTACHMENT] = letter_xml({
            **meta, "agency_code": sender.get("code") or "",
            "references": [r if isinstance(r, dict) else {"text": r} for r in meta.get("references") or ()],
            "enclosures": [e if isinstance(e, dict) else {"text": e} for e in meta.get("enclosures") or ()],
            "recipients": meta.get("recipients") if isinstance(meta.get("recipients"), str)
            else " ".join(meta.get("recipients") or ()),
            "description": sender.get("issuer") or sender.get("name")})
    return {"metadata": info_entries(meta), "attachments": attachments}


def read_pdf_metadata(source: bytes | str | Path) -> dict:
    """The routing record of a PDF: the embedded ``docengine.json``, else the info entry.

    Raises :class:`NoMetadata` (bilingual) when the PDF carries neither, and a
    DocengineError when the file is not a readable PDF.
    """
    import pikepdf

    from docengine.render.merge import pdf_problem

    name = str(source) if not isinstance(source, bytes) else "PDF"
    try:
        with pikepdf.open(io.BytesIO(source) if isinstance(source, bytes) else str(source)) as pdf:
            spec = pdf.attachments.get(ATTACHMENT)
            blobs = [spec.get_file().read_bytes()] if spec is not None else []
            info = {str(k): str(v) for k, v in pdf.docinfo.items()}
    # a damaged or hostile PDF fails in qpdf (PdfError) or while its objects are read
    except (pikepdf.PdfError, OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise DocengineError(f"{name} is not a readable PDF: {pdf_problem(exc)}",
                             f"{name} ไม่ใช่แฟ้ม PDF ที่อ่านได้") from None
    for blob in blobs:
        meta = _parse(blob.decode("utf-8", "replace"), name)
        if meta:
            return meta
    text = info.get("/" + _name("json"))
    if text:
        meta = _parse(str(text), name)
        if meta:
            return meta
    raise NoMetadata(
        f"{name} carries no docengine routing metadata; give the letter's details with --meta FILE.yaml "
        "(book_number, date, sender, subject)",
        f"แฟ้ม {name} ไม่มีข้อมูลหนังสือของ docengine กรุณาระบุรายละเอียดด้วย --meta FILE.yaml "
        "(book_number ที่, date ลงวันที่, sender จาก, subject เรื่อง)",
    )


# Fields of the record that must be text when present (a PDF from elsewhere may carry anything).
TEXT_FIELDS = ("book_number", "date", "subject", "recipients", "series", "speed", "secrecy")


def _parse(text: str, name: str) -> dict | None:
    try:
        meta = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        return None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        return None
    missing = [k for k in ("book_number", "date", "subject") if not meta.get(k)]
    if missing:
        raise DocengineError(f"{name}: docengine metadata lacks {', '.join(missing)}",
                             f"{name}: ข้อมูลหนังสือใน PDF ขาด {', '.join(missing)}")
    bad = [k for k in TEXT_FIELDS if meta.get(k) is not None and not isinstance(meta[k], str)]
    sender = meta.get("sender")
    if sender is not None and (not isinstance(sender, dict)
                               or any(v is not None and not isinstance(v, str) for v in sender.values())):
        bad.append("sender")
    rid = meta.get("register_id")
    if rid is not None and (isinstance(rid, bool) or not isinstance(rid, int)):
        bad.append("register_id")
    if bad:
        raise DocengineError(f"{name}: docengine metadata has values of the wrong type: {', '.join(bad)}",
                             f"{name}: ข้อมูลหนังสือใน PDF มีค่าผิดชนิด: {', '.join(bad)}")
    try:
        when = _date.fromisoformat(meta["date"])
    except ValueError:
        when = None
    if when is None or when.year >= 2400:
        raise DocengineError(f"{name}: docengine metadata date {meta['date'][:40]!r} is not a Common-Era "
                             "date YYYY-MM-DD",
                             f"{name}: วันที่ในข้อมูลหนังสือของ PDF ({meta['date'][:40]!r}) ไม่ใช่วันที่ ค.ศ. ที่ถูกต้อง")
    return meta


# --- DOCX custom properties -------------------------------------------------------------

CUSTOM_PART = "docProps/custom.xml"


def read_docx_metadata(source: bytes | str | Path) -> dict:
    """The routing record from a DOCX's custom properties (``docengine_json``)."""
    import xml.etree.ElementTree as ET

    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    name = str(source) if not isinstance(source, bytes) else "DOCX"  # as read_pdf_metadata: never the bytes
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            xml = z.read(CUSTOM_PART) if CUSTOM_PART in z.namelist() else None
    except zipfile.BadZipFile:
        raise DocengineError(f"{name} is not a DOCX file", f"{name} ไม่ใช่แฟ้ม DOCX") from None
    props = {}
    if xml:
        for prop in ET.fromstring(xml):
            props[prop.get("name")] = "".join(prop.itertext())
    meta = _parse(props[_name("json")], name) if props.get(_name("json")) else None
    if not meta:
        raise NoMetadata(f"{name} carries no docengine routing metadata",
                         f"แฟ้ม {name} ไม่มีข้อมูลหนังสือของ docengine")
    return meta
