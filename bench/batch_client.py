#!/usr/bin/env python3
"""The batch client's serial work per row: checking a people file alone vs on the workers.

    .venv/bin/python bench/batch_client.py meas.csv            # or a .parquet file
    .venv/bin/python bench/batch_client.py meas.csv --workers 2

Prints, for the same file, the client's CPU for ``read_people`` alone (the reference, in
this process), for the check spread over a LocalCluster (docengine.batch.validate: the
client reads and sends CSV/XLSX rows, or only names a Parquet file's row groups, and
receives the people), for planning and for pickling the partitions; and µs per row.
docs/scale.md uses these figures.
"""

from __future__ import annotations

import argparse
import logging
import pickle
import time
from datetime import date


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--kind", default="elderly")
    ap.add_argument("--fy", type=int, default=2570)
    args = ap.parse_args()

    from distributed import Client, LocalCluster

    from docengine.batch.plan import plan_batch
    from docengine.batch.validate import check_people
    from docengine.office import Office
    from docengine.records.people import read_people

    cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, dashboard_address=None,
                           silence_logs=logging.ERROR)
    client = Client(cluster)
    try:
        for _ in range(2):
            cpu, wall = time.process_time(), time.perf_counter()
            alone = read_people(args.data, fy=args.fy, kind=args.kind, purpose="rollup")
            a_cpu, a_wall = time.process_time() - cpu, time.perf_counter() - wall
            cpu, wall = time.process_time(), time.perf_counter()
            spread = check_people(args.data, fy=args.fy, kind=args.kind, purpose="rollup", client=client)
            s_cpu, s_wall = time.process_time() - cpu, time.perf_counter() - wall
            n = len(alone)
            print(f"{n:,} rows: read_people alone {a_cpu:.2f} s CPU ({1e6 * a_cpu / n:.0f} µs/row, {a_wall:.2f} s wall); "
                  f"on {args.workers} workers {s_cpu:.2f} s client CPU ({1e6 * s_cpu / n:.0f} µs/row, {s_wall:.2f} s "
                  f"wall); same people: {spread == alone}")
        import tempfile

        from docengine.batch.plan import plan_groups
        from docengine.batch.validate import check_file

        with tempfile.TemporaryDirectory() as tmp:
            cpu, wall = time.process_time(), time.perf_counter()
            checked = check_file(args.data, fy=args.fy, kind=args.kind, purpose="rollup", client=client,
                                 folder=tmp, own_lao="เทศบาลตำบลสันทราย")
            c_cpu, c_wall = time.process_time() - cpu, time.perf_counter() - wall
            held = len(pickle.dumps(checked, protocol=pickle.HIGHEST_PROTOCOL))
            cpu = time.process_time()
            plan_groups(checked.groups, office=Office.sample(), kind=args.kind, fy=args.fy, on=date(2026, 12, 1))
            g_cpu = time.process_time() - cpu
        print(f"the batch command's check (people left on the workers, partitions written there): {c_cpu:.2f} s "
              f"client CPU ({1e6 * c_cpu / n:.0f} µs/row, {c_wall:.2f} s wall); the client holds "
              f"{held / n:.0f} bytes/row (pickled summaries); planning from them {g_cpu:.2f} s "
              f"({1e6 * g_cpu / n:.0f} µs/row)")
        cpu = time.process_time()
        plan_batch(alone, office=Office.sample(), kind=args.kind, fy=args.fy, on=date(2026, 12, 1))
        plan = time.process_time() - cpu
        cpu = time.process_time()
        blob = pickle.dumps(alone, protocol=pickle.HIGHEST_PROTOCOL)
        parts = time.process_time() - cpu
        print(f"planning {plan:.2f} s ({1e6 * plan / n:.0f} µs/row); pickling the partitions {parts:.2f} s "
              f"({1e6 * parts / n:.0f} µs/row, {len(blob) / n:.0f} bytes/row)")
    finally:
        client.close()
        cluster.close()


if __name__ == "__main__":
    main()
