"""Paragraph-split texts -> the ``graph/texts`` named graph: every paragraph a clause of its text.

Documents are joined to the texts the graph already knows, by symbol: the texts of the OHCHR voting
collection and the drafts and amendments its records name (``known_texts``). What does not join is
handled so that nothing disappears unsaid:

* a General Assembly document (``A/RES/60/251``, ``A/C.3/..``) is outside the Council's record; it
  is kept only as far as the graph needs it, and today nothing needs its paragraphs: the build
  summary counts those left out;
* any other document that the graph does not know is reported, one warning per document.

A joined text gets, per paragraph, a ``hrc:Clause`` at ``<text>#<label fragment>`` (``#op-23``,
``#op-1-a``, ``#pp-17``, ``#ax-1``, ``#p-1``) with its kind, label, number, position, parent,
cleaned wording and source wording, and its leading phrase twice: as written
(``hrc:operativePhrase``) and as a concept of the scheme of leading phrases (``hrc:leadingPhrase``,
``id/phrase/<slug>``, with the number of clauses that open with it).

Operative clauses (and their sub-paragraphs) that state a mandate action give a
``<text>#mandate-action-<fragment>`` of its kind (``graph.clauses.mandate_action``), on the one
mandate the title names whatever the wording, dated by the text's adoption date and linked to its
clause. A conversion or renaming names the mandate it gives (``hrc:resultingMandate``), an
establishment the mandate it continues (``hrc:predecessorMandate``); the later mandate ``hrc:succeeds``
the earlier. A text that acts on a mandate by a clause says more than its title: the title-derived
action of the OHCHR graph is then dropped (``drop_title_actions``).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pyoxigraph import Literal, NamedNode, Triple

from hrcgraph.graph import terms
from hrcgraph.graph.bodies import CITED_BODY_NAMES, add_body
from hrcgraph.graph.citations import Citation, citations, un_document_url
from hrcgraph.graph.clauses import (
    MANDATE_ACTION_TERMS,
    MANDATE_KIND_TERMS,
    MandateActionMatch,
    canonical_holder,
    mandate_action,
    mandate_kind,
    mandate_state,
    mandate_titles,
    normalize_phrase,
    operative_phrase,
)
from hrcgraph.graph.countries import Countries
from hrcgraph.graph.errors import SourceLocation
from hrcgraph.graph.iris import IriFactory, slugify
from hrcgraph.graph.lineage import align_all, previous_in_series
from hrcgraph.graph.namespaces import HRC
from hrcgraph.graph.paragraphs import ParagraphKind, clean_text
from hrcgraph.graph.quotations import ClauseText
from hrcgraph.graph.sources.base import SourceBatch, SourceFile, SourceWarning
from hrcgraph.graph.sources.ohchr import OhchrData
from hrcgraph.graph.sources.ohchr_rdf import (
    DECISION_METHODS,
    NO_ACTION_KINDS,
    NO_ACTION_METHODS,
    draft_symbols,
    text_iri,
)
from hrcgraph.graph.sources.texts import (
    TEXTS_ATTRIBUTION,
    TEXTS_LABEL,
    TEXTS_LICENSE,
    TextDocument,
    TextsData,
    read_texts,
)
from hrcgraph.graph.symbols import TextKind, parse_symbol
from hrcgraph.graph.terms import SKOS_IN_SCHEME, SKOS_PREF_LABEL, SKOS_SCHEME, TripleSink

_CLAUSE, _CLAUSE_OF, _CLAUSE_KIND, _CLAUSE_LABEL, _CLAUSE_NUMBER, _CLAUSE_POSITION, _CLAUSE_TEXT, _SOURCE_TEXT = (
    terms.T.Clause, terms.T.clauseOf, terms.T.clauseKind, terms.T.clauseLabel, terms.T.clauseNumber,
    terms.T.clausePosition, terms.T.clauseText, terms.T.sourceText)
_PARENT_CLAUSE, _OPERATIVE_PHRASE, _LEADING_PHRASE = (terms.T.parentClause, terms.T.operativePhrase,
                                                    terms.T.leadingPhrase)
KIND_TERMS = {
    "preambular": HRC.Preambular, "operative": HRC.Operative, "sub-paragraph": HRC.SubParagraph,
    "annex": HRC.AnnexParagraph, "plain": HRC.PlainParagraph,
}


@functools.lru_cache(maxsize=1 << 12)
def _phrase_concept(phrase: str) -> tuple[str, str] | None:
    """A leading phrase as written -> its key in the scheme and its label (``normalize_phrase``), or None.
    (Remembered: few phrases open most clauses.)"""
    normalized = normalize_phrase(phrase)
    return (slugify(normalized), normalized) if normalized else None


_integer = functools.lru_cache(maxsize=1 << 10)(terms.integer)
"""A clause's number or position: small numbers, each the same literal for every text."""
_KIND_NODES = {kind: terms.term(iri) for kind, iri in KIND_TERMS.items()}
#: Paragraph kinds whose clauses may state what the Council decided.
ACTING_KINDS: frozenset[ParagraphKind] = frozenset({"operative", "sub-paragraph", "plain"})
GENERAL_ASSEMBLY = re.compile(r"^A/(?!HRC/)")


