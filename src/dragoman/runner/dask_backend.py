"""The Dask backend: inputs split into partitions (files, and line-aligned byte ranges of large JSONL files) that
workers read themselves; a worker plugin builds one pipeline per worker; results stream back as they finish.

With SQLite the client is the one writer; with PostgreSQL the workers write directly and concurrently.
"""

from __future__ import annotations

import io
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from distributed import Client, LocalCluster, WorkerPlugin, as_completed, get_worker

from dragoman.config import Config
from dragoman.errors import ConfigError, InputError
from dragoman.io.readers import READERS, read_jsonl, read_path
from dragoman.records import Article
from dragoman.runner.core import Outcome, failed_input

if TYPE_CHECKING:
    from dragoman.pipeline import Pipeline

PLUGIN = "dragoman-pipeline"


@dataclass(frozen=True, slots=True)
class Partition:
    """One task's share of the inputs: whole files, or bytes [start, end) of one JSONL file, whose first line
    is line `first_line` of the file (so errors name the right line)."""

    files: tuple[str, ...]
    start: int = 0
    end: int | None = None
    first_line: int = 1


def plan_partitions(inputs: Sequence[str], chunk_bytes: int = 256_000, files_per_task: int = 8) -> list[Partition]:
    """Split the inputs: small files in groups, JSONL files above `chunk_bytes` into line-aligned ranges."""
    partitions: list[Partition] = []
    small: list[str] = []
    for path in expand(inputs):
        if path.suffix.lower() == ".jsonl" and path.stat().st_size > chunk_bytes:
            partitions += jsonl_ranges(path, chunk_bytes)
        else:
            small.append(str(path))
    partitions += [Partition(tuple(small[i : i + files_per_task])) for i in range(0, len(small), files_per_task)]
    return partitions


def expand(inputs: Sequence[str]) -> Iterator[Path]:
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in READERS)
        else:
            yield path


def jsonl_ranges(path: Path, chunk_bytes: int) -> list[Partition]:
    """Cut a JSONL file at line starts about every `chunk_bytes` bytes, counting lines on the way (one pass)."""
    ranges: list[Partition] = []
    start, first_line, position = 0, 1, 0
    with path.open("rb") as stream:
        for number, raw in enumerate(stream, start=1):
            position += len(raw)
            if position - start >= chunk_bytes:
                ranges.append(Partition((str(path),), start, position, first_line))
                start, first_line = position, number + 1
    if position > start:
        ranges.append(Partition((str(path),), start, position, first_line))
    return ranges


def read_partition(partition: Partition, default_date: date | None) -> Iterator[Article | InputError]:
    """What a worker reads: the partition's files, or its byte range of one JSONL file."""
    if partition.end is None:
        for path in partition.files:
            yield from read_path(path, default_date)
        return
    path = partition.files[0]
    with open(path, "rb") as stream:
        stream.seek(partition.start)
        data = stream.read(partition.end - partition.start)
    reader: Callable[..., Iterator[Article | InputError]] = read_jsonl  # registered as a plain Reader
    yield from reader(io.BytesIO(data), path, default_date, first_line=partition.first_line)


class PipelinePlugin(WorkerPlugin):
    """Builds one pipeline per worker, when the worker starts (a Dask worker plugin)."""

    name = PLUGIN

    def __init__(self, config: Config, store_url: str | None, writes: bool, parent_pid: int | None) -> None:
        self.config = config
        self.store_url = store_url
        self.writes = writes  # the worker writes to the store itself (PostgreSQL)
        self.parent_pid = parent_pid  # a local cluster's workers die with the client process
        self.pipeline: Pipeline | None = None

    def setup(self, worker: Any) -> None:
        from dragoman.pipeline import build_pipeline

        if self.parent_pid is not None and os.getppid() == self.parent_pid:
            from dragoman.runner.lifeline import die_with_parent

            die_with_parent(self.parent_pid)
        # a worker keeps the pipelines it built, so the next run on a running cluster starts at once
        built: dict[str, Pipeline] = worker.__dict__.setdefault("dragoman_pipelines", {})
        key = self.config.model_dump_json()
        if key not in built:
            built[key] = build_pipeline(self.config)
        self.pipeline = built[key]


