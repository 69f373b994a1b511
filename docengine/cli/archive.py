"""``docengine archive check``, and the ``--pdfa`` option every PDF-writing command shares.

    docengine letter issue --data letter.yaml --pdf letter.pdf --pdfa 2u
    docengine archive check letter.pdf --pdfa 2u      # exit 0 passes, 1 names the rules broken
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .output import reports, result, say
from .params import deprecated

pdfa_option = click.option(
    "--pdfa", type=click.Choice(["2u", "3u"], case_sensitive=False), default=None,
    help="Write PDF/A-2u or PDF/A-3u (default: the office's pdfa setting) / เขียนเป็น PDF/A")


@click.group()
def archive():
    """Archival PDF: check PDF/A structure / ตรวจโครงสร้าง PDF/A"""


@archive.command("check")
@deprecated("--level", "level")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--pdfa", "level", type=click.Choice(["2u", "3u"], case_sensitive=False),
              help="Require this PDF/A level (default: the level the file claims)")
@reports("archive-check")
@click.pass_context
def check(ctx, files, level):
    """Check FILES against docengine's PDF/A structural rules (not a full validator: docs/archive.md).

    Prints one line per file, and each broken rule under it; exits 1 if any file fails.
    """
    from docengine.archive.check import check_pdfa
    from docengine.errors import DocengineError

    failed, checked = 0, []
    for name in files:
        try:
            blob = Path(name).read_bytes()
        except OSError as exc:
            raise DocengineError(f"cannot read {name}: {exc.strerror}", f"อ่านแฟ้ม {name} ไม่ได้") from None
        findings = check_pdfa(blob, level)
        checked.append({"file": name, "ok": not findings, "findings": [str(f) for f in findings]})
        if findings:
            failed += 1
            say(f"FAIL {name} / ไม่ผ่าน", *(f"  {f}" for f in findings))
        else:
            say(f"ok   {name} / ผ่าน")
    result(checked)
    if failed:
        # sys.exit, not ctx.exit: click returns ctx.exit's code from main() in non-standalone mode.
        sys.exit(1)
