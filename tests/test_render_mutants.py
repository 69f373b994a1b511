"""What render's surviving mutants changed (scripts/mutate.py render; docs/testing.md), each
asserted as the clerk or the office's template maker gets it."""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import pytest

from docengine import Engine, Office
from docengine.errors import DocengineError, ValidationError
from docengine.records.datafile import parse_yaml
from docengine.resources import templates_path

ROOT = Path(__file__).resolve().parent.parent

LETTER = """\
date: 2024-01-05
subject: ขอเชิญประชุม
recipient: นายอำเภอฝาง
body:
  - ด้วยเทศบาลตำบลสันทรายจะจัดประชุม
  - "จึงเรียนมา\\x07เพื่อโปรดทราบ"
"""


@pytest.fixture(scope="module")
def engine():
    return Engine(Office.sample())


def test_a_problem_in_a_list_item_names_the_items_own_line(engine, tmp_path):
    """A bell character pasted into the second paragraph: body[2], line 6 of the file, not
    line 4 where ``body:`` starts."""
    path = tmp_path / "letter.yaml"
    path.write_text(LETTER, encoding="utf-8")
    with pytest.raises(ValidationError) as got:
        engine.render("external", parse_yaml(LETTER, path))
    (problem,) = got.value.problems
    assert problem.field == "body[2]" and problem.source == "letter.yaml:6"
    assert "U+0007" in problem.en


def test_asking_a_letter_for_a_workbook_says_which_formats_it_has(engine):
    doc = engine.render("external", {"date": "2024-01-05", "subject": "ขอเชิญประชุม", "recipient": "นายอำเภอฝาง",
                                     "body": ["จึงเรียนมาเพื่อโปรดทราบ"]})
    with pytest.raises(DocengineError) as got:
        doc.xlsx()
    assert "has no XLSX version (it has PDF, DOCX)" in got.value.en
    assert "ไม่มีแฟ้ม XLSX (มี PDF, DOCX)" in got.value.th


def test_a_space_has_no_ink_so_it_does_not_move_a_values_middle():
    """A value written into a form's blank is centred on its ink: the spaces between words
    (glyphs with no outline) count for nothing."""
    from docengine.render.overlay import TextOverlay

    overlay = TextOverlay.for_family()
    assert overlay.ink_middle("นาย สมหมาย") == overlay.ink_middle("นายสมหมาย")
    assert overlay.ink_middle(" ") == overlay.cap_height / 2


def test_merging_no_documents_is_refused():
    from docengine.render.docxmerge import merge_docx

    with pytest.raises(ValueError, match="^nothing to merge$"):
        merge_docx([])


def test_the_shipped_docx_templates_are_what_the_builder_makes():
    """scripts/build_docx_templates.py makes every set's template.docx (the header "- {PAGE} -"
    with Thai page numbers among them): the shipped files are its output, part for part, so a
    change of the builder that is not rebuilt, or a hand edit of a shipped file, fails here."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import build_docx_templates as builder
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    for key in builder.SETS:
        made = io.BytesIO()
        builder.build(key, made)
        new, old = zipfile.ZipFile(made), zipfile.ZipFile(templates_path(*key.split("/"), "template.docx"))
        assert sorted(new.namelist()) == sorted(old.namelist()), key
        changed = [name for name in new.namelist() if new.read(name) != old.read(name)]
        assert not changed, f"{key}: {changed} differ from scripts/build_docx_templates.py's output"
