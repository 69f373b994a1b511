"""Read a YAML or JSON data file, remembering the line of every key: the one YAML loader.

Every YAML file docengine reads (letter data, the office config, --meta files, template
sets, reference data) goes through :func:`parse_yaml`: scalars stay text unless asked for
YAML 1.2 core typing, duplicate keys are an error naming both lines, and aliases, values
and nesting are bounded (docengine.limits).

Errors can then say *where* in the user's file a bad value is.

>>> import tempfile, os
>>> p = os.path.join(tempfile.mkdtemp(), "x.yaml")
>>> _ = open(p, "w", encoding="utf-8").write("subject: ทดสอบ\\nsigner:\\n  name: นาย ก\\n")
>>> doc = read_datafile(p)
>>> doc.data["signer"]["name"], doc.line_of("signer", "name")
('นาย ก', 3)
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .. import limits
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


class _Loader(yaml.BaseLoader):
    """PyYAML's base loader (no implicit typing) with a nesting limit while composing."""

    def __init__(self, text):
        super().__init__(text)
        self.depth = 0
        self.aliases = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > limits.YAML_ALIASES:
                raise _Refused(self.peek_event().start_mark,
                               f"more than {limits.YAML_ALIASES} aliases (*name)",
                               f"ใช้ alias (*ชื่อ) เกิน {limits.YAML_ALIASES} ครั้ง")
        self.depth += 1
        try:
            if self.depth > limits.DATA_DEPTH:
                raise _too_deep(self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _Refused(Exception):
    def __init__(self, mark, en, th):
        self.line = mark.line + 1 if mark is not None else None
        self.en, self.th = en, th


def _too_deep(mark):
    return _Refused(mark, f"nested deeper than {limits.DATA_DEPTH} levels (or refers to itself)",
                    f"ซ้อนกันลึกเกิน {limits.DATA_DEPTH} ชั้น (หรืออ้างถึงตัวเอง)")


# YAML 1.2 core-schema scalars (plus ISO dates), as far as typed reference data needs them. No YAML 1.1
# surprises: ``no``/``on`` stay text, ``022417000`` stays text (not octal), no sexagesimal,
# no timestamps; numbers longer than NUMBER_CHARS stay text.
_CORE_NULL = {"", "~", "null", "Null", "NULL"}
_CORE_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_CORE_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_CORE_FLOAT = re.compile(r"[-+]?(0|[1-9][0-9]*)?\.[0-9]+([eE][-+]?[0-9]{1,3})?|[-+]?(0|[1-9][0-9]*)[eE][-+]?[0-9]{1,3}")


_CORE_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _core_scalar(text: str):
    if text in _CORE_NULL:
        return None
    if _CORE_DATE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text  # the validator reports the impossible date
    if text in _CORE_BOOL:
        return _CORE_BOOL[text]
    if len(text) <= limits.NUMBER_CHARS:
        if _CORE_INT.fullmatch(text):
            return int(text)
        if _CORE_FLOAT.fullmatch(text):
            value = float(text)
            if value not in (float("inf"), float("-inf")):
                return value
    return text


def _text_scalar(text: str):
    # Only an empty value or an explicit null means "not given"; everything else is text.
    return None if text in _CORE_NULL else text


class _Builder:
    """Builds Python values from composed YAML nodes, counting nodes (alias expansion
    included) and depth, and recording the line of every key."""

    def __init__(self, scalars):
        self.scalar = _core_scalar if scalars == "core" else _text_scalar
        self.nodes = 0
        self.lines: dict[tuple, int] = {}

    def build(self, node, path=(), depth=0):
        self.nodes += 1
        if self.nodes > limits.DATA_NODES:
            raise _Refused(node.start_mark, f"more than {limits.DATA_NODES:,} values (alias bomb?)",
                           f"มีค่ามากเกิน {limits.DATA_NODES:,} ค่า (อาจขยาย alias ซ้ำ ๆ)")
        if depth > limits.DATA_DEPTH:
            raise _too_deep(node.start_mark)
        if isinstance(node, yaml.ScalarNode):
            return node.value if node.style else self.scalar(node.value)
        if isinstance(node, yaml.SequenceNode):
            items = []
            for i, item in enumerate(node.value):
                self.lines[path + (i,)] = item.start_mark.line + 1
                items.append(self.build(item, path + (i,), depth + 1))
            return items
        result: dict = {}
        first_line: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused(key_node.start_mark, "a key must be plain text", "คีย์ต้องเป็นข้อความ")
            key = key_node.value if key_node.style else self.scalar(key_node.value)
            line = key_node.start_mark.line + 1
            if key in first_line:
                raise _Refused(key_node.start_mark,
                               f"duplicate key {key!r} (lines {first_line[key]} and {line})",
                               f"คีย์ {key!r} ซ้ำกัน (บรรทัด {first_line[key]} และ {line})")
            first_line[key] = line
            self.lines[path + (key,)] = line
            result[key] = self.build(value_node, path + (key,), depth + 1)
        return result


def parse_yaml(text: str, path: Path | None = None, *, scalars: str = "text") -> DataFile:
    """Parse YAML ``text``; every scalar is text (``scalars="text"``) unless ``scalars="core"``.

    Data files (letters, the office, --meta files) keep every value as written: the
    schema types them. ``"core"`` is for reference data and template-set configuration
    whose validators check numbers and true/false (YAML 1.2 core rules, see _core_scalar).
    Duplicate keys, more than the limits' aliases, nodes or depth are refused.

    >>> parse_yaml("phone: 022417000\\nrecipient: no\\nflag: true").data
    {'phone': '022417000', 'recipient': 'no', 'flag': 'true'}
    >>> parse_yaml("width: 3\\nflag: true\\nphone: 022417000", scalars="core").data
    {'width': 3, 'flag': True, 'phone': '022417000'}
    """
    where = str(path or "data")
    if len(text) > limits.DATAFILE_CHARS:
        raise DataFileError(f"{where}: larger than {limits.DATAFILE_CHARS:,} characters",
                            f"{where}: แฟ้มใหญ่เกิน {limits.DATAFILE_CHARS:,} ตัวอักษร")
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        builder = _Builder(scalars)
        data = builder.build(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f"{where}:{mark.line + 1}" if mark else where
        raise DataFileError(
            f"{at}: not valid YAML ({getattr(exc, 'problem', None) or exc})",
            f"{at}: รูปแบบ YAML ไม่ถูกต้อง",
        ) from None
    except _Refused as exc:
        at = f"{where}:{exc.line}" if exc.line else where
        raise DataFileError(f"{at}: {exc.en}", f"{at}: {exc.th}") from None
    except RecursionError:
        exc = _too_deep(None)
        raise DataFileError(f"{where}: {exc.en}", f"{where}: {exc.th}") from None
    finally:
        loader.dispose()
    return DataFile(path, data, builder.lines)


def read_yaml(path, *, scalars: str = "text") -> Any:
    """The content of a YAML file (see :func:`parse_yaml`), without line numbers."""
    return parse_yaml(read_text(Path(path)), Path(path), scalars=scalars).data


def read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise DataFileError(f"data file not found: {path}", f"ไม่พบแฟ้มข้อมูล: {path}") from None
    except OSError as exc:
        raise DataFileError(f"cannot read {path}: {exc.strerror}", f"อ่านแฟ้ม {path} ไม่ได้") from None
    if size > limits.DATAFILE_BYTES:
        raise DataFileError(f"{path}: {size:,} bytes, more than the limit of {limits.DATAFILE_BYTES:,}",
                            f"{path}: แฟ้มใหญ่เกินกำหนด ({size:,} ไบต์ เกิน {limits.DATAFILE_BYTES:,})")
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise DataFileError(f"{path}: not UTF-8 text", f"{path}: ไม่ใช่ข้อความ UTF-8") from None
    except OSError as exc:
        raise DataFileError(f"cannot read {path}: {exc.strerror}", f"อ่านแฟ้ม {path} ไม่ได้") from None


def parse_json(text: str, path: Path | None = None) -> DataFile:
    """JSON with the same rules as YAML data files: every scalar text, duplicate keys and
    deep nesting refused.

    >>> parse_json('{"n": 1e400, "ok": true, "no": null}').data
    {'n': '1e400', 'ok': 'true', 'no': None}
    """
    where = str(path or "data")

    def pairs(items):
        result = {}
        for key, value in items:
            if key in result:
                raise _Refused(None, f"duplicate key {key!r}", f"คีย์ {key!r} ซ้ำกัน")
            result[key] = value
        return result

    def constant(name):
        raise _Refused(None, f"{name} is not a number", f"{name} ไม่ใช่ตัวเลข")

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_int=str, parse_float=str,
                          parse_constant=constant)
        data = _json_text(data, 0)
    except json.JSONDecodeError as exc:
        raise DataFileError(f"{where}:{exc.lineno}: not valid JSON ({exc.msg})",
                            f"{where}:{exc.lineno}: รูปแบบ JSON ไม่ถูกต้อง") from None
    except _Refused as exc:
        raise DataFileError(f"{where}: {exc.en}", f"{where}: {exc.th}") from None
    except RecursionError:
        exc = _too_deep(None)
        raise DataFileError(f"{where}: {exc.en}", f"{where}: {exc.th}") from None
    return DataFile(path, data)


def _json_text(value, depth):
    if depth > limits.DATA_DEPTH:
        raise _too_deep(None)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return {k: _json_text(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_text(v, depth + 1) for v in value]
    return value


def read_datafile(path) -> DataFile:
    """Read ``path`` (.yaml/.yml/.json) into a :class:`DataFile`; every scalar is text."""
    path = Path(path)
    text = read_text(path)
    if path.suffix.lower() == ".json":
        return parse_json(text, path)
    return parse_yaml(text, path)


def read_document_data(path) -> DataFile:
    """The input of ``docengine render``: a YAML/JSON data file, or a people file (CSV or
    XLSX) standing for ``{people: FILE}`` with every option at its default."""
    path = Path(path)
    if path.suffix.lower() in (".csv", ".xlsx"):
        return DataFile(path, {"people": path.name})
    return read_datafile(path)
