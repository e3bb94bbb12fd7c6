"""The overview's timeline: events per day, week or month on a real time axis, drawn as server-side SVG.

Empty periods are kept, so the gaps show; each bar is stacked by QuadClass and links to its period.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from markupsafe import Markup, escape

UNITS = ("day", "week", "month")
MAX_PERIODS = 1_500  # more bars than this cannot be told apart: a coarser unit is asked for
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
QUAD_COLOURS = {1: "#81c784", 2: "#2e7d32", 3: "#ef9a9a", 4: "#c62828"}


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    counts: tuple[int, int, int, int]  # QuadClass 1..4

    @property
    def total(self) -> int:
        return sum(self.counts)

    def as_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            **{f"q{n}": c for n, c in enumerate(self.counts, 1)},
        }


def choose_unit(first: date, last: date) -> str:
    """Days up to three months, weeks up to two years, months beyond."""
    span = (last - first).days
    return "day" if span <= 92 else "week" if span <= 731 else "month"


def period_start(day: date, unit: str) -> date:
    if unit == "week":
        return day - timedelta(days=day.weekday())  # ISO weeks start on Monday
    if unit == "month":
        return day.replace(day=1)
    return day


def next_start(start: date, unit: str) -> date:
    if unit == "week":
        return start + timedelta(days=7)
    if unit == "month":
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return start + timedelta(days=1)


def count_periods(first: date, last: date, unit: str) -> int:
    start, end = period_start(first, unit), period_start(last, unit)
    if unit == "month":
        return (end.year - start.year) * 12 + end.month - start.month + 1
    return (end - start).days // (7 if unit == "week" else 1) + 1


def periods(days: list[dict[str, Any]], first: date, last: date, unit: str) -> list[Period]:
    """Aggregate per-day rows ({date, q1..q4}) into every period from `first` to `last`, empty ones included."""
    totals: dict[date, list[int]] = {}
    start = period_start(first, unit)
    while start <= last:
        totals[start] = [0, 0, 0, 0]
        start = next_start(start, unit)
    for row in days:
        if row["date"] in (None, "undated"):
            continue
        day = date.fromisoformat(row["date"])
        bucket = totals.get(period_start(day, unit))
        if bucket is not None:
            for n in range(4):
                bucket[n] += row[f"q{n + 1}"]
    return [Period(s, next_start(s, unit) - timedelta(days=1), (c[0], c[1], c[2], c[3])) for s, c in totals.items()]


def label(period: Period, unit: str) -> str:
    if unit == "month":
        return period.start.strftime("%b %Y")
    if unit == "week":
        return f"week of {period.start.isoformat()}"
    return period.start.isoformat()


def svg(series: list[Period], unit: str, link: Callable[[Period], str], width: int = 1100, height: int = 260) -> Markup:
    """A stacked bar chart with a date axis; each bar is a link (`link(period)`) with a tooltip."""
    left, bottom, top = 44, 40, 12
    plot_w, plot_h = width - left - 8, height - bottom - top
    peak = max((p.total for p in series), default=0) or 1
    step = plot_w / max(len(series), 1)
    bar_w = max(step * 0.85, 1.0)
    parts = [
        f'<svg class="timeline-chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="Events per {unit} by QuadClass" xmlns="http://www.w3.org/2000/svg">',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#5b6472"/>',
        f'<text x="{left - 6}" y="{top + 10}" text-anchor="end" class="axis">{peak}</text>',
        f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end" class="axis">0</text>',
    ]
    every = max(1, round(len(series) / 12))  # about a dozen tick labels whatever the range
    for i, period in enumerate(series):
        x = left + i * step
        tooltip = f"{label(period, unit)}: {period.total} events" + "".join(
            f"; {QUAD_NAMES[n]} {c}" for n, c in enumerate(period.counts, 1) if c
        )
        parts.append(f'<a href="{escape(link(period))}" class="period" data-start="{period.start}" data-total="{period.total}">')
        parts.append(f"<title>{escape(tooltip)}</title>")
        parts.append(f'<rect x="{x:.1f}" y="{top}" width="{step:.1f}" height="{plot_h}" fill="transparent"/>')
        y = float(top + plot_h)
        for n, count in enumerate(period.counts, 1):
            if count:
                h = count / peak * plot_h
                y -= h
                parts.append(
                    f'<rect class="q{n}" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{QUAD_COLOURS[n]}"/>'
                )
        parts.append("</a>")
        if i % every == 0 and x < width - 70:  # a label too near the right edge would be cut
            tick = period.start.strftime("%b %Y") if unit == "month" else period.start.isoformat()
            parts.append(f'<text x="{x:.1f}" y="{top + plot_h + 16}" class="axis tick">{tick}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
