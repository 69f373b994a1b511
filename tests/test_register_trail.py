"""The audit trail, entry by entry (docengine.register.audit): the canonical form that is hashed, what
each change is called, who is named as acting, how the after-flush hook numbers and chains the entries,
what ``verify`` reports for each kind of tampering (the exact Broken fields), ``baseline`` on a register
that has rows but no trail, and ``head``.

Changes are made through ``write_session`` with the register's own tables, as docengine's books do;
tampering is done with plain SQL, as someone with database access would.
"""

from __future__ import annotations

import hashlib
import json
import time
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import text

from docengine.register import audit
from docengine.register.audit import GENESIS, Broken, Verified, baseline, entry_hash, head, verify
from docengine.register.db import read_session, write_session
from docengine.register.tables import (Agency, Counter, Delegation, DocumentFile, Endorsement, Letter, Meta, Receipt,
                                       RegisterUser, Signature, SignRequest, UserRole)

DISTRICT, LAO = "ชม 0023.05", "ชม 52101"
NOW = datetime(2024, 1, 8, 2, 15, tzinfo=timezone.utc)


@pytest.fixture
def bangkok_clock(monkeypatch):
    """The machine's local time is Bangkok's (a naive time must still be read as UTC)."""
    monkeypatch.setenv("TZ", "Asia/Bangkok")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def trail(reg):
    with reg.engine.connect() as conn:
        return conn.execute(text("SELECT seq, at, kind, target, actor, data, prev_hash, hash FROM audit_log "
                                 "ORDER BY seq")).all()


def sql(reg, statement: str, **params) -> None:
    with reg.engine.begin() as conn:
        conn.execute(text(statement), params)


def new_user(login: str = "somsri", **kw) -> RegisterUser:
    values = dict(login=login, name="นางสาวสมศรี ใจดี", position="เจ้าหน้าที่ธุรการ", role="clerk", pin_hash="!",
                  active=True, created_at=NOW, failed_logins=0)
    values.update(kw)
    return RegisterUser(**values)


def user_and_role(reg) -> None:
    """Three entries: the user created, a role granted, the user renamed (each its own transaction)."""
    with write_session(reg.engine) as s:
        s.add(new_user())
    with write_session(reg.engine) as s:
        s.add(UserRole(user_id=1, agency_code=LAO, role="clerk", created_at=NOW))
    with write_session(reg.engine) as s:
        s.get(RegisterUser, 1).name = "นางสาวสมศรี ใจงาม"


# --- the canonical form -------------------------------------------------------------------


def test_the_audited_tables_are_the_books_their_files_signatures_users_delegations_and_sign_requests():
    assert audit.audited_classes() == (Counter, Letter, Receipt, Endorsement, DocumentFile, RegisterUser, Signature,
                                       UserRole, Delegation, SignRequest)


def test_times_are_written_in_utc_dates_as_iso_and_bytes_as_hex():
    bangkok = timezone(timedelta(hours=7))
    assert audit._plain(datetime(2024, 1, 8, 9, 15, tzinfo=bangkok)) == "2024-01-08T02:15:00+00:00"
    assert audit._plain(datetime(2024, 1, 8, 9, 15)) == "2024-01-08T09:15:00+00:00"  # naive is taken as UTC
    assert audit._plain(date(2024, 1, 8)) == "2024-01-08"
    assert audit._plain(b"\x00\xff") == "00ff"
    assert audit._plain(7) == 7 and audit._plain("ก") == "ก" and audit._plain(None) is None


def test_a_naive_time_is_utc_whatever_the_machines_time_zone(bangkok_clock):
    assert audit._plain(datetime(2024, 1, 8, 9, 15)) == "2024-01-08T09:15:00+00:00"
    assert audit._plain(datetime(2024, 1, 8, 9, 15, tzinfo=timezone.utc)) == "2024-01-08T09:15:00+00:00"


