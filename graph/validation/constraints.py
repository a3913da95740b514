"""The value constraints a shape can hold, each compiled to a SPARQL test and, where SPARQL and
pySHACL disagree, to a check in Python.

A value constraint looks at one value node at a time. It says which values violate it in two
ways, and the engine uses both:

* ``violation(v)``: a SPARQL expression over the variable ``v`` that is true for a violating
  value (``None`` when no value can be caught this way);
* ``candidates(v)`` and ``violates(term)``: a SPARQL expression picking the values to look at in
  Python, and the Python test that decides, on an rdflib term. This path exists where the answer
  depends on rdflib's reading of a literal, as pySHACL's does: ill-typed literals (rdflib's
  parser, not Oxigraph's, decides what ``" 2"^^xsd:integer`` is), value ranges (rdflib's ordering
  and its refusal to compare some pairs) and regular expressions (Python's ``re`` with the flags
  pySHACL honours).

Counts (``sh:minCount``, ``sh:maxCount``) and ``sh:hasValue`` look at all values of a focus node
together; the engine handles them from the shape itself.
"""

from __future__ import annotations

import datetime as dt
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Protocol

import rdflib
from rdflib.term import Node

from hrcgraph.graph.validation import vocabulary as V

_XSD = "http://www.w3.org/2001/XMLSchema#"

#: The Python type rdflib's value must have for a literal to count as of the datatype (as pySHACL
#: checks it); a datatype not listed here is only checked for being ill-typed.
_VALUE_TYPES: dict[str, type | tuple[type, ...]] = {
    _XSD + "integer": int,
    _XSD + "float": float,
    _XSD + "decimal": Decimal,
    _XSD + "boolean": bool,
    _XSD + "date": dt.date,
    _XSD + "time": dt.time,
    _XSD + "dateTime": dt.datetime,
}
_NEVER_ILL_TYPED = frozenset({V.XSD_STRING, V.RDF_LANG_STRING, V.RDFS_LITERAL, V.RDFS_DATATYPE})

NODE_KINDS: dict[str, str] = {
    # the SPARQL test that a value does NOT have the kind
    V.SH_NS + "IRI": "!isIRI({v})",
    V.SH_NS + "BlankNode": "!isBlank({v})",
    V.SH_NS + "Literal": "!isLiteral({v})",
    V.SH_NS + "BlankNodeOrIRI": "isLiteral({v})",
    V.SH_NS + "BlankNodeOrLiteral": "isIRI({v})",
    V.SH_NS + "IRIOrLiteral": "isBlank({v})",
}

#: sh:flags letters that pySHACL honours; it ignores the others, so a shape using them is refused
#: rather than validated differently by the two engines.
PATTERN_FLAGS = {"i": re.IGNORECASE, "m": re.MULTILINE}


class ClassIndex(Protocol):
    """What a constraint needs to know about the data graph's class hierarchy."""

    def subclasses(self, cls: str) -> tuple[str, ...]:
        """``cls`` and every class below it by ``rdfs:subClassOf*`` in the data graph, as SPARQL IRIs."""
        ...


class ValueConstraint(ABC):
    """One constraint on value nodes, with the SHACL component it reports."""

    component: str

    @abstractmethod
    def violation(self, v: str, classes: ClassIndex) -> str | None:
        """A SPARQL expression true for a violating value ``v`` (``None``: none caught in SPARQL)."""

    def candidates(self, v: str) -> str | None:
        """A SPARQL expression selecting the values :meth:`violates` must look at (``None``: none)."""
        return None

    def is_candidate(self, term: Node) -> bool:
        """The :meth:`candidates` selection, on an rdflib term."""
        return False

    def violates(self, term: Node) -> bool:
        """Whether a candidate value (an rdflib term) violates the constraint."""
        return False

    @abstractmethod
    def message(self) -> str:
        """The default result message, when the shape gives none."""


