"""Does the learned event typer help? The same figures with it off and on, in one run.

    .venv/bin/python benchmarks/learned.py [--folds 5] [--variants]

- PLOVER gold standard dev (held out; never trained or tuned on): the typer shipped in the package,
  which is trained on the whole team corpus.
- Team corpus: k-fold cross-validation; for each fold the typer is trained on the other folds and codes
  the held-out one. (In-sample figures would be meaningless: the typer has seen those sentences.)
- Cost: the typer's extra time per sentence as a share of the spaCy parse time.

--variants also prints each use of the typer alone (rank / drop / add) for the team cross-validation
and the dev set; the policy's numbers were chosen on the team cross-validation only.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace
from pathlib import Path

from dragoman import build_pipeline
from dragoman.evaluation.events import GoldRecord, Report, evaluate, load_country_map, read_gold
from dragoman.evaluation.typer_training import Example, examples_by_record, read_event_texts, train
from dragoman.events.learned import EventTyper, TyperPolicy
from dragoman.pipeline import Pipeline
from dragoman.records import Article

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "data" / "plover_gsr" / "dev.jsonl"
TEAM = ROOT / "tests" / "corpus" / "events_team.jsonl"
NEVER = 2.0  # a threshold no probability reaches
VARIANTS = {
    "rank only": lambda p: replace(p, drop_none=NEVER, add=NEVER),
    "drop only": lambda p: replace(p, blend=0.0, add=NEVER),
    "add only": lambda p: replace(p, blend=0.0, drop_none=NEVER),
}


def summary(report: Report) -> str:
    source, _ = report.country_accuracy("source")
    above, n_above = report.precision_above(0.8)
    return (
        f"macro-F1 {report.macro_f1():.3f} | any {report.recall_any():.3f} | top {report.recall_top():.3f} | "
        f"wrong/sentence {report.wrong_per_sentence():.3f} | source country {source:.3f} | "
        f"conf>=0.8 right {above:.3f} (of {n_above})"
    )


def cross_validated(
    pipeline: Pipeline, records: list[GoldRecord], per_record: list[list[Example]], folds: int, policy: TyperPolicy
) -> Report:
    """Train on k-1 folds, code the held-out fold; fold of record i is i mod k (the corpus is grouped by type)."""
    report = Report(country_map=load_country_map())
    saved = pipeline.coder.typer, pipeline.coder.policy
    try:
        pipeline.coder.policy = policy
        for fold in range(folds):
            training = [e for i, examples in enumerate(per_record) if i % folds != fold for e in examples]
            pipeline.coder.typer = train(training)
            held_out = [r for i, r in enumerate(records) if i % folds == fold]
            report.outcomes += evaluate(pipeline, held_out).outcomes
    finally:
        pipeline.coder.typer, pipeline.coder.policy = saved
    report.outcomes.sort(key=lambda o: records.index(o.gold))
    return report


def with_typer(pipeline: Pipeline, records: list[GoldRecord], typer: EventTyper | None, policy: TyperPolicy) -> Report:
    saved = pipeline.coder.typer, pipeline.coder.policy
    pipeline.coder.typer, pipeline.coder.policy = typer, policy
    try:
        return evaluate(pipeline, records)
    finally:
        pipeline.coder.typer, pipeline.coder.policy = saved


def cost(pipeline: Pipeline, records: list[GoldRecord], typer: EventTyper, repeats: int = 3) -> str:
    """Parse once (timed), then time the extraction stages on the parsed docs with the typer off and on."""
    articles = [Article(id=r.id, text=r.text, date=r.day) for r in records]
    start = time.perf_counter()
    docs = list(pipeline.nlp.pipe([a.text for a in articles], batch_size=64))
    parse = time.perf_counter() - start
    timings: dict[bool, float] = {}
    saved = pipeline.coder.typer
    try:
        for _ in range(repeats):
            for on in (False, True):
                pipeline.coder.typer = typer if on else None
                start = time.perf_counter()
                for article, doc in zip(articles, docs, strict=True):
                    pipeline.analyse(article, doc)
                timings[on] = min(timings.get(on, float("inf")), time.perf_counter() - start)
    finally:
        pipeline.coder.typer = saved
    extra = timings[True] - timings[False]
    return (
        f"{len(docs)} sentences: spaCy parse {parse:.2f} s; extraction {timings[False]:.2f} s off, {timings[True]:.2f} s on; "
        f"typer's extra time {extra * 1000 / len(docs):.2f} ms per sentence = {extra / parse:.1%} of the parse time"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--variants", action="store_true", help="also print rank / drop / add alone")
    args = parser.parse_args()
    pipeline = build_pipeline()
    shipped = EventTyper.load()
    policy = TyperPolicy()
    team = read_gold(TEAM)
    dev = read_gold(DEV) if DEV.exists() else []
    policies = {"on": policy} | ({name: make(policy) for name, make in VARIANTS.items()} if args.variants else {})

    print(f"policy: {policy}")
    if dev:
        print(f"\n== PLOVER gold standard, dev third ({len(dev)} sentences, held out; the shipped typer)")
        print(f"  {'off':10} {summary(with_typer(pipeline, dev, None, policy))}")
        for name, chosen in policies.items():
            print(f"  {name:10} {summary(with_typer(pipeline, dev, shipped, chosen))}")
    else:
        print(f"\n== PLOVER gold standard: not present ({DEV})")
    print(f"\n== team corpus ({len(team)} sentences, {args.folds}-fold cross-validation for 'on')")
    print(f"  {'off':10} {summary(with_typer(pipeline, team, None, policy))}")
    per_record = examples_by_record(pipeline, team, read_event_texts(TEAM))
    for name, chosen in policies.items():
        print(f"  {name:10} {summary(cross_validated(pipeline, team, per_record, args.folds, chosen))}")
    print("\n== cost")
    print("  " + cost(pipeline, dev + team, shipped))


if __name__ == "__main__":
    main()
