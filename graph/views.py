"""What a page about a resource shows: plain view objects made from the graph, one builder per kind.

The pages (``api/routes/pages.py``) render these with templates; nothing here knows HTTP or HTML.
A view starts from the resource's description (``graph.describe``), so a page shows what the RDF
documents at the same IRI say, each fact with the named graph it came from, and adds what a person
needs beyond one description: aggregates (a state's votes by year), lists (a session's texts).
Values enter queries as ``VALUES`` terms built from validated pyoxigraph terms (``graph.describe.bind``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, parse

from hrcgraph.graph.describe import DEFAULT_INCOMING_LIMIT, Description, Truncation, bind, describe_quads
from hrcgraph.graph.namespaces import HRC, ORG, PREFIXES, SDMX_DIMENSION, SDMX_MEASURE
from hrcgraph.graph.resources import ontology_files
from hrcgraph.graph.store.base import GraphStore, SelectResult

RDF_TYPE = PREFIXES["rdf"] + "type"
SKOS = PREFIXES["skos"]
RDFS = PREFIXES["rdfs"]
DCT = PREFIXES["dct"]
OWL = PREFIXES["owl"]
H = str(HRC._NS)

TEXT_CLASSES = {H + c for c in ("Text", "AdoptedText", "Resolution", "Decision", "PresidentialStatement", "Draft",
                                "Amendment")}
GROUP_CLASSES = {H + "Group", H + "RegionalGroup", H + "PoliticalGroup"}
ACTION_CLASSES = {H + c for c in ("MandateAction", "Establishment", "Extension", "Termination")}

#: Identifier datatypes of states, in the order a page lists them, with how to link each.
IDENTIFIER_KINDS: tuple[tuple[str, str, str | None], ...] = (
    (H + "ISO3166Alpha2", "ISO 3166-1 alpha-2", "https://www.iso.org/obp/ui/#iso:code:3166:{}"),
    (H + "ISO3166Alpha3", "ISO 3166-1 alpha-3", None),
    (H + "ISO3166Numeric", "ISO 3166-1 numeric", None),
    (H + "M49", "UN M49", "https://unstats.un.org/unsd/methodology/m49/"),
    (H + "GeoNamesID", "GeoNames", "https://www.geonames.org/{}"),
)

VOTE_OPTIONS: tuple[tuple[str, str, str], ...] = (
    (H + "VoteYes", "yes", "Yes"),
    (H + "VoteNo", "no", "No"),
    (H + "VoteAbstain", "abstain", "Abstain"),
    (H + "VoteAbsent", "absent", "Absent"),
    (H + "VoteNotMember", "not-member", "Not a member"),
)
_OPTION_KEY = {iri: key for iri, key, _ in VOTE_OPTIONS}


@dataclass(frozen=True)
class Node:
    """A term as a page shows it: an IRI with a label, or a literal value."""

    value: str
    label: str
    is_iri: bool = True
    datatype: str | None = None
    language: str | None = None

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class Fact:
    """One statement of a resource, as listed in the table of statements and their sources."""

    predicate: Node
    object: Node
    graphs: tuple[str, ...]


@dataclass
class View:
    """A page's content; ``kind`` picks the template."""

    kind: str
    iri: str
    label: str
    types: list[Node]
    facts: list[Fact]
    incoming: list[Fact]
    truncations: list[Truncation]
    sources: list[Node]
    data: dict[str, Any] = field(default_factory=dict)


