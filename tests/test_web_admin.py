"""The admin's pages (Flask test client): this office's users with their roles; add a user with
roles, set a password (which then logs in), disable and enable (a disabled user cannot log in),
grant and revoke a role — the same register functions as `docengine register user …`, audited
as the web admin; the reference data page; clerk, endorser and signer get 404 on every admin
route; an admin cannot touch another office's user (404) nor a shared user's password, and a
user who is admin only of another office cannot reach this desk at all."""

from __future__ import annotations

import re

import pytest
from web_helpers import OFFICE, OTHER, PASSWORD, csrf, login, make_app, unlabelled

from docengine import Office, Register
from docengine.register.signers import add_user, users


@pytest.fixture
def site(tmp_path):
    app, url, _ = make_app(tmp_path)
    reg = Register.open(url, office=Office.sample())
    # an admin of the province only, and a user with roles in both offices
    add_user(reg, "province-admin", name="ผู้ดูแลจังหวัด", position="นักวิชาการคอมพิวเตอร์", role="clerk", office_roles=["admin"],
             agency=OTHER, password=PASSWORD)
    add_user(reg, "shared", name="ผู้ใช้สองหน่วยงาน", position="เจ้าหน้าที่", role="clerk", office_roles=["clerk"], agency=OFFICE,
             password=PASSWORD)
    from docengine.register.signers import grant

    grant(reg, "shared", OTHER, ["clerk"])
    reg.close()
    return app, url


def _client(app, name="admin"):
    c = app.test_client()
    assert login(c, name).status_code == 302, name
    return c


def _users(url):
    reg = Register.open(url, office=Office.sample())
    try:
        return {u.login: u for u in users(reg)}
    finally:
        reg.close()


def _actors(url, target_prefix="register_users"):
    from sqlalchemy import create_engine, text

    eng = create_engine(url)
    with eng.connect() as conn:
        rows = conn.execute(text("SELECT actor, kind, target FROM audit_log ORDER BY seq")).all()
    eng.dispose()
    return rows


def _post(c, path, **fields):
    page = c.get("/admin/users").text
    return c.post(path, data={"csrf_token": csrf(page), **fields})


