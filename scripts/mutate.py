"""Mutation testing of the core packages with mutmut: how many small breaks of the code the tests catch.

For each package the tree is copied (``git ls-files``) to a temporary folder, the shared
``[tool.mutmut]`` settings of pyproject.toml get the package's own ones added there
(``only_mutate``: the package; ``pytest_add_cli_args_test_selection``: its doctests and
test files, see PACKAGES), and ``mutmut run`` runs in that copy. Nothing is written into
the current folder: the figures go to ``out/mutate/<package>.json`` (one file per package,
so runs of different packages add up) and ``out/mutate/summary.json``; the names of the
mutants the tests did not kill (with --diffs: their diffs) to ``out/mutate/<package>-survivors.txt``.

    python scripts/mutate.py                      # all seven packages, every mutant
    python scripts/mutate.py thai allowance       # some
    python scripts/mutate.py --sample 5 render    # every 5th mutant (sorted by name) only
    python scripts/mutate.py --max-mutants 60 register   # every K-th, K chosen so that <= 60 run
    python scripts/mutate.py --sample 16 --offset 8 allowance   # another sample, disjoint from the first
    python scripts/mutate.py allowance --only 'docengine.allowance.birth.*'   # re-run some mutants

Score = (killed + timeout) / all mutants. A sampled run also gives the 95 % Wilson interval of
the package's score (the sample is every K-th mutant of the sorted names: a systematic sample,
close to a random one because neighbouring names are mutants of one function). "no tests" (no selected test calls the mutated
function) counts as not killed, like "survived". Run by ``make mutate`` (not by ``make test``).
Exit 1 if mutmut is missing or a run failed; the score itself never fails the run.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from review_mutants import copy_tree  # noqa: E402  (one way to copy the checkout)

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "out" / "mutate"

# The tests that exercise each package: its doctests first, then its test files (globs).
PACKAGES: dict[str, tuple[str, ...]] = {
    "thai": ("tests/test_thai_*.py",),
    "allowance": ("tests/test_allowance_*.py",),
    "register": ("tests/test_register_*.py", "tests/hostile/test_register_*.py"),
    "chain": ("tests/test_chain_*.py", "tests/hostile/test_register_receive.py"),
    "notices": ("tests/test_notices_*.py", "tests/test_xlsx_workbook.py"),
    "forms": ("tests/test_forms_*.py", "tests/test_docx_forms.py"),
    "render": ("tests/test_letters_*.py", "tests/test_typeset_*.py", "tests/test_docx_*.py",
               "tests/test_render_every_set.py", "tests/test_xlsx_workbook.py", "tests/test_shaping.py",
               "tests/test_api.py", "tests/test_notices_listpdf.py", "tests/test_forms_fit.py",
               "tests/test_render_outputs.py"),
}
# Test files left out of the selection unless --all-tests: each starts processes (several writers
# at once, kill -9 at every crash window) and takes seconds per test, so every mutant of the
# register's books would run a minute of them. Leaving tests out can only lower the score.
SLOW: dict[str, tuple[str, ...]] = {
    "register": ("tests/test_register_concurrency.py", "tests/hostile/test_register_recover.py"),
    "chain": (),
}

# Targeted tests written to kill survivors: tests/test_<package>_mutants.py (picked up by the globs
# above for thai/allowance/register/chain/notices/forms; added here for the others).
for _pkg in ("render",):
    PACKAGES[_pkg] += (f"tests/test_{_pkg}_mutants.py",)

# mutmut's statuses, as `mutmut results` names them, keyed by the exit codes its .meta files hold.
STATUS = {1: "killed", 3: "killed", 0: "survived", 5: "no tests", 33: "no tests", 34: "skipped",
          35: "suspicious", 36: "timeout", 24: "timeout", -24: "timeout", 152: "timeout", 255: "timeout",
          37: "caught by type check", 2: "interrupted", -11: "segfault", -9: "segfault", None: "not checked"}


def _say(text: str) -> None:
    print(text, flush=True)


def _mutmut_missing() -> str | None:
    try:
        import mutmut  # noqa: F401
    except ImportError:
        return (f"mutmut is not installed in {sys.executable}: run `make mutate` (it installs the "
                "'mutate' extra) or `pip install -e '.[mutate]'`")
    return None


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return "[" + ", ".join(_toml_value(v) for v in value) + "]"


def selection(tree: Path, pkg: str, *, all_tests: bool = False, tests: list[str] = ()) -> list[str]:
    """The package's test files in ``tree``: PACKAGES[pkg]'s globs (or ``tests``), less SLOW[pkg]
    unless ``all_tests``."""
    skip = set() if all_tests else set(SLOW.get(pkg, ()))
    return sorted({str(p.relative_to(tree)) for g in (tests or PACKAGES[pkg]) for p in tree.glob(g)} - skip)


def wilson(detected: int, total: int, z: float = 1.96) -> tuple[float, float] | None:
    """The 95 % Wilson score interval of detected/total, in percent.

    >>> wilson(49, 63)
    (66.1, 86.3)
    """
    if not total:
        return None
    p = detected / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z * ((p * (1 - p) / total + z * z / (4 * total * total)) ** 0.5) / (1 + z * z / total)
    return round(100 * (centre - half), 1), round(100 * (centre + half), 1)


def _configure(tree: Path, pkg: str, *, all_tests: bool = False, only_tests: list[str] = ()) -> list[str]:
    """Write the package's [tool.mutmut] into the copy's pyproject.toml; return its test selection."""
    pyproject = tree / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    shared = tomllib.loads(text).get("tool", {}).get("mutmut", {})
    tests = selection(tree, pkg, all_tests=all_tests, tests=only_tests)
    settings = {
        **shared,
        "only_mutate": [f"docengine/{pkg}/*"],
        "pytest_add_cli_args_test_selection": [f"docengine/{pkg}", *tests],
        "pytest_add_cli_args": [*shared.get("pytest_add_cli_args", []), f"--basetemp={tree}/.pt",
                                "-p", "docengine_mutmut_hits"],
    }
    # Drop the committed section, append the package's (TOML forbids a table twice).
    kept, skipping = [], False
    for line in text.splitlines():
        if line.strip().startswith("["):
            skipping = line.strip() == "[tool.mutmut]"
        if not skipping:
            kept.append(line)
    kept += ["", "[tool.mutmut]", *(f"{k} = {_toml_value(v)}" for k, v in settings.items())]
    pyproject.write_text("\n".join(kept) + "\n", encoding="utf-8")
    # The hostile tests bound each child's memory and CPU time (tests/hostile/harness.py), bounds of
    # the real code: the mutated copy, every function with all its variants, needs 4x the memory
    # to import (register: 280 MB before any work). In the copy only, the bounds are lifted.
    harness = tree / "tests" / "hostile" / "harness.py"
    if harness.exists():
        code = harness.read_text(encoding="utf-8")
        code = re.sub(r"^LIMIT_MB = .*$", "LIMIT_MB = 1e9  # scripts/mutate.py: no bound in the copy", code, flags=re.M)
        code = re.sub(r"^LIMIT_SECONDS = .*$", "LIMIT_SECONDS = 60.0  # scripts/mutate.py: 6x", code, flags=re.M)
        harness.write_text(code, encoding="utf-8")
    return tests


def _meta(tree: Path, pkg: str) -> dict[str, int | None]:
    codes: dict[str, int | None] = {}
    for meta in sorted((tree / "mutants" / "docengine" / pkg).rglob("*.py.meta")):
        codes.update(json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"])
    return codes


# mutmut runs a mutant's tests only if they called the function in the test process itself
# ("no tests" otherwise), so a test that runs `python -m docengine …` in a child process never
# counted, though the child imports the mutated copy. These two files, written into the copy,
# hand the child's calls to mutmut: while mutmut collects its stats (MUTANT_UNDER_TEST=stats),
# each child Python process reads mutmut's settings from the copy (not from the folder it was
# started in) and writes the functions it called to $DOCENGINE_MUTMUT_HITS at exit
# (sitecustomize), and the test process adds them to the test's own before mutmut reads them
# (a pytest plugin, run first at each test's teardown).
_SITECUSTOMIZE = """\
import os

