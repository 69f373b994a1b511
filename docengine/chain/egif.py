"""One letter as a TH e-GIF GovernmentDocument 1.0 CorrespondenceLetter (brief §9.2).

>>> # xml = export_letter(reg, 3); Path("letter.xml").write_bytes(xml)
>>> # receipt, stamped = import_letter(reg, "letter.xml", "ชม 0023.3")
>>> check_ce_date("2023-12-13", "ram:CorrespondenceDate")
datetime.date(2023, 12, 13)

Dates are Gregorian ``yyyy-MM-dd`` in the message and BE only on paper; a Buddhist-era
year typed by mistake is refused (docengine.thai.check_ce_year). Codes
(SecretCode, SpeedCode) are mapped only here, from data/egif.yaml. The letter PDF
travels base64-encoded in ``MainLetterBinaryObject``; on import it is received
like any PDF (stamped copy and all) with the facts taken from the XML.
"""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ET
from datetime import date, datetime
from pathlib import Path
from typing import Any

from docengine import refdata
from docengine.errors import DocengineError
from docengine.thai import status_word


@refdata.dataset("egif", "egif.yaml")
def _check(content: Any) -> list[str]:
    return refdata.require_keys(content, {"namespaces": dict, "secret_codes": dict, "speed_codes": dict})


def _ns() -> tuple[str, str]:
    ns = refdata.load("egif")["namespaces"]
    return ns["document"], ns["ram"]


def _code(kind: str, value: str | None) -> str:
    codes = refdata.load("egif")[kind]
    return next((c for c, label in codes.items() if (label or "") == (value or "")), "001")


def _label(kind: str, code: str | None, element: str) -> str | None:
    if code is None:
        return None
    codes = refdata.load("egif")[kind]
    if code not in codes:
        raise _error(element, f"unknown code {code!r} (known: {', '.join(codes)})",
                     f"รหัส {code!r} ไม่ถูกต้อง (ใช้ได้: {', '.join(codes)})")
    return codes[code] or None


def _error(element: str, en: str, th: str) -> DocengineError:
    return DocengineError(f"e-GIF {element}: {en}", f"e-GIF {element}: {th}")


def check_ce_date(text: str | None, element: str) -> date:
    """A Gregorian ``yyyy-MM-dd`` date, or an error naming ``element``."""
    if not text or not text.strip():
        raise _error(element, "required element is missing or empty", "ไม่มีข้อมูลที่จำเป็น")
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text.strip())
    if not m:
        raise _error(element, f"{text!r} is not a date in the form yyyy-MM-dd",
                     f"{text!r} ไม่ใช่วันที่รูปแบบ ปปปป-ดด-วว (ค.ศ.)")
    from docengine.thai import ThaiDateError, check_ce_year

    year = int(m[1])
    try:
        check_ce_year(year, text.strip(), month=int(m[2]), day=int(m[3]))
    except ThaiDateError as exc:
        raise _error(element, exc.en, exc.th) from None
    try:
        return date(year, int(m[2]), int(m[3]))
    except ValueError:
        raise _error(element, f"{text!r} is not a real date", f"{text!r} เป็นวันที่ที่ไม่มีอยู่จริง") from None


def _split_name(full: str) -> tuple[str, str]:
    parts = (full or "").split(maxsplit=1)
    return (parts[0], parts[1]) if len(parts) == 2 else ((parts[0], "") if parts else ("", ""))


_REF = re.compile(r"ที่\s+(?P<number>.+?)\s+ลงวันที่\s+(?P<date>.+?)(?:\s+เรื่อง\s+(?P<subject>.+))?$")


def _reference(ref: dict) -> dict | None:
    """(ID, date, subject) of a register reference: structured, or parsed from its text."""
    from docengine.thai import parse_date

    if ref.get("book_number") and ref.get("date"):
        return {"id": ref["book_number"], "date": str(ref["date"]), "subject": ref.get("subject") or ""}
    m = _REF.search(str(ref.get("text") or ""))
    if not m:
        return None
    try:
        when = parse_date(m["date"])
    except DocengineError:
        return None
    return {"id": m["number"], "date": when.isoformat(), "subject": m["subject"] or ""}


def export_letter(reg, letter_id: int) -> bytes:
    """The XML of registered letter ``letter_id`` with its PDF embedded."""
    letter = reg.get(letter_id)
    if letter.status != "issued":
        raise DocengineError(f"letter id {letter.id} is {letter.status}; only issued letters are exchanged",
                             f"หนังสือ id {letter.id} มีสถานะ{status_word(letter.status)} ส่งออกได้เฉพาะหนังสือที่ออกเลขแล้ว")
    sender = reg.agency(letter.agency_code)
    pdf = next((f for f in letter.files if f.role == "letter"), None)
    blob = None
    if pdf is not None:
        from docengine.register.books import verified_file

        # The PDF sent is the one registered under this number, byte for byte.
        blob = verified_file(pdf, f"letter {letter.book_number} (id {letter.id})", "it is not exported").read_bytes()
    return letter_xml({
        "book_number": letter.book_number, "date": letter.date.isoformat(), "subject": letter.subject,
        "secrecy": letter.secrecy, "speed": letter.speed, "signer": letter.signer, "agency_code": letter.agency_code,
        "recipients": letter.recipients, "references": letter.references, "enclosures": letter.enclosures,
        "send_date": (letter.issued_at or datetime.now()).isoformat(timespec="seconds"),
        "description": sender.issuer or sender.name}, blob)


