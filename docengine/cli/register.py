"""Commands on the register: ``register``, ``chain``, ``endorse``, ``receive`` and the ``letter`` group.

The register is opened from the global ``--db`` URL (``$DOCENGINE_DB``; default:
a SQLite file in the user data folder) and ``--office`` file.  SQLAlchemy is
imported inside the commands so that ``docengine --help`` stays fast.

    docengine register list --book receive --year 2567 --json
    docengine chain show 3
    docengine endorse 5 --name "นายสมปอง ตัวอย่างการ" --position "ปลัดเทศบาล" --text "เพื่อโปรดพิจารณา" --date "9 ม.ค. 2567"
    docengine register print --book send --from 2024-01-01 --until "31 ม.ค. 2567" --xlsx out/send.xlsx
"""

from __future__ import annotations

import click

from docengine.cli.archive import pdfa_option
from docengine.cli.output import files_result, json_mode, reports, result, say
from docengine.cli.params import DATE, MOMENT, deprecated
from docengine.errors import DocengineError


def _status(status: str) -> str:
    from docengine.thai import status_word  # imported on use: `docengine --help` stays fast

    return status_word(status)


SIGNATURE_TH = {"valid": "ถูกต้อง", "untrusted": "ไม่อยู่ในรายการที่เชื่อถือ", "invalid": "ไม่ถูกต้อง"}


def _open(ctx: click.Context):
    """The register of --db; one that does not exist yet is created only by `register init`."""
    from docengine.register import open_register

    obj = ctx.find_root().obj or {}
    return open_register(obj.get("db"), office=obj.get("office"), create=False)


def _year(value: int | None) -> int | None:
    from docengine.register.numbering import check_year_be

    return None if value is None else check_year_be(value)


def _renderer(ctx: click.Context, pdfa: str | None = None):
    from docengine.render.document import Renderer

    obj = ctx.find_root().obj or {}
    return Renderer(obj.get("office"), pdfa=pdfa)


def _secret(env: str, prompt: str) -> str:
    """A PIN or password: from ``env``, else typed at a hidden prompt (never a command-line argument)."""
    import os

    value = os.environ.get(env)
    if value is None:
        value = click.prompt(prompt, hide_input=True, err=True)
    return value


def _letter_out(record) -> None:
    files = ", ".join(f"{f.path} (sha256 {f.sha256[:12]}…)" for f in record.files)
    say(f"{record.id}\tที่ {record.book_number}\t{record.date.isoformat()}\t{files}")
    result(record.to_dict())


# --- letter: issue, forward, exchange ----------------------------------------------------


@click.group()
def letter():
    """Issue and forward registered letters / ออกเลขและส่งต่อหนังสือ"""


@letter.command("issue")
@click.option("--data", "data_file", required=True, type=click.Path(dir_okay=False),
              help="Letter data YAML (format of data/samples/documents/external.yaml) / แฟ้มข้อมูลหนังสือ")
@click.option("--pdf", type=click.Path(dir_okay=False), help="PDF output (default: letter-<code>-<no>-<year>.pdf beside the data file)")
@click.option("--docx", type=click.Path(dir_okay=False), help="Also write an editable DOCX")
@click.option("--sign-as", "sign_as", metavar="LOGIN",
              help="Sign with a typed name as this register user (signer role); PIN from $DOCENGINE_PIN or a "
                   "prompt / ลงนามอิเล็กทรอนิกส์")
@pdfa_option
@reports("letter")
@click.pass_context
def letter_issue(ctx, data_file, pdf, docx, sign_as, pdfa):
    """Number (ที่), render and register a letter / ออกเลขและพิมพ์หนังสือ

    Without book_number in the data, the number comes from the series (normal or
    circular ว) of agency.code for the BE year of the letter's date.
    """
    from docengine.chain import issue_letter
    from docengine.records.datafile import read_datafile

    doc = read_datafile(data_file)
    reg = _open(ctx)
    esign = None
    if sign_as:
        from docengine.sign.typed import approve

        esign = approve(reg, sign_as, _secret("DOCENGINE_PIN", f"PIN of {sign_as} / รหัส PIN"))
    record = issue_letter(reg, doc, renderer=_renderer(ctx, pdfa), pdf=pdf, docx=docx, esign=esign)
    _letter_out(record)


@letter.command("forward")
@deprecated("--by", "by")
@click.argument("letter_id", type=int)
@click.option("--agency", "by", required=True, metavar="CODE", help="The forwarding agency / หน่วยงานที่ส่งต่อ")
@click.option("--to", "to", required=True, metavar="RECIPIENTS", help="Recipients: เรียน …, as printed / ผู้รับ")
@click.option("--receipt", "is_receipt", is_flag=True, help="LETTER_ID is the id of a receipt (a letter received "
              "from outside this register)")
