"""Limits on what docengine reads and renders: hostile input is refused in bounded time and memory.

Each limit is a named constant with a default that no real saraban document comes near
(a letter's subject is one line, a people file a few thousand rows). Callers raise a
bilingual error naming the limit; tests import these names instead of repeating numbers.

>>> DATAFILE_BYTES >= 1_000_000 and TEXT_CHARS >= 1_000
True
"""

# Data files (YAML/JSON: letters, the office, --meta, template sets, reference data).
DATAFILE_BYTES = 2_000_000      # a letter's data file is a few KB
DATAFILE_CHARS = DATAFILE_BYTES
DATA_DEPTH = 40                 # nesting of mappings/lists
DATA_NODES = 200_000            # values after alias expansion (a billion-laughs file stops here)
YAML_ALIASES = 100              # *alias uses per file
NUMBER_CHARS = 40               # longer "numbers" (10**5000) stay text

# One text value of a schema field, unless the field declares its own max_length.
TEXT_CHARS = 20_000             # one paragraph of a letter (a long one is ~2,000)
LINE_CHARS = 1_000              # one line of a "lines" field (an address line, a position)
LIST_ITEMS = 500                # items of a list field

# People files (CSV/XLSX; Parquet below).
TABLE_BYTES = 64_000_000        # file size on disk: TABLE_ROWS full rows are ~40 MB (the rows are the bound)
XLSX_UNCOMPRESSED_BYTES = 50_000_000  # sum of an XLSX/DOCX's unpacked parts (10,000 people: ~3 MB)
XLSX_RATIO = 100                # unpacked/packed size of one part over 1 MB (a zip bomb is ~1000)
ZIP_MEMBERS = 2_000             # parts of one XLSX/DOCX
CELL_CHARS = 1_000              # one cell of a people file (a name, an address)
TABLE_ROWS = 100_000
# Parquet people files (a DLA extract for docengine batch): columnar and compressed, read
# a batch of rows at a time, and by row group on batch workers.
PARQUET_BYTES = 4_000_000_000   # file size on disk (13 M full rows, the whole country, are ~1 GB)
BATCH_ROWS = 20_000_000         # rows of the one file docengine batch checks on its workers (the
                                # client keeps ~60 bytes a row); every other command: TABLE_ROWS
PARQUET_GROUP_BYTES = 64_000_000  # one row group unpacked, as its metadata declares it (50,000 rows: ~30 MB)

# Templates (Jinja): output size and work.
RENDER_CHARS = 20_000_000       # characters a template may produce; also the longest text, list or
                                # number argument it may build (a 10,000-name list is ~5 MB of HTML)
RANGE_ITEMS = 100_000           # range() inside a template
TEMPLATE_SECONDS = 4.0          # CPU seconds of one render (nested loops stop here)

# Files attached to or embedded in what we write.
ENCLOSURE_BYTES = 50_000_000    # one enclosure PDF appended to a letter
DOCX_TEMPLATE_BYTES = 20_000_000  # uncompressed size of a template.docx


def check_zip(path, what: str, *, total: int = XLSX_UNCOMPRESSED_BYTES, ratio: int = XLSX_RATIO) -> None:
    """Refuse a zip container (XLSX, DOCX) that is not a zip, or that would unpack into more
    than ``total`` bytes or any member more than ``ratio`` times its compressed size (a zip
    bomb), before any library opens it. Raises DocengineError naming ``what``.

    >>> import io, zipfile, tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "bomb.xlsx")
    >>> with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
    ...     z.writestr("xl/sharedStrings.xml", "<a/>" * 2_000_000)
    >>> check_zip(p, "people file")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    docengine.errors.DocengineError: people file bomb.xlsx: xl/sharedStrings.xml unpacks to 8,000,000 bytes, ... times its packed size (a zip bomb?) / ...
    """
    import zipfile
    from pathlib import Path

    from .errors import DocengineError

    name = Path(path).name
    try:
        with zipfile.ZipFile(path) as z:
            members = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise DocengineError(f"{what} {name} is not a valid Office file (not a zip container)",
                             f"{what} {name} ไม่ใช่แฟ้ม Office ที่อ่านได้ (แฟ้มเสียหาย)") from None
    if len(members) > ZIP_MEMBERS:
        raise DocengineError(f"{what} {name} holds {len(members):,} parts (limit {ZIP_MEMBERS:,})",
                             f"{what} {name} มีส่วนประกอบ {len(members):,} ส่วน เกินกำหนด")
    unpacked = 0
    for m in members:
        unpacked += m.file_size
        if m.file_size > 1_000_000 and m.file_size > ratio * max(m.compress_size, 1):
            factor = m.file_size // max(m.compress_size, 1)
            raise DocengineError(
                f"{what} {name}: {m.filename} unpacks to {m.file_size:,} bytes, {factor:,} times its packed size "
                "(a zip bomb?)",
                f"{what} {name}: ส่วน {m.filename} ขยายเป็น {m.file_size:,} ไบต์ มากผิดปกติ ({factor:,} เท่า)")
    if unpacked > total:
        raise DocengineError(f"{what} {name} unpacks to {unpacked:,} bytes, more than the limit of {total:,}",
                             f"{what} {name} ขยายแล้วมีขนาด {unpacked:,} ไบต์ เกินกำหนด {total:,}")
