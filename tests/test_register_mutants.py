"""What the register's surviving mutants changed (scripts/mutate.py register; docs/testing.md),
each asserted as a clerk, a signer or the web desk meets it."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from docengine.errors import DocengineError
from docengine.register import signers

DISTRICT, LAO = "ชม 0023.05", "ชม 52101"


def _issue(reg, tmp_path, day):
    pdf = tmp_path / f"letter-{day}.pdf"
    pdf.write_bytes(f"letter {day}".encode())
    alloc = reg.allocate(DISTRICT, "normal", day.year + 543, letter_date=day)
    return reg.issue(alloc, subject="ประชาสัมพันธ์ทางรัฐ", recipients="ผู้รับ", files=[pdf])


def test_a_password_of_exactly_128_characters_is_taken_and_129_refused():
    assert signers.hash_password("ก" * 128)
    with pytest.raises(DocengineError) as e:
        signers.hash_password("ก" * 129)
    assert e.value.en == f"a password has {signers.MIN_PASSWORD} to 128 characters"


def test_adding_a_user_with_two_mistakes_names_both_in_each_language(reg):
    with pytest.raises(DocengineError) as e:
        signers.add_user(reg, "somchai", name="", position="", role="clerk", office_roles=["clerk"])
    assert "; " in e.value.en and e.value.en.count("; ") == e.value.th.count("; ")
    assert "give the office (agency code) of the roles" in e.value.en.split("; ")


def test_a_new_password_lifts_a_log_in_lock(reg):
    signers.add_user(reg, "clerk1", name="นางสาวสมศรี ใจดี", position="เจ้าหน้าที่ธุรการ", role="clerk",
                     office_roles=["clerk"], agency=LAO, password="รหัสผ่านเดิม1")
    now = datetime.now(timezone.utc)
    for _ in range(5):
        with pytest.raises(DocengineError):
            signers.log_in(reg, "clerk1", "ผิด ผิด ผิด", now=now)
    with pytest.raises(signers.LoginLocked):
        signers.log_in(reg, "clerk1", "รหัสผ่านเดิม1", now=now)
    signers.set_password(reg, "clerk1", "รหัสผ่านใหม่2")
    assert signers.log_in(reg, "clerk1", "รหัสผ่านใหม่2").login == "clerk1"


def test_receipts_listed_from_and_until_a_day_are_those_in_between(reg, tmp_path):
    for day in (8, 9, 10):
        letter = _issue(reg, tmp_path, date(2024, 1, day - 3))
        reg.receive(LAO, letter_id=letter.id, received_at=datetime(2024, 1, day, 10, 0))
    got = reg.list("receive", agency=LAO, date_from=date(2024, 1, 9), date_to=date(2024, 1, 9))
    assert [r.receipt_no for r in got] == ["002/2567"]


def test_a_receipts_record_names_the_senders_agency_code(reg, tmp_path):
    letter = _issue(reg, tmp_path, date(2024, 1, 5))
    r = reg.receive(LAO, letter_id=letter.id, received_at=datetime(2024, 1, 8, 10, 0))
    assert r.to_dict()["sender_agency_code"] == DISTRICT


def test_an_unknown_agency_keeps_the_code_it_was_asked_for(reg):
    from docengine.register import UnknownAgency

    with pytest.raises(UnknownAgency) as e:
        reg.agency("ชม 52109")
    assert e.value.code == "ชม 52109" and "ชม 52101" in e.value.suggestions


def test_a_postgresql_address_without_a_database_is_refused_in_both_languages():
    from docengine.register.db import BadDatabaseURL, resolve_url

    with pytest.raises(BadDatabaseURL) as e:
        resolve_url("postgresql://saraban@db.example")
    assert "a PostgreSQL URL needs a host and a database" in e.value.en
    assert "ที่อยู่ PostgreSQL ต้องมีเครื่องและชื่อฐานข้อมูล" in e.value.th


def test_a_delegation_record_names_its_office(reg):
    from docengine.register.delegations import add_delegation

    d = add_delegation(reg, LAO, capacity="ปฏิบัติราชการแทน", principal="นายกเทศมนตรีตำบลสันทราย",
                       starts_on=date(2026, 10, 1), ends_on=date(2026, 10, 31),
                       name="นายสมชาย ใจดี", position="รองนายกเทศมนตรี")
    record = d.to_dict()
    assert record["agency"] == LAO and record["capacity"] == "ปฏิบัติราชการแทน"
