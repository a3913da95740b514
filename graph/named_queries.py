"""Named research queries: ``queries/*.rq`` files with a metadata header, run with bound parameters.

A named query is a SPARQL SELECT query whose leading comment lines describe it (the syntax is
documented in ``queries/README.md``)::

    #+ summary: Voting agreement between two states
    #+ tags: votes, states
    #+ param: a | iso3 | required | example=FRA | The first state
    #+ param: from | year | default=2006 | First year
    #+ column: agreement | Share of the common votes where both cast the same vote

Parameter values never enter the query text. Each value is checked against its declared type and
turned into an RDF term, and the term is bound to the variable of the same name with pyoxigraph's
substitutions (SPARQL-dev SEP-0007): the text sent to the engine is the file's text, byte for
byte, whatever the values. A substituted variable must be projected by the outermost SELECT (and
by any subquery that uses it), so each result row also says which parameters produced it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pyoxigraph import Literal, NamedNode

from hrcgraph.graph.countries import Countries
from hrcgraph.graph.errors import ParameterError, SourceError, SourceLocation, UnknownNamedQuery
from hrcgraph.graph.namespaces import HRC
from hrcgraph.graph.resources import query_files
from hrcgraph.graph.store.base import GraphStore, QueryResult, Term

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_INTEGER = NamedNode(XSD + "integer")
XSD_BOOLEAN = NamedNode(XSD + "boolean")
ISO3_DATATYPE = NamedNode(str(HRC.ISO3166Alpha3))

#: Query-string names that the API keeps for itself; no parameter may take them.
RESERVED_NAMES = frozenset({"format"})

_NAME = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_PARAM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_FIELD = re.compile(r"^#\+ ([a-z][a-z-]*):[ \t]*(.*)$")
_CONTINUATION = re.compile(r"^#\+[ \t]{2,}(\S.*)$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_SYMBOL = re.compile(r"^[A-Z][A-Za-z0-9.()\[\]\-]*(?:/[A-Za-z0-9.()\[\]\-]+)+$")
_IRI = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
_SESSION = re.compile(r"^(?:[1-9][0-9]{0,2}|S-[1-9][0-9]{0,2}|OM-[1-9][0-9]?)$")
_GROUP_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TRUE = frozenset({"true", "1", "yes"})
_FALSE = frozenset({"false", "0", "no"})

MAX_STRING = 500
MIN_YEAR, MAX_YEAR = 1946, 2100



# --- parameter types --------------------------------------------------------------------------

Parse = Callable[[str], Term]


@dataclass(frozen=True)
class ParamType:
    """A parameter type: how a query-string value is checked and which RDF term it becomes.

    ``schema`` is the value's JSON Schema for the OpenAPI description (the value always arrives
    as text; the schema says which texts are accepted).
    """

    name: str
    doc: str
    schema: dict[str, Any]
    parse: Parse


class _Invalid(ValueError):
    """A value that does not fit its type; the parameter turns it into a ParameterError with its name."""


def _fail(why: str) -> _Invalid:
    return _Invalid(why)


def _parse_integer(value: str, low: int | None = None, high: int | None = None) -> int:
    text = value.strip()
    if not re.fullmatch(r"[+-]?[0-9]{1,12}", text):
        raise _fail(f"{value!r} is not an integer")
    number = int(text)
    if (low is not None and number < low) or (high is not None and number > high):
        raise _fail(f"{number} is outside {low}..{high}")
    return number


def _integer_literal(number: int) -> Literal:
    return Literal(str(number), datatype=XSD_INTEGER)


def _iso3(value: str) -> Term:
    code = value.strip().upper()
    if not _ISO3.match(code):
        raise _fail(f"{value!r} is not an ISO 3166 alpha-3 code (three letters, e.g. FRA)")
    if Countries.load().by_iso3(code) is None:
        raise _fail(f"{code!r} is not a state in the bundled country table")
    return Literal(code, datatype=ISO3_DATATYPE)


def _year(value: str) -> Term:
    return _integer_literal(_parse_integer(value, MIN_YEAR, MAX_YEAR))


def _string(value: str) -> Term:
    if not value.strip():
        raise _fail("empty text")
    if len(value) > MAX_STRING:
        raise _fail(f"longer than {MAX_STRING} characters")
    if _CONTROL.search(value):
        raise _fail("control characters (line breaks, tabs) are not allowed")
    return Literal(value)


def _symbol(value: str) -> Term:
    text = value.strip()
    if len(text) > 80 or not _SYMBOL.match(text) or "//" in text:
        raise _fail(f"{value!r} is not a UN document symbol (e.g. A/HRC/RES/55/25, E/CN.4/RES/2005/1)")
    return Literal(text)


def _iri(value: str) -> Term:
    text = value.strip()
    if len(text) > 2000 or not _IRI.match(text):
        raise _fail(f"{value!r} is not an absolute http(s) IRI")
    try:
        return NamedNode(text)
    except ValueError as exc:
        raise _fail(f"{value!r} is not a valid IRI ({exc})") from exc


def _agenda_item(value: str) -> Term:
    return _integer_literal(_parse_integer(value.strip().removesuffix("."), 1, 10))


def _language(value: str) -> Term:
    text = value.strip()
    if len(text) > 35 or not _LANGUAGE.match(text):
        raise _fail(f"{value!r} is not a language tag (e.g. en, fr, es-419)")
    return Literal(text.lower())


def _boolean(value: str) -> Term:
    text = value.strip().lower()
    if text in _TRUE:
        return Literal("true", datatype=XSD_BOOLEAN)
    if text in _FALSE:
        return Literal("false", datatype=XSD_BOOLEAN)
    raise _fail(f"{value!r} is not a boolean (true or false)")


def _session(value: str) -> Term:
    text = value.strip().upper()
    if not _SESSION.match(text):
        raise _fail(f"{value!r} is not a session number (e.g. 55, S-33, OM-1)")
    return Literal(text)


def _group(value: str) -> Term:
    text = value.strip()
    countries = Countries.load()
    group = countries.group(text) if _GROUP_KEY.match(text) else None
    group = group or (countries.lookup_group(text) if text and len(text) <= MAX_STRING else None)
    if group is None:
        known = ", ".join(g.key for g in countries.groups)
        raise _fail(f"{value!r} is not a known group; give a key or a name ({known})")
    return Literal(group.key)


_BASE_TYPES: dict[str, ParamType] = {
    t.name: t
    for t in (
        ParamType("iso3", "a state's ISO 3166 alpha-3 code, from the bundled country table "
                  "(former states too: SUN, YUG, CSK, DDR, GER)",
                  {"type": "string", "pattern": "^[A-Za-z]{3}$"}, _iso3),
        ParamType("year", f"a year, {MIN_YEAR}..{MAX_YEAR}",
                  {"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR}, _year),
        ParamType("integer", "an integer", {"type": "integer"},
                  lambda v: _integer_literal(_parse_integer(v))),
        ParamType("string", f"one line of plain text, at most {MAX_STRING} characters",
                  {"type": "string", "minLength": 1, "maxLength": MAX_STRING}, _string),
        ParamType("symbol", "a UN document symbol, e.g. A/HRC/RES/55/25",
                  {"type": "string", "pattern": _SYMBOL.pattern, "maxLength": 80}, _symbol),
        ParamType("iri", "an absolute http(s) IRI", {"type": "string", "format": "iri"}, _iri),
        ParamType("agenda-item", "a Council agenda item, 1..10",
                  {"type": "integer", "minimum": 1, "maximum": 10}, _agenda_item),
        ParamType("language", "a language tag (BCP 47), e.g. en, fr",
                  {"type": "string", "pattern": _LANGUAGE.pattern}, _language),
        ParamType("boolean", "true or false", {"type": "boolean"}, _boolean),
        ParamType("session", "a session number: 55, S-33 (special), OM-1 (organizational)",
                  {"type": "string", "pattern": _SESSION.pattern}, _session),
        ParamType("group", "a group of states, by key (african-group) or name (Group of African States)",
                  {"type": "string"}, _group),
    )
}

_INTEGER_RANGE = re.compile(r"^integer\((-?\d+)\.\.(-?\d+)\)$")
_ENUM = re.compile(r"^enum\(([^()]*)\)$")


def param_type(spec: str) -> ParamType:
    """The type named in a header: a base type, ``integer(LOW..HIGH)`` or ``enum(a, b, c)``.

    Raises ValueError for an unknown type.
    """
    if spec in _BASE_TYPES:
        return _BASE_TYPES[spec]
    m = _INTEGER_RANGE.match(spec)
    if m:
        low, high = int(m.group(1)), int(m.group(2))
        if low > high:
            raise ValueError(f"empty range in {spec!r}")
        return ParamType(spec, f"an integer, {low}..{high}",
                         {"type": "integer", "minimum": low, "maximum": high},
                         lambda v: _integer_literal(_parse_integer(v, low, high)))
    m = _ENUM.match(spec)
    if m:
        choices = tuple(c.strip() for c in m.group(1).split(","))
        if not all(re.fullmatch(r"[A-Za-z0-9_.\-]+", c) for c in choices):
            raise ValueError(f"enum choices must be plain words: {spec!r}")

        def parse_choice(value: str) -> Term:
            if value.strip() not in choices:
                raise _fail(f"{value!r} is not one of {', '.join(choices)}")
            return Literal(value.strip())

        return ParamType(spec, "one of " + ", ".join(choices), {"type": "string", "enum": list(choices)},
                         parse_choice)
    known = ", ".join([*_BASE_TYPES, "integer(LOW..HIGH)", "enum(a, b)"])
    raise ValueError(f"unknown parameter type {spec!r}; known types: {known}")


def base_types() -> list[ParamType]:
    """The types a header can name (besides ``integer(LOW..HIGH)`` and ``enum(...)``)."""
    return list(_BASE_TYPES.values())


# --- named queries --------------------------------------------------------------------------


@dataclass(frozen=True)
class QueryParameter:
    """One parameter of a named query; ``name`` is also the SPARQL variable it binds."""

    name: str
    type: ParamType
    description: str
    required: bool = False
    default: str | None = None
    example: str | None = None

    def to_term(self, value: str) -> Term:
        """The RDF term for a value, or ParameterError naming this parameter and why."""
        try:
            return self.type.parse(value)
        except _Invalid as exc:
            raise ParameterError(self.name, str(exc)) from None


@dataclass(frozen=True)
class ResultColumn:
    name: str
    description: str


@dataclass(frozen=True)
class NamedQuery:
    """A research question: its header and its SPARQL text (the whole file, header included)."""

    name: str
    summary: str
    description: str
    tags: tuple[str, ...]
    parameters: tuple[QueryParameter, ...]
    columns: tuple[ResultColumn, ...]
    sparql: str
    source: str

    def parameter(self, name: str) -> QueryParameter | None:
        return next((p for p in self.parameters if p.name == name), None)

    def example_values(self) -> dict[str, str]:
        """A value for every parameter that has an example or a default (the documented example run)."""
        values: dict[str, str] = {}
        for p in self.parameters:
            value = p.example if p.example is not None else p.default
            if value is not None:
                values[p.name] = value
        return values

    def bind(self, values: Mapping[str, str]) -> dict[str, Term]:
        """Check every value and make the substitutions for a run.

        Unknown names, missing required parameters and values that do not fit their type raise
        ParameterError. An optional parameter that is absent (or empty) takes its default, or stays
        unbound when it has none.
        """
        for key in values:
            if self.parameter(key) is None:
                takes = ", ".join(p.name for p in self.parameters) or "no parameters"
                raise ParameterError(key, f"unknown parameter; {self.name} takes: {takes}")
        bound: dict[str, Term] = {}
        for p in self.parameters:
            value = values.get(p.name)
            if value is None or value == "":
                if p.required:
                    raise ParameterError(p.name, "required" + (f" (e.g. {p.example})" if p.example else ""))
                value = p.default
            if value is not None:
                bound[p.name] = p.to_term(value)
        return bound

    def effective_values(self, values: Mapping[str, str]) -> dict[str, str | None]:
        """The parameter values a run uses (given, else default, else None), for reports."""
        return {p.name: (values.get(p.name) or p.default) for p in self.parameters}


def read_header(text: str, where: str) -> list[tuple[int, str, str]]:
    """The ``#+ key: value`` lines that open a query file, as (line number, key, value), with
    continuation lines joined. A line that breaks the syntax raises SourceError (file and line)."""
    fields: list[tuple[int, str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#+"):
            if line.strip() == "" or line.lstrip().startswith("#"):
                continue
            break
        m = _FIELD.match(line)
        if m:
            fields.append((number, m.group(1), m.group(2).strip()))
            continue
        c = _CONTINUATION.match(line)
        if c and fields:
            n, key, value = fields[-1]
            fields[-1] = (n, key, f"{value} {c.group(1).strip()}".strip())
            continue
        if line.strip() == "#+":
            if fields:  # an empty header line inside a field starts a new paragraph
                n, key, value = fields[-1]
                fields[-1] = (n, key, value + "\n\n")
            continue
        raise SourceError("a header line is '#+ key: value' or a continuation '#+   more text'",
                          SourceLocation(where, number))
    return fields


def header_summary(text: str) -> str | None:
    """The ``#+ summary:`` of a query file, or None when it has none or its header cannot be read."""
    try:
        return next((value.strip() for _, key, value in read_header(text, "query") if key == "summary"), None)
    except SourceError:
        return None


