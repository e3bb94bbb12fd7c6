"""Learned quote filtering and speaker choice, trained on PolNeAR's train split.

The rule extractor proposes quotes (a cue, a content span, a speaker token); two small logistic models
read each proposal's parse context:

- the speaker model scores every candidate speaker token near the cue, and the best one is the speaker;
- the accept model says whether the proposal, with that speaker, is an attribution, and the extractor
  drops those below the model's threshold.

The learned cue lexicon (data/lexicon/quote_cues_learned.yaml) counts how often each verb and noun is the
cue of a PolNeAR attribution; its rates are features, and its frequent verbs propose quotes that the
hand-written lists miss. Weights are plain arrays in an .npz file (no pickle); training lives in
scripts/train_quotes.py. Runtime needs numpy only.
"""

from __future__ import annotations

import hashlib
import inspect
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml
from spacy.tokens import Token

from dragoman.data import DATA_DIR
from dragoman.data.loader import load_yaml
from dragoman.errors import DataFileError
from dragoman.records import Mention
from dragoman.sentences import sentence_of

MODEL_PATH = DATA_DIR / "models" / "quotes.npz"
LEARNED_CUES_PATH = DATA_DIR / "lexicon" / "quote_cues_learned.yaml"
FEATURE_VERSION = "1"
PERSONAL = {"he", "she", "they", "i", "we", "it", "you", "who", "that", "which"}
MAX_CANDIDATES = 12


# ---- the learned cue lexicon ---------------------------------------------------------------------
@dataclass(frozen=True)
class CueStats:
    """How often a lemma is the cue of an attribution in the training data, out of its occurrences."""

    verbs: dict[str, tuple[int, int]]  # lemma -> (times a cue, times seen as a verb)
    nouns: dict[str, tuple[int, int]]

    def rate(self, token: Token) -> float | None:
        table = self.verbs if token.pos_ in ("VERB", "AUX") else self.nouns if token.pos_ == "NOUN" else {}
        found = table.get(token.lemma_.lower())
        return found[0] / found[1] if found and found[1] else None

    def proposing_verbs(self, min_cues: int, min_rate: float) -> frozenset[str]:
        return frozenset(v for v, (cue, seen) in self.verbs.items() if cue >= min_cues and seen and cue / seen >= min_rate)


@lru_cache(maxsize=2)
def load_cue_stats(path: Path = LEARNED_CUES_PATH) -> CueStats:
    try:
        raw = load_yaml(path.read_text(encoding="utf-8"))
        return CueStats(
            {str(k): (int(v[0]), int(v[1])) for k, v in raw["verbs"].items()},
            {str(k): (int(v[0]), int(v[1])) for k, v in raw["nouns"].items()},
        )
    except (OSError, KeyError, TypeError, ValueError, IndexError, AttributeError, yaml.YAMLError) as exc:
        raise DataFileError(path, f"invalid learned quote cues: {exc}") from exc


# ---- the models ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LinearModel:
    """P(yes | binary features) by logistic regression over a fixed vocabulary."""

    vocabulary: dict[str, int]
    weights: np.ndarray
    bias: float
    threshold: float = 0.5

    def probability(self, features: Sequence[str]) -> float:
        score = self.bias + float(sum(self.weights[self.vocabulary[f]] for f in set(features) if f in self.vocabulary))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))


