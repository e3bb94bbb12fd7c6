"""Synthetic article results (no language model): for store, load and concurrency tests.

Run as a script, it is a writer process: `python tests/synthetic.py STORE_URL START_AT FIRST LAST [EVENTS]`
waits until the wall clock reaches START_AT (so several writers start together), then saves articles
FIRST..LAST-1 and prints how many it stored.
"""

from __future__ import annotations

import sys
import time
from datetime import date, timedelta
from pathlib import Path

from dragoman.records import Actor, ActorInArticle, Article, ArticleResult, Event, Evidence, Mention, Quote, Ref

ACTORS = [
    Actor(id=f"A{i:03d}", name=f"Actor {i}", kind="country", country=f"C{i % 40:02d}X"[:3], sector=None) for i in range(400)
]
WORDS = ["talks", "ceasefire", "embassy", "minister", "sanctions", "envoy", "summit", "border", "treaty", "protest"]


def synthetic_article(n: int, n_events: int = 50) -> ArticleResult:
    """One article with `n_events` events between synthetic actors, and one quote."""
    text = " ".join(WORDS[(n + k) % len(WORDS)] for k in range(30)) + f" article{n}"
    article = Article(id=f"art{n}", text=text, date=date(2020, 1, 1) + timedelta(days=n % 90), title=f"Story {n}")
    mentions = [Mention(0, 1, "x", 0, 1, ACTORS[(n * 7 + k) % len(ACTORS)], "test") for k in range(n_events + 1)]
    events = []
    for k in range(n_events):
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
                evidence=(Evidence(0, 0, 10, text[:10], "x", 0, 1),),
            )
        )
    quote = Quote(f"q{n}", article.id, 0, 10, text[:10], "direct", "said", Ref.of(mentions[0]), events=(f"ev{n}-0",))
    actors = tuple(ActorInArticle(article.id, m.actor, (m,), None) for m in {m.actor.id: m for m in mentions}.values())
    return ArticleResult(article, "ok", None, actors, tuple(events), (quote,))


def write(url: str, start_at: float, first: int, last: int, n_events: int = 10) -> int:
    from dragoman.store import open_store

    time.sleep(max(0.0, start_at - time.time()))
    with open_store(url) as store:
        return sum(store.save(synthetic_article(n, n_events)) for n in range(first, last))


def writer_command(url: str, start_at: float, first: int, last: int, n_events: int = 10) -> list[str]:
    return [sys.executable, str(Path(__file__)), url, repr(start_at), str(first), str(last), str(n_events)]


if __name__ == "__main__":
    url, start, first, last, n_events = sys.argv[1:6]
    print(write(url, float(start), int(first), int(last), int(n_events)))
