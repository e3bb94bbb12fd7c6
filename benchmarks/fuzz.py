"""Fuzz the readers and the pipeline at scale: prints crashes and offset errors per 10^4 inputs.

    .venv/bin/python benchmarks/fuzz.py                 # 20,000 texts and 20,000 files
    .venv/bin/python benchmarks/fuzz.py --examples 2000

The strategies are those of tests/test_fuzz.py (tests/fuzzing.py). A crash is an exception out of a
reader or out of `Pipeline.pipe`, or an article that failed inside the pipeline (E201, an internal
error); an offset error is a span whose offsets do not give its text; a write error is a record that
cannot be written as strict JSON in UTF-8. Every problem is counted, not raised, and the first few
are printed.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from dragoman import Article, build_pipeline
from dragoman.errors import InputError
from fuzzing import (
    article_problem,
    expected_jsonl_items,
    files,
    offset_errors,
    read_file,
    serialisation_error,
    texts,
)


def _settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        derandomize=True,
    )


def fuzz_pipeline(examples: int, tally: Counter[str], shown: list[str]) -> None:
    pipeline = build_pipeline()

    @_settings(examples)
    @given(texts)
    def one(text: str) -> None:
        tally["texts"] += 1
        try:
            [result] = list(pipeline.pipe([Article(id="fuzz", text=text, date=date(2021, 5, 17))]))
        except Exception as exc:  # counted, not raised: the point is the rate
            tally["pipeline crashes"] += 1
            shown.append(f"crash on {text!r}: {type(exc).__name__}: {exc}")
            return
        if result.status == "failed" and not (result.error or "").startswith("[E202]"):
            tally["pipeline crashes"] += 1
            shown.append(f"failed on {text!r}: {result.error}")
        errors = offset_errors(result)
        tally["offset errors"] += len(errors)
        tally["spans checked"] += len(result.events) * 3 + len(result.quotes) + sum(len(a.mentions) for a in result.actors)
        shown.extend(f"offset on {text!r}: {e}" for e in errors)
        if (problem := serialisation_error(result)) is not None:
            tally["write errors"] += 1
            shown.append(f"write on {text!r}: {problem}")

    one()


def fuzz_readers(examples: int, tally: Counter[str], shown: list[str]) -> None:
    @_settings(examples)
    @given(files)
    def one(file: tuple[str, bytes]) -> None:
        suffix, data = file
        tally["files"] += 1
        try:
            items = list(read_file(suffix, data))
        except Exception as exc:
            tally["reader crashes"] += 1
            shown.append(f"reader crash on {suffix} {data!r}: {type(exc).__name__}: {exc}")
            return
        tally["records read"] += len(items)
        tally["input errors reported"] += sum(isinstance(i, InputError) for i in items)
        for item in items:
            if isinstance(item, Article) and (problem := article_problem(item)) is not None:
                tally["unsafe articles"] += 1
                shown.append(f"unsafe article from {data!r}: {problem}")
        if suffix == ".jsonl" and len(items) != expected_jsonl_items(data):
            tally["dropped records"] += 1
            shown.append(f"dropped a record of {data!r}")

    one()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=20_000, help="texts and files to generate (each)")
    args = parser.parse_args()
    tally: Counter[str] = Counter()
    shown: list[str] = []
    began = time.perf_counter()
    fuzz_readers(args.examples, tally, shown)
    fuzz_pipeline(args.examples, tally, shown)
    seconds = time.perf_counter() - began

    def rate(count: str, of: str) -> str:
        return f"{tally[count]} ({tally[count] / max(tally[of], 1) * 1e4:.1f} per 10^4 {of})"

    print(f"files: {tally['files']}, records read: {tally['records read']}, reported as errors: {tally['input errors reported']}")
    print(
        f"reader crashes: {rate('reader crashes', 'files')}; unsafe articles: {tally['unsafe articles']}; "
        f"dropped records: {tally['dropped records']}"
    )
    print(f"texts: {tally['texts']}, spans checked: {tally['spans checked']}")
    print(
        f"pipeline crashes: {rate('pipeline crashes', 'texts')}; offset errors: {rate('offset errors', 'texts')}; "
        f"write errors: {rate('write errors', 'texts')}"
    )
    print(f"seconds: {seconds:.0f}")
    for line in shown[:10]:
        print("  " + line[:300])


if __name__ == "__main__":
    main()
