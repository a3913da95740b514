"""``hrcgraph serve --store URL``: the API over a Virtuoso that ``hrcgraph build --store`` filled.

What only a remote store changes: the version comes from the server's manifest graph (a new
publication there moves ETags on), the dumps from the local build of that version, and updates
through hrcgraph are refused."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pyoxigraph import Quad, RdfFormat, parse

from hrcgraph.api.app import create_app
from hrcgraph.cli import main
from hrcgraph.graph.manifest import BuildManifest
from hrcgraph.graph.store import RemoteStore, open_store
from hrcgraph.graph.store.virtuoso import LocalVirtuoso
from hrcgraph.settings import Settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
DISTINCT = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
PER_GRAPH = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, seed_dir: Path, virtuoso: LocalVirtuoso) -> Path:
    """The data directory of a fixture build that ``hrcgraph build --store`` published into Virtuoso."""
    data_dir = tmp_path_factory.mktemp("serve-store") / "var"
    assert main(["--data-dir", str(data_dir), "build", "--ohchr", str(FIXTURES / "ohchr"), "--seeds",
                 str(seed_dir), "--store", virtuoso.sparql_url]) == 0
    return data_dir


@pytest.fixture(scope="module")
def remote_client(built: Path, virtuoso: LocalVirtuoso) -> Iterator[TestClient]:
    settings = Settings(data_dir=built, store=virtuoso.sparql_url, query_workers=1, update_token="s3cret")
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


def _count(client: TestClient, query: str = COUNT) -> int:
    r = client.get("/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.text
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def test_the_server_answers_from_the_sparql_server_what_the_embedded_store_holds(
        remote_client: TestClient, built: Path) -> None:
    with open_store((built / "current" / "store").resolve()) as local:
        assert _count(remote_client, PER_GRAPH) == len(local)
        (row,) = list(local.select(DISTINCT))
        assert _count(remote_client) == _count(remote_client, DISTINCT) == int(row["n"].value)


@pytest.fixture(scope="module")
def embedded_client(built: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(data_dir=built, query_workers=1)), raise_server_exceptions=False) as client:
        yield client


@pytest.mark.parametrize("engine", [
    pytest.param("embedded", marks=pytest.mark.xfail(strict=True, reason=(
        "Oxigraph's default graph is the union of the named graphs as a bag: a triple stated in two graphs "
        "(a type the seed record and the OHCHR collection both give, a licence in both the VoID and the "
        "provenance graph: 18 triples in this build, 22 in the full one) matches twice; SPARQL 1.1 makes "
        "the default graph of a dataset the RDF merge of its graphs, and the server's union graph holds it once"))),
    "virtuoso"])
def test_a_triple_stated_in_two_graphs_is_in_the_default_graph_once(
        engine: str, remote_client: TestClient, embedded_client: TestClient) -> None:
    client = remote_client if engine == "virtuoso" else embedded_client
    assert _count(client, PER_GRAPH) > _count(client, DISTINCT)  # the build states some triples twice
    assert _count(client) == _count(client, DISTINCT)


def test_dumps_are_the_local_builds_of_the_served_version(remote_client: TestClient, built: Path) -> None:
    manifest = BuildManifest.read((built / "current").resolve())
    r = remote_client.get("/dumps/hrcgraph.nq.gz")
    assert r.status_code == 200
    dump = manifest.dump("hrcgraph.nq.gz")
    assert dump is not None and len(r.content) == dump.size


def test_a_new_publication_on_the_server_moves_the_etag_on(remote_client: TestClient, built: Path,
                                                           virtuoso: LocalVirtuoso) -> None:
    first = remote_client.get("/sparql", params={"query": COUNT}).headers["etag"]
    manifest = BuildManifest.read((built / "current").resolve())
    with RemoteStore(virtuoso.sparql_url, writable=True) as store:
        store.replace(_all_quads(built), manifest=replace(manifest, version="republished"))
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if remote_client.get("/sparql", params={"query": COUNT}).headers["etag"] != first:
            break
        time.sleep(0.5)
    else:
        pytest.fail("the server did not notice the new publication within 10 s")


def test_updates_through_hrcgraph_are_refused_over_a_remote_store(remote_client: TestClient) -> None:
    r = remote_client.post("/sparql/update", content="INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                           headers={"Authorization": "Bearer s3cret", "Content-Type": "application/sparql-update"})
    assert r.status_code == 403
    assert "not available over a remote store" in r.text


def _all_quads(built: Path) -> list[Quad]:
    with open_store((built / "current" / "store").resolve()) as local:
        buf = io.BytesIO()
        local.dump(buf, RdfFormat.N_QUADS)
    return list(parse(buf.getvalue(), format=RdfFormat.N_QUADS))
