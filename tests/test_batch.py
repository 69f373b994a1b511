"""``docengine batch``: every LAO's documents on a Dask LocalCluster of 2 workers.

A generated people file of several LAOs in three districts (6 LAOs × 300 rows in
``make test``; ``make test-batch`` runs the issue's 20 LAOs ≈ 30,000 rows through
BATCH_LAOS / BATCH_ROWS). What is checked is what users get: every file the manifest
names is there with its SHA-256, each list's rows (PDF text and XLSX cells) are the
LAO's input rows, the roll-ups are the sums of the LAOs' reports, the batch's files
read the same as those of the single-LAO commands, a killed worker costs nothing,
an interrupted batch renders only what is missing when run again, and bad input
in one LAO stops everything before a file is written.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from schemas import validator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

LAOS_N = int(os.environ.get("BATCH_LAOS", "6"))
ROWS_N = int(os.environ.get("BATCH_ROWS", "300"))
FY, KIND, ON = 2570, "elderly", "2026-12-01"
OWN = "เทศบาลตำบลสันทราย"  # the sample office's own LAO (data/samples/office.yaml), in อำเภอฝาง

# (LAO, ตำบล, อำเภอ) in จังหวัดเชียงใหม่; the first six span three districts.
LAOS = [
    (OWN, "สันทราย", "ฝาง"), ("เทศบาลตำบลเวียงฝาง", "เวียง", "ฝาง"),
    ("องค์การบริหารส่วนตำบลแม่ข่า", "แม่ข่า", "ฝาง"), ("เทศบาลตำบลแม่อาย", "แม่อาย", "แม่อาย"),
    ("องค์การบริหารส่วนตำบลมะลิกา", "มะลิกา", "แม่อาย"), ("องค์การบริหารส่วนตำบลปงตำ", "ปงตำ", "ไชยปราการ"),
    ("องค์การบริหารส่วนตำบลม่อนปิ่น", "ม่อนปิ่น", "ฝาง"), ("องค์การบริหารส่วนตำบลแม่งอน", "แม่งอน", "ฝาง"),
    ("องค์การบริหารส่วนตำบลแม่สูน", "แม่สูน", "ฝาง"), ("องค์การบริหารส่วนตำบลแม่คะ", "แม่คะ", "ฝาง"),
    ("องค์การบริหารส่วนตำบลโป่งน้ำร้อน", "โป่งน้ำร้อน", "ฝาง"), ("องค์การบริหารส่วนตำบลแม่สาว", "แม่สาว", "แม่อาย"),
    ("องค์การบริหารส่วนตำบลสันต้นหมื้อ", "สันต้นหมื้อ", "แม่อาย"), ("องค์การบริหารส่วนตำบลแม่นาวาง", "แม่นาวาง", "แม่อาย"),
    ("องค์การบริหารส่วนตำบลท่าตอน", "ท่าตอน", "แม่อาย"), ("องค์การบริหารส่วนตำบลบ้านหลวง", "บ้านหลวง", "แม่อาย"),
    ("องค์การบริหารส่วนตำบลศรีดงเย็น", "ศรีดงเย็น", "ไชยปราการ"), ("องค์การบริหารส่วนตำบลแม่ทะลบ", "แม่ทะลบ", "ไชยปราการ"),
    ("องค์การบริหารส่วนตำบลหนองบัว", "หนองบัว", "ไชยปราการ"), ("เทศบาลตำบลไชยปราการ", "ปงตำ", "ไชยปราการ"),
]


def generate(laos: int = LAOS_N, rows: int = ROWS_N) -> list[dict]:
    """People of ``laos`` LAOs, ``rows`` each, valid for elderly FY2570 (scripts/make_sample_people)."""
    from make_sample_people import generate_people

    used, out = set(), []
    for i, (lao, subdistrict, district) in enumerate(LAOS[:laos]):
        for row in generate_people(rows, seed=100 + i, kind=KIND, laos=[lao], used=used):
            row.update(subdistrict=subdistrict, district=district)
            out.append(row)
    return out


def write(rows: list[dict], path: Path, *, lao_column: bool = True) -> Path:
    from make_sample_people import write_csv

    write_csv([r if lao_column else {k: v for k, v in r.items() if k != "lao"} for r in rows], path)
    return path


def run_cli(*args, env_extra=None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT), **(env_extra or {}))
    return subprocess.run([sys.executable, "-m", "docengine", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def cells(path: Path) -> dict[str, list[tuple]]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)  # totals: their cached values
    return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


def manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def expected_files(laos: int = LAOS_N) -> int:
    districts = {d for _, _, d in LAOS[:laos]}
    return laos * 5 + len(districts) * 2 + 2  # list pdf+xlsx, PR pdf, counts pdf+xlsx; roll-ups pdf+xlsx


def stray(out: Path) -> list[Path]:
    return [p for p in out.rglob("*") if p.name.endswith(".part") or p.name == ".parts"]


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    folder = tmp_path_factory.mktemp("batch-data")
    rows = generate()
    return rows, write(rows, folder / "people.csv")


@pytest.fixture(scope="module")
def batch(data, tmp_path_factory):
    """The command as a user runs it: a LocalCluster of 2 worker processes, --json summary."""
    rows, people = data
    out = tmp_path_factory.mktemp("batch") / "out"
    result = run_cli("batch", "--kind", KIND, "--fy", str(FY), "--data", str(people), "--out", str(out),
                     "--workers", "2", "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    validator("batch").validate(summary)  # docs/schemas/batch.json
    return out, summary, result.stderr


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                           silence_logs=50)
    c = Client(cluster)
    yield c
    c.close()
    cluster.close()


def _in_process(data, out, client, **kw):
    from docengine.batch import read_batch_people, run_batch
    from docengine.office import Office

    rows, people = data
    from datetime import date

    return run_batch(people, kind=KIND, fy=FY, out=out, office=Office.sample(), client=client,
                     on=kw.pop("on", date.fromisoformat(ON)),
                     people=read_batch_people(people, kind=KIND, fy=FY), **kw)


# --------------------------------------------------------------------------- the command


def test_every_output_is_there_with_its_manifest_row(batch):
    out, summary, stderr = batch
    m = manifest(out)
    rows = m["outputs"]
    assert summary["rendered"] == summary["documents"] and not summary["failed"]
    assert summary["workers"] == 2
    assert len(rows) == expected_files() == summary["outputs"]
    assert len({r["path"] for r in rows}) == len(rows)
    for r in rows:
        assert r["status"] == "done", r
        assert sha256(out / r["path"]) == r["sha256"], r["path"]
        assert r["seconds"] > 0 and r["cpu_seconds"] >= 0 and r["lao_code"] and r["kind"]
        assert (r["pages"] or 0) >= (1 if r["format"] == "pdf" else 0)
    made = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert made == {r["path"] for r in rows} | {"manifest.json"}  # nothing else, no temp files
    assert not stray(out)
    assert Counter(r["kind"] for r in rows)["beneficiary-list"] == 2 * LAOS_N
    assert "batch:" in stderr and f"{LAOS_N}/{LAOS_N} LAOs" in stderr  # plain progress lines (no TTY)


def test_each_list_holds_exactly_its_laos_rows(batch, data):
    out, _, _ = batch
    rows, _ = data
    want = Counter(r["lao"] for r in rows)
    lists = [r for r in manifest(out)["outputs"] if r["kind"] == "beneficiary-list"]
    assert {r["lao"] for r in lists} == set(want)
    for r in lists:
        assert r["rows"] == want[r["lao"]]
        if r["format"] == "xlsx":
            sheets = cells(out / r["path"])
            listed = [row for name, values in sheets.items() if name != "สรุป"
                      for row in values if row and isinstance(row[2], str) and row[2].startswith("X-XXXX")]
            assert len(listed) == want[r["lao"]]
        else:
            text = pdf_text(out / r["path"])
            assert r["lao"] in text
            assert len(re.findall(r"X-XXXX-XXXX[๐-๙]-[๐-๙]{2}-[๐-๙]", text)) == want[r["lao"]]
            assert not re.search(r"\b\d-\d{4}-\d{5}-\d{2}-\d\b", text)  # no full ID (PDPA)


def _total_row(path: Path) -> tuple:
    (sheet,) = cells(path).values()
    return next(row for row in sheet if row and row[0] == "รวมทั้งสิ้น")


def test_rollups_are_the_sums_of_their_laos(batch, data):
    out, _, _ = batch
    rows, _ = data
    m = manifest(out)["outputs"]
    per_lao = {r["lao"]: _total_row(out / r["path"]) for r in m if r["kind"] == "count-report"
               and r["format"] == "xlsx"}
    district_of = {lao: d for lao, _, d in LAOS}
    for r in m:
        if r["format"] != "xlsx" or r["kind"] not in ("district-rollup", "province-rollup"):
            continue
        total = _total_row(out / r["path"])
        members = [lao for lao in per_lao if r["kind"] == "province-rollup" or district_of[lao] == r["district"]]
        # LAO report: existing, new, total, monthly, annual in columns 3..7; roll-up: last five.
        people = sum(per_lao[lao][4] for lao in members)
        monthly = sum(per_lao[lao][5] for lao in members)
        annual = sum(per_lao[lao][6] for lao in members)
        assert total[-3:] == (people, monthly, annual), r["path"]
        assert r["rows"] == people == sum(1 for p in rows if p["lao"] in members)


def test_documents_read_the_same_as_the_single_lao_commands(batch, data, tmp_path):
    """The batch's files for the office's own LAO and district against ``notices
    beneficiary-list`` and ``reports counts`` run on that LAO's / district's rows alone.
    PDFs and XLSX files carry their creation time, so the SHA-256 differs from run to run
    even for one command: text (pdftotext), page count and every XLSX cell are compared."""
    from click.testing import CliRunner

    from docengine.cli import cli

    out, summary, _ = batch
    rows, _ = data
    on = summary["date"]
    own = [r for r in rows if r["lao"] == OWN]
    fang = [r for r in rows if dict((n, d) for n, _, d in LAOS)[r["lao"]] == "ฝาง"]
    lao_csv = write(own, tmp_path / "own.csv", lao_column=False)
    district_csv = write(fang, tmp_path / "fang.csv")
    runner = CliRunner()
    for args in (["notices", "beneficiary-list", "--data", lao_csv, "--pdf", tmp_path / "list.pdf",
                  "--xlsx", tmp_path / "list.xlsx"],
                 ["reports", "counts", "--data", lao_csv, "--pdf", tmp_path / "counts.pdf",
                  "--xlsx", tmp_path / "counts.xlsx"],
                 ["reports", "counts", "--data", district_csv, "--pdf", tmp_path / "district.pdf",
                  "--xlsx", tmp_path / "district.xlsx"],
                 ["notices", "registration-pr", "--pdf", tmp_path / "pr.pdf"]):
        extra = [] if args[1] == "registration-pr" else ["--date", on]
        result = runner.invoke(cli, [*map(str, args), "--kind", KIND, "--fy", str(FY), *extra],
                               catch_exceptions=False)
        assert result.exit_code == 0, result.output
    folder = out / "เชียงใหม่" / "ฝาง"
    pairs = {"list": folder / OWN / f"beneficiary-list-{KIND}-{FY}",
             "counts": folder / OWN / f"count-report-{KIND}-{FY}",
             "district": folder / f"count-report-district-{KIND}-{FY}",
             "pr": folder / OWN / f"registration-pr-{KIND}-{FY}"}
    for name, stem in pairs.items():
        assert pdf_text(tmp_path / f"{name}.pdf") == pdf_text(stem.with_suffix(".pdf")), name
        if name != "pr":
            assert cells(tmp_path / f"{name}.xlsx") == cells(stem.with_suffix(".xlsx")), name


# --------------------------------------------------------------------------- faults


def test_a_killed_worker_costs_nothing(data, client, tmp_path):
    """SIGKILL one busy worker (its PID from the scheduler's worker list) after the first
    document: the batch completes, every output once, no temp file left."""
    out = tmp_path / "out"
    addresses = list(client.scheduler_info(n_workers=-1)["workers"])
    pids = client.run(os.getpid)
    killed = []

    def kill_one(name, task, detail):
        if killed:
            return
        busy = [a for a, keys in client.processing().items() if keys] or addresses
        killed.append(pids[busy[0]])
        os.kill(pids[busy[0]], signal.SIGKILL)

    summary = _in_process(data, out, client, event=kill_one)
    assert killed
    assert killed[0] not in client.run(os.getpid).values()  # that process is gone; the nanny made a new one
    assert not summary.failed and summary.rendered == summary.documents
    rows = manifest(out)["outputs"]
    assert len(rows) == expected_files() and len({r["path"] for r in rows}) == len(rows)
    assert all(r["status"] == "done" and sha256(out / r["path"]) == r["sha256"] for r in rows)
    assert not stray(out)


def test_an_interrupted_batch_renders_only_what_is_missing(data, client, tmp_path):
    out = tmp_path / "out"
    seen = []

    def stop_after_five(name, task, detail):
        seen.append(task.key)
        if len(seen) == 5:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _in_process(data, out, client, event=stop_after_five)
    first = {r["path"]: r for r in manifest(out)["outputs"]}
    done_tasks = {r["task"] for r in first.values() if r["status"] == "done"}
    assert len(done_tasks) == 5 and set(seen) == done_tasks
    assert any(r["status"] == "missing" for r in first.values())  # the manifest says what is missing
    assert not stray(out)

    again = _in_process(data, out, client)
    assert again.skipped == 5 and again.rendered == again.documents - 5 and not again.failed
    second = {r["path"]: r for r in manifest(out)["outputs"]}
    for path, row in first.items():
        if row["status"] == "done":  # kept as it was: not rendered again
            assert second[path] == row
    assert all(r["status"] == "done" for r in second.values()) and len(second) == expected_files()

    # A third run has nothing to do; a file changed since is made again, and only it.
    assert _in_process(data, out, client).rendered == 0
    victim = next(p for p, r in second.items() if r["kind"] == "registration-pr")
    (out / victim).write_bytes(b"%PDF-1.7 tampered")
    redo = _in_process(data, out, client)
    assert redo.rendered == 1 and sha256(out / victim) == manifest(out)["outputs"][
        [r["path"] for r in manifest(out)["outputs"]].index(victim)]["sha256"]
    assert _in_process(data, out, client, force=True).rendered == again.documents


def test_a_task_that_keeps_failing_is_reported_and_the_rest_finishes(data, client, tmp_path):
    """One LAO's list cannot be written (a folder stands at its name): retried twice, then
    reported with its LAO and error; every other document is made; the manifest says
    which files are missing; the command exits non-zero."""
    out = tmp_path / "out"
    lao = LAOS[1]
    blocked = out / "เชียงใหม่" / lao[2] / lao[0] / f"beneficiary-list-{KIND}-{FY}.pdf"
    blocked.mkdir(parents=True)
    summary = _in_process(data, out, client)
    assert [f["lao"] for f in summary.failed] == [lao[0]]
    assert "OutputError" in summary.failed[0]["error"] and "Is a directory" in summary.failed[0]["error"]
    assert summary.rendered == summary.documents - 1
    rows = manifest(out)["outputs"]
    missing = sorted(r["path"] for r in rows if r["status"] != "done")
    assert missing == sorted(str(blocked.relative_to(out).with_suffix(s)) for s in (".pdf", ".xlsx"))
    assert not (blocked.with_suffix(".xlsx")).exists()  # all or nothing per document
    # The command again, on the running cluster (--scheduler): only the failed document is tried.
    result = run_cli("batch", "--kind", KIND, "--fy", str(FY), "--data", str(data[1]), "--out", str(out),
                     "--scheduler", client.scheduler.address, "--json")
    assert result.returncode == 4, result.stderr  # an output that cannot be written: exit 4
    assert lao[0] in result.stderr and "Is a directory" in result.stderr
    again = json.loads(result.stdout)
    assert again["rendered"] == 0 and again["skipped"] == again["documents"] - 1 and len(again["failed"]) == 1


def test_bad_input_in_one_lao_stops_the_batch_before_any_file(data, tmp_path, capsys):
    from docengine.cli import main

    rows, _ = data
    bad = [dict(r) for r in rows]
    last_lao = LAOS[LAOS_N - 1][0]
    index = max(i for i, r in enumerate(bad) if r["lao"] == last_lao) - 3
    bad[index]["birth_date"] = "31/02/2500"
    bad[index - 7]["citizen_id"] = "1-2345-67890-12-0"
    people = write(bad, tmp_path / "bad.csv")
    out = tmp_path / "out"
    with pytest.raises(SystemExit) as exc:
        main(["batch", "--kind", KIND, "--fy", str(FY), "--data", str(people), "--out", str(out)])
    assert exc.value.code == 1
    err = capsys.readouterr().err
    assert f"row {index + 1}, birth_date='31/02/2500'" in err  # data rows count from 1
    assert f"row {index - 6}, citizen_id=" in err  # every problem at once
    assert "2 problems" in err and "พบปัญหาในข้อมูล" in err
    assert not out.exists()


def test_an_xlsx_people_file_with_thai_headers_works_the_same(client, tmp_path):
    """The input as offices keep it: XLSX with Thai column names (อปท. for the LAO)."""
    from make_sample_people import write_xlsx

    from docengine.batch import read_batch_people, run_batch
    from docengine.office import Office

    rows = generate(laos=2, rows=40)
    people = tmp_path / "people.xlsx"
    write_xlsx(rows, people, thai_headers=True)
    out = tmp_path / "out"
    summary = run_batch(people, kind=KIND, fy=FY, out=out, office=Office.sample(), client=client,
                        people=read_batch_people(people, kind=KIND, fy=FY))
    assert not summary.failed and summary.laos == 2 and summary.rendered == summary.documents
    lists = {r["lao"]: r["rows"] for r in manifest(out)["outputs"] if r["kind"] == "beneficiary-list"}
    assert lists == {LAOS[0][0]: 40, LAOS[1][0]: 40}


@pytest.mark.parametrize("rich", [True, False])
def test_progress_counts_laos_rows_per_second_and_time_left(tmp_path, rich):
    """The bar (a terminal) and the plain lines (a log) count an LAO once all its documents
    are done, and show rows/s and the time left."""
    import io
    from datetime import date

    from docengine.batch import plan_batch, read_batch_people
    from docengine.batch.progress import Reporter
    from docengine.office import Office

    people = read_batch_people(write(generate(laos=2, rows=10), tmp_path / "p.csv"), kind=KIND, fy=FY)
    plan = plan_batch(people, office=Office.sample(), kind=KIND, fy=FY, on=date(2026, 12, 1))
    stream = io.StringIO()
    reporter = Reporter(stream, every=0, rich=rich)
    reporter.start(plan, plan.tasks)
    first = [t for t in plan.tasks if t.scope == plan.laos[0].code]
    for task in first:
        reporter.advance(task, "done")
    assert reporter.done == 1 and reporter.rows == 10 and reporter.eta() is not None
    for task in plan.tasks:
        if task not in first:
            reporter.advance(task, "done")
    reporter.close(None)
    text = stream.getvalue()
    assert "2/2" in text and "rows/s" in text and ("ETA" in text)
    if not rich:
        assert "batch: 1/2 LAOs" in text and "อปท. เสร็จ 2/2" in text


def test_a_task_left_running_by_an_interrupted_run_writes_nothing(tmp_path):
    """Dask cannot stop a running task: one that finishes after its run was interrupted (its
    run token replaced by a newer run's, or removed at the end) must not replace the files
    the newer run recorded."""
    from datetime import date

    from docengine.batch import plan_batch, read_batch_people
    from docengine.batch.tasks import Superseded, render_task, write_partition
    from docengine.office import Office

    people = read_batch_people(write(generate(laos=1, rows=5), tmp_path / "p.csv"), kind=KIND, fy=FY)
    plan = plan_batch(people, office=Office.sample(), kind=KIND, fy=FY, on=date(2026, 12, 1))
    task = next(t for t in plan.tasks if t.document == "count-report")
    part = tmp_path / "part.pickle"
    parts = [(str(part), write_partition(part, plan.people[task.laos[0]]))]
    token = tmp_path / "run"
    token.write_text("newer-run")
    out = tmp_path / "out"
    with pytest.raises(Superseded):
        render_task(task.spec(), str(out), Office.sample(), parts, (str(token), "older-run"))
    token.unlink()
    with pytest.raises(Superseded):
        render_task(task.spec(), str(out), Office.sample(), parts, (str(token), "older-run"))
    assert not out.exists()
    records = render_task(task.spec(), str(out), Office.sample(), parts, None)
    assert [r["path"] for r in records] == list(task.outputs) and all((out / p).exists() for p in task.outputs)


# --------------------------------------------------------------------------- checking on the workers


def test_the_workers_check_the_file_in_parts_as_read_people_does(data, client):
    from docengine.batch.validate import check_people
    from docengine.records.people import read_people

    _, people = data
    whole = read_people(people, fy=FY, kind=KIND, purpose="rollup")
    parts = check_people(people, kind=KIND, fy=FY, client=client, purpose="rollup", rows_per_task=500)
    assert len(whole) == LAOS_N * ROWS_N and parts == whole


def test_every_problem_of_every_part_is_reported_at_once_with_its_row(data, client, tmp_path):
    """Problems in the first and the last part, and one citizen ID on rows of two parts."""
    from docengine.batch.validate import check_people
    from docengine.errors import ValidationError

    rows, _ = data
    bad = [dict(r) for r in rows]
    bad[-2]["birth_date"] = "31/02/2500"  # the last part
    bad[3]["citizen_id"] = "1-2345-67890-12-0"  # a wrong check digit, the first part
    bad[-1]["citizen_id"] = bad[10]["citizen_id"]  # rows 11 and the last: parts 1 and 4
    people = write(bad, tmp_path / "bad.csv")
    with pytest.raises(ValidationError) as exc:
        check_people(people, kind=KIND, fy=FY, client=client, purpose="rollup", rows_per_task=500)
    found = [(p.row, p.field) for p in exc.value.problems]
    n = len(bad)
    assert found == [(4, "citizen_id"), (n - 1, "birth_date"), (n, "citizen_id")], found
    assert exc.value.problems[-1].en == f"the same citizen ID is on rows 11 and {n}"
    assert all(p.source == "bad.csv" for p in exc.value.problems)


def test_a_parquet_people_file_is_read_by_row_group_on_the_workers(data, client, tmp_path):
    """The large-file input: each worker reads its own row groups; the people and the
    batch's documents are those of the same rows as CSV."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from docengine.batch import run_batch
    from docengine.batch.validate import check_people
    from docengine.office import Office
    from docengine.records.people import read_people
    from docengine.records.tabular import parquet_groups

    rows, people_csv = data
    small = [r for r in rows if r["lao"] in (LAOS[0][0], LAOS[1][0])]
    path = tmp_path / "people.parquet"
    keys = list(dict.fromkeys(k for r in small for k in r))
    pq.write_table(pa.table({k: [r.get(k, "") for r in small] for k in keys}), path, row_group_size=250)
    n = len(small)
    assert [k for _, k in parquet_groups(path)] == [250] * (n // 250) + ([n % 250] if n % 250 else [])
    people = check_people(path, kind=KIND, fy=FY, client=client, purpose="rollup")
    assert people == read_people(write(small, tmp_path / "same.csv"), fy=FY, kind=KIND, purpose="rollup")
    out = tmp_path / "out"
    summary = run_batch(path, kind=KIND, fy=FY, out=out, office=Office.sample(), client=client, people=people)
    assert not summary.failed and summary.laos == 2
    lists = {r["lao"]: r["rows"] for r in manifest(out)["outputs"] if r["kind"] == "beneficiary-list"}
    assert lists == {LAOS[0][0]: ROWS_N, LAOS[1][0]: ROWS_N}


def test_a_damaged_parquet_file_is_refused_with_its_name(tmp_path):
    result = run_cli("batch", "--kind", KIND, "--fy", str(FY), "--data", str(_damaged(tmp_path)),
                     "--out", str(tmp_path / "out"), "--workers", "1")
    assert result.returncode == 1, result.stderr
    assert "people.parquet is not a readable Parquet file" in result.stderr
    assert "ไม่ใช่แฟ้ม Parquet ที่อ่านได้" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def _damaged(folder: Path) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = folder / "people.parquet"
    pq.write_table(pa.table({"citizen_id": ["1"] * 100}), path)
    blob = bytearray(path.read_bytes())
    blob[len(blob) // 2: len(blob) // 2 + 8] = b"\xff" * 8  # the footer stays, a page is broken
    path.write_bytes(bytes(blob))
    return path


def test_the_batch_command_leaves_the_people_on_the_workers_and_plans_the_same(data, client, tmp_path):
    """check_file: the workers write each part's people to partition files and return
    summaries; the plan made from them is the plan made from the people themselves."""
    from datetime import date

    from docengine.batch import plan_batch, read_batch_people
    from docengine.batch.plan import plan_groups
    from docengine.batch.runner import partitions_folder
    from docengine.batch.validate import check_file
    from docengine.batch.tasks import read_partition
    from docengine.office import Office

    _, people = data
    folder = partitions_folder(tmp_path / "out", KIND, FY)
    checked = check_file(people, kind=KIND, fy=FY, client=client, purpose="rollup", folder=folder,
                         own_lao=OWN, rows_per_task=700)
    whole = read_batch_people(people, kind=KIND, fy=FY)
    on = date.fromisoformat(ON)
    mine = plan_groups(checked.groups, office=Office.sample(), kind=KIND, fy=FY, on=on)
    ref = plan_batch(whole, office=Office.sample(), kind=KIND, fy=FY, on=on)
    assert checked.rows == len(whole) and mine.laos == ref.laos
    assert [(t.key, t.rows, t.fingerprint) for t in mine.tasks] == [(t.key, t.rows, t.fingerprint) for t in ref.tasks]
    code = ref.laos[0].code
    sources = mine.groups[code].sources
    assert len(sources) >= 2  # the LAO's rows came from several parts
    assert [p for path, sha in sources for p in read_partition(path, sha)] == ref.people[code]


def test_problems_and_warnings_across_parts_are_found_and_nothing_is_left(data, client, tmp_path):
    from docengine.batch.runner import partitions_folder
    from docengine.batch.validate import check_file
    from docengine.errors import ValidationError
    from docengine.records.people import read_people
    from docengine.records.warnings import people_warnings

    rows, _ = data
    twice = [dict(r) for r in rows]
    # row 1200 (part 2 of 700-row parts) has row 3's name and birth date under its own ID
    for key in ("title", "first_name", "last_name", "birth_date"):
        twice[1199][key] = twice[2][key]
    people = write(twice, tmp_path / "twice.csv")
    out = tmp_path / "out"
    checked = check_file(people, kind=KIND, fy=FY, client=client, purpose="rollup",
                         folder=partitions_folder(out, KIND, FY), own_lao=OWN, rows_per_task=700)
    expected = people_warnings(read_people(people, fy=FY, kind=KIND, purpose="rollup"), fy=FY, kind=KIND,
                               source="twice.csv")
    assert [str(w) for w in checked.warnings] == [str(w) for w in expected]
    assert any(w.row == 1200 and "same name and birth date as row 3" in w.en for w in checked.warnings)

    bad = [dict(r) for r in rows]
    bad[-1]["citizen_id"] = bad[10]["citizen_id"]
    bad[900]["birth_date"] = "31/02/2500"
    people = write(bad, tmp_path / "bad.csv")
    out = tmp_path / "out2"
    with pytest.raises(ValidationError) as exc:
        check_file(people, kind=KIND, fy=FY, client=client, purpose="rollup",
                   folder=partitions_folder(out, KIND, FY), own_lao=OWN, rows_per_task=700)
    assert [(p.row, p.field) for p in exc.value.problems] == [(901, "birth_date"), (len(bad), "citizen_id")]
    assert exc.value.problems[-1].en == f"the same citizen ID is on rows 11 and {len(bad)}"
    assert not out.exists()  # the good parts' partition files were removed with their folders


def test_the_check_on_the_workers_reports_its_progress(batch):
    """The check of a nationwide file takes minutes: parts checked / all and the rows so far."""
    _, _, stderr = batch
    parts = -(-LAOS_N * ROWS_N // 5_000)  # docengine.batch.validate.ROWS_PER_TASK
    assert f"checking / กำลังตรวจข้อมูล: {parts}/{parts} parts, {LAOS_N * ROWS_N:,} rows" in stderr
