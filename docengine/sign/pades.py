"""PAdES signatures with the agency's certificate (pyHanko): sign, and verify in Thai and English.

``sign_pdf`` adds one signature as an incremental update, so what was there before
(PDF/A metadata, the text layer) stays byte for byte. Its visible box sits in the
letter's signature block — the space between the closing (ขอแสดงความนับถือ) and the
signer's name in parentheses, found with poppler's word boxes on the last page — and
its appearance is a small PDF rendered by WeasyPrint in the document's font, so the
Thai is shaped by HarfBuzz like the letter itself (pyHanko's own text stamps do not
shape Thai), with a line height of 1.6 so that stacked marks never touch.

Levels: ``B-B`` (signature only), ``B-T`` (+ a time-stamp from a TSA), ``B-LT``
(+ the certificates and revocation data needed to validate later, in the DSS),
``B-LTA`` (+ a document time-stamp over all of it).

>>> LEVELS
('B-B', 'B-T', 'B-LT', 'B-LTA')
"""

from __future__ import annotations

import io
import logging
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from docengine.errors import DocengineError

LEVELS = ("B-B", "B-T", "B-LT", "B-LTA")
FIELD = "DocengineSignature"
MM = 72 / 25.4


# --- key material -----------------------------------------------------------------------


def load_signer(p12: bytes, password: str | None):
    """A pyHanko signer from PKCS#12 bytes; a wrong password is a clear error."""
    from pyhanko.sign import signers

    try:
        signer = signers.SimpleSigner.load_pkcs12_data(p12, other_certs=(),
                                                       passphrase=password.encode("utf-8") if password else None)
    except Exception:
        signer = None
    if signer is None:
        raise DocengineError("cannot open the PKCS#12 file: wrong password or not a PKCS#12 certificate",
                             "เปิดแฟ้มใบรับรอง PKCS#12 ไม่ได้ (รหัสผ่านผิด หรือไม่ใช่แฟ้ม PKCS#12)")
    return signer


def _subject_name(cert) -> str:
    try:
        return cert.subject.native.get("common_name") or cert.subject.human_friendly
    except Exception:
        return str(cert.subject.human_friendly)


def load_roots(paths) -> list:
    """Trust roots from PEM or DER files (``--trust``)."""
    from asn1crypto import pem, x509

    roots = []
    for path in paths or ():
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise DocengineError(f"cannot read {path}: {exc.strerror}", f"อ่านแฟ้ม {path} ไม่ได้") from None
        try:
            blobs = [der for _, _, der in pem.unarmor(data, multiple=True)] if pem.detect(data) else [data]
            roots += [x509.Certificate.load(b) for b in blobs]
            for r in roots:
                r.native  # parse now: a bad file fails here, not during validation
        except Exception:
            raise DocengineError(f"{path} is not a certificate (PEM or DER)",
                                 f"{path} ไม่ใช่แฟ้มใบรับรอง (PEM หรือ DER)") from None
    return roots


# --- where the box goes -----------------------------------------------------------------


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def signature_box(blob: bytes) -> tuple[int, tuple[float, float, float, float]]:
    """(page index, box in PDF points, bottom-left origin) of the signature space on the last page.

    The space between the last closing line ("ขอแสดงความนับถือ" or any line just above a
    name in parentheses) and the first "(…" below it.
    """
    import pikepdf

    with pikepdf.open(io.BytesIO(blob)) as pdf:
        index = len(pdf.pages) - 1
        height = float(pdf.pages[index].mediabox[3])
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(blob)
        fh.flush()
        try:
            xml = subprocess.run(["pdftotext", "-bbox", "-f", str(index + 1), "-l", str(index + 1), fh.name, "-"],
                                 capture_output=True, text=True, timeout=60, check=True).stdout
        except (OSError, subprocess.SubprocessError) as exc:
            raise DocengineError(f"cannot read the letter's text to place the signature (poppler-utils): {exc}",
                                 "อ่านข้อความในหนังสือเพื่อวางกรอบลายมือชื่อไม่ได้ (ต้องติดตั้ง poppler-utils)") from None
    words = [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in _WORD.findall(xml)]
    names = [w for w in words if w[4].startswith("(")]
    for name in names:
        above = [w for w in words if name[1] - 100 < w[3] <= name[1] and not w[4].startswith("(")]
        if not above:
            continue
        top = max(w[3] for w in above)
        if name[1] - top < 12:
            continue
        centre = (name[0] + name[2]) / 2
        width = max(name[2] - name[0] + 20, 62 * MM)
        x0, x1 = centre - width / 2, centre + width / 2
        y_top, y_bottom = top + 1.5, name[1] - 1.5
        return index, (x0, height - y_bottom, x1, height - y_top)
    raise DocengineError("no signature space found on the last page (a name in parentheses under the closing)",
                         "ไม่พบช่องลงนามในหน้าสุดท้าย (ชื่อในวงเล็บใต้คำลงท้าย)")


