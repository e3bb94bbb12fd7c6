"""Parallel efficiency of the runner's backends on the Guardian sample: 1 and N workers, process pool and Dask.

    .venv/bin/python benchmarks/scaling.py [--limit 48] [--workers 1 2] [--backends pool dask]

Each run goes through `dragoman.runner.run_inputs`, as `dragoman extract` does (no store, no output). It prints
the wall time with start-up (workers loading their pipelines) and the steady rate: articles per second between
the results at a quarter and at three quarters of the run (results come in chunks, so the first and the last
are skewed). Parallel efficiency at N workers = rate(N) / (N x rate(1)), on steady rates.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from dragoman.config import Config
from dragoman.runner import Outcome, PoolBackend, run_inputs
from dragoman.runner.core import Backend

SAMPLE = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "guardian_sample" / "guardian_sample.csv"


def write_jsonl(limit: int, folder: Path) -> Path:
    csv.field_size_limit(sys.maxsize)
    with SAMPLE.open(encoding="utf-8", newline="") as stream:
        rows = [r for r in csv.DictReader(stream) if r.get("text")][:limit]
    path = folder / "guardian.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i, row in enumerate(rows):
            out.write(json.dumps({"id": f"g{i}", "text": row["text"], "date": row["date"][:10]}) + "\n")
    return path


def backend_for(kind: str, workers: int, config: Config) -> Backend:
    if kind == "pool":
        return PoolBackend(config, workers)
    from dragoman.runner.dask_backend import DaskBackend

    return DaskBackend(config, f"local:{workers}", chunk_bytes=16_000)  # ~3 articles a task: enough tasks to balance


def timed_run(path: Path, kind: str, workers: int) -> tuple[float, float, int]:
    """(wall seconds with start-up, steady articles/s, articles)."""
    config = Config()
    stamps: list[float] = []

    def stamp(outcome: Outcome) -> None:
        stamps.append(time.perf_counter())

    start = time.perf_counter()
    summary = run_inputs([str(path)], config, backend_for(kind, workers, config), progress=False, on_outcome=stamp)
    wall = time.perf_counter() - start
    first, last = len(stamps) // 4, 3 * len(stamps) // 4
    span = stamps[last] - stamps[first] if last > first else 0.0
    steady = (last - first) / span if span > 0 else float("nan")
    return wall, steady, summary.articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=48)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--backends", nargs="+", default=["pool", "dask"], choices=["pool", "dask"])
    args = parser.parse_args()
    if not SAMPLE.exists():
        sys.exit(f"benchmark data not found: {SAMPLE}")
    load = os.getloadavg()[0]
    print(f"machine: {os.cpu_count()} cores; load average {load:.1f} at start (shared machine: other jobs run too)")
    with tempfile.TemporaryDirectory() as folder:
        path = write_jsonl(args.limit, Path(folder))
        for kind in args.backends:
            rates: dict[int, float] = {}
            for workers in sorted(set(args.workers) | {1}):
                wall, steady, count = timed_run(path, kind, workers)
                rates[workers] = steady
                efficiency = steady / (workers * rates[1])
                print(
                    f"{kind:5} workers={workers:<3} {count} articles  wall {wall:7.1f} s (with start-up)  "
                    f"steady {steady:6.2f} articles/s  efficiency {100 * efficiency:5.1f}%"
                )
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
