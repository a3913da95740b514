"""The plain JSON and TSV bodies of named queries, made from SPARQL results that Oxigraph serialized."""

from __future__ import annotations

import csv
import io
import json

from pyoxigraph import QueryResultsFormat, QuerySolutions, Store

from hrcgraph.api.routes.queries import csv_to_tsv, plain_json
from hrcgraph.graph.named_queries import parse_named_query

XSD = "http://www.w3.org/2001/XMLSchema#"

#: One row of awkward values: typed numbers, a double that JSON cannot hold, booleans, a language-tagged
#: literal, an IRI, a blank node, text with a tab, line breaks, quotes and a comma, and an unbound value.
VALUES = f"""
SELECT ?int ?dec ?inf ?yes ?no ?label ?iri ?node ?text ?unbound WHERE {{
  VALUES (?int ?dec ?inf ?yes ?no ?label ?iri ?text) {{
    (42 0.3333 "INF"^^<{XSD}double> true false "Mali"@en <https://example.org/a>
     "tab\\there, \\"quoted\\"\\nnext line\\r\\nlast")
  }}
  BIND(BNODE("b") AS ?node)
}}
"""
QUERY = parse_named_query("#+ summary: Awkward values\n" + VALUES, "awkward-values")


def _solutions() -> QuerySolutions:
    result = Store().query(VALUES)
    assert isinstance(result, QuerySolutions)
    return result


def _serialized(fmt: QueryResultsFormat) -> bytes:
    body = _solutions().serialize(format=fmt)
    assert body is not None
    return body


def test_plain_json_values() -> None:
    body = json.loads(plain_json(QUERY, {}, _serialized(QueryResultsFormat.JSON)))
    assert body["query"] == "awkward-values"
    assert body["columns"] == ["int", "dec", "inf", "yes", "no", "label", "iri", "node", "text", "unbound"]
    [row] = body["rows"]
    node = row.pop("node")
    assert node.startswith("_:")
    assert row == {"int": 42, "dec": 0.3333, "inf": "INF", "yes": True, "no": False, "label": "Mali",
                   "iri": "https://example.org/a", "text": 'tab\there, "quoted"\nnext line\r\nlast',
                   "unbound": None}
    assert "truncated" not in body


def test_plain_json_keeps_the_truncation_mark() -> None:
    marked = b'{"truncated":true,"rowLimit":1,' + _serialized(QueryResultsFormat.JSON)[1:]
    body = json.loads(plain_json(QUERY, {}, marked))
    assert (body["truncated"], body["rowLimit"]) == (True, 1)
    assert len(body["rows"]) == 1


def test_tsv_holds_the_plain_values_of_the_csv() -> None:
    sparql_csv = _serialized(QueryResultsFormat.CSV)
    tsv = csv_to_tsv(sparql_csv).decode("utf-8")
    from_csv = list(csv.reader(io.StringIO(sparql_csv.decode("utf-8"), newline="")))
    from_tsv = list(csv.reader(io.StringIO(tsv, newline=""), delimiter="\t"))
    assert from_tsv == from_csv
    header, row = from_tsv
    assert header[:3] == ["int", "dec", "inf"]
    assert row[:7] == ["42", "0.3333", "INF", "true", "false", "Mali", "https://example.org/a"]
    assert row[8] == 'tab\there, "quoted"\nnext line\r\nlast'
    assert row[9] == ""
    assert tsv.startswith("int\tdec\tinf\t")
