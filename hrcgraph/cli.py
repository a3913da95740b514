"""The ``hrcgraph`` command: build, validate, query, dump, serve.

Settings (``hrcgraph.settings``) come from the command line, then a config file (``--config
hrcgraph.toml``), then the environment (``HRCGRAPH_*``), then defaults. Only this module and the app
layer read them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hrcgraph.graph.errors import ConfigError, HrcGraphError
from hrcgraph.graph.formats import OXIGRAPH_GRAPH, OXIGRAPH_RESULTS, TURTLE, format_names, named
from hrcgraph.graph.iris import DEFAULT_BASE
from hrcgraph.graph.namespaces import PREFIXES
from hrcgraph.graph.publish import DataDir
from hrcgraph.graph.sources.registry import importers
from hrcgraph.graph.store import AskResult, GraphResult, QueryResult, SelectResult
from hrcgraph.settings import Settings

EXIT_ERROR = 1
EXIT_USAGE = 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        settings = load_settings(args)
        return int(args.func(args, settings) or 0)
    except HrcGraphError as exc:
        print(f"error [{exc.code}]: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("interrupted; nothing was published", file=sys.stderr)
        return 130


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="hrcgraph", description=__doc__)
    p.add_argument("--config", type=Path, help="a TOML config file: any setting by name (data_dir, base_iri, "
                   "cache_dir, port, max_rows, ..., and one per source: " + ", ".join(i.name for i in importers())
                   + "; see the README)")
    p.add_argument("--data-dir", type=Path, help="where builds are published (env HRCGRAPH_DATA_DIR, default "
                   "$XDG_DATA_HOME/hrcgraph, else ~/.local/share/hrcgraph)")
    sub = p.add_subparsers(title="commands")

    b = sub.add_parser("build", help="import the sources, validate with SHACL, publish the store and dumps")
    _source_args(b)
    b.add_argument("--force", action="store_true", help="rebuild even if no source changed")
    b.add_argument("--store", help="also publish the build into this SPARQL 1.1 server (its query URL; "
                                   "env HRCGRAPH_STORE)")
    b.set_defaults(func=_cmd_build)

    v = sub.add_parser("validate", help="print the SHACL report of the published store (or of the given sources)")
    _source_args(v)
    v.add_argument("--limit", type=int, default=50, help="results to print per shape (default 50)")
    v.set_defaults(func=_cmd_validate)

    q = sub.add_parser("query", help="run a SPARQL query (or a named query) on the published store")
    q.add_argument("sparql", nargs="?", help="the query text (or use --file / --named)")
    q.add_argument("-f", "--file", type=Path, help="read the query from a file ('-' for standard input)")
    q.add_argument("--named", help="run a named query from queries/ (see --list)")
    q.add_argument("--param", action="append", default=[], metavar="K=V", help="a named query's parameter")
    q.add_argument("--list", action="store_true", help="list the named queries")
    q.add_argument("--format", choices=["table", *format_names()], default="table",
                   help="table (the default), a SPARQL results format for SELECT/ASK (json, xml, csv, tsv), an RDF "
                   "format for CONSTRUCT/DESCRIBE (ttl, nt, jsonld, rdfxml, nq, trig; json and xml name JSON-LD "
                   "and RDF/XML there, anything else Turtle)")
    q.set_defaults(func=_cmd_query)

    d = sub.add_parser("dump", help="copy the published dumps (Turtle, N-Triples, N-Quads, JSON-LD) "
                                        "and CSV tables to a folder")
    d.add_argument("out", type=Path, help="the folder to write to")
    d.set_defaults(func=_cmd_dump)

    s = sub.add_parser("serve", help="serve the published store: SPARQL endpoint, pages, dumps")
    s.add_argument("--host", help="default 127.0.0.1 (env HRCGRAPH_HOST)")
    s.add_argument("--port", type=int, help="default 8000 (env HRCGRAPH_PORT)")
    s.add_argument("--store", help="serve the build held by this SPARQL 1.1 server (its query URL; env "
                                   "HRCGRAPH_STORE); the dumps are read from the data directory")
    s.set_defaults(func=_cmd_serve)
    return p


def _source_args(p: argparse.ArgumentParser) -> None:
    for imp in importers():
        p.add_argument(imp.option, dest=imp.name, action="append" if imp.repeatable else "store",
                       metavar="LOCATION", help=f"{imp.help} (config key {imp.name}, env {imp.env})")
        p.add_argument(f"--no-{imp.name}", dest=f"no_{imp.name}", action="store_true",
                       help=f"leave out the {imp.label}, even if the config file or the environment names it")
    p.add_argument("--base", help=f"base IRI of minted resources (default {DEFAULT_BASE}; env HRCGRAPH_BASE_IRI)")


def load_settings(args: argparse.Namespace) -> Settings:
    """The settings: the command line's, then the config file's, the environment's, the defaults."""
    return Settings.load(args.config, _given(args))


