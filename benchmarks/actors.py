"""Actor resolution accuracy on the team's mention test set (tests/corpus/actors_team.jsonl).

.venv/bin/python benchmarks/actors.py [--errors]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from dragoman import build_pipeline
from dragoman.evaluation.actors import evaluate_actors, read_cases, render_actors

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "corpus" / "actors_team.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--errors", action="store_true")
    args = parser.parse_args()
    print(render_actors(evaluate_actors(build_pipeline(), read_cases(CORPUS)), errors=args.errors))


if __name__ == "__main__":
    main()
