#!/usr/bin/env python3
"""Write the synthetic sample people files in data/samples/ (fixed seed, same rows every run).

    .venv/bin/python scripts/make_sample_people.py            # rewrite the samples
    .venv/bin/python scripts/make_sample_people.py --check    # fail if they are stale

Everyone here is invented: names are common Thai given names and surnames
combined at random, IDs are random digits with a valid check digit, addresses
are in อำเภอฝาง จังหวัดเชียงใหม่. Birth dates are drawn per age bracket from the
cohort rules, so every bracket is present for the fiscal year, and are written
in every accepted form (ISO CE, Thai BE text in Thai or Arabic digits,
d/mm/yyyy BE, bare BE year).

For benchmarks: ``generate_people(10_000, seed=1, kind="elderly")`` returns
rows as dicts keyed by column key; ``write_csv`` / ``write_xlsx`` save them.

>>> rows = generate_people(8, seed=7)
>>> sorted(rows[0])[:3], len(rows)
(['account_name', 'account_no', 'bank'], 8)
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from stdnum.th import pin  # noqa: E402

from docengine.allowance import BirthDate, cohort_birth_range  # noqa: E402
from docengine import refdata  # noqa: E402
from docengine.records import columns  # noqa: E402
from docengine.thai import format_date  # noqa: E402

SAMPLES = ROOT / "data" / "samples"
FY = 2570
SEED = 2570

MALE = ["สมชาย", "บุญมา", "คำปัน", "ศรีวงค์", "อินถา", "ประเสริฐ", "สมบูรณ์", "จันทร์ตา", "บุญเรือง", "หน่อแก้ว",
        "ทองดี", "แก้วมา", "สุรินทร์", "มานพ", "วิชัย", "สมศักดิ์", "ปัญญา", "อุดม", "เสาร์แก้ว", "ธงชัย"]  # fmt: skip
FEMALE = ["บัวคำ", "ศรีนวล", "คำป้อ", "จันทร์เพ็ญ", "บัวตอง", "แสงดา", "พิมพ์ใจ", "ทองคำ", "บุญปั๋น", "สมจิต",
          "คำแปง", "ศรีจันทร์", "ดวงใจ", "มาลี", "อำไพ", "บัวผัน", "เกี๋ยงคำ", "ประไพ", "บุญศรี", "สุดา"]  # fmt: skip
SURNAMES = ["ใจดี", "คำมูล", "ปัญญาดี", "อินต๊ะ", "ศรีวิชัย", "จันทร์แก้ว", "ยะเขียว", "ปันทะ", "สุริยะ", "แก้วปัน",
            "ไชยวงค์", "ดวงแก้ว", "อุ่นเรือน", "ทาแก้ว", "บุญเรือง", "กันทะ", "วงค์ษา", "ธรรมใจ", "มหาวัน", "จินะ"]  # fmt: skip
CHILD_MALE = ["ภูมิ", "ธนกร", "กิตติพัฒน์", "ปัณณวัฒน์", "ณัฐวุฒิ"]
CHILD_FEMALE = ["ปุณยาพร", "กัญญาณัฐ", "ณัฐธิดา", "พิมพ์ชนก", "อารีรัตน์"]

# อำเภอฝาง: its ตำบล, and the LAO of each area used for the multi-LAO file (synthetic mapping).
SUBDISTRICTS = ["เวียง", "ม่อนปิ่น", "แม่งอน", "แม่สูน", "สันทราย", "แม่คะ", "แม่ข่า", "โป่งน้ำร้อน"]
LAOS = {
    "เทศบาลตำบลสันทราย": "สันทราย",
    "เทศบาลตำบลเวียงฝาง": "เวียง",
    "เทศบาลตำบลแม่ข่า": "แม่ข่า",
    "องค์การบริหารส่วนตำบลม่อนปิ่น": "ม่อนปิ่น",
    "องค์การบริหารส่วนตำบลแม่สูน": "แม่สูน",
}
OWN_LAO = "เทศบาลตำบลสันทราย"  # the sample office (data/samples/office.yaml)
BANKS = [("ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร", 12), ("ธนาคารกรุงไทย", 10), ("ธนาคารออมสิน", 12)]
RELATIONS = ["บุตร", "หลาน", "สามี-ภรรยา", "พี่น้อง"]

# Share of each elderly bracket (age for the fiscal year) in a typical LAO list.
ELDERLY_AGES = [((60, 69), 55), ((70, 79), 28), ((80, 89), 13), ((90, 99), 4)]


def _citizen_id(rng: random.Random, first: str, used: set[str]) -> str:
    while True:
        # 50 เชียงใหม่, 09 a district office; the rest random (brief §7 structure).
        body = first + "5009" + "".join(rng.choice("0123456789") for _ in range(7))
        number = body + pin.calc_check_digit(body)
        if number not in used:
            used.add(number)
            return number


def _birth_for_age(rng: random.Random, age: int, fy: int) -> BirthDate:
    """A birth date whose bracket age for ``fy`` is ``age`` (cohort FY = fy - age + 60)."""
    first, last = cohort_birth_range(fy - age + 60)
    day = first + timedelta(days=rng.randrange((last - first).days + 1))
    return BirthDate(day.year + 543, day.month, day.day)


def _birth_text(rng: random.Random, birth: BirthDate, allow_bare: bool = True) -> str:
    """The birth date in one of the forms people files use."""
    if allow_bare and rng.random() < 0.06:
        return str(birth.be_year)
    style = rng.random()
    if birth.be_year < 2484:  # before 2484 only BE text (brief §4.2)
        style = 0.5 + style / 2
    if style < 0.35:
        return date(birth.be_year - 543, birth.month, birth.day).isoformat()
    if style < 0.55:
        return birth.be_text()
    months_abbr = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]
    if birth.be_year >= 2484 and style < 0.7:
        return format_date(date(birth.be_year - 543, birth.month, birth.day), "full", "thai")
    return f"{birth.day} {months_abbr[birth.month - 1]} {birth.be_year}"


def _id_card(rng: random.Random, months_abbr: list[str]) -> tuple[str, str]:
    """Where and when an ID card was issued (the proxy letter's ออกให้ ณ / เมื่อวันที่)."""
    place = rng.choice(["อำเภอฝาง", "อำเภอฝาง", "อำเภอแม่อาย", "อำเภอไชยปราการ"])
    return place, f"{rng.randint(1, 28)} {rng.choice(months_abbr)} {rng.randint(2562, 2568)}"


def generate_people(
    n: int, seed: int = SEED, kind: str = "elderly", *, fy: int = FY, laos: list[str] | None = None,
    used: set[str] | None = None,
) -> list[dict[str, str]]:
    """``n`` synthetic rows (column key -> cell text) that validate for ``kind`` in ``fy``.

    ``used`` collects citizen IDs across calls, so that files combined into one stay unique.
    """
    rng = random.Random(seed)
    cards = random.Random(seed + 1_000_003)  # own stream: adding card details changes no other cell
    months_abbr = refdata.load("months")["abbr"]
    used = set() if used is None else used
    rows = []
    for i in range(n):
        lao = laos[i % len(laos)] if laos else None
        subdistrict = LAOS.get(lao) or rng.choice(SUBDISTRICTS)
        if kind == "elderly":
            if i < len(ELDERLY_AGES):  # every bracket present even in tiny files
                lo, hi = ELDERLY_AGES[i][0]
            else:
                lo, hi = rng.choices([b for b, _ in ELDERLY_AGES], [w for _, w in ELDERLY_AGES])[0]
            age = rng.randint(lo, hi)
            birth = _birth_for_age(rng, age, fy)
            first_digit = "3"
        else:
            age = rng.choice([rng.randint(2, 17), rng.randint(18, 59), rng.randint(60, 85)])
            birth = _birth_for_age(rng, age, fy)
            first_digit = "1" if birth.be_year >= 2527 else "3"
        text = _birth_text(rng, birth, allow_bare=age >= 18)
        male = rng.random() < 0.45
        child = age < 15
        if child:
            title, first = ("เด็กชาย", rng.choice(CHILD_MALE)) if male else ("เด็กหญิง", rng.choice(CHILD_FEMALE))
        else:
            title = "นาย" if male else rng.choice(["นาง", "นาง", "นางสาว"])
            first = rng.choice(MALE if male else FEMALE)
        last = rng.choice(SURNAMES)
        new = age == 60 if kind == "elderly" else rng.random() < 0.15
        row = {
            "citizen_id": pin.format(_citizen_id(rng, first_digit, used)),
            "title": title,
            "first_name": first,
            "last_name": last,
            "birth_date": text,
            "house_no": f"{rng.randint(1, 250)}" + (f"/{rng.randint(1, 9)}" if rng.random() < 0.2 else ""),
            "moo": str(rng.randint(1, 12)),
            "road": "",
            "subdistrict": subdistrict,
            "district": "ฝาง",
            "province": "เชียงใหม่",
            "postcode": "50110",
            "phone": f"0{rng.choice('689')}{rng.randint(10_000_000, 99_999_999)}" if rng.random() < 0.7 else "",
            "status": "รายใหม่" if new or rng.random() < 0.03 else "รายเดิม",
        }
        method = rng.choices([1, 2, 3, 4], [10, 8, 75, 7])[0]
        if child:
            method = rng.choice([2, 4])
        row["payment_method"] = str(method)
        proxy_needed = method in (2, 4) or child
        account_holder = f"{title}{first} {last}"
        if proxy_needed:
            relation = "บิดา-มารดา" if child else rng.choice(RELATIONS)
            if kind == "disability" and not child and rng.random() < 0.3:
                relation = "ผู้ดูแลคนพิการ"
            p_male = rng.random() < 0.5
            p_first = rng.choice(MALE if p_male else FEMALE)
            p_last = last if relation != "ผู้ดูแลคนพิการ" else rng.choice(SURNAMES)
            row.update(
                proxy_title="นาย" if p_male else "นาง",
                proxy_first_name=p_first,
                proxy_last_name=p_last,
                proxy_citizen_id=pin.format(_citizen_id(rng, "3", used)),
                proxy_relation=relation,
                proxy_address=f"{rng.randint(1, 250)} หมู่ที่ {rng.randint(1, 12)} ตำบล{subdistrict} อำเภอฝาง จังหวัดเชียงใหม่",
                proxy_phone=f"08{rng.randint(10_000_000, 99_999_999)}",
            )
            account_holder = f"{row['proxy_title']}{p_first} {p_last}"
            if cards.random() < 0.85:  # most rows give both cards' details; the rest leave blanks
                row["id_issued_at"], row["id_issued_on"] = _id_card(cards, months_abbr)
                row["proxy_id_issued_at"], row["proxy_id_issued_on"] = _id_card(cards, months_abbr)
        if method in (3, 4):
            bank, digits = rng.choice(BANKS)
            number = "".join(rng.choice("0123456789") for _ in range(digits))
            row.update(
                bank=bank,
                bank_branch="ฝาง",
                account_no=f"{number[:3]}-{number[3]}-{number[4:9]}-{number[9:]}",
                account_name=account_holder,
            )
        if kind == "disability":
            types = [rng.choices(range(1, 8), [10, 12, 40, 12, 14, 6, 6])[0]]
            if rng.random() < 0.1:
                types.append(rng.choice([t for t in range(1, 8) if t != types[0]]))
            row["disability_type"] = ",".join(str(t) for t in sorted(types))
        if not child:  # boxes the data decides (own random stream: other cells unchanged)
            row["marital_status"] = cards.choice(["สมรส", "สมรส", "หม้าย", "โสด", "หย่าร้าง", "แยกกันอยู่"])
        if cards.random() < 0.06:
            row["welfare_status"] = "ย้ายภูมิลำเนาเข้ามาอยู่ใหม่"
            row["moved_on"] = f"{cards.randint(1, 28)} {cards.choice(months_abbr)} {cards.randint(2566, 2568)}"
        if cards.random() < 0.3:  # a signed paper form typed in by the clerk
            row["consent"] = "ยินยอม"
        if lao:
            row["lao"] = lao
        rows.append(row)
    return rows


def _header(keys: list[str], thai: bool) -> list[str]:
    names = {c.key: c.th for c in columns()}
    return [names[k] if thai else k for k in keys]


def _keys(rows: list[dict[str, str]]) -> list[str]:
    present = {k for r in rows for k in r}
    return [c.key for c in columns() if c.key in present]


def csv_text(rows: list[dict[str, str]], *, thai_headers: bool = False, bom: bool = False) -> str:
    keys = _keys(rows)
    out = io.StringIO()
    out.write("\ufeff" if bom else "")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_header(keys, thai_headers))
    for r in rows:
        writer.writerow([r.get(k, "") for k in keys])
    return out.getvalue()


