"""20 concurrent clients number letters at once through HTTP against the production server
(waitress, 8 threads — the README's command — on 127.0.0.1) and get 20 distinct, gap-free
numbers, within a time bound, on the SQLite register and on a real PostgreSQL one (the README's
production register; the session's pg_url server). It is the server the README tells production to
run, with more clients than threads, so requests queue as they would behind a busy desk."""

from __future__ import annotations

import html
import http.cookiejar
import re
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlparse

import pytest
from web_helpers import OFFICE, PASSWORD, USERS, make_register

CLIENTS = 20
BOUND_SECONDS = 90  # the 20 numbered letters, rendering one at a time: ~10 s on this machine


def _register(backend: str, tmp_path, request, *, cli: bool = False) -> str:
    """make_register's users on SQLite, or on a fresh PostgreSQL database (created empty, then
    made a register; with ``cli`` by the README's `docengine --db postgresql://… register init`)."""
    if backend == "sqlite":
        return make_register(tmp_path / "r.sqlite3")[0]
    import subprocess
    import sys
    from pathlib import Path

    from register_helpers import fresh_pg_database

    from docengine import Office, Register
    from docengine.register.signers import add_user

    url = fresh_pg_database(request.getfixturevalue("pg_url"))
    if cli:
        done = subprocess.run([str(Path(sys.executable).with_name("docengine")), "--db", url, "register", "init"],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    reg = Register.open(url, office=Office.sample(), create=not cli)
    for login, (code, roles) in USERS.items():
        add_user(reg, login, name=f"ผู้ใช้ {login}", position="เจ้าหน้าที่", role="signer" if "signer" in roles else "clerk",
                 pin="2567" if "signer" in roles else None, office_roles=roles, agency=code, password=PASSWORD)
    reg.close()
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def waitress_server(request, tmp_path):
    from waitress.server import create_server

    from docengine.web import create_app

    url = _register(request.param, tmp_path, request)
    app = create_app(db=url, files=tmp_path / "files")
    server = create_server(app, host="127.0.0.1", port=0, threads=8, channel_timeout=120)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}", app
    server.close()
    thread.join(10)


def _client(base):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/login", timeout=30).read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
    opener.open(f"{base}/login", urllib.parse.urlencode(
        {"login": "clerk", "password": PASSWORD, "csrf_token": token}).encode(), timeout=30).read()
    return opener


def _draft(base, opener, i):
    page = opener.open(f"{base}/letters/new", timeout=30).read().decode()
    form = {name: html.unescape(value) for name, value in
            re.findall(r'<input (?:type="hidden" )?(?:id="[^"]+" )?name="([^"]+)" value="([^"]*)"', page)}
    form.update({"subject": f"หนังสือพร้อมกันผ่าน waitress ฉบับที่ {i}", "recipient": "นายอำเภอฝาง",
                 "body": "ด้วยเทศบาลตำบลสันทรายขอแจ้ง", "signer.position": "นายกเทศมนตรีตำบลสันทราย",
                 "owner_unit.name": "สำนักปลัดเทศบาล"})
    return form


def test_twenty_clients_under_waitress_get_twenty_distinct_gap_free_numbers(waitress_server):
    base, app = waitress_server
    reg = app.extensions["docengine"].register
    clients = [_client(base) for _ in range(CLIENTS)]
    forms = [_draft(base, c, i) for i, c in enumerate(clients)]
    before = {r.id: r for r in reg.list("send", agency=OFFICE)}
    barrier = threading.Barrier(CLIENTS)

    def issue(args):
        opener, form = args
        barrier.wait(30)
        with opener.open(f"{base}/letters/issue", urllib.parse.urlencode(form).encode(), timeout=BOUND_SECONDS) as r:
            return r.status, urlparse(r.url).path

    started = time.monotonic()
    with ThreadPoolExecutor(CLIENTS) as pool:
        got = list(pool.map(issue, zip(clients, forms)))
    took = time.monotonic() - started
    assert all(status == 200 for status, _ in got), got
    assert len({path for _, path in got}) == CLIENTS  # each client went to its own letter
    rows = [r for r in reg.list("send", agency=OFFICE) if r.id not in before]
    assert len(rows) == CLIENTS
    (book,) = {(r.series, r.year_be) for r in rows}
    start = max((r.running_no for r in before.values() if (r.series, r.year_be) == book), default=0)
    assert sorted(r.running_no for r in rows) == list(range(start + 1, start + CLIENTS + 1))  # distinct, no gap
    assert all(r.status == "issued" for r in rows)
    assert {r.subject for r in rows} == {f["subject"] for f in forms}
    assert took < BOUND_SECONDS, took
    print(f"{CLIENTS} concurrent ออกเลข under waitress on {reg.engine.dialect.name}: {took:.1f} s")


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_the_readmes_production_command_serves_the_desk(tmp_path, request, backend):
    """`DOCENGINE_DB=… waitress-serve --call docengine.web:create_app` (README, "The web desk") as a
    real process: the log-in page answers and the clerk logs in."""
    import os
    import socket
    import subprocess
    import sys
    from pathlib import Path

    url = _register(backend, tmp_path, request, cli=True)
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert "waitress-serve --host 0.0.0.0 --port 8000 --threads 8 --call docengine.web:create_app" in readme
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "DOCENGINE_DB": url, "DOCENGINE_SECRET_KEY": "t" * 32}
    serve = Path(sys.executable).with_name("waitress-serve")
    proc = subprocess.Popen([str(serve), "--host", "127.0.0.1", "--port", str(port), "--threads", "8",
                             "--call", "docengine.web:create_app"], env=env, cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5) as r:
                    assert r.status == 200 and "เข้าสู่ระบบ" in r.read().decode()
                    break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.3)
        opener = _client(f"http://127.0.0.1:{port}")
        inbox = opener.open(f"http://127.0.0.1:{port}/", timeout=30).read().decode()
        assert "ผู้ใช้ clerk" in inbox  # logged in: the top bar names the clerk
    finally:
        proc.terminate()
        proc.wait(10)
