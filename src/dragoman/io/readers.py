"""Read articles from .txt, .jsonl and .csv files, directories and standard input.

Readers yield `Article` records, or `InputError` values for records that cannot be read,
so that one bad record never stops a batch: the caller decides what to do with each error.
Input is read as bytes and normalised here (see `dragoman.normalise`): bytes that are not UTF-8,
lone surrogates and NUL characters become U+FFFD and are reported in the article's `warnings`;
a byte-order mark is dropped.
"""

from __future__ import annotations

import csv
import io
import json
import math
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any, TypeVar

from dragoman.errors import DuplicateArticleError, InputError, InputNotFoundError
from dragoman.normalise import decode, repair_bytes
from dragoman.records import Article

T = TypeVar("T")
ReadItem = Article | InputError
Reader = Callable[[IO[bytes], str, date | None], Iterator[ReadItem]]

KNOWN_FIELDS = ("id", "text", "date", "title", "source", "url")
READERS: dict[str, Reader] = {}


def register_reader(suffix: str) -> Callable[[Reader], Reader]:
    """Register a reader for a file suffix (new formats plug in here). A reader takes a binary stream."""

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


def json_type(value: object) -> str:
    """How a JSON value reads to the person who wrote it."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, int | float):
        return "a number"
    return {dict: "an object", list: "a list", type(None): "null"}.get(type(value), type(value).__name__)


def article_from_record(record: dict[str, Any], origin: str, default_date: date | None, warnings: Iterable[str] = ()) -> Article:
    """Validate one jsonl/csv record into an Article."""
    if not isinstance(record, dict):
        raise InputError(origin, f"a record must be an object with fields 'id' and 'text', not {json_type(record)}")
    text = record.get("text")
    if text is None:
        raise InputError(origin, "field 'text' is missing")
    if not isinstance(text, str):
        raise InputError(origin, f"field 'text' must be a string, not {json_type(text)}")
    if not text.strip():
        raise InputError(origin, "field 'text' is empty")
    ident = record.get("id")
    if ident is None or str(ident).strip() == "":
        raise InputError(origin, "field 'id' is missing or empty")
    if not isinstance(ident, str | int) or isinstance(ident, bool):
        raise InputError(origin, f"field 'id' must be a string or a whole number, not {json_type(ident)}")
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
        warnings=tuple(warnings),
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
def read_txt(stream: IO[bytes], name: str, default_date: date | None) -> Iterator[ReadItem]:
    text, warnings = repair_bytes(decode(stream.read()), "field 'text'")
    if not text.strip():
        yield InputError(name, "the file is empty")
        return
    yield Article(id=Path(name).stem, text=text, date=default_date, origin=name, warnings=tuple(warnings))


def _finite_json(line: str) -> tuple[Any, list[str]]:
    """Parse one JSON line; NaN and Infinity (not JSON, but Python writes them) are read as null, with a warning."""
    found: list[str] = []

    def non_finite(name: str) -> None:
        found.append(name)

    value = json.loads(line, parse_constant=non_finite)
    warnings = [f"{', '.join(sorted(set(found)))} is not valid JSON: read as null"] if found else []
    return value, warnings


@register_reader(".jsonl")
def read_jsonl(stream: IO[bytes], name: str, default_date: date | None, first_line: int = 1) -> Iterator[ReadItem]:
    """One article per line; `first_line` numbers the lines of a part of a file (a Dask partition)."""
    for number, raw in enumerate(stream, start=first_line):
        line, warnings = repair_bytes(decode(raw), "the line")
        if not line.strip():
            continue
        origin = f"{name}:{number}"
        try:
            record, more = _finite_json(line)
            yield article_from_record(record, origin, default_date, [*warnings, *more])
        except json.JSONDecodeError as exc:
            message = exc.msg.removesuffix(" at")  # "Invalid control character at"
            yield InputError(origin, f"invalid JSON: {message} (column {exc.colno})")
        except InputError as exc:
            yield exc


@register_reader(".csv")
def read_csv(stream: IO[bytes], name: str, default_date: date | None) -> Iterator[ReadItem]:
    """A header row with a 'text' column, then one article per row. A quote that is never closed, or closed in
    the middle of a field, is reported with the lines it swallowed (strict parsing), never merged silently."""
    csv.field_size_limit(sys.maxsize)
    text_stream = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
    reader = csv.reader(text_stream, strict=True)
    header = _csv_header(reader, name)
    if isinstance(header, InputError):
        yield header
        return
    while True:
        first = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            lines = f"lines {first}-{reader.line_num}"
            yield InputError(f"{name}:{first}", f"malformed CSV ({exc}): {lines} were not read; is a quote left open?")
            continue
        if row:
            yield _csv_article(header, row, f"{name}:{first}", first, name, default_date)


def _csv_header(reader: Any, name: str) -> list[str] | InputError:
    try:
        header = next(reader, None)
    except csv.Error as exc:
        return InputError(f"{name}:1", f"malformed CSV header ({exc})")
    if not header or "text" not in [h.strip() for h in header]:
        return InputError(f"{name}:1", "the CSV header has no 'text' column")
    return [repair_bytes(h.strip(), "the header")[0] for h in header]


def _csv_article(header: list[str], row: list[str], origin: str, line: int, name: str, default_date: date | None) -> ReadItem:
    if len(row) != len(header):
        return InputError(origin, f"the row has {len(row)} fields but the header has {len(header)}")
    record: dict[str, Any] = {}
    warnings: list[str] = []
    for key, value in zip(header, row, strict=True):
        record[key], found = repair_bytes(value, f"field '{key}'")
        warnings += found
    if not record.get("id"):
        record["id"] = f"{Path(name).stem}-{line}"
    try:
        return article_from_record(record, origin, default_date, warnings)
    except InputError as exc:
        return exc


def _sniff(data: bytes) -> str:
    return ".jsonl" if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") else ".txt"


def _stdin_bytes() -> bytes:
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is not None:
        return bytes(buffer.read())
    return sys.stdin.read().encode("utf-8", errors="surrogateescape")


def check_paths(paths: Iterable[str]) -> None:
    """Raise InputNotFoundError naming every input path that does not exist, before anything is read."""
    missing = [p for p in paths if p != "-" and not Path(p).exists()]
    if missing:
        raise InputNotFoundError(f"input not found: {', '.join(missing)}")


def read_path(path: str, default_date: date | None = None) -> Iterator[ReadItem]:
    """Read one input path: a file, a directory (recursively) or '-' for stdin."""
    if path == "-":
        data = _stdin_bytes()
        yield from READERS[_sniff(data)](io.BytesIO(data), "<stdin>", default_date)
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
        with path.open("rb") as stream:
            yield from reader(stream, str(path), default_date)
    except OSError as exc:
        yield InputError(str(path), f"cannot read the file: {exc.strerror or exc}")


def read_upload(data: bytes, name: str, default_date: date | None = None) -> Iterator[ReadItem]:
    """Read an uploaded file's bytes with the reader for its suffix: the same records, repairs, warnings
    and messages as the CLI gives for a file of that name."""
    reader = READERS.get(Path(name).suffix.lower())
    if reader is None:
        yield InputError(name, f"unsupported file type {Path(name).suffix!r}: use .txt, .jsonl or .csv")
        return
    yield from _unique(reader(io.BytesIO(data), name, default_date))


def read_inputs(paths: Iterable[str], default_date: date | None = None) -> Iterator[ReadItem]:
    """Read every input in order. Every path is checked first (InputNotFoundError names the missing ones),
    and an article id read twice is an error naming both places: the first one read is kept."""
    paths = list(paths)
    check_paths(paths)
    return _unique(item for path in paths for item in read_path(path, default_date))


def _unique(items: Iterator[ReadItem]) -> Iterator[ReadItem]:
    seen: dict[str, str] = {}
    for item in items:
        if isinstance(item, Article):
            first = seen.setdefault(item.id, item.origin)
            if first != item.origin:
                yield DuplicateArticleError(item.origin, item.id, first)
                continue
        yield item
