"""Joining sources: a text known from a seed-format record and from the OHCHR collection is one resource.

A seed-format record has no symbol and no date, so it is matched on what it does give:

1. the body (``Human Rights Council`` -> OHCHR body ``hrc``) and the kind of text;
2. the title, normalized. Recent OHCHR titles are catalogued in French or Spanish while the record's
   is English, so a title also matches when it continues a series whose earlier texts carry the
   record's title: the same body, agenda item, kind and state concerned, with the title in another
   language. The series is read from the collection itself, not from a translation table;
3. the dates the record's own text mentions (``in May 2023``): the text was adopted after the latest.

A match is asserted only when exactly one candidate remains. Otherwise the record keeps its own IRI
and each remaining candidate is recorded with the reasons it fits, in the ``graph/links`` graph.

When the texts themselves are known (the paragraph-split texts), the record's quotations decide:
each quotation is looked for in the clauses of each candidate (``graph.quotations``), and the match
is asserted only when exactly one candidate holds every quotation and every other candidate's text
was searched. Each quotation of a matched record then quotes the clause that holds it. Otherwise
every candidate is kept with its coverage ("holds 8 of 10 quotations; not found: q-1, q-5") among
its reasons.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from pyoxigraph import NamedNode

from hrcgraph.graph.countries import Countries
from hrcgraph.graph.iris import IriFactory
from hrcgraph.graph.namespaces import HRC
from hrcgraph.graph.quotations import ClauseText, QuoteMatch, find_quotation
from hrcgraph.graph.sources.base import SourceBatch, SourceFile
from hrcgraph.graph.sources.ohchr import OhchrData, OhchrRecord
from hrcgraph.graph.sources.ohchr_rdf import text_iri as ohchr_text_iri
from hrcgraph.graph.sources.ohchr_rdf import title_language
from hrcgraph.graph.sources.seed import SeedRecord, quotations, strip_ellipsis
from hrcgraph.graph.sources.seed_rdf import content_key, normalize_title, seed_text_iri
from hrcgraph.graph.terms import TripleSink, string

BODIES = {"human rights council": "hrc", "commission on human rights": "chr"}
_TITLE_TAIL = re.compile(r"\s*:?\s*(resolution|decision|presidential statement)\s*/?\s*$", re.IGNORECASE)
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december"]
_MONTH_YEAR = re.compile(r"\b(" + "|".join(_MONTHS) + r")\s+((?:19|20)\d\d)\b", re.IGNORECASE)
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")


@dataclass(frozen=True)
class Candidate:
    record: OhchrRecord
    iri: NamedNode
    reasons: tuple[str, ...]


@dataclass
class SeedLink:
    """What the join decided for one seed-format record."""

    record: SeedRecord
    matched: Candidate | None
    candidates: list[Candidate]
    ruled_out: list[str] = field(default_factory=list)
    quoted: dict[str, list[QuoteMatch | None]] = field(default_factory=dict)
    """Per candidate symbol whose text was searched: where each quotation was found (None: not found)."""

    def describe(self) -> str:
        name = self.record.path.name
        if self.matched is not None:
            line = f"{name}: matched {self.matched.record.symbol}"
        elif not self.candidates:
            line = f"{name}: no OHCHR text fits; the record keeps its own IRI"
        else:
            symbols = ", ".join(c.record.symbol for c in self.candidates)
            line = f"{name}: {len(self.candidates)} OHCHR texts fit ({symbols}); no match asserted"
        lines = [line]
        for symbol, found in self.quoted.items():
            lines.append(f"    {symbol}: {coverage(found)}")
            lines += [f"      q-{n}: {m.describe() if m else 'not found'}" for n, m in enumerate(found, start=1)]
        return "\n".join(lines)

    def quoted_clause(self, number: int) -> NamedNode | None:
        """The clause of the matched text that quotation ``number`` (from 1, in file order) quotes."""
        if self.matched is None:
            return None
        found = self.quoted.get(self.matched.record.symbol_info.normalized)
        if not found or number > len(found) or found[number - 1] is None:
            return None
        match = found[number - 1]
        return NamedNode(match.clause.iri) if match is not None else None


def coverage(found: Sequence[QuoteMatch | None]) -> str:
    """``"holds 8 of 10 quotations; not found: q-1, q-5"``."""
    missing = [f"q-{n}" for n, m in enumerate(found, start=1) if m is None]
    held = len(found) - len(missing)
    text = f"holds {held} of {len(found)} quotations"
    return text + (f"; not found: {', '.join(missing)}" if missing else "")


@dataclass
class SeedLinks:
    links: list[SeedLink]
    batch: SourceBatch | None
    _by_key: dict[tuple[str, ...], NamedNode] = field(default_factory=dict)

    def text_iri_for(self, record: SeedRecord) -> NamedNode | None:
        """The OHCHR text's IRI for a matched record, else None (the record keeps its own IRI)."""
        return self._by_key.get(content_key(record))

    def quoted_clause_for(self, record: SeedRecord, number: int) -> NamedNode | None:
        """The clause of the matched text that the record's quotation ``number`` quotes, else None."""
        key = content_key(record)
        link = next((li for li in self.links if content_key(li.record) == key), None)
        return link.quoted_clause(number) if link is not None else None


