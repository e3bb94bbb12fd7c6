"""Phase one, continued: titles, generic agents, counterparts, NER names, pronouns, references."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from spacy.tokens import Doc, Span, Token

from dragoman.actors.kb import KnowledgeBase, Title, confidence_of, load_confidence
from dragoman.actors.proposals import (
    MODIFIER_DEPS,
    NAME_JOINERS,
    Proposal,
    ProposalKind,
    best_country,
    best_org,
    countries_in,
    gazetteer,
    token_pieces,
)
from dragoman.data import DATA_DIR
from dragoman.data.loader import load_yaml
from dragoman.errors import DataFileError

COUNTRY_PREPS = {"of", "from", "in", "throughout", "across"}
LOCATION_PREPS = ("in", "throughout", "across", "through", "outside", "around")
PLACE_MODIFIER_DEPS = ("poss", "compound", "amod", "appos", "nmod")
AFFILIATION_PREPS = {"with", "to", "in", "of", "for"}  # "workers affiliated with the Serbian union", "belonging to"


@dataclass(frozen=True)
class References:
    definites: dict[str, dict[str, object]]
    pronouns: dict[str, str]
    sectors: dict[str, str]
    place_words: frozenset[str] = frozenset()
    counts: dict[str, int] = field(default_factory=dict)
    groups: dict[str, dict[str, object]] = field(default_factory=dict)
    plural_pronouns: frozenset[str] = frozenset()
    private_nouns: frozenset[str] = frozenset()
    locative_preps: frozenset[str] = frozenset()
    metonym_sectors: dict[str, str] = field(default_factory=dict)
    agent_names: dict[str, str] = field(default_factory=dict)
    confidence: dict[str, float] = field(default_factory=dict)

    def confidence_of(self, rule: str) -> float:
        """How sure a resolution by `rule` ("surname", "title:president@usa") is."""
        return confidence_of(rule, self.confidence)


@lru_cache(maxsize=2)
def load_references(directory: Path = DATA_DIR / "kb") -> References:
    try:
        raw = load_yaml((directory / "references.yaml").read_text(encoding="utf-8"))
        sectors = load_yaml((directory / "sectors.yaml").read_text(encoding="utf-8"))
        return References(
            raw["definites"],
            raw["pronouns"],
            sectors,
            frozenset(raw.get("place_words") or ()),
            dict(raw.get("counts") or {}),
            dict(raw.get("groups") or {}),
            frozenset(raw.get("plural_pronouns") or ()),
            frozenset(raw.get("private_nouns") or ()),
            frozenset(raw.get("locative_preps") or ()),
            dict(raw.get("metonym_sectors") or {}),
            dict(raw.get("agent_names") or {}),
            load_confidence(directory),
        )
    except (OSError, KeyError, TypeError, ValueError, yaml.YAMLError) as exc:
        raise DataFileError(directory, f"invalid references or sectors file: {exc}") from exc


class ProposalFinder:
    """Finds every proposal in a parsed document."""

    def __init__(self, kb: KnowledgeBase, refs: References) -> None:
        self.kb = kb
        self.refs = refs

    def find(self, doc: Doc) -> list[Proposal]:
        pieces = token_pieces(doc, self.kb)
        aliases = _outside_person_names(doc, gazetteer(doc, self.kb, pieces))
        taken = countries_in(aliases)
        absorbed: set[int] = set()  # ids of alias proposals folded into a larger proposal
        extra: list[Proposal] = []
        extra += self._titles(doc, pieces, taken, absorbed)
        extra += self._agents(doc, taken, absorbed, extra)
        extra += self._counterparts(doc, taken, absorbed, extra)
        extra += self._names(doc, aliases, extra)
        extra += self._surnames(doc, aliases, extra)
        extra += self._pronouns_and_definites(doc, aliases, extra)
        kept = [p for p in aliases if id(p) not in absorbed]
        _attach_titles(doc, extra, kept + extra, self.kb)
        _attach_agents(doc, extra, kept + extra)
        _attach_nationalities(doc, kept + extra)
        _attach_appositives(doc, kept + extra, self.refs.private_nouns)
        return sorted(kept + extra, key=lambda p: (p.start, -p.end))

    # ---- titles -----------------------------------------------------------------------------
    def _titles(self, doc: Doc, pieces: list[list[str]], taken: dict[int, Proposal], absorbed: set[int]) -> list[Proposal]:
        found: list[Proposal] = []
        i = 0
        while i < len(doc):
            match = self._title_at(doc, pieces, i, taken)
            if match is None:
                i += 1
                continue
            end, title = match
            proposal = Proposal("title", i, end, post=title.post, country=title.country, word=" ".join(title.pieces))
            self._title_context(doc, proposal, taken, absorbed)
            found.append(proposal)
            i = end
        return found

    def _title_at(self, doc: Doc, pieces: list[list[str]], i: int, taken: dict[int, Proposal]) -> tuple[int, Title] | None:
        if i in taken or not pieces[i] or doc[i].pos_ not in ("NOUN", "PROPN", "ADJ"):
            return None
        if doc[i].ent_type_ == "PERSON" and doc[i].ent_iob_ == "I":
            return None  # inside a person's name: "Hossein Amir-Abdollahian" is no emir
        words: list[str] = []
        best = None
        for j in range(i, min(len(doc), i + 5)):
            if j in taken:
                break
            if not pieces[j]:
                continue  # punctuation never ends a title ("the Indian prime minister.")
            words.extend(pieces[j])
            title = self.kb.titles.get(tuple(words))
            if title is not None and (doc[j].pos_ in ("NOUN", "PROPN") or j > i):
                best = (j + 1, title)
        return best

    def _title_context(self, doc: Doc, proposal: Proposal, taken: dict[int, Proposal], absorbed: set[int]) -> None:
        """Nationality or organisation just before the title, or 'of X' just after."""
        j = proposal.start - 1
        if j >= 1 and doc[j].tag_ == "POS":  # "Britain's prime minister"
            j -= 1
        while j >= 1 and j not in taken and _descriptor(doc[j]) and doc[j].dep_ in ("amod", "compound"):
            j -= 1  # "Nigerian junior foreign minister", "Ghanaian deputy trade minister"
        while j >= 0 and j in taken:
            owner = taken[j]
            country, org = best_country(owner), best_org(owner)
            if country or org:
                proposal.country = proposal.country or country
                proposal.org = proposal.org or org
                proposal.start = owner.start
                absorbed.add(id(owner))
            j = owner.start - 1
        after = proposal.end
        if after + 1 < len(doc) and doc[after].lower_ == "of" and after + 1 in taken:
            owner = taken[after + 1]
            if best_country(owner) and not proposal.country:
                proposal.country = best_country(owner)
                proposal.end = owner.end
                absorbed.add(id(owner))

    # ---- generic agents --------------------------------------------------------------------
    def _agents(self, doc: Doc, taken: dict[int, Proposal], absorbed: set[int], others: list[Proposal]) -> list[Proposal]:
        found: list[Proposal] = []
        busy = _covered(others)
        for token in doc:
            before_name = token.i + 1 < len(doc) and doc[token.i + 1].ent_type_ == "PERSON"
            if (token.pos_ not in ("NOUN", "PROPN") and not before_name) or token.i in busy or token.i in taken:
                continue
            match = self._agent_key(token)
            if match is None or (
                token.lemma_.lower() in self.refs.definites
                and _definite(token, taken) is not None
                and not _has_nationality(token, taken)
            ):
                continue  # "the newspaper": a reference back, not a new generic agent
            first, sector = match
            proposal = Proposal("agent", first, token.i + 1, sector=sector)
            self._nationality(token, proposal, taken, absorbed)
            if token.dep_ == "compound" and not proposal.country:  # "Kyrgyz opposition supporters"
                self._nationality(token.head, proposal, taken, absorbed)
            named = token.pos_ == "PROPN" and token.i != token.sent.start  # "Rebels in Sierra Leone ...": a capital, not a name
            if named and not proposal.country and not proposal.org and not _after_the(doc, proposal.start):
                continue  # "Ministry" inside a name we do not know: leave it to NER
            if not proposal.country and not proposal.org:
                proposal.country = _clause_location(token, taken)
            found.append(proposal)
        return found

    def _agent_key(self, token: Token) -> tuple[int, str] | None:
        lemma = token.lemma_.lower()
        if token.pos_ == "PROPN" and token.i == token.sent.start and lemma.endswith("s"):
            lemma = lemma[:-1]  # "Rebels", "Protesters" opening a sentence: the tagger takes them for names
        for child in token.lefts:
            if child.dep_ in ("compound", "amod"):
                words = (child.lemma_.lower(), child.lower_)  # "rights group": the lemma "right" would miss it
                sector = next((self.kb.agents[(w, lemma)] for w in words if (w, lemma) in self.kb.agents), None)
                if sector:
                    return child.i, sector
        sector = self.kb.agents.get((lemma,))
        return (token.i, sector) if sector else None

    def _nationality(self, head: Token, proposal: Proposal, taken: dict[int, Proposal], absorbed: set[int]) -> None:
        candidates = [c for c in head.children if c.dep_ in MODIFIER_DEPS and c.i < head.i]
        # "the Saudi-led coalition": the leader's nationality hangs on "led"
        candidates += [g for c in head.lefts if c.lemma_.lower() == "lead" for g in c.lefts if g.dep_ in MODIFIER_DEPS]
        candidates += _post_modifier_owners(head)
        for child in candidates:
            owner = taken.get(child.i)
            if owner is None:
                continue
            country, org = best_country(owner), best_org(owner)
            if not (country or org) or proposal.country or proposal.org:
                continue
            if child.i > head.i and _is_place(owner):
                proposal.country = country  # "doctors in eastern Ghouta": placed there; the place stays a place
                continue
            proposal.country, proposal.org = country, org
            proposal.start = min(proposal.start, owner.start)
            proposal.end = max(proposal.end, owner.end, _phrase_end(child, head))
            absorbed.add(id(owner))

    # ---- counterparts ----------------------------------------------------------------------
    def _counterparts(self, doc: Doc, taken: dict[int, Proposal], absorbed: set[int], others: list[Proposal]) -> list[Proposal]:
        found: list[Proposal] = []
        for token in doc:
            if token.lemma_.lower() != "counterpart" or _names_follow(token):
                continue
            modifiers = [taken[c.i] for c in token.lefts if c.i in taken and best_country(taken[c.i])]
            if modifiers:
                owner = modifiers[0]
                absorbed.add(id(owner))
                found.append(Proposal("counterpart", owner.start, token.i + 1, country=best_country(owner)))
                continue
            for country_token in _prep_objects(token, COUNTRY_PREPS):
                found_owner = taken.get(country_token.i)
                if found_owner is not None and best_country(found_owner):
                    owner = found_owner
                    absorbed.add(id(owner))
                    found.append(Proposal("counterpart", owner.start, owner.end, country=best_country(owner)))
        return found

    # ---- names from NER ------------------------------------------------------------------
    def _names(self, doc: Doc, aliases: list[Proposal], others: list[Proposal]) -> list[Proposal]:
        busy = _covered(aliases) | _covered(others)
        found: list[Proposal] = []
        for ent in doc.ents:
            if ent.label_ not in ("PERSON", "ORG") or (len(ent) == 1 and ent[0].lemma_.lower() in self.refs.definites):
                continue
            span = _expand_name(ent) if ent.label_ == "PERSON" else ent
            start, end = _trim(span, self.kb)
            if start >= end or any(i in busy for i in range(start, end)):
                continue
            if any(t.lower_ in self.refs.place_words for t in doc[start:end]):
                continue  # a place, not an actor
            kind: ProposalKind = "name" if ent.label_ == "PERSON" else "org"
            found.append(Proposal(kind, start, end))
            busy.update(range(start, end))
        found += self._names_after_titles(doc, others, busy)
        return found

    def _names_after_titles(self, doc: Doc, others: list[Proposal], busy: set[int]) -> list[Proposal]:
        """A capitalised word right after a title is a name even when NER missed it."""
        found = []
        for title in (o for o in others if o.kind == "title"):
            i = title.end
            while i < len(doc) and _is_title_word(doc[i], self.kb):
                i += 1
            end = i
            while end < len(doc) and doc[end].pos_ == "PROPN" and end not in busy and doc[end].text[:1].isupper():
                end += 1
            if end > i and (end >= len(doc) or end not in busy):
                found.append(Proposal("name", i, end))
                busy.update(range(i, end))
        return found

    def _surnames(self, doc: Doc, aliases: list[Proposal], others: list[Proposal]) -> list[Proposal]:
        """A capitalised word that repeats the last word of a person named in the article is that person,
        even when NER misses it ("Safadi said ...")."""
        people = [p for p in aliases + others if _is_person_proposal(p) and p.end - p.start > 1]
        last_words = {doc[p.end - 1].text for p in people}
        busy = _covered(aliases) | _covered(others)
        first = min((p.start for p in people), default=len(doc))
        return [
            Proposal("name", t.i, t.i + 1)
            for t in doc[first:]
            if t.i not in busy and t.text in last_words and t.pos_ in ("PROPN", "NOUN") and t.text[:1].isupper()
        ]

    # ---- pronouns and definite references -----------------------------------------------
    def _pronouns_and_definites(self, doc: Doc, aliases: list[Proposal], others: list[Proposal]) -> list[Proposal]:
        busy = _covered(aliases) | _covered(others)
        found: list[Proposal] = []
        for token in doc:
            if token.i in busy:
                continue
            lower = token.lower_
            if token.pos_ == "PRON" and (lower in self.refs.pronouns or lower in self.refs.plural_pronouns):
                found.append(Proposal("pronoun", token.i, token.i + 1, word=lower))
            elif token.tag_ in ("NNS", "NNPS") and token.lemma_.lower() in self.refs.groups:
                group = _group_reference(token, self.refs.counts)
                if group is not None:
                    found.append(group)
            elif token.pos_ in ("NOUN", "PROPN") and token.lemma_.lower() in self.refs.definites:
                definite = _definite(token, countries_in(aliases))
                if definite is not None:
                    found.append(definite)
        return found


def _post_modifier_owners(head: Token) -> list[Token]:
    """Words after an agent noun that may name its country or organisation: "activists from the Fatah
    party", "students throughout Indonesia", "workers affiliated with the Serbian union"."""
    preps = [p for p in head.rights if p.dep_ == "prep" and p.lower_ in COUNTRY_PREPS]
    objects = [o for p in preps for o in p.children if o.dep_ == "pobj"]
    for participle in (c for c in head.rights if c.dep_ == "acl" and c.tag_ in ("VBN", "VBG")):
        links = [p for p in participle.children if p.dep_ == "prep" and p.lower_ in AFFILIATION_PREPS]
        objects += [o for p in links for o in p.children if o.dep_ == "pobj"]
    return objects + [m for o in objects for m in o.subtree if m.i < o.i]  # "the Serbian Workers' Union"


