"""Typesetting of saraban letters' PDFs, read back from the PDF (issue 8): Thai distributed
justification, pagination (closing and signature kept with the body, carry-over word),
and lines that meet Thai below-vowels (memo leaders, the ประกาศ / คำสั่ง rule)."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest
from extract import ink_bottom, pdf_lines, pdftotext, pypdf_text, squash

from docengine.office import load_office
from docengine.render import pagination
from docengine.render.demo import letters as demo_letters
from docengine.render.document import Renderer, load_sample
from docengine.resources import data_path
from docengine.office import Office

MM = 72 / 25.4
LEFT, INDENT = 30 * MM, 55 * MM          # left margin; first-line indent 2.5 cm
RIGHT_MARGIN = 20 * MM
MARKS = set("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")


def _office(tmp_path: Path, **settings) -> Path:
    text = data_path("samples", "office.yaml").read_text(encoding="utf-8")
    text += "".join(f"\n{key}: {value}" for key, value in settings.items()) + "\n"
    path = tmp_path / f"office-{'-'.join(f'{k}-{v}' for k, v in settings.items()) or 'sample'}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo's letters step: every saraban set's sample, plus the long letter."""
    out = tmp_path_factory.mktemp("demo")
    files = demo_letters(out, Office.sample())
    return {p.stem: p.read_bytes() for p in files if p.suffix == ".pdf"}


@pytest.fixture(scope="module")
def renderer():
    return Renderer(Office.sample())


def body_paragraphs(pdf: bytes) -> list[list[dict]]:
    """Body paragraphs found by their geometry: a first line indented 2.5 cm, then lines
    at the left margin one line pitch apart; a paragraph carries on at the top of the
    next page when that page's first text line starts at the left margin."""
    pages = pdf_lines(pdf)
    with pdfplumber.open(__import__("io").BytesIO(pdf)) as doc:
        height = doc.pages[0].height
    content = [[ln for ln in lines if 33 * MM < ln["top"] and ln["bottom"] < height - 20 * MM
                or (n == 0 and ln["bottom"] < height - 20 * MM)]
               for n, lines in enumerate(pages)]
    pitches = [b["top"] - a["top"] for lines in content for a, b in zip(lines, lines[1:])
               if abs(a["x0"] - LEFT) < 1 and abs(b["x0"] - LEFT) < 1]
    pitch = min(pitches)
    paragraphs: list[list[dict]] = []
    current: list[dict] | None = None
    for n, lines in enumerate(content):
        for i, line in enumerate(lines):
            at_indent, at_left = abs(line["x0"] - INDENT) < 1, abs(line["x0"] - LEFT) < 1
            follows = current is not None and (
                (i > 0 and lines[i - 1] is current[-1] and line["top"] - current[-1]["top"] < 1.2 * pitch)
                or (i == 0 and current[-1] is content[n - 1][-1]))
            if at_indent:
                current = [line]
                paragraphs.append(current)
            elif at_left and follows:
                current.append(line)
            else:
                current = None
    return paragraphs


def _margin_right(pdf: bytes) -> float:
    with pdfplumber.open(__import__("io").BytesIO(pdf)) as doc:
        return doc.pages[0].width - RIGHT_MARGIN


# -- Thai distributed justification --------------------------------------------------------

def test_demo_letters_body_lines_end_at_the_right_margin(demo):
    """Done-when: in every saraban letter of the demo, ≥ 90 % of non-final body lines end
    within 1 pt of the right margin."""
    assert {"external", "external-long", "memo", "order", "announcement", "stamped"} <= set(demo)
    for name, pdf in demo.items():
        right = _margin_right(pdf)
        non_final = [line for para in body_paragraphs(pdf) for line in para[:-1]]
        assert len(non_final) >= 2, name
        flush = [line for line in non_final if abs(line["x1"] - right) <= 1]
        assert len(flush) >= 0.9 * len(non_final), (name, [round(ln["x1"] - right, 2) for ln in non_final])
        # and nothing runs past the margin
        assert all(line["x1"] <= right + 1 for line in non_final), name


