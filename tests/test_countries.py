"""The bundled state and group tables, name resolution and the countries graph."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad, Store, Triple

from hrcgraph.graph.countries import Countries, Country, Group, country_batch, name_key
from hrcgraph.graph.errors import SourceLocation, UnknownNameError
from hrcgraph.graph.iris import IriFactory

HERE = SourceLocation("test.csv", 3, "country")


def store_of(triples: list[Triple]) -> Store:
    store = Store()
    store.extend(Quad(t.subject, t.predicate, t.object) for t in triples)
    return store


@pytest.fixture(scope="module")
def countries() -> Countries:
    return Countries.load()


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        ("Türkiye", "TUR"), ("Turkey", "TUR"), ("Turkiye", "TUR"),
        ("Côte d'Ivoire", "CIV"), ("Cote d'Ivoire", "CIV"), ("Côte d’Ivoire", "CIV"), ("COTE D'IVOIRE", "CIV"),
        ("Venezuela (Bolivarian Republic of)", "VEN"), ("Venezuela", "VEN"),
        ("United Kingdom of Great Britain and Northern Ireland", "GBR"), ("United Kingdom", "GBR"),
        ("the United Kingdom of Great Britain and Northern Ireland", "GBR"),
        ("Russian Federation", "RUS"), ("Russia", "RUS"), ("Russian Federation (the)", "RUS"),
        ("Iran (Islamic Republic of)", "IRN"), ("Iran", "IRN"),
        ("Bolivia (Plurinational State of)", "BOL"), ("Bolivia", "BOL"),
        ("Republic of Korea", "KOR"), ("Democratic People's Republic of Korea", "PRK"),
        ("Democratic People’s Republic of Korea", "PRK"),
        ("United States of America", "USA"), ("United States", "USA"),
        ("State of Palestine", "PSE"), ("Palestine", "PSE"),
        ("Syrian Arab Republic", "SYR"), ("Syria", "SYR"),
        ("Viet Nam", "VNM"), ("Vietnam", "VNM"),
        ("Czechia", "CZE"), ("Czech Republic", "CZE"),
        ("North Macedonia", "MKD"), ("The former Yugoslav Republic of Macedonia", "MKD"),
        ("Netherlands (Kingdom of the)", "NLD"), ("Netherlands", "NLD"), ("Netherlands  (Kingdom of The)", "NLD"),
        ("Republic of Moldova", "MDA"), ("United Republic of Tanzania", "TZA"),
        ("Lao People's Democratic Republic", "LAO"), ("Micronesia (Federated States of)", "FSM"),
        ("Eswatini", "SWZ"), ("Swaziland", "SWZ"), ("Cabo Verde", "CPV"), ("Cape Verde", "CPV"),
        ("Gambia (the)", "GMB"), ("Gambia", "GMB"), ("the Republic of Mali", "MLI"), ("Republic of Mali", "MLI"),
        ("mali", "MLI"), ("Guinea Bissau", "GNB"), ("Guinea-Bissau", "GNB"), ("Sao Tome And Principe", "STP"),
        ("São Tomé and Príncipe", "STP"), ("Congo", "COG"), ("Democratic Republic of the Congo", "COD"),
        ("Germany", "DEU"), ("Federal Republic of Germany", "DEU"),
        ("Germany, Federal Republic Of", "GER"), ("Ussr", "SUN"), ("Czechoslovakia", "CSK"),
        ("German Democratic Republic", "DDR"), ("Yugoslavia", "YUG"), ("MLI", "MLI"),
    ],
)
def test_resolve_state_accepts_names_as_sources_write_them(countries: Countries, name: str, iso3: str) -> None:
    assert countries.resolve_state(name, HERE).iso3 == iso3


def test_unknown_state_lists_closest_names_and_location(countries: Countries) -> None:
    with pytest.raises(UnknownNameError) as caught:
        countries.resolve_state("Malli", HERE)
    assert caught.value.suggestions[0] == "Mali"
    assert "MLI" not in caught.value.suggestions  # codes resolve but are not offered as names
    assert caught.value.location.line == 3 and caught.value.location.field == "country"
    assert "test.csv, line 3" in str(caught.value)


def test_tables_hold_every_state_once(countries: Countries) -> None:
    codes = [c.iso3 for c in countries.states]
    assert len(codes) == len(set(codes)) == 195 + 5
    members = [c for c in countries.states if c.status == "member"]
    observers = {c.iso3 for c in countries.states if c.status == "non-member observer State"}
    assert len(members) == 193 and observers == {"PSE", "VAT"}
    assert {c.regional_group for c in members} == {"AFRICAN", "APG", "EEG", "GRULAC", "WEOG"}


def test_country_fields(countries: Countries) -> None:
    mali = countries.by_iso3("mli")
    assert mali == Country(
        iso3="MLI", iso2="ML", iso_numeric="466", m49="466", name="Mali", formal_name="the Republic of Mali",
        wikidata="Q912", geonames="2453866", status="member", regional_group="AFRICAN",
    )
    gambia = countries.by_iso3("GMB")
    assert gambia is not None and gambia.name == "Gambia" and "Gambia (the)" in gambia.aliases
    palestine = countries.by_iso3("PSE")
    assert palestine is not None and palestine.formal_name == "the State of Palestine"


@pytest.mark.parametrize(
    ("iso3", "qid", "name"),
    [
        ("CSK", "Q33946", "Czechoslovakia"),
        ("DDR", "Q16957", "German Democratic Republic"),
        ("GER", "Q713750", "Federal Republic of Germany"),
        ("SUN", "Q15180", "Union of Soviet Socialist Republics"),
        ("YUG", "Q83286", "Yugoslavia"),
    ],
)
def test_former_states(countries: Countries, iso3: str, qid: str, name: str) -> None:
    state = countries.by_iso3(iso3)
    assert state is not None
    assert (state.former, state.status, state.wikidata, state.name) == (True, "former state", qid, name)
    assert state.valid_from and state.valid_until and state.valid_from < state.valid_until


@pytest.mark.parametrize(
    ("name", "key", "kind"),
    [
        ("Group of African States", "african-group", "political"),
        ("the Group of African  States", "african-group", "political"),
        ("African Group", "african-group", "political"),
        ("Group of Arab States", "arab-group", "political"),
        ("Arab Group", "arab-group", "political"),
        ("European Union", "european-union", "political"),
        ("Organisation of Islamic Cooperation", "organisation-of-islamic-cooperation", "political"),
        ("Organization of the Islamic Conference", "organisation-of-islamic-cooperation", "political"),
        ("OIC", "organisation-of-islamic-cooperation", "political"),
        ("Movement of Non-Aligned Countries", "non-aligned-movement", "political"),
        ("Non-Aligned Movement", "non-aligned-movement", "political"),
        ("Gulf Cooperation Council", "gulf-cooperation-council", "political"),
        ("Like-Minded Group", "like-minded-group", "political"),
        ("Nordic and Baltic States", "nordic-baltic-states", "political"),
        ("Core group", "core-group", "political"),
        ("a group of States", "group-of-states", "political"),
        ("Group of States", "group-of-states", "political"),
        ("a group of countries", "group-of-states", "political"),
        ("GRULAC", "grulac", "political"),
        ("Group of Latin American and Caribbean States", "grulac", "political"),
        ("Community of Portuguese-speaking countries", "community-of-portuguese-language-countries", "political"),
        ("Group of Asia-Pacific States", "asia-pacific-states", "regional"),
        ("Group of Western European and other States", "western-european-and-other-states", "regional"),
        ("WEOG", "western-european-and-other-states", "regional"),
        ("Group of Eastern European States", "eastern-european-states", "regional"),
    ],
)
def test_resolve_group(countries: Countries, name: str, key: str, kind: str) -> None:
    group = countries.resolve_group(name, HERE)
    assert (group.key, group.kind) == (key, kind)


def test_regional_groups_by_code(countries: Countries) -> None:
    names = {code: countries.regional_group(code) for code in ("AFRICAN", "APG", "EEG", "GRULAC", "WEOG")}
    assert {code: g.name for code, g in names.items() if g} == {
        "AFRICAN": "Group of African States",
        "APG": "Group of Asia-Pacific States",
        "EEG": "Group of Eastern European States",
        "GRULAC": "Group of Latin American and Caribbean States",
        "WEOG": "Group of Western European and other States",
    }
    african = names["AFRICAN"]
    assert african is not None and african.key == "african-states" and african.counterpart == "african-group"


def test_resolve_actor_prefers_states_then_groups(countries: Countries) -> None:
    assert isinstance(countries.resolve_actor("Mali", HERE), Country)
    group = countries.resolve_actor("African Group", HERE)
    assert isinstance(group, Group) and group.key == "african-group"
    with pytest.raises(UnknownNameError) as caught:
        countries.resolve_actor("Europen Union", HERE)
    assert caught.value.suggestions[0] == "European Union"


def test_unknown_group(countries: Countries) -> None:
    with pytest.raises(UnknownNameError) as caught:
        countries.resolve_group("Arab Grop", HERE)
    assert "Arab Group" in caught.value.suggestions


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        ("Technical assistance and capacity-building for Mali in the field of human rights", "MLI"),
        ("Situation of human rights in the Democratic Republic of the Congo", "COD"),
        ("Situation of human rights in the Republic of the Congo", "COG"),
        ("Cooperation with Georgia", "GEO"),
        ("Situation of human rights in the Syrian Arab Republic", "SYR"),
        ("Assistance to South Sudan in the field of human rights", "SSD"),
        ("Human rights situation in Côte d’Ivoire", "CIV"),
        ("Situation of human rights in Myanmar", "MMR"),
        ("Question of human rights in Czechoslovakia", "CSK"),
        ("Torture and other cruel, inhuman or degrading treatment", None),
        ("Situation of human rights in Nigeria", "NGA"),
        ("Situation of human rights in Niger", "NER"),
        ("Cooperation between Sudan and South Sudan", None),
        ("Situation of human rights in the territory of the former Yugoslavia", None),
        ("Human rights in the occupied Syrian Golan", None),
    ],
)
def test_find_state_in_text(countries: Countries, text: str, iso3: str | None) -> None:
    found = countries.find_state_in_text(text)
    assert (found.iso3 if found else None) == iso3


def test_name_key() -> None:
    assert name_key("Côte d’Ivoire") == name_key("COTE D'IVOIRE") == "cote d'ivoire"
    assert name_key("Gambia (the)") == name_key("the Gambia") == "gambia"


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ("Gambia (on behalf of the Group of African States)", [("GMB", "african-group", ())]),
        ("Cuba on behalf of a group of States", [("CUB", "group-of-states", ())]),
        ("Pakistan on behalf of the Organization of Islamic Cooperation, except Albania and Tunisia",
         [("PAK", "organisation-of-islamic-cooperation", ("ALB", "TUN"))]),
        ("South Africa, Saudi Arabia and Egypt on behalf of a group of countries",
         [("ZAF", "group-of-states", ()), ("SAU", "group-of-states", ()), ("EGY", "group-of-states", ())]),
        ("Hungary (on behalf of the European Union)United Kingdom of Great Britain and Northern Ireland, Germany",
         [("HUN", "european-union", ()), ("GBR", None, ()), ("DEU", None, ())]),
        ("Bahrain (on behalf of the Gulf Cooperation Council), Jordan",
         [("BHR", "gulf-cooperation-council", ()), ("JOR", None, ())]),
        ("Trinidad and Tobago, Antigua and Barbuda", [("TTO", None, ()), ("ATG", None, ())]),
        ("African Group", [("african-group", None, ())]),
        ("Uruguay (on behalf of Group of Latin American and Caribbean States, except Argentina and Paraguay)",
         [("URY", "grulac", ("ARG", "PRY"))]),
    ],
)
def test_parse_sponsors(
    countries: Countries, statement: str, expected: list[tuple[str, str | None, tuple[str, ...]]]
) -> None:
    entries = countries.parse_sponsors(statement, HERE)
    got = [
        (
            e.sponsor.iso3 if isinstance(e.sponsor, Country) else e.sponsor.key if e.sponsor else "",
            e.on_behalf_of.key if e.on_behalf_of else None,
            tuple(c.iso3 for c in e.except_states),
        )
        for e in entries
    ]
    assert got == expected


def test_parse_sponsors_office(countries: Countries) -> None:
    (entry,) = countries.parse_sponsors("President of the Human Rights Council", HERE)
    assert entry.sponsor is None and entry.office == "President of the Human Rights Council"


def test_parse_sponsors_unknown_name(countries: Countries) -> None:
    with pytest.raises(UnknownNameError) as caught:
        countries.parse_sponsors("Mali, Atlantis", HERE)
    assert caught.value.name == "Atlantis"


def test_country_batch_triples(countries: Countries) -> None:
    iris = IriFactory("https://example.org/hrc/")
    batch = country_batch(countries, iris)
    assert batch.graph == iris.source_graph("countries")
    assert batch.license and "ODC-PDDL" in (batch.attribution or "") and "CC0" in (batch.attribution or "")
    assert {f.path.name for f in batch.files} >= {"un-states.csv", "former-states.csv", "groups.csv"}
    store = store_of(batch.triples)
    query = """
    PREFIX hrc: <https://w3id.org/hrcgraph/ontology#>
    PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    PREFIX owl: <http://www.w3.org/2002/07/owl#>
    SELECT ?label ?qid ?alpha2 ?numeric ?geo ?gn ?group ?status WHERE {
      <https://example.org/hrc/id/state/MLI> a hrc:State ; skos:prefLabel ?label ; owl:sameAs ?qid ;
        skos:notation ?alpha2, ?numeric, ?geo ; hrc:geonames ?gn ; hrc:regionalGroup ?group ;
        hrc:unStatus ?status .
      FILTER(datatype(?alpha2) = hrc:ISO3166Alpha2 && datatype(?numeric) = hrc:ISO3166Numeric
             && datatype(?geo) = hrc:GeoNamesID)
    }"""
    rows = list(store.query(query))  # type: ignore[arg-type]
    assert len(rows) == 1
    row = rows[0]
    assert row["label"] == Literal("Mali", language="en")
    assert row["qid"] == NamedNode("http://www.wikidata.org/entity/Q912")
    assert (row["alpha2"].value, row["numeric"].value, row["geo"].value) == ("ML", "466", "2453866")
    assert row["gn"] == NamedNode("https://sws.geonames.org/2453866/")
    assert row["group"] == iris.group("african-states")
    assert row["status"] == Literal("member")


def test_country_batch_former_states_and_groups(countries: Countries) -> None:
    iris = IriFactory()
    store = store_of(country_batch(countries, iris).triples)
    former = {
        r["s"].value.rsplit("/", 1)[1]
        for r in store.query(  # type: ignore[union-attr]
            "SELECT ?s WHERE { ?s a <https://w3id.org/hrcgraph/ontology#FormerState> }"
        )
    }
    assert former == {"CSK", "DDR", "GER", "SUN", "YUG"}
    kinds = {
        (r["g"].value.rsplit("/", 1)[1], r["k"].value.rsplit("#", 1)[1])
        for r in store.query(  # type: ignore[union-attr]
            "PREFIX hrc: <https://w3id.org/hrcgraph/ontology#> "
            "SELECT ?g ?k WHERE { ?g a ?k FILTER(?k IN (hrc:RegionalGroup, hrc:PoliticalGroup)) }"
        )
    }
    assert ("african-states", "RegionalGroup") in kinds and ("african-group", "PoliticalGroup") in kinds
    assert len([k for k in kinds if k[1] == "RegionalGroup"]) == 5
    alt = {
        r["l"].value
        for r in store.query(  # type: ignore[union-attr]
            f"SELECT ?l WHERE {{ <{iris.state('TUR').value}> <http://www.w3.org/2004/02/skos/core#altLabel> ?l }}"
        )
    }
    assert "Turkey" in alt


# --- every name of the OHCHR voting collection resolves (slow: reads the full files)

@pytest.mark.slow
def test_every_voting_country_resolves_to_its_code(countries: Countries, ohchr_dir: Path) -> None:
    pairs: set[tuple[str, str]] = set()
    with (ohchr_dir / "votes_long.csv").open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            pairs.add((row["iso3"], row["country"]))
    wrong = {
        (iso3, name, countries.resolve_state(name, SourceLocation("votes_long.csv", None, "country")).iso3)
        for iso3, name in pairs
    }
    assert {w for w in wrong if w[0] != w[2]} == set()
    assert {iso3 for iso3, _ in pairs} <= {c.iso3 for c in countries.states}


@pytest.mark.slow
def test_every_main_sponsor_resolves(countries: Countries, ohchr_dir: Path) -> None:
    count = 0
    with (ohchr_dir / "resolutions.csv").open(newline="", encoding="utf-8") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            if not row["main_sponsors"].strip():
                continue
            where = SourceLocation("resolutions.csv", line, "main_sponsors")
            entries = countries.parse_sponsors(row["main_sponsors"], where)
            assert entries, row["main_sponsors"]
            assert all(e.sponsor is not None or e.office for e in entries)
            count += len(entries)
    assert count > 500
