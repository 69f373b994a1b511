"""Field schemas: what a template set accepts, and validation of data against it.

A schema is a mapping of field name to a spec::

    subject: {type: text, required: true, label: เรื่อง, label_en: Subject}
    date:    {type: date, label: วันที่}
    speed:   {type: choice, choices: [ด่วน, ด่วนมาก, ด่วนที่สุด]}
    signer:  {type: object, fields: {name: {type: text, required: true}}}

Types: ``text``, ``lines`` (a string or a list of strings), ``list`` (of strings, or of
objects with ``items:``), ``date``, ``datetime``, ``choice``, ``object``, ``bool``, ``int``.
:func:`validate` returns the normalised data and *every* problem found; unknown keys
are reported with the nearest valid key.

>>> s = Schema.from_mapping({"subject": {"type": "text", "required": True},
...                          "date": {"type": "date"}})
>>> data, problems = s.validate({"subjct": "x", "date": "2024-02-30"})
>>> [(p.field, p.en.split(";")[0]) for p in problems]
[('subjct', "unknown key 'subjct'"), ('subject', 'required field is missing'), ('date', 'impossible or malformed date 2024-02-30 (expected YYYY-MM-DD, Common Era)')]
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from typing import Any

from .. import limits
from ..errors import Problem
from ..thai.marks import TextError, clean_text

# Data files keep every value as text (docengine.records.datafile); a bool field reads these.
BOOL_TEXT = {"true": True, "false": False, "yes": True, "no": False}

TYPES = {"text", "lines", "list", "date", "datetime", "choice", "object", "bool", "int"}


@dataclass
class FieldSpec:
    name: str
    type: str
    required: bool = False
    default: Any = None
    label: str = ""  # Thai label
    label_en: str = ""
    choices: list[str] = field(default_factory=list)
    fields: dict[str, FieldSpec] = field(default_factory=dict)  # for object, and list of objects
    help: str = ""
    max_length: int | None = None  # characters of one text value (default: docengine.limits)


@dataclass
class Schema:
    fields: dict[str, FieldSpec]

    @classmethod
    def from_mapping(cls, mapping: dict, where: str = "") -> Schema:
        """Build a schema; raises ValueError naming the bad field (callers add file/line)."""
        return cls(_parse_fields(mapping, where))

    def validate(self, data: Any, *, defaults: dict | None = None) -> tuple[dict, list[Problem]]:
        """Normalised copy of ``data`` and the problems found (empty list when valid).

        ``defaults`` fills fields missing from ``data`` (e.g. from the office config)
        before required fields are checked.
        """
        if not isinstance(data, dict):
            return {}, [Problem("(document)", None, "ข้อมูลต้องเป็นรายการคีย์และค่า",
                                "the data must be a mapping of keys to values")]
        return _validate_object(self.fields, data, defaults or {}, "")

    def describe(self) -> list[tuple[str, FieldSpec]]:
        """Flattened (dotted name, spec) pairs, for `templates show`."""
        out: list[tuple[str, FieldSpec]] = []

        def walk(fields, prefix):
            for name, spec in fields.items():
                out.append((prefix + name, spec))
                if spec.fields:
                    walk(spec.fields, prefix + name + ("[]." if spec.type == "list" else "."))

        walk(self.fields, "")
        return out


def _parse_fields(mapping, where) -> dict[str, FieldSpec]:
    if not isinstance(mapping, dict):
        raise ValueError(f"{where or 'fields'}: must be a mapping of field names to specs")
    fields = {}
    for name, spec in mapping.items():
        path = f"{where}{name}"
        if not isinstance(spec, dict):
            raise ValueError(f"{path}: field spec must be a mapping")
        unknown = set(spec) - {"type", "required", "default", "label", "label_en", "choices",
                               "fields", "items", "help", "max_length"}
        if unknown:
            raise ValueError(f"{path}: unknown spec key(s) {sorted(unknown)}")
        typ = spec.get("type", "text")
        if typ not in TYPES:
            raise ValueError(f"{path}: unknown type {typ!r} (one of {sorted(TYPES)})")
        sub = spec.get("fields") or spec.get("items") or {}
        if typ == "object" and not sub:
            raise ValueError(f"{path}: an object field needs 'fields'")
        if typ == "choice" and not spec.get("choices"):
            raise ValueError(f"{path}: a choice field needs 'choices'")
        fields[name] = FieldSpec(
            name=name,
            type=typ,
            required=_flag(spec.get("required", False), path),
            default=spec.get("default"),
            label=str(spec.get("label", "")),
            label_en=str(spec.get("label_en", "")),
            choices=[str(c) for c in spec.get("choices") or []],
            fields=_parse_fields(sub, path + ".") if sub else {},
            help=str(spec.get("help", "")),
            max_length=int(spec["max_length"]) if spec.get("max_length") else None,
        )
    return fields


def _flag(value, path) -> bool:
    if isinstance(value, bool):
        return value
    if str(value).strip().lower() in BOOL_TEXT:
        return BOOL_TEXT[str(value).strip().lower()]
    raise ValueError(f"{path}: required must be true or false")


def _validate_object(fields, data, defaults, prefix) -> tuple[dict, list[Problem]]:
    problems: list[Problem] = []
    out: dict[str, Any] = {}
    for key in data:
        if key not in fields:
            near = difflib.get_close_matches(str(key), list(fields), n=1, cutoff=0.6)
            hint_en = f"; did you mean {near[0]!r}?" if near else ""
            hint_th = f" หมายถึง {near[0]!r} หรือไม่" if near else ""
            problems.append(Problem(prefix + str(key), None, f"ไม่รู้จักคีย์ {key!r}{hint_th}",
                                    f"unknown key {key!r}{hint_en}"))
    for name, spec in fields.items():
        path = prefix + name
        value = data.get(name)
        if _empty(value) and not _empty(defaults.get(name)):
            value = defaults[name]
        elif spec.type == "object" and isinstance(value, dict) and isinstance(defaults.get(name), dict):
            value = {**{k: v for k, v in defaults[name].items() if k in spec.fields}, **value}
        if _empty(value):
            if spec.required:
                problems.append(Problem(path, None, "ต้องระบุข้อมูลนี้", "required field is missing"))
            out[name] = _empty_value(spec)
            continue
        converted, errs = _convert(spec, value, path)
        problems += errs
        out[name] = converted
    return out, problems


def _empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _empty_value(spec: FieldSpec):
    if spec.default is not None:
        return spec.default
    return {"lines": [], "list": [], "object": None, "bool": False}.get(spec.type)


def _convert(spec: FieldSpec, value, path) -> tuple[Any, list[Problem]]:
    t = spec.type
    if t == "text":
        if isinstance(value, (dict, list)):
            return None, [Problem(path, value, "ต้องเป็นข้อความ", "expected text")]
        return _text(spec, value, path, spec.max_length or limits.TEXT_CHARS)
    if t == "lines":
        if isinstance(value, list) and len(value) > limits.LIST_ITEMS:
            return None, [_too_many(path, len(value))]
        if isinstance(value, str):
            value = value.splitlines() if len(value) <= limits.TEXT_CHARS else [value]
        if isinstance(value, list) and all(not isinstance(v, (dict, list)) for v in value):
            lines, problems = [], []
            for i, v in enumerate(value):
                line, errs = _text(spec, v, path, spec.max_length or limits.LINE_CHARS)
                problems += errs
                if line:
                    lines.append(line)
            return (lines if not problems else None), problems
        return None, [Problem(path, value, "ต้องเป็นข้อความหรือรายการข้อความ",
                              "expected text or a list of text lines")]
    if t == "list":
        if isinstance(value, (str, int, float)):
            value = [value]
        if not isinstance(value, list):
            return None, [Problem(path, value, "ต้องเป็นรายการ", "expected a list")]
        if len(value) > limits.LIST_ITEMS:
            return None, [_too_many(path, len(value))]
        if spec.fields:
            items, problems = [], []
            for i, item in enumerate(value):
                if not isinstance(item, dict):
                    problems.append(Problem(f"{path}[{i + 1}]", item, "ต้องเป็นรายการคีย์และค่า",
                                            "expected a mapping"))
                    continue
                norm, errs = _validate_object(spec.fields, item, {}, f"{path}[{i + 1}].")
                items.append(norm)
                problems += errs
            return items, problems
        bad = [v for v in value if isinstance(v, (dict, list))]
        if bad:
            return None, [Problem(path, bad[0], "รายการต้องเป็นข้อความ", "list items must be text")]
        items, problems = [], []
        for i, v in enumerate(value):
            item, errs = _text(spec, v, f"{path}[{i + 1}]", spec.max_length or limits.TEXT_CHARS)
            items.append(item)
            problems += errs
        return (items if not problems else None), problems
    if t == "date":
        return _to_date(value, path)
    if t == "datetime":
        return _to_datetime(value, path)
    if t == "choice":
        if str(value) not in spec.choices:
            return None, [Problem(path, value, f"ต้องเป็นค่าใดค่าหนึ่งใน {', '.join(spec.choices)}",
                                  f"must be one of {', '.join(spec.choices)}")]
        return str(value), []
    if t == "object":
        if not isinstance(value, dict):
            return None, [Problem(path, value, "ต้องเป็นรายการคีย์และค่า", "expected a mapping")]
        return _validate_object(spec.fields, value, {}, path + ".")
    if t == "bool":
        if isinstance(value, bool):
            return value, []
        if str(value).strip().lower() in BOOL_TEXT:
            return BOOL_TEXT[str(value).strip().lower()], []
        return None, [Problem(path, value, "ต้องเป็น true หรือ false", "expected true or false")]
    if t == "int":
        try:
            if len(str(value)) > limits.NUMBER_CHARS:
                raise ValueError(value)
            return int(str(value)), []
        except ValueError:
            return None, [Problem(path, value, "ต้องเป็นจำนวนเต็ม", "expected a whole number")]
    raise AssertionError(t)


def _text(spec: FieldSpec, value, path, max_chars: int) -> tuple[Any, list[Problem]]:
    """One text value: Thai marks ordered, control/bidi characters refused, length bounded."""
    text = str(value).strip()
    if len(text) > max_chars:
        return None, [Problem(path, f"{text[:20]}… ({len(text):,} characters)",
                              f"ข้อความยาว {len(text):,} ตัวอักษร เกินกำหนด {max_chars:,} ตัวอักษร",
                              f"{len(text):,} characters, more than the limit of {max_chars:,}")]
    try:
        return clean_text(text), []
    except TextError as exc:
        return None, [Problem(path, None, exc.th, exc.en)]


def _too_many(path, n) -> Problem:
    return Problem(path, None, f"มี {n:,} รายการ เกินกำหนด {limits.LIST_ITEMS:,} รายการ",
                   f"{n:,} items, more than the limit of {limits.LIST_ITEMS:,}")


def _to_date(value, path):
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        d = value
    else:
        try:
            d = dt.date.fromisoformat(str(value).strip())
        except ValueError:
            return None, [Problem(path, value, "วันที่ไม่ถูกต้อง (ต้องเป็น ปปปป-ดด-วว ปีคริสต์ศักราช)",
                                  f"impossible or malformed date {value} (expected YYYY-MM-DD, Common Era)")]
    return _check_ce(d, path, value)


def _to_datetime(value, path):
    if isinstance(value, dt.datetime):
        d = value
    else:
        try:
            d = dt.datetime.fromisoformat(str(value).strip())
        except ValueError:
            return None, [Problem(path, value, "วันเวลาไม่ถูกต้อง (ต้องเป็น ปปปป-ดด-ววTชช:นน)",
                                  f"malformed date-time {value} (expected YYYY-MM-DDTHH:MM, Common Era)")]
    checked, problems = _check_ce(d.date(), path, value)
    return (d if not problems else None), problems


def _check_ce(d: dt.date, path, raw):
    # Data files carry Common Era dates; a year that looks Buddhist-era was typed by mistake.
    from docengine.thai import ThaiDateError, check_ce_year

    try:
        check_ce_year(d.year, raw)
    except ThaiDateError as exc:
        return None, [Problem(path, raw, exc.th, exc.en)]
    return d, []
