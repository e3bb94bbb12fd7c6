"""Read-side queries over the store, shared by the web explorer, its JSON API and the exports.

Every function takes a connection from `Store.connect()` (SQLite or PostgreSQL: the queries are
portable SQLAlchemy Core) and the same `EventFilter`, so a filter means the same thing everywhere.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from itertools import groupby
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, case, desc, func, not_, or_, select, union, union_all
from sqlalchemy.orm import aliased

from dragoman.records import UNIDENTIFIED
from dragoman.store import rows
from dragoman.store import schema as s
from dragoman.store.backend import backend_of
from dragoman.store.search import SEARCH_TIMEOUT_S, parse_query

# Actor kinds that are places, not agents: never drawn as nodes of the network.
PLACE_KINDS = ("location", "place")
FIRST_SENTENCE = re.compile(r".+?[.!?](?=\s|$)", re.S)
FAILED_TEXT_SHOWN = 2_000  # characters of a failed article's text that the explorer shows
SORTABLE = {"date", "plover", "cameo", "source_name", "target_name", "confidence", "goldstein", "article_id"}
CHUNK = 500  # events read (with their evidence) per round trip when streaming

Clause = ColumnElement[bool]


@dataclass(frozen=True)
class EventFilter:
    """Filters for events: a date range, a PLOVER type, a country and an actor (as source or target)."""

    start: str | None = None
    end: str | None = None
    plover: str | None = None
    country: str | None = None
    actor: str | None = None
    article: str | None = None
    quad_class: int | None = None
    pair: tuple[str, str] | None = None  # source id, target id: the events of one network edge
    include_negated: bool = False
    min_confidence: float | None = None
    actor_ids: tuple[str, ...] = ()  # an actor named rather than given by id: every id with that name

    def clauses(self) -> list[Clause]:
        """The filter as WHERE clauses over `events`."""
        c = s.events.c
        found: list[Clause] = []
        for column, op, value in (
            (c.date, "__ge__", self.start),
            (c.date, "__le__", self.end),
            (c.plover, "__eq__", self.plover),
            (c.article_id, "__eq__", self.article),
            (c.quad_class, "__eq__", self.quad_class),
            (c.confidence, "__ge__", self.min_confidence),
        ):
            if value not in (None, ""):
                found.append(getattr(column, op)(value))
        if self.country:
            found.append(or_(c.source_country == self.country, c.target_country == self.country))
        if self.actor_ids:
            found.append(or_(c.source_id.in_(self.actor_ids), c.target_id.in_(self.actor_ids)))
        elif self.actor:
            found.append(or_(c.source_id == self.actor, c.target_id == self.actor))
        if self.pair:
            found.append(and_(c.source_id == self.pair[0], c.target_id == self.pair[1]))
        if not self.include_negated:
            found.append(c.negated == 0)
        return found

    def quote_clauses(self, speaker: Any) -> list[Clause]:
        """The same filter over quotes (joined with their article and their `speaker`, an alias of actors):
        dates are the article's, the actor is the speaker, the country the speaker's; types and confidence
        do not apply."""
        found: list[Clause] = []
        for column, op, value in (
            (s.articles.c.date, "__ge__", self.start),
            (s.articles.c.date, "__le__", self.end),
            (s.quotes.c.article_id, "__eq__", self.article),
            (speaker.c.country, "__eq__", self.country),
        ):
            if value not in (None, ""):
                found.append(getattr(column, op)(value))
        ids = self.actor_ids or ((self.actor,) if self.actor else ())
        if ids:
            found.append(s.quotes.c.speaker_id.in_(ids))
        return found

    def is_empty(self) -> bool:
        """No filter narrows the events (negated events may still be included)."""
        return not {k for k in self.as_dict() if k != "include_negated"}

    def as_dict(self) -> dict[str, Any]:
        """The filter as URL parameters (what a link that keeps the filter carries)."""
        return {k: v for k, v in asdict(self).items() if v not in (None, "", False, ()) and k != "actor_ids"}


def _rows(db: Connection, statement: Any) -> list[dict[str, Any]]:
    return [dict(row) for row in db.execute(statement).mappings()]


def _count(db: Connection, table: Any, *where: Clause) -> int:
    return int(db.execute(select(func.count()).select_from(table).where(*where)).scalar_one())


def read_events(
    db: Connection, where: Sequence[Clause], order: Sequence[Any], limit: int | None = None, offset: int = 0
) -> list[dict[str, Any]]:
    """Event records (as the output contract writes them) with their evidence."""
    statement = select(s.events).where(*where).order_by(*order).offset(offset)
    found = db.execute(statement.limit(limit) if limit is not None else statement).mappings().all()
    return _with_evidence(db, found)


def _with_evidence(db: Connection, found: Sequence[Any]) -> list[dict[str, Any]]:
    ids = [row["id"] for row in found]
    evidence: dict[str, list[dict[str, Any]]] = {}
    if ids:
        statement = (
            select(s.event_evidence)
            .where(s.event_evidence.c.event_id.in_(ids))
            .order_by(s.event_evidence.c.event_id, s.event_evidence.c.position)
        )
        for key, group in groupby(db.execute(statement).mappings(), key=lambda r: r["event_id"]):
            evidence[key] = [dict(r) for r in group]
    return [rows.event_from(row, evidence.get(row["id"], [])) for row in found]


def read_quotes(db: Connection, where: Sequence[Clause], order: Sequence[Any]) -> list[dict[str, Any]]:
    return _quote_records(db, db.execute(select(s.quotes).where(*where).order_by(*order)).mappings().all())


def _quote_records(db: Connection, found: Sequence[Any]) -> list[dict[str, Any]]:
    """Quote records with the events each reports; a row's `article_date`, when selected, becomes `date`."""
    ids = [row["id"] for row in found]
    linked: dict[str, list[str]] = {}
    if ids:
        statement = (
            select(s.quote_events)
            .where(s.quote_events.c.quote_id.in_(ids))
            .order_by(s.quote_events.c.quote_id, s.quote_events.c.position)
        )
        for key, group in groupby(db.execute(statement).mappings(), key=lambda r: r["quote_id"]):
            linked[key] = [r["event_id"] for r in group]
    records = [rows.quote_from(row, linked.get(row["id"], [])) for row in found]
    if found and "article_date" in found[0]:
        records = [{**record, "date": row["article_date"]} for record, row in zip(records, found, strict=True)]
    return records


