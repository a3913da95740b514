"""The build end to end: sources -> SHACL -> store and dumps, published atomically and reproducibly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hrcgraph.graph.build import BuildConfig, build
from hrcgraph.graph.errors import SourceError, ValidationFailed
from hrcgraph.graph.exports import TABLE_NAMES
from hrcgraph.graph.namespaces import HRC, sparql_prefixes
from hrcgraph.graph.publish import DataDir

from support.full_build import FULL_BUILD_EPOCH, FullBuild

FIXTURES = Path(__file__).parent / "fixtures"


def _quiet(_: str) -> None:
    pass


@pytest.fixture
def seed_only(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(FIXTURES / "seed" / "minimal-record.txt", folder)
    return folder


def _dump_bytes(data_dir: Path) -> dict[str, bytes]:
    current = DataDir(data_dir).current()
    assert current is not None
    return {p.name: p.read_bytes() for p in sorted(current.dumps_path.iterdir())}


def test_two_builds_of_the_same_input_are_byte_identical(tmp_path: Path, seed_only: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    for name in ("a", "b"):
        build(BuildConfig(data_dir=tmp_path / name, sources={"seeds": [seed_only], "ohchr": [FIXTURES / "ohchr"]}),
              log=_quiet)
    a, b = _dump_bytes(tmp_path / "a"), _dump_bytes(tmp_path / "b")
    tables = [n for t in TABLE_NAMES for n in (t, t + "-metadata.json")]
    assert sorted(a) == sorted(["hrcgraph.jsonld", "hrcgraph.nq.gz", "hrcgraph.nt.gz", "hrcgraph.ttl", *tables])
    assert a == b
    published = DataDir(tmp_path / "a").current()
    assert published is not None  # the sorted N-Quads the build read from a file are not published
    assert sorted(p.name for p in published.path.iterdir()) == ["dumps", "manifest.json", "search.sqlite", "store"]


def test_a_rebuild_with_no_changed_source_is_skipped(tmp_path: Path, seed_only: Path) -> None:
    config = BuildConfig(data_dir=tmp_path / "d", sources={"seeds": [seed_only], "ohchr": [FIXTURES / "ohchr"]})
    first = build(config, log=_quiet)
    again = build(config, log=_quiet)
    assert (first.status, again.status) == ("built", "up-to-date")
    assert again.version == first.version
    (seed_only / "minimal-record.txt").write_text(
        (seed_only / "minimal-record.txt").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert build(config, log=_quiet).status == "built"  # a changed checksum rebuilds


def test_bad_input_leaves_the_published_build_untouched(tmp_path: Path, seed_only: Path) -> None:
    config = BuildConfig(data_dir=tmp_path / "d", sources={"seeds": [seed_only]})
    build(config, log=_quiet)
    before = _dump_bytes(tmp_path / "d")
    version = DataDir(tmp_path / "d").current().version  # type: ignore[union-attr]
    shutil.copy(FIXTURES / "seed" / "unclosed-quotation.txt", seed_only)
    with pytest.raises(SourceError) as err:
        build(config, log=_quiet)
    assert "unclosed-quotation.txt" in str(err.value)
    assert _dump_bytes(tmp_path / "d") == before
    assert DataDir(tmp_path / "d").current().version == version  # type: ignore[union-attr]
    assert not list((tmp_path / "d" / "builds").glob(".staging-*"))


def test_a_violation_blocks_publication(tmp_path: Path, seed_only: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Break the data on its way to the store (a text loses its class): SHACL must refuse it."""
    import hrcgraph.graph.build as build_module

    config = BuildConfig(data_dir=tmp_path / "d", sources={"seeds": [seed_only]})
    build(config, log=_quiet)
    version = DataDir(tmp_path / "d").current().version  # type: ignore[union-attr]
    real_import = build_module.import_sources

    def broken_import(*args, **kwargs):  # type: ignore[no-untyped-def]
        from pyoxigraph import Literal, NamedNode, Triple

        batches = real_import(*args, **kwargs)
        seed = next(b for b in batches if "/graph/seed/" in b.graph.value)
        text = next(t.subject for t in seed.triples if t.predicate.value == "http://purl.org/dc/terms/title")
        seed.triples.append(Triple(text, NamedNode(HRC.dateAdopted), Literal("yesterday")))
        return batches

    monkeypatch.setattr(build_module, "import_sources", broken_import)
    with pytest.raises(ValidationFailed) as err:
        build(BuildConfig(data_dir=tmp_path / "d", sources={"seeds": [seed_only]}, force=True), log=_quiet)
    assert "Violation" in str(err.value) and "dateAdopted" in str(err.value)
    assert DataDir(tmp_path / "d").current().version == version  # type: ignore[union-attr]


