"""The DOCX of a batch of filled forms: one file per applicant, or one file a page per applicant.

Per-applicant files are named by the row of the people file and the last four ID digits
(never by position in the output, which once gave a "-1" file holding record 5).
"""

from __future__ import annotations

from pathlib import Path


def docx_outputs(job, people, target: Path, *, per_row: bool) -> dict[Path, bytes]:
    """The batch's DOCX: one per applicant in ``target`` (a folder), or one merged file."""
    from docengine.render.docxmerge import merge_docx

    blobs = [(person, job.docx(person)) for person in people]
    if per_row:
        return {target / docx_name(person, n): blob for n, (person, blob) in enumerate(blobs, 1)}
    return {target: merge_docx([blob for _, blob in blobs])}


def docx_name(person, n: int | None = None) -> str:
    """The row of the people file, the last four ID digits (enough to tell two namesakes apart,
    not the ID: file names leak into listings and mail, PDPA) and the name.

    >>> from types import SimpleNamespace as P
    >>> docx_name(P(row=5, citizen_id="3500993720268", first_name="พิมพ์ใจ", last_name="ดวง/แก้ว"))
    '0005-0268-พิมพ์ใจ-ดวงแก้ว.docx'
    """
    import unicodedata

    row = person.row if getattr(person, "row", None) else n
    # Keep Thai vowels and tone marks (category M), drop path separators and punctuation.
    safe = "".join(ch for ch in f"{person.first_name}-{person.last_name}"
                   if unicodedata.category(ch)[0] in "LMN" or ch in "-_")
    return f"{row:04d}-{str(person.citizen_id)[-4:]}-{safe}.docx"
