"""The one width model (docengine.render.shaping) is the width the PDF really prints.

A line of Thai set by WeasyPrint in the bundled face is measured back from the PDF and
compared with what the lists paginate with and the forms' overlay draws with.
"""

from __future__ import annotations

import io

import pdfplumber
import pytest

from docengine.notices.measure import text_measure
from docengine.render.shaping import default_face, shaped_font


@pytest.mark.parametrize("text", ["นางสาวพิมพ์ใจ ดวงแก้ว", "ผู้สูงอายุ เบี้ยยังชีพ ๑,๒๐๐ บาท", "องค์การบริหารส่วนตำบลน้ำแพร่"])
def test_shaped_width_is_the_printed_width(text):
    import weasyprint

    face = default_face()
    html = (f"<style>@page {{ size: 30cm 5cm; margin: 1cm }} @font-face {{ font-family: F; src: url('{face.as_uri()}') }}"
            f" p {{ font: 20pt F; margin: 0; white-space: nowrap }}</style><p>{text}</p>")
    pdf = weasyprint.HTML(string=html).write_pdf()
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        chars = [c for c in doc.pages[0].chars if c["text"].strip()]
        printed = max(c["x1"] for c in chars) - min(c["x0"] for c in chars)
    shaped = shaped_font(face).width(text, 20)
    assert abs(shaped - printed) < 0.02 * printed, (shaped, printed)
    # the lists measure with the same model (in cm at the documents' scale)
    assert text_measure()._em(text) == pytest.approx(shaped / 20)
