"""Context of the short notices: PR notice, citizen's manual, count reports.

Each ``*_prepared`` validates the options against the set's schema and computes
every value (window, cohort sentence, counts, totals) in Python; the PDF and the
DOCX are rendered from the same context.

>>> window_text(2570, "elderly")
'เดือนตุลาคม – พฤศจิกายน ๒๕๖๘ และเดือนมกราคม – กันยายน ๒๕๖๙'
"""

from __future__ import annotations

from datetime import date

from docengine.allowance import age_reference_date, cohort_sentence, registration_window
from docengine.models.person import Person
from docengine.render.document import Prepared, Renderer
from docengine.thai import (bangkok_today, be_year, fiscal_year_bounds, format_amount, format_date,
                            format_weekday_date, month_name)
from docengine.thai.digits import in_digits

from .counts import LaoCount, by_district, count_lao, roll_up
from .listdoc import lao_identity
from .settings import fill, keep_together, wording


def window_text(fy: int, kind: str, digits: str = "thai") -> str:
    """The registration window of ``fy`` in words, one phrase per run of months."""
    parts = []
    for first, last in registration_window(fy, kind).periods:
        year = in_digits(str(be_year(last)), digits)
        if first.month == last.month:
            parts.append(f"เดือน{month_name(first.month)} {year}")
        else:
            parts.append(f"เดือน{month_name(first.month)} – {month_name(last.month)} {year}")
    return " และ".join(parts)


def fy_span(fy: int, digits: str = "thai") -> str:
    """"๑ ตุลาคม ๒๕๖๙ – ๓๐ กันยายน ๒๕๗๐"."""
    first, last = fiscal_year_bounds(fy)
    return f"{format_date(first, digits=digits)} – {format_date(last, digits=digits)}"


def _values(office, kind: str, fy: int, digits: str) -> dict[str, str]:
    ident = lao_identity(office)
    data = office.data
    unit = (data.get("owner_unit") or {}).get("name") or [""]
    address = data.get("address") or []
    return {
        "lao": ident["lao"], "fy": in_digits(str(fy), digits), "fy_span": fy_span(fy, digits),
        "window": window_text(fy, kind, digits),
        "closes": format_date(registration_window(fy, kind).closes, digits=digits),
        "cohort": cohort_sentence(fy, digits=digits) if kind == "elderly" else "",
        "place": in_digits(" ".join(address) if isinstance(address, list) else str(address), digits),
        "unit": unit[0], "phone": in_digits(str(data.get("phone", "")), digits),
        "address": in_digits(" ".join(address) if isinstance(address, list) else str(address), digits),
        "district": ident["district"], "province": ident["province"],
    }


def cycle_values(kind: str, fy: int, digits: str = "thai") -> dict[str, str]:
    """The PR notice's dates, from the registration-cycle calendar (``docengine calendar``):
    the registration periods and the year's first payment day, weekdays computed.

    >>> cycle_values("elderly", 2570)["first_payday"]
    'วันศุกร์ที่ ๙ ตุลาคม ๒๕๖๙'
    """
    from docengine.allowance.cycle import registration_cycle

    from .calendar import when_text

    cycle = registration_cycle(fy, kind)
    return {
        "window_days": " และ".join(when_text(e.start, e.end, digits) for e in cycle.registration),
        "first_payday": format_weekday_date(cycle.payments[0].start, digits),
    }


def registration_pr_prepared(renderer: Renderer, *, kind: str, fy: int) -> Prepared:
    tset = renderer.find("notices/registration-pr")
    digits = tset.page.get("digits", "thai")
    renderer.prepare(tset, {"kind": kind, "fy": fy})  # reports bad options before computing
    text = wording("pr")[kind]
    v = {**_values(renderer.office, kind, fy, digits), **cycle_values(kind, fy, digits)}
    extra = {
        "title": text["title"], "fy_text": v["fy"], "nb": keep_together,
        "invitation": [fill(p, **v) for p in text["invitation"]],
        "who": [f"{in_digits(str(i), digits)}. {fill(w, **v)}" for i, w in enumerate(text["who"], 1)],
        "when": fill(text["when"], **v), "benefit": fill(text["benefit"], **v),
        "documents": [f"{in_digits(str(i), digits)}. {d}" for i, d in enumerate(text["documents"], 1)],
        "enquiries": fill(wording("pr")["enquiries"], **v),
    }
    return renderer.prepare(tset, {"kind": kind, "fy": fy}, extra=extra)


