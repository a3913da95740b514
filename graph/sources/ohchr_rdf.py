"""OHCHR voting records -> triples of the ``ohchr`` graph, following docs/data-model.md.

Every record becomes a text and every roll-call row a vote: nothing is dropped. Triples are built
as pyoxigraph terms directly; states, groups, sessions, subjects and vocabulary terms are made
once and reused (the collection has 6,346 texts and 80,158 votes).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from pyoxigraph import BlankNode, Literal, NamedNode, Triple
from rdflib import URIRef

from hrcgraph.graph import terms
from hrcgraph.graph.bodies import BODY_NAMES, add_body
from hrcgraph.graph.clauses import MANDATE_ACTION_TERMS, MANDATE_KIND_TERMS, mandate_from_title, mandate_state
from hrcgraph.graph.countries import Countries, Country, Group
from hrcgraph.graph.errors import SourceError, SourceLocation
from hrcgraph.graph.iris import IriFactory, content_hash
from hrcgraph.graph.namespaces import HRC, PROV
from hrcgraph.graph.sources.base import SourceBatch, SourceWarning
from hrcgraph.graph.sources.ohchr import (
    OhchrData,
    OhchrRecord,
    OhchrVote,
    clean_title,
)
from hrcgraph.graph.symbols import (
    BARE_L_NUMBER,
    COMMISSION,
    COUNCIL,
    DRAFT_SYMBOL_IN_TEXT,
    SessionKind,
    TextKind,
    parse_symbol,
)
from hrcgraph.graph.terms import (
    DCT_TITLE,
    RDF_OBJECT,
    RDF_PREDICATE,
    RDF_STATEMENT,
    RDF_SUBJECT,
    SKOS_ALT_LABEL,
    SKOS_CONCEPT,
    SKOS_IN_SCHEME,
    SKOS_NOTATION,
    SKOS_PREF_LABEL,
    SKOS_SCHEME,
    TripleSink,
)

OHCHR_LICENSE = "PolyForm Noncommercial 1.0.0"
OHCHR_ATTRIBUTION = (
    "Voting records from the OHCHR Search Library voting collection "
    "(https://searchlibrary.ohchr.org/search?c=Voting; public United Nations documents), as harvested "
    "by the hrc-voting project (https://github.com/lszoszk/hrc-voting), licensed under the PolyForm "
    "Noncommercial License 1.0.0 (https://polyformproject.org/licenses/noncommercial/1.0.0). "
    "Required Notice: Copyright © 2026 Łukasz Szoszkiewicz — https://github.com/lszoszk/hrc-voting"
)
OHCHR_LABEL = "OHCHR Search Library voting collection (Commission on Human Rights 1946-2006, Council 2006-)"

TYPE = terms.RDF_TYPE

TEXT_CLASSES = {
    TextKind.RESOLUTION: HRC.Resolution,
    TextKind.DECISION: HRC.Decision,
    TextKind.PRESIDENTIAL_STATEMENT: HRC.PresidentialStatement,
    TextKind.DRAFT: HRC.Draft,
    TextKind.AMENDMENT: HRC.Amendment,
    TextKind.OTHER: HRC.Text,
}
SESSION_TYPES = {
    SessionKind.REGULAR: HRC.RegularSession,
    SessionKind.SPECIAL: HRC.SpecialSession,
    SessionKind.ORGANIZATIONAL: HRC.OrganizationalSession,
}
VOTE_OPTIONS = {
    "Y": HRC.VoteYes, "N": HRC.VoteNo, "A": HRC.VoteAbstain, ".": HRC.VoteAbsent, "-": HRC.VoteNotMember,
}
#: The catalogue's vote types (before any comma) and the decision methods they stand for.
DECISION_METHODS = {
    "RECORDED": HRC.RecordedVote,
    "ADOPTED WITHOUT VOTE": HRC.AdoptedWithoutVote,
    "NON-RECORDED": HRC.NonRecorded,
    "WITHDRAWN": HRC.Withdrawn,
    "NOT CONSIDERED": HRC.NotConsidered,
}
TALLY_PROPERTIES = (
    ("yes", HRC.yesCount), ("no", HRC.noCount), ("abstain", HRC.abstainCount),
    ("nonvoting", HRC.nonVotingCount), ("total", HRC.totalCount),
)
COUNCIL_ITEMS = {str(n): getattr(HRC, f"Item{n}") for n in range(1, 11)}

# --- title language
#: Words that mark a title as French or Spanish and are not English words. A title is French
#: (Spanish) when it has at least two of that language's markers and more of them than English
#: markers; otherwise it is English (the catalogue's language). Short titles with a single
#: marker ("El Salvador") stay English.
FRENCH_MARKERS = frozenset({
    "le", "les", "des", "du", "et", "dans", "au", "aux", "sur", "pour", "à", "une", "l", "d", "droits", "homme",
    "renforcement", "capacités", "république",
})
SPANISH_MARKERS = frozenset({
    "el", "los", "las", "del", "y", "derechos", "humanos", "sobre", "con", "para", "una", "situación",
})
ENGLISH_MARKERS = frozenset({"the", "of", "and", "in", "on", "to", "for", "human", "rights", "with", "by"})
_WORDS = re.compile(r"[^\W\d_]+")

_URL = re.compile(r"^https?://[A-Za-z0-9.\-]+(?::\d+)?(?:/[^\s<>\"{}|\\^`]*)?$")


def title_language(title: str) -> str:
    """``"en"``, ``"fr"`` or ``"es"`` by counting marker words (see ``FRENCH_MARKERS``)."""
    words = _WORDS.findall(title.lower())
    fr = sum(w in FRENCH_MARKERS for w in words)
    es = sum(w in SPANISH_MARKERS for w in words)
    en = sum(w in ENGLISH_MARKERS for w in words)
    if fr >= 2 and fr > en and fr >= es:
        return "fr"
    if es >= 2 and es > en and es > fr:
        return "es"
    return "en"


def valid_url(url: str) -> bool:
    """Whether a catalogue link can be an IRI as it stands (absolute http(s), no spaces or bad characters)."""
    return bool(_URL.match(url))


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def session_label(body: str, session: str) -> str:
    """``"Human Rights Council, 33rd special session"``."""
    name = BODY_NAMES[body]
    if session.startswith("S-"):
        return f"{name}, {ordinal(int(session[2:]))} special session"
    if session.startswith("OM-"):
        return f"{name}, {ordinal(int(session[3:]))} organizational meeting"
    return f"{name}, {ordinal(int(session))} session"


@dataclass
class _Mapper:
    """The state of one mapping run: caches of repeated terms, the sink, the warnings."""

    data: OhchrData
    countries: Countries
    iris: IriFactory
    triples: list[Triple] = field(default_factory=list)
    warnings: list[SourceWarning] = field(default_factory=list)
    states: dict[str, NamedNode] = field(default_factory=dict)
    groups: dict[str, NamedNode] = field(default_factory=dict)
    sessions: dict[tuple[str, str], NamedNode] = field(default_factory=dict)
    session_years: dict[tuple[str, str], Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    session_kinds: dict[tuple[str, str], SessionKind] = field(default_factory=dict)
    subjects: dict[NamedNode, str] = field(default_factory=dict)
    subject_variants: dict[NamedNode, set[str]] = field(default_factory=lambda: defaultdict(set))
    agenda_items: dict[NamedNode, tuple[str, str, Counter[str]]] = field(default_factory=dict)
    drafts: dict[NamedNode, str] = field(default_factory=dict)
    text_iris: dict[str, NamedNode] = field(default_factory=dict)
    record_kinds: dict[str, TextKind] = field(default_factory=dict)
    """The kind of each text of the collection named by its symbol."""
    mandates: dict[NamedNode, Counter[str]] = field(default_factory=dict)
    """Each mandate named in a title, with the ways its title is written."""
    mandate_states: dict[NamedNode, str | None] = field(default_factory=dict)
    """The state each mandate is about (ISO3), None for a thematic mandate."""
    named_states: dict[str, Country | None] = field(default_factory=dict)
    """Agenda subjects (and the names in their parentheses) already looked up as state names."""

    def __post_init__(self) -> None:
        t = terms.term
        self.p = {name: t(getattr(HRC, name)) for name in (
            "symbol", "adoptedBy", "session", "dateAdopted", "meeting", "agendaItem", "subject", "concerns",
            "draft", "draftNote", "amends", "ohchrRecord", "ohchrRecordId", "unDocument", "catalogueNote",
            "sponsorship", "sponsor", "onBehalfOf", "sponsorRole", "sponsorStatement", "decision",
            "decisionMethod", "inVoteEvent", "voter", "voteOption", "body", "sessionNumber", "sessionType",
            "year", "basis", "onMandate", "takenBy", "derivation",
        )}
        self.vote_class = t(HRC.Vote)
        self.options = {code: t(option) for code, option in VOTE_OPTIONS.items()}
        self.bodies = {code: self.iris.body(code) for code in BODY_NAMES}

    def add(self, s: NamedNode | BlankNode, p: NamedNode, o: NamedNode | BlankNode | Literal) -> None:
        self.triples.append(Triple(s, p, o))

    def warn(self, message: str, record: OhchrRecord, column: str | None) -> None:
        self.warnings.append(SourceWarning(message, SourceLocation(
            self.data.resolutions_file.path, record.line, column)))

    def state(self, iso3: str) -> NamedNode:
        node = self.states.get(iso3)
        if node is None:
            node = self.states[iso3] = self.iris.state(iso3)
        return node

    def group(self, key: str) -> NamedNode:
        node = self.groups.get(key)
        if node is None:
            node = self.groups[key] = self.iris.group(key)
        return node

    def lookup_state(self, name: str) -> Country | None:
        if name not in self.named_states:
            self.named_states[name] = self.countries.lookup_state(name)
        return self.named_states[name]

    def actor(self, actor: Country | Group) -> NamedNode:
        return self.state(actor.iso3) if isinstance(actor, Country) else self.group(actor.key)


def ohchr_batch(data: OhchrData, countries: Countries, iris: IriFactory) -> SourceBatch:
    """The ``ohchr`` graph: every text of the collection, its session, sponsors, decision and votes."""
    m = _Mapper(data, countries, iris)
    bodies = TripleSink()
    for body in BODY_NAMES:
        add_body(bodies, iris, body)
    m.triples.extend(bodies.triples)
    for record in data.records:
        m.text_iris[record.record_id] = text_iri(data, record, iris)
        if data.unique_symbol(record):
            m.record_kinds[record.symbol_info.normalized] = record.kind
    for record in data.records:
        _map_record(m, record)
    _map_sessions(m)
    _map_concepts(m)
    return SourceBatch(
        graph=iris.source_graph("ohchr"),
        label=OHCHR_LABEL,
        files=[data.resolutions_file, data.votes_file],
        triples=m.triples,
        warnings=[*data.warnings, *m.warnings],
        license=OHCHR_LICENSE,
        attribution=OHCHR_ATTRIBUTION,
    )


def text_iri(data: OhchrData, record: OhchrRecord, iris: IriFactory) -> NamedNode:
    """The text's IRI: its symbol when usable and unique in the collection, else its record id."""
    if data.unique_symbol(record):
        return iris.text(record.symbol_info.normalized)
    return iris.text_by_record(record.record_id)