def _is_place(proposal: Proposal) -> bool:
    """A gazetteer match for a place or a capital ("Raqqa", "Damascus"), not a country or organisation name."""
    return bool(proposal.aliases) and all(a.rule in ("place", "capital") for a in proposal.aliases)


def _phrase_end(token: Token, head: Token) -> int:
    """Where the prepositional object holding `token` ends, when it follows `head`: the mention of
    "workers affiliated with the Serbian Workers' Union" runs to "Union", not to "Serbian"."""
    node = token
    while node.dep_ != "pobj" and node.head.i != node.i and node.head.i > head.i:
        node = node.head
    return node.i + 1 if node.dep_ == "pobj" and node.i > head.i else token.i + 1


def _clause_location(token: Token, taken: dict[int, Proposal]) -> str | None:
    """A generic agent with no country of its own takes the country where its clause happens:
    "Hundreds of thousands of people blocked streets in Hong Kong" are people in Hong Kong."""
    while token.dep_ == "compound" and token.head.pos_ in ("NOUN", "PROPN"):
        token = token.head  # "opposition supporters"
    while token.dep_ == "pobj" and token.head.dep_ == "prep" and token.head.head.pos_ in ("NOUN", "NUM"):
        token = token.head.head  # "thousands of people", "hundreds of students"
    if token.dep_ not in ("nsubj", "nsubjpass") or token.head.pos_ != "VERB":
        return None
    verb = token.head
    for holder in [verb, *(c for c in verb.children if c.dep_ == "dobj")]:
        for prep in holder.children:
            if prep.dep_ != "prep" or prep.lower_ not in LOCATION_PREPS:
                continue
            for place in (c for c in prep.children if c.dep_ == "pobj"):
                country = _place_in(place, taken)
                if country:
                    return country
    return None


