"""Unseen variants of the patterns the seed article exercises: other people, other dates, other spellings."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import run

pytestmark = pytest.mark.model


def consults(result):  # type: ignore[no-untyped-def]
    return [e for e in result.events if e.plover == "CONSULT" and not e.negated]


def test_counterpart_resolves_by_post_country_and_date(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "French Foreign Minister Jean-Yves Le Drian telephoned his Egyptian counterpart on Tuesday."
    result = run(pipeline, text, date(2019, 3, 14))
    [event] = consults(result)
    assert event.source.name == "Jean-Yves Le Drian"
    assert event.target.name == "Sameh Shoukry" and event.target.text == "Egyptian counterpart"
    assert (event.cameo, event.date) == ("041", date(2019, 3, 12))


def test_title_depends_on_the_article_date(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "The US Secretary of State met the Egyptian President in Cairo."
    early, late = run(pipeline, text, date(2018, 7, 1)), run(pipeline, text, date(2022, 7, 1))
    assert consults(early)[0].source.name == "Mike Pompeo"
    assert consults(late)[0].source.name == "Antony Blinken"
    assert consults(late)[0].target.name == "Abdel Fattah el-Sisi"


def test_spelling_variants_and_cut_names(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Sheikh Mohamed bin Abdulrahman Al-Thani held talks with Sameh Shukri in Doha. "
        "Al-Thani later met Jordanian Foreign Minister Ayman Safadi."
    )
    result = run(pipeline, text, date(2020, 2, 2))
    names = {(e.source.name, e.target.name) for e in consults(result)}
    assert ("Mohammed bin Abdulrahman Al Thani", "Sameh Shoukry") in names
    assert ("Mohammed bin Abdulrahman Al Thani", "Ayman Safadi") in names


def test_channel_and_pronoun_speakers(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = (
        'The Saudi Press Agency quoted Crown Prince Mohammed bin Salman as saying that "the kingdom supports a ceasefire."\n\n'
        "The Foreign Ministry said in a statement that the talks were useful.\n\n"
        '"We will not accept any delay," she added.'
    )
    result = run(pipeline, text, date(2021, 5, 20))
    first, second, third = sorted(result.quotes, key=lambda q: q.start)
    assert first.speaker.name == "Mohammed bin Salman" and first.via.id == "SPA"
    assert second.speaker.sector == "GOV"
    assert third.speaker.id == second.speaker.id


def test_refusal_intent_and_negation(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Hamas refused to meet the Egyptian delegation. "
        "Turkish President Recep Tayyip Erdogan will visit Qatar next week. "
        "Iran did not attack the tanker."
    )
    result = run(pipeline, text, date(2020, 1, 10))
    by_trigger = {e.trigger: e for e in result.events}
    assert by_trigger["meet"].plover == "REJECT" and by_trigger["meet"].source.name == "Hamas"
    assert by_trigger["visit"].cameo == "036" and by_trigger["visit"].target.country == "QAT"
    assert by_trigger["attack"].negated is True


def test_first_person_in_a_direct_quote_is_the_speaker(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "'We will attack the convoy,' a Houthi spokesman said."
    result = run(pipeline, text, date(2024, 1, 5))
    [quote] = result.quotes
    events = [e for e in result.events if e.trigger == "attack"]
    assert events and events[0].source.id == quote.speaker.id
    assert events[0].source.text == "We" and events[0].plover == "THREATEN"  # intent to attack is a threat in CAMEO
