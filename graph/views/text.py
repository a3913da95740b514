"""The page of a text (a resolution, a decision, a statement, a draft): what it is, who sponsored it,
how it was decided, its quoted clauses, what it did to mandates and what commentators said.

Each section is a small function of a ``TextSources`` (the store, the description's facts, the text's
parts) returning a typed value; a new section is one more field of ``TextPage`` and one more function.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from pyoxigraph import NamedNode

from hrcgraph.graph.describe import Description
from hrcgraph.graph.store.base import GraphStore
from hrcgraph.graph.terms import DCT_TITLE, T
from hrcgraph.graph.views.facts import Fact, Facts, Node, key_of, term_node
from hrcgraph.graph.views.labels import ontology_labels, prefer_english, reading_key, tail, value_or
from hrcgraph.graph.views.queries import view_query
from hrcgraph.graph.views.resource import View

ACTION_CLASSES = frozenset(t.value for t in (T.MandateAction, T.Establishment, T.Extension, T.Termination,
                                             T.Conversion, T.Renaming))

#: How each vote option is keyed in the page (and its style), and named.
VOTE_OPTIONS: tuple[tuple[NamedNode, str, str], ...] = (
    (T.VoteYes, "yes", "Yes"),
    (T.VoteNo, "no", "No"),
    (T.VoteAbstain, "abstain", "Abstain"),
    (T.VoteAbsent, "absent", "Absent"),
    (T.VoteNotMember, "not-member", "Not a member"),
)
OPTION_KEY = {iri.value: key for iri, key, _ in VOTE_OPTIONS}


@dataclass(frozen=True)
class Candidate:
    candidate: Node
    reason: str


@dataclass(frozen=True)
class Sponsorship:
    iri: str
    role: Node | None
    main: bool
    sponsors: list[Node]
    on_behalf_of: list[Node]
    statement: Node | None
    graphs: tuple[str, ...]


@dataclass(frozen=True)
class Counts:
    """The official tallies of a decision (None where the source gives none)."""

    yes: int | None
    no: int | None
    abstain: int | None
    nonvoting: int | None
    total: int | None


@dataclass(frozen=True)
class Vote:
    iri: str
    voter: Node
    option: Node | None
    key: str
    graphs: tuple[str, ...]


@dataclass(frozen=True)
class Decision:
    iri: str
    method: Node | None
    recorded: bool
    counts: Counts
    roll_call: dict[str, int]
    """How many states voted each way in the roll call, by option key."""
    votes: list[Vote]
    graphs: tuple[str, ...]


@dataclass(frozen=True)
class Stance:
    quotation: str
    stance: Node | None
    key: str
    commentary: str | None


@dataclass(frozen=True)
class Clause:
    iri: str
    kind: Node | None
    operative: bool
    number: int | None
    text: str
    phrase: str | None
    stances: list[Stance]
    graphs: tuple[str, ...]


@dataclass(frozen=True)
class MandateAction:
    iri: str
    types: list[Node]
    mandates: list[Node]
    duration: str | None
    clause: str | None
    derivation: Node | None
    graphs: tuple[str, ...]
    resulting: list[Node] = field(default_factory=list)
    """The mandate a conversion or renaming gives."""
    predecessors: list[Node] = field(default_factory=list)
    """The mandate an establishment continues."""


@dataclass(frozen=True)
class Quotation:
    iri: str
    text: str
    stance: Node | None
    key: str
    clause: str | None


@dataclass
class Commentary:
    iri: str
    graph: str
    commentator: Node | None = None
    remarks: list[str] = field(default_factory=list)
    quotations: list[Quotation] = field(default_factory=list)


@dataclass(frozen=True)
class TextPage:
    symbol: Node | None
    titles: list[Node]
    body: Node | None
    session: Node | None
    date: Node | None
    meeting: Node | None
    agenda_items: list[Node]
    subjects: list[Node]
    concerns: list[Node]
    drafts: list[Node]
    draft_notes: list[Node]
    amends: list[Node]
    notes: list[Node]
    links: list[tuple[str, Node]]
    record_id: Node | None
    sources_of: dict[str, tuple[str, ...]]
    """The graphs each summary line comes from, by line."""
    candidates: list[Candidate]
    sponsorships: list[Sponsorship]
    decisions: list[Decision]
    clauses: list[Clause]
    actions: list[MandateAction]
    commentaries: list[Commentary]
    cited_by: list[Fact]


@dataclass(frozen=True)
class TextSources:
    """What the sections of a text page are made from."""

    store: GraphStore
    facts: Facts
    desc: Description
    view: View[None]

    @property
    def iri(self) -> str:
        return self.desc.resource.value

    @property
    def parts(self) -> list[str]:
        return [p.value for p in self.desc.parts]


#: Summary lines and the property whose graphs they cite.
SUMMARY_SOURCES = (
    ("title", DCT_TITLE), ("symbol", T.symbol), ("session", T.session), ("date", T.dateAdopted),
    ("agenda", T.agendaItem), ("subjects", T.subject), ("concerns", T.concerns), ("sponsors", T.sponsorship),
    ("decision", T.decision),
)


def text_page(store: GraphStore, view: View[None], facts: Facts, desc: Description) -> TextPage:
    src = TextSources(store, facts, desc, view)
    r = src.iri
    return TextPage(
        symbol=facts.first_node(r, T.symbol),
        titles=[facts.node(t) for t in prefer_english(facts.objects(r, DCT_TITLE))],
        body=facts.first_node(r, T.adoptedBy),
        session=facts.first_node(r, T.session),
        date=facts.first_node(r, T.dateAdopted),
        meeting=facts.first_node(r, T.meeting),
        agenda_items=facts.nodes(r, T.agendaItem),
        subjects=facts.nodes(r, T.subject),
        concerns=facts.nodes(r, T.concerns),
        drafts=facts.nodes(r, T.draft),
        draft_notes=facts.nodes(r, T.draftNote),
        amends=facts.nodes(r, T.amends),
        notes=facts.nodes(r, T.catalogueNote),
        links=[("OHCHR record", n) for n in facts.nodes(r, T.ohchrRecord)]
        + [("UN document", n) for n in facts.nodes(r, T.unDocument)],
        record_id=facts.first_node(r, T.ohchrRecordId),
        sources_of={key: facts.graphs(r, p) for key, p in SUMMARY_SOURCES},
        candidates=candidates(src),
        sponsorships=sponsorships(src),
        decisions=[decision(src, e.value) for e in facts.objects(r, T.decision)],
        clauses=clauses(src),
        actions=mandate_actions(src),
        commentaries=commentaries(src),
        cited_by=[f for f in view.incoming if f.predicate.value in (T.draft.value, T.amends.value)],
    )


def candidates(src: TextSources) -> list[Candidate]:
    """Texts a record without a symbol may be, none asserted."""
    f = src.facts
    out = []
    for b in f.objects(src.iri, T.candidateMatch):
        key = key_of(b)
        out += [Candidate(f.node(c), f.value(key, T.matchReason) or "") for c in f.objects(key, T.candidate)]
    return out


def sponsorships(src: TextSources) -> list[Sponsorship]:
    f = src.facts
    out = []
    for p in src.parts:
        if not f.has_type(p, T.Sponsorship):
            continue
        role = f.one(p, T.sponsorRole)
        out.append(Sponsorship(
            iri=p,
            role=f.node(role) if role else None,
            main=role == T.MainSponsor,
            sponsors=f.nodes(p, T.sponsor),
            on_behalf_of=f.nodes(p, T.onBehalfOf),
            statement=f.first_node(p, T.sponsorStatement),
            graphs=f.graphs(p, T.sponsor) or f.graphs(p, T.sponsorStatement),
        ))
    return sorted(out, key=lambda s: (not s.main, _number(s.iri)))


def _number(fragment: str) -> int:
    m = re.search(r"(\d+)$", fragment)
    return int(m.group(1)) if m else 0


def decision(src: TextSources, event: str) -> Decision:
    f = src.facts

    def count(p: NamedNode) -> int | None:
        v = f.value(event, p)
        return int(v) if v is not None else None

    method = f.one(event, T.decisionMethod)
    votes: list[Vote] = []
    for p in src.parts:
        voter = f.one(p, T.voter)
        if f.one(p, T.inVoteEvent) != NamedNode(event) or voter is None:
            continue
        option = f.one(p, T.voteOption)
        votes.append(Vote(p, f.node(voter), f.node(option) if option else None,
                          OPTION_KEY.get(option.value, "other") if option else "other", f.graphs(p, T.voteOption)))
    votes.sort(key=lambda v: reading_key(v.voter.label))
    roll: dict[str, int] = defaultdict(int)
    for v in votes:
        roll[v.key] += 1
    return Decision(
        iri=event,
        method=f.node(method) if method else None,
        recorded=method == T.RecordedVote,
        counts=Counts(count(T.yesCount), count(T.noCount), count(T.abstainCount), count(T.nonVotingCount),
                      count(T.totalCount)),
        roll_call=dict(roll),
        votes=votes,
        graphs=f.graphs(event, T.decisionMethod),
    )


CLAUSE_STANCES = view_query("""
SELECT ?clause ?q ?stance ?c WHERE {
  %(bind)s
  ?q hrc:quotes ?clause . OPTIONAL { ?q hrc:stance ?stance } OPTIONAL { ?q hrc:inCommentary ?c }
} ORDER BY ?q""")


def clauses(src: TextSources) -> list[Clause]:
    f = src.facts
    found = [p for p in src.parts if f.has_type(p, T.Clause)]
    stances: dict[str, list[Stance]] = defaultdict(list)
    for row in CLAUSE_STANCES.rows_among(src.store, "clause", [NamedNode(c) for c in found]) if found else ():
        stance = row["stance"]
        stances[row["clause"].value].append(Stance(
            row["q"].value, f.node(stance) if stance is not None else None, _stance_key(stance),
            value_or(row["c"]) or None))
    out = []
    for c in found:
        kind = f.one(c, T.clauseKind)
        number = f.value(c, T.clauseNumber)
        out.append(Clause(
            iri=c,
            kind=f.node(kind) if kind else None,
            operative=kind == T.Operative,
            number=int(number) if number is not None else None,
            text=f.value(c, T.clauseText) or "",
            phrase=f.value(c, T.operativePhrase),
            stances=stances.get(c, []),
            graphs=f.graphs(c, T.clauseText),
        ))
    return sorted(out, key=lambda c: (c.operative, c.number or 0, c.text))


def _stance_key(stance: NamedNode | None) -> str:
    return tail(stance.value).lower() if stance is not None else ""


def mandate_actions(src: TextSources) -> list[MandateAction]:
    f = src.facts
    out = []
    for p in src.parts:
        types = f.types(p) & ACTION_CLASSES
        if not types:
            continue
        out.append(MandateAction(
            iri=p,
            types=[Node(t, f.label(t)) for t in sorted(types)],
            mandates=f.nodes(p, T.onMandate),
            duration=f.value(p, T.duration),
            clause=f.value(p, T.derivedFromClause),
            derivation=f.first_node(p, T.derivation),
            graphs=f.graphs(p, T.onMandate),
            resulting=f.nodes(p, T.resultingMandate),
            predecessors=f.nodes(p, T.predecessorMandate),
        ))
    return out


COMMENTARIES = view_query("""
SELECT ?c ?who ?whoLabel ?remark ?g WHERE {
  %(bind)s
  GRAPH ?g { ?c hrc:commentaryOn ?t }
  OPTIONAL { ?c hrc:commentator ?who OPTIONAL { ?who skos:prefLabel ?whoLabel } }
  OPTIONAL { ?c hrc:remark ?remark }
} ORDER BY ?c ?remark LIMIT 200""")

QUOTATIONS = view_query("""
SELECT ?q ?quoted ?stance ?clause WHERE {
  %(bind)s
  ?q hrc:inCommentary ?c . OPTIONAL { ?q hrc:quotedText ?quoted }
  OPTIONAL { ?q hrc:stance ?stance } OPTIONAL { ?q hrc:quotes ?clause }
} ORDER BY ?q""")


def commentaries(src: TextSources) -> list[Commentary]:
    by_c: dict[str, Commentary] = {}
    for row in COMMENTARIES.rows(src.store, t=src.desc.resource):
        c = row["c"].value
        entry = by_c.setdefault(c, Commentary(c, row["g"].value))
        if row["who"] is not None and entry.commentator is None:
            entry.commentator = Node(row["who"].value, value_or(row["whoLabel"]) or src.facts.label(row["who"].value))
        if row["remark"] is not None and row["remark"].value not in entry.remarks:
            entry.remarks.append(row["remark"].value)
    labels = ontology_labels()
    for c, entry in by_c.items():
        for q in QUOTATIONS.rows(src.store, c=NamedNode(c)):
            stance = q["stance"]
            entry.quotations.append(Quotation(
                q["q"].value, value_or(q["quoted"]),
                term_node(stance, labels) if stance is not None else None,
                _stance_key(stance), value_or(q["clause"]) or None))
    return list(by_c.values())
