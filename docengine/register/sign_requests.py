"""Letters sent for signature (เสนอลงนาม) and the work waiting in an office, per role.

A clerk sends a drafted letter's data to a signer of the office (:func:`request_signature`);
the signer approves it with their PIN (:func:`approve_request`, the same check as
``letter issue --sign-as``: :func:`docengine.sign.typed.approve`) or sends it back with a note
(:func:`return_request`); the clerk then numbers it with the approval
(:func:`approval_of` → ``issue_letter(esign=…)``), once (:func:`claim_issue`, :func:`issued`).
Every change is audited (sign.requested, sign.approved, sign.returned, sign.issued).

The work lists (:func:`to_receive`, :func:`to_endorse`) and the urgency order
(:func:`urgency`, from the letter schema's ``speed`` choices) are what the desk's inbox shows.

>>> urgency("ด่วนที่สุด") > urgency("ด่วนมาก") > urgency("ด่วน") > urgency(None)
True
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import cache

from sqlalchemy import select

from docengine.errors import DocengineError

from .db import read_session, write_session
from .signers import LOCK_AFTER, LOCK_MINUTES, LoginLocked, NotAuthorised
from .tables import Agency, Endorsement, Letter, Receipt, RegisterUser, SignRequest, UserRole

STATUSES = ("waiting", "approved", "issuing", "issued", "returned", "redrafted")


@dataclass(frozen=True)
class SignRequestRecord:
    id: int
    agency_code: str
    set_name: str
    data: dict
    subject: str | None
    speed: str | None
    secrecy: str | None
    signer_id: int
    signer_login: str
    signer_name: str
    requested_by: int
    status: str
    approved_at: datetime | None
    note: str | None
    letter_id: int | None
    created_at: datetime


def _record(s, row: SignRequest) -> SignRequestRecord:
    signer = s.get(RegisterUser, row.signer_id)
    return SignRequestRecord(row.id, row.agency_code, row.set_name, dict(row.data or {}), row.subject, row.speed,
                             row.secrecy, row.signer_id, signer.login, signer.name, row.requested_by, row.status,
                             row.approved_at, row.note, row.letter_id, row.created_at)


def _plain(value):
    """The data as JSON can hold it (dates as ISO)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def signers_of(reg, agency: str) -> list[tuple[int, str, str, str]]:
    """(id, login, name, position) of the active signers (with a PIN) who hold the signer role in ``agency``."""
    with read_session(reg.engine) as s:
        q = (select(RegisterUser).join(UserRole, UserRole.user_id == RegisterUser.id)
             .where(UserRole.agency_code == agency, UserRole.role == "signer", RegisterUser.active.is_(True),
                    RegisterUser.role == "signer")  # the office role and a PIN to sign with
             .order_by(RegisterUser.name))
        return [(u.id, u.login, u.name, u.position) for u in s.scalars(q)]


def request_signature(reg, agency: str, set_name: str, data: dict, *, signer_id: int, requested_by: int,
                      token: str | None = None, replaces: int | None = None) -> SignRequestRecord:
    """Send ``data`` (a letter of the set ``set_name``, already validated) to ``signer_id`` for
    signature; with ``token``, the same token sent again gives the request it made. ``replaces``
    names a request the signer sent back, corrected by this one (it is closed: redrafted)."""
    if signer_id not in {u[0] for u in signers_of(reg, agency)}:
        raise DocengineError("choose a signer of this office", "กรุณาเลือกผู้ลงนามของหน่วยงานนี้")
    with write_session(reg.engine) as s:
        if token:
            found = s.scalars(select(SignRequest).where(SignRequest.token == token)).first()
            if found is not None:
                return _record(s, found)
        row = SignRequest(agency_code=agency, set_name=set_name, data=_plain(data), subject=data.get("subject"),
                          speed=data.get("speed") or None, secrecy=data.get("secrecy") or None,
                          signer_id=signer_id, requested_by=requested_by, status="waiting", token=token,
                          created_at=datetime.now(timezone.utc))
        if replaces:
            old = s.get(SignRequest, replaces)
            if old is None or old.agency_code != agency or old.status != "returned" or old.requested_by != requested_by:
                raise DocengineError(f"request {replaces} is not a letter sent back to you",
                                     "ไม่ใช่หนังสือที่ถูกส่งคืนให้ท่านแก้ไข")
            old.status = "redrafted"
        s.add(row)
        s.flush()
        return _record(s, row)


