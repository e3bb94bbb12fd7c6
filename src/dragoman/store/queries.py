"""Read-side queries over the store, shared by the web explorer, its JSON API and the exports.

Every function takes the same `EventFilter`, so a filter means the same thing everywhere.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from typing import Any

from dragoman.records import UNIDENTIFIED

# Actor kinds that are places, not agents: never drawn as nodes of the network.
PLACE_KINDS = ("location", "place")
FIRST_SENTENCE = re.compile(r".+?[.!?](?=\s|$)", re.S)
FAILED_TEXT_SHOWN = 2_000  # characters of a failed article's text that the explorer shows
SORTABLE = {"date", "plover", "cameo", "source_name", "target_name", "confidence", "goldstein", "article_id"}


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

    def sql(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        for column, op, value in (
            ("date", ">=", self.start),
            ("date", "<=", self.end),
            ("plover", "=", self.plover),
            ("article_id", "=", self.article),
            ("quad_class", "=", self.quad_class),
            ("confidence", ">=", self.min_confidence),
        ):
            if value not in (None, ""):
                clauses.append(f"{column} {op} ?")
                params.append(value)
        if self.country:
            clauses.append("(source_country = ? OR target_country = ?)")
            params += [self.country, self.country]
        if self.actor_ids:
            marks = ",".join("?" * len(self.actor_ids))
            clauses.append(f"(source_id IN ({marks}) OR target_id IN ({marks}))")
            params += [*self.actor_ids, *self.actor_ids]
        elif self.actor:
            clauses.append("(source_id = ? OR target_id = ?)")
            params += [self.actor, self.actor]
        if self.pair:
            clauses.append("source_id = ? AND target_id = ?")
            params += list(self.pair)
        if not self.include_negated:
            clauses.append("negated = 0")
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

    def quote_sql(self) -> tuple[str, list[Any]]:
        """The same filter over quotes (`q`, joined with their article `a` and speaker `s`): dates are the
        article's, the actor is the speaker, the country the speaker's; types and confidence do not apply."""
        clauses: list[str] = []
        params: list[Any] = []
        for column, op, value in (("a.date", ">=", self.start), ("a.date", "<=", self.end), ("q.article_id", "=", self.article)):
            if value not in (None, ""):
                clauses.append(f"{column} {op} ?")
                params.append(value)
        if self.country:
            clauses.append("s.country = ?")
            params.append(self.country)
        ids = self.actor_ids or ((self.actor,) if self.actor else ())
        if ids:
            clauses.append(f"q.speaker_id IN ({','.join('?' * len(ids))})")
            params += list(ids)
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

    def is_empty(self) -> bool:
        """No filter narrows the events (negated events may still be included)."""
        return not {k for k in self.as_dict() if k != "include_negated"}

    def as_dict(self) -> dict[str, Any]:
        """The filter as URL parameters (what a link that keeps the filter carries)."""
        return {k: v for k, v in asdict(self).items() if v not in (None, "", False, ()) and k != "actor_ids"}


def _rows(db: sqlite3.Connection, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    cursor = db.execute(sql, params)
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def counts(db: sqlite3.Connection, f: EventFilter) -> dict[str, Any]:
    """Counts that follow the filter. Unfiltered: every stored article, actor and quote. Filtered: the
    articles and actors of the matching events, and the quotes the filter selects (`EventFilter.quote_sql`).
    `negated_events` counts the negated events the filter matches but does not show (0 when they are shown)."""
    where, params = f.sql()
    events = db.execute(f"SELECT COUNT(*) FROM events{where}", params).fetchone()[0]
    negated = 0
    if not f.include_negated:
        all_where, all_params = replace(f, include_negated=True).sql()
        negated = db.execute(f"SELECT COUNT(*) FROM events{all_where}", all_params).fetchone()[0] - events
    quote_where, quote_params = f.quote_sql()
    quotes = db.execute(
        f"SELECT COUNT(*) FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN actors s ON s.id = q.speaker_id{quote_where}",
        quote_params,
    ).fetchone()[0]
    if f.is_empty():
        articles = db.execute("SELECT COUNT(*) FROM articles WHERE status = 'ok'").fetchone()[0]
        actors = db.execute("SELECT COUNT(*) FROM actors").fetchone()[0]
    else:
        articles = db.execute(f"SELECT COUNT(DISTINCT article_id) FROM events{where}", params).fetchone()[0]
        actors = db.execute(
            f"SELECT COUNT(*) FROM (SELECT source_id AS id FROM events{where} UNION "
            f"SELECT target_id FROM events{where} AND target_id IS NOT NULL)",
            [*params, *params],
        ).fetchone()[0]
    return {
        "filtered": not f.is_empty(),
        "articles": articles,
        "failed_articles": db.execute("SELECT COUNT(*) FROM articles WHERE status = 'failed'").fetchone()[0],
        "actors": actors,
        "quotes": quotes,
        "events": events,
        "negated_events": negated,
        "include_negated": f.include_negated,
    }


def timeline(db: sqlite3.Connection, f: EventFilter) -> list[dict[str, Any]]:
    """Events per day, split by QuadClass (1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict)."""
    where, params = f.sql()
    rows = _rows(db, f"SELECT date, quad_class, COUNT(*) AS n FROM events{where} GROUP BY date, quad_class ORDER BY date", params)
    days: dict[str, dict[str, Any]] = {}
    for row in rows:
        day = days.setdefault(row["date"] or "undated", {"date": row["date"] or "undated", "q1": 0, "q2": 0, "q3": 0, "q4": 0})
        day[f"q{row['quad_class']}"] += row["n"]
    return list(days.values())


def network(db: sqlite3.Connection, f: EventFilter, max_nodes: int = 150) -> dict[str, Any]:
    """Actors as nodes (sized by activity), events between them as edges aggregated per pair."""
    where, params = f.sql()
    places = ",".join("?" * len(PLACE_KINDS))
    where += (" AND " if where else " WHERE ") + (
        "target_id IS NOT NULL AND source_id != target_id AND source_id != ? "
        f"AND source_id NOT IN (SELECT id FROM actors WHERE kind IN ({places})) "
        f"AND target_id NOT IN (SELECT id FROM actors WHERE kind IN ({places}))"
    )
    params = [*params, UNIDENTIFIED.id, *PLACE_KINDS, *PLACE_KINDS]  # an unnamed attacker or a place is no node
    edges = _rows(
        db,
        f"""
        SELECT source_id AS source, target_id AS target, COUNT(*) AS count,
               SUM(quad_class IN (1, 2)) AS cooperation, SUM(quad_class IN (3, 4)) AS conflict,
               SUM(quad_class = 1) AS q1, SUM(quad_class = 2) AS q2, SUM(quad_class = 3) AS q3, SUM(quad_class = 4) AS q4
        FROM events{where} GROUP BY source_id, target_id ORDER BY count DESC""",
        params,
    )
    activity: dict[str, int] = {}
    for edge in edges:
        for end in ("source", "target"):
            activity[edge[end]] = activity.get(edge[end], 0) + edge["count"]
    keep = set(sorted(activity, key=lambda a: -activity[a])[:max_nodes])
    edges = [e for e in edges if e["source"] in keep and e["target"] in keep]
    nodes = []
    if keep:
        marks = ",".join("?" * len(keep))
        for actor in _rows(db, f"SELECT id, name, kind, country, sector FROM actors WHERE id IN ({marks})", list(keep)):
            nodes.append({**actor, "count": activity[actor["id"]]})
    for edge in edges:
        edge["tone"] = "cooperation" if edge["cooperation"] >= edge["conflict"] else "conflict"
        edge["quad_class"] = max((1, 2, 3, 4), key=lambda n: (edge[f"q{n}"], -n))  # the most frequent QuadClass
    return {"nodes": sorted(nodes, key=lambda n: -n["count"]), "edges": edges, "truncated": len(activity) > len(keep)}


def events(
    db: sqlite3.Connection, f: EventFilter, sort: str = "date", descending: bool = False, page: int = 1, page_size: int = 50
) -> dict[str, Any]:
    where, params = f.sql()
    column = sort if sort in SORTABLE else "date"
    order = "DESC" if descending else "ASC"
    total = db.execute(f"SELECT COUNT(*) FROM events{where}", params).fetchone()[0]
    page = max(1, page)
    rows = db.execute(
        f"SELECT record FROM events{where} ORDER BY {column} {order}, id LIMIT ? OFFSET ?",
        [*params, page_size, (page - 1) * page_size],
    ).fetchall()
    return {
        "total": total,
        "page": page,
        "page_size": page_size,
        "sort": column,
        "descending": descending,
        "events": [json.loads(r[0]) for r in rows],
    }


def iter_events(db: sqlite3.Connection, f: EventFilter) -> Iterator[dict[str, Any]]:
    where, params = f.sql()
    for (record,) in db.execute(f"SELECT record FROM events{where} ORDER BY date, article_id, trigger_start", params):
        yield json.loads(record)


def actor(db: sqlite3.Connection, actor_id: str) -> dict[str, Any] | None:
    found = _rows(db, "SELECT * FROM actors WHERE id = ?", (actor_id,))
    if not found:
        return None
    mentions = _rows(
        db,
        """SELECT m.article_id, m.start, m."end", m.text, m.rule, m.role, a.date, a.title
                             FROM mentions m JOIN articles a ON a.id = m.article_id WHERE m.actor_id = ?
                             ORDER BY a.date, m.article_id, m.start""",
        (actor_id,),
    )
    as_source = [json.loads(r[0]) for r in db.execute("SELECT record FROM events WHERE source_id = ? ORDER BY date", (actor_id,))]
    as_target = [json.loads(r[0]) for r in db.execute("SELECT record FROM events WHERE target_id = ? ORDER BY date", (actor_id,))]
    quotes = _rows(
        db,
        """SELECT q.record, a.date FROM quotes q JOIN articles a ON a.id = q.article_id
                           WHERE q.speaker_id = ? ORDER BY a.date, q.start""",
        (actor_id,),
    )
    roles = sorted({m["role"] for m in mentions if m["role"]})
    return {
        **found[0],
        "known": bool(found[0]["known"]),
        "roles_seen": roles,
        "mentions": mentions,
        "events_as_source": as_source,
        "events_as_target": as_target,
        "quotes": [{**json.loads(q["record"]), "date": q["date"]} for q in quotes],
    }


def article(db: sqlite3.Connection, article_id: str) -> dict[str, Any] | None:
    found = _rows(
        db, "SELECT id, title, date, source, url, text, status, error, origin FROM articles WHERE id = ?", (article_id,)
    )
    if not found:
        return None
    mentions = _rows(
        db,
        """SELECT m.start, m."end", m.text, m.rule, m.actor_id, ac.name, ac.country, ac.sector, ac.kind
                             FROM mentions m JOIN actors ac ON ac.id = m.actor_id WHERE m.article_id = ? ORDER BY m.start""",
        (article_id,),
    )
    evs = [
        json.loads(r[0])
        for r in db.execute("SELECT record FROM events WHERE article_id = ? ORDER BY trigger_start", (article_id,))
    ]
    qs = [json.loads(r[0]) for r in db.execute("SELECT record FROM quotes WHERE article_id = ? ORDER BY start", (article_id,))]
    row = found[0]
    row["display_title"] = row["title"] or first_sentence(row["text"])
    row["text_truncated"] = row["status"] != "ok" and len(row["text"]) > FAILED_TEXT_SHOWN
    if row["text_truncated"]:  # a failed row (perhaps a huge upload) is never served back in full
        row["text"] = row["text"][:FAILED_TEXT_SHOWN]
    return {**row, "mentions": mentions, "events": evs, "quotes": qs}


def first_sentence(text: str, limit: int = 120) -> str:
    """What an untitled article is called: its first sentence, cut at `limit` characters."""
    match = FIRST_SENTENCE.match(text.strip())
    sentence = " ".join((match.group(0) if match else text).split())
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def articles(db: sqlite3.Connection, page: int = 1, page_size: int = 50) -> dict[str, Any]:
    """A page of articles; `display_title` is the title, or the first sentence where there is none.
    `events` counts the article's events that are not negated, `negated` the negated ones."""
    total = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    rows = _rows(
        db,
        """SELECT a.id, a.title, a.date, a.source, a.status, substr(a.text, 1, 400) AS opening
           FROM articles a ORDER BY a.date DESC, a.id LIMIT ? OFFSET ?""",
        (page_size, (max(1, page) - 1) * page_size),
    )
    ids = [row["id"] for row in rows]
    marks = ",".join("?" * len(ids))
    events = {
        (a, n): c
        for a, n, c in db.execute(
            f"SELECT article_id, negated, COUNT(*) FROM events WHERE article_id IN ({marks}) GROUP BY article_id, negated", ids
        )
    }
    quotes = dict(db.execute(f"SELECT article_id, COUNT(*) FROM quotes WHERE article_id IN ({marks}) GROUP BY article_id", ids))
    for row in rows:  # counted for this page only: a correlated count per stored article is slow on a large store
        row.update(events=events.get((row["id"], 0), 0), negated=events.get((row["id"], 1), 0), quotes=quotes.get(row["id"], 0))
    for row in rows:
        row["display_title"] = row["title"] or first_sentence(row.pop("opening"))
        row.pop("opening", None)
    return {"total": total, "page": page, "page_size": page_size, "articles": rows}


