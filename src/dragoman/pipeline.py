"""The public entry point: `build_pipeline(config)` gives a Pipeline with `process` and `pipe`."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc

from dragoman.actors.compiled import compiled_kb
from dragoman.actors.kb import KnowledgeBase
from dragoman.actors.mentions import load_references
from dragoman.actors.resolve import Resolver
from dragoman.config import Config
from dragoman.data.compiled import code_files, compiled, source_files
from dragoman.errors import ArticleTooLargeError, DragomanError, ProcessingError
from dragoman.events.coder import EventCoder
from dragoman.events.lexicon import LEXICON_DIR, load_lexicon
from dragoman.events.model import EventModel
from dragoman.nlp import load_language
from dragoman.ontology import ONTOLOGY_DIR, Ontology, load_ontology
from dragoman.quotes.extractor import QuoteExtractor, quote_extractor
from dragoman.records import ActorInArticle, Article, ArticleResult, Event, Mention, Quote

log = logging.getLogger(__name__)


@dataclass
class Pipeline:
    """Turns articles into events, quotes and actors. Build it with `build_pipeline`."""

    config: Config
    nlp: Language
    kb: KnowledgeBase
    ontology: Ontology
    resolver: Resolver
    coder: EventCoder
    quotes: QuoteExtractor

    def process(self, article: Article) -> ArticleResult:
        """Process one article."""
        return next(iter(self.pipe([article])))

    def pipe(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        """Process articles in batches; a failing article gives a failed result, the rest go on.
        An article above the size limits (`max_chars`, `max_run`) fails at once, without being parsed."""
        iterator = iter(articles)
        while batch := list(islice(iterator, self.config.batch_size)):
            yield from self._batch(batch)

    def _batch(self, batch: list[Article]) -> Iterator[ArticleResult]:
        too_large = {i: error for i, a in enumerate(batch) if (error := size_error(a, self.config)) is not None}
        parse = [a for i, a in enumerate(batch) if i not in too_large]
        docs: list[Doc | str]
        try:
            texts = [a.text for a in parse]
            docs = list(self.nlp.pipe(texts, batch_size=self.config.batch_size))  # parallelism is the runner's (dragoman.runner)
        except Exception as exc:  # a broken text can break the whole spaCy batch: retry one by one
            log.warning("a batch of %d articles failed to parse (%s); parsing them one by one", len(parse), exc)
            docs = [self._parse_one(a) for a in parse]
        parsed = iter(zip(parse, docs, strict=True))
        for i, article in enumerate(batch):
            if i in too_large:
                yield ArticleResult(article, "failed", str(too_large[i]))
            else:
                yield self.analyse(*next(parsed))

    def _parse_one(self, article: Article) -> Doc | str:
        """The parsed text, or why it could not be parsed."""
        try:
            return self.nlp(article.text)
        except Exception as exc:
            log.warning("article %s failed to parse: %s", article.id, exc)
            return f"{type(exc).__name__}: {exc}"

    def analyse(self, article: Article, doc: Doc | str | None) -> ArticleResult:
        """Run the extraction stages on an already parsed document (or record why it could not be parsed)."""
        if not isinstance(doc, Doc):
            why = doc or "unknown cause"
            return ArticleResult(article, "failed", f"[{ProcessingError.code}] the text could not be parsed: {why}")
        try:
            resolution = self.resolver.resolve(doc, article.date)
            mentions = resolution.mentions
            quotes = self.quotes.extract(doc, mentions, article)
            mentions = sorted([*mentions, *speakers_in_their_words(doc, quotes, mentions)], key=lambda m: m.start)
            events = self.coder.code(doc, mentions, article)
            events = [e for e in events if e.confidence >= self.config.min_confidence]
            quotes = link_quotes(quotes, events)
            actors = actors_in_article(article, mentions)
        except DragomanError as exc:
            return ArticleResult(article, "failed", str(exc))
        except Exception as exc:
            log.exception("article %s failed", article.id)
            return ArticleResult(article, "failed", f"[{ProcessingError.code}] {type(exc).__name__}: {exc}")
        return ArticleResult(article, "ok", None, tuple(actors), tuple(events), tuple(quotes), tuple(resolution.places))


def size_error(article: Article, config: Config) -> ArticleTooLargeError | None:
    """Why an article is too large to parse in reasonable time, if it is."""
    if len(article.text) > config.max_chars:
        return ArticleTooLargeError(
            f"the article has {len(article.text):,} characters, above the limit of {config.max_chars:,} "
            "(max_chars; raise it with --max-chars or in the config)"
        )
    longest = longest_run(article.text)
    if longest > config.max_run:
        return ArticleTooLargeError(
            f"the article has a run of {longest:,} characters without whitespace, above the limit of {config.max_run:,} "
            "(max_run; raise it with --max-run or in the config)"
        )
    return None


def longest_run(text: str) -> int:
    """The length of the longest run of characters without whitespace."""
    return max(map(len, text.split()), default=0)


FIRST_PERSON = {"i", "we", "me", "us", "my", "our"}


def speakers_in_their_words(doc: Doc, quotes: list[Quote], mentions: list[Mention]) -> list[Mention]:
    """Inside a direct quote, "we" and "I" are the speaker: "'We will not sit at the table,' a Hamas official
    said" is Hamas's refusal."""
    actors = {m.actor.id: m.actor for m in mentions}
    covered = {i for m in mentions for i in range(m.token_start, m.token_end)}
    found: list[Mention] = []
    for quote in quotes:
        speaker = actors.get(quote.speaker.id) if quote.speaker else None
        span = doc.char_span(quote.start, quote.end, alignment_mode="expand") if quote.kind in ("direct", "mixed") else None
        if speaker is None or span is None:
            continue
        for token in span:
            if token.pos_ == "PRON" and token.lower_ in FIRST_PERSON and token.i not in covered:
                found.append(
                    Mention(
                        token.idx,
                        token.idx + len(token.text),
                        token.text,
                        token.i,
                        token.i + 1,
                        speaker,
                        "speaker:first-person",
                        quote.speaker.confidence if quote.speaker else 1.0,
                    )
                )
    return found


