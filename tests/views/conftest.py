"""The page views built from a small in-memory store: the linked-data fixture graph (tests/api)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pyoxigraph import RdfFormat, parse

from hrcgraph.graph.iris import DEFAULT_BASE
from hrcgraph.graph.store.embedded import EmbeddedStore

from support.views import FIXTURE


@pytest.fixture(scope="session")
def store() -> Iterator[EmbeddedStore]:
    s = EmbeddedStore.in_memory(parse(path=str(FIXTURE), format=RdfFormat.TRIG, base_iri=DEFAULT_BASE))
    yield s
    s.close()
