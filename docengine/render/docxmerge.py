"""Several DOCX made from the same template as one DOCX, a page break between them.

A batch of filled forms is one file a clerk can open, edit and print in one go. Every part
comes from the same template, so styles, numbering and the section are the first part's; the
bodies of the others are appended after a page break. Parts that carry their own images or
links (relationships) are refused, not silently broken: forms have none.

>>> import docx, io
>>> parts = []
>>> for text in ("ก", "ข"):
...     d = docx.Document(); _ = d.add_paragraph(text); out = io.BytesIO(); d.save(out); parts.append(out.getvalue())
>>> merged = docx.Document(io.BytesIO(merge_docx(parts)))
>>> [p.text for p in merged.paragraphs if p.text]
['ก', 'ข']
"""

from __future__ import annotations

import copy
import io

from docx.oxml.ns import qn

from docengine.errors import DocengineError


def merge_docx(parts: list[bytes]) -> bytes:
    """``parts`` in order, each starting on a new page."""
    from docx import Document
    from docx.oxml import OxmlElement

    if not parts:
        raise ValueError("nothing to merge")
    base = Document(io.BytesIO(parts[0]))
    body = base.element.body
    sect = body.find(qn("w:sectPr"))
    for blob in parts[1:]:
        doc = Document(io.BytesIO(blob))
        xml = doc.element.body
        if any(el.get(qn("r:id")) or el.get(qn("r:embed")) for el in xml.iter()):
            raise DocengineError("a DOCX with images or links cannot be merged into one file; use --docx-dir",
                                 "รวมแฟ้ม DOCX ที่มีรูปภาพหรือลิงก์เป็นแฟ้มเดียวไม่ได้ ให้ใช้ --docx-dir")
        children = [copy.deepcopy(c) for c in xml if c.tag != qn("w:sectPr")]
        if children and children[0].tag == qn("w:p"):
            # the part's first paragraph starts the page (no empty line above it)
            ppr = children[0].find(qn("w:pPr"))
            if ppr is None:
                ppr = OxmlElement("w:pPr")
                children[0].insert(0, ppr)
            before = [i for i, el in enumerate(ppr) if el.tag in (qn("w:pStyle"), qn("w:keepNext"), qn("w:keepLines"))]
            ppr.insert(before[-1] + 1 if before else 0, OxmlElement("w:pageBreakBefore"))  # schema order
        else:
            brk, run, br = OxmlElement("w:p"), OxmlElement("w:r"), OxmlElement("w:br")
            br.set(qn("w:type"), "page")
            run.append(br)
            brk.append(run)
            children.insert(0, brk)
        for child in children:
            sect.addprevious(child)
    out = io.BytesIO()
    base.save(out)
    return out.getvalue()