@dataclass(frozen=True)
class KnownText:
    """A text the graph knows, as the join needs it."""

    iri: NamedNode
    kind: TextKind
    date: dt.date | None
    acts: bool
    """Whether it can act on a mandate: adopted (not withdrawn or not considered), not a draft or amendment."""


def known_texts(data: OhchrData, iris: IriFactory) -> dict[str, KnownText]:
    """The texts of the OHCHR collection by symbol, and the drafts and amendments its records name."""
    known: dict[str, KnownText] = {}
    for r in data.records:
        if not data.unique_symbol(r):
            continue
        method = DECISION_METHODS.get(r.vote_type.partition(",")[0].strip().upper())
        acts = r.kind not in NO_ACTION_KINDS and method not in NO_ACTION_METHODS
        known[r.symbol_info.normalized] = KnownText(text_iri(data, r, iris), r.kind, r.date, acts)
    for r in data.records:
        drafts, amended = draft_symbols(r)
        for symbol in (*drafts, *amended):
            if symbol not in known and iris.symbol_is_usable(symbol):
                kind = TextKind.AMENDMENT if symbol in amended else TextKind.DRAFT
                known[symbol] = KnownText(iris.text(symbol), kind, None, False)
    return known


@dataclass
class TextsResult:
    """The ``texts`` graph, and what the build needs to know of it."""

    batch: SourceBatch
    joined: int = 0
    general_assembly_left_out: int = 0
    not_joined: list[str] = field(default_factory=list)
    acting_texts: set[str] = field(default_factory=set)
    """IRIs of the texts with a mandate action read from a clause."""
    phrase_counts: Counter[str] = field(default_factory=Counter)
    clauses: dict[str, list[ClauseText]] = field(default_factory=dict)
    """Each joined text's clauses (by the text's IRI), in document order, for finding quotations."""
    citations: list[_Cited] = field(default_factory=list)
    """Citations read from the clauses, waiting to be resolved."""
    aligned: int = 0
    """Texts whose clauses were aligned with the previous text of their series."""
    resolved: int = 0
    unresolved: int = 0
    cited_elsewhere: dict[str, NamedNode] = field(default_factory=dict)
    """General Assembly and Security Council texts cited, by symbol: described minimally."""


@dataclass(frozen=True)
class _Cited:
    clause: NamedNode
    text: NamedNode
    citation: Citation
    where: SourceLocation


