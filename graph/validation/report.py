"""A SHACL validation report: the results, a text for people and an ``sh:ValidationReport`` graph.

Terms are kept as text in N-Triples form (``<iri>``, ``"lexical"^^<datatype>``, ``"text"@lang``,
``_:label``); paths as SPARQL paths (``<iri>`` or ``^<iri>``); components and severities as
plain IRIs. Blank nodes keep the labels they have in the validated store.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import groupby

import pyoxigraph as ox
import rdflib
from rdflib import RDF, RDFS, BNode, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from hrcgraph.graph.convert import to_rdflib
from hrcgraph.graph.validation import vocabulary as V
from hrcgraph.graph.validation.shapes import shape_label

ResultKey = tuple[str, str | None, str | None, str, str, str]

DEFAULT_PREFIXES: dict[str, str] = {
    "sh": V.SH_NS,
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


@dataclass(frozen=True, order=True)
class ValidationResult:
    """One SHACL validation result.

    ``focus`` and ``value`` are N-Triples terms, ``path`` a SPARQL path, ``source_shape`` the
    shape's name (see ``graph.validation.shapes``), ``constraint`` and ``severity`` IRIs.
    ``path`` and ``value`` may be None, which does not order against text: sort results with
    :meth:`sort_key`, as reports do.
    """

    focus: str
    path: str | None
    value: str | None
    source_shape: str
    constraint: str
    severity: str
    message: str

    @property
    def key(self) -> ResultKey:
        """What identifies the result, without its message (the message wording is the engine's)."""
        return (self.focus, self.path, self.value, self.source_shape, self.constraint, self.severity)

    def sort_key(self) -> tuple[int, str, str, str, str, str, str, str]:
        """Most severe first, then by shape, component, focus node, path, value, message."""
        return (
            V.SEVERITY_ORDER.get(self.severity, len(V.SEVERITY_ORDER)),
            self.severity,
            self.source_shape,
            self.constraint,
            self.focus,
            self.path or "",
            self.value or "",
            self.message,
        )


@dataclass(frozen=True)
class ShapeTiming:
    """How long one shape took to validate, for finding a slow shape."""

    shape: str
    parent: str | None
    seconds: float
    queries: int
    results: int


@dataclass
class ValidationReport:
    """The results of validating a data graph, sorted most severe first."""

    results: list[ValidationResult]
    timings: list[ShapeTiming] = field(default_factory=list)
    seconds: float = 0.0
    prefixes: Mapping[str, str] = field(default_factory=dict)
    shapes_graph: rdflib.Graph | None = field(default=None, repr=False, compare=False)

    @property
    def conforms(self) -> bool:
        """True when no result has severity sh:Violation (warnings and infos do not block)."""
        return not self.violations

    @property
    def violations(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == V.VIOLATION]

    @property
    def warnings(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == V.WARNING]

    @property
    def infos(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == V.INFO]

    def keys(self) -> set[ResultKey]:
        """The results as comparable keys (no messages)."""
        return {r.key for r in self.results}

    # --- text

    def to_text(self, limit: int = 50, *, verbose: bool = False) -> str:
        """A readable summary, like a linter's: one block per (severity, shape) with its counts by
        component and some of its results, at most ``limit`` results in all, shared out so that
        every block shows some; with ``verbose``, the time each shape took."""
        short = _Shortener({**DEFAULT_PREFIXES, **self.prefixes})
        lines = [self._headline()]
        results = sorted(self.results, key=ValidationResult.sort_key)
        groups = [list(g) for _, g in groupby(results, key=lambda r: r.sort_key()[:3])]
        quotas = _share(limit, [len(g) for g in groups])
        for group, quota in zip(groups, quotas, strict=True):
            first = group[0]
            by_component = Counter(_component_name(r.constraint) for r in group)
            counts = ", ".join(f"{name} {n}" for name, n in sorted(by_component.items()))
            lines.append("")
            lines.append(
                f"{_severity_name(first.severity)}  {short(first.source_shape)}  "
                f"{_plural(len(group), 'result')} ({counts})"
            )
            lines += ["    " + _result_line(r, short) for r in group[:quota]]
            if len(group) > quota:
                lines.append(f"    ... {len(group) - quota} more")
        shown = sum(quotas)
        if len(self.results) > shown:
            lines.append("")
            lines.append(f"... {len(self.results) - shown} more results not shown (limit {limit})")
        if verbose and self.timings:
            lines.append("")
            lines.append(f"Time per shape, slowest first (total {self.seconds:.2f} s):")
            for t in sorted(self.timings, key=lambda t: -t.seconds):
                via = f"  (focus nodes of {short(t.parent)})" if t.parent else ""
                lines.append(
                    f"  {t.seconds:8.3f} s  {_plural(t.queries, 'query'):>11}  {_plural(t.results, 'result'):>14}"
                    f"  {short(t.shape)}{via}"
                )
        return "\n".join(lines)

    def _headline(self) -> str:
        counts = Counter(_severity_name(r.severity) for r in self.results)
        known = ["Violation", "Warning", "Info"]
        order = sorted(counts, key=lambda name: (known.index(name) if name in known else len(known), name))
        summary = ", ".join(_plural(counts[name], name) for name in order) or "no results"
        verdict = "conforms" if self.conforms else "does not conform"
        return f"SHACL validation: {verdict} ({summary}) in {self.seconds:.2f} s"

    # --- RDF

    def to_rdf(self) -> rdflib.Graph:
        """The report as an ``sh:ValidationReport`` graph, as the SHACL specification words it."""
        graph = rdflib.Graph()
        graph.bind("sh", SH)
        for prefix, namespace in self.prefixes.items():
            graph.bind(prefix, namespace, override=False)
        report = BNode()
        graph.add((report, RDF.type, SH.ValidationReport))
        graph.add((report, SH.conforms, Literal(self.conforms)))
        shapes = self._shape_nodes()
        copied: set[Node] = set()
        for r in self.results:
            node = BNode()
            graph.add((report, SH.result, node))
            graph.add((node, RDF.type, SH.ValidationResult))
            graph.add((node, SH.focusNode, parse_term(r.focus)))
            if r.path is not None:
                graph.add((node, SH.resultPath, _path_node(graph, r.path)))
            if r.value is not None:
                graph.add((node, SH.value, parse_term(r.value)))
            graph.add((node, SH.sourceShape, self._shape_node(graph, r.source_shape, shapes, copied)))
            graph.add((node, SH.sourceConstraintComponent, URIRef(r.constraint)))
            graph.add((node, SH.resultSeverity, URIRef(r.severity)))
            graph.add((node, SH.resultMessage, Literal(r.message)))
        return graph

    def _shape_nodes(self) -> dict[str, Node]:
        if self.shapes_graph is None:
            return {}
        graph = self.shapes_graph
        wanted = {r.source_shape for r in self.results if not _is_iri_label(r.source_shape)}
        found: dict[str, Node] = {}
        for node in set(graph.objects(None, SH.property)) | set(graph.subjects(SH.path, None)):
            if isinstance(node, BNode) and (label := shape_label(graph, node)) in wanted:
                found[label] = node
        return found

    def _shape_node(self, graph: rdflib.Graph, label: str, shapes: dict[str, Node], copied: set[Node]) -> Node:
        if _is_iri_label(label):
            return URIRef(label[1:-1])
        node = shapes.get(label)
        if node is None or self.shapes_graph is None:
            blank = BNode()
            graph.add((blank, RDFS.label, Literal(label)))
            return blank
        if node not in copied:
            copied.add(node)
            _copy_description(self.shapes_graph, node, graph)
        return node


def _is_iri_label(label: str) -> bool:
    """Whether a shape's name is its IRI (``<...>``) rather than a name made for a blank node."""
    return re.fullmatch(r"<[^<>]*>", label) is not None


def parse_term(text: str) -> Node:
    """An N-Triples term (as in a result) as an rdflib term."""
    quads = list(ox.parse(input=f"<urn:x:s> <urn:x:p> {text} .", format=ox.RdfFormat.N_TRIPLES))
    return to_rdflib(quads[0].object)


def _path_node(graph: rdflib.Graph, path: str) -> Node:
    if path.startswith("^"):
        node = BNode()
        graph.add((node, SH.inversePath, parse_term(path[1:])))
        return node
    return parse_term(path)


def _copy_description(source: rdflib.Graph, node: Node, target: rdflib.Graph) -> None:
    """The node's triples and, through blank nodes, those of what it points to."""
    todo, seen = [node], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for p, o in source.predicate_objects(current):
            target.add((current, p, o))
            if isinstance(o, BNode):
                todo.append(o)


class _Shortener:
    """Writes ``<iri>`` as ``prefix:local`` where a prefix fits."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self._prefixes = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))

    def __call__(self, text: str | None) -> str:
        if text is None:
            return ""
        return re.sub(r"<([^<>\s]*)>", lambda m: self._iri(m.group(1)), text)

    def _iri(self, iri: str) -> str:
        for prefix, namespace in self._prefixes:
            local = iri[len(namespace) :]
            if iri.startswith(namespace) and re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.\-/]*", local or "-"):
                return f"{prefix}:{local}"
        return f"<{iri}>"


def _share(limit: int, sizes: list[int]) -> list[int]:
    """How many results each group shows: an even share of ``limit`` each (no more than it has),
    then what is left over, to the first groups."""
    if not sizes:
        return []
    even = -(-max(limit, 0) // len(sizes))
    quotas = [min(even, size) for size in sizes]
    left = max(limit, 0) - sum(quotas)
    if left < 0:
        # more groups than results to show: the first groups get one each
        quotas = [1 if i < limit else 0 for i in range(len(sizes))]
        left = 0
    for i, size in enumerate(sizes):
        extra = min(left, size - quotas[i])
        quotas[i] += extra
        left -= extra
    return quotas


def _result_line(result: ValidationResult, short: _Shortener) -> str:
    parts = [f"[{_component_name(result.constraint)}]", short(result.focus)]
    if result.path is not None:
        parts.append(short(result.path))
    if result.value is not None and result.value != result.focus:
        parts.append(f"value {short(result.value)}")
    return " ".join(parts) + f": {short(result.message)}"


def _component_name(iri: str) -> str:
    name = iri[len(V.SH_NS) :] if iri.startswith(V.SH_NS) else iri
    return name.removesuffix("ConstraintComponent")


def _severity_name(iri: str) -> str:
    return iri[len(V.SH_NS) :] if iri.startswith(V.SH_NS) else iri


def _plural(n: int, word: str) -> str:
    if n == 1:
        return f"1 {word}"
    return f"{n} {word[:-1]}ies" if word.endswith("y") else f"{n} {word}s"

