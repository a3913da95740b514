"""What each named query answers on the fixture graph (tests/fixtures/queries/*.ttl).

Each case gives the parameters and the expected rows, restricted to the listed columns, in the
query's order. The figures were worked out by hand from the roll-call table at the top of
``ohchr.ttl``. A query file without an entry here fails ``test_every_query_has_expectations``.
"""

from __future__ import annotations

from dataclasses import dataclass

Row = tuple[str | None, ...]


@dataclass(frozen=True)
class Case:
    params: dict[str, str]
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    why: str

    def id(self) -> str:
        return "&".join(f"{k}={v}" for k, v in self.params.items()) or "defaults"


T = "https://w3id.org/hrcgraph/id/text/"

TOTALS_COLUMNS = ("state", "yes", "no", "abstain", "absent", "notMember", "rollCalls")
#: How every state of the fixture voted over the whole record: vote-totals without a range, and
#: vote-totals-whole-record from the precomputed totals.
WHOLE_RECORD_TOTALS = (
    ("FRA", "3", "1", "1", "0", "0", "5"),
    ("USA", "2", "3", "0", "0", "0", "5"),
    ("CHN", "1", "3", "0", "0", "0", "4"),
    ("CUB", "1", "3", "0", "0", "0", "4"),
    ("GMB", "1", "0", "1", "1", "0", "3"),
    ("MLI", "1", "1", "1", "0", "0", "3"),
    ("PAK", "0", "0", "0", "0", "1", "1"),
    ("SUN", "1", "0", "0", "0", "0", "1"),
)

