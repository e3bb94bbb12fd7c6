"""Phase two of actor finding: resolve proposals to actors in text order.

Each mention records the rule that resolved it (``alias``, ``surname``, ``fuzzy``, ``title``,
``counterpart``, ``pronoun``, ``reference``, ``agent``, ``provisional``), so every link can be explained.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein
from spacy.tokens import Doc, Span

from dragoman.actors.kb import KnowledgeBase, scope_key
from dragoman.actors.mentions import ProposalFinder, References
from dragoman.actors.proposals import Proposal
from dragoman.records import Actor, Mention, Place, stable_id
from dragoman.sentences import sentence_of

TRANSNATIONAL_SECTORS = ("NGO", "IGO")  # sectors CAMEO also uses as the country code of an unplaced actor
PLURAL_REACH = 60  # tokens back that "they" may look for its group
FUZZY_THRESHOLD = 84.0
FUZZY_MARGIN = 4.0
GIVEN_NAME_SIMILARITY = 75.0
SURNAME_EDITS = 2  # a transliteration changes a letter or two ("Awn", "Aoun"); "Harbi" is not "Buhari"
RULE_RANK = {"name": 0, "alias": 0, "demonym": 1, "capital": 2, "metonym": 2, "place": 3}
SEATS_OF_POWER = ("capital", "metonym")  # alias rules that stand for a country's government
SUBJECT_DEPS = {"nsubj", "nsubjpass"}


@dataclass
class ArticleMemory:
    """What the article has mentioned so far, most recent last."""

    mentions: list[Mention] = field(default_factory=list)
    subjects: set[int] = field(default_factory=set)  # token starts of mentions that are subjects
    groups: list[tuple[int, list[Actor]]] = field(default_factory=list)  # (token start, actors) of plural references
    places: list[Place] = field(default_factory=list)

    def last_group(self, before: int, within: int) -> list[Actor] | None:
        for start, actors in reversed(self.groups):
            if before - within <= start < before:
                return actors
        return None

    def add(self, mention: Mention, subject: bool) -> None:
        self.mentions.append(mention)
        if subject:
            self.subjects.add(mention.token_start)

    def people(self) -> list[Actor]:
        seen: dict[str, Actor] = {}
        for m in self.mentions:
            if m.actor.kind == "person":
                seen.pop(m.actor.id, None)
                seen[m.actor.id] = m.actor
        return list(seen.values())

    def last(self, predicate: object, before: int | None = None) -> Actor | None:
        for m in reversed(self.mentions):
            if (before is None or m.token_start < before) and predicate(m.actor):  # type: ignore[operator]
                return m.actor
        return None

    def last_subject(self, predicate: object, before: int) -> Actor | None:
        """The most recent matching actor that was a grammatical subject (the salient one)."""
        for m in reversed(self.mentions):
            if m.token_start < before and m.token_start in self.subjects and predicate(m.actor):  # type: ignore[operator]
                return m.actor
        return None


@dataclass(frozen=True)
class Resolution:
    """An article's actor mentions (in text order) and the places it names (never actors)."""

    mentions: list[Mention]
    places: list[Place]


