"""States and groups: the bundled reference tables, name resolution, and their triples.

Three bundled tables (``graph/data``, see its README for sources and licences):

* ``un-states.csv``: the 193 UN member states and the two non-member observer States;
* ``former-states.csv``: the five former states of the voting catalogue (CSK, DDR, GER, SUN, YUG);
* ``state-aliases.csv``: other names sources use for a state ("Turkey", "Swaziland", "USSR");
* ``groups.csv``: the five UN regional groups and the political groups that sponsor texts.

Names are resolved as sources write them: case, accents, curly or straight apostrophes, hyphens,
a trailing or leading "the" and UNTERM's "(the)" do not matter. A name is tried as written, then
without its parenthetical ("Bolivia (Plurinational State of)" is also "Bolivia"). Current states win
over former ones when both carry a name ("Federal Republic of Germany" is Germany, DEU; the
catalogue's "Germany, Federal Republic of" is GER).

Regional and political groups are different resources even where they share members: the regional
group (``african-states``, "Group of African States") is the electoral grouping that seats belong to;
the political group (``african-group``, "African Group") is the same states acting as a negotiating
bloc. A state tabling a text "on behalf of the Group of African States" acts for the negotiating
bloc, so a name that both carry resolves to the political group, and the two are linked with
``skos:related``. The regional group is reached by its code (``regional_group("AFRICAN")``).
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import as_file
from pathlib import Path

from pyoxigraph import NamedNode

from hrcgraph.graph import terms
from hrcgraph.graph.errors import SourceError, SourceLocation, UnknownNameError
from hrcgraph.graph.iris import IriFactory
from hrcgraph.graph.namespaces import HRC, WD
from hrcgraph.graph.resources import reference_data
from hrcgraph.graph.sources.base import SourceBatch, SourceFile
from hrcgraph.graph.terms import OWL_SAME_AS, SKOS_ALT_LABEL, SKOS_NOTATION, SKOS_PREF_LABEL, SKOS_RELATED

STATUS_MEMBER = "member"
STATUS_OBSERVER = "non-member observer State"
STATUS_FORMER = "former state"

REGIONAL_GROUP_CODES = ("AFRICAN", "APG", "EEG", "GRULAC", "WEOG")
BUNDLED_TABLES = ("un-states.csv", "former-states.csv", "state-aliases.csv", "groups.csv")

COUNTRY_LICENSE = "https://opendatacommons.org/licenses/pddl/1-0/"
COUNTRY_ATTRIBUTION = (
    "States: datasets/country-codes (Open Data Commons Public Domain Dedication and License, ODC-PDDL 1.0); "
    "UN regional groups: openclimatedata/countrygroups (CC0 1.0); former states: ISO 3166-3 codes and "
    "Wikidata (CC0 1.0); names from the UN Terminology Database (UNTERM)."
)

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'", "′": "'"})
_THE_PAREN = re.compile(r"\(\s*the\s*\)")
_PUNCT = re.compile(r"[\s\-‐‑‒–—_.,;:()\[\]*/\"]+")
_TRAILING_PAREN = re.compile(r"\s*\([^()]*\)\s*$")
_LEADING_THE = re.compile(r"^the\s+")


def name_key(name: str) -> str:
    """The comparison key of a name: ``"Côte d’Ivoire"`` and ``"COTE D'IVOIRE"`` -> ``cote d'ivoire``."""
    text = unicodedata.normalize("NFKD", name.translate(_APOSTROPHES))
    if not text.isascii():  # (no ASCII character is a combining one: most names and titles need no pass)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold()
    text = _THE_PAREN.sub(" ", text).replace("&", " and ")
    text = _PUNCT.sub(" ", text).strip()
    return _LEADING_THE.sub("", text)


def _clean(value: str | None) -> str | None:
    """A table cell without padding; empty cells are None."""
    if value is None:
        return None
    text = value.strip()
    return text or None


def _display_name(unterm_short: str) -> str:
    """UNTERM's sorting form "Gambia (the)" written as a label: "Gambia"."""
    return re.sub(r"\s*\(the\)\s*$", "", unterm_short).strip()


@dataclass(frozen=True)
class Country:
    """A state: a UN member, a non-member observer State, or a former state of the voting catalogue."""

    iso3: str
    iso2: str | None
    iso_numeric: str | None
    m49: str | None
    name: str
    formal_name: str | None
    wikidata: str | None
    geonames: str | None
    status: str
    regional_group: str | None
    former: bool = False
    valid_from: str | None = None
    valid_until: str | None = None
    aliases: tuple[str, ...] = ()
    """Other names sources use (UNTERM's "(the)" form, older or colloquial names)."""

    def names(self) -> tuple[str, ...]:
        """Every name this state is known by: its name, formal name and aliases, as written."""
        found: list[str] = [self.name]
        if self.formal_name:
            found.append(self.formal_name)
        found.extend(self.aliases)
        return tuple(dict.fromkeys(found))


