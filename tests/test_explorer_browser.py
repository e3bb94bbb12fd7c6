"""The explorer in a real browser: Playwright for Python driving Debian's chromium, with the network cut
(every request to a host other than the local server is aborted and recorded, and the test fails on one).

The store holds the fixture's real articles and dated copies of them, a year and more of data.
Screenshots go to artifacts/screenshots/; with DRAGOMAN_SCREENSHOTS=docs they replace the README's in docs/.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from conftest import ROOT
from dragoman.web.app import create_app
from live_server import serving
from scale_store import build_scale_store

pytestmark = pytest.mark.model
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = ROOT / "docs" if os.environ.get("DRAGOMAN_SCREENSHOTS") == "docs" else ROOT / "artifacts" / "screenshots"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="module")
def base_url(pipeline, tmp_path_factory) -> Iterator[str]:  # type: ignore[no-untyped-def]
    db = tmp_path_factory.mktemp("browser") / "store.db"
    build_scale_store(pipeline, db, events=2_000, days_apart=13)  # the real articles, copied over a year and more
    app = create_app(db)
    app.state.explorer._pipeline = pipeline  # the add form's jobs use the session's pipeline
    with serving(app) as url:
        yield url


@pytest.fixture(scope="module")
def browser_state() -> dict[str, list[str]]:
    return {"external": [], "csp": []}


@pytest.fixture(scope="module")
def page(base_url: str, browser_state: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: scripts/test.sh installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)

        def offline(route: Any) -> None:  # the network is cut: only the local server answers
            host = urlsplit(route.request.url).hostname
            if host in ("127.0.0.1", "localhost") or route.request.url.startswith(("data:", "blob:")):
                route.continue_()
            else:
                browser_state["external"].append(route.request.url)
                route.abort()

        context.route("**/*", offline)
        page = context.new_page()
        page.on("console", lambda m: browser_state["csp"].append(m.text) if "Content Security Policy" in m.text else None)
        yield page
        browser.close()


@pytest.fixture(autouse=True)
def nothing_external_nothing_blocked(browser_state: dict[str, list[str]]) -> Iterator[None]:
    yield
    assert browser_state["external"] == [], "the explorer asked the network for something"
    assert browser_state["csp"] == [], "the Content-Security-Policy blocked part of a page"


def shot(page: Any, name: str) -> None:
    page.screenshot(path=str(SHOTS / name))


def query(page: Any) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


# ---- API docs -----------------------------------------------------------------------------------------
def test_api_docs_show_the_endpoints_offline(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base_url}/docs")
    page.wait_for_selector("#swagger-ui .opblock")
    paths = page.locator("#swagger-ui .opblock-summary-path").all_inner_texts()
    assert {"/api/events", "/api/network", "/api/overview", "/api/jobs"} <= {p.replace("\u200b", "") for p in paths}


# ---- overview and timeline ----------------------------------------------------------------------------
def test_overview_timeline_is_a_time_axis_and_bars_filter(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base_url}/")
    timeline = page.locator("#timeline")
    assert timeline.get_attribute("data-unit") == "month"  # more than two years of data
    bars = page.locator("#timeline a.period")
    totals = [int(t) for t in (bars.nth(i).get_attribute("data-total") for i in range(bars.count())) if t is not None]
    starts = [bars.nth(i).get_attribute("data-start") or "" for i in range(bars.count())]
    months = [int(d[:4]) * 12 + int(d[5:7]) for d in starts]
    assert len(months) >= 24 and months == list(range(months[0], months[0] + len(months)))  # no month skipped
    assert sum(totals) == int(page.locator("#count-events").inner_text())
    shot(page, "overview.png")
    busiest = max(range(len(totals)), key=lambda i: totals[i])
    bars.nth(busiest).click()
    page.wait_for_url("**start=**")
    assert int(page.locator("#count-events").inner_text()) == totals[busiest]
    assert query(page)["start"][0].endswith("-01")
    assert int(page.locator("#count-articles").inner_text()) < 200  # the other counts follow the filter too


def test_timeline_over_a_year_by_week_and_day(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base_url}/?start=2021-01-01&end=2021-12-31")
    assert page.locator("#timeline").get_attribute("data-unit") == "week"
    assert page.locator("#timeline a.period").count() == 53
    page.locator("#timeline").screenshot(path=str(SHOTS / "timeline.png"))
    page.select_option("select[name=unit]", "day")
    page.click("form.units button")
    page.wait_for_url("**unit=day**")
    assert page.locator("#timeline a.period").count() == 365


# ---- filters ----------------------------------------------------------------------------------------------
def test_actor_filter_suggests_names_as_you_type(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base_url}/events")
    everything = int(page.locator("#event-total").inner_text())
    page.locator("input[name=actor]").press_sequentially("Blink", delay=30)
    page.wait_for_selector("input[name=actor][data-suggested]")
    options = page.locator("#actor-suggestions option").evaluate_all("os => os.map(o => o.value)")
    assert "Antony Blinken" in options
    page.fill("input[name=actor]", "Antony Blinken")
    page.click("form.filters button")
    page.wait_for_url("**actor=Antony+Blinken**")
    blinken = int(page.locator("#event-total").inner_text())
    assert 0 < blinken < everything
    rows = page.locator("table.events tbody tr").all_inner_texts()
    assert rows and all("Antony Blinken" in row for row in rows)


def test_filters_change_the_counts(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base_url}/events")
    everything = int(page.locator("#event-total").inner_text())
    page.select_option("select[name=plover]", "CONSULT")
    page.fill("input[name=min_confidence]", "0.5")
    page.click("form.filters button")
    page.wait_for_url("**plover=CONSULT**")
    consult = int(page.locator("#event-total").inner_text())
    assert 0 < consult < everything
    types = set(page.locator("table.events tbody .type").all_inner_texts())
    assert types == {"CONSULT"}
    confidences = [float(c) for c in page.locator("table.events tbody td:last-child").all_inner_texts()]
    assert confidences and min(confidences) >= 0.5
    shot(page, "events.png")


def test_facets_beside_the_list_filter(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base_url}/events")
    first = page.locator("#facet-country li a").first
    country, count = first.inner_text(), int(page.locator("#facet-country li .n").first.inner_text())
    first.click()
    page.wait_for_url(f"**country={country}**")
    assert int(page.locator("#event-total").inner_text()) == count


def test_negated_events_only_on_request(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base_url}/events")
    shown = int(page.locator("#event-total").inner_text())
    assert "negated" in page.locator("p:has(#event-total)").inner_text()
    page.check("input[name=include_negated]")
    page.click("form.filters button")
    page.wait_for_url("**include_negated=1**")
    assert int(page.locator("#event-total").inner_text()) >= shown
    assert "negated events included" in page.locator("p:has(#event-total)").inner_text()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/events?start=2019-13-01", "is not a date"),
        ("/events?page=9999", "past the last page"),
        ("/?actor=Nobody+Atall", "no actor"),
    ],
)
def test_bad_input_gets_a_clear_message(page, base_url: str, url: str, message: str) -> None:  # type: ignore[no-untyped-def]
    response = page.goto(f"{base_url}{url}")
    assert response.status == 400
    assert message in page.locator(".error-message").inner_text()


# ---- downloads ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("table", "label"), [("events", "CSV"), ("quotes", "JSON lines"), ("actors", "Parquet")])
def test_download_buttons_keep_the_filters(page, base_url: str, table: str, label: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base_url}/{table}?start=2021-01-01&end=2021-06-30")
    total = int(page.locator(f"#{table[:-1]}-total").inner_text())
    assert total > 0
    with page.expect_download() as download:
        page.locator("a.download", has_text=label).click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    if label == "CSV":
        assert len(saved.read_text(encoding="utf-8").splitlines()) == total + 1
    elif label == "JSON lines":
        assert len(saved.read_text(encoding="utf-8").splitlines()) == total
    else:
        import pyarrow.parquet as pq

        assert pq.read_table(saved).num_rows == total


# ---- the network ---------------------------------------------------------------------------------------------
def wait_for_layout(page: Any) -> None:
    page.wait_for_selector("#network[data-stable='1']", timeout=60_000)


def positions(page: Any) -> dict[str, list[float]]:
    return page.evaluate(
        """() => Object.fromEntries(Object.entries(window.dragomanNetwork.getPositions())
                 .map(([k, p]) => [k, [Math.round(p.x), Math.round(p.y)]]))"""
    )


def test_network_click_an_edge_opens_its_events_beside_the_graph(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base_url}/network")
    wait_for_layout(page)
    assert page.evaluate("window.dragomanNetwork.getScale()") * 16 >= 10  # labels of 16 px stay readable
    legend = page.locator("#node-legend .node-key").all_inner_texts()
    assert "USA" in legend and "other or none" in legend
    # the midpoint of an edge (Blinken -> Shoukry if it is free) where nothing else lies
    target = page.evaluate(
        """() => {
        const net = window.dragomanNetwork, pos = net.getPositions();
        const edges = net.body.data.edges.get();
        const wanted = (e) => e.from === 'antony-blinken' && e.to === 'sameh-shoukry';
        edges.sort((a, b) => wanted(b) - wanted(a));
        for (const e of edges) {
          const [p, q] = [pos[e.from], pos[e.to]];
          const dom = net.canvasToDOM({x: (p.x + q.x) / 2, y: (p.y + q.y) / 2});
          const free = net.getNodeAt(dom) === undefined && net.getEdgeAt(dom) === e.id;
          if (free) return {x: dom.x, y: dom.y, from: e.from, to: e.to};
        }
        return null;
    }"""
    )
    assert target is not None
    box = page.locator("#network").bounding_box()
    page.mouse.click(box["x"] + target["x"], box["y"] + target["y"])
    page.wait_for_selector("#selection .edge-evidence li")
    assert query(page)["edge"] == [f"{target['from']}>{target['to']}"]
    panel = page.locator("#edge-panel")
    assert panel.evaluate("p => p.scrollTop") == 0
    assert panel.bounding_box()["x"] >= box["x"] + box["width"] - 1  # beside the graph, not below it
    assert panel.bounding_box()["y"] < 900  # in view
    title = page.locator("#selection h2").inner_text()
    shot(page, "network.png")
    before = positions(page)
    page.reload()
    wait_for_layout(page)
    page.wait_for_selector("#selection .edge-evidence li")
    assert page.locator("#selection h2").inner_text() == title  # the link keeps the selection
    after = positions(page)
    assert before.keys() == after.keys() and before == after  # a seeded layout: the same drawing after a reload


def test_network_click_a_node_and_the_edge_list(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base_url}/network?plover=CONSULT")
    wait_for_layout(page)
    point = page.evaluate(
        """() => { const net = window.dragomanNetwork;
                   return net.canvasToDOM(net.getPositions(['antony-blinken'])['antony-blinken']); }"""
    )
    box = page.locator("#network").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_selector("#selection .edge-evidence li")
    assert query(page)["node"] == ["antony-blinken"] and query(page)["plover"] == ["CONSULT"]
    assert page.locator("#selection h2").inner_text().startswith("Antony Blinken (")
    assert set(page.locator("#selection .edge-evidence strong").all_inner_texts()) <= {
        t for t in page.locator("#selection .edge-evidence strong").all_inner_texts() if "CONSULT" in t
    }
    page.click("#all-edges summary")
    page.locator("#edge-list button", has_text="Antony Blinken → Sameh Shoukry").click()
    expect(page.locator("#selection h2")).to_have_text(re.compile("^Antony Blinken → Sameh Shoukry"))
    evidence = page.locator(".edge-evidence").inner_text()
    assert "Blinken renewed his contact with his Egyptian counterpart Sameh Shoukry" in evidence


# ---- articles ---------------------------------------------------------------------------------------------------
def test_an_event_link_lands_on_its_sentence(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base_url}/events?article=seed&plover=CONSULT")
    row = page.locator("table.events tbody tr").nth(3)
    evidence = row.locator(".evidence").inner_text().replace(" article", "").strip()
    row.locator("a.src").click()
    page.wait_for_url("**/articles/seed#ev-**")
    current = page.locator("#article-text .sent.current")
    assert current.count() >= 1
    marked = "".join(current.all_inner_texts())
    assert evidence[:40] in marked
    assert current.first.is_visible() and current.first.bounding_box()["y"] < 900  # scrolled into view
    shot(page, "article.png")


def test_article_highlights_quotes_mentions_and_triggers(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base_url}/articles/seed")
    quoted = "".join(page.locator("#article-text .quote").all_inner_texts())  # nested highlights split a quote
    assert "My administration will continue to push" in quoted
    assert "Intensive talks and diplomatic contacts" not in quoted
    assert page.locator("#article-text .mention", has_text="Blinken").count() >= 2
    assert page.locator("#article-text .trigger", has_text="telephoned").count() == 1


def test_escaped_article(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{base_url}/articles/escaped")
    assert "<script>alert('x')</script>" in page.locator("#article-text").inner_text()
    assert dialogs == []


# ---- adding -------------------------------------------------------------------------------------------------------
def test_add_form_lists_lines_it_cannot_read(page, base_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    upload = tmp_path / "mixed.jsonl"
    upload.write_text('{"id": "added", "text": "Egypt condemned Israel on Monday."}\n{"id": "broken"\n', encoding="utf-8")
    page.goto(f"{base_url}/add")
    page.set_input_files("input[name=upload]", str(upload))
    page.click("#add-form button")
    expect(page.locator("#progress")).to_have_text(re.compile("^done"), timeout=60_000)
    assert "1 not read" in page.locator("#progress").inner_text()
    assert "mixed.jsonl:2" in page.locator("#rejected").inner_text()
    page.locator("#added a", has_text="added").click()
    page.wait_for_url("**/articles/added")


def test_keyboard_reaches_the_navigation(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base_url}/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "dragoman"
