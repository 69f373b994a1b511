"""Agencies as data (docengine.register.agencies): every problem the entry validator names (signers'
capacity and principal, address and owner_units lines, routing, duplicate codes, kinds), the data files'
own checks, office files, the register's copy of the agencies (synced on open, re-synced when the data
changes), AgencyInfo and its signers and units, unknown parents and UnknownAgency with its suggestions."""

from __future__ import annotations

import hashlib

import pytest
import yaml

from docengine import refdata
from docengine.errors import ReferenceDataError
from docengine.register import agencies as ag
from docengine.register import open_register
from docengine.register.agencies import AgencyInfo, Signer, UnknownAgency

DISTRICT, LAO = "ชม 0023.05", "ชม 52101"
CAPS = ["", "ปฏิบัติราชการแทน", "รักษาราชการแทน"]
GOOD = {"code": "กท 0001", "name": "สำนักงานทดสอบ", "kind": "lao"}
KINDS = "['department', 'district_office', 'lao', 'ministry', 'province_office']"


def problems(*entries, capacities=CAPS):
    return ag._validate_entries(list(entries), capacities, "agencies")


def office_file(tmp_path, content, name="office.yaml"):
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else yaml.safe_dump(content, allow_unicode=True),
                    encoding="utf-8")
    return path


# --- validating entries ---------------------------------------------------------------------


def test_a_good_entry_has_no_problems():
    full = dict(GOOD, address=["ถนนหนึ่ง", "ตำบลสอง"], signers=[
        {"name": "นาย ก", "position": "ปลัด"}, {"name": "นาย ข", "position": "รองปลัด", "capacity": None},
        {"name": "นาย ค", "position": "ปลัด", "capacity": "รักษาราชการแทน", "principal": "นายก"}],
        owner_units=[{"lines": ["กองคลัง"]}], routing=[{"unit": "กองช่าง"}])
    assert problems(full) == []


@pytest.mark.parametrize("entries", [[], {"code": "กท 0001"}, None])
def test_the_entries_must_be_a_non_empty_list(entries):
    assert ag._validate_entries(entries, CAPS, "office.agencies") == ["office.agencies: must be a non-empty list"]


def test_an_entry_that_is_not_a_mapping_is_named_and_the_next_is_still_checked():
    assert problems("กท 0001", dict(GOOD, kind="tambon")) == [
        "agencies[1]. must be a mapping", f"agencies[2].kind: 'tambon' is not one of {KINDS}"]


def test_missing_and_mistyped_keys_are_named():
    assert problems({"code": 5}) == [
        "agencies[1].code: expected str, got int", "agencies[1].name: missing", "agencies[1].kind: missing"]


def test_two_entries_without_a_code_are_each_named_once_and_not_as_a_repeat():
    assert problems({"name": "ก", "kind": "lao"}, {"name": "ข", "kind": "lao"}) == [
        "agencies[1].code: missing", "agencies[2].code: missing"]


def test_a_code_given_twice_in_any_spelling_is_named_at_each_repeat():
    assert problems(GOOD, dict(GOOD, code="กท0001"), dict(GOOD, code="กท ๐๐๐๑"), dict(GOOD, code="กท 0002")) == [
        "agencies[2].code: 'กท 0001' appears twice", "agencies[3].code: 'กท 0001' appears twice"]


@pytest.mark.parametrize("address", ["ถนนหนึ่ง", ["ถนนหนึ่ง", 2], {"line": "x"}])
def test_an_address_must_be_a_list_of_lines(address):
    assert problems(dict(GOOD, address=address)) == ["agencies[1].address: must be a list of lines"]


def test_a_signer_needs_a_name_and_a_position():
    assert problems(dict(GOOD, signers=[{"name": "นาย ก", "position": "ปลัด"}, {"name": "นาย ข"}, "นาย ค"])) == [
        "agencies[1].signers[2].position: missing", "agencies[1].signers[3]. must be a mapping"]


def test_a_signers_capacity_must_be_a_known_one():
    assert problems(dict(GOOD, signers=[{"name": "นาย ก", "position": "ปลัด", "capacity": "แทน",
                                         "principal": "นายก"}])) == [
        f"agencies[1].signers[1].capacity: 'แทน' is not one of {CAPS}"]


