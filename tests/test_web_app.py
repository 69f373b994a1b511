"""The web desk on Flask's test client: the one permission check on every route, CSRF, the
log-in throttle, sessions, validation next to the fields, ออกเลข once per draft, and the
users' command line (register user …)."""

from __future__ import annotations

import re
import threading
from datetime import datetime, timedelta, timezone

import pytest
from web_helpers import LETTER, OFFICE, OTHER, PASSWORD, csrf, draft_form, login, make_app, make_register

from docengine.register.signers import UserRecord
from docengine.web.permissions import ACTIONS, permitted


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    app, _, other_id = make_app(tmp_path_factory.mktemp("web"))
    return app, other_id


@pytest.fixture
def app(site):
    return site[0]


def _client(app, name="clerk"):
    c = app.test_client()
    r = login(c, name)
    assert r.status_code == 302, r.text
    return c


def _user(*roles, code=OFFICE, active=True):
    return UserRecord(1, "u", "ผู้ใช้", "จนท.", "clerk", active, tuple((code, r) for r in roles))


@pytest.mark.parametrize("roles, allowed", [
    (("clerk",), {"desk", "view", "download", "draft", "issue", "receive", "forward", "registers",
                  "print_registers", "allowance"}),
    (("endorser",), {"desk", "view", "download", "endorse", "registers"}),
    (("signer",), {"desk", "view", "download", "registers", "sign"}),
    (("admin",), {"desk", "users"}),
    ((), set()),
])
def test_the_permission_function_by_role(roles, allowed):
    user = _user(*roles)
    assert {a for a in ACTIONS if permitted(user, a, OFFICE)} == allowed
    assert not any(permitted(user, a, OTHER) for a in ACTIONS)  # nothing in another office
    assert not any(permitted(_user(*roles, active=False), a, OFFICE) for a in ACTIONS)
    assert not permitted(None, "view", OFFICE)


def test_every_route_goes_through_the_permission_function(app):
    public = {"static", "auth.login", "auth.logout", "letters.font"}
    for rule in app.url_map.iter_rules():
        if rule.endpoint in public:
            continue
        view = app.view_functions[rule.endpoint]
        assert getattr(view, "permission", None) in ACTIONS, f"{rule} ({rule.endpoint}) is not guarded"


def test_logged_out_pages_send_to_the_log_in(app):
    c = app.test_client()
    for path in ("/", "/letters/new", "/letters/1", "/letters/1/pdf"):
        r = c.get(path)
        assert r.status_code == 302 and "/login" in r.headers["Location"], path


def test_another_offices_letter_is_not_found(site):
    app, other_id = site
    for name in ("clerk", "endorser", "signer", "admin"):
        c = _client(app, name)
        for path in (f"/letters/{other_id}", f"/letters/{other_id}/pdf", f"/letters/{other_id}/docx"):
            assert c.get(path).status_code == 404, (name, path)
        assert "หนังสือของอำเภอ" not in c.get("/").text


def test_a_user_of_another_office_cannot_log_in_here(app):
    r = login(app.test_client(), "district")
    assert r.status_code == 401 and "ไม่มีบทบาท" in r.text


def test_the_admin_sees_no_documents_and_cannot_draft(app):
    c = _client(app, "admin")
    assert "ไม่มีสิทธิ์เห็นเอกสาร" in c.get("/").text
    assert c.get("/letters/new").status_code == 404


def test_an_endorser_cannot_draft_or_number(app):
    c = _client(app, "endorser")
    assert c.get("/letters/new").status_code == 404
    page = c.get("/").text
    r = c.post("/letters/issue", data={"csrf_token": csrf(page), "kind": "external", "draft_token": "x" * 32})
    assert r.status_code == 404


def test_a_post_without_the_csrf_token_is_refused(app):
    c = _client(app)
    form = draft_form(c, **LETTER)
    del form["csrf_token"]
    r = c.post("/letters/issue", data=form)
    assert r.status_code == 400 and "คำขอไม่ถูกต้อง" in r.text
    assert c.post("/logout").status_code == 400  # log-out is a form too
    r = app.test_client().post("/login", data={"login": "clerk", "password": PASSWORD})
    assert r.status_code == 400


