"""Bad input never sinks a run (issue 16, items 4, 5 and 15): each test reproduces one reported failure."""

from __future__ import annotations

import io
import json
import pickle
from pathlib import Path

import pytest

from dragoman.errors import DuplicateArticleError, InputError, InputNotFoundError
from dragoman.io.readers import read_inputs, read_path
from dragoman.normalise import REPLACEMENT, one_line, spreadsheet_safe, xml_safe
from dragoman.records import Article


def read(path: Path) -> list[Article | InputError]:
    return list(read_path(str(path)))


def only_article(items: list[Article | InputError]) -> Article:
    assert len(items) == 1 and isinstance(items[0], Article), items
    return items[0]


def test_a_lone_surrogate_is_replaced_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text('{"id": "s", "text": "x \\ud800 y", "title": "t\\udc00"}\n', encoding="utf-8")
    article = only_article(read(path))
    assert article.text == f"x {REPLACEMENT} y" and len(article.text) == 5  # one for one: offsets unchanged
    assert article.title == f"t{REPLACEMENT}"
    assert any("'text'" in w and "lone surrogate" in w for w in article.warnings)
    assert any("'title'" in w for w in article.warnings)
    assert len(article.content_hash) == 64


def test_an_article_built_in_python_is_cleaned_too() -> None:
    article = Article(id="a\x00", text="Egypt\x00 met \ud800Qatar.")
    assert article.text == f"Egypt{REPLACEMENT} met {REPLACEMENT}Qatar." and article.id == f"a{REPLACEMENT}"
    assert article.warnings and "NUL" in article.warnings[-1] and "lone surrogate" in article.warnings[-1]
    assert len(article.content_hash) == 64


def test_bytes_that_are_not_utf8_are_replaced_and_reported(tmp_path: Path) -> None:
    (tmp_path / "latin.txt").write_bytes("Caf\xe9 talks in Z\xfcrich.".encode("latin-1"))
    article = only_article(read(tmp_path / "latin.txt"))
    assert article.text == f"Caf{REPLACEMENT} talks in Z{REPLACEMENT}rich."
    assert article.warnings == ("field 'text': 2 byte(s) that are not UTF-8 replaced with U+FFFD (first at character 3)",)
    bad_line = b'{"id": "1", "text": "good"}\n{"id": "2", "text": "caf\xe9"}\n{"id": "3", "text": "also good"}\n'
    (tmp_path / "mixed.jsonl").write_bytes(bad_line)
    got = read(tmp_path / "mixed.jsonl")
    assert [a.id for a in got if isinstance(a, Article)] == ["1", "2", "3"]
    assert got[1].warnings and "not UTF-8" in got[1].warnings[0] and not got[0].warnings  # type: ignore[union-attr]


def test_non_utf8_bytes_on_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    class Stdin:
        buffer = io.BytesIO(b"Egypt met Qatar \xff\xfe in Doha.")

    monkeypatch.setattr("sys.stdin", Stdin())
    article = only_article(list(read_path("-")))
    assert REPLACEMENT in article.text and article.warnings


def test_nul_bytes_are_replaced_and_reported(tmp_path: Path) -> None:
    (tmp_path / "nul.txt").write_bytes(b"Egypt met\x00 Qatar.")
    article = only_article(read(tmp_path / "nul.txt"))
    assert article.text == f"Egypt met{REPLACEMENT} Qatar." and "NUL" in article.warnings[0]


def test_a_bom_is_dropped_in_jsonl_and_csv(tmp_path: Path) -> None:
    (tmp_path / "b.jsonl").write_bytes(b'\xef\xbb\xbf{"id": "b", "text": "Egypt met Qatar."}\n')
    assert only_article(read(tmp_path / "b.jsonl")).id == "b"
    (tmp_path / "b.csv").write_bytes(b"\xef\xbb\xbfid,text\nc1,Egypt met Qatar.\n")
    article = only_article(read(tmp_path / "b.csv"))
    assert article.id == "c1" and not article.metadata


@pytest.mark.parametrize(
    ("value", "message"),
    [("12345", "field 'text' must be a string, not a number"), ("null", "field 'text' is missing"), ('"  "', "is empty")],
)
def test_text_of_the_wrong_type_is_named(tmp_path: Path, value: str, message: str) -> None:
    (tmp_path / "t.jsonl").write_text(f'{{"id": "n", "text": {value}}}\n', encoding="utf-8")
    [error] = read(tmp_path / "t.jsonl")
    assert isinstance(error, InputError) and message in str(error)


def test_nan_and_infinity_are_read_as_null_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "n.jsonl").write_text('{"id": "n", "text": "Egypt met Qatar.", "score": NaN, "w": -Infinity}\n', "utf-8")
    article = only_article(read(tmp_path / "n.jsonl"))
    assert article.metadata == {"score": None, "w": None}
    assert article.warnings == ("-Infinity, NaN is not valid JSON: read as null",)
    json.loads(json.dumps(article.metadata, allow_nan=False))


