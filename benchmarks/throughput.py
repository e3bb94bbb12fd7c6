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
from dragoman.pipeline import Pipeline

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--batch-size", type=int, default=None)
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=2)
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

    bare_s, full_s, results = float("inf"), float("inf"), []
    for _ in range(args.rounds):  # alternate, and keep each side's best round: less noise from the machine
        start = time.perf_counter()
        for _doc in bare.pipe(texts, batch_size=config.batch_size, n_process=config.n_process):
            pass
        bare_s = min(bare_s, time.perf_counter() - start)
        start = time.perf_counter()
        results = list(pipeline.pipe(articles))
        full_s = min(full_s, time.perf_counter() - start)
    stages = stage_times(pipeline, articles)

    events = sum(len(r.events) for r in results)
    quotes = sum(len(r.quotes) for r in results)
    failed = sum(r.status == "failed" for r in results)
    print(f"texts: {len(texts)} articles, {words} words (batch_size={config.batch_size}, n_process={config.n_process})")
    print(f"bare spaCy parse : {bare_s:7.2f} s  {len(texts) / bare_s:6.2f} articles/s  {words / bare_s:8.0f} words/s")
    print(f"dragoman         : {full_s:7.2f} s  {len(texts) / full_s:6.2f} articles/s  {words / full_s:8.0f} words/s")
    print(f"ratio dragoman / bare parse: {full_s / bare_s:.3f}  (extraction adds {100 * (full_s / bare_s - 1):.1f}%)")
    print(f"output: {events} events, {quotes} quotes, {failed} failed articles")
    print(
        "extraction stages, as a share of bare parsing time: "
        + ", ".join(f"{k} {100 * v / bare_s:.1f}%" for k, v in stages.items())
    )
    print(f"peak memory (RSS): {peak_mb():.0f} MB")


if __name__ == "__main__":
    main()
