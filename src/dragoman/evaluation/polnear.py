"""Quote attribution scored on PolNeAR (Newell, Margolin & Ruths, LREC 2018).

A predicted quote is a hit when its content overlaps a gold content span, and attributed right when its
speaker's local mention ("she", "the daily", "Trump") overlaps that gold attribution's source span.
Scored: precision with the right speaker over all predicted quotes, and recall with the right speaker over
the attributions whose content has quotation marks ("recall of quoted") and over all of them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dragoman.errors import DataFileError
from dragoman.records import Quote

QUOTE_MARKS = ('"', "\u201c", "\u201d")


@dataclass(frozen=True)
class PolnearArticle:
    name: str
    text: str
    quotes: tuple[dict[str, Any], ...]  # PolNeAR's records: sources, cue, contents with character offsets


@dataclass(frozen=True)
class Predicted:
    content: tuple[int, int]
    speaker: tuple[int, int] | None
    kind: str = "direct"

    @classmethod
    def of(cls, quote: Quote) -> Predicted:
        speaker = (quote.speaker.start, quote.speaker.end) if quote.speaker else None
        return cls((quote.start, quote.end), speaker, quote.kind)


@dataclass(frozen=True)
class PolnearScore:
    predicted: int
    right: int
    gold_all: int
    found_all: int
    gold_quoted: int
    found_quoted: int

    @property
    def precision(self) -> float:
        return self.right / self.predicted if self.predicted else 0.0

    @property
    def recall_quoted(self) -> float:
        return self.found_quoted / self.gold_quoted if self.gold_quoted else 0.0

    @property
    def recall_all(self) -> float:
        return self.found_all / self.gold_all if self.gold_all else 0.0

    def line(self) -> str:
        return f"precision {self.precision:.3f}, recall of quoted {self.recall_quoted:.3f}, recall of all {self.recall_all:.3f}"


def read_polnear(folder: Path) -> list[PolnearArticle]:
    """The split's articles, sorted by file name."""
    files = sorted(folder.glob("*.json"))
    if not files:
        raise DataFileError(folder, "no PolNeAR .json files")
    articles = []
    for path in files:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            articles.append(PolnearArticle(path.stem, str(raw["text"]), tuple(raw["quotes"])))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise DataFileError(path, f"not a PolNeAR article: {exc}") from exc
    return articles


def quoted(gold: dict[str, Any]) -> bool:
    return any(m in c["text"] for c in gold["contents"] for m in QUOTE_MARKS)


def attributed(p: Predicted, gold: dict[str, Any]) -> bool:
    if not any(_overlaps(p.content, (c["start"], c["end"])) for c in gold["contents"]):
        return False
    return p.speaker is not None and any(_overlaps(p.speaker, (s["start"], s["end"])) for s in gold["sources"])


def score(pairs: Iterable[tuple[Sequence[dict[str, Any]], Sequence[Predicted]]]) -> PolnearScore:
    """Score predicted quotes against gold attributions, article by article."""
    predicted = right = gold_all = found_all = gold_quoted = found_quoted = 0
    for gold, preds in pairs:
        predicted += len(preds)
        right += sum(any(attributed(p, g) for g in gold) for p in preds)
        for g in gold:
            hit = any(attributed(p, g) for p in preds)
            gold_all += 1
            found_all += hit
            gold_quoted += quoted(g)
            found_quoted += hit and quoted(g)
    return PolnearScore(predicted, right, gold_all, found_all, gold_quoted, found_quoted)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]
