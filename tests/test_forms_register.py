"""ทะเบียนเลขที่ on the allowance forms: a register series of its own (brief §3.7).

One book per LAO (the office's agency_code), allowance and fiscal year; `forms fill`
takes consecutive numbers for a batch through the register's own allocation, prints
each on the form and on its tear-off slip ("ทะเบียนเลขที่ ๑๒/๒๕๗๐"), and
`register list/print --book forms` shows the book. Numbers are read back out of the
PDFs, the DOCX and the printed book.
"""

from __future__ import annotations

import csv
import json
import multiprocessing
import re
import subprocess
from pathlib import Path

import openpyxl
import pytest
from extract import docx_text
from register_helpers import backend_url, form_batch_worker, fresh_register, run  # noqa: F401 (backend_url: fixture)
from people_helpers import sample_rows

from docengine.register import open_register
from docengine.resources import data_path
from docengine.thai import thai_digits

PEOPLE = data_path("samples", "people.csv")
DISABLED = data_path("samples", "people-disability.csv")


def page_text(pdf: Path, page: int) -> str:
    return subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def printed_numbers(text: str) -> list[str]:
    """Every "ทะเบียนเลขที่ N/FY" on a page, as printed (Thai digits), blanks as ''."""
    return [f"{m[0]}/{m[1]}" if m[0] else "" for m in
            re.findall(r"ทะเบียนเลขที่\s*([๐-๙]*)\s*/\s*([๐-๙]{4})", text)]


@pytest.fixture()
def db(tmp_path, monkeypatch):
    return fresh_register(tmp_path, monkeypatch, "register.sqlite3")


def fill(capsys, tmp_path, name, *extra, data=None, form="elderly-registration", fy="2570", filed="2026-05-04"):
    data = data or sample_rows(PEOPLE, tmp_path / f"{name}.csv", 3)
    pdf = tmp_path / f"{name}.pdf"
    code, out, err = run(capsys, "forms", "fill", form, "--data", str(data), "--fy", fy, "--pdf", str(pdf),
                         "--date", filed, *extra)
    return code, out, err, pdf


def test_each_form_and_its_slip_print_the_number_of_its_book_line(db, tmp_path, capsys):
    code, out, err, first = fill(capsys, tmp_path, "first", "--docx-dir", str(tmp_path / "docx"))
    assert code == 0, err
    code, out, err, second = fill(capsys, tmp_path, "second")
    assert code == 0, err
    assert "ทะเบียนเลขที่ 4/2570 – 6/2570" in out
    # Two pages per form: the number at the head of page 1 and on the slip at the foot of page 2.
    for pdf, numbers in ((first, (1, 2, 3)), (second, (4, 5, 6))):
        for copy, n in enumerate(numbers):
            want = f"{thai_digits(str(n))}/๒๕๗๐"
            assert printed_numbers(page_text(pdf, 2 * copy + 1)) == [want]
            slip = page_text(pdf, 2 * copy + 2)
            assert printed_numbers(slip.split("ตัดตามรอยประ")[1]) == [want]
    # The DOCX of each row carries the same number, head and slip.
    docx = sorted((tmp_path / "docx").glob("*.docx"))
    assert [printed_numbers(docx_text(p.read_bytes())) for p in docx] == [
        ["๑/๒๕๗๐", "๑/๒๕๗๐"], ["๒/๒๕๗๐", "๒/๒๕๗๐"], ["๓/๒๕๗๐", "๓/๒๕๗๐"]]
    # The book: one line per form, the applicant's name, the files the number was printed in.
    code, out, err = run(capsys, "register", "list", "--book", "forms", "--json")
    lines = json.loads(out)
    assert [(l["book_number"], l["status"], l["book"], l["series"]) for l in lines] == [
        (f"{n}/2570", "issued", "forms", "form-elderly") for n in range(1, 7)]
    people = list(csv.DictReader((tmp_path / "first.csv").open(encoding="utf-8")))
    assert [l["recipients"].split()[-1] for l in lines[:3]] == [p["last_name"] for p in people]
    assert {f["role"] for f in lines[0]["files"]} == {"form", "docx"}
    assert lines[0]["files"][0]["path"] == str(first.resolve())
    # Form lines stay out of the letters' book.
    assert "no entries" in run(capsys, "register", "list", "--book", "send")[1]


def test_books_are_per_allowance_and_per_fiscal_year(db, tmp_path, capsys):
    assert fill(capsys, tmp_path, "e70")[0] == 0
    disabled = sample_rows(DISABLED, tmp_path / "d.csv", 2)
    # filed in FY2570 itself: a disability registrant is paid from the next month (issue 9)
    code, out, err, d70 = fill(capsys, tmp_path, "d70", data=disabled, form="disability-registration",
                               filed="2026-11-20")
    assert code == 0, err
    code, out, err, e71 = fill(capsys, tmp_path, "e71", fy="2571", filed="2026-10-05")  # FY2571 window
    assert code == 0, err
    assert printed_numbers(page_text(d70, 1)) == ["๑/๒๕๗๐"]
    assert printed_numbers(page_text(e71, 1)) == ["๑/๒๕๗๑"]
    reg = open_register(db)
    book = [(l.series, l.year_be, l.running_no) for l in reg.list("forms")]
    assert book == [("form-disability", 2570, 1), ("form-disability", 2570, 2),
                    ("form-elderly", 2570, 1), ("form-elderly", 2570, 2), ("form-elderly", 2570, 3),
                    ("form-elderly", 2571, 1), ("form-elderly", 2571, 2), ("form-elderly", 2571, 3)]