def link_seed_records(records: Sequence[SeedRecord], data: OhchrData | None, iris: IriFactory,
                      countries: Countries | None = None,
                      texts: Mapping[str, Sequence[ClauseText]] | None = None) -> SeedLinks:
    """Match each seed-format record against the OHCHR collection (when there is one).

    ``texts`` are the clauses of the texts whose wording is known, by the text's IRI: with them, the
    record's quotations decide between candidates (see the module docstring)."""
    if data is None or not records:
        return SeedLinks([], None)
    countries = countries or Countries.load()
    index = SeriesIndex(data, countries)
    links: list[SeedLink] = []
    by_key: dict[tuple[str, ...], NamedNode] = {}
    sink = TripleSink()
    for record in records:
        link = _match(record, data, index, iris, countries)
        if texts is not None and link.candidates:
            _decide_by_quotations(link, texts)
        links.append(link)
        if link.matched is not None:
            by_key[content_key(record)] = link.matched.iri
            continue
        text = seed_text_iri(record, iris)
        for n, cand in enumerate(link.candidates, start=1):
            node = IriFactory.part(text, f"candidate-{n}")
            sink.add(text, HRC.candidateMatch, node)
            sink.type(node, HRC.MatchCandidate)
            sink.add(node, HRC.candidate, cand.iri)
            sink.add(node, HRC.matchReason, string("; ".join(cand.reasons)))
    files = sorted({SourceFile(r.path, r.sha256) for r in records}, key=lambda f: f.sha256)
    batch = SourceBatch(iris.source_graph("links"), "Matches between seed-format records and OHCHR texts",
                        files=[data.resolutions_file, *files], triples=sink.triples)
    return SeedLinks(links, batch, by_key)


def _match(record: SeedRecord, data: OhchrData, index: SeriesIndex, iris: IriFactory,
           countries: Countries) -> SeedLink:
    body = BODIES.get((record.body or "").strip().casefold())
    title = _title_key(record.title)
    state = countries.find_state_in_text(record.title)
    after = latest_mentioned_date(record)
    candidates: list[Candidate] = []
    ruled_out: list[str] = []
    english_titles = {r.record_id for r in data.records if _title_key(r.title) == title}
    series = {index.series_of(data.by_id[rid]) for rid in english_titles} - {None}
    for r in data.records:
        if body is not None and r.body != body:
            continue
        if r.kind.value not in ("resolution", "decision", "presidential statement"):
            continue
        reasons: list[str] = [f"same body ({record.body})"] if body else []
        if r.record_id in english_titles:
            reasons.append("same title")
        elif index.series_of(r) in series and title_language(_clean_title(r.title)) != "en":
            reasons.append(
                f"title in {title_language(_clean_title(r.title))} continues the series of texts titled "
                f"{record.title!r} (same body, agenda item {r.agenda_item}, kind and state concerned)"
            )
        else:
            continue
        if after is not None and r.date is not None and r.date <= after:
            ruled_out.append(f"{r.symbol} adopted {r.date.isoformat()}, before the record's latest date "
                             f"({after.isoformat()})")
            continue
        if after is not None:
            reasons.append(f"adopted {r.date.isoformat() if r.date else 'on an unknown date'}, after the latest "
                           f"date the record's text mentions ({after.strftime('%B %Y')})")
        if state is not None:
            reasons.append(f"concerns {state.name}")
        candidates.append(Candidate(r, ohchr_text_iri(data, r, iris), tuple(reasons)))
    candidates.sort(key=lambda c: (c.record.date or dt.date.min, c.record.symbol))
    matched = candidates[0] if len(candidates) == 1 else None
    return SeedLink(record, matched, candidates, ruled_out)


