from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from dragoman.errors import InputError, InputNotFoundError
from dragoman.io.readers import read_inputs, read_path
from dragoman.records import Article


def items(path: Path, default: date | None = None) -> list[Article | InputError]:
    return list(read_path(str(path), default))


def test_txt_uses_file_stem_and_default_date(tmp_path: Path) -> None:
    (tmp_path / "abc.txt").write_text("Egypt met Qatar.", encoding="utf-8")
    [article] = items(tmp_path / "abc.txt", date(2021, 5, 17))
    assert isinstance(article, Article)
    assert (article.id, article.text, article.date) == ("abc", "Egypt met Qatar.", date(2021, 5, 17))


def test_jsonl_keeps_extra_fields_and_reports_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    lines = [
        json.dumps({"id": "1", "text": "One.", "date": "2020-01-02", "title": "T", "lang": "en"}),
        "{not json",
        json.dumps({"id": "3", "text": ""}),
        json.dumps({"id": "4", "text": "Four.", "date": "02/01/2020"}),
        json.dumps({"text": "no id"}),
        json.dumps({"id": "6", "text": "Six."}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    got = items(path, date(2021, 1, 1))
    assert [type(g).__name__ for g in got] == ["Article", "InputError", "InputError", "InputError", "InputError", "Article"]
    first, bad_json, empty, bad_date, no_id, last = got
    assert isinstance(first, Article) and first.metadata == {"lang": "en"} and first.date == date(2020, 1, 2)
    assert isinstance(last, Article) and last.date == date(2021, 1, 1)
    assert f"{path}:2" in str(bad_json) and "invalid JSON" in str(bad_json)
    assert f"{path}:3" in str(empty) and "'text'" in str(empty)
    assert f"{path}:4" in str(bad_date) and "'date'" in str(bad_date)
    assert f"{path}:5" in str(no_id) and "'id'" in str(no_id)


def test_csv_reads_same_columns_and_names_line(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text('id,text,date,source\nx1,"Hello, world.",2019-04-10,Guardian\nx2,,2019-04-10,Guardian\n', encoding="utf-8")
    ok, bad = items(path)
    assert isinstance(ok, Article) and ok.source == "Guardian" and ok.text == "Hello, world."
    assert isinstance(bad, InputError) and f"{path}:3" in str(bad)


def test_directories_are_read_recursively_in_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("Z.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("A.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    got = list(read_inputs([str(tmp_path)]))
    assert [a.id for a in got if isinstance(a, Article)] == ["a", "z"]


def test_stdin_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO('{"id": "s", "text": "From stdin."}\n'))
    [article] = list(read_path("-"))
    assert isinstance(article, Article) and article.id == "s"


def test_missing_path_is_a_clear_error() -> None:
    with pytest.raises(InputNotFoundError, match=r"no/such/file\.txt"):
        list(read_path("no/such/file.txt"))


def test_content_hash_depends_on_text_and_date() -> None:
    a = Article(id="1", text="x", date=date(2020, 1, 1))
    assert a.content_hash == Article(id="2", text="x", date=date(2020, 1, 1)).content_hash
    assert a.content_hash != Article(id="1", text="x", date=date(2020, 1, 2)).content_hash


def test_an_article_takes_an_iso_date_string_and_names_a_bad_date() -> None:
    assert Article(id="s", text="x", date="2021-05-17").date == date(2021, 5, 17)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="'date'"):
        Article(id="s", text="x", date="last Sunday")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="'text'"):
        Article(id="s", text=None)  # type: ignore[arg-type]