def test_the_seed_resolution_answers_with_its_sponsor_clauses_and_mandate(tmp_path: Path, seed_dir: Path) -> None:
    """The foundation's 'done when': the seed resolution with its sponsor group, praise and criticism,
    the mandate extension on Mali, and Mali's identifiers; the inferred link says it is inferred."""
    build(BuildConfig(data_dir=tmp_path / "d", sources={"seeds": [seed_dir]}), log=_quiet)
    dataset = DataDir(tmp_path / "d").require()
    store = dataset.store
    q = sparql_prefixes() + """
        SELECT ?text ?group ?stance (COUNT(DISTINCT ?clause) AS ?clauses) WHERE {
          ?text a hrc:Resolution ; dct:title ?title ;
                hrc:sponsorship/hrc:sponsor ?group .
          FILTER(CONTAINS(?title, "capacity-building for Mali"))
          ?q hrc:quotes ?clause ; hrc:stance ?stance . ?clause hrc:clauseOf ?text .
        } GROUP BY ?text ?group ?stance ORDER BY ?stance"""
    rows = list(store.select(q))
    assert [(r["group"].value.rsplit("/", 1)[1], r["stance"].value.rsplit("#", 1)[1], int(r["clauses"].value))
            for r in rows] == [("african-group", "Criticism", 6), ("african-group", "Praise", 4)]
    q = sparql_prefixes() + """
        SELECT ?duration ?wd ?iso3 ?m49 ?basis WHERE {
          ?action a hrc:Extension ; hrc:duration ?duration ; hrc:onMandate ?mandate ; hrc:takenBy ?text .
          ?mandate hrc:concerns ?mali .
          ?mali owl:sameAs ?wd ; skos:notation ?iso3, ?m49 .
          FILTER(datatype(?iso3) = hrc:ISO3166Alpha3 && datatype(?m49) = hrc:M49)
          ?st a rdf:Statement ; rdf:subject ?text ; rdf:predicate hrc:concerns ; rdf:object ?mali ; hrc:basis ?basis .
        } ORDER BY ?basis"""
    result = store.select(q)
    rows = [(r["duration"].value, r["wd"].value, r["iso3"].value, r["m49"].value, r["basis"].value.rsplit("#")[1])
            for r in result]
    assert rows == [
        ("P1Y", "http://www.wikidata.org/entity/Q912", "MLI", "466", "FromMandate"),
        ("P1Y", "http://www.wikidata.org/entity/Q912", "MLI", "466", "FromTitle"),
    ]
    dataset.close()


@pytest.mark.slow
def test_a_rebuild_of_four_years_of_the_collection_is_byte_identical(
        tmp_path: Path, recent_ohchr_dir: Path, seed_dir: Path, recent_build_dir: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A real slice of the collection (every text and roll call of four years, and the seed record), built
    again from scratch beside the shared build of it: the same dumps and tables, byte for byte."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FULL_BUILD_EPOCH)
    again = build(BuildConfig(data_dir=tmp_path / "b", sources={"ohchr": [recent_ohchr_dir], "seeds": [seed_dir]}),
                  log=_quiet)
    first = DataDir(recent_build_dir).current()
    assert first is not None and again.version == first.version
    assert _dump_bytes(recent_build_dir) == _dump_bytes(tmp_path / "b")


@pytest.mark.slow
def test_the_full_build_holds_every_record_and_conforms(full_build: FullBuild) -> None:
    summary = full_build.summary
    assert summary.report is not None and summary.report.conforms
    counts = summary.per_class
    hrc = "https://w3id.org/hrcgraph/ontology#"
    assert counts[hrc + "Vote"] == 80_158
    assert counts[hrc + "VoteEvent"] == 6_346 + 1  # every OHCHR record, and the seed record's decision