def test_last_line_of_a_paragraph_stays_natural(demo):
    pdf = demo["external-long"]
    right = _margin_right(pdf)
    short = [para[-1] for para in body_paragraphs(pdf) if right - para[-1]["x1"] > 30]
    assert len(short) >= 4
    for last in short:  # natural spacing: each glyph starts where the one before ends
        chars = last["chars"]
        gaps = [b["x0"] - a["x1"] for a, b in zip(chars, chars[1:])
                if not {a["text"], b["text"]} & (MARKS | {" "})]
        assert max(abs(g) for g in gaps) < 0.05


def test_justified_lines_spread_between_clusters_marks_stay_on_their_base(tmp_path, demo):
    """Compared with the same letter set ragged-right: every mark keeps its offset from
    its base glyph, and the space between base glyphs grows."""
    justified = pdf_lines(demo["external-long"])
    left = Renderer(_office(tmp_path, justify="left"))
    ragged = pdf_lines(left.render_pdf(left.prepare("letters/external", load_sample("external-long"))))
    stretched = 0
    for page_j, page_r in zip(justified, ragged):
        for line_j, line_r in zip(page_j, page_r):
            a, b = line_j["chars"], line_r["chars"]
            assert [c["text"] for c in a] == [c["text"] for c in b]
            base = None
            for cj, cr in zip(a, b):
                if cj["text"] in MARKS:
                    assert abs((cj["x0"] - base[0]["x0"]) - (cr["x0"] - base[1]["x0"])) < 0.05, cj["text"]
                    continue
                if base is not None and cj["x0"] - base[0]["x0"] > cr["x0"] - base[1]["x0"] + 0.05:
                    stretched += 1
                base = (cj, cr)
    assert stretched > 200  # the slack really went between clusters


def test_text_layer_survives_justification(tmp_path, demo):
    """pdftotext (reads /ActualText) and pypdf (ignores it) give the same text with or
    without justification: no space ever appears inside a word ("กั บ")."""
    left = Renderer(_office(tmp_path, justify="left"))
    justified = Renderer(_office(tmp_path, justify="thai-distributed"))
    for key in ["external", "external-long"]:
        data = load_sample(key)
        set_name = "letters/external"
        a = justified.render_pdf(justified.prepare(set_name, data))
        b = left.render_pdf(left.prepare(set_name, data))
        assert pdftotext(a) == pdftotext(b)
        assert pypdf_text(a) == pypdf_text(b)
        assert "กั บ" not in pypdf_text(a)
    assert "ร่วมกับ" in pypdf_text(justified.render_pdf(justified.prepare("letters/external", load_sample("external"))))


def _base_gaps(line: dict) -> list[float]:
    """The space between consecutive base glyphs of a line (marks and spaces left out;
    SARA AM reads back as NIKHAHIT + SARA AA, and that า belongs to its consonant)."""
    raw = line["chars"]
    am = {id(c) for i, c in enumerate(raw) if c["text"] == "\u0e32" and i and raw[i - 1]["text"] == "\u0e4d"}
    chars = [c for c in raw if c["text"] not in MARKS]
    return [b["x0"] - a["x1"] for a, b in zip(chars, chars[1:])
            if " " not in (a["text"], b["text"]) and id(b) not in am]


def test_justified_lines_end_at_the_margin_within_0_3_mm(demo):
    """Every non-final body line of every saraban demo letter, loose ones included (a
    long unbreakable word pushed down leaves 40 mm of slack), ends within 0.3 mm of the
    right margin and starts at the left margin or the indent. (Counted with 1 px of
    spacing, Pango's whole-pixel rounding made loose lines run 1.8 mm past the margin.)"""
    for name, pdf in demo.items():
        right = _margin_right(pdf)
        for para in body_paragraphs(pdf):
            assert abs(para[0]["x0"] - INDENT) < 0.3 * MM, name
            for line in para[:-1]:
                assert abs(line["x1"] - right) <= 0.3 * MM, (name, line["page"], round(line["x1"] - right, 2))
                assert abs(line["x0"] - (INDENT if line is para[0] else LEFT)) < 0.3 * MM, name