EXPECTED: dict[str, list[Case]] = {
    "state-votes": [
        Case({"state": "FRA", "from": "2022"}, ("symbol", "year", "body", "agendaItem", "vote"), (
            ("A/HRC/RES/49/1", "2022", "hrc", "4", "Yes"),
            ("A/HRC/RES/52/3", "2023", "hrc", "3", "Yes"),
            ("A/HRC/RES/52/4", "2023", "hrc", "4", "Abstain"),
        ), "France's three Council roll calls, by date"),
        Case({"state": "fra"}, ("symbol", "vote"), (
            ("E/CN.4/RES/1985/1", "No"),
            ("E/CN.4/RES/2005/1", "Yes"),
            ("A/HRC/RES/49/1", "Yes"),
            ("A/HRC/RES/52/3", "Yes"),
            ("A/HRC/RES/52/4", "Abstain"),
        ), "from defaults to 1946: Commission votes too; the code is case-insensitive"),
        Case({"state": "GMB", "to": "2022"}, ("symbol", "vote", "to"), (
            ("A/HRC/RES/49/1", "Absent", "2022"),
        ), "an absent state is listed as Absent"),
        Case({"state": "GMB", "from": "2023"}, ("symbol", "vote"), (
            ("A/HRC/RES/52/3", "Yes"),
            ("A/HRC/RES/52/4", "Abstain"),
        ), "Gambia is listed twice on 52/3 (a source defect): one row"),
        Case({"state": "PAK"}, ("symbol", "vote"), (("A/HRC/RES/49/1", "NotMember"),),
             "a state listed as not a member"),
        Case({"state": "SUN"}, ("symbol", "body", "vote"), (("E/CN.4/RES/1985/1", "chr", "Yes"),),
             "a former state"),
    ],
    "voting-agreement": [
        Case({"a": "FRA", "b": "USA"}, ("a", "b", "from", "to", "votes", "agreed", "opposed", "agreement"), (
            ("FRA", "USA", "2006", None, "3", "1", "1", "0.3333"),
        ), "49/1 Y-Y agreed, 52/3 Y-N opposed, 52/4 A-Y differ"),
        Case({"a": "FRA", "b": "USA", "from": "1946"}, ("votes", "agreed", "opposed", "agreement"), (
            ("5", "2", "2", "0.4"),
        ), "plus 2005/1 Y-N opposed and 1985/1 N-N agreed"),
        Case({"a": "FRA", "b": "GMB", "to": "2022"}, ("votes", "agreed", "opposed", "agreement"), (
            ("0", "0", "0", None),
        ), "Gambia was absent on 49/1: no common vote, still one row"),
        Case({"a": "FRA", "b": "GMB"}, ("votes", "agreed", "opposed", "agreement"), (
            ("2", "2", "0", "1"),
        ), "52/3 Y-Y and 52/4 A-A"),
        Case({"a": "FRA", "b": "PAK"}, ("votes", "agreed"), (("0", "0"),),
             "'not a member' is not a vote"),
    ],
    "voting-partners": [
        Case({"state": "FRA", "min_votes": "1"},
             ("partner", "partnerName", "votes", "agreed", "opposed", "agreement"), (
            ("GMB", "Gambia", "2", "2", "0", "1"),
            ("CUB", "Cuba", "3", "1", "1", "0.3333"),
            ("MLI", "Mali", "3", "1", "0", "0.3333"),
            ("USA", "United States of America", "3", "1", "1", "0.3333"),
            ("CHN", "China", "3", "0", "2", "0"),
        ), "closest first; ties by more votes, then by code"),
        Case({"state": "FRA", "min_votes": "3", "to": "2023"}, ("partner",), (
            ("CUB",), ("MLI",), ("USA",), ("CHN",),
        ), "Gambia has only 2 common votes"),
    ],
    "texts-per-agenda-item": [
        Case({}, ("item", "year", "texts", "recordedVote", "withoutVote"), (
            ("4", "2022", "1", "1", "0"),
            ("10", "2022", "1", "0", "1"),
            ("3", "2023", "1", "1", "0"),
            ("4", "2023", "2", "1", "1"),
        ), "the withdrawn draft L.40 and the amendment L.41 are not counted"),
        Case({"item": "4", "from": "2023"}, ("item", "year", "texts", "recordedVote"), (
            ("4", "2023", "2", "1"),
        ), "one item, one year"),
    ],
    "item4-vs-item10": [
        Case({}, ("year", "item", "texts", "states", "stateCodes"), (
            ("2022", "4", "1", "1", "BLR"),
            ("2022", "10", "1", "1", "MLI"),
            ("2023", "4", "1", "1", "PRK"),
            ("2023", "10", "0", "0", ""),
        ), "the thematic decision, the withdrawn draft and the amendment are not country texts adopted"),
        Case({"to": "2021"}, ("year",), (), "no year before 2022 has a country text"),
    ],
    "group-sponsorship": [
        Case({"group": "african-group"}, ("group", "symbol", "how", "actingState", "role", "decision"), (
            ("african-group", "A/HRC/RES/49/2", "onBehalfOf", "GMB", "MainSponsor", "AdoptedWithoutVote"),
            ("african-group", "A/HRC/RES/52/3", "asSponsor", None, "MainSponsor", "RecordedVote"),
        ), "Gambia acting for the group, and the group named as sponsor"),
        Case({"group": "Group of African States", "from": "2023"}, ("group", "symbol"), (
            ("african-group", "A/HRC/RES/52/3"),
        ), "a name resolves to the political group's key"),
        Case({"group": "european-union"}, ("symbol", "decision"), (
            ("A/HRC/RES/49/1", "RecordedVote"),
            ("A/HRC/52/L.40", "Withdrawn"),
        ), "withdrawn drafts are listed, with their decision"),
    ],
    "mandate-actions": [
        Case({}, ("year", "mandateName", "mandateKind", "action", "duration", "derivation", "symbol"), (
            ("2022", "Independent Expert on the situation of human rights in Mali", "CountryMandate",
             "Extension", "P1Y", "FromTitle", "A/HRC/RES/49/2"),
            ("2023", "Special Rapporteur on the safety of journalists", "ThematicMandate",
             "Establishment", "P3Y", "FromClause", "A/HRC/RES/52/3"),
        ), "one action from a title, one from a clause"),
        Case({"mandate": "JOURNALISTS"}, ("mandate", "clauseText"), (
            ("JOURNALISTS", "Decides to appoint, for a period of three years, a Special Rapporteur on the "
                            "safety of journalists"),
        ), "the name filter ignores case; a clause-derived action gives its clause"),
        Case({"to": "2021"}, ("symbol",), (), "no action before 2022"),
    ],
    "text-record": [
        Case({"symbol": "A/HRC/RES/49/1"},
             ("session", "agendaItem", "decision", "yes", "no", "abstain", "nonVoting", "total", "voter", "vote"), (
            ("49", "4", "RecordedVote", "2", "2", "1", "1", "6", "CHN", "No"),
            ("49", "4", "RecordedVote", "2", "2", "1", "1", "6", "CUB", "No"),
            ("49", "4", "RecordedVote", "2", "2", "1", "1", "6", "FRA", "Yes"),
            ("49", "4", "RecordedVote", "2", "2", "1", "1", "6", "GMB", "Absent"),
            ("49", "4", "RecordedVote", "2", "2", "1", "1", "6", "MLI", "Abstain"),
            ("49", "4", "RecordedVote", "2", "2", "1", "1", "6", "PAK", "NotMember"),
            ("49", "4", "RecordedVote", "2", "2", "1", "1", "6", "USA", "Yes"),
        ), "tallies as published and the roll call, by code"),
        Case({"symbol": "A/HRC/RES/49/2"}, ("text", "decision", "yes", "voter", "vote"), (
            (T + "A/HRC/RES/49/2", "AdoptedWithoutVote", None, None, None),
        ), "no roll call: one row, vote columns empty"),
        Case({"symbol": "A/HRC/RES/99/1"}, ("text",), (), "an unknown symbol"),
    ],
    "clauses-containing": [
        Case({"phrase": "STRONGLY CONDEMN"}, ("kind", "symbol", "clauseNumber", "stance"), (
            (None, "A/HRC/RES/52/3", None, None),
            (None, "A/HRC/RES/52/3", "2", "Praise"),
        ), "both the preambular 'strongly condemning' and the operative 'Strongly condemns'"),
        Case({"phrase": "strongly condemns", "kind": "Operative"}, ("operativePhrase", "stance", "clause"), (
            ("Strongly condemns", "Praise", T + "A/HRC/RES/52/3#clause-0a1b2c3d4e5f6071"),
        ), "operative clauses only"),
        Case({"phrase": "recalling", "kind": "Preambular"}, ("symbol", "clauseText"), (
            ("A/HRC/RES/52/3", "Recalling that journalists must be able to work without fear, and strongly "
                               "condemning impunity"),
        ), "preambular clauses only"),
        Case({"phrase": "welcomes"}, ("clause",), (), "no clause welcomes anything"),
    ],
    "session-members": [
        Case({"session": "49"}, ("session", "body", "regionalGroup", "iso3", "name"), (
            ("49", "hrc", "AFRICAN", "GMB", "Gambia"),
            ("49", "hrc", "AFRICAN", "MLI", "Mali"),
            ("49", "hrc", "APG", "CHN", "China"),
            ("49", "hrc", "GRULAC", "CUB", "Cuba"),
            ("49", "hrc", "WEOG", "FRA", "France"),
            ("49", "hrc", "WEOG", "USA", "United States of America"),
        ), "Pakistan was listed as not a member"),
        Case({"session": "49", "body": "chr"}, ("iso3",), (("USA",),),
             "the Commission's 49th session is another session"),
        Case({"session": "S-1"}, ("iso3",), (), "a session without members in the graph"),
    ],
    "state-votes-by-year": [
        Case({"state": "FRA"}, ("year", "yes", "no", "abstain", "absent", "notMember"), (
            ("1985", "0", "1", "0", "0", "0"),
            ("2005", "1", "0", "0", "0", "0"),
            ("2022", "1", "0", "0", "0", "0"),
            ("2023", "1", "0", "1", "0", "0"),
        ), "France's five roll calls (as in state-votes), counted by year"),
        Case({"state": "FRA", "from": "2006", "to": "2022"}, ("year", "yes"), (("2022", "1"),),
             "only the Council's 2022 roll call is in the range"),
    ],
    "vote-totals": [
        Case({}, TOTALS_COLUMNS, WHOLE_RECORD_TOTALS,
             "every roll-call entry of the fixture, most roll calls first, ties by code"),
        Case({"from": "2006"}, ("state", "rollCalls"), (
            ("CHN", "3"), ("CUB", "3"), ("FRA", "3"), ("GMB", "3"), ("MLI", "3"), ("USA", "3"), ("PAK", "1"),
        ), "the Council's roll calls only"),
    ],
    "vote-totals-whole-record": [
        Case({}, TOTALS_COLUMNS, WHOLE_RECORD_TOTALS,
             "the same figures as vote-totals over the whole record, from the totals"),
    ],
    "agreement-partners": [
        Case({"state": "FRA", "from": "1946", "min_votes": "1"}, ("partner", "votes", "agreed", "agreement"), (
            ("GMB", "2", "2", "1"),
            ("USA", "5", "2", "0.4"),
            ("MLI", "3", "1", "0.3333"),
            ("CHN", "4", "1", "0.25"),
            ("CUB", "4", "1", "0.25"),
            ("SUN", "1", "0", "0"),
        ), "over the Commission and Council sessions; the same figures as voting-partners from 2006 on"),
        Case({"state": "FRA", "min_votes": "1"}, ("partner", "votes", "agreed", "agreement"), (
            ("GMB", "2", "2", "1"),
            ("CUB", "3", "1", "0.3333"),
            ("MLI", "3", "1", "0.3333"),
            ("USA", "3", "1", "0.3333"),
            ("CHN", "3", "0", "0"),
        ), "from 2006 (the default): equal to voting-partners on the raw roll calls"),
    ],
    "group-main-sponsorships": [
        Case({}, ("group", "groupName", "year", "texts"), (
            ("african-group", "African Group", "2022", "1"),
            ("african-group", "African Group", "2023", "1"),
            ("european-union", "European Union", "2022", "1"),
            ("european-union", "European Union", "2023", "1"),
        ), "one text a year for each group, as group-sponsorship lists them"),
    ],
}
