"""Rules of the suite itself (issue 10): no test module imports another test module; shared
helpers live in helper modules (tests/browser.py, register_helpers.py, web_helpers.py, …)."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def test_no_test_module_imports_another_test_module():
    found = []
    for path in sorted(TESTS.rglob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            found += [f"{path.relative_to(TESTS)}:{node.lineno} imports {n}" for n in names
                      if n.split(".")[-1].startswith("test_")]
    assert not found, "\n".join(found)


def test_no_test_asserts_on_the_clock():
    """Timing thresholds belong in bench/ (issue 10): a test asserting on ``time.monotonic() -
    started`` fails on a loaded machine, not on a regression. (The hostile harness's CPU bound
    and the web concurrency test's bound are the issues' own acceptance bounds, named constants;
    a wait with a deadline against a hang fails with pytest.fail, not an assert.)"""
    clocks = {"monotonic", "perf_counter", "time", "process_time"}
    found = []
    for path in sorted(TESTS.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assert):
                calls = [n for n in ast.walk(node.test) if isinstance(n, ast.Call)
                         and isinstance(n.func, ast.Attribute) and n.func.attr in clocks
                         and isinstance(n.func.value, ast.Name) and n.func.value.id == "time"]
                found += [f"{path.relative_to(TESTS)}:{node.lineno}"] if calls else []
    assert not found, "asserts on the clock: " + ", ".join(found)


def test_each_review_mutant_still_finds_its_line_and_names_existing_tests():
    """`make mutate-review` re-makes the review's breaks by replacing one line; when the code moves on,
    a mutant whose line is gone is only reported "stale" there (two were, unnoticed): keep the list current."""
    import runpy

    root = TESTS.parent
    mutants = runpy.run_path(str(root / "scripts" / "review_mutants.py"))["MUTANTS"]
    stale = [m.key for m in mutants if (root / m.path).read_text(encoding="utf-8").count(m.old) != 1]
    assert stale == []
    for m in mutants:
        for test in m.tests:
            file, _, name = test.partition("::")
            assert f"def {name}(" in (root / file).read_text(encoding="utf-8"), test
