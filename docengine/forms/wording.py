"""Printed wording of the registration forms that varies by form and version.

The lists live in ``data/allowance/forms.yaml`` (with their source); layout lives in
``templates/forms/``.

>>> wording("elderly-old")["committee_options"][0]
'สมควรรับขึ้นทะเบียน'
"""

from __future__ import annotations

from .. import refdata

_LISTS = ("welfare", "attachments", "declarations", "officer_options", "committee_options", "order_options")


@refdata.dataset("form_wording", "allowance/forms.yaml")
def _validate(content) -> list[str]:
    forms = (content or {}).get("forms")
    if not isinstance(forms, dict) or not forms:
        return ["forms: must be a mapping of form keys to wording"]
    problems = []
    for key, spec in forms.items():
        if not isinstance((spec or {}).get("title"), str):
            problems.append(f"forms.{key}.title: must be text")
        for name in _LISTS:
            items = (spec or {}).get(name)
            if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
                problems.append(f"forms.{key}.{name}: must be a list of text")
    return problems


def wording(form_key: str) -> dict:
    """The wording of ``elderly-2566``, ``elderly-old`` or ``disability``."""
    return refdata.load("form_wording")["forms"][form_key]
