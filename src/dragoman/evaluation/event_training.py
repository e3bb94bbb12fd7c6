"""Training the learned event model (events/model.py) on the PLV train split, with scikit-learn.

1. The rules code each training sentence (the model off); each sentence's features include their types.
2. The sentence typer (logistic regression over PLV's 15 labels) is fitted on every training sentence;
   its out-of-fold probabilities (k-fold, fixed seed) stand for what it will say on unseen text.
3. The coder runs again with those probabilities and records every candidate event's features; a
   candidate is right when its type is the sentence's gold label (and it is not negated). The event
   scorer (binary logistic regression) is fitted on them: its probability is the event's confidence.

Never trained on the PLV dev split or the PLOVER gold records. Run by `scripts/train_events.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from spacy.tokens import Doc

from dragoman.evaluation.events import GoldRecord, read_gold
from dragoman.events.model import LABELS, RIGHT, EventModel, LinearModel, RuleProposal, feature_hash, label_of, sentence_features
from dragoman.pipeline import Pipeline
from dragoman.records import Article

ROOT = Path(__file__).resolve().parents[3]
PLV = ROOT.parent / "shared" / "data" / "plv_train" / "plv_train.jsonl"
SPLITS = ROOT / "benchmarks" / "splits"
SEED = 12


@dataclass(frozen=True)
class TrainingSettings:
    typer_c: float = 10.0  # inverse regularisation of the sentence typer (picked on dev: 0.3, 1, 3, 10, 30 tried)
    scorer_c: float = 1.0
    folds: int = 5
    keep: float = 0.2
    add: float = 0.2
    seed: int = SEED


@dataclass
class Parsed:
    """Training sentences parsed once, with the rules' reading (features of the whole record)."""

    records: list[GoldRecord]
    docs: list[Doc]
    rows: list[dict[str, float]] = field(default_factory=list)


def parse(pipeline: Pipeline, records: Sequence[GoldRecord]) -> Parsed:
    docs = list(pipeline.nlp.pipe([r.text for r in records], batch_size=64))
    parsed = Parsed(list(records), docs)
    model, pipeline.coder.model = pipeline.coder.model, None
    try:
        for record, doc in zip(records, docs, strict=True):
            result = pipeline.analyse(Article(id=record.id, text=record.text, date=record.day), doc)
            by_start = {t.idx: t for t in doc}
            proposals = [
                RuleProposal(label_of(e.plover) or "", e.confidence, by_start[e.trigger_start])
                for e in result.events
                if e.plover and e.trigger_start in by_start
            ]
            parsed.rows.append(sentence_features(doc[:], proposals))
    finally:
        pipeline.coder.model = model
    return parsed


def fit_linear(rows: Sequence[dict[str, float]], labels: Sequence[str], c: float, seed: int) -> LinearModel:
    vectorizer = DictVectorizer()
    inputs = vectorizer.fit_transform(rows)
    classifier = LogisticRegression(C=c, max_iter=5000, random_state=seed)
    classifier.fit(inputs, list(labels))
    return _as_arrays(vectorizer, classifier)


def _as_arrays(vectorizer: DictVectorizer, classifier: LogisticRegression) -> LinearModel:
    return LinearModel(
        vocabulary={str(k): int(v) for k, v in vectorizer.vocabulary_.items()},
        coef=np.asarray(classifier.coef_, dtype=np.float64).T.copy(),
        intercept=np.asarray(classifier.intercept_, dtype=np.float64).copy(),
        classes=tuple(str(c) for c in classifier.classes_),
    )


def out_of_fold(rows: Sequence[dict[str, float]], labels: Sequence[str], settings: TrainingSettings) -> list[dict[str, float]]:
    """The typer's probabilities for each training sentence from a typer that did not see it."""
    vectorizer = DictVectorizer()
    inputs = vectorizer.fit_transform(rows)
    folds = StratifiedKFold(settings.folds, shuffle=True, random_state=settings.seed)
    classifier = LogisticRegression(C=settings.typer_c, max_iter=5000, random_state=settings.seed)
    table = cross_val_predict(classifier, inputs, list(labels), cv=folds, method="predict_proba")
    classes = sorted(set(labels))
    return [dict(zip(classes, map(float, row), strict=True)) for row in table]


class FixedTyper:
    """Stands for the typer while the scorer's examples are gathered: every sentence of the current
    record gets that record's out-of-fold probabilities."""

    classes: tuple[str, ...] = LABELS

    def __init__(self) -> None:
        self.current: dict[str, float] = {}

    def predict_proba(self, rows: Sequence[dict[str, float]]) -> np.ndarray:
        return np.array([[self.current.get(c, 0.0) for c in self.classes] for _ in rows])


class Recorder:
    """Stands for the scorer while its examples are gathered: keeps every candidate's features."""

    classes: tuple[str, ...] = ("wrong", RIGHT)

    def __init__(self) -> None:
        self.rows: list[dict[str, float]] = []

    def predict_proba(self, rows: Sequence[dict[str, float]]) -> np.ndarray:
        self.rows += rows
        return np.tile([0.0, 1.0], (len(rows), 1))


def scorer_examples(
    pipeline: Pipeline, parsed: Parsed, probabilities: Sequence[dict[str, float]], add: float
) -> tuple[list[dict[str, float]], list[str]]:
    typer, recorder = FixedTyper(), Recorder()
    saved = pipeline.coder.model
    pipeline.coder.model = EventModel(typer, recorder, keep=0.0, add=add)
    labels: list[str] = []
    try:
        for record, doc, probs in zip(parsed.records, parsed.docs, probabilities, strict=True):
            typer.current = probs
            before = len(recorder.rows)
            pipeline.analyse(Article(id=record.id, text=record.text, date=record.day), doc)
            labels += [_right(row, record) for row in recorder.rows[before:]]
    finally:
        pipeline.coder.model = saved
    return recorder.rows, labels


def _right(row: dict[str, float], record: GoldRecord) -> str:
    return RIGHT if row.get(f"label={record.event}") and not row.get("negated") else "wrong"


def train_model(pipeline: Pipeline, records: Sequence[GoldRecord], settings: TrainingSettings) -> EventModel:
    parsed = parse(pipeline, records)
    labels = [r.event for r in parsed.records]
    typer = fit_linear(parsed.rows, labels, settings.typer_c, settings.seed)
    rows, right = scorer_examples(pipeline, parsed, out_of_fold(parsed.rows, labels, settings), settings.add)
    scorer = fit_linear(rows, right, settings.scorer_c, settings.seed)
    return EventModel(typer, scorer, keep=settings.keep, add=settings.add, trained_hash=feature_hash())


def with_thresholds(model: EventModel, keep: float, add: float) -> EventModel:
    return replace(model, keep=keep, add=add)


def plv_split(name: str, path: Path = PLV) -> list[GoldRecord]:
    """A frozen PLV split: `train` or `dev` (benchmarks/splits/plv_{name}_ids.txt)."""
    return read_gold(path, SPLITS / f"plv_{name}_ids.txt")
