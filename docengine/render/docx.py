"""DOCX rendering with docxtpl, fed the same context as the PDF.

Template files are read once per process; each document renders from an in-memory
copy. After rendering, every run that holds Thai text gets the complex-script
properties Word needs (docengine.render.docxbuild.set_run_thai), so an office's own
Word template cannot produce Thai that falls back to the wrong font or size.
"""

from __future__ import annotations

import io
import json
import re
from functools import cache
from pathlib import Path

from docx.oxml.ns import qn

from .docxbuild import set_run_thai
from .environment import render_bounded

_THAI = re.compile("[\u0e00-\u0e7f]")


def _cached_template_class():
    """A DocxTemplate that patches and compiles each template part's XML once per process.

    docxtpl re-runs its tag clean-up regexes and compiles the whole document XML as a
    Jinja template on every render; the XML of a given template file never changes.
    """
    from docxtpl import DocxTemplate

    patched: dict[int, str] = {}
    compiled: dict[tuple[int, int], object] = {}

    class CachedDocxTemplate(DocxTemplate):
        def patch_xml(self, src_xml):
            key = hash(src_xml)
            out = patched.get(key)
            if out is None:
                out = patched[key] = super().patch_xml(src_xml)
            return out

        def render_xml_part(self, src_xml, part, context, jinja_env=None):
            key = (hash(src_xml), id(jinja_env))
            template = compiled.get(key)
            if template is None:
                marked = re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml)
                template = compiled[key] = jinja_env.from_string(marked)
            self.current_rendering_part = part
            dst_xml = render_bounded(template, context)
            dst_xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", dst_xml)
            dst_xml = (dst_xml.replace("{_{", "{{").replace("}_}", "}}")
                       .replace("{_%", "{%").replace("%_}", "%}"))
            return self.resolve_listing(dst_xml)

    return CachedDocxTemplate


class DocxEngine:
    def __init__(self):
        self._templates: dict[Path, bytes] = {}
        self._template_class = _cached_template_class()

    def template_bytes(self, path: Path) -> bytes:
        blob = self._templates.get(path)
        if blob is None:
            blob = self._templates[path] = Path(path).read_bytes()
        return blob

    def render(self, template: Path, context: dict, jinja_env, *, metadata: dict | None = None,
               identifier: str | None = None, emblem: Path | None = None) -> bytes:
        """The DOCX of ``template`` filled with ``context``; ``metadata`` (all strings) goes into the
        custom properties (and the comments when it fits), ``identifier`` (the book number ที่) into
        the core properties' identifier."""
        tpl = self._template_class(io.BytesIO(self.template_bytes(template)))
        ctx = dict(context, **garuda_pictures(tpl, emblem))
        tpl.render(ctx, jinja_env=jinja_env)
        document = tpl.docx
        thai_runs(document)
        glue_protected_spaces(document)
        keep_body_with_closing(document)
        if context.get("draft"):
            from .draft import watermark_docx

            watermark_docx(document, font=_default_font(document))
        props = document.core_properties
        props.title = str(context.get("subject") or context.get("title") or "")[:250]
        props.language = "th-TH"
        props.author = props.comments = ""  # not the template builder's "python-docx"
        props.identifier = str(identifier or "")[:250]
        if metadata:
            comments = json.dumps(metadata, ensure_ascii=False, sort_keys=True, default=str)
            if len(comments) <= 255:  # Word's core-property limit; the full record is in the custom properties
                props.comments = comments
            set_custom_properties(document, metadata)
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()


GARUDA_LABEL = "[ตราครุฑ]"  # what the empty frame says, as pixels in both outputs, never text
GARUDA_HEIGHT_CM = {"garuda": 3.0, "garuda_small": 1.5}  # letters; memo paper (brief §1.1, §1.3)
SEAL_LABEL = "[ตราชื่อส่วนราชการ]"  # the stamped letter's seal (brief §1.4), pixels too
SEAL_CM = 3.2  # the seal's diameter, as the PDF's .stamp-seal


def garuda_frame_path(size: str) -> Path:
    """The picture of the empty Garuda frame (``large`` 2.7 × 3 cm, ``small`` 1.35 × 1.5 cm)
    that stands in for an office's emblem, drawn by scripts/build_docx_templates.py."""
    from ..resources import templates_path

    return templates_path("letters", "_base", f"garuda-frame-{size}.png")


def seal_path() -> Path:
    """The picture of the stamped letter's seal: a red circle 3.2 cm across with the label
    [ตราชื่อส่วนราชการ] in its upper half, drawn by scripts/build_docx_templates.py."""
    from ..resources import templates_path

    return templates_path("letters", "_base", "stamp-seal.png")


