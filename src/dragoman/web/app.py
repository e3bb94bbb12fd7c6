"""`dragoman serve`: the explorer. Every HTML page has a JSON twin under /api, documented at /openapi.json."""

from __future__ import annotations

import asyncio
import re
import shutil
import tempfile
import threading
import uuid
import weakref
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any, cast
from urllib.parse import urlencode

from fastapi import Depends, FastAPI, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy import Connection
from starlette.background import BackgroundTask

from dragoman.errors import SearchError
from dragoman.ontology import PLOVER_TYPES
from dragoman.records import Article
from dragoman.store import SqlStore, open_store
from dragoman.store import queries as q
from dragoman.store.search import MAX_QUERY_CHARS, MAX_QUERY_TERMS
from dragoman.web.downloads import FORMATS, TABLES, write_table
from dragoman.web.highlight import Span, event_spans, highlight
from dragoman.web.security import DEFAULT_MAX_UPLOAD, LOCAL_HOSTS, BodyTooLarge, Guard, SecurityMiddleware, safe_url
from dragoman.web.timeline import MAX_PERIODS, QUAD_COLOURS, QUAD_NAMES, UNITS, Period, choose_unit, count_periods, periods
from dragoman.web.timeline import svg as timeline_svg

HERE = Path(__file__).resolve().parent


def vis_network_js() -> Path | None:
    """vis-network as shipped inside the installed pyvis wheel (no CDN, nothing committed)."""
    try:
        import pyvis
    except ImportError:
        return None
    found = sorted(Path(pyvis.__file__).parent.glob("**/vis-network.min.js"))
    return found[-1] if found else None


def swagger_assets() -> Path | None:
    """Swagger UI 5's files as shipped by the installed swagger-ui-py package (no CDN, nothing committed)."""
    try:
        import swagger_ui
    except ImportError:
        return None
    folder = Path(swagger_ui.__file__).parent / "static"
    return folder if (folder / "swagger-ui-bundle.js").exists() else None


@dataclass
class Job:
    id: str
    total: int
    done: int = 0
    failed: int = 0
    status: str = "running"
    articles: list[str] = field(default_factory=list)
    error: str | None = None
    rejected: list[str] = field(default_factory=list)  # input lines that could not be read, with the reader's message
    warnings: list[str] = field(default_factory=list)  # what the reader repaired (bytes not UTF-8, ...), as the CLI says it


class Explorer:
    """State shared by the requests: the store (a pool of connections safe across threads), the jobs,
    and a lazily built pipeline."""

    def __init__(self, db: str | Path, allow_remote_add: bool) -> None:
        self.store = open_store(db)  # created and migrated once, here
        self.gate = ConnectionGate(self.store.max_connections)
        self.allow_remote_add = allow_remote_add
        self.jobs: dict[str, Job] = {}
        self._pipeline: Any = None
        self._kb: Any = None
        self._lock = threading.Lock()

    def role_on(self, actor_id: str, day: str | None) -> dict[str, Any] | None:
        """The role the knowledge base gives this actor on a date (its roles over time, for the actor page)."""
        with self._lock:
            if self._kb is None:
                from dragoman.actors.kb import load_kb

                self._kb = load_kb()
        actor = self._kb.actors.get(actor_id)
        if actor is None or not actor.roles:
            return None
        when = date.fromisoformat(day) if day else date.today()
        role = actor.role_on(when)
        history = [
            {
                "title": r.title,
                "country": r.country,
                "org": r.org,
                "start": str(r.start) if r.start else None,
                "end": str(r.end) if r.end else None,
            }
            for r in actor.roles
        ]
        return {"date": when.isoformat(), "title": role.title if role else None, "history": history}

    def pipeline(self) -> Any:
        with self._lock:
            if self._pipeline is None:
                from dragoman.pipeline import build_pipeline

                self._pipeline = build_pipeline()
            return self._pipeline

    def start_job(self, articles: list[Article]) -> Job:
        job = Job(id=uuid.uuid4().hex[:12], total=len(articles))
        self.jobs[job.id] = job
        threading.Thread(target=self._run, args=(job, articles), daemon=True).start()
        return job

    def _run(self, job: Job, articles: list[Article]) -> None:
        from dragoman.runner import InlineBackend, Outcome, run_articles

        def follow(outcome: Outcome) -> None:
            job.done += 1
            job.failed += outcome.result is not None and outcome.result.status == "failed"
            job.articles.append(outcome.article_id)

        try:
            run_articles(articles, InlineBackend(pipeline=self.pipeline()), self.store, on_outcome=follow)
            job.status = "done"
        except Exception as exc:
            job.status, job.error = "failed", f"{type(exc).__name__}: {exc}"


