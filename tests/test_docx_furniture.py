"""The letters' DOCX keep the PDF's furniture: the Garuda (the office's emblem, else the empty
3 cm frame the PDF draws), Thai page numbers "- ๒ -" from page 2 on, and the memo's dotted
leaders after its head fields and writing lines under each approval block without an opinion.

Everything is read back from the DOCX with python-docx (sizes from the XML), and compared
with what the PDF of the same document shows.
"""

from __future__ import annotations

import io
import re

import docx
import pytest
import yaml
from docx.oxml.ns import qn
from docx.shared import Cm
import pdfplumber
from extract import docx_text, office_pdfs, pdf_words, pdftotext

from docengine.office import Office
from docengine.render.docx import GARUDA_LABEL, SEAL_LABEL, garuda_frame_path, seal_path
from docengine.render.document import Renderer, load_sample

TOL_EMU = Cm(0.1)  # 1 mm
MM = 72 / 25.4
LARGE = ["external", "stamped", "order", "announcement"]  # the memo has the small Garuda
TEXT_WIDTH = Cm(21.0 - 3.0 - 2.0)  # A4 less the 3 cm left and 2 cm right margins


@pytest.fixture
def renderer():  # per test: mutmut credits a fixture's calls to the first test that uses it
    return Renderer(Office.sample())


@pytest.fixture
def emblem_renderer(tmp_path):
    from PIL import Image

    folder = tmp_path
    emblem = folder / "garuda.png"
    Image.new("RGB", (270, 300), (180, 120, 20)).save(emblem)
    office = yaml.safe_load(Office.sample().path.read_text(encoding="utf-8"))
    office["emblem"] = str(emblem)
    path = folder / "office.yaml"
    path.write_text(yaml.safe_dump(office, allow_unicode=True), encoding="utf-8")
    return Renderer(path), emblem.read_bytes()


def _docx(renderer, name, data=None):
    prepared = renderer.prepare(name, data or load_sample(name))
    return renderer.render_docx(prepared)