def test_the_canonical_json_has_sorted_keys_no_spaces_thai_as_is_and_times_in_utc():
    got = audit.canonical({"z": [1, 2], "a": "กรม", "m": datetime(2024, 1, 8, 2, 15), "d": date(2024, 1, 5)})
    assert got == '{"a":"กรม","d":"2024-01-05","m":"2024-01-08T02:15:00+00:00","z":[1,2]}'


def test_an_entrys_hash_is_sha256_of_the_previous_hash_and_its_canonical_json():
    body = '{"actor":"clerk@desk","at":"2024-01-08T02:15:00+00:00","data":null,"kind":"book.counter",' \
           '"seq":2,"target":"counters:x"}'
    expected = hashlib.sha256(("a" * 64 + body).encode("utf-8")).hexdigest()
    assert entry_hash("a" * 64, 2, "2024-01-08T02:15:00+00:00", "book.counter", "counters:x", "clerk@desk",
                      None) == expected
    assert entry_hash("b" * 64, 2, "2024-01-08T02:15:00+00:00", "book.counter", "counters:x", "clerk@desk",
                      None) != expected


def test_a_target_names_the_table_and_every_part_of_the_key_joined_by_slashes():
    from sqlalchemy import inspect

    assert audit._target(inspect(Counter), (DISTRICT, "normal", 2567)) == "counters:ชม 0023.05/normal/2567"
    assert audit._target(inspect(Letter), (12,)) == "letters:12"


def test_pins_and_passwords_are_logged_as_their_digest_and_nothing_else_is_touched():
    row = {"pin_hash": "scrypt$1", "password_hash": "scrypt$2", "name": "ก", "failed_logins": 0}
    got = audit._masked(RegisterUser, dict(row))
    assert got == {"pin_hash": "sha256:" + hashlib.sha256(b"scrypt$1").hexdigest(),
                   "password_hash": "sha256:" + hashlib.sha256(b"scrypt$2").hexdigest(),
                   "name": "ก", "failed_logins": 0}
    assert audit._masked(RegisterUser, {"pin_hash": "!", "password_hash": None}) == {
        "pin_hash": "sha256:" + hashlib.sha256(b"!").hexdigest(), "password_hash": None}


def test_a_row_snapshot_is_the_stored_row_in_canonical_json_and_none_when_gone(reg):
    with write_session(reg.engine) as s:
        s.add(new_user(pin_hash="scrypt$secret", password_hash="scrypt$pw"))
    with reg.engine.connect() as conn:
        snap = audit.row_snapshot(conn, RegisterUser, (1,))
        gone = audit.row_snapshot(conn, RegisterUser, (2,))
    assert json.loads(snap) == {
        "active": True, "created_at": "2024-01-08T02:15:00+00:00", "failed_logins": 0, "id": 1,
        "locked_until": None, "login": "somsri", "name": "นางสาวสมศรี ใจดี",
        "password_hash": "sha256:" + hashlib.sha256(b"scrypt$pw").hexdigest(),
        "pin_hash": "sha256:" + hashlib.sha256(b"scrypt$secret").hexdigest(),
        "position": "เจ้าหน้าที่ธุรการ", "role": "clerk"}
    assert snap == audit.canonical(json.loads(snap)) and "scrypt" not in snap
    assert gone is None


# --- what a change is called --------------------------------------------------------------


