"""``docengine batch``: every LAO's documents of a people file in one command (docengine.batch).

    docengine batch --kind elderly --fy 2570 --data people-laos.csv --out out/2570
    docengine batch --kind elderly --fy 2570 --data people.csv --out out/2570 --scheduler tcp://head:8786
"""

from __future__ import annotations

import click

from docengine.cli.output import reports, result, say
from docengine.cli.params import FY

WARNINGS_SHOWN = 20


@click.command("batch")
@click.option("--kind", type=click.Choice(["elderly", "disability"]), required=True,
              help="elderly | disability / ประเภทเบี้ย")
@click.option("--fy", type=FY, required=True, help="Fiscal year, BE (e.g. 2570) / ปีงบประมาณ พ.ศ.")
@click.option("--data", "data_file", type=click.Path(exists=True, dir_okay=False), required=True,
              help="People file (CSV, XLSX or Parquet) of every LAO; its `lao` column names each row's LAO / "
                   "แฟ้มรายชื่อทุก อปท. (คอลัมน์ อปท.)")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), required=True,
              help="Folder for every output and manifest.json / โฟลเดอร์ผลลัพธ์")
@click.option("--scheduler", metavar="ADDRESS",
              help="A running Dask scheduler, e.g. tcp://10.0.0.5:8786 (default: a local cluster) / "
                   "ที่อยู่ Dask scheduler ที่มีอยู่")
@click.option("--workers", type=int, help="Local worker processes (default: one per core) / จำนวน worker")
@click.option("--force", is_flag=True, help="Render again what the manifest says is done / สร้างใหม่ทั้งหมด")
@reports("batch")
@click.pass_context
def batch(ctx, kind, fy, data_file, out_dir, scheduler, workers, force):
    """Every LAO's beneficiary lists, PR notice and count report, and the district and
    province roll-ups, with out/manifest.json / เอกสารของทุก อปท. ในคำสั่งเดียว."""
    from docengine.batch import run_batch
    from docengine.batch.runner import check_batch_file, close, connect
    from docengine.batch.progress import Reporter
    from docengine.errors import EXIT_INTERNAL, EXIT_IO, DocengineError
    from docengine.office import Office
    from docengine.records.warnings import echo_warnings

    if workers is not None and workers < 1:
        raise DocengineError("--workers: give 1 or more", "--workers ต้องมีค่าตั้งแต่ ๑ ขึ้นไป")
    if scheduler and workers:
        raise click.UsageError("--workers starts local workers; with --scheduler the cluster has its own / "
                               "--workers ใช้กับเครื่องนี้เท่านั้น ไม่ใช้ร่วมกับ --scheduler")
    office = Office.load(ctx.find_root().obj["office"])
    client, cluster = connect(scheduler, workers)
    try:
        # The whole input is checked on the workers before anything is written (every
        # problem at once, exit 1).
        reporter = Reporter()
        people = check_batch_file(data_file, kind=kind, fy=fy, out=out_dir, office=office, client=client,
                                  progress=reporter)
        warnings = people.warnings
        echo_warnings(warnings[:WARNINGS_SHOWN])
        if len(warnings) > WARNINGS_SHOWN:
            click.echo(f"  … and {len(warnings) - WARNINGS_SHOWN} more / และอีก {len(warnings) - WARNINGS_SHOWN} "
                       "รายการ", err=True)
        summary = run_batch(data_file, kind=kind, fy=fy, out=out_dir, office=office, client=client,
                            force=force, people=people, progress=reporter)
    except KeyboardInterrupt:
        click.echo("interrupted: what is done is in manifest.json; run the same command again to make the "
                   "rest / ถูกขัดจังหวะ: สั่งคำสั่งเดิมอีกครั้งเพื่อสร้างส่วนที่เหลือ", err=True)
        raise
    finally:
        close(client, cluster)
    for f in summary.failed:
        click.echo(f"failed / ไม่สำเร็จ: {f['lao']} {f['kind']}: {f['error']}", err=True)
    result(summary.as_dict())
    say(f"{summary.laos} LAOs, {summary.documents} documents ({summary.outputs} files): "
        f"{summary.rendered} rendered, {summary.skipped} already done, {len(summary.failed)} failed; "
        f"{summary.rows_rendered:,} list rows at {summary.rows_per_second:,.0f} rows/s on "
        f"{summary.workers} workers in {summary.seconds:.1f} s ({summary.render_seconds:.1f} s rendering); "
        f"{summary.as_dict()['manifest']} / "
        f"อปท. {summary.laos} แห่ง สร้าง {summary.rendered} เอกสาร ไม่สำเร็จ {len(summary.failed)}")
    if summary.failed:
        io_only = all(f["error"].startswith(("OutputError", "OSError", "PermissionError")) for f in summary.failed)
        ctx.exit(EXIT_IO if io_only else EXIT_INTERNAL)
