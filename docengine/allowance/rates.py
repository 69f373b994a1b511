"""The allowance facts kept as data: rate tables, cohort rules, windows, disability types.

Everything here reads ``data/allowance/*.yaml`` through :mod:`docengine.refdata`;
no rate, date or type name is written in code.

>>> schedule_on("elderly", date(2026, 11, 1)).brackets[0].rate
600
>>> disability_type(7).th
'ความพิการทางออทิสติก'
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from docengine import refdata
from docengine.errors import DocengineError

KINDS = ("elderly", "disability")
BRACKET_RULES = ("fiscal_year", "month_after_birthday")
PAYMENT_STARTS = ("month_after_completion", "next_fiscal_year")


class AllowanceError(DocengineError, ValueError):
    """A question the allowance rules cannot answer (unknown kind, no rate in force, ...)."""


@dataclass(frozen=True)
class Bracket:
    """One age bracket of a rate table, e.g. 70-79 ปี at 700 baht a month."""

    min_age: int
    max_age: int | None
    rate: int
    label: str

    def holds(self, age: int) -> bool:
        return age >= self.min_age and (self.max_age is None or age <= self.max_age)


@dataclass(frozen=True)
class Schedule:
    """A rate table and the first payment month it applies to."""

    kind: str
    effective_from: date
    brackets: tuple[Bracket, ...]

    def bracket_for(self, age: int) -> Bracket | None:
        return next((b for b in self.brackets if b.holds(age)), None)


@dataclass(frozen=True)
class CohortRule:
    """How a person becomes "60" for the allowance (brief §5.4)."""

    name: str
    completion_offset_days: int
    payment_start: str
    note_en: str
    note_th: str


@dataclass(frozen=True)
class DisabilityType:
    number: int
    th: str
    en: str


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise AllowanceError(
            f"allowance kind must be 'elderly' or 'disability', not {kind!r}",
            f"ประเภทเบี้ยต้องเป็น 'elderly' (ผู้สูงอายุ) หรือ 'disability' (คนพิการ) ไม่ใช่ {kind!r}",
        )
    return kind


# ---------------------------------------------------------------- rate tables


def allowance_name(kind: str) -> str:
    """What documents call the allowance of ``kind`` (data/allowance/rates.yaml ``name_th``).

    >>> allowance_name("elderly"), allowance_name("disability")
    ('เบี้ยยังชีพผู้สูงอายุ', 'เบี้ยความพิการ')
    """
    return refdata.load("allowance_rates")[check_kind(kind)]["name_th"]


@refdata.dataset("allowance_rates", "allowance/rates.yaml")
def _validate_rates(content) -> list[str]:
    problems: list[str] = []
    for kind in KINDS:
        section = content.get(kind)
        problems += refdata.require_keys(section, {"name_th": str, "bracket_rule": str, "schedules": list},
                                         f"{kind}.")
        if problems:
            continue
        if section["bracket_rule"] not in BRACKET_RULES:
            problems.append(f"{kind}.bracket_rule must be one of {BRACKET_RULES}")
        ref = section.get("age_reference") or {}
        if not (isinstance(ref.get("month"), int) and isinstance(ref.get("day"), int)):
            problems.append(f"{kind}.age_reference: needs integer month and day")
        previous = None
        for i, sched in enumerate(section["schedules"]):
            where = f"{kind}.schedules[{i}]."
            found = refdata.require_keys(sched, {"effective_from": date, "brackets": list}, where)
            problems += found
            if found:
                continue
            if previous and sched["effective_from"] <= previous:
                problems.append(f"{where}effective_from must be later than the schedule before")
            previous = sched["effective_from"]
            for j, br in enumerate(sched["brackets"]):
                problems += refdata.require_keys(
                    br, {"min_age": int, "rate": int, "label": str}, f"{where}brackets[{j}]."
                )
                if isinstance(br, dict) and "max_age" not in br:
                    problems.append(f"{where}brackets[{j}].max_age: missing (null for no limit)")
    rules = content.get("cohort_rules")
    if not isinstance(rules, dict) or rules.get("default") not in rules:
        problems.append("cohort_rules must be a mapping whose 'default' names one of its rules")
    else:
        for name, rule in rules.items():
            if name == "default":
                continue
            problems += refdata.require_keys(
                rule,
                {"completion_offset_days": int, "payment_start": str, "note_en": str, "note_th": str},
                f"cohort_rules.{name}.",
            )
            if isinstance(rule, dict) and rule.get("payment_start") not in PAYMENT_STARTS:
                problems.append(f"cohort_rules.{name}.payment_start must be one of {PAYMENT_STARTS}")
    if "{first}" not in str(content.get("cohort_sentence_th", "")):
        problems.append("cohort_sentence_th must contain {first} and {last}")
    return problems


def schedules(kind: str) -> list[Schedule]:
    """Every rate table of ``kind``, oldest first."""
    section = refdata.load("allowance_rates")[check_kind(kind)]
    return [
        Schedule(
            kind,
            s["effective_from"],
            tuple(Bracket(b["min_age"], b["max_age"], b["rate"], b["label"]) for b in s["brackets"]),
        )
        for s in section["schedules"]
    ]


def schedule_on(kind: str, on: date) -> Schedule:
    """The rate table in force for the payment month containing ``on``."""
    month_start = on.replace(day=1)
    in_force = [s for s in schedules(kind) if s.effective_from <= month_start]
    if not in_force:
        first = schedules(kind)[0].effective_from
        raise AllowanceError(
            f"no {kind} allowance rate is known before {first.isoformat()} (asked for {on.isoformat()})",
            f"ไม่มีอัตราเบี้ยที่ใช้ก่อนวันที่ {first.isoformat()} (ขอวันที่ {on.isoformat()})",
        )
    return in_force[-1]


def age_reference(kind: str) -> tuple[int, int]:
    """(month, day) of the fiscal-year day that ages on lists and reports are counted to."""
    ref = refdata.load("allowance_rates")[check_kind(kind)]["age_reference"]
    return ref["month"], ref["day"]


def bracket_rule(kind: str) -> str:
    """``"fiscal_year"`` or ``"month_after_birthday"``: how the bracket age is counted."""
    return refdata.load("allowance_rates")[check_kind(kind)]["bracket_rule"]


def cohort_rule(name: str | None = None) -> CohortRule:
    """The named cohort rule, or the configured default (``"current"``)."""
    rules = refdata.load("allowance_rates")["cohort_rules"]
    name = name or rules["default"]
    if name == "default" or name not in rules:
        names = ", ".join(n for n in rules if n != "default")
        raise AllowanceError(
            f"unknown cohort rule {name!r}; known rules: {names}",
            f"ไม่รู้จักหลักเกณฑ์การนับอายุ {name!r} (มี: {names})",
        )
    r = rules[name]
    return CohortRule(name, r["completion_offset_days"], r["payment_start"], r["note_en"], r["note_th"])


def cohort_sentence_template() -> str:
    return refdata.load("allowance_rates")["cohort_sentence_th"]


# ---------------------------------------------------------- disability types


@refdata.dataset("disability_types", "allowance/disability_types.yaml")
def _validate_disability_types(content) -> list[str]:
    types = content.get("types")
    if not isinstance(types, list):
        return ["types: must be a list"]
    problems = []
    for i, t in enumerate(types):
        problems += refdata.require_keys(t, {"number": int, "th": str, "en": str}, f"types[{i}].")
    numbers = [t.get("number") for t in types if isinstance(t, dict)]
    if numbers != list(range(1, len(types) + 1)):
        problems.append("types must be numbered 1, 2, 3, ... in canonical order")
    return problems


def disability_types() -> list[DisabilityType]:
    """The seven types in canonical order (brief §5.9)."""
    return [DisabilityType(t["number"], t["th"], t["en"]) for t in refdata.load("disability_types")["types"]]


def disability_type(number: int) -> DisabilityType:
    for t in disability_types():
        if t.number == number:
            return t
    n = len(disability_types())
    raise AllowanceError(
        f"disability type must be 1-{n}, not {number!r}",
        f"ประเภทความพิการต้องเป็นเลข 1-{n} ไม่ใช่ {number!r}",
    )


# ------------------------------------------------------- registration windows


@refdata.dataset("allowance_windows", "allowance/windows.yaml")
def _validate_windows(content) -> list[str]:
    problems: list[str] = []
    for kind in KINDS:
        entries = content.get(kind)
        if not isinstance(entries, list) or not entries:
            problems.append(f"{kind}: must be a non-empty list")
            continue
        for i, entry in enumerate(entries):
            where = f"{kind}[{i}]."
            found = refdata.require_keys(entry, {"from_fy": int, "rule_th": str, "periods": list}, where)
            problems += found
            if found:
                continue
            for j, p in enumerate(entry["periods"]):
                pw = f"{where}periods[{j}]."
                found = refdata.require_keys(
                    p, {"year_offset": int, "first_month": int, "last_month": int}, pw
                )
                problems += found
                if not found and not 1 <= p["first_month"] <= p["last_month"] <= 12:
                    problems.append(f"{pw}months must satisfy 1 <= first_month <= last_month <= 12")
        from_fys = [e.get("from_fy") for e in entries if isinstance(e, dict)]
        if from_fys != sorted(from_fys):
            problems.append(f"{kind}: entries must be in increasing from_fy order")
    return problems


def window_entries(kind: str) -> list[dict]:
    return refdata.load("allowance_windows")[check_kind(kind)]


# ------------------------------------------------------------ payment methods


@dataclass(frozen=True)
class PaymentMethod:
    """One of the four payment methods printed on every form (brief §5.5)."""

    number: int
    th: str
    th_disability: str
    en: str
    needs_bank: bool
    needs_proxy: bool

    def label(self, kind: str = "elderly") -> str:
        return self.th_disability if check_kind(kind) == "disability" else self.th


@refdata.dataset("payment_methods", "allowance/payment_methods.yaml")
def _validate_payment_methods(content) -> list[str]:
    methods = content.get("methods")
    if not isinstance(methods, list):
        return ["methods: must be a list"]
    problems = []
    for i, m in enumerate(methods):
        problems += refdata.require_keys(
            m, {"number": int, "th": str, "en": str, "needs_bank": bool, "needs_proxy": bool}, f"methods[{i}]."
        )
    if [m.get("number") for m in methods if isinstance(m, dict)] != list(range(1, len(methods) + 1)):
        problems.append("methods must be numbered 1, 2, 3, ...")
    return problems


def payment_methods() -> list[PaymentMethod]:
    """The payment methods in form order.

    >>> [m.number for m in payment_methods() if m.needs_bank]
    [3, 4]
    """
    return [
        PaymentMethod(
            m["number"], m["th"], m.get("th_disability", m["th"]), m["en"], m["needs_bank"], m["needs_proxy"]
        )
        for m in refdata.load("payment_methods")["methods"]
    ]


def payment_method(number: int) -> PaymentMethod:
    for m in payment_methods():
        if m.number == number:
            return m
    n = len(payment_methods())
    raise AllowanceError(
        f"payment method must be 1-{n}, not {number!r}",
        f"วิธีรับเงินต้องเป็นเลข 1-{n} ไม่ใช่ {number!r}",
    )
