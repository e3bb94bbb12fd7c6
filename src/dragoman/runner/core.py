"""The run loop shared by every backend: outcomes in, store and output written, progress and summary out."""

from __future__ import annotations

import sys
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from dragoman.config import Config
from dragoman.errors import InputError
from dragoman.io.readers import ReadItem, read_inputs
from dragoman.records import Article, ArticleResult


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one input record: processed (`result`), or already stored (`result` is None).
    `saved` is True when a worker has already written the result to the store itself."""

    article_id: str
    origin: str
    result: ArticleResult | None = None
    saved: bool = False

    @classmethod
    def of(cls, result: ArticleResult, saved: bool = False) -> Outcome:
        return cls(result.article.id, result.article.origin, result, saved)


class ResultStore(Protocol):
    """What the runner needs from a store."""

    def has(self, article_id: str, content_hash: str) -> bool: ...
    def save(self, result: ArticleResult) -> bool: ...
    def records(self, article_id: str) -> list[dict[str, Any]]: ...
    def close(self) -> None: ...


class Output(Protocol):
    """What the runner needs from an output writer (dragoman.io.writers)."""

    def write(self, result: ArticleResult) -> None: ...
    def write_records(self, records: list[dict[str, Any]]) -> None: ...


class Backend(Protocol):
    """Turns articles into outcomes, in any order. Partitioned backends (Dask) also read the inputs themselves."""

    def process(self, articles: Iterable[Article]) -> Iterator[Outcome]: ...


@dataclass
class Summary:
    """Counts of a run, and the first events found, for the closing report."""

    articles: int = 0
    skipped: int = 0
    failed: int = 0
    warnings: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    types: Counter[str] = field(default_factory=Counter)  # PLOVER types
    untyped: Counter[str] = field(default_factory=Counter)  # CAMEO codes of events without a PLOVER type
    lines: list[str] = field(default_factory=list)

    @property
    def processed(self) -> int:
        return self.articles - self.failed - self.skipped

    def add(self, outcome: Outcome) -> None:
        self.articles += 1
        result = outcome.result
        if result is not None:
            self.warnings += len(result.article.warnings)
        if result is None:
            self.skipped += 1
        elif result.status == "failed":
            self.failed += 1
        else:
            self._count(result)

    def _count(self, result: ArticleResult) -> None:
        self.counts.update(events=len(result.events), quotes=len(result.quotes), actors=len(result.actors))
        self.counts.update(negated=sum(e.negated for e in result.events))
        self.types.update(e.plover for e in result.events if e.plover)
        self.untyped.update(e.cameo for e in result.events if not e.plover)
        for event in result.events[: max(0, 40 - len(self.lines))]:
            target = event.target.name if event.target else "-"
            flag = " (negated)" if event.negated else ""
            self.lines.append(
                f"  {event.date or ''!s:10} {event.plover or '':9} {event.cameo:5} {event.source.name} -> {target}{flag}"
            )

    def render(self) -> str:
        head = (
            f"{self.articles} article(s): {self.processed} processed, {self.skipped} already stored, "
            f"{self.failed} failed; {self.counts['events']} events ({self.counts['negated']} of them negated), "
            f"{self.counts['quotes']} quotes, {self.counts['actors']} actor mentions"
            + (f"; {self.warnings} warning(s) (see above)" if self.warnings else "")
        )
        types = ", ".join(f"{k} {v}" for k, v in self.types.most_common())
        if self.untyped:
            untyped = ", ".join(f"{k} {v}" for k, v in self.untyped.most_common())
            types = (f"{types}; " if types else "") + f"CAMEO codes without a PLOVER type: {untyped}"
        return "\n".join([head, f"event types (PLOVER): {types}" if types else "", *self.lines]).rstrip()


OnOutcome = Callable[[Outcome], None]


def run_inputs(
    inputs: Sequence[str],
    config: Config,
    backend: Backend,
    store: ResultStore | None = None,
    output: Output | None = None,
    progress: bool = True,
    on_outcome: OnOutcome | None = None,
    store_url: str | None = None,
) -> Summary:
    """Run INPUTS (paths, or '-') through `backend`. Every input record gets an outcome: failures included."""
    total = count_inputs(inputs, config)
    partitioned = getattr(backend, "process_inputs", None)
    if partitioned is not None and "-" not in inputs:
        outcomes = partitioned(inputs, store_url)
    else:
        outcomes = feed(read_inputs(inputs, config.default_date), backend, store)
    return collect(outcomes, total, store, output, progress, on_outcome)


def run_articles(
    articles: Sequence[Article],
    backend: Backend,
    store: ResultStore | None = None,
    output: Output | None = None,
    progress: bool = False,
    on_outcome: OnOutcome | None = None,
) -> Summary:
    """Run articles already in memory (the explorer's add page)."""
    return collect(feed(articles, backend, store), len(articles), store, output, progress, on_outcome)


def count_inputs(inputs: Sequence[str], config: Config) -> int | None:
    """The number of input records, for the progress bar; None when reading standard input.
    Reading is cheap next to parsing; a missing path fails here, before any work is done."""
    if "-" in inputs:
        return None
    return sum(1 for _ in read_inputs(inputs, config.default_date))


def failed_input(error: InputError) -> Outcome:
    article = Article(id=error.origin, text="", origin=error.origin)
    return Outcome.of(ArticleResult(article, "failed", str(error)))


def feed(items: Iterable[ReadItem], backend: Backend, store: ResultStore | None) -> Iterator[Outcome]:
    """Send the articles not yet stored to the backend; unreadable records and stored ones become outcomes here."""
    side: deque[Outcome] = deque()

    def todo() -> Iterator[Article]:
        for item in items:
            if isinstance(item, InputError):
                side.append(failed_input(item))
            elif store is not None and store.has(item.id, item.content_hash):
                side.append(Outcome(item.id, item.origin))
            else:
                yield item

    for outcome in backend.process(todo()):
        while side:
            yield side.popleft()
        yield outcome
    yield from side


def collect(
    outcomes: Iterable[Outcome],
    total: int | None,
    store: ResultStore | None,
    output: Output | None,
    progress: bool,
    on_outcome: OnOutcome | None,
) -> Summary:
    """Write each outcome (one store transaction per article) as it arrives; count it; show progress and an ETA."""
    from tqdm import tqdm

    summary = Summary()
    with tqdm(total=total, unit="article", file=sys.stderr, disable=None if progress else True, leave=False) as bar:
        for outcome in outcomes:
            write(outcome, store, output)
            summary.add(outcome)
            if on_outcome is not None:
                on_outcome(outcome)
            bar.update(1)
    return summary


def write(outcome: Outcome, store: ResultStore | None, output: Output | None) -> None:
    result = outcome.result
    if result is None:  # already stored: its stored records still go to the output
        if output is not None and store is not None:
            output.write_records(store.records(outcome.article_id))
        return
    if store is not None and result.article.text and not outcome.saved:
        store.save(result)
    if output is not None:
        output.write(result)
