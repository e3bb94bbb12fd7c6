"""What differs between the store's backends, behind one protocol; everything else is portable Core SQL.

Backends are registered by SQLAlchemy dialect name, so a query holding a connection finds its
backend's full-text search from `connection.dialect.name`.
"""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy import Connection, Engine, Table

from dragoman.store.search import SearchQuery

WRITE = "dragoman_write"  # execution option: this connection's transaction writes
SearchRow = dict[str, Any]  # kind ('article', 'quote', 'actor'), ref, article, title, body


class Backend(Protocol):
    name: str
    max_connections: int  # the engine's pool size plus its overflow

    def create_engine(self, location: str) -> Engine:
        """An engine whose connections are safe to use from any thread, one at a time."""

    def lock_migrations(self, conn: Connection) -> None:
        """Inside a write transaction: wait until no other process is migrating this store."""

    def create_search_index(self, conn: Connection) -> None: ...

    def add_search_keys(self, conn: Connection) -> None:
        """Whatever lets the index find rows by kind, ref and article without reading all of it."""

    def index(self, conn: Connection, rows: list[SearchRow]) -> None:
        """Add these rows to the full-text index, replacing rows of the same kind and ref."""

    def unindex_article(self, conn: Connection, article_id: str) -> None: ...

    def search(self, conn: Connection, query: SearchQuery, limit: int, timeout_s: float) -> list[dict[str, Any]]:
        """Rows of kind, ref, article, title, snippet, best first; SearchError past `timeout_s`."""

    def upsert(self, table: Table) -> Any:
        """The dialect's INSERT, which has on_conflict_do_update and on_conflict_do_nothing."""

    def clean(self, row: dict[str, Any]) -> dict[str, Any]:
        """Values the backend cannot store as they are, made storable."""

    def retryable(self, exc: Exception) -> bool:
        """Whether a failed write transaction may succeed when run again (a deadlock, a lost race)."""


def backend_named(name: str) -> Backend:
    if name == "sqlite":
        from dragoman.store.sqlite import SQLiteBackend

        return SQLiteBackend()
    if name == "postgresql":
        from dragoman.store.postgres import PostgresBackend

        return PostgresBackend()
    raise KeyError(name)


def backend_of(conn: Connection) -> Backend:
    return backend_named(conn.dialect.name)
