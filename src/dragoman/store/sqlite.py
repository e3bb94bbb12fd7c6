"""SQLite store: articles, actors, mentions, events and quotes; idempotent by content hash."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from dragoman.errors import StoreError
from dragoman.io.records_out import event_dict, quote_dict
from dragoman.records import Actor, ArticleResult
from dragoman.store.migrations import MIGRATIONS


class Store:
    """A SQLite database of extraction results."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.db = connection

    # ---- schema -------------------------------------------------------------------------------
    def migrate(self) -> list[str]:
        """Apply pending migrations; return the names applied."""
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT (datetime('now')))"
        )
        done = {row[0] for row in self.db.execute("SELECT name FROM schema_migrations")}
        applied = []
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            try:
                with self.db:
                    self.db.executescript(f"BEGIN;\n{sql}\nINSERT INTO schema_migrations(name) VALUES ('{name}');\nCOMMIT;")
            except sqlite3.Error as exc:
                raise StoreError(f"migration {name} failed: {exc}") from exc
            applied.append(name)
        return applied

    def applied_migrations(self) -> list[str]:
        return [row[0] for row in self.db.execute("SELECT name FROM schema_migrations ORDER BY name")]

    # ---- writing -----------------------------------------------------------------------------
    def has(self, article_id: str, content_hash: str) -> bool:
        """Whether this exact article was already stored successfully."""
        row = self.db.execute(
            "SELECT 1 FROM articles WHERE id = ? AND content_hash = ? AND status = 'ok'", (article_id, content_hash)
        ).fetchone()
        return row is not None

    def save(self, result: ArticleResult) -> bool:
        """Store one article's results, replacing an older version of the same article id.

        Returns False (and writes nothing) when the same content is already stored.
        """
        article = result.article
        if self.has(article.id, article.content_hash):
            return False
        try:
            with self.db:
                self.db.execute("DELETE FROM articles WHERE id = ?", (article.id,))
                self.db.execute("DELETE FROM search_index WHERE article = ?", (article.id,))
                self._insert_article(result)
                self._index(result)
                for item in result.actors:
                    self._upsert_actor(item.actor)
                    self.db.executemany(
                        'INSERT OR IGNORE INTO mentions(article_id, actor_id, start, "end", text, rule, role, confidence,'
                        " actor_country, actor_sector) VALUES (?,?,?,?,?,?,?,?,?,?)",
                        [  # a person's country and sector are those of the article's date: kept with the mention
                            (
                                article.id,
                                item.actor.id,
                                m.start,
                                m.end,
                                m.text,
                                m.rule,
                                item.role,
                                m.confidence,
                                item.actor.country,
                                item.actor.sector,
                            )
                            for m in item.mentions
                        ],
                    )
                for event in result.events:
                    self._insert_event(event_dict(event))
                for quote in result.quotes:
                    self._insert_quote(quote_dict(quote))
        except sqlite3.Error as exc:
            raise StoreError(f"cannot store article {article.id}: {exc}") from exc
        return True

    def _insert_article(self, result: ArticleResult) -> None:
        a = result.article
        self.db.execute(
            "INSERT INTO articles(id, content_hash, title, date, source, url, text, metadata, origin, status, error) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                a.id,
                a.content_hash,
                a.title,
                a.date.isoformat() if a.date else None,
                a.source,
                a.url,
                a.text,
                json.dumps(a.metadata, ensure_ascii=False, default=str),
                a.origin,
                result.status,
                result.error,
            ),
        )

    def _index(self, result: ArticleResult) -> None:
        """Full-text search rows for the article, its quotes and its actors."""
        a = result.article
        rows = [("article", a.id, a.id, a.title or "", a.text)] if result.status == "ok" else []
        rows += [("quote", q.id, a.id, q.speaker.text if q.speaker else "", q.text) for q in result.quotes]
        self.db.executemany("INSERT INTO search_index(kind, ref, article, title, body) VALUES (?,?,?,?,?)", rows)
        for item in result.actors:
            self.db.execute("DELETE FROM search_index WHERE kind = 'actor' AND ref = ?", (item.actor.id,))
            self.db.execute(
                "INSERT INTO search_index(kind, ref, article, title, body) VALUES ('actor', ?, NULL, ?, ?)",
                (item.actor.id, item.actor.name, " ".join(sorted({item.actor.name, *(m.text for m in item.mentions)}))),
            )

    def _upsert_actor(self, actor: Actor) -> None:
        self.db.execute(
            "INSERT INTO actors(id, name, kind, country, sector, gender, known) VALUES (?,?,?,?,?,?,?) "
            "ON CONFLICT(id) DO UPDATE SET name=excluded.name, kind=excluded.kind, "
            "country=COALESCE(excluded.country, actors.country), sector=COALESCE(excluded.sector, actors.sector)",
            (actor.id, actor.name, actor.kind, actor.country, actor.sector, actor.gender, int(actor.known)),
        )

    def _insert_event(self, e: dict[str, Any]) -> None:
        source, target = e["source"], e["target"] or {}
        row = {
            "id": e["id"],
            "article_id": e["article"],
            "sentence": e["sentence"],
            "start": e["start"],
            '"end"': e["end"],
            "text": e["text"],
            "date": e["date"],
            "cameo": e["cameo"],
            "plover": e["plover"],
            "mode": e["mode"],
            "quad_class": e["quad_class"],
            "goldstein": e["goldstein"],
            "trigger": e["trigger"],
            "trigger_start": e["trigger_start"],
            "trigger_end": e["trigger_end"],
            "negated": int(e["negated"]),
            "confidence": e["confidence"],
            "reported_by_id": (e["reported_by"] or {}).get("id"),
            "record": json.dumps(e, ensure_ascii=False),
        }
        for prefix, ref in (("source", source), ("target", target)):
            for key in ("id", "text", "start", "end", "name", "country", "sector"):
                row[f"{prefix}_{key}"] = ref.get(key)
        columns = ", ".join(row)
        self.db.execute(f"INSERT OR REPLACE INTO events({columns}) VALUES ({', '.join('?' * len(row))})", list(row.values()))

    def _insert_quote(self, q: dict[str, Any]) -> None:
        speaker, via = q["speaker"] or {}, q["via"] or {}
        self.db.execute(
            'INSERT OR REPLACE INTO quotes(id, article_id, start, "end", text, kind, cue, speaker_id, speaker_text, via_id, record) VALUES (?,?,?,?,?,?,?,?,?,?,?)',
            (
                q["id"],
                q["article"],
                q["start"],
                q["end"],
                q["text"],
                q["kind"],
                q["cue"],
                speaker.get("id"),
                speaker.get("text"),
                via.get("id"),
                json.dumps(q, ensure_ascii=False),
            ),
        )

    # ---- reading -----------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        tables = ("articles", "actors", "mentions", "events", "quotes")
        return {t: self.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}

    def events(self, article_id: str | None = None) -> list[dict[str, Any]]:
        sql = (
            "SELECT record FROM events" + (" WHERE article_id = ?" if article_id else "") + " ORDER BY article_id, trigger_start"
        )
        return [json.loads(r[0]) for r in self.db.execute(sql, (article_id,) if article_id else ())]

    def quotes(self, speaker_id: str | None = None) -> list[dict[str, Any]]:
        sql = "SELECT record FROM quotes" + (" WHERE speaker_id = ?" if speaker_id else "") + " ORDER BY article_id, start"
        return [json.loads(r[0]) for r in self.db.execute(sql, (speaker_id,) if speaker_id else ())]

    def records(self, article_id: str) -> list[dict[str, Any]]:
        """One stored article's output records (article, actors, events, quotes), as `extract` writes them:
        a rerun into a store that holds the article still writes its records to --out."""
        row = self.db.execute(
            "SELECT id, title, date, source, url, status, error, origin, content_hash, metadata FROM articles WHERE id = ?",
            (article_id,),
        ).fetchone()
        if row is None:
            return []
        keys = ("id", "title", "date", "source", "url", "status", "error", "origin", "content_hash", "metadata")
        article = {"type": "article", **dict(zip(keys, row, strict=True))}
        article["metadata"] = json.loads(article["metadata"] or "{}")
        actors: dict[str, dict[str, Any]] = {}
        rows = self.db.execute(
            "SELECT a.id, a.name, a.kind, CASE WHEN m.confidence IS NULL THEN a.country ELSE m.actor_country END,"
            " CASE WHEN m.confidence IS NULL THEN a.sector ELSE m.actor_sector END, a.known, m.role, m.text, m.start,"
            ' m."end", m.rule, m.confidence FROM mentions m JOIN actors a ON a.id = m.actor_id WHERE m.article_id = ?'
            ' ORDER BY m.start, m."end"',
            (article_id,),
        )  # rows stored before mentions kept their date's country and sector use the actor's
        for actor_id, name, kind, country, sector, known, role, text, start, end, rule, confidence in rows:
            item = actors.setdefault(
                actor_id,
                {"type": "actor", "article": article_id, "id": actor_id, "name": name, "kind": kind, "country": country,
                 "sector": sector, "role": role, "mentions": [], "known": bool(known)},
            )  # fmt: skip
            mention = {"text": text, "start": start, "end": end, "rule": rule, "confidence": confidence}
            item["mentions"].append(
                mention if confidence is not None else {k: v for k, v in mention.items() if k != "confidence"}
            )
        events = [
            json.loads(r[0])
            for r in self.db.execute("SELECT record FROM events WHERE article_id = ? ORDER BY rowid", (article_id,))
        ]
        quotes = [
            json.loads(r[0])
            for r in self.db.execute("SELECT record FROM quotes WHERE article_id = ? ORDER BY rowid", (article_id,))
        ]
        return [article, *actors.values(), *events, *quotes]

    def close(self) -> None:
        self.db.close()


def open_store(path: str | Path, migrate: bool = True) -> Store:
    """Open (creating and migrating if needed) a SQLite store; ':memory:' works for tests.
    `migrate=False` skips the schema check, for short-lived connections to a store already opened once."""
    try:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(str(path))
        connection.execute("PRAGMA foreign_keys = ON")
        if str(path) != ":memory:":
            connection.execute("PRAGMA journal_mode = WAL")
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"cannot open store {path}: {exc}") from exc
    store = Store(connection)
    if migrate:
        store.migrate()
    return store