@click.option("--date", "when", type=DATE, help="Date of the new letter (default today), e.g. 2024-01-02 or 2 ม.ค. 2567")
@click.option("--series", type=click.Choice(["normal", "circular"]),
              help="Number series (default: circular when --to names a group, see data/forwarding.yaml)")
@click.option("--gist", help="What the cited letter says (default: its own first paragraph where the tier restates it)")
@click.option("--para", "paragraphs", multiple=True, help="An extra body paragraph before the closing (repeatable)")
@click.option("--speed", type=click.Choice(["ด่วน", "ด่วนมาก", "ด่วนที่สุด"]), help="ชั้นความเร็ว (urgency)")
@click.option("--pdf", type=click.Path(dir_okay=False),
              help="Write the PDF here / แฟ้ม PDF")
@click.option("--docx", type=click.Path(dir_okay=False), help="Also write an editable DOCX / แฟ้ม Word")
@pdfa_option
@reports("letter")
@click.pass_context
def letter_forward(ctx, letter_id, by, to, is_receipt, when, series, gist, paragraphs, speed, pdf, docx, pdfa):
    """Draft, number and register the next tier's letter forwarding LETTER_ID / ส่งต่อหนังสือ"""
    from docengine.chain import forward_letter

    record = forward_letter(
        _open(ctx), None if is_receipt else letter_id, receipt_id=letter_id if is_receipt else None, by=by, to=to,
        when=when, series=series, gist=gist, paragraphs=list(paragraphs), speed=speed,
        renderer=_renderer(ctx, pdfa), pdf=pdf, docx=docx)
    _letter_out(record)


@letter.command("export-egif")
@deprecated("--out", "out")
@click.argument("letter_id", type=int)
@click.option("--xml", "out", required=True, type=click.Path(dir_okay=False), help="XML file to write / แฟ้ม XML")
@reports("files")
@click.pass_context
def letter_export_egif(ctx, letter_id, out):
    """Write a letter as TH e-GIF GovernmentDocument 1.0 XML / ส่งออกหนังสือตามมาตรฐาน e-GIF"""
    from docengine.chain.egif import export_letter
    from docengine.io import write_atomic

    path = write_atomic(out, export_letter(_open(ctx), letter_id))
    say(str(path))
    files_result([path], letter_id=letter_id)


@letter.command("import-egif")
@deprecated("--as", "agency")
@deprecated("--out", "out")
@click.argument("xml_file", type=click.Path(dir_okay=False))
@click.option("--agency", "agency", required=True, metavar="CODE", help="The receiving agency / หน่วยงานที่รับ")
@click.option("--pdf", "out", type=click.Path(dir_okay=False), help="Stamped copy of the enclosed PDF")
@click.option("--route", multiple=True, help="A unit ticked on the routing list (repeatable)")
@click.option("--at", "received_at", type=MOMENT,
              help="When received, 'YYYY-MM-DDTHH:MM' Bangkok time (default now)")
@reports("receipt")
@click.pass_context
def letter_import_egif(ctx, xml_file, agency, out, route, received_at):
    """Receive a letter from TH e-GIF XML (validated) / รับหนังสือจากแฟ้ม e-GIF"""
    from docengine.chain.egif import import_letter

    r, path = import_letter(_open(ctx), xml_file, agency, out=out, routing=route, received_at=received_at,
                            renderer=_renderer(ctx))
    _receipt_out(r, path)


def _receipt_out(r, path) -> None:
    say(f"{r.id}\tเลขรับ {r.receipt_no}" + (f"\t{path}" if path else ""))
    result({**r.to_dict(), "stamped": str(path) if path else None})


# --- register ---------------------------------------------------------------------------


@click.group()
def register():
    """The books: list, print, reserve and cancel numbers / ทะเบียนหนังสือรับ-ส่ง"""


@register.command("init")
@reports("register")
@click.pass_context
def init(ctx):
    """Create the register named by --db (or bring it to this version's schema) / สร้างทะเบียนใหม่

    Every other command refuses a register that does not exist, so a typo in --db
    cannot start a second, empty book.
    """
    from docengine.register import init_register
    from docengine.register.db import describe

    obj = ctx.find_root().obj or {}
    reg = init_register(obj.get("db"), office=obj.get("office"))
    say(f"register ready: {describe(reg.engine)} / ทะเบียนพร้อมใช้งาน")
    result({"register": describe(reg.engine), "agencies": len(reg.agencies())})
    reg.close()


BOOK_HELP = ("send: ทะเบียนหนังสือส่ง (with ว, คำสั่ง, บันทึก); receive: ทะเบียนหนังสือรับ; "
             "forms: ทะเบียนเลขที่ of the allowance forms")


@register.command("list")
@click.option("--book", type=click.Choice(["send", "receive", "forms"]), default="send", show_default=True,
              help=BOOK_HELP)
