"""How the software and the dataset are cited: CITATION.cff for the software, a citation of each build."""

from __future__ import annotations

import json
import tomllib
from dataclasses import replace
from pathlib import Path

import yaml
from jsonschema import Draft7Validator

from hrcgraph.graph.citation import dataset_citation
from hrcgraph.graph.manifest import BuildManifest, SourceEntry

REPO = Path(__file__).resolve().parents[1]
MANIFEST = BuildManifest(
    version="0123456789abcdef" * 4,
    built_at="2026-11-30T12:00:00Z",
    sources=(
        SourceEntry("https://w3id.org/hrcgraph/graph/ontology", "The hrcgraph ontology", license="x"),
        SourceEntry("https://w3id.org/hrcgraph/graph/ohchr", "OHCHR voting collection",
                    license="PolyForm Noncommercial 1.0.0"),
        SourceEntry("https://w3id.org/hrcgraph/graph/countries", "States and groups",
                    license="https://opendatacommons.org/licenses/pddl/1-0/"),
        SourceEntry("https://w3id.org/hrcgraph/graph/meta", "Provenance", license=None),
    ),
)


def test_citation_cff_has_what_cff_1_2_0_requires_and_the_package_version() -> None:
    """CITATION.cff is valid Citation File Format 1.2.0: checked against the format's own JSON schema (kept in
    tests/cff_schema with its source and licence; the ``cffconvert`` validator on PyPI pins jsonschema < 4,
    which the schema tests of the reconciliation API need), and it agrees with pyproject.toml."""
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    schema = json.loads((REPO / "tests" / "cff_schema" / "cff-1.2.0.schema.json").read_text(encoding="utf-8"))
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
              for e in Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER).iter_errors(cff)]
    assert not errors, errors
    assert cff["cff-version"] == "1.2.0"
    assert cff["message"].strip() and cff["title"].strip()
    assert cff["authors"] and all(a.get("name") or a.get("family-names") for a in cff["authors"])
    assert cff["type"] in ("software", "dataset")
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert str(cff["version"]) == project["version"]
    assert cff["license"] == project["license"]
    for ref in cff.get("references", []):
        assert ref["type"] and ref["title"] and ref["authors"]


def test_the_dataset_citation_names_version_date_and_sources_with_licences() -> None:
    citation = dataset_citation(MANIFEST, url="https://hrcgraph.example.org/",
                                dataset_iri="https://w3id.org/hrcgraph/dataset")
    plain = citation.plain()
    assert "dataset version 0123456789ab" in plain and "built 2026-11-30" in plain
    assert "OHCHR voting collection (PolyForm Noncommercial 1.0.0)." in plain
    assert "States and groups (https://opendatacommons.org/licenses/pddl/1-0/)." in plain
    assert "Provenance" not in plain and "ontology" not in plain.split("Sources:")[1]
    bibtex = citation.bibtex()
    assert bibtex.startswith("@misc{hrcgraph2026012345,\n")
    assert "  url = {https://hrcgraph.example.org/},\n" in bibtex
    assert "  title = {{hrcgraph: the UN Human Rights Council as linked data}}," in bibtex
    assert bibtex.count("{") == bibtex.count("}")


def test_special_characters_are_escaped_in_bibtex() -> None:
    manifest = replace(MANIFEST, sources=(SourceEntry("g", "A & B_c 100%", license="L"),))
    bibtex = dataset_citation(manifest, url="https://x.example/a_b", dataset_iri="d").bibtex()
    assert r"A \& B\_c 100\%" in bibtex
    assert "url = {https://x.example/a_b}" in bibtex