def texts_batch(data: TextsData, known: Mapping[str, KnownText], countries: Countries, iris: IriFactory,
                *, mandate_labels: Mapping[str, str] | None = None,
                previous: Mapping[str, NamedNode] | None = None) -> TextsResult:
    """Map every joined document; count or report the others.

    ``mandate_labels`` are the titles other graphs already give mandates (IRI -> skos:prefLabel):
    a mandate they name is not given a second title here. ``previous`` gives, by symbol, the previous
    text of a text's series (``graph.lineage.previous_in_series``): the text is linked to it and its
    clauses aligned with that text's, when its clauses are known.
    """
    sink = TripleSink()
    warnings = list(data.warnings)
    result = TextsResult(SourceBatch(iris.source_graph("texts"), TEXTS_LABEL, files=list(data.files),
                                     license=TEXTS_LICENSE, attribution=TEXTS_ATTRIBUTION))
    phrases: dict[str, tuple[str, NamedNode]] = {}
    """The scheme's concepts by key: label and IRI."""
    mandates: dict[NamedNode, str] = {}
    general_assembly: list[TextDocument] = []
    for doc in data.documents:
        target = known.get(doc.symbol)
        if target is None:
            if GENERAL_ASSEMBLY.match(doc.symbol):
                general_assembly.append(doc)
                continue
            result.not_joined.append(doc.symbol)
            warnings.append(SourceWarning(
                f"{doc.symbol} is not a text of the graph (not in the OHCHR collection, and named by none of its "
                f"records); its {len(doc.paragraphs)} paragraphs are left out", doc.location()))
            continue
        result.joined += 1
        _map_document(sink, doc, target, countries, iris, result, phrases, mandates, warnings)
    _resolve_citations(sink, result, known, iris, warnings)
    for doc in general_assembly:
        cited = result.cited_elsewhere.get(doc.symbol)
        if cited is None:
            result.general_assembly_left_out += 1
            continue
        # a General Assembly text that a text of the graph cites: its paragraphs are kept
        _map_document(sink, doc, KnownText(cited, TextKind.OTHER, None, False), countries, iris, result, phrases,
                      mandates, warnings)
    _resolve_citations(sink, result, known, iris, warnings)
    _lineage(sink, [(target.iri, before) for doc in data.documents
                    if (before := (previous or {}).get(doc.symbol)) is not None
                    and (target := known.get(doc.symbol)) is not None], result)
    scheme = iris.phrase_scheme()
    sink.add(scheme, terms.RDF_TYPE, SKOS_SCHEME)
    sink.add(scheme, SKOS_PREF_LABEL, terms.string("leading phrases of clauses", "en"))
    for key, (label, node) in sorted(phrases.items()):
        sink.type(node, HRC.LeadingPhrase)
        sink.add(node, terms.RDF_TYPE, terms.SKOS_CONCEPT)
        sink.add(node, SKOS_PREF_LABEL, terms.string(label, "en"))
        sink.add(node, SKOS_IN_SCHEME, scheme)
        sink.add(node, HRC.clauseCount, terms.integer(result.phrase_counts[key]))
    known_labels = mandate_labels or {}
    for mandate, title in sorted(mandates.items(), key=lambda kv: kv[0].value):
        sink.type(mandate, HRC.Mandate)
        if mandate.value not in known_labels:
            sink.add(mandate, SKOS_PREF_LABEL, terms.string(title, "en"))
        sink.add(mandate, HRC.mandateKind, MANDATE_KIND_TERMS[mandate_kind(title, countries)])
        state = mandate_state(title, countries)
        if state is not None:
            sink.add(mandate, HRC.concerns, iris.state(state.iso3))
    if result.general_assembly_left_out:
        files = ", ".join(sorted(f.path.name for f in data.files))
        warnings.append(SourceWarning(
            f"{result.general_assembly_left_out} General Assembly documents left out: no text of the graph needs "
            "their paragraphs", SourceLocation(files)))
    result.batch.triples = list(dict.fromkeys(sink.triples))
    result.batch.warnings = warnings
    return result


