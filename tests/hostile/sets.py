"""Hostile template sets: an office folder whose own template set does something it must not.

>>> import tempfile, pathlib
>>> o = hostile_office(pathlib.Path(tempfile.mkdtemp()), body="<p>x</p>")
>>> sorted(p.name for p in (o.folder / "tpl" / "letters" / "evil").iterdir())
['manifest.yaml', 'page.html.j2', 'schema.yaml']
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from docengine.resources import data_path, templates_path

PAGE = """<!DOCTYPE html>
<html lang="th"><head><meta charset="utf-8"><title>{{{{ subject }}}}</title>{head}</head>
<body><p>{{{{ subject }}}}</p>{body}</body></html>
"""


@dataclass
class Office:
    folder: Path      # the office's own folder (office.yaml, tpl/, the letter data)
    office: Path      # office.yaml
    data: Path        # a valid letter for the set "evil"
    set_folder: Path  # tpl/letters/evil

    def render(self, *extra: str, out: str = "out.pdf") -> list[str]:
        """Arguments of `docengine --office … render evil --data … --pdf OUT`."""
        return ["--office", str(self.office), "render", "evil", "--data", str(self.data),
                "--pdf", str(self.folder / "out" / out), *extra]


def hostile_office(tmp: Path, *, head: str = "", body: str = "", page: dict | None = None) -> Office:
    """An office folder with template set letters/evil whose page is ``head``/``body``."""
    folder = tmp / "office"
    evil = folder / "tpl" / "letters" / "evil"
    evil.mkdir(parents=True)
    (folder / "out").mkdir()
    shutil.copy(templates_path() / "letters" / "external" / "schema.yaml", evil / "schema.yaml")
    options = "".join(f"\n  {k}: {v}" for k, v in (page or {}).items())
    (evil / "manifest.yaml").write_text(
        "name: evil\ntitle: หนังสือทดสอบ\nkind: letter\nversion: 1\n" + (f"page:{options}\n" if options else ""),
        encoding="utf-8")
    (evil / "page.html.j2").write_text(PAGE.format(head=head, body=body), encoding="utf-8")
    office = folder / "office.yaml"
    office.write_text(data_path("samples", "office.yaml").read_text(encoding="utf-8")
                      + "\ntemplate_dir: tpl\n", encoding="utf-8")
    data = folder / "letter.yaml"
    shutil.copy(data_path("samples", "documents", "external.yaml"), data)
    return Office(folder, office, data, evil)
