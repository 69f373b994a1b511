"""Run a batch on Dask distributed (futures API): validate, plan, submit, record.

1. The whole people file is read and checked first, in parts on the workers
   (docengine.batch.validate: every problem with file, row and column, in Thai and
   English); any problem stops the batch before any file is written.
2. The plan (docengine.batch.plan) lists every document; the manifest says which are
   already done for the same inputs (skipped unless ``force``).
3. Each LAO's people are written once to a partition file under ``out/.parts`` (so a
   task lost with its worker can run again anywhere: nothing lives only in a worker's
   memory), then one task per document is submitted with an explicit key
   (document-allowance-FY-LAO) and ``retries=2``.
4. Results (path, pages, rows, sha256, seconds per file) go into the manifest as they
   come; a task that fails for good is recorded ``missing`` with its error and the rest
   of the batch goes on.

Without a scheduler address a :class:`~distributed.LocalCluster` of worker processes is
started (one thread each, a memory limit each); with one, the existing cluster is used
(docs/scale.md). Every worker loads fonts, templates and stylesheets once (WarmUp).
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from docengine.office import Office

from .manifest import Manifest
from .plan import Plan, Task, plan_batch, plan_groups

PARTS = ".parts"
RETRIES = 2
SAVE_EVERY = 2.0  # seconds between manifest writes while tasks finish
MAX_WORKER_MEMORY = 4 * 2**30  # bytes; a 10,000-row list peaks near 500 MB

Event = Callable[[str, Task, object], None]  # ("done" | "failed", task, records or error)


@dataclass
class Summary:
    kind: str
    fy: int
    date: str
    out: str
    laos: int
    documents: int
    outputs: int
    rendered: int = 0
    skipped: int = 0
    rows: int = 0
    rows_rendered: int = 0
    workers: int = 0
    seconds: float = 0.0  # wall time of the whole command: reading, checking, cluster, rendering
    render_seconds: float = 0.0  # from the first task submitted to the last one ended
    failed: list[dict] = field(default_factory=list)
    interrupted: bool = False

    @property
    def rows_per_second(self) -> float:
        """List rows rendered per second of rendering (every document's time included)."""
        return round(self.rows_rendered / self.render_seconds, 1) if self.render_seconds else 0.0

    def as_dict(self) -> dict:
        d = dict(self.__dict__)
        d["rows_per_second"] = self.rows_per_second
        d["manifest"] = str(Path(self.out) / "manifest.json")
        return d


def read_batch_people(data: str | Path, *, kind: str, fy: int, client=None):
    """Every person of the input, validated all at once (a ``lao`` column makes it a
    file of several LAOs; without one every row is the office's own LAO). With a
    ``client``, the rows are checked on its workers (docengine.batch.validate)."""
    from docengine.records.people import names_laos, read_people

    purpose = "rollup" if names_laos(data) else "list"
    if client is not None:
        from .validate import check_people

        return check_people(data, kind=kind, fy=fy, client=client, purpose=purpose)
    return read_people(data, fy=fy, kind=kind, purpose=purpose)


def check_batch_file(data: str | Path, *, kind: str, fy: int, out: str | Path, office: Office, client,
                     progress=None):
    """The input checked on ``client``'s workers, which keep its people in partition files
    under ``out`` (docengine.batch.validate.check_file): what ``docengine batch`` runs,
    so the client never holds the people of a nationwide file."""
    from docengine.notices.listdoc import lao_identity
    from docengine.records.people import names_laos

    from .validate import check_file

    purpose = "rollup" if names_laos(data) else "list"
    return check_file(data, kind=kind, fy=fy, client=client, purpose=purpose,
                      folder=partitions_folder(out, kind, fy), own_lao=lao_identity(office)["lao"],
                      progress=progress)


def partitions_folder(out: str | Path, kind: str, fy: int) -> Path:
    """Where a batch's partition files (and its run token) live while it runs."""
    return Path(out).resolve() / PARTS / f"{kind}-{fy}"


def run_batch(data: str | Path, *, kind: str, fy: int, out: str | Path, office: Office,
              scheduler: str | None = None, workers: int | None = None, force: bool = False,
              client=None, on: date | None = None, people=None, progress=None,
              event: Event | None = None) -> Summary:
    """Produce every document of the batch under ``out``; see the module docstring.

    ``client``: an existing ``distributed.Client`` (tests, notebooks); else ``scheduler``
    (an address) or a LocalCluster of ``workers`` processes. ``people``: already read
    with :func:`read_batch_people`, or checked by :func:`check_batch_file` (whose
    partition files the batch then uses, and removes at the end). ``progress``: a :class:`~docengine.batch.progress.Reporter`.
    ``event(name, task, detail)`` is called as each task ends.
    """
    from docengine.thai import bangkok_today

    started = time.perf_counter()
    if people is None:
        people = read_batch_people(data, kind=kind, fy=fy, client=client)
    out = Path(out).resolve()
    manifest = Manifest.load(out)
    batch_key = f"{kind}-{fy}"
    known = manifest.batches.get(batch_key) or {}
    # A resumed batch keeps the date its documents already print; --force starts afresh.
    if on is None:
        on = (date.fromisoformat(known["date"]) if known.get("date") and not force else bangkok_today())
    from .validate import CheckedFile

    if isinstance(people, CheckedFile):
        plan, rows = plan_groups(people.groups, office=office, kind=kind, fy=fy, on=on), people.rows
    else:
        plan, rows = plan_batch(people, office=office, kind=kind, fy=fy, on=on), len(people)
    todo = plan.tasks if force else [t for t in plan.tasks if not manifest.is_done(t)]
    summary = Summary(kind, fy, on.isoformat(), str(out), len(plan.laos), len(plan.tasks),
                      sum(len(t.outputs) for t in plan.tasks), skipped=len(plan.tasks) - len(todo),
                      rows=rows)
    manifest.batches[batch_key] = {"date": on.isoformat(), "data": str(data), "laos": len(plan.laos),
                                   "documents": len(plan.tasks), "rows": rows}
    for task in todo:
        manifest.pending(task)
    parts_dir = partitions_folder(out, kind, fy)
    if not todo:
        manifest.save()
        _clean_up(out, plan, parts_dir)  # the partition files the check wrote
        summary.seconds = round(time.perf_counter() - started, 3)
        return summary

    own_client = client is None
    cluster = None
    futures = {}
    try:
        parts = _write_partitions(plan, todo, parts_dir)
        run = _start_run(parts_dir)
        manifest.save()
        if own_client:
            client, cluster = connect(scheduler, workers)
        summary.workers = len(client.scheduler_info(n_workers=-1).get("workers", {}))
        from .tasks import WarmUp, render_task

        client.register_plugin(WarmUp(office))
        if progress:  # from here on: rows/s and the time left are the rendering's own
            progress.start(plan, todo)
        submitted = time.perf_counter()
        for task in todo:
            args = [src for c in task.laos for src in parts[c]] if task.document != "registration-pr" else []
            futures[client.submit(render_task, task.spec(), str(out), office, args, run, key=task.key,
                                  retries=RETRIES)] = task
        try:
            _collect(futures, manifest, summary, progress, event)
        finally:
            summary.render_seconds = round(time.perf_counter() - submitted, 3)
    except KeyboardInterrupt:
        summary.interrupted = True
        raise
    finally:
        if futures:
            try:
                client.cancel(list(futures), force=True)
            except Exception:  # noqa: BLE001 - the cluster may be gone already
                pass
        manifest.save()
        _clean_up(out, plan, parts_dir)
        summary.seconds = round(time.perf_counter() - started, 3)
        if progress:
            progress.close(summary)
        if own_client and client is not None:
            close(client, cluster)
    return summary


def _collect(futures: dict, manifest: Manifest, summary: Summary, progress, event) -> None:
    from distributed import as_completed

    for future in as_completed(list(futures)):
        task = futures[future]
        if future.status == "finished":
            records = future.result()
            manifest.record(task, records)
            summary.rendered += 1
            if task.document == "beneficiary-list":
                summary.rows_rendered += task.rows
            detail = records
            name = "done"
        else:
            error = _error_text(future)
            manifest.missing(task, error)
            summary.failed.append({"task": task.key, "kind": task.document, "lao_code": task.scope,
                                   "lao": task.lao.name or task.lao.district or task.lao.province,
                                   "error": error})
            detail = error
            name = "failed"
        future.release()
        manifest.save(every=SAVE_EVERY)
        if progress:
            progress.advance(task, name)
        if event:
            event(name, task, detail)


def _error_text(future) -> str:
    try:
        exc = future.exception()
    except Exception as err:  # noqa: BLE001 - cancelled futures raise here
        exc = err
    name = type(exc).__name__
    text = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else ""
    return f"{name}: {text}" if text else name


def _write_partitions(plan: Plan, todo: list[Task], folder: Path) -> dict[str, list[tuple[str, str]]]:
    """Each needed LAO's partition files, (path, sha256) in file order: those the workers
    wrote while checking the file, or written here from the people the plan holds."""
    from .tasks import write_partition

    needed = sorted({c for t in todo if t.document != "registration-pr" for c in t.laos})
    out = {}
    for code in needed:
        if code in plan.people:
            path = folder / f"{code}.pickle"
            out[code] = [(str(path), write_partition(path, plan.people[code]))]
        else:
            out[code] = plan.groups[code].sources
    return out


def _start_run(folder: Path) -> tuple[str, str]:
    """A fresh token in ``folder/run``: tasks of an earlier, interrupted run that are still
    running on the cluster see it changed and write nothing (docengine.batch.tasks)."""
    import uuid

    from docengine.io import write_atomic

    path, token = folder / "run", uuid.uuid4().hex
    write_atomic(path, token.encode())
    return str(path), token


def _clean_up(out: Path, plan: Plan, parts_dir: Path) -> None:
    """Remove the partition files and any temp file a killed worker left beside an output."""
    import shutil

    from docengine.io import remove_stray_temp_files

    shutil.rmtree(parts_dir, ignore_errors=True)
    try:
        (out / PARTS).rmdir()
    except OSError:
        pass
    folders = {out} | {(out / rel).parent for t in plan.tasks for rel in t.outputs}
    remove_stray_temp_files(f for f in folders if f.is_dir())


def connect(scheduler: str | None, workers: int | None):
    """(client, cluster or None): the cluster at ``scheduler``, or a new LocalCluster of
    ``workers`` processes (default: one per core), one thread and a memory limit each."""
    from distributed import Client, LocalCluster

    if scheduler:
        return Client(scheduler), None
    n = workers or os.cpu_count() or 1
    cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, memory_limit=worker_memory(n),
                           dashboard_address=None, silence_logs=logging.ERROR)
    return Client(cluster), cluster


def worker_memory(workers: int) -> int:
    """Bytes each local worker may use: an equal share of the machine, at most 4 GiB."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        total = 8 * 2**30
    return int(min(MAX_WORKER_MEMORY, total / max(workers, 1)))


def close(client, cluster) -> None:
    """Close a client from :func:`connect` and its LocalCluster, if it started one."""
    try:
        client.close()
    finally:
        if cluster is not None:
            cluster.close()

