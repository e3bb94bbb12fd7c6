"""The store's tables as SQLAlchemy Core objects: what queries and writes use on every backend.

The tables are created by the named migrations (`migrations.py`); `tests/test_store.py` checks that a
migrated store has exactly these columns. The full-text index (`search_index`) is backend-specific and
is not described here.
"""

from __future__ import annotations

from sqlalchemy import Column, Float, ForeignKey, Integer, MetaData, Table, Text

metadata = MetaData()

REF_FIELDS = ("id", "text", "start", "end", "name", "country", "sector", "confidence")  # a Ref, flattened as PREFIX_FIELD


def _ref_columns(prefix: str) -> list[Column]:  # type: ignore[type-arg]
    types = {"start": Integer, "end": Integer, "confidence": Float}
    return [Column(f"{prefix}_{name}", types.get(name, Text)) for name in REF_FIELDS]


schema_migrations = Table(
    "schema_migrations",
    metadata,
    Column("name", Text, primary_key=True),
    Column("applied_at", Text),
)

articles = Table(
    "articles",
    metadata,
    Column("id", Text, primary_key=True),
    Column("content_hash", Text, nullable=False),
    Column("title", Text),
    Column("date", Text),
    Column("source", Text),
    Column("url", Text),
    Column("text", Text, nullable=False),
    Column("metadata", Text, nullable=False),
    Column("origin", Text),
    Column("status", Text, nullable=False),
    Column("error", Text),
    Column("ingested_at", Text),
)

actors = Table(
    "actors",
    metadata,
    Column("id", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("country", Text),
    Column("sector", Text),
    Column("gender", Text),
    Column("known", Integer, nullable=False),
)

mentions = Table(
    "mentions",
    metadata,
    Column("article_id", Text, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("actor_id", Text, ForeignKey("actors.id"), primary_key=True),
    Column("start", Integer, primary_key=True),
    Column("end", Integer, primary_key=True),
    Column("text", Text, nullable=False),
    Column("rule", Text, nullable=False),
    Column("role", Text),
    Column("confidence", Float),
    Column("actor_country", Text),  # the actor's country and sector on the article's date
    Column("actor_sector", Text),
)

events = Table(
    "events",
    metadata,
    Column("id", Text, primary_key=True),
    Column("article_id", Text, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("sentence", Integer),
    Column("start", Integer),
    Column("end", Integer),
    Column("text", Text),
    Column("date", Text),
    *_ref_columns("source"),
    *_ref_columns("target"),
    Column("cameo", Text, nullable=False),
    Column("plover", Text),
    Column("mode", Text),
    Column("quad_class", Integer),
    Column("goldstein", Float),
    Column("trigger", Text),
    Column("trigger_start", Integer),
    Column("trigger_end", Integer),
    Column("negated", Integer, nullable=False),
    Column("confidence", Float, nullable=False),
    *_ref_columns("reported_by"),
    *_ref_columns("location"),  # where it happened, never its source or target
)

event_evidence = Table(
    "event_evidence",
    metadata,
    Column("event_id", Text, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("sentence", Integer),
    Column("start", Integer),
    Column("end", Integer),
    Column("text", Text),
    Column("trigger", Text),
    Column("trigger_start", Integer),
    Column("trigger_end", Integer),
)

quotes = Table(
    "quotes",
    metadata,
    Column("id", Text, primary_key=True),
    Column("article_id", Text, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("start", Integer),
    Column("end", Integer),
    Column("text", Text),
    Column("kind", Text),
    Column("cue", Text),
    Column("cue_start", Integer),
    Column("cue_end", Integer),
    *_ref_columns("speaker"),
    *_ref_columns("via"),
)

quote_events = Table(
    "quote_events",
    metadata,
    Column("quote_id", Text, ForeignKey("quotes.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("event_id", Text, nullable=False),
)
