"""TH e-GIF GovernmentDocument 1.0: export a registered letter, import it as a receipt, refuse bad XML."""

from __future__ import annotations

import base64
import json
import xml.etree.ElementTree as ET

import pytest
import yaml

from docengine.register import open_register
from register_helpers import fresh_register

from register_helpers import LETTER, run

RAM = "urn:th:gov:egif:data:standard:ReusableAggregateBusinessInformationEntity:1"
DOC = "urn:th:gov:egif:data:standard:GovernmentDocument:1.0"


@pytest.fixture
def exported(tmp_path, monkeypatch, capsys):
    url = fresh_register(tmp_path, monkeypatch)
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "letter.yaml"
    data.write_text(yaml.safe_dump({**LETTER, "speed": "ด่วนมาก", "references": [
        "หนังสือจังหวัดเชียงใหม่ ที่ ชม 0023.3/ว 63 ลงวันที่ 2 มกราคม 2567"]}, allow_unicode=True), encoding="utf-8")
    code, out, err = run(capsys, "letter", "issue", "--data", data, "--pdf", tmp_path / "letter.pdf", "--json")
    assert code == 0, err
    letter = json.loads(out)
    xml = tmp_path / "letter.xml"
    code, out, err = run(capsys, "letter", "export-egif", letter["id"], "--out", xml)
    assert code == 0, err
    return {"url": url, "xml": xml, "letter": letter, "tmp": tmp_path}


def q(name):
    return f"{{{RAM}}}{name}"


def test_export_has_the_correspondence_letter_fields(exported):
    root = ET.parse(exported["xml"]).getroot()
    assert root.tag == f"{{{DOC}}}GovernmentDocument"
    cl = root.find(q("CorrespondenceLetter"))
    assert cl.findtext(q("ID")) == "ชม 52101/1"
    assert cl.findtext(q("CorrespondenceDate")) == "2024-01-10"  # Gregorian, not BE
    assert cl.findtext(q("Subject")) == LETTER["subject"]
    assert (cl.findtext(q("SecretCode")), cl.findtext(q("SpeedCode"))) == ("001", "003")
    assert cl.findtext(f"{q('SenderParty')}/{q('DepartmentOrganization')}/{q('ID')}") == "ชม 52101"
    assert cl.findtext(f"{q('SenderParty')}/{q('FamilyName')}") == "ตัวอย่างใจ"
    ref = cl.find(q("ReferenceCorrespondence"))
    assert (ref.findtext(q("ID")), ref.findtext(q("CorrespondenceDate"))) == ("ชม 0023.3/ว 63", "2024-01-02")
    pdf = base64.b64decode(cl.findtext(q("MainLetterBinaryObject")))
    assert pdf == (exported["tmp"] / "letter.pdf").read_bytes()


def test_import_round_trip_receives_and_stamps(exported, capsys):
    out = exported["tmp"] / "in.pdf"
    code, text, err = run(capsys, "letter", "import-egif", exported["xml"], "--as", "ชม 0023.05", "--out", out,
                          "--at", "2024-01-11T10:00", "--json")
    assert code == 0, err
    r = json.loads(text)
    assert (r["book_number"], r["date"], r["subject"], r["receipt_no"]) == \
        ("ชม 52101/1", "2024-01-10", LETTER["subject"], "001/2567")
    assert r["letter_id"] == exported["letter"]["id"] and r["sender_agency"] == "เทศบาลตำบลสันทราย"
    assert out.read_bytes().startswith(b"%PDF")
    code, _, err = run(capsys, "letter", "import-egif", exported["xml"], "--as", "ชม 0023.05")
    assert code == 3 and "already received" in err  # a register conflict (docs/exit-codes.md)


@pytest.mark.parametrize("edit, element, th", [
    (lambda cl: cl.find(q("CorrespondenceDate")).__setattr__("text", "2567-01-10"), "ram:CorrespondenceDate", "พ.ศ."),
    (lambda cl: cl.find(q("CorrespondenceDate")).__setattr__("text", "10/01/2024"), "ram:CorrespondenceDate", "ค.ศ."),
    (lambda cl: cl.find(q("CorrespondenceDate")).__setattr__("text", "2024-02-30"), "ram:CorrespondenceDate", "ไม่มีอยู่จริง"),
    (lambda cl: cl.remove(cl.find(q("ID"))), "ram:ID", "ไม่มีข้อมูลที่จำเป็น"),
    (lambda cl: cl.find(q("SpeedCode")).__setattr__("text", "009"), "ram:SpeedCode", "รหัส"),
    (lambda cl: cl.find(f"{q('ReferenceCorrespondence')}/{q('CorrespondenceDate')}").__setattr__("text", "2567-01-02"),
     "ram:ReferenceCorrespondence[1]/ram:CorrespondenceDate", "พ.ศ."),
])
def test_import_validation_names_the_element_and_changes_nothing(exported, capsys, edit, element, th):
    tree = ET.parse(exported["xml"])
    edit(tree.getroot().find(q("CorrespondenceLetter")))
    bad = exported["tmp"] / "bad.xml"
    tree.write(bad, encoding="utf-8", xml_declaration=True)
    code, _, err = run(capsys, "letter", "import-egif", bad, "--as", "ชม 0023.05", "--out", exported["tmp"] / "x.pdf")
    assert code == 1 and f"e-GIF {element}:" in err and th in err and "Traceback" not in err
    assert open_register(exported["url"]).list("receive") == [] and not (exported["tmp"] / "x.pdf").exists()
