"""Demo step: archival PDF/A, both kinds of electronic signature and the tamper-evident register.

Into ``out/demo/archive/`` (fresh every run): a demo PKI (a root, a signer PKCS#12 and a
TSA key — made now, not real certificates), a register with a signer user, the sample
external letter issued as PDF/A-3u with a typed-name e-signature (the e-GIF XML and the
routing JSON attached), the same letter signed with PAdES B-T (the time-stamp from the
demo TSA) and its ``docengine verify`` report, ``register verify`` on the register, and
the year's registers exported as a signed PDF/A.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from docengine.io import write_atomic

PIN = "2567"  # the demo signer's PIN (demo only)


def archive(out: Path, office) -> list[Path]:
    from docengine.chain.issue import issue_letter
    from docengine.register import open_register
    from docengine.register.audit import verify
    from docengine.register.signers import add_user
    from docengine.render.document import Renderer, load_sample
    from docengine.sign import pades
    from docengine.sign.testpki import PASSWORD, make_pki
    from docengine.sign.typed import approve
    from docengine.thai import be_year

    from .export import export_year

    folder = out / "archive"
    if folder.exists():
        shutil.rmtree(folder)  # our own folder only: the demo must be repeatable
    pki = make_pki(folder / "demo-pki")
    reg = open_register(f"sqlite:///{folder / 'register.sqlite3'}")
    sample = load_sample("external")
    # the sample letter's own signer becomes the register's signer user
    signer_info = sample.data["signer"]
    add_user(reg, "signer", name=signer_info["name"], position="\n".join(signer_info["position"]), pin=PIN)
    written: list[Path] = []
    renderer = Renderer(office, pdfa="3u")
    letter = issue_letter(reg, sample, renderer=renderer, pdf=folder / "1-letter-esigned-pdfa3u.pdf",
                          esign=approve(reg, "signer", PIN))
    written.append(folder / "1-letter-esigned-pdfa3u.pdf")
    # PAdES on a PDF/A-2u copy of the same letter (a typed e-signature and a PAdES one are alternatives)
    plain = Renderer(office, pdfa="2u")
    letter_2u = plain.render_pdf(plain.prepare("external", sample))
    signer = pades.load_signer(pki.p12.read_bytes(), PASSWORD)
    signed = pades.sign_pdf(letter_2u, signer, level="B-T", timestamper=pki.timestamper(), font=office.font)
    written.append(write_atomic(folder / "2-letter-pades-bt.pdf", signed))
    reports = pades.verify_pdf(signed, pades.load_roots([pki.root_pem]))
    report = "\n".join(line for r in reports for line in r.lines()) + "\n"
    written.append(write_atomic(folder / "2-letter-pades-bt.verify.txt", report.encode("utf-8")))
    checked = verify(reg.engine)
    written.append(write_atomic(folder / "register-verify.txt", (
        f"{'ok' if checked.ok else 'FAIL'}: {checked.entries} audit entries, {checked.rows} rows; "
        f"head {checked.head}\n").encode("utf-8")))
    year = be_year(letter.date)
    written.append(write_atomic(folder / f"registers-{year}.pdf", export_year(
        reg, year, letter.agency_code, renderer=plain, signer=signer)))
    reg.close()
    return written