def letter_xml(letter: dict, pdf: bytes | None = None) -> bytes:
    """A CorrespondenceLetter from the letter's facts (keys as in :func:`export_letter`);
    without ``pdf`` it has no MainLetterBinaryObject (the copy a PDF/A-3 letter carries of itself).

    >>> "<ram:ID>ชม 0023.3/ว 63</ram:ID>" in letter_xml({"book_number": "ชม 0023.3/ว 63", "date": "2024-01-02",
    ...     "subject": "ทดสอบ", "agency_code": "ชม 0023.3"}).decode()
    True
    """
    doc_ns, ram = _ns()
    ET.register_namespace("", doc_ns)
    ET.register_namespace("ram", ram)
    root = ET.Element(f"{{{doc_ns}}}GovernmentDocument")
    cl = ET.SubElement(root, f"{{{ram}}}CorrespondenceLetter")

    def add(parent, name, text=None, **attrs):
        el = ET.SubElement(parent, f"{{{ram}}}{name}", attrs)
        if text is not None:
            el.text = str(text)
        return el

    add(cl, "ID", letter["book_number"])
    add(cl, "CorrespondenceDate", letter["date"])
    add(cl, "Subject", letter.get("subject") or "")
    add(cl, "SecretCode", _code("secret_codes", letter.get("secrecy")))
    add(cl, "SpeedCode", _code("speed_codes", letter.get("speed")))
    party = add(cl, "SenderParty")
    signer = letter.get("signer") or {}
    given, family = _split_name(signer.get("name", ""))
    add(party, "GivenName", given)
    add(party, "FamilyName", family)
    add(party, "JobTitle", " ".join(signer.get("position") or []) if isinstance(signer.get("position"), list)
        else signer.get("position", ""))
    code = letter["agency_code"]
    add(add(party, "MinistryOrganization"), "ID", code.split()[0])
    add(add(party, "DepartmentOrganization"), "ID", code)
    receiver = add(cl, "ReceiverParty")
    add(receiver, "JobTitle", letter.get("recipients") or "")
    for ref in letter.get("references") or ():
        parsed = _reference(ref)
        if parsed:
            r = add(cl, "ReferenceCorrespondence")
            add(r, "ID", parsed["id"])
            add(r, "CorrespondenceDate", parsed["date"])
            add(r, "Subject", parsed["subject"])
    for enc in letter.get("enclosures") or ():
        add(cl, "Attachment", enc.get("text", ""))
    if letter.get("send_date"):
        add(cl, "SendDate", letter["send_date"])
    add(cl, "Description", letter.get("description") or "")
    if pdf is not None:
        add(cl, "MainLetterBinaryObject", base64.b64encode(pdf).decode("ascii"), mimeCode="application/pdf")
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def parse_letter(xml: bytes, reg=None) -> dict:
    """Validated facts of a CorrespondenceLetter: {meta (as receive wants it), pdf bytes or None}."""
    doc_ns, ram = _ns()
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as exc:
        raise DocengineError(f"e-GIF file is not well-formed XML: {exc}", "แฟ้ม e-GIF ไม่ใช่ XML ที่ถูกต้อง") from None
    q = lambda name: f"{{{ram}}}{name}"  # noqa: E731
    cl = root if root.tag == q("CorrespondenceLetter") else root.find(q("CorrespondenceLetter"))
    if cl is None:
        raise _error("ram:CorrespondenceLetter", "required element is missing", "ไม่มีองค์ประกอบที่จำเป็น")

    def text(parent, path, element, required=True):
        el = parent.find("/".join(q(p) for p in path.split("/")))
        value = (el.text or "").strip() if el is not None else ""
        if required and not value:
            raise _error(element, "required element is missing or empty", "ไม่มีข้อมูลที่จำเป็น")
        return value or None

    number = text(cl, "ID", "ram:ID")
    when = check_ce_date(text(cl, "CorrespondenceDate", "ram:CorrespondenceDate"), "ram:CorrespondenceDate")
    subject = text(cl, "Subject", "ram:Subject")
    sender_el = cl.find(q("SenderParty"))
    if sender_el is None:
        raise _error("ram:SenderParty", "required element is missing", "ไม่มีองค์ประกอบที่จำเป็น")
    code = text(sender_el, "DepartmentOrganization/ID", "ram:SenderParty/ram:DepartmentOrganization/ram:ID")
    secrecy = _label("secret_codes", text(cl, "SecretCode", "ram:SecretCode", False), "ram:SecretCode")
    speed = _label("speed_codes", text(cl, "SpeedCode", "ram:SpeedCode", False), "ram:SpeedCode")
    for i, ref in enumerate(cl.findall(q("ReferenceCorrespondence")), 1):
        check_ce_date(text(ref, "CorrespondenceDate", f"ram:ReferenceCorrespondence[{i}]/ram:CorrespondenceDate"),
                      f"ram:ReferenceCorrespondence[{i}]/ram:CorrespondenceDate")
    name = text(cl, "Description", "ram:Description", False) or code
    if reg is not None:
        try:
            known = reg.agency(code)
            name = known.issuer or known.name
        except DocengineError:
            pass
    pdf = None
    binary = cl.find(q("MainLetterBinaryObject"))
    if binary is not None and (binary.text or "").strip():
        try:
            pdf = base64.b64decode(binary.text, validate=False)
        except ValueError:
            raise _error("ram:MainLetterBinaryObject", "is not base64", "ไม่ใช่ข้อมูล base64") from None
        if binary.get("mimeCode", "application/pdf") != "application/pdf" or not pdf.startswith(b"%PDF"):
            raise _error("ram:MainLetterBinaryObject", "is not a PDF (mimeCode application/pdf)",
                         "ไม่ใช่แฟ้ม PDF")
    receiver = text(cl, "ReceiverParty/JobTitle", "ram:ReceiverParty/ram:JobTitle", False)
    meta = {"book_number": number, "date": when.isoformat(), "subject": subject,
            "sender": {"code": code, "name": name, "issuer": name}, "recipients": receiver,
            "register_id": None, "speed": speed, "secrecy": secrecy}
    return {"meta": meta, "pdf": pdf}


