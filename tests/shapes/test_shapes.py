"""The SHACL shapes: each example file gives exactly its expected report, and the shapes keep to
the subset of SHACL the build's validation engine translates to SPARQL."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from importlib.resources.abc import Traversable

import pyoxigraph
import pyshacl
import pytest
import rdflib
from rdflib.namespace import OWL, RDF, SH

from hrcgraph.graph.convert import rdflib_to_triples
from hrcgraph.graph.namespaces import HRC
from hrcgraph.graph.resources import ontology_files, shape_example_files, shape_files
from hrcgraph.graph.validation import ShapesProgram, compile_shapes, validate_store
from hrcgraph.graph.validation.pyshacl_check import report_from_pyshacl, sparql_prepared_once, store_from_graph

from support.shapes import HT, data_graph, expected_results, report_results, shapes_graph
from support.validation_cases import difference

HRCSH = rdflib.Namespace("https://w3id.org/hrcgraph/shapes#")
EXAMPLE_NAME = re.compile(r"^(?P<shape>[A-Z][A-Za-z]*Shape)-(?P<kind>valid|invalid)(?:-(?P<n>[0-9]{2}))?\.ttl$")

#: Classes of the ontology that data never states alone, so that need no NodeShape of their own.
#: None today: an importer states hrc:Text (a symbol of no known kind), hrc:AdoptedText (a seed
#: record of no clear kind), hrc:MandateAction (an action of no clear kind) and hrc:Group.
ABSTRACT_CLASSES: frozenset[rdflib.URIRef] = frozenset()

#: The SHACL terms the validation engine supports; the shapes may use nothing else.
ALLOWED_SHACL = frozenset(SH[name] for name in (
    "targetClass", "property", "path", "inversePath",
    "minCount", "maxCount", "datatype", "pattern", "flags", "in", "class", "nodeKind", "hasValue",
    "minInclusive", "maxInclusive", "minLength", "maxLength", "languageIn",
    "sparql", "select", "prefixes", "declare", "prefix", "namespace",
    "severity", "message", "deactivated",
))
ALLOWED_TYPES = frozenset({SH.NodeShape, SH.PropertyShape, SH.SPARQLConstraint, OWL.Ontology})
SEVERITIES = frozenset({SH.Violation, SH.Warning})
#: Property-shape keys that are constraints (each needs a message on the shape).
CORE_CONSTRAINTS = ALLOWED_SHACL - {SH.path, SH.severity, SH.message, SH.deactivated, SH.sparql, SH.flags,
                                    SH.targetClass, SH.property, SH.inversePath, SH.select, SH.prefixes,
                                    SH.declare, SH.prefix, SH.namespace}


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return shapes_graph()


@pytest.fixture(scope="module", autouse=True)
def _queries_prepared_once() -> Iterator[None]:
    """rdflib prepares each SPARQL text of the shapes once for the whole module (pySHACL hands it the
    same constraint texts for every example; see ``sparql_prepared_once``)."""
    with sparql_prepared_once():
        yield


@pytest.fixture(scope="module")
def compiled_shapes(shapes: rdflib.Graph) -> ShapesProgram:
    return compile_shapes(shapes)


def node_shapes(graph: rdflib.Graph) -> set[rdflib.URIRef]:
    return {s for s in graph.subjects(RDF.type, SH.NodeShape) if isinstance(s, rdflib.URIRef)}


def property_shapes(graph: rdflib.Graph) -> set[rdflib.term.Node]:
    return set(graph.objects(None, SH.property))


def local(iri: rdflib.term.Node) -> str:
    return str(iri).rsplit("#", 1)[-1]


EXAMPLES: list[Traversable] = shape_example_files()


def test_there_are_examples() -> None:
    assert len(EXAMPLES) >= 2 * 20


# --- each example gives exactly its expected report

@pytest.mark.parametrize("example", EXAMPLES, ids=[f.name.removesuffix(".ttl") for f in EXAMPLES])
def test_example_report(example: Traversable, shapes: rdflib.Graph, compiled_shapes: ShapesProgram) -> None:
    """pySHACL, the reference, gives exactly the example's expected results, and the compiled validator
    gives pySHACL's (one pySHACL run serves both checks: it is most of the time of the shapes' tests)."""
    expected = expected_results(example)
    name = EXAMPLE_NAME.match(example.name)
    if name is not None and name["kind"] == "valid":
        assert expected == set(), "a valid example expects no results"
    else:
        assert expected, "an invalid example expects at least one result"
    data = data_graph(example)
    _, report, text = pyshacl.validate(data, shacl_graph=shapes, ont_graph=None,
                                       inference="none", advanced=True)
    assert isinstance(report, rdflib.Graph)
    actual = report_results(report)
    assert actual == expected, (
        f"\nmissing: {sorted(expected - actual, key=str)}\nunexpected: {sorted(actual - expected, key=str)}"
        f"\n{text}")
    # The build's compiled validator gives pySHACL's results, to the value and constraint component.
    ours = validate_store(store_from_graph(data), compiled_shapes)
    theirs = report_from_pyshacl(report, shapes)
    assert ours.keys() == theirs.keys(), difference(ours, theirs)


def test_examples_load_into_oxigraph() -> None:
    """The examples' IRIs are valid IRIs (rdflib accepts more than the store does)."""
    for example in EXAMPLES:
        store = pyoxigraph.Store()
        store.extend(pyoxigraph.Quad(t.subject, t.predicate, t.object) for t in rdflib_to_triples(data_graph(example)))
        assert len(store) > 0, example.name


