"""The Dask backend on a real LocalCluster of 2 worker processes (one cluster for the module), the real model
and real SQLite. Every wait is bounded."""

from __future__ import annotations

import json
import logging
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from click.testing import CliRunner
from distributed import LocalCluster

from dragoman.cli import main
from dragoman.config import Config
from dragoman.io.readers import read_inputs
from dragoman.runner import InlineBackend, run_inputs
from dragoman.runner.dask_backend import DaskBackend, plan_partitions, read_partition
from dragoman.store import open_store
from test_runner import canonical, checksum, environment, extract_command, make_articles, stored, wait_for, workers_of

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",
        silence_logs=logging.ERROR,
    ) as local:
        yield str(local.scheduler_address)


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = make_articles(tmp_path_factory.mktemp("dask") / "articles.jsonl")
    with path.open("a", encoding="utf-8") as out:
        out.write("{not json\n")  # line 9: a bad record in a worker's partition
    return path


def test_a_jsonl_file_is_cut_into_line_aligned_ranges_that_read_as_the_whole(articles: Path) -> None:
    partitions = plan_partitions([str(articles)], chunk_bytes=1200)
    assert len(partitions) >= 3 and all(p.end is not None for p in partitions)
    parts = [item for p in partitions for item in read_partition(p, None)]
    whole = list(read_inputs([str(articles)]))
    assert len(whole) == 9
    assert [str(x) if isinstance(x, Exception) else (x.id, x.origin, x.text) for x in parts] == [
        str(x) if isinstance(x, Exception) else (x.id, x.origin, x.text) for x in whole
    ]


def test_dask_run_streams_every_article_and_stores_what_an_in_process_run_stores(
    cluster: str, articles: Path, tmp_path: Path
) -> None:
    config = Config()
    dask_db, inline_db = tmp_path / "dask.db", tmp_path / "inline.db"
    store = open_store(dask_db)
    try:
        backend = DaskBackend(config, cluster, chunk_bytes=1200)
        summary = run_inputs([str(articles)], config, backend, store, progress=False, store_url=str(dask_db))
    finally:
        store.close()
    assert (summary.articles, summary.failed, summary.processed) == (9, 1, 8)  # the bad line failed, the rest went on
    store = open_store(inline_db)
    try:
        inline = run_inputs([str(articles)], config, InlineBackend(config), store, progress=False)
    finally:
        store.close()
    assert summary.counts == inline.counts and summary.counts["events"] > 0
    assert checksum(dask_db) == checksum(inline_db)


def test_cli_rerun_on_a_running_scheduler_skips_stored_articles_and_still_writes_them(
    cluster: str, articles: Path, tmp_path: Path
) -> None:
    db, first, second = tmp_path / "d.db", tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    runner = CliRunner()
    run = runner.invoke(main, ["extract", str(articles), "--dask", cluster, "--db", str(db), "--out", str(first)])
    assert run.exit_code == 1 and f"{articles}:9" in run.output and "invalid JSON" in run.output
    again = runner.invoke(main, ["extract", str(articles), "--dask", cluster, "--db", str(db), "--out", str(second)])
    assert "0 processed, 8 already stored, 1 failed" in again.output
    records = canonical(first.read_text(encoding="utf-8").splitlines())
    assert len(records) > 9 and records == canonical(second.read_text(encoding="utf-8").splitlines())
    assert {json.loads(r)["id"] for r in records if '"type": "article"' in r} >= {f"a{i}" for i in range(8)}


def test_local_cluster_kill_9_leaves_no_workers_and_the_rerun_finishes_the_job(articles: Path, tmp_path: Path) -> None:
    clean_db, db = tmp_path / "clean.db", tmp_path / "killed.db"
    inputs = tmp_path / "good.jsonl"
    inputs.write_text("".join(articles.read_text(encoding="utf-8").splitlines(keepends=True)[:8]), encoding="utf-8")
    process = subprocess.Popen(extract_command(inputs, db, "--dask", "local:2"), env=environment())
    parent = psutil.Process(process.pid)
    try:
        wait_for(lambda: stored(db) >= 1 or process.poll() is not None, 240, "a stored article")
        workers = workers_of(parent)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    assert stored(db) < 8, "the run finished before the kill: nothing was tested"
    assert len(workers) >= 2
    _gone, alive = psutil.wait_procs(workers, timeout=30)
    assert not alive, [p.pid for p in alive]
    subprocess.run(extract_command(inputs, db, "--dask", "local:2"), env=environment(), check=True, timeout=300)
    subprocess.run(extract_command(inputs, clean_db), env=environment(), check=True, timeout=300)
    assert checksum(db) == checksum(clean_db)
