#!/usr/bin/env python3
"""Reading and validating a people file: docengine vs a plain csv.DictReader pass.

    .venv/bin/python bench/people_read.py [--rows 10000]

The reference reads the same CSV with the standard library and does nothing else;
docengine's read_people also checks every ID, date, title and payment field.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import tempfile
import time
from datetime import date
from pathlib import Path

from docengine.records.people import read_people

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    rows = parser.parse_args().rows
    spec = importlib.util.spec_from_file_location("samples", ROOT / "scripts" / "make_sample_people.py")
    samples = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(samples)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "people.csv"
        samples.write_csv(samples.generate_people(rows, seed=1), path)
        started = time.perf_counter()
        with open(path, encoding="utf-8-sig", newline="") as fh:
            plain = sum(1 for _ in csv.DictReader(fh))
        reference = time.perf_counter() - started
        started = time.perf_counter()
        people = read_people(path, fy=2570, kind="elderly", today=date(2026, 6, 1))
        ours = time.perf_counter() - started
    assert plain == len(people) == rows
    print(f"{rows:,} rows: csv.DictReader {reference:.3f} s, read_people {ours:.2f} s "
          f"({ours / reference:.0f}x the plain parse; {ours / rows * 1e6:.0f} µs a row)")


if __name__ == "__main__":
    main()
