"""Clauses of UN resolutions: their leading phrase, and the mandate actions they state.

A resolution's preambular clauses open with a participle or an adjective ("Recalling", "Deeply
concerned", "Bearing in mind"); its operative clauses open with a verb in the third person
("Welcomes", "Strongly condemns", "Calls upon", "Decides to extend"). Adverbs before the verb
("Also", "Further", "Strongly", "Once again") and the fixed words that complete it ("upon", "note",
"in mind", "with concern", "to extend") belong to the phrase.

Mandate actions are read from operative clauses ("Decides to extend the mandate of the Independent
Expert on ... for a period of one year") and from catalogue titles ("Mandate of the Special
Rapporteur on ..."). Nothing is guessed: a clause or title that does not say which mandate, or
what is done to it, gives None. A clause may also say that one mandate succeeds another: a
conversion or a renaming ("Decides to extend the mandate of the Independent Expert on minority issues
as a Special Rapporteur on minority issues", "Decides to convert the mandate of ... into ...") or an
establishment that names the mandate it succeeds ("... to succeed the Special Representative ...").
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from rdflib import URIRef

from hrcgraph.graph.countries import Countries, Country
from hrcgraph.graph.namespaces import HRC

ClauseKind = Literal["preambular", "operative"]
MandateActionKind = Literal["establishment", "extension", "termination", "conversion", "renaming", "unspecified"]
MandateKind = Literal["country", "thematic"]

CLAUSE_KIND_TERMS: dict[str, URIRef] = {"preambular": HRC.Preambular, "operative": HRC.Operative}
MANDATE_ACTION_TERMS: dict[str, URIRef] = {
    "establishment": HRC.Establishment,
    "extension": HRC.Extension,
    "termination": HRC.Termination,
    "conversion": HRC.Conversion,
    "renaming": HRC.Renaming,
    "unspecified": HRC.MandateAction,
}
MANDATE_KIND_TERMS: dict[str, URIRef] = {"country": HRC.CountryMandate, "thematic": HRC.ThematicMandate}

# --- the leading phrase of a clause


def _words(text: str) -> list[str]:
    """The words of a whitespace-separated list (keeps the word lists below readable)."""
    return text.split()


#: Verbs that open clauses, in their base form; both the operative form ("welcomes") and the
#: preambular form ("welcoming") are derived from these.
_VERBS = _words("""
    accept acknowledge adopt affirm agree appeal applaud appoint appreciate approve assert authorize
    authorise bear believe call commend commit condemn confirm congratulate consider continue convene
    create decide declare demand denounce deplore designate desire determine direct discontinue emphasize
    emphasise encourage endorse establish exhort expect express extend highlight hope insist instruct
    invite keep mandate note observe pay praise proclaim reaffirm realize realise recall recognize recognise
    recommend refer regret reiterate reject remain remind renew request resolve seek share solicit stress
    suggest support take thank transmit trust underline underscore urge view welcome re-emphasize
    re-emphasise reemphasize condole deem stand fulfil fulfill wish
""")

#: Preambular adjectives and past participles ("Deeply concerned", "Mindful", "Guided by").
_ADJECTIVES = frozenset(_words("""
    alarmed appalled aware cognizant cognisant committed concerned confident conscious convinced
    desirous determined disturbed dismayed encouraged gratified guided mindful outraged persuaded
    pleased reassured saddened satisfied shocked troubled worried inspired
"""))

#: Adverbs that stand before (or, for a few, after) the verb and belong to the phrase.
_ADVERBS = frozenset(_words("""
    also further furthermore strongly deeply again firmly gravely seriously most unequivocally
    categorically fully warmly particularly emphatically solemnly equally moreover additionally likewise
    profoundly highly sincerely vigorously resolutely urgently especially repeatedly consistently
    expressly explicitly therefore hereby respectfully duly