@dataclass(frozen=True)
class QuoteModels:
    accept: LinearModel
    speaker: LinearModel
    spec: str  # the feature spec the weights were trained for (see `feature_spec`)
    propose: frozenset[str] = field(default_factory=frozenset)  # learned cue verbs that propose quotes
    # the accept threshold by proposing rule: the model's own for the rules it can judge, 0 for the rules that
    # are right nearly always; a rule too rare in the training data to judge (a quoting channel: "Petra quoted
    # him as saying") is not filtered at all
    thresholds: dict[str, float] = field(default_factory=dict)

    def keeps(self, group: str, probability: float) -> bool:
        """`group`: the proposing rule, with "+quoted" when the proposal holds a pair of quotation marks."""
        return probability >= self.thresholds.get(group, 0.0)

    def save(self, path: Path = MODEL_PATH) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, np.ndarray] = {
            "spec": np.array(self.spec),
            "propose": np.array(sorted(self.propose), dtype=str),
            "threshold_origins": np.array(sorted(self.thresholds), dtype=str),
            "threshold_values": np.array([self.thresholds[o] for o in sorted(self.thresholds)], dtype=np.float64),
        }
        for name, model in (("accept", self.accept), ("speaker", self.speaker)):
            names = sorted(model.vocabulary, key=model.vocabulary.__getitem__)
            arrays[f"{name}_vocabulary"] = np.array(names, dtype=str)
            arrays[f"{name}_weights"] = model.weights.astype(np.float32)
            arrays[f"{name}_bias_threshold"] = np.array([model.bias, model.threshold], dtype=np.float64)
        np.savez_compressed(path, **arrays)  # type: ignore[arg-type]

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> QuoteModels:
        try:
            with np.load(path, allow_pickle=False) as data:
                models = []
                for name in ("accept", "speaker"):
                    names = [str(n) for n in data[f"{name}_vocabulary"]]
                    bias, threshold = (float(x) for x in data[f"{name}_bias_threshold"])
                    weights = data[f"{name}_weights"].astype(np.float64)
                    models.append(LinearModel({n: i for i, n in enumerate(names)}, weights, bias, threshold))
                thresholds = {str(o): float(v) for o, v in zip(data["threshold_origins"], data["threshold_values"], strict=True)}
                return cls(models[0], models[1], str(data["spec"]), frozenset(str(v) for v in data["propose"]), thresholds)
        except (OSError, KeyError, ValueError) as exc:
            raise DataFileError(path, f"invalid quote model: {exc}") from exc


@lru_cache(maxsize=2)
def load_quote_models(path: Path = MODEL_PATH) -> QuoteModels:
    return QuoteModels.load(path)


# ---- features ---------------------------------------------------------------------------------------
def _bucket(value: float, edges: Sequence[float]) -> int:
    return sum(value >= e for e in edges)


def _cue_context(cue: Token, stats: CueStats) -> list[str]:
    lemma = cue.lemma_.lower()
    rate = stats.rate(cue)
    found = [
        f"cue={lemma}",
        f"cue_pos={cue.pos_}",
        f"cue_tag={cue.tag_}",
        f"cue_dep={cue.dep_}",
        f"cue_rate={'none' if rate is None else _bucket(rate, (0.05, 0.2, 0.4, 0.6, 0.8))}",
    ]
    for child in cue.children:
        if child.dep_ in ("neg", "aux", "auxpass", "prt", "dative", "dobj", "ccomp", "xcomp", "prep", "agent", "nsubjpass"):
            found.append(f"cue_child={child.dep_}|{child.lower_ if child.dep_ in ('neg', 'aux', 'prt', 'prep') else ''}")
    if cue.head.i != cue.i:
        found.append(f"cue_head={cue.head.lemma_.lower() if cue.head.pos_ in ('VERB', 'AUX') else cue.head.pos_}")
    return found


def draft_features(
    text: str,
    origin: str,
    kind: str,
    cue: Token,
    content: tuple[int, int],
    marks: int,
    speaker_token: Token | None,
    speaker: Mention | None,
    stats: CueStats,
) -> list[str]:
    """What the accept model reads about one proposed quote."""
    doc = cue.doc
    length = len(text[content[0] : content[1]].split())
    found = ["bias", f"origin={origin}", f"kind={kind}", f"origin+kind={origin}|{kind}", *_cue_context(cue, stats)]
    found += [
        f"kind+cue={kind}|{cue.lemma_.lower()}",
        f"length={_bucket(length, (2, 4, 8, 16, 32, 64))}",
        f"marks={_bucket(marks, (1, 2, 3))}",
        f"cue_side={'inside' if content[0] <= cue.idx < content[1] else 'before' if cue.idx < content[0] else 'after'}",
    ]
    paragraph = next((p for p in doc._.paragraphs or [] if p.start <= cue.idx < p.end), None)
    found.append(f"paragraph={paragraph.kind if paragraph else 'none'}")
    if speaker_token is None:
        found.append("speaker=none")
        return found
    found += [
        f"speaker_pos={speaker_token.pos_}",
        f"speaker_dep={speaker_token.dep_}",
        f"speaker_ent={speaker_token.ent_type_ or '-'}",
        f"speaker_word={speaker_token.lower_ if speaker_token.lower_ in PERSONAL else '-'}",
        f"speaker_side={'inside' if content[0] <= speaker_token.idx < content[1] else 'outside'}",
    ]
    if speaker is not None:
        found += [
            f"speaker_kind={speaker.actor.kind}",
            f"speaker_known={speaker.actor.known}",
            f"speaker_rule={speaker.rule.split(':')[0]}",
        ]
    return found


