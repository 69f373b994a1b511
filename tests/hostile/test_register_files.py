"""Issue 14 item 3: a registered letter's file is never replaced, and what is sent is what was registered.

One letter is issued per module; every case then tries to damage it and must be refused
with nothing written, changed or deleted (files and the register's rows compared).
"""

from __future__ import annotations

import json
import shutil

import pytest

from hostile.harness import assert_refused, run, snapshot
from hostile.register_cases import RECEIVER, letter_data, new_register, rows


@pytest.fixture(scope="module")
def issued(tmp_path_factory):
    base = tmp_path_factory.mktemp("files")
    work = base / "work"
    work.mkdir()
    url = new_register(base / "db")
    data = letter_data(work)
    r = run(["--db", url, "letter", "issue", "--data", str(data), "--pdf", str(work / "same.pdf"),
             "--docx", str(work / "same.docx"), "--json"], timeout=120)
    assert r.code == 0, r.output
    record = json.loads(r.stdout)
    return {"url": url, "work": work, "data": data, "record": record}


def _state(case):
    return snapshot(case["work"]), rows(case["url"])


def test_the_register_keeps_sha256_and_size_of_pdf_and_docx(issued):
    import hashlib

    files = {f["role"]: f for f in issued["record"]["files"]}
    for role, name in (("letter", "same.pdf"), ("docx", "same.docx")):
        blob = (issued["work"] / name).read_bytes()
        assert files[role]["sha256"] == hashlib.sha256(blob).hexdigest()
        assert files[role]["size"] == len(blob)


@pytest.mark.parametrize("option, name", [("--pdf", "same.pdf"), ("--docx", "same.docx"), ("--pdf", "same.docx"),
                                          ("--pdf", "./sub/../same.pdf")])
def test_issuing_over_a_registered_file_is_refused_before_a_number_is_taken(issued, option, name):
    work = issued["work"]
    (work / "sub").mkdir(exist_ok=True)
    other = "--docx" if option == "--pdf" else "--pdf"
    files_before, rows_before = _state(issued)
    r = run(["--db", issued["url"], "letter", "issue", "--data", str(issued["data"]),
             option, str(work / name), other, str(work / "fresh.out")])
    assert_refused(r, before=files_before, after=snapshot(work),
                   mentions=("same.", issued["record"]["book_number"], "never replaced", "เขียนทับ"))
    assert rows(issued["url"]) == rows_before  # no number taken, nothing recorded


def test_receiving_into_a_registered_file_is_refused(issued):
    work = issued["work"]
    files_before, rows_before = _state(issued)
    r = run(["--db", issued["url"], "receive", str(work / "same.pdf"), "--as", RECEIVER,
             "--out", str(work / "same.docx")])
    assert_refused(r, before=files_before, after=snapshot(work), mentions=("same.docx", "never replaced"))
    assert rows(issued["url"]) == rows_before


def test_export_refuses_a_file_that_differs_from_the_register(issued, tmp_path):
    work = issued["work"]
    saved = tmp_path / "saved.pdf"
    shutil.copy2(work / "same.pdf", saved)
    try:
        with open(work / "same.pdf", "ab") as fh:  # e.g. overwritten or edited outside docengine
            fh.write(b"\n% edited\n")
        files_before, rows_before = _state(issued)
        r = run(["--db", issued["url"], "letter", "export-egif", str(issued["record"]["id"]),
                 "--out", str(work / "out.xml")])
        assert_refused(r, before=files_before, after=snapshot(work),
                       mentions=("same.pdf", issued["record"]["book_number"], "SHA-256"))
        assert rows(issued["url"]) == rows_before
    finally:
        shutil.copy2(saved, work / "same.pdf")


def test_export_refuses_a_registered_file_that_is_gone(issued, tmp_path):
    work = issued["work"]
    moved = tmp_path / "moved.pdf"
    shutil.move(work / "same.pdf", moved)
    try:
        files_before, rows_before = _state(issued)
        r = run(["--db", issued["url"], "letter", "export-egif", str(issued["record"]["id"]),
                 "--out", str(work / "out.xml")])
        assert_refused(r, before=files_before, after=snapshot(work),
                       mentions=("same.pdf", issued["record"]["book_number"], "missing"))
    finally:
        shutil.move(moved, work / "same.pdf")


def test_export_of_the_registered_file_carries_it_byte_for_byte(issued, tmp_path):
    import base64
    import re

    r = run(["--db", issued["url"], "letter", "export-egif", str(issued["record"]["id"]),
             "--out", str(tmp_path / "out.xml")])
    assert r.code == 0, r.output
    xml = (tmp_path / "out.xml").read_text(encoding="utf-8")
    blob = base64.b64decode(re.search(r"MainLetterBinaryObject[^>]*>([^<]+)<", xml)[1])
    assert blob == (issued["work"] / "same.pdf").read_bytes()


@pytest.mark.parametrize("option, name", [("--pdf", "same.pdf"), ("--docx", "same.docx"),
                                          ("--pdf", "./sub/../same.pdf")])
def test_render_over_a_registered_file_is_refused(issued, option, name):
    """`render` writes no number, but it may not replace what the register sent under one."""
    work = issued["work"]
    (work / "sub").mkdir(exist_ok=True)
    files_before, rows_before = _state(issued)
    r = run(["--db", issued["url"], "render", "external", "--data", str(issued["data"]), option, str(work / name)],
            cwd=work)
    assert_refused(r, before=files_before, after=snapshot(work),
                   mentions=("same.", issued["record"]["book_number"], "never replaced"))
    assert rows(issued["url"]) == rows_before


def test_render_through_DOCENGINE_DB_is_refused_too(issued):
    work = issued["work"]
    files_before, rows_before = _state(issued)
    r = run(["render", "external", "--data", str(issued["data"]), "--pdf", str(work / "same.pdf")],
            env={"DOCENGINE_DB": issued["url"]})
    assert_refused(r, before=files_before, after=snapshot(work), mentions=("same.pdf", "never replaced"))
    assert rows(issued["url"]) == rows_before


def test_render_with_no_register_creates_none_and_writes(issued, tmp_path):
    """Where --db names no register yet, render has nothing to protect and starts no book."""
    missing = tmp_path / "db" / "none.sqlite3"
    r = run(["--db", str(missing), "render", "external", "--data", str(issued["data"]),
             "--pdf", str(tmp_path / "new.pdf")])
    assert r.code == 0, r.output
    assert (tmp_path / "new.pdf").read_bytes().startswith(b"%PDF")
    assert not missing.exists() and not missing.parent.exists()
