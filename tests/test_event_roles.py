"""Argument roles on new sentences written for these cases (regression tests, not evidence of accuracy):
possessors, warnings, places, and people's nationality."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import run

pytestmark = pytest.mark.model
DAY = date(2019, 3, 1)


def coded(pipeline, text: str) -> list[tuple[str | None, str | None, str | None]]:  # type: ignore[no-untyped-def]
    return [(e.plover, e.source.country, e.target.country if e.target else None) for e in run(pipeline, text, DAY).events]


def test_a_possessor_of_what_is_rejected_is_the_target(pipeline) -> None:  # type: ignore[no-untyped-def]
    assert ("REJECT", "CHN", "AUS") in coded(pipeline, "The Chinese government rejected Australia's request for an inquiry.")


def test_who_is_warned_is_the_target_not_what_the_warning_is_about(pipeline) -> None:  # type: ignore[no-untyped-def]
    events = coded(pipeline, "China warned the United States against arms sales to Taiwan.")
    assert ("THREATEN", "CHN", "USA") in events
    assert not [e for e in events if e[2] == "TWN"]
    assert ("THREATEN", "GBR", "IRN") in coded(pipeline, "Britain warned Iran over its nuclear programme.")


def test_places_are_where_events_happen_never_their_source_or_target(pipeline) -> None:  # type: ignore[no-untyped-def]
    events = run(pipeline, "A suicide bomber attacked concert-goers at the Manchester Arena.", DAY).events
    assaults = [e for e in events if e.plover == "ASSAULT"]
    assert assaults and assaults[0].location is not None and "Manchester Arena" in assaults[0].location.text
    assert not [e for e in events if e.target is not None and "Arena" in e.target.text]
    raqqa = run(pipeline, "Iraqi forces shelled Islamic State positions in Raqqa.", DAY).events
    shelling = [e for e in raqqa if e.plover == "ASSAULT"]
    assert shelling and shelling[0].location is not None and shelling[0].location.text == "Raqqa"
    assert not [e for e in raqqa if "Raqqa" in e.source.text or (e.target is not None and "Raqqa" in e.target.text)]
    baghuz = run(pipeline, "Kurdish fighters shelled Baghuz on Monday.", DAY).events
    assert not [e for e in baghuz if e.target is not None and "Baghuz" in e.target.text]


def test_people_with_a_known_nationality_take_it(pipeline) -> None:  # type: ignore[no-untyped-def]
    events = coded(pipeline, "French journalist Anne Dupont criticised the Iranian government.")
    assert ("ACCUSE", "FRA", "IRN") in events