@dataclass(frozen=True)
class ClassConstraint(ValueConstraint):
    """``sh:class``: each value is a SHACL instance (``rdf:type/rdfs:subClassOf*``) of the class."""

    cls: str
    component = V.CLASS

    def violation(self, v: str, classes: ClassIndex) -> str:
        types = classes.subclasses(self.cls)
        if len(types) == 1:
            return f"NOT EXISTS {{ {v} <{V.RDF_TYPE}> {types[0]} }}"
        return f"NOT EXISTS {{ {v} <{V.RDF_TYPE}> ?_type . VALUES ?_type {{ {' '.join(types)} }} }}"

    def message(self) -> str:
        return f"Value is not an instance of <{self.cls}>"


@dataclass(frozen=True)
class DatatypeConstraint(ValueConstraint):
    """``sh:datatype``: each value is a literal of the datatype and, as rdflib reads it, well typed."""

    datatype: str
    component = V.DATATYPE

    def violation(self, v: str, classes: ClassIndex) -> str:
        if self.datatype == V.RDFS_LITERAL:
            return f"!isLiteral({v})"
        if self.datatype == V.RDFS_DATATYPE:
            # rdflib gives plain and language-tagged literals no datatype
            return f'!isLiteral({v}) || LANG({v}) != "" || DATATYPE({v}) = <{V.XSD_STRING}>'
        return f"!isLiteral({v}) || DATATYPE({v}) != <{self.datatype}>"

    def candidates(self, v: str) -> str | None:
        if self.datatype in _NEVER_ILL_TYPED:
            return None
        return f"isLiteral({v}) && DATATYPE({v}) = <{self.datatype}>"

    def is_candidate(self, term: Node) -> bool:
        return (
            self.datatype not in _NEVER_ILL_TYPED
            and isinstance(term, rdflib.Literal)
            and str(term.datatype) == self.datatype
        )

    def violates(self, term: Node) -> bool:
        if not isinstance(term, rdflib.Literal):
            return True
        if getattr(term, "ill_typed", None) is True:
            return True
        expected = _VALUE_TYPES.get(self.datatype)
        return expected is not None and not isinstance(term.value, expected)

    def message(self) -> str:
        return f"Value is not a literal of datatype <{self.datatype}>"


@dataclass(frozen=True)
class NodeKindConstraint(ValueConstraint):
    """``sh:nodeKind``: IRI, blank node, literal, or one of their pairs."""

    kind: str
    component = V.NODE_KIND

    def violation(self, v: str, classes: ClassIndex) -> str:
        return NODE_KINDS[self.kind].format(v=v)

    def message(self) -> str:
        return f"Value is not of node kind <{self.kind}>"


@dataclass(frozen=True)
class InConstraint(ValueConstraint):
    """``sh:in``: each value is one of the listed terms (RDF term equality)."""

    members: tuple[str, ...]
    component = V.IN

    def violation(self, v: str, classes: ClassIndex) -> str:
        if not self.members:
            return "true"
        return "!(" + " || ".join(f"sameTerm({v}, {m})" for m in self.members) + ")"

    def message(self) -> str:
        return f"Value is not one of ({' '.join(self.members)})"


@dataclass(frozen=True)
class PatternConstraint(ValueConstraint):
    """``sh:pattern`` with ``sh:flags``: Python's ``re.search`` on the lexical form or the IRI.

    Blank nodes never match.
    """

    pattern: str
    flags: str = ""
    component = V.PATTERN

    @cached_property
    def regex(self) -> re.Pattern[str]:
        bits = 0
        for letter in self.flags.lower():
            bits |= PATTERN_FLAGS[letter]
        return re.compile(self.pattern, bits)

    def violation(self, v: str, classes: ClassIndex) -> str:
        return f"isBlank({v})"

    def candidates(self, v: str) -> str:
        return f"!isBlank({v})"

    def is_candidate(self, term: Node) -> bool:
        return not isinstance(term, rdflib.BNode)

    def violates(self, term: Node) -> bool:
        return self.regex.search(str(term)) is None

    def message(self) -> str:
        return f"Value does not match the pattern {self.pattern!r}"