def test_signing_in_a_capacity_needs_the_principal():
    assert problems(dict(GOOD, signers=[{"name": "นาย ก", "position": "ปลัด"},
                                        {"name": "นาย ข", "position": "ปลัด", "capacity": "รักษาราชการแทน",
                                         "principal": ""}])) == [
        "agencies[1].signers[2].principal: needed when signing รักษาราชการแทน"]


def test_a_principal_without_a_capacity_is_fine():
    assert problems(dict(GOOD, signers=[{"name": "นาย ก", "position": "ปลัด", "principal": "นายก"}])) == []


def test_owner_units_need_their_lines_as_a_list():
    assert problems(dict(GOOD, owner_units=[{"lines": ["กองคลัง"]}, {"phone": "053"}, {"lines": "กองช่าง"}])) == [
        "agencies[1].owner_units[2].lines: missing", "agencies[1].owner_units[3].lines: expected list, got str"]


def test_a_routing_line_needs_its_unit():
    assert problems(dict(GOOD, routing=[{"unit": "กองคลัง"}, {"sections": ["งานธุรการ"]}])) == [
        "agencies[1].routing[2].unit: missing"]


def test_the_agencies_file_needs_its_sections_and_a_whole_receipt_width():
    assert ag._check_agencies({"numbering": {}}) == ["capacities: missing", "agencies: missing"]
    base = {"capacities": CAPS, "agencies": [GOOD]}
    assert ag._check_agencies(dict(base, numbering={"receipt_width": 0})) == []
    for width in (-1, "3", None):
        assert ag._check_agencies(dict(base, numbering={"receipt_width": width})) == [
            "numbering.receipt_width: must be a whole number ≥ 0"]
    assert ag._check_agencies(dict(base, numbering={"receipt_width": 3}, agencies=[dict(GOOD, kind="x")])) == [
        f"agencies[1].kind: 'x' is not one of {KINDS}"]


def test_the_sample_agencies_are_checked_against_the_shipped_capacities():
    ok = dict(GOOD, signers=[{"name": "นาย ก", "position": "ปลัด", "capacity": "ปฏิบัติหน้าที่",
                              "principal": "นายก"}])
    assert ag._check_samples({"agencies": [ok]}) == []
    assert ag._check_samples({}) == ["agencies: must be a non-empty list"]
    assert ag._check_samples({"agencies": [dict(ok, signers=[dict(ok["signers"][0], capacity="แทน")])]}) == [
        f"agencies[1].signers[1].capacity: 'แทน' is not one of {refdata.load('agencies')['capacities']}"]


def test_the_kinds_of_agency_of_the_letter_chain_and_their_thai_names():
    assert ag.KINDS == {"ministry": "กระทรวง", "department": "กรม", "province_office": "สำนักงานจังหวัด",
                        "district_office": "สำนักงานอำเภอ", "lao": "องค์กรปกครองส่วนท้องถิ่น"}


def test_the_shipped_numbering_rules():
    assert ag.numbering_rules()["receipt_width"] == 3
    assert ag.numbering_rules()["letter_width"] == 0


# --- office files and shipped data ----------------------------------------------------------


def test_an_office_file_names_one_agency_or_a_list(tmp_path):
    one = office_file(tmp_path, {"agency": GOOD}, "one.yaml")
    assert ag.office_entries(one) == [dict(GOOD, origin="office")]
    two = office_file(tmp_path, {"agencies": [GOOD, dict(GOOD, code="กท 0002")], "agency": {"code": "x"}},
                      "two.yaml")
    assert ag.office_entries(two) == [dict(GOOD, origin="office"), dict(GOOD, code="กท 0002", origin="office")]


def test_an_office_file_without_agencies_gives_none(tmp_path):
    assert ag.office_entries(office_file(tmp_path, "", "empty.yaml")) == []
    assert ag.office_entries(office_file(tmp_path, {"future_tolerance_days": 3}, "other.yaml")) == []


def test_an_office_file_that_is_not_a_mapping_is_refused(tmp_path):
    path = office_file(tmp_path, "- กท 0001\n")
    with pytest.raises(ReferenceDataError) as e:
        ag.office_entries(path)
    assert e.value.en == f"office file {path}: top level must be a mapping"
    assert e.value.th == f"แฟ้มตั้งค่าหน่วยงาน {path} ต้องเป็น mapping"


