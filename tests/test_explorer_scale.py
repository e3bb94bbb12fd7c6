"""The explorer over 100,000 events copied from real articles: the pages and their JSON twins answer and page
correctly (one store for the module, built by copying processed rows, see scale_store.py)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from dragoman.web.app import create_app
from scale_store import build_scale_store

pytestmark = pytest.mark.model
EVENTS = 100_000


@pytest.fixture(scope="module")
def store(pipeline, tmp_path_factory):  # type: ignore[no-untyped-def]
    db = tmp_path_factory.mktemp("scale") / "big.db"
    return db, build_scale_store(pipeline, db, EVENTS)


@pytest.fixture(scope="module")
def client(store) -> TestClient:  # type: ignore[no-untyped-def]
    return TestClient(create_app(store[0]), base_url="http://127.0.0.1:8000")


def test_the_store_holds_a_hundred_thousand_events(client: TestClient, store) -> None:  # type: ignore[no-untyped-def]
    total = store[1]
    assert total >= EVENTS
    counts = client.get("/api/overview", params={"include_negated": 1}).json()["counts"]
    assert counts["events"] == total


def test_events_page_and_twin(client: TestClient) -> None:
    first = client.get("/api/events", params={"page_size": 100}).json()
    last_page = -(-first["total"] // 100)
    assert first["total"] > 90_000 and len(first["events"]) == 100
    last = client.get("/api/events", params={"page_size": 100, "page": last_page}).json()
    assert 1 <= len(last["events"]) <= 100 and last["page"] == last_page
    assert client.get("/api/events", params={"page_size": 100, "page": last_page + 1}).status_code == 400
    ids = {e["id"] for e in client.get("/api/events", params={"page": 2}).json()["events"]}
    assert len(ids) == 50 and not ids & {e["id"] for e in client.get("/api/events", params={"page": 3}).json()["events"]}
    html = client.get("/events", params={"plover": "CONSULT", "page": 20})
    assert html.status_code == 200 and html.text.count("<tr") == 51  # a header row and one page of 50
    assert "page 20 of" in html.text


def test_filtered_counts_facets_and_timeline(client: TestClient) -> None:
    data = client.get("/api/events", params={"actor": "Antony Blinken", "facets": "true"}).json()
    assert data["total"] > 1_000 and data["facets"]["actor"][0]["label"] == "Antony Blinken"
    overview = client.get("/api/overview").json()
    periods = overview["periods"]
    assert periods["unit"] == "month" and len(periods["periods"]) > 100  # a decade of copies, month by month
    dated = sum(p["q1"] + p["q2"] + p["q3"] + p["q4"] for p in periods["periods"])
    assert dated + periods["undated"] == overview["counts"]["events"]
    assert client.get("/").status_code == 200


def test_network_quotes_actors_and_articles(client: TestClient) -> None:
    network = client.get("/api/network").json()
    ids = {n["id"] for n in network["nodes"]}
    assert 10 <= len(ids) <= 150 and network["edges"]
    assert network["edges"] and all(e["source"] in ids and e["target"] in ids for e in network["edges"])
    quotes = client.get("/api/quotes", params={"page": 10}).json()
    assert quotes["total"] > 1_000 and len(quotes["quotes"]) == 50
    actors = client.get("/api/actors").json()
    assert actors["actors"][0]["events"] >= actors["actors"][-1]["events"]
    articles = client.get("/api/articles", params={"page": 30}).json()
    assert articles["total"] > 1_000 and len(articles["articles"]) == 50
    assert client.get("/articles", params={"page": 30}).status_code == 200


def test_the_busiest_actor_answers_a_page_at_a_time(client: TestClient) -> None:
    busiest = client.get("/api/actors").json()["actors"][0]
    first = client.get(f"/api/actors/{busiest['id']}").json()
    totals = first["totals"]
    assert totals["events_as_source"] + totals["events_as_target"] >= busiest["events"] > 1_000
    assert len(first["events_as_source"]) == min(50, totals["events_as_source"])
    assert len(first["mentions"]) == min(50, totals["mentions"])
    second = client.get(f"/api/actors/{busiest['id']}", params={"page": 2}).json()
    assert not {e["id"] for e in first["events_as_source"]} & {e["id"] for e in second["events_as_source"]}
    last = -(-max(totals.values()) // 50)
    assert client.get(f"/api/actors/{busiest['id']}", params={"page": last + 1}).status_code == 400
    html = client.get(f"/actors/{busiest['id']}", params={"page": 2})
    assert html.status_code == 200 and 'rel="prev"' in html.text and f"({totals['mentions']};" in html.text
