"""Seed-format records: one UN Watch database entry as plain text, parsed into a typed record.

The format, as the database prints an entry::

    Technical assistance and capacity-building for Mali in the field of human rights   <- title
    UN Body              Human Rights Council
    Session Type         HRC Regular
    Agenda Item          (often empty)
    Country Concerned    (often empty)
      • This resolution ...                   <- the commentary: bullets under no heading of their own
    Main Sponsors        African Group
    Key Praise           • "Welcoming the cooperation of Mali ...…"
    Key Criticism        • "Strongly condemns ..."
    Full Vote            • Yes0  • No0  • Abstain0  • Absent0

Each heading stands on its own line with its value on the following lines. Empty fields stay
empty (None): nothing is filled in that the record does not say. Real-world noise is tolerated
(curly or straight quotes, "…" or "...", bullets •, *, -, ·, blank lines, non-breaking spaces, CRLF,
"Yes0" or "Yes 12"); a broken file is a SourceError naming file, line and field.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from hrcgraph.graph.errors import SourceError, SourceLocation

TITLE = "title"
UN_BODY = "UN Body"
SESSION_TYPE = "Session Type"
AGENDA_ITEM = "Agenda Item"
COUNTRY_CONCERNED = "Country Concerned"
COMMENTARY = "commentary"
MAIN_SPONSORS = "Main Sponsors"
KEY_PRAISE = "Key Praise"
KEY_CRITICISM = "Key Criticism"
FULL_VOTE = "Full Vote"

#: Headings of fields that hold one value; bullets under them are the unlabeled commentary.
SINGLE_VALUE_FIELDS = (UN_BODY, SESSION_TYPE, AGENDA_ITEM, COUNTRY_CONCERNED)
HEADINGS = (*SINGLE_VALUE_FIELDS, MAIN_SPONSORS, KEY_PRAISE, KEY_CRITICISM, FULL_VOTE)
_HEADING_KEYS = {h.casefold(): h for h in HEADINGS}

VOTE_LABELS = ("Yes", "No", "Abstain", "Absent")

_BULLET = re.compile(r"^\s*[•*\-·◦‣▪●–—]\s*")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_HEADING_LIKE = re.compile(r"^[A-Z][\w’'-]*(?: [A-Za-z][\w’'-]*){0,3}:?$")
_VOTE = re.compile(r"^(?P<label>yes|no|abstain|absent)\s*[:=]?\s*(?P<count>.*?)\s*$", re.IGNORECASE)
#: Opening quotation marks and the marks that may close them.
_QUOTES = {'"': '"”“', "“": '”"“', "”": '”"', "„": '“”"', "«": "»", "‘": "’'", "'": "'’"}
_TRAILING_PUNCTUATION = " .,;"


@dataclass(frozen=True)
class SeedLine:
    """A value of the record as written, with the line it starts on (1-based)."""

    text: str
    line: int


@dataclass(frozen=True)
class Quotation:
    """A clause the commentary quotes: ``text`` as written between its quotation marks."""

    text: str
    line: int
    quoted: bool = True
    """False when the item carried no quotation marks (kept as written all the same)."""


@dataclass(frozen=True)
class VoteCounts:
    """The record's "Full Vote" counts."""

    yes: int
    no: int
    abstain: int
    absent: int
    line: int

    @property
    def all_zero(self) -> bool:
        return self.yes == self.no == self.abstain == self.absent == 0


@dataclass(frozen=True)
class SeedRecord:
    """One seed-format record, as the file gives it. Empty fields are None or empty tuples."""

    title: str
    body: str | None
    session_type: str | None
    agenda_item: str | None
    country: str | None
    remarks: tuple[SeedLine, ...]
    main_sponsors: tuple[SeedLine, ...]
    praise: tuple[Quotation, ...]
    criticism: tuple[Quotation, ...]
    vote: VoteCounts | None
    path: Path
    sha256: str
    field_lines: tuple[tuple[str, int], ...] = ()
    """The line each field's value (or, for an empty field, its heading) stands on."""

    def line_of(self, name: str) -> int | None:
        """The line of a field (``"title"``, ``"Agenda Item"``, ...), for error messages."""
        return next((line for field_name, line in self.field_lines if field_name == name), None)

    def location(self, name: str) -> SourceLocation:
        return SourceLocation(self.path, self.line_of(name), name)


def read_seed_folder(folder: Path) -> list[SeedRecord]:
    """Every ``*.txt`` record of a folder, sorted by file name."""
    if not folder.is_dir():
        raise SourceError("not a folder of seed-format records", SourceLocation(folder))
    return [parse_seed_file(path) for path in sorted(folder.glob("*.txt"))]