def _map_document(sink: TripleSink, doc: TextDocument, target: KnownText, countries: Countries,
                  iris: IriFactory, result: TextsResult, phrases: dict[str, tuple[str, NamedNode]],
                  mandates: dict[NamedNode, str], warnings: list[SourceWarning]) -> None:
    text = target.iri
    own_body = parse_symbol(doc.symbol).body or ("ga" if GENERAL_ASSEMBLY.match(doc.symbol) else None)
    labels = {p.label.text for p in doc.paragraphs}
    cleaned = {p.label.text: clean_text(p.text, p.label) for p in doc.paragraphs}
    known_titles = _TitlesNamed(cleaned.values())
    acted: set[tuple[str, NamedNode]] = set()
    add = sink.triples.append  # the clauses are most of the graph: their triples are made without sink.add's checks
    clauses = result.clauses.setdefault(text.value, [])
    for paragraph in doc.paragraphs:
        label = paragraph.label
        node = iris.part(text, label.fragment)
        wording = cleaned[label.text] or paragraph.text.strip()
        add(Triple(node, terms.RDF_TYPE, _CLAUSE))
        add(Triple(node, _CLAUSE_OF, text))
        add(Triple(node, _CLAUSE_KIND, _KIND_NODES[label.kind]))
        add(Triple(node, _CLAUSE_LABEL, Literal(label.text)))
        if not label.subs:
            add(Triple(node, _CLAUSE_NUMBER, _integer(label.number)))
        add(Triple(node, _CLAUSE_POSITION, _integer(paragraph.position)))
        add(Triple(node, _CLAUSE_TEXT, Literal(wording)))
        add(Triple(node, _SOURCE_TEXT, Literal(paragraph.text)))
        clauses.append(ClauseText(node.value, label.text, wording))
        for citation in citations(wording, own_body):
            result.citations.append(_Cited(node, text, citation, doc.location(paragraph)))
        parent = label.parent
        if parent is not None:
            if parent in labels:
                add(Triple(node, _PARENT_CLAUSE, iris.part(text, label.parent_fragment)))
            else:
                warnings.append(SourceWarning(f"sub-paragraph of {parent}, which the document does not have",
                                              doc.location(paragraph)))
        found = operative_phrase(wording)
        if found is not None:
            phrase = found[0]
            add(Triple(node, _OPERATIVE_PHRASE, Literal(phrase)))
            concept = _phrase_concept(phrase)
            if concept is not None:
                key = concept[0]
                known_phrase = phrases.get(key)
                if known_phrase is None:
                    known_phrase = phrases[key] = (concept[1], iris.phrase(key))
                result.phrase_counts[key] += 1
                add(Triple(node, _LEADING_PHRASE, known_phrase[1]))
        if target.acts and label.kind in ACTING_KINDS:
            action = mandate_action(wording, known=known_titles)
            if action is None:
                continue
            mandate = _mandate(action.title, iris, mandates)
            if (action.kind, mandate) in acted:
                continue
            acted.add((action.kind, mandate))
            act = iris.part(text, "mandate-action-" + label.fragment)
            sink.type(act, MANDATE_ACTION_TERMS[action.kind])
            sink.add(act, HRC.onMandate, mandate)
            sink.add(act, HRC.takenBy, text)
            sink.add(act, HRC.derivation, HRC.FromClause)
            sink.add(act, HRC.derivedFromClause, node)
            if action.duration and action.kind != "termination":
                sink.add(act, HRC.duration, terms.duration(action.duration))
            if target.date is not None:
                sink.add(act, HRC.actionDate, terms.date(target.date))
            _succession(sink, act, mandate, action, iris, mandates)
            result.acting_texts.add(text.value)


def _succession(sink: TripleSink, act: NamedNode, mandate: NamedNode, action: MandateActionMatch, iris: IriFactory,
                mandates: dict[NamedNode, str]) -> None:
    """A conversion or renaming names the mandate it gives, an establishment the one it continues; the later
    mandate ``hrc:succeeds`` the earlier."""
    if action.successor is not None:
        later = _mandate(action.successor, iris, mandates)
        sink.add(act, HRC.resultingMandate, later)
        sink.add(later, HRC.succeeds, mandate)
    if action.predecessor is not None:
        earlier = _mandate(action.predecessor, iris, mandates)
        sink.add(act, HRC.predecessorMandate, earlier)
        sink.add(mandate, HRC.succeeds, earlier)