MAX_PAGE = 1_000_000  # far past any store's last page, and far below SQLite's integer limits
COUNTRY = re.compile(r"^[A-Za-z]{3}$")


def bad_request(message: str) -> HTTPException:
    return HTTPException(400, message)


def parse_day(name: str, value: str | None) -> str | None:
    """A YYYY-MM-DD date parameter, checked (`2019-13-01` is refused, not compared as a string)."""
    if value is None or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip()).isoformat() if len(value.strip()) == 10 else _not_a_date(name, value)
    except ValueError:
        return _not_a_date(name, value)


def number(name: str, value: str | None, kind: type[Any], low: float, high: float) -> Any:
    """An optional number parameter within [low, high]; empty is None."""
    if value is None or not value.strip():
        return None
    try:
        parsed = kind(value.strip())
    except ValueError:
        raise bad_request(f"{name}: {value!r} is not a number") from None
    if not low <= parsed <= high:
        raise bad_request(f"{name}: {value!r} is not between {low:g} and {high:g}")
    return parsed


def _not_a_date(name: str, value: str) -> str:
    raise bad_request(f"{name}: {value!r} is not a date; use YYYY-MM-DD, e.g. 2021-05-17")


def filters(
    db: Db,
    start: str | None = None,
    end: str | None = None,
    plover: str | None = None,
    country: str | None = None,
    actor: str | None = None,
    article: str | None = None,
    min_confidence: str | None = Query(None, description="Lowest event confidence, 0 to 1."),
    include_negated: bool = Query(False, description="Also count and show negated events ('did not attack')."),
    quad_class: str | None = Query(None, description="QuadClass 1 to 4."),
) -> q.EventFilter:
    """The explorer's filters, validated: a bad value is a 400 naming the parameter (an empty one is no filter,
    as a submitted form sends it)."""
    first, last = parse_day("start", start), parse_day("end", end)
    if first and last and first > last:
        raise bad_request(f"start {first} is after end {last}")
    kind = (plover or "").strip().upper() or None
    if kind and kind not in PLOVER_TYPES:
        raise bad_request(f"plover: {plover!r} is not a PLOVER event type (one of {', '.join(sorted(PLOVER_TYPES))})")
    code = (country or "").strip() or None
    if code and not COUNTRY.match(code):
        raise bad_request(f"country: {country!r} is not an ISO alpha-3 code such as USA or EGY")
    who = (actor or "").strip() or None
    ids: tuple[str, ...] = ()
    if who:
        ids = q.actor_ids(db, who)
        if not ids:
            near = [a["name"] for a in q.suggest_actors(db, who, 5)]
            hint = f"; did you mean {', '.join(near)}?" if near else ""
            raise bad_request(f"actor: no actor is named or has the id {who!r}{hint}")
    return q.EventFilter(
        start=first,
        end=last,
        plover=kind,
        country=code.upper() if code else None,
        actor=who,
        article=(article or "").strip() or None,
        min_confidence=number("min_confidence", min_confidence, float, 0.0, 1.0),
        include_negated=include_negated,
        quad_class=number("quad_class", quad_class, int, 1, 4),
        actor_ids=ids,
    )


class RequestConnection:
    """A request's store connection, taken from the store's pool (safe across threads) when a query first
    needs it, in the worker thread that runs the query, and given back when the request's handler is done."""

    def __init__(self, store: SqlStore) -> None:
        self._store = store
        self._conn: Connection | None = None
        self._lock = threading.Lock()

    def __getattr__(self, name: str) -> Any:
        with self._lock:
            if self._conn is None:
                self._conn = self._store.engine.connect()
        return getattr(self._conn, name)

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None


