"""The letter chain through its Python API, in-process, each test with its own register: receiving a
PDF (each refusal of a tampered, relabelled, cancelled or mis-stamped letter, and that it changes
nothing; another agency's letter taken as an outside letter), the stamped copy (the stamp's Thai
lines, where it sits, the clerk's chosen spot kept), re-stamping and its refusals, issuing (every
metadata field written and read back, the refusals before a number is taken), forwarding drafts,
certified copies and the e-GIF export/import edges. Letters are registered with small pikepdf PDFs
where the letter's own look does not matter; the stamp and copies are rendered for real."""

from __future__ import annotations

import hashlib
import io
from datetime import date, datetime, timezone
from pathlib import Path

import pikepdf
import pytest
from extract import pdf_words, pdftotext, squash

from docengine.chain import egif, forward, metadata as md, receive, stamp
from docengine.chain.certify import certify_copy
from docengine.chain.issue import issue_letter
from docengine.errors import DocengineError
from docengine.office import Office
from docengine.render.document import Renderer

MM = 72 / 25.4
LAO, DISTRICT = "ชม 52101", "ชม 0023.05"
SUBJECT = "ขอเชิญประชุมคณะกรรมการ"


def pdf_bytes(meta: dict | None = None, *, filled: bool = False) -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    if filled:
        pdf.pages[0].obj.Contents = pdf.make_stream(b"0 0 595 842 re f")
    if meta is not None:
        pdf.attachments[md.ATTACHMENT] = pikepdf.AttachedFileSpec(pdf, md.to_json(meta).encode())
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def registered(reg, tmp_path, **changes):
    """A letter of the LAO issued in the register, its PDF carrying our metadata: (record, path, meta)."""
    alloc = reg.allocate(LAO, "normal", 2567, letter_date=date(2024, 1, 10))
    meta = md.routing_metadata(book_number=alloc.book_number, date="2024-01-10", subject=SUBJECT,
                               sender={"code": LAO, "name": "เทศบาลตำบลสันทราย", "issuer": "เทศบาลตำบลสันทราย"},
                               body=["ด้วยเทศบาล"], register_id=alloc.id)
    path = tmp_path / f"letter-{alloc.running_no}.pdf"
    path.write_bytes(pdf_bytes(meta))
    rec = reg.issue(alloc, subject=SUBJECT, recipients="นายอำเภอฝาง", files=[path])
    meta.update(changes)
    return rec, path, meta


