#!/usr/bin/env python3
"""Write the ``template.docx`` of the allowance form sets (templates/forms/*).

The DOCX forms are docxtpl files an office can edit in Word. They read the same context
as the PDF: ``v`` (blank name → value, empty on a blank form) and the page wording lists
(``methods``, ``attachments``, ``officer_options`` …), so PDF and DOCX cannot drift.
Run after changing a form:  .venv/bin/python scripts/build_forms_docx.py [set …]
"""

from __future__ import annotations

import sys

from build_docx_templates import docx_font

from docengine.render.docxbuild import DocxBuilder
from docengine.resources import templates_path

SIZE = 14  # forms are denser than letters (templates/forms/_base/form.css.j2)
DOTS = "……………"


def f(name: str, dots: str = DOTS) -> str:
    """A blank: the value when pre-filled, dots to write on otherwise."""
    return f"{{{{ v.get('{name}') or '{dots}' }}}}"


def tick(name: str) -> str:
    # Word substitutes a symbol font for ☐/☑ when the Thai font lacks them.
    return f"{{{{ '☑' if v.get('{name}') else '☐' }}}}"


def cid(prefix: str) -> str:
    groups, out, i = (1, 4, 5, 2, 1), [], 0
    for size in groups:
        out.append("".join(f"{{{{ v.get('{prefix}_{j}') or '□' }}}}" for j in range(i, i + size)))
        i += size
    return "-".join(out)


def option_list(b: DocxBuilder, var: str, prefix: str, indent: float = 0.8, field: str = ""):
    b.tag(f"{{%p for item in {var} %}}")
    label = f"item.{field}" if field else "item"
    key = f"item.number" if field == "label" else "loop.index"
    b.paragraph(f"{{{{ '☑' if v.get('{prefix}_' ~ {key}) else '☐' }}}} {{{{ {label} }}}}", left_cm=indent)
    b.tag("{%p endfor %}")


def header(b: DocxBuilder, title: str):
    b.paragraph(f"ทะเบียนเลขที่ {f('reg_no', '………')}/{{{{ fy_text }}}}", align="right")
    b.paragraph((title, {"bold": True, "size": 17}), align="center")


def applicant(b: DocxBuilder, who: str, disability: bool):
    b.paragraph(("เฉพาะกรณี" + who, {"bold": True}))
    if disability:
        b.paragraph("เกี่ยวข้องกับคนพิการโดยเป็น {% for r in relations %}{{ '☑' if v.get('relation_' ~ loop.index) "
                    "else '☐' }} {{ r }} {% endfor %}")
    else:
        b.paragraph(f"ผู้ยื่นคำขอฯ แทนตามหนังสือมอบอำนาจ เกี่ยวข้องเป็น {f('proxy_relation')}")
    b.paragraph(f"ชื่อ – สกุล (ผู้รับมอบอำนาจ) {f('proxy_name')}  เลขประจำตัวประชาชน {cid('proxy_cid')}")
    b.paragraph(f"ที่อยู่ {f('proxy_address')} โทรศัพท์ {f('proxy_phone')}")
    b.paragraph(f"เขียนที่ {f('place')}", align="right", space_before_pt=6)
    b.paragraph(f"วันที่ {f('filed_d', '……')} เดือน {f('filed_m')} พ.ศ. {f('filed_y', '……')}", align="right")
    if disability:
        b.paragraph("คำนำหน้านาม {% for t in titles %}{{ '☑' if v.get('title_' ~ loop.index) else '☐' }} {{ t }} "
                    f"{{% endfor %}}(ระบุ) {f('title_other')}")
        b.paragraph(f"ชื่อ {f('first_name')} นามสกุล {f('surname')}")
    else:
        b.paragraph(f"ด้วยข้าพเจ้า {f('name')} นามสกุล {f('surname')}", first_line_cm=0.8)
    b.paragraph(f"เกิดวันที่ {f('born_d', '……')} เดือน {f('born_m')} พ.ศ. {f('born_y', '……')} "
                f"อายุ {f('age', '……')} ปี สัญชาติ {f('nationality')}")
    b.paragraph(f"มีชื่ออยู่ในสำเนาทะเบียนบ้านเลขที่ {f('house_no')} หมู่ที่ {f('moo', '……')} ชุมชน {f('community')} "
                f"ตรอก/ซอย {f('soi')} ถนน {f('road')} ตำบล {f('subdistrict')} อำเภอ {f('district')} "
                f"จังหวัด {f('province')} รหัสไปรษณีย์ {f('postcode')} โทรศัพท์ {f('phone')}")
    b.paragraph(f"หมายเลขบัตรประจำตัว{'คนพิการ/' if disability else ''}ประชาชน {cid('cid')}")
    if disability:
        b.paragraph(("ประเภทความพิการ", {"bold": True}))
        option_list(b, "dtypes", "dtype", field="label")
    b.paragraph("สถานภาพสมรส {% for m in marital %}{{ '☑' if v.get('marital_' ~ loop.index) else '☐' }} {{ m }} "
                "{% endfor %}")
    b.paragraph(f"รายได้ต่อเดือน {f('income')} บาท อาชีพ {f('occupation')}")
    if disability:
        b.paragraph(f"บุคคลอ้างอิงที่สามารถติดต่อได้ {f('reference_name')} โทรศัพท์ {f('reference_phone')}")
    b.paragraph(("สถานภาพการรับสวัสดิการภาครัฐ", {"bold": True}))
    option_list(b, "welfare", "welfare")
    b.paragraph(("วิธีรับเงิน (เลือก ๑ วิธี)", {"bold": True}))
    option_list(b, "methods", "pay", field="label")
    b.paragraph(f"ธนาคาร {f('bank')} สาขา {f('bank_branch')} บัญชีเลขที่ {f('account_no')} "
                f"ชื่อบัญชี {f('account_name')}", left_cm=0.8)
    b.paragraph(("พร้อมแนบเอกสาร ดังนี้", {"bold": True}))
    option_list(b, "attachments", "attach")
    option_list(b, "declarations", "declare", indent=0)
    b.paragraph(f"(ลงชื่อ) {DOTS}{DOTS} ผู้ยื่นคำขอ", align="center", space_before_pt=12)
    b.paragraph(f"( {f('signer_name')} )", align="center")