def _map_record(m: _Mapper, r: OhchrRecord) -> None:
    p = m.p
    text = m.text_iris[r.record_id]
    m.add(text, TYPE, terms.term(TEXT_CLASSES[r.kind]))
    info = r.symbol_info
    if info.normalized:
        m.add(text, p["symbol"], Literal(info.normalized))
        if " ".join(r.symbol.split()) != info.normalized:
            m.add(text, p["catalogueNote"], Literal(f"symbol as catalogued: {r.symbol}"))
    title = clean_title(r.title)
    if title:
        m.add(text, DCT_TITLE, Literal(title, language=title_language(title)))
    m.add(text, p["adoptedBy"], m.bodies[r.body])
    if r.session is not None:
        key = (r.body, r.session)
        session = m.sessions.get(key)
        if session is None:
            session = m.sessions[key] = m.iris.session(r.body, r.session)
            m.session_kinds[key] = r.session_kind or SessionKind.REGULAR
        if r.date is not None:
            m.session_years[key][r.date.year] += 1
        m.add(text, p["session"], session)
    if r.date is not None:
        m.add(text, p["dateAdopted"], terms.date(r.date))
    for meeting in r.meetings:
        m.add(text, p["meeting"], Literal(meeting))
    _map_agenda(m, r, text)
    concerned: set[str] = set()
    _map_subjects(m, r, text, concerned)
    _map_draft(m, r, text)
    _map_links(m, r, text)
    for note in r.notes:
        m.add(text, p["catalogueNote"], Literal(note))
    _map_sponsors(m, r, text)
    _map_decision(m, r, text)
    _map_mandate(m, r, text, concerned)