@click.option("--year", type=int, help="BE year of the book, e.g. 2567 (forms: the fiscal year, e.g. 2570) / ปี พ.ศ.")
@click.option("--agency", metavar="CODE", help="Only this agency's book, e.g. 'ชม 52101'")
@reports("book")
@click.pass_context
def list_(ctx, book, year, agency):
    """List a book's lines in order / แสดงรายการในทะเบียน"""
    from docengine.register.signers import signatures

    year = _year(year)
    reg = _open(ctx)
    rows = reg.list(book, year, agency=agency)
    if json_mode():
        out = [r.to_dict() for r in rows]
        if book == "receive":
            for d, r in zip(out, rows):
                d["signatures"] = [s.to_dict() for s in signatures(reg, receipt_id=r.id)]
        result(out)
        return
    if not rows:
        say("no entries / ไม่มีรายการ")
    for r in rows:
        if book == "send":
            say(f"{r.id:>5}  {r.book_number:<22} {r.date.isoformat()}  {_status(r.status):<7} "
                       f"{r.subject or ''}" + (f"  ({r.reason})" if r.reason else ""))
        elif book == "forms":
            say(f"{r.id:>5}  {r.agency_code:<12} {r.series:<16} ทะเบียนเลขที่ {r.book_number:<10} "
                       f"{r.date.isoformat()}  {_status(r.status):<7} {r.recipients or ''}"
                       + (f"  ({r.reason})" if r.reason else ""))
        else:
            say(f"{r.id:>5}  {r.agency_code:<12} เลขรับ {r.receipt_no:<10} {_bangkok(r.received_at)}  "
                       f"{r.sender_book_number} ({r.sender_date.isoformat()})  {r.subject}"
                       + "".join(f"  [ลายมือชื่อดิจิทัล {SIGNATURE_TH[s.status]} / signature {s.status}: {s.signer}]"
                                 for s in signatures(reg, receipt_id=r.id))
                       + ("  [stamped copy pending: docengine register recover / รอสำเนาประทับตรารับ]"
                          if r.pending else ""))


@register.command("agencies")
@reports("agencies")
@click.pass_context
def agencies_(ctx):
    """The agencies the register knows / หน่วยงานในระบบ"""
    found = _open(ctx).agencies()
    result([a.to_dict() for a in found])
    for a in found:
        say(f"{a.code:<12} {a.kind:<16} {a.name}" + ("  [sample]" if a.origin == "sample" else ""))


def _agency_given(option: str | None, positional: str | None, command: str) -> str:
    """The agency of ``--agency``, or of the deprecated positional AGENCY (with a note)."""
    if positional and option and positional != option:
        raise click.UsageError(f"AGENCY {positional!r} and --agency {option!r} differ; give --agency only / "
                               "ระบุหน่วยงานด้วย --agency อย่างเดียว")
    if positional and not option:
        click.echo(f"note: {command} AGENCY is deprecated, use {command} --agency AGENCY / "
                   f"หมายเหตุ: ให้ระบุหน่วยงานด้วย --agency", err=True)
    code = option or positional
    if not code:
        raise click.UsageError("give --agency CODE / กรุณาระบุ --agency รหัสหน่วยงาน")
    return code


@register.command("reserve")
@click.argument("old_agency", required=False, metavar="")
@click.option("--agency", metavar="CODE", help="The agency whose book it is, e.g. 'ชม 52101' / หน่วยงาน")
@click.option("--series", type=click.Choice(["normal", "circular", "order", "memo"]), default="normal",
              show_default=True, help="Number series / ชุดเลข")
@click.option("--year", type=int, help="BE year (default: this year)")
@click.option("--subject", help="เรื่อง, if known")
@reports("number")
@click.pass_context
def reserve(ctx, old_agency, agency, series, year, subject):
    """Reserve the next number (จองเลข); it stays reserved until issued or cancelled."""
    code = _agency_given(agency, old_agency, "register reserve")
    alloc = _open(ctx).allocate(code, series, _year(year), hold=True, subject=subject)
    say(f"{alloc.id}\t{alloc.book_number}")
    result({"id": alloc.id, "book_number": alloc.book_number, "agency_code": code, "series": series,
            "running_no": alloc.running_no, "status": "reserved"})


@register.command("cancel")
@click.argument("number_id", type=int)
@click.option("--reason", required=True, help="Written in the book / เหตุผลที่ยกเลิก")
@reports("number")
@click.pass_context
def cancel(ctx, number_id, reason):
    """Cancel a number; it stays in the book marked cancelled / ยกเลิกเลข"""
    line = _open(ctx).cancel(number_id, reason)
    say(f"{line.book_number}: {_status(line.status)} ({line.reason})")
    result({"id": number_id, "book_number": line.book_number, "agency_code": line.agency_code,
            "series": line.series, "running_no": line.running_no, "status": line.status, "reason": line.reason})