def counts(db: Connection, f: EventFilter) -> dict[str, Any]:
    """Counts that follow the filter. Unfiltered: every stored article, actor and quote. Filtered: the
    articles and actors of the matching events, and the quotes the filter selects (`EventFilter.quote_clauses`).
    `negated_events` counts the negated events the filter matches but does not show (0 when they are shown)."""
    where = f.clauses()
    n_events = _count(db, s.events, *where)
    negated = 0 if f.include_negated else _count(db, s.events, *replace(f, include_negated=True).clauses()) - n_events
    speaker = aliased(s.actors)
    n_quotes = db.execute(select(func.count()).select_from(_quote_join(speaker)).where(*f.quote_clauses(speaker))).scalar_one()
    if f.is_empty():
        n_articles = _count(db, s.articles, s.articles.c.status == "ok")
        n_actors = _count(db, s.actors)
    else:
        e = s.events.c
        n_articles = db.execute(select(func.count(e.article_id.distinct())).where(*where)).scalar_one()
        sides = union(select(e.source_id.label("id")).where(*where), select(e.target_id).where(*where, e.target_id.is_not(None)))
        n_actors = db.execute(select(func.count()).select_from(sides.subquery())).scalar_one()
    return {
        "filtered": not f.is_empty(),
        "articles": n_articles,
        "failed_articles": _count(db, s.articles, s.articles.c.status == "failed"),
        "actors": n_actors,
        "quotes": n_quotes,
        "events": n_events,
        "negated_events": negated,
        "include_negated": f.include_negated,
    }


def _quote_join(speaker: Any) -> Any:
    """Quotes with their article, and their speaker (an alias of actors) where there is one."""
    q = s.quotes.c
    return s.quotes.join(s.articles, s.articles.c.id == q.article_id).outerjoin(speaker, speaker.c.id == q.speaker_id)


