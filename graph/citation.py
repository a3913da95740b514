"""How to cite the dataset: one build, its version and date, where it is served, its sources and licences.

The same citation is given in the DCAT description (``dct:bibliographicCitation``) and in the "cite this" box
of the home page, as plain text and as BibTeX.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hrcgraph.graph.manifest import BuildManifest

TITLE = "hrcgraph: the UN Human Rights Council as linked data"
AUTHOR = "hrcgraph contributors"
SKIPPED_SOURCES = ("/graph/meta", "/graph/void", "/graph/ontology")


@dataclass(frozen=True)
class Citation:
    version: str
    built_at: str
    url: str
    dataset_iri: str
    sources: tuple[str, ...]
    """Each source with its licence, as one sentence."""

    @property
    def year(self) -> str:
        return self.built_at[:4] if re.match(r"\d{4}", self.built_at) else "n.d."

    @property
    def date(self) -> str:
        return self.built_at[:10]

    @property
    def short_version(self) -> str:
        return self.version[:12]

    def plain(self) -> str:
        sources = " ".join(self.sources)
        return (f"{AUTHOR} ({self.year}). {TITLE} (dataset version {self.short_version}, built {self.date}). "
                f"{self.url} (dataset IRI: {self.dataset_iri}). Sources: {sources}".rstrip())

    def bibtex(self) -> str:
        key = f"hrcgraph{self.year}{self.short_version[:6]}"
        note = "Sources: " + " ".join(self.sources) if self.sources else ""
        fields = [("title", "{" + TITLE + "}"), ("author", "{" + AUTHOR + "}"), ("year", self.year),
                  ("version", self.short_version), ("date", self.date), ("url", self.url),
                  ("note", note)]
        body = ",\n".join(f"  {name} = {{{value if name == 'url' else _bibtex_escape(value)}}}"
                           for name, value in fields if value)
        return f"@misc{{{key},\n{body}\n}}\n"


def dataset_citation(manifest: BuildManifest, *, url: str, dataset_iri: str) -> Citation:
    """The citation of a published build (its manifest), served at ``url``."""
    sources = []
    for source in manifest.sources:
        if source.graph.endswith(SKIPPED_SOURCES) or not source.label:
            continue
        licence = source.license or "licence not stated by the source"
        sources.append(f"{source.label} ({licence}).")
    return Citation(version=manifest.version or "unversioned",
                    built_at=manifest.built_at, url=url, dataset_iri=dataset_iri,
                    sources=tuple(dict.fromkeys(sources)))


def _bibtex_escape(value: str) -> str:
    return re.sub(r"([%&#_$])", r"\\\1", value)
