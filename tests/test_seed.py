"""End to end on the seed article (`--date 2021-05-17`): the contacts, quotes and actors it must give."""

from __future__ import annotations

from datetime import date

import pytest

pytestmark = pytest.mark.model

BLINKEN = "antony-blinken"
QATAR_FM = "mohammed-bin-abdulrahman-al-thani"


def events(result, plover: str):  # type: ignore[no-untyped-def]
    return [e for e in result.events if e.plover == plover and not e.negated]


def test_blinken_calls_qatar_egypt_and_saudi_arabia(seed_result) -> None:  # type: ignore[no-untyped-def]
    targets = {e.target.country for e in events(seed_result, "CONSULT") if e.source.id == BLINKEN and e.target}
    assert {"QAT", "EGY", "SAU"} <= targets


def test_qatari_minister_calls_egypt_on_sunday(seed_result) -> None:  # type: ignore[no-untyped-def]
    calls = [e for e in events(seed_result, "CONSULT") if e.source.id == QATAR_FM and e.target and e.target.country == "EGY"]
    assert calls and all(e.date == date(2021, 5, 16) for e in calls)
    assert {e.cameo for e in calls} == {"041"}


def test_un_envoy_talks_with_israel_hamas_and_egyptian_intelligence(seed_result) -> None:  # type: ignore[no-untyped-def]
    talks = [e for e in events(seed_result, "CONSULT") if e.source.id == "tor-wennesland" and e.target]
    assert {"ISR", "PSE"} <= {e.target.country for e in talks}
    assert any(e.target.name == "Hamas" for e in talks)
    assert any(e.target.country == "EGY" and e.target.sector == "SPY" for e in talks)


def test_us_blocks_security_council_statement_on_sunday(seed_result) -> None:  # type: ignore[no-untyped-def]
    blocks = [
        e for e in events(seed_result, "REJECT") if e.source.country == "USA" and e.target and "Security Council" in e.target.name
    ]
    assert blocks and blocks[0].date == date(2021, 5, 16)


def test_israeli_bombing_and_appeals_to_deescalate(seed_result) -> None:  # type: ignore[no-untyped-def]
    assert any(e.source.country == "ISR" and e.trigger == "bombing" for e in events(seed_result, "ASSAULT"))
    appeals = [e for e in events(seed_result, "REQUEST") if "escalat" in e.text]
    assert any(e.source.id == BLINKEN for e in appeals)


def test_every_quoted_speaker_is_right(seed_result) -> None:  # type: ignore[no-untyped-def]
    by_text = {q.text[:30]: q for q in seed_result.quotes}

    def speaker(prefix: str) -> str | None:
        quote = next(q for t, q in by_text.items() if t.startswith(prefix))
        return quote.speaker.id if quote.speaker else None

    assert speaker("My administration") == "joe-biden"
    assert speaker("We also believe") == "joe-biden"
    assert speaker("all parties must stop") == BLINKEN
    assert speaker("During the call") == speaker("that the minister stressed")
    assert seed_result.quotes and all(q.speaker is not None for q in seed_result.quotes)
    speakers = {q.speaker.id for q in seed_result.quotes}
    assert {"joe-biden", "abdel-fattah-el-sisi", BLINKEN, "abdullah-ii-of-jordan", "SPA", "US_STATE_DEPT", "AXIOS"} <= speakers
    assert any(q.speaker.country == "QAT" for q in seed_result.quotes)


def test_petra_is_the_channel_for_king_abdullah(seed_result) -> None:  # type: ignore[no-untyped-def]
    [quote] = [q for q in seed_result.quotes if q.text.startswith("the region will not enjoy")]
    assert quote.speaker.id == "abdullah-ii-of-jordan" and quote.speaker.text == "him"
    assert quote.via is not None and quote.via.id == "PETRA"


def test_she_added_is_the_state_department(seed_result) -> None:  # type: ignore[no-untyped-def]
    [quote] = [q for q in seed_result.quotes if q.text.startswith("The minister expressed")]
    assert quote.speaker.text == "she" and quote.speaker.id == "US_STATE_DEPT"


def test_one_actor_per_person_across_spellings(seed_result) -> None:  # type: ignore[no-untyped-def]
    actors = {a.actor.id: a for a in seed_result.actors}
    qatar_fm = {m.text for m in actors[QATAR_FM].mentions}
    assert {"Mohammed bin Abdul Rahman Al Thani", "Muhammad bin Abdul Rahman Al Thani"} <= qatar_fm
    assert {"Anthony Blinken", "Blinken"} <= {m.text for m in actors[BLINKEN].mentions}
    assert actors["tor-wennesland"].role and "Coordinator" in actors["tor-wennesland"].role
    people = {a.actor.id: (a.actor.country, a.role) for a in seed_result.actors if a.actor.kind == "person"}
    assert people["joe-biden"] == ("USA", "President")
    assert people["sameh-shoukry"][0] == "EGY" and people["abdullah-ii-of-jordan"][0] == "JOR"
    persons = [a for a in seed_result.actors if a.actor.kind == "person"]
    assert len(persons) >= 8 and all(a.actor.known for a in persons)


def test_offsets_point_at_the_text(seed_result) -> None:  # type: ignore[no-untyped-def]
    text = seed_result.article.text
    for event in seed_result.events:
        assert text[event.start : event.end] == event.text
        assert text[event.source.start : event.source.end] == event.source.text
        assert text[event.trigger_start : event.trigger_end] == event.trigger
    for quote in seed_result.quotes:
        assert text[quote.start : quote.end] == quote.text


def test_the_eight_people_resolve_with_country_and_role(seed_result) -> None:  # type: ignore[no-untyped-def]
    people = {a.actor.id: (a.actor.country, a.role) for a in seed_result.actors if a.actor.kind == "person"}
    expected = {
        "joe-biden": "USA",
        BLINKEN: "USA",
        QATAR_FM: "QAT",
        "sameh-shoukry": "EGY",
        "abdel-fattah-el-sisi": "EGY",
        "faisal-bin-farhan-al-saud": "SAU",
        "tor-wennesland": "IGO",
        "abdullah-ii-of-jordan": "JOR",
    }
    assert set(people) == set(expected)
    assert expected and all(people[p][0] == country and people[p][1] for p, country in expected.items())


def test_quotes_link_to_the_events_they_report(seed_result) -> None:  # type: ignore[no-untyped-def]
    events = {e.id: e for e in seed_result.events}
    [quote] = [q for q in seed_result.quotes if q.text.startswith("that Blinken renewed his contact")]
    linked = [events[i] for i in quote.events]
    assert any(e.plover == "CONSULT" and e.target and e.target.id == "sameh-shoukry" for e in linked)
    assert any(e.plover == "REQUEST" for e in linked)  # "calling on all parties to de-escalate"
    assert linked and all(quote.start <= e.trigger_start < quote.end or e.trigger_start == quote.cue_start for e in linked)
