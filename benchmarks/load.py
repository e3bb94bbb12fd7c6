"""Load on the explorer: p50 and p99 latency of each JSON endpoint at concurrency 1, 20 and 200, on a store of
100,000 events (real articles processed once, then copied: tests/scale_store.py), while `dragoman extract`
writes into the same store.

    .venv/bin/python benchmarks/load.py [--events 100000] [--requests 200] [--input PATH]

It starts `dragoman serve` on 127.0.0.1 and an extract as separate processes, sends the requests from a
thread pool, and prints one line per endpoint and concurrency, then the number of errors (anything but a 200).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

ENDPOINTS = [
    "/api/overview",
    "/api/overview?start=2021-01-01&end=2021-12-31",
    "/api/network",
    "/api/events?page=20",
    "/api/events?plover=CONSULT&facets=true",
    "/api/events?actor=Antony%20Blinken",
    "/api/quotes?page=5",
    "/api/actors",
    "/api/articles?page=5",
    "/api/articles/seed",
    "/api/actors/antony-blinken",
    "/api/actor-suggestions?q=bli",
    "/api/search?q=ceasefire",
]
LEVELS = (1, 20, 200)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> tuple[float, int]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=300) as response:
            json.loads(response.read())
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except (OSError, ValueError):
        status = 0
    return time.perf_counter() - started, status


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if len(values) > 1 else values[0]


def build(path: Path, events: int) -> int:
    from dragoman import build_pipeline
    from scale_store import build_scale_store

    return build_scale_store(build_pipeline(), path, events)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200, help="requests per endpoint at concurrency 20 and 200")
    parser.add_argument("--serial-requests", type=int, default=20, help="requests per endpoint at concurrency 1")
    sample = ROOT.parent / "shared" / "data" / "guardian_sample" / "guardian_sample.csv"
    parser.add_argument("--input", default=str(sample), help="what the extract reads while the requests run")
    args = parser.parse_args()
    if not Path(args.input).exists():
        parser.error(f"--input {args.input}: not found (the extract that writes during the load reads it)")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    with tempfile.TemporaryDirectory(prefix="dragoman-load-") as folder:
        db = Path(folder) / "store.db"
        started = time.perf_counter()
        total = build(db, args.events)
        print(f"store: {total:,} events, built in {time.perf_counter() - started:.0f} s", flush=True)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        cli = [sys.executable, "-c", "from dragoman.cli import main; main()"]
        server = subprocess.Popen([*cli, "serve", "--db", str(db), "--port", str(port)], env=env, stderr=subprocess.DEVNULL)
        writer = None
        errors = 0
        try:
            for _ in range(600):
                if fetch(f"{base}/api/csrf")[1] == 200:
                    break
                time.sleep(0.5)
            writer = subprocess.Popen(
                [*cli, "extract", args.input, "--db", str(db)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            print(f"{'endpoint':48} {'conc.':>5} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}  extract writing")
            for level in LEVELS:
                for endpoint in ENDPOINTS:
                    with ThreadPoolExecutor(max_workers=level) as pool:
                        count = args.serial_requests if level == 1 else args.requests
                        answers = list(pool.map(fetch, [base + endpoint] * count))
                    times = [t * 1000 for t, _ in answers]
                    failed = sum(1 for _, status in answers if status != 200)
                    errors += failed
                    writing = "yes" if writer.poll() is None else "no (done)"
                    p50, p99 = percentile(times, 50), percentile(times, 99)
                    print(f"{endpoint:48} {level:5} {p50:8.0f} {p99:8.0f} {failed:6}  {writing}", flush=True)
        finally:
            for process in (p for p in (writer, server) if p is not None):
                if process.poll() is None:
                    process.kill()
                    process.wait(timeout=30)
        sent = len(ENDPOINTS) * (args.serial_requests + 2 * args.requests)
        print(f"errors: {errors} of {sent} requests")
        if writer is not None and writer.returncode not in (None, 0, -9):
            print(f"warning: the extract exited with status {writer.returncode}: the writes did not run throughout")


if __name__ == "__main__":
    main()
