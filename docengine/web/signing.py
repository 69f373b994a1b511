"""The signer's side of the desk: a drafted letter sent for signature (เสนอลงนาม), the signer's
approval with their PIN (ลงนาม) or the letter sent back (ส่งคืนแก้ไข), then ออกเลข by the clerk
with the signer's typed e-signature — and the inbox's work per role.

Every rule is the engine's: the draft is validated by ``Engine.render`` (letters._check); the
signer's PIN and role are checked by :func:`docengine.sign.typed.approve` (through
:func:`docengine.register.sign_requests.approve_request`), the same check as
``docengine letter issue --sign-as``; the letter is numbered and signed by
:func:`docengine.issue_letter` with ``esign=`` (so a delegation in force on its date fills
ปฏิบัติราชการแทน and the principal); the preview's signature lines come from the same
:func:`docengine.register.delegations.fill_signer`. Routes live on the letters blueprint.
"""

from __future__ import annotations

import time

from flask import abort, current_app, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from docengine import thai
from docengine.errors import DocengineError

from . import desk
from .letters import _actor, _check, _draft_page, _kind, _posted_draft, _slug, _sweep, bp
from .permissions import guarded, permitted, require


def _sr():
    from docengine.register import sign_requests

    return sign_requests


def _request_for(action: str, request_id: int):
    """The sign request ``request_id`` if the user may ``action`` in its office, else 404."""
    found = _sr().get_request(desk().register, request_id)
    if found is None:
        abort(404)
    require(action, found.agency_code)
    return found


@bp.route("/letters/sign-request", methods=["POST"])
@guarded("draft")
def send_for_signature():
    """เสนอลงนาม: the draft (validated by the engine) goes to the chosen signer's inbox, once per
    draft token."""
    name, tset, token, values, submitted = _posted_draft()
    doc, errors, general = _check(tset, submitted)  # what is sent for signature is a valid letter
    d = desk()
    try:
        signer_id = int(request.form.get("signer_id") or 0)
    except ValueError:
        signer_id = 0
    if doc is None:
        return _draft_page(name, tset, values, errors, token=token, general=general, status=422)
    from docengine.register.audit import acting_as

    try:
        replaces = int(request.form.get("replaces") or 0) or None
    except ValueError:
        replaces = None
    try:
        with acting_as(_actor()):
            made = _sr().request_signature(d.register, d.agency_code, tset.key, submitted[0], signer_id=signer_id,
                                           requested_by=current_user.record.id, token=token, replaces=replaces)
    except DocengineError as exc:
        return _draft_page(name, tset, values, {}, token=token, general=[exc], status=422)
    if made.requested_by != current_user.record.id:
        abort(404)
    return redirect(url_for("letters.sign_request", request_id=made.id, sent=1))


@bp.route("/sign/<int:request_id>/redraft")
@guarded("draft")
def redraft(request_id):
    """A letter the signer sent back, on the draft form again with its data, to be corrected and
    sent for signature anew (the old request is then closed)."""
    import secrets

    from .fields import flat_values

    req = _request_for("draft", request_id)
    if req.status != "returned" or req.requested_by != current_user.record.id:
        abort(404)
    name, tset = _kind(req.set_name.split("/", 1)[-1])
    values = flat_values(req.data)
    values.update(replaces=str(req.id), signer_id=str(req.signer_id))
    return _draft_page(name, tset, values, {}, token=secrets.token_urlsafe(24))


@bp.route("/sign/<int:request_id>")
@guarded("desk")
def sign_request(request_id):
    req = _request_for("view", request_id)
    me = current_user.record
    mine = req.signer_id == me.id and permitted(me, "sign", req.agency_code)
    return render_template("sign.html", req=req, mine=mine, signed=request.args.get("signed"),
                           sent=request.args.get("sent"), returned=request.args.get("returned"),
                           problem=None, signer_lines=_signer_lines(req)), 200


def _signed_data(req) -> dict:
    """The letter's data with the signer's capacity filled from a delegation on its date (the
    engine's fill_signer, as issue_letter does)."""
    from docengine.register.delegations import fill_signer

    from docengine.sign.typed import Approval

    data = dict(req.data)
    signer = Approval(0, req.signer_name, _sr().approval_of(desk().register, req).position, None).signer()
    try:
        on = thai.parse_be_date_or_year(str(data.get("date") or "")) if data.get("date") else thai.bangkok_today()
    except ValueError:
        on = thai.bangkok_today()
    if not hasattr(on, "year"):
        on = thai.bangkok_today()
    data["signer"] = fill_signer(desk().register, req.agency_code, signer, on, user_id=req.signer_id)
    return data


