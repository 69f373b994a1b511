"""The office configuration: who this docengine installation writes for.

An office (a provincial or district office, or an LAO) sets its letterhead, address,
contact details, default signer, font, Garuda artwork and, optionally, its own
template folder, without forking code. ``--office FILE.yaml`` selects one; the
sample office in ``data/samples/office.yaml`` is the default.

>>> office = load_office()
>>> office.name
'เทศบาลตำบลสันทราย'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .errors import DocengineError, ValidationError
from .models.schema import Schema
from .records.datafile import read_datafile
from .resources import data_path

_PERSON = {
    "name": {"type": "text", "label": "ชื่อ"},
    "position": {"type": "lines", "label": "ตำแหน่ง"},
}

OFFICE_SCHEMA = Schema.from_mapping({
    "source": {"type": "text", "label": "ที่มาของข้อมูล"},
    "agency_code": {"type": "text", "label": "รหัสหน่วยงาน (ที่ …)"},
    "name": {"type": "text", "required": True, "label": "ชื่อส่วนราชการ"},
    "short_name": {"type": "text", "label": "ชื่อย่อ"},
    "kind": {"type": "choice", "choices": ["ministry", "department", "province", "district", "lao"],
             "default": "lao", "label": "ประเภทหน่วยงาน"},
    "address": {"type": "lines", "label": "ที่อยู่"},
    "phone": {"type": "text", "label": "โทร."},
    "fax": {"type": "text", "label": "โทรสาร"},
    "email": {"type": "text", "label": "ไปรษณีย์อิเล็กทรอนิกส์"},
    "website": {"type": "text", "label": "เว็บไซต์"},
    "font": {"type": "text", "label": "แบบอักษร"},
    "emblem": {"type": "text", "label": "แฟ้มภาพตราครุฑ"},
    "template_dir": {"type": "text", "label": "โฟลเดอร์แม่แบบของหน่วยงาน"},
    "pdfa": {"type": "choice", "choices": ["2u", "3u"], "label": "ระดับ PDF/A ของแฟ้มที่ออก (2u หรือ 3u)"},
    "trust_roots": {"type": "list", "label": "ใบรับรองหลักที่เชื่อถือ (PEM) สำหรับตรวจลายมือชื่อดิจิทัล"},
    "signer": {"type": "object", "label": "ผู้ลงนาม", "fields": {
        **_PERSON, "capacity": {"type": "text"}, "principal": {"type": "text"}}},
    "owner_unit": {"type": "object", "label": "ส่วนราชการเจ้าของเรื่อง", "fields": {
        "name": {"type": "lines"}, "phone": {"type": "text"}, "fax": {"type": "text"},
        "email": {"type": "text"}, "coordinator": {"type": "text"}}},
    "lao": {"type": "object", "label": "องค์กรปกครองส่วนท้องถิ่น", "fields": {
        "name": {"type": "text"}, "type": {"type": "text"}, "executive_title": {"type": "text"}}},
    "subdistrict": {"type": "text", "label": "ตำบล"},
    "district": {"type": "text", "label": "อำเภอ"},
    "province": {"type": "text", "label": "จังหวัด"},
    "postcode": {"type": "text", "label": "รหัสไปรษณีย์"},
    "certifier": {"type": "object", "label": "ผู้รับรอง", "fields": _PERSON},
    "preparer": {"type": "object", "label": "ผู้จัดทำข้อมูล", "fields": _PERSON},
    "routing_list": {"type": "list", "label": "รายการส่วนงานสำหรับสั่งการ"},
    "memo_reviewers": {"type": "list", "label": "ผู้ให้ความเห็นในบันทึกข้อความ"},
})


@dataclass(frozen=True)
class Office:
    name: str
    data: dict[str, Any]
    path: Path | None = None
    base_dir: Path | None = None

    def get(self, key, default=None):
        value = self.data.get(key)
        return default if value in (None, "", [], {}) else value

    @property
    def font(self) -> str | None:
        return self.get("font")

    @property
    def trust_roots(self) -> list[Path]:
        """Root certificates (PEM/DER files) trusted when checking signed PDFs that are received."""
        out = []
        for value in self.get("trust_roots", []):
            p = Path(str(value)).expanduser()
            out.append(p if p.is_absolute() or not self.base_dir else self.base_dir / p)
        return out

    @property
    def emblem(self) -> Path | None:
        return self._path_of("emblem")

    @property
    def template_dir(self) -> Path | None:
        return self._path_of("template_dir")

    def _path_of(self, key) -> Path | None:
        value = self.get(key)
        if not value:
            return None
        p = Path(value).expanduser()
        if not p.is_absolute() and self.base_dir:
            p = self.base_dir / p
        if not p.exists():
            raise DocengineError(f"office config: {key} {p} does not exist",
                                 f"แฟ้มตั้งค่าหน่วยงาน: ไม่พบ {p}")
        return p

    def letter_defaults(self) -> dict[str, Any]:
        """Values a letter takes from the office when its data omits them."""
        agency = {"name": self.name, "address": " ".join(self.get("address", [])),
                  "code": self.get("agency_code")}
        return {
            "agency": {k: v for k, v in agency.items() if v},
            "signer": self.get("signer"),
            "owner_unit": self.get("owner_unit"),
        }


DEFAULT_OFFICE = ("samples", "office.yaml")


@cache
def load_office(path: str | Path | None = None) -> Office:
    """Load and validate an office config (default: the sample office)."""
    file = Path(path) if path else data_path(*DEFAULT_OFFICE)
    doc = read_datafile(file)
    data, problems = OFFICE_SCHEMA.validate(doc.data)
    if problems:
        problems = [_with_line(p, doc) for p in problems]
        raise ValidationError(problems, context=f"office config {file}")
    return Office(name=data["name"], data=data, path=file, base_dir=file.parent)


def _with_line(problem, doc):
    from dataclasses import replace

    keys = tuple(problem.field.replace("]", "").replace("[", ".").split("."))
    line = doc.line_of(*keys)
    return replace(problem, source=f"{doc.path}:{line}" if line else str(doc.path))
