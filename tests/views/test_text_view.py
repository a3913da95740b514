"""The text page's view model: summary, sponsors, decision and roll call, clauses, actions, commentaries."""

from __future__ import annotations

from hrcgraph.graph.store.embedded import EmbeddedStore
from hrcgraph.graph.terms import T
from hrcgraph.graph.views import build_view
from hrcgraph.graph.views.text import Counts, TextPage

from support.views import iri

RES_55_25 = "id/text/A/HRC/RES/55/25"
RES_S33 = "id/text/A/HRC/RES/S-33/1"


def test_the_summary_of_a_text(store: EmbeddedStore) -> None:
    view = build_view(store, iri(RES_55_25))
    assert view.kind == "text"
    page = view.data
    assert isinstance(page, TextPage)
    assert page.symbol is not None and page.symbol.label == "A/HRC/RES/55/25"
    assert [t.label for t in page.titles] == [
        "Technical assistance and capacity-building for Mali in the field of human rights"]
    assert page.body is not None and page.body.label == "Human Rights Council"
    assert page.session is not None and page.session.value == iri("id/session/hrc/55").value
    assert page.date is not None and page.date.value == "2024-04-04"
    assert [n.value for n in page.agenda_items] == [T.Item10.value]
    assert [n.label for n in page.concerns] == ["Mali"]
    assert [n.value for n in page.drafts] == [iri("id/text/A/HRC/55/L.32").value]
    assert [label for label, _ in page.links] == ["OHCHR record", "UN document"]
    assert page.record_id is not None and page.record_id.value == "30001"
    # each summary line cites the graphs its facts come from: the subjects come from two sources
    assert page.sources_of["subjects"] == (iri("graph/ohchr").value, iri("graph/seed/5d41402abc4b2a76").value)
    assert page.sources_of["symbol"] == (iri("graph/ohchr").value,)


def test_sponsors_main_first(store: EmbeddedStore) -> None:
    page = build_view(store, iri(RES_S33)).data
    assert [s.main for s in page.sponsorships] == [True, False]
    co = page.sponsorships[1]
    assert co.role is not None and co.role.value == T.CoSponsor.value
    assert [n.label for n in co.sponsors] == ["Mali"] and co.statement is not None and co.statement.label == "Mali"
    main = build_view(store, iri(RES_55_25)).data.sponsorships[0]
    assert [n.label for n in main.on_behalf_of] == ["African Group"]


def test_a_recorded_vote_with_its_roll_call(store: EmbeddedStore) -> None:
    page = build_view(store, iri(RES_S33)).data
    (decision,) = page.decisions
    assert decision.recorded and decision.method is not None and decision.method.value == T.RecordedVote.value
    assert decision.counts == Counts(yes=3, no=1, abstain=1, nonvoting=1, total=6)
    assert decision.roll_call == {"yes": 3, "no": 1, "abstain": 1, "absent": 1}
    # the roll call in reading order: accents do not move Côte d'Ivoire after Cuba
    voters = [v.voter.label for v in decision.votes]
    assert voters == sorted(voters, key=lambda name: name.replace("ô", "o").lower())
    by_voter = {v.voter.value.rsplit("/", 1)[-1]: v.key for v in decision.votes}
    assert by_voter == {"MLI": "yes", "FRA": "yes", "GMB": "yes", "CHN": "no", "USA": "abstain", "CIV": "absent"}


def test_a_decision_without_a_vote(store: EmbeddedStore) -> None:
    (decision,) = build_view(store, iri(RES_55_25)).data.decisions
    assert not decision.recorded and decision.votes == [] and decision.roll_call == {}
    assert decision.counts == Counts(None, None, None, None, None)


def test_clauses_preambular_first_with_the_stances_quoting_them(store: EmbeddedStore) -> None:
    page = build_view(store, iri(RES_55_25)).data
    assert [(c.operative, c.phrase) for c in page.clauses] == [(False, "Welcoming"), (True, "Decides")]
    assert [[s.key for s in c.stances] for c in page.clauses] == [["praise"], ["criticism"]]
    commentary = iri("id/commentary/unwatch/9a8b7c6d5e4f3a2b").value
    assert all(s.commentary == commentary for c in page.clauses for s in c.stances)


def test_mandate_actions_derived_from_a_clause(store: EmbeddedStore) -> None:
    (action,) = build_view(store, iri(RES_55_25)).data.actions
    assert [t.value for t in action.types] == [T.Extension.value]
    assert [m.label for m in action.mandates] == ["Independent Expert on the situation of human rights in Mali"]
    assert action.duration == "P1Y"
    assert action.clause == iri(RES_55_25 + "#clause-3f2a0b1c").value
    assert action.derivation is not None and action.derivation.value == T.FromClause.value


def test_commentaries_with_their_quotations(store: EmbeddedStore) -> None:
    (c,) = build_view(store, iri(RES_55_25)).data.commentaries
    assert c.commentator is not None and c.commentator.label == "UN Watch"
    assert c.graph == iri("graph/seed/5d41402abc4b2a76").value
    assert len(c.remarks) == 1 and c.remarks[0].startswith("This resolution strongly condemns")
    assert [(q.key, q.clause) for q in c.quotations] == [
        ("praise", iri(RES_55_25 + "#clause-77aa01de").value),
        ("criticism", iri(RES_55_25 + "#clause-3f2a0b1c").value)]
    assert c.quotations[0].stance is not None and c.quotations[0].stance.value == T.Praise.value


def test_a_record_without_symbol_lists_its_candidates(store: EmbeddedStore) -> None:
    page = build_view(store, iri("id/text/unwatch/0123456789abcdef")).data
    assert page.symbol is None
    assert [(c.candidate.value, c.reason) for c in page.candidates] == [
        (iri(RES_55_25).value, "same title, Council body, item 10")]


def test_every_view_names_its_sources(store: EmbeddedStore) -> None:
    view = build_view(store, iri(RES_55_25))
    assert {s.label for s in view.sources} >= {"OHCHR Search Library voting collection",
                                                "UN Watch resolutions database record"}
    assert any(f.predicate.value == T.symbol.value and f.object.label == "A/HRC/RES/55/25" for f in view.facts)