@pytest.mark.parametrize("obj, new, kind", [
    (Letter(status="reserved", owner_pid=4242), True, "number.taken"),
    (Letter(status="reserved", owner_pid=None), True, "number.reserved"),
    (Letter(status="issued"), False, "letter.registered"),
    (Letter(status="issued", parent_id=3), False, "letter.forwarded"),
    (Letter(status="issued", forwards_receipt_id=5), False, "letter.forwarded"),
    (Letter(status="cancelled"), False, "number.cancelled"),
    (Letter(status="failed"), False, "number.failed"),
    (Letter(status="reserved"), False, "letter.updated"),
    (Receipt(), True, "letter.received"),
    (Receipt(), False, "receipt.updated"),
    (Endorsement(), True, "letter.endorsed"),
    (Endorsement(), False, "letter.endorsed"),
    (DocumentFile(), True, "file.recorded"),
    (DocumentFile(), False, "file.updated"),
    (Counter(), True, "book.counter"),
    (Counter(), False, "book.counter"),
    (RegisterUser(), True, "user.created"),
    (RegisterUser(), False, "user.updated"),
    (UserRole(), True, "role.granted"),
    (UserRole(), False, "role.updated"),
    (Signature(kind="typed"), True, "letter.signed"),
    (Signature(kind="pades"), False, "letter.signed"),
    (Signature(kind="received"), True, "signature.checked"),
    (Delegation(), True, "delegation.added"),
    (Delegation(), False, "delegation.changed"),
    (SignRequest(status="waiting"), True, "sign.requested"),
    (SignRequest(status="issuing"), False, "sign.numbering"),
    (SignRequest(status="approved"), False, "sign.approved"),
    (SignRequest(status="returned"), False, "sign.returned"),
    (Agency(), False, "agency.changed"),
    (Meta(), True, "meta.changed"),
])
def test_each_change_is_called_by_what_happened(obj, new, kind):
    assert audit._kind(obj, new, False) == kind


@pytest.mark.parametrize("obj, kind", [
    (Letter(status="issued"), "letters.deleted"), (UserRole(), "user_roles.deleted"),
    (DocumentFile(), "document_files.deleted"), (SignRequest(status="waiting"), "sign_requests.deleted"),
])
def test_a_deleted_row_is_called_its_table_deleted(obj, kind):
    assert audit._kind(obj, False, True) == kind


# --- who acts -----------------------------------------------------------------------------


def test_the_default_actor_is_the_login_at_the_host(monkeypatch):
    monkeypatch.setattr(audit.getpass, "getuser", lambda: "somsri")
    monkeypatch.setattr(audit.socket, "gethostname", lambda: "desk-3")
    assert audit.default_actor() == "somsri@desk-3"


def test_without_a_login_name_the_actor_is_unknown_at_the_host(monkeypatch):
    def no_login():
        raise KeyError("no passwd entry")

    monkeypatch.setattr(audit.getpass, "getuser", no_login)
    monkeypatch.setattr(audit.socket, "gethostname", lambda: "container")
    assert audit.default_actor() == "unknown@container"


def test_acting_as_names_the_actor_inside_the_block_only_and_nests(monkeypatch):
    monkeypatch.setattr(audit.getpass, "getuser", lambda: "somsri")
    monkeypatch.setattr(audit.socket, "gethostname", lambda: "desk-3")
    with audit.acting_as("web:somchai"):
        assert audit.default_actor() == "web:somchai"
        with audit.acting_as("web:admin"):
            assert audit.default_actor() == "web:admin"
        assert audit.default_actor() == "web:somchai"
    assert audit.default_actor() == "somsri@desk-3"
    with audit.acting_as(""):  # an empty name is no name
        assert audit.default_actor() == "somsri@desk-3"


def test_acting_as_is_undone_when_the_block_fails(monkeypatch):
    monkeypatch.setattr(audit.getpass, "getuser", lambda: "somsri")
    monkeypatch.setattr(audit.socket, "gethostname", lambda: "desk-3")
    with pytest.raises(RuntimeError):
        with audit.acting_as("web:somchai"):
            raise RuntimeError("boom")
    assert audit.default_actor() == "somsri@desk-3"


