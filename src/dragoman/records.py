"""Typed, frozen records passed between the pipeline's stages.

Article -> ParsedArticle (spaCy Doc) -> Mention/Actor -> Event and Quote -> ArticleResult.
Every record that points into the text carries character offsets into the article text as given.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime
from typing import Any, Literal

from dragoman.errors import InputError
from dragoman.normalise import clean_value

QuoteKind = Literal["direct", "indirect", "mixed", "belief", "topic"]


def stable_id(prefix: str, *parts: object) -> str:
    """A short content hash: the same parts always give the same id."""
    digest = hashlib.sha1(json.dumps(parts, default=str, ensure_ascii=False).encode("utf-8")).hexdigest()
    return f"{prefix}_{digest[:16]}"


@dataclass(frozen=True, slots=True)
class Article:
    """One input article, as read."""

    id: str
    text: str
    date: date | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    origin: str = ""
    warnings: tuple[str, ...] = ()  # what was repaired on reading (invalid characters replaced, ...)

    def __post_init__(self) -> None:
        """An ISO date string ("2021-05-17") is taken as that date; anything else that is not a date is an error.
        Lone surrogates and NUL characters in any field become U+FFFD, one for one, with a warning."""
        value: object = self.date
        if isinstance(value, datetime):
            object.__setattr__(self, "date", value.date())
        elif isinstance(value, str):
            try:
                object.__setattr__(self, "date", date.fromisoformat(value.strip()[:10]))
            except ValueError:
                raise InputError(self.origin or self.id, f"field 'date': {value!r} is not an ISO date (YYYY-MM-DD)") from None
        elif value is not None and not isinstance(value, date):
            raise InputError(self.origin or self.id, f"field 'date': expected a date, got {type(value).__name__}")
        if not isinstance(self.text, str):
            raise InputError(self.origin or self.id, f"field 'text': expected a string, got {type(self.text).__name__}")
        self._clean_fields()

    def _clean_fields(self) -> None:
        warnings: list[str] = []
        for name in ("id", "text", "title", "source", "url", "origin", "metadata"):
            value, found = clean_value(getattr(self, name), name)
            if found:
                object.__setattr__(self, name, value)
                warnings += found
        if warnings:
            object.__setattr__(self, "warnings", (*self.warnings, *warnings))

    @property
    def content_hash(self) -> str:
        """Hash of what determines the output: the text and the date."""
        payload = f"{self.date.isoformat() if self.date else ''}\n{self.text}"
        return hashlib.sha256(payload.encode("utf-8", errors="surrogatepass")).hexdigest()


PARTY_SECTORS = ("PTY", "OPP")  # a party post yields to a state post held the same day


@dataclass(frozen=True, slots=True)
class Role:
    """A date-bounded position an actor held."""

    post: str
    title: str
    country: str | None
    sector: str | None
    start: date | None
    end: date | None
    org: str | None = None

    def active_on(self, day: date | None) -> bool:
        if day is None:
            return self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Actor:
    """Something that can act: a person, country, organisation or generic agent."""

    id: str
    name: str
    kind: str
    country: str | None
    sector: str | None
    known: bool = True
    gender: str | None = None
    roles: tuple[Role, ...] = ()
    aliases: tuple[str, ...] = ()

    def role_on(self, day: date | None) -> Role | None:
        """The role held on `day`, if any: the first listed active one, a state post before a party one
        (Xi Jinping is China's president, GOV, as well as the party's general secretary)."""
        active = [role for role in self.roles if role.active_on(day)]
        return next((r for r in active if r.sector not in PARTY_SECTORS), active[0] if active else None)

    def on_day(self, day: date | None) -> Actor:
        """A person as of `day`: the country and sector of the post held that day; with no post that day,
        the person's own country and no sector (Blinken in 2010 is no US government actor)."""
        if self.kind != "person" or not self.roles:
            return self
        role = self.role_on(day)
        if role is not None:
            return replace(self, country=role.country or self.country, sector=role.sector)
        national = [r.country for r in self.roles if r.country and r.country not in ("IGO", "NGO")]
        return replace(self, country=national[-1] if national else self.country, sector=None)

    def describe_role(self, day: date | None) -> str | None:
        role = self.role_on(day)
        return role.title if role else None


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of the article that refers to an actor, and why it resolved as it did."""

    start: int
    end: int
    text: str
    token_start: int
    token_end: int
    actor: Actor
    rule: str
    confidence: float = 1.0  # how sure the resolution is (0-1): a full KB name is sure, a bare surname less so


@dataclass(frozen=True, slots=True)
class Place:
    """A location named in the article ("Raqqa", "the Euphrates", "in Beijing"): never an actor, but
    where something happened. `source` says how it was recognised: "kb" (the place gazetteer), "capital"
    (a capital or seat of power used as a place), "country" (a country named as a place) or "ner"."""

    text: str
    start: int
    end: int
    token_start: int
    token_end: int
    id: str
    name: str
    country: str | None
    source: str
    kind: Literal["place"] = "place"


# The source of an act reported without its agent ("three soldiers were killed by a roadside bomb"):
# an empty mention at the trigger. Exports leave it blank, as GDELT does, and the network leaves it out.
UNIDENTIFIED = Actor(id="unidentified", name="unidentified", kind="generic", country=None, sector=None, known=False)


@dataclass(frozen=True, slots=True)
class Ref:
    """A mention as written at one place, with the actor it resolves to."""

    text: str
    start: int
    end: int
    id: str
    name: str
    country: str | None
    sector: str | None
    confidence: float = 1.0  # the mention's resolution confidence

    @classmethod
    def of(cls, mention: Mention, day: date | None = None) -> Ref:
        """The mention as a reference; a person's country and sector are those of the post held on
        `day` when one is known (Shevardnadze is a Soviet minister in 1988, Georgia's president in 2003)."""
        actor = mention.actor
        role = actor.role_on(day) if day is not None and actor.roles else None
        country = role.country if role is not None and role.country else actor.country
        sector = role.sector if role is not None and role.sector else actor.sector
        return cls(mention.text, mention.start, mention.end, actor.id, actor.name, country, sector, mention.confidence)

    @property
    def unidentified(self) -> bool:
        return self.id == UNIDENTIFIED.id


@dataclass(frozen=True, slots=True)
class Evidence:
    """One sentence that states an event: an event repeated in an article keeps every one."""

    sentence: int
    start: int
    end: int
    text: str
    trigger: str
    trigger_start: int
    trigger_end: int


@dataclass(frozen=True, slots=True)
class Event:
    """A coded event: one source-target pair, with its evidence."""

    id: str
    article: str
    sentence: int
    start: int
    end: int
    text: str
    date: date | None
    source: Ref
    target: Ref | None
    cameo: str
    plover: str | None
    mode: str | None
    quad_class: int
    goldstein: float
    trigger: str
    trigger_start: int
    trigger_end: int
    negated: bool
    confidence: float
    reported_by: Ref | None = None
    evidence: tuple[Evidence, ...] = ()  # every sentence stating this event, this one first
    location: Ref | None = None  # the place where it happened ("in Raqqa"), never its source or target


@dataclass(frozen=True, slots=True)
class Quote:
    """Who said what, and through whom."""

    id: str
    article: str
    start: int
    end: int
    text: str
    kind: QuoteKind
    cue: str
    speaker: Ref | None
    via: Ref | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    events: tuple[str, ...] = ()  # ids of the events coded from what the quote reports


@dataclass(frozen=True, slots=True)
class ActorInArticle:
    """One actor as seen in one article, with all its mentions there."""

    article: str
    actor: Actor
    mentions: tuple[Mention, ...]
    role: str | None


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """Everything extracted from one article, or why it failed."""

    article: Article
    status: Literal["ok", "failed"]
    error: str | None = None
    actors: tuple[ActorInArticle, ...] = ()
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()
    places: tuple[Place, ...] = ()  # locations named in the article (not actors)


def to_plain(record: object) -> Any:
    """A JSON-ready view of a record (dates as ISO strings)."""
    if isinstance(record, date):
        return record.isoformat()
    if hasattr(record, "__dataclass_fields__"):
        return {k: to_plain(v) for k, v in asdict(record).items()}  # type: ignore[call-overload]
    if isinstance(record, (list, tuple)):
        return [to_plain(v) for v in record]
    if isinstance(record, dict):
        return {k: to_plain(v) for k, v in record.items()}
    return record
