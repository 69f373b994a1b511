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
