"""Reading the text of a SHACL-SPARQL ``sh:select`` query, just enough to run it for all focus nodes
at once.

SHACL runs a SPARQL-based constraint once per focus node with ``$this`` pre-bound. Running 80,000
queries is too slow, so the query is run once, with the focus nodes put as the first member of its
outermost group: ``SELECT ... WHERE { <focus nodes of ?this> <the query's own body> }``. The
restrictions SHACL puts on these queries (no MINUS, VALUES or SERVICE; sub-queries project
``$this``) are what make this the same as pre-binding: every pattern of the body sees ``?this``
bound, including ``FILTER NOT EXISTS { $this ... }``.

Only the lexical structure is read, through the one SPARQL lexer (``graph.sparql_text``):
comments, string literals and IRIs are skipped, so that a brace or a keyword inside them does not
count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hrcgraph.graph.sparql_text import code_only, has_open_string, substitute, variables


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


def split_select(text: str) -> SplitQuery:
    """Cut a SELECT query inside the opening brace of its WHERE clause."""
    if has_open_string(text):
        raise QueryShapeError("a string literal is not closed")
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
    names = set(variables(flat))
    names |= {m.group(1) for m in re.finditer(r"\bAS\s+[?$]([A-Za-z0-9_]+)", clause, re.IGNORECASE)}
    return frozenset(names)


def substitute_path(text: str, path: str) -> str:
    """Replace ``$PATH`` (the shape's path, as SPARQL) in the query's code; like pySHACL, ``?PATH``
    too."""
    return substitute(text, "PATH", path)
