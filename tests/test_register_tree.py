"""A letter chain as Thai text (docengine.register.tree) and the records the register hands back
(docengine.register.entries): the exact lines of ``docengine chain show`` (Thai digits, the
└─ / ├─ / │ branches, a status mark only for a letter not issued, เรื่อง / เรียน only when set,
a many-line เกษียน on one line) and every record's ``to_dict()`` (``register list --json``).
"""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from docengine.register import open_register
from docengine.register.agencies import AgencyInfo
from docengine.register.entries import (
    ChainNode,
    EndorsementRecord,
    FileRecord,
    LetterRecord,
    ReceiptRecord,
)
from docengine.register.tree import chain_lines

DISTRICT, PROVINCE, LAO = "ชม 0023.05", "ชม 0023.3", "ชม 52101"
UTC = timezone.utc
AGENCIES = {
    DISTRICT: AgencyInfo(code=DISTRICT, name="สำนักงานส่งเสริมการปกครองท้องถิ่นอำเภอฝาง", kind="district_office",
                         issuer="อำเภอฝาง"),
    PROVINCE: AgencyInfo(code=PROVINCE, name="สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดเชียงใหม่",
                         kind="province_office", issuer=None),
    LAO: AgencyInfo(code=LAO, name="เทศบาลตำบลสันทราย", kind="lao", issuer="ทต.สันทราย"),
}


def _letter(id=1, agency=DISTRICT, book_number="ชม 0023.05/1", day=date(2024, 1, 5), status="issued",
            subject=None, recipients=None, **kw) -> LetterRecord:
    return LetterRecord(id=id, agency_code=agency, series=kw.pop("series", "normal"), year_be=day.year + 543,
                        running_no=int(book_number.rsplit("/", 1)[-1].split()[-1]), book_number=book_number,
                        status=status, date=day, subject=subject, recipients=recipients, **kw)


def _receipt(id=1, agency=LAO, receipt_no="001/2567", at=datetime(2024, 1, 8, 2, 0, tzinfo=UTC),
             endorsements=(), **kw) -> ReceiptRecord:
    return ReceiptRecord(id=id, agency_code=agency, year_be=2567, running_no=int(receipt_no.split("/")[0]),
                         receipt_no=receipt_no, received_at=at, sender_book_number=kw.pop("number", "ชม 0023.05/1"),
                         sender_date=date(2024, 1, 5), sender_agency="อำเภอฝาง", sender_agency_code=DISTRICT,
                         subject="ประชุม", addressee=None, letter_id=1, endorsements=tuple(endorsements), **kw)


def _endorsement(seq=1, text="ทราบ", on=date(2024, 1, 9), at=None, actor="นาย ก", position="ปลัดเทศบาล"):
    return EndorsementRecord(id=seq, receipt_id=1, seq=seq, actor=actor, position=position, text=text,
                             endorsed_on=on, endorsed_at=at)


# --- one letter --------------------------------------------------------------------------------------


def test_a_lone_letter_shows_its_number_date_sender_subject_and_addressee_in_thai_digits():
    node = ChainNode(_letter(subject="ประชุม 20 ม.ค.", recipients="นายก 2 ท่าน"))
    assert chain_lines(node, AGENCIES) == [
        "ที่ ชม ๐๐๒๓.๐๕/๑ ลงวันที่ ๕ ม.ค. ๒๕๖๗ จาก อำเภอฝาง",
        "  เรื่อง ประชุม 20 ม.ค.",
        "  เรียน นายก 2 ท่าน",
    ]


def test_a_letter_without_subject_or_addressee_is_one_line():
    assert chain_lines(ChainNode(_letter()), AGENCIES) == ["ที่ ชม ๐๐๒๓.๐๕/๑ ลงวันที่ ๕ ม.ค. ๒๕๖๗ จาก อำเภอฝาง"]
    assert chain_lines(ChainNode(_letter(subject="ก")), AGENCIES)[1:] == ["  เรื่อง ก"]
    assert chain_lines(ChainNode(_letter(recipients="ข")), AGENCIES)[1:] == ["  เรียน ข"]


