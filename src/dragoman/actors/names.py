"""Name normalisation: transliteration variants, particles and honorifics.

``name_key("Sheikh Mohammed bin Abdul Rahman Al Thani")`` and
``name_key("Muhammad bin Abdulrahman Al-Thani")`` give the same key.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from dragoman.data import DATA_DIR
from dragoman.data.loader import load_yaml
from dragoman.errors import DataFileError

WORD = re.compile(r"[a-z0-9]+")
CACHE_LIMIT = 200_000


@dataclass(frozen=True)
class NameRules:
    particles: frozenset[str]
    honorifics: dict[str, str]  # word -> gender hint ("m", "f" or "any")
    variants: dict[str, str]
    glued: tuple[tuple[str, str], ...]  # (written prefix, canonical), longest first
    protected: frozenset[str] = frozenset()  # canonical names never split ("abdullah")
    cache: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def pieces(self, text: str) -> list[str]:
        """Canonical word pieces of a name, honorifics kept (callers strip them); cached per text."""
        cached = self.cache.get(text)
        if cached is None:
            cached = tuple(self._pieces(text))
            if len(self.cache) < CACHE_LIMIT:  # bounded: a long run must not grow without limit
                self.cache[text] = cached
        return list(cached)

    def _pieces(self, text: str) -> list[str]:
        out: list[str] = []
        for word in WORD.findall(fold(text)):
            if word in self.particles:
                continue
            canonical = self.variants.get(word, word)
            if canonical in self.protected:
                out.append(canonical)
            else:
                out.extend(self.variants.get(w, w) for w in self._split_glued(word))
        return out

    def _split_glued(self, word: str) -> list[str]:
        for written, canonical in self.glued:
            if word.startswith(written) and len(word) >= len(written) + 3:
                rest = word[len(written) :]
                return [canonical, *(p for p in self._split_glued(rest) if p not in self.particles)]
        return [word]

    def strip_honorifics(self, pieces: list[str]) -> tuple[list[str], str | None]:
        """Drop leading honorifics; return the rest and a gender hint."""
        gender: str | None = None
        index = 0
        while index < len(pieces) - 1 and pieces[index] in self.honorifics:
            hint = self.honorifics[pieces[index]]
            gender = hint if hint != "any" else gender
            index += 1
        return pieces[index:], gender

    def key(self, text: str) -> str:
        pieces, _ = self.strip_honorifics(self.pieces(text))
        return " ".join(pieces)


def fold(text: str) -> str:
    """Lowercase ASCII folding: accents removed, apostrophes dropped."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return ascii_text.replace("'", "").replace("\u2019", "").replace("`", "").lower()


@lru_cache(maxsize=2)
def load_name_rules(path: Path = DATA_DIR / "kb" / "names.yaml") -> NameRules:
    try:
        raw = load_yaml(path.read_text(encoding="utf-8"))
        honorifics = {word: gender for gender, words in raw["honorifics"].items() for word in words}
        variants = {v: canon for canon, forms in raw["variants"].items() for v in forms}
        glued = sorted(
            ((form, canon) for canon, forms in raw["glued_prefixes"].items() for form in forms),
            key=lambda pair: -len(pair[0]),
        )
        protected = frozenset(raw["variants"]) | frozenset(variants)
        return NameRules(frozenset(raw["particles"]), honorifics, variants, tuple(glued), protected)
    except (OSError, KeyError, TypeError, yaml.YAMLError) as exc:
        raise DataFileError(path, f"invalid name rules: {exc}") from exc
