"""The `Store` protocol and its one implementation over SQLAlchemy Core, for SQLite and PostgreSQL.

`open_store(url)` takes a path (or `sqlite:///path`, or `:memory:`) for SQLite and
`postgresql://USER@HOST[:PORT]/DB` for PostgreSQL. Each article's records are written in one
transaction; rerunning the same article writes nothing (content-hash keys).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from sqlalchemy import Connection, Engine, case, func, inspect, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from dragoman.errors import StoreError
from dragoman.io.records_out import event_dict, quote_dict
from dragoman.records import ArticleResult
from dragoman.store import rows
from dragoman.store.backend import WRITE, Backend, SearchRow, backend_named
from dragoman.store.migrations import MIGRATIONS
from dragoman.store.schema import actors, articles, event_evidence, events, mentions, quote_events, quotes, schema_migrations

WRITE_ATTEMPTS = 5


@runtime_checkable
class Store(Protocol):
    """A store of extraction results, whatever the database behind it."""

    url: str  # where it is, without a password

    def migrate(self) -> list[str]: ...
    def applied_migrations(self) -> list[str]: ...
    def has(self, article_id: str, content_hash: str) -> bool: ...
    def save(self, result: ArticleResult) -> bool: ...
    def connect(self) -> AbstractContextManager[Connection]: ...
    def counts(self) -> dict[str, int]: ...
    def events(self, article_id: str | None = None) -> list[dict[str, Any]]: ...
    def quotes(self, speaker_id: str | None = None) -> list[dict[str, Any]]: ...
    def records(self, article_id: str) -> list[dict[str, Any]]: ...
    def close(self) -> None: ...


class SqlStore:
    """The store over any SQLAlchemy engine; the backend supplies what its dialect does differently."""

    def __init__(self, engine: Engine, backend: Backend, url: str) -> None:
        self.engine = engine
        self.backend = backend
        self.url = url

    @property
    def dialect(self) -> str:
        return self.backend.name

    @property
    def max_connections(self) -> int:
        """How many connections the pool hands out at most (more requests wait for one)."""
        return self.backend.max_connections

    # ---- schema -------------------------------------------------------------------------------
    def migrate(self) -> list[str]:
        """Apply pending migrations under a lock (other processes may be opening the same new store)."""
        if not self._pending():
            return []
        applied: list[str] = []
        name = "(lock)"
        try:
            with self.writing() as conn:
                self.backend.lock_migrations(conn)
                schema_migrations.create(conn, checkfirst=True)
                done = set(conn.execute(select(schema_migrations.c.name)).scalars())
                for migration in MIGRATIONS:
                    name = migration.name
                    if name not in done:
                        migration.apply(conn, self.backend)
                        conn.execute(schema_migrations.insert().values(name=name, applied_at=_now()))
                        applied.append(name)
        except SQLAlchemyError as exc:
            raise StoreError(f"{self.url}: migration {name} failed: {_reason(exc)}") from exc
        return applied

    def _pending(self) -> list[str]:
        try:
            with self.engine.connect() as conn:
                if not inspect(conn).has_table("schema_migrations"):
                    return [m.name for m in MIGRATIONS]
                done = set(conn.execute(select(schema_migrations.c.name)).scalars())
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot open store {self.url}: {_reason(exc)}") from exc
        return [m.name for m in MIGRATIONS if m.name not in done]

    def applied_migrations(self) -> list[str]:
        with self.connect() as conn:
            return list(conn.execute(select(schema_migrations.c.name).order_by(schema_migrations.c.name)).scalars())

    # ---- connections --------------------------------------------------------------------------
    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A connection for reading, from a pool that is safe across threads; give it back when done."""
        with self.engine.connect() as conn:
            yield conn

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """One write transaction (on SQLite it takes the write lock at once: BEGIN IMMEDIATE)."""
        with self.engine.connect() as conn:
            conn.execution_options(**{WRITE: True})
            with conn.begin():
                yield conn

    # ---- writing ------------------------------------------------------------------------------
    def has(self, article_id: str, content_hash: str) -> bool:
        """Whether this exact article was already stored successfully."""
        with self.connect() as conn:
            return _has(conn, article_id, content_hash)

    def save(self, result: ArticleResult) -> bool:
        """Store one article's results in one transaction, replacing an older version of the same article id.

        Returns False (and writes nothing) when the same content is already stored.
        """
        article = result.article
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                with self.writing() as conn:
                    if _has(conn, article.id, article.content_hash):
                        return False
                    self._write(conn, result)
                return True
            except SQLAlchemyError as exc:
                if attempt < WRITE_ATTEMPTS and self.backend.retryable(exc):
                    time.sleep(0.05 * attempt)
                    continue
                raise StoreError(f"cannot store article {article.id} in {self.url}: {_reason(exc)}") from exc
        raise AssertionError("unreachable")

    def _write(self, conn: Connection, result: ArticleResult) -> None:
        article_id = result.article.id
        clean = self.backend.clean
        if conn.execute(articles.delete().where(articles.c.id == article_id)).rowcount:
            self.backend.unindex_article(conn, article_id)
        conn.execute(articles.insert().values(clean(_article_row(result))))
        for item in sorted(result.actors, key=lambda a: a.actor.id):  # one lock order for concurrent writers
            actor = item.actor
            values: dict[str, Any] = {"id": actor.id, "name": actor.name, "kind": actor.kind, "country": actor.country, "sector": actor.sector}
            values |= {"gender": actor.gender, "known": int(actor.known)}
            insert = self.backend.upsert(actors).values(clean(values))
            conn.execute(
                insert.on_conflict_do_update(
                    index_elements=["id"],
                    set_={
                        "name": insert.excluded.name,
                        "kind": insert.excluded.kind,
                        "country": func.coalesce(insert.excluded.country, actors.c.country),
                        "sector": func.coalesce(insert.excluded.sector, actors.c.sector),
                    },
                )
            )
            found = [
                clean(
                    {
                        "article_id": article_id,
                        "actor_id": actor.id,
                        "start": m.start,
                        "end": m.end,
                        "text": m.text,
                        "rule": m.rule,
                        "role": item.role,
                        "confidence": m.confidence,
                        "actor_country": actor.country,  # a person's country and sector on the article's date
                        "actor_sector": actor.sector,
                    }
                )
                for m in item.mentions
            ]
            if found:
                conn.execute(self.backend.upsert(mentions).on_conflict_do_nothing(), found)
        for event in map(event_dict, result.events):
            self._replace(
                conn, events, rows.event_row(event), event_evidence, event_evidence.c.event_id, rows.evidence_rows(event)
            )
        for quote in map(quote_dict, result.quotes):
            self._replace(
                conn, quotes, rows.quote_row(quote), quote_events, quote_events.c.quote_id, rows.quote_event_rows(quote)
            )
        self.backend.index(conn, _search_rows(result))

    def _replace(self, conn: Connection, table: Any, row: dict[str, Any], child: Any, key: Any, children: list[Any]) -> None:
        """Insert a record, or overwrite the one with its id, and its child rows."""
        row = self.backend.clean(row)
        insert = self.backend.upsert(table).values(row)
        conn.execute(insert.on_conflict_do_update(index_elements=["id"], set_={k: insert.excluded[k] for k in row if k != "id"}))
        conn.execute(child.delete().where(key == row["id"]))
        if children:
            conn.execute(child.insert(), [self.backend.clean(c) for c in children])

    # ---- reading -----------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        with self.connect() as conn:
            return {
                t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in (articles, actors, mentions, events, quotes)
            }

    def events(self, article_id: str | None = None) -> list[dict[str, Any]]:
        from dragoman.store.queries import read_events

        with self.connect() as conn:
            where = [events.c.article_id == article_id] if article_id else []
            return read_events(conn, where, [events.c.article_id, events.c.trigger_start, events.c.id])

    def quotes(self, speaker_id: str | None = None) -> list[dict[str, Any]]:
        from dragoman.store.queries import read_quotes

        with self.connect() as conn:
            where = [quotes.c.speaker_id == speaker_id] if speaker_id else []
            return read_quotes(conn, where, [quotes.c.article_id, quotes.c.start, quotes.c.id])

    def records(self, article_id: str) -> list[dict[str, Any]]:
        """One stored article's output records (article, actors, events, quotes), as `extract` writes them:
        a rerun into a store that holds the article still writes its records to --out."""
        from dragoman.store.queries import read_events, read_quotes

        a, m, ac = articles.c, mentions.c, actors.c
        with self.connect() as conn:
            row = (
                conn.execute(
                    select(a.id, a.title, a.date, a.source, a.url, a.status, a.error, a.origin, a.content_hash, a.metadata).where(
                        a.id == article_id
                    )
                )
                .mappings()
                .first()
            )
            if row is None:
                return []
            article = {"type": "article", **row, "metadata": json.loads(row["metadata"] or "{}")}
            article["warnings"] = []  # the reader's repairs are reported when read, not kept in the store
            found: dict[str, dict[str, Any]] = {}
            seen = select(ac.id, ac.name, ac.kind, ac.country, ac.sector, ac.known, m.role, m.text, m.start, m.end, m.rule)
            dated = m.confidence.is_(None)  # rows stored before mentions kept their date's country and sector
            seen = seen.add_columns(
                m.confidence,
                case((dated, ac.country), else_=m.actor_country).label("dated_country"),
                case((dated, ac.sector), else_=m.actor_sector).label("dated_sector"),
            )
            for x in conn.execute(
                seen.join_from(mentions, actors, ac.id == m.actor_id)
                .where(m.article_id == article_id)
                .order_by(m.start, m.end, ac.id)
            ).mappings():
                item = found.setdefault(
                    x["id"],
                    {"type": "actor", "article": article_id, "id": x["id"], "name": x["name"], "kind": x["kind"],
                     "country": x["dated_country"], "sector": x["dated_sector"], "role": x["role"], "mentions": [],
                     "known": bool(x["known"])},
                )  # fmt: skip
                mention = {
                    "text": x["text"],
                    "start": x["start"],
                    "end": x["end"],
                    "rule": x["rule"],
                    "confidence": x["confidence"],
                }
                item["mentions"].append(
                    mention if x["confidence"] is not None else {k: v for k, v in mention.items() if k != "confidence"}
                )
            evs = read_events(conn, [events.c.article_id == article_id], [events.c.trigger_start, events.c.id])
            qs = read_quotes(conn, [quotes.c.article_id == article_id], [quotes.c.start, quotes.c.id])
        return [article, *found.values(), *evs, *qs]

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> SqlStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _has(conn: Connection, article_id: str, content_hash: str) -> bool:
    found = conn.execute(
        select(articles.c.id).where(
            articles.c.id == article_id, articles.c.content_hash == content_hash, articles.c.status == "ok"
        )
    )
    return found.first() is not None


