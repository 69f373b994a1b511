"""The JSON Schemas of the commands' ``--json`` documents (docs/schemas/), for the tests."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

SCHEMAS = Path(__file__).resolve().parent.parent / "docs" / "schemas"


@cache
def validator(shape: str):
    """A validator for ``docs/schemas/SHAPE.json`` with its ``$ref``s to the other files resolved."""
    import jsonschema
    from referencing import Registry, Resource

    schemas = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in SCHEMAS.glob("*.json")}
    registry = Registry().with_resources((name, Resource.from_contents(s)) for name, s in schemas.items())
    return jsonschema.Draft202012Validator(schemas[f"{shape}.json"], registry=registry,
                                           format_checker=jsonschema.FormatChecker())
