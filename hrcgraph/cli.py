"""The ``hrcgraph`` command: build, validate, query, dump, serve.

Settings come from the command line, then a config file (``--config hrcgraph.toml``), then the
environment (``HRCGRAPH_*``), then defaults. Only this module and the app layer read them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions, QueryTriples, RdfFormat

from hrcgraph.graph.errors import ConfigError, HrcGraphError, StoreError
from hrcgraph.graph.iris import DEFAULT_BASE
from hrcgraph.graph.namespaces import PREFIXES
from hrcgraph.graph.publish import DataDir
from hrcgraph.graph.sources.registry import importers

EXIT_ERROR = 1
EXIT_USAGE = 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        config = _config(args)
        return int(args.func(args, config) or 0)
    except HrcGraphError as exc:
        print(f"error [{exc.code}]: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("interrupted; nothing was published", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="hrcgraph", description=__doc__)
    p.add_argument("--config", type=Path, help="a TOML config file (keys: data_dir, base_iri, cache_dir and one "
                   "per source: ohchr, seeds)")
    p.add_argument("--data-dir", type=Path, help="where builds are published (env HRCGRAPH_DATA_DIR, default ./var)")
    sub = p.add_subparsers(title="commands")

    b = sub.add_parser("build", help="import the sources, validate with SHACL, publish the store and dumps")
    _source_args(b)
    b.add_argument("--force", action="store_true", help="rebuild even if no source changed")
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
    q.add_argument("--format", choices=["table", "csv", "tsv", "json", "xml", "ttl", "nt", "jsonld"],
                   default="table")
    q.set_defaults(func=_cmd_query)

    d = sub.add_parser("dump", help="copy the published dumps (Turtle, N-Triples, N-Quads, JSON-LD) to a folder")
    d.add_argument("out", type=Path, help="the folder to write to")
    d.set_defaults(func=_cmd_dump)

    s = sub.add_parser("serve", help="serve the published store: SPARQL endpoint, pages, dumps")
    s.add_argument("--host", help="default 127.0.0.1 (env HRCGRAPH_HOST)")
    s.add_argument("--port", type=int, help="default 8000 (env HRCGRAPH_PORT)")
    s.set_defaults(func=_cmd_serve)
    return p


def _source_args(p: argparse.ArgumentParser) -> None:
    for imp in importers():
        p.add_argument(imp.option, dest=f"source_{imp.name}", action="append" if imp.repeatable else "store",
                       metavar="LOCATION", help=f"{imp.help} (config key {imp.name}, env {imp.env})")
        p.add_argument(f"--no-{imp.name}", dest=f"no_source_{imp.name}", action="store_true",
                       help=f"leave out the {imp.label}, even if the config file or the environment names it")
    p.add_argument("--base", help=f"base IRI of minted resources (default {DEFAULT_BASE}; env HRCGRAPH_BASE_IRI)")


def _config(args: argparse.Namespace) -> dict[str, Any]:
    """Merge command line > config file > environment > defaults."""
    file_cfg: dict[str, Any] = {}
    if args.config:
        try:
            file_cfg = tomllib.loads(args.config.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{args.config}: {exc}") from exc
        unknown = set(file_cfg) - {"data_dir", "base_iri", "cache_dir", *(imp.name for imp in importers())}
        if unknown:
            raise ConfigError(f"{args.config}: unknown keys {sorted(unknown)}")
    env = os.environ
    base_dir = args.config.parent if args.config else Path.cwd()

    def path_of(value: str) -> Path:
        return (base_dir / value) if not Path(value).is_absolute() else Path(value)

    def location_of(value: str) -> str:
        return value if value.startswith(("http://", "https://")) or value == "download" else str(path_of(value))

    sources: dict[str, list[str]] = {}
    for imp in importers():
        given = getattr(args, f"source_{imp.name}", None)
        if isinstance(given, str):
            locations = [given]
        elif given:
            locations = [str(g) for g in given]
        elif imp.name in file_cfg:
            value = file_cfg[imp.name]
            locations = [location_of(str(v)) for v in (value if isinstance(value, list) else [value])]
        elif env.get(imp.env):
            raw = env[imp.env]
            locations = [s for s in raw.split(os.pathsep) if s] if imp.repeatable else [raw]
        else:
            locations = []
        if locations and not getattr(args, f"no_source_{imp.name}", False):
            sources[imp.name] = locations
    data_dir = args.data_dir or (path_of(file_cfg["data_dir"]) if "data_dir" in file_cfg else None) \
        or Path(env.get("HRCGRAPH_DATA_DIR", "var"))
    return {
        "data_dir": data_dir,
        "sources": sources,
        "base_iri": getattr(args, "base", None) or file_cfg.get("base_iri") or env.get("HRCGRAPH_BASE_IRI")
        or DEFAULT_BASE,
        "cache_dir": path_of(file_cfg["cache_dir"]) if "cache_dir" in file_cfg else None,
    }


def _build_config(config: dict[str, Any], force: bool = False) -> Any:
    from hrcgraph.graph.build import BuildConfig

    return BuildConfig(data_dir=config["data_dir"], sources=config["sources"], base_iri=config["base_iri"],
                       cache_dir=config["cache_dir"], force=force)


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _cmd_build(args: argparse.Namespace, config: dict[str, Any]) -> int:
    from hrcgraph.graph.build import build, format_summary

    bc = _build_config(config, force=args.force)
    for imp in importers():
        if imp.name not in bc.sources:
            _log(f"note: no {imp.label} given ({imp.option}): building without them")
    _log(f"building into {bc.data_dir}")
    summary = build(bc, log=_log)
    print(format_summary(summary))
    return 0


def _cmd_validate(args: argparse.Namespace, config: dict[str, Any]) -> int:
    from hrcgraph.graph.store.embedded import EmbeddedStore
    from hrcgraph.graph.validation import validate_store

    if config["sources"]:
        from hrcgraph.graph.build import validate_sources

        report = validate_sources(_build_config(config), log=_log)
    else:
        current = _current(config)
        store = EmbeddedStore.open(current.store_path)
        report = validate_store(store.raw)
    print(report.to_text(limit=args.limit))
    return 0 if report.conforms else EXIT_ERROR


def _current(config: dict[str, Any]) -> Any:
    current = DataDir(config["data_dir"]).current()
    if current is None:
        raise StoreError(f"nothing is published in {config['data_dir']}: run 'hrcgraph build' first")
    return current


def _cmd_query(args: argparse.Namespace, config: dict[str, Any]) -> int:
    from hrcgraph.graph.store.embedded import EmbeddedStore

    if args.list:
        from hrcgraph.graph.named_queries import list_named

        for nq in list_named():
            print(f"{nq.name:28} {nq.summary}")
        return 0
    store = EmbeddedStore.open(_current(config).store_path)
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
    return 0


_RESULT_FORMATS = {"csv": QueryResultsFormat.CSV, "tsv": QueryResultsFormat.TSV, "json": QueryResultsFormat.JSON,
                   "xml": QueryResultsFormat.XML}
_RDF_FORMATS = {"ttl": RdfFormat.TURTLE, "nt": RdfFormat.N_TRIPLES, "jsonld": RdfFormat.JSON_LD,
                "table": RdfFormat.TURTLE}


def _print_result(result: Any, fmt: str) -> None:
    out = sys.stdout.buffer
    if isinstance(result, QueryTriples):
        out.write(result.serialize(format=_RDF_FORMATS.get(fmt, RdfFormat.TURTLE)) or b"")
    elif isinstance(result, QueryBoolean):
        if fmt in _RESULT_FORMATS:
            out.write(result.serialize(format=_RESULT_FORMATS[fmt]) or b"")
        else:
            out.write(b"true\n" if bool(result) else b"false\n")
    elif isinstance(result, QuerySolutions):
        if fmt in _RESULT_FORMATS:
            out.write(result.serialize(format=_RESULT_FORMATS[fmt]) or b"")
        else:
            out.write(format_table(result).encode("utf-8"))
    out.flush()


def format_table(solutions: QuerySolutions, *, max_width: int = 60) -> str:
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


def _cmd_dump(args: argparse.Namespace, config: dict[str, Any]) -> int:
    current = _current(config)
    args.out.mkdir(parents=True, exist_ok=True)
    for d in current.manifest.dumps:
        src = current.dumps_path / d.name
        tmp = args.out / f".{d.name}.tmp"
        shutil.copyfile(src, tmp)
        os.replace(tmp, args.out / d.name)
        print(f"{d.sha256}  {d.name}  ({d.size:,} bytes, {d.media_type})")
    return 0


def _cmd_serve(args: argparse.Namespace, config: dict[str, Any]) -> int:
    from hrcgraph.api.server import serve
    from hrcgraph.api.settings import Settings

    overrides: dict[str, Any] = {"data_dir": config["data_dir"], "base_iri": config["base_iri"]}
    if args.host:
        overrides["host"] = args.host
    if args.port:
        overrides["port"] = args.port
    serve(Settings(**overrides))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
