"""Publishing a build into a remote SPARQL server: load into new graphs, check them, then switch.

A build is first made and published locally as always (store, dumps and manifest in the data
directory; the dumps stay there and are served from there). ``hrcgraph build --store URL`` then
copies it into the server:

1. **Load** the build's N-Quads dump into staging graphs: every graph ``<g>`` goes to
   ``<https://w3id.org/hrcgraph/staging/<version>/<g, percent-encoded>>``, and the manifest graph
   (:mod:`.manifest`) is staged the same way. Readers see nothing of it: the staging graphs are not
   in the published graph list. Two loaders sit behind one interface (:class:`Loader`):

   * :class:`GraphStoreProtocolLoader`: the SPARQL 1.1 Graph Store HTTP Protocol, any server;
   * :class:`VirtuosoBulkLoader`: Virtuoso's bulk loader (``ld_dir`` + ``rdf_loader_run`` through
     ``isql``), far faster, for a Virtuoso that can read the build's folder (``DirsAllowed``).

2. **Check** that every staging graph holds exactly the build's number of triples (a server that
   drops or merges literals it cannot store is caught here, and nothing is switched).

3. **Switch** (:class:`Switch`): the previous build's graphs are dropped, the staging graphs take
   their names and the union graph (:func:`.manifest.union_graph`, what queries read as their
   default graph) is written again from them, in one transaction where the server has them: one
   SPARQL Update request of ``DROP``/``MOVE``/``ADD`` operations (:class:`SparqlUpdateSwitch`), which
   SPARQL 1.1 Update asks servers to run atomically (Fuseki, GraphDB and Stardog do; Virtuoso runs
   the request as one transaction whose log must fit ``TransactionAfterImageLimit``, so raise it
   above twice the size of the build), or, in Virtuoso, one SQL transaction outside the log
   (:class:`VirtuosoSqlSwitch`).

A failed load or check drops the staging graphs and leaves the published build as it was.
"""

from __future__ import annotations

import gzip
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol
from urllib.parse import quote

from pyoxigraph import NamedNode, RdfFormat, Triple, parse, serialize

from hrcgraph.graph.errors import StoreError
from hrcgraph.graph.manifest import BuildManifest
from hrcgraph.graph.store.manifest import manifest_triples, union_graph, union_triple
from hrcgraph.graph.store.remote import (
    LOAD_BATCH,
    RemoteStore,
    check_staged_counts,
    staging_namespace,
    union_updates,
)
from hrcgraph.graph.store.virtuoso import IsqlConnection

NQUADS_DUMP = "hrcgraph.nq.gz"

Log = Callable[[str], None]


def staging_graph(version: str, graph: str) -> str:
    return staging_namespace(version) + quote(graph, safe="")


class Loader(Protocol):
    name: str

    def load(self, nquads_gz: Path, graph_map: Mapping[str, str], extra: Mapping[str, list[Triple]]) -> None:
        """Load the dump's quads with their graphs renamed by ``graph_map``, and the ``extra`` graphs."""


@dataclass(frozen=True)
class UnionGraph:
    """The union graph a switch writes: the triples of ``members`` (final names), each once, in
    ``graph``, which the switch then names in ``manifest_graph``."""

    graph: str
    members: tuple[str, ...]
    manifest_graph: str

    @property
    def triple(self) -> Triple:
        return union_triple(self.graph, self.manifest_graph)


class Switch(Protocol):
    name: str

    def switch(self, renames: Mapping[str, str], drop: list[str], union: UnionGraph) -> None:
        """In one step as far as the server allows: drop ``drop``, rename each staging graph (key)
        to its final name (value), replacing what that name held, and write ``union``."""


@dataclass
class GraphStoreProtocolLoader:
    """Loads with the Graph Store HTTP Protocol: one POST per graph and batch of N-Triples."""

    store: RemoteStore
    name: str = "Graph Store protocol"

    def load(self, nquads_gz: Path, graph_map: Mapping[str, str], extra: Mapping[str, list[Triple]]) -> None:
        pending: dict[str, list[Triple]] = {}
        self.store.update(" ;\n".join(f"DROP SILENT GRAPH {NamedNode(g)}" for g in graph_map.values()))
        with gzip.open(nquads_gz, "rb") as fh:
            for quad in parse(fh, format=RdfFormat.N_QUADS):  # type: ignore[arg-type]
                target = graph_map[quad.graph_name.value]
                batch = pending.setdefault(target, [])
                batch.append(quad.triple)
                if len(batch) >= LOAD_BATCH:
                    self.store.put_graph(target, serialize(batch, format=RdfFormat.N_TRIPLES) or b"")
                    batch.clear()
        for target, batch in pending.items():
            if batch:
                self.store.put_graph(target, serialize(batch, format=RdfFormat.N_TRIPLES) or b"")
        for target, triples in extra.items():
            self.store.put_graph(target, serialize(triples, format=RdfFormat.N_TRIPLES) or b"", replace=True)


