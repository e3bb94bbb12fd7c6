"""The compiled cache of data files: built once, loaded after, rebuilt when a source changes, never required."""

from __future__ import annotations

from pathlib import Path

import pytest

from dragoman.data.compiled import cache_dir, compiled


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("DRAGOMAN_CACHE_DIR", str(folder))
    return folder


def counting_builder(calls: list[int]):  # type: ignore[no-untyped-def]
    def build() -> dict[str, list[int]]:
        calls.append(1)
        return {"built": [len(calls)]}

    return build


def test_built_once_then_loaded_and_rebuilt_when_a_source_changes(cache: Path, tmp_path: Path) -> None:
    source = tmp_path / "lexicon.yaml"
    source.write_text("a: 1\n", encoding="utf-8")
    calls: list[int] = []
    first = compiled("thing", [source], counting_builder(calls))
    second = compiled("thing", [source], counting_builder(calls))
    assert first == second == {"built": [1]} and len(calls) == 1
    assert len(list(cache.glob("thing-*.pickle"))) == 1
    source.write_text("a: 2\n", encoding="utf-8")
    assert compiled("thing", [source], counting_builder(calls)) == {"built": [2]}
    assert len(list(cache.glob("thing-*.pickle"))) == 1  # the stale entry is gone


def test_a_damaged_entry_is_rebuilt(cache: Path, tmp_path: Path) -> None:
    calls: list[int] = []
    compiled("thing", [], counting_builder(calls))
    [entry] = cache.glob("thing-*.pickle")
    entry.write_bytes(b"not a pickle")
    assert compiled("thing", [], counting_builder(calls)) == {"built": [2]}


def test_off_or_unwritable_cache_still_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DRAGOMAN_CACHE_DIR", "off")
    assert cache_dir() is None
    calls: list[int] = []
    assert compiled("thing", [], counting_builder(calls)) == {"built": [1]}
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("DRAGOMAN_CACHE_DIR", str(blocker / "cache"))  # cannot be created
    assert compiled("thing", [], counting_builder(calls)) == {"built": [2]}


def test_default_is_the_user_cache_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("DRAGOMAN_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "dragoman"


def test_the_cached_knowledge_base_is_the_built_one(cache: Path) -> None:
    from dragoman.actors.compiled import compiled_kb
    from dragoman.actors.kb import load_kb

    built = load_kb()
    compiled_kb()  # writes the entry
    cached = compiled_kb()  # reads it
    assert list(cache.glob("kb-*.pickle"))
    assert cached.actors == built.actors and len(cached.actors) > 1000
    key = built.rules.key("Antony Blinken")
    found = [a.actor.id for a in cached.lookup_key(key)]
    assert found and found == [a.actor.id for a in built.lookup_key(key)]


@pytest.mark.model
@pytest.mark.parametrize("name", ["Antony Blinken", "Hamas", "United Nations", "Egypt", "Benjamin Netanyahu"])
def test_a_direct_look_up_finds_what_the_parsed_look_up_finds(pipeline, name: str) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from dragoman.actors.compiled import direct_lookup
    from dragoman.pipeline import lookup

    day = date(2021, 5, 17)
    direct = direct_lookup(pipeline.kb, name, day)
    parsed = lookup(pipeline, name, day)
    assert direct is not None and len(parsed) == 1
    assert (direct.actor.id, direct.rule, direct.text) == (parsed[0].actor.id, parsed[0].rule, parsed[0].text)


def test_a_direct_look_up_leaves_titles_and_misspellings_to_the_parse() -> None:
    from dragoman.actors.compiled import compiled_kb, direct_lookup

    kb = compiled_kb()
    assert direct_lookup(kb, "the Egyptian President", None) is None
    assert direct_lookup(kb, "Anthony Blinken", None) is None


def test_actors_lookup_of_a_known_name_does_not_load_spacy() -> None:
    import os
    import subprocess
    import sys

    from conftest import ROOT

    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from dragoman.cli import main\n"
        "result = CliRunner().invoke(main, ['actors', 'lookup', 'Antony Blinken', '--date', '2021-05-17'])\n"
        "print(result.output)\n"
        "print('spaCy loaded:', 'spacy' in sys.modules)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, env=env, check=True)
    assert "Antony Blinken [antony-blinken]" in done.stdout and "Secretary of State" in done.stdout
    assert "spaCy loaded: False" in done.stdout