def _article_row(result: ArticleResult) -> dict[str, Any]:
    a = result.article
    return {
        "id": a.id,
        "content_hash": a.content_hash,
        "title": a.title,
        "date": a.date.isoformat() if a.date else None,
        "source": a.source,
        "url": a.url,
        "text": a.text,
        "metadata": json.dumps(a.metadata, ensure_ascii=False, default=str),
        "origin": a.origin,
        "status": result.status,
        "error": result.error,
        "ingested_at": _now(),
    }


def _search_rows(result: ArticleResult) -> list[SearchRow]:
    """Full-text rows for the article, its quotes and its actors."""
    a = result.article
    found: list[SearchRow] = []
    if result.status == "ok":
        found.append({"kind": "article", "ref": a.id, "article": a.id, "title": a.title or "", "body": a.text})
    for q in result.quotes:
        found.append(
            {"kind": "quote", "ref": q.id, "article": a.id, "title": q.speaker.text if q.speaker else "", "body": q.text}
        )
    for item in sorted(result.actors, key=lambda x: x.actor.id):
        names = " ".join(sorted({item.actor.name, *(m.text for m in item.mentions)}))
        found.append({"kind": "actor", "ref": item.actor.id, "article": None, "title": item.actor.name, "body": names})
    return found


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")


