"""Worker processes die with their parent: a `kill -9` of a run leaves no orphaned workers behind."""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid: int) -> None:
    """Ask Linux to SIGKILL this process when its parent dies (prctl PR_SET_PDEATHSIG); elsewhere, watch
    the parent from a thread. Exits at once if the parent is already gone."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            _watch(parent_pid)
    else:
        _watch(parent_pid)
    if os.getppid() != parent_pid:
        os._exit(1)


def _watch(parent_pid: int, every: float = 1.0) -> None:
    def loop() -> None:
        while os.getppid() == parent_pid:
            time.sleep(every)
        os._exit(1)

    threading.Thread(target=loop, name="dragoman-parent-watch", daemon=True).start()
