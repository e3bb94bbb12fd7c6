"""The knowledge base from the compiled cache, and look-ups that need no parse (so no spaCy)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from dragoman.actors.kb import KB_DIR, KnowledgeBase, confidence_of, load_confidence, load_kb
from dragoman.data.compiled import code_files, compiled, source_files
from dragoman.records import Mention

DIRECT_RULES = ("name", "alias")  # demonyms, capitals and metonyms depend on their sentence: they need a parse


def compiled_kb(actor_files: tuple[Path, ...] = ()) -> KnowledgeBase:
    """The knowledge base with the user's actor files, from the compiled cache (dragoman.data.compiled)."""
    sources = [*source_files(KB_DIR, *actor_files), *code_files()]
    return compiled("kb", sources, lambda: load_kb(user_files=actor_files))


def direct_lookup(kb: KnowledgeBase, text: str, day: date | None) -> Mention | None:
    """The one actor whose name or alias is exactly `text`, or None (then the caller parses: titles, misspellings,
    phrases). The whole text as a full name of exactly one actor is what the parsed look-up finds too."""
    stripped = text.strip()
    aliases = [
        a
        for a in kb.lookup_key(kb.rules.key(stripped))
        if a.rule in DIRECT_RULES and (not a.case_sensitive or a.text == stripped)
    ]
    actors = {a.actor.id for a in aliases}
    if len(actors) != 1:
        return None
    alias = aliases[0]
    rule = f"{alias.rule}:{alias.text}"
    actor = alias.actor.on_day(day)  # a unique name names the same actor on any date, with that day's post
    return Mention(0, len(stripped), stripped, 0, len(stripped.split()), actor, rule, confidence_of(rule, load_confidence()))
