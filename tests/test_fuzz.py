"""Fuzz the readers and the pipeline (hypothesis; bounded: a few hundred examples, no deadline).
benchmarks/fuzz.py runs the same strategies 20,000 times and prints the rates."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings

from dragoman.errors import InputError
from dragoman.pipeline import Pipeline
from dragoman.records import Article
from fuzzing import article_problem, expected_jsonl_items, files, offset_errors, read_file, serialisation_error, texts

FUZZ = settings(max_examples=300, deadline=None, database=None, suppress_health_check=list(HealthCheck))


@FUZZ
@given(files)
def test_readers_never_raise_and_never_drop_a_record(file: tuple[str, bytes]) -> None:
    suffix, data = file
    items = list(read_file(suffix, data))
    assert [type(i) for i in items if not isinstance(i, Article | InputError)] == []
    for item in items:
        if isinstance(item, Article):
            assert article_problem(item) is None, item
    if suffix == ".jsonl":
        assert len(items) == expected_jsonl_items(data)
    if suffix == ".txt":
        assert len(items) == 1


@pytest.mark.model
@settings(max_examples=200, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(texts)
def test_the_pipeline_never_crashes_and_every_offset_points_at_its_text(pipeline: Pipeline, text: str) -> None:
    [result] = list(pipeline.pipe([Article(id="fuzz", text=text, date=date(2021, 5, 17))]))
    assert result.status == "ok" or (result.error or "").startswith("[E202]"), result.error
    assert offset_errors(result) == []
    assert serialisation_error(result) is None