if os.environ.get("MUTANT_UNDER_TEST") == "stats" and os.environ.get("DOCENGINE_MUTMUT_HITS"):
    import atexit

    # mutmut reads its settings from the current folder on the first recorded call; a child
    # started in another folder (a test's tmp_path) would fail there, so read them now.
    try:
        from mutmut import configuration

        _here = os.getcwd()
        os.chdir(os.environ["DOCENGINE_MUTMUT_TREE"])
        try:
            configuration.config()
        finally:
            os.chdir(_here)
    except Exception:
        pass

    def _dump_hits():
        try:
            from mutmut.state import state
        except ImportError:
            return
        hits = sorted(state()._stats)
        if hits:
            path = os.path.join(os.environ["DOCENGINE_MUTMUT_HITS"], f"{os.getpid()}.hits")
            with open(path + ".tmp", "w", encoding="utf-8") as f:
                f.write("\\n".join(hits))
            os.replace(path + ".tmp", path)

    atexit.register(_dump_hits)
"""
_HITS_PLUGIN = """\
import os
from pathlib import Path

import pytest


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item, nextitem):
    folder = os.environ.get("DOCENGINE_MUTMUT_HITS")
    if not folder or os.environ.get("MUTANT_UNDER_TEST") != "stats":
        return
    from mutmut.state import state

    for path in Path(folder).glob("*.hits"):
        state()._stats.update(path.read_text(encoding="utf-8").split())
        path.unlink()
