"""Targeted tests for mutants of docengine.notices that the other tests let survive
(scripts/mutate.py, docs/testing.md): the demo's notices step and what its files say, the
count reports' tables, the list's remarks and metadata, the refusals."""

from __future__ import annotations

import dataclasses
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from docengine.errors import DocengineError
from docengine.notices.beneficiaries import build_beneficiary_list
from docengine.notices.documents import count_report_prepared
from docengine.office import Office
from docengine.records.people import read_people
from docengine.render.document import Renderer
from docengine.resources import data_path

FY = 2570


@pytest.fixture(scope="module")
def renderer():
    return Renderer(Office.sample())


@pytest.fixture(scope="module")
def elderly():
    return read_people(data_path("samples", "people.csv"), fy=FY, kind="elderly")


@pytest.fixture(scope="module")
def laos():
    return read_people(data_path("samples", "people-laos.csv"), fy=FY, kind="elderly", purpose="rollup")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo's notices step (docengine.notices.demo), in this process."""
    from docengine.notices.demo import notices_and_reports

    out = tmp_path_factory.mktemp("demo")
    return out, notices_and_reports(out, Office.sample())


def cells(xlsx) -> list[list]:
    wb = load_workbook(xlsx)
    return [[c for c in row] for ws in wb.worksheets for row in ws.iter_rows(values_only=True)]


def test_the_demo_writes_every_notice_and_report_and_what_they_say(demo):
    # One test for everything the demo step writes: mutmut credits the calls a module fixture
    # makes to the first test that uses it, and runs a mutant only against the tests it credits.
    out, written = demo
    kinds = ("elderly", "disability")
    expected = {*(f"notices/beneficiary-list-{k}.{x}" for k in kinds for x in ("pdf", "xlsx")),
                *(f"notices/calendar-{k}-{FY}.{x}" for k in kinds for x in ("pdf", "xlsx", "ics")),
                *(f"notices/registration-pr-{k}.{x}" for k in kinds for x in ("pdf", "docx")),
                "notices/citizen-manual-elderly.pdf", "notices/citizen-manual-elderly.docx",
                *(f"reports/counts-{k}.{x}" for k in (*kinds, "elderly-rollup") for x in ("pdf", "xlsx"))}
    assert {str(p.relative_to(out)) for p in written} == expected
    assert all(p.stat().st_size > 0 for p in written)
    rollup = cells(out / "reports" / "counts-elderly-rollup.xlsx")
    assert any(row[0] == "รวมอำเภอฝาง" for row in rollup)  # a roll-up: district subtotals (purpose rollup)
    # the calendar workbook: its title and every event, numbered
    rows = cells(out / "notices" / f"calendar-elderly-{FY}.xlsx")
    assert rows[0][0] == f"ปฏิทินการรับลงทะเบียนเบี้ยยังชีพผู้สูงอายุ เทศบาลตำบลสันทราย ปีงบประมาณ พ.ศ. {FY}"
    numbered = [r for r in rows if isinstance(r[0], int)]
    assert numbered[0][0] == 1 and len(numbered) >= 15
    # the list workbook heads its ID column
    rows = cells(out / "notices" / "beneficiary-list-elderly.xlsx")
    assert any(list(r[:3]) == ["ลำดับ", "ชื่อ – สกุล", "เลขประจำตัวประชาชน"] for r in rows)
    # the list PDF says what it is in its metadata
    meta = PdfReader(out / "notices" / "beneficiary-list-elderly.pdf").metadata
    assert meta.title.endswith(f"เทศบาลตำบลสันทราย ปีงบประมาณ {FY}") and meta.subject == "ฉบับเผยแพร่"
    # a single LAO's count workbook names the LAO in its printed footer
    ws = load_workbook(out / "reports" / "counts-disability.xlsx").worksheets[0]
    assert ws.oddFooter.left.text == "เทศบาลตำบลสันทราย"