class Facts:
    """An index of description quads: subject -> predicate -> objects, each with its graphs."""

    def __init__(self, quads: Iterable[Quad], labels: OntologyLabels) -> None:
        self._index: dict[str, dict[str, dict[Any, set[str]]]] = defaultdict(lambda: defaultdict(dict))
        self.labels = labels
        for q in quads:
            s = q.subject.value if isinstance(q.subject, NamedNode) else str(q.subject)
            g = q.graph_name.value if isinstance(q.graph_name, NamedNode) else ""
            self._index[s][q.predicate.value].setdefault(q.object, set()).add(g)

    def objects(self, s: str, p: str) -> list[Any]:
        return sorted(self._index.get(s, {}).get(p, {}), key=_sort_key)

    def one(self, s: str, p: str) -> Any | None:
        values = self.objects(s, p)
        return values[0] if values else None

    def graphs(self, s: str, p: str) -> tuple[str, ...]:
        found: set[str] = set()
        for gs in self._index.get(s, {}).get(p, {}).values():
            found |= gs
        return tuple(sorted(found))

    def types(self, s: str) -> set[str]:
        return {o.value for o in self._index.get(s, {}).get(RDF_TYPE, {}) if isinstance(o, NamedNode)}

    def subjects_with(self, p: str, o: Any) -> list[str]:
        return sorted(s for s, preds in self._index.items() if o in preds.get(p, {}))

    def statements(self, s: str) -> list[tuple[str, Any, tuple[str, ...]]]:
        out = []
        for p, objs in sorted(self._index.get(s, {}).items()):
            for o in sorted(objs, key=_sort_key):
                out.append((p, o, tuple(sorted(objs[o]))))
        return out

    def subjects(self) -> list[str]:
        return list(self._index)

    def label(self, iri: str) -> str:
        """The best name for a resource: its preferred label, title, symbol, or a readable IRI tail."""
        if iri in self.labels.by_iri:
            return self.labels.by_iri[iri]
        props = self._index.get(iri, {})
        for p in (SKOS + "prefLabel", RDFS + "label", H + "symbol", DCT + "title"):
            values = _prefer_english(list(props.get(p, {})))
            if values:
                return str(values[0].value)
        number = props.get(H + "sessionNumber")
        if number:
            body = _tail(next(iter(props.get(H + "body", {})), NamedNode("https://x/")).value).upper()
            return f"{body} session {next(iter(number)).value}".strip()
        return readable_tail(iri)

    def blank_label(self, key: str) -> str:
        """A node without an IRI is named by what it links to: ``regular session, Human Rights Council``."""
        names = [self.label(o.value) for p, objs in sorted(self._index.get(key, {}).items()) if p != RDF_TYPE
                 for o in objs if isinstance(o, NamedNode)]
        names = names or [self.label(t) for t in sorted(self.types(key))]
        return ", ".join(dict.fromkeys(names)) or "(no identifier)"

    def node(self, term: Any) -> Node:
        if isinstance(term, NamedNode):
            return Node(term.value, self.label(term.value))
        if isinstance(term, BlankNode):
            return Node(str(term), self.blank_label(str(term)), is_iri=False)
        assert isinstance(term, Literal)
        dtype = term.datatype.value if term.datatype else None
        return Node(term.value, term.value, is_iri=False, datatype=dtype, language=term.language)


@dataclass(frozen=True)
class OntologyLabels:
    """Labels and comments of the ontology's terms (classes, properties, concepts)."""

    by_iri: dict[str, str]
    comments: dict[str, str]


@lru_cache(maxsize=1)
def ontology_labels() -> OntologyLabels:
    labels: dict[str, str] = {}
    comments: dict[str, str] = {}
    for f in ontology_files():
        for t in parse(f.read_bytes(), format=RdfFormat.TURTLE):
            if not isinstance(t.subject, NamedNode) or not isinstance(t.object, Literal):
                continue
            if t.object.language not in (None, "en"):
                continue
            if t.predicate.value == RDFS + "label":
                labels[t.subject.value] = t.object.value
            elif t.predicate.value == RDFS + "comment":
                comments[t.subject.value] = t.object.value
    return OntologyLabels(labels, comments)


def readable_tail(iri: str) -> str:
    """The last meaningful part of an IRI, for resources without a label: ``hrc:Item10`` -> ``Item10``."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return _tail(iri)


def _tail(iri: str) -> str:
    if "#" in iri:
        return iri.rsplit("#", 1)[1]
    return iri.rstrip("/").rsplit("/", 1)[-1]


def short_iri(iri: str) -> str:
    """A prefixed name where a known prefix fits, else the IRI."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def reading_key(name: str) -> str:
    """A name as a reader orders it: accents and case do not move a letter (Côte d'Ivoire before Cuba)."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()


def _sort_key(term: Any) -> tuple[int, str]:
    if isinstance(term, Literal):
        return (1, term.value)
    return (0, str(term.value))


def _prefer_english(values: list[Any]) -> list[Any]:
    values = [v for v in values if isinstance(v, Literal)]
    return sorted(values, key=lambda v: (v.language not in ("en", None), v.value))


def kind_of(types: set[str]) -> str:
    """Which page a resource gets, from its classes."""
    if types & TEXT_CLASSES:
        return "text"
    if H + "State" in types:
        return "state"
    if H + "Mandate" in types:
        return "mandate"
    if H + "Session" in types:
        return "session"
    if H + "AgendaItem" in types:
        return "agenda"
    if types & GROUP_CLASSES:
        return "group"
    return "resource"


def build_view(store: GraphStore, iri: NamedNode, *, incoming_limit: int = DEFAULT_INCOMING_LIMIT) -> View:
    """The view of any resource: its kind's builder adds what that kind of page shows."""
    desc = describe_quads(store, iri, incoming_limit=incoming_limit)
    facts = Facts(desc.quads, ontology_labels())
    view = _base_view(store, desc, facts)
    builder = _BUILDERS.get(view.kind)
    if builder is not None:
        builder(store, view, facts, desc)
    return view


def _base_view(store: GraphStore, desc: Description, facts: Facts) -> View:
    r = desc.resource.value
    types = facts.types(r)
    own = {r, *(p.value for p in desc.parts)}
    statements = [Fact(_predicate_node(p, facts), facts.node(o), gs) for p, o, gs in facts.statements(r)]
    incoming: list[Fact] = []
    for s in facts.subjects():
        if s in own:
            continue
        for p, o, gs in facts.statements(s):
            if isinstance(o, NamedNode) and o.value in own and p != RDF_TYPE:
                incoming.append(Fact(_predicate_node(p, facts), _subject_node(s, facts), gs))
    graphs = sorted({g for s in own for _, _, gs in facts.statements(s) for g in gs} - {""})
    source_names = source_labels(store)
    return View(
        kind=kind_of(types),
        iri=r,
        label=facts.label(r),
        types=[Node(t, facts.label(t)) for t in sorted(types)],
        facts=statements,
        incoming=incoming,
        truncations=desc.truncations,
        sources=[Node(g, source_names.get(g, readable_tail(g))) for g in graphs],
    )