def import_letter(reg, xml_path: str | Path, agency_code: str, *, out=None, routing=(), received_at=None,
                  renderer=None):
    """Receive the letter in ``xml_path`` at ``agency_code``; returns (ReceiptRecord, stamped path or None)."""
    from .receive import receive_pdf

    try:
        blob = Path(xml_path).read_bytes()
    except OSError as exc:
        raise DocengineError(f"cannot read {xml_path}: {exc.strerror}", f"อ่านแฟ้ม {xml_path} ไม่ได้") from None
    parsed = parse_letter(blob, reg)
    meta = parsed["meta"]
    reg.agency(agency_code)
    if parsed["pdf"] is None:
        r = reg.receive(agency_code, sender_book_number=meta["book_number"], sender_date=date.fromisoformat(meta["date"]),
                        sender_agency=meta["sender"]["name"], subject=meta["subject"], received_at=received_at,
                        addressee=meta["recipients"], routing=list(routing))
        return r, None
    meta = _agree_with_pdf(meta, parsed["pdf"], str(xml_path))
    return receive_pdf(reg, None, agency_code, pdf_bytes=parsed["pdf"], source_name=str(xml_path), meta=meta,
                       out=out, routing=routing, received_at=received_at, renderer=renderer)


# e-GIF element ↔ the attached PDF's docengine metadata field
_AGREE = (("ram:ID", "book_number", "ที่"), ("ram:CorrespondenceDate", "date", "ลงวันที่"),
          ("ram:Subject", "subject", "เรื่อง"),
          ("ram:SenderParty/ram:DepartmentOrganization/ram:ID", "sender_code", "หน่วยงานผู้ส่ง"))


def _agree_with_pdf(meta: dict, pdf: bytes, name: str) -> dict:
    """The XML's facts, refused where they contradict the attached PDF's own metadata.

    A PDF without docengine metadata has nothing to contradict. When they agree, the
    PDF's register id is kept so that a letter of this register is checked against it.
    """
    import unicodedata

    from docengine.register.agencies import normalize_code
    from docengine.register.numbering import normalize_book_number

    from . import metadata as md

    try:
        inner = md.read_pdf_metadata(pdf)
    except md.NoMetadata:
        return meta

    def norm(key, value):
        value = " ".join(unicodedata.normalize("NFC", str(value or "")).split())
        if key == "book_number":
            return normalize_book_number(value)
        return normalize_code(value) if key == "sender_code" and value else value

    xml_values = {**meta, "sender_code": (meta.get("sender") or {}).get("code")}
    pdf_values = {**inner, "sender_code": (inner.get("sender") or {}).get("code")}
    wrong = [(el, key, th) for el, key, th in _AGREE
             if pdf_values.get(key) and norm(key, xml_values.get(key)) != norm(key, pdf_values.get(key))]
    if wrong:
        en = "; ".join(f"{el} {xml_values.get(key)!r} ≠ PDF {key} {pdf_values.get(key)!r}" for el, key, _ in wrong)
        th = "; ".join(f"{el} ({th}) ไม่ตรงกับ PDF" for el, _, th in wrong)
        raise DocengineError(f"{name}: the XML contradicts its attached PDF: {en}",
                             f"{name}: ข้อมูลใน XML ขัดกับแฟ้ม PDF ที่แนบมา: {th}")
    return {**meta, "register_id": inner.get("register_id")}
