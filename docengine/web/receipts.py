"""Receiving and endorsing (เกษียน) on the web desk.

ลงรับ: a clerk of the receiving office uploads a PDF — one of ours, which carries docengine's
metadata, or anyone's with ที่ / ลงวันที่ / จาก / เรื่อง typed in — ticks the units of the
office's routing list and registers it: one call to :func:`docengine.chain.receive_pdf`, the
same the command line's ``docengine receive`` makes (typed fields go to it as the ``--meta``
YAML file it reads and validates). The stamped copy is shown with its เลขรับ. Once per form
token, like ออกเลข (the same ``issue_tokens`` claim).

เกษียน: an endorser picks a common text or types one; :func:`docengine.chain.endorse_receipt`
records it and re-makes the stamped copy; once per page (a double click adds one).

Stamp placement: once the PDF is chosen, page 1 is shown as an image with the stamp box where
the engine would put it (:func:`docengine.chain.stamp.suggest_stamp`, the placement module's
free spot); the clerk drags it (static/stamp.js; arrow keys too) and the position goes with
ลงรับ as ``stamp_x`` / ``stamp_y`` in mm. The engine checks it (inside the page, over nothing the
letter draws) before any number is taken and stamps there (``receive_pdf(stamp_at=…)``).
"""

from __future__ import annotations

import secrets
import tempfile
from pathlib import Path

from flask import Blueprint, abort, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from docengine import thai
from docengine.chain.stamp import StampNotFree
from docengine.errors import DocengineError

from . import desk
from .letters import TOKEN, _actor, _claim, _claimed, _release, _slug, _taken
from .permissions import guarded, require

bp = Blueprint("receipts", __name__)
FIELDS = (("book_number", "ที่", "Number"), ("date", "ลงวันที่", "Date"), ("sender", "จาก", "From"),
          ("subject", "เรื่อง", "Subject"))
COMMON = ("ทราบ", "เพื่อโปรดพิจารณา", "แจ้ง {units} ทราบ", "ดำเนินการ")


def init(app) -> None:
    app.register_blueprint(bp)


def routing_list() -> list[str]:
    """The office's routing list (office.yaml ``routing_list``) as the names to tick."""
    from docengine.chain.receive import _routing

    d = desk()
    agency = d.register.agency(d.agency_code)
    from docengine.chain.receive import office_routing_for

    return [r["label"] for r in _routing(agency, office_routing_for(d.engine.renderer, agency.code), ())]


def _form(values=None, errors=(), *, token=None, status=200, placement=None):
    return render_template("receive.html", fields=FIELDS, values=values or {}, errors=list(errors),
                           units=routing_list(), ticked=set((values or {}).get("route", ())),
                           token=token or secrets.token_urlsafe(24), placement=placement), status


def _stamp_values():
    """The stamp as it would read if received now (its size is what matters here)."""
    from datetime import datetime, timezone

    from docengine.chain.stamp import stamp_values

    d = desk()
    agency = d.register.agency(d.agency_code)
    return stamp_values(receipt_no=d.register.next_receipt_no(agency.code, None), agency=agency.name,
                        received_at=datetime.now(timezone.utc))


def _placement(blob: bytes, at=None) -> dict:
    """Page 1 as a PNG (data URL) with the engine's suggested stamp box, in mm; ``at`` (x, y):
    the box where the clerk had put it."""
    import base64
    import io

    import pdfplumber

    from docengine.chain.stamp import suggest_stamp

    d = desk()
    with d.render_lock:
        found = suggest_stamp(blob, renderer=d.engine.renderer, stamp=_stamp_values())
    with pdfplumber.open(io.BytesIO(blob)) as doc:
        image = doc.pages[0].to_image(resolution=96).original
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=True)
    page_w, page_h = found["page"]
    box = found["stamp"] or [page_w - found["size"][0] - 4, 4, *found["size"]]
    suggested = [round(box[0]), round(box[1])]
    x, y = (round(float(v)) for v in at) if at else suggested
    return {"png": "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode(),
            "page_w": round(page_w, 2), "page_h": round(page_h, 2), "w": round(box[2], 2), "h": round(box[3], 2),
            "x": x, "y": y, "suggested": suggested, "free": found["stamp"] is not None}


def _stamp_at(form) -> tuple[float, float] | None:
    """The posted stamp position (mm), None when the clerk left it to the engine."""
    x, y = (form.get(k, "").strip() for k in ("stamp_x", "stamp_y"))
    if not x and not y:
        return None
    try:
        return float(thai.arabic_digits(x)), float(thai.arabic_digits(y))
    except ValueError:
        raise DocengineError(f"stamp position {x!r}, {y!r}: give millimetres as numbers",
                             "ตำแหน่งตรารับต้องเป็นตัวเลข (มิลลิเมตร)") from None


