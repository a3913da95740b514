"""The Reconciliation Service API's published JSON schemas (``reconcile_schemas/``, see its README), and the
real-world names the tests reconcile."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

SCHEMAS = Path(__file__).resolve().parents[1] / "api" / "reconcile_schemas"
BASE = "https://w3id.org/hrcgraph/"


@lru_cache(maxsize=1)
def _registry() -> tuple[Registry, dict[str, dict[str, object]]]:
    registry: Registry = Registry()
    by_name: dict[str, dict[str, object]] = {}
    for path in sorted(SCHEMAS.rglob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        registry = registry.with_resource(schema["$id"], Resource.from_contents(schema, default_specification=DRAFT7))
        by_name[str(path.relative_to(SCHEMAS).with_suffix(""))] = schema
    return registry, by_name


def validate(name: str, document: object) -> None:
    """Raise ``jsonschema.ValidationError`` unless ``document`` fits the published schema ``name``."""
    registry, schemas = _registry()
    Draft7Validator(schemas[name], registry=registry).validate(document)


def state(iso3: str) -> str:
    return f"{BASE}id/state/{iso3}"


#: Spellings from the voting data's country column and the main_sponsors field, and the IRI each must match.
REAL_NAMES: dict[str, tuple[str, str]] = {
    "Türkiye": ("State", state("TUR")),
    "Turkey": ("State", state("TUR")),
    "Cote d'Ivoire": ("State", state("CIV")),
    "Côte d’Ivoire": ("State", state("CIV")),
    "Cote D'Ivoire": ("State", state("CIV")),
    "Venezuela (Bolivarian Republic of)": ("State", state("VEN")),
    "Venezuela (Bolivarian Republic Of)": ("State", state("VEN")),
    "Iran (Islamic Republic Of)": ("State", state("IRN")),
    "Republic Of Korea": ("State", state("KOR")),
    "Democratic Republic Of The Congo": ("State", state("COD")),
    "Guinea Bissau": ("State", state("GNB")),
    "Niger": ("State", state("NER")),
    "Nigeria": ("State", state("NGA")),
    "Guinea": ("State", state("GIN")),
    "Congo": ("State", state("COG")),
    "Dominica": ("State", state("DMA")),
    "Dominican Republic": ("State", state("DOM")),
    "Sudan": ("State", state("SDN")),
    "South Sudan": ("State", state("SSD")),
    "MLI": ("State", state("MLI")),
    "ML": ("State", state("MLI")),
    "Group of African States": ("Group", BASE + "id/group/african-group"),
    "European Union": ("Group", BASE + "id/group/european-union"),
    "Organisation of Islamic Cooperation": ("Group", BASE + "id/group/organisation-of-islamic-cooperation"),
    "A/HRC/RES/55/25": ("Text", BASE + "id/text/A/HRC/RES/55/25"),
    "a/hrc/res/52/7": ("Text", BASE + "id/text/A/HRC/RES/52/7"),
    "Human Rights Council, 55th session": ("Session", BASE + "id/session/hrc/55"),
    "HRC 55": ("Session", BASE + "id/session/hrc/55"),
    "Special Rapporteur on torture": (
        "Mandate", BASE + "id/mandate/special-rapporteur-on-torture-and-other-cruel-inhuman-or-degrading-treatment-or-"
        "punishment"),
    "right to food": ("Mandate", BASE + "id/mandate/special-rapporteur-on-the-right-to-food"),
}

#: Names that look like a state but must not match one: (name, IRIs it must not match).
DECOYS: dict[str, tuple[str, ...]] = {
    "Niger": (state("NGA"),),
    "Nigeria": (state("NER"),),
    "Guinea": (state("GNB"), state("GNQ"), state("PNG")),
    "Congo": (state("COD"),),
    "Dominica": (state("DOM"),),
    "Sudan": (state("SSD"),),
    "Republic of Zubrowka": (),
    "Nigerria": (),
}