def timeline(db: Connection, f: EventFilter) -> list[dict[str, Any]]:
    """Events per day, split by QuadClass (1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict)."""
    c = s.events.c
    statement = (
        select(c.date, c.quad_class, func.count().label("n")).where(*f.clauses()).group_by(c.date, c.quad_class).order_by(c.date)
    )
    days: dict[str, dict[str, Any]] = {}
    for row in _rows(db, statement):
        day = days.setdefault(row["date"] or "undated", {"date": row["date"] or "undated", "q1": 0, "q2": 0, "q3": 0, "q4": 0})
        day[f"q{row['quad_class']}"] += row["n"]
    return list(days.values())


def network(db: Connection, f: EventFilter, max_nodes: int = 150) -> dict[str, Any]:
    """Actors as nodes (sized by activity), events between them as edges aggregated per pair."""
    c = s.events.c
    places = select(s.actors.c.id).where(s.actors.c.kind.in_(PLACE_KINDS))  # a place is no node of the network
    where = [*f.clauses(), c.target_id.is_not(None), c.source_id != c.target_id, c.source_id != UNIDENTIFIED.id]
    where += [c.source_id.not_in(places), c.target_id.not_in(places)]
    count = func.count().label("count")
    statement = (
        select(
            c.source_id.label("source"),
            c.target_id.label("target"),
            count,
            func.sum(case((c.quad_class.in_((1, 2)), 1), else_=0)).label("cooperation"),
            func.sum(case((c.quad_class.in_((3, 4)), 1), else_=0)).label("conflict"),
            *(func.sum(case((c.quad_class == n, 1), else_=0)).label(f"q{n}") for n in (1, 2, 3, 4)),
        )
        .where(*where)
        .group_by(c.source_id, c.target_id)
        .order_by(desc(count), c.source_id, c.target_id)
    )
    edges = _rows(db, statement)
    activity: dict[str, int] = {}
    for edge in edges:
        for end in ("source", "target"):
            activity[edge[end]] = activity.get(edge[end], 0) + edge["count"]
    keep = set(sorted(activity, key=lambda a: (-activity[a], a))[:max_nodes])
    edges = [e for e in edges if e["source"] in keep and e["target"] in keep]
    nodes = []
    for start in range(0, len(keep), CHUNK):
        chunk = sorted(keep)[start : start + CHUNK]
        a = s.actors.c
        for actor in _rows(db, select(a.id, a.name, a.kind, a.country, a.sector).where(a.id.in_(chunk))):
            nodes.append({**actor, "count": activity[actor["id"]]})
    for edge in edges:
        edge["tone"] = "cooperation" if edge["cooperation"] >= edge["conflict"] else "conflict"
        edge["quad_class"] = max((1, 2, 3, 4), key=lambda n: (edge[f"q{n}"], -n))  # the most frequent QuadClass
    return {"nodes": sorted(nodes, key=lambda n: (-n["count"], n["id"])), "edges": edges, "truncated": len(activity) > len(keep)}


def events(
    db: Connection, f: EventFilter, sort: str = "date", descending: bool = False, page: int = 1, page_size: int = 50
) -> dict[str, Any]:
    column = sort if sort in SORTABLE else "date"
    total = _count(db, s.events, *f.clauses())
    page = max(1, page)
    key = s.events.c[column]
    found = read_events(
        db, f.clauses(), [key.desc() if descending else key.asc(), s.events.c.id], page_size, (page - 1) * page_size
    )
    return {"total": total, "page": page, "page_size": page_size, "sort": column, "descending": descending, "events": found}


def iter_events(db: Connection, f: EventFilter) -> Iterator[dict[str, Any]]:
    """Every filtered event, streamed in chunks (with their evidence)."""
    c = s.events.c
    result = db.execute(select(s.events).where(*f.clauses()).order_by(c.date, c.article_id, c.trigger_start, c.id)).mappings()
    while chunk := result.fetchmany(CHUNK):
        yield from _with_evidence(db, chunk)


ACTOR_PAGE_SIZE = 50  # mentions, events as source, events as target and quotes shown per page of an actor


