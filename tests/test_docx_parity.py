"""The DOCX is the same document as the PDF, per document kind: LibreOffice converts every
DOCX (one soffice run for all of them), and its PDF is compared with docengine's PDF on
normalised text, ruled tables found on the pages, and page count.

Page counts may differ by the font: Word/LibreOffice lay out TH SarabunPSK (Laksaman on this
machine), the PDF the bundled Sarabun. The measured figures are printed (pytest -s) and the
differences allowed per kind are in PARITY below.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from pathlib import Path

import pdfplumber
import pytest

from docengine.render.document import Renderer, load_sample
from docengine.office import Office
from extract import docx_text, office_pdfs, pdf_pages, pdftotext, squash

# kind: (minimum text similarity 0..1, extra DOCX pages allowed, ruled tables required).
# Measured here (LibreOffice 7, TH SarabunPSK substituted by Laksaman, which at the nominal size
# is about 1.35 times the size of TH SarabunPSK, data/fonts.yaml): letters 0 extra pages, forms
# +1 to +2, PR notice +1, manual +2. On a machine with TH SarabunPSK the DOCX is smaller.
# The external letter and the order are +1 since the Garuda frame takes its 3 cm in the DOCX
# as in the PDF (it was one line of text): external 2 vs 3, order 1 vs 2 (the signature).
PARITY = {
    "letter-external": (0.99, 1, False),
    "letter-memo": (0.99, 0, False),  # its writing lines are dot-leader tabs, not ruled lines
    "letter-order": (0.99, 1, False),
    "letter-announcement": (0.99, 0, False),
    "letter-stamped": (0.99, 0, False),
    "form-elderly": (0.98, 2, True),
    "form-disability": (0.95, 2, True),
    "form-proxy": (0.98, 1, False),
    "pr-notice": (0.99, 1, False),
    "citizen-manual": (0.98, 2, True),
}
INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


def _documents(renderer: Renderer) -> dict[str, tuple[bytes, bytes]]:
    from docengine.forms import FormJob
    from docengine.notices.documents import citizen_manual_prepared, registration_pr_prepared
    from docengine.records.people import read_people
    from docengine.resources import data_path

    docs = {}
    for name in ("external", "memo", "order", "announcement", "stamped"):
        prepared = renderer.prepare(renderer.find(f"letters/{name}"), load_sample(f"letters/{name}"))
        docs[f"letter-{name}"] = (renderer.render_pdf(prepared), renderer.render_docx(prepared))
    elderly = read_people(data_path("samples", "people.csv"), fy=2570, kind="elderly", purpose="form")
    disabled = read_people(data_path("samples", "people-disability.csv"), fy=2570, kind="disability",
                           purpose="form")
    proxied = next(p for p in elderly if p.proxy)
    for kind, form, person in (("elderly", "elderly-registration", elderly[0]),
                               ("disability", "disability-registration", disabled[0]),
                               ("proxy", "proxy", proxied)):
        job = FormJob(renderer, form, fy=2570)
        docs[f"form-{kind}"] = (job.filled_pdf([person]), job.docx(person))
    for kind, prepared in (("pr-notice", registration_pr_prepared(renderer, kind="elderly", fy=2570)),
                           ("citizen-manual", citizen_manual_prepared(renderer, kind="elderly", fy=2570))):
        docs[kind] = (renderer.render_pdf(prepared), renderer.render_docx(prepared))
    return docs


def ruled_tables(pdf: Path) -> int:
    with pdfplumber.open(pdf) as doc:
        return sum(len(page.find_tables()) for page in doc.pages)


def similarity(a: str, b: str) -> float:
    """Order-insensitive: the share of characters the two texts have in common, furniture
    (tick boxes, rules) and white space left out. Order is not compared because pdftotext reads
    a stamped form's values after its printed text, and two-column parts column by column."""
    ca, cb = Counter(squash(a)), Counter(squash(b))
    common = sum((ca & cb).values())
    return 2 * common / max(1, sum(ca.values()) + sum(cb.values()))


def in_order(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, squash(a), squash(b), autojunk=False).ratio()


