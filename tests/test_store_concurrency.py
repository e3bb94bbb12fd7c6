"""Several processes on one store: creating it at once, and writing into it at once (real processes,
real SQLite and PostgreSQL; bounded: each process has a deadline)."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

import dragoman
from conftest import BACKENDS, new_store_url
from dragoman.store import open_store
from dragoman.store.migrations import MIGRATIONS
from synthetic import writer_command

SRC = str(Path(dragoman.__file__).resolve().parents[1])
ENV = {**os.environ, "PYTHONPATH": SRC}


def run_together(commands: list[list[str]], timeout: float = 240) -> list[subprocess.CompletedProcess[str]]:
    running = [subprocess.Popen(c, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for c in commands]
    done = []
    for process in running:
        out, err = process.communicate(timeout=timeout)
        done.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))
    return done


@pytest.mark.parametrize("backend", BACKENDS)
def test_processes_creating_a_new_store_at_once_never_fail(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """Migrations run under a lock: of three processes opening a new store together, one migrates and
    the others wait, then every one writes its article (issue 16: 'table articles already exists')."""
    for attempt in range(4):
        url = new_store_url(request, backend, tmp_path / f"new{attempt}.db")
        start_at = time.time() + 1.5  # all three have imported dragoman by then
        results = run_together([writer_command(url, start_at, k, k + 1, 3) for k in range(3)])
        assert [r.returncode for r in results] == [0, 0, 0], [r.stderr[-2000:] for r in results]
        assert [r.stdout.strip() for r in results] == ["1", "1", "1"]
        with open_store(url) as store:
            assert store.applied_migrations() == [m.name for m in MIGRATIONS]
            assert store.counts()["articles"] == 3


def test_two_writers_lose_nothing_and_never_report_a_locked_store(store_url: str) -> None:
    """Two processes write 60 articles each into one store, 20 of them the same: every article is stored
    once, with all its events, and neither process sees 'database is locked'."""
    open_store(store_url).close()
    start_at = time.time() + 1.5
    results = run_together([writer_command(store_url, start_at, 0, 60), writer_command(store_url, start_at, 40, 100)])
    assert [r.returncode for r in results] == [0, 0], [r.stderr[-2000:] for r in results]
    assert not any("locked" in r.stderr for r in results)
    assert sum(int(r.stdout) for r in results) == 100  # an article both wrote is stored by one of them
    with open_store(store_url) as store:
        counts = store.counts()
        assert counts["articles"] == 100 and counts["events"] == 100 * 10 and counts["quotes"] == 100
        assert len(store.events("art55")) == 10
