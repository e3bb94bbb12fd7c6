"""Knowledge-base coverage: every person names a source, office-holders of 2015-2025 answer on a date,
and names resolve the way `dragoman actors lookup` resolves them."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest

from dragoman.actors.kb import bundled_files, load_kb
from dragoman.data.loader import load_yaml

G20 = [
    "ARG",
    "AUS",
    "BRA",
    "CAN",
    "CHN",
    "FRA",
    "DEU",
    "IND",
    "IDN",
    "ITA",
    "JPN",
    "KOR",
    "MEX",
    "RUS",
    "SAU",
    "ZAF",
    "TUR",
    "GBR",
    "USA",
]
MIDDLE_EAST = ["EGY", "IRN", "IRQ", "ISR", "JOR", "KWT", "LBN", "OMN", "PSE", "QAT", "SYR", "ARE", "YEM", "BHR"]


@pytest.fixture(scope="module")
def kb():  # type: ignore[no-untyped-def]
    return load_kb()


def _people_entries() -> list[tuple[str, dict]]:  # type: ignore[type-arg]
    entries = []
    for path, _ in bundled_files():
        if path.name.startswith("people"):
            entries.extend((path.name, entry) for entry in load_yaml(path.read_text(encoding="utf-8")))
    return entries


def test_every_person_names_a_source() -> None:
    entries = _people_entries()
    assert len(entries) > 4500
    missing = [f"{name}: {entry['id']}" for name, entry in entries if not str(entry.get("source") or "").strip()]
    assert missing == []
    new = [entry for name, entry in entries if name == "people_2015_2025.yaml"]
    assert len(new) >= 80
    assert {entry["source"].split(":")[0] for entry in new} == {"Wikipedia"}


def test_approximate_dates_are_firsts_of_the_month() -> None:
    approximate = [(entry["id"], role) for _, entry in _people_entries() for role in entry["roles"] if role.get("approximate")]
    assert approximate
    for ident, role in approximate:
        which = ("start", "end") if role["approximate"] == "both" else (role["approximate"],)
        for key in which:
            assert role[key] is not None and role[key].day == 1, (ident, role)


def test_added_people_are_not_already_in_the_kb(kb) -> None:  # type: ignore[no-untyped-def]
    # an office-holder already in the KB is extended in place, not repeated under another id
    def keys(entry: dict) -> set[str]:  # type: ignore[type-arg]
        return {kb.rules.key(text) for text in (entry["name"], *(entry.get("aliases") or ()))}

    entries = _people_entries()
    older: dict[str, str] = {}
    for name, entry in entries:
        if name != "people_2015_2025.yaml":
            older.update(dict.fromkeys(keys(entry), entry["id"]))
    added = [entry for name, entry in entries if name == "people_2015_2025.yaml"]
    assert added
    repeated = [(entry["id"], older[key]) for entry in added for key in keys(entry) if key in older]
    assert repeated == []


@pytest.mark.parametrize(
    ("post", "scope", "day", "expected"),
    [
        ("interior_minister", "GBR", date(2019, 5, 1), "Sajid Javid"),
        ("interior_minister", "GBR", date(2019, 9, 1), "Priti Patel"),
        ("interior_minister", "GBR", date(2015, 6, 1), "Theresa May"),
        ("interior_minister", "USA", date(2018, 6, 1), "Kirstjen Nielsen"),
        ("interior_minister", "FRA", date(2021, 3, 1), "Gérald Darmanin"),
        ("interior_minister", "DEU", date(2019, 1, 1), "Horst Seehofer"),
        ("interior_minister", "IRN", date(2022, 1, 1), "Ahmad Vahidi"),
        ("interior_minister", "SAU", date(2016, 1, 1), "Muhammad bin Nayef"),
        ("interior_minister", "QAT", date(2021, 1, 1), "Khalid bin Khalifa bin Abdulaziz Al Thani"),
        ("interior_minister", "KOR", date(2023, 1, 1), "Lee Sang-min"),
        ("interior_minister", "ZAF", date(2019, 1, 1), "Siyabonga Cwele"),
        ("foreign_minister", "YEM", date(2024, 6, 1), "Shaya al-Zindani"),
        ("foreign_minister", "HUN", date(2020, 6, 1), "Péter Szijjártó"),
        ("foreign_minister", "IRQ", date(2019, 1, 1), "Mohamed Ali Alhakim"),
        ("head_of_government", "HUN", date(2020, 6, 1), "Viktor Orbán"),
        ("head_of_state", "CAN", date(2020, 6, 1), "Elizabeth II"),
        ("head_of_state", "AUS", date(2023, 6, 1), "Charles III"),
        ("defence_minister", "JOR", date(2021, 6, 1), "Bisher Khasawneh"),
        ("secretary_general", "nato", date(2016, 6, 1), "Jens Stoltenberg"),
        ("secretary_general", "nato", date(2024, 12, 1), "Mark Rutte"),
        ("secretary_general", "un", date(2016, 6, 1), "Ban Ki-moon"),
        ("secretary_general", "arab-league", date(2020, 1, 1), "Ahmed Aboul Gheit"),
        ("secretary_general", "au", date(2020, 1, 1), "Moussa Faki Mahamat"),
    ],
)
def test_office_holder_on_a_date(kb, post: str, scope: str, day: date, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert [a.name for a, _ in kb.holders(post, scope, day)] == [expected]


def test_interior_ministers_cover_most_of_2015_2025(kb) -> None:  # type: ignore[no-untyped-def]
    # a country is covered when someone held the post in mid-month for at least 90% of the months;
    # the countries with no interior minister as such, or whose holders' dates were not known with
    # confidence, are listed in the README
    months = [date(year, month, 15) for year in range(2015, 2026) for month in range(1, 13)]
    covered = {
        code
        for code in G20 + MIDDLE_EAST
        if sum(bool(kb.holders("interior_minister", code, day)) for day in months) >= 0.9 * len(months)
    }
    assert {"GBR", "USA", "FRA", "DEU", "ITA", "CAN", "MEX", "CHN", "RUS", "IND", "IDN", "TUR", "SAU"} <= covered
    assert {"EGY", "IRN", "LBN", "QAT", "SYR", "ARE", "BHR"} <= covered
    assert len(covered) >= 20


def test_p5_ministries_and_agencies(kb) -> None:  # type: ignore[no-untyped-def]
    def resolved(text: str) -> set[tuple[str, str | None, str | None]]:
        # names and aliases outrank a country's metonyms ("Quai d'Orsay" is also one for France)
        found = kb.lookup_key(kb.rules.key(text))
        return {(a.actor.id, a.actor.country, a.actor.sector) for a in found if a.rule in ("name", "alias")}

    assert resolved("Home Office") == {("UK_HOME_OFFICE", "GBR", "GOV")}
    assert resolved("Quai d'Orsay") == {("FRA_MFA", "FRA", "GOV")}
    assert resolved("Russian Foreign Ministry") == {("RUS_MFA", "RUS", "GOV")}
    assert resolved("Chinese Ministry of National Defense") == {("CHN_MOD", "CHN", "MIL")}
    assert resolved("MI5") == {("MI5", "GBR", "SPY")}


def test_organisation_aliases_are_unique() -> None:
    owners: dict[str, str] = {}
    clashes = []
    for path, _ in bundled_files():
        if not path.name.startswith("organisations"):
            continue
        for entry in load_yaml(path.read_text(encoding="utf-8")):
            for text in (entry["name"], *(entry.get("aliases") or ())):
                if owners.setdefault(text, entry["id"]) != entry["id"]:
                    clashes.append((text, owners[text], entry["id"]))
    assert owners
    assert clashes == []


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "day", "expected"),
    [
        ("the British Home Secretary", date(2019, 9, 1), "Priti Patel"),
        ("Home Secretary", date(2019, 5, 1), "Sajid Javid"),
        ("Hungary's foreign minister", date(2020, 6, 1), "Péter Szijjártó"),
        ("Peter Szijjarto", date(2020, 6, 1), "Péter Szijjártó"),
        ("NATO Secretary General", date(2016, 5, 1), "Jens Stoltenberg"),
        ("NATO Secretary General", date(2024, 12, 1), "Mark Rutte"),
        ("the French interior minister", date(2021, 3, 1), "Gérald Darmanin"),
        ("Homeland Security Secretary", date(2022, 3, 1), "Alejandro Mayorkas"),
        ("Canadian Public Safety Minister", date(2018, 1, 1), "Ralph Goodale"),
        ("South African Home Affairs Minister", date(2017, 12, 1), "Ayanda Dlodlo"),
        ("Saudi Interior Minister", date(2019, 1, 1), "Abdulaziz bin Saud bin Nayef"),
        ("the Home Office", date(2020, 1, 1), "Home Office"),
    ],
)
def test_lookup_resolves_on_a_date(pipeline, text: str, day: date, expected: str) -> None:  # type: ignore[no-untyped-def]
    from dragoman.pipeline import lookup

    names = [m.actor.name for m in lookup(pipeline, text, day)]
    assert names == [expected]


def test_interior_ministers_hand_over_without_overlap() -> None:
    # two holders of one country's interior ministry overlap at most on the hand-over day, unless a
    # date is only approximate (known to the month)
    by_country: dict[str, list[tuple[date, date, str, bool]]] = {}
    for _, entry in _people_entries():
        for role in entry["roles"]:
            if role["post"] == "interior_minister":
                end, rough = role["end"] or date(2100, 1, 1), bool(role.get("approximate"))
                by_country.setdefault(role["country"], []).append((role["start"], end, entry["id"], rough))
    assert len(by_country) >= 25
    clashes = []
    for country, roles in by_country.items():
        roles.sort()
        for (_, end, first, rough1), (start, _, second, rough2) in pairwise(roles):
            if first != second and (end - start).days > 1 and not (rough1 or rough2):
                clashes.append((country, first, second))
    assert clashes == []