def test_entries_name_the_actor_of_acting_as_and_a_sessions_own_actor_wins(reg, monkeypatch):
    monkeypatch.setattr(audit.getpass, "getuser", lambda: "somsri")
    monkeypatch.setattr(audit.socket, "gethostname", lambda: "desk-3")
    with write_session(reg.engine) as s:
        s.add(new_user("a"))
    with audit.acting_as("web:somchai"):
        with write_session(reg.engine) as s:
            s.add(new_user("b"))
        with write_session(reg.engine) as s:
            s.info[audit.ACTOR_KEY] = "cli:batch"
            s.add(new_user("c"))
    assert [e.actor for e in trail(reg)] == ["somsri@desk-3", "web:somchai", "cli:batch"]


# --- the after-flush hook -----------------------------------------------------------------


def test_a_fresh_register_has_no_entries_and_its_head_is_the_genesis(reg):
    assert trail(reg) == []
    assert head(reg.engine) == (0, GENESIS)
    assert verify(reg.engine) == Verified(0, GENESIS, 0, None)


def test_entries_are_numbered_from_one_and_each_chains_to_the_one_before(reg):
    user_and_role(reg)
    entries = trail(reg)
    assert [(e.seq, e.kind, e.target) for e in entries] == [
        (1, "user.created", "register_users:1"), (2, "role.granted", f"user_roles:1/{LAO}/clerk"),
        (3, "user.updated", "register_users:1")]
    assert [e.prev_hash for e in entries] == ["0" * 64, entries[0].hash, entries[1].hash]
    for e in entries:
        assert e.hash == entry_hash(e.prev_hash, e.seq, e.at, e.kind, e.target, e.actor, e.data)
        assert datetime.fromisoformat(e.at).utcoffset() == timedelta(0)
    assert json.loads(entries[2].data)["name"] == "นางสาวสมศรี ใจงาม"
    assert json.loads(entries[0].data)["name"] == "นางสาวสมศรี ใจดี"
    assert head(reg.engine) == (3, entries[2].hash)


def test_one_flush_logs_its_changes_in_table_then_key_order(reg):
    with write_session(reg.engine) as s:
        s.add(new_user())
        s.flush()
        s.add(UserRole(user_id=1, agency_code=LAO, role="signer", created_at=NOW))
        s.add(UserRole(user_id=1, agency_code=LAO, role="clerk", created_at=NOW))
        s.add(Delegation(agency_code=LAO, name="นายก ข", position="ปลัด", capacity="ปฏิบัติราชการแทน",
                         principal="นายก", starts_on=date(2024, 1, 1), ends_on=date(2024, 1, 31), created_at=NOW))
        s.add(Counter(agency_code=LAO, series="normal", year_be=2567, last_no=0, start_no=1))
    assert [(e.seq, e.kind, e.target) for e in trail(reg)] == [
        (1, "user.created", "register_users:1"),
        (2, "book.counter", f"counters:{LAO}/normal/2567"),
        (3, "delegation.added", "delegations:1"),
        (4, "role.granted", f"user_roles:1/{LAO}/clerk"),
        (5, "role.granted", f"user_roles:1/{LAO}/signer")]
    assert verify(reg.engine).ok


def test_updates_and_deletes_are_logged_as_such_and_a_deletion_carries_no_data(reg):
    with write_session(reg.engine) as s:
        s.add(new_user())
        s.flush()
        s.add(UserRole(user_id=1, agency_code=LAO, role="clerk", created_at=NOW))
    with write_session(reg.engine) as s:
        s.get(RegisterUser, 1).active = False
        s.get(UserRole, (1, LAO, "clerk")).created_at = NOW + timedelta(days=1)
    with write_session(reg.engine) as s:
        s.delete(s.get(UserRole, (1, LAO, "clerk")))
    entries = trail(reg)
    assert [(e.kind, e.target) for e in entries] == [
        ("user.created", "register_users:1"), ("role.granted", f"user_roles:1/{LAO}/clerk"),
        ("user.updated", "register_users:1"), ("role.updated", f"user_roles:1/{LAO}/clerk"),
        ("user_roles.deleted", f"user_roles:1/{LAO}/clerk")]
    assert entries[-1].data is None and json.loads(entries[2].data)["active"] is False
    assert verify(reg.engine) == Verified(5, entries[-1].hash, 1, None)


