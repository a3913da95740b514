"""Seed-format records as RDF: one named graph per record file (``graph/seed/<file hash>``).

What a record says is mapped as docs/data-model.md describes; what it does not say is left out.

* The text: ``hrc:Resolution`` when the record calls it a resolution (its commentary does: "This
  resolution ...") or quotes a preambular clause (decisions have no preamble); ``hrc:Decision`` when
  it calls it a decision; otherwise ``hrc:AdoptedText``, which claims no more than that it was adopted.
* Its IRI: the one ``text_iri_for(record)`` gives (the join with the OHCHR collection), else
  ``id/text/unwatch/<hash>`` of the record's normalized content: its title and fields and its
  quotations. The title alone would not do: the Council adopts a text of the same title every year
  (technical assistance to Mali), and UN Watch has one record for each.
* Parts of a seed-only text use the fragments of the data model (``#vote``, ``#sponsor-1``,
  ``#mandate-action-1``). When the text is joined to another source's IRI they are prefixed with
  ``unwatch-`` so the record's own claims never merge into that source's vote or sponsorships.
  Clauses keep ``#clause-<hash of their text>``: the same clause quoted twice is one clause.
* The same record twice (identical files, or the same content in two folders) is one resource:
  records are grouped by content, and each group gives one graph listing all its files.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from pyoxigraph import BlankNode, NamedNode
from rdflib import URIRef

from hrcgraph.graph import terms
from hrcgraph.graph.bodies import add_body
from hrcgraph.graph.clauses import (
    CLAUSE_KIND_TERMS,
    MANDATE_ACTION_TERMS,
    MANDATE_KIND_TERMS,
    mandate_action,
    mandate_kind,
    mandate_state,
    operative_phrase,
)
from hrcgraph.graph.countries import Countries, Country, Group
from hrcgraph.graph.errors import SourceError
from hrcgraph.graph.iris import IriFactory, content_hash
from hrcgraph.graph.namespaces import HRC, ORG, PROV
from hrcgraph.graph.sources.base import SourceBatch, SourceFile
from hrcgraph.graph.sources.seed import (
    AGENDA_ITEM,
    COUNTRY_CONCERNED,
    MAIN_SPONSORS,
    SESSION_TYPE,
    UN_BODY,
    Quotation,
    SeedRecord,
    quotations,
    strip_ellipsis,
)
from hrcgraph.graph.terms import DCT_TITLE, RDF_OBJECT, RDF_PREDICATE, RDF_STATEMENT, RDF_SUBJECT, SKOS_PREF_LABEL

COMMENTATOR = "UN Watch"
COMMENTARY_SOURCE = "unwatch"
SEED_LICENSE = None
SEED_ATTRIBUTION = "UN Watch resolutions database: records transcribed as plain text."

#: The bodies a record's "UN Body" may name, with the code of their IRI.
BODIES = {
    "human rights council": "hrc",
    "hrc": "hrc",
    "un human rights council": "hrc",
    "commission on human rights": "chr",
    "un commission on human rights": "chr",
}
#: Session types as the database writes them.
SESSION_TYPES: dict[str, URIRef] = {
    "hrc regular": HRC.RegularSession,
    "regular": HRC.RegularSession,
    "regular session": HRC.RegularSession,
    "hrc special": HRC.SpecialSession,
    "special": HRC.SpecialSession,
    "special session": HRC.SpecialSession,
    "hrc organizational": HRC.OrganizationalSession,
    "organizational": HRC.OrganizationalSession,
    "organizational session": HRC.OrganizationalSession,
}
AGENDA_ITEMS: dict[int, URIRef] = {
    1: HRC.Item1, 2: HRC.Item2, 3: HRC.Item3, 4: HRC.Item4, 5: HRC.Item5,
    6: HRC.Item6, 7: HRC.Item7, 8: HRC.Item8, 9: HRC.Item9, 10: HRC.Item10,
}
STANCES = {"praise": HRC.Praise, "criticism": HRC.Criticism}

TextIriFor = Callable[[SeedRecord], NamedNode | None]
QuotedClauseFor = Callable[[SeedRecord, int], NamedNode | None]


def normalize_title(title: str) -> str:
    """A title as compared and hashed: NFC, straight quotes, single spaces, case-folded."""
    text = unicodedata.normalize("NFC", title).translate(str.maketrans("’‘“”", "''\"\""))
    return re.sub(r"\s+", " ", text).strip().casefold()


def content_key(record: SeedRecord) -> tuple[str, ...]:
    """What makes two records the same record: every field, normalized, but not the file."""
    parts = [
        normalize_title(record.title),
        normalize_title(record.body or ""),
        normalize_title(record.session_type or ""),
        normalize_title(record.agenda_item or ""),
        normalize_title(record.country or ""),
    ]
    parts += ["remark:" + normalize_title(r.text) for r in record.remarks]
    parts += ["sponsor:" + normalize_title(s.text) for s in record.main_sponsors]
    parts += ["praise:" + normalize_title(strip_ellipsis(q.text)) for q in record.praise]
    parts += ["criticism:" + normalize_title(strip_ellipsis(q.text)) for q in record.criticism]
    if record.vote is not None:
        v = record.vote
        parts.append(f"vote:{v.yes}/{v.no}/{v.abstain}/{v.absent}")
    return tuple(parts)


def seed_text_iri(record: SeedRecord, iris: IriFactory) -> NamedNode:
    """The text's own IRI when no other source identifies it."""
    return iris.text_by_content(*content_key(record))


