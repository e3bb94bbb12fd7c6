"""Single event-coding rules, each on sentences written for this test (not in the team corpus)."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import run
from dragoman import build_pipeline, make_config

pytestmark = pytest.mark.model
DAY = date(2024, 3, 1)


@pytest.fixture(scope="module")
def rules():  # type: ignore[no-untyped-def]
    """The rule coder alone, so that each test sees the rule it names."""
    return build_pipeline(make_config(learned_typer=False))


def coded(pipeline, text: str) -> set[tuple[str | None, str | None, str | None]]:  # type: ignore[no-untyped-def]
    return {(e.plover, e.source.country, e.target.country if e.target else None) for e in run(pipeline, text, DAY).events}


def test_a_noun_made_from_a_trigger_verb(rules) -> None:  # type: ignore[no-untyped-def]
    text = "The Netherlands announced the suspension of diplomatic ties with Venezuela."
    assert ("SANCTION", "NLD", "VEN") in coded(rules, text)


def test_partitive_and_measure_objects(rules) -> None:  # type: ignore[no-untyped-def]
    assert ("SANCTION", "DEU", "NER") in coded(rules, "Germany suspended part of its development aid to Niger.")
    assert ("AID", "TUR", "SYR") in coded(rules, "Turkey sent 200 tonnes of food and medicine to Syria.")


def test_talks_between_two_sides(rules) -> None:  # type: ignore[no-untyped-def]
    events = coded(rules, "Talks between Ethiopia and Egypt over the Nile dam ended without agreement in Cairo.")
    assert {e for e in events if e[0] == "CONSULT"} & {("CONSULT", "ETH", "EGY"), ("CONSULT", "EGY", "ETH")}


def test_a_visit_described_by_a_relative_clause(rules) -> None:  # type: ignore[no-untyped-def]
    text = "The visit that Brazilian President Lula paid to China in April produced fifteen trade deals."
    assert ("CONSULT", "BRA", "CHN") in coded(rules, text)


def test_the_recipient_of_a_transfer_is_the_target(rules) -> None:  # type: ignore[no-untyped-def]
    events = coded(rules, "Norway delivered field hospitals and water purifiers to Sudan last week.")
    assert ("AID", "NOR", "SDN") in events


def test_whoever_used_the_instrument_is_the_source(rules) -> None:  # type: ignore[no-untyped-def]
    text = "A car bomb planted by Houthi fighters killed four Yemeni soldiers near Marib."
    events = run(rules, text, DAY).events
    assert any(e.plover == "ASSAULT" and "Houthi" in e.source.text and e.target and e.target.country == "YEM" for e in events)