@bp.route("/receipts/placement", methods=["POST"])
@guarded("receive")
def placement():
    """htmx, on choosing the PDF: page 1 with the stamp box (the fragment of receive.html); the
    upload is kept under the form's token for the free-space check while dragging."""
    token = request.form.get("receive_token") or ""
    if not TOKEN.match(token):
        abort(400)
    _claimed(token)  # 404 if the token is another user's
    upload = request.files.get("pdf")
    blob = upload.read() if upload else b""
    if not blob:
        return render_template("_stamp_place.html", placement=None, errors=[]), 200
    try:
        found = _placement(blob)
    except DocengineError as exc:
        return render_template("_stamp_place.html", placement=None, errors=[exc]), 200
    _paths(token)[0].write_bytes(blob)
    return render_template("_stamp_place.html", placement=found, errors=[])


@bp.route("/receipts/placement/check", methods=["POST"])
@guarded("receive")
def placement_check():
    """htmx, after a drag: the engine's answer for the box where it is now (free, or why not)."""
    from docengine.chain.stamp import check_stamp_at

    token = request.form.get("receive_token") or ""
    if not TOKEN.match(token):
        abort(400)
    _claimed(token)
    kept = _paths(token)[0]
    if not kept.is_file():
        return "", 204
    d = desk()
    try:
        at = _stamp_at(request.form)
        if at is None:
            return "", 204
        with d.render_lock:
            check_stamp_at(kept.read_bytes(), at, renderer=d.engine.renderer, stamp=_stamp_values())
    except DocengineError as exc:
        return render_template("_stamp_check.html", errors=[exc])
    return render_template("_stamp_check.html", errors=[])


@bp.route("/receipts/new")
@guarded("receive")
def new():
    return _form()


def _paths(token: str) -> tuple[Path, Path]:
    d = desk()
    folder = d.files / _slug(d.agency_code) / "received"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"original-{token}.pdf", folder / f"received-{token}.pdf"


def _receipt_of(token: str) -> int | None:
    """The receipt a form token made: the one whose stamped copy is the token's file."""
    stamped = str(_paths(token)[1])
    for r in desk().register.list("receive", agency=desk().agency_code):
        if any(f.role == "stamped" and str(f.path) == stamped for f in r.files):
            return r.id
    return None


@bp.route("/receipts/new", methods=["POST"])
@guarded("receive")
def receive():
    """ลงรับ once per form token: a second request with it goes to the receipt the first made."""
    token = request.form.get("receive_token") or ""
    if not TOKEN.match(token):
        abort(400)
    values = {k: request.form.get(k, "").strip() for k, _, _ in FIELDS}
    values["route"] = [u for u in request.form.getlist("route") if u in set(routing_list())]
    _claimed(token)  # 404 if the token is another user's
    done = _receipt_of(token)
    if done is not None:
        return redirect(url_for("receipts.receipt", receipt_id=done))
    upload = request.files.get("pdf")
    blob = upload.read() if upload else b""
    kept = _paths(token)[0]
    if not blob and kept.is_file():  # chosen before (placement) and not sent again
        blob = kept.read_bytes()
    if not blob:
        return _form(values, [DocengineError("choose the PDF to receive", "เลือกแฟ้ม PDF ที่จะลงรับ")],
                     token=token, status=422)
    name = Path((upload and upload.filename) or request.form.get("pdf_name") or "upload.pdf").name
    try:
        stamp_at = _stamp_at(request.form)
    except DocengineError as exc:
        kept.write_bytes(blob)
        return _form(values, [exc], token=token, status=422, placement={**_placement(blob), "name": name})
    taken = _taken(token, "receipts.receipt", th="กำลังลงรับหนังสือนี้อยู่",
                   en="This letter is being received: reload in a moment", made=_receipt_of, key="receipt_id")
    if taken is not None:
        return taken
    from docengine.chain import receive_pdf
    from docengine.register.audit import acting_as

    d = desk()
    original, stamped = _paths(token)
    original.write_bytes(blob)
    try:
        with tempfile.TemporaryDirectory() as tmp, d.render_lock, acting_as(_actor()):
            meta_file = None
            if any(values[k] for k, _, _ in FIELDS):  # typed in: the --meta YAML the engine reads
                import yaml

                meta_file = Path(tmp) / "meta.yaml"
                meta_file.write_text(yaml.safe_dump({k: values[k] for k, _, _ in FIELDS}, allow_unicode=True),
                                     encoding="utf-8")
            record, _ = receive_pdf(d.register, original, d.agency_code, out=stamped, meta_file=meta_file,
                                    routing=values["route"], renderer=d.engine.renderer, stamp_at=stamp_at)
    except StampNotFree as exc:  # the box is shown again where it was, the upload kept for the next try
        _release(token)
        return _form(values, [exc], token=token, status=422, placement={**_placement(blob, stamp_at), "name": name})
    except DocengineError as exc:
        _release(token)
        original.unlink(missing_ok=True)
        return _form(values, [_named(exc, original, meta_file, name)], token=token, status=422)
    except BaseException:
        _release(token)
        raise
    return redirect(url_for("receipts.receipt", receipt_id=record.id, received=1))


