"""Typesetting rules shared by every document kind (issue 8).

:mod:`.breaks` decides where a line of Thai may break; :mod:`.dictionary` holds the
words that never break; :mod:`.weasy` makes WeasyPrint follow those decisions.
"""

from .breaks import LineBreaker, break_points, line_breaker, mark_html, strip_marks, wrap

__all__ = ["LineBreaker", "break_points", "line_breaker", "mark_html", "strip_marks", "wrap"]
