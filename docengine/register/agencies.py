"""Agencies (หน่วยงาน): who sends and receives, with their letterhead facts.

Agencies are data, never constants (brief §3.1: DLA's code changed three times).
They come from ``data/agencies.yaml`` (real codes the brief can justify),
``data/samples/agencies.yaml`` (the demo's four hops of seed S1) and an
office's ``--office`` file, and are copied into the register on open so that a
letter keeps pointing at the agency that issued it.

Codes are written the way they are printed on a letter, with ASCII digits and
one space after the letters:

>>> normalize_code(" มท๐๘๑๐.๖ ")
'มท 0810.6'
>>> normalize_code("ชม   0023.05")
'ชม 0023.05'
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from docengine import refdata
from docengine.errors import DocengineError, ReferenceDataError
from docengine.thai import arabic_digits

# The kinds of agency in the letter chain MOI/DLA → province → district → LAO (brief §2.1).
KINDS = {
    "ministry": "กระทรวง",
    "department": "กรม",
    "province_office": "สำนักงานจังหวัด",
    "district_office": "สำนักงานอำเภอ",
    "lao": "องค์กรปกครองส่วนท้องถิ่น",
}

_LETTERS_THEN_DIGIT = re.compile(r"^([\u0E01-\u0E2E]+)\s*(?=\d)")


def normalize_code(code: str) -> str:
    """The canonical spelling of an agency code (ASCII digits, single spaces)."""
    text = " ".join(arabic_digits(str(code)).split())
    return _LETTERS_THEN_DIGIT.sub(r"\1 ", text)


@dataclass(frozen=True)
class Signer:
    """Who signs: {name, own position, capacity, principal position} (brief §2.5).

    >>> s = Signer("นายก ข", "ปลัดอำเภอ", "รักษาราชการแทน", "นายอำเภอฝาง")
    >>> s.position_lines()
    ['ปลัดอำเภอ รักษาราชการแทน', 'นายอำเภอฝาง']
    """

    name: str
    position: str
    capacity: str = ""  # "" = signs in own capacity
    principal: str = ""
    key: str = "default"

    def position_lines(self) -> list[str]:
        if not self.capacity:
            return [self.position]
        return [f"{self.position} {self.capacity}", self.principal]

    def to_dict(self) -> dict:
        return {"key": self.key, "name": self.name, "position": self.position,
                "capacity": self.capacity, "principal": self.principal}


@dataclass(frozen=True)
class AgencyInfo:
    """An agency as the rest of docengine sees it (read-only)."""

    code: str
    name: str
    kind: str
    short_name: str | None = None
    issuer: str | None = None  # as cited: "สำเนาหนังสือจังหวัดเชียงใหม่ ที่ …"
    parent_code: str | None = None
    address: tuple[str, ...] = ()
    phone: str | None = None
    fax: str | None = None
    email: str | None = None
    signers: tuple[Signer, ...] = ()
    owner_units: tuple[dict, ...] = ()  # footer blocks: {key, lines, phone, fax, email, coordinator}
    routing: tuple[dict, ...] = ()  # the receipt routing list: {unit, sections}
    origin: str = "data"

    def signer(self, key: str = "default") -> Signer | None:
        """The signer configured under ``key`` (the first one if ``key`` is absent)."""
        for s in self.signers:
            if s.key == key:
                return s
        return self.signers[0] if self.signers else None

    def owner_unit(self, key: str = "default") -> dict | None:
        for unit in self.owner_units:
            if unit.get("key", "default") == key:
                return unit
        return self.owner_units[0] if self.owner_units else None

    def to_dict(self) -> dict:
        return {
            "code": self.code, "name": self.name, "kind": self.kind, "short_name": self.short_name,
            "issuer": self.issuer, "parent_code": self.parent_code, "address": list(self.address),
            "phone": self.phone, "fax": self.fax, "email": self.email,
            "signers": [s.to_dict() for s in self.signers],
            "owner_units": [dict(u) for u in self.owner_units],
            "routing": [dict(r) for r in self.routing], "origin": self.origin,
        }


# --- validation of the data files ------------------------------------------------


def _validate_entries(entries: Any, capacities: list[str], where: str) -> list[str]:
    if not isinstance(entries, list) or not entries:
        return [f"{where}: must be a non-empty list"]
    problems: list[str] = []
    seen: set[str] = set()
    for i, entry in enumerate(entries, 1):
        at = f"{where}[{i}]."
        problems += refdata.require_keys(entry, {"code": str, "name": str, "kind": str}, at)
        if not isinstance(entry, dict):
            continue
        code = normalize_code(entry.get("code", ""))
        if code and code in seen:  # a missing code is named once, by require_keys
            problems.append(f"{at}code: {code!r} appears twice")
        seen.add(code)
        if entry.get("kind") is not None and entry.get("kind") not in KINDS:
            problems.append(f"{at}kind: {entry.get('kind')!r} is not one of {sorted(KINDS)}")
        for key in ("address",):
            if key in entry and not (isinstance(entry[key], list) and all(isinstance(x, str) for x in entry[key])):
                problems.append(f"{at}{key}: must be a list of lines")
        for j, s in enumerate(entry.get("signers") or [], 1):
            problems += refdata.require_keys(s, {"name": str, "position": str}, f"{at}signers[{j}].")
            if isinstance(s, dict) and (s.get("capacity") or "") not in capacities:
                problems.append(f"{at}signers[{j}].capacity: {s.get('capacity')!r} is not one of {capacities}")
            if isinstance(s, dict) and s.get("capacity") and not s.get("principal"):
                problems.append(f"{at}signers[{j}].principal: needed when signing {s['capacity']}")
        for j, u in enumerate(entry.get("owner_units") or [], 1):
            problems += refdata.require_keys(u, {"lines": list}, f"{at}owner_units[{j}].")
        for j, r in enumerate(entry.get("routing") or [], 1):
            problems += refdata.require_keys(r, {"unit": str}, f"{at}routing[{j}].")
    return problems


@refdata.dataset("agencies", "agencies.yaml")
def _check_agencies(content: Any) -> list[str]:
    problems = refdata.require_keys(content, {"numbering": dict, "capacities": list, "agencies": list})
    if problems:
        return problems
    width = content["numbering"].get("receipt_width")
    if not isinstance(width, int) or width < 0:
        problems.append("numbering.receipt_width: must be a whole number ≥ 0")
    return problems + _validate_entries(content["agencies"], content["capacities"], "agencies")


@refdata.dataset("sample_agencies", "samples/agencies.yaml")
def _check_samples(content: Any) -> list[str]:
    capacities = refdata.load("agencies")["capacities"]
    return _validate_entries(content.get("agencies"), capacities, "agencies")


def numbering_rules() -> dict:
    """``numbering:`` of data/agencies.yaml (e.g. ``receipt_width``)."""
    return refdata.load("agencies")["numbering"]


def office_entries(path) -> list[dict]:
    """Agency entries of an office config: ``agency:`` (one mapping) or ``agencies:`` (a list)."""
    content = refdata.read_yaml(path, scalars="text") or {}
    if not isinstance(content, dict):
        raise ReferenceDataError(f"office file {path}: top level must be a mapping",
                                 f"แฟ้มตั้งค่าหน่วยงาน {path} ต้องเป็น mapping")
    entries = content.get("agencies") or ([content["agency"]] if content.get("agency") else [])
    if not entries:
        return []
    problems = _validate_entries(entries, refdata.load("agencies")["capacities"], "agencies")
    if problems:
        detail = "; ".join(problems)
        raise ReferenceDataError(f"office file {path} is malformed: {detail}",
                                 f"แฟ้มตั้งค่าหน่วยงาน {path} ไม่ถูกต้อง: {detail}")
    return [dict(e, origin="office") for e in entries]


def shipped_entries(*, samples: bool = True) -> list[dict]:
    """Agencies of data/agencies.yaml, then (``samples``) data/samples/agencies.yaml, each
    marked with its origin."""
    real = [dict(e, origin="data") for e in refdata.load("agencies")["agencies"]]
    if not samples:
        return real
    return real + [dict(e, origin="sample") for e in refdata.load("sample_agencies")["agencies"]]


def entries_digest(entries: list[dict]) -> str:
    """A fingerprint of the agency data, so the register re-syncs only when it changed."""
    blob = json.dumps(entries, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


# --- rows <-> records -------------------------------------------------------------


def row_values(entry: dict) -> dict:
    """Column values for one data entry (later files override earlier ones by code)."""
    return {
        "code": normalize_code(entry["code"]),
        "name": entry["name"],
        "short_name": entry.get("short_name"),
        "issuer": entry.get("issuer") or entry["name"],
        "kind": entry["kind"],
        "parent_code": normalize_code(entry["parent"]) if entry.get("parent") else None,
        "address": list(entry.get("address") or []),
        "phone": _str(entry.get("phone")),
        "fax": _str(entry.get("fax")),
        "email": entry.get("email"),
        "signers": [
            {"key": s.get("key", "default"), "name": s["name"], "position": s["position"],
             "capacity": s.get("capacity") or "", "principal": s.get("principal") or ""}
            for s in entry.get("signers") or []
        ],
        "owner_units": [dict(u, key=u.get("key", "default")) for u in entry.get("owner_units") or []],
        "routing": [dict(r) for r in entry.get("routing") or []],
        "origin": entry.get("origin", "data"),
    }


def _str(value) -> str | None:
    return None if value is None else str(value)


def to_info(row) -> AgencyInfo:
    return AgencyInfo(
        code=row.code, name=row.name, kind=row.kind, short_name=row.short_name, issuer=row.issuer,
        parent_code=row.parent_code, address=tuple(row.address or ()), phone=row.phone, fax=row.fax,
        email=row.email, signers=tuple(Signer(**s) for s in row.signers or ()),
        owner_units=tuple(row.owner_units or ()), routing=tuple(row.routing or ()), origin=row.origin,
    )


def check_parents(values: list[dict], known: set[str]) -> None:
    """Every parent code must name a known agency (a typo would silently break the tree)."""
    codes = known | {v["code"] for v in values}
    bad = [f"{v['code']} → {v['parent_code']}" for v in values if v["parent_code"] and v["parent_code"] not in codes]
    if bad:
        raise ReferenceDataError(
            "agency data names unknown parent agencies: " + ", ".join(bad),
            "ข้อมูลหน่วยงานอ้างถึงหน่วยงานต้นสังกัดที่ไม่มีในระบบ: " + ", ".join(bad),
        )


class UnknownAgency(DocengineError):
    """An agency code the register does not know, with the nearest known codes."""

    def __init__(self, code: str, suggestions: list[str] | None = None):
        self.code = code
        self.suggestions = list(suggestions or [])
        hint_en = f"; did you mean {' or '.join(map(repr, self.suggestions))}?" if self.suggestions else ""
        hint_th = f" หมายถึง {' หรือ '.join(self.suggestions)} หรือไม่" if self.suggestions else ""
        super().__init__(
            f"unknown agency code {code!r}{hint_en} (list them: docengine register agencies)",
            f"ไม่พบรหัสหน่วยงาน {code!r}{hint_th}",
        )


def nearest_codes(code: str, candidates: dict[str, str]) -> list[str]:
    """Known codes closest to ``code``; ``candidates`` maps code → name (names match too).

    >>> nearest_codes("มท 0801.6", {"มท 0810.6": "กรม", "ชม 0023.3": "สถจ"})
    ['มท 0810.6']
    """
    close = difflib.get_close_matches(code, list(candidates), n=2, cutoff=0.6)
    by_name = [c for c, name in candidates.items() if code and (code == name or code in name)]
    return list(dict.fromkeys(close + by_name))[:3]
