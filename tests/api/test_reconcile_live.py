"""The reconciliation service on a real server on loopback, called as OpenRefine calls it: the manifest by GET,
then a batch of real-world names as a POSTed form; the right IRIs come back with scores, and no decoy matches."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from support.api_builds import LiveServer, make_settings
from support.reconcile import DECOYS, REAL_NAMES, validate

pytestmark = pytest.mark.server

HRC = "https://w3id.org/hrcgraph/ontology#"


@pytest.fixture(scope="module")
def server(recent_build_dir: Path) -> Iterator[LiveServer]:
    with LiveServer(make_settings(recent_build_dir, query_workers=1)) as live:
        yield live


def test_a_batch_of_real_names_and_decoys_through_the_running_server(server: LiveServer) -> None:
    manifest = httpx.get(server.url + "/reconcile", timeout=30).json()
    validate("manifest", manifest)
    assert manifest["view"]["url"].startswith(server.url + "/reconcile/view")

    names = sorted(REAL_NAMES)
    decoys = sorted(DECOYS)
    queries = {f"q{i}": {"query": n, "type": HRC + REAL_NAMES[n][0]} for i, n in enumerate(names)}
    queries |= {f"d{i}": {"query": n, "type": HRC + "State", "limit": 10} for i, n in enumerate(decoys)}
    validate("reconciliation-query-batch", queries)
    r = httpx.post(server.url + "/reconcile", data={"queries": json.dumps(queries)}, timeout=60)
    assert r.status_code == 200, r.text
    body = r.json()
    validate("reconciliation-result-batch", body)
    for i, name in enumerate(names):
        best = body[f"q{i}"]["result"][0]
        assert (best["id"], best["match"]) == (REAL_NAMES[name][1], True), name
        assert best["score"] >= 85
    for i, name in enumerate(decoys):
        matched = {c["id"] for c in body[f"d{i}"]["result"] if c["match"]}
        assert not matched & set(DECOYS[name]), name
        if not DECOYS[name]:
            assert matched == set(), name


def test_extension_and_preview_through_the_running_server(server: LiveServer) -> None:
    mli = "https://w3id.org/hrcgraph/id/state/MLI"
    extend = {"ids": [mli], "properties": [{"id": "iso2"}, {"id": "regional_group"}]}
    body = httpx.get(server.url + "/reconcile", params={"extend": json.dumps(extend)}, timeout=30).json()
    validate("data-extension-response", body)
    assert body["rows"][mli]["iso2"] == [{"str": "ML"}]
    preview = httpx.get(server.url + "/reconcile/preview", params={"id": mli}, timeout=30)
    assert preview.status_code == 200 and "Mali" in preview.text
