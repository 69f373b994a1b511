"""The letter pages: inbox, draft (fields from the set's schema), live validation, preview,
ออกเลข (once per draft, whatever is clicked twice) and the issued letter's downloads.

Every rule is the engine's: ``Engine.render`` validates (the bilingual problems shown next to
their fields) and renders the preview; :func:`docengine.issue_letter` numbers, renders and
registers; the register's books are read through ``Register``.
"""

from __future__ import annotations

import re
import secrets
import time
from datetime import timedelta
from pathlib import Path

from flask import Blueprint, abort, current_app, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from docengine import thai
from docengine.errors import DocengineError, ValidationError

from . import CSRF_HOURS, desk
from .fields import flat_values, form_data, form_fields, problem_field, walk
from .permissions import guarded, permitted, require

bp = Blueprint("letters", __name__)
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
PREVIEW_HOURS = 1


def init(app) -> None:
    app.register_blueprint(bp)
    app.jinja_env.globals.update(thai_digits=thai.thai_digits, thai_date=_thai_date, roles_th=ROLES_TH,
                                 status_th=thai.status_word, choice_th=CHOICES_TH)

    @app.context_processor
    def office():
        d = desk()
        user = getattr(current_user, "record", None)
        return {"office": d.office, "agency_code": d.agency_code,
                "my_roles": current_user.roles(d.agency_code) if current_user.is_authenticated else [],
                "can": lambda action, code=None: permitted(user, action, code or d.agency_code)}

    for code, template in ((400, "error.html"), (404, "error.html"), (413, "error.html")):
        app.register_error_handler(code, _error_page(code, template))


# How a choice whose value is a code reads on the page (the value sent stays the schema's).
CHOICES_TH = {"normal": "เลขหนังสือทั่วไป (normal)", "circular": "หนังสือเวียน ว (circular)",
              "memo": "บันทึกข้อความ (memo)", "order": "คำสั่ง (order)"}
ROLES_TH = {"clerk": "เจ้าหน้าที่ธุรการ", "endorser": "ผู้เกษียน", "signer": "ผู้ลงนาม", "admin": "ผู้ดูแลระบบ"}
ERRORS = {400: ("คำขอไม่ถูกต้อง", "Bad request (the form's security token is missing or expired: reload the page)"),
          404: ("ไม่พบหน้านี้", "Not found"),
          413: ("แฟ้มใหญ่เกินไป", "The upload is too large")}


def _error_page(code, template):
    def handler(exc):
        th, en = ERRORS[code]
        return render_template(template, code=code, th=th, en=en,
                               detail=getattr(exc, "description", "") if code == 400 else ""), code

    return handler


def _thai_date(d) -> str:
    return thai.format_date(d) if d else ""


# --- which kinds the draft page offers -----------------------------------------------------


def letter_kinds() -> dict[str, object]:
    """The letter sets ออกเลข can number: a schema with subject, recipient and a ``series``,
    and ``book_number`` left to the register. Found from the schemas, so a new set appears."""
    d = desk()
    kinds = {}
    for key in d.engine.kinds():
        if not key.startswith("letters/"):
            continue
        tset = d.engine.renderer.find(key)
        f = tset.schema.fields
        if {"subject", "recipient", "series", "book_number", "body"} <= set(f) and not f["book_number"].required:
            kinds[key.split("/", 1)[1]] = tset
    return kinds


def _kind(name: str | None):
    kinds = letter_kinds()
    if not name:
        name = "external" if "external" in kinds else next(iter(kinds))
    if name not in kinds:
        abort(404)
    return name, kinds[name]


# --- pages -------------------------------------------------------------------------------


@bp.route("/")
@guarded("desk")
def inbox():
    d = desk()
    letters, receipts = [], []
    if permitted(current_user.record, "view", d.agency_code):
        letters = d.register.list("send", agency=d.agency_code)
        letters.sort(key=lambda r: (r.issued_at or r.created_at, r.id), reverse=True)
        receipts = d.register.list("receive", agency=d.agency_code)  # the receive book, newest first
        receipts.sort(key=lambda r: (r.received_at, r.id), reverse=True)
    from .signing import work_for

    return render_template("inbox.html", letters=letters, receipts=receipts, work=work_for(current_user.record))


@bp.route("/letters/new")
@guarded("draft")
def draft():
    name, tset = _kind(request.args.get("kind"))
    d = desk()
    values = flat_values(d.office.letter_defaults())
    values["date"] = thai.format_date(thai.bangkok_today(), "abbr")
    return _draft_page(name, tset, values, {}, token=secrets.token_urlsafe(24))


def _draft_page(name, tset, values, errors, *, token, general=(), status=200):
    from docengine.register.sign_requests import signers_of

    fields = form_fields(tset.schema)
    return render_template("draft.html", kind=name, tset=tset, kinds=letter_kinds(), fields=fields,
                           values=values, errors=errors, general=list(general), token=token,
                           signers=signers_of(desk().register, desk().agency_code)), status