@pytest.mark.parametrize("route", ["/letters/issue", "/letters/sign-request"])
def test_a_malformed_draft_token_is_refused_and_takes_no_number(app, route):
    """ออกเลข and เสนอลงนาม key their once-only work on the draft token: one that is not the
    desk's own shape (a path, say) is a bad request, not a number."""
    c = _client(app)
    reg = app.extensions["docengine"].register
    before = len(reg.list("send", agency=OFFICE))
    form = draft_form(c, **LETTER)
    form["draft_token"] = "../../etc/passwd"
    assert c.post(route, data=form).status_code == 400
    assert len(reg.list("send", agency=OFFICE)) == before


def test_validation_shows_the_engines_bilingual_problem_next_to_the_field(app):
    c = _client(app)
    form = draft_form(c, **{**LETTER, "subject": "", "date": "2024-02-30"})
    r = c.post("/letters/check", data=form)
    assert r.status_code == 200
    import re

    spans = dict(re.findall(r'<span class="errors" id="(err-[^"]+)" hx-swap-oob="true"[^>]*>(.*?)</span>\n', r.text, re.S))
    assert "required" in spans["err-subject"] and re.search(r"[\u0e00-\u0e7f]", spans["err-subject"])
    assert spans["err-date"] and spans["err-recipient"] == ""
    form = draft_form(c, **{**LETTER, "date": "2099-01-05"})  # read, then refused by the engine: future
    spans = dict(re.findall(r'<span class="errors" id="(err-[^"]+)" hx-swap-oob="true"[^>]*>(.*?)</span>\n',
                            c.post("/letters/check", data=form).text, re.S))
    assert "2099" in spans["err-date"] and "future" in spans["err-date"]