def _given(args: argparse.Namespace) -> dict[str, Any]:
    """The settings given on the command line (the ones left out come from the file, environment, defaults)."""
    given: dict[str, Any] = {}
    for option, setting in (("data_dir", "data_dir"), ("base", "base_iri"),
                            ("host", "host"), ("port", "port"), ("store", "store")):
        value = getattr(args, option, None)
        if value is not None:
            given[setting] = value
    for imp in importers():  # each source's setting is named after it
        value = getattr(args, imp.name, None)
        if value is not None:
            given[imp.name] = value
        if getattr(args, f"no_{imp.name}", False):
            given[imp.name] = [] if imp.repeatable else None
    return given


def _build_config(settings: Settings, force: bool = False) -> Any:
    from hrcgraph.graph.build import BuildConfig

    return BuildConfig(data_dir=settings.data_dir, sources=settings.sources(), base_iri=settings.base_iri,
                       cache_dir=settings.cache_dir, force=force)


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _cmd_build(args: argparse.Namespace, settings: Settings) -> int:
    from hrcgraph.graph.build import build, format_summary

    bc = _build_config(settings, force=args.force)
    for imp in importers():
        if imp.name not in bc.sources:
            _log(f"note: no {imp.label} given ({imp.option}): building without them")
    _log(f"building into {bc.data_dir}")
    summary = build(bc, log=_log)
    print(format_summary(summary))
    if settings.store:
        _publish_remote(settings.store, summary.path, _log)
    return 0


def _publish_remote(location: str, build_path: Path, log: Any) -> None:
    """Publish the local build at ``build_path`` into the server at ``location``.

    With ``HRCGRAPH_STORE_ISQL`` (``host:port`` of a Virtuoso's SQL interface, which can read the
    data directory) the build is loaded by Virtuoso's bulk loader and switched in one SQL
    transaction; otherwise by the Graph Store protocol and one SPARQL Update request."""
    from hrcgraph.graph.manifest import BuildManifest
    from hrcgraph.graph.store import RemoteStore, is_url, open_store
    from hrcgraph.graph.store.remote_publish import (
        GraphStoreProtocolLoader,
        Loader,
        SparqlUpdateSwitch,
        Switch,
        VirtuosoBulkLoader,
        VirtuosoSqlSwitch,
        publish_remote,
    )
    from hrcgraph.graph.store.virtuoso import IsqlConnection

    if not is_url(location):
        raise ConfigError(f"--store {location}: give the query URL of a SPARQL 1.1 server (http:// or https://)")
    manifest = BuildManifest.read(build_path)
    store = open_store(location, writable=True)
    assert isinstance(store, RemoteStore)
    with store:
        found = store.manifest()
        if found is not None and found.version == manifest.version:
            log(f"the server at {location} already serves version {str(found.version)[:12]}")
            return
        loader: Loader = GraphStoreProtocolLoader(store)
        switch: Switch = SparqlUpdateSwitch(store)
        isql = os.environ.get("HRCGRAPH_STORE_ISQL")
        if isql:
            host, _, port = isql.rpartition(":")
            connection = IsqlConnection(host or "127.0.0.1", int(port),
                                        os.environ.get("HRCGRAPH_STORE_ISQL_USER", "dba"),
                                        os.environ.get("HRCGRAPH_STORE_ISQL_PASSWORD", "dba"))
            loader = VirtuosoBulkLoader(connection, build_path / "remote-load")
            switch = VirtuosoSqlSwitch(connection)
        log(f"publishing into {location}")
        done = publish_remote(store, build_path, manifest, loader=loader, switch=switch, log=log)
        log(f"the server at {location} now serves version {done.version[:12]} ({done.quads:,} quads)")