class ConnectionGate:
    """At most as many requests at once may hold a store connection as the store's pool has connections.

    A request waits here, on the event loop, before it takes a worker thread. Without the gate, requests
    holding connections could wait for worker threads held by requests waiting for connections: the
    explorer stalled (issue 16: 198 of 200 concurrent requests failed)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._by_loop: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = weakref.WeakKeyDictionary()

    def semaphore(self) -> asyncio.Semaphore:
        loop = asyncio.get_running_loop()
        if loop not in self._by_loop:
            self._by_loop[loop] = asyncio.Semaphore(self.size)
        return self._by_loop[loop]


async def connection(request: Request) -> AsyncIterator[Connection]:
    """One store connection per request (see RequestConnection and ConnectionGate)."""
    explorer = request.app.state.explorer
    async with explorer.gate.semaphore():
        conn = RequestConnection(explorer.store)
        try:
            yield cast(Connection, conn)
        finally:
            conn.close()


Db = Annotated[Connection, Depends(connection, scope="function")]  # given back before the response is written
Filters = Annotated[q.EventFilter, Depends(filters)]
Page = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page number, from 1.")]
PageParam = Annotated[int, Query(alias="page", ge=1, le=MAX_PAGE)]
UPLOAD = File(None)


def check_page(page: int, total: int, page_size: int) -> None:
    """A page past the last one is a 400 that says how many pages there are."""
    last = max(1, -(-total // page_size))
    if page > last:
        raise bad_request(f"page {page} is past the last page ({last}: {total} rows, {page_size} a page)")


def check_query(text: str) -> str:
    if "\x00" in text:
        raise bad_request("q: the query contains a NUL character")
    if len(text) > MAX_QUERY_CHARS or len(text.split()) > MAX_QUERY_TERMS:
        raise bad_request(f"q: a query is at most {MAX_QUERY_CHARS} characters and {MAX_QUERY_TERMS} words")
    return text


def create_app(
    db: str | Path,
    allow_remote_add: bool = False,
    allowed_hosts: tuple[str, ...] = (),
    max_upload: int = DEFAULT_MAX_UPLOAD,
) -> FastAPI:
    """The explorer over the store `db` (a SQLite path or a postgresql:// URL). `allowed_hosts` are host
    names besides localhost that may write (a deployed explorer's name); `max_upload` bounds a request body
    in bytes."""
    explorer = Explorer(db, allow_remote_add)
    guard = Guard(allowed_hosts, max_upload)
    app = FastAPI(
        title="dragoman explorer",
        version="0.1.0",
        description="Events, quotes and actors extracted by dragoman. Every page has a JSON twin here.",
        docs_url=None,
        redoc_url=None,
    )
    app.add_middleware(SecurityMiddleware, guard=guard)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals.update(PLOVER_TYPES=PLOVER_TYPES, QUAD_NAMES=QUAD_NAMES, QUAD_COLOURS=QUAD_COLOURS)
    templates.env.filters["evidence"] = lambda e: highlight(str(e["text"]), event_spans(e), int(e["start"]))
    templates.env.filters["safe_url"] = safe_url
    templates.env.filters["query"] = lambda params, **extra: urlencode(
        {k: v for k, v in {**params, **extra}.items() if v not in (None, "", False)}
    )
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    swagger = swagger_assets()
    if swagger is not None:
        app.mount("/docs-assets", StaticFiles(directory=str(swagger)), name="docs-assets")
    app.state.explorer = explorer
    app.state.guard = guard

    def page(request: Request, name: str, api: str, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, {"api": api, **context})

    @app.get("/vendor/vis-network.min.js", include_in_schema=False)
    def vendor_vis() -> FileResponse:
        path = vis_network_js()
        if path is None:
            raise HTTPException(404, "vis-network is not installed (pip install pyvis)")
        return FileResponse(path, media_type="application/javascript")

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        """Swagger UI from the installed swagger-ui-py package (no CDN), and a plain list of the endpoints."""
        endpoints = [
            {"method": method.upper(), "path": path, "summary": op.get("summary", "")}
            for path, item in app.openapi()["paths"].items()
            for method, op in item.items()
        ]
        return page(request, "docs.html", "/openapi.json", endpoints=endpoints, swagger=swagger is not None)

    # ---- JSON API -------------------------------------------------------------------------------
    @app.get("/api/overview", tags=["overview"])
    def api_overview(db: Db, f: Filters, unit: str | None = Query(None, pattern="^(day|week|month)$")) -> dict[str, Any]:
        """Counts that follow the filters, events per day, and per period (`unit`: day, week or month, chosen from
        the range when absent), each split by QuadClass."""
        days = q.timeline(db, f)
        chosen, series = _periods(f, days, unit)
        return {
            "filter": f.as_dict(),
            "counts": q.counts(db, f),
            "timeline": days,
            "periods": {"unit": chosen, "periods": [p.as_dict() for p in series], "undated": _undated(days)},
        }

    @app.get("/api/network", tags=["network"])
    def api_network(db: Db, f: Filters, max_nodes: int = Query(150, ge=2, le=2000)) -> dict[str, Any]:
        """Actors as nodes sized by activity; events between them as edges weighted by count (places are no nodes)."""
        return {"filter": f.as_dict(), **q.network(db, f, max_nodes)}

    @app.get("/api/events", tags=["events"])
    def api_events(
        db: Db,
        f: Filters,
        page: Page = 1,
        sort: str = Query("date", pattern=f"^({'|'.join(sorted(q.SORTABLE))})$"),
        desc: bool = False,
        page_size: int = Query(50, ge=1, le=500),
        source: str | None = None,
        target: str | None = None,
        facets: bool = False,
    ) -> dict[str, Any]:
        """A page of events; `source` and `target` together select one network edge; `facets=true` adds counts
        by type, country and actor."""
        if source and target:
            f = q.EventFilter(**{**f.__dict__, "pair": (source, target)})
        result = q.events(db, f, sort, desc, page, page_size)
        check_page(page, result["total"], page_size)
        extra = {"facets": q.facets(db, f)} if facets else {}
        return {"filter": f.as_dict(), "counts": q.counts(db, f), **result, **extra}

    @app.get("/api/quotes", tags=["quotes"])
    def api_quotes(db: Db, f: Filters, page: Page = 1) -> dict[str, Any]:
        """A page of quotes: dates are the article's, `actor` is the speaker, `country` the speaker's country."""
        result = q.quotes(db, f, page)
        check_page(page, result["total"], result["page_size"])
        return {"filter": f.as_dict(), **result}

    @app.get("/api/actors", tags=["actors"])
    def api_actors(db: Db, f: Filters, page: Page = 1) -> dict[str, Any]:
        """A page of the actors of the filtered events (all actors unfiltered), most events first."""
        result = q.filtered_actors(db, f, page)
        check_page(page, result["total"], result["page_size"])
        return {"filter": f.as_dict(), **result}

    @app.get("/api/actor-suggestions", tags=["actors"])
    def api_suggest(db: Db, q_: str = Query("", alias="q", max_length=200)) -> dict[str, Any]:
        """Actors whose name contains `q`, for the actor filter's suggestions as you type."""
        return {"query": q_, "actors": q.suggest_actors(db, check_query(q_))}

    @app.get("/api/actors/{actor_id}", tags=["actors"])
    def api_actor(db: Db, actor_id: str, day: str | None = Query(None, alias="date"), page: Page = 1) -> dict[str, Any]:
        """An actor, with their role on `date` (default today) and roles over time when the knowledge base has them;
        mentions, events and quotes come a page at a time (`totals` counts each list)."""
        found = _actor_page(db, actor_id, page)
        return {**found, "role_on_date": explorer.role_on(actor_id, _valid_day(day))}

    @app.get("/api/articles", tags=["articles"])
    def api_articles(db: Db, page: Page = 1) -> dict[str, Any]:
        result = q.articles(db, page)
        check_page(page, result["total"], result["page_size"])
        return result

    @app.get("/api/articles/{article_id}", tags=["articles"])
    def api_article(db: Db, article_id: str) -> dict[str, Any]:
        return _safe_article(found_or_404(q.article(db, article_id), "article", article_id))

    @app.get("/api/search", tags=["search"])
    def api_search(db: Db, q_: str = Query("", alias="q")) -> dict[str, Any]:
        """Full-text search over article text, actor names and quotes."""
        return {"query": q_, "results": q.search(db, check_query(q_))}

    @app.get("/api/csrf", tags=["add"])
    def api_csrf() -> dict[str, str]:
        """The token a POST to /api/jobs carries (`csrf_token` field or `X-CSRF-Token` header); only this
        explorer's own pages can read it."""
        return {"csrf_token": guard.csrf_token()}

    @app.post("/api/jobs", tags=["add"], status_code=202)
    def api_add(
        request: Request,
        text: str = Form(""),
        title: str = Form(""),
        day: str = Form("", alias="date"),
        csrf_token: str = Form(""),
        upload: UploadFile | None = UPLOAD,
    ) -> dict[str, Any]:
        """Process pasted text or an uploaded .txt/.jsonl/.csv file; poll /api/jobs/{id} for progress.
        Lines that cannot be read are listed in `rejected`, with the CLI's messages."""
        host = request.client.host if request.client else ""
        if not explorer.allow_remote_add and host not in LOCAL_HOSTS:
            raise HTTPException(403, "adding articles is limited to localhost (start with --allow-remote-add)")
        if not guard.check_csrf(csrf_token or request.headers.get("x-csrf-token")):
            raise HTTPException(403, "missing or wrong CSRF token: send the add form's csrf_token (see /api/csrf)")
        articles, rejected = _articles_from_form(text, title, parse_day("date", day), upload)
        if not articles:
            detail = "; ".join(rejected[:5]) if rejected else "paste a text or upload a file"
            raise bad_request(f"nothing to process: {detail}")
        job = explorer.start_job(articles)
        job.rejected = rejected
        job.warnings = [f"{a.origin or a.id}: {w}" for a in articles for w in a.warnings]
        return _job_dict(job)

    @app.get("/api/jobs/{job_id}", tags=["add"])
    def api_job(job_id: str) -> dict[str, Any]:
        job = explorer.jobs.get(job_id)
        if job is None:
            raise HTTPException(404, f"no job {job_id!r}")
        return _job_dict(job)

    @app.get("/download/{table}.{fmt}", tags=["downloads"])
    def download(db: Db, f: Filters, table: str, fmt: str) -> FileResponse:
        """The events, quotes or actors of a page, with its filters, as csv, jsonl or parquet."""
        if table not in TABLES or fmt not in FORMATS:
            raise HTTPException(404, f"no download {table}.{fmt}: tables {', '.join(TABLES)}; formats {', '.join(FORMATS)}")
        folder = Path(tempfile.mkdtemp(prefix="dragoman-download-"))
        out = folder / f"{table}.{fmt}"
        write_table(db, table, fmt, f, out)
        return FileResponse(
            out,
            media_type=FORMATS[fmt],
            filename=f"dragoman-{table}.{fmt}",
            background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
        )

    # ---- pages ----------------------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def overview(
        request: Request, db: Db, f: Filters, unit: str | None = Query(None, pattern="^(day|week|month)$")
    ) -> HTMLResponse:
        days = q.timeline(db, f)
        chosen, series = _periods(f, days, unit)
        params = f.as_dict()
        chart = timeline_svg(series, chosen, lambda p: "/?" + urlencode({**params, "start": p.start, "end": p.end}))
        return page(
            request,
            "overview.html",
            "/api/overview",
            f=f,
            counts=q.counts(db, f),
            chart=chart,
            unit=chosen,
            periods=series,
            undated=_undated(days),
            units=UNITS,
        )

    @app.get("/network", response_class=HTMLResponse, include_in_schema=False)
    def network_page(request: Request, f: Filters) -> HTMLResponse:
        return page(request, "network.html", "/api/network", f=f)

    @app.get("/events", response_class=HTMLResponse, include_in_schema=False)
    def events_page(
        request: Request,
        db: Db,
        f: Filters,
        sort: str = Query("date", pattern=f"^({'|'.join(sorted(q.SORTABLE))})$"),
        desc: bool = False,
        page_number: PageParam = 1,
    ) -> HTMLResponse:
        result = q.events(db, f, sort, desc, page_number)
        check_page(page_number, result["total"], result["page_size"])
        return page(
            request,
            "events.html",
            "/api/events",
            f=f,
            result=result,
            counts=q.counts(db, f),
            facets=q.facets(db, f),
            table="events",
        )

    @app.get("/quotes", response_class=HTMLResponse, include_in_schema=False)
    def quotes_page(
        request: Request, db: Db, f: Filters, page_number: int = Query(1, alias="page", ge=1, le=MAX_PAGE)
    ) -> HTMLResponse:
        result = q.quotes(db, f, page_number)
        check_page(page_number, result["total"], result["page_size"])
        return page(request, "quotes.html", "/api/quotes", f=f, result=result, table="quotes")

    @app.get("/actors", response_class=HTMLResponse, include_in_schema=False)
    def actors_page(
        request: Request, db: Db, f: Filters, page_number: int = Query(1, alias="page", ge=1, le=MAX_PAGE)
    ) -> HTMLResponse:
        result = q.filtered_actors(db, f, page_number)
        check_page(page_number, result["total"], result["page_size"])
        return page(request, "actors.html", "/api/actors", f=f, result=result, table="actors")

    @app.get("/actors/{actor_id}", response_class=HTMLResponse, include_in_schema=False)
    def actor_page(
        request: Request, db: Db, actor_id: str, day: str | None = Query(None, alias="date"), page_number: PageParam = 1
    ) -> HTMLResponse:
        found = _actor_page(db, actor_id, page_number)
        role = explorer.role_on(actor_id, _valid_day(day))
        return page(request, "actor.html", f"/api/actors/{actor_id}", actor=found, role=role)

    @app.get("/articles", response_class=HTMLResponse, include_in_schema=False)
    def articles_page(request: Request, db: Db, page_number: PageParam = 1) -> HTMLResponse:
        result = q.articles(db, page_number)
        check_page(page_number, result["total"], result["page_size"])
        return page(request, "articles.html", "/api/articles", result=result)

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, db: Db, article_id: str) -> HTMLResponse:
        found = _safe_article(found_or_404(q.article(db, article_id), "article", article_id))
        return page(request, "article.html", f"/api/articles/{article_id}", article=found, body=_article_html(found))

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, db: Db, q_: str = Query("", alias="q")) -> HTMLResponse:
        return page(request, "search.html", "/api/search", query=q_, results=q.search(db, check_query(q_)))

    @app.get("/add", response_class=HTMLResponse, include_in_schema=False)
    def add_page(request: Request) -> HTMLResponse:
        host = request.client.host if request.client else ""
        allowed = explorer.allow_remote_add or host in LOCAL_HOSTS
        return page(request, "add.html", "/api/jobs", allowed=allowed, csrf_token=guard.csrf_token(), max_upload=guard.max_upload)

    def error_response(request: Request, status: int, message: str) -> Any:
        if request.url.path.startswith(("/api/", "/download/")):
            return JSONResponse({"error": message}, status_code=status)
        return templates.TemplateResponse(
            request, "error.html", {"api": None, "message": message, "status": status}, status_code=status
        )

    @app.exception_handler(HTTPException)
    def errors(request: Request, exc: HTTPException) -> Any:
        return error_response(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    def invalid(request: Request, exc: RequestValidationError) -> Any:
        """A parameter that fails validation is a 400 naming the parameter, on pages and in the JSON twins."""
        problems = [f"{'.'.join(str(p) for p in e['loc'][1:]) or e['loc'][0]}: {e['msg']}" for e in exc.errors()]
        return error_response(request, 400, "; ".join(problems))

    @app.exception_handler(SearchError)
    def bad_search(request: Request, exc: SearchError) -> Any:
        """A search too long, with too many words, or past its time limit: a 400 that says which."""
        return error_response(request, 400, str(exc))

    @app.exception_handler(BodyTooLarge)
    def too_large(request: Request, exc: BodyTooLarge) -> Any:
        return error_response(request, 413, str(exc))

    return app


def _periods(f: q.EventFilter, days: list[dict[str, Any]], unit: str | None) -> tuple[str, list[Period]]:
    """The timeline's periods from the filter's start (or the first event) to its end (or the last event)."""
    dated = [date.fromisoformat(d["date"]) for d in days if d["date"] not in (None, "undated")]
    if not dated and not (f.start and f.end):
        return unit or "day", []
    first = date.fromisoformat(f.start) if f.start else min(dated)
    last = date.fromisoformat(f.end) if f.end else max(dated)
    chosen = unit or choose_unit(first, last)
    if count_periods(first, last, chosen) > MAX_PERIODS:
        raise bad_request(f"unit: {count_periods(first, last, chosen):,} {chosen}s is too many to draw; choose week or month")
    return chosen, periods(days, first, last, chosen)


def _undated(days: list[dict[str, Any]]) -> int:
    return sum(d["q1"] + d["q2"] + d["q3"] + d["q4"] for d in days if d["date"] in (None, "undated"))


def _safe_article(found: dict[str, Any]) -> dict[str, Any]:
    """The article with its URL only when it is http(s): a `javascript:` URL is never served as a link."""
    return {
        **found,
        "url": safe_url(found.get("url")),
        "url_refused": bool(found.get("url")) and safe_url(found.get("url")) is None,
    }


def _valid_day(day: str | None) -> str | None:
    return parse_day("date", day)


def _actor_page(db: Connection, actor_id: str, page: int) -> dict[str, Any]:
    """One page of an actor's lists; a page past the longest list is a 400."""
    found = found_or_404(q.actor(db, actor_id, page), "actor", actor_id)
    check_page(page, max(found["totals"].values()), found["page_size"])
    return found


def found_or_404(found: dict[str, Any] | None, what: str, ident: str) -> dict[str, Any]:
    if found is None:
        raise HTTPException(404, f"no {what} {ident!r}")
    return found


def _job_dict(job: Job) -> dict[str, Any]:
    return {
        "id": job.id,
        "status": job.status,
        "total": job.total,
        "done": job.done,
        "failed": job.failed,
        "articles": job.articles,
        "error": job.error,
        "rejected": job.rejected,
        "warnings": job.warnings,
    }


def _articles_from_form(text: str, title: str, day: str | None, upload: UploadFile | None) -> tuple[list[Article], list[str]]:
    """The pasted text and the uploaded file's articles, read as the CLI reads a file of that name; and the
    messages of the records that could not be read (never dropped silently)."""
    from dragoman.errors import InputError
    from dragoman.io.readers import read_upload

    when = date.fromisoformat(day) if day else None
    articles: list[Article] = []
    rejected: list[str] = []
    if text.strip():
        articles.append(
            Article(
                id=f"pasted-{uuid.uuid5(uuid.NAMESPACE_URL, text).hex[:12]}",
                text=text,
                date=when,
                title=title or None,
                origin="pasted",
            )
        )
    if upload is not None and upload.filename:
        name = Path(upload.filename).name
        for item in read_upload(upload.file.read(), name, when):
            if isinstance(item, InputError):
                rejected.append(str(item))
            else:
                articles.append(item)
    return articles, rejected


def _article_html(found: dict[str, Any]) -> Any:
    """The article's text with its mentions, triggers and quotes highlighted; each event's sentence carries
    the anchor `ev-<id>` that the events' "article" links land on, and the class `s<n>` that marks it."""
    spans = [
        Span(m["start"], m["end"], "mention", f"{m['name']} ({m['country'] or '-'} {m['sector'] or ''})")
        for m in found["mentions"]
    ]
    spans += [Span(e["trigger_start"], e["trigger_end"], "trigger", f"{e['plover']} {e['cameo']}") for e in found["events"]]
    spans += [
        Span(x["start"], x["end"], "quote", f"{x['kind']} quote: {(x['speaker'] or {}).get('name', '?')}")
        for x in found["quotes"]
    ]
    sentences: dict[tuple[int, int], int] = {}
    anchors: dict[int, list[str]] = {}
    for e in found["events"]:
        number = sentences.setdefault((e["start"], e["end"]), len(sentences))
        anchors.setdefault(e["start"], []).append(f"ev-{e['id']}")
        spans.append(Span(e["start"], e["end"], f"sent s{number}"))
    return highlight(found["text"], spans, anchors=anchors)
