"""Shared fixtures. Tests that need the real spaCy pipeline are marked `model` and share one pipeline."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from dragoman import Article, build_pipeline
from dragoman.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
SEED = ROOT / "examples" / "000_305ebb28df5500ab.txt"
BACKENDS = ["sqlite", "postgresql"]  # every store and explorer test runs on both


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


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """One throwaway PostgreSQL cluster per test session. Where it cannot start the PostgreSQL cases skip,
    unless DRAGOMAN_REQUIRE_PG=1 (set by scripts/test.sh, so CI fails loudly instead)."""
    from pg_cluster import ClusterError, cluster

    try:
        manager = cluster()
        url = manager.__enter__()
    except ClusterError as exc:
        if os.environ.get("DRAGOMAN_REQUIRE_PG") == "1":
            pytest.fail(f"PostgreSQL is required (DRAGOMAN_REQUIRE_PG=1) but could not start: {exc}")
        pytest.skip(f"PostgreSQL could not start: {exc}")
    try:
        yield url
    finally:
        manager.__exit__(None, None, None)


def new_store_url(request: pytest.FixtureRequest, backend: str, path: Path) -> str:
    """A new, empty store on `backend`: a SQLite file at `path`, or a new PostgreSQL database."""
    if backend == "sqlite":
        return str(path)
    from pg_cluster import create_database, drop_database

    server = request.getfixturevalue("postgres_server")
    url = create_database(server)
    request.addfinalizer(lambda: drop_database(server, url))
    return url


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of a new, empty store, once per backend."""
    return new_store_url(request, request.param, tmp_path / "store.db")
