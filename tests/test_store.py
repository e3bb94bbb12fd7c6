from __future__ import annotations

import json
from datetime import date

from sqlalchemy import inspect, text

from dragoman.io.records_out import event_dict, quote_dict
from dragoman.records import Actor, ActorInArticle, Article, ArticleResult, Event, Evidence, Mention, Quote, Ref
from dragoman.store import open_store
from dragoman.store.migrations import MIGRATIONS
from dragoman.store.schema import metadata, schema_migrations

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
        reported_by=Ref.of(egypt),
        evidence=(Evidence(0, 0, len(text), text, "met", 6, 9),),
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
        via=Ref.of(egypt),
        cue_start=6,
        cue_end=9,
        events=(f"ev-{article.content_hash[:8]}",),
    )
    actors = (ActorInArticle(article_id, QATAR, (qatar,), None), ActorInArticle(article_id, EGYPT, (egypt,), None))
    return ArticleResult(article, "ok", None, actors, (event,), (quote,))


MIGRATED = [
    "0001_initial",
    "0002_filters_and_search",
    "0003_mention_confidence",
    "0004_records_stored_once",
    "0005_search_keys",
]


def test_migrations_are_named_and_applied_once(store_url: str) -> None:
    store = open_store(store_url)
    assert store.applied_migrations() == MIGRATED
    assert store.migrate() == []
    store.close()
    with open_store(store_url) as again:
        assert again.applied_migrations() == MIGRATED


def test_migrated_tables_match_the_query_layer(store_url: str) -> None:
    """The tables the migrations build have exactly the columns the SQLAlchemy tables describe."""
    with open_store(store_url) as store, store.connect() as conn:
        inspector = inspect(conn)
        for table in metadata.tables.values():
            assert {c["name"] for c in inspector.get_columns(table.name)} == set(table.columns.keys()), table.name


def test_saving_twice_adds_nothing(store_url: str) -> None:
    store = open_store(store_url)
    assert store.save(result()) is True
    before = store.counts()
    assert store.save(result()) is False
    assert store.counts() == before == {"articles": 1, "actors": 2, "mentions": 2, "events": 1, "quotes": 1}


def test_changed_article_replaces_its_old_records(store_url: str) -> None:
    store = open_store(store_url)
    store.save(result("Qatar met Egypt."))
    store.save(result("Qatar met Egypt again."))
    counts = store.counts()
    assert counts["articles"] == 1 and counts["events"] == 1
    assert store.events()[0]["text"] == "Qatar met Egypt again."


def test_events_and_quotes_read_back_as_records(store_url: str) -> None:
    """Stored once, as columns, an event or quote reads back exactly as the output contract wrote it."""
    store = open_store(store_url)
    stored = result()
    store.save(stored)
    assert store.events("a1") == [event_dict(e) for e in stored.events]
    assert store.quotes(speaker_id="QAT") == [quote_dict(q) for q in stored.quotes]
    assert store.events("a1")[0]["evidence"][0]["trigger"] == "met"
    store.close()


def test_memory_store_for_quick_use() -> None:
    with open_store(":memory:") as store:
        assert store.save(result()) is True
        assert store.counts()["events"] == 1


def test_an_older_store_moves_forward(store_url: str) -> None:
    """A store written before 0003 (events and quotes as columns plus a JSON copy) is migrated when opened:
    its records read back unchanged, now stored once."""
    stored = result()
    event, quote = event_dict(stored.events[0]), quote_dict(stored.quotes[0])
    old = open_store(store_url, migrate=False)
    with old.writing() as conn:
        schema_migrations.create(conn)
        for migration in MIGRATIONS[:3]:
            migration.apply(conn, old.backend)
            conn.execute(schema_migrations.insert().values(name=migration.name))
        conn.execute(
            text("INSERT INTO articles(id, content_hash, text, status) VALUES ('a1', :h, :t, 'ok')"),
            {"h": stored.article.content_hash, "t": stored.article.text},
        )
        conn.execute(
            text(
                "INSERT INTO events(id, article_id, source_id, cameo, negated, confidence, record) "
                "VALUES (:id, 'a1', 'QAT', '040', 0, 0.9, :record)"
            ),
            {"id": event["id"], "record": json.dumps(event)},
        )
        conn.execute(
            text("INSERT INTO quotes(id, article_id, speaker_id, record) VALUES (:id, 'a1', 'QAT', :record)"),
            {"id": quote["id"], "record": json.dumps(quote)},
        )
    old.close()
    with open_store(store_url) as store:
        assert store.applied_migrations() == MIGRATED
        assert store.events("a1") == [event] and store.quotes() == [quote]
        assert store.has("a1", stored.article.content_hash)
