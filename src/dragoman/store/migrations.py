"""Named schema migrations, applied in order and recorded in `schema_migrations`."""

from __future__ import annotations

MIGRATIONS: list[tuple[str, str]] = [
    (
        "0001_initial",
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
            ingested_at TEXT NOT NULL DEFAULT (datetime('now'))
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
            cameo TEXT NOT NULL, plover TEXT, mode TEXT, quad_class INTEGER, goldstein REAL,
            trigger TEXT, trigger_start INTEGER, trigger_end INTEGER,
            negated INTEGER NOT NULL, confidence REAL NOT NULL,
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
        CREATE INDEX quotes_speaker ON quotes(speaker_id);
        """,
    ),
    (
        "0002_filters_and_search",
        """
        ALTER TABLE events ADD COLUMN source_name TEXT;
        ALTER TABLE events ADD COLUMN source_country TEXT;
        ALTER TABLE events ADD COLUMN source_sector TEXT;
        ALTER TABLE events ADD COLUMN target_name TEXT;
        ALTER TABLE events ADD COLUMN target_country TEXT;
        ALTER TABLE events ADD COLUMN target_sector TEXT;
        UPDATE events SET
            source_name = json_extract(record, '$.source.name'),
            source_country = json_extract(record, '$.source.country'),
            source_sector = json_extract(record, '$.source.sector'),
            target_name = json_extract(record, '$.target.name'),
            target_country = json_extract(record, '$.target.country'),
            target_sector = json_extract(record, '$.target.sector');
        CREATE INDEX events_plover ON events(plover);
        CREATE INDEX events_countries ON events(source_country, target_country);
        CREATE VIRTUAL TABLE search_index USING fts5(kind UNINDEXED, ref UNINDEXED, article UNINDEXED, title, body);
        INSERT INTO search_index(kind, ref, article, title, body)
            SELECT 'article', id, id, COALESCE(title, ''), text FROM articles WHERE status = 'ok';
        INSERT INTO search_index(kind, ref, article, title, body)
            SELECT 'quote', id, article_id, COALESCE(speaker_text, ''), text FROM quotes;
        INSERT INTO search_index(kind, ref, article, title, body) SELECT 'actor', id, NULL, name, name FROM actors;
        """,
    ),
    (
        "0003_mention_confidence",
        """
        ALTER TABLE mentions ADD COLUMN confidence REAL;
        ALTER TABLE mentions ADD COLUMN actor_country TEXT;
        ALTER TABLE mentions ADD COLUMN actor_sector TEXT;
        """,
    ),
]
