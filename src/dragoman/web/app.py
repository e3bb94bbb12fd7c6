"""`dragoman serve`: the explorer. Every HTML page has a JSON twin under /api, documented at /openapi.json."""

from __future__ import annotations

import sqlite3
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from dragoman.ontology import PLOVER_TYPES
from dragoman.records import Article
from dragoman.store import open_store
from dragoman.store import queries as q
from dragoman.web.highlight import Span, event_spans, highlight

HERE = Path(__file__).resolve().parent
LOCAL_HOSTS = {"127.0.0.1", "::1", "localhost", "testclient"}
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


def vis_network_js() -> Path | None:
    """vis-network as shipped inside the installed pyvis wheel (no CDN, nothing committed)."""
    try:
        import pyvis
    except ImportError:
        return None
    found = sorted(Path(pyvis.__file__).parent.glob("**/vis-network.min.js"))
    return found[-1] if found else None


@dataclass
class Job:
    id: str
    total: int
    done: int = 0
    failed: int = 0
    status: str = "running"
    articles: list[str] = field(default_factory=list)
    error: str | None = None


class Explorer:
    """State shared by the requests: the store's path, the jobs, and a lazily built pipeline."""

    def __init__(self, db_path: Path, allow_remote_add: bool) -> None:
        self.db_path = db_path
        self.allow_remote_add = allow_remote_add
        self.jobs: dict[str, Job] = {}
        self._pipeline: Any = None
        self._kb: Any = None
        self._lock = threading.Lock()
        open_store(db_path).close()  # create and migrate once

    def connect(self) -> Iterator[sqlite3.Connection]:
        store = open_store(self.db_path, migrate=False)  # migrated once, when the explorer started
        try:
            yield store.db
        finally:
            store.close()

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
        store = open_store(self.db_path)
        try:
            for result in self.pipeline().pipe(articles):
                store.save(result)
                job.done += 1
                job.failed += result.status == "failed"
                job.articles.append(result.article.id)
            job.status = "done"
        except Exception as exc:
            job.status, job.error = "failed", f"{type(exc).__name__}: {exc}"
        finally:
            store.close()


def filters(
    start: str | None = None,
    end: str | None = None,
    plover: str | None = None,
    country: str | None = None,
    actor: str | None = None,
    article: str | None = None,
) -> q.EventFilter:
    clean = {
        k: (v.strip() or None) if isinstance(v, str) else v
        for k, v in dict(start=start, end=end, plover=plover, country=country, actor=actor, article=article).items()
    }
    if clean["country"]:
        clean["country"] = str(clean["country"]).upper()
    return q.EventFilter(**clean)  # type: ignore[arg-type]


Filters = Annotated[q.EventFilter, Depends(filters)]


def connection(request: Request) -> Iterator[sqlite3.Connection]:
    """One store connection per request (SQLite connections are cheap and not shared across threads)."""
    yield from request.app.state.explorer.connect()


Db = Annotated[sqlite3.Connection, Depends(connection)]
UPLOAD = File(None)


