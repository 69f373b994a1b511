"""One context builder feeds both outputs of a template set, so PDF and DOCX cannot drift.

Validated data holds plain facts (ISO dates, Arabic digits). The context holds what the
page shows: Thai digits where the set uses them (never inside e-mail addresses or URLs),
Buddhist-era dates, and the derived blocks of a saraban document (speed mark, signer
lines, numbered references and enclosures, the owner-unit footer).

>>> document_text("โทร. 0 2241 9000 ต่อ 4332 saraban@dla.go.th")
'โทร. ๐ ๒๒๔๑ ๙๐๐๐ ต่อ ๔๓๓๒ saraban@dla.go.th'
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..models.schema import FieldSpec, Schema
from ..thai import format_date, format_time, thai_digits
from .output import Document, context_builder

# Tokens whose digits must stay ASCII: URLs, e-mail addresses, file names (brief §4.3).
_PROTECTED = re.compile(
    r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[\w-]+\.(?:pdf|docx|xlsx|csv|go\.th|or\.th)\b",
    re.IGNORECASE,
)


def document_text(text: str, digits: str = "thai") -> str:
    """``text`` with digits converted for a document, URLs and e-mail addresses untouched."""
    if digits != "thai" or not text:
        return text
    out, pos = [], 0
    for m in _PROTECTED.finditer(text):
        out.append(thai_digits(text[pos : m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(thai_digits(text[pos:]))
    return "".join(out)


def display_date(d, digits: str = "thai", prefix: str | None = None) -> str:
    """The full date form; ``prefix`` (e.g. "พ.ศ.") goes before the year, as ประกาศ often write it.

    >>> import datetime; display_date(datetime.date(2015, 7, 20), prefix="พ.ศ.")
    '๒๐ กรกฎาคม พ.ศ. ๒๕๕๘'
    """
    text = format_date(d, style="full", digits=digits)
    if prefix:
        day_month, year = text.rsplit(" ", 1)
        text = f"{day_month} {prefix} {year}"
    return text


def display_value(spec: FieldSpec, value: Any, digits: str, date_prefix: str | None = None) -> Any:
    """The shown form of one validated value, by its schema type."""
    if value is None:
        return None
    t = spec.type
    if t in ("text", "choice"):
        return document_text(str(value), digits)
    if t == "int":
        return document_text(str(value), digits)
    if t == "date":
        return display_date(value, digits, date_prefix)
    if t == "datetime":
        return {"date": format_date(value, style="full", digits=digits),
                "time": format_time(value, digits=digits)}
    if t in ("lines", "list"):
        if spec.fields:
            return [display_object(spec.fields, item, digits, date_prefix) for item in value]
        return [document_text(str(v), digits) for v in value]
    if t == "object":
        return display_object(spec.fields, value, digits, date_prefix)
    return value


def display_object(fields: dict[str, FieldSpec], data: dict, digits: str,
                   date_prefix: str | None = None) -> dict:
    return {name: display_value(spec, (data or {}).get(name), digits, date_prefix)
            for name, spec in fields.items()}


def build_context(schema: Schema, data: dict, *, digits: str = "thai",
                  date_prefix: str | None = None, extra: dict | None = None) -> dict:
    """Context for a template set: the display form of ``data`` plus derived blocks.

    ``date_prefix`` ("พ.ศ.") is a per-kind setting from the set's manifest; ``extra``
    adds set-independent values (office, emblem) and values computed by the caller.
    """
    ctx = display_object(schema.fields, data, digits, date_prefix)
    ctx["raw"] = data
    ctx.update(saraban_parts(ctx, data, digits))
    if extra:
        ctx.update(extra)
    return ctx


def numbered(items: list[str], digits: str = "thai") -> list[str]:
    """A single item stands alone; several are numbered ``๑.``, ``๒.`` (brief §1.2)."""
    if len(items) <= 1:
        return list(items)
    return [f"{document_text(str(i), digits)}. {item}" for i, item in enumerate(items, 1)]


def signer_lines(signer: dict | None) -> dict:
    """Name in parentheses and the position lines, with the acting capacity ending line one.

    >>> signer_lines({"name": "นาย ก", "position": ["ปลัดอำเภอ"], "capacity": "รักษาราชการแทน",
    ...               "principal": "นายอำเภอฝาง"})
    {'name': '(นาย ก)', 'positions': ['ปลัดอำเภอ รักษาราชการแทน', 'นายอำเภอฝาง']}
    """
    if not signer:
        return {"name": "", "positions": []}
    positions = list(signer.get("position") or [])
    capacity, principal = signer.get("capacity"), signer.get("principal")
    if capacity and positions:
        positions[-1] = f"{positions[-1]} {capacity}"
    if principal:
        positions.append(principal)
    name = signer.get("name") or ""
    return {"name": f"({name})" if name else "", "positions": positions}


def saraban_parts(ctx: dict, data: dict, digits: str) -> dict:
    """Derived blocks shared by the saraban kinds; absent fields give empty parts."""
    parts: dict[str, Any] = {}
    if "references" in ctx:
        parts["references_list"] = numbered(ctx.get("references") or [], digits)
    if "enclosures" in ctx:
        parts["enclosures_list"] = numbered(ctx.get("enclosures") or [], digits)
    if "signer" in ctx:
        parts["signer_block"] = signer_lines(ctx.get("signer"))
    deadline = ctx.get("speed_deadline")
    if deadline:
        parts["speed_mark"] = f"ด่วนภายใน {deadline['date']} เวลา {deadline['time']}"
    else:
        parts["speed_mark"] = ctx.get("speed") or ""
    unit = ctx.get("owner_unit") or {}
    footer = list(unit.get("name") or [])
    phone, fax = unit.get("phone"), unit.get("fax")
    if phone and fax and phone == fax:
        footer.append(f"โทร./โทรสาร {phone}")
    else:
        if phone:
            footer.append(f"โทร. {phone}")
        if fax:
            footer.append(f"โทรสาร {fax}")
    if unit.get("email"):
        footer.append(f"ไปรษณีย์อิเล็กทรอนิกส์ {unit['email']}")
    if unit.get("coordinator"):
        footer.append(f"ผู้ประสานงาน {unit['coordinator']}")
    parts["footer_lines"] = footer
    if "body" in ctx:
        body = list(ctx.get("body") or [])
        if ctx.get("effective_date"):
            body.append(f"ทั้งนี้ ตั้งแต่วันที่ {ctx['effective_date']} เป็นต้นไป")
        parts["body_with_effect"] = body
    if "approvals" in ctx:
        parts["approvals_blocks"] = [approval_block(step) for step in ctx.get("approvals") or []]
    return parts


def approval_block(step: dict) -> dict:
    """A memo review step: typed opinion or blank lines to write on, boxes, signature."""
    return {
        "title": step.get("title") or "",
        "opinion": list(step.get("opinion") or []),
        "blank_lines": 0 if step.get("opinion") else 2,
        "decide": bool(step.get("decide") or step.get("decision")),
        "decision": step.get("decision") or "",
        "reason": step.get("reason") or "." * 40,
        "signer_block": signer_lines(step.get("signer")),
    }


def today_bangkok() -> dt.date:
    from ..thai import bangkok_today

    return bangkok_today()


def prepared_document(renderer, prepared):
    """A Document of one prepared context: PDF always, DOCX when the set has a template.docx."""
    makers = {"pdf": lambda **options: renderer.render_pdf(prepared, **options)}
    if prepared.tset.docx_template is not None:
        makers["docx"] = lambda **options: renderer.render_docx(prepared, **options)
    return Document(prepared.tset, makers, prepared=prepared, options={
        "pdf": frozenset({"enclosures", "metadata", "attachments"}), "docx": frozenset({"metadata"})})


@context_builder
def build(renderer, tset, data, *, draft: bool = False):
    """The plain context builder (letters, and any set that names no other): the data is
    the document's fields, validated against the set's schema; the office supplies what a
    letter omits (agency, signer, owner unit)."""
    return prepared_document(renderer, renderer.prepare(tset, data, draft=draft))
