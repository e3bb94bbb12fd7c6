"""Event-coding accuracy on every labelled set, with the default pipeline (rules and the learned event
model) and with the rules alone.

    .venv/bin/python benchmarks/accuracy.py [--errors] [--full]

Every sentence is coded alone, with no article context. The learned model is trained on the PLV train
split only, so PLV dev and PLOVER dev are held out (dev figures: the model and its thresholds were
picked on them); the team corpus and the wire-style set are regression sets the model never saw.
`--full` prints each set's whole report (per-type tables, confusion, calibration).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from dragoman import build_pipeline, make_config
from dragoman.evaluation.events import Report, evaluate, read_gold, render

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
SETS = {
    "PLV dev": (SHARED / "plv_train" / "plv_train.jsonl", ROOT / "benchmarks" / "splits" / "plv_dev_ids.txt"),
    "PLOVER dev": (SHARED / "plover_gsr" / "dev.jsonl", None),
    "team corpus": (ROOT / "tests" / "corpus" / "events_team.jsonl", None),
    "wire-style set": (ROOT / "tests" / "corpus" / "events_wire.jsonl", None),
}


def line(name: str, label: str, report: Report) -> str:
    above, n_above = report.precision_above(0.8)
    return (
        f"{name:15} {label:8} any {report.recall_any():.3f} top {report.recall_top():.3f} "
        f"wrong/s {report.wrong_per_sentence():.3f} src-country {report.country_accuracy('source')[0]:.3f} "
        f"src-span {report.span_accuracy('source')[0]:.3f} macro-F1 {report.macro_f1():.3f} "
        f">=0.8 right {above:.3f} (of {n_above})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--errors", action="store_true", help="list the sentences whose top event is wrong")
    parser.add_argument("--full", action="store_true", help="print each whole report")
    args = parser.parse_args()
    pipelines = {"default": build_pipeline(), "rules": build_pipeline(make_config(learned_typer=False))}
    for name, (path, ids) in SETS.items():
        if not path.exists():
            print(f"{name}: not present ({path})")
            continue
        records = read_gold(path, ids)
        for label, pipeline in pipelines.items():
            report = evaluate(pipeline, records)
            print(line(name, label, report), flush=True)
            if args.full or args.errors:
                print(render(report, errors=args.errors), "\n")


if __name__ == "__main__":
    main()
