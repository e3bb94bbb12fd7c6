"""The PostgreSQL corner of the store: psycopg 3, an advisory lock for migrations, tsvector search.

This is the only module that speaks PostgreSQL's dialect (tsvector, websearch_to_tsquery, SET LOCAL).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, Connection, Engine, MetaData, Table, Text, create_engine, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from dragoman.errors import SearchError
from dragoman.store.search import SearchQuery

MIGRATION_LOCK = 7_311_925_004  # pg_advisory_xact_lock key: "dragoman migrations"
INDEXED_CHARS = 250_000  # a tsvector holds at most 1 MB: longer articles are searchable by their start

_search_index = Table(
    "search_index",
    MetaData(),
    Column("kind", Text, primary_key=True),
    Column("ref", Text, primary_key=True),
    Column("article", Text),
    Column("title", Text),
    Column("body", Text),
)


class PostgresBackend:
    name = "postgresql"
    max_connections = 32  # a server process each, out of the server's max_connections (100 by default)

    def create_engine(self, location: str) -> Engine:
        return create_engine(location, pool_size=8, max_overflow=self.max_connections - 8, pool_timeout=60, pool_pre_ping=True)

    def lock_migrations(self, conn: Connection) -> None:
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})

    def create_search_index(self, conn: Connection) -> None:
        conn.exec_driver_sql(
            f"""CREATE TABLE search_index (
                kind TEXT NOT NULL, ref TEXT NOT NULL, article TEXT,
                title TEXT NOT NULL DEFAULT '', body TEXT NOT NULL DEFAULT '',
                document tsvector GENERATED ALWAYS AS (
                    setweight(to_tsvector('simple'::regconfig, title), 'A')
                    || setweight(to_tsvector('simple'::regconfig, left(body, {INDEXED_CHARS})), 'B')) STORED,
                PRIMARY KEY (kind, ref))"""
        )
        conn.exec_driver_sql("CREATE INDEX search_index_article ON search_index(article)")
        conn.exec_driver_sql("CREATE INDEX search_index_document ON search_index USING GIN (document)")

    def add_search_keys(self, conn: Connection) -> None:
        """Nothing to add: the index's primary key (kind, ref) and its article index find rows already."""

    def index(self, conn: Connection, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        insert = postgresql.insert(_search_index)
        update = {c: insert.excluded[c] for c in ("article", "title", "body")}
        conn.execute(insert.on_conflict_do_update(index_elements=["kind", "ref"], set_=update), [self.clean(r) for r in rows])

    def unindex_article(self, conn: Connection, article_id: str) -> None:
        conn.execute(text("DELETE FROM search_index WHERE article = :a"), {"a": article_id})

    def search(self, conn: Connection, query: SearchQuery, limit: int, timeout_s: float) -> list[dict[str, Any]]:
        conn.execute(text(f"SET LOCAL statement_timeout = {max(1, int(timeout_s * 1000))}"))
        try:
            found = conn.execute(
                text(
                    """WITH q AS (SELECT websearch_to_tsquery('simple'::regconfig, :q) AS query),
                    hits AS (
                        SELECT kind, ref, article, title, body, ts_rank(document, q.query) AS rank, q.query
                        FROM search_index, q WHERE document @@ q.query
                        ORDER BY rank DESC, kind, ref LIMIT :n)
                    SELECT kind, ref, article, title,
                        ts_headline('simple'::regconfig, left(body, 20000), query,
                            'StartSel=[, StopSel=], MaxWords=12, MinWords=4, MaxFragments=1, FragmentDelimiter=" … "') AS snippet
                    FROM hits ORDER BY rank DESC, kind, ref"""
                ),
                {"q": query.websearch(), "n": limit},
            )
            return [dict(row) for row in found.mappings()]
        except OperationalError as exc:
            conn.rollback()
            if "statement timeout" in str(exc.orig):
                raise SearchError(f"search took longer than {timeout_s:g} s: use fewer or rarer words") from None
            raise SearchError(f"search failed: {exc.orig}") from None

    def upsert(self, table: Table) -> Any:
        return postgresql.insert(table)

    def clean(self, row: dict[str, Any]) -> dict[str, Any]:
        """PostgreSQL text cannot hold NUL: it becomes U+FFFD, one character for one, so offsets stay right."""
        return {k: v.replace("\x00", "\ufffd") if isinstance(v, str) else v for k, v in row.items()}

    def retryable(self, exc: Exception) -> bool:
        if isinstance(exc, IntegrityError):
            return True  # two writers stored the same new article or actor: the rerun finds it stored
        code = getattr(getattr(exc, "orig", None), "sqlstate", None) if isinstance(exc, DBAPIError) else None
        return code in {"40001", "40P01"}  # serialization failure, deadlock
