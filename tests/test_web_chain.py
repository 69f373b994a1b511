"""The web desk's letter chain view (issue 11, page 7): one letter and everything it caused down the
tiers, from the register's chain records, with a link to each of this office's documents; only a chain
this office is part of."""

from __future__ import annotations

import re

import pytest
from extract import pdftotext
from web_helpers import OFFICE, PASSWORD, USERS, login

DISTRICT = "ชม 0023.05"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build(tmp_path_factory.mktemp("chain"))


def build(out):
    """The demo's chain (DLA → province → district → เทศบาลตำบลสันทราย, issued, received and forwarded
    through the engine), this office forwarding it on once more, the desk's users, and a letter of the
    province this office has nothing to do with."""
    from docengine import Office, Register, issue_letter
    from docengine.chain import forward_letter
    from docengine.chain.demo import chain
    from docengine.register.signers import add_user
    from docengine.render.document import Renderer
    from docengine.web import create_app

    chain(out, Office.sample())
    url = f"sqlite:///{out / 'chain' / 'register.sqlite3'}"
    reg = Register.open(url, office=Office.sample())
    for name, (code, roles) in USERS.items():
        add_user(reg, name, name=f"ผู้ใช้ {name}", position="เจ้าหน้าที่", role="signer" if "signer" in roles else "clerk",
                 pin="2567" if "signer" in roles else None, office_roles=roles, agency=code, password=PASSWORD)
    ours = reg.list("receive", agency=OFFICE)[-1]  # the district's letter, received here
    renderer = Renderer(Office.sample())
    forwarded = forward_letter(reg, receipt_id=ours.id, by=OFFICE, to="กำนันตำบลสันทราย และผู้ใหญ่บ้านทุกหมู่บ้าน",
                               renderer=renderer, pdf=out / "ours-forward.pdf", docx=out / "ours-forward.docx")
    apart = issue_letter(reg, {"subject": "เรื่องของจังหวัดกับอำเภอเท่านั้น", "recipient": "นายอำเภอฝาง",
                               "agency": {"code": "ชม 0023.3", "name": "ศาลากลางจังหวัดเชียงใหม่"},
                               "body": ["ด้วยจังหวัดแจ้งอำเภอ"]}, pdf=out / "apart.pdf", docx=out / "apart.docx")
    root = reg.chain(ours.letter_id)
    while root.letter.parent_id is not None:  # pragma: no cover — chain() starts at the root already
        root = reg.chain(root.letter.parent_id)
    ids = {"root": root.letter.id, "district_letter": ours.letter_id, "our_receipt": ours.id,
           "our_forward": forwarded.id, "apart": apart.id,
           "district_receipt": next(r.id for r in reg.list("receive", agency=DISTRICT))}
    reg.close()
    app = create_app(db=url, files=out / "files")
    app.config["TESTING"] = True
    return app, ids


def _client(app, name="clerk"):
    c = app.test_client()
    assert login(c, name).status_code == 302
    return c


def _items(html: str) -> list[str]:
    tree = re.search(r'<ul class="chain" id="chain">(.*)</ul>', html, re.S)[1]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", li)).strip()
            for li in re.split(r"<li[^>]*>", tree)[1:]]


def test_the_chain_lists_every_forward_and_receipt_down_the_tiers_with_links(site):
    app, ids = site
    c = _client(app)
    page = c.get(f"/chain/{ids['root']}")
    assert page.status_code == 200
    items = _items(page.text)
    text = " | ".join(items)
    # the DLA's letter, the province's receipt and forward, the district's receipt and forward,
    # this office's receipt of it, and this office's own forward: in tier order
    order = ["ที่ มท ๐๘๑๐.๖/ว ๕๒๕๖", "รับ สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดเชียงใหม่",
             "ที่ ชม ๐๐๒๓.๓/ว ๖๓", "รับ สำนักงานส่งเสริมการปกครองท้องถิ่นอำเภอฝาง", "ที่ ชม ๐๐๒๓.๐๕/ว ๖๕๕",
             "รับ เทศบาลตำบลสันทราย", "เลขรับ ๐๖๙/๒๕๖๗", "ที่ ชม ๕๒๑๐๑/"]
    at = [text.find(words) for words in order]
    assert all(i >= 0 for i in at) and at == sorted(at), list(zip(order, at))
    assert len(items) == 7  # 4 letters and 3 receipts
    # this office's documents are linked: the receipt's page and stamped copy, the forward's page and PDF
    assert f'href="/receipts/{ids["our_receipt"]}"' in page.text
    assert f'href="/receipts/{ids["our_receipt"]}/pdf"' in page.text
    assert f'href="/letters/{ids["our_forward"]}"' in page.text
    assert f'href="/letters/{ids["our_forward"]}/pdf"' in page.text
    for href in (f"/receipts/{ids['our_receipt']}", f"/letters/{ids['our_forward']}"):
        assert c.get(href).status_code == 200
    stamped = c.get(f"/receipts/{ids['our_receipt']}/pdf")
    assert stamped.status_code == 200 and "๐๖๙" in pdftotext(stamped.data).replace(" ", "")
    # another office's documents are named, not linked (their pages are that office's)
    assert f'href="/letters/{ids["root"]}"' not in page.text
    assert f'href="/receipts/{ids["district_receipt"]}"' not in page.text
    assert "หนังสือของหน่วยงานอื่น" in page.text
    # from this office's forward: the letters above it, and it
    mine = c.get(f"/chain/{ids['our_forward']}").text
    above = re.search(r'<ol class="chain-above">(.*?)</ol>', mine, re.S)[1]
    assert above.count("<li>") == 3 and "ชม ๐๐๒๓.๐๕/ว ๖๕๕" in above
    assert len(_items(mine)) == 1 and "หนังสือนี้" in _items(mine)[0]
    # from a receipt: its letter's chain; and the pages link to the chain view
    got = c.get(f"/chain/receipt/{ids['our_receipt']}")
    assert got.status_code == 302 and got.headers["Location"].endswith(f"/chain/{ids['district_letter']}")
    assert f'href="/chain/receipt/{ids["our_receipt"]}"' in c.get(f"/receipts/{ids['our_receipt']}").text
    assert f'href="/chain/{ids["our_forward"]}"' in c.get(f"/letters/{ids['our_forward']}").text


def test_a_chain_this_office_is_not_part_of_is_not_found_for_every_role(site):
    app, ids = site
    for name in ("clerk", "endorser", "signer"):
        c = _client(app, name)
        assert c.get(f"/chain/{ids['root']}").status_code == 200, name
        assert c.get(f"/chain/{ids['apart']}").status_code == 404, name  # the province's, not ours
        assert c.get(f"/chain/receipt/{ids['district_receipt']}").status_code == 404, name  # the district's receipt
        assert c.get("/chain/99999").status_code == 404, name
        assert c.get("/chain/receipt/99999").status_code == 404, name
    admin = _client(app, "admin")  # sees no documents
    for route in (f"/chain/{ids['root']}", f"/chain/receipt/{ids['our_receipt']}"):
        assert admin.get(route).status_code == 404, route
    assert login(app.test_client(), "district").status_code == 401  # the other office's user cannot log in here
    logged_out = app.test_client().get(f"/chain/{ids['root']}")
    assert logged_out.status_code == 302 and "/login" in logged_out.headers["Location"]
