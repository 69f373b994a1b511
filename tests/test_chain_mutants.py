"""What the letter chain's surviving mutants changed (mutmut on docengine/chain), asserted in-process
on what a user gets: the routing metadata written into and read back out of a PDF or DOCX (every
field, and what a missing, garbled or mistyped field gives), the e-GIF XML built and parsed (each
element, each refusal naming its element, each contradiction with the attached PDF), the free-space
grid and where the receipt stamp, routing list and endorsements are laid out (margins, the 85 % and
70 % sizes, the refusal of a chosen spot), the stamp's own values, and the forwarding and
copy-certification helpers. Nothing here renders a letter; the PDFs are made with pikepdf."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import xml.etree.ElementTree as ET
import zipfile
from datetime import date, datetime, timezone
from types import SimpleNamespace

import pikepdf
import pytest

from docengine.chain import certify, egif, forward, issue, metadata as md, placement, receive, stamp
from docengine.chain.placement import FreeSpace
from docengine.chain.stamp import Block, Placed, StampNotFree
from docengine.errors import DocengineError

RAM = "urn:th:gov:egif:data:standard:ReusableAggregateBusinessInformationEntity:1"
DOC = "urn:th:gov:egif:data:standard:GovernmentDocument:1.0"


def q(name):
    return f"{{{RAM}}}{name}"


def blank_pdf(*, attachment: bytes | None = None, info: dict | None = None, filled: bool = False) -> bytes:
    """A one-page A4 PDF, with a docengine.json attachment and info entries when given;
    ``filled``: a rectangle over the whole page (no free room anywhere)."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    if filled:
        pdf.pages[0].obj.Contents = pdf.make_stream(b"0 0 595 842 re f")
    if attachment is not None:
        pdf.attachments["docengine.json"] = pikepdf.AttachedFileSpec(pdf, attachment)
    for key, value in (info or {}).items():
        pdf.docinfo["/" + key] = value
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def record(**changes) -> dict:
    meta = md.routing_metadata(book_number="ชม 52101/1", date="2024-01-10", subject="ขอเชิญประชุม",
                               sender={"code": "ชม 52101", "name": "เทศบาลตำบลสันทราย", "issuer": "เทศบาลตำบลสันทราย"},
                               body=["ด้วยเทศบาล", "จึงเรียนมา"], register_id=1)
    meta.update(changes)
    return meta


def refused(call) -> DocengineError:
    with pytest.raises(DocengineError) as caught:
        call()
    return caught.value


# --- metadata: written ---------------------------------------------------------------------

def test_the_routing_record_holds_every_field_given_with_iso_dates_and_the_body_hash():
    meta = md.routing_metadata(
        book_number="ชม 0023.3/ว 63", date=date(2024, 1, 2), subject="ทดสอบ",
        sender={"code": "ชม 0023.3", "name": "สถจ.", "issuer": "จังหวัดเชียงใหม่", "extra": "x"},
        body=("ด้วย", "จึง"), recipients="นายอำเภอทุกอำเภอ", register_id=5, chain_id=2, parent_id=4,
        series="circular", running_no=63, year=2567, references=("อ้าง",), enclosures=("สิ่งที่ส่ง",),
        speed="ด่วน", secrecy="ลับ", signer={"name": "นาย ก"})
    assert meta == {
        "format": "docengine-routing/1", "book_number": "ชม 0023.3/ว 63", "date": "2024-01-02", "subject": "ทดสอบ",
        "sender": {"code": "ชม 0023.3", "name": "สถจ.", "issuer": "จังหวัดเชียงใหม่"},
        "recipients": "นายอำเภอทุกอำเภอ", "register_id": 5, "chain_id": 2, "parent_id": 4, "series": "circular",
        "running_no": 63, "year": 2567, "references": ["อ้าง"], "enclosures": ["สิ่งที่ส่ง"], "speed": "ด่วน",
        "secrecy": "ลับ", "signer": {"name": "นาย ก"}, "body": ["ด้วย", "จึง"],
        "body_sha256": hashlib.sha256("ด้วย\nจึง".encode()).hexdigest()}


def test_a_routing_record_without_optional_fields_leaves_them_empty():
    meta = md.routing_metadata(book_number="ก/1", date="2024-01-02", subject="ส", sender={})
    assert meta["sender"] == {"code": None, "name": None, "issuer": None}
    assert (meta["recipients"], meta["register_id"], meta["chain_id"], meta["parent_id"], meta["series"],
            meta["running_no"], meta["year"], meta["speed"], meta["secrecy"], meta["signer"]) == (None,) * 10
    assert (meta["references"], meta["enclosures"], meta["body"]) == ([], [], [])


def test_the_body_hash_is_of_nfc_paragraphs_joined_by_newlines():
    assert md.body_sha256(["e\u0301", "b"]) == hashlib.sha256("\u00e9\nb".encode("utf-8")).hexdigest()
    assert md.body_sha256(None) == hashlib.sha256(b"").hexdigest()
    assert md.body_sha256([1, 2]) == hashlib.sha256(b"1\n2").hexdigest()


def test_info_entries_are_named_in_camel_case_and_blank_where_the_record_has_nothing():
    meta = record(chain_id=None, sender={"code": "ชม 52101", "name": "เทศบาลตำบลสันทราย", "issuer": "ทต.สันทราย"})
    entries = md.info_entries(meta)
    assert entries == {
        "DocengineBookNumber": "ชม 52101/1", "DocengineDate": "2024-01-10", "DocengineSubject": "ขอเชิญประชุม",
        "DocengineRegisterId": "1", "DocengineChainId": "", "DocengineBodySha256": meta["body_sha256"],
        "DocengineSenderCode": "ชม 52101", "DocengineSenderName": "เทศบาลตำบลสันทราย",
        "DocengineJson": json.dumps(meta, ensure_ascii=False, sort_keys=True)}
    bare = md.info_entries({"sender": None})
    assert bare["DocengineSenderCode"] == "" and bare["DocengineSenderName"] == "" and bare["DocengineBookNumber"] == ""


def test_the_json_keeps_thai_letters_and_sorts_keys():
    assert md.to_json({"b": "ก", "a": date(2024, 1, 2)}) == '{"a": "2024-01-02", "b": "ก"}'


def test_pdf_outputs_attach_only_the_json_unless_egif_is_asked():
    meta = record()
    plain = md.pdf_outputs(meta)
    assert plain["metadata"] == md.info_entries(meta)
    assert plain["attachments"] == {"docengine.json": md.to_json(meta).encode("utf-8")}


