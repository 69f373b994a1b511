"""The draft mark (ร่าง) of a document printed before it is signed and numbered.

The PDF gets it from the templates (``draft`` in the context, a fixed element
repeated on every page); the DOCX gets Word's own watermark: a grey, diagonal
WordArt shape in every header, which Word and LibreOffice show behind the text
of each page and which stays out of the body text.

>>> import docx, io
>>> d = docx.Document(); _ = d.add_paragraph("ข้อความ")
>>> watermark_docx(d, font="TH SarabunPSK")
>>> b = io.BytesIO(); d.save(b)
>>> docx_watermarks(b.getvalue())
['ร่าง']
"""

from __future__ import annotations

import io
import re
from xml.sax.saxutils import quoteattr

DRAFT_WORD = "ร่าง"

_VML = (
    '<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ' xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">'
    '<w:pPr><w:pStyle w:val="Header"/></w:pPr><w:r><w:pict>'
    '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" path="m@7,l@8,m@5,21600l@6,21600e">'
    '<v:path textpathok="t" o:connecttype="custom"/><v:textpath on="t" fitshape="t"/>'
    '<o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>'
    '<v:shape id="DocengineDraftMark{n}" o:spid="_x0000_s20{n:02d}" type="#_x0000_t136"'
    ' style="position:absolute;margin-left:0;margin-top:0;width:340pt;height:170pt;rotation:325;'
    'z-index:-251655168;mso-position-horizontal:center;mso-position-horizontal-relative:margin;'
    'mso-position-vertical:center;mso-position-vertical-relative:margin"'
    ' o:allowincell="f" fillcolor="#c0c0c0" stroked="f">'
    '<v:fill opacity=".45"/>'
    '<v:textpath style={style} string={word}/></v:shape></w:pict></w:r></w:p>'
)


def watermark_docx(document, font: str, word: str = DRAFT_WORD) -> None:
    """Put ``word`` as a watermark in every header of every section of ``document`` (python-docx)."""
    from docx.oxml import parse_xml

    n = 0
    for index, section in enumerate(document.sections):
        headers = [section.header]
        if section.different_first_page_header_footer:
            headers.append(section.first_page_header)
        if document.settings.odd_and_even_pages_header_footer:
            headers.append(section.even_page_header)
        for header in headers:
            if header.is_linked_to_previous and index:
                continue  # shows the previous section's header, which has the mark
            n += 1
            style = quoteattr(f'font-family:"{font}";font-size:1pt;font-weight:bold')
            header._element.append(parse_xml(_VML.format(n=n, style=style, word=quoteattr(word))))


def docx_watermarks(docx: bytes) -> list[str]:
    """The watermark words in a DOCX's headers (for checks and tests)."""
    import zipfile

    found = []
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        for name in sorted(z.namelist()):
            if re.fullmatch(r"word/header\d*\.xml", name):
                found += re.findall(r'<v:textpath [^>]*string="([^"]*)"', z.read(name).decode("utf-8"))
    return sorted(set(found))
