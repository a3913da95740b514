"""The OHCHR Search Library voting collection: ``resolutions.csv`` and ``votes_long.csv`` -> typed records.

Columns are found by their header names. A broken file (a missing column, a row cut short, a quote
never closed, bytes that are not UTF-8, a value that cannot be what its column holds, a vote for a
record or a state nobody knows) is a :class:`graph.errors.SourceError` naming the file, the line
and the column. The catalogue's own noise is kept and reported as a
:class:`graph.sources.base.SourceWarning`, never dropped: each record keeps its fields as
catalogued, and what could be read from them with certainty is added beside them (the symbol read,
the session, the text's kind, the agenda item, a value moved to the column it belongs to).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from hrcgraph.graph.countries import Countries
from hrcgraph.graph.errors import SourceError, SourceLocation
from hrcgraph.graph.sources.base import SourceFile, SourceWarning
from hrcgraph.graph.symbols import COMMISSION, COUNCIL, SessionKind, SymbolInfo, TextKind, parse_symbol

RESOLUTIONS_FILE = "resolutions.csv"
VOTES_FILE = "votes_long.csv"

RESOLUTION_COLUMNS: tuple[str, ...] = (
    "record_id", "symbol", "title", "statement", "date", "body", "vote_type", "meeting", "meeting_type",
    "agenda_item_no", "agenda_item_title", "agenda_symbol", "agenda_subject", "main_sponsors", "draft",
    "yes", "no", "abstain", "nonvoting", "total", "url_resolution", "url_draft", "record_url",
)
"""Columns of ``resolutions.csv`` the importer reads (others, such as ``collection``, are ignored)."""
RESOLUTION_OPTIONAL: tuple[str, ...] = ("year", "n_rollcall")
VOTE_COLUMNS: tuple[str, ...] = ("record_id", "iso3", "vote")
VOTE_OPTIONAL: tuple[str, ...] = ("country", "symbol")

#: The vote codes of ``votes_long.csv``.
VOTE_CODES: dict[str, str] = {
    "Y": "yes", "N": "no", "A": "abstain", ".": "absent (did not vote)", "-": "listed but not a member",
}
BODIES: dict[str, str] = {"human rights council": COUNCIL, "commission on human rights": COMMISSION}
TALLY_COLUMNS = ("yes", "no", "abstain", "nonvoting", "total")

#: Council sessions from which the institution-building agenda (items 1-10, resolution 5/1 of
#: 18 June 2007) is used: the 6th regular session and the 5th special session (October 2007) on.
#: Sessions 1 to 5 and the 1st organizational meeting followed a provisional agenda whose item
#: numbers mean other things ("2. Implementation of General Assembly resolution 60/251").
FIRST_REGULAR_SESSION_WITH_ITEMS = 6
FIRST_SPECIAL_SESSION_WITH_ITEMS = 5
#: A word of each institution-building item's title, to notice a number and title that disagree.
COUNCIL_ITEM_WORDS: dict[int, str] = {
    1: "organizational", 2: "annual report", 3: "promotion and protection", 4: "require the council",
    5: "bodies and mechanisms", 6: "universal periodic review", 7: "palestine", 8: "vienna",
    9: "racism", 10: "technical assistance",
}

_STATEMENT_SESSION = re.compile(
    r"at its (\d+)(?:st|nd|rd|th)\s+(special |nuclear |organizational )?(session|meeting)", re.IGNORECASE
)
_TITLE_KIND = re.compile(
    r"\s*:?\s*(resolution|decision|amendment|presidential statement)\s*/\s*$", re.IGNORECASE
)
_ITEM_NUMBER = re.compile(r"^\d+\s*[a-z]?\s*(?:\(\s*[ivx]+\s*\)|bis|\([a-z]\)(?:\([ivx]+\))?)?\s*[.,]?$",
                          re.IGNORECASE)
_MEETING_NUMBER = re.compile(r"^\d+(?:st|nd|rd|th)\s+(?:plenary\s+)?meeting$", re.IGNORECASE)
_DRAFT_NOTE_START = re.compile(r"^(?:draft|amendment)\b", re.IGNORECASE)

_Warn = Callable[[str, str | None], None]


@dataclass(frozen=True, slots=True)
class OhchrRecord:
    """One row of ``resolutions.csv``: the fields as catalogued, then what was read from them."""

    line: int
    record_id: str
    symbol: str
    title: str
    statement: str
    date: dt.date | None
    body: str
    """``hrc`` or ``chr``."""
    vote_type: str
    meeting: str
    meeting_type: str
    agenda_item_no: str
    agenda_item_title: str
    agenda_symbol: str
    agenda_subject: str
    main_sponsors: str
    draft: str
    yes: int | None
    no: int | None
    abstain: int | None
    nonvoting: int | None
    total: int | None
    n_rollcall: int | None
    url_resolution: str
    url_draft: str
    record_url: str
    # --- read from the fields above
    symbol_info: SymbolInfo
    kind: TextKind
    session: str | None
    session_kind: SessionKind | None
    agenda_item: str | None
    """The agenda item's notation (``"10"``, ``"11a"``, ``"7c(i)"``) when it is a usable item."""
    subjects: str
    """``agenda_subject``, or a subject found in another column (see the warnings)."""
    meetings: tuple[str, ...]
    documents: tuple[str, ...]
    """Links to UN documents found in columns other than the URL columns."""
    notes: tuple[str, ...]
    """Catalogue content kept as notes because its place in the model is not certain."""

    @property
    def has_tallies(self) -> bool:
        return any(v is not None for v in (self.yes, self.no, self.abstain, self.nonvoting, self.total))


