"""The worker side of a batch: one call renders one document through the single-LAO code.

:func:`render_task` is what the Dask workers run. It reads its LAOs' people from the
partition files the client wrote after validation (checked by SHA-256 before they are
unpickled), renders with the same functions ``docengine notices beneficiary-list``,
``notices registration-pr`` and ``reports counts`` use, writes its files atomically to
their final paths (docengine.io.write_all: all or none, never half a file under its
name) and returns one small record per file — path, pages, rows, sha256, seconds —
never the PDF bytes (and the task's CPU seconds).

:class:`WarmUp` is the worker plugin: fonts, templates and stylesheets are loaded once
per worker process when it joins, not per task.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import time
from dataclasses import replace
from pathlib import Path

from docengine.office import Office

from .plan import Lao, lao_office, rollup_office

SETS = ("notices/beneficiary-list", "notices/registration-pr", "notices/count-report")
_RENDERERS: dict = {}  # office name + district + province -> Renderer, per worker process
_MAX_RENDERERS = 256


def warm(office: Office) -> None:
    """Load what every task of this worker uses: the PDF engine (fonts), the templates,
    the parsed stylesheets, the text measurer and the line breaker."""
    from docengine.notices.measure import text_measure

    renderer = _renderer(office)
    renderer.pdf_engine
    renderer.line_breaker
    text_measure(office.font)
    for name in SETS:
        tset = renderer.find(name)
        renderer.env.get_template(tset.html_template)
        renderer.stylesheets(tset)


def _renderer(office: Office):
    from docengine.render.document import Renderer

    key = (str(office.path), json.dumps(office.data, ensure_ascii=False, sort_keys=True, default=str))
    renderer = _RENDERERS.get(key)
    if renderer is None:
        if len(_RENDERERS) >= _MAX_RENDERERS:
            _RENDERERS.clear()
        renderer = _RENDERERS[key] = Renderer(office)
    return renderer


try:  # the plugin base class only where distributed is installed (the batch command)
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # pragma: no cover
    WorkerPlugin = object


class WarmUp(WorkerPlugin):
    """Load fonts, templates and CSS once per worker (``Client.register_plugin``)."""

    name = "docengine-warm-up"

    def __init__(self, office: Office):
        self.office = office

    def setup(self, worker=None):
        warm(self.office)


# ------------------------------------------------------------------------------ partitions


def write_partition(path: Path, people: list) -> str:
    """Write one LAO's people for the workers; returns the file's SHA-256."""
    from docengine.io import write_atomic

    blob = pickle.dumps(people, protocol=pickle.HIGHEST_PROTOCOL)
    write_atomic(path, blob)
    return hashlib.sha256(blob).hexdigest()


def read_partition(path: str, sha256: str) -> list:
    """One LAO's people, refused unless the file is the one the client wrote."""
    from docengine.errors import DocengineError

    blob = Path(path).read_bytes()
    if hashlib.sha256(blob).hexdigest() != sha256:
        raise DocengineError(f"{path} changed after the batch wrote it; run the batch again",
                             f"แฟ้ม {path} ถูกเปลี่ยนหลังจากที่สร้างไว้ ให้สั่งงานใหม่อีกครั้ง")
    return pickle.loads(blob)  # noqa: S301 (our own file, its digest checked)


# ------------------------------------------------------------------------------ rendering


class Superseded(Exception):
    """The run that submitted this task is over (interrupted, or a newer run started)."""


def current_run(run: tuple[str, str] | None) -> bool:
    """Whether ``run`` (the run file and its token) is still the batch's current run."""
    if run is None:
        return True
    path, token = run
    try:
        return Path(path).read_text(encoding="utf-8").strip() == token
    except OSError:
        return False


def render_task(spec: dict, out: str, office: Office, parts: list[tuple[str, str]],
                run: tuple[str, str] | None = None) -> list[dict]:
    """Render one document of the batch; returns one record per file written.

    ``run`` names the batch run's token file: a task still running on a cluster after its
    run was interrupted (Dask cannot stop a running task) writes nothing once another run
    has started or the run has ended, so its files cannot replace the ones the manifest
    records."""
    from datetime import date

    from docengine.io import sha256_of, write_all
    from docengine.render.merge import count_pages

    started, cpu = time.perf_counter(), time.process_time()
    where = Lao(**spec["lao"])
    kind, fy, on, document = spec["kind"], spec["fy"], date.fromisoformat(spec["on"]), spec["document"]
    people = [p for path, digest in parts for p in read_partition(path, digest)]
    blobs, pages, rows = _render(document, office, where, people, kind=kind, fy=fy, on=on)
    targets = [Path(out) / rel for rel in spec["outputs"]]
    if not current_run(run):
        raise Superseded(spec["key"])
    write_all(dict(zip(targets, blobs)))
    seconds = round(time.perf_counter() - started, 3)
    cpu_seconds = round(time.process_time() - cpu, 3)  # this worker's CPU: the same on a busy machine
    records = []
    for rel, blob in zip(spec["outputs"], blobs):
        is_pdf = rel.endswith(".pdf")
        records.append({"path": rel, "pages": (pages or count_pages(blob)) if is_pdf else None, "rows": rows,
                        "sha256": sha256_of(blob), "bytes": len(blob), "seconds": seconds,
                        "cpu_seconds": cpu_seconds})
    return records


def _render(document: str, office: Office, where: Lao, people: list, *, kind: str, fy: int, on):
    """(file contents in the order of the document's formats, PDF pages or None, rows)."""
    if document == "beneficiary-list":
        from docengine.notices.listdoc import beneficiary_list_document, list_xlsx, render_list_pdf

        renderer = _renderer(lao_office(office, where))
        doc = beneficiary_list_document(renderer, people, kind=kind, fy=fy, on=on)
        # One process per task: the worker is the unit of parallelism (no pool inside a pool).
        pdf = render_list_pdf(renderer, doc, workers=1)
        return [pdf, list_xlsx(doc)], doc.page_count, doc.blist.counts["total"]
    if document == "registration-pr":
        from docengine.notices.documents import registration_pr_prepared

        renderer = _renderer(lao_office(office, where))
        return [renderer.render_pdf(registration_pr_prepared(renderer, kind=kind, fy=fy))], None, None
    from docengine.notices.documents import count_report_prepared
    from docengine.notices.workbook import count_report_workbook

    if document == "count-report":
        # One LAO's own report (ผส.๑/พก.๑): its people as a file without the lao column.
        renderer = _renderer(lao_office(office, where))
        people = [replace(p, lao=None) for p in people]
    else:
        renderer = _renderer(rollup_office(office, where))
    prepared, scope, figures = count_report_prepared(renderer, people, kind=kind, fy=fy, on=on)
    pdf = renderer.render_pdf(prepared)
    xlsx = count_report_workbook(scope, figures, title=prepared.context["title"], fy=fy)
    return [pdf, xlsx], None, sum(c.total for c in figures)

