"""The seed record decided by its quotations, on the real OHCHR collection, texts and seed."""

from __future__ import annotations

from pathlib import Path

import pytest

from hrcgraph.graph.countries import Countries
from hrcgraph.graph.iris import IriFactory
from hrcgraph.graph.linking import SeedLink, link_seed_records
from hrcgraph.graph.quotations import ClauseText
from hrcgraph.graph.sources.base import SourceFile
from hrcgraph.graph.sources.ohchr import OhchrData, read_ohchr
from hrcgraph.graph.sources.seed import SeedRecord, read_seed_folder
from hrcgraph.graph.sources.texts import read_texts, year_files
from hrcgraph.graph.sources.texts_rdf import TextsResult, known_texts, texts_batch

IRIS = IriFactory()


@pytest.fixture(scope="module")
def real(ohchr_dir: Path, texts_dir: Path, seed_dir: Path) -> tuple[OhchrData, TextsResult, list[SeedRecord]]:
    countries = Countries.load()
    data = read_ohchr(ohchr_dir, countries)
    texts = texts_batch(read_texts([SourceFile.of(p) for p in year_files(texts_dir)]), known_texts(data, IRIS),
                        countries, IRIS)
    return data, texts, read_seed_folder(seed_dir)


def _link(real: tuple[OhchrData, TextsResult, list[SeedRecord]], texts: dict[str, list[ClauseText]]) -> SeedLink:
    data, _, records = real
    links = link_seed_records(records, data, IRIS, Countries.load(), texts=texts)
    assert len(links.links) == 1
    return links.links[0]


def test_without_texts_three_candidates_stay(real: tuple[OhchrData, TextsResult, list[SeedRecord]]) -> None:
    data, _, records = real
    link = link_seed_records(records, data, IRIS, Countries.load()).links[0]
    assert link.matched is None
    assert [c.record.symbol for c in link.candidates] == ["A/HRC/RES/55/25", "A/HRC/RES/58/30", "A/HRC/RES/61/37"]


def test_the_seed_record_is_the_one_text_that_holds_every_quotation(
        real: tuple[OhchrData, TextsResult, list[SeedRecord]]) -> None:
    link = _link(real, real[1].clauses)
    assert link.matched is not None and link.matched.record.symbol == "A/HRC/RES/55/25"
    assert link.matched.reasons[-1] == "holds 10 of 10 quotations"
    assert link.ruled_out[-2:] == ["A/HRC/RES/58/30: holds 8 of 10 quotations; not found: q-1, q-5",
                              "A/HRC/RES/61/37: holds 5 of 10 quotations; not found: q-1, q-2, q-4, q-5, q-8"]
    held = [m.describe() if m else None for m in link.quoted["A/HRC/RES/55/25"]]
    assert held == ["PP16 (prefix)", "OP2 (within)", "OP16 (prefix)", "OP20 (prefix)", "OP1 (exact)", "OP5 (prefix)",
                    "OP6 (exact)", "OP13 (prefix)", "OP15 (prefix)", "OP23 (tolerant (the -> (none)))"]
    clause = link.quoted_clause(10)
    assert clause is not None and clause.value.endswith("/id/text/A/HRC/RES/55/25#op-23")
    assert "q-10: OP23 (tolerant (the -> (none)))" in link.describe()


def test_a_candidate_whose_text_is_missing_blocks_the_match(
        real: tuple[OhchrData, TextsResult, list[SeedRecord]]) -> None:
    without = {iri: clauses for iri, clauses in real[1].clauses.items() if not iri.endswith("/61/37")}
    link = _link(real, without)
    assert link.matched is None
    reasons = {c.record.symbol: c.reasons[-1] for c in link.candidates}
    assert reasons == {"A/HRC/RES/55/25": "holds 10 of 10 quotations",
                       "A/HRC/RES/58/30": "holds 8 of 10 quotations; not found: q-1, q-5",
                       "A/HRC/RES/61/37": "its text is not among the texts given"}
    assert link.quoted_clause(1) is None