@dataclass(frozen=True, slots=True)
class OhchrVote:
    """One row of ``votes_long.csv``: a state's vote on a record."""

    line: int
    record_id: str
    iso3: str
    country: str
    vote: str


@dataclass
class OhchrData:
    """Both files, read and checked."""

    resolutions_file: SourceFile
    votes_file: SourceFile
    records: list[OhchrRecord]
    votes: list[OhchrVote]
    warnings: list[SourceWarning] = field(default_factory=list)
    by_id: dict[str, OhchrRecord] = field(default_factory=dict)
    votes_by_record: dict[str, list[OhchrVote]] = field(default_factory=dict)
    symbol_counts: Counter[str] = field(default_factory=Counter)
    """How many records carry each normalized symbol (a symbol used twice cannot name a text)."""

    def unique_symbol(self, record: OhchrRecord) -> bool:
        info = record.symbol_info
        return info.usable and self.symbol_counts[info.normalized] == 1


def read_ohchr(folder: Path, countries: Countries | None = None) -> OhchrData:
    """Read ``resolutions.csv`` and ``votes_long.csv`` from ``folder``.

    ``countries`` knows the ISO codes a vote may carry (default: the bundled tables).
    """
    countries = countries or Countries.load()
    res_path = folder / RESOLUTIONS_FILE
    vote_path = folder / VOTES_FILE
    for path in (res_path, vote_path):
        if not path.is_file():
            raise SourceError("file not found", SourceLocation(path))
    warnings: list[SourceWarning] = []
    records = _read_records(res_path, warnings)
    by_id: dict[str, OhchrRecord] = {}
    for record in records:
        if record.record_id in by_id:
            first = by_id[record.record_id]
            raise SourceError(f"record_id {record.record_id!r} already used on line {first.line}",
                              SourceLocation(res_path, record.line, "record_id"))
        by_id[record.record_id] = record
    votes = _read_votes(vote_path, by_id, countries, warnings)
    votes_by_record: dict[str, list[OhchrVote]] = {}
    for vote in votes:
        votes_by_record.setdefault(vote.record_id, []).append(vote)
    symbol_counts = Counter(r.symbol_info.normalized for r in records if r.symbol_info.normalized)
    _check_records(res_path, records, votes_by_record, symbol_counts, warnings)
    return OhchrData(
        resolutions_file=SourceFile.of(res_path),
        votes_file=SourceFile.of(vote_path),
        records=records,
        votes=votes,
        warnings=warnings,
        by_id=by_id,
        votes_by_record=votes_by_record,
        symbol_counts=symbol_counts,
    )


# --- reading CSV rows with their line numbers