@dataclass(frozen=True)
class Group:
    """A group of states: a UN regional group or a political (negotiating) group."""

    key: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    code: str | None = None
    """The regional group's code (AFRICAN, APG, EEG, GRULAC, WEOG)."""
    counterpart: str | None = None
    """The key of the regional group a political group is the negotiating form of, and the reverse."""

    def names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.name, *self.aliases)))


@dataclass(frozen=True)
class SponsorEntry:
    """One sponsor named in a sponsors statement such as ``"Gambia (on behalf of the Group of African States)"``.

    ``sponsor`` is the state or group that tables the text; None when an office tables it
    (``office``, e.g. the President of the Human Rights Council). ``except_states`` are members the
    statement excludes ("on behalf of the OIC, except Albania").
    """

    text: str
    sponsor: Country | Group | None
    on_behalf_of: Group | None = None
    except_states: tuple[Country, ...] = ()
    office: str | None = None


#: Offices that table texts in their own name; they are neither a state nor a group.
OFFICES = ("President of the Human Rights Council", "President of the Council")


@dataclass
class _NameIndex:
    """Name keys to entries, with the name as written for suggestions."""

    entries: dict[str, object] = field(default_factory=dict)
    spelled: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, entry: object, *, suggest: bool = True) -> None:
        """Index a name; the first entry to claim a name keeps it. Codes are indexed but not suggested."""
        key = name_key(name)
        if not key or key in self.entries:
            return
        self.entries[key] = entry
        if suggest:
            self.spelled[key] = name

    def get(self, name: str) -> object | None:
        key = name_key(name)
        hit = self.entries.get(key)
        if hit is None:
            bare = name_key(_TRAILING_PAREN.sub("", name))
            if bare != key:
                hit = self.entries.get(bare)
        return hit

    def suggestions(self, name: str, *, limit: int = 5) -> list[str]:
        close = difflib.get_close_matches(name_key(name), list(self.spelled), n=limit, cutoff=0.6)
        return [self.spelled[key] for key in close]


