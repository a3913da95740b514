"""For tests that serve a build over a SPARQL server: publish a data directory's build into it."""

from __future__ import annotations

import io
from pathlib import Path

from pyoxigraph import RdfFormat, parse

from hrcgraph.graph.publish import DataDir
from hrcgraph.graph.store import RemoteStore, open_store


def publish_into(url: str, data_dir: Path) -> None:
    """Publish the data directory's current build into the SPARQL server at ``url`` (replacing what
    it held), with the build's manifest, as ``hrcgraph build --store`` leaves it."""
    dataset = DataDir(data_dir).require()
    with open_store(dataset.store_path) as local:
        buf = io.BytesIO()
        local.dump(buf, RdfFormat.N_QUADS)
    quads = list(parse(buf.getvalue(), format=RdfFormat.N_QUADS))
    with RemoteStore(url, writable=True) as remote:
        remote.replace(quads, manifest=dataset.manifest)
