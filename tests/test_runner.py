"""The runner as a user runs it: the process pool, resumable runs after kill -9, no orphaned workers.

Real processes, the real model and real SQLite; every wait is bounded."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import psutil
import pytest
from click.testing import CliRunner

from conftest import ROOT, SEED
from dragoman.cli import main
from dragoman.config import Config
from dragoman.io.readers import read_inputs
from dragoman.runner import InlineBackend, Outcome, PoolBackend, run_inputs

pytestmark = pytest.mark.model
TABLES = {
    "articles": "id, content_hash, title, date, source, url, text, metadata, origin, status, error",
    "actors": "*",
    "mentions": "*",
    "events": "*",
    "quotes": "*",
    "event_evidence": "*",
    "quote_events": "*",
}


def make_articles(path: Path, count: int = 8) -> Path:
    """Short articles cut from the seed article's paragraphs, one per JSON line."""
    paragraphs = [p for p in SEED.read_text(encoding="utf-8").split("\n") if len(p.split()) > 25]
    assert len(paragraphs) >= 4
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            text = "\n\n".join(paragraphs[(i + k) % len(paragraphs)] for k in range(2))
            out.write(json.dumps({"id": f"a{i}", "text": text, "date": "2021-05-17"}) + "\n")
    return path


def checksum(db: Path) -> str:
    """A digest of every stored row (ingestion times aside), and the store's own integrity check."""
    digest = hashlib.sha256()
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for table, columns in TABLES.items():
            rows = sorted(repr(r) for r in con.execute(f"SELECT {columns} FROM {table}"))
            digest.update(f"{table}:{len(rows)}\n".encode())
            digest.update("\n".join(rows).encode())
    return digest.hexdigest()


def canonical(lines: list[str]) -> list[str]:
    """Output records compared as data: the same records, in any order, with keys in any order."""
    return sorted(json.dumps(json.loads(line), sort_keys=True) for line in lines)


def stored(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as con:
            return int(con.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0


def extract_command(inputs: Path, db: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "dragoman", "extract", str(inputs), "--db", str(db), "--quiet", *extra]


def environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {seconds} s waiting for {what}")
        time.sleep(0.05)


def workers_of(process: psutil.Process) -> list[psutil.Process]:
    found = []
    for child in process.children(recursive=True):
        try:
            if "resource_tracker" not in " ".join(child.cmdline()):
                found.append(child)
        except psutil.Error:
            continue
    return found


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_articles(tmp_path_factory.mktemp("runner") / "articles.jsonl")


@pytest.fixture(scope="module")
def clean(articles: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The checksum of an uninterrupted in-process run."""
    db = tmp_path_factory.mktemp("clean") / "clean.db"
    subprocess.run(extract_command(articles, db), env=environment(), check=True, timeout=300)
    assert stored(db) == 8
    return checksum(db)


def test_pool_of_two_runs_the_whole_pipeline_in_two_workers(articles: Path) -> None:
    config = Config()
    seen_workers: list[int] = []

    def follow(outcome: Outcome) -> None:
        seen_workers.append(len(workers_of(psutil.Process())))

    pooled = run_inputs([str(articles)], config, PoolBackend(config, 2, chunk=2), on_outcome=follow, progress=False)
    assert pooled.articles == 8 and pooled.failed == 0
    assert seen_workers and max(seen_workers) == 2
    inline = run_inputs([str(articles)], config, InlineBackend(config), progress=False)
    assert pooled.counts == inline.counts and pooled.counts["events"] > 0
    assert pooled.lines == inline.lines  # same events, in input order


def test_a_bad_record_in_a_worker_is_a_failed_article_and_the_batch_goes_on(tmp_path: Path) -> None:
    inputs = tmp_path / "in.jsonl"
    good = {
        "id": "ok",
        "text": "Turkish President Recep Tayyip Erdogan telephoned Russian President Vladimir Putin.",
        "date": "2020-03-06",
    }
    inputs.write_text(json.dumps(good) + "\n" + json.dumps({"id": "bad", "text": "x" * 10, "date": "2020-13-45"}) + "\n")
    summary = run_inputs([str(inputs)], Config(), PoolBackend(Config(), 2), progress=False)
    assert (summary.articles, summary.failed, summary.processed) == (2, 1, 1)


def test_rerun_with_out_writes_the_stored_articles_records(articles: Path, tmp_path: Path) -> None:
    db, first, second = tmp_path / "d.db", tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    runner = CliRunner()
    assert runner.invoke(main, ["extract", str(articles), "--db", str(db), "--out", str(first)]).exit_code == 0
    again = runner.invoke(main, ["extract", str(articles), "--db", str(db), "--out", str(second)])
    assert again.exit_code == 0 and "0 processed, 8 already stored" in again.output
    records = first.read_text(encoding="utf-8").splitlines()
    assert len(records) > 8 and any('"type": "event"' in r for r in records)
    assert canonical(records) == canonical(second.read_text(encoding="utf-8").splitlines())


@pytest.mark.parametrize(
    ("backend", "after"),
    [((), 0), ((), 3), (("--n-process", "2"), 2)],
    ids=["in-process-at-start", "in-process-after-3", "pool-after-2"],
)
def test_kill_9_then_rerun_matches_a_clean_run(
    articles: Path, clean: str, tmp_path: Path, backend: tuple[str, ...], after: int
) -> None:
    db = tmp_path / "killed.db"
    process = subprocess.Popen(extract_command(articles, db, *backend), env=environment())
    try:
        if after:
            wait_for(lambda: stored(db) >= after or process.poll() is not None, 240, f"{after} stored articles")
        else:
            wait_for(lambda: db.exists() or process.poll() is not None, 60, "the store")
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    assert stored(db) < 8, "the run finished before the kill: nothing was tested"
    subprocess.run(extract_command(articles, db, *backend), env=environment(), check=True, timeout=300)
    assert checksum(db) == clean


def test_workers_die_with_their_parent(articles: Path, tmp_path: Path) -> None:
    db = tmp_path / "orphans.db"
    process = subprocess.Popen(extract_command(articles, db, "--n-process", "2"), env=environment())
    parent = psutil.Process(process.pid)
    try:
        wait_for(lambda: len(workers_of(parent)) == 2 or process.poll() is not None, 60, "two workers")
        workers = workers_of(parent)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    assert len(workers) == 2
    gone, alive = psutil.wait_procs(workers, timeout=20)
    assert not alive and len(gone) == 2


def test_reading_counts_every_record_of_the_inputs(articles: Path) -> None:
    assert sum(1 for _ in read_inputs([str(articles)])) == 8
