"""Append enclosure PDFs to a rendered letter, in order."""

from __future__ import annotations

import io
from pathlib import Path

from ..errors import DocengineError


def append_pdfs(pdf: bytes, enclosures: list[Path]) -> bytes:
    """``pdf`` followed by every page of each enclosure; document info and attachments kept."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PdfReadError

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for enclosure in enclosures:
        try:
            writer.append(PdfReader(str(enclosure)))
        except (PdfReadError, OSError, ValueError) as exc:
            raise DocengineError(f"enclosure {enclosure} is not a readable PDF: {exc}",
                                 f"สิ่งที่ส่งมาด้วย {enclosure} ไม่ใช่แฟ้ม PDF ที่อ่านได้") from None
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