def test_slack_is_spread_evenly_word_boundaries_and_marks_included(demo):
    """Thai distributed: every cluster gap of a justified line is the same, at a word
    boundary (the segmentation pass's ZWSP) after a mark ("ปี|บริบูรณ์") as anywhere
    else. Pango's letter-spacing gave those 1.5 gaps (3.66 pt against 2.44 pt)."""
    lines = [line for para in body_paragraphs(demo["external-long"]) for line in para[:-1]]
    assert len(lines) >= 20
    loose = 0
    for line in lines:
        gaps = _base_gaps(line)
        assert max(gaps) - min(gaps) < 0.1, ("".join(c["text"] for c in line["chars"])[:20], sorted(gaps)[-3:])
        loose += min(gaps) > 2
    assert loose >= 1  # the loose line is among them


def test_paragraph_split_across_a_page_break_is_justified_on_both_pages(tmp_path, demo):
    """A paragraph that runs on to the next page: its lines at the foot of one page and
    at the head of the next end at the margin, and the re-laid out lines read back
    exactly, with pypdf too."""
    pdf = demo["external-long"]
    right = _margin_right(pdf)
    split = [para for para in body_paragraphs(pdf) if len({line["page"] for line in para}) > 1]
    assert split
    for para in split:
        pages = sorted({line["page"] for line in para})
        for page in pages:
            on_page = [line for line in para[:-1] if line["page"] == page]
            assert on_page, page
            assert all(abs(line["x1"] - right) <= 0.3 * MM for line in on_page), page
        continued = next(line for line in para if line["page"] == pages[1])
        assert abs(continued["x0"] - LEFT) < 0.3 * MM
    left = Renderer(_office(tmp_path, justify="left"))
    ragged = left.render_pdf(left.prepare("letters/external", load_sample("external-long")))
    assert pypdf_text(pdf) == pypdf_text(ragged)


def test_line_with_a_protected_token_is_justified_and_reads_back(tmp_path, demo):
    """A non-final line holding a no-break date (๑๕ ธันวาคม ๒๕๖๖, joined by WORD
    JOINERs) is justified like the others; the token reads back whole."""
    pdf = demo["external-long"]
    right = _margin_right(pdf)
    lines = [line for para in body_paragraphs(pdf) for line in para[:-1]]
    dated = [line for line in lines if "ธันวาคม" in "".join(c["text"] for c in line["chars"])]
    assert dated
    for line in dated:
        assert abs(line["x1"] - right) <= 0.3 * MM
        gaps = _base_gaps(line)
        assert max(gaps) - min(gaps) < 0.1
    assert "๑๕ ธันวาคม ๒๕๖๖" in pypdf_text(pdf)
    assert "๑๕ ธันวาคม ๒๕๖๖" in pdftotext(pdf)


def test_inline_markup_inside_a_justified_paragraph(renderer):
    """Several text boxes on one line (bold words): the gap between two boxes is one
    cluster gap too, the line ends at the margin, and the text reads back as ragged."""
    text = load_sample("external-long").data["body"][1]
    words = ["เบี้ยยังชีพผู้สูงอายุ", "ทั่วถึง"]
    assert all(word in text for word in words)
    for word in words:
        text = text.replace(word, f"<b>{word}</b>", 1)
    css = ("@page { size: A4; margin: 20mm 20mm 20mm 30mm } body { margin: 0; font-size: 16pt }"
           " p { text-indent: 25mm }")

    def pdf(align):
        return renderer.pdf_engine.write_pdf(
            f'<html lang="th"><style>{css}</style><p style="text-align: {align}">{text}</p>'
            f'<p style="text-align: {align}">{text}</p></html>')

    justified, ragged = pdf("justify"), pdf("left")
    right = _margin_right(justified)
    lines = [line for page in pdf_lines(justified) for line in page]
    ends = [round(line["x1"] - right, 2) for line in lines]
    non_final = [end for line, end, after in zip(lines, ends, lines[1:] + [None])
                 if after is not None and abs(after["x0"] - LEFT) < 1]
    assert len(non_final) >= 4
    assert all(abs(end) <= 0.3 * MM for end in non_final), ends
    assert pypdf_text(justified) == pypdf_text(ragged)
    assert pdftotext(justified) == pdftotext(ragged)