def _signer_lines(req) -> dict:
    from docengine.render.context import signer_lines

    return signer_lines(_signed_data(req).get("signer"))


@bp.route("/sign/<int:request_id>/draft.pdf")
@guarded("desk")
def sign_draft_pdf(request_id):
    """The letter as it will be signed, rendered by the engine and marked ร่าง."""
    req = _request_for("view", request_id)
    d = desk()
    try:
        with d.render_lock:
            pdf = d.engine.render(req.set_name, _signed_data(req), draft=True).pdf()
    except DocengineError:
        abort(404)
    _sweep(d.previews)
    path = d.previews / f"{current_user.record.id}-sign-{req.id}.pdf"
    path.write_bytes(pdf)
    return send_file(path, mimetype="application/pdf", download_name=f"sign-{req.id}.pdf", max_age=0)


@bp.route("/sign/<int:request_id>/approve", methods=["POST"])
@guarded("sign")
def approve(request_id):
    """ลงนาม: the signer's PIN, checked by the engine; a second press finds it signed."""
    from docengine.register.audit import acting_as
    from docengine.register.signers import NotAuthorised

    req = _request_for("sign", request_id)
    me = current_user.record
    if req.signer_id != me.id:
        abort(404)  # waiting for another signer: not this user's to sign
    if req.status != "waiting":
        return redirect(url_for("letters.sign_request", request_id=req.id))
    try:
        with acting_as(_actor()):
            _sr().approve_request(desk().register, req.id, me.login, request.form.get("pin") or "")
    except (NotAuthorised, DocengineError) as exc:
        again = _sr().get_request(desk().register, req.id)
        if again.status != "waiting":  # signed meanwhile (a double click)
            return redirect(url_for("letters.sign_request", request_id=req.id))
        return render_template("sign.html", req=again, mine=True, signed=None, sent=None, returned=None,
                               problem=exc, signer_lines=_signer_lines(again)), 422
    return redirect(url_for("letters.sign_request", request_id=req.id, signed=1))


@bp.route("/sign/<int:request_id>/return", methods=["POST"])
@guarded("sign")
def send_back(request_id):
    """ส่งคืนแก้ไข: back to the clerk with what is to be corrected."""
    from docengine.register.audit import acting_as

    req = _request_for("sign", request_id)
    me = current_user.record
    if req.signer_id != me.id:
        abort(404)
    if req.status != "waiting":
        return redirect(url_for("letters.sign_request", request_id=req.id))
    try:
        with acting_as(_actor()):
            _sr().return_request(desk().register, req.id, me.login, request.form.get("note") or "")
    except DocengineError as exc:
        return render_template("sign.html", req=req, mine=True, signed=None, sent=None, returned=None,
                               problem=exc, signer_lines=_signer_lines(req)), 422
    return redirect(url_for("letters.sign_request", request_id=req.id, returned=1))


@bp.route("/sign/<int:request_id>/issue", methods=["POST"])
@guarded("issue")
def issue_signed(request_id):
    """ออกเลข a signed letter: numbered, rendered with the typed e-signature and registered by
    issue_letter(esign=the signer's approval) — once, however often it is pressed."""
    from docengine import issue_letter
    from docengine.register.audit import acting_as

    req = _request_for("issue", request_id)
    d = desk()
    sr = _sr()
    if req.letter_id:
        return redirect(url_for("letters.letter", letter_id=req.letter_id))
    with acting_as(_actor()):
        claimed = sr.claim_issue(d.register, req.id)
    if not claimed:
        deadline = time.monotonic() + current_app.config["ISSUE_WAIT_SECONDS"]
        while time.monotonic() < deadline:
            again = sr.get_request(d.register, req.id)
            if again.letter_id:
                return redirect(url_for("letters.letter", letter_id=again.letter_id))
            if again.status != "issuing":
                break
            time.sleep(0.2)
        again = sr.get_request(d.register, req.id)
        if again.status in ("waiting", "returned"):
            abort(404)  # not signed: nothing to number
        return render_template("error.html", code=409, th="กำลังออกเลขหนังสือนี้อยู่",
                               en="This letter is being numbered: reload in a moment", detail=""), 409
    folder = d.files / _slug(d.agency_code)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with d.render_lock, acting_as(_actor()):
            record = issue_letter(d.register, dict(req.data), renderer=d.engine.renderer, folder=folder,
                                  docx=folder / f"docx-sign-{req.id}.docx", set_name=req.set_name,
                                  esign=sr.approval_of(d.register, req))
    except DocengineError as exc:
        with acting_as(_actor()):
            sr.issued(d.register, req.id, None)
        again = sr.get_request(d.register, req.id)
        return render_template("sign.html", req=again, mine=False, signed=None, sent=None, returned=None,
                               problem=exc, signer_lines=_signer_lines(again)), 422
    except BaseException:
        with acting_as(_actor()):
            sr.issued(d.register, req.id, None)
        raise
    with acting_as(_actor()):
        sr.issued(d.register, req.id, record.id)
    return redirect(url_for("letters.letter", letter_id=record.id, issued=1))


