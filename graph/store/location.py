"""Open a store by its location: a local folder is the embedded Oxigraph store, a URL a SPARQL server.

``open_store(location)`` is the one place that turns a location (a setting, a command-line
argument, what a published dataset records) into a :class:`~hrcgraph.graph.store.base.GraphStore`.
Backends that speak a URL scheme register an opener with :func:`register_backend`; the embedded
store handles plain paths and ``file:`` URLs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from hrcgraph.graph.errors import ConfigError
from hrcgraph.graph.store.base import GraphStore
from hrcgraph.graph.store.embedded import EmbeddedStore

#: An opener: (location, writable) -> store.
Opener = Callable[[str, bool], GraphStore]

_OPENERS: dict[str, Opener] = {}


def register_backend(scheme: str, opener: Opener) -> None:
    """Make ``open_store`` open locations with this URL scheme (e.g. ``http``) through ``opener``."""
    _OPENERS[scheme.lower()] = opener


def is_url(location: str | Path) -> bool:
    """Whether a location names a server (a URL with a scheme other than ``file``) rather than a folder."""
    scheme = urlsplit(str(location)).scheme.lower()
    return len(scheme) > 1 and scheme != "file"  # one letter: a Windows drive


def open_store(location: str | Path, *, writable: bool = False) -> GraphStore:
    """The store at ``location``: a folder holding an embedded Oxigraph store (read-only unless
    ``writable``; ``writable`` creates it if missing), or the URL of a SPARQL 1.1 server.

    Raises ``StoreError`` when a folder holds no store and ``ConfigError`` for a scheme no backend speaks.
    """
    text = str(location)
    if is_url(text):
        scheme = urlsplit(text).scheme.lower()
        opener = _OPENERS.get(scheme)
        if opener is None:
            if scheme in ("http", "https"):
                raise ConfigError(
                    f"store location {text}: a SPARQL server as the store is not available in this "
                    "installation; give the folder of a local store"
                )
            raise ConfigError(f"store location {text}: unknown scheme {scheme!r} (a folder or an http(s) URL)")
        return opener(text, writable)
    path = Path(unquote(urlsplit(text).path)) if text.startswith("file:") else Path(text)
    return EmbeddedStore.open(path, read_only=not writable)
