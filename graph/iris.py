"""Every IRI that hrcgraph mints is minted here.

IRIs are stable and readable, derived from real identifiers, under a configurable base
(default ``https://w3id.org/hrcgraph/``; ``HRCGRAPH_BASE_IRI`` or ``hrcgraph build --base``):

==========================  ==============================================================
resource                    IRI (relative to the base)
==========================  ==============================================================
text with a UN symbol       ``id/text/A/HRC/RES/55/25`` (the symbol's own slashes kept)
text, OHCHR record only     ``id/text/ohchr/25344`` (no usable or no unique symbol)
text, seed record only      ``id/text/unwatch/<sha256 of normalized title, 16 hex>``
parts of a text             ``<text>#vote``, ``<text>#vote-FRA``, ``<text>#sponsor-1``,
                            ``<text>#clause-<hash>``, ``<text>#mandate-action-1``
paragraphs of a text        ``<text>#op-23``, ``<text>#op-1-a``, ``<text>#pp-17``, ``<text>#ax-1``,
                            ``<text>#p-1`` (from the source's labels), ``<text>#mandate-action-op-23``
leading phrase of clauses   ``id/phrase/strongly-condemns`` (scheme: ``id/phrase``)
state (ISO 3166 alpha-3)    ``id/state/MLI`` (former states too: ``id/state/SUN``)
group                       ``id/group/african-group``
body                        ``id/body/hrc``, ``id/body/chr``
session                     ``id/session/hrc/55``, ``id/session/hrc/S-33``, ``id/session/chr/61``
Commission agenda item      ``id/agenda/chr/61/10`` (numbering changed between sessions)
Commission session agenda   ``id/agenda/chr/61`` (the concept scheme of that session's items)
subject (theme)             ``id/subject/indigenous-peoples``
mandate                     ``id/mandate/independent-expert-on-the-situation-of-human-rights-in-mali``
organization                ``id/organization/un-watch``
commentary                  ``id/commentary/unwatch/<hash>`` (quotations: ``<commentary>#q-1``)
membership (derived)        ``id/membership/hrc/55/MLI``
source graph                ``graph/seed/<file hash>``, ``graph/ohchr``, ``graph/countries``, ``graph/texts``
dataset                     ``dataset``
==========================  ==============================================================

The Council's own agenda items and every concept scheme are part of the ontology
(``graph.namespaces.HRC``), not of the data, so they do not move with the base.
Parts of a text are hash IRIs: dereferencing the text's IRI describes them too.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from urllib.parse import quote

from pyoxigraph import NamedNode

from hrcgraph.graph.errors import ConfigError

DEFAULT_BASE = "https://w3id.org/hrcgraph/"

_SLUG_DROP = re.compile(r"[^a-z0-9]+")
_SAFE_SYMBOL = re.compile(r"^[A-Za-z0-9./()\-]+$")


def slugify(text: str) -> str:
    """A lowercase ASCII slug: ``"Côte d'Ivoire"`` -> ``cote-d-ivoire``."""
    text = text.replace("’", " ").replace("'", " ")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _SLUG_DROP.sub("-", ascii_text.lower()).strip("-")


def content_hash(*parts: str, length: int = 16) -> str:
    """A short, stable hash of source content (never random: rebuilds give the same IRIs)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


def check_base(base: str) -> str:
    """Validate a base IRI: absolute http(s), ending in ``/`` or ``#``."""
    if not re.match(r"^https?://[^\s<>\"{}|\\^`]+[/#]$", base):
        raise ConfigError(f"base IRI {base!r} must be an absolute http(s) IRI ending in '/' or '#'")
    return base


