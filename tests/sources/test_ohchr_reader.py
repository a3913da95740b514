"""Reading the OHCHR voting CSV files: typed records, kept noise, and broken files."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from hrcgraph.graph.errors import SourceError
from hrcgraph.graph.sources.ohchr import RESOLUTIONS_FILE, VOTES_FILE, OhchrData, read_ohchr, tally_mismatches
from hrcgraph.graph.symbols import SessionKind, TextKind

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ohchr"


@pytest.fixture(scope="module")
def data() -> OhchrData:
    return read_ohchr(FIXTURES)


def by_id(data: OhchrData, record_id: str):  # type: ignore[no-untyped-def]
    return data.by_id[record_id]


def test_every_row_is_a_record_with_its_line(data: OhchrData) -> None:
    assert len(data.records) == 13
    assert len(data.votes) == 20
    assert [r.line for r in data.records] == list(range(2, 15))
    assert data.votes[0].line == 2 and data.votes[-1].line == 21


def test_typed_fields(data: OhchrData) -> None:
    r = by_id(data, "900002")
    assert r.date == dt.date(2031, 4, 5)
    assert (r.yes, r.no, r.abstain, r.nonvoting, r.total, r.n_rollcall) == (3, 1, 1, 0, 5, 5)
    assert (r.body, r.session, r.session_kind, r.kind) == ("hrc", "90", SessionKind.REGULAR, TextKind.RESOLUTION)
    assert r.agenda_item == "4"
    empty = by_id(data, "900001")
    assert (empty.yes, empty.total) == (None, None) and not empty.has_tallies


def test_sessions_from_symbols_and_statements(data: OhchrData) -> None:
    assert by_id(data, "900003").session == "S-90"
    assert by_id(data, "900004").session == "61"  # E/CN.4/RES/2005/90: 2005 - 1944
    assert by_id(data, "900005").session == "40"  # E/CN.4/RES/7(XL)
    assert by_id(data, "900007").session == "26"  # no symbol: from "at its 26th session"
    nuclear = by_id(data, "900013")
    assert nuclear.session is None and nuclear.notes[0].endswith("1st nuclear session")


def test_kinds_of_text(data: OhchrData) -> None:
    assert by_id(data, "900006").kind == TextKind.AMENDMENT
    assert by_id(data, "900011").kind == TextKind.AMENDMENT
    assert by_id(data, "900007").kind == TextKind.DECISION  # empty symbol: from the title
    assert by_id(data, "900012").kind == TextKind.DECISION


def test_noise_is_kept_in_its_place_and_reported(data: OhchrData) -> None:
    special = by_id(data, "900003")
    assert special.agenda_item is None and special.subjects == "ETHIOPIA"
    commission = by_id(data, "900004")
    assert commission.documents == ("http://undocs.org/E/2005/23(SUPP)",)
    assert commission.agenda_item == "11a"
    amendment = by_id(data, "900006")
    assert amendment.meetings == ("45th meeting",)
    messages = {(w.location.line, w.location.field): w.message for w in data.warnings}
    assert "ETHIOPIA" in messages[(4, "agenda_item_no")]
    assert "link" in messages[(5, "meeting_type")]
    assert "placeholder 'x'" in messages[(14, "agenda_item_no")]
    assert "as orally revised" in messages[(12, "symbol")]
    assert "more than once" in messages[(20, "iso3")]


def test_duplicated_and_empty_symbols(data: OhchrData) -> None:
    first, second = by_id(data, "900008"), by_id(data, "900009")
    assert not data.unique_symbol(first) and not data.unique_symbol(second)
    assert not data.unique_symbol(by_id(data, "900007"))
    assert data.unique_symbol(by_id(data, "900001"))
    assert data.unique_symbol(by_id(data, "900012"))  # A/HRC/DEC90/101 read as A/HRC/DEC/90/101
    dup_lines = sorted(w.location.line or 0 for w in data.warnings if "carried by 2 records" in w.message)
    assert dup_lines == [first.line, second.line]


def test_tally_mismatches(data: OhchrData) -> None:
    assert sorted(r.record_id for r in tally_mismatches(data)) == ["900003", "900006"]
    lines = sorted(w.location.line or 0 for w in data.warnings if w.message.startswith("roll call"))
    assert lines == [by_id(data, "900003").line, by_id(data, "900006").line]


def test_former_states_are_known_codes(data: OhchrData) -> None:
    assert {v.iso3 for v in data.votes_by_record["900005"]} == {"SUN", "GER", "DDR", "YUG", "CSK"}


# --- broken files: each error names file, line and column

def _copy(tmp_path: Path) -> Path:
    for name in (RESOLUTIONS_FILE, VOTES_FILE):
        shutil.copy(FIXTURES / name, tmp_path / name)
    return tmp_path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _error(folder: Path) -> SourceError:
    with pytest.raises(SourceError) as caught:
        read_ohchr(folder)
    return caught.value


def test_missing_column(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder / RESOLUTIONS_FILE, ",vote_type,", ",decision_type,")
    error = _error(folder)
    assert (Path(error.location.file).name, error.location.line, error.location.field) == (
        RESOLUTIONS_FILE, 1, "vote_type")
    assert "missing" in error.message


def test_missing_vote_column(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder / VOTES_FILE, "record_id,symbol,iso3,country,vote", "record_id,symbol,iso,country,vote")
    error = _error(folder)
    assert (Path(error.location.file).name, error.location.line, error.location.field) == (VOTES_FILE, 1, "iso3")


def test_columns_are_found_by_name_not_position(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    with (FIXTURES / VOTES_FILE).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    with (folder / VOTES_FILE).open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([list(reversed(row)) for row in rows])
    data = read_ohchr(folder)
    assert data.votes[0].iso3 == "MLI" and data.votes[0].vote == "Y"


def test_vote_for_an_unknown_record(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    with (folder / VOTES_FILE).open("a", encoding="utf-8") as fh:
        fh.write("999999,A/HRC/RES/99/1,FRA,France,Y\n")
    error = _error(folder)
    assert (Path(error.location.file).name, error.location.line, error.location.field) == (
        VOTES_FILE, 22, "record_id")
    assert "999999" in error.message


def test_unknown_iso_code(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder / VOTES_FILE, "900002,A/HRC/RES/90/2,SWE,Sweden,Y", "900002,A/HRC/RES/90/2,XXQ,Nowhere,Y")
    error = _error(folder)
    assert (Path(error.location.file).name, error.location.line, error.location.field) == (VOTES_FILE, 4, "iso3")
    assert "XXQ" in error.message


def test_malformed_date(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder / RESOLUTIONS_FILE, "2031-04-05", "05/04/2031")
    error = _error(folder)
    assert (Path(error.location.file).name, error.location.line, error.location.field) == (
        RESOLUTIONS_FILE, 3, "date")


def test_impossible_date(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder / RESOLUTIONS_FILE, "2031-04-05", "2031-02-30")
    error = _error(folder)
    assert (error.location.line, error.location.field) == (3, "date")


def test_vote_code_outside_the_legend(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder / VOTES_FILE, "900002,A/HRC/RES/90/2,CHN,China,N", "900002,A/HRC/RES/90/2,CHN,China,X")
    error = _error(folder)
    assert (Path(error.location.file).name, error.location.line, error.location.field) == (VOTES_FILE, 5, "vote")
    assert "'X'" in error.message


def test_non_numeric_tally(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder / RESOLUTIONS_FILE, ",3,1,1,0,5,5,", ",3,1,one,0,5,5,")
    error = _error(folder)
    assert (Path(error.location.file).name, error.location.line, error.location.field) == (
        RESOLUTIONS_FILE, 3, "abstain")


def test_truncated_row(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder / VOTES_FILE, "900002,A/HRC/RES/90/2,FRA,France,Y\n", "900002,A/HRC/RES/90/2,FRA\n")
    error = _error(folder)
    assert (Path(error.location.file).name, error.location.line, error.location.field) == (
        VOTES_FILE, 3, "country")
    assert "cut short" in error.message


def test_last_row_cut_short(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    text = (folder / VOTES_FILE).read_text(encoding="utf-8")
    (folder / VOTES_FILE).write_text(text + "900005,E/CN.4/RES/7(XL),SUN", encoding="utf-8")
    error = _error(folder)
    assert (Path(error.location.file).name, error.location.line, error.location.field) == (
        VOTES_FILE, 22, "country")
    assert "ends in the middle of this row" in error.message


def test_file_ending_mid_row(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    data = (folder / RESOLUTIONS_FILE).read_bytes()
    cut = data.index(b"Adopted at the 52nd meeting")  # record 900010, line 11
    (folder / RESOLUTIONS_FILE).write_bytes(data[:cut])
    error = _error(folder)
    assert (Path(error.location.file).name, error.location.line, error.location.field) == (
        RESOLUTIONS_FILE, 11, "meeting_type")  # "meeting" is there, empty; nothing after it
    assert "ends in the middle of this row" in error.message


def test_quote_not_closed(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder / RESOLUTIONS_FILE, ",Rights of the child : resolution /,", ',"Rights of the child : resolution /,')
    error = _error(folder)
    assert (Path(error.location.file).name, error.location.line, error.location.field) == (
        RESOLUTIONS_FILE, 5, "title")
    assert "not closed" in error.message


def test_quote_never_closed_until_the_end_of_the_file(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder / VOTES_FILE, "900006,A/HRC/90/L.40,CHN,China,N", '900006,A/HRC/90/L.40,CHN,"China,N')
    error = _error(folder)
    assert (Path(error.location.file).name, error.location.line, error.location.field) == (
        VOTES_FILE, 21, "country")
    assert "never closed" in error.message


def test_undecodable_bytes(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / VOTES_FILE
    path.write_bytes(path.read_bytes().replace(b"Sweden", b"Sw\xe9den", 1))
    error = _error(folder)
    assert (Path(error.location.file).name, error.location.line, error.location.field) == (
        VOTES_FILE, 4, "country")
    assert "not UTF-8" in error.message


def test_unknown_body(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder / RESOLUTIONS_FILE, "Human Rights Council,Voting", "General Assembly,Voting")
    error = _error(folder)
    assert (error.location.line, error.location.field) == (2, "body")


def test_missing_file(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / RESOLUTIONS_FILE, tmp_path / RESOLUTIONS_FILE)
    error = _error(tmp_path)
    assert Path(error.location.file).name == VOTES_FILE
