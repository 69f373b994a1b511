"""The sending side of the register's Python API (docengine/register/books.py), asserted exactly.

Opening a register (and refusing to start an empty one by mistake), the registered files and
their SHA-256, taking numbers one by one and in batches, issuing, forwarding, failing and
cancelling, recovering what a dead process left, the output folders and stray temp files, and
reading the send and forms books back with their filters and order. Each test builds its own
register under ``tmp_path``; a "dead process" is this process's work stamped with a pid that
does not exist on this machine (``books.this_process`` replaced), which is what a killed
command leaves behind.
"""

from __future__ import annotations

import hashlib
import socket
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from docengine.errors import DocengineError
from docengine.register import (
    NoRegister,
    NotFound,
    UnknownAgency,
    books,
    init_register,
    open_register,
)
from docengine.register.books import Recovery, Register
from docengine.register.entries import Allocation, FileRecord
from docengine.thai import BANGKOK

DISTRICT, PROVINCE, DLA, LAO = "ชม 0023.05", "ชม 0023.3", "มท 0810.6", "ชม 52101"
DEAD_PID = 999999999  # no such process on this machine
SAMPLE_CODES = ["กบ 0023.3", "ชม 0023.05", "ชม 0023.3", "ชม 52101", "มท", "มท 0810", "มท 0810.6", "ศธ"]


