"""Rendering: template sets → one display context → HTML → PDF (WeasyPrint) and DOCX (docxtpl).

    templateset   find and validate template sets (manifest, schema, HTML, DOCX template)
    context       validated data → what the page shows (Thai digits, BE dates, saraban blocks)
    environment   the sandboxed Jinja2 environment every template runs in
    fonts         font families and their size scale against TH SarabunPSK
    pdf           HTML → PDF, fonts and stylesheets loaded once per process
    textlayer     exact Thai text extraction (ActualText, ToUnicode) and no silent glyph fallback
    docx          DOCX rendering with Thai run properties; docxbuild writes DOCX templates
    merge         appending enclosure PDFs
    document      Renderer: validate, build the context, render, write atomically
"""
