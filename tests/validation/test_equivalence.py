"""The compiled validator gives pySHACL's results: on our own cases (every supported constraint,
valid and violating data) and on a sample of the real graph. On the shapes' example files it is
checked beside their expected reports (tests/shapes/test_shapes.py), with the same pySHACL run."""

from __future__ import annotations

from pathlib import Path

import pytest

from hrcgraph.graph.validation import compile_shapes, shipped_shapes, validate_store, validate_triples
from hrcgraph.graph.validation.pyshacl_check import (
    graph_from_triples,
    ohchr_graph_quads,
    pyshacl_validate,
    store_from_graph,
)

from support.validation_cases import EX, both_reports, case_files, difference, load_case


@pytest.mark.parametrize("path", case_files(), ids=lambda p: p.stem)
def test_case_matches_pyshacl(path: Path) -> None:
    case = load_case(path)
    ours, theirs = both_reports(case.data, case.shapes)
    assert ours.keys() == theirs.keys(), difference(ours, theirs)
    assert ours.conforms == theirs.conforms


@pytest.mark.parametrize("path", case_files(), ids=lambda p: p.stem)
def test_case_flags_exactly_its_bad_nodes(path: Path) -> None:
    """The cases name their focus nodes ``ex:ok-...`` (no result) and ``ex:bad-...`` (at least one),
    so a case cannot pass by both engines missing the same thing."""
    case = load_case(path)
    ours = validate_store(store_from_graph(case.data), compile_shapes(case.shapes))
    named = {str(s) for s in case.data.subjects() if str(s).startswith(EX)}
    named |= {str(o) for o in case.data.objects() if str(o).startswith(EX)}
    flagged = {r.focus for r in ours.results}
    bad = {f"<{iri}>" for iri in named if iri[len(EX):].startswith("bad-")}
    ok = {f"<{iri}>" for iri in named if iri[len(EX):].startswith("ok-")}
    assert bad, "a case needs violating data"
    assert bad <= flagged, f"not flagged: {sorted(bad - flagged)}"
    assert not ok & flagged, f"flagged but valid: {sorted(ok & flagged)}"


#: OHCHR records in the real-graph sample: pySHACL needs a few seconds for it (the states' SPARQL
#: constraints, run once per state, are most of that), the compiled validator a fraction of a second.
SAMPLE_RECORDS = 25


@pytest.mark.slow
def test_real_graph_sample_matches_pyshacl(ohchr_dir: Path) -> None:
    quads = ohchr_graph_quads(ohchr_dir, sample=SAMPLE_RECORDS)
    program = shipped_shapes()
    ours = validate_triples(quads, program)
    theirs = pyshacl_validate(graph_from_triples(quads), program.graph)
    assert ours.keys() == theirs.keys(), difference(ours, theirs)
    assert sum(1 for q in quads if q.predicate.value.endswith("#inVoteEvent")) > 100, "the sample has roll calls"
