"""Property-based tests of the symbol parser (hypothesis): any text is read without an exception,
normalizing is stable, and well-formed symbols say their session, body and kind."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from hrcgraph.graph.symbols import SymbolInfo, TextKind, parse_symbol

SETTINGS = settings(max_examples=300, deadline=None)
SYMBOL_ALPHABET = st.sampled_from(list("AEHRCNSLDPTV/.-()[]0123456789 IVXrevRev"))


@SETTINGS
@given(st.text(max_size=60))
def test_any_text_is_read_without_an_exception(text: str) -> None:
    assert isinstance(parse_symbol(text), SymbolInfo)


@SETTINGS
@given(st.text(SYMBOL_ALPHABET, max_size=40))
def test_symbol_like_text_is_read_without_an_exception(text: str) -> None:
    info = parse_symbol(text)
    assert info.as_written == text


@SETTINGS
@given(st.one_of(st.text(max_size=40), st.text(SYMBOL_ALPHABET, max_size=40)))
def test_normalizing_twice_changes_nothing(text: str) -> None:
    once = parse_symbol(text).normalized
    assert parse_symbol(once).normalized == once


@SETTINGS
@given(st.sampled_from(["RES", "DEC", "PRST"]), st.booleans(), st.integers(1, 99), st.integers(1, 400))
def test_council_symbols_give_session_and_kind(kind: str, special: bool, session: int, number: int) -> None:
    prefix = "S-" if special else ""
    info = parse_symbol(f"A/HRC/{kind}/{prefix}{session}/{number}")
    assert info.body == "hrc" and info.session == f"{prefix}{session}" and info.complete
    assert info.kind == {"RES": TextKind.RESOLUTION, "DEC": TextKind.DECISION,
                         "PRST": TextKind.PRESIDENTIAL_STATEMENT}[kind]
    assert info.warnings == ()


@SETTINGS
@given(st.integers(1982, 2005), st.integers(1, 120))
def test_commission_symbols_with_a_year_give_the_session(year: int, number: int) -> None:
    info = parse_symbol(f"E/CN.4/RES/{year}/{number}")
    assert info.body == "chr" and info.session == str(year - 1944) and info.year == year