def test_the_admin_lists_adds_sets_a_password_disables_enables_grants_and_revokes(site):
    app, url = site
    c = _client(app)
    page = c.get("/admin/users")
    assert page.status_code == 200
    rows = re.findall(r'<tr id="user-([^"]+)"', page.text)
    # This office's users, not the province's clerk nor the province's admin.
    assert set(rows) == {"admin", "clerk", "endorser", "signer", "shared"}
    assert "เจ้าหน้าที่ธุรการ" in page.text and "ผู้เกษียน" in page.text
    assert not unlabelled(page.text), unlabelled(page.text)
    assert 'href="/admin/users"' in page.text  # the menu has ผู้ใช้
    # Add: `register user add somsri --role clerk --role endorser`, with a password.
    r = _post(c, "/admin/users", login="somsri", name="นางสมศรี ตัวอย่าง", position="เจ้าพนักงานธุรการ",
              role=["clerk", "endorser"], password="first-pass-1", password2="first-pass-1")
    assert r.status_code == 302, r.text
    u = _users(url)["somsri"]
    assert u.roles == ((OFFICE, "clerk"), (OFFICE, "endorser")) and u.has_password and u.active
    assert login(app.test_client(), "somsri", "first-pass-1").status_code == 302
    # A signer needs a PIN (the engine's rule, its message); a short password is the engine's too.
    r = _post(c, "/admin/users", login="boss", name="นายใหญ่", position="นายก", role=["signer"], password="", password2="")
    assert r.status_code == 422 and "ผู้ลงนามต้องมีรหัส PIN" in r.text
    r = _post(c, "/admin/users", login="boss", name="นายใหญ่", position="นายก", role=["clerk"], password="short",
              password2="short")
    assert r.status_code == 422 and "รหัสผ่านต้องมี 8 ถึง 128 ตัวอักษร" in r.text
    r = _post(c, "/admin/users", login="clerk", name="ซ้ำ", position="ซ้ำ", role=["clerk"])
    assert r.status_code == 422 and "มีผู้ใช้ &#39;clerk&#39; อยู่แล้ว" in r.text
    r = _post(c, "/admin/users", login="boss", name="นายใหญ่", position="นายก", role=["signer"], pin="4321",
              password="boss-pass-1", password2="boss-pass-1")
    assert r.status_code == 302
    assert _users(url)["boss"].role == "signer"
    # Set a password: the old one stops working, the new one logs in.
    assert _post(c, "/admin/users/somsri/password", password="second-pass-2", password2="second-pass-2").status_code == 302
    assert login(app.test_client(), "somsri", "first-pass-1").status_code == 401
    assert login(app.test_client(), "somsri", "second-pass-2").status_code == 302
    # Disable, then enable.
    assert _post(c, "/admin/users/somsri/active", active="0").status_code == 302
    assert not _users(url)["somsri"].active
    assert login(app.test_client(), "somsri", "second-pass-2").status_code == 401
    assert _post(c, "/admin/users/somsri/active", active="1").status_code == 302
    assert login(app.test_client(), "somsri", "second-pass-2").status_code == 302
    # Grant, revoke. The signer role only to a signer (who has a PIN): refused, in the engine's words.
    r = _post(c, "/admin/users/somsri/roles", role="signer", change="grant")
    assert r.status_code == 422 and "somsri ไม่ใช่ผู้ลงนาม (ไม่มีรหัส PIN)" in r.text
    assert _post(c, "/admin/users/somsri/roles", role="admin", change="grant").status_code == 302
    assert (OFFICE, "admin") in _users(url)["somsri"].roles
    assert _post(c, "/admin/users/somsri/roles", role="endorser", change="revoke").status_code == 302
    assert _users(url)["somsri"].roles == ((OFFICE, "admin"), (OFFICE, "clerk"))
    # The last role here is not revoked (the user would drop out of the office): disable instead.
    _post(c, "/admin/users/somsri/roles", role="admin", change="revoke")
    r = _post(c, "/admin/users/somsri/roles", role="clerk", change="revoke")
    assert r.status_code == 422 and "บทบาทสุดท้าย" in r.text
    # The admin keeps their own way in.
    assert _post(c, "/admin/users/admin/active", active="0").status_code == 422
    assert _post(c, "/admin/users/admin/roles", role="admin", change="revoke").status_code == 422
    assert _users(url)["admin"].active
    # Every change is in the audit trail as the web admin; the trail verifies.
    acts = [(a, act) for a, act, t in _actors(url) if a.startswith("web:admin@")]
    assert {act for _, act in acts} >= {"user.created", "role.granted", "user.updated", "user_roles.deleted"}, acts
    reg = Register.open(url, office=Office.sample())
    try:
        from docengine.register.audit import verify

        assert verify(reg.engine).ok
    finally:
        reg.close()


def test_the_reference_data_is_read_only_and_the_offices_own(site):
    app, _ = site
    c = _client(app)
    page = c.get("/admin/reference")
    assert page.status_code == 200
    assert "เทศบาลตำบลสันทราย" in page.text and "ชม ๕๒๑๐๑" in page.text
    assert "งานธุรการ" in page.text and "กองคลัง" in page.text  # the routing list
    assert "<form" not in page.text.split("<main>")[1]  # nothing to change here
    assert c.post("/admin/reference", data={"csrf_token": csrf(page.text)}).status_code == 405


ROUTES = [("get", "/admin/users"), ("get", "/admin/reference"), ("post", "/admin/users"),
          ("post", "/admin/users/clerk/password"), ("post", "/admin/users/clerk/active"),
          ("post", "/admin/users/clerk/roles")]


