"""Vote statistics as a W3C RDF Data Cube, in the named graph ``graph/cube``, built with the graph.

The common research questions (how a state voted, year by year; which states vote alike; what a
group main-sponsored each year) are aggregates over tens of thousands of ballots. The build
computes them once, from the graph it has just loaded in memory, and publishes the figures as
four ``qb:DataSet``, each with its ``dct:identifier`` (the last segment of its IRI), by which queries
find it without knowing the base IRI:

* ``id/cube/votes``: votes per state, session, option and year of adoption (with the body);
  measure ``sdmx-measure:obsValue``, the number of roll calls.
* ``id/cube/vote-totals``: votes per state and option over the whole record (the sums of
  ``id/cube/votes`` over its sessions, precomputed for the question asked most: a thousand
  observations to read instead of tens of thousands).
* ``id/cube/agreement``: per pair of states and session, ``hrc:votesInCommon`` (both voted Yes, No
  or Abstain), ``hrc:sameVotes`` and ``hrc:agreementIndex`` (same / in common, see the ontology).
  Each pair is stated once, the state whose code sorts first as ``sdmx-dimension:refArea``.
* ``id/cube/main-sponsorships``: texts main-sponsored per state or group and year of adoption (a
  state tabling a text on a group's behalf counts for both); measure ``sdmx-measure:obsValue``.

A state recorded twice with the same vote on one roll call (a defect of the source, kept in the
graph) counts once, as in the named queries. The figures are read with a few SELECTs and counted
in Python: one pass over the ballots, not one query per state.

The cube is about twice the size of the graph it is counted from, so it is never held whole: the
agreement pairs are counted one session at a time, and the observations are written as N-Quads
a megabyte at a time, read by one bulk load of the store as they are written.
"""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from itertools import combinations
from typing import IO, Any, cast

from pyoxigraph import NamedNode, RdfFormat

from hrcgraph.graph import terms
from hrcgraph.graph.iris import IriFactory
from hrcgraph.graph.namespaces import HRC, PROV, QB, SDMX_DIMENSION, SDMX_MEASURE, sparql_prefixes
from hrcgraph.graph.sources.base import SourceBatch
from hrcgraph.graph.store.base import GraphStore, SelectResult
from hrcgraph.graph.terms import RDFS_COMMENT, RDFS_LABEL

#: The options that count as a vote cast, for agreement.
CAST = frozenset({str(HRC.VoteYes), str(HRC.VoteNo), str(HRC.VoteAbstain)})

BALLOTS = """
SELECT DISTINCT ?state ?event ?option ?session ?body ?date WHERE {
  ?ballot hrc:inVoteEvent ?event ; hrc:voter ?state ; hrc:voteOption ?option .
  ?text hrc:decision ?event ; hrc:session ?session ; hrc:dateAdopted ?date .
  ?session hrc:body ?body .
}"""

MAIN_SPONSORSHIPS = """
SELECT DISTINCT ?actor ?text ?date WHERE {
  ?text hrc:sponsorship ?sponsorship ; hrc:dateAdopted ?date .
  ?sponsorship hrc:sponsorRole hrc:MainSponsor .
  { ?sponsorship hrc:sponsor ?actor } UNION { ?sponsorship hrc:onBehalfOf ?actor }
}"""


@dataclass(frozen=True)
class Ballot:
    state: str
    event: str
    option: str
    session: str
    body: str
    year: int