def test_no_register_leaves_the_number_blank_and_takes_none(db, tmp_path, capsys):
    code, out, err, pdf = fill(capsys, tmp_path, "blank", "--no-register")
    assert code == 0, err
    assert printed_numbers(page_text(pdf, 1)) == [""]
    assert open_register(db).list("forms") == []


def test_proxy_letters_take_no_number(db, tmp_path, capsys):
    named = sample_rows(PEOPLE, tmp_path / "proxy.csv", 3, where=lambda r: r["proxy_first_name"])
    code, out, err, pdf = fill(capsys, tmp_path, "proxy", data=named, form="proxy")
    assert code == 0, err
    assert open_register(db).list("forms") == []


def test_a_failed_render_marks_its_numbers_failed_and_the_next_batch_goes_on(db, tmp_path, capsys, monkeypatch):
    from docengine.forms.document import FormJob

    def broken(self, people, **kw):
        raise RuntimeError("printer font missing")

    monkeypatch.setattr(FormJob, "filled_pdf", broken)
    code, _, err, _ = fill(capsys, tmp_path, "broken")  # an unexpected failure, shown as such
    assert code == 70 and "internal error (RuntimeError" in err and "printer font missing" in err  # exit-codes.md
    assert not (tmp_path / "broken.pdf").exists()
    monkeypatch.undo()
    monkeypatch.setenv("DOCENGINE_DB", db)
    code, out, err, pdf = fill(capsys, tmp_path, "after")
    assert code == 0, err
    assert printed_numbers(page_text(pdf, 1)) == ["๔/๒๕๗๐"]  # 1-3 are not reused
    book = open_register(db).list("forms")
    assert [(l.running_no, l.status) for l in book] == [(1, "failed"), (2, "failed"), (3, "failed"),
                                                         (4, "issued"), (5, "issued"), (6, "issued")]
    assert "printer font missing" in book[0].reason


def test_bad_people_file_takes_no_number(db, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    sample_rows(PEOPLE, bad, 2)
    text = bad.read_text(encoding="utf-8").splitlines()
    header = text[0].split(",")
    cells = text[1].split(",")
    cells[header.index("citizen_id")] = "1234567890123"  # wrong check digit
    bad.write_text("\n".join([text[0], ",".join(cells), text[2]]) + "\n", encoding="utf-8")
    code, out, err, pdf = fill(capsys, tmp_path, "bad", data=bad)
    assert code != 0
    assert open_register(db).list("forms") == []


def test_register_print_forms_book(db, tmp_path, capsys):
    assert fill(capsys, tmp_path, "p1")[0] == 0
    code, out, err = run(capsys, "register", "print", "--book", "forms", "--from", "2026-05-01",
                         "--to", "2026-05-31", "--pdf", str(tmp_path / "forms-book.pdf"),
                         "--xlsx", str(tmp_path / "forms-book.xlsx"))
    assert code == 0, err
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "forms-book.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "ทะเบียนผู้ยื่นคำขอรับเงินเบี้ยยังชีพผู้สูงอายุ ปีงบประมาณ พ.ศ. ๒๕๗๐" in text
    people = list(csv.DictReader((tmp_path / "p1.csv").open(encoding="utf-8")))
    for n, p in enumerate(people, 1):
        line = next(l for l in text.splitlines() if p["first_name"] in l)
        assert f"{thai_digits(str(n))}/๒๕๗๐" in line and "๔ พ.ค. ๒๕๖๙" in line
    ws = openpyxl.load_workbook(tmp_path / "forms-book.xlsx").active
    assert ws.title == "คำขอเบี้ยผู้สูงอายุ ปีงบ 2570"
    values = [[c.value for c in r] for r in ws.iter_rows(min_row=4)]
    assert [v[0] for v in values] == ["1/2570", "2/2570", "3/2570"]
    assert [v[2].split()[-1] for v in values] == [p["last_name"] for p in people]


@pytest.mark.slow
def test_concurrent_batches_get_consecutive_numbers_never_duplicated_or_skipped(backend_url):
    db_url = backend_url
    processes, batches, size = 4, 10, 5
    open_register(db_url).close()
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(processes), ctx.Queue()
    procs = [ctx.Process(target=form_batch_worker, args=(db_url, w, batches, size, barrier, results))
             for w in range(processes)]
    for p in procs:
        p.start()
    outcome = [results.get(timeout=180) for _ in procs]
    for p in procs:
        p.join(timeout=30)
        assert p.exitcode == 0
    taken = [batch for _, got in outcome for batch in got]
    assert sorted(n for batch in taken for n in batch) == list(range(1, processes * batches * size + 1))
    for batch in taken:  # a batch is one run of numbers: no other process's number inside it
        assert batch == list(range(batch[0], batch[0] + size))
    book = open_register(db_url).list("forms", 2570)
    assert [l.book_number for l in book] == [f"{n}/2570" for n in range(1, processes * batches * size + 1)]
