"""Commands no other test ran: `register start-from`, `register agencies`, `render --enclosure`.
Each is checked by what the clerk gets: the number printed on the letter, the agency list, the pages."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from pypdf import PdfReader

from docengine.register import open_register
from docengine.resources import data_path
from extract import pdftotext
from register_helpers import run

SAMPLE = data_path("samples", "documents", "external.yaml")


@pytest.fixture
def db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cmd.sqlite3'}"
    monkeypatch.setenv("DOCENGINE_DB", url)
    open_register(url).close()
    return url


def _unnumbered(tmp_path):
    data = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    del data["book_number"]  # numbered from the office's own book (ชม 52101), dated 13 Dec 2566
    data["agency"] = {"name": "เทศบาลตำบลสันทราย"}  # and headed with its name, not the DLA's
    path = tmp_path / "letter.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_start_from_makes_the_next_letter_take_that_number(db, tmp_path, capsys):
    code, out, err = run(capsys, "register", "start-from", "--agency", "ชม 52101", "--series", "normal",
                         "--year", "2566", "40")
    assert code == 0, err
    assert "next number 40" in out and "deprecated" not in err
    code, out, err = run(capsys, "letter", "issue", "--data", str(_unnumbered(tmp_path)),
                         "--pdf", str(tmp_path / "l.pdf"))
    assert code == 0, err
    assert "ชม ๕๒๑๐๑/๔๐" in pdftotext(tmp_path / "l.pdf")  # ที่ on the page
    assert [r.running_no for r in open_register(db).list("send", 2566)] == [40]


def test_start_from_below_a_taken_number_is_refused(db, tmp_path, capsys):
    assert run(capsys, "letter", "issue", "--data", str(_unnumbered(tmp_path)), "--pdf", str(tmp_path / "a.pdf"))[0] == 0
    code, out, err = run(capsys, "register", "start-from", "ชม 52101", "normal", "2566", "1")  # the old form
    assert "deprecated, use --agency" in err
    assert code in (1, 3), out + err
    assert re.search(r"[\u0E00-\u0E7F]", err) and "Traceback" not in err
    assert [r.running_no for r in open_register(db).list("send", 2566)] == [1]  # nothing reused


def test_agencies_lists_codes_kinds_and_marks_the_samples(db, capsys):
    code, out, _ = run(capsys, "register", "agencies")
    assert code == 0
    line = next(l for l in out.splitlines() if l.startswith("ชม 52101"))
    assert "lao" in line and "เทศบาลตำบลสันทราย" in line and line.endswith("[sample]")
    assert any(l.startswith("มท ") or l.startswith("มท\t") or l.split()[0] == "มท" for l in out.splitlines())
    code, out, _ = run(capsys, "register", "agencies", "--json")
    rows = {a["code"]: a for a in json.loads(out)}
    assert rows["ชม 52101"]["kind"] == "lao" and rows["ชม 52101"]["origin"] == "sample"
    assert rows["มท"]["origin"] == "data"


def _text_pdf(path, lines: list[str]) -> None:
    """A PDF with one line of Helvetica text per page."""
    import pikepdf

    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica))
    for line in lines:
        page = pdf.add_blank_page(page_size=(595, 842))
        page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        page.Contents = pdf.make_stream(f"BT /F1 12 Tf 72 720 Td ({line}) Tj ET".encode())
    pdf.save(path)


def test_render_enclosure_appends_its_pages_in_order(tmp_path, capsys):
    _text_pdf(tmp_path / "enc1.pdf", ["ENCLOSURE-ONE page 1"])
    _text_pdf(tmp_path / "enc2.pdf", ["ENCLOSURE-TWO page 1", "ENCLOSURE-TWO page 2"])
    enclosures = ["--enclosure", str(tmp_path / "enc1.pdf"), "--enclosure", str(tmp_path / "enc2.pdf")]
    code, out, err = run(capsys, "render", "external", "--data", str(SAMPLE), "--pdf", str(tmp_path / "x.pdf"),
                         *enclosures)
    assert code == 0, err
    pages = [p.extract_text() or "" for p in PdfReader(tmp_path / "x.pdf").pages]
    letter_pages = len(pages) - 3
    assert letter_pages >= 1 and "ENCLOSURE" not in "".join(pages[:letter_pages])
    assert ["ENCLOSURE-ONE page 1" in pages[-3], "ENCLOSURE-TWO page 1" in pages[-2],
            "ENCLOSURE-TWO page 2" in pages[-1]] == [True, True, True]
    assert f"{len(pages)} pages" in out
