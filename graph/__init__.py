"""hrcgraph: a linked-data knowledge graph of the UN Human Rights Council.

The package turns source records into RDF under the hrcgraph ontology, validates it with SHACL
and loads it into a store that the API serves. See ``graph.build`` for the pipeline.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("hrcgraph")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
