"""The event coder: triggers from the lexicon, actors from the parse, modality from cue words."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from spacy.tokens import Doc, Span, Token

from dragoman.dates import event_date
from dragoman.events.arguments import LOCATION_KINDS, NOUN_SOURCE_PREPS, NOUN_TARGET_PREPS, PLACE_KINDS, TARGET_PREPS
from dragoman.events.lexicon import Lexicon, TriggerEntry
from dragoman.events.model import (
    CLAUSE_DEPS,
    DEFAULT_CODES,
    YIELD,
    EventModel,
    RuleProposal,
    event_features,
    label_of,
    sentence_features,
)
from dragoman.events.shapes import (
    for_clauses,
    infinitive_clauses,
    infinitive_subjects,
    instrument_agents,
    is_negated,
    local_tokens,
    object_candidates,
    participle_lemma,
    relative_gap,
    stative_subjects,
    trailing_report,
    what_an_amount_is_in,
    within,
)
from dragoman.ontology import Ontology
from dragoman.records import UNIDENTIFIED, Actor, Article, Event, Evidence, Mention, Ref, stable_id
from dragoman.sentences import sentence_index, sentence_of
from dragoman.syntax import MentionIndex, children, prep_objects, skipped_tokens, subject_tokens

MODIFIER_SOURCE_DEPS = ("poss", "amod", "compound", "nmod")
PARTNER_PREPS = ("with", "against")
REQUEST_ROOTS = ("02", "10")
ACCUSE_ROOT = "11"
PROTEST_ROOT = "14"
CONSULT_ROOT = "04"
ULTIMATUM = "139"
PLACE_PREPS = ("in", "near", "outside", "at", "inside", "across", "around")
PLACE_ENTITIES = ("GPE", "LOC", "FAC")  # spaCy entity types that name places
SIDE_CLAUSE_DEPS = ("pobj", "advcl", "pcomp")  # adjuncts and participial clauses
SURE_RULE = 0.9  # a rule event this confident (a verb, a specific entry, a target) is re-scored, never dropped
BORDER_WORDS = ("border", "frontier", "boundary", "line")
FORCE_ROOTS = ("18", "19", "20")
MOBILIZE_ROOT = "15"
CONFLICT_ROOTS = ("12", "14", "15", "16", "17", "18", "19", "20")  # acts that, made conditional, are threats
SHOW_OF_FORCE = "150"
VIOLENT_PROTEST = "145"
DEMONSTRATION = "141"
BLOCKADE = "191"
CIVIL_BLOCKADE = "144"
STATE_SECTORS = ("GOV", "MIL", "COP", "JUD", "LEG", "SPY")  # sectors of the state, who do not protest
CONDITION_MARKS = {"if", "unless"}
GROUNDS_ROOTS = ("09", "16", "17")  # acts a charge can be the grounds for: investigate, sanction, coerce
PARTICLES = ("down", "up", "off", "out")  # a phrasal verb's particle the parser may take for a preposition
PROVIDING_VERBS = ("provide", "supply", "furnish", "equip", "arm")  # "provided Colombia with loans": the thing given
PERSON_OBJECT = "<person>"  # in an object constraint: any person's name
MATCHES = "trigger_matches"  # Doc._.trigger_matches: this document's trigger matches by token index


@dataclass(frozen=True, slots=True)
class Match:
    trigger: Token
    entry: TriggerEntry
    obj: Token | None


if not Doc.has_extension(MATCHES):
    Doc.set_extension(MATCHES, default=None)


def _matches_of(doc: Doc) -> dict[int, Match]:
    return doc._.get(MATCHES) or {}


@dataclass(frozen=True, slots=True)
class Modality:
    kind: str  # act, intent, threat, refusal, conditional, obligation, requested
    negated: bool
    hypothetical: bool


@dataclass(frozen=True, slots=True)
class Roles:
    sources: list[Mention]
    targets: list[Mention]
    inherited: bool


class EventCoder:
    """Codes events in a parsed, actor-annotated document."""

    def __init__(self, lexicon: Lexicon, ontology: Ontology, model: EventModel | None = None) -> None:
        self.lexicon = lexicon
        self.ontology = ontology
        self.model = model  # the learned event model: scores, drops and adds events when set

    def code(self, doc: Doc, mentions: list[Mention], article: Article) -> list[Event]:
        index = MentionIndex(mentions, skipped_tokens(doc))
        matches = sorted(self._matches(doc), key=lambda m: m.entry.pos != "VERB")  # verbs first
        events: dict[tuple[int, str, str | None, str], Event] = {}
        consumed: set[int] = set()  # object nouns of light verbs that produced events ("held talks")
        for match in matches:
            if match.trigger.i in consumed:
                continue
            coded = self._events(match, index, article)
            if coded and match.obj is not None:
                consumed.add(match.obj.i)
            for event in coded:
                key = (sentence_index(match.trigger), event.source.id, event.target.id if event.target else None, event.cameo)
                if key not in events or events[key].confidence < event.confidence:
                    events[key] = event
        for trigger, event in self._demands(doc, index, article) + self._ultimatums(doc, index, article):
            key = (sentence_index(trigger), event.source.id, event.target.id if event.target else None, event.cameo)
            events.setdefault(key, event)
        by_start = {t.idx: t.i for t in doc}  # a trigger's character offset -> its token
        coded = _fold_protest_aims(doc, list(events.values()), by_start)
        if self.model is not None:
            coded = self._learned(doc, coded, index, article, self.model, by_start)
        return merge_duplicates(sorted(coded, key=lambda e: (e.trigger_start, e.source.start)))

    # ---- the learned model --------------------------------------------------------------------
    def _learned(
        self, doc: Doc, events: list[Event], index: MentionIndex, article: Article, model: EventModel, by_start: dict[int, int]
    ) -> list[Event]:
        """Score every rule event with the learned model, add the sentence typer's reading where no rule
        event has its type, and keep the candidates the scorer rates at least `model.keep`; an event's
        confidence is its score."""
        sentences = list(doc.sents)
        by_sentence: dict[int, list[Event]] = {}
        unscored: list[Event] = []
        for event in events:
            if event.plover is None or event.trigger_start not in by_start:
                unscored.append(event)
            else:
                by_sentence.setdefault(event.sentence, []).append(event)
        rows = [
            sentence_features(sentence, self._proposals(doc, by_sentence.get(i, []), by_start))
            for i, sentence in enumerate(sentences)
        ]
        candidates: list[tuple[Event, dict[str, float]]] = []
        for i, (sentence, probabilities) in enumerate(zip(sentences, model.sentence_probabilities(rows), strict=True)):
            candidates += self._candidates(doc, sentence, by_sentence.get(i, []), probabilities, index, article, model, by_start)
        scores = model.scores([features for _, features in candidates])
        kept = [
            replace(e, confidence=round(s, 3))
            for (e, _), s in zip(candidates, scores, strict=True)
            if s >= model.keep
            or e.confidence >= SURE_RULE
            or (s >= model.keep / 4 and self._side_event(doc[by_start[e.trigger_start]]))
        ]
        return unscored + kept

    def _side_event(self, trigger: Token) -> bool:
        """An event in an adjunct or participial clause ("after a week of fighting", "..., calling on all parties
        to de-escalate") or a noun carried by a support verb ("mounted an invasion") is easier to keep: PLV
        labels one event a sentence, so the scorer learned to doubt every second one; a quarter of the usual score keeps it."""
        return trigger.dep_ in SIDE_CLAUSE_DEPS or self._supported_noun(trigger)

    def _proposals(self, doc: Doc, events: list[Event], by_start: dict[int, int]) -> list[RuleProposal]:
        return [RuleProposal(label_of(e.plover) or "", e.confidence, doc[by_start[e.trigger_start]]) for e in events]

    def _candidates(
        self,
        doc: Doc,
        sentence: Span,
        events: list[Event],
        probabilities: dict[str, float],
        index: MentionIndex,
        article: Article,
        model: EventModel,
        by_start: dict[int, int],
    ) -> list[tuple[Event, dict[str, float]]]:
        """A sentence's rule events, and the typer's reading when no rule event has its type, with the
        scorer's features of each."""
        labels = {label_of(e.plover) for e in events}
        found = [
            (
                e,
                event_features(
                    label_of(e.plover) or "", probabilities, e.confidence, doc[by_start[e.trigger_start]], len(labels), e.negated
                ),
            )
            for e in events
        ]
        best = max(probabilities, key=probabilities.__getitem__)
        if best not in labels and probabilities[best] >= model.add:
            taken = {by_start[e.trigger_start] for e in events}  # a verb the rules coded keeps their reading
            for event in self._added(sentence, best, index, article, taken):
                trigger = doc[by_start[event.trigger_start]]
                found.append((event, event_features(best, probabilities, None, trigger, len(labels), event.negated)))
        return found

    def _added(self, sentence: Span, label: str, index: MentionIndex, article: Article, taken: set[int]) -> list[Event]:
        """The events of the typer's reading, at the first clause verb (the root first) that gives one with a
        named source: verbs whose lexicon entries have that type first (with that entry's code), then the
        other verbs that are not verbs of saying (with the type's general code)."""
        verbs = [t for t in sentence if t.pos_ == "VERB" and t.dep_ in CLAUSE_DEPS and t.i not in taken]
        verbs.sort(key=lambda t: (t.dep_ != "ROOT", t.i))
        typed: list[tuple[Token, str]] = []
        plain: list[tuple[Token, str]] = []
        general = DEFAULT_CODES["RETREAT" if label == YIELD else label]
        for verb in verbs:
            codes = [e.code for e in self.lexicon.entries(verb.lemma_.lower(), "VERB")]
            code = next((c for c in codes if label_of(self.ontology[c].plover) == label), None)
            if code is not None:
                typed.append((verb, code))
            elif not self.lexicon.has("reporting_verbs", verb.lemma_.lower()):
                plain.append((verb, general))
        for verb, code in typed + plain:
            match = Match(verb, TriggerEntry(verb.lemma_.lower(), "VERB", code), None)
            events = self._events(match, index, article, learned=0.5)
            if events:
                return events
        return []

    def _supported_noun(self, trigger: Token) -> bool:
        """ "mounted an invasion", "announced a suspension": the noun carries the event, which the typer
        (taught on verbs) cannot judge."""
        supported = self.lexicon.has("support_verbs", trigger.head.lemma_.lower())
        return trigger.pos_ == "NOUN" and trigger.dep_ == "dobj" and supported

    def _demands(self, doc: Doc, index: MentionIndex, article: Article) -> list[tuple[Token, Event]]:
        """ "Russia said Sudan must return the helicopter", "the leaders insisted that Fiji's rulers hold
        elections": a demand (100) on Sudan or Fiji's rulers."""
        found: list[tuple[Token, Event]] = []
        for token in doc:
            if token.dep_ != "ccomp" or not (self._obligation(token) or self._mandative(token)):
                continue
            speakers, _ = subject_tokens(token.head)
            sources = _first_actors(speakers, index)
            targets = _first_actors(children(token, "nsubj", "nsubjpass"), index)
            match = Match(token, TriggerEntry(token.lemma_.lower(), "VERB", "100"), None)
            modality = Modality("act", is_negated(token), False)
            day = event_date(token, article.date)
            for source in sources:
                for target in targets or [None]:  # type: ignore[list-item]
                    if target is None or target.actor.id != source.actor.id:
                        event = self._event(article, sentence_of(token), match, "100", source, target, modality, 0.6, day, None)
                        found.append((token, event))
        return found

    def _obligation(self, clause: Token) -> bool:
        """ "Russia said Sudan must return ..."."""
        reported = self.lexicon.has("reporting_verbs", clause.head.lemma_.lower())
        return reported and any(self.lexicon.has("obligation_aux", a.lemma_.lower()) for a in children(clause, "aux"))

    def _mandative(self, clause: Token) -> bool:
        """ "insisted that the rulers hold elections": a bare verb after a verb of insisting is a demand."""
        base = clause.tag_ == "VB" or (clause.tag_ == "VBP" and clause.lemma_ != "be")  # "that the rulers hold"
        bare = base and not children(clause, "aux") and bool(children(clause, "nsubj"))
        return bare and self.lexicon.has("mandative_verbs", clause.head.lemma_.lower())

    def _ultimatums(self, doc: Doc, index: MentionIndex, article: Article) -> list[tuple[Token, Event]]:
        """ "NATO told the Serbs to withdraw their guns or face air strikes", "gave the junta a week to
        reinstate the president or face intervention": a demand with a penalty is an ultimatum (139)."""
        found: list[tuple[Token, Event]] = []
        for token in doc:
            demand = token.head
            penalty = token.lemma_.lower() == "face" and token.dep_ == "conj"
            if not penalty or not any(c.lower_ == "or" for c in children(demand, "cc")):
                continue
            top = demand.head if demand.dep_ in ("xcomp", "ccomp", "acl", "advcl") else None
            while top is not None and top.pos_ == "NOUN" and top.dep_ in ("dobj", "npadvmod"):  # "gave X a week to ..."
                top = top.head
            if top is None or top.pos_ != "VERB" or top.i == demand.i:
                continue
            speakers, _ = subject_tokens(top)
            sources = _first_actors(speakers, index)
            targets = _first_actors(children(top, "dobj", "dative") + children(demand, "nsubj"), index)
            match = Match(top, TriggerEntry(top.lemma_.lower(), "VERB", ULTIMATUM), None)
            modality = Modality("act", False, False)
            day = event_date(top, article.date)
            for source, target in _pairs(sources, targets):
                event = self._event(article, sentence_of(top), match, ULTIMATUM, source, target, modality, 0.55, day, None)
                found.append((top, event))
        return found

    # ---- triggers ---------------------------------------------------------------------------
    def _matches(self, doc: Doc) -> list[Match]:
        found = [m for m in (self._match(t) for t in doc) if m is not None]
        doc._.set(MATCHES, {m.trigger.i: m for m in found})  # looked up again by _requested
        modal_heads = {
            m.trigger.head.i for m in found if m.trigger.dep_ == "xcomp" and self._modal_word(m.trigger.head) is not None
        }
        return [m for m in found if m.trigger.i not in modal_heads]

    def _match(self, token: Token) -> Match | None:
        main_be = token.pos_ == "AUX" and token.dep_ not in ("aux", "auxpass")  # "have been on strike for a week"
        pos = "VERB" if token.pos_ == "VERB" or main_be else "NOUN" if token.pos_ in ("NOUN", "PROPN") else None
        lemma = token.lemma_.lower()
        if token.pos_ == "ADJ" and token.dep_ == "acomp":
            lemma = participle_lemma(token, self.lexicon.words.get("stative_passives", frozenset())) or lemma
            pos = "VERB" if lemma != token.lemma_.lower() else None
        if pos is None or token.ent_type_ in ("PERSON", "GPE", "ORG", "NORP", "DATE", "TIME"):  # not "in March"
            return None
        best: Match | None = None
        light = self.lexicon.words.get("light_nouns", frozenset())
        audience = self.lexicon.words.get("audience_nouns", frozenset())
        entries = self.lexicon.entries(lemma, pos)
        objects = _objects(token) if any(e.obj for e in entries) else []  # the same for every entry
        for entry in entries:
            match = _fit(token, entry, light, audience, objects)
            if match is not None and (best is None or entry.specificity > best.entry.specificity):
                best = match
        if pos == "NOUN" and (best is None or not best.entry.specificity):  # "the expulsion of 50 diplomats" is
            best = self._nominal_match(token, light) or best or self._grounds_match(token, lemma)  # the expelling of them
        if best is not None and self.lexicon.has("command_verbs", lemma) and not self._order_to_others(token):
            best = None if best.entry.clause else best  # "Israel ordered its troops to withdraw": Israel withdraws
        return best

    def _grounds_match(self, noun: Token, lemma: str) -> Match | None:
        """ "jailed them on charges of treason", "detained on suspicion of spying": a charge as the grounds
        for an act is an accusation (whether the act is one of coercion, `_noun_roles` checks)."""
        if self.lexicon.has("charge_nouns", lemma) and noun.dep_ == "pobj" and noun.head.lower_ == "on":
            return Match(noun, TriggerEntry(lemma, "NOUN", "112"), None)
        return None

    def _order_to_others(self, verb: Token) -> bool:
        """Is this "ordered X to act" with X someone else than the orderer's forces? Not "ordered its troops to
        withdraw", "ordered that her citizenship be revoked", "ordered the law to be repealed"."""
        clauses = children(verb, "xcomp") + infinitive_clauses(verb)
        if not clauses or children(clauses[0], "auxpass", "nsubjpass"):
            return False
        objects = children(verb, "dobj") or children(clauses[0], "nsubj")  # "ordered Khan to appear", parsed either way
        if not objects:
            return False
        words = objects + [c for o in objects for c in children(o, "compound")]
        return not any(self.lexicon.has("forces_nouns", w.lemma_.lower()) for w in words)

    def _nominal_match(self, noun: Token, light: frozenset[str]) -> Match | None:
        """ "the suspension of air links": the verb entry ("suspend" + links) with the "of" object."""
        verb = self.lexicon.nominal_verbs.get(noun.lemma_.lower())
        objects = prep_objects(noun, ("of",))
        if verb is None or not objects:
            return None
        candidates = object_candidates(objects, light)
        best: Match | None = None
        for entry in self.lexicon.entries(verb, "VERB"):
            if not entry.obj or entry.prep or entry.particle or entry.mod or entry.clause:
                continue
            obj = next((c for c in candidates if _fills(c, entry.obj)), None)
            if obj is not None and (best is None or entry.specificity > best.entry.specificity):
                best = Match(noun, TriggerEntry(noun.lemma_.lower(), "NOUN", entry.code, entry.obj), obj)
        return best

    def _requested(self, trigger: Token) -> bool:
        """Is this act only what a request or demand asks for ("urged X to resolve", "demanded that Y
        withdraw and pay") or what an accusation alleges ("accused the US of violating rights, ignoring
        international law")?"""
        while trigger.dep_ == "conj" and trigger.head.i != trigger.i:
            trigger = trigger.head
        matches = _matches_of(trigger.doc)

        def code_at(token: Token) -> str:
            match = matches.get(token.i)
            return match.entry.code if match is not None else ""

        head = code_at(trigger.head)
        if trigger.dep_ == "acl":  # "an ultimatum to Ecuador to halt attacks", "allegations that X massacred"
            return head[:2] in (*REQUEST_ROOTS, ACCUSE_ROOT) or head == ULTIMATUM
        if trigger.dep_ in ("ccomp", "xcomp") or trigger in for_clauses(trigger.head):  # "charged that police had
            return head[:2] in (*REQUEST_ROOTS, ACCUSE_ROOT)  # beaten protesters": alleged; "pushed for Iraq to admit"
        if trigger.dep_ in ("pcomp", "pobj") and trigger.head.lower_ == "of":
            return code_at(trigger.head.head)[:2] == ACCUSE_ROOT
        if trigger.dep_ == "advcl" and trigger.tag_ == "VBG":  # "accused X of violating rights, ignoring law": the
            of_clause = any(c.dep_ == "prep" and c.lower_ == "of" and c.i < trigger.i for c in trigger.head.children)
            return head[:2] == ACCUSE_ROOT and of_clause  # parser hangs the next item of the list on the verb
        return False

    def _modal_word(self, head: Token) -> str | None:
        lemma = head.lemma_.lower()
        for kind, group in (
            ("intent", "intent_verbs"),
            ("threat", "threat_verbs"),
            ("refusal", "refusal_verbs"),
            ("failure", "failure_verbs"),
        ):
            if self.lexicon.has(group, lemma):
                return kind
        return None

    # ---- events -----------------------------------------------------------------------------
    def _events(self, match: Match, index: MentionIndex, article: Article, learned: float | None = None) -> list[Event]:
        """The events of a trigger; `learned` is the confidence of a trigger and type the classifier chose."""
        roles = self._roles(match, index)
        sources = roles.sources or self._unidentified(match, roles, index)
        if not sources:
            return []
        modality = self._modality(match.trigger.head if self._supported_noun(match.trigger) else match.trigger)
        if learned is not None and modality.kind in ("obligation", "requested", "condition"):
            return []
        code = self._final_code(match, modality) if learned is None else match.entry.code
        if code is None:
            return []
        sentence = sentence_of(match.trigger)
        reporter = self._reporter(match.trigger, index)
        day = event_date(match.trigger, article.date, future=modality.kind == "intent")
        confidence = self._confidence(match, roles, modality, code) if learned is None else learned
        confidence -= 0.1 if not roles.sources else 0.0  # nobody named did it
        location = _location(match.trigger, index)
        return [
            self._event(article, sentence, match, code, source, target, modality, confidence, day, reporter, location)
            for source, target in _pairs(sources, roles.targets)
        ]

    def _event(
        self,
        article: Article,
        sentence: Span,
        match: Match,
        code: str,
        source: Mention,
        target: Mention | None,
        modality: Modality,
        confidence: float,
        day: date | None,
        reporter: Mention | None,
        location: Mention | None = None,
    ) -> Event:
        code = self._crowd_code(code, source, sentence.doc)
        info = self.ontology[code]
        text = sentence.text.strip()
        start = sentence.start_char + (len(sentence.text) - len(sentence.text.lstrip()))
        trigger = match.trigger
        return Event(
            id=stable_id(
                "ev",
                article.id,
                article.content_hash,
                trigger.idx,
                source.actor.id,
                source.start,
                target.actor.id if target else None,
                target.start if target else None,
                code,
            ),
            article=article.id,
            sentence=sentence_index(match.trigger),
            start=start,
            end=start + len(text),
            text=text,
            date=day,
            source=Ref.of(source, day),
            target=Ref.of(target, day) if target else None,
            cameo=code,
            plover=info.plover,
            mode=info.mode,
            quad_class=info.quad_class,
            goldstein=info.goldstein,
            trigger=trigger.text,
            trigger_start=trigger.idx,
            trigger_end=trigger.idx + len(trigger.text),
            negated=modality.negated,
            confidence=round(confidence, 3),
            reported_by=Ref.of(reporter, day) if reporter else None,
            location=Ref.of(location, day) if location else None,
        )

    def _crowd_code(self, code: str, source: Mention, doc: Doc) -> str:
        """CAMEO's rule for category 14: protesters who burn, storm or clash protest violently (145),
        and protesters who demand something are demonstrating for it (104x -> 141x)."""
        if source.token_end <= source.token_start:
            return code
        head = doc[source.token_start : source.token_end].root
        if code.startswith(BLOCKADE) and self.lexicon.has("civil_sectors", (source.actor.sector or "").lower()):
            return CIVIL_BLOCKADE  # "farmers blocked the border crossing with their tractors"
        if not self.lexicon.has("crowd_nouns", head.lemma_.lower()):
            return code
        if code[:2] in (*FORCE_ROOTS, "17"):
            return VIOLENT_PROTEST
        if code[:2] == "10":
            return "141" + code[3:4] if code.startswith("104") else DEMONSTRATION
        return code

    # ---- roles --------------------------------------------------------------------------------
    def _roles(self, match: Match, index: MentionIndex) -> Roles:
        if match.entry.pos == "NOUN":
            return self._noun_roles(match, index)
        trigger = match.trigger
        passive = bool(children(trigger, "nsubjpass", "auxpass"))
        agents = prep_objects(trigger, ("by",))
        if passive and not agents and match.entry.code[:2] == MOBILIZE_ROOT:  # "riot police were deployed in Seoul":
            return Roles(_first_actors(children(trigger, "nsubjpass"), index), [], False)  # the forces, as CAMEO codes them
        if passive and (agents or not self.lexicon.has("stative_passives", trigger.lemma_.lower())):
            sources = _first_actors(agents, index)
            targets = _first_actors(children(trigger, "nsubjpass"), index)
            return Roles(sources, targets, False)
        subjects, inherited = (stative_subjects(trigger), False) if passive else subject_tokens(trigger)
        if _described_thing(trigger, index, self.lexicon) in subjects:
            subjects = []  # "a resolution that aims to impose a blockade": what a document is for, not an act
        sources = (
            _first_actors(subjects, index)
            or self._pronoun_antecedent(subjects, index)
            or _first_actors([a for a in instrument_agents(subjects) if index.at(a) is not None], index)
            or _name_taken_for_a_verb(trigger, index)
        )
        exclude = {t.i for t in subjects}
        heads: list[Token] = []
        if match.obj is not None and match.obj.dep_ == "pobj" and match.obj.head.lower_ == "with":
            heads += children(trigger, "dobj")  # "provided Libya with intelligence": Libya receives it
        if match.obj is not None:
            heads += prep_objects(match.obj, ("by", *TARGET_PREPS))
        # a partner named right after "with"/"against" ("fought against Iran"); a thing there with an actor inside
        # ("warned the US against arms sales to Taiwan") comes after the direct object
        partners = prep_objects(trigger, PARTNER_PREPS)
        heads += [p for p in partners if index.at(p) is not None]
        if self.lexicon.has("transfer_verbs", trigger.lemma_.lower()):  # "sent food to Lebanon": the recipient
            heads += prep_objects(trigger, ("to",))
        objects = children(trigger, "dobj", "dative", "iobj", "attr")
        if match.entry.code.startswith("04"):  # one consults with partners; a consultation's object is its topic
            objects = [o for o in objects if index.at(o) is not None]
        heads += objects
        heads += [p for p in partners if index.at(p) is None]
        heads += prep_objects(trigger, TARGET_PREPS)
        for clause in [trigger, *children(trigger, "xcomp")]:  # "agreed to hand villages back to Azerbaijan"
            if clause is not trigger:
                heads += children(clause, "dobj", "dative") + prep_objects(clause, TARGET_PREPS)
            heads += [o for adverb in children(clause, "advmod") for o in prep_objects(adverb, TARGET_PREPS)]
        if match.entry.code[:2] in (*REQUEST_ROOTS, ACCUSE_ROOT):  # "demanded that Russia withdraw", "protested that Russia had"
            clauses = children(trigger, "ccomp") + for_clauses(trigger) + [r for r in [trailing_report(trigger)] if r]
            heads += [s for clause in clauses for s in children(clause, "nsubj", "nsubjpass")]
        targets = _first_actors(heads, index, exclude)
        targets = [t for t in targets if all(t is not s for s in sources)]
        return Roles(sources, targets, inherited)

    def _unidentified(self, match: Match, roles: Roles, index: MentionIndex) -> list[Mention]:
        """An act of force against a named target whose agent the sentence does not name ("three US
        servicemen were killed by a roadside bomb", "an explosion killed two Iraqi youths"): the source
        is unidentified. Never for a named or pronoun subject the resolver could not place, nor for deaths
        in accidents and disasters."""
        trigger = match.trigger
        if match.entry.pos != "VERB" or not roles.targets or not self.lexicon.has("unattributed_roots", match.entry.code[:2]):
            return []
        described = _described_thing(trigger, index, self.lexicon) is not None
        if described or trigger.dep_ in ("relcl", "acl") or any(c.tag_ in ("WRB", "WDT", "WP") for c in trigger.children):
            return []  # "an air raid which killed 20 people", "the city where 100 were killed": background
        subjects, _ = subject_tokens(trigger)
        passive = bool(children(trigger, "nsubjpass", "auxpass"))
        if not passive and not subjects:  # "arrested the man for attacking a school": the agent is elsewhere
            return []
        if any(s.pos_ in ("PRON", "PROPN") for s in subjects if s.dep_ != "nsubjpass"):
            return []
        if any(self.lexicon.has("accidents", t.lemma_.lower()) for t in [*subjects, *trigger.subtree]):
            return []
        actor = replace(UNIDENTIFIED, country=_place_country(trigger, index))
        return [Mention(trigger.idx, trigger.idx, "", trigger.i, trigger.i, actor, "unidentified", 0.5)]

    def _noun_roles(self, match: Match, index: MentionIndex) -> Roles:
        noun = match.trigger
        modifiers = [c for c in noun.children if c.dep_ in MODIFIER_SOURCE_DEPS]
        sources = _first_actors(modifiers, index) or _first_actors(prep_objects(noun, NOUN_SOURCE_PREPS), index)
        inherited = False
        slot = self._object_slot(noun)
        if not sources and slot.dep_ in ("dobj", "nsubjpass") and self.lexicon.has("support_verbs", slot.head.lemma_.lower()):
            subjects, _ = subject_tokens(slot.head)
            subjects = [] if _described_thing(slot.head, index, self.lexicon) in subjects else subjects
            sources, inherited = _first_actors(subjects, index), True
        grounds = self.lexicon.has("charge_nouns", noun.lemma_.lower())
        protest = match.entry.code[:2] == PROTEST_ROOT  # "led a procession in protest against the junta"
        clause = _adjunct_clause_verb(noun, grounds, protest) if not sources else None
        heads = prep_objects(noun, NOUN_TARGET_PREPS)
        if clause is not None:  # "troops captured the town after days of fighting"
            subjects, _ = subject_tokens(clause)
            sources, inherited = _first_actors(subjects, index), True
            if protest and any(s.actor.kind == "country" or s.actor.sector in STATE_SECTORS for s in sources):
                sources = []  # "Beijing poured police into Lhasa after deadly rioting": not Beijing's riot
            heads += children(clause, "dobj") if grounds else []  # "jailed 52 members on charges of treason"
        relative = [
            c for c in children(noun, "relcl", "acl") if relative_gap(c) and self.lexicon.has("support_verbs", c.lemma_.lower())
        ]
        if not sources and relative:  # "the visit that Modi paid to Ukraine"
            sources = _first_actors([t for t in children(relative[0], "nsubj") if t.tag_ not in ("WDT", "WP")], index)
            heads += prep_objects(relative[0], TARGET_PREPS)
        between = prep_objects(noun, ("between",))
        if not sources and between:  # "talks between Chinese and Indian commanders": one side and the other
            sides = _first_actors(between, index) + _first_actors([c for b in between for c in b.conjuncts], index)
            sources = sides[:1]
            return Roles(sources, [t for t in sides[1:] if t.actor.id != sources[0].actor.id] if sources else [], inherited)
        if noun.dep_ == "dobj":  # "condemned the airstrikes on Gaza", "gave a warm welcome on Thursday to de Klerk":
            heads += prep_objects(noun.head, ("on", "against", "upon", "to"))  # the parser may hang the PP on the verb
        targets = _first_actors(heads, index)
        targets = [t for t in targets if all(t is not s for s in sources)]
        return Roles(sources, targets, inherited)

    def _object_slot(self, noun: Token) -> Token:
        """The phrase that fills the verb's slot for an event noun: the noun itself, the first of a
        coordination ("boats and a shipment of arms"), or the light noun over it ("a new round of
        mediation")."""
        light = self.lexicon.words.get("light_nouns", frozenset())
        for _ in range(3):
            if noun.dep_ == "conj" and noun.head.pos_ in ("NOUN", "PROPN"):
                noun = noun.head
            elif noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lemma_.lower() in light:
                noun = noun.head.head
            else:
                break
        return noun

    def _pronoun_antecedent(self, subjects: list[Token], index: MentionIndex) -> list[Mention]:
        """ "Iran said it will not accept ...", "Taliban leaders said they would not ...", "Iran will suspend
        enrichment while it negotiates": a pronoun subject of a reported or subordinate clause is the subject
        of the clause above, when that one is named ("it" a state or body, "they" several)."""
        if not subjects or subjects[0].pos_ != "PRON" or subjects[0].lower_ not in ("it", "we", "they", "he", "she"):
            return []
        pronoun, clause = subjects[0].lower_, subjects[0].head  # the clause the pronoun is the subject of
        reported = clause.dep_ == "ccomp" and self.lexicon.has("reporting_verbs", clause.head.lemma_.lower())
        only_reported = pronoun in ("we", "he", "she")  # "Fujimori said he would not release ...": the speaker
        if not reported and (only_reported or clause.dep_ not in ("advcl", "ccomp") or clause.head.pos_ != "VERB"):
            return []
        speakers, _ = subject_tokens(clause.head)
        found = _first_actors(speakers, index)
        if pronoun == "it" and any(m.actor.kind == "person" for m in found):
            return []
        if pronoun in ("he", "she") and not all(m.actor.kind == "person" for m in found):
            return []
        if pronoun == "they" and not (len(found) > 1 or any(s.tag_ in ("NNS", "NNPS") for s in speakers)):
            return []
        return found

    def _reporter(self, trigger: Token, index: MentionIndex) -> Mention | None:
        token = trigger
        for _ in range(8):
            if token.dep_ not in ("ccomp", "conj", "advcl", "xcomp", "pcomp") or token.head.i == token.i:
                break
            head = token.head
            if token.dep_ == "ccomp" and self.lexicon.has("reporting_verbs", head.lemma_.lower()):
                subjects, _ = subject_tokens(head)
                found = _first_actors(subjects, index)
                return found[0] if found else None
            token = head
        return None

    # ---- modality and code ---------------------------------------------------------------------
    def _modality(self, trigger: Token) -> Modality:
        negated = is_negated(trigger)
        hypothetical = False
        kind = "act"
        reported = trigger.dep_ == "ccomp" and self.lexicon.has("reporting_verbs", trigger.head.lemma_.lower())
        for aux in children(trigger, "aux"):
            lemma = aux.lemma_.lower()
            if self.lexicon.has("future_aux", lemma) or (lemma == "would" and reported):  # "said it would airlift"
                kind = "intent"
            elif lemma == "to" and (trigger.dep_ == "ROOT" or (trigger.head.dep_ == "ROOT" and trigger.dep_ in ("relcl", "acl"))):
                kind = "intent"  # headline future: "Blinken to visit Beijing"
            elif self.lexicon.has("obligation_aux", lemma):
                kind = "obligation"
            elif self.lexicon.has("hypothetical_aux", lemma):
                hypothetical = True
        if (
            trigger.dep_ == "xcomp"
            and trigger.head.pos_ == "ADJ"
            and self.lexicon.has("intent_adjectives", trigger.head.lemma_.lower())
        ):
            kind = "intent"  # "is ready to meet", "is prepared to lift the ban"
        elif trigger.dep_ == "xcomp":
            head = self._modal_head(trigger)
            word = self._modal_word(head)
            negated = negated or is_negated(head)
            if word == "failure":
                negated = not negated
            elif word is not None:
                kind = word
        marks = {c.lower_ for c in children(trigger, "mark")}
        if marks & CONDITION_MARKS:
            kind = "condition"  # "unless Damascus expels Ocalan": the condition of a threat, not an act
        elif any(self.lexicon.has("conditional_marks", m) for m in marks):
            hypothetical = True
        if kind == "intent" and negated:  # "will not accept" states a refusal
            kind, negated = "refusal", False
        condition = {m.lower_ for c in children(trigger, "advcl") for m in children(c, "mark")} & CONDITION_MARKS
        if kind == "intent" and "unless" in condition:
            kind = "threat"  # "will withdraw its force unless ..." is a threat
        elif condition and (kind == "intent" or (kind == "act" and hypothetical)):
            kind, hypothetical = "conditional", False  # "could ban the party if ...", "would return to talks if ..."
        unmet = self._requested(trigger) or self._purpose_of_the_unmet(trigger) or self._mandative(trigger)
        if unmet:  # "demanded that Russia withdraw", "insisted that the junta free him": asked for, not done
            kind = "requested"
        return Modality(kind, negated, hypothetical)

    def _purpose_of_the_unmet(self, trigger: Token) -> bool:
        """ "forces must ensure security to allow aid to reach the needy": the purpose of an act that is only
        demanded or owed is not done either."""
        purpose = trigger.dep_ in ("advcl", "xcomp") and any(a.lower_ == "to" for a in children(trigger, "aux"))
        return purpose and trigger.head.pos_ == "VERB" and self._modality(trigger.head).kind in ("obligation", "requested")

    def _modal_head(self, trigger: Token) -> Token:
        """The verb whose modality an xcomp takes, through an aspectual verb: "prepared to resume shelling"."""
        head = trigger.head
        if self._modal_word(head) is None and head.dep_ == "xcomp" and self.lexicon.has("support_verbs", head.lemma_.lower()):
            return head.head
        return head

    def _readied(self, trigger: Token) -> bool:
        """Is this act of force one an actor gets ready for ("poised to attack", "preparing to launch an
        offensive")? CAMEO codes that as a show of force (15), not as the attack or a threat."""
        if self._supported_noun(trigger):
            trigger = trigger.head
        if trigger.dep_ != "xcomp":
            return False
        head = self._modal_head(trigger)
        return self.lexicon.has("readiness_words", head.lemma_.lower())

    def _final_code(self, match: Match, modality: Modality) -> str | None:
        code = self._refine_mode(match, match.entry.code)
        root = code[:2]
        if modality.kind == "intent" and root in FORCE_ROOTS and self._readied(match.trigger):
            return SHOW_OF_FORCE
        if modality.kind == "intent" and root not in ("03", "13"):
            return self.ontology.intent_code(code) or code
        if modality.kind == "conditional":  # a conditional act of conflict is a threat, a conditional favour an offer
            if root in CONFLICT_ROOTS:
                return self.ontology.threat_code(code) or "130"
            return code if root in ("03", "13") else self.ontology.intent_code(code) or code
        if modality.kind == "threat" and root != "13":
            return self.ontology.threat_code(code) or "130"
        if modality.kind == "refusal":
            return self.ontology.refusal_code(code)
        if modality.kind in ("obligation", "requested", "condition"):
            return None  # someone else's demand or appeal, coded as that; or only a condition
        return code

    def _refine_mode(self, match: Match, code: str) -> str:
        nearby = {t.lemma_.lower() for t in local_tokens(match.trigger)}
        if match.obj is not None:
            nearby |= {t.lemma_.lower() for t in local_tokens(match.obj)}
        for cue in self.lexicon.mode_cues:
            if code in cue.codes and nearby & cue.lemmas:
                return cue.code
        return code

    def _confidence(self, match: Match, roles: Roles, modality: Modality, code: str) -> float:
        score = 0.85 if match.entry.pos == "VERB" else 0.7
        score += 0.05 if match.entry.specificity else 0.0
        score -= 0.1 if roles.inherited else 0.0
        score -= 0.1 if not roles.targets else 0.0
        score -= 0.1 if code != match.entry.code and code[:2] != match.entry.code[:2] else 0.0
        score *= 0.5 if modality.hypothetical else 1.0
        return max(0.05, min(0.99, score))


# ---- helpers ----------------------------------------------------------------------------------
def merge_duplicates(events: list[Event]) -> list[Event]:
    """One record per event: the same source, target, code and date stated in several sentences of an
    article become one event (the most confident statement) that keeps every evidence sentence."""
    groups: dict[tuple[str, str | None, str, object, bool], list[Event]] = {}
    for event in events:
        key = (event.source.id, event.target.id if event.target else None, event.cameo, event.date, event.negated)
        groups.setdefault(key, []).append(event)
    merged = []
    for group in groups.values():
        best = max(group, key=lambda e: e.confidence)
        ordered = [best, *(e for e in group if e is not best)]
        evidence = tuple(Evidence(e.sentence, e.start, e.end, e.text, e.trigger, e.trigger_start, e.trigger_end) for e in ordered)
        merged.append(replace(best, evidence=evidence))
    return sorted(merged, key=lambda e: (e.trigger_start, e.source.start))


def _fold_protest_aims(doc: Doc, events: list[Event], by_start: dict[int, int]) -> list[Event]:
    """ "Students staged demonstrations to demand reforms", "activists rallied, saying he must resign":
    the demand is what the protest is for, coded as the protest, not as a second event; so is the
    damage a riot does ("rioted, setting fire to their mattresses")."""
    protests = {by_start[e.trigger_start] for e in events if e.cameo[:2] == PROTEST_ROOT and e.trigger_start in by_start}
    riots = {by_start[e.trigger_start] for e in events if e.cameo.startswith(VIOLENT_PROTEST) and e.trigger_start in by_start}
    if not protests:
        return events

    def folded(event: Event) -> bool:  # "rioted, setting fire to their mattresses": the riot itself
        trigger = doc[by_start[event.trigger_start]]
        if event.cameo[:2] in REQUEST_ROOTS:
            return within(trigger, protests)
        return event.cameo[:2] in (*FORCE_ROOTS, "17") and within(trigger, riots)

    return [e for e in events if not folded(e)]


def _pairs(sources: list[Mention], targets: list[Mention]) -> list[tuple[Mention, Mention | None]]:
    """One event per source-target pair; one's own side is no target ("pulling our forces back"), and a
    source with no other target has none."""
    pairs: list[tuple[Mention, Mention | None]] = []
    for source in sources:
        others = [t for t in targets if t.actor.id != source.actor.id]
        pairs += [(source, t) for t in others] if others else [(source, None)]
    return pairs


def _a_meeting(verb: Token, audience: frozenset[str]) -> bool:
    """A verb of consultation names a meeting only with no naming complement ("called it an act of
    terrorism") and a partner who is no audience ("spoke to reporters", "speaking to a huge crowd")."""
    if verb.pos_ != "VERB":
        return True
    if children(verb, "oprd") and children(verb, "dobj"):  # an object and what it is called
        return False
    partners = prep_objects(verb, ("to", "with")) + children(verb, "dobj")
    return not any(p.lemma_.lower() in audience for p in partners)


def _objects(token: Token) -> list[Token]:
    """A trigger's objects in every shape the parser gives them, before any entry's own preposition."""
    objects = children(token, "dobj", "nsubjpass", "attr") + relative_gap(token) + infinitive_subjects(token)
    objects += prep_objects(token, ("with",)) if token.lemma_.lower() in PROVIDING_VERBS else []  # "provided X with loans"
    objects += prep_objects(token, PARTICLES)  # "closed down the newspaper", parsed as a preposition
    return objects + what_an_amount_is_in(token, objects)  # "extended 50 billion yen in loans"


def _fit(
    token: Token,
    entry: TriggerEntry,
    light_nouns: frozenset[str] = frozenset(),
    audience: frozenset[str] = frozenset(),
    shared_objects: list[Token] | None = None,
) -> Match | None:
    """Does the token meet the entry's constraints? `shared_objects` are its `_objects`, when known."""
    obj = None
    if entry.obj:
        objects = list(_objects(token) if shared_objects is None else shared_objects)
        if entry.particle:  # "handed in their weapons", "pulled out of the talks": the object on the particle
            particles = [p for p in children(token, "prt", "prep") if p.lower_ == entry.particle]
            objects += [o for p in particles for o in children(p, "pobj")]
            objects += [o for p in particles for q in children(p, "prep") if q.lower_ == "of" for o in children(q, "pobj")]
        if entry.prep:  # "went on strike": the object of the entry's preposition
            objects += [o for p in children(token, "prep") if p.lower_ in entry.prep for o in children(p, "pobj")]
        candidates = object_candidates(objects, light_nouns)
        obj = next((c for c in candidates if _fills(c, entry.obj)), None)
        if obj is None:
            return None
    if entry.prep:
        holders = [token] + ([obj] if obj is not None else [])
        words = [c for h in holders for c in h.children if c.dep_ in ("prep", "prt", "agent", "dative") and not _a_date(c)]
        words += [m for c in for_clauses(token) for m in children(c, "mark")]  # "pushed for Iraq to admit inspectors"
        if not any(c.lower_ in entry.prep for c in words):
            return None
    # spaCy tags a particle as prt or advmod ("pulled back", "stepped down")
    if entry.particle and not any(c.lower_ == entry.particle for c in children(token, "prt", "advmod", "prep")):
        return None
    if entry.mod and not any(c.lemma_.lower() in entry.mod for c in _modifiers(token)):
        return None
    if entry.code[:2] == CONSULT_ROOT and not _a_meeting(token, audience):
        return None  # "calling it an act of terrorism", "speaking to reporters": no consultation
    if entry.clause and not children(token, "xcomp", "ccomp") and trailing_report(token) is None:
        return None
    return Match(token, entry, obj)


def _described_thing(trigger: Token, index: MentionIndex, lexicon: Lexicon) -> Token | None:
    """The noun a relative clause describes, when that noun is neither an actor nor an event: "a
    resolution that aims to tighten sanctions". ("The Israeli strike that killed ..." describes an event
    noun, whose agent is the clause's agent.)"""
    clause = trigger
    while clause.dep_ in ("conj", "xcomp") and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ != "relcl" or clause.head.pos_ not in ("NOUN", "PROPN"):
        return None
    noun = clause.head
    events = _matches_of(trigger.doc)
    event_noun = noun.i in events or bool(lexicon.entries(noun.lemma_.lower(), "NOUN"))
    return None if index.at(noun) is not None or event_noun else noun


def _place_country(trigger: Token, index: MentionIndex) -> str | None:
    """The country where an act happened, from its place phrase ("in Italy", "outside the Iraqi city of
    Basra"): an unnamed agent is taken to be of that country, as event coders do."""
    for prep in (t for t in local_tokens(trigger) if t.dep_ == "prep" and t.lower_ in PLACE_PREPS):
        for token in prep.subtree:
            mention = index.at(token)
            if mention is not None and mention.actor.kind == "country" and not _on_a_border(token, prep):
                return mention.actor.id
    return None


def _on_a_border(token: Token, top: Token) -> bool:
    """ "near the Pakistani border" may be on either side of it."""
    while token.i != top.i and token.head.i != token.i:
        if token.lemma_.lower() in BORDER_WORDS:
            return True
        token = token.head
    return False


def _modifiers(token: Token) -> list[Token]:
    """The words a `mod` constraint looks at: a noun's modifiers, a verb's complements ("found X guilty")."""
    found = children(token, "amod", "compound", "nmod", "npadvmod", "oprd", "acomp", "ccomp", "xcomp")
    return found + ([m for o in children(token, "dobj") for m in children(o, "amod")] if token.pos_ == "VERB" else [])


def _a_date(prep: Token) -> bool:
    """ "agreed on Thursday to Norwegian mediation": a preposition of time is not the trigger's."""
    return any(o.ent_type_ in ("DATE", "TIME") for o in children(prep, "pobj"))


def _fills(token: Token, objects: frozenset[str]) -> bool:
    """Does the word meet an object constraint? "<person>" stands for any person's name."""
    return token.lemma_.lower() in objects or (PERSON_OBJECT in objects and token.ent_type_ == "PERSON")


def _name_taken_for_a_verb(trigger: Token, index: MentionIndex) -> list[Mention]:
    """ "Blinken to visit Beijing": a headline parse can take the name for the main verb."""
    head = trigger.head
    if trigger.dep_ in ("advcl", "xcomp") and head.dep_ == "ROOT" and head.i < trigger.i:
        mention = index.at(head)
        return [mention] if mention is not None else []
    return []


def _first_actors(heads: list[Token], index: MentionIndex, exclude: set[int] | None = None) -> list[Mention]:
    """The actors of the first head that names any; a place ("Manchester Arena", "Baghuz") is never one."""
    for head in heads:
        found = [m for m in index.actors_at(head, exclude or set()) if m.actor.kind not in PLACE_KINDS]
        if found:
            return found
    return []


def _location(trigger: Token, index: MentionIndex) -> Mention | None:
    """Where the event happened: a place or country in a locative phrase of the trigger ("in Raqqa", "at the
    Manchester Arena"); a named place the actor layer does not know is kept as written."""
    for pobj in prep_objects(trigger, PLACE_PREPS):
        mention = index.at(pobj)
        if mention is not None and mention.actor.kind in LOCATION_KINDS:
            return mention
        if mention is None and pobj.ent_type_ in PLACE_ENTITIES:
            ent = next((e for e in pobj.doc.ents if e.start <= pobj.i < e.end), None)
            if ent is not None:
                place = Actor(
                    id=stable_id("place", ent.text), name=ent.text, kind="place", country=None, sector=None, known=False
                )
                return Mention(ent.start_char, ent.end_char, ent.text, ent.start, ent.end, place, "location:entity")
    return None


ADJUNCT_PREPS = {"during", "after", "amid", "following"}


def _adjunct_clause_verb(noun: Token, grounds: bool = False, protest: bool = False) -> Token | None:
    """An event noun in a time or setting phrase of a clause ("after five days of fighting", "during
    demonstrations"), or a charge given as the grounds for an act ("jailed them on charges of treason"),
    shares the clause's subject as its source: the clause's verb, if so."""
    if noun.dep_ != "pobj":
        return None
    prep = noun.head
    if prep.lower_ == "of" and prep.head.dep_ == "pobj":  # "after five days of fighting"
        prep = prep.head.head
    if grounds and not _grounds_for_coercion(prep.head):
        return None  # "a governor wanted on corruption charges": someone else's charges
    preps = ADJUNCT_PREPS | ({"on"} if grounds else set()) | ({"in"} if protest else set())
    if prep.dep_ == "prep" and prep.lower_ in preps and prep.head.pos_ == "VERB":
        return prep.head
    return None


def _grounds_for_coercion(verb: Token) -> bool:
    """Is the verb an active act of investigation, sanction or coercion ("jailed", "expelled") for which a
    charge can be the grounds?"""
    match = _matches_of(verb.doc).get(verb.i)
    active = verb.dep_ not in ("acl", "relcl") and not children(verb, "auxpass", "nsubjpass")
    return active and match is not None and match.entry.code[:2] in GROUNDS_ROOTS