BOOK_SERIES = ["normal", "circular", "order", "memo", "receive", "form-elderly", "form-disability"]


@register.command("start-from")
@click.argument("args", nargs=-1, metavar="NUMBER")
@click.option("--agency", metavar="CODE", help="The agency whose book it is / หน่วยงาน")
@click.option("--series", type=click.Choice(BOOK_SERIES), help="The book / ชุดเลข")
@click.option("--year", type=int, help="BE year of the book, e.g. 2567")
@reports("number")
@click.pass_context
def start_from(ctx, args, agency, series, year):
    """Start a year's book at NUMBER (moving from a paper book) / กำหนดเลขเริ่มต้น

    \b
    docengine register start-from --agency "ชม 52101" --series normal --year 2567 40
    (the old form AGENCY SERIES YEAR NUMBER still works, with a note)
    """
    if len(args) == 4 and not (agency or series or year):
        click.echo("note: register start-from AGENCY SERIES YEAR NUMBER is deprecated, use "
                   "--agency CODE --series SERIES --year YEAR NUMBER / หมายเหตุ: รูปแบบเดิมเลิกใช้แล้ว", err=True)
        agency, series, year, args = args[0], click.Choice(BOOK_SERIES).convert(args[1], None, ctx), args[2], args[3:]
    if len(args) != 1 or not (agency and series and year):
        raise click.UsageError("give --agency CODE --series SERIES --year YEAR NUMBER / "
                               "กรุณาระบุ --agency --series --year และเลขเริ่มต้น")
    year, number = click.INT.convert(year, None, ctx), click.INT.convert(args[0], None, ctx)
    _open(ctx).start_from(agency, series, _year(year), number)
    say(f"{agency} {series} {year}: next number {number}")
    result({"agency_code": agency, "series": series, "year_be": year, "next_number": number})


@register.command("recover")
@click.option("--older-than", type=float, default=None, metavar="HOURS",
              help="Also fail process-owned reservations older than this (shared servers)")
@click.option("--folder", "folders", multiple=True, type=click.Path(file_okay=False),
              help="Also clear killed commands' temp files here (repeatable)")
@reports("recovery")
@click.pass_context
def recover(ctx, older_than, folders):
    """Finish or close what commands killed midway left / ปิดเลขค้างและทำงานที่ค้างให้เสร็จ

    Only work whose process is provably dead is touched (same machine, pid gone or
    reused); --older-than adds reservations taken on other machines once that old.
    Temp files (.name.TAG.XXXX.part) of killed commands are removed from every folder
    the register writes into and each --folder; a live command's are kept.
    """
    from datetime import timedelta

    from docengine.chain.receive import finish_pending

    reg = _open(ctx)
    done = reg.recover(timedelta(hours=older_than) if older_than is not None else None)
    failed = reg.recovered.failed + done.failed
    finished = reg.recovered.finished + done.finished
    restamp = reg.unstamped_receipts()
    say(f"marked failed: {', '.join(map(str, failed)) or 'none'}")
    if finished:
        say(f"files put in place for letters: {', '.join(map(str, finished))}")
    restamped = finish_pending(reg, restamp, renderer=_renderer(ctx))
    for rid, outcome in restamped.items():
        say(f"receipt {rid}: {outcome}")
    removed = reg.recovered.removed_temp_files + done.removed_temp_files + reg.remove_stray_temp_files(folders)
    say(f"temp files of killed commands removed: {len(removed)} / ลบแฟ้มชั่วคราวที่ค้าง {len(removed)} แฟ้ม")
    result({"failed": failed, "finished": finished,
            "receipts": [{"id": rid, "outcome": str(outcome)} for rid, outcome in restamped.items()],
            "removed_temp_files": [str(p) for p in removed]})



