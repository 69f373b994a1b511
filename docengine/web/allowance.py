"""The allowance desk (เบี้ยยังชีพ): one applicant's registration form, and a people file's print pack.

One applicant: the form's options come from its template set's schema (``forms/…/schema.yaml``:
fiscal year, edition, filing date) and the applicant's fields from the people-file columns
(``data/people_columns.yaml``, docengine.records.columns) — the same columns a people file has,
so a column added there appears here. As the clerk types, htmx asks the server, which asks the
engine: the citizen ID's check (docengine.thai.citizen_id), the birth date as a people file
reads it (docengine.records.read_birth_date), the cohort and the first month paid
(docengine.allowance), and the whole row as ``docengine forms fill`` checks it
(docengine.records.read_people on a one-row file, purpose ``form``). Print: the engine's
pre-filled form (docengine.forms.FormJob.filled_pdf), ทะเบียนเลขที่ left blank to be written
when it is filed.

A people file: uploaded (capped), checked by read_people for the form and for the list — every
problem at once, row and column — then, if good, one merged print pack rendered in a background
thread while the page polls its progress: the registration forms, the proxy letters (rows that
name an authorised person), the beneficiary list, the PR notice and the count report, each made
as ``docengine forms fill`` / ``notices beneficiary-list`` / ``notices registration-pr`` /
``reports counts`` make them, merged in that order (docengine.notices.chunks.merge_pdfs).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import secrets
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from flask import Blueprint, abort, current_app, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from docengine import thai
from docengine.errors import DocengineError, Problem, ValidationError

from . import desk
from .letters import _slug
from .permissions import guarded, require

bp = Blueprint("allowance", __name__)
KINDS = {"elderly": ("elderly-registration", "เบี้ยยังชีพผู้สูงอายุ", "Elderly allowance"),
         "disability": ("disability-registration", "เบี้ยความพิการ", "Disability allowance")}
PEOPLE_UPLOAD_MB = 10  # a people file on the web desk (the engine's own limit is larger: docengine.limits)
PEOPLE_SUFFIXES = (".csv", ".xlsx")
JOB = re.compile(r"^[0-9a-f]{32}$")
STALE_SECONDS = 120  # a pack whose status has not moved this long is no longer being rendered
PACK_HOURS = 24  # a pack (and the uploaded people file) is kept this long
# The applicant's fields, grouped as the form groups them; a column not named here goes to the last group.
GROUPS = (
    ("applicant", "ผู้ยื่นคำขอ", "Applicant",
     ("citizen_id", "title", "first_name", "last_name", "sex", "birth_date", "nationality", "marital_status",
      "occupation", "monthly_income", "phone", "id_issued_at", "id_issued_on", "disability_type")),
    ("address", "ที่อยู่ตามทะเบียนบ้าน", "Registered address",
     ("house_no", "moo", "soi", "road", "community", "subdistrict", "district", "province", "postcode",
      "welfare_status", "moved_on")),
    ("payment", "การรับเงิน", "Payment", ("payment_method", "bank", "bank_branch", "account_no", "account_name")),
    ("proxy", "ผู้รับมอบอำนาจ (ถ้ามี)", "Authorised person (if any)",
     ("proxy_title", "proxy_first_name", "proxy_last_name", "proxy_citizen_id", "proxy_relation",
      "proxy_address", "proxy_phone", "proxy_id_issued_at", "proxy_id_issued_on")),
    ("other", "อื่น ๆ", "Other", ("reference_name", "reference_phone", "consent")),
)
NOT_ON_FORM = {"status", "lao"}  # a list's and a roll-up's columns, not the form's
OPTION_SKIP = {"people"}  # the schema's people file: this page is the one person


def init(app) -> None:
    app.register_blueprint(bp)


def _kind(name: str | None) -> str:
    name = name or "elderly"
    if name not in KINDS:
        abort(404)
    return name


# --- the form's fields ---------------------------------------------------------------------


@dataclass
class Field:
    name: str  # the people-file column key, or the form option's name
    label: str
    label_en: str
    widget: str  # input / select / thaidate / number
    required: bool = False
    choices: list = field(default_factory=list)  # (value, label)
    hint: str = ""
    about: str = ""  # the column's description (docs/people-columns.md), shown on hover

    @property
    def id(self) -> str:
        return "a-" + self.name.replace("_", "-")

    @property
    def error_id(self) -> str:
        return "aerr-" + self.name.replace("_", "-")


def _tset(kind: str):
    return desk().engine.renderer.find(KINDS[kind][0])


def option_fields(kind: str) -> list[Field]:
    """The form's options from its template set's schema (fy, edition, filing date)."""
    out = []
    for name, spec in _tset(kind).schema.fields.items():
        if name in OPTION_SKIP:
            continue
        widget = {"choice": "select", "date": "thaidate", "int": "number"}.get(spec.type, "input")
        choices = [(c, {"old": "ฉบับเดิม (ลงทะเบียน)", "2566": "ฉบับ ๒๕๖๖ (ยืนยันสิทธิ)"}.get(str(c), c))
                   for c in (spec.choices or [])]
        out.append(Field(name, spec.label or name, spec.label_en or "", widget, bool(spec.required), choices))
    return out


def person_groups(kind: str) -> list[tuple[str, str, str, list[Field]]]:
    """The applicant's fields: the people-file columns the form uses, in the form's groups."""
    from docengine.allowance import payment_methods
    from docengine.records.columns import columns

    cols = [c for c in columns() if c.key not in NOT_ON_FORM
            and (c.key != "disability_type" or kind == "disability")]
    placed = {k for *_, keys in GROUPS for k in keys}
    groups = []
    for gid, th, en, keys in GROUPS:
        mine = [c for c in cols if c.key in keys] + ([c for c in cols if c.key not in placed] if gid == "other" else [])
        fields = []
        for c in mine:
            words = ["ID" if w == "id" else w for w in c.key.split("_")]  # the column's key; c.en describes it
            col_en = " ".join(words)[:1].upper() + " ".join(words)[1:]
            required = "form" in c.required_for or c.required_for_kind == kind
            if c.type == "choice":
                f = Field(c.key, c.th, col_en, "select", required, [(x, x) for x in c.choices], about=c.en)
            elif c.type == "payment_method":
                f = Field(c.key, c.th, col_en, "select", required,
                          [(str(m.number), f"{thai.thai_digits(str(m.number))}. {m.label(kind)}")
                           for m in payment_methods()], about=c.en)
            elif c.type in ("birth_date", "date"):
                f = Field(c.key, c.th, col_en, "thaidate", required, about=c.en)
            else:
                f = Field(c.key, c.th, col_en, "input", required, hint=c.example and f"เช่น {c.example}", about=c.en)
            fields.append(f)
        if fields:
            groups.append((gid, th, en, fields))
    return groups


def _all_fields(kind: str) -> list[Field]:
    return option_fields(kind) + [f for *_, fs in person_groups(kind) for f in fs]


# --- reading the form through the engine ---------------------------------------------------


@dataclass
class Checked:
    """What the engine says of the form as typed."""

    errors: dict  # field name -> [Problem]
    general: list  # problems of no one field
    facts: dict  # computed while typing: cid, birth, age, cohort, first month, rate
    person: object = None  # the Person, when the whole row is good
    job: object = None  # the FormJob, when the options are good
    warnings: list = field(default_factory=list)


def _options(kind: str, form) -> tuple[dict, dict]:
    """(fy, version, filed_on) as the engine takes them, and the problems of reading them."""
    from .fields import _date

    errors: dict = {}
    found: list = []
    fy_text = (form.get("fy") or "").strip()
    fy = None
    if fy_text:
        try:
            fy = int(thai.arabic_digits(fy_text))
            thai.fiscal_year_bounds(fy)  # refuses a CE-looking or impossible year, in both languages
        except DocengineError as exc:  # first: the Thai readers' errors are ValueErrors too
            errors["fy"] = [Problem("fy", fy_text, exc.th or exc.en, exc.en)]
            fy = None
        except ValueError:
            errors["fy"] = [Problem("fy", fy_text, "ปีงบประมาณต้องเป็นตัวเลข เช่น ๒๕๗๐", "the fiscal year is a number, e.g. 2570")]
            fy = None
    else:
        errors["fy"] = [Problem("fy", None, "ต้องระบุข้อมูลนี้", "required field is missing")]
    filed_text = (form.get("filed_on") or "").strip()
    filed_on = None
    if filed_text:
        value = _date("filed_on", filed_text, found)
        if found:
            errors["filed_on"] = found
        else:
            filed_on = date.fromisoformat(value)
    version = form.get("version") or "2566"
    return {"fy": fy, "version": version, "filed_on": filed_on}, errors


_JOBS: dict = {}
_JOBS_LOCK = threading.Lock()


def form_job(kind: str, fy: int, version: str, filed_on):
    """The engine's FormJob for these options (its blank rendered once, then kept)."""
    from docengine.forms import FormJob

    d = desk()
    key = (id(d), kind, fy, version, filed_on)
    with _JOBS_LOCK:
        job = _JOBS.get(key)
    if job is None:
        job = FormJob(d.engine.renderer, KINDS[kind][0], fy=fy, version=version, filed_on=filed_on)
        job.prepare()  # the schema validates the options
        with _JOBS_LOCK:
            if len(_JOBS) > 16:
                _JOBS.clear()
            _JOBS[key] = job
    return job


