"""What a template may read: files inside its allowed folders, nothing else, never the network.

An office's template set is input like any other. Its HTML, CSS and Jinja templates
may name ``file:///etc/passwd``, ``http://…`` or a symlink pointing out of the set;
WeasyPrint and Jinja would fetch them. :func:`inside` is the one check (resolved
paths, so a symlink out of a folder is refused) used by :class:`ConfinedFetcher`
(WeasyPrint's url_fetcher), :class:`ConfinedLoader` (Jinja) and template-set loading.

>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> (root / "a.css").write_text("p {}") and inside(root / "a.css", [root]) == (root / "a.css").resolve()
True
>>> inside(pathlib.Path("/etc/passwd"), [root])
Traceback (most recent call last):
...
docengine.render.confine.RefusedResource: a template may only read files of its template set, the office folder and the bundled fonts: /etc/passwd / แม่แบบอ่านได้เฉพาะแฟ้มในชุดแม่แบบ โฟลเดอร์หน่วยงาน และแบบอักษรที่มากับโปรแกรม: /etc/passwd
"""

from __future__ import annotations

import mimetypes
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from jinja2 import FileSystemLoader

from ..errors import DocengineError


class RefusedResource(DocengineError):
    """A template asked for a file outside its folders, or for a network resource."""


def inside(path: Path, roots) -> Path:
    """``path`` resolved (symlinks followed) if it lies inside one of ``roots``; else refused."""
    try:
        real = Path(path).resolve(strict=True)
    except (OSError, RuntimeError):
        raise RefusedResource(f"a template names a file that does not exist: {path}",
                              f"แม่แบบอ้างถึงแฟ้มที่ไม่มีอยู่: {path}") from None
    for root in roots:
        if root is not None and real.is_relative_to(Path(root).resolve()):
            return real
    raise RefusedResource(
        f"a template may only read files of its template set, the office folder and the bundled fonts: {path}",
        f"แม่แบบอ่านได้เฉพาะแฟ้มในชุดแม่แบบ โฟลเดอร์หน่วยงาน และแบบอักษรที่มากับโปรแกรม: {path}")


@contextmanager
def refusals():
    """Turn a refused fetch inside WeasyPrint back into the RefusedResource it carries."""
    try:
        yield
    except Stop as stop:
        raise stop.error from None


class Stop(BaseException):
    """Carries a RefusedResource through WeasyPrint, which catches every Exception of a fetch."""

    def __init__(self, error: RefusedResource):
        super().__init__(str(error))
        self.error = error


def confined_fetcher(roots):
    """A WeasyPrint url_fetcher serving ``file:`` URLs inside ``roots`` and ``data:`` URLs;
    anything else (http, https, ftp, files elsewhere) stops the render with RefusedResource
    before any connection is made."""
    from weasyprint.urls import URLFetcher as base
    from weasyprint.urls import URLFetcherResponse as response

    allowed = tuple(Path(r).resolve() for r in roots if r is not None)

    class ConfinedFetcher(base):
        def fetch(self, url, headers=None):
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme != "file":
                raise Stop(RefusedResource(
                    f"a template may not fetch anything over the network: {url[:200]}",
                    f"แม่แบบดึงข้อมูลจากเครือข่ายไม่ได้: {url[:200]}"))
            path = Path(url2pathname(unquote(urlsplit(url).path)))
            try:
                real = inside(path, allowed)
            except RefusedResource as exc:
                raise Stop(exc) from None
            kind = mimetypes.guess_type(real.name)[0] or "application/octet-stream"
            return response(url, body=real.read_bytes(), headers={"Content-Type": kind})

    return ConfinedFetcher(allowed_protocols=("file", "data"))


class ConfinedLoader(FileSystemLoader):
    """Jinja's file loader, refusing a template whose real path leaves the template roots
    (``page.html.j2 → /etc/passwd``)."""

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        inside(Path(filename), [Path(p) for p in self.searchpath])
        return source, filename, uptodate
