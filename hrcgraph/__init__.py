"""hrcgraph: a linked-data knowledge graph of the UN Human Rights Council.

One installed package with two layers and the files they ship:

- ``hrcgraph.graph``: importers, IRIs, validation, the store interface, the build and the dumps;
- ``hrcgraph.api``: the FastAPI application (SPARQL endpoint, pages, named queries, dumps);
- ``hrcgraph.ontology``, ``hrcgraph.shapes``, ``hrcgraph.queries``: the vocabulary, the SHACL shapes and
  the named queries, found through :mod:`importlib.resources`;
- ``hrcgraph.cli``: the ``hrcgraph`` command, the one place that uses both layers.

The graph layer never imports the API.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("hrcgraph")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+unknown"
