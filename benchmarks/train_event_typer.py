"""Train the learned event typer on the team corpus and write src/dragoman/data/models/event_typer.npz.

    .venv/bin/python benchmarks/train_event_typer.py [--corpus tests/corpus/events_team.jsonl] [--out PATH]

Training is deterministic: the same corpus gives the same file. Never train on ../shared data.
"""

from __future__ import annotations

from dragoman.evaluation.typer_training import main

if __name__ == "__main__":
    main()
