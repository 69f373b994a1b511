"""Issue 14 items 11 and 12 for letter data and received PDFs: field limits, poisoned text,
unreadable enclosures and bad metadata are one bilingual error each, nothing written."""

from __future__ import annotations

import io
import json

import pytest

from docengine.resources import data_path
from hostile.harness import assert_refused, run, snapshot

SAMPLE = data_path("samples", "documents", "external.yaml")
SUBJECT = "subject: ประชาสัมพันธ์บริการตรวจสอบเบี้ยยังชีพผู้สูงอายุและเบี้ยความพิการบนระบบพอร์ทัลกลางเพื่อประชาชน (Citizen Portal) แอปพลิเคชัน \"ทางรัฐ\""


def letter(tmp_path, subject_line: str):
    text = SAMPLE.read_text(encoding="utf-8")
    assert SUBJECT in text
    path = tmp_path / "letter.yaml"
    path.write_text(text.replace(SUBJECT, subject_line), encoding="utf-8")
    return path


def refused(tmp_path, args, mentions, code=1):
    (tmp_path / "out").mkdir(exist_ok=True)
    before = snapshot(tmp_path)
    result = run(args)
    assert_refused(result, code=code, before=before, after=snapshot(tmp_path), mentions=mentions)
    return result


@pytest.mark.parametrize("line, mentions", [
    ("subject: " + "ก" * 200_000, ("200,000 characters", "subject", "letter.yaml:")),
    ('subject: "ทดสอบ\\0ศูนย์"', ("U+0000", "subject")),
    ('subject: "ทดสอบ\\e[31m"', ("U+001B",)),
    ("subject: เบี้ยยังชีพ\u202e๐๐๕\u202c", ("U+202E", "subject")),
    ("subject: ก\u0e49\u0e48", ("two different tone marks", "subject")),
    ("subject: [" + ", ".join(["x"] * 1000) + "]", ("subject",)),
])
def test_poisoned_or_oversized_letter_fields_are_refused(tmp_path, line, mentions):
    data = letter(tmp_path, line)
    result = refused(tmp_path, ["render", "external", "--data", data, "--pdf", tmp_path / "out" / "x.pdf"],
                     mentions)
    assert len(result.stderr) < 5_000  # the 200,000 characters are not echoed back


@pytest.mark.parametrize("blob", [b"not a pdf at all", b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\n",
                                  b"%PDF-1.4\n" + b"[" * 100_000])
def test_unreadable_enclosure_is_refused(tmp_path, blob):
    enc = tmp_path / "enc.pdf"
    enc.write_bytes(blob)
    refused(tmp_path, ["render", "external", "--data", SAMPLE, "--pdf", tmp_path / "out" / "x.pdf",
                       "--enclosure", enc], ("enc.pdf", "สิ่งที่ส่งมาด้วย"))


def _pdf_with_meta(path, meta: dict | str):
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    text = meta if isinstance(meta, str) else json.dumps(meta, ensure_ascii=False)
    pdf.attachments["docengine.json"] = pikepdf.AttachedFileSpec(pdf, text.encode("utf-8"))
    pdf.save(path)
    return path


GOOD = {"format": "docengine-routing/1", "book_number": "ชม 0023.3/ว 63", "date": "2024-01-02",
        "subject": "ทดสอบ", "sender": {"name": "จังหวัดเชียงใหม่", "code": None, "issuer": None}}


@pytest.mark.parametrize("changes, mentions", [
    ({"date": "2024-99-99"}, ("date", "2024-99-99")),
    ({"date": "2567-01-02"}, ("date", "Common-Era")),
    ({"date": 20240102}, ("wrong type", "date")),
    ({"subject": {"a": 1}}, ("wrong type", "subject")),
    ({"book_number": ["x"]}, ("wrong type", "book_number")),
    ({"sender": "just text"}, ("sender",)),
    ({"register_id": "1; DROP TABLE"}, ("register_id",)),
])
def test_bad_metadata_in_a_received_pdf_is_refused(tmp_path, changes, mentions):
    book = tmp_path / "book.sqlite3"
    assert run(["--db", book, "register", "init"]).code == 0
    pdf = _pdf_with_meta(tmp_path / "in.pdf", {**GOOD, **changes})
    refused(tmp_path, ["--db", book, "receive", pdf, "--as", "ชม 52101", "--out", tmp_path / "out" / "s.pdf"],
            mentions)


def test_deep_metadata_json_is_not_a_traceback(tmp_path):
    book = tmp_path / "book.sqlite3"
    assert run(["--db", book, "register", "init"]).code == 0
    pdf = _pdf_with_meta(tmp_path / "in.pdf", '{"format": ' + "[" * 100_000 + "]" * 100_000 + "}")
    refused(tmp_path, ["--db", book, "receive", pdf, "--as", "ชม 52101", "--out", tmp_path / "out" / "s.pdf"],
            ("--meta",))