def citizen_manual_prepared(renderer: Renderer, *, kind: str = "elderly", fy: int) -> Prepared:
    tset = renderer.find("notices/citizen-manual")
    digits = tset.page.get("digits", "thai")
    renderer.prepare(tset, {"kind": kind, "fy": fy})
    text, manual = wording("manual")[kind], wording("manual")
    v = _values(renderer.office, kind, fy, digits)
    num = lambda i: in_digits(str(i), digits)  # noqa: E731
    staff = text["staff"]
    extra = {
        "process": text["process"], "lao_name": v["lao"], "nb": keep_together, "district": v["district"],
        "province": v["province"], "fy_text": v["fy"],
        "service_unit": f"{v['lao']} อำเภอ{v['district']} จังหวัด{v['province']} กระทรวงมหาดไทย",
        "regulation": wording("regulation")[kind],
        "criteria": [fill(c, **v) for c in text["criteria"]],
        "procedure": [fill(c, **v) for c in text["procedure"]],
        "place": f"{v['lao']} {v['address']}", "window": v["window"],
        "hours": manual["hours"], "total_time": text["total_time"],
        "steps": [{"number": num(i), "step": s["step"], "time": s["time"], "unit": fill(s["unit"], **v)}
                  for i, s in enumerate(text["steps"], 1)],
        "documents": [{"number": num(i), **d} for i, d in enumerate(text["documents"], 1)],
        "fee": text["fee"], "forms": text["forms"], "notes": text["notes"],
        "complaints": [fill(c, **v) for c in manual["complaints"]],
        "staff": [("ชื่อกระบวนงาน", text["process"]), ("หน่วยงานกลางเจ้าของกระบวนงาน", staff["owner"]),
                  ("ประเภทของงานบริการ", staff["service_type"]), ("หมวดหมู่ของงานบริการ", staff["category"]),
                  ("กฎหมายที่ให้อำนาจการอนุญาต หรือที่เกี่ยวข้อง", wording("regulation")[kind]),
                  ("ระดับผลกระทบ", staff["impact"]), ("พื้นที่ให้บริการ", staff["impact"]),
                  ("กฎหมายข้อบังคับ/ข้อตกลงที่กำหนดระยะเวลา", staff["time_limit"]),
                  ("ชื่ออ้างอิงของคู่มือประชาชน", f"{text['process']} {v['lao']}")],
    }
    return renderer.prepare(tset, {"kind": kind, "fy": fy}, extra=extra)


# ------------------------------------------------------------------------ count report


def count_report_data(people: list[Person], *, kind: str, fy: int, office) -> tuple[str, list[LaoCount]]:
    """("lao" | "rollup", counts): a roll-up when the people file names LAOs (``lao`` column)."""
    ident = lao_identity(office)
    if any(p.lao for p in people):
        return "rollup", roll_up(people, kind=kind, fy=fy, default_lao=ident["lao"])
    return "lao", [count_lao(people, kind=kind, fy=fy, lao=ident["lao"], district=ident["district"])]


def _cell(value, cls: str = "num", digits: str = "thai", span: int = 0) -> dict:
    text = format_amount(value, digits=digits) if isinstance(value, int) else in_digits(str(value), digits)
    return {"text": text, "cls": cls, "span": span}


def report_rows(scope: str, counts: list[LaoCount], digits: str = "thai") -> list[dict]:
    """Table rows with every total computed; district subtotals in a roll-up."""
    rows = []
    if scope == "lao":
        c = counts[0]
        for b in c.brackets:
            rows.append({"cls": "", "cells": [_cell(b.label, "", digits), _cell(b.rate, digits=digits),
                         *[_cell(x, digits=digits) for x in (b.existing, b.new, b.total, b.monthly, b.annual)]]})
        rows.append({"cls": "total", "cells": [_cell("รวมทั้งสิ้น", "", digits, 2),
                     *[_cell(x, digits=digits) for x in (c.existing, c.new, c.total, c.monthly, c.annual)]]})
        return rows

    def numbers(items: list[LaoCount]) -> list[int]:
        out = []
        for attr in ("existing", "new"):
            per = [sum(getattr(c.brackets[i], attr) for c in items) for i in range(len(items[0].brackets))]
            out += per + [sum(per)]
        return out + [sum(c.total for c in items), sum(c.monthly for c in items), sum(c.annual for c in items)]

    n = 0
    for district, items in by_district(counts).items():
        for c in items:
            n += 1
            rows.append({"cls": "", "cells": [_cell(in_digits(str(n), digits), "mid"), _cell(district, ""),
                         _cell(c.lao, ""), *[_cell(x, digits=digits) for x in numbers([c])]]})
        rows.append({"cls": "subtotal", "cells": [_cell(f"รวมอำเภอ{district}", "", digits, 3),
                     *[_cell(x, digits=digits) for x in numbers(items)]]})
    rows.append({"cls": "total", "cells": [_cell("รวมทั้งสิ้น", "", digits, 3),
                 *[_cell(x, digits=digits) for x in numbers(counts)]]})
    return rows