def _rows(path: Path, required: Sequence[str], optional: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, {column: value}) for each row, columns found by header; SourceError on any breakage."""
    text = _decode(path)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise SourceError("file is empty (no header row)", SourceLocation(path, 1)) from None
    except csv.Error as exc:
        raise SourceError(f"header row is not valid CSV: {exc}", SourceLocation(path, 1)) from None
    names = [h.strip() for h in header]
    positions: dict[str, int] = {}
    for column in (*required, *optional):
        if column in names:
            positions[column] = names.index(column)
        elif column in required:
            raise SourceError(f"column {column!r} is missing from the header", SourceLocation(path, 1, column))
    width = len(names)
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            broken, unclosed = _broken_field(text, line, names)
            message = (f"a quoted field opened on this line is never closed ({exc})" if unclosed
                       else f"a quoted field is not closed where the field ends ({exc})")
            raise SourceError(message, SourceLocation(path, line, broken)) from None
        if not row:  # a blank line
            line = reader.line_num + 1
            continue
        if len(row) < width:
            missing = names[len(row)]
            at_end = not text.endswith(("\n", "\r")) and next(reader, None) is None
            where = "the file ends in the middle of this row" if at_end else "the row is cut short"
            raise SourceError(
                f"row has {len(row)} fields where the header has {width}: {where} "
                f"(no value for {missing!r} onwards)", SourceLocation(path, line, missing))
        if len(row) > width:
            raise SourceError(f"row has {len(row)} fields where the header has {width}",
                              SourceLocation(path, line, None))
        yield line, {column: row[index] for column, index in positions.items()}
        line = reader.line_num + 1


def _decode(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        column = None
        if line > 1:
            header = [h.strip() for h in next(csv.reader([data[: data.find(b"\n")].decode("utf-8-sig", "replace")]))]
            prefix = data[line_start: exc.start].decode("utf-8", "replace")
            fields = next(csv.reader([prefix]), [""])
            column = header[min(len(fields), len(header)) - 1] if header else None
        raise SourceError(f"bytes that are not UTF-8 ({data[exc.start:exc.end]!r}) at byte {exc.start}",
                          SourceLocation(path, line, column)) from None


def _broken_field(text: str, line: int, header: list[str]) -> tuple[str | None, bool]:
    """(column, whether its quote is never closed on its line) of the row starting on ``line``.

    A quoted field may hold line breaks, but a field whose quote runs past its own line in a file
    that breaks is almost always a quote that was never closed: that is the column reported.
    """
    position = 0
    for _ in range(line - 1):
        position = text.index("\n", position) + 1
    column = 0

    def name() -> str | None:
        return header[min(column, len(header) - 1)] if header else None

    while position < len(text):
        if text[position] == '"':
            start = position
            search = position + 1
            while True:
                close = text.find('"', search)
                if close == -1:
                    return name(), True
                if text.startswith('""', close):
                    search = close + 2
                    continue
                break
            if "\n" in text[start:close]:
                return name(), True
            position = close + 1
            if position < len(text) and text[position] not in ",\r\n":
                return name(), False
        else:
            ends = [i for i in (text.find(",", position), text.find("\n", position)) if i != -1]
            position = min(ends) if ends else len(text)
        if position >= len(text) or text[position] in "\r\n":
            return name(), False
        column += 1
        position += 1
    return name(), False


# --- resolutions.csv

def _read_records(path: Path, warnings: list[SourceWarning]) -> list[OhchrRecord]:
    records: list[OhchrRecord] = []
    for line, row in _rows(path, RESOLUTION_COLUMNS, RESOLUTION_OPTIONAL):
        records.append(_record(path, line, row, warnings))
    return records


def _record(path: Path, line: int, row: dict[str, str], warnings: list[SourceWarning]) -> OhchrRecord:
    def warn(message: str, column: str | None) -> None:
        warnings.append(SourceWarning(message, SourceLocation(path, line, column)))

    record_id = row["record_id"].strip()
    if not record_id:
        raise SourceError("record_id is empty", SourceLocation(path, line, "record_id"))
    body_text = row["body"].strip()
    body = BODIES.get(body_text.casefold())
    if body is None:
        raise SourceError(f"unknown body {body_text!r} (expected one of: Human Rights Council, "
                          "Commission on Human Rights)", SourceLocation(path, line, "body"))
    date = _date(path, line, row["date"], warn)
    if date is not None and "year" in row and row["year"].strip() and row["year"].strip() != str(date.year):
        warn(f"year {row['year']!r} differs from the date {date.isoformat()}; the date is used", "year")
    tallies = {c: _integer(path, line, c, row[c]) for c in TALLY_COLUMNS}
    n_rollcall = _integer(path, line, "n_rollcall", row["n_rollcall"]) if "n_rollcall" in row else None

    info = parse_symbol(row["symbol"])
    for note in info.warnings:
        warn(f"symbol {row['symbol']!r}: {note}", "symbol")
    if info.body is not None and info.body != body:
        warn(f"symbol {info.normalized!r} belongs to the other body than {body_text!r}", "symbol")
    session, session_kind, notes = _session(info, row["statement"], body, warn)
    kind = _text_kind(info, row["title"], row["draft"], warn)

    subjects = row["agenda_subject"].strip()
    agenda_item, item_notes, moved_subject = _agenda_item(
        row["agenda_item_no"], row["agenda_item_title"], body, session, session_kind, subjects, warn)
    notes.extend(item_notes)
    if moved_subject:
        subjects = moved_subject
    meetings, documents, meeting_notes = _meetings(row["meeting"], row["meeting_type"], warn)
    notes.extend(meeting_notes)
    agenda_symbol = row["agenda_symbol"].strip()
    if agenda_symbol and _DRAFT_NOTE_START.match(agenda_symbol):
        if agenda_symbol == row["draft"].strip():
            warn("agenda_symbol repeats the draft field (kept as the draft note)", "agenda_symbol")
        else:
            warn("agenda_symbol holds a note about a draft; kept as a catalogue note", "agenda_symbol")
            notes.append(f"agenda_symbol: {agenda_symbol}")

    return OhchrRecord(
        line=line, record_id=record_id, symbol=row["symbol"], title=row["title"], statement=row["statement"],
        date=date, body=body, vote_type=row["vote_type"], meeting=row["meeting"],
        meeting_type=row["meeting_type"], agenda_item_no=row["agenda_item_no"],
        agenda_item_title=row["agenda_item_title"], agenda_symbol=row["agenda_symbol"],
        agenda_subject=row["agenda_subject"], main_sponsors=row["main_sponsors"], draft=row["draft"],
        yes=tallies["yes"], no=tallies["no"], abstain=tallies["abstain"], nonvoting=tallies["nonvoting"],
        total=tallies["total"], n_rollcall=n_rollcall, url_resolution=row["url_resolution"].strip(),
        url_draft=row["url_draft"].strip(), record_url=row["record_url"].strip(),
        symbol_info=info, kind=kind, session=session, session_kind=session_kind, agenda_item=agenda_item,
        subjects=subjects, meetings=meetings, documents=documents, notes=tuple(notes),
    )


def _date(path: Path, line: int, value: str, warn: _Warn) -> dt.date | None:
    text = value.strip()
    if not text:
        warn("no date of adoption", "date")
        return None
    try:
        if len(text) != 10:
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise SourceError(f"date {value!r} is not an ISO date (YYYY-MM-DD)",
                          SourceLocation(path, line, "date")) from None


def _integer(path: Path, line: int, column: str, value: str) -> int | None:
    text = value.strip()
    if not text:
        return None
    if not text.isdigit():
        raise SourceError(f"{column} {value!r} is not a whole number", SourceLocation(path, line, column))
    return int(text)


def _session(
    info: SymbolInfo, statement: str, body: str, warn: _Warn
) -> tuple[str | None, SessionKind | None, list[str]]:
    """The session from the symbol, checked against (or, when the symbol is silent, taken from) the statement."""
    notes: list[str] = []
    stated: str | None = None
    stated_kind: SessionKind | None = None
    match = _STATEMENT_SESSION.search(statement)
    if match:
        number, qualifier = int(match.group(1)), (match.group(2) or "").strip().lower()
        if qualifier == "special":
            stated, stated_kind = f"S-{number}", SessionKind.SPECIAL
        elif qualifier == "organizational":
            stated, stated_kind = f"OM-{number}", SessionKind.ORGANIZATIONAL
        elif qualifier == "":
            stated, stated_kind = str(number), SessionKind.REGULAR
        else:  # the nuclear Commission of 1946 is not one of the numbered sessions
            notes.append(statement.strip())
    elif statement.strip():
        warn(f"statement {statement!r} names no session", "statement")
        notes.append(statement.strip())
    if info.session is not None and info.body == body:
        if stated is not None and stated != info.session:
            warn(f"symbol says session {info.session}, the statement says {stated}; the symbol is used",
                 "statement")
        return info.session, info.session_kind, notes
    if stated is not None:
        return stated, stated_kind, notes
    return None, None, notes


def title_kind(title: str) -> TextKind | None:
    """The kind the catalogue's title ends with (``"... : resolution /"``), if any."""
    match = _TITLE_KIND.search(title)
    return TextKind(match.group(1).lower()) if match else None


