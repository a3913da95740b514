"""The build with the paragraph-split texts: joined to the OHCHR collection, validated, published atomically."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hrcgraph.graph.build import BuildConfig, build
from hrcgraph.graph.errors import SourceError
from hrcgraph.graph.namespaces import sparql_prefixes
from hrcgraph.graph.publish import DataDir

FIXTURES = Path(__file__).parent / "fixtures"


def _quiet(_: str) -> None:
    pass


@pytest.fixture
def texts(tmp_path: Path) -> Path:
    folder = tmp_path / "texts"
    folder.mkdir()
    shutil.copy(FIXTURES / "texts" / "good" / "docs-2090.json", folder)
    return folder


def _rows(data_dir: Path, sparql: str) -> list[tuple[str, ...]]:
    current = DataDir(data_dir).current()
    assert current is not None
    try:
        result = current.store.select(sparql_prefixes() + sparql)
        return [tuple(t.value if t is not None else "" for t in row) for row in result]
    finally:
        current.close()


def test_a_build_with_texts(tmp_path: Path, texts: Path) -> None:
    summary = build(BuildConfig(data_dir=tmp_path / "d", sources={"ohchr": [FIXTURES / "ohchr"], "texts": [texts]}),
                    log=_quiet)
    assert summary.report is not None and summary.report.conforms
    assert summary.per_graph["https://w3id.org/hrcgraph/graph/texts"] > 0
    assert any("A/HRC/RES/90/99 is not a text of the graph" in w for w in summary.source_warnings)
    assert any("1 General Assembly documents left out" in w for w in summary.source_warnings)
    actions = _rows(tmp_path / "d", """
        SELECT ?a ?how WHERE { ?a hrc:takenBy <https://w3id.org/hrcgraph/id/text/A/HRC/RES/90/3> ;
                                  hrc:derivation ?how }""")
    assert actions == [("https://w3id.org/hrcgraph/id/text/A/HRC/RES/90/3#mandate-action-op-1",
                        "https://w3id.org/hrcgraph/ontology#FromClause")]
    provenance = _rows(tmp_path / "d", """
        SELECT ?name ?sum ?licence WHERE { GRAPH ?meta {
          <https://w3id.org/hrcgraph/graph/texts> prov:wasDerivedFrom ?f ; dct:license ?licence .
          ?f rdfs:label ?name ; dct:identifier ?sum } }""")
    assert [(name, licence) for name, _, licence in provenance] == [("docs-2090.json", "PolyForm Noncommercial 1.0.0")]
    assert provenance[0][1].startswith("sha256:")


def test_a_changed_text_rebuilds_and_bad_texts_leave_the_build_untouched(tmp_path: Path, texts: Path) -> None:
    config = BuildConfig(data_dir=tmp_path / "d", sources={"ohchr": [FIXTURES / "ohchr"], "texts": [texts]})
    first = build(config, log=_quiet)
    assert build(config, log=_quiet).status == "up-to-date"
    (texts / "docs-2091.json").write_text('{"A/HRC/RES/90/2": [["OP1", "1. Welcomes the report;"]', encoding="utf-8")
    with pytest.raises(SourceError) as err:
        build(config, log=_quiet)
    assert "docs-2091.json" in str(err.value) and "not JSON" in str(err.value)
    assert DataDir(tmp_path / "d").current().version == first.version  # type: ignore[union-attr]
    assert not list((tmp_path / "d" / "builds").glob(".staging-*"))
