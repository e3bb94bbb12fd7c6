"""The learned event typer (events/learned.py): training, its weights file, and its use by the coder."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest

from conftest import run
from dragoman import build_pipeline, make_config
from dragoman.evaluation.events import read_gold
from dragoman.evaluation.typer_training import Example, examples_by_record, read_event_texts, train
from dragoman.events.learned import CLASSES, MODEL_PATH, EventTyper, rule_types_by_token

TEAM = Path(__file__).parent / "corpus" / "events_team.jsonl"
TOY = [
    Example(("bias", "lemma=meet", "child=dobj|minister"), "CONSULT"),
    Example(("bias", "lemma=meet", "child=prep|with"), "CONSULT"),
    Example(("bias", "lemma=shell", "child=dobj|town"), "ASSAULT"),
    Example(("bias", "lemma=shell", "child=dobj|village"), "ASSAULT"),
    Example(("bias", "lemma=say", "child=dobj|minister"), "NONE"),
    Example(("bias", "lemma=say", "child=prep|with"), "NONE"),
]


def test_trains_and_round_trips_through_its_file(tmp_path: Path) -> None:
    typer = train(TOY, min_count=1)
    assert max(typer.probabilities(["bias", "lemma=shell"]).items(), key=lambda kv: kv[1])[0] == "ASSAULT"
    assert max(typer.probabilities(["bias", "lemma=meet"]).items(), key=lambda kv: kv[1])[0] == "CONSULT"
    path = tmp_path / "typer.npz"
    typer.save(path)
    loaded = EventTyper.load(path)
    assert loaded.vocabulary == typer.vocabulary and loaded.classes == CLASSES
    for features in (["bias", "lemma=meet"], ["bias", "lemma=say", "unseen"], []):
        expected, got = typer.probabilities(features), loaded.probabilities(features)
        assert got.keys() == expected.keys()
        assert all(abs(got[c] - expected[c]) < 1e-5 for c in CLASSES)


def test_training_is_deterministic() -> None:
    first, second = train(TOY, min_count=1), train(list(TOY), min_count=1)
    assert first.vocabulary == second.vocabulary
    assert np.array_equal(first.weights, second.weights) and np.array_equal(first.bias, second.bias)


def test_the_shipped_weights_are_small_and_load() -> None:
    assert MODEL_PATH.stat().st_size < 2_000_000
    typer = EventTyper.load()
    assert typer.classes == CLASSES and typer.weights.shape == (len(typer.vocabulary), len(CLASSES))


@pytest.mark.model
def test_training_on_the_team_corpus_is_deterministic(pipeline) -> None:  # type: ignore[no-untyped-def]
    records = read_gold(TEAM)[::10]
    per_record = examples_by_record(pipeline, records, read_event_texts(TEAM))
    examples = [e for group in per_record for e in group]
    assert {e.label for e in examples} >= {"NONE", "AGREE", "ASSAULT"}
    first, second = train(examples), train(examples)
    assert first.vocabulary == second.vocabulary and np.array_equal(first.weights, second.weights)


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "trigger", "plover"),
    [  # variants written for this test, not in the team corpus
        ("Chile recalled its ambassador from Israel over the Gaza offensive.", "recalled", "SANCTION"),
        ("Thailand deployed troops along its border with Cambodia.", "deployed", "MOBILIZE"),
        ("Morocco accused Algeria of arming the Polisario Front.", "accused", "ACCUSE"),
    ],
)
def test_held_out_variants_are_classified_right(pipeline, text: str, trigger: str, plover: str) -> None:  # type: ignore[no-untyped-def]
    assert text not in TEAM.read_text(encoding="utf-8")
    typer = EventTyper.load()
    doc = pipeline.nlp(text)
    token = next(t for t in doc if t.text == trigger)
    rule_types = rule_types_by_token(doc, run(pipeline, text, date(2023, 5, 1)).events)
    probabilities = typer.classify(token, rule_types.get(token.i))
    assert max(probabilities.items(), key=lambda kv: kv[1])[0] == plover


@pytest.mark.model
def test_the_typer_ranks_a_side_event_below_the_main_one_and_keeps_it() -> None:
    text = "Chile recalled its ambassador from Israel over the Gaza offensive."
    off = {e.trigger: e for e in run(build_pipeline(make_config(learned_typer=False)), text, date(2023, 10, 20)).events}
    on = {e.trigger: e for e in run(build_pipeline(make_config(learned_typer=True)), text, date(2023, 10, 20)).events}
    assert set(off) == set(on) == {"recalled", "offensive"}  # an event in a prepositional phrase is not dropped
    recalled = on["recalled"]
    assert recalled.plover == "SANCTION" and recalled.target is not None
    assert (recalled.source.country, recalled.target.country) == ("CHL", "ISR")
    assert on["offensive"].confidence < off["offensive"].confidence < on["recalled"].confidence


@pytest.mark.model
def test_the_switch_is_on_by_default_and_can_be_turned_off() -> None:
    assert make_config().learned_typer is True
    assert build_pipeline(make_config(learned_typer=False)).coder.typer is None