def test_a_pdfa3_letter_also_carries_its_egif_letter_without_the_pdf():
    meta = record(recipients=["นายอำเภอฝาง", "นายอำเภอแม่อาย"], references=["ที่ ชม 0023.3/ว 63 ลงวันที่ 2 มกราคม 2567"],
                  enclosures=["สำเนาหนังสือ"], sender={"code": "ชม 52101", "name": "ทต.", "issuer": None})
    xml = md.pdf_outputs(meta, egif=True)["attachments"]["egif.xml"]
    cl = ET.fromstring(xml).find(q("CorrespondenceLetter"))
    assert cl.findtext(q("ID")) == "ชม 52101/1"
    assert cl.findtext(f"{q('SenderParty')}/{q('DepartmentOrganization')}/{q('ID')}") == "ชม 52101"
    assert cl.findtext(f"{q('ReceiverParty')}/{q('JobTitle')}") == "นายอำเภอฝาง นายอำเภอแม่อาย"
    assert cl.findtext(q("Description")) == "ทต."  # no issuer: the sender's name
    ref = cl.find(q("ReferenceCorrespondence"))
    assert (ref.findtext(q("ID")), ref.findtext(q("CorrespondenceDate"))) == ("ชม 0023.3/ว 63", "2024-01-02")
    assert [a.text for a in cl.findall(q("Attachment"))] == ["สำเนาหนังสือ"]
    assert cl.find(q("MainLetterBinaryObject")) is None
    issuer = md.pdf_outputs(record(recipients="ผู้ว่า"), egif=True)["attachments"]["egif.xml"]
    cl = ET.fromstring(issuer).find(q("CorrespondenceLetter"))
    assert cl.findtext(q("Description")) == "เทศบาลตำบลสันทราย"
    assert cl.findtext(f"{q('ReceiverParty')}/{q('JobTitle')}") == "ผู้ว่า"


# --- metadata: read back --------------------------------------------------------------------

def test_the_embedded_json_is_read_first_and_the_info_entry_is_the_fallback():
    both = blank_pdf(attachment=md.to_json(record()).encode(), info={"DocengineJson": md.to_json(record(subject="อื่น"))})
    assert md.read_pdf_metadata(both) == record()
    only_info = blank_pdf(info={"DocengineJson": md.to_json(record(subject="จากข้อมูลเอกสาร"))})
    assert md.read_pdf_metadata(only_info)["subject"] == "จากข้อมูลเอกสาร"
    garbled = blank_pdf(attachment=b"{not json", info={"DocengineJson": md.to_json(record(subject="สำรอง"))})
    assert md.read_pdf_metadata(garbled)["subject"] == "สำรอง"


def test_a_pdf_read_from_a_path_names_that_path(tmp_path):
    path = tmp_path / "letter.pdf"
    path.write_bytes(blank_pdf(attachment=md.to_json(record()).encode()))
    assert md.read_pdf_metadata(path)["book_number"] == "ชม 52101/1"
    assert md.read_pdf_metadata(str(path))["register_id"] == 1
    path.write_bytes(blank_pdf())
    e = refused(lambda: md.read_pdf_metadata(path))
    assert isinstance(e, md.NoMetadata)
    assert e.en == (f"{path} carries no docengine routing metadata; give the letter's details with --meta FILE.yaml "
                    "(book_number, date, sender, subject)")
    assert e.th == (f"แฟ้ม {path} ไม่มีข้อมูลหนังสือของ docengine กรุณาระบุรายละเอียดด้วย --meta FILE.yaml "
                    "(book_number ที่, date ลงวันที่, sender จาก, subject เรื่อง)")


def test_a_record_of_another_format_or_not_an_object_counts_as_no_metadata():
    for blob in (md.to_json(record(format="docengine-routing/2")), "[1, 2]", "null"):
        e = refused(lambda: md.read_pdf_metadata(blank_pdf(attachment=blob.encode())))
        assert isinstance(e, md.NoMetadata) and e.en.startswith("PDF carries no docengine routing metadata")


def test_a_file_that_is_no_pdf_is_refused_by_its_name(tmp_path):
    e = refused(lambda: md.read_pdf_metadata(b"not a pdf"))
    assert e.en.startswith("PDF is not a readable PDF: ") and e.th == "PDF ไม่ใช่แฟ้ม PDF ที่อ่านได้"
    assert not isinstance(e, md.NoMetadata)
    path = tmp_path / "x.pdf"
    path.write_bytes(b"%PDF-1.4 garbage")
    e = refused(lambda: md.read_pdf_metadata(path))
    assert e.en.startswith(f"{path} is not a readable PDF: ") and e.th == f"{path} ไม่ใช่แฟ้ม PDF ที่อ่านได้"


def test_metadata_lacking_the_number_date_or_subject_names_what_is_missing():
    e = refused(lambda: md.read_pdf_metadata(blank_pdf(attachment=md.to_json(record(date="", subject=None)).encode())))
    assert e.en == "PDF: docengine metadata lacks date, subject"
    assert e.th == "PDF: ข้อมูลหนังสือใน PDF ขาด date, subject"
    e = refused(lambda: md.read_pdf_metadata(blank_pdf(attachment=md.to_json(record(book_number="")).encode())))
    assert e.en == "PDF: docengine metadata lacks book_number"


def test_metadata_values_of_the_wrong_type_are_named():
    bad = record(subject=5, speed=1, secrecy=["ลับ"], sender={"code": 52101}, register_id=True)
    e = refused(lambda: md.read_pdf_metadata(blank_pdf(attachment=md.to_json(bad).encode())))
    assert e.en == "PDF: docengine metadata has values of the wrong type: subject, speed, secrecy, sender, register_id"
    assert e.th == "PDF: ข้อมูลหนังสือใน PDF มีค่าผิดชนิด: subject, speed, secrecy, sender, register_id"
    for changes, name in (({"sender": "ทต."}, "sender"), ({"register_id": "1"}, "register_id"),
                          ({"recipients": 3}, "recipients"), ({"series": 1}, "series"),
                          ({"book_number": 7}, "book_number")):
        e = refused(lambda: md.read_pdf_metadata(blank_pdf(attachment=md.to_json(record(**changes)).encode())))
        assert e.en == f"PDF: docengine metadata has values of the wrong type: {name}"


def test_metadata_with_optional_fields_absent_or_of_the_right_type_is_taken():
    meta = record(sender=None, register_id=None, recipients=None)
    assert md.read_pdf_metadata(blank_pdf(attachment=md.to_json(meta).encode()))["sender"] is None
    meta = record(sender={"code": None, "name": "ก", "issuer": None}, register_id=0)
    assert md.read_pdf_metadata(blank_pdf(attachment=md.to_json(meta).encode()))["register_id"] == 0


def test_a_metadata_date_in_the_buddhist_era_or_not_iso_is_refused_and_2399_is_taken():
    ok = record(date="2399-12-31")
    assert md.read_pdf_metadata(blank_pdf(attachment=md.to_json(ok).encode()))["date"] == "2399-12-31"
    e = refused(lambda: md.read_pdf_metadata(blank_pdf(attachment=md.to_json(record(date="2400-01-01")).encode())))
    assert e.en == "PDF: docengine metadata date '2400-01-01' is not a Common-Era date YYYY-MM-DD"
    assert e.th == "PDF: วันที่ในข้อมูลหนังสือของ PDF ('2400-01-01') ไม่ใช่วันที่ ค.ศ. ที่ถูกต้อง"
    long = "10/01/2024" + "x" * 40
    e = refused(lambda: md.read_pdf_metadata(blank_pdf(attachment=md.to_json(record(date=long)).encode())))
    assert e.en == f"PDF: docengine metadata date {long[:40]!r} is not a Common-Era date YYYY-MM-DD"