@dataclass(frozen=True)
class LengthConstraint(ValueConstraint):
    """``sh:minLength`` / ``sh:maxLength`` on the lexical form or the IRI; blank nodes fail
    (except against a minimum of zero, which everything meets)."""

    bound: int
    minimum: bool

    @property
    def component(self) -> str:  # type: ignore[override]
        return V.MIN_LENGTH if self.minimum else V.MAX_LENGTH

    def violation(self, v: str, classes: ClassIndex) -> str | None:
        if self.minimum:
            return None if self.bound == 0 else f"isBlank({v}) || STRLEN(STR({v})) < {self.bound}"
        return f"isBlank({v}) || STRLEN(STR({v})) > {self.bound}"

    def message(self) -> str:
        return f"Value has {'fewer' if self.minimum else 'more'} than {self.bound} characters"


@dataclass(frozen=True)
class LanguageInConstraint(ValueConstraint):
    """``sh:languageIn``: each value is a literal whose language tag, or its first subtag, is
    listed (compared case-insensitively; ``*`` allows any tag)."""

    languages: tuple[str, ...]
    component = V.LANGUAGE_IN

    def violation(self, v: str, classes: ClassIndex) -> str:
        untagged = f'!isLiteral({v}) || LANG({v}) = ""'
        if "*" in self.languages:
            return untagged
        if not self.languages:
            return "true"
        allowed = ", ".join(_string(lang) for lang in self.languages)
        tag = f"LCASE(LANG({v}))"
        first = f'STRBEFORE(CONCAT({tag}, "-"), "-")'
        return f"{untagged} || !({tag} IN ({allowed}) || {first} IN ({allowed}))"

    def message(self) -> str:
        return f"Language tag is not one of ({', '.join(self.languages)})"


_RANGE = {
    "minInclusive": (V.MIN_INCLUSIVE, ">="),
    "maxInclusive": (V.MAX_INCLUSIVE, "<="),
    "minExclusive": (V.MIN_EXCLUSIVE, ">"),
    "maxExclusive": (V.MAX_EXCLUSIVE, "<"),
}


@dataclass(frozen=True)
class RangeConstraint(ValueConstraint):
    """``sh:minInclusive`` and its three siblings, compared as rdflib compares literals.

    A value that is not a literal, or that cannot be compared with the bound (a string against a
    number, a date against an integer), violates the constraint.
    """

    kind: str
    bound: rdflib.Literal

    @property
    def component(self) -> str:  # type: ignore[override]
        return _RANGE[self.kind][0]

    def violation(self, v: str, classes: ClassIndex) -> str:
        return f"!isLiteral({v})"

    def candidates(self, v: str) -> str:
        return f"isLiteral({v})"

    def is_candidate(self, term: Node) -> bool:
        return isinstance(term, rdflib.Literal)

    def violates(self, term: Node) -> bool:
        if not isinstance(term, rdflib.Literal):
            return True
        if isinstance(term.value, str) != isinstance(self.bound.value, str):
            return True
        try:
            order = _compare(term, self.bound)
        except (TypeError, NotImplementedError):
            return True
        op = _RANGE[self.kind][1]
        return not {">=": order >= 0, "<=": order <= 0, ">": order > 0, "<": order < 0}[op]

    def message(self) -> str:
        return f"Value is not {_RANGE[self.kind][1]} {self.bound.n3()}"


def _compare(left: rdflib.Literal, right: rdflib.Literal) -> int:
    """-1, 0 or 1 as rdflib orders two literals; raises TypeError when they cannot be compared.

    Date-times and times are compared by value: rdflib's own ordering of these is total (it
    orders values of different time zones by their text), which is not what a range means.
    """
    if left.eq(right):
        return 0
    if isinstance(left.value, dt.datetime | dt.time):
        if left.value == right.value:
            return 0
        return 1 if left.value > right.value else -1
    return 1 if left > right else -1


def _string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'
