"""What the filled forms and proxy letters say, and where the values sit (read back from the PDF)."""

from __future__ import annotations

import csv
from pathlib import Path

import pdfplumber
import pytest

from docengine.cli import main
from docengine.records.people import read_people
from docengine.resources import data_path
from docengine.thai import citizen_id, format_date, thai_digits
from docengine.office import Office

from extract import form_blanks, in_form_box, pdftotext, squash

PEOPLE = data_path("samples", "people.csv")
MM = 72 / 25.4


def rows_of(dest: Path, picks) -> Path:
    with PEOPLE.open(encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        rows, fields = list(reader), reader.fieldnames
    chosen = [r for pick in picks for r in [r for r in rows if pick[0](r)][: pick[1]]]
    with dest.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=fields)
        w.writeheader()
        w.writerows(chosen)
    return dest


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """Two rows without an authorised person, two with one (and their ID-card issue details)."""
    tmp = tmp_path_factory.mktemp("proxy")
    return rows_of(tmp / "p.csv", [(lambda r: not r["proxy_first_name"], 2),
                                   (lambda r: r["proxy_first_name"] and r["id_issued_at"], 2)])


def pages(pdf: Path) -> list[str]:
    return [pdftotext(pdf, layout=True).split("\f")[i] for i in range(len(pdfplumber.open(pdf).pages))]


def test_proxy_letters_only_for_rows_naming_a_proxy(mixed, tmp_path, capsys):
    pdf = tmp_path / "proxy.pdf"
    main(["forms", "fill", "proxy", "--data", str(mixed), "--fy", "2570", "--pdf", str(pdf)])
    assert "skipped 2 rows" in capsys.readouterr().out
    people = [p for p in read_people(mixed, purpose="form") if p.proxy]
    texts = pages(pdf)
    assert len(texts) == 2
    for person, text in zip(people, texts):
        assert person.first_name in text and person.proxy.first_name in text


def test_blank_for_missing_prints_blank_attorney_parts_on_purpose(mixed, tmp_path):
    pdf = tmp_path / "proxy.pdf"
    main(["forms", "fill", "proxy", "--data", str(mixed), "--fy", "2570", "--pdf", str(pdf),
          "--blank-for-missing"])
    texts = pages(pdf)
    assert len(texts) == 4
    no_proxy = read_people(mixed, purpose="form")[0]
    first = squash(texts[0])
    assert no_proxy.first_name in first
    assert "ขอมอบอำนาจให้เกี่ยวข้องเป็นบัตร" in first  # attorney name and relation left blank


def test_no_row_naming_a_proxy_is_an_error(tmp_path, capsys):
    data = rows_of(tmp_path / "none.csv", [(lambda r: not r["proxy_first_name"], 2)])
    with pytest.raises(SystemExit) as exit_info:
        main(["forms", "fill", "proxy", "--data", str(data), "--fy", "2570", "--pdf", str(tmp_path / "x.pdf")])
    assert exit_info.value.code == 1 and "--blank-for-missing" in capsys.readouterr().err


def test_id_card_issue_place_and_date_are_filled(mixed, tmp_path):
    pdf = tmp_path / "proxy.pdf"
    main(["forms", "fill", "proxy", "--data", str(mixed), "--fy", "2570", "--pdf", str(pdf)])
    person = [p for p in read_people(mixed, purpose="form") if p.proxy][0]
    text = squash(pages(pdf)[0])
    assert f"ออกให้ณ{person.id_issued_at}" in text
    assert f"เมื่อวันที่{squash(format_date(person.id_issued_on))}" in text
    assert f"ออกให้ณ{person.proxy.id_issued_at}" in text
    assert squash(format_date(person.proxy.id_issued_on)) in text


def stamped(page) -> list[dict]:
    """Characters drawn by the form overlay (its font is embedded whole, without a subset tag)."""
    return [c for c in page.chars if "+" not in c["fontname"]]


def test_ids_and_names_keep_their_normal_size(mixed, tmp_path):
    pdf = tmp_path / "proxy.pdf"
    main(["forms", "fill", "proxy", "--data", str(mixed), "--fy", "2570", "--pdf", str(pdf)])
    person = [p for p in read_people(mixed, purpose="form") if p.proxy][0]
    with pdfplumber.open(pdf) as doc:
        page = doc.pages[0]
        body = max((c["size"] for c in page.chars if "+" in c["fontname"]), key=[
            c["size"] for c in page.chars if "+" in c["fontname"]].count)
        sizes = {round(c["size"], 2) for c in stamped(page)}
        text = "".join(c["text"] for c in stamped(page))
    assert thai_digits(citizen_id.format(person.citizen_id)).replace("-", "") in text.replace("-", "")
    assert sizes == {round(body, 2)}  # every value, IDs included, at the letter's own size