def parse_named_query(text: str, name: str, *, source: str | None = None) -> NamedQuery:
    """Read a named query from its file's text. Header mistakes raise SourceError (file, line, field)."""
    where = source or f"{name}.rq"
    if not _NAME.match(name):
        raise SourceError(f"query name {name!r} must be lowercase words joined by '-'", SourceLocation(where))
    fields = read_header(text, where)

    summary = description = None
    tags: tuple[str, ...] = ()
    params: list[QueryParameter] = []
    columns: list[ResultColumn] = []
    for number, key, value in fields:
        loc = SourceLocation(where, number, key)
        value = re.sub(r"[ \t]*\n\n[ \t]*", "\n\n", value).strip()
        if key == "summary":
            summary = value
        elif key == "description":
            description = value
        elif key == "tags":
            tags = tuple(t.strip() for t in value.strip("[]").split(",") if t.strip())
        elif key == "param":
            params.append(_parse_param(value, loc))
        elif key == "column":
            col_name, _, col_doc = (s.strip() for s in value.partition("|"))
            if not _PARAM_NAME.match(col_name) or not col_doc:
                raise SourceError("expected 'column: NAME | description'", loc)
            columns.append(ResultColumn(col_name, col_doc))
        else:
            raise SourceError(f"unknown header field {key!r}; known: summary, description, tags, param, column",
                              loc)
    if not summary:
        raise SourceError("the header needs a '#+ summary:' line", SourceLocation(where, 1, "summary"))
    names = [p.name for p in params]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise SourceError(f"parameter declared twice: {', '.join(sorted(duplicates))}",
                          SourceLocation(where, None, "param"))
    for p in params:
        if not re.search(rf"\?{re.escape(p.name)}\b", text):
            raise SourceError(f"parameter {p.name!r} is not used as ?{p.name} in the query",
                              SourceLocation(where, None, "param"))
        if re.search(rf"BOUND\s*\(\s*\?{re.escape(p.name)}\s*\)", text, re.IGNORECASE):
            # pyoxigraph's BOUND() does not see a substituted value: it would always be false.
            raise SourceError(f"BOUND(?{p.name}) cannot test a parameter; for an optional one write "
                              f"COALESCE(<test using ?{p.name}>, true)", SourceLocation(where, None, "param"))
    return NamedQuery(
        name=name,
        summary=summary,
        description=description or summary,
        tags=tags,
        parameters=tuple(params),
        columns=tuple(columns),
        sparql=text,
        source=where,
    )