def relabelled(tmp_path, meta, name="relabelled.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(pdf_bytes(meta))
    return path


def refused(call) -> DocengineError:
    with pytest.raises(DocengineError) as caught:
        call()
    return caught.value


def renderer():
    return Renderer(Office.sample())


AT = datetime(2024, 1, 11, 1, 5, tzinfo=timezone.utc)  # 08.05 in Bangkok


# --- receive ---------------------------------------------------------------------------------

def test_our_own_letter_is_received_linked_and_its_copy_stamped_in_thai_digits_beside_it(reg, tmp_path):
    rec, path, _ = registered(reg, tmp_path)
    receipt, stamped = receive.receive_pdf(reg, path, DISTRICT, received_at=AT, renderer=renderer())
    assert stamped == tmp_path / "received-0023.05-001-2567.pdf" and stamped.is_file()
    assert (receipt.receipt_no, receipt.letter_id, receipt.sender_book_number, receipt.subject,
            receipt.sender_date, receipt.sender_agency) == ("001/2567", rec.id, "ชม 52101/1", SUBJECT,
                                                             date(2024, 1, 10), "เทศบาลตำบลสันทราย")
    assert [f.role for f in receipt.files] == ["received", "stamped"]
    received = receipt.files[0]
    assert received.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    text = squash(pdftotext(stamped))
    assert squash("สำนักงานส่งเสริมการปกครองท้องถิ่นอำเภอฝาง เลขรับที่ ๐๐๑/๒๕๖๗ วันที่ ๑๑ ม.ค. ๒๕๖๗ เวลา ๐๘.๐๕ น.") in text
    blob = stamped.read_bytes()
    assert stamp.original_of(blob) == path.read_bytes() and stamp.stamp_at_of(blob) is None
    label = next(w for w in pdf_words(blob, 1) if w["text"].startswith("เลขรับ"))
    assert label["x0"] > 150 * MM and label["top"] < 30 * MM  # the engine's spot: top right


def test_a_letter_changed_after_it_was_issued_is_refused_and_nothing_is_received(reg, tmp_path):
    rec, path, _ = registered(reg, tmp_path)
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(path.read_bytes() + b"\n% changed\n")
    e = refused(lambda: receive.receive_pdf(reg, tampered, DISTRICT, out=tmp_path / "o.pdf", received_at=AT))
    sha, registered_sha = hashlib.sha256(tampered.read_bytes()).hexdigest(), rec.files[0].sha256
    assert e.en == (f"{tampered} is not the registered file of letter ชม 52101/1 (id {rec.id}): SHA-256 {sha[:12]}… "
                    f"≠ registered {registered_sha[:12]}… (changed or relabelled after it was issued)")
    assert e.th == (f"{tampered} ไม่ใช่แฟ้มที่ลงทะเบียนไว้ของหนังสือ ชม 52101/1 "
                    "(SHA-256 ไม่ตรง ถูกแก้ไขหลังออกหนังสือ)")
    assert reg.list("receive") == [] and not (tmp_path / "o.pdf").exists()


def test_a_relabelled_subject_is_named_against_the_register(reg, tmp_path):
    rec, _, meta = registered(reg, tmp_path, subject="เรื่องอื่น")
    path = relabelled(tmp_path, meta)
    e = refused(lambda: receive.receive_pdf(reg, path, DISTRICT, out=tmp_path / "o.pdf", received_at=AT))
    assert e.en == (f"{path} does not match letter ชม 52101/1 (id {rec.id}) in the register: "
                    f"subject: 'เรื่องอื่น' ≠ registered '{SUBJECT}'")
    assert e.th == f"{path} ไม่ตรงกับหนังสือ ชม 52101/1 ในทะเบียน: เรื่อง (subject) ไม่ตรงกับทะเบียน"
    assert reg.list("receive") == []


def test_a_relabelled_number_and_date_are_both_named(reg, tmp_path):
    rec, _, meta = registered(reg, tmp_path, book_number="ชม 52101/2", date="2024-01-11")
    path = relabelled(tmp_path, meta)
    e = refused(lambda: receive.receive_pdf(reg, path, DISTRICT, out=tmp_path / "o.pdf", received_at=AT))
    assert e.en.endswith("in the register: book_number: 'ชม 52101/2' ≠ registered 'ชม 52101/1'; "
                         "date: '2024-01-11' ≠ registered '2024-01-10'")
    assert e.th.endswith("ในทะเบียน: ที่ (book_number) ไม่ตรงกับทะเบียน; ลงวันที่ (date) ไม่ตรงกับทะเบียน")


def test_a_subject_differing_only_in_spacing_is_the_same_subject(reg, tmp_path):
    rec, _, meta = registered(reg, tmp_path, subject=f"  {SUBJECT} ")
    path = relabelled(tmp_path, meta)  # same subject, other spacing: only the file's SHA-256 differs
    e = refused(lambda: receive.receive_pdf(reg, path, DISTRICT, out=tmp_path / "o.pdf", received_at=AT))
    assert "is not the registered file of letter ชม 52101/1" in e.en


def test_our_number_and_date_under_another_agencys_code_is_refused_naming_the_agency(reg, tmp_path):
    rec, _, meta = registered(reg, tmp_path, sender={"code": DISTRICT, "name": "x", "issuer": "x"})
    path = relabelled(tmp_path, meta)
    e = refused(lambda: receive.receive_pdf(reg, path, DISTRICT, out=tmp_path / "o.pdf", received_at=AT))
    assert e.en.endswith(f"in the register: agency: '{DISTRICT}' ≠ registered '{LAO}'")
    assert e.th.endswith("ในทะเบียน: หน่วยงาน (agency) ไม่ตรงกับทะเบียน")


def test_a_cancelled_number_is_not_received(reg, tmp_path):
    rec, path, _ = registered(reg, tmp_path)
    reg.cancel(rec.id, "ออกผิด")
    e = refused(lambda: receive.receive_pdf(reg, path, DISTRICT, out=tmp_path / "o.pdf", received_at=AT))
    assert e.en == (f"{path} carries the number of letter ชม 52101/1 (id {rec.id}), which is cancelled in the register; "
                    "a letter whose number failed or was cancelled is not received")
    assert e.th == f"{path} มีเลขที่ของหนังสือ ชม 52101/1 ซึ่งในทะเบียนมีสถานะ cancelled จึงลงรับไม่ได้"
    assert reg.list("receive") == []


def test_a_number_still_reserved_is_not_received(reg, tmp_path):
    alloc = reg.allocate(LAO, "normal", 2567, letter_date=date(2024, 1, 10))
    meta = md.routing_metadata(book_number=alloc.book_number, date="2024-01-10", subject=SUBJECT,
                               sender={"code": LAO}, register_id=alloc.id)
    path = relabelled(tmp_path, meta, "reserved.pdf")
    e = refused(lambda: receive.receive_pdf(reg, path, DISTRICT, out=tmp_path / "o.pdf", received_at=AT))
    assert e.en.startswith(f"{path} carries the number of letter ชม 52101/1 (id {alloc.id}), which is reserved in the "
                           "register")
    assert reg.list("receive") == []


def test_another_agencys_letter_naming_our_register_id_is_received_as_an_outside_letter(reg, tmp_path):
    rec, _, _ = registered(reg, tmp_path)
    meta = md.routing_metadata(book_number="กบ 0023.3/9", date="2024-01-09", subject="จากกระบี่",
                               sender={"code": "กบ 0023.3", "name": "สถจ.กระบี่", "issuer": "จังหวัดกระบี่"},
                               register_id=rec.id)
    path = relabelled(tmp_path, meta, "krabi.pdf")
    receipt, stamped = receive.receive_pdf(reg, path, LAO, out=tmp_path / "in.pdf", received_at=AT,
                                           renderer=renderer())
    assert receipt.letter_id is None and stamped == tmp_path / "in.pdf"
    assert (receipt.sender_book_number, receipt.sender_agency, receipt.subject) == ("กบ 0023.3/9", "จังหวัดกระบี่",
                                                                                  "จากกระบี่")


def test_a_chosen_stamp_spot_is_kept_in_the_copy_and_used_again_on_restamp(reg, tmp_path):
    _, path, _ = registered(reg, tmp_path)
    r = renderer()
    receipt, stamped = receive.receive_pdf(reg, path, DISTRICT, out=tmp_path / "s.pdf", received_at=AT,
                                           renderer=r, stamp_at=(20, 30))
    assert stamp.stamp_at_of(stamped.read_bytes()) == (20, 30)
    words = pdf_words(stamped.read_bytes(), 1)
    top_left = min((w for w in words), key=lambda w: (w["top"], w["x0"]))
    assert 20 * MM <= top_left["x0"] < 40 * MM and 30 * MM <= top_left["top"] < 40 * MM
    reg.endorse(receipt.id, "นาย ก", "ปลัด", "เพื่อโปรดทราบ", date(2024, 1, 12))
    again, same = receive.restamp(reg, receipt.id, renderer=r)
    assert same == stamped and stamp.stamp_at_of(same.read_bytes()) == (20, 30)
    assert "เพื่อโปรดทราบ" in pdftotext(same)


def test_a_chosen_spot_over_the_letter_is_refused_before_a_number_is_taken(reg, tmp_path):
    meta = md.routing_metadata(book_number="กบ 0023.3/9", date="2024-01-09", subject="ส",
                               sender={"code": "กบ 0023.3", "name": "ก", "issuer": "ก"})
    path = tmp_path / "full.pdf"
    path.write_bytes(pdf_bytes(meta, filled=True))
    e = refused(lambda: receive.receive_pdf(reg, path, LAO, out=tmp_path / "o.pdf", received_at=AT,
                                            renderer=renderer(), stamp_at=(20, 30)))
    assert isinstance(e, stamp.StampNotFree) and e.en.startswith("the receipt stamp at x 20 mm, y 30 mm would cover")
    assert reg.list("receive") == [] and reg.next_receipt_no(LAO, AT) == "001/2567"


def test_a_received_pdf_that_cannot_be_read_is_named(reg, tmp_path):
    missing = tmp_path / "missing.pdf"
    e = refused(lambda: receive.receive_pdf(reg, missing, LAO))
    assert (e.en, e.th) == (f"cannot read {missing}: No such file or directory", f"อ่านแฟ้ม {missing} ไม่ได้")
    meta = {"book_number": "ก/1", "date": "2024-01-02", "subject": "ส", "sender": {}}
    e = refused(lambda: receive.receive_pdf(reg, None, LAO, pdf_bytes=b"junk", meta=meta, source_name="up.pdf"))
    assert e.en.startswith("up.pdf is not a readable PDF: ") and e.th == "up.pdf ไม่ใช่แฟ้ม PDF ที่อ่านได้"
    assert reg.list("receive") == []


def test_a_pdf_in_memory_with_nowhere_to_go_is_recorded_and_the_failed_copy_explained(reg, tmp_path):
    meta = {"book_number": "กบ 0023.3/9", "date": "2024-01-09", "subject": "ส", "sender": {"name": "จังหวัดกระบี่"}}
    e = refused(lambda: receive.receive_pdf(reg, None, LAO, pdf_bytes=pdf_bytes(), meta=meta, received_at=AT,
                                            renderer=renderer()))
    (receipt,) = reg.list("receive")
    assert e.en == (f"receipt 001/2567 (id {receipt.id}) is recorded but its stamped copy failed: no file to put it "
                    f"beside; give out=; run `docengine chain restamp {receipt.id} --original PDF`")
    assert e.th == "ลงรับแล้ว เลขรับ 001/2567 แต่สร้างสำเนาประทับตรารับไม่สำเร็จ"
    assert receipt.sender_agency == "จังหวัดกระบี่"


def test_the_office_routing_list_is_used_only_for_the_office_itself():
    r = renderer()
    assert receive.office_routing_for(r, "ชม  52101") == r.office.get("routing_list")
    assert receive.office_routing_for(r, DISTRICT) is None


def test_an_agencys_own_routing_list_indents_its_sections(reg):
    rows = receive._routing(reg.agency(LAO), None, ["กองคลัง", "งานธุรการ"])
    assert rows[:2] == [{"label": "สำนักปลัด", "ticked": False, "sub": False},
                        {"label": "งานธุรการ", "ticked": True, "sub": True}]
    assert {"label": "กองคลัง", "ticked": True, "sub": False} in rows
    rows = receive._routing(reg.agency(LAO), ["สำนักปลัด", "งานธุรการ"], ["สำนักปลัด"])
    assert rows == [{"label": "สำนักปลัด", "ticked": True, "sub": False},
                    {"label": "งานธุรการ", "ticked": False, "sub": True}]


# --- restamp ---------------------------------------------------------------------------------

def test_a_receipt_without_any_pdf_cannot_be_restamped_and_pending_ones_say_so(reg):
    r = reg.receive(LAO, sender_book_number="ก/1", sender_date=date(2024, 1, 2), sender_agency="ก", subject="ส",
                    received_at=AT)
    e = refused(lambda: receive.restamp(reg, r.id))
    assert e.en == f"receipt 001/2567 (id {r.id}) has no stamped copy to re-generate from; give --original FILE"
    assert e.th == "เลขรับ 001/2567 ไม่มีสำเนาประทับตรารับ กรุณาระบุ --original"
    assert receive.finish_pending(reg, [r.id]) == {r.id: f"still pending: {e.en}"}


def test_an_original_given_for_a_receipt_without_a_recorded_hash_is_refused(reg, tmp_path):
    r = reg.receive(LAO, sender_book_number="ก/1", sender_date=date(2024, 1, 2), sender_agency="ก", subject="ส",
                    received_at=AT)
    original = tmp_path / "o.pdf"
    original.write_bytes(pdf_bytes())
    e = refused(lambda: receive.restamp(reg, r.id, original=original))
    assert e.en == (f"receipt 001/2567 (id {r.id}): no SHA-256 of the original was recorded at receipt, so {original} "
                    "cannot be checked")
    assert e.th == f"เลขรับ 001/2567 ไม่ได้บันทึก SHA-256 ของต้นฉบับไว้ จึงตรวจสอบแฟ้ม {original} ไม่ได้"
    e = refused(lambda: receive.restamp(reg, r.id, original=tmp_path / "none.pdf"))
    assert e.en == f"cannot read {tmp_path / 'none.pdf'}: No such file or directory"


def test_restamping_from_another_original_than_the_one_received_is_refused(reg, tmp_path):
    _, path, _ = registered(reg, tmp_path)
    receipt, stamped = receive.receive_pdf(reg, path, DISTRICT, out=tmp_path / "s.pdf", received_at=AT,
                                           renderer=renderer())
    other = tmp_path / "other.pdf"
    other.write_bytes(pdf_bytes())
    e = refused(lambda: receive.restamp(reg, receipt.id, original=other))
    assert e.en == f"receipt 001/2567 (id {receipt.id}): the original does not match the file recorded at receipt (SHA-256 differs)"
    assert e.th == "เลขรับ 001/2567: ต้นฉบับไม่ตรงกับแฟ้มที่บันทึกตอนลงรับ (SHA-256 ไม่ตรง)"
    stamped.unlink()
    done = receive.finish_pending(reg, [receipt.id], renderer=renderer())
    assert done == {receipt.id: f"stamped copy re-made: {stamped}"} and stamped.is_file()


# --- stamp_pdf -------------------------------------------------------------------------------

VALUES = stamp.stamp_values(receipt_no="069/2567", agency="เทศบาลตำบลสันทราย", received_at=datetime(2024, 1, 8, 9, 15))
END = [{"text": ["เพื่อโปรดพิจารณา"], "name": "นาย ก", "position": "ปลัด", "date": "9 ม.ค. 2567"}]


def test_endorsements_without_room_and_without_sheet_data_are_refused():
    e = refused(lambda: stamp.stamp_pdf(pdf_bytes(filled=True), renderer=renderer(), stamp=VALUES, endorsements=END))
    assert (e.en, e.th) == ("no room for the endorsements and no sheet data", "ไม่มีที่ว่างสำหรับเกษียน")


def test_on_a_full_page_the_stamp_and_routing_list_sit_side_by_side_in_a_strip_above(tmp_path):
    routing = stamp.routing_values(["สำนักปลัด", "กองคลัง"], ["กองคลัง"])
    out = stamp.stamp_pdf(pdf_bytes(filled=True), renderer=renderer(), stamp=VALUES, routing=routing)
    with pikepdf.open(io.BytesIO(out)) as pdf:
        grown = (float(pdf.pages[0].mediabox[3]) - 842) / MM
    assert grown > 20
    words = pdf_words(out, 1)
    label = next(w for w in words if w["text"].startswith("เลขรับ"))
    unit = next(w for w in words if w["text"] == "กองคลัง")
    assert unit["x1"] < label["x0"] and label["bottom"] < grown * MM and unit["bottom"] < grown * MM
    assert label["x0"] > 120 * MM


def test_the_suggested_spot_is_top_right_or_none_on_a_full_page():
    r = renderer()
    got = stamp.suggest_stamp(pdf_bytes(), renderer=r, stamp=VALUES)
    w, h = got["size"]
    assert [round(v, 1) for v in got["page"]] == [209.9, 297.0]
    assert got["stamp"] == [209 - 4 - int(-(-w // 1)), 4, w, h]
    assert stamp.suggest_stamp(pdf_bytes(filled=True), renderer=r, stamp=VALUES)["stamp"] is None


def test_a_damaged_page_is_named_when_the_stamp_is_placed():
    r = renderer()
    for call in (lambda: stamp.suggest_stamp(b"junk", renderer=r, stamp=VALUES),
                 lambda: stamp.check_stamp_at(b"junk", (10, 10), renderer=r, stamp=VALUES),
                 lambda: stamp.stamp_pdf(b"junk", renderer=r, stamp=VALUES)):
        e = refused(call)
        assert e.en.startswith("cannot read page 1 of the received PDF: ") and e.th == "อ่านหน้าแรกของแฟ้ม PDF ที่รับไม่ได้"
    placed = stamp.check_stamp_at(pdf_bytes(), (30, 40), renderer=r, stamp=VALUES)
    assert (placed.x, placed.y, placed.scale, placed.block.kind) == (30, 40, 1.0, "stamp")


# --- issue -----------------------------------------------------------------------------------

LETTER = {"agency": {"code": LAO, "name": "เทศบาลตำบลสันทราย", "address": "อำเภอฝาง จังหวัดเชียงใหม่ 50110"},
          "date": "2024-01-10", "subject": SUBJECT, "recipient": "นายอำเภอฝาง",
          "body": ["ด้วยเทศบาลตำบลสันทรายจะจัดประชุม", "จึงเรียนมาเพื่อโปรดทราบ"],
          "signer": {"name": "นายสมหมาย ตัวอย่างใจ", "position": ["นายกเทศมนตรีตำบลสันทราย"]}}


def test_an_issued_letter_carries_every_routing_field_in_its_pdf(reg, tmp_path):
    rec = issue_letter(reg, {**LETTER, "series": "circular", "speed": "ด่วน", "references": ["หนังสือ ก"]},
                       renderer=renderer(), pdf=tmp_path / "l.pdf")
    meta = md.read_pdf_metadata(tmp_path / "l.pdf")
    assert {k: meta[k] for k in ("format", "book_number", "date", "subject", "sender", "recipients", "register_id",
                                 "chain_id", "parent_id", "series", "running_no", "year", "references", "speed",
                                 "body")} == {
        "format": "docengine-routing/1", "book_number": "ชม 52101/ว 1", "date": "2024-01-10", "subject": SUBJECT,
        "sender": {"code": LAO, "name": "เทศบาลตำบลสันทราย", "issuer": "เทศบาลตำบลสันทราย"},
        "recipients": "นายอำเภอฝาง", "register_id": rec.id, "chain_id": rec.id, "parent_id": None,
        "series": "circular", "running_no": 1, "year": 2567, "references": ["หนังสือ ก"], "speed": "ด่วน",
        "body": LETTER["body"]}
    assert meta["body_sha256"] == md.body_sha256(LETTER["body"]) and meta["signer"]["name"] == "นายสมหมาย ตัวอย่างใจ"
    with pikepdf.open(tmp_path / "l.pdf") as pdf:
        info = {str(k): str(v) for k, v in pdf.docinfo.items()}
    assert info["/DocengineBookNumber"] == "ชม 52101/ว 1" and info["/DocengineRegisterId"] == str(rec.id)
    assert info["/DocengineSenderCode"] == LAO and info["/DocengineBodySha256"] == meta["body_sha256"]
    assert (rec.series, rec.speed, list(rec.references)) == ("circular", "ด่วน", [{"text": "หนังสือ ก"}])


def test_an_issued_letters_docx_is_identified_by_its_book_number(reg, tmp_path):
    import docx

    rec = issue_letter(reg, dict(LETTER), renderer=renderer(), pdf=tmp_path / "l.pdf", docx=tmp_path / "l.docx")
    props = docx.Document(str(tmp_path / "l.docx")).core_properties
    assert (props.identifier, props.author, props.language) == (rec.book_number, "", "th-TH") == (
        "ชม 52101/1", "", "th-TH")


def test_a_given_number_starts_an_empty_book_there(reg, tmp_path):
    rec = issue_letter(reg, {**LETTER, "book_number": "ชม 52101/7"}, renderer=renderer(), folder=tmp_path)
    assert rec.book_number == "ชม 52101/7" and Path(rec.files[0].path) == tmp_path / "letter-52101-7-2567.pdf"
    assert "ที่ ชม ๕๒๑๐๑/๗" in pdftotext(tmp_path / "letter-52101-7-2567.pdf")


def test_a_given_number_that_is_not_the_next_is_refused_naming_the_next(reg, tmp_path):
    registered(reg, tmp_path)
    e = refused(lambda: issue_letter(reg, {**LETTER, "book_number": "ชม 52101/3"}, renderer=renderer(),
                                     pdf=tmp_path / "x.pdf"))
    assert e.en == ("ชม 52101/3 is not the next number of the 2567 book (next: ชม 52101/2); remove book_number "
                    "to let docengine allocate it")
    assert e.th == ("เลข ชม 52101/3 ไม่ใช่เลขถัดไปของทะเบียนปี 2567 (เลขถัดไปคือ ชม 52101/2) "
                    "ลบ book_number ออกเพื่อให้ระบบออกเลขให้")
    assert [r.book_number for r in reg.list("send")] == ["ชม 52101/1"] and not (tmp_path / "x.pdf").exists()


def test_a_given_number_already_used_is_refused_naming_the_next(reg, tmp_path):
    registered(reg, tmp_path)
    e = refused(lambda: issue_letter(reg, {**LETTER, "book_number": "ชม 52101/1"}, renderer=renderer(),
                                     pdf=tmp_path / "x.pdf"))
    assert e.en.startswith("ชม 52101/1 is not the next number of the 2567 book (next: ชม 52101/2)")
    assert [r.status for r in reg.list("send")] == ["issued"]


def test_a_number_of_another_agency_or_no_file_to_write_is_refused_before_a_number(reg, tmp_path):
    e = refused(lambda: issue_letter(reg, {**LETTER, "book_number": "ชม 0023.05/1"}, renderer=renderer(),
                                     pdf=tmp_path / "x.pdf"))
    assert (e.en, e.th) == (f"book_number ชม 0023.05/1 is not of agency.code {LAO}",
                            f"ที่ ชม 0023.05/1 ไม่ใช่เลขของหน่วยงาน {LAO}")
    e = refused(lambda: issue_letter(reg, dict(LETTER), renderer=renderer()))
    assert e.en == "give the PDF to write (pdf=…): the letter has no data file to put it beside"
    assert e.th == "กรุณาระบุแฟ้ม PDF ที่จะเขียน (pdf=…) เพราะไม่มีแฟ้มข้อมูลให้วางไว้ข้างกัน"
    assert reg.list("send") == []


# --- forward ---------------------------------------------------------------------------------

def test_a_forwarding_draft_cites_the_letter_from_the_register(reg, tmp_path):
    rec, path, _ = registered(reg, tmp_path)
    draft = forward.forward_draft(reg, rec.id, by=DISTRICT, to=" นายกเทศมนตรี ทุกแห่ง ", when=date(2024, 1, 12),
                                  paragraphs=["เพิ่มเติม"], speed="ด่วน")
    d = draft.data
    assert (d["series"], d["date"], d["subject"], d["recipient"], d["speed"]) == (
        "circular", "2024-01-12", SUBJECT, "นายกเทศมนตรี ทุกแห่ง", "ด่วน")
    assert d["agency"] == {"code": DISTRICT, "name": "ที่ว่าการอำเภอฝาง", "address": "ถนนโชตนา ชม 50110"}
    cite = draft.cited["text"]
    assert cite in d["enclosures"] + d["references"] and "ชม 52101/1" in cite and "10 มกราคม 2567" in cite
    assert draft.cited == {"text": cite, "letter_id": rec.id, "book_number": "ชม 52101/1", "date": "2024-01-10",
                           "issuer": "เทศบาลตำบลสันทราย", "subject": SUBJECT}
    assert "เพิ่มเติม" in d["body"] and d["body"].index("เพิ่มเติม") == len(d["body"]) - 2
    assert (draft.parent_id, draft.receipt_id, draft.source_pdf) == (rec.id, None, path)
    assert draft.agency.code == DISTRICT


def test_a_forwarding_draft_is_refused_for_each_missing_or_wrong_input(reg, tmp_path):
    rec, _, _ = registered(reg, tmp_path)
    e = refused(lambda: forward.forward_draft(reg, by=DISTRICT, to="x"))
    assert (e.en, e.th) == ("give the id of a letter or of a receipt to forward", "กรุณาระบุหนังสือที่จะส่งต่อ")
    e = refused(lambda: forward.forward_draft(reg, rec.id, by=DISTRICT, to="  "))
    assert (e.en, e.th) == ("--to: give the addressees (เรียน …)", "--to: กรุณาระบุผู้รับ (เรียน …)")
    e = refused(lambda: forward.forward_draft(reg, rec.id, by=DISTRICT, to="x", when=date(2024, 1, 9)))
    assert e.en == "--date 2024-01-09 is before the letter it forwards (ชม 52101/1, dated 2024-01-10)"
    assert e.th == "วันที่ 2024-01-09 อยู่ก่อนวันที่ของหนังสือที่ส่งต่อ (ชม 52101/1 ลงวันที่ 2024-01-10)"
    assert forward.forward_draft(reg, rec.id, by=DISTRICT, to="x", when=date(2024, 1, 10)).data["date"] == "2024-01-10"
    receipt = reg.receive(DISTRICT, letter_id=rec.id, received_at=datetime(2024, 1, 12, 9, 0))
    e = refused(lambda: forward.forward_draft(reg, receipt_id=receipt.id, by=LAO, to="x"))
    assert e.en == f"receipt 001/2567 (id {receipt.id}) belongs to {DISTRICT}, not {LAO}"
    assert e.th == f"เลขรับ 001/2567 (id {receipt.id}) เป็นของ {DISTRICT} ไม่ใช่ {LAO}"
    e = refused(lambda: forward.forward_draft(reg, receipt_id=receipt.id, by=DISTRICT, to="x", when=date(2024, 1, 11)))
    assert e.en == "--date 2024-01-11 is before the letter was received (001/2567 on 2024-01-12)"
    assert e.th == "วันที่ 2024-01-11 อยู่ก่อนวันที่ลงรับหนังสือ (เลขรับ 001/2567 เมื่อ 2024-01-12)"
    reg.cancel(rec.id, "ผิด")
    e = refused(lambda: forward.forward_draft(reg, rec.id, by=DISTRICT, to="x"))
    assert e.en == f"letter id {rec.id} (ชม 52101/1) is cancelled; only an issued letter can be forwarded"
    assert e.th == f"หนังสือ id {rec.id} (ชม 52101/1) มีสถานะยกเลิก ส่งต่อได้เฉพาะหนังสือที่ออกเลขแล้ว"


def test_a_receipt_received_without_its_pdf_cannot_be_forwarded(reg):
    receipt = reg.receive(DISTRICT, sender_book_number="กบ 1/1", sender_date=date(2024, 1, 2), sender_agency="กระบี่",
                          subject="ส", received_at=AT)
    e = refused(lambda: forward.forward_draft(reg, receipt_id=receipt.id, by=DISTRICT, to="x"))
    assert e.en == "no registered PDF of the letter to forward (receive it with its PDF first)"
    assert e.th == "ไม่มีแฟ้ม PDF ของหนังสือที่จะส่งต่อในทะเบียน (ลงรับพร้อมแฟ้ม PDF ก่อน)"


# --- certify / e-GIF ---------------------------------------------------------------------------

def test_a_copy_of_a_full_page_is_lengthened_at_the_top_and_the_bottom():
    out = certify_copy(pdf_bytes(filled=True), renderer=renderer(), certifier={"name": "นาย ก", "position": ["ปลัด"]})
    with pikepdf.open(io.BytesIO(out)) as pdf:
        box = [float(v) for v in pdf.pages[0].mediabox]
    assert box[1] < 0 and box[3] > 842
    text = squash(pdftotext(out))
    assert "สำเนาถูกต้อง" in text and "(นายก)" in text and "ปลัด" in text
    e = refused(lambda: certify_copy(b"junk", renderer=renderer(), certifier={"name": "", "position": []}))
    assert e.en.startswith("cannot read the PDF to be enclosed: ") and e.th == "อ่านแฟ้ม PDF ที่จะแนบไม่ได้"


def test_only_an_issued_letter_is_exported_and_one_without_a_pdf_has_no_binary(reg, tmp_path):
    alloc = reg.allocate(LAO, "normal", 2567, letter_date=date(2024, 1, 10))
    e = refused(lambda: egif.export_letter(reg, alloc.id))
    assert (e.en, e.th) == (f"letter id {alloc.id} is reserved; only issued letters are exchanged",
                            f"หนังสือ id {alloc.id} มีสถานะจองเลข ส่งออกได้เฉพาะหนังสือที่ออกเลขแล้ว")
    reg.issue(alloc, subject=SUBJECT, recipients="นายอำเภอฝาง", speed="ด่วนมาก", secrecy="ลับ")
    parsed = egif.parse_letter(egif.export_letter(reg, alloc.id), reg)
    assert parsed["pdf"] is None
    assert parsed["meta"] == {"book_number": "ชม 52101/1", "date": "2024-01-10", "subject": SUBJECT,
                              "sender": {"code": LAO, "name": "เทศบาลตำบลสันทราย", "issuer": "เทศบาลตำบลสันทราย"},
                              "recipients": "นายอำเภอฝาง", "register_id": None, "speed": "ด่วนมาก", "secrecy": "ลับ"}


def test_an_egif_letter_without_its_pdf_is_received_without_a_stamped_copy(reg, tmp_path):
    xml = tmp_path / "in.xml"
    xml.write_bytes(egif.letter_xml({"book_number": "กบ 0023.3/9", "date": "2024-01-09", "subject": "จากกระบี่",
                                     "agency_code": "กบ 0023.3", "recipients": "นายก", "description": "จังหวัดกระบี่"}))
    receipt, path = egif.import_letter(reg, xml, LAO, routing=["กองคลัง"], received_at=AT)
    assert path is None
    assert (receipt.receipt_no, receipt.sender_book_number, receipt.sender_date, receipt.sender_agency,
            receipt.subject, receipt.addressee, list(receipt.routing)) == (
        "001/2567", "กบ 0023.3/9", date(2024, 1, 9), "จังหวัดกระบี่", "จากกระบี่", "นายก", ["กองคลัง"])
    e = refused(lambda: egif.import_letter(reg, tmp_path / "none.xml", LAO))
    assert (e.en, e.th) == (f"cannot read {tmp_path / 'none.xml'}: No such file or directory",
                            f"อ่านแฟ้ม {tmp_path / 'none.xml'} ไม่ได้")


def test_an_egif_letter_with_its_pdf_is_received_and_stamped_beside_the_xml(reg, tmp_path):
    rec, path, _ = registered(reg, tmp_path)
    xml = tmp_path / "x.xml"
    xml.write_bytes(egif.export_letter(reg, rec.id))
    receipt, stamped = egif.import_letter(reg, xml, DISTRICT, received_at=AT, renderer=renderer())
    assert receipt.letter_id == rec.id and stamped == tmp_path / "received-0023.05-001-2567.pdf"
    assert [f.role for f in receipt.files] == ["received", "egif", "stamped"]
    assert receipt.files[0].path.endswith("x.xml#MainLetterBinaryObject")
    assert stamp.original_of(stamped.read_bytes()) == path.read_bytes()
