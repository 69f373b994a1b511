"""Endorse (เกษียน) a received letter and bring its stamped copy up to date.

>>> # e, path = endorse_receipt(reg, 5, by="นายสมปอง", position="ปลัดเทศบาล", text="เพื่อโปรดพิจารณา")

The endorsement is validated and recorded by the register first (a bad one
changes nothing); then the stamped copy is re-generated from the received
original with every endorsement in order (docengine.chain.stamp). A receipt
without a stamped copy (received without its PDF) just records the endorsement.
"""

from __future__ import annotations

from pathlib import Path


def endorse_receipt(reg, receipt_id: int, *, by: str, position: str, text: str, when=None, renderer=None):
    """Record the next endorsement; returns (EndorsementRecord, path of the re-generated copy or None)."""
    from .receive import restamp

    from docengine.faults import checkpoint

    receipt = reg.get_receipt(receipt_id)  # unknown id → clear error before anything is written
    stamped = [f for f in receipt.files if f.role == "stamped"]
    has_copy = bool(stamped) and Path(stamped[-1].path).is_file()
    # The receipt is marked "stamp pending" with the endorsement, so a crash before the
    # copy is re-made leaves it marked, and `register recover` re-makes it.
    endorsement = reg.endorse(receipt.id, by, position, text, when, restamp=has_copy)
    checkpoint("endorse:recorded")
    if not has_copy:
        return endorsement, None
    _, path = restamp(reg, receipt.id, renderer=renderer)
    return endorsement, path