def test_a_files_update_is_logged_as_file_updated(reg, tmp_path):
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(b"%PDF-1.7 letter")
    alloc = reg.allocate(DISTRICT, "normal", 2567, letter_date=date(2024, 1, 5))
    reg.issue(alloc, subject="ประชาสัมพันธ์", recipients="ผู้รับ", files=[pdf])
    with write_session(reg.engine) as s:
        s.get(DocumentFile, 1).media_type = "application/x-pdf"
    last = trail(reg)[-1]
    assert (last.kind, last.target) == ("file.updated", "document_files:1")
    assert json.loads(last.data)["media_type"] == "application/x-pdf"
    assert "file.recorded" in [e.kind for e in trail(reg)]


def test_a_file_added_to_a_letter_logs_the_file_and_not_the_letter(reg, tmp_path):
    alloc = reg.allocate(DISTRICT, "normal", 2567, letter_date=date(2024, 1, 5))
    reg.issue(alloc, subject="ประชาสัมพันธ์", recipients="ผู้รับ")
    before = len(trail(reg))
    with write_session(reg.engine) as s:
        letter = s.get(Letter, 1)
        letter.files.append(DocumentFile(role="enclosure", path=str(tmp_path / "x.pdf"), sha256="0" * 64, size=1))
    assert [(e.kind, e.target) for e in trail(reg)[before:]] == [("file.recorded", "document_files:1")]
    assert verify(reg.engine).ok


def test_a_counter_change_is_logged_as_book_counter(reg):
    reg.allocate(DISTRICT, "normal", 2567, letter_date=date(2024, 1, 5))
    reg.allocate(DISTRICT, "normal", 2567, letter_date=date(2024, 1, 5))
    entries = trail(reg)
    assert [(e.kind, e.target) for e in entries] == [
        ("book.counter", f"counters:{DISTRICT}/normal/2567"), ("number.taken", "letters:1"),
        ("book.counter", f"counters:{DISTRICT}/normal/2567"), ("number.taken", "letters:2")]
    assert json.loads(entries[2].data)["last_no"] == 2


def test_a_change_that_sets_a_value_to_what_it_was_is_not_logged(reg):
    with write_session(reg.engine) as s:
        s.add(new_user())
    with write_session(reg.engine) as s:
        row = s.get(RegisterUser, 1)
        row.name = row.name
        s.merge(Meta(key="note", value="x"))  # not an audited table
    assert [e.kind for e in trail(reg)] == ["user.created"]


def test_a_failed_write_leaves_neither_the_change_nor_its_entry(reg):
    with pytest.raises(RuntimeError):
        with write_session(reg.engine) as s:
            s.add(new_user())
            s.flush()
            raise RuntimeError("the render failed")
    assert trail(reg) == []
    with read_session(reg.engine) as s:
        assert s.get(RegisterUser, 1) is None


# --- verify -------------------------------------------------------------------------------


def test_an_intact_trail_verifies_with_its_entries_head_and_rows(reg):
    user_and_role(reg)
    checked = verify(reg.engine)
    assert checked == Verified(3, trail(reg)[-1].hash, 2, None)
    assert checked.ok is True


def test_a_missing_entry_is_named_with_the_seq_found_instead(reg):
    user_and_role(reg)
    first = trail(reg)[0]
    sql(reg, "DELETE FROM audit_log WHERE seq = 2")
    checked = verify(reg.engine)
    assert checked == Verified(2, first.hash, 0, Broken(3, "register_users:1", "entry 2 is missing (found 3)",
                                                        "รายการที่ 2 หายไป (พบ 3)"))
    assert checked.ok is False
    assert str(checked.broken) == ("entry 3 (register_users:1): entry 2 is missing (found 3) / "
                                   "รายการที่ 2 หายไป (พบ 3)")