"""))
_POST_ADVERBS = frozenset({"further", "also", "again"})
_ONCE_AGAIN = ("once", "again")

_EXCEPTIONS_ING = {
    "bear": "bearing", "commit": "committing", "refer": "referring", "regret": "regretting",
    "transmit": "transmitting", "see": "seeing", "agree": "agreeing", "fulfil": "fulfilling",
}


def _third_person(verb: str) -> str:
    if re.search(r"(s|sh|ch|x|z)$", verb):
        return verb + "es"
    if re.search(r"[^aeiou]y$", verb):
        return verb[:-1] + "ies"
    return verb + "s"


def _ing(verb: str) -> str:
    if verb in _EXCEPTIONS_ING:
        return _EXCEPTIONS_ING[verb]
    if verb.endswith("ie"):
        return verb[:-2] + "ying"
    if verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")):
        return verb[:-1] + "ing"
    return verb + "ing"


_OPERATIVE_FORMS: dict[str, str] = {_third_person(v): v for v in _VERBS}
_PREAMBULAR_FORMS: dict[str, str] = {_ing(v): v for v in _VERBS}

_FEELINGS = frozenset(_words("""
    concern appreciation satisfaction interest regret alarm gratitude deep grave serious great
    particular profound utmost
"""))
_FEELING_NOUNS = frozenset(_words("concern appreciation satisfaction interest regret alarm gratitude"))
_EXPRESSED = frozenset(_words("""
    concern appreciation support gratitude hope regret condolences solidarity commitment determination
    sympathy thanks readiness intention deep grave serious strong full profound sincere continued firm
    utmost
"""))
_EXPRESSED_HEADS = frozenset({"express", "reiterate", "renew"})
_EXPRESSED_NOUNS = frozenset(_words("""
    concern appreciation support gratitude hope regret condolences solidarity commitment determination
    sympathy thanks readiness intention
