"""The ``docengine`` command.

Subcommands live in their own modules and are imported only when used, so
``docengine --help`` stays fast (WeasyPrint and SQLAlchemy are heavy imports).
"""

from __future__ import annotations

import os
import re
import sys
from importlib import import_module

import click

from docengine import __version__
from docengine.errors import (EXIT_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_IO, EXIT_USAGE, DocengineError,
                              ValidationError)

THAI = re.compile(r"[\u0e00-\u0e7f]")

# command name -> "module:attribute", imported on first use.
COMMANDS = {
    "demo": ("docengine.cli.demo:demo", "Run the demo job / สร้างเอกสารตัวอย่างทั้งหมด"),
    "thai": ("docengine.cli.thai:thai", "Thai formatting helpers / เครื่องมือจัดรูปแบบภาษาไทย"),
    "templates": ("docengine.cli.templates:templates", "List and inspect template sets / ชุดแม่แบบเอกสาร"),
    "render": ("docengine.cli.templates:render", "Render a document from a data file / สร้างเอกสารจากแฟ้มข้อมูล"),
    "letter": ("docengine.cli.register:letter", "Issue and forward registered letters / ออกเลขและส่งต่อหนังสือ"),
    "receive": ("docengine.cli.register:receive", "Register an incoming letter / ลงรับหนังสือ"),
    "endorse": ("docengine.cli.register:endorse", "Add an endorsement (เกษียน) / เกษียนหนังสือ"),
    "chain": ("docengine.cli.register:chain", "Show a letter chain / แสดงสายหนังสือ"),
    "register": ("docengine.cli.register:register", "List and print the registers / ทะเบียนหนังสือรับ-ส่ง"),
    "forms": ("docengine.cli.forms:forms", "Allowance registration forms / แบบคำขอลงทะเบียน"),
    "notices": ("docengine.cli.notices:notices", "Allowance notices / ประกาศและประชาสัมพันธ์"),
    "reports": ("docengine.cli.notices:reports", "Allowance count reports / รายงานสรุปจำนวน"),
    "archive": ("docengine.cli.archive:archive", "Check archival PDF/A structure / ตรวจโครงสร้าง PDF/A"),
    "sign": ("docengine.cli.sign:sign", "Sign a PDF with the agency's certificate (PAdES) / ลงลายมือชื่อดิจิทัล"),
    "verify": ("docengine.cli.sign:verify", "Verify a signed PDF / ตรวจสอบลายมือชื่อดิจิทัล"),
    "batch": ("docengine.cli.batch:batch",
              "Every LAO's lists, notices and counts in one run (Dask) / เอกสารทุก อปท. ในคำสั่งเดียว"),
    "serve": ("docengine.cli.serve:serve", "Serve the saraban web desk / เปิดระบบสารบรรณบนเว็บ"),
    "calendar": ("docengine.cli.calendar:calendar",
                 "Registration-cycle calendar (PDF, XLSX, ICS) / ปฏิทินการรับลงทะเบียน"),
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported only when invoked."""

    def list_commands(self, ctx):
        return [name for name, (target, _) in COMMANDS.items() if _available(target)]

    def get_command(self, ctx, name):
        if name not in COMMANDS:
            return None
        target, _ = COMMANDS[name]
        module, attr = target.split(":")
        try:
            command = getattr(import_module(module), attr)
        except ModuleNotFoundError as exc:
            if exc.name == module:
                return None
            raise
        _guard_paths(command)
        return command

    def format_commands(self, ctx, formatter):
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands / คำสั่ง"):
                formatter.write_dl(rows)


# Options that name files a command writes; every other path it is given is an input.
OUTPUT_OPTIONS = {"--pdf", "--docx", "--xlsx", "--out", "--ics", "--csv", "--json-out"}


def _guard_paths(command: click.Command) -> None:
    """Make every (sub)command check, before it runs, that no output is one of its inputs
    or another of its outputs (docengine.io.command_paths): one check for every command,
    kept while it runs for the output names it invents (docengine.io.claim_output)."""
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _guard_paths(sub)
        return
    if command.callback is None or getattr(command.callback, "_paths_checked", False):
        return
    original = command.callback

    def checked(*args, **kwargs):
        from docengine.io import command_paths

        with command_paths(*_check_paths(click.get_current_context())):
            return original(*args, **kwargs)

    checked._paths_checked = True
    checked.__wrapped__ = original
    checked.__doc__ = original.__doc__
    command.callback = checked


def _check_paths(ctx: click.Context) -> tuple[dict, dict]:
    """The command's outputs and inputs as typed ({option: path}); the names a command
    invents itself are checked against them when it knows them (docengine.io.claim_output)."""
    from pathlib import Path

    outputs, inputs = {}, {}
    for param in ctx.command.params:
        value = ctx.params.get(param.name)
        values = value if isinstance(value, (tuple, list)) else (value,)
        flag = next((o for o in param.opts if o.startswith("--")), param.human_readable_name.strip("[]."))
        for i, v in enumerate(values):
            if not isinstance(v, (str, Path)) or not str(v):
                continue
            key = flag if len(values) == 1 else f"{flag}[{i + 1}]"
            if flag in OUTPUT_OPTIONS:
                outputs[key] = Path(v)
            elif isinstance(param.type, click.Path) or os.path.isfile(str(v)):
                if os.path.exists(str(v)):
                    inputs[key] = Path(v)
    root = ctx.find_root().obj or {}
    if root.get("office"):
        inputs["--office"] = Path(root["office"])
    db = root.get("db") or os.environ.get("DOCENGINE_DB")
    if db:
        from docengine.register.db import sqlite_file

        try:
            file = sqlite_file(db)
        except DocengineError:
            file = None  # a malformed --db is reported when the register is opened
        if file is not None:
            inputs["--db"] = file
    return outputs, inputs


def _available(target: str) -> bool:
    from importlib.util import find_spec

    return find_spec(target.split(":")[0]) is not None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="docengine")
@click.option(
    "--db",
    envvar="DOCENGINE_DB",
    metavar="URL",
    help="Register database URL (default: SQLite in the user data folder) / ฐานข้อมูลทะเบียน",
)
@click.option(
    "--office",
    type=click.Path(dir_okay=False),
    envvar="DOCENGINE_OFFICE",
    help="Office config YAML (letterhead, signer, font; default: the sample office "
         "data/samples/office.yaml, เทศบาลตำบลสันทราย) / แฟ้มตั้งค่าหน่วยงาน (ค่าเริ่มต้น: หน่วยงานตัวอย่าง)",
)
@click.pass_context
def cli(ctx, db, office):
    """docengine — Thai official correspondence: draft, number, render, track.

    ระบบจัดทำ ออกเลข พิมพ์ และติดตามหนังสือราชการ
    """
    ctx.ensure_object(dict)
    ctx.obj["db"] = db
    # The command line's one default office is the sample, named here (and in --help):
    # below this point every command is given an office file, never none.
    if office is None:
        from docengine.office import sample_office_path

        office = str(sample_office_path())
    ctx.obj["office"] = office
    if ctx.invoked_subcommand and not ctx.resilient_parsing:
        # Reference data is checked before any command works with it: a malformed
        # data file stops here with its name and problem, not halfway through a batch.
        from docengine import refdata

        refdata.check_all()


def main(argv=None):
    """Entry point: every failure is one bilingual message and a documented exit code
    (docs/exit-codes.md), never a traceback (``DOCENGINE_DEBUG=1`` shows it)."""
    try:
        # Without standalone mode Click returns ctx.exit(N)'s code instead of exiting.
        code = cli.main(args=argv, prog_name="docengine", standalone_mode=False)
        if isinstance(code, int) and not isinstance(code, bool) and code:
            sys.exit(code)
    except click.exceptions.Abort:
        click.echo("Aborted / ยกเลิก", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except click.ClickException as exc:
        exc.show()
        if exc.exit_code == EXIT_USAGE and not THAI.search(exc.format_message()):
            click.echo("คำสั่งหรือตัวเลือกไม่ถูกต้อง (ดูวิธีใช้ด้วย --help)", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except ValidationError as exc:
        click.echo(exc.report(), err=True)
        sys.exit(exc.exit_code)
    except DocengineError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("Interrupted / ถูกขัดจังหวะ", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except Exception as exc:
        if os.environ.get("DOCENGINE_DEBUG"):
            raise
        message, code = _explain(exc)
        click.echo(f"error: {message}", err=True)
        sys.exit(code)


def _explain(exc: Exception) -> tuple[str, int]:
    """A bilingual line and exit code for an exception no docengine code turned into a
    DocengineError: the user's environment (files, database), input that broke a library,
    or, last, a bug in docengine."""
    module = type(exc).__module__
    if isinstance(exc, OSError):
        import errno

        name = exc.filename or "(a temporary file)"
        if exc.errno == errno.EFBIG:
            return (f"{exc.strerror}: {name} would pass the file-size limit (ulimit -f) / "
                    f"ขนาดแฟ้มเกินขีดจำกัดของระบบ (ulimit -f): {name}", EXIT_IO)
        return (f"{exc.strerror or exc}: {name} / อ่านหรือเขียนแฟ้มไม่ได้: {name}", EXIT_IO)
    if isinstance(exc, MemoryError):
        return ("out of memory: the input is too large / หน่วยความจำไม่พอ ข้อมูลมีขนาดใหญ่เกินไป", EXIT_INPUT)
    if isinstance(exc, RecursionError):
        return ("the input is nested too deeply or refers to itself / "
                "ข้อมูลซ้อนกันลึกเกินไปหรืออ้างถึงตัวเอง", EXIT_INPUT)
    if module.startswith(("sqlalchemy", "psycopg")):
        detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        return (f"the register database cannot be used: {detail} / "
                f"ใช้ฐานข้อมูลทะเบียนไม่ได้ (ตรวจสอบ --db หรือ DOCENGINE_DB)", EXIT_IO)
    if module.startswith("jinja2"):
        from docengine.render.document import template_error

        return str(template_error(exc)), EXIT_INPUT
    where = ""
    tb = exc.__traceback__
    while tb is not None:
        where = f"{tb.tb_frame.f_code.co_filename.rsplit('/', 1)[-1]}:{tb.tb_lineno}"
        tb = tb.tb_next
    kind = type(exc).__name__
    return (f"internal error ({kind} at {where}): {str(exc)[:300]}; please report it with the command you ran "
            f"(DOCENGINE_DEBUG=1 shows the details) / เกิดข้อผิดพลาดภายในโปรแกรม ({kind}) กรุณาแจ้งผู้ดูแลพร้อมคำสั่งที่ใช้",
            EXIT_INTERNAL)
