"""Event-coding accuracy: the PLOVER gold-standard dev records and the team's own corpus.

    .venv/bin/python benchmarks/accuracy.py [--errors]

Every sentence is coded alone, with no article context. The PLOVER dev set is coded with the default
pipeline (rules and the learned typer) and with the rules alone. The team corpus is coded with the rules
alone: the typer is trained on it, so its figures with the typer come from cross-validation in
benchmarks/learned.py. The team's wire-style set (150 sentences in the style of 1990-2008 agency news)
was written after the rules and is not used to train the typer.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from dragoman import build_pipeline, make_config
from dragoman.evaluation.events import evaluate, read_gold, render

ROOT = Path(__file__).resolve().parents[1]
SETS = {
    "PLOVER gold standard, dev third": ROOT.parent / "shared" / "data" / "plover_gsr" / "dev.jsonl",
    "team corpus": ROOT / "tests" / "corpus" / "events_team.jsonl",
    "team wire-style set": ROOT / "tests" / "corpus" / "events_wire.jsonl",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--errors", action="store_true", help="list the sentences whose top event is wrong")
    args = parser.parse_args()
    default, rules = build_pipeline(), build_pipeline(make_config(learned_typer=False))
    runs = [
        ("PLOVER gold standard, dev third", "default: rules and learned typer", default),
        ("PLOVER gold standard, dev third", "rules alone", rules),
        ("team corpus", "rules alone", rules),
        ("team wire-style set", "default: rules and learned typer", default),
        ("team wire-style set", "rules alone", rules),
    ]
    for name, label, pipeline in runs:
        path = SETS[name]
        if not path.exists():
            print(f"== {name}: not present ({path})\n")
            continue
        print(f"== {name} ({path.name}), {label}")
        print(render(evaluate(pipeline, read_gold(path)), errors=args.errors))
        print()


if __name__ == "__main__":
    main()
