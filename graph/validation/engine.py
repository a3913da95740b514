"""Running a compiled shapes program against a store (any ``GraphStore``).

For each shape: one query for the value constraints SPARQL can decide together with
``sh:minCount 1`` and ``sh:maxCount 1`` (other counts get a query of their own); one per
``sh:hasValue``; where a constraint needs rdflib's reading of a literal, one query for the
distinct candidate values, checked in Python, and one for the focus nodes holding the values that
failed; then one per SPARQL-based constraint. Queries read the union of the store's graphs unless
told otherwise. Shapes are independent, so they run on a few threads.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import replace

import pyoxigraph as ox

from hrcgraph.graph.convert import to_rdflib
from hrcgraph.graph.store.base import GraphStore, SelectResult
from hrcgraph.graph.validation import queries as Q
from hrcgraph.graph.validation import vocabulary as V
from hrcgraph.graph.validation.constraints import ValueConstraint
from hrcgraph.graph.validation.program import ShapesProgram
from hrcgraph.graph.validation.report import ShapeTiming, ValidationReport, ValidationResult
from hrcgraph.graph.validation.shapes import ShapeSpec, SparqlConstraint

Term = ox.NamedNode | ox.BlankNode | ox.Literal


class _Classes:
    """The data graph's class hierarchy, read once per class and shared by the shapes' runs."""

    def __init__(self, store: GraphStore, union_of_graphs: bool) -> None:
        self._store = store
        self._default_graph: list[str] | None = None if union_of_graphs else []
        self._found: dict[str, tuple[str, ...]] = {}
        self._lock = threading.Lock()

    def subclasses(self, cls: str) -> tuple[str, ...]:
        with self._lock:
            if cls not in self._found:
                rows = self._store.select(Q.subclasses_query(cls), default_graph=self._default_graph)
                found = {str(row["c"]) for row in rows} | {f"<{cls}>"}
                self._found[cls] = tuple(sorted(found))
            return self._found[cls]


class _Run:
    """The validation of one shape: its queries go to the store, class lookups to the shared index."""

    def __init__(self, store: GraphStore, union_of_graphs: bool, classes: _Classes) -> None:
        self.store = store
        self.default_graph: list[str] | None = None if union_of_graphs else []
        self.classes = classes
        self.queries = 0

    def select(self, query: str) -> SelectResult:
        self.queries += 1
        return self.store.select(query, default_graph=self.default_graph)

    def subclasses(self, cls: str) -> tuple[str, ...]:
        return self.classes.subclasses(cls)


def validate(
    store: GraphStore, program: ShapesProgram, *, union_of_graphs: bool = True, workers: int = 2
) -> ValidationReport:
    """Validate the store against every shape; with ``workers`` > 1, shapes run on that many threads
    (pyoxigraph evaluates queries without holding the interpreter lock)."""
    classes = _Classes(store, union_of_graphs)

    def one(shape: ShapeSpec) -> tuple[set[ValidationResult], ShapeTiming]:
        run = _Run(store, union_of_graphs, classes)
        started = time.perf_counter()
        found = set(_validate_shape(run, shape))
        seconds = time.perf_counter() - started
        return found, ShapeTiming(shape.label, shape.parent, seconds, run.queries, len(found))

    started = time.perf_counter()
    if workers > 1 and len(program.shapes) > 1:
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="shacl") as pool:
            outcomes = list(pool.map(one, program.shapes))
    else:
        outcomes = [one(shape) for shape in program.shapes]
    results: set[ValidationResult] = set()
    for found, _ in outcomes:
        results |= found
    return ValidationReport(
        results=sorted(results, key=ValidationResult.sort_key),
        timings=[timing for _, timing in outcomes],
        seconds=time.perf_counter() - started,
        prefixes=program.prefixes,
        shapes_graph=program.graph,
    )


def _validate_shape(run: _Run, shape: ShapeSpec) -> Iterator[ValidationResult]:
    focus = Q.focus_pattern(shape.targets, run)
    yield from _values_and_counts(run, shape, focus)
    for value in shape.has_values:
        for row in run.select(Q.has_value_query(shape, focus, value)):
            yield _result(shape, V.HAS_VALUE, row["this"], None, f"Missing the value {value}")
    yield from _python_checks(run, shape, focus)
    for constraint in shape.sparql:
        yield from _sparql_constraint(run, shape, constraint)


def _values_and_counts(run: _Run, shape: ShapeSpec, focus: str) -> Iterator[ValidationResult]:
    """The value tests SPARQL decides, ``sh:minCount 1`` and ``sh:maxCount 1`` in one query; other
    counts in queries of their own."""
    low = shape.min_count if shape.min_count else None
    high = shape.max_count
    missing, several = low == 1, high == 1
    tested: list[tuple[ValueConstraint, str]] = []
    for constraint in shape.values:
        test = constraint.violation("?v", run)
        if test is not None:
            tested.append((constraint, test))
    if tested or missing or several:
        query = Q.values_query(shape, focus, [t for _, t in tested], missing=missing, several=several)
        for row in run.select(query):
            value = row["v"]
            if value is None:
                yield _result(shape, V.MIN_COUNT, row["this"], None, "Fewer than 1 value")
                continue
            if several and row["_many"].value == "true":
                yield _result(shape, V.MAX_COUNT, row["this"], None, "More than 1 value")
            for i, (constraint, _) in enumerate(tested):
                if row[f"_f{i}"].value == "true":
                    yield _result(shape, constraint.component, row["this"], value, constraint.message())
    if high == 0:
        for row in run.select(Q.some_value_query(shape, focus)):
            yield _result(shape, V.MAX_COUNT, row["this"], None, "More than 0 values")
    low = None if missing else low
    high = None if high in (0, 1) else high
    if low is not None or high is not None:
        for row in run.select(Q.counts_query(shape, focus, low, high)):
            count = int(row["_n"].value)
            if low is not None and count < low:
                yield _result(shape, V.MIN_COUNT, row["this"], None, f"Fewer than {low} values ({count})")
            if high is not None and count > high:
                yield _result(shape, V.MAX_COUNT, row["this"], None, f"More than {high} values ({count})")


def _python_checks(run: _Run, shape: ShapeSpec, focus: str) -> Iterator[ValidationResult]:
    checked = [c for c in shape.values if c.candidates("?v") is not None]
    if not checked:
        return
    failed: list[tuple[str, int]] = []
    with quiet_rdflib_conversions():
        for row in run.select(Q.candidates_query(shape, focus, checked)):
            value: Term = row["v"]
            term = to_rdflib(value)
            for index, constraint in enumerate(checked):
                if constraint.is_candidate(term) and constraint.violates(term):
                    failed.append((str(value), index))
    for chunk in _chunks(failed, 500):
        for row in run.select(Q.listed_values_query(shape, focus, chunk)):
            constraint = checked[int(row["_c"].value)]
            yield _result(shape, constraint.component, row["this"], row["v"], constraint.message())


def _sparql_constraint(run: _Run, shape: ShapeSpec, constraint: SparqlConstraint) -> Iterator[ValidationResult]:
    query = constraint.query.with_focus(Q.focus_pattern(shape.targets, run, isolated=True))
    solutions = run.select(query)
    names = [v.value for v in solutions.variables]
    for row in solutions:
        bound = {name: row[name] for name in names if row[name] is not None}
        focus = bound.get("this")
        if focus is None:
            continue
        value = bound.get("value", focus if shape.path is None else None)
        path = bound.get("path")
        message = _fill(constraint.message or shape.message or "SPARQL constraint violated", bound)
        result = _result(shape, V.SPARQL, focus, value, message, own_message=True)
        yield result if path is None else replace(result, path=str(path))


def _fill(message: str, bound: dict[str, Term]) -> str:
    """Put the query's bindings into ``{?name}`` / ``{$name}`` placeholders."""

    def fill(match: re.Match[str]) -> str:
        term = bound.get(match.group(1))
        if term is None:
            return match.group(0)
        return term.value if isinstance(term, ox.Literal | ox.NamedNode) else str(term)

    return re.sub(r"\{[?$]([A-Za-z0-9_]+)\}", fill, message)


def _result(
    shape: ShapeSpec,
    component: str,
    focus: Term,
    value: Term | None,
    default_message: str,
    *,
    own_message: bool = False,
) -> ValidationResult:
    return ValidationResult(
        focus=str(focus),
        path=shape.path.sparql() if shape.path is not None else None,
        value=str(value) if value is not None else None,
        source_shape=shape.label,
        constraint=component,
        severity=shape.severity,
        message=default_message if own_message else (shape.message or default_message),
    )


def _chunks(items: Sequence[tuple[str, int]], size: int) -> Iterator[Sequence[tuple[str, int]]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _DropConversionWarnings(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Failed to convert Literal lexical form")


@contextmanager
def quiet_rdflib_conversions() -> Iterator[None]:
    """rdflib logs a warning with a traceback for every ill-typed literal it reads: finding those
    literals is the point here, so the warnings are dropped while the values are checked."""
    logger = logging.getLogger("rdflib.term")
    drop = _DropConversionWarnings()
    logger.addFilter(drop)
    try:
        yield
    finally:
        logger.removeFilter(drop)