def _map_agenda(m: _Mapper, r: OhchrRecord, text: NamedNode) -> None:
    if r.agenda_item is None:
        return
    if r.body == COUNCIL:
        m.add(text, m.p["agendaItem"], terms.term(COUNCIL_ITEMS[r.agenda_item]))
        return
    assert r.session is not None  # the reader keeps a Commission item only with its session
    node = m.iris.commission_agenda_item(r.session, r.agenda_item)
    entry = m.agenda_items.get(node)
    if entry is None:
        entry = m.agenda_items[node] = (r.session, r.agenda_item, Counter())
    label = " ".join(r.agenda_item_title.split()).rstrip(" -–").strip()
    if label and label.lower() != "x":
        entry[2][label] += 1
    m.add(text, m.p["agendaItem"], node)


def _map_subjects(m: _Mapper, r: OhchrRecord, text: NamedNode, concerned: set[str]) -> None:
    """Agenda subjects: a state is what the text concerns, anything else a subject (theme)."""
    if not r.subjects.strip():
        return
    for part in (p.strip() for p in r.subjects.split(" - ")):
        if not part:
            continue
        country = m.lookup_state(part)
        if country is not None:
            if country.iso3 not in concerned:
                concerned.add(country.iso3)
                _concerns(m, text, country, HRC.FromAgendaSubject, text)
            continue
        node = m.iris.subject(part)
        if node not in m.subjects:
            m.subjects[node] = part
        elif m.subjects[node] != part:
            m.subject_variants[node].add(part)
        m.add(text, m.p["subject"], node)
        inner = re.search(r"\(([^()]+)\)\s*$", part)
        if inner:  # "DARFUR (SUDAN)": a place within a state
            country = m.lookup_state(inner.group(1))
            if country is not None and country.iso3 not in concerned:
                concerned.add(country.iso3)
                _concerns(m, text, country, HRC.FromAgendaSubject, text)


