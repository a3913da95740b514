"""pySHACL as the reference: its report in our terms, to check the compiled validator against it.

pySHACL is too slow for the whole graph, but it is the reference for what the results are. Its
report is turned into a :class:`ValidationReport` written the way ours is:

* focus nodes and values as N-Triples terms, in the form the store keeps them (a literal goes
  through a scratch pyoxigraph store, which canonicalises it as the validated store did);
* blank nodes by their labels: give pySHACL an rdflib graph and validate a store made from the
  same graph with :func:`store_from_graph`, which keeps rdflib's labels, and the labels agree;
* shapes by :func:`graph.validation.shapes.shape_label` on the same shapes graph.

Compare reports with :meth:`ValidationReport.keys` (messages are each engine's own wording).

pySHACL is an optional dependency (``hrcgraph[shacl]``, and the test extra): the build validates with
the compiled validator of :mod:`graph.validation.engine` and never imports it.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from hrcgraph.graph.convert import from_rdflib, rdflib_to_triples, to_rdflib
from hrcgraph.graph.errors import ConfigError
from hrcgraph.graph.namespaces import HRC
from hrcgraph.graph.sources.ohchr import OhchrData
from hrcgraph.graph.store import EmbeddedStore, GraphStore
from hrcgraph.graph.terms import RDF_TYPE, term
from hrcgraph.graph.validation.engine import quiet_rdflib_conversions
from hrcgraph.graph.validation.report import ValidationReport, ValidationResult
from hrcgraph.graph.validation.shapes import shape_label


def pyshacl_validate(data: rdflib.Graph, shapes: rdflib.Graph) -> ValidationReport:
    """Run pySHACL (no inference, advanced features on) and return its report in our terms."""
    try:
        import pyshacl
    except ImportError as exc:
        raise ConfigError("the pySHACL cross-check needs pySHACL: pip install 'hrcgraph[shacl]'") from exc
    started = time.perf_counter()
    with quiet_rdflib_conversions(), sparql_prepared_once():
        _, results_graph, _ = pyshacl.validate(
            data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
        )
    assert isinstance(results_graph, rdflib.Graph)
    return report_from_pyshacl(results_graph, shapes, seconds=time.perf_counter() - started)


@contextmanager
def sparql_prepared_once() -> Iterator[None]:
    """While it lasts, rdflib parses and translates each distinct SPARQL query text once.

    pySHACL evaluates a SPARQL-based constraint once per focus node, handing rdflib the query's text each
    time, and rdflib parses it each time: on a sample of the real graph, parsing was four fifths of
    pySHACL's time. Here each text (with its base and prefixes) becomes one rdflib prepared query, the form
    rdflib makes to be evaluated again with other bindings, and the same results come out. Used inside
    another use, it shares that one's queries."""
    from rdflib.plugins.sparql import processor

    original = processor.SPARQLProcessor.query
    if getattr(original, "prepares_once", False):  # already in force (an outer use shares its queries)
        yield
        return
    prepared: dict[tuple[object, ...], Any] = {}

    def query(self: processor.SPARQLProcessor, strOrQuery: Any, initBindings: Any = None,
              initNs: Mapping[str, Any] | None = None, base: str | None = None, DEBUG: bool = False) -> Any:
        if isinstance(strOrQuery, str):
            key = (strOrQuery, base, tuple(sorted((k, str(v)) for k, v in (initNs or {}).items())))
            if key not in prepared:
                prepared[key] = processor.translateQuery(processor.parseQuery(strOrQuery), base, initNs)
            strOrQuery = prepared[key]
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    query.prepares_once = True  # type: ignore[attr-defined]
    processor.SPARQLProcessor.query = query  # type: ignore[method-assign]
    try:
        yield
    finally:
        processor.SPARQLProcessor.query = original  # type: ignore[method-assign]


def report_from_pyshacl(results_graph: rdflib.Graph, shapes: rdflib.Graph, *, seconds: float = 0.0) -> ValidationReport:
    """pySHACL's validation report graph in our terms (canonical terms, shape labels)."""
    canonical = _Canonical()
    results = set()
    for node in results_graph.subjects(RDF.type, SH.ValidationResult):
        focus = results_graph.value(node, SH.focusNode)
        shape = results_graph.value(node, SH.sourceShape)
        assert focus is not None and shape is not None
        path = results_graph.value(node, SH.resultPath)
        value = results_graph.value(node, SH.value)
        messages = sorted(str(m) for m in results_graph.objects(node, SH.resultMessage))
        results.add(
            ValidationResult(
                focus=canonical(focus),
                path=_path_text(path, results_graph, shapes) if path is not None else None,
                value=canonical(value) if value is not None else None,
                source_shape=shape_label(shapes, shape),
                constraint=str(results_graph.value(node, SH.sourceConstraintComponent)),
                severity=str(results_graph.value(node, SH.resultSeverity)),
                message=messages[0] if messages else "",
            )
        )
    prefixes = {prefix: str(ns) for prefix, ns in shapes.namespaces() if prefix}
    return ValidationReport(
        results=sorted(results, key=ValidationResult.sort_key),
        seconds=seconds,
        prefixes=prefixes,
        shapes_graph=shapes,
    )