@register.command("print")
@deprecated("--to", "date_to")
@click.option("--book", type=click.Choice(["send", "receive", "forms"]), required=True, help=BOOK_HELP)
@click.option("--from", "date_from", type=DATE, required=True, help="First date (2024-01-01 or 1 ม.ค. 2567)")
@click.option("--until", "date_to", type=DATE, required=True, help="Last date, inclusive")
@click.option("--agency", metavar="CODE", help="Only this agency's book")
@click.option("--xlsx", type=click.Path(dir_okay=False), help="Write the register as XLSX")
@click.option("--pdf", type=click.Path(dir_okay=False), help="Write the register as PDF (A4 landscape, Thai digits)")
@pdfa_option
@reports("files")
@click.pass_context
def print_(ctx, book, date_from, date_to, agency, xlsx, pdf, pdfa):
    """Print a book for a date range in the paper-register layout, one book per year / พิมพ์ทะเบียน

    The saraban books start again at 1 on 1 January, so a range across the new
    year prints two books (PDF: each from a new page; XLSX: a sheet each); the
    forms' books run for a fiscal year, one per allowance.
    """
    start, end = date_from, date_to
    if end < start:
        raise DocengineError(f"--until {end} is before --from {start}", f"วันที่สิ้นสุด ({end}) อยู่ก่อนวันที่เริ่มต้น ({start})")
    if not xlsx and not pdf:
        raise click.UsageError("give --pdf OUT and/or --xlsx OUT")
    from docengine.register.sheets import register_xlsx

    reg = _open(ctx)
    if not agency:
        # A register is one agency's book: without --agency, print the office's own book
        # when the database holds several agencies' entries.
        from docengine.office import load_office

        all_codes = {r.agency_code for r in reg.list(book, date_from=start, date_to=end)}
        own = load_office((ctx.obj or {}).get("office")).get("agency_code")
        if len(all_codes) > 1 and own in all_codes:
            agency = own
    rows = reg.list(book, agency=agency, date_from=start, date_to=end)
    codes = sorted({r.agency_code for r in rows})
    if not agency and len(codes) > 1:
        # A register is one agency's book; mixing books would repeat numbers.
        raise DocengineError(f"entries of {len(codes)} agencies ({', '.join(codes)}): choose one with --agency",
                             f"มีรายการของ {len(codes)} หน่วยงาน ({', '.join(codes)}) กรุณาระบุ --agency")
    agency_info = reg.agency(agency) if agency else None
    names = {a.code: a for a in reg.agencies()}
    from pathlib import Path

    from docengine.io import write_all

    outputs = {}
    if pdf:
        from docengine.chain.book import register_pdf

        outputs[Path(pdf)] = register_pdf(book, rows, start, end, agency_info, names, renderer=_renderer(ctx, pdfa))
    if xlsx:
        outputs[Path(xlsx)] = register_xlsx(book, rows, start, end, agency_info, names)
    # Both or neither: a failing XLSX leaves the previous PDF as it was.
    written = write_all(outputs)
    for path in written:
        say(f"{path} ({len(rows)} rows)")
    files_result(written, rows=len(rows))


@register.group("user")
def user_():
    """Register users: signers approve letters with a PIN; clerks, endorsers, signers and admins
    of an office log in to the web desk (docengine serve) / ผู้ใช้ทะเบียนและระบบสารบรรณบนเว็บ"""


OFFICE_ROLES = ["clerk", "endorser", "signer", "admin"]
OFFICE_ROLE_HELP = ("clerk: drafts and numbers; endorser: writes เกษียน; signer: approves and signs (needs a PIN); "
                    "admin: users only (repeatable) / บทบาทในหน่วยงาน")


def _office_code(ctx, agency: str | None) -> str:
    if agency:
        return agency
    from docengine.office import load_office

    code = load_office((ctx.find_root().obj or {}).get("office")).get("agency_code")
    if not code:
        raise click.UsageError("give --agency CODE (the office file has no agency_code) / กรุณาระบุ --agency")
    return code


def _user_out(users) -> None:
    for u in users:
        roles = ", ".join(f"{r}@{a}" for a, r in u.roles) or "-"
        say(f"{u.id}\t{u.login}\t{u.role}\t{u.name}\t{u.position}\t{roles}"
            + ("" if u.has_password else "\t(no password)") + ("" if u.active else "\t(disabled)"))
    result([u.to_dict() for u in users])


@user_.command("add")
@click.argument("login")
@click.option("--name", required=True, help="Full name as printed / ชื่อเต็ม")
@click.option("--position", required=True, help="Position as printed / ตำแหน่ง")
@click.option("--role", "roles", type=click.Choice(OFFICE_ROLES), multiple=True, default=("signer",),
              show_default=True, help=OFFICE_ROLE_HELP)
@click.option("--agency", metavar="CODE", help="The office the roles are in (default: the office's agency_code)")
@reports("users")
@click.pass_context
def user_add(ctx, login, name, position, roles, agency):
    """Add a user. The PIN (signers) comes from $DOCENGINE_PIN or a prompt, the web password from
    $DOCENGINE_PASSWORD (else set it later with `register user set-password`); both are stored as
    scrypt hashes only."""
    import os

    from docengine.register.signers import add_user

    signs = "signer" in roles
    pin = os.environ.get("DOCENGINE_PIN")
    if pin is None and signs:
        pin = _secret("DOCENGINE_PIN", f"new PIN for {login} / รหัส PIN ใหม่")
    u = add_user(_open(ctx), login, name=name, position=position, role="signer" if signs else "clerk", pin=pin,
                 office_roles=roles, agency=_office_code(ctx, agency),
                 password=os.environ.get("DOCENGINE_PASSWORD") or None)
    _user_out([u])


@user_.command("list")
@reports("users")
@click.pass_context
def user_list(ctx):
    """List the register's users and their roles per office / รายชื่อผู้ใช้"""
    from docengine.register.signers import users

    _user_out(users(_open(ctx)))


