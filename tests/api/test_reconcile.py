"""The reconciliation service over a real build (recent OHCHR texts, the seed record, the country table):
every response is validated against the JSON schemas the API's specification publishes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from hrcgraph.api.app import create_app
from hrcgraph.settings import Settings

from support.reconcile import BASE, DECOYS, REAL_NAMES, state, validate

HRC = "https://w3id.org/hrcgraph/ontology#"


@pytest.fixture(scope="module")
def client(recent_build_dir: Path) -> Iterator[TestClient]:
    settings = Settings(data_dir=recent_build_dir, query_workers=1)
    with TestClient(create_app(settings), raise_server_exceptions=False) as c:
        yield c


def _batch(client: TestClient, queries: dict[str, object], *, post: bool = True) -> dict[str, object]:
    validate("reconciliation-query-batch", queries)
    payload = {"queries": json.dumps(queries)}
    r = client.post("/reconcile", data=payload) if post else client.get("/reconcile", params=payload)
    assert r.status_code == 200, r.text
    body = r.json()
    validate("reconciliation-result-batch", body)
    return body  # type: ignore[no-any-return]


def test_the_manifest_fits_the_schema_and_names_every_service(client: TestClient) -> None:
    r = client.get("/reconcile")
    assert r.status_code == 200
    manifest = r.json()
    validate("manifest", manifest)
    assert "0.2" in manifest["versions"]
    assert manifest["identifierSpace"] == BASE + "id/"
    assert {t["name"] for t in manifest["defaultTypes"]} >= {"State", "Text", "Session"}
    assert manifest["preview"]["url"].startswith("http://testserver/reconcile/preview")
    assert manifest["extend"]["propose_properties"]["service_path"] == "/propose_properties"


def test_browsers_may_call_the_service_from_other_origins(client: TestClient) -> None:
    """Version 0.2 requires CORS (JSONP is optional)."""
    r = client.get("/reconcile", headers={"Origin": "https://openrefine.example"})
    assert r.headers["access-control-allow-origin"] in ("*", "https://openrefine.example")


def test_the_manifest_as_jsonp(client: TestClient) -> None:
    r = client.get("/reconcile", params={"callback": "jsonp_17"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/javascript")
    text = r.text
    assert text.startswith("jsonp_17(") and text.endswith(");")
    validate("manifest", json.loads(text[len("jsonp_17("):-2]))


def test_a_callback_that_is_not_an_identifier_is_refused(client: TestClient) -> None:
    r = client.get("/reconcile", params={"callback": "alert(1)//"})
    assert r.status_code == 400 and "callback" in r.text


@pytest.mark.parametrize("name", sorted(REAL_NAMES))
def test_real_world_spellings_match_the_right_iri(client: TestClient, name: str) -> None:
    kind, iri = REAL_NAMES[name]
    body = _batch(client, {"q0": {"query": name, "type": HRC + kind}})
    result = body["q0"]["result"]  # type: ignore[index]
    assert result, f"no candidate for {name!r}"
    best = result[0]
    assert best["id"] == iri, f"{name!r} -> {best}"
    assert best["match"] is True, f"{name!r} -> {best}"
    assert best["score"] >= 85
    assert [c for c in result if c["match"]] == [best]


def test_a_whole_batch_without_types(client: TestClient) -> None:
    names = sorted(REAL_NAMES)
    body = _batch(client, {f"q{i}": {"query": n} for i, n in enumerate(names)}, post=False)
    for i, name in enumerate(names):
        result = body[f"q{i}"]["result"]  # type: ignore[index]
        assert result[0]["id"] == REAL_NAMES[name][1], name


@pytest.mark.parametrize("name", sorted(DECOYS))
def test_decoys_do_not_match(client: TestClient, name: str) -> None:
    body = _batch(client, {"q": {"query": name, "type": HRC + "State", "limit": 10}})
    result = body["q"]["result"]  # type: ignore[index]
    matched = [c["id"] for c in result if c["match"]]
    for wrong in DECOYS[name]:
        assert wrong not in matched
    if not DECOYS[name]:  # an invented or misspelt name: candidates at most, never a match
        assert matched == []
        assert all(c["score"] < 85 for c in result)


def test_candidates_say_why_they_were_proposed(client: TestClient) -> None:
    body = _batch(client, {"code": {"query": "NER"}, "alias": {"query": "Turkey"}, "fuzzy": {"query": "Nigerria"}})
    features = {k: {f["id"] for f in v["result"][0]["features"]} for k, v in body.items()}  # type: ignore[union-attr]
    assert "code" in features["code"]
    assert "alias" in features["alias"]
    assert "fuzzy_name" in features["fuzzy"]
    assert body["fuzzy"]["result"][0]["id"] == state("NGA")  # type: ignore[index]


def test_a_property_that_contradicts_the_name_unmatches(client: TestClient) -> None:
    body = _batch(client, {
        "ok": {"query": "Niger", "type": HRC + "State", "properties": [{"pid": "iso3", "v": "NER"}]},
        "contradicted": {"query": "Niger", "type": HRC + "State", "properties": [{"pid": "iso3", "v": "NGA"}]},
        "by_code_only": {"properties": [{"pid": "iso3", "v": "MLI"}]},
    })
    assert body["ok"]["result"][0]["match"] is True  # type: ignore[index]
    assert body["contradicted"]["result"][0]["match"] is False  # type: ignore[index]
    assert body["by_code_only"]["result"][0]["id"] == state("MLI")  # type: ignore[index]


def test_bad_batches_are_client_errors(client: TestClient) -> None:
    assert client.post("/reconcile", data={"queries": "{not json"}).status_code == 400
    assert client.post("/reconcile", data={"queries": "[1, 2]"}).status_code == 400
    r = client.post("/reconcile", data={"queries": json.dumps({"q": {"query": "Mali", "type": "hrc:Planet"}})})
    assert r.status_code == 400 and "unknown type" in r.text


def test_suggest_entities_types_and_properties(client: TestClient) -> None:
    r = client.get("/reconcile/suggest/entity", params={"prefix": "Guinea"})
    validate("suggest-entities-response", r.json())
    ids = [x["id"] for x in r.json()["result"]]
    assert state("GIN") in ids and state("GNB") in ids
    r = client.get("/reconcile/suggest/entity", params={"prefix": "A/HRC/RES/55/2", "type": HRC + "Text"})
    validate("suggest-entities-response", r.json())
    assert BASE + "id/text/A/HRC/RES/55/25" in [x["id"] for x in r.json()["result"]]
    r = client.get("/reconcile/suggest/type", params={"prefix": "sess"})
    validate("suggest-types-response", r.json())
    assert [t["id"] for t in r.json()["result"]] == [HRC + "Session"]
    r = client.get("/reconcile/suggest/property", params={"prefix": "iso"})
    validate("suggest-properties-response", r.json())
    assert {p["id"] for p in r.json()["result"]} == {"iso3", "iso2", "iso_numeric"}


def test_property_proposals_per_type(client: TestClient) -> None:
    r = client.get("/reconcile/propose_properties", params={"type": HRC + "State"})
    validate("draft/data-extension-property-proposal", r.json())
    ids = {p["id"] for p in r.json()["properties"]}
    assert {"iso3", "iso2", "m49", "wikidata", "regional_group"} <= ids and "date_adopted" not in ids
    r = client.get("/reconcile/propose_properties", params={"type": HRC + "Text"})
    assert {"date_adopted", "agenda_item", "decision_method"} <= {p["id"] for p in r.json()["properties"]}


def test_data_extension(client: TestClient) -> None:
    query = {"ids": [state("MLI"), state("TUR"), BASE + "id/text/A/HRC/RES/55/25", BASE + "id/state/XXX"],
             "properties": [{"id": p} for p in ("iso3", "iso2", "m49", "wikidata", "regional_group", "date_adopted",
                                                "agenda_item", "decision_method")]}
    validate("data-extension-query", query)
    r = client.post("/reconcile", data={"extend": json.dumps(query)})
    assert r.status_code == 200, r.text
    body = r.json()
    validate("data-extension-response", body)
    meta = {m["id"]: m for m in body["meta"]}
    assert meta["regional_group"]["type"]["id"] == HRC + "Group" and "type" not in meta["iso3"]
    rows = body["rows"]
    assert rows[state("MLI")]["iso3"] == [{"str": "MLI"}]
    assert rows[state("MLI")]["iso2"] == [{"str": "ML"}]
    assert rows[state("MLI")]["m49"] == [{"str": "466"}]
    assert rows[state("MLI")]["wikidata"] == [{"str": "Q912"}]
    assert rows[state("MLI")]["regional_group"][0]["id"] == BASE + "id/group/african-states"
    assert rows[state("TUR")]["wikidata"] == [{"str": "Q43"}]
    text = rows[BASE + "id/text/A/HRC/RES/55/25"]
    assert text["date_adopted"] == [{"date": "2024-04-04T00:00:00Z"}]
    assert text["agenda_item"][0]["id"] == HRC + "Item10"
    assert text["decision_method"][0]["id"] == HRC + "AdoptedWithoutVote"
    assert rows[BASE + "id/state/XXX"]["iso3"] == []


def test_an_unknown_extension_property_is_a_client_error(client: TestClient) -> None:
    r = client.post("/reconcile", data={"extend": json.dumps({"ids": [state("MLI")], "properties": [{"id": "x"}]})})
    assert r.status_code == 400 and "propose_properties" in r.text


def test_preview_and_view(client: TestClient) -> None:
    r = client.get("/reconcile/preview", params={"id": state("CIV")})
    assert r.status_code == 200 and "Côte d" in r.text and "/id/state/CIV" in r.text
    assert client.get("/reconcile/preview", params={"id": BASE + "id/state/XXX"}).status_code == 404
    r = client.get("/reconcile/view", params={"id": BASE + "id/text/A/HRC/RES/55/25"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/id/text/A/HRC/RES/55/25"


def test_a_batch_as_a_json_body(client: TestClient) -> None:
    r = client.post("/reconcile", json={"queries": {"q": {"query": "Côte d’Ivoire"}}})
    assert r.status_code == 200, r.text
    validate("reconciliation-result-batch", r.json())
    assert r.json()["q"]["result"][0]["id"] == state("CIV")
    assert client.post("/reconcile", content=b"{oops", headers={"Content-Type": "application/json"}).status_code == 400