class Resolver:
    """Turns a parsed document into resolved mentions."""

    def __init__(self, kb: KnowledgeBase, refs: References) -> None:
        self.kb = kb
        self.refs = refs
        self.finder = ProposalFinder(kb, refs)

    def mentions(self, doc: Doc, day: date | None) -> list[Mention]:
        return self.resolve(doc, day).mentions

    def resolve(self, doc: Doc, day: date | None) -> Resolution:
        """Every actor mention, each with the rule that resolved it and how sure that is, and every place."""
        memory = ArticleMemory()
        proposals = self.finder.find(doc)
        proposed = {i for p in proposals for i in range(p.start, p.end)}
        for proposal in proposals:
            span = doc[proposal.start : proposal.end]
            if proposal.kind == "absorbed":
                if proposal.aliases and all(a.rule == "place" for a in proposal.aliases):
                    memory.places.append(self._place(replace(proposal, kind="alias"), span))  # type: ignore[arg-type]
                continue
            place = self._place(proposal, span)
            if place is not None:
                memory.places.append(place)
                if place.source != "country":
                    continue  # a city, river or seat of power named as a place is no actor
            resolved = self._resolve(proposal, doc, day, memory)
            found = resolved if isinstance(resolved, list) else [resolved] if resolved else []
            subject = any(t.dep_ in SUBJECT_DEPS or t.head.dep_ in SUBJECT_DEPS for t in span)
            for actor, rule in found:
                confidence = self.refs.confidence_of(rule)
                dated = actor.on_day(day)
                mention = Mention(span.start_char, span.end_char, span.text, span.start, span.end, dated, rule, confidence)
                memory.add(mention, subject)
            if len(found) > 1:
                memory.groups.append((span.start, [actor for actor, _ in found]))
            elif found:
                _note_coordination(memory, doc, span)
        places = memory.places + _ner_places(doc, proposed)
        return Resolution(memory.mentions, sorted(places, key=lambda p: p.start))

    # ---- places -----------------------------------------------------------------------------
    def _place(self, p: Proposal, span: Span) -> Place | None:
        """A gazetteer match used as a location: a KB place always; a capital, seat of power or country
        only after a locative preposition ("talks in Moscow", "a ceremony at the White House")."""
        if p.kind != "alias" or not p.aliases:
            return None
        top = min(RULE_RANK.get(a.rule, 9) for a in p.aliases)
        best = [a for a in p.aliases if RULE_RANK.get(a.rule, 9) == top]
        actor, rule = best[0].actor, best[0].rule
        if rule == "place":
            return _place_of(span, actor.id, actor.name, actor.country, "kb")
        if actor.kind != "country" or not self._locative(span):
            return None
        source = "capital" if rule in SEATS_OF_POWER else "country" if rule in ("name", "alias") else None
        if source is None:
            return None
        return _place_of(span, f"place:{actor.id}:{self.kb.rules.key(span.text)}", span.text, actor.id, source)

    def _locative(self, span: Span) -> bool:
        doc = span.doc
        before = span.start - 1
        while before >= 0 and doc[before].lower_ == "the":
            before -= 1
        return before >= 0 and doc[before].lower_ in self.refs.locative_preps and doc[before].pos_ == "ADP"

    def whole_name(self, doc: Doc, day: date | None) -> Mention | None:
        """Resolve the whole text as one person's name (for look-ups NER does not tag)."""
        if any(a.rule == "place" for a in self.kb.lookup_key(self.kb.rules.key(doc.text))):
            return None  # "Raqqa" is a place, never an actor
        found = self._name(Proposal("name", 0, len(doc)), doc, day, ArticleMemory())
        if found is None:
            return None
        actor, rule = found
        return Mention(0, len(doc.text), doc.text, 0, len(doc), actor.on_day(day), rule, self.refs.confidence_of(rule))

    def _resolve(self, p: Proposal, doc: Doc, day: date | None, memory: ArticleMemory) -> tuple[Actor, str] | None:
        if p.kind == "group":
            return self._group(p, doc, day, memory)  # type: ignore[return-value]
        if p.kind == "pronoun" and p.word in self.refs.plural_pronouns:
            return self._they(p, memory)  # type: ignore[return-value]
        handler = {
            "alias": self._alias,
            "name": self._name,
            "title": self._title,
            "agent": self._agent,
            "counterpart": self._counterpart,
            "pronoun": self._pronoun,
            "definite": self._definite,
            "org": self._org,
        }[p.kind]
        return handler(p, doc, day, memory)

    # ---- names ------------------------------------------------------------------------------
    def _alias(self, p: Proposal, doc: Doc, day: date | None, memory: ArticleMemory) -> tuple[Actor, str] | None:
        top = min(RULE_RANK.get(a.rule, 9) for a in p.aliases)
        actors = _unique([a.actor for a in p.aliases if RULE_RANK.get(a.rule, 9) == top])
        chosen = self._choose(actors, p, day, memory)
        if chosen is None:
            return self._provisional(p, doc)
        alias = next(a for a in p.aliases if a.actor.id == chosen.id)
        if alias.rule == "demonym" and chosen.kind == "country" and _indefinite(doc[p.start : p.end]):
            return self._generic(chosen.id, "CVL"), f"agent:CVL:{alias.text}"  # "a Russian in the camp"
        if alias.rule in SEATS_OF_POWER and chosen.kind == "country":
            # "the Kremlin said", "Beijing accused": the seat of power is the government, not the country
            sector = self.refs.metonym_sectors.get(self.kb.rules.key(alias.text), "GOV")
            return self._generic(chosen.id, sector), f"{alias.rule}:{alias.text}"
        return chosen, f"{alias.rule}:{alias.text}"

    def _name(self, p: Proposal, doc: Doc, day: date | None, memory: ArticleMemory) -> tuple[Actor, str] | None:
        text = doc[p.start : p.end].text
        pieces, _ = self.kb.rules.strip_honorifics(self.kb.rules.pieces(text))
        if not pieces:
            return None
        key = " ".join(pieces)
        stages = [self._from_memory, self._exact]
        if not p.private:  # "her son, Adam": a private person is nobody in the KB by a partial name
            stages += [self._surname, self._given, self._fuzzy]
        for stage in stages:
            found = stage(pieces, key, p, day, memory)
            if found is not None:
                return found
        return self._provisional(p, doc)

    def _from_memory(
        self, pieces: list[str], key: str, p: Proposal, day: date | None, memory: ArticleMemory
    ) -> tuple[Actor, str] | None:
        for actor in reversed(memory.people()):
            names = [self.kb.rules.key(n).split() for n in (actor.name, *actor.aliases)]
            if any(_part_of(pieces, name) for name in names):
                return actor, "in-article"
        return None

    def _exact(
        self, pieces: list[str], key: str, p: Proposal, day: date | None, memory: ArticleMemory
    ) -> tuple[Actor, str] | None:
        actors = _unique([a.actor for a in self.kb.lookup_key(key) if a.actor.kind == "person"])
        chosen = self._choose(actors, p, day, memory)
        return (chosen, "alias") if chosen else None

    def _surname(
        self, pieces: list[str], key: str, p: Proposal, day: date | None, memory: ArticleMemory
    ) -> tuple[Actor, str] | None:
        candidates = self.kb.surnames.get(pieces[-1], [])
        if len(pieces) == 1:
            return self._bare_surname(pieces[0], candidates, p, day)
        candidates = [a for a in candidates if self._given_similar(a, pieces[0])]
        chosen = self._choose(candidates, p, day, memory)
        return (chosen, "surname") if chosen is not None else None

    def _bare_surname(self, word: str, candidates: list[Actor], p: Proposal, day: date | None) -> tuple[Actor, str] | None:
        """A single word ("Lavrov", "Adam", "Maria") resolves only with support: a title or nationality
        from the article (which must fit), or, with none, a word the KB uses no more often as a given name
        than as a surname, and a single KB bearer (or a single one holding a post that day). Names
        mentioned in full earlier were matched before this (`_from_memory`)."""
        if p.country or p.post:
            chosen = self._choose(candidates, p, day, ArticleMemory(), strict=True)
            return (chosen, "surname") if chosen is not None else None
        if len(self.kb.given.get(word, ())) > len(candidates):
            return None  # "her son, Adam", "wrote Maria", "Ali said": mostly a given name, and alone it names nobody
        active = [a for a in candidates if a.role_on(day) is not None]
        if len(candidates) == 1:
            return candidates[0], "surname" if active else "surname-undated"
        if len(active) == 1:
            return active[0], "surname-dated"
        return self._shared_country(candidates)

    def _shared_country(self, candidates: list[Actor]) -> tuple[Actor, str] | None:
        """ "the Bush administration": which Bush is unclear, but both were American presidents, so the
        mention is the country's government (or whatever sector they share), not an unknown."""
        countries = {a.country for a in candidates}
        sectors = {a.sector for a in candidates}
        if len(candidates) < 2 or len(countries) != 1 or None in countries:
            return None
        country = countries.pop()
        sector = sectors.pop() if len(sectors) == 1 and None not in sectors else "GOV"
        return self._generic(country, sector or "GOV"), f"surname-of-several:{country}"

    def _given(
        self, pieces: list[str], key: str, p: Proposal, day: date | None, memory: ArticleMemory
    ) -> tuple[Actor, str] | None:
        if len(pieces) > 1 or not p.post:
            return None  # "Prince Mohammed", "King Abdullah"; a nationality alone does not name "Maria, a Russian"
        chosen = self._choose(self.kb.given.get(pieces[0], []), p, day, memory, strict=True)
        return (chosen, "title+given-name") if chosen else None

    def _fuzzy(
        self, pieces: list[str], key: str, p: Proposal, day: date | None, memory: ArticleMemory
    ) -> tuple[Actor, str] | None:
        if len(pieces) < 2:
            return None
        pool = _unique([*self.kb.given.get(pieces[0], []), *self.kb.surnames.get(pieces[-1], [])])
        pool += [a for a in self.kb.surnames_by_initial(pieces[-1][:2]) if a not in pool]
        pool = [a for a in pool if self._surname_similar(a, pieces[-1])]  # "Mohammed al-Harbi" is no Muhammadu Buhari
        scored = sorted(
            ((max(fuzz.ratio(key, self.kb.rules.key(n)) for n in (a.name, *a.aliases)), a) for a in pool),
            key=lambda pair: -pair[0],
        )
        if not scored or scored[0][0] < FUZZY_THRESHOLD:
            return None
        if len(scored) > 1 and scored[0][0] - scored[1][0] < FUZZY_MARGIN:
            return None  # two close candidates: refuse rather than guess
        return scored[0][1], f"fuzzy:{scored[0][0]:.0f}"

    def _surname_similar(self, actor: Actor, surname: str) -> bool:
        return any(Levenshtein.distance(pieces[-1], surname) <= SURNAME_EDITS for pieces in self._name_pieces(actor))

    def _given_similar(self, actor: Actor, given: str) -> bool:
        return any(fuzz.ratio(pieces[0], given) >= GIVEN_NAME_SIMILARITY for pieces in self._name_pieces(actor))

    def _name_pieces(self, actor: Actor) -> list[list[str]]:
        """The normalised words of each of an actor's names, without honorifics."""
        found = (self.kb.rules.strip_honorifics(self.kb.rules.pieces(n))[0] for n in (actor.name, *actor.aliases))
        return [pieces for pieces in found if pieces]

    def _choose(
        self, actors: list[Actor], p: Proposal, day: date | None, memory: ArticleMemory, strict: bool = False
    ) -> Actor | None:
        """One actor among candidates, by context country, post, date and the article so far."""
        if p.country:
            narrowed = [a for a in actors if a.country == p.country or any(r.country == p.country for r in a.roles)]
            actors = narrowed or ([] if strict else actors)
        if p.post:
            narrowed = [a for a in actors if any(r.post == p.post for r in a.roles)]
            actors = narrowed or ([] if strict else actors)
            if strict and len(actors) > 1:  # "King Abdullah" in 2018: the one holding the post that day
                actors = [a for a in actors if any(r.post == p.post and r.active_on(day) for r in a.roles)] or actors
        if len(actors) > 1:
            active = [a for a in actors if a.kind != "person" or a.role_on(day) is not None]
            actors = active or actors
        if len(actors) > 1:
            seen = {a.id for a in memory.people()}
            actors = [a for a in actors if a.id in seen] or actors
        return actors[0] if len(actors) == 1 else None

    # ---- titles, counterparts, references --------------------------------------------------
    def _title(self, p: Proposal, doc: Doc, day: date | None, memory: ArticleMemory) -> tuple[Actor, str] | None:
        scope = scope_key(p.org or p.country or "") or None
        post = p.post or ""
        in_article = memory.last(lambda a: _holds(a, post, scope, day))
        if in_article is not None:
            return in_article, f"title+in-article:{post}"
        if scope is None:
            return None
        by_title = _unique([a for a, _ in self.kb.titled_holders(p.word, scope, day)]) if p.word else []
        if len(by_title) == 1:
            return by_title[0], f"title:{p.word}@{scope}"
        holders = _unique([a for a, _ in self.kb.holders(post, scope, day)])
        if len(holders) == 1:
            return holders[0], f"title:{post}@{scope}"
        if p.org and p.org in self.kb.actors:  # "the UN envoy", nobody known that day: the body itself (IGO)
            return self.kb.actors[p.org], f"title-unresolved:{post}@{scope}"
        return self._generic(p.country, "GOV", p.org), f"title-unresolved:{post}@{scope}"

    def _counterpart(self, p: Proposal, doc: Doc, day: date | None, memory: ArticleMemory) -> tuple[Actor, str] | None:
        sentence_start = sentence_of(doc[p.start]).start
        anchor = memory.last(lambda a: a.kind == "person" and a.role_on(day) is not None, before=p.start)
        if anchor is None or (memory.mentions and memory.mentions[-1].token_start < sentence_start - 200):
            return self._generic(p.country, "GOV"), "counterpart-unresolved"
        role = anchor.role_on(day)
        holders = _unique([a for a, _ in self.kb.holders(role.post, p.country or "", day)]) if role else []
        if len(holders) == 1:
            return holders[0], f"counterpart:{role.post if role else ''}@{p.country}"
        return self._generic(p.country, "GOV"), "counterpart-unresolved"

    def _pronoun(self, p: Proposal, doc: Doc, day: date | None, memory: ArticleMemory) -> tuple[Actor, str] | None:
        gender = self.refs.pronouns.get(p.word)

        def fits(actor: Actor) -> bool:
            return actor.kind == "person" and actor.gender in (None, gender)

        actor = memory.last_subject(fits, before=p.start) or memory.last(fits, before=p.start)
        return (actor, f"pronoun:{p.word}") if actor else None

    def _group(self, p: Proposal, doc: Doc, day: date | None, memory: ArticleMemory) -> list[tuple[Actor, str]]:
        """ "the two ministers": the last N distinct actors that fit, named before."""
        spec = self.refs.groups[p.word]
        kinds = set(spec.get("kinds", ()))  # type: ignore[call-overload]
        post = str(spec.get("post") or "")
        count = int(p.post or 2)
        chosen: list[Actor] = []
        for m in reversed(memory.mentions):
            actor = m.actor
            if m.token_start >= p.start or actor.kind not in kinds or any(a.id == actor.id for a in chosen):
                continue
            role = actor.role_on(day) if actor.kind == "person" else None
            if post and (role is None or post not in role.post):
                continue
            chosen.append(actor)
            if len(chosen) == count:
                return [(a, f"group:the {count} {p.word}s") for a in reversed(chosen)]
        return []

    def _they(self, p: Proposal, memory: ArticleMemory) -> list[tuple[Actor, str]]:
        """ "they": the last group of actors (a plural reference or coordinated actors) in the last few sentences."""
        group = memory.last_group(p.start, within=PLURAL_REACH)
        return [(a, f"pronoun:{p.word}") for a in group] if group else []

    def _definite(self, p: Proposal, doc: Doc, day: date | None, memory: ArticleMemory) -> tuple[Actor, str] | None:
        spec = self.refs.definites[p.word]
        kinds = set(spec.get("kinds", ()))  # type: ignore[call-overload]
        post = str(spec.get("post") or "")
        sector = str(spec.get("sector") or "")

        def fits(actor: Actor) -> bool:
            if actor.kind not in kinds or (p.country and actor.country and actor.country != p.country):
                return False
            if actor.kind == "generic" and sector and actor.sector != sector:
                return False  # "the court ordered the government to ...": the government is not the court
            if actor.kind == "person" and post:
                role = actor.role_on(day)
                return role is not None and post in role.post
            return True

        if kinds == {"country"}:
            return self._country_reference(p, memory, str(spec.get("name_word") or ""))
        actor = memory.last_subject(fits, before=p.start) or memory.last(fits, before=p.start)
        if actor is None and sector:  # "the government said": nobody named before, so an unnamed government
            return self._generic(p.country, sector), f"agent:{sector}"
        return (actor, f"reference:the {p.word}") if actor else None

    def _country_reference(self, p: Proposal, memory: ArticleMemory, name_word: str) -> tuple[Actor, str] | None:
        """ "the country", "the Kingdom": the country of the latest actor named before (a country, or a
        person's or agency's country), which for "the Kingdom" must be a kingdom by name."""
        for mention in reversed(memory.mentions):
            actor = mention.actor
            country = self.kb.country(actor.id if actor.kind == "country" else actor.country)
            if mention.token_start >= p.start or country is None or country.kind != "country":
                continue
            if name_word and not any(name_word in n.lower() for n in (country.name, *country.aliases)):
                continue
            return country, f"reference:the {p.word}"
        return None

    # ---- agents and unknowns -----------------------------------------------------------------
    def _agent(self, p: Proposal, doc: Doc, day: date | None, memory: ArticleMemory) -> tuple[Actor, str] | None:
        if p.org and p.org in self.kb.actors:
            return self.kb.actors[p.org], f"agent-of-org:{p.sector}"
        return self._generic(p.country, p.sector or "GOV"), f"agent:{p.sector}"

    def _org(self, p: Proposal, doc: Doc, day: date | None, memory: ArticleMemory) -> tuple[Actor, str] | None:
        """NER calls some people organisations ("Lavrov said"): try them as a person's name first."""
        text = doc[p.start : p.end].text
        pieces, _ = self.kb.rules.strip_honorifics(self.kb.rules.pieces(text))
        key = " ".join(pieces)
        remembered = self._from_memory(pieces, key, p, day, memory) if pieces else None
        if remembered is not None:
            return remembered  # "Guterres said" after "Antonio Guterres", whatever the tagger makes of it
        if pieces and all(t.pos_ == "PROPN" for t in doc[p.start : p.end]):
            for stage in (self._exact, self._surname, self._fuzzy):
                found = stage(pieces, key, p, day, memory)
                if found is not None:
                    return found
        return self._provisional(p, doc)

    def _generic(self, country: str | None, sector: str, org: str | None = None) -> Actor:
        scope = org or country
        base = self.kb.actors.get(scope) if scope else None
        label = self.refs.agent_names.get(sector) or self.refs.sectors.get(sector, sector.lower())
        owner = (self.kb.demonyms.get(base.id) or base.name) if base else None  # "Syrian health workers"
        name = f"{owner} {label}" if owner else label.capitalize()
        code = base.country if base and base.country else country
        code = code or (sector if sector in TRANSNATIONAL_SECTORS else None)  # "a human rights group": NGO, as CAMEO codes it
        return Actor(id=f"{scope or 'UNK'}-{sector}", name=name, kind="generic", country=code, sector=sector)

    def _owner_country(self, doc: Doc, start: int) -> str | None:
        """ "Albania's Socialist Party": an unknown organisation owned by a country is of that country."""
        if start < 2 or doc[start - 1].lower_ not in ("'s", "’s"):
            return None
        found = [a.actor for a in self.kb.lookup_key(self.kb.rules.key(doc[start - 2].text)) if a.actor.kind == "country"]
        return found[0].id if found else None

    def _provisional(self, p: Proposal, doc: Doc) -> tuple[Actor, str] | None:
        text = doc[p.start : p.end].text
        key = self.kb.rules.key(text)
        if not key:
            return None
        kind = "person" if p.kind == "name" else "organisation"
        country = p.country or (self._owner_country(doc, p.start) if kind == "organisation" else None)
        # "Hungarian Foreign Minister Peter Szijjarto", unknown to the KB: a titled person is the government
        sector = p.sector or ("CVL" if p.private else "GOV" if p.post and kind == "person" else None)
        actor = Actor(
            id=stable_id("prov", kind, key),
            name=text,
            kind=kind,
            country=country,
            sector=sector,
            known=False,
        )
        return actor, "private" if p.private else "provisional"


