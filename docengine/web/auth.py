"""Log-in, log-out and sessions (Flask-Login): an idle and an absolute timeout, the
register's throttle (5 wrong passwords → locked 15 minutes, docengine.register.signers.log_in)."""

from __future__ import annotations

import time

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user

bp = Blueprint("auth", __name__)


class WebUser(UserMixin):
    """The logged-in person: a register user (``record``) and their roles in the desk's office."""

    def __init__(self, record):
        self.record = record
        self.id = str(record.id)

    @property
    def is_active(self) -> bool:
        return self.record.active

    def roles(self, agency_code: str) -> list[str]:
        from docengine.register.signers import OFFICE_ROLES

        mine = self.record.roles_in(agency_code)
        return [r for r in OFFICE_ROLES if r in mine]


def init(app) -> None:
    manager = LoginManager(app)
    manager.login_view = "auth.login"
    manager.login_message = "กรุณาเข้าสู่ระบบ / Please log in"
    manager.session_protection = "basic"

    @manager.user_loader
    def load(user_id: str):
        from docengine.register.signers import user

        from . import desk

        try:
            record = user(desk().register, int(user_id))
        except ValueError:
            return None
        return WebUser(record) if record is not None and record.active else None

    @app.before_request
    def timeouts():
        """Log out a session idle too long or older than the absolute limit."""
        if not current_user.is_authenticated:
            return None
        now = time.time()
        idle = current_app.config["IDLE_TIMEOUT"].total_seconds()
        absolute = current_app.config["ABSOLUTE_TIMEOUT"].total_seconds()
        if now - session.get("seen", 0) > idle or now - session.get("login_at", 0) > absolute:
            logout_user()
            session.clear()
            flash("หมดเวลาใช้งาน กรุณาเข้าสู่ระบบอีกครั้ง / Your session expired: log in again")
            return redirect(url_for("auth.login", next=request.full_path))
        session["seen"] = now
        return None

    app.register_blueprint(bp)


@bp.route("/login", methods=["GET", "POST"])
def login():
    from docengine.register.signers import LoginLocked, NotAuthorised, log_in

    from . import desk
    from .permissions import permitted

    error = None
    if request.method == "POST":
        name = (request.form.get("login") or "").strip()
        try:
            record = log_in(desk().register, name, request.form.get("password") or "")
        except LoginLocked as exc:
            error = exc
        except NotAuthorised as exc:
            error = exc
        else:
            if not permitted(record, "desk", desk().agency_code):
                error = NotAuthorised("this user has no role in this office",
                                      f"ผู้ใช้นี้ไม่มีบทบาทใน{desk().office.name}")
            else:
                session.clear()
                login_user(WebUser(record))
                session.permanent = True
                session["login_at"] = session["seen"] = time.time()
                target = request.args.get("next") or ""
                # Only a path of this site: never an open redirect.
                if not target.startswith("/") or target.startswith("//"):
                    target = url_for("letters.inbox")
                return redirect(target)
    status = 401 if error else 200
    return render_template("login.html", error=error), status


@bp.route("/logout", methods=["POST"])
def logout():
    logout_user()
    session.clear()
    flash("ออกจากระบบแล้ว / Logged out")
    return redirect(url_for("auth.login"))
