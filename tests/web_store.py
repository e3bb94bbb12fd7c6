"""A small hand-built store for the explorer's web tests (no language model): a year of events between a few
actors, a place, a negated event, an untitled article, a failed one and one whose url is `javascript:`."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from dragoman.records import Actor, ActorInArticle, Article, ArticleResult, Event, Mention, Quote, Ref
from dragoman.store import open_store

EGYPT = Actor(id="EGY", name="Egypt", kind="country", country="EGY", sector=None)
QATAR = Actor(id="QAT", name="Qatar", kind="country", country="QAT", sector=None)
BLINKEN = Actor(id="antony-blinken", name="Antony Blinken", kind="person", country="USA", sector="GOV")
CAIRO = Actor(id="cairo", name="Cairo", kind="location", country="EGY", sector=None)
ACTORS = (EGYPT, QATAR, BLINKEN, CAIRO)
FIRST_DAY = date(2020, 1, 6)
SENTENCE = "Egypt met Qatar in Cairo. Blinken praised Egypt. "


def _mention(actor: Actor, start: int) -> Mention:
    return Mention(start, start + len(actor.name), actor.name, 0, 1, actor, "test")


def _event(article: Article, n: int, source: Actor, target: Actor, quad: int, negated: bool = False) -> Event:
    kinds = {1: ("040", "CONSULT"), 2: ("050", "COOPERATE"), 3: ("111", "ACCUSE"), 4: ("190", "ASSAULT")}
    cameo, plover = kinds[quad]
    return Event(
        id=f"{article.id}-e{n}",
        article=article.id,
        sentence=0,
        start=0,
        end=25,
        text=article.text[:25],
        date=article.date,
        source=Ref.of(_mention(source, 0)),
        target=Ref.of(_mention(target, 10)),
        cameo=cameo,
        plover=plover,
        mode=None,
        quad_class=quad,
        goldstein=1.0,
        trigger="met",
        trigger_start=6,
        trigger_end=9,
        negated=negated,
        confidence=round(0.4 + 0.1 * ((n + int(article.id[1:])) % 6), 2),
    )


def article_result(n: int, day: date | None, **fields: object) -> ArticleResult:
    article = Article(id=f"a{n:03d}", text=SENTENCE * 2, date=day, title=f"Talks {n}", **fields)  # type: ignore[arg-type]
    events = (
        _event(article, 0, EGYPT, QATAR, 1 + n % 4),
        _event(article, 1, BLINKEN, EGYPT, 1),
        _event(article, 2, EGYPT, CAIRO, 2),  # an event with a place: the place is no node of the network
    )
    if n % 10 == 0:
        events += (_event(article, 3, QATAR, EGYPT, 4, negated=True),)
    actors = tuple(ActorInArticle(article.id, a, (_mention(a, 0),), None) for a in ACTORS)
    quote = Quote(f"{article.id}-q", article.id, 0, 10, "We will talk", "direct", "said", Ref.of(_mention(BLINKEN, 0)))
    return ArticleResult(article, "ok", None, actors, events, (quote,))


def build_web_store(url: str | Path) -> str | Path:
    """40 articles a week apart over 2020, and three odd ones, in a new store (a SQLite path or a PostgreSQL URL)."""
    store = open_store(url)
    for n in range(40):
        store.save(article_result(n, FIRST_DAY + timedelta(weeks=n)))
    untitled = Article(id="untitled", text="Qatar hosted the talks on Monday. Nothing else happened.", date=date(2020, 3, 2))
    store.save(ArticleResult(untitled, "ok", None, (), (), ()))
    evil = Article(id="evil", text="Russia condemned the EU.", title="Evil", url="JaVaScRiPt:alert(1)")
    store.save(ArticleResult(evil, "ok", None, (), (), ()))
    failed = Article(id="huge", text="x" * 50_000, title="Huge")
    store.save(ArticleResult(failed, "failed", "[E201] too long", (), (), ()))
    store.close()
    return url
