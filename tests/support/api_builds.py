"""Helpers for the API tests: small published builds in the shape of the real graph, and a live server."""

from __future__ import annotations

import socket
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
import uvicorn
from pyoxigraph import Literal, NamedNode, Quad

from hrcgraph.api.app import create_app
from hrcgraph.graph.manifest import BuildManifest
from hrcgraph.graph.namespaces import HRC, PREFIXES
from hrcgraph.graph.publish import DataDir
from hrcgraph.graph.published import PublishedDataset
from hrcgraph.graph.store import open_store
from hrcgraph.graph.terms import RDF_TYPE
from hrcgraph.settings import Settings

BASE = "https://w3id.org/hrcgraph/"
OHCHR_GRAPH = BASE + "graph/ohchr"
COUNTRIES_GRAPH = BASE + "graph/countries"
STATES = ["FRA", "USA", "MLI", "CHN", "BRA", "IND", "ZAF", "DEU", "JPN", "MEX"]
OPTIONS = [HRC.VoteYes, HRC.VoteNo, HRC.VoteAbstain]


def _n(iri: object) -> NamedNode:
    return NamedNode(str(iri))


def sample_quads(texts: int = 30, *, marker: str = "v1") -> list[Quad]:
    """A small graph in the shape of the real one: states, resolutions, recorded votes.

    ``marker`` goes into a literal of the first text, so two builds can be told apart by a query.
    """
    ohchr, countries = NamedNode(OHCHR_GRAPH), NamedNode(COUNTRIES_GRAPH)
    skos = PREFIXES["skos"]
    dct = PREFIXES["dct"]
    quads: list[Quad] = []
    for code in STATES:
        state = NamedNode(f"{BASE}id/state/{code}")
        quads += [
            Quad(state, RDF_TYPE, _n(HRC.State), countries),
            Quad(state, NamedNode(skos + "notation"), Literal(code), countries),
            Quad(state, NamedNode(skos + "prefLabel"), Literal(f"State {code}", language="en"), countries),
        ]
    for i in range(1, texts + 1):
        symbol = f"A/HRC/RES/55/{i}"
        text = NamedNode(f"{BASE}id/text/{symbol}")
        event = NamedNode(f"{text.value}#vote")
        title = f"Resolution {i} on technical assistance" + (f" ({marker})" if i == 1 else "")
        quads += [
            Quad(text, RDF_TYPE, _n(HRC.Resolution), ohchr),
            Quad(text, _n(HRC.symbol), Literal(symbol), ohchr),
            Quad(text, NamedNode(dct + "title"), Literal(title, language="en"), ohchr),
            Quad(text, _n(HRC.decision), event, ohchr),
            Quad(event, RDF_TYPE, _n(HRC.VoteEvent), ohchr),
            Quad(event, _n(HRC.decisionMethod), _n(HRC.RecordedVote), ohchr),
        ]
        for j, code in enumerate(STATES):
            vote = NamedNode(f"{text.value}#vote-{code}")
            quads += [
                Quad(vote, RDF_TYPE, _n(HRC.Vote), ohchr),
                Quad(vote, _n(HRC.inVoteEvent), event, ohchr),
                Quad(vote, _n(HRC.voter), NamedNode(f"{BASE}id/state/{code}"), ohchr),
                Quad(vote, _n(HRC.voteOption), _n(OPTIONS[(i + j) % 3]), ohchr),
            ]
    return quads


def publish(data_dir: Path, quads: list[Quad], version: str, *, build_id: str | None = None) -> PublishedDataset:
    """Build a store from ``quads`` and publish it as the current build of ``data_dir``."""
    dd = DataDir(data_dir)
    with dd.staging() as staging:
        with open_store(staging / "store", writable=True) as store:
            store.load(quads)
        return dd.publish(staging, build_id or f"build-{version}",
                          BuildManifest(version, datetime.now(UTC).isoformat()))


@pytest.fixture(scope="module", params=["embedded", "virtuoso"], name="engine")
def on_both_engines(request: pytest.FixtureRequest) -> str:
    """Imported by a test module, runs its ``client`` tests on both engines, with the same expectations."""
    return str(request.param)


def make_settings(data_dir: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {"data_dir": data_dir, "query_workers": 2, "query_timeout_s": 10.0}
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """The app served by uvicorn in a thread, on a free loopback port."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.app = create_app(settings)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=self.port,
                                                    log_level="warning", lifespan="on"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def endpoint(self) -> str:
        return self.url + "/sparql"

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)
