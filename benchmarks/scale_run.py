"""A long run into PostgreSQL through Dask: the Guardian sample repeated with new ids, workers writing directly.

    .venv/bin/python benchmarks/scale_run.py [--articles 5000] [--workers 2] [--url postgresql://...]

Without --url it starts a throwaway PostgreSQL cluster (initdb in a temporary directory, pg_ctl on a free port on
127.0.0.1), as the test suite does. It prints articles/s, the memory of the client and of each worker over time
(sampled every few seconds), and checks the stored row counts against the inputs and the run's own counts.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path

import psutil

from dragoman.config import Config
from dragoman.runner import Outcome, run_inputs
from dragoman.runner.dask_backend import DaskBackend
from dragoman.store import open_store

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT.parent / "shared" / "data" / "guardian_sample" / "guardian_sample.csv"


def write_inputs(count: int, folder: Path) -> Path:
    """`count` articles: the sample over and over, each copy with new ids."""
    csv.field_size_limit(sys.maxsize)
    with SAMPLE.open(encoding="utf-8", newline="") as stream:
        rows = [r for r in csv.DictReader(stream) if r.get("text", "").strip()]
    path = folder / "articles.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            row = rows[i % len(rows)]
            out.write(json.dumps({"id": f"r{i // len(rows)}-{i % len(rows)}", "text": row["text"], "date": row["date"][:10]}))
            out.write("\n")
    return path


class MemorySampler:
    """RSS of this process and of every child process (the Dask workers), every `every` seconds."""

    def __init__(self, every: float) -> None:
        self.every = every
        self.rows: list[tuple[float, float, list[float]]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> MemorySampler:
        self._start = time.perf_counter()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        me = psutil.Process()
        while not self._stop.wait(self.every):
            workers = []
            for child in me.children(recursive=True):
                try:
                    workers.append(child.memory_info().rss / 2**20)
                except psutil.Error:
                    continue
            self.rows.append((time.perf_counter() - self._start, me.memory_info().rss / 2**20, sorted(workers)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--url", help="an existing PostgreSQL database (default: a throwaway cluster)")
    parser.add_argument("--sample-every", type=float, default=10.0)
    args = parser.parse_args()
    if not SAMPLE.exists():
        sys.exit(f"benchmark data not found: {SAMPLE}")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} (shared machine: other jobs run too)")
    with ExitStack() as stack:
        url = args.url or throwaway_database(stack)
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        inputs = write_inputs(args.articles, folder)
        config = Config()
        store = open_store(url)
        stack.callback(store.close)
        done: list[float] = []

        def stamp(outcome: Outcome) -> None:
            done.append(time.perf_counter())

        start = time.perf_counter()
        with MemorySampler(args.sample_every) as memory:
            summary = run_inputs(
                [str(inputs)], config, DaskBackend(config, f"local:{args.workers}"), store, store_url=url, on_outcome=stamp
            )
        wall = time.perf_counter() - start
        report(summary, store.counts(), wall, done, memory, args)


def throwaway_database(stack: ExitStack) -> str:
    sys.path.insert(0, str(ROOT / "tests"))
    from pg_cluster import cluster, create_database  # the test suite's throwaway cluster

    return create_database(stack.enter_context(cluster()))


def report(summary, counts: dict[str, int], wall: float, done: list[float], memory: MemorySampler, args) -> None:  # type: ignore[no-untyped-def]
    steady = (len(done) - 1) / (done[-1] - done[0]) if len(done) > 1 and done[-1] > done[0] else float("nan")
    print(f"{summary.articles} articles in {wall:.0f} s with start-up: {summary.articles / wall:.2f} articles/s; ")
    print(f"steady rate (first result to last): {steady:.2f} articles/s with {args.workers} workers")
    print(f"run: {summary.processed} processed, {summary.skipped} skipped, {summary.failed} failed; {dict(summary.counts)}")
    print(f"store: {counts}")
    checks = {
        "articles stored == inputs": counts["articles"] == args.articles,
        "events stored == events found": counts["events"] == summary.counts["events"],
        "quotes stored == quotes found": counts["quotes"] == summary.counts["quotes"],
    }
    for name, ok in checks.items():
        print(f"  {'ok ' if ok else 'BAD'} {name}")
    print("memory over time (MB): seconds, client, workers")
    for seconds, client, workers in memory.rows:
        print(f"  {seconds:7.0f} {client:7.0f}  {' '.join(f'{w:6.0f}' for w in workers)}")


if __name__ == "__main__":
    main()