def store_from_graph(graph: rdflib.Graph) -> GraphStore:
    """An in-memory store holding the graph's triples, blank node labels kept."""
    try:
        triples = rdflib_to_triples(graph)
    except ValueError as exc:
        bad = next(t for t in graph if not _convertible(t))
        raise ValueError(f"the triple {' '.join(n.n3() for n in bad)} cannot be stored: {exc}") from exc
    return EmbeddedStore.in_memory(ox.Quad(t.subject, t.predicate, t.object) for t in triples)


def _convertible(triple: tuple[Node, Node, Node]) -> bool:
    try:
        for node in triple:
            from_rdflib(node)
    except ValueError:
        return False
    return True


def graph_from_triples(triples: Iterable[ox.Triple | ox.Quad]) -> rdflib.Graph:
    """The triples (quads: the union of their graphs) as one rdflib graph, blank node labels kept."""
    graph = rdflib.Graph()
    for t in triples:
        subject, obj = t.subject, t.object
        if isinstance(subject, ox.Triple) or isinstance(obj, ox.Triple):
            raise TypeError(f"RDF-star triple terms cannot be written to rdflib: {t}")
        graph.add((to_rdflib(subject), to_rdflib(t.predicate), to_rdflib(obj)))
    return graph


def _path_text(path: Node, *graphs: rdflib.Graph) -> str:
    if isinstance(path, URIRef):
        return f"<{path}>"
    for graph in graphs:
        inverse = graph.value(path, SH.inversePath)
        if isinstance(inverse, URIRef):
            return f"^<{inverse}>"
    return path.n3()


class _Canonical:
    """Terms written as the store writes them (canonical literals, lower-case language tags)."""

    def __init__(self) -> None:
        self._store = EmbeddedStore.in_memory()
        self._seen: dict[Node, str] = {}

    def __call__(self, term: Node) -> str:
        if term not in self._seen:
            self._seen[term] = self._write(term)
        return self._seen[term]

    def _write(self, term: Node) -> str:
        converted = from_rdflib(term)
        if not isinstance(term, Literal):
            return str(converted)
        subject = ox.NamedNode(f"urn:x:canonical:{len(self._seen)}")
        predicate = ox.NamedNode("urn:x:value")
        self._store.load([ox.Quad(subject, predicate, converted)])
        (row,) = self._store.select(f"SELECT ?o WHERE {{ {subject} {predicate} ?o }}")
        return str(row["o"])


def ohchr_graph_quads(folder: Path, sample: int | None = None, seed: int = 20240404) -> list[ox.Quad]:
    """The graph the build makes from the OHCHR collection in ``folder`` (through the same importer: the
    states and groups, the texts and votes, the memberships derived from them; not the ontology), for all
    records or for a random sample of ``sample`` records, half of them roll calls of one body and year,
    and the states they mention (so pySHACL can take it)."""
    from hrcgraph.graph.iris import IriFactory
    from hrcgraph.graph.sources.registry import batches_of, quads_of

    iris = IriFactory()
    transform = {"ohchr": lambda data: _sample(data, sample, seed)} if sample is not None else None
    batches = batches_of({"ohchr": [folder]}, iris=iris, transform=transform, log=lambda _msg: None)
    quads = list(quads_of([b for b in batches if b.graph != iris.source_graph("ontology")]))
    return quads if sample is None else _without_unmentioned_states(quads)


_STATE = term(HRC.State)


def _without_unmentioned_states(quads: list[ox.Quad]) -> list[ox.Quad]:
    """The quads without the states (and their statements) that nothing outside the country list
    mentions: in a sample they add nothing to the check but pySHACL's time (its SPARQL constraints run
    once per state)."""
    states = {q.subject for q in quads if q.predicate == RDF_TYPE and q.object == _STATE}
    countries = {q.graph_name for q in quads if q.subject in states}
    mentioned = {q.object for q in quads if q.object in states and q.graph_name not in countries}
    dropped = states - mentioned
    return [q for q in quads if q.subject not in dropped and q.object not in dropped]


def _sample(data: OhchrData, sample: int, seed: int) -> OhchrData:
    rng = random.Random(seed)
    voted = [r for r in data.records if r.record_id in data.votes_by_record]
    unvoted = [r for r in data.records if r.record_id not in data.votes_by_record]
    # The roll calls of one body and year: their voters are mostly the same states.
    anchor = rng.choice(voted)
    year = anchor.date.year if anchor.date else None
    voted = [r for r in voted if r.body == anchor.body and (r.date.year if r.date else None) == year]
    chosen = rng.sample(voted, min(sample // 2, len(voted)))
    chosen += rng.sample(unvoted, min(sample - len(chosen), len(unvoted)))
    ids = {r.record_id for r in chosen}
    return replace(
        data,
        records=[r for r in data.records if r.record_id in ids],
        votes=[v for v in data.votes if v.record_id in ids],
        by_id={k: v for k, v in data.by_id.items() if k in ids},
        votes_by_record={k: v for k, v in data.votes_by_record.items() if k in ids},
    )
