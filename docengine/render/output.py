"""A rendered document: what a template set makes from one input, in each format it has.

Every template set names its context builder in its manifest (``context:
docengine.forms.context:build``). A builder validates the input (every problem at
once), computes what the page shows, and returns a :class:`Document` whose formats are
made on demand: ``pdf()``, ``docx()``, ``xlsx()``. ``save()`` renders every format asked
for first, then writes them all-or-nothing (docengine.io.write_all). One render path
therefore serves letters, forms, notices and reports, and a new kind needs no new CLI code.

>>> from docengine.office import Office
>>> from docengine.render.document import Renderer
>>> doc = Renderer(Office.sample()).document("external", {
...     "book_number": "ชม 52101/123", "date": "2024-01-05", "subject": "ทดสอบ",
...     "recipient": "นายอำเภอฝาง", "body": ["ข้อความ"]})
>>> doc.key, doc.formats
('letters/external', ('pdf', 'docx'))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import DocengineError

FORMATS = ("pdf", "docx", "xlsx")


def context_builder(fn: Callable) -> Callable:
    """Mark ``fn`` as a context builder a template set's manifest may name.

    A builder is called as ``fn(renderer, tset, data, draft=False)`` with ``data`` a
    :class:`~docengine.records.datafile.DataFile` and returns a :class:`Document`. Only
    marked functions of docengine may be named, so a manifest (an office's own template
    folder included) can choose among docengine's builders but never run other code.
    """
    fn.__docengine_context_builder__ = True
    return fn


@dataclass
class Document:
    """One document of a template set, each format rendered when first asked for.

    ``makers`` maps a format (``pdf``, ``docx``, ``xlsx``) to a function returning its
    bytes; ``options`` names the keyword options a format's maker takes (a letter's PDF
    takes ``enclosures``, ``metadata`` and ``attachments``). ``summary`` is one line
    about the content (counts, pages) for the command line; ``prepared`` is the validated
    context when the document has a single one.
    """

    tset: Any  # docengine.render.templateset.TemplateSet
    makers: dict[str, Callable[..., bytes]]
    options: dict[str, frozenset] = field(default_factory=dict)
    summary: str = ""
    prepared: Any = None  # docengine.render.document.Prepared
    _made: dict[str, bytes] = field(default_factory=dict, repr=False)

    @property
    def key(self) -> str:
        """The template set, e.g. ``letters/external``."""
        return self.tset.key

    @property
    def kind(self) -> str:
        """The set's kind from its manifest: letter, form, notice."""
        return self.tset.manifest["kind"]

    @property
    def formats(self) -> tuple[str, ...]:
        """The formats this document has, in the order pdf, docx, xlsx."""
        return tuple(f for f in FORMATS if f in self.makers)

    def pdf(self, **options) -> bytes:
        """The PDF (a letter's takes ``enclosures=[paths]``, ``metadata``, ``attachments``)."""
        return self._make("pdf", options)

    def docx(self, **options) -> bytes:
        """The editable Word version."""
        return self._make("docx", options)

    def xlsx(self) -> bytes:
        """The spreadsheet version (lists, reports and calendars)."""
        return self._make("xlsx", {})

    def save(self, pdf: str | Path | None = None, docx: str | Path | None = None,
             xlsx: str | Path | None = None, *, enclosures=(), metadata: dict | None = None,
             attachments: dict | None = None) -> dict[Path, bytes]:
        """Render each format given a path, then write them all-or-nothing; returns path → bytes.

        ``enclosures`` (PDFs appended in order) and ``attachments`` go to a letter's PDF,
        ``metadata`` to its PDF and DOCX. Nothing is written when any format fails
        (docengine.io.write_all).
        """
        from ..io import write_all

        wanted = {fmt: Path(p) for fmt, p in (("pdf", pdf), ("docx", docx), ("xlsx", xlsx)) if p}
        if not wanted:
            raise DocengineError("give at least one of pdf=, docx=, xlsx= to save",
                                 "ระบุที่เก็บแฟ้มอย่างน้อยหนึ่งอย่าง (pdf, docx หรือ xlsx)")
        missing = [fmt for fmt in wanted if fmt not in self.makers]
        if missing:
            raise self._no_format(missing)
        options = {"pdf": {"enclosures": list(enclosures), "metadata": metadata, "attachments": attachments},
                   "docx": {"metadata": metadata} if "metadata" in self.options.get("docx", ()) else {}}
        outputs = {path: self._make(fmt, options.get(fmt, {})) for fmt, path in wanted.items()}
        write_all(outputs)
        return outputs

    def _make(self, fmt: str, options: dict) -> bytes:
        if fmt not in self.makers:
            raise self._no_format([fmt])
        options = {k: v for k, v in options.items() if v not in (None, (), [], {})}
        extra = sorted(set(options) - self.options.get(fmt, frozenset()))
        if extra:
            names = ", ".join(extra)
            raise DocengineError(f"{self.key}: its {fmt.upper()} takes no {names} (only letters take "
                                 f"enclosures and attachments)",
                                 f"{self.key}: แฟ้ม {fmt.upper()} ของชุดแม่แบบนี้ไม่รับ {names}")
        if options:
            return self.makers[fmt](**options)
        if fmt not in self._made:
            self._made[fmt] = self.makers[fmt]()
        return self._made[fmt]

    def _no_format(self, formats: list[str]) -> DocengineError:
        names = ", ".join(f.upper() for f in formats)
        has = ", ".join(f.upper() for f in self.formats)
        return DocengineError(f"{self.key} has no {names} version (it has {has})",
                              f"ชุดแม่แบบ {self.key} ไม่มีแฟ้ม {names} (มี {has})")
