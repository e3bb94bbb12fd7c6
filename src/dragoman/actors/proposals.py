"""Phase one of actor finding: propose spans that may refer to actors.

Each proposal says what kind of evidence it is (a gazetteer name, a title, a generic agent, an
NER name, a pronoun, a definite reference, a counterpart); phase two (`resolve`) turns them into
mentions in text order, using what the article has said so far.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from spacy.tokens import Doc, Token

from dragoman.actors.kb import Alias, KnowledgeBase

ProposalKind = Literal["alias", "agent", "title", "name", "org", "pronoun", "definite", "counterpart", "group", "absorbed"]
MODIFIER_DEPS = {"amod", "compound", "poss", "nmod", "npadvmod"}
NAME_JOINERS = {"bin", "bint", "ibn", "al", "el", "abu", "abd", "ben", "ould", "de", "van", "von", "da"}


@dataclass
class Proposal:
    kind: ProposalKind
    start: int  # token index
    end: int  # token index, exclusive
    aliases: list[Alias] = field(default_factory=list)
    country: str | None = None  # context country (nationality, "of Jordan")
    org: str | None = None  # context organisation ("UN coordinator")
    post: str | None = None
    sector: str | None = None
    word: str = ""  # pronoun or definite head
    private: bool = False  # a private individual ("her son, Adam"): never a KB person by a partial name


def token_pieces(doc: Doc, kb: KnowledgeBase) -> list[list[str]]:
    return [kb.rules.pieces(t.text) if not t.is_space else [] for t in doc]


def gazetteer(doc: Doc, kb: KnowledgeBase, pieces: list[list[str]]) -> list[Proposal]:
    """Longest-first matches of knowledge-base names, left to right."""
    found: list[Proposal] = []
    i = 0
    while i < len(doc):
        match = _longest_at(doc, kb, pieces, i) if _can_start(doc[i], pieces[i], kb) else None
        if match is None:
            i += 1
            continue
        end, aliases = match
        found.append(Proposal("alias", i, end, aliases))
        i = end
    return found


def _can_start(token: Token, token_pieces_: list[str], kb: KnowledgeBase) -> bool:
    return bool(token_pieces_) and token_pieces_[0] in kb.first_pieces and (token.text[:1].isupper())


def _longest_at(doc: Doc, kb: KnowledgeBase, pieces: list[list[str]], i: int) -> tuple[int, list[Alias]] | None:
    words: list[str] = []
    best: tuple[int, list[Alias]] | None = None
    for j in range(i, min(len(doc), i + kb.max_pieces + 4)):
        if doc[j].is_space or (j > i and "\n" in doc[j - 1].whitespace_):
            break
        words.extend(pieces[j])
        if len(words) > kb.max_pieces:
            break
        if not pieces[j]:
            continue
        aliases = [a for a in kb.lookup_key(" ".join(words)) if _case_ok(a, doc[i : j + 1].text)]
        if aliases:
            best = (j + 1, aliases)
    return best


def _case_ok(alias: Alias, written: str) -> bool:
    return not alias.case_sensitive or written.replace(".", "").isupper()


def countries_in(proposals: list[Proposal]) -> dict[int, Proposal]:
    """Token index -> a gazetteer proposal for a country-like actor covering it."""
    index: dict[int, Proposal] = {}
    for proposal in proposals:
        if proposal.kind == "alias" and proposal.aliases:
            for i in range(proposal.start, proposal.end):
                index[i] = proposal
    return index


def best_country(proposal: Proposal) -> str | None:
    """The country a gazetteer match names: a country (by name, demonym or capital), or a place's country."""
    for alias in proposal.aliases:
        if alias.actor.kind == "country":
            return alias.actor.id
    return next((a.actor.country for a in proposal.aliases if a.actor.kind == "place" and a.actor.country), None)


def best_org(proposal: Proposal) -> str | None:
    for alias in proposal.aliases:
        if alias.actor.kind not in ("country", "person", "place"):
            return alias.actor.id
    return None
