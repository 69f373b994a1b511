"""`register print --pdf`: the ทะเบียนหนังสือรับ in the paper-book layout, header on every page."""

from __future__ import annotations

import subprocess
from datetime import date, datetime, timedelta

import pdfplumber

from docengine.register import open_register

from register_helpers import run


def test_printed_receive_register_repeats_its_header_and_uses_thai_digits(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'r.sqlite3'}"
    monkeypatch.setenv("DOCENGINE_DB", url)
    reg = open_register(url)
    for i in range(45):
        reg.receive("ชม 52101", sender_book_number=f"ชม 0023.05/{100 + i}", sender_date=date(2024, 1, 5),
                    sender_agency="อำเภอฝาง", subject=f"เรื่องทดสอบลำดับที่ {i + 1} ประชาสัมพันธ์บริการตรวจสอบเบี้ยยังชีพ",
                    received_at=datetime(2024, 1, 8, 9, 0) + timedelta(days=i // 15))
    pdf = tmp_path / "receive.pdf"
    code, out, err = run(capsys, "register", "print", "--book", "receive", "--from", "1 ม.ค. 2567", "--to",
                         "2024-01-31", "--agency", "ชม 52101", "--pdf", pdf)
    assert code == 0 and "45 rows" in out, err
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) >= 2 and all(p.width > p.height for p in doc.pages)  # A4 landscape
        n = len(doc.pages)
    for page in range(1, n + 1):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                              capture_output=True, text=True).stdout
        assert "ทะเบียนรับที่" in text and "การปฏิบัติ" in text and "หมายเหตุ" in text  # header on every page
        assert f"หน้า {'๑๒๓๔๕'[page - 1]}" in text
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "ทะเบียนหนังสือรับ วันที่ ๙ เดือน มกราคม พ.ศ. ๒๕๖๗" in text
    assert "๐๔๕/๒๕๖๗" in text and "045/2567" not in text and "ชม ๐๐๒๓.๐๕/๑๔๔" in text
