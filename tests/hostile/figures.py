"""The hostile suite's figures, from the tally the harness writes (``DOCENGINE_HOSTILE_TALLY``).

Run from tests/: ``python -m hostile.figures out/hostile/tally.jsonl``. Prints the number of
child runs and of test cases, the largest wall time, CPU time and peak memory (with the
case), and one ``OVER`` line per run beyond the bounds; exits 1 if there is any.

>>> import json, tempfile, os
>>> fd, name = tempfile.mkstemp(suffix=".jsonl")
>>> with os.fdopen(fd, "w") as fh:
...     for case, wall, mb in [("a[1]", 0.5, 90.0), ("a[2]", 1.5, 120.0), ("b", 0.7, 80.0)]:
...         _ = fh.write(json.dumps({"case": case, "code": 1, "wall_s": wall, "cpu_s": wall,
...                                  "peak_mb": mb}) + "\\n")
>>> figures(name)
(3, 3, [])
>>> main([name])
runs 3, cases 3 (tests 2)
max wall 1.50 s (a[2]); max CPU 1.50 s (a[2]); max peak 120 MB (a[2])
bounds 10 s and 500 MB: 0 runs over
0
"""

from __future__ import annotations

import json
import sys

from hostile.harness import LIMIT_MB, LIMIT_SECONDS


def _load(path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def figures(path) -> tuple[int, int, list[dict]]:
    """(runs, cases, runs over the bounds) of a tally file."""
    runs = _load(path)
    over = [r for r in runs if r["wall_s"] > LIMIT_SECONDS or r["cpu_s"] > LIMIT_SECONDS
            or r["peak_mb"] > LIMIT_MB]
    return len(runs), len({r["case"] for r in runs}), over


def main(argv: list[str]) -> int:
    runs = _load(argv[0])
    if not runs:
        print("no runs in the tally")
        return 1
    n, cases, over = figures(argv[0])
    tests = {r["case"].split("[")[0] for r in runs}
    print(f"runs {n}, cases {cases} (tests {len(tests)})")
    top = {k: max(runs, key=lambda r: r[k]) for k in ("wall_s", "cpu_s", "peak_mb")}
    print(f"max wall {top['wall_s']['wall_s']:.2f} s ({top['wall_s']['case']}); "
          f"max CPU {top['cpu_s']['cpu_s']:.2f} s ({top['cpu_s']['case']}); "
          f"max peak {top['peak_mb']['peak_mb']:.0f} MB ({top['peak_mb']['case']})")
    print(f"bounds {LIMIT_SECONDS:g} s and {LIMIT_MB:g} MB: {len(over)} runs over")
    for r in over:
        print(f"OVER {r['case']}: wall {r['wall_s']} s, CPU {r['cpu_s']} s, {r['peak_mb']} MB, exit {r['code']}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