def _note_coordination(memory: ArticleMemory, doc: Doc, span: Span) -> None:
    """Coordinated actors ("Israel and Hamas") form a group that "they" can point back to."""
    last = memory.mentions[-1]
    head = span.root.head
    if span.root.dep_ != "conj" or head.i == span.root.i or head.dep_ not in SUBJECT_DEPS:
        return  # only coordinated subjects ("Israel and Hamas agreed ...") make a group
    partners = [m.actor for m in memory.mentions[:-1] if m.token_start <= head.i < m.token_end]
    if not partners:
        return
    group = next((g for start, g in reversed(memory.groups) if start == head.i), None)
    if group is not None:  # a third member of the same coordination
        group.append(last.actor)
    else:
        memory.groups.append((head.i, [*partners, last.actor]))


def _part_of(pieces: list[str], name: list[str]) -> bool:
    """The whole name, or its start or end: "Johnson" after "Boris Johnson", "Wang" after "Wang Yi",
    "Abdul-Mahdi" after "Adil Abdul-Mahdi"."""
    n = len(pieces)
    return pieces == name or (0 < n < len(name) and (name[-n:] == pieces or name[:n] == pieces))


def _holds(actor: Actor, post: str, scope: str | None, day: date | None) -> bool:
    role = actor.role_on(day) if actor.kind == "person" else None
    if role is None:
        return False
    if scope is None:
        return post in role.post  # "the minister": any ministerial post
    return role.post == post and scope in (scope_key(role.country or ""), scope_key(role.org or ""))


def _unique(actors: list[Actor]) -> list[Actor]:
    seen: dict[str, Actor] = {}
    for actor in actors:
        seen.setdefault(actor.id, actor)
    return list(seen.values())


def _place_of(span: Span, ident: str, name: str, country: str | None, source: str) -> Place:
    return Place(span.text, span.start_char, span.end_char, span.start, span.end, ident, name, country, source)


NER_PLACES = ("GPE", "LOC", "FAC")


def _ner_places(doc: Doc, covered: set[int]) -> list[Place]:
    """Places the NER tags that no proposal covers ("the Kingdom" is a reference, not a place): recorded
    with no country."""
    found = []
    for ent in doc.ents:
        if ent.label_ in NER_PLACES and not any(i in covered for i in range(ent.start, ent.end)):
            found.append(_place_of(ent, stable_id("place", ent.text.lower()), ent.text, None, "ner"))
    return found


def _indefinite(span: Span) -> bool:
    """ "a Russian", "two Britons": people of a nationality, not its state."""
    root = span.root
    return root.pos_ in ("NOUN", "PROPN", "ADJ") and any(
        (c.dep_ == "det" and c.lower_ in ("a", "an")) or c.dep_ == "nummod" for c in root.children
    )
