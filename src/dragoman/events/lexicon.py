"""The trigger lexicon and modality cues, loaded from data files and indexed by lemma."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from dragoman.data import DATA_DIR
from dragoman.data.loader import load_yaml
from dragoman.errors import DataFileError
from dragoman.ontology import Ontology

LEXICON_DIR = DATA_DIR / "lexicon"


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    """One trigger pattern: a head lemma plus optional constraints, and its CAMEO code."""

    lemma: str
    pos: str
    code: str
    obj: frozenset[str] = frozenset()
    prep: frozenset[str] = frozenset()
    particle: str | None = None
    mod: frozenset[str] = frozenset()
    clause: bool = False  # the trigger needs a clause: "asked Iran to extradite ...", "protested that ..."

    @property
    def specificity(self) -> float:
        """How much the entry asks of the context; needing a clause asks less than naming the object
        ("ordered the ambassador to leave" is an expulsion before it is a demand), and a preposition less
        than the object ("withdrew its observers from Haiti" is a withdrawal of observers)."""
        named = sum(bool(c) for c in (self.obj, self.prep, self.particle, self.mod))
        return named + 0.5 * self.clause + 0.1 * bool(self.obj)


@dataclass(frozen=True, slots=True)
class ModeCue:
    codes: frozenset[str]
    lemmas: frozenset[str]
    code: str


@dataclass
class Lexicon:
    verbs: dict[str, list[TriggerEntry]] = field(default_factory=lambda: defaultdict(list))
    nouns: dict[str, list[TriggerEntry]] = field(default_factory=lambda: defaultdict(list))
    words: dict[str, frozenset[str]] = field(default_factory=dict)
    mode_cues: list[ModeCue] = field(default_factory=list)
    nominal_verbs: dict[str, str] = field(default_factory=dict)  # "suspension" -> "suspend"

    def entries(self, lemma: str, pos: str) -> list[TriggerEntry]:
        table = self.verbs if pos == "VERB" else self.nouns
        return table.get(lemma, [])

    def has(self, group: str, lemma: str) -> bool:
        return lemma in self.words.get(group, frozenset())


def _entry(raw: dict[str, Any], pos: str, path: Path, index: int, ontology: Ontology) -> TriggerEntry:
    if not isinstance(raw, dict) or not raw.get("lemma") or not raw.get("code"):
        raise DataFileError(path, f"{pos.lower()} entry {index + 1}: 'lemma' and 'code' are required")
    code = str(raw["code"])
    if code not in ontology:
        raise DataFileError(path, f"{pos.lower()} entry {index + 1} ({raw['lemma']}): unknown CAMEO code {code}")

    def words(key: str) -> frozenset[str]:
        value = raw.get(key) or ()
        return frozenset([value] if isinstance(value, str) else [str(v).lower() for v in value])

    particle = raw.get("particle")
    return TriggerEntry(
        lemma=str(raw["lemma"]).lower(),
        pos=pos,
        code=code,
        obj=words("obj"),
        prep=words("prep"),
        particle=str(particle).lower() if particle else None,
        mod=words("mod"),
        clause=bool(raw.get("clause")),
    )


def _read(path: Path) -> Any:
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataFileError(path, f"cannot read: {exc}") from exc


@lru_cache(maxsize=4)
def load_lexicon(ontology: Ontology, directory: Path = LEXICON_DIR) -> Lexicon:
    lexicon = Lexicon()
    for triggers_path in sorted(directory.glob("triggers*.yaml")):
        raw = _read(triggers_path) or {}
        for pos, key, table in (("VERB", "verbs", lexicon.verbs), ("NOUN", "nouns", lexicon.nouns)):
            for index, item in enumerate(raw.get(key) or ()):
                entry = _entry(item, pos, triggers_path, index, ontology)
                if entry not in table[entry.lemma]:
                    table[entry.lemma].append(entry)
    modality = _read(directory / "modality.yaml") or {}
    for group, values in modality.items():
        if group not in ("mode_cues", "nominalizations"):
            lexicon.words[group] = frozenset(str(v).lower() for v in values)
    nominal = modality.get("nominalizations") or {}
    if not isinstance(nominal, dict):
        raise DataFileError(directory / "modality.yaml", "'nominalizations' must map nouns to verbs")
    lexicon.nominal_verbs = {str(noun).lower(): str(verb).lower() for noun, verb in nominal.items()}
    lexicon.mode_cues = [
        ModeCue(frozenset(c["codes"]), frozenset(c["lemmas"]), str(c["code"])) for c in modality.get("mode_cues") or ()
    ]
    return lexicon
