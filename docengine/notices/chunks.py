"""Render a long paginated document in chunks, in parallel processes, and merge them.

WeasyPrint lays out one document on one core and its cost grows with the page
count, so a 10,000-row list is cut into chunks of pages that were already numbered
in Python (:mod:`.paginate`), rendered by worker processes (forked from the caller,
so the loaded fonts and parsed stylesheets are shared), and merged with pikepdf.
Chunks are small (8 pages): WeasyPrint's cost per page grows with the document's
size, and on this 2-core machine 8-page chunks render about twice as fast per page
as 24-page ones (measured in bench/allowance.py).
Chunks are rendered with whole font files (``full_fonts``), so the merge keeps one
copy of each font instead of one subset per chunk. Every text run keeps its
/ActualText, so the merged text layer is exact.

>>> chunked(list(range(7)), 3)
[[0, 1, 2], [3, 4, 5], [6]]
"""

from __future__ import annotations

import hashlib
import io
import multiprocessing
import os
from collections.abc import Callable
from dataclasses import replace

from docengine.render.document import Prepared, Renderer

TASKS_PER_WORKER = None

Progress = Callable[[int], None]  # called with the number of pages just finished

# Set in the parent before forking; read by the workers.
_JOB: tuple[Renderer, Prepared, str] | None = None


def chunked(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _render_chunk(pages: list) -> bytes:
    renderer, prepared, key = _JOB
    part = replace(prepared, context={**prepared.context, key: pages})
    return renderer.render_pdf(part, full_fonts=True)


def render_paged(renderer: Renderer, prepared: Prepared, pages: list, *, key: str = "pages",
                 chunk_pages: int = 8, workers: int | None = None,
                 progress: Progress | None = None, metadata: dict | None = None,
                 meanwhile: Callable[[], None] | None = None) -> bytes:
    """PDF of ``pages`` (the context value ``key`` the template loops over), merged in order.

    ``meanwhile`` runs in this process while the workers render (e.g. writing the XLSX
    copy), so the caller's own work costs no wall time.
    """
    global _JOB
    parts = chunked(pages, chunk_pages)
    workers = min(workers or os.cpu_count() or 1, len(parts))
    _JOB = (renderer, prepared, key)
    try:
        if workers <= 1:
            if meanwhile:
                meanwhile()
            pdfs = []
            for part in parts:
                pdfs.append(_render_chunk(part))
                if progress:
                    progress(len(part))
        else:
            renderer.pdf_engine  # load fonts once, before forking, so workers share them
            with multiprocessing.get_context("fork").Pool(workers, maxtasksperchild=TASKS_PER_WORKER) as pool:
                results = pool.imap(_render_chunk, parts)
                if meanwhile:
                    meanwhile()
                pdfs = []
                for part, pdf in zip(parts, results):
                    pdfs.append(pdf)
                    if progress:
                        progress(len(part))
    finally:
        _JOB = None
    return merge_pdfs(pdfs, metadata=metadata)


def merge_pdfs(pdfs: list[bytes], *, metadata: dict | None = None) -> bytes:
    """One PDF of all pages in order; identical embedded font files are stored once."""
    import pikepdf

    if len(pdfs) == 1 and not metadata:
        return pdfs[0]
    out = pikepdf.open(io.BytesIO(pdfs[0]))
    sources = [pikepdf.open(io.BytesIO(pdf)) for pdf in pdfs[1:]]
    for src in sources:
        out.pages.extend(src.pages)
    _share_font_files(out)
    for k, v in (metadata or {}).items():
        out.docinfo[pikepdf.Name("/" + k)] = str(v)
    buf = io.BytesIO()
    out.save(buf, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    for src in sources:
        src.close()
    return buf.getvalue()


def _share_font_files(pdf) -> None:
    """Point every font descriptor at one copy of each identical FontFile stream."""
    import pikepdf

    seen: dict[str, pikepdf.Object] = {}
    for page in pdf.pages:
        fonts = page.obj.get("/Resources", {}).get("/Font", {})
        for _, font in fonts.items():
            for desc in _descriptors(font):
                for name in ("/FontFile2", "/FontFile3", "/FontFile"):
                    stream = desc.get(name)
                    if stream is None:
                        continue
                    digest = hashlib.sha256(stream.read_raw_bytes()).hexdigest()
                    first = seen.setdefault(digest, stream)
                    if first.objgen != stream.objgen:
                        desc[name] = first


def _descriptors(font):
    if "/FontDescriptor" in font:
        yield font.FontDescriptor
    for descendant in font.get("/DescendantFonts", []):
        if "/FontDescriptor" in descendant:
            yield descendant.FontDescriptor
