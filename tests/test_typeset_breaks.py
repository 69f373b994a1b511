"""Where Thai lines may break (docengine.typeset): the marks, the dictionary, and what WeasyPrint does.

Unit properties with hypothesis (marks strip back to the source, protected tokens and
project words never hold a break, ๆ/ฯ never start a line), then narrow PDFs read back
with pdftotext: every line ends where the rules allow, and no mark leaks into the text.
"""

from __future__ import annotations

import pytest
from extract import pdftotext, pypdf_text
from hypothesis import given, settings
from hypothesis import strategies as st

from docengine.errors import ValidationError
from docengine.typeset import break_points, line_breaker, strip_marks
from docengine.typeset.breaks import MARKS, LineBreaker, protected_spans
from docengine.typeset.dictionary import project_words
from docengine.office import Office

THAI_WORDS = ["ขอ", "เชิญ", "ผู้สูงอายุ", "และ", "คนพิการ", "มา", "ลงทะเบียน", "รับ", "เบี้ยยังชีพ",
              "ลงวันที่", "องค์กรปกครองส่วนท้องถิ่น", "สันทราย", "ต่าง", "ๆ", "ฯ", "กรุงเทพฯ", "ที่",
              "ปีงบประมาณ", "ผู้ดูแลคนพิการ", "นำ", "น้ำ", "ทำ", "ค่ำ"]
TOKENS = ["ชม ๐๐๒๓.๓/ว ๖๓", "มท ๐๘๑๐.๖/ว ๕๒๕๖", "๒ มกราคม ๒๕๖๗", "๕ ม.ค. ๖๗", "พ.ศ. ๒๕๖๗",
          "๐๘.๓๐ – ๑๖.๓๐ น.", "๐ ๕๓๔๕ ๐๑๒๓", "๐-๕๓๑๓-๒๖๓๗", "๐ ๒๒๔๓-๔๐๐๐ ต่อ ๔๓๓๒",
          "๓-๕๐๐๙-๙๓๗๒๐-๒๖-๙", "๑,๐๐๐ บาท", "๖๐๐ บาท", "นางสาวสมศรี", "นายสมชาย", "๑๔ พฤศจิกายน พ.ศ. ๒๕๖๗"]

texts = st.lists(st.sampled_from(THAI_WORDS + TOKENS + [" ", "(", ")", "Citizen Portal", "๑๒", "."]),
                 max_size=14).map("".join)


@pytest.fixture(scope="module")
def breaker():
    return line_breaker()


def _pieces(marked: str) -> list[str]:
    """The source text cut at every break opportunity of ``marked``."""
    points = break_points(marked) or []
    edges = [0, *points, len(marked)]
    return [strip_marks(marked[a:b]) for a, b in zip(edges, edges[1:])]


def _cuts(text: str, marked: str) -> set[int]:
    """Break opportunities as indices of the unmarked ``text``."""
    cuts, pos = set(), 0
    for piece in _pieces(marked)[:-1]:
        pos += len(piece)
        cuts.add(pos)
    assert "".join(_pieces(marked)) == text
    return cuts


def _break_points_by_definition(marked: str) -> list[int] | None:
    """The rule of break_points spelled out a character at a time (its regex must agree)."""
    if not any("\u0e01" <= ch <= "\u0e5b" for ch in marked):
        return None
    return [i for i in range(1, len(marked))
            if marked[i - 1] == "\u200b"
            or (marked[i - 1].isspace() and marked[i] != "\u2060" and not marked[i].isspace())]


@settings(max_examples=500, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("กขผู้ๆ ๐.-a\u200b\u2060\n\t\u00a0\u3000\x1c"), max_size=30))
def test_break_points_follow_the_rule(text):
    assert break_points(text) == _break_points_by_definition(text)


@pytest.fixture(scope="module")
def python_trie(breaker):
    from pythainlp.corpus.common import thai_words
    from pythainlp.util import dict_trie

    return dict_trie(set(thai_words()) | set(breaker.words))


@settings(max_examples=200, deadline=None)
@given(text=texts)
def test_segments_are_newmm_with_pythainlps_own_trie(breaker, python_trie, text):
    """The marisa-trie word list segments exactly as pythainlp's Trie of the same words."""
    from pythainlp.tokenize import word_tokenize

    assert breaker.segments(text) == word_tokenize(text, custom_dict=python_trie, engine="newmm",
                                                   keep_whitespace=True)