def _pictures(blob: bytes):
    """(inline element, image bytes, placement) of every inline picture in the body; placement
    is "center" for a picture centred on the text block (a centred paragraph, or after a tab to
    a centre tab stop in the middle of the line, where the speed mark shares its line), else the
    paragraph's alignment."""
    from docx.enum.text import WD_TAB_ALIGNMENT

    document = docx.Document(io.BytesIO(blob))
    out = []
    for p in document.paragraphs:
        for inline in p._p.iter(qn("wp:inline")):
            rid = inline.find(f".//{qn('a:blip')}").get(qn("r:embed"))
            jc = p._p.find(f"{qn('w:pPr')}/{qn('w:jc')}")
            placement = jc.get(qn("w:val")) if jc is not None else "left"
            runs = list(p._p.iter(qn("w:r")))
            before = runs[:next(i for i, r in enumerate(runs) if inline in r.iter(qn("wp:inline")))]
            tabs = sum(len(r.findall(qn("w:tab"))) for r in before)
            stops = [t for t in p.paragraph_format.tab_stops]
            if (placement == "left" and tabs == 1 and len(stops) == 1
                    and stops[0].alignment == WD_TAB_ALIGNMENT.CENTER
                    and abs(stops[0].position - TEXT_WIDTH // 2) <= Cm(0.05)):
                placement = "center"
            out.append((inline, document.part.related_parts[rid].blob, placement))
    return out


def _size(inline) -> tuple[int, int]:
    extent = inline.find(qn("wp:extent"))
    return int(extent.get("cx")), int(extent.get("cy"))


def _all_text(blob: bytes) -> str:
    """Every w:t of the package: body, headers, footers, text boxes."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        parts = [z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("word/") and n.endswith(".xml")]
    return "".join("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", x)) for x in parts)


# --- the Garuda ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", LARGE + ["memo"])
def test_without_emblem_the_docx_has_the_empty_frame(renderer, name):
    """No office emblem: the PDF's empty frame (3 cm, memo 1.5 cm), never the text [ตราครุฑ]."""
    blob = _docx(renderer, name)
    assert GARUDA_LABEL not in _all_text(blob)
    assert GARUDA_LABEL not in docx_text(blob)
    size = "small" if name == "memo" else "large"
    (frame, image, align), = [p for p in _pictures(blob)]
    assert image == garuda_frame_path(size).read_bytes()
    assert frame.find(qn("wp:docPr")).get("descr").startswith("กรอบตราครุฑ")  # Word's alt text
    width, height = _size(frame)
    assert abs(height - Cm(1.5 if size == "small" else 3.0)) <= TOL_EMU, height / 360000
    assert abs(width - Cm(1.35 if size == "small" else 2.7)) <= TOL_EMU, width / 360000
    # placed as the PDF places it: centred on a letter, top left on memo paper
    assert align == ("left" if size == "small" else "center")


@pytest.mark.parametrize("name", ["external", "stamped"])
def test_speed_mark_shares_the_garudas_line(renderer, name):
    """ด่วนที่สุด sits at the top left level with the Garuda, as in the PDF (where it is out of
    the flow), not in a paragraph of its own that pushes the Garuda and the letter down."""
    import copy

    data = copy.deepcopy(load_sample(name).data)
    data["speed"] = "ด่วนที่สุด"
    prepared = renderer.prepare(name, data)
    mark = prepared.context["speed_mark"]
    document = docx.Document(io.BytesIO(renderer.render_docx(prepared)))
    first = next(p for p in document.paragraphs if p.text.strip())
    assert first._p.find(f".//{qn('wp:inline')}") is not None and first.text.startswith(mark)


@pytest.mark.parametrize("name", LARGE + ["memo"])
def test_with_emblem_the_docx_has_the_picture_at_standard_size(emblem_renderer, name):
    renderer, emblem = emblem_renderer
    blob = _docx(renderer, name)
    (picture, image, align), = _pictures(blob)
    assert image == emblem and picture.find(qn("wp:docPr")).get("descr") == "ตราครุฑ"
    assert abs(_size(picture)[1] - Cm(1.5 if name == "memo" else 3.0)) <= TOL_EMU
    assert GARUDA_LABEL not in _all_text(blob)


def test_the_frame_pictures_are_the_pdfs_frame():
    """The frame pictures are the PDF's .garuda.placeholder box: 2.7 × 3 cm (1.35 × 1.5 cm),
    a grey border and the label drawn in light grey inside, transparent elsewhere."""
    from PIL import Image

    for size, (w_cm, h_cm) in {"large": (2.7, 3.0), "small": (1.35, 1.5)}.items():
        img = Image.open(garuda_frame_path(size)).convert("RGBA")
        dpi = img.info["dpi"][0]
        assert abs(img.width / dpi * 2.54 - w_cm) < 0.02 and abs(img.height / dpi * 2.54 - h_cm) < 0.02
        assert img.getpixel((1, img.height // 2))[:3] == (0x88, 0x88, 0x88)  # the border
        assert img.getpixel((img.width // 5, img.height // 5))[3] == 0  # empty inside
        inside = img.crop((img.width // 8, img.height // 4, img.width * 7 // 8, img.height * 3 // 4)).tobytes()
        inked = [inside[i:i + 4] for i in range(0, len(inside), 4) if inside[i + 3] > 200]
        assert inked and all(max(px[:3]) >= 0x55 for px in inked), "the label is light grey"


# --- the labels are pixels in the PDF too ------------------------------------------------------
def _pdf(renderer, name, data=None) -> bytes:
    return renderer.render_pdf(renderer.prepare(name, data or load_sample(name)))


@pytest.mark.parametrize("name", LARGE + ["memo"])
def test_the_pdfs_frame_label_is_not_text(renderer, name):
    """pdftotext of a letter starts with the letter, not with [ตราครุฑ] (nor, stamped, has
    [ตราชื่อส่วนราชการ]): the PDF draws the frame's picture, the same file as the DOCX, as the
    box's background under its vector border, in the same place and size as the border."""
    pdf = _pdf(renderer, name)
    text = pdftotext(pdf)
    assert GARUDA_LABEL not in text and SEAL_LABEL not in text and "[ตรา" not in text
    size = "small" if name == "memo" else "large"
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        frame = min((r for r in page.rects if r["height"] > 10 * MM), key=lambda r: r["top"])
        pictures = [im for im in page.images if abs(im["top"] - frame["top"]) < 1 * MM]
        assert len(pictures) == 1, "one picture at the frame"
        (picture,) = pictures
        from PIL import Image

        png = Image.open(garuda_frame_path(size))
        assert (picture["srcsize"][0], picture["srcsize"][1]) == png.size  # the DOCX's file
        for edge in ("x0", "x1", "top", "bottom"):
            assert abs(picture[edge] - frame[edge]) <= 0.5 * MM, edge


def test_the_stamped_docx_seal_is_a_picture_with_the_initials_on_it(renderer, tmp_path):
    """The seal is the PDF's red circle as a picture (3.2 cm, behind the text, centred on the stamp
    column), the official's initials typed on it; no [ตราชื่อส่วนราชการ] text. LibreOffice's PDF of
    the DOCX: the seal picture where the PDF's circle is across the page (±2 mm), the initials
    inside it, in its lower half, as in the PDF."""
    prepared = renderer.prepare("stamped", load_sample("stamped"))
    blob = renderer.render_docx(prepared)
    assert SEAL_LABEL not in _all_text(blob) and "[ตรา" not in _all_text(blob)
    document = docx.Document(io.BytesIO(blob))
    (anchor,) = document.element.body.iter(qn("wp:anchor"))
    assert anchor.get("behindDoc") == "1" and anchor.find(qn("wp:wrapNone")) is not None
    rid = anchor.find(f".//{qn('a:blip')}").get(qn("r:embed"))
    assert document.part.related_parts[rid].blob == seal_path().read_bytes()
    extent = anchor.find(qn("wp:extent"))
    assert abs(int(extent.get("cx")) - Cm(3.2)) <= TOL_EMU and abs(int(extent.get("cy")) - Cm(3.2)) <= TOL_EMU
    h = anchor.find(qn("wp:positionH"))
    left = int(h.find(qn("wp:posOffset")).text)
    assert h.get("relativeFrom") == "margin"
    assert abs(left + Cm(1.6) - (Cm(7.0) + (TEXT_WIDTH - Cm(7.0)) // 2)) <= TOL_EMU  # centred on the column
    holder = next(i for i, p in enumerate(document.paragraphs) if anchor in p._p.iter(qn("wp:anchor")))
    assert document.paragraphs[holder].text == ""  # the seal's own line, no space before it
    assert not document.paragraphs[holder].paragraph_format.space_before
    paragraph = document.paragraphs[holder + 1]
    initials = prepared.context["stamp_initials"]
    assert paragraph.text == initials
    assert all(r.font.color.rgb == docx.shared.RGBColor(0xCC, 0, 0) for r in paragraph.runs if r.text)

    ours = _pdf(renderer, "stamped")
    path = tmp_path / "stamped.docx"
    path.write_bytes(blob)
    theirs = office_pdfs([path], tmp_path / "lo")[path]
    boxes = {}
    for label, pdf in (("pdf", ours), ("docx", theirs)):
        with pdfplumber.open(io.BytesIO(pdf) if isinstance(pdf, bytes) else str(pdf)) as doc:
            page = doc.pages[0]
            (seal,) = [im for im in page.images if abs((im["x1"] - im["x0"]) - 32 * MM) < 1 * MM]
        (word,) = [w for w in pdf_words(pdf, 1) if w["text"] == initials]
        boxes[label] = seal, (word["top"] + word["bottom"]) / 2 - seal["top"]
        assert abs((seal["bottom"] - seal["top"]) - 32 * MM) < 1 * MM
        centre = (seal["x0"] + seal["x1"]) / 2
        assert abs((word["x0"] + word["x1"]) / 2 - centre) < 2 * MM, label  # initials centred on it
        middle = (seal["top"] + seal["bottom"]) / 2
        assert middle < (word["top"] + word["bottom"]) / 2 < seal["bottom"] - 5 * MM, label  # lower half
        print(label, "initials' middle", round(((word["top"] + word["bottom"]) / 2 - seal["top"]) / MM, 1),
              "mm below the seal's top")
    (pdf_seal, pdf_down), (docx_seal, docx_down) = boxes["pdf"], boxes["docx"]
    assert abs((pdf_seal["x0"] + pdf_seal["x1"]) / 2 - (docx_seal["x0"] + docx_seal["x1"]) / 2) < 2 * MM
    assert abs(pdf_down - docx_down) < 3 * MM  # LibreOffice's substitute font is larger


def test_the_seal_picture_is_the_pdfs_circle():
    """3.2 cm across, a red ring, transparent inside but for the red label in the upper half."""
    from PIL import Image

    img = Image.open(seal_path()).convert("RGBA")
    dpi = img.info["dpi"][0]
    assert abs(img.width / dpi * 2.54 - 3.2) < 0.02 and img.width == img.height
    assert img.getpixel((img.width // 2, 2))[:3] == (0xCC, 0, 0)  # the ring, top
    assert img.getpixel((2, 2))[3] == 0  # outside the ring
    assert img.getpixel((img.width // 2, img.height * 3 // 4))[3] == 0  # where the initials go
    band = img.crop((img.width // 8, img.height // 3, img.width * 7 // 8, img.height // 2)).tobytes()
    inked = [band[i:i + 4] for i in range(0, len(band), 4) if band[i + 3] > 200]
    assert inked and all(px[0] > 0x99 and px[1] < 0x40 for px in inked), "the label, red"


# --- Thai page numbers --------------------------------------------------------------------
SECT_ORDER = ["headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
              "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
              "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange"]


def _field_runs(paragraph) -> tuple[str, list[str]]:
    """(displayed text with each field as {INSTRUCTION}, instructions) of a paragraph."""
    text, instr, inside = [], [], 0
    for r in paragraph._p.iter(qn("w:r")):
        fc = r.find(qn("w:fldChar"))
        if fc is not None:
            kind = fc.get(qn("w:fldCharType"))
            inside = {"begin": 1, "separate": 2, "end": 0}[kind]
            continue
        it = r.find(qn("w:instrText"))
        if it is not None:
            instr.append(it.text.strip())
            text.append("{" + it.text.strip() + "}")
        elif inside != 2:  # the field's cached result is not the header's own text
            text.append("".join(t.text or "" for t in r.iter(qn("w:t"))))
    return "".join(text), instr


@pytest.mark.parametrize("name", LARGE + ["memo"])
def test_page_numbers_are_thai_from_page_two(renderer, name):
    """Word shows "- ๒ -" centred at the top of page 2 on and nothing on page 1, as the PDF:
    the PAGE field takes Thai digits from the section's page-number format (w:pgNumType
    w:fmt="thaiNumbers", Word's equivalent of the \\* ThaiArabic switch), in schema order."""
    document = docx.Document(io.BytesIO(_docx(renderer, name)))
    (section,) = document.sections
    assert section.different_first_page_header_footer
    paragraphs = [p for p in section.header.paragraphs if p.text.strip() or p._p.find(f".//{qn('w:fldChar')}") is not None]
    (header,) = paragraphs
    text, instructions = _field_runs(header)
    assert text == "- {PAGE} -" and instructions == ["PAGE"]
    assert header.alignment == 1  # centred
    # page 1: titlePg with no first-page header of its own is a blank header (ECMA-376 §17.10.5)
    sect = section._sectPr
    refs = {r.get(qn("w:type")): r.get(qn("r:id")) for r in sect.findall(qn("w:headerReference"))}
    if "first" in refs:
        first = document.part.related_parts[refs["first"]].element
        assert first.find(f".//{qn('w:instrText')}") is None and not "".join(first.itertext()).strip()
    (pg,) = sect.findall(qn("w:pgNumType"))
    assert pg.get(qn("w:fmt")) == "thaiNumbers"
    names = [child.tag.split("}")[1] for child in sect]
    assert names == sorted(names, key=SECT_ORDER.index), f"sectPr children out of schema order: {names}"


def test_pdf_numbers_the_same_pages(renderer):
    """The PDF the DOCX copies: "- ๒ -" at the top of page 2, no number on page 1."""
    prepared = renderer.prepare("external", load_sample("external-long"))
    pdf = renderer.render_pdf(prepared)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:  # the glyphs: poppler leaves the running head out
        heads = ["".join(c["text"] for c in page.chars if c["top"] < 30 * MM) for page in doc.pages]
    assert len(heads) >= 2
    assert heads[1].strip() == "- ๒ -"
    assert not re.search(r"-\s*[๐-๙0-9]+\s*-", heads[0])


# --- the memo's dotted leaders and writing lines --------------------------------------------
def _tabs(p):
    """(position EMU, alignment, leader) of a paragraph's own tab stops."""
    return [(int(t.position), t.alignment, t.leader) for t in p.paragraph_format.tab_stops]


def _ends_in_tab(p) -> bool:
    runs = list(p._p.iter(qn("w:r")))
    return bool(runs) and runs[-1][-1].tag == qn("w:tab")


def _is_leader_to_margin(tab) -> bool:
    from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER

    position, align, leader = tab
    return abs(position - TEXT_WIDTH) <= Cm(0.05) and align == WD_TAB_ALIGNMENT.RIGHT and leader == WD_TAB_LEADER.DOTS


@pytest.fixture
def memo(renderer):
    prepared = renderer.prepare("memo", load_sample("memo"))
    return (prepared, docx.Document(io.BytesIO(renderer.render_docx(prepared))),
            renderer.render_pdf(prepared))


def _pdf_rules(pdf: bytes):
    """The memo PDF's drawn leaders and writing lines: (page, top mm, x0 mm, x1 mm, is a
    writing line). Writing lines are pattern-filled rects (a repeating gradient of dots);
    head-field leaders are the boxes of the leader() runs, bordered with dots."""
    rules = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for number, page in enumerate(doc.pages):
            for r in page.rects:
                pattern = isinstance(r.get("non_stroking_color"), str)
                if pattern or (r["height"] < 5 * MM and r["width"] > 20 * MM):
                    rules.append((number, r["top"] / MM, r["x0"] / MM, r["x1"] / MM, pattern))
    return rules


def test_memo_head_fields_run_on_in_dotted_leaders(memo):
    """ส่วนราชการ, ที่ … วันที่, เรื่อง end in a dot leader, to the margin (ที่'s to the middle of
    the line, where วันที่ starts), where the PDF's leaders end."""
    from docx.enum.text import WD_TAB_LEADER

    _, document, pdf = memo
    paragraphs = document.paragraphs
    # (ที่ and its book number are one protected token: a no-break space between them)
    head = {label: next(p for p in paragraphs if re.match(label + "[ \u00a0]", p.text))
            for label in ("ส่วนราชการ", "ที่", "เรื่อง")}
    for label, p in head.items():
        assert _ends_in_tab(p), f"{label}: no leader after the text"
        assert any(_is_leader_to_margin(t) for t in _tabs(p)), f"{label}: {_tabs(p)}"
    line = head["ที่"]
    assert re.search("\tวันที่[ \u00a0]", line.text)
    middle = [t for t in _tabs(line) if abs(t[0] - TEXT_WIDTH // 2) <= Cm(0.05)]
    assert middle and middle[0][2] == WD_TAB_LEADER.DOTS
    # the PDF: four leaders on page 1 above the salutation, ending at the margin (190 mm) or,
    # for ที่, at the middle of the text block (30 + 80 mm)
    leaders = {(round(top), round(x0), round(x1)) for page, top, x0, x1, pattern in _pdf_rules(pdf)
               if page == 0 and not pattern and top < 80}  # a dotted box draws as two rects
    ends = sorted(x1 for _, _, x1 in leaders)
    assert sorted(set(ends)) == [110, 190] and ends.count(190) == 3, ends


def test_memo_writing_lines_under_each_approval_block(memo):
    """Per approval block, as many dotted writing lines as the PDF draws, straight after the
    title, each a dot-leader tab from margin to margin."""
    prepared, document, pdf = memo
    steps = prepared.context["approvals_blocks"]
    # the PDF's lines, each given to the approval title printed last above it
    heads = []
    for number in range(len(pdfplumber.open(io.BytesIO(pdf)).pages)):
        for w in pdf_words(pdf, number + 1):
            for n, step in enumerate(steps):
                if w["text"] == step["title"]:
                    heads.append((number, w["top"] / MM, n))
    assert len(heads) == len(steps)
    pdf_lines = [0] * len(steps)
    for page, top, x0, x1, pattern in _pdf_rules(pdf):
        if pattern:
            assert abs(x0 - 30) < 1 and abs(x1 - 190) < 1  # margin to margin
            pdf_lines[max(h for h in heads if h[:2] < (page, top))[2]] += 1
    assert pdf_lines == [step["blank_lines"] for step in steps] and sum(pdf_lines) > 0
    paragraphs = document.paragraphs
    titles = [next(i for i, p in enumerate(paragraphs) if p.text == step["title"]) for step in steps]
    for n, (start, end) in enumerate(zip(titles, titles[1:] + [len(paragraphs)])):
        block = paragraphs[start + 1:end]
        lines = [p for p in block if p.text == "\t" and any(_is_leader_to_margin(t) for t in _tabs(p))]
        assert len(lines) == pdf_lines[n], f"{steps[n]['title']}: {len(lines)} lines, PDF {pdf_lines[n]}"
        if lines:  # where the opinion would be written
            assert block[:len(lines)] == lines


def test_memo_with_every_opinion_typed_has_no_writing_lines(renderer):
    import copy

    values = copy.deepcopy(load_sample("memo").data)
    values["approvals"] = [dict(step, opinion=step.get("opinion") or ["ทราบ"]) for step in values["approvals"]]
    document = docx.Document(io.BytesIO(_docx(renderer, "memo", values)))
    assert not [p for p in document.paragraphs if p.text == "\t"]


@pytest.mark.parametrize("name, word", [("order", "สั่ง"), ("announcement", "ประกาศ")])
def test_issued_at_stays_with_the_signature(renderer, name, word):
    """As the PDF (.issued-at + .sign: break-before: avoid), สั่ง/ประกาศ ณ วันที่ and the signer
    never part across a page: Word keeps each paragraph from the date to the name with the next."""
    prepared = renderer.prepare(name, load_sample(name))
    paragraphs = docx.Document(io.BytesIO(renderer.render_docx(prepared))).paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.text.startswith(f"{word} ณ วันที่"))
    signer = prepared.context["signer_block"]["name"]
    end = next(i for i, p in enumerate(paragraphs) if i > start and p.text == signer)
    assert all(p.paragraph_format.keep_with_next for p in paragraphs[start:end])
