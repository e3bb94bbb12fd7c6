"""200 concurrent requests on every JSON endpoint of a real uvicorn server on 127.0.0.1, with 0 errors
(issue 16: a shared SQLite connection made 198 of 200 requests fail). Bounded: a timeout on every request."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from dragoman.web.app import create_app
from live_server import serving
from web_store import build_web_store

CONCURRENCY = 200
ENDPOINTS = [
    "/api/overview",
    "/api/overview?unit=day&plover=CONSULT",
    "/api/network?min_confidence=0.5",
    "/api/events?page=2&facets=true",
    "/api/events?actor=Antony%20Blinken&include_negated=1",
    "/api/quotes",
    "/api/actors",
    "/api/actors/antony-blinken",
    "/api/actor-suggestions?q=qa",
    "/api/articles",
    "/api/articles/a001",
    "/api/search?q=Qatar",
    "/api/csrf",
    "/openapi.json",
]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory) -> Iterator[str]:  # type: ignore[no-untyped-def]
    db = build_web_store(tmp_path_factory.mktemp("concurrency") / "store.db")
    with serving(create_app(db), backlog=1024) as url:
        yield url


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            json.loads(response.read())
            return response.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")[:300]
    except (OSError, ValueError) as exc:
        return 0, f"{type(exc).__name__}: {exc}"


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_two_hundred_concurrent_requests(base_url: str, endpoint: str) -> None:
    with ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
        answers = list(pool.map(fetch, [base_url + endpoint] * CONCURRENCY))
    failures = [a for a in answers if a[0] != 200]
    assert len(answers) == CONCURRENCY and failures == [], failures[:3]
