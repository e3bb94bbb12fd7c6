"""Train the quote models on PolNeAR's train split and write them into the package.

    .venv/bin/python scripts/train_quotes.py [--train DIR] [--cache DIR] [--held-out] [--dry-run]

Writes src/dragoman/data/lexicon/quote_cues_learned.yaml (cue counts) and src/dragoman/data/models/quotes.npz
(speaker and accept models, with the accept threshold). The dev split (polnear_dev) is never read here: it is
scored by benchmarks/quotes.py. Deterministic (fixed folds and seed): the same data gives the same files.
A few minutes on 2 cores, most of it spaCy parsing. The code is in dragoman.evaluation.quote_training.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from dragoman import build_pipeline, make_config
from dragoman.evaluation.quote_training import held_out, load, train_models, write_lexicon
from dragoman.quotes.extractor import load_quote_cues
from dragoman.quotes.learned import LEARNED_CUES_PATH, MODEL_PATH

TRAIN = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "polnear_train"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--train", type=Path, default=TRAIN, help="the PolNeAR train split (a folder of .json files)")
    parser.add_argument("--cache", type=Path, help="keep the parsed split here (a spaCy DocBin) for reruns")
    parser.add_argument("--held-out", action="store_true", help="also train on 4 folds and score the 5th, part by part")
    parser.add_argument("--dry-run", action="store_true", help="train and report, write nothing")
    args = parser.parse_args()
    started = time.time()
    pipeline = build_pipeline(make_config(learned_quotes=False))
    parsed = load(pipeline, args.train, args.cache)
    print(f"parsed {len(parsed)} articles in {time.time() - started:.0f}s")
    cues = load_quote_cues()
    if args.held_out:
        held_out(parsed, cues)
    trained = train_models(parsed, cues)
    if not args.dry_run:
        write_lexicon(trained.stats, LEARNED_CUES_PATH, len(parsed))
        trained.models.save(MODEL_PATH)
        print(f"wrote {LEARNED_CUES_PATH} and {MODEL_PATH} ({MODEL_PATH.stat().st_size} bytes)")
    print(f"done in {time.time() - started:.0f}s")


if __name__ == "__main__":
    main()
