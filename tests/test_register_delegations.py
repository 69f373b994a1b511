"""Delegations: a letter signed on a date inside one reads ปฏิบัติราชการแทน + the principal;
a day after it ends it does not (register delegation add / list / end, issue_letter)."""

from __future__ import annotations

import json
from datetime import date

import pytest
import yaml
from register_helpers import run

from docengine.register import open_register
from docengine.register.audit import verify
from docengine.register.delegations import delegation_for
from docengine.render.document import load_sample
from extract import pdftotext

PRINCIPAL = "อธิบดีกรมส่งเสริมการปกครองท้องถิ่น"


@pytest.fixture
def db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'r.sqlite3'}"
    monkeypatch.setenv("DOCENGINE_DB", url)
    monkeypatch.setenv("DOCENGINE_PIN", "2567-pin")
    open_register(url).close()
    return url


def _letter(tmp_path, when: str, name: str, signer: dict | None = None) -> str:
    data = yaml.safe_load(load_sample("external").path.read_text(encoding="utf-8"))
    data.pop("book_number")
    data["date"] = when
    data["agency"]["code"] = "มท 0810.6"
    data["signer"] = signer or {"name": "นายสมชาย ใจดี", "position": ["รองอธิบดี"]}
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return str(path)


def _issue(capsys, tmp_path, when, name, *extra, signer=None):
    pdf = tmp_path / f"{name}.pdf"
    code, out, err = run(capsys, "letter", "issue", "--data", _letter(tmp_path, when, name, signer), "--pdf",
                         str(pdf), *extra, "--json")
    assert code == 0, err
    return "".join(pdftotext(pdf).split()), json.loads(out)


def test_a_letter_signed_inside_the_delegation_reads_the_capacity_and_the_principal(db, tmp_path, capsys):
    code, _, err = run(capsys, "register", "user", "add", "somchai", "--name", "นายสมชาย ใจดี",
                       "--position", "รองอธิบดี")
    assert code == 0, err
    code, out, err = run(capsys, "register", "delegation", "add", "--agency", "มท 0810.6", "--user", "somchai",
                         "--capacity", "ปฏิบัติราชการแทน", "--principal", PRINCIPAL, "--from", "1 ม.ค. 2567",
                         "--until", "2024-01-31", "--json")
    assert code == 0, err
    (d,) = json.loads(out)
    assert (d["login"], d["name"], d["from"], d["until"]) == ("somchai", "นายสมชาย ใจดี", "2024-01-01", "2024-01-31")

    # typed e-signature (the approval names the user) on the last day of the delegation
    text, letter = _issue(capsys, tmp_path, "2024-01-31", "in", "--sign-as", "somchai")
    assert "รองอธิบดีปฏิบัติราชการแทน" in text and PRINCIPAL in text and "ลงนามอิเล็กทรอนิกส์" in text
    assert letter["signer"]["capacity"] == "ปฏิบัติราชการแทน" and letter["signer"]["principal"] == PRINCIPAL
    # the day after it ends: the signer signs in their own position only
    text, letter = _issue(capsys, tmp_path, "2024-02-01", "after", "--sign-as", "somchai")
    assert "ปฏิบัติราชการแทน" not in text and PRINCIPAL not in text and "(นายสมชายใจดี)รองอธิบดี" in text
    assert not letter["signer"].get("capacity") and not letter["signer"].get("principal")
    # the day before it starts, neither
    text, _ = _issue(capsys, tmp_path, "2023-12-31", "before", "--sign-as", "somchai")
    assert "ปฏิบัติราชการแทน" not in text

    reg = open_register(db)
    report = verify(reg.engine)
    assert report.ok, report
    with reg.engine.connect() as conn:
        from sqlalchemy import text as sql

        kinds = [k for (k,) in conn.execute(sql("select kind from audit_log where target like 'delegations:%'"))]
    assert kinds == ["delegation.added"]


def test_by_name_the_data_wins_and_end_shortens_it(db, tmp_path, capsys):
    code, out, err = run(capsys, "register", "delegation", "add", "--agency", "มท 0810.6", "--name",
                         "นางสาวสมศรี  มีสุข", "--position", "ผู้อำนวยการกอง", "--capacity", "รักษาราชการแทน",
                         "--principal", PRINCIPAL, "--from", "2024-03-01", "--until", "2024-03-31", "--json")
    assert code == 0, err
    (d,) = json.loads(out)
    assert d["login"] is None
    signer = {"name": "นางสาวสมศรี มีสุข", "position": ["ผู้อำนวยการกอง"]}
    text, _ = _issue(capsys, tmp_path, "2024-03-10", "named", signer=signer)
    assert "ผู้อำนวยการกองรักษาราชการแทน" in text and PRINCIPAL in text  # names match, spaces squeezed
    # the data says how it is signed: the delegation adds nothing
    own = {**signer, "capacity": "ปฏิบัติหน้าที่", "principal": "ปลัดกระทรวงมหาดไทย"}
    text, _ = _issue(capsys, tmp_path, "2024-03-11", "own", signer=own)
    assert "ปฏิบัติหน้าที่" in text and "รักษาราชการแทน" not in text and PRINCIPAL not in text
    # ended early on the 15th: the 16th is outside
    code, out, err = run(capsys, "register", "delegation", "end", str(d["id"]), "--until", "15 มี.ค. 2567",
                         "--json")
    assert code == 0, err and json.loads(out)[0]["until"] == "2024-03-15"
    text, _ = _issue(capsys, tmp_path, "2024-03-16", "ended", signer=signer)
    assert "รักษาราชการแทน" not in text
    code, out, _ = run(capsys, "register", "delegation", "list", "--agency", "มท 0810.6", "--date", "2024-03-15",
                       "--json")
    assert [x["id"] for x in json.loads(out)] == [d["id"]]
    code, out, _ = run(capsys, "register", "delegation", "list", "--agency", "มท 0810.6", "--date", "2024-03-16",
                       "--json")
    assert json.loads(out) == []
    reg = open_register(db)
    assert delegation_for(reg, "มท 0810.6", date(2024, 3, 15), name="นางสาวสมศรี มีสุข").id == d["id"]


def test_bad_delegations_are_refused(db, capsys):
    code, _, err = run(capsys, "register", "delegation", "add", "--agency", "มท 0810.6", "--name", "นาย ก",
                       "--position", "ปลัด", "--capacity", "แทน", "--principal", PRINCIPAL, "--from",
                       "2024-01-01", "--until", "2024-01-31")
    assert code != 0 and "ปฏิบัติราชการแทน" in err
    code, _, err = run(capsys, "register", "delegation", "add", "--agency", "มท 0810.6", "--name", "นาย ก",
                       "--position", "ปลัด", "--capacity", "รักษาราชการแทน", "--principal", PRINCIPAL, "--from",
                       "2024-02-01", "--until", "2024-01-31")
    assert code != 0 and "before it starts" in err
    code, _, err = run(capsys, "register", "delegation", "add", "--agency", "มท 0810.6", "--capacity",
                       "รักษาราชการแทน", "--principal", PRINCIPAL, "--from", "2024-01-01", "--until", "2024-01-31")
    assert code != 0 and "--user" in err
    code, _, err = run(capsys, "register", "delegation", "add", "--agency", "มท 0810.6", "--name", "นาย ก",
                       "--position", "ปลัด", "--capacity", "รักษาราชการแทน", "--principal", PRINCIPAL, "--from",
                       "5/1/2024", "--until", "2024-01-31")
    assert code != 0 and "2567" in err  # a CE year read as BE is refused by the CLI's date type
