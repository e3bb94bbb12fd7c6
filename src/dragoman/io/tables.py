"""The exported tables (events, quotes, actors, articles): their columns and types, the rows shaped to
them, and the Frictionless Data package (`datapackage.json`) that describes each exported file.

One definition drives the CSV header, the Parquet schema and the datapackage, so they cannot drift
apart. Codes are strings everywhere: CAMEO "080" keeps its leading zero for any tool that reads the
datapackage (pandas, R's frictionless, Excel's Power Query).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from dragoman.errors import OutputError

REF_FIELDS = (
    ("text", "string", "the mention as written"),
    ("start", "integer", "character offset of the mention in the article"),
    ("end", "integer", "end offset of the mention"),
    ("id", "string", "actor id"),
    ("name", "string", "actor name"),
    ("country", "string", "ISO 3166 alpha-3 country code (or IGO)"),
    ("sector", "string", "CAMEO sector code, e.g. GOV"),
    ("confidence", "number", "how sure the resolution of the mention is, 0 to 1"),
)


@dataclass(frozen=True)
class Field:
    """One column. `ref` fields are nested references (source, target, ...): an object in JSON lines,
    seven prefixed columns (`source_id`, `source_name`, ...) in CSV and Parquet."""

    name: str
    type: str  # Frictionless types: string, integer, number, boolean, date, array, object; "ref" is expanded
    description: str = ""

    def flat(self) -> list[Field]:
        if self.type != "ref":
            return [self]
        return [Field(f"{self.name}_{sub}", kind, f"{self.description}: {text}") for sub, kind, text in REF_FIELDS]

    def nested(self) -> Field:
        return Field(self.name, "object", self.description) if self.type == "ref" else self


def _fields(*spec: tuple[str, str, str]) -> tuple[Field, ...]:
    return tuple(Field(*item) for item in spec)


TABLES: dict[str, tuple[Field, ...]] = {
    "events": _fields(
        ("id", "string", "stable event id (a content hash)"),
        ("article", "string", "article id"),
        ("sentence", "integer", "index of the evidence sentence in the article"),
        ("start", "integer", "character offset of the evidence sentence"),
        ("end", "integer", "end offset of the evidence sentence"),
        ("text", "string", "the evidence sentence"),
        ("date", "date", "event date"),
        ("source", "ref", "the actor who acts"),
        ("target", "ref", "the actor acted on (empty when none)"),
        ("cameo", "string", "CAMEO event code: a string, '080' keeps its leading zero"),
        ("plover", "string", "PLOVER event type"),
        ("mode", "string", "PLOVER mode"),
        ("quad_class", "integer", "1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict"),
        ("goldstein", "number", "Goldstein scale, -10 to 10"),
        ("trigger", "string", "the words that state the event"),
        ("trigger_start", "integer", "character offset of the trigger"),
        ("trigger_end", "integer", "end offset of the trigger"),
        ("negated", "boolean", "the text says the event did not happen (kept only with --include-negated)"),
        ("confidence", "number", "0 to 1"),
        ("reported_by", "ref", "who reported the event, when the text names them"),
        ("location", "ref", "the place where the event happened, when the sentence names one (never an actor)"),
        ("evidence", "array", "every sentence stating the event, as JSON"),
    ),
    "quotes": _fields(
        ("id", "string", "stable quote id"),
        ("article", "string", "article id"),
        ("date", "date", "article date"),
        ("start", "integer", "character offset of the quoted words"),
        ("end", "integer", "end offset of the quoted words"),
        ("text", "string", "what was said"),
        ("kind", "string", "direct, indirect, mixed, belief or topic"),
        ("cue", "string", "the reporting verb or cue"),
        ("cue_start", "integer", "character offset of the cue"),
        ("cue_end", "integer", "end offset of the cue"),
        ("speaker", "ref", "who said it"),
        ("via", "ref", "through whom it was reported"),
        ("events", "array", "ids of the events coded from what the quote reports, as JSON"),
    ),
    "actors": _fields(
        ("id", "string", "actor id"),
        ("name", "string", "name"),
        ("kind", "string", "person, country, igo, group, media, agency, party, ngo, ..."),
        ("country", "string", "ISO 3166 alpha-3 country code (or IGO)"),
        ("sector", "string", "CAMEO sector code"),
        ("known", "boolean", "false for provisional actors the knowledge base lacks"),
        ("events", "integer", "filtered events with this actor as source or target (negated ones only with --include-negated)"),
    ),
    "articles": _fields(
        ("id", "string", "article id"),
        ("title", "string", "title"),
        ("date", "date", "article date"),
        ("source", "string", "publisher"),
        ("url", "string", "address"),
        ("status", "string", "ok or failed"),
        ("error", "string", "why the article failed"),
        ("origin", "string", "file and line it was read from"),
        ("content_hash", "string", "SHA-256 of date and text"),
        ("metadata", "object", "the input's other fields, as JSON"),
        ("text", "string", "the full text"),
    ),
}

# GDELT 2.0's types for the columns of its event table (everything else is a string).
GDELT_INTEGERS = {"GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "IsRootEvent", "QuadClass", "NumMentions"}
GDELT_INTEGERS |= {"NumSources", "NumArticles", "DATEADDED"}
GDELT_NUMBERS = {"FractionDate", "GoldsteinScale", "AvgTone"}


def fields(table: str, flat: bool) -> list[Field]:
    """The columns of a table: flat for CSV and Parquet, nested for JSON lines."""
    spec = TABLES[table]
    return [f for field in spec for f in field.flat()] if flat else [field.nested() for field in spec]


def shape(record: dict[str, Any], table: str, flat: bool) -> dict[str, Any]:
    """One record (as the store gives it) as one row of the table, with exactly its columns in order.
    Flat rows hold arrays and objects as JSON text."""
    row: dict[str, Any] = {}
    for field in TABLES[table]:
        value = record.get(field.name)
        if field.type == "ref" and flat:
            ref = value or {}
            row.update({f"{field.name}_{sub}": ref.get(sub) for sub, _, _ in REF_FIELDS})
        elif field.type in ("array", "object") and flat:
            row[field.name] = None if value is None else json.dumps(value, ensure_ascii=False)
        elif field.type == "boolean" and value is not None:
            row[field.name] = bool(value)
        else:
            row[field.name] = value
    return row


def shape_all(records: Iterable[dict[str, Any]], table: str, flat: bool) -> Iterator[dict[str, Any]]:
    for record in records:
        yield shape(record, table, flat)


def arrow_schema(table: str) -> Any:
    """The Parquet schema of a flat table: codes stay strings, dates are dates."""
    import pyarrow as pa

    kinds = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_(), "date": pa.date32()}
    return pa.schema([(f.name, kinds.get(f.type, pa.string())) for f in fields(table, flat=True)])


def arrow_row(row: dict[str, Any], table: str) -> dict[str, Any]:
    dates = {f.name for f in fields(table, flat=True) if f.type == "date"}
    return {k: date.fromisoformat(v[:10]) if k in dates and isinstance(v, str) and v else v for k, v in row.items()}


FORMATS: dict[str, dict[str, Any]] = {
    "csv": {"format": "csv", "mediatype": "text/csv", "dialect": {"delimiter": ",", "header": True}},
    "jsonl": {"format": "jsonl", "mediatype": "application/x-ndjson"},
    "parquet": {"format": "parquet", "mediatype": "application/vnd.apache.parquet"},
    "gdelt": {"format": "csv", "mediatype": "text/tab-separated-values", "dialect": {"delimiter": "\t", "header": False}},
}


def resource(path: Path, table: str, fmt: str, rows: int, note: str = "") -> dict[str, Any]:
    """The Frictionless Data resource describing one exported file."""
    from dragoman.exports import GDELT_COLUMNS

    if fmt == "gdelt":
        columns = [
            {"name": c, "type": "integer" if c in GDELT_INTEGERS else "number" if c in GDELT_NUMBERS else "string"}
            for c in GDELT_COLUMNS
        ]
    else:
        columns = [
            {"name": f.name, "type": f.type, "description": f.description} | ({"format": "%Y-%m-%d"} if f.type == "date" else {})
            for f in fields(table, flat=fmt != "jsonl")
        ]
    described: dict[str, Any] = {
        "name": re.sub(r"[^a-z0-9._-]+", "-", path.name.lower()),
        "path": path.name,
        "profile": "tabular-data-resource",
        "encoding": "utf-8",
        "description": f"dragoman {table} table, {rows} row(s){note}",
        **FORMATS[fmt],
        "schema": {"fields": columns, "missingValues": [""]},
    }
    if fmt != "gdelt":
        described["schema"]["primaryKey"] = ["id"]
    return described


def write_datapackage(out: Path, described: dict[str, Any]) -> Path:
    """Add (or replace) the resource for `out` in the `datapackage.json` beside it; other resources stay."""
    package_path = out.parent / "datapackage.json"
    package: dict[str, Any] = {"profile": "tabular-data-package", "name": "dragoman-export", "resources": []}
    if package_path.exists():
        try:
            package = json.loads(package_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise OutputError(f"{package_path} exists but cannot be read as a data package ({exc}); move it away") from exc
        if not isinstance(package, dict) or not isinstance(package.get("resources"), list):
            raise OutputError(f"{package_path} exists but is not a data package (no 'resources' list); move it away")
    others = [r for r in package["resources"] if not (isinstance(r, dict) and r.get("path") == described["path"])]
    package["resources"] = sorted([*others, described], key=lambda r: str(r.get("path")))
    package_path.write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return package_path
