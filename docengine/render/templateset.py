"""Template sets: one folder per document kind.

A template set folder holds::

    manifest.yaml    name, Thai title, kind, version and page options
    schema.yaml      the fields it accepts (see docengine.models.schema)
    page.html.j2     Jinja2 → HTML for the PDF
    template.docx    docxtpl template for the editable Word version

Sets are found under the shipped ``templates/`` folder and, first, under an office's
own template folder, so an office can override a set or add one without forking.
Sets are addressed as ``letters/external`` or by their bare name ``external``.
Loading validates the whole set; errors name the file, line and field.

>>> s = find_set("external")
>>> s.key, s.title
('letters/external', 'หนังสือภายนอก')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import DocengineError
from ..models.schema import Schema
from ..records.datafile import DataFileError, read_text, parse_yaml
from ..resources import templates_path

CATEGORIES = ("letters", "forms", "notices")
MANIFEST_KEYS = {"name", "title", "title_en", "kind", "version", "page", "description", "context"}
# ``context: docengine.forms.context:build``: the set's context builder (docengine.render.output);
# a set that names none is validated and rendered by the plain one.
DEFAULT_CONTEXT = "docengine.render.context:build"
_BUILDER_NAME = re.compile(r"docengine(\.[a-z_][a-z0-9_]*)+:[a-z_][a-z0-9_]*")


class TemplateSetError(DocengineError):
    """A template set is malformed; the message names file, line and field."""


@dataclass(frozen=True)
class TemplateSet:
    key: str  # "letters/external"
    folder: Path
    root: Path  # the templates root the set was found in (Jinja loader path)
    manifest: dict[str, Any]
    schema: Schema
    page: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.manifest["name"]

    @property
    def title(self) -> str:
        return self.manifest["title"]

    def builder(self):
        """The set's context builder (``context:`` in its manifest), imported on first use.

        Only functions of docengine marked with
        :func:`docengine.render.output.context_builder` may be named.
        """
        return _builder(self.manifest.get("context") or DEFAULT_CONTEXT, self.folder / "manifest.yaml")

    @property
    def html_template(self) -> str:
        """Jinja name of the HTML template (relative to the templates root)."""
        return f"{self.key}/page.html.j2"

    @property
    def docx_template(self) -> Path | None:
        path = self.folder / "template.docx"
        return path if path.is_file() else None


def template_roots(office_dir: Path | None = None) -> list[Path]:
    """Template roots in lookup order: the office's folder first, then the shipped one."""
    roots = [templates_path()]
    if office_dir:
        roots.insert(0, Path(office_dir))
    return roots


def set_folders(office_dir: Path | None = None) -> dict[str, tuple[Path, Path]]:
    """key -> (folder, root) of every set; an office's set overrides a shipped one."""
    found: dict[str, tuple[Path, Path]] = {}
    for root in reversed(template_roots(office_dir)):
        for category in CATEGORIES:
            base = root / category
            if not base.is_dir():
                continue
            for folder in sorted(base.iterdir()):
                if (folder / "manifest.yaml").is_file():
                    found[f"{category}/{folder.name}"] = (folder, root)
    return dict(sorted(found.items()))


def list_sets(office_dir: Path | None = None) -> list[TemplateSet]:
    """Every set, loaded and validated (raises on the first malformed one)."""
    return [load_set(folder, root, key) for key, (folder, root) in set_folders(office_dir).items()]


def find_set(name: str, office_dir: Path | None = None) -> TemplateSet:
    """The set called ``name`` (``letters/external`` or ``external``); only it is loaded."""
    folders = set_folders(office_dir)
    matches = [k for k, (folder, _) in folders.items() if k == name or folder.name == name]
    if len(matches) == 1:
        folder, root = folders[matches[0]]
        return load_set(folder, root, matches[0])
    if len(matches) > 1:
        raise TemplateSetError(
            f"template set name {name!r} is ambiguous: {', '.join(matches)}",
            f"ชื่อชุดแม่แบบ {name!r} ซ้ำกันหลายชุด",
        )
    import difflib

    names = list(folders) + [folder.name for folder, _ in folders.values()]
    near = difflib.get_close_matches(name, names, n=1)
    hint = f"; did you mean {near[0]!r}?" if near else ""
    raise TemplateSetError(
        f"no template set {name!r}{hint} (see `docengine templates list`)",
        f"ไม่พบชุดแม่แบบ {name!r}",
    )


