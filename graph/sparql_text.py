"""The one lexer of SPARQL text: what a query says outside its strings, IRIs and comments.

Oxigraph's parser is the judge of what is valid SPARQL; this module reads just enough of a query's
text for what the parser does not say: the first keyword of an operation (to tell an update sent
to the query operation from a malformed query), whether it uses ``SERVICE`` (federated queries are
off unless the settings allow them), which keywords and variables a SHACL ``sh:select`` query uses,
where a variable stands (to substitute it), where the code is (to insert a block after ``WHERE {``),
and a syntax error as a sentence with the place marked.

One token pattern serves all of these. Tokens are strings (short and long, either quote), IRIs,
comments, variables (``?x``, ``$x``), prefixed names (``ex:p``, ``ex:``), numbers and words; the
characters between tokens (punctuation, spaces) are not tokens. A quote that no string closes is an
``open-string`` token, so a caller can refuse the text or leave it to the parser.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

_TOKEN = re.compile(
    r"""
      (?P<string>
          \"\"\"(?:[^\"\\]|\\.|\"(?!\"\"))*\"\"\"
        | '''(?:[^'\\]|\\.|'(?!''))*'''
        | "(?:[^"\\\n\r]|\\.)*"
        | '(?:[^'\\\n\r]|\\.)*'
      )
    | (?P<open_string> \"\"\" | ''' | ["'] )
    | (?P<iri> <[^<>"{}|^`\\\s]*> )
    | (?P<comment> \#[^\n\r]* )
    | (?P<variable> [?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+ )
    | (?P<pname> [\w.-]*:[\w.:%\\-]* )
    | (?P<number> \d[\w.]* )
    | (?P<word> [A-Za-z_]\w* )
    """,
    re.VERBOSE | re.DOTALL,
)

#: Tokens that hold no code: blanked out by ``code_only``.
_NOT_CODE = frozenset({"string", "open_string", "iri", "comment"})

_UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})
_PROLOGUE_KEYWORDS = frozenset({"PREFIX", "BASE"})
_CHAR_CLASSES = re.compile(r"\[[^\[\]]*\.\.=[^\[\]]*\]")
_ERROR_POSITION = re.compile(r"^error at (\d+):(\d+):\s*(.*)$", re.DOTALL)


class Token(NamedTuple):
    kind: str
    """``string``, ``open_string``, ``iri``, ``comment``, ``variable``, ``pname``, ``number`` or ``word``."""
    start: int
    end: int
    text: str


def tokens(text: str) -> Iterator[Token]:
    """The tokens of a SPARQL text, in order."""
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        assert kind is not None
        yield Token(kind, m.start(), m.end(), m.group())


def code_only(text: str) -> str:
    """The text with strings, IRIs and comments blanked out (same length, line breaks kept), so that
    a brace or a keyword inside them is not found."""
    out: list[str] = []
    last = 0
    for t in tokens(text):
        if t.kind in _NOT_CODE:
            out.append(text[last:t.start])
            out.append(re.sub(r"[^\n]", " ", t.text))
            last = t.end
    out.append(text[last:])
    return "".join(out)


def has_open_string(text: str) -> bool:
    """Whether a quote in the text opens a string that is never closed."""
    return any(t.kind == "open_string" for t in tokens(text))


def keywords(text: str) -> set[str]:
    """The upper-cased words of the query's code: not in strings, IRIs or comments, and not
    variable names or prefixed names."""
    return {t.text.upper() for t in tokens(text) if t.kind == "word"}


def variables(text: str) -> set[str]:
    """The names of the variables used in the query's code."""
    return {t.text[1:] for t in tokens(text) if t.kind == "variable"}


def substitute(text: str, name: str, replacement: str) -> str:
    """Replace the variable ``$name`` (or ``?name``) in the query's code, not in strings or comments."""
    pieces: list[str] = []
    last = 0
    for t in tokens(text):
        if t.kind == "variable" and t.text[1:] == name:
            pieces.append(text[last:t.start])
            pieces.append(replacement)
            last = t.end
    pieces.append(text[last:])
    return "".join(pieces)


def first_keyword(text: str) -> str | None:
    """The first keyword after the prologue (``SELECT``, ``INSERT``, ...), or None."""
    for t in tokens(text):
        if t.kind == "word" and t.text.upper() not in _PROLOGUE_KEYWORDS:
            return t.text.upper()
    return None


def is_update(text: str) -> bool:
    """Whether the text reads as a SPARQL Update operation rather than a query."""
    return first_keyword(text) in _UPDATE_KEYWORDS


def uses_service(text: str) -> bool:
    """Whether the query contains a ``SERVICE`` clause (a federated query)."""
    if "service" not in text.lower():  # the common case costs one scan
        return False
    return "SERVICE" in keywords(text)


def describe_syntax_error(text: str, message: str) -> str:
    """Oxigraph's ``error at L:C: ...`` as a sentence, with the line quoted and the place marked."""
    m = _ERROR_POSITION.match(message.strip())
    if not m:
        return f"SPARQL syntax error: {message}"
    line_no, column, reason = int(m.group(1)), int(m.group(2)), _CHAR_CLASSES.sub("a name", m.group(3).strip())
    out = f"SPARQL syntax error at line {line_no}, column {column}: {reason}"
    lines = text.splitlines() or [""]
    if 1 <= line_no <= len(lines):
        line = lines[line_no - 1]
        caret = " " * max(min(column - 1, len(line)), 0) + "^"
        out += f"\n\n    {line}\n    {caret}"
    return out
