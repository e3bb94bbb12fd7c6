"""The `dragoman` command: a thin layer over the library."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from dragoman.config import Config, load_config, make_config
from dragoman.errors import DragomanError
from dragoman.io.writers import open_writer
from dragoman.runner.core import Outcome, Summary
from dragoman.store.queries import EventFilter

EXIT_FAILED_ARTICLES = 1
EXIT_FATAL = 3
STORE_HELP = "a SQLite file path, or postgresql://USER@HOST[:PORT]/DB"


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a YYYY-MM-DD date") from None


@click.group()
@click.version_option(package_name="dragoman")
def main() -> None:
    """dragoman: political event data from the news, checkable sentence by sentence."""


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--date", "day", callback=_parse_date, help="Article date (YYYY-MM-DD) for records without one.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("--out", help="Output file, directory (csv) or '-' for stdout. Default: stdout unless --db is given.")
@click.option("--db", help=f"Store to write to (created if missing): {STORE_HELP}.")
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False), help="YAML config file.")
@click.option(
    "--actors", "actor_files", multiple=True, type=click.Path(exists=True, dir_okay=False), help="Extra actors (YAML/CSV)."
)
@click.option("--batch-size", type=int, help="Articles per spaCy batch.")
@click.option("--n-process", type=int, help="Worker processes, each running the whole pipeline (default 1: in-process).")
@click.option(
    "--dask",
    metavar="ADDRESS",
    help="Run on Dask: 'local:N' starts N local workers; 'tcp://HOST:8786' uses a running scheduler.",
)
@click.option(
    "--min-confidence",
    type=click.FloatRange(0.0, 1.0),
    help="Keep only events at least this confident (calibrated: on dev, 0.8 and up is right about 9 times in 10).",
)
@click.option("--max-chars", type=int, help="Articles longer than this fail with E202 (default 100,000 characters).")
@click.option("--max-run", type=int, help="Articles with a longer run without whitespace fail with E202 (default 1,000).")
@click.option(
    "--csv-protect/--no-csv-protect",
    default=True,
    show_default=True,
    help="With --format csv, prefix cells starting with = + - @ (or a tab or CR) with ' so spreadsheets show them as text.",
)
@click.option("--quiet", is_flag=True, help="No progress bar and no summary.")
def extract(
    inputs: tuple[str, ...],
    day: date | None,
    fmt: str,
    out: str | None,
    db: str | None,
    config_file: str | None,
    actor_files: tuple[str, ...],
    batch_size: int | None,
    n_process: int | None,
    dask: str | None,
    min_confidence: float | None,
    max_chars: int | None,
    max_run: int | None,
    csv_protect: bool,
    quiet: bool,
) -> None:
    """Extract events, quotes and actors from INPUTS (.txt, .jsonl, .csv files, directories, or '-').

    Articles already stored with the same text and date are skipped, so rerunning an interrupted command
    finishes the job. Example: dragoman extract examples/ --date 2021-05-17 --db dragoman.db --n-process 2
    """
    try:
        options = {"batch_size": batch_size, "n_process": n_process, "max_chars": max_chars, "max_run": max_run}
        config = _config(config_file, day, actor_files, {**options, "min_confidence": min_confidence})
        target = out if out is not None else (None if db else "-")
        summary = run_extract(inputs, config, fmt, target, db, dask, not quiet, csv_protect=csv_protect)
    except DragomanError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_FATAL)
    if not quiet:
        click.echo(summary.render(), err=True)
    if summary.failed:
        click.echo(f"error: {summary.failed} of {summary.articles} articles failed (see the messages above)", err=True)
        sys.exit(EXIT_FAILED_ARTICLES)


@main.command()
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--errors", is_flag=True, help="List every sentence whose top event is wrong.")
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False), help="YAML config file.")
@click.option("--ids", type=click.Path(exists=True, dir_okay=False), help="Only the records whose id is listed (one per line).")
def evaluate(gold: str, errors: bool, config_file: str | None, ids: str | None) -> None:
    """Score the event coder on GOLD.jsonl (PLOVER gold-standard or PLV format).

    Example: dragoman evaluate ../shared/data/plv_train/plv_train.jsonl --ids benchmarks/splits/plv_dev_ids.txt
    """
    from dragoman.evaluation.events import evaluate as run_evaluation
    from dragoman.evaluation.events import read_gold, render
    from dragoman.pipeline import build_pipeline

    try:
        records = read_gold(Path(gold), Path(ids) if ids else None)
        pipeline = build_pipeline(load_config(Path(config_file)) if config_file else Config())
        click.echo(render(run_evaluation(pipeline, records), errors=errors))
    except DragomanError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_FATAL)


def _filter_options(fn):  # type: ignore[no-untyped-def]
    """The explorer's filters, shared by `export` and `serve` links."""
    for option in reversed(
        [
            click.option("--start", help="First event date (YYYY-MM-DD)."),
            click.option("--end", help="Last event date (YYYY-MM-DD)."),
            click.option("--type", "plover", help="PLOVER event type, e.g. CONSULT."),
            click.option("--country", help="Source or target country (ISO alpha-3)."),
            click.option("--actor", help="Source or target actor id."),
            click.option(
                "--where",
                "where",
                multiple=True,
                help="KEY=VALUE filter (start, end, plover, country, actor, article, quad_class).",
            ),
        ]
    ):
        fn = option(fn)
    return fn


