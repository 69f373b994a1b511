"""Warnings a clerk should look at: the command succeeds and says what, where, in Thai and English."""

from __future__ import annotations

import pytest
from stdnum.th import pin

from docengine.cli import main

from extract import pdftotext


def cid(n: int) -> str:
    body = f"35009{n:07d}"
    return body + pin.calc_check_digit(body)


HEADER = "citizen_id,title,first_name,last_name,sex,birth_date,house_no,subdistrict,district,province,payment_method\n"


@pytest.fixture
def people(tmp_path):
    rows = [
        (cid(1), "นาง", "บัวคำ", "ใจดี", "", "5 ม.ค. 2554"),        # 15: นาง; and not 60 in FY2570
        (cid(2), "ด.ช.", "ภูมิ", "อินต๊ะ", "", "5 ม.ค. 2529"),        # 40: a child's title
        (cid(3), "นาย", "สมใจ", "คำมูล", "หญิง", "5 ม.ค. 2500"),      # นาย for a woman
        (cid(4), "นาง", "ศรีนวล", "ปันทะ", "", "12 มี.ค. 2501"),
        (cid(5), "นาง", "ศรีนวล", "ปันทะ", "", "12 มี.ค. 2501"),      # same person, another ID?
        (cid(6), "นาง", "คำแปง", "จินะ", "", "3 ก.พ. 2502"),          # nothing to say
    ]
    path = tmp_path / "p.csv"
    path.write_text(HEADER + "".join(f"{a},{b},{c},{d},{e},{f},1,เวียง,ฝาง,เชียงใหม่,1\n"
                                     for a, b, c, d, e, f in rows), encoding="utf-8")
    return path


def test_warnings_name_row_and_field_and_the_forms_are_still_made(people, tmp_path, capsys):
    pdf = tmp_path / "forms.pdf"
    main(["forms", "fill", "elderly-registration", "--no-register", "--data", str(people), "--fy", "2570", "--pdf", str(pdf),
          "--date", "2026-05-04"])
    err = capsys.readouterr().err
    assert pdf.exists() and pdftotext(pdf).count("แบบคำขอยืนยันสิทธิ") >= 6
    lines = [line for line in err.splitlines() if "warning / คำเตือน" in line]
    by_row = {}
    for line in lines:
        row = int(line.split("row ")[1].split(",")[0])
        by_row.setdefault(row, []).append(line)
    assert sorted(by_row) == [1, 2, 3, 5]
    assert any("title='นาง'" in w and "นาง is not used before 17" in w and "คำนำหน้า" in w for w in by_row[1])
    assert any("birth_date" in w and "will not complete 60" in w and "อายุไม่ครบ" in w for w in by_row[1])
    assert any("title='ด.ช.'" in w and "child's title" in w for w in by_row[2])
    assert any("recorded sex หญิง" in w and "ไม่ตรงกับเพศ" in w for w in by_row[3])
    assert any("citizen_id" in w and "row 4" in w and "ลงทะเบียนซ้ำ" in w for w in by_row[5])
    assert "p.csv" in lines[0]
