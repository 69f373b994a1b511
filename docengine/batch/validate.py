"""Check a whole people file on the batch's workers, before anything is rendered.

Checking a row (citizen-ID check digit, BE dates, entitlement in the fiscal year, …) is
the costly part of reading a people file: about 85 µs a row, 18 minutes of one core for
13 million rows. So the batch checks the file in parts, on its Dask workers at once:

* a CSV or XLSX file is read here, in parts of :data:`ROWS_PER_TASK` rows, each part sent
  to a worker as it is read;
* a Parquet file is not read here at all: each worker opens the file (on the shared
  file system, like the outputs) and reads its own row group
  (:func:`docengine.records.tabular.parquet_groups`).

Each worker checks its rows with the very function ``read_people`` uses
(:func:`docengine.records.people.check_rows`), with the same "today". What comes back
depends on the caller:

* :func:`check_people` returns the people themselves (tests, small files);
* :func:`check_file` (the ``docengine batch`` command) leaves them on the shared file
  system: each worker writes its part's people, one partition file per LAO, and returns
  only a summary (:class:`PartSummary`: the problems; per LAO the row count, the
  districts and provinces of the addresses, a 16-byte hash per row; and compact arrays
  of citizen IDs and name keys). The client never holds the people, only ≈ 60 bytes a
  row, so a nationwide file fits an ordinary machine.

Merging adds what no part can see alone: the same citizen ID on rows of two parts (a
problem) and the same name and birth date under two IDs (a warning), and raises every
problem of the whole file at once. A bad row in LAO 5,000 stops the batch before LAO 1
is written, and the partition files of the good parts are removed again.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from docengine import limits
from docengine.errors import Problem
from docengine.models.person import Person

from .plan import LaoRows, code_of, lao_rows

ROWS_PER_TASK = 5_000  # about 0.4 s of checking on one core


def check_people(data: str | Path, *, kind: str, fy: int, client, purpose: str,
                 rows_per_task: int = ROWS_PER_TASK) -> list[Person]:
    """Every person of ``data``, checked on ``client``'s workers; or ValidationError."""
    from docengine.records.people import merge_checked

    source, problems, parts = _check(data, kind=kind, fy=fy, client=client, purpose=purpose,
                                     rows_per_task=rows_per_task, summary=None)
    return merge_checked(parts, header_problems=problems, source=source)


@dataclass
class CheckedFile:
    """A people file checked on the workers; its people are in partition files there."""

    source: str
    rows: int
    groups: dict[str, LaoRows]  # by LAO name, in file order; each with its partition files
    warnings: list[Problem]


def check_file(data: str | Path, *, kind: str, fy: int, client, purpose: str, folder: str | Path,
               own_lao: str, rows_per_task: int = ROWS_PER_TASK, progress=None) -> CheckedFile:
    """Check ``data`` on the workers, which write its people to partition files under
    ``folder`` (by LAO; ``own_lao`` for rows without one); ValidationError with every
    problem of the file, and nothing left under ``folder``, if any row is wrong.
    ``progress.checked(parts, of, rows)`` is told as parts come back."""
    from docengine.errors import ValidationError
    from docengine.records.people import PeopleFileError
    from docengine.records.warnings import twice_warning

    folder = Path(folder).resolve()
    made = [d for d in (folder.parent.parent, folder.parent, folder) if not d.exists()]
    summary = {"folder": str(folder), "own_lao": own_lao}
    try:
        source, problems, parts = _check(data, kind=kind, fy=fy, client=client, purpose=purpose,
                                         rows_per_task=rows_per_task, summary=summary, progress=progress)
        problems += [q for part in parts for q in part.problems] + _same_id_on_two_parts(parts, source)
        if problems:
            problems.sort(key=lambda p: p.row or 0)  # stable: a row's problems keep their order
            raise ValidationError(problems, context=source)
        rows = sum(part.rows for part in parts)
        if not rows:
            raise PeopleFileError(f"{source} has column names but no people",
                                  f"{source} มีแต่ชื่อคอลัมน์ ไม่มีรายชื่อ")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        for d in reversed(made):
            try:
                d.rmdir()
            except OSError:
                pass
        raise
    groups: dict[str, LaoRows] = {}
    for part in parts:
        for name, g in part.groups.items():
            if name in groups:
                groups[name].add(g)
            else:
                groups[name] = g
    warnings = [w for part in parts for w in part.warnings]
    loaded: dict = {}
    for row, first_row, first_id in _same_person_under_two_ids(parts):
        warnings.append(twice_warning(_person_at(parts, row, loaded), first_row, first_id, source))
    warnings.sort(key=lambda w: w.row or 0)
    return CheckedFile(source, rows, groups, warnings)