def _check(tset, submitted):
    """(Document or None, {field: [problems]}, [problems not of one field]) from Engine.render,
    with the problems of reading the form (a date that does not read) in place of the engine's
    for the same field."""
    data, read = submitted
    d = desk()
    names = {f.name for f in walk(form_fields(tset.schema))}
    errors, general = {}, []
    for p in read:
        errors.setdefault(p.field, []).append(p)
    try:
        doc = d.engine.render(tset.key, data, draft=True)
        return (None if read else doc), errors, general
    except ValidationError as exc:
        for p in exc.problems:
            where = problem_field(p.field, names)
            if where in {q.field for q in read}:
                continue
            (errors.setdefault(where, []) if where else general).append(p)
        return None, errors, general
    except DocengineError as exc:
        return None, errors, [exc]


def _posted_draft():
    """(kind name, set, draft token, the form's values, the submitted data) of a posted draft
    form (ออกเลข, เสนอลงนาม); 400 without a well-formed draft token."""
    name, tset = _kind(request.form.get("kind"))
    token = request.form.get("draft_token") or ""
    if not TOKEN.match(token):
        abort(400)
    return name, tset, token, dict(request.form), _submitted(tset)


def _submitted(tset) -> tuple[dict, list]:
    read: list = []
    data = form_data(tset.schema, request.form, read)
    data.setdefault("agency", {})["code"] = desk().agency_code  # always the desk's own office
    return data, read


@bp.route("/letters/check", methods=["POST"])
@guarded("draft")
def check():
    """htmx: the engine's problems next to every field (out-of-band swaps), as the clerk types."""
    _, tset = _kind(request.form.get("kind"))
    _, errors, general = _check(tset, _submitted(tset))
    return render_template("_problems.html", fields=list(walk(form_fields(tset.schema))), errors=errors,
                           general=general)


@bp.route("/letters/preview", methods=["POST"])
@guarded("draft")
def preview():
    """htmx: the draft rendered as a PDF (marked ร่าง) shown inline, or the problems."""
    _, tset = _kind(request.form.get("kind"))
    doc, errors, general = _check(tset, _submitted(tset))
    fields = list(walk(form_fields(tset.schema)))
    if doc is None:
        return render_template("_preview.html", fields=fields, errors=errors, general=general, pdf=None)
    d = desk()
    with d.render_lock:
        pdf = doc.pdf()
    _sweep(d.previews)
    pid = secrets.token_hex(16)
    (d.previews / f"{current_user.record.id}-{pid}.pdf").write_bytes(pdf)
    return render_template("_preview.html", fields=fields, errors={}, general=[],
                           pdf=url_for("letters.preview_pdf", pid=pid))


@bp.route("/previews/<pid>.pdf")
@guarded("draft")
def preview_pdf(pid):
    if not re.fullmatch(r"[0-9a-f]{32}", pid):
        abort(404)
    path = desk().previews / f"{current_user.record.id}-{pid}.pdf"  # only the user's own previews
    if not path.is_file():
        abort(404)
    return send_file(path, mimetype="application/pdf", download_name="draft.pdf", max_age=0)


def _sweep(folder: Path) -> None:
    cutoff = time.time() - PREVIEW_HOURS * 3600
    for p in folder.glob("*.pdf"):
        try:
            if p.stat().st_mtime < cutoff:
                p.unlink()
        except OSError:
            pass


@bp.route("/letters/issue", methods=["POST"])
@guarded("issue")
def issue():
    """ออกเลข: number, render and register the draft — once per draft token. A second request
    with the same token (a double click, a re-sent form) gets the letter the first one made."""
    name, tset, token, values, submitted = _posted_draft()
    data = submitted[0]
    d = desk()
    existing = _claimed(token)
    if existing is not None:
        return redirect(url_for("letters.letter", letter_id=existing))
    doc, errors, general = _check(tset, submitted)  # bad input takes no number
    if doc is None:
        return _draft_page(name, tset, values, errors, token=token, general=general, status=422)
    taken = _taken(token, "letters.letter", th="กำลังออกเลขหนังสือนี้อยู่",
                   en="This draft is being numbered: reload in a moment")
    if taken is not None:
        return taken
    from docengine import issue_letter
    from docengine.register.audit import acting_as

    folder = d.files / _slug(d.agency_code)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with d.render_lock, acting_as(_actor()):
            record = issue_letter(d.register, data, renderer=d.engine.renderer, folder=folder,
                                  docx=folder / f"docx-{token}.docx", set_name=tset.key)
    except DocengineError as exc:
        _release(token)
        return _draft_page(name, tset, values, {}, token=token, general=[exc], status=422)
    except BaseException:
        _release(token)
        raise
    _done(token, record.id)
    return redirect(url_for("letters.letter", letter_id=record.id, issued=1))


def _actor() -> str:
    return f"web:{current_user.record.login}@{request.remote_addr or '-'}"


def _slug(code: str) -> str:
    return re.sub(r"[^0-9.]", "", thai.arabic_digits(code)) or "office"


# --- the one-time draft token (docengine.register.tables.IssueToken) ---------------------