def test_a_malformed_office_agency_is_refused_with_every_problem(tmp_path):
    path = office_file(tmp_path, {"agencies": [dict(GOOD, kind="x"), dict(GOOD, signers=[{"name": "ก"}])]})
    with pytest.raises(ReferenceDataError) as e:
        ag.office_entries(path)
    detail = (f"agencies[1].kind: 'x' is not one of {KINDS}; agencies[2].code: 'กท 0001' appears twice; "
              "agencies[2].signers[1].position: missing")
    assert e.value.en == f"office file {path} is malformed: {detail}"
    assert e.value.th == f"แฟ้มตั้งค่าหน่วยงาน {path} ไม่ถูกต้อง: {detail}"


def test_shipped_agencies_are_marked_data_and_the_samples_sample():
    real = ag.shipped_entries(samples=False)
    assert [e["code"] for e in real] == [e["code"] for e in refdata.load("agencies")["agencies"]]
    assert {e["origin"] for e in real} == {"data"}
    both = ag.shipped_entries()
    assert both[:len(real)] == real
    assert [(e["code"], e["origin"]) for e in both[len(real):]] == [
        ("มท 0810.6", "sample"), ("ชม 0023.3", "sample"), (DISTRICT, "sample"), (LAO, "sample")]


def test_the_digest_of_agency_data_ignores_key_order_and_keeps_thai_text():
    expected = hashlib.sha256('[{"a": 1, "b": "ก"}]'.encode()).hexdigest()
    assert ag.entries_digest([{"b": "ก", "a": 1}]) == expected
    assert ag.entries_digest([{"a": 1, "b": "ข"}]) != expected


def test_row_values_normalise_codes_and_fill_defaults():
    assert ag.row_values({"code": "กท๐๐๐๑", "name": "สำนักงานทดสอบ", "kind": "lao"}) == {
        "code": "กท 0001", "name": "สำนักงานทดสอบ", "short_name": None, "issuer": "สำนักงานทดสอบ", "kind": "lao",
        "parent_code": None, "address": [], "phone": None, "fax": None, "email": None, "signers": [],
        "owner_units": [], "routing": [], "origin": "data"}


def test_row_values_keep_what_an_entry_gives():
    entry = dict(GOOD, short_name="สนง.", issuer="อำเภอทดสอบ", parent="มท๐๘๑๐", address=["ถนนหนึ่ง"], phone=53450123,
                 fax="0-5345-0000", email="a@b.go.th", origin="office",
                 signers=[{"name": "นาย ก", "position": "ปลัด"},
                          {"key": "copies", "name": "นาย ข", "position": "นักวิชาการ", "capacity": "รักษาราชการแทน",
                           "principal": "นายก"}],
                 owner_units=[{"lines": ["กองคลัง"]}, {"key": "b", "lines": ["กองช่าง"]}],
                 routing=[{"unit": "กองคลัง", "sections": ["งานการเงิน"]}])
    got = ag.row_values(entry)
    assert got == {
        "code": "กท 0001", "name": "สำนักงานทดสอบ", "short_name": "สนง.", "issuer": "อำเภอทดสอบ", "kind": "lao",
        "parent_code": "มท 0810", "address": ["ถนนหนึ่ง"], "phone": "53450123", "fax": "0-5345-0000",
        "email": "a@b.go.th",
        "signers": [{"key": "default", "name": "นาย ก", "position": "ปลัด", "capacity": "", "principal": ""},
                    {"key": "copies", "name": "นาย ข", "position": "นักวิชาการ", "capacity": "รักษาราชการแทน",
                     "principal": "นายก"}],
        "owner_units": [{"key": "default", "lines": ["กองคลัง"]}, {"key": "b", "lines": ["กองช่าง"]}],
        "routing": [{"unit": "กองคลัง", "sections": ["งานการเงิน"]}], "origin": "office"}
    assert entry["owner_units"][0] == {"lines": ["กองคลัง"]}  # the entry itself is left as it was


def test_a_phone_or_fax_is_printed_as_text_and_none_stays_none():
    assert ag._str(None) is None
    assert ag._str(53450123) == "53450123"
    assert ag._str("0-5345-1202") == "0-5345-1202"


def test_codes_are_written_with_ascii_digits_and_one_space():
    assert ag.normalize_code("ชม๕๒๑๐๑") == LAO
    assert ag.normalize_code("  ชม   0023.05 ") == DISTRICT
    assert ag.normalize_code("มท") == "มท"


# --- unknown parents and agencies -------------------------------------------------------------


