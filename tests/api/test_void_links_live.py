"""The dataset description points where the data is: on a running server every access link in
/.well-known/void (endpoint, dumps, CSV tables, landing page) is at the server's address and answers 200,
while the dataset keeps its IRI under the base; HRCGRAPH_PUBLIC_URL puts the links at the public address."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef

from hrcgraph.api.app import create_app
from hrcgraph.api.routes.void import ACCESS_PREDICATES
from hrcgraph.graph.exports import TABLE_NAMES

from support.api_builds import LiveServer, make_settings

BASE = "https://w3id.org/hrcgraph/"
DCAT = "http://www.w3.org/ns/dcat#"
VOID = "http://rdfs.org/ns/void#"
DCT = "http://purl.org/dc/terms/"


@pytest.fixture(scope="module")
def server(recent_build_dir: Path) -> Iterator[LiveServer]:
    with LiveServer(make_settings(recent_build_dir, query_workers=1)) as live:
        yield live


def _links(g: Graph) -> set[str]:
    return {str(o) for p in ACCESS_PREDICATES for o in g.objects(None, URIRef(p))}


@pytest.mark.server
def test_every_link_in_the_description_answers_200(server: LiveServer) -> None:
    r = httpx.get(server.url + "/.well-known/void", timeout=30)
    assert r.status_code == 200
    g = Graph().parse(data=r.content, format="turtle")
    dataset = URIRef(BASE + "dataset")
    assert (dataset, URIRef(VOID + "sparqlEndpoint"), URIRef(server.url + "/sparql")) in g
    links = _links(g)
    names = {link.rsplit("/", 1)[-1] for link in links if "/dumps/" in link}
    assert {n for t in TABLE_NAMES for n in (t, t + "-metadata.json")} <= names
    assert "hrcgraph.nq.gz" in names
    with httpx.Client(timeout=60) as client:
        for link in sorted(links):
            assert link.startswith(server.url + "/"), link
            assert client.get(link, follow_redirects=True).status_code == 200, link
    media = {str(g.value(URIRef(server.url + "/dumps/votes.csv"), URIRef(DCAT + "mediaType")))}
    assert media == {"https://www.iana.org/assignments/media-types/text/csv"}
    assert g.value(dataset, URIRef(DCT + "bibliographicCitation")) is not None


@pytest.mark.server
def test_the_service_description_names_the_dumps_at_the_server(server: LiveServer) -> None:
    r = httpx.get(server.url + "/sparql", headers={"Accept": "text/turtle"}, timeout=30)
    g = Graph().parse(data=r.content, format="turtle")
    dumps = {str(o) for o in g.objects(URIRef(BASE + "dataset"), URIRef(VOID + "dataDump"))}
    assert server.url + "/dumps/votes.csv" in dumps and server.url + "/dumps/hrcgraph.nq.gz" in dumps
    assert all(httpx.head(d, timeout=30).status_code == 200 for d in sorted(dumps))


def test_the_public_url_setting_moves_every_link_but_not_the_dataset(recent_build_dir: Path) -> None:
    settings = make_settings(recent_build_dir, query_workers=1, public_url="https://hrcgraph.example.org")
    with TestClient(create_app(settings)) as client:
        g = Graph().parse(data=client.get("/.well-known/void").content, format="turtle")
        sd = Graph().parse(data=client.get("/sparql", headers={"Accept": "text/turtle"}).content, format="turtle")
        manifest = client.get("/reconcile").json()
    links = _links(g)
    assert links and all(link.startswith("https://hrcgraph.example.org/") for link in links)
    assert (URIRef(BASE + "dataset"), None, None) in g
    assert not [str(s) for s in g.subjects() if str(s).startswith(BASE + "dumps/")]
    assert (None, None, URIRef("https://hrcgraph.example.org/sparql")) in sd
    assert manifest["preview"]["url"].startswith("https://hrcgraph.example.org/reconcile/preview")
