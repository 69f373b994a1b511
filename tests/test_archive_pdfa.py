"""PDF/A-2u / 3u output and the structural checker (docengine.archive), as users get them.

Every rule of the checker has a PDF that breaks it; the demo letters written as PDF/A-2u pass.
The chain demo's PDFs (letters, stamped copies, registers) are checked in test_chain_flow.py.
"""

from __future__ import annotations

import io
import re
from datetime import datetime
from pathlib import Path

import pikepdf
import pytest

from docengine.archive.check import check_pdfa
from docengine.office import load_office
from docengine.render.document import Renderer, load_sample
from docengine.office import Office
from extract import pdftotext
from register_helpers import run


@pytest.fixture(scope="module")
def letter_2u():
    r = Renderer(Office.sample(), pdfa="2u")
    return r.render_pdf(r.prepare("external", load_sample("external")),
                        attachments={"docengine.json": b'{"a": 1}'}, metadata={"DocengineBookNumber": "x"})


@pytest.fixture(scope="module")
def letter_3u():
    r = Renderer(Office.sample(), pdfa="3u")
    return r.render_pdf(r.prepare("external", load_sample("external")),
                        attachments={"docengine.json": b'{"a": 1}', "egif.xml": b"<x/>"})


def rules(blob, level=None) -> list[str]:
    return sorted({f.rule for f in check_pdfa(blob, level)})


def edit(blob: bytes, change) -> bytes:
    with pikepdf.open(io.BytesIO(blob)) as pdf:
        change(pdf)
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def test_demo_letters_written_as_pdfa_2u_pass_the_checker(tmp_path):
    from docengine.render.demo import letters

    files = [f for f in letters(tmp_path, Office.sample()) if f.suffix == ".pdf"]
    assert len(files) >= 5
    for f in files:
        blob = f.read_bytes()
        assert check_pdfa(blob, "2u") == [], f.name
        assert b"pdfaid:part=\"2\"" in pikepdf.open(f).Root.Metadata.read_bytes()
    # the "u" level: the text layer is still exact
    assert "ที่ มท ๐๘๑๐.๖/ว ๕๒๕๖" in pdftotext(tmp_path / "letters" / "external.pdf")


def test_thai_marks_extract_from_every_glyph_of_a_pdfa_letter(letter_2u):
    from extract import pypdf_text

    # pypdf ignores ActualText and reads the ToUnicode map alone
    text = "".join(pypdf_text(letter_2u).split())
    for word in ("ประชาสัมพันธ์", "ผู้สูงอายุ", "เบี้ยยังชีพ"):
        assert word in text


def test_pdfa_2u_keeps_routing_metadata_in_the_info_entries_not_as_an_attachment(letter_2u):
    with pikepdf.open(io.BytesIO(letter_2u)) as pdf:
        assert len(pdf.attachments) == 0
        assert str(pdf.docinfo["/DocengineBookNumber"]) == "x"


def test_pdfa_3u_attaches_json_and_egif_as_data(letter_3u):
    assert check_pdfa(letter_3u, "3u") == []
    with pikepdf.open(io.BytesIO(letter_3u)) as pdf:
        assert sorted(pdf.attachments) == ["docengine.json", "egif.xml"]
        for spec in pdf.Root.AF:
            assert spec.AFRelationship == "/Data"
        assert str(pdf.attachments["egif.xml"].obj.EF.F.Subtype) in ("/text/xml", "/application/xml")


def test_level_must_match_the_claim(letter_2u):
    assert rules(letter_2u, "3u") == ["pdfaid"]
    assert check_pdfa(letter_2u) == []  # the claimed level, when none is required


def test_plain_pdf_fails_with_the_rules_named():
    r = Renderer(Office.sample())
    plain = r.render_pdf(r.prepare("external", load_sample("external")))
    assert rules(plain) == ["output-intent", "pdfaid", "trailer-id"]


def test_missing_xmp(letter_2u):
    assert rules(edit(letter_2u, lambda p: p.Root.__delitem__("/Metadata"))) == ["pdfaid"]


def test_output_intent_missing_doubled_or_without_profile(letter_2u):
    assert rules(edit(letter_2u, lambda p: p.Root.__delitem__("/OutputIntents"))) == ["output-intent"]

    def double(p):
        p.Root.OutputIntents.append(p.Root.OutputIntents[0])
    assert rules(edit(letter_2u, double)) == ["output-intent"]

    def bad_icc(p):
        p.Root.OutputIntents[0].DestOutputProfile.write(b"not an ICC profile" * 20)
    assert rules(edit(letter_2u, bad_icc)) == ["output-intent"]