def actor(db: Connection, actor_id: str, page: int = 1, page_size: int = ACTOR_PAGE_SIZE) -> dict[str, Any] | None:
    """An actor with one page (oldest first) of each of its lists: mentions, events as source, events as
    target and quotes; `totals` counts each whole list, so a busy actor answers as fast as a quiet one."""
    found = _rows(db, select(s.actors).where(s.actors.c.id == actor_id))
    if not found:
        return None
    m, a, e, qt = s.mentions.c, s.articles.c, s.events.c, s.quotes.c
    offset = (page - 1) * page_size
    seen = _rows(
        db,
        select(m.article_id, m.start, m.end, m.text, m.rule, m.role, a.date, a.title)
        .join_from(s.mentions, s.articles, a.id == m.article_id)
        .where(m.actor_id == actor_id)
        .order_by(a.date, m.article_id, m.start)
        .limit(page_size)
        .offset(offset),
    )
    roles = db.execute(select(m.role).where(m.actor_id == actor_id, m.role.is_not(None)).distinct()).scalars()
    said = _quote_records(
        db,
        db.execute(
            select(s.quotes, a.date.label("article_date"))
            .join_from(s.quotes, s.articles, a.id == qt.article_id)
            .where(qt.speaker_id == actor_id)
            .order_by(a.date, qt.article_id, qt.start)
            .limit(page_size)
            .offset(offset)
        )
        .mappings()
        .all(),
    )
    return {
        **found[0],
        "known": bool(found[0]["known"]),
        "roles_seen": sorted(r for r in roles if r),
        "page": page,
        "page_size": page_size,
        "totals": {
            "mentions": _count(db, s.mentions, m.actor_id == actor_id),
            "events_as_source": _count(db, s.events, e.source_id == actor_id),
            "events_as_target": _count(db, s.events, e.target_id == actor_id),
            "quotes": _count(db, s.quotes, qt.speaker_id == actor_id),
        },
        "mentions": seen,
        "events_as_source": read_events(db, [e.source_id == actor_id], [e.date, e.id], page_size, offset),
        "events_as_target": read_events(db, [e.target_id == actor_id], [e.date, e.id], page_size, offset),
        "quotes": said,
    }


def article(db: Connection, article_id: str) -> dict[str, Any] | None:
    a = s.articles.c
    found = _rows(
        db, select(a.id, a.title, a.date, a.source, a.url, a.text, a.status, a.error, a.origin).where(a.id == article_id)
    )
    if not found:
        return None
    m, ac = s.mentions.c, s.actors.c
    seen = _rows(
        db,
        select(m.start, m.end, m.text, m.rule, m.actor_id, ac.name, ac.country, ac.sector, ac.kind)
        .join_from(s.mentions, s.actors, ac.id == m.actor_id)
        .where(m.article_id == article_id)
        .order_by(m.start, m.actor_id),
    )
    evs = read_events(db, [s.events.c.article_id == article_id], [s.events.c.trigger_start, s.events.c.id])
    qs = read_quotes(db, [s.quotes.c.article_id == article_id], [s.quotes.c.start, s.quotes.c.id])
    row = found[0]
    row["display_title"] = row["title"] or first_sentence(row["text"])
    row["text_truncated"] = row["status"] != "ok" and len(row["text"]) > FAILED_TEXT_SHOWN
    if row["text_truncated"]:  # a failed row (perhaps a huge upload) is never served back in full
        row["text"] = row["text"][:FAILED_TEXT_SHOWN]
    return {**row, "mentions": seen, "events": evs, "quotes": qs}