def _sides_sql(where: str, key: str) -> str:
    """The source's and the target's `key` of each filtered event as rows of `value`; an event whose two
    sides share the value gives it once. (UNION ALL: no sort of every pair, which 100,000 events make slow.)"""
    target = f"{where} AND" if where else " WHERE"
    return (
        f"SELECT source_{key} AS value FROM events{where} UNION ALL "
        f"SELECT target_{key} FROM events{target} target_{key} IS NOT source_{key}"
    )


def facets(db: sqlite3.Connection, f: EventFilter, limit: int = 10) -> dict[str, list[dict[str, Any]]]:
    """The most frequent types, countries and actors among the filtered events, with their counts
    (an event counts once for each side: a country or actor may be its source or its target)."""
    where, params = f.sql()
    plover = _rows(
        db,
        f"SELECT plover AS value, COUNT(*) AS count FROM events{where} GROUP BY plover ORDER BY count DESC, value LIMIT ?",
        [*params, limit],
    )
    sides = []
    for key in ("country", "id"):
        sides.append(
            _rows(
                db,
                f"""SELECT value, COUNT(*) AS count FROM ({_sides_sql(where, key)}) WHERE value IS NOT NULL AND value != ?
                    GROUP BY value ORDER BY count DESC, value LIMIT ?""",
                [*params, *params, UNIDENTIFIED.id, limit],
            )
        )
    countries, actor_rows = sides
    if actor_rows:
        marks = ",".join("?" * len(actor_rows))
        names = dict(
            db.execute(f"SELECT id, name FROM actors WHERE id IN ({marks})", [a["value"] for a in actor_rows]).fetchall()
        )
        for row in actor_rows:
            row["label"] = names.get(row["value"], row["value"])
    return {"plover": [r for r in plover if r["value"]], "country": countries, "actor": actor_rows}


