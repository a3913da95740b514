"""What the graph says about one resource: the description served when its IRI is dereferenced.

A description holds:

- the resource's own statements, and those of its parts: hash IRIs ``<iri>#...`` such as a text's
  ``#vote``, ``#vote-FRA``, ``#sponsor-1`` or ``#clause-...`` (a browser never sends the fragment,
  so the text's document must describe them);
- its incoming links (what cites it, who voted on it), at most ``incoming_limit`` subjects per
  predicate; when there are more, a ``hydra:Collection`` node says how many there are in all
  (``hydra:totalItems``), so a state's description does not carry every vote of 80 years;
- the types and labels of every resource it links to, so a reader (or a page) can name them.

Each statement keeps the named graph it came from (``Description.quads``): pages show the source of
every fact. IRIs enter the queries as terms written by pyoxigraph from a validated ``NamedNode`` (in a
``VALUES`` block or a triple pattern), never as pasted text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, Triple

from hrcgraph.graph.namespaces import HRC, PREFIXES
from hrcgraph.graph.store.base import GraphStore
from hrcgraph.graph.terms import RDF_TYPE, XSD_INTEGER

HYDRA = "http://www.w3.org/ns/hydra/core#"
RDFS_COMMENT = NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")

#: Predicates that name a linked resource (fetched for everything a description links to).
LABEL_PREDICATES: tuple[str, ...] = (
    PREFIXES["rdf"] + "type",
    PREFIXES["skos"] + "prefLabel",
    PREFIXES["rdfs"] + "label",
    PREFIXES["dct"] + "title",
    str(HRC.symbol),
    str(HRC.sessionNumber),
    str(HRC.year),
    str(HRC.body),
    str(HRC.dateAdopted),
)

DEFAULT_INCOMING_LIMIT = 100


@dataclass(frozen=True)
class Truncation:
    """Incoming links of one predicate that were left out of a description."""

    predicate: NamedNode
    shown: int
    total: int


@dataclass
class Description:
    """A resource's description, each statement with the named graph it came from."""

    resource: NamedNode
    quads: list[Quad] = field(default_factory=list)
    parts: list[NamedNode] = field(default_factory=list)
    truncations: list[Truncation] = field(default_factory=list)

    def triples(self) -> list[Triple]:
        """The statements (each once, whatever graphs hold it) and the notes on truncated links."""
        seen: dict[Triple, None] = {}
        for q in self.quads:
            seen.setdefault(Triple(q.subject, q.predicate, q.object), None)
        for t in truncation_triples(self.resource, self.truncations):
            seen.setdefault(t, None)
        return list(seen)


def is_known(store: GraphStore, iri: NamedNode) -> bool:
    """Whether the graph says anything about ``iri``, links to it, or has a named graph of that name."""
    term = str(iri)
    return store.ask(
        f"ASK {{ {{ {term} ?p ?o }} UNION {{ ?s ?p {term} }} UNION {{ GRAPH {term} {{ ?s ?p ?o }} }} }}")


def describe(store: GraphStore, iri: NamedNode, *, incoming_limit: int = DEFAULT_INCOMING_LIMIT) -> list[Triple]:
    """The triples describing ``iri`` (see the module docstring); empty for an unknown IRI."""
    return describe_quads(store, iri, incoming_limit=incoming_limit).triples()


