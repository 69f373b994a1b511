"""The admin's pages: this office's users and its reference data (role ``admin``).

Users: the list of everyone holding a role in this office, with their roles; add a user with
roles (and a PIN for a signer), set a password, disable / enable, grant / revoke a role. Each
is one call to the same function ``docengine register user add / set-password / disable /
enable / grant / revoke`` makes (:mod:`docengine.register.signers`), inside
``acting_as("web:<login>@<address>")`` so the audit trail names the admin.

An admin touches only this office's users: a login without a role here is not found (404),
and a user who also holds roles in another office keeps their password and log-in (shared by
both offices) — only their roles here can be changed from this desk. An admin cannot disable
themself or give up their own admin role (the desk would lose its last way in).

Reference data (read-only): the office's agency as the register has it, the agency above it
and those below it, and the routing list of the receipt stamp.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user

from docengine.errors import DocengineError

from . import desk
from .letters import _actor
from .permissions import guarded

bp = Blueprint("admin", __name__)
ROLE_ORDER = ("clerk", "endorser", "signer", "admin")


def init(app) -> None:
    app.register_blueprint(bp)


def _office_users():
    from docengine.register.signers import users

    code = desk().agency_code
    return [u for u in users(desk().register) if u.roles_in(code)]


def _target(login: str):
    """This office's user ``login``; 404 for a login without a role here (another office's)."""
    found = [u for u in _office_users() if u.login == login]
    if not found:
        abort(404)
    return found[0]


def _elsewhere(u) -> bool:
    return any(a != desk().agency_code for a, _ in u.roles)


def _page(errors=(), *, added=None, status=200, values=None, done=None):
    return render_template("admin_users.html", users=_office_users(), roles=ROLE_ORDER, errors=list(errors),
                           values=values or {}, added=added, done=done, elsewhere=_elsewhere,
                           me=current_user.record.login), status


@bp.route("/admin/users")
@guarded("users")
def users():
    return _page(done=request.args.get("done"))


@bp.route("/admin/users", methods=["POST"])
@guarded("users")
def add():
    """`register user add LOGIN --name --position --role … --agency <this office>` with the
    password (and a signer's PIN) typed here."""
    from docengine.register.audit import acting_as
    from docengine.register.signers import add_user

    values = {k: request.form.get(k, "").strip() for k in ("login", "name", "position")}
    roles = [r for r in ROLE_ORDER if r in request.form.getlist("role")]
    values["roles"] = roles
    password, pin = request.form.get("password", ""), request.form.get("pin", "")
    problems = []
    if not roles:
        problems.append(DocengineError("tick at least one role", "เลือกบทบาทอย่างน้อยหนึ่งบทบาท"))
    if password != request.form.get("password2", ""):
        problems.append(DocengineError("the two passwords differ", "รหัสผ่านสองช่องไม่ตรงกัน"))
    if problems:
        return _page(problems, status=422, values=values)
    signs = "signer" in roles
    try:
        with acting_as(_actor()):
            u = add_user(desk().register, values["login"], name=values["name"], position=values["position"],
                         role="signer" if signs else "clerk", pin=pin or None, office_roles=roles,
                         agency=desk().agency_code, password=password or None)
    except DocengineError as exc:
        return _page([exc], status=422, values=values)
    return redirect(url_for("admin.users", done=f"added:{u.login}"))


def _change(login: str, call, what: str):
    from docengine.register.audit import acting_as

    try:
        with acting_as(_actor()):
            call()
    except DocengineError as exc:
        return _page([exc], status=422)
    return redirect(url_for("admin.users", done=f"{what}:{login}"))


def _shared_refused(u):
    return _page([DocengineError(
        f"{u.login} also holds roles in another office: their password and log-in are changed there or "
        f"with `docengine register user`; from this desk only their roles here",
        f"{u.login} มีบทบาทในหน่วยงานอื่นด้วย รหัสผ่านและการระงับผู้ใช้ต้องทำที่ผู้ดูแลระบบกลาง "
        f"(docengine register user) ที่นี่เปลี่ยนได้เฉพาะบทบาทในหน่วยงานนี้")], status=403)


@bp.route("/admin/users/<login>/password", methods=["POST"])
@guarded("users")
def password(login):
    """`register user set-password LOGIN` (also lifts a log-in lock)."""
    from docengine.register.signers import set_password

    u = _target(login)
    if _elsewhere(u):
        return _shared_refused(u)
    new = request.form.get("password", "")
    if new != request.form.get("password2", ""):
        return _page([DocengineError("the two passwords differ", "รหัสผ่านสองช่องไม่ตรงกัน")], status=422)
    return _change(login, lambda: set_password(desk().register, login, new), "password")


@bp.route("/admin/users/<login>/active", methods=["POST"])
@guarded("users")
def active(login):
    """`register user disable LOGIN` / `enable LOGIN`."""
    from docengine.register.signers import set_active

    u = _target(login)
    if _elsewhere(u):
        return _shared_refused(u)
    on = request.form.get("active") == "1"
    if not on and login == current_user.record.login:
        return _page([DocengineError("you cannot disable yourself", "ระงับบัญชีของตนเองไม่ได้")], status=422)
    return _change(login, lambda: set_active(desk().register, login, on), "enabled" if on else "disabled")


@bp.route("/admin/users/<login>/roles", methods=["POST"])
@guarded("users")
def roles(login):
    """`register user grant LOGIN --role R` / `revoke` in this office."""
    from docengine.register.signers import grant

    u = _target(login)
    role, revoke = request.form.get("role", ""), request.form.get("change") == "revoke"
    if role not in ROLE_ORDER:
        abort(400)
    here = u.roles_in(desk().agency_code)
    if revoke and login == current_user.record.login and role == "admin":
        return _page([DocengineError("you cannot give up your own admin role",
                                     "ถอนบทบาทผู้ดูแลระบบของตนเองไม่ได้")], status=422)
    if revoke and here == {role}:
        return _page([DocengineError(f"{login}'s last role here: disable the user instead",
                                     f"เป็นบทบาทสุดท้ายของ {login} ในหน่วยงานนี้ ให้ใช้ระงับผู้ใช้แทน")], status=422)
    return _change(login, lambda: grant(desk().register, login, desk().agency_code, [role], revoke=revoke),
                   f"{'revoked' if revoke else 'granted'}-{role}")


@bp.route("/admin/reference")
@guarded("users")
def reference():
    """The office's agencies (this one, the one above, those below) and its routing list, read-only."""
    from .receipts import routing_list

    d = desk()
    everyone = d.register.agencies()
    me = d.register.agency(d.agency_code)
    above = [a for a in everyone if me.parent_code and a.code == me.parent_code]
    below = [a for a in everyone if a.parent_code == me.code]
    return render_template("admin_reference.html", me=me, above=above, below=below, routing=routing_list())