def test_a_double_submit_takes_one_number(app):
    from docengine.register import open_register

    c1 = _client(app)
    form = draft_form(c1, **{**LETTER, "subject": "ทดสอบกดสองครั้ง"})
    c2 = app.test_client()  # the same browser session sending the form a second time
    c2.set_cookie("session", c1.get_cookie("session").value)
    got = []
    barrier = threading.Barrier(2)

    def post(c):
        barrier.wait()
        got.append(c.post("/letters/issue", data=form))

    threads = [threading.Thread(target=post, args=(c,)) for c in (c1, c2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.status_code for r in got) == [302, 302]
    targets = {r.headers["Location"].split("?")[0] for r in got}
    assert len(targets) == 1
    again = c1.post("/letters/issue", data=form)  # the form sent again later
    assert again.headers["Location"].split("?")[0] in targets
    reg = open_register(app.extensions["docengine"].register.engine.url.render_as_string(hide_password=False))
    rows = [r for r in reg.list("send", agency=OFFICE) if r.subject == "ทดสอบกดสองครั้ง"]
    assert len(rows) == 1 and rows[0].status == "issued"


def test_issued_letter_is_audited_as_the_web_user(app):
    from sqlalchemy import text

    from docengine.register.audit import verify

    c = _client(app)
    r = c.post("/letters/issue", data=draft_form(c, **{**LETTER, "subject": "ทดสอบบันทึกตรวจสอบ"}))
    letter_id = int(r.headers["Location"].split("/letters/")[1].split("?")[0])
    engine = app.extensions["docengine"].register.engine
    with engine.connect() as conn:
        actors = {a for (a,) in conn.execute(text("SELECT actor FROM audit_log WHERE target = :t"),
                                             {"t": f"letters:{letter_id}"})}
    assert actors and all(a.startswith("web:clerk@") for a in actors)
    assert verify(engine).ok


def test_every_letter_kind_the_draft_page_offers_is_numbered(tmp_path):
    """The kinds come from the template sets' schemas (external, memo, stamped); each numbers
    in its own book, and a memo 1 does not collide with letter 1 of the same year."""
    from docengine.web import create_app

    url, _ = make_register(tmp_path / "r.sqlite3")
    app = create_app(db=url, files=tmp_path / "files")
    c = _client(app)
    page = c.get("/letters/new").text
    kinds = re.findall(r'href="/letters/new\?kind=([a-z]+)"', page)
    assert {"external", "memo", "stamped"} <= set(kinds)
    numbers = {}
    for kind in kinds:
        r = c.post("/letters/issue", data=draft_form(c, kind, **LETTER, department="สำนักปลัดเทศบาล"))
        assert r.status_code == 302, (kind, re.findall(r'class="problem">([^<]*)', r.text))
        numbers[kind] = re.search(r'id="book-number">([^<]*)<', c.get(r.headers["Location"]).text)[1]
    assert numbers["external"] == "ชม ๕๒๑๐๑/๑" and numbers["stamped"] == "ชม ๕๒๑๐๑/๒"
    assert numbers["memo"] == "ชม ๕๒๑๐๑/๑" and len({f for f in (tmp_path / "files" / "52101").iterdir()}) == 6


@pytest.mark.parametrize("path", ["/login", "/letters/new?kind=external", "/letters/new?kind=memo",
                                  "/letters/new?kind=stamped"])
def test_every_field_has_a_label(app, path):
    c = _client(app) if path != "/login" else app.test_client()
    page = c.get(path).text
    ids = re.findall(r'<(?:input|select|textarea) id="([^"]+)"', page)
    labelled = set(re.findall(r'<label for="([^"]+)"', page))
    assert ids and set(ids) <= labelled, set(ids) - labelled


def test_bad_input_takes_no_number(app):
    c = _client(app)
    reg = app.extensions["docengine"].register
    before = len(reg.list("send"))
    r = c.post("/letters/issue", data=draft_form(c, **{**LETTER, "recipient": ""}))
    assert r.status_code == 422 and 'class="field invalid"' in r.text
    assert len(reg.list("send")) == before


def test_five_wrong_passwords_lock_the_log_in(tmp_path):
    from docengine import Office, Register
    from docengine.register.signers import LOCK_AFTER, LoginLocked, NotAuthorised, add_user, log_in, set_password

    reg = Register.open(tmp_path / "t.sqlite3", office=Office.sample(), create=True)
    add_user(reg, "k", name="ก", position="ข", role="clerk", office_roles=["clerk"], agency=OFFICE,
             password="right-password")
    now = datetime(2024, 1, 8, 2, 0, tzinfo=timezone.utc)
    for _ in range(LOCK_AFTER - 1):
        with pytest.raises(NotAuthorised) as err:
            log_in(reg, "k", "wrong-password", now=now)
        assert not isinstance(err.value, LoginLocked)
    assert log_in(reg, "k", "right-password", now=now).login == "k"  # a success resets the count
    for _ in range(LOCK_AFTER):
        with pytest.raises(NotAuthorised):
            log_in(reg, "k", "wrong-password", now=now)
    with pytest.raises(LoginLocked, match="09:15"):  # 15 minutes, shown in Bangkok time
        log_in(reg, "k", "right-password", now=now + timedelta(minutes=14))
    assert log_in(reg, "k", "right-password", now=now + timedelta(minutes=16)).login == "k"
    for _ in range(LOCK_AFTER):
        with pytest.raises(NotAuthorised):
            log_in(reg, "k", "wrong-password", now=now)
    set_password(reg, "k", "another-password")  # the admin's reset lifts the lock
    assert log_in(reg, "k", "another-password", now=now).login == "k"


def test_an_idle_session_is_logged_out(app):
    c = _client(app)
    assert c.get("/").status_code == 200
    app.config["IDLE_TIMEOUT"] = timedelta(seconds=-1)
    try:
        r = c.get("/")
    finally:
        app.config["IDLE_TIMEOUT"] = timedelta(minutes=30)
    assert r.status_code == 302 and "/login" in r.headers["Location"]
    assert c.get("/").status_code == 302  # and stays logged out


def test_an_upload_over_the_limit_is_refused(app):
    c = _client(app)
    r = c.post("/letters/check", data=b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1),
               content_type="application/x-www-form-urlencoded")
    assert r.status_code == 413


def test_users_on_the_command_line(tmp_path, monkeypatch, capsys):
    import json

    from register_helpers import fresh_register, run

    from docengine.register import open_register
    from docengine.register.signers import log_in

    url = fresh_register(tmp_path, monkeypatch)
    monkeypatch.delenv("DOCENGINE_PIN", raising=False)
    monkeypatch.setenv("DOCENGINE_PASSWORD", "first-password")
    code, out, err = run(capsys, "register", "user", "add", "somsri", "--name", "นางสมศรี", "--position",
                         "เจ้าพนักงานธุรการ", "--role", "clerk", "--role", "endorser")
    assert code == 0, err
    assert "clerk@ชม 52101" in out and "endorser@ชม 52101" in out  # the office's agency by default
    code, out, err = run(capsys, "register", "user", "grant", "somsri", "--agency", OTHER, "--role", "clerk")
    assert code == 0, err
    code, out, err = run(capsys, "register", "user", "revoke", "somsri", "--role", "endorser")
    code, out, _ = run(capsys, "register", "user", "list", "--json")
    (u,) = json.loads(out)
    assert {(r["agency"], r["role"]) for r in u["roles"]} == {(OFFICE, "clerk"), (OTHER, "clerk")}
    assert u["has_password"] and u["role"] == "clerk"
    reg = open_register(url)
    assert log_in(reg, "somsri", "first-password").login == "somsri"
    monkeypatch.setenv("DOCENGINE_PASSWORD", "second-password")
    assert run(capsys, "register", "user", "set-password", "somsri")[0] == 0
    assert log_in(reg, "somsri", "second-password").login == "somsri"
    code, out, _ = run(capsys, "register", "user", "disable", "somsri")
    assert code == 0 and "(disabled)" in out
    from docengine.register.signers import NotAuthorised

    with pytest.raises(NotAuthorised):
        log_in(reg, "somsri", "second-password")
    monkeypatch.setenv("DOCENGINE_PASSWORD", "short")
    code, _, err = run(capsys, "register", "user", "set-password", "somsri")
    assert code == 1 and "รหัสผ่าน" in err
    code, _, err = run(capsys, "register", "user", "add", "x", "--name", "ก", "--position", "ข", "--role", "signer")
    assert code != 0  # a signer needs a PIN: no PIN in the environment, no terminal to ask at


