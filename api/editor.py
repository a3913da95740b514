"""What the query editor page shows: our prefixes and the research queries as runnable examples.

The examples come from ``queries/*.rq`` (through :mod:`graph.resources`). A named query takes
parameters that the named-query API binds as RDF terms; in the editor the example values are
written into the text instead, as a one-row ``VALUES`` block opening each ``WHERE`` group (each
group that uses a parameter projects it, so the block binds it exactly where a substitution would).
A query whose header cannot be read is shown as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pyoxigraph import Literal, NamedNode

from hrcgraph.graph.errors import HrcGraphError
from hrcgraph.graph.named_queries import header_summary, parse_named_query
from hrcgraph.graph.namespaces import PREFIXES
from hrcgraph.graph.resources import query_files
from hrcgraph.graph.sparql_text import code_only

_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


@dataclass(frozen=True)
class EditorExample:
    name: str
    summary: str
    query: str


def _term_text(term: object) -> str:
    if isinstance(term, NamedNode | Literal):
        return str(term)
    raise TypeError(f"cannot write {term!r} into a query")


def bind_example(text: str, values: dict[str, object]) -> str:
    """The query with ``values`` bound by a one-row VALUES block at the start of each WHERE group."""
    if not values:
        return text
    names = sorted(values)
    block = (
        "VALUES (" + " ".join(f"?{n}" for n in names) + ") { ("
        + " ".join(_term_text(values[n]) for n in names) + ") }"
    )
    masked = code_only(text)
    out: list[str] = []
    last = 0
    for m in _WHERE.finditer(masked):
        out.append(text[last:m.end()])
        out.append(f"\n  {block}")
        last = m.end()
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


@lru_cache(maxsize=1)
def examples() -> tuple[EditorExample, ...]:
    """The research queries as editor examples, by file name (none if the folder is empty)."""
    found: list[EditorExample] = []
    for file in query_files():
        name = file.name.removesuffix(".rq")
        text = file.read_text(encoding="utf-8")
        found.append(_example(name, text))
    return tuple(found)


def _example(name: str, text: str) -> EditorExample:
    try:
        named = parse_named_query(text, name, source=f"queries/{name}.rq")
        bound = named.bind(named.example_values())
    except HrcGraphError:  # a header this page cannot read: show the file as it is
        return EditorExample(name, header_summary(text) or name, text)
    summary = named.summary
    if bound:
        shown = ", ".join(f"{k} = {v}" for k, v in sorted(named.example_values().items()))
        note = f"# Example run: {shown}. The named-query API binds these as parameters.\n"
        return EditorExample(name, summary, note + bind_example(text, dict(bound)))
    return EditorExample(name, summary, text)


DEFAULT_QUERY_BODY = """SELECT ?type (COUNT(?text) AS ?texts)
WHERE {
  ?text a ?type ; hrc:symbol ?symbol .
}
GROUP BY ?type
ORDER BY DESC(?texts)
"""


def default_query() -> str:
    """The query the editor opens with: a few prefixes and a count of texts by type."""
    keep = ("hrc", "rdf", "rdfs", "skos", "dct", "xsd")
    return "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in keep) + "\n" + DEFAULT_QUERY_BODY


def prefixes() -> dict[str, str]:
    return dict(PREFIXES)
