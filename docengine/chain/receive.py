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
from docengine.faults import checkpoint
from docengine.io import claim_output
from docengine.register.books import file_row, verified_file

from . import metadata as md
from .stamp import endorsement_values, original_of, routing_values, stamp_at_of, stamp_pdf, stamp_values

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


def _linked_letter(reg, meta: dict, original: bytes, name: str) -> int | None:
    """The id of the letter of this register that ``original`` is, checked against the books.

    A PDF is one of our own letters when its metadata names a register id of a letter of
    the same sending agency, or when its number and date are those of a registered
    letter. Such a letter must be issued, its metadata (book number, date, subject,
    agency) must be the record's, and its SHA-256 that of the registered file; any
    difference is refused, naming the fields. Other PDFs are received as outside letters.
    """
    import hashlib

    from docengine.register import NotFound
    from docengine.register.agencies import normalize_code
    from docengine.register.numbering import normalize_book_number

    letter = None
    sender_code = (meta.get("sender") or {}).get("code")
    rid = meta.get("register_id")
    if rid:
        try:
            candidate = reg.get(int(rid))
        except (NotFound, ValueError, TypeError):
            candidate = None
        if candidate is not None and sender_code and normalize_code(str(sender_code)) == candidate.agency_code:
            letter = candidate
    if letter is None:
        letter = reg.letter_by_number(meta["book_number"], date.fromisoformat(str(meta["date"])))
    if letter is None:
        return None
    label = f"letter {letter.book_number} (id {letter.id})"
    if letter.status != "issued":
        raise DocengineError(
            f"{name} carries the number of {label}, which is {letter.status} in the register; "
            "a letter whose number failed or was cancelled is not received",
            f"{name} มีเลขที่ของหนังสือ {letter.book_number} ซึ่งในทะเบียนมีสถานะ {letter.status} จึงลงรับไม่ได้")
    wrong = []
    if normalize_book_number(str(meta["book_number"])) != letter.book_number:
        wrong.append(("book_number", "ที่", meta["book_number"], letter.book_number))
    if str(meta["date"]) != letter.date.isoformat():
        wrong.append(("date", "ลงวันที่", meta["date"], letter.date.isoformat()))
    if _same_text(meta.get("subject")) != _same_text(letter.subject):
        wrong.append(("subject", "เรื่อง", meta.get("subject"), letter.subject))
    if sender_code and normalize_code(str(sender_code)) != letter.agency_code:
        wrong.append(("agency", "หน่วยงาน", sender_code, letter.agency_code))
    if wrong:
        en = "; ".join(f"{f}: {given!r} ≠ registered {rec!r}" for f, _, given, rec in wrong)
        th = "; ".join(f"{th} ({f}) ไม่ตรงกับทะเบียน" for f, th, _, _ in wrong)
        raise DocengineError(f"{name} does not match {label} in the register: {en}",
                             f"{name} ไม่ตรงกับหนังสือ {letter.book_number} ในทะเบียน: {th}")
    files = [f for f in letter.files if f.role == "letter"]
    sha = hashlib.sha256(original).hexdigest()
    if files and (sha, len(original)) != (files[-1].sha256, files[-1].size):
        raise DocengineError(
            f"{name} is not the registered file of {label}: SHA-256 {sha[:12]}… ≠ registered "
            f"{files[-1].sha256[:12]}… (changed or relabelled after it was issued)",
            f"{name} ไม่ใช่แฟ้มที่ลงทะเบียนไว้ของหนังสือ {letter.book_number} (SHA-256 ไม่ตรง ถูกแก้ไขหลังออกหนังสือ)")
    return letter.id


def _same_text(value) -> str:
    import unicodedata

    return " ".join(unicodedata.normalize("NFC", str(value or "")).split())


def default_stamped_name(agency_code: str, receipt_no: str) -> str:
    """The stamped copy's file name when none is given.

    >>> default_stamped_name("ชม 52101", "001/2567")
    'received-52101-001-2567.pdf'
    """
    digits = "".join(c for c in agency_code if c.isdigit() or c == ".") or "x"
    return f"received-{digits}-{receipt_no.replace('/', '-')}.pdf"


def default_stamped_path(beside: Path, agency_code: str, receipt_no: str) -> Path:
    """Where a stamped copy goes when no ``out`` is given: beside the file it was made from,
    never into the current folder.

    >>> default_stamped_path(Path("/in/letter.pdf"), "ชม 52101", "001/2567").as_posix()
    '/in/received-52101-001-2567.pdf'
    """
    return Path(beside).parent / default_stamped_name(agency_code, receipt_no)