@main.command()
@click.option("--db", required=True, help=f"The store: {STORE_HELP}.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet", "gdelt", "graphml"]), required=True)
@click.option(
    "--table",
    type=click.Choice(["events", "quotes", "actors", "articles"]),
    default="events",
    show_default=True,
    help="Which table (gdelt and graphml: events only).",
)
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="Output file.")
@click.option(
    "--include-negated", is_flag=True, help="Keep negated events, marked in the 'negated' column (jsonl, csv, parquet)."
)
@click.option(
    "--csv-protect/--no-csv-protect",
    default=True,
    show_default=True,
    help="In CSV, prefix cells starting with = + - @ (or a tab or CR) with ' so spreadsheets show them as text.",
)
@_filter_options
def export(db: str, fmt: str, table: str, out: str, include_negated: bool, csv_protect: bool, **filters: object) -> None:
    """Export a table of the store (filtered like the explorer) for other tools, with a datapackage.json
    (Frictionless Data) beside it that gives every column's type.

    Example: dragoman export --db out/dragoman.db --format graphml --out contacts.graphml --type CONSULT
    """
    from dragoman.exports import export_table
    from dragoman.store import open_store

    try:
        event_filter = _event_filter({**filters, "include_negated": include_negated})
        with open_store(db, create=False) as store, store.connect() as conn:
            result = export_table(conn, table, fmt, event_filter, Path(out), csv_protect=csv_protect)
    except DragomanError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_FATAL)
    described = f"; described in {result.datapackage}" if result.datapackage else ""
    click.echo(f"wrote {result.describe()} to {out}{described}", err=True)


def _event_filter(filters: dict[str, object]) -> EventFilter:
    from dragoman.errors import ConfigError

    values: dict[str, object] = {k: v for k, v in filters.items() if k != "where" and v}
    for item in filters.get("where") or ():  # type: ignore[attr-defined]
        key, sep, value = str(item).partition("=")
        if not sep or key not in EventFilter.__dataclass_fields__ or key in ("pair", "include_negated", "actor_ids"):
            raise ConfigError(
                f"--where {item!r}: use KEY=VALUE with KEY one of start, end, plover, country, actor, article, quad_class"
            )
        values[key] = int(value) if key == "quad_class" else float(value) if key == "min_confidence" else value
    return EventFilter(**values)  # type: ignore[arg-type]


