"""The texts graph: every paragraph a clause of its text, phrases as concepts, mandate actions from clauses."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad, QuerySolutions, Store, Triple

from hrcgraph.graph.countries import Countries
from hrcgraph.graph.iris import IriFactory
from hrcgraph.graph.lineage import previous_in_series
from hrcgraph.graph.namespaces import HRC, sparql_prefixes
from hrcgraph.graph.sources.base import SourceFile
from hrcgraph.graph.sources.ohchr import read_ohchr
from hrcgraph.graph.sources.ohchr_rdf import ohchr_batch
from hrcgraph.graph.sources.texts import read_texts, year_files
from hrcgraph.graph.sources.texts_rdf import TextsResult, import_texts, known_texts, texts_batch

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
IRIS = IriFactory()


def _store(triples: list[Triple]) -> Store:
    store = Store()
    store.extend(Quad(t.subject, t.predicate, t.object) for t in triples)
    return store


def _rows(store: Store, sparql: str) -> list[tuple[str, ...]]:
    result = store.query(sparql_prefixes() + sparql)
    assert isinstance(result, QuerySolutions)
    return [tuple(term.value if term is not None else "" for term in row) for row in result]


@pytest.fixture(scope="module")
def sample(ohchr_dir: Path, texts_dir: Path) -> TextsResult:
    countries = Countries.load()
    data = read_ohchr(ohchr_dir, countries)
    texts = read_texts([SourceFile.of(p) for p in year_files(texts_dir)])
    return texts_batch(texts, known_texts(data, IRIS), countries, IRIS)


@pytest.fixture(scope="module")
def sample_store(sample: TextsResult) -> Store:
    return _store(sample.batch.triples)


def test_every_sample_paragraph_is_a_clause(sample: TextsResult, sample_store: Store) -> None:
    assert (sample.joined, sample.not_joined, sample.general_assembly_left_out) == (12, [], 0)
    assert all("cites 'its resolutions 54/42'" in str(w) for w in sample.batch.warnings)  # see the citations test
    kinds = dict(_rows(sample_store, """
        SELECT ?kind (COUNT(?c) AS ?n) WHERE {
          ?c a hrc:Clause ; hrc:clauseKind ?k . BIND(STRAFTER(STR(?k), "#") AS ?kind)
        } GROUP BY ?kind"""))
    # counted in the files by label: 198 PP<n>, 205 OP<n>, 19 OP<n>(x)
    assert kinds == {"Preambular": "198", "Operative": "205", "SubParagraph": "19"}
    assert sum(int(n) for n in kinds.values()) == 422


def test_a_clause_keeps_its_label_order_and_both_wordings(sample_store: Store) -> None:
    op23 = IRIS.part(IRIS.text("A/HRC/RES/55/25"), "op-23")
    assert op23.value.endswith("/id/text/A/HRC/RES/55/25#op-23")
    row = _rows(sample_store, f"""
        SELECT ?label ?n ?pos ?text ?source ?phrase ?concept WHERE {{
          <{op23.value}> hrc:clauseLabel ?label ; hrc:clauseNumber ?n ; hrc:clausePosition ?pos ;
             hrc:clauseText ?text ; hrc:sourceText ?source ; hrc:operativePhrase ?phrase ;
             hrc:leadingPhrase/skos:prefLabel ?concept }}""")
    assert row == [("OP23", "23", "44",
                    "Decides to extend the mandate of Independent Expert on the situation of human rights in Mali for "
                    "a period of one year in order to permit him to continue to evaluate the situation of human rights "
                    "in Mali and to provide his assistance in ensuring the promotion, protection and implementation "
                    "of human rights and strengthening the rule of law;",
                    "23. Decides to extend the mandate of Independent Expert on the situation of human rights in Mali "
                    "for a period of one year in order to permit him to continue to evaluate the situation of human "
                    "rights in Mali and to provide his assistance in ensuring the promotion, protection and "
                    "implementation of human rights and strengthening the rule of law; 4 GE.24-06217",
                    "Decides to extend", "Decides")]


def test_sub_paragraphs_belong_to_their_paragraph(sample_store: Store) -> None:
    rows = _rows(sample_store, """
        SELECT ?label ?parent WHERE { ?c hrc:clauseOf <https://w3id.org/hrcgraph/id/text/A/HRC/RES/52/41> ;
            hrc:clauseKind hrc:SubParagraph ; hrc:clauseLabel ?label ; hrc:parentClause/hrc:clauseLabel ?parent }
        ORDER BY ?label""")
    assert rows == [("OP1(a)", "OP1"), ("OP1(b)", "OP1"), ("OP1(c)", "OP1")]


def test_leading_phrases_are_a_scheme_with_counts(sample: TextsResult, sample_store: Store) -> None:
    counts = dict(_rows(sample_store, """
        SELECT ?label ?n WHERE { ?p a hrc:LeadingPhrase ; skos:prefLabel ?label ; hrc:clauseCount ?n ;
                                    skos:inScheme <https://w3id.org/hrcgraph/id/phrase> }"""))
    for phrase in ("Decides", "Strongly condemns", "Requests", "Calls upon", "Recalling also", "Remaining concerned"):
        assert phrase in counts, phrase
    assert "Also strongly condemns" not in counts  # the sequence adverb is not part of the concept
    used = Counter(row[0] for row in _rows(sample_store, """
        SELECT ?label WHERE { ?c hrc:leadingPhrase/skos:prefLabel ?label }"""))
    assert {k: str(v) for k, v in used.items()} == counts


def _actions(store: Store) -> list[tuple[str, ...]]:
    return _rows(store, """
        SELECT ?text ?kind ?mandate ?duration ?date ?label WHERE {
          ?a hrc:takenBy ?t ; a ?k ; hrc:onMandate/skos:prefLabel ?mandate ; hrc:derivation hrc:FromClause ;
             hrc:derivedFromClause/hrc:clauseLabel ?label ; hrc:actionDate ?date .
          OPTIONAL { ?a hrc:duration ?duration }
          ?t ^hrc:clauseOf ?any . BIND(STRAFTER(STR(?t), "/id/text/") AS ?text) BIND(STRAFTER(STR(?k), "#") AS ?kind)
        } GROUP BY ?text ?kind ?mandate ?duration ?date ?label ORDER BY ?date ?text""")


def test_the_mandates_extended_in_the_sample_come_from_their_clauses(sample_store: Store) -> None:
    mali = "Independent Expert on the situation of human rights in Mali"
    haiti = "Independent Expert on the situation of human rights in Haiti"
    assert _actions(sample_store) == [
        ("A/HRC/RES/52/5", "Extension", "Special Rapporteur on minority issues", "P3Y", "2023-04-03", "OP1"),
        ("A/HRC/RES/52/42", "Extension", mali, "P1Y", "2023-04-04", "OP27"),
        ("A/HRC/RES/55/24", "Extension", haiti, "P1Y", "2024-04-04", "OP9"),
        ("A/HRC/RES/55/25", "Extension", mali, "P1Y", "2024-04-04", "OP23"),
        ("A/HRC/RES/58/30", "Extension", mali, "P1Y", "2025-04-04", "OP23"),
        ("A/HRC/RES/61/37", "Extension", mali, "P1Y", "2026-03-31", "OP23"),
        ("A/HRC/RES/61/38", "Extension", haiti, "P1Y", "2026-03-31", "OP9"),
    ]
    # one mandate across the years, whatever the wording ("the Independent Expert", "Independent Expert")
    mandates = _rows(sample_store, "SELECT DISTINCT ?m WHERE { ?a hrc:onMandate ?m }")
    assert len(mandates) == 3


def test_clauses_that_mention_a_mandate_without_acting_on_it_give_no_action(sample_store: Store) -> None:
    """"to help him carry out his mandate", "in the fulfilment of the mandate entrusted to him", ..."""
    mentioning = _rows(sample_store, """
        SELECT ?c WHERE { ?c a hrc:Clause ; hrc:clauseText ?t . FILTER(CONTAINS(LCASE(?t), "mandate")) }""")
    acting = _rows(sample_store, "SELECT ?c WHERE { ?a hrc:derivedFromClause ?c }")
    assert len(mentioning) > 30 and len(acting) == 7
    carry_out = _rows(sample_store, """
        SELECT ?c WHERE { ?c hrc:clauseText ?t . FILTER(CONTAINS(?t, "to help him carry out his mandate"))
                          FILTER NOT EXISTS { ?a hrc:derivedFromClause ?c } }""")
    assert len(carry_out) == 4  # 52/42, 55/25, 58/30, 61/37


def test_title_actions_give_way_to_clauses_and_the_rest_is_reported(tmp_path: Path) -> None:
    countries = Countries.load()
    data = read_ohchr(FIXTURES / "ohchr", countries)
    ohchr = ohchr_batch(data, countries, IRIS)
    title_action = NamedNode(IRIS.text("A/HRC/RES/90/3").value + "#mandate-action-1")
    assert any(t.subject == title_action for t in ohchr.triples)
    logged: list[str] = []
    batch = import_texts([SourceFile.of(FIXTURES / "texts" / "good" / "docs-2090.json")], [], data, ohchr, countries,
                         IRIS, log=logged.append).batch
    assert not any(t.subject == title_action for t in ohchr.triples)
    assert logged == ["  texts: 6 documents, 17 paragraphs; 3 joined, 1 General Assembly documents left out, 1 not "
                      "joined (reported); 1 texts act on a mandate by a clause, replacing 1 title-derived actions; "
                      "1 citations resolved (1 General Assembly or Security Council texts), 1 not; 0 texts follow an "
                      "earlier text of their series, 0 aligned clause by clause"]
    said = [str(w) for w in batch.warnings]
    assert said == [
        f"{FIXTURES / 'texts' / 'good' / 'docs-2090.json'}, field 'A/HRC/RES/90/99': A/HRC/RES/90/99 is not a text of "
        "the graph (not in the OHCHR collection, and named by none of its records); its 1 paragraphs are left out",
        f"{FIXTURES / 'texts' / 'good' / 'docs-2090.json'}, field 'A/HRC/RES/90/1 PP2': cites 'its resolution 89/1' "
        "(A/HRC/RES/89/1), which the graph does not know; left unresolved",
        "docs-2090.json: 1 General Assembly documents left out: no text of the graph needs their paragraphs",
    ]
    store = _store(batch.triples)
    action = NamedNode(IRIS.text("A/HRC/RES/90/3").value + "#mandate-action-op-1")
    assert Literal("P3Y", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#duration")) in [
        q.object for q in store.quads_for_pattern(action, NamedNode(str(HRC.duration)), None)]
    # the draft named by the OHCHR record is joined too, and a draft acts on no mandate
    draft_clauses = _rows(store, """
        SELECT ?c WHERE { ?c hrc:clauseOf <https://w3id.org/hrcgraph/id/text/A/HRC/90/L.40> }""")
    assert len(draft_clauses) == 2
    # the General Assembly text that a Council text cites keeps its paragraphs; the other is left out
    ga = _rows(store, """
        SELECT ?symbol ?c WHERE { ?c hrc:clauseOf ?t . ?t hrc:symbol ?symbol . FILTER(STRSTARTS(?symbol, "A/RES/")) }
        ORDER BY ?c""")
    assert ga == [("A/RES/90/100", "https://w3id.org/hrcgraph/id/text/A/RES/90/100#op-1"),
                  ("A/RES/90/100", "https://w3id.org/hrcgraph/id/text/A/RES/90/100#pp-1")]


def test_citations_resolve_both_ways_and_the_rest_is_reported(sample: TextsResult, sample_store: Store,
                                                              texts_dir: Path) -> None:
    assert (sample.resolved, sample.unresolved) == (87, 2)
    # the wrong "54/42 of 4 April 2023" of 55/25 and 61/37 is kept as written and reported
    assert [str(w) for w in sample.batch.warnings] == [
        f"{texts_dir / 'docs-2024.json'}, field 'A/HRC/RES/55/25 PP5': cites 'its resolutions 54/42' "
        "(A/HRC/RES/54/42), which the graph does not know; left unresolved",
        f"{texts_dir / 'docs-2026.json'}, field 'A/HRC/RES/61/37 PP5': cites 'its resolutions 54/42' "
        "(A/HRC/RES/54/42), which the graph does not know; left unresolved",
    ]
    cited_by = _rows(sample_store, """
        SELECT ?citing WHERE { ?t hrc:cites <https://w3id.org/hrcgraph/id/text/A/HRC/RES/55/25> .
                               BIND(STRAFTER(STR(?t), "/id/text/") AS ?citing) } ORDER BY ?citing""")
    assert cited_by == [("A/HRC/RES/58/30",), ("A/HRC/RES/58/30#pp-5",), ("A/HRC/RES/61/37",),
                        ("A/HRC/RES/61/37#pp-5",)]
    ga = _rows(sample_store, """
        SELECT ?symbol ?body ?doc WHERE { <https://w3id.org/hrcgraph/id/text/A/RES/60/251> a hrc:Text ;
            hrc:symbol ?symbol ; hrc:adoptedBy/skos:prefLabel ?body ; hrc:unDocument ?doc }""")
    assert ga == [("A/RES/60/251", "General Assembly", "https://undocs.org/A/RES/60/251")]


def test_texts_follow_their_series_and_their_clauses_are_aligned(ohchr_dir: Path, texts_dir: Path) -> None:
    countries = Countries.load()
    data = read_ohchr(ohchr_dir, countries)
    texts = read_texts([SourceFile.of(p) for p in year_files(texts_dir)])
    previous = {symbol: IRIS.text(record.symbol_info.normalized)
                for symbol, record in previous_in_series(data, countries, [d.symbol for d in texts.documents]).items()}
    result = texts_batch(texts, known_texts(data, IRIS), countries, IRIS, previous=previous)
    # 55/25, 58/30, 61/37 (Mali) and 55/26 (South Sudan); the sample lacks the texts before 55/24 and 61/38
    assert result.aligned == 4
    store = _store(result.batch.triples)
    series = _rows(store, """
        SELECT ?t ?p WHERE { ?text hrc:previousInSeries ?prev .
            BIND(STRAFTER(STR(?text), "/id/text/") AS ?t) BIND(STRAFTER(STR(?prev), "/id/text/") AS ?p)
            FILTER(CONTAINS(?t, "/52/42") || CONTAINS(?t, "/55/25") || CONTAINS(?t, "/58/30") || CONTAINS(?t, "/61/37"))
        } ORDER BY ?t""")
    assert series == [("A/HRC/RES/52/42", "A/HRC/RES/49/34"), ("A/HRC/RES/55/25", "A/HRC/RES/52/42"),
                      ("A/HRC/RES/58/30", "A/HRC/RES/55/25"), ("A/HRC/RES/61/37", "A/HRC/RES/58/30")]
    changes = dict(_rows(store, """
        SELECT ?change (COUNT(?c) AS ?n) WHERE { ?c hrc:clauseOf <https://w3id.org/hrcgraph/id/text/A/HRC/RES/58/30> ;
            hrc:clauseChange ?k . BIND(STRAFTER(STR(?k), "#") AS ?change) } GROUP BY ?change"""))
    assert changes == {"Unchanged": "30", "Changed": "22", "NewClause": "1"}
    op23 = _rows(store, """
        SELECT ?before WHERE { <https://w3id.org/hrcgraph/id/text/A/HRC/RES/61/37#op-23> hrc:alignedWith ?before }""")
    assert op23 == [("https://w3id.org/hrcgraph/id/text/A/HRC/RES/58/30#op-23",)]
    dropped = _rows(store, """
        SELECT ?c WHERE { <https://w3id.org/hrcgraph/id/text/A/HRC/RES/61/37> hrc:droppedClause ?c }""")
    assert len(dropped) == 3


def test_a_conversion_a_renaming_and_an_establishment_in_place_of_a_mandate_give_its_succession() -> None:
    """A hand-made year file whose clauses convert, rename and replace mandates (the sample holds none)."""
    countries = Countries.load()
    data = read_ohchr(FIXTURES / "ohchr", countries)
    ohchr = ohchr_batch(data, countries, IRIS)
    result = import_texts([SourceFile.of(FIXTURES / "texts" / "succession" / "docs-2031.json")], [], data, ohchr,
                          countries, IRIS, log=lambda _: None)
    store = _store([*ohchr.triples, *result.batch.triples])
    actions = _rows(store, """
        SELECT ?symbol ?kind ?on ?other ?label ?duration WHERE {
          ?a hrc:takenBy/hrc:symbol ?symbol ; a ?k ; hrc:onMandate/skos:prefLabel ?on ;
             hrc:derivedFromClause/hrc:clauseLabel ?label .
          OPTIONAL { ?a hrc:resultingMandate|hrc:predecessorMandate ?o . ?o skos:prefLabel ?other }
          OPTIONAL { ?a hrc:duration ?duration }
          BIND(STRAFTER(STR(?k), "#") AS ?kind)
        } ORDER BY ?symbol""")
    assert actions == [
        ("A/HRC/RES/90/1", "Conversion", "Independent Expert on minority issues",
         "Special Rapporteur on minority issues", "OP1", "P3Y"),
        ("A/HRC/RES/90/2", "Establishment", "Special Rapporteur on the situation of human rights in Mali",
         "Independent Expert on the situation of human rights in Mali", "OP1", "P1Y"),
        ("A/HRC/RES/90/3", "Renaming", "Special Rapporteur on the right to food",
         "Special Rapporteur on the right to adequate food", "OP1", ""),
    ]
    succession = _rows(store, """
        SELECT ?later ?earlier WHERE { ?l hrc:succeeds ?e . ?l skos:prefLabel ?later . ?e skos:prefLabel ?earlier }
        ORDER BY ?later""")
    assert succession == [
        ("Special Rapporteur on minority issues", "Independent Expert on minority issues"),
        ("Special Rapporteur on the right to adequate food", "Special Rapporteur on the right to food"),
        ("Special Rapporteur on the situation of human rights in Mali",
         "Independent Expert on the situation of human rights in Mali"),
    ]
    # both mandates of a succession are mandates of the graph, with their kind and state
    mali = _rows(store, """
        SELECT ?kind ?state WHERE { ?m skos:prefLabel "Independent Expert on the situation of human rights in Mali"@en ;
                                      a hrc:Mandate ; hrc:mandateKind ?kind ; hrc:concerns ?state }""")
    assert mali == [(str(HRC.CountryMandate), IRIS.state("MLI").value)]
    # the draft's conversion clause decides nothing; the mandate mentioned "to help her carry out" is no action
    draft = IRIS.text("A/HRC/90/L.40").value
    assert _rows(store, f"SELECT ?a WHERE {{ ?a hrc:takenBy <{draft}> }}") == []
    assert len(_rows(store, "SELECT ?a WHERE { ?a hrc:derivedFromClause ?c }")) == 3