def parse_seed_file(path: Path) -> SeedRecord:
    """Parse one seed-format record; SourceError (file, line, field) when it is broken."""
    data = path.read_bytes()
    text = _decode(data, path)
    return _Parser(path, hashlib.sha256(data).hexdigest(), text).parse()


def _decode(data: bytes, path: Path) -> str:
    if not data.strip():
        raise SourceError("the file is empty", SourceLocation(path, None, None))
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise SourceError("binary file (NUL bytes): not a seed-format text record",
                          SourceLocation(path, line, _field_at(data, line)))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        byte = data[error.start : error.start + 1].hex().upper()
        raise SourceError(
            f"wrong encoding: byte 0x{byte} at column {column} is not valid UTF-8 (the file looks like "
            "Latin-1 or Windows-1252); save it as UTF-8",
            SourceLocation(path, line, _field_at(data, line)),
        ) from None
    return text.removeprefix("\ufeff")


def _field_at(data: bytes, line: int) -> str | None:
    """The field a line belongs to, read leniently from a file that cannot be decoded."""
    lines = data.decode("utf-8", errors="replace").splitlines()
    current: str | None = None
    for raw in lines[:line]:
        stripped = _clean(raw).rstrip(":").casefold()
        if stripped in _HEADING_KEYS:
            current = _HEADING_KEYS[stripped]
        elif current is None and stripped:
            current = TITLE
    return current


