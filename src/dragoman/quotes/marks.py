"""Find quoted spans by their quotation marks, tolerant of news conventions and broken text.

- straight and curly double quotes, and two straight single quotes standing for one (''so'');
  curly single quotes; straight single quotes as British-style
  news writes them ('We will not stand by,' he said), told apart from apostrophes by their context;
- a quote that runs over paragraphs repeats its opening mark at each new paragraph and closes once;
- an unbalanced mark never raises: the quote ends at its paragraph's end.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from dragoman.nlp import Paragraph

OPENERS = {"\u201c": "\u201d", "\u2018": "\u2019", "\u00ab": "\u00bb"}
CLOSERS = {"\u201d", "\u2019", "\u00bb"}
STRAIGHT = '"'
SINGLE = "'"
DOUBLED = "''"
YEAR_ELISION = re.compile(r"\d\d(?:s)?(?!\w)")
OPEN_CONTEXT = set(" \t\n([{\u2014\u2013-/:;,") | {""}


@dataclass(frozen=True, slots=True)
class QuotedSpan:
    start: int  # first character inside the marks
    end: int  # offset of the closing mark (exclusive end of the content)
    closed: bool


def _is_mark(text: str, i: int) -> bool:
    c = text[i]
    if c == "\u2019":  # an apostrophe inside a word is not a closing mark
        before, after = text[i - 1 : i], text[i + 1 : i + 2]
        return not (before.isalpha() and after.isalpha()) and not (before.isalpha() and after in ("s", "t"))
    if c == "\u2018":
        return text[i - 1 : i] in OPEN_CONTEXT
    return c == STRAIGHT or c in OPENERS or c in CLOSERS


def _opens(text: str, i: int, inside: bool) -> bool:
    c = text[i]
    if c in OPENERS:
        return True
    if c in CLOSERS:
        return False
    return not inside and text[i - 1 : i] in OPEN_CONTEXT if i > 0 else True


def find_quoted_spans(text: str, paragraphs: list[Paragraph]) -> Iterator[QuotedSpan]:
    """Quoted spans in text order."""
    open_at: int | None = None
    opener = ""
    for index, paragraph in enumerate(paragraphs):
        for i in range(paragraph.start, paragraph.end):
            if text[i] == SINGLE and _doubled_single(text, i):
                if text[i - 1 : i] == SINGLE:
                    continue  # the second half of a '' mark
                if open_at is None:
                    open_at, opener = i + 2, DOUBLED
                elif opener in (DOUBLED, STRAIGHT, "\u201c") and i > open_at:
                    yield QuotedSpan(open_at, i, True)
                    open_at = None
                continue
            if text[i] == SINGLE:
                if open_at is None and _single_opens(text, i):
                    open_at, opener = i + 1, SINGLE
                elif open_at is not None and opener == SINGLE and i > open_at and _single_closes(text, i):
                    yield QuotedSpan(open_at, i, True)
                    open_at = None
                continue
            if not _is_mark(text, i):
                continue
            if open_at is None:
                if _opens(text, i, inside=False):
                    open_at, opener = i + 1, text[i]
            elif i == paragraph.start and open_at < paragraph.start:
                continue  # the repeated opening mark of a quote that goes on
            elif _closes(opener, text[i]):
                if i > open_at:
                    yield QuotedSpan(open_at, i, True)
                open_at = None
        if open_at is not None and not _continues(text, paragraphs, index):
            if paragraph.end > open_at:
                yield QuotedSpan(open_at, paragraph.end, False)
            open_at = None


def _doubled_single(text: str, i: int) -> bool:
    """Two straight single quotes stand for a double one in some newswire text (''a genius'')."""
    return text[i : i + 2] == "''" or (text[i - 1 : i + 1] == "''" and text[i - 2 : i - 1] != SINGLE)


def _closes(opener: str, mark: str) -> bool:
    """Whether `mark` closes a quote opened with `opener` (a straight mark closes any double quote)."""
    if opener in OPENERS:
        return mark == OPENERS[opener] or (mark == STRAIGHT and opener != "\u2018")
    return mark == STRAIGHT or mark == "\u201d"


def _single_opens(text: str, i: int) -> bool:
    """A straight single quote opens a quote at a paragraph start or after a space, colon or bracket,
    before a word ("'We will ..."), never inside a word ("don't")."""
    before, after = text[i - 1 : i], text[i + 1 : i + 2]
    return (i == 0 or before in (" ", "\n", "(", "\t")) and after.isalnum() and not _year_elision(text, i)


def _year_elision(text: str, i: int) -> bool:
    """ "the early '80s", "in '16": an apostrophe standing for a century's digits opens no quote."""
    return YEAR_ELISION.match(text, i + 1) is not None


def _single_closes(text: str, i: int) -> bool:
    """...and closes after punctuation or a word, before a space or punctuation ("... stand by,' he said")."""
    before, after = text[i - 1 : i], text[i + 1 : i + 2]
    if before.isalpha() and after.isalpha():
        return False  # an apostrophe: "don't", "Côte d'Ivoire"
    return (before in ",.!?;:" or before.isalnum()) and (after == "" or after in " \n\t,.;:!?)")


def _continues(text: str, paragraphs: list[Paragraph], index: int) -> bool:
    if index + 1 >= len(paragraphs):
        return False
    first = text[paragraphs[index + 1].start]
    return first == STRAIGHT or first in OPENERS