def link_quotes(quotes: list[Quote], events: list[Event]) -> list[Quote]:
    """A quote that reports an act (an appeal, an accusation) links to the events whose trigger it contains,
    or whose trigger is its own cue ("urged", "accused")."""
    linked = []
    for quote in quotes:
        ids = tuple(
            e.id
            for e in events
            if quote.start <= e.trigger_start < quote.end or (quote.cue_start is not None and e.trigger_start == quote.cue_start)
        )
        linked.append(replace(quote, events=ids) if ids else quote)
    return linked


def lookup(pipeline: Pipeline, text: str, day: date | None) -> list[Mention]:
    """Resolve the actors named in a short text, as they would be in an article of that date."""
    doc = pipeline.nlp(text)
    mentions = pipeline.resolver.mentions(doc, day)
    if mentions:
        return mentions
    whole = pipeline.resolver.whole_name(doc, day)
    return [whole] if whole else []


def actors_in_article(article: Article, mentions: list[Mention]) -> list[ActorInArticle]:
    grouped: dict[str, list[Mention]] = {}
    for mention in mentions:
        grouped.setdefault(mention.actor.id, []).append(mention)
    return [
        ActorInArticle(article.id, group[0].actor, tuple(group), group[0].actor.describe_role(article.date))
        for group in grouped.values()
    ]


def build_pipeline(config: Config | None = None) -> Pipeline:
    """Build a pipeline from a validated config (defaults when None)."""
    config = config or Config()
    ontology = load_ontology()
    kb = compiled_kb(config.actor_files)
    refs = load_references()
    lexicon = compiled("lexicon", [*source_files(LEXICON_DIR, ONTOLOGY_DIR), *code_files()], lambda: load_lexicon(ontology))
    return Pipeline(
        config=config,
        nlp=load_language(config.model, config.use_blis),
        kb=kb,
        ontology=ontology,
        resolver=Resolver(kb, refs),
        coder=EventCoder(lexicon, ontology, EventModel.load() if config.learned_typer else None),
        quotes=quote_extractor(config.learned_quotes),
    )
