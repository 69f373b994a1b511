"""Issue 14 items 7, 11 and 12 for data files: one YAML/JSON loader, every scalar as text.

Values print as typed (``022417000`` is not octal, ``no`` is not False, ``true`` and
``1e400`` are words); duplicate keys, alias bombs, deep or self-referencing files are
refused with file and line, in bounded time and memory, with nothing written.
"""

from __future__ import annotations

import json
import shutil

import pytest

from docengine.records.datafile import DataFileError, parse_json, parse_yaml
from docengine.resources import data_path
from extract import pdftotext, squash
from hostile.harness import assert_refused, run, snapshot
from docengine.thai import thai_digits

SAMPLE = data_path("samples", "documents", "external.yaml")


def letter(tmp_path, replace: dict[str, str] = {}, append: str = "", name="letter.yaml"):
    text = SAMPLE.read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text + append, encoding="utf-8")
    return path


def render(tmp_path, data):
    return run(["render", "external", "--data", data, "--pdf", tmp_path / "out" / "x.pdf"])


def refused(tmp_path, data, *, mentions=(), code=1):
    (tmp_path / "out").mkdir(exist_ok=True)
    before = snapshot(tmp_path)
    result = render(tmp_path, data)
    assert_refused(result, code=code, before=before, after=snapshot(tmp_path), mentions=mentions)
    return result


def printed(tmp_path, data) -> str:
    (tmp_path / "out").mkdir(exist_ok=True)
    result = render(tmp_path, data)
    assert result.code == 0, result.stderr
    return squash(pdftotext(tmp_path / "out" / "x.pdf"))


def test_values_print_as_typed(tmp_path):
    """phone 022417000 is not octal 4857344, recipient `no` is not False, `true` and 1e400 are words."""
    data = letter(tmp_path, {
        "phone: 0 2241 9000 ต่อ 4332": "phone: 022417000",
        "recipient: ผู้ว่าราชการจังหวัด ทุกจังหวัด": "recipient: no",
        "copies_to: []": "copies_to: [true, 1e400, 1_000, 12:30:00]",
    })
    text = printed(tmp_path, data)
    assert thai_digits("022417000") in text and thai_digits("4857344") not in text
    assert "เรียนno" in text and "False" not in text
    for word in ("true", thai_digits("1e400"), thai_digits("1_000"), thai_digits("12:30:00")):
        assert word in text
    assert "inf" not in text and "True" not in text


def test_duplicate_key_names_both_lines(tmp_path):
    data = letter(tmp_path, append="subject: เรื่องที่สอง\n")
    lines = data.read_text(encoding="utf-8").splitlines()
    first = next(i for i, l in enumerate(lines, 1) if l.startswith("subject:"))
    refused(tmp_path, data, mentions=("duplicate key 'subject'", f"lines {first} and {len(lines)}", "ซ้ำกัน"))


def test_duplicate_key_in_the_office_file_is_refused(tmp_path):
    office = tmp_path / "office.yaml"
    office.write_text(data_path("samples", "office.yaml").read_text(encoding="utf-8") + "name: ซ้ำ\n",
                      encoding="utf-8")
    (tmp_path / "out").mkdir()
    before = snapshot(tmp_path)
    result = run(["--office", office, "render", "external", "--data", SAMPLE, "--pdf", tmp_path / "out" / "x.pdf"])
    assert_refused(result, before=before, after=snapshot(tmp_path), mentions=("duplicate key 'name'", "office.yaml"))


BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))


@pytest.mark.parametrize("text, mentions", [
    (BILLION_LAUGHS + "subject: x\n", ("alias",)),
    ("subject: " + "[" * 5000 + "]" * 5000 + "\n", ("nested",)),
    ("subject: &loop [*loop]\n", ("nested",)),
    ("subject: &a {k: *a}\n", ("nested",)),
    ("subject: !!python/object/apply:os.system [echo hacked]\n", ("subject",)),
    ("subject: x\n" * 1 + "body: [" + ", ".join(["*x"] * 150) + "]\n", ("YAML",)),
])
def test_hostile_yaml_is_refused(tmp_path, text, mentions):
    data = tmp_path / "evil.yaml"
    data.write_text(text, encoding="utf-8")
    refused(tmp_path, data, mentions=mentions)


@pytest.mark.parametrize("text, mentions", [
    ('{"subject": "a", "subject": "b"}', ("duplicate key 'subject'",)),
    ('{"subject": ' + "[" * 100000 + "]" * 100000 + "}", ("nested",)),
    ('{"subject": NaN}', ("NaN",)),
])
def test_hostile_json_is_refused(tmp_path, text, mentions):
    data = tmp_path / "evil.json"
    data.write_text(text, encoding="utf-8")
    refused(tmp_path, data, mentions=mentions)


def test_a_huge_data_file_is_refused_before_it_is_read(tmp_path):
    data = tmp_path / "big.yaml"
    with open(data, "w", encoding="utf-8") as fh:
        fh.write("subject: ")
        fh.write("ก" * 3_000_000)
    refused(tmp_path, data, mentions=("bytes", "ใหญ่เกิน"))


# --- the loader itself (fast, in-process) -----------------------------------------------


def test_core_scalars_keep_yaml11_surprises_as_text():
    core = parse_yaml("a: no\nb: 022417000\nc: 0x1f\nd: 1:30\ne: 2024-02-30\nf: 1e400\ng: 7\nh: 2.5\ni: ~\n",
                      scalars="core").data
    assert core == {"a": "no", "b": "022417000", "c": "0x1f", "d": "1:30", "e": "2024-02-30", "f": "1e400",
                    "g": 7, "h": 2.5, "i": None}


def test_quoted_values_stay_text_and_empty_is_absent():
    assert parse_yaml("a: 'null'\nb:\nc: ''\n").data == {"a": "null", "b": None, "c": ""}


def test_aliases_are_bounded_in_process():
    with pytest.raises(DataFileError, match="alias|values"):
        parse_yaml(BILLION_LAUGHS)


def test_json_numbers_stay_text():
    assert parse_json('{"n": 022, "x": 1e400}'.replace("022", "22")).data == {"n": "22", "x": "1e400"}