def _predicate_node(p: str, facts: Facts) -> Node:
    return Node(p, facts.labels.by_iri.get(p, short_iri(p)))


def _subject_node(s: str, facts: Facts) -> Node:
    """A resource linking here; a blank node (a statement about an inferred link) is named by what it says."""
    if not s.startswith("_:"):
        return Node(s, _subject_label(s, facts))
    subject = facts.one(s, PREFIXES["rdf"] + "subject")
    predicate = facts.one(s, PREFIXES["rdf"] + "predicate")
    basis = facts.one(s, H + "basis")
    if subject is not None and predicate is not None:
        label = f"{facts.label(subject.value)} {facts.label(predicate.value)} (inferred"
        label += f": {facts.label(basis.value)})" if basis is not None else ")"
    else:
        label = "a statement"
    return Node(s, label, is_iri=False)


def _subject_label(s: str, facts: Facts) -> str:
    label = facts.label(s)
    if "#" in s and label == readable_tail(s):
        parent = s.split("#", 1)[0]
        return f"{facts.label(parent)} ({label})"
    return label


def source_labels(store: GraphStore) -> dict[str, str]:
    """Each source graph's label, from the provenance graph."""
    rows = _rows(store.query(
        f"SELECT ?g ?label WHERE {{ GRAPH ?m {{ ?g a <{PREFIXES['prov']}Entity> ; <{RDFS}label> ?label }} }}"))
    return {r["g"].value: r["label"].value for r in rows}


# --- texts ------------------------------------------------------------------------------------------


def _text(store: GraphStore, view: View, facts: Facts, desc: Description) -> None:
    r = view.iri
    parts = [p.value for p in desc.parts]

    def nodes(p: str) -> list[Node]:
        return [facts.node(o) for o in facts.objects(r, p)]

    def first(p: str) -> Node | None:
        values = nodes(p)
        return values[0] if values else None

    titles = _prefer_english(facts.objects(r, DCT + "title"))
    data: dict[str, Any] = {
        "symbol": first(H + "symbol"),
        "titles": [facts.node(t) for t in titles],
        "body": first(H + "adoptedBy"),
        "session": first(H + "session"),
        "date": first(H + "dateAdopted"),
        "meeting": first(H + "meeting"),
        "agenda_items": nodes(H + "agendaItem"),
        "subjects": nodes(H + "subject"),
        "concerns": nodes(H + "concerns"),
        "drafts": nodes(H + "draft"),
        "draft_notes": nodes(H + "draftNote"),
        "amends": nodes(H + "amends"),
        "notes": nodes(H + "catalogueNote"),
        "links": [("OHCHR record", n) for n in nodes(H + "ohchrRecord")]
        + [("UN document", n) for n in nodes(H + "unDocument")],
        "record_id": first(H + "ohchrRecordId"),
        "sources_of": {key: facts.graphs(r, p) for key, p in (
            ("title", DCT + "title"), ("symbol", H + "symbol"), ("session", H + "session"),
            ("date", H + "dateAdopted"), ("agenda", H + "agendaItem"), ("subjects", H + "subject"),
            ("concerns", H + "concerns"), ("sponsors", H + "sponsorship"), ("decision", H + "decision"))},
    }
    data["candidates"] = [
        {"candidate": facts.node(c), "reason": (m.value if (m := facts.one(key, H + "matchReason")) else "")}
        for b in facts.objects(r, H + "candidateMatch")
        for key in [str(b) if isinstance(b, BlankNode) else b.value]
        for c in facts.objects(key, H + "candidate")]
    data["sponsorships"] = _sponsorships(facts, parts)
    data["decisions"] = [_decision(facts, e.value, parts) for e in facts.objects(r, H + "decision")]
    data["clauses"] = _clauses(store, facts, parts)
    data["actions"] = _actions(facts, parts)
    data["commentaries"] = _commentaries(store, desc.resource)
    data["cited_by"] = [f for f in view.incoming if f.predicate.value in (H + "draft", H + "amends")]
    view.data = data


def _number(fragment: str) -> int:
    m = re.search(r"(\d+)$", fragment)
    return int(m.group(1)) if m else 0


def _sponsorships(facts: Facts, parts: Sequence[str]) -> list[dict[str, Any]]:
    out = []
    for p in parts:
        if H + "Sponsorship" not in facts.types(p):
            continue
        role = facts.one(p, H + "sponsorRole")
        out.append({
            "iri": p,
            "role": facts.node(role) if role else None,
            "main": role is not None and role.value == H + "MainSponsor",
            "sponsors": [facts.node(o) for o in facts.objects(p, H + "sponsor")],
            "on_behalf_of": [facts.node(o) for o in facts.objects(p, H + "onBehalfOf")],
            "statement": facts.node(s) if (s := facts.one(p, H + "sponsorStatement")) else None,
            "graphs": facts.graphs(p, H + "sponsor") or facts.graphs(p, H + "sponsorStatement"),
        })
    return sorted(out, key=lambda s: (not s["main"], _number(s["iri"])))