def first_sentence(text: str, limit: int = 120) -> str:
    """What an untitled article is called: its first sentence, cut at `limit` characters."""
    match = FIRST_SENTENCE.match(text.strip())
    sentence = " ".join((match.group(0) if match else text).split())
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def articles(db: Connection, page: int = 1, page_size: int = 50) -> dict[str, Any]:
    """A page of articles; `display_title` is the title, or the first sentence where there is none.
    `events` counts the article's events that are not negated, `negated` the negated ones."""
    a, e, q = s.articles.c, s.events.c, s.quotes.c
    statement = (
        select(a.id, a.title, a.date, a.source, a.status, func.substr(a.text, 1, 400).label("opening"))
        .order_by(a.date.desc(), a.id)
        .limit(page_size)
        .offset((max(1, page) - 1) * page_size)
    )
    found = _rows(db, statement)
    ids = [row["id"] for row in found]
    n_events = {
        (row.article_id, row.negated): row.n
        for row in db.execute(
            select(e.article_id, e.negated, func.count().label("n"))
            .where(e.article_id.in_(ids))
            .group_by(e.article_id, e.negated)
        )
    }
    n_quotes = {
        row.article_id: row.n
        for row in db.execute(select(q.article_id, func.count().label("n")).where(q.article_id.in_(ids)).group_by(q.article_id))
    }
    for row in found:  # counted for this page only: a correlated count per stored article is slow on a large store
        row.update(
            events=n_events.get((row["id"], 0), 0), negated=n_events.get((row["id"], 1), 0), quotes=n_quotes.get(row["id"], 0)
        )
        row["display_title"] = row["title"] or first_sentence(row.pop("opening"))
    return {"total": _count(db, s.articles), "page": page, "page_size": page_size, "articles": found}


def _sides(f: EventFilter, key: str) -> Any:
    """The source's and the target's `key` of each filtered event as rows of `value`, a subquery; an event
    whose two sides share the value gives it once. (UNION ALL: no sort of every pair, which 100,000 events
    make slow.)"""
    e, where = s.events.c, f.clauses()
    source, target = e[f"source_{key}"], e[f"target_{key}"]
    return union_all(
        select(source.label("value")).where(*where),
        select(target).where(*where, target.is_distinct_from(source)),
    ).subquery()


def facets(db: Connection, f: EventFilter, limit: int = 10) -> dict[str, list[dict[str, Any]]]:
    """The most frequent types, countries and actors among the filtered events, with their counts
    (an event counts once for each side: a country or actor may be its source or its target)."""
    e = s.events.c
    count = func.count().label("count")
    plover = _rows(
        db,
        select(e.plover.label("value"), count)
        .where(*f.clauses())
        .group_by(e.plover)
        .order_by(desc(count), e.plover)
        .limit(limit),
    )
    found = []
    for key in ("country", "id"):
        sides = _sides(f, key)
        value = sides.c.value
        statement = select(value, count).where(value.is_not(None), value != UNIDENTIFIED.id).group_by(value)
        found.append(_rows(db, statement.order_by(desc(count), value).limit(limit)))
    countries, actor_rows = found
    if actor_rows:
        a = s.actors.c
        names = {r.id: r.name for r in db.execute(select(a.id, a.name).where(a.id.in_([x["value"] for x in actor_rows])))}
        for row in actor_rows:
            row["label"] = names.get(row["value"], row["value"])
    return {"plover": [r for r in plover if r["value"]], "country": countries, "actor": actor_rows}


def suggest_actors(db: Connection, text: str, limit: int = 10) -> list[dict[str, Any]]:
    """Actors whose name contains `text` (case-insensitive), names that start with it first."""
    needle = text.strip().lower()
    if not needle:
        return []
    pattern = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    a = s.actors.c
    name = func.lower(a.name)
    statement = (
        select(a.id, a.name, a.kind, a.country)
        .where(name.like(f"%{pattern}%", escape="\\"))
        .order_by(not_(name.like(f"{pattern}%", escape="\\")), a.known.desc(), func.length(a.name), a.name, a.id)
        .limit(limit)
    )
    return _rows(db, statement)


def actor_ids(db: Connection, value: str) -> tuple[str, ...]:
    """What the actor filter means: an actor id, or else every actor with exactly this name (any case)."""
    a = s.actors.c
    if db.execute(select(a.id).where(a.id == value)).first():
        return (value,)
    named = select(a.id).where(func.lower(a.name) == value.strip().lower()).order_by(a.known.desc(), a.id)
    return tuple(db.execute(named).scalars())


def _quotes_statement(f: EventFilter) -> Any:
    speaker = aliased(s.actors)
    return (
        select(s.quotes, s.articles.c.date.label("article_date"))
        .select_from(_quote_join(speaker))
        .where(*f.quote_clauses(speaker))
    )