def _concerns(m: _Mapper, text: NamedNode, country: Country | None, basis: URIRef, source: NamedNode,
              *, direct: bool = True) -> None:
    """``text hrc:concerns state``, and an ``rdf:Statement`` saying on what basis it was inferred."""
    if country is None:
        return
    state = m.state(country.iso3)
    if direct:
        m.add(text, m.p["concerns"], state)
    statement = BlankNode("c" + content_hash(text.value, "concerns", country.iso3, str(basis)))
    m.add(statement, TYPE, RDF_STATEMENT)
    m.add(statement, RDF_SUBJECT, text)
    m.add(statement, RDF_PREDICATE, m.p["concerns"])
    m.add(statement, RDF_OBJECT, state)
    m.add(statement, m.p["basis"], terms.term(basis))
    m.add(statement, terms.term(PROV.wasDerivedFrom), source)


def draft_symbols(r: OhchrRecord) -> tuple[list[str], list[str]]:
    """(drafts of this text, drafts this amendment amends) named in the catalogue's draft field."""
    note = r.draft
    own = r.symbol_info.normalized
    prefix = ""
    if r.body == COUNCIL and r.session is not None and r.session_kind != SessionKind.ORGANIZATIONAL:
        prefix = f"A/HRC/{r.session}/"
    found: list[str] = []
    for match in DRAFT_SYMBOL_IN_TEXT.finditer(note):
        found.append(parse_symbol(match.group(0)).normalized)
    if prefix:
        for match in BARE_L_NUMBER.finditer(note):
            found.append(prefix + match.group(0))
    found = [s for s in dict.fromkeys(found) if s != own]
    if r.kind != TextKind.AMENDMENT:
        return found, []
    target = re.search(r"\bto\s+(?:the\s+)?draft\s+(?:resolution|decision|presidential statement)\s+(\S+)",
                       note, re.IGNORECASE) or re.match(r"\s*Amendment\s+to\s+(\S+)", note, re.IGNORECASE)
    if target is None:
        return [], []
    word = target.group(1)
    symbol = (prefix + word if prefix and BARE_L_NUMBER.fullmatch(word)
              else parse_symbol(word).normalized)
    return [], [symbol] if symbol in found else []


