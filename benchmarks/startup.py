"""Start-up of the commands a user types, timed like hyperfine: fresh processes, best and median of N runs.

    .venv/bin/python benchmarks/startup.py [--runs 5]

The first run of each command may also build the compiled cache (dragoman.data.compiled); it is a warm-up and
not counted. Targets: `actors lookup` < 1.5 s, `extract` of one short article < 4 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ARTICLE = "Turkish President Recep Tayyip Erdogan telephoned Russian President Vladimir Putin on Friday.\n"


def timed(command: list[str], runs: int) -> list[float]:
    subprocess.run(command, check=True, capture_output=True)  # warm-up: page cache and compiled cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} (shared machine: other jobs run too)")
    dragoman = [sys.executable, "-m", "dragoman"]
    with tempfile.TemporaryDirectory() as folder:
        article = Path(folder) / "short.txt"
        article.write_text(ARTICLE, encoding="utf-8")
        commands = {
            "actors lookup 'Antony Blinken'": [*dragoman, "actors", "lookup", "Antony Blinken", "--date", "2021-05-17"],
            "extract one short article": [*dragoman, "extract", str(article), "--date", "2020-03-06", "--quiet"],
            "python -c pass (the interpreter alone)": [sys.executable, "-c", "pass"],
        }
        for name, command in commands.items():
            times = timed(command, args.runs)
            print(f"{name:40} best {min(times):5.2f} s  median {statistics.median(times):5.2f} s  ({args.runs} runs)")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
