"""What a command reports: lines for people, or one JSON document with ``--json``.

Every command that reports something is decorated with ``@reports("SHAPE")``. It gains
``--json``, whose document has the shape ``docs/schemas/SHAPE.json`` (tests validate every
command's output against it), and it says what it did through :func:`say` (lines for
people, on stdout) and :func:`result` (the JSON document). With ``--json`` the lines are
not printed and the document is, once, when the command has finished; notes and
warnings go to stderr either way. One mechanism for every command, so the two never
drift apart.

>>> from click.testing import CliRunner
>>> @click.command()
... @reports("thai")
... def hello():
...     say("๕ มกราคม ๒๕๖๗")
...     result({"text": "๕ มกราคม ๒๕๖๗", "date": "2024-01-05"})
>>> print(CliRunner().invoke(hello, []).output, end="")
๕ มกราคม ๒๕๖๗
>>> print(CliRunner().invoke(hello, ["--json"]).output, end="")
{
  "text": "๕ มกราคม ๒๕๖๗",
  "date": "2024-01-05"
}
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

import click

_KEY = "docengine.report"


class _Report:
    def __init__(self, shape: str, as_json: bool):
        self.shape, self.as_json, self.payload = shape, as_json, None


def reports(shape: str):
    """Give a command ``--json`` (shape ``docs/schemas/SHAPE.json``) and its report."""

    def decorate(f):
        @functools.wraps(f)
        def command(*args, as_json: bool = False, **kwargs):
            ctx = click.get_current_context()
            report = ctx.meta[_KEY] = _Report(shape, as_json)
            try:
                value = f(*args, **kwargs)
            except (SystemExit, click.exceptions.Exit):  # a failure told by the exit code (verify, check)
                if as_json and report.payload is not None:
                    _print(report)
                raise
            if as_json:
                _print(report)
            return value

        command.json_shape = shape
        return click.option("--json", "as_json", is_flag=True,
                            help=f"Print the result as JSON (shape: docs/schemas/{shape}.json)")(command)

    return decorate


def _print(report: _Report) -> None:
    click.echo(json.dumps(report.payload if report.payload is not None else {}, ensure_ascii=False, indent=2,
                          default=str))


def _current() -> _Report | None:
    ctx = click.get_current_context(silent=True)
    return ctx.meta.get(_KEY) if ctx is not None else None


def say(*lines: str, nl: bool = True) -> None:
    """Lines for people (stdout); not printed with ``--json``."""
    report = _current()
    if report is None or not report.as_json:
        for line in lines:
            click.echo(line, nl=nl)


def result(payload) -> None:
    """The command's JSON document (printed with ``--json`` when the command finishes)."""
    report = _current()
    if report is not None:
        report.payload = payload


def json_mode() -> bool:
    """Whether the running command prints JSON (so a long table need not be formatted)."""
    report = _current()
    return bool(report and report.as_json)


def file_entry(path: str | Path) -> dict:
    """One written file as the JSON documents list it: path, bytes, SHA-256, pages of a PDF.

    >>> import tempfile, os
    >>> fd, name = tempfile.mkstemp(suffix=".txt"); os.write(fd, b"ok"); os.close(fd)
    2
    >>> e = file_entry(name); e["bytes"], e["sha256"][:12], "pages" in e
    (2, '2689367b205c', False)
    """
    path = Path(path)
    blob = path.read_bytes()
    entry = {"path": str(path), "bytes": len(blob), "sha256": hashlib.sha256(blob).hexdigest()}
    if path.suffix.lower() == ".pdf":
        import pikepdf

        try:
            with pikepdf.open(path) as pdf:
                entry["pages"] = len(pdf.pages)
        except pikepdf.PdfError:
            pass
    return entry


def files_result(paths, **extra) -> None:
    """:func:`result` for a command that wrote files: ``{"files": [...], **extra}``."""
    result({"files": [file_entry(p) for p in paths], **extra})
