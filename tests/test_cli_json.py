"""Every command that reports something has ``--json`` with a documented shape (issue 10).

Each command's ``--json`` help names its shape, ``docs/schemas/SHAPE.json``; each command
is run once here on real inputs and its output is validated against that JSON Schema.
A command without ``--json``, a shape without a schema file, and a schema file no
command uses are failures too.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import click
import jsonschema
import pytest
import yaml
from register_helpers import run
from schemas import SCHEMAS, validator

from docengine.cli import cli
from docengine.resources import data_path

SHAPE = re.compile(r"docs/schemas/([a-z-]+)\.json")
# Commands with nothing to report but their files are still listed: only the web desk's
# server, which runs until stopped (tests/test_web_browser.py drives it).
NOT_REPORTING: set[str] = {"serve"}


def _leaf_commands() -> dict[str, click.Command]:
    ctx = click.Context(cli)
    found = {}

    def walk(cmd, path):
        if isinstance(cmd, click.Group):
            for name in (cmd.list_commands(ctx) if not path else sorted(cmd.commands)):
                walk(cmd.get_command(ctx, name), [*path, name])
        else:
            found[" ".join(path)] = cmd

    walk(cli, [])
    return found


def _shape(cmd: click.Command) -> str | None:
    option = next((p for p in cmd.params if "--json" in getattr(p, "opts", ())), None)
    m = SHAPE.search(option.help or "") if option else None
    return m[1] if m else None


def test_every_reporting_command_has_json_with_a_schema():
    commands = _leaf_commands()
    missing = [name for name, cmd in commands.items() if name not in NOT_REPORTING and not _shape(cmd)]
    assert missing == [], f"no --json naming docs/schemas/SHAPE.json: {missing}"
    shapes = {_shape(cmd) for cmd in commands.values()} - {None}
    files = {p.stem for p in SCHEMAS.glob("*.json")}
    assert shapes - files == set(), f"shapes without a schema file: {sorted(shapes - files)}"
    assert files - shapes == set(), f"schema files no command uses: {sorted(files - shapes)}"
    for path in SCHEMAS.glob("*.json"):
        jsonschema.Draft202012Validator.check_schema(json.loads(path.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    """A register with an issued letter, its received and endorsed copy, a held number, an
    e-GIF export, a PKI and a signed letter: what the commands below act on."""
    from docengine.sign.testpki import PASSWORD, make_pki

    w = tmp_path_factory.mktemp("json")
    saved = {k: os.environ.get(k) for k in ("DOCENGINE_DB", "DOCENGINE_P12_PASSWORD", "DOCENGINE_PIN",
                                            "DOCENGINE_PASSWORD")}
    os.environ.update(DOCENGINE_DB=f"sqlite:///{w / 'register.sqlite3'}", DOCENGINE_P12_PASSWORD=PASSWORD,
                      DOCENGINE_PIN="2468", DOCENGINE_PASSWORD="desk-pass-2468")
    try:
        def ok(*argv):
            code, out, err = run(_Capture(), *argv)
            assert code == 0, err
            return out

        ok("register", "init")
        ok("register", "user", "add", "clerk1", "--name", "นางสาวสมใจ", "--position", "เจ้าพนักงานธุรการ",
           "--role", "clerk")
        data = yaml.safe_load(data_path("samples", "documents", "external.yaml").read_text(encoding="utf-8"))
        data.pop("book_number")
        data["agency"]["code"] = "มท 0810.6"
        letter_yaml = w / "letter.yaml"
        letter_yaml.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        letter = json.loads(ok("letter", "issue", "--data", str(letter_yaml), "--pdf", str(w / "letter.pdf"),
                               "--json"))
        receipt = json.loads(ok("receive", str(w / "letter.pdf"), "--agency", "ชม 0023.3", "--pdf",
                                str(w / "received.pdf"), "--at", "2023-12-14T09:00", "--json"))
        ok("endorse", str(receipt["id"]), "--name", "นายสมปอง ตัวอย่าง", "--position", "ปลัดจังหวัด", "--text",
           "เพื่อโปรดพิจารณา", "--date", "2023-12-14")
        held = ok("register", "reserve", "--agency", "ชม 52101", "--year", "2567").split("\t")[0]
        ok("register", "delegation", "add", "--agency", "ชม 52101", "--name", "นายสมศักดิ์ รักงาน", "--position",
           "ปลัดเทศบาล", "--capacity", "ปฏิบัติราชการแทน", "--principal", "นายกเทศมนตรีตำบลสันทราย", "--from",
           "2024-01-01", "--until", "31 ม.ค. 2567")
        ok("letter", "export-egif", str(letter["id"]), "--xml", str(w / "letter.xml"))
        pki = make_pki(w / "pki")
        ok("sign", str(w / "letter.pdf"), "--p12", str(pki.p12), "--pdf", str(w / "signed.pdf"))
        yield {"w": w, "letter": str(letter["id"]), "receipt": str(receipt["id"]), "held": held,
               "p12": str(pki.p12), "root": str(pki.root_pem)}
    finally:
        for k, v in saved.items():
            os.environ.pop(k, None) if v is None else os.environ.__setitem__(k, v)


class _Capture:
    """capsys for the fixture (module scope has none): run() reads what main() printed."""

    def __init__(self):
        import io
        import sys

        self._out, self._err = io.StringIO(), io.StringIO()
        self._saved = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = self._out, self._err

    def readouterr(self):
        import sys
        from types import SimpleNamespace

        sys.stdout, sys.stderr = self._saved
        return SimpleNamespace(out=self._out.getvalue(), err=self._err.getvalue())


SAMPLE = str(data_path("samples", "documents", "external.yaml"))
PEOPLE = str(data_path("samples", "people.csv"))
LAOS = str(data_path("samples", "people-laos.csv"))
CASES = {
    "thai date": ["thai", "date", "2024-01-05"],
    "thai parse": ["thai", "parse", "๕ ม.ค. ๒๕๖๗"],
    "thai time": ["thai", "time", "10:30"],
    "thai baht": ["thai", "baht", "650700"],
    "thai id": ["thai", "id", "3100600445635", "--mask"],
    "thai fy": ["thai", "fy", "2570"],
    "thai province": ["thai", "province", "เชียงใหม่"],
    "templates list": ["templates", "list"],
    "templates show": ["templates", "show", "external"],
    "render": ["render", "external", "--data", SAMPLE, "--pdf", "{w}/render.pdf"],
    "letter issue": ["letter", "issue", "--data", "{w}/letter.yaml", "--pdf", "{w}/second.pdf"],
    "letter forward": ["letter", "forward", "{receipt}", "--receipt", "--agency", "ชม 0023.3", "--to",
                       "นายอำเภอ ทุกอำเภอ", "--date", "2023-12-15", "--pdf", "{w}/forward.pdf"],
    "letter export-egif": ["letter", "export-egif", "{letter}", "--xml", "{w}/again.xml"],
    "letter import-egif": ["letter", "import-egif", "{w}/letter.xml", "--agency", "ชม 52101", "--at",
                           "2023-12-15T10:00"],
    "receive": ["receive", "--agency", "ชม 52101", "--number", "ชม 0023.3/ว 63", "--date", "2 ม.ค. 2567",
                "--sender", "จังหวัดเชียงใหม่", "--subject", "ทดสอบ", "--at", "2024-01-09T10:00"],
    "endorse": ["endorse", "{receipt}", "--name", "นายสมชาย ตัวอย่าง", "--position", "ปลัดจังหวัด", "--text",
                "ทราบ", "--date", "2023-12-15"],
    "chain show": ["chain", "show", "{letter}"],
    "chain restamp": ["chain", "restamp", "{receipt}"],
    "register init": ["register", "init"],
    "register list": ["register", "list", "--year", "2566"],
    "register agencies": ["register", "agencies"],
    "register reserve": ["register", "reserve", "--agency", "ชม 52101", "--year", "2567"],
    "register cancel": ["register", "cancel", "{held}", "--reason", "จองซ้ำ"],
    "register start-from": ["register", "start-from", "--agency", "ชม 52101", "--series", "memo", "--year",
                            "2569", "5"],
    "register recover": ["register", "recover"],
    "register print": ["register", "print", "--book", "send", "--from", "2023-12-01", "--until", "2023-12-31",
                       "--agency", "มท 0810.6", "--xlsx", "{w}/send.xlsx"],
    "register user add": ["register", "user", "add", "somchai", "--name", "นายสมชาย ใจดี", "--position",
                          "นายกเทศมนตรีตำบลสันทราย"],
    "register user list": ["register", "user", "list"],
    "register user grant": ["register", "user", "grant", "clerk1", "--role", "endorser"],
    "register user revoke": ["register", "user", "revoke", "clerk1", "--role", "endorser"],
    "register user set-password": ["register", "user", "set-password", "clerk1"],
    "register user disable": ["register", "user", "disable", "clerk1"],
    "register user enable": ["register", "user", "enable", "clerk1"],
    "register delegation add": ["register", "delegation", "add", "--agency", "ชม 52101", "--user", "clerk1",
                                "--capacity", "รักษาราชการแทน", "--principal", "ปลัดเทศบาลตำบลสันทราย", "--from",
                                "1 ก.พ. 2567", "--until", "2024-02-29"],
    "register delegation list": ["register", "delegation", "list", "--agency", "ชม 52101", "--date", "2024-01-05"],
    "register delegation end": ["register", "delegation", "end", "1", "--until", "2024-01-15"],
    "register verify": ["register", "verify"],
    "register export": ["register", "export", "--year", "2566", "--agency", "มท 0810.6", "--p12", "{p12}",
                        "--pdf", "{w}/books.pdf"],
    "forms blank": ["forms", "blank", "proxy", "--pdf", "{w}/blank.pdf", "--fy", "2570"],
    "forms fill": ["forms", "fill", "proxy", "--data", PEOPLE, "--fy", "2570", "--pdf", "{w}/proxy.pdf",
                   "--date", "2026-05-04"],
    "notices beneficiary-list": ["notices", "beneficiary-list", "--kind", "elderly", "--fy", "2570", "--data",
                                 PEOPLE, "--pdf", "{w}/list.pdf"],
    "notices registration-pr": ["notices", "registration-pr", "--kind", "elderly", "--fy", "2570", "--pdf",
                                "{w}/pr.pdf"],
    "notices citizen-manual": ["notices", "citizen-manual", "--fy", "2570", "--pdf", "{w}/manual.pdf"],
    "reports counts": ["reports", "counts", "--kind", "elderly", "--fy", "2570", "--data", LAOS, "--pdf",
                       "{w}/counts.pdf"],
    "calendar": ["calendar", "--fy", "2570", "--ics", "{w}/cycle.ics"],
    "archive check": ["archive", "check", "{w}/letter.pdf"],
    "sign": ["sign", "{w}/letter.pdf", "--p12", "{p12}", "--pdf", "{w}/signed-again.pdf"],
    "verify": ["verify", "{w}/signed.pdf", "--trust", "{root}"],
}
# Commands run elsewhere with --json, their documents checked there against the same
# schemas: the demo (tests/conftest.py demo_dir) and the nationwide batch (tests/test_batch.py).
ELSEWHERE = {"demo", "batch"}


def test_the_demos_document_matches_its_schema(demo_dir):
    document = json.loads((demo_dir.parent / f"{demo_dir.name}.json").read_text(encoding="utf-8"))
    validator("files").validate(document)
    assert {Path(f["path"]).name for f in document["files"]} >= {"external.pdf", "register-forms.pdf"}


def test_the_cases_cover_every_command():
    assert set(_leaf_commands()) - ELSEWHERE - NOT_REPORTING == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_json_output_matches_its_schema(ws, name, capsys):
    argv = [a.format(**ws) for a in CASES[name]]
    code, out, err = run(capsys, *argv, "--json")
    if name == "archive check":
        assert code in (0, 1), err  # a plain render is no PDF/A: findings are the report
    else:
        assert code == 0, err
    document = json.loads(out)  # stdout is the JSON document and nothing else
    shape = _shape(_leaf_commands()[name])
    validator(shape).validate(document)
    if shape == "files":
        for f in document["files"]:
            assert Path(f["path"]).is_file() and Path(f["path"]).stat().st_size == f["bytes"]


def test_json_and_text_say_the_same(ws, capsys):
    """The human lines are not printed with --json, and the text mode prints no JSON."""
    code, text, _ = run(capsys, "thai", "date", "2024-01-05")
    assert code == 0 and text.strip() == "๕ มกราคม ๒๕๖๗"
    code, out, _ = run(capsys, "thai", "date", "2024-01-05", "--json")
    assert json.loads(out) == {"text": "๕ มกราคม ๒๕๖๗", "date": "2024-01-05"}


def test_a_failed_check_still_prints_its_document(ws, capsys):
    """verify exits 1 on an unsigned letter, and its document says so."""
    code, out, _ = run(capsys, "verify", f"{ws['w']}/letter.pdf", "--json")
    assert code == 1
    assert json.loads(out) == {"file": f"{ws['w']}/letter.pdf", "valid": False, "signatures": []}
