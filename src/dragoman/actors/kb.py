"""The actor knowledge base: countries, organisations, people with dated roles, titles, agents.

Everything is indexed once at load time, so resolving a mention is a handful of dict look-ups.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from dragoman.actors.names import NameRules, load_name_rules
from dragoman.data import DATA_DIR
from dragoman.data.loader import load_yaml
from dragoman.errors import DataFileError
from dragoman.records import Actor, Role

KB_DIR = DATA_DIR / "kb"
ACRONYM_MAX = 6


def scope_key(scope: str) -> str:
    """Countries and organisations compare by letters only: "arab-league" is "ARAB_LEAGUE"."""
    return "".join(c for c in scope.lower() if c.isalnum())


@dataclass(frozen=True, slots=True)
class Alias:
    """One way of writing an actor's name, and what kind of match it makes."""

    actor: Actor
    text: str
    rule: str  # name, alias, demonym, capital, metonym
    case_sensitive: bool


@dataclass(frozen=True, slots=True)
class Title:
    pieces: tuple[str, ...]
    post: str
    country: str | None


@dataclass
class KnowledgeBase:
    rules: NameRules
    actors: dict[str, Actor] = field(default_factory=dict)
    names: dict[str, list[Alias]] = field(default_factory=lambda: defaultdict(list))
    surnames: dict[str, list[Actor]] = field(default_factory=lambda: defaultdict(list))
    given: dict[str, list[Actor]] = field(default_factory=lambda: defaultdict(list))
    posts: dict[tuple[str, str], list[tuple[Actor, Role]]] = field(default_factory=lambda: defaultdict(list))
    titles: dict[tuple[str, ...], Title] = field(default_factory=dict)
    agents: dict[tuple[str, ...], str] = field(default_factory=dict)
    initials: dict[str, list[Actor]] = field(default_factory=lambda: defaultdict(list))
    titled: dict[tuple[str, str], list[tuple[Actor, Role]]] = field(default_factory=lambda: defaultdict(list))
    first_pieces: set[str] = field(default_factory=set)
    max_pieces: int = 1
    demonyms: dict[str, str] = field(default_factory=dict)  # country code -> its adjective ("SYR" -> "Syrian")

    # ---- building -------------------------------------------------------------------------
    def add(self, actor: Actor, aliases: list[tuple[str, str]]) -> None:
        """Add or replace an actor with (text, rule) aliases."""
        if actor.id in self.actors:
            self._remove(actor.id)
        self.actors[actor.id] = actor
        for text, rule in aliases:
            self._index_alias(actor, text, rule)
            if rule == "demonym":
                self.demonyms.setdefault(actor.id, text)
        if actor.kind == "person":
            self._index_person(actor)

    def _index_alias(self, actor: Actor, text: str, rule: str) -> None:
        pieces = self.rules.pieces(text)
        if actor.kind == "person":
            pieces, _ = self.rules.strip_honorifics(pieces)
        if not pieces:
            return
        key = " ".join(pieces)
        stripped = text.replace(".", "")
        case_sensitive = stripped.isupper() and len(stripped) <= ACRONYM_MAX
        entry = Alias(actor, text, rule, case_sensitive)
        if entry not in self.names[key]:
            self.names[key].append(entry)
        self.first_pieces.add(pieces[0])
        self.max_pieces = max(self.max_pieces, len(pieces))

    def _index_person(self, actor: Actor) -> None:
        for name in (actor.name, *actor.aliases):
            pieces, _ = self.rules.strip_honorifics(self.rules.pieces(name))
            if len(pieces) >= 2:
                _append_once(self.surnames[pieces[-1]], actor)
                _append_once(self.given[pieces[0]], actor)
                _append_once(self.initials[pieces[-1][:2]], actor)
        for role in actor.roles:
            for where in {role.country, role.org}:
                if where:
                    self.posts[(role.post, scope_key(where))].append((actor, role))
                    self.titled[(" ".join(self.rules.pieces(role.title)), scope_key(where))].append((actor, role))

    def _remove(self, actor_id: str) -> None:
        for key in list(self.names):
            self.names[key] = [a for a in self.names[key] if a.actor.id != actor_id]
        for index in (self.surnames, self.given, self.initials):
            for key in list(index):
                index[key] = [a for a in index[key] if a.id != actor_id]
        for table in (self.posts, self.titled):
            for post_key in list(table):
                table[post_key] = [(a, r) for a, r in table[post_key] if a.id != actor_id]
        del self.actors[actor_id]

    # ---- look-ups ----------------------------------------------------------------------------
    def lookup_key(self, key: str) -> list[Alias]:
        return self.names.get(key, [])

    def surnames_by_initial(self, prefix: str) -> list[Actor]:
        return self.initials.get(prefix, [])

    def holders(self, post: str, scope: str, day: date | None) -> list[tuple[Actor, Role]]:
        """Who held `post` for `scope` (a country code or org id) on `day`."""
        return [(a, r) for a, r in self.posts.get((post, scope_key(scope)), []) if r.active_on(day)]

    def titled_holders(self, title: str, scope: str, day: date | None) -> list[tuple[Actor, Role]]:
        """Who held a role with exactly this title ("president" of Iran) for `scope` on `day`."""
        return [(a, r) for a, r in self.titled.get((title, scope_key(scope)), []) if r.active_on(day)]

    def country(self, code: str | None) -> Actor | None:
        return self.actors.get(code) if code else None


