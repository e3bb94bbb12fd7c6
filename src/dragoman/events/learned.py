"""A learned event typer: multinomial logistic regression over a trigger's parse context.

The rule coder proposes events; this classifier reads the context of each proposed trigger (and of the
other verbs of a sentence) and says which PLOVER type, or none, the sentence states there. The coder
uses it to rank, drop and add events (see `EventCoder._learned`). Plain numpy, CPU only; the weights are
a small data file trained from the team corpus alone:

    .venv/bin/python benchmarks/train_event_typer.py [--corpus tests/corpus/events_team.jsonl] [--out PATH]
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from spacy.tokens import Token

from dragoman.data import DATA_DIR
from dragoman.ontology import PLOVER_TYPES
from dragoman.records import Event
from dragoman.sentences import sentence_of

if TYPE_CHECKING:
    from dragoman.evaluate import GoldRecord
    from dragoman.pipeline import Pipeline

NO_EVENT = "NONE"
CLASSES: tuple[str, ...] = (*PLOVER_TYPES, NO_EVENT)
MODEL_PATH = DATA_DIR / "models" / "event_typer.npz"
TEAM_CORPUS = Path(__file__).resolve().parents[3] / "tests" / "corpus" / "events_team.jsonl"
WINDOW = 3
CONTENT_POS = {"VERB", "NOUN", "PROPN", "ADJ"}
MODAL_WORDS = {"will", "would", "to", "must", "should", "could", "may", "might", "can", "not", "n't", "never", "no"}
CANDIDATE_DEPS = {"ROOT", "ccomp", "xcomp", "conj", "advcl", "relcl", "acl", "pcomp"}
# CAMEO code of an event the classifier adds, by PLOVER type: the type's general code
DEFAULT_CODES = {
    "AGREE": "030",
    "CONSULT": "040",
    "SUPPORT": "050",
    "COOPERATE": "060",
    "AID": "070",
    "RETREAT": "084",
    "REQUEST": "020",
    "ACCUSE": "112",
    "REJECT": "120",
    "THREATEN": "130",
    "PROTEST": "140",
    "SANCTION": "160",
    "MOBILIZE": "150",
    "COERCE": "172",
    "ASSAULT": "190",
    "CONCEDE": "080",
}


@dataclass(frozen=True)
class TyperPolicy:
    """How the coder uses the typer's probabilities (chosen by cross-validation on the team corpus)."""

    blend: float = 0.25  # confidence = (1 - blend) * rule confidence + blend * P(event's type)
    drop_none: float = 0.85  # drop an event whose trigger is P(NONE) >= this ...
    drop_support: float = 0.1  # ... and P(event's type) <= this
    add: float = 0.3  # add the best-supported verb's event where the rules coded none (above 1: never)
    added_confidence: float = 0.6  # an added event's confidence is this times its probability


# ---- features ------------------------------------------------------------------------------------
def token_features(token: Token, rule_type: str | None) -> list[str]:
    """Feature names for one trigger (or candidate verb) and the type the rules gave it (None: no rule event)."""
    lemma = token.lemma_.lower()
    rule = rule_type or NO_EVENT
    found = [
        "bias",
        f"rule={rule}",
        f"lemma={lemma}",
        f"rule+lemma={rule}|{lemma}",
        f"pos={token.pos_}",
        f"dep={token.dep_}",
        f"rule+dep={rule}|{token.dep_}",
        f"head={token.head.lemma_.lower()}",
        f"dep+head={token.dep_}|{token.head.lemma_.lower()}",
    ]
    for child in token.children:
        found.append(f"child={child.dep_}|{child.lemma_.lower()}")
        if child.ent_type_:
            found.append(f"child_ent={child.dep_}|{child.ent_type_}")
        if child.dep_ in ("neg", "aux", "auxpass") or child.lower_ in MODAL_WORDS:
            found.append(f"modal={child.lower_}")
        for grandchild in child.children:
            if grandchild.dep_ == "pobj":
                found.append(f"pobj={child.lower_}|{grandchild.lemma_.lower()}")
    if token.head.i != token.i:
        found += [f"head_child={c.dep_}|{c.lemma_.lower()}" for c in token.head.children if c.dep_ in ("neg", "aux", "dobj")]
    doc = token.doc
    for i in range(max(0, token.i - WINDOW), min(len(doc), token.i + WINDOW + 1)):
        if i != token.i:
            found.append(f"win{'-' if i < token.i else '+'}={doc[i].lemma_.lower()}")
    found += [f"bag={t.lemma_.lower()}" for t in sentence_of(token) if t.pos_ in CONTENT_POS and t.i != token.i]
    return found