"""))

_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'’\-]*")
_LEAD = re.compile(r"""^[\s"“”'‘’«»(\[]*(?:(?:\d+|[a-z]|[ivxlc]+)\s*[.)]\s*)?[\s"“”'‘’«»]*""", re.IGNORECASE)
_GAP = r"[ \t\u00a0]*"
#: The words a leading phrase is looked for in: at most ``_PHRASE_WORDS``, with only blanks between them.
_PHRASE_WORDS = 12
_WORD_RUN = re.compile(rf"{_GAP}((?:{_WORD.pattern})(?:{_GAP}(?:{_WORD.pattern})){{0,{_PHRASE_WORDS - 1}}})")


def operative_phrase(text: str) -> tuple[str, ClauseKind] | None:
    """The leading phrase of a clause as written, and whether the clause is preambular or operative.

    ``"Also strongly condemns the attacks ..."`` -> ``("Also strongly condemns", "operative")``;
    ``"Noting with concern that ..."`` -> ``("Noting with concern", "preambular")``. None when the
    text does not open with a known clause phrase.
    """
    lead = _LEAD.match(text)
    # every clause of the corpus is read: its first words are found by one match and cut by str.split
    # (blanks only stand between them); a word's position is looked for only to end the phrase there
    run = _WORD_RUN.match(text, lead.end() if lead else 0)
    if run is None or not run.group(1)[:1].isupper():
        return None
    words = run.group(1).lower().replace("’", "'").split()
    i = 0
    while i < len(words):
        if words[i] in _ADVERBS:
            i += 1
        elif (words[i], words[i + 1] if i + 1 < len(words) else "") == _ONCE_AGAIN:
            i += 2
        else:
            break
    if i >= len(words):
        return None
    head = words[i]
    kind: ClauseKind
    base: str | None
    if head in _OPERATIVE_FORMS:
        kind, base = "operative", _OPERATIVE_FORMS[head]
    elif head in _PREAMBULAR_FORMS:
        kind, base = "preambular", _PREAMBULAR_FORMS[head]
    elif head in _ADJECTIVES:
        kind, base = "preambular", None
    elif head == "having" and i + 1 < len(words):
        kind, base = "preambular", None
        i += 1  # "Having considered", "Having examined"
    else:
        return None
    end = _complement(words, i, base)
    start = run.start(1)
    if end == len(words) - 1:
        return text[start : run.end(1)], kind
    last = next(itertools.islice(_WORD.finditer(text, start), end, None))
    return text[start : last.end()], kind


def _complement(words: list[str], i: int, base: str | None) -> int:
    """The index of the last word of the phrase whose head is ``words[i]`` (words in lower case)."""

    def at(k: int) -> str:
        return words[k] if k < len(words) else ""

    end = i
    if at(end + 1) in _POST_ADVERBS and base is not None:
        end += 1
    if base == "call" and at(end + 1) in ("upon", "on"):
        return end + 1
    if base in ("bear", "keep") and at(end + 1) == "in" and at(end + 2) == "mind":
        return end + 2
    if base == "take":
        if at(end + 1) == "into" and at(end + 2) in ("account", "consideration"):
            return end + 2
        if at(end + 1) == "note":
            end += 1
            if at(end + 1) == "also":
                end += 1
            return _with_feeling(words, end)
        return end
    if base == "pay" and at(end + 1) == "tribute":
        return end + 1
    if base in ("decide", "resolve") and at(end + 1) == "to" and at(end + 2):
        return end + 2
    if base in _EXPRESSED_HEADS and (at(end + 1) in ("its", "their") or at(end + 1) in _EXPRESSED):
        k = end + 2 if at(end + 1) in ("its", "their") else end + 1
        while at(k) in _EXPRESSED and at(k) not in _EXPRESSED_NOUNS:
            k += 1
        if at(k) in _EXPRESSED_NOUNS:
            return k
    if base is None and words[i] == "guided" and at(end + 1) == "by":
        return end + 1
    if base == "remain" and at(end + 1) in _ADJECTIVES:  # "Remaining deeply concerned"
        return end + 1
    if base == "remain" and at(end + 1) in _ADVERBS and at(end + 2) in _ADJECTIVES:
        return end + 2
    return _with_feeling(words, end)


def _with_feeling(words: list[str], end: int) -> int:
    """"... with (deep) concern / appreciation / satisfaction" completes a phrase."""
    if end + 1 < len(words) and words[end + 1] == "with":
        k = end + 2
        while k < len(words) and words[k] in _FEELINGS and words[k] not in _FEELING_NOUNS:
            k += 1
        if k < len(words) and words[k] in _FEELING_NOUNS:
            return k
    return end


#: Words that only place a clause in a sequence ("Also requests", "Further decides"): not part of the
#: normalized phrase. Those after the verb ("Recalling also") stay: they are how the preamble is written.
_SEQUENCE_ADVERBS = frozenset({"also", "further", "furthermore", "moreover", "again", "additionally", "likewise",
                               "equally"})


def normalize_phrase(phrase: str) -> str:
    """The leading phrase as a concept of the scheme: lower case but for its first letter, without a
    leading sequence adverb, "Decides to extend" as "Decides", "Calls on" as "Calls upon".

    ``"Also strongly condemns"`` -> ``"Strongly condemns"``; ``"Recalling also"`` stays.
    """
    words = phrase.replace("’", "'").lower().split()
    while words and (words[0] in _SEQUENCE_ADVERBS or words[:2] == ["once", "again"]):
        words = words[2:] if words[:2] == ["once", "again"] else words[1:]
    if not words:
        return ""
    if len(words) > 1 and words[0] in ("decides", "resolves", "deciding", "resolving") and words[1] == "to":
        words = words[:1]
    words = ["upon" if w == "on" and i > 0 and words[i - 1] in ("calls", "calling") else w
             for i, w in enumerate(words)]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


# --- mandate actions

@dataclass(frozen=True)
class MandateActionMatch:
    """A mandate action stated by a clause or a title.

    ``title`` is the mandate as written ("Independent Expert on the situation of human rights in
    Mali"); ``duration`` an xsd:duration ("P1Y") when the text gives one; ``until`` the end the text
    gives instead ("the end of the fifty-eighth session"); ``phrase`` the words that state the action.
    A conversion or renaming of ``title`` gives the mandate that succeeds it (``successor``); an
    establishment that continues an earlier mandate names it (``predecessor``).
    """

    kind: MandateActionKind
    title: str
    duration: str | None = None
    until: str | None = None
    phrase: str = ""
    successor: str | None = None
    predecessor: str | None = None


_HOLDERS = (
    r"special\s+rapporteur|independent\s+(?:human\s+rights\s+)?expert|working\s+group|special\s+representative|"
    r"representative\s+of\s+the\s+secretary-general|commission\s+of\s+inquiry|"
    r"(?:independent\s+)?international\s+(?:independent\s+)?(?:fact-finding\s+mission|commission\s+of\s+inquiry|"
    r"expert\s+mechanism)|fact-finding\s+mission|expert\s+mechanism|group\s+of\s+experts|"
    r"team\s+of\s+(?:international\s+)?experts|international\s+independent\s+expert\s+mechanism|"
    r"(?:open-ended\s+)?intergovernmental\s+working\s+group|panel\s+of\s+experts|special\s+envoy|"
    r"independent\s+investigative\s+mechanism|commission\s+on\s+human\s+rights\s+in\s+south\s+sudan"
)
_ACTION_VERBS = {
    "extend": "extension", "renew": "extension", "prolong": "extension",
    "establish": "establishment", "appoint": "establishment", "create": "establishment",
    "terminate": "termination", "discontinue": "termination", "end": "termination",
}
_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "twenty-four": 24, "a": 1, "an": 1,
}
_NUMBER = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|twenty-four)"
_DURATION = re.compile(
    rf"\bfor\s+(?:a|an)?\s*(?:(?:further|additional|new|renewable)\s+)*(?:period|term)\s+of\s+(?P<n1>{_NUMBER})\s+"
    rf"(?P<u1>years?|months?)\b"
    rf"|\bfor\s+(?:a\s+)?(?:(?:further|additional)\s+)?(?P<n2>{_NUMBER}|a|an)\s+(?:(?:further|additional)\s+)?"
    rf"(?P<u2>years?|months?)\b",
    re.IGNORECASE,
)
_UNTIL = re.compile(r"\buntil\s+(?P<until>[^;:…]+?)\s*(?:[;:…]|\.{3}|\.\s|\.$|,\s+(?:and|to|in|with|as)\b|$)",
                    re.IGNORECASE)