def _check(data, *, kind, fy, client, purpose, rows_per_task, summary, progress=None):
    """(file name, the header's problems, each part's result in file order)."""
    from docengine.records.people import check_options, header_problems
    from docengine.records.tabular import open_table, parquet_groups

    path = Path(data)
    options = check_options(fy=fy, kind=kind, purpose=purpose)
    futures = []
    with open_table(path, max_rows=limits.BATCH_ROWS) as table:
        source, header = table.name, table.header
        problems = header_problems(header, source=source, **options)
        if path.suffix.lower() != ".parquet":
            first = 1
            while chunk := list(islice(table.rows, rows_per_task)):
                futures.append(client.submit(check_part, header, chunk, first, source, options, summary,
                                             pure=False, retries=2))
                first += len(chunk)
    if path.suffix.lower() == ".parquet":
        for group, (first, _) in enumerate(parquet_groups(path, max_rows=limits.BATCH_ROWS)):
            futures.append(client.submit(check_group, str(path.resolve()), group, first, source, options,
                                         summary, pure=False, retries=2))
    try:
        if progress is None:
            parts = client.gather(futures)
        else:
            from distributed import as_completed

            index = {f.key: i for i, f in enumerate(futures)}
            parts, rows = [None] * len(futures), 0
            for n, future in enumerate(as_completed(futures), 1):
                parts[index[future.key]] = part = future.result()
                rows += part.span
                progress.checked(n, len(futures), rows)
    finally:
        client.cancel(futures)
    return source, problems, parts


def check_part(header: list[str], rows: list[list], first: int, source: str, options: dict,
               summary: dict | None = None):
    """On a worker: check ``rows`` (data rows ``first``, ``first + 1``, …)."""
    from docengine.records.people import check_rows

    part = check_rows(header, rows, first_row=first, source=source, **options)
    return part if summary is None else summarize(part, first, len(rows), source, options, **summary)


def check_group(path: str, group: int, first: int, source: str, options: dict, summary: dict | None = None):
    """On a worker: read row group ``group`` of a Parquet file and check its rows."""
    from docengine.records.people import check_rows
    from docengine.records.tabular import open_parquet_groups

    with open_parquet_groups(path, [group], max_rows=limits.BATCH_ROWS) as table:
        rows = list(table.rows)
    part = check_rows(table.header, rows, first_row=first, source=source, **options)
    return part if summary is None else summarize(part, first, len(rows), source, options, **summary)


# ------------------------------------------------------------------------- part summaries


@dataclass
class PartSummary:
    """What a worker returns for one part of the file in :func:`check_file`."""

    first: int  # its first data row
    span: int  # its data rows, blank and bad ones included
    rows: int  # its people (0 if it had problems)
    problems: list[Problem]
    ids: tuple  # (citizen IDs as 13-byte strings, the first row of each in the part): numpy arrays
    id_label: str = "citizen_id"  # the ID column's name as the file writes it
    keys: tuple = ()  # (name-and-birth key hashes, rows, citizen IDs) of every person: numpy arrays
    groups: dict[str, LaoRows] = field(default_factory=dict)  # by LAO name, with partition files
    warnings: list[Problem] = field(default_factory=list)  # the rows' own (title, late payment)