def check_applicant(kind: str, form, *, complete: bool) -> Checked:
    """The engine's verdict on the typed applicant. ``complete``: also the empty required fields
    (printing); while typing, only what has been typed."""
    from docengine.allowance import BirthDateError, elderly_cohort_fy
    from docengine.allowance.start import first_payment
    from docengine.records import read_birth_date, read_people
    from docengine.records.warnings import people_warnings
    from docengine.thai import citizen_id

    options, errors = _options(kind, form)
    general: list = []
    facts: dict = {}
    job = None
    if not errors.get("fy"):
        try:
            job = form_job(kind, options["fy"], options["version"], options["filed_on"])
        except ValidationError as exc:
            for p in exc.problems:
                errors.setdefault(p.field if p.field in ("fy", "version", "filed_on") else "filed_on", []).append(p)
        except DocengineError as exc:  # a filing date outside the fiscal year's window
            errors.setdefault("filed_on" if options["filed_on"] else "fy", []).append(
                Problem("filed_on", None, exc.th or exc.en, exc.en))
    # computed while typing, each from the engine
    cid = (form.get("citizen_id") or "").strip()
    if cid:
        try:
            facts["cid"] = thai.thai_digits(citizen_id.format(citizen_id.validate(cid)))
        except DocengineError:
            pass  # the row check below gives the engine's message next to the field
    born_text = (form.get("birth_date") or "").strip()
    birth = None
    if born_text:
        try:
            birth = read_birth_date(born_text)
        except (DocengineError, BirthDateError):
            birth = None
    if birth is not None:
        facts["birth"] = _birth_text(birth)
        facts["age"] = thai.thai_digits(str(birth.age_on(options["filed_on"] or thai.bangkok_today())))
        if kind == "elderly":
            try:
                facts["cohort"] = thai.thai_digits(str(elderly_cohort_fy(birth)))
            except DocengineError as exc:
                facts["cohort_problem"] = exc
        if options["fy"] and not errors.get("fy") and not errors.get("filed_on"):
            try:
                ent = first_payment(kind, birth, fy=options["fy"], filed_on=options["filed_on"])
                facts["fy"] = thai.thai_digits(str(ent.fy))
                if ent.first_month:
                    facts["first_month"] = f"{thai.month_name(ent.first_month.month)} {thai.thai_digits(str(thai.be_year(ent.first_month)))}"
                else:
                    facts["first_month_later"] = True
                if ent.rate:
                    facts["rate"] = thai.format_amount(ent.rate)
            except DocengineError as exc:
                facts["first_problem"] = exc
    # the whole row, as `docengine forms fill` reads a people file (every problem at once)
    keys = [f.name for *_, fs in person_groups(kind) for f in fs]
    typed = {k: (form.get(k) or "").strip() for k in keys}
    person = None
    warnings: list = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "applicant.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(keys)
            w.writerow([typed[k] for k in keys])
        try:
            people = read_people(path, fy=options["fy"] if not errors.get("fy") else None, kind=kind,
                                 purpose="form")
            person = people[0]
            warnings = people_warnings(people, fy=options["fy"], kind=kind) if options["fy"] else []
        except ValidationError as exc:
            for p in exc.problems:
                name = p.field if p.field in typed else None
                if not complete and name and not typed[name] and p.value is None:
                    continue  # not typed yet: said when the form is printed
                (errors.setdefault(name, []) if name else general).append(p)
        except DocengineError as exc:  # the row is empty: "column names but no people"
            if complete:
                general.append(DocengineError("type the applicant's details", "กรุณากรอกข้อมูลผู้ยื่นคำขอ"))
    if errors or general:
        person = None
    return Checked(errors, general, facts, person, job, warnings)


