"""A run survives bad input and writes safe output (issue 16, items 4, 5, 10-13 and 15; issue 15's smaller
points). Each test reproduces a reported failure with the real model, a real store and the real CLI."""

from __future__ import annotations

import csv
import json
import sqlite3
from datetime import date
from pathlib import Path
from xml.etree import ElementTree as ET

import networkx as nx
import pytest
from click.testing import CliRunner

from dragoman import Article
from dragoman.cli import main
from dragoman.config import make_config
from dragoman.exports import GDELT_COLUMNS
from dragoman.pipeline import Pipeline
from dragoman.store import open_store

pytestmark = pytest.mark.model
GOOD = "Turkish President Recep Tayyip Erdogan telephoned Russian President Vladimir Putin on Friday."


def cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_limits_fail_one_article_with_the_limit_named_and_the_batch_goes_on(pipeline: Pipeline) -> None:
    limited = Pipeline(**{**pipeline.__dict__, "config": make_config(max_chars=50_000, max_run=1_000)})
    articles = [
        Article(id="quotes", text="He said " + '"' * 40_000),
        Article(id="long", text="The minister met the envoy. " * 2_000),
        Article(id="good", text=GOOD, date=date(2020, 3, 8)),
    ]
    quotes, long, good = limited.pipe(articles)
    assert quotes.status == "failed" and quotes.error is not None
    assert "[E202]" in quotes.error and "40,000 characters without whitespace" in quotes.error and "1,000" in quotes.error
    assert long.status == "failed" and long.error is not None and "56,000 characters" in long.error and "50,000" in long.error
    assert good.status == "ok" and good.events


def test_the_cli_takes_the_limits(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(
        json.dumps({"id": "long", "text": "Egypt met Qatar. " * 20}) + "\n" + json.dumps({"id": "ok", "text": GOOD}) + "\n",
        encoding="utf-8",
    )
    code, output = cli("extract", str(tmp_path / "a.jsonl"), "--max-chars", "100", "--out", str(tmp_path / "o.jsonl"))
    assert code == 1 and "340 characters, above the limit of 100 (max_chars; raise it with --max-chars" in output
    records = map(json.loads, (tmp_path / "o.jsonl").read_text("utf-8").splitlines())
    statuses = {r["id"]: r["status"] for r in records if r["type"] == "article"}
    assert statuses == {"long": "failed", "ok": "ok"}


def test_a_bad_record_among_good_ones_is_stored_and_written(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "s", "text": "Egypt \ud800 met Qatar in Doha on Monday.", "score": 1}),
        '{"id": "n", "text": "Jordan condemned Israel.", "score": NaN}',
        json.dumps({"id": "t", "text": 12345}),
        json.dumps({"id": "s", "text": "A second article with the id s."}),
    ]
    (tmp_path / "bad.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out, db = tmp_path / "o.jsonl", tmp_path / "d.db"
    code, output = cli("extract", str(tmp_path / "bad.jsonl"), "--out", str(out), "--db", str(db))
    assert code == 1, output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]  # valid JSON: no NaN
    articles = {r["origin"]: r for r in records if r["type"] == "article"}
    origin = str(tmp_path / "bad.jsonl")
    assert articles[f"{origin}:1"]["status"] == "ok" and "lone surrogate" in articles[f"{origin}:1"]["warnings"][0]
    assert articles[f"{origin}:2"]["status"] == "ok" and articles[f"{origin}:2"]["metadata"] == {"score": None}
    assert "field 'text' must be a string, not a number" in articles[f"{origin}:3"]["error"]
    assert "duplicate article id 's'" in articles[f"{origin}:4"]["error"] and f"{origin}:1" in articles[f"{origin}:4"]["error"]
    assert "warning: " in output and "2 warning(s)" in output
    for line in output.splitlines():  # the location is said once, and never "at at"
        if line.startswith("error: ") and origin in line:
            assert line.count(origin) == 1 + line.count("already read from"), line
    assert " at at " not in output
    with sqlite3.connect(db) as con:
        assert sorted(r[0] for r in con.execute("SELECT id FROM articles WHERE status = 'ok'")) == ["n", "s"]