def _decision(facts: Facts, event: str, parts: Sequence[str]) -> dict[str, Any]:
    def count(p: str) -> int | None:
        v = facts.one(event, H + p)
        return int(v.value) if v is not None else None

    method = facts.one(event, H + "decisionMethod")
    votes: list[dict[str, Any]] = []
    for p in parts:
        if facts.one(p, H + "inVoteEvent") != NamedNode(event):
            continue
        voter = facts.one(p, H + "voter")
        option = facts.one(p, H + "voteOption")
        if voter is None:
            continue
        votes.append({
            "iri": p,
            "voter": facts.node(voter),
            "option": facts.node(option) if option else None,
            "key": _OPTION_KEY.get(option.value, "other") if option else "other",
            "graphs": facts.graphs(p, H + "voteOption"),
        })
    votes.sort(key=lambda v: reading_key(v["voter"].label))
    counts = {"yes": count("yesCount"), "no": count("noCount"), "abstain": count("abstainCount"),
              "nonvoting": count("nonVotingCount"), "total": count("totalCount")}
    roll: dict[str, int] = defaultdict(int)
    for v in votes:
        roll[v["key"]] += 1
    return {
        "iri": event,
        "method": facts.node(method) if method else None,
        "recorded": method is not None and method.value == H + "RecordedVote",
        "counts": counts,
        "roll_call": dict(roll),
        "bar": vote_bar(counts),
        "votes": votes,
        "graphs": facts.graphs(event, H + "decisionMethod"),
    }


def vote_bar(counts: dict[str, int | None]) -> list[dict[str, Any]]:
    """The segments of a tally bar: each option's share of the votes cast or not (percent widths)."""
    segments = [("yes", "Yes", counts.get("yes")), ("no", "No", counts.get("no")),
                ("abstain", "Abstain", counts.get("abstain")), ("nonvoting", "Not voting", counts.get("nonvoting"))]
    total = sum(n for _, _, n in segments if n)
    if not total:
        return []
    return [{"key": k, "label": label, "count": n, "percent": round(100 * n / total, 2)}
            for k, label, n in segments if n]


def _clauses(store: GraphStore, facts: Facts, parts: Sequence[str]) -> list[dict[str, Any]]:
    clauses = [p for p in parts if H + "Clause" in facts.types(p)]
    stances: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if clauses:
        values = " ".join(str(NamedNode(c)) for c in clauses)
        rows = _rows(store.query(f"""
            SELECT ?clause ?q ?stance ?c WHERE {{
              VALUES ?clause {{ {values} }}
              ?q <{H}quotes> ?clause . OPTIONAL {{ ?q <{H}stance> ?stance }} OPTIONAL {{ ?q <{H}inCommentary> ?c }}
            }} ORDER BY ?q"""))
        for row in rows:
            stance = row["stance"]
            stances[row["clause"].value].append({
                "quotation": row["q"].value,
                "stance": facts.node(stance) if stance is not None else None,
                "key": _tail(stance.value).lower() if stance is not None else "",
                "commentary": row["c"].value if row["c"] is not None else None,
            })
    out = []
    for c in clauses:
        kind = facts.one(c, H + "clauseKind")
        number = facts.one(c, H + "clauseNumber")
        text = facts.one(c, H + "clauseText")
        out.append({
            "iri": c,
            "kind": facts.node(kind) if kind else None,
            "operative": kind is not None and kind.value == H + "Operative",
            "number": int(number.value) if number is not None else None,
            "text": text.value if text is not None else "",
            "phrase": (p.value if (p := facts.one(c, H + "operativePhrase")) else None),
            "stances": stances.get(c, []),
            "graphs": facts.graphs(c, H + "clauseText"),
        })
    return sorted(out, key=lambda c: (c["operative"], c["number"] or 0, c["text"]))


def _actions(facts: Facts, parts: Sequence[str]) -> list[dict[str, Any]]:
    out = []
    for p in parts:
        types = facts.types(p) & ACTION_CLASSES
        if not types:
            continue
        out.append({
            "iri": p,
            "types": [Node(t, facts.label(t)) for t in sorted(types)],
            "mandates": [facts.node(m) for m in facts.objects(p, H + "onMandate")],
            "duration": (d.value if (d := facts.one(p, H + "duration")) else None),
            "clause": (c.value if (c := facts.one(p, H + "derivedFromClause")) else None),
            "derivation": (facts.node(d) if (d := facts.one(p, H + "derivation")) else None),
            "graphs": facts.graphs(p, H + "onMandate"),
        })
    return out