def get_request(reg, request_id: int) -> SignRequestRecord | None:
    with read_session(reg.engine) as s:
        row = s.get(SignRequest, request_id)
        return _record(s, row) if row is not None else None


def requests(reg, agency: str, *, status: str | None = None, signer_id: int | None = None) -> list[SignRequestRecord]:
    with read_session(reg.engine) as s:
        q = select(SignRequest).where(SignRequest.agency_code == agency).order_by(SignRequest.id)
        if status:
            q = q.where(SignRequest.status == status)
        if signer_id is not None:
            q = q.where(SignRequest.signer_id == signer_id)
        return [_record(s, r) for r in s.scalars(q)]


def _waiting_for(s, request_id: int, login: str) -> SignRequest:
    row = s.get(SignRequest, request_id)
    if row is None:
        raise DocengineError(f"no letter {request_id} waiting for signature", "ไม่มีหนังสือรอลงนามนี้")
    signer = s.get(RegisterUser, row.signer_id)
    if signer.login != login:
        raise DocengineError(f"letter {request_id} waits for {signer.login}'s signature",
                             f"หนังสือนี้รอการลงนามของ {signer.name}")
    if row.status != "waiting":
        raise DocengineError(f"letter {request_id} is {row.status}, not waiting for signature",
                             "หนังสือนี้ไม่ได้รอลงนามแล้ว")
    return row


def approve_request(reg, request_id: int, login: str, pin: str, *, at: datetime | None = None) -> SignRequestRecord:
    """The signer ``login`` approves request ``request_id`` with their PIN (NotAuthorised if wrong)."""
    from docengine.sign.typed import approve

    _not_locked(reg, login)
    try:
        approval = approve(reg, login, pin, at=at)  # the PIN and the signer role, as `letter issue --sign-as`
    except NotAuthorised:
        _count_failure(reg, login)
        raise
    with write_session(reg.engine) as s:
        s.get(RegisterUser, approval.user_id).failed_logins = 0  # the right PIN ends a run of wrong ones
        row = _waiting_for(s, request_id, login)
        row.status, row.approved_at = "approved", approval.at
        s.flush()
        return _record(s, row)


def _not_locked(reg, login: str) -> None:
    with read_session(reg.engine) as s:
        row = s.scalars(select(RegisterUser).where(RegisterUser.login == login)).first()
        if row is not None and row.locked_until is not None and row.locked_until > datetime.now(timezone.utc):
            raise LoginLocked(row.locked_until)


def _count_failure(reg, login: str) -> None:
    """A wrong PIN counts as a wrong password does: the 5th in a row locks the user (log-in and
    signing) for 15 minutes, so a 4-digit PIN cannot be guessed through the desk."""
    from datetime import timedelta

    with write_session(reg.engine) as s:
        row = s.scalars(select(RegisterUser).where(RegisterUser.login == login)).first()
        if row is None:
            return
        row.failed_logins = (row.failed_logins or 0) + 1
        if row.failed_logins >= LOCK_AFTER:
            row.failed_logins, row.locked_until = 0, datetime.now(timezone.utc) + timedelta(minutes=LOCK_MINUTES)
            s.flush()
            until = row.locked_until
        else:
            s.flush()
            return
    raise LoginLocked(until)


