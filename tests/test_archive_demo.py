"""The demo's archive step (docengine.archive.demo), checked as issue 13's "done when" reads.

PDF/A letters pass the structural checker; the PAdES-signed demo letter verifies and fails after a
one-byte change; ``register verify`` passes on the demo register and fails after a direct edit.
"""

from __future__ import annotations

import pikepdf
import pytest
from register_helpers import run
from sqlalchemy import text

from docengine.archive.check import check_pdfa
from docengine.office import load_office
from docengine.register import open_register
from docengine.sign import pades
from docengine.office import Office


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from docengine.archive.demo import archive

    out = tmp_path_factory.mktemp("demo")
    files = archive(out, Office.sample())
    return out / "archive", files


def test_demo_pdfs_pass_the_checker(demo):
    folder, files = demo
    assert check_pdfa((folder / "1-letter-esigned-pdfa3u.pdf").read_bytes(), "3u") == []
    with pikepdf.open(folder / "1-letter-esigned-pdfa3u.pdf") as pdf:
        assert sorted(pdf.attachments) == ["docengine.json", "egif.xml"]
    for name in ("2-letter-pades-bt.pdf", "registers-2566.pdf"):
        assert check_pdfa((folder / name).read_bytes(), "2u") == [], name


def test_signed_demo_letter_verifies_and_fails_after_one_byte(demo, tmp_path, capsys):
    folder, _ = demo
    root = folder / "demo-pki" / "root.pem"
    signed = folder / "2-letter-pades-bt.pdf"
    code, out, _ = run(capsys, "verify", str(signed), "--trust", str(root))
    assert code == 0 and "VALID" in out
    blob = bytearray(signed.read_bytes())
    blob[4000] ^= 0x01
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(bytes(blob))
    code, out, _ = run(capsys, "verify", str(bad), "--trust", str(root))
    assert code == 1 and "NOT VALID" in out
    (report,) = pades.verify_pdf((folder / "registers-2566.pdf").read_bytes(), pades.load_roots([root]))
    assert report.ok


def test_register_verify_passes_on_the_demo_register_and_fails_after_a_direct_edit(demo, tmp_path, capsys,
                                                                                   monkeypatch):
    import shutil

    folder, _ = demo
    copy = tmp_path / "register.sqlite3"
    shutil.copy(folder / "register.sqlite3", copy)
    monkeypatch.setenv("DOCENGINE_DB", f"sqlite:///{copy}")
    code, out, _ = run(capsys, "register", "verify")
    assert code == 0 and out.startswith("ok:")
    with open_register(f"sqlite:///{copy}").engine.begin() as conn:
        conn.execute(text("UPDATE signatures SET sha256 = 'forged'"))
    code, _, err = run(capsys, "register", "verify")
    assert code == 1 and "signatures:1" in err