def _mandate(holder: str, iris: IriFactory, mandates: dict[NamedNode, str]) -> NamedNode:
    """The mandate of a holder's title as a clause words it, recorded in ``mandates`` with its canonical title."""
    title = canonical_holder(holder)
    mandate = iris.mandate(title)
    mandates.setdefault(mandate, title)
    return mandate


class _TitlesNamed(Sequence[str]):
    """The mandate titles a document's paragraphs name (``mandate_titles``), in order, read when first asked
    for: only a clause that acts on a bare holder ("the Independent Expert") needs them, and reading them
    from every paragraph of the corpus would cost more than the rest of its clauses' mapping."""

    def __init__(self, wordings: Iterable[str]) -> None:
        self._wordings = list(wordings)
        self._titles: list[str] | None = None

    @property
    def titles(self) -> list[str]:
        if self._titles is None:
            self._titles = [t for wording in self._wordings for t in mandate_titles(wording)]
        return self._titles

    def __getitem__(self, index: Any) -> Any:
        return self.titles[index]

    def __len__(self) -> int:
        return len(self.titles)


CHANGE_TERMS = {"unchanged": HRC.Unchanged, "changed": HRC.Changed, "new": HRC.NewClause}
_CHANGE_NODES = {change: terms.term(iri) for change, iri in CHANGE_TERMS.items()}
_CLAUSE_CHANGE, _ALIGNED_WITH, _DROPPED_CLAUSE, _CITES = (terms.T.clauseChange, terms.T.alignedWith,
                                                          terms.T.droppedClause, terms.T.cites)


def _lineage(sink: TripleSink, series: list[tuple[NamedNode, NamedNode]], result: TextsResult) -> None:
    """Each text's place in its series (``(text, previous text)``), and its clauses aligned with the previous
    text's (all the series' alignments at once: on a corpus, on every core)."""
    pairs: list[tuple[NamedNode, list[ClauseText], list[ClauseText]]] = []
    for text, before in series:
        sink.add(text, HRC.previousInSeries, before)
        older, newer = result.clauses.get(before.value), result.clauses.get(text.value)
        if older and newer:
            pairs.append((text, older, newer))
    alignments = align_all([(older, newer) for _, older, newer in pairs])
    result.aligned += len(alignments)
    add = sink.triples.append  # a triple or two for most clauses of the corpus: made without sink.add's checks
    for (text, _, _), alignment in zip(pairs, alignments, strict=True):
        for aligned in alignment.clauses:
            node = NamedNode(aligned.clause.iri)
            add(Triple(node, _CLAUSE_CHANGE, _CHANGE_NODES[aligned.change]))
            if aligned.counterpart is not None:
                add(Triple(node, _ALIGNED_WITH, NamedNode(aligned.counterpart.iri)))
        for dropped in alignment.dropped:
            add(Triple(text, _DROPPED_CLAUSE, NamedNode(dropped.iri)))


def _resolve_citations(sink: TripleSink, result: TextsResult, known: Mapping[str, KnownText], iris: IriFactory,
                       warnings: list[SourceWarning]) -> None:
    """Link each pending citation to the text it names: a text of the graph, or a minimal resource for a
    General Assembly or Security Council text (symbol, body, UN document link); report the others."""
    pending, result.citations = result.citations, []
    for cited in pending:
        citation = cited.citation
        target = known.get(citation.symbol)
        node = target.iri if target is not None else result.cited_elsewhere.get(citation.symbol)
        if node is None and citation.body in CITED_BODY_NAMES and iris.symbol_is_usable(citation.symbol):
            node = result.cited_elsewhere[citation.symbol] = iris.text(citation.symbol)
            sink.type(node, HRC.Text)
            sink.add(node, HRC.symbol, terms.string(citation.symbol))
            sink.add(node, HRC.adoptedBy, add_body(sink, iris, citation.body))
            sink.add(node, HRC.unDocument, NamedNode(un_document_url(citation.symbol)))
        if node is None:
            result.unresolved += 1
            warnings.append(SourceWarning(
                f"cites {citation.written!r} ({citation.symbol}), which the graph does not know; left unresolved",
                cited.where))
            continue
        result.resolved += 1
        sink.add(cited.clause, _CITES, node)
        sink.add(cited.text, _CITES, node)


