from __future__ import annotations

from datetime import date
from pathlib import Path

from dragoman.records import Actor, ActorInArticle, Article, ArticleResult, Event, Mention, Quote, Ref
from dragoman.store import open_store

QATAR = Actor(id="QAT", name="Qatar", kind="country", country="QAT", sector=None)
EGYPT = Actor(id="EGY", name="Egypt", kind="country", country="EGY", sector=None)


def result(text: str = "Qatar met Egypt.", article_id: str = "a1") -> ArticleResult:
    article = Article(id=article_id, text=text, date=date(2021, 5, 17))
    qatar = Mention(0, 5, "Qatar", 0, 1, QATAR, "name:Qatar")
    egypt = Mention(10, 15, "Egypt", 2, 3, EGYPT, "name:Egypt")
    event = Event(
        id=f"ev-{article.content_hash[:8]}",
        article=article_id,
        sentence=0,
        start=0,
        end=len(text),
        text=text,
        date=date(2021, 5, 17),
        source=Ref.of(qatar),
        target=Ref.of(egypt),
        cameo="040",
        plover="CONSULT",
        mode=None,
        quad_class=1,
        goldstein=1.0,
        trigger="met",
        trigger_start=6,
        trigger_end=9,
        negated=False,
        confidence=0.9,
    )
    quote = Quote(
        id=f"q-{article.content_hash[:8]}",
        article=article_id,
        start=0,
        end=5,
        text="Qatar",
        kind="direct",
        cue="said",
        speaker=Ref.of(qatar),
    )
    actors = (ActorInArticle(article_id, QATAR, (qatar,), None), ActorInArticle(article_id, EGYPT, (egypt,), None))
    return ArticleResult(article, "ok", None, actors, (event,), (quote,))


def test_migrations_are_named_and_applied_once(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.db")
    assert store.applied_migrations() == ["0001_initial", "0002_filters_and_search", "0003_mention_confidence"]
    assert store.migrate() == []
    store.close()
    assert open_store(tmp_path / "s.db").applied_migrations() == [
        "0001_initial",
        "0002_filters_and_search",
        "0003_mention_confidence",
    ]


def test_saving_twice_adds_nothing() -> None:
    store = open_store(":memory:")
    assert store.save(result()) is True
    before = store.counts()
    assert store.save(result()) is False
    assert store.counts() == before == {"articles": 1, "actors": 2, "mentions": 2, "events": 1, "quotes": 1}


def test_changed_article_replaces_its_old_records() -> None:
    store = open_store(":memory:")
    store.save(result("Qatar met Egypt."))
    store.save(result("Qatar met Egypt again."))
    counts = store.counts()
    assert counts["articles"] == 1 and counts["events"] == 1
    assert store.events()[0]["text"] == "Qatar met Egypt again."


def test_events_and_quotes_read_back_as_records() -> None:
    store = open_store(":memory:")
    store.save(result())
    [event] = store.events("a1")
    assert (event["source"]["id"], event["target"]["id"], event["plover"]) == ("QAT", "EGY", "CONSULT")
    assert [q["speaker"]["id"] for q in store.quotes(speaker_id="QAT")] == ["QAT"]
