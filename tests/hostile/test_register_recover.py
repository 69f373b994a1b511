"""Issue 14 item 6: crash windows leave nothing or a recoverable, clearly marked state.

Single kills at the injected steps (DOCENGINE_FAULT_AT, docengine/faults.py); the kill
loops over every window are in tests/faults (``make test-faults``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import update

from docengine.faults import FAULT_EXIT
from docengine.register import open_register
from docengine.register.db import write_session
from docengine.register.tables import Letter
from docengine.register.books import sha256_file
from hostile.harness import assert_refused, run, snapshot
from hostile.register_cases import RECEIVER, letter_data, new_register, rows


@pytest.fixture
def book(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    return {"url": new_register(tmp_path / "db"), "work": work, "data": letter_data(tmp_path)}


def _issue(book, name, fault=None):
    return run(["--db", book["url"], "letter", "issue", "--data", str(book["data"]), "--pdf",
                str(book["work"] / f"{name}.pdf"), "--docx", str(book["work"] / f"{name}.docx"), "--json"],
               env={"DOCENGINE_FAULT_AT": fault} if fault else None, timeout=120)


def _visible(folder):
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


def test_kill_after_the_record_is_committed_is_finished_on_the_next_open(book):
    r = _issue(book, "a", "issue:committed")
    assert r.code == FAULT_EXIT, r.output
    assert _visible(book["work"]) == []  # recorded, but still under temp names
    reg = open_register(book["url"])  # the next command recovers: the files are put in place
    (letter,) = reg.list("send")
    assert letter.status == "issued" and reg.recovered.finished == [letter.id]
    for f in letter.files:
        assert f.staged_path is None and sha256_file(f.path) == (f.sha256, f.size)
    assert _visible(book["work"]) == ["a.docx", "a.pdf"]


def test_kill_between_the_two_renames_is_finished_too(book):
    assert _issue(book, "a", "issue:published-0").code == FAULT_EXIT
    assert _visible(book["work"]) == ["a.pdf"]
    reg = open_register(book["url"])
    (letter,) = reg.list("send")
    assert letter.status == "issued" and _visible(book["work"]) == ["a.docx", "a.pdf"]


@pytest.mark.parametrize("step", ["issue:reserved", "issue:rendered", "issue:staged"])
def test_kill_before_the_commit_fails_the_number_and_leaves_no_final_file(book, step):
    assert _issue(book, "a", step).code == FAULT_EXIT
    reg = open_register(book["url"])
    (letter,) = reg.list("send")
    assert letter.status == "failed" and "ended before recording" in letter.reason
    assert list(book["work"].iterdir()) == []  # not even the hidden .a.pdf.TAG.XXXX.part temp files
    if step == "issue:staged":  # there were two, and recovery says it removed them
        assert sorted(p.name[:7] for p in reg.recovered.removed_temp_files) == [".a.docx", ".a.pdf."]
    assert _issue(book, "b").code == 0  # the book goes on after the failed number
    assert [l.running_no for l in open_register(book["url"]).list("send")] == [1, 2]


def test_a_lost_temp_file_fails_the_letter_and_sets_its_files_aside(book):
    assert _issue(book, "a", "issue:published-0").code == FAULT_EXIT
    for p in book["work"].iterdir():
        if p.name.endswith(".part"):
            p.unlink()  # the DOCX temp file is gone (disk cleaned, …)
    reg = open_register(book["url"])
    (letter,) = reg.list("send")
    assert letter.status == "failed" and "is gone" in letter.reason
    assert _visible(book["work"]) == ["a.pdf.failed"]  # never a complete-looking PDF with a failed number


def test_recover_older_than_zero_does_not_fail_an_issue_still_running(book):
    code = ("import sys, time; from docengine.register import open_register; "
            f"reg = open_register({book['url']!r}); a = reg.allocate('มท 0810.6', 'normal', 2567); "
            "print(a.id, flush=True); time.sleep(120)")
    live = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        number = int(live.stdout.readline())
        before = rows(book["url"])
        r = run(["--db", book["url"], "register", "recover", "--older-than", "0"])
        assert r.code == 0 and "marked failed: none" in r.stdout, r.output
        assert rows(book["url"]) == before
        assert open_register(book["url"]).get(number).status == "reserved"
    finally:
        live.kill()
        live.wait()
    r = run(["--db", book["url"], "register", "recover"])
    assert r.code == 0 and open_register(book["url"], recover=False).get(number).status == "failed"


def test_a_recycled_pid_is_not_the_owner(book):
    """The owner's pid is alive but belongs to a process started at another time: the owner is dead."""
    reg = open_register(book["url"])
    alloc = reg.allocate("มท 0810.6", "normal", 2567)
    with write_session(reg.engine) as s:
        s.execute(update(Letter).where(Letter.id == alloc.id)
                  .values(owner_pid=os.getppid(), owner_started="another-boot:1"))
    assert open_register(book["url"]).get(alloc.id).status == "failed"


