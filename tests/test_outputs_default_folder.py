"""Commands given no output name write beside their input, never into the current folder.

Before: `receive` without --out wrote ``received-52101-001-2567.pdf`` into the folder the
clerk stood in (one such file was even committed to this repository), and `letter issue`
without --pdf did the same with the letter.
"""

from __future__ import annotations

import shutil

from docengine.refdata import data_path

from register_helpers import fresh_register, run


def test_issue_receive_restamp_forward_write_beside_their_inputs(tmp_path, monkeypatch, capsys):
    fresh_register(tmp_path, monkeypatch)
    inbox = tmp_path / "in"
    inbox.mkdir()
    data = inbox / "letter.yaml"
    shutil.copy(data_path("samples", "documents", "external.yaml"), data)
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)

    code, out, err = run(capsys, "letter", "issue", "--data", str(data), "--json")
    assert code == 0, err
    import json

    letter = json.loads(out)
    pdf = inbox / "letter-0810.6-w5256-2566.pdf"
    assert letter["files"][0]["path"] == str(pdf) and pdf.is_file()

    code, out, err = run(capsys, "receive", str(pdf), "--as", "ชม 0023.3", "--at", "2023-12-20T09:00", "--json")
    assert code == 0, err
    receipt = json.loads(out)
    stamped = inbox / f"received-0023.3-{receipt['receipt_no'].replace('/', '-')}.pdf"
    assert receipt["stamped"] == str(stamped) and stamped.is_file()

    stamped.unlink()  # lost copy: restamp re-makes it beside the received original
    code, out, err = run(capsys, "chain", "restamp", str(receipt["id"]), "--original", str(pdf))
    assert code == 0, err
    assert stamped.is_file()

    code, out, err = run(capsys, "letter", "forward", str(receipt["id"]), "--receipt", "--by", "ชม 0023.3",
                         "--to", "นายอำเภอ ทุกอำเภอ", "--date", "2023-12-21", "--json")
    assert code == 0, err
    forwarded = json.loads(out)["files"][0]["path"]
    assert forwarded.startswith(str(inbox) + "/"), forwarded
    assert list(cwd.iterdir()) == []  # nothing landed where the clerk stood


def test_letter_from_data_without_a_file_needs_an_output_name(tmp_path, monkeypatch):
    import pytest

    from docengine.chain import issue_letter
    from docengine.errors import DocengineError
    from docengine.records.datafile import read_datafile
    from docengine.register import open_register

    url = fresh_register(tmp_path, monkeypatch)
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    values = read_datafile(data_path("samples", "documents", "external.yaml")).data
    reg = open_register(url)
    with pytest.raises(DocengineError, match="pdf="):
        issue_letter(reg, values)
    assert list(cwd.iterdir()) == []
    assert reg.list() == []  # refused before a number was taken