def test_shapes_load_into_the_store() -> None:
    for f in shape_files():
        store = pyoxigraph.Store()
        store.load(f.read_bytes(), format=pyoxigraph.RdfFormat.TURTLE)
        assert len(store) > 0, f.name


def test_example_data_has_no_test_vocabulary() -> None:
    for example in EXAMPLES:
        graph = data_graph(example)
        assert not any(str(p).startswith(str(HT)) for p in graph.predicates())
        assert len(graph) > 0, example.name


# --- naming: every NodeShape has a valid and an invalid example, named after it

def test_example_file_names() -> None:
    bad = [f.name for f in EXAMPLES if not EXAMPLE_NAME.match(f.name)]
    assert bad == [], "example files are named <ShapeName>-valid[-NN].ttl or <ShapeName>-invalid[-NN].ttl"


def test_every_node_shape_has_valid_and_invalid_examples(shapes: rdflib.Graph) -> None:
    kinds: dict[str, set[str]] = defaultdict(set)
    for example in EXAMPLES:
        match = EXAMPLE_NAME.match(example.name)
        assert match, example.name
        kinds[match["shape"]].add(match["kind"])
    names = {local(s) for s in node_shapes(shapes)}
    assert set(kinds) <= names, f"examples for unknown shapes: {sorted(set(kinds) - names)}"
    missing = sorted(n for n in names if kinds.get(n) != {"valid", "invalid"})
    assert missing == [], f"shapes without a valid and an invalid example: {missing}"


def test_invalid_examples_exercise_their_shape(shapes: rdflib.Graph) -> None:
    """An invalid example of a shape expects a result from that shape or one of its property shapes."""
    for example in EXAMPLES:
        match = EXAMPLE_NAME.match(example.name)
        assert match, example.name
        if match["kind"] != "invalid":
            continue
        shape = HRCSH[match["shape"]]
        own = {str(shape), *(str(p) for p in shapes.objects(shape, SH.property))}
        sources = {r[2] for r in expected_results(example)}
        assert sources & own, f"{example.name} expects no result of {local(shape)}: {sorted(sources)}"


def test_every_property_shape_is_exercised(shapes: rdflib.Graph) -> None:
    """Every named property shape is expected to fail in at least one invalid example."""
    expected = {r[2] for example in EXAMPLES for r in expected_results(example)}
    unexercised = sorted(local(p) for p in property_shapes(shapes) if str(p) not in expected)
    assert unexercised == []


def test_examples_use_the_data_model_base() -> None:
    base = "https://w3id.org/hrcgraph/"
    for example in EXAMPLES:
        graph = data_graph(example)
        for s in graph.subjects():
            assert isinstance(s, rdflib.URIRef) and s.startswith(base + "id/"), f"{example.name}: {s}"


# --- the ontology's classes have shapes

