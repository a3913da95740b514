"""The server's settings: one object, read from the environment (prefix ``HRCGRAPH_``) by the app layer only.

=====================  ==================================  ===========================================
setting                environment variable                meaning
=====================  ==================================  ===========================================
data_dir               HRCGRAPH_DATA_DIR                   where builds are published (``current`` link)
host, port             HRCGRAPH_HOST, HRCGRAPH_PORT        where ``hrcgraph serve`` listens
base_iri               HRCGRAPH_BASE_IRI                   the public base of the dataset's IRIs
public_url             HRCGRAPH_PUBLIC_URL                 the server's public address, for the service
                                                           description (default: taken from each request)
query_timeout_s        HRCGRAPH_QUERY_TIMEOUT_S            a query still running then is stopped (its
                                                           worker process is killed)
max_rows               HRCGRAPH_MAX_ROWS                   results beyond this many rows (or triples) are
                                                           cut off and marked as truncated
max_request_bytes      HRCGRAPH_MAX_REQUEST_BYTES          larger request bodies get 413
update_token           HRCGRAPH_UPDATE_TOKEN               bearer token for POST /sparql/update; unset:
                                                           updates are off
cors_origins           HRCGRAPH_CORS_ORIGINS               comma-separated origins, or ``*``
query_workers          HRCGRAPH_QUERY_WORKERS              worker processes running queries (8: more than
                                                           cores, so light queries are not queued)
cache_entries          HRCGRAPH_CACHE_ENTRIES              results kept in the in-process cache
cache_bytes            HRCGRAPH_CACHE_BYTES                the cache's size bound (0 turns it off)
allow_service          HRCGRAPH_ALLOW_SERVICE              accept SERVICE (federated queries that make the
                                                           server call other endpoints); off by default
access_log             HRCGRAPH_ACCESS_LOG                 log every request (uvicorn's access log); off
client_max_queries     HRCGRAPH_CLIENT_MAX_QUERIES         queries one client may run at once; more get
                                                           429 with Retry-After (0: no cap)
client_header          HRCGRAPH_CLIENT_HEADER              a header set by a trusted proxy that names the
                                                           client (e.g. X-Forwarded-For); unset: the
                                                           connection's address
worker_wait_s          HRCGRAPH_WORKER_WAIT_S              how long a query waits for a free worker before
                                                           503 with Retry-After (no unbounded queue)
=====================  ==================================  ===========================================
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from hrcgraph.graph.errors import ConfigError
from hrcgraph.graph.iris import DEFAULT_BASE, check_base


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HRCGRAPH_", extra="ignore")

    data_dir: Path = Path("./var")
    host: str = "127.0.0.1"
    port: Annotated[int, Field(ge=0, le=65535)] = 8000
    base_iri: str = DEFAULT_BASE
    public_url: str | None = None
    query_timeout_s: Annotated[float, Field(gt=0)] = 30.0
    max_rows: Annotated[int, Field(ge=1)] = 100_000
    max_request_bytes: Annotated[int, Field(ge=1024)] = 1_000_000
    update_token: str | None = None
    cors_origins: str = "*"
    # More workers than cores: the OS shares the CPU between a light query and running aggregates
    # instead of queueing it behind them (measured on the full build, 2 cores: with 2 workers a light
    # lookup waited 1.9 s median behind 4 aggregates, with 8 it took 6.4 ms). Each worker costs
    # about 40 MB on a small store (bench/soak.py gives the server's peak); the per-client cap keeps
    # one client from holding them all.
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

    @field_validator("update_token")
    @classmethod
    def _empty_token_is_none(cls, value: str | None) -> str | None:
        return value or None

    @property
    def cors_origin_list(self) -> list[str]:
        return [o.strip() for o in self.cors_origins.split(",") if o.strip()]
