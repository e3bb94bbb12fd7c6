"""The output contract: one JSON-ready dict per record, each with a `type` (see schema/records.schema.json)."""

from __future__ import annotations

from typing import Any

from dragoman.records import ActorInArticle, ArticleResult, Event, Quote, Ref


def ref_dict(ref: Ref | None) -> dict[str, Any] | None:
    if ref is None:
        return None
    return {
        "text": ref.text,
        "start": ref.start,
        "end": ref.end,
        "id": ref.id,
        "name": ref.name,
        "country": ref.country,
        "sector": ref.sector,
        "confidence": ref.confidence,
    }


def article_dict(result: ArticleResult) -> dict[str, Any]:
    article = result.article
    return {
        "type": "article",
        "id": article.id,
        "title": article.title,
        "date": article.date.isoformat() if article.date else None,
        "source": article.source,
        "url": article.url,
        "status": result.status,
        "error": result.error,
        "origin": article.origin,
        "content_hash": article.content_hash,
        "metadata": article.metadata,
        "warnings": list(article.warnings),
    }


def actor_dict(item: ActorInArticle) -> dict[str, Any]:
    actor = item.actor
    return {
        "type": "actor",
        "article": item.article,
        "id": actor.id,
        "name": actor.name,
        "kind": actor.kind,
        "country": actor.country,
        "sector": actor.sector,
        "role": item.role,
        "mentions": [
            {"text": m.text, "start": m.start, "end": m.end, "rule": m.rule, "confidence": m.confidence} for m in item.mentions
        ],
        "known": actor.known,
    }


def event_dict(event: Event) -> dict[str, Any]:
    return {
        "type": "event",
        "id": event.id,
        "article": event.article,
        "sentence": event.sentence,
        "start": event.start,
        "end": event.end,
        "text": event.text,
        "date": event.date.isoformat() if event.date else None,
        "source": ref_dict(event.source),
        "target": ref_dict(event.target),
        "cameo": event.cameo,
        "plover": event.plover,
        "mode": event.mode,
        "quad_class": event.quad_class,
        "goldstein": event.goldstein,
        "trigger": event.trigger,
        "trigger_start": event.trigger_start,
        "trigger_end": event.trigger_end,
        "negated": event.negated,
        "confidence": event.confidence,
        "reported_by": ref_dict(event.reported_by),
        "location": ref_dict(event.location),
        "evidence": [
            {
                "sentence": e.sentence,
                "start": e.start,
                "end": e.end,
                "text": e.text,
                "trigger": e.trigger,
                "trigger_start": e.trigger_start,
                "trigger_end": e.trigger_end,
            }
            for e in event.evidence
        ],
    }


def quote_dict(quote: Quote) -> dict[str, Any]:
    return {
        "type": "quote",
        "id": quote.id,
        "article": quote.article,
        "start": quote.start,
        "end": quote.end,
        "text": quote.text,
        "kind": quote.kind,
        "cue": quote.cue,
        "cue_start": quote.cue_start,
        "cue_end": quote.cue_end,
        "speaker": ref_dict(quote.speaker),
        "via": ref_dict(quote.via),
        "events": list(quote.events),
    }


def result_dicts(result: ArticleResult) -> list[dict[str, Any]]:
    """All records of one article, article first."""
    return [
        article_dict(result),
        *(actor_dict(a) for a in result.actors),
        *(event_dict(e) for e in result.events),
        *(quote_dict(q) for q in result.quotes),
    ]