def _place_in(place: Token, taken: dict[int, Proposal]) -> str | None:
    """The country a place phrase names: "in Tbilisi", "in Bishkek's central square", "in the Tongan
    capital Nuku'alofa", "in eastern Congo's Ituri district"."""
    near = [c for c in place.children if c.dep_ in PLACE_MODIFIER_DEPS]  # not "in defiance of Chinese authorities"
    for token in [place, *near, *(g for c in near for g in c.children if g.dep_ == "compound")]:
        owner = taken.get(token.i)
        country = best_country(owner) if owner is not None else None
        if country:
            return country
    return None


def _has_nationality(token: Token, taken: dict[int, Proposal]) -> bool:
    return any(c.i in taken and best_country(taken[c.i]) for c in token.lefts)


def _after_the(doc: Doc, start: int) -> bool:
    return start > 0 and doc[start - 1].lower_ == "the"


def _covered(proposals: object) -> set[int]:
    covered: set[int] = set()
    for p in proposals:  # type: ignore[attr-defined]
        covered.update(range(p.start, p.end))
    return covered


def _names_follow(token: Token) -> bool:
    return any(c.dep_ in ("appos", "compound") and c.ent_type_ == "PERSON" for c in token.children) or (
        token.i + 1 < len(token.doc) and token.doc[token.i + 1].ent_type_ == "PERSON"
    )


