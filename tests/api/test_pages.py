"""Pages for people (home, search, resource pages, ontology) and the served dataset description."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, OWL, RDF, VOID

from hrcgraph.api.app import create_app
from hrcgraph.api.routes.void import void_iri
from hrcgraph.graph.published import PublishedDataset
from hrcgraph.graph.resources import ontology_files
from hrcgraph.settings import Settings

from support.linked_data import publish_fixture

BASE = "https://w3id.org/hrcgraph/"
SPDX = Namespace("http://spdx.org/rdf/terms#")


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> PublishedDataset:
    return publish_fixture(tmp_path_factory.mktemp("pages") / "var")


@pytest.fixture(scope="module")
def client(build: PublishedDataset) -> Iterator[TestClient]:
    app = create_app(Settings(data_dir=build.path.parent.parent, query_workers=1))
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_home_page_says_what_the_dataset_holds(client: TestClient, build: PublishedDataset) -> None:
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    text = _text(r.text)
    assert "Resolutions 4" in text  # from the manifest's instances per class
    assert "States 6" in text
    assert f"Statements (quads) {build.manifest.triples:,}" in text
    for link in ('href="/sparql"', 'href="/dumps/"', 'href="/.well-known/void"', 'href="/ontology"',
                 'href="/id/text/A/HRC/RES/55/25"', 'href="/id/state/MLI"',
                 'href="/id/mandate/independent-expert-on-the-situation-of-human-rights-in-mali"',
                 'action="/search"'):
        assert link in r.text, link
    for dump in build.manifest.dumps:
        assert f'href="/dumps/{dump.name}"' in r.text
    assert "polyformproject.org/licenses/noncommercial" in r.text


@pytest.mark.parametrize(("query", "expected", "absent"), [
    ("A/HRC/RES/55/25", ["/id/text/A/HRC/RES/55/25"], ["/id/text/A/HRC/RES/S-33/1"]),   # exact symbol
    ("a/hrc/res/", ["/id/text/A/HRC/RES/55/25", "/id/text/A/HRC/RES/S-33/1"], ["/id/text/E/CN.4"]),  # prefix
    ("E/CN.4/RES/2005/1", ["/id/text/E/CN.4/RES/2005/1"], []),
    ("CAPACITY-BUILDING", ["/id/text/A/HRC/RES/55/25"], []),                          # title, any case
    ("vote enregistré", ["/id/text/E/CN.4/RES/2005/1"], []),                           # non-ASCII title
    ("mali", ["/id/state/MLI", "/id/mandate/independent-expert-on-the-situation-of-human-rights-in-mali"], []),
    ("côte", ["/id/state/CIV"], []),
    ("african", ["/id/group/african-group", "/id/group/african-states"], []),
    ('") } DROP ALL #', [], ["/id/"]),                                                   # just text, no result
])
def test_search(client: TestClient, query: str, expected: list[str], absent: list[str]) -> None:
    r = client.get("/search", params={"q": query})
    assert r.status_code == 200
    hits = r.text.split('<ul class="hits">', 1)[1].split("</ul>", 1)[0]
    for href in expected:
        assert f'href="{href}"' in hits, href
    for href in absent:
        assert f'href="{href}' not in hits, href


@pytest.mark.parametrize("query", ["", "   ", "x" * 10_000, "a\x00b"])
def test_a_bad_search_is_a_clear_400(client: TestClient, query: str) -> None:
    r = client.get("/search", params={"q": query})
    assert r.status_code == 400
    assert 'class="error"' in r.text
    assert client.get("/search").status_code == 400


def test_the_text_page(client: TestClient) -> None:
    html = client.get("/id/text/A/HRC/RES/S-33/1.html").text
    text = _text(html)
    assert "3 in favour, 1 against, 1 abstaining, 1 not voting (6 in all)" in text
    assert html.count('class="seg ') == 4  # the tally bar: yes, no, abstain, not voting
    rows = re.findall(r'<tr id="vote-([A-Z]{3})">', html)
    assert sorted(rows) == ["CHN", "CIV", "FRA", "GMB", "MLI", "USA"]
    assert 'data-value="no"' in html and 'data-value="absent"' in html
    assert "main sponsor" in text and "co-sponsor" in text
    mali = _text(client.get("/id/text/A/HRC/RES/55/25.html").text)
    for fact in ("Item 10", "Gambia on behalf of African Group", "adopted without a vote", "Welcoming",
                 "Extension of Independent Expert on the situation of human rights in Mali for P1Y",
                 "fails to name perpetrators", "OHCHR record", "UN document", "A/HRC/55/L.32"):
        assert fact in mali, fact
    # Every fact names its source graph.
    assert 'href="/graph/seed/5d41402abc4b2a76"' in client.get("/id/text/A/HRC/RES/55/25.html").text


def test_a_seed_text_lists_its_candidate_matches(client: TestClient) -> None:
    html = client.get("/id/text/unwatch/0123456789abcdef.html").text
    section = html.split('id="candidates"', 1)[1].split("</section>", 1)[0]
    assert 'href="/id/text/A/HRC/RES/55/25"' in section
    assert "same title, Council body, item 10" in section


def test_the_state_page(client: TestClient) -> None:
    html = client.get("/id/state/MLI.html").text
    text = _text(html)
    assert 'href="http://www.wikidata.org/entity/Q912"' in html
    assert "ISO 3166-1 alpha-2 ML" in text and "UN M49 466" in text and "GeoNames 2453866" in text
    assert "Group of African States" in text
    assert 'href="/id/session/hrc/S-33"' in html  # membership by session
    assert len(re.findall(r'<rect class="(yes|no|abstain)"', html)) == 2  # votes of 2005 and 2022
    assert "A/HRC/RES/S-33/1" in text and "co-sponsor" in text  # sponsored
    assert 'href="/id/text/A/HRC/RES/55/25"' in html  # concerning it


def test_mandate_session_agenda_and_group_pages(client: TestClient) -> None:
    mandate = _text(client.get("/id/mandate/independent-expert-on-the-situation-of-human-rights-in-mali.html").text)
    assert "2024-04-04 Extension for P1Y by A/HRC/RES/55/25" in mandate
    session = client.get("/id/session/hrc/S-33.html").text
    assert "A/HRC/RES/S-33/1" in session and "3–1–1" in session
    agenda = client.get("/id/agenda/chr/61/3.html").text
    assert 'id="y2005"' in agenda and "E/CN.4/RES/2005/1" in agenda
    council = client.get("/agenda/Item10")
    assert council.status_code == 200 and "A/HRC/RES/55/25" in council.text
    assert client.get("/agenda/Item11").status_code == 404
    group = _text(client.get("/id/group/african-states.html").text)
    assert "Members (3)" in group and "Côte d’Ivoire" in group


def test_the_ontology_for_people_and_for_tools(client: TestClient) -> None:
    assert ontology_files(), "ontology/ ships no Turtle file"
    html = client.get("/ontology", headers={"Accept": "text/html"})
    assert html.status_code == 200 and "Vary" in html.headers
    assert 'id="Resolution"' in html.text and 'id="voter"' in html.text and 'id="VoteYes"' in html.text
    assert "Classes" in html.text and "Object properties" in html.text and "Concepts" in html.text
    turtle = client.get("/ontology", headers={"Accept": "text/turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=turtle.content, format="turtle")
    assert (URIRef("https://w3id.org/hrcgraph/ontology"), RDF.type, OWL.Ontology) in g
    assert isomorphic(g, Graph().parse(data=client.get("/ontology.ttl").content, format="turtle"))
    assert isomorphic(g, Graph().parse(data=client.get("/ontology.jsonld").content, format="json-ld"))
    assert client.get("/ontology", headers={"Accept": "image/png"}).status_code == 406
    assert client.get("/ontology.docx").status_code == 404


def test_assets_are_served_by_us(client: TestClient) -> None:
    css = client.get("/assets/pages.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert client.get("/assets/pages.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/assets/other.js").status_code == 404
    for path in ("/", "/id/state/MLI.html"):
        assert "https://" not in "".join(re.findall(r'<(?:script|link)[^>]+>', client.get(path).text))


def test_the_dataset_description_is_served(client: TestClient, build: PublishedDataset) -> None:
    r = client.get("/.well-known/void")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=r.content, format="turtle")
    ds = URIRef(void_iri(Settings()))
    assert ds == URIRef(BASE + "dataset")
    assert (ds, RDF.type, VOID.Dataset) in g
    assert g.value(ds, VOID.exampleResource) == URIRef(BASE + "id/text/A/HRC/RES/55/25")
    for dump in build.manifest.files:
        dist = URIRef("http://testserver/dumps/" + dump.name)  # at the server's address, not the base's
        checksum = g.value(dist, SPDX.checksum)
        data = (build.dumps_path / dump.name).read_bytes()
        assert str(g.value(checksum, SPDX.checksumValue)) == hashlib.sha256(data).hexdigest()
        assert int(str(g.value(dist, DCAT.byteSize))) == len(data)
    for accept, fmt in (("application/ld+json", "json-ld"), ("application/n-triples", "nt"),
                        ("application/rdf+xml", "xml")):
        other = client.get("/.well-known/void", headers={"Accept": accept})
        assert other.status_code == 200
        assert isomorphic(g, Graph().parse(data=other.content, format=fmt)), accept
    html = client.get("/.well-known/void", headers={"Accept": "text/html"})
    assert html.headers["content-type"].startswith("text/html") and "spdx" in html.text
    assert client.get("/.well-known/void?format=jsonld").headers["content-type"] == "application/ld+json"
    assert client.get("/.well-known/void?format=xyz").status_code == 400
    assert client.get("/.well-known/void", headers={"Accept": "image/png"}).status_code == 406
