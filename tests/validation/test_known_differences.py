"""Where pySHACL and the compiled validator differ, on purpose or by the nature of the stores.

Each case is an expected failure of the equivalence check (strict: if the engines come to agree,
the test says so and the case can move to the ordinary cases).
"""

from __future__ import annotations

import pytest
import rdflib

from support.validation_cases import both_reports, difference

PREFIXES = """
@prefix ex: <http://example.org/ns#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

CASES = {
    "ill-typed-boolean": (
        "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:flag ; sh:datatype xsd:boolean ] .",
        'ex:x a ex:C ; ex:flag "yes"^^xsd:boolean .',
        "rdflib reads \"yes\"^^xsd:boolean as an ill-typed literal but rewrites its lexical form to \"false\"; "
        "the store made from rdflib's graph holds a well-typed \"false\"",
    ),
    "explicit-xsd-string": (
        'ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:code ; sh:in ( "a" ) ] .',
        'ex:x a ex:C ; ex:code "a"^^xsd:string .',
        'RDF 1.1 makes "a"^^xsd:string and "a" one term, as Oxigraph does; rdflib keeps them apart',
    ),
}


@pytest.mark.parametrize(
    ("shapes", "data"),
    [
        pytest.param(s, d, id=name, marks=pytest.mark.xfail(strict=True, reason=why))
        for name, (s, d, why) in CASES.items()
    ],
)
def test_known_difference(shapes: str, data: str) -> None:
    shapes_graph = rdflib.Graph().parse(data=PREFIXES + shapes, format="turtle")
    data_graph = rdflib.Graph().parse(data=PREFIXES + data, format="turtle")
    ours, theirs = both_reports(data_graph, shapes_graph)
    assert ours.keys() == theirs.keys(), difference(ours, theirs)