def furniture_images() -> dict[str, str]:
    """file: URIs of the furniture pictures, for the PDF templates: the same files the DOCX
    carries, so the labels are pixels in both and never part of the text layer."""
    return {"garuda_large": garuda_frame_path("large").as_uri(),
            "garuda_small": garuda_frame_path("small").as_uri(), "seal": seal_path().as_uri()}


def garuda_pictures(tpl, emblem: Path | None) -> dict:
    """``garuda`` and ``garuda_small`` for a DOCX template: the office's emblem, or the empty
    frame the PDF draws when it has none, as one inline picture 3 cm (1.5 cm) high; and
    ``seal``, the stamped letter's seal (see seal_picture).

    One mechanism for both: the Garuda is always a picture in the same place, so a clerk
    puts the real one in with Word's Change Picture and it keeps the standard size.
    """
    from docx.shared import Cm
    from docxtpl import InlineImage

    class Garuda(InlineImage):
        def _insert_image(self):  # Word's alt text says what the picture is
            return super()._insert_image().replace("<wp:docPr ", f'<wp:docPr descr="{alt}" ', 1)

    alt = "ตราครุฑ" if emblem else "กรอบตราครุฑ (ใส่ภาพตราครุฑแทน)"
    pictures = {}
    for name, height in GARUDA_HEIGHT_CM.items():
        source = emblem or garuda_frame_path("small" if name == "garuda_small" else "large")
        pictures[name] = Garuda(tpl, str(source), height=Cm(height))
    pictures["seal"] = seal_picture(tpl)
    return pictures


# The stamp block's paragraphs are centred on the column right of this indent (the builder's
# signature and stamp block); the seal is centred on it too.
STAMP_INDENT_CM = 7.0