def rollup_level(scope: str, counts: list[LaoCount]) -> str | None:
    """Whose report a roll-up is: ``district_official`` when every LAO is in one district
    (the สถอ.'s consolidation), else ``province_official`` (ผส.๒/พก.๒ of the สถจ.)."""
    if scope == "lao":
        return None
    return "district_official" if len({c.district for c in counts}) == 1 else "province_official"


def report_signers(office, scope: str, level: str | None) -> list[dict]:
    """ผู้จัดทำข้อมูล and ผู้รับรองความถูกต้อง from the office file (brief §6.8): the LAO's preparer
    and executive for its own report; for a roll-up, the roll-up level's official certifies
    (ท้องถิ่นอำเภอ / ท้องถิ่นจังหวัด), and the preparer line is left for that office's staff."""
    data = office.data
    if scope == "lao":
        people = [data.get("preparer") or {}, data.get("certifier") or data.get("signer") or {}]
    else:
        certifier = office.official(level)
        if not certifier:
            from docengine.errors import DocengineError

            role = "ท้องถิ่นอำเภอ" if level == "district_official" else "ท้องถิ่นจังหวัด"
            raise DocengineError(
                f"a roll-up is certified by the {level.replace('_', ' ')}; add officials.{level} "
                f"to the office file {office.path}",
                f"รายงานรวมต้องรับรองโดย{role} ให้เพิ่ม officials.{level} ในแฟ้มหน่วยงาน {office.path}")
        people = [{}, certifier]
    return [{"role": role, "name": p.get("name", ""), "positions": p.get("position") or []}
            for role, p in zip(("ผู้จัดทำข้อมูล", "ผู้รับรองความถูกต้อง"), people)]


def count_report_prepared(renderer: Renderer, people: list[Person], *, kind: str, fy: int,
                          on: date | None = None) -> tuple[Prepared, str, list[LaoCount]]:
    tset = renderer.find("notices/count-report")
    digits = tset.page.get("digits", "thai")
    on = on or bangkok_today()
    renderer.prepare(tset, {"kind": kind, "fy": fy, "date": on.isoformat()})
    scope, counts = count_report_data(people, kind=kind, fy=fy, office=renderer.office)
    text = wording("reports")[kind]
    ident = lao_identity(renderer.office)
    level = rollup_level(scope, counts)
    if scope == "lao":
        place = f"{ident['lao']} อำเภอ{ident['district']} จังหวัด{ident['province']}"
    elif level == "district_official":
        place = (f"อำเภอ{counts[0].district} จังหวัด{ident['province']} "
                 f"({in_digits(str(len(counts)), digits)} องค์กรปกครองส่วนท้องถิ่น)")
    else:
        place = f"จังหวัด{ident['province']} ({in_digits(str(len(counts)), digits)} องค์กรปกครองส่วนท้องถิ่น)"
    signers = report_signers(renderer.office, scope, level)
    extra = {
        "title": text["title"], "form_code": text["form_lao" if scope == "lao" else "form_rollup"],
        "fy_text": in_digits(str(fy), digits), "place": place, "scope_raw": scope,
        "brackets": [in_digits(b.label, digits) for b in counts[0].brackets] if counts else [],
        "rows": report_rows(scope, counts, digits) if counts else [],
        "annual_note": " ".join(wording("reports")["annual_note"].split()), "signers": signers,
        "age_note": fill(wording("lists")["age_note"],
                         age_date=format_date(age_reference_date(kind, fy), digits=digits)),
    }
    data = {"kind": kind, "fy": fy, "scope": scope, "date": on.isoformat()}
    return renderer.prepare(tset, data, extra=extra), scope, counts
