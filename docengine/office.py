"""The office configuration: who this docengine installation writes for.

An office (a provincial or district office, or an LAO) sets its letterhead, address,
contact details, default signer, font, Garuda artwork and, optionally, its own
template folder, without forking code. ``Office.load(path)`` reads one; the sample
office (``data/samples/office.yaml``) is used only where it is named: ``Office.sample()``,
or the command line's default when ``--office`` is not given (said in its ``--help``).

>>> office = Office.sample()
>>> office.name, office.is_sample
('เทศบาลตำบลสันทราย', True)
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
_OFFICIAL = {"type": "object", "fields": {
    "name": {"type": "text", "required": True, "label": "ชื่อ"},
    "position": {"type": "lines", "required": True, "label": "ตำแหน่ง"}}}

# The office's one set of officials (issue 9: "one office, one set of officials"). Every
# signer, certifier, preparer and committee member of every document is one of these.
OFFICIAL_ROLES = {
    "executive": "ผู้บริหารท้องถิ่น (นายกเทศมนตรี / นายก อบต.)",
    "deputy": "รองผู้บริหารท้องถิ่น",
    "clerk": "ปลัด",
    "deputy_clerk": "รองปลัด",
    "head_of_office": "หัวหน้าสำนักปลัด",
    "registrar": "เจ้าหน้าที่ผู้รับลงทะเบียน / ผู้จัดทำข้อมูล",
    "finance": "ผู้อำนวยการกองคลัง",
    "district_official": "ท้องถิ่นอำเภอ (ผู้รับรองรายงานระดับอำเภอ)",
    "province_official": "ท้องถิ่นจังหวัด (ผู้รับรองรายงานระดับจังหวัด)",
}
# Which official plays each part; defaults used when the office file does not say.
ROLE_DEFAULTS = {"signer": "executive", "certifier": "executive", "preparer": "registrar"}

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
    "officials": {"type": "object", "label": "ผู้บริหารและเจ้าหน้าที่", "fields": {
        role: {**_OFFICIAL, "label": label} for role, label in OFFICIAL_ROLES.items()}},
    "roles": {"type": "object", "label": "ผู้ลงนามแต่ละบทบาท", "fields": {
        "signer": {"type": "choice", "choices": list(OFFICIAL_ROLES), "label": "ผู้ลงนามหนังสือ"},
        "certifier": {"type": "choice", "choices": list(OFFICIAL_ROLES), "label": "ผู้รับรองความถูกต้อง"},
        "preparer": {"type": "choice", "choices": list(OFFICIAL_ROLES), "label": "ผู้จัดทำข้อมูล"},
        "committee": {"type": "list", "label": "คณะกรรมการตรวจสอบคุณสมบัติ (๓ คน)"}}},
    # Who signs สำเนาถูกต้อง on the copies the office encloses (docengine.chain.certify).
    "copy_certifier": {"type": "object", "label": "ผู้รับรองสำเนาถูกต้อง", "fields": {
        "name": {"type": "text", "required": True, "label": "ชื่อ"},
        "position": {"type": "lines", "required": True, "label": "ตำแหน่ง"}}},
    "routing_list": {"type": "list", "label": "รายการส่วนงานสำหรับสั่งการ"},
    "memo_reviewers": {"type": "list", "label": "ผู้ให้ความเห็นในบันทึกข้อความ"},
    # Typesetting of letters' PDFs (docs/typesetting.md): Thai distributed justification of
    # body paragraphs (docengine.render.justify), or ragged-right "left"; and the
    # carry-over word (คำต่อเนื่อง) at the foot of every page that continues.
    "justify": {"type": "choice", "choices": ["thai-distributed", "left"],
                "default": "thai-distributed", "label": "การจัดชิดขอบข้อความ"},
    "carry_over_word": {"type": "bool", "default": True, "label": "คำต่อเนื่องท้ายหน้า"},
    # How far ahead of now a letter date, a time of receipt or an endorsement may be
    # (clocks and date lines written the evening before); beyond it the input is refused.
    "future_tolerance_days": {"type": "int", "default": 1, "label": "วันที่ล่วงหน้าได้ไม่เกิน (วัน)"},
    "words": {"type": "list", "label": "คำที่ห้ามตัดข้ามบรรทัด"},
})


@dataclass(frozen=True)
class Office:
    name: str
    data: dict[str, Any]
    path: Path | None = None
    base_dir: Path | None = None

    @classmethod
    def load(cls, path: str | Path) -> Office:
        """The office described by the YAML file ``path``, validated (every problem at once)."""
        return load_office(path)

    @classmethod
    def sample(cls) -> Office:
        """The sample office (เทศบาลตำบลสันทราย, data/samples/office.yaml), used only when named.

        >>> Office.sample().name
        'เทศบาลตำบลสันทราย'
        """
        return load_office(sample_office_path())

    @property
    def is_sample(self) -> bool:
        """Whether this is the sample office (data/samples/office.yaml), not a real one."""
        return self.path is not None and _same_file(self.path, data_path(*DEFAULT_OFFICE))

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
    def justify(self) -> str:
        """``thai-distributed`` (the default: body paragraphs justified like Word's Thai
        Distributed, docengine.render.justify) or ``left`` (ragged right).

        >>> Office.sample().justify
        'thai-distributed'
        """
        return self.data.get("justify") or "thai-distributed"

    @property
    def carry_over_word(self) -> bool:
        """Whether continuing pages of a letter end with the next page's first word."""
        value = self.data.get("carry_over_word")
        return True if value is None else bool(value)

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

    def official(self, role: str) -> dict[str, Any]:
        """``{name, position}`` of the official who holds ``role`` (empty when not configured).

        >>> Office.sample().official("executive")["name"]
        'นายสมหมาย ตัวอย่างใจ'
        """
        return dict((self.get("officials") or {}).get(role) or {})

    def officials(self) -> dict[str, dict[str, Any]]:
        """Every configured official by role."""
        return {role: dict(p) for role, p in (self.get("officials") or {}).items() if p}

    def committee(self) -> list[dict[str, Any]]:
        """The qualification-checking committee (three members on the forms)."""
        return [self.official(r) for r in (self.get("roles") or {}).get("committee") or []]

    def resolve_officials(self, data: Any) -> Any:
        """``data`` with every ``{official: ROLE, ...}`` mapping replaced by that official's
        name and position (other keys, e.g. ``capacity``, kept). Unknown roles are an error.

        >>> Office.sample().resolve_officials({"signer": {"official": "clerk"}})["signer"]["name"]
        'นายสมปอง ตัวอย่างการ'
        """
        if isinstance(data, list):
            return [self.resolve_officials(v) for v in data]
        if not isinstance(data, dict):
            return data
        out = {k: self.resolve_officials(v) for k, v in data.items()}
        role = out.get("official")
        if isinstance(role, str):
            person = self.official(role)
            if not person:
                raise DocengineError(
                    f"official {role!r} is not in the office file {self.path} (officials: "
                    f"{', '.join((self.get('officials') or {})) or 'none'})",
                    f"ไม่พบ {role!r} ในรายชื่อผู้บริหารและเจ้าหน้าที่ของแฟ้มหน่วยงาน {self.path}")
            out.pop("official")
            out = {**person, **{k: v for k, v in out.items() if k not in person}}
        return out

    @property
    def future_tolerance(self):
        """How far in the future a date or time input may lie (``future_tolerance_days``, default 1 day)."""
        from datetime import timedelta

        days = self.data.get("future_tolerance_days")
        return timedelta(days=OFFICE_SCHEMA.fields["future_tolerance_days"].default if days is None
                         else max(int(days), 0))

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
def load_office(path: str | Path) -> Office:
    """Load and validate the office file ``path`` (every problem at once). There is no
    default: the sample office is ``Office.sample()``."""
    if not path:
        raise DocengineError("no office file named: give Office.load(path), or Office.sample() for the sample office",
                             "ไม่ได้ระบุแฟ้มตั้งค่าหน่วยงาน: ใช้ Office.load(path) หรือ Office.sample() สำหรับหน่วยงานตัวอย่าง")
    file = Path(path)
    doc = read_datafile(file)
    # ``agency:`` / ``agencies:`` describe the office to the register (docengine.register.agencies
    # validates them); the office's own book code follows from ``agency: {code: …}``.
    raw = dict(doc.data) if isinstance(doc.data, dict) else doc.data
    books = {k: raw.pop(k) for k in ("agency", "agencies") if isinstance(raw, dict) and k in raw}
    data, problems = OFFICE_SCHEMA.validate(raw)
    if books:
        problems += _agency_problems(file)
        if not problems and not data.get("agency_code") and isinstance(books.get("agency"), dict):
            data["agency_code"] = books["agency"].get("code")
    if not problems:
        problems = _resolve_roles(data)
    if not problems:
        from .typeset.dictionary import office_word_problems

        problems = office_word_problems(data.get("words"))
    if problems:
        problems = [_with_line(p, doc) for p in problems]
        raise ValidationError(problems, context=f"office config {file}")
    return Office(name=data["name"], data=data, path=file, base_dir=file.parent)