def test_office_justify_left_turns_it_off(tmp_path):
    renderer = Renderer(_office(tmp_path, justify="left"))
    pdf = renderer.render_pdf(renderer.prepare("letters/external", load_sample("external-long")))
    right = _margin_right(pdf)
    non_final = [line for para in body_paragraphs(pdf) for line in para[:-1]]
    flush = [line for line in non_final if abs(line["x1"] - right) <= 1]
    assert len(flush) < 0.5 * len(non_final)


def test_office_justify_is_validated(tmp_path):
    from docengine.errors import ValidationError

    load_office.cache_clear()
    with pytest.raises(ValidationError) as err:
        load_office(_office(tmp_path, justify="centre"))
    assert "justify" in str(err.value)


# -- pagination ----------------------------------------------------------------------------

def _signature_page_body_lines(renderer, data):
    prepared = renderer.prepare("letters/external", data)
    document = renderer.pdf_engine.render_document(
        renderer.html(prepared), base_url=prepared.tset.folder,
        stylesheets=renderer.stylesheets(prepared.tset), **renderer.pdf_access(prepared.tset))
    return len(document.pages), pagination.signature_pages(document)


@pytest.mark.parametrize("paragraphs", range(2, 9))
def test_closing_and_signature_keep_two_body_lines(renderer, paragraphs):
    """Whatever the length of the body, the page that holds the closing and signature
    holds at least two lines of the body too (the break moves up)."""
    base = load_sample("external-long").data
    tails = ["จึงเรียนมาเพื่อโปรดพิจารณา", base["body"][-1], base["body"][1]]  # 1, 2 and 4 lines
    for tail in tails:
        data = dict(base, body=base["body"][:paragraphs] + [tail])
        pages, [(page, body_lines)] = _signature_page_body_lines(renderer, data)
        if page > 1:
            assert body_lines >= 2, (paragraphs, tail[:10], page, body_lines)


def test_demo_signature_pages_hold_body_text(demo):
    """Done-when: every closing/signature page also holds body text (read from the PDF)."""
    for name, pdf in demo.items():
        pages = pdf_lines(pdf)
        # the signature block: the signer's name in parentheses, right of the centre
        closing = [n for n, lines in enumerate(pages) for ln in lines
                   if ln["x0"] > 250 and ln["chars"][0]["text"] == "("]
        last_page = closing[0] if closing else len(pages) - 1
        if last_page == 0:
            continue
        body = [line for para in body_paragraphs(pdf) for line in para if line["page"] == last_page]
        assert len(body) >= 2, name


def test_multipage_letters_carry_the_next_pages_first_word(demo):
    pdf = demo["external-long"]
    pages = pdf_lines(pdf)
    assert len(pages) >= 3
    with pdfplumber.open(__import__("io").BytesIO(pdf)) as doc:
        height, width = doc.pages[0].height, doc.pages[0].width
    for n in range(len(pages) - 1):
        foot = [ln for ln in pages[n] if ln["top"] > height - 20 * MM]
        assert len(foot) == 1, n
        word = "".join(c["text"] for c in foot[0]["chars"])
        assert word.startswith("/") and word.endswith("…")
        assert abs(foot[0]["x1"] - (width - RIGHT_MARGIN)) < 1  # bottom right
        next_first = next(ln for ln in pages[n + 1] if ln["top"] > 33 * MM)
        next_text = "".join(c["text"] for c in next_first["chars"])
        assert next_text.startswith(word[1:-1]), (word, next_text[:20])
    last_foot = [ln for ln in pages[-1] if ln["top"] > height - 20 * MM]
    assert last_foot == []
    # page furniture: not part of the text a reader copies or searches
    assert "…" not in pdftotext(pdf)


