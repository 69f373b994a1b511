"""Reading text back out of what docengine wrote: PDF (poppler, pypdf) and DOCX."""

from __future__ import annotations

import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn


def pdftotext(pdf: bytes | Path, *, layout: bool = False, below_running_head_mm: float | None = None) -> str:
    """poppler's text for a PDF (bytes or path).

    ``below_running_head_mm`` reads pages after the first only below that distance from
    the top, leaving out the continuation-page number ("- ๒ -").
    """
    if isinstance(pdf, bytes):
        with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
            fh.write(pdf)
            fh.flush()
            return pdftotext(Path(fh.name), layout=layout, below_running_head_mm=below_running_head_mm)
    base = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else [])
    if below_running_head_mm is None:
        return subprocess.run(base + [str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    from pypdf import PdfReader

    pages = len(PdfReader(str(pdf)).pages)
    y = round(below_running_head_mm * 72 / 25.4)
    texts = []
    for n in range(1, pages + 1):
        crop = [] if n == 1 else ["-x", "0", "-y", str(y), "-W", "2000", "-H", "2000"]
        texts.append(subprocess.run(base + ["-f", str(n), "-l", str(n), *crop, str(pdf), "-"],
                                    capture_output=True, text=True, check=True).stdout)
    return "".join(texts)


def pypdf_text(pdf: bytes) -> str:
    import io

    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def docx_text(docx: bytes | Path) -> str:
    """Body text of a DOCX in document order, tables included (headers/footers excluded),
    no-break spaces read as spaces."""
    import io

    doc = Document(io.BytesIO(docx) if isinstance(docx, bytes) else str(docx))
    lines = []
    for p in doc.element.body.iter(qn("w:p")):
        lines.append("".join(t.text or "" for t in p.iter(qn("w:t"))))
    # the no-break spaces that keep protected tokens whole (docengine.render.docx.
    # glue_protected_spaces) print as spaces; tests/test_docx_nobreak.py reads them as they are
    return "\n".join(lines).replace("\u00a0", " ")


# Furniture: tick boxes and rules. (The labels of the empty Garuda frame and of the stamped
# letter's seal are pixels of their pictures in both the PDF and the DOCX, never text.)
_FURNITURE = re.compile("[☐☑─]")


def squash(text: str) -> str:
    """Text with furniture (tick boxes, rules) and all
    white space removed.

    Hyphens go too: poppler's pdftotext drops a hyphen that ends a line ("dehyphenation"),
    which is a property of the extractor, not of the PDF's text layer.
    """
    return re.sub(r"[\s-]+", "", _FURNITURE.sub("", text))


def office_pdfs(files: list[Path], outdir: Path, *, timeout: float = 300) -> dict[Path, Path]:
    """Convert DOCX/XLSX ``files`` to PDF with LibreOffice, all in ONE soffice run (its start-up
    is most of the cost), with a private profile so parallel runs do not share a lock.
    Returns {source: pdf}; a file LibreOffice could not convert is missing from the result."""
    outdir.mkdir(parents=True, exist_ok=True)
    profile = outdir / ".lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless",
                    "--norestore", "--convert-to", "pdf", "--outdir", str(outdir), *map(str, files)],
                   capture_output=True, text=True, timeout=timeout)
    pdfs = {Path(f): outdir / (Path(f).stem + ".pdf") for f in files}
    return {src: pdf for src, pdf in pdfs.items() if pdf.exists()}


