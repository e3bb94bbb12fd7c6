"""The event coder on hand-built parses: no statistical model involved."""

from __future__ import annotations

from datetime import date

import pytest
import spacy
from spacy.tokens import Doc

import dragoman.nlp  # noqa: F401 - registers Doc._.paragraphs
from dragoman.events.coder import EventCoder
from dragoman.events.lexicon import Lexicon, TriggerEntry
from dragoman.ontology import load_ontology
from dragoman.records import Actor, Article, Event, Mention

VOCAB = spacy.blank("en").vocab
COUNTRIES = {
    name: Actor(id=code, name=name, kind="country", country=code, sector=None)
    for name, code in [
        ("Egypt", "EGY"),
        ("Qatar", "QAT"),
        ("Jordan", "JOR"),
        ("Iran", "IRN"),
        ("Britain", "GBR"),
        ("Gaza", "PSE"),
        ("Israel", "ISR"),
        ("Israeli", "ISR"),
    ]
}


def lexicon() -> Lexicon:
    lex = Lexicon()
    lex.verbs["meet"] = [TriggerEntry("meet", "VERB", "040")]
    lex.verbs["shell"] = [TriggerEntry("shell", "VERB", "194")]
    lex.verbs["hold"] = [TriggerEntry("hold", "VERB", "040", obj=frozenset({"talk"}))]
    lex.nouns["bombing"] = [TriggerEntry("bombing", "NOUN", "195")]
    lex.nouns["talk"] = [TriggerEntry("talk", "NOUN", "040")]
    lex.words = {
        "intent_verbs": frozenset({"plan"}),
        "threat_verbs": frozenset({"threaten"}),
        "refusal_verbs": frozenset({"refuse"}),
        "failure_verbs": frozenset({"fail"}),
        "future_aux": frozenset({"will"}),
        "hypothetical_aux": frozenset({"could"}),
        "conditional_marks": frozenset({"if"}),
        "support_verbs": frozenset({"carry"}),
        "reporting_verbs": frozenset({"say"}),
    }
    return lex


def parse(spec: str) -> Doc:
    """'word/lemma/POS/dep/head' items separated by spaces; head is a token index."""
    rows = [item.split("/") for item in spec.split()]
    doc = Doc(
        VOCAB,
        words=[r[0] for r in rows],
        lemmas=[r[1] for r in rows],
        pos=[r[2] for r in rows],
        deps=[r[3] for r in rows],
        heads=[int(r[4]) for r in rows],
    )
    return doc


def code(spec: str) -> list[Event]:
    doc = parse(spec)
    mentions = [
        Mention(t.idx, t.idx + len(t.text), t.text, t.i, t.i + 1, COUNTRIES[t.text], "test") for t in doc if t.text in COUNTRIES
    ]
    ontology = load_ontology()
    return EventCoder(lexicon(), ontology).code(doc, mentions, Article(id="a", text=doc.text, date=date(2021, 5, 17)))


def pairs(events: list[Event]) -> list[tuple[str, str | None, str, bool]]:
    return [(e.source.id, e.target.id if e.target else None, e.cameo, e.negated) for e in events]


def test_active_subject_and_object() -> None:
    assert pairs(code("Egypt/Egypt/PROPN/nsubj/1 met/meet/VERB/ROOT/1 Qatar/Qatar/PROPN/dobj/1 ././PUNCT/punct/1")) == [
        ("EGY", "QAT", "040", False)
    ]


def test_passive_agent_is_the_source() -> None:
    spec = (
        "Gaza/Gaza/PROPN/nsubjpass/2 was/be/AUX/auxpass/2 shelled/shell/VERB/ROOT/2 by/by/ADP/agent/2 Israel/Israel/PROPN/pobj/3"
    )
    assert pairs(code(spec)) == [("ISR", "PSE", "194", False)]


def test_refusal_codes_as_rejection_not_the_act() -> None:
    spec = (
        "Iran/Iran/PROPN/nsubj/1 refused/refuse/VERB/ROOT/1 to/to/PART/aux/3 meet/meet/VERB/xcomp/1 Britain/Britain/PROPN/dobj/3"
    )
    assert pairs(code(spec)) == [("IRN", "GBR", "125", False)]


