"""Actor resolution rules, each on sentences written for this test (not in the team's actor corpus)."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import run

pytestmark = pytest.mark.model


def mentions(pipeline, text: str, day: date):  # type: ignore[no-untyped-def]
    result = run(pipeline, text, day)
    return {m.text: a.actor for a in result.actors for m in a.mentions}


def test_a_later_bare_name_is_the_person_named_earlier(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "South Korean President Kim Dae-jung flew to Pyongyang on Tuesday. Kim said the visit could end fifty years of enmity."
    found = mentions(pipeline, text, date(2000, 6, 13))
    assert found["Kim"].id == found["Kim Dae-jung"].id and found["Kim"].country == "KOR"


def test_a_given_name_with_an_unknown_surname_is_someone_new(pipeline) -> None:  # type: ignore[no-untyped-def]
    found = mentions(pipeline, "Saudi banker Mohammed al-Harbi said the riyal peg would hold.", date(2023, 5, 2))
    actor = found["Mohammed al-Harbi"]
    assert not actor.known and actor.country == "SAU"


def test_a_nationality_before_an_occupation_places_an_unknown_person(pipeline) -> None:  # type: ignore[no-untyped-def]
    found = mentions(pipeline, "Nigerian economist Chidi Okafor warned that inflation would rise.", date(2023, 5, 2))
    assert found["Chidi Okafor"].country == "NGA" and "Nigerian" not in found


def test_leaders_before_2010_are_known(pipeline) -> None:  # type: ignore[no-untyped-def]
    result = run(pipeline, "President Yoweri Museveni met Indonesian President Suharto in Jakarta.", date(1996, 4, 2))
    [event] = [e for e in result.events if e.plover == "CONSULT"]
    assert (event.source.country, event.target.country) == ("UGA", "IDN")


def test_a_persons_country_is_that_of_the_post_held_on_the_day(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "Eduard Shevardnadze met Hans-Dietrich Genscher in Bonn."
    early = [e for e in run(pipeline, text, date(1988, 5, 1)).events if e.plover == "CONSULT"]
    late = [e for e in run(pipeline, text, date(2003, 11, 23)).events if e.plover == "CONSULT"]
    assert early[0].source.country == "RUS" and late[0].source.country == "GEO"
    assert early[0].target is not None and early[0].target.country == "DEU"
