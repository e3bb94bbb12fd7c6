"""A large store built from real articles: the explorer fixture's articles are processed once by the real
pipeline, then their stored rows are copied, each copy under new ids and shifted in time, until the store
holds the number of events asked for. Copying rows in SQL builds 100,000 events in seconds."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from dragoman.pipeline import Pipeline
from explorer_fixtures import build_store

COPIED = ("articles", "mentions", "events", "event_evidence", "quotes", "quote_events")  # SQLite store, schema 0003
REFERENCES = {"article_id", "event_id", "quote_id"}
DAYS_APART = 3  # each copy lies this many days after the previous one: a large store spans years


def _column_expressions(db: sqlite3.Connection, table: str, days_apart: int) -> tuple[list[str], list[str]]:
    """Column names and what each becomes in copy `:k` (ids suffixed, dates shifted)."""
    names = [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
    shift = f"date({{col}}, '+' || (:k * {days_apart}) || ' days')"
    expressions = []
    for name in names:
        if (table, name) in {("articles", "id"), ("events", "id"), ("quotes", "id")} or name in REFERENCES:
            expressions.append(f"{name} || '~' || :k")
        elif name == "date":
            expressions.append(shift.format(col="date"))
        else:
            expressions.append(f'"{name}"')
    return [f'"{n}"' for n in names], expressions


def build_scale_store(pipeline: Pipeline, path: Path, events: int, days_apart: int = DAYS_APART) -> int:
    """Fill `path` with copies of the fixture articles until it holds at least `events` events; return the count."""
    build_store(pipeline, path)
    db = sqlite3.connect(path)
    try:
        per_copy = db.execute("SELECT COUNT(*) FROM events").fetchone()[0]
        copies = -(-events // per_copy) - 1
        statements = []
        for table in COPIED:
            names, expressions = _column_expressions(db, table, days_apart)
            db.execute(f"CREATE TEMP TABLE original_{table} AS SELECT * FROM {table}")
            statements.append(f"INSERT INTO {table}({', '.join(names)}) SELECT {', '.join(expressions)} FROM original_{table}")
        with db:
            for k in range(1, copies + 1):
                for sql in statements:
                    db.execute(sql, {"k": k})
        return int(db.execute("SELECT COUNT(*) FROM events").fetchone()[0])
    finally:
        db.close()
