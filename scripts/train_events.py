"""Rebuild the shipped event model (src/dragoman/data/models/events.npz) and its model card.

    .venv/bin/python scripts/train_events.py [--data ../shared/data/plv_train/plv_train.jsonl] [--out PATH]

Trains on the frozen PLV train split only (benchmarks/splits/plv_train_ids.txt), with a fixed seed, so
the same data gives the same model; then scores the PLV dev split and the PLOVER dev third and writes
both figures into the model card next to the model (events.md). A few minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from dragoman import build_pipeline, make_config
from dragoman.evaluation.event_training import PLV, SPLITS, TrainingSettings, train_model
from dragoman.evaluation.events import Report, evaluate, read_gold
from dragoman.events.model import MODEL_PATH, EventModel

ROOT = Path(__file__).resolve().parents[1]
PLOVER_DEV = ROOT.parent / "shared" / "data" / "plover_gsr" / "dev.jsonl"


def figures(name: str, report: Report, countries: bool) -> list[str]:
    above, n_above = report.precision_above(0.8)
    rows = [
        f"| {name} | gold type among events | {report.recall_any():.3f} |",
        f"| {name} | gold type is the top event | {report.recall_top():.3f} |",
        f"| {name} | wrong-type events per sentence | {report.wrong_per_sentence():.3f} |",
        f"| {name} | source span accuracy | {report.span_accuracy('source')[0]:.3f} |",
        f"| {name} | events with confidence >= 0.8 that are right | {above:.3f} (of {n_above}) |",
    ]
    if countries:
        rows.append(f"| {name} | source country accuracy | {report.country_accuracy('source')[0]:.3f} |")
    return rows


def card(model: EventModel, settings: TrainingSettings, rows: list[str], seconds: float) -> str:
    return "\n".join(
        [
            "# Event model card (events.npz)",
            "",
            "What: two logistic regressions (scikit-learn), stored as plain arrays (`.npz`, read without pickle).",
            "The sentence typer gives P(PLOVER label) for a sentence from its words, clause verbs and the rules'",
            "proposals; the event scorer gives each candidate event (rule event or the typer's reading) its",
            "confidence. Candidates under `keep` are dropped; the typer's reading is a candidate from `add` up.",
            "",
            "- Data: PLV train split (Hu et al., yibo-hu-lab/event-coding-reliability), the 835 sentences listed in",
            "  `benchmarks/splits/plv_train_ids.txt`. Licence: PLV: no licence stated, research use.",
            "  Never trained on the PLV dev split (209 sentences) or the PLOVER gold records.",
            f"- Seed: {settings.seed}; typer C={settings.typer_c}, scorer C={settings.scorer_c}, {settings.folds}-fold",
            f"  out-of-fold typer probabilities for the scorer; keep={model.keep}, add={model.add}.",
            f"- Feature hash: `{model.trained_hash}` (tests/test_event_model.py fails if the feature code changes).",
            f"- Rebuild: `.venv/bin/python scripts/train_events.py` ({seconds:.0f} s on the machine that made this file).",
            "",
            "Dev figures (dev figures, not unseen-text figures: unseen text scores lower):",
            "",
            "| set | measure | value |",
            "|---|---|---|",
            *rows,
            "",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=PLV)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args()
    settings = TrainingSettings()
    started = time.perf_counter()
    pipeline = build_pipeline(make_config(learned_typer=False))
    model = train_model(pipeline, read_gold(args.data, SPLITS / "plv_train_ids.txt"), settings)
    seconds = time.perf_counter() - started
    model.save(args.out)
    print(f"wrote {args.out} in {seconds:.0f} s")
    pipeline.coder.model = EventModel.load(args.out)
    rows = figures("PLV dev", evaluate(pipeline, read_gold(args.data, SPLITS / "plv_dev_ids.txt")), countries=False)
    if PLOVER_DEV.exists():
        rows += figures("PLOVER dev", evaluate(pipeline, read_gold(PLOVER_DEV)), countries=True)
    path = args.out.with_suffix(".md")
    path.write_text(card(model, settings, rows, seconds), encoding="utf-8")
    print("\n".join(rows))
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
