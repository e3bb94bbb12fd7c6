"""Writers for `dragoman extract`: JSON lines, or CSV (one table per record type)."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any, Protocol, TextIO

from dragoman.errors import OutputError
from dragoman.io.records_out import result_dicts
from dragoman.normalise import spreadsheet_safe
from dragoman.records import ArticleResult


class Writer(Protocol):
    def write(self, result: ArticleResult) -> None: ...
    def write_records(self, records: list[dict[str, Any]]) -> None: ...
    def close(self) -> None: ...


# A factory takes the output path and keyword options (csv_protect: prefix formula-like CSV cells with ').
WriterFactory = Callable[..., Writer]
WRITERS: dict[str, WriterFactory] = {}


def register_writer(name: str) -> Callable[[WriterFactory], WriterFactory]:
    def wrap(factory: WriterFactory) -> WriterFactory:
        WRITERS[name] = factory
        return factory

    return wrap


def _open(path: str, stack: ExitStack) -> TextIO:
    if path == "-":
        return sys.stdout
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        return stack.enter_context(open(path, "w", encoding="utf-8", newline=""))
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc}") from exc


class JsonlWriter:
    def __init__(self, path: str, **options: object) -> None:
        self._stack = ExitStack()
        self._stream = _open(path, self._stack)

    def write(self, result: ArticleResult) -> None:
        self.write_records(result_dicts(result))

    def write_records(self, records: list[dict[str, Any]]) -> None:
        """Write records already made into dicts (an article read back from the store)."""
        for record in records:
            self._stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        self._stream.flush()

    def close(self) -> None:
        self._stack.close()


def flatten(record: dict[str, Any]) -> dict[str, Any]:
    """Nested refs become prefixed columns (source_id, source_name, ...); lists become JSON."""
    flat: dict[str, Any] = {}
    for key, value in record.items():
        if isinstance(value, dict):
            for inner, inner_value in value.items():
                flat[f"{key}_{inner}"] = inner_value
        elif isinstance(value, list):
            flat[key] = json.dumps(value, ensure_ascii=False)
        else:
            flat[key] = value
    return flat


class CsvWriter:
    """To a directory: articles.csv, actors.csv, events.csv, quotes.csv. To a file or '-': events only.
    With `csv_protect` (the default) a cell a spreadsheet would run as a formula starts with ' (see
    `dragoman.normalise.spreadsheet_safe`)."""

    REF_FIELDS = ("text", "start", "end", "id", "name", "country", "sector", "confidence")

    def __init__(self, path: str, csv_protect: bool = True, **options: object) -> None:
        self._protect = csv_protect
        self._stack = ExitStack()
        self._writers: dict[str, csv.DictWriter[str]] = {}
        self._to_dir = path != "-" and (path.endswith("/") or Path(path).is_dir())
        self._path = path

    def _writer_for(self, kind: str, record: dict[str, Any]) -> csv.DictWriter[str] | None:
        if not self._to_dir and kind != "event":
            return None
        if kind not in self._writers:
            target = str(Path(self._path) / f"{kind}s.csv") if self._to_dir else self._path
            stream = _open(target, self._stack)
            writer = csv.DictWriter(stream, fieldnames=list(record), extrasaction="ignore")
            writer.writeheader()
            self._writers[kind] = writer
        return self._writers[kind]

    def write(self, result: ArticleResult) -> None:
        self.write_records(result_dicts(result))

    def write_records(self, records: list[dict[str, Any]]) -> None:
        for record in records:
            flat = flatten(_with_empty_refs(record))
            writer = self._writer_for(record["type"], flat)
            if writer is not None:
                writer.writerow({k: spreadsheet_safe(v) for k, v in flat.items()} if self._protect else flat)

    def close(self) -> None:
        self._stack.close()


def _with_empty_refs(record: dict[str, Any]) -> dict[str, Any]:
    """Null refs still get their columns, so every row of a table has the same header."""
    return {
        k: (
            {f: None for f in CsvWriter.REF_FIELDS}
            if v is None and k in ("target", "reported_by", "location", "via", "speaker")
            else v
        )
        for k, v in record.items()
    }


register_writer("jsonl")(JsonlWriter)
register_writer("csv")(CsvWriter)


def open_writer(fmt: str, path: str, **options: object) -> Writer:
    factory = WRITERS.get(fmt)
    if factory is None:
        raise OutputError(f"unknown format {fmt!r}: choose one of {', '.join(sorted(WRITERS))}")
    return factory(path, **options)
