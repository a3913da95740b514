"""What the view tests share: the fixture graph's file and its IRIs."""

from __future__ import annotations

from pathlib import Path

from pyoxigraph import NamedNode

from hrcgraph.graph.iris import DEFAULT_BASE

FIXTURE = Path(__file__).parents[1] / "api" / "linked_data_fixture.trig"


def iri(path: str) -> NamedNode:
    """A resource of the fixture by its path under the base: ``iri("id/state/MLI")``."""
    return NamedNode(DEFAULT_BASE + path)