def _parse_param(value: str, loc: SourceLocation) -> QueryParameter:
    parts = [s.strip() for s in value.split("|")]
    if len(parts) < 3:
        raise SourceError("expected 'param: NAME | TYPE | [required | default=V | example=V |] description'",
                          loc)
    name, type_spec = parts[0], parts[1]
    if not _PARAM_NAME.match(name):
        raise SourceError(f"parameter name {name!r} must be a SPARQL variable name (letters, digits, _)", loc)
    if name in RESERVED_NAMES:
        raise SourceError(f"parameter name {name!r} is reserved", loc)
    try:
        ptype = param_type(type_spec)
    except ValueError as exc:
        raise SourceError(str(exc), loc) from exc
    required = False
    default = example = None
    rest = parts[2:]
    while rest:
        option = rest[0]
        if option in ("required", "optional"):
            required = option == "required"
        elif option.startswith("default="):
            default = option.removeprefix("default=").strip()
        elif option.startswith("example="):
            example = option.removeprefix("example=").strip()
        else:
            break
        rest.pop(0)
    description = " | ".join(rest).strip()
    if not description:
        raise SourceError(f"parameter {name!r} needs a description (the last field)", loc)
    if required and default is not None:
        raise SourceError(f"parameter {name!r} is required and cannot have a default", loc)
    if required and example is None:
        raise SourceError(f"required parameter {name!r} needs an example=", loc)
    param = QueryParameter(name, ptype, description, required, default, example)
    for label, v in (("default", default), ("example", example)):
        if v is not None:
            try:
                param.to_term(v)
            except ParameterError as exc:
                raise SourceError(f"{label} does not fit its type: {exc}", loc) from exc
    return param


# --- the shipped queries ----------------------------------------------------------------------


@lru_cache(maxsize=1)
def _shipped() -> dict[str, NamedQuery]:
    found: dict[str, NamedQuery] = {}
    for file in query_files():
        name = file.name.removesuffix(".rq")
        found[name] = parse_named_query(file.read_text(encoding="utf-8"), name, source=f"queries/{file.name}")
    return found


def list_named() -> list[NamedQuery]:
    """The named queries shipped in ``queries/``, by name."""
    return [q for _, q in sorted(_shipped().items())]


def get_named(name: str) -> NamedQuery:
    """A shipped named query; UnknownNamedQuery when there is none of that name."""
    queries = _shipped()
    if name not in queries:
        raise UnknownNamedQuery(name, sorted(queries))
    return queries[name]


def run_query(store: GraphStore, query: NamedQuery, params: Mapping[str, str]) -> QueryResult:
    """Run a named query with its parameters bound as RDF terms (never pasted into the text)."""
    return store.query(query.sparql, substitutions=query.bind(params))


def run_named(store: GraphStore, name: str, params: Mapping[str, str]) -> QueryResult:
    """Run the shipped query ``name``. Raises UnknownNamedQuery or ParameterError."""
    return run_query(store, get_named(name), params)
