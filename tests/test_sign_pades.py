"""PAdES signing and verification with an offline test CA, signer and TSA (tests/sign_pki.py).

Signed demo-style letters verify; one altered byte, an untrusted root or a missing root fails;
signing keeps PDF/A; the visible box is in the signature block with the signer's name as text.
"""

from __future__ import annotations

import io
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pikepdf
import pytest
from register_helpers import run

from docengine.archive.check import check_pdfa
from docengine.render.document import Renderer, load_sample
from docengine.sign import pades
from docengine.sign.testpki import PASSWORD, make_pki
from docengine.office import Office
from extract import pdftotext


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="module")
def letter(tmp_path_factory):
    r = Renderer(Office.sample(), pdfa="2u")
    path = tmp_path_factory.mktemp("letter") / "letter.pdf"
    path.write_bytes(r.render_pdf(r.prepare("external", load_sample("external"))))
    return path


@pytest.fixture(scope="module")
def tsa_url(pki):
    """A local RFC 3161 time-stamp authority over HTTP, answering with the test TSA's key."""
    import asyncio

    from asn1crypto import tsp

    stamper = pki.timestamper()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            req = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
            body = asyncio.run(stamper.async_request_tsa_response(req)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/tsa"
    server.shutdown()


def signed_with(pki, letter, level):
    signer = pades.load_signer(pki.p12.read_bytes(), PASSWORD)
    return pades.sign_pdf(letter.read_bytes(), signer, level=level, timestamper=pki.timestamper())


@pytest.mark.parametrize("level", ["B-B", "B-T", "B-LT", "B-LTA"])
def test_each_level_verifies_keeps_pdfa_and_fails_after_one_byte(pki, letter, level):
    blob = signed_with(pki, letter, level)
    roots = pades.load_roots([pki.root_pem])
    reports = pades.verify_pdf(blob, roots)
    assert reports and all(r.ok for r in reports), [r.lines() for r in reports]
    main = reports[0]
    assert main.signer == "นายสมชาย ใจดี (ทดสอบ)" and main.timestamped == (level != "B-B")
    assert check_pdfa(blob, "2u") == []
    # one byte of the letter's content changed (inside the signed byte range)
    altered = bytearray(blob)
    altered[len(letter.read_bytes()) // 2] ^= 0x01
    assert not all(r.ok for r in pades.verify_pdf(bytes(altered), roots))
    # a root that did not issue the certificate is not trusted; nor is no root at all
    assert not pades.verify_pdf(blob, pades.load_roots([pki.other_root_pem]))[0].trusted
    assert not pades.verify_pdf(blob, [])[0].ok


def test_visible_box_sits_in_the_signature_block_with_the_signers_name(pki, letter):
    blob = signed_with(pki, letter, "B-B")
    with pikepdf.open(io.BytesIO(blob)) as pdf:
        last = pdf.pages[-1]
        widgets = [a for a in last.obj.get("/Annots") or [] if a.get("/FT") == "/Sig"]
        assert len(widgets) == 1
        x0, y0, x1, y1 = [float(v) for v in widgets[0].Rect]
        height = float(last.mediabox[3])
    assert x1 - x0 > 150 and y1 - y0 > 20  # a real box, not a zero-size field
    words = pades._WORD.findall(_bbox(letter.read_bytes()))
    closing = next(w for w in words if w[4].startswith("ขอแสดงความนับถือ"))
    name = next(w for w in words if w[4].startswith("("))
    # between the closing and the name in parentheses, centred on the name
    assert float(closing[3]) <= height - y1 and height - y0 <= float(name[1])
    assert abs((x0 + x1) / 2 - (float(name[0]) + float(name[2])) / 2) < 1
    # the box's Thai text is real text in the document's font (shaped, extractable)
    text = "".join(pdftotext(blob).split())
    assert "ลงลายมือชื่อดิจิทัลโดย" in text and "นายสมชาย" in text


def _bbox(blob: bytes) -> str:
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(blob)
        fh.flush()
        return subprocess.run(["pdftotext", "-bbox", "-f", "2", "-l", "2", fh.name, "-"], capture_output=True,
                              text=True, check=True).stdout


def test_cli_sign_with_tsa_and_verify(pki, letter, tsa_url, tmp_path, capsys, monkeypatch):
    out = tmp_path / "signed.pdf"
    monkeypatch.setenv("DOCENGINE_P12_PASSWORD", PASSWORD)
    code, stdout, err = run(capsys, "sign", str(letter), "--p12", str(pki.p12), "--pdf", str(out),
                            "--level", "B-T", "--tsa", tsa_url)
    assert code == 0, err
    code, stdout, _ = run(capsys, "verify", str(out), "--trust", str(pki.root_pem))
    assert code == 0, stdout
    assert "ผู้ลงนาม: นายสมชาย ใจดี (ทดสอบ)" in stdout and "intact / ไม่ถูกแก้ไข" in stdout
    assert "trusted / เชื่อถือได้" in stdout and "(time-stamp / ประทับเวลา)" in stdout
    code, stdout, _ = run(capsys, "verify", str(out), "--trust", str(pki.other_root_pem))
    assert code == 1 and "NOT trusted" in stdout
    bad = tmp_path / "bad.pdf"
    blob = bytearray(out.read_bytes())
    blob[len(letter.read_bytes()) // 2] ^= 0x01
    bad.write_bytes(bytes(blob))
    code, stdout, _ = run(capsys, "verify", str(bad), "--trust", str(pki.root_pem))
    assert code == 1 and "NOT VALID" in stdout
    code, stdout, _ = run(capsys, "verify", str(letter))
    assert code == 1 and "no signature" in stdout


def test_cli_refuses_a_wrong_password_and_b_t_without_tsa(pki, letter, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DOCENGINE_P12_PASSWORD", "wrong")
    code, _, err = run(capsys, "sign", str(letter), "--p12", str(pki.p12), "--pdf", str(tmp_path / "x.pdf"))
    assert code == 1 and "wrong password" in err and "รหัสผ่าน" in err
    monkeypatch.setenv("DOCENGINE_P12_PASSWORD", PASSWORD)
    code, _, err = run(capsys, "sign", str(letter), "--p12", str(pki.p12), "--pdf", str(tmp_path / "x.pdf"),
                       "--level", "B-T")
    assert code == 1 and "--tsa" in err
    assert not (tmp_path / "x.pdf").exists()
    # the password is never an option
    code, _, err = run(capsys, "sign", str(letter), "--p12", str(pki.p12), "--pdf", str(tmp_path / "x.pdf"),
                       "--password", PASSWORD)
    assert code != 0 and not (tmp_path / "x.pdf").exists()
