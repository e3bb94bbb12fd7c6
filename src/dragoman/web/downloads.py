"""Download buttons: the events, quotes and actors a page shows, with its filters, as CSV, JSON lines or Parquet.

Events go through `dragoman.exports` (the same files as `dragoman export`); quotes and actors are written
from the explorer's queries with the same flattening.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from dragoman.exports import export
from dragoman.io.writers import flatten
from dragoman.store import queries as q

TABLES = ("events", "quotes", "actors")
FORMATS = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson", "parquet": "application/vnd.apache.parquet"}


def write_table(db: Connection, table: str, fmt: str, f: q.EventFilter, out: Path) -> int:
    """Write one table, filtered, to `out`; return the number of rows."""
    if table == "events":
        return export(db, fmt, f, out)
    rows = q.iter_quotes(db, f) if table == "quotes" else _all_actors(db, f)
    return _write_rows(rows, fmt, out)


def _all_actors(db: Connection, f: q.EventFilter) -> Iterator[dict[str, Any]]:
    page = 1
    while True:
        found = q.filtered_actors(db, f, page, 1_000)["actors"]
        yield from found
        if len(found) < 1_000:
            return
        page += 1


def _write_rows(rows: Iterable[dict[str, Any]], fmt: str, out: Path) -> int:
    count = 0
    if fmt == "jsonl":
        with out.open("w", encoding="utf-8") as stream:
            for row in rows:
                stream.write(json.dumps(row, ensure_ascii=False) + "\n")
                count += 1
        return count
    flat = [flatten(row) for row in rows]
    columns: dict[str, None] = {}
    for row in flat:
        columns.update(dict.fromkeys(row))
    flat = [{c: row.get(c) for c in columns} for row in flat]  # a quote without a speaker still has the columns
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.Table.from_pylist(flat), out)
        return len(flat)
    with out.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(columns))
        writer.writeheader()
        writer.writerows(flat)
    return len(flat)
