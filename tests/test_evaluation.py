"""The evaluation package: both gold formats, the frozen PLV split, and the layering (no runtime stage
imports the pipeline or the evaluation code)."""

from __future__ import annotations

import ast
import json
from datetime import date
from pathlib import Path

from conftest import shared
from dragoman.evaluation.events import GoldRecord, Outcome, Report, read_gold, render
from dragoman.records import Event, Ref

ROOT = Path(__file__).resolve().parents[1]
SPLITS = ROOT / "benchmarks" / "splits"
RUNTIME = ("actors", "events", "quotes", "io", "store", "syntax.py", "sentences.py", "dates.py", "nlp.py", "records.py")


def _event(plover: str, confidence: float, source: str = "Iran") -> Event:
    ref = Ref(source, 0, len(source), source.lower(), source, None, None)
    return Event("e", "a", 0, 0, 1, "x", None, ref, None, "000", plover, None, 1, 0.0, "t", 0, 1, False, confidence)


def test_reads_plv_lines_and_merges_a_sentence_s_actor_pairs(tmp_path: Path) -> None:
    rows = [
        {"id": "p1", "text": "Iran and Iraq agreed to talks.", "label": "AGREE", "source": "Iran", "target": "Iraq"},
        {"id": "p1", "text": "Iran and Iraq agreed to talks.", "label": "AGREE", "source": "Iraq", "target": "Iran"},
        {"id": "p2", "text": "The rebels withdrew from the town.", "label": "YIELD", "source": "The rebels", "target": "town"},
    ]
    path = tmp_path / "plv.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    records = read_gold(path)
    assert [r.id for r in records] == ["p1", "p2"]
    assert [a["actorText"] for a in records[0].sources] == ["Iran", "Iraq"]
    assert records[1].event == "YIELD" and records[1].scheme == "plv"
    only = tmp_path / "ids.txt"
    only.write_text("p2\n", encoding="utf-8")
    assert [r.id for r in read_gold(path, only)] == ["p2"]


def test_yield_is_scored_as_concede_or_retreat_and_tables_are_printed() -> None:
    plv = GoldRecord("p", "The rebels withdrew.", None, "YIELD", False, ({"actorText": "rebels"},), (), scheme="plv")
    plover = GoldRecord("q", "Iran met Iraq.", date(2020, 1, 1), "CONSULT", False, (), ())
    report = Report(
        [Outcome(plv, [_event("RETREAT", 0.9, "rebels"), _event("ASSAULT", 0.5)]), Outcome(plover, [_event("ACCUSE", 0.7)])]
    )
    assert report.recall_any() == 0.5 and report.recall_top() == 0.5
    assert report.wrong_per_sentence() == 1.0
    assert report.span_accuracy("source") == (1.0, 1)
    assert report.per_type(top=True)["YIELD"] == (1.0, 1.0, 1.0, 1)
    assert report.confusion(top=False)["CONSULT"] == {"ACCUSE": 1}
    text = render(report)
    assert "per type, top-confidence event:" in text and "confusion (gold -> every coded type" in text


def test_the_plv_split_is_frozen_disjoint_and_stratified() -> None:
    train = (SPLITS / "plv_train_ids.txt").read_text(encoding="utf-8").split()
    dev = (SPLITS / "plv_dev_ids.txt").read_text(encoding="utf-8").split()
    assert len(train) == 835 and len(dev) == 209 and not set(train) & set(dev)
    records = read_gold(shared("plv_train", "plv_train.jsonl"))
    assert {r.id for r in records} == set(train) | set(dev)
    dev_labels = {r.event for r in records if r.id in set(dev)}
    assert len(dev_labels) == 15  # every label has dev sentences


def test_no_runtime_stage_imports_the_pipeline_or_the_evaluation_code() -> None:
    package = ROOT / "src" / "dragoman"
    files = [f for name in RUNTIME for f in ([package / name] if name.endswith(".py") else (package / name).rglob("*.py"))]
    assert len(files) > 20
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith(("dragoman.pipeline", "dragoman.evaluation")), f"{path}: {node.module}"
