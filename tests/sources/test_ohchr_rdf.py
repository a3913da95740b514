"""OHCHR records -> triples, checked by querying a small in-memory store."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import NamedNode, Store

from hrcgraph.graph.countries import Countries
from hrcgraph.graph.iris import IriFactory
from hrcgraph.graph.sources.base import SourceBatch
from hrcgraph.graph.sources.ohchr import OhchrData, read_ohchr
from hrcgraph.graph.sources.ohchr_rdf import (
    OHCHR_ATTRIBUTION,
    OHCHR_LICENSE,
    decision_method,
    draft_symbols,
    ohchr_batch,
    title_language,
    valid_url,
)

from support.batches import batch_store, select

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ohchr"
IRIS = IriFactory()
ID = IRIS.base + "id/"
HRC = "https://w3id.org/hrcgraph/ontology#"


@pytest.fixture(scope="module")
def data() -> OhchrData:
    return read_ohchr(FIXTURES)


@pytest.fixture(scope="module")
def batch(data: OhchrData) -> SourceBatch:
    return ohchr_batch(data, Countries.load(), IRIS)


@pytest.fixture(scope="module")
def store(batch: SourceBatch) -> Store:
    return batch_store(batch)



def values(store: Store, subject: str, predicate: str) -> list[str]:
    return [row[0] for row in select(store, f"SELECT ?o WHERE {{ <{subject}> {predicate} ?o }}")]


def test_batch_describes_its_source(batch: SourceBatch, data: OhchrData) -> None:
    assert batch.graph == NamedNode(IRIS.base + "graph/ohchr")
    assert batch.license == OHCHR_LICENSE == "PolyForm Noncommercial 1.0.0"
    assert "github.com/lszoszk/hrc-voting" in (batch.attribution or "")
    assert "Required Notice: Copyright © 2026 Łukasz Szoszkiewicz" in OHCHR_ATTRIBUTION
    assert "OHCHR Search Library" in OHCHR_ATTRIBUTION
    assert [f.path.name for f in batch.files] == ["resolutions.csv", "votes_long.csv"]
    assert len(batch.warnings) >= len(data.warnings)


def test_nothing_is_dropped(store: Store, data: OhchrData) -> None:
    texts = select(store, "SELECT DISTINCT ?t WHERE { ?t hrc:ohchrRecordId ?id }")
    assert len(texts) == len(data.records)
    votes = select(store, "SELECT ?v WHERE { ?v a hrc:Vote }")
    assert len(votes) == len(data.votes)
    events = select(store, "SELECT ?e WHERE { ?t hrc:decision ?e . ?e a hrc:VoteEvent }")
    assert len(events) == len(data.records)


def test_resolution_adopted_without_a_vote(store: Store) -> None:
    text = ID + "text/A/HRC/RES/90/1"
    assert values(store, text, "a") == [HRC + "Resolution"]
    assert values(store, text, "hrc:symbol") == ["A/HRC/RES/90/1"]
    assert values(store, text, "dct:title") == [
        "Technical assistance and capacity-building for Mali in the field of human rights"]
    assert values(store, text, "hrc:adoptedBy") == [ID + "body/hrc"]
    assert values(store, text, "hrc:session") == [ID + "session/hrc/90"]
    assert values(store, text, "hrc:dateAdopted") == ["2031-04-04"]
    assert values(store, text, "hrc:agendaItem") == [HRC + "Item10"]
    assert values(store, text, "hrc:meeting") == ["Adopted at the 50th meeting"]
    assert values(store, text, "hrc:concerns") == [ID + "state/MLI"]
    assert values(store, text, "hrc:subject") == [ID + "subject/independent-experts"]
    assert values(store, text, "hrc:draft") == [ID + "text/A/HRC/90/L.5"]
    assert values(store, text, "hrc:draftNote") == ["Draft resolution  A/HRC/90/L.5"]
    assert values(store, text, "hrc:ohchrRecord") == ["https://searchlibrary.ohchr.org/record/900001"]
    assert values(store, text, "hrc:unDocument") == ["http://undocs.org/A/HRC/90/L.5",
                                                      "http://undocs.org/A/HRC/RES/90/1"]
    assert values(store, text + "#vote", "hrc:decisionMethod") == [HRC + "AdoptedWithoutVote"]
    assert values(store, text + "#vote", "hrc:yesCount") == []


def test_title_language_is_tagged(store: Store) -> None:
    rows = select(store, f"SELECT (LANG(?t) AS ?l) WHERE {{ <{ID}text/A/HRC/RES/90/2> dct:title ?t }}")
    assert rows == [("fr",)]
    rows = select(store, f"SELECT (LANG(?t) AS ?l) WHERE {{ <{ID}text/A/HRC/RES/90/1> dct:title ?t }}")
    assert rows == [("en",)]


@pytest.mark.parametrize(("title", "language"), [
    ("Assistance technique et renforcement des capacités dans le domaine des droits de l’homme au Mali", "fr"),
    ("Situation des droits de l’homme dans l’est de la République démocratique du Congo", "fr"),
    ("Cooperación técnica y fomento de la capacidad en materia de derechos humanos", "es"),
    ("Situation in Afghanistan", "en"),
    ("El Salvador", "en"),
    ("Situation of human rights in Côte d’Ivoire", "en"),
    ("Hostage-taking", "en"),
])
def test_title_language(title: str, language: str) -> None:
    assert title_language(title) == language


def test_sponsors(store: Store) -> None:
    rows = select(store, f"""
        SELECT ?sponsor ?behalf ?statement WHERE {{
            <{ID}text/A/HRC/RES/90/2> hrc:sponsorship ?s .
            ?s a hrc:Sponsorship ; hrc:sponsorRole hrc:MainSponsor ; hrc:sponsor ?sponsor ;
               hrc:sponsorStatement ?statement .
            OPTIONAL {{ ?s hrc:onBehalfOf ?behalf }}
        }}""")
    assert rows == [
        (ID + "state/CAN", "", "Canada"),
        (ID + "state/FIN", ID + "group/european-union", "Finland (on behalf of the European Union)"),
    ]
    gambia = select(store, f"""SELECT ?sponsor ?behalf WHERE {{
        <{ID}text/A/HRC/RES/90/1#sponsor-1> hrc:sponsor ?sponsor ; hrc:onBehalfOf ?behalf }}""")
    assert gambia == [(ID + "state/GMB", ID + "group/african-group")]
    group = select(store, f"""SELECT ?sponsor ?behalf WHERE {{
        <{ID}text/A/HRC/RES/90/3#sponsor-1> hrc:sponsor ?sponsor ; hrc:onBehalfOf ?behalf }}""")
    assert group == [(ID + "state/RUS", ID + "group/group-of-states")]


def test_recorded_vote(store: Store) -> None:
    event = ID + "text/A/HRC/RES/90/2#vote"
    assert values(store, event, "hrc:decisionMethod") == [HRC + "RecordedVote"]
    tallies = select(store, f"""SELECT ?y ?n ?a ?nv ?t (DATATYPE(?y) AS ?dt) WHERE {{
        <{event}> hrc:yesCount ?y ; hrc:noCount ?n ; hrc:abstainCount ?a ; hrc:nonVotingCount ?nv ;
                  hrc:totalCount ?t }}""")
    assert tallies == [("3", "1", "1", "0", "5", "http://www.w3.org/2001/XMLSchema#integer")]
    votes = select(store, f"""SELECT ?v ?state ?option WHERE {{
        ?v a hrc:Vote ; hrc:inVoteEvent <{event}> ; hrc:voter ?state ; hrc:voteOption ?option }}""")
    assert (event + "-MLI", ID + "state/MLI", HRC + "VoteYes") in votes
    assert (event + "-CHN", ID + "state/CHN", HRC + "VoteNo") in votes
    assert (event + "-IND", ID + "state/IND", HRC + "VoteAbstain") in votes
    assert len(votes) == 5


def test_every_vote_code(store: Store) -> None:
    rows = select(store, f"""SELECT ?state ?option WHERE {{
        ?v hrc:inVoteEvent <{ID}text/A/HRC/RES/S-90/1#vote> ; hrc:voter ?state ; hrc:voteOption ?option }}""")
    assert rows == sorted([
        (ID + "state/USA", HRC + "VoteYes"), (ID + "state/CHN", HRC + "VoteNo"),
        (ID + "state/IND", HRC + "VoteAbstain"), (ID + "state/FRA", HRC + "VoteAbsent"),
        (ID + "state/BRA", HRC + "VoteNotMember"),
    ])


def test_former_states_vote(store: Store) -> None:
    text = IRIS.text("E/CN.4/RES/7(XL)").value
    rows = select(store, f"SELECT ?state WHERE {{ ?v hrc:inVoteEvent <{text}#vote> ; hrc:voter ?state }}")
    assert [r[0].rsplit("/", 1)[1] for r in rows] == ["CSK", "DDR", "GER", "SUN", "YUG"]


def test_same_state_twice_gets_two_votes(store: Store, batch: SourceBatch) -> None:
    event = ID + "text/A/HRC/90/L.40#vote"
    rows = select(store, f"SELECT ?v WHERE {{ ?v hrc:inVoteEvent <{event}> ; hrc:voter <{ID}state/BEN> }}")
    assert rows == [(event + "-BEN",), (event + "-BEN-2",)]


def test_amendment(store: Store) -> None:
    text = ID + "text/A/HRC/90/L.40"
    assert values(store, text, "a") == [HRC + "Amendment"]
    assert values(store, text, "hrc:amends") == [ID + "text/A/HRC/90/L.5"]
    assert values(store, text, "hrc:draft") == []
    assert values(store, text, "hrc:meeting") == ["45th meeting"]  # from meeting_type
    assert values(store, ID + "text/A/HRC/90/L.5", "a") == [HRC + "Draft"]
    assert values(store, ID + "text/A/HRC/90/L.5", "hrc:symbol") == ["A/HRC/90/L.5"]
    revised = ID + "text/A/HRC/90/L.41"  # "A/HRC/90/L.41 as orally revised"
    assert values(store, revised, "hrc:amends") == [ID + "text/A/HRC/90/L.8"]  # "to draft resolution L.8"
    assert values(store, revised, "hrc:catalogueNote") == ["symbol as catalogued: A/HRC/90/L.41 as orally revised"]
    assert values(store, revised + "#vote", "hrc:decisionMethod") == [HRC + "Withdrawn"]


def test_draft_symbol_typo_is_read(store: Store) -> None:
    assert values(store, ID + "text/A/HRC/RES/90/3", "hrc:draft") == [ID + "text/A/HRC/90/L.8"]
    assert values(store, ID + "text/A/HRC/RES/90/3", "hrc:draftNote") == ["Draft resolution A/HRC/90//L.8"]


def test_commission_resolution(store: Store) -> None:
    text = ID + "text/E/CN.4/RES/2005/90"
    assert values(store, text, "hrc:session") == [ID + "session/chr/61"]
    assert values(store, text, "hrc:adoptedBy") == [ID + "body/chr"]
    item = ID + "agenda/chr/61/11a"
    assert values(store, text, "hrc:agendaItem") == [item]
    assert values(store, item, "a") == ["http://www.w3.org/2004/02/skos/core#Concept", HRC + "AgendaItem"]
    assert values(store, item, "skos:notation") == ["11a"]
    assert values(store, item, "skos:prefLabel") == ["Promotion of the rights of the child"]
    assert values(store, item, "skos:inScheme") == [ID + "agenda/chr/61"]
    assert values(store, text + "#vote", "hrc:decisionMethod") == [HRC + "NonRecorded"]
    assert values(store, text + "#vote", "hrc:catalogueNote") == ["adopted unanimously"]
    # the link found in meeting_type is a UN document; the URL without a scheme is kept as a note
    assert values(store, text, "hrc:unDocument") == ["http://undocs.org/E/2005/23(SUPP)"]
    assert values(store, text, "hrc:catalogueNote") == ["url_draft: undocs.org/E/CN.4/2005/L.90"]
    assert values(store, text, "hrc:draft") == [ID + "text/E/CN.4/2005/L.90"]


def test_sessions(store: Store) -> None:
    rows = select(store, """SELECT ?s ?number ?type ?year ?body WHERE {
        ?s a hrc:Session ; hrc:sessionNumber ?number ; hrc:sessionType ?type ; hrc:year ?year ; hrc:body ?body }""")
    assert (ID + "session/hrc/S-90", "S-90", HRC + "SpecialSession", "2031", ID + "body/hrc") in rows
    assert (ID + "session/chr/61", "61", HRC + "RegularSession", "2005", ID + "body/chr") in rows
    assert (ID + "session/chr/26", "26", HRC + "RegularSession", "1970", ID + "body/chr") in rows
    assert values(store, ID + "session/hrc/90", "skos:prefLabel") == ["Human Rights Council, 90th session"]


def test_agenda_subject_state_is_an_inferred_link(store: Store) -> None:
    text = ID + "text/A/HRC/RES/S-90/1"
    assert values(store, text, "hrc:concerns") == [ID + "state/ETH"]  # found in agenda_item_no
    rows = select(store, f"""SELECT ?basis ?from WHERE {{
        ?st a rdf:Statement ; rdf:subject <{text}> ; rdf:predicate hrc:concerns ; rdf:object <{ID}state/ETH> ;
            hrc:basis ?basis ; prov:wasDerivedFrom ?from }}""")
    assert rows == [(HRC + "FromAgendaSubject", text)]


def test_subjects_are_concepts(store: Store) -> None:
    subject = ID + "subject/technical-cooperation"
    assert values(store, subject, "a") == ["http://www.w3.org/2004/02/skos/core#Concept", HRC + "Subject"]
    assert values(store, subject, "skos:prefLabel") == ["TECHNICAL COOPERATION"]


def test_texts_without_usable_or_unique_symbol_use_the_record(store: Store) -> None:
    for record_id in ("900007", "900008", "900009"):
        text = ID + "text/ohchr/" + record_id
        assert values(store, text, "hrc:ohchrRecordId") == [record_id]
    assert values(store, ID + "text/ohchr/900008", "hrc:symbol") == ["E/CN.4/DEC/2002"]
    assert values(store, ID + "text/ohchr/900007", "hrc:symbol") == []
    assert values(store, ID + "text/ohchr/900007", "a") == [HRC + "Decision"]


def test_repaired_symbol_names_the_text(store: Store) -> None:
    text = ID + "text/A/HRC/DEC/90/101"
    assert values(store, text, "hrc:symbol") == ["A/HRC/DEC/90/101"]
    assert values(store, text, "hrc:catalogueNote") == ["symbol as catalogued: A/HRC/DEC90/101"]


def test_nuclear_commission_keeps_its_statement(store: Store) -> None:
    text = ID + "text/ohchr/900013"
    assert values(store, text, "hrc:session") == []
    assert values(store, text, "hrc:agendaItem") == []
    assert values(store, text, "hrc:catalogueNote") == [
        "adopted by the Commission on Human Rights of the Economic and Social Council at its 1st nuclear session"]


def test_mandate_action_from_title(store: Store) -> None:
    action = ID + "text/A/HRC/RES/90/3#mandate-action-1"
    mandate = ID + "mandate/special-rapporteur-on-the-right-to-food"
    assert values(store, action, "a") == [HRC + "MandateAction"]
    assert values(store, action, "hrc:onMandate") == [mandate]
    assert values(store, action, "hrc:takenBy") == [ID + "text/A/HRC/RES/90/3"]
    assert values(store, action, "hrc:derivation") == [HRC + "FromTitle"]
    assert values(store, mandate, "a") == [HRC + "Mandate"]
    assert values(store, mandate, "hrc:mandateKind") == [HRC + "ThematicMandate"]
    # the amendment with the same title takes no action of its own
    assert values(store, ID + "text/A/HRC/90/L.41#mandate-action-1", "a") == []


@pytest.mark.parametrize(("vote_type", "method", "note"), [
    ("RECORDED", "RecordedVote", None),
    ("RECORDED, adopted at a closed meeting", "RecordedVote", "adopted at a closed meeting"),
    ("ADOPTED WITHOUT VOTE", "AdoptedWithoutVote", None),
    ("NON-RECORDED", "NonRecorded", None),
    ("NON-RECORDED, no voting information available", "NonRecorded", "no voting information available"),
    ("WITHDRAWN", "Withdrawn", None),
    ("NOT CONSIDERED", "NotConsidered", None),
])
def test_decision_methods(vote_type: str, method: str, note: str | None) -> None:
    node, variant = decision_method(vote_type)
    assert node == NamedNode(HRC + method)
    assert variant == note


def test_unknown_decision_method() -> None:
    assert decision_method("POSTPONED") == (None, None)


@pytest.mark.parametrize(("url", "ok"), [
    ("https://searchlibrary.ohchr.org/record/25344", True),
    ("http://undocs.org/E/1990/22(SUPP)", True),
    ("undocs.org/E/CN.4/782", False),
    ("http://undocs.org/ A/HRC/10/L.33/Rev.1", False),
    ("", False),
])
def test_valid_url(url: str, ok: bool) -> None:
    assert valid_url(url) is ok


def test_draft_symbols_of_an_amendment(data: OhchrData) -> None:
    assert draft_symbols(data.by_id["900006"]) == ([], ["A/HRC/90/L.5"])
    assert draft_symbols(data.by_id["900001"]) == (["A/HRC/90/L.5"], [])
    assert draft_symbols(data.by_id["900008"]) == ([], [])  # a report, not a draft


def test_the_same_input_gives_the_same_triples(data: OhchrData, batch: SourceBatch) -> None:
    again = ohchr_batch(data, Countries.load(), IRIS)
    assert again.triples == batch.triples
