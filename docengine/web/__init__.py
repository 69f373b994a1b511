"""The saraban web desk: Flask pages over the same engine the command line uses.

``create_app(db=…, office=…)`` builds the app on one register (``Register.open``) and one
office (``Engine(Office)``); every rule — schemas, numbering, rendering, the audit trail —
is the engine's (docengine.chain.issue_letter, Engine.render, docengine.register.signers).
``docengine serve`` runs it on Flask's server; production runs the same app under a WSGI
server (README, "The web desk")::

    waitress-serve --port 8000 --call docengine.web:create_app

Modules: ``permissions`` (the one check every route makes), ``auth`` (log-in, sessions),
``letters`` (inbox, draft, preview, ออกเลข, downloads), ``receipts`` (ลงรับ, เกษียน), ``forward`` (แจ้งต่อ), ``registers`` (the books), ``fields`` (a template set's schema
as form fields), ``allowance`` (an applicant's form, a people file's print pack), ``chain`` (a letter's chain), ``admin`` (the office's users, its reference data).
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

# Defaults of the app's settings (create_app(config=…) or DOCENGINE_WEB_* overrides them).
IDLE_MINUTES = 30  # a session unused this long is logged out
ABSOLUTE_HOURS = 12  # and any session this old
MAX_UPLOAD_MB = 20
CSRF_HOURS = 8  # a long form stays submittable this long


def create_app(db: str | None = None, office: str | os.PathLike | None = None, *, config: dict | None = None,
               files: str | os.PathLike | None = None):
    """The web desk's Flask app on the register ``db`` (None: $DOCENGINE_DB, else the default
    SQLite file, created if missing) for ``office`` (None: $DOCENGINE_OFFICE, else the sample
    office). ``files``: the folder issued letters are written into (default: ``letters/``
    beside a SQLite register, else the user data folder)."""
    from flask import Flask
    from flask_wtf.csrf import CSRFProtect

    from docengine import Engine, Office, Register
    from docengine.register.db import env_url, resolve_url, sqlite_file

    db = db or env_url()
    office = office or os.environ.get("DOCENGINE_OFFICE")
    office_obj = Office.load(office) if office else Office.sample()
    # The embedded default register is created on first start; a named one must exist
    # (`docengine register init`), so a typo never starts an empty book.
    register = Register.open(db, office=office_obj, create=db is None)
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=os.environ.get("DOCENGINE_SECRET_KEY") or _stored_secret(register),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # behind TLS: the session and remember cookies go over HTTPS only (off for the
        # plain-http desk on 127.0.0.1 that `docengine serve` and the demo start)
        SESSION_COOKIE_SECURE=os.environ.get("DOCENGINE_SECURE_COOKIES") == "1",
        REMEMBER_COOKIE_SECURE=os.environ.get("DOCENGINE_SECURE_COOKIES") == "1",
        PERMANENT_SESSION_LIFETIME=timedelta(minutes=IDLE_MINUTES),
        SESSION_REFRESH_EACH_REQUEST=True,
        IDLE_TIMEOUT=timedelta(minutes=IDLE_MINUTES),
        ABSOLUTE_TIMEOUT=timedelta(hours=ABSOLUTE_HOURS),
        MAX_CONTENT_LENGTH=MAX_UPLOAD_MB * 1024 * 1024,
        WTF_CSRF_TIME_LIMIT=CSRF_HOURS * 3600,
        WTF_CSRF_SSL_STRICT=False,  # behind a TLS proxy the Referer check is the proxy's
        ISSUE_WAIT_SECONDS=60,
    )
    app.config.update(config or {})
    file = sqlite_file(resolve_url(db))
    folder = Path(files) if files else (file.parent / "letters" if file else _data_folder() / "letters")
    folder.mkdir(parents=True, exist_ok=True)
    app.extensions["docengine"] = Desk(register=register, engine=Engine(office_obj), files=folder)
    CSRFProtect(app)

    from . import admin, allowance, auth, chain, forward, letters, receipts, registers

    auth.init(app)
    letters.init(app)
    receipts.init(app)
    forward.init(app)
    registers.init(app)
    allowance.init(app)
    chain.init(app)
    admin.init(app)
    return app


class Desk:
    """What every request works with: the register, the office's engine, the files folder."""

    def __init__(self, *, register, engine, files: Path):
        import threading

        self.register = register
        self.engine = engine
        self.files = files
        self.previews = files / "previews"
        self.previews.mkdir(exist_ok=True)
        # WeasyPrint is not made for several renders at once in one process: one at a time.
        self.render_lock = threading.Lock()

    @property
    def office(self):
        return self.engine.office

    @property
    def agency_code(self) -> str:
        return str(self.office.get("agency_code") or "")


def desk() -> Desk:
    from flask import current_app

    return current_app.extensions["docengine"]


def _data_folder() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("docengine"))


def _stored_secret(register) -> str:
    """The session-signing key kept in the register (so every worker process shares it)."""
    from sqlalchemy import select

    from docengine.register.db import write_session
    from docengine.register.tables import Meta

    with write_session(register.engine) as s:
        row = s.scalars(select(Meta).where(Meta.key == "web_secret_key")).first()
        if row is None:
            row = Meta(key="web_secret_key", value=secrets.token_hex(32))
            s.add(row)
        return row.value
