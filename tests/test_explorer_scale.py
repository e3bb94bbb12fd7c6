"""The explorer over a store of 10,000+ events: paginated tables and an aggregated network."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from dragoman.records import Actor, ActorInArticle, Article, ArticleResult, Event, Mention, Ref
from dragoman.store import open_store
from dragoman.web.app import create_app

ACTORS = [
    Actor(id=f"A{i:03d}", name=f"Actor {i}", kind="country", country=f"C{i % 40:02d}X"[:3], sector=None) for i in range(400)
]


def synthetic_article(n: int) -> ArticleResult:
    """One article with 50 events between synthetic actors (no language model involved)."""
    text = "x" * 200
    article = Article(id=f"art{n}", text=text, date=date(2020, 1, 1) + timedelta(days=n % 90))
    mentions = [Mention(0, 1, "x", 0, 1, ACTORS[(n * 7 + k) % len(ACTORS)], "test") for k in range(51)]
    events = []
    for k in range(50):
        source, target = mentions[k], mentions[k + 1]
        events.append(
            Event(
                id=f"ev{n}-{k}",
                article=article.id,
                sentence=0,
                start=0,
                end=10,
                text=text[:10],
                date=article.date,
                source=Ref.of(source),
                target=Ref.of(target),
                cameo="040" if k % 2 else "190",
                plover="CONSULT" if k % 2 else "ASSAULT",
                mode=None,
                quad_class=1 if k % 2 else 4,
                goldstein=1.0,
                trigger="x",
                trigger_start=0,
                trigger_end=1,
                negated=False,
                confidence=0.5 + (k % 5) / 10,
            )
        )
    actors = tuple(ActorInArticle(article.id, m.actor, (m,), None) for m in {m.actor.id: m for m in mentions}.values())
    return ArticleResult(article, "ok", None, actors, tuple(events), ())


def test_ten_thousand_events_stay_usable(tmp_path: Path) -> None:
    db = tmp_path / "big.db"
    store = open_store(db)
    for n in range(210):
        store.save(synthetic_article(n))
    store.close()
    client = TestClient(create_app(db))
    page = client.get("/api/events", params={"page": 3, "page_size": 50}).json()
    assert page["total"] == 10_500 and len(page["events"]) == 50 and page["page"] == 3
    network = client.get("/api/network").json()
    assert len(network["nodes"]) == 150 and network["truncated"] is True
    assert all(e["source"] in {n["id"] for n in network["nodes"]} for e in network["edges"])
    timeline = client.get("/api/overview").json()["timeline"]
    assert sum(d["q1"] + d["q4"] for d in timeline) == 10_500
    html = client.get("/events", params={"plover": "CONSULT", "page": 2}).text
    assert html.count("<tr>") == 51  # a header row and one page of 50
