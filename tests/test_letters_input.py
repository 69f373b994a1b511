"""Bad letter input and bad template sets give clear bilingual errors and write nothing."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from docengine.cli import cli
from docengine.errors import ValidationError
from docengine.render.document import Renderer, load_sample, sample_path
from docengine.render.templateset import TemplateSetError
from docengine.office import Office

SAMPLE = sample_path("external")


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False, standalone_mode=False) \
        if False else _main(list(args))


def _main(argv):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "docengine", *argv], capture_output=True, text=True)


def write(tmp_path, name, data) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_render_command_writes_both_outputs(tmp_path):
    pdf, docx = tmp_path / "a.pdf", tmp_path / "a.docx"
    result = run("render", "external", "--data", str(SAMPLE), "--pdf", str(pdf), "--docx", str(docx))
    assert result.returncode == 0, result.stderr
    assert pdf.read_bytes().startswith(b"%PDF") and docx.stat().st_size > 5000
    assert "sha256" in result.stdout


def test_every_problem_reported_at_once_with_line_numbers(tmp_path):
    data = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    data["subjct"] = data.pop("subject")          # misspelt key
    data["date"] = "2566-12-13"                   # BE year where CE is expected
    data["speed"] = "ด่วนมากๆ"                    # not a speed class
    del data["recipient"]                         # required
    bad = write(tmp_path, "bad.yaml", data)
    pdf = tmp_path / "out.pdf"
    result = run("render", "letters/external", "--data", str(bad), "--pdf", str(pdf))
    assert result.returncode == 1
    err = result.stderr
    assert "Traceback" not in err
    assert "did you mean 'subject'" in err and "หมายถึง 'subject'" in err
    assert "2566" in err and "Buddhist-era" in err and "ปีพุทธศักราช" in err and "2023" in err
    assert "speed" in err and "must be one of" in err
    assert "recipient" in err and "required" in err and "ต้องระบุ" in err
    assert "bad.yaml:" in err                     # file:line
    assert "5 problems" in err or "4 problems" in err
    assert not pdf.exists() and not list(tmp_path.glob(".out.pdf*"))


def test_validation_error_names_lines(tmp_path):
    bad = tmp_path / "b.yaml"
    bad.write_text(SAMPLE.read_text(encoding="utf-8").replace("date: 2023-12-13", "date: 2023-02-30"),
                   encoding="utf-8")
    from docengine.records.datafile import read_datafile

    with pytest.raises(ValidationError) as info:
        Renderer(Office.sample()).prepare("external", read_datafile(bad))
    (problem,) = info.value.problems
    line = next(i for i, text in enumerate(bad.read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("date:"))
    assert problem.field == "date" and problem.source == f"b.yaml:{line}"


def test_unknown_set_and_missing_file_are_clear(tmp_path):
    result = run("render", "externl", "--data", str(SAMPLE), "--pdf", str(tmp_path / "x.pdf"))
    assert result.returncode == 1 and "did you mean" in result.stderr and "Traceback" not in result.stderr
    result = run("render", "external", "--data", str(tmp_path / "nope.yaml"), "--pdf", "x.pdf")
    assert result.returncode != 0 and "Traceback" not in result.stderr


def test_templates_list_and_show():
    result = run("templates", "list")
    for key in ("letters/external", "letters/memo", "letters/stamped", "letters/order", "letters/announcement"):
        assert key in result.stdout
    shown = run("templates", "show", "external").stdout
    assert "book_number" in shown and "ที่" in shown and "signer.capacity" in shown and "ปฏิบัติราชการแทน" in shown


def test_help_is_bilingual_and_loads_no_renderer():
    """`docengine --help` stays fast because the CLI is lazy: no renderer, PDF or database
    library is imported to print help (timing itself: bench/cli_startup.py)."""
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "docengine", "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "คำสั่ง" in result.stdout and "Commands" in result.stdout
    probe = ("import sys\nfrom docengine.cli import main\n"
             "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
             "print(sorted(m for m in ('weasyprint', 'docx', 'docxtpl', 'sqlalchemy', 'openpyxl', 'pythainlp',"
             " 'pikepdf', 'pyhanko') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True).stdout.strip().splitlines()
    assert loaded[-1] == "[]"
    version = subprocess.run([sys.executable, "-m", "docengine", "--version"], capture_output=True, text=True)
    assert "docengine" in version.stdout


# --- an office's own template folder --------------------------------------------------------
def _office_with_templates(tmp_path, html: str, schema: str | None = None) -> Path:
    shipped = Path(Renderer(Office.sample()).find("external").folder)
    folder = tmp_path / "tpl" / "letters" / "notice"
    shutil.copytree(shipped, folder)
    (folder / "manifest.yaml").write_text(
        (folder / "manifest.yaml").read_text(encoding="utf-8").replace("name: external", "name: notice"),
        encoding="utf-8")
    (folder / "page.html.j2").write_text(html, encoding="utf-8")
    if schema is not None:
        (folder / "schema.yaml").write_text(schema, encoding="utf-8")
    office = yaml.safe_load(Path(Renderer(Office.sample()).office.path).read_text(encoding="utf-8"))
    office["template_dir"] = str(tmp_path / "tpl")
    path = tmp_path / "office.yaml"
    path.write_text(yaml.safe_dump(office, allow_unicode=True), encoding="utf-8")
    return path


def test_office_template_set_is_used(tmp_path):
    office = _office_with_templates(tmp_path, "<html><body><p>หนังสือของสำนักงาน {{ subject }}</p></body></html>")
    r = Renderer(office)
    assert r.find("notice").key == "letters/notice"
    pdf = r.render_pdf(r.prepare("notice", load_sample("external")))
    from extract import pdftotext

    assert "หนังสือของสำนักงาน ประชาสัมพันธ์" in pdftotext(pdf)


def test_office_template_cannot_escape_the_sandbox(tmp_path):
    from docengine.errors import DocengineError

    office = _office_with_templates(
        tmp_path, "<p>\n{{ ''.__class__.__mro__[1].__subclasses__() }}</p>")
    r = Renderer(office)
    with pytest.raises(DocengineError) as info:
        r.html(r.prepare("notice", load_sample("external")))
    assert "SecurityError" in str(info.value) and "page.html.j2:2" in str(info.value)
    office = _office_with_templates(tmp_path / "b", "{% include '/etc/passwd' %}")
    r = Renderer(office)
    with pytest.raises(DocengineError) as info:
        r.html(r.prepare("notice", load_sample("external")))
    assert "TemplateNotFound" in str(info.value)


def test_template_runtime_error_is_a_clear_message_not_a_traceback(tmp_path):
    office = _office_with_templates(tmp_path, "<p>{{ subject }}</p>\n<p>{{ nosuchvar.attr }}</p>")
    result = run("--office", str(office), "render", "notice", "--data", str(SAMPLE),
                 "--pdf", str(tmp_path / "n.pdf"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "page.html.j2:2" in result.stderr
    assert "แม่แบบ" in result.stderr
    assert not (tmp_path / "n.pdf").exists()


def test_outputs_are_all_or_nothing_and_readable(tmp_path):
    import stat

    blocker = tmp_path / "g.pdf"
    blocker.write_bytes(b"x")
    pdf = tmp_path / "ok.pdf"
    result = run("render", "external", "--data", str(SAMPLE), "--pdf", str(pdf),
                 "--docx", str(blocker / "x.docx"))
    assert result.returncode == 4 and "Traceback" not in result.stderr
    assert "เขียนแฟ้ม" in result.stderr
    assert not pdf.exists() and not list(tmp_path.glob(".*.part"))
    result = run("render", "external", "--data", str(SAMPLE), "--pdf", str(pdf))
    assert result.returncode == 0
    assert pdf.stat().st_mode & stat.S_IROTH, "outputs are readable by other accounts"


def test_broken_office_template_names_file_and_line(tmp_path):
    office = _office_with_templates(tmp_path, "<p>\n{{ subject }\n</p>")
    with pytest.raises(TemplateSetError) as info:
        Renderer(office).find("notice")
    assert "page.html.j2:2" in str(info.value)


def test_bad_schema_names_file_line_and_field(tmp_path):
    schema = textwrap.dedent("""\
        fields:
          subject: {type: text}
          date: {type: datetim}
        """)
    office = _office_with_templates(tmp_path, "<p>{{ subject }}</p>", schema)
    with pytest.raises(TemplateSetError) as info:
        Renderer(office).find("notice")
    message = str(info.value)
    assert "schema.yaml:3" in message and "date" in message and "datetim" in message


def test_missing_glyph_fails_loudly():
    from docengine.render.textlayer import MissingGlyphError

    r = Renderer(Office.sample())
    data = load_sample("external").data
    data["body"] = ["เครื่องหมาย ☑ ไม่มีในแบบอักษร"]
    with pytest.raises(MissingGlyphError) as info:
        r.render_pdf(r.prepare("external", data))
    assert "☑" in str(info.value)


def test_docx_template_with_split_tag_is_rejected_on_load(tmp_path):
    from docx import Document

    office = _office_with_templates(tmp_path, "<p>{{ subject }}</p>")
    docx_path = tmp_path / "tpl" / "letters" / "notice" / "template.docx"
    doc = Document(str(docx_path))
    p = doc.add_paragraph()
    p.add_run("เรื่อง {{ sub")
    p.add_run("ject }}")
    doc.save(str(docx_path))
    with pytest.raises(TemplateSetError) as info:
        Renderer(office).find("notice")
    assert "template.docx" in str(info.value) and "split across Word runs" in str(info.value)


def test_templates_list_exits_1_on_an_invalid_set(tmp_path):
    """An office set with a broken manifest is listed as INVALID and the command fails (exit 1)."""
    office = _office_with_templates(tmp_path, "<p>{{ subject }}</p>")
    (tmp_path / "tpl" / "letters" / "notice" / "manifest.yaml").write_text("name: [", encoding="utf-8")
    result = run("--office", str(office), "templates", "list")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "letters/notice" in result.stdout and "INVALID" in result.stdout
    assert "letters/external" in result.stdout  # the valid sets are still listed
