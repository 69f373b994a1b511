"""Forward a registered or received letter to the next tier (brief §2.1-§2.4).

The new letter is drafted from the register, never from free text: its
สิ่งที่ส่งมาด้วย (or อ้างถึง) cites the previous letter's number, date and issuer
as the register holds them, its subject carries over, its body uses the
forwarding tier's wording from ``data/forwarding.yaml``, and signer, drafting
unit and letterhead come from the forwarding agency's data. The copy being
forwarded (the forwarder's stamped copy when it has one, as in seed S1, else the
registered PDF) is appended marked "สำเนา" on every page and certified
สำเนาถูกต้อง on its last page (docengine.chain.certify), and the new letter
points at its parent.

>>> citation("enclosure", issuer="กรมส่งเสริมการปกครองท้องถิ่น", number="มท 0810.6/ว 5256",
...          date=__import__("datetime").date(2023, 12, 13), quantity="จำนวน 1 ชุด")
'สำเนาหนังสือกรมส่งเสริมการปกครองท้องถิ่น ที่ มท 0810.6/ว 5256 ลงวันที่ 13 ธันวาคม 2566 จำนวน 1 ชุด'

Series rule (documented in data/forwarding.yaml): ``series=`` wins; otherwise a
letter whose addressee names a group (``circular_markers``: ทุกอำเภอ, ทุกแห่ง …)
is a circular (ว), anything else takes the normal series.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from docengine import refdata
from docengine.errors import DocengineError
from docengine.thai import format_date, status_word

from docengine.register.agencies import normalize_code

from . import metadata as md
from .certify import copy_certifier, certify_copy
from .issue import LetterLinks, issue_letter


@refdata.dataset("forwarding", "forwarding.yaml")
def _check(content: Any) -> list[str]:
    problems = refdata.require_keys(content, {"circular_markers": list, "citation": dict, "tiers": dict,
                                              "gist_strip_openings": list})
    if problems:
        return problems
    for kind in ("enclosure", "reference"):
        if kind not in content["citation"]:
            problems.append(f"citation.{kind}: missing")
    if "default" not in content["tiers"]:
        problems.append("tiers.default: missing (used for agencies of other kinds)")
    for name, tier in content["tiers"].items():
        problems += refdata.require_keys(tier, {"cite_as": str, "quantity": str, "body": list, "closing": str},
                                         f"tiers.{name}.")
        if isinstance(tier, dict) and tier.get("cite_as") not in ("enclosure", "reference"):
            problems.append(f"tiers.{name}.cite_as: must be enclosure or reference")
    return problems


def rules() -> dict:
    return refdata.load("forwarding")


def citation(kind: str, *, issuer: str, number: str, date: date, quantity: str = "") -> str:
    """The Thai citation of a letter (ASCII digits; the renderer writes Thai digits)."""
    text = rules()["citation"][kind].format(issuer=issuer, number=number,
                                            date=format_date(date, "full", digits="arabic"), quantity=quantity)
    return " ".join(text.split())


def choose_series(recipients: str, series: str | None = None) -> str:
    """``series`` if given, else circular when ``recipients`` names a group."""
    if series:
        return series
    return "circular" if any(m in recipients for m in rules()["circular_markers"]) else "normal"


def letterhead(agency) -> dict:
    """The head block: an agency whose address has two or more lines prints them alone
    (ศาลากลางจังหวัดเชียงใหม่ / ถนนโชตนา …, seed S1); otherwise its name, then the address."""
    lines = list(agency.address)
    if len(lines) >= 2:
        return {"code": agency.code, "name": lines[0], "address": " ".join(lines[1:])}
    return {"code": agency.code, "name": agency.name, "address": " ".join(lines)}  # "" when none: no office default


def _gist_from(source_meta: dict | None, issuer: str) -> str:
    """What the cited letter says: its first paragraph without the opening (ด้วย<issuer>…)."""
    if not source_meta or not source_meta.get("body"):
        return ""
    first = str(source_meta["body"][0]).strip()
    openings = sorted((o.format(issuer=issuer) for o in rules()["gist_strip_openings"]), key=len, reverse=True)
    for opening in openings:
        if first.startswith(opening):
            return first[len(opening):].strip()
    return first


def _source(reg, letter_id, receipt_id, agency):
    """(cited facts, parent letter id, receipt id, PDF to append) for what is being forwarded."""
    from docengine.register import NotFound
    from docengine.register.books import verified_file

    receipt = None
    if receipt_id is not None:
        receipt = reg.get_receipt(receipt_id)
        if receipt.agency_code != agency.code:
            raise DocengineError(
                f"receipt {receipt.receipt_no} (id {receipt.id}) belongs to {receipt.agency_code}, not {agency.code}",
                f"เลขรับ {receipt.receipt_no} (id {receipt.id}) เป็นของ {receipt.agency_code} ไม่ใช่ {agency.code}")
        letter_id = receipt.letter_id
    letter = None
    if letter_id is not None:
        try:
            letter = reg.get(letter_id)
        except NotFound:
            raise
        if letter.status != "issued":
            raise DocengineError(f"letter id {letter.id} ({letter.book_number}) is {letter.status}; only an issued "
                                 "letter can be forwarded",
                                 f"หนังสือ id {letter.id} ({letter.book_number}) มีสถานะ{status_word(letter.status)} "
                                 "ส่งต่อได้เฉพาะหนังสือที่ออกเลขแล้ว")
        if receipt is None:
            receipt = next((r for r in letter.receipts if r.agency_code == agency.code), None)
            if receipt is not None:
                receipt = reg.get_receipt(receipt.id)
    if letter is not None:
        sender = reg.agency(letter.agency_code)
        cited = {"issuer": sender.issuer or sender.name, "number": letter.book_number, "date": letter.date,
                 "subject": letter.subject or "", "letter_id": letter.id, "speed": letter.speed}
    else:
        cited = {"issuer": receipt.sender_agency, "number": receipt.sender_book_number, "date": receipt.sender_date,
                 "subject": receipt.subject, "letter_id": None, "speed": None}
    files = [f for f in (receipt.files if receipt else ()) if f.role == "stamped"]
    if not files and letter is not None:
        files = [f for f in letter.files if f.role == "letter"]
    owner = (f"receipt {receipt.receipt_no}" if files and files[-1].role == "stamped"
             else f"letter {letter.book_number}" if letter else "")
    pdf = verified_file(files[-1], owner, "it is appended when forwarding") if files else None
    return cited, (letter.id if letter else None), (receipt.id if receipt else None), pdf


def _check_forward_date(reg, when: date, cited: dict, receipt_id: int | None) -> None:
    """A forwarding letter is dated on or after the letter it forwards, and after it was received."""
    from docengine.thai import to_bangkok

    if when < cited["date"]:
        raise DocengineError(
            f"--date {when.isoformat()} is before the letter it forwards ({cited['number']}, "
            f"dated {cited['date'].isoformat()})",
            f"วันที่ {when.isoformat()} อยู่ก่อนวันที่ของหนังสือที่ส่งต่อ ({cited['number']} "
            f"ลงวันที่ {cited['date'].isoformat()})")
    if receipt_id is not None:
        receipt = reg.get_receipt(receipt_id)
        received = to_bangkok(receipt.received_at).date()
        if when < received:
            raise DocengineError(
                f"--date {when.isoformat()} is before the letter was received ({receipt.receipt_no} on "
                f"{received.isoformat()})",
                f"วันที่ {when.isoformat()} อยู่ก่อนวันที่ลงรับหนังสือ (เลขรับ {receipt.receipt_no} "
                f"เมื่อ {received.isoformat()})")


@dataclass(frozen=True)
class ForwardDraft:
    """The forwarding letter before it is numbered: its data (the external-letter format, no
    ``book_number``), what it cites (structured, for the register) and the PDF to append."""

    data: dict
    cite_kind: str  # "enclosure" (สิ่งที่ส่งมาด้วย) or "reference" (อ้างถึง)
    cited: dict  # {text, letter_id, book_number, date, issuer, subject}
    parent_id: int | None
    receipt_id: int | None
    source_pdf: Path
    agency: Any  # the forwarding AgencyInfo


def forward_draft(reg, letter_id: int | None = None, *, by: str, to: str, receipt_id: int | None = None,
                  when: date | None = None, series: str | None = None, gist: str | None = None,
                  paragraphs: list[str] = (), speed: str | None = None) -> ForwardDraft:
    """What :func:`forward_letter` numbers and registers, drafted from the register and checked
    (the source is issued or received with its PDF, the date is not before it), without taking a
    number: a page can preview it (``Engine.render(…, draft.data, draft=True)``)."""
    from docengine.thai import bangkok_today

    if letter_id is None and receipt_id is None:
        raise DocengineError("give the id of a letter or of a receipt to forward", "กรุณาระบุหนังสือที่จะส่งต่อ")
    if not (to or "").strip():
        raise DocengineError("--to: give the addressees (เรียน …)", "--to: กรุณาระบุผู้รับ (เรียน …)")
    agency = reg.agency(by)
    cited, parent_id, fwd_receipt, source_pdf = _source(reg, letter_id, receipt_id, agency)
    if source_pdf is None:
        raise DocengineError("no registered PDF of the letter to forward (receive it with its PDF first)",
                             "ไม่มีแฟ้ม PDF ของหนังสือที่จะส่งต่อในทะเบียน (ลงรับพร้อมแฟ้ม PDF ก่อน)")
    when = when or bangkok_today()
    _check_forward_date(reg, when, cited, fwd_receipt)
    all_rules = rules()
    tier = all_rules["tiers"].get(agency.kind) or all_rules["tiers"]["default"]
    try:
        source_meta = md.read_pdf_metadata(source_pdf)
    except md.NoMetadata:
        source_meta = None
    if gist is None:
        gist = _gist_from(source_meta, cited["issuer"]) if tier.get("gist_from_source") else ""
    gist_text = (tier.get("gist_prefix", "") + gist) if gist else ""
    cite_kind = tier["cite_as"]
    cite_text = citation(cite_kind, issuer=cited["issuer"], number=cited["number"], date=cited["date"],
                         quantity=tier["quantity"])
    fill = {"issuer": cited["issuer"], "number": cited["number"],
            "date": format_date(cited["date"], "full", digits="arabic"), "subject": cited["subject"],
            "self": agency.issuer or agency.name, "gist": gist_text}
    body = [p.format(**fill) for p in tier["body"]] + list(paragraphs) + [tier["closing"].format(**fill)]
    signer = agency.signer()
    unit = agency.owner_unit() or {}
    data = {
        "series": choose_series(to, series),
        "agency": letterhead(agency),
        "date": when.isoformat(),
        "subject": cited["subject"],
        "recipient": to.strip(),
        "references": [cite_text] if cite_kind == "reference" else [],
        "enclosures": [cite_text] if cite_kind == "enclosure" else [],
        "body": body,
        # Every key is given, blanks included: the office's defaults must not leak into
        # another agency's letter (the schema fills only absent keys).
        "signer": {"name": signer.name, "position": [signer.position], "capacity": signer.capacity or "",
                   "principal": signer.principal or ""} if signer else None,
        "owner_unit": {"name": list(unit.get("lines") or []),
                       **{k: str(unit.get(k) or "") for k in ("phone", "fax", "email", "coordinator")}}
        if unit else None,
    }
    if speed:
        data["speed"] = speed
    data = {k: v for k, v in data.items() if v is not None}
    structured = {"text": cite_text, "letter_id": cited["letter_id"], "book_number": cited["number"],
                  "date": cited["date"].isoformat(), "issuer": cited["issuer"], "subject": cited["subject"]}
    return ForwardDraft(data, cite_kind, structured, parent_id, fwd_receipt, source_pdf, agency)


def forward_letter(reg, letter_id: int | None = None, *, by: str, to: str, receipt_id: int | None = None,
                   when: date | None = None, series: str | None = None, gist: str | None = None,
                   paragraphs: list[str] = (), speed: str | None = None, renderer=None,
                   pdf: str | Path | None = None, docx: str | Path | None = None):
    """Draft, number, render and register ``by``'s letter forwarding ``letter_id`` (or ``receipt_id``) to ``to``.

    ``gist`` is what the cited letter says (default: its own first paragraph, for
    tiers whose wording restates it); ``paragraphs`` are added before the closing.
    The draft is :func:`forward_draft`'s. Returns the issued LetterRecord.
    """
    draft = forward_draft(reg, letter_id, by=by, to=to, receipt_id=receipt_id, when=when, series=series,
                          gist=gist, paragraphs=paragraphs, speed=speed)
    if renderer is None:
        from docengine.render.document import Renderer

        renderer = Renderer(reg.office)
    # The copy goes along as offices send it: marked สำเนา and certified (docengine.chain.certify).
    office = renderer.office
    agency = draft.agency
    is_office = bool(office.get("agency_code")) and normalize_code(office.get("agency_code")) == agency.code
    certified = certify_copy(draft.source_pdf.read_bytes(), renderer=renderer,
                             certifier=copy_certifier(agency, office.data, is_office=is_office))
    cites = [draft.cited]
    links = LetterLinks(parent_id=draft.parent_id, forwards_receipt_id=draft.receipt_id,
                        references=cites if draft.cite_kind == "reference" else [],
                        enclosures=cites if draft.cite_kind == "enclosure" else [],
                        enclosure_files=[certified])
    # Without --pdf the forwarding letter goes beside the letter it forwards.
    return issue_letter(reg, draft.data, renderer=renderer, pdf=pdf, docx=docx, links=links,
                        folder=draft.source_pdf.parent)
