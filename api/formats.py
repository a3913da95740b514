"""The result formats the endpoint speaks: one table, used by content negotiation and by the workers.

SELECT and ASK results (``kind="results"``) and CONSTRUCT/DESCRIBE results (``kind="graph"``) have
separate tables, because which one applies is only known once Oxigraph has parsed the query. Each
format has a short key for the ``format`` parameter, its media type and the aliases clients send.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pyoxigraph import QueryResultsFormat, RdfFormat

Kind = Literal["results", "graph"]


@dataclass(frozen=True)
class ResultFormat:
    key: str
    """The value of the ``format`` parameter (``json``, ``ttl``, ...)."""
    media_type: str
    """The Content-Type of the response."""
    aliases: tuple[str, ...]
    """Other media types that ask for this format (``application/json`` for SPARQL JSON results)."""
    kind: Kind
    label: str
    w3c_iri: str
    """The format's IRI at ``http://www.w3.org/ns/formats/``, for the service description."""

    @property
    def content_type(self) -> str:
        """The media type with a charset where the type does not fix the encoding itself."""
        if self.media_type.startswith("text/"):
            return f"{self.media_type}; charset=utf-8"
        return self.media_type


_W3C = "http://www.w3.org/ns/formats/"

RESULT_FORMATS: tuple[ResultFormat, ...] = (
    ResultFormat("json", "application/sparql-results+json", ("application/json", "text/javascript",
                 "application/javascript"), "results", "SPARQL Results JSON", _W3C + "SPARQL_Results_JSON"),
    ResultFormat("xml", "application/sparql-results+xml", ("application/xml", "text/xml"), "results",
                 "SPARQL Results XML", _W3C + "SPARQL_Results_XML"),
    ResultFormat("csv", "text/csv", (), "results", "SPARQL Results CSV", _W3C + "SPARQL_Results_CSV"),
    ResultFormat("tsv", "text/tab-separated-values", (), "results", "SPARQL Results TSV",
                 _W3C + "SPARQL_Results_TSV"),
)

GRAPH_FORMATS: tuple[ResultFormat, ...] = (
    ResultFormat("ttl", "text/turtle", ("application/x-turtle", "application/turtle"), "graph", "Turtle",
                 _W3C + "Turtle"),
    ResultFormat("nt", "application/n-triples", ("text/plain",), "graph", "N-Triples", _W3C + "N-Triples"),
    ResultFormat("jsonld", "application/ld+json", ("application/json", "application/x-json+ld"), "graph",
                 "JSON-LD", _W3C + "JSON-LD"),
    ResultFormat("rdfxml", "application/rdf+xml", ("application/xml", "text/xml"), "graph", "RDF/XML",
                 _W3C + "RDF_XML"),
    ResultFormat("nq", "application/n-quads", (), "graph", "N-Quads", _W3C + "N-Quads"),
    ResultFormat("trig", "application/trig", (), "graph", "TriG", _W3C + "TriG"),
)

BY_KEY: dict[str, ResultFormat] = {f.key: f for f in RESULT_FORMATS + GRAPH_FORMATS}

OXIGRAPH_RESULTS: dict[str, QueryResultsFormat] = {
    "json": QueryResultsFormat.JSON,
    "xml": QueryResultsFormat.XML,
    "csv": QueryResultsFormat.CSV,
    "tsv": QueryResultsFormat.TSV,
}

OXIGRAPH_GRAPH: dict[str, RdfFormat] = {
    "ttl": RdfFormat.TURTLE,
    "nt": RdfFormat.N_TRIPLES,
    "jsonld": RdfFormat.JSON_LD,
    "rdfxml": RdfFormat.RDF_XML,
    "nq": RdfFormat.N_QUADS,
    "trig": RdfFormat.TRIG,
}