# --- the inbox: the work waiting for this user, per role -----------------------------------


def work_for(user) -> list[dict]:
    """The inbox's sections for ``user`` in the desk's office: to number (clerk), to receive
    (clerk), to endorse (endorser), to sign (signer); each newest and most urgent first."""
    d = desk()
    code, reg, sr = d.agency_code, d.register, _sr()
    roles = user.roles_in(code)
    sections = []

    def order(items):
        return sorted(items, key=lambda i: (sr.urgency(i["speed"]), i["when"], i["id"]), reverse=True)

    def of_request(r):
        return {"id": r.id, "url": url_for("letters.sign_request", request_id=r.id), "what": r.subject,
                "number": None, "who": r.data.get("recipient"), "speed": r.speed, "secrecy": r.secrecy,
                "when": r.created_at, "note": r.note, "signer": r.signer_name, "status": r.status}

    if "clerk" in roles:
        approved = [of_request(r) for r in sr.requests(reg, code, status="approved")]
        returned = [of_request(r) for r in sr.requests(reg, code, status="returned")
                    if r.requested_by == user.id]
        sections.append({"key": "number", "th": "รอออกเลข", "en": "To number (signed)",
                         "items": order(approved) + order(returned)})
        incoming = [{"id": l.id, "url": url_for("receipts.new"), "what": l.subject,
                     "number": l.book_number, "who": l.recipients, "speed": l.speed, "secrecy": l.secrecy,
                     "when": l.issued_at or l.created_at, "note": None, "signer": None, "status": "to_receive"}
                    for l in sr.to_receive(reg, code)]
        sections.append({"key": "receive", "th": "รอลงรับ", "en": "To receive", "items": order(incoming)})
    if "endorser" in roles:
        items = []
        for r in sr.to_endorse(reg, code):
            letter = reg.get(r.letter_id) if r.letter_id else None
            items.append({"id": r.id, "url": url_for("receipts.receipt", receipt_id=r.id), "what": r.subject,
                          "number": r.receipt_no, "who": r.sender_agency,
                          "speed": letter.speed if letter else None, "secrecy": letter.secrecy if letter else None,
                          "when": r.received_at, "note": None, "signer": None, "status": "to_endorse"})
        sections.append({"key": "endorse", "th": "รอเกษียน", "en": "To endorse", "items": order(items)})
    if "signer" in roles:
        items = [of_request(r) for r in sr.requests(reg, code, status="waiting", signer_id=user.id)]
        sections.append({"key": "sign", "th": "รอลงนาม", "en": "To sign", "items": order(items)})
    return sections


SIGN_STATUS_TH = {"waiting": "รอลงนาม", "approved": "ลงนามแล้ว รอออกเลข", "issuing": "กำลังออกเลข",
                  "issued": "ออกเลขแล้ว", "returned": "ส่งคืนแก้ไข", "redrafted": "แก้ไขและเสนอใหม่แล้ว",
                  "to_receive": "รอลงรับ",
                  "to_endorse": "รอเกษียน"}


def _date_iso(value) -> str:
    from datetime import date

    try:
        return thai.format_date(date.fromisoformat(str(value))) if value else ""
    except ValueError:
        return str(value)


def _moment(value) -> str:
    at = thai.to_bangkok(value)
    return f"{thai.format_date(at, 'abbr')} {thai.format_time(at)}"


@bp.app_context_processor
def _sign_globals():
    return {"sign_status_th": SIGN_STATUS_TH, "thai_date_iso": _date_iso, "thai_moment": _moment}
