"""Progress of a batch on standard error: LAOs done / total, rows/s and the time left.

On a terminal a rich progress bar; otherwise (a log file, CI) a plain line every
``every`` seconds and one at the end, so logs stay readable.
"""

from __future__ import annotations

import sys
import time

from .plan import LAO_DOCUMENTS


class Reporter:
    """Counts LAOs whose documents are all done and the list rows rendered per second."""

    def __init__(self, stream=None, *, every: float = 5.0, rich: bool | None = None):
        self.stream = stream or sys.stderr
        self.every = every
        self.rich = self.stream.isatty() if rich is None else rich
        self._bar = None

    # -- the check ---------------------------------------------------------------

    def checked(self, parts: int, of: int, rows: int) -> None:
        """``parts`` of the ``of`` parts of the people file checked on the workers, ``rows`` rows."""
        now = time.monotonic()
        if parts == of or now - getattr(self, "_checked", 0.0) >= self.every:
            self._checked = now
            print(f"checking / กำลังตรวจข้อมูล: {parts}/{of} parts, {rows:,} rows", file=self.stream, flush=True)

    # -- counting ------------------------------------------------------------------

    def start(self, plan, todo) -> None:
        self.started = time.monotonic()
        self.laos = len(plan.laos)
        self.left = {}  # LAO code -> its documents still to render
        for task in todo:
            if task.document in LAO_DOCUMENTS:
                self.left[task.scope] = self.left.get(task.scope, 0) + 1
        self.done = self.laos - len(self.left)
        self.documents, self.finished, self.rows = len(todo), 0, 0
        self.total_rows = sum(t.rows for t in todo if t.document == "beneficiary-list")
        self._last = 0.0
        if self.rich and todo:
            from rich.console import Console
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                                       TimeRemainingColumn)

            self._bar = Progress(TextColumn("LAOs / อปท."), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("{task.fields[rate]}"), TimeElapsedColumn(),
                                 TextColumn("ETA"), TimeRemainingColumn(),
                                 console=Console(file=self.stream), transient=False)
            self._bar.start()
            self._id = self._bar.add_task("batch", total=self.laos, completed=self.done, rate="")

    def advance(self, task, outcome: str) -> None:
        self.finished += 1
        if task.document == "beneficiary-list" and outcome == "done":
            self.rows += task.rows
        if task.scope in self.left:
            self.left[task.scope] -= 1
            if not self.left[task.scope]:
                del self.left[task.scope]
                self.done += 1
        if self._bar is not None:
            self._bar.update(self._id, completed=self.done, rate=f"{self.rate():,.0f} rows/s")
        elif time.monotonic() - self._last >= self.every:
            self._line()

    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.rows / elapsed if elapsed > 0 else 0.0

    def eta(self) -> float | None:
        rate = self.rate()
        if not rate:
            return None
        return max(self.total_rows - self.rows, 0) / rate

    def _line(self) -> None:
        self._last = time.monotonic()
        eta = self.eta()
        left = "?" if eta is None else time.strftime("%H:%M:%S", time.gmtime(eta))
        print(f"batch: {self.done}/{self.laos} LAOs, {self.finished}/{self.documents} documents, "
              f"{self.rate():,.0f} rows/s, ETA {left} / อปท. เสร็จ {self.done}/{self.laos}",
              file=self.stream, flush=True)

    def close(self, summary) -> None:
        if not hasattr(self, "started"):
            return  # stopped before the first task was submitted
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
        elif getattr(self, "documents", 0):
            self._line()
