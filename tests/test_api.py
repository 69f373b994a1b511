"""The public API: what ``import docengine`` gives, docs/api.md's examples, and its words in the glossary."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

import docengine
from docengine.errors import DocengineError

ROOT = Path(__file__).resolve().parents[1]


def test_docs_api_examples_run():
    """Every example of docs/api.md runs and prints what the page says (three lines per family)."""
    result = doctest.testfile(str(ROOT / "docs" / "api.md"), module_relative=False,
                              optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, report=True)
    assert result.attempted >= 20 and result.failed == 0, result


def test_every_public_name_is_in_the_glossary():
    glossary = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`([A-Za-z_][A-Za-z0-9_.]*)", glossary))
    missing = [name for name in docengine.__all__ if name not in named and f"docengine.{name}" not in named]
    assert missing == []


def test_every_public_name_imports_and_has_a_docstring():
    for name in docengine.__all__:
        value = getattr(docengine, name)
        assert (value.__doc__ or "").strip(), name
    with pytest.raises(AttributeError):
        docengine.Renderer  # not public: Engine is


def test_the_engine_renders_every_kind_templates_list_shows():
    from docengine.render.templateset import list_sets

    engine = docengine.Engine(docengine.Office.sample())
    assert engine.kinds() == [t.key for t in list_sets()] and len(engine.kinds()) == 13


def test_no_silent_sample_office():
    """A renderer or engine without an office is an error, not the sample mayor's signature."""
    from docengine.office import load_office
    from docengine.render.document import Renderer

    for make in (lambda: Renderer(None), lambda: docengine.Engine(None), lambda: load_office(None)):
        with pytest.raises(DocengineError, match="Office.sample()") as exc:
            make()
        assert exc.value.th