def test_nan_in_metadata_given_in_python_is_kept_as_null() -> None:
    article = Article(id="n", text="Egypt met Qatar.", metadata={"score": float("nan"), "deep": [float("inf"), 1.5]})
    assert article.metadata == {"score": None, "deep": [None, 1.5]}
    assert len(article.warnings) == 2 and "NaN" in article.warnings[0]
    json.dumps(article.metadata, allow_nan=False)


def test_an_unterminated_csv_quote_is_reported_not_merged(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_text('id,text\na,"Egypt met Qatar.\nb,"Jordan condemned the raid."\nc,Iran accused Israel.\n', "utf-8")
    got = read(path)
    errors = [g for g in got if isinstance(g, InputError)]
    assert [a.id for a in got if isinstance(a, Article)] == ["c"]
    assert len(errors) == 1 and f"{path}:2" in str(errors[0]) and "lines 2-3" in str(errors[0])
    path.write_text('id,text\na,Egypt met Qatar.\nb,"Jordan condemned the raid.\nc,Iran accused Israel.\n', "utf-8")
    got = read(path)
    assert [a.id for a in got if isinstance(a, Article)] == ["a"]
    [error] = [g for g in got if isinstance(g, InputError)]
    assert f"{path}:3" in str(error) and "lines 3-4" in str(error) and "quote" in str(error)


def test_a_csv_row_with_extra_fields_is_reported(tmp_path: Path) -> None:
    (tmp_path / "x.csv").write_text("id,text\na,Egypt met Qatar.,extra\n", encoding="utf-8")
    [error] = read(tmp_path / "x.csv")
    assert isinstance(error, InputError) and "3 fields but the header has 2" in str(error)


def test_a_multiline_quoted_csv_field_is_still_one_article(tmp_path: Path) -> None:
    (tmp_path / "m.csv").write_text('id,text\na,"Egypt met Qatar.\n\nJordan, too, met Qatar."\n', encoding="utf-8")
    assert only_article(read(tmp_path / "m.csv")).text == "Egypt met Qatar.\n\nJordan, too, met Qatar."


def test_every_path_is_checked_before_reading(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Egypt met Qatar.", encoding="utf-8")
    with pytest.raises(InputNotFoundError, match=r"missing-1\.txt, .*missing-2"):
        read_inputs([str(tmp_path / "a.txt"), str(tmp_path / "missing-1.txt"), str(tmp_path / "missing-2")])


def test_the_same_txt_name_in_two_folders_is_an_error_naming_both(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(f"Text from {folder}.", encoding="utf-8")
    for _ in range(2):  # reruns are stable: the first in reading order is kept, the second named
        first, second = read_inputs([str(tmp_path)])
        assert isinstance(first, Article) and first.text == "Text from a."
        assert isinstance(second, DuplicateArticleError)
        assert str(tmp_path / "a" / "report.txt") in str(second) and str(tmp_path / "b" / "report.txt") in str(second)


def test_a_repeated_jsonl_id_is_an_error_naming_both_lines(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text('{"id": "x", "text": "One."}\n{"id": "y", "text": "Two."}\n{"id": "x", "text": "Three."}\n', "utf-8")
    got = list(read_inputs([str(path)]))
    assert [a.id for a in got if isinstance(a, Article)] == ["x", "y"]
    assert isinstance(got[2], DuplicateArticleError)
    assert f"{path}:3" in str(got[2]) and f"already read from {path}:1" in str(got[2])


def test_json_error_messages_name_the_column_once() -> None:
    stream = io.BytesIO(b'{"id": "c", "text": "a\tb"}\n')
    from dragoman.io.readers import read_jsonl

    [error] = list(read_jsonl(stream, "bad.jsonl", None))
    assert isinstance(error, InputError)
    assert str(error) == "[E101] bad.jsonl:1: invalid JSON: Invalid control character (column 23)"


def test_errors_survive_pickling() -> None:
    for error in (InputError("f.jsonl:2", "bad"), DuplicateArticleError("b", "x", "a"), InputNotFoundError("missing")):
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is type(error) and str(copy) == str(error)


def test_output_safety_helpers() -> None:
    assert [spreadsheet_safe(v) for v in ("=1+2", "+1", "-x", "@SUM(A1)", "\tx", "\rx", "ok", -5.0, 3)] == [
        "'=1+2",
        "'+1",
        "'-x",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
        "ok",
        -5.0,
        3,
    ]
    assert xml_safe("Karl\fHeinz\x00 Wendt\ud800") == "Karl Heinz  Wendt "
    assert one_line("http://a.example/x\ty\nz\r") == "http://a.example/x y z "
