"""Named schema migrations, applied in order, under a lock, and recorded in `schema_migrations`.

The same migrations run on every backend. Their SQL is portable; what differs (the full-text index)
comes from the backend. A store migrated by an older dragoman moves forward with the rest.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from dragoman.store import rows
from dragoman.store.schema import REF_FIELDS

if TYPE_CHECKING:
    from dragoman.store.backend import Backend


@dataclass(frozen=True)
class Migration:
    name: str
    apply: Callable[[Connection, Backend], None]


def _run(conn: Connection, script: str) -> None:
    for statement in script.split(";"):
        if statement.strip():
            conn.exec_driver_sql(statement)


def initial(conn: Connection, backend: Backend) -> None:
    _run(
        conn,
        """
        CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            content_hash TEXT NOT NULL,
            title TEXT, date TEXT, source TEXT, url TEXT,
            text TEXT NOT NULL,
            metadata TEXT NOT NULL DEFAULT '{}',
            origin TEXT,
            status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
            error TEXT,
            ingested_at TEXT
        );
        CREATE INDEX articles_hash ON articles(content_hash);
        CREATE TABLE actors (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL, kind TEXT NOT NULL,
            country TEXT, sector TEXT, gender TEXT,
            known INTEGER NOT NULL
        );
        CREATE TABLE mentions (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            actor_id TEXT NOT NULL REFERENCES actors(id),
            start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            text TEXT NOT NULL, rule TEXT NOT NULL, role TEXT,
            PRIMARY KEY (article_id, start, "end", actor_id)
        );
        CREATE INDEX mentions_actor ON mentions(actor_id);
        CREATE TABLE events (
            id TEXT PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            sentence INTEGER, start INTEGER, "end" INTEGER, text TEXT,
            date TEXT,
            source_id TEXT NOT NULL, source_text TEXT, source_start INTEGER, source_end INTEGER,
            target_id TEXT, target_text TEXT, target_start INTEGER, target_end INTEGER,
            cameo TEXT NOT NULL, plover TEXT, mode TEXT, quad_class INTEGER, goldstein DOUBLE PRECISION,
            trigger TEXT, trigger_start INTEGER, trigger_end INTEGER,
            negated INTEGER NOT NULL, confidence DOUBLE PRECISION NOT NULL,
            reported_by_id TEXT,
            record TEXT NOT NULL
        );
        CREATE INDEX events_article ON events(article_id);
        CREATE INDEX events_source ON events(source_id);
        CREATE INDEX events_target ON events(target_id);
        CREATE INDEX events_date ON events(date);
        CREATE TABLE quotes (
            id TEXT PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER, "end" INTEGER, text TEXT, kind TEXT, cue TEXT,
            speaker_id TEXT, speaker_text TEXT, via_id TEXT,
            record TEXT NOT NULL
        );
        CREATE INDEX quotes_speaker ON quotes(speaker_id)
        """,
    )


def filters_and_search(conn: Connection, backend: Backend) -> None:
    """Actor names and countries on events (filters without joins), and the full-text index."""
    for prefix in ("source", "target"):
        for field in ("name", "country", "sector"):
            conn.exec_driver_sql(f"ALTER TABLE events ADD COLUMN {prefix}_{field} TEXT")
    _run(
        conn,
        """
        CREATE INDEX events_plover ON events(plover);
        CREATE INDEX events_countries ON events(source_country, target_country)
        """,
    )
    backend.create_search_index(conn)
    _run(
        conn,
        """
        INSERT INTO search_index(kind, ref, article, title, body)
            SELECT 'article', id, id, COALESCE(title, ''), text FROM articles WHERE status = 'ok';
        INSERT INTO search_index(kind, ref, article, title, body)
            SELECT 'quote', id, article_id, COALESCE(speaker_text, ''), text FROM quotes;
        INSERT INTO search_index(kind, ref, article, title, body) SELECT 'actor', id, NULL, name, name FROM actors
        """,
    )


def mention_confidence(conn: Connection, backend: Backend) -> None:
    """How sure each mention's resolution is (0-1), and the actor's country and sector on the article's date."""
    conn.exec_driver_sql("ALTER TABLE mentions ADD COLUMN confidence DOUBLE PRECISION")
    conn.exec_driver_sql("ALTER TABLE mentions ADD COLUMN actor_country TEXT")
    conn.exec_driver_sql("ALTER TABLE mentions ADD COLUMN actor_sector TEXT")


_TYPES = {"start": "INTEGER", "end": "INTEGER", "confidence": "DOUBLE PRECISION"}


def _add_ref_columns(conn: Connection, table: str, prefix: str, have: set[str]) -> None:
    for field in REF_FIELDS:
        if field not in have:
            kind = _TYPES.get(field, "TEXT")
            quoted = f'"{prefix}_{field}"'
            conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {quoted} {kind}")


def records_stored_once(conn: Connection, backend: Backend) -> None:
    """Events and quotes are stored once, as columns (with their evidence and event lists as child
    tables), instead of columns plus a JSON copy. Rows written by older versions are filled from the copy."""
    _add_ref_columns(conn, "events", "source", {"id", "text", "start", "end", "name", "country", "sector"})
    _add_ref_columns(conn, "events", "target", {"id", "text", "start", "end", "name", "country", "sector"})
    _add_ref_columns(conn, "events", "reported_by", {"id"})
    _add_ref_columns(conn, "events", "location", set())
    _add_ref_columns(conn, "quotes", "speaker", {"id", "text"})
    _add_ref_columns(conn, "quotes", "via", {"id"})
    _run(
        conn,
        """
        ALTER TABLE quotes ADD COLUMN cue_start INTEGER;
        ALTER TABLE quotes ADD COLUMN cue_end INTEGER;
        CREATE TABLE event_evidence (
            event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            sentence INTEGER, start INTEGER, "end" INTEGER, text TEXT,
            trigger TEXT, trigger_start INTEGER, trigger_end INTEGER,
            PRIMARY KEY (event_id, position)
        );
        CREATE TABLE quote_events (
            quote_id TEXT NOT NULL REFERENCES quotes(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            event_id TEXT NOT NULL,
            PRIMARY KEY (quote_id, position)
        )
        """,
    )
    _fill_from_copies(conn)
    _run(conn, "ALTER TABLE events DROP COLUMN record; ALTER TABLE quotes DROP COLUMN record")


def _fill_from_copies(conn: Connection) -> None:
    from dragoman.store.schema import event_evidence, events, quote_events, quotes

    for (record,) in conn.exec_driver_sql("SELECT record FROM events").fetchall():
        event = json.loads(record)
        row = rows.event_row(event)
        conn.execute(events.update().where(events.c.id == row["id"]).values(row))
        if evidence := rows.evidence_rows(event):
            conn.execute(event_evidence.insert(), evidence)
    for (record,) in conn.exec_driver_sql("SELECT record FROM quotes").fetchall():
        quote = json.loads(record)
        row = rows.quote_row(quote)
        conn.execute(quotes.update().where(quotes.c.id == row["id"]).values(row))
        if linked := rows.quote_event_rows(quote):
            conn.execute(quote_events.insert(), linked)


MIGRATIONS: list[Migration] = [
    Migration("0001_initial", initial),
    Migration("0002_filters_and_search", filters_and_search),
    Migration("0003_mention_confidence", mention_confidence),
    Migration("0004_records_stored_once", records_stored_once),
    Migration("0005_search_keys", lambda conn, backend: backend.add_search_keys(conn)),
]