def _prep_objects(token: Token, preps: set[str]) -> list[Token]:
    objects: list[Token] = []
    for prep in token.rights:
        if prep.dep_ == "prep" and prep.lower_ in preps:
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    objects.append(pobj)
                    objects.extend(c for c in pobj.subtree if c.dep_ == "conj")
    return objects


def _expand_name(ent: Span) -> Span:
    """Grow a PERSON span over adjacent name words NER cut off ("Mohammed bin Abdulrahman | Al Thani")."""
    doc = ent.doc
    start, end = ent.start, ent.end
    while end < len(doc) and _name_word(doc[end]) and not doc[end - 1].whitespace_.count("\n"):
        end += 1
    while start > 0 and _name_word(doc[start - 1]) and doc[start - 1].lower_ in NAME_JOINERS:
        start -= 1
    return doc[start:end]


def _name_word(token: Token) -> bool:
    return token.lower_ in NAME_JOINERS or (
        token.pos_ == "PROPN" and token.text[:1].isupper() and token.ent_type_ in ("", "PERSON")
    )


def _trim(span: Span, kb: KnowledgeBase) -> tuple[int, int]:
    """Drop leading determiners, honorifics and title words, and trailing possessives."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].pos_ in ("DET", "PUNCT") or _is_title_word(doc[start], kb)):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].pos_ == "PUNCT"):
        end -= 1
    return start, end


def _is_title_word(token: Token, kb: KnowledgeBase) -> bool:
    pieces = kb.rules.pieces(token.text)
    return len(pieces) == 1 and (pieces[0] in kb.rules.honorifics or (pieces[0],) in kb.titles)


def _attach_titles(doc: Doc, titles: list[Proposal], proposals: list[Proposal], kb: KnowledgeBase) -> None:
    """A title right before (or in apposition to) a person's name gives the name its context and
    is not a mention of its own: "Qatari Foreign Minister Sheikh Mohammed ...", "King Abdullah of Jordan"."""
    people = {p.start: p for p in proposals if _is_person_proposal(p)}
    for title in [t for t in titles if t.kind == "title"]:
        i = title.end
        while i < len(doc) and (_is_title_word(doc[i], kb) or doc[i].text in (",", "-")):
            i += 1
        target = people.get(i) or _appositive_person(doc[title.end - 1], people)
        if target is None:
            continue
        target.country = target.country or title.country
        target.org = target.org or title.org
        target.post = target.post or title.post
        title.kind = "absorbed"
    for person in people.values():
        after = person.end
        if after + 1 < len(doc) and doc[after].lower_ == "of" and not person.country:
            owner = next((p for p in proposals if p.start == after + 1 and p.kind == "alias"), None)
            person.country = best_country(owner) if owner else None


def _attach_agents(doc: Doc, extra: list[Proposal], proposals: list[Proposal]) -> None:
    """ "Egyptian businessman Karim Fathy": the agent gives the name its country and sector."""
    names = {p.start: p for p in proposals if p.kind == "name"}
    for agent in [a for a in extra if a.kind == "agent"]:
        name = names.get(agent.end)
        if name is None:
            continue
        name.country = name.country or agent.country
        name.sector = name.sector or agent.sector
        agent.kind = "absorbed"


def _descriptor(token: Token) -> bool:
    """A lowercase word describing a person between a demonym and a title or name ("junior", "economist")."""
    return token.is_lower and token.pos_ in ("ADJ", "NOUN")


def _attach_nationalities(doc: Doc, proposals: list[Proposal]) -> None:
    """ "Kuwaiti academic Fahad al-Mutawa", "Nigerian economist Chidi Okafor": a demonym before the
    lowercase words that describe a person we do not know gives the person's country."""
    demonyms = {p.end: p for p in proposals if p.kind == "alias" and best_country(p)}
    for person in (p for p in proposals if p.kind == "name" and not p.country):
        i = person.start
        while i > 0 and _descriptor(doc[i - 1]) and i not in demonyms:
            i -= 1
        nationality = demonyms.get(i)
        if nationality is not None and i < person.start:
            person.country = best_country(nationality)
            nationality.kind = "absorbed"