def test_recover_removes_only_dead_commands_temp_files(book, tmp_path):
    """A dead command's tagged temp file goes; a live command's and a file that is not ours stay."""
    from docengine.io import _stage
    from docengine.processes import temp_tag

    host = temp_tag().split("-")[0]
    dead = book["work"] / f".a.pdf.{host}-999999999-1.x1y2.part"  # no process has that pid
    dead.write_bytes(b"half a PDF")
    live = Path(_stage(book["work"] / "b.pdf", b"being written"))  # this test process: alive
    other = book["work"] / ".notes.part"
    other.write_bytes(b"the clerk's")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    far = elsewhere / dead.name
    far.write_bytes(b"half a PDF")
    r = run(["--db", book["url"], "register", "recover", "--folder", str(elsewhere)])
    assert r.code == 0, r.output
    assert "removed: 1" in r.stdout  # the register knows no folder yet: only --folder is swept
    assert not far.exists() and dead.exists()
    open_register(book["url"]).note_output_folders([book["work"] / "x.pdf"])
    r = run(["--db", book["url"], "register", "recover"])
    assert r.code == 0 and "removed: 1" in r.stdout and "ลบแฟ้มชั่วคราว" in r.stdout, r.output
    assert not dead.exists() and live.exists() and other.read_bytes() == b"the clerk's"


def _receive(book, fault=None, out="r.pdf"):
    pdf = book["work"] / "a.pdf"
    return run(["--db", book["url"], "receive", str(pdf), "--as", RECEIVER, "--out", str(book["work"] / out),
                "--at", "2024-01-08T09:00", "--json"], env={"DOCENGINE_FAULT_AT": fault} if fault else None,
               timeout=120)


def test_kill_after_receipt_keeps_the_originals_hash_and_restamp_checks_it(book, tmp_path):
    assert _issue(book, "a").code == 0
    assert _receive(book, "receive:recorded").code == FAULT_EXIT
    reg = open_register(book["url"])
    (receipt,) = reg.list("receive")
    assert receipt.pending == "stamp"  # clearly marked: its stamped copy is still to be made
    assert [f.role for f in receipt.files] == ["received"]
    # Any other PDF is refused as the original …
    other = tmp_path / "other.pdf"
    other.write_bytes((book["work"] / "a.pdf").read_bytes() + b"\n%other\n")
    before_files, before_rows = snapshot(book["work"]), rows(book["url"])
    r = run(["--db", book["url"], "chain", "restamp", str(receipt.id), "--original", str(other)])
    assert_refused(r, before=before_files, after=snapshot(book["work"]), mentions=("SHA-256", receipt.receipt_no))
    assert rows(book["url"]) == before_rows
    # … and `register recover` re-makes the stamped copy from the recorded original.
    r = run(["--db", book["url"], "register", "recover"], timeout=120)
    assert r.code == 0 and "stamped copy re-made" in r.stdout, r.output
    receipt = open_register(book["url"]).get_receipt(receipt.id)
    stamped = [f for f in receipt.files if f.role == "stamped"]
    assert receipt.pending is None and sha256_file(stamped[-1].path) == (stamped[-1].sha256, stamped[-1].size)


def test_kill_after_the_stamped_copy_is_recorded_is_finished(book):
    assert _issue(book, "a").code == 0
    assert _receive(book, "receive:committed").code == FAULT_EXIT
    assert not (book["work"] / "r.pdf").exists()
    receipt = open_register(book["url"]).list("receive")[0]
    assert receipt.pending is None and (book["work"] / "r.pdf").is_file()


def test_restamp_original_of_an_egif_receipt_is_checked(book, tmp_path):
    assert _issue(book, "a").code == 0
    letter = open_register(book["url"]).list("send")[0]
    xml = tmp_path / "a.xml"
    assert run(["--db", book["url"], "letter", "export-egif", str(letter.id), "--out", str(xml)]).code == 0
    r = run(["--db", book["url"], "letter", "import-egif", str(xml), "--as", RECEIVER, "--out",
             str(book["work"] / "r.pdf"), "--at", "2024-01-08T09:00", "--json"], timeout=120)
    assert r.code == 0, r.output
    rid = json.loads(r.stdout)["id"]
    other = tmp_path / "other.pdf"
    other.write_bytes((book["work"] / "a.pdf").read_bytes() + b"\n%other\n")
    r = run(["--db", book["url"], "chain", "restamp", str(rid), "--original", str(other)])
    assert_refused(r, mentions=("SHA-256",))
    r = run(["--db", book["url"], "chain", "restamp", str(rid), "--original", str(book["work"] / "a.pdf")],
            timeout=120)
    assert r.code == 0, r.output
