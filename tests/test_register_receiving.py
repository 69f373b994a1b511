"""The receiving book (ทะเบียนหนังสือรับ) of docengine.register.books, as a saraban clerk meets it.

The เลขรับ before it is taken (padding, the Buddhist-era year of Bangkok time, one book per
agency), receiving a letter of the register or one from outside, every refusal with its exact
words in both languages and no number taken, the files recorded with a receipt, เกษียน
(endorsements), chains, the receiving book's list and its filters, and the recovery of a
receipt whose stamped copy a killed command left half made.
"""

from __future__ import annotations

import hashlib
import os
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select, update

from docengine.errors import EXIT_CONFLICT, DocengineError, RegisterConflict
from docengine.register import NotFound, UnknownAgency, open_register
from docengine.register.db import read_session, write_session
from docengine.register.tables import Agency, DocumentFile, Receipt
from docengine.thai import BANGKOK, be_year

DISTRICT, PROVINCE, DLA, LAO = "ชม 0023.05", "ชม 0023.3", "มท 0810.6", "ชม 52101"
# The LAO's printed routing list (data/samples/agencies.yaml): units and their sections.
LAO_ROUTING = ["สำนักปลัด", "งานธุรการ", "งานนโยบายและแผน", "งานการเจ้าหน้าที่", "งานพัฒนาชุมชน", "งานนิติการ",
               "งานกิจการสภา", "งานเกษตร", "งานป้องกัน", "กองคลัง", "กองช่าง", "กองสาธารณสุข", "กองการศึกษา"]
UTC = timezone.utc


