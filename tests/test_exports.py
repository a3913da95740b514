"""The CSV exports of a build: valid CSV on the Web metadata (checked by the ``csvw`` validator), the same
bytes from the same graph, the same votes and tallies as the graph, and the declared types in pandas."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from hrcgraph.graph.exports import TABLE_NAMES, TABLES, Table, csv_bytes, table_rows
from hrcgraph.graph.iris import IriFactory
from hrcgraph.graph.publish import DataDir
from hrcgraph.graph.published import PublishedDataset
from hrcgraph.graph.store import GraphStore

HRC = "https://w3id.org/hrcgraph/ontology#"
BASE = "https://w3id.org/hrcgraph/"
PANDAS_TYPES = {"string": "string", "integer": "Int64", "boolean": "boolean"}


@pytest.fixture(scope="module")
def published(recent_build_dir: Path) -> PublishedDataset:
    current = DataDir(recent_build_dir).current()
    assert current is not None
    return current


@pytest.fixture(scope="module")
def store(published: PublishedDataset) -> GraphStore:
    return published.store


def _described(meta: dict[str, Any]) -> dict[str, Any]:
    """The table a metadata file is about: the file itself, or the first table of its group."""
    return meta["tables"][0] if "tables" in meta else meta  # type: ignore[no-any-return]


def _count(store: GraphStore, sparql: str) -> int:
    return int(next(iter(store.select(sparql)))["n"].value)


def test_every_table_and_its_metadata_is_written_and_listed(published: PublishedDataset) -> None:
    exports = {e.name: e for e in published.manifest.exports}
    for name in TABLE_NAMES:
        for file in (name, name + "-metadata.json"):
            data = (published.dumps_path / file).read_bytes()
            assert exports[file].sha256 == hashlib.sha256(data).hexdigest()
            assert exports[file].size == len(data)
        assert exports[name].media_type == "text/csv"
        assert exports[name + "-metadata.json"].media_type == "application/csvm+json"


#: Tables whose foreign keys may be empty (a group, not a state, sponsored the text): the ``csvw`` validator's
#: strict mode refuses any null foreign key, its lax mode (``csvwvalidate --lax``) allows them.
NULLABLE_FOREIGN_KEYS = {"sponsorships.csv"}


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_the_metadata_validates_with_the_csvw_package(published: PublishedDataset, name: str) -> None:
    from csvw import CSVW

    meta = published.dumps_path / (name + "-metadata.json")
    checked = CSVW(str(meta), validate=True, strict=name not in NULLABLE_FOREIGN_KEYS)
    assert checked.is_valid, [str(w.message) for w in checked.warnings]
    table = checked.tables[0]
    assert str(table.url) == name
    rows = list(table.iterdicts(strict=True))
    with (published.dumps_path / name).open(encoding="utf-8", newline="") as fh:
        assert len(rows) == sum(1 for _ in csv.reader(fh)) - 1


def test_a_broken_foreign_key_fails_validation(published: PublishedDataset, tmp_path: Path) -> None:
    """The validator does check the keys: a vote by a state that states.csv lacks is reported."""
    from csvw import CSVW

    for name in ("votes.csv", "texts.csv", "states.csv", "votes.csv-metadata.json"):
        (tmp_path / name).write_bytes((published.dumps_path / name).read_bytes())
    with (tmp_path / "votes.csv").open("a", encoding="utf-8") as fh:
        fh.write("A/HRC/RES/55/25,vote-XXX,XXX,Yes\n")
    with pytest.raises(ValueError, match=r"Key `XXX` not found in table states\.csv"):
        CSVW(str(tmp_path / "votes.csv-metadata.json"), validate=True).is_valid  # noqa: B018 - raises


def test_rows_have_their_hrcgraph_iris(published: PublishedDataset, store: GraphStore) -> None:
    from csvw import CSVW

    for name, cls in (("votes.csv", "Vote"), ("texts.csv", "Text"), ("states.csv", "State"),
                      ("sponsorships.csv", "Sponsorship"), ("mandate-actions.csv", "MandateAction"),
                      ("clauses.csv", "Clause")):
        table = CSVW(str(published.dumps_path / (name + "-metadata.json"))).tables[0]
        rows = list(table.iterdicts())
        for row in rows[:: max(1, len(rows) // 40)]:
            iri = table.tableSchema.aboutUrl.expand(row)
            assert iri.startswith(BASE)
            assert bool(store.query(f"ASK {{ <{iri}> a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* "
                                    f"<{HRC}{cls}> }}")), (name, iri)


def test_the_votes_agree_with_the_graph(published: PublishedDataset, store: GraphStore) -> None:
    votes = pd.read_csv(published.dumps_path / "votes.csv", dtype="string", keep_default_na=False)
    in_graph = _count(store, f"SELECT (COUNT(DISTINCT ?v) AS ?n) WHERE {{ ?v a <{HRC}Vote> }}")
    assert len(votes) == in_graph > 1000
    assert not votes.duplicated(["text", "vote_id"]).any()


def test_the_tallies_of_a_sample_agree_with_the_graph(published: PublishedDataset, store: GraphStore) -> None:
    votes = pd.read_csv(published.dumps_path / "votes.csv", dtype="string", keep_default_na=False)
    texts = pd.read_csv(published.dumps_path / "texts.csv", dtype={"text": "string"}, keep_default_na=False)
    recorded = sorted(set(votes["text"]))
    sample = recorded[:: max(1, len(recorded) // 12)]
    assert len(sample) >= 10
    for text in sample:
        counts = votes[votes["text"] == text]["vote"].value_counts().to_dict()
        iri = f"{BASE}id/text/{text}"
        for option in ("Yes", "No", "Abstain"):
            n = _count(store, f"SELECT (COUNT(DISTINCT ?v) AS ?n) WHERE {{ <{iri}> <{HRC}decision> ?e . "
                              f"?v <{HRC}inVoteEvent> ?e ; <{HRC}voteOption> <{HRC}Vote{option}> }}")
            assert counts.get(option, 0) == n, (text, option)
        official = texts[texts["text"] == text].iloc[0]
        in_graph = _count(store, f"SELECT (MIN(?y) AS ?n) WHERE {{ <{iri}> <{HRC}decision>/<{HRC}yesCount> ?y }}")
        assert int(official["yes"]) == in_graph


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_each_table_loads_in_pandas_with_the_declared_types(published: PublishedDataset, name: str) -> None:
    meta = _described(json.loads((published.dumps_path / (name + "-metadata.json")).read_text(encoding="utf-8")))
    columns = meta["tableSchema"]["columns"]
    dtypes = {c["name"]: PANDAS_TYPES[c["datatype"]] for c in columns if c["datatype"] in PANDAS_TYPES}
    dates = [c["name"] for c in columns if c["datatype"] == "date"]
    df = pd.read_csv(published.dumps_path / name, dtype=dtypes, parse_dates=dates, keep_default_na=False,
                     na_values={c: [""] for c in dtypes if dtypes[c] != "string"})
    assert list(df.columns) == [c["name"] for c in columns]
    for c in columns:
        if c["datatype"] == "integer":
            assert str(df[c["name"]].dtype) == "Int64"
        if c["datatype"] == "date":
            assert str(df[c["name"]].dtype).startswith("datetime64")
    key = meta["tableSchema"]["primaryKey"]
    assert not df.duplicated(key if isinstance(key, list) else [key]).any()


def test_clauses_are_exported_when_the_graph_holds_them(published: PublishedDataset, store: GraphStore) -> None:
    clauses = pd.read_csv(published.dumps_path / "clauses.csv", dtype="string", keep_default_na=False)
    in_graph = _count(store, f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ ?c a <{HRC}Clause> }}")
    assert in_graph > 0 and len(clauses) == in_graph
    assert (clauses["clause_text"] != "").all()


def test_mandate_actions_and_sponsorships_agree_with_the_graph(published: PublishedDataset,
                                                              store: GraphStore) -> None:
    for name, cls in (("mandate-actions.csv", "MandateAction"), ("sponsorships.csv", "Sponsorship")):
        df = pd.read_csv(published.dumps_path / name, dtype="string", keep_default_na=False)
        sub = "?x a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* " if cls == "MandateAction" else "?x a "
        n = _count(store, f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {sub}<{HRC}{cls}> }}")
        assert len(df) == n > 0, name


def test_licences_are_those_of_the_sources(published: PublishedDataset) -> None:
    states = _described(json.loads((published.dumps_path / "states.csv-metadata.json").read_text()))
    votes = _described(json.loads((published.dumps_path / "votes.csv-metadata.json").read_text()))
    assert states["dc:license"] == {"@id": "https://opendatacommons.org/licenses/pddl/1-0/"}
    assert votes["dc:license"] == {"@id": "https://polyformproject.org/licenses/noncommercial/1.0.0/"}
    assert "hrc-voting" in votes["dc:rights"]


def test_the_same_graph_gives_the_same_bytes(published: PublishedDataset, store: GraphStore) -> None:
    iris = IriFactory(BASE)
    for table in TABLES:
        again = csv_bytes(table, table_rows(store, table, iris))
        assert again == (published.dumps_path / table.name).read_bytes(), table.name


def test_csv_cells_with_commas_quotes_and_newlines_round_trip() -> None:
    table = Table("t.csv", "t", TABLES[0].columns[:2], ("text",), "id/text/{+text}", "", "texts")
    data = csv_bytes(table, [["A/1", 'say "yes", then\nno']])
    assert list(csv.reader(io.StringIO(data.decode()))) == [["text", "symbol"], ["A/1", 'say "yes", then\nno']]