# --- the visible appearance -------------------------------------------------------------


def appearance_pdf(lines: list[str], width_pt: float, height_pt: float, font: str | None = None) -> bytes:
    """A one-page PDF of ``lines`` in the document's font, sized to the box (line height 1.6)."""
    from html import escape

    from docengine.render.pdf import pdf_engine

    engine = pdf_engine(font)
    size = min(9.0, height_pt / (1.6 * max(len(lines), 1)) * 0.92)
    html = ("<html><body>" + "".join(f"<p>{escape(line)}</p>" for line in lines) + "</body></html>")
    css = (f"@page {{ size: {width_pt:.2f}pt {height_pt:.2f}pt; margin: 0; }}"
           f"body {{ margin: 0; height: {height_pt:.2f}pt; display: flex; flex-direction: column; "
           f"justify-content: center; border: 0.6pt solid #1f4e9c; box-sizing: border-box; color: #1f4e9c; }}"
           f"p {{ margin: 0; font-size: {size:.2f}pt; line-height: 1.6; text-align: center; }}")
    sheet = engine.stylesheet_from_string(css, key=("signature-box", round(width_pt, 1), round(height_pt, 1),
                                                    len(lines)))
    return engine.write_pdf(html, stylesheets=[sheet])


def appearance_lines(signer_name: str, at: datetime) -> list[str]:
    """What the box says (Thai digits, Bangkok time)."""
    from docengine.thai import format_date, format_time, to_bangkok

    moment = to_bangkok(at)
    return ["ลงลายมือชื่อดิจิทัลโดย", signer_name,
            f"{format_date(moment, 'abbr')} เวลา {format_time(moment)}"]


# --- signing ----------------------------------------------------------------------------


def check_level(level: str) -> str:
    level = (level or "B-B").upper()
    if level not in LEVELS:
        raise DocengineError(f"level {level!r}: use one of {', '.join(LEVELS)}",
                             f"ระดับ {level!r} ไม่ถูกต้อง (ใช้ได้: {', '.join(LEVELS)})")
    return level


def sign_pdf(blob: bytes, signer, *, level: str = "B-B", timestamper=None, tsa_url: str | None = None,
             font: str | None = None, at: datetime | None = None, trust_roots=()) -> bytes:
    """``blob`` with one PAdES signature at ``level`` (see the module notes).

    ``timestamper`` (a pyHanko TimeStamper) or ``tsa_url`` is needed from B-T up;
    B-LT and B-LTA embed validation data for the signer's chain (``trust_roots``
    default: the self-signed certificates that came with the signer).
    """
    from pyhanko.pdf_utils.content import ImportedPdfPage
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers, timestamps
    from pyhanko.stamp import StaticStampStyle
    from pyhanko_certvalidator import ValidationContext

    from docengine.thai import bangkok_now

    level = check_level(level)
    if level != "B-B" and timestamper is None:
        if not tsa_url:
            raise DocengineError(f"level {level} needs a time-stamp authority: give --tsa URL",
                                 f"ระดับ {level} ต้องใช้หน่วยประทับเวลา ระบุ --tsa URL")
        timestamper = timestamps.HTTPTimeStamper(tsa_url)
    at = at or bangkok_now()
    page, box = signature_box(blob)
    name = _subject_name(signer.signing_cert)
    art = appearance_pdf(appearance_lines(name, at), box[2] - box[0], box[3] - box[1], font)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as art_file:
        art_file.write(art)
        art_file.flush()
        style = StaticStampStyle(background=ImportedPdfPage(art_file.name), border_width=0, background_opacity=1.0)
        writer = IncrementalPdfFileWriter(io.BytesIO(blob))
        fields.append_signature_field(writer, fields.SigFieldSpec(FIELD, on_page=page, box=box))
        vc = None
        if level in ("B-LT", "B-LTA"):
            roots = list(trust_roots) or [c for c in [signer.signing_cert, *signer.cert_registry]
                                          if c.self_signed]
            vc = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
        meta = signers.PdfSignatureMetadata(
            field_name=FIELD, subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256",
            embed_validation_info=vc is not None, validation_context=vc, use_pades_lta=level == "B-LTA",
            name=name, reason="ลงนามหนังสือราชการ / signing an official letter")
        pdf_signer = signers.PdfSigner(meta, signer=signer, timestamper=timestamper if level != "B-B" else None,
                                       stamp_style=style)
        out = io.BytesIO()
        try:
            pdf_signer.sign_pdf(writer, output=out)
        except DocengineError:
            raise
        except Exception as exc:
            raise DocengineError(f"signing failed: {exc}", f"ลงนามไม่สำเร็จ: {exc}") from None
    return out.getvalue()


# --- verifying --------------------------------------------------------------------------