@pytest.fixture
def dead(monkeypatch):
    """Work taken from here on belongs to a process that is gone (as after kill -9)."""
    owner = {"owner_host": socket.gethostname(), "owner_pid": DEAD_PID, "owner_started": None}
    monkeypatch.setattr(books, "this_process", lambda: dict(owner))
    return owner


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def sha(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def issue(reg, tmp_path, agency=DISTRICT, series="normal", day=date(2024, 1, 5), name=None, **kw):
    """A letter issued with one PDF (its bytes name it)."""
    pdf = write(tmp_path / (name or f"{series}-{day}-{agency.replace(' ', '_')}.pdf"), f"{agency} {series} {day}")
    alloc = reg.allocate(agency, series, day.year + 543, letter_date=day)
    return reg.issue(alloc, subject=kw.pop("subject", "ประชาสัมพันธ์"), recipients=kw.pop("recipients", "ผู้รับ"),
                     files=[pdf], **kw)


def office_file(tmp_path, name="office.yaml", extra="") -> Path:
    return write(tmp_path / name, "name: องค์การบริหารส่วนตำบลทดสอบ\nagency:\n  code: กบ 72202\n"
                 "  name: องค์การบริหารส่วนตำบลทดสอบ\n  kind: lao\n  parent: กบ 0023.3\n" + extra)


def no_register(where) -> tuple[str, str]:
    return (f"no register at {where}: create it with `docengine register init` (check --db / DOCENGINE_DB for a typo)",
            (f"ไม่พบทะเบียนที่ {where} สร้างใหม่ด้วยคำสั่ง docengine register init "
             "(ตรวจสอบ --db หรือ DOCENGINE_DB ว่าพิมพ์ถูกต้อง)"))


# --- opening -----------------------------------------------------------------------------


def test_opening_a_missing_register_without_create_says_how_to_make_it_and_creates_nothing(tmp_path):
    where = tmp_path / "typo" / "r.sqlite3"
    with pytest.raises(NoRegister) as e:
        open_register(str(where), create=False)
    assert (e.value.en, e.value.th) == no_register(where)
    assert not where.parent.exists()
    with pytest.raises(NoRegister):
        Register.open(str(where))  # the public form does not create by default either
    assert not where.exists()


def test_a_file_that_is_not_a_register_is_refused_and_left_as_it_was(tmp_path):
    text = write(tmp_path / "notes.sqlite3", "hello")
    with pytest.raises(NoRegister) as e:
        open_register(str(text), create=False)
    assert (e.value.en, e.value.th) == no_register(text)
    assert text.read_bytes() == b"hello"
    other = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(NoRegister) as e:
        open_register(str(other), create=False)
    assert e.value.en == no_register(other)[0]


def test_only_a_sqlite_file_with_the_registers_schema_counts_as_a_register(tmp_path):
    assert books._is_sqlite_register(tmp_path / "missing.sqlite3") is False
    assert books._is_sqlite_register(write(tmp_path / "t.sqlite3", "SQLite format 2\x00 not quite")) is False
    assert books._is_sqlite_register(write(tmp_path / "bad.sqlite3", b"SQLite format 3\x00" + b"\xff" * 200)) is False
    conn = sqlite3.connect(tmp_path / "plain.sqlite3")
    conn.execute("CREATE TABLE letters (x)")
    conn.commit()
    conn.close()
    assert books._is_sqlite_register(tmp_path / "plain.sqlite3") is False
    init_register(str(tmp_path / "real.sqlite3")).close()
    assert books._is_sqlite_register(tmp_path / "real.sqlite3") is True


def test_an_existing_register_opens_without_create_with_its_lines(tmp_path):
    url = f"sqlite:///{tmp_path / 'r.sqlite3'}"
    first = init_register(url)
    alloc = first.allocate(DISTRICT, "normal", 2567)
    first.close()
    again = open_register(url, create=False)
    assert [(l.id, l.book_number) for l in again.list("send")] == [(alloc.id, "ชม 0023.05/1")]


def test_init_register_makes_the_missing_folders_and_an_empty_book(tmp_path):
    where = tmp_path / "a" / "b" / "new.sqlite3"
    reg = init_register(str(where))
    assert where.is_file() and reg.list("send") == [] and reg.list("forms") == []
    reg.close()
    again = init_register(str(where))  # an existing register is opened, not refused or emptied
    assert again.list("send") == []


def test_open_register_makes_the_missing_folders_of_a_new_file(tmp_path):
    where = tmp_path / "x" / "y" / "r.sqlite3"
    reg = open_register(str(where))
    assert where.is_file() and reg.list("send") == []



def test_without_an_address_the_register_is_the_one_named_in_docengine_db(tmp_path, monkeypatch):
    where = tmp_path / "env" / "deep" / "r.sqlite3"
    monkeypatch.setenv("DOCENGINE_DB", str(where))
    made = init_register()
    alloc = made.allocate(DISTRICT, "normal", 2567)
    made.close()
    assert where.is_file()
    assert [l.id for l in open_register(create=False).list("send")] == [alloc.id]
    assert [l.id for l in Register.open().list("send")] == [alloc.id]


def test_init_register_syncs_the_office_and_the_samples_when_asked(tmp_path):
    real = init_register(str(tmp_path / "real.sqlite3"), office=office_file(tmp_path))
    codes = {a.code for a in real.agencies()}
    assert "กบ 72202" in codes and LAO not in codes
    both = init_register(str(tmp_path / "both.sqlite3"), office=office_file(tmp_path), samples=True)
    codes = {a.code for a in both.agencies()}
    assert "กบ 72202" in codes and LAO in codes

def test_opened_with_a_real_office_the_register_has_no_sample_agencies(tmp_path):
    reg = open_register(str(tmp_path / "r.sqlite3"), office=office_file(tmp_path))
    codes = [a.code for a in reg.agencies()]
    assert "กบ 72202" in codes and LAO not in codes and DISTRICT not in codes
    assert reg.office.name == "องค์การบริหารส่วนตำบลทดสอบ"


def test_opened_with_the_sample_office_file_the_register_has_the_sample_agencies(tmp_path):
    from docengine.office import sample_office_path

    reg = open_register(str(tmp_path / "r.sqlite3"), office=sample_office_path())
    assert [a.code for a in reg.agencies()] == SAMPLE_CODES
    assert reg.office.path.resolve() == sample_office_path().resolve()
    opened = Register.open(str(tmp_path / "o.sqlite3"), office=sample_office_path(), create=True)
    assert LAO in {a.code for a in opened.agencies()}


def test_the_sample_office_is_recognised_as_a_file_or_an_office_and_nothing_else_is(tmp_path):
    from docengine.office import Office, sample_office_path

    assert books._is_sample_office(sample_office_path()) is True
    assert books._is_sample_office(str(sample_office_path())) is True
    assert books._is_sample_office(Office.sample()) is True
    assert books._is_sample_office(None) is False
    assert books._is_sample_office(office_file(tmp_path)) is False
    assert books._is_sample_office(Office.load(office_file(tmp_path))) is False


def test_the_registers_office_is_the_office_it_was_opened_with(tmp_path):
    from docengine.office import Office

    office = Office.load(office_file(tmp_path))
    reg = Register.open(str(tmp_path / "r.sqlite3"), office=office, create=True)
    assert reg.office is office
    sample = open_register(str(tmp_path / "s.sqlite3"))  # no office: the sample agencies and office
    assert sample.office.get("agency_code") == LAO
    bare = Register.open(str(tmp_path / "b.sqlite3"), create=True)
    with pytest.raises(DocengineError) as e:
        _ = bare.office
    assert e.value.en == ("this register was opened without an office: give office= to Register.open, "
                          "or renderer= to the operation")
    assert e.value.th == "ทะเบียนนี้เปิดโดยไม่ได้ระบุหน่วยงาน: ระบุ office= หรือ renderer="


def test_how_far_ahead_a_date_may_be_follows_the_office_or_else_one_day(tmp_path):
    office = office_file(tmp_path, extra="future_tolerance_days: 5\n")
    reg = Register.open(str(tmp_path / "r.sqlite3"), office=office, create=True)
    assert reg.future_tolerance == timedelta(days=5)
    bare = Register.open(str(tmp_path / "b.sqlite3"), create=True)
    assert bare.future_tolerance == timedelta(days=1)
    far = date.today() + timedelta(days=30)
    assert reg._not_future(date.today(), "letter date") == date.today()
    with pytest.raises(DocengineError) as e:
        reg._not_future(far, "letter date / ลงวันที่")
    assert e.value.en.startswith(f"letter date / ลงวันที่ {far.isoformat()} is in the future (more than 5 days")
    with pytest.raises(DocengineError) as e:
        bare._not_future(far, "x")
    assert "(more than 1 day after now" in e.value.en


def test_a_register_shows_its_address_and_closes_at_the_end_of_a_with_block(tmp_path):
    where = tmp_path / "r.sqlite3"
    reg = open_register(f"sqlite:///{where}")
    assert repr(reg) == f"Register('sqlite:///{where}')"
    closed = []
    reg.close = lambda: closed.append(True)
    with reg as inside:
        assert inside is reg
    assert closed == [True]
    assert reg.recovered == Recovery()


# --- agencies ----------------------------------------------------------------------------


def test_agencies_are_listed_in_code_order(reg):
    assert [a.code for a in reg.agencies()] == SAMPLE_CODES


def test_an_unknown_agency_typed_with_thai_digits_gets_the_nearest_code(reg):
    with pytest.raises(UnknownAgency) as e:
        reg.agency("ชม๕๒๑๐๙")
    assert e.value.code == "ชม๕๒๑๐๙" and e.value.suggestions[0] == LAO
    assert e.value.en.startswith("unknown agency code 'ชม๕๒๑๐๙'; did you mean 'ชม 52101'")


def test_an_office_file_that_restates_an_agency_wins_and_a_changed_file_is_synced_again(tmp_path):
    url = str(tmp_path / "r.sqlite3")
    restated = write(tmp_path / "office.yaml", "agency:\n  code: ชม 52101\n  name: เทศบาลทดสอบ\n  kind: lao\n"
                                              "  parent: ชม 0023.05\n")
    reg = open_register(url, office=restated, samples=True)
    assert reg.agency(LAO).name == "เทศบาลทดสอบ"
    reg.close()
    assert open_register(url, office=restated, samples=True).agency(LAO).name == "เทศบาลทดสอบ"
    write(restated, "agency:\n  code: ชม 52101\n  name: เทศบาลแก้ไข\n  kind: lao\n  parent: ชม 0023.05\n")
    assert open_register(url, office=restated, samples=True).agency(LAO).name == "เทศบาลแก้ไข"
    assert open_register(url, samples=True).agency(LAO).name == "เทศบาลตำบลสันทราย"  # the sample again


# --- files and hashes ----------------------------------------------------------------------


def test_sha256_file_hashes_a_file_of_several_chunks(tmp_path):
    data = bytes(range(256)) * 9000  # 2.3 MB: three reads of 1 MiB
    assert books.sha256_file(write(tmp_path / "big.bin", data)) == (sha(data), len(data))
    assert books.sha256_file(write(tmp_path / "empty.bin", b"")) == (sha(b""), 0)


def test_a_registered_file_is_returned_while_it_is_unchanged(tmp_path):
    f = write(tmp_path / "a.pdf", "abc")
    record = FileRecord("letter", str(f), sha("abc"), 3)
    assert books.verified_file(record, "letter ชม 0023.05/12") == f


def test_a_missing_registered_file_is_refused_in_both_languages(tmp_path):
    gone = tmp_path / "gone.pdf"
    record = FileRecord("letter", str(gone), sha("abc"), 3)
    with pytest.raises(DocengineError) as e:
        books.verified_file(record, "letter ชม 0023.05/12")
    assert e.value.en == f"{gone}, the registered file of letter ชม 0023.05/12, is missing; it is needed"
    assert e.value.th == f"ไม่พบแฟ้ม {gone} ของ letter ชม 0023.05/12 ที่บันทึกไว้ในทะเบียน"
    with pytest.raises(DocengineError) as e:
        books.verified_file(record, "x", "to sign it")
    assert e.value.en.endswith("is missing; to sign it")


def test_a_registered_file_changed_since_is_refused_even_at_the_same_size(tmp_path):
    f = write(tmp_path / "a.pdf", "abd")
    record = FileRecord("letter", str(f), sha("abc"), 3)
    with pytest.raises(DocengineError) as e:
        books.verified_file(record, "letter ชม 0023.05/12", "to send it")
    assert e.value.en == (f"{f}, the registered file of letter ชม 0023.05/12, changed since it was registered "
                          f"(SHA-256 {sha('abd')[:12]}…, recorded {sha('abc')[:12]}…); to send it: restore the "
                          "registered copy")
    assert e.value.th == f"แฟ้ม {f} ของ letter ชม 0023.05/12 ถูกแก้ไขหลังลงทะเบียน (SHA-256 ไม่ตรงกับที่บันทึกไว้)"
    with pytest.raises(DocengineError, match="changed since it was registered"):
        books.verified_file(FileRecord("letter", str(f), sha("abd"), 4), "x")  # same bytes, other size


def test_a_file_row_hashes_the_given_bytes_the_staged_file_or_the_file_itself(tmp_path):
    (tmp_path / "sub").mkdir()
    final = tmp_path / "sub" / ".." / "letter.pdf"
    write(tmp_path / "letter.pdf", "final")
    staged = write(tmp_path / ".letter.pdf.tmp.part", "staged bytes")
    assert books.file_row("letter", final) == {
        "role": "letter", "path": str(tmp_path.resolve() / "letter.pdf"), "sha256": sha("final"), "size": 5,
        "media_type": "application/pdf", "staged_path": None}
    row = books.file_row("letter", tmp_path / "letter.pdf", staged=staged)
    assert (row["sha256"], row["size"], row["staged_path"]) == (sha("staged bytes"), 12, str(staged.resolve()))
    row = books.file_row("original", tmp_path / "in.docx", data=b"inside")
    assert (row["role"], row["sha256"], row["size"], row["staged_path"]) == ("original", sha("inside"), 6, None)
    assert row["media_type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert books.file_row("x", tmp_path / "letter.pdf", data=b"")["sha256"] == sha(b"")
    assert books.file_row("x", write(tmp_path / "noext", "n"))["media_type"] is None


def test_a_file_row_of_a_file_that_cannot_be_read_names_it(tmp_path):
    gone = tmp_path / "gone.pdf"
    with pytest.raises(DocengineError) as e:
        books.file_row("letter", gone)
    assert e.value.en == f"cannot read rendered file {gone}: No such file or directory"
    assert e.value.th == f"อ่านแฟ้มเอกสาร {gone} ไม่ได้"
    with pytest.raises(DocengineError) as e:
        books.file_row("letter", tmp_path / "final.pdf", staged=gone)
    assert e.value.en == f"cannot read rendered file {tmp_path / 'final.pdf'}: No such file or directory"


def test_files_given_as_paths_tuples_or_rows_get_their_roles(tmp_path):
    a, b, c = (write(tmp_path / n, n) for n in ("a.pdf", "b.pdf", "c.pdf"))
    staged = write(tmp_path / ".d.part", "staged")
    given = {"role": "ready", "path": "/x", "sha256": "0", "size": 0, "media_type": None, "staged_path": None}
    rows = books._hash_files([a, b, ("annex", c), ("stamped", tmp_path / "d.pdf", staged), given])
    assert [(r["role"], Path(r["path"]).name, r["staged_path"]) for r in rows] == [
        ("letter", "a.pdf", None), ("enclosure", "b.pdf", None), ("annex", "c.pdf", None),
        ("stamped", "d.pdf", str(staged.resolve())), ("ready", "x", None)]
    assert rows[4] is given and rows[3]["sha256"] == sha("staged")
    assert [r["role"] for r in books._hash_files([("cover", a), b])] == ["cover", "enclosure"]


def test_a_naive_time_is_bangkok_wall_clock_and_an_aware_one_is_converted():
    naive = books._bangkok(datetime(2024, 1, 8, 9, 30))
    assert naive == datetime(2024, 1, 8, 2, 30, tzinfo=UTC) and naive.utcoffset() == timedelta(hours=7)
    aware = books._bangkok(datetime(2023, 12, 31, 17, 30, tzinfo=UTC))
    assert (aware.date(), aware.hour, aware.minute, aware.tzinfo) == (date(2024, 1, 1), 0, 30, BANGKOK)


# --- taking numbers ------------------------------------------------------------------------


def test_a_number_taken_is_a_reserved_line_with_what_was_given(reg):
    alloc = reg.allocate("ชม๐๐๒๓.๐๕", "circular", subject="เรื่องจอง", letter_date=date(2023, 12, 31))
    assert alloc == Allocation(alloc.id, DISTRICT, "circular", 2566, 1, "ชม 0023.05/ว 1")
    line = reg.get(alloc.id)
    assert (line.status, line.date, line.subject, line.recipients, line.year_be) == (
        "reserved", date(2023, 12, 31), "เรื่องจอง", None, 2566)
    assert (line.references, line.enclosures, line.files, line.receipts) == ((), (), (), ())
    assert (line.reason, line.issued_at, line.parent_id, line.chain_id) == (None, None, None, None)
    assert line.created_at is not None


def test_a_number_without_a_date_is_dated_today_in_the_book_of_this_year(reg):
    alloc = reg.allocate(DISTRICT)
    today = books.bangkok_today()
    assert (alloc.series, alloc.year_be, reg.get(alloc.id).date) == ("normal", today.year + 543, today)
    assert reg.next_number(DISTRICT) == 2 and reg.next_number(DISTRICT, "normal", today.year + 543) == 2


def test_only_the_send_series_can_be_allocated_one_by_one(reg):
    with pytest.raises(DocengineError) as e:
        reg.allocate(LAO, "form-elderly", 2570)
    assert e.value.en == "unknown number series 'form-elderly'; use one of normal, circular, order, memo"
    assert e.value.th == "ไม่มีชุดเลขทะเบียน 'form-elderly' (ใช้ได้: normal, circular, order, memo)"
    assert reg.list("forms") == []


def test_a_batch_takes_consecutive_numbers_with_each_lines_details(reg):
    lines = [{"subject": "แบบคำขอ", "recipients": "นาย ก", "letter_date": date(2026, 10, 1)},
             {"subject": "แบบคำขอ", "recipients": "นาง ข", "letter_date": date(2026, 10, 2)}]
    got = reg.allocate_many("ชม ๕๒๑๐๑", "form-elderly", None, lines)
    assert [(a.agency_code, a.series, a.year_be, a.running_no, a.book_number) for a in got] == [
        (LAO, "form-elderly", 2570, 1, "1/2570"), (LAO, "form-elderly", 2570, 2, "2/2570")]
    book = reg.list("forms")
    assert [(l.recipients, l.date, l.status) for l in book] == [
        ("นาย ก", date(2026, 10, 1), "reserved"), ("นาง ข", date(2026, 10, 2), "reserved")]
    # the fiscal year of the first line's date: 30 September is still the old year's book
    old = reg.allocate_many(LAO, "form-elderly", None, [{"letter_date": date(2026, 9, 30)}, {}])
    assert [(a.year_be, a.running_no) for a in old] == [(2569, 1), (2569, 2)]
    assert reg.get(old[1].id).date == books.bangkok_today() and reg.get(old[1].id).subject is None


def test_an_empty_batch_takes_nothing_and_a_bad_batch_takes_nothing(reg):
    assert reg.allocate_many(LAO, "form-elderly", 2570, []) == []
    assert reg.next_number(LAO, "form-elderly", 2570) == 1
    with pytest.raises(DocengineError) as e:
        reg.allocate_many(LAO, "receive", 2567, [{}])
    assert e.value.en == ("unknown number series 'receive'; use one of normal, circular, order, memo, "
                          "form-elderly, form-disability")
    with pytest.raises(DocengineError, match="did you mean 2570"):
        reg.allocate_many(LAO, "form-elderly", 2027, [{}])
    with pytest.raises(UnknownAgency):
        reg.allocate_many("ชม 99999", "normal", 2567, [{}])
    assert reg.list("send") == [] and reg.list("forms") == []


def test_the_next_number_is_predicted_without_being_taken(reg):
    assert reg.next_number(DISTRICT, "normal", 2567) == 1
    reg.allocate(DISTRICT, "normal", 2567)
    reg.allocate(DISTRICT, "normal", 2567)
    assert reg.next_number("ชม๐๐๒๓.๐๕", "normal", 2567) == 3 == reg.next_number(DISTRICT, "normal", 2567)
    assert reg.next_number(DISTRICT, "memo", 2567) == 1 and reg.next_number(DISTRICT, "normal", 2566) == 1
    reg.start_from(LAO, "receive", 2567, 69)
    assert reg.next_number(LAO, "receive", 2567) == 69
    assert reg.allocate(DISTRICT, "normal", 2567).running_no == 3
    with pytest.raises(UnknownAgency):
        reg.next_number("ชม 99999")


def test_a_book_started_from_a_paper_number_goes_on_from_it(reg):
    reg.start_from(PROVINCE, "normal", 2567, 1)  # 1 is a valid start
    reg.start_from("ชม๐๐๒๓.๓", "memo", 2567, 5)  # the code as typed
    assert reg.allocate(PROVINCE, "memo", 2567).running_no == 5
    reg.start_from(PROVINCE, "circular", 2567, 63)
    assert reg.next_number(PROVINCE, "circular", 2567) == 63
    assert reg.allocate(PROVINCE, "circular", 2566).running_no == 1  # another year's book
    assert reg.allocate(PROVINCE, "normal", 2567).running_no == 1
    assert [reg.allocate(PROVINCE, "circular", 2567).running_no for _ in range(2)] == [63, 64]
    with pytest.raises(DocengineError) as e:
        reg.start_from(PROVINCE, "circular", 2567, 100)
    assert e.value.en == ("the circular book of ชม 0023.3 for 2567 already reached 64; its starting number can "
                          "no longer change (that would leave a gap)")
    assert e.value.th == ("ทะเบียน ทะเบียนหนังสือเวียน (ว) ของ ชม 0023.3 ปี 2567 ออกเลขถึง 64 แล้ว "
                          "เปลี่ยนเลขเริ่มต้นไม่ได้ (จะทำให้เลขขาดช่วง)")


def test_a_start_below_one_a_ce_year_or_an_unknown_series_is_refused(reg):
    with pytest.raises(DocengineError) as e:
        reg.start_from(DISTRICT, "normal", 2567, 0)
    assert (e.value.en, e.value.th) == ("a book starts at 1 or later, not 0", "เลขเริ่มต้นต้องไม่น้อยกว่า 1 (0)")
    with pytest.raises(DocengineError, match="did you mean 2567"):
        reg.start_from(DISTRICT, "normal", 2024, 5)
    with pytest.raises(DocengineError, match="unknown number series 'weekly'"):
        reg.start_from(DISTRICT, "weekly", 2567, 5)
    with pytest.raises(UnknownAgency):
        reg.start_from("ชม 99999", "normal", 2567, 5)
    assert reg.next_number(DISTRICT, "normal", 2567) == 1


def test_reserving_yields_the_number_and_a_failure_inside_marks_it_failed_with_the_error(reg):
    with reg.reserving(DISTRICT, "circular", 2567, subject="เวียน") as kept:
        assert kept.book_number == "ชม 0023.05/ว 1"
    assert (reg.get(kept.id).status, reg.get(kept.id).subject) == ("reserved", "เวียน")
    with pytest.raises(RuntimeError, match="font missing"):
        with reg.reserving(DISTRICT) as broken:
            raise RuntimeError("font missing")
    assert (reg.get(broken.id).status, reg.get(broken.id).reason) == ("failed", "RuntimeError: font missing")


def test_an_error_after_issuing_inside_reserving_leaves_the_letter_issued(reg, tmp_path):
    pdf = write(tmp_path / "a.pdf", "a")
    with pytest.raises(KeyError):
        with reg.reserving(DISTRICT, "normal", 2567, letter_date=date(2024, 1, 5)) as alloc:
            reg.issue(alloc, subject="s", recipients="r", files=[pdf])
            raise KeyError("late")
    assert (reg.get(alloc.id).status, reg.get(alloc.id).reason) == ("issued", None)


def test_reserving_a_batch_fails_every_number_when_the_block_fails(reg):
    lines = [{"recipients": "นาย ก"}, {"recipients": "นาง ข"}]
    with pytest.raises(ValueError):
        with reg.reserving_many(LAO, "form-disability", 2570, lines) as allocs:
            assert [a.book_number for a in allocs] == ["1/2570", "2/2570"]
            raise ValueError("printer jam")
    assert [(l.status, l.reason) for l in reg.list("forms")] == [("failed", "ValueError: printer jam")] * 2
    with reg.reserving_many(LAO, "form-disability", 2570, [{}]) as allocs:
        pass
    assert reg.get(allocs[0].id).status == "reserved"


def test_an_error_after_issuing_a_batch_inside_reserving_is_the_callers_error_and_the_batch_stays_issued(reg, tmp_path):
    pdf = write(tmp_path / "batch.pdf", "pdf")
    with pytest.raises(KeyError, match="late"):
        with reg.reserving_many(LAO, "form-elderly", 2570, [{"letter_date": date(2026, 10, 1)}] * 2) as allocs:
            reg.issue_many(allocs, files=[pdf])
            raise KeyError("late")
    assert [(l.status, l.reason) for l in reg.list("forms")] == [("issued", None)] * 2
    with pytest.raises(KeyError, match="half"):  # the first line issued, the second never: only it fails
        with reg.reserving_many(LAO, "form-elderly", 2570, [{"letter_date": date(2026, 10, 2)}] * 2) as allocs:
            reg.issue_many(allocs[:1], files=[pdf])
            raise KeyError("half")
    assert [(l.status, l.reason) for l in reg.list("forms")][2:] == [("issued", None), ("failed", "KeyError: 'half'")]


def test_a_batch_is_issued_with_the_shared_and_its_own_files(reg, tmp_path):
    allocs = reg.allocate_many(LAO, "form-elderly", 2570, [{"letter_date": date(2026, 10, 1)}] * 2)
    pdf = write(tmp_path / "batch.pdf", "pdf")
    d1, d2 = write(tmp_path / "1.docx", "d1"), write(tmp_path / "2.docx", "d2")
    got = reg.issue_many(allocs, files=[pdf, ("summary", write(tmp_path / "s.xlsx", "s"))], files_of=[[d1], [d2]])
    assert [(l.id, l.status) for l in got] == [(allocs[0].id, "issued"), (allocs[1].id, "issued")]
    assert [(f.role, Path(f.path).name) for f in got[0].files] == [
        ("form", "batch.pdf"), ("summary", "s.xlsx"), ("docx", "1.docx")]
    assert [(f.role, Path(f.path).name, f.sha256) for f in reg.get(allocs[1].id).files][2] == ("docx", "2.docx", sha("d2"))
    assert all(l.issued_at is not None for l in got)
    only_shared = reg.issue_many(reg.allocate_many(LAO, "form-elderly", 2570, [{}]), files=[pdf])
    assert [f.role for f in only_shared[0].files] == ["form"]


def test_a_batch_with_a_number_not_reserved_is_refused_whole(reg, tmp_path):
    a, b = reg.allocate_many(LAO, "form-elderly", 2570, [{}, {}])
    reg.cancel(b, "ซ้ำ")
    pdf = write(tmp_path / "batch.pdf", "pdf")
    with pytest.raises(DocengineError) as e:
        reg.issue_many([a, b], files=[pdf])
    assert e.value.en == f"2/2570 (id {b.id}) is cancelled, not reserved: it cannot be issued"
    assert e.value.th == f"เลข 2/2570 (id {b.id}) มีสถานะ cancelled ไม่ใช่เลขที่จองไว้ จึงออกเลขไม่ได้"
    assert (reg.get(a.id).status, reg.get(a.id).files) == ("reserved", ())


# --- issuing ---------------------------------------------------------------------------------


def test_an_issued_letter_records_everything_given_and_its_files(reg, tmp_path):
    from docengine.register import Signer

    alloc = reg.allocate(DISTRICT, "normal", 2567, letter_date=date(2024, 1, 2), subject="ร่าง")
    pdf, annex = write(tmp_path / "l.pdf", "letter"), write(tmp_path / "annex.pdf", "annex!")
    signer = Signer("นาย ก", "ปลัดอำเภอ", "รักษาราชการแทน", "นายอำเภอฝาง")
    got = reg.issue(alloc.id, subject="เรื่องจริง", recipients="นายกเทศมนตรี", files=[pdf, annex],
                    date=date(2024, 1, 5), references=[{"book_number": "ชม 0023.3/ว 63"}],
                    enclosures=[{"title": "สำเนา"}], speed="ด่วนที่สุด", secrecy="ลับ", signer=signer)
    assert got == reg.get(alloc.id)
    assert (got.status, got.subject, got.recipients, got.date) == ("issued", "เรื่องจริง", "นายกเทศมนตรี",
                                                                   date(2024, 1, 5))
    assert (got.references, got.enclosures) == (({"book_number": "ชม 0023.3/ว 63"},), ({"title": "สำเนา"},))
    assert (got.speed, got.secrecy, got.signer) == ("ด่วนที่สุด", "ลับ", signer.to_dict())
    assert (got.parent_id, got.forwards_receipt_id, got.chain_id) == (None, None, got.id)
    assert got.issued_at is not None and got.reason is None
    assert got.files == (
        FileRecord("letter", str(pdf.resolve()), sha("letter"), 6, "application/pdf", None),
        FileRecord("enclosure", str(annex.resolve()), sha("annex!"), 6, "application/pdf", None))
    plain = reg.issue(reg.allocate(DISTRICT, "normal", 2567, letter_date=date(2024, 1, 3)), subject="s",
                      recipients="r", signer={"name": "นาย ข"})
    assert (plain.date, plain.signer, plain.files, plain.speed) == (date(2024, 1, 3), {"name": "นาย ข"}, (), None)


def test_a_number_can_be_issued_only_once(reg, tmp_path):
    letter = issue(reg, tmp_path)
    with pytest.raises(DocengineError) as e:
        reg.issue(letter.id, subject="again", recipients="r")
    assert e.value.en == f"ชม 0023.05/1 (id {letter.id}) is issued, not reserved: it cannot be issued"
    assert e.value.th == f"เลข ชม 0023.05/1 (id {letter.id}) มีสถานะ issued ไม่ใช่เลขที่จองไว้ จึงออกหนังสือไม่ได้"
    assert reg.get(letter.id).subject == "ประชาสัมพันธ์"


def test_a_letter_dated_outside_its_books_year_is_refused_in_both_languages(reg):
    alloc = reg.allocate(DISTRICT, "normal", 2567, letter_date=date(2024, 12, 31))
    with pytest.raises(DocengineError) as e:
        reg.issue(alloc, subject="x", recipients="y", date=date(2025, 1, 1))
    assert e.value.en == ("ชม 0023.05/1 belongs to the 2567 book but the letter is dated 2025-01-01 (BE 2568); "
                          "cancel it and take a number from that year's book")
    assert e.value.th == "เลข ชม 0023.05/1 เป็นของทะเบียนปี 2567 แต่หนังสือลงวันที่ปี 2568"
    line = reg.get(alloc.id)
    assert (line.status, line.date, line.subject) == ("reserved", date(2024, 12, 31), None)
    assert reg.issue(alloc, subject="x", recipients="y").date == date(2024, 12, 31)


def test_a_file_of_another_letter_is_never_recorded_again(reg, tmp_path):
    first = issue(reg, tmp_path, name="same.pdf")
    alloc = reg.allocate(DISTRICT, "normal", 2567, letter_date=date(2024, 1, 6))
    path = str((tmp_path / "same.pdf").resolve())
    with pytest.raises(DocengineError) as e:
        reg.issue(alloc, subject="x", recipients="y", files=[tmp_path / "same.pdf"])
    assert e.value.en == (f"{path} is the letter file of letter ชม 0023.05/1 (id {first.id}): a registered file is "
                          "never replaced; choose another output name (nothing was numbered or written)")
    assert e.value.th == (f"{path} เป็นแฟ้มที่ลงทะเบียนแล้ว แฟ้มที่ลงทะเบียนแล้วจะไม่ถูกเขียนทับ "
                          "กรุณาใช้ชื่อแฟ้มอื่น (ยังไม่ได้ออกเลขหรือเขียนแฟ้มใด)")
    assert (reg.get(alloc.id).status, reg.get(alloc.id).files) == ("reserved", ())


def test_issuing_with_a_missing_file_changes_nothing(reg, tmp_path):
    alloc = reg.allocate(DISTRICT, "normal", 2567)
    with pytest.raises(DocengineError, match="cannot read rendered file"):
        reg.issue(alloc, subject="x", recipients="y", files=[tmp_path / "never.pdf"])
    assert reg.get(alloc.id).status == "reserved"


# --- forwarding ------------------------------------------------------------------------------


def test_a_letter_forwarding_a_registered_letter_joins_its_chain(reg, tmp_path):
    root = issue(reg, tmp_path, PROVINCE, "circular", date(2024, 1, 2))
    child = issue(reg, tmp_path, DISTRICT, "normal", date(2024, 1, 5), parent_id=root.id)
    assert (child.parent_id, child.chain_id, child.forwards_receipt_id) == (root.id, root.id, None)
    grandchild = issue(reg, tmp_path, DISTRICT, "normal", date(2024, 1, 6), parent_id=child.id)
    assert (grandchild.parent_id, grandchild.chain_id) == (child.id, root.id)


def test_only_an_issued_letter_can_be_forwarded(reg, tmp_path):
    reserved = reg.allocate(PROVINCE, "circular", 2567)
    alloc = reg.allocate(DISTRICT, "normal", 2567, letter_date=date(2024, 1, 5))
    with pytest.raises(DocengineError) as e:
        reg.issue(alloc, subject="x", recipients="y", parent_id=reserved.id)
    assert e.value.en == f"letter id {reserved.id} is reserved; only an issued letter can be forwarded"
    assert e.value.th == f"หนังสือ id {reserved.id} มีสถานะ reserved ส่งต่อไม่ได้"
    with pytest.raises(NotFound) as e:
        reg.issue(alloc, subject="x", recipients="y", parent_id=4321)
    assert (e.value.en, e.value.th) == ("no letter with id 4321 in the register", "ไม่พบหนังสือ id 4321 ในทะเบียน")
    assert reg.get(alloc.id).status == "reserved"


def test_forwarding_a_receipt_takes_the_parent_from_the_received_letter(reg, tmp_path):
    root = issue(reg, tmp_path, PROVINCE, "circular", date(2024, 1, 2))
    r = reg.receive(DISTRICT, letter_id=root.id, received_at=datetime(2024, 1, 3, 9))
    fwd = issue(reg, tmp_path, DISTRICT, "normal", date(2024, 1, 5), forwards_receipt_id=r.id)
    assert (fwd.parent_id, fwd.forwards_receipt_id, fwd.chain_id) == (root.id, r.id, root.id)
    same = issue(reg, tmp_path, DISTRICT, "normal", date(2024, 1, 6), forwards_receipt_id=r.id, parent_id=root.id)
    assert (same.parent_id, same.chain_id) == (root.id, root.id)


def test_forwarding_a_receipt_of_a_letter_from_outside_starts_a_chain_or_names_the_parent(reg, tmp_path):
    r = reg.receive(DISTRICT, sender_book_number="ศธ 04001/ว 9", sender_date=date(2024, 1, 2),
                    sender_agency="สพฐ.", subject="นอกทะเบียน", received_at=datetime(2024, 1, 3, 9))
    fwd = issue(reg, tmp_path, DISTRICT, "normal", date(2024, 1, 5), forwards_receipt_id=r.id)
    assert (fwd.parent_id, fwd.forwards_receipt_id, fwd.chain_id) == (None, r.id, fwd.id)
    other = issue(reg, tmp_path, PROVINCE, "circular", date(2024, 1, 2))
    named = issue(reg, tmp_path, DISTRICT, "normal", date(2024, 1, 6), forwards_receipt_id=r.id, parent_id=other.id)
    assert (named.parent_id, named.chain_id) == (other.id, other.id)


def test_a_receipt_forwarded_must_be_this_agencys_and_of_the_named_letter(reg, tmp_path):
    root = issue(reg, tmp_path, PROVINCE, "circular", date(2024, 1, 2))
    other = issue(reg, tmp_path, DLA, "normal", date(2024, 1, 2))
    r = reg.receive(DISTRICT, letter_id=root.id, received_at=datetime(2024, 1, 3, 9))
    alloc = reg.allocate(LAO, "normal", 2567, letter_date=date(2024, 1, 5))
    with pytest.raises(DocengineError) as e:
        reg.issue(alloc, subject="x", recipients="y", forwards_receipt_id=r.id)
    assert e.value.en == "receipt 001/2567 was received by ชม 0023.05, not by ชม 52101, which is forwarding it"
    assert e.value.th == "หนังสือเลขรับ 001/2567 ลงรับโดย ชม 0023.05 ไม่ใช่ ชม 52101"
    mine = reg.allocate(DISTRICT, "normal", 2567, letter_date=date(2024, 1, 5))
    with pytest.raises(DocengineError) as e:
        reg.issue(mine, subject="x", recipients="y", forwards_receipt_id=r.id, parent_id=other.id)
    assert e.value.en == f"receipt 001/2567 is of letter id {root.id}, not {other.id}"
    assert e.value.th == f"เลขรับ 001/2567 เป็นของหนังสือ id {root.id} ไม่ใช่ {other.id}"
    with pytest.raises(NotFound) as e:
        reg.issue(mine, subject="x", recipients="y", forwards_receipt_id=777)
    assert (e.value.en, e.value.th) == ("no receipt with id 777", "ไม่พบรายการรับหนังสือ id 777")
    assert (reg.get(mine.id).status, reg.get(alloc.id).status) == ("reserved", "reserved")


# --- failing and cancelling ---------------------------------------------------------------


def test_a_failed_number_keeps_its_reason_and_can_still_be_cancelled(reg):
    alloc = reg.allocate(DISTRICT, "normal", 2567)
    failed = reg.fail(alloc, "  WeasyPrint crashed \n")
    assert (failed.id, failed.status, failed.reason) == (alloc.id, "failed", "WeasyPrint crashed")
    cancelled = reg.cancel(alloc.id, "ออกใหม่")
    assert (cancelled.status, cancelled.reason) == ("cancelled", "ออกใหม่")
    with pytest.raises(DocengineError) as e:
        reg.cancel(alloc, "อีกครั้ง")
    assert e.value.en == f"ชม 0023.05/1 (id {alloc.id}) is already cancelled; it cannot become cancelled"
    assert e.value.th == f"เลข ชม 0023.05/1 (id {alloc.id}) มีสถานะ cancelled อยู่แล้ว เปลี่ยนเป็น cancelled ไม่ได้"
    assert reg.get(alloc.id).reason == "ออกใหม่"


def test_an_issued_letter_cannot_fail_but_can_be_cancelled_with_its_files_kept(reg, tmp_path):
    letter = issue(reg, tmp_path)
    with pytest.raises(DocengineError) as e:
        reg.fail(letter.id, "late crash")
    assert e.value.en == f"ชม 0023.05/1 (id {letter.id}) is already issued; it cannot become failed"
    assert e.value.th == f"เลข ชม 0023.05/1 (id {letter.id}) มีสถานะ issued อยู่แล้ว เปลี่ยนเป็น failed ไม่ได้"
    assert (reg.get(letter.id).status, reg.get(letter.id).reason) == ("issued", None)
    got = reg.cancel(letter.id, "ยกเลิกหนังสือ")
    assert (got.status, got.reason, got.files) == ("cancelled", "ยกเลิกหนังสือ", letter.files)
    with pytest.raises(DocengineError, match="is already cancelled; it cannot become failed"):
        reg.fail(letter.id, "x")


def test_closing_a_number_needs_a_reason(reg):
    alloc = reg.allocate(DISTRICT, "normal", 2567)
    for reason in ("", " \t", None):
        with pytest.raises(DocengineError) as e:
            reg.cancel(alloc, reason)
        assert (e.value.en, e.value.th) == ("give a reason: it is written in the book",
                                            "กรุณาระบุเหตุผล (บันทึกไว้ในทะเบียน)")
    with pytest.raises(DocengineError, match="give a reason"):
        reg.fail(alloc, "")
    assert reg.get(alloc.id).status == "reserved"
    with pytest.raises(NotFound):
        reg.cancel(999, "x")


# --- dead processes ----------------------------------------------------------------------


def test_a_number_reserved_by_a_dead_process_is_failed_on_the_next_open(tmp_path, dead):
    url = f"sqlite:///{tmp_path / 'r.sqlite3'}"
    reg = open_register(url)
    lost = reg.allocate(DISTRICT, "normal", 2567)
    held = reg.allocate(DISTRICT, "normal", 2567, hold=True)
    reg.close()
    again = open_register(url)
    assert again.recovered.failed == [lost.id] and again.recovered.finished == []
    line = again.get(lost.id)
    assert line.status == "failed"
    assert line.reason == (f"the process that took this number (pid {DEAD_PID} on {socket.gethostname()}) ended "
                           "before recording its files / กระบวนการที่ออกเลขสิ้นสุดก่อนบันทึกแฟ้ม")
    assert again.get(held.id).status == "reserved"
    assert again.recover() == Recovery() and again.recover_stale() == []


def test_opening_without_recovery_leaves_a_dead_processs_number_reserved(tmp_path, dead):
    url = f"sqlite:///{tmp_path / 'r.sqlite3'}"
    alloc = open_register(url).allocate(DISTRICT, "normal", 2567)
    quiet = open_register(url, recover=False)
    assert quiet.recovered == Recovery() and quiet.get(alloc.id).status == "reserved"
    assert quiet.recover_stale() == [alloc.id] and quiet.get(alloc.id).status == "failed"


def test_a_live_commands_number_is_never_touched(reg):
    alloc = reg.allocate(DISTRICT, "normal", 2567)
    assert reg.recover(timedelta(0)) == Recovery()
    assert reg.get(alloc.id).status == "reserved"


def test_another_machines_reservation_is_failed_only_once_older_than_asked(reg, monkeypatch):
    owner = {"owner_host": "other-host.example", "owner_pid": 4242, "owner_started": None}
    monkeypatch.setattr(books, "this_process", lambda: dict(owner))
    alloc = reg.allocate(DISTRICT, "normal", 2567)
    assert reg.recover() == Recovery()
    assert reg.recover(timedelta(hours=1)) == Recovery()
    assert reg.get(alloc.id).status == "reserved"
    assert reg.recover_stale(timedelta(0)) == [alloc.id]
    assert reg.get(alloc.id).reason.startswith("the process that took this number (pid 4242 on other-host.example)")


def test_another_machines_issued_letter_is_not_touched_whatever_its_age(reg, tmp_path, monkeypatch):
    owner = {"owner_host": "other-host.example", "owner_pid": 4242, "owner_started": None}
    monkeypatch.setattr(books, "this_process", lambda: dict(owner))
    alloc = reg.allocate(DISTRICT, "normal", 2567, letter_date=date(2024, 1, 5))
    staged = write(tmp_path / ".l.pdf.x.part", "bytes")
    reg.issue(alloc, subject="s", recipients="r", files=[("letter", tmp_path / "l.pdf", staged)])
    assert reg.recover(timedelta(0)) == Recovery()
    assert staged.exists() and not (tmp_path / "l.pdf").exists()


def _staged_issue(reg, tmp_path, *, staged_bytes="letter bytes"):
    """A letter recorded with its file still under the temp name (the process then dies)."""
    final = tmp_path / "out" / "letter.pdf"
    staged = write(tmp_path / "out" / ".letter.pdf.tmp.part", staged_bytes)
    alloc = reg.allocate(DISTRICT, "normal", 2567, letter_date=date(2024, 1, 5))
    got = reg.issue(alloc, subject="s", recipients="r", files=[("letter", final, staged)])
    return got, final, staged


def test_a_recorded_file_left_under_its_temp_name_is_put_in_place(reg, tmp_path, dead):
    letter, final, staged = _staged_issue(reg, tmp_path)
    assert letter.files[0].staged_path == str(staged.resolve())
    done = reg.recover()
    assert (done.finished, done.failed) == ([letter.id], [])
    assert final.read_bytes() == b"letter bytes" and not staged.exists()
    got = reg.get(letter.id)
    assert (got.status, got.files[0].staged_path) == ("issued", None)
    assert reg.recover() == Recovery()  # the owner is cleared: nothing left to do


def test_a_file_renamed_before_the_process_died_is_finished_as_it_is(reg, tmp_path, dead):
    letter, final, staged = _staged_issue(reg, tmp_path)
    staged.replace(final)
    assert reg.recover().finished == [letter.id]
    assert (reg.get(letter.id).status, final.read_bytes()) == ("issued", b"letter bytes")


def test_a_letter_whose_files_never_got_in_place_fails_and_its_other_files_are_set_aside(reg, tmp_path, dead):
    final, enclosure = tmp_path / "out" / "letter.pdf", write(tmp_path / "out" / "annex.pdf", "annex")
    staged = write(tmp_path / "out" / ".letter.pdf.tmp.part", "letter bytes")
    alloc = reg.allocate(DISTRICT, "normal", 2567, letter_date=date(2024, 1, 5))
    reg.issue(alloc, subject="s", recipients="r", files=[("letter", final, staged), ("enclosure", enclosure)])
    staged.unlink()
    done = reg.recover()
    assert (done.failed, done.finished) == ([alloc.id], [])
    got = reg.get(alloc.id)
    assert got.status == "failed"
    assert got.reason == (f"the process that issued it (pid {DEAD_PID} on {socket.gethostname()}) ended before its "
                          "files were in place and .letter.pdf.tmp.part is gone / กระบวนการสิ้นสุดก่อนเขียนแฟ้มเสร็จ")
    assert [f.staged_path for f in got.files] == [None, None]
    assert not enclosure.exists() and (tmp_path / "out" / "annex.pdf.failed").read_bytes() == b"annex"
    assert not final.exists()


def test_a_temp_file_with_other_bytes_is_removed_and_the_letter_fails(reg, tmp_path, dead):
    letter, final, staged = _staged_issue(reg, tmp_path)
    write(staged, "tampered bytes")
    assert reg.recover().failed == [letter.id]
    assert not staged.exists() and not final.exists()


def test_a_changed_file_in_place_is_not_set_aside(reg, tmp_path, dead):
    final, enclosure = tmp_path / "out" / "letter.pdf", write(tmp_path / "out" / "annex.pdf", "annex")
    staged = write(tmp_path / "out" / ".letter.pdf.tmp.part", "letter bytes")
    alloc = reg.allocate(DISTRICT, "normal", 2567, letter_date=date(2024, 1, 5))
    reg.issue(alloc, subject="s", recipients="r", files=[("letter", final, staged), ("enclosure", enclosure)])
    staged.unlink()
    write(enclosure, "someone else's")
    assert reg.recover().failed == [alloc.id]
    assert enclosure.read_bytes() == b"someone else's" and not (tmp_path / "out" / "annex.pdf.failed").exists()


def test_files_recorded_in_place_leave_nothing_to_recover(reg, tmp_path, dead):
    letter, final, staged = _staged_issue(reg, tmp_path)
    staged.replace(final)
    got = reg.files_in_place(letter_id=letter.id)
    assert (got.id, got.status, got.files[0].staged_path) == (letter.id, "issued", None)
    assert reg.recover() == Recovery()


def test_files_in_place_of_a_reserved_number_keep_it_recoverable(reg, dead):
    alloc = reg.allocate(DISTRICT, "normal", 2567)
    assert reg.files_in_place(letter_id=alloc.id).status == "reserved"
    assert reg.recover().failed == [alloc.id]


def test_files_in_place_of_a_receipt_clear_its_pending_stamp(reg, tmp_path):
    final = tmp_path / "stamped.pdf"
    staged = write(tmp_path / ".stamped.pdf.tmp.part", "stamped")
    r = reg.receive(LAO, sender_book_number="ชม 0023.05/9", sender_date=date(2024, 1, 5), sender_agency="อำเภอฝาง",
                    subject="x", received_at=datetime(2024, 1, 8, 9), pending="stamp",
                    files=[("stamped", final, staged)])
    assert (r.pending, r.files[0].staged_path) == ("stamp", str(staged.resolve()))
    got = reg.files_in_place(receipt_id=r.id)
    assert (got.id, got.pending, got.files[0].staged_path) == (r.id, None, None)


def test_a_finished_recovery_is_not_done_twice(reg, dead):
    held = reg.allocate(DISTRICT, "normal", 2567, hold=True)
    result = Recovery()
    reg._recover_letter(held.id, result)  # no owner: another process finished it meanwhile
    assert result == Recovery() and reg.get(held.id).status == "reserved"



def test_numbers_issued_cancelled_or_failed_by_a_process_that_then_died_are_left_as_they_are(reg, tmp_path, dead):
    pdf = write(tmp_path / "l.pdf", "l")
    issued = reg.issue(reg.allocate(DISTRICT, "normal", 2567, letter_date=date(2024, 1, 5)), subject="s",
                       recipients="r", files=[pdf])
    batch = reg.issue_many(reg.allocate_many(LAO, "form-elderly", 2570, [{}, {}]), files=[write(tmp_path / "f.pdf", "f")])
    cancelled = reg.cancel(reg.allocate(DISTRICT, "normal", 2567), "ผิด")
    failed = reg.fail(reg.allocate(DISTRICT, "normal", 2567), "พัง")
    assert reg.recover() == Recovery()
    assert [reg.get(x.id).status for x in (issued, *batch, cancelled, failed)] == [
        "issued", "issued", "issued", "cancelled", "failed"]
    assert pdf.read_bytes() == b"l"

# --- folders and temp files ----------------------------------------------------------------


def stray(folder: Path, name: str = "letter.pdf") -> Path:
    """A temp file a killed command left (its tag names a pid that does not exist)."""
    from docengine.processes import temp_tag

    host = temp_tag().split("-")[0]
    return write(folder / f".{name}.{host}-{DEAD_PID}-1.k3j2.part", "half")


def test_the_folders_of_registered_files_and_noted_outputs_are_listed_once_in_order(reg, tmp_path):
    assert reg.file_folders() == []
    issue(reg, tmp_path / "z", name="a.pdf")
    reg.note_output_folders([tmp_path / "b" / "x.pdf", tmp_path / "b" / "y.pdf", tmp_path / "a" / ".." / "c" / "z.pdf"])
    reg.note_output_folders([tmp_path / "b" / "again.pdf"])
    root = tmp_path.resolve()
    assert reg.file_folders() == [root / "b", root / "c", root / "z"]


def test_stray_temp_files_of_dead_commands_are_removed_and_live_or_foreign_ones_kept(reg, tmp_path):
    from docengine.io import _stage

    noted, extra = tmp_path / "noted", tmp_path / "extra"
    reg.note_output_folders([noted / "letter.pdf"])
    gone = [stray(noted), stray(extra, "list.xlsx")]
    live = noted / _stage(noted / "live.pdf", b"x")
    foreign = write(noted / ".notes.part", "mine")
    assert reg.remove_stray_temp_files() == [gone[0]]
    assert reg.remove_stray_temp_files([extra]) == [gone[1]]
    assert not any(p.exists() for p in gone) and live.exists() and foreign.exists()


def test_recovering_a_dead_processs_work_removes_its_stray_temp_files(tmp_path, dead):
    url = f"sqlite:///{tmp_path / 'r.sqlite3'}"
    reg = open_register(url)
    reg.note_output_folders([tmp_path / "out" / "letter.pdf"])
    left = stray(tmp_path / "out")
    reg.allocate(DISTRICT, "normal", 2567)
    assert open_register(url).recovered.removed_temp_files == [left]
    assert not left.exists()


def test_nothing_to_recover_leaves_stray_temp_files_alone(tmp_path):
    url = f"sqlite:///{tmp_path / 'r.sqlite3'}"
    reg = open_register(url)
    reg.note_output_folders([tmp_path / "out" / "letter.pdf"])
    left = stray(tmp_path / "out")
    assert open_register(url).recovered == Recovery() and left.exists()


# --- registered files ---------------------------------------------------------------------


def test_a_registered_file_is_named_by_its_letter_or_receipt(reg, tmp_path):
    letter = issue(reg, tmp_path, name="sent.pdf")
    original = write(tmp_path / "in.pdf", "in")
    r = reg.receive(LAO, sender_book_number="ชม 0023.05/9", sender_date=date(2024, 1, 5), sender_agency="อำเภอฝาง",
                    subject="x", received_at=datetime(2024, 1, 8, 9), files=[("original", original)])
    assert reg.registered_file(tmp_path / "sub" / ".." / "sent.pdf") == \
        f"the letter file of letter ชม 0023.05/1 (id {letter.id})"
    assert reg.registered_file(str(original)) == f"the original file of receipt 001/2567 of ชม 52101 (id {r.id})"
    assert reg.registered_file(tmp_path / "other.pdf") is None


def test_writing_over_registered_files_is_refused_naming_each(reg, tmp_path):
    letter = issue(reg, tmp_path, name="one.pdf")
    two = issue(reg, tmp_path, day=date(2024, 1, 6), name="two.pdf")
    reg.refuse_registered(None, tmp_path / "new.pdf")  # nothing registered: no error
    one_p, two_p = tmp_path / "one.pdf", tmp_path / "two.pdf"
    with pytest.raises(DocengineError) as e:
        reg.refuse_registered(one_p, None, tmp_path / "new.pdf", two_p)
    assert e.value.en == (f"{one_p} is the letter file of letter ชม 0023.05/1 (id {letter.id}); {two_p} is the letter "
                          f"file of letter ชม 0023.05/2 (id {two.id}): a registered file is never replaced; choose "
                          "another output name (nothing was numbered or written)")
    assert e.value.th.startswith(f"{one_p} เป็นแฟ้มที่ลงทะเบียนแล้ว; {two_p} เป็นแฟ้มที่ลงทะเบียนแล้ว แฟ้มที่")


# --- reading ---------------------------------------------------------------------------------


def test_a_missing_line_is_not_found_in_both_languages(reg):
    with pytest.raises(NotFound) as e:
        reg.get(41)
    assert (e.value.en, e.value.th) == ("no letter with id 41 in the register", "ไม่พบหนังสือ id 41 ในทะเบียน")


def test_a_letter_is_found_by_its_number_as_typed_and_its_date(reg, tmp_path):
    letter = issue(reg, tmp_path, day=date(2024, 1, 5))
    got = reg.letter_by_number("ชม ๐๐๒๓.๐๕/ ๑", date(2024, 1, 5))
    assert (got.id, got.status, [f.role for f in got.files]) == (letter.id, "issued", ["letter"])
    assert reg.letter_by_number("ชม 0023.05/1", date(2024, 1, 6)) is None
    assert reg.letter_by_number("ชม 0023.05/2", date(2024, 1, 5)) is None
    memo = reg.allocate(DISTRICT, "memo", 2567, letter_date=date(2024, 1, 5))  # the memo book writes it alike
    reg.cancel(memo, "ผิด")
    latest = reg.letter_by_number("ชม 0023.05/1", date(2024, 1, 5))
    assert (latest.id, latest.series, latest.status) == (memo.id, "memo", "cancelled")


def test_a_letter_read_back_carries_who_received_it(reg, tmp_path):
    letter = issue(reg, tmp_path)
    r = reg.receive(LAO, letter_id=letter.id, received_at=datetime(2024, 1, 8, 9))
    assert [x.receipt_no for x in reg.get(letter.id).receipts] == [r.receipt_no] == ["001/2567"]
    listed = reg.list("send")
    assert [[x.id for x in l.receipts] for l in listed] == [[r.id]]


def test_the_send_book_is_in_agency_year_series_and_number_order(reg):
    made = [reg.allocate(LAO, "normal", 2567), reg.allocate(DISTRICT, "order", 2567),
            reg.allocate(DISTRICT, "normal", 2567), reg.allocate(DISTRICT, "normal", 2566),
            reg.allocate(DISTRICT, "circular", 2567), reg.allocate(DISTRICT, "normal", 2567)]
    reg.allocate_many(LAO, "form-elderly", 2570, [{}])
    got = [(l.agency_code, l.year_be, l.series, l.running_no) for l in reg.list("send")]
    assert got == [(DISTRICT, 2566, "normal", 1), (DISTRICT, 2567, "circular", 1), (DISTRICT, 2567, "normal", 1),
                   (DISTRICT, 2567, "normal", 2), (DISTRICT, 2567, "order", 1), (LAO, 2567, "normal", 1)]
    assert len(made) == 6
    assert [l.series for l in reg.list("forms")] == ["form-elderly"]


def test_the_send_book_is_filtered_by_year_agency_and_dates_inclusive(reg):
    for day in (date(2023, 12, 31), date(2024, 1, 1), date(2024, 1, 2), date(2024, 1, 3)):
        reg.allocate(DISTRICT, "normal", letter_date=day)
    reg.allocate(LAO, "normal", letter_date=date(2024, 1, 2))

    def days(**kw):
        return [(l.agency_code, l.date.day) for l in reg.list("send", **kw)]

    assert days(year=2567) == [(DISTRICT, 1), (DISTRICT, 2), (DISTRICT, 3), (LAO, 2)]
    assert days(year="2566") == [(DISTRICT, 31)]
    assert days(agency="ชม๕๒๑๐๑") == [(LAO, 2)]
    assert days(date_from=date(2024, 1, 2)) == [(DISTRICT, 2), (DISTRICT, 3), (LAO, 2)]
    assert days(date_to=date(2024, 1, 1)) == [(DISTRICT, 31), (DISTRICT, 1)]
    assert days(agency=DISTRICT, date_from=date(2024, 1, 1), date_to=date(2024, 1, 2)) == [(DISTRICT, 1), (DISTRICT, 2)]
    assert days(year=2568) == []


def test_the_forms_book_is_filtered_by_its_fiscal_year_and_agency(reg):
    reg.allocate_many(LAO, "form-elderly", None, [{"letter_date": date(2026, 9, 30)}])
    reg.allocate_many(LAO, "form-disability", None, [{"letter_date": date(2026, 10, 1)}])
    reg.allocate(LAO, "normal", 2569)
    assert [(l.series, l.year_be) for l in reg.list("forms", 2570)] == [("form-disability", 2570)]
    assert [(l.series, l.year_be) for l in reg.list("forms", agency=LAO)] == [
        ("form-elderly", 2569), ("form-disability", 2570)]
    assert reg.list("forms", agency=DISTRICT) == []
    assert [l.series for l in reg.list("send", 2569)] == ["normal"]


def test_the_receive_book_is_filtered_by_year_and_agency(reg):
    for agency, when in ((LAO, datetime(2024, 1, 2, 9)), (DISTRICT, datetime(2024, 1, 2, 10)),
                         (LAO, datetime(2023, 12, 31, 9))):
        reg.receive(agency, sender_book_number=f"ศธ 1/{when.day}", sender_date=date(2023, 12, 30),
                    sender_agency="สพฐ.", subject="x", received_at=when)
    assert [(r.agency_code, r.receipt_no) for r in reg.list("receive")] == [
        (DISTRICT, "001/2567"), (LAO, "001/2566"), (LAO, "001/2567")]
    assert [r.receipt_no for r in reg.list("receive", 2567, agency=LAO)] == ["001/2567"]
    assert [r.agency_code for r in reg.list("receive", date_from=date(2024, 1, 2))] == [DISTRICT, LAO]
    assert [r.receipt_no for r in reg.list("receive", date_to=date(2023, 12, 31))] == ["001/2566"]


def test_an_unknown_book_or_a_ce_year_is_refused(reg):
    with pytest.raises(DocengineError) as e:
        reg.list("sent")
    assert e.value.en == "unknown book 'sent': use send, receive, forms"
    assert e.value.th == "ไม่มีทะเบียน 'sent' (ใช้ send, receive, forms)"
    with pytest.raises(DocengineError, match="did you mean 2567"):
        reg.list("send", 2024)
    with pytest.raises(UnknownAgency):
        reg.list("send", agency="ชม 99999")
