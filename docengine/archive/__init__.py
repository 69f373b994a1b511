"""Records that hold up: archival PDF/A output and its structural checker.

``docengine.archive.pdfa`` — levels (2u, 3u), writing and keeping PDF/A;
``docengine.archive.check`` — the structural checker (``docengine archive check``).
"""