def seed_batch(
    records: Sequence[SeedRecord],
    countries: Countries,
    iris: IriFactory,
    *,
    text_iri_for: TextIriFor | None = None,
    quoted_clause_for: QuotedClauseFor | None = None,
) -> list[SourceBatch]:
    """One batch (named graph) per distinct record; identical records share one.

    ``quoted_clause_for(record, n)`` is the clause of the joined text that quotation ``n`` (from 1, in
    file order) quotes, when the text's clauses are known: the quotation then quotes it, and the
    record makes no clause of its own for it (nor reads a mandate action from it: the text's clause
    gives that)."""
    groups: dict[tuple[str, ...], list[SeedRecord]] = {}
    for record in sorted(records, key=lambda r: (str(r.path), r.sha256)):
        groups.setdefault(content_key(record), []).append(record)
    batches: list[SourceBatch] = []
    for same in groups.values():
        record = same[0]
        joined = text_iri_for(record) if text_iri_for else None
        text = joined or seed_text_iri(record, iris)
        quoted = partial(quoted_clause_for, record) if quoted_clause_for is not None and joined else None
        mapper = _RecordMapper(record, countries, iris, text, joined=joined is not None, quoted=quoted)
        mapper.map()
        files = list({r.path: SourceFile(path=r.path, sha256=r.sha256) for r in same}.values())
        batches.append(SourceBatch(
            graph=iris.source_graph("seed", record.sha256[:16]),
            label=f"UN Watch record: {record.title}",
            files=files,
            triples=list(dict.fromkeys(mapper.sink.triples)),
            license=SEED_LICENSE,
            attribution=SEED_ATTRIBUTION,
        ))
    return batches


def text_class(record: SeedRecord) -> URIRef:
    """The class of the record's text (see the module docstring)."""
    words = " ".join([record.title, *(r.text for r in record.remarks)]).lower()
    if re.search(r"\bresolutions?\b", words):
        return HRC.Resolution
    if re.search(r"\bdecisions?\b", words):
        return HRC.Decision
    quoted = [*record.praise, *record.criticism]
    if any((found := operative_phrase(q.text)) and found[1] == "preambular" for q in quoted):
        return HRC.Resolution
    return HRC.AdoptedText


@dataclass
class _Clause:
    node: NamedNode
    text: str
    phrase: str | None


