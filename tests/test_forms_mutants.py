"""Targeted tests for mutants of docengine.forms that the other tests let survive
(scripts/mutate.py, docs/testing.md): what each blank of a filled form or proxy letter
receives for one applicant, the page text of the old and 2566 versions, and the refusals."""

from __future__ import annotations

import csv
import dataclasses
from datetime import date

import pytest

from docengine.errors import DocengineError
from docengine.forms.document import FormJob
from docengine.forms.registered import fill_registered
from docengine.office import Office
from docengine.records.people import read_people
from docengine.render.document import Renderer
from docengine.resources import data_path

FILED = date(2026, 5, 4)  # in the FY2570 elderly window


@pytest.fixture(scope="module")
def renderer():
    return Renderer(Office.sample())


@pytest.fixture(scope="module")
def people(tmp_path_factory):
    """The sample people file with a reference person's phone added to the first row."""
    src = data_path("samples", "people.csv")
    with src.open(encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        rows, fields = list(reader), [*reader.fieldnames, "reference_name", "reference_phone"]
    rows[0] = {**rows[0], "reference_name": "นายอ้างอิง ทดสอบ", "reference_phone": "053-451-202"}
    path = tmp_path_factory.mktemp("people") / "people.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)
    return read_people(path, fy=2570, kind="elderly", purpose="form")


def test_the_registration_form_gets_the_district_and_the_reference_phone(renderer, people):
    job = FormJob(renderer, "elderly-registration", fy=2570, filed_on=FILED)
    _, v = job.values(people[0], 7)
    assert (v["district"], v["reference_name"], v["reference_phone"]) == ("ฝาง", "นายอ้างอิง ทดสอบ", "๐๕๓๔๕๑๒๐๒")


def test_the_proxys_id_goes_one_thai_digit_a_box(renderer, people):
    job = FormJob(renderer, "elderly-registration", fy=2570, filed_on=FILED)
    person = next(p for p in people if p.proxy and p.proxy.citizen_id)
    _, v = job.values(person, 7)
    digits = person.proxy.citizen_id.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    assert [v[f"proxy_cid_{i}"] for i in range(13)] == list(digits)


def test_the_proxy_letter_gets_district_relation_and_bank_branch(renderer, people):
    job = FormJob(renderer, "proxy", fy=2570, filed_on=FILED)
    person = next(p for p in people if p.payment_method == 4 and p.bank_branch and p.proxy and p.proxy.relation)
    variant, v = job.values(person)
    assert variant == "bank"
    assert (v["g_district"], v["a_relation"], v["bank_branch"]) == (person.address.district, person.proxy.relation,
                                                                  person.bank_branch)
    plain = next(p for p in people if p.payment_method != 4 and p.proxy and p.proxy.full_name)
    variant, v = job.values(plain)
    assert variant == "" and "bank_branch" not in v


def test_the_old_and_2566_versions_are_different_forms(renderer):
    old = FormJob(renderer, "elderly-registration", fy=2570, version="old")
    new = FormJob(renderer, "elderly-registration", fy=2570)
    assert (old.options, new.options) == ({"fy": 2570, "version": "old"}, {"fy": 2570, "version": "2566"})
    assert (old.prepare().context["version"], new.prepare().context["version"]) == ("old", "๒๕๖๖")


def test_the_old_forms_window_is_the_next_fiscal_years(renderer):
    job = FormJob(renderer, "elderly-registration", fy=2570, version="old")
    assert job._window_text() == ("ภายในช่วงลงทะเบียน ๑ ตุลาคม ๒๕๖๙ ถึง ๓๐ พฤศจิกายน ๒๕๖๙ และ ๑ มกราคม ๒๕๗๐ "
                                  "ถึง ๓๐ กันยายน ๒๕๗๐ เพื่อรับเงินในปีงบประมาณ พ.ศ. ๒๕๗๑")


def test_the_registrar_signs_with_the_position_of_the_office_file(renderer):
    v = FormJob(renderer, "elderly-registration", fy=2570).office_values()
    assert (v["officer_name"], v["officer_position"], v["receiver_name"]) == \
        ("นายวีระ ตัวอย่างงาน", "นักพัฒนาชุมชนปฏิบัติการ", "นายวีระ ตัวอย่างงาน")


def test_the_form_names_the_offices_executive(renderer):
    signer = Office.sample().get("signer")
    assert FormJob(renderer, "elderly-registration", fy=2570).page_extra()["executive_name"] == signer["name"]


def test_numbering_without_an_agency_code_is_refused_in_both_languages(people, tmp_path):
    office = Office.sample()
    no_code = dataclasses.replace(office, data={k: v for k, v in office.data.items() if k != "agency_code"})
    job = FormJob(Renderer(no_code), "elderly-registration", fy=2570, filed_on=FILED)
    with pytest.raises(DocengineError) as e:
        fill_registered(job, people[:1], reg=None, pdf=tmp_path / "f.pdf")
    assert e.value.en == ("the office file has no agency_code, so the forms' register book is unknown: add "
                          "agency_code to the office file, or use --no-register to leave ทะเบียนเลขที่ blank")
    assert e.value.th == ("แฟ้มตั้งค่าหน่วยงานไม่มี agency_code จึงออกทะเบียนเลขที่ไม่ได้ "
                          "กรุณาเพิ่ม agency_code หรือใช้ --no-register เพื่อเว้นว่างไว้")
    assert not (tmp_path / "f.pdf").exists()


def test_a_value_too_long_when_filling_unnumbered_names_its_blank(renderer, people):
    from docengine.errors import ValidationError

    person = dataclasses.replace(people[0], address=dataclasses.replace(people[0].address,
                                                                        road="ถนน" + "เจริญราษฎร์" * 6))
    job = FormJob(renderer, "elderly-registration", fy=2570, filed_on=FILED)
    with pytest.raises(ValidationError) as e:
        job.filled_pdf([person])
    assert [p.field for p in e.value.problems] == ["road"]
    assert e.value.problems[0].en == ("too long for its blank on the form (10.1 cm at 85 % size, the blank holds "
                                      "1.7 cm): shorten or abbreviate it")
    assert e.value.problems[0].th == "ยาวเกินช่องในแบบฟอร์ม (10.1 ซม. เมื่อย่อเหลือ 85 % ช่องยาว 1.7 ซม.) กรุณาย่อข้อความ"


@pytest.fixture(scope="module")
def demo_forms(tmp_path_factory):
    """The demo's forms step (docengine.forms.demo), in this process."""
    from docengine.forms.demo import forms

    out = tmp_path_factory.mktemp("demo")
    return out / "forms", forms(out, Office.sample())


def test_the_demo_writes_every_form_blank_and_filled_and_the_forms_book(demo_forms):
    from extract import pdftotext

    folder, written = demo_forms
    names = sorted(p.name for p in folder.iterdir() if not p.name.startswith("register.sqlite3"))
    sets = ("disability-registration", "elderly-registration-2566", "elderly-registration-old", "proxy")
    assert names == sorted([*(f"{s}-{k}" for s in sets for k in ("blank.pdf", "filled-docx", "filled.docx",
                                                                   "filled.pdf")),
                            "proxy-bank-blank.pdf", "register-forms.pdf", "register-forms.xlsx"])
    assert [p.name for p in sorted((folder / "elderly-registration-2566-filled-docx").iterdir())][:2] == \
        ["0001-0269-พิมพ์ใจ-ดวงแก้ว.docx", "0002-1096-วิชัย-คำมูล.docx"]
    assert len(list((folder / "proxy-filled-docx").iterdir())) >= 2
    assert all(p.exists() for p in written)
    filled = " ".join(pdftotext(folder / "elderly-registration-2566-filled.pdf").split())
    assert "วันที่ ๔ เดือน พฤษภาคม พ.ศ. ๒๕๖๙" in filled  # filed on 4 May 2026
    assert "บ้านเลขที่ ๒๔๐ หมู่ที่ ๑๒" in filled  # the first applicant's house and หมู่
    old = " ".join(pdftotext(folder / "elderly-registration-old-filled.pdf").split())
    assert "วันที่ ๔ เดือน พฤษภาคม พ.ศ. ๒๕๖๙" in old
    disabled = " ".join(pdftotext(folder / "disability-registration-filled.pdf").split())
    assert "วันที่ ๒ เดือน พฤศจิกายน พ.ศ. ๒๕๖๙" in disabled  # filed in FY2570 itself, paid from ธันวาคม
    book = " ".join(pdftotext(folder / "register-forms.pdf").split())
    assert "ปีงบประมาณ พ.ศ. ๒๕๗๐ เทศบาลตำบลสันทราย" in book and "นายสมบูรณ์ มหาวัน" in book


def test_a_blank_the_people_file_leaves_empty_stays_empty(renderer, people):
    """No invented text where the file has none: no district, no bank branch."""
    person = next(p for p in people if p.payment_method == 4 and p.proxy and p.proxy.full_name)
    bare = dataclasses.replace(person, bank_branch=None,
                               address=dataclasses.replace(person.address, district=None))
    _, form = FormJob(renderer, "elderly-registration", fy=2570, filed_on=FILED).values(bare, 7)
    variant, letter = FormJob(renderer, "proxy", fy=2570, filed_on=FILED).values(bare)
    assert "district" not in form and "bank_branch" not in form
    assert variant == "bank" and "bank_branch" not in letter and "g_district" not in letter
    assert letter["bank"] == person.bank


def test_the_disability_form_writes_first_name_and_surname_in_their_own_blanks(renderer):
    disabled = read_people(data_path("samples", "people-disability.csv"), fy=2570, kind="disability", purpose="form")
    _, form = FormJob(renderer, "disability-registration", fy=2570, filed_on=date(2026, 11, 2)).values(disabled[0])
    assert (form["first_name"], form["surname"]) == ("สมบูรณ์", "มหาวัน")
    assert (form["house_no"], form["moo"]) == ("๑", "๗")


def test_an_applicant_with_every_fact_fills_every_blank_but_the_offices_and_the_unticked(renderer, people):
    """Each blank the form has gets its value: what stays empty for an applicant with every
    fact given is the office's own part (committee, officer, order) and the choices not ticked."""
    person = next(p for p in people if p.proxy and p.proxy.full_name and p.bank_branch and p.payment_method == 4)
    full = dataclasses.replace(person, monthly_income=3500, moved_on=date(2025, 3, 1), phone="0812345678",
                               occupation="ค้าขาย", address=dataclasses.replace(
                                   person.address, road="เชียงใหม่-ฝาง", soi="๓", community="บ้านใหม่"))
    job = FormJob(renderer, "elderly-registration", fy=2570, filed_on=FILED)
    variant, values = job.values(full, 7)
    empty = set(job.blank(variant).slots) - {name for name, value in values.items() if value}
    assert sorted(empty) == sorted(
        [f"committee_{i}" for i in (1, 2)] + [f"officer_{i}" for i in (1, 2, 3)] + [f"order_{i}" for i in (1, 2, 3)]
        + [f"marital_{i}" for i in (1, 2, 4, 5, 6)] + ["marital_other"] + [f"pay_{i}" for i in (1, 2, 3)]
        + [f"welfare_{i}" for i in (1, 2, 3, 4)])
    assert (values["income"], values["bank_branch"], values["proxy_name"]) == ("๓,๕๐๐", "ฝาง", "นายเสาร์แก้ว วงค์ษา")
    assert (values["rfiled_d"], values["rfiled_m"], values["rfiled_y"]) == (values["filed_d"], values["filed_m"],
                                                                            values["filed_y"]) == ("๔", "พฤษภาคม", "๒๕๖๙")


def test_a_filing_date_outside_the_fy_is_refused_on_a_form_but_not_on_a_proxy_letter(renderer):
    """A registration form's filing date must fall in the FY's window (its first payment depends
    on it); a proxy letter (หนังสือมอบอำนาจ) is dated whenever the applicant signs it."""
    late = date(2027, 1, 5)  # FY2570's elderly window closed on 30 Sep 2026
    with pytest.raises(DocengineError):
        FormJob(renderer, "elderly-registration", fy=2570, filed_on=late)
    assert FormJob(renderer, "proxy", fy=2570, filed_on=late).filed_on == late


def test_values_too_long_are_reported_under_the_forms_name(renderer, people):
    from docengine.errors import ValidationError

    person = dataclasses.replace(people[0], address=dataclasses.replace(people[0].address,
                                                                        road="ถนน" + "เจริญราษฎร์" * 6))
    with pytest.raises(ValidationError) as e:
        FormJob(renderer, "elderly-registration", fy=2570, filed_on=FILED).filled_pdf([person])
    assert e.value.en == "elderly-registration values: 1 problem found"