def _map_draft(m: _Mapper, r: OhchrRecord, text: NamedNode) -> None:
    if not r.draft.strip():
        return
    m.add(text, m.p["draftNote"], Literal(r.draft))
    drafts, amended = draft_symbols(r)
    for predicate, symbols in ((m.p["draft"], drafts), (m.p["amends"], amended)):
        for symbol in symbols:
            if not m.iris.symbol_is_usable(symbol):
                continue
            node = m.iris.text(symbol)
            m.add(text, predicate, node)
            if node in m.drafts:
                continue
            m.drafts[node] = symbol
            catalogued = m.record_kinds.get(symbol)
            if catalogued is None:
                m.add(node, TYPE, terms.term(HRC.Draft))
                m.add(node, m.p["symbol"], Literal(symbol))
            elif catalogued != TextKind.DRAFT:
                # A text of the collection, described by its own record; being named as a draft
                # makes it a draft too (an L document is a proposal), which the catalogue should say.
                m.add(node, TYPE, terms.term(HRC.Draft))
                m.warn(f"the draft field names {symbol} as a draft, but the collection catalogues "
                       f"{symbol} as a {catalogued.value}; it is typed as both", r, "draft")


def _map_links(m: _Mapper, r: OhchrRecord, text: NamedNode) -> None:
    p = m.p
    m.add(text, p["ohchrRecordId"], Literal(r.record_id))
    for column, url, predicate in (
        ("record_url", r.record_url, p["ohchrRecord"]),
        ("url_resolution", r.url_resolution, p["unDocument"]),
        ("url_draft", r.url_draft, p["unDocument"]),
        *(("meeting_type", url, p["unDocument"]) for url in r.documents),
    ):
        if not url:
            continue
        if valid_url(url):
            m.add(text, predicate, NamedNode(url))
        else:
            m.warn(f"{column} {url!r} is not a valid absolute URL; kept as a catalogue note", r, column)
            m.add(text, p["catalogueNote"], Literal(f"{column}: {url}"))


def _map_sponsors(m: _Mapper, r: OhchrRecord, text: NamedNode) -> None:
    statement = r.main_sponsors.strip()
    if not statement:
        return
    p = m.p
    location = SourceLocation(m.data.resolutions_file.path, r.line, "main_sponsors")
    try:
        entries = m.countries.parse_sponsors(statement, location)
    except SourceError as exc:
        m.warnings.append(SourceWarning(f"main sponsors not all recognized ({exc.message}); "
                                        "the statement is kept as written", location))
        node = m.iris.part(text, "sponsor-1")
        m.add(text, p["sponsorship"], node)
        m.add(node, TYPE, terms.term(HRC.Sponsorship))
        m.add(node, p["sponsorRole"], terms.term(HRC.MainSponsor))
        m.add(node, p["sponsorStatement"], Literal(statement))
        return
    for i, entry in enumerate(entries, start=1):
        node = m.iris.part(text, f"sponsor-{i}")
        m.add(text, p["sponsorship"], node)
        m.add(node, TYPE, terms.term(HRC.Sponsorship))
        m.add(node, p["sponsorRole"], terms.term(HRC.MainSponsor))
        if entry.sponsor is not None:
            m.add(node, p["sponsor"], m.actor(entry.sponsor))
        if entry.on_behalf_of is not None:
            m.add(node, p["onBehalfOf"], m.actor(entry.on_behalf_of))
        m.add(node, p["sponsorStatement"], Literal(entry.text))


