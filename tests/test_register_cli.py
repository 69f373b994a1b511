"""What a clerk sees from ``docengine register|chain|endorse|receive``."""

from __future__ import annotations

import re

import json
from datetime import date, datetime

import pytest

from docengine.register import open_register


@pytest.fixture
def db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("DOCENGINE_DB", url)
    reg = open_register(url)
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(b"%PDF-1.7 district letter")
    alloc = reg.allocate("ชม 0023.05", "normal", 2567, letter_date=date(2024, 1, 5))
    letter = reg.issue(alloc, subject="ประชาสัมพันธ์ทางรัฐ", recipients="นายกเทศมนตรีตำบล ทุกแห่ง", files=[pdf])
    receipt = reg.receive("ชม 52101", letter_id=letter.id, received_at=datetime(2024, 1, 8, 9, 15))
    return {"url": url, "reg": reg, "letter": letter, "receipt": receipt}


from register_helpers import run  # noqa: E402


def test_list_json_has_numbers_dates_files_and_receipts(db, capsys):
    code, out, _ = run(capsys, "register", "list", "--year", "2567", "--json")
    assert code == 0
    (rec,) = json.loads(out)
    assert rec["book_number"] == "ชม 0023.05/1" and rec["series"] == "normal" and rec["running_no"] == 1
    assert rec["year"] == 2567 and rec["date"] == "2024-01-05" and rec["subject"] == "ประชาสัมพันธ์ทางรัฐ"
    assert rec["files"][0]["sha256"] == db["letter"].files[0].sha256
    assert rec["receipts"][0]["receipt_no"] == "001/2567"
    code, out, _ = run(capsys, "register", "list", "--book", "receive", "--json")
    assert json.loads(out)[0]["receipt_no"] == "001/2567"


def test_ce_year_wrong_agency_and_unknown_id_are_bilingual_errors(db, capsys):
    code, _, err = run(capsys, "register", "list", "--year", "2024")
    assert code == 1 and "2567" in err and "พุทธศักราช" in err and "Traceback" not in err
    code, _, err = run(capsys, "register", "reserve", "--agency", "ชม 0032.05")
    assert code == 1 and "ชม 0023.05" in err and "ไม่พบรหัสหน่วยงาน" in err
    code, _, err = run(capsys, "chain", "show", "99")
    assert code == 1 and "no letter with id 99" in err and "ไม่พบหนังสือ" in err
    code, _, err = run(capsys, "endorse", "77", "--by", "ก", "--position", "ข", "--text", "ค")
    assert code == 1 and "ไม่พบรายการรับหนังสือ" in err
    assert len(db["reg"].list("send")) == 1  # nothing changed


def test_endorse_then_chain_show_in_thai_digits(db, capsys):
    rid = str(db["receipt"].id)
    code, out, _ = run(capsys, "endorse", rid, "--by", "นายสมปอง ตัวอย่างการ", "--position", "ปลัดเทศบาล",
                       "--text", "เพื่อโปรดพิจารณา", "--date", "9 ม.ค. 2567")
    assert code == 0 and "1" in out
    code, _, err = run(capsys, "endorse", rid, "--by", "ก", "--position", "ข", "--text", "ค", "--date", "9/1/2024")
    assert code == 1 and "2567" in err  # a CE year where BE belongs
    code, out, _ = run(capsys, "chain", "show", str(db["letter"].id))
    assert code == 0
    assert "ที่ ชม ๐๐๒๓.๐๕/๑ ลงวันที่ ๕ ม.ค. ๒๕๖๗ จาก อำเภอฝาง" in out
    assert "เทศบาลตำบลสันทราย เลขรับ ๐๐๑/๒๕๖๗ วันที่ ๘ ม.ค. ๒๕๖๗ เวลา ๐๙.๑๕ น." in out
    assert "เกษียน ๑. นายสมปอง ตัวอย่างการ (ปลัดเทศบาล) ๙ ม.ค. ๒๕๖๗: เพื่อโปรดพิจารณา" in out
    code, out, _ = run(capsys, "chain", "show", str(db["letter"].id), "--json")
    assert json.loads(out)["receipts"][0]["endorsements"][0]["date"] == "2024-01-09"


