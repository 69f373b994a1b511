"""Issue a letter: validate, take its number (ที่), render, write, register — in that order.

>>> # reg = open_register(url); rec = issue_letter(reg, read_datafile("letter.yaml"))
>>> # rec.book_number, rec.files[0].sha256
>>> parse_book_number("มท ๐๘๑๐.๖/ว ๕๒๕๖")
('มท 0810.6', 'circular', 5256)
>>> default_output("ชม 0023.3", "circular", 63, 2567)
'letter-0023.3-w63-2567.pdf'
>>> default_output("ชม 52101", "memo", 1, 2567)
'letter-52101-m1-2567.pdf'

Order matters (brief §3.6): the data is validated with a placeholder number and the
agency is looked up *before* a number is taken, so bad input burns no number. The
number is then taken inside :meth:`Register.reserving`: an exception marks it
``failed``; a process killed before the files are recorded leaves it ``reserved``
under its pid, and the next open of the register marks it ``failed``. Files are
written atomically; the register line is issued only after every file exists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from docengine.errors import DocengineError
from docengine.faults import checkpoint
from docengine.io import claim_output, discard, publish, stage_all
from docengine.records.datafile import DataFile
from docengine.thai import arabic_digits, be_year
from docengine.register.numbering import book_number as make_book_number
from docengine.register.numbering import normalize_book_number

from . import metadata as md

SET = "external"
_NUMBER = re.compile(r"^(?P<code>.+?)/(?P<w>ว )?(?P<running>\d+)$")


def parse_book_number(text: str) -> tuple[str, str, int]:
    """(agency code, series, running number) of a letter's ที่."""
    from docengine.register.agencies import normalize_code

    norm = normalize_book_number(text)
    m = _NUMBER.match(norm)
    if not m:
        raise DocengineError(f"book_number {text!r} is not a letter number like 'ชม 0023.3/ว 63'",
                             f"ที่ {text!r} ไม่ใช่เลขที่หนังสือ ตัวอย่าง 'ชม 0023.3/ว 63'")
    return normalize_code(m["code"]), ("circular" if m["w"] else "normal"), int(m["running"])


# The books other than the normal one each start at 1 too: their letter of the series marks
# the file name, so memo 1 and letter 1 of one year never claim the same name.
_SERIES_MARK = {"circular": "w", "memo": "m", "order": "o"}


def default_output(agency_code: str, series: str, running_no: int, year_be: int, ext: str = "pdf") -> str:
    """An ASCII-safe file name: the code's digits, ``w`` for a circular (ว), ``m`` for a memo,
    ``o`` for an order, running number, BE year."""
    digits = re.sub(r"[^0-9.]", "", arabic_digits(agency_code)) or "x"
    return f"letter-{digits}-{_SERIES_MARK.get(series, '')}{running_no}-{year_be}.{ext}"


@dataclass
class LetterLinks:
    """What ties a new letter to the register beyond its own data (set by ``forward``)."""

    parent_id: int | None = None
    forwards_receipt_id: int | None = None
    references: list[dict] = field(default_factory=list)  # structured อ้างถึง for the register
    enclosures: list[dict] = field(default_factory=list)  # structured สิ่งที่ส่งมาด้วย
    enclosure_files: list[Path | bytes] = field(default_factory=list)  # PDFs appended to the letter


def _agency_code(data: dict, renderer) -> str | None:
    code = (data.get("agency") or {}).get("code")
    if code:
        return str(code)
    if data.get("book_number"):
        return parse_book_number(str(data["book_number"]))[0]
    return renderer.office.get("agency_code")


