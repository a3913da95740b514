"""The two bodies whose texts the graph holds (the Human Rights Council and its predecessor), and the
bodies whose texts they cite (the General Assembly, the Security Council)."""

from __future__ import annotations

from pyoxigraph import NamedNode

from hrcgraph.graph.iris import IriFactory
from hrcgraph.graph.namespaces import HRC
from hrcgraph.graph.terms import TripleSink, string, term

#: Body code (as in IRIs and in ``graph.symbols``) -> official name.
BODY_NAMES: dict[str, str] = {"hrc": "Human Rights Council", "chr": "Commission on Human Rights"}
#: Bodies known only as the authors of texts that the Council's texts cite.
CITED_BODY_NAMES: dict[str, str] = {"ga": "General Assembly", "sc": "Security Council"}
SKOS_PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"


def add_body(sink: TripleSink, iris: IriFactory, code: str) -> NamedNode:
    """Describe a body (its class and name) in ``sink``; returns its IRI."""
    node = iris.body(code)
    sink.type(node, HRC.Body)
    sink.add(node, term(SKOS_PREF_LABEL), string(BODY_NAMES.get(code) or CITED_BODY_NAMES[code], "en"))
    return node
