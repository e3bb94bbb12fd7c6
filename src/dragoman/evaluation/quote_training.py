"""Training the quote models (quotes/learned.py) on PolNeAR's train split.

Sits above the pipeline: it parses the articles, runs the rule extractor to get its proposals, labels them
against the gold attributions and fits the speaker and accept models (scikit-learn logistic regression;
the weights are exported as plain arrays). Run it with

    .venv/bin/python scripts/train_quotes.py [--train DIR] [--cache DIR] [--held-out] [--dry-run]

The dev split (polnear_dev) is never read here: benchmarks/quotes.py scores it.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Doc, DocBin

from dragoman.evaluation.polnear import PolnearScore, Predicted, quoted, read_polnear, score
from dragoman.events.lexicon import load_lexicon
from dragoman.ontology import load_ontology
from dragoman.pipeline import Pipeline
from dragoman.quotes.extractor import Proposal, QuoteCues, QuoteExtractor
from dragoman.quotes.learned import CueStats, LinearModel, QuoteModels, feature_spec
from dragoman.records import Article, Mention

SEED = 13
FOLDS = 5
MIN_FEATURE_COUNT = 2
C = 0.5  # inverse L2 strength of both models
PROPOSE_MIN_CUES = 5  # a learned verb proposes quotes when it is a cue this often in train ...
PROPOSE_MIN_RATE = 0.1  # ... and at least this share of its uses
PRECISION_FLOOR = 0.90  # the accept threshold keeps as many attributions as it can above this (out of fold)
LEXICON_MIN_CUES = 2
MIN_GROUP = 100  # proposals of one rule needed to trust it
TRUSTED_PRECISION = 0.95  # a rule this precise on its own (out of fold) bypasses the filter
MATERIAL_ROOTS = {"06", "07", "15", "16", "17", "18", "19", "20"}
Log = Callable[[str], None]


@dataclass(frozen=True)
class Parsed:
    name: str
    doc: Doc
    mentions: list[Mention]
    gold: list[dict[str, Any]]


def load(pipeline: Pipeline, folder: Path, cache: Path | None = None) -> list[Parsed]:
    """Parse a PolNeAR split and find its mentions; `cache` keeps the parses (a spaCy DocBin) for reruns."""
    articles = read_polnear(folder)
    cached = cache / f"{folder.name}.spacy" if cache else None
    if cached is not None and cached.exists():
        docs = list(DocBin().from_disk(cached).get_docs(pipeline.nlp.vocab))
    else:
        docs = list(pipeline.nlp.pipe([a.text for a in articles], batch_size=16))
        if cached is not None:
            parses = DocBin(store_user_data=True)
            for doc in docs:
                parses.add(doc)
            parses.to_disk(cached)
    return [Parsed(a.name, d, pipeline.resolver.mentions(d, None), list(a.quotes)) for a, d in zip(articles, docs, strict=True)]


# ---- the cue lexicon -------------------------------------------------------------------------------
def count_cues(parsed: Sequence[Parsed]) -> CueStats:
    cues: dict[str, Counter[str]] = {"VERB": Counter(), "NOUN": Counter()}
    seen: dict[str, Counter[str]] = {"VERB": Counter(), "NOUN": Counter()}
    for item in parsed:
        for token in item.doc:
            if token.pos_ in seen:
                seen[token.pos_][token.lemma_.lower()] += 1
        for quote in item.gold:
            span = item.doc.char_span(quote["cue"]["start"], quote["cue"]["end"], alignment_mode="expand")
            if span is not None and len(span) and span.root.pos_ in cues:
                cues[span.root.pos_][span.root.lemma_.lower()] += 1
    tables = [
        {
            w: (n, max(n, seen[pos][w]))
            for w, n in sorted(cues[pos].items(), key=lambda kv: (-kv[1], kv[0]))
            if n >= LEXICON_MIN_CUES
        }
        for pos in ("VERB", "NOUN")
    ]
    return CueStats(tables[0], tables[1])


def write_lexicon(stats: CueStats, path: Path, articles: int) -> None:
    lines = [
        "# Quote cues learned from PolNeAR's train split by scripts/train_quotes.py: do not edit by hand.",
        f"# {articles} articles. lemma: [times the head of a gold cue span, times seen with that part of speech]",
        f"# Seed {SEED}; lemmas that head a cue at least {LEXICON_MIN_CUES} times.",
    ]
    for name, table in (("verbs", stats.verbs), ("nouns", stats.nouns)):
        lines.append(f"{name}:")
        lines += [f"  {json.dumps(w)}: [{c}, {n}]" for w, (c, n) in table.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def material_verbs() -> frozenset[str]:
    """Verbs the event lexicon codes as material acts (CAMEO roots 06, 07 and 15-20: cooperation, aid,
    force, coercion, assault, fighting): in election news "attacked" and "hit" are speech, in news of wars
    they are not, so they never propose a quote."""
    lexicon = load_lexicon(load_ontology())
    return frozenset(lemma for lemma, entries in lexicon.verbs.items() if any(e.code[:2] in MATERIAL_ROOTS for e in entries))


# ---- labels -------------------------------------------------------------------------------------------
def _overlaps(a: tuple[int, int], b: dict[str, Any]) -> bool:
    return a[0] < b["end"] and b["start"] < a[1]


def matching_gold(content: tuple[int, int], gold: list[dict[str, Any]]) -> list[int]:
    return [i for i, g in enumerate(gold) if any(_overlaps(content, c) for c in g["contents"])]


def right_speaker(span: tuple[int, int] | None, gold: dict[str, Any]) -> bool:
    return span is not None and any(_overlaps(span, s) for s in gold["sources"])


def trace(extractor: QuoteExtractor, item: Parsed) -> list[Proposal]:
    found: list[Proposal] = []
    extractor.extract(item.doc, item.mentions, Article(id=item.name, text=item.doc.text), trace=found)
    return found


# ---- fitting -----------------------------------------------------------------------------------------
def fit(rows: Sequence[Sequence[str]], labels: Sequence[int]) -> LinearModel:
    from sklearn.linear_model import LogisticRegression

    counts = Counter(f for row in rows for f in set(row))
    names = sorted(f for f, n in counts.items() if n >= MIN_FEATURE_COUNT and f != "bias")
    vocabulary = {f: i for i, f in enumerate(names)}
    matrix = _design(rows, vocabulary)
    model = LogisticRegression(C=C, solver="liblinear", random_state=SEED, max_iter=1000)
    model.fit(matrix, np.asarray(labels))
    return LinearModel(vocabulary, model.coef_[0].astype(np.float64), float(model.intercept_[0]))


def _design(rows: Sequence[Sequence[str]], vocabulary: dict[str, int]):  # type: ignore[no-untyped-def]
    from scipy.sparse import csr_matrix

    indices, indptr = [], [0]
    for row in rows:
        indices += sorted({vocabulary[f] for f in row if f in vocabulary})
        indptr.append(len(indices))
    return csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(rows), len(vocabulary)))


def folds(n: int) -> list[int]:
    order = np.random.default_rng(SEED).permutation(n)
    fold = [0] * n
    for rank, i in enumerate(order):
        fold[int(i)] = rank % FOLDS
    return fold


# ---- the two passes -----------------------------------------------------------------------------
def speaker_examples(proposals: list[Proposal], gold: list[dict[str, Any]]) -> tuple[list[tuple[str, ...]], list[int]]:
    rows: list[tuple[str, ...]] = []
    labels: list[int] = []
    for p in proposals:
        matched = [gold[i] for i in matching_gold((p.start, p.end), gold)]
        marks = [any(right_speaker(span, g) for g in matched) for span, _ in p.candidates]
        if not any(marks):
            continue  # no candidate is right: nothing to rank
        for (_, features), mark in zip(p.candidates, marks, strict=True):
            rows.append(features)
            labels.append(int(mark))
    return rows, labels


def accept_examples(proposals: list[Proposal], gold: list[dict[str, Any]]) -> list[tuple[tuple[str, ...], int, frozenset[int]]]:
    out = []
    for p in proposals:
        hits = frozenset(i for i in matching_gold((p.start, p.end), gold) if right_speaker(p.speaker, gold[i]))
        out.append((p.accept, int(bool(hits)), hits))
    return out


def choose_two_thresholds(
    scored: list[tuple[float, int, frozenset[tuple[int, int]]]],
    always: list[bool],
    marked: list[bool],
    total_gold: int,
    quoted_gold: frozenset[tuple[int, int]],
) -> tuple[float, float]:
    """Thresholds for proposals without and with quotation marks that keep as many attributions, quoted ones
    counted twice (they are scored on their own), as they can with out-of-fold precision above the floor."""
    best = (-1.0, 0.5, 0.5)
    for low in range(5, 96, 5):
        for high in range(5, 96, 5):
            kept = [s for s, a, m in zip(scored, always, marked, strict=True) if a or s[0] >= (high if m else low) / 100]
            if not kept or sum(s[1] for s in kept) / len(kept) < PRECISION_FLOOR:
                continue
            found = frozenset().union(*(s[2] for s in kept))
            value = len(found) / total_gold + len(found & quoted_gold) / len(quoted_gold)
            if value > best[0]:
                best = (value, low / 100, high / 100)
    return best[1], best[2]


def choose_threshold(
    scored: list[tuple[float, int, frozenset[tuple[int, int]]]], total_gold: int, always: list[bool] | None = None
) -> tuple[float, float, float]:
    """The lowest threshold whose out-of-fold precision stays above the floor: (threshold, precision, recall).
    Proposals marked in `always` are kept whatever their score."""
    best = (0.5, 0.0, 0.0)
    always = always or [False] * len(scored)
    for step in range(5, 96):
        t = step / 100
        kept = [s for s, keep in zip(scored, always, strict=True) if keep or s[0] >= t]
        if not kept:
            break
        precision = sum(s[1] for s in kept) / len(kept)
        recall = len(frozenset().union(*(s[2] for s in kept))) / total_gold
        if precision >= PRECISION_FLOOR:
            return t, precision, recall
        best = (t, precision, recall)
    return best


# ---- training -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Trained:
    stats: CueStats
    models: QuoteModels


def train_models(parsed: Sequence[Parsed], cues: QuoteCues, log: Log = print) -> Trained:
    """The cue counts, then the speaker model on the rules' proposals, then the accept model (threshold
    chosen out of fold) on the proposals with the speaker model choosing."""
    stats = count_cues(parsed)
    propose = stats.proposing_verbs(PROPOSE_MIN_CUES, PROPOSE_MIN_RATE) - material_verbs()
    log(f"cue lexicon: {len(stats.verbs)} verbs, {len(stats.nouns)} nouns; {len(propose)} verbs propose quotes")
    rules = QuoteExtractor(cues, None, stats, propose)
    rows: list[tuple[str, ...]] = []
    labels: list[int] = []
    for item in parsed:
        r, y = speaker_examples(trace(rules, item), item.gold)
        rows += r
        labels += y
    fitted = fit(rows, labels)
    speaker = LinearModel(fitted.vocabulary, fitted.weights, fitted.bias, 0.0)
    log(f"speaker model: {len(rows)} candidates, {sum(labels)} right, {len(speaker.vocabulary)} features")

    chooser = QuoteExtractor(cues, QuoteModels(KEEP_ALL, speaker, feature_spec(), propose), stats)
    examples = [(n, e) for n, item in enumerate(parsed) for e in accept_examples(trace(chooser, item), item.gold)]
    total_gold = sum(len(item.gold) for item in parsed)
    fold_of = folds(len(parsed))
    scored: list[tuple[float, int, frozenset[tuple[int, int]]]] = []
    for k in range(FOLDS):
        model = fit([e[0] for n, e in examples if fold_of[n] != k], [e[1] for n, e in examples if fold_of[n] != k])
        scored += [(model.probability(e[0]), e[1], frozenset((n, g) for g in e[2])) for n, e in examples if fold_of[n] == k]
    origins = [_origin(e[0]) for _, e in examples_in_fold_order(examples, fold_of)]
    trusted = trusted_origins(scored, origins)
    rare = {o for o, n in Counter(origins).items() if n < MIN_GROUP}
    always = [o in trusted or o in rare for o in origins]
    marked = [any(f in ("marks=2", "marks=3") for f in e[0]) for _, e in examples_in_fold_order(examples, fold_of)]
    quoted_gold = frozenset((n, i) for n, item in enumerate(parsed) for i, g in enumerate(item.gold) if quoted(g))
    threshold, quoted_threshold = choose_two_thresholds(scored, always, marked, total_gold, quoted_gold)
    kept = [s for s, a, m in zip(scored, always, marked, strict=True) if a or s[0] >= (quoted_threshold if m else threshold)]
    precision = sum(s[1] for s in kept) / len(kept)
    recall = len(frozenset().union(*(s[2] for s in kept))) / total_gold
    counts = Counter(origins)
    judged = {o for o, n in counts.items() if n >= MIN_GROUP and o not in trusted}
    thresholds = {o: (threshold if o in judged else 0.0) for o in counts}
    thresholds.update({f"{o}+quoted": quoted_threshold for o in judged})
    log(f"kept whatever the model says: trusted {sorted(trusted)}, too rare to judge {sorted(set(counts) - judged - trusted)}")
    log(
        f"accept: {len(examples)} proposals; threshold {threshold:.2f}, out of fold precision {precision:.3f} recall {recall:.3f}"
    )
    fitted = fit([e[0] for _, e in examples], [e[1] for _, e in examples])
    accept = LinearModel(fitted.vocabulary, fitted.weights, fitted.bias, threshold)
    return Trained(stats, QuoteModels(accept, speaker, feature_spec(), propose, thresholds))


def examples_in_fold_order(examples: list[tuple[int, Any]], fold_of: list[int]) -> list[tuple[int, Any]]:
    """The examples in the order the out-of-fold scores were gathered."""
    return [(n, e) for k in range(FOLDS) for n, e in examples if fold_of[n] == k]


def _origin(features: Sequence[str]) -> str:
    return next(f.split("=", 1)[1] for f in features if f.startswith("origin="))


def trusted_origins(scored: list[tuple[float, int, frozenset[tuple[int, int]]]], origins: list[str]) -> frozenset[str]:
    """The proposing rules that are nearly always right on their own ('"...," she said', "according to X"):
    the filter keeps what they propose."""
    found = set()
    for origin in set(origins):
        group = [s[1] for s, o in zip(scored, origins, strict=True) if o == origin]
        if len(group) >= MIN_GROUP and sum(group) / len(group) >= TRUSTED_PRECISION:
            found.add(origin)
    return frozenset(found)


KEEP_ALL = LinearModel({}, np.zeros(0), 0.0, 0.0)


def held_out(parsed: Sequence[Parsed], cues: QuoteCues, log: Log = print) -> dict[str, PolnearScore]:
    """Train on four folds of the train split and score the fifth, with each part switched on in turn."""
    fold_of = folds(len(parsed))
    trained = train_models([p for n, p in enumerate(parsed) if fold_of[n] != 0], cues, log)
    test = [p for n, p in enumerate(parsed) if fold_of[n] == 0]
    models, stats = trained.models, trained.stats
    configs = {
        "rules alone": QuoteExtractor(cues),
        "+ speaker model": QuoteExtractor(cues, QuoteModels(KEEP_ALL, models.speaker, models.spec), stats, frozenset()),
        "+ learned cues, all kept": QuoteExtractor(
            cues, QuoteModels(KEEP_ALL, models.speaker, models.spec, models.propose), stats
        ),
        "+ accept model (all on)": QuoteExtractor(cues, models, stats),
    }
    scores = {}
    for name, extractor in configs.items():
        pairs = []
        for item in test:
            quotes = extractor.extract(item.doc, item.mentions, Article(id=item.name, text=item.doc.text))
            pairs.append((item.gold, [Predicted.of(q) for q in quotes]))
        scores[name] = score(pairs)
        log(f"held-out fold ({len(test)} train articles), {name}: {scores[name].line()}")
    return scores