def _commentaries(store: GraphStore, text: NamedNode) -> list[dict[str, Any]]:
    rows = _rows(store.query(f"""
        SELECT ?c ?who ?whoLabel ?remark ?g WHERE {{
          {bind(t=text)}
          GRAPH ?g {{ ?c <{H}commentaryOn> ?t }}
          OPTIONAL {{ ?c <{H}commentator> ?who OPTIONAL {{ ?who <{SKOS}prefLabel> ?whoLabel }} }}
          OPTIONAL {{ ?c <{H}remark> ?remark }}
        }} ORDER BY ?c ?remark LIMIT 200"""))
    by_c: dict[str, dict[str, Any]] = {}
    for row in rows:
        c = row["c"].value
        entry = by_c.setdefault(c, {"iri": c, "remarks": [], "graph": row["g"].value,
                                    "commentator": None, "quotations": []})
        if row["who"] is not None and entry["commentator"] is None:
            label = row["whoLabel"].value if row["whoLabel"] is not None else readable_tail(row["who"].value)
            entry["commentator"] = Node(row["who"].value, label)
        if row["remark"] is not None and row["remark"].value not in entry["remarks"]:
            entry["remarks"].append(row["remark"].value)
    for c, entry in by_c.items():
        qrows = _rows(store.query(f"""
            SELECT ?q ?quoted ?stance ?clause WHERE {{
              {bind(c=NamedNode(c))}
              ?q <{H}inCommentary> ?c . OPTIONAL {{ ?q <{H}quotedText> ?quoted }}
              OPTIONAL {{ ?q <{H}stance> ?stance }} OPTIONAL {{ ?q <{H}quotes> ?clause }}
            }} ORDER BY ?q"""))
        labels = ontology_labels().by_iri
        for q in qrows:
            stance = q["stance"]
            entry["quotations"].append({
                "iri": q["q"].value,
                "text": q["quoted"].value if q["quoted"] is not None else "",
                "stance": Node(stance.value, labels.get(stance.value, readable_tail(stance.value)))
                if stance is not None else None,
                "key": _tail(stance.value).lower() if stance is not None else "",
                "clause": q["clause"].value if q["clause"] is not None else None,
            })
    return list(by_c.values())


# --- states -------------------------------------------------------------------------------------------


def _state(store: GraphStore, view: View, facts: Facts, desc: Description) -> None:
    r = view.iri
    notations = facts.objects(r, SKOS + "notation")
    identifiers = []
    for dtype, label, link in IDENTIFIER_KINDS:
        for n in notations:
            if isinstance(n, Literal) and n.datatype is not None and n.datatype.value == dtype:
                href = link.format(n.value) if link and "{}" in link else link
                identifiers.append({"label": label, "value": n.value, "href": href})
    wikidata = [o.value for o in facts.objects(r, OWL + "sameAs") if "wikidata.org" in o.value]
    identifiers[:0] = [{"label": "Wikidata", "value": _tail(w), "href": w} for w in wikidata]
    identifiers += [{"label": "GeoNames (RDF)", "value": g.value, "href": g.value}
                    for g in facts.objects(r, H + "geonames")]
    view.data = {
        "identifiers": identifiers,
        "regional_groups": [facts.node(g) for g in facts.objects(r, H + "regionalGroup")],
        "status": (s.value if (s := facts.one(r, H + "unStatus")) else None),
        "former": H + "FormerState" in facts.types(r),
        "alt_labels": [o.value for o in facts.objects(r, SKOS + "altLabel")],
        "memberships": _memberships(store, desc.resource),
        "votes_by_year": votes_by_year(store, desc.resource),
        "sponsored": _texts_where(store, desc.resource, f"?sp <{H}sponsor> ?r . ?t <{H}sponsorship> ?sp . "
                                  f"OPTIONAL {{ ?sp <{H}sponsorRole> ?role }}"),
        "concerning": _texts_where(store, desc.resource,
                                  f"?t <{H}concerns> ?r . FILTER NOT EXISTS {{ ?t a <{H}Mandate> }}"),
        "mandates": _mandates_concerning(store, desc.resource),
    }
    view.data["chart"] = vote_chart(view.data["votes_by_year"])


def _memberships(store: GraphStore, state: NamedNode) -> list[dict[str, Any]]:
    rows = _rows(store.query(f"""
        SELECT ?session ?number ?year ?body WHERE {{
          {bind(r=state)}
          ?m <{ORG}member> ?r ; <{H}inSession> ?session .
          OPTIONAL {{ ?session <{H}sessionNumber> ?number }} OPTIONAL {{ ?session <{H}year> ?year }}
          OPTIONAL {{ ?session <{H}body> ?body }}
        }}"""))
    out = [{"session": row["session"].value,
            "number": row["number"].value if row["number"] is not None else readable_tail(row["session"].value),
            "year": row["year"].value if row["year"] is not None else "",
            "body": _tail(row["body"].value).upper() if row["body"] is not None else ""}
           for row in rows]
    return sorted(out, key=lambda m: (m["year"], m["body"], _session_order(m["number"])))