def test_reserve_cancel_and_receive_from_the_command_line(db, capsys):
    code, out, err = run(capsys, "register", "reserve", "--agency", "ชม 0023.05", "--year", "2567")
    number_id, book_number = out.strip().split("\t")
    assert code == 0 and book_number == "ชม 0023.05/2" and "deprecated" not in err
    code, out, _ = run(capsys, "register", "cancel", number_id, "--reason", "จองซ้ำ")
    assert code == 0 and "ยกเลิก" in out
    code, out, _ = run(capsys, "receive", "--agency", "ชม 52101", "--number", "ชม 0023.3/ว 63", "--date",
                       "2 ม.ค. 2567", "--sender", "จังหวัดเชียงใหม่", "--subject", "ทดสอบ", "--at", "2024-01-09T10:00")
    assert code == 0 and "002/2567" in out
    code, _, err = run(capsys, "receive", "ชม 52101", "--number", "ชม 0023.3/ว 63", "--date", "2 ม.ค. 2567",
                       "--from", "จังหวัดเชียงใหม่", "--subject", "ทดสอบ")  # the old form, with a note
    assert "receive AGENCY is deprecated" in err
    assert code == 3 and "002/2567" in err and "แล้ว" in err


def test_reserve_the_old_positional_agency_still_works_with_a_note(db, capsys):
    code, out, err = run(capsys, "register", "reserve", "ชม 0023.05", "--year", "2567")
    assert code == 0 and out.strip().split("\t")[1] == "ชม 0023.05/2"
    assert "deprecated, use register reserve --agency" in err and "--agency" in err
    code, _, err = run(capsys, "register", "reserve", "ชม 0023.05", "--agency", "ชม 52101")
    assert code == 2 and "differ" in err
    code, _, err = run(capsys, "register", "reserve")
    assert code == 2 and "--agency" in err


def test_print_xlsx_has_the_paper_register_columns(db, capsys, tmp_path):
    out_file = tmp_path / "receive.xlsx"
    code, out, err = run(capsys, "register", "print", "--book", "receive", "--from", "1 ม.ค. 2567",
                         "--to", "2024-01-31", "--xlsx", str(out_file))
    assert code == 0, err
    from openpyxl import load_workbook

    rows = list(load_workbook(out_file).active.iter_rows(values_only=True))
    assert rows[1] == ("ทะเบียนรับที่", "วันเวลาที่รับ", "ที่", "ลงวันที่", "จาก", "ถึง", "เรื่อง", "การปฏิบัติ",
                       "หมายเหตุ")
    assert rows[2][0] == "ทะเบียนหนังสือรับ วันที่ 8 เดือน มกราคม พ.ศ. 2567"
    assert rows[3][:1] + rows[3][2:7] == ("001/2567", "ชม 0023.05/1", datetime(2024, 1, 5), "อำเภอฝาง",
                                          "เทศบาลตำบลสันทราย", "ประชาสัมพันธ์ทางรัฐ")  # ลงวันที่ a date cell
    assert re.fullmatch(r"8 ม\.ค\. 2567 \d\d\.\d\d น\.", rows[3][1])  # date and time of receipt, Bangkok
    code, _, err = run(capsys, "register", "print", "--book", "send", "--from", "2024-01-31", "--to", "2024-01-01",
                       "--xlsx", str(out_file))
    assert code == 1 and "before" in err
    code, _, err = run(capsys, "register", "print", "--book", "send", "--from", "2024-01-01", "--to", "2024-01-31",
                       "--pdf", str(tmp_path / "x.pdf"))
    assert code == 0 and (tmp_path / "x.pdf").read_bytes().startswith(b"%PDF")  # tests/test_chain_book.py checks it