def drop_title_actions(batch: SourceBatch, acting_texts: Iterable[str]) -> int:
    """Drop from the OHCHR graph the title-derived mandate actions of texts whose clauses say more.

    Returns how many actions were dropped."""
    acting = set(acting_texts)
    doomed = {f"{text}#mandate-action-1" for text in acting}
    kept: list[Triple] = []
    dropped: set[str] = set()
    for triple in batch.triples:
        subject = triple.subject
        if isinstance(subject, NamedNode) and subject.value in doomed:
            dropped.add(subject.value)
            continue
        kept.append(triple)
    batch.triples = kept
    return len(dropped)


def mandate_labels(batch: SourceBatch) -> dict[str, str]:
    """The skos:prefLabel a batch gives each mandate (to give no second one)."""
    mandate_class = terms.term(HRC.Mandate)
    mandates = {t.subject.value for t in batch.triples
                if t.predicate == terms.RDF_TYPE and t.object == mandate_class and isinstance(t.subject, NamedNode)}
    return {t.subject.value: t.object.value for t in batch.triples
            if t.predicate == SKOS_PREF_LABEL and isinstance(t.subject, NamedNode) and t.subject.value in mandates
            and isinstance(t.object, Literal)}


def import_texts(files: list[SourceFile], gaps: list[SourceWarning], ohchr: OhchrData | None,
                 ohchr_batch: SourceBatch | None, countries: Countries, iris: IriFactory,
                 *, log: Callable[[str], None] = print) -> TextsResult:
    """The ``texts`` graph from the year files, joined to the OHCHR collection when there is one.

    Title-derived mandate actions of the OHCHR graph that a clause says more about are dropped from it."""
    data = read_texts(files)
    data.warnings[:0] = gaps
    return convert_texts(data, ohchr, ohchr_batch, countries, iris, log=log)


def convert_texts(data: TextsData, ohchr: OhchrData | None, ohchr_batch: SourceBatch | None, countries: Countries,
                  iris: IriFactory, *, log: Callable[[str], None] = print) -> TextsResult:
    """The ``texts`` graph from texts already read (the registry's ``texts`` importer converts with it)."""
    known = known_texts(ohchr, iris) if ohchr is not None else {}
    previous: dict[str, NamedNode] = {}
    if ohchr is not None:
        for symbol, record in previous_in_series(ohchr, countries, [d.symbol for d in data.documents]).items():
            previous[symbol] = text_iri(ohchr, record, iris)
    result = texts_batch(data, known, countries, iris,
                         mandate_labels=mandate_labels(ohchr_batch) if ohchr_batch is not None else None,
                         previous=previous)
    dropped = drop_title_actions(ohchr_batch, result.acting_texts) if ohchr_batch is not None else 0
    log(f"  texts: {len(data.documents)} documents, {data.paragraph_count} paragraphs; {result.joined} joined, "
        f"{result.general_assembly_left_out} General Assembly documents left out, {len(result.not_joined)} not "
        f"joined (reported); {len(result.acting_texts)} texts act on a mandate by a clause, replacing "
        f"{dropped} title-derived actions; {result.resolved} citations resolved "
        f"({len(result.cited_elsewhere)} General Assembly or Security Council texts), {result.unresolved} not; "
        f"{len(previous)} texts follow an earlier text of their series, {result.aligned} aligned clause by clause")
    return result