def _session_order(number: str) -> tuple[int, int]:
    special = number.startswith("S-")
    digits = re.sub(r"\D", "", number)
    return (1 if special else 0, int(digits) if digits else 0)


def votes_by_year(store: GraphStore, state: NamedNode) -> list[dict[str, Any]]:
    """How a state voted in recorded votes, year by year: counts of each option.

    Read from the vote statistics (graph/cube: a few dozen observations per state); a build
    published before the cube existed has none, and the roll calls are counted instead.
    """
    rows = list(_rows(store.query(f"""
        SELECT ?year ?option (SUM(?count) AS ?n) WHERE {{
          {bind(r=state)}
          ?o <{SDMX_DIMENSION.refArea}> ?r ; <{H}refVoteOption> ?option ;
             <{SDMX_DIMENSION.refPeriod}> ?period ; <{SDMX_MEASURE.obsValue}> ?count .
          BIND(YEAR(?period) AS ?year)
        }} GROUP BY ?year ?option ORDER BY ?year""")))
    if not rows:
        rows = list(_rows(store.query(f"""
            SELECT ?year ?option (COUNT(?v) AS ?n) WHERE {{
              {bind(r=state)}
              ?v <{H}voter> ?r ; <{H}voteOption> ?option ; <{H}inVoteEvent> ?e .
              ?t <{H}decision> ?e ; <{H}dateAdopted> ?date .
              BIND(YEAR(?date) AS ?year)
            }} GROUP BY ?year ?option ORDER BY ?year""")))
    years: dict[int, dict[str, int]] = {}
    for row in rows:
        year = int(row["year"].value)
        key = _OPTION_KEY.get(row["option"].value, "other")
        years.setdefault(year, defaultdict(int))[key] += int(row["n"].value)
    return [{"year": y, **{k: counts.get(k, 0) for _, k, _ in VOTE_OPTIONS}} for y, counts in sorted(years.items())]


