"""The named queries on the full OHCHR collection, checked against figures computed from its CSV files.

Each expected figure is computed here from ``resolutions.csv`` and ``votes_long.csv`` with the
csv module alone, independently of the importers and of the queries, following each query's
documented definition. The graph is built once per session (``ohchr_store``).
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

from hrcgraph.graph.named_queries import run_named
from hrcgraph.graph.store import EmbeddedStore, SelectResult

pytestmark = pytest.mark.slow

CAST = {"Y", "N", "A"}
OPTION = {"Y": "Yes", "N": "No", "A": "Abstain", ".": "Absent", "-": "NotMember"}
COUNCIL = "Human Rights Council"
UN_STATES = Path(__file__).resolve().parents[3] / "shared" / "data" / "countries" / "un-states.csv"


@dataclass
class Collection:
    records: dict[str, dict[str, str]]
    votes: dict[str, dict[str, str]]
    """record id -> iso3 -> vote code (the two duplicated roll-call rows of the file agree)."""

    def year(self, record_id: str) -> int:
        return int(self.records[record_id]["date"][:4])

    def recorded(self, record_id: str) -> bool:
        return self.records[record_id]["vote_type"].upper().startswith("RECORDED")

    def common_votes(self, a: str, b: str, first: int, last: int | None = None) -> tuple[int, int, int]:
        """(votes, agreed, opposed) of two states over recorded votes where both voted Y, N or A."""
        votes = agreed = opposed = 0
        for record_id, roll in self.votes.items():
            year = self.year(record_id)
            if not self.recorded(record_id) or year < first or (last is not None and year > last):
                continue
            va, vb = roll.get(a), roll.get(b)
            if va in CAST and vb in CAST:
                votes += 1
                agreed += va == vb
                opposed += {va, vb} == {"Y", "N"}
        return votes, agreed, opposed


@pytest.fixture(scope="session")
def collection(ohchr_dir: Path) -> Collection:
    with (ohchr_dir / "resolutions.csv").open(encoding="utf-8", newline="") as fh:
        records = {row["record_id"]: row for row in csv.DictReader(fh)}
    votes: dict[str, dict[str, str]] = defaultdict(dict)
    with (ohchr_dir / "votes_long.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            votes[row["record_id"]][row["iso3"]] = row["vote"]
    return Collection(records, dict(votes))


def rows(store: EmbeddedStore, name: str, params: dict[str, str]) -> list[dict[str, str | None]]:
    result = run_named(store, name, params)
    assert isinstance(result, SelectResult)
    names = [v.value for v in result.variables]
    return [{n: (None if s[n] is None else s[n].value) for n in names} for s in result]


def adopted_council_text(record: dict[str, str]) -> bool:
    """A Council resolution, decision or presidential statement that was not withdrawn or left aside
    (amendments, catalogued under L symbols, some as ``A/HRC/RES/56/L.30``, are not texts of their own)."""
    symbol = record["symbol"].replace(" ", "")
    return (record["body"] == COUNCIL
            and re.match(r"^A/HRC/(RES|DEC|PRST)", symbol) is not None and "/L." not in symbol
            and not record["vote_type"].upper().startswith(("WITHDRAWN", "NOT CONSIDERED")))


def agenda_item(record: dict[str, str]) -> int | None:
    """The Council agenda item (1-10) of an adopted text, from the session that adopted the agenda of
    the institution-building package on: the 6th regular and the 5th special session."""
    m = re.fullmatch(r"\s*(\d+)\.?\s*", record["agenda_item_no"])
    session = re.match(r"^A/HRC/(?:RES|DEC|PRST)/?(S-)?(\d+)/", record["symbol"].replace(" ", ""))
    if not m or not 1 <= int(m.group(1)) <= 10 or session is None:
        return None
    first = 5 if session.group(1) else 6
    return int(m.group(1)) if int(session.group(2)) >= first else None


def test_voting_agreement_france_usa_2020_2025(ohchr_store: EmbeddedStore, collection: Collection) -> None:
    """France and the United States, 2020-2025: 194 common votes, 174 the same, 11 opposed (0.8969),
    counted from votes_long.csv."""
    votes, agreed, opposed = collection.common_votes("FRA", "USA", 2020, 2025)
    assert votes > 100
    [row] = rows(ohchr_store, "voting-agreement", {"a": "FRA", "b": "USA", "from": "2020", "to": "2025"})
    assert (row["votes"], row["agreed"], row["opposed"]) == (str(votes), str(agreed), str(opposed))
    assert float(row["agreement"] or 0) == pytest.approx(agreed / votes, abs=5e-5)


def test_voting_agreement_over_every_year(ohchr_store: EmbeddedStore, collection: Collection) -> None:
    """From 1946 on, Commission votes included (France and the USA: 967 common votes)."""
    votes, agreed, opposed = collection.common_votes("FRA", "USA", 1946)
    [row] = rows(ohchr_store, "voting-agreement", {"a": "FRA", "b": "USA", "from": "1946"})
    assert (row["votes"], row["agreed"], row["opposed"]) == (str(votes), str(agreed), str(opposed))


def test_voting_partners_of_the_usa(ohchr_store: EmbeddedStore, collection: Collection) -> None:
    """Every partner of the United States since 2006 with at least 10 common votes, each with its
    counts from the CSV, closest first."""
    partners = {iso3 for roll in collection.votes.values() for iso3 in roll} - {"USA"}
    expected = {}
    for iso3 in partners:
        votes, agreed, opposed = collection.common_votes("USA", iso3, 2006)
        if votes >= 10:
            expected[iso3] = (str(votes), str(agreed), str(opposed))
    got = rows(ohchr_store, "voting-partners", {"state": "USA"})
    assert {r["partner"]: (r["votes"], r["agreed"], r["opposed"]) for r in got} == expected
    shares = [float(r["agreement"] or 0) for r in got]
    assert shares == sorted(shares, reverse=True)


def test_state_votes_of_france_since_2024(ohchr_store: EmbeddedStore, collection: Collection) -> None:
    """Every roll-call entry of France on texts adopted in 2024 or later (108 in the collection), by date
    and vote (the graph normalizes some catalogued symbols, so symbols are not compared)."""
    expected = Counter(
        (collection.records[rid]["date"], OPTION[roll["FRA"]])
        for rid, roll in collection.votes.items() if "FRA" in roll and collection.year(rid) >= 2024
    )
    got = rows(ohchr_store, "state-votes", {"state": "FRA", "from": "2024"})
    assert Counter((r["date"], r["vote"]) for r in got) == expected
    assert len(got) == sum(expected.values())
    dates = [r["date"] or "" for r in got]
    assert dates == sorted(dates)


def test_texts_per_agenda_item(ohchr_store: EmbeddedStore, collection: Collection) -> None:
    """Adopted Council texts per item and year since 2006, and how many by recorded vote and without a
    vote (2023, item 4: 10 texts, 8 by recorded vote)."""
    expected: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for record in collection.records.values():
        item = agenda_item(record)
        if item is None or not adopted_council_text(record) or int(record["date"][:4]) < 2006:
            continue
        counts = expected[(str(item), record["date"][:4])]
        counts[0] += 1
        counts[1] += record["vote_type"].upper().startswith("RECORDED")
        counts[2] += record["vote_type"].upper() == "ADOPTED WITHOUT VOTE"
    got = rows(ohchr_store, "texts-per-agenda-item", {})
    assert {(r["item"], r["year"]): [int(r["texts"] or 0), int(r["recordedVote"] or 0),
                                     int(r["withoutVote"] or 0)] for r in got} == dict(expected)
    assert expected[("4", "2023")][:2] == [10, 8]


def _state_names() -> dict[str, str]:
    """Upper-case UN short names -> ISO3, from the shared UN states table."""
    names = {}
    with UN_STATES.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            names[re.sub(r"\s*\(the\)$", "", row["name_unterm_short"]).upper()] = row["iso3"]
    return names


@pytest.mark.parametrize("year", [2020, 2023])
def test_item4_vs_item10(ohchr_store: EmbeddedStore, collection: Collection, year: int) -> None:
    """Item 4 and item 10 country texts of a year: the states the catalogue's agenda subject names
    by their UN name are among the states the graph gives, and each such text is counted (2023, item 4:
    Belarus, Burundi, the DPRK, Iran, Myanmar, Russia, Syria and Ukraine in 10 texts)."""
    if not UN_STATES.is_file():
        pytest.skip("the shared UN states table is not there")
    names = _state_names()
    expected: dict[str, set[str]] = {"4": set(), "10": set()}
    texts: Counter[str] = Counter()
    for record in collection.records.values():
        item = agenda_item(record)
        if item not in (4, 10) or not adopted_council_text(record) or record["date"][:4] != str(year):
            continue
        named = {names[s.strip().upper()] for s in record["agenda_subject"].split(" - ")
                 if s.strip().upper() in names}
        if named:
            expected[str(item)] |= named
            texts[str(item)] += 1
    got = {r["item"]: r for r in rows(ohchr_store, "item4-vs-item10", {"from": str(year), "to": str(year)})}
    assert set(got) == {"4", "10"}
    for key in ("4", "10"):
        codes = set((got[key]["stateCodes"] or "").split())
        assert expected[key] <= codes, f"item {key}: missing {sorted(expected[key] - codes)}"
        assert int(got[key]["states"] or 0) == len(codes)
        assert int(got[key]["texts"] or 0) >= texts[key]
    if year == 2023:
        assert expected["4"] == {"BLR", "BDI", "PRK", "IRN", "MMR", "RUS", "SYR", "UKR"}
        assert got["4"]["texts"] == "10"


def test_group_sponsorship_of_the_african_group(ohchr_store: EmbeddedStore, collection: Collection) -> None:
    """Texts whose main sponsors name the African Group (as "African Group" or "Group of African
    States"), by year: the same texts, counted from resolutions.csv."""
    pattern = re.compile(r"african\s+group|group\s+of\s+african\s+states", re.IGNORECASE)
    expected = Counter(r["date"] for r in collection.records.values() if pattern.search(r["main_sponsors"]))
    got = rows(ohchr_store, "group-sponsorship", {"group": "african-group"})
    assert Counter(r["date"] for r in got) == expected
    assert len({r["text"] for r in got}) == sum(expected.values())
    assert {r["how"] for r in got} <= {"onBehalfOf", "asSponsor"}
    years = [r["year"] or "" for r in got]
    assert years == sorted(years)


def test_mandate_actions_from_titles(ohchr_store: EmbeddedStore, collection: Collection) -> None:
    """Every adopted Council text whose title begins "Mandate of the Special Rapporteur on" names a
    mandate action derived from its title."""
    expected = {
        r["symbol"] for r in collection.records.values()
        if adopted_council_text(r) and re.match(r"\s*Mandate of the Special Rapporteur on\b", r["title"], re.I)
    }
    assert len(expected) > 20
    got = rows(ohchr_store, "mandate-actions", {})
    from_titles = {r["symbol"] for r in got if r["derivation"] == "FromTitle"}
    assert expected <= from_titles, sorted(expected - from_titles)
    assert {r["derivation"] for r in got} <= {"FromTitle", "FromClause"}
    assert all(r["mandateName"] for r in got)


def test_text_record(ohchr_store: EmbeddedStore, collection: Collection) -> None:
    """A/HRC/RES/53/19 (Belarus, 2023): the official tallies 20-6-21 and its 47 roll-call entries."""
    [record_id] = [rid for rid, r in collection.records.items() if r["symbol"] == "A/HRC/RES/53/19"]
    record = collection.records[record_id]
    got = rows(ohchr_store, "text-record", {"symbol": "A/HRC/RES/53/19"})
    assert {(r["voter"], r["vote"]) for r in got} == {
        (iso3, OPTION[v]) for iso3, v in collection.votes[record_id].items()}
    assert len(got) == 47
    first = got[0]
    assert (first["yes"], first["no"], first["abstain"], first["nonVoting"], first["total"]) == (
        record["yes"], record["no"], record["abstain"], record["nonvoting"], record["total"])
    assert (first["decision"], first["date"], first["session"], first["agendaItem"]) == (
        "RecordedVote", record["date"], "53", "4")


def test_session_members(ohchr_store: EmbeddedStore, collection: Collection) -> None:
    """The 47 members of the Council's 55th session: every state listed Y, N, A or "." on a recorded
    vote of a text of that session, with its UN regional group."""
    members = {
        iso3 for rid, roll in collection.votes.items()
        if re.match(r"^A/HRC/(RES|DEC|PRST)/55/", collection.records[rid]["symbol"])
        for iso3, vote in roll.items() if vote in CAST | {"."}
    }
    assert len(members) == 47
    got = rows(ohchr_store, "session-members", {"session": "55"})
    assert {r["iso3"] for r in got} == members
    if UN_STATES.is_file():
        with UN_STATES.open(encoding="utf-8", newline="") as fh:
            groups = {row["iso3"]: row["un_regional_group"] for row in csv.DictReader(fh)}
        assert {r["iso3"]: r["regionalGroup"] for r in got} == {iso3: groups[iso3] for iso3 in members}


def test_clauses_from_the_seed_record(ohchr_store: EmbeddedStore, seed_dir: Path) -> None:
    """The seed record quotes four clauses that strongly condemn: found whatever the case of the phrase."""
    seed_files = sorted(seed_dir.glob("*.txt"))
    quoted = [
        line for path in seed_files for line in path.read_text(encoding="utf-8").splitlines()
        if re.match(r"\s*•\s*[\"“]", line) and "strongly condemns" in line.lower()
    ]
    assert len(quoted) == 4
    got = rows(ohchr_store, "clauses-containing", {"phrase": "Strongly Condemns"})
    assert len({r["clause"] for r in got}) == len(quoted)
    assert {r["stance"] for r in got} == {"Criticism"}