def receive_pdf(reg, pdf: str | Path | None, agency_code: str, *, out: str | Path | None = None,
                meta_file: str | Path | None = None, routing=(), received_at: datetime | None = None,
                renderer=None, office_routing=None, pdf_bytes: bytes | None = None,
                source_name: str | None = None, meta: dict | None = None, stamp_at=None):
    """Register ``pdf`` in ``agency_code``'s receiving book and write its stamped copy.

    The letter's facts come from ``meta`` (already validated, e.g. from e-GIF),
    else ``meta_file`` (--meta YAML), else the PDF's own docengine metadata.
    ``stamp_at``: (x, y) mm top-left of the receipt stamp on page 1 as the clerk placed it
    (checked before any number is taken: :func:`docengine.chain.stamp.check_stamp_at`).
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
    renderer = renderer or Renderer(reg.office)
    if office_routing is None:
        office_routing = office_routing_for(renderer, agency.code)
    letter_date = date.fromisoformat(str(meta["date"]))
    sender = meta.get("sender") or {}
    if stamp_at is not None:  # a position over the letter's text is refused before a number is taken
        from datetime import timezone

        from .stamp import check_stamp_at

        check_stamp_at(original, stamp_at, renderer=renderer, stamp=stamp_values(
            receipt_no=reg.next_receipt_no(agency.code, received_at), agency=agency.name,
            received_at=received_at or datetime.now(timezone.utc)))
    # The received original's SHA-256 is recorded with the receipt itself, so a copy made
    # later (chain restamp --original) is checked against it even if this process dies.
    source = Path(pdf) if pdf is not None else Path(f"{source_name or 'PDF'}#MainLetterBinaryObject")
    files = [file_row("received", source, data=original)]
    if pdf is None and source_name:
        files.append(file_row("egif", Path(source_name)))
    beside = Path(pdf) if pdf is not None else Path(source_name) if source_name else None
    inputs = {k: Path(v) for k, v in (("PDF", pdf), ("--meta", meta_file), ("e-GIF", source_name)) if v}
    if not out and beside is not None:
        # The stamped copy's name comes from its เลขรับ: predicted here so that a collision with
        # an input or another output is refused before the receipt is recorded.
        predicted = default_stamped_path(beside, agency.code, reg.next_receipt_no(agency.code, received_at))
        claim_output("--out (default name)", predicted, inputs=inputs)
        reg.refuse_registered(predicted)
    receipt = reg.receive(
        agency.code, letter_id=_linked_letter(reg, meta, original, name), sender_book_number=meta["book_number"],
        sender_date=letter_date, sender_agency=sender.get("issuer") or sender.get("name"),
        subject=meta["subject"], received_at=received_at, addressee=meta.get("recipients"), routing=list(routing),
        files=files, pending="stamp", outputs=[out] if out else [],
    )
    checkpoint("receive:recorded")
    if out:
        path = Path(out)
    elif beside is not None:
        path = default_stamped_path(beside, agency.code, receipt.receipt_no)
    else:
        path = None
    try:
        if path is None:
            raise ValueError("no file to put it beside; give out=")
        if not out:  # the same name unless another process received meanwhile
            claim_output("--out (default name)", path, inputs=inputs)
            reg.refuse_registered(path)
        blob = _stamped(renderer, original, reg, receipt, agency, office_routing, stamp_at)
    except Exception as exc:
        raise DocengineError(
            f"receipt {receipt.receipt_no} (id {receipt.id}) is recorded but its stamped copy failed: {exc}; "
            f"run `docengine chain restamp {receipt.id} --original {name}`",
            f"ลงรับแล้ว เลขรับ {receipt.receipt_no} แต่สร้างสำเนาประทับตรารับไม่สำเร็จ",
        ) from None
    receipt = _publish_stamped(reg, receipt.id, path, blob, "receive")
    _record_signatures(reg, receipt, original, renderer)
    return receipt, path


def _publish_stamped(reg, receipt_id: int, path: Path, blob: bytes, step: str):
    """Write a stamped copy: temp name, record it with its SHA-256, rename, mark it in place."""
    from docengine.io import discard, publish, stage_all

    reg.note_output_folders([path])
    staged = stage_all([(path, blob)])
    checkpoint(f"{step}:staged")
    try:
        reg.attach_receipt_files(receipt_id, [("stamped", path, staged[0][1])])
    except BaseException:
        discard(staged)
        raise
    checkpoint(f"{step}:committed")
    publish(staged)
    checkpoint(f"{step}:published")
    return reg.files_in_place(receipt_id=receipt_id)


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

    import pikepdf

    from docengine.render.merge import pdf_problem

    try:
        with pikepdf.open(io.BytesIO(blob)) as pdf:
            pdf.pages[0].obj.get("/MediaBox")
    except Exception as exc:
        raise DocengineError(f"{name} is not a readable PDF: {pdf_problem(exc)}",
                             f"{name} ไม่ใช่แฟ้ม PDF ที่อ่านได้") from None


def _routing(agency, office_routing, ticked):
    """The office's routing list when the office is this agency, else the agency's own."""
    sections = [s for u in agency.routing for s in u.get("sections") or ()]
    return routing_values(office_routing or list(agency.routing), ticked, sections)


def _stamped(renderer, original: bytes, reg, receipt, agency, office_routing=None, stamp_at=None) -> bytes:
    sheet = {"agency": agency.name, "receipt_no": receipt.receipt_no, "book_number": receipt.sender_book_number,
             "letter_date": receipt.sender_date.isoformat(), "subject": receipt.subject}
    return stamp_pdf(
        original, renderer=renderer,
        stamp=stamp_values(receipt_no=receipt.receipt_no, agency=agency.name, received_at=receipt.received_at),
        routing=_routing(agency, office_routing, receipt.routing),
        endorsements=[endorsement_values(e) for e in receipt.endorsements], sheet=sheet, stamp_at=stamp_at,
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

    The received original comes from ``original`` or else from the current stamped copy
    (embedded; the copy's own SHA-256 is checked first); either way its SHA-256 must
    equal the one recorded at receipt. Returns (receipt, path).
    """
    import hashlib

    from docengine.render.document import Renderer

    receipt = reg.get_receipt(receipt_id)
    label = f"receipt {receipt.receipt_no} (id {receipt.id})"
    stamped = [f for f in receipt.files if f.role == "stamped" and not f.staged_path]
    received = [f for f in receipt.files if f.role == "received"]
    stamp_at = None  # where the clerk put the stamp, kept in the copy (re-checked on the original)
    if original is not None:
        try:
            blob = Path(original).read_bytes()
            if stamped and Path(stamped[-1].path).is_file():
                stamp_at = stamp_at_of(Path(stamped[-1].path).read_bytes())
        except OSError as exc:
            raise DocengineError(f"cannot read {original}: {exc.strerror}", f"อ่านแฟ้ม {original} ไม่ได้") from None
        if not received:
            raise DocengineError(
                f"{label}: no SHA-256 of the original was recorded at receipt, so {original} cannot be checked",
                f"เลขรับ {receipt.receipt_no} ไม่ได้บันทึก SHA-256 ของต้นฉบับไว้ จึงตรวจสอบแฟ้ม {original} ไม่ได้")
    elif stamped and Path(stamped[-1].path).is_file():
        current = verified_file(stamped[-1], label, "it holds the original").read_bytes()
        blob, stamp_at = original_of(current), stamp_at_of(current)
    elif received and Path(received[-1].path).is_file():
        blob = Path(received[-1].path).read_bytes()
    else:
        raise DocengineError(f"{label} has no stamped copy to re-generate from; give --original FILE",
                             f"เลขรับ {receipt.receipt_no} ไม่มีสำเนาประทับตรารับ กรุณาระบุ --original")
    if received and (hashlib.sha256(blob).hexdigest(), len(blob)) != (received[-1].sha256, received[-1].size):
        raise DocengineError(
            f"{label}: the original does not match the file recorded at receipt (SHA-256 differs)",
            f"เลขรับ {receipt.receipt_no}: ต้นฉบับไม่ตรงกับแฟ้มที่บันทึกตอนลงรับ (SHA-256 ไม่ตรง)")
    renderer = renderer or Renderer(reg.office)
    agency = reg.agency(receipt.agency_code)
    if stamped:
        path = Path(stamped[-1].path)
    else:  # beside the received original (an e-GIF's PDF is recorded as "file.xml#part")
        source = Path(received[-1].path.split("#")[0])
        path = default_stamped_path(source, agency.code, receipt.receipt_no)
        claim_output("stamped copy (default name)", path,
                     inputs={"received original": source, **({"--original": Path(original)} if original else {})})
    blob = _stamped(renderer, blob, reg, receipt, agency, office_routing_for(renderer, agency.code), stamp_at)
    return _publish_stamped(reg, receipt.id, path, blob, "restamp"), path


def finish_pending(reg, receipt_ids, renderer=None) -> dict[int, str]:
    """Re-make the stamped copies that dead processes left undone: {receipt id: outcome}."""
    done = {}
    for rid in receipt_ids:
        try:
            _, path = restamp(reg, rid, renderer=renderer)
            done[rid] = f"stamped copy re-made: {path}"
        except DocengineError as exc:
            done[rid] = f"still pending: {exc.en}"
    return done
