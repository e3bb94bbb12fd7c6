"""Fuzzing strategies and checks, shared by tests/test_fuzz.py (a few hundred examples in CI) and
benchmarks/fuzz.py (20,000, printing crashes and offset errors per 10^4).

Texts mix real news sentences with what breaks parsers: runs of quotation marks, control characters,
lone surrogates, NUL, right-to-left and combining marks, zero-width characters, markup and random Unicode.
Every part is short, so an example stays fast and within the default size limits.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import date

from hypothesis import strategies as st

from dragoman.io.readers import READERS
from dragoman.io.records_out import result_dicts
from dragoman.normalise import decode, repair_bytes
from dragoman.records import Article, ArticleResult, Ref

SENTENCES = [
    "Turkish President Recep Tayyip Erdogan telephoned Russian President Vladimir Putin on Friday.",
    "Egypt hosted Qatar's foreign minister in Cairo on Tuesday.",
    '"We will not sit at the table," a Hamas official said.',
    "Jordan condemned the raid, the foreign ministry said in a statement.",
    "Israeli jets carried out airstrikes on Gaza overnight.",
    "Secretary of State Antony Blinken urged Israel to show restraint.",
    "The EU accused Iran of violating the nuclear deal.",
    "He said the talks had failed.",
    "Karl\fHeinz Wendt met Egyptian President Abdel Fattah el-Sisi.",
]
HOSTILE = [
    '"' * 30,
    "\u201c\u201d" * 10,
    "'''",
    "\x00",
    "\ud800",
    "\udfff",
    "\f",
    "\t",
    "\r\n",
    "\u2028",
    "\u200b\u200d",
    "\u202e",
    "\u0301\u0301",
    "\ufeff",
    "\ufffd",
    "\U0001f600",
    "<script>alert(1)</script>",
    "=1+2",
    "  ",
    "\n\n\n",
    "...",
    "(((",
    "U.S.-led",
    "al-Qaeda's",
]
ANY_CHARACTER = st.characters(codec=None, exclude_categories=())  # surrogates and controls included

part = st.one_of(st.sampled_from(SENTENCES), st.sampled_from(HOSTILE), st.text(ANY_CHARACTER, min_size=1, max_size=30))
texts = st.lists(part, min_size=1, max_size=8).map(" ".join)

json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True), st.text(ANY_CHARACTER, max_size=20)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
records = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.text(ANY_CHARACTER, max_size=10), st.integers(), json_values),
        "text": st.one_of(texts, json_values),
        "date": st.one_of(st.dates().map(date.isoformat), st.text(max_size=12), json_values),
        "title": json_values,
        "url": json_values,
        "extra": json_values,
    },
)


def _json_line(record: object) -> bytes:
    return json.dumps(record, ensure_ascii=False).encode("utf-8", errors="surrogatepass")


jsonl_files = st.lists(st.one_of(records.map(_json_line), st.binary(max_size=60)), min_size=1, max_size=5).map(b"\n".join)
csv_files = st.lists(st.one_of(st.sampled_from([b"id,text", b"text", b'"', b",,,"]), st.binary(max_size=60)), max_size=5).map(
    lambda rows: b"id,text\n" + b"\n".join(rows)
)
files = st.one_of(
    st.tuples(st.just(".jsonl"), jsonl_files), st.tuples(st.just(".csv"), csv_files), st.tuples(st.just(".txt"), st.binary())
)


def offset_errors(result: ArticleResult) -> list[str]:
    """Every span a result points at, checked against the article text: a list of what does not match."""
    text = result.article.text
    errors: list[str] = []

    def check(what: str, start: int, end: int, expected: str) -> None:
        if not (0 <= start <= end <= len(text)) or text[start:end] != expected:
            errors.append(f"{what} [{start}:{end}] {expected!r} != {text[start:end]!r}")

    def check_ref(what: str, ref: Ref | None) -> None:
        if ref is not None:
            check(what, ref.start, ref.end, ref.text)

    for event in result.events:
        check("event", event.start, event.end, event.text)
        check("trigger", event.trigger_start, event.trigger_end, event.trigger)
        check_ref("source", event.source)
        check_ref("target", event.target)
        check_ref("reported_by", event.reported_by)
        for evidence in event.evidence:
            check("evidence", evidence.start, evidence.end, evidence.text)
    for quote in result.quotes:
        check("quote", quote.start, quote.end, quote.text)
        check_ref("speaker", quote.speaker)
        check_ref("via", quote.via)
    for actor in result.actors:
        for mention in actor.mentions:
            check("mention", mention.start, mention.end, mention.text)
    return errors


def serialisation_error(result: ArticleResult) -> str | None:
    """Why the records of a result could not be written as strict JSON in UTF-8, if they could not."""
    try:
        for record in result_dicts(result):
            json.dumps(record, ensure_ascii=False, allow_nan=False).encode("utf-8")
    except (ValueError, UnicodeError) as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def read_file(suffix: str, data: bytes) -> Iterator[object]:
    """What a reader makes of a file's bytes."""
    return READERS[suffix](io.BytesIO(data), f"fuzz{suffix}", None)


def expected_jsonl_items(data: bytes) -> int:
    """One item (an article or an error) per line that is not blank: nothing is dropped silently."""
    return sum(1 for raw in io.BytesIO(data) if repair_bytes(decode(raw), "")[0].strip())


def article_problem(article: Article) -> str | None:
    """Why an article as read is unsafe to process or write, if it is."""
    for name in ("id", "text", "title", "source", "url", "origin"):
        value = getattr(article, name)
        if value is not None and ("\x00" in value or any("\ud800" <= c <= "\udfff" for c in value)):
            return f"field {name!r} still holds NUL or a surrogate"
    try:
        json.dumps(article.metadata, ensure_ascii=False, allow_nan=False).encode("utf-8")
        assert len(article.content_hash) == 64
    except (ValueError, UnicodeError) as exc:
        return f"metadata cannot be written: {exc}"
    return None
