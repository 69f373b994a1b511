"""One resolver for the templates and reference data shipped with docengine.

In a checkout they live at the top of the repository (``templates/``, ``data/``);
in an installed wheel they travel inside the package as ``docengine/_resources/``.
Everything that reads a template or a data file goes through here.

>>> resource_path("data", "months.yaml").name
'months.yaml'
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def resource_root(kind: str) -> Path:
    """Folder holding the shipped ``templates`` or ``data``."""
    if kind not in ("templates", "data"):
        raise ValueError(f"unknown resource kind {kind!r}")
    for candidate in (_PACKAGE / "_resources" / kind, _PACKAGE.parent / kind):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        f"docengine cannot find its {kind}/ folder (looked in {_PACKAGE / '_resources'} "
        f"and {_PACKAGE.parent}); the installation is incomplete"
    )


def resource_path(kind: str, *parts: str) -> Path:
    """Path of a shipped file, e.g. ``resource_path("data", "provinces.yaml")``."""
    return resource_root(kind).joinpath(*parts)


def data_path(*parts: str) -> Path:
    return resource_path("data", *parts)


def templates_path(*parts: str) -> Path:
    return resource_path("templates", *parts)
