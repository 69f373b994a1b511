"""Kill loops (``make test-faults``): a command killed at any point leaves the books and files agreeing.

Each command is run again and again and killed — at each injected step
(``DOCENGINE_FAULT_AT``, see docengine/faults.py) and by SIGKILL after a random
delay — then the register is opened (which recovers dead processes' work),
``register recover``'s re-stamping is run, and the books are checked:

* numbers of every book run 1..n with no duplicate and no gap;
* every issued letter's files, and every receipt's latest stamped copy, exist with
  the recorded SHA-256 and size; nothing is left reserved or pending;
* no file under a final name without a live record (a failed letter's files are
  set aside as ``*.failed``), and no temp file (``.*.part``) is left: recovery removes
  those of killed commands.

The figures (kills per command and step, outcomes) are printed at the end.
"""

from __future__ import annotations

import collections
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from docengine.register import open_register
from docengine.register.books import sha256_file

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "samples" / "documents" / "external.yaml"
KILLS = int(os.environ.get("DOCENGINE_KILLS", "32"))
SEED = int(os.environ.get("DOCENGINE_KILL_SEED", "14"))
FIGURES: dict[str, collections.Counter] = {}

STEPS = {
    "issue": ["issue:reserved", "issue:rendered", "issue:staged", "issue:committed", "issue:published-0",
              "issue:published-1"],
    "forward": ["issue:reserved", "issue:rendered", "issue:staged", "issue:committed", "issue:published-0"],
    "receive": ["receive:recorded", "receive:staged", "receive:committed", "receive:published"],
    "endorse": ["endorse:recorded", "restamp:staged", "restamp:committed", "restamp:published"],
}


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    base = tmp_path_factory.mktemp("kills")
    work = base / "work"
    work.mkdir()
    url = f"sqlite:///{base / 'register.sqlite3'}"
    open_register(url).close()
    data = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    data.pop("book_number")
    data["agency"]["code"] = "มท 0810.6"
    letter = base / "letter.yaml"
    letter.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    yield {"base": base, "work": work, "url": url, "letter": letter}
    print("\n\nKILL LOOP FIGURES")
    for command, counts in FIGURES.items():
        kills = sum(v for k, v in counts.items() if k.startswith("killed"))
        print(f"  {command}: {kills} kills, outcomes {dict(sorted(counts.items()))}")


