"""`docengine calendar`: the registration cycle as PDF, XLSX and ICS, and the PR notice
that takes its dates from it (issue 9, "The registration-cycle calendar")."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from docengine import refdata
from docengine.allowance.cycle import registration_cycle
from docengine.cli import main
from docengine.thai import format_weekday_date, parse_date
from docengine.thai.holidays import holiday, is_working_day

from extract import pdftotext, squash

icalendar = pytest.importorskip("icalendar")

WEEKDAY_DATE = re.compile(r"(วัน\S+?)ที่ ([๐-๙]+ \S+ [๐-๙]{4})")


@pytest.fixture(scope="module")
def elderly(tmp_path_factory):
    out = tmp_path_factory.mktemp("cal")
    main(["calendar", "--fy", "2570", "--kind", "elderly", "--out", str(out)])
    return {ext: out / f"calendar-elderly-2570.{ext}" for ext in ("pdf", "xlsx", "ics")}


def test_writes_pdf_xlsx_and_ics(elderly):
    assert all(p.stat().st_size > 1000 for p in elderly.values())


def test_every_printed_weekday_is_the_dates_own(elderly):
    text = " ".join(pdftotext(elderly["pdf"]).split())
    found = WEEKDAY_DATE.findall(text)
    assert len(found) > 40
    weekdays = refdata.load("months")["weekdays"]
    for weekday, when in found:
        assert weekdays[parse_date(when).weekday()] == weekday, (weekday, when)


def test_ics_imports_as_all_day_events(elderly):
    cal = icalendar.Calendar.from_ical(elderly["ics"].read_bytes())
    events = list(cal.walk("VEVENT"))
    cycle = registration_cycle(2570, "elderly")
    assert len(events) == len(cycle.events) == 2 + 1 + 1 + 12
    raw = elderly["ics"].read_bytes()
    assert b"\r\n" in raw and all(len(line) <= 75 for line in raw.split(b"\r\n"))
    for ev, want in zip(events, cycle.events):
        start, end = ev.decoded("DTSTART"), ev.decoded("DTEND")
        assert type(start) is date and (start, end) == (want.start, date.fromordinal(want.end.toordinal() + 1))
        assert ev.get("UID") and ev.get("DTSTAMP") and "เทศบาลตำบลสันทราย" in str(ev.get("SUMMARY"))
    assert len({str(ev.get("UID")) for ev in events}) == len(events)


def test_payment_day_moves_off_a_holiday_and_nothing_else_does(elderly):
    lines = pdftotext(elderly["pdf"], layout=True).splitlines()

    def line_of(needle: str) -> str:
        return next(line for line in lines if needle in line)

    # 10 ธ.ค. ๒๕๖๙ is วันรัฐธรรมนูญ (a Thursday): paid on Wednesday 9 December
    assert "ตรงกับวันรัฐธรรมนูญ" in line_of("วันพุธที่ ๙ ธันวาคม ๒๕๖๙")
    # 10 ต.ค. ๒๕๖๙ is a Saturday: paid on Friday 9 October, the row says why
    assert "วันที่ ๑๐ ตรงกับวันหยุด" in line_of("วันศุกร์ที่ ๙ ตุลาคม ๒๕๖๙")  # สุดสัปดาห์ may wrap
    # the first registration period ends on a Sunday: shown, flagged, not moved (no rule moves it)
    assert "ตรงกับวันหยุดสุดสัปดาห์" in line_of("ตั้งแต่วันพุธที่ ๑ ตุลาคม ๒๕๖๘")
    assert "ถึงวันอาทิตย์ที่ ๓๐ พฤศจิกายน ๒๕๖๘" in pdftotext(elderly["pdf"], layout=True)
    cal = icalendar.Calendar.from_ical(elderly["ics"].read_bytes())
    first = next(iter(cal.walk("VEVENT")))
    assert first.decoded("DTEND") == date(2025, 12, 1)


@given(st.sampled_from([(2570, "elderly"), (2569, "disability"), (2570, "disability")]))
def test_every_payment_is_a_working_day_on_or_before_the_10th(case):
    fy, kind = case  # the cycles data/holidays.yaml covers (BE 2568-2570)
    payments = registration_cycle(fy, kind).payments
    assert len(payments) == 12
    for p in payments:
        assert is_working_day(p.start) and p.start.day <= 10
        rule_day = p.start.replace(day=10)
        assert (p.moved_from is None) == is_working_day(rule_day)
        if p.moved_from:  # the last working day before the 10th
            assert all(not is_working_day(date.fromordinal(d))
                       for d in range(p.start.toordinal() + 1, rule_day.toordinal() + 1))


def test_holidays_come_from_the_data_file_with_substitutes():
    assert holiday(date(2026, 12, 10)).name == "วันรัฐธรรมนูญ"
    assert holiday(date(2026, 12, 7)).substitute  # 5 ธ.ค. ๒๕๖๙ is a Saturday
    assert holiday(date(2027, 2, 20)).uncertain  # 2570 Buddhist holidays: computed, not announced
    assert refdata.load("holidays")["source"]


def test_xlsx_dates_are_date_cells_shown_in_be(elderly):
    ws = load_workbook(elderly["xlsx"]).worksheets[0]
    cells = [c for row in ws.iter_rows(min_row=3) for c in row[2:4]]
    assert cells and all(isinstance(c.value, datetime) for c in cells)
    assert all("107" in c.number_format for c in cells)  # Thai Buddhist calendar format
    assert ws.cell(3, 2).value == "ช่วงลงทะเบียน"


def test_a_year_without_a_holiday_list_is_refused(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["calendar", "--fy", "2575", "--out", str(tmp_path)])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "holidays.yaml" in err and "วันหยุด" in err
    assert not list(tmp_path.iterdir())


def test_pr_notice_takes_its_dates_from_the_calendar(elderly, tmp_path):
    pr = tmp_path / "pr.pdf"
    main(["notices", "registration-pr", "--kind", "elderly", "--fy", "2570", "--pdf", str(pr)])
    text = squash(pdftotext(pr))
    cycle = registration_cycle(2570, "elderly")
    calendar_text = squash(pdftotext(elderly["pdf"]))
    for e in cycle.registration:
        for d in (e.start, e.end):
            shown = squash(format_weekday_date(d))
            assert shown in text and shown in calendar_text
    payday = squash(format_weekday_date(cycle.payments[0].start))
    assert payday in text and payday in calendar_text