def issue_letter(reg, data: dict | DataFile, *, renderer=None, pdf: str | Path | None = None,
                 docx: str | Path | None = None, links: LetterLinks | None = None,
                 today: date | None = None, set_name: str = SET, esign=None, folder: str | Path | None = None):
    """Number, render and register the letter in ``data`` (the external-letter format).

    Without ``book_number`` the number comes from the ``series`` book (``normal``
    or ``circular``) of ``agency.code`` (else the office's ``agency_code``) for
    the BE year of ``date`` (default today in Bangkok). With ``book_number`` the
    letter is registered under that number, which must be the next one of its
    book (an agency moving from a paper book: the book starts there).
    With ``esign`` (a :class:`docengine.sign.typed.Approval`) the letter is signed by a
    typed name: the approving user is the signer, the signature block says
    "ลงนามอิเล็กทรอนิกส์" with date and time, and the register records the signature
    with the SHA-256 of the PDF.
    Without ``pdf`` the letter is written under :func:`default_output`'s name in
    ``folder``, else beside the data file; never into the current folder unasked.
    Returns the issued :class:`LetterRecord`.
    """
    from docengine.render.document import Renderer
    from docengine.thai import bangkok_today

    renderer = renderer or Renderer(reg.office)
    links = links or LetterLinks()
    doc = data if isinstance(data, DataFile) else DataFile(None, data)
    values = dict(doc.data or {}) if isinstance(doc.data, dict) else doc.data
    if not isinstance(values, dict):
        renderer.prepare(set_name, doc)  # raises the schema's own "must be a mapping" problem
    values.setdefault("date", (today or bangkok_today()).isoformat())
    if esign is not None:
        values["signer"] = esign.signer()
    code = _agency_code(values, renderer)
    given = values.get("book_number")
    series = str(values.get("series") or "normal")
    wanted = None
    if given:
        code_in_number, series, wanted = parse_book_number(str(given))
        if code and normalize_book_number(code) != code_in_number:
            raise DocengineError(f"book_number {given} is not of agency.code {code}",
                                 f"ที่ {given} ไม่ใช่เลขของหน่วยงาน {code}")
        code = code_in_number
    if not code:
        raise DocengineError("the letter names no agency: give agency.code (e.g. 'ชม 0023.05') or book_number",
                             "ไม่ระบุหน่วยงานเจ้าของหนังสือ กรุณาระบุ agency.code (เช่น 'ชม 0023.05') หรือ book_number")
    # Validate everything before a number is taken: a placeholder stands in for ที่.
    checked = renderer.prepare(set_name, DataFile(doc.path, {**values, "book_number": given or f"{code}/0"},
                                                  doc.lines))
    letter_date: date = checked.data["date"]
    year_be = be_year(letter_date)
    agency = reg.agency(code)  # unknown agency → clear error, nothing taken
    _delegated(reg, agency.code, values, letter_date, esign)
    _check_letterhead(reg, agency, (checked.data.get("agency") or {}).get("name"))
    reg.refuse_registered(pdf, docx)  # a registered letter's file is never replaced
    if folder is None and not pdf:
        if doc.path is None:
            raise DocengineError("give the PDF to write (pdf=…): the letter has no data file to put it beside",
                                 "กรุณาระบุแฟ้ม PDF ที่จะเขียน (pdf=…) เพราะไม่มีแฟ้มข้อมูลให้วางไว้ข้างกัน")
        folder = Path(doc.path).parent
    if wanted is not None:
        _prepare_given_number(reg, agency.code, series, year_be, wanted)
    if not pdf:
        # The PDF's name comes from its number: predicted here so that a collision with an
        # input or another output is refused before a number is taken (checked again once known).
        _claim_default(reg, Path(folder) / default_output(
            agency.code, series, wanted or reg.next_number(agency.code, series, year_be), year_be), doc, docx, links)
    with reg.reserving(agency.code, series, year_be, letter_date=letter_date,
                       subject=checked.data.get("subject")) as alloc:
        checkpoint("issue:reserved")
        if wanted is not None and alloc.running_no != wanted:
            raise DocengineError(f"{given} was taken meanwhile (got {alloc.book_number})",
                                 f"เลข {given} ถูกใช้ไปแล้วระหว่างดำเนินการ")
        final = {**values, "book_number": alloc.book_number}
        final["agency"] = {**(final.get("agency") or {}), "code": agency.code}
        extra = None
        if esign is not None:
            from docengine.render.context import signer_lines
            from docengine.sign.typed import esign_lines

            extra = {"signer_block": {**signer_lines(final["signer"]), "esign": esign_lines(esign.at)}}
        prepared = renderer.prepare(set_name, final, extra=extra)
        chain_id = reg.get(links.parent_id).chain_id if links.parent_id else alloc.id
        meta = md.routing_metadata(
            book_number=alloc.book_number, date=letter_date.isoformat(), subject=prepared.data["subject"],
            sender={"code": agency.code, "name": agency.name, "issuer": agency.issuer or agency.name},
            body=prepared.data.get("body"), recipients=prepared.data.get("recipient"),
            register_id=alloc.id, chain_id=chain_id, parent_id=links.parent_id, series=series,
            running_no=alloc.running_no, year=year_be, references=prepared.data.get("references") or [],
            enclosures=prepared.data.get("enclosures") or [], speed=prepared.data.get("speed"),
            secrecy=prepared.data.get("secrecy"), signer=prepared.data.get("signer"),
        )
        outputs: list[tuple[str, Path, bytes]] = []
        pdf_path = Path(pdf) if pdf else Path(folder) / default_output(agency.code, series, alloc.running_no, year_be)
        if not pdf:
            _claim_default(reg, pdf_path, doc, docx, links)  # the same name unless another process took a number
        outputs.append(("letter", pdf_path, renderer.render_pdf(prepared, enclosures=links.enclosure_files,
                                                                **md.pdf_outputs(meta, egif=renderer.pdfa == "3u"))))
        if docx:
            outputs.append(("docx", Path(docx), renderer.render_docx(prepared, metadata=md.info_entries(meta),
                                                                        identifier=alloc.book_number)))
        checkpoint("issue:rendered")
        # Crash windows: everything is rendered, then written under temp names, then the
        # number is issued with the files' SHA-256 and temp names, then they are renamed.
        # A kill before the commit leaves a reserved number (recovery: failed) and hidden
        # temp files; a kill after it leaves a record that recovery finishes (renames).
        reg.note_output_folders(path for _, path, _ in outputs)
        staged = stage_all([(path, blob) for _, path, blob in outputs])
        checkpoint("issue:staged")
        signer = dict(prepared.data.get("signer") or {}) or None
        try:
            reg.issue(
                alloc, subject=prepared.data["subject"], recipients=prepared.data["recipient"],
                files=[(role, path, tmp) for (role, path, _), (_, tmp) in zip(outputs, staged)], date=letter_date,
                references=links.references or [{"text": t} for t in prepared.data.get("references") or []],
                enclosures=links.enclosures or [{"text": t} for t in prepared.data.get("enclosures") or []],
                speed=prepared.data.get("speed"), secrecy=prepared.data.get("secrecy"), signer=signer,
                parent_id=links.parent_id, forwards_receipt_id=links.forwards_receipt_id,
            )
        except BaseException:
            discard(staged)
            raise
        checkpoint("issue:committed")
        publish(staged, checkpoint=lambda i: checkpoint(f"issue:published-{i}"))
        record = reg.files_in_place(letter_id=alloc.id)
    if esign is not None:
        from docengine.register.signers import record_signature

        letter_file = record.files[0]
        record_signature(reg, kind="typed", signer=esign.name, sha256=letter_file.sha256, status="approved",
                         letter_id=record.id, user_id=esign.user_id, signed_at=esign.at, path=letter_file.path,
                         detail={"position": esign.position})
    return record


