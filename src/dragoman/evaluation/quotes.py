"""Score quote extraction against the team's quote cases (tests/corpus/quotes_team.jsonl).

A gold quote is found when a predicted quote's content overlaps it, and attributed right when the
predicted speaker's local mention overlaps the gold speaker mention (the occurrence nearest the content).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from dragoman.io.readers import read_labelled, record_date
from dragoman.pipeline import Pipeline
from dragoman.records import Article, Quote


@dataclass(frozen=True)
class QuoteCase:
    id: str
    text: str
    day: date | None
    pattern: str
    quotes: tuple[dict[str, Any], ...]


@dataclass
class QuoteReport:
    gold: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)  # right content and right speaker, per pattern
    cases: Counter[str] = field(default_factory=Counter)  # cases per pattern
    wrong: Counter[str] = field(default_factory=Counter)  # predicted quotes matching no gold attribution, per pattern
    predicted: int = 0
    predicted_right: int = 0
    via_gold: int = 0
    via_right: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return sum(self.found.values()) / sum(self.gold.values()) if self.gold else 0.0

    @property
    def precision(self) -> float:
        return self.predicted_right / self.predicted if self.predicted else 0.0


def read_quote_cases(path: Path) -> list[QuoteCase]:
    return read_labelled(path, _quotecase, "quote case")


def _quotecase(raw: dict[str, Any], number: int) -> QuoteCase:
    return QuoteCase(
        str(raw["id"]), str(raw["text"]), record_date(raw), str(raw.get("pattern") or "other"), tuple(raw.get("quotes") or ())
    )


def _span(text: str, needle: str | None, near: int | tuple[int, int] = 0) -> tuple[int, int] | None:
    if not needle:
        return None
    pattern = (r"\b" if needle[:1].isalnum() else "") + re.escape(needle) + (r"\b" if needle[-1:].isalnum() else "")
    starts = [m.start() for m in re.finditer(pattern, text)]
    if not starts:
        return None
    low, high = (near, near) if isinstance(near, int) else near
    best = min(starts, key=lambda s: 0 if low <= s <= high else min(abs(s - low), abs(s - high)))
    return best, best + len(needle)


def _overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def _ref(quote: Quote, role: str) -> tuple[int, int] | None:
    ref = getattr(quote, role)
    return (ref.start, ref.end) if ref else None


def evaluate_quotes(pipeline: Pipeline, cases: list[QuoteCase]) -> QuoteReport:
    report = QuoteReport()
    articles = [Article(id=c.id, text=c.text, date=c.day) for c in cases]
    for case, result in zip(cases, pipeline.pipe(articles), strict=True):
        golds = []
        for gold in case.quotes:
            content = _span(case.text, gold["content"])
            near = content or (0, 0)
            golds.append((gold, content, _span(case.text, gold.get("speaker"), near), _span(case.text, gold.get("via"), near)))
        report.cases[case.pattern] += 1
        for quote in result.quotes:
            right = any(_overlap((quote.start, quote.end), c) and _overlap(_ref(quote, "speaker"), s) for _, c, s, _v in golds)
            report.predicted += 1
            report.predicted_right += right
            report.wrong[case.pattern] += not right
        for gold, content, speaker, via in golds:
            report.gold[case.pattern] += 1
            match = [q for q in result.quotes if _overlap((q.start, q.end), content) and _overlap(_ref(q, "speaker"), speaker)]
            if match:
                report.found[case.pattern] += 1
            else:
                report.misses.append(f"[{case.id} {case.pattern}] {gold['speaker']!r}: {gold['content'][:70]!r}")
            if via is not None:
                report.via_gold += 1
                report.via_right += any(_overlap(_ref(q, "via"), via) for q in match)
    return report


def render_quotes(report: QuoteReport, errors: bool = False) -> str:
    lines = [
        f"gold attributions: {sum(report.gold.values())}; predicted quotes: {report.predicted}",
        f"recall with the right speaker:    {report.recall:.3f}",
        f"precision with the right speaker: {report.precision:.3f}",
        f"channel (via) right:              {report.via_right}/{report.via_gold}",
        "by pattern: " + "; ".join(f"{p} {report.found[p]}/{n}" for p, n in sorted(report.gold.items())),
    ]
    if errors:
        lines += ["", *report.misses]
    return "\n".join(lines)
