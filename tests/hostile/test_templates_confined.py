"""Issue 14 item 2: an office's template set reads only its own files, never the network.

Each case renders a letter through a hostile template set of an office folder and
asserts: exit 1, a bilingual message naming the refusal, no traceback, within the
harness's time and memory bounds, nothing written, and (for network cases) that a
socket listening on 127.0.0.1 received no connection at all.
"""

from __future__ import annotations

import os
import socket

import pytest

from hostile.harness import assert_refused, run, snapshot
from hostile.sets import hostile_office


@pytest.fixture
def listener():
    """A local TCP socket; any fetch attempt would show up as a pending connection."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(8)
    s.setblocking(False)
    yield s
    s.close()


def connections(s) -> int:
    n = 0
    while True:
        try:
            conn, _ = s.accept()
        except BlockingIOError:
            return n
        conn.close()
        n += 1


def refused(office, *, mentions=(), code=1):
    before = snapshot(office.folder)
    result = run(office.render())
    assert_refused(result, code=code, before=before, after=snapshot(office.folder), mentions=mentions)
    return result


def test_link_attachment_of_etc_passwd_is_refused(tmp_path):
    office = hostile_office(tmp_path, head='<link rel="attachment" href="file:///etc/passwd">')
    refused(office, mentions=("rel=attachment", "แนบแฟ้ม"))


def test_declared_attachments_still_cannot_leave_the_folders(tmp_path):
    office = hostile_office(tmp_path, head='<link rel="attachment" href="file:///etc/passwd">',
                            page={"attachments": "true"})
    refused(office, mentions=("/etc/passwd", "แม่แบบอ่านได้เฉพาะ"))


def test_declared_attachment_inside_the_set_is_embedded(tmp_path):
    """The control case: a set that declares attachments may embed its own file."""
    office = hostile_office(tmp_path, head='<link rel="attachment" href="note.txt">',
                            page={"attachments": "true"})
    (office.set_folder / "note.txt").write_text("บันทึก", encoding="utf-8")
    result = run(office.render())
    assert result.code == 0, result.stderr
    import pikepdf

    with pikepdf.open(office.folder / "out" / "out.pdf") as pdf:
        assert list(pdf.attachments) == ["note.txt"]


@pytest.mark.parametrize("tag", [
    '<img src="file:///etc/passwd">',
    # enough ".." to reach / from any checkout depth (a fresh clone may sit deep or shallow)
    '<img src="' + "../" * 40 + 'etc/hostname">',
    '<link rel="stylesheet" href="file:///etc/ssl/openssl.cnf">',
])
def test_files_outside_the_folders_are_refused(tmp_path, tag):
    office = hostile_office(tmp_path, body=tag)
    refused(office, mentions=("แม่แบบอ่านได้เฉพาะ",))


@pytest.mark.parametrize("where, tag", [
    ("body", '<img src="http://127.0.0.1:{port}/x.png">'),
    ("head", '<style>@import url(http://127.0.0.1:{port}/x.css);</style>'),
    ("head", '<link rel="stylesheet" href="http://127.0.0.1:{port}/x.css">'),
    ("body", '<div style="background: url(https://127.0.0.1:{port}/x.png)">x</div>'),
    ("body", '<img src="ftp://127.0.0.1:{port}/x.png">'),
])
def test_network_fetches_are_refused_without_a_connection(tmp_path, listener, where, tag):
    port = listener.getsockname()[1]
    office = hostile_office(tmp_path, **{where: tag.format(port=port)})
    refused(office, mentions=("network", "เครือข่าย"))
    assert connections(listener) == 0


def test_stylesheet_of_the_set_importing_the_network_is_refused(tmp_path, listener):
    port = listener.getsockname()[1]
    office = hostile_office(tmp_path, page={"stylesheets": "[letters/evil/evil.css.j2]"})
    (office.set_folder / "evil.css.j2").write_text(f"@import url(http://127.0.0.1:{port}/x.css);\np {{}}\n",
                                                   encoding="utf-8")
    refused(office, mentions=("network",))
    assert connections(listener) == 0


def test_symlinked_page_template_is_refused(tmp_path):
    office = hostile_office(tmp_path)
    page = office.set_folder / "page.html.j2"
    page.unlink()
    os.symlink("/etc/passwd", page)
    result = refused(office, mentions=("page.html.j2",))
    assert "root:" not in result.output


def test_symlinked_include_is_refused(tmp_path):
    office = hostile_office(tmp_path, body='{% include "letters/evil/part.html" %}')
    os.symlink("/etc/passwd", office.set_folder / "part.html")
    result = refused(office, mentions=("part.html",))
    assert "root:" not in result.output


def test_data_uri_image_is_allowed(tmp_path):
    png = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==")
    office = hostile_office(tmp_path, body=f'<img src="{png}" style="width:1cm">')
    result = run(office.render())
    assert result.code == 0, result.stderr
    assert (office.folder / "out" / "out.pdf").read_bytes().startswith(b"%PDF")
