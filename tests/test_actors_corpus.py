"""Actor resolution on the team's test set of mentions in context (tests/corpus/actors_team.jsonl)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conftest import run
from dragoman.evaluation.actors import evaluate_actors, read_cases

pytestmark = pytest.mark.model
CORPUS = Path(__file__).parent / "corpus" / "actors_team.jsonl"


@pytest.fixture(scope="module")
def report(pipeline):  # type: ignore[no-untyped-def]
    return evaluate_actors(pipeline, read_cases(CORPUS))


def test_corpus_covers_every_case(report) -> None:  # type: ignore[no-untyped-def]
    cases = report.by_case()
    assert len(report.outcomes) >= 300
    for case in (
        "exact",
        "variant",
        "surname",
        "title",
        "counterpart",
        "metonym",
        "generic",
        "organisation",
        "pronoun",
        "reference",
        "unknown",
    ):
        assert sum(cases[case].values()) >= 15, case


def test_resolution_accuracy_floor(report) -> None:  # type: ignore[no-untyped-def]
    assert report.share("right") >= 0.98  # measured 0.996 (right actor, and its country and sector on the date)
    assert report.share("wrong") < 0.01  # refusing is better than guessing


@pytest.mark.parametrize(
    ("text", "day", "mention", "expected"),
    [
        # possessive and adjective titles, dated
        ("Italy's prime minister said the decision was final.", date(2021, 6, 1), "Italy's prime minister", "mario-draghi"),
        ("The French president flew to Beirut after the blast.", date(2020, 8, 6), "The French president", "emmanuel-macron"),
        (
            "Turkey's foreign minister met his Greek counterpart.",
            date(2022, 6, 1),
            "Turkey's foreign minister",
            "mevlut-cavusoglu",
        ),
        # a surname NER does not tag, after the full name
        (
            "Saudi Foreign Minister Adel al-Jubeir arrived in Baghdad. Jubeir said ties would improve.",
            date(2017, 2, 25),
            "Jubeir",
            "adel-al-jubeir",
        ),
        # a transliteration variant
        ("Mohamed Morsy addressed the nation on Wednesday.", date(2012, 8, 1), "Mohamed Morsy", "mohamed-morsi"),
    ],
)
def test_unseen_variants(pipeline, text: str, day: date, mention: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    result = run(pipeline, text, day)
    start = text.index(mention)
    found = [m.actor.id for a in result.actors for m in a.mentions if m.start < start + len(mention) and start < m.end]
    assert expected in found


def test_unknown_person_takes_context_and_is_not_a_known_actor(pipeline) -> None:  # type: ignore[no-untyped-def]
    result = run(pipeline, "Lebanese lawyer Fadi Karam Haddad was questioned by prosecutors in Beirut.", date(2021, 1, 1))
    [person] = [a.actor for a in result.actors if a.actor.kind == "person"]
    assert (person.known, person.country, person.sector) == (False, "LBN", "JUD")


def test_led_coalitions_take_the_leaders_nationality(pipeline) -> None:  # type: ignore[no-untyped-def]
    result = run(pipeline, "The UAE-led coalition struck rebel positions near Aden.", date(2016, 1, 1))
    assert any((a.actor.country, a.actor.sector) == ("ARE", "MIL") for a in result.actors)


def test_plural_references_point_back_to_groups(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = (
        "French Foreign Minister Catherine Colonna met German Foreign Minister Annalena Baerbock in Paris. "
        "The two ministers called for a ceasefire."
    )
    result = run(pipeline, text, date(2023, 11, 1))
    group = {m.actor.id for a in result.actors for m in a.mentions if m.text == "The two ministers"}
    assert group == {"catherine-colonna", "annalena-baerbock"}
    appeals = {e.source.id for e in result.events if e.plover == "REQUEST"}
    assert appeals == group
    coordinated = run(pipeline, "Ethiopia and Eritrea signed a peace deal. They also reopened the border.", date(2018, 7, 9))
    they = {m.actor.id for a in coordinated.actors for m in a.mentions if m.text == "They"}
    assert they == {"ETH", "ERI"}
    alone = run(pipeline, "During the call, they discussed the crisis.", date(2021, 1, 1))
    assert not any(m.text == "they" for a in alone.actors for m in a.mentions)  # no group named: refuse to guess
