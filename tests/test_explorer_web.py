"""The explorer's web layer over a small hand-built store (no language model): validation, filters,
counts, facets, downloads, the timeline, and the protections of issue 16 (XSS, CSRF, headers, limits)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient

from conftest import BACKENDS, new_store_url
from dragoman.web.app import create_app
from web_store import build_web_store

LOCAL = "http://127.0.0.1:8000"


@pytest.fixture(scope="module", params=BACKENDS)
def app(tmp_path_factory, request):  # type: ignore[no-untyped-def]
    """The explorer over the same hand-built store in SQLite and in PostgreSQL: every test runs on both."""
    url = new_store_url(request, request.param, tmp_path_factory.mktemp("web") / "store.db")
    return create_app(build_web_store(url), max_upload=200_000)


@pytest.fixture(scope="module")
def client(app) -> TestClient:  # type: ignore[no-untyped-def]
    return TestClient(app, base_url=LOCAL, client=("127.0.0.1", 50000))


# ---- parameters: every bad value is a 400 with a message ------------------------------------------
@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("/api/events?start=2019-13-01", "start: '2019-13-01' is not a date"),
        ("/api/events?end=yesterday", "end: 'yesterday' is not a date"),
        ("/api/events?start=2020-06-01&end=2020-01-01", "after end"),
        ("/api/events?page=99", "page 99 is past the last page (3"),
        ("/api/events?page=4611686018427387904", "page"),
        ("/api/articles?page=4611686018427387904", "page"),
        ("/api/quotes?page=4611686018427387904", "page"),
        ("/api/actors?page=4611686018427387904", "page"),
        ("/api/events?page_size=100000", "page_size"),
        ("/api/events?plover=PARTY", "not a PLOVER event type"),
        ("/api/events?country=Egypt", "ISO alpha-3"),
        ("/api/events?min_confidence=2", "min_confidence"),
        ("/api/events?sort=id;drop", "sort"),
        ("/api/events?actor=Donald%20Trump", "no actor is named"),
        ("/api/search?q=%00", "NUL"),
        ("/api/search?q=" + "the+" * 400, "at most"),
        ("/api/overview?unit=year", "unit"),
        ("/api/overview?unit=day&start=1990-01-01&end=2020-01-01", "too many to draw"),
        ("/api/actors/EGY?date=17/05/2021", "not a date"),
    ],
)
def test_bad_parameters_are_400_with_a_message(client: TestClient, url: str, says: str) -> None:
    response = client.get(url)
    assert response.status_code == 400, response.text
    assert says in response.json()["error"]


@pytest.mark.parametrize(
    "url", ["/events?start=2019-13-01", "/events?page=99", "/?page=4611686018427387904&unit=x", "/search?q=%00"]
)
def test_bad_parameters_on_pages_show_the_message(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 400 and "text/html" in response.headers["content-type"]
    assert 'class="error-message"' in response.text


def test_a_mistyped_actor_name_gets_suggestions(client: TestClient) -> None:
    error = client.get("/api/events", params={"actor": "Blinken"}).json()["error"]
    assert "did you mean Antony Blinken" in error


# ---- filters and counts -----------------------------------------------------------------------------
def test_the_actor_filter_takes_a_name(client: TestClient) -> None:
    by_id = client.get("/api/events", params={"actor": "antony-blinken"}).json()
    by_name = client.get("/api/events", params={"actor": "antony BLINKEN"}).json()
    assert by_id["total"] == by_name["total"] == 40
    suggestions = client.get("/api/actor-suggestions", params={"q": "blink"}).json()["actors"]
    assert [a["id"] for a in suggestions] == ["antony-blinken"]
    assert client.get("/api/actor-suggestions", params={"q": "%"}).json()["actors"] == []  # LIKE wildcards are literal


def test_every_count_follows_the_filters(client: TestClient) -> None:
    everything = client.get("/api/overview").json()["counts"]
    assert everything["articles"] == 42 and everything["quotes"] == 40 and everything["filtered"] is False
    spring = client.get("/api/overview", params={"start": "2020-03-01", "end": "2020-03-31"}).json()["counts"]
    assert spring["filtered"] is True
    assert spring["articles"] == 5 and spring["quotes"] == 5  # five Mondays with an article each
    assert spring["events"] == 15 and spring["actors"] == 4
    assert client.get("/api/overview", params={"plover": "ACCUSE"}).json()["counts"]["actors"] == 2
    html = client.get("/", params={"start": "2020-03-01", "end": "2020-03-31"}).text
    assert 'id="count-articles">5<' in html and "articles with matching events" in html


def test_negated_events_are_shown_only_on_request(client: TestClient) -> None:
    default = client.get("/api/events").json()
    included = client.get("/api/events", params={"include_negated": 1}).json()
    assert default["total"] == 120 and included["total"] == 124
    assert default["counts"]["negated_events"] == 4 and not any(e["negated"] for e in default["events"])
    assert included["counts"]["include_negated"] is True
    html = client.get("/events").text
    assert "not counting 4 negated" in html and "include_negated=1" in html


def test_min_confidence_filters_events_and_the_network(client: TestClient) -> None:
    confident = client.get("/api/events", params={"min_confidence": 0.85, "page_size": 500}).json()
    assert 0 < confident["total"] < 120 and min(e["confidence"] for e in confident["events"]) >= 0.85
    network = client.get("/api/network", params={"min_confidence": 0.85}).json()
    assert sum(e["count"] for e in network["edges"]) <= confident["total"]


def test_places_are_never_nodes(client: TestClient) -> None:
    network = client.get("/api/network").json()
    ids = {n["id"] for n in network["nodes"]}
    assert ids == {"EGY", "QAT", "antony-blinken"}
    assert network["edges"] and all("cairo" not in (e["source"], e["target"]) for e in network["edges"])
    assert {e["quad_class"] for e in network["edges"]} <= {1, 2, 3, 4}


def test_facets_count_the_filtered_events(client: TestClient) -> None:
    data = client.get("/api/events", params={"facets": "true"}).json()
    assert sum(r["count"] for r in data["facets"]["plover"]) == data["total"]
    assert data["facets"]["actor"][0] == {"value": "EGY", "count": 120, "label": "Egypt"}
    html = client.get("/events").text
    assert 'id="facet-country"' in html and "plover=CONSULT" in html


# ---- the timeline -----------------------------------------------------------------------------------
def test_the_timeline_is_a_time_axis_with_empty_periods(client: TestClient) -> None:
    periods = client.get("/api/overview").json()["periods"]
    assert periods["unit"] == "week"  # 40 weeks of data
    weeks = periods["periods"]
    assert len(weeks) == 40 and sum(p["q1"] + p["q2"] + p["q3"] + p["q4"] for p in weeks) == 120
    by_day = client.get("/api/overview", params={"unit": "day"}).json()["periods"]["periods"]
    assert len(by_day) == 274 and sum(1 for p in by_day if p["q1"] + p["q2"] + p["q3"] + p["q4"] == 0) == 234
    months = client.get("/api/overview", params={"start": "2019-01-01", "end": "2021-12-31"}).json()["periods"]
    assert months["unit"] == "month" and len(months["periods"]) == 36
    assert months["periods"][0]["q1"] == 0 and months["periods"][0]["start"] == "2019-01-01"


def test_timeline_bars_link_to_their_period(client: TestClient) -> None:
    html = client.get("/", params={"unit": "month"}).text
    assert "<svg" in html and html.count('class="period"') == 10
    assert 'href="/?start=2020-03-01&amp;end=2020-03-31"' in html
    assert "http://" not in html.split("<svg", 1)[1].split("</svg>")[0].replace("http://www.w3.org/2000/svg", "")


# ---- downloads ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("table", ["events", "quotes", "actors"])
def test_downloads_follow_the_filters(client: TestClient, table: str, tmp_path: Path) -> None:
    params = {"start": "2020-03-01", "end": "2020-03-31"}
    expected = client.get(f"/api/{table}", params=params).json()["total"]
    assert expected > 0
    jsonl = client.get(f"/download/{table}.jsonl", params=params)
    assert jsonl.status_code == 200 and len(jsonl.text.splitlines()) == expected
    csv_lines = client.get(f"/download/{table}.csv", params=params).text.splitlines()
    assert len(csv_lines) == expected + 1
    parquet = tmp_path / "x.parquet"
    parquet.write_bytes(client.get(f"/download/{table}.parquet", params=params).content)
    assert pq.read_table(parquet).num_rows == expected
    assert f"/download/{table}.csv?start=2020-03-01" in client.get(f"/{table}", params=params).text


def test_unknown_downloads_are_404(client: TestClient) -> None:
    assert client.get("/download/articles.xlsx").status_code == 404


# ---- smaller points --------------------------------------------------------------------------------------
def test_untitled_articles_show_their_first_sentence(client: TestClient) -> None:
    listed = {a["id"]: a["display_title"] for a in client.get("/api/articles").json()["articles"]}
    assert listed["untitled"] == "Qatar hosted the talks on Monday."
    assert "<h1>Qatar hosted the talks on Monday." in client.get("/articles/untitled").text


def test_a_failed_row_is_not_served_back_in_full(client: TestClient) -> None:
    article = client.get("/api/articles/huge").json()
    assert article["text_truncated"] is True and len(article["text"]) == 2_000
    assert len(client.get("/articles/huge").text) < 20_000


def test_event_links_land_on_the_sentence(client: TestClient) -> None:
    html = client.get("/articles/a001").text
    assert 'id="ev-a001-e0" class="anchor"' in html and "sent s0" in html
    assert 'href="/articles/a001#ev-a001-e0"' in client.get("/events", params={"article": "a001"}).text


# ---- issue 16: XSS, CSRF, Host and Origin, headers, limits -----------------------------------------------
def test_javascript_urls_are_never_links(client: TestClient) -> None:
    html = client.get("/articles/evil").text
    assert "javascript:" not in html.lower() and "source link withheld" in html
    assert client.get("/api/articles/evil").json()["url"] is None


@pytest.mark.parametrize("path", ["/", "/events", "/api/events", "/static/app.css", "/api/nothing", "/docs", "/openapi.json"])
def test_security_headers_on_every_response(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff"


def test_api_docs_need_no_network(client: TestClient) -> None:
    html = client.get("/docs").text
    assert "/docs-assets/swagger-ui-bundle.js" in html and "cdn" not in html.lower()
    assert "<script>" not in html  # no inline script: the CSP forbids it
    assert client.get("/docs-assets/swagger-ui-bundle.js").status_code == 200
    assert "GET /api/events" in html


def token(client: TestClient) -> str:
    return str(client.get("/api/csrf").json()["csrf_token"])


@pytest.mark.parametrize(
    ("headers", "says"),
    [
        ({"Origin": "http://evil.example"}, "cross-site write refused"),
        ({"Origin": "null"}, "cross-site write refused"),
        ({"Host": "evil.example"}, "host 'evil.example' is not allowed"),
        ({"Host": "evil.example:8000", "Origin": "http://evil.example:8000"}, "not allowed"),
    ],
)
def test_cross_site_writes_are_refused(client: TestClient, headers: dict[str, str], says: str) -> None:
    response = client.post("/api/jobs", data={"text": "Iran accused Israel.", "csrf_token": token(client)}, headers=headers)
    assert response.status_code == 403 and says in response.json()["error"]


def test_writes_need_the_csrf_token(client: TestClient) -> None:
    for sent in ({}, {"csrf_token": "0" * 64}):
        response = client.post("/api/jobs", data={"text": "", **sent})
        assert response.status_code == 403 and "CSRF" in response.json()["error"]
    good = client.post("/api/jobs", data={"text": "", "csrf_token": token(client)})
    assert good.status_code == 400 and "nothing to process" in good.json()["error"]
    by_header = client.post("/api/jobs", data={"text": ""}, headers={"X-CSRF-Token": token(client), "Origin": LOCAL})
    assert by_header.status_code == 400


def test_a_deployed_explorer_names_its_hosts(app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    deployed = TestClient(
        create_app(tmp_path / "d.db", allow_remote_add=True, allowed_hosts=("explorer.example.org",)),
        base_url="https://explorer.example.org",
    )
    sent = {"text": "", "csrf_token": token(deployed)}
    assert deployed.post("/api/jobs", data=sent, headers={"Origin": "https://explorer.example.org"}).status_code == 400
    assert deployed.post("/api/jobs", data=sent, headers={"Origin": "https://evil.example"}).status_code == 403


def test_bad_form_values_are_400(client: TestClient) -> None:
    response = client.post("/api/jobs", data={"text": "Iran accused Israel.", "date": "yesterday", "csrf_token": token(client)})
    assert response.status_code == 400 and "date: 'yesterday' is not a date" in response.json()["error"]


def test_uploads_are_bounded(client: TestClient) -> None:
    big = io.BytesIO(b"Egypt met Qatar. " * 20_000)  # 340 kB against a limit of 200 kB
    response = client.post("/api/jobs", data={"csrf_token": token(client)}, files={"upload": ("big.txt", big, "text/plain")})
    assert response.status_code == 413 and "limit is 200,000" in response.json()["error"]


def test_uploads_are_read_like_the_cli(client: TestClient) -> None:
    lines = b'{"id": "x", "text": ""}\n{"id": "y"\n'
    bad = client.post("/api/jobs", data={"csrf_token": token(client)}, files={"upload": ("bad.jsonl", lines, "application/json")})
    assert bad.status_code == 400
    assert "bad.jsonl:1" in bad.json()["error"] and "'text'" in bad.json()["error"]
    assert "bad.jsonl:2" in bad.json()["error"] and "invalid JSON" in bad.json()["error"]
    assert json.loads(client.get("/api/overview").text)["counts"]["articles"] == 42  # nothing was added
    latin = client.post(
        "/api/jobs", data={"csrf_token": token(client)}, files={"upload": ("old.txt", "Égypte".encode("latin-1"), "text/plain")}
    )
    assert latin.status_code == 202  # as the CLI does: bytes that are not UTF-8 are replaced, and reported
    [warning] = latin.json()["warnings"]
    assert warning == "old.txt: field 'text': 1 byte(s) that are not UTF-8 replaced with U+FFFD (first at character 0)"


def test_an_empty_form_field_is_no_filter(client: TestClient) -> None:
    response = client.get(
        "/events", params={"start": "", "end": "", "plover": "", "actor": "", "min_confidence": "", "quad_class": ""}
    )
    assert response.status_code == 200 and 'id="event-total">120<' in response.text
