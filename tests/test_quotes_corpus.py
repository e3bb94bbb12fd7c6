"""Quote extraction on the team's 223 tricky cases (tests/corpus/quotes_team.jsonl)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dragoman.evaluation.quotes import evaluate_quotes, read_quote_cases

pytestmark = pytest.mark.model
CORPUS = Path(__file__).parent / "corpus" / "quotes_team.jsonl"


@pytest.fixture(scope="module")
def report(pipeline):  # type: ignore[no-untyped-def]
    return evaluate_quotes(pipeline, read_quote_cases(CORPUS))


def test_corpus_has_every_pattern(report) -> None:  # type: ignore[no-untyped-def]
    assert sum(report.gold.values()) >= 150
    for pattern in (
        "straight-quotes",
        "curly-quotes",
        "multi-paragraph",
        "unbalanced",
        "colon-intro",
        "nested",
        "fragment",
        "inverted-cue",
        "pronoun",
        "statement",
        "according-to",
        "told",
        "channel",
        "mixed",
    ):
        assert report.gold[pattern] >= 8, pattern
    for pattern in (
        "continuation",
        "colon-paragraph",
        "parenthetical-cue",
        "participle-cue",
        "relative-speaker",
        "evaluative-fragment",
        "doubled-single",
        "no-quote",
    ):
        assert report.cases[pattern] >= 5, pattern


def test_titles_and_scare_quotes_are_not_quotes(report) -> None:  # type: ignore[no-untyped-def]
    assert report.wrong["no-quote"] == 0
    assert report.found["no-quote"] == report.gold["no-quote"]


def test_quote_floors(report) -> None:  # type: ignore[no-untyped-def]
    assert report.recall >= 0.93
    assert report.precision >= 0.93
    assert report.via_right >= 0.8 * report.via_gold
    assert report.found["multi-paragraph"] == report.gold["multi-paragraph"]
    assert report.found["unbalanced"] >= report.gold["unbalanced"] - 1
