"""The CLI's grammar (docs/cli.md) holds for every command of ``docengine.cli.cli``.

The test walks every command through click and checks each option against the flag table
parsed out of docs/cli.md: the flag is listed, for exactly the commands that have it, with
the table's value type; dates go through the one DATE type, fiscal years through FY;
``--from``/``--until`` are dates, ``--to`` recipients, ``--out`` a folder and
``--pdf``/``--docx``/``--xlsx`` files; hidden options are the listed deprecated spellings;
every command and option has help.
"""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from docengine.cli import cli, main
from docengine.cli import params as P

DOC = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
FLAG = re.compile(r"--[a-z0-9][a-z0-9-]*")
CODE = re.compile(r"`([^`]+)`")

# What the grammar still tolerates; the test fails if one is fixed and left here.
KNOWN_VIOLATIONS: set[str] = set()


def _commands():
    ctx = click.Context(cli)

    def walk(cmd, path):
        yield " ".join(path) or "docengine", cmd
        if isinstance(cmd, click.Group):
            names = cmd.list_commands(ctx) if not path else sorted(cmd.commands)
            for name in names:
                yield from walk(cmd.get_command(ctx, name), [*path, name])

    return dict(walk(cli, []))


COMMANDS = _commands()


def _section(title: str) -> list[list[str]]:
    """The rows of the first table under ``## title``, as lists of cell texts."""
    text = DOC.read_text(encoding="utf-8")
    body = text.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in body.splitlines():
        if line.startswith("|") and not re.match(r"\|[-| ]+\|$", line):
            rows.append([c.strip() for c in line.strip().strip("|").split("|")])
    return rows[1:]  # without the header


def _flag_table() -> dict[str, tuple[str, set[str]]]:
    table = {}
    for flag_cell, _meaning, value, commands in _section("Flags"):
        flag = FLAG.search(flag_cell)[0]
        assert flag not in table, f"{flag} is in docs/cli.md's flag table twice"
        table[flag] = (value, set(CODE.findall(commands)))
    return table


def _deprecated_table() -> dict[tuple[str, str], str]:
    """(command, old flag) -> the flag to use."""
    out = {}
    for old, new, commands in _section("Deprecated spellings"):
        for command in CODE.findall(commands):
            out[(command, FLAG.search(old)[0])] = FLAG.search(new)[0]
    return out


FLAGS = _flag_table()
DEPRECATED = _deprecated_table()


def _options(cmd: click.Command):
    return [p for p in cmd.params if isinstance(p, click.Option)]


def _long(opt: click.Option) -> list[str]:
    return [o for o in opt.opts + opt.secondary_opts if o.startswith("--")]


def _describe(opt) -> str:
    t = opt.type
    if isinstance(t, click.Path):
        return "a path to " + ("a file or a folder" if t.file_okay and t.dir_okay else "a file" if t.file_okay else "a folder")
    return "flag" if opt.is_flag else getattr(t, "name", type(t).__name__)


def _is_path(opt, *, file: bool) -> bool:
    t = opt.type
    return isinstance(t, click.Path) and (t.file_okay and not t.dir_okay if file else t.dir_okay and not t.file_okay)


VALUE = {
    "text": lambda o: o.type is click.STRING and not o.is_flag,
    "URL": lambda o: o.type is click.STRING and not o.is_flag,
    "integer": lambda o: o.type is click.INT,
    "year": lambda o: o.type is click.INT,
    "number": lambda o: o.type is click.FLOAT,
    "date": lambda o: o.type is P.DATE,
    "date-time": lambda o: o.type is P.MOMENT,
    "FY": lambda o: o.type is P.FY,
    "file": lambda o: _is_path(o, file=True),
    "folder": lambda o: _is_path(o, file=False),
    "flag": lambda o: o.is_flag,
    "choice": lambda o: isinstance(o.type, click.Choice),
}

# Rules that hold whatever the table says.
RULES = {
    "--from": "date", "--until": "date", "--date": "date", "--at": "date-time", "--fy": "FY",
    "--to": "text", "--agency": "text", "--kind": "choice",
    "--out": "folder", "--pdf": "file", "--docx": "file", "--xlsx": "file", "--data": "file",
}


