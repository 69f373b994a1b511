"""Filled values stay inside their blanks (issue 9: "a value too long for its line wraps onto
the continuation line or the field grows — never shrunk below 85 % size").

The blanks are sized for real data: the longest bank name (ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร),
a ten-digit mobile number, a full Thai date. A value that would still run over the form's
own words is refused before anything is numbered or written, all rows at once.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pdfplumber
import pytest

from docengine.cli import main
from docengine.resources import data_path
from extract import form_blanks, in_form_box, pdftotext

MM = 72 / 25.4
LONGEST_BANK = "ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร"


def _rows(src: Path, dest: Path, keep, n: int = 3, change=None) -> Path:
    with src.open(encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        rows, fields = [r for r in reader if keep(r)][:n], reader.fieldnames
    for r in rows:
        (change or (lambda r: None))(r)
    with dest.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)
    return dest


def _outside(pdf: Path) -> list[str]:
    """Stamped characters (the overlay's font is embedded whole, without a subset tag) that
    have no blank under them: they run past their dotted line onto the form's words."""
    bad = []
    with pdfplumber.open(pdf) as doc:
        for n, page in enumerate(doc.pages, 1):
            blanks = form_blanks(page)
            for c in page.chars:
                if "+" in c["fontname"] or not c["text"].strip() or in_form_box(page, c):
                    continue  # the form's own words, and ticks and ID digits (their own tests)
                baseline = page.height - c["matrix"][5]
                if not any(x0 - 0.5 <= c["x1"] and c["x0"] <= x1 + 0.5 and c["x1"] <= x1 + 1.0
                           and -2 < y - baseline < 8 for x0, x1, y in blanks):
                    bad.append(f"page {n}: {c['text']!r} at x {c['x0'] / MM:.1f}-{c['x1'] / MM:.1f} mm")
    return bad


@pytest.mark.parametrize("form, people, fy", [
    ("elderly-registration", "people.csv", "2570"),
    ("disability-registration", "people-disability.csv", "2570"),
])
def test_long_bank_names_phones_and_dates_stay_in_their_blanks(tmp_path, form, people, fy):
    data = _rows(data_path("samples", people), tmp_path / "p.csv",
                 lambda r: LONGEST_BANK in r.values() and (r.get("phone") or r.get("โทรศัพท์")), n=3)
    pdf = tmp_path / "f.pdf"
    main(["forms", "fill", form, "--data", str(data), "--fy", fy, "--pdf", str(pdf), "--no-register",
          "--date", "2026-11-02" if form.startswith("dis") else "2026-05-04"])
    assert LONGEST_BANK in pdftotext(pdf).replace("\n", "")  # whole, on its line
    assert _outside(pdf) == []


def test_a_value_that_would_print_over_the_form_is_refused_before_numbering(tmp_path, capsys):
    data = _rows(data_path("samples", "people.csv"), tmp_path / "p.csv", lambda r: True, n=4,
                 change=lambda r: r.update(bank_branch=r["bank_branch"], road="ถนน" + "เจริญราษฎร์" * 6))
    pdf, db = tmp_path / "f.pdf", tmp_path / "r.sqlite3"
    main(["--db", f"sqlite:///{db}", "register", "init"])
    with pytest.raises(SystemExit) as done:
        main(["--db", f"sqlite:///{db}", "forms", "fill", "elderly-registration", "--data", str(data),
              "--fy", "2570", "--pdf", str(pdf), "--date", "2026-05-04"])
    err = capsys.readouterr().err
    assert done.value.code == 1
    assert err.count("road=") == 4 and "row 4" in err  # every row at once, named
    assert "too long for its blank" in err and "ยาวเกินช่อง" in err
    assert not pdf.exists()
    main(["--db", f"sqlite:///{db}", "register", "list", "--book", "forms"])
    assert "1/2570" not in capsys.readouterr().out  # no number was taken