def _clean(line: str) -> str:
    """A line with its spaces (non-breaking ones too) collapsed and trimmed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", line)).strip()


def _heading(line: str) -> str | None:
    return _HEADING_KEYS.get(line.rstrip(":").strip().casefold())


@dataclass
class _Item:
    """A bullet or paragraph of a section: its text and the line it starts on."""

    text: str
    line: int
    bullet: bool


class _Parser:
    def __init__(self, path: Path, sha256: str, text: str) -> None:
        self.path = path
        self.sha256 = sha256
        self.lines = [_clean(raw) for raw in text.splitlines()]

    def where(self, line: int | None, field: str | None) -> SourceLocation:
        return SourceLocation(self.path, line, field)

    def parse(self) -> SeedRecord:
        title_index = next((i for i, line in enumerate(self.lines) if line), None)
        if title_index is None:
            raise SourceError("the file is empty", self.where(None, None))
        title = self.lines[title_index]
        if _heading(title):
            raise SourceError(f"no title: the record starts with the heading {title!r}",
                              self.where(title_index + 1, TITLE))
        sections = self._sections(title_index + 1)
        fields: dict[str, str | None] = {}
        field_lines: list[tuple[str, int]] = [(TITLE, title_index + 1)]
        remarks: list[SeedLine] = []
        values: dict[str, list[_Item]] = {}
        for heading, heading_line, items in sections:
            if heading in values or heading in fields:
                raise SourceError(f"the section {heading!r} appears twice", self.where(heading_line, heading))
            if heading in SINGLE_VALUE_FIELDS:
                value, extra = self._single_value(heading, items)
                fields[heading] = value.text if value else None
                field_lines.append((heading, value.line if value else heading_line))
                remarks.extend(SeedLine(item.text, item.line) for item in extra)
            else:
                values[heading] = items
                field_lines.append((heading, items[0].line if items else heading_line))
        if remarks:
            field_lines.append((COMMENTARY, remarks[0].line))
        return SeedRecord(
            title=title,
            body=fields.get(UN_BODY),
            session_type=fields.get(SESSION_TYPE),
            agenda_item=fields.get(AGENDA_ITEM),
            country=fields.get(COUNTRY_CONCERNED),
            remarks=tuple(remarks),
            main_sponsors=tuple(SeedLine(i.text, i.line) for i in values.get(MAIN_SPONSORS, [])),
            praise=tuple(self._quotation(i, KEY_PRAISE) for i in values.get(KEY_PRAISE, [])),
            criticism=tuple(self._quotation(i, KEY_CRITICISM) for i in values.get(KEY_CRITICISM, [])),
            vote=self._vote(values[FULL_VOTE]) if values.get(FULL_VOTE) else None,
            path=self.path,
            sha256=self.sha256,
            field_lines=tuple(field_lines),
        )

    # --- sections and items
    def _sections(self, start: int) -> list[tuple[str, int, list[_Item]]]:
        """(heading, heading line, items) for each section after the title."""
        sections: list[tuple[str, int, list[_Item]]] = []
        current: tuple[str, int, list[_Item]] | None = None
        previous_blank = True
        for index in range(start, len(self.lines)):
            line, number = self.lines[index], index + 1
            if not line:
                previous_blank = True
                continue
            heading = _heading(line)
            if heading:
                current = (heading, number, [])
                sections.append(current)
            elif current is None:
                if _HEADING_LIKE.match(line):
                    raise SourceError(f"unknown section heading {line!r}; known headings: {', '.join(HEADINGS)}",
                                      self.where(number, line.rstrip(":")))
                raise SourceError("text between the title and the first section", self.where(number, TITLE))
            else:
                self._add_line(current, line, number, previous_blank)
            previous_blank = False
        return sections

    def _add_line(self, section: tuple[str, int, list[_Item]], line: str, number: int, after_blank: bool) -> None:
        heading, _, items = section
        bullet = _BULLET.match(line)
        text = line[bullet.end():].strip() if bullet else line
        if not text:
            return
        open_quote = items and heading in (KEY_PRAISE, KEY_CRITICISM) and _is_open(items[-1].text)
        if open_quote and not bullet:
            items[-1].text += " " + text  # a quotation wrapped over several lines
            return
        if not bullet and self._unknown_heading(heading, items, text, after_blank):
            raise SourceError(f"unknown section heading {text!r}; known headings: {', '.join(HEADINGS)}",
                              self.where(number, text.rstrip(":")))
        if not bullet and items and items[-1].bullet and not after_blank:
            items[-1].text += " " + text  # a bullet wrapped over several lines
            return
        items.append(_Item(text, number, bool(bullet)))

    @staticmethod
    def _unknown_heading(heading: str, items: list[_Item], text: str, after_blank: bool) -> bool:
        """Whether a line that is no known heading stands where a heading would."""
        if text.endswith(":") and _HEADING_LIKE.match(text):
            return True
        if not after_blank or not _HEADING_LIKE.match(text):
            return False
        if heading in SINGLE_VALUE_FIELDS:
            return any(not item.bullet for item in items)  # the field already has its value
        if heading in (KEY_PRAISE, KEY_CRITICISM):
            return text[:1] not in _QUOTES
        if heading == FULL_VOTE:
            return not _VOTE.match(text)
        return False

    def _single_value(self, heading: str, items: list[_Item]) -> tuple[_Item | None, list[_Item]]:
        """A single-value field's value, and the commentary bullets that follow it."""
        value: _Item | None = None
        extra: list[_Item] = []
        for item in items:
            if value is None and not item.bullet and not extra:
                value = item
            else:
                extra.append(item)
        return value, extra

    # --- quotations and votes
    def _quotation(self, item: _Item, heading: str) -> Quotation:
        text = item.text
        opening = text[:1]
        if opening not in _QUOTES:
            return Quotation(text=text, line=item.line, quoted=False)
        closers = _QUOTES[opening]
        body = text[1:].rstrip(_TRAILING_PUNCTUATION)
        if len(body) < 1 or body[-1] not in closers:
            raise SourceError(f"a quotation opened with {opening} never closes", self.where(item.line, heading))
        return Quotation(text=body[:-1].strip(), line=item.line)

    def _vote(self, items: list[_Item]) -> VoteCounts:
        counts: dict[str, int] = {}
        for item in items:
            match = _VOTE.match(item.text)
            if not match:
                raise SourceError(f"expected a vote count such as 'Yes 12', found {item.text!r}",
                                  self.where(item.line, FULL_VOTE))
            label = match.group("label").capitalize()
            count = match.group("count")
            if not count.isdigit():
                raise SourceError(f"the {label} count {count!r} is not a number", self.where(item.line, FULL_VOTE))
            if label in counts:
                raise SourceError(f"the {label} count is given twice", self.where(item.line, FULL_VOTE))
            counts[label] = int(count)
        missing = [label for label in VOTE_LABELS if label not in counts]
        if missing:
            raise SourceError(f"the vote lacks its {', '.join(missing)} count", self.where(items[0].line, FULL_VOTE))
        return VoteCounts(yes=counts["Yes"], no=counts["No"], abstain=counts["Abstain"], absent=counts["Absent"],
                          line=items[0].line)


def _is_open(text: str) -> bool:
    """Whether an item opens a quotation that has not closed yet."""
    opening = text[:1]
    if opening not in _QUOTES:
        return False
    body = text[1:].rstrip(_TRAILING_PUNCTUATION)
    return not body or body[-1] not in _QUOTES[opening]


def strip_ellipsis(text: str) -> str:
    """A quoted clause without its leading or trailing ellipsis ("…" or "...")."""
    stripped = re.sub(r"^(?:…|\.{3})\s*", "", text.strip())
    return re.sub(r"\s*(?:…|\.{3})$", "", stripped).strip()


def quotations(record: SeedRecord) -> Iterable[tuple[str, Quotation]]:
    """The record's quotations in file order, each with its stance (``praise`` or ``criticism``)."""
    tagged = [("praise", q) for q in record.praise] + [("criticism", q) for q in record.criticism]
    return sorted(tagged, key=lambda pair: pair[1].line)
