"""HTML → PDF with WeasyPrint, with fonts and stylesheets loaded once per process.

:class:`PdfEngine` owns one WeasyPrint FontConfiguration and the parsed stylesheets for a
font family; every document rendered through it reuses them. The text-layer fix and the
missing-glyph guard (docengine.render.textlayer) are always on, and so is the Thai
line-breaking pass (docengine.typeset): every text node of the HTML is marked with where
its lines may break before WeasyPrint lays it out.
"""

from __future__ import annotations

import atexit
import io
import json
import logging
import warnings
from functools import cache
from pathlib import Path
from typing import Any, Callable

from .confine import RefusedResource, confined_fetcher, refusals
from .fonts import FontFamily, font_family
from .justify import install as install_justify
from .textlayer import glyph_guard, install

log = logging.getLogger(__name__)


class PdfEngine:
    """Renders HTML strings to PDF bytes for one font family."""

    def __init__(self, family: FontFamily):
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        install()
        install_justify()
        _warn_if_slow_subsetting()
        self.family = family
        self.font_config = FontConfiguration()
        self._CSS = CSS
        self._stylesheets: dict[tuple, Any] = {}
        # Every URL a document or stylesheet names goes through a confined fetcher
        # (docengine.render.confine): the bundled fonts are always readable.
        self.font_roots = tuple(sorted({p.parent for p in family.faces.values()}))
        self.base = self.stylesheet_from_string(
            family.font_face_css() + f"\nhtml {{ font-family: '{family.name}'; }}", key=("base",)
        )

    def stylesheet_from_string(self, css: str | Callable[[], str], key: tuple, *, roots=()) -> Any:
        """Parse ``css`` once; later calls with the same ``key`` reuse the parsed sheet.

        ``css`` may be a function producing the text, so it is only built on first use;
        ``roots`` are the folders its url()s and @imports may read (besides the fonts).
        """
        sheet = self._stylesheets.get(key)
        if sheet is None:
            with refusals():
                sheet = self._CSS(string=css() if callable(css) else css, font_config=self.font_config,
                                  url_fetcher=confined_fetcher((*self.font_roots, *roots)))
            self._stylesheets[key] = sheet
        return sheet

    def render_document(self, html: str, *, base_url: str | Path | None = None,
                        stylesheets: list | tuple = (), roots=(), attachments_allowed: bool = False,
                        line_breaker=None) -> Any:
        """The laid-out WeasyPrint Document for ``html`` (pages and box tree), before PDF output.

        Callers that need the geometry of what they print (docengine.forms reads where
        each blank of a form landed) use this, then ``document.write_pdf()``.
        Call inside :func:`glyph_guard` to turn missing glyphs into errors.
        ``roots``: the folders the document may read (the template set, the office
        folder); ``<link rel=attachment>`` is refused unless ``attachments_allowed``.
        ``line_breaker`` (docengine.typeset.LineBreaker) holds the office's never-break
        words; the shipped dictionary when omitted.
        """
        from weasyprint import HTML

        from ..typeset import line_breaker as shipped_breaker
        from ..typeset import mark_html

        html = mark_html(html, line_breaker or shipped_breaker())
        with refusals():
            document = HTML(string=html, base_url=str(base_url) if base_url else None,
                            url_fetcher=confined_fetcher((*self.font_roots, *roots)))
            rendered = document.render(stylesheets=[self.base, *stylesheets], font_config=self.font_config)
        if rendered.metadata.attachments and not attachments_allowed:
            n = len(rendered.metadata.attachments)
            raise RefusedResource(
                f"the template embeds {n} file(s) (<link rel=attachment>) but its set does not declare "
                "attachments (page: attachments: true in manifest.yaml)",
                "แม่แบบแนบแฟ้มไว้ในเอกสาร แต่ชุดแม่แบบไม่ได้ประกาศว่าให้แนบแฟ้มได้")
        return rendered

    def write_pdf(
        self,
        html: str,
        *,
        base_url: str | Path | None = None,
        stylesheets: list | tuple = (),
        line_breaker=None,
        metadata: dict[str, str] | None = None,
        attachments: dict[str, bytes] | None = None,
        relationship: str = "Unspecified",
        roots=(),
        attachments_allowed: bool = False,
        finish: Callable[[Any], Any] | None = None,
        **options: Any,
    ) -> bytes:
        """PDF bytes for ``html``; ``metadata`` becomes document-info entries,
        ``attachments`` (name → bytes) embedded files (with ``relationship`` as their
        /AFRelationship in PDF/A-3); ``finish`` edits the laid-out Document before it is
        drawn (docengine.render.pagination fills the carry-over words); ``options`` go to WeasyPrint's
        ``write_pdf`` (e.g. ``full_fonts=True`` so chunks of one long list embed
        identical font files that a merge can share)."""
        from weasyprint import Attachment

        with glyph_guard(self.family.name), refusals():
            rendered = self.render_document(html, base_url=base_url, stylesheets=stylesheets, roots=roots,
                                            attachments_allowed=attachments_allowed, line_breaker=line_breaker)
            if finish is not None:
                finish(rendered)
            if metadata:
                rendered.metadata.custom.update({k: str(v) for k, v in metadata.items()})
                # WeasyPrint drops metadata.custom unless asked to write it.
                options.setdefault("custom_metadata", True)
            files = [Attachment(string=data, name=name, relationship=relationship) if isinstance(data, str)
                     else Attachment(file_obj=io.BytesIO(data), name=name, relationship=relationship)
                     for name, data in (attachments or {}).items()]
            return rendered.write_pdf(attachments=files or None, **options)


@cache
def pdf_engine(family_name: str | None = None) -> PdfEngine:
    """The process-wide engine for a font family (created on first use)."""
    return PdfEngine(font_family(family_name))


# Drop engines before interpreter teardown: WeasyPrint's FontConfiguration.__del__
# needs its cffi library, which is gone by then.
atexit.register(pdf_engine.cache_clear)


@cache
def _warn_if_slow_subsetting() -> None:
    import ctypes.util

    if not ctypes.util.find_library("harfbuzz-subset"):
        warnings.warn(
            "libharfbuzz-subset0 is not installed: WeasyPrint falls back to fontTools subsetting, "
            "about 4x slower (install it: apt-get install libharfbuzz-subset0)",
            RuntimeWarning,
            stacklevel=3,
        )


def metadata_json(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=True, default=str)