class Countries:
    """The bundled state and group tables, with name resolution."""

    def __init__(self, states: Iterable[Country], groups: Iterable[Group]) -> None:
        self.states: list[Country] = list(states)
        self.groups: list[Group] = list(groups)
        self._by_iso3 = {c.iso3: c for c in self.states}
        self._groups_by_key = {g.key: g for g in self.groups}
        self._regional = {g.code: g for g in self.groups if g.kind == "regional" and g.code}
        self._state_names = _NameIndex()
        self._text_names: dict[str, Country] = {}
        self._build_state_index()
        self._group_names = _NameIndex()
        self._build_group_index()
        self._text_pattern = self._build_text_pattern()

    # --- loading
    @classmethod
    def load(cls) -> Countries:
        """The bundled tables (read once per process; the tables ship with the package)."""
        return _load_bundled()

    def _build_state_index(self) -> None:
        # Current states first, former states after: a name both carry is the current state's.
        ordered = sorted(self.states, key=lambda c: c.former)
        seen: dict[str, Country] = {}
        for country in ordered:
            for variant in _state_variants(country):
                key = name_key(variant)
                other = seen.get(key)
                if other is not None and other.iso3 != country.iso3 and other.former == country.former:
                    raise ValueError(f"state name {variant!r} is ambiguous: {other.iso3} and {country.iso3}")
                seen.setdefault(key, country)
                self._state_names.add(variant, country)
            self._state_names.add(country.iso3, country, suggest=False)
        self._text_names = {
            key: entry for key, entry in self._state_names.entries.items()
            if isinstance(entry, Country) and key != entry.iso3.casefold()
        }

    def _build_group_index(self) -> None:
        # Political groups first: a sponsor "on behalf of the Group of African States" acts for
        # the negotiating bloc (see the module docstring).
        ordered = sorted(self.groups, key=lambda g: g.kind != "political")
        for group in ordered:
            for name in group.names():
                self._group_names.add(name, group)
            self._group_names.add(group.key, group, suggest=False)
        for group in ordered:
            if group.code:
                self._group_names.add(group.code, group, suggest=False)

    def _build_text_pattern(self) -> re.Pattern[str]:
        keys = sorted(self._text_names, key=len, reverse=True)
        alternation = "|".join(re.escape(k) for k in keys)
        return re.compile(rf"(?<![\w'])({alternation})(?![\w'])")

    # --- look-ups
    def by_iso3(self, code: str) -> Country | None:
        return self._by_iso3.get(code.strip().upper())

    def group(self, key: str) -> Group | None:
        """A group by its key (``african-group``)."""
        return self._groups_by_key.get(key)

    def regional_group(self, code: str) -> Group | None:
        """A UN regional group by its code (``AFRICAN``, ``APG``, ``EEG``, ``GRULAC``, ``WEOG``)."""
        return self._regional.get(code.strip().upper())

    def lookup_state(self, name: str) -> Country | None:
        """The state a name denotes, or None."""
        hit = self._state_names.get(name)
        return hit if isinstance(hit, Country) else None

    def lookup_group(self, name: str) -> Group | None:
        """The group a name denotes, or None."""
        hit = self._group_names.get(_strip_article(name))
        return hit if isinstance(hit, Group) else None

    def similar_states(self, name: str, *, limit: int = 5, cutoff: float = 0.6) -> list[tuple[Country, float]]:
        """States whose names resemble ``name`` (not exactly), closest first, with the similarity (0-1)."""
        key = name_key(name)
        close = difflib.get_close_matches(key, list(self._state_names.spelled), n=limit * 3, cutoff=cutoff)
        found: dict[str, tuple[Country, float]] = {}
        for other in close:
            country = self._state_names.entries[other]
            assert isinstance(country, Country)
            ratio = difflib.SequenceMatcher(None, key, other).ratio()
            if country.iso3 not in found or found[country.iso3][1] < ratio:
                found[country.iso3] = (country, ratio)
        return sorted(found.values(), key=lambda x: -x[1])[:limit]

    def resolve_state(self, name: str, location: SourceLocation) -> Country:
        """The state a source names; UnknownNameError (with the closest names) when none fits."""
        country = self.lookup_state(name)
        if country is None:
            raise UnknownNameError(name, self._state_names.suggestions(name), location)
        return country

    def resolve_group(self, name: str, location: SourceLocation) -> Group:
        """The group a source names; UnknownNameError (with the closest names) when none fits."""
        group = self.lookup_group(name)
        if group is None:
            raise UnknownNameError(name, self._group_names.suggestions(_strip_article(name)), location)
        return group

    def resolve_actor(self, name: str, location: SourceLocation) -> Country | Group:
        """A state or, failing that, a group."""
        actor: Country | Group | None = self.lookup_state(name) or self.lookup_group(name)
        if actor is None:
            close = self._state_names.suggestions(name) + self._group_names.suggestions(_strip_article(name))
            ranked = difflib.get_close_matches(name, close, n=5, cutoff=0.0)
            raise UnknownNameError(name, ranked, location)
        return actor

    def find_state_in_text(self, text: str) -> Country | None:
        """The one state a text names ("... for Mali in the field of human rights"), else None.

        Names and aliases match on word boundaries, longest first ("Democratic Republic of the
        Congo" is not also "Congo"). None when no state or several are named. A former state
        preceded by "former" ("the former Yugoslavia") names a territory, not the state, and is
        not counted.
        """
        key_text = name_key(text)
        found: dict[str, Country] = {}
        for match in self._text_pattern.finditer(key_text):
            country = self._text_names[match.group(1)]
            if country.former and key_text[: match.start()].rstrip().endswith("former"):
                continue
            found[country.iso3] = country
        return next(iter(found.values())) if len(found) == 1 else None

    # --- sponsors statements
    def parse_sponsors(self, statement: str, location: SourceLocation) -> list[SponsorEntry]:
        """The sponsors of a statement such as the OHCHR catalogue's ``main_sponsors`` field.

        Handles ``"Gambia (on behalf of the Group of African States)"``, ``"Cuba on behalf of a
        group of States"`` (the group then applies to every sponsor named before it without one),
        ``"Saudi Arabia and South Africa on behalf of ..."``, ``"..., except Albania and Tunisia"``,
        a missing comma after a closing parenthesis, and a group named alone (``"African Group"``).
        """
        segments = _sponsor_segments(statement)
        entries: list[SponsorEntry] = []
        pending: list[SponsorEntry] = []  # sponsors before a bare "on behalf of"
        for segment in segments:
            who, behalf, exceptions, bare = _split_behalf(segment)
            group = self.resolve_group(behalf, location) if behalf else None
            excluded = tuple(self.resolve_state(name, location) for name in exceptions)
            new = [
                SponsorEntry(text=segment, sponsor=actor, on_behalf_of=group, except_states=excluded,
                             office=office)
                for actor, office in self._sponsor_names(who, location)
            ]
            if bare and group is not None:
                entries.extend(
                    SponsorEntry(text=e.text, sponsor=e.sponsor, on_behalf_of=group,
                                 except_states=excluded, office=e.office)
                    for e in pending
                )
                pending = []
                entries.extend(new)
            elif group is not None:
                entries.extend(pending)
                pending = []
                entries.extend(new)
            else:
                pending.extend(new)
        entries.extend(pending)
        return entries

    def _sponsor_names(
        self, who: str, location: SourceLocation
    ) -> list[tuple[Country | Group | None, str | None]]:
        name = who.strip()
        office = _office(name)
        if office:
            return [(None, office)]
        actor: Country | Group | None = self.lookup_state(name) or self.lookup_group(name)
        if actor is not None:
            return [(actor, None)]
        parts = [p for p in re.split(r"\s+and\s+", name) if p.strip()]
        if len(parts) > 1:
            return [(self.resolve_actor(p, location), None) for p in parts]
        return [(self.resolve_actor(name, location), None)]


