"""Issue 14 items 11, 12 and 13 for people files (CSV/XLSX/Parquet) read by lists, forms and reports.

Hostile workbooks (zip bomb, shared-strings bomb, XXE, billion laughs), oversized or
poisoned cells (a 100,000-character name, NUL, right-to-left override, two tone marks)
and a header-only file are refused with exit 1, the bilingual message naming the file,
row and column, within bounds and with nothing written; a hidden first sheet is skipped
for the visible one, and unambiguous mark-order slips are normalised.
"""

from __future__ import annotations

import csv
import io
import shutil
import zipfile

import pytest

from docengine.resources import data_path
from extract import pdftotext
from hostile.harness import assert_refused, run, snapshot

PEOPLE = data_path("samples", "people.csv")
LIST = ["notices", "beneficiary-list", "--kind", "elderly", "--fy", "2570"]


def rows():
    with open(PEOPLE, encoding="utf-8") as fh:
        return list(csv.reader(fh))


def write_csv(path, table):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(table)
    return path


def with_name(tmp_path, first_name):
    table = rows()
    table[1][2] = first_name
    return write_csv(tmp_path / "p.csv", table)


def refused(tmp_path, data, mentions, command=LIST):
    (tmp_path / "out").mkdir(exist_ok=True)
    before = snapshot(tmp_path)
    result = run([*command, "--data", data, "--pdf", tmp_path / "out" / "l.pdf"])
    assert_refused(result, before=before, after=snapshot(tmp_path), mentions=mentions)
    return result


@pytest.mark.parametrize("name, mentions", [
    ("ก" * 100_000, ("100,000 characters", "row 1", "first_name")),
    ("สม\u202eชาย", ("U+202E", "first_name", "ทิศทาง")),
    ("สม\u2066ชาย\u2069", ("U+2066",)),
    ("สม\x1bชาย", ("U+001B", "อักขระควบคุม")),
    ("ก\u0e48\u0e49อง", ("two different tone marks", "วรรณยุกต์")),
    ("\u0e48สมชาย", ("no letter before it",)),
])
def test_poisoned_names_are_refused_naming_row_and_field(tmp_path, name, mentions):
    refused(tmp_path, with_name(tmp_path, name), mentions)


def test_nul_in_a_csv_is_refused(tmp_path):
    data = tmp_path / "p.csv"
    data.write_bytes(PEOPLE.read_bytes().replace("พิมพ์ใจ".encode(), b"pim\x00jai", 1))
    refused(tmp_path, data, ("p.csv",))


def test_unambiguous_mark_slips_are_normalised(tmp_path):
    """Tone typed before the vowel (ก่ิ) and a doubled tone (ใจ่่) print as the right syllables."""
    data = with_name(tmp_path, "พ\u0e48\u0e34มพ\u0e4c\u0e4cใจ")  # พ ่ ิ ม พ ์ ์ ใจ
    out = tmp_path / "l.pdf"
    result = run([*LIST, "--data", data, "--pdf", out])
    assert result.code == 0, result.stderr
    assert "พิ่มพ์ใจ" in pdftotext(out).replace(" ", "")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_header_only_file_is_refused_by_lists_and_reports(tmp_path, suffix):
    if suffix == ".csv":
        data = write_csv(tmp_path / "p.csv", rows()[:1])
    else:
        from openpyxl import Workbook

        wb = Workbook()
        wb.active.append(rows()[0])
        data = tmp_path / "p.xlsx"
        wb.save(data)
    refused(tmp_path, data, ("no people", "ไม่มีรายชื่อ"))
    refused(tmp_path, data, ("no people",), command=["reports", "counts", "--kind", "elderly", "--fy", "2570"])


def test_hidden_first_sheet_is_skipped_for_the_visible_one(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    hidden = wb.active
    hidden.title = "old"
    hidden.append(["junk"])
    hidden.sheet_state = "hidden"
    visible = wb.create_sheet("รายชื่อ")
    for r in rows():
        visible.append(r)
    wb.active = 1
    data = tmp_path / "p.xlsx"
    wb.save(data)
    out = tmp_path / "l.pdf"
    result = run([*LIST, "--data", data, "--pdf", out])
    assert result.code == 0, result.stderr
    assert "พิมพ์ใจ" in pdftotext(out).replace(" ", "")
    # and a problem in that sheet names it
    visible.cell(2, 1).value = "1-2345-67890-12-3"
    wb.save(data)
    refused(tmp_path, data, ("[sheet รายชื่อ]",))


def _xlsx_with(path, parts: dict[str, str]):
    """The sample people as a workbook (openpyxl writes shared strings) with some XML parts replaced."""
    from openpyxl import Workbook

    wb = Workbook()
    for r in rows():
        wb.active.append(r)
    base = path.with_name("base.xlsx")
    wb.save(base)
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, parts.pop(item.filename, None) or src.read(item.filename))
        for name, text in parts.items():
            dst.writestr(name, text)
    return path


