"""Actor resolution accuracy on the team's mention test set (tests/corpus/actors_team.jsonl), or on the
dated probe set (tests/corpus/actors_probes.jsonl: spelling variants, titles on a date, metonyms, agents,
bare given names, places).

.venv/bin/python benchmarks/actors.py [--probes] [--errors]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from dragoman import build_pipeline
from dragoman.evaluation.actors import evaluate_actors, read_cases, render_actors

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "corpus" / "actors_team.jsonl"
PROBES = CORPUS.with_name("actors_probes.jsonl")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--errors", action="store_true")
    parser.add_argument("--probes", action="store_true", help="score the dated probe set instead of the team set")
    args = parser.parse_args()
    cases = read_cases(PROBES if args.probes else CORPUS)
    print(render_actors(evaluate_actors(build_pipeline(), cases), errors=args.errors))


if __name__ == "__main__":
    main()