def office_part(b: DocxBuilder):
    b.paragraph(("สำหรับเจ้าหน้าที่", {"bold": True}), align="center", space_before_pt=12)
    b.paragraph(("ความเห็นเจ้าหน้าที่", {"bold": True}))
    b.paragraph(f"เรียน คณะกรรมการตรวจสอบคุณสมบัติ ได้ตรวจสอบคุณสมบัติของ {f('check_name')} "
                f"หมายเลขบัตรประจำตัวประชาชน {f('check_cid')} แล้ว")
    option_list(b, "officer_options", "officer")
    b.paragraph(f"(ลงชื่อ) {DOTS}{DOTS} เจ้าหน้าที่", align="center")
    b.paragraph(("ความเห็นคณะกรรมการตรวจสอบคุณสมบัติ", {"bold": True}), space_before_pt=6)
    b.paragraph("เรียน {{ executive_title }}")
    option_list(b, "committee_options", "committee")
    for _ in range(3):
        b.paragraph(f"(ลงชื่อ) {DOTS}{DOTS} กรรมการ", align="center")
    b.paragraph(("คำสั่ง", {"bold": True}), space_before_pt=6)
    option_list(b, "order_options", "order")
    b.paragraph(f"(ลงชื่อ) {DOTS}{DOTS}", align="center")
    b.paragraph("( {{ executive_name }} )", align="center")
    b.paragraph("{{ executive_title }}", align="center")


def receipt(b: DocxBuilder, kind_text: str, moving: str):
    b.paragraph("- - - - - - - - - - - - - ตัดตามรอยประ - - - - - - - - - - - - -", align="center",
                space_before_pt=12)
    b.paragraph(f"ทะเบียนเลขที่ {f('reg_no2', '………')}/{{{{ fy_text }}}}", align="right")
    b.paragraph(("ใบรับ{{ form_title }}", {"bold": True}), align="center")
    b.paragraph(f"ชื่อผู้ยื่นคำขอ {f('receipt_name')} เลขประจำตัวประชาชน {f('receipt_cid')}")
    b.paragraph(f"ยื่นแบบคำขอเมื่อวันที่ {f('rfiled_d', '……')} เดือน {f('rfiled_m')} พ.ศ. {f('rfiled_y', '……')}")
    b.paragraph(f"จะได้รับเงิน{kind_text} ภายในวันที่ ๑๐ ของทุกเดือน ตั้งแต่เดือน {f('first_m')} พ.ศ. "
                f"{f('first_y', '……')} ในอัตราเดือนละ {f('rate', '……')} บาท")
    b.paragraph(moving)


def elderly_registration(b: DocxBuilder):
    header(b, "{{ form_title }}")
    applicant(b, "ผู้สูงอายุมอบอำนาจให้บุคคลอื่นมายื่นคำขอแทน", disability=False)
    office_part(b)
    receipt(b, "เบี้ยยังชีพผู้สูงอายุ", "กรณีย้ายภูมิลำเนา ให้ไปยื่นคำขอ ณ องค์กรปกครองส่วนท้องถิ่นแห่งใหม่ "
            "{{ window_text }}")