def test_an_unknown_parent_is_refused_naming_each():
    values = [{"code": "กท 0001", "parent_code": "กท 9"}, {"code": "กท 0002", "parent_code": "กท 0001"},
              {"code": "กท 0003", "parent_code": "มท"}, {"code": "กท 0004", "parent_code": None},
              {"code": "กท 0005", "parent_code": "กท 8"}]
    with pytest.raises(ReferenceDataError) as e:
        ag.check_parents(values, {"มท"})
    assert e.value.en == "agency data names unknown parent agencies: กท 0001 → กท 9, กท 0005 → กท 8"
    assert e.value.th == "ข้อมูลหน่วยงานอ้างถึงหน่วยงานต้นสังกัดที่ไม่มีในระบบ: กท 0001 → กท 9, กท 0005 → กท 8"
    ag.check_parents(values[1:4], {"มท", "กท 0001"})  # all known: no error


def test_an_unknown_agency_without_suggestions_says_how_to_list_them():
    e = UnknownAgency("ชม 9")
    assert (e.code, e.suggestions) == ("ชม 9", [])
    assert e.en == "unknown agency code 'ชม 9' (list them: docengine register agencies)"
    assert e.th == "ไม่พบรหัสหน่วยงาน 'ชม 9'"


def test_an_unknown_agency_with_suggestions_names_them_in_both_languages():
    e = UnknownAgency("ชม 52109", ["ชม 52101", "ชม 52102"])
    assert e.suggestions == ["ชม 52101", "ชม 52102"]
    assert e.en == ("unknown agency code 'ชม 52109'; did you mean 'ชม 52101' or 'ชม 52102'? "
                    "(list them: docengine register agencies)")
    assert e.th == "ไม่พบรหัสหน่วยงาน 'ชม 52109' หมายถึง ชม 52101 หรือ ชม 52102 หรือไม่"
    assert str(e) == f"{e.en} / {e.th}"


def test_the_nearest_codes_are_two_close_codes_then_names_at_most_three():
    names = {"ชม 52101": "เทศบาลตำบลสันทราย", "ชม 52102": "เทศบาลตำบลแม่ข่า", "ชม 52103": "อบต.สันทราย",
             "ชม 52104": "เทศบาลเมืองสันทราย"}
    close = ag.nearest_codes("ชม 52100", names)
    assert len(close) == 2 and set(close) < set(names)
    assert ag.nearest_codes("สันทราย", names) == ["ชม 52101", "ชม 52103", "ชม 52104"]
    assert ag.nearest_codes("อบต.สันทราย", names) == ["ชม 52103"]  # the whole name
    assert ag.nearest_codes("", names) == []
    assert ag.nearest_codes("ชม 5210", {"ชม 52101": "ก", "x": "ชม 5210 ฝาง", "y": "ชม 5210 แม่ข่า", "z": "ชม 5210"}) \
        == ["ชม 52101", "x", "y"]


# --- AgencyInfo and Signer --------------------------------------------------------------------


def _info(**kw) -> AgencyInfo:
    return AgencyInfo(code="กท 0001", name="สำนักงานทดสอบ", kind="lao", **kw)


def test_a_signer_is_found_by_key_else_the_first_else_none():
    a, b = Signer("นาย ก", "ปลัด"), Signer("นาย ข", "นักวิชาการ", key="copies")
    info = _info(signers=(a, b))
    assert info.signer("copies") is b and info.signer() is a and info.signer("clerk") is a
    assert _info(signers=(b,)).signer() is b
    assert _info().signer() is None


def test_an_owner_unit_is_found_by_key_a_unit_without_one_being_the_default():
    plain, other = {"lines": ["กองคลัง"]}, {"key": "b", "lines": ["กองช่าง"]}
    info = _info(owner_units=(other, plain))
    assert info.owner_unit() is plain and info.owner_unit("b") is other and info.owner_unit("c") is other
    assert _info().owner_unit() is None


def test_a_signers_position_lines_and_record():
    own = Signer("นาย ก", "นายกเทศมนตรีตำบลสันทราย")
    acting = Signer("นาย ข", "ปลัดอำเภอ", "รักษาราชการแทน", "นายอำเภอฝาง", key="copies")
    assert own.position_lines() == ["นายกเทศมนตรีตำบลสันทราย"]
    assert acting.position_lines() == ["ปลัดอำเภอ รักษาราชการแทน", "นายอำเภอฝาง"]
    assert acting.to_dict() == {"key": "copies", "name": "นาย ข", "position": "ปลัดอำเภอ",
                                "capacity": "รักษาราชการแทน", "principal": "นายอำเภอฝาง"}
    assert own.to_dict()["key"] == "default" and own.capacity == "" and own.principal == ""


