"""The one table of media formats: each format once, with what every user of it needs."""

from __future__ import annotations

import pytest
from pyoxigraph import Literal, NamedNode, Quad, Store, parse, parse_query_results

from hrcgraph.graph.formats import (
    BY_EXT,
    BY_KEY,
    GRAPH_FORMATS,
    HTML,
    OXIGRAPH_GRAPH,
    OXIGRAPH_RESULTS,
    RESULT_FORMATS,
    MediaFormat,
    format_names,
    named,
)


def test_keys_extensions_and_media_types_are_unique() -> None:
    every = (*RESULT_FORMATS, *GRAPH_FORMATS, HTML)
    for attribute in ("key", "ext", "media_type", "label"):
        values = [getattr(f, attribute) for f in every]
        assert len(values) == len(set(values)), attribute


@pytest.mark.parametrize("fmt", RESULT_FORMATS + GRAPH_FORMATS, ids=lambda f: f.key)
def test_every_rdf_and_results_format_is_complete(fmt: MediaFormat) -> None:
    assert fmt.w3c_iri.startswith("http://www.w3.org/ns/formats/")
    if fmt.kind == "results":
        assert fmt.results is not None and fmt.rdf is None
        assert OXIGRAPH_RESULTS[fmt.key] is fmt.results
    else:
        assert fmt.rdf is not None and fmt.results is None
        assert OXIGRAPH_GRAPH[fmt.key] is fmt.rdf
        assert fmt.rdf.media_type == fmt.media_type  # pyoxigraph agrees on the media type
    assert BY_KEY[fmt.key] is fmt


@pytest.mark.parametrize("fmt", GRAPH_FORMATS, ids=lambda f: f.key)
def test_graph_formats_write_what_they_read(fmt: MediaFormat) -> None:
    quad = Quad(NamedNode("http://example.org/s"), NamedNode("http://example.org/p"), Literal("o"))
    store = Store()
    store.add(quad)
    assert fmt.rdf is not None
    data = store.dump(format=fmt.rdf, from_graph=quad.graph_name) if not fmt.rdf.supports_datasets \
        else store.dump(format=fmt.rdf)
    assert data is not None
    assert [t.object for t in parse(data, format=fmt.rdf)] == [Literal("o")]


@pytest.mark.parametrize("fmt", RESULT_FORMATS, ids=lambda f: f.key)
def test_results_formats_write_what_they_read(fmt: MediaFormat) -> None:
    assert fmt.results is not None
    data = Store().query("SELECT ?x WHERE { VALUES ?x { 'a' } }").serialize(format=fmt.results)
    assert data is not None
    if fmt.key == "csv":  # pyoxigraph writes CSV results but does not read them (they lose the term types)
        assert data == b"x\r\na\r\n"
        return
    parsed = parse_query_results(data, format=fmt.results)
    assert [s["x"].value for s in parsed] == ["a"]  # type: ignore[union-attr]


def test_a_name_asks_for_one_format_of_each_kind() -> None:
    assert named("json", "results") is BY_KEY["json"] and named("json", "graph") is BY_KEY["jsonld"]
    assert named("xml", "results") is BY_KEY["xml"] and named("xml", "graph") is BY_KEY["rdfxml"]
    assert named("Turtle", "graph") is BY_KEY["ttl"] and named("turtle", "results") is None
    assert named("n-quads", "graph") is BY_KEY["nq"]
    assert named("yaml", "graph") is None
    assert format_names()[:4] == ["json", "xml", "csv", "tsv"]


def test_documents_are_found_by_extension() -> None:
    assert BY_EXT["rdf"] is BY_KEY["rdfxml"]
    assert BY_EXT["html"] is HTML
    assert HTML.content_type == "text/html; charset=utf-8"
    assert BY_KEY["jsonld"].content_type == "application/ld+json"
