"""Read a table (CSV, XLSX or Parquet) row by row: a header, then data rows, streamed.

CSV is UTF-8, with or without a byte-order mark (Excel's "CSV UTF-8" writes
one); the delimiter may be a comma, semicolon or tab. XLSX is read with
openpyxl in read-only mode, from the sheet Excel shows on opening (the active
sheet, or the first visible one; messages name it when there are several).
Parquet (large files, e.g. a province's extract for ``docengine batch``) is read with
pyarrow a batch of rows at a time; its columns may be typed (a date column gives
dates, as a spreadsheet's date cells do). Sizes are bounded (docengine.limits). Rows are not held in memory; blank
rows are yielded too, so row numbers match the spreadsheet (data row 1 is
the line after the header).

>>> import tempfile, pathlib
>>> f = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
>>> _ = f.write_text("\\ufeffa,b\\n1,2\\n", encoding="utf-8")
>>> with open_table(f) as table:
...     table.header, list(table.rows)
(['a', 'b'], [['1', '2']])
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from docengine import limits
from docengine.errors import DocengineError

SUFFIXES = (".csv", ".xlsx", ".parquet")


class TableError(DocengineError):
    """A people file that cannot be read as a table at all."""


@dataclass
class Table:
    """An open table: ``header`` cells and an iterator over data rows (lists of cell values)."""

    name: str
    header: list[str]
    rows: Iterator[list[object]]


@contextmanager
def open_table(path: str | Path, *, max_rows: int | None = None) -> Iterator[Table]:
    """Open a CSV, XLSX or Parquet file for streaming; closes it on exit. More than
    ``max_rows`` data rows (default :data:`docengine.limits.TABLE_ROWS`) are refused."""
    max_rows = max_rows or limits.TABLE_ROWS
    path = Path(path)
    if not path.is_file():
        raise TableError(f"file not found: {path}", f"ไม่พบแฟ้ม {path}")
    size = path.stat().st_size
    suffix = path.suffix.lower()
    most = limits.PARQUET_BYTES if suffix == ".parquet" else limits.TABLE_BYTES
    if size > most:
        raise TableError(f"{path.name}: {size:,} bytes, more than the limit of {most:,}",
                         f"{path.name}: แฟ้มใหญ่เกินกำหนด ({size:,} ไบต์)")
    if suffix == ".parquet":
        with _open_parquet(path, max_rows) as table:
            yield table
    elif suffix == ".csv":
        with _open_csv(path, max_rows) as table:
            yield table
    elif suffix == ".xlsx":
        with _open_xlsx(path, max_rows) as table:
            yield table
    elif suffix == ".xls":
        raise TableError(
            f"{path.name}: old Excel .xls files are not read; save it as .xlsx or as CSV UTF-8",
            f"{path.name}: ไม่รองรับแฟ้ม Excel แบบเก่า (.xls) ให้บันทึกเป็น .xlsx หรือ CSV UTF-8",
        )
    else:
        raise TableError(
            f"{path.name}: expected a .csv, .xlsx or .parquet file",
            f"{path.name}: ต้องเป็นแฟ้ม .csv .xlsx หรือ .parquet",
        )


def _not_utf8(path: Path) -> TableError:
    # Thai Windows saves "CSV" as Windows-874 (TIS-620) unless told otherwise.
    return TableError(
        f"{path.name} is not UTF-8 text (probably Thai Windows-874); in Excel use "
        "Save As > 'CSV UTF-8 (Comma delimited)'",
        f"{path.name} ไม่ได้บันทึกเป็น UTF-8 (อาจเป็นรหัส Windows-874) ให้บันทึกใหม่ใน Excel "
        "ด้วย 'บันทึกเป็น' > 'CSV UTF-8 (Comma delimited)'",
    )


def _empty(path: Path) -> TableError:
    return TableError(
        f"{path.name} is empty; the first row must hold the column names",
        f"{path.name} ไม่มีข้อมูล แถวแรกต้องเป็นชื่อคอลัมน์",
    )


@contextmanager
def _open_csv(path: Path, max_rows: int) -> Iterator[Table]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        try:
            first = fh.readline()
        except UnicodeDecodeError:
            raise _not_utf8(path) from None
        if not first.strip():
            raise _empty(path)
        # The header decides the delimiter: whichever of , ; tab it uses most.
        delimiter = max(",;\t", key=first.count)
        header = next(csv.reader([first], delimiter=delimiter))

        def rows() -> Iterator[list[object]]:
            try:
                for n, row in enumerate(csv.reader(fh, delimiter=delimiter), 1):
                    if n > max_rows:
                        raise TableError(f"{path.name}: more than {max_rows:,} rows",
                                         f"{path.name}: มีเกิน {max_rows:,} แถว")
                    yield row
            except UnicodeDecodeError:
                raise _not_utf8(path) from None
            except csv.Error as exc:
                raise TableError(f"{path.name}: broken CSV: {exc}", f"{path.name}: รูปแบบ CSV เสียหาย: {exc}") from None

        yield Table(path.name, header, rows())


@contextmanager
def _open_xlsx(path: Path, max_rows: int) -> Iterator[Table]:
    from openpyxl import load_workbook  # heavy import, only when an XLSX is read

    try:
        # A zip bomb or a shared-strings bomb is refused before openpyxl unpacks anything;
        # XML entities (XXE, billion laughs) are refused by defusedxml, which openpyxl uses.
        limits.check_zip(path, "people file")
    except DocengineError as exc:
        raise TableError(exc.en, exc.th) from None
    with _xlsx_errors(path):
        workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        with _xlsx_errors(path):
            sheet = _visible_sheet(workbook)
            cells = sheet.iter_rows(values_only=True)
            first = next(cells, None)
        header = [("" if v is None else str(v)) for v in (first or ())]
        while header and not header[-1].strip():
            header.pop()
        name = path.name if len(workbook.sheetnames) == 1 else f"{path.name} [sheet {sheet.title}]"
        if not header:
            raise _empty(path)

        def rows():
            with _xlsx_errors(path):
                for n, r in enumerate(cells, 1):
                    if n > max_rows:
                        raise TableError(f"{path.name}: more than {max_rows:,} rows",
                                         f"{path.name}: มีเกิน {max_rows:,} แถว")
                    yield list(r)

        yield Table(name, header, rows())
    finally:
        workbook.close()


@contextmanager
def _open_parquet(path: Path, max_rows: int, groups: list[int] | None = None) -> Iterator[Table]:
    """A Parquet file's rows (only row groups ``groups``, when given), a batch at a time."""
    with _parquet_errors(path):
        import pyarrow.parquet as pq  # heavy import, only when a Parquet file is read

        pf = pq.ParquetFile(path)
        meta = pf.metadata
        header = list(pf.schema_arrow.names)
    try:
        if meta.num_rows > max_rows:
            raise TableError(f"{path.name}: {meta.num_rows:,} rows, more than the limit of {max_rows:,}",
                             f"{path.name}: มีเกิน {max_rows:,} แถว")
        for i in range(meta.num_row_groups):
            unpacked = meta.row_group(i).total_byte_size
            if unpacked > limits.PARQUET_GROUP_BYTES:
                raise TableError(
                    f"{path.name}: row group {i + 1} unpacks to {unpacked:,} bytes, more than the limit of "
                    f"{limits.PARQUET_GROUP_BYTES:,}; write it with smaller row groups",
                    f"{path.name}: กลุ่มแถวที่ {i + 1} ใหญ่เกินกำหนด ({unpacked:,} ไบต์)")
        if not header:
            raise _empty(path)

        def rows() -> Iterator[list[object]]:
            with _parquet_errors(path):
                for batch in pf.iter_batches(batch_size=4096, row_groups=groups, use_threads=False):
                    yield from (list(r) for r in zip(*(c.to_pylist() for c in batch.columns)))

        yield Table(path.name, header, rows())
    finally:
        pf.close()