def pdf_pages(pdf: Path) -> int:
    """Page count (poppler's pdfinfo)."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def pdf_lines(pdf: bytes | Path) -> list[list[dict]]:
    """Per page, the text lines as pdfplumber sees the glyphs (no /ActualText), top to
    bottom: dicts with ``top``/``bottom``/``x0``/``x1`` (pt, page origin top left), ``page``
    (0-based) and
    ``chars`` (pdfplumber char dicts in drawing order, which is reading order here: a
    mark can start left of its base, so sorting by x would misplace it)."""
    import io

    import pdfplumber

    pages = []
    with pdfplumber.open(io.BytesIO(pdf) if isinstance(pdf, bytes) else str(pdf)) as doc:
        for number, page in enumerate(doc.pages):
            rows: dict[float, list[dict]] = {}
            for c in page.chars:
                # one line per baseline (chars of a line share their font's bottom)
                key = next((k for k in rows if abs(k - c["bottom"]) < 2), c["bottom"])
                rows.setdefault(key, []).append(c)
            lines = [{"top": min(c["top"] for c in cs), "bottom": max(c["bottom"] for c in cs),
                      "x0": min(c["x0"] for c in cs), "x1": max(c["x1"] for c in cs), "chars": cs,
                      "page": number}
                     for cs in rows.values()]
            pages.append(sorted(lines, key=lambda line: line["top"]))
    return pages


def ink_bottom(char: dict) -> float:
    """How far down (pt, page origin top left) a pdfplumber char's glyph really draws.

    pdfplumber's ``bottom`` is the baseline plus the font's descent; Sarabun's ุ and ู
    reach 0.33 em below the baseline, past its 0.23 em descent, so a rule placed at
    ``bottom`` could still cut them. This reads the glyph's own yMin from the font file
    of the bundled family (bold faces by their name).
    """
    baseline = char["bottom"] + char["y0"] - char["matrix"][5]  # page height − baseline y
    return baseline - _glyph_ymin("Bold" in char["fontname"], char["text"]) * char["size"]


def _glyph_ymin(bold: bool, text: str) -> float:
    key = (bold, text)
    if key not in _YMIN:
        from fontTools.pens.boundsPen import BoundsPen
        from fontTools.ttLib import TTFont

        from docengine.render.fonts import font_family

        faces = font_family().faces
        path = next((p for face, p in faces.items() if ("bold" in face) == bold), None)
        font = _FONTS.get(path) or _FONTS.setdefault(path, TTFont(str(path)))
        name = font.getBestCmap().get(ord(text[0])) if text else None
        y_min = 0.0
        if name:
            glyphs = font.getGlyphSet()
            pen = BoundsPen(glyphs)
            glyphs[name].draw(pen)
            y_min = (pen.bounds[1] if pen.bounds else 0) / font["head"].unitsPerEm
        _YMIN[key] = y_min
    return _YMIN[key]


_YMIN: dict[tuple[bool, str], float] = {}
_FONTS: dict = {}


def pdf_words(pdf: bytes | Path, page: int) -> list[dict]:
    """Words of one page (1-based) with their boxes in points, origin top-left, from poppler.

    poppler keeps Thai clusters whole (pdfplumber splits สำเนา into สาํ เนา), so this is
    the helper for "where is this text" checks: ``{"text", "x0", "top", "x1", "bottom"}``.
    """
    import html

    if isinstance(pdf, bytes):
        with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
            fh.write(pdf)
            fh.flush()
            return pdf_words(Path(fh.name), page)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', out)
    return [{"text": html.unescape(t).strip(), "x0": float(a), "top": float(b), "x1": float(c), "bottom": float(d)}
            for a, b, c, d, t in found]


# --- printed lines with their exact text and position ----------------------------------

@dataclass
class Line:
    """One printed line: its text (poppler honours /ActualText, so the source text exactly) and box in pt."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass
class Page:
    width: float
    height: float
    blocks: list[list[Line]]  # poppler's text blocks (a paragraph, a table cell) in reading order

    @property
    def lines(self) -> list[Line]:
        return [line for block in self.blocks for line in block]


def poppler_lines(pdf: bytes | Path) -> list[Page]:
    """Every page's printed lines in reading order, grouped in blocks, from ``pdftotext -bbox-layout``.

    Within a block, consecutive lines are one paragraph (or table cell) wrapped: each
    line break between them is one the renderer chose.
    """
    import html
    import xml.etree.ElementTree as ET

    if isinstance(pdf, bytes):
        with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
            fh.write(pdf)
            fh.flush()
            return poppler_lines(Path(fh.name))
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox-layout", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    body = out[out.index("<doc>"):out.index("</doc>") + len("</doc>")]
    pages = []
    for page in ET.fromstring(body):
        blocks = []
        for block in page.iter("{*}block") if "}" in page.tag else page.iter("block"):
            lines = []
            for line in block:
                words = [html.unescape(w.text or "") for w in line]
                lines.append(Line(" ".join(words), float(line.get("xMin")), float(line.get("xMax")),
                                  float(line.get("yMin")), float(line.get("yMax"))))
            blocks.append(lines)
        pages.append(Page(float(page.get("width")), float(page.get("height")), blocks))
    return pages


# --- the blanks of a filled form (pdfplumber page) --------------------------------------

def form_blanks(page) -> list[tuple[float, float, float]]:
    """(x0, x1, y of the dots) of every blank of a form page: a dotted line or a box is
    drawn as a clip pair, the box and the box plus its 0.6 pt border."""
    out = []
    for r in page.rects:
        twin = next((t for t in page.rects if t is not r and abs(t["x0"] - r["x0"]) < 0.01
                     and abs(t["x1"] - r["x1"]) < 0.01 and 0.3 < t["bottom"] - r["bottom"] < 1.0), None)
        if twin is not None:
            out.append((r["x0"], r["x1"], (r["bottom"] + twin["bottom"]) / 2))
    return out


def in_form_box(page, char: dict) -> bool:
    """Whether ``char`` sits in a tick or ID-digit box of the form (those have their own tests)."""
    mid_x, mid_y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
    return any(b["x0"] <= mid_x <= b["x1"] and b["top"] <= mid_y <= b["bottom"]
               for b in page.rects if 8 < b["height"] < 25 and b["width"] < 25)
