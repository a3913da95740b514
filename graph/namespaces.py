"""Namespaces: our own vocabulary as a closed namespace, and the vocabularies we align to.

``HRC`` fails loudly on a term that is not declared here (``_fail = True``); a test checks that
every term declared here is defined in ontology/ with a label and a comment, and the reverse.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ONTOLOGY_IRI = "https://w3id.org/hrcgraph/ontology"


class HRC(DefinedNamespace):
    """The hrcgraph ontology (prefix ``hrc:``)."""

    _NS = Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    # --- texts
    Text: URIRef
    AdoptedText: URIRef
    Resolution: URIRef
    Decision: URIRef
    PresidentialStatement: URIRef
    Draft: URIRef
    Amendment: URIRef
    symbol: URIRef
    adoptedBy: URIRef
    session: URIRef
    dateAdopted: URIRef
    meeting: URIRef
    agendaItem: URIRef
    subject: URIRef
    concerns: URIRef
    draft: URIRef
    draftNote: URIRef
    amends: URIRef
    ohchrRecord: URIRef
    ohchrRecordId: URIRef
    unDocument: URIRef
    catalogueNote: URIRef
    # --- bodies, sessions, agenda
    Body: URIRef
    Session: URIRef
    sessionNumber: URIRef
    sessionType: URIRef
    body: URIRef
    year: URIRef
    startDate: URIRef
    endDate: URIRef
    AgendaItem: URIRef
    Subject: URIRef
    # --- mandates
    Mandate: URIRef
    mandateKind: URIRef
    MandateAction: URIRef
    Establishment: URIRef
    Extension: URIRef
    Termination: URIRef
    Conversion: URIRef
    Renaming: URIRef
    onMandate: URIRef
    resultingMandate: URIRef
    predecessorMandate: URIRef
    succeeds: URIRef
    takenBy: URIRef
    duration: URIRef
    actionDate: URIRef
    derivedFromClause: URIRef
    derivation: URIRef
    # --- sponsors, states, groups
    Sponsorship: URIRef
    sponsorship: URIRef
    sponsor: URIRef
    onBehalfOf: URIRef
    sponsorRole: URIRef
    sponsorStatement: URIRef
    State: URIRef
    FormerState: URIRef
    Group: URIRef
    RegionalGroup: URIRef
    PoliticalGroup: URIRef
    regionalGroup: URIRef
    unStatus: URIRef
    geonames: URIRef
    # --- clauses, quotations, commentaries
    Clause: URIRef
    clauseOf: URIRef
    clauseKind: URIRef
    clauseNumber: URIRef
    clauseText: URIRef
    operativePhrase: URIRef
    clauseLabel: URIRef
    clausePosition: URIRef
    parentClause: URIRef
    sourceText: URIRef
    leadingPhrase: URIRef
    LeadingPhrase: URIRef
    clauseCount: URIRef
    cites: URIRef
    previousInSeries: URIRef
    alignedWith: URIRef
    clauseChange: URIRef
    droppedClause: URIRef
    Quotation: URIRef
    quotes: URIRef
    quotedText: URIRef
    stance: URIRef
    inCommentary: URIRef
    Commentary: URIRef
    commentaryOn: URIRef
    commentator: URIRef
    remark: URIRef
    # --- votes
    VoteEvent: URIRef
    decision: URIRef
    decisionMethod: URIRef
    yesCount: URIRef
    noCount: URIRef
    abstainCount: URIRef
    nonVotingCount: URIRef
    totalCount: URIRef
    Vote: URIRef
    inVoteEvent: URIRef
    voter: URIRef
    voteOption: URIRef
    # --- membership (derived), source joins, inferred links
    Membership: URIRef
    inSession: URIRef
    MatchCandidate: URIRef
    candidateMatch: URIRef
    candidate: URIRef
    matchReason: URIRef
    basis: URIRef
    # --- vote statistics (the data cube's own dimensions and measures)
    refSession: URIRef
    refBody: URIRef
    refVoteOption: URIRef
    refPartner: URIRef
    refSponsor: URIRef
    votesInCommon: URIRef
    sameVotes: URIRef
    agreementIndex: URIRef
    # --- datatypes of identifiers
    ISO3166Alpha2: URIRef
    ISO3166Alpha3: URIRef
    ISO3166Numeric: URIRef
    M49: URIRef
    GeoNamesID: URIRef
    # --- concept schemes and their concepts
    VoteOptions: URIRef
    VoteYes: URIRef
    VoteNo: URIRef
    VoteAbstain: URIRef
    VoteAbsent: URIRef
    VoteNotMember: URIRef
    DecisionMethods: URIRef
    RecordedVote: URIRef
    AdoptedWithoutVote: URIRef
    NonRecorded: URIRef
    Withdrawn: URIRef
    NotConsidered: URIRef
    Stances: URIRef
    Praise: URIRef
    Criticism: URIRef
    ClauseKinds: URIRef
    Preambular: URIRef
    Operative: URIRef
    SubParagraph: URIRef
    AnnexParagraph: URIRef
    PlainParagraph: URIRef
    ClauseChanges: URIRef
    Unchanged: URIRef
    Changed: URIRef
    NewClause: URIRef
    SponsorRoles: URIRef
    MainSponsor: URIRef
    CoSponsor: URIRef
    SessionTypes: URIRef
    RegularSession: URIRef
    SpecialSession: URIRef
    OrganizationalSession: URIRef
    MandateKinds: URIRef
    ThematicMandate: URIRef
    CountryMandate: URIRef
    Derivations: URIRef
    FromClause: URIRef
    FromTitle: URIRef
    FromAgendaSubject: URIRef
    FromMandate: URIRef
    FromRollCalls: URIRef
    CouncilAgenda: URIRef
    Item1: URIRef
    Item2: URIRef
    Item3: URIRef
    Item4: URIRef
    Item5: URIRef
    Item6: URIRef
    Item7: URIRef
    Item8: URIRef
    Item9: URIRef
    Item10: URIRef


ELI = Namespace("http://data.europa.eu/eli/ontology#")
PROV = Namespace("http://www.w3.org/ns/prov#")
ORG = Namespace("http://www.w3.org/ns/org#")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
POPOLO = Namespace("http://www.popoloproject.com/specs/")
OPENGOV = Namespace("http://www.w3.org/ns/opengov#")
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
QB = Namespace("http://purl.org/linked-data/cube#")
SDMX_DIMENSION = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
GEONAMES = Namespace("https://sws.geonames.org/")

#: Prefixes used in dumps, the query editor and the named queries.
PREFIXES: dict[str, str] = {
    "hrc": str(HRC._NS),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "prov": str(PROV),
    "org": str(ORG),
    "eli": str(ELI),
    "oa": str(OA),
    "schema": str(SCHEMA),
    "wd": str(WD),
    "wdt": str(WDT),
    "void": str(VOID),
    "dcat": str(DCAT),
    "qb": str(QB),
    "sdmx-dimension": str(SDMX_DIMENSION),
    "sdmx-measure": str(SDMX_MEASURE),
    "sh": "http://www.w3.org/ns/shacl#",
}


def sparql_prefixes() -> str:
    """The PREFIX lines for a SPARQL query."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
