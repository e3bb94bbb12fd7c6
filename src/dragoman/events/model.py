"""The learned event model: a sentence typer and an event scorer, two linear models read from one file.

- The **sentence typer** reads a sentence (its lemmas, bigrams, clause verbs and their objects, and the
  types the rules proposed there) and gives P(label) over PLV's 15 labels (CONCEDE and RETREAT are one
  label, YIELD).
- The **event scorer** reads one candidate event (a rule event, or the typer's own reading where no rule
  event has that type) with the typer's probabilities and says how likely it is right. Its output is the
  event's confidence; candidates under `keep` are dropped.

Both are scikit-learn logistic regressions fitted by `scripts/train_events.py` (in
`dragoman.evaluation.event_training`, above the pipeline). The file holds only arrays (`.npz`, read with
`allow_pickle=False`): loading runs no code. `feature_hash()` fingerprints the feature code; the shipped
file records the hash it was trained with, and a test fails when they differ.
"""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Protocol

import numpy as np
from spacy.tokens import Span, Token

from dragoman.data import DATA_DIR
from dragoman.errors import DataFileError
from dragoman.ontology import PLOVER_TYPES

MODEL_PATH = DATA_DIR / "models" / "events.npz"
YIELD = "YIELD"
RIGHT = "right"  # the scorer's class for a right event
YIELD_TYPES = ("CONCEDE", "RETREAT")
LABELS: tuple[str, ...] = tuple(sorted({YIELD if t in YIELD_TYPES else t for t in PLOVER_TYPES}))
CLAUSE_DEPS = ("ROOT", "ccomp", "xcomp", "conj", "advcl", "relcl", "acl", "pcomp", "parataxis")
SKIP_POS = ("PUNCT", "SPACE", "NUM", "DET", "SYM")
ENTITY_TYPES = ("GPE", "NORP", "ORG", "PERSON", "LOC", "FAC")
# What is an event's CAMEO code when the model adds it: the type's general code
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


def label_of(plover: str | None) -> str | None:
    """A PLOVER type in the typer's label set (CONCEDE and RETREAT are YIELD)."""
    return YIELD if plover in YIELD_TYPES else plover


@dataclass(frozen=True, slots=True)
class RuleProposal:
    """One rule event in a sentence, as the models see it."""

    label: str
    confidence: float
    trigger: Token


# ---- features ------------------------------------------------------------------------------------
def sentence_features(sentence: Span, proposals: Sequence[RuleProposal]) -> dict[str, float]:
    """Features of a sentence for the typer: words, clause verbs with their arguments, and the rules' types."""
    found: dict[str, float] = {"bias": 1.0}
    words = [t.lemma_.lower() for t in sentence if t.pos_ not in SKIP_POS]
    for word in words:
        found[f"w={word}"] = 1.0
    for first, second in pairwise(words):
        found[f"b={first}_{second}"] = 1.0
    for token in sentence:
        if token.pos_ in ("VERB", "AUX") and token.dep_ in CLAUSE_DEPS:
            _verb_features(token, found)
        elif token.ent_type_ in ENTITY_TYPES and token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj"):
            found[f"ent={token.dep_}|{token.ent_type_}"] = 1.0
    best = max(proposals, key=lambda p: p.confidence, default=None)
    for proposal in proposals:
        found[f"rule={proposal.label}"] = 1.0
        found[f"rule+lemma={proposal.label}|{proposal.trigger.lemma_.lower()}"] = 1.0
    if best is not None:
        found[f"rule_best={best.label}"] = 1.0
    else:
        found["rule=NONE"] = 1.0
    return found


def _verb_features(verb: Token, found: dict[str, float]) -> None:
    lemma = verb.lemma_.lower()
    found[f"v={lemma}"] = 1.0
    found[f"v+dep={lemma}|{verb.dep_}"] = 1.0
    for child in verb.children:
        if child.dep_ in ("dobj", "attr", "oprd"):
            found[f"vo={lemma}|{child.lemma_.lower()}"] = 1.0
        elif child.dep_ in ("prep", "prt", "agent"):
            found[f"vp={lemma}|{child.lower_}"] = 1.0
        elif child.dep_ in ("xcomp", "ccomp"):
            found[f"vc={lemma}|{child.lemma_.lower()}"] = 1.0
        elif child.dep_ in ("neg", "aux") and child.lower_ in ("not", "n't", "never", "will", "would", "could", "may"):
            found[f"vm={child.lower_}"] = 1.0