def violations() -> set[str]:
    found = set()
    used: dict[str, set[str]] = {}
    for name, cmd in COMMANDS.items():
        if not (cmd.help or cmd.short_help or "").strip():
            found.add(f"{name}: no help text")
        for opt in _options(cmd):
            flags = _long(opt)
            if opt.hidden:
                old = flags[0]
                canonical = getattr(opt, "canonical", None)
                if not isinstance(opt, P.DeprecatedOption):
                    found.add(f"{name} {old}: hidden but not a deprecated spelling (params.deprecated)")
                elif DEPRECATED.get((name, old)) != canonical:
                    found.add(f"{name} {old}: deprecated spelling of {canonical} not listed so in docs/cli.md")
                continue
            if not (opt.help or "").strip():
                found.add(f"{name} {flags[0]}: no help text")
            for flag in flags:
                used.setdefault(flag, set()).add(name)
                if flag not in FLAGS:
                    found.add(f"{name} {flag}: not in docs/cli.md's flag table")
                    continue
                value, _ = FLAGS[flag]
                if not VALUE[value](opt):
                    found.add(f"{name} {flag}: type {_describe(opt)} is not the table's {value}")
                rule = RULES.get(flag)
                if rule and rule != value:
                    found.add(f"{name} {flag}: the grammar says {rule}, the table {value}")
            if flags and flags[0] == "--data" and not re.search(r"YAML|JSON|CSV|XLSX", opt.help or ""):
                found.add(f"{name} --data: its help does not name the format")
            if (not opt.is_flag and re.search(r"\bdates?\b|วันที่", opt.help or "", re.I)
                    and opt.type not in (P.DATE, P.MOMENT) and not isinstance(opt.type, (click.Path, click.Choice))):
                found.add(f"{name} {flags[0]}: its help speaks of a date but it does not take the DATE type")
    for flag, (_, commands) in FLAGS.items():
        if commands != used.get(flag, set()):
            found.add(f"{flag}: docs/cli.md names {sorted(commands)}, the commands are {sorted(used.get(flag, set()))}")
    for (command, old), canonical in DEPRECATED.items():
        cmd = COMMANDS.get(command)
        if cmd is None or not any(o.hidden and old in _long(o) for o in _options(cmd)):
            found.add(f"{command} {old}: listed as deprecated but not there")
    return found


def test_every_command_and_option_follows_the_grammar():
    found = violations()
    new = sorted(found - KNOWN_VIOLATIONS)
    fixed = sorted(KNOWN_VIOLATIONS - found)
    assert not new, "CLI grammar violations (docs/cli.md):\n" + "\n".join(new)
    assert not fixed, "fixed, remove from KNOWN_VIOLATIONS:\n" + "\n".join(fixed)


def test_every_command_is_in_the_commands_table():
    listed = {CODE.findall(row[0])[0] for row in _section("Commands")}
    assert listed == set(COMMANDS)


def test_the_walk_sees_every_command_and_the_table_every_flag():
    # A walk that silently missed the lazily imported commands would pass every check.
    assert {"receive", "letter forward", "register print", "forms fill", "calendar"} <= set(COMMANDS)
    assert len(COMMANDS) >= 50 and len(FLAGS) >= 50
    assert set(VALUE) >= {value for value, _ in FLAGS.values()}


@pytest.mark.parametrize("text", ["2024-01-05", "5 ม.ค. 2567", "๕/๑/๒๕๖๗", "5/1/2567", "๕ มกราคม ๒๕๖๗"])
def test_the_date_type_reads_iso_and_thai_be(text):
    from datetime import date

    assert P.DATE.convert(text, None, None) == date(2024, 1, 5)


@pytest.mark.parametrize("text, mention", [("5/1/2024", "2567"), ("2567", "whole date"), ("31 ก.พ. 2567", "")])
def test_the_date_type_refuses_ce_years_bare_years_and_impossible_dates(text, mention):
    from docengine.errors import DocengineError

    with pytest.raises(DocengineError) as err:
        P.DATE.convert(text, None, None)
    assert mention in str(err.value) and re.search(r"[\u0e00-\u0e7f]", str(err.value))


def test_the_fy_type_reads_thai_digits_and_refuses_a_ce_year():
    from docengine.errors import DocengineError

    assert P.FY.convert("๒๕๗๐", None, None) == 2570
    with pytest.raises(DocengineError, match="2570"):
        P.FY.convert("2027", None, None)


def test_an_unknown_option_is_a_usage_error_in_thai_and_english(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["register", "print", "--bogus"])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and "--bogus" in err and "No such option" in err and "คำสั่งหรือตัวเลือกไม่ถูกต้อง" in err


def test_an_old_spelling_still_works_with_a_note_and_clashes_are_usage_errors(tmp_path, monkeypatch, capsys):
    """`receive --as CODE` (before --agency) still receives, says to use --agency; both with
    different values is a usage error (exit 2) in Thai and English."""
    from docengine.register import open_register
    from register_helpers import run

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    monkeypatch.setenv("DOCENGINE_DB", url)
    open_register(url).close()
    pdf = tmp_path / "in.pdf"
    import pikepdf

    doc = pikepdf.new()
    doc.add_blank_page(page_size=(595, 842))
    doc.save(pdf)
    meta = tmp_path / "meta.yaml"
    meta.write_text("book_number: ชม 0023.5/1\ndate: 2024-01-05\nsender: อำเภอฝาง\nsubject: ทดสอบ\n",
                    encoding="utf-8")
    code, out, err = run(capsys, "receive", str(pdf), "--as", "ชม 52101", "--meta", str(meta),
                         "--pdf", str(tmp_path / "stamped.pdf"))
    assert "--as is deprecated, use --agency" in err and "เลิกใช้แล้ว" in err
    assert code == 0, err
    assert [r.agency_code for r in open_register(url).list("receive")] == ["ชม 52101"]
    code, out, err = run(capsys, "receive", str(pdf), "--as", "ชม 52101", "--agency", "ชม 0023.3",
                         "--pdf", str(tmp_path / "other.pdf"))
    assert code == 2 and "same option" in err and "ตัวเลือกเดียวกัน" in err