@cache
def load_set(folder: Path, root: Path, key: str) -> TemplateSet:
    """Load and validate the set in ``folder``; raises TemplateSetError with file:line."""
    manifest_file = folder / "manifest.yaml"
    schema_file = folder / "schema.yaml"
    _confined(folder, root)
    manifest_doc = _read(manifest_file)
    manifest = manifest_doc.data
    if not isinstance(manifest, dict):
        raise _error(manifest_file, None, "(file)", "must be a mapping")
    for k in manifest:
        if k not in MANIFEST_KEYS:
            raise _error(manifest_file, manifest_doc.line_of(k), k,
                         f"unknown manifest key (allowed: {', '.join(sorted(MANIFEST_KEYS))})")
    for k in ("name", "title", "kind", "version"):
        if not manifest.get(k):
            raise _error(manifest_file, None, k, "required manifest key is missing")
    context = manifest.get("context")
    if context is not None and not (isinstance(context, str) and _BUILDER_NAME.fullmatch(context)):
        raise _error(manifest_file, manifest_doc.line_of("context"), "context",
                     "must name a docengine context builder as module:function, "
                     "e.g. docengine.forms.context:build")
    if manifest["name"] != folder.name:
        raise _error(manifest_file, manifest_doc.line_of("name"), "name",
                     f"must equal the folder name {folder.name!r}")
    schema_doc = _read(schema_file)
    fields = (schema_doc.data or {}).get("fields") if isinstance(schema_doc.data, dict) else None
    try:
        schema = Schema.from_mapping(fields)
    except ValueError as exc:
        bad = str(exc).split(":")[0]
        line = schema_doc.line_of("fields", *bad.split("."))
        raise _error(schema_file, line, bad, str(exc).split(": ", 1)[-1]) from None
    html = folder / "page.html.j2"
    if not html.is_file():
        raise _error(html, None, "(file)", "the HTML template is missing")
    _check_jinja(html, root)
    docx = folder / "template.docx"
    if docx.is_file():
        from .. import limits
        from .docx import lint_docx_template

        try:
            limits.check_zip(docx, "template", total=limits.DOCX_TEMPLATE_BYTES)
            problems = lint_docx_template(docx)
        except DocengineError as exc:
            raise _error(docx, None, "(template)", exc.en) from None
        except Exception as exc:  # a damaged template.docx breaks zipfile/lxml in many ways
            raise _error(docx, None, "(template)", f"not a readable DOCX ({type(exc).__name__})") from None
        if problems:
            raise _error(docx, None, "(template)", "; ".join(problems))
    return TemplateSet(key=key, folder=folder, root=root, manifest=manifest, schema=schema,
                       page=dict(manifest.get("page") or {}))


@cache
def _builder(name: str, manifest_file: Path):
    from importlib import import_module

    module, attr = name.split(":")
    try:
        fn = getattr(import_module(module), attr, None)
    except ModuleNotFoundError:
        fn = None
    if not getattr(fn, "__docengine_context_builder__", False):
        raise _error(manifest_file, None, "context", f"{name} is not a docengine context builder")
    return fn


def _confined(folder: Path, root: Path) -> None:
    """Every file of the set lies inside its templates root (a symlink out of it is refused)."""
    from .confine import RefusedResource, inside

    for path in sorted(folder.rglob("*")):
        if path.is_symlink() or path.is_file():
            try:
                inside(path, [root])
            except RefusedResource as exc:
                raise _error(path, None, "(file)", exc.en) from None


def _read(path: Path):
    # Set configuration (page options, ``required: true``) keeps YAML 1.2 core numbers and booleans.
    try:
        return parse_yaml(read_text(path), path, scalars="core")
    except DataFileError as exc:
        raise TemplateSetError(exc.en, exc.th) from None


def _check_jinja(path: Path, root: Path) -> None:
    from jinja2 import TemplateSyntaxError

    from .environment import sandboxed_environment

    try:
        sandboxed_environment((root,)).parse(path.read_text(encoding="utf-8"))
    except TemplateSyntaxError as exc:
        raise _error(path, exc.lineno, "(template)", exc.message) from None


def _error(path: Path, line: int | None, fld: str, message: str) -> TemplateSetError:
    where = f"{path}:{line}" if line else str(path)
    return TemplateSetError(f"{where}: {fld}: {message}", f"{where}: {fld}: ชุดแม่แบบไม่ถูกต้อง")
