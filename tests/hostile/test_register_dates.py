"""Issue 14 item 5: every date and time input gets the letters' BE/CE check and a future limit.

`receive --at 2567-01-09T09:00` once created receipt 001/3110 and blocked the real receipt.
Each case must be refused with the BE year named and the CE year suggested, taking no
number and writing no file.
"""

from __future__ import annotations

import shutil
from datetime import timedelta

import pytest

from docengine.thai import ThaiDateError, bangkok_now, check_not_future, parse_moment
from docengine.office import Office
from hostile.harness import run
from hostile.register_cases import RECEIVER, days_from_today, issued_book, letter_data, refused


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    """A register with one issued letter (dated 2023-12-13); its PDF copied into work/."""
    book = issued_book(tmp_path_factory.mktemp("dates"))
    shutil.copy2(book["pdf"], book["work"] / "l.pdf")
    return book


_refused = refused


@pytest.mark.parametrize("at", ["2567-01-09T09:00", "2567-01-09 09:00", "๒๕๖๗-๐๑-๐๙T๐๙:๐๐"])
def test_receive_at_a_buddhist_era_iso_time_is_refused(book, at):
    _refused(book, ["receive", str(book["work"] / "l.pdf"), "--as", RECEIVER, "--at", at,
                    "--out", str(book["work"] / "r.pdf")],
             "--at", "looks like a Buddhist-era", "did you mean 2024?", "พุทธศักราช")


def test_receive_without_a_pdf_at_a_buddhist_era_time_is_refused(book):
    _refused(book, ["receive", RECEIVER, "--number", "ชม 0023.3/ว 63", "--date", "2 ม.ค. 2567", "--from",
                    "จังหวัดเชียงใหม่", "--subject", "ทดสอบ", "--at", "2567-01-09T09:00"],
             "did you mean 2024?")


def test_receive_at_a_time_beyond_the_future_tolerance_is_refused(book):
    at = (bangkok_now() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    _refused(book, ["receive", str(book["work"] / "l.pdf"), "--as", RECEIVER, "--at", at,
                    "--out", str(book["work"] / "r.pdf")], "future", "อนาคต", at.replace("T", " "))


def test_receive_at_a_ce_year_typed_as_thai_date_is_refused(book):
    _refused(book, ["receive", str(book["work"] / "l.pdf"), "--as", RECEIVER, "--at", "9/1/2024 09:00",
                    "--out", str(book["work"] / "r.pdf")], "did you mean 2567")


def test_import_egif_at_a_buddhist_era_time_is_refused(book, tmp_path):
    xml = tmp_path / "l.xml"
    r = run(["--db", book["url"], "letter", "export-egif", str(book["letter"]["id"]), "--out", str(xml)])
    assert r.code == 0, r.output
    shutil.copy2(xml, book["work"] / "l.xml")
    _refused(book, ["letter", "import-egif", str(book["work"] / "l.xml"), "--as", RECEIVER,
                    "--at", "2567-01-09T09:00", "--out", str(book["work"] / "r.pdf")], "did you mean 2024?")


@pytest.mark.parametrize("command", ["issue", "render"])
def test_a_letter_dated_beyond_the_future_tolerance_is_refused_by_issue_and_render(book, command):
    data = letter_data(book["base"], "future.yaml", date=days_from_today(5))
    args = (["letter", "issue", "--data", str(data)] if command == "issue"
            else ["render", "external", "--data", str(data)])
    _refused(book, [*args, "--pdf", str(book["work"] / "future.pdf")], "future", "อนาคต", days_from_today(5))


def test_a_letter_dated_with_a_buddhist_era_iso_year_is_refused(book):
    data = letter_data(book["base"], "be.yaml", date="2567-01-09")
    _refused(book, ["letter", "issue", "--data", str(data), "--pdf", str(book["work"] / "be.pdf")],
             "Buddhist-era", "2024")


def test_forwarding_letter_dated_before_the_letter_it_forwards_is_refused(book):
    _refused(book, ["letter", "forward", str(book["letter"]["id"]), "--by", "ชม 0023.3", "--to",
                    "นายอำเภอ ทุกอำเภอ", "--date", "2023-12-01", "--pdf", str(book["work"] / "fwd.pdf")],
             "2023-12-01", "before the letter it forwards", book["letter"]["book_number"], "อยู่ก่อน")


def test_forward_date_beyond_the_future_tolerance_is_refused(book):
    _refused(book, ["letter", "forward", str(book["letter"]["id"]), "--by", "ชม 0023.3", "--to",
                    "นายอำเภอ ทุกอำเภอ", "--date", days_from_today(9), "--pdf", str(book["work"] / "fwd.pdf")],
             "future", days_from_today(9))


# --- the rules themselves (docengine.thai), in process ---------------------------------------


def test_parse_moment_reads_iso_and_thai_forms():
    assert parse_moment("2024-01-09T09:00").isoformat() == "2024-01-09T09:00:00+07:00"
    assert parse_moment("9 ม.ค. 2567 09.30 น.").isoformat() == "2024-01-09T09:30:00+07:00"
    assert parse_moment("2024-01-09T02:00Z").isoformat() == "2024-01-09T09:00:00+07:00"


@pytest.mark.parametrize("text, words", [("2567-01-09T09:00", "did you mean 2024?"), ("2024-01-09T25:00", "time of day"),
                                         ("2567", "whole date"), ("9/1/2024 09:00", "did you mean 2567?"),
                                         ("2024-02-30T09:00", "not a real date")])
def test_parse_moment_refuses(text, words):
    with pytest.raises(ThaiDateError) as err:
        parse_moment(text)
    assert words in err.value.en and err.value.th


def test_the_future_tolerance_is_the_office_setting(tmp_path):
    from docengine.office import load_office
    from hostile.register_cases import ROOT

    office = (ROOT / "data" / "samples" / "office.yaml").read_text(encoding="utf-8")
    path = tmp_path / "office.yaml"
    path.write_text(office + "\nfuture_tolerance_days: 10\n", encoding="utf-8")
    assert Office.sample().future_tolerance == timedelta(days=1)
    assert load_office(path).future_tolerance == timedelta(days=10)
    now = bangkok_now()
    assert check_not_future(now + timedelta(days=9), tolerance=timedelta(days=10), what="x")
    with pytest.raises(ThaiDateError):
        check_not_future(now + timedelta(days=2), tolerance=timedelta(days=1), what="x")
