"""Re-make the review's one-line breaks of visible behaviour and check a named test kills each.

Issue 10's review broke ten behaviours users see, one at a time, and 9 went unnoticed by
the suite. Each is kept here as (file, the line as it is, the broken line, the tests that
must fail). For every mutant the tree is copied (``git ls-files``) to a temporary folder,
the one line is changed there, and only the named tests run against the copy:

    killed     the named tests failed (the suite guards this behaviour)
    SURVIVED   they passed with the behaviour broken
    stale      the line is no longer in the file: update this list

The unbroken copy is run first; a named test that fails there is reported, not counted.
Run by ``make mutate`` (not by ``make test``); exit 1 if any mutant survived or is stale.

    python scripts/review_mutants.py            # all
    python scripts/review_mutants.py M3 M7      # some
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Mutant:
    key: str
    what: str
    path: str
    old: str
    new: str
    tests: tuple[str, ...]


MUTANTS = [
    Mutant("M1", "printed send register: ถึง and เรื่อง columns swapped", "docengine/register/sheets.py",
           '                    r.recipients or "", r.subject or "", status_word(r.status), note]',
           '                    r.subject or "", r.recipients or "", status_word(r.status), note]',
           ("tests/test_register_cli.py::test_print_send_register_puts_each_value_in_its_column",)),
    Mutant("M2", "templates list exits 0 on an invalid set", "docengine/cli/templates.py",
           "        ctx.exit(1)", "        ctx.exit(0)",
           ("tests/test_letters_input.py::test_templates_list_exits_1_on_an_invalid_set",)),
    Mutant("M3", "chain restamp accepts an altered original", "docengine/chain/receive.py",
           "    if received and (hashlib.sha256(blob).hexdigest(), len(blob)) != (received[-1].sha256, received[-1].size):",
           "    if False:",
           ("tests/hostile/test_register_recover.py::test_kill_after_receipt_keeps_the_originals_hash_and_restamp_checks_it",)),
    Mutant("M4", "a disability proxy letter says เบี้ยยังชีพผู้สูงอายุ", "docengine/forms/document.py",
           'extra["allowance_text"] = allowance_name(self.kind)',
           'extra["allowance_text"] = allowance_name("elderly")',
           ("tests/test_forms_fill.py::test_proxy_letter_names_the_allowance_of_its_kind",)),
    Mutant("M5", "register print no longer defaults to the office's book", "docengine/cli/register.py",
           "            agency = own", "            pass",
           ("tests/test_register_cli.py::test_print_defaults_to_the_offices_own_book",)),
    Mutant("M6", "list counts lose their thousands separators", "docengine/notices/beneficiaries.py",
           '    text = f"{n:,}"', '    text = f"{n}"',
           ("tests/test_notices_list.py::test_counts_keep_thousands_separators",)),
    Mutant("M7", "receipt times printed in UTC", "docengine/register/sheets.py",
           "    local = to_bangkok(moment)", "    local = moment",
           ("tests/test_register_cli.py::test_printed_receipt_time_is_bangkok_time",)),
    Mutant("M8", "a blank DOCX title", "docengine/render/docx.py",
           '        props.title = str(context.get("subject") or context.get("title") or "")[:250]',
           '        props.title = ""',
           ("tests/test_docx_parity.py::test_docx_title_is_the_subject",)),
    Mutant("M9", "the full-ID XLSX labels the birth date as a birth year", "docengine/notices/workbook.py",
           '    birth = Column("วัน/เดือน/ปีเกิด", "date") if blist.full_ids else Column("ปีเกิด (พ.ศ.)", "number")',
           '    birth = Column("ปีเกิด (พ.ศ.)", "date") if blist.full_ids else Column("ปีเกิด (พ.ศ.)", "number")',
           ("tests/test_xlsx_workbook.py::test_full_id_list_labels_the_birth_date",)),
]


def copy_tree(dest: Path) -> None:
    """Copy the tracked files of the checkout (git ls-files) into ``dest`` (scripts/mutate.py uses it too)."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, files.decode().split("\0")):
        src = ROOT / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)


def _pytest(tree: Path, tests) -> tuple[int, str]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider",
                           "-o", "addopts=", f"--basetemp={tree}/.pt", *tests],
                          cwd=tree, env=env, capture_output=True, text=True)
    tail = (proc.stdout.strip().splitlines() or [""])[-1]
    return proc.returncode, tail


def run(keys=()) -> int:
    chosen = [m for m in MUTANTS if not keys or m.key in keys]
    bad = 0
    with tempfile.TemporaryDirectory(prefix="docengine-mutants-") as tmp:
        tree = Path(tmp)
        copy_tree(tree)
        code, tail = _pytest(tree, sorted({t for m in chosen for t in m.tests}))
        print(f"unbroken tree: {'tests pass' if code == 0 else 'TESTS FAIL: ' + tail}")
        if code != 0:
            return 1
        for m in chosen:
            target = tree / m.path
            text = target.read_text(encoding="utf-8")
            if text.count(m.old) != 1:
                print(f"{m.key} stale      {m.what}: line not found once in {m.path}")
                bad += 1
                continue
            target.write_text(text.replace(m.old, m.new), encoding="utf-8")
            started = time.perf_counter()
            code, tail = _pytest(tree, m.tests)
            target.write_text(text, encoding="utf-8")
            verdict = "killed  " if code != 0 else "SURVIVED"
            bad += code == 0
            print(f"{m.key} {verdict}  {m.what}  [{', '.join(t.split('::')[-1] for t in m.tests)}; "
                  f"{time.perf_counter() - started:.0f} s]")
    print(f"{len(chosen) - bad} of {len(chosen)} review mutants killed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(run(set(sys.argv[1:])))
