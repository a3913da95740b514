"""Dereferencing IRIs: 303 to the right document, every RDF format giving the same triples, clear 4xx."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic, to_isomorphic

from hrcgraph.api.app import create_app
from hrcgraph.settings import Settings

from support.linked_data import publish_fixture
from support.remote import publish_into

BASE = "https://w3id.org/hrcgraph/"
RDF_EXTS = {"ttl": ("text/turtle", "turtle"), "nt": ("application/n-triples", "nt"),
            "jsonld": ("application/ld+json", "json-ld"), "rdf": ("application/rdf+xml", "xml")}


def _client(root: Path, base: str, store: str | None = None) -> Iterator[TestClient]:
    publish_fixture(root, base)
    if store is not None:
        publish_into(store, root)
    app = create_app(Settings(data_dir=root, base_iri=base, query_workers=1, store=store))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="module", params=["embedded", "virtuoso"])
def client(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Iterator[TestClient]:
    """The resource pages on both engines, with the same expectations: from the data directory's
    store, and from Virtuoso holding the same build (``serve --store``)."""
    store = request.getfixturevalue("virtuoso").sparql_url if request.param == "virtuoso" else None
    yield from _client(tmp_path_factory.mktemp("resources") / "var", BASE, store)


@pytest.fixture(scope="module")
def local_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """IRIs minted under the server's own address dereference as they are."""
    yield from _client(tmp_path_factory.mktemp("resources-local") / "var", "http://testserver/")