def create_app(db_path: Path, allow_remote_add: bool = False) -> FastAPI:
    explorer = Explorer(Path(db_path), allow_remote_add)
    app = FastAPI(
        title="dragoman explorer",
        version="0.1.0",
        description="Events, quotes and actors extracted by dragoman. Every page has a JSON twin here.",
    )
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals.update(PLOVER_TYPES=PLOVER_TYPES, QUAD_NAMES=QUAD_NAMES)
    templates.env.filters["evidence"] = lambda e: highlight(str(e["text"]), event_spans(e), int(e["start"]))
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.state.explorer = explorer

    def page(request: Request, name: str, api: str, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, {"api": api, **context})

    @app.get("/vendor/vis-network.min.js", include_in_schema=False)
    def vendor_vis() -> FileResponse:
        path = vis_network_js()
        if path is None:
            raise HTTPException(404, "vis-network is not installed (pip install pyvis)")
        return FileResponse(path, media_type="application/javascript")

    # ---- JSON API -------------------------------------------------------------------------------
    @app.get("/api/overview", tags=["overview"])
    def api_overview(db: Db, f: Filters) -> dict[str, Any]:
        """Counts and events per day split by QuadClass."""
        return {"filter": f.as_dict(), "counts": q.counts(db, f), "timeline": q.timeline(db, f)}

    @app.get("/api/network", tags=["network"])
    def api_network(db: Db, f: Filters, max_nodes: int = Query(150, ge=2, le=2000)) -> dict[str, Any]:
        """Actors as nodes sized by activity; events between them as edges weighted by count."""
        return {"filter": f.as_dict(), **q.network(db, f, max_nodes)}

    @app.get("/api/events", tags=["events"])
    def api_events(
        db: Db,
        f: Filters,
        sort: str = "date",
        desc: bool = False,
        page: int = Query(1, ge=1),
        page_size: int = Query(50, ge=1, le=500),
        source: str | None = None,
        target: str | None = None,
    ) -> dict[str, Any]:
        """A page of events; `source` and `target` together select one network edge."""
        if source and target:
            f = q.EventFilter(**{**f.__dict__, "pair": (source, target)})
        return {"filter": f.as_dict(), **q.events(db, f, sort, desc, page, page_size)}

    @app.get("/api/actors", tags=["actors"])
    def api_actors(db: Db) -> dict[str, Any]:
        return {"actors": q.all_actors(db)}

    @app.get("/api/actors/{actor_id}", tags=["actors"])
    def api_actor(db: Db, actor_id: str, day: str | None = Query(None, alias="date")) -> dict[str, Any]:
        """An actor, with their role on `date` (default today) and roles over time when the knowledge base has them."""
        found = found_or_404(q.actor(db, actor_id), "actor", actor_id)
        return {**found, "role_on_date": explorer.role_on(actor_id, _valid_day(day))}

    @app.get("/api/articles", tags=["articles"])
    def api_articles(db: Db, page: int = Query(1, ge=1)) -> dict[str, Any]:
        return q.articles(db, page)

    @app.get("/api/articles/{article_id}", tags=["articles"])
    def api_article(db: Db, article_id: str) -> dict[str, Any]:
        return found_or_404(q.article(db, article_id), "article", article_id)

    @app.get("/api/search", tags=["search"])
    def api_search(db: Db, q_: str = Query("", alias="q")) -> dict[str, Any]:
        """Full-text search over article text, actor names and quotes."""
        return {"query": q_, "results": q.search(db, q_)}

    @app.post("/api/jobs", tags=["add"], status_code=202)
    def api_add(
        request: Request,
        text: str = Form(""),
        title: str = Form(""),
        day: str = Form("", alias="date"),
        upload: UploadFile | None = UPLOAD,
    ) -> dict[str, Any]:
        """Process pasted text or an uploaded .txt/.jsonl/.csv file; poll /api/jobs/{id} for progress."""
        host = request.client.host if request.client else ""
        if not explorer.allow_remote_add and host not in LOCAL_HOSTS:
            raise HTTPException(403, "adding articles is limited to localhost (start with --allow-remote-add)")
        articles = _articles_from_form(text, title, day, upload)
        if not articles:
            raise HTTPException(422, "nothing to process: paste a text or upload a file")
        return _job_dict(explorer.start_job(articles))

    @app.get("/api/jobs/{job_id}", tags=["add"])
    def api_job(job_id: str) -> dict[str, Any]:
        job = explorer.jobs.get(job_id)
        if job is None:
            raise HTTPException(404, f"no job {job_id!r}")
        return _job_dict(job)

    # ---- pages ----------------------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def overview(request: Request, db: Db, f: Filters) -> HTMLResponse:
        return page(request, "overview.html", "/api/overview", f=f, counts=q.counts(db, f), timeline=q.timeline(db, f))

    @app.get("/network", response_class=HTMLResponse, include_in_schema=False)
    def network_page(request: Request, f: Filters) -> HTMLResponse:
        return page(request, "network.html", "/api/network", f=f)

    @app.get("/events", response_class=HTMLResponse, include_in_schema=False)
    def events_page(
        request: Request,
        db: Db,
        f: Filters,
        sort: str = "date",
        desc: bool = False,
        page_number: int = Query(1, alias="page", ge=1),
    ) -> HTMLResponse:
        return page(request, "events.html", "/api/events", f=f, result=q.events(db, f, sort, desc, page_number))

    @app.get("/actors/{actor_id}", response_class=HTMLResponse, include_in_schema=False)
    def actor_page(request: Request, db: Db, actor_id: str, day: str | None = Query(None, alias="date")) -> HTMLResponse:
        found = found_or_404(q.actor(db, actor_id), "actor", actor_id)
        role = explorer.role_on(actor_id, _valid_day(day))
        return page(request, "actor.html", f"/api/actors/{actor_id}", actor=found, role=role)

    @app.get("/articles", response_class=HTMLResponse, include_in_schema=False)
    def articles_page(request: Request, db: Db, page_number: int = Query(1, alias="page", ge=1)) -> HTMLResponse:
        return page(request, "articles.html", "/api/articles", result=q.articles(db, page_number))

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, db: Db, article_id: str) -> HTMLResponse:
        found = found_or_404(q.article(db, article_id), "article", article_id)
        return page(request, "article.html", f"/api/articles/{article_id}", article=found, body=_article_html(found))

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, db: Db, q_: str = Query("", alias="q")) -> HTMLResponse:
        return page(request, "search.html", "/api/search", query=q_, results=q.search(db, q_))

    @app.get("/add", response_class=HTMLResponse, include_in_schema=False)
    def add_page(request: Request) -> HTMLResponse:
        host = request.client.host if request.client else ""
        allowed = explorer.allow_remote_add or host in LOCAL_HOSTS
        return page(request, "add.html", "/api/jobs", allowed=allowed)

    @app.exception_handler(HTTPException)
    def errors(request: Request, exc: HTTPException) -> Any:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": exc.detail}, status_code=exc.status_code)
        return templates.TemplateResponse(
            request, "error.html", {"api": None, "message": exc.detail}, status_code=exc.status_code
        )

    return app


