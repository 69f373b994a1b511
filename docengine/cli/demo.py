"""``docengine demo``: the main job on the embedded defaults, written under out/demo/."""

from __future__ import annotations

import time
from importlib import import_module
from pathlib import Path

import click

from .output import files_result, reports, say

# Each step is "module:function"; the function takes (out_dir: Path, office) and
# returns the files it wrote. Steps run in order; a failing step stops the demo.
DEMO_STEPS = [
    ("Thai formatting showcase / ตัวอย่างการจัดรูปแบบภาษาไทย", "docengine.cli.demo:showcase"),
    ("Saraban letters / หนังสือราชการ", "docengine.render.demo:letters"),
    ("Allowance forms and proxy letters / แบบคำขอและหนังสือมอบอำนาจ", "docengine.forms.demo:forms"),
    ("Letter chain of seed S1 / สายหนังสือ กรม → จังหวัด → อำเภอ → เทศบาล", "docengine.chain.demo:chain"),
    ("Allowance notices and reports / ประกาศ ประชาสัมพันธ์ และรายงานเบี้ยยังชีพ", "docengine.notices.demo:notices_and_reports"),
    ("Archive and signatures / PDF/A ลายมือชื่ออิเล็กทรอนิกส์ และทะเบียนที่ตรวจสอบได้", "docengine.archive.demo:archive"),
]


@click.command()
@click.option("--out", "out_dir", default="out/demo", show_default=True,
              type=click.Path(file_okay=False), help="Output folder / โฟลเดอร์ผลลัพธ์")
@reports("files")
@click.pass_context
def demo(ctx, out_dir):
    """Produce every kind of document from the sample data / สร้างเอกสารตัวอย่างทุกประเภท."""
    from docengine import refdata
    from docengine.office import load_office

    refdata.check_all()
    office = load_office(ctx.obj.get("office") if ctx.obj else None)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for title, target in DEMO_STEPS:
        module, attr = target.split(":")
        started = time.perf_counter()
        say(f"• {title} …", nl=False)
        files = getattr(import_module(module), attr)(out, office)
        written += files
        say(f" {len(files)} files in {time.perf_counter() - started:.1f} s")
    say(f"\nWrote {len(written)} files under {out}/:")
    for path in sorted(written):
        size = path.stat().st_size
        say(f"  {path}  ({size / 1024:.0f} KB)")
    files_result(sorted(written))
    _web_desk(out, office, ctx.obj.get("office") if ctx.obj else None)


def _web_desk(out: Path, office, office_option) -> None:
    """The web desk's demo users (new passwords each run) and how to start it; the address last."""
    import shlex

    from docengine.web.demo import ROLE_NAMES, desk_users

    file, users = desk_users(out, office)
    say(f"\nThe web desk / ระบบสารบรรณบนเว็บ — demo users of {office.name} (new passwords on every run / "
        "รหัสผ่านใหม่ทุกครั้งที่รัน):")
    for u in users:
        say(f"  {u.login:<9} password / รหัสผ่าน: {u.password}  " + (f"PIN: {u.pin}  " if u.pin else " " * 13)
            + f"{ROLE_NAMES[u.role]}, {u.name}")
    option = f" --office {shlex.quote(str(office_option))}" if office_option and not office.is_sample else ""
    say(f"Start it / เปิดระบบ: docengine --db {shlex.quote(str(file))}{option} serve   then open / แล้วเปิด")
    say("http://127.0.0.1:8000/")


def showcase(out: Path, office) -> list[Path]:
    from docengine.showcase import write_showcase

    return write_showcase(out)