@pytest.mark.parametrize(("accept", "ext"), [
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "html"),
    ("text/turtle", "ttl"),
    ("application/n-triples", "nt"),
    ("application/ld+json", "jsonld"),
    ("application/rdf+xml", "rdf"),
    ("application/json", "jsonld"),
    ("*/*", "html"),
    (None, "html"),
    ("text/turtle;q=0.5, application/ld+json;q=0.9", "jsonld"),
])
def test_a_resource_answers_303_to_the_negotiated_document(client: TestClient, accept: str | None, ext: str) -> None:
    headers = {"Accept": accept} if accept is not None else {}
    r = client.get("/id/state/MLI", headers=headers, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == f"/id/state/MLI.{ext}"
    assert "Accept" in r.headers["vary"]


@pytest.mark.parametrize("ext", ["html", *RDF_EXTS])
def test_each_document_has_its_media_type(client: TestClient, ext: str) -> None:
    r = client.get(f"/id/state/MLI.{ext}")
    assert r.status_code == 200
    expected = "text/html" if ext == "html" else RDF_EXTS[ext][0]
    assert r.headers["content-type"].split(";")[0] == expected
    assert r.headers["etag"]
    assert 'rel="alternate"' in r.headers["link"]
    again = client.get(f"/id/state/MLI.{ext}", headers={"If-None-Match": r.headers["etag"]})
    assert again.status_code == 304


@pytest.mark.parametrize("path", [
    "/id/state/MLI",
    "/id/text/A/HRC/RES/55/25",
    "/id/text/A/HRC/RES/S-33/1",
    "/id/text/E/CN.4/RES/2005/1",
    "/id/mandate/independent-expert-on-the-situation-of-human-rights-in-mali",
    "/id/session/hrc/S-33",
    "/id/group/african-group",
    "/id/commentary/unwatch/9a8b7c6d5e4f3a2b",
    "/id/text/unwatch/0123456789abcdef",
    "/graph/ohchr",
])
def test_every_rdf_format_gives_the_same_triples(client: TestClient, path: str) -> None:
    graphs = {}
    for ext, (media, rdflib_format) in RDF_EXTS.items():
        by_ext = client.get(f"{path}.{ext}")
        by_accept = client.get(path, headers={"Accept": media})  # follows the 303
        assert by_ext.status_code == by_accept.status_code == 200, (ext, by_ext.text[:200])
        assert by_ext.content == by_accept.content
        graphs[ext] = Graph().parse(data=by_ext.content, format=rdflib_format)
    reference = graphs.pop("nt")
    assert len(reference) > 3
    assert (URIRef(BASE + path.lstrip("/")), None, None) in reference
    for ext, graph in graphs.items():
        assert isomorphic(reference, graph), ext
        assert to_isomorphic(reference) == to_isomorphic(graph), ext


def test_a_text_document_describes_its_hash_parts(client: TestClient) -> None:
    g = Graph().parse(data=client.get("/id/text/A/HRC/RES/S-33/1.ttl").content, format="turtle")
    hrc = "https://w3id.org/hrcgraph/ontology#"
    vote = URIRef(BASE + "id/text/A/HRC/RES/S-33/1#vote-FRA")
    assert (vote, URIRef(hrc + "voteOption"), URIRef(hrc + "VoteYes")) in g
    # The HTML page has an anchor for each part, so the hash IRI lands on it.
    html = client.get("/id/text/A/HRC/RES/S-33/1.html").text
    assert 'id="vote-FRA"' in html and 'id="sponsor-1"' in html


def test_a_symbol_with_dots_is_not_an_extension(client: TestClient) -> None:
    r = client.get("/id/text/E/CN.4/RES/2005/1", headers={"Accept": "text/turtle"}, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/id/text/E/CN.4/RES/2005/1.ttl"
    doc = client.get(r.headers["location"])
    assert doc.status_code == 200
    assert "E/CN.4/RES/2005/1" in doc.text


def test_iris_under_the_server_base_dereference_directly(local_client: TestClient) -> None:
    r = local_client.get("http://testserver/id/state/MLI", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    g = Graph().parse(data=r.content, format="turtle")
    assert (URIRef("http://testserver/id/state/MLI"), None, None) in g
    # Links on pages stay on this server.
    html = local_client.get("/id/state/MLI.html").text
    assert 'href="/id/group/african-states"' in html


def test_unknown_resource_is_404_with_a_link_to_search(client: TestClient) -> None:
    r = client.get("/id/state/XXX", headers={"Accept": "text/html"})
    assert r.status_code == 404
    assert 'href="/search?q=XXX"' in r.text
    plain = client.get("/id/text/A/HRC/RES/99/1", headers={"Accept": "text/turtle"})
    assert plain.status_code == 404
    assert "/search?q=" in plain.text


def test_unknown_extension_is_404_listing_the_formats(client: TestClient) -> None:
    r = client.get("/id/state/MLI.xyz", headers={"Accept": "text/html"})
    assert r.status_code == 404
    for ext in ("html", "ttl", "nt", "jsonld", "rdf"):
        assert f"/id/state/MLI.{ext}" in r.text
    plain = client.get("/id/state/MLI.docx", headers={"Accept": "text/plain"})
    assert plain.status_code in (404, 406)


def test_an_accept_header_we_do_not_serve_is_406(client: TestClient) -> None:
    r = client.get("/id/state/MLI", headers={"Accept": "image/png"}, follow_redirects=False)
    assert r.status_code == 406
    assert "text/turtle" in r.text and "application/ld+json" in r.text
    refused = client.get("/id/state/MLI", headers={"Accept": "text/html;q=0, image/*"}, follow_redirects=False)
    assert refused.status_code == 406


@pytest.mark.parametrize("path", [
    "/id/state/%4D%4C%49",          # MLI, percent-encoded: the same resource
    "/id/state/M%C3%A9li",          # non-ASCII, unknown
    "/id/subject/%E2%80%AE%00x",    # a control character: not an IRI
    "/id/state/%3E%20%7B",          # characters an IRI cannot hold
    "/id/état/été",                 # sent raw as UTF-8 by the client library
    "/id/" + "a/" * 1500,           # far too long
])
def test_percent_encoded_and_non_ascii_paths_get_clear_answers(client: TestClient, path: str) -> None:
    r = client.get(path, headers={"Accept": "text/turtle"}, follow_redirects=False)
    assert r.status_code in (303, 404), r.text[:200]
    if r.status_code == 303:
        assert r.headers["location"].endswith(".ttl")
        assert client.get(r.headers["location"]).status_code == 200


def test_head_answers_like_get(client: TestClient) -> None:
    r = client.head("/id/state/MLI.ttl")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/turtle")


def test_the_dataset_iri_leads_to_its_description(client: TestClient) -> None:
    r = client.get("/dataset", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/.well-known/void"