def test_pango_byte_ranges_match_the_character_ranges():
    from docengine.typeset.weasy import no_break_bytes, no_break_ranges

    marked = line_breaker().mark("ขอเชิญผู้สูงอายุ (aé) มาลงทะเบียน ๒ มกราคม ๒๕๖๗ 😀 ที่ ชม ๐๐๒๓.๓/ว ๖๓")
    for (a, b), (x, y) in zip(no_break_ranges(marked), no_break_bytes(marked), strict=True):
        assert (x, y) == (len(marked[:a].encode()), len(marked[:b].encode()))


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("กขคงผู้สอายุๆฯ ๐๑๒.,-–/น" + "abc \u200b\u2060\n"), max_size=40))
def test_stripping_the_marks_gives_back_the_source(text):
    b = line_breaker()
    source = strip_marks(text)
    assert strip_marks(b.mark(source)) == source
    assert b.mark(b.mark(source)) == b.mark(source)  # marking is idempotent


@settings(max_examples=300, deadline=None)
@given(text=texts)
def test_no_break_inside_a_protected_token_or_project_word(breaker, text):
    cuts = _cuts(text, breaker.mark(text))
    for start, end in breaker.kept_spans(text):
        inside = {c for c in cuts if start < c < end}
        assert not inside, (text[start:end], sorted(inside))


@settings(max_examples=300, deadline=None)
@given(text=texts)
def test_mai_yamok_and_paiyannoi_never_start_a_line(breaker, text):
    for piece in _pieces(breaker.mark(text))[1:]:
        assert piece[:1] not in ("ๆ", "ฯ"), text


@pytest.mark.parametrize("token", TOKENS)
def test_each_listed_token_is_protected_whole(token):
    text = f"ตามหนังสือ {token} แล้ว"
    spans = [text[a:b] for a, b in protected_spans(text)]
    assert token in spans, spans


@pytest.mark.parametrize("text, pieces", [
    ("ผู้สูงอายุลงวันที่", ["ผู้สูงอายุ", "ลงวันที่"]),
    ("เทศบาลตำบลสันทราย", ["เทศบาลตำบล", "สันทราย"]),
    ("ต่าง ๆ กัน", ["ต่าง ๆ ", "กัน"]),
    ("ที่ ชม ๐๐๒๓.๓/ว ๖๓ ลงวันที่ ๒ มกราคม ๒๕๖๗", ["ที่ ชม ๐๐๒๓.๓/ว ๖๓ ", "ลงวันที่ ", "๒ มกราคม ๒๕๖๗"]),
    ("(นางสาวสมศรี ใจดี)", ["(นางสาวสมศรี ", "ใจดี)"]),
    # seen in the PR notice: "โท / ร. ๐ ๕๓๔๕ ๐๑๒๓" (โทร. goes with its number)
    ("สันทราย โทร. ๐ ๕๓๔๕ ๐๑๒๓", ["สันทราย ", "โทร. ๐ ๕๓๔๕ ๐๑๒๓"]),
    ("นายกเทศมนตรีตำบลสันทราย", ["นายกเทศมนตรี", "ตำบล", "สันทราย"]),
    # pythainlp's own dictionary has this as one word; the project word inside still splits it
    ("นายกองค์การบริหารส่วนตำบล", ["นายก", "องค์การบริหารส่วนตำบล"]),
])
def test_breaks_fall_between_words(breaker, text, pieces):
    assert _pieces(breaker.mark(text)) == pieces


def test_text_without_thai_keeps_the_renderers_rules(breaker):
    assert breaker.mark("saraban@dla.go.th 2024") == "saraban@dla.go.th 2024"
    assert break_points("Citizen Portal") is None


def test_dictionary_knows_provinces_places_and_the_office():
    from docengine.office import load_office

    words = project_words(Office.sample())
    assert {"เชียงใหม่", "บึงกาฬ", "แม่ฮ่องสอน", "ฝาง", "สันทราย", "เวียงฝาง", "ผู้สูงอายุ",
            "ปฏิบัติราชการแทน", "ข้อมูลส่วนบุคคล"} <= words
    assert "เทศบาลตำบลสันทราย" not in words  # the LAO may wrap after its kind