def decision_method(vote_type: str) -> tuple[NamedNode | None, str | None]:
    """(decision method, the variant's wording to keep as a note) for a catalogue vote type."""
    text = " ".join(vote_type.split())
    head, _, variant = text.partition(",")
    method = DECISION_METHODS.get(head.strip().upper())
    return (terms.term(method) if method is not None else None), (variant.strip() or None)


def _map_decision(m: _Mapper, r: OhchrRecord, text: NamedNode) -> None:
    p = m.p
    event = m.iris.part(text, "vote")
    m.add(text, p["decision"], event)
    m.add(event, TYPE, terms.term(HRC.VoteEvent))
    method, variant = decision_method(r.vote_type)
    if method is not None:
        m.add(event, p["decisionMethod"], method)
        if variant:
            m.add(event, p["catalogueNote"], Literal(variant))
    elif r.vote_type.strip():
        m.warn(f"vote_type {r.vote_type!r} is not a known decision method; kept as a catalogue note",
               r, "vote_type")
        m.add(event, p["catalogueNote"], Literal(r.vote_type.strip()))
    else:
        m.warn("vote_type is empty: how the text was decided is not recorded", r, "vote_type")
    for column, prop in TALLY_PROPERTIES:
        value = getattr(r, column)
        if value is not None:
            m.add(event, terms.term(prop), terms.integer(value))
    votes = m.data.votes_by_record.get(r.record_id)
    if votes:
        _map_votes(m, r, event, text, votes)


def _map_votes(m: _Mapper, r: OhchrRecord, event: NamedNode, text: NamedNode,
               votes: Sequence[OhchrVote]) -> None:
    in_event, voter, option = m.p["inVoteEvent"], m.p["voter"], m.p["voteOption"]
    vote_class, options, triples = m.vote_class, m.options, m.triples
    base = text.value + "#vote-"
    used: Counter[str] = Counter()
    for vote in votes:
        used[vote.iso3] += 1
        n = used[vote.iso3]
        node = NamedNode(base + vote.iso3 if n == 1 else f"{base}{vote.iso3}-{n}")
        triples.append(Triple(node, TYPE, vote_class))
        triples.append(Triple(node, in_event, event))
        triples.append(Triple(node, voter, m.state(vote.iso3)))
        triples.append(Triple(node, option, options[vote.vote]))


#: Texts that take no action on a mandate of their own, whatever their title says.
NO_ACTION_KINDS = frozenset({TextKind.AMENDMENT, TextKind.DRAFT})
NO_ACTION_METHODS = frozenset({HRC.Withdrawn, HRC.NotConsidered})


def _map_mandate(m: _Mapper, r: OhchrRecord, text: NamedNode, concerned: set[str]) -> None:
    """The mandate action a title names ("Mandate of the Special Rapporteur on ...").

    Only texts that were adopted act on a mandate: amendments, drafts, and withdrawn or
    not-considered texts are skipped.
    """
    if r.kind in NO_ACTION_KINDS:
        return
    method = DECISION_METHODS.get(r.vote_type.partition(",")[0].strip().upper())
    if method in NO_ACTION_METHODS:
        return
    found = mandate_from_title(r.title)
    if found is None:
        return
    p = m.p
    mandate = m.iris.mandate(found.title)
    m.mandates.setdefault(mandate, Counter())[found.title] += 1
    action = m.iris.part(text, "mandate-action-1")
    m.add(action, TYPE, terms.term(MANDATE_ACTION_TERMS[found.kind]))
    m.add(action, p["onMandate"], mandate)
    m.add(action, p["takenBy"], text)
    m.add(action, p["derivation"], terms.term(HRC.FromTitle))
    if found.duration:
        m.add(action, terms.term(HRC.duration), terms.duration(found.duration))
    if mandate not in m.mandate_states:
        country = mandate_state(found.title, m.countries)
        m.mandate_states[mandate] = country.iso3 if country is not None else None
    state = m.mandate_states[mandate]
    if state is not None:
        _concerns(m, text, m.countries.by_iso3(state), HRC.FromMandate, mandate, direct=state not in concerned)
        concerned.add(state)


