"""Writing output files so that a reader never sees half a file.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "a" / "b.txt"
>>> write_atomic(p, b"ok") == p, p.read_bytes()
(True, b'ok')
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from .errors import EXIT_IO, DocengineError
from .processes import tag_is_dead, temp_tag


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _stage(path: Path, data: bytes) -> str:
    """Write ``data`` to a temp file beside ``path``; returns the temp file's name,
    ``.name.TAG.XXXX.part``, TAG naming this process (:func:`docengine.processes.temp_tag`)
    so that a later recovery can tell a dead command's leftovers from a live one's."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{temp_tag()}.", suffix=".part", dir=path.parent)
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

    exit_code = EXIT_IO

    def __init__(self, path: Path, exc: OSError):
        import errno

        limit = " (the file-size limit, ulimit -f)" if exc.errno == errno.EFBIG else ""
        super().__init__(f"cannot write {path}: {exc.strerror or exc}{limit}",
                         f"เขียนแฟ้ม {path} ไม่ได้: {exc.strerror or exc}{limit}")


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temp file in the same folder and a rename."""
    return write_all({Path(path): data})[0]


def write_all(outputs: dict[Path, bytes] | list[tuple[Path, bytes]]) -> list[Path]:
    """Write several files all-or-nothing; on failure the user's previous files are back.

    1. every file is staged beside its target (a failure here touches no target);
    2. each existing target is kept as a backup (a hard link, or a copy where the file
       system has none), then the staged file is renamed over it;
    3. if any rename fails, every target already replaced gets its backup back
       (byte-identical: the same file), new targets are removed, and the error names
       the file that failed; on success the backups are dropped.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.pdf").write_bytes(b"old"); (d / "b").mkdir()
    >>> write_all({d / "a.pdf": b"new", d / "b": b"blocked by a folder"})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    docengine.io.OutputError: cannot write .../b: Is a directory / เขียนแฟ้ม .../b ไม่ได้: Is a directory
    >>> (d / "a.pdf").read_bytes(), sorted(p.name for p in d.iterdir())
    (b'old', ['a.pdf', 'b'])
    """
    staged = stage_all(outputs)
    done: list[tuple[Path, str | None]] = []  # (target, its backup or None when it was new)
    current, backup = None, None
    try:
        for path, tmp in staged:
            current, backup = path, None
            backup = _backup(path)
            os.replace(tmp, path)
            done.append((path, backup))
    except BaseException as exc:
        if backup is not None:
            _remove(backup)  # the failed target still holds its own content
        for path, old in reversed(done):
            if old is None:
                _remove(path)
            else:
                os.replace(old, path)
        for _, tmp in staged:
            _remove(tmp)
        if isinstance(exc, OSError):
            raise OutputError(current, exc) from None
        raise
    for _, backup in done:
        if backup is not None:
            _remove(backup)
    return [path for path, _ in staged]


def _backup(path: Path) -> str | None:
    """A second name for ``path``'s current content (None when there is none to keep)."""
    if not os.path.lexists(path) or path.is_dir():
        return None
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".old", dir=path.parent)
    os.close(fd)
    os.unlink(name)
    try:
        os.link(path, name, follow_symlinks=False)
    except OSError:
        import shutil

        shutil.copy2(path, name, follow_symlinks=False)
    return name


