"""Forwarding a received letter: the enclosed copy carries "สำเนา" and a certification block.

A district letter is received (stamped) by the LAO of the sample office, which forwards it
with `letter forward --receipt`; the pages of the enclosure are read back with pdfplumber:
"สำเนา" on every page of the copy (and not on the new letter's own pages), สำเนาถูกต้อง with
a signature line, the name and the position of the office's copy_certifier on the last page,
and neither block over any character of the copy.
"""

from __future__ import annotations

import contextlib
import io
import json
from datetime import datetime

import pdfplumber
import pytest
import yaml
from extract import pdf_words
from register_helpers import run

from docengine.chain import issue_letter, receive_pdf
from docengine.chain.certify import certify_copy
from docengine.office import load_office
from docengine.register import open_register
from docengine.render.document import Renderer, load_sample
from docengine.office import Office

MM = 72 / 25.4


def district_letter() -> dict:
    data = dict(load_sample("external").data)
    data.pop("book_number")
    data.pop("speed", None)
    data.update({"series": "circular", "date": "2024-01-05", "recipient": "นายกเทศมนตรีตำบล ทุกแห่ง",
                 "agency": {"code": "ชม 0023.05", "name": "ที่ว่าการอำเภอฝาง", "address": "ถนนโชตนา ชม 50110"}})
    return data


@pytest.fixture(scope="module")
def forwarded(tmp_path_factory):
    """(stamped copy the LAO received, the LAO's forwarding letter PDF, its register record)."""
    tmp = tmp_path_factory.mktemp("certify")
    url = f"sqlite:///{tmp / 'register.sqlite3'}"
    reg = open_register(url)
    renderer = Renderer(Office.sample())
    sent = issue_letter(reg, district_letter(), renderer=renderer, pdf=tmp / "district.pdf")
    receipt, stamped = receive_pdf(reg, tmp / "district.pdf", "ชม 52101", out=tmp / "received.pdf",
                                   received_at=datetime(2024, 1, 8, 9, 15), renderer=renderer)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DOCENGINE_DB", url)
        from docengine.cli import main

        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            try:
                main(["letter", "forward", str(receipt.id), "--receipt", "--by", "ชม 52101",
                      "--to", "ผู้ใหญ่บ้าน ทุกหมู่บ้าน", "--date", "2024-01-09", "--pdf", str(tmp / "forward.pdf"),
                      "--json"])
            except SystemExit as exc:
                assert not exc.code
    return stamped, tmp / "forward.pdf", json.loads(out.getvalue())


def pages(pdf) -> int:
    with pdfplumber.open(pdf) as doc:
        return len(doc.pages)


def texts(words) -> list[str]:
    return [w["text"] for w in words]


def added(copy_words, source_words) -> list[dict]:
    """Words on a page of the enclosure that are not on the same page of the received copy."""
    def same(a, b):
        return a["text"] == b["text"] and abs(a["x0"] - b["x0"]) < 1 and abs(a["top"] - b["top"]) < 1
    return [w for w in copy_words if not any(same(w, s) for s in source_words)]


def touches(a, b, grow_mm=0.5) -> bool:
    g = grow_mm * MM
    return not (a["x1"] <= b["x0"] - g or a["x0"] >= b["x1"] + g or a["bottom"] <= b["top"] - g
                or a["top"] >= b["bottom"] + g)


def test_every_page_of_the_copy_is_marked_and_the_letter_itself_is_not(forwarded):
    stamped, pdf, record = forwarded
    n_copy, n_all = pages(stamped), pages(pdf)
    assert n_all > n_copy
    for n in range(1, n_all + 1):
        words = texts(pdf_words(pdf, n))
        if n > n_all - n_copy:
            assert "สำเนา" in words, f"page {n} of the copy has no สำเนา mark"
        else:
            assert "สำเนา" not in words and "สำเนาถูกต้อง" not in words


def test_last_page_of_the_copy_is_certified_by_the_office_copy_certifier(forwarded):
    stamped, pdf, _ = forwarded
    certifier = Office.sample().get("copy_certifier")
    new = texts(added(pdf_words(pdf, pages(pdf)), pdf_words(stamped, pages(stamped))))
    block = " ".join(" ".join(new[new.index("สำเนาถูกต้อง"):]).split())
    assert block.startswith(f"สำเนาถูกต้อง (ลงชื่อ) ({certifier['name']}) {certifier['position'][0]}"), block


def test_neither_block_covers_any_word_of_the_copy(forwarded):
    stamped, pdf, _ = forwarded
    n_copy, n_all = pages(stamped), pages(pdf)
    for k in range(1, n_copy + 1):
        source = pdf_words(stamped, k)
        new = added(pdf_words(pdf, n_all - n_copy + k), source)
        assert new, f"nothing added on page {k} of the copy"
        for w in new:
            hit = [s["text"] for s in source if touches(w, s)]
            assert not hit, f"page {k} of the copy: {w['text']!r} covers {hit}"
        # The copy's own words are all still there.
        assert len(added(source, pdf_words(pdf, n_all - n_copy + k))) == 0


def test_without_a_configured_certifier_the_name_and_position_are_left_to_write_in(tmp_path):
    renderer = Renderer(Office.sample())
    prepared = renderer.prepare("external", load_sample("external"))
    pdf = renderer.render_pdf(prepared)
    copy = certify_copy(pdf, renderer=renderer, certifier={"name": "", "position": []})
    new = texts(added(pdf_words(copy, pages(io.BytesIO(copy))), pdf_words(pdf, pages(io.BytesIO(pdf)))))
    # Name and position are dotted lines to write on: nothing but the fixed words is printed.
    assert sorted(new) == sorted(["สำเนา", "สำเนาถูกต้อง", "(ลงชื่อ)", "(", ")", "ตำแหน่ง"]), new


def test_office_file_certifier_is_validated(tmp_path, capsys):
    office = tmp_path / "office.yaml"
    office.write_text("name: เทศบาลตำบลทดสอบ\ncopy_certifier:\n  name: นาย ก\n", encoding="utf-8")
    letter = tmp_path / "letter.yaml"
    letter.write_text(yaml.safe_dump(dict(load_sample("external").data), allow_unicode=True), encoding="utf-8")
    load_office.cache_clear()
    code, out, err = run(capsys, "--office", str(office), "render", "external", "--data", str(letter),
                         "--pdf", str(tmp_path / "x.pdf"))
    assert code == 1 and "copy_certifier.position" in err
