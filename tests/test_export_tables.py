"""`dragoman export --table ...`: every table, a datapackage.json giving each column's type, CAMEO codes
that pandas reads as strings, and negated events kept only on request (issue 15, exports)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from dragoman import Article
from dragoman.cli import main
from dragoman.pipeline import Pipeline
from dragoman.store import open_store
from explorer_fixtures import build_store

pytestmark = pytest.mark.model
NEGATED = Article(id="denial", date=date(2021, 5, 19), text="Egypt did not condemn Israel on Tuesday.")


@pytest.fixture(scope="module")
def db(pipeline: Pipeline, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = build_store(pipeline, tmp_path_factory.mktemp("tables") / "store.db")
    store = open_store(path)
    [result] = pipeline.pipe([NEGATED])
    assert any(e.negated for e in result.events), result.events
    store.save(result)
    store.close()
    return path


def export(db: Path, out: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["export", "--db", str(db), "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    return result.output


def read_datapackage(folder: Path) -> dict[str, dict]:  # type: ignore[type-arg]
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    return {r["path"]: r for r in package["resources"]}


def pandas_types(resource: dict) -> dict[str, str]:  # type: ignore[type-arg]
    """The README's recipe: string columns as strings, from the datapackage."""
    return {f["name"]: "string" for f in resource["schema"]["fields"] if f["type"] == "string"}


@pytest.mark.parametrize("table", ["events", "quotes", "actors", "articles"])
def test_every_table_in_every_format_with_its_datapackage(db: Path, tmp_path: Path, table: str) -> None:
    for fmt in ("jsonl", "csv", "parquet"):
        output = export(db, tmp_path / f"{table}.{fmt}", "--table", table, "--format", fmt)
        assert output.startswith("wrote ") and f" {table}" in output and "datapackage.json" in output
    resources = read_datapackage(tmp_path)
    assert sorted(resources) == [f"{table}.csv", f"{table}.jsonl", f"{table}.parquet"]
    jsonl = [json.loads(line) for line in (tmp_path / f"{table}.jsonl").read_text(encoding="utf-8").splitlines()]
    frame = pd.read_csv(tmp_path / f"{table}.csv", dtype=pandas_types(resources[f"{table}.csv"]))
    parquet = pq.read_table(tmp_path / f"{table}.parquet")
    assert len(jsonl) == len(frame) == parquet.num_rows > 2
    assert list(frame.columns) == [f["name"] for f in resources[f"{table}.csv"]["schema"]["fields"]] == parquet.column_names
    assert list(jsonl[0]) == [f["name"] for f in resources[f"{table}.jsonl"]["schema"]["fields"]]
    assert [r["id"] for r in jsonl] == frame["id"].tolist() == parquet.column("id").to_pylist()


def test_pandas_reads_cameo_codes_as_strings_from_csv_and_jsonl(db: Path, tmp_path: Path) -> None:
    export(db, tmp_path / "events.csv", "--format", "csv")
    export(db, tmp_path / "events.jsonl", "--format", "jsonl")
    resources = read_datapackage(tmp_path)
    plain = pd.read_csv(tmp_path / "events.csv")
    assert plain["cameo"].dtype.kind == "i"  # the problem: without types, "040" becomes 40
    csv_frame = pd.read_csv(tmp_path / "events.csv", dtype=pandas_types(resources["events.csv"]))
    jsonl_frame = pd.read_json(tmp_path / "events.jsonl", lines=True, dtype=pandas_types(resources["events.jsonl"]))
    codes = csv_frame["cameo"].tolist()
    assert codes and any(c.startswith("0") for c in codes) and all(isinstance(c, str) and len(c) >= 3 for c in codes)
    assert codes == jsonl_frame["cameo"].tolist()


def test_negated_events_only_on_request_and_every_count_says_so(db: Path, tmp_path: Path) -> None:
    left_out = export(db, tmp_path / "default.csv", "--format", "csv")
    kept = export(db, tmp_path / "all.csv", "--format", "csv", "--include-negated")
    assert "negated events left out; --include-negated keeps them" in left_out
    default = pd.read_csv(tmp_path / "default.csv", dtype={"cameo": "string"})
    everything = pd.read_csv(tmp_path / "all.csv", dtype={"cameo": "string"})
    negated = int(everything["negated"].sum())
    assert negated >= 1 and not default["negated"].any()
    assert len(everything) == len(default) + negated
    assert f"wrote {len(everything)} events, {negated} of them negated" in kept
    assert set(everything.loc[everything["negated"], "article"]) == {"denial"}
    description = read_datapackage(tmp_path)["all.csv"]["description"]
    assert "negated events included" in description


def test_event_only_formats_refuse_other_tables_and_negated_events(db: Path, tmp_path: Path) -> None:
    for args, says in (
        (["--format", "gdelt", "--table", "quotes"], "exports the events table only"),
        (["--format", "graphml", "--table", "actors"], "exports the events table only"),
        (["--format", "gdelt", "--include-negated"], "no column to mark a negated event"),
    ):
        result = CliRunner().invoke(main, ["export", "--db", str(db), "--out", str(tmp_path / "x"), *args])
        assert result.exit_code == 3 and says in result.output, result.output


def test_filters_apply_to_every_table(db: Path, tmp_path: Path) -> None:
    export(db, tmp_path / "q.jsonl", "--table", "quotes", "--format", "jsonl", "--where", "article=seed")
    export(db, tmp_path / "a.jsonl", "--table", "articles", "--format", "jsonl", "--start", "2021-05-18")
    export(db, tmp_path / "t.jsonl", "--table", "articles", "--format", "jsonl", "--country", "TUR")
    quotes = [json.loads(line) for line in (tmp_path / "q.jsonl").read_text(encoding="utf-8").splitlines()]
    articles = [json.loads(line) for line in (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()]
    turkish = [json.loads(line)["id"] for line in (tmp_path / "t.jsonl").read_text(encoding="utf-8").splitlines()]
    assert quotes and {q["article"] for q in quotes} == {"seed"}
    assert articles and all(a["date"] >= "2021-05-18" for a in articles) and "seed" not in {a["id"] for a in articles}
    assert turkish == ["ankara-moscow"]
