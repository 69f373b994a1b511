"""Injected crash points for the kill tests (``make test-faults``).

``checkpoint("issue:committed")`` ends the process on the spot — no cleanup, no
atexit, like SIGKILL — when ``$DOCENGINE_FAULT_AT`` names that step, and does
nothing otherwise. The steps of each command are listed in docs/crash-windows.md.

>>> checkpoint("no-such-step") is None
True
"""

from __future__ import annotations

import os

FAULT_EXIT = 86  # the exit status of a process stopped at a checkpoint


def checkpoint(step: str) -> None:
    """Die here if ``$DOCENGINE_FAULT_AT`` is ``step`` (only honoured when set)."""
    if os.environ.get("DOCENGINE_FAULT_AT") == step:
        os._exit(FAULT_EXIT)