def clean_title(title: str) -> str:
    """The title without the catalogue's trailing ``" : resolution /"`` and with whitespace tidied."""
    match = _TITLE_KIND.search(title)
    text = title[: match.start()] if match else title
    return " ".join(text.split()).rstrip(" :/")


def _text_kind(info: SymbolInfo, title: str, draft: str, warn: _Warn) -> TextKind:
    """The class of a text: the symbol's document type, refined for L documents and empty symbols."""
    from_title = title_kind(title)
    if info.kind == TextKind.DRAFT:
        if draft.strip().lower().startswith("amendment") or from_title == TextKind.AMENDMENT:
            return TextKind.AMENDMENT
        return TextKind.DRAFT
    if info.kind == TextKind.OTHER:
        if from_title is not None:
            warn(f"the symbol does not say what the text is; its title ends in {from_title.value!r}", "symbol")
            return from_title
        return TextKind.OTHER
    if from_title is not None and from_title != info.kind:
        warn(f"title ends in {from_title.value!r} but the symbol is a {info.kind.value}; "
             "the symbol is followed", "title")
    return info.kind


def _agenda_item(
    number: str, title: str, body: str, session: str | None, session_kind: SessionKind | None,
    subjects: str, warn: _Warn,
) -> tuple[str | None, list[str], str | None]:
    """(item notation, notes, a subject found in the item column)."""
    text = " ".join(number.split())
    if not text:
        return None, [], None
    if text.rstrip(".").lower() == "x":
        warn("agenda item given as the placeholder 'x'; no item recorded", "agenda_item_no")
        return None, [], None
    if not _ITEM_NUMBER.match(text):
        if not subjects:
            warn(f"agenda_item_no holds {text!r}, which is not an item number; "
                 "read as the agenda subject", "agenda_item_no")
            return None, [], text
        warn(f"agenda_item_no holds {text!r}, which is not an item number; kept as a catalogue note",
             "agenda_item_no")
        return None, [f"agenda_item_no: {text}"], None
    notation = re.sub(r"[\s.,]+", "", text)
    described = f"agenda item {text} {' '.join(title.split()).rstrip(' -')}".strip()
    if body == COMMISSION:
        if session is None:
            return None, [described], None
        return notation, [], None
    # the Council
    with_items = session is not None and (
        (session_kind == SessionKind.REGULAR and int(session) >= FIRST_REGULAR_SESSION_WITH_ITEMS)
        or (session_kind == SessionKind.SPECIAL and int(session[2:]) >= FIRST_SPECIAL_SESSION_WITH_ITEMS))
    if not with_items:
        return None, [described], None  # a provisional agenda before the institution-building package
    if not notation.isdigit() or not 1 <= int(notation) <= 10:
        warn(f"Council agenda item {text!r} is not one of items 1-10; kept as a catalogue note",
             "agenda_item_no")
        return None, [described], None
    word = COUNCIL_ITEM_WORDS[int(notation)]
    if title.strip() and word.replace(" ", "") not in "".join(title.lower().split()).replace("’", "'"):
        warn(f"agenda item {notation} has the title of another item ({' '.join(title.split())[:60]!r}); "
             "the number is used", "agenda_item_title")
    return notation, [], None


