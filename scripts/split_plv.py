"""Freeze the PLV dev split: run once; the id lists it writes are committed and never redrawn.

    .venv/bin/python scripts/split_plv.py [--data ../shared/data/plv_train/plv_train.jsonl]

The PLV train split (1,050 lines, 1,044 sentences: a sentence with several actor pairs repeats its id)
is split by sentence id, stratified by label, with a fixed seed: 80% train, 20% dev.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from sklearn.model_selection import train_test_split

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "plv_train" / "plv_train.jsonl"
OUT = ROOT / "benchmarks" / "splits"
SEED = 12


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    labels: dict[str, str] = {}
    with args.data.open(encoding="utf-8") as stream:
        for line in stream:
            if line.strip():
                row = json.loads(line)
                labels.setdefault(str(row["id"]), str(row["label"]))
    ids = sorted(labels)
    train, dev = train_test_split(ids, test_size=0.2, random_state=SEED, stratify=[labels[i] for i in ids])
    args.out.mkdir(parents=True, exist_ok=True)
    for name, part in (("plv_train_ids.txt", train), ("plv_dev_ids.txt", dev)):
        (args.out / name).write_text("".join(f"{i}\n" for i in sorted(part)), encoding="utf-8")
        print(f"wrote {args.out / name}: {len(part)} sentences")


if __name__ == "__main__":
    main()