def test_only_new_registrants_paid_later_carry_a_remark(elderly):
    blist = build_beneficiary_list(elderly, kind="elderly", fy=FY)
    existing, new = blist.sections
    assert [r.remark for r in existing.rows if r.remark] == []
    assert ("นางสาวพิมพ์ใจ ดวงแก้ว", "เริ่มรับ ก.ค. ๒๕๗๐") in [(r.name, r.remark) for r in new.rows]


def test_a_single_lao_report_has_a_row_per_age_bracket(renderer, elderly):
    prepared, scope, _ = count_report_prepared(renderer, elderly, kind="elderly", fy=FY)
    assert scope == "lao"
    assert prepared.context["brackets"] == ["๖๐-๖๙ ปี", "๗๐-๗๙ ปี", "๘๐-๘๙ ปี", "๙๐ ปีขึ้นไป"]
    rows = prepared.context["rows"]
    assert [r["cls"] for r in rows] == ["", "", "", "", "total"]
    assert [c["text"] for c in rows[0]["cells"][:3]] == ["๖๐-๖๙ ปี", "๖๐๐", "๑๖๕"]


def test_a_roll_up_has_district_subtotals_and_a_total(renderer, laos):
    prepared, scope, _ = count_report_prepared(renderer, laos, kind="elderly", fy=FY)
    assert scope == "rollup"
    rows = prepared.context["rows"]
    assert [(r["cls"], r["cells"][0]["text"]) for r in rows if r["cls"]] == \
        [("subtotal", "รวมอำเภอฝาง"), ("total", "รวมทั้งสิ้น")]


def test_a_roll_up_without_its_certifier_is_refused_naming_the_official(laos):
    office = Office.sample()
    officials = {k: v for k, v in office.data["officials"].items() if k != "district_official"}
    renderer = Renderer(dataclasses.replace(office, data={**office.data, "officials": officials}))
    with pytest.raises(DocengineError) as e:
        count_report_prepared(renderer, laos, kind="elderly", fy=FY)
    assert e.value.en.startswith("a roll-up is certified by the district official; add officials.district_official "
                                 "to the office file ")
    assert e.value.th.startswith("รายงานรวมต้องรับรองโดยท้องถิ่นอำเภอ ให้เพิ่ม officials.district_official")


# --- a second sample's survivors (scripts/mutate.py --offset 41 notices) -------------------------
def test_the_calendar_writes_both_ends_of_a_window_in_the_sets_digits(renderer):
    from docengine.notices.calendar import calendar_prepared, calendar_rows

    _, cycle = calendar_prepared(renderer, kind="elderly", fy=FY)
    first = calendar_rows(cycle, "arabic")[0]["when_lines"]
    assert first == ["ตั้งแต่วันพุธที่ 1 ตุลาคม 2568", "ถึงวันอาทิตย์ที่ 30 พฤศจิกายน 2568"]
    assert calendar_rows(cycle, "thai")[0]["when_lines"][1] == "ถึงวันอาทิตย์ที่ ๓๐ พฤศจิกายน ๒๕๖๘"


def test_the_calendar_file_stamps_each_event_with_the_time_made_in_utc(renderer):
    from datetime import datetime, timedelta, timezone

    from docengine.notices.calendar import calendar_ics, calendar_prepared

    _, cycle = calendar_prepared(renderer, kind="elderly", fy=FY)
    made = datetime(2026, 12, 4, 10, 30, tzinfo=timezone(timedelta(hours=7)))  # Bangkok
    ics = calendar_ics(cycle, lao="เทศบาลตำบลสันทราย", now=made)
    stamps = [line for line in ics.split("\r\n") if line.startswith("DTSTAMP:")]
    assert stamps and set(stamps) == {"DTSTAMP:20261204T033000Z"} and len(stamps) == ics.count("BEGIN:VEVENT")


def test_a_worker_lost_again_and_again_says_how_many_times_it_died():
    from docengine.notices.chunks import WorkerLost

    e = WorkerLost(4, 2)
    assert e.en.startswith("a rendering worker process died 3 times; 4 chunk(s) not rendered")
    assert e.th.startswith("กระบวนการเรนเดอร์หยุดทำงาน 3 ครั้ง ยังไม่ได้สร้าง 4 ส่วน")


