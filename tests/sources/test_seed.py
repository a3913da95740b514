"""The seed-format importer: parsing records (real and written for these tests) and mapping them to RDF."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pyoxigraph import BlankNode, Literal, NamedNode, Quad, QuerySolution, QuerySolutions, Store, Triple

from hrcgraph.graph.countries import Countries
from hrcgraph.graph.errors import SourceError, UnknownNameError
from hrcgraph.graph.iris import IriFactory
from hrcgraph.graph.sources.seed import (
    FULL_VOTE,
    KEY_PRAISE,
    MAIN_SPONSORS,
    TITLE,
    VoteCounts,
    parse_seed_file,
    read_seed_folder,
    strip_ellipsis,
)
from hrcgraph.graph.sources.seed_rdf import seed_batch, seed_text_iri

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO.parent / "shared" / "seeds"
REAL_SEED = SEEDS / "unwatch-mali-technical-assistance.txt"
FIXTURES = REPO / "tests" / "fixtures" / "seed"
HRC = "https://w3id.org/hrcgraph/ontology#"
PREFIXES = f"""
PREFIX hrc: <{HRC}>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""


@pytest.fixture(scope="module")
def real_seed() -> Path:
    if not REAL_SEED.exists():
        pytest.skip(f"the seed record is not at ../shared/seeds/ ({REAL_SEED})")
    return REAL_SEED


@pytest.fixture(scope="module")
def countries() -> Countries:
    return Countries.load()


def store_of(triples: list[Triple]) -> Store:
    store = Store()
    store.extend(Quad(t.subject, t.predicate, t.object) for t in triples)
    return store


def rows(store: Store, query: str) -> list[QuerySolution]:
    solutions = store.query(PREFIXES + query)
    assert isinstance(solutions, QuerySolutions)
    return list(solutions)


def values(store: Store, query: str, variable: str = "x") -> list[str]:
    return sorted(str(row[variable].value) for row in rows(store, query))


# --- parsing the real seed

def test_parse_real_seed_fields(real_seed: Path) -> None:
    record = parse_seed_file(real_seed)
    assert record.title == "Technical assistance and capacity-building for Mali in the field of human rights"
    assert record.body == "Human Rights Council"
    assert record.session_type == "HRC Regular"
    assert record.agenda_item is None
    assert record.country is None
    assert [r.text[:40] for r in record.remarks] == [
        "This resolution strongly condemns human ",
        "Moreover, the resolution was adopted und",
    ]
    assert record.remarks[1].text.endswith('concerns mere "technical assistance," signaling an uncritical approach.')
    assert [s.text for s in record.main_sponsors] == ["African Group"]
    assert len(record.praise) == 4 and len(record.criticism) == 6
    assert record.praise[0].text.startswith("Welcoming the cooperation of Mali")
    assert record.praise[0].text.endswith("May 2023…")
    assert record.criticism[0].text.endswith("attacks on schools and hospitals.")
    assert "children’s rights" in record.criticism[0].text
    assert record.criticism[5].text == (
        "Decides to extend the mandate of the Independent Expert on the situation of human rights in Mali "
        "for a period of one year…"
    )
    assert all(q.quoted for q in (*record.praise, *record.criticism))
    lines = [q.line for q in (*record.praise, *record.criticism)]
    assert lines == sorted(lines) and len(set(lines)) == 10
    assert record.vote == VoteCounts(yes=0, no=0, abstain=0, absent=0, line=record.vote.line if record.vote else 0)
    assert record.vote is not None and record.vote.all_zero
    assert len(record.sha256) == 64 and record.path == real_seed
    assert record.line_of(TITLE) == 1


