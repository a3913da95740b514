"""Council and Commission membership derived from the roll calls."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import NamedNode, Store

from hrcgraph.graph.iris import IriFactory
from hrcgraph.graph.membership import DERIVATION_COMMENT, membership_batch, session_members
from hrcgraph.graph.sources.base import SourceBatch
from hrcgraph.graph.sources.ohchr import OhchrData, read_ohchr

from support.batches import batch_store, select

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ohchr"
IRIS = IriFactory()
ID = IRIS.base + "id/"


@pytest.fixture(scope="module")
def data() -> OhchrData:
    return read_ohchr(FIXTURES)


@pytest.fixture(scope="module")
def batch(data: OhchrData) -> SourceBatch:
    return membership_batch(data, IRIS)


@pytest.fixture(scope="module")
def store(batch: SourceBatch) -> Store:
    return batch_store(batch)



def test_members_per_session(data: OhchrData) -> None:
    found = {(s.body, s.session): sorted(s.members) for s in session_members(data)}
    # A/HRC/RES/90/2 and the amendment A/HRC/90/L.40 in session 90
    assert found[("hrc", "90")] == ["BEN", "CHN", "FRA", "IND", "MLI", "SWE"]
    # "." (absent) counts as a member, "-" does not
    assert found[("hrc", "S-90")] == ["CHN", "FRA", "IND", "USA"]
    assert found[("chr", "40")] == ["CSK", "DDR", "GER", "SUN", "YUG"]
    assert len(found) == 3  # sessions without a recorded vote have no memberships


def test_membership_triples(store: Store, batch: SourceBatch) -> None:
    assert batch.graph == NamedNode(IRIS.base + "graph/derived")
    node = ID + "membership/hrc/90/MLI"
    rows = select(store, f"""SELECT ?member ?org ?session ?how WHERE {{
        <{node}> a hrc:Membership ; org:member ?member ; org:organization ?org ; hrc:inSession ?session ;
                 hrc:derivation ?how }}""")
    assert rows == [(ID + "state/MLI", ID + "body/hrc", ID + "session/hrc/90",
                     "https://w3id.org/hrcgraph/ontology#FromRollCalls")]
    sources = select(store, f"SELECT ?e WHERE {{ <{node}> prov:wasDerivedFrom ?e }}")
    assert sources == [(ID + "text/A/HRC/90/L.40#vote",), (ID + "text/A/HRC/RES/90/2#vote",)]
    assert select(store, f"SELECT ?e WHERE {{ <{ID}membership/hrc/90/SWE> prov:wasDerivedFrom ?e }}") == [
        (ID + "text/A/HRC/RES/90/2#vote",)]
    assert select(store, f"SELECT ?p WHERE {{ <{ID}membership/hrc/S-90/BRA> ?p ?o }}") == []


def test_the_derivation_is_described(store: Store) -> None:
    rows = select(store, """SELECT ?activity ?comment WHERE {
        ?m a hrc:Membership ; prov:wasGeneratedBy ?activity .
        ?activity a prov:Activity ; rdfs:comment ?comment } GROUP BY ?activity ?comment""")
    assert rows == [(IRIS.base + "graph/derived#membership-from-roll-calls", DERIVATION_COMMENT)]
    assert "not a record of elections" in DERIVATION_COMMENT


def test_more_members_than_seats_is_reported(data: OhchrData, tmp_path: Path) -> None:
    assert membership_batch(data, IRIS).warnings == []
    folder = tmp_path
    (folder / "resolutions.csv").write_bytes((FIXTURES / "resolutions.csv").read_bytes())
    votes = (FIXTURES / "votes_long.csv").read_text(encoding="utf-8")
    states = ["AFG", "AGO", "ALB", "AND", "ARE", "ARG", "ARM", "ATG", "AUS", "AUT", "AZE", "BDI", "BEL", "BFA",
              "BGD", "BGR", "BHR", "BHS", "BIH", "BLR", "BLZ", "BOL", "BRB", "BRN", "BTN", "BWA", "CAF", "CAN",
              "CHE", "CHL", "CIV", "CMR", "COD", "COG", "COL", "COM", "CPV", "CRI", "CUB", "CYP", "CZE", "DEU",
              "DJI", "DMA", "DNK", "DOM", "DZA", "ECU"]
    extra = "".join(f"900003,A/HRC/RES/S-90/1,{iso3},,Y\n" for iso3 in states)
    (folder / "votes_long.csv").write_text(votes + extra, encoding="utf-8")
    warnings = membership_batch(read_ohchr(folder), IRIS).warnings
    assert len(warnings) == 1
    assert "Human Rights Council, 90th special session" in warnings[0].message
    assert "52 states as members, more than the 47 seats" in warnings[0].message