def write_csv(rows: list[dict[str, str]], path: Path, *, thai_headers: bool = False, bom: bool = False) -> None:
    Path(path).write_text(csv_text(rows, thai_headers=thai_headers, bom=bom), encoding="utf-8")


def write_xlsx(rows: list[dict[str, str]], path: Path, *, thai_headers: bool = True) -> None:
    from openpyxl import Workbook

    keys = _keys(rows)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("people")
    ws.append(_header(keys, thai_headers))
    for r in rows:
        ws.append([r.get(k, "") for k in keys])
    wb.save(path)


def _laos_rows() -> list[dict[str, str]]:
    own = generate_people(300, seed=SEED)
    used = {pin.validate(r["citizen_id"]) for r in own}
    others = [lao for lao in LAOS if lao != OWN_LAO]
    return [dict(r, lao=OWN_LAO) for r in own] + generate_people(200, seed=SEED + 2, laos=others, used=used)


def _samples() -> dict[str, str]:
    """File name -> CSV text of every CSV sample."""
    return {
        "people.csv": csv_text(generate_people(300, seed=SEED)),
        "people-disability.csv": csv_text(generate_people(120, seed=SEED + 1, kind="disability"), thai_headers=True),
        # One data set (issue 9): the roll-up's เทศบาลตำบลสันทราย rows are people.csv itself, so the
        # LAO's own report (ผส.๑) and its row in the roll-up (ผส.๒) count the same people.
        "people-laos.csv": csv_text(_laos_rows()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="fail if data/samples is not up to date")
    args = parser.parse_args(argv)
    samples = _samples()
    if args.check:
        stale = [name for name, text in samples.items() if (SAMPLES / name).read_text(encoding="utf-8") != text]
        if stale:
            print("stale samples: " + ", ".join(stale) + "; run scripts/make_sample_people.py", file=sys.stderr)
            return 1
        return 0
    SAMPLES.mkdir(parents=True, exist_ok=True)
    for name, text in samples.items():
        (SAMPLES / name).write_text(text, encoding="utf-8")
    write_xlsx(generate_people(300, seed=SEED), SAMPLES / "people.xlsx")
    print(f"wrote {', '.join(samples)}, people.xlsx in {SAMPLES.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
