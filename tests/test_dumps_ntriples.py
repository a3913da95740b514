"""The dumps' N-Triples come from the sorted N-Quads without a second sort: the same lines as sorting them."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st
from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, Store, Triple, parse

from hrcgraph.graph import dumps
from hrcgraph.graph.dumps import ntriples_from_nquads, sorted_nquads
from hrcgraph.graph.store import EmbeddedStore

_IRI = st.sampled_from(["https://example.org/a", "https://example.org/a/b", "https://example.org/ab",
                        "https://example.org/a#x"]).map(NamedNode)
_GRAPH = st.sampled_from(["https://example.org/g", "https://example.org/g2", "https://example.org/h"]).map(NamedNode)
_TEXT = st.sampled_from(["a", "a b", "a\"b", "ab", "", "a\tb", "é", "a\nb"])
_LITERAL = st.one_of(
    _TEXT.map(Literal),
    st.tuples(_TEXT, st.sampled_from(["en", "en-gb", "fr"])).map(lambda x: Literal(x[0], language=x[1])),
    st.tuples(_TEXT, st.sampled_from(["http://www.w3.org/2001/XMLSchema#token", "https://example.org/a"]))
    .map(lambda x: Literal(x[0], datatype=NamedNode(x[1]))),
)
_QUADS = st.lists(st.tuples(st.one_of(_IRI, st.sampled_from(["b1", "b12"]).map(BlankNode)), _IRI,
                            st.one_of(_IRI, _LITERAL), _GRAPH), max_size=40)


@settings(max_examples=200, deadline=None)
@given(_QUADS)
def test_the_triples_are_the_sorted_distinct_triples_of_the_quads(quads: list[tuple[object, ...]]) -> None:
    store = EmbeddedStore(Store())
    store.load(Quad(*q) for q in quads)  # type: ignore[arg-type]
    nquads = sorted_nquads(store)
    expected = io.BytesIO()
    for line in nquads.splitlines():
        expected.write(line.rpartition(b" <")[0] + b" .\n")
    lines = sorted(set(expected.getvalue().splitlines()))
    assert ntriples_from_nquads(nquads) == (b"\n".join(lines) + b"\n" if lines else b"")
    with patch.object(dumps, "CHUNK", 97):  # pieces of a few lines: neighbours across pieces are compared too
        assert ntriples_from_nquads(nquads) == (b"\n".join(lines) + b"\n" if lines else b"")
    assert nquads.splitlines() == sorted(set(nquads.splitlines()))


def test_a_triple_in_the_default_graph_is_refused() -> None:
    store = Store()
    store.load(b'<https://example.org/a> <https://example.org/p> "x" .\n', format=RdfFormat.N_QUADS)
    buf = io.BytesIO()
    store.dump(buf, RdfFormat.N_QUADS)
    try:
        ntriples_from_nquads(buf.getvalue())
    except ValueError as exc:
        assert "not an N-Quads line in a named graph" in str(exc)
    else:
        raise AssertionError("a triple outside any named graph was taken for a quad")


@settings(max_examples=50, deadline=None)
@given(_QUADS)
def test_turtle_and_json_ld_written_from_small_pieces_hold_the_triples(quads: list[tuple[object, ...]]) -> None:
    """The Turtle and JSON-LD dumps are parsed from the N-Triples pieces read as one file: cut into pieces of
    a few lines, they still hold every triple once."""
    raw = Store()
    raw.extend(Quad(*q) for q in quads)  # type: ignore[arg-type]
    triples = {Triple(q.subject, q.predicate, q.object) for q in raw}
    store = EmbeddedStore(raw)
    with tempfile.TemporaryDirectory() as out, patch.object(dumps, "CHUNK", 97):
        written = {d.format: d for d in dumps.write_dumps(Path(out), dumps.sorted_nquads(store))}
        for name, fmt in (("turtle", RdfFormat.TURTLE), ("jsonld", RdfFormat.JSON_LD)):
            parsed = [q.triple for q in parse(path=Path(out) / written[name].name, format=fmt)]
            ground = {t for t in parsed if not _has_blank(t)}
            assert ground == {t for t in triples if not _has_blank(t)}, name
            assert len(parsed) == len(triples), name


def _has_blank(t: Triple) -> bool:
    return isinstance(t.subject, BlankNode) or isinstance(t.object, BlankNode)


def test_the_sort_works_in_the_folder_it_is_given_and_leaves_nothing_there(tmp_path: Path) -> None:
    quads = [Quad(NamedNode(f"https://example.org/s{i % 7}"), NamedNode("https://example.org/p"), Literal(str(i)),
                  NamedNode("https://example.org/g")) for i in range(50)]
    store = EmbeddedStore(Store())
    store.load(quads)
    in_folder = sorted_nquads(store, tmp_path)
    assert in_folder == sorted_nquads(store)
    assert len(in_folder.splitlines()) == 50 and in_folder.endswith(b" .\n")
    assert list(tmp_path.iterdir()) == []


def test_json_ld_written_by_a_worker_process_is_the_same_file(tmp_path: Path) -> None:
    """A large graph's JSON-LD is written by a worker process from a temporary N-Triples file: the same bytes
    and checksums as written in the build's own process, and no temporary file is left."""
    quads = [Quad(NamedNode(f"https://example.org/s{i % 13}"), NamedNode(f"https://example.org/p{i % 3}"),
                  Literal(f"value {i}", language="en") if i % 2 else NamedNode(f"https://example.org/o{i}"),
                  NamedNode(f"https://example.org/g{i % 2}")) for i in range(400)]
    store = EmbeddedStore(Store())
    store.load(quads)
    nquads = sorted_nquads(store)
    with patch.object(dumps, "PARALLEL_MIN_BYTES", len(nquads) + 1):
        here = dumps.write_dumps(tmp_path / "here", nquads)
    with patch.object(dumps, "PARALLEL_MIN_BYTES", 0):
        elsewhere = dumps.write_dumps(tmp_path / "elsewhere", nquads)
    assert elsewhere == here
    for d in here:
        assert (tmp_path / "here" / d.name).read_bytes() == (tmp_path / "elsewhere" / d.name).read_bytes()
    assert sorted(p.name for p in (tmp_path / "elsewhere").iterdir()) == sorted(d.name for d in here)
    jsonld = {t.triple for t in parse(path=tmp_path / "elsewhere" / "hrcgraph.jsonld", format=RdfFormat.JSON_LD)}
    assert jsonld == {Triple(q.subject, q.predicate, q.object) for q in quads}