def vote_chart(rows: Sequence[dict[str, Any]], *, width: int = 720, height: int = 220) -> dict[str, Any]:
    """Geometry of a stacked bar chart (yes, no, abstain per year) for an SVG drawn by the template."""
    keys = ("yes", "no", "abstain")
    if not rows:
        return {"bars": [], "width": width, "height": height, "max": 0, "ticks": []}
    first, last = rows[0]["year"], rows[-1]["year"]
    by_year = {r["year"]: r for r in rows}
    years = list(range(first, last + 1))
    peak = max(sum(r[k] for k in keys) for r in rows) or 1
    left, bottom, top = 36, 24, 8
    plot_w, plot_h = width - left - 8, height - bottom - top
    step = plot_w / len(years)
    bar_w = max(1.0, step * 0.8)
    bars = []
    for i, year in enumerate(years):
        row = by_year.get(year)
        x = left + i * step + (step - bar_w) / 2
        y = float(top + plot_h)
        segments = []
        for k in keys:
            n = row[k] if row else 0
            h = plot_h * n / peak
            if n:
                segments.append({"key": k, "count": n, "x": round(x, 2), "y": round(y - h, 2),
                                 "w": round(bar_w, 2), "h": round(h, 2)})
            y -= h
        label_every = max(1, len(years) // 12)
        bars.append({"year": year, "segments": segments, "label": i % label_every == 0 or year == last,
                     "label_x": round(x + bar_w / 2, 2), "total": sum(row[k] for k in keys) if row else 0})
    ticks = [{"value": v, "y": round(top + plot_h - plot_h * v / peak, 2)} for v in _ticks(peak)]
    return {"bars": bars, "width": width, "height": height, "max": peak, "ticks": ticks,
            "left": left, "baseline": top + plot_h}


def _ticks(peak: int) -> list[int]:
    step = max(1, 10 ** max(0, len(str(peak)) - 1))
    if peak / step < 3:
        step = max(1, step // 2)
    return list(range(0, peak + 1, step))


def _texts_where(store: GraphStore, resource: NamedNode, pattern: str, limit: int = 300) -> dict[str, Any]:
    """Texts matching ``pattern`` (with ``?r`` bound to the resource): symbol, title, date; newest first."""
    rows = _rows(store.query(f"""
        SELECT DISTINCT ?t ?symbol ?title ?date ?role WHERE {{
          {bind(r=resource)}
          {pattern}
          OPTIONAL {{ ?t <{H}symbol> ?symbol }} OPTIONAL {{ ?t <{DCT}title> ?title }}
          OPTIONAL {{ ?t <{H}dateAdopted> ?date }}
        }} ORDER BY DESC(?date) ?symbol"""))
    texts: dict[str, dict[str, Any]] = {}
    labels = ontology_labels().by_iri
    for row in rows:
        t = row["t"].value
        entry = texts.setdefault(t, {"iri": t, "symbol": row["symbol"].value if row["symbol"] is not None else "",
                                     "title": row["title"].value if row["title"] is not None else "",
                                     "date": row["date"].value if row["date"] is not None else "",
                                     "roles": []})
        role = row["role"]
        if role is not None:
            name = labels.get(role.value, readable_tail(role.value))
            if name not in entry["roles"]:
                entry["roles"].append(name)
    items = list(texts.values())
    return {"total": len(items), "rows": items[:limit], "truncated": len(items) > limit}


def _mandates_concerning(store: GraphStore, state: NamedNode) -> list[Node]:
    rows = _rows(store.query(f"""
        SELECT ?m ?label WHERE {{
          {bind(r=state)} ?m a <{H}Mandate> ; <{H}concerns> ?r . OPTIONAL {{ ?m <{SKOS}prefLabel> ?label }}
        }} ORDER BY ?label"""))
    return [Node(r["m"].value, r["label"].value if r["label"] is not None else readable_tail(r["m"].value))
            for r in rows]


# --- mandates, sessions, agenda items, groups --------------------------------------------------------


def _mandate(store: GraphStore, view: View, facts: Facts, desc: Description) -> None:
    r = view.iri
    rows = _rows(store.query(f"""
        SELECT ?a ?type ?t ?symbol ?date ?title ?duration WHERE {{
          {bind(m=desc.resource)}
          ?a <{H}onMandate> ?m ; a ?type ; <{H}takenBy> ?t .
          OPTIONAL {{ ?a <{H}duration> ?duration }}
          OPTIONAL {{ ?t <{H}symbol> ?symbol }} OPTIONAL {{ ?t <{H}dateAdopted> ?date }}
          OPTIONAL {{ ?t <{DCT}title> ?title }}
        }} ORDER BY ?date ?symbol"""))
    actions: dict[str, dict[str, Any]] = {}
    labels = ontology_labels().by_iri
    for row in rows:
        if row["type"].value not in ACTION_CLASSES or row["type"].value == H + "MandateAction":
            continue
        a = row["a"].value
        actions.setdefault(a, {
            "iri": a, "type": Node(row["type"].value, labels.get(row["type"].value, _tail(row["type"].value))),
            "text": row["t"].value, "symbol": row["symbol"].value if row["symbol"] is not None else "",
            "date": row["date"].value if row["date"] is not None else "",
            "title": row["title"].value if row["title"] is not None else "",
            "duration": row["duration"].value if row["duration"] is not None else ""})
    view.data = {
        "kinds": [facts.node(k) for k in facts.objects(r, H + "mandateKind")],
        "concerns": [facts.node(c) for c in facts.objects(r, H + "concerns")],
        "actions": list(actions.values()),
    }


def _session(store: GraphStore, view: View, facts: Facts, desc: Description) -> None:
    r = view.iri
    view.data = {
        "body": (facts.node(b) if (b := facts.one(r, H + "body")) else None),
        "number": (n.value if (n := facts.one(r, H + "sessionNumber")) else ""),
        "type": (facts.node(t) if (t := facts.one(r, H + "sessionType")) else None),
        "year": (y.value if (y := facts.one(r, H + "year")) else ""),
        "start": (d.value if (d := facts.one(r, H + "startDate")) else ""),
        "end": (d.value if (d := facts.one(r, H + "endDate")) else ""),
        "texts": _text_rows(store, desc.resource, f"?t <{H}session> ?r ."),
    }


def agenda_view(store: GraphStore, item: NamedNode) -> View:
    """The page of an agenda item (a Commission item under /id/, or one of the Council's ``hrc:ItemN``)."""
    labels = ontology_labels()
    if item.value.startswith(H):
        facts = Facts([], labels)
        view = View(kind="agenda", iri=item.value, label=labels.by_iri.get(item.value, readable_tail(item.value)),
                    types=[Node(H + "AgendaItem", labels.by_iri.get(H + "AgendaItem", "agenda item"))],
                    facts=[], incoming=[], truncations=[], sources=[])
        _agenda(store, view, facts, Description(resource=item))
        view.data["comment"] = labels.comments.get(item.value, "")
        return view
    return build_view(store, item)


def _agenda(store: GraphStore, view: View, facts: Facts, desc: Description) -> None:
    texts = _text_rows(store, desc.resource, f"?t <{H}agendaItem> ?r .", limit=3000)
    by_year: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for t in texts["rows"]:
        by_year[t["date"][:4] or "undated"].append(t)
    view.data.update({
        "notation": (n.value if (n := facts.one(view.iri, SKOS + "notation")) else ""),
        "texts": texts,
        "by_year": sorted(by_year.items(), reverse=True),
    })


def _group(store: GraphStore, view: View, facts: Facts, desc: Description) -> None:
    members = _rows(store.query(f"""
        SELECT ?s ?label WHERE {{
          {bind(g=desc.resource)} ?s <{H}regionalGroup> ?g . OPTIONAL {{ ?s <{SKOS}prefLabel> ?label }}
        }} ORDER BY ?label"""))
    view.data = {
        "members": [Node(m["s"].value, m["label"].value if m["label"] is not None else readable_tail(m["s"].value))
                    for m in members],
        "alt_labels": [o.value for o in facts.objects(view.iri, SKOS + "altLabel")],
        "sponsored": _texts_where(store, desc.resource,
                                  f"{{ ?sp <{H}onBehalfOf> ?r }} UNION {{ ?sp <{H}sponsor> ?r }} "
                                  f"?t <{H}sponsorship> ?sp . OPTIONAL {{ ?sp <{H}sponsorRole> ?role }}"),
    }


def _text_rows(store: GraphStore, resource: NamedNode, pattern: str, limit: int = 1000) -> dict[str, Any]:
    """Texts matching ``pattern`` with their decision: symbol, title, date, method and tallies."""
    rows = _rows(store.query(f"""
        SELECT ?t ?symbol ?title ?date ?method ?yes ?no ?abstain WHERE {{
          {bind(r=resource)}
          {pattern}
          OPTIONAL {{ ?t <{H}symbol> ?symbol }} OPTIONAL {{ ?t <{DCT}title> ?title }}
          OPTIONAL {{ ?t <{H}dateAdopted> ?date }}
          OPTIONAL {{ ?t <{H}decision> ?e . OPTIONAL {{ ?e <{H}decisionMethod> ?method }}
                     OPTIONAL {{ ?e <{H}yesCount> ?yes }} OPTIONAL {{ ?e <{H}noCount> ?no }}
                     OPTIONAL {{ ?e <{H}abstainCount> ?abstain }} }}
        }} ORDER BY ?date ?symbol"""))
    labels = ontology_labels().by_iri
    items: dict[str, dict[str, Any]] = {}
    for row in rows:
        t = row["t"].value
        if t in items:
            continue

        def val(name: str, row: Any = row) -> str:
            term = row[name]
            return term.value if term is not None else ""

        method = row["method"]
        tally = "–".join(val(k) for k in ("yes", "no", "abstain")) if row["yes"] is not None else ""
        items[t] = {"iri": t, "symbol": val("symbol"), "title": val("title"), "date": val("date"),
                    "method": labels.get(method.value, readable_tail(method.value)) if method is not None else "",
                    "tally": tally}
    listed = list(items.values())
    return {"total": len(listed), "rows": listed[:limit], "truncated": len(listed) > limit}


_BUILDERS = {
    "text": _text,
    "state": _state,
    "mandate": _mandate,
    "session": _session,
    "agenda": _agenda,
    "group": _group,
}


# --- search ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchHit:
    iri: str
    label: str
    kind: str
    detail: str


def search(store: GraphStore, text: str, *, limit: int = 50) -> list[SearchHit]:
    """Texts whose symbol is ``text`` or starts with it, texts whose title contains it (ignoring case),
    states, groups and mandates whose name contains it."""
    q = Literal(text.strip().lower())
    hits: dict[str, SearchHit] = {}
    symbol_rows = _rows(store.query(f"""
        SELECT ?t ?symbol ?title ?exact WHERE {{
          {bind(q=q)}
          ?t <{H}symbol> ?symbol . FILTER(STRSTARTS(LCASE(?symbol), ?q))
          FILTER NOT EXISTS {{ ?t a <{H}Draft> }}
          OPTIONAL {{ ?t <{DCT}title> ?title }}
          BIND(LCASE(?symbol) = ?q AS ?exact)
        }} ORDER BY DESC(?exact) STRLEN(?symbol) ?symbol LIMIT {int(limit)}"""))
    for row in symbol_rows:
        hits.setdefault(row["t"].value, SearchHit(row["t"].value, row["symbol"].value, "text",
                                                  row["title"].value if row["title"] is not None else ""))
    name_rows = _rows(store.query(f"""
        SELECT ?s ?label ?type WHERE {{
          {bind(q=q)}
          VALUES ?type {{ <{H}State> <{H}RegionalGroup> <{H}PoliticalGroup> <{H}Mandate> }}
          ?s a ?type . {{ ?s <{SKOS}prefLabel> ?label }} UNION {{ ?s <{SKOS}altLabel> ?label }}
          FILTER(CONTAINS(LCASE(STR(?label)), ?q))
        }} ORDER BY STRLEN(STR(?label)) ?label LIMIT {int(limit)}"""))
    for row in name_rows:
        kind = {H + "State": "state", H + "Mandate": "mandate"}.get(row["type"].value, "group")
        hits.setdefault(row["s"].value, SearchHit(row["s"].value, row["label"].value, kind, ""))
    title_rows = _rows(store.query(f"""
        SELECT ?t ?symbol ?title ?date WHERE {{
          {bind(q=q)}
          ?t <{DCT}title> ?title . FILTER(CONTAINS(LCASE(STR(?title)), ?q))
          OPTIONAL {{ ?t <{H}symbol> ?symbol }} OPTIONAL {{ ?t <{H}dateAdopted> ?date }}
        }} ORDER BY DESC(?date) LIMIT {int(limit)}"""))
    for row in title_rows:
        label = row["symbol"].value if row["symbol"] is not None else readable_tail(row["t"].value)
        hits.setdefault(row["t"].value, SearchHit(row["t"].value, label, "text", row["title"].value))
    return list(hits.values())[: limit * 2]


def _rows(result: object) -> SelectResult:
    assert isinstance(result, SelectResult)
    return result
