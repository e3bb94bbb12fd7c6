"""Search queries: parsed once, bounded, and rendered for each backend's full-text engine.

The syntax is the web-search one both backends understand: words (all must match), "quoted phrases",
`OR` between alternatives, and `-word` to exclude. Matching is by whole word, case-insensitive, without
stemming, so the same query finds the same rows on SQLite (FTS5) and PostgreSQL (tsvector).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dragoman.errors import SearchError

MAX_QUERY_CHARS = 500
MAX_QUERY_TERMS = 32
SEARCH_TIMEOUT_S = 3.0

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]  # one word, or the words of a phrase
    exclude: bool = False


@dataclass(frozen=True)
class SearchQuery:
    """Alternatives joined by OR; each alternative is terms that must all match (or, excluded, must not)."""

    alternatives: tuple[tuple[Term, ...], ...]

    @property
    def empty(self) -> bool:
        return not self.alternatives

    def websearch(self) -> str:
        """The query in web-search syntax (PostgreSQL's websearch_to_tsquery), normalised."""
        return " or ".join(" ".join(_web_term(t) for t in alt) for alt in self.alternatives)

    def fts5(self) -> str:
        """The query as an SQLite FTS5 expression: every word quoted, so no FTS5 operator leaks in."""
        return " OR ".join("(" + " ".join(_fts5_term(t) for t in alt) + ")" for alt in self.alternatives)


def _web_term(term: Term) -> str:
    text = " ".join(term.words)
    text = f'"{text}"' if len(term.words) > 1 else text
    return f"-{text}" if term.exclude else text


def _fts5_term(term: Term) -> str:
    text = '"' + " ".join(term.words) + '"'
    return f"NOT {text}" if term.exclude else text


def parse_query(text: str, max_chars: int = MAX_QUERY_CHARS, max_terms: int = MAX_QUERY_TERMS) -> SearchQuery:
    """Parse a search box's text; raise SearchError (a client error) when it is too long or has too many terms."""
    if len(text) > max_chars:
        raise SearchError(f"search query is {len(text)} characters long; the limit is {max_chars}")
    alternatives: list[tuple[Term, ...]] = []
    current: list[Term] = []
    count = 0
    for match in _TOKEN.finditer(text):
        phrase, bare = match.group(2), match.group(3)
        if bare is not None and bare.lower() == "or":
            alternatives.append(tuple(current))
            current = []
            continue
        exclude = bool(match.group(1)) or (bare is not None and bare.startswith("-"))
        words = tuple(w.lower() for w in _WORD.findall(phrase if phrase is not None else bare))
        if not words:
            continue
        count += len(words)
        if count > max_terms:
            raise SearchError(f"search query has more than {max_terms} words; the limit is {max_terms}")
        current.append(Term(words, exclude))
    alternatives.append(tuple(current))
    kept = []
    for alternative in alternatives:
        if not alternative:
            continue
        if all(t.exclude for t in alternative):
            raise SearchError("'-word' excludes from what other words find: give at least one word to search for")
        kept.append(tuple(sorted(alternative, key=lambda t: t.exclude)))  # FTS5's NOT needs a term before it
    return SearchQuery(tuple(kept))