@dataclass
class SignatureReport:
    """One signature's status, as ``docengine verify`` prints it."""

    field: str
    signer: str
    signed_at: datetime | None
    timestamped: bool
    intact: bool
    trusted: bool
    whole_file: bool
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.intact and self.trusted and self.whole_file and not self.problems

    def lines(self) -> list[str]:
        from docengine.thai import format_date, format_time, to_bangkok

        when = "unknown / ไม่ทราบ"
        if self.signed_at:
            m = to_bangkok(self.signed_at)
            source = "time-stamp / ประทับเวลา" if self.timestamped else "signer's clock / เวลาของผู้ลงนาม"
            when = (f"{m.strftime('%Y-%m-%d %H:%M:%S')} Bangkok / {format_date(m, 'full')} "
                    f"เวลา {format_time(m)} ({source})")
        yes = lambda v, en, th, en_no, th_no: f"{en} / {th}" if v else f"{en_no} / {th_no}"  # noqa: E731
        out = [f"signature / ลายมือชื่อ: {self.field}",
               f"  signer / ผู้ลงนาม: {self.signer}",
               f"  time / เวลาลงนาม: {when}",
               "  integrity / ความครบถ้วน: " + yes(self.intact and self.whole_file, "intact", "ไม่ถูกแก้ไข",
                                                  "ALTERED", "ถูกแก้ไขหลังลงนาม"),
               "  trust / ความน่าเชื่อถือ: " + yes(self.trusted, "trusted", "เชื่อถือได้",
                                                  "NOT trusted", "ไม่อยู่ในรายการที่เชื่อถือ")]
        out += [f"  problem / ปัญหา: {p}" for p in self.problems]
        return out


def verify_pdf(blob: bytes, trust_roots=()) -> list[SignatureReport]:
    """A report for every signature in ``blob``; an empty list for an unsigned PDF."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(blob), strict=False)
        signatures = list(reader.embedded_signatures)
    except Exception as exc:
        raise DocengineError(f"not a readable PDF: {exc}", "ไม่ใช่แฟ้ม PDF ที่อ่านได้") from None
    reports = []
    quiet = logging.getLogger("pyhanko")
    level, quiet.level = quiet.level, logging.CRITICAL  # untrusted paths are reported below, not logged
    try:
        for sig in signatures:
            reports.append(_report(sig, trust_roots))
    finally:
        quiet.level = level
    return reports


def _report(sig, trust_roots) -> SignatureReport:
    from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    name = sig.field_name
    vc = ValidationContext(trust_roots=list(trust_roots), allow_fetching=False, revocation_mode="soft-fail")
    try:
        if sig.sig_object_type == "/DocTimeStamp":
            ts = validate_pdf_timestamp(sig, validation_context=vc)
            return SignatureReport(f"{name} (document time-stamp / ประทับเวลาเอกสาร)", _subject_name(ts.signing_cert),
                                   ts.timestamp, True, bool(ts.intact and ts.valid), bool(ts.trusted),
                                   sig.coverage in (SignatureCoverageLevel.ENTIRE_FILE,
                                                    SignatureCoverageLevel.ENTIRE_REVISION))
        status = validate_pdf_signature(sig, vc, ts_validation_context=vc)
    except Exception as exc:  # pyHanko raises several types on broken signatures
        return SignatureReport(name, "?", None, False, False, False, False, [str(exc)])
    ts = status.timestamp_validity
    when = ts.timestamp if ts is not None else status.signer_reported_dt
    problems = []
    if ts is not None and not (ts.intact and ts.valid and ts.trusted):
        problems.append("the time-stamp is not intact or not trusted / การประทับเวลาไม่ถูกต้องหรือไม่น่าเชื่อถือ")
    # Later revisions may only add validation data and document time-stamps (B-LT, B-LTA).
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE or (
        status.coverage == SignatureCoverageLevel.ENTIRE_REVISION and status.docmdp_ok is not False
        and getattr(status, "modification_level", None) is not None
        and status.modification_level.name in ("NONE", "LTA_UPDATES"))
    if not whole:
        problems.append("the file was changed after signing / แฟ้มถูกเปลี่ยนแปลงหลังลงนาม")
    return SignatureReport(name, _subject_name(status.signing_cert), when, ts is not None,
                           bool(status.intact and status.valid), bool(status.trusted), whole, problems)


def received_status(blob: bytes, trust_roots=()) -> dict | None:
    """What the register records about the signatures of a received PDF (None when it has none).

    ``status`` is ``valid`` (every signature intact and trusted), ``untrusted`` (intact,
    but no trusted root given for it) or ``invalid`` (altered or broken).
    """
    if b"/ByteRange" not in blob:
        return None
    try:
        reports = verify_pdf(blob, trust_roots)
    except DocengineError:
        return None
    if not reports:
        return None
    intact = all(r.intact and r.whole_file for r in reports)
    status = "valid" if all(r.ok for r in reports) else ("untrusted" if intact else "invalid")
    main = reports[0]
    return {"status": status, "signer": main.signer, "signed_at": main.signed_at,
            "lines": [line for r in reports for line in r.lines()]}
