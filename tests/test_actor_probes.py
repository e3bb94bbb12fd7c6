"""Dated actor probes written by the team (tests/corpus/actors_probes.jsonl): spelling variants, titles on a
date, intergovernmental leaders, seats of power, generic agents, bare given names and places. These are
regression tests, not evidence of accuracy."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import run
from dragoman.cli import main
from dragoman.evaluation.actors import evaluate_actors, read_cases
from dragoman.io.records_out import result_dicts

pytestmark = pytest.mark.model
PROBES = Path(__file__).parent / "corpus" / "actors_probes.jsonl"


@pytest.fixture(scope="module")
def report(pipeline):  # type: ignore[no-untyped-def]
    return evaluate_actors(pipeline, read_cases(PROBES))


def test_every_probe_resolves_as_written(report) -> None:  # type: ignore[no-untyped-def]
    assert len(report.outcomes) >= 30
    failed = [f"{c.id}: {c.mention!r} -> {actor.id if actor else None}" for c, actor, v in report.outcomes if v != "right"]
    assert failed == []


def test_probes_cover_every_class(report) -> None:  # type: ignore[no-untyped-def]
    cases = report.by_case()
    for case in ("variant", "title", "igo", "metonym", "agent", "given-name", "place", "reference", "dated"):
        assert sum(cases[case].values()) >= 1, case


def test_bare_given_names_are_never_known_actors(pipeline) -> None:  # type: ignore[no-untyped-def]
    for text, name in [
        ('"We are proud of him," her son, Adam, said outside the court.', "Adam"),
        ('"It is cold here," wrote Maria, a Russian in the camp.', "Maria"),
        ("Ali said he had been waiting at the border for three days.", "Ali"),
        ("Hussein told reporters he would not leave.", "Hussein"),
    ]:
        result = run(pipeline, text, date(2019, 3, 1))
        found = [a for a in result.actors if any(m.text == name for m in a.mentions)]
        assert len(found) == 1, text
        assert not found[0].actor.known, text
        assert found[0].mentions and all(m.confidence <= 0.6 for m in found[0].mentions)


def test_a_private_person_keeps_the_nationality_the_article_gives(pipeline) -> None:  # type: ignore[no-untyped-def]
    result = run(pipeline, '"It is cold here," wrote Maria, a Russian in the camp.', date(2019, 3, 1))
    maria = next(a.actor for a in result.actors if a.actor.name == "Maria")
    assert (maria.country, maria.sector, maria.kind) == ("RUS", "CVL", "person")
    assert not any(a.actor.id == "RUS" for a in result.actors)  # "a Russian" is no statement by Russia


def test_generic_agents_are_named_by_who_they_are(pipeline) -> None:  # type: ignore[no-untyped-def]
    result = run(pipeline, "Doctors in eastern Ghouta said hospitals had been bombed.", date(2018, 2, 25))
    doctors = next(a.actor for a in result.actors if a.actor.id == "SYR-HLH")
    assert doctors.name == "Syrian health workers"
    woman = run(pipeline, '"We want to go home," a Canadian woman said.', date(2019, 3, 1))
    assert [q.speaker.name for q in woman.quotes if q.speaker] == ["Canadian civilians"]


def test_places_are_locations_never_actors(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "Officials in Erbil and Kobane said the camp at al-Hawl was overcrowded. Fighting continued near the Euphrates."
    result = run(pipeline, text, date(2019, 3, 1))
    places = {p.text: p for p in result.places}
    assert {"Erbil", "Kobane", "Hawl", "Euphrates"} <= set(places)
    assert (places["Erbil"].country, places["Kobane"].country, places["Erbil"].source) == ("IRQ", "SYR", "kb")
    named = {m.text for a in result.actors for m in a.mentions}
    assert named and not named & {"Erbil", "Kobane", "al-Hawl", "Hawl", "Euphrates"}


def test_a_capital_is_the_government_as_actor_and_a_place_after_in(pipeline) -> None:  # type: ignore[no-untyped-def]
    result = run(pipeline, "Beijing accused Washington of stoking tension. Talks in Beijing failed.", date(2021, 9, 16))
    beijing = [(m.text, m.start, a.actor.id) for a in result.actors for m in a.mentions if m.text == "Beijing"]
    assert beijing == [("Beijing", 0, "CHN-GOV")]
    assert [(p.text, p.country, p.source) for p in result.places] == [("Beijing", "CHN", "capital")]


def test_confidence_reaches_the_output(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "Sergei Lavrov met Antony Blinken in Geneva. Lavrov said the talks were useful. He said they would meet again."
    result = run(pipeline, text, date(2022, 1, 21))
    records = result_dicts(result)
    mentions = [m for r in records if r["type"] == "actor" for m in r["mentions"]]
    assert mentions and all(0 < m["confidence"] <= 1 for m in mentions)
    by_text = {m["text"]: m["confidence"] for m in mentions}
    assert by_text["Sergei Lavrov"] > by_text["Lavrov"] > by_text["He"]  # a full name is surer than a surname or pronoun
    quotes = [r for r in records if r["type"] == "quote" and r["speaker"]]
    assert quotes and all(0 < q["speaker"]["confidence"] <= 1 for q in quotes)
    json.dumps(records)


def test_lookup_shows_no_role_on_a_date_with_none() -> None:
    result = CliRunner().invoke(main, ["actors", "lookup", "Blinken", "--date", "2010-01-01"])
    assert result.exit_code == 0, result.output
    assert "country=USA sector=None" in result.output
    assert "role on 2010-01-01: -" in result.output
    later = CliRunner().invoke(main, ["actors", "lookup", "Blinken", "--date", "2022-01-01"])
    assert "sector=GOV" in later.output
    direct = CliRunner().invoke(main, ["actors", "lookup", "Antony Blinken", "--date", "2010-01-01"])  # the compiled path
    assert "country=USA sector=None" in direct.output and "(confidence 0.95)" in direct.output
    place = CliRunner().invoke(main, ["actors", "lookup", "Raqqa"])
    assert place.exit_code != 0 and "no actor found" in place.output


def test_list_says_when_nothing_matches() -> None:
    result = CliRunner().invoke(main, ["actors", "list", "--search", "zzqqxx"])
    assert result.exit_code == 1
    assert result.output.startswith("no match")
