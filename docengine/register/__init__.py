"""The saraban's books: number series, the send and receive registers, endorsements, chains.

>>> import os, tempfile
>>> from docengine.register import open_register
>>> reg = open_register(os.path.join(tempfile.mkdtemp(), "demo.sqlite3"))
>>> a = reg.allocate("ชม 0023.05", "normal", 2567)
>>> a.book_number
'ชม 0023.05/1'

Modules: ``db`` (engine, URL, locking), ``tables`` (the SQLAlchemy tables; the
validated input models are ``docengine.models``), ``migrate`` (Alembic, run on
open), ``numbering`` (series and number strings), ``agencies`` (agency data),
``entries`` (the book lines handed back, free of the database) and ``books`` (the
:class:`Register` API: the saraban's books behind one object).
"""

from .agencies import AgencyInfo, Signer, UnknownAgency
from .entries import Allocation, ChainNode, EndorsementRecord, FileRecord, LetterRecord, ReceiptRecord
from .books import STATUSES, NoRegister, NotFound, Register, init_register, open_register

__all__ = [
    "AgencyInfo", "Allocation", "ChainNode", "EndorsementRecord", "FileRecord", "LetterRecord",
    "NoRegister", "NotFound", "ReceiptRecord", "Register", "STATUSES", "Signer", "UnknownAgency", "init_register", "open_register",
]
