"""Which process owns a piece of work, and whether that process is provably gone.

The register marks reserved numbers and half-published files with their owner, and
temp files carry a tag of the process that wrote them, so that recovery touches
only what a dead process left behind, never a command still running.

>>> this_process()["owner_pid"] == os.getpid()
True
>>> tag_is_dead(temp_tag())
False
"""

from __future__ import annotations

import hashlib
import os
import re
import socket
from functools import lru_cache
from pathlib import Path


def process_token(pid: int) -> str | None:
    """Boot id and start tick of process ``pid`` (Linux ``/proc``): tells a recycled pid apart.

    >>> process_token(os.getpid()) == process_token(os.getpid())
    True
    """
    ticks = _start_ticks(pid)
    if ticks is None:
        return None
    try:
        boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return None
    return f"{boot}:{ticks}"


def _start_ticks(pid: int) -> str | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return fields[19]  # field 22, starttime
    except (OSError, IndexError):
        return None


def this_process() -> dict:
    """The owner columns the register stores for work this process is doing."""
    return {"owner_host": socket.gethostname(), "owner_pid": os.getpid(), "owner_started": process_token(os.getpid())}


def pid_alive(pid: int | None) -> bool:
    """Whether a process with this pid exists on this machine (it may be a recycled pid).

    >>> pid_alive(os.getpid()), pid_alive(None)
    (True, False)
    """
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def owner_is_dead(host: str | None, pid: int | None, started: str | None) -> bool:
    """True only when the owning process is provably gone: on this machine, and its pid is
    free or now belongs to a process that started at another time. Other machines: False.

    >>> owner_is_dead(**{k.removeprefix("owner_"): v for k, v in this_process().items()})
    False
    >>> owner_is_dead("another-machine", 1, None)
    False
    """
    if not pid or host != socket.gethostname():
        return False
    if not pid_alive(pid):
        return True
    now = process_token(pid)
    return bool(started and now and now != started)


@lru_cache(maxsize=1)
def _host_mark() -> str:
    return hashlib.sha256(socket.gethostname().encode()).hexdigest()[:6]


def temp_tag() -> str:
    """The mark this process puts in its temp file names: host, pid and start tick.

    >>> re.fullmatch(r"[0-9a-f]{6}-\\d+-\\d+", temp_tag()) is not None
    True
    """
    return f"{_host_mark()}-{os.getpid()}-{_start_ticks(os.getpid()) or 0}"


_TAG = re.compile(r"([0-9a-f]{6})-(\d+)-(\d+)")


def tag_is_dead(tag: str) -> bool:
    """Whether the process that wrote a temp file tagged ``tag`` is provably gone: tagged on
    this machine, and its pid is free or belongs to a process started at another tick.
    Anything else (another machine, not a tag) is False: such files are left alone.

    >>> tag_is_dead("000000-1-1"), tag_is_dead("notatag")
    (False, False)
    """
    m = _TAG.fullmatch(tag)
    if not m or m[1] != _host_mark():
        return False
    pid = int(m[2])
    if not pid_alive(pid):
        return True
    now = _start_ticks(pid)
    return now is not None and now != m[3]
