"""Fetch the OHCHR voting collection's published CSV files into a local cache.

The files are the hrc-voting project's, pinned to the commit that was harvested, so a build always
reads the same bytes. A download is written to a temporary file in the cache folder and renamed
into place only when complete: an interrupted or failed download leaves no partial file behind.
A file already in the cache is used as it is.
"""

from __future__ import annotations

import http.client
import os
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from hrcgraph.graph import __version__
from hrcgraph.graph.errors import SourceError, SourceLocation
from hrcgraph.graph.sources.ohchr import RESOLUTIONS_FILE, VOTES_FILE

PINNED_COMMIT = "193f2d414c94613d8850b81d47abbec990b47d7b"
PINNED = f"https://raw.githubusercontent.com/lszoszk/hrc-voting/{PINNED_COMMIT}/data/csv/"
FILES = (RESOLUTIONS_FILE, VOTES_FILE)
TIMEOUT_SECONDS = 60.0
_CHUNK = 1 << 16


def fetch_ohchr(cache_dir: Path, *, base_url: str = PINNED, timeout: float = TIMEOUT_SECONDS) -> Path:
    """The cache folder, holding ``resolutions.csv`` and ``votes_long.csv`` (downloaded when missing).

    Raises SourceError (naming the URL) when a download fails; nothing partial is left in the cache.
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    base = base_url if base_url.endswith("/") else base_url + "/"
    for name in FILES:
        target = cache_dir / name
        if not target.is_file():
            _download(base + name, target, timeout)
    return cache_dir


def _download(url: str, target: Path, timeout: float) -> None:
    request = urllib.request.Request(url, headers={"User-Agent": f"hrcgraph/{__version__}"})
    handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as out, urllib.request.urlopen(request, timeout=timeout) as response:
            expected = response.headers.get("Content-Length")
            size = 0
            while chunk := response.read(_CHUNK):
                out.write(chunk)
                size += len(chunk)
            if expected is not None and expected.isdigit() and size != int(expected):
                raise SourceError(f"download ended after {size} of {expected} bytes", SourceLocation(url))
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, target)
    except urllib.error.HTTPError as exc:
        raise SourceError(f"download failed: HTTP {exc.code} {exc.reason}", SourceLocation(url)) from None
    except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise SourceError(f"download failed: {reason}", SourceLocation(url)) from None
    finally:
        temp.unlink(missing_ok=True)
