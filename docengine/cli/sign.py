"""``docengine sign`` and ``docengine verify``: PAdES signatures with the agency's certificate.

    DOCENGINE_P12_PASSWORD=… docengine sign letter.pdf --p12 agency.p12 --pdf signed.pdf --level B-T --tsa URL
    docengine verify signed.pdf --trust root.pem      # exit 0 only when intact and trusted

The PKCS#12 password comes from ``$DOCENGINE_P12_PASSWORD`` or a hidden prompt, never from
the command line (where other users of the machine could read it).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from docengine.errors import DocengineError

from .output import files_result, reports, result, say
from .params import deprecated


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise DocengineError(f"cannot read {path}: {exc.strerror}", f"อ่านแฟ้ม {path} ไม่ได้") from None


def p12_password() -> str:
    import os

    value = os.environ.get("DOCENGINE_P12_PASSWORD")
    if value is None:
        value = click.prompt("PKCS#12 password / รหัสผ่านใบรับรอง", hide_input=True, err=True, default="",
                             show_default=False)
    return value


def sign_file(blob: bytes, p12: str, *, level: str, tsa: str | None, font: str | None = None) -> bytes:
    """Sign ``blob``; a PDF/A input must still pass the structural check afterwards."""
    from docengine.archive.check import check_pdfa, claimed_level
    from docengine.archive.pdfa import ensure
    from docengine.sign.pades import check_level, load_signer, sign_pdf

    level = check_level(level)
    signer = load_signer(_read(p12), p12_password())
    claimed = claimed_level(blob)
    was_pdfa = claimed is not None and not check_pdfa(blob, claimed)
    signed = sign_pdf(blob, signer, level=level, tsa_url=tsa, font=font)
    if was_pdfa:
        ensure(signed, claimed, "the signed PDF")
    return signed


@click.command()
@deprecated("--out", "out")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--p12", required=True, type=click.Path(dir_okay=False), help="The agency's certificate (PKCS#12)")
@click.option("--pdf", "out", required=True, type=click.Path(dir_okay=False), help="Signed PDF to write")
@click.option("--tsa", metavar="URL", help="Time-stamp authority (RFC 3161), needed from B-T up")
@click.option("--level", type=click.Choice(["B-B", "B-T", "B-LT", "B-LTA"], case_sensitive=False), default="B-B",
              show_default=True, help="PAdES baseline level")
@reports("files")
@click.pass_context
def sign(ctx, file, p12, out, tsa, level):
    """Sign FILE.pdf with a PAdES signature in its signature block / ลงลายมือชื่อดิจิทัล"""
    from docengine.io import write_atomic
    from docengine.office import load_office

    if Path(out).resolve() == Path(file).resolve():
        raise DocengineError("--pdf must not be the input file", "--pdf ต้องไม่ใช่แฟ้มต้นฉบับ")
    font = load_office((ctx.find_root().obj or {}).get("office")).font
    signed = sign_file(_read(file), p12, level=level, tsa=tsa, font=font)
    write_atomic(out, signed)
    say(f"signed {out} ({level}) / ลงนามแล้ว")
    files_result([out], level=level)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--trust", "trust", multiple=True, type=click.Path(dir_okay=False),
              help="Trusted root certificate, PEM or DER (repeatable)")
@reports("signatures")
def verify(file, trust):
    """Report FILE.pdf's signatures: signer, time, integrity, trust / ตรวจสอบลายมือชื่อดิจิทัล

    Exit 0 only when there is at least one signature and every one is intact and trusted.
    """
    from docengine.sign.pades import load_roots, verify_pdf

    found = verify_pdf(_read(file), load_roots(trust))
    result({"file": file, "valid": bool(found) and all(r.ok for r in found), "signatures": [
        {"field": r.field, "signer": r.signer, "signed_at": r.signed_at.isoformat() if r.signed_at else None,
         "timestamped": r.timestamped, "intact": r.intact, "trusted": r.trusted, "whole_file": r.whole_file,
         "ok": r.ok, "problems": list(r.problems)} for r in found]})
    if not found:
        say(f"{file}: no signature / ไม่มีลายมือชื่อดิจิทัล")
        sys.exit(1)
    for r in found:
        say("\n".join(r.lines()))
    if all(r.ok for r in found):
        say("result / ผล: VALID — intact and trusted / ถูกต้อง ไม่ถูกแก้ไขและเชื่อถือได้")
        return
    click.echo("result / ผล: NOT VALID / ไม่ผ่านการตรวจสอบ")
    sys.exit(1)
