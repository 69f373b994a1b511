"""Append enclosure PDFs to a rendered letter, in order."""

from __future__ import annotations

import io
from pathlib import Path

import re

from .. import limits
from ..errors import DocengineError

_STREAM = re.compile(r"(?:stream )?<_io\.BytesIO object at 0x[0-9a-f]+>:?\s*")


def pdf_problem(exc: BaseException) -> str:
    """What qpdf (pikepdf) says is wrong with a PDF, without its name for an in-memory stream.

    >>> import pikepdf
    >>> try:
    ...     pikepdf.open(io.BytesIO(b"not a pdf"))
    ... except pikepdf.PdfError as exc:
    ...     pdf_problem(exc)
    'unable to find trailer dictionary while recovering damaged file'
    """
    return _STREAM.sub("", str(exc))[:200]


def append_pdfs(pdf: bytes, enclosures: list[Path | bytes]) -> bytes:
    """``pdf`` followed by every page of each enclosure (a path, or PDF bytes made in memory such as
    a certified copy); document info and attachments kept. pikepdf (qpdf), the one PDF
    library docengine assembles with.

    >>> from docengine.render.merge import count_pages
    >>> import pikepdf; one = io.BytesIO(); p = pikepdf.new(); _ = p.add_blank_page(); p.save(one)
    >>> count_pages(append_pdfs(one.getvalue(), [one.getvalue(), one.getvalue()]))
    3
    """
    import pikepdf

    out = pikepdf.open(io.BytesIO(pdf))
    sources = []
    try:
        for enclosure in enclosures:
            in_memory = isinstance(enclosure, bytes)
            name = "(made in memory)" if in_memory else enclosure
            size = len(enclosure) if in_memory else Path(enclosure).stat().st_size
            if size > limits.ENCLOSURE_BYTES:
                raise DocengineError(f"enclosure {name}: {size:,} bytes, more than the limit of "
                                     f"{limits.ENCLOSURE_BYTES:,}",
                                     f"สิ่งที่ส่งมาด้วย {name} มีขนาด {size:,} ไบต์ เกินกำหนด")
            try:
                source = pikepdf.open(io.BytesIO(enclosure) if in_memory else str(enclosure))
                sources.append(source)
                out.pages.extend(source.pages)
            # A damaged or hostile PDF fails in qpdf (PdfError) or while walking its objects.
            except Exception as exc:
                raise DocengineError(f"enclosure {name} is not a readable PDF: {type(exc).__name__}: "
                                     f"{pdf_problem(exc)}", f"สิ่งที่ส่งมาด้วย {name} ไม่ใช่แฟ้ม PDF ที่อ่านได้") from None
        buffer = io.BytesIO()
        out.save(buffer)
        return buffer.getvalue()
    finally:
        for source in sources:
            source.close()
        out.close()


def count_pages(pdf: bytes) -> int:
    """Pages of a PDF in memory."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return len(doc.pages)
