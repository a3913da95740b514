"""UN document symbols of the Human Rights Council and the Commission on Human Rights.

``parse_symbol`` reads a symbol as catalogued and says what it can be sure of: the kind of text,
the body, the session, the year, and a normalized form. Typing slips the catalogue is known to
contain are normalized only when the intended symbol is beyond doubt, and each one is reported
in ``SymbolInfo.warnings``; anything else is kept as it is.

Forms understood (``N`` a number, ``R`` a Roman numeral):

=====================================  =====================================================
``A/HRC/RES/55/25``                     Council resolution, session 55
``A/HRC/DEC/S-4/101``                   Council decision, special session S-4
``A/HRC/PRST/31/1``                     Council presidential statement
``A/HRC/RES/OM/1/2``                    adopted at the Council's 1st organizational meeting
``A/HRC/55/L.32``, ``.../L.2/Rev.1``    Council draft (an L document; an amendment is one too)
``E/CN.4/RES/2005/1``                   Commission resolution of 2005 (61st session)
``E/CN.4/RES/1992/S-2/1``               Commission special session S-2
``E/CN.4/RES/22(XXXVI)``                Commission resolution 22 of the 36th session
``E/CN.4/RES(II)``                      Commission resolution of the 2nd session, no number
``E/CN.4/2005/L.5``, ``E/CN.4/L.1123``  Commission drafts
``E/HR/RES``                            the nuclear Commission of 1946 (no session number)
=====================================  =====================================================

Commission session numbers come from the Roman numeral in the symbol or, for symbols that
carry a year (used from 1982 to 2006), from the rule *session = year - 1944*; every such
symbol in the OHCHR collection agrees with the session its catalogue record names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from hrcgraph.graph.iris import IriFactory


class TextKind(StrEnum):
    """What kind of text a symbol names."""

    RESOLUTION = "resolution"
    DECISION = "decision"
    PRESIDENTIAL_STATEMENT = "presidential statement"
    DRAFT = "draft"
    AMENDMENT = "amendment"
    OTHER = "other"


class SessionKind(StrEnum):
    REGULAR = "regular"
    SPECIAL = "special"
    ORGANIZATIONAL = "organizational"


COUNCIL = "hrc"
"""The Human Rights Council's code in IRIs (``id/body/hrc``)."""
COMMISSION = "chr"
"""The Commission on Human Rights' code in IRIs (``id/body/chr``)."""

#: Years in which Commission symbols carry the year (E/CN.4/RES/1982/1 .. E/CN.4/RES/2006/..):
#: within them the Commission's Nth session was held in year 1944 + N.
COMMISSION_YEAR_SYMBOLS = range(1982, 2007)
COMMISSION_YEAR_OFFSET = 1944


@dataclass(frozen=True, slots=True)
class SymbolInfo:
    """What a symbol says. ``session`` is ``"55"``, ``"S-33"`` or ``"OM-1"``; ``None`` when unknown."""

    as_written: str
    normalized: str
    kind: TextKind
    body: str | None = None
    session: str | None = None
    session_kind: SessionKind | None = None
    year: int | None = None
    warnings: tuple[str, ...] = ()
    complete: bool = True
    """False when the symbol lacks the text's number (``E/HR/RES``, ``E/CN.4/RES(II)``, ``E/CN.4/DEC/2002``)."""

    @property
    def usable(self) -> bool:
        """Whether the normalized symbol can name one text in an IRI: complete, and IRI-safe."""
        return self.complete and IriFactory.symbol_is_usable(self.normalized)


_KINDS = {"RES": TextKind.RESOLUTION, "DEC": TextKind.DECISION, "PRST": TextKind.PRESIDENTIAL_STATEMENT}
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}

_TRAILING_NOTE = re.compile(r"\s*\(?\s*(as orally revised|as amended|as revised)\s*\)?\s*$", re.IGNORECASE)
_DOUBLE_DOT = re.compile(r"L\.(?:\.|L\.)+")
_GLUED_KIND = re.compile(r"^A/HRC/(RES|DEC|PRST)(?=\d|S-)")
_GLUED_L = re.compile(r"^A/HRC/(\d+|S-\d+)L\.")
_KIND_BEFORE_L = re.compile(r"^(A/HRC|E/CN\.4)/(?:RES|DEC)/((?:\d+/|S-\d+/)*L\.)")

