"""``manifest.json``: one row per output of a batch, kept up to date while it runs.

Each row says which LAO and document a file is (``lao_code``, ``lao``, ``kind``:
beneficiary-list, registration-pr, count-report, district-rollup, province-rollup;
``format``), where it is (``path``, relative to the out folder), what is in it
(``pages``, ``rows``: people listed or counted), its ``sha256``, the ``seconds`` its task
took and the worker's ``cpu_seconds`` for it, with ``status`` ``done`` or ``missing`` (and
the ``error`` that stopped it).
The ``fingerprint`` is that of everything the file depends on (docengine.batch.plan):
a re-run skips a task whose rows are done, whose fingerprint is unchanged and whose
files still have their SHA-256; ``--force`` redoes them.

The manifest is written atomically (docengine.io.write_atomic), at the start, every
few seconds while tasks finish and at the end, so a crash keeps the progress made.
"""

from __future__ import annotations

import hashlib
import json
import time
from datetime import datetime, timezone
from pathlib import Path

from .plan import DOCUMENTS, Task

NAME = "manifest.json"
FORMAT = 1
FIELDS = ("path", "lao_code", "lao", "district", "province", "kind", "format", "allowance", "fy", "date",
          "pages", "rows", "sha256", "bytes", "seconds", "cpu_seconds", "status", "error", "task", "fingerprint")


def file_sha256(path: Path) -> str | None:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return None
    return h.hexdigest()


class Manifest:
    """The rows of ``out/manifest.json`` by path, and the batches' settings."""

    def __init__(self, out: Path, rows: dict[str, dict] | None = None, batches: dict | None = None):
        self.out = Path(out)
        self.rows = rows or {}
        self.batches = batches or {}
        self._saved = 0.0

    @property
    def path(self) -> Path:
        return self.out / NAME

    @classmethod
    def load(cls, out: Path) -> Manifest:
        """The manifest in ``out``, or an empty one (none yet, or unreadable: then every
        output is made again)."""
        try:
            data = json.loads((Path(out) / NAME).read_text(encoding="utf-8"))
            rows = {r["path"]: r for r in data.get("outputs", []) if isinstance(r, dict) and "path" in r}
            return cls(out, rows, dict(data.get("batches") or {}))
        except (OSError, ValueError, TypeError, AttributeError):
            return cls(out)

    # -- rows -------------------------------------------------------------------------

    def is_done(self, task: Task) -> bool:
        """Whether every file of ``task`` is recorded done, for the same inputs, and still
        has the SHA-256 recorded."""
        for rel in task.outputs:
            row = self.rows.get(rel)
            if not row or row.get("status") != "done" or row.get("fingerprint") != task.fingerprint:
                return False
            if file_sha256(self.out / rel) != row.get("sha256"):
                return False
        return True

    def _base(self, task: Task, rel: str) -> dict:
        return {"path": rel, "lao_code": task.scope, "lao": task.lao.name or None,
                "district": task.lao.district or None, "province": task.lao.province or None,
                "kind": task.document, "format": rel.rsplit(".", 1)[-1], "allowance": task.kind,
                "fy": task.fy, "date": task.on, "task": task.key, "fingerprint": task.fingerprint}

    def record(self, task: Task, records: list[dict]) -> None:
        for rec in records:
            row = self._base(task, rec["path"])
            row.update(pages=rec["pages"], rows=rec["rows"], sha256=rec["sha256"], bytes=rec["bytes"],
                       seconds=rec["seconds"], cpu_seconds=rec.get("cpu_seconds"), status="done", error=None)
            self.rows[rec["path"]] = row

    def missing(self, task: Task, error: str) -> None:
        for rel in task.outputs:
            row = self._base(task, rel)
            row.update(pages=None, rows=None, sha256=None, bytes=None, seconds=None, cpu_seconds=None,
                       status="missing", error=error)
            self.rows[rel] = row

    def pending(self, task: Task) -> None:
        """Mark ``task``'s files as not (yet) made, unless they are already recorded done
        for the same inputs (a crash keeps them; a re-run checks their SHA-256)."""
        for rel in task.outputs:
            row = self.rows.get(rel)
            if not row or row.get("fingerprint") != task.fingerprint or row.get("status") != "done":
                self.missing(task, "not rendered yet")

    # -- file -------------------------------------------------------------------------

    def save(self, *, every: float = 0.0) -> bool:
        """Write the manifest atomically; with ``every``, only if that many seconds passed."""
        from docengine.io import write_atomic

        now = time.monotonic()
        if every and now - self._saved < every:
            return False
        rows = [{k: r.get(k) for k in FIELDS} for _, r in sorted(self.rows.items())]
        data = {"format": FORMAT, "docengine": _version(),
                "updated": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "documents": {d: list(formats) for d, (formats, _) in DOCUMENTS.items()},
                "batches": self.batches, "outputs": rows}
        write_atomic(self.path, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode())
        self._saved = now
        return True


def _version() -> str:
    from docengine import __version__

    return __version__