TOKEN_KEPT = timedelta(hours=2 * CSRF_HOURS)  # a form older than its CSRF token cannot be sent


def _claimed(token: str) -> int | None:
    """The letter a token already made (None if unused or still numbering); 404 if the token
    is another user's."""
    from sqlalchemy import select

    from docengine.register.db import read_session
    from docengine.register.tables import IssueToken

    with read_session(desk().register.engine) as s:
        row = s.scalars(select(IssueToken).where(IssueToken.token == token)).first()
        if row is None:
            return None
        if row.user_id != current_user.record.id:
            abort(404)
        return row.letter_id


def _claim(token: str) -> bool:
    """Take the token for this request (True), or find it taken by another (False)."""
    from datetime import datetime, timezone

    from sqlalchemy.exc import IntegrityError

    from docengine.register.db import write_session
    from docengine.register.tables import IssueToken

    from sqlalchemy import delete

    now = datetime.now(timezone.utc)
    try:
        with write_session(desk().register.engine) as s:
            # A form's token is of no use once its CSRF token has expired: drop those (the
            # table would otherwise grow by a row a form for ever; it is not a book).
            s.execute(delete(IssueToken).where(IssueToken.created_at < now - TOKEN_KEPT))
            s.add(IssueToken(token=token, user_id=current_user.record.id, agency_code=desk().agency_code,
                             created_at=now))
        return True
    except IntegrityError:
        return False


def _taken(token: str, endpoint: str, *, th: str, en: str, made=None, key: str = "letter_id"):
    """None if this request took ``token``; else the response to a second send of the same
    form (a double click): the page of what the first request made (``url_for(endpoint,
    **{key: …})``, found by ``made``, see :func:`_wait_for`), or 409 while it is at work."""
    if _claim(token):
        return None
    existing = _wait_for(token, made)
    if existing is None:
        return render_template("error.html", code=409, th=th, en=en, detail=""), 409
    return redirect(url_for(endpoint, **{key: existing}))


def _wait_for(token: str, made=None) -> int | None:
    """What the request that took ``token`` made (``made(token)``, default the letter), waiting
    for it up to ISSUE_WAIT_SECONDS; None if that request failed and gave the token back."""
    made = made or _claimed
    deadline = time.monotonic() + current_app.config["ISSUE_WAIT_SECONDS"]
    while time.monotonic() < deadline:
        found = made(token)
        if found is not None:
            return found
        if not _token_exists(token):  # the first request failed and gave the token back
            return None
        time.sleep(0.2)
    return None


def _token_exists(token: str) -> bool:
    from docengine.register.db import read_session
    from docengine.register.tables import IssueToken

    with read_session(desk().register.engine) as s:
        return s.get(IssueToken, token) is not None


def _release(token: str) -> None:
    from docengine.register.db import write_session
    from docengine.register.tables import IssueToken

    with write_session(desk().register.engine) as s:
        row = s.get(IssueToken, token)
        if row is not None and row.letter_id is None:
            s.delete(row)


def _done(token: str, letter_id: int) -> None:
    from docengine.register.db import write_session
    from docengine.register.tables import IssueToken

    with write_session(desk().register.engine) as s:
        s.get(IssueToken, token).letter_id = letter_id


# --- an issued letter ----------------------------------------------------------------------


def _letter_for(action: str, letter_id: int):
    """The letter ``letter_id`` if the user may ``action`` it (its own office's), else 404."""
    from docengine.register import NotFound

    try:
        record = desk().register.get(letter_id)
    except NotFound:
        abort(404)
    require(action, record.agency_code)
    return record


@bp.route("/letters/<int:letter_id>")
@guarded("desk")
def letter(letter_id):
    record = _letter_for("view", letter_id)
    files = {f.role: f for f in record.files}
    return render_template("letter.html", letter=record, files=files, issued=request.args.get("issued"))


@bp.route("/letters/<int:letter_id>/<fmt>")
@guarded("desk")
def download(letter_id, fmt):
    from docengine.chain.issue import default_output
    from docengine.register.books import verified_file

    if fmt not in ("pdf", "docx"):
        abort(404)
    record = _letter_for("download", letter_id)
    role = "letter" if fmt == "pdf" else "docx"
    found = next((f for f in record.files if f.role == role), None)
    if found is None or record.status != "issued":
        abort(404)
    path = verified_file(found, f"letter {record.book_number}", "it is to be downloaded")
    name = default_output(record.agency_code, record.series, record.running_no, record.year_be, fmt)
    mimetype = ("application/pdf" if fmt == "pdf"
                else "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    return send_file(path, mimetype=mimetype, as_attachment=not request.args.get("inline"), download_name=name)


@bp.route("/font/<face>")
def font(face):
    """The office's font for the pages (the same files the PDFs embed)."""
    from docengine.render.fonts import font_family

    family = font_family(desk().office.font)
    path = family.faces.get(face)
    if path is None:
        abort(404)
    return send_file(path, max_age=86400)


from . import signing  # noqa: E402,F401  (the signer's routes, on this blueprint)
