"""Who sat on the Council (and the Commission) in each session, as the roll calls show it.

A state listed in a recorded vote of a session with Y, N, A or "." (present or absent, but called as
a member) sat on the body in that session; "-" lists a state that was not a member at the time.
This is a derivation from the OHCHR roll calls, not an election record: each membership says so
(``hrc:derivation hrc:FromRollCalls``), names the vote events it rests on, and points to a
``prov:Activity`` that describes the rule. A session without a recorded vote yields no memberships.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode, Triple

from hrcgraph.graph import terms
from hrcgraph.graph.errors import SourceLocation
from hrcgraph.graph.iris import IriFactory
from hrcgraph.graph.namespaces import HRC, ORG, PROV
from hrcgraph.graph.sources.base import SourceBatch, SourceWarning
from hrcgraph.graph.sources.ohchr import OhchrData
from hrcgraph.graph.sources.ohchr_rdf import session_label, text_iri
from hrcgraph.graph.symbols import COMMISSION, COUNCIL
from hrcgraph.graph.terms import RDFS_COMMENT, RDFS_LABEL

#: Vote codes that show a state sat on the body.
MEMBER_CODES = frozenset({"Y", "N", "A", "."})
#: Seats: the Council has had 47 members since 2006; the Commission grew to 53 (1992-2006).
MAX_SEATS = {COUNCIL: 47, COMMISSION: 53}


DERIVATION_LABEL = "Membership derived from roll-call votes"
DERIVATION_COMMENT = (
    "For each session of the Human Rights Council and of the Commission on Human Rights, every state "
    "listed in a recorded vote of that session with the code Y (yes), N (no), A (abstain) or '.' "
    "(absent, did not vote) is taken to have been a member of the body during that session; a state "
    "listed with '-' was not a member at the time. Source: the roll calls of the OHCHR voting "
    "collection. This is an inference from the votes, not a record of elections: a member that took "
    "part in no recorded vote of a session does not appear, and sessions without a recorded vote "
    "have no memberships."
)


@dataclass(frozen=True, slots=True)
class SessionMembers:
    """The states found sitting in one session, with the vote events that show it."""

    body: str
    session: str
    members: dict[str, tuple[str, ...]]
    """ISO3 -> record ids of the roll calls that list the state as a member."""


def session_members(data: OhchrData) -> list[SessionMembers]:
    """Members per session, derived from the roll calls (sessions in the order first met)."""
    found: dict[tuple[str, str], dict[str, list[str]]] = {}
    for record in data.records:
        votes = data.votes_by_record.get(record.record_id)
        if not votes or record.session is None:
            continue
        members = found.setdefault((record.body, record.session), defaultdict(list))
        for vote in votes:
            if vote.vote in MEMBER_CODES:
                ids = members[vote.iso3]
                if not ids or ids[-1] != record.record_id:
                    ids.append(record.record_id)
    return [SessionMembers(body, session, {iso3: tuple(ids) for iso3, ids in sorted(members.items())})
            for (body, session), members in found.items()]


def membership_batch(data: OhchrData, iris: IriFactory) -> SourceBatch:
    """The ``derived`` graph: one ``hrc:Membership`` per state and session, from the roll calls."""
    graph = iris.source_graph("derived")
    activity = NamedNode(graph.value + "#membership-from-roll-calls")
    triples: list[Triple] = []
    add = triples.append
    type_ = terms.RDF_TYPE
    membership_class = terms.term(HRC.Membership)
    member, organization = terms.term(ORG.member), terms.term(ORG.organization)
    in_session, derivation = terms.term(HRC.inSession), terms.term(HRC.derivation)
    from_roll_calls, derived_from = terms.term(HRC.FromRollCalls), terms.term(PROV.wasDerivedFrom)
    generated_by = terms.term(PROV.wasGeneratedBy)

    add(Triple(activity, type_, terms.term(PROV.Activity)))
    add(Triple(activity, RDFS_LABEL, Literal(DERIVATION_LABEL, language="en")))
    add(Triple(activity, RDFS_COMMENT, Literal(DERIVATION_COMMENT, language="en")))
    add(Triple(activity, terms.term(PROV.used), iris.source_graph("ohchr")))

    events: dict[str, NamedNode] = {}
    warnings: list[SourceWarning] = []
    for found in session_members(data):
        body_node = iris.body(found.body)
        session_node = iris.session(found.body, found.session)
        for iso3, record_ids in found.members.items():
            node = iris.membership(found.body, found.session, iso3)
            add(Triple(node, type_, membership_class))
            add(Triple(node, member, iris.state(iso3)))
            add(Triple(node, organization, body_node))
            add(Triple(node, in_session, session_node))
            add(Triple(node, derivation, from_roll_calls))
            add(Triple(node, generated_by, activity))
            for record_id in record_ids:
                event = events.get(record_id)
                if event is None:
                    event = events[record_id] = iris.part(text_iri(data, data.by_id[record_id], iris), "vote")
                add(Triple(node, derived_from, event))
        seats = MAX_SEATS[found.body]
        if len(found.members) > seats:
            warnings.append(SourceWarning(
                f"{session_label(found.body, found.session)}: the roll calls list {len(found.members)} states "
                f"as members, more than the {seats} seats ({_rarely_listed(data, found)})",
                SourceLocation(data.votes_file.path, None, "iso3")))
    return SourceBatch(
        graph=graph,
        label=DERIVATION_LABEL,
        files=[data.resolutions_file, data.votes_file],
        triples=triples,
        warnings=warnings,
    )


def _rarely_listed(data: OhchrData, found: SessionMembers) -> str:
    """The states listed as members in fewer than half of a session's roll calls, with those roll calls."""
    calls = {rid for ids in found.members.values() for rid in ids}
    rare = {iso3: ids for iso3, ids in found.members.items() if len(ids) * 2 < len(calls)}
    if not rare:
        return "no state stands out"
    records = sorted({rid for ids in rare.values() for rid in ids}, key=int)
    symbols = ", ".join(data.by_id[rid].symbol_info.normalized or f"record {rid}" for rid in records[:8])
    more = f" and {len(records) - 8} more" if len(records) > 8 else ""
    return (f"listed in fewer than half of its {len(calls)} roll calls: {', '.join(sorted(rare))}; "
            f"in {symbols}{more}")
