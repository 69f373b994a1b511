"""The demo's filled registration forms are numbered from its register, as ``forms fill`` does
(issue 9: ทะเบียนเลขที่ from a register series of its own, per LAO and fiscal year).

The forms, their editable copies and the printed forms' book agree number for number.
"""

from __future__ import annotations

import re

import pytest
from extract import docx_text, pdftotext
from openpyxl import load_workbook

from docengine.register import open_register

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def _numbers(text: str) -> list[str]:
    """ทะเบียนเลขที่ N/๒๕๗๐ on each form (the slip repeats it: every second hit)."""
    return [f"{n}/{y}".translate(THAI_DIGITS)
            for n, y in re.findall(r"ทะเบียนเลขที่\s*([๐-๙]+)\s*/\s*([๐-๙]{4})", text)]


@pytest.mark.parametrize("form, first", [("elderly-registration-2566", 1), ("elderly-registration-old", 6),
                                         ("disability-registration", 1)])
def test_filled_forms_carry_the_registers_numbers(demo_dir, form, first):
    folder = demo_dir / "forms"
    numbers = _numbers(pdftotext(folder / f"{form}-filled.pdf", layout=True))
    wanted = [f"{n}/2570" for n in range(first, first + 5)]
    assert numbers[::2] == wanted and numbers[1::2] == wanted  # the form and its slip
    per_row = sorted((folder / f"{form}-filled-docx").glob("*.docx"))
    assert [_numbers(docx_text(p))[0] for p in per_row] == wanted
    assert _numbers(docx_text(folder / f"{form}-filled.docx"))[::2][:5] == wanted


def test_the_forms_book_lists_every_numbered_form(demo_dir):
    folder = demo_dir / "forms"
    reg = open_register(f"sqlite:///{folder / 'register.sqlite3'}", recover=False, create=False)
    lines = reg.list("forms")
    reg.close()
    assert len(lines) == 15 and {line.status for line in lines} == {"issued"}
    assert sorted(line.running_no for line in lines if line.series.startswith("form-e")) == list(range(1, 11))
    text = " ".join(pdftotext(folder / "register-forms.pdf").split())
    sheets = load_workbook(folder / "register-forms.xlsx")
    cells = [str(c.value) for ws in sheets.worksheets for row in ws.iter_rows() for c in row if c.value]
    for line in lines:
        name = " ".join(str(line.recipients).split())
        assert name in text, name
        assert any(name in v for v in cells), name
