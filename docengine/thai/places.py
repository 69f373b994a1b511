"""The 77 provinces and their two-letter codes, as used in the "ที่" of letters.

Codes come from ``data/provinces.yaml`` (domain brief §3.8). Names may be
given with a ``จังหวัด``/``จ.`` prefix or in a common short form (``กทม.``,
``กรุงเทพฯ``); codes with or without dots.

>>> province_code("เชียงใหม่"), province_code("จ.กระบี่"), province_code("กทม.")
('ชม', 'กบ', 'กท')
>>> province_name("บก")
'บึงกาฬ'
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from docengine import refdata

from .errors import ProvinceError

PROVINCE_COUNT = 77

_CODE = re.compile(r"[\u0e01-\u0e2e]{2}")  # two Thai consonants
_PREFIX = re.compile(r"^(?:จังหวัด|จ\.)\s*")


@refdata.dataset("provinces", "provinces.yaml")
def validate_provinces(content: dict[str, Any]) -> list[str]:
    """Problems with the province file (empty when it is good).

    >>> validate_provinces({"provinces": {"เชียงใหม่": "ชม"}})
    ['provinces: expected 77 provinces, found 1']
    """
    provinces = content.get("provinces")
    if not isinstance(provinces, dict):
        return ["provinces: expected a mapping of province name -> code"]
    problems = []
    if len(provinces) != PROVINCE_COUNT:
        problems.append(f"provinces: expected {PROVINCE_COUNT} provinces, found {len(provinces)}")
    for name, code in provinces.items():
        if not isinstance(name, str) or not name.strip():
            problems.append(f"provinces: empty province name (code {code!r})")
        if not isinstance(code, str) or not _CODE.fullmatch(code):
            problems.append(f"provinces.{name}: code must be two Thai consonants, got {code!r}")
    codes = [c for c in provinces.values() if isinstance(c, str)]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        problems.append(f"provinces: codes used twice: {', '.join(duplicates)}")
    for key, targets in (("name_aliases", set(provinces)), ("code_aliases", set(codes))):
        aliases = content.get(key, {})
        if not isinstance(aliases, dict):
            problems.append(f"{key}: expected a mapping")
            continue
        for alias, target in aliases.items():
            if target not in targets:
                kind = "name" if key == "name_aliases" else "code"
                problems.append(f"{key}.{alias}: {target!r} is not a province {kind}")
    return problems


def provinces() -> dict[str, str]:
    """All 77 provinces: official name → code.

    >>> len(provinces())
    77
    """
    return dict(refdata.load("provinces")["provinces"])


def province_code(name: str) -> str:
    """The two-letter code of the province called ``name``.

    >>> province_code("จังหวัดบึงกาฬ")
    'บก'
    """
    data = refdata.load("provinces")
    text = _PREFIX.sub("", " ".join(str(name).split()))
    official = data.get("name_aliases", {}).get(text, text)
    try:
        return data["provinces"][official]
    except KeyError:
        raise ProvinceError(
            f"{name!r} is not one of the {PROVINCE_COUNT} provinces{_suggest(text, data['provinces'])}",
            f"{name!r} ไม่ใช่ชื่อจังหวัด{_suggest(text, data['provinces'], thai=True)}",
        ) from None


def province_name(code: str) -> str:
    """The official name of the province whose code is ``code``.

    >>> province_name("กท"), province_name("กทม.")
    ('กรุงเทพมหานคร', 'กรุงเทพมหานคร')
    """
    data = refdata.load("provinces")
    text = "".join(str(code).split()).replace(".", "")
    text = data.get("code_aliases", {}).get(text, text)
    by_code = {c: n for n, c in data["provinces"].items()}
    try:
        return by_code[text]
    except KeyError:
        raise ProvinceError(
            f"{code!r} is not a province code (two Thai letters such as ชม for เชียงใหม่)",
            f"{code!r} ไม่ใช่รหัสจังหวัด (อักษรไทยสองตัว เช่น ชม = เชียงใหม่)",
        ) from None


def _suggest(text: str, names: dict[str, str], thai: bool = False) -> str:
    close = difflib.get_close_matches(text, list(names), n=3, cutoff=0.6)
    if not close:
        return ""
    return f" หรือหมายถึง {', '.join(close)}" if thai else f"; did you mean {', '.join(close)}?"
