"""Resolve relative date expressions ("yesterday, Sunday", "earlier on Sunday") against the article date."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from spacy.tokens import Token

WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
OFFSETS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
DAYS_AGO = re.compile(r"\b(\d+|two|three|four|five|six) days ago\b")
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
DAY_MONTH = re.compile(r"\b(\d{1,2})\s+([A-Za-z]{3,9})\b|\b([A-Za-z]{3,9})\.?\s+(\d{1,2})\b")
TIME_DEPS = {"npadvmod", "tmod", "prep", "pobj", "advmod", "nmod", "appos", "conj"}


def resolve_expression(text: str, anchor: date, future: bool = False) -> date | None:
    """The date an expression names, relative to `anchor` (the article date), or None."""
    lower = text.lower()
    for word, offset in OFFSETS.items():
        if re.search(rf"\b{word}\b", lower):
            return anchor + timedelta(days=offset)
    if re.search(r"\blast night\b|\bthis (morning|afternoon|evening)\b", lower):
        return anchor - timedelta(days=1) if "last night" in lower else anchor
    ago = DAYS_AGO.search(lower)
    if ago:
        count = ago.group(1)
        return anchor - timedelta(days=int(count) if count.isdigit() else NUMBER_WORDS[count])
    explicit = _day_month(lower, anchor)
    if explicit is not None:
        return explicit
    for name, weekday in WEEKDAYS.items():
        if re.search(rf"\b{name}\b", lower):
            return _weekday(anchor, weekday, future)
    return None


def _weekday(anchor: date, weekday: int, future: bool) -> date:
    if future:
        return anchor + timedelta(days=(weekday - anchor.weekday()) % 7)
    return anchor - timedelta(days=(anchor.weekday() - weekday) % 7)


def _day_month(lower: str, anchor: date) -> date | None:
    for match in DAY_MONTH.finditer(lower):
        day_text, month_text = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
        month = MONTHS.get(month_text.lower())
        if month is None:
            continue
        try:
            found = date(anchor.year, month, int(day_text))
        except ValueError:
            continue
        return found.replace(year=anchor.year - 1) if (found - anchor).days > 180 else found
    return None


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
