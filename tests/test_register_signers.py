"""Register users (docengine.register.signers), in process: adding a user and every refusal of it,
passwords and PINs (stored as scrypt hashes only), office roles granted and taken back, disabling,
the web desk's log-in with its lock after five wrong passwords, the signer's PIN check, and the
signatures recorded on letters and receipts."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from docengine.errors import DocengineError
from docengine.register import UnknownAgency, signers
from docengine.register.db import read_session
from docengine.register.tables import RegisterUser
from docengine.sign.pin import check_pin

DISTRICT, LAO = "ชม 0023.05", "ชม 52101"
PIN, PASSWORD = "2567", "รหัสผ่านยาวพอ1"
T = datetime(2024, 1, 8, 2, 30, tzinfo=timezone.utc)  # 09:30 in Bangkok
ROLES_HELP = "clerk, endorser, signer, admin"


def _clerk(reg, login="somsri", *, password=None, roles=("clerk",), agency=LAO):
    return signers.add_user(reg, login, name="นางสาวสมศรี ใจงาม", position="เจ้าหน้าที่ธุรการ", role="clerk",
                            office_roles=list(roles), agency=agency, password=password)


def _mayor(reg, login="somchai", pin=PIN, **kw):
    return signers.add_user(reg, login, name="นายสมชาย ใจดี", position="นายกเทศมนตรีตำบลสันทราย", pin=pin, **kw)


def _refused(exc_info, en, th):
    assert (exc_info.value.en, exc_info.value.th) == (en, th)


def _stored(reg, login):
    with read_session(reg.engine) as s:
        row = s.query(RegisterUser).filter_by(login=login).one()
        return row.pin_hash, row.password_hash


def _wrong_log_ins(reg, login, times, now):
    for _ in range(times):
        with pytest.raises(signers.NotAuthorised) as e:
            signers.log_in(reg, login, "ผิดผิดผิดผิด", now=now)
        assert not isinstance(e.value, signers.LoginLocked)


# --- adding users ---------------------------------------------------------------------------


def test_a_new_signer_is_recorded_with_its_roles_in_the_office(reg):
    got = signers.add_user(reg, "  somchai ", name=" นายสมชาย ใจดี ", position=" นายกเทศมนตรีตำบลสันทราย\n",
                           pin=PIN, office_roles=["signer", "clerk", "signer"], agency="ชม52101")
    assert (got.login, got.name, got.position, got.role, got.active, got.has_password) == (
        "somchai", "นายสมชาย ใจดี", "นายกเทศมนตรีตำบลสันทราย", "signer", True, False)
    assert got.roles == ((LAO, "clerk"), (LAO, "signer"))
    assert got.roles_in(LAO) == frozenset({"clerk", "signer"}) and got.roles_in(DISTRICT) == frozenset()
    assert got.to_dict() == {"id": got.id, "login": "somchai", "name": "นายสมชาย ใจดี",
                             "position": "นายกเทศมนตรีตำบลสันทราย", "role": "signer", "active": True,
                             "roles": [{"agency": LAO, "role": "clerk"}, {"agency": LAO, "role": "signer"}],
                             "has_password": False}
    assert signers.user(reg, got.id) == got


def test_a_pin_and_a_password_are_stored_only_as_hashes(reg):
    _mayor(reg, password=PASSWORD)
    pin_hash, password_hash = _stored(reg, "somchai")
    assert pin_hash.startswith("scrypt$") and check_pin(PIN, pin_hash)
    assert password_hash.startswith("scrypt$") and check_pin(PASSWORD, password_hash)
    assert signers.users(reg)[0].has_password is True


def test_a_clerk_needs_no_pin_and_then_has_none(reg):
    got = _clerk(reg)
    assert (got.role, got.has_password) == ("clerk", False)
    assert _stored(reg, "somsri") == (signers.NO_PIN, None)
    with pytest.raises(signers.NotAuthorised):
        signers.authenticate(reg, "somsri", signers.NO_PIN, role="clerk")


def test_a_user_without_office_roles_needs_no_known_office(reg):
    got = signers.add_user(reg, "anan", name="นายอนันต์", position="ผู้ดูแล", role="clerk", agency="ชม 99999")
    assert got.roles == ()


def test_office_roles_in_an_unknown_office_are_refused(reg):
    with pytest.raises(UnknownAgency):
        _clerk(reg, agency="ชม 99999")
    assert signers.users(reg) == []


def test_a_login_of_eighty_characters_is_taken(reg):
    assert _clerk(reg, "a" * 80, roles=()).login == "a" * 80


@pytest.mark.parametrize("login", ["", "   ", None, "som chai", "som\tchai", "a" * 81])
def test_a_login_that_is_empty_too_long_or_spaced_is_refused(reg, login):
    with pytest.raises(DocengineError) as e:
        signers.add_user(reg, login, name="นายอนันต์", position="ผู้ดูแล", role="clerk")
    _refused(e, "login: 1-80 characters, no spaces", "ชื่อผู้ใช้ 1-80 ตัวอักษร ไม่มีช่องว่าง")
    assert signers.users(reg) == []


def test_an_unknown_role_is_refused(reg):
    with pytest.raises(DocengineError) as e:
        signers.add_user(reg, "anan", name="นายอนันต์", position="ผู้ดูแล", role="boss")
    _refused(e, "role 'boss': use signer or clerk", "บทบาท 'boss' ไม่ถูกต้อง")


@pytest.mark.parametrize("name, position", [("", "ผู้ดูแล"), ("นายอนันต์", " "), (None, "ผู้ดูแล"), ("นายอนันต์", None)])
def test_a_user_needs_a_name_and_a_position(reg, name, position):
    with pytest.raises(DocengineError) as e:
        signers.add_user(reg, "anan", name=name, position=position, role="clerk")
    _refused(e, "name and position are required", "ต้องระบุชื่อและตำแหน่ง")


def test_a_signer_needs_a_pin(reg):
    with pytest.raises(DocengineError) as e:
        signers.add_user(reg, "somchai", name="นายสมชาย", position="นายก", pin="")
    _refused(e, "a signer needs a PIN ($DOCENGINE_PIN)", "ผู้ลงนามต้องมีรหัส PIN ($DOCENGINE_PIN)")


def test_an_unknown_office_role_is_refused_naming_the_roles(reg):
    with pytest.raises(DocengineError) as e:
        _clerk(reg, roles=("clerk", "boss"))
    _refused(e, f"office role 'boss': use {ROLES_HELP}", f"บทบาท 'boss' ไม่ถูกต้อง (ใช้ {ROLES_HELP})")


def test_office_roles_need_the_office(reg):
    with pytest.raises(DocengineError) as e:
        _clerk(reg, agency=None)
    _refused(e, "give the office (agency code) of the roles", "ระบุหน่วยงาน (รหัส) ของบทบาท")


def test_every_mistake_is_named_at_once_in_both_languages(reg):
    with pytest.raises(DocengineError) as e:
        signers.add_user(reg, "", name="", position="x", role="boss", office_roles=["chief"])
    _refused(e, "; ".join(["login: 1-80 characters, no spaces", "role 'boss': use signer or clerk",
                           "name and position are required", f"office role 'chief': use {ROLES_HELP}",
                           "give the office (agency code) of the roles"]),
             "; ".join(["ชื่อผู้ใช้ 1-80 ตัวอักษร ไม่มีช่องว่าง", "บทบาท 'boss' ไม่ถูกต้อง", "ต้องระบุชื่อและตำแหน่ง",
                        f"บทบาท 'chief' ไม่ถูกต้อง (ใช้ {ROLES_HELP})", "ระบุหน่วยงาน (รหัส) ของบทบาท"]))
    with pytest.raises(DocengineError) as e:
        signers.add_user(reg, "somchai", name="นายสมชาย", position="", pin=None)
    _refused(e, "name and position are required; a signer needs a PIN ($DOCENGINE_PIN)",
             "ต้องระบุชื่อและตำแหน่ง; ผู้ลงนามต้องมีรหัส PIN ($DOCENGINE_PIN)")
    assert signers.users(reg) == []


def test_a_login_taken_already_is_refused(reg):
    first = _clerk(reg)
    with pytest.raises(DocengineError) as e:
        _clerk(reg, " somsri ", roles=())
    _refused(e, "user 'somsri' already exists", "มีผู้ใช้ 'somsri' อยู่แล้ว")
    assert signers.users(reg) == [first]


def test_a_short_password_is_refused_when_adding_a_user(reg):
    with pytest.raises(DocengineError) as e:
        _clerk(reg, password="สั้น")
    _refused(e, "a password has 8 to 128 characters", "รหัสผ่านต้องมี 8 ถึง 128 ตัวอักษร")
    assert signers.users(reg) == []


@pytest.mark.parametrize("pin", ["123", "๑" * 129])
def test_a_pin_shorter_than_four_or_longer_than_128_is_refused(reg, pin):
    with pytest.raises(DocengineError) as e:
        _mayor(reg, pin=pin)
    _refused(e, "a PIN has 4 to 128 characters", "รหัส PIN ต้องมี 4 ถึง 128 ตัวอักษร")
    assert signers.users(reg) == []


@pytest.mark.parametrize("pin", ["1234", "๑" * 128])
def test_a_pin_of_four_or_128_characters_signs(reg, pin):
    _mayor(reg, pin=pin)
    assert signers.authenticate(reg, "somchai", pin).login == "somchai"


@pytest.mark.parametrize("stored", [signers.NO_PIN, "", "md5$16384$8$1$00$00", "scrypt$x$8$1$00$00"])
def test_a_stored_pin_that_is_no_scrypt_hash_matches_nothing(stored):
    assert check_pin("2567", stored) is False


def test_a_hash_of_the_right_pin_under_another_name_matches_nothing():
    from docengine.sign.pin import hash_pin

    stored = hash_pin("2567")
    assert check_pin("2567", stored) is True
    assert check_pin("2567", "md5" + stored[len("scrypt"):]) is False


# --- passwords ----------------------------------------------------------------------------------


@pytest.mark.parametrize("password", ["", None, "ก" * (signers.MIN_PASSWORD - 1), "ก" * 129])
def test_a_password_shorter_than_eight_or_longer_than_128_is_refused(password):
    with pytest.raises(DocengineError) as e:
        signers.hash_password(password)
    _refused(e, "a password has 8 to 128 characters", "รหัสผ่านต้องมี 8 ถึง 128 ตัวอักษร")


@pytest.mark.parametrize("length", [signers.MIN_PASSWORD, 128])
def test_a_password_of_eight_or_128_characters_is_hashed(length):
    stored = signers.hash_password("ก" * length)
    assert stored.startswith("scrypt$") and check_pin("ก" * length, stored)


def test_a_new_password_is_the_one_that_logs_in(reg):
    _clerk(reg)
    got = signers.set_password(reg, "somsri", PASSWORD)
    assert (got.login, got.has_password, got.roles) == ("somsri", True, ((LAO, "clerk"),))
    assert signers.log_in(reg, "somsri", PASSWORD, now=T).login == "somsri"
    with pytest.raises(DocengineError) as e:
        signers.set_password(reg, "somsri", "สั้น")
    _refused(e, "a password has 8 to 128 characters", "รหัสผ่านต้องมี 8 ถึง 128 ตัวอักษร")
    assert signers.log_in(reg, "somsri", PASSWORD, now=T).login == "somsri"


def test_a_new_password_forgets_the_wrong_ones_before_it(reg):
    _clerk(reg, password=PASSWORD)
    _wrong_log_ins(reg, "somsri", 4, T)
    signers.set_password(reg, "somsri", "รหัสผ่านใหม่22")
    _wrong_log_ins(reg, "somsri", 4, T)
    with pytest.raises(signers.LoginLocked):
        signers.log_in(reg, "somsri", "ผิดผิดผิดผิด", now=T)
    signers.set_password(reg, "somsri", PASSWORD)  # and lifts the lock
    assert signers.log_in(reg, "somsri", PASSWORD, now=T).login == "somsri"


def test_an_unknown_user_gets_no_password_and_no_change(reg):
    for change in (lambda: signers.set_password(reg, "nobody", PASSWORD),
                   lambda: signers.set_active(reg, "nobody", False),
                   lambda: signers.grant(reg, "nobody", LAO, ["clerk"])):
        with pytest.raises(DocengineError) as e:
            change()
        _refused(e, "no user 'nobody'", "ไม่มีผู้ใช้ 'nobody'")


# --- disabling --------------------------------------------------------------------------------------


def test_a_disabled_user_can_neither_log_in_nor_sign_until_enabled_again(reg):
    _mayor(reg, password=PASSWORD)
    got = signers.set_active(reg, "somchai", False)
    assert (got.login, got.active) == ("somchai", False)
    assert signers.users(reg)[0].active is False
    with pytest.raises(signers.NotAuthorised) as e:
        signers.log_in(reg, "somchai", PASSWORD, now=T)
    _refused(e, "login 'somchai' or password is wrong", "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง")
    with pytest.raises(signers.NotAuthorised) as e:
        signers.authenticate(reg, "somchai", PIN)
    _refused(e, "login 'somchai' or PIN is wrong", "ชื่อผู้ใช้ 'somchai' หรือรหัส PIN ไม่ถูกต้อง")
    assert signers.set_active(reg, "somchai", True).active is True
    assert signers.log_in(reg, "somchai", PASSWORD, now=T).active is True
    assert signers.authenticate(reg, "somchai", PIN).login == "somchai"


# --- office roles ---------------------------------------------------------------------------------


def test_roles_granted_twice_are_held_once(reg):
    _clerk(reg)
    signers.grant(reg, "somsri", LAO, ["endorser", "endorser"])
    got = signers.grant(reg, "somsri", LAO, ["endorser", "admin"])
    assert got.roles == ((LAO, "admin"), (LAO, "clerk"), (LAO, "endorser"))
    got = signers.grant(reg, "somsri", "ชม0023.05", ["clerk"])
    assert got.roles == ((DISTRICT, "clerk"), (LAO, "admin"), (LAO, "clerk"), (LAO, "endorser"))


def test_roles_taken_back_go_in_that_office_only(reg):
    _clerk(reg, roles=("clerk", "endorser"))
    signers.grant(reg, "somsri", DISTRICT, ["clerk"])
    got = signers.grant(reg, "somsri", LAO, ["clerk", "admin"], revoke=True)
    assert got.roles == ((DISTRICT, "clerk"), (LAO, "endorser"))
    again = signers.grant(reg, "somsri", LAO, ["clerk"], revoke=True)
    assert again.roles == got.roles
    assert signers.user(reg, got.id).roles == got.roles


def test_granting_an_unknown_role_is_refused_and_changes_nothing(reg):
    _clerk(reg)
    with pytest.raises(DocengineError) as e:
        signers.grant(reg, "somsri", LAO, ["endorser", "boss", "chief"])
    _refused(e, f"office role 'boss': use {ROLES_HELP}; office role 'chief': use {ROLES_HELP}",
             f"บทบาท 'boss' ไม่ถูกต้อง (ใช้ {ROLES_HELP}); บทบาท 'chief' ไม่ถูกต้อง (ใช้ {ROLES_HELP})")
    with pytest.raises(UnknownAgency):
        signers.grant(reg, "somsri", "ชม 99999", ["endorser"])
    assert signers.users(reg)[0].roles == ((LAO, "clerk"),)


def test_an_unknown_user_id_is_none(reg):
    assert signers.user(reg, 1) is None


def test_users_are_listed_by_login(reg):
    for login in ("somsri", "anan", "boonmee"):
        _clerk(reg, login)
    got = signers.users(reg)
    assert [u.login for u in got] == ["anan", "boonmee", "somsri"]
    assert {u.roles for u in got} == {((LAO, "clerk"),)}


# --- the web desk's log-in --------------------------------------------------------------------------


def test_the_lock_message_tells_until_when_in_bangkok_time():
    e = signers.LoginLocked(T)
    assert isinstance(e, signers.NotAuthorised) and e.until == T
    assert (e.en, e.th) == ("too many wrong passwords: log-in locked until 09:30",
                            "ใส่รหัสผ่านผิดเกิน 5 ครั้ง ระงับการเข้าสู่ระบบถึงเวลา 09:30 น.")


def test_the_right_password_logs_in_with_the_users_roles(reg):
    clerk = _clerk(reg, password=PASSWORD)
    assert signers.log_in(reg, "somsri", PASSWORD, now=T) == clerk
    assert signers.log_in(reg, "somsri", PASSWORD) == clerk  # now by default


def test_an_unknown_login_and_a_wrong_password_are_told_alike(reg):
    _clerk(reg, password=PASSWORD)
    _clerk(reg, "nopass")
    for login, password in (("nobody", PASSWORD), ("somsri", "ผิดผิดผิดผิด"), ("nopass", PASSWORD),
                            ("somsri", ""), ("somsri", None)):
        with pytest.raises(signers.NotAuthorised) as e:
            signers.log_in(reg, login, password, now=T)
        assert type(e.value) is signers.NotAuthorised
        _refused(e, f"login {login!r} or password is wrong", "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง")
    with pytest.raises(signers.NotAuthorised):
        signers.log_in(reg, None, PASSWORD, now=T)


def test_four_wrong_passwords_then_the_right_one_start_the_count_again(reg):
    _clerk(reg, password=PASSWORD)
    _wrong_log_ins(reg, "somsri", 4, T)
    assert signers.log_in(reg, "somsri", PASSWORD, now=T).login == "somsri"
    _wrong_log_ins(reg, "somsri", 4, T)
    assert signers.log_in(reg, "somsri", PASSWORD, now=T).login == "somsri"


def test_a_fifth_wrong_password_in_a_row_locks_the_log_in_for_fifteen_minutes(reg):
    _clerk(reg, password=PASSWORD)
    _wrong_log_ins(reg, "somsri", 4, T)
    with pytest.raises(signers.LoginLocked) as e:
        signers.log_in(reg, "somsri", "ผิดผิดผิดผิด", now=T)
    assert e.value.until == T + timedelta(minutes=15)
    _refused(e, "too many wrong passwords: log-in locked until 09:45",
             "ใส่รหัสผ่านผิดเกิน 5 ครั้ง ระงับการเข้าสู่ระบบถึงเวลา 09:45 น.")
    just_before = T + timedelta(minutes=15, seconds=-1)
    for password in (PASSWORD, "ผิดผิดผิดผิด"):
        with pytest.raises(signers.LoginLocked) as e:
            signers.log_in(reg, "somsri", password, now=just_before)
        assert e.value.until == T + timedelta(minutes=15)
    assert signers.log_in(reg, "somsri", PASSWORD, now=T + timedelta(minutes=15)).login == "somsri"


def test_after_a_lock_has_ended_wrong_passwords_count_from_nought(reg):
    _clerk(reg, password=PASSWORD)
    _wrong_log_ins(reg, "somsri", 4, T)
    with pytest.raises(signers.LoginLocked):
        signers.log_in(reg, "somsri", "ผิดผิดผิดผิด", now=T)
    later = T + timedelta(minutes=16)
    _wrong_log_ins(reg, "somsri", 4, later)
    with pytest.raises(signers.LoginLocked) as e:
        signers.log_in(reg, "somsri", "ผิดผิดผิดผิด", now=later)
    assert e.value.until == later + timedelta(minutes=15)


# --- the signer's PIN ----------------------------------------------------------------------------


def test_the_right_pin_authenticates_the_signer(reg):
    mayor = _mayor(reg, office_roles=["signer"], agency=LAO)
    got = signers.authenticate(reg, "somchai", PIN)
    assert (got.id, got.login, got.name, got.position, got.role, got.active) == (
        mayor.id, "somchai", "นายสมชาย ใจดี", "นายกเทศมนตรีตำบลสันทราย", "signer", True)


@pytest.mark.parametrize("login, pin", [("somchai", "0000"), ("somchai", ""), ("somchai", None), ("nobody", PIN)])
def test_a_wrong_pin_or_login_is_not_authorised(reg, login, pin):
    _mayor(reg)
    with pytest.raises(signers.NotAuthorised) as e:
        signers.authenticate(reg, login, pin)
    _refused(e, f"login {login!r} or PIN is wrong", f"ชื่อผู้ใช้ {login!r} หรือรหัส PIN ไม่ถูกต้อง")


def test_a_pin_is_checked_against_the_role_asked_for(reg):
    _mayor(reg)
    with pytest.raises(signers.NotAuthorised) as e:
        signers.authenticate(reg, "somchai", PIN, role="clerk")
    _refused(e, "somchai has the role signer, not clerk", "somchai ไม่มีสิทธิ์ลงนาม (บทบาท signer)")
    signers.add_user(reg, "kanda", name="นางกานดา", position="เจ้าหน้าที่", role="clerk", pin="1357")
    assert signers.authenticate(reg, "kanda", "1357", role="clerk").role == "clerk"
    with pytest.raises(signers.NotAuthorised) as e:
        signers.authenticate(reg, "kanda", "1357")
    _refused(e, "kanda has the role clerk, not signer", "kanda ไม่มีสิทธิ์ลงนาม (บทบาท clerk)")


# --- signatures -------------------------------------------------------------------------------------


def _letter(reg, tmp_path, day):
    pdf = tmp_path / f"letter-{day}.pdf"
    pdf.write_bytes(f"letter {day}".encode())
    alloc = reg.allocate(DISTRICT, "normal", 2567, letter_date=date(2024, 1, day))
    return reg.issue(alloc, subject="ประชาสัมพันธ์", recipients="ทต.สันทราย", files=[pdf])


def test_a_recorded_signature_keeps_what_was_signed(reg, tmp_path):
    mayor = _mayor(reg)
    letter = _letter(reg, tmp_path, 5)
    got = signers.record_signature(reg, kind="typed", signer="นายสมชาย ใจดี", sha256="a" * 64, status="approved",
                                   letter_id=letter.id, user_id=mayor.id, signed_at=T, path="/x/letter.pdf",
                                   detail={"pin": "checked"})
    assert got.to_dict() == {"id": got.id, "kind": "typed", "signer": "นายสมชาย ใจดี", "signed_at": T.isoformat(),
                             "sha256": "a" * 64, "status": "approved", "letter_id": letter.id, "receipt_id": None,
                             "path": "/x/letter.pdf", "detail": {"pin": "checked"}}
    assert signers.signatures(reg) == [got]


def test_a_signature_without_a_time_or_detail_says_so(reg):
    got = signers.record_signature(reg, kind="received", signer="อำเภอฝาง", sha256="b" * 64, status="unsigned")
    assert (got.signed_at, got.detail, got.letter_id, got.receipt_id, got.path) == (None, {}, None, None, None)
    assert got.to_dict()["signed_at"] is None


def test_signatures_are_listed_by_id_for_a_letter_or_a_receipt(reg, tmp_path):
    one, two = _letter(reg, tmp_path, 5), _letter(reg, tmp_path, 6)
    receipt = reg.receive(LAO, letter_id=one.id, received_at=datetime(2024, 1, 8, 9, 0))
    a = signers.record_signature(reg, kind="typed", signer="ก", sha256="1" * 64, status="approved", letter_id=one.id)
    b = signers.record_signature(reg, kind="pades", signer="ข", sha256="2" * 64, status="valid", letter_id=two.id)
    c = signers.record_signature(reg, kind="received", signer="ค", sha256="3" * 64, status="valid",
                                 receipt_id=receipt.id)
    d = signers.record_signature(reg, kind="pades", signer="ง", sha256="4" * 64, status="invalid",
                                 letter_id=one.id, receipt_id=receipt.id)
    assert [x.id for x in signers.signatures(reg)] == [a.id, b.id, c.id, d.id]
    assert [x.id for x in signers.signatures(reg, letter_id=one.id)] == [a.id, d.id]
    assert [x.id for x in signers.signatures(reg, receipt_id=receipt.id)] == [c.id, d.id]
    assert [x.id for x in signers.signatures(reg, letter_id=one.id, receipt_id=receipt.id)] == [d.id]
    assert [x.sha256 for x in signers.signatures(reg, letter_id=two.id)] == ["2" * 64]


def test_the_offices_signer_role_is_only_for_a_signer_with_a_pin(reg):
    with pytest.raises(DocengineError) as e:
        signers.add_user(reg, "kanda", name="นางกานดา ใจดี", position="เจ้าหน้าที่ธุรการ", role="clerk",
                         office_roles=["clerk", "signer"], agency=LAO)
    assert e.value.en == "kanda is not a signer (no PIN to sign with): the office's signer role is for signers"
    assert e.value.th == "kanda ไม่ใช่ผู้ลงนาม (ไม่มีรหัส PIN) จึงให้บทบาทผู้ลงนามของหน่วยงานไม่ได้"
    signers.add_user(reg, "kanda", name="นางกานดา ใจดี", position="เจ้าหน้าที่ธุรการ", role="clerk",
                     office_roles=["clerk"], agency=LAO)
    with pytest.raises(DocengineError) as e:
        signers.grant(reg, "kanda", LAO, ["endorser", "signer"])
    assert e.value.th == "kanda ไม่ใช่ผู้ลงนาม (ไม่มีรหัส PIN) จึงให้บทบาทผู้ลงนามของหน่วยงานไม่ได้"
    assert [u.roles for u in signers.users(reg)] == [((LAO, "clerk"),)]  # nothing granted
    assert signers.grant(reg, "kanda", LAO, ["signer"], revoke=True).roles == ((LAO, "clerk"),)  # revoking is fine
