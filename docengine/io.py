"""Writing output files so that a reader never sees half a file.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "a" / "b.txt"
>>> write_atomic(p, b"ok") == p, p.read_bytes()
(True, b'ok')
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from .errors import DocengineError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _stage(path: Path, data: bytes) -> str:
    """Write ``data`` to a temp file beside ``path``; returns the temp file's name."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise OutputError(path, exc) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp creates 0600; outputs get the usual permissions (letters and public
        # lists are read by other accounts and web servers).
        os.chmod(tmp, 0o666 & ~_umask())
    except BaseException as exc:
        _remove(tmp)
        if isinstance(exc, OSError):
            raise OutputError(path, exc) from None
        raise
    return tmp


def _remove(name) -> None:
    try:
        os.unlink(name)
    except FileNotFoundError:
        pass


class OutputError(DocengineError):
    """An output file could not be written."""

    def __init__(self, path: Path, exc: OSError):
        super().__init__(f"cannot write {path}: {exc.strerror or exc}",
                         f"เขียนแฟ้ม {path} ไม่ได้: {exc.strerror or exc}")


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temp file in the same folder and a rename."""
    return write_all({Path(path): data})[0]


def write_all(outputs: dict[Path, bytes] | list[tuple[Path, bytes]]) -> list[Path]:
    """Write several files all-or-nothing: every file is staged first, then all are renamed.

    If any file cannot be staged, none is written; a failing rename removes the ones
    already renamed, so a batch never looks half complete.
    """
    items = [(Path(p), d) for p, d in (outputs.items() if isinstance(outputs, dict) else outputs)]
    staged: list[tuple[Path, str]] = []
    try:
        for path, data in items:
            staged.append((path, _stage(path, data)))
    except BaseException:
        for _, tmp in staged:
            _remove(tmp)
        raise
    done: list[Path] = []
    try:
        for path, tmp in staged:
            os.replace(tmp, path)
            done.append(path)
    except BaseException as exc:
        for path in done:
            _remove(path)
        for _, tmp in staged[len(done):]:
            _remove(tmp)
        if isinstance(exc, OSError):
            raise OutputError(staged[len(done)][0], exc) from None
        raise
    return done


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
