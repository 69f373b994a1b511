"""The line-break checker over everything ``docengine demo`` writes (issue 8, "Done when").

Every line break of every demo PDF is read back (poppler's lines in reading order, whose
text is each run's /ActualText, i.e. the source exactly) and checked against the rules of
docengine.typeset: no break inside a project-dictionary word or a protected token, no
line starting with ๆ or ฯ, and no line past its page's margins. The DOCX files go through
LibreOffice's PDF conversion and the same checker; what LibreOffice does is printed, not
asserted (Word and LibreOffice break Thai with their own dictionaries).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from extract import Line, Page, poppler_lines

from docengine.office import load_office
from docengine.typeset import line_breaker, strip_marks
from docengine.typeset.breaks import protected_spans
from docengine.office import Office

MM = 72 / 25.4
TOLERANCE = 1.0  # pt
_THAI_LETTER = re.compile(r"[\u0e01-\u0e4e]")

# (left, right) page margins in mm, from each template's @page rule, by demo path prefix.
MARGINS_MM = [
    ("letters/", (30, 20)),
    ("chain/register-", (12, 12)),
    ("chain/", (30, 20)),
    ("forms/register-", (12, 12)),
    ("forms/", (18, 15)),
    ("notices/beneficiary-list", (25, 15)),
    ("notices/citizen-manual", (25, 20)),
    ("notices/registration-pr", (30, 20)),
    ("notices/calendar-", (25, 15)),
    ("reports/counts", (20, 15)),
    ("archive/registers-", (12, 12)),
    ("archive/", (30, 20)),
]


def bad_break(breaker, before: str, after: str) -> str | None:
    """What a line break between ``before`` and ``after`` cuts through, or None when it is allowed.

    The break may have taken a space with it, so both joins are tried.

    >>> b = line_breaker()
    >>> bad_break(b, "ขอเชิญผู้", "สูงอายุมา"), bad_break(b, "๒ มกราคม", "๒๕๖๗ เรื่อง")
    ('ผู้สูงอายุ', '๒ มกราคม ๒๕๖๗')
    >>> bad_break(b, "ขอเชิญผู้สูงอายุ", "มาลงทะเบียน") is None
    True
    """
    before, after = before.rstrip(), after.lstrip()
    if after[:1] in ("ๆ", "ฯ"):
        return f"{after[:1]} starts a line"
    # Without a space, a renderer can only have broken between two Thai letters (docengine's
    # ZWSP) or after punctuation; a digit met by a digit or a letter is two lines of the page.
    tight = bool(_THAI_LETTER.match(before[-1:]) and _THAI_LETTER.match(after[:1])) or (
        before[-1:] != "" and before[-1] in "-–/.,")
    for sep, spans in (("", breaker.kept_spans), (" ", protected_spans)):
        if sep == "" and not tight:
            continue
        joined, cut = before + sep + after, len(before) + len(sep)
        for start, end in spans(joined):
            if start < cut < end:
                return joined[start:end]
    return None


def wrapped_pairs(page: Page, breaker):
    """(line, next line) for every line break the renderer chose on ``page``.

    Poppler's blocks are paragraphs or cells; a block's next line, or the first line of the
    next block right below and not left of it (a hanging continuation), continues a line
    when the first piece of the next line would not have fitted after it (a line ended by
    the text itself, like the lines of an address, is no break the renderer chose).
    """
    blocks = [b for b in page.blocks if b]
    for i, block in enumerate(blocks):
        candidates = list(zip(block, block[1:]))
        if i + 1 < len(blocks):
            a, b = block[-1], blocks[i + 1][0]
            if b.x0 >= a.x0 - 2 and b.x0 < a.x1 and a.x0 < b.x1:
                candidates.append((a, b))
        right = max(line.x1 for line in block)
        for a, b in candidates:
            height = a.bottom - a.top
            if not 0.5 * height < b.top - a.top < 1.9 * height:
                continue
            if a.x1 + _first_piece_width(b, breaker) > max(right, b.x1) + TOLERANCE:
                yield a, b


def _first_piece_width(line: Line, breaker) -> float:
    """Roughly how wide the first unbreakable piece of ``line`` prints (its share of the line's width)."""
    from docengine.typeset import break_points

    marked = breaker.mark(line.text)
    points = break_points(marked) or [m.end() for m in re.finditer(r"\s", marked)] or [len(marked)]
    piece = strip_marks(marked[:points[0]]).rstrip()
    spacing = [c for c in line.text if unicodedata.category(c) != "Mn"]
    return (line.x1 - line.x0) * len([c for c in piece if unicodedata.category(c) != "Mn"]) / max(1, len(spacing))


def layers(pdf: Path) -> list[tuple[str, bytes]]:
    """The PDF as laid out, and what was laid over it, each read on its own.

    Stamps on received letters and the blank under a filled form are Form XObjects
    (docengine.chain.stamp, docengine.forms.overlay); WeasyPrint's own pages use none. So
    ("page", the PDF with every Form emptied) and ("overlay", one page per Form).
    """
    import io

    import pikepdf

    with pikepdf.open(pdf) as doc:
        forms = {}
        for page in doc.pages:
            for name, xobject in (page.obj.Resources.get("/XObject") or {}).items():
                if xobject.get("/Subtype") == "/Form":
                    forms.setdefault(xobject.objgen, xobject)
        if not forms:
            return [("page", pdf.read_bytes())]
        overlay = pikepdf.new()
        for form in forms.values():
            copied = overlay.copy_foreign(form)
            overlay.pages.append(pikepdf.Page(pikepdf.Dictionary(
                Type=pikepdf.Name.Page, MediaBox=copied.BBox, Contents=copied,
                Resources=copied.get("/Resources") or pikepdf.Dictionary())))
        for form in forms.values():
            form.write(b"")
        page_view, overlay_view = io.BytesIO(), io.BytesIO()
        doc.save(page_view)
        overlay.save(overlay_view)
    return [("page", page_view.getvalue()), ("overlay", overlay_view.getvalue())]


def check_pdf(pdf: Path, rel: str, breaker) -> tuple[list[str], list[str], int]:
    """(bad breaks, lines past the margins, breaks checked) of one PDF, findings as readable lines."""
    breaks, margins, checked = [], [], 0
    limits = next((m for prefix, m in MARGINS_MM if rel.startswith(prefix)), None)
    for layer, data in layers(pdf):
        # A filled form's own layer is its values, drawn one line per blank in code
        # (docengine.forms.overlay); the blank under them is its overlay layer.
        values_only = layer == "page" and "-filled" in rel
        for number, page in enumerate(poppler_lines(data), 1):
            for a, b in () if values_only else wrapped_pairs(page, breaker):
                checked += 1
                cut = bad_break(breaker, a.text, b.text)
                if cut:
                    breaks.append(f"{rel} {layer} {number}: {a.text[-25:]!r} / {b.text[:25]!r} cuts {cut!r}")
            if limits is None or layer == "overlay":  # overlays sit where they are placed, margins included
                continue
            left, right = limits[0] * MM - TOLERANCE, page.width - limits[1] * MM + TOLERANCE
            for line in page.lines:
                if line.x0 < left or line.x1 > right:
                    margins.append(f"{rel} p{number}: {line.text[:40]!r} spans {line.x0 / MM:.1f}-"
                                   f"{line.x1 / MM:.1f} mm (text area {limits[0]}-{page.width / MM - limits[1]:.0f})")
    return breaks, margins, checked


@pytest.fixture(scope="module")
def breaker():
    return line_breaker(Office.sample())


@pytest.fixture(scope="module")
def demo_pdfs(demo_dir):
    pdfs = sorted(demo_dir.rglob("*.pdf"))
    assert len(pdfs) >= 25, pdfs
    return pdfs


def test_every_demo_pdf_is_known_to_the_checker(demo_dir, demo_pdfs):
    unknown = [p for p in demo_pdfs if not any(str(p.relative_to(demo_dir)).startswith(prefix)
                                               for prefix, _ in MARGINS_MM)]
    assert not unknown, "add the margins of these demo PDFs to MARGINS_MM"


def test_demo_pdfs_break_lines_only_where_allowed(demo_dir, demo_pdfs, breaker):
    found, pairs = [], 0
    for pdf in demo_pdfs:
        bad, _, checked = check_pdf(pdf, str(pdf.relative_to(demo_dir)), breaker)
        found += bad
        pairs += checked
    print(f"\n{len(demo_pdfs)} demo PDFs, {pairs} line breaks checked, {len(found)} bad")
    assert pairs > 300  # the checker saw the demo's paragraphs and cells
    assert not found, "\n".join(found)


def test_demo_pdfs_keep_every_line_inside_the_margins(demo_dir, demo_pdfs, breaker):
    found = [m for pdf in demo_pdfs for m in check_pdf(pdf, str(pdf.relative_to(demo_dir)), breaker)[1]]
    assert not found, "\n".join(found)


def test_the_checker_sees_a_bad_break():
    """The checker itself fails on the breaks the issue lists (a checker that cannot fail is no check)."""
    b = line_breaker()
    for before, after in [("ขอเชิญผู้", "สูงอายุ"), ("ผู้สูง", "อายุ"), ("ลงวัน", "ที่ ๒"),
                          ("องค์กร", "ปกครองส่วนท้องถิ่น"), ("ที่ ชม", "๐๐๒๓.๓/ว ๖๓"), ("๒ มกราคม", "๒๕๖๗"),
                          ("พ.ศ.", "๒๔๙๖"), ("๐๘.๓๐ –", "๑๖.๓๐ น."), ("โทร. ๐ ๕๓๔๕", "๐๑๒๓"),
                          ("เทศบาลตำบลสัน", "ทราย"), ("ต่าง", "ๆ")]:
        assert bad_break(b, before, after), (before, after)


def test_libreoffice_breaks_of_the_demo_docx(demo_dir, breaker, tmp_path):
    """Report (not assert) how LibreOffice breaks the DOCX text: its own Thai breaker decides."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (scripts/sysdeps.sh test installs it)")
    docx = sorted(demo_dir.rglob("*.docx"))
    assert docx
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), *map(str, docx)],
                   capture_output=True, text=True, timeout=600, check=True)
    report, pairs = [], 0
    for path in docx:
        pdf = tmp_path / (path.stem + ".pdf")
        assert pdf.is_file(), f"LibreOffice did not convert {path.name}"
        bad, _, checked = check_pdf(pdf, str(path.relative_to(demo_dir)), breaker)
        report += bad
        pairs += checked
    print(f"\nLibreOffice: {len(docx)} DOCX, {pairs} line breaks, {len(report)} the docengine rules forbid:")
    print("\n".join(report))
