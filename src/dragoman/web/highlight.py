"""Turn text plus annotated spans into escaped HTML with nested highlights."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    css: str
    title: str = ""


def highlight(text: str, spans: list[Span], offset: int = 0, anchors: dict[int, list[str]] | None = None) -> Markup:
    """Every character range gets the classes of all spans covering it; all text is escaped.
    `anchors` maps a character position to element ids placed there (link targets such as `ev-<id>`)."""
    anchors = anchors or {}
    cuts = {0, len(text), *(p for p in anchors if 0 <= p <= len(text))}
    local = [Span(s.start - offset, s.end - offset, s.css, s.title) for s in spans]
    local = [s for s in local if 0 <= s.start < s.end <= len(text)]
    for span in local:
        cuts.update((span.start, span.end))
    points = sorted(cuts)
    parts: list[str] = []
    for left, right in pairwise(points):
        parts += [f'<span id="{escape(ident)}" class="anchor"></span>' for ident in anchors.get(left, ())]
        covering = [s for s in local if s.start <= left and right <= s.end]
        piece = escape(text[left:right])
        if not covering:
            parts.append(str(piece))
            continue
        classes = " ".join(sorted({s.css for s in covering}))
        title = escape(" | ".join(s.title for s in covering if s.title))
        parts.append(f'<span class="{classes}" title="{title}">{piece}</span>')
    return Markup("".join(parts))


def event_spans(event: dict[str, object]) -> list[Span]:
    spans = [Span(int(event["trigger_start"]), int(event["trigger_end"]), "trigger", f"{event['plover']} {event['cameo']}")]  # type: ignore[call-overload]
    for role in ("source", "target"):
        ref = event.get(role)
        if isinstance(ref, dict):
            spans.append(Span(int(ref["start"]), int(ref["end"]), role, f"{role}: {ref['name']}"))
    return spans
