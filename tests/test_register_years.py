"""Printed registers: one calendar year per book, and the receive book's date and time of receipt.

Saraban numbers start again at 1 on 1 January (brief §3.3): a printed range across the
new year is two books, each with its own title and its own run of numbers, never one
table whose numbers restart half-way. The receive book shows when each letter came in,
in Bangkok time (brief §2.7, §3.5). Read back from the PDF (pdftotext per page) and the
XLSX (openpyxl).
"""

from __future__ import annotations

import subprocess
from datetime import date, datetime, timezone

import openpyxl
import pytest
from register_helpers import run

from docengine.register import open_register


def page_texts(pdf) -> list[str]:
    from pypdf import PdfReader

    n = len(PdfReader(str(pdf)).pages)
    return [subprocess.run(["pdftotext", "-layout", "-f", str(i), "-l", str(i), str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout for i in range(1, n + 1)]


@pytest.fixture()
def reg(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'register.sqlite3'}"
    monkeypatch.setenv("DOCENGINE_DB", url)
    return open_register(url)


def send(reg, day: date, subject: str):
    alloc = reg.allocate("ชม 0023.05", "normal", letter_date=day)
    return reg.issue(alloc, subject=subject, recipients="นายกเทศมนตรีตำบล ทุกแห่ง")


def test_send_book_across_new_year_prints_two_books_each_from_one(reg, tmp_path, capsys):
    old = [send(reg, date(2023, 12, d), f"เรื่องปลายปี {d}") for d in (28, 29)]
    new = [send(reg, date(2024, 1, d), f"เรื่องต้นปี {d}") for d in (2, 3, 4)]
    assert [l.running_no for l in old] == [1, 2] and [l.running_no for l in new] == [1, 2, 3]
    pdf, xlsx = tmp_path / "send.pdf", tmp_path / "send.xlsx"
    code, out, err = run(capsys, "register", "print", "--book", "send", "--from", "2023-12-01", "--to",
                         "2024-01-31", "--agency", "ชม 0023.05", "--pdf", str(pdf), "--xlsx", str(xlsx))
    assert code == 0, err
    pages = page_texts(pdf)
    assert len(pages) == 2
    assert "ทะเบียนหนังสือส่ง พ.ศ. ๒๕๖๖" in pages[0] and "(๑ ธ.ค. ๒๕๖๖ – ๓๑ ธ.ค. ๒๕๖๖)" in pages[0]
    assert "เรื่องปลายปี" in pages[0] and "เรื่องต้นปี" not in pages[0]
    assert "ทะเบียนหนังสือส่ง พ.ศ. ๒๕๖๗" in pages[1] and "เรื่องปลายปี" not in pages[1]
    assert "ชม ๐๐๒๓.๐๕/๓" in pages[1] and "ชม ๐๐๒๓.๐๕/๓" not in pages[0]
    wb = openpyxl.load_workbook(xlsx)
    assert wb.sheetnames == ["ทะเบียนหนังสือส่ง 2566", "ทะเบียนหนังสือส่ง 2567"]
    for ws, numbers in zip(wb.worksheets, ([1, 2], [1, 2, 3])):
        assert ws["A1"].value.startswith(ws.title.replace(" 25", " พ.ศ. 25"))
        assert [r[0] for r in ws.iter_rows(min_row=3, values_only=True) if isinstance(r[0], int)] == numbers


def test_receive_book_shows_date_and_time_of_receipt_in_bangkok_time(reg, tmp_path, capsys):
    # 17:30 UTC on 31 Dec 2023 is 00:30 on 1 Jan 2024 in Bangkok: the first letter of the 2567 book.
    moments = [datetime(2023, 12, 31, 9, 5, tzinfo=timezone.utc),   # 16.05 น. 31 ธ.ค. 2566
               datetime(2023, 12, 31, 17, 30, tzinfo=timezone.utc),  # 00.30 น. 1 ม.ค. 2567
               datetime(2024, 1, 8, 2, 15, tzinfo=timezone.utc)]     # 09.15 น. 8 ม.ค. 2567
    got = [reg.receive("ชม 52101", sender_book_number=f"ชม 0023.05/{i + 10}", sender_date=date(2023, 12, 28),
                       sender_agency="อำเภอฝาง", subject=f"เรื่องรับ {i}", received_at=m)
           for i, m in enumerate(moments)]
    assert [r.receipt_no for r in got] == ["001/2566", "001/2567", "002/2567"]
    pdf, xlsx = tmp_path / "receive.pdf", tmp_path / "receive.xlsx"
    code, out, err = run(capsys, "register", "print", "--book", "receive", "--from", "2023-12-01", "--to",
                         "2024-01-31", "--agency", "ชม 52101", "--pdf", str(pdf), "--xlsx", str(xlsx))
    assert code == 0, err
    pages = page_texts(pdf)
    assert len(pages) == 2 and "วันเวลาที่รับ" in pages[0] and "วันเวลาที่รับ" in pages[1]

    def when(page: str, receipt_no: str) -> str:
        """The วันเวลาที่รับ cell of a row: the date, and the time under it when the cell wraps."""
        lines = page.splitlines()
        i = next(n for n, l in enumerate(lines) if receipt_no in l)
        row, below = lines[i], lines[i + 1] if i + 1 < len(lines) else ""
        col = row.index(receipt_no) + len(receipt_no)
        return " ".join((row[col:col + 24] + " " + below[col:col + 24]).split())

    assert when(pages[0], "๐๐๑/๒๕๖๖").startswith("๓๑ ธ.ค. ๒๕๖๖ ๑๖.๐๕ น.")
    assert when(pages[1], "๐๐๑/๒๕๖๗").startswith("๑ ม.ค. ๒๕๖๗ ๐๐.๓๐ น.")
    assert when(pages[1], "๐๐๒/๒๕๖๗").startswith("๘ ม.ค. ๒๕๖๗ ๐๙.๑๕ น.")
    wb = openpyxl.load_workbook(xlsx)
    assert wb.sheetnames == ["ทะเบียนหนังสือรับ 2566", "ทะเบียนหนังสือรับ 2567"]
    rows = [r for r in wb.worksheets[1].iter_rows(min_row=3, values_only=True) if r[1]]
    assert [(r[0], r[1]) for r in rows] == [("001/2567", "1 ม.ค. 2567 00.30 น."), ("002/2567", "8 ม.ค. 2567 09.15 น.")]
