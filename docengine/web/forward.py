"""Forward down the chain (แจ้งต่อ): from a received letter, the forwarding letter to the next tier.

One click on the receipt page opens the draft: :func:`docengine.chain.forward_draft` builds it
from the register — the citation (สิ่งที่ส่งมาด้วย / อ้างถึง) names the received letter's ที่,
ลงวันที่ and issuer as registered, the subject carries over, the body is the forwarding tier's
wording (data/forwarding.yaml), the signer and letterhead are the office's agency's — and the
page shows it rendered as a draft (ร่าง). The recipients are ticked from the office's agencies
(those whose parent is this office, each addressed by its head's title) or typed. "ออกเลข"
calls :func:`docengine.chain.forward_letter`, which numbers, renders (the received copy
appended, marked สำเนา and certified) and registers it, once per form token like
letters/issue; the letter's page then offers its PDF and DOCX. Clerks of the receiving
office only.
"""

from __future__ import annotations

import secrets

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user

from docengine.errors import DocengineError

from . import desk
from .fields import _date
from .letters import TOKEN, _actor, _claimed, _done, _release, _slug, _sweep, _taken
from .permissions import guarded, require

bp = Blueprint("forward", __name__)
SPEEDS = ("ด่วน", "ด่วนมาก", "ด่วนที่สุด")
SERIES = (("", "ตามผู้รับ (เลือกให้) / by the recipients"), ("normal", "เลขหนังสือทั่วไป (normal)"),
          ("circular", "หนังสือเวียน ว (circular)"))


def init(app) -> None:
    app.register_blueprint(bp)
    app.jinja_env.globals.update(forwards_of=forwards_of)


def forwards_of(receipt) -> list:
    """The issued letters of the receipt's office that forward it (the receipt page links them)."""
    return [r for r in desk().register.list("send", agency=receipt.agency_code)
            if r.forwards_receipt_id == receipt.id and r.status == "issued"]


def _receipt(receipt_id: int):
    """The receipt if the user may forward it (a clerk of the receiving office), else 404."""
    from docengine.register import NotFound

    try:
        record = desk().register.get_receipt(receipt_id)
    except NotFound:
        abort(404)
    require("forward", record.agency_code)
    return record


def addressee(agency) -> str:
    """How a letter to ``agency`` is addressed (เรียน …): its head's title, as its default signer
    signs for it (the principal when the signer acts for someone), else the agency's name."""
    s = agency.signer()
    if s is None:
        return agency.name
    return (s.principal if s.capacity and s.principal else s.position) or agency.name


def next_tier() -> list[dict]:
    """The office's agencies the forwarding letter can go to: those whose parent is this office."""
    d = desk()
    return [{"code": a.code, "name": a.name, "to": addressee(a)}
            for a in sorted(d.register.agencies(), key=lambda a: a.code) if a.parent_code == d.agency_code]


def recipients_text(picked: list[str], other: str) -> str:
    """เรียน …: the ticked agencies' heads, then the typed text, the last after "และ".

    >>> recipients_text(["นายกเทศมนตรีตำบลสันทราย", "นายกองค์การบริหารส่วนตำบลแม่สูน"], "")
    'นายกเทศมนตรีตำบลสันทราย และนายกองค์การบริหารส่วนตำบลแม่สูน'
    >>> recipients_text([], " นายกเทศมนตรีตำบล ทุกแห่ง ")
    'นายกเทศมนตรีตำบล ทุกแห่ง'
    """
    parts = [p for p in picked if p] + ([" ".join(other.split())] if other.strip() else [])
    if len(parts) <= 1:
        return "".join(parts)
    return " ".join(parts[:-1]) + " และ" + parts[-1]


def _values(form=None, tier=()) -> dict:
    from docengine import thai

    if form is None:  # the first click: every agency of the next tier, today
        return {"to": [t["code"] for t in tier], "to_other": "", "date": thai.format_date(thai.bangkok_today(), "abbr"),
                "series": "", "speed": "", "gist": "", "para": ""}
    return {"to": form.getlist("to"), **{k: (form.get(k) or "").strip()
                                         for k in ("to_other", "date", "series", "speed", "gist", "para")}}