def _birth_text(birth) -> str:
    if birth.day and birth.month:
        return f"{thai.thai_digits(str(birth.day))} {thai.month_name(birth.month)} {thai.thai_digits(str(birth.be_year))}"
    if birth.month:
        return f"{thai.month_name(birth.month)} {thai.thai_digits(str(birth.be_year))}"
    return f"ปี {thai.thai_digits(str(birth.be_year))}"


# --- pages: one applicant ------------------------------------------------------------------


def _default_fy() -> int:
    return thai.fiscal_year(thai.bangkok_today()) + 1  # as `docengine forms` does: people register the year before


@bp.route("/allowance")
@guarded("allowance")
def index():
    return render_template("allowance.html", kinds=KINDS)


@bp.route("/allowance/applicant")
@guarded("allowance")
def applicant():
    kind = _kind(request.args.get("kind"))
    values = {"fy": str(_default_fy()), "version": "2566"}
    return _applicant_page(kind, values, Checked({}, [], {}))


def _applicant_page(kind, values, checked, *, pdf=None, status=200):
    token = values.get("form_token") or secrets.token_urlsafe(24)
    return render_template("allowance_applicant.html", kind=kind, kinds=KINDS, options=option_fields(kind),
                           groups=person_groups(kind), values=values, checked=checked, pdf=pdf,
                           token=token), status