class IriFactory:
    """Mints the IRIs of one build under one base."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        self.base = check_base(base)

    def _iri(self, path: str) -> NamedNode:
        return NamedNode(self.base + path)

    # --- texts and their parts
    @staticmethod
    def symbol_is_usable(symbol: str) -> bool:
        """Whether a symbol can stand in an IRI as it is (complete, no spaces, no empty segment)."""
        return bool(symbol) and bool(_SAFE_SYMBOL.match(symbol)) and "//" not in symbol \
            and not symbol.endswith("/") and not symbol.startswith("/")

    def text(self, symbol: str) -> NamedNode:
        """A text identified by its UN document symbol, e.g. ``A/HRC/RES/55/25``."""
        if not self.symbol_is_usable(symbol):
            raise ValueError(f"symbol {symbol!r} cannot make an IRI; use text_by_record()")
        return self._iri("id/text/" + quote(symbol, safe="/()-."))

    def text_by_record(self, record_id: str) -> NamedNode:
        """A text known only by its OHCHR Search Library record id."""
        return self._iri("id/text/ohchr/" + quote(record_id, safe=""))

    def text_by_content(self, *content: str) -> NamedNode:
        """A text known only from a seed-format record without a symbol."""
        return self._iri("id/text/unwatch/" + content_hash(*content))

    @staticmethod
    def part(text: NamedNode, fragment: str) -> NamedNode:
        """A part of a text (its vote, a state's vote, a sponsorship, a clause): ``<text>#fragment``."""
        return NamedNode(f"{text.value}#{_quoted_fragment(fragment)}")

    # --- states, groups, bodies, sessions, agenda, subjects, mandates
    def state(self, iso3: str) -> NamedNode:
        if not re.fullmatch(r"[A-Z]{3}", iso3):
            raise ValueError(f"not an ISO 3166 alpha-3 code: {iso3!r}")
        return self._iri("id/state/" + iso3)

    def group(self, slug: str) -> NamedNode:
        return self._iri("id/group/" + slugify(slug))

    def body(self, code: str) -> NamedNode:
        """``hrc`` (Human Rights Council) or ``chr`` (Commission on Human Rights)."""
        return self._iri("id/body/" + code.lower())

    def session(self, body_code: str, number: str) -> NamedNode:
        """A session by body and number (``55``, ``S-33``)."""
        return self._iri(f"id/session/{body_code.lower()}/{quote(number, safe='-')}")

    def commission_agenda_item(self, session_number: str, item: str) -> NamedNode:
        return self._iri(f"id/agenda/chr/{quote(session_number, safe='-')}/{quote(item, safe='')}")

    def commission_agenda(self, session_number: str) -> NamedNode:
        """The agenda of one Commission session: the concept scheme its agenda items are in."""
        return self._iri(f"id/agenda/chr/{quote(session_number, safe='-')}")

    def subject(self, label: str) -> NamedNode:
        return self._iri("id/subject/" + slugify(label))

    def mandate(self, title: str) -> NamedNode:
        return self._iri("id/mandate/" + slugify(title))

    def phrase(self, slug: str) -> NamedNode:
        """A leading phrase of clauses (``id/phrase/strongly-condemns``), a concept of ``phrase_scheme()``."""
        return self._iri("id/phrase/" + slugify(slug))

    def phrase_scheme(self) -> NamedNode:
        """The concept scheme of the leading phrases of clauses (``id/phrase``)."""
        return self._iri("id/phrase")

    def organization(self, name: str) -> NamedNode:
        """A non-state organization, such as the author of a commentary (``id/organization/un-watch``)."""
        return self._iri("id/organization/" + slugify(name))

    def commentary(self, source: str, *content: str) -> NamedNode:
        return self._iri(f"id/commentary/{slugify(source)}/" + content_hash(*content))

    def membership(self, body_code: str, session_number: str, iso3: str) -> NamedNode:
        return self._iri(f"id/membership/{body_code.lower()}/{quote(session_number, safe='-')}/{iso3}")

    # --- graphs and the dataset
    def source_graph(self, kind: str, key: str | None = None) -> NamedNode:
        return self._iri(f"graph/{kind}" + (f"/{key}" if key else ""))

    def dataset(self) -> NamedNode:
        return self._iri("dataset")


@functools.lru_cache(maxsize=1 << 12)
def _quoted_fragment(fragment: str) -> str:
    """A fragment as an IRI holds it. (Remembered: a few fragments, ``vote``, ``op-1``, ``pp-3``, name the parts
    of every text.)"""
    return quote(fragment, safe="-_.")
