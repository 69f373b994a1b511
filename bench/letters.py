#!/usr/bin/env python3
"""Milliseconds per one-page letter, warm process: docengine vs raw WeasyPrint / docxtpl.

    .venv/bin/python bench/letters.py [--n 30]

"raw" renders the same HTML and CSS with plain WeasyPrint (stylesheet parsed once, one
FontConfiguration), before docengine's text-layer fix is installed, and the same
template.docx with plain docxtpl; "docengine" is the full pipeline: validation, context,
Jinja, WeasyPrint with the exact-text-layer fix, Thai distributed justification and the
letters' page furniture (docengine.render.justify, .pagination), Thai DOCX run properties.

The ratio docengine PDF / raw WeasyPrint is the budget of issue 8 (at most 1.3). The
"layout only" line is what a second layout pass would add (the measured-re-render
alternative to docengine.render.justify).
"""

from __future__ import annotations

import argparse
import io
import statistics
import time

from docengine.render.document import Renderer, load_sample
from docengine.office import Office


def one_page_letter() -> dict:
    data = load_sample("external").data
    data["body"] = data["body"][:1] + data["body"][-1:]
    data["enclosures"] = []
    return data


def timed(fn, n: int) -> list[float]:
    fn()  # warm
    fn()
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def report(label: str, ms: list[float]) -> None:
    print(f"  {label:<38} median {statistics.median(ms):6.1f} ms   min {min(ms):6.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=30)
    n = parser.parse_args().n

    renderer = Renderer(Office.sample())
    data = one_page_letter()
    prepared = renderer.prepare("external", data)
    html = renderer.html(prepared)
    tset = prepared.tset
    from docengine.render.docx import furniture_images
    family = __import__("docengine.render.fonts", fromlist=["font_family"]).font_family(renderer.office.font)
    css = family.font_face_css() + f"\nhtml {{ font-family: '{family.name}'; }}\n" + "\n".join(
        renderer.env.get_template(name).render(pt=lambda v: round(family.pt(v), 2), digits="thai",
                                               justify=renderer.office.justify,
                                               furniture=furniture_images())
        for name in tset.page["stylesheets"])

    # raw WeasyPrint first: docengine's text-layer patch is not installed yet
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    sheet = CSS(string=css, font_config=font_config)
    raw_pdf = lambda: HTML(string=html, base_url=str(tset.folder)).write_pdf(  # noqa: E731
        stylesheets=[sheet], font_config=font_config)
    raw_pdf_ms = timed(raw_pdf, n)
    raw_layout = lambda: HTML(string=html, base_url=str(tset.folder)).render(  # noqa: E731
        stylesheets=[sheet], font_config=font_config)
    raw_layout_ms = timed(raw_layout, n)

    from docxtpl import DocxTemplate

    from docengine.render.docx import garuda_pictures

    template_bytes = tset.docx_template.read_bytes()

    def raw_docx():
        tpl = DocxTemplate(io.BytesIO(template_bytes))
        ctx = dict(prepared.context, **garuda_pictures(tpl, renderer.office.emblem))
        tpl.render(ctx)
        tpl.save(io.BytesIO())

    raw_docx_ms = timed(raw_docx, n)

    ours_pdf = lambda: renderer.render_pdf(renderer.prepare("external", data))  # noqa: E731
    ours_pdf_ms = timed(ours_pdf, n)
    ragged = Renderer(_ragged_office())
    ragged_pdf = lambda: ragged.render_pdf(ragged.prepare("external", data))  # noqa: E731
    ragged_pdf_ms = timed(ragged_pdf, n)
    ours_docx = lambda: renderer.render_docx(renderer.prepare("external", data))  # noqa: E731
    ours_docx_ms = timed(ours_docx, n)

    from docengine.render.document import count_pages

    pages = count_pages(ours_pdf())
    print(f"One-page external letter ({pages} page), warm process, n={n}:")
    report("raw WeasyPrint (same HTML/CSS)", raw_pdf_ms)
    report("  of which layout only (render())", raw_layout_ms)
    report("docengine PDF (justified)", ours_pdf_ms)
    report("docengine PDF (office justify: left)", ragged_pdf_ms)
    report("raw docxtpl (same template)", raw_docx_ms)
    report("docengine DOCX", ours_docx_ms)
    med = statistics.median
    print(f"  ratio docengine PDF / raw WeasyPrint: {med(ours_pdf_ms) / med(raw_pdf_ms):.2f} median, "
          f"{min(ours_pdf_ms) / min(raw_pdf_ms):.2f} min (budget 1.30)")
    print(f"  justification cost: {med(ours_pdf_ms) / med(ragged_pdf_ms):.2f}x the ragged-right PDF; "
          f"a second layout pass would add {med(raw_layout_ms) / med(raw_pdf_ms):.0%} of a raw render")


def _ragged_office():
    """The sample office with ``justify: left``, written to a temporary file."""
    import atexit
    import shutil
    import tempfile
    from pathlib import Path

    from docengine.resources import data_path

    text = data_path("samples", "office.yaml").read_text(encoding="utf-8") + "\njustify: left\n"
    folder = Path(tempfile.mkdtemp(prefix="docengine-bench-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    (folder / "office.yaml").write_text(text, encoding="utf-8")
    return folder / "office.yaml"


if __name__ == "__main__":
    main()
