"""Issue 14 items 8 and 10: outputs never destroy inputs or the user's previous files.

Item 10: an output that is an input (the people file, the data file, the register, the
received PDF) or another output of the same command is refused before anything runs,
also through a symlink, ``..`` or a hard link. Item 8: when the second output of a
command cannot be written, the first output's previous content is back byte for byte.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess

import pytest

from docengine.resources import data_path
from hostile.harness import assert_refused, run, snapshot

LETTER = data_path("samples", "documents", "external.yaml")
PEOPLE = data_path("samples", "people.csv")


@pytest.fixture
def work(tmp_path):
    shutil.copy(LETTER, tmp_path / "letter.yaml")
    shutil.copy(PEOPLE, tmp_path / "people.csv")
    return tmp_path


def refused(work, args, mentions, code=1):
    before = snapshot(work)
    result = run(args, cwd=work)
    assert_refused(result, code=code, before=before, after=snapshot(work), mentions=mentions)


@pytest.mark.parametrize("args, mentions", [
    (["render", "external", "--data", "letter.yaml", "--pdf", "letter.yaml"], ("--pdf", "--data")),
    (["render", "external", "--data", "letter.yaml", "--pdf", "x.pdf", "--docx", "x.pdf"], ("--docx", "--pdf")),
    (["render", "external", "--data", "letter.yaml", "--pdf", "sub/../letter.yaml"], ("--pdf", "--data")),
    (["render", "external", "--data", "letter.yaml", "--pdf", "link.pdf"], ("--pdf", "--data")),
    (["render", "external", "--data", "letter.yaml", "--pdf", "hard.yaml"], ("--pdf", "--data")),
    (["notices", "beneficiary-list", "--kind", "elderly", "--fy", "2568", "--data", "people.csv",
      "--pdf", "people.csv"], ("--pdf", "--data", "people.csv")),
    (["notices", "beneficiary-list", "--kind", "elderly", "--fy", "2568", "--data", "people.csv",
      "--pdf", "l.pdf", "--xlsx", "./l.pdf"], ("--xlsx", "--pdf")),
    (["forms", "fill", "elderly-registration", "--data", "people.csv", "--fy", "2568", "--pdf", "people.csv"],
     ("--pdf", "--data")),
    (["--office", "office.yaml", "render", "external", "--data", "letter.yaml", "--pdf", "office.yaml"],
     ("--pdf", "--office")),
])
def test_output_that_is_an_input_or_another_output_is_refused(work, args, mentions):
    (work / "sub").mkdir()
    os.symlink(work / "letter.yaml", work / "link.pdf")
    os.link(work / "letter.yaml", work / "hard.yaml")
    shutil.copy(data_path("samples", "office.yaml"), work / "office.yaml")
    refused(work, args, mentions)


@pytest.fixture
def book(work):
    url = work / "book.sqlite3"
    done = run(["--db", url, "register", "init"], cwd=work)
    assert done.code == 0, done.stderr
    return url


def test_register_commands_refuse_collisions(work, book):
    pdf = work / "in.pdf"
    pdf.write_bytes(b"%PDF-1.4 not really")
    refused(work, ["--db", book, "receive", "in.pdf", "--as", "ชม 52101", "--out", "in.pdf"], ("--out", "PDF"))
    refused(work, ["--db", book, "letter", "issue", "--data", "letter.yaml", "--pdf", "book.sqlite3"],
            ("--pdf", "--db"))
    refused(work, ["--db", book, "letter", "issue", "--data", "letter.yaml", "--pdf", "a.pdf", "--docx", "a.pdf"],
            ("--docx", "--pdf"))
    refused(work, ["--db", book, "register", "print", "--book", "send", "--from", "2024-01-01", "--to",
                   "2024-12-31", "--pdf", "r.pdf", "--xlsx", "r.pdf"], ("--xlsx", "--pdf"))


# --- item 8: a failing second write leaves the previous files exactly as they were ---------


@pytest.fixture
def immutable():
    """Make files immutable (chattr +i): renaming over them fails even for root."""
    made = []

    def make(path):
        done = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
        if done.returncode != 0:
            pytest.skip(f"chattr +i not supported here: {done.stderr.decode().strip()}")
        made.append(path)

    yield make
    for path in made:
        subprocess.run(["chattr", "-i", str(path)], capture_output=True)


def test_render_blocked_docx_leaves_the_previous_pdf(work):
    old = work / "x.pdf"
    old.write_bytes(b"the user's previous letter")
    (work / "blocked").write_bytes(b"a file where a folder should be")
    before = snapshot(work)
    result = run(["render", "external", "--data", "letter.yaml", "--pdf", "x.pdf", "--docx", "blocked/x.docx"],
                 cwd=work)
    assert_refused(result, code=4, before=before, after=snapshot(work), mentions=("x.docx", "เขียนแฟ้ม"))
    assert old.read_bytes() == b"the user's previous letter"


def test_register_print_failing_xlsx_rename_restores_the_previous_pdf(work, book, immutable):
    """The XLSX is staged but cannot replace the old one: the PDF already replaced is restored."""
    old_pdf, old_xlsx = work / "r.pdf", work / "r.xlsx"
    old_pdf.write_bytes(b"last month's register")
    old_xlsx.write_bytes(b"last month's sheet")
    immutable(old_xlsx)
    before = snapshot(work)
    result = run(["--db", book, "register", "print", "--book", "send", "--from", "2024-01-01", "--to",
                  "2024-12-31", "--pdf", "r.pdf", "--xlsx", "r.xlsx"], cwd=work)
    assert_refused(result, code=4, before=before, after=snapshot(work), mentions=("r.xlsx",))
    assert old_pdf.read_bytes() == b"last month's register"
    assert not [p.name for p in work.iterdir() if p.name.startswith(".")]


def test_write_all_rollback_restores_every_previous_file(tmp_path, monkeypatch):
    """In-process fault injection: the third rename fails; the first two targets get their
    old bytes back (same inode), the new one disappears, no temp or backup file is left."""
    from docengine import io

    a, b, c = tmp_path / "a.pdf", tmp_path / "b.docx", tmp_path / "c.xlsx"
    a.write_bytes(b"old a")
    inode = a.stat().st_ino
    real, calls = os.replace, []

    def replace(src, dst):
        calls.append(dst)
        if str(dst) == str(c):
            raise OSError(28, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(io.os, "replace", replace)
    with pytest.raises(io.OutputError, match="c.xlsx"):
        io.write_all({a: b"new a", b: b"new b", c: b"new c"})
    assert a.read_bytes() == b"old a" and a.stat().st_ino == inode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf"]


def _file_size_limit():
    resource.setrlimit(resource.RLIMIT_FSIZE, (30_000, 30_000))


def test_ulimit_f_is_an_io_error_and_restores_the_previous_files(work):
    """`ulimit -f`: the PDF (≫ 30 KB) cannot be written: EFBIG, not SIGXFSZ or a traceback."""
    (work / "x.pdf").write_bytes(b"old pdf")
    (work / "x.docx").write_bytes(b"old docx")
    before = snapshot(work)
    result = run(["render", "external", "--data", "letter.yaml", "--pdf", "x.pdf", "--docx", "x.docx"], cwd=work,
                 preexec=_file_size_limit)
    assert_refused(result, code=4, before=before, after=snapshot(work), mentions=("File too large", "ulimit -f"))
    assert not [p for p in work.iterdir() if p.name.startswith(".")]


# --- item 10: the output names a command invents are checked like the ones typed ----------


def test_letter_issue_default_pdf_name_equal_to_docx_is_refused_before_a_number_is_taken(tmp_path):
    """Without --pdf the letter is named from its number; that name may not be --docx either."""
    from docengine.chain.issue import default_output
    from hostile.register_cases import SENDER, letter_data, new_register, rows

    url = new_register(tmp_path / "db")
    work = tmp_path / "work"
    work.mkdir()
    data = letter_data(work)
    invented = work / default_output(SENDER, "normal", 1, 2566)  # the sample is dated 13 Dec 2023
    before, rows_before = snapshot(work), rows(url)
    r = run(["--db", url, "letter", "issue", "--data", str(data), "--docx", str(invented)])
    assert_refused(r, before=before, after=snapshot(work), mentions=("--pdf (default name)", "--docx", invented.name))
    assert rows(url) == rows_before  # no number taken, none failed


def test_receive_default_stamped_name_equal_to_the_received_pdf_is_refused_before_a_receipt(tmp_path):
    """A received PDF already named like the stamped copy it would get is not stamped over."""
    from docengine.chain.receive import default_stamped_name
    from docengine.thai import bangkok_today, be_year
    from hostile.register_cases import RECEIVER, issued_book, rows

    book = issued_book(tmp_path)
    incoming = book["work"] / default_stamped_name(RECEIVER, f"001/{be_year(bangkok_today())}")
    shutil.copy(book["pdf"], incoming)
    before, rows_before = snapshot(book["work"]), rows(book["url"])
    r = run(["--db", book["url"], "receive", str(incoming), "--as", RECEIVER])
    assert_refused(r, before=before, after=snapshot(book["work"]),
                   mentions=("--out (default name)", "PDF", incoming.name))
    assert rows(book["url"]) == rows_before  # no เลขรับ taken


def test_calendar_default_names_are_checked_against_the_named_outputs(tmp_path):
    out = tmp_path / "cal"
    out.mkdir()
    before = snapshot(tmp_path)
    r = run(["calendar", "--fy", "2570", "--out", str(out), "--pdf", str(out / "calendar-elderly-2570.xlsx")])
    assert_refused(r, before=before, after=snapshot(tmp_path), mentions=("--xlsx (default name)", "--pdf"))