@pytest.mark.parametrize("form, date", [("proxy", "2026-05-04"), ("elderly-registration", "2026-05-04"),
                                        ("disability-registration", "2026-11-02")])
def test_values_stand_on_their_dotted_lines(mixed, tmp_path, form, date):
    """Baseline of every stamped value within 0.5 mm of the dots of its blank (pdfplumber);
    ticks and ID digits sit in boxes (their own tests) and are left out."""
    pdf = tmp_path / f"{form}.pdf"
    data = mixed
    if form.startswith("disability"):
        lines = data_path("samples", "people-disability.csv").read_text(encoding="utf-8").splitlines()[:5]
        data = tmp_path / "d.csv"
        data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    main(["forms", "fill", form, "--data", str(data), "--fy", "2570", "--pdf", str(pdf), "--no-register",
          "--date", date])
    with pdfplumber.open(pdf) as doc:
        page = doc.pages[0]
        dots = form_blanks(page)
        checked = 0
        for c in stamped(page):
            if in_form_box(page, c):
                continue
            baseline = page.height - c["matrix"][5]
            mid = (c["x0"] + c["x1"]) / 2
            under = [y for x0, x1, y in dots if x0 <= mid <= x1 and -2 < y - baseline < 8]
            assert under, f"no dotted line under {c['text']!r}"
            assert abs(min(under, key=lambda y: abs(y - baseline)) - baseline) <= 0.5 * MM
            checked += 1
    assert checked > 100


@pytest.fixture(scope="module")
def ticked(tmp_path_factory):
    """Elderly forms for a row that records consent, marital and welfare status, and one that does not."""
    tmp = tmp_path_factory.mktemp("ticks")
    data = rows_of(tmp / "t.csv", [(lambda r: r["consent"] and r["welfare_status"] and r["marital_status"], 1),
                                   (lambda r: not r["consent"] and r["marital_status"], 1)])
    pdf = tmp / "t.pdf"
    main(["forms", "fill", "elderly-registration", "--no-register", "--data", str(data), "--fy", "2570", "--pdf", str(pdf),
          "--date", "2026-05-04"])
    return read_people(data, purpose="form"), pdf


def ticks_before(page, label: str) -> list[dict]:
    """Stamped ticks just left of a printed word that starts with ``label`` on the same line."""
    words = page.extract_words(use_text_flow=False, keep_blank_chars=False)
    ticks = [c for c in stamped(page) if c["text"] == "√"]
    out = []
    for w in words:
        if w["text"].startswith(label):
            out += [t for t in ticks if abs(t["top"] - w["top"]) < 6 and -2 < w["x0"] - t["x1"] < 14]
    return out


def test_boxes_the_data_decides_are_ticked(ticked):
    people, pdf = ticked
    with pdfplumber.open(pdf) as doc:
        for person, page in zip(people, doc.pages[::2]):
            assert ticks_before(page, person.marital_status), person.marital_status
            assert ticks_before(page, {1: "รับเงินสดด้วยตนเอง", 2: "รับเงินสดโดยบุคคล", 3: "โอนเข้าบัญชีเงินฝากธนาคารในนามผู้มีสิทธิ",
                                       4: "โอนเข้าบัญชีเงินฝากธนาคารในนามบุคคล"}[person.payment_method][:10])
        welfare_page = doc.pages[0]
        assert ticks_before(welfare_page, "ย้ายภูมิ")  # (pdfplumber splits ำ, so no ำ here)


def test_declaration_and_consent_boxes_are_the_applicants_unless_recorded(ticked):
    people, pdf = ticked
    assert people[0].consent == "ยินยอม" and not people[1].consent
    with pdfplumber.open(pdf) as doc:
        assert len(ticks_before(doc.pages[0], "ข้าพเจ้า")) == 2   # both declarations, consent recorded
        assert ticks_before(doc.pages[2], "ข้าพเจ้า") == []       # left for the applicant


def test_id_digits_are_centred_in_their_boxes(ticked):
    from docengine.forms import FormJob
    from docengine.render.document import Renderer

    people, pdf = ticked
    blank = FormJob(Renderer(Office.sample()), "elderly-registration", fy=2570).blank()
    digits = thai_digits(people[0].citizen_id)
    with pdfplumber.open(pdf) as doc:
        page = doc.pages[0]
        chars = stamped(page)
        for i, digit in enumerate(digits):
            slot = blank.slots[f"cid_{i}"]
            mid_x = slot.x + slot.width / 2
            box_top = page.height - slot.box_mid
            near = [c for c in chars if c["text"] == digit and abs((c["x0"] + c["x1"]) / 2 - mid_x) < 3
                    and abs(c["top"] - box_top) < 15]
            assert near, (i, digit)
            c = near[0]
            assert abs((c["x0"] + c["x1"]) / 2 - mid_x) < 0.5