def test_office_words_join_the_dictionary_and_are_validated(tmp_path):
    from docengine.office import load_office
    from docengine.resources import data_path

    sample = data_path("samples", "office.yaml").read_text(encoding="utf-8")
    good = tmp_path / "office.yaml"
    good.write_text(sample + "words: [หนองบัวแดง, บ้านทุ่งหลวง]\n", encoding="utf-8")
    office = load_office(good)
    b = line_breaker(office)
    assert "หนองบัวแดง" in b.words and "หนองบัวแดง" not in line_breaker().words
    assert _pieces(b.mark("บ้านทุ่งหลวงหนองบัวแดง")) == ["บ้านทุ่งหลวง", "หนองบัวแดง"]

    bad = tmp_path / "bad.yaml"
    bad.write_text(sample + "words: [หนอง บัว, abc, '']\n", encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        load_office(bad)
    problems = err.value.problems
    assert [p.field for p in problems] == ["words[1]", "words[2]", "words[3]"]
    assert all(p.th and p.en for p in problems)


def test_a_new_dictionary_changes_the_breaks():
    plain, extended = LineBreaker(frozenset()), LineBreaker(frozenset({"ผู้สูงอายุ"}))
    assert "\u200b" not in strip_marks(extended.mark("ผู้สูงอายุ"))
    assert len(_pieces(extended.mark("ผู้สูงอายุ"))) == 1
    assert len(_pieces(plain.mark("ผู้สูงอายุ"))) >= 1


# --- what WeasyPrint makes of it ------------------------------------------------------------

NARROW = ("ขอเชิญผู้สูงอายุและคนพิการมาลงทะเบียนรับเบี้ยยังชีพผู้สูงอายุลงวันที่สองมกราคม"
          "องค์กรปกครองส่วนท้องถิ่นสันทรายตามหนังสือที่ ชม ๐๐๒๓.๓/ว ๖๓ ลงวันที่ ๒ มกราคม ๒๕๖๗ "
          "เวลา ๐๘.๓๐ – ๑๖.๓๐ น. โทร. ๐ ๕๓๔๕ ๐๑๒๓ จำนวน ๑,๐๐๐ บาท นางสาวสมศรี ใจดี ต่าง ๆ กัน")


@pytest.fixture(scope="module")
def narrow_pdfs():
    """The same paragraph set in columns of several widths."""
    from docengine.render.pdf import pdf_engine

    engine = pdf_engine()
    out = {}
    for width in (28, 36, 45, 60):
        para = f"<p style='width:{width}mm'>{NARROW}</p>"
        table = (f"<table style='width:{width}mm;border-collapse:collapse'><tr><td>สันทราย</td>"
                 "<td>องค์การบริหารส่วนตำบลม่อนปิ่น</td></tr></table>")
        out[width] = [engine.write_pdf(f"<html lang='th'><body style='font-size:16pt'>{body}</body></html>")
                      for body in (para, table)]
    return out


def _lines_of(pdf: bytes) -> list[str]:
    return [line for line in pdftotext(pdf).split("\n") if line.strip()]


def test_narrow_paragraph_breaks_only_where_allowed(breaker, narrow_pdfs):
    cuts = _cuts(NARROW, breaker.mark(NARROW)) | {i + 1 for i, ch in enumerate(NARROW) if ch == " "}
    for width, (pdf, _) in narrow_pdfs.items():
        para = _lines_of(pdf)
        assert "".join(line.strip() for line in para).replace(" ", "") == NARROW.replace(" ", ""), width
        pos = 0
        for line in para[:-1]:
            pos = NARROW.index(line.strip(), pos) + len(line.strip())
            while pos < len(NARROW) and NARROW[pos] == " ":
                pos += 1
            assert pos in cuts, f"{width} mm: break after {line[-12:]!r} / {NARROW[pos:pos + 12]!r}"


def test_narrow_table_cell_keeps_place_names_whole(narrow_pdfs):
    for width, (_, pdf) in narrow_pdfs.items():
        lines = _lines_of(pdf)
        assert "สันทราย" in lines and "องค์การบริหารส่วนตำบล" in "".join(lines), (width, lines)
        assert not any(line.endswith(("องค์การ", "บริหาร", "ม่อน")) for line in lines), (width, lines)


def test_no_mark_leaks_into_the_text_layer(narrow_pdfs):
    for pdf in (p for pair in narrow_pdfs.values() for p in pair):
        for text in (pdftotext(pdf), pypdf_text(pdf)):
            assert not set(MARKS) & set(text)


def test_letter_text_layer_has_no_marks():
    from docengine.render.document import Renderer, load_sample

    r = Renderer(Office.sample())
    pdf = r.render_pdf(r.prepare("external", load_sample("external")))
    text = pdftotext(pdf)
    assert "ผู้สูงอายุ" in text and not set(MARKS) & set(text)
    import re

    actual = re.findall(rb"/ActualText\s*<([0-9A-Fa-f]+)>|/ActualText\s*\(", _uncompressed(pdf))
    assert actual, "the text runs carry /ActualText"
    for hexed in actual:
        if hexed:
            assert not set(MARKS) & set(bytes.fromhex(hexed.decode()).decode("utf-16")), hexed


def _uncompressed(pdf: bytes) -> bytes:
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return b"".join(page.Contents.read_bytes() if not isinstance(page.Contents, pikepdf.Array)
                        else b"".join(c.read_bytes() for c in page.Contents) for page in doc.pages)


def test_docx_text_has_no_marks():
    """The DOCX is rendered from the context, not from the marked HTML: Word and LibreOffice
    break Thai with their own dictionaries, and the text a user edits is the source text."""
    from extract import docx_text

    from docengine.render.document import Renderer, load_sample

    r = Renderer(Office.sample())
    prepared = r.prepare("external", load_sample("external"))
    text = docx_text(r.render_docx(prepared))
    assert "ผู้สูงอายุ" in text and not set(MARKS) & set(text)
