"""Evaluate the event coder against gold sentences, in either of two formats.

- PLOVER gold standard: `text`, `date`, `event` (a PLOVER type, today's or the early label; `NONE` for
  no event) and `source`/`target` lists of `{actorText, code, sector}`.
- PLV: `id`, `text`, `label` (15 PLOVER types; `YIELD` is CONCEDE or RETREAT) and `source`/`target` text
  spans. A sentence with several actor pairs repeats its id on several lines; they are read as one record.

Every sentence is coded alone. `ids` restricts a set to a frozen split (benchmarks/splits/*.txt).
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from dragoman.data import DATA_DIR
from dragoman.io.readers import read_labelled, record_date
from dragoman.ontology import PLOVER_TYPES, normalise_plover
from dragoman.pipeline import Pipeline
from dragoman.records import Article, Event

NONE = "NONE"
YIELD = "YIELD"  # PLV's label for CONCEDE or RETREAT
YIELD_TYPES = ("CONCEDE", "RETREAT")


@dataclass(frozen=True)
class GoldRecord:
    id: str
    text: str
    day: date | None
    event: str
    negated: bool
    sources: tuple[dict[str, Any], ...]
    targets: tuple[dict[str, Any], ...]
    scheme: str = "plover"  # "plv": CONCEDE and RETREAT are scored as YIELD

    def label(self, plover: str | None) -> str | None:
        """A coded type as this record's label set names it."""
        return YIELD if self.scheme == "plv" and plover in YIELD_TYPES else plover


@dataclass
class Outcome:
    gold: GoldRecord
    predicted: list[Event]

    def labelled(self) -> list[tuple[str | None, Event]]:
        """Each coded event with its type in the gold record's label set."""
        return [(self.gold.label(e.plover), e) for e in self.predicted]

    @property
    def types(self) -> set[str]:
        return {t for t, _ in self.labelled() if t}

    @property
    def top(self) -> str:
        ranked = sorted(((t, e) for t, e in self.labelled() if t), key=lambda te: -te[1].confidence)
        return ranked[0][0] if ranked else NONE  # type: ignore[return-value]

    def matching(self) -> list[Event]:
        return [e for t, e in self.labelled() if t == self.gold.event]


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    country_map: dict[str, str] = field(default_factory=dict)

    def per_type(self, top: bool = False) -> dict[str, tuple[float, float, float, int]]:
        """Precision, recall, F1 and gold count per type: over every coded type of a sentence, or (`top`)
        over its top-confidence type only."""
        tp: Counter[str] = Counter()
        fp: Counter[str] = Counter()
        fn: Counter[str] = Counter()
        for o in self.outcomes:
            found = ({o.top} - {NONE}) if top else o.types
            for t in found:
                (tp if t == o.gold.event else fp)[t] += 1
            if o.gold.event != NONE and o.gold.event not in found:
                fn[o.gold.event] += 1
        table = {}
        for t in sorted(set(tp) | set(fp) | set(fn)):
            p = tp[t] / (tp[t] + fp[t]) if tp[t] + fp[t] else 0.0
            r = tp[t] / (tp[t] + fn[t]) if tp[t] + fn[t] else 0.0
            table[t] = (p, r, 2 * p * r / (p + r) if p + r else 0.0, tp[t] + fn[t])
        return table

    def macro_f1(self, top: bool = False) -> float:
        rows = [row for t, row in self.per_type(top).items() if row[3] > 0]
        return sum(r[2] for r in rows) / len(rows) if rows else 0.0

    def with_event(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.gold.event != NONE]

    def recall_any(self) -> float:
        gold = self.with_event()
        return sum(o.gold.event in o.types for o in gold) / len(gold) if gold else 0.0

    def recall_top(self) -> float:
        gold = self.with_event()
        return sum(o.top == o.gold.event for o in gold) / len(gold) if gold else 0.0

    def wrong_per_sentence(self) -> float:
        wrong = sum(sum(1 for t, _ in o.labelled() if t and t != o.gold.event) for o in self.outcomes)
        return wrong / len(self.outcomes) if self.outcomes else 0.0

    def country_accuracy(self, role: str) -> tuple[float, int]:
        hits = total = 0
        for o in self.with_event():
            gold = {self._code(a) for a in (o.gold.sources if role == "source" else o.gold.targets)}
            matching = o.matching()
            if not gold or not matching:
                continue
            total += 1
            refs = [e.source if role == "source" else e.target for e in matching]
            hits += any(r is not None and r.country in gold for r in refs)
        return (hits / total if total else 0.0), total

    def span_accuracy(self, role: str) -> tuple[float, int]:
        hits = total = 0
        for o in self.with_event():
            gold_texts = [str(a.get("actorText") or "") for a in (o.gold.sources if role == "source" else o.gold.targets)]
            matching = o.matching()
            if not gold_texts or not matching:
                continue
            total += 1
            refs = [e.source if role == "source" else e.target for e in matching]
            hits += any(r is not None and any(_overlaps(r.text, g) for g in gold_texts) for r in refs)
        return (hits / total if total else 0.0), total

    def calibration(self) -> list[tuple[float, int, float]]:
        """Per confidence tenth: how many coded events, and the share whose type is the gold type."""
        bins: dict[int, list[bool]] = {}
        for o in self.outcomes:
            for t, e in o.labelled():
                bins.setdefault(min(int(e.confidence * 10), 9), []).append(t == o.gold.event)
        return [(b / 10, len(v), sum(v) / len(v)) for b, v in sorted(bins.items())]

    def precision_above(self, threshold: float) -> tuple[float, int]:
        right = [t == o.gold.event for o in self.outcomes for t, e in o.labelled() if e.confidence >= threshold]
        return (sum(right) / len(right) if right else 0.0), len(right)

    def confusion(self, top: bool = True) -> dict[str, Counter[str]]:
        """Gold type -> the top-confidence type (`top`), or every coded type (NONE when nothing was coded)."""
        table: dict[str, Counter[str]] = {}
        for o in self.outcomes:
            row = table.setdefault(o.gold.event, Counter())
            row.update([o.top] if top else (sorted(o.types) or [NONE]))
        return table

    def _code(self, actor: dict[str, Any]) -> str:
        code = str(actor.get("code") or "")
        return self.country_map.get(code, code)


