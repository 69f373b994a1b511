"""Render a document of a template set to PDF and DOCX from one validated context.

>>> r = Renderer(Office.sample())
>>> prepared = r.prepare("external", load_sample("external"))
>>> prepared.context["book_number"]
'มท ๐๘๑๐.๖/ว ๕๒๕๖'
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from ..errors import DocengineError, Problem, ValidationError
from ..io import sha256_of
from ..office import Office, load_office
from ..records.datafile import DataFile, read_datafile
from ..resources import data_path
from .context import build_context, document_text
from .docx import furniture_images
from .environment import render_bounded, sandboxed_environment
from .merge import count_pages
from .templateset import TemplateSet, find_set, template_roots


# The space left after "ที่ ชม ๐๐๒๓.๓/ว" for a number written at dispatch: no-break spaces,
# so HTML keeps them and the DOCX shows the same gap (about 2 cm at 16 pt).
NUMBER_SPACE = "\u00a0" * 14


@dataclass
class Prepared:
    """A validated document ready to render: its set, data and display context."""

    tset: TemplateSet
    data: dict[str, Any]
    context: dict[str, Any]


@dataclass
class RenderResult:
    files: dict[Path, str] = field(default_factory=dict)  # path -> sha256
    pages: int | None = None
    summary: str = ""  # one line about the content (counts), from the document


class Renderer:
    """Renders template sets for one office. Create once; reuse for many documents."""

    def __init__(self, office: Office | str | Path, *, pdfa: str | None = None):
        from ..archive.pdfa import check_level

        if office is None:  # never a silent sample office: a letter would be signed by its mayor
            raise DocengineError("Renderer needs the office it writes for: Renderer(Office.load(path)), "
                                 "or Renderer(Office.sample()) for the sample office",
                                 "ระบุหน่วยงานผู้ออกเอกสาร: Office.load(path) หรือ Office.sample()")
        self.office = office if isinstance(office, Office) else load_office(office)
        # PDF/A level of every PDF this renderer writes: the option, else the office's default.
        self.pdfa = check_level(pdfa or self.office.get("pdfa"))

    # -- set-up shared by every document (cached) --------------------------------------
    @cached_property
    def roots(self) -> tuple[Path, ...]:
        return tuple(template_roots(self.office.template_dir))

    @cached_property
    def env(self):
        return sandboxed_environment(self.roots)

    @cached_property
    def readable(self) -> tuple[Path, ...]:
        """Folders a document may read while rendering (docengine.render.confine): the
        template roots and the office folder; the PDF engine adds the bundled fonts."""
        return (*self.roots, *([self.office.base_dir] if self.office.base_dir else []))

    def pdf_access(self, tset: TemplateSet) -> dict:
        """Keyword arguments for PdfEngine: what ``tset`` may read and whether it may
        embed files (``page: {attachments: true}`` in its manifest)."""
        return {"roots": self.readable, "attachments_allowed": tset.page.get("attachments") is True}

    @cached_property
    def pdf_engine(self):
        from .pdf import pdf_engine

        return pdf_engine(self.office.font)

    @cached_property
    def docx_engine(self):
        from .docx import docx_engine

        return docx_engine()

    @cached_property
    def line_breaker(self):
        """Where lines may break, with this office's never-break words (docengine.typeset)."""
        from ..typeset import line_breaker

        return line_breaker(self.office)

    def find(self, name: str) -> TemplateSet:
        return find_set(name, self.office.template_dir)

    # -- one document --------------------------------------------------------------------
    def prepare(self, set_name: str | TemplateSet, data: dict | DataFile,
                *, extra: dict | None = None, draft: bool = False) -> Prepared:
        """Validate ``data`` against the set's schema; raises ValidationError with every problem.

        A letter without ``book_number`` (offices number at dispatch) shows its
        agency code and series with a space for the number; ``draft`` puts a
        ร่าง watermark on every page.
        """
        tset = set_name if isinstance(set_name, TemplateSet) else self.find(set_name)
        doc = data if isinstance(data, DataFile) else DataFile(None, data)
        defaults = self.office.letter_defaults() if tset.manifest.get("kind") == "letter" else {}
        # ``{official: ROLE}`` in the data names one of the office's officials (issue 9).
        values, problems = tset.schema.validate(self.office.resolve_officials(doc.data), defaults=defaults)
        pending = None
        if not problems:
            pending, problems = self._pending_number(tset, values)
        if tset.manifest.get("kind") == "letter":
            problems += self._future_problems(values)
        if problems:
            raise ValidationError([_locate(p, doc) for p in problems],
                                  context=str(doc.path) if doc.path else tset.key)
        digits = tset.page.get("digits", "thai")
        context = build_context(tset.schema, values, digits=digits,
                                date_prefix=tset.page.get("date_prefix"), extra={
            "digits": digits,
            "office": self.office.data,
            "emblem": self.office.emblem.as_uri() if self.office.emblem else None,
            "set": {"key": tset.key, "title": tset.title},
            "draft": bool(draft),
            **({"book_number": document_text(pending, digits) + NUMBER_SPACE} if pending else {}),
            **(extra or {}),
        })
        return Prepared(tset, values, context)

    def _pending_number(self, tset: TemplateSet, values: dict) -> tuple[str | None, list[Problem]]:
        """The ที่ of a letter numbered at dispatch: agency code and series, the number left blank.

        Only for sets whose number comes from a letter series (``series`` in the
        schema: normal, circular ว, memo); returns (prefix, problems).
        """
        fields = tset.schema.fields
        if values.get("book_number") or "book_number" not in fields or "series" not in fields:
            return None, []
        from ..register.numbering import book_number_prefix, normalize_book_number

        code = (values.get("agency") or {}).get("code") or self.office.get("agency_code")
        if not code:
            return None, [Problem("book_number", None, en="give book_number, or agency.code to print the "
                                  "agency code and series with a space for the number",
                                  th="ระบุ book_number หรือ agency.code เพื่อพิมพ์รหัสหน่วยงานโดยเว้นช่องเลขที่")]
        try:
            return book_number_prefix(normalize_book_number(str(code)), values.get("series") or "normal"), []
        except DocengineError as exc:
            return None, [Problem("series", values.get("series"), en=exc.en, th=exc.th or exc.en)]

    def _future_problems(self, values: dict) -> list:
        """A letter's date may not lie beyond the office's future tolerance (render and issue alike)."""
        import datetime as dt

        from docengine.thai import ThaiDateError, check_not_future

        when = values.get("date")
        if not isinstance(when, dt.date):
            return []
        try:
            check_not_future(when, tolerance=self.office.future_tolerance, what="date")
        except ThaiDateError as exc:
            return [Problem("date", when.isoformat(), exc.th, exc.en)]
        return []

    def html(self, prepared: Prepared) -> str:
        from jinja2 import TemplateError

        try:
            return render_bounded(self.env.get_template(prepared.tset.html_template), prepared.context)
        except TemplateError as exc:
            raise template_error(exc) from None

    def stylesheets(self, tset: TemplateSet) -> list:
        """The set's stylesheets, rendered with the font scale and parsed once per process."""
        engine = self.pdf_engine
        digits = tset.page.get("digits", "thai")

        justify = self.office.justify

        def source(name):
            return lambda: render_bounded(self.env.get_template(name), {
                "pt": lambda v: round(engine.family.pt(v), 2), "digits": digits, "justify": justify,
                "furniture": furniture_images()})  # Garuda frame, seal: pictures shared with the DOCX

        return [engine.stylesheet_from_string(source(name), key=(self.roots, name, digits, justify),
                                              roots=self.readable)
                for name in tset.page.get("stylesheets", [])]

    def render_pdf(self, prepared: Prepared, *, enclosures: list[Path] = (),
                   metadata: dict | None = None, attachments: dict | None = None,
                   **pdf_options) -> bytes:
        """PDF bytes; ``pdf_options`` are passed to WeasyPrint (see PdfEngine.write_pdf).

        With a PDF/A level (``self.pdfa``) the PDF is written as PDF/A, kept so after
        enclosures are appended, and refused with the broken rule if it does not pass
        the structural check (docengine.archive).
        """
        from ..archive import pdfa as archival
        from .pagination import finish_letter_pages

        if self.pdfa:
            attachments, relationship = archival.writer_attachments(self.pdfa, attachments)
            pdf_options.update(pdf_variant=archival.weasyprint_variant(self.pdfa), relationship=relationship)

        finish = None
        if prepared.tset.manifest.get("kind") == "letter":
            carry_over = self.office.carry_over_word
            finish = lambda document: finish_letter_pages(document, carry_over_word=carry_over)  # noqa: E731
        pdf = self.pdf_engine.write_pdf(
            self.html(prepared),
            base_url=prepared.tset.folder,
            stylesheets=self.stylesheets(prepared.tset),
            line_breaker=self.line_breaker,
            metadata=metadata,
            attachments=attachments,
            **self.pdf_access(prepared.tset),
            finish=finish,
            **pdf_options,
        )
        if enclosures:
            from .merge import append_pdfs

            pdf = append_pdfs(pdf, enclosures)
            if self.pdfa:
                pdf = archival.conform_bytes(pdf, self.pdfa)
        if self.pdfa:
            archival.ensure(pdf, self.pdfa, prepared.tset.key)
        return pdf

    def render_docx(self, prepared: Prepared, *, metadata: dict | None = None, identifier: str | None = None) -> bytes:
        template = prepared.tset.docx_template
        if template is None:
            raise DocengineError(
                f"template set {prepared.tset.key} has no template.docx",
                f"ชุดแม่แบบ {prepared.tset.key} ไม่มีแม่แบบ DOCX",
            )
        return self.docx_engine.render(template, prepared.context, self.env, metadata=metadata,
                                       identifier=identifier, emblem=self.office.emblem)

    def document(self, set_name: str | TemplateSet, data: dict | DataFile, *, draft: bool = False):
        """The :class:`~docengine.render.output.Document` of ``data`` in the set ``set_name``,
        built by the set's own context builder (``context:`` in its manifest): validated
        (every problem at once) and computed now, each format rendered when asked for."""
        tset = set_name if isinstance(set_name, TemplateSet) else self.find(set_name)
        doc = data if isinstance(data, DataFile) else DataFile(None, data)
        return tset.builder()(self, tset, doc, draft=draft)

    def render(self, set_name: str | TemplateSet, data: dict | DataFile, *, pdf: Path | None = None,
               docx: Path | None = None, xlsx: Path | None = None, enclosures: list[Path] = (),
               metadata: dict | None = None, attachments: dict | None = None,
               draft: bool = False) -> RenderResult:
        """Validate, render and write the requested outputs atomically (``draft``: ร่าง watermark)."""
        document = self.document(set_name, data, draft=draft)
        outputs = document.save(pdf=pdf, docx=docx, xlsx=xlsx, enclosures=list(enclosures),
                                metadata=metadata, attachments=attachments)
        result = RenderResult(summary=document.summary)
        for path, blob in outputs.items():
            result.files[path] = sha256_of(blob)
        if pdf:
            result.pages = count_pages(outputs[Path(pdf)])
        return result


def template_error(exc: Exception) -> DocengineError:
    """A bilingual error for a template that failed while rendering, naming file and line.

    Jinja rewrites tracebacks so template frames carry the template's file and line.
    """
    import traceback

    where = ""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".j2", ".html", ".xml")):
            where = f"{frame.filename}:{frame.lineno}: "
            break
    kind = type(exc).__name__
    return DocengineError(f"{where}template error ({kind}): {exc}",
                          f"{where}แม่แบบทำงานผิดพลาด ({kind})")


def _locate(problem: Problem, doc: DataFile) -> Problem:
    if doc.path is None:
        return problem
    keys = [int(k) - 1 if k.isdigit() else k
            for k in problem.field.replace("]", "").replace("[", ".").split(".") if k]
    line = doc.line_of(*keys)
    return replace(problem, source=f"{doc.path.name}:{line}" if line else doc.path.name)


def sample_path(set_name: str) -> Path:
    """The sample data file of a set in data/samples/ (``letters/external`` → letter-external.yaml)."""
    return data_path("samples", "documents", f"{set_name.split('/')[-1]}.yaml")


def load_sample(set_name: str) -> DataFile:
    return read_datafile(sample_path(set_name))
