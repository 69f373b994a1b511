"""The rules of delegations (docengine.register.delegations), called as the CLI and issue_letter call them:
the capacities, each refusal of add_delegation in both languages (and several at once), what a delegation
records, ending one early, listing by office and by day (first and last day inclusive), which delegation
a signer signs under, and how fill_signer completes a signer on a delegated day and leaves it alone
otherwise."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from docengine.errors import DocengineError
from docengine.register import UnknownAgency
from docengine.register.db import write_session
from docengine.register.delegations import (DelegationRecord, add_delegation, capacities, delegation_for,
                                            delegations, end_delegation, fill_signer)
from docengine.register.tables import RegisterUser

DISTRICT, LAO = "ชม 0023.05", "ชม 52101"
PRINCIPAL = "นายกเทศมนตรีตำบลสันทราย"
CAPS = "ปฏิบัติราชการแทน, รักษาราชการแทน, ปฏิบัติหน้าที่, รักษาการในตำแหน่ง"


def somchai(reg, login="somchai", name="นายสมชาย ใจดี", position="ปลัดเทศบาล") -> int:
    with write_session(reg.engine) as s:
        row = RegisterUser(login=login, name=name, position=position, role="signer", pin_hash="!", active=True,
                           created_at=datetime(2024, 1, 1, tzinfo=timezone.utc), failed_logins=0)
        s.add(row)
        s.flush()
        return row.id


def january(reg, agency=LAO, *, starts=date(2024, 1, 1), ends=date(2024, 1, 31), **kw) -> DelegationRecord:
    given = dict(capacity="ปฏิบัติราชการแทน", principal=PRINCIPAL, name="นางสาวสมศรี มีสุข", position="รองปลัด")
    given.update(kw)
    return add_delegation(reg, agency, starts_on=starts, ends_on=ends, **given)


def refused(reg, **kw):
    with pytest.raises(DocengineError) as e:
        january(reg, **kw)
    return e.value


def test_the_capacities_are_the_letter_schemas_choices():
    assert capacities() == ("ปฏิบัติราชการแทน", "รักษาราชการแทน", "ปฏิบัติหน้าที่", "รักษาการในตำแหน่ง")


def test_an_unknown_capacity_is_refused_naming_the_choices(reg):
    e = refused(reg, capacity="แทน")
    assert e.en == f"capacity 'แทน': use one of {CAPS}"
    assert e.th == f"การลงนามแทน 'แทน' ต้องเป็นค่าใดค่าหนึ่งใน {CAPS}"


@pytest.mark.parametrize("principal", ["", "   ", None])
def test_a_delegation_needs_the_principals_position(reg, principal):
    e = refused(reg, principal=principal)
    assert (e.en, e.th) == ("give the principal's position (--principal)", "ต้องระบุตำแหน่งผู้มอบ (--principal)")


@pytest.mark.parametrize("name, position", [(None, None), ("นาย ก", None), (None, "ปลัด"), ("  ", "ปลัด"),
                                            ("นาย ก", " ")])
def test_a_delegation_needs_a_user_or_a_name_and_a_position(reg, name, position):
    e = refused(reg, name=name, position=position)
    assert (e.en, e.th) == ("name the signer: --user LOGIN, or --name and --position",
                            "ระบุผู้ลงนาม: --user หรือ --name และ --position")


def test_a_delegation_that_ends_before_it_starts_is_refused(reg):
    e = refused(reg, starts=date(2024, 2, 1), ends=date(2024, 1, 31))
    assert e.en == "the delegation ends (2024-01-31) before it starts (2024-02-01)"
    assert e.th == "วันสิ้นสุดการมอบหมายอยู่ก่อนวันเริ่ม"


def test_every_mistake_is_named_at_once_in_order(reg):
    e = refused(reg, capacity="แทน", principal="", name="", starts=date(2024, 2, 1), ends=date(2024, 1, 31))
    assert e.en.split("; ") == [f"capacity 'แทน': use one of {CAPS}", "give the principal's position (--principal)",
                                "name the signer: --user LOGIN, or --name and --position",
                                "the delegation ends (2024-01-31) before it starts (2024-02-01)"]
    assert e.th.split("; ") == [f"การลงนามแทน 'แทน' ต้องเป็นค่าใดค่าหนึ่งใน {CAPS}", "ต้องระบุตำแหน่งผู้มอบ (--principal)",
                                "ระบุผู้ลงนาม: --user หรือ --name และ --position", "วันสิ้นสุดการมอบหมายอยู่ก่อนวันเริ่ม"]
    assert delegations(reg) == []


def test_a_one_day_delegation_is_taken(reg):
    d = january(reg, starts=date(2024, 1, 9), ends=date(2024, 1, 9))
    assert (d.starts_on, d.ends_on) == (date(2024, 1, 9), date(2024, 1, 9))


def test_a_delegation_by_name_records_everything_trimmed(reg):
    d = january(reg, "ชม๕๒๑๐๑", name="  นางสาวสมศรี มีสุข ", position=" รองปลัด ", principal=f" {PRINCIPAL} ",
                note="คำสั่งที่ 12/2567")
    assert d == DelegationRecord(1, LAO, None, None, "นางสาวสมศรี มีสุข", "รองปลัด", "ปฏิบัติราชการแทน", PRINCIPAL,
                                 date(2024, 1, 1), date(2024, 1, 31), "คำสั่งที่ 12/2567")
    assert d.to_dict() == {"id": 1, "agency": LAO, "user_id": None, "login": None, "name": "นางสาวสมศรี มีสุข",
                           "position": "รองปลัด", "capacity": "ปฏิบัติราชการแทน", "principal": PRINCIPAL,
                           "from": "2024-01-01", "until": "2024-01-31", "note": "คำสั่งที่ 12/2567"}
    assert delegations(reg) == [d]


def test_a_delegation_of_a_user_takes_their_name_and_position_unless_given(reg):
    uid = somchai(reg)
    d = january(reg, login="somchai", name=None, position=None)
    assert (d.user_id, d.login, d.name, d.position) == (uid, "somchai", "นายสมชาย ใจดี", "ปลัดเทศบาล")
    e = january(reg, login="somchai", name="นายสมชาย  ใจดี", position="รองปลัดเทศบาล")
    assert (e.user_id, e.login, e.name, e.position) == (uid, "somchai", "นายสมชาย  ใจดี", "รองปลัดเทศบาล")


def test_a_delegation_of_an_unknown_user_is_refused(reg):
    with pytest.raises(DocengineError) as e:
        january(reg, login="nobody", name=None, position=None)
    assert (e.value.en, e.value.th) == ("no user 'nobody'", "ไม่มีผู้ใช้ 'nobody'")
    assert delegations(reg) == []


def test_a_delegation_in_an_unknown_office_is_refused(reg):
    with pytest.raises(UnknownAgency) as e:
        january(reg, "ชม 99999")
    assert e.value.code == "ชม 99999"


def test_ending_a_delegation_early_keeps_its_first_day_and_never_lengthens_it(reg):
    d = january(reg)
    assert end_delegation(reg, d.id, on=date(2024, 1, 15)).ends_on == date(2024, 1, 15)
    assert end_delegation(reg, d.id, on=date(2024, 3, 1)).ends_on == date(2024, 1, 15)
    last = end_delegation(reg, d.id, on=date(2024, 1, 1))
    assert (last.starts_on, last.ends_on, last.name, last.agency_code) == (
        date(2024, 1, 1), date(2024, 1, 1), "นางสาวสมศรี มีสุข", LAO)
    assert delegations(reg) == [last]


def test_ending_a_delegation_before_it_starts_is_refused(reg):
    d = january(reg)
    with pytest.raises(DocengineError) as e:
        end_delegation(reg, d.id, on=date(2023, 12, 31))
    assert e.value.en == "2023-12-31 is before the delegation starts (2024-01-01)"
    assert e.value.th == "วันสิ้นสุดอยู่ก่อนวันเริ่มการมอบหมาย"
    assert delegations(reg)[0].ends_on == date(2024, 1, 31)


def test_ending_an_unknown_delegation_is_refused(reg):
    with pytest.raises(DocengineError) as e:
        end_delegation(reg, 7, on=date(2024, 1, 1))
    assert (e.value.en, e.value.th) == ("no delegation 7", "ไม่มีการมอบหมายลำดับที่ 7")


def test_delegations_are_listed_by_first_day_then_id_per_office_and_per_day(reg):
    feb = january(reg, starts=date(2024, 2, 1), ends=date(2024, 2, 29))
    jan = january(reg)
    jan2 = january(reg, name="นายสมปอง ตัวอย่าง", position="ปลัด")
    district = january(reg, DISTRICT, principal="นายอำเภอฝาง")
    assert [d.id for d in delegations(reg)] == [jan.id, jan2.id, district.id, feb.id]
    assert [d.id for d in delegations(reg, LAO)] == [jan.id, jan2.id, feb.id]
    assert [d.id for d in delegations(reg, "ชม0023.05")] == [district.id]
    assert [d.id for d in delegations(reg, LAO, on=date(2024, 1, 1))] == [jan.id, jan2.id]
    assert [d.id for d in delegations(reg, LAO, on=date(2024, 1, 31))] == [jan.id, jan2.id]
    assert [d.id for d in delegations(reg, LAO, on=date(2024, 2, 1))] == [feb.id]
    assert delegations(reg, LAO, on=date(2023, 12, 31)) == [] and delegations(reg, LAO, on=date(2024, 3, 1)) == []
    assert [d.id for d in delegations(reg, on=date(2024, 1, 15))] == [jan.id, jan2.id, district.id]


def test_a_record_covers_its_first_and_last_day_only(reg):
    d = january(reg)
    assert [d.covers(date(2024, 1, n)) for n in (1, 31)] == [True, True]
    assert d.covers(date(2023, 12, 31)) is False and d.covers(date(2024, 2, 1)) is False


def test_the_delegation_for_a_signer_is_found_by_user_or_by_name_with_spaces_squeezed(reg):
    uid = somchai(reg)
    by_user = january(reg, login="somchai", name=None, position=None)
    by_name = january(reg, name="นางสาว สมศรี  มีสุข")
    assert delegation_for(reg, LAO, date(2024, 1, 10), user_id=uid) == by_user
    assert delegation_for(reg, LAO, date(2024, 1, 10), name="นางสาวสมศรีมีสุข") == by_name
    assert delegation_for(reg, LAO, date(2024, 1, 10), user_id=uid + 1) is None
    assert delegation_for(reg, LAO, date(2024, 1, 10), name="นายอื่น") is None
    assert delegation_for(reg, LAO, date(2024, 1, 10)) is None
    assert delegation_for(reg, LAO, date(2024, 2, 1), user_id=uid) is None
    assert delegation_for(reg, DISTRICT, date(2024, 1, 10), user_id=uid) is None


def test_when_several_cover_the_day_the_latest_started_wins_then_the_newest(reg):
    month = january(reg)
    week = january(reg, starts=date(2024, 1, 8), ends=date(2024, 1, 14), capacity="รักษาราชการแทน")
    again = january(reg, starts=date(2024, 1, 8), ends=date(2024, 1, 10), capacity="ปฏิบัติหน้าที่")
    name = "นางสาวสมศรี มีสุข"
    assert delegation_for(reg, LAO, date(2024, 1, 9), name=name) == again
    assert delegation_for(reg, LAO, date(2024, 1, 12), name=name) == week
    assert delegation_for(reg, LAO, date(2024, 1, 20), name=name) == month


def test_fill_signer_adds_the_capacity_and_principal_on_a_delegated_day(reg):
    january(reg, name="นางสาวสมศรี มีสุข")
    signer = {"name": "นางสาวสมศรี  มีสุข", "position": ["รองปลัด"]}
    for day in (date(2024, 1, 1), date(2024, 1, 31)):
        assert fill_signer(reg, LAO, signer, day) == {"name": "นางสาวสมศรี  มีสุข", "position": ["รองปลัด"],
                                                      "capacity": "ปฏิบัติราชการแทน", "principal": PRINCIPAL}
    assert signer == {"name": "นางสาวสมศรี  มีสุข", "position": ["รองปลัด"]}  # not changed in place
    assert fill_signer(reg, LAO, signer, date(2024, 2, 1)) is signer
    assert fill_signer(reg, LAO, signer, date(2023, 12, 31)) is signer
    assert fill_signer(reg, DISTRICT, signer, date(2024, 1, 10)) is signer


def test_fill_signer_finds_a_users_delegation_by_the_user_whatever_the_name(reg):
    uid = somchai(reg)
    january(reg, login="somchai", name=None, position=None, capacity="รักษาราชการแทน")
    got = fill_signer(reg, LAO, {"name": "ชื่อที่พิมพ์ต่างไป"}, date(2024, 1, 5), user_id=uid)
    assert got == {"name": "ชื่อที่พิมพ์ต่างไป", "capacity": "รักษาราชการแทน", "principal": PRINCIPAL}


@pytest.mark.parametrize("signer", [
    {"name": "นางสาวสมศรี มีสุข", "capacity": "ปฏิบัติหน้าที่"},
    {"name": "นางสาวสมศรี มีสุข", "principal": "ปลัดกระทรวงมหาดไทย"},
    None, "นางสาวสมศรี มีสุข",
])
def test_fill_signer_leaves_a_signer_that_says_how_it_signs_or_is_no_mapping_alone(reg, signer):
    january(reg)
    assert fill_signer(reg, LAO, signer, date(2024, 1, 10)) is signer
