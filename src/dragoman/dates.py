"""Resolve date expressions against the article date: relative ones ("yesterday, Sunday", "last
Thursday", "two weeks ago") and absolute ones ("May 16, 2019", "Sept. 3").

The article's own words for its day come first ("yesterday, Sunday" is yesterday, "Monday" in a
Monday article is that day); everything else goes to `dateparser` with `RELATIVE_BASE` set to the
article date. A phrase that names no day ("in March", "the 1990s", "last year") resolves to nothing.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from functools import lru_cache

import dateparser
from spacy.tokens import Token

WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
OFFSETS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
WEEKDAY_PHRASE = re.compile(
    r"^(?:(?:earlier|later|early|late)\s+)?(?:on\s+|this\s+|last\s+|next\s+)?"
    r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:\s+(?:morning|afternoon|evening|night))?$"
)
TIME_DEPS = {"npadvmod", "tmod", "prep", "pobj", "advmod", "nmod", "appos", "conj"}
NO_DAY = re.compile(r"\b\d{4}s\b|\b(?:month|year|decade|century|season|quarter)s?\b")
YEAR = re.compile(r"\b\d{4}\b")
SEASON_WINDOW = 90  # a day and month without a year is at most this many days after the article


def resolve_expression(text: str, anchor: date, future: bool = False) -> date | None:
    """The date an expression names, relative to `anchor` (the article date), or None."""
    lower = " ".join(text.lower().replace(",", " ").split())
    for word, offset in OFFSETS.items():
        if re.search(rf"\b{word}\b", lower):
            return anchor + timedelta(days=offset)
    if re.search(r"\blast night\b|\bthis (morning|afternoon|evening)\b", lower):
        return anchor - timedelta(days=1) if "last night" in lower else anchor
    weekday = WEEKDAY_PHRASE.match(lower)
    if weekday is not None:
        named = WEEKDAYS[weekday.group(1)]
        ahead = future or lower.startswith("next ")
        found = _weekday(anchor, named, ahead)
        return found - timedelta(days=7) if lower.startswith("last ") and found == anchor else found
    if NO_DAY.search(lower) and "ago" not in lower:
        return None
    return _parsed(lower, anchor, future)


@lru_cache(maxsize=4096)
def _parsed(text: str, anchor: date, future: bool) -> date | None:
    settings = {
        "RELATIVE_BASE": datetime(anchor.year, anchor.month, anchor.day),
        "PREFER_DATES_FROM": "future" if future else "past",
        "REQUIRE_PARTS": ["day"],
    }
    parsed = dateparser.parse(text, languages=["en"], settings=settings)  # type: ignore[arg-type]
    if parsed is None:
        return None
    found = parsed.date()
    if not YEAR.search(text) and found.year != anchor.year:  # "May 20" in a May 17 article: this year's
        this_year = _same_day(found, anchor.year)
        if this_year is not None and 0 <= (this_year - anchor).days <= SEASON_WINDOW:
            return this_year
    return found


def _same_day(day: date, year: int) -> date | None:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return None


def _weekday(anchor: date, weekday: int, future: bool) -> date:
    if future:
        return anchor + timedelta(days=(weekday - anchor.weekday()) % 7)
    return anchor - timedelta(days=(anchor.weekday() - weekday) % 7)


def event_date(trigger: Token, anchor: date | None, future: bool = False) -> date | None:
    """The date of the event a trigger expresses: a DATE phrase attached to it, else the anchor."""
    if anchor is None:
        return None
    for text in _date_phrases(trigger):
        resolved = resolve_expression(text, anchor, future)
        if resolved is not None:
            return resolved
    return anchor


def _date_phrases(trigger: Token) -> list[str]:
    """DATE entities in the trigger's own dependents (not inside other clauses)."""
    phrases: list[str] = []
    stack = [c for c in trigger.children if c.dep_ in TIME_DEPS]
    while stack:
        token = stack.pop()
        if token.ent_type_ == "DATE" and token.ent_iob_ == "B":
            ent = next(e for e in token.doc.ents if e.start == token.i)
            phrases.append(ent.text)
        stack.extend(c for c in token.children if c.dep_ in TIME_DEPS)
    return phrases
