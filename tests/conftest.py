"""Shared fixtures. Tests that need the real spaCy pipeline are marked `model` and share one pipeline."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dragoman import Article, build_pipeline
from dragoman.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
SEED = ROOT / "examples" / "000_305ebb28df5500ab.txt"


def shared(*parts: str) -> Path:
    """A path under ../shared/data; the calling test is skipped when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not present: {path}")
    return path


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return build_pipeline()


@pytest.fixture(scope="session")
def seed_result(pipeline: Pipeline):  # type: ignore[no-untyped-def]
    text = SEED.read_text(encoding="utf-8")
    return pipeline.process(Article(id="seed", text=text, date=date(2021, 5, 17)))


def run(pipeline: Pipeline, text: str, day: date = date(2021, 5, 17)):  # type: ignore[no-untyped-def]
    """Process one text as an article."""
    return pipeline.process(Article(id="t", text=text, date=day))
