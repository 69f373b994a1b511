"""Things in a good people file that a clerk should still look at: warnings, not errors.

The command carries on and prints each warning with its row and field, in Thai and
English (the same :class:`~docengine.errors.Problem` as an error):

* a title that contradicts the age or the recorded sex (นาง at 15, เด็กชาย at 40, นาย for
  a woman); children under 15 are เด็กชาย / เด็กหญิง (Thai name law), and นาง before 17
  (the age of marriage with consent) is unusual;
* an elderly applicant who will not complete 60 in time to be paid in the fiscal year
  (a registration form may be filed early; a list or report refuses the row instead);
* the same name and birth date under different citizen IDs (one person registered twice?).

>>> from docengine.allowance import BirthDate
>>> from docengine.models.person import Person
>>> kid = Person("3100600445635", "นาง", "ก", "ข", BirthDate(2554, 1, 1), row=4)
>>> [str(w) for w in people_warnings([kid], fy=2570, kind="disability")]
["row 4, title='นาง': title นาง for someone aged 15 on 2026-10-01 (นาง is not used before 17) / คำนำหน้า นาง ไม่สอดคล้องกับอายุ 15 ปี (ณ วันที่ 2026-10-01)"]
"""

from __future__ import annotations

from datetime import date

from docengine.allowance import age_reference_date, elderly_first_payment, is_eligible_for_fy
from docengine.errors import Problem
from docengine.models.person import Person
from docengine.thai import bangkok_today, be_year

CHILD = {"เด็กชาย": "ชาย", "ด.ช.": "ชาย", "เด็กหญิง": "หญิง", "ด.ญ.": "หญิง"}
ADULT = {"นาย": "ชาย", "นาง": "หญิง", "นางสาว": "หญิง", "น.ส.": "หญิง"}
CHILD_UNTIL = 15  # พ.ร.บ.ชื่อบุคคล: เด็กชาย / เด็กหญิง under 15
MARRIED_FROM = 17  # ป.พ.พ. ม.1448: marriage from 17 (with consent)


def _title_warnings(p: Person, on: date, source: str | None) -> list[Problem]:
    age = p.age_on(on)
    title = p.title
    out = []

    def warn(en: str, th: str) -> None:
        out.append(Problem(field="title", value=title, en=en, th=th, row=p.row, source=source))

    if title in CHILD and age >= CHILD_UNTIL:
        warn(f"title {title} for someone aged {age} on {on.isoformat()} (a child's title, under {CHILD_UNTIL})",
             f"คำนำหน้า {title} ใช้สำหรับเด็กอายุต่ำกว่า {CHILD_UNTIL} ปี แต่อายุ {age} ปี (ณ วันที่ {on.isoformat()})")
    elif title in ADULT and age < CHILD_UNTIL:
        warn(f"title {title} for a child aged {age} on {on.isoformat()} (เด็กชาย / เด็กหญิง under {CHILD_UNTIL})",
             f"คำนำหน้า {title} ไม่ใช้กับเด็กอายุ {age} ปี ควรเป็นเด็กชายหรือเด็กหญิง (ณ วันที่ {on.isoformat()})")
    elif title == "นาง" and age < MARRIED_FROM:
        warn(f"title นาง for someone aged {age} on {on.isoformat()} (นาง is not used before {MARRIED_FROM})",
             f"คำนำหน้า นาง ไม่สอดคล้องกับอายุ {age} ปี (ณ วันที่ {on.isoformat()})")
    sex = CHILD.get(title) or ADULT.get(title)
    if p.sex and sex and p.sex != sex:
        warn(f"title {title} does not match the recorded sex {p.sex}",
             f"คำนำหน้า {title} ไม่ตรงกับเพศที่บันทึกไว้ ({p.sex})")
    return out


def people_warnings(people: list[Person], *, fy: int | None, kind: str | None,
                    source: str | None = None) -> list[Problem]:
    """Every warning for ``people`` (already validated by ``read_people``), in row order."""
    warnings: list[Problem] = []
    on = warning_date(fy, kind)
    seen: dict[tuple, Person] = {}
    for p in people:
        warnings += person_warnings(p, on, fy=fy, kind=kind, source=source)
        other = seen.setdefault(same_person_key(p), p)
        if other is not p and other.citizen_id != p.citizen_id:
            warnings.append(twice_warning(p, other.row, other.formatted_id, source))
    return warnings


def warning_date(fy: int | None, kind: str | None) -> date:
    """The day ages are taken on for the warnings: the fiscal year's age reference date."""
    return age_reference_date(kind or "elderly", fy) if fy else bangkok_today()


def person_warnings(p: Person, on: date, *, fy: int | None, kind: str | None,
                    source: str | None = None) -> list[Problem]:
    """The warnings one row gives by itself: its title, an elderly applicant paid late."""
    out = _title_warnings(p, on, source)
    if fy and kind == "elderly" and not is_eligible_for_fy(p.birth, fy):
        first = elderly_first_payment(p.birth)
        out.append(Problem(
            field="birth_date", value=p.birth.be_text(), row=p.row, source=source,
            en=f"will not complete 60 in time for FY{fy}: first paid {first.month:02d}/{be_year(first)}",
            th=f"อายุไม่ครบ ๖๐ ปีทันรับเงินในปีงบประมาณ พ.ศ. {fy} จะได้รับเงินตั้งแต่เดือน "
               f"{first.month:02d}/{be_year(first)}"))
    return out


def same_person_key(p: Person) -> tuple:
    """Rows with the same key and another citizen ID may be one person registered twice."""
    return (p.title, p.first_name, p.last_name, p.birth)


def twice_warning(p: Person, first_row: int | None, first_id: str, source: str | None) -> Problem:
    """``p`` has the name and birth date of row ``first_row`` under another ID (``first_id``)."""
    return Problem(
        field="citizen_id", value=p.formatted_id, row=p.row, source=source,
        en=f"same name and birth date as row {first_row} ({p.full_name}, {p.birth.be_text()}) "
           f"under another citizen ID ({first_id}): one person registered twice?",
        th=f"ชื่อและวันเกิดซ้ำกับแถวที่ {first_row} ({p.full_name} {p.birth.be_text()}) "
           f"แต่เลขประจำตัวประชาชนต่างกัน ({first_id}) ตรวจสอบว่าลงทะเบียนซ้ำหรือไม่")


def echo_warnings(warnings: list[Problem]) -> None:
    """Print warnings on stderr, one a line, under a bilingual heading."""
    import click

    if not warnings:
        return
    click.echo(f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''} to check / "
               f"คำเตือนที่ควรตรวจสอบ {len(warnings)} รายการ:", err=True)
    for w in warnings:
        click.echo(f"  - warning / คำเตือน: {w}", err=True)
