"""The register's Python API: numbering rules, the send and receive books, endorsements, chains."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timezone

import pytest

from docengine.errors import DocengineError
from docengine.register import NotFound, UnknownAgency, open_register
from docengine.register.migrate import current_revision, head_revision

DISTRICT, PROVINCE, DLA, LAO = "ชม 0023.05", "ชม 0023.3", "มท 0810.6", "ชม 52101"


def _issue(reg, tmp_path, agency, series, day, **kw):
    pdf = tmp_path / f"{agency}-{series}-{day}.pdf".replace(" ", "_").replace("/", "_")
    pdf.write_bytes(f"letter {agency} {day}".encode())
    alloc = reg.allocate(agency, series, day.year + 543, letter_date=day)
    return reg.issue(alloc, subject=kw.pop("subject", "ประชาสัมพันธ์ทางรัฐ"),
                     recipients=kw.pop("recipients", "ผู้รับ"), files=[pdf], **kw)


def test_new_database_is_migrated_and_has_the_sample_agencies(reg):
    with reg.engine.connect() as conn:
        assert current_revision(conn) == head_revision()
    lao = reg.agency("ชม๕๒๑๐๑")  # Thai digits and a missing space still find it
    assert lao.name == "เทศบาลตำบลสันทราย" and lao.parent_code == DISTRICT and lao.kind == "lao"
    assert [u["unit"] for u in lao.routing][:2] == ["สำนักปลัด", "กองคลัง"]
    district = reg.agency(DISTRICT)
    assert district.signer().position_lines() == ["ปลัดอำเภอ รักษาราชการแทน", "นายอำเภอฝาง"]
    assert district.owner_unit()["phone"] == "0-5345-1202"
    assert reg.agency("มท 0810").name == "กรมส่งเสริมการปกครองท้องถิ่น"  # real data, not sample


def test_wrong_agency_code_names_the_nearest_and_changes_nothing(reg):
    with pytest.raises(UnknownAgency) as err:
        reg.allocate("มท 0801.6", "normal", 2567)
    assert "มท 0810.6" in err.value.en and "มท 0810.6" in err.value.th
    assert reg.list("send") == []


def test_number_strings_of_each_series(reg):
    assert reg.allocate(DISTRICT, "normal", 2567).book_number == "ชม 0023.05/1"
    assert reg.allocate(PROVINCE, "circular", 2567).book_number == "ชม 0023.3/ว 1"
    assert reg.allocate(LAO, "order", 2567).book_number == "1/2567"
    assert reg.allocate(LAO, "memo", 2567).book_number == "ชม 52101/1"
    # Books are separate: the LAO's memo book did not advance its normal book.
    assert reg.allocate(LAO, "normal", 2567).running_no == 1


def test_each_book_restarts_on_the_calendar_year(reg):
    assert [reg.allocate(DISTRICT, "normal", 2566).running_no for _ in range(3)] == [1, 2, 3]
    assert reg.allocate(DISTRICT, "normal", 2567).running_no == 1
    assert reg.allocate(DISTRICT, "normal", 2566).running_no == 4


def test_ce_year_is_refused_with_the_be_year_suggested(reg):
    with pytest.raises(DocengineError, match="did you mean 2567"):
        reg.allocate(DISTRICT, "normal", 2024)
    assert reg.list("send") == []


def test_cancelled_and_failed_numbers_stay_in_the_book_and_are_never_reused(reg):
    a, b = reg.allocate(DISTRICT, "normal", 2567), reg.allocate(DISTRICT, "normal", 2567)
    reg.cancel(a.id, "ร่างไม่ผ่าน")
    reg.fail(b, "renderer crashed")
    c = reg.allocate(DISTRICT, "normal", 2567)
    assert c.running_no == 3
    book = reg.list("send", 2567)
    assert [(l.running_no, l.status, l.reason) for l in book] == [
        (1, "cancelled", "ร่างไม่ผ่าน"), (2, "failed", "renderer crashed"), (3, "reserved", None)]
    with pytest.raises(DocengineError, match="cannot be issued"):
        reg.issue(a, subject="x", recipients="y")
    with pytest.raises(DocengineError, match="give a reason"):
        reg.cancel(c.id, " ")


def test_start_from_floor_then_contiguous_and_locked_once_used(reg):
    reg.start_from(PROVINCE, "circular", 2567, 63)
    assert reg.allocate(PROVINCE, "circular", 2567).book_number == "ชม 0023.3/ว 63"
    assert reg.allocate(PROVINCE, "circular", 2567).running_no == 64
    with pytest.raises(DocengineError, match="gap"):
        reg.start_from(PROVINCE, "circular", 2567, 100)


def test_issue_records_files_with_sha256_and_a_failure_inside_reserving_marks_failed(reg, tmp_path):
    letter = _issue(reg, tmp_path, DISTRICT, "normal", date(2024, 1, 5), speed="ด่วน",
                    signer=reg.agency(DISTRICT).signer(),
                    references=[{"book_number": "ชม 0023.3/ว 63", "date": "2024-01-02"}])
    got = reg.get(letter.id)
    assert got.status == "issued" and got.chain_id == got.id and got.speed == "ด่วน"
    assert got.signer["capacity"] == "รักษาราชการแทน"
    (f,) = got.files
    assert f.role == "letter" and f.sha256 == hashlib.sha256("letter ชม 0023.05 2024-01-05".encode()).hexdigest()
    with pytest.raises(RuntimeError):
        with reg.reserving(DISTRICT, "normal", 2567) as alloc:
            raise RuntimeError("font missing")
    assert reg.get(alloc.id).status == "failed" and "font missing" in reg.get(alloc.id).reason


def test_issue_refuses_a_date_outside_the_books_year(reg):
    alloc = reg.allocate(DISTRICT, "normal", 2566)
    with pytest.raises(DocengineError, match="2566 book"):
        reg.issue(alloc, subject="x", recipients="y", date=date(2024, 1, 2))
    assert reg.get(alloc.id).status == "reserved"


def test_receipt_numbers_are_padded_like_the_seed_stamp_and_stored_in_utc(reg, tmp_path):
    letter = _issue(reg, tmp_path, DISTRICT, "normal", date(2024, 1, 5))
    reg.start_from(LAO, "receive", 2567, 69)
    r = reg.receive(LAO, letter_id=letter.id, received_at=datetime(2024, 1, 8, 6, 30))  # Bangkok wall clock
    assert r.receipt_no == "069/2567"
    assert r.received_at == datetime(2024, 1, 7, 23, 30, tzinfo=timezone.utc)
    assert (r.sender_book_number, r.sender_agency, r.sender_date) == ("ชม 0023.05/1", "อำเภอฝาง", date(2024, 1, 5))
    assert reg.get(letter.id).receipts[0].receipt_no == "069/2567"


def test_a_printed_number_is_linked_to_the_registered_letter(reg, tmp_path):
    reg.start_from(PROVINCE, "circular", 2567, 63)
    letter = _issue(reg, tmp_path, PROVINCE, "circular", date(2024, 1, 2))
    r = reg.receive(DISTRICT, sender_book_number="ชม ๐๐๒๓.๓/ว๖๓", sender_date=date(2024, 1, 2),
                    sender_agency="จังหวัดเชียงใหม่", subject="ประชาสัมพันธ์", received_at=datetime(2024, 1, 4, 9))
    assert r.letter_id == letter.id and r.sender_book_number == "ชม 0023.3/ว 63"


def test_receiving_the_same_letter_twice_is_an_error_and_takes_no_number(reg, tmp_path):
    letter = _issue(reg, tmp_path, DISTRICT, "normal", date(2024, 1, 5))
    first = reg.receive(LAO, letter_id=letter.id, received_at=datetime(2024, 1, 8, 9))
    with pytest.raises(DocengineError, match="already received") as err:
        reg.receive(LAO, sender_book_number="ชม 0023.05/1", sender_date=date(2024, 1, 5),
                    sender_agency="อำเภอฝาง", subject="x", received_at=datetime(2024, 1, 9, 9))
    assert first.receipt_no in err.value.en and first.receipt_no in err.value.th
    # Another agency may receive it; the LAO's next receipt is 002, not 003.
    other = reg.receive(LAO, sender_book_number="ชม 0023.05/99", sender_date=date(2024, 1, 5),
                        sender_agency="อำเภอฝาง", subject="x", received_at=datetime(2024, 1, 9, 9))
    assert other.receipt_no == "002/2567"


def test_receipt_checks_dates_and_routing_units(reg, tmp_path):
    letter = _issue(reg, tmp_path, DISTRICT, "normal", date(2024, 1, 5))
    with pytest.raises(DocengineError, match="before the letter's date"):
        reg.receive(LAO, letter_id=letter.id, received_at=datetime(2024, 1, 4, 9))
    with pytest.raises(DocengineError, match="routing list"):
        reg.receive(LAO, letter_id=letter.id, received_at=datetime(2024, 1, 8, 9), routing=["กองไม่มี"])
    assert reg.list("receive") == []


def test_endorsements_keep_their_order_and_cannot_precede_the_receipt(reg, tmp_path):
    letter = _issue(reg, tmp_path, DISTRICT, "normal", date(2024, 1, 5))
    r = reg.receive(LAO, letter_id=letter.id, received_at=datetime(2024, 1, 8, 9), routing=["งานธุรการ"])
    reg.endorse(r.id, "นาย ก", "นักพัฒนาชุมชนปฏิบัติการ", "เรียน นายกเทศมนตรี - เพื่อโปรดพิจารณา", date(2024, 1, 9))
    reg.endorse(r.id, "นาย ข", "ปลัดเทศบาล", "ทราบ", datetime(2024, 1, 9, 14, 5))
    with pytest.raises(DocengineError, match="precedes the receipt"):
        reg.endorse(r.id, "นาย ค", "นายกเทศมนตรี", "อนุมัติ", date(2024, 1, 7))
    with pytest.raises(NotFound):
        reg.endorse(999, "นาย ค", "นายกเทศมนตรี", "อนุมัติ")
    steps = reg.get_receipt(r.id).endorsements
    assert [(e.seq, e.position) for e in steps] == [(1, "นักพัฒนาชุมชนปฏิบัติการ"), (2, "ปลัดเทศบาล")]
    assert steps[1].endorsed_at == datetime(2024, 1, 9, 7, 5, tzinfo=timezone.utc)


def test_chain_from_any_letter_is_the_whole_tree_with_receipts(reg, tmp_path):
    dla = _issue(reg, tmp_path, DLA, "circular", date(2023, 12, 13))
    r_prov = reg.receive(PROVINCE, letter_id=dla.id, received_at=datetime(2023, 12, 20, 9))
    prov = _issue(reg, tmp_path, PROVINCE, "circular", date(2024, 1, 2), forwards_receipt_id=r_prov.id)
    r_dist = reg.receive(DISTRICT, letter_id=prov.id, received_at=datetime(2024, 1, 4, 9))
    dist = _issue(reg, tmp_path, DISTRICT, "normal", date(2024, 1, 5), forwards_receipt_id=r_dist.id)
    reg.receive(LAO, letter_id=dist.id, received_at=datetime(2024, 1, 8, 9))
    # A letter forwarding something the province received cannot claim a receipt of another agency.
    with pytest.raises(DocengineError, match="not by"):
        _issue(reg, tmp_path, DISTRICT, "normal", date(2024, 1, 6), forwards_receipt_id=r_prov.id)

    tree = reg.chain(dist.id)
    assert tree.letter.id == dla.id
    walked = [(depth, n.letter.book_number, [r.receipt_no for r in n.receipts]) for depth, n in tree.walk()]
    assert walked == [(0, "มท 0810.6/ว 1", ["001/2566"]), (1, "ชม 0023.3/ว 1", ["001/2567"]),
                      (2, "ชม 0023.05/1", ["001/2567"])]
    assert reg.get(dist.id).parent_id == prov.id and reg.get(dist.id).chain_id == dla.id
    with pytest.raises(NotFound, match="ไม่พบหนังสือ"):
        reg.chain(12345)


def test_office_file_adds_an_agency(tmp_path):
    office = tmp_path / "office.yaml"
    office.write_text(
        "agency:\n  code: ชม 72202\n  name: องค์การบริหารส่วนตำบลทดสอบ\n  kind: lao\n  parent: ชม 0023.05\n",
        encoding="utf-8")
    reg = open_register(str(tmp_path / "o.sqlite3"), office=office, samples=True)  # its parent is a sample
    assert reg.agency("ชม 72202").origin == "office"
    bad = tmp_path / "bad.yaml"
    bad.write_text("agency:\n  code: ชม 1\n  name: x\n  kind: lao\n  parent: ชม 9999\n", encoding="utf-8")
    with pytest.raises(DocengineError, match="unknown parent"):
        open_register(str(tmp_path / "o.sqlite3"), office=bad)


def test_a_real_office_gets_no_sample_agencies(tmp_path):
    """The sample agencies (data/samples/agencies.yaml) come into a register only when named:
    no office (the command line's default, the sample office) or samples=True."""
    from docengine import Office, Register

    office = tmp_path / "office.yaml"
    office.write_text("name: องค์การบริหารส่วนตำบลทดสอบ\nagency:\n  code: กบ 72202\n"
                      "  name: องค์การบริหารส่วนตำบลทดสอบ\n  kind: lao\n  parent: กบ 0023.3\n", encoding="utf-8")
    real = Register.open(tmp_path / "real.sqlite3", office=office, create=True)
    codes = {a.code for a in real.agencies()}
    assert "กบ 72202" in codes and "กบ 0023.3" in codes
    assert not codes & {"ชม 52101", "ชม 0023.05", "ชม 0023.3"}
    assert Office.load(office).get("agency_code") == "กบ 72202"  # the office renders with its agency: key
    sample = Register.open(tmp_path / "sample.sqlite3", office=Office.sample(), create=True)
    assert "ชม 52101" in {a.code for a in sample.agencies()}
    bare = Register.open(tmp_path / "bare.sqlite3", create=True)
    assert "ชม 52101" not in {a.code for a in bare.agencies()}
    with pytest.raises(DocengineError, match="opened without an office"):
        bare.office
