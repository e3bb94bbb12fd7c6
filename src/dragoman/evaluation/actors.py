"""Score actor resolution against mentions in context with expected actors (tests/corpus/actors_team.jsonl).

A record names a mention in a short text; the expected outcome is a knowledge-base actor id, or, for
generic agents and unknown people, the country and sector the context gives.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from dragoman.io.readers import read_labelled, record_date
from dragoman.pipeline import Pipeline
from dragoman.records import Actor, Article, Mention


@dataclass(frozen=True)
class MentionCase:
    id: str
    text: str
    day: date | None
    mention: str
    occurrence: int
    expect: dict[str, Any]
    case: str

    @property
    def span(self) -> tuple[int, int]:
        start = -1
        for _ in range(self.occurrence):
            start = self.text.index(self.mention, start + 1)
        return start, start + len(self.mention)


@dataclass
class ActorReport:
    outcomes: list[tuple[MentionCase, Actor | None, str]] = field(default_factory=list)  # case, actor, verdict

    def share(self, verdict: str) -> float:
        return sum(v == verdict for _, _, v in self.outcomes) / len(self.outcomes) if self.outcomes else 0.0

    def by_case(self) -> dict[str, Counter[str]]:
        table: dict[str, Counter[str]] = {}
        for case, _, verdict in self.outcomes:
            table.setdefault(case.case, Counter())[verdict] += 1
        return table


def read_cases(path: Path) -> list[MentionCase]:
    return read_labelled(path, _mentioncase, "mention case")


def _mentioncase(raw: dict[str, Any], number: int) -> MentionCase:
    return MentionCase(
        id=str(raw["id"]),
        text=str(raw["text"]),
        day=record_date(raw),
        mention=str(raw["mention"]),
        occurrence=int(raw.get("occurrence") or 1),
        expect=dict(raw["expect"]),
        case=str(raw.get("case") or "other"),
    )


def judge(case: MentionCase, actor: Actor | None) -> str:
    """right, wrong (a confident wrong actor, or the right one with the wrong country or sector for the date),
    or unresolved (no actor, or a provisional one, when one was expected)."""
    expect = case.expect
    if expect.get("none"):  # a place ("Raqqa", "in Beijing"): no actor at all
        return "right" if actor is None else "wrong"
    if expect.get("actor"):
        if actor is None or not actor.known:
            return "unresolved"
        # the right actor, with the country and sector it has on the text's date (Blinken in 2010 is no USA GOV)
        dated = all(getattr(actor, k) == expect[k] for k in ("country", "sector") if k in expect)
        return "right" if actor.id == expect["actor"] and dated else "wrong"
    if expect.get("known") is False:  # an unknown person or organisation: must not become a known actor
        if actor is not None and actor.known:
            return "wrong"
        return "right" if actor is not None and _fits(actor, expect) else "unresolved"
    if actor is None:
        return "unresolved"
    return "right" if _fits(actor, expect) else "wrong"


def _fits(actor: Actor, expect: dict[str, Any]) -> bool:
    return all(expect.get(k) is None or getattr(actor, k) == expect[k] for k in ("country", "sector"))


def _mention_at(mentions: list[Mention], start: int, end: int) -> Mention | None:
    overlapping = [m for m in mentions if m.start < end and start < m.end]
    return min(overlapping, key=lambda m: abs(m.start - start) + abs(m.end - end)) if overlapping else None


def evaluate_actors(pipeline: Pipeline, cases: list[MentionCase]) -> ActorReport:
    report = ActorReport()
    articles = [Article(id=c.id, text=c.text, date=c.day) for c in cases]
    for case, result in zip(cases, pipeline.pipe(articles), strict=True):
        mentions = [m for a in result.actors for m in a.mentions]
        found = _mention_at(mentions, *case.span)
        actor = found.actor if found else None
        report.outcomes.append((case, actor, judge(case, actor)))
    return report


def render_actors(report: ActorReport, errors: bool = False) -> str:
    lines = [
        f"mentions: {len(report.outcomes)}",
        f"right:                         {report.share('right'):.3f}",
        f"confidently wrong:             {report.share('wrong'):.3f}",
        f"unresolved (refused/provisional): {report.share('unresolved'):.3f}",
        "",
        "by case: " + "; ".join(f"{case} {c['right']}/{sum(c.values())}" for case, c in sorted(report.by_case().items())),
    ]
    if errors:
        lines.append("")
        for case, actor, verdict in report.outcomes:
            if verdict != "right":
                got = f"{actor.id} ({actor.country} {actor.sector})" if actor else "nothing"
                lines.append(
                    f"- [{case.id} {case.case}] {verdict}: {case.mention!r} expected {case.expect}, got {got}\n    {case.text}"
                )
    return "\n".join(lines)
