"""Content negotiation: the Accept header (q-values, wildcards, precedence) and the ``format`` parameter.

Precedence follows RFC 9110: for each offered type, the most specific matching range gives its
quality (``text/turtle`` over ``text/*`` over ``*/*``); the offer with the highest quality wins,
and ties go to the server's order of preference. A quality of 0 refuses a type. A missing or
empty Accept header accepts anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from hrcgraph.graph.errors import ProtocolError
from hrcgraph.graph.formats import GRAPH_FORMATS, RESULT_FORMATS, MediaFormat, format_names, named


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    q: float
    params: tuple[tuple[str, str], ...]

    def specificity(self, media_type: str) -> int | None:
        """How specifically this range matches a media type (None: no match)."""
        t, _, s = media_type.partition("/")
        if self.type == "*":
            return 0
        if self.type != t:
            return None
        if self.subtype == "*":
            return 1
        return 2 + len(self.params) if self.subtype == s else None


@lru_cache(maxsize=512)
def parse_accept(header: str | None) -> tuple[MediaRange, ...]:
    """The media ranges of an Accept header; malformed parts are skipped."""
    if not header or not header.strip():
        return (MediaRange("*", "*", 1.0, ()),)
    ranges: list[MediaRange] = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        kind = fields[0].lower()
        if "/" not in kind:
            if kind == "*":
                kind = "*/*"
            else:
                continue
        t, _, s = kind.partition("/")
        q = 1.0
        params: list[tuple[str, str]] = []
        for f in fields[1:]:
            name, _, value = f.partition("=")
            name = name.strip().lower()
            value = value.strip().strip('"')
            if name == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
            elif name and name != "charset":
                params.append((name, value))
        ranges.append(MediaRange(t, s, q, tuple(params)))
    return tuple(ranges)


def quality(ranges: Sequence[MediaRange], media_type: str) -> float:
    """The quality the client gives to ``media_type`` (0 if it does not accept it)."""
    best: tuple[int, float] | None = None
    for r in ranges:
        spec = r.specificity(media_type)
        if spec is not None and (best is None or spec > best[0]):
            best = (spec, r.q)
    return best[1] if best else 0.0


def best_match(header: str | None, offers: Sequence[str]) -> str | None:
    """The offered media type the client prefers (ties: the first offered), or None if none is acceptable."""
    ranges = parse_accept(header)
    chosen: str | None = None
    chosen_q = 0.0
    for offer in offers:
        q = quality(ranges, offer)
        if q > chosen_q:
            chosen, chosen_q = offer, q
    return chosen


def _choose(header: str | None, formats: Sequence[MediaFormat]) -> MediaFormat | None:
    ranges = parse_accept(header)
    chosen: MediaFormat | None = None
    chosen_q = 0.0
    for fmt in formats:
        # An alias counts for its format when the client names it (application/json for SPARQL JSON),
        # but a wildcard alone picks the canonical type.
        q = max([quality(ranges, fmt.media_type)] + [_explicit_quality(ranges, a) for a in fmt.aliases])
        if q > chosen_q:
            chosen, chosen_q = fmt, q
    return chosen


def _explicit_quality(ranges: Sequence[MediaRange], media_type: str) -> float:
    t, _, s = media_type.partition("/")
    for r in ranges:
        if r.type == t and r.subtype == s:
            return r.q
    return 0.0


@dataclass(frozen=True)
class Negotiated:
    results: MediaFormat | None
    graph: MediaFormat | None


#: Values of the ``format`` parameter, with the names clients such as SPARQLWrapper send, and the
#: formats they ask for: (for SELECT/ASK, for CONSTRUCT/DESCRIBE); None leaves that kind to Accept.
FORMAT_PARAMETER: dict[str, tuple[MediaFormat | None, MediaFormat | None]] = {
    name: (named(name, "results"), named(name, "graph")) for name in format_names()
}


def negotiate(accept: str | None, format_param: str | None) -> Negotiated:
    """The formats for SELECT/ASK and for CONSTRUCT/DESCRIBE answers to this request.

    The ``format`` parameter (``json``, ``ttl``, ... or a media type) overrides the Accept header for
    the kinds of result it names (``json`` and ``xml`` name one of each); the Accept header still
    decides for the other kind.
    """
    by_accept = Negotiated(_choose(accept, RESULT_FORMATS), _choose(accept, GRAPH_FORMATS))
    if not format_param:
        return by_accept
    wanted = FORMAT_PARAMETER.get(format_param.strip().lower())
    if wanted is None:
        if "/" in format_param:  # media types, as some clients send them (a list, like Accept)
            by_param = Negotiated(_choose(format_param, RESULT_FORMATS), _choose(format_param, GRAPH_FORMATS))
            return Negotiated(by_param.results or by_accept.results, by_param.graph or by_accept.graph)
        raise ProtocolError(
            f"unknown format {format_param!r}; use one of: {', '.join(FORMAT_PARAMETER)} (or media types)"
        )
    results, graph = wanted
    return Negotiated(results or by_accept.results, graph or by_accept.graph)
