"""The SPARQL SELECT queries a shape is compiled to.

Every query binds the focus node to ``?this`` and, for value constraints, the value node to
``?v`` (for a node shape the value node is the focus node itself). Variables of our own start
with an underscore so they never meet a variable of a shape's own SPARQL.
"""

from __future__ import annotations

from collections.abc import Sequence

from hrcgraph.graph.validation import vocabulary as V
from hrcgraph.graph.validation.constraints import ClassIndex, ValueConstraint
from hrcgraph.graph.validation.shapes import ShapeSpec, Targets

RDF_TYPE = f"<{V.RDF_TYPE}>"


def subclasses_query(cls: str) -> str:
    """The class and all its subclasses in the data graph (the class itself even if unused)."""
    return f"SELECT DISTINCT ?c WHERE {{ ?c <{V.RDFS_SUBCLASS_OF}>* <{cls}> }}"


def focus_pattern(targets: Targets, classes: ClassIndex, *, isolated: bool = False) -> str:
    """A group graph pattern binding ``?this`` to every focus node of the targets.

    ``isolated`` wraps it in a DISTINCT sub-query, so that none of its own variables leak into
    the query around it and each focus node comes once.
    """
    parts: list[str] = []
    types = sorted({t for cls in targets.classes for t in classes.subclasses(cls)})
    if len(types) == 1:
        parts.append(f"?this {RDF_TYPE} {types[0]} .")
    elif types:
        parts.append(f"VALUES ?_class {{ {' '.join(types)} }} ?this {RDF_TYPE} ?_class .")
    if targets.nodes:
        parts.append(f"VALUES ?this {{ {' '.join(targets.nodes)} }}")
    parts += [f"?this <{p}> ?_object ." for p in targets.subjects_of]
    parts += [f"?_subject <{p}> ?this ." for p in targets.objects_of]
    if not parts:
        return "VALUES ?this { }"
    single = len(parts) == 1 and (len(types) == 1 or targets.nodes)
    if single and not isolated:
        return parts[0]
    union = " UNION ".join(f"{{ {p} }}" for p in parts)
    return f"{{ SELECT DISTINCT ?this WHERE {{ {union} }} }}"


def value_pattern(shape: ShapeSpec) -> str:
    return f"?this {shape.path.sparql()} ?v ." if shape.path is not None else "BIND(?this AS ?v)"


def some_value_query(shape: ShapeSpec, focus: str) -> str:
    """Focus nodes with any value (``sh:maxCount 0``)."""
    assert shape.path is not None
    return f"SELECT DISTINCT ?this WHERE {{ {focus} FILTER EXISTS {{ ?this {shape.path.sparql()} ?_any }} }}"


def counts_query(shape: ShapeSpec, focus: str, low: int | None, high: int | None) -> str:
    """Focus nodes whose number of distinct values is below ``low`` or above ``high``, with it."""
    assert shape.path is not None
    tests = []
    if low is not None:
        tests.append(f"?_n < {low}")
    if high is not None:
        tests.append(f"?_n > {high}")
    return (
        f"SELECT ?this ?_n WHERE {{ {{ SELECT ?this (COUNT(DISTINCT ?_value) AS ?_n) WHERE {{ {focus} "
        f"OPTIONAL {{ ?this {shape.path.sparql()} ?_value }} }} GROUP BY ?this }} "
        f"FILTER({' || '.join(tests)}) }}"
    )


def has_value_query(shape: ShapeSpec, focus: str, value: str) -> str:
    """Focus nodes none of whose values is ``value``."""
    if shape.path is None:
        return f"SELECT DISTINCT ?this WHERE {{ {focus} FILTER(!sameTerm(?this, {value})) }}"
    return f"SELECT DISTINCT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ ?this {shape.path.sparql()} {value} }} }}"


def values_query(
    shape: ShapeSpec, focus: str, tests: Sequence[str], *, missing: bool = False, several: bool = False
) -> str:
    """One pass over the focus nodes and their values, returning the rows that break something.

    Each test (a SPARQL expression on ``?v``) gets a boolean column ``?_fN``. With ``missing``,
    a focus node without any value comes back once with ``?v`` unbound (``sh:minCount 1``); with
    ``several``, ``?_many`` is true on a value that has a sibling (``sh:maxCount 1``). Doing the
    three in one pass costs about half of doing them apart, on the 80,000 votes.
    """
    binds: list[str] = []
    breaks: list[str] = []
    for i, test in enumerate(tests):
        guarded = f"BOUND(?v) && ({test})" if missing else test
        binds.append(f"BIND(COALESCE({guarded}, false) AS ?_f{i})")
        breaks.append(f"?_f{i}")
    if several:
        assert shape.path is not None
        sibling = f"EXISTS {{ ?this {shape.path.sparql()} ?_other . FILTER(!sameTerm(?v, ?_other)) }}"
        binds.append(f"BIND(BOUND(?v) && {sibling} AS ?_many)")
        breaks.append("?_many")
    if missing:
        breaks.append("!BOUND(?v)")
    columns = " ".join(["?this", "?v", *(f"?_f{i}" for i in range(len(tests))), *(["?_many"] if several else [])])
    values = value_pattern(shape)
    if missing:
        assert shape.path is not None
        values = f"OPTIONAL {{ ?this {shape.path.sparql()} ?v }}"
    return f"SELECT {columns} WHERE {{ {focus} {values} {' '.join(binds)} FILTER({' || '.join(breaks)}) }}"


def candidates_query(shape: ShapeSpec, focus: str, constraints: Sequence[ValueConstraint]) -> str:
    """The distinct values that the constraints' Python checks must look at."""
    selections = [f"({c.candidates('?v')})" for c in constraints]
    return f"SELECT DISTINCT ?v WHERE {{ {focus} {value_pattern(shape)} FILTER({' || '.join(selections)}) }}"


def listed_values_query(shape: ShapeSpec, focus: str, rows: Sequence[tuple[str, int]]) -> str:
    """(focus, value, constraint number) for the listed (value, constraint number) pairs."""
    table = " ".join(f"({value} {index})" for value, index in rows)
    if shape.path is None:
        return f"SELECT ?this ?v ?_c WHERE {{ VALUES (?this ?_c) {{ {table} }} {focus} BIND(?this AS ?v) }}"
    return (
        f"SELECT ?this ?v ?_c WHERE {{ VALUES (?v ?_c) {{ {table} }} ?this {shape.path.sparql()} ?v . {focus} }}"
    )
