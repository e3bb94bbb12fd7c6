"""Fast sentence look-ups: spaCy's `token.sent` walks the document each time; this computes once per doc."""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span, Token

KEY = "dragoman_sentences"


def _table(doc: Doc) -> tuple[list[int], list[Span]]:
    table = doc.user_data.get(KEY)
    if table is None:
        spans = list(doc.sents)
        table = ([s.start for s in spans], spans)
        doc.user_data[KEY] = table
    return table  # type: ignore[no-any-return]


def sentence_index(token: Token) -> int:
    starts, _ = _table(token.doc)
    return bisect_right(starts, token.i) - 1


def sentence_of(token: Token) -> Span:
    """The sentence containing `token`."""
    _, spans = _table(token.doc)
    return spans[sentence_index(token)]