def _shared_strings_bomb():
    return ('<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + "<si><t>a</t></si>" * 4_000_000 + "</sst>")


XXE = ('<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
       '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&x;</t></si></sst>')


LAUGHS = ('<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">'
          '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
          '<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
          '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&d;</t></si></sst>')


def _with_shared_strings(path, sst: str):
    """A workbook whose first header cell really is read from xl/sharedStrings.xml (openpyxl
    writes inline strings, so the part, its content type and its relationship are added)."""
    base = _xlsx_with(path.with_name("plain.xlsx"), {})
    with zipfile.ZipFile(base) as z:
        types = z.read("[Content_Types].xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    cell = '<c r="A1" t="inlineStr"><is><t>citizen_id</t></is></c>'
    assert cell in sheet
    parts = {
        "xl/sharedStrings.xml": sst,
        "[Content_Types].xml": types.replace("</Types>", '<Override PartName="/xl/sharedStrings.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            "</Types>"),
        "xl/_rels/workbook.xml.rels": rels.replace("</Relationships>", '<Relationship Id="rIdS" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
            'Target="sharedStrings.xml"/></Relationships>'),
        "xl/worksheets/sheet1.xml": sheet.replace(cell, '<c r="A1" t="s"><v>0</v></c>'),
    }
    base.unlink()
    return _xlsx_with(path, parts)


def test_shared_strings_part_is_read_by_the_helper(tmp_path):
    """Control: the hostile cases below really reach the shared-strings parser."""
    sst = ('<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           "<si><t>citizen_id</t></si></sst>")
    data = _with_shared_strings(tmp_path / "p.xlsx", sst)
    (tmp_path / "base.xlsx").unlink()
    out = tmp_path / "l.pdf"
    result = run([*LIST, "--data", data, "--pdf", out])
    assert result.code == 0, result.stderr
    assert "พิมพ์ใจ" in pdftotext(out).replace(" ", "")


@pytest.mark.parametrize("sst", [XXE, LAUGHS], ids=["xxe", "billion-laughs"])
def test_hostile_shared_strings_are_refused_naming_the_xml(tmp_path, sst):
    data = _with_shared_strings(tmp_path / "p.xlsx", sst)
    (tmp_path / "base.xlsx").unlink()
    result = refused(tmp_path, data, ("p.xlsx", "XML"))
    assert "root:" not in result.output and "passwd" not in result.output


@pytest.mark.parametrize("parts, mentions", [
    ({"xl/sharedStrings.xml": _shared_strings_bomb()}, ("zip bomb",)),
    ({"xl/worksheets/sheet1.xml": XXE.replace("sst", "worksheet")}, ("XML",)),
])
def test_hostile_workbooks_are_refused(tmp_path, parts, mentions):
    data = _xlsx_with(tmp_path / "p.xlsx", dict(parts))
    (tmp_path / "base.xlsx").unlink()
    result = refused(tmp_path, data, ("p.xlsx", *mentions))
    assert "root:" not in result.output


def test_a_truncated_workbook_is_refused(tmp_path):
    data = tmp_path / "p.xlsx"
    data.write_bytes(data_path("samples", "people.xlsx").read_bytes()[:3000])
    refused(tmp_path, data, ("p.xlsx",))


# --- Parquet (large files for the batch; any command reads them) -------------------------

def write_parquet(path, table, **options):
    import pyarrow as pa
    import pyarrow.parquet as pq

    header, body = table[0], table[1:]
    pq.write_table(pa.table({h: [r[i] for r in body] for i, h in enumerate(header)}), path, **options)
    return path


def test_a_parquet_row_group_unpacking_past_the_limit_is_refused_unread(tmp_path):
    """66 MB of one repeated value packs into a few kB; the row group's declared size stops it."""
    table = rows()[:2]
    big = [table[0] + ["remark"]] + [table[1] + ["ก" * 350] for _ in range(66_000)]
    data = write_parquet(tmp_path / "p.parquet", big, use_dictionary=False, compression="zstd")
    assert data.stat().st_size < 5_000_000
    refused(tmp_path, data, ("p.parquet", "row group 1 unpacks to", "smaller row groups"))


def test_poisoned_names_in_parquet_are_refused_naming_row_and_field(tmp_path):
    table = rows()
    table[2][2] = "สม\u202eชาย"
    data = write_parquet(tmp_path / "p.parquet", table)
    refused(tmp_path, data, ("U+202E", "row 2", "first_name"))


def test_a_file_that_is_not_parquet_is_refused_by_name(tmp_path):
    data = tmp_path / "p.parquet"
    data.write_text("citizen_id,first_name\n1,ก\n", encoding="utf-8")
    refused(tmp_path, data, ("p.parquet is not a readable Parquet file", "ไม่ใช่แฟ้ม Parquet"))


def test_a_parquet_file_past_the_row_limit_is_refused_at_once_but_the_batch_may_take_it(tmp_path):
    """Other commands read at most TABLE_ROWS rows of any file, refused from the Parquet
    metadata before a row is read; the batch, which keeps ~60 bytes a row, takes BATCH_ROWS."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from docengine import limits
    from docengine.records.tabular import parquet_groups

    data = tmp_path / "p.parquet"
    pq.write_table(pa.table({"citizen_id": ["1"] * (limits.TABLE_ROWS + 1)}), data, row_group_size=50_000)
    refused(tmp_path, data, (f"{limits.TABLE_ROWS + 1:,} rows, more than the limit of {limits.TABLE_ROWS:,}",))
    assert [n for _, n in parquet_groups(data, max_rows=limits.BATCH_ROWS)] == [50_000, 50_000, 1]
