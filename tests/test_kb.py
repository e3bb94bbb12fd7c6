from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dragoman.actors.kb import load_kb, load_user_actors
from dragoman.errors import DataFileError


@pytest.fixture(scope="module")
def kb():  # type: ignore[no-untyped-def]
    return load_kb()


def test_coverage_of_countries_and_organisations(kb) -> None:  # type: ignore[no-untyped-def]
    kinds = [a.kind for a in kb.actors.values()]
    assert kinds.count("country") >= 198
    assert kinds.count("igo") >= 80
    assert kinds.count("media") >= 60
    for code in ("PSE", "VAT", "XKX", "TWN", "ESH", "USA", "QAT"):
        assert kb.actors[code].kind == "country"


def test_roles_are_date_bounded(kb) -> None:  # type: ignore[no-untyped-def]
    for actor in kb.actors.values():
        for role in actor.roles:
            assert role.start is not None, actor.id
            assert role.end is None or role.start <= role.end, actor.id


def test_office_holders_change_with_the_date(kb) -> None:  # type: ignore[no-untyped-def]
    def holder(post: str, scope: str, day: date) -> list[str]:
        return [a.name for a, _ in kb.holders(post, scope, day)]

    assert holder("foreign_minister", "USA", date(2021, 5, 17)) == ["Antony Blinken"]
    assert holder("foreign_minister", "USA", date(2019, 5, 17)) == ["Mike Pompeo"]
    assert holder("head_of_state", "EGY", date(2021, 5, 17)) == ["Abdel Fattah el-Sisi"]
    assert "Hosni Mubarak" in holder("head_of_state", "EGY", date(2010, 5, 17))


def test_aliases_are_indexed_after_normalisation(kb) -> None:  # type: ignore[no-untyped-def]
    key = kb.rules.key("Sheikh Muhammad bin Abdul Rahman Al-Thani")
    assert {a.actor.name for a in kb.lookup_key(key)} == {"Mohammed bin Abdulrahman Al Thani"}
    assert {a.actor.id for a in kb.lookup_key(kb.rules.key("Qatari"))} == {"QAT"}


def test_user_file_adds_and_overrides(kb, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "mine.yaml"
    path.write_text(
        "- {id: jane-roe, name: Jane Roe, kind: person, gender: f, aliases: [J. Roe],\n"
        "   roles: [{post: foreign_minister, title: Foreign Minister, country: ISL, start: 2030-01-01}]}\n"
        "- {id: QAT, name: State of Qatar, kind: country, aliases: [Qatar]}\n",
        encoding="utf-8",
    )
    mine = load_kb(user_files=(path,))
    assert [a.actor.id for a in mine.lookup_key(mine.rules.key("Jane Roe"))] == ["jane-roe"]
    assert mine.actors["QAT"].name == "State of Qatar"
    assert [a.name for a, _ in mine.holders("foreign_minister", "ISL", date(2030, 2, 1))] == ["Jane Roe"]
    assert kb.actors["QAT"].name == "Qatar"  # the shared base is untouched


def test_user_csv_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("id,name,kind,country,sector,aliases\nacme,Acme Corp,organisation,USA,BUS,Acme;ACME Inc\n", encoding="utf-8")
    kb = load_kb(user_files=(path,))
    assert kb.actors["acme"].sector == "BUS"
    assert [a.actor.id for a in kb.lookup_key(kb.rules.key("ACME Inc"))] == ["acme"]


def test_bad_user_file_names_the_file_and_entry(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("- {id: x, kind: person}\n", encoding="utf-8")
    kb = load_kb()
    with pytest.raises(DataFileError, match=r"bad\.yaml: entry 1: field 'name' is required"):
        load_user_actors(kb, path)


def _bundled(prefix: str) -> list[str]:
    from dragoman.actors.kb import bundled_files

    names = [path.name for path, _ in bundled_files() if path.name.startswith(prefix)]
    assert names, prefix
    return names


def test_every_matching_file_is_loaded() -> None:
    assert {"people.yaml", "people_before_2010.yaml", "people_2015_2025.yaml"} <= set(_bundled("people"))
    assert {"organisations.yaml", "organisations_p5.yaml"} <= set(_bundled("organisations"))


@pytest.mark.parametrize(
    ("filename", "definition"),
    [("countries.yaml", "countries")]
    + [(name, "organisations") for name in _bundled("organisations")]
    + [(name, "people") for name in _bundled("people")],
)
def test_bundled_files_follow_the_schema(filename: str, definition: str) -> None:
    import json

    import jsonschema

    from dragoman.actors.kb import KB_DIR
    from dragoman.data.loader import load_yaml

    root = Path(__file__).resolve().parents[1]
    schema = json.loads((root / "schema" / "kb.schema.json").read_text(encoding="utf-8"))
    data = load_yaml((KB_DIR / filename).read_text(encoding="utf-8"))
    for entry in data:  # dates as ISO strings, as a user would write them in YAML or JSON
        for role in entry.get("roles") or ():
            role.update({k: str(v) for k, v in role.items() if k in ("start", "end") and v is not None})
    jsonschema.validate(data, {**schema, "$ref": f"#/$defs/{definition}"})
