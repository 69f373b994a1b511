"""Positions in the rendered PDF match the saraban standard within ±1 mm (brief §1.1–1.3)."""

from __future__ import annotations

import io
import re
from collections import defaultdict

import pdfplumber
import pytest

from docengine.render.document import Renderer, load_sample
from docengine.office import Office

MM = 72 / 25.4
TOL = 1.0  # mm
MARKS = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")


@pytest.fixture(scope="module")
def renderer():
    return Renderer(Office.sample())


def _pages(renderer, key, data=None):
    pdf = renderer.render_pdf(renderer.prepare(key, data or load_sample(key)))
    return pdfplumber.open(io.BytesIO(pdf))


def _lines(page):
    """(top mm, x0 mm, text without marks) for each text line of a page."""
    rows = defaultdict(list)
    for c in page.chars:
        rows[round(c["bottom"], 0)].append(c)
    out = []
    for _, chars in sorted(rows.items()):
        chars.sort(key=lambda c: c["x0"])
        text = MARKS.sub("", "".join(c["text"] for c in chars))
        out.append((chars[0]["top"] / MM, chars[0]["x0"] / MM, text))
    return out


def _mm(value):
    return value / MM


def test_external_letter_geometry(renderer):
    with _pages(renderer, "external") as doc:
        page = doc.pages[0]
        garuda = max(page.rects, key=lambda r: r["height"])
        assert abs(_mm(garuda["height"]) - 30) <= TOL            # Garuda 3 cm high
        assert abs(_mm(garuda["top"]) - 15) <= TOL               # about 1.5 cm from the top
        assert abs(_mm(garuda["x0"] + garuda["x1"]) / 2 - 110) <= TOL  # centred on the text block
        lines = _lines(page)
        book = next(line for line in lines if line[2].startswith("ท มท"))
        assert abs(book[1] - 30) <= TOL                          # ที่ at the 3 cm left margin
        assert book[0] >= _mm(garuda["bottom"]) - TOL            # on the line of the Garuda's foot
        subject = next(i for i, line in enumerate(lines) if line[2].startswith("เรอง"))
        assert "ประชาสมพนธ" in lines[subject][2]                  # label and text on one line
        first_x = next(c["x0"] for c in sorted(page.chars, key=lambda c: (round(c["bottom"]), c["x0"]))
                       if c["text"] == "ป" and abs(c["top"] / MM - lines[subject][0]) < 2)
        assert abs(lines[subject + 1][1] - first_x / MM) <= TOL      # continuation hangs under the text
        body = next(line for line in lines if line[2].startswith("ดวยกรม"))
        assert abs(body[1] - 55) <= TOL                          # 2.5 cm first-line indent
        date = next(line for line in lines if "ธนวาคม" in line[2] and line[1] > 60)
        assert abs(date[1] - 110) <= TOL                         # date line starts at the centre
        for p in doc.pages:
            assert min(_mm(c["x0"]) for c in p.chars) >= 30 - TOL  # left margin 3 cm
            assert max(_mm(c["x1"]) for c in p.chars) <= 190 + TOL  # right margin 2 cm
        body_sizes = {round(c["size"], 2) for c in page.chars if c["top"] > body[0] * MM}
        # 16 pt TH SarabunPSK-equivalent: the bundled Sarabun scaled by its measured factor
        from docengine.render.fonts import font_family

        assert round(font_family().pt(16), 2) in body_sizes


def test_memo_geometry(renderer):
    with _pages(renderer, "memo") as doc:
        page = doc.pages[0]
        garuda = min((r for r in page.rects if _mm(r["height"]) > 10), key=lambda r: r["top"])
        assert abs(_mm(garuda["height"]) - 15) <= TOL             # Garuda 1.5 cm on memo paper
        assert abs(_mm(garuda["x0"]) - 30) <= TOL                 # top left
        assert abs(_mm(garuda["top"]) - 15) <= TOL
        title = next(line for line in _lines(page) if "บนทกขอความ" in line[2])
        assert title[0] < _mm(garuda["bottom"])                   # บันทึกข้อความ beside the Garuda


def test_long_unbreakable_tokens_stay_inside_margins(renderer):
    data = load_sample("external").data
    data["body"] = ["ดูรายละเอียดที่ https://www.dla.go.th/" + "a" * 150 + " และ "
                    + "ผู้สูงอายุ" * 40]
    with _pages(renderer, "external", data) as doc:
        for p in doc.pages:
            assert max(_mm(c["x1"]) for c in p.chars) <= 190 + TOL


def test_thai_breaks_between_words(renderer):
    """Every line of a long Thai paragraph ends at a word boundary (libthai via Pango)."""
    from pythainlp.tokenize import word_tokenize

    data = load_sample("external").data
    sentence = "ผู้สูงอายุที่มีคุณสมบัติครบถ้วนสามารถยื่นคำขอรับเงินเบี้ยยังชีพได้ที่สำนักงานเทศบาลตำบล"
    data["body"] = [sentence * 4]
    pdf = renderer.render_pdf(renderer.prepare("external", data))
    from extract import pdftotext

    text = pdftotext(pdf)
    start = text.index(sentence[:20])
    para = text[start:text.index("ขอแสดง", start) if "ขอแสดง" in text[start:] else None]
    lines = [line for line in para.split("\n") if line.strip()][:-1]
    assert len(lines) >= 3
    boundaries = set()
    pos = 0
    for word in word_tokenize(sentence * 4, engine="newmm"):
        pos += len(word)
        boundaries.add(pos)
    pos = 0
    for line in lines:
        pos += len(line.strip())
        assert pos in boundaries, f"line break inside a word after {line[-10:]!r}"