def _agency_problems(file: Path) -> list:
    from .errors import Problem, ReferenceDataError
    from .register.agencies import office_entries

    try:
        office_entries(file)
    except ReferenceDataError as exc:
        return [Problem("agency", None, exc.th or exc.en, exc.en)]
    return []


def sample_office_path() -> Path:
    """The sample office's file (the command line's default office)."""
    return data_path(*DEFAULT_OFFICE)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False


def _resolve_roles(data: dict) -> list:
    """Fill ``signer``/``certifier``/``preparer`` from ``officials`` through ``roles`` and check
    that a signer written out in full is one of the officials (one set of officials)."""
    from .errors import Problem

    officials = {k: v for k, v in (data.get("officials") or {}).items() if v}
    roles = data.get("roles") or {}
    problems = []
    if not officials:
        return problems  # an office without an officials list keeps its inline people
    for part, default in ROLE_DEFAULTS.items():
        role = roles.get(part) or default
        person = officials.get(role)
        given = data.get(part) or {}
        if given.get("name") and person and given["name"] != person["name"]:
            problems.append(Problem(
                field=f"{part}.name", value=given["name"],
                en=f"{part} {given['name']!r} is not the office's {role} ({person['name']}); "
                   f"write roles.{part} instead of a second name",
                th=f"{given['name']} ไม่ตรงกับ {person['name']} ในรายชื่อผู้บริหารและเจ้าหน้าที่ "
                   f"ให้ระบุ roles.{part} แทนการเขียนชื่อซ้ำ"))
        elif person:
            data[part] = {**person, **{k: v for k, v in given.items() if k not in ("name", "position")}}
    for i, role in enumerate(roles.get("committee") or []):
        if role not in officials:
            problems.append(Problem(
                field=f"roles.committee[{i}]", value=role,
                en=f"committee member {role!r} is not in officials ({', '.join(officials)})",
                th=f"กรรมการ {role!r} ไม่อยู่ในรายชื่อผู้บริหารและเจ้าหน้าที่"))
    return problems


def _with_line(problem, doc):
    from dataclasses import replace

    keys = tuple(problem.field.replace("]", "").replace("[", ".").split("."))
    line = doc.line_of(*keys)
    return replace(problem, source=f"{doc.path}:{line}" if line else str(doc.path))
