"""The media formats hrcgraph reads and writes: one table, looked up by everyone.

Each RDF format, SPARQL results format and HTML is described once: its short key (the ``format``
parameter of the endpoint, ``hrcgraph query --format``), the other names clients send for it, its
media type and the media types that also ask for it, its file extension (``/id/state/MLI.ttl``, the
dumps), the pyoxigraph format that reads and writes it, its label, and its IRI at
``http://www.w3.org/ns/formats/`` for the service and dataset descriptions.

SELECT and ASK results (``kind="results"``) and CONSTRUCT/DESCRIBE results (``kind="graph"``) are
kept apart, because which one applies is only known once a query is parsed; ``json`` and ``xml``
name one format of each kind (SPARQL JSON results or JSON-LD, SPARQL XML results or RDF/XML).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pyoxigraph import QueryResultsFormat, RdfFormat

Kind = Literal["results", "graph", "page"]

W3C_FORMATS = "http://www.w3.org/ns/formats/"


@dataclass(frozen=True)
class MediaFormat:
    key: str
    """The short name: the value of the ``format`` parameter (``json``, ``ttl``, ...)."""
    label: str
    media_type: str
    """The Content-Type of a response in this format."""
    ext: str
    """The file extension, without the dot (``ttl``; ``rdf`` for RDF/XML)."""
    kind: Kind
    w3c_iri: str = ""
    """The format's IRI at ``http://www.w3.org/ns/formats/`` (HTML has none)."""
    aliases: tuple[str, ...] = ()
    """Other media types that ask for this format (``application/json`` for SPARQL JSON results)."""
    names: tuple[str, ...] = ()
    """Other names of the format (``turtle``, ``n-triples``), as clients send them in ``format``."""
    rdf: RdfFormat | None = None
    """The pyoxigraph format of a graph format."""
    results: QueryResultsFormat | None = None
    """The pyoxigraph format of a results format."""

    @property
    def content_type(self) -> str:
        return content_type(self.media_type)

    def answers_to(self, name: str) -> bool:
        """Whether ``name`` (lower case) is this format's key or one of its names."""
        return name == self.key or name in self.names


def content_type(media_type: str) -> str:
    """The media type with a charset where the type does not fix the encoding itself (``text/*``)."""
    return f"{media_type}; charset=utf-8" if media_type.startswith("text/") else media_type


JSON_RESULTS = MediaFormat("json", "SPARQL Results JSON", "application/sparql-results+json", "srj", "results",
                           W3C_FORMATS + "SPARQL_Results_JSON",
                           ("application/json", "text/javascript", "application/javascript"),
                           results=QueryResultsFormat.JSON)
XML_RESULTS = MediaFormat("xml", "SPARQL Results XML", "application/sparql-results+xml", "srx", "results",
                          W3C_FORMATS + "SPARQL_Results_XML", ("application/xml", "text/xml"),
                          results=QueryResultsFormat.XML)
CSV_RESULTS = MediaFormat("csv", "SPARQL Results CSV", "text/csv", "csv", "results",
                          W3C_FORMATS + "SPARQL_Results_CSV", results=QueryResultsFormat.CSV)
TSV_RESULTS = MediaFormat("tsv", "SPARQL Results TSV", "text/tab-separated-values", "tsv", "results",
                          W3C_FORMATS + "SPARQL_Results_TSV", results=QueryResultsFormat.TSV)

TURTLE = MediaFormat("ttl", "Turtle", "text/turtle", "ttl", "graph", W3C_FORMATS + "Turtle",
                     ("application/x-turtle", "application/turtle"), ("turtle", "n3"), rdf=RdfFormat.TURTLE)
N_TRIPLES = MediaFormat("nt", "N-Triples", "application/n-triples", "nt", "graph", W3C_FORMATS + "N-Triples",
                        ("text/plain",), ("ntriples", "n-triples"), rdf=RdfFormat.N_TRIPLES)
JSON_LD = MediaFormat("jsonld", "JSON-LD", "application/ld+json", "jsonld", "graph", W3C_FORMATS + "JSON-LD",
                      ("application/json", "application/x-json+ld"), ("json-ld", "json"), rdf=RdfFormat.JSON_LD)
RDF_XML = MediaFormat("rdfxml", "RDF/XML", "application/rdf+xml", "rdf", "graph", W3C_FORMATS + "RDF_XML",
                      ("application/xml", "text/xml"), ("rdf", "rdf+xml", "xml"), rdf=RdfFormat.RDF_XML)
N_QUADS = MediaFormat("nq", "N-Quads", "application/n-quads", "nq", "graph", W3C_FORMATS + "N-Quads",
                      names=("nquads", "n-quads"), rdf=RdfFormat.N_QUADS)
TRIG = MediaFormat("trig", "TriG", "application/trig", "trig", "graph", W3C_FORMATS + "TriG", rdf=RdfFormat.TRIG)

HTML = MediaFormat("html", "HTML", "text/html", "html", "page", aliases=("application/xhtml+xml",))

RESULT_FORMATS: tuple[MediaFormat, ...] = (JSON_RESULTS, XML_RESULTS, CSV_RESULTS, TSV_RESULTS)
GRAPH_FORMATS: tuple[MediaFormat, ...] = (TURTLE, N_TRIPLES, JSON_LD, RDF_XML, N_QUADS, TRIG)

#: Results and graph formats by key (the keys are distinct across the two kinds).
BY_KEY: dict[str, MediaFormat] = {f.key: f for f in RESULT_FORMATS + GRAPH_FORMATS}
#: By file extension: the graph formats and HTML.
BY_EXT: dict[str, MediaFormat] = {f.ext: f for f in (HTML, *GRAPH_FORMATS)}

OXIGRAPH_RESULTS: dict[str, QueryResultsFormat] = {f.key: f.results for f in RESULT_FORMATS if f.results}
OXIGRAPH_GRAPH: dict[str, RdfFormat] = {f.key: f.rdf for f in GRAPH_FORMATS if f.rdf}


def named(name: str, kind: Kind) -> MediaFormat | None:
    """The format of that kind a name asks for (``json`` is SPARQL JSON results or JSON-LD), or None."""
    wanted = name.strip().lower()
    formats = RESULT_FORMATS if kind == "results" else GRAPH_FORMATS if kind == "graph" else (HTML,)
    return next((f for f in formats if f.answers_to(wanted)), None)


def format_names() -> list[str]:
    """Every name the ``format`` parameter takes, keys first."""
    keys = [f.key for f in RESULT_FORMATS + GRAPH_FORMATS]
    others = [n for f in RESULT_FORMATS + GRAPH_FORMATS for n in f.names if n not in keys]
    return keys + list(dict.fromkeys(others))
