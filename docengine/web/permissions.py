"""The one permission check of the web desk: who may do what in which office.

Every route calls :func:`require` (through :func:`guarded` or with a letter's agency):
a user may act only in an office (agency code) where they hold a role that allows the
action. Anything else is 404 — a letter of another office is not there for them, so its
existence is not told either. The admin role manages users and sees no document.

>>> from docengine.register.signers import UserRecord
>>> clerk = UserRecord(1, "a", "ก", "จนท.", "clerk", True, (("ชม 52101", "clerk"),))
>>> permitted(clerk, "issue", "ชม 52101"), permitted(clerk, "view", "ชม 0023.3")
(True, False)
>>> admin = UserRecord(2, "b", "ข", "ผู้ดูแล", "clerk", True, (("ชม 52101", "admin"),))
>>> permitted(admin, "view", "ชม 52101")
False
"""

from __future__ import annotations

from functools import wraps

# action -> the office roles that allow it
ACTIONS: dict[str, frozenset[str]] = {
    "desk": frozenset({"clerk", "endorser", "signer", "admin"}),  # log in to this office at all
    "view": frozenset({"clerk", "endorser", "signer"}),  # the inbox and a letter's page
    "download": frozenset({"clerk", "endorser", "signer"}),  # an issued letter's PDF / DOCX
    "draft": frozenset({"clerk"}),  # the draft form, validation, preview
    "issue": frozenset({"clerk"}),  # ออกเลข
    "receive": frozenset({"clerk"}),  # ลงรับ: upload, route, register
    "endorse": frozenset({"endorser"}),  # เกษียน a received letter
    "sign": frozenset({"signer"}),  # ลงนาม (approve with the PIN) or send back a letter sent for signature
    "forward": frozenset({"clerk"}),  # แจ้งต่อ: the forwarding letter of a received one
    "registers": frozenset({"clerk", "endorser", "signer"}),  # the books on screen, searched
    "print_registers": frozenset({"clerk"}),  # the books as PDF / XLSX
    "allowance": frozenset({"clerk"}),  # the allowance desk: an applicant's form, a people file's print pack
    "users": frozenset({"admin"}),
}


def permitted(user, action: str, agency_code: str | None) -> bool:
    """True when ``user`` (a UserRecord) may do ``action`` in the office ``agency_code``."""
    if user is None or not getattr(user, "active", False) or not agency_code:
        return False
    allowed = ACTIONS[action]  # an unknown action is a bug: KeyError, not a silent yes
    return bool(user.roles_in(agency_code) & allowed)


def require(action: str, agency_code: str | None = None) -> None:
    """Abort with 404 unless the logged-in user may do ``action`` in ``agency_code`` (default:
    the desk's own office)."""
    from flask import abort
    from flask_login import current_user

    from . import desk

    record = getattr(current_user, "record", None)
    if not permitted(record, action, agency_code or desk().agency_code):
        abort(404)


def guarded(action: str):
    """Decorate a view: log-in required, then ``require(action)`` in the desk's office."""

    def wrap(view):
        @wraps(view)
        def checked(*args, **kwargs):
            from flask_login import current_user

            if not current_user.is_authenticated:
                from flask import redirect, request, url_for

                return redirect(url_for("auth.login", next=request.full_path))
            require(action)
            return view(*args, **kwargs)

        checked.permission = action
        return checked

    return wrap
