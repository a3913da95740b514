"""UN symbols: every form the OHCHR catalogue uses, and its known slips."""

from __future__ import annotations

import pytest

from hrcgraph.graph.symbols import (
    COMMISSION,
    COUNCIL,
    SessionKind,
    TextKind,
    normalize_symbol,
    parse_symbol,
    roman_to_int,
)

R, D, P, DR, OTHER = (TextKind.RESOLUTION, TextKind.DECISION, TextKind.PRESIDENTIAL_STATEMENT, TextKind.DRAFT,
                  TextKind.OTHER)
REG, SPE, ORG = SessionKind.REGULAR, SessionKind.SPECIAL, SessionKind.ORGANIZATIONAL


@pytest.mark.parametrize(
    ("symbol", "kind", "body", "session", "session_kind", "year"),
    [
        ("A/HRC/RES/55/25", R, COUNCIL, "55", REG, None),
        ("A/HRC/RES/S-33/1", R, COUNCIL, "S-33", SPE, None),
        ("A/HRC/DEC/8/132", D, COUNCIL, "8", REG, None),
        ("A/HRC/DEC/S-4/101", D, COUNCIL, "S-4", SPE, None),
        ("A/HRC/DEC/10/102B", D, COUNCIL, "10", REG, None),
        ("A/HRC/PRST/31/1", P, COUNCIL, "31", REG, None),
        ("A/HRC/RES/OM/1/2", R, COUNCIL, "OM-1", ORG, None),
        ("A/HRC/DEC/OM/1/102", D, COUNCIL, "OM-1", ORG, None),
        ("A/HRC/55/L.32", DR, COUNCIL, "55", REG, None),
        ("A/HRC/10/L.33/Rev.1", DR, COUNCIL, "10", REG, None),
        ("A/HRC/S-9/L.1", DR, COUNCIL, "S-9", SPE, None),
        ("E/CN.4/RES/2005/1", R, COMMISSION, "61", REG, 2005),
        ("E/CN.4/RES/1982/10", R, COMMISSION, "38", REG, 1982),
        ("E/CN.4/RES/1983/1B", R, COMMISSION, "39", REG, 1983),
        ("E/CN.4/DEC/2002/116", D, COMMISSION, "58", REG, 2002),
        ("E/CN.4/RES/1992/S-2/1", R, COMMISSION, "S-2", SPE, 1992),
        ("E/CN.4/RES/S-3/1", R, COMMISSION, "S-3", SPE, None),
        ("E/CN.4/RES/22(XXXVI)", R, COMMISSION, "36", REG, None),
        ("E/CN.4/RES/20/(XXXV)", R, COMMISSION, "35", REG, None),
        ("E/CN.4/RES/9A(XXXIII)", R, COMMISSION, "33", REG, None),
        ("E/CN.4/DEC/14b(XXXI)", D, COMMISSION, "31", REG, None),
        ("E/CN.4/RES(II)", R, COMMISSION, "2", REG, None),
        ("E/CN.4/DEC(VI)", D, COMMISSION, "6", REG, None),
        ("E/CN.4/RES(V)PART/B", R, COMMISSION, "5", REG, None),
        ("E/CN.4/RES/E(VI)", R, COMMISSION, "6", REG, None),
        ("E/CN.4/RES/II[X]PARTII", R, COMMISSION, "10", REG, None),
        ("E/CN.4/RESIIB(VIII)", R, COMMISSION, "8", REG, None),
        ("E/CN.4/RES/XII[XIII]", R, COMMISSION, "13", REG, None),
        ("E/CN.4/2005/L.5", DR, COMMISSION, "61", REG, 2005),
        ("E/CN.4/1992/S-2/L.2", DR, COMMISSION, "S-2", SPE, 1992),
        ("E/CN.4/L.1123", DR, COMMISSION, None, None, None),
        ("E/HR/RES", R, COMMISSION, None, None, None),
    ],
)
def test_symbol_forms(symbol: str, kind: TextKind, body: str | None, session: str | None,
                      session_kind: SessionKind | None, year: int | None) -> None:
    info = parse_symbol(symbol)
    assert (info.kind, info.body, info.session, info.session_kind, info.year) == (
        kind, body, session, session_kind, year)
    assert info.as_written == symbol


