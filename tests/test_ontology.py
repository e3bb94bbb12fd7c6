from __future__ import annotations

import csv
import re

from conftest import shared
from dragoman.ontology import PLOVER_TYPES, load_ontology, normalise_plover


def test_all_312_codes_with_quad_class_and_plover() -> None:
    ontology = load_ontology()
    assert len(ontology.codes) == 312
    for code in ontology.codes.values():
        assert (
            code.quad_class
            == {
                **dict.fromkeys(range(1, 6), 1),
                **dict.fromkeys(range(6, 9), 2),
                **dict.fromkeys(range(9, 14), 3),
                **dict.fromkeys(range(14, 21), 4),
            }[int(code.root)]
        )
        assert code.plover is None or code.plover in PLOVER_TYPES
    assert ontology["041"].plover == "CONSULT" and ontology["041"].mode == "phone"
    assert ontology["195"].plover == "ASSAULT"


def test_modality_codes_exist_and_turn_acts_into_intents() -> None:
    ontology = load_ontology()
    assert ontology.intent_code("042") == "036"
    assert ontology.refusal_code("040") == "125"
    assert ontology.threat_code("190")[:2] == "13"


def test_early_plover_labels_map_to_todays() -> None:
    assert normalise_plover("demand") == "REQUEST"
    assert normalise_plover("FIGHT") == "ASSAULT"
    assert normalise_plover("CONSULT") == "CONSULT"


def test_codes_and_goldstein_match_the_reference_codebook() -> None:
    ontology = load_ontology()
    with shared("cameo", "cameo_codes.csv").open(encoding="utf-8") as stream:
        reference = {row["code"]: float(row["goldstein"]) for row in csv.DictReader(stream)}
    assert set(reference) == set(ontology.codes)
    assert {c: ontology[c].goldstein for c in reference} == reference


def test_plover_types_agree_with_the_reference_mapping() -> None:
    ontology = load_ontology()
    early = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT", "INVESTIGATE": "ACCUSE"}
    expected: dict[str, set[str]] = {}
    for line in shared("cameo", "CAMEO2PLOVER-2021.txt").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^(\d{2,4}):\s*([A-Z]+)", line)
        if match and match.group(1) in ontology:  # a root heading may appear under two types
            expected.setdefault(match.group(1), set()).add(early.get(match.group(2), match.group(2)))
    assert len(expected) > 250
    disagreements = [code for code, types in expected.items() if ontology[code].plover not in types]
    assert disagreements == []
