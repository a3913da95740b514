"""The texts a clause cites: "Recalling its resolutions 5/1 and 5/2", "General Assembly resolution 60/251".

A citation names a body (or "its", the citing text's own body), a kind (resolution or decision) and
one or more numbers; each number is read as the symbol it stands for:

==================================================  ==========================
as written                                          symbol
==================================================  ==========================
Human Rights Council resolution 22/18               ``A/HRC/RES/22/18``
its resolution S-33/1 (in a Council text)           ``A/HRC/RES/S-33/1``
decision 2/102 (in a Council text)                  ``A/HRC/DEC/2/102``
Commission on Human Rights resolution 2005/1        ``E/CN.4/RES/2005/1``
General Assembly resolution 60/251                  ``A/RES/60/251``
Security Council resolution 2374 (2017)             ``S/RES/2374(2017)``
==================================================  ==========================

A list runs on through commas, "and", dates ("of 18 June 2007") and the words between them ("22/18
of 21 March 2013, in which it established the mandate of ..., 25/36 of 28 March 2014"), and stops at
a semicolon, at the next body or kind named, or at the clause's end. What a citation names is kept
as the text says it, also when it names a resolution that does not exist ("54/42 of 4 April 2023"
where 52/42 was meant): resolving it is for the caller, who reports what does not resolve.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Body code -> the words that name it in a clause.
_BODIES = (
    ("hrc", r"(?:the\s+)?Human\s+Rights\s+Council(?:'s|’s)?"),
    ("chr", r"(?:the\s+)?Commission\s+on\s+Human\s+Rights(?:'s|’s)?"),
    ("ga", r"(?:the\s+)?General\s+Assembly(?:'s|’s)?"),
    ("sc", r"(?:the\s+)?Security\s+Council(?:'s|’s)?"),
    ("own", r"\b(?:its|their)"),
)
_BODY = "|".join(f"(?P<{code}>{pattern})" for code, pattern in _BODIES)
_HEAD = re.compile(rf"(?:{_BODY})\s+(?P<kind>resolutions?|decisions?)\b|\b(?P<bare>resolutions?|decisions?)\b",
                   re.IGNORECASE)
_COUNCIL_NUMBER = re.compile(r"\b(?P<n>(?:S-)?[0-9]{1,2}/[0-9]{1,3}[A-Z]?)\b(?!/)")
_COMMISSION_NUMBER = re.compile(r"\b(?P<n>(?:19|20)[0-9]{2}/[0-9]{1,3}[A-Z]?)\b(?!/)")
_GA_NUMBER = re.compile(r"\b(?P<n>(?:S-|ES-)?[0-9]{1,2}/[0-9]{1,3}[A-Z]?)\b(?!/)")
_SC_NUMBER = re.compile(r"\b(?P<n>[0-9]{1,4})\s*\((?P<y>(?:19|20)[0-9]{2})\)")
_STOP = re.compile(r";|:|\.(?:\s|$)|\b(?:Human\s+Rights\s+Council|Commission\s+on\s+Human\s+Rights|General\s+Assembly|"
                   r"Security\s+Council|its|their|resolutions?|decisions?|report|reports)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Citation:
    """A text a clause cites: the symbol it stands for, and the words that cite it."""

    symbol: str
    body: str
    """``hrc``, ``chr``, ``ga`` or ``sc``."""
    written: str


def citations(text: str, own_body: str | None) -> list[Citation]:
    """The texts a clause cites, in order, each once. ``own_body`` is the citing text's body (``hrc`` or
    ``chr``), which "its resolution" and a bare "resolution 5/1" name; without it those are not read."""
    found: list[Citation] = []
    lowered = text.casefold()
    if "resolution" not in lowered and "decision" not in lowered:
        return found  # every citation names one: most clauses are not searched with the heads' pattern
    seen: set[str] = set()
    position = 0
    # in ASCII text the folded text's places are the text's: a clause whose last citation is read is not
    # scanned to its end for a head that cannot be there
    ascii_text = text.isascii()
    while True:
        if ascii_text and lowered.find("resolution", position) < 0 and lowered.find("decision", position) < 0:
            break
        head = _HEAD.search(text, position)
        if head is None:
            break
        body = next((code for code, _ in _BODIES if head.group(code)), None)
        if body is None and _named_before(text, head.start()):
            body = "other"  # "Economic and Social Council resolution 1/2": a body this reader does not know
        elif body in (None, "own"):
            body = own_body
        kind = (head.group("kind") or head.group("bare")).lower()
        start = head.end()
        stop = _STOP.search(text, start)
        end = stop.start() if stop else len(text)
        position = max(end, start)
        if body is None or body == "other":
            continue
        for symbol, written in _numbers(text[start:end], body, kind.startswith("decision")):
            if symbol not in seen:
                seen.add(symbol)
                found.append(Citation(symbol, body, f"{head.group(0).strip()} {written}"))
    return found


def _named_before(text: str, at: int) -> bool:
    """Whether the word before ``at`` is capitalized: a body's name ends there ("Social Council resolution")."""
    before = re.search(r"([A-Za-z’']+)\s*$", text[:at])
    return before is not None and before.group(1)[:1].isupper()


def _numbers(span: str, body: str, decision: bool) -> list[tuple[str, str]]:
    if body == "sc":
        return [(f"S/RES/{m.group('n')}({m.group('y')})", m.group(0)) for m in _SC_NUMBER.finditer(span)]
    if body == "ga":
        return [(f"A/{'DEC' if decision else 'RES'}/{m.group('n')}", m.group("n")) for m in _GA_NUMBER.finditer(span)]
    if body == "chr":
        kind = "DEC" if decision else "RES"
        return [(f"E/CN.4/{kind}/{m.group('n')}", m.group("n")) for m in _COMMISSION_NUMBER.finditer(span)]
    kind = "DEC" if decision else "RES"
    return [(f"A/HRC/{kind}/{m.group('n')}", m.group("n")) for m in _COUNCIL_NUMBER.finditer(span)]


def un_document_url(symbol: str) -> str:
    """The UN's permanent link to a document by symbol (``https://undocs.org/A/RES/60/251``)."""
    return "https://undocs.org/" + symbol