@pytest.mark.parametrize("status, mark", [("reserved", " [จองเลข]"), ("cancelled", " [ยกเลิก]"),
                                          ("failed", " [ออกเลขไม่สำเร็จ]"), ("issued", "")])
def test_only_a_letter_not_issued_is_marked_with_its_status(status, mark):
    (line,) = chain_lines(ChainNode(_letter(status=status)), AGENCIES)
    assert line == "ที่ ชม ๐๐๒๓.๐๕/๑ ลงวันที่ ๕ ม.ค. ๒๕๖๗ จาก อำเภอฝาง" + mark


def test_the_sender_is_its_issuer_else_its_name_else_its_code():
    circular = _letter(agency=PROVINCE, book_number="ชม 0023.3/ว 63", day=date(2024, 1, 2), series="circular")
    assert chain_lines(ChainNode(circular), AGENCIES) == [
        "ที่ ชม ๐๐๒๓.๓/ว ๖๓ ลงวันที่ ๒ ม.ค. ๒๕๖๗ จาก สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดเชียงใหม่"]
    unknown = _letter(agency="ชม 99999", book_number="ชม 99999/7")
    assert chain_lines(ChainNode(unknown), {}) == ["ที่ ชม ๙๙๙๙๙/๗ ลงวันที่ ๕ ม.ค. ๒๕๖๗ จาก ชม ๙๙๙๙๙"]


# --- receipts and endorsements ---------------------------------------------------------------------------


def test_a_receipt_shows_the_receivers_name_number_and_bangkok_time():
    # 23:30 UTC on the 7th is 06:30 on the 8th in Bangkok; the receiver is named, not its issuer
    node = ChainNode(_letter(), receipts=(_receipt(agency=DISTRICT, receipt_no="069/2567",
                                                   at=datetime(2024, 1, 7, 23, 30, tzinfo=UTC)),))
    assert chain_lines(node, AGENCIES) == [
        "ที่ ชม ๐๐๒๓.๐๕/๑ ลงวันที่ ๕ ม.ค. ๒๕๖๗ จาก อำเภอฝาง",
        "└─ รับ สำนักงานส่งเสริมการปกครองท้องถิ่นอำเภอฝาง เลขรับ ๐๖๙/๒๕๖๗ วันที่ ๘ ม.ค. ๒๕๖๗ เวลา ๐๖.๓๐ น.",
    ]
    lone = ChainNode(_letter(), receipts=(_receipt(agency="ชม 52199"),))
    assert chain_lines(lone, {})[1] == "└─ รับ ชม ๕๒๑๙๙ เลขรับ ๐๐๑/๒๕๖๗ วันที่ ๘ ม.ค. ๒๕๖๗ เวลา ๐๙.๐๐ น."


def test_endorsements_follow_their_receipt_on_one_line_each_with_urls_keeping_their_digits():
    steps = [
        _endorsement(1, "เรียน นายกเทศมนตรี\n  เพื่อโปรดพิจารณา\tภายใน 20 ม.ค.", on=date(2024, 1, 9)),
        _endorsement(12, "ดู https://santhai.go.th/2567/1 หรือ a1@santhai.go.th", on=date(2024, 1, 10),
                     at=datetime(2024, 1, 10, 18, 0, tzinfo=UTC), actor="นาย ข", position="นายกเทศมนตรี"),
    ]
    node = ChainNode(_letter(subject="ประชุม"), receipts=(_receipt(endorsements=steps),))
    assert chain_lines(node, AGENCIES) == [
        "ที่ ชม ๐๐๒๓.๐๕/๑ ลงวันที่ ๕ ม.ค. ๒๕๖๗ จาก อำเภอฝาง",
        "│ เรื่อง ประชุม",
        "└─ รับ เทศบาลตำบลสันทราย เลขรับ ๐๐๑/๒๕๖๗ วันที่ ๘ ม.ค. ๒๕๖๗ เวลา ๐๙.๐๐ น.",
        "     เกษียน ๑. นาย ก (ปลัดเทศบาล) ๙ ม.ค. ๒๕๖๗: เรียน นายกเทศมนตรี เพื่อโปรดพิจารณา ภายใน ๒๐ ม.ค.",
        # the time of an endorsement gives its Bangkok day (01:00 on the 11th)
        "     เกษียน ๑๒. นาย ข (นายกเทศมนตรี) ๑๑ ม.ค. ๒๕๖๗: ดู https://santhai.go.th/2567/1 หรือ a1@santhai.go.th",
    ]


