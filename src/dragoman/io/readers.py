"""Read articles from .txt, .jsonl and .csv files, directories and standard input.

Readers yield `Article` records, or `InputError` values for records that cannot be read,
so that one bad record never stops a batch: the caller decides what to do with each error.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, TextIO, TypeVar

from dragoman.errors import InputError, InputNotFoundError
from dragoman.records import Article

T = TypeVar("T")
ReadItem = Article | InputError
Reader = Callable[[TextIO, str, date | None], Iterator[ReadItem]]

KNOWN_FIELDS = ("id", "text", "date", "title", "source", "url")
READERS: dict[str, Reader] = {}


def register_reader(suffix: str) -> Callable[[Reader], Reader]:
    """Register a reader for a file suffix (new formats plug in here)."""

    def wrap(fn: Reader) -> Reader:
        READERS[suffix] = fn
        return fn

    return wrap


def parse_date(value: object, origin: str) -> date | None:
    """Parse YYYY-MM-DD (a longer ISO timestamp is cut to its date)."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise InputError(origin, f"field 'date': {text!r} is not a YYYY-MM-DD date") from None


def article_from_record(record: dict[str, Any], origin: str, default_date: date | None) -> Article:
    """Validate one jsonl/csv record into an Article."""
    if not isinstance(record, dict):
        raise InputError(origin, "a record must be an object with fields 'id' and 'text'")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(origin, "field 'text' is missing or empty")
    ident = record.get("id")
    if ident is None or str(ident).strip() == "":
        raise InputError(origin, "field 'id' is missing or empty")
    day = parse_date(record.get("date"), origin) or default_date
    extra = {k: v for k, v in record.items() if k not in KNOWN_FIELDS}
    return Article(
        id=str(ident).strip(),
        text=text,
        date=day,
        title=_optional_str(record.get("title")),
        source=_optional_str(record.get("source")),
        url=_optional_str(record.get("url")),
        metadata=extra,
        origin=origin,
    )


def read_labelled(path: Path, build: Callable[[dict[str, Any], int], T], what: str) -> list[T]:
    """Read a labelled JSON-lines set (gold events, mention cases, quote cases): one `build(record, line)`
    per line; a bad line raises InputError naming the file and line."""
    items: list[T] = []
    with path.open(encoding="utf-8") as stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                items.append(build(json.loads(line), number))
            except (KeyError, ValueError, TypeError, AttributeError) as exc:
                raise InputError(f"{path}:{number}", f"invalid {what}: {exc}") from exc
    return items


def record_date(raw: dict[str, Any]) -> date | None:
    return date.fromisoformat(raw["date"]) if raw.get("date") else None


def _optional_str(value: object) -> str | None:
    return None if value is None or value == "" else str(value)


@register_reader(".txt")
def read_txt(stream: TextIO, name: str, default_date: date | None) -> Iterator[ReadItem]:
    text = stream.read()
    stem = Path(name).stem
    if not text.strip():
        yield InputError(name, "the file is empty")
        return
    yield Article(id=stem, text=text, date=default_date, origin=name)


@register_reader(".jsonl")
def read_jsonl(stream: TextIO, name: str, default_date: date | None, first_line: int = 1) -> Iterator[ReadItem]:
    """One article per line; `first_line` numbers the lines of a part of a file (a Dask partition)."""
    for number, line in enumerate(stream, start=first_line):
        if not line.strip():
            continue
        origin = f"{name}:{number}"
        try:
            yield article_from_record(json.loads(line), origin, default_date)
        except json.JSONDecodeError as exc:
            yield InputError(origin, f"invalid JSON: {exc.msg} at column {exc.colno}")
        except InputError as exc:
            yield exc


@register_reader(".csv")
def read_csv(stream: TextIO, name: str, default_date: date | None) -> Iterator[ReadItem]:
    csv.field_size_limit(sys.maxsize)
    reader = csv.DictReader(stream)
    if reader.fieldnames is None or "text" not in reader.fieldnames:
        yield InputError(f"{name}:1", "the CSV header has no 'text' column")
        return
    for row in reader:
        origin = f"{name}:{reader.line_num}"
        record: dict[str, Any] = dict(row)
        if not record.get("id"):
            record["id"] = f"{Path(name).stem}-{reader.line_num}"
        try:
            yield article_from_record(record, origin, default_date)
        except InputError as exc:
            yield exc


def _sniff_stdin(text: str) -> str:
    stripped = text.lstrip()
    if stripped.startswith("{"):
        return ".jsonl"
    return ".txt"


def read_path(path: str, default_date: date | None = None) -> Iterator[ReadItem]:
    """Read one input path: a file, a directory (recursively) or '-' for stdin."""
    if path == "-":
        data = sys.stdin.read()
        reader = READERS[_sniff_stdin(data)]
        yield from reader(io.StringIO(data), "<stdin>", default_date)
        return
    target = Path(path)
    if not target.exists():
        raise InputNotFoundError(f"input not found: {path}")
    if target.is_dir():
        for child in sorted(p for p in target.rglob("*") if p.is_file() and p.suffix.lower() in READERS):
            yield from _read_file(child, default_date)
        return
    yield from _read_file(target, default_date)


def _read_file(path: Path, default_date: date | None) -> Iterator[ReadItem]:
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        yield InputError(str(path), f"unsupported file type {path.suffix!r}: use .txt, .jsonl or .csv")
        return
    try:
        with path.open(encoding="utf-8", newline="") as stream:
            yield from reader(stream, str(path), default_date)
    except UnicodeDecodeError as exc:
        yield InputError(str(path), f"not valid UTF-8 text (byte {exc.start})")


def read_upload(data: bytes, name: str, default_date: date | None = None) -> Iterator[ReadItem]:
    """Read an uploaded file's bytes with the reader for its suffix: the same records and the same
    messages as the CLI gives for a file of that name (invalid UTF-8 is rejected, never replaced)."""
    reader = READERS.get(Path(name).suffix.lower())
    if reader is None:
        yield InputError(name, f"unsupported file type {Path(name).suffix!r}: use .txt, .jsonl or .csv")
        return
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        yield InputError(name, f"not valid UTF-8 text (byte {exc.start})")
        return
    yield from reader(io.StringIO(text, newline=""), name, default_date)


def read_inputs(paths: Iterable[str], default_date: date | None = None) -> Iterator[ReadItem]:
    """Read every input in order."""
    for path in paths:
        yield from read_path(path, default_date)