"""

_GENERATE = ("import os; from mutmut.utils.file_utils import copy_src_dir, copy_also_copy_files, "
             "setup_source_paths; from mutmut.__main__ import create_mutants; "
             "os.makedirs('mutants', exist_ok=True); copy_src_dir(); copy_also_copy_files(); "
             "setup_source_paths(); create_mutants(1)")


def _write_json(path: Path, data) -> None:
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def run_package(pkg: str, *, sample: int, children: int, index: str, diffs: bool = False,
                max_mutants: int | None = None, only: list[str] = (), all_tests: bool = False,
                offset: int = 0, budget: float | None = None, only_tests: list[str] = ()) -> dict:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix=f"docengine-mutmut-{pkg}-") as tmp:
        tree = Path(tmp)
        _say(f"[{index} {pkg}] copying the tree to {tree}")
        copy_tree(tree)
        tests = _configure(tree, pkg, all_tests=all_tests, only_tests=only_tests)
        _say(f"[{index} {pkg}] tests: docengine/{pkg} (doctests) + {' '.join(tests)}")
        # Subprocesses the tests start (python -m docengine ...) import the mutated copy, not /work/main.
        # (The folder must exist before Python starts, or its import system ignores it for good.)
        (tree / "mutants").mkdir()
        (tree / "mutants" / "sitecustomize.py").write_text(_SITECUSTOMIZE, encoding="utf-8")
        (tree / "mutants" / "docengine_mutmut_hits.py").write_text(_HITS_PLUGIN, encoding="utf-8")
        (tree / ".hits").mkdir()
        # A mutant may send a test's writes to the default register (a URL dropped): the user's data
        # folder is one inside the copy, and $DOCENGINE_DB is not passed on.
        env = {**os.environ, "PYTHONPATH": str(tree / "mutants"), "DOCENGINE_MUTMUT_HITS": str(tree / ".hits"),
               "DOCENGINE_MUTMUT_TREE": str(tree), "XDG_DATA_HOME": str(tree / ".user-data")}
        for name in ("MUTANT_UNDER_TEST", "DOCENGINE_DB"):
            env.pop(name, None)
        names: list[str] = []
        every: list[str] = []
        if sample > 1 or max_mutants or only:
            subprocess.run([sys.executable, "-c", _GENERATE], cwd=tree, env=env, check=True,
                           stdout=subprocess.DEVNULL)
            every = sorted(_meta(tree, pkg))
        if only:
            names = [n for n in every if any(fnmatch.fnmatchcase(n, pattern) for pattern in only)]
            _say(f"[{index} {pkg}] only: {len(names)} of {len(every)} mutants match {' '.join(only)}")
            if not names:
                raise SystemExit(f"no mutant of {pkg} matches {' '.join(only)}")
        elif sample > 1 or max_mutants:
            if max_mutants:
                sample = max(sample, -(-len(every) // max_mutants))
            offset %= sample
            names = every[offset::sample]
            _say(f"[{index} {pkg}] sample: every {sample}th of {len(every)} mutants from #{offset} = {len(names)}")
        cmd = [sys.executable, "-m", "mutmut", "run", "--max-children", str(children), *names]
        _say(f"[{index} {pkg}] mutmut run --max-children {children}" + (f" <{len(names)} names>" if names else ""))
        proc = subprocess.Popen(cmd, cwd=tree, env=env)
        try:
            proc.wait(timeout=budget * 60 if budget else None)
        except subprocess.TimeoutExpired:
            # mutmut stops on Ctrl-C and keeps the results so far; the rest stay "not checked"
            _say(f"[{index} {pkg}] time budget of {budget} min spent: stopping mutmut")
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=120)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        codes = _meta(tree, pkg)
        if names:
            codes = {k: codes.get(k) for k in names}
        unchecked = sorted(k for k, c in codes.items() if STATUS.get(c, "suspicious") in ("not checked", "interrupted"))
        if unchecked and proc.returncode != 1:  # stopped early: the score is of the mutants checked
            codes = {k: c for k, c in codes.items() if k not in unchecked}
        counts: dict[str, int] = {}
        for code in codes.values():
            status = STATUS.get(code, "suspicious")
            counts[status] = counts.get(status, 0) + 1
        total = len(codes)
        detected = counts.get("killed", 0) + counts.get("timeout", 0)
        not_killed = sorted(k for k, c in codes.items() if STATUS.get(c, "suspicious") not in ("killed", "timeout"))
        shown_diffs = []
        for name in not_killed if diffs else ():  # one `mutmut show` process each: minutes for hundreds
            shown = subprocess.run([sys.executable, "-m", "mutmut", "show", name], cwd=tree, env=env,
                                   capture_output=True, text=True)
            shown_diffs.append(shown.stdout.strip() or f"# {name}: {shown.stderr.strip()[-300:]}")
        result = {
            "package": f"docengine/{pkg}",
            "date": time.strftime("%Y-%m-%d"),
            "mutants": total,
            "of": len(every) or total,
            "killed": counts.get("killed", 0),
            "survived": counts.get("survived", 0),
            "timeout": counts.get("timeout", 0),
            "no_tests": counts.get("no tests", 0),
            "other": {k: v for k, v in counts.items() if k not in ("killed", "survived", "timeout", "no tests")},
            # mutmut stopped before testing (e.g. a failing clean run): no score, not 0 %.
            "score_percent": round(100 * detected / total, 1) if total and counts.get("not checked", 0) < total else None,
            "minutes": round((time.monotonic() - started) / 60, 1),
            "ci95_percent": wilson(detected, total) if names and not only and counts.get("not checked", 0) < total
            else None,
            "sampled": (f"only {' '.join(only)}" if only else
                        f"every {sample}th mutant by name" + (f" from #{offset}" if offset else "")
                        if sample > 1 else "full"),
            "mutmut_exit": proc.returncode,
            "not_checked": len(unchecked),  # left when the time budget ran out (not in "mutants")
            "tests": [f"docengine/{pkg}", *tests],
            "not_killed": {k: STATUS.get(codes[k], "suspicious") for k in not_killed},
        }
    OUT.mkdir(parents=True, exist_ok=True)
    stem = f"{pkg}-only" if only else pkg  # a re-run of some mutants is not the package's figure
    _write_json(OUT / f"{stem}.json", result)
    survivors = OUT / f"{stem}-survivors.txt"
    tmp_s = survivors.with_name(f"{survivors.name}.{os.getpid()}.tmp")
    tmp_s.write_text("\n\n".join(shown_diffs or not_killed) + "\n", encoding="utf-8")
    os.replace(tmp_s, survivors)
    return result


ROW = "{:<20} {:>7} {:>7} {:>8} {:>7} {:>8} {:>7} {:>13} {:>7}  {}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("packages", nargs="*", metavar="PKG", help=f"default: {' '.join(PACKAGES)}")
    parser.add_argument("--sample", type=int, default=1, metavar="K", help="run every K-th mutant only")
    parser.add_argument("--max-mutants", type=int, metavar="N",
                        help="sample every K-th mutant, K the smallest that runs at most N (per package)")
    parser.add_argument("--offset", type=int, default=0, metavar="J",
                        help="start the sample at the J-th mutant (0-based): a second sample, disjoint from "
                             "the first, measures tests written against the first one's survivors")
    parser.add_argument("--time-budget", type=float, metavar="MINUTES",
                        help="stop mutmut after this long (per package); the score is then of the mutants "
                             "checked, which mutmut runs fastest first (cheap mutants first: say so)")
    parser.add_argument("--tests", action="append", default=[], metavar="GLOB",
                        help="test files to run instead of the package's selection (repeatable): a faster "
                             "subset gives a lower bound of the score")
    parser.add_argument("--only", action="append", default=[], metavar="NAME",
                        help="run only these mutants (names or globs, repeatable); figures to "
                             "out/mutate/<package>-only.json, not the package's")
    parser.add_argument("--all-tests", action="store_true",
                        help="also run the slow multi-process test files SLOW leaves out (register)")
    parser.add_argument("--max-children", type=int, default=1, choices=(1, 2),
                        help="parallel mutmut workers (the machine is shared: 1 unless it is idle)")
    parser.add_argument("--diffs", action="store_true",
                        help="write each not-killed mutant's diff to out/mutate/<package>-survivors.txt")
    args = parser.parse_args(argv)
    unknown = [p for p in args.packages if p not in PACKAGES]
    if unknown:
        parser.error(f"unknown package(s) {' '.join(unknown)}; choose from {' '.join(PACKAGES)}")
    missing = _mutmut_missing()
    if missing:
        print(missing, file=sys.stderr)
        return 1
    chosen = args.packages or list(PACKAGES)
    results = []
    for i, pkg in enumerate(chosen, 1):
        results.append(run_package(pkg, sample=args.sample, children=args.max_children,
                                   index=f"{i}/{len(chosen)}", diffs=args.diffs, max_mutants=args.max_mutants,
                                   only=args.only, all_tests=args.all_tests, offset=args.offset,
                                   budget=args.time_budget, only_tests=args.tests))
    # The summary holds every package run so far (this run's and earlier ones').
    summary = {}
    for path in sorted(OUT.glob("*.json")):
        if path.name != "summary.json" and not path.name.endswith("-only.json"):
            data = json.loads(path.read_text(encoding="utf-8"))
            summary[data["package"]] = {k: v for k, v in data.items() if k not in ("not_killed", "tests")}
    _write_json(OUT / "summary.json", summary)
    print()
    print(ROW.format("package", "mutants", "killed", "survived", "timeout", "no-tests", "score", "95% interval", "minutes", "run"))
    for r in results:
        print(ROW.format(r["package"], r["mutants"], r["killed"], r["survived"], r["timeout"], r["no_tests"],
                         f"{r['score_percent']}%" if r["score_percent"] is not None else "failed", "{}-{}%".format(*r["ci95_percent"]) if r["ci95_percent"] else "",
                         r["minutes"], f"{r['sampled']} of {r['of']}"))
    print(f"\nsummary: {OUT / 'summary.json'}; not-killed mutants with diffs: {OUT}/<package>-survivors.txt")
    return 1 if any(r["mutmut_exit"] not in (0, None) or not r["mutants"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
