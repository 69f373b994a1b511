"""Receive a letter from its PDF: read its metadata, give it a เลขรับ, write the stamped copy.

>>> # rec, path = receive_pdf(reg, "letter.pdf", "ชม 52101", routing=["งานพัฒนาชุมชน"])
>>> # rec.receipt_no → '001/2567'; path → the stamped copy

Everything that can be wrong with the input (unreadable PDF, no metadata and no
``--meta``, a bad ``--meta`` file, a CE date, an unknown agency or routing unit,
a duplicate receipt) is found before the receipt is written, so it changes
nothing. The stamped copy (docengine.chain.stamp) embeds the received original,
and :func:`restamp` re-generates it from that original with every endorsement.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from docengine.errors import DocengineError
from docengine.io import write_atomic

from . import metadata as md
from .stamp import endorsement_values, original_of, routing_values, stamp_pdf, stamp_values

META_KEYS = {"book_number": "ที่", "date": "ลงวันที่", "sender": "จาก", "subject": "เรื่อง"}
META_OPTIONAL = {"recipients", "sender_code", "speed", "secrecy"}


def read_meta_file(path: str | Path) -> dict:
    """The letter facts of a ``--meta`` YAML file, validated (every problem at once)."""
    from docengine.records.datafile import read_datafile
    from docengine.thai import parse_be_date_or_year
    from docengine.thai.errors import ThaiDateError

    doc = read_datafile(path)
    data = doc.data
    if not isinstance(data, dict):
        raise DocengineError(f"{path}: expected keys {', '.join(META_KEYS)}",
                             f"{path}: ต้องมีคีย์ {', '.join(META_KEYS)}")
    problems = []
    for key, th in META_KEYS.items():
        if not str(data.get(key) or "").strip():
            problems.append((f"{key} is missing", f"ไม่มี {key} ({th})"))
    for key in set(data) - set(META_KEYS) - META_OPTIONAL:
        problems.append((f"unknown key {key!r}", f"ไม่รู้จักคีย์ {key!r}"))
    when = data.get("date")
    if when:
        text = when.isoformat() if isinstance(when, date) else str(when)
        try:
            when = parse_be_date_or_year(text)
            if not isinstance(when, date):
                problems.append((f"date {text!r} is only a year", f"วันที่ {text!r} มีแต่ปี"))
        except ThaiDateError as exc:
            problems.append((f"date: {exc.en}", f"date: {exc.th}"))
    if problems:
        raise DocengineError(f"{path}: " + "; ".join(p[0] for p in problems),
                             f"{path}: " + "; ".join(p[1] for p in problems))
    sender = data["sender"]
    if isinstance(sender, dict):
        sender = {"name": str(sender.get("name") or ""), "code": sender.get("code"), "issuer": sender.get("issuer")}
    else:
        sender = {"name": str(sender), "code": data.get("sender_code"), "issuer": str(sender)}
    return {"book_number": str(data["book_number"]), "date": when.isoformat(), "subject": str(data["subject"]),
            "sender": sender, "recipients": data.get("recipients"), "register_id": None}


def _linked_letter(reg, meta: dict) -> int | None:
    """The register id in the metadata, when this register holds that very letter."""
    from docengine.register import NotFound
    from docengine.register.numbering import normalize_book_number

    rid = meta.get("register_id")
    if not rid:
        return None
    try:
        letter = reg.get(int(rid))
    except (NotFound, ValueError):
        return None
    same = (letter.book_number == normalize_book_number(meta["book_number"])
            and letter.date.isoformat() == str(meta["date"]) and letter.status == "issued")
    return letter.id if same else None


def default_stamped_name(agency_code: str, receipt_no: str) -> str:
    digits = "".join(c for c in agency_code if c.isdigit() or c == ".") or "x"
    return f"received-{digits}-{receipt_no.replace('/', '-')}.pdf"


def receive_pdf(reg, pdf: str | Path | None, agency_code: str, *, out: str | Path | None = None,
                meta_file: str | Path | None = None, routing=(), received_at: datetime | None = None,
                renderer=None, office_routing=None, pdf_bytes: bytes | None = None,
                source_name: str | None = None, meta: dict | None = None):
    """Register ``pdf`` in ``agency_code``'s receiving book and write its stamped copy.

    The letter's facts come from ``meta`` (already validated, e.g. from e-GIF),
    else ``meta_file`` (--meta YAML), else the PDF's own docengine metadata.
    Returns (ReceiptRecord with files, path of the stamped copy).
    """
    from docengine.render.document import Renderer

    name = str(pdf) if pdf is not None else (source_name or "PDF")
    if pdf_bytes is None:
        try:
            pdf_bytes = Path(pdf).read_bytes()
        except OSError as exc:
            raise DocengineError(f"cannot read {pdf}: {exc.strerror}", f"อ่านแฟ้ม {pdf} ไม่ได้") from None
    original = pdf_bytes
    if meta is None:
        meta = read_meta_file(meta_file) if meta_file else md.read_pdf_metadata(original)
    _check_pdf(original, name)
    agency = reg.agency(agency_code)
    reg.refuse_registered(out)
    renderer = renderer or Renderer()
    if office_routing is None:
        office_routing = office_routing_for(renderer, agency.code)
    letter_date = date.fromisoformat(str(meta["date"]))
    sender = meta.get("sender") or {}
    receipt = reg.receive(
        agency.code, letter_id=_linked_letter(reg, meta), sender_book_number=meta["book_number"],
        sender_date=letter_date, sender_agency=sender.get("issuer") or sender.get("name"),
        subject=meta["subject"], received_at=received_at, addressee=meta.get("recipients"), routing=list(routing),
    )
    path = Path(out) if out else Path(default_stamped_name(agency.code, receipt.receipt_no))
    try:
        blob = _stamped(renderer, original, reg, receipt, agency, office_routing)
        write_atomic(path, blob)
    except Exception as exc:
        raise DocengineError(
            f"receipt {receipt.receipt_no} (id {receipt.id}) is recorded but its stamped copy failed: {exc}; "
            f"run `docengine chain restamp {receipt.id} --original {name}`",
            f"ลงรับแล้ว เลขรับ {receipt.receipt_no} แต่สร้างสำเนาประทับตรารับไม่สำเร็จ",
        ) from None
    files = [("received", Path(pdf))] if pdf is not None else ([("egif", Path(source_name))] if source_name else [])
    receipt = reg.attach_receipt_files(receipt.id, files + [("stamped", path)])
    _record_signatures(reg, receipt, original, renderer)
    return receipt, path


def _record_signatures(reg, receipt, original: bytes, renderer) -> None:
    """A signed PDF's signature status goes into the register with the receipt (valid / untrusted / invalid)."""
    import hashlib

    from docengine.register.signers import record_signature
    from docengine.sign.pades import load_roots, received_status

    found = received_status(original, load_roots(renderer.office.trust_roots))
    if found is not None:
        record_signature(reg, kind="received", signer=found["signer"], sha256=hashlib.sha256(original).hexdigest(),
                         status=found["status"], receipt_id=receipt.id, signed_at=found["signed_at"],
                         detail={"report": found["lines"]})


