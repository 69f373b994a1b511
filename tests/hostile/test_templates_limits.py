"""Issue 14 items 11 and 12 for templates: an office's template cannot exhaust memory or time.

Each hostile page is rendered through an office's own template set; each is refused with
exit 1, a bilingual message naming the limit, no traceback, within the suite's CPU and
memory bounds, and nothing written.
"""

from __future__ import annotations

import zipfile

import pytest

from hostile.harness import assert_refused, run, snapshot
from hostile.sets import hostile_office


@pytest.mark.parametrize("body, mentions", [
    ("{{ 'x' * 10**9 }}", ("1,000,000,000", "เกินกำหนด")),
    ("{{ [1] * 10**9 }}", ("1,000,000,000",)),
    ("{{ 10**5000 }}", ("too large a number", "ยกกำลัง")),
    ("{{ 9 ** 99999 }}", ("too large a number",)),
    ("{% for i in range(10**9) %}{% endfor %}", ("range()", "1,000,000,000")),
    ("{{ range(10**9)|list|length }}", ("range()",)),
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", ("CPU", "วนซ้ำ")),
    ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", ("recursion", "ซ้อนกันลึก")),
    ("{% macro f(s) %}{{ f(s ~ s) }}{% endmacro %}{{ f('x') }}", ("limit",)),
    ("{{ 'a'|center(10**9) }}", ("1,000,000,000",)),
    ("{{ 'a'.ljust(10**9) }}", ("1,000,000,000",)),
    ("{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}", ("20,000,000",)),
    ("{{ 1 / 0 }}", ("ZeroDivisionError", "แม่แบบทำงานผิดพลาด")),
    ("{{ lipsum(n=10**8) }}", ("100,000,000",)),
    ("{{ ''.__class__.__mro__ }}", ("template error", "แม่แบบทำงานผิดพลาด")),
])
def test_runaway_templates_are_stopped(tmp_path, body, mentions):
    office = hostile_office(tmp_path, body=body)
    before = snapshot(office.folder)
    result = run(office.render())
    assert_refused(result, before=before, after=snapshot(office.folder), mentions=mentions)


def _docx_office(tmp_path, write):
    office = hostile_office(tmp_path)
    write(office.set_folder / "template.docx")
    return office


def _bomb(path):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document>" + " " * 200_000_000 + "</w:document>")


def _xxe(path):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml",
                   '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">'
                   + "".join(f'<!ENTITY a{i} "{"&a%d;" % (i - 1) * 10 if i else "lol"}">' for i in range(10))
                   + ']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                   '<w:body><w:p><w:r><w:t>&x;&a9;</w:t></w:r></w:p></w:body></w:document>')


@pytest.mark.parametrize("write, mentions", [
    (lambda p: p.write_bytes(b"PK\x03\x04 this is not a zip at all" * 10), ("template.docx", "not a valid Office")),
    (lambda p: p.write_bytes(b""), ("template.docx",)),
    (_bomb, ("template.docx", "zip bomb")),
    (_xxe, ("template.docx",)),
])
def test_corrupt_or_hostile_template_docx_is_refused(tmp_path, write, mentions):
    office = _docx_office(tmp_path, write)
    before = snapshot(office.folder)
    result = run([*office.render(), "--docx", str(office.folder / "out" / "x.docx")])
    assert_refused(result, before=before, after=snapshot(office.folder), mentions=mentions)
    assert "root:" not in result.output