@bp.route("/allowance/applicant/check", methods=["POST"])
@guarded("allowance")
def applicant_check():
    """htmx: the engine's problems next to each field and the computed facts, as the clerk types."""
    kind = _kind(request.form.get("kind"))
    checked = check_applicant(kind, request.form, complete=False)
    return render_template("allowance_checked.html", fields=_all_fields(kind), checked=checked, kind=kind)


@bp.route("/allowance/applicant/print", methods=["POST"])
@guarded("allowance")
def applicant_print():
    """The filled registration form as the engine prints it, or every problem next to its field."""
    kind = _kind(request.form.get("kind"))
    checked = check_applicant(kind, request.form, complete=True)
    htmx = request.headers.get("HX-Request") == "true"
    if checked.person is None:
        if htmx:
            return render_template("allowance_checked.html", fields=_all_fields(kind), checked=checked,
                                   kind=kind, printed=None)
        return _applicant_page(kind, dict(request.form), checked, status=422)
    d = desk()
    with d.render_lock:
        pdf = checked.job.filled_pdf([checked.person])
    from .letters import _sweep

    _sweep(d.previews)
    pid = secrets.token_hex(16)
    (d.previews / f"{current_user.record.id}-form-{pid}.pdf").write_bytes(pdf)
    link = url_for("allowance.form_pdf", pid=pid)
    if htmx:
        return render_template("allowance_checked.html", fields=_all_fields(kind), checked=checked, kind=kind,
                               printed=link)
    return _applicant_page(kind, dict(request.form), checked, pdf=link)


