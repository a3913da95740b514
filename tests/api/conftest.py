"""Fixtures for the API tests: a small published build, the app in-process, a live server on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from hrcgraph.api.app import create_app

from support.api_builds import LiveServer, make_settings, publish, sample_quads
from support.remote import publish_into


@pytest.fixture(scope="module")
def engine() -> str:
    """The store the module's ``client`` serves from: ``embedded``. A module whose tests must hold on
    both engines imports ``support.api_builds.on_both_engines``, which overrides it."""
    return "embedded"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory with one published build (version ``v1``), shared by a module: read only."""
    root = tmp_path_factory.mktemp("data") / "var"
    publish(root, sample_quads(), "v1")
    return root


@pytest.fixture(scope="module")
def client(data_dir: Path, engine: str, request: pytest.FixtureRequest) -> Iterator[TestClient]:
    """The app in-process (with its worker processes) over a small published build, for reading:
    from the data directory's store, or (``engine`` virtuoso) with the same build published into the
    session's Virtuoso and the server started with ``store`` pointing at it, as ``serve --store`` does."""
    settings = make_settings(data_dir)
    if engine == "virtuoso":
        server = request.getfixturevalue("virtuoso")
        publish_into(server.sparql_url, data_dir)
        settings = make_settings(data_dir, store=server.sparql_url)
    with TestClient(create_app(settings), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def own_data_dir(tmp_path: Path) -> Path:
    """A data directory of the test's own, for tests that publish builds or apply updates."""
    root = tmp_path / "var"
    publish(root, sample_quads(), "v1")
    return root


@pytest.fixture
def own_client(own_data_dir: Path) -> Iterator[TestClient]:
    with TestClient(create_app(make_settings(own_data_dir)), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="module")
def live_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("live") / "var"
    publish(root, sample_quads(), "v1")
    return root


@pytest.fixture(scope="module")
def live_server(live_data_dir: Path) -> Iterator[LiveServer]:
    """A real server on loopback over a small build (shared by a test module)."""
    # Every client of these tests has the same address: no per-client cap (test_admission tests it), and
    # fifty clients at once may wait for a worker longer than the default bound (tested there too). The
    # time limit is tested on servers of its own: here it is generous, as a query past 0.2 s runs in the
    # background lane, slowly on a machine busy with other work.
    with LiveServer(make_settings(live_data_dir, query_timeout_s=30.0, max_rows=1000, client_max_queries=0,
                                  worker_wait_s=30.0)) as server:
        yield server