def run_partition(partition: Partition) -> list[Outcome]:
    """A Dask task: read the partition, skip what is stored, run the pipeline on the rest; never raises for a
    bad record (it becomes a failed outcome)."""
    plugin: PipelinePlugin = get_worker().plugins[PLUGIN]  # type: ignore[assignment]
    assert plugin.pipeline is not None
    store = open_worker_store(plugin.store_url, plugin.writes)
    outcomes: list[Outcome] = []
    todo: list[Article] = []
    try:
        for item in read_partition(partition, plugin.config.default_date):
            if isinstance(item, InputError):
                outcomes.append(failed_input(item))
            elif store is not None and store.has(item.id, item.content_hash):
                outcomes.append(Outcome(item.id, item.origin))
            else:
                todo.append(item)
        for result in plugin.pipeline.pipe(todo):
            saved = plugin.writes and store is not None and bool(result.article.text)
            if saved:
                store.save(result)  # type: ignore[union-attr]
            outcomes.append(Outcome.of(result, saved=saved))
    finally:
        if store is not None:
            store.close()
    return outcomes


def open_worker_store(url: str | None, writes: bool) -> Any:
    """The store as a worker sees it: PostgreSQL read and written directly; a SQLite file only read, to skip
    stored articles (the client writes). A SQLite file the worker cannot see means no skipping here: the
    client still never stores an article twice."""
    from dragoman.store import open_store

    if url is None:
        return None
    if writes:
        return open_store(url)
    if not Path(url).exists():
        return None
    return open_store(url, migrate=False, create=False)  # only read: has()


class DaskBackend:
    """`address` is `local:N` (a LocalCluster of N single-threaded worker processes on 127.0.0.1) or the address of
    a running scheduler (`tcp://HOST:8786`). At most `window` tasks are in flight; results arrive as they finish."""

    def __init__(self, config: Config, address: str, chunk_bytes: int = 256_000, window: int | None = None) -> None:
        self.config = config.model_copy(update={"n_process": 1})
        self.address = address
        self.chunk_bytes = chunk_bytes
        self.window = window

    def process_inputs(self, inputs: Sequence[str], store_url: str | None) -> Iterator[Outcome]:
        writes = bool(store_url) and str(store_url).startswith(("postgresql", "postgres"))
        with self._client() as client:
            workers = max(1, len(client.scheduler_info()["workers"]))
            chunk_bytes, files_per_task = self.partition_sizes(inputs, workers)
            partitions = plan_partitions(inputs, chunk_bytes, files_per_task)
            yield from self._stream(client, partitions, store_url, writes)

    def partition_sizes(self, inputs: Sequence[str], workers: int) -> tuple[int, int]:
        """Partitions of at most `chunk_bytes`, and small enough that a small input still gives every worker
        about four tasks (a run of a few articles is spread over the cluster too)."""
        files = list(expand(inputs))
        total = sum(f.stat().st_size for f in files if f.is_file())
        share = 4 * workers
        return max(1, min(self.chunk_bytes, total // share)), max(1, min(8, len(files) // share))

    def process(self, articles: Iterable[Article]) -> Iterator[Outcome]:
        """Articles already in memory (standard input, the explorer): sent to the workers in chunks."""
        iterator = iter(articles)
        with self._client() as client:
            yield from self._stream(client, iter(lambda: list(islice(iterator, 8)), []), None, False)

    def _stream(self, client: Client, tasks: Iterable[Any], store_url: str | None, writes: bool) -> Iterator[Outcome]:
        local = self.address.startswith("local:")
        client.register_plugin(PipelinePlugin(self.config, store_url, writes, os.getpid() if local else None))
        window = self.window or 4 * max(1, len(client.scheduler_info()["workers"]))
        pending = iter(tasks)
        running = as_completed([client.submit(_task, t, pure=False) for t in islice(pending, window)])
        for future in running:
            outcomes = future.result()
            future.release()
            following = next(pending, None)
            if following is not None:
                running.add(client.submit(_task, following, pure=False))
            yield from outcomes

    @contextmanager
    def _client(self) -> Iterator[Client]:
        if not self.address.startswith("local:"):
            with Client(self.address) as client:
                yield client
            return
        count = self.address.removeprefix("local:")
        if not count.isdigit() or int(count) < 1:
            raise ConfigError(f"--dask {self.address!r}: use local:N with N >= 1 workers, or tcp://HOST:PORT")
        with (
            LocalCluster(
                n_workers=int(count),
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address="127.0.0.1:0",  # a free local port: never the network, never a clash
                silence_logs=logging.ERROR,
            ) as cluster,
            Client(cluster) as client,
        ):
            yield client


def _task(task: Partition | list[Article]) -> list[Outcome]:
    if isinstance(task, Partition):
        return run_partition(task)
    plugin: PipelinePlugin = get_worker().plugins[PLUGIN]  # type: ignore[assignment]
    assert plugin.pipeline is not None
    return [Outcome.of(result) for result in plugin.pipeline.pipe(task)]