@user_.command("grant")
@click.argument("login")
@click.option("--role", "roles", type=click.Choice(OFFICE_ROLES), multiple=True, required=True,
              help=OFFICE_ROLE_HELP)
@click.option("--agency", metavar="CODE", help="The office (default: the office's agency_code)")
@reports("users")
@click.pass_context
def user_grant(ctx, login, roles, agency):
    """Give LOGIN roles in an office / ให้บทบาทในหน่วยงาน"""
    from docengine.register.signers import grant

    _user_out([grant(_open(ctx), login, _office_code(ctx, agency), roles)])


@user_.command("revoke")
@click.argument("login")
@click.option("--role", "roles", type=click.Choice(OFFICE_ROLES), multiple=True, required=True,
              help=OFFICE_ROLE_HELP)
@click.option("--agency", metavar="CODE", help="The office (default: the office's agency_code)")
@reports("users")
@click.pass_context
def user_revoke(ctx, login, roles, agency):
    """Take roles in an office back from LOGIN / ถอนบทบาทในหน่วยงาน"""
    from docengine.register.signers import grant

    _user_out([grant(_open(ctx), login, _office_code(ctx, agency), roles, revoke=True)])


@user_.command("set-password")
@click.argument("login")
@reports("users")
@click.pass_context
def user_set_password(ctx, login):
    """Set LOGIN's web password ($DOCENGINE_PASSWORD or a prompt, asked twice); lifts a log-in lock"""
    import os

    from docengine.register.signers import set_password

    password = os.environ.get("DOCENGINE_PASSWORD")
    if password is None:
        password = click.prompt(f"new password for {login} / รหัสผ่านใหม่", hide_input=True,
                                confirmation_prompt=True, err=True)
    _user_out([set_password(_open(ctx), login, password)])


@user_.command("disable")
@click.argument("login")
@reports("users")
@click.pass_context
def user_disable(ctx, login):
    """Disable LOGIN: no log-in, no signing; the books keep their name / ระงับผู้ใช้"""
    from docengine.register.signers import set_active

    _user_out([set_active(_open(ctx), login, False)])


@user_.command("enable")
@click.argument("login")
@reports("users")
@click.pass_context
def user_enable(ctx, login):
    """Enable a disabled LOGIN again / เปิดใช้ผู้ใช้อีกครั้ง"""
    from docengine.register.signers import set_active

    _user_out([set_active(_open(ctx), login, True)])


@register.group("delegation")
def delegation_():
    """Delegations: who signs ปฏิบัติราชการแทน / รักษาราชการแทน whom, from when until when
    / การมอบหมายให้ลงนามแทน"""


def _capacities() -> list[str]:
    from docengine.register.delegations import capacities

    return list(capacities())


class _Capacity(click.Choice):
    """The letter schema's ``signer.capacity`` choices, read when the command runs."""

    def __init__(self):
        super().__init__([])

    def convert(self, value, param, ctx):
        self.choices = _capacities()
        return super().convert(value, param, ctx)


def _delegation_out(rows) -> None:
    from docengine.thai import format_date

    for d in rows:
        who = d.login or "-"
        say(f"{d.id}\t{d.agency_code}\t{d.name} ({who})\t{d.position} {d.capacity} {d.principal}\t"
            f"{format_date(d.starts_on, 'abbr')} – {format_date(d.ends_on, 'abbr')}")
    result([d.to_dict() for d in rows])


@delegation_.command("add")
@click.option("--agency", metavar="CODE", help="The office (default: the office's agency_code)")
@click.option("--user", "login", metavar="LOGIN", help="The signer, a register user (else --name and --position)")
@click.option("--name", help="The signer's name as printed (default: the user's) / ชื่อผู้ลงนาม")
@click.option("--position", help="The signer's own position (default: the user's) / ตำแหน่งผู้ลงนาม")
@click.option("--capacity", required=True, type=_Capacity(), metavar="CAPACITY",
              help="ปฏิบัติราชการแทน, รักษาราชการแทน, ปฏิบัติหน้าที่ or รักษาการในตำแหน่ง (the letter schema's "
                   "signer.capacity)")
@click.option("--principal", required=True, help="The principal's position, as printed / ตำแหน่งผู้มอบ")
@click.option("--from", "starts_on", required=True, type=DATE, help="First day, e.g. 2024-01-01 or 1 ม.ค. 2567")
@click.option("--until", "ends_on", required=True, type=DATE, help="Last day (inclusive)")
@reports("delegations")
@click.pass_context
def delegation_add(ctx, agency, login, name, position, capacity, principal, starts_on, ends_on):
    """Record a delegation: letters signed by the signer between --from and --until get the
    capacity and principal in their signature block / บันทึกการมอบหมายให้ลงนามแทน"""
    from docengine.register.delegations import add_delegation

    _delegation_out([add_delegation(_open(ctx), _office_code(ctx, agency), login=login, name=name,
                                    position=position, capacity=capacity, principal=principal,
                                    starts_on=starts_on, ends_on=ends_on)])


