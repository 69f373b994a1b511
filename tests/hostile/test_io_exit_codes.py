"""Issue 14 item 12: the documented exit codes (docs/exit-codes.md) and the last-resort handler."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from docengine.cli import main
from register_helpers import run as cli_run
from docengine.errors import EXIT_CONFLICT, EXIT_INPUT, EXIT_INTERNAL, EXIT_IO, EXIT_USAGE

DOC = Path(__file__).resolve().parents[2] / "docs" / "exit-codes.md"


def run(capsys, *argv):
    code, _, err = cli_run(capsys, *[str(a) for a in argv])
    return code, err


def test_the_documented_table_is_the_one_the_code_uses():
    documented = {int(m) for m in re.findall(r"^\|\s*(\d+)\s*\|", DOC.read_text(encoding="utf-8"), re.M)}
    assert documented == {0, EXIT_INPUT, EXIT_USAGE, EXIT_CONFLICT, EXIT_IO, EXIT_INTERNAL, 130}


def test_an_unexpected_exception_is_one_bilingual_line_with_a_hint(capsys, monkeypatch):
    import docengine.render.document as document

    def boom(*a, **k):
        raise KeyError("surprise")

    monkeypatch.setattr(document.Renderer, "prepare", boom)
    code, err = run(capsys, "render", "external", "--data", document.sample_path("external"), "--pdf", "/tmp/x.pdf")
    assert code == EXIT_INTERNAL
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err
    assert "internal error (KeyError" in err and "DOCENGINE_DEBUG=1" in err and "ข้อผิดพลาดภายใน" in err


def test_debug_shows_the_traceback(capsys, monkeypatch):
    import docengine.render.document as document

    monkeypatch.setenv("DOCENGINE_DEBUG", "1")
    monkeypatch.setattr(document.Renderer, "prepare", lambda *a, **k: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        main(["render", "external", "--data", str(document.sample_path("external")), "--pdf", "/tmp/x.pdf"])


def test_usage_errors_exit_2_in_both_languages(capsys):
    code, err = run(capsys, "render", "external")
    assert code == EXIT_USAGE and "Missing option" in err and "คำสั่งหรือตัวเลือกไม่ถูกต้อง" in err