class _RecordMapper:
    def __init__(self, record: SeedRecord, countries: Countries, iris: IriFactory, text: NamedNode,
                 *, joined: bool, quoted: Callable[[int], NamedNode | None] | None = None) -> None:
        self.record = record
        self.countries = countries
        self.iris = iris
        self.text = text
        self.joined = joined
        self.sink = terms.TripleSink()
        self.clauses: dict[str, _Clause] = {}
        self.quoted = quoted or (lambda n: None)

    def part(self, fragment: str) -> NamedNode:
        return self.iris.part(self.text, f"unwatch-{fragment}" if self.joined else fragment)

    def map(self) -> None:
        r, s, text = self.record, self.sink, self.text
        s.type(text, text_class(r))
        s.add(text, DCT_TITLE, terms.string(r.title, "en"))
        body_code = self._body()
        if body_code:
            s.add(text, HRC.adoptedBy, add_body(s, self.iris, body_code))
        self._session(body_code)
        self._agenda_item(body_code)
        stated = self._country()
        self._commentary()
        self._sponsors()
        self._vote()
        mandates = self._mandate_actions()
        if stated is None:
            self._inferred_concerns(mandates)

    # --- fields
    def _body(self) -> str | None:
        if self.record.body is None:
            return None
        code = BODIES.get(normalize_title(self.record.body))
        if code is None:
            raise SourceError(f"unknown UN body {self.record.body!r}; known: Human Rights Council, "
                              "Commission on Human Rights", self.record.location(UN_BODY))
        return code

    def _session(self, body_code: str | None) -> None:
        """The session type, on a session whose number the record does not give (seed-only texts)."""
        value = self.record.session_type
        if value is None or self.joined:
            return
        kind = SESSION_TYPES.get(normalize_title(value))
        if kind is None:
            raise SourceError(f"unknown session type {value!r}; known: HRC Regular, HRC Special, "
                              "HRC Organizational", self.record.location(SESSION_TYPE))
        session = BlankNode("s" + content_hash(self.text.value, "session"))
        self.sink.add(self.text, HRC.session, session)
        self.sink.type(session, HRC.Session)
        self.sink.add(session, HRC.sessionType, kind)
        if body_code:
            self.sink.add(session, HRC.body, self.iris.body(body_code))

    def _agenda_item(self, body_code: str | None) -> None:
        value = self.record.agenda_item
        if value is None:
            return
        match = re.fullmatch(r"(?:agenda\s+)?(?:item\s*)?(\d{1,2})\.?(?:\s*[:\-–].*)?", value.strip(), re.IGNORECASE)
        number = int(match.group(1)) if match else None
        if number not in AGENDA_ITEMS or body_code == "chr":
            raise SourceError(f"agenda item {value!r} is not one of the Council's items 1 to 10",
                              self.record.location(AGENDA_ITEM))
        self.sink.add(self.text, HRC.agendaItem, AGENDA_ITEMS[number])

    def _country(self) -> Country | None:
        if self.record.country is None:
            return None
        country = self.countries.resolve_state(self.record.country, self.record.location(COUNTRY_CONCERNED))
        self.sink.add(self.text, HRC.concerns, self.iris.state(country.iso3))
        return country

    def _commentary(self) -> None:
        r = self.record
        if not r.remarks and not r.praise and not r.criticism:
            return
        commentary = self.iris.commentary(COMMENTARY_SOURCE, *content_key(r))
        organization = self.iris.organization(COMMENTATOR)
        s = self.sink
        s.type(commentary, HRC.Commentary)
        s.add(commentary, HRC.commentaryOn, self.text)
        s.add(commentary, HRC.commentator, organization)
        s.type(organization, ORG.Organization)
        s.add(organization, SKOS_PREF_LABEL, terms.string(COMMENTATOR, "en"))
        for remark in r.remarks:
            s.add(commentary, HRC.remark, terms.string(remark.text))
        for number, (stance, quotation) in enumerate(quotations(r), start=1):
            node = self.iris.part(commentary, f"q-{number}")
            s.type(node, HRC.Quotation)
            s.add(node, HRC.inCommentary, commentary)
            s.add(node, HRC.quotedText, terms.string(quotation.text))
            s.add(node, HRC.stance, STANCES[stance])
            s.add(node, HRC.quotes, self.quoted(number) or self._clause(quotation).node)

    def _clause(self, quotation: Quotation) -> _Clause:
        text = strip_ellipsis(quotation.text)
        key = normalize_title(text)
        if key in self.clauses:
            return self.clauses[key]
        node = self.iris.part(self.text, "clause-" + content_hash(key))
        s = self.sink
        s.type(node, HRC.Clause)
        s.add(node, HRC.clauseOf, self.text)
        s.add(node, HRC.clauseText, terms.string(text))
        found = operative_phrase(text)
        if found:
            phrase, kind = found
            s.add(node, HRC.operativePhrase, terms.string(phrase))
            s.add(node, HRC.clauseKind, CLAUSE_KIND_TERMS[kind])
        clause = self.clauses[key] = _Clause(node, text, found[0] if found else None)
        return clause

    def _sponsors(self) -> None:
        number = 0
        for line in self.record.main_sponsors:
            location = self.record.location(MAIN_SPONSORS)
            location.line = line.line
            for entry in self.countries.parse_sponsors(line.text, location):
                if entry.sponsor is None:
                    continue  # an office (the Council's President) is no state or group
                number += 1
                node = self.part(f"sponsor-{number}")
                s = self.sink
                s.add(self.text, HRC.sponsorship, node)
                s.type(node, HRC.Sponsorship)
                s.add(node, HRC.sponsorRole, HRC.MainSponsor)
                s.add(node, HRC.sponsor, self._actor(entry.sponsor))
                if entry.on_behalf_of is not None:
                    s.add(node, HRC.onBehalfOf, self.iris.group(entry.on_behalf_of.key))
                s.add(node, HRC.sponsorStatement, terms.string(line.text))

    def _actor(self, actor: Country | Group) -> NamedNode:
        return self.iris.state(actor.iso3) if isinstance(actor, Country) else self.iris.group(actor.key)

    def _vote(self) -> None:
        vote = self.record.vote
        if vote is None:
            return
        node = self.part("vote")
        s = self.sink
        s.add(self.text, HRC.decision, node)
        s.type(node, HRC.VoteEvent)
        if vote.all_zero:
            # A Council of 47 members cannot record a vote of 0-0-0: the database prints zeros for a
            # text adopted without a vote, so there are no tallies to state.
            s.add(node, HRC.decisionMethod, HRC.AdoptedWithoutVote)
            return
        s.add(node, HRC.decisionMethod, HRC.RecordedVote)
        s.add(node, HRC.yesCount, terms.integer(vote.yes))
        s.add(node, HRC.noCount, terms.integer(vote.no))
        s.add(node, HRC.abstainCount, terms.integer(vote.abstain))
        s.add(node, HRC.nonVotingCount, terms.integer(vote.absent))

    # --- mandates and inferred links
    def _mandate_actions(self) -> list[tuple[NamedNode, Country | None]]:
        """Mandate actions stated by quoted operative clauses: (mandate, state it concerns)."""
        mandates: list[tuple[NamedNode, Country | None]] = []
        number = 0
        seen: set[tuple[str, str]] = set()
        for index, (_, quotation) in enumerate(quotations(self.record), start=1):
            if self.quoted(index) is not None:
                continue  # the joined text's own clause states the action
            clause = self._clause(quotation)
            action = mandate_action(clause.text)
            if action is None or (action.kind, action.title.lower()) in seen:
                continue
            seen.add((action.kind, action.title.lower()))
            number += 1
            mandate = self.iris.mandate(action.title)
            state = mandate_state(action.title, self.countries)
            s = self.sink
            s.type(mandate, HRC.Mandate)
            s.add(mandate, SKOS_PREF_LABEL, terms.string(action.title, "en"))
            s.add(mandate, HRC.mandateKind, MANDATE_KIND_TERMS[mandate_kind(action.title, self.countries)])
            if state is not None:
                s.add(mandate, HRC.concerns, self.iris.state(state.iso3))
            node = self.part(f"mandate-action-{number}")
            s.type(node, MANDATE_ACTION_TERMS[action.kind])
            s.add(node, HRC.onMandate, mandate)
            s.add(node, HRC.takenBy, self.text)
            if action.duration:
                s.add(node, HRC.duration, terms.duration(action.duration))
            s.add(node, HRC.derivedFromClause, clause.node)
            s.add(node, HRC.derivation, HRC.FromClause)
            mandates.append((mandate, state))
        return mandates

    def _inferred_concerns(self, mandates: list[tuple[NamedNode, Country | None]]) -> None:
        """States the record's empty country field leaves unsaid but its title or mandate names."""
        from_title = self.countries.find_state_in_text(self.record.title)
        if from_title is not None:
            self._statement(from_title, HRC.FromTitle, self.text)
        for mandate, state in mandates:
            if state is not None:
                self._statement(state, HRC.FromMandate, mandate)

    def _statement(self, country: Country, basis: URIRef, source: NamedNode) -> None:
        state = self.iris.state(country.iso3)
        s = self.sink
        s.add(self.text, HRC.concerns, state)
        node = BlankNode("c" + content_hash(self.text.value, "concerns", country.iso3, str(basis)))
        s.add(node, terms.RDF_TYPE, RDF_STATEMENT)
        s.add(node, RDF_SUBJECT, self.text)
        s.add(node, RDF_PREDICATE, terms.term(HRC.concerns))
        s.add(node, RDF_OBJECT, state)
        s.add(node, HRC.basis, basis)
        s.add(node, PROV.wasDerivedFrom, source)