# --- the tree ------------------------------------------------------------------------------------------


def test_a_tree_draws_receipts_then_forwarding_letters_with_branches_and_continuation_bars():
    g1 = ChainNode(_letter(4, LAO, "ชม 52101/3", date(2024, 1, 9)),
                   receipts=(_receipt(4, DISTRICT, "004/2567", at=datetime(2024, 1, 10, 2, 0, tzinfo=UTC)),))
    c1 = ChainNode(_letter(2, PROVINCE, "ชม 0023.3/ว 63", date(2024, 1, 2), subject="ส่งต่อ"),
                   receipts=(_receipt(2, LAO, "002/2567", endorsements=[
                       _endorsement(2, "ส่งกองคลัง", actor="นาย ข", position="นายก")]),), children=(g1,))
    c2 = ChainNode(_letter(3, DISTRICT, "ชม 0023.05/2", date(2024, 1, 3), recipients="นายกเทศมนตรี"))
    root = ChainNode(_letter(1, DISTRICT, "ชม 0023.05/1", subject="ต้นเรื่อง"),
                     receipts=(_receipt(1, PROVINCE, "001/2567", endorsements=[_endorsement()]),),
                     children=(c1, c2))
    assert chain_lines(root, AGENCIES) == [
        "ที่ ชม ๐๐๒๓.๐๕/๑ ลงวันที่ ๕ ม.ค. ๒๕๖๗ จาก อำเภอฝาง",
        "│ เรื่อง ต้นเรื่อง",
        "├─ รับ สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดเชียงใหม่ เลขรับ ๐๐๑/๒๕๖๗ วันที่ ๘ ม.ค. ๒๕๖๗ เวลา ๐๙.๐๐ น.",
        "│    เกษียน ๑. นาย ก (ปลัดเทศบาล) ๙ ม.ค. ๒๕๖๗: ทราบ",
        "├─ ที่ ชม ๐๐๒๓.๓/ว ๖๓ ลงวันที่ ๒ ม.ค. ๒๕๖๗ จาก สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดเชียงใหม่",
        "│  │ เรื่อง ส่งต่อ",
        "│  ├─ รับ เทศบาลตำบลสันทราย เลขรับ ๐๐๒/๒๕๖๗ วันที่ ๘ ม.ค. ๒๕๖๗ เวลา ๐๙.๐๐ น.",
        "│  │    เกษียน ๒. นาย ข (นายก) ๙ ม.ค. ๒๕๖๗: ส่งกองคลัง",
        "│  └─ ที่ ชม ๕๒๑๐๑/๓ ลงวันที่ ๙ ม.ค. ๒๕๖๗ จาก ทต.สันทราย",
        "│     └─ รับ สำนักงานส่งเสริมการปกครองท้องถิ่นอำเภอฝาง เลขรับ ๐๐๔/๒๕๖๗ วันที่ ๑๐ ม.ค. ๒๕๖๗ เวลา ๐๙.๐๐ น.",
        "└─ ที่ ชม ๐๐๒๓.๐๕/๒ ลงวันที่ ๓ ม.ค. ๒๕๖๗ จาก อำเภอฝาง",
        "     เรียน นายกเทศมนตรี",
    ]
    assert chain_lines(c2, AGENCIES, "> ") == ["> ที่ ชม ๐๐๒๓.๐๕/๒ ลงวันที่ ๓ ม.ค. ๒๕๖๗ จาก อำเภอฝาง",
                                               ">   เรียน นายกเทศมนตรี"]
    assert [(d, n.letter.id) for d, n in root.walk()] == [(0, 1), (1, 2), (2, 4), (1, 3)]
    assert [(d, n.letter.id) for d, n in c1.walk(5)] == [(5, 2), (6, 4)]


