"""The learned event model (events/model.py): the shipped file, its feature fingerprint, and its use."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from conftest import ROOT, run
from dragoman import build_pipeline, make_config
from dragoman.cli import main
from dragoman.events.model import LABELS, MODEL_PATH, EventModel, LinearModel, feature_hash

SENTENCE = "Iranian Foreign Minister Mohammad Javad Zarif condemned the decision of the U.S. Supreme Court."


def test_the_shipped_model_matches_the_feature_code_it_was_trained_with() -> None:
    """Changing sentence_features/event_features (or the labels) without retraining fails here:
    run scripts/train_events.py."""
    model = EventModel.load()
    assert model.trained_hash == feature_hash()
    assert set(model.typer.classes) == set(LABELS)
    assert set(model.scorer.classes) == {"right", "wrong"}
    assert 0.0 < model.keep < 1.0 and 0.0 < model.add <= 1.0


def test_the_model_file_loads_without_pickle_and_has_a_card() -> None:
    with np.load(MODEL_PATH, allow_pickle=False) as data:
        assert "typer_coef" in data.files and all(data[name].dtype != object for name in data.files)
    card = MODEL_PATH.with_suffix(".md").read_text(encoding="utf-8")
    assert "PLV: no licence stated, research use" in card and "Seed: 12" in card and feature_hash() in card


def test_a_linear_model_round_trips_through_its_arrays(tmp_path: Path) -> None:
    typer = LinearModel({"bias": 0, "w=meet": 1}, np.array([[0.0, 0.0], [2.0, -2.0]]), np.zeros(2), ("CONSULT", "ASSAULT"))
    scorer = LinearModel({"p": 0}, np.array([[4.0]]), np.array([-2.0]), ("right", "wrong"))
    path = tmp_path / "m.npz"
    EventModel(typer, scorer, keep=0.25, add=0.5, trained_hash="abc").save(path)
    again = EventModel.load(path)
    probabilities = again.sentence_probabilities([{"bias": 1.0, "w=meet": 1.0}])[0]
    assert probabilities["CONSULT"] > 0.95 and again.keep == 0.25 and again.trained_hash == "abc"
    assert again.scores([{"p": 1.0}])[0] < 0.5  # the scorer's positive column is "wrong" here: right is 1 - that


@pytest.mark.model
def test_the_model_scores_rule_events_and_confidence_is_its_score() -> None:
    events = run(build_pipeline(), SENTENCE).events
    accusations = [e for e in events if e.plover == "ACCUSE"]
    assert accusations, [(e.plover, e.trigger) for e in events]
    assert accusations[0].source.country == "IRN" and 0.0 < accusations[0].confidence < 1.0
    rules = run(build_pipeline(make_config(learned_typer=False)), SENTENCE).events
    assert {e.confidence for e in accusations} != {e.confidence for e in rules if e.plover == "ACCUSE"}


@pytest.mark.model
def test_extract_min_confidence_keeps_only_confident_events(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a", "text": SENTENCE, "date": "2017-06-27"}) + "\n", encoding="utf-8")
    counts = []
    for threshold in ("0", "0.99"):
        out = tmp_path / f"out{threshold}.jsonl"
        result = CliRunner().invoke(main, ["extract", str(source), "--out", str(out), "--min-confidence", threshold, "--quiet"])
        assert result.exit_code == 0, result.output
        records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        events = [r for r in records if r["type"] == "event"]
        assert not [r for r in events if r["confidence"] < float(threshold)]
        counts.append(len(events))
    assert counts[0] >= 1 and counts[1] < counts[0]
    bad = CliRunner().invoke(main, ["extract", str(source), "--min-confidence", "2"])
    assert bad.exit_code != 0 and "min-confidence" in bad.output


def test_the_training_code_sits_outside_the_runtime_package() -> None:
    assert (ROOT / "scripts" / "train_events.py").exists()
    text = (ROOT / "src" / "dragoman" / "events" / "model.py").read_text(encoding="utf-8")
    assert "sklearn" not in text  # the runtime reads arrays; scikit-learn is only for training
