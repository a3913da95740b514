"""The shapes against the real OHCHR voting collection (slow; skipped when the data is absent).

The checks here do not go through an importer: they read the CSV files directly, so that what the
shapes flag is compared with what the source says, worked out independently in Python.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import SH

from support.shapes import shapes_graph

HRC = "https://w3id.org/hrcgraph/ontology#"
HRCSH = rdflib.Namespace("https://w3id.org/hrcgraph/shapes#")
TALLIES = ("yes", "no", "abstain", "nonvoting", "total")
TALLY_PROPERTIES = dict(zip(TALLIES, ("yesCount", "noCount", "abstainCount", "nonVotingCount", "totalCount"),
                            strict=True))
OPTIONS = {"Y": "VoteYes", "N": "VoteNo", "A": "VoteAbstain", ".": "VoteAbsent", "-": "VoteNotMember"}

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Record:
    record_id: str
    symbol: str
    vote_type: str
    tallies: dict[str, int]


@pytest.fixture(scope="session")
def records(ohchr_dir: Path) -> list[Record]:
    with (ohchr_dir / "resolutions.csv").open(encoding="utf-8", newline="") as fh:
        return [Record(row["record_id"], row["symbol"], row["vote_type"],
                       {k: int(row[k]) for k in TALLIES if row[k].strip()}) for row in csv.DictReader(fh)]


@pytest.fixture(scope="session")
def roll_calls(ohchr_dir: Path) -> dict[str, Counter[str]]:
    """Per record, how many roll-call rows give each vote code (every row counts, as none is dropped)."""
    found: dict[str, Counter[str]] = {}
    with (ohchr_dir / "votes_long.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            found.setdefault(row["record_id"], Counter())[row["vote"]] += 1
    return found


@pytest.fixture(scope="session")
def vote_store(records: list[Record], roll_calls: dict[str, Counter[str]]) -> ox.Store:
    """The vote events and roll-call votes of the collection, as the data model says them."""
    base = "https://w3id.org/hrcgraph/id/text/ohchr/"
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

    def term(name: str) -> ox.NamedNode:
        return ox.NamedNode(HRC + name)

    quads: list[ox.Quad] = []
    for record in records:
        event = ox.NamedNode(f"{base}{record.record_id}#vote")
        quads.append(ox.Quad(event, rdf_type, term("VoteEvent")))
        if record.vote_type.startswith("RECORDED"):
            quads.append(ox.Quad(event, term("decisionMethod"), term("RecordedVote")))
        for column, value in record.tallies.items():
            quads.append(ox.Quad(event, term(TALLY_PROPERTIES[column]), ox.Literal(str(value), datatype=ox.NamedNode(
                "http://www.w3.org/2001/XMLSchema#integer"))))
        for code, count in roll_calls.get(record.record_id, Counter()).items():
            for n in range(count):
                vote = ox.NamedNode(f"{base}{record.record_id}#vote-{code}-{n}")
                quads.append(ox.Quad(vote, rdf_type, term("Vote")))
                quads.append(ox.Quad(vote, term("inVoteEvent"), event))
                quads.append(ox.Quad(vote, term("voteOption"), term(OPTIONS[code])))
    store = ox.Store()
    store.bulk_extend(quads)
    return store


def constraint_query(shape: rdflib.URIRef) -> str:
    """The SPARQL-based constraint of a property shape, with its prefixes, for all focus nodes at once."""
    graph = shapes_graph()
    constraint = graph.value(shape, SH.sparql)
    assert constraint is not None, shape
    prefixes = "".join(f"PREFIX {graph.value(d, SH.prefix)}: <{graph.value(d, SH.namespace)}>\n"
                       for d in graph.objects(graph.value(constraint, SH.prefixes), SH.declare))
    return prefixes + str(graph.value(constraint, SH.select)).replace("$this", "?this")


def flagged(store: ox.Store, shape: rdflib.URIRef) -> set[str]:
    solutions = store.query(constraint_query(shape))
    assert isinstance(solutions, ox.QuerySolutions)
    return {str(row["this"].value).rsplit("/", 1)[1].removesuffix("#vote") for row in solutions}


def test_real_symbols_are_never_violations(records: list[Record]) -> None:
    """Every symbol of the collection passes the Violation-level symbol pattern; only the per-kind
    Warning patterns may report it."""
    graph = shapes_graph()
    pattern = re.compile(str(graph.value(HRCSH["Text-symbol"], SH.pattern)))
    symbols = {r.symbol for r in records if r.symbol}
    assert len(symbols) > 4000
    assert sorted(s for s in symbols if not pattern.search(s)) == []


def test_well_formed_symbol_patterns_accept_the_usual_forms(records: list[Record]) -> None:
    """Most symbols are well-formed: the Warning patterns of the three adopted kinds together accept
    all but the incomplete and misspelt ones, which are a small minority."""
    graph = shapes_graph()
    forms = [re.compile(str(graph.value(HRCSH[f"{kind}-symbolForm"], SH.pattern)))
             for kind in ("Resolution", "Decision", "PresidentialStatement", "Amendment")]
    symbols = [r.symbol for r in records if r.symbol]
    odd = [s for s in symbols if not any(f.search(s) for f in forms)]
    assert 0 < len(odd) < len(symbols) // 20
    for example in ("E/CN.4/RES(II)", "E/CN.4/RESII)", "A/HRC/DEC41/101", "E/HR/RES"):
        assert example in odd


def test_roll_call_warning_flags_exactly_the_mismatched_records(
    records: list[Record], roll_calls: dict[str, Counter[str]], vote_store: ox.Store
) -> None:
    expected = {
        r.record_id for r in records
        if r.vote_type.startswith("RECORDED") and r.record_id in roll_calls
        and any(column in r.tallies and r.tallies[column] != roll_calls[r.record_id][code]
                for column, code in (("yes", "Y"), ("no", "N"), ("abstain", "A")))
    }
    found = flagged(vote_store, HRCSH["VoteEvent-rollCallMatchesTallies"])
    assert found == expected
    # The data's README counts "about 140" such records.
    assert 100 < len(found) < 200


def test_tallies_warning_flags_exactly_the_records_whose_tallies_do_not_add_up(
    records: list[Record], vote_store: ox.Store
) -> None:
    expected = {r.record_id for r in records if len(r.tallies) == len(TALLIES)
                and sum(r.tallies[k] for k in TALLIES[:4]) != r.tallies["total"]}
    assert flagged(vote_store, HRCSH["VoteEvent-talliesAddUp"]) == expected
    assert expected
