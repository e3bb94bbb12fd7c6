"""Local backends: in-process, and a process pool where each worker builds the pipeline once and runs all of it."""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import TYPE_CHECKING

from dragoman.config import Config
from dragoman.errors import ProcessingError
from dragoman.records import Article
from dragoman.runner.core import Outcome

if TYPE_CHECKING:
    from dragoman.pipeline import Pipeline


class InlineBackend:
    """Runs the pipeline in this process; built lazily, or given (the explorer keeps one)."""

    def __init__(self, config: Config | None = None, pipeline: Pipeline | None = None) -> None:
        self.config = config
        self._pipeline = pipeline

    @property
    def pipeline(self) -> Pipeline:
        if self._pipeline is None:
            from dragoman.pipeline import build_pipeline

            self._pipeline = build_pipeline(self.config)
        return self._pipeline

    def process(self, articles: Iterable[Article]) -> Iterator[Outcome]:
        for result in self.pipeline.pipe(articles):
            yield Outcome.of(result)


class PoolBackend:
    """`workers` processes, each building the whole pipeline once (in its initializer) and processing chunks of
    `chunk` articles. At most `window` chunks are in flight, so memory stays flat; results come back in input order."""

    def __init__(self, config: Config, workers: int, chunk: int = 4, window: int | None = None) -> None:
        self.config = config.model_copy(update={"n_process": 1})
        self.workers = workers
        self.chunk = chunk
        self.window = window or 3 * workers

    def process(self, articles: Iterable[Article]) -> Iterator[Outcome]:
        iterator = iter(articles)
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(
            self.workers, mp_context=context, initializer=start_worker, initargs=(self.config, os.getpid())
        ) as pool:
            pending: deque[Future[list[Outcome]]] = deque()
            while chunk := list(islice(iterator, self.chunk)):
                pending.append(pool.submit(process_chunk, chunk))
                while len(pending) >= self.window:
                    yield from _outcomes(pending.popleft())
            while pending:
                yield from _outcomes(pending.popleft())


def _outcomes(future: Future[list[Outcome]]) -> list[Outcome]:
    try:
        return future.result()
    except BrokenProcessPool as exc:
        raise ProcessingError(
            "a worker process died (killed, or out of memory); what was stored is kept: rerun the same command to go on"
        ) from exc


_WORKER_PIPELINE: list[Pipeline] = []  # the one pipeline of this worker process (empty in the parent)


def start_worker(config: Config, parent_pid: int) -> None:
    """A pool worker's initializer: die with the parent, then build the pipeline once."""
    from dragoman.pipeline import build_pipeline
    from dragoman.runner.lifeline import die_with_parent

    die_with_parent(parent_pid)
    _WORKER_PIPELINE[:] = [build_pipeline(config)]


def process_chunk(articles: list[Article]) -> list[Outcome]:
    """Run the whole pipeline on a chunk; a failing article becomes a failed result, the chunk goes on."""
    return [Outcome.of(result) for result in _WORKER_PIPELINE[0].pipe(articles)]
