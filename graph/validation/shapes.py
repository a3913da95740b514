"""Reading a SHACL shapes graph (rdflib) into plain, checked descriptions of what to validate.

Only the subset the validator compiles is accepted (see ``graph.validation``); any other SHACL
construct is refused with a :class:`UnsupportedShapeError` that names the shape and the construct,
rather than silently ignored.

Shapes are named in reports by their IRI in N-Triples form. A property shape written as a blank
node (``sh:property [ sh:path hrc:voter ; ... ]``) is named after its parent and its path:
``<https://w3id.org/hrcgraph/shapes#VoteShape>/<https://w3id.org/hrcgraph/ontology#voter>``
(``/^<...>`` for an inverse path; ``[2]``, ``[3]`` after it when one parent has several property
shapes on the same path). Such a name is the same whichever program reads the shapes graph, which
is what lets pySHACL's report be compared with ours.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import rdflib
from rdflib import RDF, RDFS, BNode, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, SH
from rdflib.term import Node

from hrcgraph.graph.convert import from_rdflib
from hrcgraph.graph.errors import ShapeError, UnsupportedShapeError
from hrcgraph.graph.sparql_text import has_open_string, keywords, substitute
from hrcgraph.graph.sparql_text import variables as query_variables
from hrcgraph.graph.validation import vocabulary as V
from hrcgraph.graph.validation.constraints import (
    NODE_KINDS,
    PATTERN_FLAGS,
    ClassConstraint,
    DatatypeConstraint,
    InConstraint,
    LanguageInConstraint,
    LengthConstraint,
    NodeKindConstraint,
    PatternConstraint,
    RangeConstraint,
    ValueConstraint,
)
from hrcgraph.graph.validation.select_rewriting import QueryShapeError, SplitQuery, split_select, substitute_path


@dataclass(frozen=True)
class PropertyPath:
    """``sh:path``: a predicate, or the inverse of one."""

    iri: str
    inverse: bool = False

    def sparql(self) -> str:
        return f"{'^' if self.inverse else ''}<{self.iri}>"


@dataclass(frozen=True)
class Targets:
    """A shape's focus nodes: class targets (explicit and implicit), nodes, subjects and objects of
    predicates. Classes and predicates are IRIs; nodes are SPARQL terms."""

    classes: tuple[str, ...] = ()
    nodes: tuple[str, ...] = ()
    subjects_of: tuple[str, ...] = ()
    objects_of: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.classes or self.nodes or self.subjects_of or self.objects_of)


@dataclass(frozen=True)
class SparqlConstraint:
    """An ``sh:sparql`` constraint: its SELECT query, ready to take the focus nodes."""

    query: SplitQuery
    message: str | None


@dataclass(frozen=True)
class ShapeSpec:
    """One shape to validate against one set of focus nodes."""

    label: str
    node: Node = field(compare=False, repr=False)
    targets: Targets
    path: PropertyPath | None
    severity: str
    message: str | None
    min_count: int | None = None
    max_count: int | None = None
    has_values: tuple[str, ...] = ()
    values: tuple[ValueConstraint, ...] = ()
    sparql: tuple[SparqlConstraint, ...] = ()
    parent: str | None = None
    """The node shape whose focus nodes this property shape was given, if any."""


def read_shapes(graph: rdflib.Graph) -> list[ShapeSpec]:
    """Every (shape, focus nodes) pair the shapes graph asks to validate, in a stable order."""
    shapes = sorted(_shape_nodes(graph), key=lambda n: shape_label(graph, n))
    for node in shapes:
        _check_predicates(graph, node)
    specs: list[ShapeSpec] = []
    for node in shapes:
        targets = _targets(graph, node)
        if not targets or _deactivated(graph, node):
            continue
        specs.append(_spec(graph, node, targets, parent=None))
        for child in sorted(graph.objects(node, SH.property), key=lambda n: shape_label(graph, n)):
            if graph.value(child, SH.path) is None:
                raise ShapeError(shape_label(graph, child), "a shape given by sh:property needs a sh:path")
            if not _deactivated(graph, child):
                specs.append(_spec(graph, child, targets, parent=shape_label(graph, node)))
    return specs


def shape_label(graph: rdflib.Graph, node: Node) -> str:
    """The name of a shape in reports (see the module docstring)."""
    return _label(graph, node, frozenset())


def _label(graph: rdflib.Graph, node: Node, seen: frozenset[Node]) -> str:
    if isinstance(node, URIRef):
        return f"<{node}>"
    parents = [p for p in graph.subjects(SH.property, node) if p not in seen]
    path = _path_text(graph, node)
    if parents:
        labels = {_label(graph, p, seen | {node}): p for p in parents}
        parent_label = min(labels)
        parent = labels[parent_label]
        if path is None:
            return f"{parent_label}/{_content(graph, node)}"
        twins: list[Node] = [s for s in graph.objects(parent, SH.property) if isinstance(s, BNode)]
        twins = sorted((s for s in twins if _path_text(graph, s) == path), key=lambda s: (_content(graph, s), str(s)))
        suffix = f"[{twins.index(node) + 1}]" if len(twins) > 1 else ""
        return f"{parent_label}/{path}{suffix}"
    digest = hashlib.sha256(_content(graph, node).encode("utf-8")).hexdigest()[:12]
    return f"_:shape-{digest}"


def _path_text(graph: rdflib.Graph, shape: Node) -> str | None:
    path = graph.value(shape, SH.path)
    if isinstance(path, URIRef):
        return f"<{path}>"
    if isinstance(path, BNode):
        inverse = graph.value(path, SH.inversePath)
        if isinstance(inverse, URIRef) and len(list(graph.predicate_objects(path))) == 1:
            return f"^<{inverse}>"
        return f"[{_content(graph, path)}]"
    return None


def _content(graph: rdflib.Graph, node: Node, depth: int = 0) -> str:
    """A description of a blank node by what it says, independent of its label."""
    if not isinstance(node, BNode):
        return node.n3()
    if depth > 8:
        return "[...]"
    pairs = sorted(f"{p.n3()} {_content(graph, o, depth + 1)}" for p, o in graph.predicate_objects(node))
    return "[" + " ; ".join(pairs) + "]"


def _shape_nodes(graph: rdflib.Graph) -> set[Node]:
    nodes: set[Node] = set()
    for kind in V.SHAPE_TYPES:
        nodes.update(graph.subjects(RDF.type, kind))
    for predicate in (*V.TARGET_PREDICATES, SH.path):
        nodes.update(graph.subjects(predicate, None))
    nodes.update(graph.objects(None, SH.property))
    return {n for n in nodes if isinstance(n, URIRef | BNode)}


def _check_predicates(graph: rdflib.Graph, node: Node) -> None:
    label = shape_label(graph, node)
    for predicate in set(graph.predicates(node, None)):
        if str(predicate).startswith(V.SH_NS) and predicate not in V.SHAPE_PREDICATES:
            raise UnsupportedShapeError(label, f"{_sh(predicate)} is not supported by the compiled validator")
    if graph.value(node, SH.path) is not None:
        if (node, RDF.type, SH.NodeShape) in graph:
            raise ShapeError(label, "a sh:NodeShape cannot have a sh:path")
        if graph.value(node, SH.property) is not None:
            raise UnsupportedShapeError(label, "sh:property on a property shape is not supported")


def _n3(term: Node) -> str:
    return term.n3()


def _sh(term: Node) -> str:
    text = str(term)
    return "sh:" + text[len(V.SH_NS) :] if text.startswith(V.SH_NS) else f"<{text}>"


def _targets(graph: rdflib.Graph, node: Node) -> Targets:
    label = shape_label(graph, node)
    classes = {_iri(graph, label, SH.targetClass, c) for c in graph.objects(node, SH.targetClass)}
    class_types = {RDFS.Class, *graph.subjects(RDFS.subClassOf, RDFS.Class)}
    if isinstance(node, URIRef) and any(t in class_types for t in graph.objects(node, RDF.type)):
        classes.add(str(node))
    nodes = {_term(label, SH.targetNode, n) for n in graph.objects(node, SH.targetNode)}
    subjects_of = {_iri(graph, label, SH.targetSubjectsOf, p) for p in graph.objects(node, SH.targetSubjectsOf)}
    objects_of = {_iri(graph, label, SH.targetObjectsOf, p) for p in graph.objects(node, SH.targetObjectsOf)}
    return Targets(
        classes=tuple(sorted(classes)),
        nodes=tuple(sorted(nodes)),
        subjects_of=tuple(sorted(subjects_of)),
        objects_of=tuple(sorted(objects_of)),
    )


def _iri(graph: rdflib.Graph, label: str, predicate: URIRef, value: Node) -> str:
    if not isinstance(value, URIRef):
        raise UnsupportedShapeError(label, f"{_sh(predicate)} must be an IRI, not {value.n3()}")
    _term(label, predicate, value)  # checks the IRI is valid
    return str(value)


def _term(label: str, predicate: URIRef, value: Node) -> str:
    """An RDF term of the shapes graph as SPARQL text; blank nodes cannot be matched in the data."""
    if isinstance(value, BNode):
        raise UnsupportedShapeError(label, f"{_sh(predicate)} with a blank node is not supported")
    try:
        return str(from_rdflib(value))
    except (TypeError, ValueError) as exc:
        raise ShapeError(label, f"{_sh(predicate)}: {value.n3()} is not a valid RDF term ({exc})") from exc


def _deactivated(graph: rdflib.Graph, node: Node) -> bool:
    values = list(graph.objects(node, SH.deactivated))
    if len(values) > 1:
        raise ShapeError(shape_label(graph, node), "more than one sh:deactivated")
    return bool(values) and isinstance(values[0], Literal) and bool(values[0].value)


def _one(graph: rdflib.Graph, node: Node, predicate: URIRef) -> Node | None:
    values = list(graph.objects(node, predicate))
    if len(values) > 1:
        raise ShapeError(shape_label(graph, node), f"more than one {_sh(predicate)}")
    return values[0] if values else None


def _count(graph: rdflib.Graph, node: Node, predicate: URIRef) -> int | None:
    value = _one(graph, node, predicate)
    if value is None:
        return None
    if not (isinstance(value, Literal) and isinstance(value.value, int) and value.value >= 0):
        raise ShapeError(shape_label(graph, node), f"{_sh(predicate)} must be a non-negative integer")
    return int(value.value)


def _message(graph: rdflib.Graph, node: Node) -> str | None:
    """The message to report: an untagged one, else English, else the first in order."""
    messages = [m for m in graph.objects(node, SH.message) if isinstance(m, Literal)]
    if not messages:
        return None
    messages.sort(key=lambda m: (m.language not in (None, ""), not (m.language or "").lower().startswith("en"), str(m)))
    return str(messages[0])


def _path(graph: rdflib.Graph, node: Node, label: str) -> PropertyPath | None:
    path = _one(graph, node, SH.path)
    if path is None:
        return None
    if isinstance(path, URIRef):
        return PropertyPath(_iri(graph, label, SH.path, path))
    if isinstance(path, BNode):
        pairs = list(graph.predicate_objects(path))
        if len(pairs) == 1 and pairs[0][0] == SH.inversePath and isinstance(pairs[0][1], URIRef):
            return PropertyPath(_iri(graph, label, SH.inversePath, pairs[0][1]), inverse=True)
    raise UnsupportedShapeError(label, "sh:path must be an IRI or [ sh:inversePath <IRI> ]")


def _spec(graph: rdflib.Graph, node: Node, targets: Targets, parent: str | None) -> ShapeSpec:
    label = shape_label(graph, node)
    path = _path(graph, node, label)
    severity = _one(graph, node, SH.severity)
    if severity is not None and not isinstance(severity, URIRef):
        raise ShapeError(label, "sh:severity must be an IRI")
    min_count = _count(graph, node, SH.minCount)
    max_count = _count(graph, node, SH.maxCount)
    if path is None and (min_count is not None or max_count is not None):
        raise ShapeError(label, "sh:minCount and sh:maxCount need a property shape (sh:path)")
    return ShapeSpec(
        label=label,
        node=node,
        targets=targets,
        path=path,
        severity=str(severity) if severity is not None else V.VIOLATION,
        message=_message(graph, node),
        min_count=min_count,
        max_count=max_count,
        has_values=tuple(sorted(_term(label, SH.hasValue, v) for v in graph.objects(node, SH.hasValue))),
        values=tuple(_value_constraints(graph, node, label)),
        sparql=tuple(_sparql_constraints(graph, node, label, path)),
        parent=parent,
    )


def _value_constraints(graph: rdflib.Graph, node: Node, label: str) -> Iterator[ValueConstraint]:
    for cls in sorted(graph.objects(node, SH["class"]), key=_n3):
        yield ClassConstraint(_iri(graph, label, SH["class"], cls))
    datatype = _one(graph, node, SH.datatype)
    if datatype is not None:
        yield DatatypeConstraint(_iri(graph, label, SH.datatype, datatype))
    kind = _one(graph, node, SH.nodeKind)
    if kind is not None:
        if str(kind) not in NODE_KINDS:
            raise ShapeError(label, f"sh:nodeKind {kind.n3()} is not a SHACL node kind")
        yield NodeKindConstraint(str(kind))
    members = _one(graph, node, SH["in"])
    if members is not None:
        yield InConstraint(tuple(_term(label, SH["in"], m) for m in _list(graph, members, label, SH["in"])))
    yield from _patterns(graph, node, label)
    for predicate, minimum in ((SH.minLength, True), (SH.maxLength, False)):
        for bound in sorted(graph.objects(node, predicate), key=_n3):
            if not (isinstance(bound, Literal) and isinstance(bound.value, int) and bound.value >= 0):
                raise ShapeError(label, f"{_sh(predicate)} must be a non-negative integer")
            yield LengthConstraint(int(bound.value), minimum)
    languages = _one(graph, node, SH.languageIn)
    if languages is not None:
        tags = []
        for tag in _list(graph, languages, label, SH.languageIn):
            if not (isinstance(tag, Literal) and isinstance(tag.value, str)):
                raise ShapeError(label, "sh:languageIn must list strings")
            tags.append(str(tag).lower())
        yield LanguageInConstraint(tuple(tags))
    for kind_name in ("minInclusive", "maxInclusive", "minExclusive", "maxExclusive"):
        for bound in sorted(graph.objects(node, SH[kind_name]), key=_n3):
            if not isinstance(bound, Literal):
                raise ShapeError(label, f"sh:{kind_name} must be a literal")
            yield RangeConstraint(kind_name, bound)


def _patterns(graph: rdflib.Graph, node: Node, label: str) -> Iterator[PatternConstraint]:
    patterns = sorted(graph.objects(node, SH.pattern), key=_n3)
    if not patterns:
        return
    flags_node = _one(graph, node, SH.flags)
    flags = str(flags_node) if flags_node is not None else ""
    unknown = sorted(set(flags.lower()) - set(PATTERN_FLAGS))
    if unknown:
        raise UnsupportedShapeError(
            label, f"sh:flags {''.join(unknown)!r} is not supported (only {', '.join(sorted(PATTERN_FLAGS))})"
        )
    for pattern in patterns:
        if not isinstance(pattern, Literal):
            raise ShapeError(label, "sh:pattern must be a string literal")
        constraint = PatternConstraint(str(pattern), flags)
        try:
            constraint.regex  # noqa: B018  (compiled here so a bad pattern fails at load time)
        except re.error as exc:
            raise ShapeError(label, f"sh:pattern {str(pattern)!r} is not a valid regular expression: {exc}") from exc
        yield constraint


def _list(graph: rdflib.Graph, head: Node, label: str, predicate: URIRef) -> list[Node]:
    if head != RDF.nil and graph.value(head, RDF.first) is None:
        raise ShapeError(label, f"{_sh(predicate)} must be an RDF list")
    return list(Collection(graph, head))


def _sparql_constraints(
    graph: rdflib.Graph, node: Node, label: str, path: PropertyPath | None
) -> Iterator[SparqlConstraint]:
    for constraint in sorted(graph.objects(node, SH.sparql), key=lambda c: _content(graph, c)):
        for predicate in set(graph.predicates(constraint, None)):
            if str(predicate).startswith(V.SH_NS) and predicate not in V.SPARQL_CONSTRAINT_PREDICATES:
                raise UnsupportedShapeError(label, f"{_sh(predicate)} in sh:sparql is not supported")
        if _deactivated(graph, constraint):
            continue
        selects = list(graph.objects(constraint, SH.select))
        if len(selects) != 1 or not isinstance(selects[0], Literal):
            raise ShapeError(label, "sh:sparql needs exactly one sh:select string")
        yield _sparql_constraint(graph, node, constraint, str(selects[0]), label, path)


def _sparql_constraint(
    graph: rdflib.Graph, shape: Node, constraint: Node, select: str, label: str, path: PropertyPath | None
) -> SparqlConstraint:
    if has_open_string(select):
        raise ShapeError(label, "sh:select: a string literal is not closed")
    words = keywords(select)
    names = query_variables(select)
    for word in ("MINUS", "VALUES", "SERVICE"):
        if word in words:
            raise UnsupportedShapeError(label, f"sh:select must not use {word} (SHACL forbids it)")
    if "shapesGraph" in names:
        raise UnsupportedShapeError(label, "sh:select with $shapesGraph is not supported")
    if "failure" in names:
        raise UnsupportedShapeError(label, "sh:select with ?failure is not supported")
    if "PATH" in names:
        if path is None:
            raise ShapeError(label, "sh:select uses $PATH but the shape has no sh:path")
        select = substitute_path(select, path.sparql())
    if "currentShape" in names:
        # pre-bound to the shape; a blank-node shape is not in the data graph, and neither is
        # the IRI it is replaced with, so that it matches nothing there either
        current = f"<{shape}>" if isinstance(shape, URIRef) else "<urn:x-hrcgraph:blank-shape>"
        select = substitute(select, "currentShape", current)
    text = _prefix_lines(graph, constraint, label) + select
    try:
        split = split_select(text)
    except QueryShapeError as exc:
        raise ShapeError(label, f"sh:select: {exc}") from exc
    if split.projection is not None and "this" not in split.projection:
        raise UnsupportedShapeError(label, "sh:select must project $this")
    return SparqlConstraint(query=split, message=_message(graph, constraint))


def _prefix_lines(graph: rdflib.Graph, constraint: Node, label: str) -> str:
    """PREFIX lines from the constraint's ``sh:prefixes`` and every ontology's ``sh:declare``."""
    declaring: list[Node] = list(graph.objects(constraint, SH.prefixes))
    declaring += list(graph.subjects(RDF.type, OWL.Ontology))
    prefixes: dict[str, str] = {}
    for owner in declaring:
        for declaration in graph.objects(owner, SH.declare):
            prefix = graph.value(declaration, SH.prefix)
            namespace = graph.value(declaration, SH.namespace)
            if not isinstance(prefix, Literal) or not isinstance(namespace, Literal | URIRef):
                raise ShapeError(label, "sh:declare needs one sh:prefix and one sh:namespace")
            known = prefixes.setdefault(str(prefix), str(namespace))
            if known != str(namespace):
                raise ShapeError(label, f"prefix {str(prefix)!r} is declared as both <{known}> and <{namespace}>")
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(prefixes.items()))