@main.command()
@click.option("--db", required=True, help=f"The store (created if missing): {STORE_HELP}.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind; the default is local only.")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--allow-remote-add", is_flag=True, help="Let other machines add articles from the browser.")
@click.option(
    "--allowed-host",
    "allowed_hosts",
    multiple=True,
    help="A host name a deployed explorer is reached by (repeatable); writes naming another Host or Origin are refused.",
)
@click.option("--max-upload-mb", default=10.0, show_default=True, type=click.FloatRange(min=0.001), help="Largest upload.")
def serve(db: str, host: str, port: int, allow_remote_add: bool, allowed_hosts: tuple[str, ...], max_upload_mb: float) -> None:
    """Run the web explorer over a store.

    Example: dragoman serve --db out/dragoman.db   (then open http://127.0.0.1:8000)
    """
    import uvicorn

    from dragoman.web.app import create_app

    try:
        hosts = (*allowed_hosts, host) if host not in ("0.0.0.0", "::") else allowed_hosts  # the bound address itself
        app = create_app(db, allow_remote_add, hosts, int(max_upload_mb * 1024 * 1024))
    except DragomanError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_FATAL)
    click.echo(f"dragoman explorer on http://{host}:{port}  (store: {db})", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


@main.group()
def actors() -> None:
    """Browse the actor knowledge base and test how names resolve."""


@actors.command("lookup")
@click.argument("name")
@click.option("--date", "day", callback=_parse_date, help="Resolve as of this date (YYYY-MM-DD); default: today.")
@click.option("--actors", "actor_files", multiple=True, type=click.Path(exists=True, dir_okay=False), help="Extra actors.")
def actors_lookup(name: str, day: date | None, actor_files: tuple[str, ...]) -> None:
    """Show which actor NAME resolves to on a date, and why.

    Example: dragoman actors lookup "Anthony Blinken" --date 2021-05-17
    """
    from dragoman.actors.compiled import compiled_kb, direct_lookup

    day = day or date.today()
    files = tuple(Path(p) for p in actor_files)
    direct = direct_lookup(compiled_kb(files), name, day)
    if direct is not None:
        mentions = [direct]
    else:  # titles, misspellings, phrases: parse the text as an article sentence
        from dragoman.pipeline import build_pipeline, lookup

        mentions = lookup(build_pipeline(make_config(actor_files=files)), name, day)
    if not mentions:
        click.echo(f"{name!r}: no actor found")
        sys.exit(EXIT_FAILED_ARTICLES)
    for mention in mentions:
        actor = mention.actor
        role = actor.describe_role(day)
        status = "known" if actor.known else "provisional (not in the knowledge base)"
        click.echo(
            f"{mention.text!r} -> {actor.name} [{actor.id}] kind={actor.kind} country={actor.country} sector={actor.sector}"
        )
        click.echo(f"    role on {day}: {role or '-'}; {status}; matched by {mention.rule} (confidence {mention.confidence:.2f})")


@actors.command("list")
@click.option("--kind", help="person, country, igo, group, media, agency, party or ngo.")
@click.option("--country", help="ISO 3166 alpha-3 code, or IGO.")
@click.option("--search", help="Only names or aliases containing this text.")
@click.option("--date", "day", callback=_parse_date, help="Show the role held on this date.")
def actors_list(kind: str | None, country: str | None, search: str | None, day: date | None) -> None:
    """List the knowledge base's actors, filtered.

    Example: dragoman actors list --kind person --country EGY --date 2013-01-01
    """
    from dragoman.actors.compiled import compiled_kb

    kb = compiled_kb()
    needle = search.lower() if search else None
    shown = 0
    for actor in sorted(kb.actors.values(), key=lambda a: (a.kind, a.name)):
        if (kind and actor.kind != kind) or (country and actor.country != country.upper()):
            continue
        if needle and not any(needle in n.lower() for n in (actor.name, *actor.aliases)):
            continue
        role = actor.describe_role(day) if day else None
        extra = f"  ({role})" if role else ""
        click.echo(f"{actor.id:40} {actor.kind:8} {actor.country or '-':4} {actor.sector or '-':4} {actor.name}{extra}")
        shown += 1
    if not shown:
        filters = [f"{name} {value!r}" for name, value in (("kind", kind), ("country", country), ("search", search)) if value]
        click.echo(f"no match: no actor in the knowledge base with {', '.join(filters) or 'these filters'}")
        sys.exit(EXIT_FAILED_ARTICLES)


def _config(
    config_file: str | None, day: date | None, actor_files: tuple[str, ...], options: dict[str, int | float | None]
) -> Config:
    base = load_config(Path(config_file)) if config_file else Config()
    values = base.model_dump()
    overrides = {"default_date": day, **options}
    values.update({k: v for k, v in overrides.items() if v is not None})
    values["actor_files"] = tuple(values.get("actor_files") or ()) + tuple(Path(p) for p in actor_files)
    return make_config(**values)


def run_extract(
    inputs: tuple[str, ...],
    config: Config,
    fmt: str,
    out: str | None,
    db: str | None,
    dask: str | None = None,
    progress: bool = True,
    csv_protect: bool = True,
) -> Summary:
    """Read, process, write and store through the runner; every article gets a record, failures included.
    Every input path is checked before anything starts (InputNotFoundError names the missing ones)."""
    from dragoman.io.readers import check_paths
    from dragoman.runner import make_backend, run_inputs
    from dragoman.store import open_store

    check_paths(inputs)
    store = open_store(db) if db else None
    writer = open_writer(fmt, out, csv_protect=csv_protect) if out else None
    try:
        return run_inputs(
            inputs, config, make_backend(config, dask), store, writer, progress=progress, on_outcome=_report, store_url=db
        )
    finally:
        if writer:
            writer.close()
        if store:
            store.close()


def _report(outcome: Outcome) -> None:
    """Warnings and errors as they come: the location said once ("bad.jsonl:2: [E101] bad.jsonl:2: ..." no more)."""
    result = outcome.result
    if result is None:
        return
    where = result.article.origin or result.article.id
    for warning in result.article.warnings:
        click.echo(f"warning: {where}: {warning}", err=True)
    if result.status == "failed":
        error = result.error or "unknown error"
        click.echo(f"error: {error}" if where in error else f"error: {where}: {error}", err=True)
