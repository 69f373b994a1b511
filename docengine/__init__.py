"""docengine: Thai official correspondence, drafted, numbered, rendered and tracked.

The root package is the public API (docs/api.md; every name is in docs/glossary.md)::

    from docengine import Engine, Office
    doc = Engine(Office.load("office.yaml")).render("external", "letter.yaml")
    doc.save(pdf="letter.pdf", docx="letter.docx")

- :class:`Office` — who writes: ``Office.load(path)``; ``Office.sample()`` is the sample office.
- :class:`Engine` — ``engine.render(kind, data) -> Document`` for every kind ``templates list`` shows.
- :class:`Document` — ``.pdf() / .docx() / .xlsx() / .save(pdf=…, docx=…, xlsx=…)``.
- :class:`Register` — the saraban's books: ``Register.open(url, office=…)``; with it
  :func:`issue_letter` (ออกเลข), :func:`receive_pdf` (ลงรับ and stamp), :func:`endorse_receipt`
  (เกษียน), :func:`forward_letter` (แจ้งต่อ), and ``register.list(book, year)``.
- :func:`read_people` — a people file (CSV/XLSX) validated into :class:`Person` rows.
- :mod:`docengine.thai` — Thai digits, Buddhist-era dates, baht in words, citizen IDs.

The package follows the data flow of a document:

    records/   read input files (YAML/JSON letters, CSV/XLSX people)
    models/    validate them into domain objects (schemas, Person …)
    thai/      Thai formatting: digits, Buddhist-era dates, baht text, citizen IDs
    typeset/   where Thai lines may break (word-safe), for PDF and DOCX
    render/    template sets → HTML → PDF (WeasyPrint), DOCX, XLSX
    forms/ notices/ allowance/   the welfare-allowance documents and their rules
    register/  the saraban's books: numbers, receipts, endorsements, chains
    chain/     the documents that go with the books (issue, forward, receive, endorse)
    archive/ sign/   PDF/A and digital signatures
    cli/       the ``docengine`` command, a thin layer over this API

>>> import docengine
>>> docengine.__all__  # doctest: +NORMALIZE_WHITESPACE
['DocengineError', 'Document', 'Engine', 'Office', 'Person', 'Register', 'ValidationError',
 'endorse_receipt', 'forward_letter', 'issue_letter', 'read_people', 'receive_pdf', 'thai']
"""

from __future__ import annotations

__version__ = "0.1.0"

# name -> module: imported on first use, so that ``import docengine`` (and the command
# line's start-up) stays light.
_EXPORTS = {
    "Office": "docengine.office",
    "Engine": "docengine.engine",
    "Document": "docengine.render.output",
    "Register": "docengine.register.books",
    "issue_letter": "docengine.chain",
    "receive_pdf": "docengine.chain",
    "endorse_receipt": "docengine.chain",
    "forward_letter": "docengine.chain",
    "read_people": "docengine.records.people",
    "Person": "docengine.models.person",
    "DocengineError": "docengine.errors",
    "ValidationError": "docengine.errors",
    "thai": "docengine.thai",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    from importlib import import_module

    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'docengine' has no attribute {name!r}")
    value = import_module(module) if name == "thai" else getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted([*globals(), *__all__])