def _attach_appositives(doc: Doc, proposals: list[Proposal], private_nouns: frozenset[str]) -> None:
    """A name in apposition with a private noun ("her son, Adam") or an indefinite nationality ("Maria, a
    Russian in the camp") is a private individual: placed in the country, never a KB person by a partial name."""
    nationalities = {i: p for p in proposals if p.kind == "alias" and best_country(p) for i in range(p.start, p.end)}
    for person in (p for p in proposals if p.kind == "name"):
        root = doc[person.start : person.end].root
        related = [c for c in root.children if c.dep_ == "appos"]
        if root.dep_ == "appos":
            related.append(root.head)
        for noun in related:
            nationality = nationalities.get(noun.i)
            indefinite = any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in noun.children)
            if noun.lemma_.lower() in private_nouns or noun.lower_ in private_nouns:
                person.private = True
            elif nationality is not None and indefinite:  # "a Russian": someone from Russia, not its state
                person.private = True
                person.country = person.country or best_country(nationality)
                nationality.kind = "absorbed"


def _outside_person_names(doc: Doc, aliases: list[Proposal]) -> list[Proposal]:
    """Drop organisation or country names found inside a longer person's name ("Abdel Fatah el-Sisi")."""
    names = [e for e in doc.ents if e.label_ in ("PERSON", "ORG")]
    kept = []
    for proposal in aliases:
        inside = any(_swallowed(proposal, e) for e in names)
        is_person = any(a.actor.kind == "person" for a in proposal.aliases)
        after_of = proposal.start > 0 and doc[proposal.start - 1].lower_ == "of"
        if inside and not is_person and not after_of:
            continue
        kept.append(proposal)
    return kept


