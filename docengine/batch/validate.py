"""Check a whole people file on the batch's workers, before anything is rendered.

Checking a row (citizen-ID check digit, BE dates, entitlement in the fiscal year, …) is
the costly part of reading a people file: about 80 µs a row, 17 minutes of one core for
13 million rows. So the batch checks the file in parts, on its Dask workers at once:

* a CSV or XLSX file is read here, in parts of :data:`ROWS_PER_TASK` rows, each part sent
  to a worker as it is read;
* a Parquet file is not read here at all: each worker opens the file (on the shared
  file system, like the outputs) and reads its own row group
  (:func:`docengine.records.tabular.parquet_groups`).

Each worker checks its rows with the very function ``read_people`` uses
(:func:`docengine.records.people.check_rows`), with the same "today", and returns the
people, every problem with its row, and the first row of each citizen ID. Merging
(:func:`docengine.records.people.merge_checked`) adds what no part can see alone, the
same ID on rows of two parts, and raises every problem of the whole file at once: a bad
row in LAO 5,000 stops the batch before LAO 1 is written.
"""

from __future__ import annotations

from itertools import islice
from pathlib import Path

from docengine.models.person import Person

ROWS_PER_TASK = 5_000  # about 0.4 s of checking on one core


def check_people(data: str | Path, *, kind: str, fy: int, client, purpose: str,
                 rows_per_task: int = ROWS_PER_TASK) -> list[Person]:
    """Every person of ``data``, checked on ``client``'s workers; or ValidationError."""
    from docengine.records.people import check_options, header_problems, merge_checked
    from docengine.records.tabular import open_table, parquet_groups

    path = Path(data)
    options = check_options(fy=fy, kind=kind, purpose=purpose)
    futures = []
    with open_table(path) as table:
        source, header = table.name, table.header
        problems = header_problems(header, source=source, **options)
        if path.suffix.lower() != ".parquet":
            first = 1
            while chunk := list(islice(table.rows, rows_per_task)):
                futures.append(client.submit(check_part, header, chunk, first, source, options,
                                             pure=False, retries=2))
                first += len(chunk)
    if path.suffix.lower() == ".parquet":
        for group, (first, _) in enumerate(parquet_groups(path)):
            futures.append(client.submit(check_group, str(path.resolve()), group, first, source, options,
                                         pure=False, retries=2))
    try:
        parts = client.gather(futures)
    finally:
        client.cancel(futures)
    return merge_checked(parts, header_problems=problems, source=source)


def check_part(header: list[str], rows: list[list], first: int, source: str, options: dict):
    """On a worker: check ``rows`` (data rows ``first``, ``first + 1``, …)."""
    from docengine.records.people import check_rows

    return check_rows(header, rows, first_row=first, source=source, **options)


def check_group(path: str, group: int, first: int, source: str, options: dict):
    """On a worker: read row group ``group`` of a Parquet file and check its rows."""
    from docengine.records.people import check_rows
    from docengine.records.tabular import open_parquet_groups

    with open_parquet_groups(path, [group]) as table:
        return check_rows(table.header, table.rows, first_row=first, source=source, **options)
