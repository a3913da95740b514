"""Publishing a build into a SPARQL server (Virtuoso): staging graphs, a count check, one switch."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from hrcgraph.cli import main
from hrcgraph.graph.errors import StoreError
from hrcgraph.graph.manifest import BuildManifest
from hrcgraph.graph.store import EmbeddedStore, RemoteStore, open_store
from hrcgraph.graph.store.manifest import union_graph
from hrcgraph.graph.store.remote import STAGING
from hrcgraph.graph.store.remote_publish import VirtuosoBulkLoader, VirtuosoSqlSwitch, publish_remote
from hrcgraph.graph.store.virtuoso import LocalVirtuoso

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
#: Each test module publishes into a dataset of its own on the shared server.
DATASET = "http://example.org/publish-tests"


@pytest.fixture(scope="module")
def small_build(tmp_path_factory: pytest.TempPathFactory, seed_dir: Path, virtuoso: LocalVirtuoso) -> Path:
    """The fixture OHCHR records and the seed record, built and published locally, then into Virtuoso
    by ``hrcgraph build --store`` (the Graph Store protocol and one SPARQL Update switch)."""
    data_dir = tmp_path_factory.mktemp("remote-build") / "var"
    assert main(["--data-dir", str(data_dir), "build", "--ohchr", str(FIXTURES / "ohchr"),
                 "--seeds", str(seed_dir), "--store", virtuoso.sparql_url]) == 0
    return (data_dir / "current").resolve()


def _manifest(build: Path) -> BuildManifest:
    return BuildManifest.read(build)


def _per_graph(store: Any) -> list[tuple[str, int]]:
    return [(row["g"].value, int(row["n"].value)) for row in store.select(PER_GRAPH)]


def test_build_store_publishes_every_graph_with_its_version(small_build: Path, virtuoso: LocalVirtuoso) -> None:
    manifest = _manifest(small_build)
    with open_store(virtuoso.sparql_url) as remote, EmbeddedStore.open(small_build / "store") as local:
        assert isinstance(remote, RemoteStore)
        found = remote.manifest()
        assert found is not None and found.version == manifest.version
        assert found.manifest is not None and found.manifest.dumps == manifest.dumps
        assert sorted(found.graphs) == sorted(manifest.graphs)
        assert _per_graph(remote) == _per_graph(local)
        assert len(remote) == len(local) == manifest.triples
        assert not remote.ask(f"ASK {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), '{STAGING}')) }}",
                              named_graphs=[])  # nothing left in staging graphs (checked below too)
        _assert_union_of_the_graphs(remote)  # written by the SPARQL Update switch


def test_the_bulk_loader_and_the_sql_switch_replace_a_published_build(
        small_build: Path, virtuoso: LocalVirtuoso) -> None:
    manifest = replace(_manifest(small_build), version="second-" + _manifest(small_build).version)
    with RemoteStore(virtuoso.sparql_url, writable=True, manifest_graph=DATASET) as store:
        done = publish_remote(store, small_build, manifest,
                              loader=VirtuosoBulkLoader(virtuoso.isql, small_build / "remote-load"),
                              switch=VirtuosoSqlSwitch(virtuoso.isql), log=lambda _msg: None)
        assert done.quads == manifest.triples
        found = store.manifest()
        assert found is not None and found.version == manifest.version
        assert len(store) == manifest.triples
        staged = store.select(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "
                              f"'{STAGING}')) }}", default_graph=[], named_graphs=None)
        assert list(staged) == []


def test_a_load_that_does_not_add_up_changes_nothing(small_build: Path, virtuoso: LocalVirtuoso) -> None:
    good = _manifest(small_build)
    with RemoteStore(virtuoso.sparql_url, writable=True) as store:
        before = store.manifest()
        assert before is not None and before.version == good.version
        graphs = dict(good.graphs)
        graphs[next(iter(graphs))] += 1  # one triple the server will not have
        with pytest.raises(StoreError, match="did not keep every triple"):
            publish_remote(store, small_build, replace(good, version="bad", graphs=graphs), log=lambda _m: None)
        store.refresh()
        after = store.manifest()
        assert after is not None and after.version == good.version
        assert len(store) == good.triples


def test_publishing_the_same_version_again_is_skipped(small_build: Path, virtuoso: LocalVirtuoso, seed_dir: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    data_dir = small_build.parents[1]
    assert main(["--data-dir", str(data_dir), "build", "--ohchr", str(FIXTURES / "ohchr"),
                 "--seeds", str(seed_dir), "--store", virtuoso.sparql_url]) == 0
    assert "already serves version" in capsys.readouterr().err


def _assert_union_of_the_graphs(store: RemoteStore) -> None:
    """The published union graph holds each triple of the dataset's graphs once, and nothing else,
    and it is what queries read as their default graph."""
    found = store.manifest()
    assert found is not None and found.version is not None
    assert found.union == union_graph(found.version, store.manifest_graph)
    store.refresh()
    assert store.default_graphs() == [found.union]
    graphs = list(found.graphs)
    def count(query: str, default: list[str] | None, named: list[str] | None) -> int:
        (row,) = list(store.select(query, default_graph=default, named_graphs=named))
        return int(row["n"].value)

    distinct = count("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }",
                     [], graphs)
    in_union = count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", [found.union], [])
    assert in_union == distinct > 0
    assert not store.ask("ASK { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }",
                         default_graph=[found.union], named_graphs=graphs)
    assert count("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", None, None) == in_union  # as every query sees it


def test_the_sql_switch_writes_the_union_graph_again_from_the_graphs(small_build: Path,
                                                                    virtuoso: LocalVirtuoso) -> None:
    manifest = replace(_manifest(small_build), version="union-" + _manifest(small_build).version)
    dataset = DATASET + "/union-test"
    stray = "<http://example.org/stray> <http://example.org/p> <http://example.org/o>"
    previous: str | None = None
    with RemoteStore(virtuoso.sparql_url, writable=True, manifest_graph=dataset) as store:
        for version in ("first-", "second-"):
            publish_remote(store, small_build, replace(manifest, version=version + manifest.version),
                           loader=VirtuosoBulkLoader(virtuoso.isql, small_build / "remote-load"),
                           switch=VirtuosoSqlSwitch(virtuoso.isql), log=lambda _msg: None)
            _assert_union_of_the_graphs(store)
            assert not store.ask(f"ASK {{ {stray} }}")
            if previous is not None:  # the previous publication's union graph is gone
                assert not store.ask("ASK { GRAPH ?g { ?s ?p ?o } }", default_graph=[], named_graphs=[previous])
            # a triple put into the union graph by hand: the next publication writes another one
            previous = store.default_graphs()[0]
            store.update(f"INSERT DATA {{ GRAPH <{previous}> {{ {stray} }} }}")
            assert store.ask(f"ASK {{ {stray} }}")
