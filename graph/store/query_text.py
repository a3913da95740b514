"""Preparing a query's text for a server that has no prefixes or substitutions of its own.

The embedded store takes predeclared prefixes and substitutions (SEP-0007) as arguments; a remote
SPARQL 1.1 server only takes text. Both are added here without pasting any user string:

* a predeclared prefix is written as a ``PREFIX`` line only when the query does not declare it;
* a substituted value is an RDF term already made and checked (pyoxigraph refuses a malformed IRI
  or literal), written in its N-Triples form inside a ``VALUES`` block at the start of every
  ``WHERE`` group (the outer query's and each subquery's), so that every pattern and filter sees the
  variable bound, as pre-binding does.

The lexical reading (comments, strings and IRIs skipped) is the one of
``graph.sparql_text``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from pyoxigraph import BlankNode, Literal, NamedNode

from hrcgraph.graph.errors import QueryError
from hrcgraph.graph.sparql_text import code_only

Term = NamedNode | BlankNode | Literal

_DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)
_GROUP_OPENERS = re.compile(r"\b(WHERE|SELECT|ASK)\b|\{", re.IGNORECASE)


def with_prefixes(sparql: str, prefixes: Mapping[str, str] | None) -> str:
    """The query with ``PREFIX`` lines for the predeclared prefixes it does not declare itself."""
    if not prefixes:
        return sparql
    declared = {m.group(1) or "" for m in _DECLARED.finditer(code_only(sparql))}
    lines = [f"PREFIX {name}: {NamedNode(iri)}" for name, iri in prefixes.items() if name not in declared]
    return "\n".join([*lines, sparql]) if lines else sparql


def values_block(substitutions: Mapping[str, Term]) -> str:
    """``VALUES (?a ?b) { (<iri> "literal") }`` from checked terms."""
    names, terms = [], []
    for name, term in substitutions.items():
        if not re.fullmatch(r"\w+", name):
            raise QueryError(f"cannot bind {name!r}: not a variable name")
        if isinstance(term, BlankNode) or not isinstance(term, NamedNode | Literal):
            raise QueryError(f"cannot bind ?{name} to {term!r} on a remote server: only IRIs and literals")
        names.append(f"?{name}")
        terms.append(str(term))  # N-Triples form, escaped by pyoxigraph
    return f"VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}"


def with_values(sparql: str, substitutions: Mapping[str, Term] | None) -> str:
    """The query with the substituted values bound at the start of every WHERE group."""
    if not substitutions:
        return sparql
    block = values_block(substitutions)
    code = code_only(sparql)
    inserts: list[int] = []
    awaiting = False  # a WHERE/SELECT/ASK was seen and its group's brace is next
    for m in _GROUP_OPENERS.finditer(code):
        if m.group() == "{":
            if awaiting:
                inserts.append(m.end())
            awaiting = False
        else:
            awaiting = True
    if not inserts:
        raise QueryError("cannot bind values: the query has no WHERE group")
    out: list[str] = []
    last = 0
    for pos in inserts:
        out.extend((sparql[last:pos], " ", block, " "))
        last = pos
    out.append(sparql[last:])
    return "".join(out)
