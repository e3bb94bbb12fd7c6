"""A learned event typer: multinomial logistic regression over a trigger's parse context.

The rule coder proposes events; this classifier reads the context of each proposed trigger (and of the
other verbs of a sentence) and says which PLOVER type, or none, the sentence states there. The coder
uses it to rank, drop and add events (see `EventCoder._learned`). Plain numpy, CPU only; the weights are
a small data file; training lives above the pipeline, in `dragoman.evaluation.typer_training`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from spacy.tokens import Token

from dragoman.data import DATA_DIR
from dragoman.ontology import PLOVER_TYPES
from dragoman.records import Event
from dragoman.sentences import sentence_of

NO_EVENT = "NONE"
CLASSES: tuple[str, ...] = (*PLOVER_TYPES, NO_EVENT)
MODEL_PATH = DATA_DIR / "models" / "event_typer.npz"
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
        return dict(zip(self.classes, softmax(scores[None, :])[0].tolist(), strict=True))

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


def softmax(scores: np.ndarray) -> np.ndarray:
    shifted = np.exp(scores - scores.max(axis=1, keepdims=True))
    return np.asarray(shifted / shifted.sum(axis=1, keepdims=True))


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