def _meetings(meeting: str, meeting_type: str, warn: _Warn) -> tuple[tuple[str, ...], tuple[str, ...], list[str]]:
    """(meetings, document links, notes) from the meeting columns."""
    meetings = [meeting.strip()] if meeting.strip() else []
    documents: list[str] = []
    notes: list[str] = []
    kind = " ".join(meeting_type.split())
    if kind and kind.upper() != "PLENARY MEETING":
        if kind.lower().startswith(("http://", "https://")):
            warn(f"meeting_type holds a link ({kind}); read as a UN document link", "meeting_type")
            documents.append(kind)
        elif _MEETING_NUMBER.match(kind) and not meetings:
            warn(f"meeting_type holds the meeting ({kind!r}) and meeting is empty; read as the meeting",
                 "meeting_type")
            meetings.append(kind)
        else:
            warn(f"meeting_type holds {kind!r}, which is not a meeting type; kept as a catalogue note",
                 "meeting_type")
            notes.append(f"meeting_type: {kind}")
    return tuple(meetings), tuple(documents), notes


# --- votes_long.csv

def _read_votes(
    path: Path, by_id: dict[str, OhchrRecord], countries: Countries, warnings: list[SourceWarning]
) -> list[OhchrVote]:
    votes: list[OhchrVote] = []
    known_codes: dict[str, bool] = {}
    seen: set[tuple[str, str]] = set()
    for line, row in _rows(path, VOTE_COLUMNS, VOTE_OPTIONAL):
        record_id = row["record_id"].strip()
        if record_id not in by_id:
            raise SourceError(f"record_id {record_id!r} is not in {RESOLUTIONS_FILE}",
                              SourceLocation(path, line, "record_id"))
        iso3 = row["iso3"].strip().upper()
        known = known_codes.get(iso3)
        if known is None:
            known = known_codes[iso3] = countries.by_iso3(iso3) is not None if iso3 else False
        if not known:
            raise SourceError(f"unknown ISO 3166 alpha-3 code {row['iso3']!r}", SourceLocation(path, line, "iso3"))
        code = row["vote"].strip()
        if code not in VOTE_CODES:
            raise SourceError(f"vote code {row['vote']!r} is not one of {' '.join(VOTE_CODES)}",
                              SourceLocation(path, line, "vote"))
        key = (record_id, iso3)
        if key in seen:
            warnings.append(SourceWarning(
                f"record {record_id} lists {iso3} more than once; each row is kept as its own vote",
                SourceLocation(path, line, "iso3")))
        seen.add(key)
        votes.append(OhchrVote(line, record_id, iso3, row.get("country", ""), code))
    return votes


