"""`dragoman export` in every format, with the explorer's filters."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from conftest import BACKENDS, new_store_url
from dragoman.cli import main
from dragoman.exports import GDELT_COLUMNS
from explorer_fixtures import build_store

pytestmark = pytest.mark.model


@pytest.fixture(scope="module", params=BACKENDS)
def db(pipeline, tmp_path_factory, request) -> str:  # type: ignore[no-untyped-def]
    """The same articles stored in SQLite and in PostgreSQL: every export runs on both."""
    url = new_store_url(request, request.param, tmp_path_factory.mktemp("exports") / "store.db")
    return str(build_store(pipeline, url))


def export(db: str, out: Path, fmt: str, *filters: str) -> None:
    result = CliRunner().invoke(main, ["export", "--db", str(db), "--format", fmt, "--out", str(out), *filters])
    assert result.exit_code == 0, result.output


def test_jsonl_csv_and_parquet_agree(db: str, tmp_path: Path) -> None:
    export(db, tmp_path / "e.jsonl", "jsonl")
    export(db, tmp_path / "e.csv", "csv")
    export(db, tmp_path / "e.parquet", "parquet")
    records = [json.loads(line) for line in (tmp_path / "e.jsonl").read_text(encoding="utf-8").splitlines()]
    with (tmp_path / "e.csv").open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    table = pq.read_table(tmp_path / "e.parquet")
    assert len(records) == len(rows) == table.num_rows > 10
    assert [r["id"] for r in records] == [r["id"] for r in rows] == table.column("id").to_pylist()


def test_filters_match_the_explorer(db: str, tmp_path: Path) -> None:
    export(db, tmp_path / "all.jsonl", "jsonl")
    export(db, tmp_path / "tur.jsonl", "jsonl", "--country", "TUR", "--where", "start=2020-01-01")
    everything = (tmp_path / "all.jsonl").read_text(encoding="utf-8").splitlines()
    turkey = [json.loads(line) for line in (tmp_path / "tur.jsonl").read_text(encoding="utf-8").splitlines()]
    assert 0 < len(turkey) < len(everything)
    assert turkey and all("TUR" in (e["source"]["country"], (e["target"] or {}).get("country")) for e in turkey)
    bad = CliRunner().invoke(
        main, ["export", "--db", str(db), "--format", "jsonl", "--out", str(tmp_path / "x"), "--where", "colour=red"]
    )
    assert bad.exit_code == 3 and "KEY=VALUE" in bad.output


def test_gdelt_layout(db: str, tmp_path: Path) -> None:
    export(db, tmp_path / "e.tsv", "gdelt", "--type", "CONSULT")
    rows = [line.split("\t") for line in (tmp_path / "e.tsv").read_text(encoding="utf-8").splitlines()]
    assert rows and all(len(r) == len(GDELT_COLUMNS) == 61 for r in rows)
    col = {name: i for i, name in enumerate(GDELT_COLUMNS)}
    blinken = [r for r in rows if r[col["Actor1Name"]] == "ANTONY BLINKEN"]
    assert blinken and all(r[col["EventRootCode"]] == "04" and r[col["QuadClass"]] == "1" for r in blinken)
    assert {r[col["Actor2CountryCode"]] for r in blinken} >= {"QAT", "EGY", "SAU"}
    assert blinken[0][col["SQLDATE"]] == "20210517"


def test_graphml_opens_as_a_weighted_graph(db: str, tmp_path: Path) -> None:
    export(db, tmp_path / "g.graphml", "graphml")
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    root = ET.parse(tmp_path / "g.graphml").getroot()
    nodes = {
        n.get("id"): {d.get("key"): d.text for d in n.findall("g:data", ns)}
        for n in root.iter("{http://graphml.graphdrawing.org/xmlns}node")
    }
    edges = root.findall(".//g:edge", ns)
    assert nodes["antony-blinken"]["country"] == "USA" and nodes["antony-blinken"]["kind"] == "person"
    weights = [float(next(d.text for d in e.findall("g:data", ns) if d.get("key") == "weight")) for e in edges]
    assert edges and all(w >= 1 for w in weights)
    assert edges and all(e.get("source") in nodes and e.get("target") in nodes for e in edges)
