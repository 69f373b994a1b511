"""Running one hostile case: a docengine command in a child process, bounded and measured.

Every hostile case asserts the same four things: the documented exit code, a bilingual
one-line message (no traceback), the wall time and peak memory within bounds, and that
nothing in the watched folders was written, changed or deleted.

Time is judged on the child's CPU time (user + system, from wait4): eight helpers share
two cores, so wall time measures the machine's load, not the case. Wall time is still
bounded: a child still running after ``timeout`` is killed and the case fails. On a quiet
machine (``make test-hostile``: serial) ``DOCENGINE_HOSTILE_WALL=1`` also holds every refused
case to ``LIMIT_SECONDS`` of wall time. Set ``DOCENGINE_HOSTILE_TALLY=FILE`` to append one
JSON line per run; ``python -m hostile.figures FILE`` sums it up (the issue's figures).

>>> r = run(["--version"])
>>> r.code, r.cpu_seconds < LIMIT_SECONDS, r.peak_mb < LIMIT_MB
(0, True, True)
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

LIMIT_SECONDS = 10.0
LIMIT_MB = 500.0
THAI = re.compile(r"[\u0e00-\u0e7f]")


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float
    cpu_seconds: float = 0.0
    killed: bool = False

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


# Safety nets for a case that runs away: CPU seconds (the kernel stops the child) and
# address space; wall time only as a last resort (the machine may be heavily loaded).
CPU_RLIMIT = int(LIMIT_SECONDS * 3)
AS_RLIMIT = 4 << 30
WALL_TIMEOUT = 180.0


def _bounded():
    import resource

    resource.setrlimit(resource.RLIMIT_CPU, (CPU_RLIMIT, CPU_RLIMIT))
    resource.setrlimit(resource.RLIMIT_AS, (AS_RLIMIT, AS_RLIMIT))


def run(args: list[str], *, cwd: Path | None = None, env: dict | None = None, stdin: str | None = None,
        timeout: float = WALL_TIMEOUT, preexec=None) -> Result:
    """Run ``docengine ARGS`` in a child process; measure its wall time and peak RSS.

    The child is killed after ``timeout`` seconds of wall time or CPU_RLIMIT seconds of CPU
    (the case then fails on time, not hangs). ``preexec`` runs in the child before docengine
    starts (e.g. ``resource.setrlimit(RLIMIT_FSIZE, …)`` for a ``ulimit -f`` case).
    Peak memory is the child's own ru_maxrss from wait4 (its children are not counted:
    docengine's worker processes are measured by the cases that start them).
    """
    full_env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    full_env.update(env or {})
    started = time.perf_counter()
    def limits():
        _bounded()
        if preexec:
            preexec()

    proc = subprocess.Popen([sys.executable, "-m", "docengine", *[str(a) for a in args]], cwd=cwd, env=full_env,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=limits)
    chunks: dict[str, bytes] = {}
    readers = [threading.Thread(target=lambda n=n, f=f: chunks.__setitem__(n, f.read()), daemon=True)
               for n, f in (("out", proc.stdout), ("err", proc.stderr))]
    for t in readers:
        t.start()
    if stdin is not None:
        proc.stdin.write(stdin.encode())
    proc.stdin.close()
    killed = threading.Event()
    timer = threading.Timer(timeout, lambda: (killed.set(), proc.kill()))
    timer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    for t in readers:
        t.join()
    seconds = time.perf_counter() - started
    result = Result(proc.returncode, chunks.get("out", b"").decode(errors="replace"),
                    chunks.get("err", b"").decode(errors="replace"), seconds, usage.ru_maxrss / 1024,
                    usage.ru_utime + usage.ru_stime, killed.is_set())
    _tally(args, result)
    return result


def _tally(args, result: Result) -> None:
    path = os.environ.get("DOCENGINE_HOSTILE_TALLY")
    if not path:
        return
    import json

    case = os.environ.get("PYTEST_CURRENT_TEST", "").rsplit(" (", 1)[0]
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(json.dumps({"case": case, "args": [str(a)[:80] for a in args], "code": result.code,
                             "wall_s": round(result.seconds, 2), "cpu_s": round(result.cpu_seconds, 2),
                             "peak_mb": round(result.peak_mb, 1)}) + "\n")


def snapshot(*folders: Path) -> dict[str, str]:
    """sha256 of every file below ``folders`` (paths relative to each folder)."""
    seen = {}
    for folder in folders:
        folder = Path(folder)
        for p in sorted(folder.rglob("*")):
            if p.is_file():
                seen[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest()
    return seen


def assert_refused(result: Result, *, code: int = 1, before: dict | None = None, after: dict | None = None,
                   mentions: tuple[str, ...] = ()) -> None:
    """The case was refused as documented: exit ``code``, a bilingual message, no traceback,
    within time and memory, and (when given) the watched files unchanged."""
    text = result.output
    assert result.code == code, f"exit {result.code}, expected {code}:\n{text[-2000:]}"
    assert "Traceback" not in text, text[-2000:]
    assert THAI.search(result.stderr), f"no Thai in the message:\n{result.stderr[-1000:]}"
    assert re.search(r"[A-Za-z]{3}", result.stderr), f"no English in the message:\n{result.stderr[-1000:]}"
    for word in mentions:
        assert word in text, f"{word!r} not named in:\n{text[-2000:]}"
    assert not result.killed, f"killed after {result.seconds:.1f} s wall time"
    assert result.cpu_seconds <= LIMIT_SECONDS, (
        f"took {result.cpu_seconds:.1f} s of CPU ({result.seconds:.1f} s wall; limit {LIMIT_SECONDS} s)")
    assert result.peak_mb <= LIMIT_MB, f"peak {result.peak_mb:.0f} MB (limit {LIMIT_MB} MB)"
    if os.environ.get("DOCENGINE_HOSTILE_WALL") == "1":
        assert result.seconds <= LIMIT_SECONDS, f"took {result.seconds:.1f} s wall (limit {LIMIT_SECONDS} s)"
    if before is not None:
        assert after == before, "files changed: " + ", ".join(
            sorted(k for k in set(before) | set(after or {}) if before.get(k) != (after or {}).get(k)))
