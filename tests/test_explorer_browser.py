"""The explorer in a real browser: Playwright for Python driving Debian's chromium.

Screenshots are saved under artifacts/screenshots/ as test artifacts.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from conftest import ROOT
from dragoman.web.app import create_app
from explorer_fixtures import build_store

pytestmark = pytest.mark.model
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = ROOT / "artifacts" / "screenshots"
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(pipeline, tmp_path_factory) -> Iterator[str]:  # type: ignore[no-untyped-def]
    db = build_store(pipeline, tmp_path_factory.mktemp("browser") / "store.db")
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def page(base_url: str):  # type: ignore[no-untyped-def]
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: scripts/test.sh installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        yield page
        browser.close()


def test_network_shows_blinken_edges_and_edge_evidence(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base_url}/network")
    page.wait_for_selector("#edge-list button", state="attached")
    edges = page.locator("#edge-list button").all_text_contents()
    blinken = [e for e in edges if e.startswith("Antony Blinken")]
    for name in ("Mohammed bin Abdulrahman Al Thani", "Sameh Shoukry", "Faisal bin Farhan Al Saud"):
        assert any(name in e for e in blinken), (name, edges)
    page.wait_for_function("document.querySelector('#network canvas') !== null")
    page.wait_for_timeout(1500)  # let the layout settle for the screenshot
    page.screenshot(path=str(SHOTS / "network.png"))
    page.click("#all-edges summary")
    page.locator("#edge-list button", has_text="Antony Blinken → Sameh Shoukry").click()
    page.wait_for_selector(".edge-evidence li")
    evidence = page.locator(".edge-evidence").inner_text()
    assert "Blinken renewed his contact with his Egyptian counterpart Sameh Shoukry" in evidence


def test_article_highlights_quotes_mentions_and_triggers(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base_url}/articles/seed")
    quoted = "".join(page.locator("#article-text .quote").all_inner_texts())  # nested highlights split a quote
    assert "My administration will continue to push" in quoted
    assert "Intensive talks and diplomatic contacts" not in quoted
    assert page.locator("#article-text .mention", has_text="Blinken").count() >= 2
    assert page.locator("#article-text .trigger", has_text="telephoned").count() == 1
    page.screenshot(path=str(SHOTS / "article.png"), full_page=False)


def test_filters_change_the_counts(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base_url}/events")
    everything = int(page.locator("#event-total").inner_text())
    page.select_option("select[name=plover]", "CONSULT")
    page.click("form.filters button")
    page.wait_for_url("**plover=CONSULT**")
    consult = int(page.locator("#event-total").inner_text())
    assert 0 < consult < everything
    types = set(page.locator("table.events tbody .type").all_inner_texts())
    assert types == {"CONSULT"}
    page.screenshot(path=str(SHOTS / "events.png"))


def test_overview_and_escaped_article(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base_url}/")
    assert int(page.locator("#count-events").inner_text()) > 10
    assert page.locator("#timeline a.period").count() >= 3
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{base_url}/articles/escaped")
    assert "<script>alert('x')</script>" in page.locator("#article-text").inner_text()
    assert dialogs == []


def test_keyboard_reaches_the_navigation(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base_url}/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "dragoman"
