"""Property-based tests of the seed-format reader (hypothesis): whatever a file holds, the reader
returns a record or raises SourceError naming the file, never anything else."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hrcgraph.graph.errors import SourceError
from hrcgraph.graph.sources.seed import SeedRecord, parse_seed_file

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "seed"
MINIMAL = (FIXTURES / "minimal-record.txt").read_text(encoding="utf-8")
LINES = MINIMAL.splitlines(keepends=True)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _read(data: bytes) -> SeedRecord | SourceError:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "record.txt"
        path.write_bytes(data)
        try:
            return parse_seed_file(path)
        except SourceError as exc:
            assert "record.txt" in str(exc), f"the error does not name the file: {exc}"
            return exc


@SETTINGS
@given(st.binary(max_size=2000))
def test_any_bytes_give_a_record_or_a_source_error(data: bytes) -> None:
    _read(data)


@SETTINGS
@given(st.text(max_size=2000))
def test_any_text_gives_a_record_or_a_source_error(text: str) -> None:
    _read(text.encode("utf-8"))


@SETTINGS
@given(st.lists(st.sampled_from(LINES), max_size=60))
def test_shuffled_and_repeated_lines_of_a_record(lines: list[str]) -> None:
    _read("".join(lines).encode("utf-8"))


@SETTINGS
@given(st.integers(min_value=0, max_value=len(LINES)), st.text(max_size=200))
def test_a_line_inserted_into_a_valid_record(at: int, inserted: str) -> None:
    _read("".join([*LINES[:at], inserted + "\n", *LINES[at:]]).encode("utf-8"))


@SETTINGS
@given(st.integers(min_value=0, max_value=max(len(LINES) - 1, 0)))
def test_a_line_deleted_from_a_valid_record(at: int) -> None:
    _read("".join(LINES[:at] + LINES[at + 1:]).encode("utf-8"))


def test_the_valid_record_reads() -> None:
    assert isinstance(_read(MINIMAL.encode("utf-8")), SeedRecord)