def same_file(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` name one file (symlinks, ``..`` and hard links included)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return Path(a).resolve() == Path(b).resolve()


def check_distinct(outputs: dict[str, Path], inputs: dict[str, Path]) -> None:
    """Refuse outputs that are the same file as an input or as each other, before anything runs.

    Keys are what the user typed (``--pdf``, ``--data``); the message names both.

    >>> check_distinct({"--pdf": Path("/tmp/x.pdf"), "--docx": Path("/tmp/../tmp/x.pdf")}, {})
    Traceback (most recent call last):
    ...
    docengine.io.PathCollision: --docx /tmp/../tmp/x.pdf is the same file as --pdf /tmp/x.pdf: give each output its own name, and never an input file / --docx /tmp/../tmp/x.pdf เป็นแฟ้มเดียวกับ --pdf /tmp/x.pdf กรุณาตั้งชื่อแฟ้มผลลัพธ์แยกกัน และไม่ซ้ำกับแฟ้มข้อมูลนำเข้า
    """
    seen: list[tuple[str, Path]] = []
    for name, path in inputs.items():
        seen.append((name, Path(path)))
    problems = []
    for name, path in outputs.items():
        path = Path(path)
        for other, known in seen:
            if same_file(path, known):
                problems.append((name, path, other, known))
                break
        seen.append((name, path))
    if problems:
        name, path, other, known = problems[0]
        raise PathCollision(
            f"{name} {path} is the same file as {other} {known}: give each output its own name, "
            "and never an input file",
            f"{name} {path} เป็นแฟ้มเดียวกับ {other} {known} กรุณาตั้งชื่อแฟ้มผลลัพธ์แยกกัน และไม่ซ้ำกับแฟ้มข้อมูลนำเข้า")


class PathCollision(DocengineError):
    """An output would overwrite an input or another output of the same command."""


# The files the running command was given: (outputs, inputs), both {label: path}.
_COMMAND_PATHS: ContextVar[tuple[dict, dict] | None] = ContextVar("docengine_command_paths", default=None)


@contextmanager
def command_paths(outputs: dict[str, Path], inputs: dict[str, Path]):
    """Check a command's named outputs against its inputs and each other (:func:`check_distinct`),
    then keep them while it runs, so that the output names it invents itself are checked
    against the same files (:func:`claim_output`)."""
    check_distinct(outputs, inputs)
    token = _COMMAND_PATHS.set((dict(outputs), dict(inputs)))
    try:
        yield
    finally:
        _COMMAND_PATHS.reset(token)


def claim_output(label: str, path: str | Path, *, inputs: dict[str, Path] | None = None) -> Path:
    """An output name a command invents (no --pdf / --out given) goes through the same check as
    the names the user typed, before anything is written: it may not be an input (``inputs`` and
    the running command's, see :func:`command_paths`) nor another of the command's outputs.
    Claiming ``label`` again replaces its earlier claim (a name predicted, then known).

    >>> with command_paths({"--docx": Path("/tmp/x.pdf")}, {}):
    ...     claim_output("--pdf (default name)", "/tmp/y.pdf").name
    ...     claim_output("--pdf (default name)", "/tmp/x.pdf")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    docengine.io.PathCollision: --pdf (default name) /tmp/x.pdf is the same file as --docx /tmp/x.pdf: ...
    """
    outputs, known_inputs = _COMMAND_PATHS.get() or ({}, {})
    outputs.pop(label, None)
    check_distinct({label: Path(path)}, {**known_inputs, **(inputs or {}), **outputs})
    outputs[label] = Path(path)
    return Path(path)


def stage_all(outputs: dict[Path, bytes] | list[tuple[Path, bytes]]) -> list[tuple[Path, str]]:
    """Write every file under a temp name beside its final path (``.name.TAG.XXXX.part``).

    For work that must be recorded between writing and publishing (the register:
    stage, commit the record with the files' SHA-256, then :func:`publish`). If any
    file cannot be staged, none is left behind. Returns (final path, temp name) pairs.
    """
    items = [(Path(p), d) for p, d in (outputs.items() if isinstance(outputs, dict) else outputs)]
    staged: list[tuple[Path, str]] = []
    try:
        for path, data in items:
            staged.append((path, _stage(path, data)))
    except BaseException:
        discard(staged)
        raise
    return staged


def publish(staged: list[tuple[Path, str]], checkpoint=None) -> list[Path]:
    """Rename staged files to their final names, in order; ``checkpoint(i)`` runs after each."""
    done = []
    for i, (path, tmp) in enumerate(staged):
        try:
            os.replace(tmp, path)
        except OSError as exc:
            raise OutputError(path, exc) from None
        done.append(path)
        if checkpoint:
            checkpoint(i)
    return done


def discard(staged: list[tuple[Path, str]]) -> None:
    """Remove staged temp files that will not be published."""
    for _, tmp in staged:
        _remove(tmp)


_PART = re.compile(r"\.(?P<name>.+)\.(?P<tag>[0-9a-f]{6}-\d+-\d+)\.[^.]+\.part")


def stray_temp_files(folder: str | Path) -> list[Path]:
    """Temp files in ``folder`` that a killed command left: ``.name.TAG.XXXX.part`` whose
    writing process is provably gone (:func:`docengine.processes.tag_is_dead`). A live
    command's temp files, other machines' and files that are not ours are not listed.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> live = _stage(d / "a.pdf", b"x")             # this process: alive
    >>> host = temp_tag().split("-")[0]
    >>> (d / f".a.pdf.{host}-999999999-1.k3j2.part").write_bytes(b"x")  # no such pid
    1
    >>> (d / ".notes.part").write_bytes(b"x")          # not ours
    1
    >>> [p.name.replace(host, "HOST") for p in stray_temp_files(d)]
    ['.a.pdf.HOST-999999999-1.k3j2.part']
    """
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return []
    found = []
    for path in entries:
        m = _PART.fullmatch(path.name)
        if m and tag_is_dead(m["tag"]) and path.is_file() and not path.is_symlink():
            found.append(path)
    return sorted(found)


def remove_stray_temp_files(folders) -> list[Path]:
    """Remove :func:`stray_temp_files` of each folder; returns what was removed."""
    removed = []
    for folder in dict.fromkeys(Path(f) for f in folders):
        for path in stray_temp_files(folder):
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            except OSError:
                continue
            removed.append(path)
    return removed


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