def _cmd_validate(args: argparse.Namespace, settings: Settings) -> int:
    from hrcgraph.graph.validation import validate_store

    if settings.sources():
        from hrcgraph.graph.build import validate_sources

        report = validate_sources(_build_config(settings), log=_log)
    else:
        dataset = DataDir(settings.data_dir).require()
        try:
            report = validate_store(dataset.store)
        finally:
            dataset.close()
    print(report.to_text(limit=args.limit))
    return 0 if report.conforms else EXIT_ERROR


def _cmd_query(args: argparse.Namespace, settings: Settings) -> int:

    if args.list:
        from hrcgraph.graph.named_queries import list_named

        for nq in list_named():
            print(f"{nq.name:28} {nq.summary}")
        return 0
    dataset = DataDir(settings.data_dir).require()
    try:
        store = dataset.store
        if args.named:
            from hrcgraph.graph.named_queries import run_named

            params = {}
            for kv in args.param:
                if "=" not in kv:
                    raise ConfigError(f"--param {kv!r}: expected NAME=VALUE")
                k, v = kv.split("=", 1)
                params[k] = v
            result = run_named(store, args.named, params)
        else:
            if args.file:
                text = sys.stdin.read() if str(args.file) == "-" else args.file.read_text(encoding="utf-8")
            elif args.sparql:
                text = args.sparql
            else:
                raise ConfigError("give a query, --file FILE or --named NAME")
            result = store.query(text, prefixes=PREFIXES)
        _print_result(result, args.format)
    finally:
        dataset.close()
    return 0


def _print_result(result: QueryResult, fmt: str) -> None:
    out = sys.stdout.buffer
    results = named(fmt, "results")
    if isinstance(result, GraphResult):
        graph = named(fmt, "graph") or TURTLE
        result.serialize(out, OXIGRAPH_GRAPH[graph.key])
    elif isinstance(result, AskResult):
        if results:
            result.serialize(out, OXIGRAPH_RESULTS[results.key])
        else:
            out.write(b"true\n" if result.value else b"false\n")
    elif results:
        result.serialize(out, OXIGRAPH_RESULTS[results.key])
    else:
        out.write(format_table(result).encode("utf-8"))
    out.flush()


def format_table(solutions: SelectResult, *, max_width: int = 60) -> str:
    """Solutions as an aligned text table (IRIs and literals as their plain values)."""
    names = [v.value for v in solutions.variables]
    rows = []
    for sol in solutions:
        row = []
        for n in names:
            t = sol[n]
            text = "" if t is None else t.value
            row.append(text if len(text) <= max_width else text[: max_width - 1] + "…")
        rows.append(row)
    widths = [max([len(n), *(len(r[i]) for r in rows)]) for i, n in enumerate(names)]
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _cmd_dump(args: argparse.Namespace, settings: Settings) -> int:
    dataset = DataDir(settings.data_dir).require()
    args.out.mkdir(parents=True, exist_ok=True)
    for d in dataset.manifest.files:
        src = dataset.dumps_path / d.name
        tmp = args.out / f".{d.name}.tmp"
        shutil.copyfile(src, tmp)
        os.replace(tmp, args.out / d.name)
        print(f"{d.sha256}  {d.name}  ({d.size:,} bytes, {d.media_type})")
    return 0


def _cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from hrcgraph.api.server import serve

    serve(settings)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