def _map_sessions(m: _Mapper) -> None:
    p = m.p
    for (body, number), node in sorted(m.sessions.items(), key=lambda kv: kv[1].value):
        m.add(node, TYPE, terms.term(HRC.Session))
        m.add(node, p["body"], m.bodies[body])
        m.add(node, p["sessionNumber"], Literal(number))
        m.add(node, p["sessionType"], terms.term(SESSION_TYPES[m.session_kinds[(body, number)]]))
        m.add(node, SKOS_PREF_LABEL, terms.string(session_label(body, number), "en"))
        years = m.session_years.get((body, number))
        if years:
            year, count = years.most_common(1)[0]
            m.add(node, p["year"], terms.gyear(year))
            if len(years) > 1:
                others = ", ".join(f"{y} ({n})" for y, n in sorted(years.items()) if y != year)
                m.warnings.append(SourceWarning(
                    f"{session_label(body, number)}: texts adopted in {year} ({count}) and in {others}; "
                    f"the session's year is taken as {year}",
                    SourceLocation(m.data.resolutions_file.path, None, "date")))


def _map_concepts(m: _Mapper) -> None:
    for node, titles in m.mandates.items():
        ranked = sorted(titles.items(), key=lambda kv: (-kv[1], kv[0]))
        m.add(node, TYPE, terms.term(HRC.Mandate))
        m.add(node, SKOS_PREF_LABEL, terms.string(ranked[0][0], "en"))
        for other, _ in ranked[1:]:
            m.add(node, SKOS_ALT_LABEL, terms.string(other, "en"))
        state = m.mandate_states.get(node)
        m.add(node, terms.term(HRC.mandateKind), terms.term(MANDATE_KIND_TERMS["country" if state else "thematic"]))
        if state:
            m.add(node, m.p["concerns"], m.state(state))
    for node, label in m.subjects.items():
        m.add(node, TYPE, terms.term(HRC.Subject))
        m.add(node, TYPE, SKOS_CONCEPT)
        m.add(node, SKOS_PREF_LABEL, terms.string(label, "en"))
        for variant in sorted(m.subject_variants.get(node, ())):
            m.add(node, SKOS_ALT_LABEL, terms.string(variant, "en"))
    schemes: set[str] = set()
    for node, (session, notation, labels) in m.agenda_items.items():
        scheme = m.iris.commission_agenda(session)
        if session not in schemes:
            schemes.add(session)
            m.add(scheme, TYPE, SKOS_SCHEME)
            m.add(scheme, SKOS_PREF_LABEL, terms.string(f"Agenda of the {session_label(COMMISSION, session)}", "en"))
        m.add(node, TYPE, terms.term(HRC.AgendaItem))
        m.add(node, TYPE, SKOS_CONCEPT)
        m.add(node, SKOS_NOTATION, Literal(notation))
        m.add(node, SKOS_IN_SCHEME, scheme)
        if labels:
            ranked = sorted(labels.items(), key=lambda kv: (-kv[1], kv[0]))
            m.add(node, SKOS_PREF_LABEL, terms.string(ranked[0][0], "en"))
            for other, _ in ranked[1:]:
                m.add(node, SKOS_ALT_LABEL, terms.string(other, "en"))


__all__ = [
    "OHCHR_ATTRIBUTION", "OHCHR_LICENSE", "decision_method", "draft_symbols",
    "ohchr_batch", "session_label", "text_iri", "title_language", "valid_url",
]