def test_the_chain_of_the_register_reads_as_the_clerk_sees_it(tmp_path):
    reg = open_register(f"sqlite:///{tmp_path / 'r.sqlite3'}")
    try:
        alloc = reg.allocate(DISTRICT, "normal", 2567, letter_date=date(2024, 1, 5))
        letter = reg.issue(alloc, subject="ขอเชิญประชุม", recipients="นายกเทศมนตรีตำบลสันทราย")
        r = reg.receive(LAO, letter_id=letter.id, received_at=datetime(2024, 1, 8, 9, 15))
        reg.endorse(r.id, "นายสมปอง ตัวอย่างการ", "ปลัดเทศบาลตำบลสันทราย", "เรียน นายก\nเพื่อโปรดทราบ",
                    datetime(2024, 1, 8, 10, 0))
        agencies = {a.code: a for a in reg.agencies()}
        assert chain_lines(reg.chain(letter.id), agencies) == [
            "ที่ ชม ๐๐๒๓.๐๕/๑ ลงวันที่ ๕ ม.ค. ๒๕๖๗ จาก อำเภอฝาง",
            "│ เรื่อง ขอเชิญประชุม",
            "│ เรียน นายกเทศมนตรีตำบลสันทราย",
            "└─ รับ เทศบาลตำบลสันทราย เลขรับ ๐๐๑/๒๕๖๗ วันที่ ๘ ม.ค. ๒๕๖๗ เวลา ๐๙.๑๕ น.",
            "     เกษียน ๑. นายสมปอง ตัวอย่างการ (ปลัดเทศบาลตำบลสันทราย) ๘ ม.ค. ๒๕๖๗: เรียน นายก เพื่อโปรดทราบ",
        ]
    finally:
        reg.close()


# --- the records' to_dict --------------------------------------------------------------------------------


def test_a_file_record_gives_its_temp_name_only_while_it_has_one():
    f = FileRecord("stamped", "/b/s.pdf", "ab" * 32, 12)
    assert (f.media_type, f.staged_path) == (None, None)
    assert f.to_dict() == {"role": "stamped", "path": "/b/s.pdf", "sha256": "ab" * 32, "size": 12, "media_type": None}
    staged = FileRecord("letter", "/b/l.pdf", "cd" * 32, 3, "application/pdf", "/b/.l.pdf.part")
    assert staged.to_dict() == {"role": "letter", "path": "/b/l.pdf", "sha256": "cd" * 32, "size": 3,
                                "media_type": "application/pdf", "staged_path": "/b/.l.pdf.part"}


def test_an_endorsement_record_gives_its_date_and_its_utc_time_when_known():
    e = _endorsement(2, "อนุมัติ", date(2024, 1, 10), datetime(2024, 1, 9, 18, 30, tzinfo=UTC))
    assert e.to_dict() == {"id": 2, "receipt_id": 1, "seq": 2, "actor": "นาย ก", "position": "ปลัดเทศบาล",
                           "text": "อนุมัติ", "date": "2024-01-10", "timestamp": "2024-01-09T18:30:00+00:00"}
    assert _endorsement().to_dict()["timestamp"] is None


def test_a_receipt_record_is_a_line_of_the_receiving_book():
    f = FileRecord("received", "/b/r.pdf", "ef" * 32, 9, "application/pdf")
    r = ReceiptRecord(id=7, agency_code=LAO, year_be=2567, running_no=69, receipt_no="069/2567",
                      received_at=datetime(2024, 1, 7, 23, 30, tzinfo=UTC), sender_book_number="ชม 0023.05/655",
                      sender_date=date(2024, 1, 5), sender_agency="อำเภอฝาง", sender_agency_code=DISTRICT,
                      subject="ประชาสัมพันธ์", addressee="นายกเทศมนตรี", letter_id=3, routing=("กองคลัง",),
                      action="แจ้งกอง", note="ด่วน", endorsements=(_endorsement(),), files=(f,), pending="stamp")
    assert r.to_dict() == {
        "id": 7, "book": "receive", "agency_code": LAO, "receipt_no": "069/2567", "running_no": 69, "year": 2567,
        "received_at": "2024-01-07T23:30:00+00:00", "book_number": "ชม 0023.05/655", "date": "2024-01-05",
        "sender_agency": "อำเภอฝาง", "sender_agency_code": DISTRICT, "addressee": "นายกเทศมนตรี",
        "subject": "ประชาสัมพันธ์", "letter_id": 3, "routing": ["กองคลัง"], "action": "แจ้งกอง", "note": "ด่วน",
        "endorsements": [_endorsement().to_dict()], "files": [f.to_dict()], "pending": "stamp",
    }
    bare = _receipt()
    assert (bare.routing, bare.action, bare.note, bare.files, bare.pending) == ((), None, None, (), None)
    assert (bare.to_dict()["routing"], bare.to_dict()["endorsements"], bare.to_dict()["files"]) == ([], [], [])