@delegation_.command("list")
@click.option("--agency", metavar="CODE", help="The office (default: the office's agency_code)")
@click.option("--date", "on", type=DATE, help="Only those in force on this date")
@reports("delegations")
@click.pass_context
def delegation_list(ctx, agency, on):
    """List an office's delegations, oldest first / รายการการมอบหมาย"""
    from docengine.register.delegations import delegations

    _delegation_out(delegations(_open(ctx), _office_code(ctx, agency), on=on))


@delegation_.command("end")
@click.argument("delegation_id", type=int)
@click.option("--until", "ends_on", type=DATE, help="Its last day (default today)")
@reports("delegations")
@click.pass_context
def delegation_end(ctx, delegation_id, ends_on):
    """End DELEGATION_ID early: --until is its last day / สิ้นสุดการมอบหมาย"""
    from docengine.register.delegations import end_delegation
    from docengine.thai import bangkok_today

    _delegation_out([end_delegation(_open(ctx), delegation_id, on=ends_on or bangkok_today())])


@register.command("verify")
@reports("audit")
@click.pass_context
def verify_(ctx):
    """Check the audit log's hash chain and every register row against it / ตรวจสอบบันทึกตรวจสอบของทะเบียน

    Exits 0 when intact; 1 naming the first entry or row that does not match.
    """
    import sys

    from docengine.register.audit import verify

    found = verify(_open(ctx).engine)
    result({"ok": found.ok, "entries": found.entries, "rows": found.rows, "head": found.head,
            "broken": None if found.ok else str(found.broken)})
    if found.ok:
        say(f"ok: {found.entries} audit entries, {found.rows} register rows match; head {found.head} / "
            f"บันทึกตรวจสอบครบถ้วน ไม่มีการแก้ไข")
        return
    click.echo(f"FAIL: {found.broken} / บันทึกตรวจสอบไม่ตรง", err=True)
    sys.exit(1)


@register.command("export")
@deprecated("--out", "out")
@click.option("--year", "year", type=int, required=True, help="BE calendar year, e.g. 2567")
@click.option("--agency", metavar="CODE", help="The agency's books (default: the office's agency_code)")
@click.option("--p12", required=True, type=click.Path(dir_okay=False), help="Certificate to sign with (PKCS#12)")
@click.option("--pdf", "out", required=True, type=click.Path(dir_okay=False), help="PDF to write / แฟ้ม PDF")
@click.option("--level", type=click.Choice(["B-B", "B-T", "B-LT", "B-LTA"], case_sensitive=False), default="B-B",
              show_default=True, help="PAdES baseline level / ระดับลายมือชื่อ")
@click.option("--tsa", metavar="URL", help="Time-stamp authority, needed from B-T up")
@reports("files")
@click.pass_context
def export_(ctx, year, agency, p12, out, level, tsa):
    """The year's send and receive books as one signed PDF/A with the audit log's head hash / ส่งออกทะเบียนประจำปี"""
    from pathlib import Path

    from docengine.archive.export import export_year
    from docengine.cli.sign import p12_password
    from docengine.io import write_atomic
    from docengine.sign.pades import check_level, load_signer

    year = _year(year)
    level = check_level(level)
    renderer = _renderer(ctx)
    agency = agency or renderer.office.get("agency_code")
    if not agency:
        raise DocengineError("give --agency (the office file has no agency_code)", "กรุณาระบุ --agency")
    try:
        p12_bytes = Path(p12).read_bytes()
    except OSError as exc:
        raise DocengineError(f"cannot read {p12}: {exc.strerror}", f"อ่านแฟ้ม {p12} ไม่ได้") from None
    signer = load_signer(p12_bytes, p12_password())
    blob = export_year(_open(ctx), year, agency, renderer=renderer, signer=signer, level=level, tsa_url=tsa)
    write_atomic(out, blob)
    say(f"{out} / ส่งออกทะเบียนปี {year} แล้ว")
    files_result([out], year_be=year, agency_code=agency, level=level)


# --- receive ----------------------------------------------------------------------------


@click.command()
@deprecated("--as", "as_agency")
@deprecated("--out", "out")
@deprecated("--from", "sender")
@click.argument("source", required=False, metavar="[PDF]")
@click.option("--agency", "as_agency", metavar="CODE",
              help="The receiving agency; without a PDF, a paper letter described by the options below")
@click.option("--pdf", "out", type=click.Path(dir_okay=False), help="Stamped copy (default: received-<code>-<no>.pdf)")
@click.option("--meta", "meta_file", type=click.Path(dir_okay=False),
              help="YAML with book_number, date, sender, subject, for a PDF made elsewhere")
