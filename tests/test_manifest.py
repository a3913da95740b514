"""The build manifest: written and read back unchanged, and a clear error for a broken one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hrcgraph.graph.dumps import DumpFile
from hrcgraph.graph.errors import StoreError
from hrcgraph.graph.manifest import MANIFEST_FILE, BuildManifest, SourceEntry, SourceFileEntry, WarningCounts

MANIFEST = BuildManifest(
    version="a" * 64,
    built_at="2026-01-15T12:00:00Z",
    input_key="b" * 64,
    hrcgraph_version="0.1.0",
    base_iri="https://example.org/hrc/",
    schema_sha256="c" * 64,
    triples=12,
    graphs={"https://example.org/hrc/graph/seed/1": 12},
    classes={"https://w3id.org/hrcgraph/ontology#Resolution": 1},
    sources=(SourceEntry("https://example.org/hrc/graph/seed/1", "UN Watch record: X", None, "UN Watch",
                         (SourceFileEntry("x.txt", "d" * 64),), triples=12, warnings=1),),
    warnings=WarningCounts(source=1, shacl=2),
    dumps=(DumpFile("hrcgraph.ttl", "text/turtle", None, "turtle", 100, "e" * 64),),
)


def test_a_manifest_reads_back_as_written(tmp_path: Path) -> None:
    path = MANIFEST.write(tmp_path)
    assert path == tmp_path / MANIFEST_FILE
    assert BuildManifest.read(tmp_path) == MANIFEST
    assert json.loads(path.read_text(encoding="utf-8"))["dumps"][0]["sha256"] == "e" * 64
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_manifest_finds_its_dumps_by_name() -> None:
    assert MANIFEST.dump("hrcgraph.ttl") == MANIFEST.dumps[0]
    assert MANIFEST.dump("hrcgraph.nt.gz") is None


@pytest.mark.parametrize(("text", "expected"), [
    ("{", "not JSON"),
    ("[]", "expected a JSON object"),
    ('{"built_at": "2026-01-15T12:00:00Z"}', "field 'version' is missing"),
    ('{"version": 3, "built_at": "2026-01-15T12:00:00Z"}', "field 'version' is missing or not a string"),
    ('{"version": "v", "built_at": "x", "dumps": [{"name": "a"}]}', "unreadable field"),
])
def test_a_broken_manifest_is_a_store_error_naming_the_file(tmp_path: Path, text: str, expected: str) -> None:
    (tmp_path / MANIFEST_FILE).write_text(text, encoding="utf-8")
    with pytest.raises(StoreError) as err:
        BuildManifest.read(tmp_path)
    assert str(tmp_path / MANIFEST_FILE) in str(err.value) and expected in str(err.value)


def test_a_missing_manifest_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"no readable manifest\.json"):
        BuildManifest.read(tmp_path)
