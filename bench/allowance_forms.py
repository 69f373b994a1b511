#!/usr/bin/env python3
"""Benchmark: pre-filled registration forms for a whole batch, to one printable PDF.

Target (2-core machine): 1,000 elderly forms in <= 10 s wall, file <= 10 MB.
Run:  .venv/bin/python bench/allowance_forms.py [N] [--kind elderly|disability]

Measures the whole user path after the people file is read: rendering the blank once,
stamping N copies, writing one PDF; plus peak RSS of the process.
"""

from __future__ import annotations

import argparse
import csv
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from docengine.office import Office

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=1000)
    parser.add_argument("--kind", default="elderly", choices=["elderly", "disability"])
    args = parser.parse_args()

    from make_sample_people import generate_people

    from docengine.forms import FormJob
    from docengine.records.people import read_people
    from docengine.render.document import Renderer

    rows = generate_people(args.n, kind=args.kind, fy=2570)
    tmp = Path(tempfile.mkdtemp())
    people_file = tmp / "people.csv"
    with people_file.open("w", newline="", encoding="utf-8") as fh:
        fields = list(dict.fromkeys(k for row in rows for k in row))
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)

    t0 = time.perf_counter()
    people = read_people(people_file, fy=2570, kind=args.kind, purpose="form")
    t1 = time.perf_counter()
    renderer = Renderer(Office.sample())
    set_name = "elderly-registration" if args.kind == "elderly" else "disability-registration"
    job = FormJob(renderer, set_name, fy=2570, filed_on=date(2026, 5, 4))
    job.blank()
    t2 = time.perf_counter()
    pdf = job.filled_pdf(people)
    out = tmp / "forms.pdf"
    out.write_bytes(pdf)
    t3 = time.perf_counter()
    pages = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    pages = next((line.split()[-1] for line in pages.splitlines() if line.startswith("Pages:")), "?")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{args.kind} forms: {len(people)} rows")
    print(f"  read people file   {t1 - t0:6.2f} s")
    print(f"  blank (WeasyPrint) {t2 - t1:6.2f} s  (includes engine start-up)")
    print(f"  stamp + write PDF  {t3 - t2:6.2f} s")
    print(f"  total wall         {t3 - t0:6.2f} s")
    print(f"  file {len(pdf) / 1e6:.2f} MB, {pages} pages, peak RSS {rss:.0f} MB  -> {out}")


if __name__ == "__main__":
    main()