def test_missing_trailer_id(letter_2u):
    blob = io.BytesIO()
    with pikepdf.open(io.BytesIO(letter_2u)) as pdf:
        pdf.save(blob, object_stream_mode=pikepdf.ObjectStreamMode.disable, compress_streams=True)
    # blank out the trailer's /ID in place (same length, so the xref offsets stay right)
    raw = re.sub(rb"/ID\s*\[[^\]]*\]", lambda m: b" " * len(m[0]), blob.getvalue())
    assert rules(raw) == ["trailer-id"]


def test_encrypted(letter_2u):
    blob = io.BytesIO()
    with pikepdf.open(io.BytesIO(letter_2u)) as pdf:
        pdf.save(blob, encryption=pikepdf.Encryption(owner="o", user=""))
    assert "encryption" in rules(blob.getvalue())
    with pikepdf.open(io.BytesIO(letter_2u)) as pdf:
        blob = io.BytesIO()
        pdf.save(blob, encryption=pikepdf.Encryption(owner="o", user="secret"))
    assert rules(blob.getvalue()) == ["encryption"]


def test_javascript(letter_2u):
    def js(p):
        p.Root.OpenAction = p.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="app.alert(1)"))
    assert rules(edit(letter_2u, js)) == ["javascript"]


def _first_font(p):
    for _, font in p.pages[0].Resources.Font.items():
        return font


def test_font_not_embedded(letter_2u):
    def strip(p):
        desc = _first_font(p).DescendantFonts[0].FontDescriptor
        for key in ("/FontFile", "/FontFile2", "/FontFile3"):
            if key in desc:
                del desc[key]
    assert rules(edit(letter_2u, strip)) == ["font-embedded"]


def test_tounicode_missing_empty_or_lacking_a_drawn_glyph(letter_2u):
    assert rules(edit(letter_2u, lambda p: _first_font(p).__delitem__("/ToUnicode"))) == ["tounicode"]

    def emptied(p):
        cmap = _first_font(p).ToUnicode
        data = cmap.read_bytes()
        cmap.write(re.sub(rb"(beginbfchar\s*<[0-9a-fA-F]+>\s*)<[0-9a-fA-F]+>", rb"\1<>", data, count=1))
    assert rules(edit(letter_2u, emptied)) == ["tounicode"]

    def dropped(p):
        cmap = _first_font(p).ToUnicode
        data = cmap.read_bytes()
        cmap.write(re.sub(rb"beginbfchar.*?endbfchar", b"0 beginbfchar endbfchar", data, flags=re.S))
    found = check_pdfa(edit(letter_2u, dropped))
    assert [f.rule for f in found] == ["tounicode"] and "drawn" in found[0].en


def test_attachments_3u_without_relationship_subtype_or_af(letter_3u):
    def no_rel(p):
        del p.attachments["egif.xml"].obj["/AFRelationship"]
    assert rules(edit(letter_3u, no_rel)) == ["attachments"]

    def no_subtype(p):
        del p.attachments["egif.xml"].obj.EF.F["/Subtype"]
    assert rules(edit(letter_3u, no_subtype)) == ["attachments"]

    assert rules(edit(letter_3u, lambda p: p.Root.__delitem__("/AF"))) == ["attachments"]


def test_attachments_2u_only_pdfa_files(letter_2u):
    def json(p):
        p.attachments["x.json"] = pikepdf.AttachedFileSpec(p, b"{}", mime_type="application/json")
    found = check_pdfa(edit(letter_2u, json), "2u")
    assert [f.rule for f in found] == ["attachments"] and "PDF/A-3" in found[0].en

    def pdfa_inside(p):
        p.attachments["inner.pdf"] = pikepdf.AttachedFileSpec(p, letter_2u, mime_type="application/pdf")
    assert rules(edit(letter_2u, pdfa_inside), "2u") == []


