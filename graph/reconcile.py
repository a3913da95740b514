"""Matching names to hrcgraph resources, for the Entity Reconciliation Service API (no HTTP here).

A ``Reconciler`` is made from the published store (``GraphStore.query``) and the bundled country table:
states and groups are matched with ``graph.countries`` (its name keys, aliases and its rule that a name
both a regional and a political group carry is the political group's), texts by symbol and title,
mandates and sessions by their labels. Every candidate carries its score (0-100) and the reasons for it
(``Reason``): an exact ISO code or symbol, the official name, an alias, or a fuzzy name. A candidate is a
``match`` only when the name is unambiguous: an exact reason that no other candidate shares.

``Reconciler.extend`` reads property values (ISO codes, Wikidata item, M49, regional group, date adopted,
agenda item, decision method, ...) for given resources, as the API's data extension asks.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode

from hrcgraph.graph.countries import Countries, Country, Group, name_key
from hrcgraph.graph.iris import IriFactory
from hrcgraph.graph.namespaces import HRC
from hrcgraph.graph.store.base import GraphStore, SelectResult

ONTOLOGY_NS = str(HRC._NS)
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"


@dataclass(frozen=True)
class EntityType:
    id: str
    name: str
    description: str


TYPES: tuple[EntityType, ...] = (
    EntityType(ONTOLOGY_NS + "State", "State", "UN member and observer States, and former states"),
    EntityType(ONTOLOGY_NS + "Group", "Group of states",
               "UN regional groups and the political groups that sponsor texts"),
    EntityType(ONTOLOGY_NS + "Text", "Text",
               "Resolutions, decisions, presidential statements and drafts, by UN symbol or title"),
    EntityType(ONTOLOGY_NS + "Mandate", "Special Procedures mandate", "Mandates created, extended or ended"),
    EntityType(ONTOLOGY_NS + "Session", "Session", "Sessions of the Council and of the Commission"),
)
TYPES_BY_ID: dict[str, EntityType] = {t.id: t for t in TYPES}


@dataclass(frozen=True)
class Reason:
    """Why a candidate was proposed. ``exact`` reasons may make a match; fuzzy ones never do."""

    feature: str
    score: float
    exact: bool
    text: str


CODE = "code"
OFFICIAL = "official_name"
ALIAS = "alias"
SHORT_NAME = "name_without_qualifier"
COUNTERPART = "counterpart_group"
ALL_WORDS = "all_words_of_query"
FUZZY = "fuzzy_name"


@dataclass
class Candidate:
    id: str
    name: str
    type: EntityType
    reason: Reason
    description: str = ""
    match: bool = False

    @property
    def score(self) -> float:
        return self.reason.score


@dataclass(frozen=True)
class ExtendProperty:
    id: str
    name: str
    types: tuple[str, ...]
    """The entity types (ids) that have this property."""
    sparql: str
    """A graph pattern binding ``?value`` (and optionally ``?label``) for ``?s``."""
    kind: str
    """``str``, ``int``, ``date`` or ``entity``."""
    target: str | None = None
    """For entity values that are themselves reconcilable: their type (id)."""


_STATE, _GROUP, _TEXT, _MANDATE, _SESSION = (t.id for t in TYPES)
_NOTATION = f"?s <{SKOS}notation> ?value . FILTER(DATATYPE(?value) = <{{}}>)"

PROPERTIES: tuple[ExtendProperty, ...] = (
    ExtendProperty("iso3", "ISO 3166-1 alpha-3 code", (_STATE,), _NOTATION.format(HRC.ISO3166Alpha3), "str"),
    ExtendProperty("iso2", "ISO 3166-1 alpha-2 code", (_STATE,), _NOTATION.format(HRC.ISO3166Alpha2), "str"),
    ExtendProperty("iso_numeric", "ISO 3166-1 numeric code", (_STATE,), _NOTATION.format(HRC.ISO3166Numeric),
                   "str"),
    ExtendProperty("m49", "UN M49 code", (_STATE,), _NOTATION.format(HRC.M49), "str"),
    ExtendProperty("wikidata", "Wikidata item", (_STATE,),
                   "?s <http://www.w3.org/2002/07/owl#sameAs> ?value . "
                   "FILTER(STRSTARTS(STR(?value), 'http://www.wikidata.org/entity/'))", "str"),
    ExtendProperty("regional_group", "UN regional group", (_STATE,),
                   f"?s <{HRC.regionalGroup}> ?value . OPTIONAL {{ ?value <{SKOS}prefLabel> ?label }}", "entity",
                   _GROUP),
    ExtendProperty("symbol", "UN document symbol", (_TEXT,), f"?s <{HRC.symbol}> ?value", "str"),
    ExtendProperty("title", "Title", (_TEXT,), f"?s <{DCT}title> ?value", "str"),
    ExtendProperty("date_adopted", "Date adopted", (_TEXT,), f"?s <{HRC.dateAdopted}> ?value", "date"),
    ExtendProperty("agenda_item", "Agenda item", (_TEXT,),
                   f"?s <{HRC.agendaItem}> ?value . OPTIONAL {{ ?value <{SKOS}prefLabel> ?label }}", "entity"),
    ExtendProperty("session", "Session", (_TEXT,),
                   f"?s <{HRC.session}> ?value . OPTIONAL {{ ?value <{SKOS}prefLabel> ?label }}", "entity", _SESSION),
    ExtendProperty("decision_method", "Decision method", (_TEXT,),
                   f"?s <{HRC.decision}>/<{HRC.decisionMethod}> ?value . "
                   f"OPTIONAL {{ ?value <{SKOS}prefLabel> ?label }}", "entity"),
    ExtendProperty("yes", "Votes in favour (official tally)", (_TEXT,),
                   f"?s <{HRC.decision}>/<{HRC.yesCount}> ?value", "int"),
    ExtendProperty("no", "Votes against (official tally)", (_TEXT,),
                   f"?s <{HRC.decision}>/<{HRC.noCount}> ?value", "int"),
    ExtendProperty("abstain", "Abstentions (official tally)", (_TEXT,),
                   f"?s <{HRC.decision}>/<{HRC.abstainCount}> ?value", "int"),
    ExtendProperty("concerns", "State concerned", (_TEXT, _MANDATE),
                   f"?s <{HRC.concerns}> ?value . OPTIONAL {{ ?value <{SKOS}prefLabel> ?label }}", "entity", _STATE),
)
PROPERTIES_BY_ID: dict[str, ExtendProperty] = {p.id: p for p in PROPERTIES}


@dataclass(frozen=True)
class Value:
    """One property value: a string, an integer, a date (``YYYY-MM-DD``) or an entity (IRI and name)."""

    kind: str
    value: str | int
    name: str | None = None


@dataclass
class _Labelled:
    iri: str
    name: str
    description: str = ""
    keys: set[str] = field(default_factory=set)
    title: str = ""


_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset({"the", "of", "on", "and", "in", "to", "for", "a", "an", "de", "la", "le", "des", "en", "et"})
_SESSION_NAME = re.compile(
    r"^(?:(?P<body>hrc|human rights council|council|chr|commission(?: on human rights)?)\s*,?\s*)?"
    r"(?P<special>special session\s*)?(?P<s>s\s*-?\s*)?(?P<n>\d{1,3})(?:st|nd|rd|th)?"
    r"(?:\s*(?P<special2>special)?\s*session)?$")


def symbol_key(symbol: str) -> str:
    """``" a/hrc/res/55/25 "`` -> ``A/HRC/RES/55/25``."""
    return re.sub(r"\s+", "", symbol).upper()


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(name_key(text)) if w not in _STOP}


class Reconciler:
    """Candidates for names, and property values for resources, over one published dataset."""

    def __init__(self, store: GraphStore, iris: IriFactory, countries: Countries) -> None:
        self.store = store
        self.iris = iris
        self.countries = countries
        self._texts: dict[str, _Labelled] = {}
        self._by_symbol: dict[str, list[str]] = defaultdict(list)
        self._mandates: dict[str, _Labelled] = {}
        self._sessions: dict[tuple[str, str], _Labelled] = {}
        self._words: dict[str, dict[str, set[str]]] = {_TEXT: defaultdict(set), _MANDATE: defaultdict(set)}
        self._iso2 = {c.iso2.upper(): c for c in countries.states if c.iso2}
        self._load()

    # --- loading
    def _select(self, sparql: str) -> SelectResult:
        return self.store.select(sparql)

    def _load(self) -> None:
        text_classes = " ".join(f"<{HRC[c]}>" for c in
                                ("Text", "Resolution", "Decision", "PresidentialStatement", "Draft", "Amendment"))
        for row in self._select(
                f"SELECT ?t (SAMPLE(?sym) AS ?symbol) (SAMPLE(?ti) AS ?title) (SAMPLE(?d) AS ?date) WHERE {{"
                f" VALUES ?c {{ {text_classes} }} ?t a ?c . OPTIONAL {{ ?t <{HRC.symbol}> ?sym }}"
                f" OPTIONAL {{ ?t <{DCT}title> ?ti }} OPTIONAL {{ ?t <{HRC.dateAdopted}> ?d }} }} GROUP BY ?t"):
            iri = row["t"].value
            symbol = row["symbol"].value if row["symbol"] is not None else ""
            title = row["title"].value if row["title"] is not None else ""
            date = row["date"].value if row["date"] is not None else ""
            name = symbol or title or iri
            description = " ".join(p for p in (symbol and title, date and f"({date})") if p)
            self._texts[iri] = _Labelled(iri, name, description, title=title)
            if symbol:
                self._by_symbol[symbol_key(symbol)].append(iri)
            for w in _words(title):
                self._words[_TEXT][w].add(iri)
        for row in self._select(
                f"SELECT ?m ?label ?alt WHERE {{ ?m a <{HRC.Mandate}> ; <{SKOS}prefLabel> ?label ."
                f" OPTIONAL {{ ?m <{SKOS}altLabel> ?alt }} }} ORDER BY ?m"):
            iri = row["m"].value
            entry = self._mandates.setdefault(iri, _Labelled(iri, row["label"].value))
            for label in (row["label"], row["alt"]):
                if label is not None:
                    entry.keys.add(name_key(label.value))
                    for w in _words(label.value):
                        self._words[_MANDATE][w].add(iri)
        for row in self._select(
                f"SELECT ?s ?body ?n (SAMPLE(?l) AS ?label) WHERE {{ ?s a <{HRC.Session}> ; <{HRC.sessionNumber}> ?n ;"
                f" <{HRC.body}> ?body . OPTIONAL {{ ?s <{SKOS}prefLabel> ?l }} }} GROUP BY ?s ?body ?n"):
            body = row["body"].value.rstrip("/").rsplit("/", 1)[-1]
            number = row["n"].value.upper()
            label = row["label"].value if row["label"] is not None else f"{body.upper()} {number}"
            entry = _Labelled(row["s"].value, label, keys={name_key(label)})
            self._sessions[(body, number)] = entry

    # --- reconciliation
    def reconcile(self, query: str, types: Sequence[str] = (), *, limit: int = 5) -> list[Candidate]:
        """Candidates for ``query`` among ``types`` (all types when empty), best first, at most ``limit``."""
        wanted = [TYPES_BY_ID[t] for t in types if t in TYPES_BY_ID] or list(TYPES)
        found: dict[str, Candidate] = {}
        for entity_type in wanted:
            for cand in self._candidates(query, entity_type):
                known = found.get(cand.id)
                if known is None or cand.score > known.score:
                    found[cand.id] = cand
        ranked = sorted(found.values(), key=lambda c: (-c.score, c.name, c.id))
        exact = [c for c in ranked if c.reason.exact]
        if exact and (len(exact) == 1 or exact[0].score > exact[1].score):
            exact[0].match = True
        return ranked[:max(1, limit)]

    def _candidates(self, query: str, entity_type: EntityType) -> list[Candidate]:
        if not query.strip():
            return []
        match entity_type.id:
            case t if t == _STATE:
                return self._state_candidates(query, entity_type)
            case t if t == _GROUP:
                return self._group_candidates(query, entity_type)
            case t if t == _TEXT:
                return self._text_candidates(query, entity_type)
            case t if t == _MANDATE:
                return self._mandate_candidates(query, entity_type)
            case _:
                return self._session_candidates(query, entity_type)

    def _state(self, country: Country, entity_type: EntityType, reason: Reason) -> Candidate:
        what = "former state" if country.former else country.status
        codes = "/".join(c for c in (country.iso3, country.iso2) if c)
        return Candidate(self.iris.state(country.iso3).value, country.name, entity_type, reason,
                         description=f"{what}, {codes}" + (f", {country.regional_group}"
                                                          if country.regional_group else ""))

    def _state_candidates(self, query: str, entity_type: EntityType) -> list[Candidate]:
        found: dict[str, Candidate] = {}
        key = name_key(query)
        code = query.strip().upper()
        by_code = self.countries.by_iso3(code) if len(code) == 3 else self._iso2.get(code) if len(code) == 2 \
            else None
        if by_code is not None:
            found[by_code.iso3] = self._state(by_code, entity_type, Reason(CODE, 100, True, f"ISO 3166 code {code}"))
        for country in self.countries.states:
            if country.iso3 in found:
                continue
            if key == name_key(country.name) or (country.formal_name and key == name_key(country.formal_name)):
                found[country.iso3] = self._state(country, entity_type,
                                                  Reason(OFFICIAL, 100, True, "official name"))
            elif any(key == name_key(alias) for alias in country.aliases):
                found[country.iso3] = self._state(country, entity_type, Reason(ALIAS, 95, True, "alias"))
        if not found:
            resolved = self.countries.lookup_state(query)
            if resolved is not None:
                found[resolved.iso3] = self._state(resolved, entity_type,
                                                   Reason(SHORT_NAME, 90, True, "name without its qualifier"))
        for country, ratio in self.countries.similar_states(query):
            if country.iso3 not in found:
                found[country.iso3] = self._state(country, entity_type,
                                                  Reason(FUZZY, round(80 * ratio, 1), False,
                                                         f"similar name ({ratio:.2f})"))
        return list(found.values())

    def _group(self, group: Group, entity_type: EntityType, reason: Reason) -> Candidate:
        kind = "UN regional group" if group.kind == "regional" else "political group"
        return Candidate(self.iris.group(group.key).value, group.name, entity_type, reason,
                         description=kind + (f" ({group.code})" if group.code else ""))

    def _group_candidates(self, query: str, entity_type: EntityType) -> list[Candidate]:
        found: dict[str, Candidate] = {}
        resolved = self.countries.lookup_group(query)
        if resolved is not None:
            key = name_key(query)
            official = key in (name_key(resolved.name), name_key(resolved.key)) or \
                (resolved.code is not None and key == name_key(resolved.code))
            reason = Reason(OFFICIAL, 100, True, "official name") if official else \
                Reason(ALIAS, 95, True, "alias (the name as sponsors use it)")
            found[resolved.key] = self._group(resolved, entity_type, reason)
            other = self.countries.group(resolved.counterpart) if resolved.counterpart else None
            if other is not None and key in {name_key(n) for n in other.names()}:
                found[other.key] = self._group(
                    other, entity_type,
                    Reason(COUNTERPART, 70, False, f"also named so; {resolved.name} is the negotiating form"))
        key = name_key(query)
        names = {name_key(n): g for g in self.countries.groups for n in g.names()}
        for close in difflib.get_close_matches(key, list(names), n=5, cutoff=0.7):
            group = names[close]
            if group.key not in found:
                ratio = difflib.SequenceMatcher(None, key, close).ratio()
                reason = Reason(FUZZY, round(80 * ratio, 1), False, f"similar name ({ratio:.2f})")
                found[group.key] = self._group(group, entity_type, reason)
        return list(found.values())

    def _text_candidates(self, query: str, entity_type: EntityType) -> list[Candidate]:
        found: dict[str, Candidate] = {}
        for iri in self._by_symbol.get(symbol_key(query), ()):
            t = self._texts[iri]
            found[iri] = Candidate(iri, t.name, entity_type, Reason(CODE, 100, True, "UN document symbol"),
                                   description=t.description)
        if found:
            return list(found.values())
        for iri, ratio in self._by_words(_TEXT, query, lambda i: self._texts[i].title):
            t = self._texts[iri]
            found[iri] = Candidate(iri, t.name, entity_type, Reason(FUZZY, round(80 * ratio, 1), False,
                                                                   f"similar title ({ratio:.2f})"),
                                   description=t.description)
        return list(found.values())

    def _mandate_candidates(self, query: str, entity_type: EntityType) -> list[Candidate]:
        key = name_key(query)
        found: dict[str, Candidate] = {}
        for iri, m in self._mandates.items():
            if key in m.keys:
                found[iri] = Candidate(iri, m.name, entity_type, Reason(OFFICIAL, 100, True, "mandate title"))
        if found:
            return list(found.values())
        words = _words(query)
        containing = [iri for iri in self._mandates if words and all(iri in self._words[_MANDATE].get(w, ())
                                                                     for w in words)]
        if len(words) >= 2:
            for iri in containing:
                m = self._mandates[iri]
                found[iri] = Candidate(iri, m.name, entity_type,
                                       Reason(ALL_WORDS, 85, True, "the title has every word of the name"))
        for iri, ratio in self._by_words(_MANDATE, query, lambda i: self._mandates[i].name):
            if iri not in found:
                m = self._mandates[iri]
                found[iri] = Candidate(iri, m.name, entity_type,
                                       Reason(FUZZY, round(80 * ratio, 1), False, f"similar title ({ratio:.2f})"))
        return list(found.values())

    def _session_candidates(self, query: str, entity_type: EntityType) -> list[Candidate]:
        key = name_key(query)
        found = [Candidate(s.iri, s.name, entity_type, Reason(OFFICIAL, 100, True, "session name"))
                 for s in self._sessions.values() if key in s.keys]
        if found:
            return found
        m = _SESSION_NAME.match(key)
        if m is None:
            return []
        special = bool(m.group("special") or m.group("s") or m.group("special2"))
        number = ("S-" if special else "") + str(int(m.group("n")))
        body_word = m.group("body") or ""
        bodies = ["chr"] if body_word.startswith(("chr", "commission")) else ["hrc"] if body_word else ["hrc", "chr"]
        hits = [self._sessions[(b, number)] for b in bodies if (b, number) in self._sessions]
        return [Candidate(s.iri, s.name, entity_type,
                          Reason(CODE, 95 if len(hits) == 1 else 80, True, "body and session number"))
                for s in hits]

    def _by_words(self, kind: str, query: str, spelled: Callable[[str], str]) -> list[tuple[str, float]]:
        """Resources whose labels hold most of the query's words (at least 60 %), best first, with a similarity
        (0-1) that weighs the share of the query's words found and the likeness of the whole label."""
        index = self._words[kind]
        words = _words(query)
        if not words:
            return []
        hits: dict[str, int] = defaultdict(int)
        for w in words:
            for iri in index.get(w, ()):
                hits[iri] += 1
        key = name_key(query)
        scored = []
        for iri, n in hits.items():
            coverage = n / len(words)
            if coverage < 0.6:
                continue
            ratio = difflib.SequenceMatcher(None, key, name_key(spelled(iri))).ratio()
            scored.append((iri, round(0.8 * coverage + 0.2 * ratio, 3)))
        return sorted(scored, key=lambda x: (-x[1], x[0]))[:10]

    # --- suggest
    def suggest(self, prefix: str, types: Sequence[str] = (), *, limit: int = 10) -> list[Candidate]:
        """Entities whose name starts with (or, failing that, resembles) ``prefix``: for auto-completion."""
        key = name_key(prefix)
        if not key:
            return []
        wanted = {t for t in types if t in TYPES_BY_ID} or set(TYPES_BY_ID)
        out: list[Candidate] = []
        reason = Reason("prefix", 100, False, "name starts so")
        if _STATE in wanted:
            out += [self._state(c, TYPES_BY_ID[_STATE], reason) for c in self.countries.states
                    if any(name_key(n).startswith(key) for n in c.names()) or c.iso3.casefold() == key]
        if _GROUP in wanted:
            out += [self._group(g, TYPES_BY_ID[_GROUP], reason) for g in self.countries.groups
                    if any(name_key(n).startswith(key) for n in g.names())]
        if _TEXT in wanted:
            skey = symbol_key(prefix)
            out += [Candidate(t.iri, t.name, TYPES_BY_ID[_TEXT], reason, t.description)
                    for t in self._texts.values() if symbol_key(t.name).startswith(skey)][:limit]
        if _MANDATE in wanted:
            out += [Candidate(m.iri, m.name, TYPES_BY_ID[_MANDATE], reason) for m in self._mandates.values()
                    if any(k.startswith(key) for k in m.keys)]
        if _SESSION in wanted:
            out += [Candidate(s.iri, s.name, TYPES_BY_ID[_SESSION], reason) for s in self._sessions.values()
                    if any(k.startswith(key) for k in s.keys)]
        if not out:
            out = [c for t in wanted for c in self._candidates(prefix, TYPES_BY_ID[t])]
        return sorted(out, key=lambda c: (-c.score, len(c.name), c.name))[:limit]

    # --- description of one entity (preview)
    def describe(self, iri: str) -> Candidate | None:
        """The entity an IRI names, with its name, type and description; None when it is not one of ours."""
        for candidate in self._known(iri):
            return candidate
        return None

    def _known(self, iri: str) -> Iterable[Candidate]:
        reason = Reason("id", 100, True, "identifier")
        prefix = self.iris.base + "id/state/"
        if iri.startswith(prefix):
            country = self.countries.by_iso3(iri[len(prefix):])
            if country is not None:
                yield self._state(country, TYPES_BY_ID[_STATE], reason)
        for group in self.countries.groups:
            if self.iris.group(group.key).value == iri:
                yield self._group(group, TYPES_BY_ID[_GROUP], reason)
        if iri in self._texts:
            t = self._texts[iri]
            yield Candidate(iri, t.name, TYPES_BY_ID[_TEXT], reason, t.description)
        if iri in self._mandates:
            yield Candidate(iri, self._mandates[iri].name, TYPES_BY_ID[_MANDATE], reason)
        for s in self._sessions.values():
            if s.iri == iri:
                yield Candidate(iri, s.name, TYPES_BY_ID[_SESSION], reason)

    # --- data extension
    def propose_properties(self, type_id: str | None) -> list[ExtendProperty]:
        return [p for p in PROPERTIES if type_id is None or type_id in p.types]

    def extend(self, ids: Sequence[str], property_ids: Sequence[str]) -> dict[str, dict[str, list[Value]]]:
        """``{id: {property: [values]}}`` for every id and property asked (unknown ids get no values)."""
        rows: dict[str, dict[str, list[Value]]] = {i: {p: [] for p in property_ids} for i in ids}
        subjects = [i for i in dict.fromkeys(ids) if i.startswith(self.iris.base) and _is_iri(i)]
        if not subjects:
            return rows
        values = " ".join(str(NamedNode(i)) for i in subjects)
        for pid in dict.fromkeys(property_ids):
            prop = PROPERTIES_BY_ID.get(pid)
            if prop is None:
                continue
            label = "?label" if "?label" in prop.sparql else ""
            query = (f"SELECT DISTINCT ?s ?value {label} WHERE {{ VALUES ?s {{ {values} }} {prop.sparql} }} "
                     "ORDER BY ?s ?value")
            seen: set[tuple[str, str]] = set()
            for row in self._select(query):
                s, v = row["s"].value, row["value"]
                if (s, v.value) in seen:
                    continue
                seen.add((s, v.value))
                rows[s][pid].append(_value(prop, v, row["label"] if label else None))
        return rows


def _value(prop: ExtendProperty, term: object, label: object) -> Value:
    if prop.kind == "entity":
        assert isinstance(term, NamedNode)
        name = label.value if isinstance(label, Literal) else term.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        return Value("entity", term.value, name)
    value = getattr(term, "value", str(term))
    if prop.kind == "int":
        return Value("int", int(value))
    if prop.id == "wikidata":
        return Value("str", value.rsplit("/", 1)[-1])
    return Value(prop.kind, value)


_IRI_OK = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")


def _is_iri(value: str) -> bool:
    """Whether a client's id can stand in a query as an IRI (it is checked before it becomes a term)."""
    return bool(_IRI_OK.match(value))
