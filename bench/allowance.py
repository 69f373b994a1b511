#!/usr/bin/env python3
"""Benchmark the beneficiary list: 10,000 rows (a city) and 1,400 rows (an average LAO).

    .venv/bin/python bench/allowance.py [--rows 10000 1400] [--kind elderly]

Runs the real command (``docengine notices beneficiary-list``) in a child process and
prints wall seconds, output MB, pages, and the peak RSS of the whole process tree
(the command plus its render workers), sampled every 20 ms from /proc, next to the
kernel's own ru_maxrss figures (largest single process). Targets: 10,000 rows in
≤ 15 s and ≤ 500 MB on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))


def tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and all its descendants, in MB."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo += [int(c) for c in fh.read().split()]
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total / 1024


def run(rows: int, kind: str, folder: Path) -> dict:
    from make_sample_people import generate_people, write_csv

    data = folder / f"people-{rows}.csv"
    write_csv(generate_people(rows, seed=1, kind=kind), data)
    pdf = folder / f"list-{rows}.pdf"
    cmd = [sys.executable, "-m", "docengine", "notices", "beneficiary-list", "--kind", kind, "--fy", "2570",
           "--data", str(data), "--pdf", str(pdf), "--xlsx", str(folder / f"list-{rows}.xlsx")]
    peak = 0.0
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    done = threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss_mb(proc.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}")
    pages = int(subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
                .split("Pages:")[1].split()[0])
    return {"rows": rows, "seconds": wall, "mb": pdf.stat().st_size / 2**20, "pages": pages,
            "tree_peak_mb": peak, "summary": out.strip().splitlines()[-1]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, nargs="+", default=[10_000, 1_400])
    ap.add_argument("--kind", default="elderly", choices=["elderly", "disability"])
    args = ap.parse_args()
    print(f"cores: {os.cpu_count()}  load average: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        for rows in args.rows:
            r = run(rows, args.kind, Path(tmp))
            print(f"{r['rows']:>6} rows: {r['seconds']:6.1f} s wall  {r['pages']:>4} pages  "
                  f"{r['mb']:5.2f} MB PDF  peak RSS (process tree) {r['tree_peak_mb']:6.0f} MB")
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"largest single process (ru_maxrss of children): {kids:.0f} MB")


if __name__ == "__main__":
    main()