def test_a_letter_record_is_a_line_of_the_outgoing_book_with_who_received_it():
    f = FileRecord("letter", "/b/l.pdf", "01" * 32, 5, "application/pdf")
    letter = LetterRecord(
        id=3, agency_code=DISTRICT, series="circular", year_be=2567, running_no=63, book_number="ชม 0023.05/ว 63",
        status="issued", date=date(2024, 1, 5), subject="ประชาสัมพันธ์", recipients="นายก อปท. ทุกแห่ง",
        references=({"book_number": "ชม 0023.3/ว 1", "date": "2024-01-02"},), enclosures=({"title": "บัญชี"},),
        speed="ด่วน", secrecy="ลับ", signer={"name": "นาย ก"}, parent_id=1, forwards_receipt_id=2, chain_id=1,
        reason="-", created_at=datetime(2024, 1, 5, 1, 0, tzinfo=UTC),
        issued_at=datetime(2024, 1, 5, 2, 0, tzinfo=UTC), files=(f,),
        receipts=(_receipt(9, LAO, "010/2567", at=datetime(2024, 1, 8, 2, 0, tzinfo=UTC)),))
    assert letter.to_dict() == {
        "id": 3, "book": "send", "agency_code": DISTRICT, "book_number": "ชม 0023.05/ว 63", "series": "circular",
        "running_no": 63, "year": 2567, "status": "issued", "date": "2024-01-05", "subject": "ประชาสัมพันธ์",
        "recipients": "นายก อปท. ทุกแห่ง", "references": [{"book_number": "ชม 0023.3/ว 1", "date": "2024-01-02"}],
        "enclosures": [{"title": "บัญชี"}], "speed": "ด่วน", "secrecy": "ลับ", "signer": {"name": "นาย ก"},
        "parent_id": 1, "forwards_receipt_id": 2, "chain_id": 1, "reason": "-",
        "created_at": "2024-01-05T01:00:00+00:00", "issued_at": "2024-01-05T02:00:00+00:00",
        "files": [f.to_dict()],
        "receipts": [{"id": 9, "agency_code": LAO, "receipt_no": "010/2567",
                      "received_at": "2024-01-08T02:00:00+00:00"}],
    }


def test_a_bare_letter_record_and_a_form_lines_book():
    bare = _letter(status="reserved")
    assert (bare.references, bare.enclosures, bare.speed, bare.secrecy, bare.signer, bare.parent_id,
            bare.forwards_receipt_id, bare.chain_id, bare.reason, bare.created_at, bare.issued_at, bare.files,
            bare.receipts) == ((), (), None, None, None, None, None, None, None, None, None, (), ())
    d = bare.to_dict()
    assert (d["book"], d["created_at"], d["issued_at"], d["references"], d["files"], d["receipts"]) == (
        "send", None, None, [], [], [])
    form = _letter(book_number="12/2570", series="form-elderly")
    assert form.to_dict()["book"] == "forms"
    assert _letter(book_number="13/2570", series="form-disability").to_dict()["book"] == "forms"


def test_a_chain_node_gives_its_letter_receipts_and_children():
    child = ChainNode(_letter(2, book_number="ชม 0023.05/2"))
    node = ChainNode(_letter(), receipts=(_receipt(),), children=(child,))
    assert node.to_dict() == {"letter": _letter().to_dict(), "receipts": [_receipt().to_dict()],
                              "children": [{"letter": child.letter.to_dict(), "receipts": [], "children": []}]}
    assert (child.receipts, child.children) == ((), ())