def seal_picture(tpl):
    """The seal as a picture **behind the text**, so the official's initials (ลงชื่อย่อกำกับตรา)
    are typed on it as in the PDF: anchored to the empty paragraph above the initials (no space
    before it, so its top is the same in Word and LibreOffice), centred on the stamp column, its
    top ``SEAL_TOP_CM`` below that paragraph's top. Word's Change Picture puts an office's real
    seal in."""
    from docx.shared import Cm
    from docxtpl import InlineImage
    from lxml import etree

    class Seal(InlineImage):
        def _insert_image(self):
            section = self.tpl.docx.sections[0]  # the template's page, known once it is rendering
            text_width = section.page_width - section.left_margin - section.right_margin
            column_centre = Cm(STAMP_INDENT_CM) + (text_width - Cm(STAMP_INDENT_CM)) // 2
            left = int(column_centre - Cm(SEAL_CM) // 2)
            xml = super()._insert_image()
            start, end = xml.index("<wp:inline"), xml.index("</wp:inline>") + len("</wp:inline>")
            inline = etree.fromstring(xml[start:end])
            return xml[:start] + _anchored(inline, left, int(Cm(SEAL_TOP_CM))) + xml[end:]

    return Seal(tpl, str(seal_path()), width=Cm(SEAL_CM), height=Cm(SEAL_CM))


SEAL_TOP_CM = 0.2  # the PDF's .stamp-seal margin above the circle


def _anchored(inline, left_emu: int, top_emu: int) -> str:
    """``inline`` (a wp:inline) as a wp:anchor behind the text, at ``left_emu`` from the left
    margin and ``top_emu`` below the top of its paragraph, text not wrapped round it."""
    from lxml import etree

    wp = inline.nsmap.get("wp") or "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
    anchor = etree.Element(f"{{{wp}}}anchor", nsmap=inline.nsmap, attrib={
        "distT": "0", "distB": "0", "distL": "0", "distR": "0", "simplePos": "0",
        "relativeHeight": "251658240", "behindDoc": "1", "locked": "0", "layoutInCell": "1",
        "allowOverlap": "1"})
    etree.SubElement(anchor, f"{{{wp}}}simplePos", x="0", y="0")
    h = etree.SubElement(anchor, f"{{{wp}}}positionH", relativeFrom="margin")
    etree.SubElement(h, f"{{{wp}}}posOffset").text = str(left_emu)
    v = etree.SubElement(anchor, f"{{{wp}}}positionV", relativeFrom="paragraph")
    etree.SubElement(v, f"{{{wp}}}posOffset").text = str(top_emu)
    children = {etree.QName(c).localname: c for c in inline}
    anchor.append(children["extent"])
    anchor.append(children.get("effectExtent") or etree.Element(f"{{{wp}}}effectExtent", l="0", t="0", r="0", b="0"))
    etree.SubElement(anchor, f"{{{wp}}}wrapNone")
    docpr = children["docPr"]
    docpr.set("descr", "ตราชื่อส่วนราชการ (ใส่ภาพตราจริงแทน)")
    for name in ("docPr", "cNvGraphicFramePr", "graphic"):
        anchor.append(children[name])
    return etree.tostring(anchor, encoding="unicode")


BODY_STYLE = "LetterBody"  # styleId of a letter's body paragraphs (scripts/build_docx_templates.py)
BODY_STYLE_NAME = "Letter Body"


# LibreOffice (7.4, measured) moves a keep-with-next paragraph to the next page WHOLE, and drops
# the keep when the chain (paragraph + closing + signature) is taller than the page is left with.
# So the paragraph before the last is chained only when the last one is short (one line in the
# PDF's measure) and itself not long (about 20 lines in LibreOffice's substitute font).
ONE_LINE_CHARS = 80  # a first line of 13.5 cm at 16 pt holds about this many Thai characters
CHAIN_MAX_CHARS = 1200


def keep_body_with_closing(document) -> None:
    """The closing and signature never stand alone on a page (brief §1.1; issue 8): the last
    body paragraph keeps with what follows it (the closing, the stamp block, สั่ง/ประกาศ ณ
    วันที่, the memo's signature); when it is a one-line paragraph (จึงเรียนมาเพื่อโปรดพิจารณา),
    the paragraph before it keeps with it too, so at least two body lines go to the
    signature's page. Widow control on both. That is the PDF's CSS in Word's terms:
    ``.sign { break-before: avoid }`` and ``.body p:last-child { break-before: avoid }``
    with ``widows: 2; orphans: 2``.

    Body paragraphs are those in the BODY_STYLE paragraph style; a template without it is
    left as it is. One mechanism for every letter kind, after docxtpl has rendered the loop.
    """
    from docx.text.paragraph import Paragraph

    def is_body(p) -> bool:
        style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        return style is not None and style.get(qn("w:val")) == BODY_STYLE

    def text(p) -> str:
        return "".join(t.text or "" for t in p.iter(qn("w:t")))

    paragraphs = [p for p in document.element.body.iter(qn("w:p")) if is_body(p)]
    if not paragraphs:
        return
    last = paragraphs[-1]
    keep = [last]
    before = last.getprevious()
    if (before is not None and before.tag == qn("w:p") and is_body(before)
            and len(text(last)) <= ONE_LINE_CHARS and len(text(before)) <= CHAIN_MAX_CHARS):
        keep.append(before)
    for p in keep:
        fmt = Paragraph(p, None).paragraph_format
        fmt.keep_with_next = True
        fmt.widow_control = True


_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_CUSTOM_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
_CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"


def set_custom_properties(document, values: dict) -> None:
    """Write ``values`` as custom document properties (File → Properties → Custom in Word).

    Strings stay strings; anything else is stored as JSON text. python-docx has no API
    for docProps/custom.xml, so the part is built here (replacing an existing one).

    >>> import docx; d = docx.Document(); set_custom_properties(d, {"docengine_book_number": "ชม 52101/1"})
    """
    from xml.sax.saxutils import escape, quoteattr

    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    props = []
    for pid, (name, value) in enumerate(values.items(), start=2):  # pid 0 and 1 are reserved
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
        props.append(f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{pid}" '
                     f'name={quoteattr(str(name))}><vt:lpwstr>{escape(text)}</vt:lpwstr></property>')
    blob = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="{_CUSTOM_NS}" '
            f'xmlns:vt="{_VT_NS}">{"".join(props)}</Properties>').encode("utf-8")
    package = document.part.package
    for rel in package.rels.values():
        if rel.reltype == _CUSTOM_RT:
            rel.target_part._blob = blob
            return
    part = Part(PackURI("/docProps/custom.xml"), _CUSTOM_CT, blob, package)
    package.relate_to(part, _CUSTOM_RT)


NBSP = "\u00a0"


def _text_parts(document) -> list:
    """The body and every header/footer of its own: the parts a reader sees."""
    parts = [document.element.body]
    for section in document.sections:
        for hf in (section.header, section.footer, section.first_page_header,
                   section.first_page_footer):
            if hf.is_linked_to_previous is False:
                parts.append(hf._element)
    return parts