def _delegated(reg, code: str, values: dict, on: date, esign) -> None:
    """The capacity and principal of the signer's delegation in force on the letter's date
    (ปฏิบัติราชการแทน …), unless the data says how the letter is signed."""
    from docengine.register.delegations import fill_signer

    signer = values.get("signer")
    filled = fill_signer(reg, code, signer, on, user_id=esign.user_id if esign is not None else None)
    if filled is not signer:
        values["signer"] = filled


def _squeeze(text) -> str:
    return "".join(str(text or "").split())


def _own_names(agency) -> list[str]:
    """What a letter of ``agency`` may be headed with: its name, short name, issuer (as cited)
    or the first line of its address (the place: ศาลากลางจังหวัดเชียงใหม่, ที่ว่าการอำเภอฝาง)."""
    names = [agency.name, agency.short_name, agency.issuer, *(agency.address[:1])]
    return [n for n in (_squeeze(x) for x in names) if n]


def _check_letterhead(reg, agency, heading) -> None:
    """Refuse a letter numbered in ``agency``'s book but headed with another registered agency's name.

    The head (ส่วนราชการเจ้าของหนังสือ) may be the agency's name or its place and need not
    equal the register's name (ศาลากลางจังหวัดเชียงใหม่ heads a letter of สถจ.เชียงใหม่), so a
    head that mentions none of the agency's own names is refused only when it names
    another agency of the register: such a letter would carry one agency's ที่ under
    another's name. Checked before a number is taken.
    """
    head = _squeeze(heading)
    if not head or any(n in head or head in n for n in _own_names(agency)):
        return
    for other in reg.agencies():
        if other.code == agency.code:
            continue
        names = [n for n in _own_names(other) if n != _squeeze(other.short_name)]  # "มท." is too short to tell
        if any(n in head for n in names):
            raise DocengineError(
                f"agency.name {heading!r} is the name of {other.name} ({other.code}), but the letter is numbered "
                f"in the book of {agency.code}, which the register names {agency.name}: fix agency.name or "
                "agency.code (book_number)",
                f"ชื่อส่วนราชการ {heading!r} เป็นชื่อของ{other.name} ({other.code}) แต่หนังสือออกเลขในทะเบียนของ "
                f"{agency.code} ซึ่งทะเบียนระบุว่าเป็น{agency.name} กรุณาแก้ชื่อส่วนราชการ (agency.name) "
                "หรือรหัสหน่วยงาน (agency.code / book_number)")


def _claim_default(reg, path: Path, doc: DataFile, docx, links: LetterLinks) -> None:
    """The letter's invented PDF name may be no input, no other output and no registered file."""
    inputs = {"--data": Path(doc.path)} if doc.path else {}
    if docx:
        inputs["--docx"] = Path(docx)
    for i, enclosure in enumerate(links.enclosure_files):
        if isinstance(enclosure, (str, Path)):
            inputs[f"enclosure {i + 1}"] = Path(enclosure)
    claim_output("--pdf (default name)", path, inputs=inputs)
    reg.refuse_registered(path)


def _prepare_given_number(reg, code: str, series: str, year_be: int, wanted: int) -> None:
    """Make ``wanted`` the next number of the book, or explain why it cannot be."""
    taken = [r.running_no for r in reg.list("send", year_be, agency=code) if r.series == series]
    label = make_book_number(code, series, wanted, year_be)
    if not taken:
        reg.start_from(code, series, year_be, wanted)
        return
    last = max(taken)
    if wanted != last + 1:
        nxt = make_book_number(code, series, last + 1, year_be)
        raise DocengineError(
            f"{label} is not the next number of the {year_be} book (next: {nxt}); remove book_number "
            "to let docengine allocate it",
            f"เลข {label} ไม่ใช่เลขถัดไปของทะเบียนปี {year_be} (เลขถัดไปคือ {nxt}) "
            "ลบ book_number ออกเพื่อให้ระบบออกเลขให้",
        )