def test_a_trail_whose_first_entry_is_gone_is_broken_at_the_first_entry_found(reg):
    user_and_role(reg)
    sql(reg, "DELETE FROM audit_log WHERE seq = 1")
    assert verify(reg.engine).broken == Broken(2, f"user_roles:1/{LAO}/clerk", "entry 1 is missing (found 2)",
                                               "รายการที่ 1 หายไป (พบ 2)")


def test_a_changed_prev_hash_is_named(reg):
    user_and_role(reg)
    first = trail(reg)[0]
    sql(reg, "UPDATE audit_log SET prev_hash = :h WHERE seq = 2", h="f" * 64)
    assert verify(reg.engine) == Verified(2, first.hash, 0, Broken(
        2, f"user_roles:1/{LAO}/clerk", "its prev_hash is not the hash of the entry before",
        "ค่า prev_hash ไม่ตรงกับรายการก่อนหน้า"))


def test_an_edited_entry_is_named_with_its_kind(reg):
    user_and_role(reg)
    first = trail(reg)[0]
    sql(reg, "UPDATE audit_log SET kind = 'role.revoked' WHERE seq = 2")
    assert verify(reg.engine) == Verified(2, first.hash, 0, Broken(
        2, f"user_roles:1/{LAO}/clerk", "role.revoked: its content does not match its hash (edited after it was "
        "written)", "role.revoked: ข้อมูลไม่ตรงกับค่าแฮช (ถูกแก้ไขภายหลัง)"))


def test_a_changed_hash_of_the_last_entry_is_named(reg):
    user_and_role(reg)
    second = trail(reg)[1]
    sql(reg, "UPDATE audit_log SET hash = :h WHERE seq = 3", h="0" * 64)
    assert verify(reg.engine) == Verified(3, second.hash, 0, Broken(
        3, "register_users:1", "user.updated: its content does not match its hash (edited after it was written)",
        "user.updated: ข้อมูลไม่ตรงกับค่าแฮช (ถูกแก้ไขภายหลัง)"))


def test_a_changed_hash_of_the_first_entry_is_named_and_nothing_is_counted_as_verified(reg):
    user_and_role(reg)
    sql(reg, "UPDATE audit_log SET hash = :h WHERE seq = 1", h="0" * 64)
    checked = verify(reg.engine)
    assert (checked.entries, checked.head, checked.rows, checked.broken.seq) == (1, GENESIS, 0, 1)


def test_reordered_entries_break_the_chain(reg):
    user_and_role(reg)
    sql(reg, "UPDATE audit_log SET seq = 99 WHERE seq = 1")
    sql(reg, "UPDATE audit_log SET seq = 1 WHERE seq = 2")
    sql(reg, "UPDATE audit_log SET seq = 2 WHERE seq = 99")
    assert verify(reg.engine) == Verified(1, GENESIS, 0, Broken(
        1, f"user_roles:1/{LAO}/clerk", "its prev_hash is not the hash of the entry before",
        "ค่า prev_hash ไม่ตรงกับรายการก่อนหน้า"))


def test_a_row_edited_behind_docengines_back_is_named_with_the_rows_checked_so_far(reg):
    user_and_role(reg)
    sql(reg, "UPDATE user_roles SET role = role WHERE 1 = 0")  # a no-op is fine
    assert verify(reg.engine).ok
    sql(reg, "UPDATE user_roles SET created_at = '2030-01-01 00:00:00'")
    checked = verify(reg.engine)
    assert checked == Verified(3, trail(reg)[-1].hash, 2, Broken(
        None, f"user_roles:1/{LAO}/clerk", "row differs from its last audit entry (edited outside docengine)",
        "รายการในทะเบียนไม่ตรงกับบันทึกตรวจสอบล่าสุด (ถูกแก้ไขจากภายนอก)"))
    assert str(checked.broken) == (f"row (user_roles:1/{LAO}/clerk): row differs from its last audit entry "
                                   "(edited outside docengine) / รายการในทะเบียนไม่ตรงกับบันทึกตรวจสอบล่าสุด "
                                   "(ถูกแก้ไขจากภายนอก)")