_HRC_TEXT = re.compile(r"^A/HRC/(RES|DEC|PRST)/(?:(OM)/)?(S-)?(\d+)/([0-9]+[A-Za-z]?)$")
_HRC_DRAFT = re.compile(r"^A/HRC/(S-)?(\d+)/L\.\d+[A-Za-z]?(?:/Rev\.\d+)?(?:/Add\.\d+)?(?:/Corr\.\d+)?$")
_CHR_YEAR = re.compile(r"^E/CN\.4/(RES|DEC)/(\d{4})(?:/S-(\d+))?(?:/([0-9]+[A-Za-z]?))?$")
_CHR_SPECIAL = re.compile(r"^E/CN\.4/(RES|DEC)/S-(\d+)/([0-9]+[A-Za-z]?)$")
_CHR_ROMAN = re.compile(r"^E/CN\.4/(RES|DEC)/?([A-Za-z0-9\-]*?)/?([(\[]?)([IVXLC]+)([)\]])(.*)$")
_CHR_DRAFT = re.compile(r"^E/CN\.4/(?:(\d{4})/)?(?:S-(\d+)/)?L\.\d+[A-Za-z]?(?:/Rev\.\d+)?(?:/Add\.\d+)?$")


def roman_to_int(numeral: str) -> int:
    """``"XXXVI"`` -> 36. Raises ValueError on anything that is not a Roman numeral."""
    if not numeral or any(ch not in _ROMAN for ch in numeral):
        raise ValueError(f"not a Roman numeral: {numeral!r}")
    total = 0
    for i, ch in enumerate(numeral):
        value = _ROMAN[ch]
        total += -value if i + 1 < len(numeral) and _ROMAN[numeral[i + 1]] > value else value
    return total


def normalize_symbol(symbol: str) -> tuple[str, list[str]]:
    """The symbol with whitespace tidied and certain slips repaired, and what was repaired."""
    notes: list[str] = []
    text = " ".join(symbol.split())
    note = _TRAILING_NOTE.search(text)
    if note and note.start() > 0:
        notes.append(f"note {note.group(1)!r} after the symbol set aside")
        text = text[: note.start()]
    if " " in text:
        joined = text.replace(" ", "")
        if re.match(r"^(A/HRC|E/CN\.4)/", joined):
            notes.append("spaces inside the symbol removed")
            text = joined
    if "//" in text:
        notes.append("empty segment '//' in the symbol read as '/'")
        text = re.sub(r"/{2,}", "/", text)
    if _DOUBLE_DOT.search(text):
        notes.append("repeated 'L.' in the symbol read as one")
        text = _DOUBLE_DOT.sub("L.", text)
    if _GLUED_KIND.match(text):
        notes.append("missing '/' after the document type inserted")
        text = _GLUED_KIND.sub(lambda m: f"A/HRC/{m.group(1)}/", text)
    if _GLUED_L.match(text):
        notes.append("missing '/' before 'L.' inserted")
        text = _GLUED_L.sub(lambda m: f"A/HRC/{m.group(1)}/L.", text)
    if _KIND_BEFORE_L.match(text):
        notes.append("'RES/' or 'DEC/' before an L document removed (L documents carry no type)")
        text = _KIND_BEFORE_L.sub(lambda m: f"{m.group(1)}/{m.group(2)}", text)
    return text, notes


