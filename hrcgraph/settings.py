"""hrcgraph's settings: one object for the command line and the server.

Each setting is read from, in this order of precedence: the command line, a TOML config file
(``hrcgraph --config hrcgraph.toml ...``), the environment (``HRCGRAPH_<NAME>``), the default.
Only the application layers (``hrcgraph.cli``, ``hrcgraph.api.app``) make a ``Settings``; library
functions take the values they need as arguments, and never read the environment themselves.

======================  ==============================  ==================================================
setting                 environment variable            meaning
======================  ==============================  ==================================================
data_dir                HRCGRAPH_DATA_DIR               where builds are published (the ``current`` link);
                                                        default ``$XDG_DATA_HOME/hrcgraph``, else
                                                        ``~/.local/share/hrcgraph``
seeds                   HRCGRAPH_SEEDS                  folders of seed-format records (``:``-separated)
ohchr                   HRCGRAPH_OHCHR                  the OHCHR voting collection: a folder, a base URL
                                                        or ``download`` (the pinned public copy)
texts                   HRCGRAPH_TEXTS                  the paragraph-split texts: a folder of
                                                        docs-<year>.json, a base URL or ``download``
base_iri                HRCGRAPH_BASE_IRI               the public base of the dataset's IRIs
cache_dir               HRCGRAPH_CACHE_DIR              the download cache (default ``<data_dir>/cache``)
store                   HRCGRAPH_STORE                  the query URL of a SPARQL 1.1 server: ``build``
                                                        publishes into it, ``serve`` answers from it
host, port              HRCGRAPH_HOST, HRCGRAPH_PORT    where ``hrcgraph serve`` listens
public_url              HRCGRAPH_PUBLIC_URL             the server's public address, for the service
                                                        description (default: taken from each request)
query_timeout_s         HRCGRAPH_QUERY_TIMEOUT_S        a query still running then is stopped (its worker
                                                        process is killed)
max_rows                HRCGRAPH_MAX_ROWS               results beyond this many rows (or triples) are cut
                                                        off and marked as truncated
max_request_bytes       HRCGRAPH_MAX_REQUEST_BYTES      larger request bodies get 413
update_token            HRCGRAPH_UPDATE_TOKEN           bearer token for POST /sparql/update; unset:
                                                        updates are off
cors_origins            HRCGRAPH_CORS_ORIGINS           comma-separated origins, or ``*``
query_workers           HRCGRAPH_QUERY_WORKERS          worker processes running queries (8: more than
                                                        cores, so light queries are not queued)
cache_entries           HRCGRAPH_CACHE_ENTRIES          results kept in the in-process cache
cache_bytes             HRCGRAPH_CACHE_BYTES            the cache's size bound (0 turns it off)
allow_service           HRCGRAPH_ALLOW_SERVICE          accept SERVICE (federated queries); off by default
access_log              HRCGRAPH_ACCESS_LOG             log every request (uvicorn's access log); off
client_max_queries      HRCGRAPH_CLIENT_MAX_QUERIES     queries one client may run at once; more get 429
                                                        with Retry-After (0: no cap)
client_header           HRCGRAPH_CLIENT_HEADER          a header set by a trusted proxy that names the
                                                        client (e.g. X-Forwarded-For); unset: the
                                                        connection's address
worker_wait_s           HRCGRAPH_WORKER_WAIT_S          how long a query waits for a free worker before
                                                        503 with Retry-After (no unbounded queue)
======================  ==============================  ==================================================

A new setting is one field here (the environment variable and the config-file key follow from its
name) and one row in the README's configuration table. Each source of the importer registry
(``graph/sources/registry.py``) has the setting of its name (``seeds``, ``ohchr``, ``texts``): its command-line
option is made from the registry, and :meth:`Settings.sources` maps the settings back to the registry.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from hrcgraph.graph.errors import ConfigError
from hrcgraph.graph.iris import DEFAULT_BASE, check_base

#: Settings holding paths: in a config file, a relative path is relative to the file.
_PATH_KEYS = frozenset({"data_dir", "seeds", "cache_dir"})
#: Settings holding a folder, a URL or ``download``: a folder is relative to the file too.
_LOCATION_KEYS = frozenset({"ohchr", "texts"})
_NOT_A_PATH = ("http://", "https://", "download")


def default_data_dir() -> Path:
    """The per-user data directory: ``$XDG_DATA_HOME/hrcgraph``, else ``~/.local/share/hrcgraph``."""
    xdg = os.environ.get("XDG_DATA_HOME", "")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    return base / "hrcgraph"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HRCGRAPH_", extra="forbid")

    # --- the build
    data_dir: Path = Field(default_factory=default_data_dir)
    seeds: Annotated[list[Path], NoDecode] = Field(default_factory=list)
    ohchr: str | None = None
    texts: str | None = None
    base_iri: str = DEFAULT_BASE
    cache_dir: Path | None = None
    store: str | None = None
    """The query URL of a SPARQL 1.1 server that holds the published build: ``build`` publishes into it,
    ``serve`` answers from it. Unset: the embedded store in the data directory."""
    # --- the server
    host: str = "127.0.0.1"
    port: Annotated[int, Field(ge=0, le=65535)] = 8000
    public_url: str | None = None
    query_timeout_s: Annotated[float, Field(gt=0)] = 30.0
    max_rows: Annotated[int, Field(ge=1)] = 100_000
    max_request_bytes: Annotated[int, Field(ge=1024)] = 1_000_000
    update_token: str | None = None
    cors_origins: str = "*"
    # More workers than cores: the OS shares the CPU between a light query and running aggregates
    # instead of queueing it behind them; the per-client cap keeps one client from holding them all.
    query_workers: Annotated[int, Field(ge=1, le=64)] = 8
    cache_entries: Annotated[int, Field(ge=0)] = 256
    cache_bytes: Annotated[int, Field(ge=0)] = 64_000_000
    allow_service: bool = False
    access_log: bool = False
    client_max_queries: Annotated[int, Field(ge=0)] = 4
    client_header: str | None = None
    worker_wait_s: Annotated[float, Field(gt=0)] = 5.0

    @field_validator("base_iri")
    @classmethod
    def _check_base(cls, value: str) -> str:
        try:
            return check_base(value)
        except ConfigError as exc:
            raise ValueError(str(exc)) from exc

    @field_validator("seeds", mode="before")
    @classmethod
    def _split_seeds(cls, value: Any) -> Any:
        if isinstance(value, str):  # the environment: folders separated like PATH
            return [s for s in value.split(os.pathsep) if s]
        return value

    @field_validator("ohchr", "texts", "store", "public_url", "update_token", "cache_dir", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: Any) -> Any:
        return value or None

    def sources(self) -> dict[str, list[str | Path]]:
        """The locations of the sources to import, by importer name (what ``BuildConfig.sources`` takes)."""
        from hrcgraph.graph.sources.registry import importers

        found: dict[str, list[str | Path]] = {}
        for imp in importers():
            if imp.name not in type(self).model_fields:
                raise ConfigError(f"the source {imp.name!r} has no setting: add a field {imp.name} to Settings")
            value = getattr(self, imp.name)
            locations = list(value) if isinstance(value, list) else [value] if value else []
            if locations:
                found[imp.name] = locations
        return found

    @property
    def cors_origin_list(self) -> list[str]:
        return [o.strip() for o in self.cors_origins.split(",") if o.strip()]

    @classmethod
    def load(cls, config_file: Path | None = None, given: Mapping[str, Any] | None = None) -> Settings:
        """The settings from ``given`` (the command line) > ``config_file`` > the environment > defaults.

        ``given`` holds only what was given (an explicit ``None`` unsets a setting). Mistakes raise
        ConfigError naming the setting, and the file when it comes from one.
        """
        from_file = read_config_file(config_file) if config_file else {}
        try:
            return cls(**{**from_file, **(given or {})})
        except ValidationError as exc:
            where = f" (command line, {config_file} or environment)" if config_file else ""
            problems = "; ".join(
                f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
            )
            raise ConfigError(f"invalid settings{where}: {problems}") from None


def read_config_file(path: Path) -> dict[str, Any]:
    """A TOML config file's settings; relative paths in it are made relative to the file."""
    try:
        values = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    unknown = set(values) - set(Settings.model_fields)
    if unknown:
        raise ConfigError(f"{path}: unknown keys {sorted(unknown)}; known: {', '.join(Settings.model_fields)}")

    def resolve(value: object) -> object:
        if isinstance(value, str) and not Path(value).is_absolute():
            return path.parent / value
        return value

    for key in _PATH_KEYS & set(values):
        value = values[key]
        values[key] = [resolve(v) for v in value] if isinstance(value, list) else resolve(value)
    for key in _LOCATION_KEYS & set(values):
        location = values[key]
        if isinstance(location, str) and location and not location.startswith(_NOT_A_PATH):
            values[key] = str(resolve(location))
    return values