def test_carry_over_word_is_an_office_setting(tmp_path):
    renderer = Renderer(_office(tmp_path, carry_over_word="false"))
    pdf = renderer.render_pdf(renderer.prepare("letters/external", load_sample("external-long")))
    assert "…" not in "".join(c["text"] for page in pdf_lines(pdf) for ln in page for c in ln["chars"])


def test_demo_pdf_text_is_still_the_source_text(demo, renderer):
    """The carry-over word and the leaders add nothing to pdftotext's text."""
    for name, pdf in demo.items():
        assert "…" not in pdftotext(pdf), name
    body = load_sample("external-long").data["body"]
    text = squash(pdftotext(demo["external-long"], below_running_head_mm=33))
    for paragraph in body:
        assert squash(re.sub(r"\d", lambda m: "๐๑๒๓๔๕๖๗๘๙"[int(m.group())], paragraph)) in text


@pytest.mark.parametrize("text, word", [
    ("จึงเรียนมาเพื่อโปรดพิจารณา", "จึงเรียน"),
    ("๒. ตรวจสอบคุณสมบัติ", "๒."),
    ("ผู้ชุมชน\u200bและ", "ผู้ชุมชน"),
    ("พิจารณาจัดสรรงบประมาณเพิ่มเติมให้เพียงพอ", "พิจารณา"),
    # marked by the segmentation pass: a compound is one word, a protected date too
    ("องค์กรปกครองส่วนท้องถิ่น\u200bในพื้นที่", "องค์กรปกครองส่วนท้องถิ่น"),
    ("๒\u2060 \u2060มกราคม\u2060 \u2060๒๕๖๗ เป็นต้นไป", "๒ มกราคม ๒๕๖๗"),
])
def test_first_word(text, word):
    assert pagination.first_word(text) == word


# -- lines that meet Thai below-vowels -------------------------------------------------------

def _rules(page):
    """Horizontal strokes drawn on a page: thin rects and lines."""
    return [r for r in page.rects + page.lines + page.curves
            if r["height"] <= 2 and r["width"] > 5]


def _dotted_bands(page):
    """Where WeasyPrint drew a dotted bottom border: it clips to the band between the
    border box and the padding box, two rects that differ only in their bottom."""
    rects = sorted(page.rects, key=lambda r: (r["x0"], r["top"], r["bottom"]))
    return [(a["x0"], a["x1"], a["bottom"], b["bottom"]) for a, b in zip(rects, rects[1:])
            if abs(a["x0"] - b["x0"]) < 0.01 and abs(a["x1"] - b["x1"]) < 0.01
            and abs(a["top"] - b["top"]) < 0.01 and 0.3 < b["bottom"] - a["bottom"] < 2]


def test_memo_header_leaders_run_from_the_text_to_the_margin(demo):
    with pdfplumber.open(__import__("io").BytesIO(demo["memo"])) as doc:
        page = doc.pages[0]
        right = page.width - RIGHT_MARGIN
        leaders = [b for b in _dotted_bands(page) if b[2] < 90 * MM]  # the header fields
        assert len(leaders) == 4  # ส่วนราชการ, ที่, วันที่, เรื่อง
        for x0, x1, top, bottom in leaders:
            line = [c for c in page.chars if c["top"] < top < c["bottom"] + 4]
            assert line
            # from the end of the text on: no glyph above, through or under a leader
            assert all(c["x1"] <= x0 + 0.5 or c["x0"] >= x1 - 0.5 for c in line), x0
            assert any(abs(c["x1"] - x0) < 2 for c in line)  # it starts where the text ends
        # ส่วนราชการ and เรื่อง run to the margin; ที่ to the middle, where วันที่ starts
        assert sum(abs(b[1] - right) < 0.5 for b in leaders) == 3
        assert not [r for r in _rules(page) if r["top"] < 90 * MM]  # no underline anywhere


