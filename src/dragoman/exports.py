"""Exports from the store: JSON lines, CSV, Parquet, a GDELT 2.0-style event table, GraphML.

All formats take the explorer's `EventFilter`, so an export matches what the explorer shows.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, TextIO
from xml.etree import ElementTree as ET

from sqlalchemy import Connection, select

from dragoman.errors import OutputError
from dragoman.io.writers import flatten
from dragoman.records import UNIDENTIFIED
from dragoman.store.queries import EventFilter, iter_events, network
from dragoman.store.schema import articles

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


def export(db: Connection, fmt: str, f: EventFilter, out: Path) -> int:
    """Write the filtered events in `fmt` to `out`; return the number of rows (or edges for GraphML)."""
    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        raise OutputError(f"unknown export format {fmt!r}: choose one of {', '.join(sorted(EXPORTERS))}")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        return exporter(db, f, out)
    except OSError as exc:
        raise OutputError(f"cannot write {out}: {exc}") from exc


def _open(out: Path) -> TextIO:
    return out.open("w", encoding="utf-8", newline="")


@register("jsonl")
def export_jsonl(db: Connection, f: EventFilter, out: Path) -> int:
    count = 0
    with _open(out) as stream:
        for event in iter_events(db, f):
            stream.write(json.dumps(event, ensure_ascii=False) + "\n")
            count += 1
    return count


def _flat_events(db: Connection, f: EventFilter) -> Iterator[dict[str, Any]]:
    refs = ("text", "start", "end", "id", "name", "country", "sector", "confidence")
    for event in iter_events(db, f):
        for key in ("target", "reported_by", "location"):
            event[key] = event.get(key) or dict.fromkeys(refs)
        yield flatten(event)


@register("csv")
def export_csv(db: Connection, f: EventFilter, out: Path) -> int:
    count = 0
    with _open(out) as stream:
        writer: csv.DictWriter[str] | None = None
        for row in _flat_events(db, f):
            if writer is None:
                writer = csv.DictWriter(stream, fieldnames=list(row))
                writer.writeheader()
            writer.writerow(row)
            count += 1
    return count


@register("parquet")
def export_parquet(db: Connection, f: EventFilter, out: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = list(_flat_events(db, f))
    pq.write_table(pa.Table.from_pylist(rows), out)
    return len(rows)


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
    return [row[c] for c in GDELT_COLUMNS]


@register("gdelt")
def export_gdelt(db: Connection, f: EventFilter, out: Path) -> int:
    """Tab-separated, no header, in GDELT 2.0's column order (GDELT_COLUMNS)."""
    urls = {row.id: row.url for row in db.execute(select(articles.c.id, articles.c.url))}
    count = 0
    with _open(out) as stream:
        writer = csv.writer(stream, delimiter="\t", lineterminator="\n")
        for count, event in enumerate(iter_events(db, f), start=1):
            writer.writerow(gdelt_row(event, count, urls.get(event["article"])))
    return count


@register("graphml")
def export_graphml(db: Connection, f: EventFilter, out: Path) -> int:
    """Actors as nodes (name, kind, country, sector, events), aggregated events as weighted edges."""
    graph = network(db, f, max_nodes=1_000_000)
    root = ET.Element("graphml", xmlns="http://graphml.graphdrawing.org/xmlns")
    keys = [
        ("name", "node", "string"),
        ("kind", "node", "string"),
        ("country", "node", "string"),
        ("sector", "node", "string"),
        ("events", "node", "int"),
        ("weight", "edge", "double"),
        ("cooperation", "edge", "int"),
        ("conflict", "edge", "int"),
        ("tone", "edge", "string"),
    ]
    for name, domain, kind in keys:
        ET.SubElement(root, "key", {"id": name, "for": domain, "attr.name": name, "attr.type": kind})
    body = ET.SubElement(root, "graph", id="dragoman", edgedefault="directed")
    for node in graph["nodes"]:
        element = ET.SubElement(body, "node", id=node["id"])
        for name, value in (
            ("name", node["name"]),
            ("kind", node["kind"]),
            ("country", node["country"]),
            ("sector", node["sector"]),
            ("events", node["count"]),
        ):
            ET.SubElement(element, "data", key=name).text = "" if value is None else str(value)
    for number, edge in enumerate(graph["edges"]):
        element = ET.SubElement(body, "edge", id=f"e{number}", source=edge["source"], target=edge["target"])
        for name in ("cooperation", "conflict", "tone"):
            ET.SubElement(element, "data", key=name).text = str(edge[name])
        ET.SubElement(element, "data", key="weight").text = str(edge["count"])
    ET.ElementTree(root).write(out, encoding="utf-8", xml_declaration=True)
    return len(graph["edges"])