def describe_quads(store: GraphStore, iri: NamedNode, *,
                   incoming_limit: int = DEFAULT_INCOMING_LIMIT) -> Description:
    """The description of ``iri`` with the named graph of each statement."""
    prefix = Literal(iri.value + "#")
    parts = _parts(store, iri, prefix)
    own = [iri, *parts]
    desc = Description(resource=iri, parts=parts)
    desc.quads.extend(_quads_of_subjects(store, own))
    desc.quads.extend(_blank_objects(store, own))
    incoming_subjects: list[NamedNode | BlankNode] = []
    for predicate, total in _incoming_counts(store, own, iri, prefix):
        subjects = _incoming_subjects(store, own, iri, prefix, predicate, incoming_limit)
        incoming_subjects.extend(subjects)
        desc.quads.extend(_incoming_quads(store, own, predicate, subjects))
        if total > len(subjects):
            desc.truncations.append(Truncation(predicate, len(subjects), total))
    own_set = set(own)
    linked: dict[NamedNode | BlankNode, None] = {}
    for q in desc.quads:
        if isinstance(q.object, NamedNode) and q.object not in own_set and q.predicate != RDF_TYPE:
            linked.setdefault(q.object, None)
    for s in incoming_subjects:
        linked.setdefault(s, None)
    desc.quads.extend(_label_quads(store, [n for n in linked if isinstance(n, NamedNode)]))
    return desc


def truncation_triples(resource: NamedNode, truncations: Sequence[Truncation]) -> list[Triple]:
    """One ``hydra:Collection`` per truncated predicate: the links ``?s <predicate> <resource>``, how many
    there are in all and how many the description lists."""
    triples: list[Triple] = []
    for t in truncations:
        local = t.predicate.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        node = BlankNode(f"incoming-{local}")
        manages = BlankNode(f"incoming-{local}-block")
        triples += [
            Triple(node, RDF_TYPE, NamedNode(HYDRA + "Collection")),
            Triple(node, NamedNode(HYDRA + "manages"), manages),
            Triple(manages, NamedNode(HYDRA + "property"), t.predicate),
            Triple(manages, NamedNode(HYDRA + "object"), resource),
            Triple(node, NamedNode(HYDRA + "totalItems"), Literal(str(t.total), datatype=XSD_INTEGER)),
            Triple(node, RDFS_COMMENT, Literal(
                f"Truncated: {t.shown} of the {t.total} resources linking here with <{t.predicate.value}> "
                "are described; the SPARQL endpoint has all of them.", language="en")),
        ]
    return triples


def bind(**terms: NamedNode | Literal) -> str:
    """A one-row ``VALUES`` block binding variables to validated terms (``str()`` of a pyoxigraph term is its
    N-Triples form, escaped)."""
    names = " ".join(f"?{name}" for name in terms)
    values = " ".join(str(t) for t in terms.values())
    return f"VALUES ({names}) {{ ({values}) }}"


def _values(nodes: Iterable[NamedNode | BlankNode]) -> str:
    """A VALUES body of IRIs: ``NamedNode`` validated the IRIs and ``str()`` writes them as N-Triples terms."""
    return " ".join(str(n) for n in nodes if isinstance(n, NamedNode))



def _parts(store: GraphStore, iri: NamedNode, prefix: Literal) -> list[NamedNode]:
    """Hash IRIs ``<iri>#...`` linked from or to the resource, or to another of its parts
    (a state's vote ``#vote-FRA`` points to the text's ``#vote``)."""
    query = """
        SELECT DISTINCT ?part WHERE {
          %(bind)s
          { ?r ?p ?part } UNION { ?part ?p ?r }
          UNION { %(bind)s ?r ?p1 ?mid . ?part ?p2 ?mid . FILTER(isIRI(?mid) && STRSTARTS(STR(?mid), ?prefix)) }
          FILTER(isIRI(?part) && STRSTARTS(STR(?part), ?prefix))
        } ORDER BY ?part"""
    rows = store.select(query % {"bind": bind(r=iri, prefix=prefix)})
    return [row["part"] for row in rows if isinstance(row["part"], NamedNode)]


def _quads_of_subjects(store: GraphStore, subjects: Sequence[NamedNode]) -> list[Quad]:
    query = f"SELECT ?s ?p ?o ?g WHERE {{ VALUES ?s {{ {_values(subjects)} }} GRAPH ?g {{ ?s ?p ?o }} }}"
    return [Quad(r["s"], r["p"], r["o"], r["g"]) for r in store.select(query)]