@pytest.mark.parametrize(
    ("symbol", "normalized", "warning_part"),
    [
        ("A/HRC/57//L.8", "A/HRC/57/L.8", "empty segment"),
        ("A/HRC/50/L.37 as orally revised", "A/HRC/50/L.37", "as orally revised"),
        ("A/HRC/DEC22/117", "A/HRC/DEC/22/117", "missing '/'"),
        ("A/HRC/DEC41/101", "A/HRC/DEC/41/101", "missing '/'"),
        ("A/HRC/RES/56/L.33", "A/HRC/56/L.33", "L documents carry no type"),
        ("A/HRC/27L.10", "A/HRC/27/L.10", "before 'L.'"),
        ("A/HRC/28/L..38", "A/HRC/28/L.38", "repeated 'L.'"),
        ("E/CN.4/RESII)", "E/CN.4/RESII)", "missing opening parenthesis"),
        ("E/CN.4/RES/5XXXII)", "E/CN.4/RES/5XXXII)", "missing opening parenthesis"),
        ("E/CN.4/DEC/2001", "E/CN.4/DEC/2001", "no text number"),
    ],
)
def test_slips_are_repaired_only_when_certain_and_reported(symbol: str, normalized: str,
                                                            warning_part: str) -> None:
    info = parse_symbol(symbol)
    assert info.normalized == normalized
    assert any(warning_part in w for w in info.warnings), info.warnings


def test_repaired_symbols_keep_their_meaning() -> None:
    assert parse_symbol("A/HRC/57//L.8").session == "57"
    assert parse_symbol("A/HRC/DEC22/117").kind == TextKind.DECISION
    assert parse_symbol("E/CN.4/RESII)").session == "2"
    assert parse_symbol("E/CN.4/RES/5XXXII)").session == "32"


def test_clean_symbols_have_no_warnings() -> None:
    for symbol in ("A/HRC/RES/55/25", "E/CN.4/RES/2005/1", "E/CN.4/RES/22(XXXVI)", "A/HRC/55/L.32"):
        assert parse_symbol(symbol).warnings == ()


def test_empty_and_unknown_symbols_do_not_raise() -> None:
    empty = parse_symbol("   ")
    assert (empty.kind, empty.normalized, empty.session) == (OTHER, "", None)
    assert empty.warnings == ("empty symbol",)
    odd = parse_symbol("Report of the session")
    assert odd.kind == OTHER and odd.body is None and "not recognized" in odd.warnings[-1]


def test_usable_symbols_make_iris() -> None:
    assert parse_symbol("A/HRC/RES/55/25").usable
    assert parse_symbol("A/HRC/57//L.8").usable  # after repair
    assert not parse_symbol("E/CN.4/RES/II[X]").usable  # brackets are not kept in IRIs
    assert not parse_symbol("").usable
    assert not parse_symbol("E/HR/RES").usable  # no text number: it cannot name one text
    assert not parse_symbol("E/CN.4/RES(II)").usable
    assert not parse_symbol("E/CN.4/DEC/2002").usable
    assert parse_symbol("E/CN.4/RES(V)PART/B").usable
    assert parse_symbol("E/CN.4/RES/22(XXXVI)").usable


def test_commission_years_outside_the_checked_range_give_no_session() -> None:
    info = parse_symbol("E/CN.4/RES/1950/3")
    assert info.year == 1950 and info.session is None
    assert any("outside the years" in w for w in info.warnings)


def test_normalize_tidies_whitespace() -> None:
    assert normalize_symbol("  A/HRC/RES/55/25 ") == ("A/HRC/RES/55/25", [])
    assert normalize_symbol("A/HRC/ 10/L.33")[0] == "A/HRC/10/L.33"


@pytest.mark.parametrize(("numeral", "value"), [("I", 1), ("IV", 4), ("IX", 9), ("XIV", 14), ("XXXVI", 36),
                                                 ("XL", 40), ("XLII", 42), ("LXI", 61)])
def test_roman_numerals(numeral: str, value: int) -> None:
    assert roman_to_int(numeral) == value


def test_roman_rejects_other_text() -> None:
    with pytest.raises(ValueError):
        roman_to_int("XIIA")