def test_the_pr_notice_numbers_who_may_register_from_one(renderer):
    from docengine.notices.documents import registration_pr_prepared

    who = registration_pr_prepared(renderer, kind="elderly", fy=FY).context["who"]
    assert [w.split(" ", 1)[0] for w in who] == ["๑.", "๒.", "๓."]
    assert who[0].startswith("๑. ผู้ที่เกิดตั้งแต่วันที่ ๒ กันยายน ๒๕๐๙ ถึงวันที่ ๑ กันยายน ๒๕๑๐")


def test_a_roll_ups_total_row_is_the_sum_of_its_laos_and_its_numbers_centred(renderer, laos):
    from docengine.thai import format_amount

    prepared, _, _ = count_report_prepared(renderer, laos, kind="elderly", fy=FY)
    rows = prepared.context["rows"]
    data = [r for r in rows if r["cls"] == ""]
    assert [r["cells"][0] for r in data][:2] == [{"text": "๑", "cls": "mid", "span": 0},
                                                 {"text": "๒", "cls": "mid", "span": 0}]
    (total,) = [r for r in rows if r["cls"] == "total"]
    width = len(data[0]["cells"]) - 3
    assert len(total["cells"]) == width + 1
    for i in range(width):
        column = sum(int(r["cells"][3 + i]["text"].translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))
                         .replace(",", "")) for r in data)
        assert total["cells"][1 + i]["text"] == format_amount(column, digits="thai")


def test_the_citizen_manual_and_pr_notice_give_the_offices_address_on_one_line(renderer):
    from docengine.notices.documents import citizen_manual_prepared, registration_pr_prepared

    manual = citizen_manual_prepared(renderer, kind="elderly", fy=FY).context
    assert manual["complaints"][0] == ("เทศบาลตำบลสันทราย สำนักงานเทศบาลตำบลสันทราย อำเภอฝาง จังหวัดเชียงใหม่ "
                                       "ชม ๕๐๑๑๐ โทร. ๐ ๕๓๔๕ ๐๑๒๓")
    when = registration_pr_prepared(renderer, kind="elderly", fy=FY).context["when"]
    assert "ณ สำนักงานเทศบาลตำบลสันทราย อำเภอฝาง จังหวัดเชียงใหม่ ชม ๕๐๑๑๐ ด้วยตนเอง" in when


def test_a_roll_up_over_two_districts_is_the_provinces(renderer, laos):
    moved = [dataclasses.replace(p, address=dataclasses.replace(p.address, district="ไชยปราการ"))
             if p.lao == "องค์การบริหารส่วนตำบลแม่สูน" else p for p in laos]
    prepared, scope, counts = count_report_prepared(renderer, moved, kind="elderly", fy=FY)
    assert scope == "rollup" and {c.district for c in counts} == {"ฝาง", "ไชยปราการ"}
    assert prepared.context["place"] == "จังหวัดเชียงใหม่ (๕ องค์กรปกครองส่วนท้องถิ่น)"
    subtotals = [r["cells"][0]["text"] for r in prepared.context["rows"] if r["cls"] == "subtotal"]
    assert sorted(subtotals) == sorted(["รวมอำเภอไชยปราการ", "รวมอำเภอฝาง"])


def test_a_lists_introduction_names_who_is_listed(elderly):
    from datetime import date

    from docengine.notices.listdoc import _texts

    blist = build_beneficiary_list(elderly, kind="elderly", fy=FY)
    intro = _texts(Office.sample(), blist, date(2026, 6, 1), "thai", "")["intro"]
    assert intro.startswith("ด้วยเทศบาลตำบลสันทราย ได้ดำเนินการตรวจสอบคุณสมบัติผู้มีสิทธิรับเงินเบี้ยยังชีพผู้สูงอายุ "
                            "ประจำปีงบประมาณ พ.ศ. ๒๕๗๐")
    assert "{" not in intro and intro.count("ผู้มีสิทธิรับเงินเบี้ยยังชีพผู้สูงอายุ") == 2
