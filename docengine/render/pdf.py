"""HTML → PDF with WeasyPrint, with fonts and stylesheets loaded once per process.

:class:`PdfEngine` owns one WeasyPrint FontConfiguration and the parsed stylesheets for a
font family; every document rendered through it reuses them. The text-layer fix and the
missing-glyph guard (docengine.render.textlayer) are always on.
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

from .fonts import FontFamily, font_family
from .textlayer import glyph_guard, install

log = logging.getLogger(__name__)


class PdfEngine:
    """Renders HTML strings to PDF bytes for one font family."""

    def __init__(self, family: FontFamily):
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        install()
        _warn_if_slow_subsetting()
        self.family = family
        self.font_config = FontConfiguration()
        self._CSS = CSS
        self._stylesheets: dict[tuple, Any] = {}
        self.base = self.stylesheet_from_string(
            family.font_face_css() + f"\nhtml {{ font-family: '{family.name}'; }}", key=("base",)
        )

    def stylesheet_from_string(self, css: str | Callable[[], str], key: tuple) -> Any:
        """Parse ``css`` once; later calls with the same ``key`` reuse the parsed sheet.

        ``css`` may be a function producing the text, so it is only built on first use.
        """
        sheet = self._stylesheets.get(key)
        if sheet is None:
            sheet = self._CSS(string=css() if callable(css) else css, font_config=self.font_config)
            self._stylesheets[key] = sheet
        return sheet

    def render_document(self, html: str, *, base_url: str | Path | None = None,
                        stylesheets: list | tuple = ()) -> Any:
        """The laid-out WeasyPrint Document for ``html`` (pages and box tree), before PDF output.

        Callers that need the geometry of what they print (docengine.forms reads where
        each blank of a form landed) use this, then ``document.write_pdf()``.
        Call inside :func:`glyph_guard` to turn missing glyphs into errors.
        """
        from weasyprint import HTML

        document = HTML(string=html, base_url=str(base_url) if base_url else None)
        return document.render(stylesheets=[self.base, *stylesheets], font_config=self.font_config)

    def write_pdf(
        self,
        html: str,
        *,
        base_url: str | Path | None = None,
        stylesheets: list | tuple = (),
        metadata: dict[str, str] | None = None,
        attachments: dict[str, bytes] | None = None,
        relationship: str = "Unspecified",
        **options: Any,
    ) -> bytes:
        """PDF bytes for ``html``; ``metadata`` becomes document-info entries,
        ``attachments`` (name → bytes) embedded files (with ``relationship`` as their
        /AFRelationship in PDF/A-3); ``options`` go to WeasyPrint's
        ``write_pdf`` (e.g. ``full_fonts=True`` so chunks of one long list embed
        identical font files that a merge can share)."""
        from weasyprint import Attachment

        with glyph_guard(self.family.name):
            rendered = self.render_document(html, base_url=base_url, stylesheets=stylesheets)
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
