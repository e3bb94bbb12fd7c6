"""Reliability diagram of event confidence on the dev sets: per confidence bin, how many coded events and
the share whose type is the sentence's gold type (scikit-learn's `calibration_curve`).

    .venv/bin/python benchmarks/reliability.py [--out docs/event_reliability.csv]

Prints the bins as a text diagram and writes them as CSV. Dev figures: the model's thresholds were
picked on these sets.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import numpy as np
from sklearn.calibration import calibration_curve

from dragoman import build_pipeline
from dragoman.evaluation.events import Report, evaluate, read_gold

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
SETS = {
    "PLV dev": (SHARED / "plv_train" / "plv_train.jsonl", ROOT / "benchmarks" / "splits" / "plv_dev_ids.txt"),
    "PLOVER dev": (SHARED / "plover_gsr" / "dev.jsonl", None),
}
BINS = 10


def outcomes(report: Report) -> tuple[np.ndarray, np.ndarray]:
    pairs = [(e.confidence, t == o.gold.event) for o in report.outcomes for t, e in o.labelled()]
    return np.array([p for p, _ in pairs]), np.array([r for _, r in pairs], dtype=int)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "event_reliability.csv")
    args = parser.parse_args()
    pipeline = build_pipeline()
    rows: list[dict[str, object]] = []
    for name, (path, ids) in SETS.items():
        confidence, right = outcomes(evaluate(pipeline, read_gold(path, ids)))
        share, mean = calibration_curve(right, confidence, n_bins=BINS, strategy="uniform")
        counts = np.histogram(confidence, bins=BINS, range=(0.0, 1.0))[0]
        print(f"== {name}: {len(confidence)} events (confidence bin: mean confidence, share right, events)")
        lows = [i / BINS for i, n in enumerate(counts) if n]  # calibration_curve leaves out empty bins
        for low, m, r, n in zip(lows, mean, share, [n for n in counts if n], strict=True):
            print(f"  {low:.1f}-{low + 1 / BINS:.1f}  mean {m:.2f}  right {r:.2f}  {'#' * round(r * 40):40} {n}")
            rows.append({"set": name, "bin_from": low, "mean_confidence": round(m, 3), "share_right": round(r, 3), "events": n})
        above = confidence >= 0.8
        print(f"  confidence >= 0.8: {int(above.sum())} events, right {float(right[above].mean()):.3f}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=["set", "bin_from", "mean_confidence", "share_right", "events"])
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