def test_map_real_seed(real_seed: Path, countries: Countries) -> None:
    iris = IriFactory()
    record = parse_seed_file(real_seed)
    (batch,) = seed_batch([record], countries, iris)
    assert batch.graph == iris.source_graph("seed", record.sha256[:16])
    assert [f.path for f in batch.files] == [real_seed]
    store = store_of(batch.triples)
    text = seed_text_iri(record, iris).value

    assert values(store, f"SELECT ?x WHERE {{ <{text}> a ?x }}") == [HRC + "Resolution"]
    assert values(store, f"SELECT ?x WHERE {{ <{text}> dct:title ?x }}") == [record.title]
    assert values(store, f"SELECT ?x WHERE {{ <{text}> hrc:adoptedBy ?x }}") == [iris.body("hrc").value]
    assert values(store, f"SELECT ?x WHERE {{ <{text}> hrc:session/hrc:sessionType ?x }}") == [
        HRC + "RegularSession"]
    assert values(store, f"SELECT ?x WHERE {{ <{text}> hrc:agendaItem ?x }}") == []

    # the sponsor: the African Group, a main sponsor
    assert values(store, f"""SELECT ?x WHERE {{ <{text}> hrc:sponsorship ?s . ?s hrc:sponsor ?x ;
                                hrc:sponsorRole hrc:MainSponsor ; hrc:sponsorStatement "African Group" }}""") == [
        iris.group("african-group").value]

    # the commentary: UN Watch, two remarks, ten quotations of ten clauses
    assert values(store, f"""SELECT ?x WHERE {{ ?c hrc:commentaryOn <{text}> ; hrc:commentator ?x }}""") == [
        iris.organization("UN Watch").value]
    assert len(values(store, "SELECT ?x WHERE { ?c a hrc:Commentary ; hrc:remark ?x }")) == 2
    found = rows(store, f"""
        SELECT ?stance ?phrase ?kind ?quoted ?clause WHERE {{
          ?q a hrc:Quotation ; hrc:stance ?stance ; hrc:quotedText ?quoted ; hrc:quotes ?c .
          ?c a hrc:Clause ; hrc:clauseOf <{text}> ; hrc:clauseText ?clause ;
             hrc:operativePhrase ?phrase ; hrc:clauseKind ?kind }}""")
    stances = sorted((r["stance"].value.rsplit("#", 1)[1], r["phrase"].value, r["kind"].value.rsplit("#", 1)[1])
                     for r in found)
    assert stances == sorted([
        ("Praise", "Welcoming", "Preambular"),
        ("Praise", "Welcomes", "Operative"),
        ("Praise", "Welcomes", "Operative"),
        ("Praise", "Welcomes", "Operative"),
        ("Criticism", "Strongly condemns", "Operative"),
        ("Criticism", "Strongly condemns", "Operative"),
        ("Criticism", "Also strongly condemns", "Operative"),
        ("Criticism", "Calls upon", "Operative"),
        ("Criticism", "Strongly condemns", "Operative"),
        ("Criticism", "Decides to extend", "Operative"),
    ])
    for row in found:  # clause text: without quotation marks and trailing ellipsis; quoted text as written
        clause, quoted = row["clause"].value, row["quoted"].value
        assert not clause.endswith(("…", "...")) and not clause.startswith('"')
        assert quoted.startswith(clause)

    # the vote: adopted without a vote, no tallies
    assert values(store, f"SELECT ?x WHERE {{ <{text}> hrc:decision/hrc:decisionMethod ?x }}") == [
        HRC + "AdoptedWithoutVote"]
    assert values(store, "SELECT ?x WHERE { ?v a hrc:VoteEvent ; ?x ?count FILTER(isLiteral(?count)) }") == []

    # the mandate: extended for one year, by the clause that says so
    mandate = iris.mandate("Independent Expert on the situation of human rights in Mali").value
    assert values(store, f"SELECT ?x WHERE {{ <{mandate}> skos:prefLabel ?x }}") == [
        "Independent Expert on the situation of human rights in Mali"]
    assert values(store, f"SELECT ?x WHERE {{ <{mandate}> hrc:mandateKind ?x }}") == [HRC + "CountryMandate"]
    assert values(store, f"SELECT ?x WHERE {{ <{mandate}> hrc:concerns ?x }}") == [iris.state("MLI").value]
    action = rows(store, f"""
        SELECT ?duration ?phrase ?derivation WHERE {{
          ?a a hrc:Extension ; hrc:onMandate <{mandate}> ; hrc:takenBy <{text}> ; hrc:duration ?duration ;
             hrc:derivation ?derivation ; hrc:derivedFromClause/hrc:operativePhrase ?phrase }}""")
    assert len(action) == 1
    assert action[0]["duration"] == Literal("P1Y", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#duration"))
    assert (action[0]["phrase"].value, action[0]["derivation"].value) == ("Decides to extend", HRC + "FromClause")

    # Mali: not in the record's country field, inferred from the title and from the mandate
    assert values(store, f"SELECT ?x WHERE {{ <{text}> hrc:concerns ?x }}") == [iris.state("MLI").value]
    statements = {
        (r["basis"].value.rsplit("#", 1)[1], r["source"].value)
        for r in rows(store, f"""
            SELECT ?basis ?source WHERE {{ ?st a rdf:Statement ; rdf:subject <{text}> ; rdf:predicate hrc:concerns ;
              rdf:object <{iris.state("MLI").value}> ; hrc:basis ?basis ; prov:wasDerivedFrom ?source }}""")
    }
    assert statements == {("FromTitle", text), ("FromMandate", mandate)}


def test_same_record_twice_is_one_resource(real_seed: Path, countries: Countries, tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copy(real_seed, tmp_path / folder / "mali.txt")
    shutil.copy(real_seed, tmp_path / "a" / "mali-copy.txt")
    records = read_seed_folder(tmp_path / "a") + read_seed_folder(tmp_path / "b")
    assert len(records) == 3
    batches = seed_batch(records, countries, IriFactory())
    assert len(batches) == 1
    assert sorted(f.path.name for f in batches[0].files) == ["mali-copy.txt", "mali.txt", "mali.txt"]
    single = seed_batch(records[:1], countries, IriFactory())[0]
    assert set(batches[0].triples) == set(single.triples)


def test_crlf_copy_is_the_same_resource(real_seed: Path, countries: Countries, tmp_path: Path) -> None:
    crlf = tmp_path / "mali-crlf.txt"
    crlf.write_bytes(real_seed.read_bytes().replace(b"\n", b"\r\n"))
    iris = IriFactory()
    original, copy = parse_seed_file(real_seed), parse_seed_file(crlf)
    assert copy.sha256 != original.sha256
    assert seed_text_iri(copy, iris) == seed_text_iri(original, iris)
    assert len(seed_batch([original, copy], countries, iris)) == 1


def test_text_iri_for_joins_to_another_iri(real_seed: Path, countries: Countries) -> None:
    iris = IriFactory()
    joined = iris.text("A/HRC/RES/55/25")
    (batch,) = seed_batch([parse_seed_file(real_seed)], countries, iris, text_iri_for=lambda record: joined)
    store = store_of(batch.triples)
    assert values(store, "SELECT ?x WHERE { ?x a hrc:Resolution }") == [joined.value]
    assert values(store, f"SELECT ?x WHERE {{ <{joined.value}> hrc:decision ?x }}") == [joined.value + "#unwatch-vote"]
    assert values(store, f"SELECT ?x WHERE {{ <{joined.value}> hrc:sponsorship ?x }}") == [
        joined.value + "#unwatch-sponsor-1"]
    assert values(store, f"SELECT ?x WHERE {{ <{joined.value}> hrc:session ?x }}") == []  # the other source's
    clauses = values(store, f"SELECT ?x WHERE {{ ?x hrc:clauseOf <{joined.value}> }}")
    assert len(clauses) == 10 and all(c.startswith(joined.value + "#clause-") for c in clauses)


def test_text_iri_for_none_keeps_own_iri(real_seed: Path, countries: Countries) -> None:
    iris = IriFactory()
    record = parse_seed_file(real_seed)
    (batch,) = seed_batch([record], countries, iris, text_iri_for=lambda r: None)
    store = store_of(batch.triples)
    assert values(store, "SELECT ?x WHERE { ?x a hrc:Resolution }") == [seed_text_iri(record, iris).value]


# --- parsing records written for these tests

def test_parse_noisy_record() -> None:
    record = parse_seed_file(FIXTURES / "noisy-recorded-vote.txt")
    assert record.title == "Situation of human rights in Belarus"
    assert record.line_of(TITLE) == 3
    assert (record.body, record.session_type, record.agenda_item, record.country) == (
        "Human Rights Council", "HRC Regular", "Item 4", "Belarus")
    assert [r.text for r in record.remarks] == [
        "The resolution renews the mandate of the Special Rapporteur and describes the repression of "
        "peaceful protesters.",
        "It was adopted by a recorded vote.",
    ]
    assert [s.text for s in record.main_sponsors] == ["Poland (on behalf of the European Union)"]
    assert [q.text for q in record.praise] == ["Welcoming the release of some political prisoners..."]
    assert [q.text for q in record.criticism] == [
        "Strongly condemns the continued systematic violations of human rights in Belarus, including arbitrary "
        "detention and torture…",
        "Urges the authorities to cooperate fully with the Special Rapporteur",
        "Decides to renew the mandate of the Special Rapporteur on the situation of human rights in Belarus for a "
        "further period of one year...",
    ]
    assert record.vote is not None
    assert (record.vote.yes, record.vote.no, record.vote.abstain, record.vote.absent) == (21, 7, 19, 0)


def test_crlf_and_lf_parse_alike(tmp_path: Path) -> None:
    source = FIXTURES / "noisy-recorded-vote.txt"
    crlf = tmp_path / "noisy-crlf.txt"
    crlf.write_bytes(source.read_bytes().replace(b"\n", b"\r\n"))
    lf, cr = parse_seed_file(source), parse_seed_file(crlf)
    assert (lf.title, lf.remarks, lf.praise, lf.criticism, lf.vote) == (
        cr.title, cr.remarks, cr.praise, cr.criticism, cr.vote)


def test_map_noisy_record(countries: Countries) -> None:
    iris = IriFactory()
    record = parse_seed_file(FIXTURES / "noisy-recorded-vote.txt")
    (batch,) = seed_batch([record], countries, iris)
    store = store_of(batch.triples)
    text = seed_text_iri(record, iris).value
    assert values(store, f"SELECT ?x WHERE {{ <{text}> a ?x }}") == [HRC + "Resolution"]
    assert values(store, f"SELECT ?x WHERE {{ <{text}> hrc:agendaItem ?x }}") == [HRC + "Item4"]
    assert values(store, f"SELECT ?x WHERE {{ <{text}> hrc:concerns ?x }}") == [iris.state("BLR").value]
    assert values(store, "SELECT ?x WHERE { ?x a rdf:Statement }") == []  # stated by the record, not inferred
    (row,) = rows(store, f"""
        SELECT ?sponsor ?group WHERE {{
          <{text}> hrc:sponsorship [ hrc:sponsor ?sponsor ; hrc:onBehalfOf ?group ] }}""")
    assert (row["sponsor"].value, row["group"].value) == (iris.state("POL").value, iris.group("european-union").value)
    counts = {
        r["p"].value.rsplit("#", 1)[1]: int(r["n"].value)
        for r in rows(store, f"""
            SELECT ?p ?n WHERE {{ <{text}> hrc:decision ?v . ?v ?p ?n FILTER(isLiteral(?n)) }}""")
    }
    assert counts == {"yesCount": 21, "noCount": 7, "abstainCount": 19, "nonVotingCount": 0}
    assert values(store, f"SELECT ?x WHERE {{ <{text}> hrc:decision/hrc:decisionMethod ?x }}") == [HRC + "RecordedVote"]
    (row,) = rows(store, """
        SELECT ?d ?m WHERE { ?a a hrc:Extension ; hrc:duration ?d ; hrc:onMandate ?m }""")
    assert row["d"].value == "P1Y"
    assert row["m"] == iris.mandate("Special Rapporteur on the situation of human rights in Belarus")


def test_minimal_record_leaves_empty_fields_empty(countries: Countries) -> None:
    record = parse_seed_file(FIXTURES / "minimal-record.txt")
    assert (record.session_type, record.agenda_item, record.country, record.vote) == (None, None, None, None)
    assert record.remarks == () and record.main_sponsors == () and record.criticism == ()
    iris = IriFactory()
    store = store_of(seed_batch([record], countries, iris)[0].triples)
    text = seed_text_iri(record, iris).value
    predicates = values(store, f"SELECT ?x WHERE {{ <{text}> ?x ?o }}")
    assert predicates == sorted(["http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
                                 "http://purl.org/dc/terms/title", HRC + "adoptedBy"])
    # no record says resolution or decision and no preambular clause is quoted: an adopted text
    assert values(store, f"SELECT ?x WHERE {{ <{text}> a ?x }}") == [HRC + "AdoptedText"]


def test_read_seed_folder_sorted(tmp_path: Path) -> None:
    for name in ("b.txt", "a.txt"):
        shutil.copy(FIXTURES / "minimal-record.txt", tmp_path / name)
    (tmp_path / "notes.md").write_text("not a record", encoding="utf-8")
    assert [r.path.name for r in read_seed_folder(tmp_path)] == ["a.txt", "b.txt"]


def test_strip_ellipsis() -> None:
    assert strip_ellipsis("Welcomes the report…") == "Welcomes the report"
    assert strip_ellipsis("Welcomes the report ...") == "Welcomes the report"
    assert strip_ellipsis("…calls upon States") == "calls upon States"
    assert strip_ellipsis("Welcomes the report.") == "Welcomes the report."


# --- broken records: each error names file, line and field

def _error(path: Path) -> SourceError:
    with pytest.raises(SourceError) as caught:
        parse_seed_file(path)
    return caught.value


def test_empty_file() -> None:
    error = _error(FIXTURES / "empty.txt")
    assert error.location.file == FIXTURES / "empty.txt" and "empty" in error.message
    assert (error.location.line, error.location.field) == (None, None)


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "binary.txt"
    path.write_bytes(b"Right to food\n\nUN Body\n\nHuman Rights\x00Council\n")
    error = _error(path)
    assert (error.location.file, error.location.line, error.location.field) == (path, 5, "UN Body")
    assert "binary" in error.message


def test_latin1_file_is_a_wrong_encoding(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Situation in Côte d'Ivoire\n\nUN Body\n\nHuman Rights Council\n".encode("latin-1"))
    error = _error(path)
    assert (error.location.file, error.location.line, error.location.field) == (path, 1, TITLE)
    assert "encoding" in error.message and "UTF-8" in error.message and "0xF4" in error.message


def test_latin1_byte_in_a_later_field(tmp_path: Path) -> None:
    path = tmp_path / "latin1-sponsor.txt"
    path.write_bytes("Right to food\n\nMain Sponsors\n\nCôte d'Ivoire\n".encode("latin-1"))
    error = _error(path)
    assert (error.location.line, error.location.field) == (5, MAIN_SPONSORS)


def test_no_title() -> None:
    error = _error(FIXTURES / "no-title.txt")
    assert (error.location.file, error.location.line, error.location.field) == (FIXTURES / "no-title.txt", 1, TITLE)
    assert "no title" in error.message


def test_unknown_section_heading() -> None:
    error = _error(FIXTURES / "unknown-heading.txt")
    assert (error.location.line, error.location.field) == (11, "Adoption Date")
    assert "unknown section heading" in error.message


def test_quotation_that_never_closes() -> None:
    error = _error(FIXTURES / "unclosed-quotation.txt")
    assert (error.location.file, error.location.line, error.location.field) == (
        FIXTURES / "unclosed-quotation.txt", 10, KEY_PRAISE)
    assert "never closes" in error.message


def test_vote_count_that_is_not_a_number() -> None:
    error = _error(FIXTURES / "bad-vote-count.txt")
    assert (error.location.line, error.location.field) == (10, FULL_VOTE)
    assert "'seven' is not a number" in error.message


def test_unknown_sponsor_names_its_line(countries: Countries) -> None:
    record = parse_seed_file(FIXTURES / "unknown-sponsor.txt")
    with pytest.raises(UnknownNameError) as caught:
        seed_batch([record], countries, IriFactory())
    error = caught.value
    assert (error.location.file, error.location.line, error.location.field) == (
        FIXTURES / "unknown-sponsor.txt", 10, MAIN_SPONSORS)
    assert error.name == "Atlantis"


def test_unknown_body(tmp_path: Path, countries: Countries) -> None:
    path = tmp_path / "body.txt"
    path.write_text("Right to food\n\nUN Body\n\nSecurity Council\n", encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        seed_batch([parse_seed_file(path)], countries, IriFactory())
    assert (caught.value.location.line, caught.value.location.field) == (5, "UN Body")


def test_blank_node_ids_are_stable(real_seed: Path, countries: Countries) -> None:
    first = seed_batch([parse_seed_file(real_seed)], countries, IriFactory())[0].triples
    second = seed_batch([parse_seed_file(real_seed)], countries, IriFactory())[0].triples
    blanks = {t.subject for t in first if isinstance(t.subject, BlankNode)}
    assert blanks and first == second