def docx_with(props: dict | None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
        if props is not None:
            body = "".join(f'<property name="{k}"><vt:lpwstr xmlns:vt="urn:vt">{v}</vt:lpwstr></property>'
                           for k, v in props.items())
            z.writestr("docProps/custom.xml", f'<Properties xmlns="urn:p">{body}</Properties>')
    return buf.getvalue()


def test_a_docx_gives_its_record_from_the_custom_property(tmp_path):
    path = tmp_path / "letter.docx"
    path.write_bytes(docx_with({"DocengineBookNumber": "x", "DocengineJson": md.to_json(record())}))
    assert md.read_docx_metadata(path) == record()
    assert md.read_docx_metadata(path.read_bytes())["subject"] == "ขอเชิญประชุม"


def test_a_docx_without_the_property_or_not_a_docx_is_refused(tmp_path):
    for props in (None, {"DocengineBookNumber": "x"}, {"DocengineJson": "[]"}):
        path = tmp_path / "plain.docx"
        path.write_bytes(docx_with(props))
        e = refused(lambda: md.read_docx_metadata(path))
        assert isinstance(e, md.NoMetadata)
        assert (e.en, e.th) == (f"{path} carries no docengine routing metadata",
                                f"แฟ้ม {path} ไม่มีข้อมูลหนังสือของ docengine")
    path = tmp_path / "x.docx"
    path.write_bytes(b"not a zip")
    e = refused(lambda: md.read_docx_metadata(path))
    assert (e.en, e.th) == (f"{path} is not a DOCX file", f"{path} ไม่ใช่แฟ้ม DOCX")
    path.write_bytes(docx_with({"DocengineJson": md.to_json(record(subject=""))}))
    assert refused(lambda: md.read_docx_metadata(path)).en == f"{path}: docengine metadata lacks subject"


def test_a_docx_given_as_bytes_is_named_docx_in_the_refusal_not_by_its_bytes():
    e = refused(lambda: md.read_docx_metadata(b"not a zip"))
    assert (e.en, e.th) == ("DOCX is not a DOCX file", "DOCX ไม่ใช่แฟ้ม DOCX")
    e = refused(lambda: md.read_docx_metadata(docx_with(None)))
    assert (e.en, e.th) == ("DOCX carries no docengine routing metadata", "แฟ้ม DOCX ไม่มีข้อมูลหนังสือของ docengine")


# --- e-GIF ----------------------------------------------------------------------------------

def test_a_ce_date_is_taken_and_each_bad_one_names_the_element():
    assert egif.check_ce_date(" 2023-12-13 ", "ram:X") == date(2023, 12, 13)
    for text in (None, "", "   "):
        e = refused(lambda: egif.check_ce_date(text, "ram:X"))
        assert (e.en, e.th) == ("e-GIF ram:X: required element is missing or empty", "e-GIF ram:X: ไม่มีข้อมูลที่จำเป็น")
    e = refused(lambda: egif.check_ce_date("2024-1-5", "ram:X"))
    assert e.en == "e-GIF ram:X: '2024-1-5' is not a date in the form yyyy-MM-dd"
    assert e.th == "e-GIF ram:X: '2024-1-5' ไม่ใช่วันที่รูปแบบ ปปปป-ดด-วว (ค.ศ.)"
    e = refused(lambda: egif.check_ce_date("2024-02-30", "ram:X"))
    assert (e.en, e.th) == ("e-GIF ram:X: '2024-02-30' is not a real date",
                            "e-GIF ram:X: '2024-02-30' เป็นวันที่ที่ไม่มีอยู่จริง")
    e = refused(lambda: egif.check_ce_date("2567-01-10", "ram:X"))
    assert e.en.startswith("e-GIF ram:X: '2567-01-10': 2567 looks like a Buddhist-era year")
    assert e.th.startswith("e-GIF ram:X: '2567-01-10': ปี ๒๕๖๗ ดูเป็นปีพุทธศักราช")


def test_secrecy_and_speed_are_coded_from_the_table_and_unknown_codes_are_refused():
    assert egif._code("secret_codes", "ลับมาก") == "003" and egif._code("speed_codes", "ด่วนที่สุด") == "004"
    assert egif._code("speed_codes", None) == "001" and egif._code("speed_codes", "ไม่มี") == "001"
    assert egif._label("secret_codes", "002", "ram:SecretCode") == "ลับ"
    assert egif._label("secret_codes", "001", "ram:SecretCode") is None
    assert egif._label("speed_codes", None, "ram:SpeedCode") is None
    e = refused(lambda: egif._label("speed_codes", "009", "ram:SpeedCode"))
    assert e.en == "e-GIF ram:SpeedCode: unknown code '009' (known: 001, 002, 003, 004)"
    assert e.th == "e-GIF ram:SpeedCode: รหัส '009' ไม่ถูกต้อง (ใช้ได้: 001, 002, 003, 004)"


def test_a_signers_name_splits_into_given_and_family_name():
    assert egif._split_name("นาย สมหมาย ตัวอย่างใจ") == ("นาย", "สมหมาย ตัวอย่างใจ")
    assert egif._split_name("สมหมาย") == ("สมหมาย", "")
    assert egif._split_name("") == ("", "") and egif._split_name(None) == ("", "")


def test_a_reference_is_taken_structured_or_parsed_from_its_text():
    assert egif._reference({"book_number": "ชม 1/2", "date": date(2024, 1, 2), "subject": None, "text": "x"}) == \
        {"id": "ชม 1/2", "date": "2024-01-02", "subject": ""}
    assert egif._reference({"book_number": "ชม 1/2", "date": "2024-01-02", "subject": "ส"})["subject"] == "ส"
    text = "หนังสือจังหวัดเชียงใหม่ ที่ ชม 0023.3/ว 63 ลงวันที่ 2 มกราคม 2567 เรื่อง ประชาสัมพันธ์"
    assert egif._reference({"text": text}) == {"id": "ชม 0023.3/ว 63", "date": "2024-01-02", "subject": "ประชาสัมพันธ์"}
    assert egif._reference({"book_number": "ชม 9/9", "text": "ที่ ชม 1/1 ลงวันที่ 3 ม.ค. 2567"}) == \
        {"id": "ชม 1/1", "date": "2024-01-03", "subject": ""}
    assert egif._reference({"text": "หนังสือไม่มีเลข"}) is None
    assert egif._reference({"text": "ที่ ชม 1/1 ลงวันที่ วันหนึ่ง"}) is None
    assert egif._reference({}) is None


FULL = {"book_number": "ชม 52101/1", "date": "2024-01-10", "subject": "ขอเชิญประชุม", "secrecy": "ลับ",
        "speed": "ด่วน", "signer": {"name": "นายสมหมาย ตัวอย่างใจ", "position": ["นายก", "เทศมนตรี"]},
        "agency_code": "ชม 52101", "recipients": "นายอำเภอฝาง",
        "references": [{"book_number": "ชม 0023.3/ว 63", "date": "2024-01-02", "subject": "อ้าง"}, {"text": "ไม่มีเลข"}],
        "enclosures": [{"text": "สำเนา ๑ ชุด"}, {}], "send_date": "2024-01-10T09:00:00", "description": "เทศบาล"}


def test_the_letter_xml_carries_every_field_of_the_letter():
    root = ET.fromstring(egif.letter_xml(FULL, b"%PDF-1.4 x"))
    assert root.tag == f"{{{DOC}}}GovernmentDocument"
    cl = root.find(q("CorrespondenceLetter"))
    got = {name: cl.findtext(q(name)) for name in ("ID", "CorrespondenceDate", "Subject", "SecretCode", "SpeedCode",
                                                   "SendDate", "Description")}
    assert got == {"ID": "ชม 52101/1", "CorrespondenceDate": "2024-01-10", "Subject": "ขอเชิญประชุม",
                   "SecretCode": "002", "SpeedCode": "002", "SendDate": "2024-01-10T09:00:00", "Description": "เทศบาล"}
    party = cl.find(q("SenderParty"))
    assert [party.findtext(q(n)) for n in ("GivenName", "FamilyName", "JobTitle")] == \
        ["นายสมหมาย", "ตัวอย่างใจ", "นายก เทศมนตรี"]
    assert party.findtext(f"{q('MinistryOrganization')}/{q('ID')}") == "ชม"
    assert party.findtext(f"{q('DepartmentOrganization')}/{q('ID')}") == "ชม 52101"
    assert cl.findtext(f"{q('ReceiverParty')}/{q('JobTitle')}") == "นายอำเภอฝาง"
    refs = cl.findall(q("ReferenceCorrespondence"))
    assert [(r.findtext(q("ID")), r.findtext(q("CorrespondenceDate")), r.findtext(q("Subject"))) for r in refs] == \
        [("ชม 0023.3/ว 63", "2024-01-02", "อ้าง")]
    assert [a.text for a in cl.findall(q("Attachment"))] == ["สำเนา ๑ ชุด", None]
    binary = cl.find(q("MainLetterBinaryObject"))
    assert binary.get("mimeCode") == "application/pdf" and base64.b64decode(binary.text) == b"%PDF-1.4 x"


def test_a_bare_letter_xml_has_empty_elements_and_no_send_date():
    cl = ET.fromstring(egif.letter_xml({"book_number": "ก/1", "date": "2024-01-02", "agency_code": "มท"})).find(
        q("CorrespondenceLetter"))
    assert cl.findtext(q("Subject")) == "" and cl.findtext(q("Description")) == ""
    assert (cl.findtext(q("SecretCode")), cl.findtext(q("SpeedCode"))) == ("001", "001")
    party = cl.find(q("SenderParty"))
    assert [party.findtext(q(n)) for n in ("GivenName", "FamilyName", "JobTitle")] == ["", "", ""]
    assert cl.find(q("SendDate")) is None and cl.findtext(f"{q('ReceiverParty')}/{q('JobTitle')}") == ""
    cl = ET.fromstring(egif.letter_xml({**FULL, "signer": {"name": "ก ข", "position": "ปลัด"}})).find(
        q("CorrespondenceLetter"))
    assert cl.findtext(f"{q('SenderParty')}/{q('JobTitle')}") == "ปลัด"


def test_a_parsed_letter_gives_the_facts_receive_wants_and_its_pdf():
    got = egif.parse_letter(egif.letter_xml(FULL, b"%PDF-1.4 x"))
    assert got == {"pdf": b"%PDF-1.4 x", "meta": {
        "book_number": "ชม 52101/1", "date": "2024-01-10", "subject": "ขอเชิญประชุม",
        "sender": {"code": "ชม 52101", "name": "เทศบาล", "issuer": "เทศบาล"}, "recipients": "นายอำเภอฝาง",
        "register_id": None, "speed": "ด่วน", "secrecy": "ลับ"}}
    bare = egif.parse_letter(egif.letter_xml({"book_number": "ก/1", "date": "2024-01-02", "subject": "ส",
                                              "agency_code": "มท 0810"}))
    assert bare["pdf"] is None and bare["meta"]["sender"] == {"code": "มท 0810", "name": "มท 0810", "issuer": "มท 0810"}
    assert bare["meta"]["speed"] is None and bare["meta"]["secrecy"] is None and bare["meta"]["recipients"] is None


def test_a_known_sender_is_named_as_the_register_names_it(reg):
    xml = egif.letter_xml({**FULL, "agency_code": "ชม 0023.05"})
    assert egif.parse_letter(xml, reg)["meta"]["sender"]["name"] == "อำเภอฝาง"
    xml = egif.letter_xml({**FULL, "agency_code": "ชม 99999"})
    assert egif.parse_letter(xml, reg)["meta"]["sender"]["name"] == "เทศบาล"


def test_a_correspondence_letter_as_the_root_element_is_read():
    root = ET.fromstring(egif.letter_xml(FULL))
    xml = ET.tostring(root.find(q("CorrespondenceLetter")))
    assert egif.parse_letter(xml)["meta"]["book_number"] == "ชม 52101/1"


def edited(edit, letter=FULL, pdf=b"%PDF-1.4 x") -> bytes:
    root = ET.fromstring(egif.letter_xml(letter, pdf))
    edit(root.find(q("CorrespondenceLetter")))
    return ET.tostring(root)


@pytest.mark.parametrize("edit, en, th", [
    (lambda cl: cl.remove(cl.find(q("SenderParty"))), "e-GIF ram:SenderParty: required element is missing",
     "e-GIF ram:SenderParty: ไม่มีองค์ประกอบที่จำเป็น"),
    (lambda cl: cl.find(f"{q('SenderParty')}/{q('DepartmentOrganization')}/{q('ID')}").__setattr__("text", " "),
     "e-GIF ram:SenderParty/ram:DepartmentOrganization/ram:ID: required element is missing or empty",
     "e-GIF ram:SenderParty/ram:DepartmentOrganization/ram:ID: ไม่มีข้อมูลที่จำเป็น"),
    (lambda cl: cl.find(q("Subject")).__setattr__("text", ""), "e-GIF ram:Subject: required element is missing or empty",
     "e-GIF ram:Subject: ไม่มีข้อมูลที่จำเป็น"),
    (lambda cl: cl.find(q("SecretCode")).__setattr__("text", "005"),
     "e-GIF ram:SecretCode: unknown code '005' (known: 001, 002, 003, 004)",
     "e-GIF ram:SecretCode: รหัส '005' ไม่ถูกต้อง (ใช้ได้: 001, 002, 003, 004)"),
    (lambda cl: cl.findall(q("ReferenceCorrespondence"))[1].find(q("CorrespondenceDate")).__setattr__("text", "x"),
     "e-GIF ram:ReferenceCorrespondence[2]/ram:CorrespondenceDate: 'x' is not a date in the form yyyy-MM-dd",
     "e-GIF ram:ReferenceCorrespondence[2]/ram:CorrespondenceDate: 'x' ไม่ใช่วันที่รูปแบบ ปปปป-ดด-วว (ค.ศ.)"),
    (lambda cl: cl.find(q("MainLetterBinaryObject")).__setattr__("text", base64.b64encode(b"GIF89a").decode()),
     "e-GIF ram:MainLetterBinaryObject: is not a PDF (mimeCode application/pdf)",
     "e-GIF ram:MainLetterBinaryObject: ไม่ใช่แฟ้ม PDF"),
    (lambda cl: cl.find(q("MainLetterBinaryObject")).set("mimeCode", "image/png"),
     "e-GIF ram:MainLetterBinaryObject: is not a PDF (mimeCode application/pdf)",
     "e-GIF ram:MainLetterBinaryObject: ไม่ใช่แฟ้ม PDF"),
    (lambda cl: cl.find(q("MainLetterBinaryObject")).__setattr__("text", "abc"),
     "e-GIF ram:MainLetterBinaryObject: is not base64", "e-GIF ram:MainLetterBinaryObject: ไม่ใช่ข้อมูล base64"),
])
def test_each_bad_element_of_an_egif_letter_is_refused_by_name(edit, en, th):
    letter = {**FULL, "references": [*FULL["references"], {"book_number": "ก/2", "date": "2024-01-01"}]}
    e = refused(lambda: egif.parse_letter(edited(edit, letter)))
    assert (e.en, e.th) == (en, th)


def test_an_egif_file_that_is_no_xml_or_has_no_letter_is_refused():
    e = refused(lambda: egif.parse_letter(b"<GovernmentDocument"))
    assert e.en.startswith("e-GIF file is not well-formed XML: ") and e.th == "แฟ้ม e-GIF ไม่ใช่ XML ที่ถูกต้อง"
    e = refused(lambda: egif.parse_letter(f'<GovernmentDocument xmlns="{DOC}"/>'.encode()))
    assert (e.en, e.th) == ("e-GIF ram:CorrespondenceLetter: required element is missing",
                            "e-GIF ram:CorrespondenceLetter: ไม่มีองค์ประกอบที่จำเป็น")


def test_an_empty_binary_object_means_no_pdf_and_a_missing_mime_code_means_pdf():
    xml = edited(lambda cl: cl.find(q("MainLetterBinaryObject")).__setattr__("text", "  "))
    assert egif.parse_letter(xml)["pdf"] is None
    xml = edited(lambda cl: cl.find(q("MainLetterBinaryObject")).attrib.clear())
    assert egif.parse_letter(xml)["pdf"] == b"%PDF-1.4 x"


def test_the_xml_agreeing_with_its_pdf_keeps_the_pdfs_register_id():
    meta = egif.parse_letter(egif.letter_xml(FULL))["meta"]
    pdf = blank_pdf(attachment=md.to_json(record(register_id=7, book_number="ชม  52101/๑", subject=" ขอเชิญประชุม",
                                                 sender={"code": "ชม52101"}, date="2024-01-10")).encode())
    assert egif._agree_with_pdf(meta, pdf, "x.xml") == {**meta, "register_id": 7}
    plain = blank_pdf()
    assert egif._agree_with_pdf(meta, plain, "x.xml") is meta


def test_the_xml_contradicting_its_pdf_names_each_element():
    meta = egif.parse_letter(egif.letter_xml(FULL))["meta"]
    pdf = blank_pdf(attachment=md.to_json(record(book_number="ชม 52101/2", date="2024-01-11", subject="อื่น",
                                                 sender={"code": "ชม 0023.05"})).encode())
    e = refused(lambda: egif._agree_with_pdf(meta, pdf, "in.xml"))
    assert e.en == ("in.xml: the XML contradicts its attached PDF: ram:ID 'ชม 52101/1' ≠ PDF book_number 'ชม 52101/2'; "
                    "ram:CorrespondenceDate '2024-01-10' ≠ PDF date '2024-01-11'; "
                    "ram:Subject 'ขอเชิญประชุม' ≠ PDF subject 'อื่น'; "
                    "ram:SenderParty/ram:DepartmentOrganization/ram:ID 'ชม 52101' ≠ PDF sender_code 'ชม 0023.05'")
    assert e.th == ("in.xml: ข้อมูลใน XML ขัดกับแฟ้ม PDF ที่แนบมา: ram:ID (ที่) ไม่ตรงกับ PDF; "
                    "ram:CorrespondenceDate (ลงวันที่) ไม่ตรงกับ PDF; ram:Subject (เรื่อง) ไม่ตรงกับ PDF; "
                    "ram:SenderParty/ram:DepartmentOrganization/ram:ID (หน่วยงานผู้ส่ง) ไม่ตรงกับ PDF")
    pdf = blank_pdf(attachment=md.to_json(record(sender={"code": None})).encode())
    assert egif._agree_with_pdf(meta, pdf, "in.xml")["register_id"] == 1  # no code in the PDF: nothing to contradict


# --- placement ------------------------------------------------------------------------------

def test_the_grid_keeps_a_margin_and_pads_what_it_marks():
    grid = FreeSpace(210, 297)
    assert (grid.w, grid.h, grid.edge, grid.pad, grid.text_gap) == (210, 297, 4, 1.5, 5.0)
    assert grid.is_free(4, 4, 202, 289) and not grid.is_free(3, 4, 10, 10) and not grid.is_free(4, 3, 10, 10)
    assert not grid.is_free(4, 4, 203, 10) and not grid.is_free(4, 4, 10, 290)
    grid.occupy((50, 50, 60, 60))
    assert not grid.is_free(48, 48, 1, 1) and grid.is_free(47, 47, 1, 1)
    assert not grid.is_free(61, 61, 1, 1) and grid.is_free(62, 62, 1, 1)
    grid.occupy((100, 100, 110, 110), pad=0)
    assert grid.is_free(99, 99, 1, 1) and not grid.is_free(100, 100, 1, 1) and grid.is_free(110, 110, 1, 1)


def test_marking_beyond_the_page_is_clipped_and_a_fresh_mark_is_seen():
    grid = FreeSpace(50.9, 40.2, edge_mm=0, pad_mm=0)
    assert (grid.w, grid.h) == (50, 40)
    assert grid.find(50, 40, lambda x, y: 0) == (0, 0)
    grid.occupy((-10, -10, 5, 5))
    grid.occupy((45, 35, 80, 90))
    assert grid.cells[0][0] == 1 and grid.cells[39][49] == 1 and grid.cells[20][20] == 0
    assert grid.find(50, 40, lambda x, y: 0) is None
    assert grid.find(10, 10, lambda x, y: x + y) == (5, 0)


def test_find_takes_the_lowest_score_within_the_limit():
    grid = FreeSpace(100, 100, edge_mm=0, pad_mm=0)
    assert grid.find(10, 10, lambda x, y: -x - y) == (90, 90)
    assert grid.find(10, 10, lambda x, y: abs(x - 30) + abs(y - 40), limit=0) == (30, 40)
    assert grid.find(10, 10, lambda x, y: x + y + 5, limit=4) is None
    assert grid.find(10, 10, lambda x, y: x + y, limit=0) == (0, 0)
    assert grid.find(9.2, 9.2, lambda x, y: -x) == (90, 0)  # 9.2 mm needs 10 cells


def test_a_page_grid_keeps_a_wider_gap_beside_text_than_beside_drawings():
    mm = placement.MM
    page = SimpleNamespace(width=100.5 * mm, height=100.5 * mm, rects=[], lines=[], curves=[],
                           images=[{"top": None}],
                           chars=[{"object_type": "char", "x0": 40.2 * mm, "x1": 49.8 * mm,
                                   "top": 40.2 * mm, "bottom": 44.8 * mm}])
    grid = FreeSpace.of_page(page)
    assert (grid.w, grid.h) == (100, 100)
    # a character blocks 5 mm to each side (text gap), 1.5 mm above and below (padding)
    assert not grid.is_free(35, 42, 1, 1) and grid.is_free(34, 42, 1, 1)
    assert not grid.is_free(54, 42, 1, 1) and grid.is_free(55, 42, 1, 1)
    assert not grid.is_free(45, 38, 1, 1) and grid.is_free(45, 37, 1, 1)
    assert not grid.is_free(45, 46, 1, 1) and grid.is_free(45, 47, 1, 1)
    page.chars[0]["object_type"] = "rect"
    grid = FreeSpace.of_page(page)
    assert grid.is_free(37, 42, 1, 1) and not grid.is_free(38, 42, 1, 1)
    assert not grid.is_free(51, 42, 1, 1) and grid.is_free(52, 42, 1, 1)


# --- stamp: values and layout -----------------------------------------------------------------

def test_stamp_values_are_in_bangkok_time_with_ascii_digits():
    got = stamp.stamp_values(receipt_no="069/2567", agency="เทศบาลตำบลสันทราย",
                             received_at=datetime(2024, 1, 7, 19, 5, tzinfo=timezone.utc))
    assert got == {"agency": "เทศบาลตำบลสันทราย", "receipt_no": "069/2567", "date": "8 ม.ค. 2567", "time": "02.05 น."}


def test_endorsement_values_drop_blank_lines_and_date_by_bangkok_day():
    e = SimpleNamespace(text="เพื่อโปรดทราบ\n\n   \nดำเนินการ", actor="นาย ก", position="ปลัด",
                        endorsed_at=datetime(2024, 1, 8, 18, 0, tzinfo=timezone.utc), endorsed_on=date(2024, 1, 1))
    assert stamp.endorsement_values(e) == {"text": ["เพื่อโปรดทราบ", "ดำเนินการ"], "name": "นาย ก", "position": "ปลัด",
                                           "date": "9 ม.ค. 2567"}
    e = SimpleNamespace(text="  ", actor="ก", position="ข", endorsed_at=None, endorsed_on=date(2024, 2, 3))
    assert stamp.endorsement_values(e) == {"text": ["  "], "name": "ก", "position": "ข", "date": "3 ก.พ. 2567"}


def test_routing_values_tick_the_chosen_and_indent_sections():
    assert stamp.routing_values(["สำนักปลัด", "งานธุรการ", "กองคลัง"], ["กองคลัง"], ["งานธุรการ"]) == [
        {"label": "สำนักปลัด", "ticked": False, "sub": False}, {"label": "งานธุรการ", "ticked": False, "sub": True},
        {"label": "กองคลัง", "ticked": True, "sub": False}]
    assert stamp.routing_values([{"unit": "กองช่าง", "sections": None}], None) == [
        {"label": "กองช่าง", "ticked": False, "sub": False}]
    assert stamp.routing_values([{"unit": "กองช่าง"}], ["กองช่าง"]) == [{"label": "กองช่าง", "ticked": True, "sub": False}]
    assert stamp.routing_values(None, ["x"]) == []


def test_a_chosen_stamp_spot_is_rounded_to_whole_millimetres_and_taken():
    grid = FreeSpace(210, 297)
    placed = stamp.place_stamp_at(grid, Block("stamp", 0, 50, 30), ("100.4", 20.6))
    assert (placed.x, placed.y, placed.scale) == (100, 21, 1.0) and placed.box == (100, 21, 150, 51)
    assert not grid.is_free(120, 30, 1, 1)


def test_a_chosen_spot_near_the_right_margin_shrinks_the_stamp_to_85_then_70_percent():
    block = Block("stamp", 0, 50, 30)
    assert stamp.place_stamp_at(FreeSpace(210, 297), block, (156, 4)).scale == 1.0
    assert stamp.place_stamp_at(FreeSpace(210, 297), block, (157, 4)).scale == 0.85
    assert stamp.place_stamp_at(FreeSpace(210, 297), block, (163, 4)).scale == 0.85
    assert stamp.place_stamp_at(FreeSpace(210, 297), block, (164, 4)).scale == 0.7
    assert stamp.place_stamp_at(FreeSpace(210, 297), block, (171, 4)).scale == 0.7
    e = refused(lambda: stamp.place_stamp_at(FreeSpace(210, 297), block, (172, 4)))
    assert isinstance(e, StampNotFree)
    assert e.en == ("the receipt stamp at x 172 mm, y 4 mm is outside page 1 (210 × 297 mm, 4 mm margin): "
                    "move it onto the page")
    assert e.th == "ตรารับที่ตำแหน่ง x 172 มม. y 4 มม. อยู่นอกหน้าแรก (210 × 297 มม.) กรุณาเลื่อนเข้ามาในหน้า"


@pytest.mark.parametrize("at", [(3, 10), (10, 3), (10, 273)])
def test_a_chosen_spot_past_any_margin_is_outside_the_page(at):
    e = refused(lambda: stamp.place_stamp_at(FreeSpace(210, 297), Block("stamp", 0, 50, 30), at))
    assert e.en.startswith(f"the receipt stamp at x {at[0]} mm, y {at[1]} mm is outside page 1")


def test_a_chosen_spot_over_the_letter_or_not_numbers_is_refused():
    grid = FreeSpace(210, 297)
    grid.occupy((20, 20, 30, 30))
    e = refused(lambda: stamp.place_stamp_at(grid, Block("stamp", 0, 50, 30), (10, 10)))
    assert isinstance(e, StampNotFree)
    assert e.en == "the receipt stamp at x 10 mm, y 10 mm would cover the letter's text or drawings: move it to a free space"
    assert e.th == "ตรารับที่ตำแหน่ง x 10 มม. y 10 มม. ทับข้อความหรือภาพของหนังสือ กรุณาเลื่อนไปยังที่ว่าง"
    assert stamp.place_stamp_at(grid, Block("stamp", 0, 50, 30), (32, 10)).x == 32
    e = refused(lambda: stamp.place_stamp_at(grid, Block("stamp", 0, 50, 30), (4, 4)))  # on the margin: not outside
    assert e.en.startswith("the receipt stamp at x 4 mm, y 4 mm would cover")
    for at in (("a", 1), None, (5,)):
        e = refused(lambda: stamp.place_stamp_at(FreeSpace(210, 297), Block("stamp", 0, 50, 30), at))
        assert isinstance(e, StampNotFree)
        assert (e.en, e.th) == (f"stamp position {at!r}: give x and y in millimetres",
                                "ตำแหน่งตรารับต้องเป็นตัวเลข (มิลลิเมตร)")


def test_endorsements_follow_in_reading_order_from_the_lower_part_of_the_page():
    first = stamp._reading_order(None, 100)
    assert first(5, 99) is None and first(5, 100) == 100005
    after = stamp._reading_order(Placed(Block("endorsement", 2, 50, 30, 1), 10, 100, 1.0), 0)
    assert after(70, 110) == 110070  # the same band, to its right
    assert after(59, 110) is None and after(0, 99) is None
    assert after(60, 100) == 100060 and after(0, 130) == 130000


def fake_page(width_mm=210, height_mm=297, chars=()):
    return SimpleNamespace(width=(width_mm + 0.5) * placement.MM, height=(height_mm + 0.5) * placement.MM, chars=list(chars),
                           rects=[], lines=[], curves=[], images=[])


def test_on_a_free_page_the_stamp_goes_top_right_the_routing_list_beside_it_and_endorsements_below():
    blocks = [Block("stamp", 0, 50, 30), Block("routing", 1, 40, 60), Block("endorsement", 2, 60, 25, 1),
              Block("endorsement", 3, 60, 25, 2)]
    placed, strip, leftover = stamp.layout(fake_page(), blocks)
    assert strip == [] and leftover == []
    assert [(p.block.kind, p.x, p.y, p.scale) for p in placed] == [
        ("stamp", 156, 4, 1.0), ("routing", 114, 4, 1.0), ("endorsement", 4, 134, 1.0), ("endorsement", 66, 134, 1.0)]


def test_with_a_chosen_spot_the_stamp_sits_there_and_the_routing_list_beside_it():
    placed, _, _ = stamp.layout(fake_page(), [Block("stamp", 0, 50, 30), Block("routing", 1, 40, 60)], (100, 100))
    assert [(p.x, p.y) for p in placed] == [(100, 100), (58, 100)]


def test_without_room_the_stamp_and_routing_list_go_to_a_strip_and_endorsements_are_left_over():
    page = fake_page(60, 60)
    blocks = [Block("stamp", 0, 50, 30), Block("routing", 1, 50, 30), Block("endorsement", 2, 80, 80, 1),
              Block("endorsement", 3, 5, 5, 2)]
    placed, strip, leftover = stamp.layout(page, blocks)
    assert [(p.block.kind, p.x, p.y) for p in placed] == [("stamp", 6, 4)]
    assert [(p.block.kind, p.x, p.y, p.scale) for p in strip] == [("routing", 0, 0, 1.0)]
    assert [b.seq for b in leftover] == [1, 2]  # the small one after a big one keeps the order


def test_a_stamp_too_big_for_the_page_at_70_percent_goes_to_the_strip():
    placed, strip, _ = stamp.layout(fake_page(60, 60), [Block("stamp", 0, 100, 30), Block("routing", 1, 10, 10)])
    assert placed == [] and [p.block.kind for p in strip] == ["stamp", "routing"]
    placed, strip, _ = stamp.layout(fake_page(60, 60), [Block("stamp", 0, 70, 30)])
    assert [(p.x, p.scale) for p in placed] == [(7, 0.7)] and strip == []


def test_the_routing_list_is_not_shrunk_below_85_percent():
    placed, strip, _ = stamp.layout(fake_page(100, 50), [Block("stamp", 0, 40, 20), Block("routing", 1, 60, 40)])
    assert [p.block.kind for p in placed] == ["stamp"] and [p.block.kind for p in strip] == ["routing"]
    placed, strip, _ = stamp.layout(fake_page(110, 60), [Block("stamp", 0, 40, 20), Block("routing", 1, 70, 40)])
    assert [(p.block.kind, p.scale) for p in placed] == [("stamp", 1.0), ("routing", 0.85)] and strip == []


def test_a_stamped_copy_without_a_chosen_spot_or_unreadable_has_no_stamp_at():
    assert stamp.stamp_at_of(blank_pdf()) is None and stamp.stamp_at_of(b"junk") is None


def test_a_copy_without_the_embedded_original_is_refused():
    e = refused(lambda: stamp.original_of(blank_pdf()))
    assert (e.en, e.th) == ("this stamped copy does not embed the received original",
                            "สำเนาที่ประทับตรารับนี้ไม่มีต้นฉบับที่รับฝังอยู่")


# --- receive helpers --------------------------------------------------------------------------

def test_the_default_stamped_name_keeps_the_codes_digits_or_x():
    assert receive.default_stamped_name("มท", "001/2567") == "received-x-001-2567.pdf"
    assert receive.default_stamped_name("ชม 0023.05", "12/2567") == "received-0023.05-12-2567.pdf"


def write_meta(tmp_path, text):
    path = tmp_path / "meta.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_meta_file_gives_the_letters_facts(tmp_path):
    path = write_meta(tmp_path, "book_number: ชม 0023.3/ว 63\ndate: 2 ม.ค. 2567\nsender: จังหวัดเชียงใหม่\n"
                                "sender_code: ชม 0023.3\nsubject: ทดสอบ\nrecipients: นายก\n")
    assert receive.read_meta_file(path) == {
        "book_number": "ชม 0023.3/ว 63", "date": "2024-01-02", "subject": "ทดสอบ",
        "sender": {"name": "จังหวัดเชียงใหม่", "code": "ชม 0023.3", "issuer": "จังหวัดเชียงใหม่"},
        "recipients": "นายก", "register_id": None}
    path = write_meta(tmp_path, "book_number: 5\ndate: 2024-01-02\nsubject: ส\nsender:\n  name: อำเภอฝาง\n"
                                "  code: ชม 0023.05\n")
    got = receive.read_meta_file(path)
    assert got["sender"] == {"name": "อำเภอฝาง", "code": "ชม 0023.05", "issuer": None}
    assert got["book_number"] == "5" and got["date"] == "2024-01-02" and got["recipients"] is None


def test_a_meta_file_names_every_problem_in_both_languages(tmp_path):
    path = write_meta(tmp_path, "- a\n")
    e = refused(lambda: receive.read_meta_file(path))
    assert (e.en, e.th) == (f"{path}: expected keys book_number, date, sender, subject",
                            f"{path}: ต้องมีคีย์ book_number, date, sender, subject")
    path = write_meta(tmp_path, "book_number: ' '\ndate: '2567'\nsender: ก\nsubject: ส\nspeed: ด่วน\n")
    e = refused(lambda: receive.read_meta_file(path))
    assert e.en == f"{path}: book_number is missing; date '2567' is only a year"
    assert e.th == f"{path}: ไม่มี book_number (ที่); วันที่ '2567' มีแต่ปี"
    path = write_meta(tmp_path, "book_number: ก/1\ndate: 2024-01-02\nsubject: ส\nสิ่ง: x\n")
    e = refused(lambda: receive.read_meta_file(path))
    assert e.en == f"{path}: sender is missing; unknown key 'สิ่ง'"
    assert e.th == f"{path}: ไม่มี sender (จาก); ไม่รู้จักคีย์ 'สิ่ง'"


# --- issue / forward / certify helpers ---------------------------------------------------------

def test_a_book_number_gives_its_agency_series_and_running_number():
    assert issue.parse_book_number("ชม 0023.3/ว 63") == ("ชม 0023.3", "circular", 63)
    assert issue.parse_book_number("ชม ๕๒๑๐๑/๗") == ("ชม 52101", "normal", 7)
    e = refused(lambda: issue.parse_book_number("ชม 52101"))
    assert e.en == "book_number 'ชม 52101' is not a letter number like 'ชม 0023.3/ว 63'"
    assert e.th == "ที่ 'ชม 52101' ไม่ใช่เลขที่หนังสือ ตัวอย่าง 'ชม 0023.3/ว 63'"


def test_default_output_marks_each_series():
    assert issue.default_output("ชม 0023.3", "order", 3, 2567, "docx") == "letter-0023.3-o3-2567.docx"
    assert issue.default_output("มท", "normal", 1, 2566) == "letter-x-1-2566.pdf"
    assert issue.default_output("ชม ๕๒๑๐๑", "unknown", 2, 2567) == "letter-52101-2-2567.pdf"


def test_the_letters_agency_comes_from_its_code_else_its_number_else_the_office():
    office = SimpleNamespace(office={"agency_code": "ชม 52101"})
    office.office = SimpleNamespace(get=lambda k: {"agency_code": "ชม 52101"}.get(k))
    assert issue._agency_code({"agency": {"code": "ชม 0023.05"}, "book_number": "มท 0810.6/1"}, office) == "ชม 0023.05"
    assert issue._agency_code({"agency": {}, "book_number": "มท 0810.6/ว 1"}, office) == "มท 0810.6"
    assert issue._agency_code({}, office) == "ชม 52101"


def test_a_citation_of_each_kind_writes_the_full_thai_date():
    assert forward.citation("reference", issuer="จังหวัดเชียงใหม่", number="ชม 0023.3/ว 63", date=date(2024, 1, 2)) == \
        "หนังสือจังหวัดเชียงใหม่ ที่ ชม 0023.3/ว 63 ลงวันที่ 2 มกราคม 2567"
    assert forward.citation("enclosure", issuer="อำเภอฝาง", number="ก/1", date=date(2024, 1, 2)) == \
        "สำเนาหนังสืออำเภอฝาง ที่ ก/1 ลงวันที่ 2 มกราคม 2567"


def test_a_group_addressee_makes_a_circular_unless_the_series_is_given():
    assert forward.choose_series("นายอำเภอ ทุกอำเภอ") == "circular"
    assert forward.choose_series("นายอำเภอฝาง") == "normal"
    assert forward.choose_series("นายอำเภอ ทุกอำเภอ", "normal") == "normal"


def test_the_letterhead_prints_a_two_line_address_alone():
    two = SimpleNamespace(code="ก", name="สถอ.", address=("ที่ว่าการอำเภอฝาง", "ถนนโชตนา", "ชม 50110"))
    assert forward.letterhead(two) == {"code": "ก", "name": "ที่ว่าการอำเภอฝาง", "address": "ถนนโชตนา ชม 50110"}
    one = SimpleNamespace(code="ข", name="กรม", address=("ถนนนครราชสีมา",))
    assert forward.letterhead(one) == {"code": "ข", "name": "กรม", "address": "ถนนนครราชสีมา"}
    none = SimpleNamespace(code="ค", name="กรม", address=())
    assert forward.letterhead(none)["address"] == ""


def test_the_gist_is_the_first_paragraph_without_its_opening():
    assert forward._gist_from(None, "จังหวัด") == "" and forward._gist_from({"body": []}, "จังหวัด") == ""
    opening = forward.rules()["gist_strip_openings"][0].format(issuer="จังหวัดเชียงใหม่")
    assert forward._gist_from({"body": [f"  {opening} แจ้งว่า ก  ", "ข"]}, "จังหวัดเชียงใหม่") == "แจ้งว่า ก"
    assert forward._gist_from({"body": ["เรื่องอื่น ๆ "]}, "จังหวัดเชียงใหม่") == "เรื่องอื่น ๆ"


def test_the_copy_certifier_comes_from_the_office_else_the_agencys_copies_signer():
    office = {"copy_certifier": {"name": "นาย ก", "position": ("ปลัด",)}}
    assert certify.copy_certifier(None, office, is_office=True) == {"name": "นาย ก", "position": ["ปลัด"]}
    assert certify.copy_certifier(None, {"copy_certifier": {}}, is_office=True) == {"name": "", "position": []}
    signer = SimpleNamespace(key="copies", name="นาง ข", position_lines=lambda: ["หัวหน้า", "สำนัก"])
    agency = SimpleNamespace(signers=[SimpleNamespace(key="default", name="x", position_lines=list), signer])
    assert certify.copy_certifier(agency, office, is_office=False) == {"name": "นาง ข", "position": ["หัวหน้า", "สำนัก"]}
    assert certify.copy_certifier(SimpleNamespace(signers=[]), office, is_office=False) == {"name": "", "position": []}
    assert certify.copy_certifier(None, {}, is_office=True) == {"name": "", "position": []}
    oc = {"copy_certifier": {"name": "นาย ก", "position": None}}
    assert certify.copy_certifier(None, oc, is_office=True) == {"name": "นาย ก", "position": []}


def test_the_mark_prefers_the_top_centre_and_the_certification_the_lower_right():
    grid = FreeSpace(210, 297)
    top = certify._top_centre(grid, 20, 10)
    assert top(95, 4) == 12 and top(100, 4) == 17 and top(95, 5) == 15
    low = certify._lower_right(grid, 50, 30)
    assert low(156, 263) == 12 and low(155, 263) == 13 and low(156, 262) == 14


def test_a_page_without_room_is_lengthened_at_the_top_for_the_mark_and_the_bottom_for_the_certification():
    pdf = pikepdf.open(io.BytesIO(blank_pdf()))
    page = pdf.pages[0]
    page.obj["/CropBox"] = pikepdf.Array([0, 0, 595, 842])
    spot = certify._lengthen(page, certify._Block(0, 20, 10), top=True)
    assert "/CropBox" not in page.obj
    assert [round(float(v), 3) for v in page.mediabox] == [0, 0, 595, round(842 + 16 * placement.MM, 3)]
    assert spot == ((595 / placement.MM - 20) / 2, 3.0, 1.0)
    other = pikepdf.open(io.BytesIO(blank_pdf()))
    page = other.pages[0]
    spot = certify._lengthen(page, certify._Block(1, 50, 30), top=False)
    assert [round(float(v), 3) for v in page.mediabox] == [0, round(-36 * placement.MM, 3), 595, 842]
    assert spot == (595 / placement.MM - 50 - 12, 842 / placement.MM + 3.0, 1.0)


def test_certify_places_the_block_at_full_size_else_85_percent_else_nowhere():
    grid = FreeSpace(100, 100, edge_mm=0, pad_mm=0)
    assert certify._place(grid, certify._Block(0, 100, 50), lambda g, w, h: lambda x, y: y) == (0, 0, 1.0)
    assert certify._place(grid, certify._Block(0, 100, 50), lambda g, w, h: lambda x, y: y) == (0, 50, 1.0)
    assert certify._place(grid, certify._Block(0, 10, 10), lambda g, w, h: lambda x, y: y) is None
    grid = FreeSpace(100, 100, edge_mm=0, pad_mm=0)
    grid.occupy((0, 0, 100, 56))
    assert certify._place(grid, certify._Block(0, 50, 50), lambda g, w, h: lambda x, y: x) == (0, 56, 0.85)
    assert not grid.is_free(40, 90, 1, 1) and grid.is_free(43, 90, 1, 1)
