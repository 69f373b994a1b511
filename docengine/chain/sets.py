"""Template sets of the register (stamp, endorsement sheet, printed books).

They live in ``templates/register/<name>/`` (not among the letter sets, which the
demo renders one by one from sample data), and an office overrides one by
placing a folder of the same name under ``<template_dir>/register/``.

>>> register_set(None, "receipt-stamp").key
'register/receipt-stamp'
"""

from __future__ import annotations

from pathlib import Path

from docengine.errors import DocengineError
from docengine.render.templateset import TemplateSet, load_set, template_roots


def register_set(template_dir: Path | None, name: str) -> TemplateSet:
    """The set ``register/<name>``, the office's copy first."""
    for root in template_roots(template_dir):
        folder = Path(root) / "register" / name
        if (folder / "manifest.yaml").is_file():
            return load_set(folder, Path(root), f"register/{name}")
    raise DocengineError(f"no template set register/{name}", f"ไม่พบชุดแม่แบบ register/{name}")
