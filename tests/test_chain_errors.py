"""`letter issue`, `receive`, `endorse`, `letter forward` from the command line: numbers, files, and bad input.

Bad input must give a Thai + English error, take no number and write no file.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap

import pytest
import yaml

from docengine.register import open_register
from register_helpers import LETTER, fresh_register, run



@pytest.fixture
def env(tmp_path, monkeypatch):
    url = fresh_register(tmp_path, monkeypatch)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)

    def data(name="letter.yaml", **changes):
        path = tmp_path / name
        path.write_text(yaml.safe_dump({**LETTER, **changes}, allow_unicode=True), encoding="utf-8")
        return path

    return {"url": url, "work": work, "data": data, "tmp": tmp_path}


def pdftext(path) -> str:
    return "".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout.split())


def books(url):
    reg = open_register(url)
    return [(r.book_number, r.status) for r in reg.list("send")], [r.receipt_no for r in reg.list("receive")]


def test_issue_allocates_from_the_series_and_prints_the_record(env, capsys):
    code, out, err = run(capsys, "letter", "issue", "--data", env["data"](), "--json")
    assert code == 0, err
    rec = json.loads(out)
    assert (rec["book_number"], rec["series"], rec["running_no"], rec["year"], rec["date"]) == \
        ("ชม 52101/1", "normal", 1, 2567, "2024-01-10")
    pdf = env["tmp"] / "letter-52101-1-2567.pdf"  # default ASCII-safe name beside the data file
    assert rec["files"][0]["path"] == str(pdf.resolve())
    assert list(env["work"].iterdir()) == []  # nothing in the folder the clerk stands in
    import hashlib

    assert rec["files"][0]["sha256"] == hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert "ที่ชม๕๒๑๐๑/๑" in pdftext(pdf) and "๑๐มกราคม๒๕๖๗" in pdftext(pdf)
    code, out, err = run(capsys, "letter", "issue", "--data", env["data"](series="circular"), "--pdf",
                         env["tmp"] / "c.pdf", "--docx", env["tmp"] / "c.docx", "--json")
    assert code == 0, err
    rec = json.loads(out)
    assert rec["book_number"] == "ชม 52101/ว 1" and [f["role"] for f in rec["files"]] == ["letter", "docx"]
    assert "ที่ชม๕๒๑๐๑/ว๑" in pdftext(env["tmp"] / "c.pdf")


@pytest.mark.parametrize("changes, en, th", [
    ({"date": "2567-01-10"}, "Buddhist-era", "พุทธศักราช"),
    ({"agency": {"code": "ชม 52110", "name": "x"}}, "unknown agency code", "ไม่พบรหัสหน่วยงาน"),
    ({"subject": None, "speed": "ด่วนจี๋"}, "required field is missing", "ต้องระบุข้อมูลนี้"),
    ({"book_number": "ชม 52101/7"}, "is not the next number", "ไม่ใช่เลขถัดไป"),
])
def test_bad_letter_data_takes_no_number_and_writes_nothing(env, capsys, changes, en, th):
    run(capsys, "letter", "issue", "--data", env["data"]("first.yaml"))  # the book now holds ชม 52101/1
    before = books(env["url"])
    files = set(env["work"].iterdir())
    code, out, err = run(capsys, "letter", "issue", "--data", env["data"](**changes))
    assert code == 1 and en in err and th in err and "Traceback" not in err
    assert books(env["url"]) == before and set(env["work"].iterdir()) == files


def test_a_process_killed_between_allocation_and_writing_leaves_a_failed_number(env):
    script = textwrap.dedent(f"""
        import os, signal, sys
        import docengine.chain.issue as issue
        def die(*a, **k):
            os.kill(os.getpid(), signal.SIGKILL)   # after the number is taken, before any file exists
        issue.stage_all = die
        from docengine.cli import main
        main(["letter", "issue", "--data", {str(env['data']())!r}, "--pdf", "killed.pdf"])
    """)
    proc = subprocess.run([sys.executable, "-c", script], cwd=env["work"], capture_output=True, text=True,
                          env={**os.environ, "DOCENGINE_DB": env["url"]}, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert not (env["work"] / "killed.pdf").exists() and not list(env["work"].glob(".killed.pdf.*"))
    held = open_register(env["url"], recover=False).list("send")
    assert [(r.book_number, r.status) for r in held] == [("ชม 52101/1", "reserved")]
    reg = open_register(env["url"])  # the next open notices the dead process
    (line,) = reg.list("send")
    assert line.status == "failed" and "pid" in line.reason
    assert reg.allocate("ชม 52101", "normal", 2567).running_no == 2  # never reused



def test_a_letter_headed_with_another_agencys_name_is_refused_before_a_number_is_taken(env, capsys):
    # ชม 0023.3 is the province's book (สถจ.เชียงใหม่); ที่ว่าการอำเภอฝาง is where the district's
    # office (ชม 0023.05) sits: the letter would carry the province's ที่ under the district's name.
    before = books(env["url"])
    code, out, err = run(capsys, "letter", "issue", "--data",
                         env["data"](agency={"code": "ชม 0023.3", "name": "ที่ว่าการอำเภอฝาง"}))
    assert code == 1 and "Traceback" not in err, err
    assert ("agency.name 'ที่ว่าการอำเภอฝาง' is the name of สำนักงานส่งเสริมการปกครองท้องถิ่นอำเภอฝาง "
            "(ชม 0023.05), but the letter is numbered in the book of ชม 0023.3, which the register names "
            "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดเชียงใหม่") in err
    assert ("ชื่อส่วนราชการ 'ที่ว่าการอำเภอฝาง' เป็นชื่อของสำนักงานส่งเสริมการปกครองท้องถิ่นอำเภอฝาง "
            "(ชม 0023.05) แต่หนังสือออกเลขในทะเบียนของ ชม 0023.3") in err
    assert books(env["url"]) == before and list(env["work"].iterdir()) == []
    # The same through book_number, and for the LAO's name under the district's code.
    code, _, err = run(capsys, "letter", "issue", "--data", env["data"](
        agency={"name": "สำนักงานเทศบาลตำบลสันทราย"}, book_number="ชม 0023.05/1"))
    assert code == 1 and "is the name of เทศบาลตำบลสันทราย (ชม 52101)" in err, err
    assert books(env["url"]) == before
    # A head that is the agency's own place (ศาลากลางจังหวัดเชียงใหม่ for สถจ.เชียงใหม่) or
    # names no other agency is the clerk's choice: issued.
    code, out, err = run(capsys, "letter", "issue", "--data", env["data"](
        agency={"code": "ชม 0023.3", "name": "ศาลากลางจังหวัดเชียงใหม่", "address": "ถนนโชตนา ชม 50300"}), "--json")
    assert code == 0, err
    rec = json.loads(out)
    assert rec["book_number"] == "ชม 0023.3/1"
    assert "ศาลากลางจังหวัดเชียงใหม่ถนนโชตนาชม๕๐๓๐๐" in pdftext(rec["files"][0]["path"])


@pytest.fixture
def issued(env, capsys):
    code, out, err = run(capsys, "letter", "issue", "--data", env["data"](), "--pdf", env["tmp"] / "letter.pdf",
                         "--json")
    assert code == 0, err
    return json.loads(out)


def test_receive_reads_our_metadata_and_endorse_regenerates_the_stamped_copy(env, capsys, issued):
    stamped = env["tmp"] / "stamped.pdf"
    code, out, err = run(capsys, "receive", env["tmp"] / "letter.pdf", "--as", "ชม 0023.05", "--out", stamped,
                         "--at", "2024-01-11T08:05", "--json")
    assert code == 0, err
    r = json.loads(out)
    assert (r["receipt_no"], r["book_number"], r["date"], r["letter_id"]) == \
        ("001/2567", "ชม 52101/1", "2024-01-10", issued["id"])
    assert "สำนักงานส่งเสริมการปกครองท้องถิ่นอำเภอฝางเลขรับที่๐๐๑/๒๕๖๗วันที่๑๑ม.ค.๒๕๖๗เวลา๐๘.๐๕น." in pdftext(stamped)
    first = stamped.read_bytes()
    for by, text, when in (("นางสาวกิติยา ตัวอย่างดี", "เรียน นายอำเภอฝาง - เพื่อโปรดทราบ", "11 ม.ค. 2567"),
                           ("นายสมชาย ตัวอย่างยิ่ง", "ทราบ", "2024-01-12")):
        code, out, err = run(capsys, "endorse", r["id"], "--by", by, "--position", "ตำแหน่งทดสอบ", "--text", text,
                             "--date", when)
        assert code == 0 and str(stamped) in out, err
    text = pdftext(stamped)
    assert text.index("(นางสาวกิติยาตัวอย่างดี)ตำแหน่งทดสอบ๑๑ม.ค.๒๕๖๗") < text.index("(นายสมชายตัวอย่างยิ่ง)ตำแหน่งทดสอบ๑๒ม.ค.๒๕๖๗")
    assert stamped.read_bytes() != first
    from docengine.chain.stamp import original_of

    assert original_of(stamped.read_bytes()) == (env["tmp"] / "letter.pdf").read_bytes()
    # an endorsement dated before the receipt changes nothing
    code, _, err = run(capsys, "endorse", r["id"], "--by", "ก", "--position", "ข", "--text", "ค", "--date", "2024-01-01")
    assert code == 1 and "precedes" in err and "ก่อนวันที่ลงรับ" in err
    assert len(open_register(env["url"]).get_receipt(r["id"]).endorsements) == 2


def test_receive_errors_change_nothing(env, capsys, issued):
    from pypdf import PdfWriter

    plain = env["tmp"] / "plain.pdf"
    w = PdfWriter()
    w.add_blank_page(595, 842)
    with open(plain, "wb") as fh:
        w.write(fh)
    out_pdf = env["tmp"] / "out.pdf"

    def attempt(*argv, expect=1):
        before, files = books(env["url"]), set(env["tmp"].iterdir())
        code, _, err = run(capsys, "receive", *argv, "--out", out_pdf)
        assert code == expect and "Traceback" not in err
        assert books(env["url"]) == before and set(env["tmp"].iterdir()) == files
        return err

    err = attempt(plain, "--as", "ชม 0023.05")
    assert "--meta" in err and "ไม่มีข้อมูลหนังสือ" in err
    meta = env["tmp"] / "meta.yaml"
    for date, en, th in (("5/1/2024", "CE", "ค.ศ."), ("2567-01-05", "BE year", "พ.ศ."),
                         ("2024-02-30", "", "")):
        meta.write_text(f"book_number: ชม 0023.3/ว 63\ndate: '{date}'\nsender: จังหวัดเชียงใหม่\nsubject: ทดสอบ\n",
                        encoding="utf-8")
        err = attempt(plain, "--as", "ชม 52101", "--meta", meta)
        assert "date" in err and en in err and th in err
    meta.write_text("book_number: ชม 0023.3/ว 63\ndate: 2024-01-02\nsubjct: x\n", encoding="utf-8")
    err = attempt(plain, "--as", "ชม 52101", "--meta", meta)
    assert "sender is missing" in err and "unknown key 'subjct'" in err
    err = attempt(env["tmp"] / "letter.pdf", "--as", "ชม 9999")
    assert "ไม่พบรหัสหน่วยงาน" in err
    err = attempt(env["tmp"] / "letter.pdf", "--as", "ชม 52101", "--route", "กองไม่มีจริง")
    assert "routing list" in err
    # a PDF from elsewhere with --meta works; receiving the same letter again does not
    meta.write_text("book_number: ชม 0023.3/ว 63\ndate: 2 ม.ค. 2567\nsender: จังหวัดเชียงใหม่\nsubject: ทดสอบ\n",
                    encoding="utf-8")
    code, out, err = run(capsys, "receive", plain, "--as", "ชม 52101", "--meta", meta, "--out", out_pdf,
                         "--at", "2024-01-08T09:15", "--route", "งานธุรการ")
    assert code == 0, err
    out_pdf.rename(env["tmp"] / "kept.pdf")
    err = attempt(plain, "--as", "ชม 52101", "--meta", meta, expect=3)  # docs/exit-codes.md: register conflict
    assert "already received" in err and "ลงรับหนังสือ" in err


def test_forward_errors(env, capsys, issued):
    code, _, err = run(capsys, "letter", "forward", "99", "--by", "ชม 0023.05", "--to", "ทุกแห่ง")
    assert code == 1 and "no letter with id 99" in err and "ไม่พบหนังสือ" in err
    code, _, err = run(capsys, "letter", "forward", issued["id"], "--by", "ชม 0023.50", "--to", "ทุกแห่ง")
    assert code == 1 and "ชม 0023.05" in err and "ไม่พบรหัสหน่วยงาน" in err
    code, _, err = run(capsys, "letter", "forward", issued["id"], "--by", "ชม 0023.05", "--to", "x", "--date",
                       "5/1/2024")
    assert code == 1 and "2567" in err
    assert books(env["url"]) == ([("ชม 52101/1", "issued")], [])


def test_an_unreadable_pdf_in_memory_is_named_not_shown_as_a_python_object():
    """qpdf names an in-memory stream "<_io.BytesIO object at 0x…>": the message names the file."""
    from docengine.chain.metadata import read_pdf_metadata
    from docengine.chain.receive import _check_pdf
    from docengine.errors import DocengineError

    for call in (lambda: read_pdf_metadata(b"not a pdf"), lambda: _check_pdf(b"not a pdf", "upload.pdf")):
        with pytest.raises(DocengineError) as refused:
            call()
        assert "not a readable PDF" in refused.value.en and "BytesIO" not in str(refused.value)
