"""Signatures in the register: typed-name e-signatures with a PIN, received signed PDFs, the signed annual export."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from pathlib import Path

import pytest
from register_helpers import run
from sqlalchemy import text

from docengine.archive.check import check_pdfa
from docengine.register import open_register
from docengine.register.audit import verify
from docengine.register.signers import signatures
from docengine.render.document import load_sample
from docengine.sign import pades
from docengine.sign.testpki import PASSWORD, make_pki
from docengine.office import Office
from extract import pdftotext


@pytest.fixture
def db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'r.sqlite3'}"
    monkeypatch.setenv("DOCENGINE_DB", url)
    monkeypatch.setenv("DOCENGINE_PIN", "2567-pin")
    open_register(url).close()  # as `register init` would
    return url


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return make_pki(tmp_path_factory.mktemp("pki"))


def test_typed_signature_prints_name_position_and_time_and_is_recorded(db, tmp_path, capsys):
    code, _, err = run(capsys, "register", "user", "add", "somchai", "--name", "นายสมชาย ใจดี",
                       "--position", "นายกเทศมนตรีตำบลสันทราย")
    assert code == 0, err
    pdf = tmp_path / "l.pdf"
    code, out, err = run(capsys, "letter", "issue", "--data", str(load_sample("external").path), "--pdf", str(pdf),
                         "--sign-as", "somchai", "--pdfa", "2u", "--json")
    assert code == 0, err
    letter = json.loads(out)
    text_out = "".join(pdftotext(pdf).split())
    assert "ลงนามอิเล็กทรอนิกส์" in text_out and "(นายสมชายใจดี)" in text_out and "นายกเทศมนตรีตำบลสันทราย" in text_out
    assert "เวลา" in text_out and "น." in text_out
    assert check_pdfa(pdf.read_bytes(), "2u") == []
    reg = open_register(db)
    (sig,) = signatures(reg, letter_id=letter["id"])
    assert sig.kind == "typed" and sig.signer == "นายสมชาย ใจดี" and sig.status == "approved"
    assert sig.sha256 == hashlib.sha256(pdf.read_bytes()).hexdigest() and sig.signed_at is not None
    # the Thai date and time printed are the recorded moment, in Bangkok time and Thai digits
    from docengine.sign.typed import esign_lines

    assert "".join(esign_lines(sig.signed_at)[1].split()) in text_out
    with reg.engine.connect() as conn:
        kinds = [k for (k,) in conn.execute(text("SELECT kind FROM audit_log ORDER BY seq"))]
        stored = conn.execute(text("SELECT pin_hash FROM register_users")).scalar_one()
    assert "user.created" in kinds and "letter.signed" in kinds and verify(reg.engine).ok
    assert stored.startswith("scrypt$") and "2567-pin" not in stored


def test_wrong_pin_or_no_signer_role_takes_no_number(db, tmp_path, capsys, monkeypatch):
    run(capsys, "register", "user", "add", "somchai", "--name", "นายสมชาย ใจดี", "--position", "นายก")
    run(capsys, "register", "user", "add", "clerk1", "--name", "นางสาวสมใจ", "--position", "เจ้าหน้าที่",
        "--role", "clerk")
    monkeypatch.setenv("DOCENGINE_PIN", "wrong-pin")
    code, _, err = run(capsys, "letter", "issue", "--data", str(load_sample("external").path), "--pdf",
                       str(tmp_path / "x.pdf"), "--sign-as", "somchai")
    assert code == 1 and "PIN" in err and "ไม่ถูกต้อง" in err
    monkeypatch.setenv("DOCENGINE_PIN", "2567-pin")
    code, _, err = run(capsys, "letter", "issue", "--data", str(load_sample("external").path), "--pdf",
                       str(tmp_path / "x.pdf"), "--sign-as", "clerk1")
    assert code == 1 and "ไม่มีสิทธิ์ลงนาม" in err
    assert open_register(db).list("send") == [] and not (tmp_path / "x.pdf").exists()


def test_receiving_a_signed_pdf_records_its_signature_status(db, pki, tmp_path, capsys, monkeypatch):
    from docengine.render.document import Renderer

    r = Renderer(Office.sample(), pdfa="2u")
    letter = r.render_pdf(r.prepare("external", load_sample("external")))
    signer = pades.load_signer(pki.p12.read_bytes(), PASSWORD)
    signed = tmp_path / "signed.pdf"
    signed.write_bytes(pades.sign_pdf(letter, signer))
    meta = tmp_path / "meta.yaml"
    meta.write_text("book_number: มท 0810.6/ว 5256\ndate: 2023-12-13\nsender: กรมส่งเสริมการปกครองท้องถิ่น\n"
                    "subject: ทดสอบ\n", encoding="utf-8")
    office = tmp_path / "office.yaml"
    office.write_text(Path(Renderer(Office.sample()).office.path).read_text(encoding="utf-8")
                      + f"\ntrust_roots: [{pki.root_pem}]\n", encoding="utf-8")
    code, _, err = run(capsys, "--office", str(office), "receive", str(signed), "--as", "ชม 52101", "--meta",
                       str(meta), "--out", str(tmp_path / "s1.pdf"), "--at", "2024-01-08T09:00")
    assert code == 0, err
    # the same letter received without trusting its root, and an altered copy
    altered = bytearray(signed.read_bytes())
    altered[len(letter) // 2] ^= 1
    (tmp_path / "bad.pdf").write_bytes(bytes(altered))
    meta.write_text(meta.read_text(encoding="utf-8").replace("5256", "5257"), encoding="utf-8")
    code, _, err = run(capsys, "receive", str(tmp_path / "bad.pdf"), "--as", "ชม 52101", "--meta", str(meta),
                       "--out", str(tmp_path / "s2.pdf"), "--at", "2024-01-08T09:05")
    assert code == 0, err
    code, out, _ = run(capsys, "register", "list", "--book", "receive", "--json")
    statuses = [[s["status"] for s in r["signatures"]] for r in json.loads(out)]
    assert statuses == [["valid"], ["invalid"]]
    code, out, _ = run(capsys, "register", "list", "--book", "receive")
    assert "ลายมือชื่อดิจิทัล ถูกต้อง" in out and "signature invalid" in out


def test_register_export_is_signed_pdfa_with_the_audit_head(db, pki, tmp_path, capsys, monkeypatch):
    reg = open_register(db)
    a = reg.allocate("ชม 52101", "normal", 2567, letter_date=date(2024, 1, 5))
    reg.issue(a, subject="ขอเชิญประชุม", recipients="นายอำเภอฝาง")
    held = reg.allocate("ชม 52101", "normal", 2567, letter_date=date(2024, 1, 6), hold=True)
    reg.cancel(held.id, "ยกเลิกการประชุม")
    reg.receive("ชม 52101", sender_book_number="ชม 0023.05/9", sender_date=date(2024, 1, 5),
                sender_agency="อำเภอฝาง", subject="แจ้งเวียน", received_at=datetime(2024, 1, 8, 9, 0))
    out = tmp_path / "registers-2567.pdf"
    monkeypatch.setenv("DOCENGINE_P12_PASSWORD", PASSWORD)
    code, _, err = run(capsys, "register", "export", "--year", "2567", "--agency", "ชม 52101", "--p12",
                       str(pki.p12), "--out", str(out))
    assert code == 0, err
    blob = out.read_bytes()
    assert check_pdfa(blob, "2u") == []
    (report,) = pades.verify_pdf(blob, pades.load_roots([pki.root_pem]))
    assert report.ok
    checked = verify(reg.engine)
    words = "".join(pdftotext(blob).split())
    assert checked.head in words and "ทะเบียนหนังสือส่ง" in words and "ทะเบียนหนังสือรับ" in words
    assert "ยกเลิก" in words and "เก็บไว้ตลอดไป" in words  # the cancelled number stays visible
    # a register whose log was edited is not exported
    with reg.engine.begin() as conn:
        conn.execute(text("UPDATE letters SET subject = 'แก้' WHERE id = 1"))
    code, _, err = run(capsys, "register", "export", "--year", "2567", "--agency", "ชม 52101", "--p12",
                       str(pki.p12), "--out", str(tmp_path / "x.pdf"))
    assert code == 1 and "audit log does not verify" in err and not (tmp_path / "x.pdf").exists()
