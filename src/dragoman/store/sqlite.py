"""The SQLite corner of the store: WAL, busy timeout, BEGIN IMMEDIATE for writers, and FTS5 search.

This is the only module that speaks SQLite's dialect (PRAGMA, FTS5 MATCH, snippet).
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, create_engine, event, text
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import StaticPool

from dragoman.errors import SearchError
from dragoman.store.backend import WRITE
from dragoman.store.search import SearchQuery

BUSY_TIMEOUT_S = 60.0  # a writer waits this long for another writer's transaction before giving up


class SQLiteBackend:
    name = "sqlite"
    max_connections = 64  # cheap: a file handle each

    def create_engine(self, location: str) -> Engine:
        if location == ":memory:":
            engine = create_engine("sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False})
        else:
            Path(location).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(
                f"sqlite:///{location}",
                connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False},
                pool_size=8,
                max_overflow=self.max_connections - 8,
                pool_timeout=60,
            )
        event.listen(engine, "connect", _on_connect(wal=location != ":memory:"))
        event.listen(engine, "begin", _on_begin)
        return engine

    def lock_migrations(self, conn: Connection) -> None:
        """Nothing more to do: a write transaction began with BEGIN IMMEDIATE holds the write lock."""

    def create_search_index(self, conn: Connection) -> None:
        conn.exec_driver_sql(
            "CREATE VIRTUAL TABLE search_index USING fts5(kind UNINDEXED, ref UNINDEXED, article UNINDEXED, title, body)"
        )

    def add_search_keys(self, conn: Connection) -> None:
        """FTS5 finds rows by their words only: `search_keys` finds them by kind, ref and article (by rowid),
        so replacing an actor's or an article's rows no longer reads the whole index."""
        conn.exec_driver_sql(
            "CREATE TABLE search_keys (rowid INTEGER PRIMARY KEY, kind TEXT NOT NULL, ref TEXT NOT NULL, article TEXT)"
        )
        conn.exec_driver_sql("CREATE INDEX search_keys_ref ON search_keys(kind, ref)")
        conn.exec_driver_sql("CREATE INDEX search_keys_article ON search_keys(article)")
        conn.exec_driver_sql(
            "INSERT INTO search_keys(rowid, kind, ref, article) SELECT rowid, kind, ref, article FROM search_index"
        )

    def index(self, conn: Connection, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            keys = "SELECT rowid FROM search_keys WHERE kind = :kind AND ref = :ref"
            conn.execute(text(f"DELETE FROM search_index WHERE rowid IN ({keys})"), row)
            conn.execute(text("DELETE FROM search_keys WHERE kind = :kind AND ref = :ref"), row)
            rowid = conn.execute(
                text("INSERT INTO search_keys(kind, ref, article) VALUES (:kind, :ref, :article) RETURNING rowid"), row
            ).scalar_one()
            conn.execute(
                text(
                    "INSERT INTO search_index(rowid, kind, ref, article, title, body) VALUES (:rowid, :kind, :ref, :article, :title, :body)"
                ),
                {**row, "rowid": rowid},
            )

    def unindex_article(self, conn: Connection, article_id: str) -> None:
        keys = "SELECT rowid FROM search_keys WHERE article = :a"
        conn.execute(text(f"DELETE FROM search_index WHERE rowid IN ({keys})"), {"a": article_id})
        conn.execute(text("DELETE FROM search_keys WHERE article = :a"), {"a": article_id})

    def search(self, conn: Connection, query: SearchQuery, limit: int, timeout_s: float) -> list[dict[str, Any]]:
        raw = conn.connection.dbapi_connection
        assert isinstance(raw, sqlite3.Connection)
        deadline = time.monotonic() + timeout_s
        raw.set_progress_handler(lambda: int(time.monotonic() > deadline), 1000)
        try:
            found = conn.execute(
                text(
                    "SELECT kind, ref, article, title, snippet(search_index, 4, '[', ']', ' … ', 12) AS snippet "
                    "FROM search_index WHERE search_index MATCH :q ORDER BY rank LIMIT :n"
                ),
                {"q": query.fts5(), "n": limit},
            )
            return [dict(row) for row in found.mappings()]
        except OperationalError as exc:
            conn.rollback()
            if "interrupted" in str(exc.orig):
                raise SearchError(f"search took longer than {timeout_s:g} s: use fewer or rarer words") from None
            raise SearchError(f"search failed: {exc.orig}") from None
        finally:
            raw.set_progress_handler(None, 0)

    def upsert(self, table: Table) -> Any:
        return sqlite_dialect.insert(table)

    def clean(self, row: dict[str, Any]) -> dict[str, Any]:
        return row

    def retryable(self, exc: Exception) -> bool:
        return isinstance(exc, OperationalError) and "locked" in str(exc.orig)


def _on_connect(wal: bool) -> Any:
    def connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # transactions are begun by _on_begin, not by the driver
        dbapi_connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        dbapi_connection.execute("PRAGMA foreign_keys = ON")
        if wal:
            _enable_wal(dbapi_connection)

    return connect


def _enable_wal(dbapi_connection: sqlite3.Connection) -> None:
    """WAL lets readers go on while one writer writes. Switching needs a moment alone with a new file."""
    for attempt in range(200):
        try:
            dbapi_connection.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == 199:
                raise
            time.sleep(0.05)


def _on_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE) else "BEGIN")
