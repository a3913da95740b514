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
from hrcgraph.graph.dumps import DumpFile, ntriples_from_nquads, sorted_nquads
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
    _assert_same_dumps(tmp_path / "here", here, tmp_path / "elsewhere", elsewhere)
    jsonld = {t.triple for t in parse(path=tmp_path / "elsewhere" / "hrcgraph.jsonld", format=RdfFormat.JSON_LD)}
    assert jsonld == {Triple(q.subject, q.predicate, q.object) for q in quads}


@settings(max_examples=100, deadline=None)
@given(st.lists(st.binary(max_size=30).map(lambda b: b.replace(b"\n", b"") + b"\n"), max_size=30),
       st.integers(min_value=1, max_value=80))
def test_lines_in_a_file_or_in_memory_come_in_the_same_pieces_of_whole_lines(lines: list[bytes], size: int) -> None:
    data = b"".join(lines)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "lines"
        path.write_bytes(data)
        from_file = list(dumps.line_pieces(path, size))
    in_memory = list(dumps.line_pieces(data, size))
    for pieces in (from_file, in_memory):
        assert b"".join(pieces) == data
        assert all(piece.endswith(b"\n") and piece for piece in pieces)
        assert all(len(piece) < size + 32 for piece in pieces)  # a piece ends at the first line end after size


def test_dumps_written_from_the_sorted_file_are_those_written_from_memory(tmp_path: Path) -> None:
    """A build keeps its sorted N-Quads in a file (not held while its other phases run): the same version and
    the same dumps, byte for byte, as from the N-Quads in memory, large-graph path (a worker) included."""
    quads = [Quad(NamedNode(f"https://example.org/s{i % 11}"), NamedNode(f"https://example.org/p{i % 4}"),
                  Literal(f"value {i}") if i % 3 else NamedNode(f"https://example.org/o{i}"),
                  NamedNode(f"https://example.org/g{i % 3}")) for i in range(300)]
    store = EmbeddedStore(Store())
    store.load(quads)
    in_memory = sorted_nquads(store)
    in_file = dumps.sorted_nquads_file(store, tmp_path / "sorted.nq")
    assert in_file.read_bytes() == in_memory and list(tmp_path.iterdir()) == [in_file]
    assert dumps.dataset_version(in_file) == dumps.dataset_version(in_memory)
    with patch.object(dumps, "CHUNK", 200):
        from_memory = dumps.write_dumps(tmp_path / "memory", in_memory)
        with patch.object(dumps, "PARALLEL_MIN_BYTES", 0):
            from_file = dumps.write_dumps(tmp_path / "file", in_file)
    _assert_same_dumps(tmp_path / "memory", from_memory, tmp_path / "file", from_file)


def _assert_same_dumps(first: Path, first_dumps: list[DumpFile], second: Path, second_dumps: list[DumpFile]) -> None:
    """Two folders hold the same dumps, byte for byte, with the same entries, and the second nothing else (no
    temporary file)."""
    assert second_dumps == first_dumps
    for d in first_dumps:
        assert (second / d.name).read_bytes() == (first / d.name).read_bytes()
    assert sorted(p.name for p in second.iterdir()) == sorted(d.name for d in first_dumps)
