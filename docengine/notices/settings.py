"""Wording of the allowance notices, kept as data (``data/notices.yaml``).

>>> wording("lists")["elderly"]["subject"]
'บัญชีรายชื่อผู้มีสิทธิรับเงินเบี้ยยังชีพผู้สูงอายุ'
>>> fill("ด้วย{lao} …", lao="เทศบาลตำบลสันทราย")
'ด้วยเทศบาลตำบลสันทราย …'
"""

from __future__ import annotations

import re
from typing import Any

from docengine import refdata

_SECTIONS = ("regulation", "lists", "reports", "pr", "manual")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@refdata.dataset("notices", "notices.yaml")
def _validate(content: dict) -> list[str]:
    problems = [f"{key}: missing" for key in _SECTIONS if key not in content]
    for section in ("regulation", "lists", "reports", "pr"):
        for kind in ("elderly", "disability"):
            if kind not in (content.get(section) or {}):
                problems.append(f"{section}.{kind}: missing")
    return problems


def wording(section: str) -> Any:
    """One section of data/notices.yaml."""
    return refdata.load("notices")[section]


def keep_together(text: str):
    """``text`` as HTML in which the compounds of ``unbreakable`` never split across lines.

    >>> str(keep_together("รับเงินเบี้ยยังชีพผู้สูงอายุ"))
    'รับเงิน<span class="nowrap">เบี้ยยังชีพ</span><span class="nowrap">ผู้สูงอายุ</span>'
    """
    from markupsafe import Markup, escape

    words = sorted(refdata.load("notices").get("unbreakable") or [], key=len, reverse=True)
    html = str(escape(text))
    if words:
        pattern = re.compile("|".join(re.escape(w) for w in words))
        html = pattern.sub(lambda m: f'<span class="nowrap">{m.group(0)}</span>', html)
    return Markup(html)


def fill(template: str, **values: str) -> str:
    """``template`` with its {placeholders} replaced; unknown ones are left visible.

    Left visible rather than raising, so an office's edited wording never crashes a
    print run; the tests check the shipped wording leaves none.
    """
    text = " ".join(str(template).split())
    return _PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), text)