def quotes(db: Connection, f: EventFilter, page: int = 1, page_size: int = 50) -> dict[str, Any]:
    """A page of the quotes the filter selects (`EventFilter.quote_clauses`), newest article first."""
    statement = _quotes_statement(f)
    total = db.execute(select(func.count()).select_from(statement.subquery())).scalar_one()
    q, a = s.quotes.c, s.articles.c
    ordered = statement.order_by(a.date.desc(), q.article_id, q.start, q.id).limit(page_size).offset((page - 1) * page_size)
    found = _quote_records(db, db.execute(ordered).mappings().all())
    return {"total": total, "page": page, "page_size": page_size, "quotes": found}


def iter_quotes(db: Connection, f: EventFilter) -> Iterator[dict[str, Any]]:
    q, a = s.quotes.c, s.articles.c
    result = db.execute(_quotes_statement(f).order_by(a.date, q.article_id, q.start, q.id)).mappings()
    while chunk := result.fetchmany(CHUNK):
        yield from _quote_records(db, chunk)


def iter_articles(db: Connection, f: EventFilter) -> Iterator[dict[str, Any]]:
    """Articles (failed ones too) dated in the filter's range; when the filter narrows the events (type,
    country, actor, ...), only the articles with at least one of those events."""
    a = s.articles.c
    where: list[Clause] = []
    for column, op, value in ((a.date, "__ge__", f.start), (a.date, "__le__", f.end), (a.id, "__eq__", f.article)):
        if value not in (None, ""):
            where.append(getattr(column, op)(value))
    narrowing = replace(f, start=None, end=None, article=None)
    if not narrowing.is_empty():
        where.append(a.id.in_(select(s.events.c.article_id).where(*narrowing.clauses())))
    columns = (a.id, a.title, a.date, a.source, a.url, a.status, a.error, a.origin, a.content_hash, a.metadata, a.text)
    result = db.execute(select(*columns).where(*where).order_by(a.date, a.id)).mappings()
    while chunk := result.fetchmany(CHUNK):
        for found in chunk:
            row = dict(found)
            row["metadata"] = json.loads(row["metadata"]) if row["metadata"] else {}
            yield row


def filtered_actors(db: Connection, f: EventFilter, page: int = 1, page_size: int = 50) -> dict[str, Any]:
    """The actors of the filtered events (every actor when nothing filters), most events first;
    `events` counts the filtered events each one is source or target of."""
    sides = _sides(f, "id")
    ranked = select(sides.c.value.label("id"), func.count().label("events")).where(sides.c.value.is_not(None))
    ranked_sq = ranked.group_by(sides.c.value).subquery()
    a = s.actors.c
    if f.is_empty():
        joined = s.actors.outerjoin(ranked_sq, ranked_sq.c.id == a.id)
    else:
        joined = s.actors.join(ranked_sq, ranked_sq.c.id == a.id)
    n_events = func.coalesce(ranked_sq.c.events, 0).label("events")
    total = db.execute(select(func.count()).select_from(joined)).scalar_one()
    statement = (
        select(a.id, a.name, a.kind, a.country, a.sector, a.known, n_events)
        .select_from(joined)
        .order_by(desc(n_events), a.name, a.id)
        .limit(page_size)
        .offset((page - 1) * page_size)
    )
    found = _rows(db, statement)
    for row in found:
        row["known"] = bool(row["known"])
    return {"total": total, "page": page, "page_size": page_size, "actors": found}


def search(db: Connection, query: str, limit: int = 50, timeout_s: float = SEARCH_TIMEOUT_S) -> dict[str, list[dict[str, Any]]]:
    """Full-text search over article text, actor names and quotes (see `dragoman.store.search` for the syntax).

    Raises SearchError for a query that is too long, has too many words or runs past `timeout_s`."""
    parsed = parse_query(query)
    results: dict[str, list[dict[str, Any]]] = {"article": [], "actor": [], "quote": []}
    if parsed.empty:
        return results
    for row in backend_of(db).search(db, parsed, limit, timeout_s):
        results[row["kind"]].append(row)
    return results


def all_actors(db: Connection) -> list[dict[str, Any]]:
    e, a = s.events.c, s.actors.c
    n_events = select(func.count()).select_from(s.events).where(or_(e.source_id == a.id, e.target_id == a.id)).scalar_subquery()
    count = n_events.label("events")
    return _rows(db, select(s.actors, count).order_by(desc(count), a.name, a.id))
