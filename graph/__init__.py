"""The graph layer: importers, IRIs, validation, the store interface, the build and the dumps.

It never imports :mod:`hrcgraph.api`."""

from hrcgraph import __version__

__all__ = ["__version__"]