def disability_registration(b: DocxBuilder):
    header(b, "{{ form_title }}")
    applicant(b, "คนพิการมอบอำนาจหรือผู้ดูแลคนพิการลงทะเบียนแทน", disability=True)
    office_part(b)
    receipt(b, "เบี้ยความพิการ", "กรณีคนพิการย้ายภูมิลำเนา จะต้องไปลงทะเบียน ณ องค์กรปกครองส่วนท้องถิ่นแห่งใหม่"
            "โดยทันที เพื่อเป็นการรักษาสิทธิให้ต่อเนื่อง")


def proxy(b: DocxBuilder):
    b.paragraph(("หนังสือมอบอำนาจ", {"bold": True, "size": 20}), align="center")
    b.paragraph(f"ที่ {f('place')}", align="right", space_before_pt=12)
    b.paragraph(f"วันที่ {f('filed_d', '……')} เดือน {f('filed_m')} พ.ศ. {f('filed_y', '……')}", align="right")
    b.paragraph(f"โดยหนังสือฉบับนี้ข้าพเจ้า {f('g_name')} บัตรประจำตัวประชาชนเลขที่ {f('g_cid')} "
                f"ออกให้ ณ {f('g_issued_at')} เมื่อวันที่ {f('g_issued_on')} อยู่บ้านเลขที่ {f('g_house_no')} "
                f"หมู่ที่ {f('g_moo', '……')} ตรอก/ซอย {f('g_soi')} ถนน {f('g_road')} แขวง/ตำบล {f('g_subdistrict')} "
                f"เขต/อำเภอ {f('g_district')} จังหวัด {f('g_province')} ซึ่งเป็นผู้มอบอำนาจ",
                align="thai", first_line_cm=2.5, space_before_pt=12)
    b.paragraph(f"ขอมอบอำนาจให้ {f('a_name')} เกี่ยวข้องเป็น {f('a_relation')} บัตรประจำตัวประชาชนเลขที่ "
                f"{f('a_cid')} ออกให้ ณ {f('a_issued_at')} เมื่อวันที่ {f('a_issued_on')} อยู่ที่ {f('a_address')} "
                "ซึ่งเป็นผู้รับมอบอำนาจ", align="thai", first_line_cm=2.5)
    b.paragraph("เป็นผู้มีอำนาจรับเงิน{{ allowance_text }} ในปีงบประมาณ พ.ศ. {{ fy_text }} แทนข้าพเจ้า "
                "และมีระยะเวลาการมอบอำนาจไม่เกินปีงบประมาณ พ.ศ. {{ fy_text }}", align="thai", first_line_cm=2.5)
    b.tag("{%p if bank_variant %}")
    b.paragraph(f"โดยให้โอนเงินเข้าบัญชีเงินฝากธนาคารในนามผู้รับมอบอำนาจ ธนาคาร {f('bank')} สาขา {f('bank_branch')} "
                f"เลขที่บัญชี {f('account_no')} ชื่อบัญชี {f('account_name')}", align="thai", first_line_cm=2.5)
    b.tag("{%p endif %}")
    b.paragraph("การใดที่ผู้รับมอบอำนาจได้กระทำไปภายในขอบเขตแห่งหนังสือมอบอำนาจนี้ ให้มีผลผูกพันข้าพเจ้า"
                "เสมือนหนึ่งข้าพเจ้าได้กระทำด้วยตนเอง", align="thai", first_line_cm=2.5)
    b.paragraph("เพื่อเป็นหลักฐาน ข้าพเจ้าได้ลงลายมือชื่อ / ลายพิมพ์นิ้วมือ ไว้เป็นสำคัญต่อหน้าพยาน",
                align="thai", first_line_cm=2.5)
    for slot, role in (("g_sign", "ผู้มอบอำนาจ"), ("a_sign", "ผู้รับมอบอำนาจ"), ("w1_sign", "พยาน"),
                       ("w2_sign", "พยาน")):
        b.paragraph(f"(ลงชื่อ) {DOTS}{DOTS} {role}", left_cm=6.5, align="center", space_before_pt=18)
        b.paragraph(f"( {f(slot, DOTS + DOTS)} )", left_cm=6.5, align="center")


SETS = {
    "elderly-registration": (elderly_registration, SIZE),
    "disability-registration": (disability_registration, SIZE),
    "proxy": (proxy, 16),
}


def main(names: list[str]) -> None:
    for name in names or list(SETS):
        build, size = SETS[name]
        b = DocxBuilder(font=docx_font(), size_pt=size, margins_cm=(1.2, 1.5, 1.2, 2.0),
                        different_first_page=False)
        build(b)
        path = templates_path() / "forms" / name / "template.docx"
        b.save(path)
        print(f"wrote {path}")


if __name__ == "__main__":
    main(sys.argv[1:])