def test_a_row_added_behind_docengines_back_is_named(reg):
    user_and_role(reg)
    sql(reg, "INSERT INTO register_users (login, name, position, role, pin_hash, active, created_at, failed_logins) "
             "VALUES ('x', 'x', 'x', 'clerk', '!', 1, '2024-01-08 00:00:00', 0)")
    assert verify(reg.engine) == Verified(3, trail(reg)[-1].hash, 2, Broken(
        None, "register_users:2", "row is in the register but not in the audit log (added outside docengine)",
        "มีรายการในทะเบียนที่ไม่มีในบันทึกตรวจสอบ (เพิ่มจากภายนอก)"))


def test_a_row_deleted_behind_docengines_back_is_named(reg):
    user_and_role(reg)
    sql(reg, "DELETE FROM user_roles")
    assert verify(reg.engine) == Verified(3, trail(reg)[-1].hash, 1, Broken(
        None, f"user_roles:1/{LAO}/clerk", "row was deleted outside docengine", "รายการถูกลบออกจากทะเบียนจากภายนอก"))


def test_a_counter_deleted_behind_docengines_back_is_named_by_its_whole_key(reg):
    reg.allocate(DISTRICT, "normal", 2567, letter_date=date(2024, 1, 5))
    sql(reg, "PRAGMA foreign_keys=OFF")
    sql(reg, "DELETE FROM counters")
    broken = verify(reg.engine).broken
    assert (broken.seq, broken.target, broken.en) == (None, f"counters:{DISTRICT}/normal/2567",
                                                      "row was deleted outside docengine")


def test_a_row_deleted_through_docengine_is_not_missing(reg):
    user_and_role(reg)
    with write_session(reg.engine) as s:
        s.delete(s.get(UserRole, (1, LAO, "clerk")))
    assert verify(reg.engine) == Verified(4, trail(reg)[-1].hash, 1, None)


def test_the_typed_key_of_a_target_converts_what_it_can():
    from sqlalchemy import inspect

    cols = list(inspect(Counter).local_table.primary_key.columns)
    assert audit._typed(cols, [DISTRICT, "normal", "2567"]) == (DISTRICT, "normal", 2567)
    assert audit._typed(cols, [DISTRICT, "normal", "x"]) == (DISTRICT, "normal", "x")


# --- baseline -----------------------------------------------------------------------------


def _work(reg) -> None:
    reg.allocate(DISTRICT, "normal", 2567, letter_date=date(2024, 1, 5))
    with write_session(reg.engine) as s:
        s.add(new_user())
        s.flush()
        s.add(UserRole(user_id=1, agency_code=LAO, role="clerk", created_at=NOW))


def test_baseline_logs_every_row_of_a_register_without_a_trail_once(reg):
    _work(reg)
    sql(reg, "DELETE FROM audit_log")
    assert baseline(reg.engine) == 4
    entries = trail(reg)
    assert [(e.seq, e.kind, e.target, e.actor) for e in entries] == [
        (1, "register.baseline", f"counters:{DISTRICT}/normal/2567", "docengine@baseline"),
        (2, "register.baseline", "letters:1", "docengine@baseline"),
        (3, "register.baseline", "register_users:1", "docengine@baseline"),
        (4, "register.baseline", f"user_roles:1/{LAO}/clerk", "docengine@baseline")]
    assert [e.prev_hash for e in entries] == [GENESIS] + [e.hash for e in entries[:-1]]
    with reg.engine.connect() as conn:
        assert entries[2].data == audit.row_snapshot(conn, RegisterUser, (1,))
    assert verify(reg.engine) == Verified(4, entries[-1].hash, 4, None)
    assert baseline(reg.engine) == 0
    assert len(trail(reg)) == 4