@dataclass(frozen=True)
class Agreement:
    common: int
    same: int

    @property
    def index(self) -> Decimal:
        """sameVotes / votesInCommon, rounded half up to 4 decimals."""
        return (Decimal(self.same) / Decimal(self.common)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def read_ballots(store: GraphStore) -> list[Ballot]:
    """Every (state, roll call, vote) of the graph, with the roll call's session, body and year.

    Read as whole columns (every hrc:voter, every hrc:voteOption, ...) and joined here: one scan per
    property instead of a four-way join in the engine. A roll call is counted when its text has a
    session with a body and a date of adoption.
    """
    def column(prop: str) -> dict[str, list[str]]:
        found: dict[str, list[str]] = defaultdict(list)
        for row in store.select(f"SELECT ?s ?o WHERE {{ ?s <{prop}> ?o }}"):
            found[row["s"].value].append(row["o"].value)
        return found

    def one(prop: str) -> dict[str, str]:
        return {s: values[0] for s, values in column(prop).items()}

    text_of = {event: text for text, events in column(str(HRC.decision)).items() for event in events}
    session_of, date_of, body_of = one(str(HRC.session)), one(str(HRC.dateAdopted)), one(str(HRC.body))
    in_event, voter = column(str(HRC.inVoteEvent)), column(str(HRC.voter))
    seen: set[tuple[str, str, str]] = set()
    out: list[Ballot] = []
    for ballot, options in column(str(HRC.voteOption)).items():
        for event in in_event.get(ballot, ()):
            text = text_of.get(event)
            session = session_of.get(text) if text else None
            date = date_of.get(text) if text else None
            body = body_of.get(session) if session else None
            if not (session and date and body):
                continue
            for state in voter.get(ballot, ()):
                for option in options:
                    if (state, event, option) not in seen:
                        seen.add((state, event, option))
                        out.append(Ballot(state, event, option, session, body, int(date[:4])))
    return out


def vote_counts(ballots: Iterable[Ballot]) -> Counter[tuple[str, str, str, int, str]]:
    """Roll calls per (state, session, option, year, body)."""
    return Counter((b.state, b.session, b.option, b.year, b.body) for b in ballots)


def vote_totals(ballots: Iterable[Ballot]) -> Counter[tuple[str, str]]:
    """Roll calls per (state, option) over the whole record."""
    return Counter((b.state, b.option) for b in ballots)


def agreements(ballots: Iterable[Ballot]) -> Iterator[tuple[str, dict[tuple[str, str], Agreement]]]:
    """Per session (in IRI order), per pair of states (sorted), the votes in common and the same votes.

    One session's pairs are counted and handed out before the next session's are: the pairs of
    every session together are as many as the observations of the whole cube.

    A state recorded with two different votes on one roll call (none is, in the sources read so
    far) is left out of that roll call's pairs: what it voted is not known.
    """
    roll_calls: dict[str, dict[str, dict[str, set[str]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(set)))
    for b in ballots:
        if b.option in CAST:
            roll_calls[b.session][b.event][b.state].add(b.option)
    for session in sorted(roll_calls):
        common: Counter[tuple[str, str]] = Counter()
        same: Counter[tuple[str, str]] = Counter()
        for votes in roll_calls.pop(session).values():
            by_option: dict[str, list[str]] = defaultdict(list)
            for state in sorted(votes):
                options = votes[state]
                if len(options) == 1:
                    by_option[next(iter(options))].append(state)
            voters = sorted(s for states in by_option.values() for s in states)
            common.update(combinations(voters, 2))
            for states in by_option.values():
                same.update(combinations(states, 2))
        if common:
            yield session, {pair: Agreement(n, same[pair]) for pair, n in common.items()}


def main_sponsorships(store: GraphStore) -> Counter[tuple[str, int]]:
    """Texts main-sponsored per (state or group, year of adoption)."""
    texts: dict[tuple[str, int], set[str]] = defaultdict(set)
    for row in _select(store, MAIN_SPONSORSHIPS):
        texts[(row["actor"].value, int(row["date"].value[:4]))].add(row["text"].value)
    return Counter({key: len(found) for key, found in texts.items()})


def _select(store: GraphStore, query: str) -> SelectResult:
    return store.select(sparql_prefixes() + query)


# --- the cube as triples


def _tail(iri: str, marker: str) -> str:
    """The part of an IRI after ``marker`` (``.../id/session/hrc/55`` -> ``hrc/55``), or its last segment."""
    if marker in iri:
        return iri.split(marker, 1)[1]
    return iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _literal(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


class _Writer:
    """Writes the cube as N-Quads text, handed out a chunk at a time (``take``): a million triples are
    made several times faster as text parsed by Oxigraph than as Python term objects, and a chunk of
    text is all that is held at once."""

    def __init__(self, iris: IriFactory, graph: NamedNode, *, chunk: int = 1 << 20) -> None:
        self.iris = iris
        self.tail = f" <{graph.value}> .\n"
        self.chunk = chunk
        self.lines: list[str] = []
        self.size = 0
        self.count = 0

    def iri(self, path: str) -> str:
        return f"<{self.iris.base}{path}>"

    def add(self, s: str, p: str, o: str) -> None:
        self.lines_of(f"{s} {p} {o}{self.tail}", 1)

    def lines_of(self, text: str, count: int) -> None:
        """Add ``count`` N-Quads lines, written whole in ``text`` (each ending with ``self.tail``)."""
        self.lines.append(text)
        self.size += len(text)
        self.count += count

    @property
    def full(self) -> bool:
        return self.size >= self.chunk

    def take(self) -> bytes:
        """The text written since the last call."""
        text = "".join(self.lines).encode("utf-8")
        self.lines, self.size = [], 0
        return text

    def data_set_with_structure(self, name: str, label: str, comment: str,
                                dimensions: list[str], measures: list[str]) -> str:
        ds = self.iri(f"id/cube/{name}")
        dsd_path = f"id/cube/structure/{name}"
        dsd = self.iri(dsd_path)
        self.add(ds, _TYPE, f"<{QB.DataSet}>")
        self.add(ds, f"<{RDFS_LABEL.value}>", _literal(label) + "@en")
        self.add(ds, f"<{RDFS_COMMENT.value}>", _literal(comment) + "@en")
        self.add(ds, f"<{QB.structure}>", dsd)
        self.add(ds, _IDENTIFIER, _literal(name))
        self.add(ds, f"<{PROV.wasDerivedFrom}>", f"<{self.iris.source_graph('ohchr').value}>")
        self.add(dsd, _TYPE, f"<{QB.DataStructureDefinition}>")
        self.add(dsd, f"<{RDFS_LABEL.value}>", _literal(f"Structure of: {label}") + "@en")
        components = [("dimension", d) for d in dimensions] + [("measure", m) for m in measures]
        for order, (kind, prop) in enumerate(components, start=1):
            component = self.iri(f"{dsd_path}#{_tail(prop, '#')}")
            self.add(dsd, f"<{QB.component}>", component)
            self.add(component, _TYPE, f"<{QB.ComponentSpecification}>")
            self.add(component, f"<{QB[kind]}>", f"<{prop}>")
            self.add(component, f"<{QB.order}>", f'"{order}"^^<{terms.XSD}integer>')
        return ds


_TYPE = f"<{terms.RDF_TYPE.value}>"
_IDENTIFIER = "<http://purl.org/dc/terms/identifier>"
_OBSERVATION = f"<{QB.Observation}>"
_DATA_SET = f"<{QB.dataSet}>"
_INTEGER = f"<{terms.XSD}integer>"
_GYEAR = f"<{terms.XSD}gYear>"
_DECIMAL = f"<{terms.XSD}decimal>"


@dataclass
class CubeBatch(SourceBatch):
    """The cube's source batch. Its million triples go straight into the store (see ``load_cube``):
    the batch keeps their number only."""

    count: int = 0

    @property
    def size(self) -> int:
        return self.count


def load_cube(store: GraphStore, iris: IriFactory) -> CubeBatch:
    """Count the vote statistics of the graph loaded in ``store`` and add them to it, as the graph
    ``graph/cube``: one bulk load, reading the N-Quads as they are written."""
    ballots = read_ballots(store)
    sponsors = main_sponsorships(store)
    graph = iris.source_graph("cube")
    w = _Writer(iris, graph)
    store.load_serialized(cast(IO[bytes], _Reader(_cube_text(w, ballots, sponsors))), RdfFormat.N_QUADS)
    return CubeBatch(graph, "Vote statistics (RDF Data Cube), computed from the graph", files=[], count=w.count)


class _Reader(io.RawIOBase):
    """A binary file that reads the chunks of an iterator."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self.chunks = chunks
        self.pending = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self.pending:
            chunk = next(self.chunks, None)
            if chunk is None:
                return 0
            self.pending = memoryview(chunk)
        n = min(len(buffer), len(self.pending))
        buffer[:n] = self.pending[:n]
        self.pending = self.pending[n:]
        return n


def _cube_text(w: _Writer, ballots: list[Ballot], sponsors: Counter[tuple[str, int]]) -> Iterator[bytes]:
    """The cube's N-Quads, a chunk at a time."""
    put, g = w.lines_of, w.tail
    ref_area, ref_period = f"<{SDMX_DIMENSION.refArea}>", f"<{SDMX_DIMENSION.refPeriod}>"
    obs_value = f"<{SDMX_MEASURE.obsValue}>"
    ref_session, ref_body = f"<{HRC.refSession}>", f"<{HRC.refBody}>"
    ref_option, ref_partner, ref_sponsor = f"<{HRC.refVoteOption}>", f"<{HRC.refPartner}>", f"<{HRC.refSponsor}>"
    in_common, same, index = f"<{HRC.votesInCommon}>", f"<{HRC.sameVotes}>", f"<{HRC.agreementIndex}>"

    votes = w.data_set_with_structure(
        "votes", "Votes per state, session and option",
        "How many roll calls of each session each state answered with each option (Yes, No, Abstain, "
        "Absent, NotMember), by year of adoption; counted from the recorded votes of the graph.",
        [str(SDMX_DIMENSION.refArea), str(HRC.refSession), str(HRC.refVoteOption), str(SDMX_DIMENSION.refPeriod),
         str(HRC.refBody)],
        [str(SDMX_MEASURE.obsValue)],
    )
    for (state, session, option, year, body), n in sorted(vote_counts(ballots).items()):
        if w.full:
            yield w.take()
        obs = w.iri(f"id/cube/votes/{_tail(session, '/id/session/')}/{_tail(state, '/id/')}/"
                    f"{_tail(option, '#Vote')}/{year}")
        put(f"{obs} {_TYPE} {_OBSERVATION}{g}{obs} {_DATA_SET} {votes}{g}{obs} {ref_area} <{state}>{g}"
            f"{obs} {ref_session} <{session}>{g}{obs} {ref_option} <{option}>{g}"
            f"{obs} {ref_period} \"{year:04d}\"^^{_GYEAR}{g}{obs} {ref_body} <{body}>{g}"
            f"{obs} {obs_value} \"{n}\"^^{_INTEGER}{g}", 8)

    totals = w.data_set_with_structure(
        "vote-totals", "Votes per state and option over the whole record",
        "How many roll calls of the whole record (the Commission's and the Council's) each state answered with "
        "each option: the sums of the data set id/cube/votes over its sessions, counted from the recorded votes.",
        [str(SDMX_DIMENSION.refArea), str(HRC.refVoteOption)],
        [str(SDMX_MEASURE.obsValue)],
    )
    for (state, option), n in sorted(vote_totals(ballots).items()):
        if w.full:
            yield w.take()
        obs = w.iri(f"id/cube/vote-totals/{_tail(state, '/id/')}/{_tail(option, '#Vote')}")
        put(f"{obs} {_TYPE} {_OBSERVATION}{g}{obs} {_DATA_SET} {totals}{g}{obs} {ref_area} <{state}>{g}"
            f"{obs} {ref_option} <{option}>{g}{obs} {obs_value} \"{n}\"^^{_INTEGER}{g}", 5)

    agreement = w.data_set_with_structure(
        "agreement", "Voting agreement per pair of states and session",
        "For each pair of states and each session, the recorded votes in which both voted Yes, No or "
        "Abstain (hrc:votesInCommon), those where both cast the same vote (hrc:sameVotes) and their ratio "
        "(hrc:agreementIndex). Each pair is stated once: sdmx-dimension:refArea is the state whose code "
        "sorts first.",
        [str(SDMX_DIMENSION.refArea), str(HRC.refPartner), str(HRC.refSession)],
        [str(HRC.votesInCommon), str(HRC.sameVotes), str(HRC.agreementIndex)],
    )
    for session, pairs in agreements(ballots):
        where = _tail(session, "/id/session/")
        for (a, b), figures in sorted(pairs.items()):
            if w.full:
                yield w.take()
            obs = w.iri(f"id/cube/agreement/{where}/{_tail(a, '/id/')}/{_tail(b, '/id/')}")
            put(f"{obs} {_TYPE} {_OBSERVATION}{g}{obs} {_DATA_SET} {agreement}{g}{obs} {ref_area} <{a}>{g}"
                f"{obs} {ref_partner} <{b}>{g}{obs} {ref_session} <{session}>{g}"
                f"{obs} {in_common} \"{figures.common}\"^^{_INTEGER}{g}"
                f"{obs} {same} \"{figures.same}\"^^{_INTEGER}{g}"
                f"{obs} {index} \"{figures.index}\"^^{_DECIMAL}{g}", 8)

    sponsorships = w.data_set_with_structure(
        "main-sponsorships", "Main sponsorships per state or group and year",
        "How many texts each state or group main-sponsored, by year of adoption. A state that tabled a "
        "text on a group's behalf counts for itself and for the group. The OHCHR catalogue names main "
        "sponsors from about 2022 on.",
        [str(HRC.refSponsor), str(SDMX_DIMENSION.refPeriod)],
        [str(SDMX_MEASURE.obsValue)],
    )
    for (actor, year), n in sorted(sponsors.items()):
        obs = w.iri(f"id/cube/main-sponsorships/{_tail(actor, '/id/')}/{year}")
        put(f"{obs} {_TYPE} {_OBSERVATION}{g}{obs} {_DATA_SET} {sponsorships}{g}{obs} {ref_sponsor} <{actor}>{g}"
            f"{obs} {ref_period} \"{year:04d}\"^^{_GYEAR}{g}{obs} {obs_value} \"{n}\"^^{_INTEGER}{g}", 5)
    yield w.take()