def _strip_article(name: str) -> str:
    return re.sub(r"^\s*(?:the|a|an)\s+", "", name, flags=re.IGNORECASE)


def _office(name: str) -> str | None:
    key = name_key(name)
    return next((o for o in OFFICES if name_key(o) == key), None)


def _sponsor_segments(statement: str) -> list[str]:
    """Top-level comma-separated parts, keeping parentheses whole and "except" with its group."""
    text = re.sub(r"\s+", " ", statement.replace("\u00a0", " ")).strip()
    text = re.sub(r"\)\s*(?=[^\s,)])", "), ", text)  # "...Union)United Kingdom" lacks its comma
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if ch == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    parts.append("".join(current).strip())
    merged: list[str] = []
    for part in parts:
        if not part:
            continue
        if merged and re.match(r"except\b", part, re.IGNORECASE):
            merged[-1] = f"{merged[-1]}, {part}"
        else:
            merged.append(part)
    return merged


_BEHALF = re.compile(r"^(?P<who>.*?)\s*(?P<open>\()?\s*on behalf of\s+(?P<group>.*?)\s*\)?\s*$", re.IGNORECASE)
_EXCEPT = re.compile(r",?\s*\bexcept\b\s*", re.IGNORECASE)


def _split_behalf(segment: str) -> tuple[str, str | None, list[str], bool]:
    """(sponsor names, group acted for, excepted states, whether "on behalf of" stood bare)."""
    match = _BEHALF.match(segment)
    if not match:
        return segment, None, [], False
    group_text = match.group("group")
    exceptions: list[str] = []
    pieces = _EXCEPT.split(group_text, maxsplit=1)
    if len(pieces) == 2:
        group_text = pieces[0]
        exceptions = [p.strip() for p in re.split(r"\s*,\s*|\s+and\s+", pieces[1]) if p.strip()]
    return match.group("who"), group_text.strip(), exceptions, match.group("open") is None


def _state_variants(country: Country) -> list[str]:
    variants = [*country.names(), *(_TRAILING_PAREN.sub("", n) for n in country.names())]
    return [v for v in dict.fromkeys(variants) if v.strip()]


# --- loading the bundled tables

def _read_table(name: str) -> list[dict[str, str]]:
    text = reference_data(name).read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _split_aliases(cell: str | None) -> tuple[str, ...]:
    return tuple(a.strip() for a in (cell or "").split("|") if a.strip())


def _country_from_row(row: dict[str, str], aliases: tuple[str, ...], *, former: bool) -> Country:
    unterm_short = row["name_unterm_short"].strip()
    name = _display_name(unterm_short)
    formal = _clean((row.get("name_unterm_formal") or "").replace("*", ""))
    own_aliases = (unterm_short,) if unterm_short != name else ()
    status = _clean(row.get("un_status")) or (STATUS_FORMER if former else STATUS_MEMBER)
    return Country(
        iso3=row["iso3"].strip().upper(),
        iso2=_clean(row.get("iso2")),
        iso_numeric=_clean(row.get("iso_numeric")),
        m49=_clean(row.get("m49")),
        name=name,
        formal_name=formal,
        wikidata=_clean(row.get("wikidata_qid")),
        geonames=_clean(row.get("geonames_id")),
        status=status,
        regional_group=_clean(row.get("un_regional_group")),
        former=former,
        valid_from=_clean(row.get("valid_from")),
        valid_until=_clean(row.get("valid_until")),
        aliases=tuple(dict.fromkeys((*own_aliases, *aliases))),
    )