@bp.route("/allowance/applicant/register", methods=["POST"])
@guarded("allowance")
def applicant_register():
    """ลงทะเบียนรับคำขอ: the form numbered from the register's forms book (ทะเบียนเลขที่ on the form
    and its slip, as ``docengine forms fill`` numbers it: docengine.forms.registered.fill_registered),
    once per form token — a double click or a re-sent form gets the same number."""
    from .letters import TOKEN, _actor, _claimed, _done, _release, _taken

    kind = _kind(request.form.get("kind"))
    token = request.form.get("form_token") or ""
    if not TOKEN.match(token):
        abort(400)
    existing = _claimed(token)  # 404 if the token is another user's
    if existing is not None:
        return redirect(url_for("allowance.registered", letter_id=existing))
    checked = check_applicant(kind, request.form, complete=True)
    if checked.person is None:  # bad input takes no number
        return _applicant_page(kind, dict(request.form), checked, status=422)
    taken = _taken(token, "allowance.registered", th="กำลังออกทะเบียนเลขที่แบบคำขอนี้อยู่",
                   en="This form is being numbered: reload in a moment")
    if taken is not None:
        return taken
    from docengine.forms.registered import fill_registered
    from docengine.register.audit import acting_as

    d = desk()
    folder = d.files / _slug(d.agency_code) / "forms"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with d.render_lock, acting_as(_actor()):
            (line,) = fill_registered(checked.job, [checked.person], reg=d.register, pdf=folder / f"form-{token}.pdf")
    except DocengineError as exc:
        _release(token)
        checked.general.append(exc)
        return _applicant_page(kind, dict(request.form), checked, status=422)
    except BaseException:
        _release(token)
        raise
    _done(token, line.id)
    return redirect(url_for("allowance.registered", letter_id=line.id, done=1))


def _form_line(letter_id: int):
    """The forms book line ``letter_id`` if the user may see it (this office's), else 404."""
    from docengine.register import NotFound
    from docengine.register.numbering import FORM_SERIES

    try:
        record = desk().register.get(letter_id)
    except NotFound:
        abort(404)
    require("allowance", record.agency_code)
    if record.series not in FORM_SERIES:
        abort(404)
    return record


@bp.route("/allowance/registered/<int:letter_id>")
@guarded("allowance")
def registered(letter_id):
    record = _form_line(letter_id)
    return render_template("allowance_registered.html", line=record, done=request.args.get("done"),
                           form=next((f for f in record.files if f.role == "form"), None))


@bp.route("/allowance/registered/<int:letter_id>.pdf")
@guarded("allowance")
def registered_pdf(letter_id):
    from docengine.register.books import verified_file

    record = _form_line(letter_id)
    found = next((f for f in record.files if f.role == "form"), None)
    if found is None or record.status != "issued":
        abort(404)
    path = verified_file(found, f"form {record.book_number}", "it is to be downloaded")
    name = f"form-{record.series}-{record.running_no}-{record.year_be}.pdf"
    return send_file(path, mimetype="application/pdf", download_name=name, max_age=0,
                     as_attachment=not request.args.get("inline"))


@bp.route("/allowance/forms/<pid>.pdf")
@guarded("allowance")
def form_pdf(pid):
    if not JOB.fullmatch(pid):
        abort(404)
    path = desk().previews / f"{current_user.record.id}-form-{pid}.pdf"  # only the user's own
    if not path.is_file():
        abort(404)
    return send_file(path, mimetype="application/pdf", download_name="registration-form.pdf", max_age=0,
                     as_attachment=not request.args.get("inline"))


# --- pages: a people file and its print pack -----------------------------------------------


def _packs() -> Path:
    d = desk()
    folder = d.files / _slug(d.agency_code) / "packs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _status_path(job_id: str) -> Path:
    return _packs() / job_id / "status.json"