def test_docengine_serve_starts_the_app_on_the_global_db(tmp_path, monkeypatch, capsys):
    """`docengine --db URL serve --host … --port …` runs the app on that register (Flask's run
    replaced here), and says so when no user can log in yet."""
    from flask import Flask
    from register_helpers import fresh_register, run

    url = fresh_register(tmp_path, monkeypatch)
    seen = {}

    def fake_run(self, host=None, port=None, debug=None, **kw):
        seen.update(host=host, port=port, debug=debug, db=self.extensions["docengine"].register.engine.url.database)

    monkeypatch.setattr(Flask, "run", fake_run)
    code, _, err = run(capsys, "--db", url, "serve", "--host", "127.0.0.1", "--port", "8123")
    assert code == 0, err
    assert seen == {"host": "127.0.0.1", "port": 8123, "debug": False, "db": str(tmp_path / "r.sqlite3")}
    assert "http://127.0.0.1:8123/" in err and "no user can log in" in err


@pytest.mark.parametrize("secure", ["1", None])
def test_session_cookies_are_https_only_when_told_behind_tls(tmp_path, monkeypatch, secure):
    """DOCENGINE_SECURE_COOKIES=1 (production behind TLS, README): the session cookie carries
    Secure; the plain-http desk of `docengine serve` keeps it sendable over http://127.0.0.1."""
    if secure:
        monkeypatch.setenv("DOCENGINE_SECURE_COOKIES", secure)
    else:
        monkeypatch.delenv("DOCENGINE_SECURE_COOKIES", raising=False)
    app, _, _ = make_app(tmp_path)
    c = app.test_client()
    r = login(c, "clerk")
    assert r.status_code == 302
    cookies = [v for k, v in r.headers.items() if k == "Set-Cookie" and v.startswith("session=")]
    assert cookies and all(("; Secure" in v) == bool(secure) for v in cookies), cookies
    assert all("HttpOnly" in v and "SameSite=Lax" in v for v in cookies)


def test_one_time_tokens_older_than_their_forms_are_dropped(app):
    """The double-click guard keeps a row per form; rows older than twice the CSRF lifetime
    (a form that old cannot be sent) go when the next form is numbered."""
    from datetime import datetime, timedelta, timezone

    from sqlalchemy import select

    from docengine.register.db import read_session, write_session
    from docengine.register.tables import IssueToken, RegisterUser
    from docengine.web import CSRF_HOURS

    engine = app.extensions["docengine"].register.engine
    with read_session(engine) as s:
        clerk = s.scalars(select(RegisterUser).where(RegisterUser.login == "clerk")).one()
    old = datetime.now(timezone.utc) - timedelta(hours=2 * CSRF_HOURS + 1)
    recent = datetime.now(timezone.utc) - timedelta(hours=CSRF_HOURS)
    with write_session(engine) as s:
        s.add(IssueToken(token="a" * 32, user_id=clerk.id, agency_code=OFFICE, created_at=old))
        s.add(IssueToken(token="b" * 32, user_id=clerk.id, agency_code=OFFICE, created_at=recent))
    c = app.test_client()
    login(c, "clerk")
    assert c.post("/letters/issue", data=draft_form(c, **LETTER)).status_code == 302
    with read_session(engine) as s:
        kept = set(s.scalars(select(IssueToken.token)))
    assert "a" * 32 not in kept and "b" * 32 in kept and len(kept) >= 2  # the recent one and the new form's