@lru_cache(maxsize=1)
def _load_bundled() -> Countries:
    aliases: dict[str, list[str]] = {}
    for row in _read_table("state-aliases.csv"):
        aliases.setdefault(row["iso3"].strip().upper(), []).append(row["alias"].strip())
    states = [
        _country_from_row(row, tuple(aliases.get(row["iso3"].strip().upper(), ())), former=False)
        for row in _read_table("un-states.csv")
    ] + [
        _country_from_row(row, tuple(aliases.get(row["iso3"].strip().upper(), ())), former=True)
        for row in _read_table("former-states.csv")
    ]
    known = {c.iso3 for c in states}
    unknown = sorted(set(aliases) - known)
    if unknown:
        raise SourceError(f"aliases for unknown states {unknown}", SourceLocation("state-aliases.csv"))
    groups = [
        Group(
            key=row["key"].strip(),
            name=row["name"].strip(),
            kind=row["kind"].strip(),
            aliases=_split_aliases(row.get("aliases")),
            code=_clean(row.get("code")),
            counterpart=_clean(row.get("counterpart")),
        )
        for row in _read_table("groups.csv")
    ]
    return Countries(states, groups)


def bundled_files() -> list[SourceFile]:
    """The bundled tables as source files (path and checksum) for the graph's provenance."""
    found: list[SourceFile] = []
    for name in BUNDLED_TABLES:
        with as_file(reference_data(name)) as path:
            found.append(SourceFile.of(Path(path)))
    return found


# --- triples

def country_batch(countries: Countries, iris: IriFactory) -> SourceBatch:
    """The ``countries`` graph: every state and group with labels, codes and external identifiers."""
    sink = terms.TripleSink()
    for country in countries.states:
        _state_triples(sink, country, countries, iris)
    for group in countries.groups:
        _group_triples(sink, group, iris)
    return SourceBatch(
        graph=iris.source_graph("countries"),
        label="States and groups of states (bundled reference tables)",
        files=bundled_files(),
        triples=sink.triples,
        license=COUNTRY_LICENSE,
        attribution=COUNTRY_ATTRIBUTION,
    )


_NOTATIONS = (
    ("iso2", HRC.ISO3166Alpha2),
    ("iso3", HRC.ISO3166Alpha3),
    ("iso_numeric", HRC.ISO3166Numeric),
    ("m49", HRC.M49),
    ("geonames", HRC.GeoNamesID),
)


def _state_triples(sink: terms.TripleSink, country: Country, countries: Countries, iris: IriFactory) -> None:
    node = iris.state(country.iso3)
    sink.type(node, HRC.State)
    if country.former:
        sink.type(node, HRC.FormerState)
    sink.add(node, SKOS_PREF_LABEL, terms.string(country.name, "en"))
    for alias in _labels(country):
        sink.add(node, SKOS_ALT_LABEL, terms.string(alias, "en"))
    if country.wikidata:
        sink.add(node, OWL_SAME_AS, NamedNode(str(WD) + country.wikidata))
    for attribute, datatype in _NOTATIONS:
        value = getattr(country, attribute)
        if value:
            sink.add(node, SKOS_NOTATION, terms.typed(value, datatype))
    if country.geonames:
        sink.add(node, HRC.geonames, NamedNode(f"https://sws.geonames.org/{country.geonames}/"))
    if country.regional_group:
        group = countries.regional_group(country.regional_group)
        if group is not None:
            sink.add(node, HRC.regionalGroup, iris.group(group.key))
    sink.add(node, HRC.unStatus, terms.string(country.status))


def _labels(country: Country) -> list[str]:
    """Alternative labels: formal name (without UNTERM's leading "the") and aliases."""
    labels: list[str] = []
    if country.formal_name:
        formal = re.sub(r"^the\s+", "", country.formal_name)
        labels.append(formal[:1].upper() + formal[1:])
    labels.extend(country.aliases)
    return [label for label in dict.fromkeys(labels) if label != country.name]


def _group_triples(sink: terms.TripleSink, group: Group, iris: IriFactory) -> None:
    node = iris.group(group.key)
    sink.type(node, HRC.Group)
    sink.type(node, HRC.RegionalGroup if group.kind == "regional" else HRC.PoliticalGroup)
    sink.add(node, SKOS_PREF_LABEL, terms.string(group.name, "en"))
    for alias in group.aliases:
        if alias != group.name:
            sink.add(node, SKOS_ALT_LABEL, terms.string(alias, "en"))
    if group.code:
        sink.add(node, SKOS_NOTATION, terms.string(group.code))
    if group.counterpart:
        sink.add(node, SKOS_RELATED, iris.group(group.counterpart))
