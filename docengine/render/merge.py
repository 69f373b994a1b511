"""Append enclosure PDFs to a rendered letter, in order."""

from __future__ import annotations

import io
from pathlib import Path

from .. import limits
from ..errors import DocengineError


def append_pdfs(pdf: bytes, enclosures: list[Path | bytes]) -> bytes:
    """``pdf`` followed by every page of each enclosure (a path, or PDF bytes made in memory such as
    a certified copy); document info and attachments kept."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PdfReadError

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for enclosure in enclosures:
        in_memory = isinstance(enclosure, bytes)
        name = "(made in memory)" if in_memory else enclosure
        size = len(enclosure) if in_memory else Path(enclosure).stat().st_size
        if size > limits.ENCLOSURE_BYTES:
            raise DocengineError(f"enclosure {name}: {size:,} bytes, more than the limit of "
                                 f"{limits.ENCLOSURE_BYTES:,}",
                                 f"สิ่งที่ส่งมาด้วย {name} มีขนาด {size:,} ไบต์ เกินกำหนด")
        try:
            writer.append(PdfReader(io.BytesIO(enclosure) if in_memory else str(enclosure)))
        # A damaged or hostile PDF breaks pypdf in many ways (KeyError, TypeError, RecursionError …).
        except (PdfReadError, OSError, ValueError, Exception) as exc:
            raise DocengineError(f"enclosure {name} is not a readable PDF: {type(exc).__name__}: {str(exc)[:200]}",
                                 f"สิ่งที่ส่งมาด้วย {name} ไม่ใช่แฟ้ม PDF ที่อ่านได้") from None
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
