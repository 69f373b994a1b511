"""Registration forms and proxy letters: what a user gets out of `docengine forms`.

Filled PDFs are read back with pdftotext / pdfplumber; DOCX with python-docx.
"""

from __future__ import annotations

import csv
import re
import io
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pdfplumber
import pytest
from people_helpers import sample_rows

from docengine.cli import main
from docengine.allowance.start import first_payment
from docengine.forms import FormJob
from docengine.records.people import read_people
from docengine.render.document import Renderer
from docengine.resources import data_path
from docengine.thai import citizen_id, format_amount, month_name, thai_digits
from docengine.office import Office

PEOPLE = data_path("samples", "people.csv")
DISABLED = data_path("samples", "people-disability.csv")
FILED = date(2026, 5, 4)


@pytest.fixture(scope="module", autouse=True)
def own_register(tmp_path_factory):
    """`forms fill` numbers forms from the register (ทะเบียนเลขที่): this module gets its own."""
    from docengine.register import init_register

    url = f"sqlite:///{tmp_path_factory.mktemp('register') / 'register.sqlite3'}"
    init_register(url).close()  # as `docengine register init` does
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DOCENGINE_DB", url)
        yield


@pytest.fixture(scope="module")
def renderer():
    return Renderer(Office.sample())


def pdftext(pdf: Path, page: int | None = None) -> str:
    args = ["pdftotext", "-layout"] + (["-f", str(page), "-l", str(page)] if page else []) + [str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def pages_of(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


@pytest.fixture(scope="module")
def elderly_fill(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("elderly")
    data = sample_rows(PEOPLE, tmp / "people.csv", 4)
    pdf, docx_dir = tmp / "forms.pdf", tmp / "docx"
    main(["forms", "fill", "elderly-registration", "--data", str(data), "--fy", "2570", "--pdf", str(pdf),
          "--docx-dir", str(docx_dir), "--date", FILED.isoformat()])
    return data, pdf, docx_dir


def test_filled_elderly_forms_show_each_applicant(elderly_fill):
    data, pdf, _ = elderly_fill
    people = read_people(data, fy=2570, kind="elderly", purpose="form")
    assert pages_of(pdf) == 2 * len(people) == 8
    for n, person in enumerate(people):
        page1, page2 = pdftext(pdf, 2 * n + 1), pdftext(pdf, 2 * n + 2)
        assert f"{person.title}{person.first_name}" in page1 and person.last_name in page1
        assert thai_digits(str(person.birth.be_year)) in page1          # BE birth year, Thai digits
        assert month_name(person.birth.month) in page1
        boxes = " ".join(thai_digits(person.citizen_id))                 # one digit per box
        assert all(d in page1 for d in boxes.split())
        assert thai_digits(citizen_id.format(person.citizen_id)) in page2  # officer part and receipt
        ent = first_payment("elderly", person.birth, fy=2570, filed_on=FILED)
        assert month_name(ent.first_month.month) in page2
        assert thai_digits(str(ent.first_month.year + 543)) in page2
        assert f"ในอัตราเดือนละ {format_amount(ent.rate)} บาท" in " ".join(page2.split())
        assert "√" in page1                                              # payment method ticked
        assert "ทะเบียนเลขที่" in page1 and "/๒๕๗๐" in page1
        assert not re.search("[0-9]", page1)                             # no Arabic digits leak


def test_first_payment_and_rate_follow_the_rules():
    people = {p.citizen_id: p for p in read_people(PEOPLE, fy=2570, kind="elderly", purpose="form")}
    new = people["3500993720269"]  # born 5 Jun 2510: completes 60 on 4 Jun 2570, paid from July 2570
    assert first_payment("elderly", new.birth, fy=2570).first_month == date(2027, 7, 1)
    old = people["3500952679485"]    # born 2483: already entitled, paid from the start of FY2570 at the 80+ rate
    ent = first_payment("elderly", old.birth, fy=2570)
    assert ent.first_month == date(2026, 10, 1) and ent.rate == 800


def test_text_layer_is_exact_for_stamped_thai(tmp_path, renderer):
    people = [p for p in read_people(PEOPLE, fy=2570, kind="elderly", purpose="form")
              if "ำ" in p.full_name and any(m in p.full_name for m in "่้๊๋")][:1]
    assert people, "sample has a name with SARA AM and a tone mark"
    pdf = tmp_path / "one.pdf"
    pdf.write_bytes(FormJob(renderer, "elderly-registration", fy=2570).filled_pdf(people))
    assert people[0].full_name in pdftext(pdf, 2)


def test_values_sit_on_their_blanks(elderly_fill):
    """The stamped surname starts right after its label, on the same baseline (pdfplumber)."""
    _, pdf, _ = elderly_fill
    with pdfplumber.open(pdf) as doc:
        words = doc.pages[0].extract_words(keep_blank_chars=False, use_text_flow=True)
    label = next(w for w in words if w["text"].startswith("นามสกุล"))
    surname = read_people(elderly_fill[0], purpose="form")[0].last_name
    value = next(w for w in words if surname in w["text"])
    assert 0 < value["x0"] - label["x1"] < 40          # within the blank after the label
    assert abs(value["bottom"] - label["bottom"]) < 4  # same line


def test_docx_per_row_with_thai_run_properties(elderly_fill):
    data, _, docx_dir = elderly_fill
    files = sorted(docx_dir.glob("*.docx"))
    assert len(files) == 4 and files[0].name.startswith("0001-")
    people = read_people(data, purpose="form")
    assert [f.name[:10] for f in files] == [f"{p.row:04d}-{p.citizen_id[-4:]}-" for p in people]  # row and ID
    assert not any(re.search(r"\d{5}", f.stem) for f in files)  # never the whole ID (PDPA)
    xml = zipfile.ZipFile(files[0]).read("word/document.xml").decode()
    person = read_people(data, purpose="form")[0]
    assert person.first_name in xml
    assert 'w:bidi="th-TH"' in xml and "<w:cs/>" in xml and "w:szCs" in xml


def test_bad_input_lists_every_problem_and_writes_nothing(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "citizen_id,title,first_name,last_name,birth_date,house_no,subdistrict,district,province,status\n"
        "3500993720268,นาง,ก,ข,5 มิ.ย. 2510,1,เวียง,ฝาง,เชียงใหม่,รายใหม่\n"
        "3500925011096,นาย,ค,ง,5/6/1967,2,เวียง,ฝาง,เชียงใหม่,รายใหม่\n"
        "3500925011096,นาย,จ,ฉ,2 พ.ย. 2492,3,เวียง,ฝาง,เชียงใหม่,รายเดิม\n", encoding="utf-8")
    out = tmp_path / "out.pdf"
    with pytest.raises(SystemExit) as exit_info:
        main(["forms", "fill", "elderly-registration", "--data", str(bad), "--fy", "2570", "--pdf", str(out),
              "--docx-dir", str(tmp_path / "d")])
    assert exit_info.value.code != 0
    err = capsys.readouterr().err
    assert "check digit" in err and "CE" in err and "same citizen ID" in err and "ซ้ำ" in err
    assert not out.exists() and not (tmp_path / "d").exists()


def test_buddhist_era_filing_date_is_refused(tmp_path, capsys):
    out = tmp_path / "out.pdf"
    with pytest.raises(SystemExit):
        main(["forms", "fill", "proxy", "--data", str(PEOPLE), "--fy", "2570", "--pdf", str(out),
              "--date", "2569-05-04"])
    assert "Buddhist" in capsys.readouterr().err and not out.exists()


def test_disability_form_ticks_types_and_pays_from_next_month(tmp_path):
    data = sample_rows(DISABLED, tmp_path / "d.csv", 3)
    pdf = tmp_path / "d.pdf"
    main(["forms", "fill", "disability-registration", "--data", str(data), "--fy", "2570", "--pdf", str(pdf),
          "--date", "2026-11-20"])
    assert pages_of(pdf) == 6
    people = read_people(data, fy=2570, kind="disability", purpose="form")
    for n, person in enumerate(people):
        page1, page2 = pdftext(pdf, 2 * n + 1), pdftext(pdf, 2 * n + 2)
        assert "ความพิการทางการเห็น" in page1 and "ความพิการทางออทิสติก" in page1
        assert person.first_name in page1 and page1.count("√") >= 2  # type + method (+ documents)
        assert "ธันวาคม" in page2 and "๒๕๖๙" in page2                # filed Nov 2569 -> paid from Dec
        rate = first_payment("disability", person.birth, fy=2570, filed_on=date(2026, 11, 20)).rate
        assert rate == (800 if person.age_on(date(2026, 12, 1)) >= 18 else 1000)
        assert f"ในอัตราเดือนละ {format_amount(rate)} บาท" in " ".join(page2.split())


def test_proxy_letters_with_bank_variant(tmp_path):
    data = sample_rows(PEOPLE, tmp_path / "p.csv", 2, where=lambda r: r["proxy_first_name"])
    pdf = tmp_path / "proxy.pdf"
    main(["forms", "fill", "proxy", "--data", str(data), "--fy", "2570", "--pdf", str(pdf)])
    assert pages_of(pdf) == 2
    text = pdftext(pdf, 1)
    person = read_people(data, purpose="form")[0]
    assert "หนังสือมอบอำนาจ" in text and person.proxy.first_name in text and person.first_name in text
    assert "ปีงบประมาณ พ.ศ. ๒๕๗๐" in text and text.count("พยาน") >= 3
    if person.payment_method == 4:
        assert "โอนเงินเข้าบัญชี" in text and thai_digits(person.account_no) in text


def test_blank_forms(tmp_path):
    for form, pages, words in [("elderly-registration", 2, ["แบบคำขอยืนยันสิทธิรับเงินเบี้ยยังชีพผู้สูงอายุ",
                                                            "คณะกรรมการตรวจสอบคุณสมบัติ", "ตัดตามรอยประ"]),
                               ("disability-registration", 2, ["แบบคำขอลงทะเบียนรับเงินเบี้ยความพิการ",
                                                               "ความพิการทางสติปัญญา"]),
                               ("proxy", 1, ["หนังสือมอบอำนาจ", "ผู้รับมอบอำนาจ"])]:
        pdf, docx = tmp_path / f"{form}.pdf", tmp_path / f"{form}.docx"
        main(["forms", "blank", form, "--pdf", str(pdf), "--docx", str(docx), "--fy", "2570"])
        assert pages_of(pdf) == pages
        text = pdftext(pdf)
        assert all(w in text for w in words) and "√" not in text
        assert docx.stat().st_size > 5000
    old = tmp_path / "old.pdf"
    main(["forms", "blank", "elderly-registration", "--version", "old", "--pdf", str(old), "--fy", "2570"])
    text = pdftext(old)
    assert "แบบคำขอลงทะเบียนรับเงินเบี้ยยังชีพผู้สูงอายุ ประจำปีงบประมาณ พ.ศ. ๒๕๗๐" in text
    assert "สมควรรับขึ้นทะเบียน" in text and pages_of(old) == 2


@pytest.mark.parametrize("kind, people, says, never", [
    ("elderly", PEOPLE, "รับเงินเบี้ยยังชีพผู้สูงอายุ", "เบี้ยความพิการ"),
    ("disability", DISABLED, "รับเงินเบี้ยความพิการ", "เบี้ยยังชีพผู้สูงอายุ"),
])
def test_proxy_letter_names_the_allowance_of_its_kind(tmp_path, kind, people, says, never):
    """A disability applicant's proxy may collect เบี้ยความพิการ, not the elderly allowance (review mutant M4)."""
    with people.open(encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    proxy_col = "proxy_first_name" if "proxy_first_name" in header else "ชื่อผู้รับมอบอำนาจ"
    data = sample_rows(people, tmp_path / "p.csv", 1, where=lambda r: r[proxy_col])
    pdf = tmp_path / "proxy.pdf"
    main(["forms", "fill", "proxy", "--allowance", kind, "--data", str(data), "--fy", "2570", "--pdf", str(pdf)])
    flat = "".join(pdftext(pdf, 1).split())  # pdftotext -layout spaces Thai between words
    assert f"เป็นผู้มีอำนาจ{says}ในปีงบประมาณพ.ศ.๒๕๗๐" in flat
    assert never not in flat
