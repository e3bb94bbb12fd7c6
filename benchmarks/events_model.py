"""Pick the learned event model by dev figures: train variants on the PLV train split, score each on the
PLV dev split and the PLOVER dev third, in one run (sentences parsed once).

    .venv/bin/python benchmarks/events_model.py [--typer-c C ...] [--scorer-c C ...] [--keep K ...] [--add A ...]

Prints one line per variant: rules alone, then each model. Never trains on either dev set.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace
from pathlib import Path

from dragoman import build_pipeline, make_config
from dragoman.evaluation.event_training import TrainingSettings, plv_split, train_model, with_thresholds
from dragoman.evaluation.events import GoldRecord, Report, evaluate, read_gold
from dragoman.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]
PLOVER_DEV = ROOT.parent / "shared" / "data" / "plover_gsr" / "dev.jsonl"


def summary(report: Report) -> str:
    source, _ = report.country_accuracy("source")
    span, _ = report.span_accuracy("source")
    target_span, _ = report.span_accuracy("target")
    above, n_above = report.precision_above(0.8)
    nothing = sum(1 for o in report.with_event() if not o.types)
    return (
        f"any {report.recall_any():.3f} top {report.recall_top():.3f} wrong/s {report.wrong_per_sentence():.3f} "
        f"src-country {source:.3f} src-span {span:.3f} tgt-span {target_span:.3f} none {nothing} "
        f">=0.8 right {above:.3f} (of {n_above})"
    )


def score(pipeline: Pipeline, sets: dict[str, tuple[list[GoldRecord], list]]) -> str:  # type: ignore[type-arg]
    return " || ".join(f"{name}: {summary(evaluate(pipeline, recs, docs))}" for name, (recs, docs) in sets.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--typer-c", type=float, nargs="+", default=[TrainingSettings.typer_c])
    parser.add_argument("--scorer-c", type=float, nargs="+", default=[TrainingSettings.scorer_c])
    parser.add_argument("--keep", type=float, nargs="+", default=[TrainingSettings.keep])
    parser.add_argument("--add", type=float, nargs="+", default=[TrainingSettings.add])
    args = parser.parse_args()
    pipeline = build_pipeline(make_config(learned_typer=False))
    sets = {}
    for name, records in (("PLV dev", plv_split("dev")), ("PLOVER dev", read_gold(PLOVER_DEV))):
        sets[name] = (records, list(pipeline.nlp.pipe([r.text for r in records])))
    train = plv_split("train")
    print(f"rules alone | {score(pipeline, sets)}", flush=True)
    for typer_c in args.typer_c:
        for scorer_c in args.scorer_c:
            settings = replace(TrainingSettings(), typer_c=typer_c, scorer_c=scorer_c, add=min(args.add))
            started = time.perf_counter()
            model = train_model(pipeline, train, settings)
            took = time.perf_counter() - started
            for keep in args.keep:
                for add in args.add:
                    pipeline.coder.model = with_thresholds(model, keep, add)
                    label = f"typer C={typer_c} scorer C={scorer_c} keep={keep} add={add}"
                    print(f"{label} ({took:.0f}s) | {score(pipeline, sets)}", flush=True)
    pipeline.coder.model = None


if __name__ == "__main__":
    main()
