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


WIDGETS = {"text": "input", "lines": "textarea", "list": "textarea", "choice": "select", "date": "date",
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


def form_data(schema, form) -> dict:
    """The letter data of a submitted form: empty fields left out (so the schema's and the
    office's defaults apply), lists one item per non-empty line."""

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
            if spec.type in ("list", "lines"):
                items = [line.strip() for line in raw.split("\n") if line.strip()]
                if items:
                    data[name] = items
            else:
                data[name] = raw
        return data

    return collect(schema.fields, "")


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