def _file(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _issue(reg, tmp_path, agency=DISTRICT, series="normal", day=date(2024, 1, 5), **kw):
    """An issued letter of ``agency`` dated ``day``, with its PDF."""
    pdf = _file(tmp_path, f"{agency}-{series}-{day}-{kw.get('subject', '')}.pdf".replace(" ", "_").replace("/", "_"),
                f"letter {agency} {day}".encode())
    alloc = reg.allocate(agency, series, day.year + 543, letter_date=day)
    return reg.issue(alloc, subject=kw.pop("subject", "ประชาสัมพันธ์ทางรัฐ"),
                     recipients=kw.pop("recipients", "ผู้รับ"), files=[pdf], **kw)


def _outside(reg, agency=LAO, number="ศธ 0400/15", day=date(2024, 1, 5), at=datetime(2024, 1, 8, 9, 0), **kw):
    """Receive a letter that is not in the register, as printed."""
    return reg.receive(agency, sender_book_number=number, sender_date=day,
                       sender_agency=kw.pop("sender_agency", "สำนักงานเขตพื้นที่การศึกษา"),
                       subject=kw.pop("subject", "ขอความร่วมมือ"), received_at=at, **kw)


def _owner(reg, receipt_id):
    with read_session(reg.engine) as s:
        row = s.execute(select(Receipt.owner_host, Receipt.owner_pid, Receipt.owner_started)
                        .where(Receipt.id == receipt_id)).one()
    return tuple(row)


def _kill_owner(reg, receipt_id):
    """The process that owns the receipt's work is gone (its pid now runs a process started at another time)."""
    with write_session(reg.engine) as s:
        s.execute(update(Receipt).where(Receipt.id == receipt_id)
                  .values(owner_pid=os.getppid(), owner_started="another-boot:1"))


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- the next เลขรับ -----------------------------------------------------------------------


def test_the_next_receipt_number_is_padded_to_three_digits_and_nothing_is_taken(reg):
    assert reg.next_receipt_no(LAO, datetime(2024, 1, 8, 9)) == "001/2567"
    assert reg.next_receipt_no(LAO, datetime(2024, 1, 8, 9)) == "001/2567"
    assert reg.list("receive") == []
    reg.start_from(LAO, "receive", 2567, 999)
    assert reg.next_receipt_no("ชม๕๒๑๐๑", datetime(2024, 1, 8, 9)) == "999/2567"
    _outside(reg)
    assert reg.next_receipt_no(LAO, datetime(2024, 1, 8, 9)) == "1000/2567"  # wider numbers are written whole


def test_the_next_receipt_number_follows_the_bangkok_year_of_the_time_given(reg):
    assert reg.next_receipt_no(LAO, datetime(2023, 12, 31, 23, 59)) == "001/2566"  # naive: Bangkok wall clock
    # 17:30 UTC on 31 December is half past midnight of New Year's Day in Bangkok
    assert reg.next_receipt_no(LAO, datetime(2023, 12, 31, 17, 30, tzinfo=UTC)) == "001/2567"
    assert reg.next_receipt_no(LAO, datetime(2023, 12, 31, 16, 59, tzinfo=UTC)) == "001/2566"
    assert reg.next_receipt_no(LAO) == f"001/{be_year(datetime.now(BANGKOK))}"


def test_each_agency_and_each_year_has_its_own_receiving_book(reg):
    _outside(reg, LAO, "ศธ 0400/1")
    _outside(reg, LAO, "ศธ 0400/2")
    assert reg.next_receipt_no(LAO, datetime(2024, 1, 8, 9)) == "003/2567"
    assert reg.next_receipt_no(DISTRICT, datetime(2024, 1, 8, 9)) == "001/2567"
    assert reg.next_receipt_no(LAO, datetime(2025, 1, 8, 9)) == "001/2568"
    with pytest.raises(UnknownAgency):
        reg.next_receipt_no("ชม 52109")


def test_the_width_of_a_receipt_number_comes_from_the_numbering_rules(tmp_path, monkeypatch):
    from docengine.register import agencies

    rules = agencies.numbering_rules()
    monkeypatch.setattr(agencies, "numbering_rules", lambda: {**rules, "receipt_width": 4})
    reg = open_register(f"sqlite:///{tmp_path / 'w.sqlite3'}")
    try:
        assert reg.next_receipt_no(LAO, datetime(2024, 1, 8, 9)) == "0001/2567"
        assert _outside(reg).receipt_no == "0001/2567"
    finally:
        reg.close()


# --- receiving ------------------------------------------------------------------------------


def test_a_letter_from_outside_is_recorded_with_everything_given(reg, tmp_path):
    original = _file(tmp_path, "original.pdf", b"the paper letter, scanned")
    note = _file(tmp_path, "enclosure.txt", b"list")
    r = reg.receive(LAO, sender_book_number="ศธ ๐๔๐๐/ว๑๕", sender_date=date(2024, 1, 5),
                    sender_agency="สำนักงานเขตพื้นที่การศึกษา", subject="ขอความร่วมมือ",
                    received_at=datetime(2024, 1, 8, 6, 30), addressee="นายกเทศมนตรีตำบลสันทราย",
                    routing=["กองคลัง", "งานธุรการ"], action="แจ้งกองคลัง", note="ด่วน",
                    files=[original, note])
    expected = {
        "id": r.id, "book": "receive", "agency_code": LAO, "receipt_no": "001/2567", "running_no": 1, "year": 2567,
        "received_at": "2024-01-07T23:30:00+00:00", "book_number": "ศธ 0400/ว 15", "date": "2024-01-05",
        "sender_agency": "สำนักงานเขตพื้นที่การศึกษา", "sender_agency_code": None,
        "addressee": "นายกเทศมนตรีตำบลสันทราย", "subject": "ขอความร่วมมือ", "letter_id": None,
        "routing": ["กองคลัง", "งานธุรการ"], "action": "แจ้งกองคลัง", "note": "ด่วน", "endorsements": [],
        "files": [
            {"role": "letter", "path": str(original.resolve()), "sha256": _sha(b"the paper letter, scanned"),
             "size": 25, "media_type": "application/pdf"},
            {"role": "enclosure", "path": str(note.resolve()), "sha256": _sha(b"list"), "size": 4,
             "media_type": "text/plain"},
        ],
        "pending": None,
    }
    assert r.to_dict() == expected
    assert reg.get_receipt(r.id).to_dict() == expected
    assert r.received_at == datetime(2024, 1, 7, 23, 30, tzinfo=UTC) and r.received_at.utcoffset() == timedelta(0)
    assert r.routing == ("กองคลัง", "งานธุรการ") and r.files[0].staged_path is None
    assert _owner(reg, r.id) == (None, None, None)  # nothing left for recovery to do
    assert [x.id for x in reg.list("receive")] == [r.id]


def test_files_given_as_role_and_path_keep_their_role(reg, tmp_path):
    pdf = _file(tmp_path, "a.pdf", b"%PDF-1.7 a")
    r = _outside(reg, files=[("received", pdf)])
    (f,) = reg.get_receipt(r.id).files
    assert (f.role, f.path, f.sha256, f.size, f.media_type) == (
        "received", str(pdf.resolve()), _sha(b"%PDF-1.7 a"), 10, "application/pdf")


def test_a_missing_file_refuses_the_receipt_before_a_number_is_taken(reg, tmp_path):
    gone = tmp_path / "gone.pdf"
    with pytest.raises(DocengineError) as e:
        _outside(reg, files=[gone])
    assert e.value.en == f"cannot read rendered file {gone}: No such file or directory"
    assert e.value.th == f"อ่านแฟ้มเอกสาร {gone} ไม่ได้"
    assert reg.list("receive") == [] and reg.next_receipt_no(LAO, datetime(2024, 1, 8, 9)) == "001/2567"


def test_a_letter_of_the_register_received_by_its_id_copies_its_number_date_sender_and_subject(reg, tmp_path):
    letter = _issue(reg, tmp_path, DISTRICT, subject="ประชุมประจำเดือน")
    r = reg.receive(LAO, letter_id=letter.id, received_at=datetime(2024, 1, 8, 9))
    assert (r.letter_id, r.sender_agency_code, r.sender_book_number, r.sender_date, r.sender_agency, r.subject) == (
        letter.id, DISTRICT, "ชม 0023.05/1", date(2024, 1, 5), "อำเภอฝาง", "ประชุมประจำเดือน")
    assert [x.id for x in reg.get(letter.id).receipts] == [r.id]


def test_what_the_clerk_gives_wins_over_the_letters_sender_and_subject(reg, tmp_path):
    letter = _issue(reg, tmp_path, DISTRICT, subject="ประชุมประจำเดือน")
    r = reg.receive(LAO, letter_id=letter.id, sender_agency="ที่ว่าการอำเภอฝาง", subject="ประชุม (สำเนา)",
                    sender_book_number="ชม ๐๐๒๓.๐๕/๑", sender_date=date(2024, 1, 5),
                    received_at=datetime(2024, 1, 8, 9))
    assert (r.letter_id, r.sender_agency, r.subject, r.sender_book_number) == (
        letter.id, "ที่ว่าการอำเภอฝาง", "ประชุม (สำเนา)", "ชม 0023.05/1")


def test_a_sender_without_an_issuer_is_named_by_its_agency_name(reg, tmp_path):
    letter = _issue(reg, tmp_path, DISTRICT)
    with write_session(reg.engine) as s:
        s.execute(update(Agency).where(Agency.code == DISTRICT).values(issuer=None))
    r = reg.receive(LAO, letter_id=letter.id, received_at=datetime(2024, 1, 8, 9))
    assert r.sender_agency == "สำนักงานส่งเสริมการปกครองท้องถิ่นอำเภอฝาง"


def test_a_letter_id_with_another_number_or_date_is_refused_naming_both(reg, tmp_path):
    letter = _issue(reg, tmp_path, DISTRICT)
    with pytest.raises(DocengineError) as e:
        reg.receive(LAO, letter_id=letter.id, sender_book_number="ชม 0023.05/7", received_at=datetime(2024, 1, 8, 9))
    assert e.value.en == (f"letter id {letter.id} does not match what was given: "
                          "book number / ที่: ชม 0023.05/7 ≠ ชม 0023.05/1")
    assert e.value.th == (f"ข้อมูลไม่ตรงกับหนังสือ id {letter.id} ในทะเบียน: "
                          "book number / ที่: ชม 0023.05/7 ≠ ชม 0023.05/1")
    with pytest.raises(DocengineError) as e:
        reg.receive(LAO, letter_id=letter.id, sender_book_number="ชม 0023.05/7", sender_date=date(2024, 1, 6),
                    received_at=datetime(2024, 1, 8, 9))
    assert e.value.en == (f"letter id {letter.id} does not match what was given: book number / ที่: "
                          "ชม 0023.05/7 ≠ ชม 0023.05/1; date / ลงวันที่: 2024-01-06 ≠ 2024-01-05")
    with pytest.raises(DocengineError) as e:
        reg.receive(LAO, letter_id=letter.id, sender_date=date(2024, 1, 4), received_at=datetime(2024, 1, 8, 9))
    assert e.value.en == (f"letter id {letter.id} does not match what was given: "
                          "date / ลงวันที่: 2024-01-04 ≠ 2024-01-05")
    assert reg.list("receive") == [] and reg.next_receipt_no(LAO, datetime(2024, 1, 8, 9)) == "001/2567"


def _number_left(reg, how):
    """ชม 0023.05/1 of 5 January, left reserved, cancelled or failed (never issued)."""
    alloc = reg.allocate(DISTRICT, "normal", 2567, letter_date=date(2024, 1, 5))
    if how == "cancelled":
        reg.cancel(alloc.id, "ออกผิด")
    elif how == "failed":
        reg.fail(alloc, "พิมพ์ไม่ได้")
    return alloc


@pytest.mark.parametrize("how", ["reserved", "cancelled", "failed"])
def test_a_letter_id_of_a_number_not_issued_is_refused_with_its_status(reg, how):
    alloc = _number_left(reg, how)
    with pytest.raises(DocengineError) as e:
        reg.receive(LAO, letter_id=alloc.id, received_at=datetime(2024, 1, 8, 9))
    assert e.value.en == f"letter id {alloc.id} (ชม 0023.05/1) is {how}, not issued"
    assert e.value.th == f"หนังสือ id {alloc.id} (ชม 0023.05/1) ยังไม่ได้ออก (สถานะ {how})"
    assert reg.list("receive") == []


def test_an_unknown_letter_id_or_agency_is_refused_and_takes_no_number(reg):
    with pytest.raises(NotFound) as e:
        reg.receive(LAO, letter_id=999, received_at=datetime(2024, 1, 8, 9))
    assert (e.value.en, e.value.th) == ("no letter with id 999 in the register", "ไม่พบหนังสือ id 999 ในทะเบียน")
    with pytest.raises(UnknownAgency):
        _outside(reg, "ชม 52109")
    assert reg.list("receive") == [] and reg.next_receipt_no(LAO, datetime(2024, 1, 8, 9)) == "001/2567"


def test_a_printed_number_links_only_to_the_issued_letter_of_that_date(reg, tmp_path):
    letter = _issue(reg, tmp_path, DISTRICT)  # ชม 0023.05/1 of 5 January
    other_day = _outside(reg, number="ชม 0023.05/1", day=date(2024, 1, 4), sender_agency="อำเภออื่น")
    assert (other_day.letter_id, other_day.sender_agency_code, other_day.sender_agency) == (None, None, "อำเภออื่น")
    linked = _outside(reg, number="ชม 0023.05/1", day=date(2024, 1, 5), sender_agency="อำเภอฝาง (พิมพ์)")
    assert (linked.letter_id, linked.sender_agency_code, linked.sender_agency, linked.subject) == (
        letter.id, DISTRICT, "อำเภอฝาง (พิมพ์)", "ขอความร่วมมือ")


@pytest.mark.parametrize("how", ["reserved", "cancelled", "failed"])
def test_a_printed_number_of_a_letter_not_issued_is_received_as_an_outside_letter(reg, how):
    alloc = _number_left(reg, how)
    r = _outside(reg, number="ชม 0023.05/1", day=date(2024, 1, 5))
    assert (r.letter_id, r.sender_agency_code) == (None, None)


def test_an_outside_letter_must_give_its_number_date_sender_and_subject(reg):
    with pytest.raises(DocengineError) as e:
        reg.receive(LAO, received_at=datetime(2024, 1, 8, 9))
    assert e.value.en == "to receive a letter not in the register give sender_book_number, sender_date, " \
                         "sender_agency, subject"
    assert e.value.th == "หนังสือที่ไม่มีในทะเบียน ต้องระบุ sender_book_number, sender_date, sender_agency, subject"
    with pytest.raises(DocengineError) as e:
        reg.receive(LAO, sender_date=date(2024, 1, 5), sender_agency="ก", subject="ข",
                    received_at=datetime(2024, 1, 8, 9))
    assert e.value.en == "to receive a letter not in the register give sender_book_number"
    with pytest.raises(DocengineError) as e:
        reg.receive(LAO, sender_book_number="ศธ 0400/15", sender_agency="ก", subject="",
                    received_at=datetime(2024, 1, 8, 9))
    assert e.value.th == "หนังสือที่ไม่มีในทะเบียน ต้องระบุ sender_date, subject"
    assert reg.list("receive") == []


def test_a_letter_received_on_its_own_date_is_taken_and_the_day_before_refused(reg):
    with pytest.raises(DocengineError) as e:
        _outside(reg, day=date(2024, 1, 5), at=datetime(2024, 1, 4, 23, 59))
    assert e.value.en == "received 2024-01-04 before the letter's date 2024-01-05"
    assert e.value.th == "วันที่รับ (2024-01-04) อยู่ก่อนวันที่ของหนังสือ (2024-01-05)"
    assert reg.list("receive") == []
    # 18:00 UTC on the 4th is 01:00 on the 5th in Bangkok: the letter's own day
    r = _outside(reg, day=date(2024, 1, 5), at=datetime(2024, 1, 4, 18, 0, tzinfo=UTC))
    assert (r.receipt_no, r.received_at) == ("001/2567", datetime(2024, 1, 4, 18, 0, tzinfo=UTC))


def test_a_receipt_at_new_year_in_bangkok_opens_the_new_years_book(reg):
    old = _outside(reg, number="ศธ 0400/1", day=date(2023, 12, 29), at=datetime(2023, 12, 31, 23, 59))
    new = _outside(reg, number="ศธ 0400/2", day=date(2023, 12, 29), at=datetime(2023, 12, 31, 17, 1, tzinfo=UTC))
    assert (old.receipt_no, old.year_be, old.running_no) == ("001/2566", 2566, 1)
    assert (new.receipt_no, new.year_be, new.running_no) == ("001/2567", 2567, 1)
    assert new.received_at == datetime(2023, 12, 31, 17, 1, tzinfo=UTC)


def test_a_time_of_receipt_in_the_future_is_refused(reg):
    soon = datetime.now(BANGKOK).replace(second=0, microsecond=0) + timedelta(days=3)
    with pytest.raises(DocengineError) as e:
        _outside(reg, at=soon)
    shown = soon.strftime("%Y-%m-%d %H:%M")
    assert e.value.en.startswith(f"time of receipt / เวลารับ {shown} is in the future (more than 1 day after now, ")
    assert e.value.th.startswith(f"time of receipt / เวลารับ {shown} เป็นวันเวลาในอนาคต เกินกว่า 1 วัน")
    assert reg.list("receive") == []


def test_a_letter_dated_in_the_future_is_refused(reg):
    later = datetime.now(BANGKOK).date() + timedelta(days=5)
    with pytest.raises(DocengineError) as e:
        reg.receive(LAO, sender_book_number="ศธ 0400/15", sender_date=later, sender_agency="ก", subject="ข")
    assert e.value.en.startswith(f"letter date / ลงวันที่ {later.isoformat()} is in the future (more than 1 day")
    assert e.value.th.startswith(f"letter date / ลงวันที่ {later.isoformat()} เป็นวันเวลาในอนาคต")
    assert reg.list("receive") == []


def test_a_receipt_without_a_time_is_received_now_in_the_current_years_book(reg):
    before = datetime.now(UTC)
    r = reg.receive(LAO, sender_book_number="ศธ 0400/15", sender_date=date(2024, 1, 5), sender_agency="ก",
                    subject="ข")
    assert before <= r.received_at <= datetime.now(UTC) and r.received_at.utcoffset() == timedelta(0)
    assert r.year_be == be_year(r.received_at.astimezone(BANGKOK)) and r.receipt_no == f"001/{r.year_be}"


def test_routing_units_and_sections_of_the_agencys_list_are_kept_in_order(reg):
    r = _outside(reg, routing=["งานธุรการ", "กองคลัง", "สำนักปลัด"])
    assert reg.get_receipt(r.id).routing == ("งานธุรการ", "กองคลัง", "สำนักปลัด")


def test_a_unit_not_on_the_routing_list_is_refused_naming_it_and_the_known_ones(reg):
    with pytest.raises(DocengineError) as e:
        _outside(reg, routing=["กองคลัง", "กองไม่มี", "งานลับ"])
    assert e.value.en == (f"not on the routing list of {LAO}: กองไม่มี, งานลับ (known: "
                          f"{', '.join(sorted(LAO_ROUTING))})")
    assert e.value.th == f"ไม่มีในรายการหน่วยงานของ {LAO}: กองไม่มี, งานลับ"
    assert reg.list("receive") == [] and reg.next_receipt_no(LAO, datetime(2024, 1, 8, 9)) == "001/2567"


def test_an_agency_without_a_routing_list_knows_no_unit(reg):
    with pytest.raises(DocengineError) as e:
        _outside(reg, DISTRICT, routing=["กองคลัง"])
    assert e.value.en == f"not on the routing list of {DISTRICT}: กองคลัง (known: none)"
    assert e.value.th == f"ไม่มีในรายการหน่วยงานของ {DISTRICT}: กองคลัง"
    assert _outside(reg, DISTRICT).routing == ()


def test_an_outside_letter_received_twice_is_refused_with_its_receipt_and_takes_no_number(reg):
    # 06:30 in Bangkok on the 8th is still the 7th in UTC: the message gives the Bangkok day
    first = _outside(reg, number="ศธ 0400/15", at=datetime(2024, 1, 8, 6, 30))
    with pytest.raises(RegisterConflict) as e:
        _outside(reg, number="ศธ ๐๔๐๐/๑๕", at=datetime(2024, 1, 9, 9), subject="อีกครั้ง")
    assert e.value.en == f"{LAO} already received ศธ 0400/15 (2024-01-05) as receipt no. 001/2567 on 2024-01-08"
    assert e.value.th == f"{LAO} ลงรับหนังสือ ศธ 0400/15 แล้ว เลขรับ 001/2567 เมื่อ 2024-01-08"
    assert e.value.exit_code == EXIT_CONFLICT
    assert [r.id for r in reg.list("receive")] == [first.id]
    assert reg.next_receipt_no(LAO, datetime(2024, 1, 9, 9)) == "002/2567"


def test_the_same_number_of_another_date_or_another_number_of_the_date_is_a_new_letter(reg):
    _outside(reg, number="ศธ 0400/15", day=date(2024, 1, 5))
    again = _outside(reg, number="ศธ 0400/15", day=date(2024, 1, 6))
    other = _outside(reg, number="ศธ 0400/16", day=date(2024, 1, 5))
    there = _outside(reg, DISTRICT, number="ศธ 0400/15", day=date(2024, 1, 5))
    assert [again.receipt_no, other.receipt_no, there.receipt_no] == ["002/2567", "003/2567", "001/2567"]


def test_a_letter_received_by_id_twice_is_refused(reg, tmp_path):
    letter = _issue(reg, tmp_path, DISTRICT)
    reg.receive(LAO, letter_id=letter.id, received_at=datetime(2024, 1, 8, 9))
    with pytest.raises(RegisterConflict) as e:
        reg.receive(LAO, letter_id=letter.id, received_at=datetime(2024, 1, 10, 9))
    assert e.value.en == f"{LAO} already received ชม 0023.05/1 (2024-01-05) as receipt no. 001/2567 on 2024-01-08"
    assert len(reg.list("receive")) == 1


def test_a_registered_file_as_the_stamped_copy_is_refused_after_the_duplicate_check(reg, tmp_path):
    letter = _issue(reg, tmp_path, DISTRICT)
    (pdf,) = letter.files
    with pytest.raises(DocengineError) as e:
        reg.receive(LAO, letter_id=letter.id, received_at=datetime(2024, 1, 8, 9), outputs=[pdf.path, None])
    assert e.value.en == (f"{pdf.path} is the letter file of letter ชม 0023.05/1 (id {letter.id}): a registered "
                          "file is never replaced; choose another output name (nothing was numbered or written)")
    assert e.value.th.startswith(f"{pdf.path} เป็นแฟ้มที่ลงทะเบียนแล้ว แฟ้มที่ลงทะเบียนแล้วจะไม่ถูกเขียนทับ")
    assert reg.list("receive") == []
    first = reg.receive(LAO, letter_id=letter.id, received_at=datetime(2024, 1, 8, 9),
                        outputs=[tmp_path / "stamped.pdf", None])
    assert first.receipt_no == "001/2567"
    with pytest.raises(RegisterConflict):  # a second receipt is a duplicate whatever its outputs
        reg.receive(LAO, letter_id=letter.id, received_at=datetime(2024, 1, 8, 9), outputs=[pdf.path])


def test_a_receipt_whose_stamped_copy_is_still_to_be_made_belongs_to_this_process(reg):
    r = _outside(reg, pending="stamp")
    assert r.pending == "stamp" and reg.get_receipt(r.id).pending == "stamp"
    host, pid, started = _owner(reg, r.id)
    assert pid == os.getpid() and host and started
    assert reg.unstamped_receipts() == []  # a live process is making it
    assert reg.recover().restamp == []


# --- files of a receipt -------------------------------------------------------------------------


def test_attached_files_are_stamped_copies_with_their_hash_after_the_receipts_own(reg, tmp_path):
    original = _file(tmp_path, "orig.pdf", b"original")
    r = _outside(reg, files=[("received", original)])
    stamped = _file(tmp_path, "stamped.pdf", b"stamped copy")
    sheet = _file(tmp_path, "sheet.txt", b"routing")
    got = reg.attach_receipt_files(r.id, [stamped, ("routing", sheet)])
    assert [(f.role, f.path, f.sha256, f.size, f.media_type, f.staged_path) for f in got.files] == [
        ("received", str(original.resolve()), _sha(b"original"), 8, "application/pdf", None),
        ("stamped", str(stamped.resolve()), _sha(b"stamped copy"), 12, "application/pdf", None),
        ("routing", str(sheet.resolve()), _sha(b"routing"), 7, "text/plain", None),
    ]
    assert reg.get_receipt(r.id).files == got.files
    assert _owner(reg, r.id) == (None, None, None)  # nothing staged: nothing to recover
    assert reg.registered_file(stamped) == f"the stamped file of receipt 001/2567 of {LAO} (id {r.id})"


def test_a_staged_copy_makes_this_process_the_owner_until_it_is_in_place(reg, tmp_path):
    r = _outside(reg)
    final, temp = tmp_path / "stamped.pdf", _file(tmp_path, ".stamped.pdf.part", b"stamped")
    plain = _file(tmp_path, "plain.pdf", b"plain")
    got = reg.attach_receipt_files(r.id, [plain, ("stamped", final, temp)])
    assert [(f.role, f.path, f.staged_path, f.sha256) for f in got.files] == [
        ("stamped", str(plain.resolve()), None, _sha(b"plain")),
        ("stamped", str(final.resolve()), str(temp.resolve()), _sha(b"stamped"))]
    assert got.files[1].to_dict()["staged_path"] == str(temp.resolve())
    assert _owner(reg, r.id)[1] == os.getpid()
    done = reg.files_in_place(receipt_id=r.id)
    assert [f.staged_path for f in done.files] == [None, None] and _owner(reg, r.id) == (None, None, None)


def test_a_staged_copy_keeps_an_owner_already_recorded(reg, tmp_path):
    r = _outside(reg, pending="stamp")
    with write_session(reg.engine) as s:
        s.execute(update(Receipt).where(Receipt.id == r.id)
                  .values(owner_host="desk-2", owner_pid=4242, owner_started="boot:7"))
    temp = _file(tmp_path, ".s.pdf.part", b"s")
    reg.attach_receipt_files(r.id, [("stamped", tmp_path / "s.pdf", temp)])
    assert _owner(reg, r.id) == ("desk-2", 4242, "boot:7")


def test_files_for_an_unknown_receipt_are_refused(reg, tmp_path):
    pdf = _file(tmp_path, "s.pdf", b"s")
    with pytest.raises(NotFound) as e:
        reg.attach_receipt_files(77, [pdf])
    assert (e.value.en, e.value.th) == ("no receipt with id 77 in the register",
                                        "ไม่พบรายการรับหนังสือ id 77 ในทะเบียน")
    with read_session(reg.engine) as s:
        assert s.scalars(select(DocumentFile)).all() == []


def test_an_unknown_receipt_id_is_not_found(reg):
    with pytest.raises(NotFound) as e:
        reg.get_receipt(5)
    assert (e.value.en, e.value.th) == ("no receipt with id 5 in the register", "ไม่พบรายการรับหนังสือ id 5 ในทะเบียน")


# --- เกษียน ---------------------------------------------------------------------------------------


def test_an_endorsement_dated_by_hand_has_a_date_and_no_time(reg):
    r = _outside(reg)
    e = reg.endorse(r.id, "  นาย ก  ", " ปลัดเทศบาล ", "  เรียน นายกเทศมนตรี\nเพื่อโปรดพิจารณา  ", date(2024, 1, 9))
    assert (e.receipt_id, e.seq, e.actor, e.position, e.text, e.endorsed_on, e.endorsed_at) == (
        r.id, 1, "นาย ก", "ปลัดเทศบาล", "เรียน นายกเทศมนตรี\nเพื่อโปรดพิจารณา", date(2024, 1, 9), None)
    (kept,) = reg.get_receipt(r.id).endorsements
    assert kept == e
    assert kept.to_dict() == {"id": e.id, "receipt_id": r.id, "seq": 1, "actor": "นาย ก", "position": "ปลัดเทศบาล",
                              "text": "เรียน นายกเทศมนตรี\nเพื่อโปรดพิจารณา", "date": "2024-01-09",
                              "timestamp": None}


def test_an_endorsement_at_a_time_is_dated_by_the_bangkok_day(reg):
    r = _outside(reg)
    e = reg.endorse(r.id, "นาย ข", "นายกเทศมนตรี", "อนุมัติ", datetime(2024, 1, 9, 18, 30, tzinfo=UTC))
    assert (e.endorsed_on, e.endorsed_at) == (date(2024, 1, 10), datetime(2024, 1, 9, 18, 30, tzinfo=UTC))
    naive = reg.endorse(r.id, "นาย ค", "รองนายก", "ทราบ", datetime(2024, 1, 10, 6, 0))  # Bangkok wall clock
    assert (naive.seq, naive.endorsed_on, naive.endorsed_at) == (2, date(2024, 1, 10),
                                                                 datetime(2024, 1, 9, 23, 0, tzinfo=UTC))
    kept = reg.get_receipt(r.id).endorsements
    assert [(x.seq, x.endorsed_on, x.endorsed_at) for x in kept] == [
        (1, date(2024, 1, 10), datetime(2024, 1, 9, 18, 30, tzinfo=UTC)),
        (2, date(2024, 1, 10), datetime(2024, 1, 9, 23, 0, tzinfo=UTC))]
    assert kept[1].to_dict()["timestamp"] == "2024-01-09T23:00:00+00:00"


def test_an_endorsement_without_a_time_is_dated_now(reg):
    r = _outside(reg)
    before = datetime.now(UTC)
    e = reg.endorse(r.id, "นาย ก", "ปลัด", "ทราบ")
    assert before <= e.endorsed_at <= datetime.now(UTC)
    assert e.endorsed_on == e.endorsed_at.astimezone(BANGKOK).date()
    assert reg.get_receipt(r.id).endorsements[0].endorsed_at == e.endorsed_at


def test_endorsements_are_numbered_per_receipt(reg):
    a, b = _outside(reg, number="ศธ 0400/1"), _outside(reg, number="ศธ 0400/2")
    assert [reg.endorse(a.id, "นาย ก", "ปลัด", t, date(2024, 1, 9)).seq for t in ("หนึ่ง", "สอง", "สาม")] == [1, 2, 3]
    assert reg.endorse(b.id, "นาย ก", "ปลัด", "หนึ่ง", date(2024, 1, 9)).seq == 1
    assert [(e.seq, e.text) for e in reg.get_receipt(a.id).endorsements] == [(1, "หนึ่ง"), (2, "สอง"), (3, "สาม")]


def test_an_endorsement_on_the_day_of_receipt_is_taken_and_the_day_before_refused(reg):
    # received 06:30 on the 8th in Bangkok (the 7th in UTC): the 7th precedes it
    r = _outside(reg, at=datetime(2024, 1, 8, 6, 30))
    with pytest.raises(DocengineError) as e:
        reg.endorse(r.id, "นาย ก", "ปลัด", "ทราบ", date(2024, 1, 7))
    assert e.value.en == "endorsement dated 2024-01-07 precedes the receipt (2024-01-08)"
    assert e.value.th == "วันที่เกษียน (2024-01-07) อยู่ก่อนวันที่ลงรับ (2024-01-08)"
    with pytest.raises(DocengineError) as e:
        reg.endorse(r.id, "นาย ก", "ปลัด", "ทราบ", datetime(2024, 1, 7, 23, 59))
    assert e.value.en == "endorsement dated 2024-01-07 precedes the receipt (2024-01-08)"
    assert reg.get_receipt(r.id).endorsements == ()
    assert reg.endorse(r.id, "นาย ก", "ปลัด", "ทราบ", date(2024, 1, 8)).seq == 1


@pytest.mark.parametrize("by, position, text, missing", [
    ("", " ", None, "by, position, text"),
    ("นาย ก", "  ", "ทราบ", "position"),
    (None, "ปลัด", "ทราบ", "by"),
    ("นาย ก", "ปลัด", "\n", "text"),
])
def test_an_endorsement_needs_who_in_what_position_wrote_what(reg, by, position, text, missing):
    r = _outside(reg)
    with pytest.raises(DocengineError) as e:
        reg.endorse(r.id, by, position, text, date(2024, 1, 9))
    assert (e.value.en, e.value.th) == (f"an endorsement needs {missing}", f"การเกษียนต้องระบุ {missing}")
    assert reg.get_receipt(r.id).endorsements == ()


def test_an_endorsement_dated_in_the_future_or_of_no_receipt_is_refused(reg):
    r = _outside(reg)
    later = datetime.now(BANGKOK).date() + timedelta(days=5)
    with pytest.raises(DocengineError) as e:
        reg.endorse(r.id, "นาย ก", "ปลัด", "ทราบ", later)
    assert e.value.en.startswith(f"endorsement date / วันที่เกษียน {later.isoformat()} is in the future")
    with pytest.raises(NotFound) as e:
        reg.endorse(r.id + 1, "นาย ก", "ปลัด", "ทราบ", date(2024, 1, 9))
    assert e.value.en == f"no receipt with id {r.id + 1} in the register"
    assert reg.get_receipt(r.id).endorsements == ()


def test_an_endorsement_that_changes_the_stamp_marks_the_copy_to_be_remade(reg):
    r = _outside(reg)
    reg.endorse(r.id, "นาย ก", "ปลัด", "ทราบ", date(2024, 1, 9))
    assert reg.get_receipt(r.id).pending is None and _owner(reg, r.id) == (None, None, None)
    reg.endorse(r.id, "นาย ข", "นายก", "อนุมัติ", date(2024, 1, 9), restamp=True)
    assert reg.get_receipt(r.id).pending == "stamp" and _owner(reg, r.id)[1] == os.getpid()
    _kill_owner(reg, r.id)  # the command died before re-making the copy
    assert reg.recover().restamp == [r.id]
    assert reg.unstamped_receipts() == [r.id]


# --- recovery of a receipt --------------------------------------------------------------------------


def _half_stamped(reg, tmp_path, number="ศธ 0400/15"):
    """A receipt whose stamped copy was recorded under its temp name by a command that then died."""
    original = _file(tmp_path, f"orig-{number[-2:]}.pdf", b"original")
    r = _outside(reg, number=number, files=[("received", original)], pending="stamp")
    final = tmp_path / f"stamped-{number[-2:]}.pdf"
    temp = _file(tmp_path, f".stamped-{number[-2:]}.pdf.part", b"stamped copy")
    reg.attach_receipt_files(r.id, [("stamped", final, temp)])
    _kill_owner(reg, r.id)
    return r, final, temp


def test_recovery_puts_a_recorded_stamped_copy_in_place(reg, tmp_path):
    r, final, temp = _half_stamped(reg, tmp_path)
    result = reg.recover()
    assert (result.finished_receipts, result.restamp, result.failed, result.finished) == ([r.id], [], [], [])
    assert final.read_bytes() == b"stamped copy" and not temp.exists()
    got = reg.get_receipt(r.id)
    assert got.pending is None and [(f.role, f.staged_path) for f in got.files] == [("received", None),
                                                                                 ("stamped", None)]
    assert _owner(reg, r.id) == (None, None, None) and reg.unstamped_receipts() == []
    assert reg.recover().finished_receipts == []  # done once


def test_recovery_forgets_a_stamped_copy_whose_temp_file_is_gone(reg, tmp_path):
    r, final, temp = _half_stamped(reg, tmp_path)
    temp.unlink()
    result = reg.recover()
    assert (result.restamp, result.finished_receipts) == ([r.id], [])
    got = reg.get_receipt(r.id)
    assert got.pending == "stamp" and [f.role for f in got.files] == ["received"]
    assert _owner(reg, r.id) == (None, None, None)
    assert reg.unstamped_receipts() == [r.id]


def test_recovery_removes_a_half_written_temp_file_and_asks_for_a_new_stamp(reg, tmp_path):
    r, final, temp = _half_stamped(reg, tmp_path)
    temp.write_bytes(b"stamped co")  # cut short
    assert reg.recover().restamp == [r.id]
    assert not temp.exists() and not final.exists()
    assert [f.role for f in reg.get_receipt(r.id).files] == ["received"]


def test_recovery_finishes_a_copy_already_renamed_before_the_command_died(reg, tmp_path):
    r, final, temp = _half_stamped(reg, tmp_path)
    os.replace(temp, final)
    assert reg.recover().finished_receipts == [r.id]
    got = reg.get_receipt(r.id)
    assert got.pending is None and got.files[-1].staged_path is None and final.read_bytes() == b"stamped copy"


def test_recovery_leaves_a_live_commands_receipt_alone(reg, tmp_path):
    original = _file(tmp_path, "o.pdf", b"o")
    r = _outside(reg, files=[original], pending="stamp")
    temp = _file(tmp_path, ".s.pdf.part", b"s")
    reg.attach_receipt_files(r.id, [("stamped", tmp_path / "s.pdf", temp)])
    result = reg.recover()
    assert (result.restamp, result.finished_receipts) == ([], [])
    assert temp.exists() and reg.get_receipt(r.id).files[-1].staged_path == str(temp.resolve())
    assert _owner(reg, r.id)[1] == os.getpid()


def test_receipts_still_to_be_stamped_are_listed_in_id_order(reg, tmp_path):
    done = _outside(reg, number="ศธ 0400/1")
    a, _, ta = _half_stamped(reg, tmp_path, "ศธ 0400/22")
    b, _, tb = _half_stamped(reg, tmp_path, "ศธ 0400/33")
    ta.unlink()
    tb.unlink()
    assert sorted(reg.recover().restamp) == [a.id, b.id]
    assert reg.unstamped_receipts() == [a.id, b.id] and done.id not in reg.unstamped_receipts()


# --- chains -----------------------------------------------------------------------------------------


def test_a_chain_is_the_whole_tree_from_any_letter_with_branches_in_issue_order(reg, tmp_path):
    dla = _issue(reg, tmp_path, DLA, "circular", date(2023, 12, 13), subject="ราก")
    r_prov = reg.receive(PROVINCE, letter_id=dla.id, received_at=datetime(2023, 12, 20, 9))
    r_dist = reg.receive(DISTRICT, letter_id=dla.id, received_at=datetime(2023, 12, 21, 9))
    prov = _issue(reg, tmp_path, PROVINCE, "circular", date(2024, 1, 2), subject="จังหวัด",
                  forwards_receipt_id=r_prov.id)
    dist = _issue(reg, tmp_path, DISTRICT, "normal", date(2024, 1, 3), subject="อำเภอ", parent_id=dla.id)
    r_lao = reg.receive(LAO, letter_id=prov.id, received_at=datetime(2024, 1, 4, 9))
    _issue(reg, tmp_path, DISTRICT, "normal", date(2024, 1, 4), subject="เรื่องอื่น")  # another chain

    for start in (dla.id, prov.id, dist.id):
        tree = reg.chain(start)
        assert [(d, n.letter.id, [r.id for r in n.receipts]) for d, n in tree.walk()] == [
            (0, dla.id, [r_prov.id, r_dist.id]), (1, prov.id, [r_lao.id]), (1, dist.id, [])]
    tree = reg.chain(dist.id)
    assert [r.id for r in tree.letter.receipts] == [r_prov.id, r_dist.id]  # the letter knows its receipts
    child = tree.children[0]
    assert (child.letter.parent_id, child.letter.forwards_receipt_id, child.letter.chain_id) == (
        dla.id, r_prov.id, dla.id)
    assert [r.receipt_no for r in child.receipts] == ["001/2567"] and child.children == ()
    assert tree.children[1].letter.forwards_receipt_id is None
    assert tree.to_dict()["children"][0]["receipts"][0]["agency_code"] == LAO


def test_a_chain_of_a_number_not_yet_issued_is_that_line_alone(reg):
    alloc = reg.allocate(DISTRICT, "normal", 2567, letter_date=date(2024, 1, 5))
    tree = reg.chain(alloc.id)
    assert (tree.letter.id, tree.letter.status, tree.receipts, tree.children) == (alloc.id, "reserved", (), ())


def test_a_chain_of_an_unknown_letter_is_not_found(reg):
    with pytest.raises(NotFound) as e:
        reg.chain(404)
    assert (e.value.en, e.value.th) == ("no letter with id 404 in the register", "ไม่พบหนังสือ id 404 ในทะเบียน")


# --- the receiving book's list ------------------------------------------------------------------------


def _book(reg):
    """Receipts made out of book order: the LAO's and the district's, of 2566 and 2567."""
    _outside(reg, LAO, "ศธ 0400/1", date(2024, 1, 2), datetime(2024, 1, 3, 9))
    _outside(reg, DISTRICT, "ศธ 0400/2", date(2024, 1, 2), datetime(2024, 1, 4, 9))
    _outside(reg, LAO, "ศธ 0400/3", date(2023, 12, 1), datetime(2023, 12, 28, 9))
    _outside(reg, DISTRICT, "ศธ 0400/4", date(2023, 12, 1), datetime(2023, 12, 29, 9))
    # 06:00 on the 9th in Bangkok, the 8th in UTC
    _outside(reg, LAO, "ศธ 0400/5", date(2024, 1, 2), datetime(2024, 1, 9, 6, 0))


def test_the_receiving_book_lists_by_agency_then_year_then_number(reg):
    _book(reg)
    assert [(r.agency_code, r.receipt_no, r.sender_book_number) for r in reg.list("receive")] == [
        (DISTRICT, "001/2566", "ศธ 0400/4"), (DISTRICT, "001/2567", "ศธ 0400/2"),
        (LAO, "001/2566", "ศธ 0400/3"), (LAO, "001/2567", "ศธ 0400/1"), (LAO, "002/2567", "ศธ 0400/5")]
    assert reg.list("send") == []  # receipts are not lines of the outgoing books


def test_the_receiving_book_lists_one_year_or_one_agency(reg):
    _book(reg)
    assert [(r.agency_code, r.receipt_no) for r in reg.list("receive", 2566)] == [
        (DISTRICT, "001/2566"), (LAO, "001/2566")]
    assert [r.receipt_no for r in reg.list("receive", agency="ชม๕๒๑๐๑")] == ["001/2566", "001/2567", "002/2567"]
    assert [r.receipt_no for r in reg.list("receive", 2567, agency=DISTRICT)] == ["001/2567"]
    with pytest.raises(DocengineError, match="did you mean 2567"):
        reg.list("receive", 2024)
    with pytest.raises(UnknownAgency):
        reg.list("receive", agency="ชม 52109")


def test_the_receiving_book_filters_on_the_bangkok_day_of_receipt_both_ends_included(reg):
    _book(reg)

    def nos(**kw):
        return [(r.agency_code[-2:], r.receipt_no) for r in reg.list("receive", **kw)]

    assert nos(date_from=date(2024, 1, 4)) == [("05", "001/2567"), ("01", "002/2567")]
    assert nos(date_from=date(2024, 1, 9)) == [("01", "002/2567")]
    assert nos(date_to=date(2023, 12, 28)) == [("01", "001/2566")]
    assert nos(date_to=date(2024, 1, 8)) == [("05", "001/2566"), ("05", "001/2567"), ("01", "001/2566"),
                                             ("01", "001/2567")]
    assert nos(date_from=date(2023, 12, 29), date_to=date(2024, 1, 3)) == [("05", "001/2566"), ("01", "001/2567")]


def test_an_unknown_book_is_refused_naming_the_books(reg):
    with pytest.raises(DocengineError) as e:
        reg.list("recieve")
    assert e.value.en == "unknown book 'recieve': use send, receive, forms"
    assert e.value.th == "ไม่มีทะเบียน 'recieve' (ใช้ send, receive, forms)"