def _swallowed(proposal: Proposal, ent: Span) -> bool:
    """Inside a longer PERSON name, or strictly inside an ORG name ("Southern [Dawn] Battalions")."""
    if ent.label_ == "PERSON":
        return ent.start <= proposal.start and proposal.end <= ent.end and (ent.end - ent.start) > (proposal.end - proposal.start)
    interior = ent.start < proposal.start and proposal.end < ent.end
    return interior and not any(a.actor.kind == "country" for a in proposal.aliases)


def _is_person_proposal(p: Proposal) -> bool:
    return p.kind == "name" or (p.kind == "alias" and any(a.actor.kind == "person" for a in p.aliases))


def _appositive_person(head: Token, people: dict[int, Proposal]) -> Proposal | None:
    for child in head.children:
        if child.dep_ == "appos":
            for start, proposal in people.items():
                if proposal.start <= child.i < proposal.end or start == child.left_edge.i:
                    return proposal
    return None


def _group_reference(token: Token, counts: dict[str, int]) -> Proposal | None:
    """ "the two ministers", "both leaders": a number word (or "both") and a plural noun, after "the" or alone."""
    number = next((c for c in token.lefts if c.lower_ in counts), None)
    if number is None:
        return None
    start = min([number.i, *(c.i for c in token.lefts if c.dep_ == "det")])
    return Proposal("group", start, token.i + 1, word=token.lemma_.lower(), post=str(counts[number.lower_]))


def _definite(token: Token, taken: dict[int, Proposal]) -> Proposal | None:
    """'the site', 'the minister', 'the US website': a reference back to an actor already named.
    Only a determiner and nationality modifiers may precede the noun."""
    lefts = list(token.lefts)
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in lefts):
        return None
    country = None
    for child in lefts:
        if child.dep_ == "det":
            continue
        owner = taken.get(child.i)
        if owner is None or best_country(owner) is None:
            return None
        country = best_country(owner)
    return Proposal("definite", token.i, token.i + 1, word=token.lemma_.lower(), country=country)