def test_baseline_continues_an_existing_trail(reg):
    _work(reg)
    sql(reg, f"DELETE FROM audit_log WHERE target LIKE 'user_roles:%'")
    before = trail(reg)
    assert baseline(reg.engine) == 1
    last = trail(reg)[-1]
    assert (last.seq, last.kind, last.target, last.prev_hash) == (
        len(before) + 1, "register.baseline", f"user_roles:1/{LAO}/clerk", before[-1].hash)


def _relog(reg, entries) -> None:
    """Replace the trail by ``entries`` (target, data), chained properly."""
    sql(reg, "DELETE FROM audit_log")
    with reg.engine.begin() as conn:
        prev = GENESIS
        for seq, (target, data) in enumerate(entries, 1):
            prev = audit._append(conn, prev, seq, "2024-01-08T02:15:00+00:00", "register.baseline", target,
                                 "test", data)


def test_a_row_given_new_columns_by_an_upgrade_is_logged_as_migrated(reg):
    reg.allocate(DISTRICT, "normal", 2567, letter_date=date(2024, 1, 5))
    with reg.engine.connect() as conn:
        counter = audit.row_snapshot(conn, Counter, (DISTRICT, "normal", 2567))
        letter = json.loads(audit.row_snapshot(conn, Letter, (1,)))
    old = {k: v for k, v in letter.items() if k not in ("owner_started", "speed")}
    _relog(reg, [(f"counters:{DISTRICT}/normal/2567", counter), ("letters:1", audit.canonical(old))])
    assert baseline(reg.engine) == 1
    entries = trail(reg)
    assert [(e.seq, e.kind, e.target) for e in entries][2:] == [(3, "register.migrated", "letters:1")]
    assert entries[2].prev_hash == entries[1].hash and json.loads(entries[2].data) == letter
    assert verify(reg.engine).ok


def test_a_row_edited_before_the_upgrade_is_left_for_verify_to_name(reg):
    reg.allocate(DISTRICT, "normal", 2567, letter_date=date(2024, 1, 5))
    with reg.engine.connect() as conn:
        counter = audit.row_snapshot(conn, Counter, (DISTRICT, "normal", 2567))
        letter = json.loads(audit.row_snapshot(conn, Letter, (1,)))
    old = {k: v for k, v in letter.items() if k != "speed"}
    old["subject"] = "เรื่องเดิม"
    _relog(reg, [(f"counters:{DISTRICT}/normal/2567", counter), ("letters:1", audit.canonical(old))])
    assert baseline(reg.engine) == 0
    assert verify(reg.engine).broken.target == "letters:1"


def test_a_row_whose_last_entry_is_its_deletion_is_left_alone_by_baseline(reg):
    reg.allocate(DISTRICT, "normal", 2567, letter_date=date(2024, 1, 5))
    with reg.engine.connect() as conn:
        counter = audit.row_snapshot(conn, Counter, (DISTRICT, "normal", 2567))
    _relog(reg, [(f"counters:{DISTRICT}/normal/2567", counter), ("letters:1", None)])
    assert baseline(reg.engine) == 0


@pytest.mark.parametrize("logged, now, only_new", [
    ('{"a":1}', '{"a":1,"b":2}', True),
    ('{"a":1}', '{"a":1}', False),  # nothing added
    ('{"a":1}', '{"a":2,"b":2}', False),  # a value changed
    ('{"a":1,"c":3}', '{"a":1,"b":2}', False),  # a key gone
    ('[1]', '[1,2]', False),
    ('{"a":1}', '[1]', False),
])
def test_only_new_keys_means_keys_added_and_none_changed(logged, now, only_new):
    assert audit._only_new_keys(logged, now) is only_new
