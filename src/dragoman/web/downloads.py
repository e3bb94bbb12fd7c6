"""Download buttons: the events, quotes and actors a page shows, with its filters, as CSV, JSON lines or Parquet.

Every table goes through `dragoman.exports.export_table`: the same columns, types and CSV protection as
`dragoman export --table ...`.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection

from dragoman.exports import export_table
from dragoman.store import queries as q

TABLES = ("events", "quotes", "actors")
FORMATS = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson", "parquet": "application/vnd.apache.parquet"}

def write_table(db: Connection, table: str, fmt: str, f: q.EventFilter, out: Path) -> int:
    """Write one table, filtered, to `out`; return the number of rows."""
    return export_table(db, table, fmt, f, out, datapackage=False).rows
