"""Tabular exports of the graph: CSV files with CSV on the Web metadata, for R, pandas and spreadsheets.

Each build writes, next to the RDF dumps, ``texts.csv``, ``votes.csv`` (one row per state and text),
``sponsorships.csv``, ``states.csv``, ``mandate-actions.csv`` and ``clauses.csv``, each with its
``<name>.csv-metadata.json`` (W3C CSV on the Web: columns, datatypes, primary and foreign keys, an
``aboutUrl`` template giving every row its hrcgraph IRI, and the licence of the source it came from).

The rows are read from the store with SPARQL, sorted, and written with ``\\n`` line ends and no timestamp
other than the build's own: the same graph gives the same bytes. Key columns hold the IRI's local part
(``A/HRC/RES/55/25`` for ``<base>id/text/A/HRC/RES/55/25``, ``MLI`` for ``<base>id/state/MLI``), which the
metadata's templates turn back into IRIs.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyoxigraph import Literal, NamedNode

from hrcgraph.graph.dumps import DUMP_KINDS, DumpFile, write_atomic
from hrcgraph.graph.iris import IriFactory
from hrcgraph.graph.namespaces import HRC
from hrcgraph.graph.store.base import GraphStore

CSV_MEDIA_TYPE = "text/csv"
CSVW_MEDIA_TYPE = "application/csvm+json"
#: What each kind of exported file is, for people, and the standard it follows.
EXPORT_TITLES = {"csv": "CSV table", "csvw": "CSV on the Web metadata of the table"}
EXPORT_CONFORMS_TO = {"csv": "https://www.rfc-editor.org/rfc/rfc4180", "csvw": "http://www.w3.org/ns/csvw"}


def file_title(entry: DumpFile | ExportFile) -> str:
    """What a published file of the manifest is, for people: the dump's title, or the table's with its name."""
    kind = DUMP_KINDS.get(entry.format)
    if kind is not None:
        return kind.title
    if entry.format in EXPORT_TITLES:
        return f"{entry.name}: {EXPORT_TITLES[entry.format]}"
    return entry.name
CSVW_CONTEXT = "http://www.w3.org/ns/csvw"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
OWL = "http://www.w3.org/2002/07/owl#"
ONTOLOGY_NS = str(HRC._NS)

#: Licences written as names in the sources' records, and where their text is.
LICENCE_URLS = {
    "PolyForm Noncommercial 1.0.0": "https://polyformproject.org/licenses/noncommercial/1.0.0/",
}


@dataclass(frozen=True)
class Column:
    name: str
    datatype: str
    title: str
    convert: str = "plain"
    """How a query value becomes a cell: ``plain`` (the literal), ``text``, ``state``, ``group``,
    ``mandate`` (the IRI's local part under the base), ``fragment`` (after ``#``), ``term`` (an ontology
    term's local name)."""
    required: bool = False


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    about: str
    """The aboutUrl template, relative to the base IRI."""
    query: str
    """SELECT whose variables are the column names, in order."""
    source: str
    """``texts`` (OHCHR collection and seed records) or ``countries`` (the bundled table)."""
    foreign_keys: tuple[tuple[str, str, str], ...] = ()
    """(column, table file, column of that table)."""


def _q(body: str) -> str:
    return body.replace("<hrc:", "<" + ONTOLOGY_NS).replace("<skos:", "<" + SKOS).replace("<dct:", "<" + DCT)


_TEXT_CLASSES = "<hrc:Resolution> <hrc:Decision> <hrc:PresidentialStatement> <hrc:Draft> <hrc:Amendment> <hrc:Text>"

TABLES: tuple[Table, ...] = (
    Table(
        "texts.csv", "Texts: resolutions, decisions, presidential statements and drafts",
        (Column("text", "string", "text (local id)", "text", True),
         Column("symbol", "string", "UN document symbol"),
         Column("kind", "string", "kind of text", "term", True),
         Column("title", "string", "title"),
         Column("body", "string", "body", "body"),
         Column("session", "string", "session number", "session"),
         Column("date_adopted", "date", "date adopted"),
         Column("agenda_item", "string", "agenda item", "agenda"),
         Column("decision_method", "string", "decision method", "term"),
         Column("yes", "integer", "yes (official tally)"),
         Column("no", "integer", "no (official tally)"),
         Column("abstain", "integer", "abstentions (official tally)"),
         Column("non_voting", "integer", "non-voting (official tally)"),
         Column("total", "integer", "total (official tally)"),
         Column("ohchr_record", "string", "OHCHR Search Library record id")),
        ("text",), "id/text/{+text}",
        _q(f"""SELECT ?text (MIN(?sy) AS ?symbol) (MIN(?k) AS ?kind) (MIN(STR(?ti)) AS ?title) (MIN(?b) AS ?body)
            (MIN(?se) AS ?session) (MIN(?d) AS ?date_adopted) (MIN(?ai) AS ?agenda_item)
            (MIN(?m) AS ?decision_method) (MIN(?y) AS ?yes) (MIN(?n) AS ?no) (MIN(?a) AS ?abstain)
            (MIN(?nv) AS ?non_voting) (MIN(?to) AS ?total) (MIN(?r) AS ?ohchr_record) WHERE {{
              VALUES ?k {{ {_TEXT_CLASSES} }} ?text a ?k .
              OPTIONAL {{ ?text <hrc:symbol> ?sy }} OPTIONAL {{ ?text <dct:title> ?ti }}
              OPTIONAL {{ ?text <hrc:adoptedBy> ?b }} OPTIONAL {{ ?text <hrc:session> ?se }}
              OPTIONAL {{ ?text <hrc:dateAdopted> ?d }} OPTIONAL {{ ?text <hrc:agendaItem> ?ai }}
              OPTIONAL {{ ?text <hrc:ohchrRecordId> ?r }}
              OPTIONAL {{ ?text <hrc:decision> ?e . OPTIONAL {{ ?e <hrc:decisionMethod> ?m }}
                OPTIONAL {{ ?e <hrc:yesCount> ?y }} OPTIONAL {{ ?e <hrc:noCount> ?n }}
                OPTIONAL {{ ?e <hrc:abstainCount> ?a }} OPTIONAL {{ ?e <hrc:nonVotingCount> ?nv }}
                OPTIONAL {{ ?e <hrc:totalCount> ?to }} }}
            }} GROUP BY ?text"""),
        "texts"),
    Table(
        "votes.csv", "Recorded votes: one row per state and text (two rows where the roll call lists a state twice)",
        (Column("text", "string", "text (local id)", "text", True),
         Column("vote_id", "string", "vote (fragment of the text's IRI: vote-FRA; vote-FRA-2 for a second listing)",
                "fragment", True),
         Column("state", "string", "state (ISO 3166 alpha-3)", "state", True),
         Column("vote", "string", "vote: Yes, No, Abstain, Absent, NotMember", "vote", True)),
        ("text", "vote_id"), "id/text/{+text}#{vote_id}",
        _q("""SELECT DISTINCT ?text ?vote_id ?state ?vote WHERE {
              ?vote_id a <hrc:Vote> ; <hrc:inVoteEvent> ?e ; <hrc:voter> ?state ; <hrc:voteOption> ?vote .
              ?text <hrc:decision> ?e }"""),
        "texts", (("text", "texts.csv", "text"), ("state", "states.csv", "iso3"))),
    Table(
        "sponsorships.csv", "Sponsorships: who tabled each text, and for whom",
        (Column("text", "string", "text (local id)", "text", True),
         Column("sponsorship", "string", "sponsorship (fragment of the text's IRI)", "fragment", True),
         Column("role", "string", "role: MainSponsor or CoSponsor", "term"),
         Column("sponsor_state", "string", "sponsoring state (ISO 3166 alpha-3)", "state"),
         Column("sponsor_group", "string", "sponsoring group (when only a group is named)", "group"),
         Column("on_behalf_of", "string", "group the sponsor acted for", "group"),
         Column("statement", "string", "the sponsors statement as catalogued")),
        ("text", "sponsorship"), "id/text/{+text}#{sponsorship}",
        _q("""SELECT ?text ?sponsorship (MIN(?r) AS ?role) (MIN(?ss) AS ?sponsor_state) (MIN(?sg) AS ?sponsor_group)
              (MIN(?g) AS ?on_behalf_of) (MIN(?st) AS ?statement) WHERE {
              ?text <hrc:sponsorship> ?sponsorship . ?sponsorship a <hrc:Sponsorship> .
              OPTIONAL { ?sponsorship <hrc:sponsorRole> ?r }
              OPTIONAL { ?sponsorship <hrc:sponsor> ?ss . ?ss a <hrc:State> }
              OPTIONAL { ?sponsorship <hrc:sponsor> ?sg . ?sg a <hrc:Group> }
              OPTIONAL { ?sponsorship <hrc:onBehalfOf> ?g } OPTIONAL { ?sponsorship <hrc:sponsorStatement> ?st }
            } GROUP BY ?text ?sponsorship"""),
        "texts", (("text", "texts.csv", "text"), ("sponsor_state", "states.csv", "iso3"))),
    Table(
        "states.csv", "States: UN member and observer States and former states",
        (Column("iso3", "string", "ISO 3166-1 alpha-3", "plain", True),
         Column("iso2", "string", "ISO 3166-1 alpha-2"),
         Column("iso_numeric", "string", "ISO 3166-1 numeric"),
         Column("m49", "string", "UN M49"),
         Column("name", "string", "name", "plain", True),
         Column("wikidata", "string", "Wikidata item", "wikidata"),
         Column("regional_group", "string", "UN regional group", "group"),
         Column("un_status", "string", "UN status"),
         Column("former", "boolean", "former state")),
        ("iso3",), "id/state/{iso3}",
        _q(f"""SELECT ?iso3 (MIN(?i2) AS ?iso2) (MIN(?inum) AS ?iso_numeric) (MIN(?m) AS ?m49) (MIN(STR(?l)) AS ?name)
              (MIN(?wd) AS ?wikidata) (MIN(?rg) AS ?regional_group) (MIN(?us) AS ?un_status)
              (IF(MAX(?f), "true", "false") AS ?former) WHERE {{
              ?s a <hrc:State> ; <skos:notation> ?iso3 ; <skos:prefLabel> ?l .
              FILTER(DATATYPE(?iso3) = <hrc:ISO3166Alpha3>)
              OPTIONAL {{ ?s <skos:notation> ?i2 FILTER(DATATYPE(?i2) = <hrc:ISO3166Alpha2>) }}
              OPTIONAL {{ ?s <skos:notation> ?inum FILTER(DATATYPE(?inum) = <hrc:ISO3166Numeric>) }}
              OPTIONAL {{ ?s <skos:notation> ?m FILTER(DATATYPE(?m) = <hrc:M49>) }}
              OPTIONAL {{ ?s <{OWL}sameAs> ?wd FILTER(STRSTARTS(STR(?wd), "http://www.wikidata.org/entity/")) }}
              OPTIONAL {{ ?s <hrc:regionalGroup> ?rg }} OPTIONAL {{ ?s <hrc:unStatus> ?us }}
              BIND(EXISTS {{ ?s a <hrc:FormerState> }} AS ?f)
            }} GROUP BY ?iso3"""),
        "countries"),
    Table(
        "mandate-actions.csv", "Special Procedures mandates created, extended or ended by a text",
        (Column("text", "string", "text (local id)", "text", True),
         Column("action", "string", "action (fragment of the text's IRI)", "fragment", True),
         Column("kind", "string", "Establishment, Extension, Termination, Conversion, Renaming or MandateAction",
                "term", True),
         Column("mandate", "string", "mandate (local id)", "mandate", True),
         Column("mandate_title", "string", "mandate title"),
         Column("duration", "string", "duration (ISO 8601)"),
         Column("derivation", "string", "read from: FromClause or FromTitle", "term")),
        ("text", "action"), "id/text/{+text}#{action}",
        _q("""SELECT ?text ?action (MIN(?k) AS ?kind) (MIN(?m) AS ?mandate) (MIN(STR(?l)) AS ?mandate_title)
              (MIN(?du) AS ?duration) (MIN(?dv) AS ?derivation) WHERE {
              ?action <hrc:takenBy> ?text ; <hrc:onMandate> ?m ; a ?k .
              VALUES ?k { <hrc:Establishment> <hrc:Extension> <hrc:Termination> <hrc:Conversion> <hrc:Renaming>
                          <hrc:MandateAction> }
              FILTER NOT EXISTS { ?action a ?other . VALUES ?other { <hrc:Establishment> <hrc:Extension>
                                  <hrc:Termination> <hrc:Conversion> <hrc:Renaming> } FILTER(?k = <hrc:MandateAction>) }
              OPTIONAL { ?m <skos:prefLabel> ?l } OPTIONAL { ?action <hrc:duration> ?du }
              OPTIONAL { ?action <hrc:derivation> ?dv }
            } GROUP BY ?text ?action"""),
        "texts", (("text", "texts.csv", "text"),)),
    Table(
        "clauses.csv", "Clauses of texts (preambular and operative paragraphs)",
        (Column("text", "string", "text (local id)", "text", True),
         Column("clause", "string", "clause (fragment of the text's IRI)", "fragment", True),
         Column("kind", "string", "Preambular or Operative", "term"),
         Column("number", "integer", "paragraph number, when the source gives it"),
         Column("phrase", "string", "operative or preambular phrase"),
         Column("clause_text", "string", "text of the clause")),
        ("text", "clause"), "id/text/{+text}#{clause}",
        _q("""SELECT ?text ?clause (MIN(?k) AS ?kind) (MIN(?n) AS ?number) (MIN(?p) AS ?phrase)
              (MIN(?t) AS ?clause_text) WHERE {
              ?clause a <hrc:Clause> ; <hrc:clauseOf> ?text .
              OPTIONAL { ?clause <hrc:clauseKind> ?k } OPTIONAL { ?clause <hrc:clauseNumber> ?n }
              OPTIONAL { ?clause <hrc:operativePhrase> ?p } OPTIONAL { ?clause <hrc:clauseText> ?t }
            } GROUP BY ?text ?clause"""),
        "texts", (("text", "texts.csv", "text"),)),
)
TABLE_NAMES = tuple(t.name for t in TABLES)


@dataclass(frozen=True)
class ExportFile:
    """One written export file (a CSV table or its metadata)."""

    name: str
    media_type: str
    size: int
    sha256: str
    rows: int | None = None

    @property
    def encoding(self) -> str | None:
        """Exports are not compressed (the dumps' ``encoding``)."""
        return None

    @property
    def format(self) -> str:
        return "csv" if self.media_type == CSV_MEDIA_TYPE else "csvw"

    def as_dict(self) -> dict[str, object]:
        entry: dict[str, object] = {"name": self.name, "media_type": self.media_type, "encoding": None,
                                    "format": self.format,
                                    "size": self.size, "sha256": self.sha256}
        if self.rows is not None:
            entry["rows"] = self.rows
        return entry


def table_rows(store: GraphStore, table: Table, iris: IriFactory) -> list[list[str]]:
    """The rows of one table, sorted, as the CSV cells."""
    result = store.select(table.query)
    converters = [_converter(c.convert, iris) for c in table.columns]
    rows = [[conv(row[c.name]) for c, conv in zip(table.columns, converters, strict=True)] for row in result]
    return sorted(rows)


def csv_bytes(table: Table, rows: Sequence[Sequence[str]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([c.name for c in table.columns])
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def metadata(table: Table, iris: IriFactory, sources: Sequence[Mapping[str, Any]], *,
             built_at: str | None = None, version: str | None = None) -> dict[str, Any]:
    """The CSV on the Web metadata of one table.

    A table whose columns refer to other tables (``votes.csv`` to ``texts.csv`` and ``states.csv``) is
    described as a table group that also holds the tables it refers to, first the table itself: foreign keys
    reach only tables of the same group, so a validator can check them from this one file."""
    described = _table_description(table, iris, sources, built_at=built_at, version=version)
    if not table.foreign_keys:
        return {"@context": [CSVW_CONTEXT, {"@language": "en"}], **described}
    referenced = [t for t in TABLES if t.name != table.name and t.name in {ref for _, ref, _ in table.foreign_keys}]
    group: dict[str, Any] = {
        "@context": [CSVW_CONTEXT, {"@language": "en"}],
        "dc:title": f"{table.name} and the tables it refers to",
        "dc:isPartOf": {"@id": iris.dataset().value},
        "tables": [described, *(_table_description(t, iris, sources, built_at=built_at, version=version)
                                for t in referenced)],
    }
    return group


def _table_description(table: Table, iris: IriFactory, sources: Sequence[Mapping[str, Any]], *,
                       built_at: str | None, version: str | None) -> dict[str, Any]:
    base = iris.base
    schema: dict[str, Any] = {
        "columns": [_column(c, base) for c in table.columns],
        "primaryKey": list(table.primary_key) if len(table.primary_key) > 1 else table.primary_key[0],
        "aboutUrl": base + table.about,
    }
    if table.foreign_keys:
        schema["foreignKeys"] = [{"columnReference": col, "reference": {"resource": ref, "columnReference": rcol}}
                                 for col, ref, rcol in table.foreign_keys]
    meta: dict[str, Any] = {
        "url": table.name,
        "dc:title": table.title,
        "dc:publisher": {"@id": base},
        "dc:isPartOf": {"@id": iris.dataset().value},
        "dialect": {"header": True, "encoding": "utf-8", "lineTerminators": ["\n"], "doubleQuote": True},
        "tableSchema": schema,
    }
    licences, rights = _licences(table.source, sources)
    if licences:
        meta["dc:license"] = [{"@id": u} for u in licences] if len(licences) > 1 else {"@id": licences[0]}
    if rights:
        meta["dc:rights"] = " ".join(rights)
    if built_at:
        meta["dc:modified"] = {"@value": built_at, "@type": "xsd:dateTime"}
    if version:
        meta["dc:hasVersion"] = version
    return meta


def write_exports(store: GraphStore, out_dir: Path, iris: IriFactory, sources: Sequence[Mapping[str, Any]], *,
                  built_at: str | None = None, version: str | None = None) -> list[ExportFile]:
    """Write every table and its metadata into ``out_dir`` (next to the dumps); what was written, in order."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[ExportFile] = []
    for table in TABLES:
        rows = table_rows(store, table, iris)
        data = csv_bytes(table, rows)
        written.append(_write(out_dir, table.name, data, CSV_MEDIA_TYPE, rows=len(rows)))
        meta = metadata(table, iris, sources, built_at=built_at, version=version)
        text = json.dumps(meta, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        written.append(_write(out_dir, table.name + "-metadata.json", text.encode("utf-8"), CSVW_MEDIA_TYPE))
    return written


def _write(out_dir: Path, name: str, data: bytes, media_type: str, *, rows: int | None = None) -> ExportFile:
    write_atomic(out_dir / name, data)
    return ExportFile(name, media_type, len(data), hashlib.sha256(data).hexdigest(), rows)


def _column(c: Column, base: str) -> dict[str, Any]:
    col: dict[str, Any] = {"name": c.name, "titles": c.title, "datatype": c.datatype}
    if c.required:
        col["required"] = True
    if c.convert == "state":
        col["valueUrl"] = base + "id/state/{" + c.name + "}"
    elif c.convert == "group":
        col["valueUrl"] = base + "id/group/{" + c.name + "}"
    elif c.convert == "mandate":
        col["valueUrl"] = base + "id/mandate/{" + c.name + "}"
    elif c.convert == "wikidata":
        col["valueUrl"] = "http://www.wikidata.org/entity/{" + c.name + "}"
    return col


def _licences(kind: str, sources: Sequence[Mapping[str, Any]]) -> tuple[list[str], list[str]]:
    """Licence IRIs and attributions of the sources a table draws from."""
    wanted = []
    for s in sources:
        graph = str(s.get("graph") or "")
        tail = graph.rsplit("/graph/", 1)[-1]
        if (kind == "countries" and tail == "countries") or \
                (kind == "texts" and (tail in ("ohchr", "derived") or tail.startswith("seed/"))):
            wanted.append(s)
    licences = sorted({LICENCE_URLS.get(str(s["license"]), str(s["license"])) for s in wanted if s.get("license")})
    rights = sorted({str(s["attribution"]) for s in wanted if s.get("attribution")})
    return licences, rights


def _converter(kind: str, iris: IriFactory) -> Callable[[object], str]:
    base = iris.base
    prefixes = {"text": base + "id/text/", "state": base + "id/state/", "group": base + "id/group/",
                "mandate": base + "id/mandate/", "body": base + "id/body/", "session": base + "id/session/",
                "wikidata": "http://www.wikidata.org/entity/"}

    def convert(term: object) -> str:
        if term is None:
            return ""
        if isinstance(term, Literal):
            return term.value
        if not isinstance(term, NamedNode):
            return ""  # a blank node: its label differs from store to store, so it names nothing here
        value = term.value
        if kind in prefixes and value.startswith(prefixes[kind]):
            rest = value[len(prefixes[kind]):]
            return rest.split("/", 1)[-1] if kind == "session" else rest
        if kind == "vote" and value.startswith(ONTOLOGY_NS + "Vote"):
            return value[len(ONTOLOGY_NS) + 4:]
        if kind == "agenda":
            if value.startswith(base + "id/agenda/"):
                return value[len(base + "id/agenda/"):]
            return value.rsplit("#", 1)[-1]
        if kind in ("term", "vote") and value.startswith(ONTOLOGY_NS):
            return value[len(ONTOLOGY_NS):]
        if kind == "fragment":
            return value.rsplit("#", 1)[-1]
        return value

    return convert
