"""The CSV tables of the full OHCHR collection agree with the graph and with the source: every one of the
80,158 roll-call rows is a row of votes.csv, and the tallies of every recorded text match the graph's."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from hrcgraph.graph.published import PublishedDataset

from support.full_build import FullBuild

pytestmark = pytest.mark.slow

HRC = "https://w3id.org/hrcgraph/ontology#"
BASE = "https://w3id.org/hrcgraph/"


@pytest.fixture(scope="module")
def full(full_build: FullBuild) -> PublishedDataset:
    """The session's full build (the seed record adds a text and its decision, but no roll call)."""
    return full_build.published


def test_every_vote_of_the_source_is_a_row(full: PublishedDataset, ohchr_dir: Path) -> None:
    votes = pd.read_csv(full.dumps_path / "votes.csv", dtype="string", keep_default_na=False)
    with (ohchr_dir / "votes_long.csv").open(encoding="utf-8", newline="") as fh:
        source_rows = sum(1 for _ in csv.DictReader(fh))
    result = full.store.select(f"SELECT (COUNT(DISTINCT ?v) AS ?n) WHERE {{ ?v a <{HRC}Vote> }}")
    assert len(votes) == int(next(iter(result))["n"].value) == source_rows == 80_158
    assert votes["vote"].value_counts().to_dict() == {"Yes": 44_536, "No": 18_368, "Abstain": 15_911,
                                                      "Absent": 701, "NotMember": 642}


def test_the_tallies_of_every_recorded_text_agree_with_the_graph(full: PublishedDataset) -> None:
    votes = pd.read_csv(full.dumps_path / "votes.csv", dtype="string", keep_default_na=False)
    per_text = votes.groupby(["text", "vote"]).size().unstack(fill_value=0)
    result = full.store.select(f"""SELECT ?t ?o (COUNT(DISTINCT ?v) AS ?n) WHERE {{
        ?t <{HRC}decision> ?e . ?v <{HRC}inVoteEvent> ?e ; <{HRC}voteOption> ?o }} GROUP BY ?t ?o""")
    in_graph = {(r["t"].value[len(BASE + "id/text/"):], r["o"].value[len(HRC) + 4:]): int(r["n"].value)
                for r in result}
    in_csv = {(t, o): int(n) for (t, o), n in per_text.stack().items() if n}
    assert in_csv == in_graph