def _named(exc: DocengineError, original: Path, meta_file, name: str) -> DocengineError:
    """The engine's message with the uploaded file's own name in place of where it was kept;
    for a PDF without docengine's metadata, what to type on this page (not the CLI's --meta)."""
    from docengine.chain.metadata import NoMetadata

    if isinstance(exc, NoMetadata):
        return DocengineError(f"{name} carries no docengine metadata: type its ที่, ลงวันที่, จาก and เรื่อง",
                              f"{name} ไม่มีข้อมูลหนังสือของ docengine กรุณากรอก ที่ ลงวันที่ จาก และ เรื่อง")
    def fix(text):
        if text is None:
            return None
        text = text.replace(str(original), name)
        return text.replace(str(meta_file), "ข้อมูลที่พิมพ์ (typed fields)") if meta_file else text

    return DocengineError(fix(exc.en), fix(exc.th))


def _receipt_for(action: str, receipt_id: int):
    from docengine.register import NotFound

    try:
        record = desk().register.get_receipt(receipt_id)
    except NotFound:
        abort(404)
    require(action, record.agency_code)
    return record


def _stamped_file(record):
    found = [f for f in record.files if f.role == "stamped"]
    return found[-1] if found else None


def _common(record) -> list[str]:
    """The common endorsements; แจ้ง … ทราบ names the units ticked on the routing list."""
    units = " ".join(record.routing) if record.routing else "ผู้เกี่ยวข้อง"
    return [c.format(units=units) for c in COMMON]


@bp.route("/receipts/<int:receipt_id>")
@guarded("desk")
def receipt(receipt_id):
    record = _receipt_for("view", receipt_id)
    common = _common(record)
    return render_template("receipt.html", receipt=record, stamped=_stamped_file(record), common=common,
                           received=request.args.get("received"), endorsed=request.args.get("endorsed"),
                           errors=[], token=secrets.token_urlsafe(24))


@bp.route("/receipts/<int:receipt_id>/pdf")
@guarded("desk")
def stamped_pdf(receipt_id):
    from docengine.chain.receive import default_stamped_name
    from docengine.register.books import verified_file

    record = _receipt_for("download", receipt_id)
    found = _stamped_file(record)
    if found is None:
        abort(404)
    path = verified_file(found, f"receipt {record.receipt_no}", "it is to be downloaded")
    return send_file(path, mimetype="application/pdf", as_attachment=not request.args.get("inline"),
                     download_name=default_stamped_name(record.agency_code, record.receipt_no), max_age=0)


@bp.route("/receipts/<int:receipt_id>/endorse", methods=["POST"])
@guarded("desk")
def endorse(receipt_id):
    """เกษียน: a common choice (the button pressed) or the typed text, as the logged-in endorser."""
    from docengine.chain import endorse_receipt
    from docengine.register.audit import acting_as

    record = _receipt_for("endorse", receipt_id)
    token = request.form.get("endorse_token") or ""
    if not TOKEN.match(token):
        abort(400)
    text = (request.form.get("choice") or request.form.get("text") or "").strip()
    user = current_user.record
    d = desk()
    _claimed(token)  # 404 if the token is another user's
    if not text:
        error = DocengineError("write what the endorsement says", "ต้องระบุข้อความเกษียน")
    elif not _claim(token):  # this form was sent already (a double click): one endorsement
        return redirect(url_for("receipts.receipt", receipt_id=record.id))
    else:
        try:
            with d.render_lock, acting_as(_actor()):
                endorse_receipt(d.register, record.id, by=user.name, position=user.position, text=text,
                                renderer=d.engine.renderer)
            return redirect(url_for("receipts.receipt", receipt_id=record.id, endorsed=1))
        except DocengineError as exc:
            _release(token)
            error = exc
        except BaseException:
            _release(token)
            raise
    common = _common(record)
    return render_template("receipt.html", receipt=record, stamped=_stamped_file(record), common=common,
                           received=None, endorsed=None, errors=[error], token=token), 422