def parquet_groups(path: str | Path, *, max_rows: int | None = None) -> list[tuple[int, int]]:
    """(first data row, rows) of each row group of a Parquet file: the units batch workers read.

    >>> import tempfile, pathlib, pyarrow as pa, pyarrow.parquet as pq
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "t.parquet"
    >>> pq.write_table(pa.table({"a": ["1", "2", "3"]}), f, row_group_size=2)
    >>> parquet_groups(f)
    [(1, 2), (3, 1)]
    >>> with open_parquet_groups(f, [1]) as table:
    ...     table.header, list(table.rows)
    (['a'], [['3']])
    """
    path = Path(path)
    with open_table(path, max_rows=max_rows) as table:  # the same checks as any read of the file
        del table
    import pyarrow.parquet as pq

    with _parquet_errors(path):
        meta = pq.ParquetFile(path).metadata
    out, first = [], 1
    for i in range(meta.num_row_groups):
        rows = meta.row_group(i).num_rows
        out.append((first, rows))
        first += rows
    return out


def open_parquet_groups(path: str | Path, groups: list[int], *, max_rows: int | None = None):
    """:func:`open_table` of only some row groups of a Parquet file (see :func:`parquet_groups`)."""
    return _open_parquet(Path(path), max_rows or limits.TABLE_ROWS, groups)


