"""Exports from the store: every table (events, quotes, actors, articles) as JSON lines, CSV or Parquet,
with a Frictionless `datapackage.json` beside them; and the events as a GDELT 2.0-style table or GraphML.

All formats take the explorer's `EventFilter`, so an export matches what the explorer shows. The columns
and types of each table are defined once, in `dragoman.io.tables`.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import Connection, select

from dragoman.errors import OutputError
from dragoman.io import tables
from dragoman.normalise import one_line, spreadsheet_safe, xml_safe
from dragoman.records import UNIDENTIFIED
from dragoman.store import queries as q
from dragoman.store.queries import EventFilter, iter_events, network
from dragoman.store.schema import articles

TABLE_FORMATS = ("jsonl", "csv", "parquet")  # every table
EVENT_FORMATS = ("gdelt", "graphml")  # the events only
# An events-only exporter takes the store, the filter and the output path; it returns the rows (or edges) written.
Exporter = Callable[[Connection, EventFilter, Path], int]
EXPORTERS: dict[str, Exporter] = {}

# GDELT 2.0 event table, in its column order. Fields dragoman has no value for are left blank:
# KnownGroup/Ethnic/Religion/Type2-3 codes, NumSources, AvgTone and every geography field.
GDELT_COLUMNS = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    *(
        f"Actor{n}{field}"
        for n in (1, 2)
        for field in (
            "Code",
            "Name",
            "CountryCode",
            "KnownGroupCode",
            "EthnicCode",
            "Religion1Code",
            "Religion2Code",
            "Type1Code",
            "Type2Code",
            "Type3Code",
        )
    ),
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    *(
        f"{who}Geo_{field}"
        for who in ("Actor1", "Actor2", "Action")
        for field in ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
    ),
    "DATEADDED",
    "SOURCEURL",
]


def register(name: str) -> Callable[[Exporter], Exporter]:
    def wrap(fn: Exporter) -> Exporter:
        EXPORTERS[name] = fn
        return fn

    return wrap


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote: `rows` (edges for GraphML); for events, how many of them are negated, and
    whether negated events were included at all; the datapackage.json updated, if any."""

    table: str
    fmt: str
    rows: int
    negated: int = 0
    include_negated: bool = False
    datapackage: Path | None = None

    def describe(self) -> str:
        """The count, saying what it counts."""
        unit = "edges (actor pairs)" if self.fmt == "graphml" else self.table
        text = f"{self.rows} {unit}"
        if self.table == "events" and self.fmt != "graphml":
            text += (
                f", {self.negated} of them negated (marked in the 'negated' column)"
                if self.include_negated
                else " (negated events left out; --include-negated keeps them, marked)"
            )
        elif self.table == "events":
            text += " (negated events left out)"
        return text


def export(db: Connection, fmt: str, f: EventFilter, out: Path, *, csv_protect: bool = True) -> int:
    """Write the filtered events in `fmt` to `out`; return the number of rows (or edges for GraphML)."""
    return export_table(db, "events", fmt, f, out, csv_protect=csv_protect, datapackage=False).rows


def export_table(
    db: Connection,
    table: str,
    fmt: str,
    f: EventFilter,
    out: Path,
    *,
    csv_protect: bool = True,
    datapackage: bool = True,
) -> ExportResult:
    """Write one table, filtered, to `out` in `fmt`, and describe it in the `datapackage.json` beside it.
    With `csv_protect`, CSV cells a spreadsheet would run as formulas start with ' (see `spreadsheet_safe`)."""
    if table not in tables.TABLES:
        raise OutputError(f"unknown table {table!r}: choose one of {', '.join(tables.TABLES)}")
    if fmt not in (*TABLE_FORMATS, *EXPORTERS):
        raise OutputError(f"unknown export format {fmt!r}: choose one of {', '.join((*TABLE_FORMATS, *EXPORTERS))}")
    if fmt in EXPORTERS and table != "events":
        raise OutputError(f"--format {fmt} exports the events table only; use jsonl, csv or parquet for {table}")
    if fmt in EXPORTERS and f.include_negated:
        raise OutputError(f"--format {fmt} has no column to mark a negated event: use jsonl, csv or parquet")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        negated = _Counter()
        if fmt in EXPORTERS:
            rows = EXPORTERS[fmt](db, f, out)
        else:
            records = negated.wrap(table_records(db, table, f)) if table == "events" else table_records(db, table, f)
            rows = _write_table(records, table, fmt, out, csv_protect)
        result = ExportResult(table, fmt, rows, negated.count, f.include_negated)
        if datapackage and fmt != "graphml":
            note = (
                "" if table != "events" else (", negated events included" if f.include_negated else ", negated events left out")
            )
            written = tables.write_datapackage(out, tables.resource(out, table, fmt, rows, note))
            result = ExportResult(table, fmt, rows, negated.count, f.include_negated, written)
        return result
    except OSError as exc:
        raise OutputError(f"cannot write {out}: {exc}") from exc


