"""The explorer's pages and their JSON twins, in process (real store, real pipeline for the data)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from conftest import BACKENDS, new_store_url
from dragoman.web.app import create_app
from explorer_fixtures import build_store

pytestmark = pytest.mark.model


@pytest.fixture(scope="module", params=BACKENDS)
def client(pipeline, tmp_path_factory, request) -> TestClient:  # type: ignore[no-untyped-def]
    """The explorer over the same articles, stored in SQLite and in PostgreSQL."""
    url = new_store_url(request, request.param, tmp_path_factory.mktemp("explorer") / "store.db")
    return TestClient(create_app(build_store(pipeline, url)))


@pytest.mark.parametrize(
    ("page", "api"),
    [
        ("/", "/api/overview"),
        ("/network", "/api/network"),
        ("/events", "/api/events"),
        ("/actors/antony-blinken", "/api/actors/antony-blinken"),
        ("/articles/seed", "/api/articles/seed"),
        ("/articles", "/api/articles"),
        ("/search?q=Blinken", "/api/search?q=Blinken"),
    ],
)
def test_every_page_has_a_json_twin(client: TestClient, page: str, api: str) -> None:
    html, data = client.get(page), client.get(api)
    assert html.status_code == 200 and "text/html" in html.headers["content-type"]
    assert data.status_code == 200 and isinstance(data.json(), dict)
    assert f'href="{api.split("?")[0]}' in html.text  # the page links to its JSON twin


def test_openapi_documents_the_api(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/overview", "/api/network", "/api/events", "/api/actors/{actor_id}", "/api/search", "/api/jobs"} <= set(paths)


def test_network_edges_and_filters(client: TestClient) -> None:
    network = client.get("/api/network").json()
    countries = {n["id"]: n["country"] for n in network["nodes"]}
    blinken = {countries[e["target"]] for e in network["edges"] if e["source"] == "antony-blinken"}
    assert {"QAT", "EGY", "SAU"} <= blinken
    only_consult = client.get("/api/network", params={"plover": "CONSULT"}).json()
    assert len(only_consult["edges"]) < len(network["edges"])
    assert only_consult["edges"] and all(e["tone"] == "cooperation" for e in only_consult["edges"])
    total = client.get("/api/events").json()["total"]
    assert client.get("/api/events", params={"country": "TUR"}).json()["total"] < total
    assert client.get("/api/events", params={"start": "2021-05-18"}).json()["total"] < total


def test_edge_events_and_sorting(client: TestClient) -> None:
    pair = client.get("/api/events", params={"source": "antony-blinken", "target": "sameh-shoukry"}).json()
    assert pair["total"] >= 1 and all(e["source"]["id"] == "antony-blinken" for e in pair["events"])
    ordered = client.get("/api/events", params={"sort": "confidence", "desc": "true"}).json()["events"]
    assert [e["confidence"] for e in ordered] == sorted((e["confidence"] for e in ordered), reverse=True)


def test_actor_page_lists_quotes_and_roles(client: TestClient) -> None:
    actor = client.get("/api/actors/joe-biden").json()
    assert actor["country"] == "USA" and "President" in actor["roles_seen"]
    assert any(q["text"].startswith("My administration") for q in actor["quotes"])


def test_search_covers_text_actors_and_quotes(client: TestClient) -> None:
    results = client.get("/api/search", params={"q": "ceasefire"}).json()["results"]
    assert any(r["article"] == "seed" for r in results["article"])
    actors = client.get("/api/search", params={"q": "Shoukry"}).json()["results"]["actor"]
    assert [a["ref"] for a in actors] == ["sameh-shoukry"]


def test_article_text_is_escaped(client: TestClient) -> None:
    html = client.get("/articles/escaped").text
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert "<b>nothing</b>" not in html


def test_adding_is_local_only_unless_enabled(pipeline, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "s.db"
    remote = TestClient(create_app(db), base_url="http://127.0.0.1:8000", client=("203.0.113.9", 5000))
    token = remote.get("/api/csrf").json()["csrf_token"]
    refused = remote.post("/api/jobs", data={"text": "Egypt met Qatar.", "csrf_token": token})
    assert refused.status_code == 403 and "localhost" in refused.json()["error"]
    local = TestClient(create_app(db), base_url="http://127.0.0.1:8000", client=("127.0.0.1", 5000))
    token = local.get("/api/csrf").json()["csrf_token"]
    assert local.post("/api/jobs", data={"text": "", "csrf_token": token}).status_code == 400


def test_an_upload_with_a_bad_line_lists_it(pipeline, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = create_app(tmp_path / "u.db")
    app.state.explorer._pipeline = pipeline  # the session's pipeline, not a second copy
    client = TestClient(app, base_url="http://127.0.0.1:8000", client=("127.0.0.1", 5000))
    lines = b'{"id": "ok", "text": "Egypt condemned Israel on Monday."}\n{"id": "bad", "text": 12}\n'
    token = client.get("/api/csrf").json()["csrf_token"]
    job = client.post("/api/jobs", data={"csrf_token": token}, files={"upload": ("mixed.jsonl", lines, "application/json")})
    assert job.status_code == 202, job.text
    rejected = job.json()["rejected"]
    assert job.json()["total"] == 1 and len(rejected) == 1 and "mixed.jsonl:2" in rejected[0] and "text" in rejected[0]
    for _ in range(200):
        state = client.get(f"/api/jobs/{job.json()['id']}").json()
        if state["status"] != "running":
            break
        time.sleep(0.05)
    assert state["status"] == "done" and state["articles"] == ["ok"] and state["rejected"]
    assert client.get("/api/articles/ok").json()["status"] == "ok"


def test_unknown_ids_are_json_errors(client: TestClient) -> None:
    response = client.get("/api/actors/nobody")
    assert response.status_code == 404 and "nobody" in response.json()["error"]


def test_actor_role_on_a_date(client: TestClient) -> None:
    sisi_2013 = client.get("/api/actors/abdel-fattah-el-sisi", params={"date": "2013-06-01"}).json()["role_on_date"]
    sisi_2021 = client.get("/api/actors/abdel-fattah-el-sisi", params={"date": "2021-05-17"}).json()["role_on_date"]
    assert sisi_2021["title"] == "President" and sisi_2013["title"] != "President"
    assert len(sisi_2021["history"]) >= 2
    assert "role-on-date" in client.get("/actors/abdel-fattah-el-sisi?date=2021-05-17").text
    assert client.get("/api/actors/abdel-fattah-el-sisi", params={"date": "17/05/2021"}).status_code == 400
