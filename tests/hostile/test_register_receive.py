"""Issue 14 item 4: tampered or relabelled PDFs and e-GIFs do not attach to registered letters.

`receive` compares one of our own letters (docengine.json metadata) with the register:
the file's SHA-256 and the book number, date, subject and agency. An e-GIF whose XML
contradicts its attached PDF is refused. Every refusal takes no number, writes no file.
"""

from __future__ import annotations

import base64
import json
import re
import shutil

import pikepdf
import pytest

from docengine.chain.metadata import ATTACHMENT
from hostile.harness import assert_refused, run
from hostile.register_cases import RECEIVER, issued_book, letter_data, new_register, refused, rows


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    book = issued_book(tmp_path_factory.mktemp("receive"))
    xml = book["base"] / "l.xml"
    r = run(["--db", book["url"], "letter", "export-egif", str(book["letter"]["id"]), "--out", str(xml)])
    assert r.code == 0, r.output
    return {**book, "xml": xml}


_refused = refused


def _relabelled(book, name, **changes):
    """The registered PDF with its embedded docengine.json edited (the page untouched)."""
    out = book["work"] / name
    with pikepdf.open(book["pdf"]) as pdf:
        meta = json.loads(pdf.attachments[ATTACHMENT].get_file().read_bytes())
        for key, value in changes.items():
            if key == "sender_code":
                meta["sender"]["code"] = value
            else:
                meta[key] = value
        pdf.attachments[ATTACHMENT] = pikepdf.AttachedFileSpec(pdf, json.dumps(meta, ensure_ascii=False).encode())
        pdf.save(out)
    return out


def _receive(book, pdf):
    return ["receive", str(pdf), "--as", RECEIVER, "--out", str(book["work"] / "stamped.pdf"),
            "--at", "2024-01-08T09:00"]


def test_a_tampered_copy_of_our_letter_is_refused_naming_the_hash(book):
    bad = book["work"] / "tampered.pdf"
    bad.write_bytes(book["pdf"].read_bytes() + b"\n%tampered\n")
    _refused(book, _receive(book, bad), "SHA-256", book["letter"]["book_number"], "ไม่ตรง")


@pytest.mark.parametrize("changes, field", [
    ({"date": "2023-12-14"}, "date"),
    ({"subject": "เรื่องอื่นที่ไม่ได้ลงทะเบียน"}, "subject"),
    ({"book_number": "มท 0810.6/ว 9999"}, "book_number"),
])
def test_relabelled_metadata_is_refused_naming_the_field(book, changes, field):
    bad = _relabelled(book, f"relabelled-{field}.pdf", **changes)
    _refused(book, _receive(book, bad), field, "does not match", book["letter"]["book_number"], "ไม่ตรงกับทะเบียน")


def test_our_letter_claimed_by_another_agency_is_refused(book):
    bad = _relabelled(book, "other-agency.pdf", sender_code="ชม 0023.3")
    _refused(book, _receive(book, bad), "agency", "ชม 0023.3")


def test_the_registered_file_itself_is_received(book, tmp_path):
    """The control case: the untouched registered PDF links to its letter."""
    import sqlite3

    db = tmp_path / "copy.sqlite3"
    src = sqlite3.connect(book["url"].removeprefix("sqlite:///"))
    dst = sqlite3.connect(db)
    src.backup(dst)
    src.close()
    dst.close()
    r = run(["--db", f"sqlite:///{db}", *_receive(book, book["pdf"])[:-4], "--out", str(tmp_path / "s.pdf"),
             "--at", "2024-01-08T09:00", "--json"], timeout=300)
    assert r.code == 0, r.output
    assert json.loads(r.stdout)["letter_id"] == book["letter"]["id"]


def _edited_xml(book, name, pattern, replacement):
    text = book["xml"].read_text(encoding="utf-8")
    edited, n = re.subn(pattern, replacement, text, count=1)
    assert n == 1
    path = book["work"] / name
    path.write_text(edited, encoding="utf-8")
    return path


@pytest.mark.parametrize("element, pattern, replacement", [
    ("ram:Subject", r"(<ram:Subject>)[^<]+", r"\1เรื่องที่แก้ไข"),
    ("ram:ID", r"(<ram:ID>)มท 0810.6/\d+", r"\1มท 0810.6/4444"),
    ("ram:CorrespondenceDate", r"(<ram:CorrespondenceDate>)2023-12-13", r"\g<1>2023-12-12"),
])
def test_egif_whose_xml_contradicts_its_pdf_is_refused(book, element, pattern, replacement):
    xml = _edited_xml(book, f"contradicts-{element[4:]}.xml", pattern, replacement)
    _refused(book, ["letter", "import-egif", str(xml), "--as", RECEIVER, "--out", str(book["work"] / "s.pdf"),
                    "--at", "2024-01-08T09:00"], element, "contradicts", "ขัดกับ")


def test_egif_carrying_a_tampered_pdf_of_our_letter_is_refused(book):
    text = book["xml"].read_text(encoding="utf-8")
    m = re.search(r"(<ram:MainLetterBinaryObject[^>]*>)([^<]+)<", text)
    tampered = base64.b64encode(base64.b64decode(m[2]) + b"\n%tampered\n").decode()
    xml = book["work"] / "tampered.xml"
    xml.write_text(text.replace(m[2], tampered), encoding="utf-8")
    _refused(book, ["letter", "import-egif", str(xml), "--as", RECEIVER, "--out", str(book["work"] / "s.pdf"),
                    "--at", "2024-01-08T09:00"], "SHA-256", book["letter"]["book_number"])


def test_a_cancelled_numbers_pdf_is_not_received(book, tmp_path):
    base = tmp_path
    url = new_register(base / "db")
    r = run(["--db", url, "letter", "issue", "--data", str(letter_data(base)), "--pdf", str(base / "c.pdf"),
             "--json"], timeout=120)
    assert r.code == 0, r.output
    letter = json.loads(r.stdout)
    assert run(["--db", url, "register", "cancel", str(letter["id"]), "--reason", "ออกผิด"]).code == 0
    shutil.copy2(base / "c.pdf", book["work"] / "cancelled.pdf")
    before = rows(url)
    result = run(["--db", url, *_receive(book, book["work"] / "cancelled.pdf")])
    assert_refused(result, mentions=("cancelled", letter["book_number"]))
    assert rows(url) == before
