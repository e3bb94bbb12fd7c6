"""The `dragoman` command as a user runs it (real model, real SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from conftest import ROOT, SEED
from dragoman.cli import main
from dragoman.store import open_store

pytestmark = pytest.mark.model
SCHEMA = json.loads((ROOT / "schema" / "records.schema.json").read_text(encoding="utf-8"))


@pytest.fixture()
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "more.jsonl").write_text(
        json.dumps(
            {
                "id": "m1",
                "text": "Turkish President Recep Tayyip Erdogan telephoned Russian President Vladimir Putin on Friday.",
                "date": "2020-03-08",
                "source": "wire",
            }
        )
        + "\n"
        + "{broken\n",
        encoding="utf-8",
    )
    return folder


def test_extract_writes_valid_records_and_store_and_reports_bad_line(inputs: Path, tmp_path: Path, store_url: str) -> None:
    out, db = tmp_path / "out.jsonl", store_url
    result = CliRunner().invoke(main, ["extract", str(inputs), "--date", "2021-05-17", "--out", str(out), "--db", db])
    assert result.exit_code == 1, result.output  # one bad line: the batch finishes, the exit code says so
    assert f"{inputs / 'more.jsonl'}:2" in result.output and "invalid JSON" in result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    for record in records:
        jsonschema.validate(record, SCHEMA)
    articles = {r["id"]: r["status"] for r in records if r["type"] == "article"}
    assert articles["seed"] == "ok" and articles["m1"] == "ok"
    assert [s for i, s in articles.items() if i.endswith(":2")] == ["failed"]
    m1_events = [r for r in records if r["type"] == "event" and r["article"] == "m1"]
    assert any(
        e["source"]["country"] == "TUR" and e["target"]["country"] == "RUS" and e["date"] == "2020-03-06" for e in m1_events
    )
    with open_store(db) as store:
        stored = store.counts()
        assert stored["articles"] == 2
        assert store.events() == sorted(
            (r for r in records if r["type"] == "event"), key=lambda e: (e["article"], e["trigger_start"], e["id"])
        )

    again = CliRunner().invoke(main, ["extract", str(inputs), "--date", "2021-05-17", "--db", db])
    assert "2 already stored" in again.output
    with open_store(db) as store:
        assert store.counts() == stored


def test_ids_are_stable_across_runs(tmp_path: Path) -> None:
    runs = []
    for name in ("a.jsonl", "b.jsonl"):
        result = CliRunner().invoke(
            main, ["extract", str(SEED), "--date", "2021-05-17", "--out", str(tmp_path / name), "--quiet"]
        )
        assert result.exit_code == 0, result.output
        runs.append([json.loads(line)["id"] for line in (tmp_path / name).read_text(encoding="utf-8").splitlines()])
    assert runs[0] == runs[1] and len(set(runs[0])) == len(runs[0])


def test_csv_to_a_directory_writes_one_table_per_type(tmp_path: Path) -> None:
    out = tmp_path / "csv"
    out.mkdir()
    result = CliRunner().invoke(
        main, ["extract", str(SEED), "--date", "2021-05-17", "--format", "csv", "--out", str(out), "--quiet"]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["actors.csv", "articles.csv", "events.csv", "quotes.csv"]
    with (out / "events.csv").open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert rows and {"source_id", "target_country", "cameo", "plover"} <= set(rows[0])


def test_stdin_and_missing_input(tmp_path: Path) -> None:
    text = json.dumps({"id": "s1", "text": "Egypt condemned the Israeli airstrikes on Gaza.", "date": "2021-05-10"})
    result = CliRunner().invoke(main, ["extract", "-", "--quiet"], input=text + "\n")
    assert result.exit_code == 0, result.output
    assert any(json.loads(line)["type"] == "event" for line in result.stdout.splitlines())
    missing = CliRunner().invoke(main, ["extract", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 3 and "input not found" in missing.output


def test_every_command_has_help_with_an_example() -> None:
    result = CliRunner().invoke(main, ["extract", "--help"])
    assert result.exit_code == 0 and "Example:" in result.output


def test_actors_lookup_explains_the_match() -> None:
    result = CliRunner().invoke(main, ["actors", "lookup", "Anthony Blinken", "--date", "2021-05-17"])
    assert result.exit_code == 0, result.output
    assert "Antony Blinken [antony-blinken]" in result.output and "Secretary of State" in result.output
    assert "matched by" in result.output
    older = CliRunner().invoke(main, ["actors", "lookup", "the Egyptian President", "--date", "2012-09-01"])
    assert "Mohamed Morsi" in older.output and "matched by title:" in older.output


def test_actors_list_filters() -> None:
    result = CliRunner().invoke(main, ["actors", "list", "--kind", "igo", "--search", "security council"])
    assert result.exit_code == 0
    lines = result.output.strip().splitlines()
    assert lines and all(" igo " in line for line in lines)
    assert any("United Nations Security Council" in line for line in lines)


def test_actors_list_says_no_match() -> None:
    result = CliRunner().invoke(main, ["actors", "list", "--search", "zzxq no such actor"])
    assert result.exit_code == 1
    assert result.output.strip() == "no match: no actor in the knowledge base with search 'zzxq no such actor'"
    found = CliRunner().invoke(main, ["actors", "list", "--search", "Szijj", "--date", "2020-06-01"])
    assert found.exit_code == 0 and "peter-szijjarto" in found.output and "Minister of Foreign Affairs" in found.output


def test_worker_processes_give_the_same_records(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    outputs = []
    for n in ("1", "2"):
        out = tmp_path / f"n{n}.jsonl"
        result = CliRunner().invoke(
            main,
            [
                "extract",
                str(SEED),
                str(SEED.parent),
                "--date",
                "2021-05-17",
                "--n-process",
                n,
                "--batch-size",
                "1",
                "--out",
                str(out),
                "--quiet",
            ],
        )
        assert result.exit_code == 0, result.output
        outputs.append(out.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1] and outputs[0].count('"type": "quote"') >= 20
    assert not [r for r in caplog.records if "failed to parse" in r.getMessage()]  # the workers really did the parsing
