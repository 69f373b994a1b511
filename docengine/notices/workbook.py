"""XLSX copies of beneficiary lists and count reports, through the one workbook writer
(docengine.render.workbook): counts as numbers, totals as SUM formulas with their values
cached, IDs as text, names always text (a name starting with "=" is not a formula).

>>> from docengine.notices.beneficiaries import BeneficiaryList, ListSection, ListRow
>>> from datetime import date
>>> b = BeneficiaryList("elderly", 2570, False, [ListSection("existing", "รายเดิม",
...     [ListRow("1", "นายก ข", "X-XXXX-XXXX1-23-4", "2500", "70")]), ListSection("new", "รายใหม่")],
...     date(2027, 9, 1))
>>> len(list_workbook(b, title="บัญชี", lao="ทต.", note="ฉบับเผยแพร่")) > 1000
True
"""

from __future__ import annotations

from datetime import date

from docengine.render.workbook import Column, Sheet, Total, workbook_bytes

from .counts import LaoCount, by_district


def _birth_cell(row, full_ids: bool):
    """The birth column: a date cell when the whole date is known (internal list), else the BE year."""
    born = getattr(row, "born", None)
    if born is None:
        return row.birth
    if not full_ids:
        return born.be_year
    if born.day is not None:
        return born.to_date()
    return row.birth


def list_workbook(blist, *, title: str, lao: str, note: str) -> bytes:
    """The beneficiary list as XLSX: a summary sheet, then one sheet per section."""
    heading = f"{title} {lao} ประจำปีงบประมาณ พ.ศ. {blist.fy}"
    counts = blist.counts
    summary = Sheet("สรุป", heading, [Column("ประเภท"), Column("จำนวน (คน)", "int", total=True)],
                    rows=[[s.title, counts[s.key]] for s in blist.sections] + [Total("รวมทั้งสิ้น")],
                    notes=[note], footer=lao)
    birth = Column("วัน/เดือน/ปีเกิด", "date") if blist.full_ids else Column("ปีเกิด (พ.ศ.)", "number")
    columns = [Column("ลำดับ", "int"), Column("ชื่อ – สกุล"), Column("เลขประจำตัวประชาชน", "id"), birth,
               Column("อายุ (ปี)", "int"), Column("หมายเหตุ")]
    sheets = [summary]
    for section in blist.sections:
        rows = [[r.number, r.name, r.citizen_id, _birth_cell(r, blist.full_ids), r.age, r.remark]
                for r in section.rows]
        sheets.append(Sheet(section.title.split(" ")[0], f"{heading} ({section.title})", columns, rows, notes=[note],
                            footer=lao))
    return workbook_bytes(sheets)


def count_report_workbook(scope: str, counts: list[LaoCount], *, title: str, fy: int,
                          on: date | None = None) -> bytes:
    """The count report's figures (same rows as the PDF): per bracket for one LAO, or per LAO
    with district subtotals for a roll-up; every total a SUM formula."""
    heading = f"{title} ประจำปีงบประมาณ พ.ศ. {fy}"
    if scope == "lao":
        columns = [Column("ช่วงอายุ / ประเภท"), Column("อัตรา (บาท/เดือน)", "money"),
                   Column("รายเดิม (คน)", "int", total=True), Column("รายใหม่ (คน)", "int", total=True),
                   Column("รวม (คน)", "int", total=True), Column("เงินต่อเดือน (บาท)", "money", total=True),
                   Column("เงินทั้งปี (บาท)", "money", total=True)]
        c = counts[0] if counts else None
        rows = [[b.label, b.rate, b.existing, b.new, b.total, b.monthly, b.annual]
                for b in (c.brackets if c else [])]
        rows.append(Total("รวมทั้งสิ้น"))
        place = c.lao if c else ""
    else:
        labels = [b.label for b in counts[0].brackets] if counts else []
        columns = ([Column("ลำดับ", "int"), Column("อำเภอ"), Column("อปท.")]
                   + [Column(f"รายเดิม {x}", "int", total=True) for x in labels]
                   + [Column("รวมรายเดิม", "int", total=True)]
                   + [Column(f"รายใหม่ {x}", "int", total=True) for x in labels]
                   + [Column("รวมรายใหม่", "int", total=True), Column("รวม (คน)", "int", total=True),
                      Column("เงินต่อเดือน (บาท)", "money", total=True),
                      Column("เงินทั้งปี (บาท)", "money", total=True)])
        rows: list = []
        n = 0
        for district, items in by_district(counts).items():
            for c in items:
                n += 1
                existing = [b.existing for b in c.brackets]
                new = [b.new for b in c.brackets]
                rows.append([n, district, c.lao, *existing, sum(existing), *new, sum(new), c.total, c.monthly,
                             c.annual])
            rows.append(Total(f"รวมอำเภอ{district}"))
        rows.append(Total("รวมทั้งสิ้น", of="totals"))
        place = ""
    return workbook_bytes([Sheet(title, heading, columns, rows, footer=place)])
