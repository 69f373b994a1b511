"""The ``docengine`` command.

Subcommands live in their own modules and are imported only when used, so
``docengine --help`` stays fast (WeasyPrint and SQLAlchemy are heavy imports).
"""

from __future__ import annotations

import os
import sys
from importlib import import_module

import click

from docengine import __version__
from docengine.errors import DocengineError, ValidationError

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
            return getattr(import_module(module), attr)
        except ModuleNotFoundError as exc:
            if exc.name == module:
                return None
            raise

    def format_commands(self, ctx, formatter):
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands / คำสั่ง"):
                formatter.write_dl(rows)


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
    help="Office config YAML (letterhead, signer, font) / แฟ้มตั้งค่าหน่วยงาน",
)
@click.pass_context
def cli(ctx, db, office):
    """docengine — Thai official correspondence: draft, number, render, track.

    ระบบจัดทำ ออกเลข พิมพ์ และติดตามหนังสือราชการ
    """
    ctx.ensure_object(dict)
    ctx.obj["db"] = db
    ctx.obj["office"] = office
    if ctx.invoked_subcommand and not ctx.resilient_parsing:
        # Reference data is checked before any command works with it: a malformed
        # data file stops here with its name and problem, not halfway through a batch.
        from docengine import refdata

        refdata.check_all()


def main(argv=None):
    """Entry point: user errors print a bilingual message and exit 1, never a traceback."""
    try:
        cli.main(args=argv, prog_name="docengine", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted / ยกเลิก", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except ValidationError as exc:
        click.echo(exc.report(), err=True)
        sys.exit(1)
    except DocengineError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("Interrupted / ถูกขัดจังหวะ", err=True)
        sys.exit(130)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except OSError as exc:
        if os.environ.get("DOCENGINE_DEBUG"):
            raise
        click.echo(f"error: {exc.strerror or exc}: {exc.filename or ''} / "
                   f"อ่านหรือเขียนแฟ้มไม่ได้: {exc.filename or ''}", err=True)
        sys.exit(1)
    except Exception as exc:
        # Database and template-engine failures are the user's environment or input,
        # not a bug to show as a traceback (DOCENGINE_DEBUG=1 shows it).
        module = type(exc).__module__
        if os.environ.get("DOCENGINE_DEBUG") or not module.startswith(("sqlalchemy", "jinja2", "psycopg")):
            raise
        if module.startswith(("sqlalchemy", "psycopg")):
            detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            click.echo(f"error: the register database cannot be used: {detail} / "
                       f"ใช้ฐานข้อมูลทะเบียนไม่ได้ (ตรวจสอบ --db หรือ DOCENGINE_DB)", err=True)
        else:
            from docengine.render.document import template_error

            click.echo(f"error: {template_error(exc)}", err=True)
        sys.exit(1)
