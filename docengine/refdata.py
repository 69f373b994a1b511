"""Reference data: regulation facts kept as YAML files in ``data/``.

Each data file carries a ``source:`` note saying where its facts come from.
A module that owns a kind of fact registers a validator for its file with
:func:`dataset`; :func:`load` reads, validates and caches it; :func:`check_all`
loads every registered file so that a malformed one fails at start-up with a
message naming the file and the problem.

>>> months = load("months")
>>> months["full"][0]
'มกราคม'
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib import import_module
from typing import Any

from pathlib import Path

from .errors import ReferenceDataError
from .resources import data_path

Validator = Callable[[Any], list[str]]

# name -> (relative path under data/, validator)
_DATASETS: dict[str, tuple[str, Validator]] = {}

# Modules that register datasets; imported by check_all() so every file is checked.
_OWNERS = (
    "docengine.thai.calendar",
    "docengine.thai.holidays",
    "docengine.thai.labels",
    "docengine.thai.places",
    "docengine.allowance.cycle",
    "docengine.allowance.rates",
    "docengine.forms.wording",
    "docengine.records.columns",
    "docengine.register.agencies",
    "docengine.render.fonts",
    "docengine.chain.forward",
    "docengine.chain.egif",
    "docengine.archive.export",
    "docengine.notices.settings",
    "docengine.typeset.dictionary",
)


def dataset(name: str, relpath: str):
    """Register ``relpath`` under data/ as dataset ``name`` with the decorated validator.

    The validator returns a list of problems (empty when the data is good).
    """

    def decorate(validator: Validator) -> Validator:
        _DATASETS[name] = (relpath, validator)
        return validator

    return decorate


def read_yaml(path, *, scalars: str = "core") -> Any:
    """A reference data file through the one YAML loader (docengine.records.datafile),
    with YAML 1.2 core typing: its validator checks the numbers and true/false."""
    from .records.datafile import DataFileError
    from .records.datafile import read_yaml as read

    if not Path(path).is_file():
        raise ReferenceDataError(f"reference data file missing: {path}", f"ไม่พบแฟ้มข้อมูลอ้างอิง {path}")
    try:
        return read(path, scalars=scalars)
    except DataFileError as exc:
        raise ReferenceDataError(f"reference data file {exc.en}", f"แฟ้มข้อมูลอ้างอิง {exc.th}") from None


@cache
def load(name: str) -> Any:
    """The validated content of dataset ``name``."""
    if name not in _DATASETS:
        _import_owners()
    try:
        relpath, validator = _DATASETS[name]
    except KeyError:
        raise ReferenceDataError(f"unknown reference dataset {name!r}") from None
    path = data_path(relpath)
    content = read_yaml(path)
    if not isinstance(content, dict) or not str(content.get("source", "")).strip():
        problems = ["top level must be a mapping with a non-empty 'source:' note"]
    else:
        problems = validator(content)
    if problems:
        detail = "; ".join(problems)
        raise ReferenceDataError(
            f"reference data file {path} is malformed: {detail}",
            f"แฟ้มข้อมูลอ้างอิง {path} ไม่ถูกต้อง: {detail}",
        )
    return content


def _import_owners() -> None:
    for module in _OWNERS:
        try:
            import_module(module)
        except ModuleNotFoundError as exc:
            # An owner that does not exist yet registers nothing; any other
            # missing module is a real error.
            if exc.name != module:
                raise


def check_all() -> list[str]:
    """Load every registered dataset; returns their names. Raises on the first bad file."""
    _import_owners()
    for name in sorted(_DATASETS):
        load(name)
    return sorted(_DATASETS)


def require_keys(mapping: Any, keys: dict[str, type], where: str = "") -> list[str]:
    """Problems for missing or wrongly typed keys of ``mapping`` (a validator helper)."""
    if not isinstance(mapping, dict):
        return [f"{where or 'entry'} must be a mapping"]
    problems = []
    for key, typ in keys.items():
        if key not in mapping:
            problems.append(f"{where}{key}: missing")
        elif not isinstance(mapping[key], typ):
            problems.append(f"{where}{key}: expected {typ.__name__}, got {type(mapping[key]).__name__}")
    return problems
