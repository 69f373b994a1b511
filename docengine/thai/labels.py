"""The Thai words for the states of docengine's records, from data/labels.yaml (one wording each).

>>> status_word("issued"), status_word("failed")
('ออกเลขแล้ว', 'ออกเลขไม่สำเร็จ')
>>> status_word("unknown-state")
'unknown-state'
"""

from __future__ import annotations

from typing import Any

from .. import refdata

STATES = ("reserved", "issued", "cancelled", "failed")


@refdata.dataset("labels", "labels.yaml")
def _check(content: Any) -> list[str]:
    words = (content or {}).get("register_status") if isinstance(content, dict) else None
    if not isinstance(words, dict):
        return ["register_status: expected a mapping of state to Thai word"]
    return [f"register_status.{state}: missing or empty" for state in STATES
            if not isinstance(words.get(state), str) or not words[state].strip()]


def status_word(status: str) -> str:
    """The Thai word for a register state (reserved, issued, cancelled, failed); an unknown
    state is shown as it is."""
    return refdata.load("labels")["register_status"].get(status, status)