def _write_status(path: Path, status: dict) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(status, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def _read_status(job_id: str) -> dict:
    if not JOB.fullmatch(job_id):
        abort(404)
    path = _status_path(job_id)
    try:
        status = json.loads(path.read_text(encoding="utf-8"))
        updated = path.stat().st_mtime
    except (OSError, ValueError):
        abort(404)
    require("allowance", status.get("agency_code"))
    if status.get("state") in ("queued", "running") and time.time() - updated > STALE_SECONDS:
        # the process rendering it has gone (a restart, a killed worker): say so, stop polling
        status.update(state="failed", th="การสร้างชุดเอกสารหยุดไปโดยไม่เสร็จ กรุณาอัปโหลดแฟ้มอีกครั้ง",
                      en="the pack stopped before it was finished (the server restarted?): upload the file again")
    return status


def _sweep_packs(folder: Path) -> None:
    """Packs older than PACK_HOURS go (the people file in them is personal data, PDPA)."""
    cutoff = time.time() - PACK_HOURS * 3600
    for job in folder.iterdir():
        try:
            if job.is_dir() and job.stat().st_mtime < cutoff:
                _remove(job)
        except OSError:
            pass


@bp.route("/allowance/pack")
@guarded("allowance")
def pack_form():
    values = {"fy": str(_default_fy()), "kind": "elderly", "pack_token": secrets.token_urlsafe(24)}
    return render_template("allowance_pack.html", kinds=KINDS, values=values, problems=[], general=[],
                           max_mb=_cap_mb(), column_th={})


def _cap_mb() -> int:
    return int(current_app.config.get("PEOPLE_UPLOAD_MB", PEOPLE_UPLOAD_MB))


def read_pack_people(path: Path, *, kind: str, fy: int):
    """The people of the file, read as the forms read it and as the list reads it: every
    problem of both at once (each once), or the people."""
    from docengine.records import read_people

    problems, people = [], None
    seen = set()
    for purpose in ("form", "list"):
        try:
            people = read_people(path, fy=fy, kind=kind, purpose=purpose)
        except ValidationError as exc:
            for p in exc.problems:
                key = (p.row, p.field, p.en)
                if key not in seen:
                    seen.add(key)
                    problems.append(p)
    if problems:
        problems.sort(key=lambda p: (p.row or 0, str(p.field)))
        raise ValidationError(problems, context=path.name)
    return people


@bp.route("/allowance/pack", methods=["POST"])
@guarded("allowance")
def pack_upload():
    """Check the uploaded people file (every problem at once) and, if good, start its print pack."""
    from .letters import TOKEN, _actor

    values = {k: (request.form.get(k) or "").strip() for k in ("kind", "fy", "on", "pack_token")}
    values["numbered"] = bool(request.form.get("numbered"))
    kind = _kind(values["kind"])
    token = values["pack_token"]
    if not TOKEN.match(token):
        abort(400)
    # one pack per form: the same form sent again (a double click) goes to the pack it started
    job_id = hashlib.sha256(f"{current_user.record.id}:{token}".encode()).hexdigest()[:32]
    if (_packs() / job_id / "status.json").is_file():
        return redirect(url_for("allowance.pack", job_id=job_id))
    general: list = []

    def again(problems=(), status=422):
        from docengine.records.columns import columns

        values["pack_token"] = secrets.token_urlsafe(24)  # a new form: the file may be fixed and sent again
        return render_template("allowance_pack.html", kinds=KINDS, values=values, problems=list(problems),
                               general=general, max_mb=_cap_mb(), column_th={c.key: c.th for c in columns()}), status

    options, errors = _options(kind, {"fy": values["fy"]})
    for ps in errors.values():
        general += ps
    on = None
    if values["on"]:
        from .fields import _date

        found: list = []
        text = _date("on", values["on"], found)
        general += found
        on = None if found else date.fromisoformat(text)
    upload = request.files.get("people")
    blob = upload.read(_cap_mb() * 1024 * 1024 + 1) if upload else b""
    name = Path(upload.filename or "").name if upload else ""
    if not blob:
        general.append(DocengineError("choose the people file (CSV or XLSX)", "เลือกแฟ้มรายชื่อ (CSV หรือ XLSX)"))
    elif len(blob) > _cap_mb() * 1024 * 1024:
        general.append(DocengineError(f"{name} is larger than {_cap_mb()} MB",
                                      f"แฟ้ม {name} ใหญ่เกิน {thai.thai_digits(str(_cap_mb()))} MB"))
    elif not name.lower().endswith(PEOPLE_SUFFIXES):
        general.append(DocengineError(f"{name}: a people file is a .csv or .xlsx file",
                                      f"{name}: แฟ้มรายชื่อต้องเป็น .csv หรือ .xlsx"))
    if general:
        return again()
    _sweep_packs(_packs())
    folder = _packs() / job_id
    try:
        folder.mkdir()
    except FileExistsError:  # the same form, sent twice at once: the first one makes the pack
        for _ in range(100):
            if (folder / "status.json").is_file():
                break
            time.sleep(0.1)
        return redirect(url_for("allowance.pack", job_id=job_id))
    safe = re.sub(r"[^\w.\-]", "_", name) or "people.csv"
    path = folder / safe
    path.write_bytes(blob)
    try:
        people = read_pack_people(path, kind=kind, fy=options["fy"])
    except ValidationError as exc:
        _remove(folder)
        return again(exc.problems)
    except DocengineError as exc:  # no rows, an unreadable file, a header-only file
        _remove(folder)
        general.append(_named(exc, path, name))
        return again()
    d = desk()
    try:  # what the notices need beyond the file (e.g. the year's holidays for the PR notice's dates): said now
        from docengine.notices.documents import registration_pr_prepared

        registration_pr_prepared(d.engine.renderer, kind=kind, fy=options["fy"])
    except DocengineError as exc:
        _remove(folder)
        general.append(exc)
        return again()
    status = {"state": "queued", "agency_code": d.agency_code, "user_id": current_user.record.id,
              "kind": kind, "fy": options["fy"], "file": name, "people": len(people), "done": 0, "total": 1,
              "step": "", "parts": [], "created": time.time(), "numbered": values["numbered"], "numbers": []}
    status_file = folder / "status.json"
    _write_status(status_file, status)
    thread = threading.Thread(target=render_pack, args=(d, folder, people, status, kind, options["fy"], on),
                              kwargs={"actor": _actor()}, name=f"pack-{job_id[:8]}", daemon=True)
    thread.start()
    if current_app.config.get("PACK_SYNC"):  # tests may wait for the pack
        thread.join()
    return redirect(url_for("allowance.pack", job_id=job_id))


def _named(exc: DocengineError, path: Path, name: str) -> DocengineError:
    def fix(text):
        return None if text is None else text.replace(str(path), name).replace(path.name, name)

    return DocengineError(fix(exc.en), fix(exc.th))


def _remove(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


PARTS = (("forms", "แบบคำขอลงทะเบียน", "Registration forms"),
         ("proxy", "หนังสือมอบอำนาจ", "Proxy letters"),
         ("list", "ประกาศบัญชีรายชื่อผู้มีสิทธิ", "Beneficiary list"),
         ("pr", "ประชาสัมพันธ์การรับลงทะเบียน", "PR notice"),
         ("counts", "รายงานสรุปจำนวน", "Count report"))


def render_pack(d, folder: Path, people, status: dict, kind: str, fy: int, on, *, actor: str = "") -> None:
    """Render the print pack in this (background) thread, writing its progress to status.json.
    ``status["numbered"]``: the forms take their ทะเบียนเลขที่ from the register's forms book
    (fill_registered, as ``docengine forms fill`` does), audited as ``actor``."""
    from docengine.forms import FormJob
    from docengine.notices.chunks import merge_pdfs
    from docengine.notices.documents import count_report_prepared, registration_pr_prepared
    from docengine.notices.listdoc import beneficiary_list_document, render_list_pdf
    from docengine.render.merge import count_pages

    status_file = folder / "status.json"
    renderer = d.engine.renderer
    last = [0.0]

    def save(force=False):
        now = time.monotonic()
        if force or now - last[0] > 0.3:
            last[0] = now
            _write_status(status_file, status)

    class Bar:  # the engine's progress: .update(n) (forms) or a call with n (list pages)
        def update(self, n):
            status["done"] += n
            save()

        def __call__(self, n):
            self.update(n)

    try:
        forms_job = FormJob(renderer, KINDS[kind][0], fy=fy)
        proxy_job = FormJob(renderer, "proxy", fy=fy, allowance=kind)
        proxies = proxy_job.rows_to_fill(people)
        listdoc = beneficiary_list_document(renderer, people, kind=kind, fy=fy, on=on)
        status.update(state="running", total=len(people) + len(proxies) + listdoc.page_count + 2)
        save(True)
        parts: list[tuple[str, bytes]] = []

        def step(key, make):
            status["step"] = key
            save(True)
            with d.render_lock:
                pdf = make()
            parts.append((key, pdf))
            status["parts"].append({"key": key, "pages": count_pages(pdf)})

        def numbered_forms() -> bytes:
            from docengine.forms.registered import fill_registered
            from docengine.register.audit import acting_as

            with acting_as(actor or "web"):
                lines = fill_registered(forms_job, people, reg=d.register, pdf=folder / "forms.pdf", progress=Bar())
            status["numbers"] = [lines[0].book_number, lines[-1].book_number]
            return (folder / "forms.pdf").read_bytes()

        if status.get("numbered"):
            step("forms", numbered_forms)
        else:
            step("forms", lambda: forms_job.filled_pdf(people, progress=Bar()))
        if proxies:
            step("proxy", lambda: proxy_job.filled_pdf(proxies, progress=Bar()))
        step("list", lambda: render_list_pdf(renderer, listdoc, progress=Bar(), workers=1))
        step("pr", lambda: renderer.render_pdf(registration_pr_prepared(renderer, kind=kind, fy=fy)))
        status["done"] += 1
        step("counts", lambda: renderer.render_pdf(count_report_prepared(renderer, people, kind=kind, fy=fy,
                                                                          on=on)[0]))
        status["done"] += 1
        status["step"] = "merge"
        save(True)
        pack = merge_pdfs([pdf for _, pdf in parts],
                          metadata={"Title": f"ชุดเอกสาร{KINDS[kind][1]} ปีงบประมาณ {fy}"})
        tmp = folder / "pack.pdf.tmp"
        tmp.write_bytes(pack)
        os.replace(tmp, folder / "pack.pdf")
        status.update(state="done", done=status["total"], pages=count_pages(pack), size=len(pack), step="")
    except DocengineError as exc:
        status.update(state="failed", th=exc.th or exc.en, en=exc.en)
    except Exception as exc:  # noqa: BLE001 — the page must say it failed, not poll for ever
        status.update(state="failed", th="สร้างชุดเอกสารไม่สำเร็จ", en=f"{type(exc).__name__}: {exc}")
        import logging

        logging.getLogger("docengine.web").exception("print pack failed")
    save(True)


@bp.route("/allowance/pack/<job_id>")
@guarded("allowance")
def pack(job_id):
    status = _read_status(job_id)
    return render_template("allowance_pack_job.html", job_id=job_id, s=status, parts=PARTS, kinds=KINDS)


@bp.route("/allowance/pack/<job_id>/status")
@guarded("allowance")
def pack_status(job_id):
    """htmx: the progress while it renders (polled every second), the download when done."""
    status = _read_status(job_id)
    return render_template("allowance_progress.html", job_id=job_id, s=status, parts=PARTS)


@bp.route("/allowance/pack/<job_id>.pdf")
@guarded("allowance")
def pack_pdf(job_id):
    status = _read_status(job_id)
    path = _packs() / job_id / "pack.pdf"
    if status.get("state") != "done" or not path.is_file():
        abort(404)
    name = f"pack-{status['kind']}-{status['fy']}.pdf"
    return send_file(path, mimetype="application/pdf", download_name=name, max_age=0,
                     as_attachment=not request.args.get("inline"))
