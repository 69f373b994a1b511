#!/usr/bin/env python3
"""Seconds for `docengine --help` in a new process, against a bare interpreter start.

    .venv/bin/python bench/cli_startup.py [--n 10]

The CLI imports its commands lazily, so help costs little more than starting Python;
the ratio (help / bare start) is the figure to watch (target: our own share ≤ 0.3 s).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


def seconds(args: list[str], n: int) -> list[float]:
    subprocess.run([sys.executable, *args], capture_output=True)  # warm the disk cache
    out = []
    for _ in range(n):
        started = time.perf_counter()
        subprocess.run([sys.executable, *args], capture_output=True, check=True)
        out.append(time.perf_counter() - started)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10)
    n = parser.parse_args().n
    bare = seconds(["-c", "pass"], n)
    help_ = seconds(["-m", "docengine", "--help"], n)
    print(f"bare interpreter     median {statistics.median(bare):.3f} s  min {min(bare):.3f} s")
    print(f"docengine --help     median {statistics.median(help_):.3f} s  min {min(help_):.3f} s")
    print(f"our own share        {statistics.median(help_) - statistics.median(bare):.3f} s; "
          f"ratio {statistics.median(help_) / statistics.median(bare):.2f}x bare start")


if __name__ == "__main__":
    main()