def test_every_class_has_a_node_shape(shapes: rdflib.Graph) -> None:
    ontology = rdflib.Graph()
    for f in ontology_files():
        ontology.parse(data=f.read_text(encoding="utf-8"), format="turtle")
    classes = {c for c in ontology.subjects(RDF.type, OWL.Class) if str(c).startswith(str(HRC._NS))}
    targeted = set(shapes.objects(None, SH.targetClass))
    named = {local(s) for s in node_shapes(shapes)}
    missing = sorted(local(c) for c in classes - ABSTRACT_CLASSES
                     if c not in targeted or f"{local(c)}Shape" not in named)
    assert missing == [], f"classes without a <Class>Shape: {missing}"
    assert classes >= ABSTRACT_CLASSES


def test_node_shapes_target_what_their_name_says(shapes: rdflib.Graph) -> None:
    for shape in node_shapes(shapes):
        targets = {local(t) for t in shapes.objects(shape, SH.targetClass)}
        assert local(shape).removesuffix("Shape") in targets, local(shape)


# --- the shapes keep to the engine's subset

def test_shapes_use_only_the_supported_subset(shapes: rdflib.Graph) -> None:
    used = {p for p in shapes.predicates() if str(p).startswith(str(SH))}
    assert used - ALLOWED_SHACL == set()
    types = {o for s, o in shapes.subject_objects(RDF.type) if str(o).startswith((str(SH), str(OWL)))}
    assert types <= ALLOWED_TYPES


def test_paths_are_iris_or_inverse_iris(shapes: rdflib.Graph) -> None:
    for shape, path in shapes.subject_objects(SH.path):
        if isinstance(path, rdflib.URIRef):
            continue
        assert set(shapes.predicates(path)) == {SH.inversePath}, local(shape)
        assert isinstance(shapes.value(path, SH.inversePath), rdflib.URIRef), local(shape)


def test_every_shape_is_named_with_severity_and_message(shapes: rdflib.Graph) -> None:
    for prop in property_shapes(shapes):
        assert isinstance(prop, rdflib.URIRef) and str(prop).startswith(str(HRCSH)), prop
        assert shapes.value(prop, SH.severity) in SEVERITIES, local(prop)
        constraints = set(shapes.predicates(prop)) & CORE_CONSTRAINTS
        sparql = list(shapes.objects(prop, SH.sparql))
        assert constraints or sparql, f"{local(prop)} constrains nothing"
        assert not (constraints and sparql), f"{local(prop)} mixes core and SPARQL constraints"
        if constraints:
            assert shapes.value(prop, SH.message) is not None, local(prop)
        for constraint in sparql:
            assert shapes.value(constraint, SH.message) is not None, local(prop)


def test_node_shapes_hold_only_targets_and_property_shapes(shapes: rdflib.Graph) -> None:
    for shape in node_shapes(shapes):
        keys = {p for p in shapes.predicates(shape) if str(p).startswith(str(SH))}
        assert keys == {SH.targetClass, SH.property}, local(shape)


def test_sparql_constraints_are_portable(shapes: rdflib.Graph) -> None:
    declared = {str(shapes.value(d, SH.prefix)) for d in shapes.objects(None, SH.declare)}
    for prop, constraint in shapes.subject_objects(SH.sparql):
        select = str(shapes.value(constraint, SH.select))
        assert "$this" in select, local(prop)
        assert re.search(r"\$this\s+\S+\s+\S+|\S+\s+\S+\s+\$this", select), f"{local(prop)} binds $this by no triple"
        for word in ("$PATH", "VALUES", "MINUS", "SERVICE", "BIND ($this"):
            assert word not in select, f"{local(prop)} uses {word}"
        prefixes = shapes.value(constraint, SH.prefixes)
        assert prefixes is not None and list(shapes.objects(prefixes, SH.declare)), local(prop)
        used = set(re.findall(r"\b([a-z]+):[A-Za-z]", select))
        assert used <= declared, f"{local(prop)} uses undeclared prefixes {used - declared}"


def test_shapes_use_only_declared_vocabulary(shapes: rdflib.Graph) -> None:
    """Every hrc: term in the shapes exists (the closed namespace raises on a typo)."""
    ns = str(HRC._NS)
    terms = {str(t) for triple in shapes for t in triple if isinstance(t, rdflib.URIRef) and str(t).startswith(ns)}
    for select in shapes.objects(None, SH.select):
        terms.update(ns + name for name in re.findall(r"\bhrc:([A-Za-z0-9]+)", str(select)))
    for term in terms:
        getattr(HRC, term[len(ns):])
