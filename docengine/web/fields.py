"""A letter template set's schema as form fields, and a submitted form back into letter data.

The draft page is built from the set's own schema.yaml (``TemplateSet.schema``), so a new
letter kind needs no new page: each field's type picks its widget (text → input, lines and
list → a textarea of one item per line, choice → select, date → a date picker, object →
a fieldset of its fields). ``book_number`` is the register's to give and ``agency.code``
the office's; both are left out.

>>> from docengine.models.schema import Schema
>>> s = Schema.from_mapping({"subject": {"type": "text", "required": True, "label": "เรื่อง"},
...                          "body": {"type": "list", "label": "ข้อความ"}})
>>> [(f.name, f.widget) for f in form_fields(s)]
[('subject', 'input'), ('body', 'textarea')]
>>> form_data(s, {"subject": " ขอเชิญ ", "body": "ย่อหน้า ๑\\r\\n\\r\\nย่อหน้า ๒"})
{'subject': 'ขอเชิญ', 'body': ['ย่อหน้า ๑', 'ย่อหน้า ๒']}
>>> d = Schema.from_mapping({"date": {"type": "date"}})
>>> form_data(d, {"date": "๕ ม.ค. ๒๕๖๗"}), form_data(d, {"date": "2024-01-05"})
({'date': '2024-01-05'}, {'date': '2024-01-05'})
>>> found = []; form_data(d, {"date": "5/1/2024"}, found)["date"], "2567" in found[0].en
('5/1/2024', True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

SKIP = {"book_number", "agency.code"}  # numbered by the register; the office's code


@dataclass
class FormField:
    name: str  # dotted: "signer.name"
    spec: object  # FieldSpec
    widget: str  # input / textarea / select / date / datetime / checkbox / number / fieldset
    children: list = field(default_factory=list)

    @property
    def id(self) -> str:
        return "f-" + re.sub(r"[^A-Za-z0-9_-]", "-", self.name)

    @property
    def error_id(self) -> str:
        return "err-" + re.sub(r"[^A-Za-z0-9_-]", "-", self.name)


WIDGETS = {"text": "input", "lines": "textarea", "list": "textarea", "choice": "select", "date": "thaidate",
           "datetime": "datetime", "bool": "checkbox", "int": "number", "object": "fieldset"}


def form_fields(schema, prefix: str = "") -> list[FormField]:
    out = []
    for name, spec in schema.fields.items() if hasattr(schema, "fields") and not prefix else schema.items():
        dotted = prefix + name
        if dotted in SKIP:
            continue
        if spec.type == "list" and spec.fields:
            continue  # a list of records (e.g. a memo's approvals) has no widget yet
        f = FormField(dotted, spec, WIDGETS.get(spec.type, "input"))
        if spec.type == "object":
            f.children = form_fields(spec.fields, dotted + ".")
        out.append(f)
    return out


def walk(fields):
    for f in fields:
        yield f
        yield from walk(f.children)


def form_data(schema, form, problems: list | None = None) -> dict:
    """The letter data of a submitted form: empty fields left out (so the schema's and the
    office's defaults apply), lists one item per non-empty line, dates typed the Thai way
    (``๕ ม.ค. ๒๕๖๗``, ``5/1/2567``) or ISO read as the command line reads them
    (docengine.thai.parse_be_date_or_year); a date that does not read is added to ``problems``
    and passed on as typed."""

    def collect(fields, prefix):
        data = {}
        for name, spec in fields.items():
            dotted = prefix + name
            if dotted in SKIP or (spec.type == "list" and spec.fields):
                continue
            if spec.type == "object":
                sub = collect(spec.fields, dotted + ".")
                if sub:
                    data[name] = sub
                continue
            raw = form.get(dotted)
            if spec.type == "bool":
                if raw:
                    data[name] = "true"
                continue
            if raw is None:
                continue
            raw = str(raw).replace("\r\n", "\n").strip()
            if not raw:
                continue
            if spec.type == "date":
                data[name] = _date(dotted, raw, problems)
            elif spec.type in ("list", "lines"):
                items = [line.strip() for line in raw.split("\n") if line.strip()]
                if items:
                    data[name] = items
            else:
                data[name] = raw
        return data

    return collect(schema.fields, "")


def _date(name: str, raw: str, problems: list | None) -> str:
    import datetime as dt

    from docengine.errors import Problem
    from docengine.thai import ThaiDateError, parse_be_date_or_year

    try:
        value = parse_be_date_or_year(raw)
    except ThaiDateError as exc:
        if problems is not None:
            problems.append(Problem(name, raw, exc.th or exc.en, exc.en))
        return raw
    if isinstance(value, dt.date):
        return value.isoformat()
    if problems is not None:
        problems.append(Problem(name, raw, "ระบุวัน เดือน และปี เช่น ๕ ม.ค. ๒๕๖๗",
                                "give the day, month and year, e.g. 5 ม.ค. 2567"))
    return raw


def flat_values(data: dict, prefix: str = "") -> dict[str, str]:
    """Letter data (e.g. the office's defaults) as the form's values: dotted name -> text."""
    out = {}
    for key, value in (data or {}).items():
        dotted = prefix + key
        if isinstance(value, dict):
            out.update(flat_values(value, dotted + "."))
        elif isinstance(value, (list, tuple)):
            out[dotted] = "\n".join(str(v) for v in value)
        elif value is not None:
            out[dotted] = str(value)
    return out


def problem_field(problem_field_name: str, names: set[str]) -> str | None:
    """The form field a Problem is about: ``body[2]`` → ``body``; ``signer`` stays ``signer``."""
    name = re.sub(r"\[\d+\]", "", str(problem_field_name or ""))
    while name:
        if name in names:
            return name
        if "." not in name:
            return None
        name = name.rsplit(".", 1)[0]
    return None
