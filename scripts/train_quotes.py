"""Train the quote models on PolNeAR's train split and write them into the package.

    .venv/bin/python scripts/train_quotes.py [--train DIR] [--cache DIR] [--dry-run]

Writes src/dragoman/data/lexicon/quote_cues_learned.yaml (cue counts) and
src/dragoman/data/models/quotes.npz (speaker and accept models, with the accept threshold). The dev split
(polnear_dev) is never read here: it is scored by benchmarks/quotes.py. Deterministic: fixed fold split
and seed; the same data gives the same files. About 5 minutes on 2 cores (most of it spaCy parsing).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, DocBin

from dragoman import Article, build_pipeline, make_config
from dragoman.pipeline import Pipeline
from dragoman.quotes.extractor import Proposal, QuoteExtractor, load_quote_cues
from dragoman.quotes.learned import LEARNED_CUES_PATH, MODEL_PATH, CueStats, LinearModel, QuoteModels, feature_spec
from dragoman.records import Mention

ROOT = Path(__file__).resolve().parents[1]
TRAIN = ROOT.parent / "shared" / "data" / "polnear_train"
SEED = 13
FOLDS = 5
MIN_FEATURE_COUNT = 2
C = 0.5  # inverse L2 strength of both models
PROPOSE_MIN_CUES = 5  # a learned verb proposes quotes when it is a cue this often in train ...
PROPOSE_MIN_RATE = 0.1  # ... and at least this share of its uses
PRECISION_FLOOR = 0.90  # the accept threshold keeps as many attributions as it can above this (out of fold)
LEXICON_MIN_CUES = 2


@dataclass(frozen=True)
class Parsed:
    name: str
    doc: Doc
    mentions: list[Mention]
    gold: list[dict]


def load(pipeline: Pipeline, folder: Path, cache: Path | None) -> list[Parsed]:
    files = sorted(folder.glob("*.json"))
    if not files:
        sys.exit(f"no PolNeAR files in {folder}")
    golds = [json.loads(f.read_text(encoding="utf-8")) for f in files]
    cached = cache / f"{folder.name}.spacy" if cache else None
    if cached is not None and cached.exists():
        docs = list(DocBin().from_disk(cached).get_docs(pipeline.nlp.vocab))
    else:
        docs = list(pipeline.nlp.pipe([g["text"] for g in golds], batch_size=16))
        if cached is not None:
            bin_ = DocBin(store_user_data=True)
            for doc in docs:
                bin_.add(doc)
            bin_.to_disk(cached)
    return [
        Parsed(f.stem, d, pipeline.resolver.mentions(d, None), g["quotes"]) for f, d, g in zip(files, docs, golds, strict=True)
    ]


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


# ---- labels -------------------------------------------------------------------------------------------
def _overlaps(a: tuple[int, int], b: dict) -> bool:
    return a[0] < b["end"] and b["start"] < a[1]


def matching_gold(content: tuple[int, int], gold: list[dict]) -> list[int]:
    return [i for i, g in enumerate(gold) if any(_overlaps(content, c) for c in g["contents"])]


def right_speaker(span: tuple[int, int] | None, gold: dict) -> bool:
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
def speaker_examples(proposals: list[Proposal], gold: list[dict]) -> tuple[list[tuple[str, ...]], list[int]]:
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


def accept_examples(proposals: list[Proposal], gold: list[dict]) -> list[tuple[tuple[str, ...], int, frozenset[int]]]:
    out = []
    for p in proposals:
        hits = frozenset(i for i in matching_gold((p.start, p.end), gold) if right_speaker(p.speaker, gold[i]))
        out.append((p.accept, int(bool(hits)), hits))
    return out


def choose_threshold(scored: list[tuple[float, int, frozenset[tuple[int, int]]]], total_gold: int) -> tuple[float, float, float]:
    """The lowest threshold whose out-of-fold precision stays above the floor: (threshold, precision, recall)."""
    best = (0.5, 0.0, 0.0)
    for step in range(5, 96):
        t = step / 100
        kept = [s for s in scored if s[0] >= t]
        if not kept:
            break
        precision = sum(s[1] for s in kept) / len(kept)
        recall = len(frozenset().union(*(s[2] for s in kept))) / total_gold
        if precision >= PRECISION_FLOOR:
            return t, precision, recall
        best = (t, precision, recall)
    return best


def _proxy(examples: Sequence[tuple[object, int, object]], hits: Sequence[frozenset[tuple[int, int]]], total: int) -> str:
    precision = sum(e[1] for e in examples) / max(1, len(examples))
    return f"{len(examples)} quotes, precision {precision:.3f}, recall-all {len(frozenset().union(*hits)) / total:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--train", type=Path, default=TRAIN)
    parser.add_argument("--cache", type=Path, help="keep the parsed train split here (spaCy DocBin) for reruns")
    parser.add_argument("--dry-run", action="store_true", help="train and report, write nothing")
    args = parser.parse_args()
    started = time.time()
    pipeline = build_pipeline(make_config(learned_quotes=False))
    parsed = load(pipeline, args.train, args.cache)
    print(f"parsed {len(parsed)} articles in {time.time() - started:.0f}s")
    stats = count_cues(parsed)
    propose = stats.proposing_verbs(PROPOSE_MIN_CUES, PROPOSE_MIN_RATE)
    cues = load_quote_cues()
    print(f"cue lexicon: {len(stats.verbs)} verbs, {len(stats.nouns)} nouns; {len(propose)} verbs propose quotes")

    # pass 1: speaker choice, on the rules' proposals
    rules = QuoteExtractor(cues, None, stats, propose)
    rows, labels = [], []
    baseline = QuoteExtractor(cues)
    plain = [(n, e) for n, item in enumerate(parsed) for e in accept_examples(trace(baseline, item), item.gold)]
    total_gold = sum(len(item.gold) for item in parsed)
    print("rules alone: " + _proxy([e for _, e in plain], [frozenset((n, g) for g in e[2]) for n, e in plain], total_gold))
    for item in parsed:
        r, y = speaker_examples(trace(rules, item), item.gold)
        rows += r
        labels += y
    speaker = fit(rows, labels)
    speaker = LinearModel(speaker.vocabulary, speaker.weights, speaker.bias, 0.0)
    print(f"speaker model: {len(rows)} candidates, {sum(labels)} right, {len(speaker.vocabulary)} features")

    # pass 2: accept or reject, with the speaker model choosing
    keep_all = LinearModel({}, np.zeros(0), 0.0, 0.0)
    chooser = QuoteExtractor(cues, QuoteModels(keep_all, speaker, feature_spec(), propose), stats)
    examples = [(n, e) for n, item in enumerate(parsed) for e in accept_examples(trace(chooser, item), item.gold)]
    fold_of = folds(len(parsed))
    scored: list[tuple[float, int, frozenset[tuple[int, int]]]] = []
    for k in range(FOLDS):
        model = fit([e[0] for n, e in examples if fold_of[n] != k], [e[1] for n, e in examples if fold_of[n] != k])
        scored += [(model.probability(e[0]), e[1], frozenset((n, g) for g in e[2])) for n, e in examples if fold_of[n] == k]
    before = sum(s[1] for s in scored) / len(scored), len(frozenset().union(*(s[2] for s in scored))) / total_gold
    threshold, precision, recall = choose_threshold(scored, total_gold)
    print(f"accept: {len(examples)} proposals; all kept: precision {before[0]:.3f} recall-all {before[1]:.3f}")
    print(f"accept threshold {threshold:.2f}: out-of-fold precision {precision:.3f}, recall-all {recall:.3f}")
    accept = fit([e[0] for _, e in examples], [e[1] for _, e in examples])
    models = QuoteModels(LinearModel(accept.vocabulary, accept.weights, accept.bias, threshold), speaker, feature_spec(), propose)
    if not args.dry_run:
        write_lexicon(stats, LEARNED_CUES_PATH, len(parsed))
        models.save(MODEL_PATH)
        print(f"wrote {LEARNED_CUES_PATH} and {MODEL_PATH} ({MODEL_PATH.stat().st_size} bytes)")
    print(f"done in {time.time() - started:.0f}s")


if __name__ == "__main__":
    main()