def candidate_tokens(doc_tokens: Iterable[Token]) -> list[Token]:
    """Verbs heading a clause: where a sentence may state an event the rules did not code."""
    return [t for t in doc_tokens if t.pos_ == "VERB" and t.dep_ in CANDIDATE_DEPS]


# ---- the model -------------------------------------------------------------------------------------
@dataclass
class EventTyper:
    """P(PLOVER type or NONE | features) by multinomial logistic regression over a fixed vocabulary."""

    vocabulary: dict[str, int]
    weights: np.ndarray  # (features, classes)
    bias: np.ndarray  # (classes,)
    classes: tuple[str, ...] = CLASSES
    _index: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._index = {c: i for i, c in enumerate(self.classes)}

    def probabilities(self, features: Sequence[str]) -> dict[str, float]:
        rows = [self.vocabulary[f] for f in features if f in self.vocabulary]
        scores = self.bias + self.weights[rows].sum(axis=0)
        return dict(zip(self.classes, _softmax(scores[None, :])[0].tolist(), strict=True))

    def classify(self, token: Token, rule_type: str | None) -> dict[str, float]:
        return self.probabilities(token_features(token, rule_type))

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        names = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        np.savez_compressed(
            path,
            vocabulary=np.array(names, dtype=str),
            weights=self.weights.astype(np.float32),
            bias=self.bias.astype(np.float32),
            classes=np.array(self.classes, dtype=str),
        )

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> EventTyper:
        with np.load(path, allow_pickle=False) as data:
            names = [str(n) for n in data["vocabulary"]]
            return cls(
                vocabulary={n: i for i, n in enumerate(names)},
                weights=data["weights"].astype(np.float64),
                bias=data["bias"].astype(np.float64),
                classes=tuple(str(c) for c in data["classes"]),
            )


def _softmax(scores: np.ndarray) -> np.ndarray:
    shifted = np.exp(scores - scores.max(axis=1, keepdims=True))
    return np.asarray(shifted / shifted.sum(axis=1, keepdims=True))


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
        delta = (_softmax(inputs @ params[0] + params[1]) - onehot) / n
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
    from dragoman.records import Article

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


def rule_types_by_token(doc: Iterable[Token], events: Iterable[Event], by_start: dict[int, int] | None = None) -> dict[int, str]:
    """Token index of each event's trigger -> the PLOVER type of its most confident event (`by_start`:
    character offset -> token index, when the caller has it already)."""
    by_start = by_start if by_start is not None else {t.idx: t.i for t in doc}
    best: dict[int, tuple[float, str]] = {}
    for event in events:
        i = by_start.get(event.trigger_start)
        if event.plover is None or i is None:
            continue
        if i not in best or best[i][0] < event.confidence:
            best[i] = (event.confidence, event.plover)
    return {i: plover for i, (_, plover) in best.items()}


def read_event_texts(path: Path) -> dict[str, str]:
    import json

    found: dict[str, str] = {}
    with path.open(encoding="utf-8") as stream:
        for number, line in enumerate(stream, start=1):
            if line.strip():
                raw = json.loads(line)
                found[str(raw.get("id") or number)] = str(raw.get("eventText") or "")
    return found


def train_from_corpus(pipeline: Pipeline, path: Path = TEAM_CORPUS) -> EventTyper:
    from dragoman.evaluate import read_gold

    per_record = examples_by_record(pipeline, read_gold(path), read_event_texts(path))
    return train([e for examples in per_record for e in examples])


def main(argv: Sequence[str] | None = None) -> None:
    """Train the event typer on the team corpus (never on the PLOVER gold standard) and write its weights."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--corpus", type=Path, default=TEAM_CORPUS, help="labelled sentences with eventText")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args(argv)
    from dragoman.pipeline import build_pipeline

    typer = train_from_corpus(build_pipeline(), args.corpus)
    typer.save(args.out)
    print(f"wrote {args.out}: {len(typer.vocabulary)} features x {len(typer.classes)} classes")
