"""Letters sent for signature (เสนอลงนาม, docengine.register.sign_requests), in process: who may be
asked, the request a clerk makes and makes again, the signer's approval with a PIN (and the lock
after five wrong PINs), sending back, numbering once, the urgency order and the office's work
lists (letters to receive from the parent office, receipts to endorse)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from docengine.errors import DocengineError
from docengine.register import open_register, signers
from docengine.register import sign_requests as sr
from docengine.sign.typed import Approval
from docengine.register.db import write_session
from docengine.register.tables import UserRole

DISTRICT, LAO, PROVINCE = "ชม 0023.05", "ชม 52101", "ชม 0023.3"
PIN, OTHER_PIN = "2567", "9876"
AT = datetime(2024, 1, 8, 2, 30, tzinfo=timezone.utc)
MAYOR = ("somchai", "นายสมชาย ใจดี", "นายกเทศมนตรีตำบลสันทราย")


def _signer(reg, login=MAYOR[0], name=MAYOR[1], position=MAYOR[2], *, agency=LAO, pin=PIN, role="signer",
            password=None):
    return signers.add_user(reg, login, name=name, position=position, pin=pin, role=role,
                            office_roles=["signer"], agency=agency, password=password)


def _clerk(reg, login="somsri", agency=LAO):
    return signers.add_user(reg, login, name="นางสาวสมศรี ใจงาม", position="เจ้าหน้าที่ธุรการ", role="clerk",
                            office_roles=["clerk"], agency=agency)


def _ask(reg, signer, clerk, agency=LAO, **data):
    data = {"subject": "ขอเชิญประชุม", **data}
    return sr.request_signature(reg, agency, "letters/external", data, signer_id=signer.id, requested_by=clerk.id)


def _wrong(exc_info, en, th):
    assert (exc_info.value.en, exc_info.value.th) == (en, th)


def _issue(reg, tmp_path, agency, recipients, day=5, subject="ประชาสัมพันธ์ทางรัฐ"):
    when = date(2024, 1, day)
    pdf = tmp_path / f"letter-{agency.replace(' ', '')}-{day}-{len(recipients)}.pdf"
    pdf.write_bytes(f"{agency} {day} {recipients}".encode())
    alloc = reg.allocate(agency, "normal", 2567, letter_date=when)
    return reg.issue(alloc, subject=subject, recipients=recipients, files=[pdf])


class _Frozen(datetime):
    """sign_requests' clock stopped at AT (the lock's end is then exact)."""

    @classmethod
    def now(cls, tz=None):
        return AT if tz else AT.replace(tzinfo=None)


# --- who may sign ------------------------------------------------------------------------


def test_the_signers_of_an_office_are_its_active_signers_by_name(reg):
    b = _signer(reg, "b", name="นายบุญมี ดีงาม", position="รองนายกเทศมนตรี")
    a = _signer(reg, "a", name="นายกมล ใจดี", position="นายกเทศมนตรีตำบลสันทราย")
    _signer(reg, "c", name="นายขจร อื่น", position="ปลัดอำเภอ", agency=DISTRICT)
    _signer(reg, "d", name="นายจรัญ พักงาน", position="รองนายกเทศมนตรี")
    signers.set_active(reg, "d", False)
    _clerk(reg)
    assert sr.signers_of(reg, LAO) == [(a.id, "a", "นายกมล ใจดี", "นายกเทศมนตรีตำบลสันทราย"),
                                       (b.id, "b", "นายบุญมี ดีงาม", "รองนายกเทศมนตรี")]
    assert [s[1] for s in sr.signers_of(reg, DISTRICT)] == ["c"]


# --- asking for a signature ----------------------------------------------------------------


def test_a_request_keeps_the_letter_data_with_dates_as_iso_and_waits(reg):
    mayor, clerk = _signer(reg), _clerk(reg)
    data = {"subject": "ขอเชิญประชุม", "speed": "ด่วน", "secrecy": "ลับ", "date": date(2024, 1, 10),
            "meeting": {"at": datetime(2024, 1, 20, 9, 0), "rooms": (date(2024, 1, 21), "ห้อง 1")},
            "body": ["ย่อหน้า"], "copies": 2}
    got = sr.request_signature(reg, LAO, "letters/external", data, signer_id=mayor.id, requested_by=clerk.id)
    assert got.data == {"subject": "ขอเชิญประชุม", "speed": "ด่วน", "secrecy": "ลับ", "date": "2024-01-10",
                        "meeting": {"at": "2024-01-20T09:00:00", "rooms": ["2024-01-21", "ห้อง 1"]},
                        "body": ["ย่อหน้า"], "copies": 2}
    assert (got.agency_code, got.set_name, got.subject, got.speed, got.secrecy) == (
        LAO, "letters/external", "ขอเชิญประชุม", "ด่วน", "ลับ")
    assert (got.signer_id, got.signer_login, got.signer_name, got.requested_by) == (
        mayor.id, "somchai", "นายสมชาย ใจดี", clerk.id)
    assert (got.status, got.approved_at, got.note, got.letter_id) == ("waiting", None, None, None)
    assert isinstance(got.created_at, datetime)
    assert sr.get_request(reg, got.id) == got


def test_a_request_is_made_when_the_clock_says(reg, monkeypatch):
    mayor, clerk = _signer(reg), _clerk(reg)
    monkeypatch.setattr(sr, "datetime", _Frozen)
    assert _ask(reg, mayor, clerk).created_at == AT


def test_an_empty_speed_and_secrecy_are_stored_as_none_and_a_missing_subject_too(reg):
    mayor, clerk = _signer(reg), _clerk(reg)
    got = sr.request_signature(reg, LAO, "letters/external", {"speed": "", "secrecy": ""},
                               signer_id=mayor.id, requested_by=clerk.id)
    assert (got.subject, got.speed, got.secrecy) == (None, None, None)
    assert sr.get_request(reg, got.id).speed is None


def test_a_signer_of_another_office_cannot_be_asked(reg):
    other, clerk = _signer(reg, "c", agency=DISTRICT), _clerk(reg)
    with pytest.raises(DocengineError) as e:
        _ask(reg, other, clerk)
    _wrong(e, "choose a signer of this office", "กรุณาเลือกผู้ลงนามของหน่วยงานนี้")
    assert sr.requests(reg, LAO) == []


def test_a_clerk_without_the_signer_role_cannot_be_asked(reg):
    clerk = _clerk(reg)
    with pytest.raises(DocengineError) as e:
        _ask(reg, clerk, clerk)
    _wrong(e, "choose a signer of this office", "กรุณาเลือกผู้ลงนามของหน่วยงานนี้")


def test_the_same_token_sent_again_gives_the_request_it_made(reg):
    mayor, clerk = _signer(reg), _clerk(reg)
    first = sr.request_signature(reg, LAO, "letters/external", {"subject": "ก"}, signer_id=mayor.id,
                                 requested_by=clerk.id, token="t-1")
    again = sr.request_signature(reg, LAO, "letters/external", {"subject": "ข"}, signer_id=mayor.id,
                                 requested_by=clerk.id, token="t-1")
    other = sr.request_signature(reg, LAO, "letters/external", {"subject": "ค"}, signer_id=mayor.id,
                                 requested_by=clerk.id, token="t-2")
    assert again == first and again.subject == "ก"
    assert [(r.id, r.subject) for r in sr.requests(reg, LAO)] == [(first.id, "ก"), (other.id, "ค")]


def test_without_a_token_each_request_is_a_new_one(reg):
    mayor, clerk = _signer(reg), _clerk(reg)
    a, b = _ask(reg, mayor, clerk, subject="ก"), _ask(reg, mayor, clerk, subject="ข")
    assert a.id != b.id
    assert [r.subject for r in sr.requests(reg, LAO)] == ["ก", "ข"]


def test_a_corrected_letter_replaces_the_one_sent_back_which_becomes_redrafted(reg):
    mayor, clerk = _signer(reg), _clerk(reg)
    old = _ask(reg, mayor, clerk, subject="ผิด")
    sr.return_request(reg, old.id, "somchai", "แก้ชื่อเรื่อง")
    new = sr.request_signature(reg, LAO, "letters/external", {"subject": "ถูก"}, signer_id=mayor.id,
                               requested_by=clerk.id, replaces=old.id)
    assert (new.status, new.subject) == ("waiting", "ถูก")
    assert sr.get_request(reg, old.id).status == "redrafted"
    assert [r.id for r in sr.requests(reg, LAO, status="waiting")] == [new.id]


def _refused_replacement(reg, old_id, clerk, signer, agency=LAO):
    with pytest.raises(DocengineError) as e:
        sr.request_signature(reg, agency, "letters/external", {"subject": "ใหม่"}, signer_id=signer.id,
                             requested_by=clerk.id, replaces=old_id)
    _wrong(e, f"request {old_id} is not a letter sent back to you", "ไม่ใช่หนังสือที่ถูกส่งคืนให้ท่านแก้ไข")


def test_only_a_returned_request_can_be_replaced(reg):
    mayor, clerk = _signer(reg), _clerk(reg)
    waiting = _ask(reg, mayor, clerk)
    _refused_replacement(reg, waiting.id, clerk, mayor)
    _refused_replacement(reg, 99, clerk, mayor)
    assert [(r.id, r.status) for r in sr.requests(reg, LAO)] == [(waiting.id, "waiting")]


def test_a_request_returned_to_another_clerk_cannot_be_replaced(reg):
    mayor, clerk, other = _signer(reg), _clerk(reg), _clerk(reg, "kanda")
    old = _ask(reg, mayor, clerk)
    sr.return_request(reg, old.id, "somchai", "แก้")
    _refused_replacement(reg, old.id, other, mayor)
    assert [(r.id, r.status) for r in sr.requests(reg, LAO)] == [(old.id, "returned")]


def test_a_request_returned_in_another_office_cannot_be_replaced(reg):
    mayor, chief = _signer(reg), _signer(reg, "c", agency=DISTRICT)
    clerk = _clerk(reg)
    signers.grant(reg, "somsri", DISTRICT, ["clerk"])
    old = _ask(reg, chief, clerk, agency=DISTRICT)
    sr.return_request(reg, old.id, "c", "แก้")
    _refused_replacement(reg, old.id, clerk, mayor, agency=LAO)
    assert sr.get_request(reg, old.id).status == "returned"
    assert sr.requests(reg, LAO) == []


# --- reading requests ----------------------------------------------------------------------


def test_an_unknown_request_is_none(reg):
    assert sr.get_request(reg, 1) is None


def test_requests_are_listed_by_id_filtered_by_status_and_signer_in_one_office(reg):
    mayor, deputy = _signer(reg), _signer(reg, "deputy", name="นายรอง ใจดี", pin=OTHER_PIN)
    chief, clerk = _signer(reg, "c", agency=DISTRICT), _clerk(reg)
    signers.grant(reg, "somsri", DISTRICT, ["clerk"])
    r1 = _ask(reg, mayor, clerk, subject="1")
    r2 = _ask(reg, deputy, clerk, subject="2")
    r3 = _ask(reg, mayor, clerk, subject="3")
    _ask(reg, chief, clerk, agency=DISTRICT, subject="4")
    sr.return_request(reg, r3.id, "somchai", "แก้")
    assert [r.id for r in sr.requests(reg, LAO)] == [r1.id, r2.id, r3.id]
    assert [r.id for r in sr.requests(reg, LAO, status="waiting")] == [r1.id, r2.id]
    assert [r.id for r in sr.requests(reg, LAO, signer_id=mayor.id)] == [r1.id, r3.id]
    assert [r.id for r in sr.requests(reg, LAO, status="waiting", signer_id=mayor.id)] == [r1.id]
    assert [r.subject for r in sr.requests(reg, DISTRICT)] == ["4"]


# --- approving -------------------------------------------------------------------------------


def test_the_signer_approves_with_their_pin_at_the_time_given(reg):
    mayor, clerk = _signer(reg), _clerk(reg)
    req = _ask(reg, mayor, clerk)
    got = sr.approve_request(reg, req.id, "somchai", PIN, at=AT)
    assert (got.id, got.status, got.approved_at) == (req.id, "approved", AT)
    assert sr.get_request(reg, req.id).approved_at == AT


def test_an_approval_without_a_time_is_dated_now(reg):
    mayor, clerk = _signer(reg), _clerk(reg)
    got = sr.approve_request(reg, _ask(reg, mayor, clerk).id, "somchai", PIN)
    assert got.status == "approved" and isinstance(got.approved_at, datetime)


def test_a_wrong_pin_is_refused_and_the_letter_still_waits(reg):
    mayor, clerk = _signer(reg), _clerk(reg)
    req = _ask(reg, mayor, clerk)
    with pytest.raises(signers.NotAuthorised) as e:
        sr.approve_request(reg, req.id, "somchai", OTHER_PIN)
    assert not isinstance(e.value, signers.LoginLocked)
    _wrong(e, "login 'somchai' or PIN is wrong", "ชื่อผู้ใช้ 'somchai' หรือรหัส PIN ไม่ถูกต้อง")
    assert sr.get_request(reg, req.id).status == "waiting"


def test_an_unknown_signer_is_refused_as_a_wrong_pin(reg):
    mayor, clerk = _signer(reg), _clerk(reg)
    req = _ask(reg, mayor, clerk)
    with pytest.raises(signers.NotAuthorised) as e:
        sr.approve_request(reg, req.id, "nobody", PIN)
    _wrong(e, "login 'nobody' or PIN is wrong", "ชื่อผู้ใช้ 'nobody' หรือรหัส PIN ไม่ถูกต้อง")


def test_four_wrong_pins_do_not_lock_the_signer(reg):
    mayor, clerk = _signer(reg), _clerk(reg)
    req = _ask(reg, mayor, clerk)
    for _ in range(4):
        with pytest.raises(signers.NotAuthorised) as e:
            sr.approve_request(reg, req.id, "somchai", OTHER_PIN)
        assert not isinstance(e.value, signers.LoginLocked)
    assert sr.approve_request(reg, req.id, "somchai", PIN, at=AT).status == "approved"


def test_a_fifth_wrong_pin_in_a_row_locks_the_signer_for_fifteen_minutes(reg, monkeypatch):
    mayor, clerk = _signer(reg, password="รหัสผ่านยาวพอ1"), _clerk(reg)
    req = _ask(reg, mayor, clerk)
    monkeypatch.setattr(sr, "datetime", _Frozen)
    for _ in range(4):
        with pytest.raises(signers.NotAuthorised):
            sr.approve_request(reg, req.id, "somchai", OTHER_PIN)
    with pytest.raises(signers.LoginLocked) as e:
        sr.approve_request(reg, req.id, "somchai", OTHER_PIN)
    assert e.value.until == AT + timedelta(minutes=15)
    _wrong(e, "too many wrong passwords: log-in locked until 09:45",
           "ใส่รหัสผ่านผิดเกิน 5 ครั้ง ระงับการเข้าสู่ระบบถึงเวลา 09:45 น.")
    with pytest.raises(signers.LoginLocked):  # the right PIN does not help now
        sr.approve_request(reg, req.id, "somchai", PIN)
    assert sr.get_request(reg, req.id).status == "waiting"
    with pytest.raises(signers.LoginLocked):  # nor may they log in to the desk
        signers.log_in(reg, "somchai", "รหัสผ่านยาวพอ1", now=AT + timedelta(minutes=15, seconds=-1))
    assert signers.log_in(reg, "somchai", "รหัสผ่านยาวพอ1", now=AT + timedelta(minutes=15)).login == "somchai"


def test_a_lock_that_has_ended_lets_the_signer_approve(reg, monkeypatch):
    mayor, clerk = _signer(reg), _clerk(reg)
    req = _ask(reg, mayor, clerk)
    monkeypatch.setattr(sr, "datetime", _Frozen)
    for _ in range(5):
        with pytest.raises(signers.NotAuthorised):
            sr.approve_request(reg, req.id, "somchai", OTHER_PIN)
    monkeypatch.setattr(sr, "datetime", datetime)  # the real clock: years after AT
    for _ in range(4):  # the count starts again from nought
        with pytest.raises(signers.NotAuthorised) as e:
            sr.approve_request(reg, req.id, "somchai", OTHER_PIN)
        assert not isinstance(e.value, signers.LoginLocked)
    assert sr.approve_request(reg, req.id, "somchai", PIN, at=AT).status == "approved"


def test_after_a_log_in_lock_has_ended_wrong_pins_count_from_nought(reg):
    mayor, clerk = _signer(reg, password="รหัสผ่านยาวพอ1"), _clerk(reg)
    for _ in range(4):
        with pytest.raises(signers.NotAuthorised):
            signers.log_in(reg, "somchai", "ผิดผิดผิดผิด", now=AT)
    with pytest.raises(signers.LoginLocked):
        signers.log_in(reg, "somchai", "ผิดผิดผิดผิด", now=AT)
    req = _ask(reg, mayor, clerk)  # the lock (AT + 15 minutes) is long over now
    for _ in range(4):
        with pytest.raises(signers.NotAuthorised) as e:
            sr.approve_request(reg, req.id, "somchai", OTHER_PIN)
        assert not isinstance(e.value, signers.LoginLocked)
    assert sr.approve_request(reg, req.id, "somchai", PIN, at=AT).status == "approved"


def test_wrong_pins_and_wrong_passwords_count_together(reg):
    mayor, clerk = _signer(reg, password="รหัสผ่านยาวพอ1"), _clerk(reg)
    req = _ask(reg, mayor, clerk)
    for _ in range(4):
        with pytest.raises(signers.NotAuthorised):
            sr.approve_request(reg, req.id, "somchai", OTHER_PIN)
    with pytest.raises(signers.LoginLocked):
        signers.log_in(reg, "somchai", "ผิดผิดผิดผิด")


def test_a_clerk_given_the_signer_office_role_is_not_offered_as_a_signer_and_cannot_approve(reg):
    # A clerk (no PIN to sign with) holding the office's signer role: refused by add_user and grant today,
    # but a register from before that rule may hold one.
    kanda = signers.add_user(reg, "kanda", name="นางกานดา ใจดี", position="เจ้าหน้าที่ธุรการ", role="clerk", pin=PIN,
                             office_roles=["clerk"], agency=LAO)
    with write_session(reg.engine) as s:
        s.add(UserRole(user_id=kanda.id, agency_code=LAO, role="signer", created_at=AT))
    mayor, clerk = _signer(reg), _clerk(reg)
    assert [u[1] for u in sr.signers_of(reg, LAO)] == ["somchai"]
    with pytest.raises(DocengineError) as e:
        sr.request_signature(reg, LAO, "letters/external", {"subject": "s"}, signer_id=kanda.id, requested_by=clerk.id)
    _wrong(e, "choose a signer of this office", "กรุณาเลือกผู้ลงนามของหน่วยงานนี้")
    req = _ask(reg, mayor, clerk)
    with pytest.raises(signers.NotAuthorised) as e:
        sr.approve_request(reg, req.id, "kanda", PIN)
    _wrong(e, "kanda has the role clerk, not signer", "kanda ไม่มีสิทธิ์ลงนาม (บทบาท clerk)")
    assert sr.get_request(reg, req.id).status == "waiting"


def test_the_right_pin_ends_a_run_of_wrong_ones(reg):
    mayor, clerk = _signer(reg), _clerk(reg)
    first, second = _ask(reg, mayor, clerk), _ask(reg, mayor, clerk)
    for _ in range(4):
        with pytest.raises(signers.NotAuthorised):
            sr.approve_request(reg, first.id, "somchai", OTHER_PIN)
    assert sr.approve_request(reg, first.id, "somchai", PIN, at=AT).status == "approved"
    for _ in range(4):  # four more wrong PINs: not the fifth in a row
        with pytest.raises(signers.NotAuthorised) as e:
            sr.approve_request(reg, second.id, "somchai", OTHER_PIN)
        assert not isinstance(e.value, signers.LoginLocked)
    assert sr.approve_request(reg, second.id, "somchai", PIN, at=AT).status == "approved"


def test_a_signer_cannot_approve_a_letter_waiting_for_another(reg):
    mayor = _signer(reg)
    _signer(reg, "deputy", name="นายรอง ใจดี", pin=OTHER_PIN)
    req = _ask(reg, mayor, _clerk(reg))
    with pytest.raises(DocengineError) as e:
        sr.approve_request(reg, req.id, "deputy", OTHER_PIN)
    _wrong(e, f"letter {req.id} waits for somchai's signature", "หนังสือนี้รอการลงนามของ นายสมชาย ใจดี")
    assert sr.get_request(reg, req.id).status == "waiting"


def test_an_unknown_letter_cannot_be_approved(reg):
    _signer(reg)
    with pytest.raises(DocengineError) as e:
        sr.approve_request(reg, 99, "somchai", PIN)
    _wrong(e, "no letter 99 waiting for signature", "ไม่มีหนังสือรอลงนามนี้")


def test_a_letter_approved_once_is_not_waiting_any_more(reg):
    mayor, clerk = _signer(reg), _clerk(reg)
    req = _ask(reg, mayor, clerk)
    sr.approve_request(reg, req.id, "somchai", PIN, at=AT)
    with pytest.raises(DocengineError) as e:
        sr.approve_request(reg, req.id, "somchai", PIN, at=AT + timedelta(hours=1))
    _wrong(e, f"letter {req.id} is approved, not waiting for signature", "หนังสือนี้ไม่ได้รอลงนามแล้ว")
    assert sr.get_request(reg, req.id).approved_at == AT


def test_the_approval_names_the_signer_and_the_time_of_approval(reg):
    mayor, clerk = _signer(reg), _clerk(reg)
    req = sr.approve_request(reg, _ask(reg, mayor, clerk).id, "somchai", PIN, at=AT)
    assert sr.approval_of(reg, req) == Approval(mayor.id, "นายสมชาย ใจดี", "นายกเทศมนตรีตำบลสันทราย", AT)


def test_an_approval_prints_each_line_of_the_signers_position(reg):
    acting = _signer(reg, "acting", name="นายรักษา ตัวอย่าง", position="ปลัดเทศบาล รักษาราชการแทน\n \nนายกเทศมนตรี")
    req = sr.approve_request(reg, _ask(reg, acting, _clerk(reg)).id, "acting", PIN, at=AT)
    assert sr.approval_of(reg, req).signer() == {"name": "นายรักษา ตัวอย่าง",
                                                 "position": ["ปลัดเทศบาล รักษาราชการแทน", "นายกเทศมนตรี"]}


# --- sending back ------------------------------------------------------------------------------


@pytest.mark.parametrize("note", ["", "   ", None])
def test_a_letter_cannot_be_sent_back_without_saying_what_to_correct(reg, note):
    mayor, clerk = _signer(reg), _clerk(reg)
    req = _ask(reg, mayor, clerk)
    with pytest.raises(DocengineError) as e:
        sr.return_request(reg, req.id, "somchai", note)
    _wrong(e, "say what is to be corrected", "กรุณาระบุสิ่งที่ต้องแก้ไข")
    assert sr.get_request(reg, req.id).status == "waiting"


def test_a_letter_sent_back_keeps_the_note_without_its_spaces(reg):
    mayor, clerk = _signer(reg), _clerk(reg)
    req = _ask(reg, mayor, clerk)
    got = sr.return_request(reg, req.id, "somchai", "  แก้ชื่อเรื่อง \n")
    assert (got.status, got.note, got.approved_at) == ("returned", "แก้ชื่อเรื่อง", None)
    assert sr.get_request(reg, req.id).note == "แก้ชื่อเรื่อง"


def test_only_its_signer_sends_a_waiting_letter_back(reg):
    mayor, clerk = _signer(reg), _clerk(reg)
    req = _ask(reg, mayor, clerk)
    with pytest.raises(DocengineError) as e:
        sr.return_request(reg, req.id, "somsri", "แก้")
    _wrong(e, f"letter {req.id} waits for somchai's signature", "หนังสือนี้รอการลงนามของ นายสมชาย ใจดี")
    sr.return_request(reg, req.id, "somchai", "แก้")
    with pytest.raises(DocengineError) as e:
        sr.return_request(reg, req.id, "somchai", "แก้อีก")
    _wrong(e, f"letter {req.id} is returned, not waiting for signature", "หนังสือนี้ไม่ได้รอลงนามแล้ว")
    assert sr.get_request(reg, req.id).note == "แก้"


# --- numbering once ------------------------------------------------------------------------------


def test_an_approved_letter_is_claimed_for_numbering_once(reg):
    mayor, clerk = _signer(reg), _clerk(reg)
    req = _ask(reg, mayor, clerk)
    assert sr.claim_issue(reg, req.id) is False  # still waiting
    assert sr.get_request(reg, req.id).status == "waiting"
    sr.approve_request(reg, req.id, "somchai", PIN, at=AT)
    assert sr.claim_issue(reg, req.id) is True
    assert sr.get_request(reg, req.id).status == "issuing"
    assert sr.claim_issue(reg, req.id) is False
    assert sr.claim_issue(reg, 99) is False


def test_a_numbered_letter_is_issued_and_a_failed_numbering_is_approved_again(reg, tmp_path):
    mayor, clerk = _signer(reg), _clerk(reg)
    a, b = _ask(reg, mayor, clerk, subject="ก"), _ask(reg, mayor, clerk, subject="ข")
    for r in (a, b):
        sr.approve_request(reg, r.id, "somchai", PIN, at=AT)
        assert sr.claim_issue(reg, r.id)
    letter = _issue(reg, tmp_path, LAO, "นายอำเภอฝาง", day=10)
    done = sr.issued(reg, a.id, letter.id)
    assert (done.status, done.letter_id) == ("issued", letter.id)
    again = sr.issued(reg, b.id, None)
    assert (again.status, again.letter_id, again.approved_at) == ("approved", None, AT)
    assert sr.claim_issue(reg, b.id) is True
    assert [(r.status, r.letter_id) for r in sr.requests(reg, LAO)] == [("issued", letter.id), ("issuing", None)]


# --- urgency -------------------------------------------------------------------------------------


def test_urgency_orders_the_speeds_of_the_letter_schema():
    assert [sr.urgency(s) for s in (None, "", "ปกติ", "ด่วน", "ด่วนมาก", "ด่วนที่สุด")] == [0, 0, 0, 1, 2, 3]


# --- the office's work lists -----------------------------------------------------------------------


def test_letters_of_the_parent_office_addressed_to_the_lao_are_to_be_received(reg, tmp_path):
    by_name = _issue(reg, tmp_path, DISTRICT, "นายก เทศบาลตำบล สันทราย", day=3)  # spaces do not matter
    by_short = _issue(reg, tmp_path, DISTRICT, "ทต.สันทราย", day=4)
    by_head = _issue(reg, tmp_path, DISTRICT, "นายกเทศมนตรีตำบลสันทราย", day=5)
    _issue(reg, tmp_path, DISTRICT, "นายกองค์การบริหารส่วนตำบลแม่งอน", day=6)  # someone else
    _issue(reg, tmp_path, PROVINCE, "นายกเทศมนตรีตำบลสันทราย", day=7)  # not from its parent
    reg.allocate(DISTRICT, "normal", 2567, letter_date=date(2024, 1, 8))  # reserved, not issued
    cancelled = _issue(reg, tmp_path, DISTRICT, "ทต.สันทราย", day=8)
    reg.cancel(cancelled.id, "พิมพ์ผิด")
    got = _issue(reg, tmp_path, DISTRICT, "ทต.สันทราย ทต.แม่งอน", day=9)
    elsewhere = _issue(reg, tmp_path, DISTRICT, "เทศบาลตำบลสันทราย", day=10)
    reg.receive(LAO, letter_id=got.id, received_at=datetime(2024, 1, 11, 9, 0))
    reg.receive(PROVINCE, letter_id=elsewhere.id, received_at=datetime(2024, 1, 11, 9, 0))  # another office's
    assert [x.id for x in sr.to_receive(reg, LAO)] == [by_name.id, by_short.id, by_head.id, elsewhere.id]
    assert sr.to_receive(reg, LAO)[0].recipients == "นายก เทศบาลตำบล สันทราย"


def test_the_district_receives_letters_addressed_to_its_issuer_name(reg, tmp_path):
    letter = _issue(reg, tmp_path, PROVINCE, "อำเภอฝาง", day=3)
    _issue(reg, tmp_path, PROVINCE, "เทศบาลตำบลสันทราย", day=4)
    assert [x.id for x in sr.to_receive(reg, DISTRICT)] == [letter.id]


def test_an_office_without_signers_receives_letters_addressed_to_its_names(reg, tmp_path):
    pdf = tmp_path / "dla.pdf"
    pdf.write_bytes(b"dla")
    alloc = reg.allocate("มท 0810", "normal", 2567, letter_date=date(2024, 1, 5))
    letter = reg.issue(alloc, subject="แจ้งเวียน", recipients="สถจ.กระบี่", files=[pdf])
    assert reg.agency("กบ 0023.3").signers == ()
    assert [x.id for x in sr.to_receive(reg, "กบ 0023.3")] == [letter.id]


def test_an_office_without_a_parent_or_unknown_has_nothing_to_receive(reg, tmp_path):
    _issue(reg, tmp_path, DISTRICT, "กระทรวงมหาดไทย", day=3)
    assert sr.to_receive(reg, "มท") == []
    assert sr.to_receive(reg, "ชม 99999") == []


OFFICE = """\
agencies:
  - code: ชม 52102
    name: องค์การบริหารส่วนตำบลแม่งอน
    short_name: ทต.ง
    issuer: แม่
    kind: lao
    parent: ชม 0023.05
    signers:
      - key: acting
        name: นายรักษา ตัวอย่าง
        position: ปลัดองค์การบริหารส่วนตำบล
        capacity: รักษาราชการแทน
        principal: ผู้บริหารท้องถิ่นแม่งอน
      - key: deputy
        name: นายรอง ตัวอย่าง
        position: รองผู้บริหารท้องถิ่นแม่งอน
  - code: ชม 52103
    name: เทศบาลตำบลแม่สูน
    short_name: ทต.แม่สูน
    kind: lao
    parent: ชม 0023.05
    signers:
      - key: clerk
        name: นายปลัด ตัวอย่าง
        position: ปลัดเทศบาลแม่สูน
      - key: default
        name: นายนายก ตัวอย่าง
        position: นายกเทศมนตรีแม่สูน
