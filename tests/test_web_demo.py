"""`docengine demo` ends with the web desk: one user per role (clerk, endorser, signer, admin) of the
sample office on the letter chain's register, with new passwords printed on every run, the command
that starts the desk, and the address as the last line; the printed users log in with the printed
passwords and see the chain's work (the district's letter received at เทศบาลตำบลสันทราย)."""

from __future__ import annotations

import re
import shlex

import pytest
from click.testing import CliRunner
from web_helpers import csrf

OFFICE = "ชม 52101"


def _demo(monkeypatch, out):
    import docengine.cli.demo as demo
    from docengine.cli import cli

    # only the letter chain step: the desk's register is the chain's
    monkeypatch.setattr(demo, "DEMO_STEPS", [s for s in demo.DEMO_STEPS if s[1].endswith(":chain")])
    got = CliRunner().invoke(cli, ["demo", "--out", str(out)])
    assert got.exit_code == 0, got.output
    return got.output


def _printed(output):
    users = dict(re.findall(r"^  (\w+)\s+password / รหัสผ่าน: (\S+)", output, re.M))
    command = re.search(r"^Start it / เปิดระบบ: (docengine .*? serve)", output, re.M)[1]
    return users, command


def _log_in(app, login, password):
    c = app.test_client()
    page = c.get("/login")
    return c, c.post("/login", data={"login": login, "password": password, "csrf_token": csrf(page.text)})


def test_the_demo_prints_users_that_log_in(monkeypatch, tmp_path):
    from docengine.web import create_app

    out = tmp_path / "demo"
    output = _demo(monkeypatch, out)
    assert output.rstrip().splitlines()[-1] == "http://127.0.0.1:8000/"  # the address, last
    users, command = _printed(output)
    assert set(users) == {"clerk", "endorser", "signer", "admin"}
    assert len(set(users.values())) == 4 and all(len(p) >= 12 for p in users.values())
    assert re.search(r"^  signer .* PIN: \d{6}", output, re.M)
    args = shlex.split(command)
    db = args[args.index("--db") + 1]
    assert db == str(out / "chain" / "register.sqlite3") and "--office" not in args  # the sample office
    app = create_app(db=db, files=tmp_path / "files")
    app.config["TESTING"] = True
    for login, password in users.items():
        c, r = _log_in(app, login, password)
        assert r.status_code == 302, (login, r.text)
        inbox = c.get("/").text
        if login == "admin":  # users only: no documents
            assert "069/2567" not in inbox and "๐๖๙/๒๕๖๙" not in inbox
        else:  # the chain's receipt at เทศบาลตำบลสันทราย: เลขรับ 069/2567
            assert "๐๖๙/๒๕๖๗" in inbox, login
    clerk, _ = _log_in(app, "clerk", users["clerk"])
    assert "ลงรับหนังสือ" in clerk.get("/").text  # the clerk's own links
    assert _log_in(app, "clerk", "not-the-password")[1].status_code == 401
    # a second run: new passwords, the old ones no longer work
    again, _ = _printed(_demo(monkeypatch, out))
    assert again["clerk"] != users["clerk"]
    app = create_app(db=db, files=tmp_path / "files")
    assert _log_in(app, "clerk", users["clerk"])[1].status_code == 401
    assert _log_in(app, "clerk", again["clerk"])[1].status_code == 302


def test_demo_users_again_on_a_register_that_has_them(tmp_path):
    """Without the chain step re-making the register, the users are there already: they get the new
    password and their role back (a PIN stays what it was, so none is printed)."""
    from docengine import Office
    from docengine.web import create_app
    from docengine.web.demo import desk_users

    file, first = desk_users(tmp_path, Office.sample())
    file2, second = desk_users(tmp_path, Office.sample())
    assert file2 == file and [u.login for u in second] == ["clerk", "endorser", "signer", "admin"]
    assert next(u for u in first if u.role == "signer").pin and not any(u.pin for u in second)
    app = create_app(db=str(file), files=tmp_path / "files")
    for u in second:
        assert _log_in(app, u.login, u.password)[1].status_code == 302, u.login
    assert _log_in(app, "endorser", next(u for u in first if u.login == "endorser").password)[1].status_code == 401