@pytest.fixture(scope="module")
def parity(tmp_path_factory):
    folder = tmp_path_factory.mktemp("parity")
    docs = _documents(Renderer(Office.sample()))
    for kind, (pdf, docx) in docs.items():
        (folder / f"{kind}.pdf").write_bytes(pdf)
        (folder / f"{kind}.docx").write_bytes(docx)
    converted = office_pdfs([folder / f"{k}.docx" for k in docs], folder / "lo")
    figures = {}
    for kind in docs:
        ours, theirs = folder / f"{kind}.pdf", converted.get(folder / f"{kind}.docx")
        if theirs is None:
            figures[kind] = None
            continue
        # text: the DOCX's own text (python-docx), not LibreOffice's PDF of it, whose text layer
        # re-orders Thai marks with the substitute font (ครั้ง read back as ครัง้)
        words = docx_text(folder / f"{kind}.docx")
        figures[kind] = {
            "text": similarity(pdftotext(ours), words),
            "order": in_order(pdftotext(ours), words),
            "pages": (pdf_pages(ours), pdf_pages(theirs)),
            "tables": (ruled_tables(ours), ruled_tables(theirs)),
            "docx": folder / f"{kind}.docx",
        }
    print("\nDOCX parity (docengine PDF vs LibreOffice PDF of the DOCX):")
    for kind, f in figures.items():
        if f:
            print(f"  {kind:22} text {f['text']:.3f} (in order {f['order']:.3f})  pages {f['pages'][0]} vs {f['pages'][1]}  "
                  f"ruled tables {f['tables'][0]} vs {f['tables'][1]}")
    return figures


@pytest.mark.parametrize("kind", list(PARITY))
def test_docx_matches_pdf(parity, kind):
    f = parity[kind]
    assert f is not None, f"LibreOffice could not convert the {kind} DOCX"
    min_text, page_delta, tables = PARITY[kind]
    assert f["text"] >= min_text, f"{kind}: text similarity {f['text']:.3f} < {min_text}"
    assert 0 <= f["pages"][1] - f["pages"][0] <= page_delta, f"{kind}: pages {f['pages']}"
    if tables:  # the PDF's ruled boxes and tables are ruled tables in the DOCX too
        assert f["tables"][0] > 0 and f["tables"][1] >= f["tables"][0] // 2, f"{kind}: ruled tables {f['tables']}"
    assert not INVISIBLE.search(docx_text(f["docx"])), f"{kind}: invisible break characters in the DOCX text"


def test_docx_structure_is_the_pdfs(parity):
    """Forms: the 13 ID boxes are table cells, blanks are dotted lines, the office part is a
    two-column table; the manual keeps its tables; the PR notice keeps its box."""
    import docx
    from docx.oxml.ns import qn

    def tables(kind):
        return docx.Document(str(parity[kind]["docx"])).element.body.iter(qn("w:tbl"))

    for kind in ("form-elderly", "form-disability"):
        body = docx.Document(str(parity[kind]["docx"])).element.body
        rows = [tbl for tbl in body.iter(qn("w:tbl"))]
        id_rows = [t for t in rows if len(t.findall(f".//{qn('w:tc')}")) >= 14 and not t.findall(f".//{qn('w:tbl')}")]
        assert len(id_rows) >= 2, kind  # the applicant's and the proxy's ID
        boxed = [tc for t in id_rows for tc in t.iter(qn("w:tc")) if tc.find(f".//{qn('w:tcBorders')}/{qn('w:top')}[@{qn('w:val')}='single']") is not None]
        assert len(boxed) == 13 * len(id_rows), kind
        assert any(len(t.find(qn("w:tblGrid"))) == 2 and t.find(f".//{qn('w:tcBorders')}") is not None
                   for t in rows), f"{kind}: no two-column office part"
        dotted = body.findall(f".//{qn('w:u')}[@{qn('w:val')}='dotted']")
        assert len(dotted) > 30, f"{kind}: blanks are not on dotted lines"
        assert "ตัดตามรอยประ" in docx_text(parity[kind]["docx"])
    assert len(list(tables("citizen-manual"))) >= 4
    assert len(list(tables("pr-notice"))) == 1


@pytest.mark.parametrize("kind", ["external", "memo"])
def test_docx_title_is_the_subject(kind):
    """Word's title (File ▸ Properties) is the letter's เรื่อง (review mutant M8 left it blank)."""
    import io

    import docx

    renderer = Renderer(Office.sample())
    prepared = renderer.prepare(kind, load_sample(kind))
    props = docx.Document(io.BytesIO(renderer.render_docx(prepared))).core_properties
    from docengine.thai import arabic_digits

    # as printed: the document's digits
    assert arabic_digits(props.title) == arabic_digits(prepared.data["subject"]) and props.title.strip()
    assert props.language == "th-TH"