"""


def test_a_head_acting_for_another_is_addressed_by_the_principals_title(tmp_path):
    office = tmp_path / "office.yaml"
    office.write_text(OFFICE, encoding="utf-8")
    reg = open_register(f"sqlite:///{tmp_path / 'o.sqlite3'}", office=office, samples=True)
    try:
        # no signer is keyed "default": the first is the head, and acts for ผู้บริหารท้องถิ่นแม่งอน
        principal = _issue(reg, tmp_path, DISTRICT, "ผู้บริหารท้องถิ่นแม่งอน", day=3)
        four = _issue(reg, tmp_path, DISTRICT, "ทต.ง", day=4)  # a name of four letters counts
        _issue(reg, tmp_path, DISTRICT, "นายอำเภอแม่อาย", day=5)  # one of three (แม่) does not
        _issue(reg, tmp_path, DISTRICT, "ปลัดองค์การบริหารส่วนตำบล", day=6)  # the acting head's own post
        named = _issue(reg, tmp_path, DISTRICT, "นายกองค์การบริหารส่วนตำบลแม่งอน", day=7)
        assert [x.id for x in sr.to_receive(reg, "ชม 52102")] == [principal.id, four.id, named.id]
        mayor = _issue(reg, tmp_path, DISTRICT, "นายกเทศมนตรีแม่สูน", day=8)  # the default signer heads it
        _issue(reg, tmp_path, DISTRICT, "ปลัดเทศบาลแม่สูน", day=9)
        assert [x.id for x in sr.to_receive(reg, "ชม 52103")] == [mayor.id]
    finally:
        reg.close()


def test_received_letters_without_an_endorsement_are_to_be_endorsed(reg, tmp_path):
    letters = [_issue(reg, tmp_path, DISTRICT, "ทต.สันทราย", day=d) for d in (3, 4, 5)]
    first, second, third = (reg.receive(LAO, letter_id=x.id, received_at=datetime(2024, 1, 8, 9, i))
                            for i, x in enumerate(letters))
    reg.receive(PROVINCE, letter_id=letters[0].id, received_at=datetime(2024, 1, 8, 10, 0))
    reg.endorse(second.id, "นายสมปอง ตัวอย่างการ", "ปลัดเทศบาล", "เพื่อโปรดทราบ", date(2024, 1, 9))
    assert [r.id for r in sr.to_endorse(reg, LAO)] == [first.id, third.id]
    assert sr.to_endorse(reg, LAO)[0].receipt_no == "001/2567"
    assert [r.agency_code for r in sr.to_endorse(reg, PROVINCE)] == [PROVINCE]