def _overlaps(predicted: str, gold: str) -> bool:
    p, g = predicted.lower(), gold.lower()
    return bool(p) and bool(g) and (p in g or g in p or bool(set(p.split()) & set(g.split()) - {"the", "of"}))


def load_country_map(path: Path = DATA_DIR / "ontology" / "country_codes.csv") -> dict[str, str]:
    with path.open(encoding="utf-8", newline="") as stream:
        return {row["cameo"]: row["iso3"] for row in csv.DictReader(stream)}


def read_gold(path: Path, ids: Path | None = None) -> list[GoldRecord]:
    """Gold records of either format; with `ids`, only those whose id is listed there (one per line)."""
    records = _merge_pairs(read_labelled(path, _goldrecord, "gold record"))
    if ids is None:
        return records
    wanted = {line.strip() for line in ids.read_text(encoding="utf-8").splitlines() if line.strip()}
    return [r for r in records if r.id in wanted]


def _goldrecord(raw: dict[str, Any], number: int) -> GoldRecord:
    if "label" in raw and "event" not in raw:
        return _plv_record(raw, number)
    event = normalise_plover(str(raw.get("event") or NONE))
    if event not in (*PLOVER_TYPES, NONE):
        raise ValueError(f"unknown event type {raw.get('event')!r}")
    return GoldRecord(
        id=str(raw.get("id") or number),
        text=str(raw["text"]),
        day=record_date(raw),
        event=event,
        negated=bool(raw.get("negated")),
        sources=tuple(a for a in _actors(raw.get("source")) if isinstance(a, dict)),
        targets=tuple(a for a in _actors(raw.get("target")) if isinstance(a, dict)),
    )


def _plv_record(raw: dict[str, Any], number: int) -> GoldRecord:
    label = str(raw["label"]).strip().upper()
    if label not in (*PLOVER_TYPES, YIELD):
        raise ValueError(f"unknown label {raw['label']!r}")
    spans = {role: str(raw.get(role) or "").strip() for role in ("source", "target")}
    return GoldRecord(
        id=str(raw.get("id") or number),
        text=str(raw["text"]),
        day=record_date(raw),
        event=label,
        negated=False,
        sources=({"actorText": spans["source"]},) if spans["source"] else (),
        targets=({"actorText": spans["target"]},) if spans["target"] else (),
        scheme="plv",
    )