def test_a_missing_path_stops_the_run_before_it_starts(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "o.jsonl"
    code, output = cli("extract", str(tmp_path / "a.txt"), str(tmp_path / "nope.txt"), "--out", str(out))
    assert code == 3 and "[E102]" in output and "nope.txt" in output
    assert not out.exists()  # nothing was processed before the error


def test_the_summary_keeps_plover_types_and_bare_cameo_codes_apart(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    code, output = cli("extract", str(tmp_path / "a.txt"), "--out", str(tmp_path / "o.jsonl"))
    assert code == 0, output
    [types] = [line for line in output.splitlines() if line.startswith("event types")]
    assert types.startswith("event types (PLOVER): ") and "CONSULT" in types
    for part in types.removeprefix("event types (PLOVER): ").split("; ")[0].split(", "):
        name, count = part.rsplit(" ", 1)
        assert name.isalpha() and name.isupper() and count.isdigit(), types


FORMULA = '=HYPERLINK("http://evil.example","x")'


def test_extract_csv_protects_formula_cells(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "f", "text": GOOD, "title": FORMULA, "url": "@cmd"}) + "\n", "utf-8")
    for flag, expect in (("--csv-protect", "'"), ("--no-csv-protect", "")):
        out = tmp_path / flag
        out.mkdir()
        code, output = cli("extract", str(tmp_path / "a.jsonl"), "--format", "csv", "--out", f"{out}/", flag)
        assert code == 0, output
        with (out / "articles.csv").open(encoding="utf-8") as stream:
            [row] = list(csv.DictReader(stream))
        assert row["title"] == expect + FORMULA and row["url"] == expect + "@cmd"


@pytest.fixture(scope="module")
def hostile_store(pipeline: Pipeline, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Text alone gives a control character inside a name; URLs hold tabs and newlines."""
    path = tmp_path_factory.mktemp("hostile") / "store.db"
    store = open_store(path)
    articles = [
        Article(
            id="ff",
            date=date(2021, 5, 17),
            url="http://a.example/x\ty\nz",
            text="Karl\fHeinz Wendt met Egyptian President Abdel Fattah el-Sisi in Cairo on Monday.",
        ),
        Article(id="formula", date=date(2021, 5, 18), text="=Egypt hosted Qatar's foreign minister in Cairo on Tuesday."),
    ]
    for result in pipeline.pipe(articles):
        assert result.status == "ok" and result.events, result
        store.save(result)
    store.close()
    return path


def test_graphml_strips_control_characters(hostile_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.graphml"
    code, output = cli("export", "--db", str(hostile_store), "--format", "graphml", "--out", str(out))
    assert code == 0, output
    ET.parse(out)  # well-formed XML
    graph = nx.read_graphml(out)
    names = [data["name"] for _, data in graph.nodes(data=True)]
    assert "Karl Heinz Wendt" in names and graph.number_of_edges() >= 1


def test_gdelt_rows_stay_one_line_of_61_fields(hostile_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "e.tsv"
    code, output = cli("export", "--db", str(hostile_store), "--format", "gdelt", "--out", str(out))
    assert code == 0, output
    lines = out.read_text(encoding="utf-8").split("\n")[:-1]
    rows = [line.split("\t") for line in lines]
    assert rows and all(len(r) == len(GDELT_COLUMNS) for r in rows)
    urls = {r[GDELT_COLUMNS.index("SOURCEURL")] for r in rows}
    assert "http://a.example/x y z" in urls and not any('"' in u for u in urls)


def test_export_csv_protects_formula_cells_unless_asked_not_to(hostile_store: Path, tmp_path: Path) -> None:
    for flag, expect in (("--csv-protect", "'="), ("--no-csv-protect", "=")):
        out = tmp_path / f"e{flag}.csv"
        code, output = cli("export", "--db", str(hostile_store), "--format", "csv", "--out", str(out), flag)
        assert code == 0, output
        with out.open(encoding="utf-8") as stream:
            texts = [row["text"] for row in csv.DictReader(stream) if row["article"] == "formula"]
        assert texts and all(t.startswith(expect + "Egypt") for t in texts)