@contextmanager
def _parquet_errors(path: Path):
    """pyarrow fails on damaged or foreign files with its own exceptions (ArrowInvalid, OSError…)."""
    try:
        yield
    except TableError:
        raise
    except Exception as exc:
        import pyarrow as pa

        if not isinstance(exc, (pa.ArrowException, OSError, ValueError, TypeError, IndexError, KeyError,
                                EOFError, MemoryError)):
            raise
        detail = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise TableError(f"{path.name} is not a readable Parquet file ({type(exc).__name__}: {detail})",
                         f"{path.name} ไม่ใช่แฟ้ม Parquet ที่อ่านได้") from None


def _visible_sheet(workbook):
    """The sheet a clerk sees on opening the file: the active one if visible, else the
    first visible one (a hidden first sheet is not the data)."""
    active = workbook.active
    if active is not None and getattr(active, "sheet_state", "visible") == "visible":
        return active
    for sheet in workbook.worksheets:
        if getattr(sheet, "sheet_state", "visible") == "visible":
            return sheet
    return workbook.worksheets[0]


@contextmanager
def _xlsx_errors(path: Path):
    """openpyxl, zipfile and the XML parser fail on damaged or hostile workbooks in many ways."""
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        yield
    except TableError:
        raise
    except Exception as exc:
        # defusedxml's refusals are ValueErrors too, and openpyxl wraps some of them
        # ("could not read strings"): name them first, wherever they sit in the chain.
        xml = next((e for e in _chain(exc) if type(e).__module__.startswith(("defusedxml", "xml.", "lxml"))),
                   None)
        if xml is not None:
            raise TableError(f"{path.name}: the workbook's XML is refused ({type(xml).__name__}: entities or a "
                             "DTD, as in XXE or billion-laughs files)",
                             f"{path.name}: โครงสร้าง XML ของแฟ้มไม่ปลอดภัยหรือเสียหาย") from None
        if not isinstance(exc, (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError,
                                TypeError, IndexError, AttributeError, EOFError, RecursionError)):
            raise
        raise TableError(f"{path.name} is not a readable .xlsx workbook ({type(exc).__name__})",
                         f"{path.name} ไม่ใช่แฟ้ม .xlsx ที่อ่านได้") from None


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception and the ones it was raised from or during, innermost last.

    >>> try:
    ...     try:
    ...         raise KeyError("inner")
    ...     except KeyError as inner:
    ...         raise ValueError("outer") from inner
    ... except ValueError as outer:
    ...     [type(e).__name__ for e in _chain(outer)]
    ['ValueError', 'KeyError']
    """
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__