def _merge_pairs(records: list[GoldRecord]) -> list[GoldRecord]:
    """PLV repeats a sentence once per actor pair: one record, with every pair's actors."""
    merged: dict[str, GoldRecord] = {}
    for record in records:
        seen = merged.get(record.id)
        if seen is None or seen.text != record.text:
            merged[record.id if seen is None else f"{record.id}#{len(merged)}"] = record
            continue
        merged[record.id] = replace(
            seen,
            sources=seen.sources + tuple(a for a in record.sources if a not in seen.sources),
            targets=seen.targets + tuple(a for a in record.targets if a not in seen.targets),
        )
    return list(merged.values())


def _actors(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def evaluate(pipeline: Pipeline, records: list[GoldRecord], docs: list[Doc] | None = None) -> Report:
    """Code every gold sentence alone and collect the outcomes (`docs`: the sentences already parsed)."""
    articles = [Article(id=r.id, text=r.text, date=r.day) for r in records]
    report = Report(country_map=load_country_map())
    if docs is None:
        results = list(pipeline.pipe(articles))
    else:
        results = [pipeline.analyse(a, d) for a, d in zip(articles, docs, strict=True)]
    for record, result in zip(records, results, strict=True):
        # a gold record of a negated act ("did not meet") is matched by the negated event
        report.outcomes.append(Outcome(record, [e for e in result.events if e.negated == record.negated]))
    return report


def _type_table(report: Report, top: bool) -> list[str]:
    lines = [f"{'type':10} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5}"]
    for t, (p, r, f, n) in report.per_type(top).items():
        lines.append(f"{t:10} {p:6.3f} {r:6.3f} {f:6.3f} {n:5d}")
    return lines


def _confusion_table(report: Report, top: bool) -> list[str]:
    return [
        f"  {gold:10} " + ", ".join(f"{k} {v}" for k, v in row.most_common())
        for gold, row in sorted(report.confusion(top).items())
    ]


def render(report: Report, errors: bool = False) -> str:
    plv = any(o.gold.scheme == "plv" for o in report.outcomes)
    lines = [
        f"sentences: {len(report.outcomes)} ({len(report.with_event())} with an event)",
        "",
        "per type, any coded event:",
        *_type_table(report, top=False),
        "",
        "per type, top-confidence event:",
        *_type_table(report, top=True),
    ]
    src, n_src = report.country_accuracy("source")
    tgt, n_tgt = report.country_accuracy("target")
    src_span, n_src_span = report.span_accuracy("source")
    tgt_span, n_tgt_span = report.span_accuracy("target")
    above = report.precision_above(0.8)
    nothing = sum(1 for o in report.with_event() if not o.types)
    lines += [
        "",
        f"macro-F1 over PLOVER types (any / top): {report.macro_f1():.3f} / {report.macro_f1(top=True):.3f}",
        f"gold type among coded events:         {report.recall_any():.3f}",
        f"gold type is the top-confidence event: {report.recall_top():.3f}",
        f"wrong-type events per sentence:       {report.wrong_per_sentence():.3f}",
        f"sentences with an event, none coded:  {nothing}",
    ]
    if not plv:
        lines += [
            f"source country accuracy:              {src:.3f} (of {n_src})",
            f"target country accuracy:              {tgt:.3f} (of {n_tgt})",
        ]
    lines += [
        f"source span accuracy:                 {src_span:.3f} (of {n_src_span})",
        f"target span accuracy:                 {tgt_span:.3f} (of {n_tgt_span})",
        f"events with confidence >= 0.8 that are right: {above[0]:.3f} (of {above[1]})",
        "calibration (confidence from, events, right): "
        + "; ".join(f"{low:.1f} {n} {share:.2f}" for low, n, share in report.calibration()),
        "",
        "confusion (gold -> top predicted):",
        *_confusion_table(report, top=True),
        "",
        "confusion (gold -> every coded type; NONE: nothing coded):",
        *_confusion_table(report, top=False),
    ]
    if errors:
        lines += ["", "errors:"]
        for o in report.outcomes:
            if o.top != o.gold.event:
                got = "; ".join(
                    f"{e.plover} {e.cameo} {e.source.text}->{e.target.text if e.target else '-'} ({e.trigger})"
                    for e in o.predicted
                )
                lines.append(f"- [{o.gold.id}] gold {o.gold.event}, got {got or 'nothing'}\n    {o.gold.text}")
    return "\n".join(lines)