def suggest_actors(db: sqlite3.Connection, text: str, limit: int = 10) -> list[dict[str, Any]]:
    """Actors whose name contains `text` (case-insensitive), names that start with it first."""
    needle = text.strip().lower()
    if not needle:
        return []
    pattern = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return _rows(
        db,
        """SELECT id, name, kind, country FROM actors WHERE lower(name) LIKE ? ESCAPE '\\'
           ORDER BY lower(name) NOT LIKE ? ESCAPE '\\', known DESC, length(name), name LIMIT ?""",
        (f"%{pattern}%", f"{pattern}%", limit),
    )


def actor_ids(db: sqlite3.Connection, value: str) -> tuple[str, ...]:
    """What the actor filter means: an actor id, or else every actor with exactly this name (any case)."""
    if db.execute("SELECT 1 FROM actors WHERE id = ?", (value,)).fetchone():
        return (value,)
    rows = db.execute("SELECT id FROM actors WHERE lower(name) = lower(?) ORDER BY known DESC, id", (value.strip(),))
    return tuple(r[0] for r in rows)


def quotes(db: sqlite3.Connection, f: EventFilter, page: int = 1, page_size: int = 50) -> dict[str, Any]:
    """A page of the quotes the filter selects (`EventFilter.quote_sql`), newest article first."""
    where, params = f.quote_sql()
    joins = " FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN actors s ON s.id = q.speaker_id"
    total = db.execute(f"SELECT COUNT(*){joins}{where}", params).fetchone()[0]
    rows = db.execute(
        f"SELECT q.record, a.date{joins}{where} ORDER BY a.date DESC, q.article_id, q.start LIMIT ? OFFSET ?",
        [*params, page_size, (page - 1) * page_size],
    ).fetchall()
    return {"total": total, "page": page, "page_size": page_size, "quotes": [{**json.loads(r[0]), "date": r[1]} for r in rows]}


