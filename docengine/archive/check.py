"""A structural PDF/A checker: the rules docengine's archival PDFs must keep (pikepdf).

It is not a validator (veraPDF is; docs/archive.md says how to run it elsewhere).
It checks the rules our own writing and stamping could break, each with a name:

==================  ==========================================================
``pdfaid``          XMP metadata stream with pdfaid:part / pdfaid:conformance
                    (matching ``level`` when given: "2u" → part 2, U)
``output-intent``   exactly one /GTS_PDFA1 OutputIntent with an ICC profile
``trailer-id``      the trailer has an /ID of two strings
``encryption``      no /Encrypt
``javascript``      no JavaScript (name tree, /JS actions) anywhere
``font-embedded``   every font used on a page has its font program embedded
``tounicode``       every font has a /ToUnicode CMap and every glyph code
                    drawn (walked in the content streams) maps to real text
``attachments``     every embedded file has /Subtype (MIME); PDF/A-3: an
                    /AFRelationship and listed in the catalog's /AF; PDF/A-2:
                    only PDF/A files may be embedded
==================  ==========================================================

>>> from docengine.office import Office
>>> from docengine.render.document import Renderer, load_sample
>>> r = Renderer(Office.sample(), pdfa="2u")
>>> blob = r.render_pdf(r.prepare("external", load_sample("external")))
>>> check_pdfa(blob, level="2u")
[]
>>> [f.rule for f in check_pdfa(b"%PDF-1.4 not really")]
['unreadable']
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

RULES = ("pdfaid", "output-intent", "trailer-id", "encryption", "javascript", "font-embedded", "tounicode",
         "attachments")
# pdfaid:part="2" (attribute) or <pdfaid:part …>2</pdfaid:part> (element)
_XMP_PART = re.compile(rb"pdfaid:part(?:=[\"']|(?:\s[^>]*)?>)\s*(\d)")
_XMP_CONF = re.compile(rb"pdfaid:conformance(?:=[\"']|(?:\s[^>]*)?>)\s*([A-Za-z])")
_BAD_TEXT = {"", "\x00", "\ufffd", "\ufeff"}


@dataclass(frozen=True)
class Finding:
    """One rule a PDF breaks, in English and Thai."""

    rule: str
    en: str
    th: str

    def __str__(self) -> str:
        return f"[{self.rule}] {self.en} / {self.th}"


def claimed_level(source: bytes) -> str | None:
    """The PDF/A level ("2u", "3u") a file's XMP claims, read from its bytes (None if none or other).

    Reads uncompressed XMP only, which is how WeasyPrint and pikepdf write it.
    """
    part, conf = _XMP_PART.search(source), _XMP_CONF.search(source)
    if not part or not conf or conf[1].lower() != b"u" or part[1] not in (b"2", b"3"):
        return None
    return f"{part[1].decode()}u"


def check_pdfa(source: bytes, level: str | None = None) -> list[Finding]:
    """Every rule ``source`` (PDF bytes) breaks; ``[]`` when it passes.

    ``level`` is "2u" or "3u" to require that part and conformance; without it
    the file must claim some PDF/A part and is checked against that claim.
    """
    import pikepdf

    try:
        pdf = pikepdf.open(io.BytesIO(source))
    except pikepdf.PasswordError:
        return [Finding("encryption", "the PDF is encrypted (password needed)", "แฟ้ม PDF ถูกเข้ารหัส")]
    except Exception as exc:  # qpdf raises several types on damaged files
        return [Finding("unreadable", f"not a readable PDF: {exc}", "ไม่ใช่แฟ้ม PDF ที่อ่านได้")]
    with pdf:
        found: list[Finding] = []
        part = _check_xmp(pdf, level, found)
        _check_output_intent(pdf, found)
        _check_trailer(pdf, found)
        _check_javascript(pdf, found)
        _check_fonts(pdf, found)
        _check_attachments(pdf, part, found)
        return found


def _check_xmp(pdf, level, found) -> int | None:
    meta = pdf.Root.get("/Metadata")
    if meta is None or not hasattr(meta, "read_bytes"):
        found.append(Finding("pdfaid", "no XMP metadata stream in the catalog", "ไม่มีข้อมูล XMP ในแฟ้ม"))
        return None
    xmp = meta.read_bytes()
    part, conf = _XMP_PART.search(xmp), _XMP_CONF.search(xmp)
    if not part or not conf:
        found.append(Finding("pdfaid", "XMP has no pdfaid:part and pdfaid:conformance (not a PDF/A claim)",
                             "XMP ไม่ได้ระบุ pdfaid:part และ pdfaid:conformance (ไม่ได้อ้างว่าเป็น PDF/A)"))
        return None
    got = f"{part[1].decode()}{conf[1].decode().lower()}"
    if level and got != level.lower():
        found.append(Finding("pdfaid", f"XMP claims PDF/A-{got}, expected PDF/A-{level}",
                             f"XMP ระบุ PDF/A-{got} แต่ต้องเป็น PDF/A-{level}"))
    return int(part[1])


def _check_output_intent(pdf, found) -> None:
    intents = [oi for oi in (pdf.Root.get("/OutputIntents") or []) if str(oi.get("/S")) == "/GTS_PDFA1"]
    if len(intents) != 1:
        found.append(Finding("output-intent", f"{len(intents)} /GTS_PDFA1 OutputIntents, expected exactly one",
                             f"มี OutputIntent แบบ GTS_PDFA1 {len(intents)} รายการ ต้องมีหนึ่งรายการ"))
        return
    profile = intents[0].get("/DestOutputProfile")
    data = profile.read_bytes() if profile is not None and hasattr(profile, "read_bytes") else b""
    if len(data) < 128 or data[36:40] != b"acsp":
        found.append(Finding("output-intent", "the OutputIntent has no valid ICC profile (DestOutputProfile)",
                             "OutputIntent ไม่มีโปรไฟล์สี ICC ที่ถูกต้อง"))


def _check_trailer(pdf, found) -> None:
    ident = pdf.trailer.get("/ID")
    if ident is None or len(ident) != 2:
        found.append(Finding("trailer-id", "the trailer has no /ID pair", "ส่วนท้ายแฟ้ม (trailer) ไม่มี /ID"))
    if "/Encrypt" in pdf.trailer or pdf.is_encrypted:
        found.append(Finding("encryption", "the PDF is encrypted (/Encrypt)", "แฟ้ม PDF ถูกเข้ารหัส"))


def _check_javascript(pdf, found) -> None:
    import pikepdf

    names = pdf.Root.get("/Names")
    if names is not None and "/JavaScript" in names:
        found.append(Finding("javascript", "the catalog's name tree holds JavaScript", "แฟ้มมี JavaScript"))
        return
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and ("/JS" in obj or str(obj.get("/S")) == "/JavaScript"):
            found.append(Finding("javascript", "a JavaScript action (/JS) is in the file", "แฟ้มมีคำสั่ง JavaScript"))
            return


# --- fonts ------------------------------------------------------------------------------


def _check_fonts(pdf, found) -> None:
    seen: dict[tuple, set[bytes]] = {}  # (objgen) -> codes drawn
    fonts: dict[tuple, object] = {}
    visited: set[tuple] = set()
    for page in pdf.pages:
        _walk(page.obj, page.obj.get("/Resources"), fonts, seen, visited)
        for annot in page.obj.get("/Annots") or []:
            ap = annot.get("/AP")
            normal = ap.get("/N") if ap is not None else None
            if normal is not None and hasattr(normal, "read_bytes"):
                _walk(normal, normal.get("/Resources"), fonts, seen, visited)
    reported: set[str] = set()
    for key, font in fonts.items():
        name = str(font.get("/BaseFont", "?"))
        if not _embedded(font) and name not in reported:
            reported.add(name)
            found.append(Finding("font-embedded", f"font {name} is not embedded", f"ไม่ได้ฝังแบบอักษร {name}"))
        problem = _unicode_problem(font, seen.get(key, set()))
        if problem:
            found.append(Finding("tounicode", f"font {name}: {problem[0]}", f"แบบอักษร {name}: {problem[1]}"))


def _key(obj) -> tuple:
    return obj.objgen if obj.is_indirect else (id(obj), 0)


def _walk(holder, resources, fonts, seen, visited) -> None:
    """Fonts and drawn codes of a content holder (page or form XObject), recursively."""
    import pikepdf

    key = _key(holder)
    if key in visited:
        return
    visited.add(key)
    resources = resources if resources is not None else pikepdf.Dictionary()
    font_res = resources.get("/Font") or {}
    for font in font_res.values() if hasattr(font_res, "values") else ():
        fonts.setdefault(_key(font), font)
    current = None
    try:
        instructions = pikepdf.parse_content_stream(holder)
    except Exception:
        instructions = []
    for operands, operator in instructions:
        op = str(operator)
        if op == "Tf" and operands:
            current = font_res.get(str(operands[0])) if hasattr(font_res, "get") else None
        elif op in ("Tj", "'", '"', "TJ") and current is not None:
            strings = operands[0] if op == "TJ" else operands[-1:]
            codes = seen.setdefault(_key(current), set())
            for s in strings:
                if isinstance(s, pikepdf.String):
                    codes.add(bytes(s))
    for xobject in (resources.get("/XObject") or {}).values() if resources.get("/XObject") else ():
        if str(xobject.get("/Subtype")) == "/Form":
            _walk(xobject, xobject.get("/Resources"), fonts, seen, visited)
    for pattern in (resources.get("/Pattern") or {}).values() if resources.get("/Pattern") else ():
        if hasattr(pattern, "read_bytes"):
            _walk(pattern, pattern.get("/Resources"), fonts, seen, visited)


def _embedded(font) -> bool:
    subtype = str(font.get("/Subtype"))
    if subtype == "/Type3":
        return True
    target = font.DescendantFonts[0] if subtype == "/Type0" else font
    desc = target.get("/FontDescriptor")
    return desc is not None and any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def _unicode_problem(font, strings: set[bytes]) -> tuple[str, str] | None:
    cmap = font.get("/ToUnicode")
    if cmap is None or not hasattr(cmap, "read_bytes"):
        return "no /ToUnicode map", "ไม่มีตาราง ToUnicode"
    mapping = parse_tounicode(cmap.read_bytes())
    empty = sorted(code for code, text in mapping.items() if text in _BAD_TEXT)
    if empty:
        return (f"{len(empty)} ToUnicode entries are empty or U+0000/U+FFFD (first code {empty[0]:04X})",
                f"ToUnicode มีรายการว่าง {len(empty)} รายการ")
    width = 2 if str(font.get("/Subtype")) == "/Type0" else 1
    missing = sorted({code for s in strings for code in _codes(s, width)} - set(mapping))
    if missing:
        return (f"{len(missing)} glyph codes drawn on the pages have no ToUnicode entry (first {missing[0]:04X})",
                f"รหัสรูปอักขระที่ใช้ {len(missing)} รหัสไม่มีใน ToUnicode")
    return None


def _codes(s: bytes, width: int):
    for i in range(0, len(s) - width + 1, width):
        yield int.from_bytes(s[i:i + width], "big")


_HEX = re.compile(rb"<([0-9A-Fa-f\s]*)>")


def _hex_text(raw: bytes) -> str:
    data = bytes.fromhex(re.sub(rb"\s", b"", raw).decode())
    return data.decode("utf-16-be", "replace")


def parse_tounicode(data: bytes) -> dict[int, str]:
    """code → text of a ToUnicode CMap (bfchar and bfrange sections).

    >>> parse_tounicode(b"1 beginbfchar <0003> <0E01> endbfchar 1 beginbfrange <0010> <0011> <0041> endbfrange")
    {3: 'ก', 16: 'A', 17: 'B'}
    """
    out: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        items = _HEX.findall(block)
        for src, dst in zip(items[0::2], items[1::2]):
            out[int(re.sub(rb"\s", b"", src) or b"0", 16)] = _hex_text(dst)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for m in re.finditer(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f\s]*>)", block):
            lo, hi = int(m[1], 16), int(m[2], 16)
            if hi - lo > 65535:
                continue
            if m[3].startswith(b"["):
                for i, dst in enumerate(_HEX.findall(m[3])):
                    out[lo + i] = _hex_text(dst)
            else:
                base = _hex_text(m[3][1:-1])
                for i in range(hi - lo + 1):
                    out[lo + i] = base[:-1] + chr(ord(base[-1]) + i) if base else ""
    return out


# --- attachments ------------------------------------------------------------------------


def _check_attachments(pdf, part, found) -> None:
    import pikepdf

    listed = {_key(f) for f in pdf.Root.get("/AF") or []}
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary) or str(obj.get("/Type")) != "/Filespec" or "/EF" not in obj:
            continue
        name = str(obj.get("/UF") or obj.get("/F") or "?")
        stream = obj.EF.get("/F")
        if stream is None or "/Subtype" not in stream:
            found.append(Finding("attachments", f"embedded file {name} has no /Subtype (MIME type)",
                                 f"แฟ้มแนบ {name} ไม่ระบุชนิด (/Subtype)"))
        if part == 3:
            if "/AFRelationship" not in obj:
                found.append(Finding("attachments", f"embedded file {name} has no /AFRelationship",
                                     f"แฟ้มแนบ {name} ไม่ระบุ /AFRelationship"))
            if _key(obj) not in listed:
                found.append(Finding("attachments", f"embedded file {name} is not in the catalog's /AF",
                                     f"แฟ้มแนบ {name} ไม่อยู่ในรายการ /AF"))
        elif part is not None and part < 3 and stream is not None:
            data = stream.read_bytes()
            if not _XMP_PART.search(_xmp_of(data)):
                found.append(Finding("attachments", f"embedded file {name} is not a PDF/A file (PDF/A-{part} "
                                     "allows only PDF/A attachments; use PDF/A-3)",
                                     f"แฟ้มแนบ {name} ไม่ใช่ PDF/A (PDF/A-{part} แนบได้เฉพาะ PDF/A ใช้ PDF/A-3 แทน)"))


def _xmp_of(data: bytes) -> bytes:
    import pikepdf

    if not data.startswith(b"%PDF"):
        return b""
    try:
        with pikepdf.open(io.BytesIO(data)) as inner:
            meta = inner.Root.get("/Metadata")
            return meta.read_bytes() if meta is not None else b""
    except Exception:
        return b""
