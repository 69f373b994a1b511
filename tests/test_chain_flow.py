"""The seed-S1 chain end to end, as users get it: text read back out of the PDFs, stamp positions, registers.

One module-scoped run of the demo step (docengine.chain.demo) builds the chain in a fresh SQLite
register; the tests read what it wrote.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pdfplumber
import pytest

from docengine.chain.metadata import body_sha256, read_docx_metadata, read_pdf_metadata
from docengine.office import load_office
from docengine.register import open_register
from docengine.office import Office

MM = 72 / 25.4


@pytest.fixture(scope="module")
def chain_run(tmp_path_factory):
    from docengine.chain.demo import chain

    out = tmp_path_factory.mktemp("demo")
    files = chain(out, Office.sample())
    folder = out / "chain"
    url = f"sqlite:///{folder / 'register.sqlite3'}"
    return {"folder": folder, "files": files, "url": url, "reg": open_register(url)}


def text_of(pdf: Path, page: int | None = None) -> str:
    args = ["pdftotext"] + (["-f", str(page), "-l", str(page)] if page else []) + [str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def flat(text: str) -> "Flat":
    """Whitespace removed on both sides of ``in``: pdftotext breaks Thai lines between words."""
    return Flat("".join(text.split()))


class Flat(str):
    def __contains__(self, item):
        return str.__contains__(self, "".join(item.split()))

    def index(self, sub, *a):
        return str.index(self, "".join(sub.split()), *a)


from register_helpers import run  # noqa: E402


def test_department_letter_keeps_its_seed_number_and_carries_routing_metadata(chain_run):
    pdf = chain_run["folder"] / "1-dla-circular.pdf"
    assert "ที่ มท ๐๘๑๐.๖/ว ๕๒๕๖" in text_of(pdf, 1) and "๑๓ ธันวาคม ๒๕๖๖" in text_of(pdf, 1)
    meta = read_pdf_metadata(pdf)
    dla = chain_run["reg"].get(meta["register_id"])
    assert (meta["book_number"], meta["date"], meta["sender"]["code"]) == ("มท 0810.6/ว 5256", "2023-12-13", "มท 0810.6")
    assert meta["chain_id"] == dla.id and dla.series == "circular" and dla.running_no == 5256
    assert meta["body_sha256"] == body_sha256(meta["body"]) and meta["body"][0].startswith("ด้วยกรมส่งเสริม")
    assert dla.files[0].sha256 == __import__("hashlib").sha256(pdf.read_bytes()).hexdigest()
    # the same record in the DOCX custom properties and the PDF info dictionary
    assert read_docx_metadata(chain_run["folder"] / "1-dla-circular.docx")["book_number"] == "มท 0810.6/ว 5256"
    info = subprocess.run(["pdfinfo", "-custom", str(pdf)], capture_output=True, text=True).stdout
    entries = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    assert entries["DocengineBookNumber"].strip() == "มท 0810.6/ว 5256"
    assert entries["DocengineRegisterId"].strip() == str(dla.id)


def test_province_letter_cites_the_department_letter_from_the_register(chain_run):
    pdf = chain_run["folder"] / "3-province-circular.pdf"
    page1 = flat(text_of(pdf, 1))
    assert "ที่ ชม ๐๐๒๓.๓/ว ๖๓" in page1 and "๒ มกราคม ๒๕๖๗" in page1
    assert ("สิ่งที่ส่งมาด้วย สำเนาหนังสือกรมส่งเสริมการปกครองท้องถิ่น ที่ มท ๐๘๑๐.๖/ว ๕๒๕๖ ลงวันที่ ๑๓ ธันวาคม ๒๕๖๖ "
            "จำนวน ๑ ชุด") in page1
    # gist restated from the department's own first paragraph (seed S1 wording)
    assert "ด้วยกรมส่งเสริมการปกครองท้องถิ่นแจ้งว่าได้ร่วมกับสำนักงานพัฒนารัฐบาลดิจิทัล" in page1
    whole = flat(text_of(pdf))
    assert "จึงเรียนมาเพื่อพิจารณาดำเนินการ สำหรับอำเภอให้แจ้งเทศบาลตำบลและองค์การบริหารส่วนตำบลพิจารณาดำเนินการด้วย" \
        in whole
    assert "(นางสาวสมใจ ตัวอย่างงาม) ท้องถิ่นจังหวัด ปฏิบัติราชการแทน ผู้ว่าราชการจังหวัดเชียงใหม่" in whole
    assert "saraban@santhai" not in whole  # the office's defaults never leak into another agency's letter
    # the province's stamped copy of the department letter is appended (2 letter pages + 2 of the copy)
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) == 4
    assert "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดเชียงใหม่" in flat(text_of(pdf, 3)) and "ที่ มท ๐๘๑๐.๖/ว ๕๒๕๖" in flat(text_of(pdf, 3))
    meta = read_pdf_metadata(pdf)
    reg = chain_run["reg"]
    letter = reg.get(meta["register_id"])
    parent = reg.get(letter.parent_id)
    assert parent.book_number == "มท 0810.6/ว 5256" and letter.chain_id == parent.id
    assert letter.forwards_receipt_id == parent.receipts[0].id
    assert letter.enclosures[0]["book_number"] == "มท 0810.6/ว 5256" and letter.enclosures[0]["date"] == "2023-12-13"


def test_district_letter_uses_the_district_wording_and_circular_rule(chain_run):
    pdf = chain_run["folder"] / "5-district-letter.pdf"
    page1 = flat(text_of(pdf, 1))
    assert "ที่ ชม ๐๐๒๓.๐๕/ว ๖๕๕" in page1 and "ที่ว่าการอำเภอฝาง" in page1
    assert ("พร้อมหนังสือฉบับนี้ อำเภอฝางขอส่งสำเนาหนังสือจังหวัดเชียงใหม่ ที่ ชม ๐๐๒๓.๓/ว ๖๓ ลงวันที่ ๒ มกราคม ๒๕๖๗ "
            "เรื่อง ประชาสัมพันธ์บริการ") in page1
    assert "www.chiangmaillocal.go.th" in page1 and "จึงเรียนมาเพื่อพิจารณาดำเนินการต่อไป" in page1
    assert "สำเนาหนังสือจังหวัดเชียงใหม่ ที่ ชม ๐๐๒๓.๓/ว ๖๓ ลงวันที่ ๒ มกราคม ๒๕๖๗ จำนวน ๑ ฉบับ" in page1
    assert "chm0023.15@gmail.com" in page1  # e-mail keeps ASCII digits
    # appended: the district's stamped, endorsed copy of the province letter (4 pages), like seed S1
    whole = text_of(pdf)
    assert "เห็นควรแจ้ง ทต./อบต. ทุกแห่ง" in whole and "ที่ มท ๐๘๑๐.๖/ว ๕๒๕๖" in whole


def test_lao_stamp_sits_top_right_without_covering_the_letter(chain_run):
    original = chain_run["folder"] / "5-district-letter.pdf"
    stamped = chain_run["folder"] / "6-santhai-received.pdf"
    with pdfplumber.open(original) as a, pdfplumber.open(stamped) as b:
        before, after = a.pages[0], b.pages[0]
        letter_boxes = [(c["x0"], c["top"], c["x1"], c["bottom"]) for c in before.chars]
        words = after.extract_words()
        label = next(w for w in words if w["text"].startswith("เลขรับ"))
        number = next(w for w in words if "๐๖๙/๒๕๖๗" in w["text"])
        assert label["x0"] > after.width * 0.6 and label["bottom"] < 40 * MM  # top-right corner
        assert abs(number["top"] - label["top"]) < 1 * MM  # เลขรับ and its number on one line
        new = [c for c in after.chars if (c["x0"], c["top"], c["x1"], c["bottom"]) not in set(letter_boxes)]
        assert len(new) > 100  # stamp, routing list, endorsements
        for c in new:
            for x0, top, x1, bottom in letter_boxes:
                assert c["x1"] <= x0 or c["x0"] >= x1 or c["bottom"] <= top or c["top"] >= bottom, c["text"]
    page1 = flat(text_of(stamped, 1))
    assert "เทศบาลตำบลสันทราย เลขรับที่ ๐๖๙/๒๕๖๗ วันที่ ๘ ม.ค. ๒๕๖๗ เวลา ๐๙.๑๕ น." in page1
    # the letter's own text still extracts exactly: every original line, whole and in order
    original_lines = [l for l in text_of(original, 1).splitlines() if l.strip()]
    stamped_lines = iter([l for l in text_of(stamped, 1).splitlines() if l.strip()])
    assert all(any(line in other for other in stamped_lines) for line in original_lines)


def test_routing_ticks_and_endorsements_in_order(chain_run):
    stamped = chain_run["folder"] / "6-santhai-received.pdf"
    with pdfplumber.open(stamped) as doc:
        page = doc.pages[0]
        # pdfplumber ignores ActualText, so SARA AM comes out decomposed (docengine.render.textlayer)
        words = [dict(w, text=w["text"].replace("\u0e4d\u0e32", "\u0e33")) for w in page.extract_words()]
        ticked = [w for w in words if w["text"] in ("สำนักปลัด", "งานพัฒนาชุมชน", "กองคลัง")]
        assert {w["text"] for w in ticked} == {"สำนักปลัด", "งานพัฒนาชุมชน", "กองคลัง"}
        # tick marks are drawn only for the two chosen units: a curve/line just left of the label
        def has_tick(w):
            return any(abs(o["x0"] - (w["x0"] - 2.6 * MM)) < 2 * MM and abs(o["top"] - w["top"]) < 2.5 * MM
                       and (o["x1"] - o["x0"]) < 2.5 * MM for o in page.curves + page.lines)
        assert [has_tick(w) for w in sorted(ticked, key=lambda w: w["text"])] == [False, True, True]
    text = flat(text_of(stamped))
    positions = [text.index(s) for s in ("(นายวีระ ตัวอย่างงาน)", "(นางจันทร์เพ็ญ ตัวอย่างสุข)",
                                         "(นายสมปอง ตัวอย่างการ)", "(นายสมหมาย ตัวอย่างใจ)")]
    assert positions == sorted(positions)
    assert "นักพัฒนาชุมชนปฏิบัติการ ๙ ม.ค. ๒๕๖๗" in text
    receipt = chain_run["reg"].list("receive", agency="ชม 52101")[0]
    assert receipt.receipt_no == "069/2567" and list(receipt.routing) == ["สำนักปลัด", "งานพัฒนาชุมชน"]
    assert [e.position for e in receipt.endorsements] == ["นักพัฒนาชุมชนปฏิบัติการ", "หัวหน้าสำนักปลัดเทศบาล",
                                                          "ปลัดเทศบาลตำบลสันทราย", "นายกเทศมนตรีตำบลสันทราย"]


def test_chain_show_reaches_the_lao_receipt(chain_run, capsys, monkeypatch):
    monkeypatch.setenv("DOCENGINE_DB", chain_run["url"])
    root = chain_run["reg"].list("send", agency="มท 0810.6")[0]
    code, out, err = run(capsys, "chain", "show", str(root.id))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("ที่ มท ๐๘๑๐.๖/ว ๕๒๕๖")
    order = [next(i for i, l in enumerate(lines) if s in l) for s in (
        "รับ สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดเชียงใหม่", "ที่ ชม ๐๐๒๓.๓/ว ๖๓", "รับ สำนักงานส่งเสริมการปกครองท้องถิ่นอำเภอฝาง",
        "ที่ ชม ๐๐๒๓.๐๕/ว ๖๕๕", "รับ เทศบาลตำบลสันทราย เลขรับ ๐๖๙/๒๕๖๗", "เกษียน ๔.")]
    assert order == sorted(order)
    assert (chain_run["folder"] / "chain.txt").read_text(encoding="utf-8") == out
    code, out, _ = run(capsys, "chain", "show", str(root.id), "--json")
    tree = json.loads(out)
    lao = tree["children"][0]["children"][0]["receipts"][0]
    assert lao["receipt_no"] == "069/2567" and len(lao["endorsements"]) == 4


def test_printed_registers(chain_run):
    pdf = chain_run["folder"] / "register-receive-santhai.pdf"
    with pdfplumber.open(pdf) as doc:
        page = doc.pages[0]
        assert page.width > page.height  # A4 landscape
    text = flat(text_of(pdf))
    layout = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    header = next(line for line in layout.splitlines() if "ทะเบียนรับที่" in line)
    assert header.split() == ["ทะเบียนรับที่", "วันเวลาที่รับ", "ที่", "ลงวันที่", "จาก", "ถึง", "เรื่อง", "การปฏิบัติ",
                              "หมายเหตุ"]
    assert "๐๙.๑๕ น." in layout  # when the letter came in, Bangkok time (tests/test_register_years.py)
    assert "ทะเบียนหนังสือรับ วันที่ ๘ เดือน มกราคม พ.ศ. ๒๕๖๗" in text and "๐๖๙/๒๕๖๗" in text
    send = flat(text_of(chain_run["folder"] / "register-send-fang.pdf"))
    assert "ทะเบียนส่งที่" in send and "๖๕๕" in send and "หนังสือเวียน" in send


def test_every_chain_pdf_is_pdfa_2u_by_the_structural_checker(chain_run):
    """Letters, stamped copies (pikepdf overlays) and printed registers of the demo are PDF/A-2u."""
    from docengine.archive.check import check_pdfa

    pdfs = [f for f in chain_run["files"] if f.suffix == ".pdf"]
    assert len(pdfs) >= 9
    for pdf in pdfs:
        assert check_pdfa(pdf.read_bytes(), "2u") == [], pdf.name
