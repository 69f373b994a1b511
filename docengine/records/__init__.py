"""Reading input records: people files (CSV/XLSX) for allowance documents.

>>> from docengine.records import read_people, columns
>>> columns()[0].key, columns()[0].th
('citizen_id', 'เลขประจำตัวประชาชน')
"""

from .columns import Column, columns, columns_markdown, purposes
from .people import PeopleFileError, read_birth_date, read_people
from .tabular import Table, TableError, open_table

__all__ = [
    "Column",
    "PeopleFileError",
    "Table",
    "TableError",
    "columns",
    "columns_markdown",
    "open_table",
    "purposes",
    "read_birth_date",
    "read_people",
]
