"""Read-side queries over the store, shared by the web explorer, its JSON API and the exports.

Every function takes the same `EventFilter`, so a filter means the same thing everywhere.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

from dragoman.records import UNIDENTIFIED

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

    def sql(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        for column, op, value in (
            ("date", ">=", self.start),
            ("date", "<=", self.end),
            ("plover", "=", self.plover),
            ("article_id", "=", self.article),
            ("quad_class", "=", self.quad_class),
        ):
            if value not in (None, ""):
                clauses.append(f"{column} {op} ?")
                params.append(value)
        if self.country:
            clauses.append("(source_country = ? OR target_country = ?)")
            params += [self.country, self.country]
        if self.actor:
            clauses.append("(source_id = ? OR target_id = ?)")
            params += [self.actor, self.actor]
        if self.pair:
            clauses.append("source_id = ? AND target_id = ?")
            params += list(self.pair)
        if not self.include_negated:
            clauses.append("negated = 0")
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v not in (None, "", False)}


def _rows(db: sqlite3.Connection, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    cursor = db.execute(sql, params)
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def counts(db: sqlite3.Connection, f: EventFilter) -> dict[str, int]:
    where, params = f.sql()
    return {
        "articles": db.execute("SELECT COUNT(*) FROM articles WHERE status = 'ok'").fetchone()[0],
        "failed_articles": db.execute("SELECT COUNT(*) FROM articles WHERE status = 'failed'").fetchone()[0],
        "actors": db.execute("SELECT COUNT(*) FROM actors").fetchone()[0],
        "quotes": db.execute("SELECT COUNT(*) FROM quotes").fetchone()[0],
        "events": db.execute(f"SELECT COUNT(*) FROM events{where}", params).fetchone()[0],
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
    where += (" AND " if where else " WHERE ") + "target_id IS NOT NULL AND source_id != target_id AND source_id != ?"
    params = [*params, UNIDENTIFIED.id]  # an unnamed attacker is no node of the network
    edges = _rows(
        db,
        f"""
        SELECT source_id AS source, target_id AS target, COUNT(*) AS count,
               SUM(quad_class IN (1, 2)) AS cooperation, SUM(quad_class IN (3, 4)) AS conflict
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
    return {**found[0], "mentions": mentions, "events": evs, "quotes": qs}


def articles(db: sqlite3.Connection, page: int = 1, page_size: int = 50) -> dict[str, Any]:
    total = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    rows = _rows(
        db,
        """SELECT a.id, a.title, a.date, a.source, a.status,
                               (SELECT COUNT(*) FROM events e WHERE e.article_id = a.id) AS events,
                               (SELECT COUNT(*) FROM quotes q WHERE q.article_id = a.id) AS quotes
                        FROM articles a ORDER BY a.date DESC, a.id LIMIT ? OFFSET ?""",
        (page_size, (max(1, page) - 1) * page_size),
    )
    return {"total": total, "page": page, "articles": rows}


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
