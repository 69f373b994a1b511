"""Render a long paginated document in chunks, in parallel processes, and merge them.

The beneficiary list takes this path only when its office font is a system font
(docengine.notices.listdoc.render_list_pdf); with a bundled font its rows are written
over frames rendered once (docengine.notices.listpdf), some 20 times faster.

WeasyPrint lays out one document on one core and its cost grows with the page
count, so a 10,000-row list is cut into chunks of pages that were already numbered
in Python (:mod:`.paginate`), rendered by worker processes (forked from the caller,
so the loaded fonts and parsed stylesheets are shared), and merged with pikepdf.
A worker that dies (killed, out of memory) costs a retry of the unfinished chunks,
never a hang (:func:`_render_in_workers`).
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
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace

from docengine.errors import DocengineError
from docengine.render.document import Prepared, Renderer

RETRIES = 2  # new pools after a worker died, before giving up

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
            # Load fonts and build the line breaker (the dictionary trie: seconds of CPU and
            # ~100 MB) once, before forking, so the workers share them instead of each
            # building its own.
            renderer.pdf_engine
            renderer.line_breaker
            pdfs = _render_in_workers(parts, workers, progress, meanwhile)
    finally:
        _JOB = None
    return merge_pdfs(pdfs, metadata=metadata)


def _render_in_workers(parts: list[list], workers: int, progress: Progress | None,
                       meanwhile: Callable[[], None] | None) -> list[bytes]:
    """Render ``parts`` in forked worker processes; a pool that cannot hang.

    A worker killed mid-chunk (out of memory, a signal) breaks the pool: the chunks not
    yet finished are rendered again by a new pool, up to :data:`RETRIES` times, and then
    the job stops with :class:`WorkerLost` instead of waiting for ever (what
    ``multiprocessing.Pool.imap`` does when a worker dies).
    """
    context = multiprocessing.get_context("fork")
    done: list[bytes | None] = [None] * len(parts)
    for attempt in range(RETRIES + 1):
        todo = [i for i, pdf in enumerate(done) if pdf is None]
        pool = ProcessPoolExecutor(min(workers, len(todo)), mp_context=context)
        try:
            futures = {pool.submit(_render_chunk, parts[i]): i for i in todo}
            if meanwhile:
                meanwhile()
                meanwhile = None
            for future in as_completed(futures):
                i = futures[future]
                done[i] = future.result()
                if progress:
                    progress(len(parts[i]))
            return done
        except BrokenProcessPool:
            lost = sum(1 for pdf in done if pdf is None)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    raise WorkerLost(lost, RETRIES)


class WorkerLost(DocengineError):
    """A rendering worker process died again and again (killed, out of memory)."""

    def __init__(self, chunks: int, retries: int):
        super().__init__(
            f"a rendering worker process died {retries + 1} times; {chunks} chunk(s) not rendered "
            "(out of memory? try fewer workers)",
            f"กระบวนการเรนเดอร์หยุดทำงาน {retries + 1} ครั้ง ยังไม่ได้สร้าง {chunks} ส่วน "
            "(หน่วยความจำไม่พอหรือไม่ ลองลดจำนวน workers)")


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