def glue_protected_spaces(document) -> None:
    """Protected tokens never break across lines in the DOCX either (issue 8): each space
    inside one ("พ.ศ. ๒๕๗๐", "๒ มกราคม ๒๕๖๗", "๐๘.๓๐ – ๑๖.๓๐ น.", "๑,๐๐๐ บาท", "ที่ ชม ๕๒๑๐๑/๑๒",
    phone numbers) and before ๆ ฯ becomes a NO-BREAK SPACE (U+00A0), the character Word's
    Ctrl+Shift+Space types, which Thai typists use for this. The same rule as the PDF's
    (docengine.typeset.breaks: LineBreaker.glued_spaces). Nothing else changes: no ZWSP or
    WORD JOINER goes into the DOCX, so its text is the source text but for these spaces.

    LibreOffice 7.4 keeps a NBSP (measured: 0 of 240 line ends vs 34 with plain spaces) and
    ignores a WORD JOINER after the space (34 of 240, as plain spaces): docs/typesetting.md.
    Works per paragraph, so a token split over runs (a bold label, then its value) is found.
    """
    from ..typeset.breaks import line_breaker

    breaker = line_breaker()
    w_p, w_t = qn("w:p"), qn("w:t")
    separators = {qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n"}
    for part in _text_parts(document):
        for p in part.iter(w_p):
            pieces = [el for el in p.iter(w_t, *separators) if next(el.iterancestors(w_p)) is p]
            # the paragraph's text as shown, tabs and breaks included (no token runs across them)
            starts, chunks, pos = {}, [], 0
            for el in pieces:
                piece = el.text or "" if el.tag == w_t else separators[el.tag]
                if el.tag == w_t:
                    starts[pos] = el
                chunks.append(piece)
                pos += len(piece)
            text = "".join(chunks)
            if " " not in text:
                continue
            glued = [i for i in breaker.glued_spaces(text) if text[i] == " "]
            if not glued:
                continue
            offsets = sorted(starts)
            changed: dict = {}
            for i in glued:
                start = max(o for o in offsets if o <= i)
                el = starts[start]
                chars = changed.setdefault(el, list(el.text))
                chars[i - start] = NBSP
            for el, chars in changed.items():
                el.text = "".join(chars)


def thai_runs(document) -> None:
    """Make every run holding Thai text carry complex-script font, size and language."""
    font = _default_font(document)
    for part in _text_parts(document):
        for r in part.iter(qn("w:r")):
            text = "".join(t.text or "" for t in r.iter(qn("w:t")))
            if _THAI.search(text):
                rpr = r.find(qn("w:rPr"))
                if rpr is not None and _complete(rpr):
                    continue
                if rpr is None:
                    rpr = r.makeelement(qn("w:rPr"), {})
                    r.insert(0, rpr)
                fonts = rpr.find(qn("w:rFonts"))
                set_run_thai(rpr, font=(fonts.get(qn("w:cs")) if fonts is not None
                                        and fonts.get(qn("w:cs")) else font))


_NEEDED = (qn("w:rFonts"), qn("w:szCs"), qn("w:cs"), qn("w:lang"))


def _complete(rpr) -> bool:
    """Already carries every complex-script property (the shipped templates' runs do)."""
    if any(rpr.find(tag) is None for tag in _NEEDED):
        return False
    if rpr.find(qn("w:b")) is not None and rpr.find(qn("w:bCs")) is None:
        return False
    return bool(rpr.find(qn("w:rFonts")).get(qn("w:cs")))


def _default_font(document) -> str:
    rpr = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
    return (fonts.get(qn("w:cs")) if fonts is not None else None) or "TH SarabunPSK"


_TAG = re.compile(r"\{[{%].*?[}%]\}")


def lint_docx_template(path: Path) -> list[str]:
    """Problems that make a docxtpl template fail or misrender, each naming its paragraph.

    Word splits text into runs wherever formatting or spell-checking changes, which can cut
    a ``{{ tag }}`` in two; Word's autocorrect turns quotes inside tags into curly quotes.

    >>> from docengine.resources import templates_path
    >>> lint_docx_template(templates_path("letters", "external", "template.docx"))
    []
    """
    import zipfile

    from lxml import etree

    problems = []
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"),
                                etree.XMLParser(resolve_entities=False, no_network=True))
    for n, p in enumerate(root.iter(qn("w:p")), start=1):
        runs = ["".join(t.text or "" for t in r.iter(qn("w:t"))) for r in p.iter(qn("w:r"))]
        text = "".join(runs)
        opened = text.count("{{") + text.count("{%")
        closed = text.count("}}") + text.count("%}")
        if opened != closed:
            problems.append(f"paragraph {n}: unbalanced template tag in {text[:60]!r}")
            continue
        for run in runs:
            if (run.count("{{") + run.count("{%")) != (run.count("}}") + run.count("%}")):
                problems.append(f"paragraph {n}: a template tag is split across Word runs "
                                f"in {text[:60]!r}; retype it in one go")
                break
        for tag in _TAG.findall(text):
            if any(q in tag for q in "\u2018\u2019\u201c\u201d"):
                problems.append(f"paragraph {n}: curly quotes inside {tag!r}; use straight quotes")
    return problems


@cache
def docx_engine() -> DocxEngine:
    return DocxEngine()