@lru_cache(maxsize=2)
def load_confidence(directory: Path = KB_DIR) -> dict[str, float]:
    """How sure each resolution rule is (`confidence` in references.yaml), by the rule's name."""
    raw = _read_yaml(directory / "references.yaml") or {}
    try:
        return {str(k): float(v) for k, v in (raw.get("confidence") or {}).items()}
    except (AttributeError, TypeError, ValueError) as exc:
        raise DataFileError(directory / "references.yaml", f"confidence: {exc}") from exc


def confidence_of(rule: str, table: dict[str, float]) -> float:
    """The confidence of a resolution by `rule` ("surname", "title:president@usa"); unlisted rules get `default`."""
    return float(table.get(rule.split(":", 1)[0], table.get("default", 0.7)))


def _append_once(items: list[Actor], actor: Actor) -> None:
    if all(a.id != actor.id for a in items):
        items.append(actor)


# ---- loading ---------------------------------------------------------------------------------
def _read_yaml(path: Path) -> Any:
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataFileError(path, f"cannot read: {exc}") from exc


def _as_date(value: object, path: Path, where: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise DataFileError(path, f"{where}: {value!r} is not a YYYY-MM-DD date") from None


def _require(entry: dict[str, Any], key: str, path: Path, index: int) -> Any:
    if not isinstance(entry, dict) or entry.get(key) in (None, ""):
        raise DataFileError(path, f"entry {index + 1}: field {key!r} is required")
    return entry[key]


def _country_actor(entry: dict[str, Any], path: Path, index: int) -> tuple[Actor, list[tuple[str, str]]]:
    code = str(_require(entry, "id", path, index))
    name = str(_require(entry, "name", path, index))
    actor = Actor(id=code, name=name, kind="country", country=code, sector=None, aliases=tuple(entry.get("aliases") or ()))
    aliases = [(name, "name"), (code, "alias")]
    for field_name, rule in (("aliases", "alias"), ("demonyms", "demonym"), ("capitals", "capital"), ("metonyms", "metonym")):
        aliases.extend((str(text), rule) for text in entry.get(field_name) or ())
    return actor, aliases


def _org_actor(entry: dict[str, Any], path: Path, index: int) -> tuple[Actor, list[tuple[str, str]]]:
    ident = str(_require(entry, "id", path, index))
    name = str(_require(entry, "name", path, index))
    extra = tuple(str(a) for a in entry.get("aliases") or ())
    actor = Actor(
        id=ident,
        name=name,
        kind=str(entry.get("kind") or "organisation"),
        country=entry.get("country"),
        sector=entry.get("sector"),
        aliases=extra,
    )
    return actor, [(name, "name"), *((a, "alias") for a in extra)]


def _place_actor(entry: dict[str, Any], path: Path, index: int) -> tuple[Actor, list[tuple[str, str]]]:
    """A place ("Raqqa", "the Euphrates", "Manchester Arena"): a location in its country, never an actor."""
    ident = str(_require(entry, "id", path, index))
    name = str(_require(entry, "name", path, index))
    extra = tuple(str(a) for a in entry.get("aliases") or ())
    actor = Actor(id=f"place:{ident}", name=name, kind="place", country=entry.get("country"), sector=None, aliases=extra)
    return actor, [(name, "place"), *((a, "place") for a in extra)]


def _person_actor(entry: dict[str, Any], path: Path, index: int) -> tuple[Actor, list[tuple[str, str]]]:
    ident = str(_require(entry, "id", path, index))
    name = str(_require(entry, "name", path, index))
    roles = []
    for number, raw in enumerate(entry.get("roles") or (), start=1):
        where = f"entry {ident!r} role {number}"
        if not isinstance(raw, dict) or not raw.get("post"):
            raise DataFileError(path, f"{where}: field 'post' is required")
        roles.append(
            Role(
                post=str(raw["post"]),
                title=str(raw.get("title") or raw["post"].replace("_", " ").title()),
                country=raw.get("country"),
                sector=raw.get("sector") or "GOV",
                start=_as_date(raw.get("start"), path, where),
                end=_as_date(raw.get("end"), path, where),
                org=raw.get("org"),
            )
        )
    extra = tuple(str(a) for a in entry.get("aliases") or ())
    latest = max(roles, key=lambda r: r.start or date.min) if roles else None  # a person's country outside any post
    actor = Actor(
        id=ident,
        name=name,
        kind="person",
        country=entry.get("country") or (latest.country if latest else None),
        sector=entry.get("sector") or (latest.sector if latest else None),
        gender=entry.get("gender"),
        roles=tuple(roles),
        aliases=extra,
    )
    return actor, [(name, "name"), *((a, "alias") for a in extra)]


Builder = Callable[[dict[str, Any], Path, int], tuple[Actor, list[tuple[str, str]]]]

# Every bundled file matching a pattern is read, in name order: people.yaml (2010 on),
# people_2015_2025.yaml (office-holders added with a source for each), people_before_2010.yaml ...
BUILDERS: dict[str, Builder] = {
    "countries.yaml": _country_actor,
    "organisations*.yaml": _org_actor,
    "people*.yaml": _person_actor,
    "places*.yaml": _place_actor,  # cities, regions, rivers, camps and venues: locations, not actors
}


def bundled_files(directory: Path = KB_DIR) -> list[tuple[Path, Builder]]:
    """The bundled actor files and the builder for each, in load order."""
    return [(path, builder) for pattern, builder in BUILDERS.items() for path in sorted(directory.glob(pattern))]


def _load_titles(kb: KnowledgeBase, path: Path) -> None:
    raw = _read_yaml(path) or {}
    for index, entry in enumerate(raw.get("posts") or ()):
        pieces = tuple(kb.rules.pieces(str(_require(entry, "title", path, index))))
        kb.titles[pieces] = Title(pieces, str(_require(entry, "post", path, index)), entry.get("country"))
    for index, entry in enumerate(raw.get("agents") or ()):
        noun = str(_require(entry, "noun", path, index)).lower().split()
        kb.agents[tuple(noun)] = str(_require(entry, "sector", path, index))


def load_user_actors(kb: KnowledgeBase, path: Path) -> None:
    """Add or override actors from a user's YAML or CSV file (`kind` picks the schema)."""
    entries = _csv_entries(path) if path.suffix.lower() == ".csv" else (_read_yaml(path) or [])
    if not isinstance(entries, list):
        raise DataFileError(path, "an actors file must be a list of entries")
    for index, entry in enumerate(entries):
        kind = str(entry.get("kind") or "person") if isinstance(entry, dict) else ""
        builder = _person_actor if kind == "person" else _country_actor if kind == "country" else _org_actor
        actor, aliases = builder(entry, path, index)
        kb.add(actor, aliases)


def _csv_entries(path: Path) -> list[dict[str, Any]]:
    try:
        with path.open(encoding="utf-8", newline="") as stream:
            rows = list(csv.DictReader(stream))
    except OSError as exc:
        raise DataFileError(path, f"cannot read: {exc}") from exc
    entries = []
    for row in rows:
        entry: dict[str, Any] = {k: v for k, v in row.items() if v}
        entry["aliases"] = [a.strip() for a in (row.get("aliases") or "").split(";") if a.strip()]
        if row.get("post"):
            entry["roles"] = [{k: row.get(k) for k in ("post", "title", "country", "sector", "start", "end", "org")}]
        entries.append(entry)
    return entries


@lru_cache(maxsize=4)
def _bundled_actors(directory: Path) -> tuple[tuple[Path, int, Actor, tuple[tuple[str, str], ...]], ...]:
    """The bundled files' actors, read and built once per process (actors are frozen, so pipelines
    can share them; each pipeline still builds its own indexes)."""
    found = []
    for path, builder in bundled_files(directory):
        entries = _read_yaml(path) or []
        if not isinstance(entries, list):
            raise DataFileError(path, "expected a list of entries")
        for index, entry in enumerate(entries):
            actor, aliases = builder(entry, path, index)
            found.append((path, index, actor, tuple(aliases)))
    return tuple(found)


def load_kb(directory: Path = KB_DIR, user_files: tuple[Path, ...] = ()) -> KnowledgeBase:
    """Load the bundled knowledge base, then the user's files, which add or override."""
    kb = KnowledgeBase(rules=load_name_rules(directory / "names.yaml"))
    for path, index, actor, aliases in _bundled_actors(directory):
        if actor.id in kb.actors:
            raise DataFileError(path, f"entry {index + 1}: id {actor.id!r} is already used by {kb.actors[actor.id].name!r}")
        kb.add(actor, list(aliases))
    _load_titles(kb, directory / "titles.yaml")
    for path in user_files:
        load_user_actors(kb, path)
    return kb