def return_request(reg, request_id: int, login: str, note: str) -> SignRequestRecord:
    """The signer sends the letter back to be corrected, saying why."""
    if not (note or "").strip():
        raise DocengineError("say what is to be corrected", "กรุณาระบุสิ่งที่ต้องแก้ไข")
    with write_session(reg.engine) as s:
        row = _waiting_for(s, request_id, login)
        row.status, row.note = "returned", note.strip()
        s.flush()
        return _record(s, row)


def approval_of(reg, request: SignRequestRecord):
    """The signer's approval of an approved request, to pass to ``issue_letter(esign=…)``."""
    from docengine.sign.typed import Approval

    with read_session(reg.engine) as s:
        u = s.get(RegisterUser, request.signer_id)
        return Approval(u.id, u.name, u.position, request.approved_at)


def claim_issue(reg, request_id: int) -> bool:
    """Take an approved request to number it (True), once: False when another has it or it is done."""
    with write_session(reg.engine) as s:
        row = s.scalars(select(SignRequest).where(SignRequest.id == request_id).with_for_update()).first()
        if row is None or row.status != "approved":
            return False
        row.status = "issuing"  # audited (sign.numbering), in the write lock
        s.flush()
        return True


def issued(reg, request_id: int, letter_id: int | None) -> SignRequestRecord:
    """The request was numbered as ``letter_id`` (None: numbering failed, approved again)."""
    with write_session(reg.engine) as s:
        row = s.get(SignRequest, request_id)
        row.status, row.letter_id = ("issued", letter_id) if letter_id else ("approved", None)
        s.flush()
        return _record(s, row)


# --- the office's work lists -------------------------------------------------------------


@cache
def _speeds() -> tuple[str, ...]:
    from docengine.render.templateset import find_set

    return tuple(find_set("letters/external").schema.fields["speed"].choices)


def urgency(speed: str | None) -> int:
    """0 for a letter with no speed, then 1, 2, 3 for ด่วน, ด่วนมาก, ด่วนที่สุด (the schema's order)."""
    return _speeds().index(speed) + 1 if speed in _speeds() else 0


def _squeeze(text) -> str:
    return "".join(str(text or "").split())


def _names(agency: Agency) -> list[str]:
    """How letters address ``agency``: its names and the title of its head (its default signer's
    principal when the signer acts for someone, else the signer's position)."""
    names = [agency.name, agency.short_name, agency.issuer]
    heads = [x for x in agency.signers or [] if isinstance(x, dict)]
    head = next((x for x in heads if x.get("key") == "default"), heads[0] if heads else None)
    if head:
        position = head.get("position") or []
        names.append(head.get("principal") or (position[-1] if isinstance(position, list) and position
                                                else position))
    return [n for n in (_squeeze(x) for x in names) if len(n) > 3]


def to_receive(reg, agency: str) -> list:
    """Letters coming down the chain to ``agency``: issued by its parent office (``parent_code``),
    addressed to it (its name or its head's title in เรียน), not received by it yet. Letters of
    other offices are not told (a user of one office sees no other office's letters)."""
    with read_session(reg.engine) as s:
        ours = s.get(Agency, agency)
        if ours is None or not ours.parent_code:
            return []
        names = _names(ours)
        got = set(s.scalars(select(Receipt.letter_id).where(Receipt.agency_code == agency,
                                                            Receipt.letter_id.is_not(None))))
        rows = s.scalars(select(Letter).where(Letter.status == "issued", Letter.agency_code == ours.parent_code)
                         .order_by(Letter.id)).all()
        ids = [r.id for r in rows if r.id not in got and any(n in _squeeze(r.recipients) for n in names)]
    return [reg.get(i) for i in ids]


def to_endorse(reg, agency: str) -> list:
    """Received letters of ``agency`` with no endorsement (เกษียน) yet."""
    with read_session(reg.engine) as s:
        endorsed = select(Endorsement.receipt_id)
        ids = list(s.scalars(select(Receipt.id).where(Receipt.agency_code == agency, Receipt.id.not_in(endorsed))
                             .order_by(Receipt.id)))
    return [reg.get_receipt(i) for i in ids]