def _check_pdf(blob: bytes, name) -> None:
    import io

    from pypdf import PdfReader

    try:
        PdfReader(io.BytesIO(blob)).pages[0]
    except Exception as exc:
        raise DocengineError(f"{name} is not a readable PDF: {exc}", f"{name} ไม่ใช่แฟ้ม PDF ที่อ่านได้") from None


def _routing(agency, office_routing, ticked):
    """The office's routing list when the office is this agency, else the agency's own."""
    sections = [s for u in agency.routing for s in u.get("sections") or ()]
    return routing_values(office_routing or list(agency.routing), ticked, sections)


def _stamped(renderer, original: bytes, reg, receipt, agency, office_routing=None) -> bytes:
    sheet = {"agency": agency.name, "receipt_no": receipt.receipt_no, "book_number": receipt.sender_book_number,
             "letter_date": receipt.sender_date.isoformat(), "subject": receipt.subject}
    return stamp_pdf(
        original, renderer=renderer,
        stamp=stamp_values(receipt_no=receipt.receipt_no, agency=agency.name, received_at=receipt.received_at),
        routing=_routing(agency, office_routing, receipt.routing),
        endorsements=[endorsement_values(e) for e in receipt.endorsements], sheet=sheet,
    )


def office_routing_for(renderer, agency_code: str):
    """The office config's ``routing_list`` if the office is ``agency_code`` (brief §2.7: per LAO)."""
    from docengine.register.agencies import normalize_code

    office = renderer.office
    code = office.get("agency_code")
    if code and normalize_code(code) == normalize_code(agency_code):
        return office.get("routing_list")
    return None


def restamp(reg, receipt_id: int, *, renderer=None, original: str | Path | None = None):
    """Re-generate the stamped copy of ``receipt_id`` with all its endorsements (same path).

    The received original comes from the current stamped copy (embedded) or ``original``;
    either way its SHA-256 must equal the one recorded at receipt. Returns (receipt, path).
    """
    import hashlib

    from docengine.render.document import Renderer

    receipt = reg.get_receipt(receipt_id)
    stamped = [f for f in receipt.files if f.role == "stamped"]
    received = [f for f in receipt.files if f.role == "received"]
    if original is not None:
        blob = Path(original).read_bytes()
    elif stamped and Path(stamped[-1].path).is_file():
        blob = original_of(Path(stamped[-1].path).read_bytes())
    else:
        raise DocengineError(f"receipt {receipt.receipt_no} has no stamped copy to re-generate from",
                             f"เลขรับ {receipt.receipt_no} ไม่มีสำเนาประทับตรารับ")
    if received and hashlib.sha256(blob).hexdigest() != received[-1].sha256:
        raise DocengineError("the original does not match the file recorded at receipt (SHA-256 differs)",
                             "ต้นฉบับไม่ตรงกับแฟ้มที่บันทึกตอนลงรับ (SHA-256 ไม่ตรง)")
    renderer = renderer or Renderer()
    agency = reg.agency(receipt.agency_code)
    path = Path(stamped[-1].path) if stamped else Path(default_stamped_name(agency.code, receipt.receipt_no))
    write_atomic(path, _stamped(renderer, blob, reg, receipt, agency,
                                office_routing_for(renderer, agency.code)))
    return reg.attach_receipt_files(receipt.id, [("stamped", path)]), path
