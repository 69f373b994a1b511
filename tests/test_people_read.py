"""Reading people files: CSV (with/without BOM), Thai headers, XLSX, and every problem at once."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docengine.allowance import BirthDate
from docengine.errors import DocengineError, ValidationError
from docengine.records import TableError, read_birth_date, read_people
from docengine.resources import data_path

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 21)

_spec = importlib.util.spec_from_file_location("make_sample_people", ROOT / "scripts" / "make_sample_people.py")
samples = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(samples)

HEADER_EN = "citizen_id,title,first_name,last_name,birth_date,status"
HEADER_TH = "เลขประจำตัวประชาชน,คำนำหน้า,ชื่อ,นามสกุล,วันเกิด,สถานะ"
GOOD_ROWS = [
    "3100600445635,นาง,บัวคำ,ใจดี,2 ก.ย. 2509,รายใหม่",
    "3-5009-00123-45-1,นาย,คำปัน,อินต๊ะ,๕ มกราคม ๒๔๘๐,รายเดิม",
    "1101700230708,นาย,บุญมา,ปันทะ,1950-06-30,รายเดิม",
    "3 5009 00001 00 3,นางสาว,ศรีนวล,คำมูล,2490,รายเดิม",
]


def write(tmp_path: Path, text: str, name: str = "people.csv", bom: bool = False) -> Path:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def problems_of(path: Path, **kw) -> list:
    with pytest.raises(ValidationError) as err:
        read_people(path, today=TODAY, **kw)
    return err.value.problems


@pytest.mark.parametrize("bom", [False, True])
@pytest.mark.parametrize("header", [HEADER_EN, HEADER_TH])
def test_csv_with_or_without_bom_and_thai_headers(tmp_path, bom, header):
    path = write(tmp_path, "\n".join([header, *GOOD_ROWS]) + "\n", bom=bom)
    people = read_people(path, fy=2570, kind="elderly", today=TODAY)
    assert [p.citizen_id for p in people] == ["3100600445635", "3500900123451", "1101700230708", "3500900001003"]
    assert people[0].full_name == "นางบัวคำ ใจดี" and people[0].is_new
    assert people[0].birth == BirthDate(2509, 9, 2)
    assert people[1].birth == BirthDate(2480, 1, 5)  # before 2484: kept in BE
    assert people[2].birth == BirthDate(2493, 6, 30)
    assert people[3].birth == BirthDate(2490) and people[3].row == 4


def test_xlsx_with_typed_cells(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(HEADER_TH.split(",") + ["วิธีรับเงิน"])
    ws.append([3100600445635, "นาง", "บัวคำ", "ใจดี", date(1966, 9, 2), "รายใหม่", 1])
    ws.append(["3500900123451", "นาย", "คำปัน", "อินต๊ะ", 2480, "รายเดิม", "๑"])
    ws.append([None] * 7)  # blank row: skipped but counted
    ws.append(["1101700230708", "นาย", "บุญมา", "ปันทะ", date(2493, 6, 30), "รายเดิม", 1.0])
    path = tmp_path / "people.xlsx"
    wb.save(path)
    people = read_people(path, fy=2570, kind="elderly", today=TODAY)
    assert [p.birth for p in people] == [BirthDate(2509, 9, 2), BirthDate(2480), BirthDate(2493, 6, 30)]
    assert [p.payment_method for p in people] == [1, 1, 1]
    assert people[2].row == 4


def test_bad_file_reports_every_problem_at_once(tmp_path):
    rows = [
        "citizen_id,title,first_name,last_name,birth_date,status,payment_method,disability_type,brith_place",
        "3100600445636,นาง,บัวคำ,ใจดี,2 ก.ย. 2509,รายใหม่,3,,x",  # 1: bad check digit; method 3 without bank
        "3100600445635,นาง,ศรี,ใจดี,31 ก.พ. 2500,รายเดิม,5,,",  # 2: impossible date; method 5
        "3100600445635,,คำ,ดี,2500,รายเดิม,1,9,",  # 3: duplicate of row 2; title missing; type 9
        "3500900123451,นาย,มา,ปันทะ,1967-01-05,ใหม่,1,,",  # 4: fine apart from nothing (alias ใหม่)
        "3500900001003,นาย,บุญ,คำ,5/1/1950,รายเดิม,1,,",  # 5: CE year in BE slot
        "1101700230708,นาย,อิน,ถา,2 ก.ย. 2510,รายใหม่,1,,",  # 6: turns 60 only in FY2571
        "3-1006-00445-63-5,นาย,ซ้ำ,อีก,2480,existing,1,,",  # 7: duplicate again, in another spelling
    ]
    found = problems_of(write(tmp_path, "\n".join(rows)), fy=2570, kind="elderly")
    by_place = {(p.row, p.field.split(" ")[0]) for p in found}
    assert (None, "brith_place") in by_place  # unknown column
    assert (1, "citizen_id") in by_place
    assert (1, "bank") in by_place and (1, "account_no") in by_place
    assert (2, "birth_date") in by_place
    assert (2, "payment_method") in by_place
    assert (3, "citizen_id") in by_place
    assert (3, "title") in by_place
    assert (3, "disability_type") in by_place
    assert (5, "birth_date") in by_place
    assert (6, "birth_date") in by_place
    assert (7, "citizen_id") in by_place
    assert not any(p.row == 4 for p in found)
    unknown = next(p for p in found if p.field == "brith_place")
    assert "birth_date" in unknown.en and "วันเกิด" in unknown.th  # nearest valid key suggested
    duplicate = next(p for p in found if p.row == 3 and p.field == "citizen_id")
    assert "rows 2 and 3" in duplicate.en and "แถวที่ 2" in duplicate.th
    ce = next(p for p in found if p.row == 5)
    assert "2493" in ce.en  # suggests the BE year
    assert all(p.th and p.en and p.source == "people.csv" for p in found)


def test_report_is_bilingual_and_names_rows(tmp_path):
    path = write(tmp_path, HEADER_EN + "\n3100600445636,นาง,บัวคำ,ใจดี,2509,รายใหม่\n")
    with pytest.raises(ValidationError) as err:
        read_people(path, today=TODAY)
    report = err.value.report()
    assert "people.csv, row 1, citizen_id='3100600445636'" in report
    assert "check digit" in report and "หลักตรวจสอบ" in report


def test_missing_required_columns_depend_on_purpose(tmp_path):
    path = write(tmp_path, "citizen_id,title,first_name,last_name,birth_date\n3100600445635,นาง,บัวคำ,ใจดี,2509\n")
    found = problems_of(path)  # a list needs status
    assert [(p.row, p.field) for p in found] == [(None, "status")]
    found = problems_of(path, purpose="form")
    assert {p.field for p in found} == {"house_no", "subdistrict", "district", "province"}
    found = problems_of(path, purpose="rollup", kind="disability")
    assert {p.field for p in found} == {"status", "lao", "disability_type"}


def test_empty_required_cells_and_payment_cross_checks(tmp_path):
    text = "\n".join([
        HEADER_EN + ",payment_method,proxy_first_name,proxy_last_name",
        "3100600445635,นาง,บัวคำ,ใจดี,,รายเดิม,2,สมชาย,",
    ])  # fmt: skip
    found = problems_of(write(tmp_path, text))
    assert {(p.row, p.field) for p in found} == {(1, "birth_date"), (1, "proxy_last_name")}


def test_disability_list_needs_types_and_accepts_several(tmp_path):
    text = "\n".join([
        HEADER_EN + ",disability_type",
        "1101700230708,เด็กชาย,ภูมิ,ใจดี,2560,รายใหม่,\"1,3\"",
        "3100600445635,นาง,บัวคำ,ใจดี,2500,รายเดิม,",
    ])  # fmt: skip
    found = problems_of(write(tmp_path, text), fy=2570, kind="disability")
    assert [(p.row, p.field) for p in found] == [(2, "disability_type")]
    people = read_people(write(tmp_path, text.rsplit("\n", 1)[0]), fy=2570, kind="disability", today=TODAY)
    assert people[0].disability_types == (1, 3)


def test_existing_beneficiary_cannot_be_new_to_the_fy(tmp_path):
    path = write(tmp_path, HEADER_EN + "\n3100600445635,นาง,บัวคำ,ใจดี,2 ก.ย. 2509,รายเดิม\n")
    found = problems_of(path, fy=2570, kind="elderly")
    assert [(p.row, p.field) for p in found] == [(1, "status")]


def test_future_birth_and_unnamed_column(tmp_path):
    path = write(tmp_path, HEADER_EN + ",\n3100600445635,นาง,บัวคำ,ใจดี,1 ม.ค. 2575,รายใหม่,stray\n")
    found = problems_of(path)
    assert {(p.row, p.field) for p in found} == {(1, "birth_date"), (1, "column 7")}


def test_file_level_errors_are_bilingual(tmp_path):
    for path in (tmp_path / "missing.csv", write(tmp_path, "", "empty.csv"), write(tmp_path, "x", "old.xls")):
        with pytest.raises(TableError) as err:
            read_people(path)
        assert err.value.th
    cp874 = tmp_path / "cp874.csv"
    cp874.write_bytes((HEADER_TH + "\n").encode("cp874"))
    with pytest.raises(TableError) as err:
        read_people(cp874)
    assert "UTF-8" in err.value.en
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(TableError):
        read_people(broken)
    with pytest.raises(DocengineError):
        read_people(write(tmp_path, HEADER_EN + "\n"), fy=2027, kind="elderly")  # CE fiscal year


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("00/00/2510", BirthDate(2510)),
        ("00/03/2510", BirthDate(2510, 3)),
        ("๕ มกราคม ๒๕๐๐", BirthDate(2500, 1, 5)),
        ("5/1/2500", BirthDate(2500, 1, 5)),
        ("29 ก.พ. 2479", BirthDate(2479, 2, 29)),
        ("2470", BirthDate(2470)),
        ("1966-09-02", BirthDate(2509, 9, 2)),
    ],
)
def test_read_birth_date_forms(text, expected):
    assert read_birth_date(text) == expected


def test_pre_2484_impossible_date_is_refused():
    with pytest.raises(DocengineError) as err:
        read_birth_date("29 ก.พ. 2478")  # 1935 was not a leap year
    assert "2478" in err.value.en and "2534" not in err.value.en  # no trace of the 56-year shift


def test_bad_purpose_or_kind(tmp_path):
    path = write(tmp_path, HEADER_EN + "\n")
    with pytest.raises(DocengineError) as err:
        read_people(path, purpose="lists")
    assert "rollup" in err.value.en and err.value.th
    with pytest.raises(DocengineError):
        read_people(path, kind="elder")


@settings(max_examples=60, deadline=None)
@given(st.dates(date(2440 - 543, 1, 1), date(2530 - 543, 12, 31)), st.sampled_from(["abbr", "num", "iso"]))
def test_read_birth_date_round_trips(d, form):
    be = BirthDate(d.year + 543, d.month, d.day)
    months = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]
    text = {"abbr": f"{d.day} {months[d.month - 1]} {be.be_year}", "num": be.be_text(), "iso": d.isoformat()}[form]
    assert read_birth_date(text) == be


@pytest.mark.parametrize(
    ("name", "kind", "purpose"),
    [
        ("people.csv", "elderly", "list"),
        ("people.xlsx", "elderly", "list"),
        ("people-disability.csv", "disability", "list"),
        ("people-laos.csv", "elderly", "rollup"),
    ],
)
def test_shipped_samples_validate_for_fy2570(name, kind, purpose):
    people = read_people(data_path("samples", name), fy=2570, kind=kind, purpose=purpose, today=TODAY)
    assert len(people) >= 100
    assert {p.status for p in people} == {"รายเดิม", "รายใหม่"}


def test_elderly_sample_covers_every_bracket_and_date_form():
    from docengine.allowance import age_bracket

    people = read_people(data_path("samples", "people.csv"), fy=2570, kind="elderly", today=TODAY)
    labels = {age_bracket("elderly", p.birth, date(2027, 9, 1)).label for p in people}
    assert labels == {"60-69 ปี", "70-79 ปี", "80-89 ปี", "90 ปีขึ้นไป"}
    assert any(not p.birth.is_exact for p in people)
    assert any(p.birth.be_year < 2484 for p in people)
    text = data_path("samples", "people.csv").read_text(encoding="utf-8")
    assert "ม.ค." in text or "ก.พ." in text
    assert "๒๕" in text


def test_disability_sample_has_children_and_laos_sample_has_five_laos():
    from docengine.allowance import monthly_rate

    kids = read_people(data_path("samples", "people-disability.csv"), fy=2570, kind="disability", today=TODAY)
    assert any(monthly_rate("disability", p.birth, date(2027, 9, 1)) == 1000 for p in kids)
    laos = read_people(data_path("samples", "people-laos.csv"), fy=2570, kind="elderly", purpose="rollup", today=TODAY)
    assert len({p.lao for p in laos}) == 5 and {p.address.district for p in laos} == {"ฝาง"}


def test_samples_are_up_to_date_and_deterministic():
    assert samples.main(["--check"]) == 0
    assert samples.generate_people(50, seed=3) == samples.generate_people(50, seed=3)


def test_ten_thousand_rows_parse_and_validate(tmp_path):
    """A large file is read whole and in order (its speed: bench/people_read.py)."""
    path = tmp_path / "big.csv"
    rows = samples.generate_people(10_000, seed=1)
    samples.write_csv(rows, path)
    people = read_people(path, fy=2570, kind="elderly", today=TODAY)
    assert len(people) == 10_000
    assert [p.citizen_id for p in people[:3]] == [r["citizen_id"].replace("-", "") for r in rows[:3]]


def test_columns_doc_matches_the_data():
    from docengine.records import columns_markdown

    assert (ROOT / "docs" / "people-columns.md").read_text(encoding="utf-8") == columns_markdown()
