"""Reading shapes: the supported subset compiles, anything else is refused by name, shapes get
stable names."""

from __future__ import annotations

import pytest
import rdflib

from hrcgraph.graph import resources
from hrcgraph.graph.validation import ShapeError, UnsupportedShapeError, compile_shapes, load_shapes
from hrcgraph.graph.validation.shapes import read_shapes, shape_label

PREFIXES = """
@prefix ex: <http://example.org/ns#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def shapes(turtle: str) -> rdflib.Graph:
    return rdflib.Graph().parse(data=PREFIXES + turtle, format="turtle")


UNSUPPORTED = {
    "or": ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:or ( [ sh:datatype xsd:string ] ) .", "sh:or"),
    "node": ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:node ex:Other .", "sh:node"),
    "closed": ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:closed true .", "sh:closed"),
    "equals": ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:equals ex:q ] .",
               "sh:equals"),
    "unique-lang": ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:uniqueLang true ] .",
                    "sh:uniqueLang"),
    "qualified": ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; "
                  "sh:qualifiedValueShape [ sh:class ex:D ] ; sh:qualifiedMinCount 1 ] .", "sh:qualified"),
    "sequence-path": ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ( ex:p ex:q ) ; "
                      "sh:minCount 1 ] .", "sh:path"),
    "alternative-path": ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path "
                         "[ sh:alternativePath ( ex:p ex:q ) ] ; sh:minCount 1 ] .", "sh:path"),
    "flags-s": ('ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:pattern "a.b" ; sh:flags "is" .', "sh:flags"),
    "nested-property": ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; "
                        "sh:property [ sh:path ex:q ; sh:minCount 1 ] ] .", "sh:property"),
    "sparql-values": ('ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select '
                      '"SELECT $this WHERE { VALUES ?x { 1 } $this ?p ?x }" ] .', "VALUES"),
    "sparql-no-this": ('ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select '
                       '"SELECT ?value WHERE { $this ?p ?value }" ] .', "$this"),
    "sparql-shapes-graph": ('ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select '
                            '"SELECT $this WHERE { $this ?p $shapesGraph }" ] .', "$shapesGraph"),
    "sparql-ask": ('ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:ask "ASK { $this ?p ?o }" ] .',
                   "sh:ask"),
    "blank-in": ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:in ( [] ) ] .",
                 "sh:in"),
    "sparql-target": ("ex:S a sh:NodeShape ; sh:target [ a sh:SPARQLTarget ] .", "sh:target"),
}


@pytest.mark.parametrize(("turtle", "construct"), UNSUPPORTED.values(), ids=UNSUPPORTED.keys())
def test_unsupported_construct_is_refused_by_name(turtle: str, construct: str) -> None:
    with pytest.raises(UnsupportedShapeError) as caught:
        compile_shapes(shapes(turtle))
    message = str(caught.value)
    assert construct in message
    assert "<http://example.org/ns#S>" in message
    assert caught.value.code == "unsupported-shape"


MALFORMED = {
    "count-not-integer": ('ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; '
                          'sh:minCount "one" ] .', "sh:minCount"),
    "two-datatypes": ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; "
                      "sh:datatype xsd:string, xsd:integer ] .", "sh:datatype"),
    "bad-regex": ('ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:pattern "(" .', "sh:pattern"),
    "bad-sparql": ('ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:select '
                   '"SELECT $this WHERE { $this ex:p ?o }" ] .', "not valid SPARQL"),
    "count-on-node-shape": ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:minCount 1 .", "sh:minCount"),
    "path-without-predicate": ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:minCount 1 ] .",
                               "sh:path"),
}


@pytest.mark.parametrize(("turtle", "construct"), MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_shape_is_reported_with_its_name(turtle: str, construct: str) -> None:
    with pytest.raises(ShapeError) as caught:
        compile_shapes(shapes(turtle))
    assert construct in str(caught.value)
    assert "<http://example.org/ns#S>" in str(caught.value)


def test_supported_shape_compiles_with_targets_paths_and_severity() -> None:
    graph = shapes("""
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:targetNode ex:n ; sh:nodeKind sh:IRI ;
            sh:property [ sh:path [ sh:inversePath ex:p ] ; sh:minCount 1 ; sh:severity sh:Warning ;
                          sh:message "needs an incoming ex:p" ] .
        ex:Off a sh:NodeShape ; sh:targetClass ex:C ; sh:deactivated true ; sh:nodeKind sh:Literal .
        ex:Untargeted a sh:NodeShape ; sh:nodeKind sh:Literal .
    """)
    specs = read_shapes(graph)
    assert [s.label for s in specs] == ["<http://example.org/ns#S>", "<http://example.org/ns#S>/^<http://example.org/ns#p>"]
    node, prop = specs
    assert node.targets.classes == ("http://example.org/ns#C",)
    assert node.targets.nodes == ("<http://example.org/ns#n>",)
    assert node.path is None and node.severity == "http://www.w3.org/ns/shacl#Violation"
    assert prop.path is not None and prop.path.sparql() == "^<http://example.org/ns#p>"
    assert prop.targets == node.targets and prop.parent == node.label
    assert prop.min_count == 1 and prop.severity == "http://www.w3.org/ns/shacl#Warning"
    assert prop.message == "needs an incoming ex:p"


def test_blank_property_shapes_are_named_after_parent_and_path_the_same_on_every_parse() -> None:
    text = """
        ex:S a sh:NodeShape ; sh:targetClass ex:C ;
            sh:property [ sh:path ex:p ; sh:minCount 1 ] , [ sh:path ex:p ; sh:maxCount 2 ] , [ sh:path ex:q ] .
    """
    labels = []
    for _ in range(2):
        graph = shapes(text)
        labels.append(sorted(shape_label(graph, n) for n in graph.objects(None, rdflib.SH.property)))
    assert labels[0] == labels[1] == [
        "<http://example.org/ns#S>/<http://example.org/ns#p>[1]",
        "<http://example.org/ns#S>/<http://example.org/ns#p>[2]",
        "<http://example.org/ns#S>/<http://example.org/ns#q>",
    ]


def test_shipped_shapes_compile() -> None:
    assert resources.shape_files(), "shapes/ ships no shapes file"
    program = load_shapes()
    assert program.shapes
    assert all(spec.targets for spec in program.shapes)
