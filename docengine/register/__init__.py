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

# The names below load their module on first use: reading the shipped agency data
# (docengine.register.agencies, e.g. for the line breaker's place names) then does not
# import SQLAlchemy and the books, a quarter of a second a process (bench/allowance.py).
_EXPORTS = {
    "AgencyInfo": "agencies", "Signer": "agencies", "UnknownAgency": "agencies",
    "Allocation": "entries", "ChainNode": "entries", "EndorsementRecord": "entries", "FileRecord": "entries",
    "LetterRecord": "entries", "ReceiptRecord": "entries",
    "STATUSES": "books", "NoRegister": "books", "NotFound": "books", "Register": "books",
    "init_register": "books", "open_register": "books",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