@click.option("--letter", "letter_id", type=int, help="Id of a letter in this register")
@click.option("--number", "book_number", help="ที่ of the letter as printed, e.g. 'ชม 0023.3/ว 63'")
@click.option("--date", "letter_date", type=DATE, help="ลงวันที่ of the letter, e.g. 2024-01-02 or 2 ม.ค. 2567")
@click.option("--sender", "sender", help="จาก: the sending agency as printed")
@click.option("--subject", help="เรื่อง")
@click.option("--at", "received_at", type=MOMENT,
              help="When received, ISO 'YYYY-MM-DDTHH:MM' Bangkok time (default now)")
@click.option("--route", multiple=True, help="A unit ticked on the routing list (repeatable)")
@pdfa_option
@reports("receipt")
@click.pass_context
def receive(ctx, source, as_agency, out, meta_file, letter_id, book_number, letter_date, sender, subject,
            received_at, route, pdfa):
    """Register an incoming letter, give it a เลขรับ and stamp it / ลงรับหนังสือ

    \b
    docengine receive letter.pdf --agency "ชม 52101" --route งานพัฒนาชุมชน --pdf stamped.pdf
    docengine receive --agency "ชม 52101" --number "ชม 0023.3/ว 63" --date "2 ม.ค. 2567" --sender … --subject …
    """
    moment = received_at
    if as_agency and source:
        from docengine.chain import receive_pdf

        r, path = receive_pdf(_open(ctx), source, as_agency, out=out, meta_file=meta_file, routing=route,
                              received_at=moment, renderer=_renderer(ctx, pdfa))
        _receipt_out(r, path)
        return
    # A paper letter: no PDF, the agency by --agency (or, deprecated, in place of the PDF)
    agency = _agency_given(as_agency, source, "receive")
    r = _open(ctx).receive(agency, letter_id=letter_id, sender_book_number=book_number,
                           sender_date=letter_date, sender_agency=sender, subject=subject,
                           received_at=moment, routing=route)
    _receipt_out(r, None)


# --- endorse ----------------------------------------------------------------------------


@click.command()
@deprecated("--by", "actor")
@click.argument("receipt_id", type=int)
@click.option("--name", "actor", required=True, help="Name of who writes it / ชื่อผู้เกษียน")
@click.option("--position", required=True, help="Position / ตำแหน่ง")
@click.option("--text", required=True, help="What is written / ข้อความ")
@click.option("--date", "when", type=DATE, help="Date as written (default: now), e.g. '9 ม.ค. 2567' or 2024-01-09")
@reports("endorsement")
@click.pass_context
def endorse(ctx, receipt_id, actor, position, text, when):
    """Add an endorsement (เกษียน) to a received letter / เกษียนหนังสือ

    The stamped copy, if the letter was received with its PDF, is re-generated
    with every endorsement in order.
    """
    from docengine.chain import endorse_receipt

    e, path = endorse_receipt(_open(ctx), receipt_id, by=actor, position=position, text=text,
                              when=when, renderer=_renderer(ctx))
    say(f"endorsement {e.seq} on receipt {e.receipt_id} / เกษียนลำดับที่ {e.seq}" + (f"\t{path}" if path else ""))
    result({**e.to_dict(), "stamped": str(path) if path else None})


# --- chain ------------------------------------------------------------------------------


@click.group()
def chain():
    """Letter chains / สายหนังสือ"""


@chain.command("show")
@click.argument("letter_id", type=int)
@reports("chain")
@click.pass_context
def show(ctx, letter_id):
    """The chain a letter belongs to, from the first letter down / แสดงสายหนังสือ"""
    reg = _open(ctx)
    root = reg.chain(letter_id)
    result(root.to_dict())
    if json_mode():
        return
    from docengine.register.tree import chain_lines

    names = {a.code: a for a in reg.agencies()}
    for line in chain_lines(root, names):
        say(line)


@chain.command("restamp")
@click.argument("receipt_id", type=int)
@click.option("--original", type=click.Path(dir_okay=False, exists=True),
              help="The received PDF (default: the original embedded in the stamped copy)")
@reports("receipt")
@click.pass_context
def restamp_(ctx, receipt_id, original):
    """Re-generate a receipt's stamped copy with its endorsements / สร้างสำเนาประทับตรารับใหม่"""
    from docengine.chain import restamp

    r, path = restamp(_open(ctx), receipt_id, renderer=_renderer(ctx), original=original)
    say(f"{r.id}\tเลขรับ {r.receipt_no}\t{path}")
    result({**r.to_dict(), "stamped": str(path)})


def _bangkok(moment) -> str:
    """A stored (UTC) timestamp as Bangkok date and time, as clerks read them."""
    from docengine.thai import to_bangkok

    return to_bangkok(moment).strftime("%Y-%m-%d %H:%M")
