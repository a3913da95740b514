"""Reading the text of a SHACL-SPARQL ``sh:select`` query, just enough to run it for all focus nodes
at once.

SHACL runs a SPARQL-based constraint once per focus node with ``$this`` pre-bound. Running 80,000
queries is too slow, so the query is run once, with the focus nodes put as the first member of its
outermost group: ``SELECT ... WHERE { <focus nodes of ?this> <the query's own body> }``. The
restrictions SHACL puts on these queries (no MINUS, VALUES or SERVICE; sub-queries project
``$this``) are what make this the same as pre-binding: every pattern of the body sees ``?this``
bound, including ``FILTER NOT EXISTS { $this ... }``.

Only the lexical structure is read: comments, string literals and IRIs are skipped, so that a
brace or a keyword inside them does not count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_IRI = re.compile(r'<[^<>"{}|^`\\\s]*>')
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_VARIABLE = re.compile(r"[?$]([A-Za-z0-9_]+)")


class QueryShapeError(ValueError):
    """The query text cannot be run for all focus nodes at once (the message says why)."""


@dataclass(frozen=True)
class SplitQuery:
    """A SELECT query cut just inside the opening brace of its outermost group."""

    head: str
    body: str
    projection: frozenset[str] | None
    """The variables the outer SELECT projects, or ``None`` for ``SELECT *``."""

    def with_focus(self, focus_pattern: str) -> str:
        return f"{self.head}\n  {focus_pattern}\n{self.body}"


def code_only(text: str) -> str:
    """The query with comments, strings and IRIs blanked out (same length, same offsets)."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif c in "\"'":
            j = _string_end(text, i)
            out.append(" " * (j - i))
            i = j
        elif c == "<" and (m := _IRI.match(text, i)):
            out.append(" " * (m.end() - i))
            i = m.end()
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _string_end(text: str, start: int) -> int:
    quote = text[start]
    long = text.startswith(quote * 3, start)
    delim = quote * 3 if long else quote
    i = start + len(delim)
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(delim, i):
            return i + len(delim)
        if not long and text[i] == "\n":
            break
        i += 1
    raise QueryShapeError("a string literal is not closed")


def keywords(text: str) -> set[str]:
    """The upper-cased words that occur in the query's code (outside comments, strings and IRIs),
    not counting variable names and prefixed names."""
    code = code_only(text)
    found = set()
    for m in _WORD.finditer(code):
        before = code[m.start() - 1] if m.start() else " "
        after = code[m.end()] if m.end() < len(code) else " "
        if before in "?$:" or after == ":" or before.isalnum():
            continue
        found.add(m.group().upper())
    return found


def variables(text: str) -> set[str]:
    """The names of the variables used in the query's code."""
    return {m.group(1) for m in _VARIABLE.finditer(code_only(text))}


def split_select(text: str) -> SplitQuery:
    """Cut a SELECT query inside the opening brace of its WHERE clause."""
    code = code_only(text)
    select = re.search(r"(?<![A-Za-z0-9_?$:])SELECT(?![A-Za-z0-9_:])", code, re.IGNORECASE)
    if select is None:
        raise QueryShapeError("not a SELECT query")
    depth = 0
    for i in range(select.end(), len(code)):
        c = code[i]
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "{" and depth == 0:
            clause = code[select.end() : i]
            return SplitQuery(head=text[: i + 1], body=text[i + 1 :], projection=_projection(clause))
    raise QueryShapeError("no WHERE clause")


def _projection(clause: str) -> frozenset[str] | None:
    clause = re.sub(r"\bWHERE\b", " ", clause, flags=re.IGNORECASE)
    clause = re.sub(r"\bFROM(\s+NAMED)?\b", " ", clause, flags=re.IGNORECASE)
    clause = re.sub(r"^\s*(DISTINCT|REDUCED)\b", " ", clause, flags=re.IGNORECASE)
    top: list[str] = []
    depth = 0
    for c in clause:
        depth += c == "("
        top.append(c if depth == 0 else " ")
        depth -= c == ")"
    flat = "".join(top)
    if flat.strip() == "*":
        return None
    names = {m.group(1) for m in _VARIABLE.finditer(flat)}
    names |= {m.group(1) for m in re.finditer(r"\bAS\s+[?$]([A-Za-z0-9_]+)", clause, re.IGNORECASE)}
    return frozenset(names)


def substitute(text: str, name: str, replacement: str) -> str:
    """Replace the variable ``$name`` (or ``?name``) in the query's code, not in strings or comments."""
    code = code_only(text)
    pieces: list[str] = []
    last = 0
    for m in re.finditer(rf"(?<![A-Za-z0-9_])[$?]{re.escape(name)}(?![A-Za-z0-9_])", code):
        pieces.append(text[last : m.start()])
        pieces.append(replacement)
        last = m.end()
    pieces.append(text[last:])
    return "".join(pieces)


def substitute_path(text: str, path: str) -> str:
    """Replace ``$PATH`` (the shape's path, as SPARQL) in the query's code; like pySHACL, ``?PATH``
    too."""
    return substitute(text, "PATH", path)
