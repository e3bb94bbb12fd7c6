"""Event-coding accuracy floors: a regression below them fails CI. The figures are printed by
benchmarks/accuracy.py; the floors sit a little under the measured values (dev figures for PLV dev and
PLOVER dev; the team corpora are regression sets the learned model never saw)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conftest import run, shared
from dragoman import build_pipeline, make_config
from dragoman.evaluation.events import evaluate, read_gold

pytestmark = pytest.mark.model
TEAM = Path(__file__).parent / "corpus" / "events_team.jsonl"


def test_team_corpus_labels_agree_with_the_ontology() -> None:
    """Each sentence's PLOVER label is what the shipped table maps its CAMEO code to."""
    import json

    from dragoman.ontology import load_ontology

    ontology = load_ontology()
    for line in TEAM.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        code = record.get("cameo")
        if code and ontology[code].plover:
            assert ontology[code].plover == record["event"], record["id"]


def test_team_corpus_floor(pipeline) -> None:  # type: ignore[no-untyped-def]
    """Measured: any 0.931, top 0.909, wrong 0.185, source country 0.928, macro-F1 0.880, >= 0.8 right 0.978."""
    records = read_gold(TEAM)
    assert len(records) >= 600 and len({r.event for r in records}) == 17  # 16 PLOVER types and NONE
    report = evaluate(pipeline, records)
    assert report.macro_f1() >= 0.865
    assert report.recall_any() >= 0.915
    assert report.recall_top() >= 0.895
    assert report.wrong_per_sentence() <= 0.20
    assert report.country_accuracy("source")[0] >= 0.915
    assert report.precision_above(0.8)[0] >= 0.96


def test_plover_gold_standard_dev_floor(pipeline) -> None:  # type: ignore[no-untyped-def]
    """Measured: any 0.916, top 0.897, wrong 0.178, source country 0.898, >= 0.8 right 0.942."""
    report = evaluate(pipeline, read_gold(shared("plover_gsr", "dev.jsonl")))
    assert report.recall_any() >= 0.895
    assert report.recall_top() >= 0.88
    assert report.wrong_per_sentence() <= 0.195
    assert report.country_accuracy("source")[0] >= 0.88
    assert report.precision_above(0.8)[0] >= 0.92


def test_plv_dev_floor(pipeline) -> None:  # type: ignore[no-untyped-def]
    """The frozen PLV dev split. Measured: any 0.818, top 0.809, wrong 0.220, source span 0.924, >= 0.8 right 0.937."""
    records = read_gold(
        shared("plv_train", "plv_train.jsonl"), Path(__file__).parents[1] / "benchmarks" / "splits" / "plv_dev_ids.txt"
    )
    assert len(records) == 209
    report = evaluate(pipeline, records)
    assert report.recall_any() >= 0.80
    assert report.recall_top() >= 0.79
    assert report.wrong_per_sentence() <= 0.235
    assert report.span_accuracy("source")[0] >= 0.91
    assert report.precision_above(0.8)[0] >= 0.92


@pytest.mark.parametrize(
    ("text", "trigger", "cameo", "source", "target"),
    [
        ("Moscow said Georgia must withdraw its troops from the border.", "withdraw", "100", "RUS", "GEO"),
        ("Iran said it will not accept any new inspections.", "accept", "1", "IRN", None),  # a refusal (12x)
        ("Japan said it would send aid to the Philippines.", "send", "03", "JPN", "PHL"),
        ("Macron to visit Algeria next month", "visit", "036", "FRA", "DZA"),
        ("Armenia agreed to hand two villages back to Azerbaijan.", "hand", "035", "ARM", "AZE"),  # intent to yield
        ("Colombia agreed to postpone the vote on the new mining code.", "agreed", "030", "COL", None),
    ],
)
def test_modality_rules_on_unseen_sentences(pipeline, text, trigger, cameo, source, target) -> None:  # type: ignore[no-untyped-def]
    result = run(pipeline, text, date(2022, 3, 1))
    events = [e for e in result.events if e.trigger == trigger]
    assert events, [(e.trigger, e.cameo) for e in result.events]
    event = events[0]
    assert event.cameo.startswith(cameo if cameo != "1" else "12")
    assert event.source.country == source
    assert (event.target.country if event.target else None) == target


def test_event_nouns_in_adjuncts_and_conditional_threats(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "Sudanese troops retook the town of Wad Madani after a week of fighting."
    rules = build_pipeline(make_config(learned_typer=False))  # the rule proposes the adjunct's event; the model
    fighting = run(rules, text, date(2024, 2, 1))  # keeps one reading of the sentence (here the retaking)
    assert any(e.trigger == "fighting" and e.source.country == "SDN" for e in fighting.events)
    assert any(e.source.country == "SDN" for e in run(pipeline, text, date(2024, 2, 1)).events)
    threat = run(pipeline, "Kenya said it will withdraw its troops from Somalia unless the salaries are paid.", date(2015, 1, 1))
    assert [e.plover for e in threat.events if e.trigger == "withdraw"] == ["THREATEN"]


def test_intent_adjectives(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "Turkish President Recep Tayyip Erdogan said he is ready to meet the Syrian president."
    meets = [e for e in run(pipeline, text, date(2022, 11, 1)).events if e.trigger == "meet"]
    assert meets and meets[0].cameo == "036" and meets[0].source.country == "TUR" and meets[0].target.country == "SYR"


def test_team_wire_style_set_floor(pipeline) -> None:  # type: ignore[no-untyped-def]
    """900 sentences in the style of 1979-2016 agency news, written in six batches of 150 after the rules of
    the day; a regression set (the learned model never saw it). Measured: any 0.913, top 0.892, wrong 0.168,
    source country 0.897, >= 0.8 right 0.972."""
    records = read_gold(Path(__file__).parent / "corpus" / "events_wire.jsonl")
    assert len(records) == 900 and len({r.event for r in records}) == 16
    report = evaluate(pipeline, records)
    assert report.recall_any() >= 0.895
    assert report.recall_top() >= 0.88
    assert report.wrong_per_sentence() <= 0.18
    assert report.country_accuracy("source")[0] >= 0.885
    assert report.precision_above(0.8)[0] >= 0.96
