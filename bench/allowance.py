#!/usr/bin/env python3
"""Benchmark the beneficiary list: 10,000 rows (a city) and 1,400 rows (an average LAO).

    .venv/bin/python bench/allowance.py [--rows 10000 1400] [--kind elderly]
    .venv/bin/python bench/allowance.py --rows 1000 10000 100000 --naive 1000 10000   # issue 12's curve

Runs the real command (``docengine notices beneficiary-list``) in a child process and
prints wall seconds, CPU seconds of the process tree, output MB, pages, the per-row cost,
and the peak RSS of the whole process tree (the command plus its render workers),
sampled every 20 ms from /proc, next to the kernel's own ru_maxrss figures (largest
single process). Targets: 10,000 rows in ≤ 15 s and ≤ 500 MB on 2 cores.

Each row count is also run as "the list alone": a child process that reads and
validates the same CSV, builds the list and writes its PDF, like the naive child
(the command adds its start-up check of the reference data and the XLSX copy).

``--naive N …`` also renders, for those row counts and in the same run, the plain
reference issue 12 measures against: the same rows and columns as one WeasyPrint HTML
table (header repeated on every page, rows never split, the bundled Sarabun), in a
child process of its own, and prints the list's CPU time as a ratio of it.
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


def _measured(cmd: list[str]) -> tuple[float, float, float, str]:
    """(wall s, CPU s of the child and its children, peak tree RSS MB, stdout) of ``cmd``."""
    peak = 0.0
    before = os.times()
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
    after = os.times()
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}")
    cpu = after.children_user - before.children_user + after.children_system - before.children_system
    return wall, cpu, peak, out


NAIVE_CSS = """@page { size: A4; margin: 2cm 1.5cm 2cm 2.5cm; }
@font-face { font-family: Sarabun; src: url("%s"); }
body { font-family: Sarabun; font-size: 14pt; }
table { width: 100%%; border-collapse: collapse; } thead { display: table-header-group; }
tr { break-inside: avoid; } th, td { border: 0.6pt solid #000; padding: 0 0.15cm; }"""


def naive_child(csv_path: str, pdf_path: str) -> None:
    """The plain reference: the list's rows as one WeasyPrint table, nothing of docengine's."""
    import csv
    import html

    import weasyprint

    from docengine.render.fonts import font_family
    from docengine.thai import citizen_id

    with open(csv_path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    cells = "".join(
        f"<tr><td>{n}</td><td>{html.escape(r['title'] + r['first_name'] + ' ' + r['last_name'])}</td>"
        f"<td>{citizen_id.mask(r['citizen_id'], digits='thai')}</td><td>{html.escape(r['birth_date'])}</td>"
        f"<td>{html.escape(r['subdistrict'])}</td><td></td></tr>" for n, r in enumerate(rows, 1))
    face = font_family(None).faces["regular"].as_uri()
    doc = (f"<html><head><style>{NAIVE_CSS % face}</style></head><body><table><thead><tr><th>ลำดับ</th>"
           f"<th>ชื่อ - สกุล</th><th>เลขประจำตัวประชาชน</th><th>เกิด</th><th>ตำบล</th><th>หมายเหตุ</th></tr>"
           f"</thead><tbody>{cells}</tbody></table></body></html>")
    weasyprint.HTML(string=doc).write_pdf(pdf_path)


def list_child(csv_path: str, pdf_path: str, kind: str) -> None:
    """The list alone, like for like with the naive child: read and validate the same CSV,
    build the list, write its PDF (no CLI start-up, no reference-data check, no XLSX)."""
    from docengine.notices.listdoc import beneficiary_list_document, render_list_pdf
    from docengine.office import Office
    from docengine.records.people import read_people
    from docengine.render.document import Renderer

    renderer = Renderer(Office.sample())
    people = read_people(csv_path, fy=2570, kind=kind)
    doc = beneficiary_list_document(renderer, people, kind=kind, fy=2570)
    Path(pdf_path).write_bytes(render_list_pdf(renderer, doc))


def run_list(rows: int, kind: str, folder: Path) -> dict:
    data = folder / f"people-{rows}.csv"
    pdf = folder / f"alone-{rows}.pdf"
    wall, cpu, peak, _ = _measured([sys.executable, __file__, "--list-child", str(data), str(pdf), "--kind", kind])
    return {"rows": rows, "seconds": wall, "cpu": cpu, "tree_peak_mb": peak}


def run_naive(rows: int, kind: str, folder: Path) -> dict:
    data = folder / f"people-{rows}.csv"
    pdf = folder / f"naive-{rows}.pdf"
    wall, cpu, peak, _ = _measured([sys.executable, __file__, "--naive-child", str(data), str(pdf)])
    return {"rows": rows, "seconds": wall, "cpu": cpu, "tree_peak_mb": peak}


def run(rows: int, kind: str, folder: Path) -> dict:
    data = folder / f"people-{rows}.csv"  # written once by main(), the same rows for both runs
    pdf = folder / f"list-{rows}.pdf"
    cmd = [sys.executable, "-m", "docengine", "notices", "beneficiary-list", "--kind", kind, "--fy", "2570",
           "--data", str(data), "--pdf", str(pdf), "--xlsx", str(folder / f"list-{rows}.xlsx")]
    wall, cpu, peak, out = _measured(cmd)
    pages = int(subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
                .split("Pages:")[1].split()[0])
    return {"rows": rows, "seconds": wall, "cpu": cpu, "mb": pdf.stat().st_size / 2**20, "pages": pages,
            "tree_peak_mb": peak, "summary": out.strip().splitlines()[-1]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, nargs="+", default=[10_000, 1_400])
    ap.add_argument("--kind", default="elderly", choices=["elderly", "disability"])
    ap.add_argument("--naive", type=int, nargs="*", default=[], metavar="ROWS",
                    help="also render the plain WeasyPrint table reference for these row counts")
    ap.add_argument("--naive-child", nargs=2, metavar=("CSV", "PDF"), help=argparse.SUPPRESS)
    ap.add_argument("--list-child", nargs=2, metavar=("CSV", "PDF"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.naive_child:
        return naive_child(*args.naive_child)
    if args.list_child:
        return list_child(*args.list_child, args.kind)
    print(f"cores: {os.cpu_count()}  load average: {os.getloadavg()[0]:.2f}")
    from make_sample_people import generate_people, write_csv

    with tempfile.TemporaryDirectory() as tmp:
        for rows in sorted(set(args.rows) | set(args.naive)):
            write_csv(generate_people(rows, seed=1, kind=args.kind), Path(tmp) / f"people-{rows}.csv")
        done = {}
        for rows in args.rows:
            r = done[rows] = run(rows, args.kind, Path(tmp))
            print(f"{r['rows']:>6} rows: {r['seconds']:6.1f} s wall  {r['cpu']:6.1f} s CPU  "
                  f"{1000 * r['cpu'] / rows:5.2f} ms CPU/row  {r['pages']:>4} pages  {r['mb']:5.2f} MB PDF  "
                  f"peak RSS (process tree) {r['tree_peak_mb']:6.0f} MB")
        alone = {}
        for rows in args.rows:
            a = alone[rows] = run_list(rows, args.kind, Path(tmp))
            print(f"{rows:>6} rows, the list alone (read, validate, PDF): {a['seconds']:6.1f} s wall  "
                  f"{a['cpu']:6.1f} s CPU  {1000 * a['cpu'] / rows:5.2f} ms CPU/row  peak {a['tree_peak_mb']:6.0f} MB")
        sizes = sorted(alone)
        for small, big in zip(sizes, sizes[1:]):
            step = 1000 * (alone[big]["cpu"] - alone[small]["cpu"]) / (big - small)
            print(f"  each row from {small:,} to {big:,}: {step:.3f} ms CPU (the list alone; the fixed start-up "
                  f"of {alone[small]['cpu'] - step * small / 1000:.1f} s left out)")
        for rows in args.naive:
            n = run_naive(rows, args.kind, Path(tmp))
            mine = done.get(rows) or run(rows, args.kind, Path(tmp))
            a = alone.get(rows) or run_list(rows, args.kind, Path(tmp))
            print(f"{rows:>6} rows, plain WeasyPrint table: {n['seconds']:6.1f} s wall  {n['cpu']:6.1f} s CPU  "
                  f"peak {n['tree_peak_mb']:6.0f} MB;  list alone / plain = {a['cpu'] / n['cpu']:.3f} (CPU), "
                  f"{a['seconds'] / n['seconds']:.3f} (wall);  whole command (PDF + XLSX) / plain = "
                  f"{mine['cpu'] / n['cpu']:.3f} (CPU)")
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"largest single process (ru_maxrss of children): {kids:.0f} MB")


if __name__ == "__main__":
    main()