def _blank_objects(store: GraphStore, subjects: Sequence[NamedNode]) -> list[Quad]:
    """Statements of blank nodes the resource or its parts point to (a seed text's candidate matches)."""
    query = f"""
        SELECT ?b ?p ?o ?g WHERE {{
          VALUES ?s {{ {_values(subjects)} }} ?s ?link ?b . FILTER(isBlank(?b)) GRAPH ?g {{ ?b ?p ?o }}
        }}"""
    return [Quad(r["b"], r["p"], r["o"], r["g"]) for r in store.select(query)]


_NOT_OWN = "FILTER(isBlank(?s) || (?s NOT IN (%s) && !STRSTARTS(STR(?s), ?prefix)))"


def _incoming_counts(store: GraphStore, own: Sequence[NamedNode], iri: NamedNode,
                     prefix: Literal) -> list[tuple[NamedNode, int]]:
    own_terms = ", ".join(str(n) for n in own)
    query = f"""
        SELECT ?p (COUNT(DISTINCT ?s) AS ?n) WHERE {{
          {bind(prefix=prefix)} VALUES ?x {{ {_values(own)} }} ?s ?p ?x . {_NOT_OWN % own_terms}
        }} GROUP BY ?p ORDER BY ?p"""
    rows = store.select(query)
    return [(r["p"], int(r["n"].value)) for r in rows]


def _incoming_subjects(store: GraphStore, own: Sequence[NamedNode], iri: NamedNode, prefix: Literal,
                       predicate: NamedNode, limit: int) -> list[NamedNode | BlankNode]:
    own_terms = ", ".join(str(n) for n in own)
    query = f"""
        SELECT DISTINCT ?s WHERE {{
          {bind(prefix=prefix)} VALUES ?x {{ {_values(own)} }} ?s {predicate} ?x . {_NOT_OWN % own_terms}
        }} ORDER BY ?s LIMIT {int(limit)}"""
    rows = store.select(query)
    return [r["s"] for r in rows]


def _incoming_quads(store: GraphStore, own: Sequence[NamedNode], predicate: NamedNode,
                    subjects: Sequence[NamedNode | BlankNode]) -> list[Quad]:
    quads: list[Quad] = []
    blanks = sum(1 for s in subjects if isinstance(s, BlankNode))
    if blanks:
        # A blank node linking here (an rdf:Statement saying how a link was inferred) has no IRI to look up
        # later: its own statements are part of the description.
        rows = store.select(f"""
            SELECT ?s ?p ?o ?g WHERE {{
              {{ SELECT DISTINCT ?s WHERE {{ VALUES ?x {{ {_values(own)} }} ?s {predicate} ?x FILTER(isBlank(?s)) }}
                 ORDER BY ?s LIMIT {int(blanks)} }}
              GRAPH ?g {{ ?s ?p ?o }}
            }}""")
        quads += [Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows]
    named = [s for s in subjects if isinstance(s, NamedNode)]
    if not named:
        return quads
    query = f"""
        SELECT ?s ?x ?g WHERE {{
          VALUES ?s {{ {_values(named)} }} VALUES ?x {{ {_values(own)} }}
          GRAPH ?g {{ ?s {predicate} ?x }}
        }}"""
    rows = store.select(query)
    return quads + [Quad(r["s"], predicate, r["x"], r["g"]) for r in rows]


def _label_quads(store: GraphStore, nodes: Sequence[NamedNode], chunk: int = 500) -> list[Quad]:
    # The predicates are a FILTER, not a second VALUES block: Oxigraph would join that one by scanning.
    predicates = ", ".join(f"<{p}>" for p in LABEL_PREDICATES)
    quads: list[Quad] = []
    for start in range(0, len(nodes), chunk):
        query = f"""
            SELECT ?s ?p ?o ?g WHERE {{
              VALUES ?s {{ {_values(nodes[start:start + chunk])} }}
              GRAPH ?g {{ ?s ?p ?o }} FILTER(?p IN ({predicates}))
            }}"""
        quads += [Quad(r["s"], r["p"], r["o"], r["g"]) for r in store.select(query)]
    return quads
