"""The engine: every document kind of one office, as :class:`~docengine.render.output.Document` objects.

``Engine(office)`` renders every template set ``docengine templates list`` shows —
letters, blank and filled forms, notices, reports — through the set's own context
builder (``context:`` in its manifest). Fonts, CSS and templates are loaded once per
engine; create one per process and reuse it.

>>> from docengine import Engine, Office
>>> engine = Engine(Office.sample())
>>> doc = engine.render("registration-pr", {"kind": "elderly", "fy": "2570"})
>>> doc.key, doc.formats, doc.pdf()[:5]
('notices/registration-pr', ('pdf', 'docx'), b'%PDF-')
"""

from __future__ import annotations

from pathlib import Path

from .office import Office
from .records.datafile import DataFile, read_document_data
from .render.document import Renderer
from .render.output import Document
from .render.templateset import list_sets


class Engine:
    """Renders the documents of one office (an :class:`~docengine.office.Office`, never a
    silent default: ``Office.sample()`` is the sample office). ``pdfa`` ("2u" or "3u")
    makes every PDF archival; by default the office's ``pdfa`` setting."""

    def __init__(self, office: Office, *, pdfa: str | None = None):
        self.renderer = Renderer(office, pdfa=pdfa)

    @property
    def office(self) -> Office:
        return self.renderer.office

    def kinds(self) -> list[str]:
        """Every template set this office can render ("letters/external", "forms/proxy", …),
        the office's own template folder included.

        >>> "notices/beneficiary-list" in Engine(Office.sample()).kinds()
        True
        """
        return [t.key for t in list_sets(self.office.template_dir)]

    def render(self, kind: str, data: dict | DataFile | str | Path, *, draft: bool = False) -> Document:
        """The document of ``kind`` (a set name, e.g. "external" or "beneficiary-list") from
        ``data``: a mapping of its fields, or the path of a YAML/JSON data file (a CSV/XLSX
        people file for a list or a form). Validated now, every problem at once
        (:class:`~docengine.errors.ValidationError`); each format is made when asked for.
        ``draft`` marks every page of a letter ร่าง."""
        if isinstance(data, (str, Path)):
            data = read_document_data(data)
        return self.renderer.document(kind, data, draft=draft)
