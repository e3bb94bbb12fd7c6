"""Records (the output contract's dicts) to table rows and back: each record is stored once, as columns."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dragoman.store.schema import REF_FIELDS

EVIDENCE_FIELDS = ("sentence", "start", "end", "text", "trigger", "trigger_start", "trigger_end")
EVENT_FIELDS = (
    "id", "sentence", "start", "end", "text", "date", "cameo", "plover", "mode", "quad_class", "goldstein",
    "trigger", "trigger_start", "trigger_end", "confidence",
)  # fmt: skip
QUOTE_FIELDS = ("id", "start", "end", "text", "kind", "cue", "cue_start", "cue_end")


def ref_columns(prefix: str, ref: Mapping[str, Any] | None) -> dict[str, Any]:
    return {f"{prefix}_{key}": (ref or {}).get(key) for key in REF_FIELDS}


def ref_from(prefix: str, row: Mapping[str, Any]) -> dict[str, Any] | None:
    if row[f"{prefix}_id"] is None:
        return None
    return {key: row[f"{prefix}_{key}"] for key in ("text", "start", "end", "id", "name", "country", "sector", "confidence")}


def event_row(e: Mapping[str, Any]) -> dict[str, Any]:
    row = {key: e[key] for key in EVENT_FIELDS}
    row.update(article_id=e["article"], negated=int(e["negated"]))
    for prefix in ("source", "target", "reported_by", "location"):
        row.update(ref_columns(prefix, e.get(prefix)))
    return row


def evidence_rows(e: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [
        {"event_id": e["id"], "position": n, **{key: item[key] for key in EVIDENCE_FIELDS}}
        for n, item in enumerate(e.get("evidence") or ())
    ]


def event_from(row: Mapping[str, Any], evidence: list[dict[str, Any]]) -> dict[str, Any]:
    """The event record as `event_dict` writes it, key for key and in the same order."""
    return {
        "type": "event",
        "id": row["id"],
        "article": row["article_id"],
        **{key: row[key] for key in ("sentence", "start", "end", "text", "date")},
        "source": ref_from("source", row),
        "target": ref_from("target", row),
        **{key: row[key] for key in ("cameo", "plover", "mode", "quad_class", "goldstein", "trigger", "trigger_start")},
        "trigger_end": row["trigger_end"],
        "negated": bool(row["negated"]),
        "confidence": row["confidence"],
        "reported_by": ref_from("reported_by", row),
        "location": ref_from("location", row),
        "evidence": [{key: item[key] for key in EVIDENCE_FIELDS} for item in evidence],
    }


def quote_row(q: Mapping[str, Any]) -> dict[str, Any]:
    row = {key: q[key] for key in QUOTE_FIELDS}
    row["article_id"] = q["article"]
    for prefix in ("speaker", "via"):
        row.update(ref_columns(prefix, q[prefix]))
    return row


def quote_event_rows(q: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [{"quote_id": q["id"], "position": n, "event_id": ev} for n, ev in enumerate(q.get("events") or ())]


def quote_from(row: Mapping[str, Any], events: list[str]) -> dict[str, Any]:
    """The quote record as `quote_dict` writes it."""
    return {
        "type": "quote",
        "id": row["id"],
        "article": row["article_id"],
        **{key: row[key] for key in ("start", "end", "text", "kind", "cue", "cue_start", "cue_end")},
        "speaker": ref_from("speaker", row),
        "via": ref_from("via", row),
        "events": list(events),
    }