def iter_quotes(db: sqlite3.Connection, f: EventFilter) -> Iterator[dict[str, Any]]:
    where, params = f.quote_sql()
    sql = (
        "SELECT q.record, a.date FROM quotes q JOIN articles a ON a.id = q.article_id "
        f"LEFT JOIN actors s ON s.id = q.speaker_id{where} ORDER BY a.date, q.article_id, q.start"
    )
    for record, day in db.execute(sql, params):
        yield {**json.loads(record), "date": day}


def filtered_actors(db: sqlite3.Connection, f: EventFilter, page: int = 1, page_size: int = 50) -> dict[str, Any]:
    """The actors of the filtered events (every actor when nothing filters), most events first;
    `events` counts the filtered events each one is source or target of."""
    where, params = f.sql()
    ranked = f"SELECT value AS id, COUNT(*) AS events FROM ({_sides_sql(where, 'id')}) WHERE value IS NOT NULL GROUP BY value"
    base = "SELECT a.id, a.name, a.kind, a.country, a.sector, a.known, COALESCE(r.events, 0) AS events FROM actors a"
    join = f" LEFT JOIN ({ranked}) r ON r.id = a.id" if f.is_empty() else f" JOIN ({ranked}) r ON r.id = a.id"
    total = db.execute(f"SELECT COUNT(*) FROM actors a{join}", [*params, *params]).fetchone()[0]
    rows = _rows(
        db, f"{base}{join} ORDER BY events DESC, a.name LIMIT ? OFFSET ?", [*params, *params, page_size, (page - 1) * page_size]
    )
    for row in rows:
        row["known"] = bool(row["known"])
    return {"total": total, "page": page, "page_size": page_size, "actors": rows}


def search(db: sqlite3.Connection, query: str, limit: int = 50) -> dict[str, list[dict[str, Any]]]:
    """Full-text search (SQLite FTS5) over article text, actor names and quotes."""
    terms = " ".join(f'"{word}"' for word in query.replace('"', " ").split())
    results: dict[str, list[dict[str, Any]]] = {"article": [], "actor": [], "quote": []}
    if not terms:
        return results
    rows = _rows(
        db,
        """SELECT kind, ref, article, title, snippet(search_index, 4, '[', ']', ' … ', 12) AS snippet
                        FROM search_index WHERE search_index MATCH ? ORDER BY rank LIMIT ?""",
        (terms, limit),
    )
    for row in rows:
        results[row["kind"]].append(row)
    return results


def all_actors(db: sqlite3.Connection) -> list[dict[str, Any]]:
    return _rows(
        db,
        """SELECT a.*, (SELECT COUNT(*) FROM events e WHERE e.source_id = a.id OR e.target_id = a.id) AS events
                        FROM actors a ORDER BY events DESC, name""",
    )
