"""Protected tokens do not break across lines in the DOCX either (issue 8): the spaces inside
"พ.ศ. ๒๕๗๐", "๒ มกราคม ๒๕๖๗", "๐๘.๓๐ – ๑๖.๓๐ น.", "๑,๐๐๐ บาท", a book number or a phone number
are NO-BREAK SPACEs (U+00A0, Word's Ctrl+Shift+Space) in every DOCX docengine writes, and
nothing else of the text changes (docengine.render.docx.glue_protected_spaces).

python-docx: the text with NBSP read as a space is the text without the substitution, no
ZWSP / WORD JOINER anywhere, and the NBSPs are exactly the glued spaces of
docengine.typeset.breaks. LibreOffice: the registration PR notice (where it broke
"พ.ศ. / ๒๕๗๐") and letters with such tokens at every position near a line's end, converted to
PDF: no line ends inside a protected token.
"""

from __future__ import annotations

import copy
import io
import re

import docx
import pytest
from docx.oxml.ns import qn
from extract import office_pdfs, pdftotext

import docengine.render.docx as docx_render
from docengine.office import Office
from docengine.render.document import Renderer, load_sample
from docengine.typeset.breaks import line_breaker, protected_spans

NBSP = "\u00a0"
INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
TOKENS = ["พ.ศ. 2570", "2 มกราคม 2567", "08.30 – 16.30 น.", "1,000 บาท"]  # the source's digits
LEAD = "ขอเชิญผู้สูงอายุมาลงทะเบียนรับเงินเบี้ยยังชีพ ณ สำนักงานเทศบาลตำบลสันทราย ในวันและเวลาราชการ "


@pytest.fixture(scope="module")
def renderer():
    return Renderer(Office.sample())


def _kinds(renderer) -> dict:
    """Every kind of DOCX: the letters (docxtpl), the PR notice and manual, a filled form (from HTML)."""
    from docengine.forms import FormJob
    from docengine.notices.documents import citizen_manual_prepared, registration_pr_prepared
    from docengine.records.people import read_people
    from docengine.resources import data_path

    makers = {}
    for name in ("external", "memo", "stamped", "order", "announcement"):
        prepared = renderer.prepare(name, load_sample(name))
        makers[f"letter-{name}"] = lambda p=prepared: renderer.render_docx(p)
    pr = registration_pr_prepared(renderer, kind="elderly", fy=2570)
    manual = citizen_manual_prepared(renderer, kind="elderly", fy=2570)
    makers["pr-notice"] = lambda: renderer.render_docx(pr)
    makers["citizen-manual"] = lambda: renderer.render_docx(manual)
    person = read_people(data_path("samples", "people.csv"), fy=2570, kind="elderly", purpose="form")[0]
    job = FormJob(renderer, "elderly-registration", fy=2570)
    makers["form-elderly"] = lambda: job.docx(person)
    return makers


def _paragraph_texts(blob: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(blob))
    parts = [document.element.body] + [s.header._element for s in document.sections] + \
            [s.footer._element for s in document.sections]
    out = []
    for part in parts:
        for p in part.iter(qn("w:p")):
            out.append("".join(el.text or "" if el.tag == qn("w:t") else "\t"
                               for el in p.iter(qn("w:t"), qn("w:tab"))
                               if next(el.iterancestors(qn("w:p"))) is p))
    return out


def test_every_docx_kind_glues_protected_spaces_and_nothing_else(renderer, monkeypatch):
    breaker = line_breaker()
    glued_kinds = []
    for kind, make in _kinds(renderer).items():
        glued = _paragraph_texts(make())
        with monkeypatch.context() as m:
            m.setattr(docx_render, "glue_protected_spaces", lambda document: None)
            from docengine.render import docxhtml  # noqa: F401 - imports it from docx at call time

            plain = _paragraph_texts(make())
        assert len(glued) == len(plain), kind
        for text, source in zip(glued, plain):  # the source text but for spaces made NBSP
            assert len(text) == len(source) and all(
                g == c or (g == NBSP and c == " ") for g, c in zip(text, source)), (kind, text[:60])
        assert not any(INVISIBLE.search(t) for t in glued), f"{kind}: no ZWSP or WORD JOINER"
        nbsps = 0
        for text, source in zip(glued, plain):
            expected = {i for i in breaker.glued_spaces(source) if source[i] == " "}
            assert {i for i, c in enumerate(text) if c == NBSP} - {i for i, c in enumerate(source) if c == NBSP} \
                == expected, (kind, source[:60])
            nbsps += len(expected)
        if nbsps:
            glued_kinds.append(kind)
    assert set(glued_kinds) >= {"letter-external", "letter-memo", "letter-stamped", "letter-order",
                                "letter-announcement", "pr-notice", "citizen-manual", "form-elderly"}


def _broken_tokens(pdf) -> list[tuple[str, str]]:
    """(line, next line) pairs of a PDF's text where the line ends inside a protected token."""
    bad = []
    for page in pdftotext(pdf).split("\f"):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        for a, b in zip(lines, lines[1:]):
            joined = a + " " + b
            if any(start < len(a) < end for start, end in protected_spans(joined)):
                bad.append((a[-30:], b[:30]))
    return bad


def _letters_with_tokens_at_line_ends(renderer) -> list[bytes]:
    """External letters whose body has each token after LEAD plus 0..39 more characters, so that
    some land at the end of a line in any font."""
    base = load_sample("external").data
    out = []
    for token in TOKENS:
        data = copy.deepcopy(base)
        data["body"] = [LEAD + "ประชาชน" * (n // 7) + "ทราบผล"[: n % 7] + " " + token + " เป็นต้นไป"
                        for n in range(40)]
        out.append(renderer.render_docx(renderer.prepare("external", data)))
    return out


def test_libreoffice_does_not_break_protected_tokens(renderer, tmp_path):
    from docengine.notices.documents import registration_pr_prepared

    files = []
    blobs = {"registration-pr": renderer.render_docx(registration_pr_prepared(renderer, kind="elderly", fy=2570))}
    for n, blob in enumerate(_letters_with_tokens_at_line_ends(renderer)):
        blobs[f"tokens-{n}"] = blob
    for name, blob in blobs.items():
        path = tmp_path / f"{name}.docx"
        path.write_bytes(blob)
        files.append(path)
    pdfs = office_pdfs(files, tmp_path / "lo")
    assert len(pdfs) == len(files)
    lines = 0
    broken = {}
    for path in files:
        text = pdftotext(pdfs[path])
        lines += len(text.splitlines())
        if bad := _broken_tokens(pdfs[path]):
            broken[path.stem] = bad
    assert not broken, f"LibreOffice broke protected tokens: {broken}"
    assert lines > 500
