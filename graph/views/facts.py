"""The statements of a resource's description, indexed for the page builders, and terms as pages show them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode, Quad

from hrcgraph.graph.terms import DCT_TITLE, RDF_TYPE, RDFS_LABEL, SKOS_PREF_LABEL, T
from hrcgraph.graph.views.labels import OntologyLabels, prefer_english, readable_tail, tail

#: What names a resource, best first.
_NAMING = (SKOS_PREF_LABEL.value, RDFS_LABEL.value, T.symbol.value, DCT_TITLE.value)


@dataclass(frozen=True)
class Node:
    """A term as a page shows it: an IRI with a label, or a literal value."""

    value: str
    label: str
    is_iri: bool = True
    datatype: str | None = None
    language: str | None = None

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class Fact:
    """One statement of a resource, as listed in the table of statements and their sources."""

    predicate: Node
    object: Node
    graphs: tuple[str, ...]


def key_of(term: object) -> str:
    """The index key of a subject: an IRI's value, a blank node's ``_:id``."""
    if isinstance(term, NamedNode):
        return term.value
    return str(term)


class Facts:
    """An index of description quads: subject -> predicate -> objects, each with its graphs.

    Subjects are keyed by IRI (or ``_:id`` for blank nodes), predicates are the ontology's terms.
    """

    def __init__(self, quads: Iterable[Quad], labels: OntologyLabels) -> None:
        self._index: dict[str, dict[str, dict[Any, set[str]]]] = defaultdict(lambda: defaultdict(dict))
        self.labels = labels
        for q in quads:
            g = q.graph_name.value if isinstance(q.graph_name, NamedNode) else ""
            self._index[key_of(q.subject)][q.predicate.value].setdefault(q.object, set()).add(g)

    def objects(self, s: str, p: NamedNode) -> list[Any]:
        return sorted(self._index.get(s, {}).get(p.value, {}), key=_sort_key)

    def one(self, s: str, p: NamedNode) -> Any | None:
        values = self.objects(s, p)
        return values[0] if values else None

    def value(self, s: str, p: NamedNode) -> str | None:
        """The lexical value of the first object, or None."""
        o = self.one(s, p)
        return str(o.value) if o is not None else None

    def graphs(self, s: str, p: NamedNode) -> tuple[str, ...]:
        found: set[str] = set()
        for gs in self._index.get(s, {}).get(p.value, {}).values():
            found |= gs
        return tuple(sorted(found))

    def types(self, s: str) -> set[str]:
        return {o.value for o in self._index.get(s, {}).get(RDF_TYPE.value, {}) if isinstance(o, NamedNode)}

    def has_type(self, s: str, cls: NamedNode) -> bool:
        return cls.value in self.types(s)

    def statements(self, s: str) -> list[tuple[str, Any, tuple[str, ...]]]:
        out = []
        for p, objs in sorted(self._index.get(s, {}).items()):
            for o in sorted(objs, key=_sort_key):
                out.append((p, o, tuple(sorted(objs[o]))))
        return out

    def subjects(self) -> list[str]:
        return list(self._index)

    def label(self, iri: str) -> str:
        """The best name for a resource: its preferred label, title, symbol, or a readable IRI tail."""
        if iri in self.labels.by_iri:
            return self.labels.by_iri[iri]
        props = self._index.get(iri, {})
        for p in _NAMING:
            values = prefer_english(props.get(p, {}))
            if values:
                return str(values[0].value)
        number = props.get(T.sessionNumber.value)
        if number:
            body = tail(next(iter(props.get(T.body.value, {})), NamedNode("https://x/")).value).upper()
            return f"{body} session {next(iter(number)).value}".strip()
        return readable_tail(iri)

    def blank_label(self, key: str) -> str:
        """A node without an IRI is named by what it links to: ``regular session, Human Rights Council``."""
        names = [self.label(o.value) for p, objs in sorted(self._index.get(key, {}).items())
                 if p != RDF_TYPE.value for o in objs if isinstance(o, NamedNode)]
        names = names or [self.label(t) for t in sorted(self.types(key))]
        return ", ".join(dict.fromkeys(names)) or "(no identifier)"

    def node(self, term: Any) -> Node:
        if isinstance(term, NamedNode):
            return Node(term.value, self.label(term.value))
        if isinstance(term, BlankNode):
            return Node(str(term), self.blank_label(str(term)), is_iri=False)
        assert isinstance(term, Literal)
        dtype = term.datatype.value if term.datatype else None
        return Node(term.value, term.value, is_iri=False, datatype=dtype, language=term.language)

    def nodes(self, s: str, p: NamedNode) -> list[Node]:
        return [self.node(o) for o in self.objects(s, p)]

    def first_node(self, s: str, p: NamedNode) -> Node | None:
        o = self.one(s, p)
        return self.node(o) if o is not None else None


def term_node(term: NamedNode, labels: OntologyLabels) -> Node:
    """An ontology term (a class, a concept) with its label."""
    return Node(term.value, labels.name(term.value))


def _sort_key(term: Any) -> tuple[int, str]:
    if isinstance(term, Literal):
        return (1, term.value)
    return (0, str(term.value))
