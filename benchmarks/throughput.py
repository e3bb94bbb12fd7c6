"""Throughput on the Guardian sample: dragoman end to end vs. bare spaCy parsing of the same texts.

    .venv/bin/python benchmarks/throughput.py [--limit N] [--batch-size B] [--n-process P]

Prints articles/s, words/s, peak memory and the ratio of dragoman's time to bare parsing time,
both measured in this run, in the same process, with the same spaCy settings.
"""

from __future__ import annotations

import argparse
import csv
import resource
import sys
import time
from pathlib import Path

import spacy

from dragoman import Article, build_pipeline, make_config

SAMPLE = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "guardian_sample" / "guardian_sample.csv"


def load_texts(limit: int | None) -> list[str]:
    csv.field_size_limit(sys.maxsize)
    with SAMPLE.open(encoding="utf-8", newline="") as stream:
        texts = [row["text"] for row in csv.DictReader(stream) if row.get("text")]
    return texts[:limit] if limit else texts


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--batch-size", type=int, default=None)
    parser.add_argument("--n-process", type=int, default=1)
    args = parser.parse_args()
    if not SAMPLE.exists():
        sys.exit(f"benchmark data not found: {SAMPLE}")
    texts = load_texts(args.limit)
    words = sum(len(t.split()) for t in texts)
    config = make_config(**{k: v for k, v in {"batch_size": args.batch_size, "n_process": args.n_process}.items() if v})
    pipeline = build_pipeline(config)  # sets thinc's ops (use_blis=False) before loading, as the product does
    bare = spacy.load(config.model)

    articles = [Article(id=str(i), text=t) for i, t in enumerate(texts)]
    list(bare.pipe(texts[:4]))  # warm up both
    list(pipeline.pipe(articles[:4]))

    start = time.perf_counter()
    for _ in bare.pipe(texts, batch_size=config.batch_size, n_process=config.n_process):
        pass
    bare_s = time.perf_counter() - start

    start = time.perf_counter()
    results = list(pipeline.pipe(articles))
    full_s = time.perf_counter() - start

    events = sum(len(r.events) for r in results)
    quotes = sum(len(r.quotes) for r in results)
    failed = sum(r.status == "failed" for r in results)
    print(f"texts: {len(texts)} articles, {words} words (batch_size={config.batch_size}, n_process={config.n_process})")
    print(f"bare spaCy parse : {bare_s:7.2f} s  {len(texts) / bare_s:6.2f} articles/s  {words / bare_s:8.0f} words/s")
    print(f"dragoman         : {full_s:7.2f} s  {len(texts) / full_s:6.2f} articles/s  {words / full_s:8.0f} words/s")
    print(f"ratio dragoman / bare parse: {full_s / bare_s:.3f}  (extraction adds {100 * (full_s / bare_s - 1):.1f}%)")
    print(f"output: {events} events, {quotes} quotes, {failed} failed articles")
    print(f"peak memory (RSS): {peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