def parse_symbol(symbol: str) -> SymbolInfo:
    """Read a catalogued symbol; never raises (an unreadable symbol is ``TextKind.OTHER`` with a warning)."""
    raw = symbol
    if not symbol.strip():
        return SymbolInfo(as_written=raw, normalized="", kind=TextKind.OTHER, warnings=("empty symbol",),
                          complete=False)
    text, notes = normalize_symbol(symbol)
    session: str | None

    m = _HRC_TEXT.match(text)
    if m:
        doc, om, special, number, _ = m.groups()
        if om:
            session, skind = f"OM-{int(number)}", SessionKind.ORGANIZATIONAL
        elif special:
            session, skind = f"S-{int(number)}", SessionKind.SPECIAL
        else:
            session, skind = str(int(number)), SessionKind.REGULAR
        return SymbolInfo(raw, text, _KINDS[doc], COUNCIL, session, skind, None, tuple(notes))

    m = _HRC_DRAFT.match(text)
    if m:
        special, number = m.groups()
        session = f"S-{int(number)}" if special else str(int(number))
        skind = SessionKind.SPECIAL if special else SessionKind.REGULAR
        return SymbolInfo(raw, text, TextKind.DRAFT, COUNCIL, session, skind, None, tuple(notes))

    m = _CHR_YEAR.match(text)
    if m:
        doc, year_text, special, number = m.groups()
        year = int(year_text)
        if number is None:
            notes.append("symbol has no text number")
        if special:
            return SymbolInfo(raw, text, _KINDS[doc], COMMISSION, f"S-{int(special)}", SessionKind.SPECIAL, year,
                              tuple(notes), complete=number is not None)
        session = _commission_session_of_year(year)
        if session is None:
            notes.append(f"year {year} is outside the years whose session number is certain")
        return SymbolInfo(raw, text, _KINDS[doc], COMMISSION, session, SessionKind.REGULAR if session else None,
                          year, tuple(notes), complete=number is not None)

    m = _CHR_SPECIAL.match(text)
    if m:
        doc, special_number, _ = m.groups()
        return SymbolInfo(raw, text, _KINDS[doc], COMMISSION, f"S-{int(special_number)}", SessionKind.SPECIAL,
                          None, tuple(notes))

    m = _CHR_ROMAN.match(text)
    if m:
        doc, number_part, opening, numeral, closing, rest = m.groups()
        if not opening:
            notes.append("missing opening parenthesis before the session numeral")
        elif (opening, closing) == ("[", "]"):
            pass  # the catalogue writes the 10th to 13th sessions with brackets; kept as catalogued
        elif (opening, closing) != ("(", ")"):
            notes.append("mismatched brackets around the session numeral")
        return SymbolInfo(raw, text, _KINDS[doc], COMMISSION, str(roman_to_int(numeral)), SessionKind.REGULAR,
                          None, tuple(notes), complete=bool(number_part or rest))

    m = _CHR_DRAFT.match(text)
    if m:
        draft_year_text, draft_special = m.groups()
        draft_year = int(draft_year_text) if draft_year_text else None
        if draft_special:
            return SymbolInfo(raw, text, TextKind.DRAFT, COMMISSION, f"S-{int(draft_special)}",
                              SessionKind.SPECIAL, draft_year, tuple(notes))
        draft_session = _commission_session_of_year(draft_year) if draft_year else None
        return SymbolInfo(raw, text, TextKind.DRAFT, COMMISSION, draft_session,
                          SessionKind.REGULAR if draft_session else None, draft_year, tuple(notes))

    if text in ("E/HR/RES", "E/HR/DEC"):
        notes.append("symbol of the nuclear Commission (1946) without a text number")
        return SymbolInfo(raw, text, _KINDS[text[5:]], COMMISSION, None, None, None, tuple(notes), complete=False)

    notes.append("symbol not recognized")
    return SymbolInfo(raw, text, TextKind.OTHER, None, None, None, None, tuple(notes), complete=False)


def _commission_session_of_year(year: int) -> str | None:
    return str(year - COMMISSION_YEAR_OFFSET) if year in COMMISSION_YEAR_SYMBOLS else None


#: A draft or amendment symbol inside free text, such as the catalogue's draft field.
DRAFT_SYMBOL_IN_TEXT = re.compile(
    r"(?:A/HRC|E/CN\.4)/[A-Za-z0-9./\-]*?L\.{1,2}(?:L\.)?\s?\d+[A-Za-z]?(?:/Rev\.\d+)?(?:/Add\.\d+)?"
)
#: A bare ``L.50`` or ``L.50/Rev.1`` (the session is the one of the text that mentions it).
BARE_L_NUMBER = re.compile(r"(?<![/\w.])L\.\d+(?:/Rev\.\d+)?")