def event_features(
    label: str, probabilities: dict[str, float], rule_confidence: float | None, trigger: Token, rule_labels: int, negated: bool
) -> dict[str, float]:
    """Features of one candidate event for the scorer: how the typer and the rules see it."""
    p = probabilities.get(label, 0.0)
    top = max(probabilities.values(), default=0.0)
    added = rule_confidence is None
    return {
        "bias": 1.0,
        "p": p,
        "p_is_top": float(p >= top),
        "p_gap": top - p,
        "rule_confidence": rule_confidence or 0.0,
        "added": float(added),
        "added_p": p if added else 0.0,
        "rule_labels": float(rule_labels),
        "negated": float(negated),
        f"dep={trigger.dep_}": 1.0,
        f"pos={trigger.pos_}": 1.0,
        f"label={label}": 1.0,
    }


def feature_hash() -> str:
    """A fingerprint of the feature code and label set: a model trained with other features is stale."""
    parts = [inspect.getsource(f) for f in (sentence_features, _verb_features, event_features)]
    parts += [repr(LABELS), repr(CLAUSE_DEPS), repr(SKIP_POS), repr(ENTITY_TYPES)]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:16]


# ---- the models ----------------------------------------------------------------------------------
class Classifier(Protocol):
    @property
    def classes(self) -> tuple[str, ...]: ...

    def predict_proba(self, rows: Sequence[dict[str, float]]) -> np.ndarray: ...


@dataclass(frozen=True)
class LinearModel:
    """A fitted logistic regression as arrays: `coef` is (features, outputs); one output means binary."""

    vocabulary: dict[str, int]
    coef: np.ndarray
    intercept: np.ndarray
    classes: tuple[str, ...]

    def predict_proba(self, rows: Sequence[dict[str, float]]) -> np.ndarray:
        scores = np.tile(self.intercept, (len(rows), 1))
        for r, row in enumerate(rows):
            for name, value in row.items():
                i = self.vocabulary.get(name)
                if i is not None:
                    scores[r] += value * self.coef[i]
        if self.coef.shape[1] == 1:
            positive = 1.0 / (1.0 + np.exp(-scores[:, 0]))
            return np.stack([1.0 - positive, positive], axis=1)
        shifted = np.exp(scores - scores.max(axis=1, keepdims=True))
        return np.asarray(shifted / shifted.sum(axis=1, keepdims=True))

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        names = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        return {
            f"{prefix}_vocabulary": np.array(names, dtype=str),
            f"{prefix}_coef": self.coef.astype(np.float32),
            f"{prefix}_intercept": self.intercept.astype(np.float32),
            f"{prefix}_classes": np.array(self.classes, dtype=str),
        }

    @classmethod
    def from_arrays(cls, data: dict[str, np.ndarray], prefix: str) -> LinearModel:
        names = [str(n) for n in data[f"{prefix}_vocabulary"]]
        return cls(
            vocabulary={n: i for i, n in enumerate(names)},
            coef=data[f"{prefix}_coef"].astype(np.float64),
            intercept=data[f"{prefix}_intercept"].astype(np.float64),
            classes=tuple(str(c) for c in data[f"{prefix}_classes"]),
        )


@dataclass(frozen=True)
class EventModel:
    """The sentence typer, the event scorer, and the thresholds chosen on dev."""

    typer: Classifier
    scorer: Classifier
    keep: float = 0.3  # drop candidates the scorer rates below this
    add: float = 0.4  # the typer's reading is a candidate when its probability is at least this
    trained_hash: str = ""

    def save(self, path: Path) -> None:
        if not isinstance(self.typer, LinearModel) or not isinstance(self.scorer, LinearModel):
            raise TypeError("only fitted linear models can be saved")
        path.parent.mkdir(parents=True, exist_ok=True)
        arrays = {
            **self.typer.arrays("typer"),
            **self.scorer.arrays("scorer"),
            "thresholds": np.array([self.keep, self.add]),
            "feature_hash": np.array(self.trained_hash or feature_hash()),
        }
        np.savez_compressed(path, allow_pickle=False, **arrays)  # type: ignore[arg-type]

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> EventModel:
        try:
            with np.load(path, allow_pickle=False) as stored:
                data = dict(stored)
        except (OSError, ValueError, KeyError) as exc:
            raise DataFileError(path, f"cannot read the event model: {exc}") from exc
        keep, add = (float(v) for v in data["thresholds"])
        return cls(
            typer=LinearModel.from_arrays(data, "typer"),
            scorer=LinearModel.from_arrays(data, "scorer"),
            keep=keep,
            add=add,
            trained_hash=str(data["feature_hash"]),
        )

    def sentence_probabilities(self, rows: Sequence[dict[str, float]]) -> list[dict[str, float]]:
        if not rows:
            return []
        table = self.typer.predict_proba(rows)
        return [dict(zip(self.typer.classes, map(float, row), strict=True)) for row in table]

    def scores(self, rows: Sequence[dict[str, float]]) -> list[float]:
        if not rows:
            return []
        column = self.scorer.classes.index(RIGHT)
        return [float(p) for p in self.scorer.predict_proba(rows)[:, column]]