#: What every clause that acts on a mandate says (each pattern below opens with "decides"): one quick scan
#: leaves out most clauses before the patterns, with their many alternatives, are tried on them.
_DECIDE = re.compile("decide", re.IGNORECASE)
_CLAUSE_ACTION = re.compile(
    r"\b(?P<phrase>decides?\s+(?:also\s+|further\s+)?(?P<neg>not\s+)?to\s+(?P<verb>extend|renew|prolong|establish|"
    r"appoint|create|terminate|discontinue|end))\b(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
#: The words by which an establishment names the mandate it continues ("to succeed the Special
#: Representative ...", "in place of the Independent Expert ...").
_SUCCEEDS = (
    r"(?:to\s+succeed|to\s+replace|to\s+take\s+over\s+from|in\s+(?:place|lieu)\s+of|in\s+succession\s+to|"
    r"as\s+(?:the\s+)?successor\s+(?:to|of)|succeeding|replacing|"
    r"(?:which|who)\s+(?:shall|will|is\s+to|would)\s+(?:succeed|replace|take\s+over\s+from))"
)
_TITLE_END = re.compile(
    r"\s*(?:,?\s+for\s+(?:a|an|one|two|three|six|twelve|\d+)\b|,?\s+until\b|[;:…]|\.{3}|\.(?:\s|$)|"
    r",\s+(?:as|in\s+accordance|with|who|which|and|to|including|whose|in\s+order|so\s+as)\b|"
    r"\s+and\s+(?:requests?|decides?|to|calls?|invites?|urges?)\b|\s+in\s+order\s+to\b|\s+so\s+as\s+to\b|"
    r"\s+with\s+(?:effect|the\s+following)\b|\s+to\s+(?:monitor|report|examine|investigate|assess|"
    r"make|engage|collect|gather|continue|follow|present|submit)\b|"
    rf",?\s+{_SUCCEEDS}\s|,?\s+as\s+(?:(?:a|an|the)\s+)?(?:(?:new\s+)?mandate\s+of\s+(?:(?:a|an|the)\s+)?)?"
    rf"(?:{_HOLDERS})\b|$)",
    re.IGNORECASE,
)
_HOLDER_AT_START = re.compile(rf"^(?:{_HOLDERS})\b", re.IGNORECASE)
_MANDATE_START = re.compile(
    rf"^\s*,?\s*(?:(?:for|until)\b.*?(?=\b(?:the|a|an)\s+(?:mandates?\b|(?:{_HOLDERS})\b)),?\s*)?"
    rf"(?:the\s+)?(?P<plural>mandates\s+of\s+)?(?:(?:mandate|mandate-holder)\s+of\s+)?"
    rf"(?:(?:the|a|an)\s+)?(?P<title>(?:{_HOLDERS})\b.*)$",
    re.IGNORECASE | re.DOTALL,
)


def mandate_action(text: str, *, known: Sequence[str] = ()) -> MandateActionMatch | None:
    """The mandate action an operative clause states, or None.

    ``"Decides to extend the mandate of the Independent Expert on the situation of human rights in
    Mali for a period of one year"`` -> extension of "Independent Expert on the situation of human
    rights in Mali", duration ``P1Y``. Establishment: "Decides to establish/appoint/create ...";
    termination: "Decides to terminate/discontinue/end ..." (and "Decides not to extend/renew ...").

    A clause that names the holder without its subject ("the mandate of the independent human rights
    expert appointed by the High Commissioner") acts on the one mandate of that holder that ``known``
    names: the titles the rest of the text gives (``mandate_titles``). Without one, None.

    Succession (``mandate_succession``): a clause that converts or renames a mandate gives a
    ``conversion`` or ``renaming`` of it with its ``successor``; an establishment that names the
    mandate it continues gives that mandate as its ``predecessor``.
    """
    if not _DECIDE.search(text):
        return None  # most operative clauses
    clause = re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()
    converted = mandate_succession(clause, known=known)
    if converted is not None:
        return converted
    match = _CLAUSE_ACTION.search(clause)
    if not match:
        return _mandate_end(clause, known)
    kind = _ACTION_VERBS[match.group("verb").lower()]
    if match.group("neg"):
        if kind != "extension":
            return None
        kind = "termination"
    rest = match.group("rest")
    start = _MANDATE_START.match(rest)
    if not start or start.group("plural"):
        return None
    title = _named_title(start.group("title"), known)
    if not title:
        return None
    duration, until = _duration(rest)
    found = MandateActionMatch(kind=kind, title=title, duration=duration, until=until,  # type: ignore[arg-type]
                               phrase=match.group("phrase"))
    after = _after_title(start.group("title"))
    if kind == "extension":
        return _extended_as(found, after) or found
    if kind == "establishment":
        return _continuing(found, after, known)
    return found


def _named_title(text: str, known: Sequence[str]) -> str:
    """The mandate title at the start of ``text`` (its holder first); a bare holder is the one mandate of
    that holder the text names elsewhere (``known``); "" when neither says which mandate."""
    title = _cut_title(text)
    if title and not _has_subject(title):
        title = _known_title(title, known) or ""
    return title


def _mandate_named(fragment: str, known: Sequence[str]) -> str:
    """The one mandate a fragment names ("the mandate of the Special Rapporteur on ...", "an Independent
    Expert on ..."); "" for several mandates ("the mandates of ...") or none."""
    start = _MANDATE_START.match(fragment)
    if not start or start.group("plural"):
        return ""
    return _named_title(start.group("title"), known)


def _after_title(text: str) -> str:
    """What follows the mandate title that opens ``text``."""
    end = _TITLE_END.search(text)
    return text[end.start():] if end else ""


# --- succession: one mandate converted into, renamed as, or continued by another

#: The word that leads from the old mandate to the new, when a holder follows it ("into a mandate of an
#: Independent Expert"); the lookahead is closed after the holders in ``_CONVERSION``.
_INTO = (r"\s+(?:into|by|with|as|to)\s+"
         r"(?=(?:(?:a|an|the)\s+)?(?:(?:new\s+)?mandate\s+(?:of|for)\s+(?:(?:a|an|the)\s+)?)?")
_CONVERSION = re.compile(
    rf"\b(?P<phrase>decides?\s+(?:also\s+|further\s+)?to\s+(?:convert|transform|replace|rename|"
    rf"change\s+the\s+(?:title|name|designation)\s+of))\s+(?P<old>.+?){_INTO}(?:{_HOLDERS})\b)(?P<new>.+)$",
    re.IGNORECASE | re.DOTALL,
)
_HENCEFORTH = re.compile(
    r"\b(?P<phrase>decides?\s+(?:also\s+|further\s+)?that)\s+(?:the\s+(?:title|name)\s+of\s+)?(?P<old>.+?)\s+"
    r"(?:shall|will|should|is\s+to)\s+(?:henceforth\s+|hereafter\s+|hereinafter\s+|from\s+now\s+on\s+)?be\s+"
    r"(?:henceforth\s+)?(?:called|known\s+as|entitled|titled|named|designated(?:\s+as)?|referred\s+to\s+as|"
    r"renamed(?:\s+as)?|changed\s+to)\s+(?P<new>.+)$",
    re.IGNORECASE | re.DOTALL,
)
#: "..., as a Special Rapporteur on minority issues" after the mandate extended, with at most its period between.
_AS_HOLDER = re.compile(
    rf"^(?:,?\s+(?:for|until)\s+(?:(?!\band\b)[^;:])*?)?,?\s+as\s+(?:(?:a|an|the)\s+)?(?:(?:new\s+)?mandate\s+of\s+"
    rf"(?:(?:a|an|the)\s+)?)?(?P<new>(?:{_HOLDERS})\b.*)$",
    re.IGNORECASE | re.DOTALL,
)
_PREDECESSOR = re.compile(rf"^(?:,?\s+(?:for|until)\s+(?:(?!\band\b)[^;:])*?)?,?\s+{_SUCCEEDS}\s+(?P<old>.+)$",
                          re.IGNORECASE | re.DOTALL)


def mandate_succession(text: str, *, known: Sequence[str] = ()) -> MandateActionMatch | None:
    """The conversion or renaming of a mandate that a clause states, or None.

    ``"Decides to convert the mandate of the Special Rapporteur on the situation of human rights in X
    into a mandate of an Independent Expert"`` -> conversion of the Special Rapporteur's mandate, whose
    ``successor`` is "Independent Expert on the situation of human rights in X" (a successor named by its
    holder alone keeps the subject of the mandate it succeeds). Also "Decides to replace ... by ...",
    "Decides to rename ... as ...", "Decides that the mandate of ... shall henceforth be called ...".
    A ``renaming`` keeps the holder (a Special Rapporteur stays one); a ``conversion`` changes it.
    """
    if not _DECIDE.search(text):
        return None
    clause = re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()
    match = _CONVERSION.search(clause) or _HENCEFORTH.search(clause)
    if match is None:
        return None
    old = _mandate_named(match.group("old"), known)
    if not old:
        return None
    new = _successor_title(old, match.group("new"))
    if new is None:
        return None
    duration, until = _duration(match.group("new"))
    return MandateActionMatch(kind=_succession_kind(old, new), title=old, duration=duration, until=until,
                              phrase=match.group("phrase"), successor=new)


def _successor_title(old: str, fragment: str) -> str | None:
    """The title of the mandate that succeeds ``old``, from the words that name it; a bare holder ("a
    mandate of an Independent Expert") takes the subject of ``old``. None when it is ``old`` itself."""
    # "a (new) mandate of an Independent Expert": the article and "new" say nothing of the title
    start = _MANDATE_START.match(re.sub(r"^\s*(?:(?:a|an|the)\s+)?(?:new\s+)?(?=mandate\b)", "", fragment, flags=re.I))
    if not start or start.group("plural"):
        return None
    title = _cut_title(start.group("title"))
    if not _has_subject(title):
        holder = _HOLDER_AT_START.match(title)
        old_holder = _HOLDER_AT_START.match(old)
        if holder is None or holder.end() != len(title) or old_holder is None:
            return None
        title = title + old[old_holder.end():]
    if canonical_holder(title).casefold() == canonical_holder(old).casefold():
        return None
    return title


def _succession_kind(old: str, new: str) -> MandateActionKind:
    return "renaming" if _holder_key(canonical_holder(old)) == _holder_key(canonical_holder(new)) else "conversion"


def _extended_as(found: MandateActionMatch, after: str) -> MandateActionMatch | None:
    """"Decides to extend the mandate of the Independent Expert on X as a Special Rapporteur on X": the
    extension converts the mandate (HRC resolutions 19/6 on cultural rights, 25/5 on minority issues)."""
    match = _AS_HOLDER.match(after)
    if match is None:
        return None
    new = _successor_title(found.title, match.group("new"))
    if new is None:
        return None
    return MandateActionMatch(kind=_succession_kind(found.title, new), title=found.title, duration=found.duration,
                              until=found.until, phrase=found.phrase, successor=new)


def _continuing(found: MandateActionMatch, after: str, known: Sequence[str]) -> MandateActionMatch:
    """An establishment that names the mandate it continues ("... to succeed the Special Representative
    of the Secretary-General for human rights in Cambodia") gives it as its ``predecessor``."""
    match = _PREDECESSOR.match(after)
    if match is None:
        return found
    old = _mandate_named(match.group("old"), known)
    if not old or canonical_holder(old).casefold() == canonical_holder(found.title).casefold():
        return found
    return MandateActionMatch(kind=found.kind, title=found.title, duration=found.duration, until=found.until,
                              phrase=found.phrase, predecessor=old)


_HOLDER_IN_TEXT = re.compile(rf"\b(?:{_HOLDERS})\b", re.IGNORECASE)
_TITLE_RUNS_ON = re.compile(r",\s+(?=[0-9])|\s+[0-9]+/[0-9]+\b|,\s+(?:by|of|on|in)\s+which\b")
_SMALL_WORDS = frozenset({"of", "on", "the", "in", "for", "to", "and"})


def mandate_titles(text: str) -> list[str]:
    """The mandate titles a passage names with their subject ("the independent expert on the
    situation of human rights in Haiti"), holder words capitalized, in order of appearance."""
    clause = re.sub(r"\s+", " ", text.replace("\u00a0", " "))
    found: list[str] = []
    for match in _HOLDER_IN_TEXT.finditer(clause):
        tail = clause[match.start():]
        cut = _TITLE_RUNS_ON.search(tail)
        title = _cut_title(tail[: cut.start()] if cut else tail)
        holder = _HOLDER_AT_START.match(title)
        # "Requests the independent expert to devote ...": a holder given a task, not a title
        if holder and re.match(r"\s+(?:on|in|for|of|concerning|regarding)\s+\S", title[holder.end():], re.I):
            found.append(canonical_holder(title))
    return found


def canonical_holder(title: str) -> str:
    """A mandate title with its holder written as the Council writes it in titles:
    ``"independent expert on ..."`` -> ``"Independent Expert on ..."``."""
    holder = _HOLDER_AT_START.match(title)
    if holder is None:
        return title
    words = holder.group(0).split()
    written = " ".join(w if w.lower() in _SMALL_WORDS else w[:1].upper() + w[1:].lower() for w in words)
    return written + title[holder.end():]


def _holder_key(title: str) -> str:
    holder = _HOLDER_AT_START.match(title)
    words = (holder.group(0) if holder else title).lower().split()
    return " ".join(w for w in words if w not in ("human", "rights")) if words[:1] == ["independent"] \
        else " ".join(words)


def _known_title(bare: str, known: Sequence[str]) -> str | None:
    """The one known title of the bare holder's kind; the most often named when several are."""
    key = _holder_key(bare)
    counts = Counter(t for t in known if _holder_key(t) == key)
    by_slug: dict[str, str] = {}
    tally: Counter[str] = Counter()
    for title, n in counts.items():
        slug = title.casefold()
        by_slug.setdefault(slug, title)
        tally[slug] += n
    ranked = tally.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return by_slug[ranked[0][0]]


_CLAUSE_END = re.compile(
    r"\b(?P<phrase>decides?)\s+(?:also\s+|further\s+)?that\s+the\s+mandate\s+of\s+(?P<holder>.+?)\s+"
    r"(?:shall|will|is\s+to)\s+(?:end|expire|terminate|cease)\b(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)


def _mandate_end(clause: str, known: Sequence[str]) -> MandateActionMatch | None:
    """"Decides that the mandate of the Special Rapporteur on ... shall end at ...": the mandate's end."""
    match = _CLAUSE_END.search(clause)
    if not match:
        return None
    start = _MANDATE_START.match(match.group("holder"))
    if not start:
        return None
    title = _named_title(start.group("title"), known)
    if not title:
        return None
    rest = match.group("rest")
    until = _UNTIL.search(rest) or re.search(r"\b(?:at|on|with)\s+(?P<until>the\s+end\s+of\s+[^;:.]+)", rest, re.I)
    return MandateActionMatch(kind="termination", title=title,
                              until=until.group("until").strip(" ,") if until else None,
                              phrase=match.group(0)[: match.start("holder") - match.start()].strip())


def _cut_title(text: str) -> str:
    end = _TITLE_END.search(text)
    title = text[: end.start()] if end else text
    title = re.sub(r"\s+", " ", title).strip(" ,;.\"”'’…")
    return title[:1].upper() + title[1:]


def _has_subject(title: str) -> bool:
    """A mandate title names what it is about after its holder ("Special Rapporteur on X", "... in
    the field of X"); a bare holder ("the Independent Expert") does not say which mandate."""
    holder = _HOLDER_AT_START.match(title)
    rest = title[holder.end():] if holder else title
    return bool(re.match(r"\s+(?:on|in|for|of|to|concerning|regarding)\s+\S", rest, re.IGNORECASE))


def _duration(text: str) -> tuple[str | None, str | None]:
    match = _DURATION.search(text)
    if match:
        number = (match.group("n1") or match.group("n2")).lower()
        unit = (match.group("u1") or match.group("u2")).lower()
        count = int(number) if number.isdigit() else _NUMBERS[number]
        return (f"P{count}Y" if unit.startswith("year") else f"P{count}M"), None
    until = _UNTIL.search(text)
    if until:
        return None, until.group("until").strip(" ,")
    return None, None


_TITLE_SUFFIX = re.compile(r"\s*:\s*(?:resolution|decision|amendment|presidential statement)\s*/?\s*$",
                           re.IGNORECASE)
_TITLE_ACTIONS = {
    "extension": "extension", "renewal": "extension", "prolongation": "extension",
    "establishment": "establishment", "creation": "establishment", "appointment": "establishment",
    "termination": "termination", "discontinuation": "termination",
}
_TITLE_MANDATE = re.compile(
    rf"^(?:(?P<topic>[^:]+?)\s*:\s*)?(?:(?P<action>extension|renewal|prolongation|establishment|creation|"
    rf"appointment|termination|discontinuation)\s+of\s+)?(?:the\s+)?mandate\s+of\s+(?:the\s+|an?\s+)?"
    rf"(?P<title>(?:{_HOLDERS})\b.*)$",
    re.IGNORECASE,
)
_TITLE_HOLDER = re.compile(r"^(?P<title>(?:special\s+rapporteur|independent\s+expert)\s+(?:on|in|for)\s+.+)$",
                           re.IGNORECASE)


def mandate_from_title(title: str) -> MandateActionMatch | None:
    """The mandate action a catalogue title names, or None.

    ``"Mandate of the Special Rapporteur on the right to food"`` -> an unspecified action (the title
    does not say whether the text establishes or extends the mandate); ``"Extension of the mandate
    of ..."`` -> extension; ``"Discontinuation of the mandate of ..."`` -> termination. A title that
    only names its holder after a topic (``"Torture and other cruel, inhuman or degrading treatment or
    punishment : mandate of the Special Rapporteur"``) names the mandate on that topic. Titles about a
    report, a postponement or several mandates give None. A title marked ``: amendment /`` still
    gives the mandate; an amendment takes no action of its own, which is for the caller to know.
    """
    text = _TITLE_SUFFIX.sub("", re.sub(r"\s+", " ", title.replace("\u00a0", " ")).strip())
    match = _TITLE_MANDATE.match(text)
    if match:
        kind: MandateActionKind = _TITLE_ACTIONS.get((match.group("action") or "").lower(), "unspecified")  # type: ignore[assignment]
        holder = _cut_title(match.group("title"))
        if not _has_subject(holder):
            topic = (match.group("topic") or "").strip()
            if not topic or not re.fullmatch(r"special\s+rapporteur|independent\s+expert", holder, re.I):
                return None
            holder = f"{holder} on {topic[:1].lower()}{topic[1:]}"
        return MandateActionMatch(kind=kind, title=holder, phrase=text[: match.start("title")].strip())
    holder_only = _TITLE_HOLDER.match(text)
    if holder_only and ":" not in text:
        return MandateActionMatch(kind="unspecified", title=_cut_title(holder_only.group("title")))
    return None


_TERRITORIES = {"palestinian territor": "PSE"}


def mandate_state(title: str, countries: Countries) -> Country | None:
    """The state a mandate's title names ("... in Mali"; "the Palestinian territories" is Palestine)."""
    state = countries.find_state_in_text(title)
    if state is not None:
        return state
    lowered = title.lower()
    return next((countries.by_iso3(code) for key, code in _TERRITORIES.items() if key in lowered), None)


def mandate_kind(title: str, countries: Countries) -> MandateKind:
    """``country`` when the mandate's title names a state, else ``thematic``."""
    return "country" if mandate_state(title, countries) is not None else "thematic"
