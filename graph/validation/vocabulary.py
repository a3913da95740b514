"""The SHACL terms the validator reads and reports, and the IRIs its queries are built from."""

from __future__ import annotations

from rdflib import RDF, RDFS, URIRef
from rdflib.namespace import OWL, SH, XSD

SH_NS = str(SH)
RDF_TYPE = str(RDF.type)
RDFS_SUBCLASS_OF = str(RDFS.subClassOf)

VIOLATION = str(SH.Violation)
WARNING = str(SH.Warning)
INFO = str(SH.Info)
SEVERITY_ORDER = {VIOLATION: 0, WARNING: 1, INFO: 2}
"""Most severe first; any other severity IRI sorts after these."""

XSD_STRING = str(XSD.string)
RDF_LANG_STRING = str(RDF.langString)
RDFS_LITERAL = str(RDFS.Literal)
RDFS_DATATYPE = str(RDFS.Datatype)

CLASS_TYPES = (RDFS.Class, OWL.Class)
"""A shape that is also one of these has an implicit class target: itself."""

SHAPE_TYPES = (SH.NodeShape, SH.PropertyShape)


def component(name: str) -> str:
    """The IRI of a SHACL constraint component, e.g. ``component("MinCount")``."""
    return f"{SH_NS}{name}ConstraintComponent"


MIN_COUNT = component("MinCount")
MAX_COUNT = component("MaxCount")
DATATYPE = component("Datatype")
CLASS = component("Class")
NODE_KIND = component("NodeKind")
IN = component("In")
HAS_VALUE = component("HasValue")
PATTERN = component("Pattern")
MIN_LENGTH = component("MinLength")
MAX_LENGTH = component("MaxLength")
LANGUAGE_IN = component("LanguageIn")
MIN_INCLUSIVE = component("MinInclusive")
MAX_INCLUSIVE = component("MaxInclusive")
MIN_EXCLUSIVE = component("MinExclusive")
MAX_EXCLUSIVE = component("MaxExclusive")
SPARQL = component("SPARQL")

TARGET_PREDICATES: tuple[URIRef, ...] = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)

SHAPE_PREDICATES: frozenset[URIRef] = frozenset(
    {
        *TARGET_PREDICATES,
        SH.property, SH.path,
        SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH.nodeKind, SH["in"], SH.hasValue,
        SH.pattern, SH.flags, SH.minLength, SH.maxLength, SH.languageIn,
        SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive,
        SH.sparql, SH.severity, SH.message, SH.deactivated,
        # non-validating annotations
        SH.name, SH.description, SH.order, SH.group, SH.defaultValue,
    }
)
"""The sh: predicates a shape may use; any other sh: predicate is refused by name."""

SPARQL_CONSTRAINT_PREDICATES: frozenset[URIRef] = frozenset(
    {SH.select, SH.message, SH.prefixes, SH.deactivated, SH.name, SH.description}
)
