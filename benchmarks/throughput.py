"""Throughput on the Guardian sample: dragoman end to end vs. bare spaCy parsing of the same texts.

    .venv/bin/python benchmarks/throughput.py [--limit N] [--batch-size B] [--pool-workers 2] [--pool-limit 16]

Prints articles/s, words/s and the throughput ratio (bare parse time / dragoman time) without start-up, both
measured in this run, in the same process, with the same spaCy settings; then the start-up of each side, timed
in fresh interpreters (dragoman with its compiled cache warm), and the ratio with start-up; then the peak
memory (RSS) of each worker of a process pool running the whole pipeline.
"""

from __future__ import annotations

import argparse
import csv
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import spacy

from dragoman import Article, build_pipeline, make_config
from dragoman.pipeline import Pipeline
from dragoman.runner import PoolBackend

SAMPLE = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "guardian_sample" / "guardian_sample.csv"


def load_texts(limit: int | None) -> list[str]:
    csv.field_size_limit(sys.maxsize)
    with SAMPLE.open(encoding="utf-8", newline="") as stream:
        texts = [row["text"] for row in csv.DictReader(stream) if row.get("text")]
    return texts[:limit] if limit else texts


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def stage_times(pipeline: Pipeline, articles: list[Article]) -> dict[str, float]:
    """Time each extraction stage on already parsed documents."""
    docs = list(pipeline.nlp.pipe([a.text for a in articles], batch_size=pipeline.config.batch_size))
    totals = {"actors": 0.0, "events": 0.0, "quotes": 0.0}
    for article, doc in zip(articles, docs, strict=True):
        start = time.perf_counter()
        mentions = pipeline.resolver.mentions(doc, article.date)
        middle = time.perf_counter()
        pipeline.coder.code(doc, mentions, article)
        end = time.perf_counter()
        pipeline.quotes.extract(doc, mentions, article)
        totals["actors"] += middle - start
        totals["events"] += end - middle
        totals["quotes"] += time.perf_counter() - end
    return totals


def startup_seconds(code: str, rounds: int = 3) -> float:
    """The best of `rounds` fresh interpreters running `code` (the first also warms the compiled cache)."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        best = min(best, time.perf_counter() - start)
    return best


def pool_worker_peaks(articles: list[Article], workers: int) -> dict[int, float]:
    """Peak RSS (MB) of each pool worker, sampled every 0.2 s while the pool runs the whole pipeline."""
    peaks: dict[int, float] = {}
    done = threading.Event()

    def sample() -> None:
        me = psutil.Process()
        while not done.is_set():
            for child in me.children(recursive=True):
                try:
                    if "resource_tracker" not in " ".join(child.cmdline()):
                        peaks[child.pid] = max(peaks.get(child.pid, 0.0), child.memory_info().rss / 2**20)
                except psutil.Error:
                    continue
            time.sleep(0.2)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    try:
        list(PoolBackend(build_config(None), workers).process(articles))
    finally:
        done.set()
        watcher.join()
    return peaks


def build_config(batch_size: int | None):  # type: ignore[no-untyped-def]
    return make_config(**({"batch_size": batch_size} if batch_size else {}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--batch-size", type=int, default=None)
    parser.add_argument("--pool-workers", type=int, default=2)
    parser.add_argument("--pool-limit", type=int, default=16, help="articles for the per-worker memory run")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    if not SAMPLE.exists():
        sys.exit(f"benchmark data not found: {SAMPLE}")
    texts = load_texts(args.limit)
    words = sum(len(t.split()) for t in texts)
    config = build_config(args.batch_size)
    pipeline = build_pipeline(config)  # sets thinc's ops (use_blis=False) before loading, as the product does
    bare = spacy.load(config.model)

    articles = [Article(id=str(i), text=t) for i, t in enumerate(texts)]
    list(bare.pipe(texts[:4]))  # warm up both
    list(pipeline.pipe(articles[:4]))

    bare_s, full_s, results = float("inf"), float("inf"), []
    for _ in range(args.rounds):  # alternate, and keep each side's best round: less noise from the machine
        start = time.perf_counter()
        for _doc in bare.pipe(texts, batch_size=config.batch_size):
            pass
        bare_s = min(bare_s, time.perf_counter() - start)
        start = time.perf_counter()
        results = list(pipeline.pipe(articles))
        full_s = min(full_s, time.perf_counter() - start)
    stages = stage_times(pipeline, articles)

    events = sum(len(r.events) for r in results)
    quotes = sum(len(r.quotes) for r in results)
    failed = sum(r.status == "failed" for r in results)
    print(f"texts: {len(texts)} articles, {words} words (batch_size={config.batch_size}, one process)")
    print(f"bare spaCy parse : {bare_s:7.2f} s  {len(texts) / bare_s:6.2f} articles/s  {words / bare_s:8.0f} words/s")
    print(f"dragoman         : {full_s:7.2f} s  {len(texts) / full_s:6.2f} articles/s  {words / full_s:8.0f} words/s")
    print(f"throughput ratio without start-up (bare time / dragoman time): {bare_s / full_s:.3f}  (goal >= 0.8)")
    print(f"output: {events} events, {quotes} quotes, {failed} failed articles")
    print(
        "extraction stages, as a share of bare parsing time: "
        + ", ".join(f"{k} {100 * v / bare_s:.1f}%" for k, v in stages.items())
    )
    print(f"peak memory (RSS) of this process (both pipelines loaded): {peak_mb():.0f} MB")
    bare_start = startup_seconds(f"import spacy; spacy.load({config.model!r})")
    full_start = startup_seconds("from dragoman import build_pipeline; build_pipeline()")
    print(f"start-up in a fresh interpreter: bare spaCy {bare_start:.2f} s, dragoman {full_start:.2f} s")
    ratio = (bare_start + bare_s) / (full_start + full_s)
    print(f"throughput ratio with start-up: {ratio:.3f}")
    peaks = pool_worker_peaks(articles[: args.pool_limit], args.pool_workers)
    listed = ", ".join(f"{mb:.0f} MB" for mb in sorted(peaks.values()))
    print(f"peak RSS per pool worker ({args.pool_workers} workers, {args.pool_limit} articles): {listed}  (goal < 1024 MB)")


if __name__ == "__main__":
    main()
