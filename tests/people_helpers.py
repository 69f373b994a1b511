"""Helpers for tests that need a small people file cut from a sample one."""

from __future__ import annotations

import csv
from pathlib import Path


def sample_rows(src: Path, dest: Path, n: int, where=lambda row: True) -> Path:
    with src.open(encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        rows = [r for r in reader if where(r)][:n]
        fields = reader.fieldnames
    with dest.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)
    return dest
