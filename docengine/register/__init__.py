"""The saraban's books: number series, the send and receive registers, endorsements, chains.

>>> from docengine.register import open_register          # doctest: +SKIP
>>> reg = open_register("/tmp/demo.sqlite3")               # doctest: +SKIP
>>> a = reg.allocate("ชม 0023.05", "normal", 2567)        # doctest: +SKIP
>>> a.book_number                                          # doctest: +SKIP
'ชม 0023.05/1'

Modules: ``db`` (engine, URL, locking), ``models`` (tables), ``migrate``
(Alembic, run on open), ``numbering`` (series and number strings),
``agencies`` (agency data), ``entries`` (returned records), ``records``
(the :class:`Register` API).
"""

from .agencies import AgencyInfo, Signer, UnknownAgency
from .entries import Allocation, ChainNode, EndorsementRecord, FileRecord, LetterRecord, ReceiptRecord
from .records import STATUSES, NotFound, Register, open_register

__all__ = [
    "AgencyInfo", "Allocation", "ChainNode", "EndorsementRecord", "FileRecord", "LetterRecord",
    "NotFound", "ReceiptRecord", "Register", "STATUSES", "Signer", "UnknownAgency", "open_register",
]
