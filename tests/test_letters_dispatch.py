"""Letters drafted before they are numbered (offices number at dispatch), and draft marks.

`render` of a letter without book_number prints the agency code and series with the
space for the number ("ที่ ชม ๐๐๒๓.๓/ว"); `--draft` marks every page ร่าง (PDF and DOCX);
`letter issue` of the same data still takes the next number from the register.
"""

from __future__ import annotations

import re

import pdfplumber
import pytest
import yaml
from extract import docx_text, pdftotext
from register_helpers import run

from docengine.render.document import Renderer, load_sample
from docengine.render.draft import docx_watermarks
from docengine.office import Office

MM = 72 / 25.4


def unnumbered(series="circular", code="ชม 0023.3") -> dict:
    data = dict(load_sample("external").data)
    data.pop("book_number")
    data["series"] = series
    data["agency"] = {"name": "จังหวัดเชียงใหม่", "address": "ศาลากลางจังหวัดเชียงใหม่ ถนนโชตนา ชม 50300",
                      "code": code}
    return data


@pytest.fixture(scope="module")
def letter_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("dispatch") / "letter.yaml"
    path.write_text(yaml.safe_dump(unnumbered(), allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def rendered(letter_file, tmp_path_factory):
    """`docengine render external` without a number, once plain and once with --draft."""
    out = tmp_path_factory.mktemp("rendered")
    from docengine.cli import main

    for name, extra in (("plain", []), ("draft", ["--draft"])):
        try:
            main(["render", "external", "--data", str(letter_file), "--pdf", str(out / f"{name}.pdf"),
                  "--docx", str(out / f"{name}.docx"), *extra])
        except SystemExit as exc:
            assert not exc.code, f"render {name} failed"
    return out


def number_line(text: str) -> str:
    return next(line for line in text.splitlines() if line.strip().startswith("ที่"))


def test_render_prints_agency_code_and_series_without_a_number(rendered):
    line = number_line(pdftotext(rendered / "plain.pdf", layout=True))
    m = re.search(r"ที่ ชม ๐๐๒๓\.๓/ว(.*)", line)
    assert m, line
    # Nothing but blank space up to the agency block on the right: no digit, no placeholder.
    after = m.group(1)
    assert not re.search(r"[0-9๐-๙]", after.split("ศาลากลาง")[0]), line
    assert "ที่ ชม ๐๐๒๓.๓/ว" in docx_text((rendered / "plain.docx").read_bytes())


def test_the_space_left_for_the_number_is_wide_enough_to_write_in(rendered):
    """The blank after "/ว" spans at least 15 mm before the agency block (seed numbers have 2-5 digits)."""
    with pdfplumber.open(rendered / "plain.pdf") as pdf:
        words = pdf.pages[0].extract_words(keep_blank_chars=False)
    slash = next(w for w in words if w["text"].endswith("/ว"))
    same_line = [w for w in words if abs(w["top"] - slash["top"]) < 3 and w["x0"] > slash["x1"]]
    nxt = min((w["x0"] for w in same_line), default=pdf_width_pt())
    assert nxt - slash["x1"] >= 15 * MM


def pdf_width_pt() -> float:
    return 210 * MM


def test_normal_series_leaves_the_space_after_the_slash():
    r = Renderer(Office.sample())
    prepared = r.prepare("external", unnumbered(series="normal", code="ชม ๐๐๒๓.๐๕"))
    assert prepared.context["book_number"].strip() == "ชม ๐๐๒๓.๐๕/"
    text = pdftotext(r.render_pdf(prepared))
    assert re.search(r"ที่ ชม ๐๐๒๓\.๐๕/\s", text)


def test_without_any_agency_code_render_says_what_to_give(tmp_path, capsys):
    office = tmp_path / "office.yaml"
    office.write_text("name: เทศบาลตำบลทดสอบ\n", encoding="utf-8")
    data = unnumbered()
    data["agency"].pop("code")
    letter = tmp_path / "letter.yaml"
    letter.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    code, out, err = run(capsys, "--office", str(office), "render", "external", "--data", str(letter),
                         "--pdf", str(tmp_path / "x.pdf"))
    assert code == 1
    assert "book_number" in err and "agency.code" in err and "รหัสหน่วยงาน" in err
    assert not (tmp_path / "x.pdf").exists()


def test_draft_marks_every_pdf_page_and_the_docx(rendered):
    from pypdf import PdfReader

    pages = len(PdfReader(str(rendered / "draft.pdf")).pages)
    for n in range(1, pages + 1):
        import subprocess

        page = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(rendered / "draft.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert "ร่าง" in page, f"page {n} has no draft mark"
    assert "ร่าง" not in pdftotext(rendered / "plain.pdf")
    assert docx_watermarks((rendered / "draft.docx").read_bytes()) == ["ร่าง"]
    assert docx_watermarks((rendered / "plain.docx").read_bytes()) == []
    # The watermark is not part of the letter's text.
    assert "ร่าง" not in docx_text((rendered / "draft.docx").read_bytes())


def test_draft_mark_lies_across_the_page_centre(rendered):
    with pdfplumber.open(rendered / "draft.pdf") as pdf:
        page = pdf.pages[0]
        big = [c for c in page.chars if c["text"] in "ร่าง" and c["size"] > 60]
        assert big, "no large draft characters"
        x = sum(c["x0"] for c in big) / len(big)
        y = sum(c["top"] for c in big) / len(big)
        assert 0.25 * page.width < x < 0.75 * page.width and 0.2 * page.height < y < 0.7 * page.height


def test_letter_issue_still_numbers_the_same_data(letter_file, tmp_path, capsys):
    db = f"sqlite:///{tmp_path / 'reg.sqlite3'}"
    pdf = tmp_path / "issued.pdf"
    assert run(capsys, "--db", db, "register", "init")[0] == 0
    code, out, err = run(capsys, "--db", db, "letter", "issue", "--data", str(letter_file), "--pdf", str(pdf),
                         "--json")
    assert code == 0, err
    import json

    record = json.loads(out)
    assert record["book_number"] == "ชม 0023.3/ว 1" and record["status"] == "issued"
    assert re.search(r"ที่ ชม ๐๐๒๓\.๓/ว ๑\b", number_line(pdftotext(pdf, layout=True)))
    assert "ร่าง" not in pdftotext(pdf)


def test_a_three_line_address_pushes_the_date_line_down(rendered):
    """The agency block (3 lines here) and the date line never share a line of the page."""
    with pdfplumber.open(rendered / "plain.pdf") as pdf:
        lines = pdf.pages[0].extract_text_lines()
    agency_bottom = max(line["bottom"] for line in lines
                        if any(k in line["text"] for k in ("จังหวัดเชียงใหม่", "ศาลากลาง", "๕๐๓๐๐"))
                        and "ที่" not in line["text"][:3])
    date_top = next(line["top"] for line in lines if "ธันวาคม ๒๕๖๖" in line["text"] and "อ้างถึง" not in line["text"])
    assert date_top >= agency_bottom - 1, (agency_bottom, date_top)