def test_print_send_register_puts_each_value_in_its_column(db, capsys, tmp_path):
    """ถึง holds the recipients and เรื่อง the subject (review mutant M1 swapped them unnoticed)."""
    out_file = tmp_path / "send.xlsx"
    code, _, err = run(capsys, "register", "print", "--book", "send", "--from", "2024-01-01", "--to", "2024-01-31",
                       "--xlsx", str(out_file))
    assert code == 0, err
    from openpyxl import load_workbook

    rows = list(load_workbook(out_file).active.iter_rows(values_only=True))
    header = rows[1]
    line = dict(zip(header, rows[3]))
    assert header == ("ทะเบียนส่งที่", "ที่", "ลงวันที่", "จาก", "ถึง", "เรื่อง", "การปฏิบัติ", "หมายเหตุ")
    assert (line["ทะเบียนส่งที่"], line["ที่"], line["ลงวันที่"], line["จาก"]) == \
        (1, "ชม 0023.05/1", datetime(2024, 1, 5), "สำนักงานส่งเสริมการปกครองท้องถิ่นอำเภอฝาง")
    assert line["ถึง"] == "นายกเทศมนตรีตำบล ทุกแห่ง" and line["เรื่อง"] == "ประชาสัมพันธ์ทางรัฐ"
    assert line["การปฏิบัติ"] == "ออกเลขแล้ว"  # data/labels.yaml, one wording


def test_printed_receipt_time_is_bangkok_time(db, capsys, tmp_path):
    """A receipt at 06.30 on 10 Jan in Bangkok (23.30 on the 9th UTC) prints that day and time
    (review mutant M7 printed UTC)."""
    from datetime import timezone

    db["reg"].receive("ชม 52101", sender_book_number="ชม 0023.3/ว 70", sender_date=date(2024, 1, 9),
                      sender_agency="จังหวัดเชียงใหม่", subject="ทดสอบเวลา",
                      received_at=datetime(2024, 1, 9, 23, 30, tzinfo=timezone.utc))
    out_file = tmp_path / "receive.xlsx"
    code, _, err = run(capsys, "register", "print", "--book", "receive", "--from", "2024-01-10", "--to", "2024-01-10",
                       "--xlsx", str(out_file))
    assert code == 0, err
    from openpyxl import load_workbook

    rows = list(load_workbook(out_file).active.iter_rows(values_only=True))
    assert [r[1] for r in rows if r[6] == "ทดสอบเวลา"] == ["10 ม.ค. 2567 06.30 น."]


def test_print_defaults_to_the_offices_own_book(db, capsys, tmp_path):
    """With several agencies' entries, `register print` without --agency prints the office's own book
    (the sample office is ชม 52101; review mutant M5 made it refuse instead)."""
    out_file = tmp_path / "receive.xlsx"
    db["reg"].receive("ชม 0023.05", sender_book_number="ชม 0023.3/ว 71", sender_date=date(2024, 1, 9),
                      sender_agency="จังหวัดเชียงใหม่", subject="ของอำเภอ", received_at=datetime(2024, 1, 10, 9, 0))
    code, out, err = run(capsys, "register", "print", "--book", "receive", "--from", "2024-01-01",
                         "--to", "2024-01-31", "--xlsx", str(out_file))
    assert code == 0, err
    from openpyxl import load_workbook

    subjects = [r[6] for r in load_workbook(out_file).active.iter_rows(min_row=3, values_only=True) if r[1]]
    assert subjects == ["ประชาสัมพันธ์ทางรัฐ"]  # the office's receipt only, not the district's
    code, _, err = run(capsys, "register", "print", "--book", "receive", "--from", "2024-01-01",
                       "--to", "2024-01-31", "--agency", "ชม 0023.05", "--xlsx", str(out_file))
    assert code == 0, err
    subjects = [r[6] for r in load_workbook(out_file).active.iter_rows(min_row=3, values_only=True) if r[1]]
    assert subjects == ["ของอำเภอ"]