def _reason(exc: SQLAlchemyError) -> str:
    return str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]


def store_location(url: str | Path) -> tuple[str, str]:
    """(backend name, what its engine opens) for a path or URL."""
    text = str(url)
    if text == ":memory:" or isinstance(url, Path):
        return "sqlite", text
    if text.startswith(("postgresql:", "postgresql+psycopg:", "postgres:")):
        try:
            parsed = make_url(text.replace("postgres:", "postgresql:", 1) if text.startswith("postgres:") else text)
        except ArgumentError as exc:
            raise StoreError(f"cannot read store URL {text!r}: {exc}") from None
        return "postgresql", parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    if text.startswith("sqlite:"):
        path = text.removeprefix("sqlite:").removeprefix("///")
        return "sqlite", path or ":memory:"
    if "://" in text:
        raise StoreError(f"unknown store URL {text!r}: use a path, sqlite:///PATH or postgresql://USER@HOST[:PORT]/DB")
    return "sqlite", text


def open_store(url: str | Path, migrate: bool = True, create: bool = True) -> SqlStore:
    """Open a store (creating and migrating it if needed); ':memory:' works for tests.

    `migrate=False` skips the schema check, for short-lived connections to a store already opened once;
    `create=False` refuses a SQLite path that does not exist yet.
    """
    name, location = store_location(url)
    if name == "sqlite" and location != ":memory:" and not create and not Path(location).exists():
        raise StoreError(f"no store at {location}")
    shown = make_url(location).render_as_string(hide_password=True) if name == "postgresql" else location
    try:
        store = SqlStore(backend_named(name).create_engine(location), backend_named(name), shown)
    except (OSError, SQLAlchemyError) as exc:
        raise StoreError(f"cannot open store {shown}: {exc}") from exc
    if migrate:
        try:
            store.migrate()
        except StoreError:
            store.close()
            raise
    return store