@pytest.mark.parametrize("name", ["announcement", "order"])
def test_heading_rule_sits_below_the_lowest_glyph(demo, name):
    with pdfplumber.open(__import__("io").BytesIO(demo[name])) as doc:
        page = doc.pages[0]
        rule = next(r for r in _rules(page) if r["width"] < 4 * 28.35)
        above = [c for c in page.chars if c["top"] < rule["top"]]
        lowest = max(above, key=ink_bottom)
        # below the lowest ink of the heading (ุ ู reach past the font's descent), with air
        assert rule["top"] >= ink_bottom(lowest) + 1, (rule["top"], ink_bottom(lowest), lowest["text"])
        assert any(c["text"] in "ุู" for c in above) or name == "order"


def test_continuation_page_number_is_furniture(demo):
    """"- ๒ -" is drawn at the top of page 2 but is not text: a paragraph that runs on
    to the next page reads on in pdftotext without a page number inside it."""
    pdf = demo["external-long"]
    head = [ln for ln in pdf_lines(pdf)[1] if ln["top"] < 33 * MM]
    assert "".join(c["text"] for c in head[0]["chars"]).replace(" ", "") == "-๒-"
    text = pdftotext(pdf)
    assert "- ๒ -" not in text and "- ๓ -" not in text
    second = load_sample("external-long").data["body"][2]  # item 1., runs from page 1 to 2
    assert squash(re.sub(r"\d", lambda m: "๐๑๒๓๔๕๖๗๘๙"[int(m.group())], second)) in squash(text)


# -- tables of notices and registers ---------------------------------------------------------

@pytest.mark.parametrize("filler", [30, 35, 36, 37, 38])  # 37, 38: only the header would fit
def test_tables_never_leave_a_header_alone_and_close_each_page(renderer, filler):
    """With the notices' table CSS: a table that starts near the foot of a page never
    leaves its header there without a row, and the part of the table on each page ends
    with a bottom rule."""
    from docengine.render.templateset import find_set

    sheets = renderer.stylesheets(find_set("notices/count-report"))
    rows = "".join(f"<tr><td>{i}</td><td>เทศบาลตำบลสันทราย แถวที่ {i}</td></tr>" for i in range(1, 41))
    html = ("<html lang='th'><body>" + "<p>บรรทัดเติมหน้า</p>" * filler
            + "<table class='plain'><thead><tr><th>ลำดับ</th><th>หัวตาราง</th></tr></thead>"
            + f"<tbody>{rows}</tbody></table></body></html>")
    pdf = renderer.pdf_engine.write_pdf(html, stylesheets=sheets)
    with pdfplumber.open(__import__("io").BytesIO(pdf)) as doc:
        assert len(doc.pages) >= 2
        for page in doc.pages:
            lines = page.extract_text().splitlines()
            assert "หัวตาราง" not in lines[-1], lines[-1]  # a header with no row under it
            cells = [c for c in page.chars if c["text"] == "แ"]
            if not cells:
                continue
            last_row_bottom = max(c["bottom"] for c in cells)
            rules = [r for r in page.rects + page.lines if r["height"] < 2 and r["width"] > 100
                     and 0 <= r["top"] - last_row_bottom < 15]
            assert rules, "the table's last row on the page has no bottom rule"


@pytest.mark.parametrize("form", ["elderly-registration", "disability-registration"])
def test_underlines_pass_below_the_below_vowels(renderer, form):
    """The underlined headings of the allowance forms: the underline runs below the ink
    of ุ ู (past the font's descent), never through it."""
    from docengine.forms.document import FormJob

    pdf = FormJob(renderer, form, fy=2568).blank_pdf()
    with pdfplumber.open(__import__("io").BytesIO(pdf)) as doc:
        checked = 0
        for page in doc.pages:
            for rule in page.lines + page.curves + page.rects:
                if rule["height"] > 1.5 or rule["width"] < 10:
                    continue
                over = [c for c in page.chars if c["x1"] > rule["x0"] and c["x0"] < rule["x1"]
                        and 0 < rule["top"] - c["top"] < 25]
                if not over:
                    continue
                checked += 1
                assert rule["top"] >= max(ink_bottom(c) for c in over), [c["text"] for c in over][:12]
                checked += any(c["text"] in "ุู" for c in over)
        assert checked >= 3  # at least one underline over a below-vowel was checked
