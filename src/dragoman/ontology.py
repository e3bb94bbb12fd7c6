"""CAMEO codes, the CAMEO-to-PLOVER mapping and modality codes, loaded from data files."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from dragoman.data import DATA_DIR
from dragoman.errors import DataFileError

ONTOLOGY_DIR = DATA_DIR / "ontology"
PLOVER_TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
    "CONCEDE",
)
EARLY_PLOVER_NAMES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT", "INVESTIGATE": "ACCUSE"}


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    root: str
    name: str
    goldstein: float
    quad_class: int
    plover: str | None
    mode: str | None
    context: str | None


@dataclass(frozen=True, slots=True)
class Modality:
    """The codes an act's root turns into under intent, threat or refusal."""

    root: str
    intent: str | None
    threat: str | None
    refusal: str | None


class Ontology:
    """Lookup of CAMEO codes with their PLOVER mapping."""

    def __init__(self, codes: dict[str, CameoCode], modality: dict[str, Modality]) -> None:
        self.codes = codes
        self.modality = modality

    def __getitem__(self, code: str) -> CameoCode:
        return self.codes[code]

    def __contains__(self, code: object) -> bool:
        return code in self.codes

    def intent_code(self, code: str) -> str | None:
        return self._modal(code, "intent")

    def threat_code(self, code: str) -> str | None:
        return self._modal(code, "threat")

    def refusal_code(self, code: str) -> str | None:
        return self._modal(code, "refusal")

    def _modal(self, code: str, kind: str) -> str | None:
        """The most specific row that gives one: "will resign" (0831) is 0341, not just 035."""
        for key in (code, code[:3], code[:2]):
            entry = self.modality.get(key)
            value = getattr(entry, kind) if entry else None
            if value:
                return value
        return None


def normalise_plover(label: str) -> str:
    """Today's PLOVER name for a current or early label."""
    upper = label.strip().upper()
    return EARLY_PLOVER_NAMES.get(upper, upper)


def _rows(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as stream:
            return list(csv.DictReader(stream))
    except OSError as exc:
        raise DataFileError(path, f"cannot read: {exc}") from exc


def _load_codes(directory: Path) -> dict[str, CameoCode]:
    mapping = {row["cameo"]: row for row in _rows(directory / "cameo_plover.csv")}
    codes: dict[str, CameoCode] = {}
    for line, row in enumerate(_rows(directory / "cameo_codes.csv"), start=2):
        code = row["code"]
        plover_row = mapping.get(code)
        if plover_row is None:
            raise DataFileError(directory / "cameo_plover.csv", f"no row for CAMEO code {code}")
        try:
            codes[code] = CameoCode(
                code=code,
                root=row["root"],
                name=row["name"],
                goldstein=float(row["goldstein"]),
                quad_class=int(row["quad_class"]),
                plover=plover_row["plover"] or None,
                mode=plover_row["mode"] or None,
                context=plover_row["context"] or None,
            )
        except (KeyError, ValueError) as exc:
            raise DataFileError(directory / "cameo_codes.csv", f"line {line}: {exc}") from exc
    return codes


def _load_modality(directory: Path, codes: dict[str, CameoCode]) -> dict[str, Modality]:
    table: dict[str, Modality] = {}
    path = directory / "modality.csv"
    for line, row in enumerate(_rows(path), start=2):
        values = {k: (row.get(k) or None) for k in ("intent", "threat", "refusal")}
        for value in values.values():
            if value is not None and value not in codes:
                raise DataFileError(path, f"line {line}: unknown CAMEO code {value}")
        table[row["root"]] = Modality(root=row["root"], **values)
    return table


@lru_cache(maxsize=4)
def load_ontology(directory: Path = ONTOLOGY_DIR) -> Ontology:
    """Load and validate the ontology tables (cached: they are read-only)."""
    codes = _load_codes(directory)
    return Ontology(codes, _load_modality(directory, codes))