def _check_records(
    path: Path, records: list[OhchrRecord], votes_by_record: dict[str, list[OhchrVote]],
    symbol_counts: Counter[str], warnings: list[SourceWarning],
) -> None:
    """Warnings that need the whole collection: duplicated symbols, roll calls that do not add up."""
    for record in records:
        normalized = record.symbol_info.normalized
        if normalized and symbol_counts[normalized] > 1:
            warnings.append(SourceWarning(
                f"symbol {normalized!r} is carried by {symbol_counts[normalized]} records; "
                f"this text is named by its record id", SourceLocation(path, record.line, "symbol")))
        roll = votes_by_record.get(record.record_id, [])
        if record.n_rollcall is not None and record.n_rollcall != len(roll):
            warnings.append(SourceWarning(
                f"n_rollcall says {record.n_rollcall} but {VOTES_FILE} has {len(roll)} rows for record "
                f"{record.record_id}", SourceLocation(path, record.line, "n_rollcall")))
        if roll and tally_mismatch(record, roll):
            counts = roll_call_counts(roll)
            warnings.append(SourceWarning(
                f"roll call (yes {counts['Y']}, no {counts['N']}, abstain {counts['A']}) differs from the "
                f"official tallies (yes {record.yes}, no {record.no}, abstain {record.abstain})",
                SourceLocation(path, record.line, "yes")))


def roll_call_counts(votes: Sequence[OhchrVote]) -> Counter[str]:
    """How many votes of each code a roll call has."""
    return Counter(v.vote for v in votes)


def tally_mismatch(record: OhchrRecord, votes: Sequence[OhchrVote]) -> bool:
    """Whether a roll call's yes/no/abstain counts differ from the record's official tallies."""
    counts = roll_call_counts(votes)
    return (counts["Y"], counts["N"], counts["A"]) != (record.yes, record.no, record.abstain)


def tally_mismatches(data: OhchrData) -> list[OhchrRecord]:
    """Records with a roll call whose yes/no/abstain counts differ from the official tallies."""
    return [r for r in data.records
            if r.record_id in data.votes_by_record and tally_mismatch(r, data.votes_by_record[r.record_id])]
