"""The columns of a people file, described once in ``data/people_columns.yaml``.

The reader (:mod:`docengine.records.people`) and ``docs/people-columns.md``
(written by :func:`columns_markdown`) share this one table.

>>> header_index()["วันเกิด"].key
'birth_date'
>>> header_index()[normalise_header(" Citizen ID ")].key
'citizen_id'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docengine import refdata

TYPES = (
    "text", "citizen_id", "birth_date", "number", "postcode", "phone",
    "choice", "amount", "payment_method", "account_no", "disability_types", "date",
)  # fmt: skip

_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\ufeff]")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Column:
    """One accepted column of a people file (from ``data/people_columns.yaml``)."""

    key: str
    th: str
    type: str
    en: str
    aliases: tuple[str, ...] = ()
    required_for: tuple[str, ...] = ()
    required_for_kind: str | None = None
    choices: tuple[str, ...] = ()
    choice_aliases: tuple[tuple[str, str], ...] = ()
    example: str = ""


@refdata.dataset("people_columns", "people_columns.yaml")
def _validate_columns(content) -> list[str]:
    problems = refdata.require_keys(content, {"purposes": list, "columns": list})
    if problems:
        return problems
    seen: set[str] = set()
    for i, col in enumerate(content["columns"]):
        where = f"columns[{i}]."
        found = refdata.require_keys(col, {"key": str, "th": str, "type": str, "en": str}, where)
        problems += found
        if found:
            continue
        if col["type"] not in TYPES:
            problems.append(f"{where}type {col['type']!r} is not one of {TYPES}")
        if col["type"] == "choice" and not col.get("choices"):
            problems.append(f"{where}choices: needed for a choice column")
        for purpose in col.get("required_for", []):
            if purpose not in content["purposes"]:
                problems.append(f"{where}required_for: unknown purpose {purpose!r}")
        for name in [col["key"], col["th"], *col.get("aliases", [])]:
            if normalise_header(name) in seen:
                problems.append(f"{where}header {name!r} is used twice")
            seen.add(normalise_header(name))
    return problems


def columns() -> list[Column]:
    """The accepted columns in documentation order."""
    return [
        Column(
            key=c["key"],
            th=c["th"],
            type=c["type"],
            en=" ".join(str(c["en"]).split()),
            aliases=tuple(c.get("aliases") or ()),
            required_for=tuple(c.get("required_for") or ()),
            required_for_kind=c.get("required_for_kind"),
            choices=tuple(c.get("choices") or ()),
            choice_aliases=tuple((c.get("choice_aliases") or {}).items()),
            example=str(c.get("example") or ""),
        )
        for c in refdata.load("people_columns")["columns"]
    ]


def purposes() -> list[str]:
    return list(refdata.load("people_columns")["purposes"])


def normalise_header(header: str) -> str:
    """Header spelling that ignores case, spacing and invisible characters."""
    text = _SPACES.sub(" ", _INVISIBLE.sub("", str(header))).strip().casefold()
    return re.sub(r"[ \-]", "_", text) if text.isascii() else text.replace(" ", "")


def header_index() -> dict[str, Column]:
    index = {}
    for col in columns():
        for name in (col.key, col.th, *col.aliases):
            index[normalise_header(name)] = col
    return index




def columns_markdown() -> str:
    """``docs/people-columns.md``: the column table as Markdown."""
    lines = [
        "# People file columns / คอลัมน์ของแฟ้มรายชื่อ",
        "",
        "<!-- Generated from data/people_columns.yaml by docengine.records.columns.columns_markdown(); "
        "edit the YAML, then run: .venv/bin/python -m docengine.records.columns > docs/people-columns.md -->",
        "",
        "A people file is a CSV (UTF-8, with or without BOM; comma, semicolon or tab), an XLSX",
        "(the sheet Excel opens on) or, for large files, a Parquet file (one column per key or Thai",
        "header; `docengine batch` reads it by row group on its workers, docs/scale.md). In a CSV",
        "or XLSX the first row names the columns, in English (key) or Thai (header); other",
        "accepted Thai spellings are listed. Data rows are numbered from 1 (the line after the",
        "header) in error reports. Columns may come in any order; unknown columns are an error.",
        "",
        f"Required columns depend on the purpose ({', '.join(purposes())}): the *Required for* column.",
        "Reading for the disability allowance also requires `disability_type`. Payment methods 3",
        "and 4 need `bank` and `account_no`; methods 2 and 4 need the authorised person's names.",
        "",
        "| Key | Thai header | Also accepted | Required for | Content | Example |",
        "|---|---|---|---|---|---|",
    ]
    for c in columns():
        required = ", ".join(c.required_for + ((f"kind={c.required_for_kind}",) if c.required_for_kind else ()))
        content = c.en + (f" — one of: {', '.join(c.choices)}" if c.choices else "")
        cells = [f"`{c.key}`", c.th, ", ".join(c.aliases), required, content, c.example]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(columns_markdown(), end="")