def _run(books, args, step: str | None, delay: float | None) -> str:
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    env.pop("DOCENGINE_FAULT_AT", None)
    if step:
        env["DOCENGINE_FAULT_AT"] = step
    proc = subprocess.Popen([sys.executable, "-m", "docengine", "--db", books["url"], *args], cwd=books["work"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if delay is not None:
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate(timeout=300)
    if proc.returncode == -signal.SIGKILL:
        return f"killed by SIGKILL after {delay:.1f} s" if delay is not None else "killed"
    if proc.returncode == 86:
        return f"killed at {step}"
    assert proc.returncode == 0, err.decode()[-2000:]
    return "completed"


def _check(books) -> collections.Counter:
    """Recover as the next command would, then check books and files agree. Returns file figures."""
    from docengine.chain.receive import finish_pending

    reg = open_register(books["url"])
    finish_pending(reg, reg.unstamped_receipts())
    figures = collections.Counter()
    registered = set()
    by_book = collections.defaultdict(list)
    for letter in reg.list("send"):
        by_book[(letter.agency_code, letter.series, letter.year_be)].append(letter.running_no)
        assert letter.status in ("issued", "failed"), (letter.book_number, letter.status)
        figures[f"letters {letter.status}"] += 1
        for f in letter.files:
            assert f.staged_path is None, f
            if letter.status == "issued":
                assert Path(f.path).is_file(), f"issued {letter.book_number}: {f.path} missing"
                assert sha256_file(Path(f.path)) == (f.sha256, f.size), f"{f.path} differs from the register"
                registered.add(f.path)
            else:
                assert not Path(f.path).exists() or f.path in registered, \
                    f"failed {letter.book_number} left a complete-looking {f.path}"
    for receipt in reg.list("receive"):
        by_book[(receipt.agency_code, "receive", receipt.year_be)].append(receipt.running_no)
        assert receipt.pending is None, f"receipt {receipt.receipt_no} still pending"
        assert any(f.role == "received" for f in receipt.files), receipt.receipt_no
        latest = {}
        for f in receipt.files:
            latest[f.path] = f
        for f in latest.values():
            if f.role == "stamped":
                assert sha256_file(Path(f.path)) == (f.sha256, f.size), f"{f.path} differs from the register"
                registered.add(f.path)
        figures["receipts"] += 1
    for key, numbers in by_book.items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), (key, sorted(numbers))
    for p in books["work"].iterdir():
        assert not (p.name.startswith(".") and p.name.endswith(".part")), f"temp file {p.name} left behind"
        if p.suffix == ".failed":
            figures["set aside (.failed)"] += 1
        elif p.suffix in (".pdf", ".docx"):
            assert str(p.resolve()) in registered, f"{p.name} is under a final name without a live record"
    reg.close()
    return figures


def _save(command, counts, last) -> None:
    """Figures so far, for a loop stopped before its end: $DOCENGINE_KILL_FIGURES/<command>.json."""
    folder = os.environ.get("DOCENGINE_KILL_FIGURES")
    if folder:
        import json

        Path(folder, f"{command}.json").write_text(json.dumps(
            {"outcomes": counts, "books": last, "at": time.strftime("%H:%M:%S")}, ensure_ascii=False, indent=1))


def _loop(books, command, make_args):
    """One clean run (timed: the random delays span it), then runs until KILLS of them were killed."""
    rng = random.Random(f"{SEED}-{command}")
    counts = FIGURES.setdefault(command, collections.Counter())
    steps = STEPS[command]
    started = time.perf_counter()
    assert _run(books, make_args(0), None, None) == "completed"
    span = time.perf_counter() - started
    counts["clean run seconds"] = round(span)
    kills, i = 0, 1
    while kills < KILLS and i < 3 * KILLS:
        # Alternately at each injected step in turn, and by SIGKILL at a random moment of the run.
        step = steps[kills // 2 % len(steps)] if i % 2 == 0 else None
        outcome = _run(books, make_args(i), step, None if step else rng.uniform(0.05, 1.1) * span)
        counts[outcome.split(" after ")[0]] += 1
        kills += outcome.startswith("killed")
        last = _check(books)
        i += 1
        _save(command, counts, last)
    assert kills >= KILLS, counts
    counts.update({f"end state: {k}": v for k, v in last.items()})


def test_letter_issue_killed_anywhere(books):
    _loop(books, "issue", lambda i: ["letter", "issue", "--data", str(books["letter"]),
                                     "--pdf", f"L{i}.pdf", "--docx", f"L{i}.docx"])


def _a_letter(books):
    """An issued letter of the books (issuing one, unkilled, if there is none yet: each test runs alone too)."""
    issued = [l for l in open_register(books["url"]).list("send") if l.status == "issued"]
    if not issued:
        assert _run(books, ["letter", "issue", "--data", str(books["letter"]), "--pdf", "base.pdf"], None,
                    None) == "completed"
        issued = [l for l in open_register(books["url"]).list("send") if l.status == "issued"]
    return issued[0]


def test_receive_killed_anywhere(books):
    pdf = next(f.path for f in _a_letter(books).files if f.role == "letter")
    for i in range(3 * KILLS):
        (books["base"] / f"m{i}.yaml").write_text(yaml.safe_dump(
            {"book_number": f"ชม 0023.3/ว {1000 + i}", "date": "2024-01-02", "sender": "จังหวัดเชียงใหม่",
             "subject": f"ทดสอบ {i}"}, allow_unicode=True), encoding="utf-8")
    _loop(books, "receive", lambda i: ["receive", str(pdf), "--agency", "ชม 52101", "--meta",
                                       str(books["base"] / f"m{i}.yaml"), "--pdf", f"R{i}.pdf",
                                       "--at", "2024-01-08T09:00"])


def test_forward_killed_anywhere(books):
    letter = _a_letter(books)
    _loop(books, "forward", lambda i: ["letter", "forward", str(letter.id), "--agency", "ชม 0023.3", "--to",
                                       "นายอำเภอ ทุกอำเภอ", "--date", "2024-01-05", "--pdf", f"F{i}.pdf"])


def test_endorse_and_restamp_killed_anywhere(books):
    receipts = [r.id for r in open_register(books["url"]).list("receive")][:4]
    if not receipts:
        pdf = next(f.path for f in _a_letter(books).files if f.role == "letter")
        assert _run(books, ["receive", str(pdf), "--agency", "ชม 52101", "--pdf", "RE.pdf", "--at",
                            "2024-01-08T09:00"], None, None) == "completed"
        receipts = [r.id for r in open_register(books["url"]).list("receive")]
    _loop(books, "endorse", lambda i: ["endorse", str(receipts[i % len(receipts)]), "--name", "นายสมปอง ตัวอย่าง",
                                       "--position", "ปลัดเทศบาล", "--text", f"เพื่อโปรดพิจารณา {i}",
                                       "--date", "2024-01-09"])
