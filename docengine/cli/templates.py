"""``docengine templates …`` and ``docengine render``."""

from __future__ import annotations

from pathlib import Path

import click

from .output import files_result, reports, result, say

from .archive import pdfa_option


def _renderer(ctx, pdfa=None):
    from docengine.render.document import Renderer

    return Renderer(ctx.obj.get("office") if ctx.obj else None, pdfa=pdfa)


@click.group()
def templates():
    """List and inspect template sets / ชุดแม่แบบเอกสาร."""


def _refuse_registered(ctx, *paths) -> None:
    """Refuse to write over a registered letter's or receipt's file, as ``letter issue`` does.

    Checked against the register of --db / $DOCENGINE_DB (or the default one) when it
    exists; a missing register is not created for this, and no dead process's work is
    recovered (that is the register commands' job).
    """
    from docengine.register import NoRegister, open_register

    obj = ctx.find_root().obj or {}
    try:
        reg = open_register(obj.get("db"), office=obj.get("office"), recover=False, create=False)
    except NoRegister:
        return  # no books, so no registered file to protect
    with reg:
        reg.refuse_registered(*paths)


@templates.command("list")
@reports("templates")
@click.pass_context
def list_(ctx):
    """List the template sets / แสดงรายการชุดแม่แบบ."""
    from docengine.render.templateset import TemplateSetError, load_set, set_folders

    office = _renderer(ctx).office
    bad, found = 0, []
    for key, (folder, root) in set_folders(office.template_dir).items():
        try:
            s = load_set(folder, root, key)
        except TemplateSetError as exc:
            bad += 1
            say(f"{key:<32} INVALID / ไม่ถูกต้อง: {exc.en}")
            found.append({"name": key, "valid": False, "problem": exc.en})
            continue
        say(f"{s.key:<32} {s.title}  (v{s.manifest['version']}, {s.manifest['kind']})")
        found.append({"name": s.key, "valid": True, "title": s.title, "version": str(s.manifest["version"]),
                      "kind": s.manifest["kind"], "folder": str(s.folder)})
    result(found)
    if bad:
        ctx.exit(1)


@templates.command("show")
@click.argument("name")
@reports("template")
@click.pass_context
def show(ctx, name):
    """Show a set's fields with their Thai labels / แสดงเขตข้อมูลของชุดแม่แบบ."""
    renderer = _renderer(ctx)
    s = renderer.find(name)
    say(f"{s.key} — {s.title}" + (f" / {s.manifest.get('title_en')}" if s.manifest.get("title_en") else ""))
    say(f"folder: {s.folder}")
    fields = []
    for dotted, spec in s.schema.describe():
        flags = "required" if spec.required else "optional"
        extra = f" [{' | '.join(spec.choices)}]" if spec.choices else ""
        default = f" (default: {spec.default})" if spec.default is not None else ""
        say(f"  {dotted:<26} {spec.type:<8} {flags:<8} {spec.label}"
            f"{' / ' + spec.label_en if spec.label_en else ''}{extra}{default}")
        fields.append({"field": dotted, "type": spec.type, "required": bool(spec.required), "label": spec.label,
                       "label_en": spec.label_en, "choices": list(spec.choices) if spec.choices else None,
                       "default": spec.default})
    result({"name": s.key, "title": s.title, "title_en": s.manifest.get("title_en"), "folder": str(s.folder),
            "fields": fields})


@click.command()
@click.argument("name")
@click.option("--data", "data_file", required=True, type=click.Path(exists=True, dir_okay=False),
              help="YAML or JSON data file (a people file CSV/XLSX for lists and forms) / แฟ้มข้อมูล")
@click.option("--pdf", type=click.Path(dir_okay=False), help="Write the PDF here / ที่เก็บแฟ้ม PDF")
@click.option("--docx", type=click.Path(dir_okay=False), help="Write the DOCX here / ที่เก็บแฟ้ม DOCX")
@click.option("--xlsx", type=click.Path(dir_okay=False),
              help="Write the XLSX here (lists, reports, calendars) / ที่เก็บแฟ้ม XLSX")
@click.option("--enclosure", "enclosures", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="PDF to append, in order (repeatable) / แฟ้มสิ่งที่ส่งมาด้วยที่จะต่อท้าย")
@click.option("--draft", is_flag=True, help="Mark every page ร่าง (draft) / พิมพ์คำว่า ร่าง บนทุกหน้า")
@pdfa_option
@reports("files")
@click.pass_context
def render(ctx, name, data_file, pdf, docx, xlsx, enclosures, draft, pdfa):
    """Render a document of any template set from a data file / สร้างเอกสารจากแฟ้มข้อมูล.

    NAME is a set `docengine templates list` shows; `docengine templates show NAME`
    lists its fields. Every set has a sample input in data/samples/documents/.
    A letter without book_number prints its agency code and series with a space
    for the number (``ที่ ชม ๐๐๒๓.๓/ว``), to be numbered at dispatch by
    ``letter issue``; nothing is taken from the register (a filled registration
    form leaves ทะเบียนเลขที่ blank; ``forms fill`` numbers them).

    Example: docengine render external --data letter.yaml --pdf letter.pdf --docx letter.docx --draft
    """
    from docengine.records.datafile import read_document_data

    if not pdf and not docx and not xlsx:
        raise click.UsageError("give --pdf, --docx and/or --xlsx / ระบุ --pdf --docx หรือ --xlsx อย่างน้อยหนึ่งอย่าง")
    _refuse_registered(ctx, pdf, docx, xlsx)
    done = _renderer(ctx, pdfa).render(name, read_document_data(data_file), pdf=pdf, docx=docx, xlsx=xlsx,
                                       enclosures=[Path(e) for e in enclosures], draft=draft)
    for path, sha in done.files.items():
        pages = f", {done.pages} pages" if path.suffix == ".pdf" and done.pages else ""
        say(f"wrote {path} (sha256 {sha[:12]}…{pages})")
    if done.summary:
        say(done.summary)
    files_result(done.files, template=name, summary=done.summary or None)