def test_stamped_copy_keeps_pdfa_and_a_plain_original_is_refused_at_2u(letter_2u):
    from docengine.chain.stamp import stamp_pdf, stamp_values
    from docengine.errors import DocengineError

    stamp = stamp_values(receipt_no="001/2567", agency="เทศบาลตำบลสันทราย", received_at=datetime(2024, 1, 8, 9, 15))
    for level in ("2u", "3u"):
        copy = stamp_pdf(letter_2u, renderer=Renderer(Office.sample(), pdfa=level), stamp=stamp)
        assert check_pdfa(copy, level) == []
        assert "เลขรับ" in "".join(pdftotext(copy).split())
    plain = Renderer(Office.sample()).render_pdf(Renderer(Office.sample()).prepare("external", load_sample("external")))
    with pytest.raises(DocengineError, match=r"\[attachments\].*PDF/A-3"):
        stamp_pdf(plain, renderer=Renderer(Office.sample(), pdfa="2u"), stamp=stamp)
    copy = stamp_pdf(plain, renderer=Renderer(Office.sample(), pdfa="3u"), stamp=stamp)
    assert check_pdfa(copy, "3u") == []
    with pikepdf.open(io.BytesIO(copy)) as pdf:
        assert pdf.attachments["received-original.pdf"].obj.AFRelationship == "/Source"


def test_cli_render_pdfa_and_check(tmp_path, capsys):
    data = Path(load_sample("external").path)
    out = tmp_path / "l.pdf"
    code, _, err = run(capsys, "render", "external", "--data", str(data), "--pdf", str(out), "--pdfa", "2u")
    assert code == 0, err
    code, stdout, _ = run(capsys, "archive", "check", str(out), "--pdfa", "2u")
    assert code == 0 and stdout.startswith("ok")
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(edit(out.read_bytes(), lambda p: p.Root.__delitem__("/OutputIntents")))
    code, stdout, _ = run(capsys, "archive", "check", str(out), str(bad))
    assert code == 1 and "[output-intent]" in stdout and f"FAIL {bad}" in stdout


def test_office_setting_makes_pdfa_the_default(tmp_path):
    from docengine.errors import ValidationError

    base = Path(Office.sample().path).read_text(encoding="utf-8")
    good = tmp_path / "office.yaml"
    good.write_text(base + "\npdfa: 3u\n", encoding="utf-8")
    assert Renderer(good).pdfa == "3u"
    assert Renderer(good, pdfa="2u").pdfa == "2u"
    bad = tmp_path / "bad.yaml"
    bad.write_text(base + "\npdfa: 1b\n", encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        Renderer(bad)
    assert "pdfa" in err.value.report()


def test_cli_letter_issue_forward_receive_and_register_print_write_pdfa(tmp_path, capsys, monkeypatch):
    import json

    from register_helpers import fresh_register

    fresh_register(tmp_path, monkeypatch)
    data = Path(load_sample("external").path)
    issued = tmp_path / "issued.pdf"
    code, out, err = run(capsys, "letter", "issue", "--data", str(data), "--pdf", str(issued), "--pdfa", "3u",
                         "--json")
    assert code == 0, err
    letter_id = json.loads(out)["id"]
    assert check_pdfa(issued.read_bytes(), "3u") == []
    with pikepdf.open(issued) as pdf:
        xml = pdf.attachments["egif.xml"].get_file().read_bytes().decode("utf-8")
    assert "<ram:ID>มท 0810.6/ว 5256</ram:ID>" in xml and "MainLetterBinaryObject" not in xml
    stamped = tmp_path / "stamped.pdf"
    code, _, err = run(capsys, "receive", str(issued), "--as", "ชม 52101", "--out", str(stamped), "--pdfa", "3u",
                       "--at", "2023-12-20T09:30")
    assert code == 0, err
    assert check_pdfa(stamped.read_bytes(), "3u") == []
    fwd = tmp_path / "fwd.pdf"
    code, _, err = run(capsys, "letter", "forward", str(letter_id), "--by", "ชม 0023.3", "--to", "นายอำเภอ ทุกอำเภอ",
                       "--date", "2023-12-21", "--pdf", str(fwd), "--pdfa", "2u")
    assert code == 0, err
    assert check_pdfa(fwd.read_bytes(), "2u") == []
    book = tmp_path / "book.pdf"
    code, _, err = run(capsys, "register", "print", "--book", "send", "--from", "2023-12-01", "--to", "2023-12-31",
                       "--agency", "มท 0810.6", "--pdf", str(book), "--pdfa", "2u")
    assert code == 0, err
    assert check_pdfa(book.read_bytes(), "2u") == []
