"""The letters' DOCX keep the last body lines with the closing and signature, as the PDF does
(brief §1.1, issue 8: "the closing and the signature block are never alone on a page: they keep
at least the last two lines of the body with them").

python-docx: the keep-with-next and widow control are on the last body paragraph (and on the one
before it when the last is one line), nowhere else in the body. LibreOffice: letters whose body
ends near the end of a page, converted to PDF; the page that holds the closing (stamp block,
สั่ง/ประกาศ ณ วันที่, the memo's signer) also holds at least two lines of the body.
"""

from __future__ import annotations

import copy
import io
import re

import docx
import pytest
from docx.oxml.ns import qn
from extract import office_pdfs, pdftotext

from docengine.office import Office
from docengine.render.docx import BODY_STYLE
from docengine.render.document import Renderer, load_sample

KINDS = ["external", "memo", "stamped", "order", "announcement"]
FILLER = "เพื่อให้การดำเนินงานเป็นไปด้วยความเรียบร้อยและเกิดประโยชน์สูงสุดแก่ประชาชนในพื้นที่ "
LAST = "จึงเรียนมาเพื่อโปรดทราบ"
# Filler repeats (a paragraph of n × 83 characters, then LAST) for which LibreOffice 7.4 with the
# substitute font (Laksaman) ends the body at the foot of a page: without the keep, the closing
# (or สั่ง ณ วันที่, the stamp block, the memo's signer) starts a page with no body line above it.
WINDOWS = {"external": range(2, 11), "memo": range(1, 5), "stamped": range(5, 13),
           "order": range(0, 6), "announcement": range(1, 9)}


@pytest.fixture(scope="module")
def renderer():
    return Renderer(Office.sample())


def _body_key(name: str) -> str:
    return "body_with_effect" if name in ("order", "announcement") else "body"


def _paragraphs(blob: bytes):
    return list(docx.Document(io.BytesIO(blob)).element.body.iter(qn("w:p")))


def _is_body(p) -> bool:
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return style is not None and style.get(qn("w:val")) == BODY_STYLE


def _text(p) -> str:
    """The paragraph's text, its no-break spaces (protected tokens) read as spaces."""
    return "".join(t.text or "" for t in p.iter(qn("w:t"))).replace("\u00a0", " ")


def _flags(p) -> tuple[bool, bool]:
    ppr = p.find(qn("w:pPr"))
    keep = ppr.find(qn("w:keepNext")) if ppr is not None else None
    widow = ppr.find(qn("w:widowControl")) if ppr is not None else None
    on = lambda el: el is not None and el.get(qn("w:val"), "true") not in ("0", "false")  # noqa: E731
    return on(keep), on(widow)


@pytest.mark.parametrize("name", KINDS)
def test_last_body_paragraph_keeps_with_the_closing(renderer, name):
    prepared = renderer.prepare(name, load_sample(name))
    paragraphs = _paragraphs(renderer.render_docx(prepared))
    body = [p for p in paragraphs if _is_body(p)]
    assert [_text(p) for p in body] == list(prepared.context[_body_key(name)])
    last = body[-1]
    assert _flags(last) == (True, True)
    short_last = len(_text(last)) <= 80
    if len(body) > 1:
        assert _flags(body[-2])[0] is short_last  # a one-line last paragraph takes the one before along
    for p in body[:-2]:
        assert not _flags(p)[0], _text(p)[:40]
    # what it keeps with: the very next paragraph is the closing (or its equivalent)
    after = paragraphs[paragraphs.index(last) + 1]
    ctx = prepared.context
    expected = {"external": ctx.get("closing"), "stamped": ctx["agency"]["name"],
                "order": f"สั่ง ณ วันที่ {ctx['date']}", "announcement": f"ประกาศ ณ วันที่ {ctx['date']}",
                "memo": ""}[name]  # the memo's signature starts with its blank signing lines
    assert _text(after) == expected
    assert _flags(after)[0], "the closing itself keeps with the signature"


def test_a_long_paragraph_before_a_long_last_one_is_not_chained(renderer):
    """LibreOffice moves a keep-with-next paragraph whole; only the last paragraph is chained
    when it is more than a line long."""
    data = copy.deepcopy(load_sample("external").data)
    data["body"] = [FILLER * 3, FILLER * 4]
    body = [p for p in _paragraphs(renderer.render_docx(renderer.prepare("external", data))) if _is_body(p)]
    assert [_flags(p)[0] for p in body] == [False, True]


def _marker(name: str, ctx: dict) -> str:
    """The first line after the body in each kind (the stamp block's agency name can wrap in
    LibreOffice, so the stamped letter's marker is the initials under the seal)."""
    return {"external": lambda: ctx["closing"], "memo": lambda: ctx["signer_block"]["name"],
            "stamped": lambda: ctx["stamp_initials"], "order": lambda: "สั่ง ณ วันที่",
            "announcement": lambda: "ประกาศ ณ วันที่"}[name]()


_RUNNING_HEAD = re.compile(r"^-[0-9๐-๙]{1,3}-?")  # "- ๒ -"; poppler may join it to the page's first line
_MARKS = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\\s]")  # LibreOffice's text layer re-orders marks


def _norm(text: str) -> str:
    return _MARKS.sub("", text)


def test_libreoffice_keeps_two_body_lines_with_the_closing(renderer, tmp_path):
    files, markers = [], {}
    for name in KINDS:
        base = load_sample(name).data
        for n in WINDOWS[name]:
            data = copy.deepcopy(base)
            data["body"] = list(data["body"]) + [FILLER * n, LAST]
            prepared = renderer.prepare(name, data)
            path = tmp_path / f"{name}-{n:02d}.docx"
            path.write_bytes(renderer.render_docx(prepared))
            files.append(path)
            closing_line = prepared.context[_body_key(name)][-1]  # LAST, or the order's ทั้งนี้ …
            markers[path] = (name, _norm(_marker(name, prepared.context)), _norm(closing_line))
    pdfs = office_pdfs(files, tmp_path / "lo")
    assert len(pdfs) == len(files), "LibreOffice converted every DOCX"
    found, later_page = [], {name: 0 for name in KINDS}
    for path in files:
        name, marker, last_line = markers[path]
        lines = []  # (page, index on the page, text) without the running head
        for number, page in enumerate(pdftotext(pdfs[path]).split("\f")):
            texts = [_RUNNING_HEAD.sub("", _norm(line)) for line in page.splitlines()]
            texts = [t for t in texts if t]
            lines += [(number, i, t) for i, t in enumerate(texts)]
        last = [line for line in lines if line[2] == last_line]
        after = [line for line in lines if line[2].startswith(marker)]
        assert last and after, f"{path.name}: the body's last line or {marker} not found"
        (page, index, _), (marker_page, _, _) = last[-1], after[-1]
        later_page[name] += marker_page > 0
        # the body's last line and the one above it are on the closing's page
        found.append((path.name, marker_page + 1, page == marker_page and index >= 1))
    bad = [f[:2] for f in found if not f[2]]
    assert not bad, f"closing (document, page) with fewer than two body lines above it: {bad}"
    assert all(later_page.values()), f"every kind's window reaches page 2 or later: {later_page}"