def test_future_tense_codes_as_intent() -> None:
    spec = "Iran/Iran/PROPN/nsubj/2 will/will/AUX/aux/2 meet/meet/VERB/ROOT/2 Britain/Britain/PROPN/dobj/2"
    assert pairs(code(spec)) == [("IRN", "GBR", "036", False)]


def test_negation_is_flagged() -> None:
    spec = "Iran/Iran/PROPN/nsubj/3 did/do/AUX/aux/3 not/not/PART/neg/3 meet/meet/VERB/ROOT/3 Britain/Britain/PROPN/dobj/3"
    assert pairs(code(spec)) == [("IRN", "GBR", "040", True)]


def test_coordinated_targets_give_one_event_each() -> None:
    spec = "Egypt/Egypt/PROPN/nsubj/1 met/meet/VERB/ROOT/1 Qatar/Qatar/PROPN/dobj/1 and/and/CCONJ/cc/2 Jordan/Jordan/PROPN/conj/2"
    assert pairs(code(spec)) == [("EGY", "QAT", "040", False), ("EGY", "JOR", "040", False)]


def test_reported_event_keeps_the_reporter() -> None:
    spec = "Egypt/Egypt/PROPN/nsubj/1 said/say/VERB/ROOT/1 Iran/Iran/PROPN/nsubj/3 met/meet/VERB/ccomp/1 Qatar/Qatar/PROPN/dobj/3"
    [event] = code(spec)
    assert (event.source.id, event.target.id if event.target else None) == ("IRN", "QAT")
    assert event.reported_by is not None and event.reported_by.id == "EGY"


def test_light_verb_codes_once_with_the_object_prepositions_target() -> None:
    spec = "Egypt/Egypt/PROPN/nsubj/1 held/hold/VERB/ROOT/1 talks/talk/NOUN/dobj/1 with/with/ADP/prep/2 Qatar/Qatar/PROPN/pobj/3"
    assert pairs(code(spec)) == [("EGY", "QAT", "040", False)]


def test_nominal_trigger_takes_adjective_source_and_of_target() -> None:
    spec = (
        "The/the/DET/det/2 Israeli/Israeli/ADJ/amod/2 bombing/bombing/NOUN/nsubj/5 of/of/ADP/prep/2 "
        "Gaza/Gaza/PROPN/pobj/3 continued/continue/VERB/ROOT/5"
    )
    assert pairs(code(spec)) == [("ISR", "PSE", "195", False)]


@pytest.mark.parametrize("verb", ["met/meet", "shelled/shell"])
def test_no_event_without_a_source(verb: str) -> None:
    spec = f"They/they/PRON/nsubj/1 {verb}/VERB/ROOT/1 Qatar/Qatar/PROPN/dobj/1"
    assert code(spec) == []


def test_repeated_event_is_merged_with_all_evidence() -> None:
    spec = (
        "Egypt/Egypt/PROPN/nsubj/1 met/meet/VERB/ROOT/1 Qatar/Qatar/PROPN/dobj/1 ././PUNCT/punct/1 "
        "Egypt/Egypt/PROPN/nsubj/5 met/meet/VERB/ROOT/5 Qatar/Qatar/PROPN/dobj/5 ././PUNCT/punct/5"
    )
    doc = parse(spec)  # two roots: two sentences
    mentions = [
        Mention(t.idx, t.idx + len(t.text), t.text, t.i, t.i + 1, COUNTRIES[t.text], "test") for t in doc if t.text in COUNTRIES
    ]
    events = EventCoder(lexicon(), load_ontology()).code(doc, mentions, Article(id="a", text=doc.text, date=date(2021, 5, 17)))
    assert pairs(events) == [("EGY", "QAT", "040", False)]
    assert [e.sentence for e in events[0].evidence] == [0, 1]
    assert {e.trigger_start for e in events[0].evidence} == {6, 24}
