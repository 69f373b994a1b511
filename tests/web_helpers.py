"""Shared set-up of the web desk's tests: a register with users of two offices and a letter each."""

from __future__ import annotations

import re

OFFICE = "ชม 52101"  # the sample office (เทศบาลตำบลสันทราย)
OTHER = "ชม 0023.3"  # the province (สถจ.เชียงใหม่): another office
PASSWORD = "desk-pass-2567"
USERS = {  # login -> (office, roles)
    "clerk": (OFFICE, ["clerk"]),
    "endorser": (OFFICE, ["endorser"]),
    "signer": (OFFICE, ["signer"]),
    "admin": (OFFICE, ["admin"]),
    "district": (OTHER, ["clerk"]),
}
LETTER = {"subject": "ขอเชิญประชุมคณะกรรมการพัฒนาเทศบาล", "recipient": "นายอำเภอฝาง",
          "body": "ด้วยเทศบาลตำบลสันทรายจะจัดประชุมคณะกรรมการพัฒนาเทศบาล\nจึงเรียนมาเพื่อโปรดทราบ"}


def make_register(path):
    """A register at ``path`` with the USERS and one letter of the other office; returns (url, its id)."""
    from docengine import Office, Register, issue_letter
    from docengine.register.signers import add_user

    url = f"sqlite:///{path}"
    reg = Register.open(url, office=Office.sample(), create=True)
    for login, (code, roles) in USERS.items():
        add_user(reg, login, name=f"ผู้ใช้ {login}", position="เจ้าหน้าที่", role="signer" if "signer" in roles else "clerk",
                 pin="2567" if "signer" in roles else None, office_roles=roles, agency=code, password=PASSWORD)
    other = issue_letter(reg, {"subject": "หนังสือของอำเภอ", "recipient": "นายกเทศมนตรีตำบลสันทราย",
                               "agency": {"code": OTHER, "name": "ศาลากลางจังหวัดเชียงใหม่"},
                               "body": ["ด้วยอำเภอฝางแจ้งมา"]}, pdf=path.parent / "district.pdf",
                         docx=path.parent / "district.docx")
    reg.close()
    return url, other.id


def csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html)[1]


def login(client, name: str, password: str = PASSWORD):
    page = client.get("/login")
    return client.post("/login", data={"login": name, "password": password, "csrf_token": csrf(page.text)})


def draft_form(client, kind: str = "external", **fields) -> dict:
    """The draft page's form as a browser would submit it, with ``fields`` typed in."""
    import html as h

    page = client.get(f"/letters/new?kind={kind}").text
    form = {"csrf_token": csrf(page), "kind": kind,
            "draft_token": re.search(r'name="draft_token" value="([^"]+)"', page)[1]}
    for name, value in re.findall(r'<input id="[^"]+" name="([^"]+)" value="([^"]*)"', page):
        form[name] = h.unescape(value)
    for name, value in re.findall(r'<textarea id="[^"]+" name="([^"]+)"[^>]*>([^<]*)</textarea>', page):
        form[name] = h.unescape(value)
    for name, body in re.findall(r'<select id="[^"]+" name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', body)
        form[name] = h.unescape(chosen[1]) if chosen else ""
    form.update(fields)
    return form


def make_app(folder):
    """The web desk over a :func:`make_register` register in ``folder``: (app, register url, other office's
    letter id)."""
    from docengine.web import create_app

    url, other_id = make_register(folder / "r.sqlite3")
    app = create_app(db=url, files=folder / "files")
    app.config["TESTING"] = True
    return app, url, other_id


def unlabelled(html: str) -> set[str]:
    """The form fields of a page (inputs but hidden ones, selects, text areas) without a <label for>;
    a field without an id counts as unlabelled."""
    fields = re.findall(r"<(?:input|select|textarea)\b[^>]*>", html)
    ids = []
    for tag in fields:
        if re.search(r'type="(?:hidden|submit|button)"', tag):
            continue
        found = re.search(r'\bid="([^"]+)"', tag)
        ids.append(found[1] if found else tag)
    return set(ids) - set(re.findall(r'<label for="([^"]+)"', html))
