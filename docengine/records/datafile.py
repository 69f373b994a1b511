"""Read a YAML or JSON data file, remembering the line of every key.

Errors can then say *where* in the user's file a bad value is.

>>> import tempfile, os
>>> p = os.path.join(tempfile.mkdtemp(), "x.yaml")
>>> _ = open(p, "w", encoding="utf-8").write("subject: ทดสอบ\\nsigner:\\n  name: นาย ก\\n")
>>> doc = read_datafile(p)
>>> doc.data["signer"]["name"], doc.line_of("signer", "name")
('นาย ก', 3)
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import DocengineError


class DataFileError(DocengineError):
    """A data file cannot be read or parsed."""


@dataclass
class DataFile:
    path: Path | None
    data: Any
    lines: dict[tuple, int] = field(default_factory=dict)

    def line_of(self, *keys) -> int | None:
        """Line (1-based) where the value at ``keys`` starts, or of its nearest parent."""
        keys = tuple(keys)
        while keys:
            if keys in self.lines:
                return self.lines[keys]
            keys = keys[:-1]
        return None


class _LineLoader(yaml.SafeLoader):
    """Safe loader that leaves dates as text: the schema checks them and reports an
    impossible date (2024-02-30) as a problem instead of YAML raising mid-parse."""


_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct(loader, node, path, lines):
    if isinstance(node, yaml.MappingNode):
        result = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            lines[path + (key,)] = key_node.start_mark.line + 1
            result[key] = _construct(loader, value_node, path + (key,), lines)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for i, item in enumerate(node.value):
            lines[path + (i,)] = item.start_mark.line + 1
            items.append(_construct(loader, item, path + (i,), lines))
        return items
    return loader.construct_object(node, deep=True)


def parse_yaml(text: str, path: Path | None = None) -> DataFile:
    loader = _LineLoader(text)
    try:
        node = loader.get_single_node()
        lines: dict[tuple, int] = {}
        data = _construct(loader, node, (), lines) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path or 'data'}:{mark.line + 1}" if mark else str(path or "data")
        raise DataFileError(
            f"{where}: not valid YAML ({getattr(exc, 'problem', exc)})",
            f"{where}: รูปแบบ YAML ไม่ถูกต้อง",
        ) from None
    finally:
        loader.dispose()
    return DataFile(path, data, lines)


def read_datafile(path) -> DataFile:
    """Read ``path`` (.yaml/.yml/.json) into a :class:`DataFile`."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DataFileError(f"data file not found: {path}", f"ไม่พบแฟ้มข้อมูล: {path}") from None
    except UnicodeDecodeError:
        raise DataFileError(f"{path}: not UTF-8 text", f"{path}: ไม่ใช่ข้อความ UTF-8") from None
    if path.suffix.lower() == ".json":
        try:
            return DataFile(path, json.loads(text))
        except json.JSONDecodeError as exc:
            raise DataFileError(
                f"{path}:{exc.lineno}: not valid JSON ({exc.msg})",
                f"{path}:{exc.lineno}: รูปแบบ JSON ไม่ถูกต้อง",
            ) from None
    return parse_yaml(text, path)