def speaker_candidates(
    cue: Token, content: tuple[int, int], rule_choice: Token | None, mention_at: dict[int, Mention]
) -> list[Token]:
    """Tokens that may name who speaks through a cue: the rules' choice, and the nouns, names and pronouns
    of the cue's sentence outside the content, one token per mention."""
    sentence = sentence_of(cue)
    found: list[Token] = [rule_choice] if rule_choice is not None else []
    seen = {_mention_key(rule_choice, mention_at)} if rule_choice is not None else set()
    for token in sentence:
        if content[0] <= token.idx < content[1] or token.i == cue.i:
            continue
        if not (token.pos_ in ("PROPN", "NOUN", "PRON") and token.dep_ in SPEAKER_DEPS) and token.i not in mention_at:
            continue
        if _nested(token):
            continue
        key = _mention_key(token, mention_at)
        if key in seen:
            continue
        seen.add(key)
        found.append(token)
    return found[:MAX_CANDIDATES]


SPEAKER_DEPS = {"nsubj", "nsubjpass", "pobj", "appos", "dobj", "poss", "conj", "ROOT", "npadvmod", "attr", "dative"}


def _nested(token: Token) -> bool:
    """A noun inside another noun phrase ("the president of the European Commission", "Trump's campaign",
    "the ministry's spokeswoman") is part of that phrase's speaker, not a speaker of its own."""
    node = token
    for _ in range(4):
        if node.dep_ not in NESTING_DEPS or node.head.i == node.i:
            return False
        node = node.head
        if node.pos_ in ("NOUN", "PROPN", "PRON"):
            return True
    return False


NESTING_DEPS = {"appos", "pobj", "prep", "compound", "poss", "nmod", "amod"}


def _mention_key(token: Token, mention_at: dict[int, Mention]) -> tuple[int, int]:
    mention = mention_at.get(token.i)
    return (mention.token_start, mention.token_end) if mention is not None else (token.i, token.i + 1)


def candidate_features(token: Token, cue: Token, rule_choice: Token | None, mention_at: dict[int, Mention]) -> list[str]:
    """What the speaker model reads about one candidate speaker token for one cue."""
    mention = mention_at.get(token.i)
    distance = token.i - cue.i
    path = _path(token, cue)
    found = [
        "bias",
        f"rule_choice={rule_choice is not None and token.i == rule_choice.i}",
        f"pos={token.pos_}",
        f"dep={token.dep_}",
        f"ent={token.ent_type_ or '-'}",
        f"word={token.lower_ if token.lower_ in PERSONAL else '-'}",
        f"side={'before' if distance < 0 else 'after'}",
        f"distance={_bucket(abs(distance), (2, 4, 8, 16))}",
        f"path={path}",
        f"cue+path={cue.lemma_.lower()}|{path}",
        f"cue_dep+path={cue.dep_}|{path}",
        f"mention={mention.actor.kind if mention else 'none'}",
        f"head_dep={token.head.dep_}|{token.head.lower_ if token.head.pos_ == 'ADP' else token.head.pos_}",
    ]
    if mention is not None:
        found.append(f"known={mention.actor.known}")
    return found


def _path(token: Token, cue: Token) -> str:
    """The dependency path from the candidate up to the cue (or to their common ancestor), a few steps long."""
    up: list[str] = []
    ancestors = {t.i: n for n, t in enumerate(cue.ancestors, start=1)}
    node = token
    for _ in range(4):
        if node.i == cue.i:
            return ">".join(up) or "self"
        if node.i in ancestors:
            return ">".join(up) + f"^{min(ancestors[node.i], 3)}"
        if node.head.i == node.i:
            break
        up.append(node.dep_)
        node = node.head
    return ">".join(up[:2]) + ">far"


def speaker_score_features(score: tuple[float, bool] | None) -> list[str]:
    """How sure the speaker model was of its choice, and whether it overrode the rules' choice."""
    if score is None:
        return ["speaker_p=none"]
    if score[0] < 0:
        return ["speaker_p=structural"]
    probability, changed = score
    return [f"speaker_p={_bucket(probability, (0.2, 0.4, 0.6, 0.8, 0.9))}", f"speaker_changed={changed}"]


def feature_spec() -> str:
    """A hash of the feature code: weights trained for other features must not be used with these."""
    parts = [
        FEATURE_VERSION,
        *(
            inspect.getsource(f)
            for f in (
                _cue_context,
                draft_features,
                speaker_candidates,
                _nested,
                candidate_features,
                _path,
                speaker_score_features,
            )
        ),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]
