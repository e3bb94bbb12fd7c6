"""Training the learned event typer (events/learned.py): examples from a labelled corpus and the fit.

Sits above the pipeline: it codes the corpus with the rules to build each trigger's features.

    .venv/bin/python benchmarks/train_event_typer.py [--corpus tests/corpus/events_team.jsonl] [--out PATH]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.tokens import Token

from dragoman.evaluation.events import GoldRecord, read_gold
from dragoman.events.learned import (
    CLASSES,
    CONTENT_POS,
    MODEL_PATH,
    NO_EVENT,
    EventTyper,
    candidate_tokens,
    rule_types_by_token,
    softmax,
    token_features,
)
from dragoman.pipeline import Pipeline, build_pipeline
from dragoman.records import Article

TEAM_CORPUS = Path(__file__).resolve().parents[3] / "tests" / "corpus" / "events_team.jsonl"


@dataclass(frozen=True)
class Example:
    features: tuple[str, ...]
    label: str


def train(
    examples: Sequence[Example],
    *,
    min_count: int = 2,
    epochs: int = 150,
    rate: float = 0.05,
    l2: float = 1e-4,
) -> EventTyper:
    """Full-batch Adam on the softmax loss with L2; zero start and fixed order, so the result is deterministic."""
    counts = Counter(f for e in examples for f in set(e.features))
    names = sorted(f for f, n in counts.items() if n >= min_count)
    vocabulary = {f: i for i, f in enumerate(names)}
    index = {c: i for i, c in enumerate(CLASSES)}
    inputs = _design(examples, vocabulary)
    n, k = len(examples), len(CLASSES)
    onehot = np.zeros((n, k), dtype=np.float32)
    onehot[np.arange(n), [index[e.label] for e in examples]] = 1.0
    params = [np.zeros((len(names), k), dtype=np.float32), np.zeros(k, dtype=np.float32)]
    moments = [[np.zeros_like(p), np.zeros_like(p)] for p in params]
    for step in range(1, epochs + 1):
        delta = (softmax(inputs @ params[0] + params[1]) - onehot) / n
        grads = [inputs.T @ delta + l2 * params[0], delta.sum(axis=0)]
        for param, grad, moment in zip(params, grads, moments, strict=True):
            moment[0] = 0.9 * moment[0] + 0.1 * grad
            moment[1] = 0.999 * moment[1] + 0.001 * grad * grad
            corrected = moment[0] / (1 - 0.9**step)
            param -= rate * corrected / (np.sqrt(moment[1] / (1 - 0.999**step)) + 1e-8)
    return EventTyper(vocabulary, params[0].astype(np.float64), params[1].astype(np.float64))


def _design(examples: Sequence[Example], vocabulary: dict[str, int]) -> np.ndarray:
    """Binary example-by-feature matrix (dense: a corpus of a few thousand examples fits easily)."""
    inputs = np.zeros((len(examples), len(vocabulary)), dtype=np.float32)
    for r, example in enumerate(examples):
        inputs[r, [vocabulary[f] for f in example.features if f in vocabulary]] = 1.0
    return inputs


# ---- examples from a labelled corpus ---------------------------------------------------------------
def gold_tokens(text: str, event_text: str, tokens: Iterable[Token]) -> set[int]:
    """Indices of the tokens that state the gold event: its `eventText`, found in the sentence."""
    words = event_text.split()
    if not words:
        return set()
    start = text.find(event_text)
    if start >= 0:
        end = start + len(event_text)
        return {t.i for t in tokens if t.idx < end and t.idx + len(t.text) > start}
    lowered = {w.lower() for w in words}
    return {t.i for t in tokens if t.lower_ in lowered and t.pos_ in CONTENT_POS}


def examples_by_record(pipeline: Pipeline, records: Sequence[GoldRecord], event_texts: dict[str, str]) -> list[list[Example]]:
    """Code each labelled sentence with the rules alone; each rule trigger and each other clause verb is an
    example, labelled by `_label`."""
    typer, pipeline.coder.typer = pipeline.coder.typer, None
    try:
        found: list[list[Example]] = []
        texts = [r.text for r in records]
        for record, doc in zip(records, pipeline.nlp.pipe(texts, batch_size=64), strict=True):
            result = pipeline.analyse(Article(id=record.id, text=record.text, date=record.day), doc)
            rule_types = rule_types_by_token(doc, result.events)
            gold = gold_tokens(record.text, event_texts.get(record.id, ""), doc) if record.event != NO_EVENT else set()
            tokens = [doc[i] for i in sorted(rule_types)]
            tokens += [t for t in candidate_tokens(doc) if t.i not in rule_types]
            labels = [_label(t, record.event, gold, rule_types) for t in tokens]
            pairs = zip(tokens, labels, strict=True)
            found.append([Example(tuple(token_features(t, rule_types.get(t.i))), label) for t, label in pairs])
        return found
    finally:
        pipeline.coder.typer = typer


def _label(token: Token, event: str, gold: set[int], rule_types: dict[int, str]) -> str:
    """The sentence's type for a token of its gold event text, and for another trigger the rules gave
    that same type ("attacked a checkpoint, killing four soldiers": "killing" states the assault too);
    NONE for every other token."""
    if event != NO_EVENT and (token.i in gold or rule_types.get(token.i) == event):
        return event
    return NO_EVENT


def read_event_texts(path: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    with path.open(encoding="utf-8") as stream:
        for number, line in enumerate(stream, start=1):
            if line.strip():
                raw = json.loads(line)
                found[str(raw.get("id") or number)] = str(raw.get("eventText") or "")
    return found


def train_from_corpus(pipeline: Pipeline, path: Path = TEAM_CORPUS) -> EventTyper:
    per_record = examples_by_record(pipeline, read_gold(path), read_event_texts(path))
    return train([e for examples in per_record for e in examples])


def main(argv: Sequence[str] | None = None) -> None:
    """Train the event typer on the team corpus (never on the PLOVER gold standard) and write its weights."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--corpus", type=Path, default=TEAM_CORPUS, help="labelled sentences with eventText")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args(argv)
    typer = train_from_corpus(build_pipeline(), args.corpus)
    typer.save(args.out)
    print(f"wrote {args.out}: {len(typer.vocabulary)} features x {len(typer.classes)} classes")