def _decide_by_quotations(link: SeedLink, texts: Mapping[str, Sequence[ClauseText]]) -> None:
    """Search each candidate's clauses for the record's quotations; keep a match only when exactly one
    candidate holds them all and every candidate was searched."""
    quoted = [q.text for _, q in quotations(link.record)]
    if not quoted:
        return
    holders: list[Candidate] = []
    unsearched: list[Candidate] = []
    candidates: list[Candidate] = []
    for cand in link.candidates:
        clauses = texts.get(cand.iri.value)
        if clauses is None:
            unsearched.append(cand)
            reasons = (*cand.reasons, "its text is not among the texts given")
            candidates.append(Candidate(cand.record, cand.iri, reasons))
            continue
        found = [find_quotation(q, clauses) for q in quoted]
        link.quoted[cand.record.symbol_info.normalized] = found
        if all(m is not None for m in found):
            holders.append(cand)
        candidates.append(Candidate(cand.record, cand.iri, (*cand.reasons, coverage(found))))
    link.candidates = candidates
    if len(holders) == 1 and not unsearched:
        held = next(c for c in candidates if c.iri == holders[0].iri)
        link.matched = held
        link.ruled_out += [f"{c.record.symbol}: {c.reasons[-1]}" for c in candidates if c.iri != held.iri]
    else:
        link.matched = None


def latest_mentioned_date(record: SeedRecord) -> dt.date | None:
    """The latest date the record's own text mentions (quotations and remarks), as the first day
    after that month or year: a text that mentions May 2023 was adopted after May 2023."""
    texts = [strip_ellipsis(q.text) for q in (*record.praise, *record.criticism)] + [r.text for r in record.remarks]
    latest: dt.date | None = None
    for text in texts:
        for month, year in _MONTH_YEAR.findall(text):
            m = _MONTHS.index(month.lower()) + 1
            end = dt.date(int(year) + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)
            latest = max(latest or end, end)
        for year in _YEAR.findall(_MONTH_YEAR.sub("", text)):
            end = dt.date(int(year), 1, 1)  # a bare year: only the year's start is certain
            latest = max(latest or end, end)
    return latest


class SeriesIndex:
    """Texts grouped into series: same body, agenda item, kind and state concerned."""

    def __init__(self, data: OhchrData, countries: Countries) -> None:
        self._countries = countries
        self._cache: dict[str, tuple[str, str, str, str] | None] = {}

    def series_of(self, r: OhchrRecord) -> tuple[str, str, str, str] | None:
        if r.record_id not in self._cache:
            state = None
            for part in r.subjects.split(" - "):
                found = self._countries.lookup_state(part.strip())
                if found is not None:
                    state = found
                    break
            if state is None:
                state = self._countries.find_state_in_text(_clean_title(r.title))
            self._cache[r.record_id] = (
                (r.body, r.agenda_item or "", r.kind.value, state.iso3) if state is not None else None
            )
        return self._cache[r.record_id]


def _clean_title(title: str) -> str:
    return _TITLE_TAIL.sub("", title).strip()


def title_key(title: str) -> str:
    """A title as compared: cleaned of the catalogue's kind marker, normalized, punctuation as spaces."""
    return _title_key(title)


def _title_key(title: str) -> str:
    return re.sub(r"[^\w]+", " ", normalize_title(_clean_title(title))).strip()
