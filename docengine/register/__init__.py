"""The saraban's books: number series, the send and receive registers, endorsements, chains.

>>> import os, tempfile
>>> from docengine.register import open_register
>>> reg = open_register(os.path.join(tempfile.mkdtemp(), "demo.sqlite3"))
>>> a = reg.allocate("ชม 0023.05", "normal", 2567)
>>> a.book_number
'ชม 0023.05/1'

Modules: ``db`` (engine, URL, locking), ``models`` (tables), ``migrate``
(Alembic, run on open), ``numbering`` (series and number strings),
``agencies`` (agency data), ``entries`` (returned records), ``records``
(the :class:`Register` API).
"""

from .agencies import AgencyInfo, Signer, UnknownAgency
from .entries import Allocation, ChainNode, EndorsementRecord, FileRecord, LetterRecord, ReceiptRecord
from .records import STATUSES, NoRegister, NotFound, Register, init_register, open_register

__all__ = [
    "AgencyInfo", "Allocation", "ChainNode", "EndorsementRecord", "FileRecord", "LetterRecord",
    "NoRegister", "NotFound", "ReceiptRecord", "Register", "STATUSES", "Signer", "UnknownAgency", "init_register", "open_register",
]