@pytest.mark.parametrize("who", ["clerk", "endorser", "signer"])
def test_the_other_roles_get_404_on_every_admin_route_and_no_menu(site, who):
    app, url = site
    c = _client(app, who)
    token = csrf(c.get("/").text)
    assert 'href="/admin/users"' not in c.get("/").text
    for method, path in ROUTES:
        r = getattr(c, method)(path, data={"csrf_token": token, "password": "x" * 10, "password2": "x" * 10,
                                           "active": "0", "role": "admin", "change": "grant", "login": "evil",
                                           "name": "n", "position": "p"})
        assert r.status_code == 404, (who, path, r.status_code)
    after = _users(url)
    assert after["clerk"].active and (OFFICE, "admin") not in after["clerk"].roles and "evil" not in after


def test_the_province_desks_admin_cannot_touch_this_offices_users(site, tmp_path):
    """The same register served as the province's desk: its admin sees and manages the province's
    users only; this office's clerk is not found there, whatever the action."""
    from docengine.web import create_app

    _, url = site
    office = tmp_path / "province.yaml"
    office.write_text(f"agency_code: {OTHER}\nname: สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดเชียงใหม่\nfont: Sarabun\n",
                      encoding="utf-8")
    province = create_app(db=url, office=office, files=tmp_path / "files")
    province.config["TESTING"] = True
    c = _client(province, "province-admin")
    page = c.get("/admin/users").text
    assert set(re.findall(r'<tr id="user-([^"]+)"', page)) == {"district", "province-admin", "shared"}
    before = _users(url)
    for login_ in ("clerk", "admin", "signer"):
        for path, fields in ((f"/admin/users/{login_}/password", {"password": "taken-over-1", "password2": "taken-over-1"}),
                             (f"/admin/users/{login_}/active", {"active": "0"}),
                             (f"/admin/users/{login_}/roles", {"role": "admin", "change": "grant"})):
            assert _post(c, path, **fields).status_code == 404, path
    assert _users(url) == before
    assert login(site[0].test_client(), "clerk").status_code == 302  # our clerk still logs in here
    # this office's admin is not an admin there
    assert login(province.test_client(), "admin").status_code == 401


def test_an_admin_cannot_touch_another_offices_users(site):
    app, url = site
    # The province's admin cannot use this desk at all.
    assert login(app.test_client(), "province-admin").status_code == 401
    # This office's admin: the province's clerk is not found here, whatever the action.
    c = _client(app)
    before = _users(url)["district"]
    for path, fields in (("/admin/users/district/password", {"password": "taken-over-1", "password2": "taken-over-1"}),
                         ("/admin/users/district/active", {"active": "0"}),
                         ("/admin/users/district/roles", {"role": "clerk", "change": "revoke"}),
                         ("/admin/users/province-admin/roles", {"role": "admin", "change": "revoke"}),
                         ("/admin/users/province-admin/password", {"password": "taken-over-1",
                                                                   "password2": "taken-over-1"})):
        assert _post(c, path, **fields).status_code == 404, path
    assert _users(url)["district"] == before
    assert login(app.test_client(), "province-admin").status_code == 401  # password unchanged
    # A user shared with the province: roles here may change, the shared password and log-in not.
    assert _post(c, "/admin/users/shared/password", password="taken-over-1", password2="taken-over-1").status_code == 403
    assert _post(c, "/admin/users/shared/active", active="0").status_code == 403
    assert _users(url)["shared"].active
    assert login(app.test_client(), "shared", "taken-over-1").status_code == 401
    assert _post(c, "/admin/users/shared/roles", role="endorser", change="grant").status_code == 302
    assert _users(url)["shared"].roles == ((OTHER, "clerk"), (OFFICE, "clerk"), (OFFICE, "endorser")) or \
        set(_users(url)["shared"].roles) == {(OTHER, "clerk"), (OFFICE, "clerk"), (OFFICE, "endorser")}
    # A role granted here is granted in this office only.
    assert (OTHER, "admin") not in _users(url)["admin"].roles