def _draft(record, values, tier):
    """(ForwardDraft or None, {field: [problems]}, [general problems]) for the form's values."""
    from docengine.chain import forward_draft
    from docengine.errors import Problem

    errors: dict[str, list] = {}
    heads = {t["code"]: t["to"] for t in tier}
    to = recipients_text([heads[c] for c in values["to"] if c in heads], values["to_other"])
    if not to:
        errors["to"] = [Problem("to", "", "เลือกหรือพิมพ์ผู้รับ (เรียน …)", "tick or type the addressees (เรียน …)")]
    read: list = []
    when = _date("date", values["date"], read) if values["date"] else None
    if read:
        errors["date"] = read
    if values["series"] not in {k for k, _ in SERIES} or (values["speed"] and values["speed"] not in SPEEDS):
        abort(400)
    if errors:
        return None, errors, []
    from datetime import date

    try:
        draft = forward_draft(desk().register, receipt_id=record.id, by=record.agency_code, to=to,
                              when=date.fromisoformat(when) if when else None, series=values["series"] or None,
                              gist=values["gist"] or None, paragraphs=[values["para"]] if values["para"] else [],
                              speed=values["speed"] or None)
    except DocengineError as exc:
        return None, errors, [exc]
    return draft, errors, []


def _preview(draft) -> str:
    """The draft rendered by the engine (marked ร่าง), kept as the user's preview; its URL."""
    d = desk()
    with d.render_lock:
        pdf = d.engine.render("external", draft.data, draft=True).pdf()
    _sweep(d.previews)
    pid = secrets.token_hex(16)
    (d.previews / f"{current_user.record.id}-{pid}.pdf").write_bytes(pdf)
    return url_for("letters.preview_pdf", pid=pid)


def _page(record, values, tier, *, token, errors=None, general=(), status=200, preview=True):
    draft, found, problems = _draft(record, values, tier) if errors is None else (None, errors, list(general))
    pdf = None
    if draft is not None and preview:
        try:
            pdf = _preview(draft)
        except DocengineError as exc:
            problems = [exc]
            draft = None
    return render_template("forward.html", receipt=record, values=values, tier=tier, draft=draft, pdf=pdf,
                           errors=found, general=problems, token=token, speeds=SPEEDS, series=SERIES,
                           waiting=not (found or problems or pdf)), status


@bp.route("/receipts/<int:receipt_id>/forward")
@guarded("desk")
def new(receipt_id):
    """The forwarding letter drafted from the register in one click (every agency of the next
    tier ticked, dated today), with its preview."""
    record = _receipt(receipt_id)
    tier = next_tier()
    values = _values(None, tier)
    if not tier:  # nobody to tick (an LAO): the addressees are typed first, no problem shown yet
        return _page(record, values, tier, token=secrets.token_urlsafe(24), errors={})
    return _page(record, values, tier, token=secrets.token_urlsafe(24))


@bp.route("/receipts/<int:receipt_id>/forward/preview", methods=["POST"])
@guarded("desk")
def preview(receipt_id):
    """The draft again for the changed recipients, date, series or text (htmx swaps the page body)."""
    record = _receipt(receipt_id)
    tier = next_tier()
    token = request.form.get("forward_token") or ""
    if not TOKEN.match(token):
        abort(400)
    return _page(record, _values(request.form), tier, token=token)


@bp.route("/receipts/<int:receipt_id>/forward", methods=["POST"])
@guarded("desk")
def issue(receipt_id):
    """ออกเลข: number, render and register the forwarding letter — once per form token."""
    from docengine.chain import forward_letter
    from docengine.register.audit import acting_as

    record = _receipt(receipt_id)
    tier = next_tier()
    token = request.form.get("forward_token") or ""
    if not TOKEN.match(token):
        abort(400)
    values = _values(request.form)
    existing = _claimed(token)  # 404 if the token is another user's
    if existing is not None:
        return redirect(url_for("letters.letter", letter_id=existing))
    draft, errors, general = _draft(record, values, tier)  # bad input takes no number
    if draft is None:
        return _page(record, values, tier, token=token, errors=errors, general=general, status=422)
    taken = _taken(token, "letters.letter", th="กำลังออกเลขหนังสือนี้อยู่",
                   en="This letter is being numbered: reload in a moment")
    if taken is not None:
        return taken
    d = desk()
    folder = d.files / _slug(d.agency_code) / "forwarded"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with d.render_lock, acting_as(_actor()):
            letter = forward_letter(d.register, receipt_id=record.id, by=record.agency_code, to=draft.data["recipient"],
                                    when=_iso(draft.data["date"]), series=values["series"] or None,
                                    gist=values["gist"] or None,
                                    paragraphs=[values["para"]] if values["para"] else [],
                                    speed=values["speed"] or None, renderer=d.engine.renderer,
                                    pdf=folder / f"forward-{token}.pdf", docx=folder / f"forward-{token}.docx")
    except DocengineError as exc:
        _release(token)
        return _page(record, values, tier, token=token, errors={}, general=[exc], status=422)
    except BaseException:
        _release(token)
        raise
    _done(token, letter.id)
    return redirect(url_for("letters.letter", letter_id=letter.id, issued=1))


def _iso(text: str):
    from datetime import date

    return date.fromisoformat(text)