def test_an_agencys_record_lists_everything_it_knows():
    info = _info(signers=(Signer("นาย ก", "ปลัด"),), address=("ถนนหนึ่ง",), owner_units=({"lines": ["ก"]},),
                 routing=({"unit": "กองคลัง"},))
    assert info.to_dict() == {
        "code": "กท 0001", "name": "สำนักงานทดสอบ", "kind": "lao", "short_name": None, "issuer": None,
        "parent_code": None, "address": ["ถนนหนึ่ง"], "phone": None, "fax": None, "email": None,
        "signers": [{"key": "default", "name": "นาย ก", "position": "ปลัด", "capacity": "", "principal": ""}],
        "owner_units": [{"lines": ["ก"]}], "routing": [{"unit": "กองคลัง"}], "origin": "data"}


# --- the register's copy ----------------------------------------------------------------------


def test_the_register_reads_a_sample_agency_as_the_data_gives_it(tmp_path):
    reg = open_register(f"sqlite:///{tmp_path / 'r.sqlite3'}")
    info = reg.agency("ชม๕๒๑๐๑")
    assert (info.code, info.name, info.kind, info.short_name, info.issuer, info.parent_code, info.origin) == (
        LAO, "เทศบาลตำบลสันทราย", "lao", "ทต.สันทราย", "เทศบาลตำบลสันทราย", DISTRICT, "sample")
    assert info.address == ("สำนักงานเทศบาลตำบลสันทราย", "อำเภอฝาง จังหวัดเชียงใหม่ 50110")
    assert (info.phone, info.fax, info.email) == ("0-5300-0000", None, "saraban@santhai.example")
    assert info.signers == (Signer("นายสมหมาย ตัวอย่างใจ", "นายกเทศมนตรีตำบลสันทราย"),
                            Signer("นายสมปอง ตัวอย่างการ", "ปลัดเทศบาลตำบลสันทราย", key="clerk"))
    assert info.owner_units[0]["key"] == "default" and info.routing[1] == {"unit": "กองคลัง"}
    district = reg.agency(DISTRICT)
    assert district.signer().position_lines() == ["ปลัดอำเภอ รักษาราชการแทน", "นายอำเภอฝาง"]
    assert [a.code for a in reg.agencies()] == sorted(a.code for a in reg.agencies())
    reg.close()


def test_an_office_file_adds_and_restates_agencies_and_the_register_resyncs_when_it_changes(tmp_path):
    url = f"sqlite:///{tmp_path / 'r.sqlite3'}"
    path = office_file(tmp_path, {"agencies": [dict(GOOD, parent="มท 0810", phone="053-111"),
                                               {"code": "มท 0810", "name": "กรมส่งเสริมการปกครองท้องถิ่น",
                                                "kind": "department", "parent": "มท", "phone": "02-241-9000"}]})
    reg = open_register(url, office=path)
    assert (reg.agency("กท 0001").origin, reg.agency("กท 0001").phone) == ("office", "053-111")
    assert (reg.agency("มท 0810").origin, reg.agency("มท 0810").phone) == ("office", "02-241-9000")
    with pytest.raises(UnknownAgency):
        reg.agency(LAO)  # an office of its own: no sample agencies
    reg.close()
    office_file(tmp_path, {"agencies": [dict(GOOD, parent="มท 0810", phone="053-222")]})
    reg = open_register(url, office=path)
    assert reg.agency("กท 0001").phone == "053-222"
    reg.close()
    reg = open_register(url, office=path)
    assert reg.agency("กท 0001").phone == "053-222"
    reg.close()


def test_an_office_agency_under_an_unknown_parent_is_refused_on_open(tmp_path):
    path = office_file(tmp_path, {"agency": dict(GOOD, parent="กท 9999")})
    with pytest.raises(ReferenceDataError) as e:
        open_register(f"sqlite:///{tmp_path / 'r.sqlite3'}", office=path)
    assert e.value.en == "agency data names unknown parent agencies: กท 0001 → กท 9999"