def _valid_day(day: str | None) -> str | None:
    if not day:
        return None
    try:
        return date.fromisoformat(day).isoformat()
    except ValueError:
        raise HTTPException(422, f"date {day!r} is not YYYY-MM-DD") from None


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
    }


def _articles_from_form(text: str, title: str, day: str, upload: UploadFile | None) -> list[Article]:
    from dragoman.io.readers import READERS

    when = date.fromisoformat(day) if day else None
    articles: list[Article] = []
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
        import io

        reader = READERS.get(Path(upload.filename).suffix.lower())
        if reader is None:
            raise HTTPException(422, f"{upload.filename}: unsupported file type; use .txt, .jsonl or .csv")
        content = upload.file.read().decode("utf-8", errors="replace")
        articles += [a for a in reader(io.StringIO(content), upload.filename, when) if isinstance(a, Article)]
    return articles


def _article_html(found: dict[str, Any]) -> Any:
    spans = [
        Span(m["start"], m["end"], "mention", f"{m['name']} ({m['country'] or '-'} {m['sector'] or ''})")
        for m in found["mentions"]
    ]
    spans += [Span(e["trigger_start"], e["trigger_end"], "trigger", f"{e['plover']} {e['cameo']}") for e in found["events"]]
    spans += [
        Span(x["start"], x["end"], "quote", f"{x['kind']} quote: {(x['speaker'] or {}).get('name', '?')}")
        for x in found["quotes"]
    ]
    return highlight(found["text"], spans)