def summarize(part, first: int, n: int, source: str, options: dict, *, folder: str, own_lao: str) -> PartSummary:
    """On a worker: write the part's people to partition files (one per LAO) and sum them up."""
    import numpy as np

    from docengine.records.warnings import person_warnings, same_person_key, warning_date

    from .tasks import write_partition

    ids = (np.array(list(part.ids), dtype="S13"), np.array(list(part.ids.values()), dtype=np.int64))
    if part.problems:
        return PartSummary(first, n, 0, part.problems, ids, part.id_label)
    groups = lao_rows(part.people, own_lao)
    members: dict[str, list[Person]] = {}
    for p in part.people:
        members.setdefault(p.lao or own_lao, []).append(p)
    for name, g in groups.items():
        path = Path(folder) / f"part-{first:09d}-{code_of('lao', name)}.pickle"
        g.sources = [(str(path), write_partition(path, members[name]))]
    fy, kind = options["fy"], options["kind"]
    on = warning_date(fy, kind)
    warnings = [w for p in part.people for w in person_warnings(p, on, fy=fy, kind=kind, source=source)]
    keys = (np.array([_key_hash(same_person_key(p)) for p in part.people], dtype=np.uint64),
            np.array([p.row for p in part.people], dtype=np.int64),
            np.array([p.citizen_id for p in part.people], dtype="S13"))
    return PartSummary(first, n, len(part.people), [], ids, part.id_label, keys, groups, warnings)


def _key_hash(key: tuple) -> int:
    """A hash of a name-and-birth key that is the same in every process (hash() is not)."""
    return int.from_bytes(hashlib.blake2b(repr(key).encode(), digest_size=8).digest(), "little")


def _same_id_on_two_parts(parts: list[PartSummary], source: str) -> list[Problem]:
    """A citizen ID on rows of two parts: each part has seen only its own first row of it."""
    import numpy as np

    from docengine.records.people import duplicate_id

    label = parts[0].id_label if parts else "citizen_id"
    cids = np.concatenate([p.ids[0] for p in parts] or [np.array([], dtype="S13")])
    rows = np.concatenate([p.ids[1] for p in parts] or [np.array([], dtype=np.int64)])
    order = np.lexsort((rows, cids))  # by ID, then row
    cids, rows = cids[order], rows[order]
    repeat = np.flatnonzero(cids[1:] == cids[:-1]) + 1
    out = []
    for i in repeat:
        first = i - 1
        while first > 0 and cids[first - 1] == cids[i]:
            first -= 1
        out.append(duplicate_id(label, cids[i].decode(), int(rows[first]), int(rows[i]), source))
    return out


def _same_person_under_two_ids(parts: list[PartSummary]):
    """(row, first row, first row's ID formatted) of each person with the name and birth
    date of an earlier row under another citizen ID, across the whole file."""
    import numpy as np

    from docengine.thai import citizen_id

    live = [p for p in parts if p.keys]
    if not live:
        return []
    keys = np.concatenate([p.keys[0] for p in live])
    rows = np.concatenate([p.keys[1] for p in live])
    cids = np.concatenate([p.keys[2] for p in live])
    order = np.lexsort((rows, keys))  # by key, then row: a key's first row leads its run
    keys, rows, cids = keys[order], rows[order], cids[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    first = starts[np.searchsorted(starts, np.arange(len(keys)), side="right") - 1]
    other = np.flatnonzero(cids != cids[first])
    return [(int(rows[i]), int(rows[first[i]]), citizen_id.format(cids[first[i]].decode())) for i in other]


def _person_at(parts: list[PartSummary], row: int, loaded: dict | None = None) -> Person:
    """The person of data row ``row``, read back from its part's partition files (rare:
    a warning); ``loaded`` keeps the parts already read."""
    from .tasks import read_partition

    loaded = {} if loaded is None else loaded
    part = next(p for p in parts if p.first <= row < p.first + p.span)
    if part.first not in loaded:
        loaded[part.first] = {person.row: person for g in part.groups.values()
                              for path, sha in g.sources for person in read_partition(path, sha)}
    return loaded[part.first][row]