@dataclass
class VirtuosoBulkLoader:
    """Loads with Virtuoso's bulk loader from a copy of the dump whose graph names are the staging
    ones, written next to the dump (the folder must be in the server's ``DirsAllowed``)."""

    isql: IsqlConnection
    folder: Path
    name: str = "Virtuoso bulk loader"

    def load(self, nquads_gz: Path, graph_map: Mapping[str, str], extra: Mapping[str, list[Triple]]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        staged = self.folder / "hrcgraph-staging.nq"
        _rewrite_graphs(nquads_gz, staged, graph_map, extra)
        folder = _sql_string(str(self.folder.resolve()))
        file = _sql_string(str(staged.resolve()))
        for target in [*graph_map.values(), *extra]:
            self.isql.run(f"SPARQL CLEAR GRAPH <{target}>;")
        try:
            self.isql.run(
                f"DELETE FROM DB.DBA.LOAD_LIST WHERE LL_FILE = {file};\n"
                f"ld_dir({folder}, 'hrcgraph-staging.nq', 'urn:hrcgraph:unused');\n"
                "rdf_loader_run();\n"
                "checkpoint;\n"
            )
            errors = self.isql.run(f"SELECT LL_ERROR FROM DB.DBA.LOAD_LIST WHERE LL_FILE = {file} "
                                   "AND LL_ERROR IS NOT NULL;")
            if "0 Rows" not in errors and "No. of rows in result: 0" not in errors and errors.strip():
                lines = [line for line in errors.splitlines() if line.strip() and "Rows" not in line]
                if lines:
                    raise StoreError(f"Virtuoso's bulk loader failed on {staged}: {' '.join(lines)[:2000]}")
        finally:
            self.isql.run(f"DELETE FROM DB.DBA.LOAD_LIST WHERE LL_FILE = {file};")
            staged.unlink(missing_ok=True)


@dataclass
class SparqlUpdateSwitch:
    """One SPARQL Update request: ``DROP`` the old graphs, ``MOVE`` each staging graph to its name."""

    store: RemoteStore
    name: str = "SPARQL Update MOVE"

    def switch(self, renames: Mapping[str, str], drop: list[str], union: UnionGraph) -> None:
        ops = [f"DROP SILENT GRAPH {NamedNode(g)}" for g in drop]
        ops += [f"MOVE SILENT GRAPH {NamedNode(src)} TO GRAPH {NamedNode(dst)}" for src, dst in renames.items()]
        ops += union_updates(union.graph, union.members)
        t, m = union.triple, NamedNode(union.manifest_graph)
        ops.append(f"INSERT DATA {{ GRAPH {m} {{ {t.subject} {t.predicate} {t.object} }} }}")
        self.store.update(" ;\n".join(ops))


@dataclass
class VirtuosoSqlSwitch:
    """One SQL transaction in Virtuoso: delete the old graphs' quads, rename the staging graphs (an
    UPDATE of the graph column of ``DB.DBA.RDF_QUAD``) and copy their distinct triples into the union
    graph (``INSERT SOFT`` skips a triple already there); readers see the old build until the commit.

    The transaction is not written to Virtuoso's transaction log (``log_enable(0, 1)``: still one
    transaction, without the log's size limit); a checkpoint right after makes it durable."""

    isql: IsqlConnection
    name: str = "Virtuoso SQL transaction"

    def switch(self, renames: Mapping[str, str], drop: list[str], union: UnionGraph) -> None:
        body = [f"  DELETE FROM DB.DBA.RDF_QUAD WHERE G = iri_to_id({_sql_string(g)}, 0);"
                for g in sorted(set(drop) | set(renames.values()) | {union.graph})]
        body += [f"  UPDATE DB.DBA.RDF_QUAD TABLE OPTION (index RDF_QUAD_GS) SET G = iri_to_id({_sql_string(dst)}) "
                 f"WHERE G = iri_to_id({_sql_string(src)}, 0);" for src, dst in renames.items()]
        u, m = _sql_string(union.graph), _sql_string(union.manifest_graph)
        if union.members:
            graphs = ", ".join(f"iri_to_id({_sql_string(g)}, 0)" for g in union.members)
            body.append(f"  INSERT SOFT DB.DBA.RDF_QUAD (G, S, P, O) SELECT DISTINCT iri_to_id({u}), "
                        f"S, P, O FROM DB.DBA.RDF_QUAD WHERE G IN ({graphs});")
        body.append(f"  INSERT SOFT DB.DBA.RDF_QUAD (G, S, P, O) VALUES (iri_to_id({m}), iri_to_id({m}), "
                    f"iri_to_id({_sql_string(union.triple.predicate.value)}), iri_to_id({u}));")
        # A procedure call is one statement, hence one transaction: all of it commits, or none.
        self.isql.run(
            "CREATE PROCEDURE DB.DBA.HRCGRAPH_SWITCH () {\n"
            "  log_enable(0, 1);\n" + "\n".join(body) + "\n}\n;\n"
            "DB.DBA.HRCGRAPH_SWITCH ();\n"
            "checkpoint;\n"
        )


@dataclass
class RemotePublication:
    version: str
    loader: str
    switch: str
    quads: int
    timings: dict[str, float] = field(default_factory=dict)


def publish_remote(store: RemoteStore, build_path: Path, manifest: BuildManifest, *,
                   loader: Loader | None = None, switch: Switch | None = None,
                   log: Log = print) -> RemotePublication:
    """Copy a published local build (its folder and manifest) into the server behind ``store``."""
    loader = loader or GraphStoreProtocolLoader(store)
    switch = switch or SparqlUpdateSwitch(store)
    version = manifest.version
    expected: dict[str, int] = dict(manifest.graphs)
    dump = build_path / "dumps" / NQUADS_DUMP
    if not dump.is_file():
        raise StoreError(f"the build at {build_path} has no {NQUADS_DUMP} to load")
    graph_map = {g: staging_graph(version, g) for g in expected}
    staged_manifest = staging_graph(version, store.manifest_graph)
    # the union graph is named in the manifest graph by the switch, once written (see .manifest)
    extra = {staged_manifest: manifest_triples(manifest, list(expected), manifest_graph=store.manifest_graph)}
    previous = store.manifest()
    timings: dict[str, float] = {}
    with _timed(timings, "load", log, f"load into staging graphs ({loader.name})"):
        try:
            loader.load(dump, graph_map, extra)
            check_staged_counts(store, graph_map, expected)
        except BaseException:
            _drop_quietly(store, [*graph_map.values(), staged_manifest])
            raise
    renames = {**{staged: g for g, staged in graph_map.items()}, staged_manifest: store.manifest_graph}
    drop = sorted(set(previous.graphs) - set(expected)) if previous else []
    if previous and previous.union:
        drop.append(previous.union)
    union = UnionGraph(union_graph(version, store.manifest_graph), tuple(sorted(expected)), store.manifest_graph)
    with _timed(timings, "switch", log, f"switch to the new graphs ({switch.name})"):
        switch.switch(renames, drop, union)
    store.refresh()
    found = store.manifest()
    if found is None or found.version != version:
        raise StoreError(f"after the switch the server at {store.endpoint} does not show version {version}")
    return RemotePublication(version, loader.name, switch.name, sum(expected.values()), timings)


def _drop_quietly(store: RemoteStore, graphs: list[str]) -> None:
    with suppress(StoreError):
        store.update(" ;\n".join(f"DROP SILENT GRAPH {NamedNode(g)}" for g in graphs))


def _rewrite_graphs(src: Path, dst: Path, graph_map: Mapping[str, str], extra: Mapping[str, list[Triple]]) -> None:
    """Copy N-Quads (uncompressed, for the loader), putting each line's graph to its new name.

    Every line of our dumps ends with `` <graph> .``; only the last term of a line is followed by
    `` .``, so replacing ``<graph> .\n`` renames graphs and nothing else. Every line must be renamed."""
    with gzip.open(src, "rb") as fh:
        data = fh.read()
    lines = data.count(b"\n")
    renamed = 0
    for graph, staged in graph_map.items():
        old, new = f" <{graph}> .\n".encode(), f" <{staged}> .\n".encode()
        renamed += data.count(old)
        data = data.replace(old, new)
    if renamed != lines:
        raise StoreError(f"{src}: {lines - renamed} of {lines} quads are outside the build's graphs")
    with dst.open("wb") as out:
        out.write(data)
        for graph, triples in extra.items():
            for t in triples:
                out.write(f"{t.subject} {t.predicate} {t.object} <{graph}> .\n".encode())


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


@contextmanager
def _timed(timings: dict[str, float], key: str, log: Log, what: str) -> Iterator[None]:
    log(f"  {what} ...")
    start = time.perf_counter()
    yield
    timings[key] = time.perf_counter() - start
    log(f"  {what}: {timings[key]:.2f} s")
