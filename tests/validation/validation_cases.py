"""Loading the validation test cases and comparing our report with pySHACL's."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from pathlib import Path

import pyoxigraph as ox
import rdflib

from graph.validation import ValidationReport, compile_shapes, validate_store
from graph.validation.pyshacl_check import pyshacl_validate, store_from_graph

CASES_DIR = Path(__file__).parent / "cases"
SHAPES_GRAPH = rdflib.URIRef("urn:test:shapes")
DATA_GRAPH = rdflib.URIRef("urn:test:data")
EX = "http://example.org/ns#"


@dataclass
class Case:
    """A case file: a shapes graph and a data graph, in the named graphs of one TriG file."""

    name: str
    shapes: rdflib.Graph
    data: rdflib.Graph


def case_files() -> list[Path]:
    return sorted(CASES_DIR.glob("*.trig"))


def load_case(path: Path) -> Case:
    dataset = rdflib.Dataset()
    dataset.parse(path, format="trig")
    shapes, data = rdflib.Graph(), rdflib.Graph()
    for graph in (shapes, data):
        for prefix, namespace in dataset.namespaces():
            graph.bind(prefix, namespace)
    for triple in dataset.graph(SHAPES_GRAPH):
        shapes.add(triple)
    for triple in dataset.graph(DATA_GRAPH):
        data.add(triple)
    assert len(shapes) and len(data), f"{path.name}: both <urn:test:shapes> and <urn:test:data> must hold triples"
    return Case(path.stem, shapes, data)


def both_reports(data: rdflib.Graph, shapes: rdflib.Graph) -> tuple[ValidationReport, ValidationReport]:
    """Our report (a store made from ``data``) and pySHACL's (``data`` itself)."""
    ours = validate_store(store_from_graph(data), compile_shapes(shapes))
    theirs = pyshacl_validate(data, shapes)
    return ours, theirs


def difference(ours: ValidationReport, theirs: ValidationReport) -> str:
    """The results only one engine gave, readable; empty when the reports agree."""
    only_ours = sorted(ours.keys() - theirs.keys(), key=str)
    only_theirs = sorted(theirs.keys() - ours.keys(), key=str)
    lines = [f"only ours:     {k}" for k in only_ours] + [f"only pySHACL:  {k}" for k in only_theirs]
    return "\n".join(lines)


def ohchr_sample_quads(folder: Path, size: int, seed: int = 20240404) -> list[ox.Quad]:
    """The graph the build makes (countries, OHCHR texts and votes, derived memberships) for a
    random sample of ``size`` OHCHR records, half of them with a roll call when there are enough."""
    from graph.countries import Countries, country_batch
    from graph.iris import IriFactory
    from graph.membership import membership_batch
    from graph.sources.ohchr import read_ohchr
    from graph.sources.ohchr_rdf import ohchr_batch

    countries, iris = Countries.load(), IriFactory()
    data = read_ohchr(folder, countries)
    rng = random.Random(seed)
    voted = [r for r in data.records if r.record_id in data.votes_by_record]
    unvoted = [r for r in data.records if r.record_id not in data.votes_by_record]
    chosen = rng.sample(voted, min(size // 2, len(voted)))
    chosen += rng.sample(unvoted, min(size - len(chosen), len(unvoted)))
    ids = {r.record_id for r in chosen}
    sample = replace(
        data,
        records=[r for r in data.records if r.record_id in ids],
        votes=[v for v in data.votes if v.record_id in ids],
        by_id={k: v for k, v in data.by_id.items() if k in ids},
        votes_by_record={k: v for k, v in data.votes_by_record.items() if k in ids},
    )
    batches = [country_batch(countries, iris), ohchr_batch(sample, countries, iris), membership_batch(sample, iris)]
    return [ox.Quad(t.subject, t.predicate, t.object, b.graph) for b in batches for t in b.triples]