class _Counter:
    """Counts the negated events passing through."""

    def __init__(self) -> None:
        self.count = 0

    def wrap(self, records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for record in records:
            self.count += bool(record.get("negated"))
            yield record


def table_records(db: Connection, table: str, f: EventFilter) -> Iterator[dict[str, Any]]:
    """The filtered records of one table, as the store gives them."""
    if table == "events":
        return iter_events(db, f)
    if table == "quotes":
        return q.iter_quotes(db, f)
    if table == "actors":
        return _all_actors(db, f)
    return q.iter_articles(db, f)


def _all_actors(db: Connection, f: EventFilter) -> Iterator[dict[str, Any]]:
    page = 1
    while True:
        found = q.filtered_actors(db, f, page, 1_000)["actors"]
        yield from found
        if len(found) < 1_000:
            return
        page += 1


def _open(out: Path) -> TextIO:
    return out.open("w", encoding="utf-8", newline="")


def _write_table(records: Iterable[dict[str, Any]], table: str, fmt: str, out: Path, csv_protect: bool) -> int:
    rows = tables.shape_all(records, table, flat=fmt != "jsonl")
    count = 0
    if fmt == "jsonl":
        with _open(out) as stream:
            for row in rows:
                stream.write(json.dumps(row, ensure_ascii=False) + "\n")
                count += 1
        return count
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        arrow = [tables.arrow_row(row, table) for row in rows]
        pq.write_table(pa.Table.from_pylist(arrow, schema=tables.arrow_schema(table)), out)
        return len(arrow)
    with _open(out) as stream:
        writer = csv.DictWriter(stream, fieldnames=[field.name for field in tables.fields(table, flat=True)])
        writer.writeheader()
        for row in rows:
            writer.writerow({k: spreadsheet_safe(v) for k, v in row.items()} if csv_protect else row)
            count += 1
    return count


def gdelt_row(event: dict[str, Any], number: int, url: str | None) -> list[Any]:
    day = date.fromisoformat(event["date"]) if event.get("date") else None
    row: dict[str, Any] = dict.fromkeys(GDELT_COLUMNS, "")
    row.update(
        {
            "GLOBALEVENTID": number,
            "SQLDATE": day.strftime("%Y%m%d") if day else "",
            "MonthYear": day.strftime("%Y%m") if day else "",
            "Year": day.year if day else "",
            "FractionDate": f"{day.year + (day.timetuple().tm_yday - 1) / 365:.4f}" if day else "",
            "IsRootEvent": 1,
            "EventCode": event["cameo"],
            "EventBaseCode": event["cameo"][:3],
            "EventRootCode": event["cameo"][:2],
            "QuadClass": event["quad_class"],
            "GoldsteinScale": event["goldstein"],
            "NumMentions": 1,
            "NumArticles": 1,
            "DATEADDED": day.strftime("%Y%m%d000000") if day else "",
            "SOURCEURL": url or event["article"],
        }
    )
    for n, key in ((1, "source"), (2, "target")):
        ref = event.get(key)
        if ref and ref.get("id") != UNIDENTIFIED.id:  # GDELT leaves an unnamed actor blank
            code = (ref.get("country") or "") + (ref.get("sector") or "")
            row.update(
                {
                    f"Actor{n}Code": code,
                    f"Actor{n}Name": ref["name"].upper(),
                    f"Actor{n}CountryCode": ref.get("country") or "",
                    f"Actor{n}Type1Code": ref.get("sector") or "",
                }
            )
    return [one_line(str(row[c])) for c in GDELT_COLUMNS]


@register("gdelt")
def export_gdelt(db: Connection, f: EventFilter, out: Path) -> int:
    """Tab-separated, no header, no quoting, in GDELT 2.0's column order (GDELT_COLUMNS). Tabs, line breaks
    and other control characters inside a field become spaces, so every row is one line of 61 fields."""
    urls = {row.id: row.url for row in db.execute(select(articles.c.id, articles.c.url))}
    count = 0
    with _open(out) as stream:
        for count, event in enumerate(iter_events(db, f), start=1):
            stream.write("\t".join(gdelt_row(event, count, urls.get(event["article"]))) + "\n")
    return count


@register("graphml")
def export_graphml(db: Connection, f: EventFilter, out: Path) -> int:
    """Actors as nodes (name, kind, country, sector, events), aggregated events as weighted edges, written by
    networkx. Characters XML 1.0 forbids (a form feed in a name read from the text) become spaces."""
    import networkx as nx

    data = network(db, f, max_nodes=1_000_000)
    graph = nx.DiGraph()
    for node in data["nodes"]:
        graph.add_node(
            xml_safe(node["id"]),
            name=xml_safe(node["name"] or ""),
            kind=xml_safe(node["kind"] or ""),
            country=xml_safe(node["country"] or ""),
            sector=xml_safe(node["sector"] or ""),
            events=int(node["count"]),
        )
    for edge in data["edges"]:
        graph.add_edge(
            xml_safe(edge["source"]),
            xml_safe(edge["target"]),
            weight=float(edge["count"]),
            cooperation=int(edge["cooperation"]),
            conflict=int(edge["conflict"]),
            tone=edge["tone"],
        )
    nx.write_graphml(graph, out, encoding="utf-8", prettyprint=True, named_key_ids=True)
    return graph.number_of_edges()
