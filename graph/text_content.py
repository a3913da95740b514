"""What a text says, for its page: its clauses in order, what changed since the previous text of its
series (with a word diff), its citations both ways and its place in the series.

Built from the store through ``GraphStore.query`` only; the page's template partial
(``_text_content.html``) draws it. A text without paragraphs (no ``hrc:clausePosition``) gets None,
and its page shows what the commentaries quote, as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pyoxigraph import NamedNode

from hrcgraph.graph.lineage import word_diff
from hrcgraph.graph.namespaces import HRC
from hrcgraph.graph.store.base import GraphStore, SelectResult

H = str(HRC._NS)


@dataclass
class ClauseRow:
    iri: str
    fragment: str
    label: str
    kind: str
    """``preambular``, ``operative``, ``sub-paragraph``, ``annex`` or ``plain`` (a CSS class too)."""
    text: str
    phrase: str
    change: str
    """``unchanged``, ``changed``, ``new``, or empty when the text has no previous text with paragraphs."""
    counterpart: str | None = None
    diff: list[tuple[str, str]] = field(default_factory=list)
    stances: list[str] = field(default_factory=list)
    cites: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class TextContent:
    clauses: list[ClauseRow]
    previous: tuple[str, str] | None
    following: list[tuple[str, str]]
    cites: list[tuple[str, str]]
    cited_by: list[tuple[str, str]]
    dropped: list[ClauseRow]

    @property
    def changes(self) -> dict[str, int]:
        counts = {"unchanged": 0, "changed": 0, "new": 0}
        for c in self.clauses:
            if c.change in counts:
                counts[c.change] += 1
        return counts


_KINDS = {"Preambular": "preambular", "Operative": "operative", "SubParagraph": "sub-paragraph",
          "AnnexParagraph": "annex", "PlainParagraph": "plain"}
_CHANGES = {"Unchanged": "unchanged", "Changed": "changed", "NewClause": "new"}


def _select(store: GraphStore, sparql: str, text: NamedNode) -> SelectResult:
    # the text enters as an RDF term (a NamedNode, so a valid IRI), in a VALUES block
    where = sparql.index("WHERE {") + len("WHERE {")
    return store.select(sparql[:where] + f" VALUES ?text {{ {text} }} " + sparql[where:])


def _value(row: object, name: str) -> str:
    term = row[name]  # type: ignore[index]
    return "" if term is None else str(term.value)


def text_content(store: GraphStore, text: NamedNode) -> TextContent | None:
    """The text's content for its page, or None when the graph holds none of its paragraphs."""
    rows = list(_select(store, f"""
        SELECT ?clause ?label ?kind ?wording ?phrase ?change ?before ?beforeText WHERE {{
          ?clause <{H}clauseOf> ?text ; <{H}clausePosition> ?position ; <{H}clauseText> ?wording .
          OPTIONAL {{ ?clause <{H}clauseLabel> ?label }}
          OPTIONAL {{ ?clause <{H}clauseKind> ?kind }}
          OPTIONAL {{ ?clause <{H}operativePhrase> ?phrase }}
          OPTIONAL {{ ?clause <{H}clauseChange> ?change }}
          OPTIONAL {{ ?clause <{H}alignedWith> ?before . ?before <{H}clauseText> ?beforeText }}
        }} ORDER BY ?position""", text))
    if not rows:
        return None
    stances: dict[str, list[str]] = {}
    for row in _select(store, f"""
            SELECT ?clause ?stance WHERE {{ ?clause <{H}clauseOf> ?text . ?q <{H}quotes> ?clause ;
                                            <{H}stance> ?stance }} ORDER BY ?q""", text):
        stances.setdefault(_value(row, "clause"), []).append(_value(row, "stance").rsplit("#", 1)[-1].lower())
    clause_cites: dict[str, list[tuple[str, str]]] = {}
    for row in _select(store, f"""
            SELECT ?clause ?cited ?symbol WHERE {{ ?clause <{H}clauseOf> ?text ; <{H}cites> ?cited .
                                                   OPTIONAL {{ ?cited <{H}symbol> ?symbol }} }}""", text):
        clause_cites.setdefault(_value(row, "clause"), []).append((_value(row, "cited"), _value(row, "symbol")))
    clauses: list[ClauseRow] = []
    for row in rows:
        iri = _value(row, "clause")
        before_text = _value(row, "beforeText")
        wording = _value(row, "wording")
        change = _CHANGES.get(_value(row, "change").rsplit("#", 1)[-1], "")
        clauses.append(ClauseRow(
            iri=iri, fragment=iri.rsplit("#", 1)[-1], label=_value(row, "label"),
            kind=_KINDS.get(_value(row, "kind").rsplit("#", 1)[-1], "clause"), text=wording,
            phrase=_value(row, "phrase"), change=change, counterpart=_value(row, "before") or None,
            diff=word_diff(before_text, wording) if change == "changed" and before_text else [],
            stances=stances.get(iri, []), cites=clause_cites.get(iri, [])))
    return TextContent(
        clauses=clauses,
        previous=next(((_value(r, "t"), _value(r, "symbol")) for r in _select(store, f"""
            SELECT ?t ?symbol WHERE {{ ?text <{H}previousInSeries> ?t . OPTIONAL {{ ?t <{H}symbol> ?symbol }} }}""",
                                                                              text)), None),
        following=[(_value(r, "t"), _value(r, "symbol")) for r in _select(store, f"""
            SELECT ?t ?symbol WHERE {{ ?t <{H}previousInSeries> ?text . OPTIONAL {{ ?t <{H}symbol> ?symbol }} }}
            ORDER BY ?symbol""", text)],
        cites=[(_value(r, "t"), _value(r, "symbol")) for r in _select(store, f"""
            SELECT DISTINCT ?t ?symbol WHERE {{ ?text <{H}cites> ?t . OPTIONAL {{ ?t <{H}symbol> ?symbol }} }}
            ORDER BY ?symbol""", text)],
        cited_by=[(_value(r, "t"), _value(r, "symbol")) for r in _select(store, f"""
            SELECT DISTINCT ?t ?symbol WHERE {{ ?t <{H}cites> ?text . FILTER NOT EXISTS {{ ?t a <{H}Clause> }}
                                                OPTIONAL {{ ?t <{H}symbol> ?symbol }} }} ORDER BY ?symbol""", text)],
        dropped=[ClauseRow(iri=_value(r, "c"), fragment=_value(r, "c").rsplit("#", 1)[-1], label=_value(r, "label"),
                           kind="dropped", text=_value(r, "wording"), phrase="", change="dropped")
                 for r in _select(store, f"""
            SELECT ?c ?label ?wording WHERE {{ ?text <{H}droppedClause> ?c . ?c <{H}clauseText> ?wording ;
                                               <{H}clausePosition> ?p . OPTIONAL {{ ?c <{H}clauseLabel> ?label }} }}
            ORDER BY ?p""", text)],
    )
