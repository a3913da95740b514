"""Fetch the paragraph-split texts (``docs-<year>.json``) into a local cache.

The files are the hrc-voting project's, pinned to one commit (``--texts URL`` gives another base),
downloaded the way the voting collection is (``graph.sources.ohchr_download``): to a temporary
file, renamed into place only when complete, and used from the cache afterwards. The upstream
project has no file for some years (1989-1992): a year that is missing upstream (HTTP 404) is a
reported gap, not a failed build; any other failure is a ``SourceError`` naming the URL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from hrcgraph.graph.errors import SourceError, SourceLocation
from hrcgraph.graph.sources.base import SourceWarning
from hrcgraph.graph.sources.ohchr_download import TIMEOUT_SECONDS, _download

PINNED_COMMIT = "47c07a1fc7eb7c80aeac81aee5cb4b2024b4f982"
PINNED = f"https://raw.githubusercontent.com/lszoszk/hrc-voting/{PINNED_COMMIT}/dashboard/texts/"
#: The years the corpus covers (its README: 1970-1988 and 1993 on; 1989-1992 are absent upstream).
YEARS = (*range(1970, 1989), *range(1993, 2027))
_GAP_MARK = ".missing"


@dataclass
class TextsDownload:
    folder: Path
    gaps: list[SourceWarning] = field(default_factory=list)


def fetch_texts(cache_dir: Path, *, base_url: str = PINNED, years: tuple[int, ...] = YEARS,
                timeout: float = TIMEOUT_SECONDS) -> TextsDownload:
    """The cache folder holding the year files, downloaded when missing; the years missing upstream.

    A year found missing is remembered in the cache (``docs-<year>.json.missing``) so that a rebuild
    does not ask again; delete the cache to ask again.
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    base = base_url if base_url.endswith("/") else base_url + "/"
    result = TextsDownload(cache_dir)
    for year in years:
        name = f"docs-{year}.json"
        target = cache_dir / name
        gap = cache_dir / (name + _GAP_MARK)
        if target.is_file():
            continue
        if not gap.is_file():
            try:
                _download(base + name, target, timeout)
                continue
            except SourceError as exc:
                if "HTTP 404" not in exc.message:
                    raise
                gap.write_text(base + name + "\n", encoding="utf-8")
        result.gaps.append(SourceWarning(f"no texts for {year}: the file is missing upstream",
                                         SourceLocation(base + name)))
    return result
